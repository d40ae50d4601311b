/* vt-test-pointer.c — real X input for touch tests (XTest, loaded at run time).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-pointer.h"

#include "vt-test-ui.h"

#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>

typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
typedef int (*FakeKeyFunc) (Display *, unsigned int, Bool, unsigned long);

static FakeMotionFunc fake_motion;
static FakeButtonFunc fake_button;
static FakeKeyFunc fake_key;

static Display *
xtest_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  if (fake_motion == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      g_assert_nonnull (xtst);
      fake_motion = (FakeMotionFunc)dlsym (xtst, "XTestFakeMotionEvent");
      fake_button = (FakeButtonFunc)dlsym (xtst, "XTestFakeButtonEvent");
      fake_key = (FakeKeyFunc)dlsym (xtst, "XTestFakeKeyEvent");
    }
  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* The X server's time now: a zero-length property change on the window comes back with it. */
static guint32
server_time (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return gdk_x11_get_server_time (surface);
}

guint32
vt_test_pointer_press_at (GtkWidget *window,
                          double     x,
                          double     y,
                          guint      button,
                          guint      hold_ms)
{
  Display *xdisplay = xtest_display (window);
  GtkNative *native = GTK_NATIVE (window);
  Window child;
  int root_x = 0, root_y = 0;
  double dx = 0, dy = 0;
  guint32 time;

  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay), 0, 0, &root_x, &root_y, &child);
  gtk_native_get_surface_transform (native, &dx, &dy);
  fake_motion (xdisplay, -1, root_x + (int)(dx + x), root_y + (int)(dy + y), 0);
  XFlush (xdisplay);
  vt_test_ui_wait (20);
  time = server_time (window);
  fake_button (xdisplay, button, True, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (hold_ms);
  fake_button (xdisplay, button, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (40);
  return time;
}

guint32
vt_test_pointer_press (GtkWidget *widget,
                       guint      button,
                       guint      hold_ms)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &point));
  return vt_test_pointer_press_at (GTK_WIDGET (native), point.x, point.y, button, hold_ms);
}

guint32
vt_test_pointer_touch (GtkWidget *widget)
{
  return vt_test_pointer_press (widget, 1, 40);
}

void
vt_test_pointer_key (GtkWidget *widget,
                     guint      keysym,
                     gboolean   control)
{
  Display *xdisplay = xtest_display (widget);
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);
  KeyCode ctrl = XKeysymToKeycode (xdisplay, XK_Control_L);

  g_assert_cmpuint (code, !=, 0);
  if (control)
    fake_key (xdisplay, ctrl, True, 0);
  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  if (control)
    fake_key (xdisplay, ctrl, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (100);
}

/* test-kiosk-inspector.c — in kiosk mode GTK's inspector cannot be opened from the keyboard,
 * even where the desktop's settings enable its key binding (Ctrl+Shift+I, Ctrl+Shift+D): the
 * inspector edits any widget and property, a way out of the kiosk and into people's data.
 *
 * Real key presses reach the window through the X server (XTest). The positive control shows
 * they would open the inspector: the same presses with kiosk mode off do.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "kiosk/vt-kiosk-mode.h"
#include "vt-test-ui.h"

#include <gdk/x11/gdkx.h>
#include <gmodule.h>
#include <X11/keysym.h>

/* A real key press with Control and Shift held. */
static void
press_control_shift (guint keysym)
{
  typedef int (*FakeKey) (Display *, unsigned int, int, unsigned long);
  static FakeKey fake_key = NULL;
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  unsigned int code = XKeysymToKeycode (xdisplay, keysym);
  unsigned int control = XKeysymToKeycode (xdisplay, XK_Control_L);
  unsigned int shift = XKeysymToKeycode (xdisplay, XK_Shift_L);

  if (fake_key == NULL)
    {
      GModule *xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);

      g_assert_nonnull (xtst);
      g_assert_true (g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *)&fake_key));
    }
  fake_key (xdisplay, control, True, 0);
  fake_key (xdisplay, shift, True, 0);
  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  fake_key (xdisplay, shift, False, 0);
  fake_key (xdisplay, control, False, 0);
  XFlush (xdisplay);
}

static guint
count_toplevels (void)
{
  GList *windows = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = windows; l != NULL; l = l->next)
    n += gtk_widget_get_visible (l->data);
  g_list_free (windows);
  return n;
}

typedef struct
{
  guint before;
} Count;

static gboolean
another_window (gpointer data)
{
  return count_toplevels () > ((Count *)data)->before;
}

/* Presses `keysym` with Control and Shift in `window`; TRUE when a new window (the inspector)
 * appeared within two seconds. */
static gboolean
press_opens_a_window (GtkWindow *window,
                      guint      keysym)
{
  Count count = { count_toplevels () };
  gboolean opened;

  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* No window manager under Xvfb: the keyboard goes where the test says. */
  gtk_window_present (window);
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay);
  vt_test_ui_wait (100);
  press_control_shift (keysym);
  opened = vt_test_ui_wait_for (another_window, &count, 2000);
  gtk_window_set_interactive_debugging (FALSE);
  vt_test_ui_wait (200);
  return opened;
}

static void
test_inspector_key_blocked (void)
{
  g_autoptr(GSettings) debug = g_settings_new ("org.gtk.gtk4.Settings.Debug");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_button_new_with_label ("Empezar");

  /* A desktop where the binding is on and opens the inspector without asking. */
  g_settings_set_boolean (debug, "enable-inspector-keybinding", TRUE);
  g_settings_set_boolean (debug, "inspector-warning", FALSE);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (300);

  /* The control: outside kiosk mode the presses open the inspector. */
  g_assert_true (press_opens_a_window (GTK_WINDOW (window), XK_I));

  vt_kiosk_mode_set (GTK_WINDOW (window), TRUE);
  g_assert_false (press_opens_a_window (GTK_WINDOW (window), XK_I));
  g_assert_false (press_opens_a_window (GTK_WINDOW (window), XK_D));
  g_assert_false (press_opens_a_window (GTK_WINDOW (window), XK_i));

  /* Leaving kiosk mode gives the binding back. */
  vt_kiosk_mode_set (GTK_WINDOW (window), FALSE);
  g_assert_true (press_opens_a_window (GTK_WINDOW (window), XK_D));

  g_settings_reset (debug, "enable-inspector-keybinding");
  g_settings_reset (debug, "inspector-warning");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/hardening/kiosk/inspector-key-blocked", test_inspector_key_blocked);
  return g_test_run ();
}

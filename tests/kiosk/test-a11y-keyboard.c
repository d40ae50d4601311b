/* test-a11y-keyboard.c — every control on every page can be reached with Tab and used with
 * Space or Enter.
 *
 * Real key presses reach the window through the X server (XTest), as from a keyboard plugged
 * into the kiosk. On each page of a procedure with every kind of page, and on the idle warning,
 * Tab is pressed until every mapped, sensitive control has had the focus.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "kiosk/vt-a11y.h"
#include "kiosk/vt-idle-monitor.h"
#include "kiosk/vt-speaker.h"
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "test-privacy-walker.h"
#include "vt-i18n.h"
#include "vt-test-ui.h"
#include "vt-window.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <X11/keysym.h>

typedef struct
{
  char          *data_dir;
  GPtrArray     *procedures;
  VtQueue       *queue;
  VtCamera      *camera;
  VtWindow      *window;
  VtSpeaker     *speaker;
  VtA11y        *a11y;
  VtIdleMonitor *idle;
  guint          pages;
  guint          reached;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Key releases the window has seen: a press is over when the window has had its release, not
 * after a fixed pause that a loaded machine may outlast. */
static guint key_releases;

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 gpointer               data)
{
  key_releases++;
}

static gboolean
key_release_seen (gpointer data)
{
  return key_releases >= GPOINTER_TO_UINT (data);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = NULL;
  GtkEventController *key_controller;

  vt_i18n_set_language ("es");
  f->data_dir = g_dir_make_tmp ("vt-keyboard-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->speaker = vt_speaker_new ();
  f->a11y = vt_a11y_new (f->window, f->speaker);
  f->idle = vt_idle_monitor_new (f->window, NULL, f->speaker);
  vt_window_reset (f->window);
  key_controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key_controller, GTK_PHASE_CAPTURE);
  g_signal_connect (key_controller, "key-released", G_CALLBACK (key_released_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (f->window), key_controller);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_ui_wait (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  g_assert_finalize_object (f->idle);
  g_assert_finalize_object (f->a11y);
  g_assert_finalize_object (f->speaker);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
}

/* A real key press and release, with Control held when asked. */
static void
press (guint    keysym,
       gboolean control)
{
  typedef int (*FakeKey) (Display *, unsigned int, int, unsigned long);
  static FakeKey fake_key = NULL;
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  unsigned int code = XKeysymToKeycode (xdisplay, keysym);
  unsigned int control_code = XKeysymToKeycode (xdisplay, XK_Control_L);
  guint releases_before = key_releases;

  if (fake_key == NULL)
    {
      GModule *xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);

      g_assert_nonnull (xtst);
      g_assert_true (g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *)&fake_key));
    }
  if (control)
    fake_key (xdisplay, control_code, True, 0);
  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  if (control)
    fake_key (xdisplay, control_code, False, 0);
  XFlush (xdisplay);
  g_assert_true (vt_test_ui_wait_for (key_release_seen,
                                      GUINT_TO_POINTER (releases_before + (control ? 2 : 1)),
                                      10000));
  /* What the key does (a focus move, a toggle) happens in the same dispatch as its release. */
  vt_test_ui_wait (10);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget)
         || GTK_IS_ENTRY (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_EXPANDER (widget)
         || GTK_IS_SCALE (widget);
}

static void
collect (GtkWidget *root,
         GPtrArray *controls)
{
  if (!gtk_widget_get_mapped (root) || !gtk_widget_is_sensitive (root))
    return;
  if (is_control (root))
    {
      g_ptr_array_add (controls, root);
      if (!GTK_IS_EXPANDER (root))
        return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, controls);
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

static gboolean
transitions_done (gpointer data)
{
  return !transition_running (data);
}

static void
check_page (Fixture    *f,
            const char *page)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  GtkWidget *root;
  guint presses;

  /* The stack's crossfade keeps the previous page mapped until it ends (later under the
   * sanitizers than the 400 ms it takes otherwise). */
  vt_test_ui_wait (400);
  g_assert_true (vt_test_ui_wait_for (transitions_done, f->window, 5000));
  /* The warning covers the page: only its button may take the focus then. */
  root = vt_idle_monitor_is_warning (f->idle) ? GTK_WIDGET (vt_idle_monitor_get_warning (f->idle))
                                              : GTK_WIDGET (f->window);
  collect (root, controls);
  g_assert_cmpuint (controls->len, >, 0);
  for (presses = 0; presses < controls->len * 3 + 10; presses++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

      /* A multi-line text takes Tab as a character; Control+Tab leaves it, as in any GTK
       * application. */
      press (GDK_KEY_Tab, focus != NULL && GTK_IS_TEXT_VIEW (focus));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      if (focus != NULL && focus != root && !gtk_widget_is_ancestor (focus, root))
        g_error ("%s: Tab left the warning for %s \"%s\"", page, G_OBJECT_TYPE_NAME (focus),
                 gtk_widget_get_name (focus));
      for (guint i = 0; focus != NULL && i < controls->len; i++)
        {
          GtkWidget *control = g_ptr_array_index (controls, i);
          if (focus == control || gtk_widget_is_ancestor (focus, control))
            g_hash_table_add (reached, control);
        }
      if (g_hash_table_size (reached) == controls->len)
        break;
    }
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      if (!g_hash_table_contains (reached, control))
        g_error ("%s: %s \"%s\" cannot be reached with Tab", page, G_OBJECT_TYPE_NAME (control),
                 gtk_widget_get_name (control));
    }
  g_test_message ("%s: %u controls reached in %u presses of Tab", page, controls->len,
                  presses + 1);
  f->pages++;
  f->reached += controls->len;
}

static gboolean
visit_cb (VtWindow   *window,
          const char *page,
          gpointer    data)
{
  check_page (data, page);
  return TRUE;
}

static gboolean
focus_is (Fixture    *f,
          const char *name)
{
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

      if (focus != NULL && g_strcmp0 (gtk_widget_get_name (focus), name) == 0)
        return TRUE;
      press (GDK_KEY_Tab, FALSE);
    }
  return FALSE;
}

static void
test_every_page (Fixture       *f,
                 gconstpointer  data)
{
  static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };
  g_autoptr(VtTestPerson) person = vt_test_person_new (7101);

  /* Space switches a display choice on the start page. */
  g_assert_true (focus_is (f, "high-contrast"));
  press (GDK_KEY_space, FALSE);
  g_assert_true (vt_a11y_get_high_contrast (f->a11y));
  press (GDK_KEY_space, FALSE);
  g_assert_false (vt_a11y_get_high_contrast (f->a11y));

  g_assert_true (vt_walk_procedure (f->window, &plan, person, visit_cb, f));

  /* Enter on "Continuar", which has the focus as soon as the warning shows. */
  vt_idle_monitor_warn_now (f->idle);
  vt_test_ui_wait (200);
  check_page (f, "idle-warning");
  g_assert_true (focus_is (f, "idle-continue"));
  press (GDK_KEY_Return, FALSE);
  vt_test_ui_wait (100);
  g_assert_false (vt_idle_monitor_is_warning (f->idle));

  g_test_message ("%u pages, %u controls", f->pages, f->reached);
  g_assert_cmpuint (f->pages, >=, 10);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/kiosk/a11y/keyboard/every-page", Fixture, NULL, fixture_setup, test_every_page,
              fixture_teardown);
  return g_test_run ();
}

/* test-idle.c — a person walks away: warning, "Continuar", wipe; never on the start page.
 *
 * The real window, queue, synthetic camera and speaker under Xvfb. Input reaches the window as
 * real X events (XTest), so the capture-phase controller is what is tested. The times are
 * short: the settings come from a copy of the real schema whose lower bounds allow seconds
 * (the kiosk's own schema refuses less than 30), through the memory backend.
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
#include "vt-test-identity.h"
#include "vt-test-ui.h"
#include "vt-window.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gmodule.h>

typedef struct
{
  char          *data_dir;
  char          *schema_dir;
  GSettings     *settings;
  GPtrArray     *procedures;
  VtQueue       *queue;
  VtCamera      *camera;
  VtWindow      *window;
  VtSpeaker     *speaker;
  VtA11y        *a11y;
  VtIdleMonitor *idle;
  VtTestPerson  *person;
  guint          warnings;
  guint          wipes;
  GPtrArray     *sounds;  /* "beep:<ms>" or "speech:<ms>:<text>" */
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

static void
list_files (const char *path,
            GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        list_files (child, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&child));
    }
}

/* The kiosk's schema with seconds allowed, compiled into a folder of the test's own. */
static GSettings *
short_settings (Fixture *f)
{
  g_autofree char *source = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "data",
                                              "org.ventanilla.Kiosk.gschema.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchemaSource) schemas = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GString *relaxed;
  const char *argv[] = { "glib-compile-schemas", "--strict", NULL, NULL };
  int status;

  g_assert_true (g_file_get_contents (source, &xml, NULL, &error));
  relaxed = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (relaxed, "<range min=\"30\"", "<range min=\"1\"", 0), >=, 2);
  g_assert_cmpuint (g_string_replace (relaxed, "<range min=\"10\"", "<range min=\"1\"", 0), >=, 1);
  f->schema_dir = g_dir_make_tmp ("vt-idle-schema-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (f->schema_dir, "org.ventanilla.Kiosk.gschema.xml", NULL);
  g_assert_true (g_file_set_contents (copy, relaxed->str, -1, &error));
  g_string_free (relaxed, TRUE);
  argv[2] = f->schema_dir;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  schemas = g_settings_schema_source_new_from_directory (f->schema_dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (schemas, "org.ventanilla.Kiosk", FALSE);
  g_assert_nonnull (schema);
  /* GSETTINGS_BACKEND=memory: nothing reaches the machine's settings. */
  return g_settings_new_full (schema, NULL, NULL);
}

static void
warning_shown_cb (Fixture *f)
{
  f->warnings++;
}

static void
wiped_cb (Fixture *f)
{
  f->wipes++;
}

static void
sound_cb (VtSpeaker  *speaker,
          const char *text,
          guint64     played_ms,
          Fixture    *f)
{
  g_ptr_array_add (f->sounds, text ? g_strdup_printf ("speech:%" G_GUINT64_FORMAT ":%s",
                                                      played_ms, text)
                                   : g_strdup_printf ("beep:%" G_GUINT64_FORMAT, played_ms));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = NULL;

  vt_i18n_set_language ("es");
  f->data_dir = g_dir_make_tmp ("vt-idle-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = short_settings (f);
  g_settings_set_uint (f->settings, "idle-timeout", 2);
  g_settings_set_uint (f->settings, "idle-timeout-confirmation", 1);
  g_settings_set_uint (f->settings, "idle-warning", 3);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  vt_window_set_default_language (f->window, "es");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->speaker = vt_speaker_new ();
  f->sounds = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->speaker, "finished", G_CALLBACK (sound_cb), f);
  f->a11y = vt_a11y_new (f->window, f->speaker);
  f->idle = vt_idle_monitor_new (f->window, f->settings, f->speaker);
  g_signal_connect_swapped (f->idle, "warning-shown", G_CALLBACK (warning_shown_cb), f);
  g_signal_connect_swapped (f->idle, "wiped", G_CALLBACK (wiped_cb), f);
  vt_window_reset (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  f->person = vt_test_person_new (3101);
  vt_test_ui_wait (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  g_signal_handlers_disconnect_by_data (f->speaker, f);
  g_assert_finalize_object (f->idle);
  g_assert_finalize_object (f->a11y);
  g_assert_finalize_object (f->speaker);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_clear_pointer (&f->person, vt_test_person_free);
  g_clear_pointer (&f->sounds, g_ptr_array_unref);
  remove_tree (f->data_dir);
  remove_tree (f->schema_dir);
  g_free (f->data_dir);
  g_free (f->schema_dir);
}

/* Real pointer motion over the window, through the X server, as a mouse or finger would. */
static void
move_pointer (int x,
              int y)
{
  typedef int (*FakeMotion) (Display *, int, int, int, unsigned long);
  static FakeMotion fake_motion = NULL;
  GdkDisplay *display = gdk_display_get_default ();
  Display *xdisplay;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (fake_motion == NULL)
    {
      /* libXtst without its development headers: only its one function is needed. */
      GModule *xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);

      g_assert_nonnull (xtst);
      g_assert_true (g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *)&fake_motion));
    }
  fake_motion (xdisplay, -1, x, y, 0);
  XFlush (xdisplay);
}

static gboolean
warning_visible (gpointer data)
{
  Fixture *f = data;
  return vt_idle_monitor_is_warning (f->idle);
}

static gboolean
at_start (gpointer data)
{
  Fixture *f = data;
  return g_strcmp0 (vt_window_get_visible_name (f->window), "start") == 0;
}

static gboolean
has_beeped (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->sounds->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->sounds, i), "beep:"))
      return TRUE;
  return FALSE;
}

static gboolean
counted_down (gpointer data)
{
  Fixture *f = data;
  return vt_idle_warning_get_seconds_left (vt_idle_monitor_get_warning (f->idle)) < 3;
}

static gboolean
speech_heard (gpointer data)
{
  Fixture *f = data;
  return vt_speaker_is_playing (f->speaker) && vt_speaker_get_played_ms (f->speaker) > 300;
}

/* Keeps the pointer moving for `ms`: a person who is there. */
/* VT_TEST_SLOWDOWN (3 under the sanitizers): the capture page's camera and face detection can
 * then hold the main loop for more than two seconds, long enough for a 2 s idle timeout to
 * expire while the pointer is moving. The timeouts the person is given scale with it. */
static guint
slowdown (void)
{
  return vt_test_ui_slowdown ();
}

static void
keep_moving (guint ms)
{
  for (guint t = 0; t < ms; t += 250)
    {
      move_pointer (400 + (t / 250) % 40, 300);
      vt_test_ui_wait (250);
    }
}

static gboolean
stop_at_first_capture (VtWindow   *window,
                       const char *page,
                       gpointer    data)
{
  VtAssistant *assistant = vt_window_get_assistant (window);
  VtPage *current = assistant ? vt_assistant_get_current_page (assistant) : NULL;
  const VtPageDef *definition = current ? g_object_get_data (G_OBJECT (current), "vt-page-def")
                                        : NULL;

  return definition == NULL || definition->kind != VT_PAGE_CAPTURE;
}

static void
test_start_never_warns (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *contrast = vt_test_ui_find (GTK_WIDGET (f->window), "high-contrast");

  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
  vt_test_ui_wait (3500);
  g_assert_false (vt_idle_monitor_is_warning (f->idle));
  g_assert_cmpuint (f->warnings, ==, 0);

  /* A choice left behind on the start page is quietly undone, without a warning. */
  vt_test_ui_click (contrast);
  g_assert_true (vt_a11y_get_high_contrast (f->a11y));
  move_pointer (300, 300);
  vt_test_ui_wait (3500);
  g_assert_false (vt_a11y_get_high_contrast (f->a11y));
  g_assert_cmpuint (f->warnings, ==, 0);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
}

static void
test_warn_continue_wipe (Fixture       *f,
                         gconstpointer  data)
{
  static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };
  g_autofree char *sessions = g_build_filename (f->data_dir, "sessions", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  VtIdleWarning *warning = vt_idle_monitor_get_warning (f->idle);
  GtkWidget *button = vt_idle_warning_get_button (warning);
  VtPage *page;
  gint64 quiet_since;

  /* The timeout is longer than the walk's pauses would allow without input. */
  g_settings_set_uint (f->settings, "idle-timeout", 60 * slowdown ());
  g_assert_false (vt_walk_procedure (f->window, &plan, f->person, stop_at_first_capture, NULL));
  page = vt_assistant_get_current_page (vt_window_get_assistant (f->window));

  /* On a camera step, "Escuchar" reads the title and the instructions aloud. */
  {
    GtkWidget *listen = vt_test_ui_find (GTK_WIDGET (page), "listen");
    const char *heard;
    guint64 played = 0;

    g_assert_nonnull (vt_page_get_spoken_guidance (page));
    vt_test_ui_click (listen);
    vt_test_ui_wait (1500);
    g_assert_true (vt_speaker_is_playing (f->speaker));
    vt_speaker_stop (f->speaker);
    g_assert_cmpuint (f->sounds->len, ==, 1);
    heard = g_ptr_array_index (f->sounds, 0);
    g_assert_true (g_str_has_prefix (heard, "speech:"));
    played = g_ascii_strtoull (heard + 7, NULL, 10);
    g_test_message ("Escuchar: %" G_GUINT64_FORMAT " ms of speech in the first 1.5 s", played);
    g_assert_cmpuint (played, >, 500);
    g_assert_nonnull (strstr (heard, vt_page_get_spoken_guidance (page)));
    g_assert_nonnull (strstr (heard, vt_page_get_title (page)));
    g_ptr_array_set_size (f->sounds, 0);
  }
  /* The 2 s timeout counts from a fresh input, not from the click on "Escuchar". */
  move_pointer (410, 300);
  vt_test_ui_wait (100);
  g_settings_set_uint (f->settings, "idle-timeout", 2 * slowdown ());

  /* The person's photo is on disk, encrypted, in the session's folder. */
  list_files (sessions, files);
  g_assert_cmpuint (files->len, >, 0);

  /* Someone still there, for longer than the timeout: no warning. */
  keep_moving (3000 * slowdown ());
  g_assert_false (vt_idle_monitor_is_warning (f->idle));

  /* Gone: after the timeout, the warning, with a beep and the countdown from idle-warning. */
  move_pointer (420, 310);
  quiet_since = g_get_monotonic_time ();
  g_assert_true (vt_test_ui_wait_for (warning_visible, f, 10000));
  g_assert_cmpint (g_get_monotonic_time () - quiet_since, >=,
                   2 * slowdown () * G_USEC_PER_SEC - 100000);
  g_assert_cmpuint (f->warnings, ==, 1);
  g_assert_cmpuint (vt_idle_warning_get_seconds_left (warning), ==, 3);
  g_assert_true (gtk_widget_has_focus (button));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/aviso-inactividad.png");
  g_assert_cmpint (gtk_widget_get_width (button), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
  g_assert_true (vt_test_ui_wait_for (has_beeped, f, 3000));
  g_assert_true (vt_speaker_is_playing (f->speaker));  /* now the spoken warning */
  /* Input other than "Continuar" does not end the warning. */
  move_pointer (500, 500);
  g_assert_true (vt_test_ui_wait_for (counted_down, f, 1500));
  g_assert_true (vt_idle_monitor_is_warning (f->idle));
  /* The spoken warning is heard before anyone answers it (checked below, once it is cut). */
  g_assert_true (vt_test_ui_wait_for (speech_heard, f, 1500));

  /* "Continuar", as often as needed. */
  for (guint round = 0; round < 2; round++)
    {
      vt_test_ui_click (button);
      vt_test_ui_wait (50);
      g_assert_false (vt_idle_monitor_is_warning (f->idle));
      g_assert_true (vt_assistant_get_current_page (vt_window_get_assistant (f->window)) == page);
      for (guint i = 0; i < files->len; i++)
        g_assert_true (g_file_test (g_ptr_array_index (files, i), G_FILE_TEST_EXISTS));
      g_assert_true (vt_test_ui_wait_for (warning_visible, f, 10000));
      g_assert_cmpuint (f->warnings, ==, round + 2);
    }
  /* The interrupted speech had been heard, not only started. */
  {
    gboolean spoken = FALSE;

    for (guint i = 0; i < f->sounds->len; i++)
      {
        const char *sound = g_ptr_array_index (f->sounds, i);
        if (g_str_has_prefix (sound, "speech:") && strstr (sound, "¿Sigue ahí?") != NULL
            && g_ascii_strtoull (sound + 7, NULL, 10) > 200)
          spoken = TRUE;
      }
    g_assert_true (spoken);
  }

  /* Nobody answers: everything of the person goes, and the start page returns. */
  g_assert_cmpuint (f->wipes, ==, 0);
  g_assert_true (vt_test_ui_wait_for (at_start, f, 5000));
  g_assert_cmpuint (f->wipes, ==, 1);
  g_assert_false (vt_idle_monitor_is_warning (f->idle));
  g_assert_null (vt_window_get_assistant (f->window));
  for (guint i = 0; i < files->len; i++)
    g_assert_false (g_file_test (g_ptr_array_index (files, i), G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (sessions, 0, NULL);
    g_assert_null (dir ? g_dir_read_name (dir) : NULL);
  }
  g_assert_false (vt_speaker_is_playing (f->speaker));
}

static gboolean
walk_everything (VtWindow   *window,
                 const char *page,
                 gpointer    data)
{
  return TRUE;
}

/* The confirmation page has its own, shorter time. */
static void
test_confirmation_sooner (Fixture       *f,
                          gconstpointer  data)
{
  static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };
  gint64 quiet_since;

  g_settings_set_uint (f->settings, "idle-timeout", 60 * slowdown ());
  g_settings_set_uint (f->settings, "idle-timeout-confirmation", 2);
  g_assert_true (vt_walk_procedure (f->window, &plan, f->person, walk_everything, NULL));
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "done");
  quiet_since = g_get_monotonic_time ();
  g_assert_true (vt_test_ui_wait_for (warning_visible, f, 6000));
  g_assert_cmpint (g_get_monotonic_time () - quiet_since, <, 5 * slowdown () * G_USEC_PER_SEC);
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/aviso-inactividad-confirmacion.png");
  g_assert_true (vt_test_ui_wait_for (at_start, f, 6000));
  g_assert_cmpuint (f->wipes, ==, 1);
}

/* A reset from elsewhere (the person's «Salir», staff mode) takes the warning and its
 * countdown with it: nothing of the last person's time wipes the next one. */
static void
test_reset_ends_warning (Fixture       *f,
                         gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 60 * slowdown ());
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (100);
  vt_idle_monitor_warn_now (f->idle);
  g_assert_true (vt_test_ui_wait_for (warning_visible, f, 3000));
  vt_window_reset (f->window);
  g_assert_false (vt_idle_monitor_is_warning (f->idle));
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
  /* Past the 3 s the warning would have lasted: no wipe comes. */
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (4500);
  g_assert_cmpuint (f->wipes, ==, 0);
  g_assert_false (vt_idle_monitor_is_warning (f->idle));
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "wizard");
}

static gboolean
two_windows (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == 2;
}

/* A dialog left open would hide the warning: it is closed first. */
static void
test_dialog_closed (Fixture       *f,
                    gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 4 * slowdown ());
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (100);
  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), "exit"));
  g_assert_true (vt_test_ui_wait_for (two_windows, NULL, 3000));
  g_assert_false (vt_idle_monitor_is_warning (f->idle));
  g_assert_true (vt_test_ui_wait_for (warning_visible, f, 10000));
  vt_test_ui_wait (100);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 1);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "wizard");
  g_assert_true (vt_test_ui_wait_for (at_start, f, 6000));
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/kiosk/idle/start-page-never-warns", Fixture, NULL, fixture_setup,
              test_start_never_warns, fixture_teardown);
  g_test_add ("/kiosk/idle/warn-continue-wipe", Fixture, NULL, fixture_setup,
              test_warn_continue_wipe, fixture_teardown);
  g_test_add ("/kiosk/idle/confirmation-sooner", Fixture, NULL, fixture_setup,
              test_confirmation_sooner, fixture_teardown);
  g_test_add ("/kiosk/idle/dialog-closed", Fixture, NULL, fixture_setup,
              test_dialog_closed, fixture_teardown);
  g_test_add ("/kiosk/idle/reset-ends-warning", Fixture, NULL, fixture_setup,
              test_reset_ends_warning, fixture_teardown);
  return g_test_run ();
}

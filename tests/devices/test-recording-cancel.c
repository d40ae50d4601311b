/* test-recording-cancel.c — a recording cut short by each way a session ends (the idle reset,
 * «Salir del trámite», a staff unlock) ends cleanly, and the next person records normally.
 *
 * The real window, the real idle monitor and staff panel, the live synthetic camera (the
 * recording path is the same as a real camera's from the tee on).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "capture/vt-camera-paintable.h"
#include "kiosk/vt-idle-monitor.h"
#include "kiosk/vt-speaker.h"
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "staff/vt-pin.h"
#include "vt-i18n.h"
#include "vt-test-ui.h"
#include "vt-window.h"
#include "wizard/vt-page.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#define PROCEDURE "actualizacion-contacto-exterior"
#define VIDEO_PAGE "captura_video"
#define STAFF_PIN "2468"

typedef enum
{
  CANCEL_BY_IDLE,
  CANCEL_BY_LEAVING,
  CANCEL_BY_STAFF,
} CancelPath;

typedef struct
{
  char          *data_dir;
  char          *schema_dir;
  char          *sessions;
  GSettings     *settings;
  GPtrArray     *procedures;
  VtQueue       *queue;
  VtCamera      *camera;
  VtWindow      *window;
  VtSpeaker     *speaker;
  VtIdleMonitor *idle;
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

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

/* The kiosk's schema with the idle limits down to a second, as tests/kiosk/test-idle.c does. */
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
  g_string_replace (relaxed, "<range min=\"30\"", "<range min=\"1\"", 0);
  g_string_replace (relaxed, "<range min=\"10\"", "<range min=\"1\"", 0);
  f->schema_dir = g_dir_make_tmp ("vt-cancel-schema-XXXXXX", &error);
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
  return g_settings_new_full (schema, NULL, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *hash = vt_pin_hash (STAFF_PIN, NULL);

  vt_i18n_set_language ("es");
  f->data_dir = g_dir_make_tmp ("vt-cancel-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  f->sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, f->sessions);
  vt_window_set_data_dir (f->window, f->data_dir);
  vt_window_set_default_language (f->window, "es");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);

  /* The staff panel reads the PIN from the application's settings (memory backend). */
  {
    g_autoptr(GSettings) app = g_settings_new (APP_ID);

    g_settings_set_string (app, "staff-pin-hash", hash);
    g_settings_set_boolean (app, "kiosk-mode", FALSE);
  }
  f->settings = short_settings (f);
  /* Long enough not to cut a walk short; the idle test lowers it when it wants the reset. */
  g_settings_set_uint (f->settings, "idle-timeout", 300);
  g_settings_set_uint (f->settings, "idle-warning", 2);
  f->speaker = vt_speaker_new ();
  f->idle = vt_idle_monitor_new (f->window, f->settings, f->speaker);
  vt_window_reset (f->window);
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
  g_assert_finalize_object (f->speaker);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_object (&f->settings);
  {
    g_autoptr(GSettings) app = g_settings_new (APP_ID);

    g_settings_reset (app, "staff-pin-hash");
    g_settings_reset (app, "kiosk-mode");
  }
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  remove_tree (f->data_dir);
  remove_tree (f->schema_dir);
  g_free (f->data_dir);
  g_free (f->schema_dir);
  g_free (f->sessions);
}

static VtPage *
current_page (Fixture *f)
{
  VtAssistant *assistant = vt_window_get_assistant (f->window);

  return assistant ? vt_assistant_get_current_page (assistant) : NULL;
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static gboolean
camera_recording (gpointer data)
{
  return vt_camera_is_recording (VT_CAMERA (data));
}

static gboolean
camera_idle (gpointer data)
{
  return !vt_camera_is_recording (VT_CAMERA (data));
}

static gboolean
camera_has_frame (gpointer data)
{
  return vt_camera_paintable_has_frame (VT_CAMERA_PAINTABLE (data));
}

static gboolean
page_is_start (gpointer data)
{
  return g_strcmp0 (vt_window_get_visible_name (VT_WINDOW (data)), "start") == 0;
}

/* A person starts the procedure, reaches the video page and starts recording. */
static VtPage *
start_recording (Fixture *f)
{
  VtCameraPaintable *paintable = VT_CAMERA_PAINTABLE (vt_camera_get_paintable (f->camera));
  GtkWidget *button;
  VtPage *page;

  vt_window_start_procedure (f->window, PROCEDURE);
  vt_test_ui_wait (50);
  g_assert_true (vt_assistant_go_to (vt_window_get_assistant (f->window), VIDEO_PAGE));
  page = current_page (f);
  g_assert_cmpstr (vt_page_get_page_id (page), ==, VIDEO_PAGE);
  /* The page opens on the new person's own picture, never on the last person's frame. */
  g_assert_false (vt_camera_paintable_has_frame (paintable));
  g_assert_true (vt_test_ui_wait_for (camera_has_frame, paintable, 10000));

  /* The microphone check hears the synthetic reader, then recording may start. */
  button = vt_test_ui_find (GTK_WIDGET (page), "capture");
  g_assert_true (vt_test_ui_wait_for (widget_sensitive, button, 15000));
  vt_test_ui_click (button);
  g_assert_true (vt_test_ui_wait_for (camera_recording, f->camera, 5000));
  /* Fragments reach the session's folder while the person speaks. */
  vt_test_ui_wait (2500);
  g_assert_cmpuint (vt_camera_get_recorded_bytes (f->camera), >, 0);
  g_assert_cmpuint (count_files (f->sessions), >, 0);
  return page;
}

static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static GtkWidget *
find_mapped (GtkWidget  *root,
             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *name;
} Named;

static gboolean
named_mapped (gpointer data)
{
  Named *named = data;

  return find_mapped (GTK_WIDGET (named->f->window), named->name) != NULL;
}

static GtkWidget *
wait_mapped (Fixture    *f,
             const char *name)
{
  Named named = { f, name };

  if (!vt_test_ui_wait_for (named_mapped, &named, 20000))
    g_error ("No %s on screen", name);
  return find_mapped (GTK_WIDGET (f->window), name);
}

static gboolean
staff_on_queue (gpointer data)
{
  return g_strcmp0 (vt_window_get_visible_name (VT_WINDOW (data)), "staff") == 0
         && find_mapped (GTK_WIDGET (data), "pin-enter") == NULL;
}

static void
cancel (Fixture    *f,
        CancelPath  path)
{
  switch (path)
    {
    case CANCEL_BY_IDLE:
      /* Nobody touches the screen while recording: the warning, its countdown, the wipe. */
      g_settings_set_uint (f->settings, "idle-timeout", 1);
      g_assert_true (vt_test_ui_wait_for (page_is_start, f->window, 20000));
      g_settings_set_uint (f->settings, "idle-timeout", 300);
      break;

    case CANCEL_BY_LEAVING:
      {
        GtkWidget *dialog;

        vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), "exit"));
        vt_test_ui_wait (300);
        dialog = find_dialog ();
        g_assert_nonnull (dialog);
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "leave");
        g_assert_true (vt_test_ui_wait_for (page_is_start, f->window, 5000));
        break;
      }

    case CANCEL_BY_STAFF:
      vt_window_open_staff_mode (f->window);
      for (const char *p = STAFF_PIN; *p; p++)
        {
          g_autofree char *name = g_strdup_printf ("pin-key-%c", *p);
          vt_test_ui_click (wait_mapped (f, name));
        }
      vt_test_ui_click (wait_mapped (f, "pin-enter"));
      g_assert_true (vt_test_ui_wait_for (staff_on_queue, f->window, 30000));
      /* Staff leave their panel; the kiosk is back at the start for the next person. */
      vt_test_ui_click (wait_mapped (f, "staff-back"));
      g_assert_true (vt_test_ui_wait_for (page_is_start, f->window, 5000));
      break;
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  CancelPath path = GPOINTER_TO_INT (data);
  VtCameraPaintable *paintable = VT_CAMERA_PAINTABLE (vt_camera_get_paintable (f->camera));
  GtkWidget *stop;
  VtPage *page;
  g_autofree char *shot = NULL;

  start_recording (f);
  cancel (f, path);

  /* Ended cleanly: no recording, the camera closed, nothing of the person on disk or on the
   * camera's picture. */
  g_assert_true (vt_test_ui_wait_for (camera_idle, f->camera, 5000));
  g_assert_false (vt_camera_paintable_has_frame (paintable));
  g_assert_cmpuint (count_files (f->sessions), ==, 0);

  /* The next person records normally: the camera starts, a recording starts, and stopping it
   * gives a finished file the page judges (too short to be accepted, which is not the point). */
  page = start_recording (f);
  stop = vt_test_ui_find (GTK_WIDGET (page), "stop");
  g_assert_true (gtk_widget_get_mapped (stop));
  /* Four seconds in all: over 30 frames even at the third of the camera's rate the sanitizers
   * leave. */
  vt_test_ui_wait (1500);
  vt_test_ui_click (stop);
  g_assert_true (vt_test_ui_wait_for (camera_idle, f->camera, 10000));
  {
    VtRecordingStats stats;

    vt_camera_get_recording_stats (f->camera, &stats);
    g_assert_cmpuint (stats.bytes, >, 10000);
    g_assert_cmpuint (stats.frames, >, 30);
    vt_recording_stats_clear (&stats);
  }
  vt_test_ui_wait (1500);
  shot = g_strdup_printf ("devices/recording-after-cancel-%d.png", path);
  vt_test_ui_screenshot (GTK_WIDGET (f->window), shot);
  g_assert_false (gtk_widget_get_mapped (stop));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (vt_test_ui_find (GTK_WIDGET (page),
                                                                         "capture-status"))),
                         "Ya se está grabando"));
}

int
main (int    argc,
      char **argv)
{
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/devices/recording-cancel/idle-reset", Fixture,
              GINT_TO_POINTER (CANCEL_BY_IDLE), fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/devices/recording-cancel/leave", Fixture,
              GINT_TO_POINTER (CANCEL_BY_LEAVING), fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/devices/recording-cancel/staff-unlock", Fixture,
              GINT_TO_POINTER (CANCEL_BY_STAFF), fixture_setup, test_cancel, fixture_teardown);
  return g_test_run ();
}

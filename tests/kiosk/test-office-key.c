/* test-office-key.c — the real application (VtApplication, its settings and windows) and the
 * development office key: kiosk mode refuses to serve people with it and shows the technician
 * how to set the office's key, then restarts by itself once the key is set; with a key of the
 * office's own it starts as usual; a development run keeps working with a warning on screen.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "kiosk/vt-key-required-window.h"
#include "kiosk/vt-kiosk-mode.h"
#include "outbox/vt-bundle.h"
#include "vt-application.h"
#include "vt-test-ui.h"
#include "vt-window.h"

#include <glib/gstdio.h>
#include <sodium.h>

typedef struct
{
  GApplication *app;
  char       *data_dir;
  GSettings  *settings;
  gboolean    kiosk;
  /* Filled in from inside the application's run. */
  gboolean    checked;
  gboolean    timed_out;
  GType       window_type;
  gboolean    warning_shown;
  gboolean    kiosk_mode;
  const char *screenshot;      /* where to leave a screenshot, or NULL */
  char       *key_to_set;      /* set while the application runs, or NULL */
  guint       timeout;
} Run;

/* A key pair as `ventanilla-office keygen` makes it; only the public half is needed here. */
static char *
generate_office_key (void)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (public_key, secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  return vt_bundle_encode_key (public_key);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
shown (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
timeout_cb (gpointer data)
{
  Run *run = data;

  run->timed_out = TRUE;
  g_application_quit (run->app);
  return G_SOURCE_REMOVE;
}

static gboolean
check_cb (gpointer data)
{
  Run *run = data;
  GApplication *app = run->app;
  GtkWindow *window;
  GtkWidget *warning;

  g_assert_true (vt_test_ui_wait_for (shown, app, 20000));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1280, 800);
  vt_test_ui_wait (500);
  run->window_type = G_OBJECT_TYPE (window);
  run->kiosk_mode = vt_kiosk_mode_get (window);
  warning = vt_test_ui_find (GTK_WIDGET (window), "development-key-warning");
  run->warning_shown = warning != NULL && gtk_widget_get_mapped (warning)
                       && gtk_widget_get_height (warning) > 0;
  if (run->screenshot != NULL)
    vt_test_ui_screenshot (GTK_WIDGET (window), run->screenshot);
  run->checked = TRUE;
  if (run->key_to_set != NULL)
    {
      /* As `ventanilla --provision` or gsettings would, from outside: the application must
       * notice and quit (so that the kiosk session starts it again with the key). */
      g_settings_set_string (run->settings, "office-public-key", run->key_to_set);
      run->timeout = g_timeout_add_seconds (10, timeout_cb, run);
    }
  else
    g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             Run          *run)
{
  g_idle_add (check_cb, run);
}

static int
run_application (Run *run)
{
  g_autoptr(VtApplication) app = vt_application_new ();
  const char *argv[] = { "ventanilla", "--data-dir", run->data_dir, "--camera", "synthetic",
                         run->kiosk ? "--kiosk" : NULL, NULL };
  int status;

  GList *windows;

  run->app = G_APPLICATION (app);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), run);
  status = g_application_run (G_APPLICATION (app), run->kiosk ? 6 : 5, (char **)argv);
  g_assert_true (run->checked);
  g_clear_handle_id (&run->timeout, g_source_remove);
  /* The kiosk's window never closes by itself: gone, so the next run starts afresh. */
  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  vt_test_ui_wait (100);
  run->app = NULL;
  return status;
}

static void
run_init (Run *run)
{
  g_autoptr(GError) error = NULL;

  run->data_dir = g_dir_make_tmp ("vt-office-key-XXXXXX", &error);
  g_assert_no_error (error);
  run->settings = g_settings_new ("org.ventanilla.Kiosk");
  g_settings_reset (run->settings, "office-public-key");
  g_settings_reset (run->settings, "default-language");
  g_settings_reset (run->settings, "kiosk-mode");
}

static void
run_clear (Run *run)
{
  g_settings_reset (run->settings, "office-public-key");
  g_settings_reset (run->settings, "default-language");
  g_clear_object (&run->settings);
  remove_tree (run->data_dir);
  g_clear_pointer (&run->data_dir, g_free);
  g_clear_pointer (&run->key_to_set, g_free);
}

static void
test_kiosk_refuses_development_key (void)
{
  Run run = { 0 };
  g_autofree char *queue_dir = NULL;

  /* The settings' default is the development key: kiosk mode must not serve anyone with it. */
  run_init (&run);
  run.kiosk = TRUE;
  run.screenshot = "kiosk/office-key-required.png";
  run.key_to_set = generate_office_key ();
  run_application (&run);
  g_assert_true (run.window_type == VT_TYPE_KEY_REQUIRED_WINDOW);
  g_assert_true (run.kiosk_mode);
  /* Nothing was opened to take a person's data. */
  queue_dir = g_build_filename (run.data_dir, "queue", NULL);
  g_assert_false (g_file_test (queue_dir, G_FILE_TEST_EXISTS));
  /* The technician set the key: the application quit by itself, to be started again. */
  g_assert_false (run.timed_out);
  run_clear (&run);

  /* The same message in English, for a kiosk whose default language is English. */
  run_init (&run);
  run.kiosk = TRUE;
  run.screenshot = "kiosk/office-key-required-en.png";
  g_settings_set_string (run.settings, "default-language", "en");
  run_application (&run);
  g_assert_true (run.window_type == VT_TYPE_KEY_REQUIRED_WINDOW);
  run_clear (&run);
}

static void
test_kiosk_refuses_invalid_key (void)
{
  Run run = { 0 };

  run_init (&run);
  run.kiosk = TRUE;
  g_settings_set_string (run.settings, "office-public-key", "CHANGE-ME");
  run_application (&run);
  g_assert_true (run.window_type == VT_TYPE_KEY_REQUIRED_WINDOW);
  run_clear (&run);
}

static void
test_kiosk_starts_with_office_key (void)
{
  Run run = { 0 };
  g_autofree char *key = generate_office_key ();

  run_init (&run);
  run.kiosk = TRUE;
  g_settings_set_string (run.settings, "office-public-key", key);
  run_application (&run);
  g_assert_true (run.window_type == VT_TYPE_WINDOW);
  g_assert_true (run.kiosk_mode);
  g_assert_false (run.warning_shown);
  run_clear (&run);
}

static void
test_development_run_warns (void)
{
  Run run = { 0 };

  run_init (&run);
  run.screenshot = "kiosk/development-key-warning.png";
  run_application (&run);
  g_assert_true (run.window_type == VT_TYPE_WINDOW);
  g_assert_false (run.kiosk_mode);
  g_assert_true (run.warning_shown);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/kiosk/office-key/kiosk-refuses-development-key",
                   test_kiosk_refuses_development_key);
  g_test_add_func ("/kiosk/office-key/kiosk-refuses-invalid-key", test_kiosk_refuses_invalid_key);
  g_test_add_func ("/kiosk/office-key/kiosk-starts-with-office-key",
                   test_kiosk_starts_with_office_key);
  g_test_add_func ("/kiosk/office-key/development-run-warns", test_development_run_warns);
  return g_test_run ();
}

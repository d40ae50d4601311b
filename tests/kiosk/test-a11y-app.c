/* test-a11y-app.c — the real application, walked page by page for an AT-SPI client.
 *
 * Started by test-a11y-tree.py on a real accessibility bus. A synthetic person walks a procedure
 * that has every kind of page; on each page, once it is filled in, this program prints
 * "PAGE <name>" and waits (running the main loop, so the accessibility tree answers) until the
 * client writes "next". After the confirmation page it waits for the idle warning, which comes
 * by itself after idle-timeout-confirmation seconds, and pauses there too.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "test-privacy-walker.h"
#include "vt-application.h"
#include "vt-i18n.h"
#include "vt-test-identity.h"
#include "vt-test-ui.h"

#include <adwaita.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>

typedef struct
{
  gboolean          control;  /* an unnamed button on the start page, then stop */
  GDataInputStream *input;
  char             *line;
  gboolean          answered;
  int               status;
} Driver;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Driver *driver = user_data;

  driver->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                            NULL, NULL);
  driver->answered = TRUE;
}

/* FALSE when the client is gone or said anything but "next". */
static gboolean
pause_at (Driver     *driver,
          const char *page)
{
  gboolean go_on;

  g_print ("PAGE %s\n", page);
  fflush (stdout);
  driver->answered = FALSE;
  g_data_input_stream_read_line_async (driver->input, G_PRIORITY_DEFAULT, NULL, line_cb, driver);
  while (!driver->answered)
    g_main_context_iteration (NULL, TRUE);
  go_on = g_strcmp0 (driver->line, "next") == 0;
  g_clear_pointer (&driver->line, g_free);
  return go_on;
}

static gboolean
visit_cb (VtWindow   *window,
          const char *page,
          gpointer    data)
{
  return pause_at (data, page);
}

static gboolean
warning_shown (gpointer data)
{
  GtkWidget *warning = vt_test_ui_find (data, "idle-warning");
  return warning != NULL && gtk_widget_get_mapped (warning);
}

static gboolean
walk_cb (gpointer data)
{
  static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };
  Driver *driver = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(VtTestPerson) person = vt_test_person_new (6101);

  gtk_window_set_default_size (window, 1280, 800);
  vt_test_ui_wait (500);
  if (driver->control)
    {
      /* The client must catch this: an icon-only button with no accessible name. */
      GtkWidget *large = vt_test_ui_find (GTK_WIDGET (window), "large-text");

      gtk_box_append (GTK_BOX (gtk_widget_get_parent (large)),
                      gtk_button_new_from_icon_name ("edit-delete-symbolic"));
      vt_test_ui_wait (200);
      pause_at (driver, "start");
      driver->status = 0;
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  if (vt_walk_procedure (VT_WINDOW (window), &plan, person, visit_cb, driver)
      && vt_test_ui_wait_for (warning_shown, window, 20000)
      && pause_at (driver, "idle-warning"))
    driver->status = 0;
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             Driver       *driver)
{
  g_idle_add (walk_cb, driver);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autofree char *data_dir = NULL;
  g_autoptr(GError) error = NULL;
  Driver driver = { 0 };
  const char *app_argv[] = { "ventanilla", "--data-dir", NULL, "--camera", "synthetic", NULL };
  int status;

  data_dir = g_dir_make_tmp ("vt-a11y-XXXXXX", &error);
  g_assert_no_error (error);
  app_argv[2] = data_dir;
  driver.input = g_data_input_stream_new (stdin_stream);
  driver.control = argc > 1 && g_str_equal (argv[1], "--control");
  driver.status = 1;

  vt_i18n_init ();
  /* No wipe during the walk, which has no real input; the confirmation's own (shortest allowed)
   * time brings the warning at the end. */
  settings = g_settings_new ("org.ventanilla.Kiosk");
  g_settings_set_uint (settings, "idle-timeout", 3600);
  g_settings_set_uint (settings, "idle-timeout-confirmation", 10);
  app = vt_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &driver);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1,
                              (char **)app_argv);
  g_object_unref (driver.input);
  {
    const char *rm[] = { "rm", "-rf", data_dir, NULL };
    g_spawn_sync (NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return status != 0 ? status : driver.status;
}

/* test-kiosk-mode.c — in kiosk mode the window cannot be closed and has no shortcuts out;
 * leaving kiosk mode gives both back.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk/vt-kiosk-mode.h"
#include "vt-test-ui.h"

static void
activate_cb (GtkApplication *application,
             gpointer        user_data)
{
  gboolean *ran = user_data;
  GtkWidget *window = gtk_application_window_new (application);
  const char * const quit[] = { "<Control>q", NULL };
  const char * const close_accels[] = { "<Control>w", NULL };
  g_auto(GStrv) accels = NULL;
  GSimpleAction *action = g_simple_action_new ("quit", NULL);

  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
  g_object_unref (action);
  gtk_application_set_accels_for_action (application, "app.quit", quit);
  gtk_application_set_accels_for_action (application, "window.close", close_accels);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (200);

  vt_kiosk_mode_set (GTK_WINDOW (window), TRUE);
  g_assert_true (vt_kiosk_mode_get (GTK_WINDOW (window)));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));

  /* What a window manager's close button or Alt+F4 asks for. */
  gtk_window_close (GTK_WINDOW (window));
  vt_test_ui_wait (100);
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_nonnull (gtk_application_get_active_window (application));

  /* No accelerator is left to quit or close. */
  accels = gtk_application_get_accels_for_action (application, "app.quit");
  g_assert_cmpuint (g_strv_length (accels), ==, 0);
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (application, "window.close");
  g_assert_cmpuint (g_strv_length (accels), ==, 0);
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_actions_for_accel (application, "<Control>q");
  g_assert_cmpuint (g_strv_length (accels), ==, 0);

  vt_test_ui_screenshot (window, "kiosk/kiosk-mode-window.png");

  /* A technician leaves kiosk mode: the window closes again. */
  vt_kiosk_mode_set (GTK_WINDOW (window), FALSE);
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  vt_test_ui_wait (100);
  g_assert_null (gtk_application_get_active_window (application));
  *ran = TRUE;
}

static void
test_kiosk_mode (void)
{
  g_autoptr(GtkApplication) application = gtk_application_new ("org.ventanilla.KioskModeTest",
                                                                G_APPLICATION_NON_UNIQUE);
  gboolean ran = FALSE;

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), &ran);
  g_application_run (G_APPLICATION (application), 0, NULL);
  g_assert_true (ran);
}

int
main (int argc, char **argv)
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/kiosk/mode/no-way-out", test_kiosk_mode);
  return g_test_run ();
}

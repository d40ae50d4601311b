/* bench-minimal-window.c — the baseline for the kiosk's time to ready: a GTK window with one
 * label that says READY=1 after its first painted frame, as the kiosk does.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk/vt-watchdog.h"

#include <gtk/gtk.h>

static void
first_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, user_data);
  vt_watchdog_notify ("READY=1");
}

static void
activate_cb (GtkApplication *application,
             gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (application);

  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Ventanilla"));
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_paint_cb), NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkApplication) application = gtk_application_new ("org.ventanilla.BenchWindow",
                                                                G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  /* The session script passes the kiosk's options; the baseline ignores them. */
  return g_application_run (G_APPLICATION (application), 1, argv);
}

/* vt-kiosk-mode.c — keeps the kiosk's window in front of everyone, closed to shortcuts.
 *
 * Under cage (the kiosk compositor) there is no other window to switch to and no compositor
 * shortcut; what is left are GTK's own ways out: the close request, application accelerators
 * and the interactive inspector. Kiosk mode shuts all three. The inspector's key bindings
 * (Ctrl+Shift+I and Ctrl+Shift+D, live wherever the desktop's enable-inspector-keybinding
 * setting is on) are GtkWindow's own class shortcuts, handled as a key bubbles up to the
 * window: a key controller on the window, in the capture phase, takes those keys first.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-kiosk-mode.h"

#define KIOSK_KEY "vt-kiosk-mode"
#define HANDLER_KEY "vt-kiosk-mode-handler"

static gboolean
close_request_cb (GtkWindow *window,
                  gpointer   user_data)
{
  /* TRUE stops the close: only staff mode (which turns kiosk mode off) lets the kiosk end. */
  return vt_kiosk_mode_get (window);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWindow             *window)
{
  GdkModifierType wanted = GDK_CONTROL_MASK | GDK_SHIFT_MASK;
  guint key = gdk_keyval_to_lower (keyval);

  if (!vt_kiosk_mode_get (window))
    return FALSE;
  /* TRUE: the key goes no further, so the inspector never opens. */
  return (state & wanted) == wanted && (key == GDK_KEY_i || key == GDK_KEY_d);
}

static void
clear_accels (GtkApplication *application)
{
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (application);
  const char * const none[] = { NULL };

  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    gtk_application_set_accels_for_action (application, actions[i], none);
}

void
vt_kiosk_mode_set (GtkWindow *window,
                   gboolean   enabled)
{
  GtkApplication *application;

  g_return_if_fail (GTK_IS_WINDOW (window));

  enabled = !!enabled;
  g_object_set_data (G_OBJECT (window), KIOSK_KEY, GINT_TO_POINTER (enabled));
  if (g_object_get_data (G_OBJECT (window), HANDLER_KEY) == NULL)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb), NULL);
      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), window);
      gtk_widget_add_controller (GTK_WIDGET (window), keys);
      g_object_set_data (G_OBJECT (window), HANDLER_KEY, GINT_TO_POINTER (TRUE));
    }

  gtk_window_set_interactive_debugging (FALSE);
  gtk_window_set_deletable (window, !enabled);
  if (enabled)
    {
      application = gtk_window_get_application (window);
      if (application != NULL)
        clear_accels (application);
      gtk_window_fullscreen (window);
    }
  else
    gtk_window_unfullscreen (window);
}

gboolean
vt_kiosk_mode_get (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), KIOSK_KEY));
}

char *
vt_kiosk_mode_dup_marker_path (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "ventanilla-left-kiosk", NULL);
}

void
vt_kiosk_mode_leave (GtkWindow *window)
{
  g_autofree char *marker = vt_kiosk_mode_dup_marker_path ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_WINDOW (window));

  vt_kiosk_mode_set (window, FALSE);
  if (!g_file_set_contents (marker, "", 0, &error))
    g_warning ("Could not leave the kiosk-session marker: %s", error->message);
}

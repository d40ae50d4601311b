/* vt-typing-privacy.c — nothing typed outlives the person who typed it: no clipboard, no
 * paste, no context menu, no learning input method.
 *
 * Text fields are made in many places (procedure pages, staff pages, dialogs), so this does
 * not rely on each of them: two emission hooks see every field as it is mapped and every
 * popover as it is shown, for the whole process. A field gets the private hints (kept when its
 * own hints change), its "paste-clipboard" stopped (the key bindings and the menu both go
 * through it), its drop target closed, and no right or middle button press (a middle click
 * pastes the primary selection; primary paste is also off in the display's settings). A popover whose parent is a text field is its context menu,
 * its touch selection bubble or its emoji chooser, all offering paste or a history: it is
 * hidden in the same emission that showed it, before any frame can paint it. The touch
 * magnifier (a popover too) stays.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-keyboard"

#include "vt-typing-privacy.h"

static GQuark guarded_quark;

static gboolean
is_text_field (GtkWidget *widget)
{
  return GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget);
}

static void
ensure_hints (GtkWidget *field)
{
  GtkInputHints hints;

  if (GTK_IS_TEXT (field))
    {
      hints = gtk_text_get_input_hints (GTK_TEXT (field));
      if ((hints & VT_TYPING_PRIVATE_HINTS) != VT_TYPING_PRIVATE_HINTS)
        gtk_text_set_input_hints (GTK_TEXT (field), hints | VT_TYPING_PRIVATE_HINTS);
    }
  else
    {
      hints = gtk_text_view_get_input_hints (GTK_TEXT_VIEW (field));
      if ((hints & VT_TYPING_PRIVATE_HINTS) != VT_TYPING_PRIVATE_HINTS)
        gtk_text_view_set_input_hints (GTK_TEXT_VIEW (field), hints | VT_TYPING_PRIVATE_HINTS);
    }
}

static void
hints_changed_cb (GtkWidget  *field,
                  GParamSpec *pspec,
                  gpointer    data)
{
  ensure_hints (field);
}

static void
paste_cb (GtkWidget *field,
          gpointer   data)
{
  g_signal_stop_emission_by_name (field, "paste-clipboard");
}

/* The right button (the menu) and the middle one (paste) never reach the field: the menu is
 * then not even made in the middle of a press, and a touch acts as the left button. */
static gboolean
button_cb (GtkEventControllerLegacy *controller,
           GdkEvent                 *event,
           gpointer                  data)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if ((type == GDK_BUTTON_PRESS || type == GDK_BUTTON_RELEASE)
      && gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
guard_field (GtkWidget *field)
{
  GtkEventController *buttons;
  g_autoptr(GListModel) controllers = NULL;
  GtkSettings *settings = gtk_widget_get_settings (field);
  gboolean primary_paste = FALSE;

  if (g_object_get_qdata (G_OBJECT (field), guarded_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (field), guarded_quark, GINT_TO_POINTER (TRUE));

  ensure_hints (field);
  g_signal_connect (field, "notify::input-hints", G_CALLBACK (hints_changed_cb), NULL);
  g_signal_connect (field, "paste-clipboard", G_CALLBACK (paste_cb), NULL);
  buttons = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (buttons, GTK_PHASE_CAPTURE);
  g_signal_connect (buttons, "event", G_CALLBACK (button_cb), NULL);
  gtk_widget_add_controller (field, buttons);
  controllers = gtk_widget_observe_controllers (field);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        gtk_drop_target_set_actions (GTK_DROP_TARGET (controller), 0);
    }
  g_object_get (settings, "gtk-enable-primary-paste", &primary_paste, NULL);
  if (primary_paste)
    g_object_set (settings, "gtk-enable-primary-paste", FALSE, NULL);
}

static gboolean
map_hook_cb (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               data)
{
  GObject *instance = g_value_get_object (&values[0]);

  if (GTK_IS_WIDGET (instance) && is_text_field (GTK_WIDGET (instance)))
    guard_field (GTK_WIDGET (instance));
  return TRUE;
}

static gboolean
show_hook_cb (GSignalInvocationHint *hint,
              guint                  n_values,
              const GValue          *values,
              gpointer               data)
{
  GObject *instance = g_value_get_object (&values[0]);
  GtkWidget *parent;

  if (!GTK_IS_POPOVER (instance))
    return TRUE;
  parent = gtk_widget_get_parent (GTK_WIDGET (instance));
  if (parent != NULL && is_text_field (parent)
      && !gtk_widget_has_css_class (GTK_WIDGET (instance), "magnifier"))
    {
      g_debug ("A text field's menu was asked for: not shown");
      gtk_popover_popdown (GTK_POPOVER (instance));
    }
  return TRUE;
}

void
vt_typing_privacy_install (void)
{
  static gsize installed;

  if (!g_once_init_enter (&installed))
    return;
  guarded_quark = g_quark_from_static_string ("vt-typing-privacy");
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, map_hook_cb, NULL,
                              NULL);
  g_signal_add_emission_hook (g_signal_lookup ("show", GTK_TYPE_WIDGET), 0, show_hook_cb, NULL,
                              NULL);
  g_once_init_leave (&installed, 1);
}

void
vt_typing_privacy_forget (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), NULL);
  gdk_clipboard_set_content (gtk_widget_get_primary_clipboard (widget), NULL);
}

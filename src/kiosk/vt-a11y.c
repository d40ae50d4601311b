/* vt-a11y.c — per-person accessibility: high contrast, large text and speech on demand.
 *
 * The start page and the wizard pages only name actions ("kiosk.large-text", "kiosk.speak"),
 * so the wizard layer needs nothing from this one; this object holds the state for the person
 * at the kiosk and forgets it when the window is reset for the next one.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-a11y.h"

#include "vt-i18n.h"

struct _VtA11y
{
  GObject             parent_instance;

  GtkWidget          *window;     /* weak */
  VtSpeaker          *speaker;
  GSimpleActionGroup *actions;
  GListModel         *toplevels;
  gulong              toplevels_handler;
  gulong              reset_handler;
};

G_DEFINE_FINAL_TYPE (VtA11y, vt_a11y, G_TYPE_OBJECT)

static gboolean
get_state (VtA11y     *self,
           const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions),
                                                               name);
  return state != NULL && g_variant_get_boolean (state);
}

/* Every window of the kiosk (the main one and its dialogs) follows the person's choice. */
static void
apply_classes (VtA11y *self)
{
  gboolean contrast = get_state (self, "high-contrast");
  gboolean large = get_state (self, "large-text");

  for (guint i = 0; i < g_list_model_get_n_items (self->toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (self->toplevels, i);

      if (contrast)
        gtk_widget_add_css_class (window, "high-contrast");
      else
        gtk_widget_remove_css_class (window, "high-contrast");
      if (large)
        gtk_widget_add_css_class (window, "large-text");
      else
        gtk_widget_remove_css_class (window, "large-text");
    }
}

static void
state_changed_cb (VtA11y *self)
{
  apply_classes (self);
}

static void
speak_cb (GSimpleAction *action,
          GVariant      *parameter,
          VtA11y        *self)
{
  vt_speaker_say (self->speaker, g_variant_get_string (parameter, NULL), vt_i18n_get_language ());
}

static void
vt_a11y_dispose (GObject *object)
{
  VtA11y *self = (VtA11y *)object;

  if (self->toplevels != NULL)
    g_clear_signal_handler (&self->toplevels_handler, self->toplevels);
  if (self->window != NULL)
    {
      g_clear_signal_handler (&self->reset_handler, self->window);
      gtk_widget_insert_action_group (self->window, "kiosk", NULL);
      g_clear_weak_pointer (&self->window);
    }
  if (self->speaker != NULL)
    vt_speaker_stop (self->speaker);
  g_clear_object (&self->speaker);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (vt_a11y_parent_class)->dispose (object);
}

static void
vt_a11y_class_init (VtA11yClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_a11y_dispose;
}

static void
vt_a11y_init (VtA11y *self)
{
}

VtA11y *
vt_a11y_new (VtWindow  *window,
             VtSpeaker *speaker)
{
  VtA11y *self;
  GSimpleAction *action;

  g_return_val_if_fail (VT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (VT_IS_SPEAKER (speaker), NULL);

  self = g_object_new (VT_TYPE_A11Y, NULL);
  self->speaker = g_object_ref (speaker);
  g_set_weak_pointer (&self->window, GTK_WIDGET (window));
  self->actions = g_simple_action_group_new ();

  /* Stateful booleans without a parameter: activating one toggles it. */
  for (guint i = 0; i < 2; i++)
    {
      action = g_simple_action_new_stateful (i == 0 ? "high-contrast" : "large-text", NULL,
                                             g_variant_new_boolean (FALSE));
      g_signal_connect_object (action, "notify::state", G_CALLBACK (state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      g_object_unref (action);
    }
  action = g_simple_action_new ("speak", G_VARIANT_TYPE_STRING);
  g_signal_connect_object (action, "activate", G_CALLBACK (speak_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_object_unref (action);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "kiosk", G_ACTION_GROUP (self->actions));

  self->toplevels = gtk_window_get_toplevels ();
  self->toplevels_handler = g_signal_connect_swapped (self->toplevels, "items-changed",
                                                      G_CALLBACK (apply_classes), self);
  self->reset_handler = g_signal_connect_swapped (window, "reset", G_CALLBACK (vt_a11y_reset),
                                                  self);
  return self;
}

gboolean
vt_a11y_get_high_contrast (VtA11y *self)
{
  g_return_val_if_fail (VT_IS_A11Y (self), FALSE);
  return get_state (self, "high-contrast");
}

void
vt_a11y_set_high_contrast (VtA11y   *self,
                           gboolean  enabled)
{
  g_return_if_fail (VT_IS_A11Y (self));
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "high-contrast",
                                      g_variant_new_boolean (enabled));
}

gboolean
vt_a11y_get_large_text (VtA11y *self)
{
  g_return_val_if_fail (VT_IS_A11Y (self), FALSE);
  return get_state (self, "large-text");
}

void
vt_a11y_set_large_text (VtA11y   *self,
                        gboolean  enabled)
{
  g_return_if_fail (VT_IS_A11Y (self));
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "large-text",
                                      g_variant_new_boolean (enabled));
}

void
vt_a11y_reset (VtA11y *self)
{
  g_return_if_fail (VT_IS_A11Y (self));

  vt_a11y_set_high_contrast (self, FALSE);
  vt_a11y_set_large_text (self, FALSE);
  vt_speaker_stop (self->speaker);
}

/* vt-idle-warning.c — "¿Sigue ahí?": the countdown before the kiosk forgets a person.
 *
 * It covers the whole window, so nothing behind it can be touched by mistake, and has a
 * single large button: a person who is still there needs only to touch it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-idle-warning.h"

#include <glib/gi18n-lib.h>

struct _VtIdleWarning
{
  GtkWidget  parent_instance;

  guint      seconds_left;
  GtkWidget *card;
  GtkWidget *title;
  GtkWidget *message;
  GtkWidget *count;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (VtIdleWarning, vt_idle_warning, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CONTINUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
message_text (guint seconds)
{
  return g_strdup_printf (g_dngettext (NULL,
                                       "Por su privacidad, todo lo que ingresó se borrará en "
                                       "%u segundo. Toque «Continuar» para seguir con su trámite.",
                                       "Por su privacidad, todo lo que ingresó se borrará en "
                                       "%u segundos. Toque «Continuar» para seguir con su trámite.",
                                       seconds),
                          seconds);
}

static void
continue_clicked_cb (VtIdleWarning *self)
{
  g_signal_emit (self, signals[SIGNAL_CONTINUE], 0);
}

static void
vt_idle_warning_dispose (GObject *object)
{
  VtIdleWarning *self = (VtIdleWarning *)object;

  g_clear_pointer (&self->card, gtk_widget_unparent);
  G_OBJECT_CLASS (vt_idle_warning_parent_class)->dispose (object);
}

static void
vt_idle_warning_class_init (VtIdleWarningClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vt_idle_warning_dispose;

  signals[SIGNAL_CONTINUE] = g_signal_new ("continue", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtidlewarning");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
}

static void
vt_idle_warning_init (VtIdleWarning *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_name (widget, "idle-warning");
  gtk_widget_add_css_class (widget, "idle-backdrop");

  self->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (self->card, "idle-card");
  gtk_widget_set_halign (self->card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->card, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->card, 560, -1);
  gtk_widget_set_parent (self->card, widget);

  self->title = gtk_label_new (_("¿Sigue ahí?"));
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_widget_add_css_class (self->title, "idle-title");
  gtk_box_append (GTK_BOX (self->card), self->title);

  self->count = gtk_label_new (NULL);
  gtk_widget_set_name (self->count, "idle-countdown");
  gtk_widget_add_css_class (self->count, "idle-countdown");
  gtk_box_append (GTK_BOX (self->card), self->count);

  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->message), 36);
  gtk_label_set_justify (GTK_LABEL (self->message), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->message, "idle-message");
  gtk_box_append (GTK_BOX (self->card), self->message);

  self->button = gtk_button_new_with_label (_("Continuar"));
  gtk_widget_set_name (self->button, "idle-continue");
  gtk_widget_add_css_class (self->button, "pill");
  gtk_widget_add_css_class (self->button, "suggested-action");
  gtk_widget_add_css_class (self->button, "idle-continue");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (continue_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->card), self->button);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->message, NULL,
                                  -1);
  vt_idle_warning_set_seconds_left (self, 30);
}

GtkWidget *
vt_idle_warning_new (void)
{
  return g_object_new (VT_TYPE_IDLE_WARNING, NULL);
}

void
vt_idle_warning_set_seconds_left (VtIdleWarning *self,
                                  guint          seconds)
{
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (VT_IS_IDLE_WARNING (self));

  self->seconds_left = seconds;
  count = g_strdup_printf ("%u", seconds);
  gtk_label_set_text (GTK_LABEL (self->count), count);
  message = message_text (seconds);
  gtk_label_set_text (GTK_LABEL (self->message), message);
}

guint
vt_idle_warning_get_seconds_left (VtIdleWarning *self)
{
  g_return_val_if_fail (VT_IS_IDLE_WARNING (self), 0);
  return self->seconds_left;
}

char *
vt_idle_warning_dup_text (VtIdleWarning *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (VT_IS_IDLE_WARNING (self), NULL);

  message = message_text (self->seconds_left);
  /* Quotation marks are for the eye; a voice would read them out. */
  {
    GString *plain = g_string_new (gtk_label_get_text (GTK_LABEL (self->title)));

    g_string_append_c (plain, ' ');
    g_string_append (plain, message);
    g_string_replace (plain, "«", "", 0);
    g_string_replace (plain, "»", "", 0);
    return g_string_free (plain, FALSE);
  }
}

GtkWidget *
vt_idle_warning_get_button (VtIdleWarning *self)
{
  g_return_val_if_fail (VT_IS_IDLE_WARNING (self), NULL);
  return self->button;
}

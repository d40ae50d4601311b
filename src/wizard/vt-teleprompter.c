/* vt-teleprompter.c — the text to read aloud, line by line, with the whole text folded below.
 *
 * The line being read is large, the one before dimmed and the next one readable; who moves the
 * highlight on (the voice) is the video page's business.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-teleprompter.h"

#include "capture/vt-speech-check.h"
#include "capture/vt-video-check.h"

#include <glib/gi18n-lib.h>


struct _VtTeleprompter
{
  GtkWidget   parent_instance;

  char      **lines;
  /* Seconds of voice each line takes at a normal reading rate. */
  double     *line_seconds;
  guint       n_lines;
  guint       current_line;

  GtkWidget  *prompter;
  GtkWidget  *line_before;
  GtkWidget  *line_current;
  GtkWidget  *line_next;
  GtkWidget  *expander;
  GtkWidget  *whole_text;
  GtkWidget  *meaning;
};

G_DEFINE_FINAL_TYPE (VtTeleprompter, vt_teleprompter, GTK_TYPE_WIDGET)

static void
update (VtTeleprompter *self)
{
  if (self->n_lines == 0)
    return;
  self->current_line = MIN (self->current_line, self->n_lines - 1);
  gtk_label_set_text (GTK_LABEL (self->line_before),
                      self->current_line > 0 ? self->lines[self->current_line - 1] : "");
  gtk_label_set_text (GTK_LABEL (self->line_current), self->lines[self->current_line]);
  gtk_label_set_text (GTK_LABEL (self->line_next),
                      self->current_line + 1 < self->n_lines
                      ? self->lines[self->current_line + 1] : "");
}

void
vt_teleprompter_set_text (VtTeleprompter *self,
                          const char     *text,
                          const char     *meaning)
{
  g_return_if_fail (VT_IS_TELEPROMPTER (self));

  g_clear_pointer (&self->lines, g_strfreev);
  g_clear_pointer (&self->line_seconds, g_free);
  self->lines = vt_video_split_lines (text, VT_VIDEO_LINE_CHARS);
  self->n_lines = g_strv_length (self->lines);
  self->line_seconds = g_new0 (double, MAX (self->n_lines, 1));
  for (guint i = 0; i < self->n_lines; i++)
    self->line_seconds[i] = vt_speech_expected_seconds (self->lines[i]);
  self->current_line = 0;
  update (self);
  gtk_label_set_text (GTK_LABEL (self->whole_text), text);
  gtk_label_set_text (GTK_LABEL (self->meaning), meaning);
  gtk_widget_set_visible (self->meaning, meaning != NULL);
}

guint
vt_teleprompter_get_n_lines (VtTeleprompter *self)
{
  g_return_val_if_fail (VT_IS_TELEPROMPTER (self), 0);
  return self->n_lines;
}

const char * const *
vt_teleprompter_get_lines (VtTeleprompter *self)
{
  g_return_val_if_fail (VT_IS_TELEPROMPTER (self), NULL);
  return (const char * const *)self->lines;
}

void
vt_teleprompter_follow_speech (VtTeleprompter *self,
                               double          heard_seconds)
{
  guint line;

  g_return_if_fail (VT_IS_TELEPROMPTER (self));

  if (self->n_lines == 0)
    return;
  /* The verdict (vt-speech-check.c) gives each line its speech in the same order. */
  line = vt_speech_line_for_heard (self->line_seconds, self->n_lines, heard_seconds);
  if (line != self->current_line)
    vt_teleprompter_set_current_line (self, line);
}

guint
vt_teleprompter_get_current_line (VtTeleprompter *self)
{
  g_return_val_if_fail (VT_IS_TELEPROMPTER (self), 0);
  return self->current_line;
}

void
vt_teleprompter_set_current_line (VtTeleprompter *self,
                                  guint           line)
{
  g_return_if_fail (VT_IS_TELEPROMPTER (self));

  self->current_line = line;
  update (self);
}

void
vt_teleprompter_set_recording (VtTeleprompter *self,
                               gboolean        recording)
{
  g_return_if_fail (VT_IS_TELEPROMPTER (self));

  if (recording)
    gtk_widget_add_css_class (self->prompter, "recording");
  else
    gtk_widget_remove_css_class (self->prompter, "recording");
}

static void
vt_teleprompter_dispose (GObject *object)
{
  VtTeleprompter *self = (VtTeleprompter *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vt_teleprompter_parent_class)->dispose (object);
}

static void
vt_teleprompter_finalize (GObject *object)
{
  VtTeleprompter *self = (VtTeleprompter *)object;

  g_strfreev (self->lines);
  g_free (self->line_seconds);

  G_OBJECT_CLASS (vt_teleprompter_parent_class)->finalize (object);
}

static void
vt_teleprompter_class_init (VtTeleprompterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_teleprompter_dispose;
  object_class->finalize = vt_teleprompter_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static GtkWidget *
new_line_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
vt_teleprompter_init (VtTeleprompter *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);

  self->prompter = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->prompter, "prompter");
  gtk_widget_set_name (self->prompter, "teleprompter");
  self->line_before = new_line_label ("prompter-before");
  self->line_current = new_line_label ("prompter-current");
  self->line_next = new_line_label ("prompter-next");
  gtk_widget_set_name (self->line_current, "prompter-current");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->line_current),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Línea que debe leer ahora"),
                                  -1);
  gtk_box_append (GTK_BOX (self->prompter), self->line_before);
  gtk_box_append (GTK_BOX (self->prompter), self->line_current);
  gtk_box_append (GTK_BOX (self->prompter), self->line_next);
  gtk_widget_set_parent (self->prompter, GTK_WIDGET (self));

  /* The whole text stays available, folded, for whoever wants to read it first. */
  self->expander = gtk_expander_new (_("Ver todo el texto"));
  gtk_widget_set_size_request (self->expander, -1, 48);
  self->whole_text = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->whole_text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->whole_text), 0);
  gtk_widget_add_css_class (self->whole_text, "prompter-whole");
  gtk_widget_set_name (self->whole_text, "video-text");
  gtk_expander_set_child (GTK_EXPANDER (self->expander), self->whole_text);
  gtk_widget_set_parent (self->expander, GTK_WIDGET (self));

  self->meaning = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->meaning), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->meaning), 0);
  gtk_widget_add_css_class (self->meaning, "field-help");
  gtk_widget_set_visible (self->meaning, FALSE);
  gtk_widget_set_parent (self->meaning, GTK_WIDGET (self));
}

GtkWidget *
vt_teleprompter_new (void)
{
  return g_object_new (VT_TYPE_TELEPROMPTER, NULL);
}

/* vt-channel-page.c — the channel choice (virtual or presencial) and its instructions.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-channel-page.h"

#include <glib/gi18n-lib.h>

struct _VtChannelPage
{
  VtPage     parent_instance;

  GPtrArray *buttons;
  GtkWidget *details;
};

G_DEFINE_FINAL_TYPE (VtChannelPage, vt_channel_page, VT_TYPE_PAGE)

static GtkWidget *
new_wrapped_label (const char *text,
                   const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_details (VtChannelPage   *self,
              const VtChannel *channel)
{
  GtkWidget *child;
  GtkWidget *list;

  while ((child = gtk_widget_get_first_child (self->details)) != NULL)
    gtk_box_remove (GTK_BOX (self->details), child);

  if (channel == NULL)
    return;

  /* A channel the kiosk cannot file (the seed asks for what a kiosk cannot give, such as an
   * electronic signature): why, and what the person can do instead; nothing else. */
  if (!channel->available)
    {
      GtkWidget *reason = new_wrapped_label (vt_procedure_tr (channel->unavailable_reason),
                                             "notice");

      gtk_widget_set_name (reason, "channel-unavailable");
      gtk_box_append (GTK_BOX (self->details),
                      new_wrapped_label (_("Este quiosco no puede hacerlo por usted"), "heading"));
      gtk_box_append (GTK_BOX (self->details), reason);
      return;
    }

  gtk_box_append (GTK_BOX (self->details),
                  new_wrapped_label (_("Lo que hará el quiosco"), "heading"));
  gtk_box_append (GTK_BOX (self->details),
                  new_wrapped_label (vt_procedure_tr (channel->instructions), "body-text"));

  if (channel->appointment_required)
    {
      GtkWidget *note = new_wrapped_label (
        _("Este trámite necesita un turno en línea. El quiosco prepara sus documentos; "
          "después genere su turno en el portal del IESS y preséntese en la fecha elegida."),
        "notice");
      gtk_box_append (GTK_BOX (self->details), note);
    }

  if (channel->bring[0] != NULL)
    {
      gtk_box_append (GTK_BOX (self->details),
                      new_wrapped_label (_("Lo que necesita traer o hacer"), "heading"));
      list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      for (guint i = 0; channel->bring[i]; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", vt_procedure_tr (channel->bring[i]));
          gtk_box_append (GTK_BOX (list), new_wrapped_label (item, "body-text"));
        }
      gtk_box_append (GTK_BOX (self->details), list);
    }

  if (channel->after != NULL)
    {
      gtk_box_append (GTK_BOX (self->details),
                      new_wrapped_label (_("Después del quiosco"), "heading"));
      gtk_box_append (GTK_BOX (self->details),
                      new_wrapped_label (vt_procedure_tr (channel->after), "body-text"));
    }
}

static void
channel_toggled_cb (GtkToggleButton *button,
                    VtChannelPage   *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  const VtChannel *channel = g_object_get_data (G_OBJECT (button), "vt-channel");

  if (!gtk_toggle_button_get_active (button))
    return;
  vt_session_set_answer (session, "canal", channel->available ? channel->id : NULL);
  show_details (self, channel);
  vt_page_set_complete (VT_PAGE (self), channel->available);
}

static void
vt_channel_page_shown (VtPage *page)
{
  VtChannelPage *self = VT_CHANNEL_PAGE (page);
  VtSession *session = vt_page_get_session (page);
  const char *canal = vt_session_get_answer (session, "canal");

  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->buttons, i);
      const VtChannel *channel = g_object_get_data (G_OBJECT (button), "vt-channel");

      if (g_strcmp0 (canal, channel->id) == 0)
        gtk_toggle_button_set_active (button, TRUE);
    }
}

static void
vt_channel_page_finalize (GObject *object)
{
  VtChannelPage *self = (VtChannelPage *)object;

  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_channel_page_parent_class)->finalize (object);
}

static void
vt_channel_page_class_init (VtChannelPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_channel_page_finalize;
  VT_PAGE_CLASS (klass)->shown = vt_channel_page_shown;
}

static void
vt_channel_page_init (VtChannelPage *self)
{
  self->buttons = g_ptr_array_new ();
}

VtPage *
vt_channel_page_new (VtSession *session)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  GPtrArray *channels = vt_procedure_get_channels (procedure);
  VtChannelPage *self;
  GtkToggleButton *group = NULL;

  self = g_object_new (VT_TYPE_CHANNEL_PAGE,
                       "session", session,
                       "page-id", "canal",
                       "title", vt_procedure_tr (vt_procedure_get_title (procedure)),
                       NULL);

  if (channels->len > 1)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

      vt_page_set_description (VT_PAGE (self), _("¿Cómo quiere presentar su trámite?"));
      for (guint i = 0; i < channels->len; i++)
        {
          const VtChannel *channel = g_ptr_array_index (channels, i);
          g_autofree char *title = channel->available
            ? g_strdup (vt_procedure_tr (channel->title))
            : g_strdup_printf (_("%s (no disponible en este quiosco)"),
                               vt_procedure_tr (channel->title));
          GtkWidget *button = gtk_toggle_button_new_with_label (title);
          g_autofree char *name = g_strdup_printf ("channel-%s", channel->id);

          gtk_widget_set_name (button, name);
          gtk_widget_add_css_class (button, "choice");
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
          else
            group = GTK_TOGGLE_BUTTON (button);
          g_object_set_data (G_OBJECT (button), "vt-channel", (gpointer)channel);
          g_signal_connect (button, "toggled", G_CALLBACK (channel_toggled_cb), self);
          g_ptr_array_add (self->buttons, button);
          gtk_box_append (GTK_BOX (box), button);
        }
      vt_page_append (VT_PAGE (self), box);
    }
  else
    {
      const VtChannel *channel = g_ptr_array_index (channels, 0);

      vt_page_set_description (VT_PAGE (self), vt_procedure_tr (vt_procedure_get_summary (procedure)));
      vt_session_set_answer (session, "canal", channel->id);
      vt_page_set_complete (VT_PAGE (self), TRUE);
    }

  self->details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (self->details, "channel-details");
  vt_page_append (VT_PAGE (self), self->details);
  if (channels->len == 1)
    show_details (self, g_ptr_array_index (channels, 0));

  return VT_PAGE (self);
}

/* vt-review-page.c — everything the person entered, grouped by page.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-review-page.h"

#include "vt-ocr-check.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _VtReviewPage
{
  VtPage        parent_instance;

  GCancellable *cancellable;
  GtkWidget    *ocr_notice;
  GtkWidget *missing;
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (VtReviewPage, vt_review_page, VT_TYPE_PAGE)

enum {
  SIGNAL_EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
change_clicked_cb (GtkButton    *button,
                   VtReviewPage *self)
{
  const char *page_id = g_object_get_data (G_OBJECT (button), "vt-page-id");

  g_signal_emit (self, signals[SIGNAL_EDIT], 0, page_id);
}

static GtkWidget *
new_change_button (VtReviewPage *self,
                   const char   *page_id,
                   const char   *what)
{
  GtkWidget *button = gtk_button_new_with_label (_("Cambiar"));
  g_autofree char *name = g_strdup_printf ("change-%s", page_id);
  g_autofree char *accessible = g_strdup_printf (_("Cambiar: %s"), what);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "change-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "vt-page-id", g_strdup (page_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (change_clicked_cb), self);
  return button;
}

static GtkWidget *
new_group (VtReviewPage *self,
           const char   *title,
           const char   *page_id)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), new_change_button (self, page_id, title));
  gtk_box_append (GTK_BOX (group), header);
  gtk_widget_add_css_class (group, "review-group");
  return group;
}

static void
add_item (GtkWidget  *group,
          const char *label_text,
          const char *value_text,
          gboolean    missing)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (label_text);
  GtkWidget *value = gtk_label_new (value_text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "review-label");
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), FALSE);
  gtk_widget_add_css_class (value, missing ? "review-missing" : "review-value");
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), value);
  gtk_box_append (GTK_BOX (group), row);
}

static void
rebuild (VtReviewPage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  VtProcedure *procedure = vt_session_get_procedure (session);
  GPtrArray *pages = vt_procedure_get_pages (procedure);
  const VtChannel *channel = vt_procedure_find_channel (procedure,
                                                        vt_session_get_answer (session, "canal"));
  g_autoptr(GPtrArray) missing = vt_session_list_missing (session);
  GtkWidget *child;
  GtkWidget *group;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);

  group = new_group (self, _("Forma de presentación"), "canal");
  add_item (group, _("Canal"), channel ? vt_procedure_tr (channel->title) : _("Falta elegir"),
            channel == NULL);
  gtk_box_append (GTK_BOX (self->list), group);

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (!vt_session_page_is_active (session, page))
        continue;

      group = new_group (self, vt_procedure_tr (page->title), page->id);
      if (page->fields != NULL)
        {
          for (guint j = 0; j < page->fields->len; j++)
            {
              const VtField *field = g_ptr_array_index (page->fields, j);
              g_autofree char *value = NULL;

              if (!vt_session_field_is_active (session, field))
                continue;
              value = vt_session_dup_display_value (session, field);
              if (value == NULL && !field->required)
                continue;
              add_item (group, vt_procedure_tr (field->label), value ? value : _("Falta este dato"),
                        value == NULL);
            }
        }
      else
        {
          const VtDocument *document = vt_procedure_find_document (procedure, page->document);
          gboolean captured = vt_session_has_capture (session, document->id);

          add_item (group, vt_procedure_tr (document->title),
                    captured ? (document->kind == VT_DOCUMENT_SIGNATURE ? _("Firmado")
                                : document->kind == VT_DOCUMENT_VIDEO ? _("Grabado")
                                : _("Capturado"))
                             : document->required ? _("Falta") : _("No adjuntado (opcional)"),
                    !captured && document->required);
        }
      gtk_box_append (GTK_BOX (self->list), group);
    }

  if (missing->len > 0)
    {
      g_autoptr(GString) text = g_string_new (_("Antes de enviar, complete lo que falta:"));

      for (guint i = 0; i < missing->len; i++)
        g_string_append_printf (text, "\n•  %s", (const char *)g_ptr_array_index (missing, i));
      gtk_label_set_text (GTK_LABEL (self->missing), text->str);
    }
  gtk_widget_set_visible (self->missing, missing->len > 0);
  vt_page_set_complete (VT_PAGE (self), missing->len == 0 && channel != NULL);
}

static void
update_ocr_notice (VtReviewPage *self)
{
  g_autofree char *warning = vt_ocr_check_warning (vt_page_get_session (VT_PAGE (self)));

  gtk_label_set_text (GTK_LABEL (self->ocr_notice), warning);
  gtk_widget_set_visible (self->ocr_notice, warning != NULL);
}

static void
ocr_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtReviewPage) self = user_data;

  if (vt_ocr_check_finish (VT_SESSION (object), result, NULL))
    update_ocr_notice (self);
}

static void
vt_review_page_shown (VtPage *page)
{
  VtReviewPage *self = VT_REVIEW_PAGE (page);

  rebuild (self);
  update_ocr_notice (self);
  /* Reading the ID takes a second: the review shows at once, a warning follows if needed. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  vt_ocr_check_async (vt_page_get_session (page), self->cancellable, ocr_checked_cb,
                      g_object_ref (self));
}

static void
vt_review_page_dispose (GObject *object)
{
  VtReviewPage *self = (VtReviewPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vt_review_page_parent_class)->dispose (object);
}

static void
vt_review_page_class_init (VtReviewPageClass *klass)
{
  VT_PAGE_CLASS (klass)->shown = vt_review_page_shown;
  G_OBJECT_CLASS (klass)->dispose = vt_review_page_dispose;

  signals[SIGNAL_EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_review_page_init (VtReviewPage *self)
{
}

VtPage *
vt_review_page_new (VtSession *session)
{
  VtReviewPage *self = g_object_new (VT_TYPE_REVIEW_PAGE,
                                     "session", session,
                                     "page-id", "revision",
                                     "title", _("Revise sus datos"),
                                     NULL);

  vt_page_set_description (VT_PAGE (self),
                           _("Compruebe que todo esté bien. Si algo no lo está, pulse «Cambiar»."));
  vt_page_set_next_label (VT_PAGE (self), _("Enviar trámite"));

  self->ocr_notice = gtk_label_new (NULL);
  gtk_widget_set_name (self->ocr_notice, "ocr-warning");
  gtk_label_set_wrap (GTK_LABEL (self->ocr_notice), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->ocr_notice), 0);
  gtk_widget_add_css_class (self->ocr_notice, "notice");
  gtk_widget_set_visible (self->ocr_notice, FALSE);
  vt_page_append (VT_PAGE (self), self->ocr_notice);

  self->missing = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->missing), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->missing), 0);
  gtk_widget_add_css_class (self->missing, "notice");
  gtk_widget_set_visible (self->missing, FALSE);
  vt_page_append (VT_PAGE (self), self->missing);

  self->list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  vt_page_append (VT_PAGE (self), self->list);
  return VT_PAGE (self);
}

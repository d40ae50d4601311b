/* vt-staff-queue-page.c — the queue as staff see it: codes and states, never a person's data.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-staff-queue-page.h"

#include "kiosk/vt-diagnostics.h"
#include "procedures/vt-procedure.h"

#include <glib/gi18n-lib.h>

#define REFRESH_MS 3000

struct _VtStaffQueuePage
{
  AdwBin      parent_instance;

  VtQueue    *queue;
  VtUploader *uploader;
  GPtrArray  *procedures;
  GtkWidget  *summary;
  GtkWidget  *message;
  GtkWidget  *list;
  GtkWidget  *retry_all;
  guint       refresh_id;
};

G_DEFINE_FINAL_TYPE (VtStaffQueuePage, vt_staff_queue_page, ADW_TYPE_BIN)

static const char *
procedure_title (VtStaffQueuePage *self,
                 const char       *id)
{
  for (guint i = 0; self->procedures && i < self->procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (self->procedures, i);
      if (g_strcmp0 (vt_procedure_get_id (procedure), id) == 0)
        return vt_procedure_tr (vt_procedure_get_title (procedure));
    }
  return id;
}

static void
set_message (VtStaffQueuePage *self,
             const char       *text)
{
  gtk_label_set_text (GTK_LABEL (self->message), text);
  gtk_widget_set_visible (self->message, text != NULL && *text != '\0');
}

/* Puts items back in line, due now, and wakes the uploader. */
static void
retry (VtStaffQueuePage *self,
       const char       *only_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  entries = vt_diagnostics_list_queue (vt_queue_get_directory (self->queue), &error);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      VtQueueEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->state, "sent") || g_str_equal (entry->state, "uploading")
          || (only_id != NULL && g_strcmp0 (entry->id, only_id) != 0))
        continue;
      if (vt_queue_requeue (self->queue, entry->id, error ? NULL : &error))
        n++;
    }
  if (error != NULL)
    set_message (self, _("No se pudo volver a poner en cola: revise el diagnóstico."));
  else if (self->uploader == NULL)
    set_message (self, _("No hay servidor de envíos configurado: los envíos siguen esperando "
                         "en el quiosco."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Enviando %u envío ahora.",
                                                            "Enviando %u envíos ahora.", n), n);
      vt_uploader_kick (self->uploader);
      set_message (self, n > 0 ? text : _("No hay nada que reintentar."));
    }
  vt_staff_queue_page_refresh (self);
}

static void
retry_one_cb (GtkButton        *button,
              VtStaffQueuePage *self)
{
  retry (self, g_object_get_data (G_OBJECT (button), "submission-id"));
}

static void
retry_all_cb (VtStaffQueuePage *self)
{
  retry (self, NULL);
}

static GtkWidget *
make_row (VtStaffQueuePage *self,
          VtQueueEntry     *entry)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *code = gtk_label_new (entry->code);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (procedure_title (self, entry->procedure_id));
  g_autofree char *name = g_strdup_printf ("queue-code-%s", entry->code);
  g_autofree char *details = NULL;
  g_autofree char *attempts = g_strdup_printf (g_dngettext (NULL, "%d intento", "%d intentos",
                                                            (gulong)entry->attempts),
                                               entry->attempts);
  GtkWidget *details_label;

  gtk_widget_set_margin_top (row, 12);
  gtk_widget_set_margin_bottom (row, 12);
  gtk_widget_set_margin_start (row, 18);
  gtk_widget_set_margin_end (row, 18);

  gtk_widget_set_name (code, name);
  gtk_widget_add_css_class (code, "title-2");
  gtk_widget_add_css_class (code, "monospace");
  gtk_label_set_width_chars (GTK_LABEL (code), 9);
  gtk_label_set_xalign (GTK_LABEL (code), 0);
  gtk_box_append (GTK_BOX (row), code);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);
  if (g_str_equal (entry->state, "sent"))
    details = g_strdup (vt_diagnostics_describe_state (entry->state));
  else
    details = g_strdup_printf ("%s · %s · %s", vt_diagnostics_describe_state (entry->state),
                               attempts,
                               vt_diagnostics_describe_error_class (entry->last_error_class));
  details_label = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (details_label), 0);
  gtk_label_set_wrap (GTK_LABEL (details_label), TRUE);
  if (g_str_equal (entry->state, "needs-attention"))
    gtk_widget_add_css_class (details_label, "error");
  gtk_box_append (GTK_BOX (text), details_label);
  gtk_box_append (GTK_BOX (row), text);

  if (!g_str_equal (entry->state, "sent"))
    {
      g_autofree char *accessible = g_strdup_printf (_("Reintentar ahora el envío %s"),
                                                     entry->code);
      GtkWidget *button = gtk_button_new_with_label (_("Reintentar ahora"));
      g_autofree char *button_name = g_strdup_printf ("queue-retry-%s", entry->code);

      gtk_widget_set_name (button, button_name);

      g_object_set_data_full (G_OBJECT (button), "submission-id", g_strdup (entry->id), g_free);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (button, -1, 56);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_widget_set_sensitive (button, !g_str_equal (entry->state, "uploading"));
      g_signal_connect (button, "clicked", G_CALLBACK (retry_one_cb), self);
      gtk_box_append (GTK_BOX (row), button);
    }
  return row;
}

void
vt_staff_queue_page_refresh (VtStaffQueuePage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint waiting = 0, attention = 0;

  g_return_if_fail (VT_IS_STAFF_QUEUE_PAGE (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  entries = vt_diagnostics_list_queue (vt_queue_get_directory (self->queue), &error);
  if (entries == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary),
                          _("No se pudo leer la cola de envíos: abra el diagnóstico."));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      VtQueueEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->state, "needs-attention"))
        attention++;
      else if (!g_str_equal (entry->state, "sent"))
        waiting++;
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (self, entry));
    }
  if (entries->len == 0)
    gtk_label_set_text (GTK_LABEL (self->summary), _("No hay envíos en el quiosco."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("En espera: %u. Necesitan revisión: %u."),
                                               waiting, attention);
      gtk_label_set_text (GTK_LABEL (self->summary), text);
    }
  gtk_widget_set_sensitive (self->retry_all, waiting + attention > 0);
}

static gboolean
refresh_cb (gpointer user_data)
{
  vt_staff_queue_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
map_cb (VtStaffQueuePage *self)
{
  vt_staff_queue_page_refresh (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
unmap_cb (VtStaffQueuePage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
vt_staff_queue_page_dispose (GObject *object)
{
  VtStaffQueuePage *self = (VtStaffQueuePage *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->queue);
  g_clear_object (&self->uploader);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_staff_queue_page_parent_class)->dispose (object);
}

static void
vt_staff_queue_page_class_init (VtStaffQueuePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_staff_queue_page_dispose;
}

static void
vt_staff_queue_page_init (VtStaffQueuePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *title = gtk_label_new (_("Cola de envíos"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_add_css_class (box, "page-body");
  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (texts), title);
  self->summary = gtk_label_new (NULL);
  gtk_widget_set_name (self->summary, "queue-summary");
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_widget_add_css_class (self->summary, "body-text");
  gtk_box_append (GTK_BOX (texts), self->summary);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (header), texts);

  self->retry_all = gtk_button_new_with_label (_("Reintentar todo ahora"));
  gtk_widget_set_name (self->retry_all, "queue-retry-all");
  gtk_widget_add_css_class (self->retry_all, "suggested-action");
  gtk_widget_add_css_class (self->retry_all, "pill");
  gtk_widget_set_valign (self->retry_all, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->retry_all, -1, 64);
  g_signal_connect_swapped (self->retry_all, "clicked", G_CALLBACK (retry_all_cb), self);
  gtk_box_append (GTK_BOX (header), self->retry_all);
  gtk_box_append (GTK_BOX (box), header);

  self->message = gtk_label_new (NULL);
  gtk_widget_set_name (self->message, "queue-message");
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (box), self->message);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Envíos en el quiosco"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_widget_set_name (GTK_WIDGET (self), "staff-queue-page");
  adw_bin_set_child (ADW_BIN (self), box);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
}

GtkWidget *
vt_staff_queue_page_new (VtQueue   *queue,
                         GPtrArray *procedures)
{
  VtStaffQueuePage *self;

  g_return_val_if_fail (VT_IS_QUEUE (queue), NULL);

  self = g_object_new (VT_TYPE_STAFF_QUEUE_PAGE, NULL);
  self->queue = g_object_ref (queue);
  self->procedures = procedures ? g_ptr_array_ref (procedures) : NULL;
  return GTK_WIDGET (self);
}

void
vt_staff_queue_page_set_uploader (VtStaffQueuePage *self,
                                  VtUploader       *uploader)
{
  g_return_if_fail (VT_IS_STAFF_QUEUE_PAGE (self));
  g_set_object (&self->uploader, uploader);
}

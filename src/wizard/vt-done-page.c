/* vt-done-page.c — a large, readable code and the next steps from the procedure's text.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-done-page.h"

#include "outbox/vt-uploader.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtk/gtkunixprint.h>

struct _VtDonePage
{
  GtkWidget  parent_instance;

  VtReceipt *receipt;
  GBytes    *packet;
  GtkWidget *packet_button;
  GtkWidget *print_button;
  GtkWidget *print_status;
  GtkWidget *details;
  GtkWidget *qr;
  GtkWidget *layout;
  GtkWidget *upload_status;
  GtkWidget *upload_progress;

  VtUploader *uploader;
  char       *submission_id;
};

G_DEFINE_FINAL_TYPE (VtDonePage, vt_done_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vt_done_page_dispose (GObject *object)
{
  VtDonePage *self = (VtDonePage *)object;

  g_clear_pointer (&self->layout, gtk_widget_unparent);
  g_clear_pointer (&self->receipt, vt_receipt_free);
  g_clear_pointer (&self->packet, g_bytes_unref);
  g_clear_object (&self->uploader);
  G_OBJECT_CLASS (vt_done_page_parent_class)->dispose (object);
}

static void
vt_done_page_finalize (GObject *object)
{
  VtDonePage *self = (VtDonePage *)object;

  g_free (self->submission_id);
  G_OBJECT_CLASS (vt_done_page_parent_class)->finalize (object);
}

static void
vt_done_page_class_init (VtDonePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vt_done_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = vt_done_page_finalize;
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtdonepage");
}

static void
vt_done_page_init (VtDonePage *self)
{
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
finish_clicked_cb (VtDonePage *self)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              VtDonePage        *self)
{
  vt_receipt_draw (self->receipt, gtk_print_context_get_cairo_context (context),
                   gtk_print_context_get_width (context),
                   gtk_print_context_get_height (context));
}

gboolean
vt_done_page_print (VtDonePage  *self,
                    const char  *export_path,
                    GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  GtkPrintOperationResult result;
  GtkRoot *root;

  g_return_val_if_fail (VT_IS_DONE_PAGE (self), FALSE);
  g_return_val_if_fail (self->receipt != NULL, FALSE);

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a5);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, "Comprobante Ventanilla");
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  result = gtk_print_operation_run (operation,
                                    export_path ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                : GTK_PRINT_OPERATION_ACTION_PRINT,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_clicked_cb (VtDonePage *self)
{
  g_autoptr(GError) error = NULL;

  /* No dialog at a kiosk: the receipt goes to the kiosk's printer. */
  if (vt_done_page_print (self, NULL, &error))
    gtk_label_set_text (GTK_LABEL (self->print_status), _("Comprobante enviado a la impresora."));
  else
    {
      g_warning ("Printing the receipt failed: %s", error ? error->message : "unknown");
      gtk_label_set_text (GTK_LABEL (self->print_status),
                          _("No se pudo imprimir. Anote su código o tómele una foto."));
    }
  gtk_widget_set_visible (self->print_status, TRUE);
}

static gboolean
find_printer_cb (GtkPrinter *printer,
                 gpointer    user_data)
{
  GtkPrinter **found = user_data;

  /* "Print to File" and the like are not the kiosk's printer. */
  if (gtk_printer_is_virtual (printer) || !gtk_printer_accepts_pdf (printer))
    return FALSE;
  if (*found == NULL || gtk_printer_is_default (printer))
    g_set_object (found, printer);
  return gtk_printer_is_default (printer);
}

gboolean
vt_done_page_print_packet (VtDonePage  *self,
                           const char  *export_path,
                           GError     **error)
{
  g_autoptr(GtkPrinter) printer = NULL;
  g_autoptr(GtkPrintJob) job = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  gsize written;

  g_return_val_if_fail (VT_IS_DONE_PAGE (self), FALSE);
  g_return_val_if_fail (self->packet != NULL, FALSE);

  if (export_path != NULL)
    return g_file_set_contents_full (export_path, g_bytes_get_data (self->packet, NULL),
                                     g_bytes_get_size (self->packet),
                                     G_FILE_SET_CONTENTS_NONE, 0600, error);

  gtk_enumerate_printers (find_printer_cb, &printer, NULL, TRUE);
  if (printer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Este quiosco no tiene una impresora disponible."));
      return FALSE;
    }

  /* The packet holds personal data: it goes to the printer from a temporary file that is
   * removed as soon as it is spooled. */
  file = g_file_new_tmp ("ventanilla-XXXXXX.pdf", &io, error);
  if (file == NULL)
    return FALSE;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (io)),
                                  g_bytes_get_data (self->packet, NULL),
                                  g_bytes_get_size (self->packet), &written, NULL, error)
      || !g_io_stream_close (G_IO_STREAM (io), NULL, error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  settings = gtk_print_settings_new ();
  setup = gtk_page_setup_new ();
  job = gtk_print_job_new ("Documentos Ventanilla", printer, settings, setup);
  if (!gtk_print_job_set_source_file (job, g_file_peek_path (file), error))
    {
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }
  gtk_print_job_send (job, NULL, NULL, NULL);
  g_file_delete (file, NULL, NULL);
  return TRUE;
}

static void
print_packet_clicked_cb (VtDonePage *self)
{
  g_autoptr(GError) error = NULL;

  if (vt_done_page_print_packet (self, NULL, &error))
    gtk_label_set_text (GTK_LABEL (self->print_status),
                        _("Documentos enviados a la impresora."));
  else
    {
      g_warning ("Printing the packet failed: %s", error ? error->message : "unknown");
      gtk_label_set_text (GTK_LABEL (self->print_status),
                          _("No se pudo imprimir. Pida ayuda al personal del quiosco."));
    }
  gtk_widget_set_visible (self->print_status, TRUE);
}

void
vt_done_page_set_packet (VtDonePage *self,
                         GBytes     *packet)
{
  g_return_if_fail (VT_IS_DONE_PAGE (self));

  g_clear_pointer (&self->packet, g_bytes_unref);
  self->packet = packet ? g_bytes_ref (packet) : NULL;
  gtk_widget_set_visible (self->packet_button, packet != NULL);
}

static void
draw_qr_cb (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  VtDonePage *self = user_data;

  if (self->receipt != NULL)
    vt_receipt_draw_qr (self->receipt, cr, (width - MIN (width, height)) / 2.0, 0,
                        MIN (width, height));
}

const VtReceipt *
vt_done_page_get_receipt (VtDonePage *self)
{
  g_return_val_if_fail (VT_IS_DONE_PAGE (self), NULL);
  return self->receipt;
}

void
vt_done_page_set_bundle_sha256 (VtDonePage *self,
                                const char *sha256)
{
  g_return_if_fail (VT_IS_DONE_PAGE (self));

  if (self->receipt != NULL)
    {
      g_free (self->receipt->bundle_sha256);
      self->receipt->bundle_sha256 = g_strdup (sha256);
      gtk_widget_queue_draw (self->qr);
    }
}

void
vt_done_page_set_receipt (VtDonePage *self,
                          VtReceipt  *receipt)
{
  g_return_if_fail (VT_IS_DONE_PAGE (self));

  g_clear_pointer (&self->receipt, vt_receipt_free);
  self->receipt = receipt;
  gtk_widget_set_visible (self->print_button, receipt != NULL);

  if (receipt != NULL && receipt->created != NULL)
    {
      g_autofree char *when = g_date_time_format (receipt->created, "%d/%m/%Y %H:%M");
      g_autofree char *text = g_strdup_printf (_("Registrado el %s en el quiosco %s."), when,
                                               receipt->kiosk ? receipt->kiosk : "Ventanilla");
      gtk_label_set_text (GTK_LABEL (self->details), text);
    }
  gtk_widget_set_visible (self->details, receipt != NULL);
  gtk_widget_set_visible (self->qr, receipt != NULL);
  gtk_widget_queue_draw (self->qr);
}

/* Where this submission is, in words a person understands; nothing about them. */
static void
show_upload_state (VtDonePage *self,
                   const char *state,
                   guint64     offset,
                   guint64     length)
{
  g_autofree char *text = NULL;
  gboolean sending = g_strcmp0 (state, "uploading") == 0;

  if (sending && length > 0)
    {
      guint percent = (guint) MIN (offset * 100 / length, 100);

      text = g_strdup_printf (_("Enviando… %u %%"), percent);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->upload_progress),
                                     (double) offset / (double) length);
    }
  else if (sending)
    text = g_strdup (_("Enviando…"));
  else if (g_strcmp0 (state, "sent") == 0)
    text = g_strdup (_("Enviada a la oficina del IESS"));
  else if (g_strcmp0 (state, "needs-attention") == 0)
    text = g_strdup (_("Guardada en el quiosco: el personal se encargará de enviarla"));
  else if (g_strcmp0 (state, "waiting") == 0)
    text = g_strdup (_("Preparando el envío…"));
  else
    text = g_strdup (_("Se enviará cuando haya conexión"));

  gtk_label_set_text (GTK_LABEL (self->upload_status), text);
  gtk_widget_set_visible (self->upload_progress, sending && length > 0);
}

static void
upload_progress_cb (VtUploader *uploader,
                    const char *id,
                    guint64     offset,
                    guint64     length,
                    VtDonePage *self)
{
  if (g_strcmp0 (id, self->submission_id) == 0)
    show_upload_state (self, "uploading", offset, length);
}

static void
upload_item_done_cb (VtUploader *uploader,
                     const char *id,
                     const char *state,
                     VtDonePage *self)
{
  if (g_strcmp0 (id, self->submission_id) == 0)
    show_upload_state (self, state, 0, 0);
}

void
vt_done_page_set_uploader (VtDonePage *self,
                           VtUploader *uploader,
                           const char *submission_id)
{
  const char *state = NULL;
  guint64 offset = 0;
  guint64 length = 0;

  g_return_if_fail (VT_IS_DONE_PAGE (self));
  g_return_if_fail (uploader == NULL || VT_IS_UPLOADER (uploader));
  g_return_if_fail (self->uploader == NULL);

  g_free (self->submission_id);
  self->submission_id = g_strdup (submission_id);
  if (uploader == NULL || submission_id == NULL)
    {
      /* No upload server on this kiosk (yet): the queue keeps it until there is one. */
      show_upload_state (self, "queued", 0, 0);
      return;
    }

  self->uploader = g_object_ref (uploader);
  g_signal_connect_object (uploader, "progress", G_CALLBACK (upload_progress_cb), self, 0);
  g_signal_connect_object (uploader, "item-done", G_CALLBACK (upload_item_done_cb), self, 0);
  /* The upload may have begun, or even ended, before this page existed. */
  if (vt_uploader_lookup (uploader, submission_id, &state, &offset, &length))
    show_upload_state (self, state, offset, length);
  else
    show_upload_state (self, "waiting", 0, 0);
}

const char *
vt_done_page_get_upload_status (VtDonePage *self)
{
  g_return_val_if_fail (VT_IS_DONE_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->upload_status));
}

GtkWidget *
vt_done_page_new (VtProcedure *procedure,
                  const char  *channel_id,
                  const char  *code)
{
  VtDonePage *self = g_object_new (VT_TYPE_DONE_PAGE, NULL);
  const VtChannel *channel = vt_procedure_find_channel (procedure, channel_id);
  GtkWidget *scroller;
  GtkWidget *clamp;
  GtkWidget *box;
  GtkWidget *actions;
  GtkWidget *code_label;
  GtkWidget *button;
  g_autoptr(GString) spaced = g_string_new (NULL);

  /* The content scrolls; "Terminar" stays in the bar at the bottom, always in reach. */
  self->layout = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->layout, GTK_WIDGET (self));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->layout), scroller);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class (box, "page-body");
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  add_label (box, _("Su trámite quedó registrado"), "title-1");
  add_label (box, vt_procedure_tr (vt_procedure_get_title (procedure)), "page-description");
  add_label (box, _("Su código de trámite es:"), "heading");

  code_label = gtk_label_new (code);
  gtk_widget_set_name (code_label, "submission-code");
  gtk_label_set_selectable (GTK_LABEL (code_label), FALSE);
  gtk_widget_add_css_class (code_label, "submission-code");
  gtk_widget_set_halign (code_label, GTK_ALIGN_CENTER);
  /* Read out letter by letter by screen readers. */
  for (const char *p = code; *p; p++)
    g_string_append_printf (spaced, "%s%c", p == code ? "" : " ", *p);
  gtk_accessible_update_property (GTK_ACCESSIBLE (code_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spaced->str, -1);
  gtk_box_append (GTK_BOX (box), code_label);
  /* The same QR as on the receipt: staff can scan it from the screen or a photo of it. */
  self->qr = gtk_drawing_area_new ();
  gtk_widget_set_name (self->qr, "submission-qr");
  gtk_widget_set_size_request (self->qr, 180, 180);
  gtk_widget_set_halign (self->qr, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->qr), draw_qr_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Código QR del trámite"), -1);
  gtk_widget_set_visible (self->qr, FALSE);
  gtk_box_append (GTK_BOX (box), self->qr);
  self->details = add_label (box, NULL, "body-text");
  gtk_widget_set_name (self->details, "submission-details");
  gtk_label_set_xalign (GTK_LABEL (self->details), 0.5);
  gtk_widget_set_visible (self->details, FALSE);
  self->upload_status = add_label (box, NULL, "heading");
  gtk_widget_set_name (self->upload_status, "upload-status");
  gtk_label_set_xalign (GTK_LABEL (self->upload_status), 0.5);
  self->upload_progress = gtk_progress_bar_new ();
  gtk_widget_set_name (self->upload_progress, "upload-progress");
  gtk_widget_set_size_request (self->upload_progress, 320, -1);
  gtk_widget_set_halign (self->upload_progress, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->upload_progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progreso del envío"), -1);
  gtk_box_append (GTK_BOX (box), self->upload_progress);
  show_upload_state (self, "queued", 0, 0);
  add_label (box, _("Anote este código o tómele una foto: lo necesitará si consulta por su "
                    "trámite. Sus datos ya no quedan visibles en este quiosco."),
             "body-text");

  self->print_button = gtk_button_new_with_label (_("Imprimir comprobante"));
  gtk_widget_set_name (self->print_button, "print-receipt");
  gtk_widget_set_halign (self->print_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->print_button, "pill");
  gtk_widget_set_visible (self->print_button, FALSE);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (print_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->print_button);
  self->packet_button = gtk_button_new_with_label (_("Imprimir los documentos para llevar"));
  gtk_widget_set_name (self->packet_button, "print-packet");
  gtk_widget_set_halign (self->packet_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->packet_button, "pill");
  gtk_widget_set_visible (self->packet_button, FALSE);
  g_signal_connect_swapped (self->packet_button, "clicked",
                            G_CALLBACK (print_packet_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->packet_button);
  self->print_status = add_label (box, NULL, "body-text");
  gtk_widget_set_visible (self->print_status, FALSE);

  if (channel != NULL && channel->after != NULL)
    {
      add_label (box, _("Qué pasa ahora"), "heading");
      add_label (box, vt_procedure_tr (channel->after), "body-text");
    }
  if (channel != NULL && channel->appointment_required)
    add_label (box, _("Recuerde: genere su turno en línea en el portal del IESS y lleve los "
                      "documentos originales el día de su cita."), "notice");
  /* What to bring matters only to people who still have to go to an agency. */
  if (channel != NULL && g_str_equal (channel->id, "presencial") && channel->bring[0] != NULL)
    {
      add_label (box, _("Recuerde llevar o hacer"), "heading");
      for (guint i = 0; channel->bring[i]; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", vt_procedure_tr (channel->bring[i]));
          add_label (box, item, "body-text");
        }
    }

  button = gtk_button_new_with_label (_("Terminar"));
  gtk_widget_set_name (button, "finish");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "nav-button");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (finish_clicked_cb), self);
  actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (actions, "assistant-actions");
  gtk_box_append (GTK_BOX (actions), button);
  gtk_box_append (GTK_BOX (self->layout), actions);

  return GTK_WIDGET (self);
}

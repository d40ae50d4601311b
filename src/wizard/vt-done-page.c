/* vt-done-page.c — a large, readable code and the next steps from the procedure's text.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-done-page.h"

#include "documents/vt-printer.h"
#include "outbox/vt-uploader.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

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
  char       *printer;    /* the `printer` setting; NULL or empty: CUPS's default */
  gboolean    files;      /* the kiosk files this submission (virtual), or only prepared it */
  guint       printing;   /* print jobs not yet answered */
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
  g_free (self->printer);
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

/* The page may be gone (the person pressed «Terminar») before the printer answers. */
typedef struct
{
  GWeakRef    page;
  const char *done_text;
} PrintJob;

static void
print_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PrintJob *job = user_data;
  g_autoptr(VtDonePage) self = g_weak_ref_get (&job->page);
  g_autoptr(GError) error = NULL;
  gboolean printed = vt_printer_print_finish (result, &error);

  g_weak_ref_clear (&job->page);
  if (self != NULL)
    {
      self->printing--;
      gtk_widget_set_sensitive (self->print_button, self->printing == 0);
      gtk_widget_set_sensitive (self->packet_button, self->printing == 0);
      if (printed)
        gtk_label_set_text (GTK_LABEL (self->print_status), _(job->done_text));
      else
        {
          g_autofree char *text = NULL;

          /* Only the error's class reaches the log: the job itself is personal. */
          g_message ("Printing failed (%s %d)", g_quark_to_string (error->domain), error->code);
          text = g_strdup_printf (_("No se imprimió: %s Pida ayuda al personal del quiosco."),
                                  error->message);
          gtk_label_set_text (GTK_LABEL (self->print_status), text);
        }
      gtk_widget_add_css_class (self->print_status, printed ? "success" : "error");
    }
  g_free (job);
}

static void
start_print (VtDonePage *self,
             GBytes     *pdf,
             const char *title,
             const char *done_text)
{
  PrintJob *job = g_new0 (PrintJob, 1);

  g_weak_ref_init (&job->page, self);
  job->done_text = done_text;
  self->printing++;
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_widget_set_sensitive (self->packet_button, FALSE);
  gtk_widget_remove_css_class (self->print_status, "success");
  gtk_widget_remove_css_class (self->print_status, "error");
  /* Said only once the printer has it on paper, not when the job was handed over. */
  gtk_label_set_text (GTK_LABEL (self->print_status), _("Imprimiendo… espere un momento."));
  gtk_widget_set_visible (self->print_status, TRUE);
  vt_printer_print_async (self->printer, title, pdf, 0, NULL, print_done_cb, job);
}

gboolean
vt_done_page_print (VtDonePage  *self,
                    const char  *export_path,
                    GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (VT_IS_DONE_PAGE (self), FALSE);
  g_return_val_if_fail (self->receipt != NULL, FALSE);

  pdf = vt_receipt_render_pdf (self->receipt, error);
  if (pdf == NULL)
    return FALSE;
  if (export_path != NULL)
    return g_file_set_contents_full (export_path, g_bytes_get_data (pdf, NULL),
                                     g_bytes_get_size (pdf), G_FILE_SET_CONTENTS_NONE, 0600,
                                     error);
  /* No dialog at a kiosk: the receipt goes to the kiosk's printer. */
  start_print (self, pdf, "Comprobante Ventanilla", N_("Comprobante impreso: retírelo de la "
                                                        "impresora."));
  return TRUE;
}

static void
print_clicked_cb (VtDonePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!vt_done_page_print (self, NULL, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->print_status),
                          _("No se pudo imprimir. Anote su código o tómele una foto."));
      gtk_widget_set_visible (self->print_status, TRUE);
    }
}

gboolean
vt_done_page_print_packet (VtDonePage  *self,
                           const char  *export_path,
                           GError     **error)
{
  g_return_val_if_fail (VT_IS_DONE_PAGE (self), FALSE);
  g_return_val_if_fail (self->packet != NULL, FALSE);

  if (export_path != NULL)
    return g_file_set_contents_full (export_path, g_bytes_get_data (self->packet, NULL),
                                     g_bytes_get_size (self->packet),
                                     G_FILE_SET_CONTENTS_NONE, 0600, error);
  start_print (self, self->packet, "Documentos Ventanilla",
               N_("Documentos impresos: retírelos de la impresora."));
  return TRUE;
}

static void
print_packet_clicked_cb (VtDonePage *self)
{
  vt_done_page_print_packet (self, NULL, NULL);
}

void
vt_done_page_set_printer (VtDonePage *self,
                          const char *printer)
{
  g_return_if_fail (VT_IS_DONE_PAGE (self));

  g_free (self->printer);
  self->printer = g_strdup (printer);
}

const char *
vt_done_page_get_print_status (VtDonePage *self)
{
  g_return_val_if_fail (VT_IS_DONE_PAGE (self), NULL);
  return gtk_widget_get_visible (self->print_status)
         ? gtk_label_get_text (GTK_LABEL (self->print_status)) : NULL;
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
      g_autofree char *text = g_strdup_printf (_("Preparado el %s en el quiosco %s."), when,
                                               receipt->kiosk ? receipt->kiosk : "Ventanilla");
      gtk_label_set_text (GTK_LABEL (self->details), text);
    }
  gtk_widget_set_visible (self->details, receipt != NULL);
  gtk_widget_set_visible (self->qr, receipt != NULL);
  gtk_widget_queue_draw (self->qr);
}

/* Only the virtual channel is filed from the kiosk's submission; presencial papers are
 * prepared here and filed at the agency. The words must not say otherwise. */
static gboolean
kiosk_files (const VtChannel *channel)
{
  return channel == NULL || !g_str_equal (channel->id, "presencial");
}

const char *
vt_done_page_channel_status (const VtChannel *channel)
{
  if (kiosk_files (channel))
    return N_("El quiosco guardó su solicitud para ingresarla en la Ventanilla Virtual del "
              "IESS. El número de trámite lo genera el sistema del IESS cuando se ingresa.");
  if (channel->appointment_required)
    return N_("El trámite se presenta en la agencia, con su turno en línea: el quiosco no lo "
              "ingresa por usted.");
  return N_("El trámite se presenta en la ventanilla de Gestión Documental de un Centro de "
            "Atención: el quiosco no lo ingresa por usted.");
}

VtReceipt *
vt_done_page_receipt_new (VtProcedure *procedure,
                          const char  *channel_id,
                          const char  *code,
                          const char  *kiosk)
{
  const VtChannel *channel = vt_procedure_find_channel (procedure, channel_id);
  VtReceipt *receipt = vt_receipt_new ();

  /* The receipt speaks Spanish, like every paper the agency's staff will read. */
  receipt->code = g_strdup (code);
  receipt->procedure_title = g_strdup (vt_procedure_get_title (procedure));
  receipt->created = g_date_time_new_now_local ();
  receipt->kiosk = g_strdup (kiosk);
  if (channel != NULL)
    {
      receipt->next_steps = g_strdup (channel->after);
      receipt->status = g_strdup (vt_done_page_channel_status (channel));
      if (g_str_equal (channel->id, "presencial"))
        receipt->bring = g_strdupv (channel->bring);
    }
  return receipt;
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
    text = g_strdup (self->files
                     ? _("Recibida por la oficina del IESS, que la ingresará en la Ventanilla "
                         "Virtual")
                     : _("Copia de sus datos recibida por la oficina del IESS; el trámite "
                         "empieza cuando entregue los documentos"));
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
  GtkWidget *code_row;
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

  self->files = kiosk_files (channel);
  {
    GtkWidget *title = add_label (box, self->files ? _("Su solicitud quedó guardada")
                                                   : _("Sus documentos están listos"),
                                  "title-1");
    GtkWidget *status;

    gtk_widget_set_name (title, "done-title");
    add_label (box, vt_procedure_tr (vt_procedure_get_title (procedure)), "page-description");
    status = add_label (box, _(vt_done_page_channel_status (channel)), "body-text");
    gtk_widget_set_name (status, "done-status");
  }
  /* The kiosk's code, not the institute's número de trámite, which comes later. */
  add_label (box, _("Código del quiosco (no es el número de trámite del IESS):"), "heading");

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
  /* The code and its QR side by side, and what to do with them right below: all of it above
   * the buttons on a 1280×800 screen, and within 800 px in portrait (the code's type is fixed,
   * large text or not). */
  code_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 32);
  gtk_widget_set_halign (code_row, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (code_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (code_row), code_label);
  /* The same QR as on the receipt: staff can scan it from the screen or a photo of it. */
  self->qr = gtk_drawing_area_new ();
  gtk_widget_set_name (self->qr, "submission-qr");
  gtk_widget_set_size_request (self->qr, 180, 180);
  gtk_widget_set_valign (self->qr, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->qr), draw_qr_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Código QR del trámite"), -1);
  gtk_widget_set_visible (self->qr, FALSE);
  gtk_box_append (GTK_BOX (code_row), self->qr);
  gtk_box_append (GTK_BOX (box), code_row);
  gtk_widget_set_name (add_label (box, _("Anote este código o tómele una foto: con él, el "
                                          "personal encuentra lo que preparó aquí. Sus datos "
                                          "ya no quedan visibles en este quiosco."),
                                   "body-text"),
                       "keep-code");
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

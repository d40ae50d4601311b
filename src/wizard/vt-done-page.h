/* vt-done-page.h — the confirmation: the submission code and what happens next.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "documents/vt-receipt.h"
#include "outbox/vt-uploader.h"
#include "procedures/vt-procedure.h"

G_BEGIN_DECLS

#define VT_TYPE_DONE_PAGE (vt_done_page_get_type ())

G_DECLARE_FINAL_TYPE (VtDonePage, vt_done_page, VT, DONE_PAGE, GtkWidget)

/* Signal "finished" when the person presses "Terminar". */
GtkWidget *vt_done_page_new (VtProcedure *procedure,
                             const char  *channel_id,
                             const char  *code);

/* One sentence, true for the channel, in Spanish (translate with _() to show it): the kiosk
 * files it (virtual) or only prepared the papers (presencial). */
const char *vt_done_page_channel_status (const VtChannel *channel);

/* The receipt for a submission on this channel: code, procedure, now, kiosk, and what happens
 * next, in the same words as the page. */
VtReceipt  *vt_done_page_receipt_new (VtProcedure *procedure,
                                      const char  *channel_id,
                                      const char  *code,
                                      const char  *kiosk);
/* Shows "Imprimir comprobante" for this receipt (the page takes ownership). */
void       vt_done_page_set_receipt (VtDonePage  *self,
                                     VtReceipt   *receipt);
const VtReceipt *vt_done_page_get_receipt (VtDonePage *self);
/* The sealed bundle's SHA-256 for the receipt's QR code, once known. */
void       vt_done_page_set_bundle_sha256 (VtDonePage *self,
                                           const char *sha256);
/* The printer to use (the `printer` setting); NULL or empty: CUPS's default. */
void       vt_done_page_set_printer (VtDonePage  *self,
                                     const char  *printer);
/* Starts printing the receipt on the kiosk's printer (the page then says how it went), or
 * writes it into a PDF file when `export_path` is set (tests). */
gboolean   vt_done_page_print       (VtDonePage  *self,
                                     const char  *export_path,
                                     GError     **error);

/* Follows the upload of this submission and says where it is ("Enviando… 45 %", "Enviada a la
 * oficina del IESS", "Se enviará cuando haya conexión"). NULL uploader: none on this kiosk.
 * Once per page. */
void       vt_done_page_set_uploader (VtDonePage  *self,
                                      VtUploader  *uploader,
                                      const char  *submission_id);
/* The text the page shows about the upload, for tests. */
const char *vt_done_page_get_upload_status (VtDonePage *self);

/* For presencial channels: the documents to take along, printed on request. */
void       vt_done_page_set_packet   (VtDonePage  *self,
                                      GBytes      *packet);
/* Starts printing the packet on the kiosk's printer, or writes the very same PDF to
 * `export_path`. */
gboolean   vt_done_page_print_packet (VtDonePage  *self,
                                      const char  *export_path,
                                      GError     **error);
/* What the page says about printing (NULL before anything was printed): "Imprimiendo…",
 * then only once CUPS answered, that it is printed or why not. */
const char *vt_done_page_get_print_status (VtDonePage *self);

G_END_DECLS

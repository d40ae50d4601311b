/* vt-receipt.h — the printed receipt: code, procedure, time, next steps and a QR code.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char      *code;
  char      *procedure_title;
  GDateTime *created;
  char      *kiosk;
  char      *bundle_sha256;  /* may be NULL when not known */
  char      *next_steps;
  char     **bring;          /* what to bring; NULL or empty for virtual channels */
  char      *status;         /* one line that is true for the channel: filed, or only prepared */
} VtReceipt;

VtReceipt *vt_receipt_new        (void);
void       vt_receipt_free       (VtReceipt  *receipt);

/* What the QR code holds: "VENTANILLA-IESS|<code>|<sha256>". */
char      *vt_receipt_qr_payload (const VtReceipt *receipt);

/* Draws the receipt into a width × height area (points), for a PDF or a print context. */
void       vt_receipt_draw       (const VtReceipt *receipt,
                                  cairo_t         *cr,
                                  double           width,
                                  double           height);
/* Just the QR code, with its quiet zone, in a size × size square (the confirmation page). */
void       vt_receipt_draw_qr    (const VtReceipt *receipt,
                                  cairo_t         *cr,
                                  double           x,
                                  double           y,
                                  double           size);
/* An A5-portrait PDF of the receipt. */
GBytes    *vt_receipt_render_pdf (const VtReceipt *receipt,
                                  GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtReceipt, vt_receipt_free)

G_END_DECLS

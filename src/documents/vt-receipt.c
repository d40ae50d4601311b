/* vt-receipt.c — a receipt a person can keep, with a QR code staff can scan.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-receipt.h"

#include "vt-pdf.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#define A5_WIDTH 419.53
#define A5_HEIGHT 595.28

static void draw_qr (cairo_t    *cr,
                     const char *payload,
                     double      x,
                     double      y,
                     double      size);

VtReceipt *
vt_receipt_new (void)
{
  return g_new0 (VtReceipt, 1);
}

void
vt_receipt_free (VtReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->code);
  g_free (receipt->procedure_title);
  g_clear_pointer (&receipt->created, g_date_time_unref);
  g_free (receipt->kiosk);
  g_free (receipt->bundle_sha256);
  g_free (receipt->next_steps);
  g_strfreev (receipt->bring);
  g_free (receipt->status);
  g_free (receipt);
}

char *
vt_receipt_qr_payload (const VtReceipt *receipt)
{
  g_return_val_if_fail (receipt != NULL, NULL);
  return g_strdup_printf ("VENTANILLA-IESS|%s|%s", receipt->code ? receipt->code : "",
                          receipt->bundle_sha256 ? receipt->bundle_sha256 : "");
}

static double
show (cairo_t    *cr,
      const char *font_name,
      const char *text,
      double      x,
      double      y,
      double      width,
      PangoAlignment alignment)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);
  int height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return (double)height / PANGO_SCALE;
}

void
vt_receipt_draw_qr (const VtReceipt *receipt,
                    cairo_t         *cr,
                    double           x,
                    double           y,
                    double           size)
{
  g_autofree char *payload = vt_receipt_qr_payload (receipt);

  draw_qr (cr, payload, x, y, size);
}

static void
draw_qr (cairo_t    *cr,
         const char *payload,
         double      x,
         double      y,
         double      size)
{
  QRcode *qr = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  double module;

  if (qr == NULL)
    return;
  /* Four modules of quiet zone on each side, as readers expect. */
  module = size / (qr->width + 8);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + 4) * module, y + (row + 4) * module, module, module);
  cairo_fill (cr);
  QRcode_free (qr);
}

void
vt_receipt_draw (const VtReceipt *receipt,
                 cairo_t         *cr,
                 double           width,
                 double           height)
{
  const double margin = 28;
  const double text_width = width - 2 * margin;
  g_autofree char *payload = vt_receipt_qr_payload (receipt);
  g_autofree char *date = NULL;
  g_autofree char *when = NULL;
  double y = margin;
  double qr_size = MIN (120, text_width * 0.5);

  g_return_if_fail (receipt != NULL);

  /* The receipt is for the person and for the agency's staff: Spanish, like the documents. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  y += show (cr, "DejaVu Sans Bold 9", "INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL", margin, y,
             text_width, PANGO_ALIGN_CENTER) + 4;
  y += show (cr, "DejaVu Sans Bold 13", "Comprobante de trámite", margin, y, text_width,
             PANGO_ALIGN_CENTER) + 10;
  y += show (cr, "DejaVu Sans 9", receipt->procedure_title ? receipt->procedure_title : "",
             margin, y, text_width, PANGO_ALIGN_CENTER) + 10;

  y += show (cr, "DejaVu Sans 9", "Código del quiosco (no es el número de trámite del IESS)",
             margin, y, text_width,
             PANGO_ALIGN_CENTER) + 2;
  y += show (cr, "DejaVu Sans Mono Bold 26", receipt->code ? receipt->code : "", margin, y,
             text_width, PANGO_ALIGN_CENTER) + 10;

  if (receipt->created != NULL)
    {
      g_autofree char *time = g_date_time_format (receipt->created, "%H:%M");

      date = vt_pdf_format_date (receipt->created);
      when = g_strdup_printf ("%s, %s", date, time);
      y += show (cr, "DejaVu Sans 9", when, margin, y, text_width, PANGO_ALIGN_CENTER) + 2;
    }
  if (receipt->kiosk != NULL)
    {
      g_autofree char *kiosk = g_strdup_printf ("Quiosco: %s", receipt->kiosk);
      y += show (cr, "DejaVu Sans 9", kiosk, margin, y, text_width, PANGO_ALIGN_CENTER) + 8;
    }

  draw_qr (cr, payload, (width - qr_size) / 2, y, qr_size);
  y += qr_size + 8;

  if (receipt->next_steps != NULL)
    {
      if (receipt->status != NULL)
        y += show (cr, "DejaVu Sans Bold 9", receipt->status, margin, y, text_width,
                   PANGO_ALIGN_LEFT) + 6;
      y += show (cr, "DejaVu Sans Bold 9.5", "Qué pasa ahora", margin, y, text_width,
                 PANGO_ALIGN_LEFT) + 2;
      y += show (cr, "DejaVu Sans 8.5", receipt->next_steps, margin, y, text_width,
                 PANGO_ALIGN_LEFT) + 6;
    }
  if (receipt->bring != NULL && receipt->bring[0] != NULL)
    {
      y += show (cr, "DejaVu Sans Bold 9.5", "Lleve los originales", margin, y, text_width,
                 PANGO_ALIGN_LEFT) + 2;
      for (guint i = 0; receipt->bring[i] && y < height - margin; i++)
        {
          g_autofree char *item = g_strdup_printf ("☐ %s", receipt->bring[i]);
          y += show (cr, "DejaVu Sans 8.5", item, margin, y, text_width, PANGO_ALIGN_LEFT) + 2;
        }
    }
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
vt_receipt_render_pdf (const VtReceipt  *receipt,
                       GError          **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (receipt != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, A5_WIDTH, A5_HEIGHT);
  cr = cairo_create (surface);
  vt_receipt_draw (receipt, cr, A5_WIDTH, A5_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No se pudo generar el comprobante: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

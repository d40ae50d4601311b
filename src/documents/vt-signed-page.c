/* vt-signed-page.c — the page printed to be signed in ink and scanned back: its code, its
 * signature box, and whether a scan shows that very page, signed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-signed-page.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>
#include <zbar.h>

#define CODE_PREFIX "VTFIRMA:"
#define QUIET_MODULES 4
#define SYMBOL_MODULES 21  /* version 1: the code is short enough, and larger modules read better */
#define MIN_INK 0.004

/* Letters and digits nobody misreads on paper or screen. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

char *
vt_signed_page_new_code (void)
{
  char code[9];
  guint8 random[8];
  g_autoptr(GRand) rand = NULL;
  guint32 seed[4];

  /* Seeded from the system's CSPRNG, so that a code cannot be guessed from another. */
  {
    FILE *urandom = fopen ("/dev/urandom", "rb");

    if (urandom == NULL || fread (seed, sizeof seed, 1, urandom) != 1)
      for (guint i = 0; i < G_N_ELEMENTS (seed); i++)
        seed[i] = g_random_int ();
    if (urandom != NULL)
      fclose (urandom);
  }
  rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  for (guint i = 0; i < sizeof random; i++)
    {
      random[i] = (guint8)g_rand_int_range (rand, 0, sizeof alphabet - 1);
      code[i] = alphabet[random[i]];
    }
  code[8] = '\0';
  return g_strdup (code);
}

void
vt_signed_page_draw (cairo_t    *cr,
                     double      x,
                     double      y,
                     const char *code)
{
  g_autofree char *payload = g_strconcat (CODE_PREFIX, code, NULL);
  QRcode *qr = QRcode_encodeString (payload, 1, QR_ECLEVEL_M, QR_MODE_8, 1);
  double qx = x + VT_SIGN_BOX_WIDTH + VT_SIGN_GAP;
  double module;

  g_return_if_fail (qr != NULL && qr->width == SYMBOL_MODULES);

  /* The box: a thin grey frame, nothing inside, so that any ink in it is the signature. */
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, y, VT_SIGN_BOX_WIDTH, VT_SIGN_BOX_HEIGHT);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  module = VT_SIGN_CODE_SIZE / (SYMBOL_MODULES + 2 * QUIET_MODULES);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, qx + (col + QUIET_MODULES) * module,
                         y + (row + QUIET_MODULES) * module, module, module);
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
}

void
vt_signed_page_verdict_clear (VtSignedPageVerdict *verdict)
{
  g_clear_pointer (&verdict->code, g_free);
}

/* The first page code zbar finds, and the bounding box of its symbol in pixels. */
static char *
read_code (const guint8 *luma,
           int           width,
           int           height,
           int           stride,
           double       *left,
           double       *top,
           double       *right,
           double       *bottom)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  guint8 *copy = g_malloc ((gsize)width * height);
  char *code = NULL;

  for (int y = 0; y < height; y++)
    memcpy (copy + (gsize)y * width, luma + (gsize)y * stride, width);
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, copy, (unsigned long)width * height, zbar_image_free_data);
  g_steal_pointer (&copy);

  if (zbar_scan_image (scanner, image) > 0)
    {
      for (const zbar_symbol_t *symbol = zbar_image_first_symbol (image); symbol != NULL;
           symbol = zbar_symbol_next (symbol))
        {
          const char *data = zbar_symbol_get_data (symbol);
          unsigned n = zbar_symbol_get_loc_size (symbol);

          if (data == NULL || !g_str_has_prefix (data, CODE_PREFIX) || n < 4)
            continue;
          *left = *top = G_MAXDOUBLE;
          *right = *bottom = -G_MAXDOUBLE;
          for (unsigned i = 0; i < n; i++)
            {
              *left = MIN (*left, zbar_symbol_get_loc_x (symbol, i));
              *right = MAX (*right, zbar_symbol_get_loc_x (symbol, i));
              *top = MIN (*top, zbar_symbol_get_loc_y (symbol, i));
              *bottom = MAX (*bottom, zbar_symbol_get_loc_y (symbol, i));
            }
          code = g_strdup (data + strlen (CODE_PREFIX));
          break;
        }
    }
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return code;
}

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return (int)*(const guint8 *)a - (int)*(const guint8 *)b;
}

void
vt_signed_page_check (const guint8        *luma,
                      int                  width,
                      int                  height,
                      int                  stride,
                      const char          *expected_code,
                      VtSignedPageVerdict *verdict)
{
  double left, top, right, bottom, scale, module;
  int x0, y0, x1, y1, inset_x, inset_y;
  g_autoptr(GArray) pixels = NULL;
  guint8 paper;
  guint dark = 0;

  g_return_if_fail (luma != NULL && verdict != NULL && expected_code != NULL);

  memset (verdict, 0, sizeof *verdict);
  verdict->code = read_code (luma, width, height, stride, &left, &top, &right, &bottom);
  if (verdict->code == NULL)
    {
      verdict->result = VT_SIGNED_PAGE_NO_CODE;
      return;
    }
  if (!g_str_equal (verdict->code, expected_code))
    {
      verdict->result = VT_SIGNED_PAGE_WRONG_CODE;
      return;
    }

  /* Pixels per point, from the symbol's size on paper: the box is where it was printed
   * relative to the symbol, whatever the distance to the camera. */
  module = (right - left) / SYMBOL_MODULES;
  scale = module / (VT_SIGN_CODE_SIZE / (SYMBOL_MODULES + 2 * QUIET_MODULES));
  x1 = (int)(left - (QUIET_MODULES * module) - VT_SIGN_GAP * scale);
  x0 = (int)(x1 - VT_SIGN_BOX_WIDTH * scale);
  y0 = (int)(top - QUIET_MODULES * module);
  y1 = (int)(y0 + VT_SIGN_BOX_HEIGHT * scale);
  verdict->box_x = x0;
  verdict->box_y = y0;
  verdict->box_width = x1 - x0;
  verdict->box_height = y1 - y0;

  /* Inside the frame only: its printed lines are not ink. */
  inset_x = MAX (3, (x1 - x0) / 20);
  inset_y = MAX (3, (y1 - y0) / 12);
  x0 = CLAMP (x0 + inset_x, 0, width);
  x1 = CLAMP (x1 - inset_x, 0, width);
  y0 = CLAMP (y0 + inset_y, 0, height);
  y1 = CLAMP (y1 - inset_y, 0, height);
  if (x1 - x0 < 8 || y1 - y0 < 8)
    {
      /* The box is outside the picture: as good as unsigned. */
      verdict->result = VT_SIGNED_PAGE_BLANK;
      return;
    }

  pixels = g_array_sized_new (FALSE, FALSE, 1, (guint)((x1 - x0) * (y1 - y0)));
  for (int y = y0; y < y1; y++)
    g_array_append_vals (pixels, luma + (gsize)y * stride + x0, x1 - x0);
  /* The paper's own brightness under this light: the 80th percentile of the box. */
  {
    g_autoptr(GArray) sorted = g_array_copy (pixels);

    g_array_sort (sorted, compare_bytes);
    paper = g_array_index (sorted, guint8, sorted->len * 8 / 10);
  }
  for (guint i = 0; i < pixels->len; i++)
    dark += g_array_index (pixels, guint8, i) < paper * 0.55;
  verdict->ink = (double)dark / pixels->len;
  verdict->result = verdict->ink >= MIN_INK ? VT_SIGNED_PAGE_OK : VT_SIGNED_PAGE_BLANK;
}

const char *
vt_signed_page_message (VtSignedPageResult result)
{
  switch (result)
    {
    case VT_SIGNED_PAGE_OK:
      return _("Hoja firmada y legible.");
    case VT_SIGNED_PAGE_NO_CODE:
      return _("No se ve el código de la hoja: ponga la hoja impresa completa dentro del "
               "recuadro, quieta y bien iluminada.");
    case VT_SIGNED_PAGE_WRONG_CODE:
      return _("Esta no es la hoja que se acaba de imprimir: use la última hoja impresa.");
    case VT_SIGNED_PAGE_BLANK:
    default:
      return _("El recuadro de la firma está vacío: firme con bolígrafo dentro del recuadro.");
    }
}

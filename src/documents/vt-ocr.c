/* vt-ocr.c — Tesseract through its C API, on images held in memory.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-ocr.h"

#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <string.h>
#include <tesseract/capi.h>

/* Collects runs of digits, allowing the separators an ID card prints inside its number
 * ("081513492-9", "0815 134 929"). */
static void
collect_numbers (const char *text,
                 GPtrArray  *numbers)
{
  g_autoptr(GString) run = g_string_new (NULL);

  for (const char *p = text; ; p++)
    {
      if (*p != '\0' && g_ascii_isdigit (*p))
        {
          g_string_append_c (run, *p);
          continue;
        }
      if (*p != '\0' && (*p == '-' || *p == ' ') && run->len > 0 && g_ascii_isdigit (p[1]))
        continue;
      if (run->len == 10)
        g_ptr_array_add (numbers, g_strdup (run->str));
      g_string_truncate (run, 0);
      if (*p == '\0')
        break;
    }
}

char *
vt_ocr_read_text (GBytes  *image,
                  GError **error)
{
  TessBaseAPI *api;
  PIX *pix;
  char *text;
  char *copy;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (image != NULL, NULL);

  data = g_bytes_get_data (image, &size);
  pix = pixReadMem (data, size);
  if (pix == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No se pudo leer la imagen del documento."));
      return NULL;
    }

  api = TessBaseAPICreate ();
  if (TessBaseAPIInit3 (api, NULL, "spa") != 0)
    {
      TessBaseAPIDelete (api);
      pixDestroy (&pix);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("El reconocimiento de texto no está instalado en este quiosco."));
      return NULL;
    }
  TessBaseAPISetPageSegMode (api, PSM_AUTO);
  TessBaseAPISetImage2 (api, pix);
  text = TessBaseAPIGetUTF8Text (api);
  copy = g_strdup (text != NULL ? text : "");
  TessDeleteText (text);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  pixDestroy (&pix);
  return copy;
}

GPtrArray *
vt_ocr_find_numbers (GBytes  *image,
                     GError **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  char *text = vt_ocr_read_text (image, error);

  if (text == NULL)
    return NULL;
  collect_numbers (text, numbers);
  /* The text is personal data: it is never logged, and wiped here. */
  explicit_bzero (text, strlen (text));
  g_free (text);
  return g_steal_pointer (&numbers);
}

gboolean
vt_ocr_numbers_match (GPtrArray  *numbers,
                      const char *expected)
{
  for (guint i = 0; numbers && expected && i < numbers->len; i++)
    if (g_str_equal (g_ptr_array_index (numbers, i), expected))
      return TRUE;
  return FALSE;
}

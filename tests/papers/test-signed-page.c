/* test-signed-page.c — the page code and the signature box, read back from rendered pages.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-paper.h"

#include "documents/vt-pdf.h"
#include "documents/vt-signed-page.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

static GBytes *
letter_with_code (const char *code)
{
  g_autoptr(VtPdfContent) content = vt_pdf_content_new (VT_PDF_LETTER, "Solicitud de prueba");

  content->addressee = g_strdup ("Señor(a) Director(a) Provincial del IESS");
  content->body = g_strdup ("Yo, Prueba Sintética, solicito lo que consta en esta carta.");
  content->place_date = g_strdup ("Quito, 4 de diciembre de 2026");
  content->signer_name = g_strdup ("Prueba Sintética");
  content->signer_id = g_strdup ("C.I.: 1710034065");
  content->page_code = g_strdup (code);
  return vt_pdf_render (content, NULL);
}

static void
check (VtTestPage          *page,
       const char          *expected,
       VtSignedPageVerdict *verdict)
{
  vt_signed_page_check (page->luma, page->width, page->height, page->width, expected, verdict);
}

static void
test_codes (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 200; i++)
    {
      char *code = vt_signed_page_new_code ();

      g_assert_cmpuint (strlen (code), ==, 8);
      for (const char *p = code; *p; p++)
        g_assert_null (strchr ("01OIL", *p));
      g_assert_true (g_hash_table_add (seen, code));
    }
}

static void
test_blank_signed_wrong_blurred (void)
{
  g_autofree char *code = vt_signed_page_new_code ();
  g_autofree char *other = vt_signed_page_new_code ();
  g_autoptr(GBytes) pdf = letter_with_code (code);
  g_autoptr(GBytes) other_pdf = letter_with_code (other);
  g_autoptr(VtTestPage) page = vt_test_page_render (pdf, 1, 100);
  g_autoptr(VtTestPage) other_page = vt_test_page_render (other_pdf, 1, 100);
  VtSignedPageVerdict verdict;
  int box_x, box_y, box_w, box_h;

  /* Unsigned: the code is read, the box found and seen empty. */
  check (page, code, &verdict);
  g_assert_cmpint (verdict.result, ==, VT_SIGNED_PAGE_BLANK);
  g_assert_cmpstr (verdict.code, ==, code);
  g_assert_cmpfloat (verdict.ink, <, 0.001);
  box_x = verdict.box_x;
  box_y = verdict.box_y;
  box_w = verdict.box_width;
  box_h = verdict.box_height;
  vt_signed_page_verdict_clear (&verdict);
  /* 100 dpi: the box is 220 × 100 points, about 305 × 139 pixels. */
  g_assert_cmpint (ABS (box_w - 305), <, 12);
  g_assert_cmpint (ABS (box_h - 139), <, 12);

  /* Signed in that box: accepted. */
  vt_test_page_sign (page, box_x, box_y, box_w, box_h);
  vt_test_page_save (page, "papers/signed-page-100dpi.png");
  check (page, code, &verdict);
  g_assert_cmpint (verdict.result, ==, VT_SIGNED_PAGE_OK);
  g_assert_cmpfloat (verdict.ink, >, 0.01);
  vt_signed_page_verdict_clear (&verdict);

  /* Someone else's page, even signed, is refused by its code. */
  vt_test_page_sign (other_page, box_x, box_y, box_w, box_h);
  check (other_page, code, &verdict);
  g_assert_cmpint (verdict.result, ==, VT_SIGNED_PAGE_WRONG_CODE);
  g_assert_cmpstr (verdict.code, ==, other);
  vt_signed_page_verdict_clear (&verdict);

  /* Out of focus: the code cannot be read, so the page is not taken. */
  vt_test_page_blur (page, 8);
  check (page, code, &verdict);
  g_assert_cmpint (verdict.result, ==, VT_SIGNED_PAGE_NO_CODE);
  vt_signed_page_verdict_clear (&verdict);
}

static void
test_pdftotext (void)
{
  g_autoptr(GBytes) pdf = letter_with_code ("ABCD2345");
  g_autofree char *text = vt_test_pdf_text (pdf);

  g_assert_nonnull (strstr (text, "Hoja ABCD2345"));
  g_assert_nonnull (strstr (text, "con tinta, dentro del recuadro"));
  g_assert_null (strstr (text, "pantalla"));
}

/* Pages of pdftotext's output (one form feed after each page). */
static GStrv
pdf_pages (GBytes *pdf)
{
  g_autofree char *text = vt_test_pdf_text (pdf);
  GStrv pages = g_strsplit (text, "\f", -1);
  guint n = g_strv_length (pages);

  /* The text after the last form feed is not a page. */
  g_assert_cmpuint (n, >, 0);
  g_free (pages[n - 1]);
  pages[n - 1] = NULL;
  return pages;
}

/* A letter too long for one page, signed in ink: the institute gets every page, the last one as
 * scanned, not the scan alone. */
static void
test_long_letter_keeps_its_pages (void)
{
  g_autoptr(VtPdfContent) content = vt_pdf_content_new (VT_PDF_LETTER, "Solicitud larga");
  g_autoptr(GBytes) printed = NULL;
  g_autoptr(GBytes) scan = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(VtTestPage) last = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) printed_pages = NULL;
  g_auto(GStrv) sent_pages = NULL;
  g_autofree char *code = vt_signed_page_new_code ();
  VtPdfSection *section;
  char *data = NULL;
  gsize size = 0;
  guint n;

  content->addressee = g_strdup ("Señores\nInstituto Ecuatoriano de Seguridad Social");
  content->body = g_strdup ("Solicito lo que consta en esta carta.");
  content->place_date = g_strdup ("Quito, 4 de diciembre de 2026");
  content->signer_name = g_strdup ("Prueba Sintética");
  content->signer_id = g_strdup ("C.I.: 1710034065");
  content->page_code = g_strdup (code);
  section = vt_pdf_content_add_section (content, "Datos");
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *label = g_strdup_printf ("Dato %u", i + 1);
      g_autofree char *value = g_strdup_printf ("Valor de prueba número %u", i + 1);

      vt_pdf_section_add (section, NULL, label, value);
    }
  printed = vt_pdf_render (content, &error);
  g_assert_no_error (error);
  printed_pages = pdf_pages (printed);
  n = g_strv_length (printed_pages);
  g_assert_cmpuint (n, >=, 2);
  g_assert_nonnull (strstr (printed_pages[n - 1], code));

  /* The last page signed and photographed. */
  last = vt_test_page_render (printed, (int)n, 110);
  vt_test_page_sign (last, last->width / 8, last->height / 2, last->width / 3, last->height / 10);
  pixbuf = gdk_pixbuf_new_from_data (last->rgb, GDK_COLORSPACE_RGB, FALSE, 8, last->width,
                                     last->height, last->width * 3, NULL, NULL);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", NULL, "quality", "80",
                                            NULL));
  scan = g_bytes_new_take (data, size);

  sent = vt_pdf_render_signed (content, scan, &error);
  g_assert_no_error (error);
  sent_pages = pdf_pages (sent);
  g_assert_cmpuint (g_strv_length (sent_pages), ==, n);
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpstr (sent_pages[i], ==, printed_pages[i]);
  /* The last page is the scan: a picture, no text of its own, and the very JPEG taken. */
  g_assert_null (strstr (sent_pages[n - 1], code));
  g_assert_nonnull (memmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent),
                            g_bytes_get_data (scan, NULL), g_bytes_get_size (scan)));

  /* A one-page document: the scan is the whole of it. */
  {
    g_autoptr(GBytes) one = letter_with_code (code);
    g_autoptr(VtPdfContent) short_letter = vt_pdf_content_new (VT_PDF_LETTER, "Corta");
    g_autoptr(GBytes) one_sent = NULL;
    g_auto(GStrv) one_pages = NULL;

    short_letter->page_code = g_strdup (code);
    short_letter->signer_name = g_strdup ("Prueba Sintética");
    one_sent = vt_pdf_render_signed (short_letter, scan, &error);
    g_assert_no_error (error);
    one_pages = pdf_pages (one_sent);
    g_assert_cmpuint (g_strv_length (one_pages), ==, 1);
    g_assert_null (strstr (one_pages[0], "Prueba Sintética"));
    g_assert_nonnull (one);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/papers/signed-page/codes", test_codes);
  g_test_add_func ("/papers/signed-page/blank-signed-wrong-blurred",
                   test_blank_signed_wrong_blurred);
  g_test_add_func ("/papers/signed-page/pdftotext", test_pdftotext);
  g_test_add_func ("/papers/signed-page/long-letter-keeps-its-pages",
                   test_long_letter_keeps_its_pages);
  return g_test_run ();
}

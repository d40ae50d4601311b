/* vt-test-paper.h — printed pages in tests: rendered with poppler, signed, blurred, read.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int     width;
  int     height;
  guint8 *luma;  /* width × height, stride = width */
  guint8 *rgb;   /* width × height × 3 */
} VtTestPage;

/* Page `page` (from 1) of a PDF as pdftoppm renders it at `dpi`, as a printer would put it
 * on paper. */
VtTestPage *vt_test_page_render (GBytes      *pdf,
                                 int          page,
                                 int          dpi);
void        vt_test_page_free   (VtTestPage  *page);
/* A signature in blue ink, as a person writes it across a box. */
void        vt_test_page_sign   (VtTestPage  *page,
                                 int          x,
                                 int          y,
                                 int          width,
                                 int          height);
/* A box blur of the given radius, as a camera out of focus. */
void        vt_test_page_blur   (VtTestPage  *page,
                                 int          radius);
/* Writes the page as a PNG under $VT_ARTIFACTS_DIR (relative) or at an absolute path. */
char       *vt_test_page_save   (VtTestPage  *page,
                                 const char  *path);
/* The text of a PDF as pdftotext (poppler-utils) extracts it. */
char       *vt_test_pdf_text    (GBytes      *pdf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTestPage, vt_test_page_free)

G_END_DECLS

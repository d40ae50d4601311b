/* vt-ocr.h — reading the ID number from a captured document, to catch a typing mistake.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs Tesseract (Spanish) on an image (JPEG or PNG data) and returns all the text it reads
 * (an empty string when it reads none). Slow: call it from a worker thread. */
char      *vt_ocr_read_text    (GBytes       *image,
                                GError      **error);

/* Runs Tesseract (Spanish) on an image (JPEG or PNG data) and returns every run of 10 digits
 * it reads, hyphens and spaces inside a number removed, in reading order. An empty array
 * when it reads none. Slow (about a second): call it from a worker thread. */
GPtrArray *vt_ocr_find_numbers (GBytes       *image,
                                GError      **error);

/* TRUE when `numbers` holds `expected`; FALSE also when nothing was read. */
gboolean   vt_ocr_numbers_match (GPtrArray   *numbers,
                                 const char  *expected);

G_END_DECLS

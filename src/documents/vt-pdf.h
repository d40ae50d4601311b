/* vt-pdf.h — letters, forms and authorizations as PDF, written from the answers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vt-signature.h"

G_BEGIN_DECLS

typedef enum
{
  VT_PDF_LETTER,
  VT_PDF_FORM,
  VT_PDF_AUTHORIZATION,
  VT_PDF_CHECKLIST,      /* items to tick, no signature */
} VtPdfKind;

/* One labelled value; `mark` is an optional list letter ("a", "b"…) as official forms use. */
typedef struct
{
  char *mark;
  char *label;
  char *value;
} VtPdfItem;

typedef struct
{
  char      *title;   /* NULL: items without a heading */
  GPtrArray *items;   /* VtPdfItem */
} VtPdfSection;

/* Everything a document shows. Text is Spanish whatever the UI language: the institute
 * reads these. Strings are owned by the struct. */
typedef struct
{
  VtPdfKind    kind;
  char        *title;
  char        *place_date;   /* "Madrid, 26 de noviembre de 2026" */
  char        *addressee;    /* letters: "Director Provincial del IESS" */
  char        *body;
  GPtrArray   *sections;     /* VtPdfSection */
  VtSignature *signature;    /* strokes drawn on the kiosk's screen, as vectors */
  char        *page_code;    /* printed to be signed in ink and scanned back: the box to sign
                              * in and this code beside it (vt-signed-page.h) */
  char        *signer_name;
  char        *signer_id;
  char        *footer;
} VtPdfContent;

VtPdfContent *vt_pdf_content_new         (VtPdfKind      kind,
                                          const char    *title);
void          vt_pdf_content_free        (VtPdfContent  *content);
VtPdfSection *vt_pdf_content_add_section (VtPdfContent  *content,
                                          const char    *title);
void          vt_pdf_section_add         (VtPdfSection  *section,
                                          const char    *mark,
                                          const char    *label,
                                          const char    *value);

/* A4 PDF with extractable text. */
GBytes       *vt_pdf_render              (const VtPdfContent *content,
                                          GError            **error);

/* Several documents in one PDF, each from a new page (the packet printed for an agency). */
GBytes       *vt_pdf_render_all          (GPtrArray     *contents,
                                          GError       **error);
/* A document printed to be signed in ink (`page_code` set), with its last page (the one with
 * the signature box) replaced by `scan`, the JPEG of that page signed. */
GBytes       *vt_pdf_render_signed       (const VtPdfContent *content,
                                          GBytes            *scan,
                                          GError           **error);

/* Scanned pages (GBytes of JPEG data, in order) as one PDF, each on a page of its own in its
 * orientation. The JPEG data is embedded as it is, not re-encoded, when the whole fits
 * `max_bytes`; otherwise every page is re-encoded at the highest common quality, and only if
 * that is not enough at a smaller size, until it fits. Blocking: call it from a thread. */
GBytes       *vt_pdf_from_jpegs          (GPtrArray     *pages,
                                          gsize          max_bytes,
                                          GError       **error);

/* "26 de noviembre de 2026": dates as written in Ecuadorian documents. */
char         *vt_pdf_format_date         (GDateTime     *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtPdfContent, vt_pdf_content_free)

G_END_DECLS

/* vt-document-page.h — the scan of a document, of one page or of several joined in a PDF.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-capture-page.h"

G_BEGIN_DECLS

#define VT_TYPE_DOCUMENT_PAGE (vt_document_page_get_type ())

G_DECLARE_FINAL_TYPE (VtDocumentPage, vt_document_page, VT, DOCUMENT_PAGE, VtCapturePage)

VtPage *vt_document_page_new (VtSession       *session,
                              const VtPageDef *definition,
                              VtCamera        *camera);

G_END_DECLS

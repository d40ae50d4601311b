/* vt-ink-signature-page.h — print the paper, sign it in ink, show it to the document camera.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "capture/vt-camera.h"
#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_INK_SIGNATURE_PAGE (vt_ink_signature_page_get_type ())

G_DECLARE_FINAL_TYPE (VtInkSignaturePage, vt_ink_signature_page, VT, INK_SIGNATURE_PAGE, VtPage)

/* For a signature page whose definition `signs` a generated document, on a kiosk with a
 * printer: prints that document with an empty box and its page code, then scans the signed
 * page back (A4 guide, the document checks, the page code, ink in the box); the scan becomes
 * the document the institute receives. */
VtPage     *vt_ink_signature_page_new        (VtSession          *session,
                                              const VtPageDef    *definition,
                                              VtCamera           *camera);
/* What the page tells the person now (tests). */
const char *vt_ink_signature_page_get_status (VtInkSignaturePage *self);
/* The same as pressing the buttons (tests). */
void        vt_ink_signature_page_print      (VtInkSignaturePage *self);
void        vt_ink_signature_page_scan       (VtInkSignaturePage *self);

G_END_DECLS

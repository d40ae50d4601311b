/* vt-signature-page.h — a pad to sign with a finger, a stylus or a mouse.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "documents/vt-signature.h"
#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_SIGNATURE_PAGE (vt_signature_page_get_type ())

G_DECLARE_FINAL_TYPE (VtSignaturePage, vt_signature_page, VT, SIGNATURE_PAGE, VtPage)

VtPage      *vt_signature_page_new           (VtSession       *session,
                                              const VtPageDef *definition);
VtSignature *vt_signature_page_get_signature (VtSignaturePage *self);

G_END_DECLS

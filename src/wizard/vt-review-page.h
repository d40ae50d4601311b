/* vt-review-page.h — check-your-answers before sending, with "Cambiar" on every item.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_REVIEW_PAGE (vt_review_page_get_type ())

G_DECLARE_FINAL_TYPE (VtReviewPage, vt_review_page, VT, REVIEW_PAGE, VtPage)

/* Emits "edit" (page id) when the person asks to change something. */
VtPage *vt_review_page_new (VtSession *session);

G_END_DECLS

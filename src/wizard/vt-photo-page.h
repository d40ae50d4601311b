/* vt-photo-page.h — the face photo: the person, judged live, taken by itself.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-capture-page.h"

G_BEGIN_DECLS

#define VT_TYPE_PHOTO_PAGE (vt_photo_page_get_type ())

G_DECLARE_FINAL_TYPE (VtPhotoPage, vt_photo_page, VT, PHOTO_PAGE, VtCapturePage)

VtPage *vt_photo_page_new (VtSession       *session,
                           const VtPageDef *definition,
                           VtCamera        *camera);

G_END_DECLS

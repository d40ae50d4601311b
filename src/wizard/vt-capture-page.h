/* vt-capture-page.h — a page that takes a photo, scans a document or records the video.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "capture/vt-camera.h"
#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_CAPTURE_PAGE (vt_capture_page_get_type ())

G_DECLARE_FINAL_TYPE (VtCapturePage, vt_capture_page, VT, CAPTURE_PAGE, VtPage)

VtPage *vt_capture_page_new (VtSession       *session,
                             const VtPageDef *definition,
                             VtCamera        *camera);

G_END_DECLS

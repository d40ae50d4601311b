/* vt-video-page.h — the authorization video, read aloud from a teleprompter.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-capture-page.h"

G_BEGIN_DECLS

#define VT_TYPE_VIDEO_PAGE (vt_video_page_get_type ())

G_DECLARE_FINAL_TYPE (VtVideoPage, vt_video_page, VT, VIDEO_PAGE, VtCapturePage)

VtPage *vt_video_page_new (VtSession       *session,
                           const VtPageDef *definition,
                           VtCamera        *camera);

G_END_DECLS

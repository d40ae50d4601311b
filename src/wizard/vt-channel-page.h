/* vt-channel-page.h — how the procedure will be filed, and what the person must do after.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_CHANNEL_PAGE (vt_channel_page_get_type ())

G_DECLARE_FINAL_TYPE (VtChannelPage, vt_channel_page, VT, CHANNEL_PAGE, VtPage)

VtPage *vt_channel_page_new (VtSession *session);

G_END_DECLS

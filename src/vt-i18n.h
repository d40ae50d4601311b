/* vt-i18n.h — the UI language, switchable at the start page while the kiosk runs.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        vt_i18n_init         (void);
/* "es" or "en"; anything else falls back to Spanish. */
void        vt_i18n_set_language (const char *language);
const char *vt_i18n_get_language (void);

G_END_DECLS

/* vt-mo-catalog.h — reads one gettext catalogue (.mo) into a table, whatever the UI locale.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* msgid → msgstr for every translated message of a GNU .mo file (either byte order); NULL
 * when the file is missing or malformed. Documents need Spanish names while the screen may
 * be in English, so the catalogue is read directly instead of through gettext's locale. */
GHashTable *vt_mo_catalog_load (const char  *path,
                                GError     **error);

G_END_DECLS

/* vt-fs.h — removing what the outbox left on disk without ever following a link out of it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes `path`: a folder with everything in it, or a file, or a symbolic link as a link
 * (never what it points to, at any depth). Best effort: what cannot go stays. */
void vt_fs_remove_tree (const char *path);

G_END_DECLS

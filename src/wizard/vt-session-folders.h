/* vt-session-folders.h — the folder that holds every session's private folder, and what a crash
 * leaves in it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A session's private folder is <sessions folder>/session-XXXXXX (g_mkdtemp). */
#define VT_SESSION_FOLDER_PREFIX "session-"

typedef struct _VtSessionFolders VtSessionFolders;

/* Claims `sessions_dir` (created 0700 if missing) for this process's sessions, for as long as
 * the claim lives, and removes what a crashed process left there. The files of a session that
 * ended without vt_session_discard () are encrypted with a key that died with its process:
 * nobody can read them any more, and only removing them keeps them from piling up.
 *
 * Safe to run beside another live kiosk on the same folder: every claim holds a shared lock
 * on <sessions_dir>/in-use.lock, and the sweep runs only under the exclusive lock, so a folder
 * is removed only when no live process can own it. Only directories of this user named
 * session-XXXXXX are removed; no symbolic link is ever followed (a link is never ours: it is
 * left alone, and one inside a session folder is removed as a link).
 *
 * `out_removed` (may be NULL) gets how many folders were removed. NULL with `error` when the
 * folder cannot be claimed (it is a symbolic link, or not writable). */
VtSessionFolders *vt_session_folders_claim (const char  *sessions_dir,
                                            guint       *out_removed,
                                            GError     **error);
/* Lets go of the claim (the lock); the folders stay. */
void              vt_session_folders_free  (VtSessionFolders *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSessionFolders, vt_session_folders_free)

G_END_DECLS

/* vt-fs-replay.h — rebuilds, from the file system shim's record (vt-fs-shim.c), what a power
 * cut after any recorded operation would have left on disk.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VtFsReplay VtFsReplay;

typedef enum
{
  VT_FS_OP_CREATE, VT_FS_OP_OPEN, VT_FS_OP_MKDIR, VT_FS_OP_WRITE, VT_FS_OP_TRUNCATE,
  VT_FS_OP_FSYNC, VT_FS_OP_DIRSYNC, VT_FS_OP_RENAME, VT_FS_OP_UNLINK, VT_FS_OP_RMDIR,
  VT_FS_OP_MARK, VT_FS_OP_STRAY,
} VtFsOpKind;

typedef struct
{
  VtFsOpKind kind;
  guint64    ino;
  gint64     offset;
  char      *path;      /* CREATE, OPEN, MKDIR, DIRSYNC, RENAME (from), UNLINK, RMDIR */
  char      *path2;     /* RENAME (to) */
  GBytes    *data;      /* WRITE, MARK */
} VtFsOp;

/* `root` is the folder the record watched (its paths are under it), `baseline` a copy of it
 * taken, synced, when the record began: durable as it is. Then reads the record at
 * `log_path`. Call it while `root` is still as the record left it (inode numbers). */
VtFsReplay  *vt_fs_replay_new         (const char  *root,
                                       const char  *baseline,
                                       const char  *log_path);
void         vt_fs_replay_free        (VtFsReplay  *replay);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtFsReplay, vt_fs_replay_free)

guint        vt_fs_replay_n_ops       (VtFsReplay  *replay);
const VtFsOp *vt_fs_replay_op         (VtFsReplay  *replay,
                                       guint        index);
/* Applies operations up to `index` (inclusive; in order, never backwards). */
void         vt_fs_replay_advance     (VtFsReplay  *replay,
                                       guint        index);
/* Writes what is durable at this point under `dest` (a new folder standing for `root`). */
void         vt_fs_replay_materialize (VtFsReplay  *replay,
                                       const char  *dest);
/* Grows whenever the durable state may have changed (an fsync of a file or a folder). */
guint        vt_fs_replay_durable_version (VtFsReplay *replay);

G_END_DECLS

/* vt-queue-private.h — what the queue's source files share: the instance and the database
 * helpers. Not for use outside src/outbox/vt-queue*.c.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-bundle.h"
#include "vt-queue.h"

#include <sqlite3.h>

G_BEGIN_DECLS

struct _VtQueue
{
  GObject  parent_instance;

  char    *directory;
  char    *submissions_dir;   /* schema 1 kept clear copies here; only cleaned up now */
  char    *bundles_dir;
  char    *kiosk_id;
  char    *code_prefix;       /* NULL: derived from the signing key */
  guint8  *signing_key;       /* sodium_malloc'd; the development key until one is set */
  guint8   office_key[VT_BUNDLE_KEY_BYTES];
  gboolean rebuilt;
  gboolean maintained;        /* this open had the queue to itself and repaired it */
  int      schema_found;      /* queue.db's schema version before this open migrated it */
  int      lock_fd;           /* queue.lock: shared while open, exclusive while repairing */
  sqlite3 *db;
  GMutex   lock;
};

/* `sentence` is a whole translated sentence; SQLite's own words follow for staff. Returns
 * FALSE, for `return vt_queue_set_db_error (…)`. */
gboolean vt_queue_set_db_error (VtQueue               *self,
                                GError               **error,
                                const char            *sentence);
/* Runs SQL without results (BEGIN, COMMIT, PRAGMA…). */
gboolean vt_queue_exec         (VtQueue               *self,
                                const char            *sql,
                                GError               **error);
gboolean vt_queue_fsync_path   (const char            *path,
                                gboolean               directory,
                                GError               **error);
/* Inserts the queued row of a sealed bundle; FALSE on any SQLite error (see its errcode). */
/* A new code for this kiosk: its prefix and random characters; the lock must not be held. */
char    *vt_queue_new_code     (VtQueue               *self);
gboolean vt_queue_insert_row   (VtQueue               *self,
                                const VtBundleHeader  *header,
                                const char            *code,
                                guint64                bundle_size,
                                const char            *bundle_sha256);

/* vt-queue-storage.c: takes queue.lock, opens, checks and migrates queue.db, and repairs the
 * queue when this open has it to itself (see vt_queue_open_with_key). */
gboolean vt_queue_storage_open (VtQueue               *self,
                                GError               **error);

G_END_DECLS

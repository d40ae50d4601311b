/* vt-queue.c — the submission queue: an SQLite index over sealed bundle files.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-queue.h"

#include "vt-bundle.h"
#include "vt-secret-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct _VtQueue
{
  GObject  parent_instance;

  char    *directory;
  char    *submissions_dir;   /* schema 1 kept clear copies here; only cleaned up now */
  char    *bundles_dir;
  char    *kiosk_id;
  guint8   office_key[VT_BUNDLE_KEY_BYTES];
  gboolean rebuilt;
  gboolean maintained;        /* this open had the queue to itself and repaired it */
  int      lock_fd;           /* queue.lock: shared while open, exclusive while repairing */
  sqlite3 *db;
  GMutex   lock;
};

G_DEFINE_FINAL_TYPE (VtQueue, vt_queue, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-queue-error-quark, vt_queue_error)

enum
{
  SIGNAL_ITEM_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each entry moves the schema from version i to i + 1 (PRAGMA user_version). */
static const char * const migrations[] = {
  "CREATE TABLE submissions ("
  "  id TEXT PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  procedure_id TEXT NOT NULL,"
  "  procedure_version INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'uploading', 'needs-attention', 'sent')),"
  "  folder TEXT NOT NULL,"
  "  answers_file TEXT NOT NULL"
  ");"
  "CREATE INDEX submissions_by_state ON submissions (state, created_at);"
  "CREATE TABLE attachments ("
  "  submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  file TEXT NOT NULL,"
  "  mime_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  PRIMARY KEY (submission_id, name)"
  ");",

  /* 2: sealed bundles and what uploading them needs. folder and answers_file stay for rows
   * of version 1. */
  "ALTER TABLE submissions ADD COLUMN bundle TEXT;"
  "ALTER TABLE submissions ADD COLUMN bundle_size INTEGER;"
  "ALTER TABLE submissions ADD COLUMN bundle_sha256 TEXT;"
  "ALTER TABLE submissions ADD COLUMN kiosk_id TEXT;"
  "ALTER TABLE submissions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE submissions ADD COLUMN last_error_class TEXT;"
  "ALTER TABLE submissions ADD COLUMN last_error_message TEXT;"
  "ALTER TABLE submissions ADD COLUMN upload_url TEXT;"
  "ALTER TABLE submissions ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE submissions ADD COLUMN updated_at INTEGER;"
  "CREATE INDEX submissions_due ON submissions (state, next_attempt_at, created_at);",
};

VtAttachment *
vt_attachment_new (const char *name,
                   const char *mime_type,
                   GBytes     *data)
{
  VtAttachment *attachment = g_new0 (VtAttachment, 1);

  attachment->name = g_strdup (name);
  attachment->mime_type = g_strdup (mime_type);
  attachment->data = g_bytes_ref (data);
  return attachment;
}

void
vt_attachment_free (VtAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->mime_type);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment);
}

static void
vt_queue_finalize (GObject *object)
{
  VtQueue *self = (VtQueue *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->directory);
  g_free (self->submissions_dir);
  g_free (self->bundles_dir);
  g_free (self->kiosk_id);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vt_queue_parent_class)->finalize (object);
}

static void
vt_queue_class_init (VtQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_queue_finalize;

  signals[SIGNAL_ITEM_ADDED] =
    g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_queue_init (VtQueue *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->lock);
}

/* `sentence` is a whole translated sentence; SQLite's own words follow for staff. */
static gboolean
set_db_error (VtQueue     *self,
              GError     **error,
              const char  *sentence)
{
  g_autofree char *message = g_strconcat (sentence, " (", sqlite3_errmsg (self->db), ")", NULL);

  g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE, message);
  return FALSE;
}

static gboolean
exec (VtQueue     *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                   _("La cola de envíos no pudo actualizarse (%s)."), message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
user_version (VtQueue *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (VtQueue  *self,
         GError  **error)
{
  int version = user_version (self);

  if (version < 0)
    return set_db_error (self, error, _("No se pudo leer la versión de la cola de envíos."));
  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                   _("La cola de envíos fue creada por una versión más nueva de Ventanilla."));
      return FALSE;
    }

  for (int i = version; i < (int)G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[i], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fsync_path (const char  *path,
            gboolean     directory,
            GError     **error)
{
  int fd = open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo guardar en el disco del quiosco: %s"), g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Folders without a row are what an interrupted add left behind: never visible, so never
 * queued; their files are removed at the next start. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_orphans (VtQueue *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->submissions_dir, 0, NULL);
  sqlite3_stmt *stmt = NULL;
  const char *name;

  if (dir == NULL)
    return;
  sqlite3_prepare_v2 (self->db, "SELECT 1 FROM submissions WHERE id = ?", -1, &stmt, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean known;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      known = sqlite3_step (stmt) == SQLITE_ROW;
      if (!known)
        {
          g_autofree char *path = g_build_filename (self->submissions_dir, name, NULL);
          g_debug ("Removing an unfinished submission folder");
          remove_tree (path);
        }
    }
  sqlite3_finalize (stmt);
}

/* What SQLite's own header says about the file, read without reading the database: the right
 * magic, and a file at least as long as the page count it records (a power cut or a copy cut
 * short leaves less). An empty file is a database not yet written. */
static gboolean
header_looks_sound (const char *db_path)
{
  guint8 header[100];
  GStatBuf st;
  FILE *file;
  gsize n;
  guint32 page_size, pages, change_counter, valid_for;

  if (g_stat (db_path, &st) != 0 || st.st_size == 0)
    return TRUE;
  file = g_fopen (db_path, "rbe");
  if (file == NULL)
    return FALSE;
  n = fread (header, 1, sizeof header, file);
  fclose (file);
  if (n < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    return FALSE;
  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  pages = ((guint32)header[28] << 24) | (header[29] << 16) | (header[30] << 8) | header[31];
  change_counter = ((guint32)header[24] << 24) | (header[25] << 16) | (header[26] << 8) | header[27];
  valid_for = ((guint32)header[92] << 24) | (header[93] << 16) | (header[94] << 8) | header[95];
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    return FALSE;
  return valid_for != change_counter || (guint64)st.st_size >= (guint64)pages * page_size;
}

/* Opens queue.db and checks it. Returns FALSE with `damaged` set when the file is not a
 * database SQLite can trust; other failures (a newer schema, a full disk) are only errors.
 * `thorough`: also read every page (PRAGMA quick_check). */
static gboolean
open_database (VtQueue     *self,
               const char  *db_path,
               gboolean     thorough,
               gboolean    *damaged,
               GError     **error)
{
  g_autofree char *check = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  *damaged = FALSE;
  if (!header_looks_sound (db_path))
    {
      *damaged = TRUE;
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                           _("La cola de envíos está dañada."));
      return FALSE;
    }
  g_clear_pointer (&self->db, sqlite3_close);
  if (sqlite3_open_v2 (db_path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      *damaged = TRUE;
      return set_db_error (self, error, _("No se pudo abrir la cola de envíos."));
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=FULL: a committed submission survives a power cut. */
  if (!exec (self, "PRAGMA journal_mode = WAL", error))
    goto check_code;

  /* quick_check is integrity_check without matching every index against its table: it still
   * reads every page, so it finds a truncated or scrambled file, in a third of the time. */
  if (thorough)
    {
      rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        check = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  if (thorough && g_strcmp0 (check, "ok") != 0)
    {
      *damaged = TRUE;
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                           _("La cola de envíos está dañada."));
      return FALSE;
    }

  if (!exec (self, "PRAGMA synchronous = FULL", error)
      || !exec (self, "PRAGMA foreign_keys = ON", error)
      || !migrate (self, error))
    goto check_code;
  return TRUE;

check_code:
  rc = sqlite3_extended_errcode (self->db) & 0xff;
  *damaged = rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
  return FALSE;
}

/* Keeps a damaged database for a technician, out of the way of the new one. */
static void
move_aside (const char *db_path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (db_path, ".damaged-", stamp, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_unlink (from);
    }
}

static gboolean
insert_row (VtQueue              *self,
            const VtBundleHeader *header,
            const char           *code,
            guint64               bundle_size,
            const char           *bundle_sha256)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *bundle = g_strconcat ("bundles/", header->submission_id, ".vtb", NULL);
  int rc;

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO submissions (id, code, procedure_id, procedure_version,"
                      " created_at, state, folder, answers_file, bundle, bundle_size,"
                      " bundle_sha256, kiosk_id, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, 'queued', ?, '', ?, ?, ?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, header->submission_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, header->procedure_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, header->procedure_version);
  sqlite3_bind_int64 (stmt, 5, header->created_at);
  sqlite3_bind_text (stmt, 6, header->submission_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, bundle, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, bundle_size);
  if (bundle_sha256 != NULL)
    sqlite3_bind_text (stmt, 9, bundle_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, header->kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Every bundle is a finished submission: one without a row (the database was lost, or the
 * power went between the rename and the commit) gets its row back from the clear header.
 * Partial files never completed and go. */
static guint
adopt_bundles (VtQueue *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->bundles_dir, 0, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  const char *name;
  guint adopted = 0;

  if (dir == NULL)
    return 0;
  /* One query for every id: a lookup per file costs more with thousands waiting. */
  sqlite3_prepare_v2 (self->db, "SELECT id FROM submissions WHERE bundle IS NOT NULL", -1, &stmt,
                      NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (known, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->bundles_dir, name, NULL);
      g_autofree char *id = NULL;
      g_autoptr(VtBundleHeader) header = NULL;
      g_autoptr(GError) error = NULL;
      GStatBuf st;

      if (g_str_has_suffix (name, ".partial"))
        {
          g_debug ("Removing an unfinished bundle");
          g_unlink (path);
          continue;
        }
      if (!g_str_has_suffix (name, ".vtb"))
        continue;
      id = g_strndup (name, strlen (name) - 4);
      if (g_hash_table_contains (known, id))
        continue;

      header = vt_bundle_read_header (path, &error);
      if (header == NULL || !g_str_equal (header->submission_id, id) || g_stat (path, &st) != 0)
        {
          /* Kept for a technician: it may still open at the office. */
          g_warning ("A bundle in the queue folder could not be read: %s",
                     error ? error->message : "wrong name");
          continue;
        }
      /* The code the person was given, unless another row took it meanwhile. */
      if (insert_row (self, header, header->code, st.st_size, NULL))
        adopted++;
      else
        {
          g_autofree char *code = vt_submission_code_new ();
          if (insert_row (self, header, code, st.st_size, NULL))
            adopted++;
        }
    }
  return adopted;
}

/* Rows of schema 1 kept their files in clear under submissions/<id>/. They are sealed like new
 * ones, with their own id, code and time, and the clear copies go. One that cannot be read
 * stays as it was, for a technician. */
static void
seal_legacy (VtQueue *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db, "SELECT id FROM submissions WHERE bundle IS NULL"
                                " AND state != 'sent'", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(VtBundleHeader) header = g_new0 (VtBundleHeader, 1);
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
        (GDestroyNotify)vt_attachment_free);
      g_autoptr(GBytes) answers = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *answers_path = NULL;
      g_autofree char *partial = NULL;
      g_autofree char *bundle = NULL;
      g_autofree char *relative = NULL;
      guint64 size = 0;
      gboolean ok = TRUE;

      sqlite3_prepare_v2 (self->db,
                          "SELECT code, procedure_id, procedure_version, created_at, folder,"
                          " answers_file FROM submissions WHERE id = ?", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_finalize (stmt);
          continue;
        }
      header->submission_id = g_strdup (id);
      header->code = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      header->procedure_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      header->procedure_version = sqlite3_column_int (stmt, 2);
      header->created_at = sqlite3_column_int64 (stmt, 3);
      header->kiosk_id = g_strdup (self->kiosk_id);
      folder = g_build_filename (self->submissions_dir, (const char *)sqlite3_column_text (stmt, 4),
                                 NULL);
      answers_path = g_build_filename (folder, (const char *)sqlite3_column_text (stmt, 5), NULL);
      sqlite3_finalize (stmt);

      {
        g_autoptr(GFile) file = g_file_new_for_path (answers_path);
        answers = g_file_load_bytes (file, NULL, NULL, &error);
        ok = answers != NULL;
      }
      sqlite3_prepare_v2 (self->db, "SELECT name, file, mime_type FROM attachments"
                                    " WHERE submission_id = ? ORDER BY name", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      while (ok && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *path = g_build_filename (folder,
                                                    (const char *)sqlite3_column_text (stmt, 1),
                                                    NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(GBytes) data = g_file_load_bytes (file, NULL, NULL, &error);

          if (data == NULL)
            ok = FALSE;
          else
            g_ptr_array_add (attachments,
                             vt_attachment_new ((const char *)sqlite3_column_text (stmt, 0),
                                                (const char *)sqlite3_column_text (stmt, 2),
                                                data));
        }
      sqlite3_finalize (stmt);

      partial = g_strconcat (self->bundles_dir, G_DIR_SEPARATOR_S, id, ".vtb.partial", NULL);
      bundle = g_strconcat (self->bundles_dir, G_DIR_SEPARATOR_S, id, ".vtb", NULL);
      relative = g_strconcat ("bundles/", id, ".vtb", NULL);
      g_unlink (partial);
      if (!ok
          || !vt_bundle_write (partial, header, PACKAGE_VERSION, self->office_key, answers,
                               attachments, &size, NULL, &error)
          || g_rename (partial, bundle) != 0
          || !fsync_path (self->bundles_dir, TRUE, &error))
        {
          g_unlink (partial);
          g_warning ("A submission kept in clear by an older version could not be sealed: %s",
                     error ? error->message : g_strerror (errno));
          continue;
        }
      sqlite3_prepare_v2 (self->db, "UPDATE submissions SET bundle = ?, bundle_size = ?,"
                                    " kiosk_id = ? WHERE id = ?", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, relative, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, size);
      sqlite3_bind_text (stmt, 3, self->kiosk_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
      /* The clear copies go only once the row points at the bundle. */
      if (ok)
        {
          sqlite3_prepare_v2 (self->db, "DELETE FROM attachments WHERE submission_id = ?", -1,
                              &stmt, NULL);
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          remove_tree (folder);
        }
      else
        g_unlink (bundle);
    }
}

/* Bundles of rows already sent are deleted after the commit; a crash in between leaves them. */
static void
remove_sent_bundles (VtQueue *self)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (self->db,
                      "SELECT bundle FROM submissions WHERE state = 'sent' AND bundle IS NOT NULL",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *path = g_build_filename (self->directory,
                                                (const char *)sqlite3_column_text (stmt, 0),
                                                NULL);
      g_unlink (path);
    }
  sqlite3_finalize (stmt);
}

static gboolean
take_lock (VtQueue  *self,
           GError  **error)
{
  g_autofree char *path = g_build_filename (self->directory, "queue.lock", NULL);
  int saved;

  self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      saved = errno;
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo abrir la cola de envíos: %s"), g_strerror (saved));
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0)
    {
      self->maintained = TRUE;
      return TRUE;
    }
  /* Someone else has it open; a shared lock waits only for a repair in progress. */
  while (flock (self->lock_fd, LOCK_SH) != 0)
    {
      saved = errno;
      if (saved != EINTR)
        {
          g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                       _("No se pudo abrir la cola de envíos: %s"), g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

VtQueue *
vt_queue_open_with_key (const char  *directory,
                        const char  *office_public_key,
                        GError     **error)
{
  g_autoptr(VtQueue) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *db_path = NULL;
  gboolean existed;
  gboolean thorough;
  gboolean damaged = FALSE;
  guint adopted;

  g_return_val_if_fail (directory != NULL, NULL);

  if (!vt_secret_init ())
    {
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_KEY,
                           _("No se pudo iniciar el cifrado del quiosco."));
      return NULL;
    }

  self = g_object_new (VT_TYPE_QUEUE, NULL);
  self->directory = g_strdup (directory);
  self->submissions_dir = g_build_filename (directory, "submissions", NULL);
  self->bundles_dir = g_build_filename (directory, "bundles", NULL);
  self->kiosk_id = g_strdup ("");
  if (!vt_bundle_decode_key (office_public_key ? office_public_key
                                               : VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY,
                             self->office_key, NULL))
    {
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_KEY,
                           _("La clave pública de la oficina no es válida: revise la "
                             "configuración del quiosco."));
      return NULL;
    }
  if (g_mkdir_with_parents (self->bundles_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo crear la carpeta de envíos: %s"), g_strerror (saved));
      return NULL;
    }

  /* Repairs (moving a damaged database aside, adopting bundles without a row, removing
   * unfinished files) are only right when nothing else uses the queue: to another process,
   * a bundle being sealed looks just like one a crash left behind. So every open holds
   * queue.lock shared for as long as it lives, and repairs need it exclusive: `ventanilla
   * --queue-status` while the kiosk runs only reads. The lock goes with the process, however
   * it ends. */
  if (!take_lock (self, error))
    return NULL;

  db_path = g_build_filename (directory, "queue.db", NULL);
  existed = g_file_test (db_path, G_FILE_TEST_EXISTS);
  /* A clean close checkpoints and removes the WAL: one left behind when nobody else has the
   * queue open means a crash or a power cut, when a page-by-page check is worth its time.
   * Otherwise the header check suffices, and --queue-status answers fast with 10,000 items. */
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    GStatBuf st;

    thorough = self->maintained && g_stat (wal, &st) == 0 && st.st_size > 0;
  }
  if (!existed && self->maintained)
    {
      /* A journal without its database must not be replayed into a new one. */
      move_aside (db_path);
    }
  if (!open_database (self, db_path, thorough, &damaged, &local_error))
    {
      if (!damaged)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!self->maintained)
        {
          /* Perhaps only caught mid-write: the process using it decides, not this one. */
          g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                       _("La cola de envíos parece dañada, pero otro programa del quiosco la "
                         "está usando: ciérrelo y vuelva a intentarlo (%s)."),
                       local_error->message);
          return NULL;
        }
      g_warning ("The submission queue database was damaged (%s); it was moved aside and "
                 "the queue is rebuilt from the bundle files", local_error->message);
      g_clear_error (&local_error);
      g_clear_pointer (&self->db, sqlite3_close);
      move_aside (db_path);
      self->rebuilt = TRUE;
      if (!open_database (self, db_path, TRUE, &damaged, error))
        return NULL;
    }

  if (self->maintained)
    {
      adopted = adopt_bundles (self);
      if (adopted > 0)
        {
          self->rebuilt = TRUE;
          g_warning ("%u submission(s) were restored to the queue from their bundle files%s",
                     adopted, existed ? "" : " (the queue database was missing)");
        }
      remove_sent_bundles (self);
      if (g_file_test (self->submissions_dir, G_FILE_TEST_IS_DIR))
        {
          seal_legacy (self);
          remove_orphans (self);
        }
    }
  /* From here on others may open the queue too, but none may repair it. */
  if (self->maintained && flock (self->lock_fd, LOCK_SH) != 0)
    g_warning ("could not share the queue lock: %s", g_strerror (errno));
  return g_steal_pointer (&self);
}

VtQueue *
vt_queue_open (const char  *directory,
               GError     **error)
{
  return vt_queue_open_with_key (directory, NULL, error);
}

void
vt_queue_set_kiosk_id (VtQueue    *self,
                       const char *kiosk_id)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VT_IS_QUEUE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_free (self->kiosk_id);
  self->kiosk_id = g_strdup (kiosk_id ? kiosk_id : "");
}

gboolean
vt_queue_get_rebuilt (VtQueue *self)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return self->rebuilt;
}

const char *
vt_queue_get_directory (VtQueue *self)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  return self->directory;
}

static gboolean
code_is_taken (VtQueue    *self,
               const char *code)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = NULL;
  gboolean taken;

  sqlite3_prepare_v2 (self->db, "SELECT 1 FROM submissions WHERE code = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return taken;
}

static void
set_write_error (GError **error,
                 GError  *inner)
{
  if (g_error_matches (inner, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NO_SPACE,
                         _("El disco del quiosco está lleno: el trámite no se pudo guardar. Sus "
                           "datos siguen aquí; pida ayuda al personal e inténtelo de nuevo."));
  else
    g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                 _("No se pudo guardar el trámite: %s"), inner->message);
  g_error_free (inner);
}

char *
vt_queue_add (VtQueue     *self,
              const char  *procedure_id,
              int          procedure_version,
              GBytes      *answers,
              GPtrArray   *attachments,
              char       **out_code,
              GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *partial = NULL;
  g_autofree char *bundle = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (procedure_id != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  partial = g_strconcat (self->bundles_dir, G_DIR_SEPARATOR_S, id, ".vtb.partial", NULL);
  bundle = g_strconcat (self->bundles_dir, G_DIR_SEPARATOR_S, id, ".vtb", NULL);

  /* Codes are short for people to read, so they can collide. The code is sealed into the
   * bundle, so a collision found only at the commit means sealing again. */
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      g_autoptr(VtBundleHeader) header = g_new0 (VtBundleHeader, 1);
      g_autoptr(GMutexLocker) locker = NULL;
      GError *inner = NULL;
      guint64 size = 0;
      int rc;

      header->submission_id = g_strdup (id);
      header->procedure_id = g_strdup (procedure_id);
      header->procedure_version = procedure_version;
      header->created_at = g_get_real_time () / G_USEC_PER_SEC;
      do
        {
          g_free (header->code);
          header->code = vt_submission_code_new ();
        }
      while (code_is_taken (self, header->code));
      g_mutex_lock (&self->lock);
      header->kiosk_id = g_strdup (self->kiosk_id);
      g_mutex_unlock (&self->lock);

      g_unlink (partial);
      /* The bundle's own SHA-256 is left for the uploader's thread (vt_queue_list_due,
       * vt_queue_get_item): one more pass over 10 MB is time the person would wait. */
      if (!vt_bundle_write (partial, header, PACKAGE_VERSION, self->office_key, answers,
                            attachments, &size, NULL, &inner))
        {
          set_write_error (error, inner);
          return NULL;
        }
      /* The bundle is complete on disk, under its final name, before the row points at it. */
      if (g_rename (partial, bundle) != 0)
        {
          int saved = errno;
          g_unlink (partial);
          g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                       _("No se pudo guardar el trámite: %s"), g_strerror (saved));
          return NULL;
        }
      if (!fsync_path (self->bundles_dir, TRUE, error))
        {
          g_unlink (bundle);
          return NULL;
        }

      locker = g_mutex_locker_new (&self->lock);
      if (!exec (self, "BEGIN IMMEDIATE", error))
        {
          g_unlink (bundle);
          return NULL;
        }
      if (!insert_row (self, header, header->code, size, NULL))
        {
          rc = sqlite3_extended_errcode (self->db);
          if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            {
              exec (self, "ROLLBACK", NULL);
              g_unlink (bundle);
              continue;
            }
          set_db_error (self, error, _("No se pudo registrar el trámite en la cola de envíos."));
          exec (self, "ROLLBACK", NULL);
          g_unlink (bundle);
          return NULL;
        }
      if (!exec (self, "COMMIT", error))
        {
          exec (self, "ROLLBACK", NULL);
          g_unlink (bundle);
          return NULL;
        }
      g_clear_pointer (&locker, g_mutex_locker_free);
      if (out_code != NULL)
        *out_code = g_steal_pointer (&header->code);
      g_signal_emit (self, signals[SIGNAL_ITEM_ADDED], 0, id);
      return g_steal_pointer (&id);
    }

  g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                       _("No se pudo registrar el trámite en la cola de envíos."));
  return NULL;
}

typedef struct
{
  char      *procedure_id;
  int        procedure_version;
  char      *code;
  char      *id;
  GBytes    *answers;
  GPtrArray *attachments;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->procedure_id);
  g_free (data->code);
  g_free (data->id);
  g_bytes_unref (data->answers);
  g_clear_pointer (&data->attachments, g_ptr_array_unref);
  g_free (data);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;

  data->id = vt_queue_add (source_object, data->procedure_id, data->procedure_version,
                           data->answers, data->attachments, &data->code, &error);
  if (data->id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
vt_queue_add_async (VtQueue             *self,
                    const char          *procedure_id,
                    int                  procedure_version,
                    GBytes              *answers,
                    GPtrArray           *attachments,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (VT_IS_QUEUE (self));

  data = g_new0 (AddData, 1);
  data->procedure_id = g_strdup (procedure_id);
  data->procedure_version = procedure_version;
  data->answers = g_bytes_ref (answers);
  data->attachments = attachments ? g_ptr_array_ref (attachments) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_queue_add_async);
  g_task_set_task_data (task, data, (GDestroyNotify)add_data_free);
  g_task_run_in_thread (task, add_thread);
}

char *
vt_queue_add_finish (VtQueue       *self,
                     GAsyncResult  *result,
                     char         **out_code,
                     GError       **error)
{
  AddData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (out_code != NULL)
    *out_code = g_steal_pointer (&data->code);
  return g_steal_pointer (&data->id);
}

char *
vt_queue_dup_status_json (VtQueue  *self,
                          GError  **error)
{
  static const char * const states[] = { "queued", "uploading", "needs-attention", "sent" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 counts[G_N_ELEMENTS (states)] = { 0 };
  gint64 oldest = 0;
  gint64 total = 0;
  gint64 attempts = 0;
  gint64 waiting_bytes = 0;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT state, count(*), sum(attempts),"
                          " sum(CASE WHEN state != 'sent' THEN coalesce(bundle_size, 0) END),"
                          " min(CASE WHEN state = 'queued' THEN created_at END)"
                          " FROM submissions GROUP BY state",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("No se pudo leer la cola de envíos."));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *state = (const char *)sqlite3_column_text (stmt, 0);

      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        if (g_strcmp0 (states[i], state) == 0)
          counts[i] = sqlite3_column_int64 (stmt, 1);
      total += sqlite3_column_int64 (stmt, 1);
      attempts += sqlite3_column_int64 (stmt, 2);
      waiting_bytes += sqlite3_column_int64 (stmt, 3);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        oldest = sqlite3_column_int64 (stmt, 4);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "states");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      json_builder_set_member_name (builder, states[i]);
      json_builder_add_int_value (builder, counts[i]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "oldest_queued");
  if (oldest > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (oldest);
      g_autofree char *iso = g_date_time_format_iso8601 (dt);
      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, attempts);
  json_builder_set_member_name (builder, "bytes_waiting");
  json_builder_add_int_value (builder, waiting_bytes);

  /* Error classes are short fixed words set by the uploader ("network", "http-413"...). */
  json_builder_set_member_name (builder, "last_errors");
  json_builder_begin_object (builder);
  sqlite3_prepare_v2 (self->db,
                      "SELECT last_error_class, count(*) FROM submissions"
                      " WHERE last_error_class IS NOT NULL AND state != 'sent'"
                      " GROUP BY last_error_class ORDER BY last_error_class",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_set_member_name (builder, (const char *)sqlite3_column_text (stmt, 0));
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rebuilt");
  json_builder_add_boolean_value (builder, self->rebuilt);
  json_builder_end_object (builder);
  g_clear_pointer (&locker, g_mutex_locker_free);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
add_text (JsonBuilder  *builder,
          const char   *name,
          sqlite3_stmt *stmt,
          int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, column));
}

char *
vt_queue_dup_submission_json (VtQueue     *self,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *folder = NULL;
  gboolean legacy;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_prepare_v2 (self->db,
                      "SELECT code, procedure_id, procedure_version, created_at, state, folder,"
                      " answers_file, bundle, bundle_size, bundle_sha256, attempts,"
                      " last_error_class, last_error_message, upload_url, next_attempt_at,"
                      " kiosk_id FROM submissions WHERE id = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND,
                   _("El trámite no está en la cola."));
      return NULL;
    }

  legacy = sqlite3_column_type (stmt, 7) == SQLITE_NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  add_text (builder, "code", stmt, 0);
  add_text (builder, "procedure", stmt, 1);
  json_builder_set_member_name (builder, "procedure_version");
  json_builder_add_int_value (builder, sqlite3_column_int (stmt, 2));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
  add_text (builder, "state", stmt, 4);
  add_text (builder, "kiosk_id", stmt, 15);
  if (legacy)
    {
      /* A row of schema 1, kept in clear before sealing existed. */
      folder = g_build_filename (self->submissions_dir,
                                 (const char *)sqlite3_column_text (stmt, 5), NULL);
      json_builder_set_member_name (builder, "folder");
      json_builder_add_string_value (builder, folder);
      json_builder_set_member_name (builder, "answers_file");
      {
        g_autofree char *answers = g_build_filename (folder,
                                                     (const char *)sqlite3_column_text (stmt, 6),
                                                     NULL);
        json_builder_add_string_value (builder, answers);
      }
    }
  else
    {
      g_autofree char *bundle = g_build_filename (self->directory,
                                                  (const char *)sqlite3_column_text (stmt, 7),
                                                  NULL);
      json_builder_set_member_name (builder, "bundle");
      json_builder_add_string_value (builder, bundle);
      json_builder_set_member_name (builder, "bundle_size");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 8));
      add_text (builder, "bundle_sha256", stmt, 9);
    }
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 10));
  add_text (builder, "last_error_class", stmt, 11);
  add_text (builder, "last_error_message", stmt, 12);
  add_text (builder, "upload_url", stmt, 13);
  json_builder_set_member_name (builder, "next_attempt_at");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 14));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (legacy)
    {
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      sqlite3_prepare_v2 (self->db,
                          "SELECT name, file, mime_type, size, sha256 FROM attachments"
                          " WHERE submission_id = ? ORDER BY name",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *path = g_build_filename (folder,
                                                    (const char *)sqlite3_column_text (stmt, 1),
                                                    NULL);

          json_builder_begin_object (builder);
          add_text (builder, "name", stmt, 0);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, path);
          add_text (builder, "mime_type", stmt, 2);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
          add_text (builder, "sha256", stmt, 4);
          json_builder_end_object (builder);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The uploader's side */

void
vt_queue_item_free (VtQueueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->bundle_path);
  g_free (item->bundle_sha256);
  g_free (item->upload_url);
  g_free (item);
}

#define ITEM_COLUMNS "id, bundle, bundle_size, bundle_sha256, upload_url, attempts, next_attempt_at"

static VtQueueItem *
item_from_row (VtQueue      *self,
               sqlite3_stmt *stmt)
{
  VtQueueItem *item = g_new0 (VtQueueItem, 1);
  const char *url = (const char *)sqlite3_column_text (stmt, 4);

  item->id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  item->bundle_path = g_build_filename (self->directory,
                                        (const char *)sqlite3_column_text (stmt, 1), NULL);
  item->bundle_size = sqlite3_column_int64 (stmt, 2);
  item->bundle_sha256 = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  item->upload_url = g_strdup (url);
  item->attempts = sqlite3_column_int (stmt, 5);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 6);

  /* Rows restored from bundles have no SHA-256 yet: compute it once, when first needed. */
  if (item->bundle_sha256 == NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (item->bundle_path, FALSE, NULL);

      if (mapped != NULL)
        {
          g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (mapped);
          sqlite3_stmt *update = NULL;

          item->bundle_sha256 = vt_secret_sha256_bytes (bytes);
          item->bundle_size = g_bytes_get_size (bytes);
          sqlite3_prepare_v2 (self->db,
                              "UPDATE submissions SET bundle_sha256 = ?, bundle_size = ?"
                              " WHERE id = ?", -1, &update, NULL);
          sqlite3_bind_text (update, 1, item->bundle_sha256, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (update, 2, item->bundle_size);
          sqlite3_bind_text (update, 3, item->id, -1, SQLITE_STATIC);
          sqlite3_step (update);
          sqlite3_finalize (update);
        }
    }
  return item;
}

GPtrArray *
vt_queue_list_due (VtQueue  *self,
                   gint64    now,
                   guint     limit,
                   GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_queue_item_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT " ITEM_COLUMNS " FROM submissions"
                          " WHERE state IN ('queued', 'uploading') AND bundle IS NOT NULL"
                          " AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at"
                          " LIMIT ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("No se pudo leer la cola de envíos."));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (self, stmt));
  sqlite3_finalize (stmt);
  return g_steal_pointer (&items);
}

VtQueueItem *
vt_queue_get_item (VtQueue     *self,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  VtQueueItem *item = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_prepare_v2 (self->db,
                      "SELECT " ITEM_COLUMNS " FROM submissions WHERE id = ? AND bundle IS NOT NULL",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item = item_from_row (self, stmt);
  else
    g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND,
                 _("El trámite no está en la cola."));
  sqlite3_finalize (stmt);
  return item;
}

gint64
vt_queue_get_next_attempt (VtQueue  *self,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 next = 0;

  g_return_val_if_fail (VT_IS_QUEUE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_prepare_v2 (self->db,
                      "SELECT min(next_attempt_at) FROM submissions"
                      " WHERE state IN ('queued', 'uploading') AND bundle IS NOT NULL",
                      -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return next;
}

/* Runs one UPDATE with text/integer arguments (NULL text binds NULL) on one row. */
static gboolean
update_row (VtQueue     *self,
            const char  *sql,
            const char  *id,
            const char  *text1,
            const char  *text2,
            const char  *text3,
            gint64       number,
            GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":t1"), text1, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":t2"), text2, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":t3"), text3, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":n"), number);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":now"),
                      g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND,
                           _("El trámite no está en la cola."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vt_queue_set_upload_url (VtQueue     *self,
                         const char  *id,
                         const char  *upload_url,
                         GError     **error)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return update_row (self, "UPDATE submissions SET upload_url = :t1, updated_at = :now"
                           " WHERE id = :id", id, upload_url, NULL, NULL, 0, error);
}

gboolean
vt_queue_mark_uploading (VtQueue     *self,
                         const char  *id,
                         GError     **error)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return update_row (self, "UPDATE submissions SET state = 'uploading', updated_at = :now"
                           " WHERE id = :id AND state IN ('queued', 'uploading')",
                     id, NULL, NULL, NULL, 0, error);
}

gboolean
vt_queue_record_failure (VtQueue     *self,
                         const char  *id,
                         const char  *error_class,
                         const char  *message,
                         gint64       next_attempt_at,
                         GError     **error)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return update_row (self, "UPDATE submissions SET state = 'queued', attempts = attempts + 1,"
                           " last_error_class = :t1, last_error_message = :t2,"
                           " next_attempt_at = :n, updated_at = :now"
                           " WHERE id = :id AND state IN ('queued', 'uploading')",
                     id, error_class, message, NULL, next_attempt_at, error);
}

gboolean
vt_queue_mark_needs_attention (VtQueue     *self,
                               const char  *id,
                               const char  *error_class,
                               const char  *message,
                               GError     **error)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return update_row (self, "UPDATE submissions SET state = 'needs-attention',"
                           " attempts = attempts + 1, last_error_class = :t1,"
                           " last_error_message = :t2, updated_at = :now"
                           " WHERE id = :id AND state != 'sent'",
                     id, error_class, message, NULL, 0, error);
}

gboolean
vt_queue_requeue (VtQueue     *self,
                  const char  *id,
                  GError     **error)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);
  return update_row (self, "UPDATE submissions SET state = 'queued', next_attempt_at = 0,"
                           " updated_at = :now WHERE id = :id AND state != 'sent'",
                     id, NULL, NULL, NULL, 0, error);
}

gboolean
vt_queue_mark_sent (VtQueue     *self,
                    const char  *id,
                    GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);

  /* The row says sent before the bundle goes: a crash in between leaves a bundle that the
   * next open deletes (remove_sent_bundles), never a row pointing at nothing. */
  if (!update_row (self, "UPDATE submissions SET state = 'sent', last_error_class = NULL,"
                         " last_error_message = NULL, updated_at = :now WHERE id = :id",
                   id, NULL, NULL, NULL, 0, error))
    return FALSE;
  path = g_strconcat (self->bundles_dir, G_DIR_SEPARATOR_S, id, ".vtb", NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("A sent bundle could not be deleted yet: %s", g_strerror (errno));
  return TRUE;
}

char *
vt_submission_code_new (void)
{
  /* Crockford's alphabet without the letters people confuse: no I, L, O, U. 32^7 codes, with
   * a hyphen for reading aloud over the phone. */
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  char code[9];

  for (guint i = 0; i < 8; i++)
    code[i] = i == 3 ? '-' : alphabet[g_random_int_range (2, 32)];
  code[8] = '\0';
  return g_strdup (code);
}

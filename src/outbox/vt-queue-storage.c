/* vt-queue-storage.c — where the queue lives on disk: queue.lock, the schema and its
 * migrations, opening and checking queue.db, and the repairs after a crash (rebuilding rows
 * from bundle files, removing what an interrupted add left, sealing schema-1 leftovers).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-queue-private.h"

#include "vt-fs.h"
#include "vt-secret-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

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

gboolean
vt_queue_set_db_error (VtQueue     *self,
              GError     **error,
              const char  *sentence)
{
  g_autofree char *message = g_strconcat (sentence, " (", sqlite3_errmsg (self->db), ")", NULL);

  g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE, message);
  return FALSE;
}

gboolean
vt_queue_exec (VtQueue     *self,
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

  self->schema_found = version;
  if (version < 0)
    return vt_queue_set_db_error (self, error, _("No se pudo leer la versión de la cola de envíos."));
  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                   _("La cola de envíos fue creada por una versión más nueva de Ventanilla."));
      return FALSE;
    }

  for (int i = version; i < (int)G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (!vt_queue_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!vt_queue_exec (self, migrations[i], error) || !vt_queue_exec (self, bump, error))
        {
          vt_queue_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!vt_queue_exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
vt_queue_fsync_path (const char  *path,
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

/* Folders of schema 1 without a row are what an interrupted add of an older version left
 * behind: never visible, so never queued. That is only known while the database that would
 * have the row is the very one those adds wrote, at the open that migrates it from schema 1:
 * any other time (after a rebuild, the database that had the rows is gone) a folder without a
 * row may be a submission someone was given a code for, and stays for a technician. `remove`
 * FALSE only counts them. Entries are removed as they are: a symbolic link goes as a link,
 * never what it points to. */
static guint
remove_orphans (VtQueue  *self,
                gboolean  remove)
{
  guint orphans = 0;

  g_autoptr(GDir) dir = g_dir_open (self->submissions_dir, 0, NULL);
  sqlite3_stmt *stmt = NULL;
  const char *name;

  if (dir == NULL)
    return 0;
  sqlite3_prepare_v2 (self->db, "SELECT 1 FROM submissions WHERE id = ?", -1, &stmt, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean known;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      known = sqlite3_step (stmt) == SQLITE_ROW;
      if (!known && remove)
        {
          g_autofree char *path = g_build_filename (self->submissions_dir, name, NULL);
          g_debug ("Removing an unfinished submission folder");
          vt_fs_remove_tree (path);
        }
      orphans += known ? 0 : 1;
    }
  sqlite3_finalize (stmt);
  return orphans;
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
      return vt_queue_set_db_error (self, error, _("No se pudo abrir la cola de envíos."));
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=FULL: a committed submission survives a power cut. */
  if (!vt_queue_exec (self, "PRAGMA journal_mode = WAL", error))
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

  if (!vt_queue_exec (self, "PRAGMA synchronous = FULL", error)
      || !vt_queue_exec (self, "PRAGMA foreign_keys = ON", error)
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

gboolean
vt_queue_insert_row (VtQueue              *self,
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
      g_autofree char *sha256 = NULL;
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
      /* The row that recorded the SHA-256 at sealing is gone: the file as it is now is the
       * best reference left, and from here on a change to it is caught as for any other. */
      {
        g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
        g_autoptr(GBytes) bytes = mapped ? g_mapped_file_get_bytes (mapped) : NULL;

        sha256 = bytes ? vt_secret_sha256_bytes (bytes) : NULL;
      }
      /* The code the person was given, unless another row took it meanwhile. */
      if (vt_queue_insert_row (self, header, header->code, st.st_size, sha256))
        adopted++;
      else
        {
          g_autofree char *code = vt_queue_new_code (self);
          if (vt_queue_insert_row (self, header, code, st.st_size, sha256))
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
      g_autofree char *sha256 = NULL;
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
          || !vt_bundle_write (partial, header, PACKAGE_VERSION, self->office_key,
                               self->signing_key, answers, attachments, &size, &sha256, &error)
          || g_rename (partial, bundle) != 0
          || !vt_queue_fsync_path (self->bundles_dir, TRUE, &error))
        {
          g_unlink (partial);
          g_warning ("A submission kept in clear by an older version could not be sealed: %s",
                     error ? error->message : g_strerror (errno));
          continue;
        }
      sqlite3_prepare_v2 (self->db, "UPDATE submissions SET bundle = ?, bundle_size = ?,"
                                    " kiosk_id = ?, bundle_sha256 = ? WHERE id = ?", -1, &stmt,
                          NULL);
      sqlite3_bind_text (stmt, 1, relative, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, size);
      sqlite3_bind_text (stmt, 3, self->kiosk_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
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
          vt_fs_remove_tree (folder);
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

gboolean
vt_queue_storage_open (VtQueue  *self,
                       GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *db_path = NULL;
  gboolean existed;
  gboolean thorough;
  gboolean damaged = FALSE;
  guint adopted;

  /* Repairs (moving a damaged database aside, adopting bundles without a row, removing
   * unfinished files) are only right when nothing else uses the queue: to another process,
   * a bundle being sealed looks just like one a crash left behind. So every open holds
   * queue.lock shared for as long as it lives, and repairs need it exclusive: `ventanilla
   * --queue-status` while the kiosk runs only reads. The lock goes with the process, however
   * it ends. */
  if (!take_lock (self, error))
    return FALSE;

  db_path = g_build_filename (self->directory, "queue.db", NULL);
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
          return FALSE;
        }
      if (!self->maintained)
        {
          /* Perhaps only caught mid-write: the process using it decides, not this one. */
          g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                       _("La cola de envíos parece dañada, pero otro programa del quiosco la "
                         "está usando: ciérrelo y vuelva a intentarlo (%s)."),
                       local_error->message);
          return FALSE;
        }
      g_warning ("The submission queue database was damaged (%s); it was moved aside and "
                 "the queue is rebuilt from the bundle files", local_error->message);
      g_clear_error (&local_error);
      g_clear_pointer (&self->db, sqlite3_close);
      move_aside (db_path);
      self->rebuilt = TRUE;
      if (!open_database (self, db_path, TRUE, &damaged, error))
        return FALSE;
    }

  /* A new queue.db (and its -wal, which SQLite syncs itself) must still be there after a
   * power cut: its folder entry is made durable too. */
  if ((!existed || self->rebuilt) && self->maintained
      && !vt_queue_fsync_path (self->directory, TRUE, error))
    return FALSE;

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
          gboolean trusted = self->schema_found == 1 && !self->rebuilt;
          guint left;

          seal_legacy (self);
          left = remove_orphans (self, trusted);
          if (!trusted && left > 0)
            g_warning ("%u folder(s) an older version kept under %s have no row in this queue "
                       "database: they are left for a technician", left, self->submissions_dir);
        }
    }
  /* From here on others may open the queue too, but none may repair it. */
  if (self->maintained && flock (self->lock_fd, LOCK_SH) != 0)
    g_warning ("could not share the queue lock: %s", g_strerror (errno));
  return TRUE;
}


/* vt-queue.c — the submission queue: an SQLite index over per-submission folders.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-queue.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <unistd.h>

struct _VtQueue
{
  GObject  parent_instance;

  char    *directory;
  char    *submissions_dir;
  sqlite3 *db;
  GMutex   lock;
};

G_DEFINE_FINAL_TYPE (VtQueue, vt_queue, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-queue-error-quark, vt_queue_error)

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
  g_free (self->directory);
  g_free (self->submissions_dir);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vt_queue_parent_class)->finalize (object);
}

static void
vt_queue_class_init (VtQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_queue_finalize;
}

static void
vt_queue_init (VtQueue *self)
{
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

VtQueue *
vt_queue_open (const char  *directory,
               GError     **error)
{
  g_autoptr(VtQueue) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (VT_TYPE_QUEUE, NULL);
  self->directory = g_strdup (directory);
  self->submissions_dir = g_build_filename (directory, "submissions", NULL);
  if (g_mkdir_with_parents (self->submissions_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo crear la carpeta de envíos: %s"), g_strerror (saved));
      return NULL;
    }

  db_path = g_build_filename (directory, "queue.db", NULL);
  if (sqlite3_open_v2 (db_path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("No se pudo abrir la cola de envíos."));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=FULL: a committed submission survives a power cut. */
  if (!exec (self, "PRAGMA journal_mode = WAL", error)
      || !exec (self, "PRAGMA synchronous = FULL", error)
      || !exec (self, "PRAGMA foreign_keys = ON", error)
      || !migrate (self, error))
    return NULL;

  remove_orphans (self);
  return g_steal_pointer (&self);
}

const char *
vt_queue_get_directory (VtQueue *self)
{
  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  return self->directory;
}

static gboolean
write_bytes_synced (const char  *path,
                    GBytes      *bytes,
                    GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  gsize written = 0;
  int saved = 0;

  if (fd < 0)
    saved = errno;
  while (fd >= 0 && written < size)
    {
      gssize w = write (fd, data + written, size - written);

      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          saved = errno;
          break;
        }
      written += w;
    }
  if (fd >= 0 && saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved != 0)
    {
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo guardar el trámite: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char   *file;
  char   *name;
  char   *mime_type;
  gint64  size;
  char   *sha256;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->file);
  g_free (stored->name);
  g_free (stored->mime_type);
  g_free (stored->sha256);
  g_free (stored);
}

static gboolean
name_is_safe (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
file_name_for (const VtAttachment *attachment)
{
  const char *ext = ".bin";

  if (g_strcmp0 (attachment->mime_type, "image/jpeg") == 0)
    ext = ".jpg";
  else if (g_strcmp0 (attachment->mime_type, "image/png") == 0)
    ext = ".png";
  else if (g_strcmp0 (attachment->mime_type, "application/pdf") == 0)
    ext = ".pdf";
  else if (g_strcmp0 (attachment->mime_type, "video/mp4") == 0)
    ext = ".mp4";
  return g_strconcat (attachment->name, ext, NULL);
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
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify)stored_free);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *folder = NULL;
  g_autofree char *answers_path = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (procedure_id != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  folder = g_build_filename (self->submissions_dir, id, NULL);
  if (g_mkdir (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                   _("No se pudo guardar el trámite: %s"), g_strerror (saved));
      return NULL;
    }

  answers_path = g_build_filename (folder, "answers.json", NULL);
  if (!write_bytes_synced (answers_path, answers, error))
    goto out;

  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *attachment = g_ptr_array_index (attachments, i);
      Stored *item = g_new0 (Stored, 1);
      g_autofree char *dest = NULL;

      /* Names become file names: nothing may lead outside the submission's folder. */
      if (!name_is_safe (attachment->name))
        {
          g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO,
                               _("Un archivo del trámite tiene un nombre no válido."));
          stored_free (item);
          goto out;
        }

      g_ptr_array_add (stored, item);
      item->file = file_name_for (attachment);
      item->name = g_strdup (attachment->name);
      item->mime_type = g_strdup (attachment->mime_type);
      dest = g_build_filename (folder, item->file, NULL);
      item->size = g_bytes_get_size (attachment->data);
      item->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, attachment->data);
      if (!write_bytes_synced (dest, attachment->data, error))
        goto out;
    }

  /* The files and their folder entries reach the disk before the row that makes them visible. */
  if (!fsync_path (folder, TRUE, error) || !fsync_path (self->submissions_dir, TRUE, error))
    goto out;

  locker = g_mutex_locker_new (&self->lock);
  if (!exec (self, "BEGIN IMMEDIATE", error))
    goto out;

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO submissions (id, code, procedure_id, procedure_version,"
                      " created_at, state, folder, answers_file)"
                      " VALUES (?, ?, ?, ?, ?, 'queued', ?, 'answers.json')",
                      -1, &stmt, NULL);
  /* Codes are short for people to read, so they can collide: draw again until one is free. */
  for (int rc = SQLITE_CONSTRAINT; rc == SQLITE_CONSTRAINT;)
    {
      g_free (code);
      code = vt_submission_code_new ();
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, procedure_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, procedure_version);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (stmt, 6, id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT)
        {
          set_db_error (self, error, _("No se pudo registrar el trámite en la cola de envíos."));
          goto rollback;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO attachments (submission_id, name, file, mime_type, size, sha256)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < stored->len; i++)
    {
      const Stored *item = g_ptr_array_index (stored, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, item->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, item->file, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, item->mime_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, item->size);
      sqlite3_bind_text (stmt, 6, item->sha256, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_db_error (self, error, _("No se pudieron registrar los archivos del trámite."));
          goto rollback;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!exec (self, "COMMIT", error))
    goto rollback;
  ok = TRUE;
  goto out;

rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  exec (self, "ROLLBACK", NULL);

out:
  if (!ok)
    {
      remove_tree (folder);
      return NULL;
    }
  if (out_code != NULL)
    *out_code = g_steal_pointer (&code);
  return g_steal_pointer (&id);
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

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT state, count(*) FROM submissions GROUP BY state",
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
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  sqlite3_prepare_v2 (self->db, "SELECT min(created_at) FROM submissions WHERE state = 'queued'",
                      -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    oldest = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&locker, g_mutex_locker_free);

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
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
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

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_prepare_v2 (self->db,
                      "SELECT code, procedure_id, procedure_version, created_at, state, folder,"
                      " answers_file FROM submissions WHERE id = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND,
                   _("El trámite no está en la cola."));
      return NULL;
    }

  folder = g_build_filename (self->submissions_dir,
                             (const char *)sqlite3_column_text (stmt, 5), NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 0));
  json_builder_set_member_name (builder, "procedure");
  json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
  json_builder_set_member_name (builder, "procedure_version");
  json_builder_add_int_value (builder, sqlite3_column_int (stmt, 2));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 4));
  json_builder_set_member_name (builder, "folder");
  json_builder_add_string_value (builder, folder);
  json_builder_set_member_name (builder, "answers_file");
  {
    g_autofree char *answers = g_build_filename (folder,
                                                 (const char *)sqlite3_column_text (stmt, 6),
                                                 NULL);
    json_builder_add_string_value (builder, answers);
  }
  g_clear_pointer (&stmt, sqlite3_finalize);

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
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "mime_type");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 4));
      json_builder_end_object (builder);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
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

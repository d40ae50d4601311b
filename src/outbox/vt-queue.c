/* vt-queue.c — the submission queue: an SQLite index over sealed bundle files. This file has
 * the type, adding submissions and describing the queue; vt-queue-storage.c opens, migrates
 * and repairs it; vt-queue-items.c is the uploader's side.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-queue-private.h"

#include "vt-kiosk-key.h"
#include "vt-secret-stream.h"

#include <sodium.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_FINAL_TYPE (VtQueue, vt_queue, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-queue-error-quark, vt_queue_error)

enum
{
  SIGNAL_ITEM_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  g_free (self->code_prefix);
  vt_secret_key_free (self->signing_key);
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

VtQueue *
vt_queue_open_with_key (const char  *directory,
                        const char  *office_public_key,
                        GError     **error)
{
  return vt_queue_open_for_kiosk (directory, office_public_key, NULL, NULL, error);
}

VtQueue *
vt_queue_open_for_kiosk (const char    *directory,
                         const char    *office_public_key,
                         const char    *kiosk_id,
                         const guint8  *signing_key,
                         GError       **error)
{
  g_autoptr(VtQueue) self = NULL;

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
  self->kiosk_id = g_strdup (kiosk_id != NULL ? kiosk_id : "");
  {
    guint8 seed[VT_BUNDLE_KEY_BYTES];

    vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_SIGNING_SEED, seed, NULL);
    self->signing_key = vt_bundle_signing_key_from_seed (seed);
    sodium_memzero (seed, sizeof seed);
    if (signing_key != NULL)
      memcpy (self->signing_key, signing_key, VT_BUNDLE_SIGNING_KEY_BYTES);
  }
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

  if (!vt_queue_storage_open (self, error))
    return NULL;
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

void
vt_queue_set_signing_key (VtQueue      *self,
                          const guint8 *signing_key)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VT_IS_QUEUE (self));
  g_return_if_fail (signing_key != NULL);

  locker = g_mutex_locker_new (&self->lock);
  memcpy (self->signing_key, signing_key, VT_BUNDLE_SIGNING_KEY_BYTES);
}

gboolean
vt_queue_set_code_prefix (VtQueue    *self,
                          const char *prefix)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), FALSE);

  if (prefix != NULL && *prefix != '\0' && !vt_kiosk_prefix_is_valid (prefix))
    return FALSE;
  locker = g_mutex_locker_new (&self->lock);
  g_free (self->code_prefix);
  self->code_prefix = (prefix != NULL && *prefix != '\0') ? g_strdup (prefix) : NULL;
  return TRUE;
}

char *
vt_queue_dup_code_prefix (VtQueue *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return self->code_prefix != NULL ? g_strdup (self->code_prefix)
                                   : vt_kiosk_key_default_prefix (self->signing_key);
}

char *
vt_queue_dup_signing_public_key (VtQueue *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return vt_bundle_signing_public_key (self->signing_key);
}

char *
vt_queue_dup_kiosk_id (VtQueue *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return g_strdup (self->kiosk_id);
}

char *
vt_queue_new_code (VtQueue *self)
{
  g_autofree char *prefix = vt_queue_dup_code_prefix (self);

  return vt_submission_code_new (prefix);
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

static char *
queue_add (VtQueue     *self,
           const char  *procedure_id,
           int          procedure_version,
           GBytes      *answers,
           GPtrArray   *attachments,
           char       **out_code,
           char       **out_sha256,
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
      g_autofree char *sha256 = NULL;
      guint8 *signing_key = NULL;
      GError *inner = NULL;
      guint64 size = 0;
      gboolean written;
      int rc;

      header->submission_id = g_strdup (id);
      header->procedure_id = g_strdup (procedure_id);
      header->procedure_version = procedure_version;
      header->created_at = g_get_real_time () / G_USEC_PER_SEC;
      do
        {
          g_free (header->code);
          header->code = vt_queue_new_code (self);
        }
      while (code_is_taken (self, header->code));
      g_mutex_lock (&self->lock);
      header->kiosk_id = g_strdup (self->kiosk_id);
      signing_key = sodium_malloc (VT_BUNDLE_SIGNING_KEY_BYTES);
      memcpy (signing_key, self->signing_key, VT_BUNDLE_SIGNING_KEY_BYTES);
      g_mutex_unlock (&self->lock);

      g_unlink (partial);
      /* The bundle's SHA-256 is taken from the bytes as they are written, in the same pass:
       * whatever happens to the file later is told apart from what was sealed. */
      written = vt_bundle_write (partial, header, PACKAGE_VERSION, self->office_key, signing_key,
                                 answers, attachments, &size, &sha256, &inner);
      vt_secret_key_free (signing_key);
      if (!written)
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
      if (!vt_queue_fsync_path (self->bundles_dir, TRUE, error))
        {
          g_unlink (bundle);
          return NULL;
        }

      locker = g_mutex_locker_new (&self->lock);
      if (!vt_queue_exec (self, "BEGIN IMMEDIATE", error))
        {
          g_unlink (bundle);
          return NULL;
        }
      if (!vt_queue_insert_row (self, header, header->code, size, sha256))
        {
          rc = sqlite3_extended_errcode (self->db);
          if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            {
              vt_queue_exec (self, "ROLLBACK", NULL);
              g_unlink (bundle);
              continue;
            }
          vt_queue_set_db_error (self, error, _("No se pudo registrar el trámite en la cola de envíos."));
          vt_queue_exec (self, "ROLLBACK", NULL);
          g_unlink (bundle);
          return NULL;
        }
      if (!vt_queue_exec (self, "COMMIT", error))
        {
          vt_queue_exec (self, "ROLLBACK", NULL);
          g_unlink (bundle);
          return NULL;
        }
      g_clear_pointer (&locker, g_mutex_locker_free);
      if (out_code != NULL)
        *out_code = g_steal_pointer (&header->code);
      if (out_sha256 != NULL)
        *out_sha256 = g_steal_pointer (&sha256);
      g_signal_emit (self, signals[SIGNAL_ITEM_ADDED], 0, id);
      return g_steal_pointer (&id);
    }

  g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE,
                       _("No se pudo registrar el trámite en la cola de envíos."));
  return NULL;
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
  return queue_add (self, procedure_id, procedure_version, answers, attachments, out_code, NULL,
                    error);
}

typedef struct
{
  char      *procedure_id;
  int        procedure_version;
  char      *code;
  char      *sha256;
  char      *id;
  GBytes    *answers;
  GPtrArray *attachments;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->procedure_id);
  g_free (data->code);
  g_free (data->sha256);
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

  data->id = queue_add (source_object, data->procedure_id, data->procedure_version,
                        data->answers, data->attachments, &data->code, &data->sha256, &error);
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
vt_queue_add_finish_with_sha256 (VtQueue       *self,
                                 GAsyncResult  *result,
                                 char         **out_code,
                                 char         **out_sha256,
                                 GError       **error)
{
  AddData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (out_code != NULL)
    *out_code = g_steal_pointer (&data->code);
  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&data->sha256);
  return g_steal_pointer (&data->id);
}

char *
vt_queue_add_finish (VtQueue       *self,
                     GAsyncResult  *result,
                     char         **out_code,
                     GError       **error)
{
  return vt_queue_add_finish_with_sha256 (self, result, out_code, NULL, error);
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
      vt_queue_set_db_error (self, error, _("No se pudo leer la cola de envíos."));
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

char *
vt_submission_code_new (const char *prefix)
{
  /* Crockford's alphabet without the letters people confuse (no 0, 1, I, L, O, U), with a
   * hyphen for reading aloud over the phone. The random part comes from the kernel: GLib's
   * g_random is a seeded Mersenne Twister, predictable and the same in two processes given
   * the same seed. */
  static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
  char code[VT_KIOSK_PREFIX_LEN + 1 + 4 + 1];

  g_return_val_if_fail (prefix == NULL || vt_kiosk_prefix_is_valid (prefix), NULL);

  if (!vt_secret_init ())
    g_error ("libsodium could not be initialised");
  for (guint i = 0; i < sizeof code - 1; i++)
    {
      if (i == VT_KIOSK_PREFIX_LEN)
        code[i] = '-';
      else if (i < VT_KIOSK_PREFIX_LEN && prefix != NULL)
        code[i] = prefix[i];
      else
        code[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
    }
  code[sizeof code - 1] = '\0';
  return g_strdup (code);
}

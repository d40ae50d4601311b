/* vt-queue-items.c — the uploader's side of the queue: which items are due, and what became
 * of each upload.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-queue-private.h"

#include "vt-secret-stream.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>

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

  /* Rows an older version restored from bundles have no SHA-256: the file as it is now is all
   * there is to go by (adoption records it at once now). */
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
      vt_queue_set_db_error (self, error, _("No se pudo leer la cola de envíos."));
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
    return vt_queue_set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
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
    return vt_queue_set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
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

int
vt_queue_requeue_classes (VtQueue            *self,
                          const char * const *error_classes,
                          GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  int total = 0;

  g_return_val_if_fail (VT_IS_QUEUE (self), -1);
  g_return_val_if_fail (error_classes != NULL, -1);

  locker = g_mutex_locker_new (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE submissions SET state = 'queued', next_attempt_at = 0,"
                          " updated_at = ? WHERE state = 'needs-attention'"
                          " AND last_error_class = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      vt_queue_set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
      return -1;
    }
  for (guint i = 0; error_classes[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (stmt, 2, error_classes[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          vt_queue_set_db_error (self, error, _("La cola de envíos no pudo actualizarse."));
          sqlite3_finalize (stmt);
          return -1;
        }
      total += sqlite3_changes (self->db);
    }
  sqlite3_finalize (stmt);
  return total;
}

gboolean
vt_queue_item_verify (VtQueueItem  *item,
                      GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autofree char *hex = NULL;
  struct sha256_ctx checksum;
  guint8 digest[SHA256_DIGEST_SIZE];
  guint64 size = 0;
  gssize n;

  g_return_val_if_fail (item != NULL, FALSE);

  file = g_file_new_for_path (item->bundle_path);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return FALSE;
  buffer = g_malloc (256 * 1024);
  sha256_init (&checksum);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 256 * 1024, NULL, error)) > 0)
    {
      sha256_update (&checksum, (gsize) n, buffer);
      size += (guint64) n;
    }
  if (n < 0)
    return FALSE;
  sha256_digest (&checksum, sizeof digest, digest);
  hex = vt_secret_hex (digest, sizeof digest);
  if (item->bundle_sha256 == NULL || g_strcmp0 (hex, item->bundle_sha256) != 0
      || (item->bundle_size > 0 && size != (guint64) item->bundle_size))
    {
      g_set_error_literal (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_CORRUPT,
                           _("El paquete del envío cambió en el disco del quiosco después de "
                             "sellarse: no se envía ni se borra. Avise al soporte técnico."));
      return FALSE;
    }
  return TRUE;
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


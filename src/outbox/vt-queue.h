/* vt-queue.h — finished submissions waiting to leave the kiosk.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_QUEUE_ERROR (vt_queue_error_quark ())

typedef enum
{
  VT_QUEUE_ERROR_DATABASE,
  VT_QUEUE_ERROR_IO,
  VT_QUEUE_ERROR_NOT_FOUND,
} VtQueueError;

/* One file that travels with a submission. */
typedef struct
{
  char   *name;       /* document id, e.g. "cedula_anverso" */
  char   *mime_type;
  GBytes *data;
} VtAttachment;

VtAttachment *vt_attachment_new  (const char   *name,
                                  const char   *mime_type,
                                  GBytes       *data);
void          vt_attachment_free (VtAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtAttachment, vt_attachment_free)

#define VT_TYPE_QUEUE (vt_queue_get_type ())

G_DECLARE_FINAL_TYPE (VtQueue, vt_queue, VT, QUEUE, GObject)

GQuark      vt_queue_error_quark       (void);

/* Opens (creating it when needed) the queue kept in `directory`: queue.db and one folder per
 * submission under submissions/. Thread-safe: each call takes the queue's lock. */
VtQueue    *vt_queue_open              (const char   *directory,
                                        GError      **error);
const char *vt_queue_get_directory     (VtQueue      *self);

/* Stores a finished submission durably: files are copied and fsynced before the transaction
 * that makes the row visible. `answers` is a JSON object. Returns the submission id (UUID) and,
 * in `out_code`, the short code shown to the person. */
char       *vt_queue_add               (VtQueue      *self,
                                        const char   *procedure_id,
                                        int           procedure_version,
                                        GBytes       *answers,
                                        GPtrArray    *attachments,
                                        char        **out_code,
                                        GError      **error);
void        vt_queue_add_async         (VtQueue             *self,
                                        const char          *procedure_id,
                                        int                  procedure_version,
                                        GBytes              *answers,
                                        GPtrArray           *attachments,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char       *vt_queue_add_finish        (VtQueue             *self,
                                        GAsyncResult        *result,
                                        char               **out_code,
                                        GError             **error);

/* A JSON object: counts per state and the oldest queued time. No personal data. */
char       *vt_queue_dup_status_json   (VtQueue      *self,
                                        GError      **error);

/* Describes one submission as a JSON object (id, code, procedure, state, answers file and
 * attachments with size and SHA-256), for tests and the office tools. */
char       *vt_queue_dup_submission_json (VtQueue    *self,
                                          const char *id,
                                          GError    **error);

/* A short, human-readable code (e.g. "K7M-4QXD") from an alphabet without 0/O, 1/I/L, U. */
char       *vt_submission_code_new     (void);

G_END_DECLS

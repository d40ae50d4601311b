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
  VT_QUEUE_ERROR_NO_SPACE,   /* the kiosk's disk is full: nothing was queued, retry later */
  VT_QUEUE_ERROR_KEY,        /* the office public key is missing or malformed */
  VT_QUEUE_ERROR_CORRUPT,    /* a bundle on disk is no longer what was sealed */
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

/* Opens (creating it when needed) the queue kept in `directory`: queue.db and one sealed
 * bundle per submission under bundles/. Submissions are sealed to `office_public_key` (base64;
 * NULL: the development key, VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY). A queue.db that is missing or
 * damaged is moved aside and rebuilt from the bundles' clear headers (see
 * vt_queue_get_rebuilt), and what an interrupted add left is removed, but only by an open
 * that has the queue to itself (queue.lock): while the kiosk runs, another process (e.g.
 * --queue-status) repairs nothing, and a database that looks damaged to it is an error.
 * Thread-safe: each call takes the queue's lock. */
VtQueue    *vt_queue_open_with_key     (const char   *directory,
                                        const char   *office_public_key,
                                        GError      **error);
/* The same, as this kiosk (its id and its own signing key, copied) from the start: what a
 * repair at this open seals (schema-1 leftovers) is the kiosk's too. NULL signing key: the
 * development key. */
VtQueue    *vt_queue_open_for_kiosk    (const char   *directory,
                                        const char   *office_public_key,
                                        const char   *kiosk_id,
                                        const guint8 *signing_key,
                                        GError      **error);
/* The same with the development key: for tests and tools. */
VtQueue    *vt_queue_open              (const char   *directory,
                                        GError      **error);
/* Names the kiosk in the bundles it seals (the kiosk-id setting). */
void        vt_queue_set_kiosk_id      (VtQueue      *self,
                                        const char   *kiosk_id);
/* The kiosk's own signing key (VT_BUNDLE_SIGNING_KEY_BYTES, copied; see vt-kiosk-key.h). Until
 * one is set, bundles are signed with the development key, which no office registers. */
void        vt_queue_set_signing_key   (VtQueue      *self,
                                        const guint8 *signing_key);
/* The kiosk's code prefix (the code-prefix setting; VT_KIOSK_PREFIX_LEN characters of the code
 * alphabet). NULL or "": derived from the signing key. FALSE, changing nothing, when invalid. */
gboolean    vt_queue_set_code_prefix   (VtQueue      *self,
                                        const char   *prefix);
/* The prefix codes get now. */
char       *vt_queue_dup_code_prefix   (VtQueue      *self);
/* The public half of the signing key (base64), what the office registers; and the kiosk id
 * bundles carry. */
char       *vt_queue_dup_signing_public_key (VtQueue *self);
char       *vt_queue_dup_kiosk_id      (VtQueue      *self);
/* TRUE when this open found queue.db missing or damaged, or bundles without a row, and
 * rebuilt the rows from the bundle files. */
gboolean    vt_queue_get_rebuilt       (VtQueue      *self);
const char *vt_queue_get_directory     (VtQueue      *self);

/* Signal "item-added" (const char *id): a submission was committed to the queue. Emitted in
 * the thread that added it (vt_queue_add_async: a worker thread), so handlers must be
 * thread-safe; the uploader uses it to start at once. */

/* Seals a finished submission into bundles/<id>.vtb (written as .partial, fsynced, renamed,
 * folder fsynced) before the transaction that makes the row visible. Nothing readable stays
 * on the kiosk. A full disk fails with VT_QUEUE_ERROR_NO_SPACE and leaves nothing behind. `answers` is a JSON object. Returns the submission id (UUID) and,
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
/* The same, with the SHA-256 of the sealed bundle (hex) as it was written: what the receipt
 * shows belongs to this submission and no other. */
char       *vt_queue_add_finish_with_sha256 (VtQueue        *self,
                                             GAsyncResult   *result,
                                             char          **out_code,
                                             char          **out_sha256,
                                             GError        **error);

/* A JSON object: counts per state, the oldest queued time, attempts, last error classes and
 * whether the queue was rebuilt. No personal data. */
char       *vt_queue_dup_status_json   (VtQueue      *self,
                                        GError      **error);

/* Describes one submission as a JSON object (id, code, procedure, state, bundle path, size and
 * SHA-256, attempts, upload URL, last error), for tests and diagnostics. */
char       *vt_queue_dup_submission_json (VtQueue    *self,
                                          const char *id,
                                          GError    **error);

/* For the uploader: one queued submission and what uploading it needs. */
typedef struct
{
  char   *id;
  char   *bundle_path;     /* absolute */
  gint64  bundle_size;
  char   *bundle_sha256;   /* hex */
  char   *upload_url;      /* NULL until the server created the upload */
  int     attempts;
  gint64  next_attempt_at; /* seconds since the epoch */
} VtQueueItem;

void         vt_queue_item_free          (VtQueueItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtQueueItem, vt_queue_item_free)

/* Items in state queued or uploading, oldest first, whose next attempt is due at `now`
 * (seconds since the epoch); at most `limit` (0: all). A GPtrArray of VtQueueItem. */
GPtrArray   *vt_queue_list_due           (VtQueue     *self,
                                          gint64       now,
                                          guint        limit,
                                          GError     **error);
VtQueueItem *vt_queue_get_item           (VtQueue     *self,
                                          const char  *id,
                                          GError     **error);
/* The earliest next_attempt_at among items waiting to go (0 when none). */
gint64       vt_queue_get_next_attempt   (VtQueue     *self,
                                          GError     **error);
/* Keeps the tus upload URL, so that a restart resumes instead of starting over. */
gboolean     vt_queue_set_upload_url     (VtQueue     *self,
                                          const char  *id,
                                          const char  *upload_url,
                                          GError     **error);
gboolean     vt_queue_mark_uploading     (VtQueue     *self,
                                          const char  *id,
                                          GError     **error);
/* A failure to retry: attempts + 1, the error class and message (no personal data), and when
 * to try again. The state goes back to queued. */
gboolean     vt_queue_record_failure     (VtQueue     *self,
                                          const char  *id,
                                          const char  *error_class,
                                          const char  *message,
                                          gint64       next_attempt_at,
                                          GError     **error);
/* A permanent refusal: the item waits for staff and is never deleted. */
gboolean     vt_queue_mark_needs_attention (VtQueue   *self,
                                            const char *id,
                                            const char *error_class,
                                            const char *message,
                                            GError    **error);
/* Puts an item (e.g. one needing attention) back in line, due now. */
gboolean     vt_queue_requeue            (VtQueue     *self,
                                          const char  *id,
                                          GError     **error);
/* Puts back in line every item waiting for staff because of one of `error_classes` (e.g. the
 * server refused the kiosk's credential: a new one may be accepted). Returns how many, or -1. */
int          vt_queue_requeue_classes    (VtQueue            *self,
                                          const char * const *error_classes,
                                          GError            **error);
/* Reads the bundle and compares it with the SHA-256 recorded when it was sealed: FALSE with
 * VT_QUEUE_ERROR_CORRUPT when it changed on disk since (nothing else is said about it: the
 * bundle stays for a technician). */
gboolean     vt_queue_item_verify        (VtQueueItem *item,
                                          GError     **error);
/* The server confirmed the whole upload: the row becomes sent and the bundle is deleted. */
gboolean     vt_queue_mark_sent          (VtQueue     *self,
                                          const char  *id,
                                          GError     **error);

/* A short, human-readable code (e.g. "K7M-4QXD") from an alphabet without 0/O, 1/I/L, U:
 * the kiosk's prefix (NULL: three random characters), then four characters from the kernel's
 * random source. A fleet's codes differ by their prefixes, which the office registry keeps
 * unique; a kiosk's differ by its queue's unique index. */
char       *vt_submission_code_new     (const char   *prefix);

G_END_DECLS

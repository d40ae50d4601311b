/* vt-tus-client.h — a resumable tus 1.0 upload client on libsoup 3.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_TUS_ERROR (vt_tus_error_quark ())

/* How an upload ended. */
typedef enum
{
  VT_TUS_OUTCOME_DONE,            /* the server confirmed every byte (offset == length) */
  VT_TUS_OUTCOME_RETRY_LATER,     /* transient failures used up max-attempts; try again later */
  VT_TUS_OUTCOME_NEEDS_ATTENTION, /* a permanent refusal (413, 401, 403, 400, a redirection…):
                                     staff must act */
  VT_TUS_OUTCOME_CANCELLED,
} VtTusOutcome;

/* Why the last request failed; also the GError code in the VT_TUS_ERROR domain. No personal
 * data: safe for logs and --queue-status. */
typedef enum
{
  VT_TUS_ERROR_CLASS_NONE,
  VT_TUS_ERROR_CLASS_NETWORK,   /* refused, reset, DNS, TLS */
  VT_TUS_ERROR_CLASS_TIMEOUT,   /* no answer within the timeout */
  VT_TUS_ERROR_CLASS_SERVER,    /* 5xx */
  VT_TUS_ERROR_CLASS_PROTOCOL,  /* a malformed or inconsistent answer (wrong offset, no Location) */
  VT_TUS_ERROR_CLASS_TOO_LARGE, /* 413 even with the smallest chunk, or larger than Tus-Max-Size */
  VT_TUS_ERROR_CLASS_REFUSED,   /* another 4xx: a bad request */
  VT_TUS_ERROR_CLASS_LOCAL,     /* the bundle could not be read on the kiosk */
  VT_TUS_ERROR_CLASS_CREDENTIALS, /* 401, 403: the server does not accept the kiosk's token */
  VT_TUS_ERROR_CLASS_ENDPOINT,  /* the configured address is wrong: 404 or 410 on creation, a
                                   redirection, an address not https, or an upload address on
                                   another server */
} VtTusErrorClass;

typedef struct
{
  VtTusOutcome    outcome;
  VtTusErrorClass error_class;   /* of the last failure, NONE if there was none */
  guint           http_status;   /* of the last failure, 0 if it was not an HTTP answer */
  char           *upload_url;    /* absolute; NULL when no upload was created */
  guint64         length;        /* of the bundle */
  guint64         offset;        /* the last offset the server confirmed */
  guint64         bytes_sent;    /* request body bytes written, re-sends included */
  guint           failures;      /* failed requests (each followed by a backoff) */
  guint           creations;     /* uploads created (POST) */
} VtTusResult;

void         vt_tus_result_free          (VtTusResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTusResult, vt_tus_result_free)

const char  *vt_tus_error_class_to_string (VtTusErrorClass error_class);

/* Called from the upload thread, synchronously: as soon as the server created an upload, before
 * any byte of the bundle is sent to it, so the caller can store the URL durably and resume after
 * a restart. Must be thread-safe. */
typedef void (*VtTusUrlFunc)      (const char *upload_url,
                                   gpointer    user_data);
/* Called from the upload thread after each confirmed chunk. Must be thread-safe. */
typedef void (*VtTusProgressFunc) (guint64     offset,
                                   guint64     length,
                                   gpointer    user_data);

#define VT_TUS_DEFAULT_CHUNK_SIZE (1024 * 1024)

#define VT_TYPE_TUS_CLIENT (vt_tus_client_get_type ())

G_DECLARE_FINAL_TYPE (VtTusClient, vt_tus_client, VT, TUS_CLIENT, GObject)

GQuark       vt_tus_error_quark               (void);

/* `endpoint` is the tus creation URL (e.g. "https://office.example/files/": https, or http on a
 * loopback address only); `token`, when not NULL, is sent as "Authorization: Bearer <token>",
 * and only to the endpoint's own origin. Redirections are not followed: they are answers that
 * need staff. TLS uses the system trust store. Watches
 * GNetworkMonitor: create the client on the main thread so its signal reaches it. */
VtTusClient *vt_tus_client_new                (const char    *endpoint,
                                               const char    *token);
const char  *vt_tus_client_get_endpoint       (VtTusClient   *self);

/* At most this many bytes per PATCH (default 1 MiB, so a 1–2 MB proxy body limit never answers
 * 413). After a 413 the client halves the chunk down to 64 KiB before giving up. */
void         vt_tus_client_set_chunk_size     (VtTusClient   *self,
                                               gsize          chunk_size);
/* Seconds without progress on a request before it counts as failed (default 60). */
void         vt_tus_client_set_timeout        (VtTusClient   *self,
                                               guint          seconds);
/* Backoff after the n-th consecutive failure: min (max, initial × 2^(n-1)), with full jitter over
 * its upper half. Defaults 1 s and 15 min. */
void         vt_tus_client_set_backoff        (VtTusClient   *self,
                                               guint          initial_ms,
                                               guint          max_ms);
/* Consecutive failures (without any confirmed progress) after which the upload returns
 * VT_TUS_OUTCOME_RETRY_LATER; 0, the default, never gives up. */
void         vt_tus_client_set_max_attempts   (VtTusClient   *self,
                                               guint          max_attempts);

/* Ends every backoff wait now: for when the network came back (also done by the client itself on
 * GNetworkMonitor::network-changed when the network is available). The failures counted so far
 * still count: waking never turns a failing upload into a retry loop. Thread-safe. */
void         vt_tus_client_wake               (VtTusClient   *self);

/* Uploads `bundle`, resuming `resume_url` when not NULL. `metadata` (string → string, may be
 * NULL) becomes Upload-Metadata; keys must not contain spaces or commas. Blocks: call it from a
 * worker thread. Returns the result even when the upload did not finish; `error` then says why
 * (translated, for staff). Returns NULL only when the bundle cannot be opened at all. */
VtTusResult *vt_tus_client_upload             (VtTusClient        *self,
                                               GFile              *bundle,
                                               const char         *resume_url,
                                               GHashTable         *metadata,
                                               GCancellable       *cancellable,
                                               VtTusUrlFunc        url_func,
                                               VtTusProgressFunc   progress_func,
                                               gpointer            func_data,
                                               GError            **error);

/* The same on a thread of its own; `callback` runs in the caller's thread-default context.
 * `url_func` and `progress_func` run on the upload thread; `func_data` must outlive the upload. */
void         vt_tus_client_upload_async       (VtTusClient        *self,
                                               GFile              *bundle,
                                               const char         *resume_url,
                                               GHashTable         *metadata,
                                               GCancellable       *cancellable,
                                               VtTusUrlFunc        url_func,
                                               VtTusProgressFunc   progress_func,
                                               gpointer            func_data,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
VtTusResult *vt_tus_client_upload_finish      (VtTusClient        *self,
                                               GAsyncResult       *result,
                                               GError            **error);

G_END_DECLS

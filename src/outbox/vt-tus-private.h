/* vt-tus-private.h — what the tus client's two halves share: the client's fields and one
 * upload's state. Not for use outside src/outbox/vt-tus-*.c.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-tus-client.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VT_TUS_MIN_CHUNK_SIZE (64 * 1024)
#define VT_TUS_VERSION "1.0.0"

struct _VtTusClient
{
  GObject  parent_instance;

  char    *endpoint;
  char    *token;
  gsize    chunk_size;
  guint    timeout;
  guint    backoff_initial_ms;
  guint    backoff_max_ms;
  guint    max_attempts;

  GMutex   wake_lock;
  GCond    wake_cond;
  guint64  wake_generation;
};

typedef enum
{
  STEP_CONTINUE,
  STEP_GIVE_UP,
  STEP_CANCELLED,
} Step;

/* The state of one upload, owned by its thread. */
/* The state of one upload, owned by its thread. */
typedef struct
{
  VtTusClient       *self;
  GFile             *file;
  GInputStream      *stream;
  char              *url;
  GHashTable        *metadata;
  GCancellable      *cancellable;
  VtTusUrlFunc       url_func;
  VtTusProgressFunc  progress_func;
  gpointer           func_data;

  SoupSession       *session;
  guint8            *buffer;
  gsize              chunk_size;
  gboolean           options_done;
  GChecksumType      checksum_type;
  const char        *checksum_name;
  gint64             offset;         /* -1: unknown, ask the server with HEAD */
  gboolean           refused;        /* a permanent refusal: staff must act */
  guint              consecutive;    /* failures since the last confirmed progress */
  guint64            last_wake;
  VtTusResult       *result;
  GError            *error;          /* why the last attempt failed */
} Upload;

/* How a status code is handled, shared by every request. */
typedef enum
{
  VT_TUS_ANSWER_OK,
  VT_TUS_ANSWER_GONE,        /* 404, 410: the upload is gone, create it again */
  VT_TUS_ANSWER_CONFLICT,    /* 409: our offset is wrong, ask with HEAD */
  VT_TUS_ANSWER_CHECKSUM,    /* 460: the chunk arrived damaged */
  VT_TUS_ANSWER_TOO_LARGE,   /* 413 */
  VT_TUS_ANSWER_TRANSIENT,   /* 5xx, 408, 423, 429 */
  VT_TUS_ANSWER_CREDENTIALS, /* 401, 403: the token is not accepted */
  VT_TUS_ANSWER_REDIRECT,    /* 3xx: never followed (it would take the token elsewhere) */
  VT_TUS_ANSWER_REFUSED,     /* any other 4xx */
} VtTusAnswer;

VtTusAnswer vt_tus_classify       (guint            status);
GError     *vt_tus_status_error   (VtTusErrorClass  error_class,
                                   guint            status);
GError     *vt_tus_protocol_error (void);

/* A permanent refusal: the item needs staff. `error` (taken) says why; NULL: the status's. */
Step        vt_tus_upload_refused_with (Upload          *up,
                                        VtTusErrorClass  error_class,
                                        guint            status,
                                        GError          *error);

/* vt-tus-steps.c: one request each; what the upload loop in vt-tus-client.c runs. */
Step        vt_tus_step_options   (Upload          *up);
Step        vt_tus_step_create    (Upload          *up);
Step        vt_tus_step_head      (Upload          *up);
Step        vt_tus_step_patch     (Upload          *up);

G_END_DECLS

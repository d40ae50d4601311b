/* vt-tus-client.c — a resumable tus 1.0 upload client on libsoup 3.
 *
 * Each upload runs on a thread of its own with its own SoupSession and synchronous requests:
 * the protocol is a strict sequence (OPTIONS, POST, then HEAD/PATCH), and a blocking loop with a
 * condition-variable backoff is far easier to get right than a chain of callbacks.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-tus-client.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#define MIN_CHUNK_SIZE (64 * 1024)
#define TUS_VERSION "1.0.0"

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

G_DEFINE_FINAL_TYPE (VtTusClient, vt_tus_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-tus-error-quark, vt_tus_error)

typedef enum
{
  STEP_CONTINUE,
  STEP_GIVE_UP,
  STEP_CANCELLED,
} Step;

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

void
vt_tus_result_free (VtTusResult *result)
{
  if (result == NULL)
    return;
  g_free (result->upload_url);
  g_free (result);
}

const char *
vt_tus_error_class_to_string (VtTusErrorClass error_class)
{
  switch (error_class)
    {
    case VT_TUS_ERROR_CLASS_NONE: return "none";
    case VT_TUS_ERROR_CLASS_NETWORK: return "network";
    case VT_TUS_ERROR_CLASS_TIMEOUT: return "timeout";
    case VT_TUS_ERROR_CLASS_SERVER: return "server";
    case VT_TUS_ERROR_CLASS_PROTOCOL: return "protocol";
    case VT_TUS_ERROR_CLASS_TOO_LARGE: return "too-large";
    case VT_TUS_ERROR_CLASS_REFUSED: return "refused";
    case VT_TUS_ERROR_CLASS_LOCAL: return "local";
    default: return "unknown";
    }
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    VtTusClient     *self)
{
  if (available)
    vt_tus_client_wake (self);
}

static void
vt_tus_client_finalize (GObject *object)
{
  VtTusClient *self = VT_TUS_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->token);
  g_mutex_clear (&self->wake_lock);
  g_cond_clear (&self->wake_cond);

  G_OBJECT_CLASS (vt_tus_client_parent_class)->finalize (object);
}

static void
vt_tus_client_class_init (VtTusClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_tus_client_finalize;
}

static void
vt_tus_client_init (VtTusClient *self)
{
  self->chunk_size = VT_TUS_DEFAULT_CHUNK_SIZE;
  self->timeout = 60;
  self->backoff_initial_ms = 1000;
  self->backoff_max_ms = 15 * 60 * 1000;
  g_mutex_init (&self->wake_lock);
  g_cond_init (&self->wake_cond);
}

VtTusClient *
vt_tus_client_new (const char *endpoint,
                   const char *token)
{
  VtTusClient *self;

  g_return_val_if_fail (endpoint != NULL, NULL);

  self = g_object_new (VT_TYPE_TUS_CLIENT, NULL);
  self->endpoint = g_strdup (endpoint);
  self->token = (token != NULL && *token != '\0') ? g_strdup (token) : NULL;
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
  return self;
}

const char *
vt_tus_client_get_endpoint (VtTusClient *self)
{
  g_return_val_if_fail (VT_IS_TUS_CLIENT (self), NULL);
  return self->endpoint;
}

void
vt_tus_client_set_chunk_size (VtTusClient *self,
                              gsize        chunk_size)
{
  g_return_if_fail (VT_IS_TUS_CLIENT (self));
  self->chunk_size = MAX (chunk_size, 1024);
}

void
vt_tus_client_set_timeout (VtTusClient *self,
                           guint        seconds)
{
  g_return_if_fail (VT_IS_TUS_CLIENT (self));
  self->timeout = MAX (seconds, 1);
}

void
vt_tus_client_set_backoff (VtTusClient *self,
                           guint        initial_ms,
                           guint        max_ms)
{
  g_return_if_fail (VT_IS_TUS_CLIENT (self));
  self->backoff_initial_ms = MAX (initial_ms, 1);
  self->backoff_max_ms = MAX (max_ms, self->backoff_initial_ms);
}

void
vt_tus_client_set_max_attempts (VtTusClient *self,
                                guint        max_attempts)
{
  g_return_if_fail (VT_IS_TUS_CLIENT (self));
  self->max_attempts = max_attempts;
}

void
vt_tus_client_wake (VtTusClient *self)
{
  g_return_if_fail (VT_IS_TUS_CLIENT (self));

  g_mutex_lock (&self->wake_lock);
  self->wake_generation++;
  g_cond_broadcast (&self->wake_cond);
  g_mutex_unlock (&self->wake_lock);
}

static void
cancelled_cb (GCancellable *cancellable,
              VtTusClient  *self)
{
  vt_tus_client_wake (self);
}

/* Records a failure; waits out the backoff unless this is the first soft one (a 409, a lost
 * upload, a wrong offset: the next request usually clears it). */
static Step
upload_fail (Upload          *up,
             VtTusErrorClass  error_class,
             guint            http_status,
             gboolean         soft,
             GError          *error)
{
  VtTusClient *self = up->self;
  guint64 delay_ms;
  gint64 deadline;
  guint shift;

  up->result->failures++;
  up->result->error_class = error_class;
  up->result->http_status = http_status;
  up->consecutive++;
  g_clear_error (&up->error);
  up->error = error;
  g_debug ("upload request failed (%s, HTTP %u), %u in a row",
           vt_tus_error_class_to_string (error_class), http_status, up->consecutive);

  if (g_cancellable_is_cancelled (up->cancellable))
    return STEP_CANCELLED;
  if (self->max_attempts > 0 && up->consecutive >= self->max_attempts)
    return STEP_GIVE_UP;
  if (soft && up->consecutive == 1)
    return STEP_CONTINUE;

  shift = MIN (up->consecutive - 1, 30);
  delay_ms = MIN ((guint64) self->backoff_max_ms, (guint64) self->backoff_initial_ms << shift);
  /* Jitter over the upper half, so kiosks that lost the network together do not come back in
   * lockstep, yet each wait stays close to its nominal length. */
  delay_ms = delay_ms / 2 + (guint64) g_random_double_range (0, (double) (delay_ms / 2 + 1));
  deadline = g_get_monotonic_time () + (gint64) delay_ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&self->wake_lock);
  while (self->wake_generation == up->last_wake && !g_cancellable_is_cancelled (up->cancellable))
    {
      if (!g_cond_wait_until (&self->wake_cond, &self->wake_lock, deadline))
        break;
    }
  if (self->wake_generation != up->last_wake)
    {
      /* The network came back: start the backoff sequence over. */
      up->last_wake = self->wake_generation;
      up->consecutive = 0;
    }
  g_mutex_unlock (&self->wake_lock);

  return g_cancellable_is_cancelled (up->cancellable) ? STEP_CANCELLED : STEP_CONTINUE;
}

static Step
upload_fail_transport (Upload *up,
                       GError *error)
{
  VtTusErrorClass error_class = VT_TUS_ERROR_CLASS_NETWORK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&up->error);
      up->error = error;
      return STEP_CANCELLED;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    error_class = VT_TUS_ERROR_CLASS_TIMEOUT;
  else if (error->domain == SOUP_SESSION_ERROR)
    error_class = VT_TUS_ERROR_CLASS_PROTOCOL;

  up->offset = -1;
  return upload_fail (up, error_class, 0, FALSE, error);
}

static GError *
status_error (VtTusErrorClass  error_class,
              guint            status)
{
  switch (error_class)
    {
    case VT_TUS_ERROR_CLASS_TOO_LARGE:
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor rechazó el envío por su tamaño (HTTP %u). El envío se "
                            "conserva en el quiosco: avise al soporte técnico para que revise el "
                            "límite del servidor."), status);
    case VT_TUS_ERROR_CLASS_REFUSED:
      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        return g_error_new (VT_TUS_ERROR, error_class,
                            _("El servidor no aceptó la credencial de este quiosco (HTTP %u). El "
                              "envío se conserva en el quiosco: avise al soporte técnico."),
                            status);
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor rechazó el envío (HTTP %u). El envío se conserva en el "
                            "quiosco: avise al soporte técnico."), status);
    case VT_TUS_ERROR_CLASS_SERVER:
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor no pudo recibir el envío (HTTP %u); se reintentará "
                            "automáticamente."), status);
    case VT_TUS_ERROR_CLASS_NONE:
    case VT_TUS_ERROR_CLASS_NETWORK:
    case VT_TUS_ERROR_CLASS_TIMEOUT:
    case VT_TUS_ERROR_CLASS_PROTOCOL:
    case VT_TUS_ERROR_CLASS_LOCAL:
    default:
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor respondió de forma inesperada (HTTP %u); se reintentará "
                            "automáticamente."), status);
    }
}

static GError *
protocol_error (void)
{
  return g_error_new_literal (VT_TUS_ERROR, VT_TUS_ERROR_CLASS_PROTOCOL,
                              _("El servidor respondió de forma inesperada; se reintentará "
                                "automáticamente."));
}

/* libsoup 3.2 decides whether a connection may carry the next request from the response's
 * framing headers, and takes a response with neither Content-Length nor Transfer-Encoding as
 * one that ends when the server closes: it drops the connection after every 204. A 204 never
 * has a body (RFC 9110, 15.3.5), and tus servers answer every PATCH with one, so each chunk
 * paid for a new TCP connection. Saying so in the headers, before libsoup looks at them,
 * keeps the connection. */
static void
got_headers_cb (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  if (soup_message_get_status (msg) == SOUP_STATUS_NO_CONTENT &&
      soup_message_headers_get_one (headers, "Content-Length") == NULL &&
      soup_message_headers_get_one (headers, "Transfer-Encoding") == NULL)
    soup_message_headers_set_content_length (headers, 0);
}

static SoupMessage *
upload_new_message (Upload     *up,
                    const char *method,
                    const char *url)
{
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  msg = soup_message_new (method, url);
  if (msg == NULL)
    return NULL;
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Tus-Resumable", TUS_VERSION);
  if (up->self->token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", up->self->token);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  return msg;
}

/* Sends `msg` and reads its (small) answer. FALSE only for transport failures. */
static gboolean
upload_send (Upload       *up,
             SoupMessage  *msg,
             GError      **error)
{
  g_autoptr(GBytes) body = soup_session_send_and_read (up->session, msg, up->cancellable, error);

  return body != NULL;
}

static gboolean
parse_offset (SoupMessage *msg,
              const char  *header,
              guint64     *out)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    header);

  return value != NULL &&
         g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, out, NULL);
}

/* How a status code is handled, shared by every request. */
typedef enum
{
  ANSWER_OK,
  ANSWER_GONE,       /* 404, 410: the upload is gone, create it again */
  ANSWER_CONFLICT,   /* 409: our offset is wrong, ask with HEAD */
  ANSWER_CHECKSUM,   /* 460: the chunk arrived damaged */
  ANSWER_TOO_LARGE,  /* 413 */
  ANSWER_TRANSIENT,  /* 5xx, 408, 423, 429, unexpected redirections */
  ANSWER_REFUSED,    /* any other 4xx */
} Answer;

static Answer
classify (guint status)
{
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return ANSWER_OK;
  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return ANSWER_GONE;
    case SOUP_STATUS_CONFLICT:
      return ANSWER_CONFLICT;
    case 460:
      return ANSWER_CHECKSUM;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return ANSWER_TOO_LARGE;
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_LOCKED:
    case 429:
      return ANSWER_TRANSIENT;
    default:
      break;
    }
  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    return ANSWER_REFUSED;
  return ANSWER_TRANSIENT;
}

static Step
upload_fail_status (Upload *up,
                    guint   status)
{
  VtTusErrorClass error_class = SOUP_STATUS_IS_SERVER_ERROR (status) ? VT_TUS_ERROR_CLASS_SERVER
                                                                     : VT_TUS_ERROR_CLASS_PROTOCOL;
  up->offset = -1;
  return upload_fail (up, error_class, status, FALSE, status_error (error_class, status));
}

/* A permanent refusal: the item needs staff. */
static Step
upload_refused (Upload          *up,
                VtTusErrorClass  error_class,
                guint            status)
{
  up->result->error_class = error_class;
  up->result->http_status = status;
  up->refused = TRUE;
  g_clear_error (&up->error);
  up->error = status_error (error_class, status);
  return STEP_GIVE_UP;
}

static void
upload_set_url (Upload     *up,
                const char *url)
{
  g_assert (url != up->url);
  g_free (up->url);
  up->url = g_strdup (url);
  g_free (up->result->upload_url);
  up->result->upload_url = g_strdup (url);
}

static Step
upload_options (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "OPTIONS", up->self->endpoint);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *extensions;
  const char *algorithms;
  guint64 max_size;
  guint status;

  if (msg == NULL)
    return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, 0);
  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return upload_fail_status (up, status);

  up->options_done = TRUE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return STEP_CONTINUE;     /* OPTIONS is optional in tus: go on without extensions */

  headers = soup_message_get_response_headers (msg);
  extensions = soup_message_headers_get_list (headers, "Tus-Extension");
  algorithms = soup_message_headers_get_list (headers, "Tus-Checksum-Algorithm");
  if (extensions != NULL && soup_header_contains (extensions, "checksum") && algorithms != NULL)
    {
      if (soup_header_contains (algorithms, "sha256"))
        {
          up->checksum_type = G_CHECKSUM_SHA256;
          up->checksum_name = "sha256";
        }
      else if (soup_header_contains (algorithms, "sha1"))
        {
          up->checksum_type = G_CHECKSUM_SHA1;
          up->checksum_name = "sha1";
        }
    }
  if (parse_offset (msg, "Tus-Max-Size", &max_size) && max_size > 0 &&
      max_size < up->result->length)
    return upload_refused (up, VT_TUS_ERROR_CLASS_TOO_LARGE, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  return STEP_CONTINUE;
}

static char *
encode_metadata (GHashTable *metadata)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;

  if (metadata == NULL)
    return NULL;
  /* Sorted, so the header is the same on every attempt. */
  keys = g_list_sort (g_hash_table_get_keys (metadata), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *value = g_hash_table_lookup (metadata, l->data);
      g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s %s", (const char *) l->data, encoded);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static Step
upload_create (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "POST", up->self->endpoint);
  g_autoptr(GError) error = NULL;
  g_autofree char *length = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  const char *location;
  guint status;

  if (msg == NULL)
    return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, 0);
  headers = soup_message_get_request_headers (msg);
  length = g_strdup_printf ("%" G_GUINT64_FORMAT, up->result->length);
  soup_message_headers_replace (headers, "Upload-Length", length);
  metadata = encode_metadata (up->metadata);
  if (metadata != NULL)
    soup_message_headers_replace (headers, "Upload-Metadata", metadata);

  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  switch (classify (status))
    {
    case ANSWER_OK:
      break;
    case ANSWER_TOO_LARGE:
      return upload_refused (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status);
    case ANSWER_REFUSED:
    case ANSWER_GONE:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case ANSWER_CONFLICT:
    case ANSWER_CHECKSUM:
    case ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location == NULL || *location == '\0' ||
      (url = g_uri_resolve_relative (up->self->endpoint, location, G_URI_FLAGS_NONE, NULL)) == NULL)
    return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, FALSE, protocol_error ());

  upload_set_url (up, url);
  up->result->creations++;
  up->offset = 0;
  /* Stored before any byte goes to it, so a restart resumes this upload instead of making a
   * second one. */
  if (up->url_func != NULL)
    up->url_func (up->url, up->func_data);
  return STEP_CONTINUE;
}

static Step
upload_head (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "HEAD", up->url);
  g_autoptr(GError) error = NULL;
  guint64 offset;
  guint64 length;
  guint status;

  if (msg == NULL)
    {
      /* A stored URL that does not parse cannot be resumed. */
      g_clear_pointer (&up->url, g_free);
      return STEP_CONTINUE;
    }
  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  switch (classify (status))
    {
    case ANSWER_OK:
      break;
    case ANSWER_GONE:
      /* Only a definite answer that the upload is gone leads to a new one. */
      g_debug ("upload gone (HTTP %u), creating it again", status);
      g_clear_pointer (&up->url, g_free);
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case ANSWER_REFUSED:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case ANSWER_TOO_LARGE:
    case ANSWER_CONFLICT:
    case ANSWER_CHECKSUM:
    case ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  if (!parse_offset (msg, "Upload-Offset", &offset) || offset > up->result->length)
    return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, FALSE, protocol_error ());
  if (parse_offset (msg, "Upload-Length", &length) && length != up->result->length)
    {
      /* Not the upload of this bundle (a reused URL): start a new one. */
      g_clear_pointer (&up->url, g_free);
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE, protocol_error ());
    }
  up->offset = (gint64) offset;
  up->result->offset = offset;
  return STEP_CONTINUE;
}

static Step
upload_patch (Upload *up)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *offset_text = NULL;
  SoupMessageHeaders *headers;
  guint64 start = (guint64) up->offset;
  guint64 confirmed;
  gsize want = (gsize) MIN ((guint64) up->chunk_size, up->result->length - start);
  gsize got = 0;
  guint status;

  if (!g_seekable_seek (G_SEEKABLE (up->stream), (goffset) start, G_SEEK_SET, up->cancellable,
                        &error) ||
      !g_input_stream_read_all (up->stream, up->buffer, want, &got, up->cancellable, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return STEP_CANCELLED;
      up->result->error_class = VT_TUS_ERROR_CLASS_LOCAL;
      up->refused = TRUE;
      g_clear_error (&up->error);
      up->error = g_error_new (VT_TUS_ERROR, VT_TUS_ERROR_CLASS_LOCAL,
                               _("No se pudo leer el paquete del envío en el quiosco: %s"),
                               error->message);
      return STEP_GIVE_UP;
    }
  if (got != want)
    {
      up->result->error_class = VT_TUS_ERROR_CLASS_LOCAL;
      up->refused = TRUE;
      g_clear_error (&up->error);
      up->error = g_error_new_literal (VT_TUS_ERROR, VT_TUS_ERROR_CLASS_LOCAL,
                                       _("El paquete del envío cambió de tamaño en el quiosco."));
      return STEP_GIVE_UP;
    }

  msg = upload_new_message (up, "PATCH", up->url);
  headers = soup_message_get_request_headers (msg);
  offset_text = g_strdup_printf ("%" G_GUINT64_FORMAT, start);
  soup_message_headers_replace (headers, "Upload-Offset", offset_text);
  if (up->checksum_name != NULL)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (up->checksum_type);
      guint8 digest[64];
      gsize digest_len = sizeof digest;
      g_autofree char *encoded = NULL;
      g_autofree char *value = NULL;

      g_checksum_update (checksum, up->buffer, got);
      g_checksum_get_digest (checksum, digest, &digest_len);
      encoded = g_base64_encode (digest, digest_len);
      value = g_strdup_printf ("%s %s", up->checksum_name, encoded);
      soup_message_headers_replace (headers, "Upload-Checksum", value);
    }
  body = g_bytes_new_static (up->buffer, got);
  soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", body);
  /* libsoup opens a new connection for every request whose method is not idempotent. A PATCH
   * carries its offset, so sending it twice is harmless (the server answers 409 and a HEAD
   * puts us right): it may go on the connection the previous chunk used. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);

  up->result->bytes_sent += got;
  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  switch (classify (status))
    {
    case ANSWER_OK:
      break;
    case ANSWER_GONE:
      g_debug ("upload gone while sending (HTTP %u), creating it again", status);
      g_clear_pointer (&up->url, g_free);
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case ANSWER_CONFLICT:
    case ANSWER_CHECKSUM:
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case ANSWER_TOO_LARGE:
      if (up->chunk_size > MIN_CHUNK_SIZE)
        {
          /* A proxy in the way limits request bodies: send smaller chunks from now on. */
          up->chunk_size = MAX (up->chunk_size / 2, MIN_CHUNK_SIZE);
          g_message ("the server refused a %" G_GSIZE_FORMAT "-byte chunk, now sending %"
                     G_GSIZE_FORMAT, got, up->chunk_size);
          up->offset = -1;
          return upload_fail (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status, TRUE,
                              status_error (VT_TUS_ERROR_CLASS_TOO_LARGE, status));
        }
      return upload_refused (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status);
    case ANSWER_REFUSED:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  /* The server may take less than it was sent, never more, and never go back. */
  if (!parse_offset (msg, "Upload-Offset", &confirmed) || confirmed <= start ||
      confirmed > start + got)
    {
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE, protocol_error ());
    }

  up->offset = (gint64) confirmed;
  up->result->offset = confirmed;
  up->consecutive = 0;
  if (up->progress_func != NULL)
    up->progress_func (confirmed, up->result->length, up->func_data);
  return STEP_CONTINUE;
}

static VtTusResult *
upload_run (Upload  *up,
            GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  VtTusClient *self = up->self;
  gulong cancel_id = 0;
  Step step = STEP_CONTINUE;

  info = g_file_query_info (up->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            up->cancellable, &local_error);
  if (info != NULL)
    up->stream = G_INPUT_STREAM (g_file_read (up->file, up->cancellable, &local_error));
  if (up->stream == NULL)
    {
      g_set_error (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_LOCAL,
                   _("No se pudo leer el paquete del envío en el quiosco: %s"),
                   local_error->message);
      return NULL;
    }

  up->result = g_new0 (VtTusResult, 1);
  up->result->length = (guint64) g_file_info_get_size (info);
  up->chunk_size = self->chunk_size;
  up->buffer = g_malloc (up->chunk_size);
  up->offset = -1;
  up->result->upload_url = g_strdup (up->url);

  g_mutex_lock (&self->wake_lock);
  up->last_wake = self->wake_generation;
  g_mutex_unlock (&self->wake_lock);
  if (up->cancellable != NULL)
    cancel_id = g_cancellable_connect (up->cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  /* The session belongs to this thread: libsoup 3 sessions must stay in the context that made
   * them. The system trust store is libsoup's default for TLS. */
  g_main_context_push_thread_default (context);
  up->session = soup_session_new_with_options ("timeout", self->timeout,
                                               "idle-timeout", 30,
                                               "user-agent", "Ventanilla/" PACKAGE_VERSION,
                                               NULL);

  while (step == STEP_CONTINUE)
    {
      if (g_cancellable_is_cancelled (up->cancellable))
        step = STEP_CANCELLED;
      else if (!up->options_done)
        step = upload_options (up);
      else if (up->url == NULL)
        step = upload_create (up);
      else if (up->offset < 0)
        step = upload_head (up);
      else if ((guint64) up->offset == up->result->length)
        break;
      else
        step = upload_patch (up);
    }

  g_clear_object (&up->session);
  g_main_context_pop_thread_default (context);
  if (cancel_id != 0)
    g_cancellable_disconnect (up->cancellable, cancel_id);

  switch (step)
    {
    case STEP_CONTINUE:
      up->result->outcome = VT_TUS_OUTCOME_DONE;
      g_clear_error (&up->error);
      break;
    case STEP_CANCELLED:
      up->result->outcome = VT_TUS_OUTCOME_CANCELLED;
      g_clear_error (&up->error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("El envío se canceló."));
      break;
    case STEP_GIVE_UP:
    default:
      up->result->outcome = up->refused ? VT_TUS_OUTCOME_NEEDS_ATTENTION
                                        : VT_TUS_OUTCOME_RETRY_LATER;
      if (up->error != NULL)
        g_propagate_error (error, g_steal_pointer (&up->error));
      else
        g_set_error_literal (error, VT_TUS_ERROR, up->result->error_class,
                             _("No se pudo enviar por ahora; se reintentará automáticamente."));
      break;
    }

  return g_steal_pointer (&up->result);
}

static void
upload_free (Upload *up)
{
  g_clear_object (&up->self);
  g_clear_object (&up->file);
  g_clear_object (&up->stream);
  g_clear_object (&up->cancellable);
  g_clear_pointer (&up->metadata, g_hash_table_unref);
  g_clear_pointer (&up->result, vt_tus_result_free);
  g_clear_error (&up->error);
  g_free (up->url);
  g_free (up->buffer);
  g_free (up);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Upload, upload_free)

static Upload *
upload_new (VtTusClient       *self,
            GFile             *bundle,
            const char        *resume_url,
            GHashTable        *metadata,
            GCancellable      *cancellable,
            VtTusUrlFunc       url_func,
            VtTusProgressFunc  progress_func,
            gpointer           func_data)
{
  Upload *up = g_new0 (Upload, 1);

  up->self = g_object_ref (self);
  up->file = g_object_ref (bundle);
  up->url = (resume_url != NULL && *resume_url != '\0') ? g_strdup (resume_url) : NULL;
  up->metadata = metadata != NULL ? g_hash_table_ref (metadata) : NULL;
  up->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  up->url_func = url_func;
  up->progress_func = progress_func;
  up->func_data = func_data;
  return up;
}

VtTusResult *
vt_tus_client_upload (VtTusClient        *self,
                      GFile              *bundle,
                      const char         *resume_url,
                      GHashTable         *metadata,
                      GCancellable       *cancellable,
                      VtTusUrlFunc        url_func,
                      VtTusProgressFunc   progress_func,
                      gpointer            func_data,
                      GError            **error)
{
  g_autoptr(Upload) up = NULL;

  g_return_val_if_fail (VT_IS_TUS_CLIENT (self), NULL);
  g_return_val_if_fail (G_IS_FILE (bundle), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  up = upload_new (self, bundle, resume_url, metadata, cancellable, url_func, progress_func,
                   func_data);
  return upload_run (up, error);
}

static gpointer
upload_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Upload *up = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VtTusResult *result;

  result = upload_run (up, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  /* The result travels with the error when there is one; see vt_tus_client_upload_finish(). */
  if (error != NULL)
    g_object_set_data_full (G_OBJECT (task), "vt-tus-error", g_steal_pointer (&error),
                            (GDestroyNotify) g_error_free);
  g_task_return_pointer (task, result, (GDestroyNotify) vt_tus_result_free);
  return NULL;
}

void
vt_tus_client_upload_async (VtTusClient        *self,
                            GFile              *bundle,
                            const char         *resume_url,
                            GHashTable         *metadata,
                            GCancellable       *cancellable,
                            VtTusUrlFunc        url_func,
                            VtTusProgressFunc   progress_func,
                            gpointer            func_data,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  GThread *thread;

  g_return_if_fail (VT_IS_TUS_CLIENT (self));
  g_return_if_fail (G_IS_FILE (bundle));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_tus_client_upload_async);
  /* A cancelled upload still has a result (how far it got, its URL) for the caller. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task,
                        upload_new (self, bundle, resume_url, metadata, cancellable, url_func,
                                    progress_func, func_data),
                        (GDestroyNotify) upload_free);
  /* A thread of its own rather than GTask's pool: an upload may wait out backoffs for hours,
   * and must not hold a pool thread that other work needs. */
  thread = g_thread_new ("vt-tus-upload", upload_thread, g_steal_pointer (&task));
  g_thread_unref (thread);
}

/* Returns the result whenever the upload ran; `error` is set when the outcome is not DONE. */
VtTusResult *
vt_tus_client_upload_finish (VtTusClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  GError *upload_error;
  VtTusResult *ret;

  g_return_val_if_fail (VT_IS_TUS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  ret = g_task_propagate_pointer (G_TASK (result), error);
  upload_error = g_object_get_data (G_OBJECT (result), "vt-tus-error");
  if (ret != NULL && upload_error != NULL)
    g_propagate_error (error, g_error_copy (upload_error));
  return ret;
}

/* vt-tus-steps.c — the requests of a tus 1.0 upload (OPTIONS, POST, HEAD, PATCH), one step
 * each, and how their answers are read; vt-tus-client.c runs them in a loop.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-tus-private.h"

#include "vt-tus-origin.h"

#include <glib/gi18n-lib.h>

GError *
vt_tus_status_error (VtTusErrorClass  error_class,
              guint            status)
{
  switch (error_class)
    {
    case VT_TUS_ERROR_CLASS_TOO_LARGE:
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor rechazó el envío por su tamaño (HTTP %u). El envío se "
                            "conserva en el quiosco: avise al soporte técnico para que revise el "
                            "límite del servidor."), status);
    case VT_TUS_ERROR_CLASS_CREDENTIALS:
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("El servidor no aceptó la credencial de este quiosco (HTTP %u). El "
                            "envío se conserva en el quiosco y sale solo cuando se corrija la "
                            "credencial: avise al soporte técnico."), status);
    case VT_TUS_ERROR_CLASS_ENDPOINT:
      if (SOUP_STATUS_IS_REDIRECTION (status))
        return g_error_new (VT_TUS_ERROR, error_class,
                            _("El servidor redirigió el envío a otra dirección (HTTP %u): no se "
                              "sigue, para no entregar la credencial a otro servidor. Corrija la "
                              "dirección de envíos (upload-url)."), status);
      return g_error_new (VT_TUS_ERROR, error_class,
                          _("La dirección de envíos no corresponde a un servidor de envíos "
                            "(HTTP %u). El envío se conserva en el quiosco: corrija la dirección "
                            "(upload-url)."), status);
    case VT_TUS_ERROR_CLASS_REFUSED:
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

GError *
vt_tus_protocol_error (void)
{
  return g_error_new_literal (VT_TUS_ERROR, VT_TUS_ERROR_CLASS_PROTOCOL,
                              _("El servidor respondió de forma inesperada; se reintentará "
                                "automáticamente."));
}


VtTusAnswer
vt_tus_classify (guint status)
{
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return VT_TUS_ANSWER_OK;
  if (SOUP_STATUS_IS_REDIRECTION (status))
    return VT_TUS_ANSWER_REDIRECT;
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      return VT_TUS_ANSWER_CREDENTIALS;
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return VT_TUS_ANSWER_GONE;
    case SOUP_STATUS_CONFLICT:
      return VT_TUS_ANSWER_CONFLICT;
    case 460:
      return VT_TUS_ANSWER_CHECKSUM;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return VT_TUS_ANSWER_TOO_LARGE;
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_LOCKED:
    case 429:
      return VT_TUS_ANSWER_TRANSIENT;
    default:
      break;
    }
  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    return VT_TUS_ANSWER_REFUSED;
  return VT_TUS_ANSWER_TRANSIENT;
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
  /* A wake (the network came back, a new submission) ends this wait, not the count: a server
   * that keeps failing still reaches max-attempts, and the item its per-item backoff, however
   * often something wakes the client. */
  if (self->wake_generation != up->last_wake)
    up->last_wake = self->wake_generation;
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

  /* Every address was checked where it came in (vt-tus-origin.c); this is the last guard
   * before the token goes out. */
  if (!vt_tus_origin_same (up->self->endpoint, url))
    return NULL;
  msg = soup_message_new (method, url);
  if (msg == NULL)
    return NULL;
  /* libsoup would follow a redirection and send the same headers, the token among them, to
   * wherever it points: a redirection is an answer like any other here. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Tus-Resumable", VT_TUS_VERSION);
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



static Step
upload_fail_status (Upload *up,
                    guint   status)
{
  VtTusErrorClass error_class = SOUP_STATUS_IS_SERVER_ERROR (status) ? VT_TUS_ERROR_CLASS_SERVER
                                                                     : VT_TUS_ERROR_CLASS_PROTOCOL;
  up->offset = -1;
  return upload_fail (up, error_class, status, FALSE, vt_tus_status_error (error_class, status));
}

/* A permanent refusal: the item needs staff. `error` (taken) says why; NULL: the status's. */
Step
vt_tus_upload_refused_with (Upload          *up,
                     VtTusErrorClass  error_class,
                     guint            status,
                     GError          *error)
{
  up->result->error_class = error_class;
  up->result->http_status = status;
  up->refused = TRUE;
  g_clear_error (&up->error);
  up->error = error != NULL ? error : vt_tus_status_error (error_class, status);
  return STEP_GIVE_UP;
}

static Step
upload_refused (Upload          *up,
                VtTusErrorClass  error_class,
                guint            status)
{
  return vt_tus_upload_refused_with (up, error_class, status, NULL);
}

/* The answers every request treats alike: a bad credential and a redirection need staff. */
static gboolean
upload_refused_anywhere (Upload *up,
                         guint   status,
                         Step   *out_step)
{
  switch (vt_tus_classify (status))
    {
    case VT_TUS_ANSWER_CREDENTIALS:
      *out_step = upload_refused (up, VT_TUS_ERROR_CLASS_CREDENTIALS, status);
      return TRUE;
    case VT_TUS_ANSWER_REDIRECT:
      *out_step = upload_refused (up, VT_TUS_ERROR_CLASS_ENDPOINT, status);
      return TRUE;
    default:
      return FALSE;
    }
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

Step
vt_tus_step_options (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "OPTIONS", up->self->endpoint);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *extensions;
  const char *algorithms;
  guint64 max_size;
  guint status;

  Step step;

  if (msg == NULL)
    return upload_refused (up, VT_TUS_ERROR_CLASS_ENDPOINT, 0);
  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    return upload_fail_status (up, status);
  if (SOUP_STATUS_IS_REDIRECTION (status) && upload_refused_anywhere (up, status, &step))
    return step;

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

Step
vt_tus_step_create (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "POST", up->self->endpoint);
  g_autoptr(GError) error = NULL;
  g_autofree char *length = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  const char *location;
  guint status;

  Step step;

  if (msg == NULL)
    return upload_refused (up, VT_TUS_ERROR_CLASS_ENDPOINT, 0);
  headers = soup_message_get_request_headers (msg);
  length = g_strdup_printf ("%" G_GUINT64_FORMAT, up->result->length);
  soup_message_headers_replace (headers, "Upload-Length", length);
  metadata = encode_metadata (up->metadata);
  if (metadata != NULL)
    soup_message_headers_replace (headers, "Upload-Metadata", metadata);

  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  if (upload_refused_anywhere (up, status, &step))
    return step;
  switch (vt_tus_classify (status))
    {
    case VT_TUS_ANSWER_OK:
      break;
    case VT_TUS_ANSWER_TOO_LARGE:
      return upload_refused (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status);
    case VT_TUS_ANSWER_REFUSED:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case VT_TUS_ANSWER_GONE:
      /* Nothing to create uploads at: the configured address is wrong. */
      return upload_refused (up, VT_TUS_ERROR_CLASS_ENDPOINT, status);
    case VT_TUS_ANSWER_CONFLICT:
    case VT_TUS_ANSWER_CHECKSUM:
    case VT_TUS_ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location == NULL || *location == '\0')
    return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, FALSE, vt_tus_protocol_error ());
  /* Only an upload on the same server is stored and resumed: any other address would get the
   * token, and one libsoup cannot parse would fail every attempt after every restart. */
  url = vt_tus_origin_resolve (up->self->endpoint, location, &error);
  if (url == NULL)
    return vt_tus_upload_refused_with (up, VT_TUS_ERROR_CLASS_ENDPOINT, status,
                                g_steal_pointer (&error));

  upload_set_url (up, url);
  up->result->creations++;
  up->offset = 0;
  /* Stored before any byte goes to it, so a restart resumes this upload instead of making a
   * second one. */
  if (up->url_func != NULL)
    up->url_func (up->url, up->func_data);
  return STEP_CONTINUE;
}

Step
vt_tus_step_head (Upload *up)
{
  g_autoptr(SoupMessage) msg = upload_new_message (up, "HEAD", up->url);
  g_autoptr(GError) error = NULL;
  guint64 offset;
  guint64 length;
  guint status;
  Step step;

  if (msg == NULL)
    {
      /* A stored URL that does not parse cannot be resumed. */
      g_clear_pointer (&up->url, g_free);
      return STEP_CONTINUE;
    }
  if (!upload_send (up, msg, &error))
    return upload_fail_transport (up, g_steal_pointer (&error));

  status = soup_message_get_status (msg);
  if (upload_refused_anywhere (up, status, &step))
    return step;
  switch (vt_tus_classify (status))
    {
    case VT_TUS_ANSWER_OK:
      break;
    case VT_TUS_ANSWER_GONE:
      /* Only a definite answer that the upload is gone leads to a new one. */
      g_debug ("upload gone (HTTP %u), creating it again", status);
      g_clear_pointer (&up->url, g_free);
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          vt_tus_status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case VT_TUS_ANSWER_REFUSED:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case VT_TUS_ANSWER_TOO_LARGE:
    case VT_TUS_ANSWER_CONFLICT:
    case VT_TUS_ANSWER_CHECKSUM:
    case VT_TUS_ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  if (!parse_offset (msg, "Upload-Offset", &offset) || offset > up->result->length)
    return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, FALSE, vt_tus_protocol_error ());
  if (parse_offset (msg, "Upload-Length", &length) && length != up->result->length)
    {
      /* Not the upload of this bundle (a reused URL): start a new one. */
      g_clear_pointer (&up->url, g_free);
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE, vt_tus_protocol_error ());
    }
  up->offset = (gint64) offset;
  up->result->offset = offset;
  return STEP_CONTINUE;
}

Step
vt_tus_step_patch (Upload *up)
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
  Step step;

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
  if (msg == NULL)
    {
      /* Not an address of this server (it was checked where it came in; this is the guard
       * against a NULL message): start a new upload rather than crash. */
      g_clear_pointer (&up->url, g_free);
      up->offset = -1;
      return STEP_CONTINUE;
    }
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
  if (upload_refused_anywhere (up, status, &step))
    return step;
  switch (vt_tus_classify (status))
    {
    case VT_TUS_ANSWER_OK:
      break;
    case VT_TUS_ANSWER_GONE:
      g_debug ("upload gone while sending (HTTP %u), creating it again", status);
      g_clear_pointer (&up->url, g_free);
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          vt_tus_status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case VT_TUS_ANSWER_CONFLICT:
    case VT_TUS_ANSWER_CHECKSUM:
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE,
                          vt_tus_status_error (VT_TUS_ERROR_CLASS_PROTOCOL, status));
    case VT_TUS_ANSWER_TOO_LARGE:
      if (up->chunk_size > VT_TUS_MIN_CHUNK_SIZE)
        {
          /* A proxy in the way limits request bodies: send smaller chunks from now on. */
          up->chunk_size = MAX (up->chunk_size / 2, VT_TUS_MIN_CHUNK_SIZE);
          g_message ("the server refused a %" G_GSIZE_FORMAT "-byte chunk, now sending %"
                     G_GSIZE_FORMAT, got, up->chunk_size);
          up->offset = -1;
          return upload_fail (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status, TRUE,
                              vt_tus_status_error (VT_TUS_ERROR_CLASS_TOO_LARGE, status));
        }
      return upload_refused (up, VT_TUS_ERROR_CLASS_TOO_LARGE, status);
    case VT_TUS_ANSWER_REFUSED:
      return upload_refused (up, VT_TUS_ERROR_CLASS_REFUSED, status);
    case VT_TUS_ANSWER_TRANSIENT:
    default:
      return upload_fail_status (up, status);
    }

  /* The server may take less than it was sent, never more, and never go back. */
  if (!parse_offset (msg, "Upload-Offset", &confirmed) || confirmed <= start ||
      confirmed > start + got)
    {
      up->offset = -1;
      return upload_fail (up, VT_TUS_ERROR_CLASS_PROTOCOL, status, TRUE, vt_tus_protocol_error ());
    }

  up->offset = (gint64) confirmed;
  up->result->offset = confirmed;
  up->consecutive = 0;
  if (up->progress_func != NULL)
    up->progress_func (confirmed, up->result->length, up->func_data);
  return STEP_CONTINUE;
}

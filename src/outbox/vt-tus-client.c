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

#include "vt-tus-private.h"

#include "vt-tus-origin.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>



G_DEFINE_FINAL_TYPE (VtTusClient, vt_tus_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-tus-error-quark, vt_tus_error)


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
    case VT_TUS_ERROR_CLASS_CREDENTIALS: return "credentials";
    case VT_TUS_ERROR_CLASS_ENDPOINT: return "endpoint";
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

  /* The configured address first, then the one kept from an earlier attempt: a URL stored for
   * another server (the settings changed) or that no longer parses is dropped, and a new
   * upload is created on this one. */
  if (!vt_tus_origin_endpoint_ok (self->endpoint, &local_error))
    step = vt_tus_upload_refused_with (up, VT_TUS_ERROR_CLASS_ENDPOINT, 0,
                                g_steal_pointer (&local_error));
  else if (up->url != NULL)
    {
      g_autofree char *checked = vt_tus_origin_resolve (self->endpoint, up->url, NULL);

      if (checked == NULL || !g_str_equal (checked, up->url))
        {
          g_debug ("dropping a stored upload URL that is not on the configured server");
          g_clear_pointer (&up->url, g_free);
          g_clear_pointer (&up->result->upload_url, g_free);
        }
    }

  while (step == STEP_CONTINUE)
    {
      if (g_cancellable_is_cancelled (up->cancellable))
        step = STEP_CANCELLED;
      else if (!up->options_done)
        step = vt_tus_step_options (up);
      else if (up->url == NULL)
        step = vt_tus_step_create (up);
      else if (up->offset < 0)
        step = vt_tus_step_head (up);
      else if ((guint64) up->offset == up->result->length)
        break;
      else
        step = vt_tus_step_patch (up);
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

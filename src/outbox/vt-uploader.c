/* vt-uploader.c — sends the queue's sealed bundles to the office.
 *
 * Items go one after the other, each with a few quick tries (the client's own backoff); an item
 * that still fails goes back to the queue with a per-item backoff stored in its row and the next
 * item gets its turn, so a bundle the server refuses, or one whose upload keeps breaking, never
 * holds up the rest. The queue decides what is due, by an index: the cost of a pass does not grow
 * with the length of the queue.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-uploader.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#define BATCH 16
#define BACKOFF_FIRST_S 30
#define BACKOFF_MAX_S (15 * 60)
/* How many submissions the uploader remembers the last news of, for pages that ask late. */
#define REMEMBERED 64

struct _VtUploader
{
  GObject       parent_instance;

  VtQueue      *queue;
  VtTusClient  *client;
  guint         attempts_per_pass;
  GMainContext *context;

  GThread      *thread;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  gboolean      kicked;
  gboolean      stopping;
  gulong        item_added_id;

  /* The last news of recent submissions, kept in `context`'s thread only: id → News. */
  GHashTable   *news;
  GQueue        news_order;
};

typedef struct
{
  char    *state;
  guint64  offset;
  guint64  length;
} News;

G_DEFINE_FINAL_TYPE (VtUploader, vt_uploader, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  SIGNAL_ITEM_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  VtUploader *self;
  char       *id;
  char       *state;
  guint64     offset;
  guint64     length;
} Event;

static void
event_free (Event *event)
{
  g_object_unref (event->self);
  g_free (event->id);
  g_free (event->state);
  g_free (event);
}

static void
news_free (News *news)
{
  g_free (news->state);
  g_free (news);
}

/* In the context's thread, before the signal: a page made after this event still learns it. */
static void
remember (VtUploader *self,
          Event      *event)
{
  News *news = g_hash_table_lookup (self->news, event->id);

  if (news == NULL)
    {
      char *id = g_strdup (event->id);

      news = g_new0 (News, 1);
      g_hash_table_insert (self->news, id, news);
      g_queue_push_tail (&self->news_order, id);
      if (self->news_order.length > REMEMBERED)
        g_hash_table_remove (self->news, g_queue_pop_head (&self->news_order));
    }
  g_free (news->state);
  news->state = g_strdup (event->state != NULL ? event->state : "uploading");
  news->offset = event->offset;
  news->length = event->length;
}

static gboolean
emit_progress_cb (gpointer data)
{
  Event *event = data;
  News *news = g_hash_table_lookup (event->self->news, event->id);

  /* The last bytes' progress is counted on the network's side and may arrive after the item
   * was done: a sent submission never goes back to "Enviando… 100 %". */
  if (news != NULL && g_strcmp0 (news->state, "sent") == 0)
    return G_SOURCE_REMOVE;
  remember (event->self, event);
  g_signal_emit (event->self, signals[SIGNAL_PROGRESS], 0, event->id, event->offset,
                 event->length);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_item_done_cb (gpointer data)
{
  Event *event = data;

  remember (event->self, event);
  g_signal_emit (event->self, signals[SIGNAL_ITEM_DONE], 0, event->id, event->state);
  return G_SOURCE_REMOVE;
}

static void
emit_in_context (VtUploader  *self,
                 GSourceFunc  func,
                 const char  *id,
                 const char  *state,
                 guint64      offset,
                 guint64      length)
{
  Event *event = g_new0 (Event, 1);

  event->self = g_object_ref (self);
  event->id = g_strdup (id);
  event->state = g_strdup (state);
  event->offset = offset;
  event->length = length;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, event,
                              (GDestroyNotify) event_free);
}

gint64
vt_uploader_backoff_seconds (int attempts)
{
  gint64 delay = BACKOFF_FIRST_S;

  for (int i = 1; i < attempts && delay < BACKOFF_MAX_S; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_S);
  /* Jitter over the upper half: kiosks that failed together come back apart. */
  return delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
}

static void
vt_uploader_dispose (GObject *object)
{
  VtUploader *self = VT_UPLOADER (object);

  vt_uploader_stop (self);
  if (self->item_added_id != 0)
    g_clear_signal_handler (&self->item_added_id, self->queue);
  g_clear_object (&self->queue);
  g_clear_object (&self->client);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (vt_uploader_parent_class)->dispose (object);
}

static void
vt_uploader_finalize (GObject *object)
{
  VtUploader *self = VT_UPLOADER (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_clear_pointer (&self->news, g_hash_table_unref);
  g_queue_clear (&self->news_order);

  G_OBJECT_CLASS (vt_uploader_parent_class)->finalize (object);
}

static void
vt_uploader_class_init (VtUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_uploader_dispose;
  object_class->finalize = vt_uploader_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[SIGNAL_ITEM_DONE] =
    g_signal_new ("item-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vt_uploader_init (VtUploader *self)
{
  self->attempts_per_pass = 3;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* news_order holds the table's own keys, oldest first: the table frees them. */
  self->news = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) news_free);
  g_queue_init (&self->news_order);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    VtUploader      *self)
{
  /* The network came back: try what is waiting now rather than after its backoff. */
  if (available)
    vt_uploader_kick (self);
}

/* In whichever thread added the item: a new submission goes out now, not at the next poll. */
static void
item_added_cb (VtQueue    *queue,
               const char *id,
               VtUploader *self)
{
  vt_uploader_kick (self);
}

VtUploader *
vt_uploader_new (VtQueue     *queue,
                 VtTusClient *client)
{
  VtUploader *self;

  g_return_val_if_fail (VT_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (VT_IS_TUS_CLIENT (client), NULL);

  self = g_object_new (VT_TYPE_UPLOADER, NULL);
  self->queue = g_object_ref (queue);
  self->client = g_object_ref (client);
  self->context = g_main_context_ref_thread_default ();
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
  self->item_added_id = g_signal_connect (queue, "item-added", G_CALLBACK (item_added_cb), self);
  return self;
}

gboolean
vt_uploader_lookup (VtUploader  *self,
                    const char  *id,
                    const char **out_state,
                    guint64     *out_offset,
                    guint64     *out_length)
{
  News *news;

  g_return_val_if_fail (VT_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  news = g_hash_table_lookup (self->news, id);
  if (news == NULL)
    return FALSE;
  if (out_state != NULL)
    *out_state = news->state;
  if (out_offset != NULL)
    *out_offset = news->offset;
  if (out_length != NULL)
    *out_length = news->length;
  return TRUE;
}

void
vt_uploader_set_attempts_per_pass (VtUploader *self,
                                   guint       attempts)
{
  g_return_if_fail (VT_IS_UPLOADER (self));
  self->attempts_per_pass = MAX (attempts, 1);
}

typedef struct
{
  VtUploader *self;
  const char *id;
  guint64     last_offset;
} ItemRun;

static void
item_url_cb (const char *upload_url,
             gpointer    user_data)
{
  ItemRun *run = user_data;
  g_autoptr(GError) error = NULL;

  /* Durable before the first byte goes out: a restart resumes this upload. */
  if (!vt_queue_set_upload_url (run->self->queue, run->id, upload_url, &error))
    g_warning ("could not store an upload URL: %s", error->message);
}

static void
item_progress_cb (guint64  offset,
                  guint64  length,
                  gpointer user_data)
{
  ItemRun *run = user_data;

  /* Every 1 MiB at most reaches the UI: enough for a progress bar. */
  if (offset == length || offset - run->last_offset >= 1024 * 1024)
    {
      run->last_offset = offset;
      emit_in_context (run->self, emit_progress_cb, run->id, NULL, offset, length);
    }
}

/* A bundle that is not what was sealed, or that cannot be read: staff must look at it, and it
 * is never deleted. */
static gboolean
park_corrupt (VtUploader   *self,
              VtQueueItem  *item,
              GError       *why,
              GError      **error)
{
  /* Changed since sealing ("corrupt"), or not readable at all ("local", as the client says). */
  gboolean changed = g_error_matches (why, VT_QUEUE_ERROR, VT_QUEUE_ERROR_CORRUPT);

  g_message ("a submission's bundle %s; it waits for staff",
             changed ? "changed on disk after sealing" : "cannot be read");
  if (!vt_queue_mark_needs_attention (self->queue, item->id,
                                      changed ? "corrupt"
                                              : vt_tus_error_class_to_string (
                                                  VT_TUS_ERROR_CLASS_LOCAL),
                                      why->message, error))
    return FALSE;
  emit_in_context (self, emit_item_done_cb, item->id, "needs-attention", 0, 0);
  return TRUE;
}

/* Uploads one item and records what happened. FALSE only when the queue failed. */
static gboolean
upload_item (VtUploader    *self,
             VtQueueItem   *item,
             GCancellable  *cancellable,
             gboolean      *out_sent,
             GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (item->bundle_path);
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autofree char *filename = g_file_get_basename (file);
  ItemRun run = { self, item->id, 0 };
  const char *error_class;
  const char *state;

  *out_sent = FALSE;
  /* What goes out must be what was sealed: a bundle changed on disk since is neither sent nor
   * ever deleted, it waits for a technician. */
  if (!vt_queue_item_verify (item, &upload_error))
    return park_corrupt (self, item, upload_error, error);
  if (!vt_queue_mark_uploading (self->queue, item->id, error))
    return FALSE;

  g_hash_table_insert (metadata, (char *) "submission", item->id);
  if (item->bundle_sha256 != NULL)
    g_hash_table_insert (metadata, (char *) "sha256", item->bundle_sha256);
  g_hash_table_insert (metadata, (char *) "filename", filename);

  vt_tus_client_set_max_attempts (self->client, self->attempts_per_pass);
  /* Its turn has come: the page showing this submission says it is being sent. */
  emit_in_context (self, emit_progress_cb, item->id, NULL, 0, (guint64) MAX (item->bundle_size, 0));
  result = vt_tus_client_upload (self->client, file, item->upload_url, metadata, cancellable,
                                 item_url_cb, item_progress_cb, &run, &upload_error);
  if (result == NULL)
    {
      /* The bundle cannot even be opened: staff must look at it; the row stays. */
      if (!vt_queue_mark_needs_attention (self->queue, item->id,
                                          vt_tus_error_class_to_string (VT_TUS_ERROR_CLASS_LOCAL),
                                          upload_error->message, error))
        return FALSE;
      emit_in_context (self, emit_item_done_cb, item->id, "needs-attention", 0, 0);
      return TRUE;
    }

  error_class = vt_tus_error_class_to_string (result->error_class);
  switch (result->outcome)
    {
    case VT_TUS_OUTCOME_DONE:
      /* The server has every byte; the kiosk's copy goes only if it is still what was sealed,
       * or a bundle damaged during the upload would leave no good copy anywhere. */
      if (!vt_queue_item_verify (item, &upload_error))
        return park_corrupt (self, item, upload_error, error);
      if (!vt_queue_mark_sent (self->queue, item->id, error))
        return FALSE;
      *out_sent = TRUE;
      state = "sent";
      break;
    case VT_TUS_OUTCOME_NEEDS_ATTENTION:
      g_message ("a submission needs attention (%s, HTTP %u)", error_class, result->http_status);
      if (!vt_queue_mark_needs_attention (self->queue, item->id, error_class,
                                          upload_error->message, error))
        return FALSE;
      state = "needs-attention";
      break;
    case VT_TUS_OUTCOME_CANCELLED:
      /* Still "uploading": the next start resumes it. */
      return TRUE;
    case VT_TUS_OUTCOME_RETRY_LATER:
    default:
      if (!vt_queue_record_failure (self->queue, item->id, error_class,
                                    upload_error != NULL ? upload_error->message : NULL,
                                    g_get_real_time () / G_USEC_PER_SEC +
                                    vt_uploader_backoff_seconds (item->attempts + 1),
                                    error))
        return FALSE;
      state = "queued";
      break;
    }
  emit_in_context (self, emit_item_done_cb, item->id, state, 0, 0);
  return TRUE;
}

gboolean
vt_uploader_run_pass (VtUploader    *self,
                      gint64         now,
                      GCancellable  *cancellable,
                      guint         *out_sent,
                      GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint sent = 0;

  g_return_val_if_fail (VT_IS_UPLOADER (self), FALSE);

  /* Batches keep each query small; an item is tried once per pass even when a failure left it
   * due again (flush passes ignore the backoff). */
  for (;;)
    {
      g_autoptr(GPtrArray) items = vt_queue_list_due (self->queue, now, BATCH, error);
      guint fresh = 0;

      if (items == NULL)
        return FALSE;
      for (guint i = 0; i < items->len; i++)
        {
          VtQueueItem *item = g_ptr_array_index (items, i);
          gboolean item_sent = FALSE;

          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (g_hash_table_contains (seen, item->id))
            continue;
          g_hash_table_add (seen, g_strdup (item->id));
          fresh++;
          if (!upload_item (self, item, cancellable, &item_sent, error))
            return FALSE;
          sent += item_sent ? 1 : 0;
        }
      if (fresh == 0 || items->len < BATCH || g_cancellable_is_cancelled (cancellable))
        break;
    }

  if (out_sent != NULL)
    *out_sent = sent;
  return TRUE;
}

static int
count_left (VtQueue  *queue,
            GError  **error)
{
  g_autofree char *json = vt_queue_dup_status_json (queue, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *states;
  int left = 0;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, error))
    return -1;
  states = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "states");
  if (states == NULL)
    return -1;
  left += (int) json_object_get_int_member_with_default (states, "queued", 0);
  left += (int) json_object_get_int_member_with_default (states, "uploading", 0);
  left += (int) json_object_get_int_member_with_default (states, "needs-attention", 0);
  return left;
}

int
vt_uploader_flush (VtUploader    *self,
                   guint          max_passes,
                   GCancellable  *cancellable,
                   GError       **error)
{
  int left = -1;

  g_return_val_if_fail (VT_IS_UPLOADER (self), -1);

  for (guint pass = 0; pass < MAX (max_passes, 1); pass++)
    {
      guint sent = 0;

      if (!vt_uploader_run_pass (self, G_MAXINT64, cancellable, &sent, error))
        return -1;
      left = count_left (self->queue, error);
      if (left <= 0 || g_cancellable_is_cancelled (cancellable))
        break;
    }
  return left;
}

static gpointer
scheduler_thread (gpointer data)
{
  VtUploader *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 next;
      gint64 deadline;

      g_mutex_lock (&self->lock);
      self->kicked = FALSE;
      g_mutex_unlock (&self->lock);

      if (!vt_uploader_run_pass (self, g_get_real_time () / G_USEC_PER_SEC, self->cancellable,
                                 NULL, &error))
        g_warning ("the upload pass failed: %s", error->message);
      g_clear_error (&error);

      next = vt_queue_get_next_attempt (self->queue, &error);
      /* Look again at the next due item, within a minute at most in case rows changed. */
      deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
      if (next > 0)
        {
          gint64 wait = MAX (next - g_get_real_time () / G_USEC_PER_SEC, 0);
          deadline = MIN (deadline, g_get_monotonic_time () + wait * G_TIME_SPAN_SECOND);
        }

      g_mutex_lock (&self->lock);
      while (!self->kicked && !self->stopping)
        if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
          break;
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

void
vt_uploader_start (VtUploader *self)
{
  static const char * const settings_classes[] = { "credentials", "endpoint", NULL };
  g_autoptr(GError) error = NULL;
  int requeued;

  g_return_if_fail (VT_IS_UPLOADER (self));

  if (self->thread != NULL)
    return;
  /* An uploader starts with the kiosk or with new upload settings: items the server refused
   * for the credential or the address get one more try with these (a fixed token or URL),
   * rather than waiting for staff to find them. */
  requeued = vt_queue_requeue_classes (self->queue, settings_classes, &error);
  if (requeued < 0)
    g_warning ("could not put refused submissions back in line: %s", error->message);
  else if (requeued > 0)
    g_message ("%d submission(s) refused for the upload settings are tried again", requeued);
  self->stopping = FALSE;
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("vt-uploader", scheduler_thread, self);
}

void
vt_uploader_stop (VtUploader *self)
{
  g_return_if_fail (VT_IS_UPLOADER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_object (&self->cancellable);
}

void
vt_uploader_kick (VtUploader *self)
{
  g_return_if_fail (VT_IS_UPLOADER (self));

  g_mutex_lock (&self->lock);
  self->kicked = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  vt_tus_client_wake (self->client);
}

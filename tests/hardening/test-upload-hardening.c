/* test-upload-hardening.c — the uploader against the real tus server: a refused credential or
 * address waits only until the settings are fixed, a failing server is not hammered however
 * often something wakes the client, and a bundle that changed after sealing is neither sent
 * nor deleted.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  VtTusHarness *h;
  char         *work;
  VtQueue      *queue;
  char         *id;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *why = vt_tus_harness_unavailable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autoptr(GPtrArray) attachments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  g_autofree guint8 *data_bytes = g_malloc (2 * 1024 * 1024);
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) answers = g_bytes_new_static ("{\"nombres\": \"Prueba\"}", 21);

  /* The real tus server is part of what build-aux/install-deps --test installs. */
  g_assert_null (why);
  f->h = vt_tus_harness_start (data);
  f->work = g_dir_make_tmp ("vt-upload-hardening-XXXXXX", &error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->work, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    data_bytes[i] = (guint8) g_test_rand_int ();
  document = g_bytes_new_take (g_steal_pointer (&data_bytes), 2 * 1024 * 1024);
  g_ptr_array_add (attachments, vt_attachment_new ("documento", "application/pdf", document));
  f->id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, answers, attachments, NULL,
                        &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->queue);
  g_clear_pointer (&f->h, vt_tus_harness_stop);
  remove_tree (f->work);
  g_free (f->work);
  g_free (f->id);
}

static JsonObject *
row (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = vt_queue_dup_submission_json (f->queue, f->id, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static VtUploader *
uploader_for (Fixture    *f,
              const char *endpoint,
              const char *token)
{
  g_autoptr(VtTusClient) client = vt_tus_client_new (endpoint, token);

  vt_tus_client_set_timeout (client, 10);
  vt_tus_client_set_backoff (client, 20, 200);
  return vt_uploader_new (f->queue, client);
}

/* Starts `uploader` and waits until the item is done one way or the other. */
static char *
run_until_done (VtUploader *uploader,
                Fixture    *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  char *state = NULL;

  vt_uploader_start (uploader);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(JsonObject) r = row (f);
      const char *s = json_object_get_string_member (r, "state");

      if (g_str_equal (s, "sent") || g_str_equal (s, "needs-attention"))
        {
          state = g_strdup (s);
          break;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  vt_uploader_stop (uploader);
  return state;
}

/* 401 parks the item for staff; the kiosk started again with the right token (or staff fixed
 * it on the settings page, which makes a new uploader) sends it without anyone requeueing it. */
static void
test_credentials_fixed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtUploader) wrong = uploader_for (f, f->h->endpoint, "not-the-token");
  g_autoptr(VtUploader) right = NULL;
  g_autofree char *state = run_until_done (wrong, f);
  g_autoptr(JsonObject) r = row (f);
  g_autofree char *state2 = NULL;

  g_assert_cmpstr (state, ==, "needs-attention");
  g_assert_cmpstr (json_object_get_string_member (r, "last_error_class"), ==, "credentials");
  g_clear_object (&wrong);

  right = uploader_for (f, f->h->endpoint, f->h->token);
  state2 = run_until_done (right, f);
  g_assert_cmpstr (state2, ==, "sent");
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->id, NULL), ==, 1);
}

/* A refusal when creating the upload, from a server or a reverse proxy: 403 is a credential
 * staff must fix, 404 and 410 an address with the wrong path, not a bad bundle. The item waits
 * for staff; once the server answers again, a new uploader (a restart, or staff's new settings)
 * sends it without anyone requeueing it. */
typedef struct
{
  const char *fault;
  const char *error_class;
} Refusal;

static const Refusal refusals[] = {
  { "fault 403 POST 1000", "credentials" },
  { "fault 404 POST 1000", "endpoint" },
  { "fault 410 POST 1000", "endpoint" },
};

/* The refusal is the case's data; the tus server runs without a token. */
static void
fixture_set_up_open (Fixture       *f,
                     gconstpointer  data)
{
  fixture_set_up (f, NULL);
}

static void
test_refusal_fixed (Fixture       *f,
                    gconstpointer  data)
{
  const Refusal *refusal = data;
  g_autoptr(VtUploader) wrong = NULL;
  g_autoptr(VtUploader) right = NULL;
  g_autofree char *state = NULL;

  g_free (vt_tus_harness_proxy (f->h, "%s", refusal->fault));
  wrong = uploader_for (f, f->h->endpoint, NULL);
  state = run_until_done (wrong, f);
  g_autoptr(JsonObject) r = row (f);
  g_autofree char *state2 = NULL;

  g_assert_cmpstr (state, ==, "needs-attention");
  g_assert_cmpstr (json_object_get_string_member (r, "last_error_class"), ==,
                   refusal->error_class);
  g_clear_object (&wrong);

  g_free (vt_tus_harness_proxy (f->h, "clear"));
  right = uploader_for (f, f->h->endpoint, NULL);
  state2 = run_until_done (right, f);
  g_assert_cmpstr (state2, ==, "sent");
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->id, NULL), ==, 1);
}

typedef struct
{
  VtUploader *uploader;
  gboolean    stop;
} Waker;

static gpointer
waker_thread (gpointer data)
{
  Waker *waker = data;

  /* A flapping network, or submissions arriving: a wake every 20 ms. */
  while (!g_atomic_int_get (&waker->stop))
    {
      vt_uploader_kick (waker->uploader);
      g_usleep (20000);
    }
  return NULL;
}

/* A server that fails every request, and something waking the uploader again and again: the
 * item still gets its few quick tries, then the queue's per-item backoff (30 s at least),
 * instead of a retry loop at the pace of the wakes. */
static void
test_wakes_keep_backoff (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtTusClient) client = vt_tus_client_new (f->h->endpoint, NULL);
  g_autoptr(VtUploader) uploader = NULL;
  g_autoptr(JsonObject) r = NULL;
  Waker waker = { NULL, FALSE };
  GThread *thread;
  gint64 posts;

  g_free (vt_tus_harness_proxy (f->h, "fault 500 * 100000"));
  g_free (vt_tus_harness_proxy (f->h, "reset-stats"));
  vt_tus_client_set_timeout (client, 10);
  /* Long enough that, without wakes, three tries take more than the watch below. */
  vt_tus_client_set_backoff (client, 1000, 1000);
  uploader = vt_uploader_new (f->queue, client);
  vt_uploader_set_attempts_per_pass (uploader, 3);
  waker.uploader = uploader;
  vt_uploader_start (uploader);
  thread = g_thread_new ("waker", waker_thread, &waker);
  g_usleep (3 * G_USEC_PER_SEC);
  g_atomic_int_set (&waker.stop, TRUE);
  g_thread_join (thread);
  vt_uploader_stop (uploader);

  posts = vt_tus_harness_stat (f->h, "requests.OPTIONS") + vt_tus_harness_stat (f->h,
                                                                               "requests.POST");
  g_test_message ("%" G_GINT64_FORMAT " requests in 3 s of wakes every 20 ms", posts);
  g_assert_cmpint (posts, >=, 1);
  g_assert_cmpint (posts, <=, 4);
  r = row (f);
  g_assert_cmpstr (json_object_get_string_member (r, "state"), ==, "queued");
  g_assert_cmpint (json_object_get_int_member (r, "next_attempt_at"), >,
                   g_get_real_time () / G_USEC_PER_SEC + 10);
}

static void
flip_byte (const char *path,
           gsize       at)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  contents[MIN (at, len - 1)] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

/* A bundle changed on disk after sealing (a failing disk, a bad sector) is caught before it
 * goes: it waits for staff, nothing reaches the office, and it is never deleted. */
static void
test_corrupt_before_upload (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (f->queue, f->id, NULL);
  g_autoptr(VtUploader) uploader = uploader_for (f, f->h->endpoint, NULL);
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) r = NULL;

  flip_byte (item->bundle_path, 5000);
  state = run_until_done (uploader, f);
  g_assert_cmpstr (state, ==, "needs-attention");
  r = row (f);
  g_assert_cmpstr (json_object_get_string_member (r, "last_error_class"), ==, "corrupt");
  g_assert_true (g_file_test (item->bundle_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->id, NULL), ==, 0);
}

static void
progress_cb (VtUploader *uploader,
             const char *id,
             guint64     offset,
             guint64     length,
             gpointer    data)
{
  const char *path = data;

  /* The first confirmed chunk: the disk goes bad under the upload. */
  if (offset > 0 && offset < length && g_object_get_data (G_OBJECT (uploader), "flipped") == NULL)
    {
      flip_byte (path, (gsize) length - 10);
      g_object_set_data (G_OBJECT (uploader), "flipped", GINT_TO_POINTER (1));
    }
}

/* Changed while it was being sent: the server has every byte, but the kiosk's copy is not
 * what was sealed, so it is not marked sent and not deleted. */
static void
test_corrupt_during_upload (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (f->queue, f->id, NULL);
  g_autoptr(VtTusClient) client = vt_tus_client_new (f->h->endpoint, NULL);
  g_autoptr(VtUploader) uploader = NULL;
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) r = NULL;

  vt_tus_client_set_chunk_size (client, 64 * 1024);
  g_free (vt_tus_harness_proxy (f->h, "delay 30"));
  uploader = vt_uploader_new (f->queue, client);
  g_signal_connect (uploader, "progress", G_CALLBACK (progress_cb), item->bundle_path);
  state = run_until_done (uploader, f);
  g_assert_nonnull (g_object_get_data (G_OBJECT (uploader), "flipped"));
  g_assert_cmpstr (state, ==, "needs-attention");
  r = row (f);
  g_assert_cmpstr (json_object_get_string_member (r, "last_error_class"), ==, "corrupt");
  g_assert_true (g_file_test (item->bundle_path, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hardening/upload/credentials-fixed", Fixture, "kiosk-token", fixture_set_up,
              test_credentials_fixed, fixture_tear_down);
  g_test_add ("/hardening/upload/refused-403-fixed", Fixture, &refusals[0],
              fixture_set_up_open, test_refusal_fixed, fixture_tear_down);
  g_test_add ("/hardening/upload/refused-404-fixed", Fixture, &refusals[1],
              fixture_set_up_open, test_refusal_fixed, fixture_tear_down);
  g_test_add ("/hardening/upload/refused-410-fixed", Fixture, &refusals[2],
              fixture_set_up_open, test_refusal_fixed, fixture_tear_down);
  g_test_add ("/hardening/upload/wakes-keep-backoff", Fixture, NULL, fixture_set_up,
              test_wakes_keep_backoff, fixture_tear_down);
  g_test_add ("/hardening/upload/corrupt-before-upload", Fixture, NULL, fixture_set_up,
              test_corrupt_before_upload, fixture_tear_down);
  g_test_add ("/hardening/upload/corrupt-during-upload", Fixture, NULL, fixture_set_up,
              test_corrupt_during_upload, fixture_tear_down);
  return g_test_run ();
}

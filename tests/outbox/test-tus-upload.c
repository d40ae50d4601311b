/* test-tus-upload.c — VtTusClient against the real tus server behind the fault proxy.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-tus-client.h"
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <signal.h>

#define BUNDLE_SIZE (6 * 1024 * 1024 + 12345)

typedef struct
{
  VtTusHarness *h;
  char         *work;
  char         *bundle;
  char         *submission;
} Fixture;

static gboolean
skip_unavailable (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();

  if (why != NULL)
    {
      g_test_skip (why);
      return TRUE;
    }
  return FALSE;
}

static void
fixture_start (Fixture    *f,
               const char *token)
{
  g_autoptr(GError) error = NULL;

  if (vt_tus_harness_unavailable () != NULL)
    return;
  f->h = vt_tus_harness_start (token);
  f->work = g_dir_make_tmp ("vt-tus-work-XXXXXX", &error);
  g_assert_no_error (error);
  f->bundle = vt_tus_harness_random_file (f->work, BUNDLE_SIZE, g_test_rand_int ());
  f->submission = g_uuid_string_random ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_start (f, NULL);
}

static void
fixture_set_up_token (Fixture       *f,
                      gconstpointer  data)
{
  fixture_start (f, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->h, vt_tus_harness_stop);
  if (f->bundle != NULL)
    g_remove (f->bundle);
  if (f->work != NULL)
    {
      g_autofree char *url_file = g_build_filename (f->work, "url", NULL);
      g_remove (url_file);
      g_rmdir (f->work);
    }
  g_free (f->work);
  g_free (f->bundle);
  g_free (f->submission);
}

static GHashTable *
metadata_for (Fixture *f)
{
  GHashTable *metadata = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (metadata, (char *) "submission", f->submission);
  g_hash_table_insert (metadata, (char *) "sha256", (char *) "0000");
  g_hash_table_insert (metadata, (char *) "filename", (char *) "bundle.vtb");
  return metadata;
}

static VtTusClient *
client_for (Fixture *f)
{
  VtTusClient *client = vt_tus_client_new (f->h->endpoint, f->h->token);

  /* Generous for a loaded CI machine; the hung-response test sets its own. */
  vt_tus_client_set_timeout (client, 10);
  vt_tus_client_set_backoff (client, 20, 500);
  return client;
}

static VtTusResult *
upload (Fixture      *f,
        VtTusClient  *client,
        GError      **error)
{
  g_autoptr(GHashTable) metadata = metadata_for (f);
  g_autoptr(GFile) file = g_file_new_for_path (f->bundle);

  return vt_tus_client_upload (client, file, NULL, metadata, NULL, NULL, NULL, NULL, error);
}

/* The whole point: after whatever happened, exactly one complete, identical copy. */
static void
assert_arrived_once (Fixture *f)
{
  g_autofree char *path = NULL;

  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->submission, &path),
                    ==, 1);
  vt_tus_harness_assert_same_file (f->bundle, path);
}

static void
assert_done (VtTusResult  *result,
             GError       *error)
{
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_DONE);
  g_assert_cmpuint (result->offset, ==, result->length);
  g_assert_cmpuint (result->length, ==, BUNDLE_SIZE);
  g_assert_nonnull (result->upload_url);
}

static void
fault (Fixture    *f,
       const char *command)
{
  g_autofree char *answer = vt_tus_harness_proxy (f->h, "%s", command);

  g_assert_nonnull (strstr (answer, "\"ok\":true"));
}

static void
test_plain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unavailable ())
    return;
  /* A default reverse proxy's body limit and the checksum extension, as in production. */
  fault (f, "limit 2097152");
  fault (f, "checksum on");
  client = client_for (f);
  result = upload (f, client, &error);
  assert_done (result, error);
  g_assert_cmpuint (result->creations, ==, 1);
  g_assert_cmpuint (result->failures, ==, 0);
  g_assert_cmpuint (result->bytes_sent, ==, BUNDLE_SIZE);
  g_assert_cmpint (vt_tus_harness_stat (f->h, "status.413"), ==, 0);
  /* Chunks of 1 MiB: seven PATCH requests for a little over 6 MiB. */
  g_assert_cmpint (vt_tus_harness_stat (f->h, "requests.PATCH"), ==, 7);
  /* Every chunk goes on the connection the previous one used: a new TCP connection per 1 MiB
   * PATCH halved the throughput. OPTIONS and POST may share one, the PATCHes another. */
  g_assert_cmpint (vt_tus_harness_stat (f->h, "connections"), <=, 2);
  assert_arrived_once (f);
}

typedef struct
{
  const char *path;
  const char *faults;   /* proxy commands separated by ';' */
  gboolean    checksum;
} FaultCase;

static const FaultCase fault_cases[] = {
  { "/outbox/tus/fault/reset-mid-patch", "fault reset PATCH 3", FALSE },
  { "/outbox/tus/fault/server-errors", "fault 500 POST 1;fault 500 PATCH 3;fault 502 HEAD 2", FALSE },
  { "/outbox/tus/fault/wrong-offset", "fault offset PATCH 2;fault offset HEAD 1", FALSE },
  { "/outbox/tus/fault/truncated", "fault truncate PATCH 2;fault truncate HEAD 1", FALSE },
  { "/outbox/tus/fault/checksum-mismatch", "fault corrupt PATCH 2", TRUE },
  { "/outbox/tus/fault/everything", "fault reset PATCH 1;fault 500 PATCH 1;fault offset PATCH 1;"
    "fault truncate PATCH 1;fault 502 HEAD 1;fault truncate HEAD 1", TRUE },
};

static void
test_fault_case (Fixture       *f,
                 gconstpointer  data)
{
  const FaultCase *fc = data;
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = g_strsplit (fc->faults, ";", -1);

  if (skip_unavailable ())
    return;
  fault (f, "limit 2097152");
  if (fc->checksum)
    fault (f, "checksum on");
  for (guint i = 0; commands[i] != NULL; i++)
    fault (f, commands[i]);

  client = client_for (f);
  result = upload (f, client, &error);
  assert_done (result, error);
  g_assert_cmpint (vt_tus_harness_stat (f->h, "status.413"), ==, 0);
  g_assert_cmpint (vt_tus_harness_stat (f->h, "faults_fired"), >, 0);
  g_assert_cmpuint (result->failures, >, 0);
  /* A wrong offset from HEAD makes the next PATCH start in the wrong place: the server's 409
   * must have been handled too. */
  if (g_str_has_suffix (fc->path, "/wrong-offset"))
    g_assert_cmpint (vt_tus_harness_stat (f->h, "status.409"), >, 0);
  /* No fault here loses the upload: it is never created twice. */
  g_assert_cmpuint (result->creations, ==, 1);
  assert_arrived_once (f);
}

static void
test_hung_response (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (skip_unavailable ())
    return;
  fault (f, "fault hang PATCH 1");
  client = client_for (f);
  vt_tus_client_set_timeout (client, 2);
  start = g_get_monotonic_time ();
  result = upload (f, client, &error);
  assert_done (result, error);
  /* The timeout fired (the proxy never answers a hung request) and the upload went on. */
  g_assert_cmpint (result->error_class, ==, VT_TUS_ERROR_CLASS_TIMEOUT);
  g_assert_cmpuint (result->failures, >=, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_TIME_SPAN_SECOND - 100000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_TIME_SPAN_SECOND);
  assert_arrived_once (f);
}

static void
test_too_large_needs_attention (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unavailable ())
    return;
  /* Below the smallest chunk the client will try: a permanent refusal for staff. */
  fault (f, "limit 32768");
  client = client_for (f);
  result = upload (f, client, &error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_NEEDS_ATTENTION);
  g_assert_cmpint (result->error_class, ==, VT_TUS_ERROR_CLASS_TOO_LARGE);
  g_assert_cmpuint (result->http_status, ==, 413);
  g_assert_error (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "413"));
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->submission, NULL),
                    ==, 0);
}

static void
test_chunk_shrinks_on_413 (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unavailable ())
    return;
  /* A stricter proxy than the default chunk expects: the client adapts, staff never see it. */
  fault (f, "limit 300000");
  client = client_for (f);
  result = upload (f, client, &error);
  assert_done (result, error);
  g_assert_cmpint (vt_tus_harness_stat (f->h, "status.413"), >, 0);
  assert_arrived_once (f);
}

static void
test_token (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusClient) wrong = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(VtTusResult) refused = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unavailable ())
    return;
  wrong = vt_tus_client_new (f->h->endpoint, "not-the-token");
  vt_tus_client_set_backoff (wrong, 20, 500);
  refused = upload (f, wrong, &error);
  g_assert_nonnull (refused);
  g_assert_cmpint (refused->outcome, ==, VT_TUS_OUTCOME_NEEDS_ATTENTION);
  /* Its own class: a new token puts such items back in line (vt_uploader_start). */
  g_assert_cmpint (refused->error_class, ==, VT_TUS_ERROR_CLASS_CREDENTIALS);
  g_assert_cmpuint (refused->http_status, ==, 401);
  g_assert_error (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_CREDENTIALS);
  g_clear_error (&error);

  client = client_for (f);
  result = upload (f, client, &error);
  assert_done (result, error);
  assert_arrived_once (f);
}

typedef struct
{
  Fixture     *f;
  VtTusResult *result;
  GError      *error;
  gint         offset;      /* atomic */
  gboolean     done;
} AsyncRun;

static void
async_progress_cb (guint64  offset,
                   guint64  length,
                   gpointer user_data)
{
  AsyncRun *run = user_data;

  g_atomic_int_set (&run->offset, (gint) offset);
  g_main_context_wakeup (NULL);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = vt_tus_client_upload_finish (VT_TUS_CLIENT (source), res, &run->error);
  run->done = TRUE;
}

static void
start_async (AsyncRun      *run,
             VtTusClient   *client,
             GCancellable  *cancellable)
{
  g_autoptr(GHashTable) metadata = metadata_for (run->f);
  g_autoptr(GFile) file = g_file_new_for_path (run->f->bundle);

  vt_tus_client_upload_async (client, file, NULL, metadata, cancellable, NULL, async_progress_cb,
                              run, async_done_cb, run);
}

static void
iterate_until (gboolean *flag,
               gint     *offset,
               gint      at_least,
               int       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;

  while (!*flag && (offset == NULL || g_atomic_int_get (offset) < at_least) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static void
test_server_restart_loses_upload (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  AsyncRun run = { f, NULL, NULL, 0, FALSE };

  if (skip_unavailable ())
    return;
  client = client_for (f);
  /* Slow the upload down so the restart lands in its middle. */
  vt_tus_client_set_chunk_size (client, 256 * 1024);
  fault (f, "delay 30");
  start_async (&run, client, NULL);
  iterate_until (&run.done, &run.offset, 2 * 1024 * 1024, 30);
  g_assert_false (run.done);
  vt_tus_harness_restart_server (f->h, TRUE);
  iterate_until (&run.done, NULL, 0, 60);
  g_assert_true (run.done);
  assert_done (run.result, run.error);
  /* The server forgot the upload, so the client made a new one — once. */
  g_assert_cmpuint (run.result->creations, ==, 2);
  assert_arrived_once (f);
  vt_tus_result_free (run.result);
}

static void
test_network_back_wakes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  AsyncRun run = { f, NULL, NULL, 0, FALSE };
  gint64 start;

  if (skip_unavailable ())
    return;
  client = client_for (f);
  /* A backoff far longer than the test may take: only the wake-up can finish it in time. */
  vt_tus_client_set_backoff (client, 600000, 600000);
  fault (f, "fault 500 PATCH 1");
  start = g_get_monotonic_time ();
  start_async (&run, client, NULL);
  for (guint i = 0; i < 200 && vt_tus_harness_stat (f->h, "faults_fired") == 0; i++)
    g_usleep (10000);
  g_assert_cmpint (vt_tus_harness_stat (f->h, "faults_fired"), ==, 1);
  g_usleep (100000);
  g_assert_false (run.done);
  vt_tus_client_wake (client);
  iterate_until (&run.done, NULL, 0, 30);
  g_assert_true (run.done);
  assert_done (run.result, run.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_TIME_SPAN_SECOND);
  assert_arrived_once (f);
  vt_tus_result_free (run.result);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { f, NULL, NULL, 0, FALSE };

  if (skip_unavailable ())
    return;
  client = client_for (f);
  vt_tus_client_set_backoff (client, 600000, 600000);
  fault (f, "fault 500 HEAD 1000");
  fault (f, "fault 500 PATCH 1");
  start_async (&run, client, cancellable);
  for (guint i = 0; i < 200 && vt_tus_harness_stat (f->h, "faults_fired") == 0; i++)
    g_usleep (10000);
  g_cancellable_cancel (cancellable);
  iterate_until (&run.done, NULL, 0, 30);
  g_assert_true (run.done);
  g_assert_nonnull (run.result);
  g_assert_cmpint (run.result->outcome, ==, VT_TUS_OUTCOME_CANCELLED);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  vt_tus_result_free (run.result);
}

/* kill -9 of the uploading process mid-upload, then a restart with the stored URL: everything
 * arrives once and at most one chunk is sent again. */
static void
test_kill_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *tool = NULL;
  g_autofree char *url_file = NULL;
  guint rounds = 3;

  if (skip_unavailable ())
    return;
  tool = g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "outbox", "vt-tus-upload-tool",
                           NULL);
  url_file = g_build_filename (f->work, "url", NULL);
  fault (f, "limit 2097152");
  fault (f, "delay 20");

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocess) first = NULL;
      g_autoptr(GSubprocess) second = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *submission = g_strdup_printf ("%s-%u", f->submission, round);
      g_autofree char *sub_arg = g_strdup_printf ("--submission=%s", submission);
      g_autofree char *stdout_text = NULL;
      g_autofree char *path = NULL;
      guint64 kill_at = (guint64) g_test_rand_int_range (1, 5) * 1024 * 1024 +
                        (guint64) g_test_rand_int_range (0, 1024 * 1024);
      guint64 offset = 0;
      gint64 resent;

      g_remove (url_file);
      g_free (vt_tus_harness_proxy (f->h, "reset-stats"));
      first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, "--chunk=262144",
                                sub_arg, f->h->endpoint, f->bundle, url_file, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (first));
      for (guint i = 0; i < 1000 && offset < kill_at; i++)
        {
          g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);

          if (line == NULL)
            break;
          if (g_str_has_prefix (line, "progress "))
            offset = g_ascii_strtoull (line + 9, NULL, 10);
        }
      g_assert_cmpuint (offset, >=, kill_at);
      g_subprocess_send_signal (first, SIGKILL);
      g_subprocess_wait (first, NULL, NULL);
      g_assert_true (g_file_test (url_file, G_FILE_TEST_EXISTS));

      second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, "--chunk=262144",
                                 sub_arg, f->h->endpoint, f->bundle, url_file, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (second, NULL, NULL, &stdout_text, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (second));
      g_test_message ("second run: %s", stdout_text);
      g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
      /* The restart resumed the stored upload: no second creation. */
      g_assert_nonnull (strstr (stdout_text, "\"creations\": 0"));

      resent = vt_tus_harness_stat (f->h, "patch_bytes") - BUNDLE_SIZE;
      g_test_message ("round %u: killed at %" G_GUINT64_FORMAT ", %" G_GINT64_FORMAT
                      " bytes sent again", round, offset, resent);
      g_assert_cmpint (resent, >=, 0);
      g_assert_cmpint (resent, <=, 262144);
      g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", submission, &path),
                        ==, 1);
      vt_tus_harness_assert_same_file (f->bundle, path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/tus/plain", test_plain);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    g_test_add (fault_cases[i].path, Fixture, &fault_cases[i], fixture_set_up, test_fault_case,
                fixture_tear_down);
  ADD ("/outbox/tus/fault/hung-response", test_hung_response);
  ADD ("/outbox/tus/fault/server-restart", test_server_restart_loses_upload);
  ADD ("/outbox/tus/too-large/needs-attention", test_too_large_needs_attention);
  ADD ("/outbox/tus/too-large/chunk-shrinks", test_chunk_shrinks_on_413);
  ADD ("/outbox/tus/network-back", test_network_back_wakes);
  ADD ("/outbox/tus/cancel", test_cancel);
  ADD ("/outbox/tus/kill-and-resume", test_kill_and_resume);
  g_test_add ("/outbox/tus/token", Fixture, "kiosk-token-for-tests", fixture_set_up_token,
              test_token,
              fixture_tear_down);
#undef ADD

  return g_test_run ();
}

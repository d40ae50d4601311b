/* test-outbox-kill.c — kill -9 of the uploading process at random points, again and again, then
 * a last flush: every submission reaches the office once (ventanilla-office ingest), none twice,
 * and the queue database is intact.
 *
 * Rounds: VT_KILL_ROUNDS (default 20; build-aux/reliability runs 100).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"
#include "vt-test-office.h"
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>

#define ATTACHMENT_SIZE (512 * 1024)

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

static GPtrArray *
fill_queue (const char *queue_dir,
            const char *registry,
            guint       n_submissions)
{
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  if (registry != NULL)
    vt_test_office_register (queue, registry);
  for (guint i = 0; i < n_submissions; i++)
    {
      g_autoptr(GPtrArray) attachments =
        g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
      g_autofree guint8 *data = g_malloc (ATTACHMENT_SIZE);
      g_autoptr(GBytes) answers = g_bytes_new_static ("{\"nombre\": \"Persona Sintética\"}",
                                                      strlen ("{\"nombre\": \"Persona "
                                                              "Sintética\"}"));
      g_autofree char *code = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *id;

      for (gsize j = 0; j < ATTACHMENT_SIZE; j++)
        data[j] = (guint8) g_test_rand_int ();
      bytes = g_bytes_new_take (g_steal_pointer (&data), ATTACHMENT_SIZE);
      g_ptr_array_add (attachments,
                       vt_attachment_new ("documento", "application/octet-stream", bytes));
      id = vt_queue_add (queue, "copias-certificadas-exterior", 1, answers, attachments, &code,
                         &error);
      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

static void
assert_integrity (const char *queue_dir,
                  guint       n_submissions)
{
  g_autofree char *db_path = g_build_filename (queue_dir, "queue.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM submissions WHERE state = 'sent'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, (int) n_submissions);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_rounds (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();
  g_autoptr(VtTusHarness) h = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) last = NULL;
  g_autoptr(GSubprocess) ingest = NULL;
  g_autofree char *work = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *office_dir = NULL;
  g_autofree char *tool = NULL;
  g_autofree char *office = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *ingest_out = NULL;
  g_autofree char *registry = NULL;
  const char *rounds_env = g_getenv ("VT_KILL_ROUNDS");
  guint rounds = rounds_env != NULL ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 20;
  guint killed_mid_upload = 0;
  /* Enough work that most kills land while something is still being uploaded. */
  guint n_submissions = MAX (16, rounds * 4 / 5);

  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }
  h = vt_tus_harness_start (NULL);
  /* A slow link, so the kills land in the middle of uploads. */
  g_free (vt_tus_harness_proxy (h, "delay 15"));
  g_free (vt_tus_harness_proxy (h, "limit 2097152"));

  work = g_dir_make_tmp ("vt-kill-XXXXXX", &error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (work, "queue", NULL);
  office_dir = g_build_filename (work, "office", NULL);
  registry = g_build_filename (work, "kiosks.json", NULL);
  ids = fill_queue (queue_dir, registry, n_submissions);
  tool = g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "outbox", "vt-outbox-flush-tool",
                           NULL);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocess) flush = NULL;
      guint wait_ms = (guint) g_test_rand_int_range (20, 250);

      flush = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, tool, "--chunk=131072", queue_dir, h->endpoint, NULL);
      g_assert_no_error (error);
      g_usleep (wait_ms * 1000);
      /* Still running: this kill lands mid-upload (or mid-database write). */
      if (g_subprocess_get_identifier (flush) != NULL)
        killed_mid_upload++;
      g_subprocess_send_signal (flush, SIGKILL);
      g_subprocess_wait (flush, NULL, NULL);
    }
  g_test_message ("%u of %u kills landed while uploading", killed_mid_upload, rounds);
  g_assert_cmpuint (killed_mid_upload, >, 0);

  last = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, tool, queue_dir,
                           h->endpoint, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (last, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (last));
  g_assert_cmpint (g_subprocess_get_exit_status (last), ==, 0);
  assert_integrity (queue_dir, n_submissions);

  /* 0 duplicated: each submission completed exactly once on the server... */
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (vt_tus_harness_count_complete (h, "submission",
                                                     g_ptr_array_index (ids, i), NULL), ==, 1);

  /* ...and 0 lost: the office opens every one of them. */
  office = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "office", "ventanilla-office",
                             NULL);
  secret_key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys", "office-dev.sk",
                                 NULL);
  ingest = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, office, "ingest",
                             "--uploads", h->dir, "--secret-key", secret_key, "--registry",
                             registry, "--out", office_dir,
                             NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ingest, NULL, NULL, &ingest_out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("ingest: %s", ingest_out);
  g_assert_cmpint (g_subprocess_get_exit_status (ingest), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *folder = g_build_filename (office_dir, g_ptr_array_index (ids, i), NULL);
      g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
    }

  remove_tree (work);
}

typedef struct
{
  guint sent;
  guint attention;
  guint progress;
} Counts;

static void
item_done_cb (VtUploader *uploader,
              const char *id,
              const char *state,
              Counts     *counts)
{
  if (g_str_equal (state, "sent"))
    counts->sent++;
  else if (g_str_equal (state, "needs-attention"))
    counts->attention++;
}

static void
progress_cb (VtUploader *uploader,
             const char *id,
             guint64     offset,
             guint64     length,
             Counts     *counts)
{
  g_assert_cmpuint (offset, <=, length);
  counts->progress++;
}

/* The background uploader: a bundle that cannot be read waits for staff, the others still go,
 * and the UI hears about both. */
static void
test_background_failing_item (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();
  g_autoptr(VtTusHarness) h = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtUploader) uploader = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueueItem) broken = NULL;
  g_autofree char *work = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *status = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  Counts counts = { 0 };
  gint64 deadline;

  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }
  h = vt_tus_harness_start (NULL);
  work = g_dir_make_tmp ("vt-bg-XXXXXX", &error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (work, "queue", NULL);
  ids = fill_queue (queue_dir, NULL, 4);
  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);

  /* The oldest item's bundle is gone: it must not hold up the three behind it. */
  broken = vt_queue_get_item (queue, g_ptr_array_index (ids, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (broken->bundle_path), ==, 0);

  client = vt_tus_client_new (h->endpoint, NULL);
  vt_tus_client_set_backoff (client, 20, 200);
  uploader = vt_uploader_new (queue, client);
  g_signal_connect (uploader, "item-done", G_CALLBACK (item_done_cb), &counts);
  g_signal_connect (uploader, "progress", G_CALLBACK (progress_cb), &counts);
  vt_uploader_start (uploader);
  deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while (counts.sent + counts.attention < 4 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vt_uploader_stop (uploader);

  g_assert_cmpuint (counts.sent, ==, 3);
  g_assert_cmpuint (counts.attention, ==, 1);
  g_assert_cmpuint (counts.progress, >=, 3);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpuint (vt_tus_harness_count_complete (h, "submission",
                                                     g_ptr_array_index (ids, i), NULL), ==, 1);
  status = vt_queue_dup_status_json (queue, &error);
  g_assert_no_error (error);
  g_test_message ("%s", status);
  json_parser_load_from_data (parser, status, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "states"),
                                               "needs-attention"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "states"),
                                               "sent"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root,
                                                                              "last_errors"),
                                               "local"), ==, 1);

  g_clear_object (&uploader);
  g_clear_object (&queue);
  remove_tree (work);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outbox/upload/background-failing-item", test_background_failing_item);
  g_test_add_func ("/outbox/upload/kill-9-rounds", test_kill_rounds);
  return g_test_run ();
}

/* test-enqueue-kill.c — kill -9 of a process adding submissions as the kiosk does, at random
 * moments, round after round: every submission whose confirmation appeared is in the queue,
 * whole, and reaches the office once; nothing half-written is left; the database is intact.
 *
 * Rounds: VT_KILL_ROUNDS (default 10); every other kill is aimed at a bundle being sealed, the
 * others land anywhere (opening the queue, building the paperwork, committing). An aimed kill
 * that arrives after the seal finished is followed by another aimed one (up to VT_KILL_ROUNDS
 * aimed in all) until two landed mid-seal, so the run holds such kills however loaded the
 * machine is.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "outbox/vt-uploader.h"
#include "vt-test-office.h"
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/inotify.h>
#include <unistd.h>

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

/* Partial bundles in BUNDLES whose names are not in BEFORE (NULL: all of them). A killed
 * round leaves its partial until the next start cleans it up, so a round counts only its own. */
static guint
count_new_partials (const char *bundles,
                    GHashTable *before)
{
  g_autoptr(GDir) dir = g_dir_open (bundles, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".partial")
        && (before == NULL || !g_hash_table_contains (before, name)))
      n++;
  return n;
}

static GHashTable *
list_partials (const char *bundles)
{
  g_autoptr(GDir) dir = g_dir_open (bundles, 0, NULL);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".partial"))
      g_hash_table_add (names, g_strdup (name));
  return names;
}

static guint
count_partials (const char *bundles)
{
  return count_new_partials (bundles, NULL);
}

/* Waits until a partial bundle is created in the folder WATCH (an inotify descriptor) watches,
 * or until DEADLINE (monotonic µs). The event arrives as the file is created, not at the next
 * look at the folder: a seal of a few milliseconds is not missed. */
static gboolean
wait_for_partial (int    watch,
                  gint64 deadline)
{
  union
  {
    struct inotify_event event;
    char                 bytes[4096];
  } buffer;

  for (;;)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      struct pollfd pfd = { watch, POLLIN, 0 };
      gssize n;

      if (left_ms <= 0 || poll (&pfd, 1, (int) left_ms) <= 0)
        return FALSE;
      n = read (watch, buffer.bytes, sizeof buffer.bytes);
      for (gssize at = 0; at < n;)
        {
          const struct inotify_event *event = (const struct inotify_event *) (buffer.bytes + at);

          if (event->len > 0 && g_str_has_suffix (event->name, ".partial"))
            return TRUE;
          at += (gssize) (sizeof *event + event->len);
        }
    }
}

static gboolean
quiet_repairs_cb (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  /* The open after the kills says what it restored: expected, and checked below. */
  return g_strcmp0 (log_domain, "vt-outbox") != 0;
}

static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  g_test_message ("%s", message);
}

static void
test_kill_during_enqueue (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("vt-enqueue-kill-XXXXXX", &error);
  g_autofree char *queue_dir = g_build_filename (work, "queue", NULL);
  g_autofree char *bundles = g_build_filename (queue_dir, "bundles", NULL);
  g_autofree char *marks = g_build_filename (work, "marks", NULL);
  g_autofree char *registry = g_build_filename (work, "kiosks.json", NULL);
  g_autofree char *office_dir = g_build_filename (work, "office", NULL);
  g_autofree char *tool = g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "hardening",
                                            "vt-enqueue-tool", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);
  g_autofree char *office = vt_test_office_path ();
  g_autofree char *contents = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(VtTusHarness) h = NULL;
  g_autoptr(VtQueue) queue = NULL;
  const char *rounds_env = g_getenv ("VT_KILL_ROUNDS");
  guint rounds = rounds_env != NULL ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 10;
  guint mid_seal = 0;
  guint aimed = 0;
  guint kills = 0;
  guint rows = 0;
  guint span_ms;
  int watch;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_null (why);
  g_test_log_set_fatal_handler (quiet_repairs_cb, NULL);
  g_log_set_handler ("vt-outbox", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_FLAG_FATAL,
                     log_cb, NULL);

  /* One add left to finish, timed: the kills below land across the same span, however slow
   * this machine (or a sanitizer build) is. */
  {
    g_autoptr(GSubprocess) first = NULL;
    gint64 start = g_get_monotonic_time ();

    first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, tool, queue_dir, marks,
                              "1", "999", NULL);
    g_assert_no_error (error);
    g_subprocess_wait_check (first, NULL, &error);
    g_assert_no_error (error);
    span_ms = (guint) MAX ((g_get_monotonic_time () - start) / 1000, 100);
    g_test_message ("one add takes %u ms here", span_ms);
  }

  watch = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch, >=, 0);
  g_assert_cmpint (inotify_add_watch (watch, bundles, IN_CREATE), >=, 0);

  for (guint round = 0; round < rounds || (mid_seal < 2 && aimed < rounds); round++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GHashTable) before = list_partials (bundles);
      g_autofree char *count = g_strdup ("3");
      g_autofree char *seed = g_strdup_printf ("%u", 1000 + round * 10);
      guint wait_ms = (guint) g_test_rand_int_range (span_ms / 4, span_ms * 3);
      gboolean aim = round % 2 == 1 || round >= rounds;
      const char *pid;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, tool, queue_dir, marks, count, seed, NULL);
      g_assert_no_error (error);
      if (!aim)
        g_usleep (wait_ms * 1000);
      else
        {
          /* Aimed: once a bundle is being sealed, a moment into it. Sealing one bundle takes
           * a few milliseconds, so the moment is short: a longer one lands after the rename
           * and the round only repeats what the blind rounds do. */
          gint64 deadline = g_get_monotonic_time ()
                            + MAX (5 * G_TIME_SPAN_SECOND, 3 * (gint64) span_ms * 1000);
          char drain[4096];

          while (read (watch, drain, sizeof drain) > 0)
            ;
          aimed++;
          if (wait_for_partial (watch, deadline))
            g_usleep ((gulong) g_test_rand_int_range (0, 1000));
        }
      /* kill(2) here and now: g_subprocess_send_signal() hands it to GLib's worker thread,
       * which sends it a moment later, often after the seal is over. A process already
       * reaped has no identifier any more, and nothing left to kill. */
      pid = g_subprocess_get_identifier (process);
      if (pid != NULL)
        kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL);
      g_subprocess_wait (process, NULL, NULL);
      kills++;
      /* A bundle still being sealed when the process died. */
      mid_seal += count_new_partials (bundles, before) > 0 ? 1 : 0;
    }
  close (watch);
  g_test_message ("%u kills landed while a bundle was being sealed (%u kills, %u aimed at one)",
                  mid_seal, kills, aimed);
  g_assert_cmpuint (mid_seal, >, 0);

  if (g_file_get_contents (marks, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "confirmed "))
          g_hash_table_add (confirmed, g_strdup (lines[i] + strlen ("confirmed ")));
    }
  g_assert_cmpuint (g_hash_table_size (confirmed), >, 0);

  /* The next start: every confirmed one there and whole, nothing half-written. */
  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_partials (bundles), ==, 0);
  db_path = g_build_filename (queue_dir, "queue.db", NULL);
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM submissions", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  rows = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  /* At most one submission per kill was past its commit without its confirmation shown. */
  g_assert_cmpuint (rows, >=, g_hash_table_size (confirmed));
  g_assert_cmpuint (rows, <=, g_hash_table_size (confirmed) + kills);

  /* Then they go: each confirmed one reaches the office, once, and opens there. */
  vt_test_office_register (queue, registry);
  h = vt_tus_harness_start (NULL);
  {
    g_autoptr(VtTusClient) client = vt_tus_client_new (h->endpoint, NULL);
    g_autoptr(VtUploader) uploader = NULL;
    g_autoptr(GSubprocess) ingest = NULL;
    GHashTableIter iter;
    gpointer id;

    vt_tus_client_set_backoff (client, 20, 200);
    uploader = vt_uploader_new (queue, client);
    g_assert_cmpint (vt_uploader_flush (uploader, 2, NULL, &error), ==, 0);
    g_assert_no_error (error);
    ingest = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, office, "ingest",
                               "--uploads", h->dir, "--secret-key", key, "--registry", registry,
                               "--out", office_dir, NULL);
    g_assert_no_error (error);
    g_subprocess_wait_check (ingest, NULL, &error);
    g_assert_no_error (error);
    g_hash_table_iter_init (&iter, confirmed);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      {
        g_autofree char *folder = g_build_filename (office_dir, id, NULL);

        g_assert_cmpuint (vt_tus_harness_count_complete (h, "submission", id, NULL), ==, 1);
        g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
      }
  }
  g_clear_object (&queue);
  remove_tree (work);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/enqueue/kill-9-rounds", test_kill_during_enqueue);
  return g_test_run ();
}

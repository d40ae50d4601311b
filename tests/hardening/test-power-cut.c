/* test-power-cut.c — a power cut at every write point of adding a submission and of uploading
 * it loses nothing and invents nothing.
 *
 * The real outbox runs in a process of its own (vt-powercut-tool) under an LD_PRELOAD shim
 * (vt-fs-shim.c) that records every write, fsync, rename and unlink under the queue folder.
 * After each recorded operation, the test rebuilds what a power cut there would have left
 * (vt-fs-replay.c: only what was fsynced, folder entries only once the folder was), opens the
 * queue on it as the next start would, and checks: every submission whose confirmation was
 * shown is there, whole (it opens at the office), once; nothing else is (no other submission,
 * no leftover file); PRAGMA integrity_check says ok. The one submission being added when the
 * power went may be there whole or not at all, never half.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-bundle.h"
#include "outbox/vt-secret-stream.h"
#include "outbox/vt-queue.h"
#include "vt-fs-replay.h"
#include "vt-powercut-data.h"
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <unistd.h>

typedef struct
{
  char       *work;
  char       *queue_dir;
  GHashTable *seeds;       /* submission id → its seed (the expected contents) */
  guint       states;      /* crash states checked */
  guint       points;      /* write points covered */
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

static char *
tool_path (void)
{
  return g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "hardening", "vt-powercut-tool",
                           NULL);
}

/* Runs the tool under the shim; returns the record's path. */
static char *
run_recorded (Fixture     *f,
              const char  *name,
              const char **args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *shim = g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "hardening",
                                            "libvt-fs-shim.so", NULL);
  g_autofree char *log = g_strdup_printf ("%s/%s.log", f->work, name);
  g_autofree char *marks = g_strdup_printf ("%s/%s.marks", f->work, name);
  g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                       ":verify_asan_link_order=0", NULL);

  g_ptr_array_add (argv, tool_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  /* What was on disk before is durable: the shim's model starts from it. */
  sync ();
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", shim, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_ROOT", f->queue_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_LOG", log, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_MARKS", marks, TRUE);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&log);
}

/* The submission `id` in the queue at `dir` opens at the office with what was added. */
static void
assert_whole (Fixture    *f,
              const char *bundle,
              const char *id)
{
  g_autofree char *key_path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                                "office-dev.sk", NULL);
  g_autofree char *office = g_build_filename (f->work, "office", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *document_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = vt_powercut_document (GPOINTER_TO_UINT (g_hash_table_lookup (
                                                                          f->seeds, id)));
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint8 *key = vt_bundle_load_secret_key (key_path, &error);

  g_assert_no_error (error);
  remove_tree (office);
  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  folder = vt_bundle_unseal (bundle, key, NULL, NULL, office, NULL, &error);
  vt_secret_key_free (key);
  g_assert_no_error (error);
  document_path = g_build_filename (folder, "attachments", "documento.pdf", NULL);
  g_assert_true (g_file_get_contents (document_path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (expected));
  g_assert_true (memcmp (contents, g_bytes_get_data (expected, NULL), len) == 0);
}

typedef struct
{
  GHashTable *must;     /* ids that must be there (confirmed) */
  GHashTable *may;      /* ids that may be there (being added) */
  GHashTable *sent;     /* ids the office confirmed: there as sent, or still queued whole */
} Expect;

/* Opens the queue left at `dir` as the next start would, and checks it against `expect`. */
static void
check_state (Fixture    *f,
             const char *dir,
             Expect     *expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *db_path = g_build_filename (dir, "queue.db", NULL);
  g_autofree char *bundles = g_build_filename (dir, "bundles", NULL);
  g_autoptr(GDir) listing = NULL;
  VtQueue *queue;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key;
  const char *name;

  queue = vt_queue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (queue);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, state, bundle FROM submissions", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *bundle = g_build_filename (dir, sqlite3_column_text (stmt, 2), NULL);

      /* Once: the id is the table's key, so a second row would have failed to insert; a
       * second bundle would be a file without a row, checked below. */
      g_assert_true (g_hash_table_add (seen, g_strdup (id)));
      g_assert_true (g_hash_table_contains (expect->must, id)
                     || g_hash_table_contains (expect->may, id));
      if (g_str_equal (state, "sent"))
        {
          g_assert_true (g_hash_table_contains (expect->sent, id));
          g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));
        }
      else
        assert_whole (f, bundle, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_hash_table_iter_init (&iter, expect->must);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (seen, key));

  /* Nothing else: no partial file, no bundle without its row. */
  listing = g_dir_open (bundles, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *id = g_str_has_suffix (name, ".vtb")
                            ? g_strndup (name, strlen (name) - 4) : NULL;
      g_assert_nonnull (id);
      g_assert_true (g_hash_table_contains (seen, id));
    }
}

static gboolean
tolerate_repairs_cb (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  /* A start after a power cut says what it repaired (a rebuilt database, adopted bundles):
   * expected here, and checked by what the queue holds afterwards. */
  return g_strcmp0 (log_domain, "vt-outbox") != 0;
}

static void
repairs_log_cb (const char     *log_domain,
                GLogLevelFlags  log_level,
                const char     *message,
                gpointer        user_data)
{
  g_test_message ("repair after the cut: %s", message);
}

/* Replays `log` over the tree the tool started from (`baseline`, a copy), checking a crash
 * state after every operation whose durable effect is new. */
static void
replay_all (Fixture    *f,
            const char *baseline,
            const char *log,
            Expect     *expect)
{
  g_autoptr(VtFsReplay) replay = NULL;
  guint last_version = G_MAXUINT;
  guint n;

  replay = vt_fs_replay_new (f->queue_dir, baseline, log);
  n = vt_fs_replay_n_ops (replay);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      const VtFsOp *op = vt_fs_replay_op (replay, i);
      gboolean last_of_version;

      vt_fs_replay_advance (replay, i);
      f->points++;
      g_assert_cmpint (op->kind, !=, VT_FS_OP_STRAY);
      if (op->kind == VT_FS_OP_MARK)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (op->data, NULL),
                                             g_bytes_get_size (op->data));
          g_auto(GStrv) words = g_strsplit (g_strstrip (text), " ", 2);

          if (g_str_equal (words[0], "confirmed"))
            g_hash_table_add (expect->must, g_strdup (words[1]));
        }
      /* Points that leave the same durable state are checked once, with the most that must
       * hold: the confirmations known at the last of them. */
      last_of_version = i + 1 == n
                        || vt_fs_replay_op (replay, i + 1)->kind == VT_FS_OP_FSYNC
                        || vt_fs_replay_op (replay, i + 1)->kind == VT_FS_OP_DIRSYNC;
      if (!last_of_version || vt_fs_replay_durable_version (replay) == last_version)
        continue;
      last_version = vt_fs_replay_durable_version (replay);
      {
        g_autofree char *dir = g_strdup_printf ("%s/crash-%u", f->work, i);

        vt_fs_replay_materialize (replay, dir);
        check_state (f, dir, expect);
        remove_tree (dir);
        f->states++;
      }
    }
}

/* A copy of the queue as the tool will find it. */
static char *
snapshot (Fixture    *f,
          const char *name)
{
  g_autofree char *dest = g_build_filename (f->work, name, NULL);
  g_autoptr(GSubprocess) cp = NULL;
  g_autoptr(GError) error = NULL;

  cp = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "cp", "-a", f->queue_dir, dest, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (cp, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dest);
}

/* The order that makes it work, read from the record: the bundle's bytes are synced before
 * its rename, the rename is synced (its folder) before the row's commit is. */
static void
assert_fsync_order (const char *root,
                    const char *baseline,
                    const char *log)
{
  g_autoptr(VtFsReplay) replay = vt_fs_replay_new (root, baseline, log);
  gint64 synced = -1, renamed = -1, folder = -1, committed = -1;
  guint64 partial_ino = 0;

  for (guint i = 0; i < vt_fs_replay_n_ops (replay); i++)
    {
      const VtFsOp *op = vt_fs_replay_op (replay, i);

      if (op->kind == VT_FS_OP_CREATE && g_str_has_suffix (op->path, ".vtb.partial"))
        partial_ino = op->ino;
      else if (op->kind == VT_FS_OP_FSYNC && op->ino == partial_ino && synced < 0)
        synced = i;
      else if (op->kind == VT_FS_OP_RENAME && g_str_has_suffix (op->path, ".vtb.partial"))
        renamed = i;
      else if (op->kind == VT_FS_OP_DIRSYNC && g_str_has_suffix (op->path, "/bundles")
               && renamed >= 0 && folder < 0)
        folder = i;
      else if (op->kind == VT_FS_OP_FSYNC && folder >= 0 && committed < 0)
        committed = i;  /* the first fsync after it: the WAL's, at COMMIT */
    }
  g_assert_cmpint (synced, >=, 0);
  g_assert_cmpint (synced, <, renamed);
  g_assert_cmpint (renamed, <, folder);
  g_assert_cmpint (folder, <, committed);
}

static void
test_power_cut (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();
  g_autoptr(VtTusHarness) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *baseline = NULL;
  g_autofree char *log = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  Expect expect;

  /* The upload half needs the real tus server (build-aux/install-deps --test). */
  g_assert_null (why);
  f->work = g_dir_make_tmp ("vt-power-cut-XXXXXX", &error);
  g_assert_no_error (error);
  f->queue_dir = g_build_filename (f->work, "queue", NULL);
  f->seeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  expect.must = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  expect.may = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  expect.sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_test_log_set_fatal_handler (tolerate_repairs_cb, NULL);
  g_log_set_handler ("vt-outbox", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_FLAG_FATAL,
                     repairs_log_cb, NULL);

  /* One submission already confirmed, the queue closed cleanly. */
  {
    g_autoptr(VtQueue) queue = vt_queue_open (f->queue_dir, &error);
    g_autoptr(GBytes) answers = vt_powercut_answers (1);
    g_autoptr(GPtrArray) attachments = vt_powercut_attachments (1);

    g_assert_no_error (error);
    first = vt_queue_add (queue, "copias-certificadas-exterior", 1, answers, attachments, NULL,
                          &error);
    g_assert_no_error (error);
    g_hash_table_insert (f->seeds, g_strdup (first), GUINT_TO_POINTER (1));
    g_hash_table_add (expect.must, g_strdup (first));
  }

  /* Adding a second: every write point of one enqueue. */
  baseline = snapshot (f, "baseline-enqueue");
  log = run_recorded (f, "enqueue", (const char *[]) { "enqueue", f->queue_dir, "2", NULL });
  {
    g_autofree char *marks_path = g_build_filename (f->work, "enqueue.marks", NULL);
    g_autofree char *marks = NULL;

    g_assert_true (g_file_get_contents (marks_path, &marks, NULL, NULL));
    g_assert_true (g_str_has_prefix (marks, "confirmed "));
    second = g_strndup (marks + strlen ("confirmed "), 36);
    g_hash_table_insert (f->seeds, g_strdup (second), GUINT_TO_POINTER (2));
    g_hash_table_add (expect.may, g_strdup (second));
  }
  assert_fsync_order (f->queue_dir, baseline, log);
  replay_all (f, baseline, log, &expect);
  g_assert_true (g_hash_table_contains (expect.must, second));
  g_test_message ("enqueue: %u write points, %u crash states", f->points, f->states);

  /* Uploading both: every write point of the upload's bookkeeping. */
  h = vt_tus_harness_start (NULL);
  g_clear_pointer (&baseline, g_free);
  g_clear_pointer (&log, g_free);
  baseline = snapshot (f, "baseline-upload");
  g_hash_table_add (expect.sent, g_strdup (first));
  g_hash_table_add (expect.sent, g_strdup (second));
  log = run_recorded (f, "upload", (const char *[]) { "upload", f->queue_dir, h->endpoint, NULL });
  f->points = f->states = 0;
  replay_all (f, baseline, log, &expect);
  g_test_message ("upload: %u write points, %u crash states", f->points, f->states);
  g_assert_cmpuint (vt_tus_harness_count_complete (h, "submission", first, NULL), >=, 1);
  g_assert_cmpuint (vt_tus_harness_count_complete (h, "submission", second, NULL), >=, 1);

  g_hash_table_unref (expect.must);
  g_hash_table_unref (expect.may);
  g_hash_table_unref (expect.sent);
  g_hash_table_unref (f->seeds);
  remove_tree (f->work);
  g_free (f->work);
  g_free (f->queue_dir);
}

/* A write that fails while sealing (a full disk) closes the bundle's stream before its
 * descriptor: nothing is written to that descriptor number afterwards, where a file another
 * thread opened meanwhile would receive the final encrypted message. */
static void
test_seal_failure_no_stray_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("vt-seal-fails-XXXXXX", &error);
  g_autofree char *shim = g_build_filename (g_getenv ("VT_BUILD_DIR"), "tests", "hardening",
                                            "libvt-fs-shim.so", NULL);
  g_autofree char *log = g_build_filename (work, "seal.log", NULL);
  g_autofree char *root = g_build_filename (work, "root", NULL);
  g_autofree char *baseline = g_build_filename (work, "baseline", NULL);
  g_autofree char *bundle = g_build_filename (root, "x.vtb.partial", NULL);
  g_autofree char *tool = tool_path ();
  g_autoptr(VtFsReplay) replay = NULL;
  guint writes = 0;
  guint strays = 0;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                       ":verify_asan_link_order=0", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (root, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (baseline, 0700), ==, 0);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", shim, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_ROOT", root, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_LOG", log, TRUE);
  /* Room for the clear header and one encrypted message, not for the rest. */
  g_subprocess_launcher_setenv (launcher, "VT_FSSHIM_FAIL_AFTER", "100000", TRUE);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, tool, "seal-fails", bundle, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  replay = vt_fs_replay_new (root, baseline, log);
  for (guint i = 0; i < vt_fs_replay_n_ops (replay); i++)
    {
      const VtFsOp *op = vt_fs_replay_op (replay, i);

      writes += op->kind == VT_FS_OP_WRITE;
      strays += op->kind == VT_FS_OP_STRAY;
    }
  /* It did write, and fail (the tool checks the error), and nothing went to the descriptor
   * after it was closed. */
  g_assert_cmpuint (writes, >, 0);
  g_assert_cmpuint (strays, ==, 0);
  g_clear_pointer (&replay, vt_fs_replay_free);
  g_remove (log);
  g_rmdir (root);
  g_rmdir (baseline);
  g_rmdir (work);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/power-cut/enqueue-and-upload", test_power_cut);
  g_test_add_func ("/hardening/sealing/write-failure-closes-stream-first",
                   test_seal_failure_no_stray_write);
  return g_test_run ();
}

/* test-queue-hardening.c — the queue keeps what it cannot prove unfinished, records each
 * bundle's SHA-256 as it is sealed, and gives codes no other kiosk and no seed can repeat; the
 * kiosk id never gives away the machine id.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-bundle.h"
#include "outbox/vt-kiosk-key.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

typedef struct
{
  char *root;
  char *dir;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
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
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("vt-queue-hardening-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->root, "queue", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
}

static GBytes *
answers (void)
{
  static const char json[] = "{\"procedure\": \"copias-certificadas-exterior\", \"answers\": "
                             "{\"nombres\": \"Prueba Sintética\"}}";

  return g_bytes_new_static (json, strlen (json));
}

static gboolean
expected_warning_cb (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  return FALSE;
}

/* A queue of schema 1 kept each submission in clear under submissions/<id>/ with its row in
 * queue.db. When that database is lost, a folder without a row can no longer be told from an
 * unfinished add: it may be a submission someone was given a code for. It stays. */
static void
test_legacy_folders_survive_rebuild (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *folder = g_build_filename (f->dir, "submissions", id, NULL);
  g_autofree char *answers_path = g_build_filename (folder, "answers.json", NULL);
  g_autofree char *photo = g_build_filename (folder, "foto_rostro.jpg", NULL);
  g_autofree char *db_path = g_build_filename (f->dir, "queue.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) queue = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (answers_path, "{\"nombres\": \"Prueba\"}", -1, NULL));
  g_assert_true (g_file_set_contents (photo, "\xff\xd8\xff fake jpeg", -1, NULL));
  /* The database is damaged beyond reading: it is moved aside and rebuilt from bundles. */
  g_assert_true (g_file_set_contents (db_path, "this is not a database, it was cut", -1, NULL));

  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*damaged*");
  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*left for a technician*");
  queue = vt_queue_open (f->dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (vt_queue_get_rebuilt (queue));
  g_assert_true (g_file_test (answers_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (photo, G_FILE_TEST_IS_REGULAR));

  /* And a second start, with the rebuilt database, still does not take them for leftovers. */
  g_clear_object (&queue);
  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*left for a technician*");
  queue = vt_queue_open (f->dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (g_file_test (photo, G_FILE_TEST_IS_REGULAR));
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

typedef struct
{
  GMainLoop *loop;
  char      *id;
  char      *sha256;
} Added;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Added *added = user_data;
  g_autoptr(GError) error = NULL;

  added->id = vt_queue_add_finish_with_sha256 (VT_QUEUE (source), result, NULL, &added->sha256,
                                               &error);
  g_assert_no_error (error);
  g_main_loop_quit (added->loop);
}

/* The SHA-256 is the bundle's as written, known when the add returns (for the receipt of this
 * submission), and in its row before anything could change the file. */
static void
test_sha256_at_sealing (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) queue = vt_queue_open (f->dir, &error);
  g_autoptr(GBytes) a = answers ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VtQueueItem) item = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *db_path = g_build_filename (f->dir, "queue.db", NULL);
  g_autofree char *stored = NULL;
  Added added = { loop, NULL, NULL };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  vt_queue_add_async (queue, "copias-certificadas-exterior", 1, a, NULL, NULL, added_cb, &added);
  g_main_loop_run (loop);
  g_assert_nonnull (added.sha256);
  item = vt_queue_get_item (queue, added.id, &error);
  g_assert_no_error (error);
  sha = file_sha256 (item->bundle_path);
  g_assert_cmpstr (added.sha256, ==, sha);

  /* Read straight from the database: the row had it from the start. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT bundle_sha256 FROM submissions WHERE id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, added.id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  stored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (stored, ==, sha);

  /* A change to the file is caught against it. */
  g_assert_true (vt_queue_item_verify (item, &error));
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (item->bundle_path, &contents, &len, NULL));
    contents[len / 2] ^= 0x20;
    g_assert_true (g_file_set_contents (item->bundle_path, contents, len, NULL));
  }
  g_assert_false (vt_queue_item_verify (item, &error));
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_CORRUPT);
  g_free (added.id);
  g_free (added.sha256);
}

/* GLib's generator is a seeded Mersenne Twister: two processes (or two kiosks imaged from one
 * disk) given the same seed would hand out the same codes. Codes come from the kernel. */
static void
test_codes_unpredictable (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 200; i++)
    {
      char *code;

      g_random_set_seed (42);
      code = vt_submission_code_new ("K7M");
      g_assert_true (g_str_has_prefix (code, "K7M-"));
      g_assert_cmpuint (strlen (code), ==, 8);
      g_hash_table_add (seen, code);
    }
  /* 30^4 random parts: 200 draws may collide once or twice, never all be the same. */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 195);
}

/* The kiosk's prefix starts every code it gives; a prefix outside the alphabet is refused, and
 * without one the prefix comes from the kiosk's own key. */
static void
test_code_prefix (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) queue = vt_queue_open (f->dir, &error);
  g_autoptr(GBytes) a = answers ();
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *prefix = NULL;

  g_assert_no_error (error);
  derived = vt_queue_dup_code_prefix (queue);
  g_assert_true (vt_kiosk_prefix_is_valid (derived));
  g_assert_false (vt_queue_set_code_prefix (queue, "K0M"));
  g_assert_false (vt_queue_set_code_prefix (queue, "K7MX"));
  g_assert_false (vt_queue_set_code_prefix (queue, "../"));
  prefix = vt_queue_dup_code_prefix (queue);
  g_assert_cmpstr (prefix, ==, derived);
  g_assert_true (vt_queue_set_code_prefix (queue, "Q4R"));
  id = vt_queue_add (queue, "copias-certificadas-exterior", 1, a, NULL, &code, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (code, "Q4R-"));
}

/* The kiosk id sent when none was provisioned is derived from the machine id for this
 * application alone, as sd_id128_get_machine_app_specific () derives it (checked against an
 * independent HMAC-SHA256 in Python): the machine id itself never leaves the kiosk. */
static void
test_kiosk_id_app_specific (void)
{
  static const char machine_id[] = "3d1219c7c4c5404aaa1f6d2a48adfda4\n";
  static const char python[] =
    "import hmac, hashlib\n"
    "key = bytes.fromhex('3d1219c7c4c5404aaa1f6d2a48adfda4')\n"
    "app = bytes.fromhex('5d1e3b870c4f429ab671e82d9305ca64')\n"
    "d = bytearray(hmac.new(key, app, hashlib.sha256).digest()[:16])\n"
    "d[6] = (d[6] & 0x0f) | 0x40\n"
    "d[8] = (d[8] & 0x3f) | 0x80\n"
    "print(d.hex())\n";
  g_autofree char *derived = vt_kiosk_id_from_machine_id (machine_id);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (derived);
  g_assert_cmpuint (strlen (derived), ==, 32);
  g_assert_null (strstr (machine_id, derived));
  g_assert_cmpint (derived[12], ==, '4');
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", "-c", python,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (out), ==, derived);
  /* Not a machine id: nothing rather than something made up. */
  g_assert_null (vt_kiosk_id_from_machine_id ("not-a-machine-id"));
}

/* The signing key is made once on the kiosk, kept readable by its owner only, and the same at
 * every start. */
static void
test_kiosk_key (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->root, VT_KIOSK_KEY_FILE, NULL);
  g_autofree char *first_pk = NULL;
  g_autofree char *second_pk = NULL;
  gboolean created = FALSE;
  guint8 *key;
  GStatBuf st;

  key = vt_kiosk_key_load_or_create (f->root, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  first_pk = vt_bundle_signing_public_key (key);
  vt_secret_key_free (key);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  key = vt_kiosk_key_load_or_create (f->root, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  second_pk = vt_bundle_signing_public_key (key);
  vt_secret_key_free (key);
  g_assert_cmpstr (first_pk, ==, second_pk);
  /* A damaged key file is not silently replaced: bundles already signed name the old key. */
  g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
  g_assert_null (vt_kiosk_key_load_or_create (f->root, NULL, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (expected_warning_cb, NULL);
  g_test_add ("/hardening/queue/legacy-folders-survive-rebuild", Fixture, NULL, fixture_set_up,
              test_legacy_folders_survive_rebuild, fixture_tear_down);
  g_test_add ("/hardening/queue/sha256-at-sealing", Fixture, NULL, fixture_set_up,
              test_sha256_at_sealing, fixture_tear_down);
  g_test_add_func ("/hardening/codes/unpredictable", test_codes_unpredictable);
  g_test_add ("/hardening/codes/kiosk-prefix", Fixture, NULL, fixture_set_up, test_code_prefix,
              fixture_tear_down);
  g_test_add_func ("/hardening/kiosk/id-app-specific", test_kiosk_id_app_specific);
  g_test_add ("/hardening/kiosk/signing-key", Fixture, NULL, fixture_set_up, test_kiosk_key,
              fixture_tear_down);
  return g_test_run ();
}

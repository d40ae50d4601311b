/* test-queue.c — the SQLite submission queue: schema, durable adds, codes, status, recovery.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"

#include "vt-test-identity.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

/* Codes avoid 0/O, 1/I/L and U, so that they can be read aloud and typed back. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef struct
{
  char    *root;       /* a fresh temporary folder */
  char    *dir;        /* root/queue, which vt_queue_open creates */
  VtQueue *queue;
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
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("vt-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->root, "queue", NULL);
  f->queue = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->queue);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* A worker thread drops its task, and with it a reference to the queue, a moment after
   * the callback ran in the main loop. */
  for (guint i = 0; f->queue != NULL && G_OBJECT (f->queue)->ref_count > 1 && i < 2000; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (f->queue != NULL)
    g_assert_finalize_object (f->queue);
  remove_tree (f->root);
  g_free (f->dir);
  g_free (f->root);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->queue);
  f->queue = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->queue);
}

/* A second connection to queue.db, as the office tools or a technician would open it. */
static sqlite3 *
open_db (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "queue.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_test_message ("%s: %s", sql, message);
  g_assert_null (message);
}

/* Random bytes in a file under root/captures, as the camera would leave them. */
/* An attachment with the contents of a file the test wrote. */
static VtAttachment *
attachment_from_file (const char *name,
                      const char *path,
                      const char *mime_type)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) data = g_file_load_bytes (file, NULL, NULL, NULL);

  g_assert_nonnull (data);
  return vt_attachment_new (name, mime_type, data);
}

static char *
make_file (Fixture    *f,
           const char *name,
           gsize       size,
           guint32     seed,
           GBytes    **out_bytes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *dir = g_build_filename (f->root, "captures", NULL);
  char *path = g_build_filename (dir, name, NULL);
  guint8 *data = g_malloc (size);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, (const char *)data, size, &error);
  g_assert_no_error (error);
  if (out_bytes != NULL)
    *out_bytes = g_bytes_new_take (data, size);
  else
    g_free (data);
  return path;
}

static GBytes *
answers_for (const VtTestPerson *person)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "procedure");
  json_builder_add_string_value (builder, "copias-certificadas-exterior");
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nombres");
  json_builder_add_string_value (builder, person->nombres);
  json_builder_set_member_name (builder, "apellidos");
  json_builder_add_string_value (builder, person->apellidos);
  json_builder_set_member_name (builder, "cedula");
  json_builder_add_string_value (builder, person->cedula);
  json_builder_set_member_name (builder, "correo");
  json_builder_add_string_value (builder, person->correo);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
json_from_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return parse_object (contents);
}

static JsonObject *
submission (Fixture    *f,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = vt_queue_dup_submission_json (f->queue, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return parse_object (json);
}

static JsonObject *
status (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = vt_queue_dup_status_json (f->queue, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  return parse_object (json);
}

static gint64
state_count (JsonObject *status_object,
             const char *state)
{
  return json_object_get_int_member (json_object_get_object_member (status_object, "states"),
                                     state);
}

static void
assert_code_format (const char *code)
{
  g_assert_nonnull (code);
  g_assert_cmpuint (strlen (code), ==, 8);
  g_assert_cmpint (code[3], ==, '-');
  for (guint i = 0; i < 8; i++)
    {
      if (i == 3)
        continue;
      if (strchr (code_alphabet, code[i]) == NULL)
        g_test_message ("code “%s” has “%c” at %u", code, code[i], i);
      g_assert_nonnull (strchr (code_alphabet, code[i]));
      g_assert_null (strchr ("01ILOU", code[i]));
    }
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static char *
add_simple (Fixture  *f,
            guint32   seed,
            char    **out_code)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (seed);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GError) error = NULL;
  char *id;

  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, answers, NULL, out_code,
                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Opens a queued submission's bundle as the office would (development key), into
 * root/office/<id>; returns that folder. */
static char *
unseal_submission (Fixture    *f,
                   const char *id)
{
  g_autoptr(JsonObject) object = submission (f, id);
  g_autofree char *key_path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                                "office-dev.sk", NULL);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autoptr(GError) error = NULL;
  guint8 *key = vt_bundle_load_secret_key (key_path, &error);
  char *folder;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  folder = vt_bundle_unseal (json_object_get_string_member (object, "bundle"), key, NULL, NULL,
                             office, NULL,
                             &error);
  vt_secret_key_free (key);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder;
}

static void
test_open_creates (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (f->dir, "queue.db", NULL);
  g_autofree char *submissions = g_build_filename (f->dir, "bundles", NULL);
  g_autofree char *journal = NULL;
  g_autofree char *fk_table = NULL;
  GStatBuf st;
  sqlite3 *db;

  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (submissions, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (g_stat (submissions, &st), ==, 0);
  /* Answers and captures are personal: only the kiosk's user may read them. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpstr (vt_queue_get_directory (f->queue), ==, f->dir);

  db = open_db (f);
  /* WAL is a property of the database file, so a second connection sees it. */
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  /* Schema 2 keeps what uploading needs. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info ('submissions')"
                                  " WHERE name IN ('bundle', 'bundle_size', 'bundle_sha256',"
                                  " 'attempts', 'last_error_class', 'last_error_message',"
                                  " 'upload_url', 'next_attempt_at')"), ==, 8);

  /* Attachments belong to their submission: the foreign key and its cascade are declared... */
  fk_table = query_text (db, "SELECT \"table\" FROM pragma_foreign_key_list ('attachments')");
  g_assert_cmpstr (fk_table, ==, "submissions");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_list ('attachments')"
                                  " WHERE on_delete = 'CASCADE'"), ==, 1);
  /* ... and enforced once foreign_keys is on, as the queue turns it on for its connection. */
  exec_sql (db, "PRAGMA foreign_keys = ON");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO attachments VALUES ('no-such-id', 'x', 'x.jpg',"
                                     " 'image/jpeg', 1, '00')", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM attachments"), ==, 0);
  sqlite3_close (db);
}

static void
test_open_keeps_data (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *id = add_simple (f, 7, &code);
  g_autoptr(JsonObject) before = submission (f, id);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) counts = NULL;
  sqlite3 *db;

  reopen (f);
  reopen (f);
  after = submission (f, id);
  g_assert_cmpstr (json_object_get_string_member (after, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "queued");
  g_assert_cmpint (json_object_get_int_member (after, "created_at"), ==,
                   json_object_get_int_member (before, "created_at"));
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 1);

  /* The migration ran once: the schema version did not move on reopening. */
  db = open_db (f);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  sqlite3_close (db);
}

static void
test_open_newer_schema (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) queue = NULL;
  sqlite3 *db;

  g_clear_object (&f->queue);
  db = open_db (f);
  exec_sql (db, "PRAGMA user_version = 3");
  sqlite3_close (db);

  /* A queue written by a newer Ventanilla is refused, not "migrated" backwards. */
  queue = vt_queue_open (f->dir, &error);
  g_assert_null (queue);
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE);
}

static void
test_add_copies (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (11);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GBytes) front_bytes = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autofree char *front = make_file (f, "front.jpg", 150001, 1, &front_bytes);
  g_autofree char *pdf = make_file (f, "doc.pdf", 70000, 2, &pdf_bytes);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *stored_answers = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *answers_path = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  gsize stored_len = 0;
  JsonArray *list;

  g_ptr_array_add (attachments, attachment_from_file ("cedula_anverso", front, "image/jpeg"));
  g_ptr_array_add (attachments, attachment_from_file ("documentos_certificar", pdf,
                                                      "application/pdf"));

  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 3, answers, attachments, &code,
                     &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  assert_code_format (code);

  object = submission (f, id);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "procedure"), ==,
                   "copias-certificadas-exterior");
  g_assert_cmpint (json_object_get_int_member (object, "procedure_version"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "queued");
  g_assert_cmpint (ABS (json_object_get_int_member (object, "created_at")
                        - g_get_real_time () / G_USEC_PER_SEC), <, 120);

  /* Only the sealed bundle is on the kiosk; the office opens it and finds everything. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "bundle"), f->dir));
  g_assert_false (json_object_has_member (object, "answers_file"));
  folder = unseal_submission (f, id);
  answers_path = g_build_filename (folder, "answers.json", NULL);
  g_file_get_contents (answers_path, &stored_answers, &stored_len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stored_answers, person->cedula));
  g_assert_nonnull (strstr (stored_answers, person->nombres));
  manifest_path = g_build_filename (folder, "manifest.json", NULL);
  manifest = json_from_file (manifest_path);
  g_assert_cmpstr (json_object_get_string_member (manifest, "submission_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (manifest, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (manifest, "procedure_version"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (manifest, "app_version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (manifest,
                                                                                 "answers"),
                                                  "cedula"), ==, person->cedula);

  list = json_object_get_array_member (manifest, "attachments");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      const char *name = json_object_get_string_member (item, "name");
      g_autofree char *path = g_build_filename (folder, "attachments",
                                                json_object_get_string_member (item, "file"),
                                                NULL);
      GBytes *original = g_str_equal (name, "cedula_anverso") ? front_bytes : pdf_bytes;
      const char *original_path = g_str_equal (name, "cedula_anverso") ? front : pdf;
      g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                             g_bytes_get_data (original, NULL),
                                                             g_bytes_get_size (original));
      g_autofree char *copy = NULL;
      gsize copy_len = 0;

      /* The capture itself is left in place. */
      g_assert_true (g_file_test (original_path, G_FILE_TEST_IS_REGULAR));
      g_file_get_contents (path, &copy, &copy_len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (copy, copy_len, g_bytes_get_data (original, NULL),
                       g_bytes_get_size (original));
      g_assert_cmpint (json_object_get_int_member (item, "size"), ==,
                       g_bytes_get_size (original));
      g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, sha256);
      g_assert_cmpstr (json_object_get_string_member (item, "mime_type"), ==,
                       g_str_equal (name, "cedula_anverso") ? "image/jpeg" : "application/pdf");
      g_assert_true (g_str_has_suffix (path, g_str_equal (name, "cedula_anverso") ? ".jpg"
                                                                               : ".pdf"));
    }
}

static void
test_code_format (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean used[256] = { FALSE };

  for (guint i = 0; i < 5000; i++)
    {
      char *code = vt_submission_code_new (NULL);

      assert_code_format (code);
      for (guint j = 0; j < 8; j++)
        used[(guchar)code[j]] = TRUE;
      g_hash_table_add (seen, code);
    }
  /* 30^7 codes: 5,000 draws almost never collide, and every allowed character shows up. */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 4995);
  for (guint i = 0; code_alphabet[i]; i++)
    g_assert_true (used[(guchar)code_alphabet[i]]);
}

static void
test_add_unique (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *submissions = g_build_filename (f->dir, "bundles", NULL);
  g_autoptr(JsonObject) counts = NULL;

  for (guint i = 0; i < 200; i++)
    {
      char *code = NULL;
      char *id = add_simple (f, i, &code);

      assert_code_format (code);
      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_true (g_hash_table_add (ids, id));
      g_assert_true (g_hash_table_add (codes, code));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 200);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 200);
  g_assert_cmpuint (count_entries (submissions), ==, 200);
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 200);
  g_assert_cmpint (state_count (counts, "queued"), ==, 200);
}

static void
test_status_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) empty = status (f);
  g_autoptr(JsonObject) counts = NULL;
  g_autoptr(GDateTime) oldest = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_assert_cmpint (json_object_get_int_member (empty, "total"), ==, 0);
  g_assert_cmpint (state_count (empty, "queued"), ==, 0);
  g_assert_cmpint (state_count (empty, "uploading"), ==, 0);
  g_assert_cmpint (state_count (empty, "needs-attention"), ==, 0);
  g_assert_cmpint (state_count (empty, "sent"), ==, 0);
  g_assert_true (json_object_has_member (empty, "oldest_queued"));
  g_assert_true (json_object_get_null_member (empty, "oldest_queued"));

  a = add_simple (f, 1, NULL);
  b = add_simple (f, 2, NULL);
  c = add_simple (f, 3, NULL);
  d = add_simple (f, 4, NULL);

  /* Move rows the way the uploader will: one sent, one in trouble, and the oldest queued one
   * made older, so that "oldest_queued" must be that one and not merely the newest. */
  db = open_db (f);
  sql = g_strdup_printf ("UPDATE submissions SET state = 'sent', created_at = 1000 WHERE id = '%s';"
                         "UPDATE submissions SET state = 'needs-attention' WHERE id = '%s';"
                         "UPDATE submissions SET created_at = 946684800 WHERE id = '%s';",
                         a, b, c);
  exec_sql (db, sql);
  sqlite3_close (db);

  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 4);
  g_assert_cmpint (state_count (counts, "queued"), ==, 2);
  g_assert_cmpint (state_count (counts, "uploading"), ==, 0);
  g_assert_cmpint (state_count (counts, "needs-attention"), ==, 1);
  g_assert_cmpint (state_count (counts, "sent"), ==, 1);
  /* 946684800 is 2000-01-01T00:00:00Z; the sent row's older time does not count. */
  oldest = g_date_time_new_from_iso8601 (json_object_get_string_member (counts, "oldest_queued"),
                                         NULL);
  g_assert_nonnull (oldest);
  g_assert_cmpint (g_date_time_to_unix (oldest), ==, 946684800);
}

static void
test_status_no_personal_data (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (20260131);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *answers_path = NULL;

  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, answers, NULL, &code, &error);
  g_assert_no_error (error);

  /* The data is in the queue (or the check below would prove nothing)... */
  folder = unseal_submission (f, id);
  answers_path = g_build_filename (folder, "answers.json", NULL);
  g_file_get_contents (answers_path, &stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stored, person->cedula));
  g_assert_nonnull (strstr (stored, person->nombres));

  /* ... and none of it in the status a technician may print or paste into a ticket. */
  json = vt_queue_dup_status_json (f->queue, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (json, person->cedula));
  g_assert_null (strstr (json, person->nombres));
  g_assert_null (strstr (json, person->apellidos));
  g_assert_null (strstr (json, person->correo));
  g_assert_null (strstr (json, id));
  g_assert_null (strstr (json, code));
}

/* Turns the fixture's queue into one an older version (schema 1, clear copies under
 * submissions/<id>/) left: the database those adds wrote, with `legacy_id` as a finished
 * submission (code `code`) when not NULL. */
static void
make_schema1 (Fixture    *f,
              const char *legacy_id,
              const char *code)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *db_path = g_build_filename (f->dir, "queue.db", NULL);
  sqlite3 *db = NULL;

  g_assert_finalize_object (f->queue);
  f->queue = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
    }
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE submissions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
                " procedure_id TEXT NOT NULL, procedure_version INTEGER NOT NULL,"
                " created_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'queued'"
                " CHECK (state IN ('queued', 'uploading', 'needs-attention', 'sent')),"
                " folder TEXT NOT NULL, answers_file TEXT NOT NULL);"
                "CREATE INDEX submissions_by_state ON submissions (state, created_at);"
                "CREATE TABLE attachments (submission_id TEXT NOT NULL REFERENCES submissions (id)"
                " ON DELETE CASCADE, name TEXT NOT NULL, file TEXT NOT NULL,"
                " mime_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
                " PRIMARY KEY (submission_id, name));"
                "PRAGMA user_version = 1;");
  if (legacy_id != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO submissions VALUES ('%s', '%s',"
                                              " 'copias-certificadas-exterior', 1, 1767225600,"
                                              " 'queued', '%s', 'answers.json')",
                                              legacy_id, code, legacy_id);
      g_autofree char *folder = g_build_filename (f->dir, "submissions", legacy_id, NULL);
      g_autofree char *answers = g_build_filename (folder, "answers.json", NULL);

      exec_sql (db, sql);
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_true (g_file_set_contents (answers, "{\"procedure\": \"copias-certificadas-"
                                          "exterior\", \"answers\": {\"nombres\": "
                                          "\"Prueba\"}}", -1, NULL));
    }
  sqlite3_close (db);
}

static void
test_orphans_removed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *kept = g_uuid_string_random ();
  g_autofree char *orphan_id = g_uuid_string_random ();
  g_autofree char *orphan = g_build_filename (f->dir, "submissions", orphan_id, NULL);
  g_autofree char *orphan_file = g_build_filename (orphan, "cedula_anverso.jpg", NULL);
  g_autofree char *orphan_sub = g_build_filename (orphan, "partial", NULL);
  g_autofree char *orphan_sub_file = g_build_filename (orphan_sub, "chunk", NULL);
  g_autofree char *kept_folder = g_build_filename (f->dir, "submissions", kept, NULL);
  g_autoptr(JsonObject) after = NULL;

  make_schema1 (f, kept, "K7M-4QXD");
  /* What an add of that version interrupted by a power cut left: a folder with files and no
   * row, in the database those adds wrote. */
  g_assert_cmpint (g_mkdir_with_parents (orphan_sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (orphan_file, "\xff\xd8\xff partial", -1, NULL));
  g_assert_true (g_file_set_contents (orphan_sub_file, "x", -1, NULL));

  f->queue = vt_queue_open (f->dir, NULL);
  g_assert_nonnull (f->queue);

  /* The orphan goes; the finished one is sealed with its code, and its clear copy goes. */
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (kept_folder, G_FILE_TEST_EXISTS));
  after = submission (f, kept);
  g_assert_cmpstr (json_object_get_string_member (after, "code"), ==, "K7M-4QXD");
  g_assert_true (g_file_test (json_object_get_string_member (after, "bundle"),
                              G_FILE_TEST_IS_REGULAR));
}

/* An orphan entry that is a symbolic link must be removed as a link: following it would delete
 * files elsewhere on the kiosk. */
static void
test_orphan_symlink (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (f->root, "outside", NULL);
  g_autofree char *precious = g_build_filename (outside, "precious.txt", NULL);
  g_autofree char *submissions = g_build_filename (f->dir, "submissions", NULL);
  g_autofree char *link = g_build_filename (submissions, "stale-link", NULL);

  /* Folders of schema 1 (clear copies) are still cleaned up where an old kiosk left them. */
  make_schema1 (f, NULL, NULL);
  g_assert_cmpint (g_mkdir_with_parents (submissions, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (g_file_set_contents (precious, "keep me", -1, NULL));
  g_assert_cmpint (symlink (outside, link), ==, 0);

  f->queue = vt_queue_open (f->dir, NULL);
  g_assert_nonnull (f->queue);

  /* The link went as a link; what it pointed to is untouched. */
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS) || g_file_test (link,
                                                                        G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (precious, G_FILE_TEST_IS_REGULAR));
}

static void
test_add_bad_attachment_undone (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (3);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autofree char *good = make_file (f, "good.jpg", 4096, 9, NULL);
  g_autofree char *submissions = g_build_filename (f->dir, "bundles", NULL);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GBytes) tiny = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) counts = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;
  g_autofree char *first = add_simple (f, 1, NULL);
  sqlite3 *db;

  g_ptr_array_add (attachments, attachment_from_file ("cedula_anverso", good, "image/jpeg"));
  /* A name that would leave the submission's folder is refused after the first file is
   * already written: the add must undo it. */
  g_ptr_array_add (attachments, vt_attachment_new ("../fuera", "image/jpeg", tiny));

  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, answers, attachments, &code,
                     &error);
  g_assert_null (id);
  g_assert_null (code);
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO);
  g_assert_cmpstr (error->message, !=, "");

  /* Nothing half-stored: no row, no attachment row, no folder beside the first submission. */
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 1);
  g_assert_cmpuint (count_entries (submissions), ==, 1);
  db = open_db (f);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM attachments"), ==, 0);
  sqlite3_close (db);
  /* The capture that did exist is untouched. */
  g_assert_true (g_file_test (good, G_FILE_TEST_IS_REGULAR));
}

static void
test_submission_not_found (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json = vt_queue_dup_submission_json (f->queue, id, &error);

  g_assert_null (json);
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GPtrArray *ids;
  GPtrArray *codes;
  GError    *error;
} AsyncData;

static void
add_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  AsyncData *data = user_data;
  char *code = NULL;
  char *id;

  /* Called back in the thread that started the add, the test's main context. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  id = vt_queue_add_finish (VT_QUEUE (source), result, &code, &data->error);
  if (id != NULL)
    {
      g_ptr_array_add (data->ids, id);
      g_ptr_array_add (data->codes, code);
    }
  if (--data->pending == 0)
    g_main_loop_quit (data->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("vt_queue_add_async () did not call back within 60 s");
  return G_SOURCE_REMOVE;
}

static void
test_add_async (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) photo_bytes = NULL;
  g_autofree char *photo = make_file (f, "face.jpg", 300000, 4, &photo_bytes);
  g_autoptr(JsonObject) counts = NULL;
  AsyncData async = { loop, 0, ids, codes, NULL };
  guint timeout;

  /* Several at once, as two kiosk windows or a retry could: each in its own thread. */
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (100 + i);
      g_autoptr(GBytes) answers = answers_for (person);
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
        (GDestroyNotify)vt_attachment_free);

      g_ptr_array_add (attachments, attachment_from_file ("foto_rostro", photo, "image/jpeg"));
      async.pending++;
      vt_queue_add_async (f->queue, "actualizacion-contacto-exterior", 1, answers, attachments,
                          NULL, add_cb, &async);
    }
  timeout = g_timeout_add_seconds (60, timeout_cb, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);

  g_assert_no_error (async.error);
  g_assert_cmpuint (ids->len, ==, 8);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) object = submission (f, g_ptr_array_index (ids, i));
      g_autofree char *folder = unseal_submission (f, g_ptr_array_index (ids, i));
      g_autofree char *manifest_path = g_build_filename (folder, "manifest.json", NULL);
      g_autoptr(JsonObject) manifest = json_from_file (manifest_path);
      JsonArray *list = json_object_get_array_member (manifest, "attachments");
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo_bytes);

      assert_code_format (g_ptr_array_index (codes, i));
      g_assert_true (g_hash_table_add (unique, g_ptr_array_index (codes, i)));
      g_assert_cmpstr (json_object_get_string_member (object, "code"), ==,
                       g_ptr_array_index (codes, i));
      g_assert_cmpuint (json_array_get_length (list), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                      "sha256"), ==, sha256);
    }
  counts = status (f);
  g_assert_cmpint (state_count (counts, "queued"), ==, 8);
}

static void
test_add_async_error (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VtTestPerson) person = vt_test_person_new (8);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GBytes) tiny = g_bytes_new_static ("x", 1);
  AsyncData async = { loop, 1, ids, codes, NULL };

  g_ptr_array_add (attachments, vt_attachment_new ("video/autorizacion", "video/mp4", tiny));
  vt_queue_add_async (f->queue, "actualizacion-contacto-exterior", 1, answers, attachments, NULL,
                      add_cb, &async);
  g_main_loop_run (loop);

  g_assert_error (async.error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_IO);
  g_clear_error (&async.error);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
add_queue_test (const char *path,
                void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_queue_test ("/queue/open/creates-database", test_open_creates);
  add_queue_test ("/queue/open/keeps-data", test_open_keeps_data);
  add_queue_test ("/queue/open/newer-schema", test_open_newer_schema);
  add_queue_test ("/queue/open/removes-orphans", test_orphans_removed);
  add_queue_test ("/queue/open/orphan-symlink", test_orphan_symlink);
  add_queue_test ("/queue/add/copies-attachments", test_add_copies);
  add_queue_test ("/queue/add/unique", test_add_unique);
  add_queue_test ("/queue/add/bad-attachment-undone", test_add_bad_attachment_undone);
  add_queue_test ("/queue/add/async", test_add_async);
  add_queue_test ("/queue/add/async-error", test_add_async_error);
  add_queue_test ("/queue/status/counts", test_status_counts);
  add_queue_test ("/queue/status/no-personal-data", test_status_no_personal_data);
  add_queue_test ("/queue/submission/not-found", test_submission_not_found);
  g_test_add_func ("/queue/code/format", test_code_format);

  return g_test_run ();
}

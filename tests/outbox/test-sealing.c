/* test-sealing.c — nothing readable on the kiosk: session encryption, sealed bundles, the
 * queue rebuilt from them, a full disk, and the office tool run as a real process.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-procedure.h"
#include "wizard/vt-session.h"
#include "vt-application.h"

#include "vt-test-identity.h"
#include "vt-test-office.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct
{
  char    *root;
  char    *queue_dir;
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

  f->root = g_dir_make_tmp ("vt-seal-XXXXXX", &error);
  g_assert_no_error (error);
  f->queue_dir = g_build_filename (f->root, "queue", NULL);
  f->queue = vt_queue_open (f->queue_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->queue != NULL)
    g_assert_finalize_object (f->queue);
  remove_tree (f->root);
  g_free (f->queue_dir);
  g_free (f->root);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->queue);
  f->queue = vt_queue_open (f->queue_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->queue);
}

static char *
dev_key_path (void)
{
  return g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys", "office-dev.sk", NULL);
}

static guint8 *
dev_secret_key (void)
{
  g_autofree char *path = dev_key_path ();
  g_autoptr(GError) error = NULL;
  guint8 *key = vt_bundle_load_secret_key (path, &error);

  g_assert_no_error (error);
  return key;
}

static GBytes *
random_bytes (gsize   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, size);
}

static GBytes *
answers_for (const VtTestPerson *person)
{
  char *json = g_strdup_printf ("{\"procedure\": \"copias-certificadas-exterior\","
                                " \"answers\": {\"nombres\": \"%s\", \"apellidos\": \"%s\","
                                " \"cedula\": \"%s\", \"correo\": \"%s\"}}",
                                person->nombres, person->apellidos, person->cedula,
                                person->correo);
  return g_bytes_new_take (json, strlen (json));
}

/* An attachment whose bytes contain the person's name, as a scanned form would. */
static GPtrArray *
attachments_for (const VtTestPerson *person,
                 gsize               photo_size)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_attachment_free);
  g_autofree char *form = g_strdup_printf ("%%PDF-1.4 Nombre: %s %s, cédula %s", person->nombres,
                                           person->apellidos, person->cedula);
  g_autoptr(GBytes) form_bytes = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) photo = random_bytes (photo_size, 7);

  g_ptr_array_add (list, vt_attachment_new ("formulario", "application/pdf", form_bytes));
  g_ptr_array_add (list, vt_attachment_new ("foto_rostro", "image/jpeg", photo));
  return list;
}

/* Occurrences of `needle` in every file under `path`. */
static guint
count_hits (const char *path,
            const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint hits = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &contents, &len, NULL)
          && g_strstr_len (contents, len, needle) != NULL)
        hits++;
      return hits;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      hits += count_hits (child, needle);
    }
  return hits;
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
add (Fixture            *f,
     const VtTestPerson *person,
     gsize               photo_size,
     char              **out_code)
{
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GPtrArray) attachments = attachments_for (person, photo_size);
  g_autoptr(GError) error = NULL;
  char *id;

  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 2, answers, attachments, out_code,
                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static char *
bundle_path (Fixture    *f,
             const char *id)
{
  return g_strconcat (f->queue_dir, "/bundles/", id, ".vtb", NULL);
}

/* Secret streams */

static void
test_stream_round_trip (void)
{
  const gsize sizes[] = { 0, 1, VT_SECRET_CHUNK_BYTES - 1, VT_SECRET_CHUNK_BYTES,
                          VT_SECRET_CHUNK_BYTES + 1, 3 * VT_SECRET_CHUNK_BYTES + 17 };
  guint8 *key = vt_secret_key_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = random_bytes (sizes[i], i);
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
      g_autoptr(GOutputStream) out = vt_secret_output_stream_new (sink, key, NULL);
      g_autoptr(GBytes) cipher = NULL;
      g_autoptr(GInputStream) source = NULL;
      g_autoptr(GInputStream) in = NULL;
      g_autoptr(GOutputStream) back = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) decrypted = NULL;
      g_autoptr(GError) error = NULL;
      gsize done = 0;

      /* Odd write sizes, as a muxer's buffers are. */
      while (done < sizes[i])
        {
          gsize n = MIN (sizes[i] - done, 1000 + done % 7777);
          g_assert_true (g_output_stream_write_all (out, (const guint8 *)g_bytes_get_data (plain,
                                                                                        NULL)
                                                    + done, n, NULL, NULL, &error));
          done += n;
        }
      g_assert_true (g_output_stream_close (out, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (vt_secret_output_stream_get_plain_size (VT_SECRET_OUTPUT_STREAM (out)),
                        ==, sizes[i]);
      cipher = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      g_assert_cmpuint (g_bytes_get_size (cipher), >, sizes[i]);

      source = g_memory_input_stream_new_from_bytes (cipher);
      in = vt_secret_input_stream_new (source, key, NULL);
      g_output_stream_splice (back, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
      g_assert_no_error (error);
      decrypted = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (back));
      g_assert_true (g_bytes_equal (decrypted, plain));
    }
  vt_secret_key_free (key);
}

static GError *
decrypt_error (GBytes       *cipher,
               const guint8 *key)
{
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_bytes (cipher);
  g_autoptr(GInputStream) in = vt_secret_input_stream_new (source, key, NULL);
  g_autoptr(GOutputStream) back = g_memory_output_stream_new_resizable ();
  GError *error = NULL;

  g_output_stream_splice (back, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, &error);
  return error;
}

static void
test_stream_tampered (void)
{
  guint8 *key = vt_secret_key_new ();
  guint8 *other = vt_secret_key_new ();
  g_autoptr(GBytes) plain = random_bytes (2 * VT_SECRET_CHUNK_BYTES + 5, 3);
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = vt_secret_output_stream_new (sink, key, NULL);
  g_autoptr(GBytes) cipher = NULL;
  gsize size;
  const guint8 *data;
  const gsize cuts[] = { 0, 10, 24, 24 + VT_SECRET_CHUNK_BYTES + 17, 24 + 2 * (VT_SECRET_CHUNK_BYTES + 17) };

  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (plain, NULL),
                                            g_bytes_get_size (plain), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  cipher = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  data = g_bytes_get_data (cipher, &size);

  /* The wrong key opens nothing. */
  {
    g_autoptr(GError) error = decrypt_error (cipher, other);
    g_assert_error (error, VT_SECRET_STREAM_ERROR, VT_SECRET_STREAM_ERROR_CORRUPT);
  }
  /* One flipped bit anywhere is refused. */
  for (gsize pos = 0; pos < size; pos += 997)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GError) error = NULL;

      copy[pos] ^= 0x01;
      bad = g_bytes_new (copy, size);
      error = decrypt_error (bad, key);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VT_SECRET_STREAM_ERROR);
    }
  /* A stream cut at a message boundary or inside one never reads as complete. */
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, cuts[i]);
      g_autoptr(GError) error = decrypt_error (cut, key);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VT_SECRET_STREAM_ERROR);
    }
  /* Nor may anything follow the final message. */
  {
    g_autofree guint8 *longer = g_malloc (size + 1);
    g_autoptr(GBytes) extra = NULL;
    g_autoptr(GError) error = NULL;

    memcpy (longer, data, size);
    longer[size] = 'x';
    extra = g_bytes_new (longer, size + 1);
    error = decrypt_error (extra, key);
    /* The extra byte joins the last message, which then fails like a damaged one. */
    g_assert_nonnull (error);
    g_assert_true (error->domain == VT_SECRET_STREAM_ERROR);
  }
  vt_secret_key_free (key);
  vt_secret_key_free (other);
}

/* Session */

static void
test_session_encrypted_and_wiped (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtTestPerson) person = vt_test_person_new (4242);
  g_autoptr(GError) error = NULL;
  g_autofree char *sessions = g_build_filename (f->root, "sessions", NULL);
  g_autofree char *photo_text = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GOutputStream) video = NULL;
  g_autoptr(GBytes) video_back = NULL;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *workdir = NULL;
  const char *name;
  guint8 *stolen_key;

  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  session = vt_session_new (g_ptr_array_index (procedures, 0), sessions, &error);
  g_assert_no_error (error);
  vt_session_set_answer (session, "nombres", person->nombres);

  photo_text = g_strdup_printf ("JPEG %s %s %s", person->nombres, person->apellidos,
                                person->cedula);
  photo = g_bytes_new (photo_text, strlen (photo_text));
  g_assert_true (vt_session_store_capture (session, "cedula_anverso", "image/jpeg", photo,
                                           &error));
  g_assert_no_error (error);

  /* The video arrives through a stream, as the camera muxes it. */
  video = vt_session_begin_capture (session, "video_autorizacion", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    g_assert_true (g_output_stream_write_all (video, photo_text, strlen (photo_text), NULL, NULL,
                                              &error));
  g_assert_true (vt_session_finish_capture (session, "video_autorizacion", "video/mp4", video,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (vt_session_get_capture_size (session, "video_autorizacion"), ==,
                   200 * strlen (photo_text));
  g_assert_cmpint (vt_session_get_capture_size (session, "cedula_anverso"), ==,
                   strlen (photo_text));

  /* Read back through the session: the same bytes. */
  back = vt_session_read_capture (session, "cedula_anverso", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, photo));
  video_back = vt_session_read_capture (session, "video_autorizacion", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (video_back), ==, 200 * strlen (photo_text));

  /* On disk: two files, and not one of the person's details in them. */
  g_assert_cmpuint (count_hits (sessions, person->cedula), ==, 0);
  g_assert_cmpuint (count_hits (sessions, person->apellidos), ==, 0);
  g_assert_cmpuint (count_hits (sessions, person->nombres), ==, 0);
  g_assert_cmpuint (count_hits (sessions, "JPEG"), ==, 0);

  /* Someone copies the files while the session runs; without the key they stay unreadable. */
  dir = g_dir_open (sessions, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  workdir = g_build_filename (sessions, name, NULL);
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (workdir, 0, &error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (workdir, name, NULL);
      g_autofree char *copy = g_build_filename (f->root, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (copy, contents, len, NULL));
      g_ptr_array_add (copies, g_steal_pointer (&copy));
    }
  g_assert_cmpuint (copies->len, ==, 2);

  vt_session_discard (session);
  g_assert_false (g_file_test (workdir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (sessions), ==, 0);
  g_assert_false (vt_session_has_capture (session, "cedula_anverso"));
  g_assert_null (vt_session_read_capture (session, "cedula_anverso", NULL));

  stolen_key = vt_secret_key_new ();
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GBytes) opened = vt_secret_read_file (g_ptr_array_index (copies, i), stolen_key,
                                                      &local);
      g_assert_null (opened);
      g_assert_error (local, VT_SECRET_STREAM_ERROR, VT_SECRET_STREAM_ERROR_CORRUPT);
    }
  vt_secret_key_free (stolen_key);
}

/* Bundles */

static void
test_bundle_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (77);
  g_autofree char *code = NULL;
  g_autofree char *id = add (f, person, 300000, &code);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *photo_path = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *bundle = bundle_path (f, id);
  g_autoptr(VtBundleHeader) header = NULL;
  g_autoptr(VtBundleHeader) clear = NULL;
  g_autoptr(GBytes) expected_photo = random_bytes (300000, 7);
  g_autoptr(GError) error = NULL;
  guint8 *key = dev_secret_key ();
  gsize len;

  /* Nothing of the person anywhere in the queue's folder. */
  g_assert_cmpuint (count_hits (f->queue_dir, person->cedula), ==, 0);
  g_assert_cmpuint (count_hits (f->queue_dir, person->apellidos), ==, 0);
  g_assert_cmpuint (count_hits (f->queue_dir, person->correo), ==, 0);
  g_assert_cmpuint (count_hits (f->queue_dir, "%PDF"), ==, 0);

  /* The clear header is enough to rebuild the queue and says nothing personal. */
  clear = vt_bundle_read_header (bundle, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clear->submission_id, ==, id);
  g_assert_cmpstr (clear->code, ==, code);
  g_assert_cmpstr (clear->procedure_id, ==, "copias-certificadas-exterior");
  g_assert_cmpuint (clear->n_attachments, ==, 2);

  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  folder = vt_bundle_unseal (bundle, key, NULL, NULL, office, &header, &error);
  vt_secret_key_free (key);
  g_assert_no_error (error);
  g_assert_cmpstr (header->submission_id, ==, id);

  manifest_path = g_build_filename (folder, "manifest.json", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  g_assert_nonnull (strstr (manifest, person->cedula));
  g_assert_nonnull (strstr (manifest, id));
  g_assert_nonnull (strstr (manifest, "\"app_version\" : \"" PACKAGE_VERSION "\""));
  photo_path = g_build_filename (folder, "attachments", "foto_rostro.jpg", NULL);
  g_assert_true (g_file_get_contents (photo_path, &photo, &len, NULL));
  g_assert_cmpmem (photo, len, g_bytes_get_data (expected_photo, NULL),
                   g_bytes_get_size (expected_photo));

  /* Opening it twice would overwrite the first copy: refused. */
  key = dev_secret_key ();
  g_assert_null (vt_bundle_unseal (bundle, key, NULL, NULL, office, NULL, &error));
  vt_secret_key_free (key);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_EXISTS);
}

static void
assert_refused (const char *path,
                const char *office)
{
  guint8 *key = dev_secret_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = vt_bundle_unseal (path, key, NULL, NULL, office, NULL, &error);

  vt_secret_key_free (key);
  g_assert_null (folder);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  /* Nothing half-opened stays behind. */
  g_assert_cmpuint (count_entries (office), ==, 0);
}

static void
test_bundle_tampered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (78);
  g_autofree char *id = add (f, person, 3000, NULL);
  g_autofree char *bundle = bundle_path (f, id);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autofree char *bad = g_build_filename (f->root, "bad.vtb", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (bundle, &contents, &len, NULL));
  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);

  /* Every single byte: clear header, sealed key, stream header, manifest, attachments, tag. */
  for (gsize pos = 0; pos < len; pos++)
    {
      contents[pos] ^= 0x20;
      g_assert_true (g_file_set_contents (bad, contents, len, NULL));
      contents[pos] ^= 0x20;
      assert_refused (bad, office);
    }
}

static void
test_bundle_truncated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (79);
  g_autofree char *id = add (f, person, 200000, NULL);
  g_autofree char *bundle = bundle_path (f, id);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autofree char *bad = g_build_filename (f->root, "short.vtb", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize cuts[8];

  g_assert_true (g_file_get_contents (bundle, &contents, &len, NULL));
  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  cuts[0] = 0;
  cuts[1] = 5;
  cuts[2] = 100;
  cuts[3] = len / 4;
  cuts[4] = len / 2;
  cuts[5] = len - VT_SECRET_CHUNK_BYTES - 17;
  cuts[6] = len - 17;
  cuts[7] = len - 1;
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_assert_true (g_file_set_contents (bad, contents, cuts[i], NULL));
      assert_refused (bad, office);
    }
}

static void
test_kiosk_cannot_open (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (80);
  g_autofree char *id = add (f, person, 1000, NULL);
  g_autofree char *bundle = bundle_path (f, id);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  guint8 public_key[32];
  guint8 other_secret[32];
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  /* All the kiosk holds is the public key: used as a secret key, it opens nothing. */
  g_assert_true (vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY, public_key, NULL));
  g_assert_null (vt_bundle_unseal (bundle, public_key, NULL, NULL, office, NULL, &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEY);
  g_clear_error (&error);
  /* Nor does any other key. */
  randombytes_buf (other_secret, sizeof other_secret);
  g_assert_null (vt_bundle_unseal (bundle, other_secret, NULL, NULL, office, NULL, &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEY);
  g_assert_cmpuint (count_entries (office), ==, 0);
}

/* Queue rebuild and power cuts */

static sqlite3 *
open_db (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->queue_dir, "queue.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
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

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
status (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = vt_queue_dup_status_json (f->queue, &error);

  g_assert_no_error (error);
  return parse_object (json);
}

static void
assert_has (Fixture    *f,
            const char *id,
            const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = vt_queue_dup_submission_json (f->queue, id, &error);
  g_autoptr(JsonObject) object = NULL;

  g_assert_no_error (error);
  object = parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (object, "procedure"), ==,
                   "copias-certificadas-exterior");
}

static void
test_rebuild_deleted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtTestPerson) a = vt_test_person_new (1);
  g_autoptr(VtTestPerson) b = vt_test_person_new (2);
  g_autofree char *code_a = NULL;
  g_autofree char *code_b = NULL;
  g_autofree char *id_a = add (f, a, 100, &code_a);
  g_autofree char *id_b = add (f, b, 100, &code_b);
  g_autofree char *db_path = g_build_filename (f->queue_dir, "queue.db", NULL);
  g_autoptr(JsonObject) counts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_queue_get_rebuilt (f->queue));
  g_assert_finalize_object (g_steal_pointer (&f->queue));
  g_assert_cmpint (g_unlink (db_path), ==, 0);

  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*restored to the queue*");
  f->queue = vt_queue_open (f->queue_dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (vt_queue_get_rebuilt (f->queue));
  assert_has (f, id_a, code_a);
  assert_has (f, id_b, code_b);
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 2);
  g_assert_true (json_object_get_boolean_member (counts, "rebuilt"));

  /* The next start finds nothing to repair. */
  reopen (f);
  g_assert_false (vt_queue_get_rebuilt (f->queue));
}

static void
test_rebuild_truncated (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (f->queue_dir, "queue.db", NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) counts = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *check = NULL;
  gsize len = 0;
  guint damaged = 0;
  sqlite3 *db;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (500 + i);
      char *code = NULL;

      g_ptr_array_add (ids, add (f, person, 10, &code));
      g_ptr_array_add (codes, code);
    }
  g_assert_finalize_object (g_steal_pointer (&f->queue));

  /* A power cut in the middle of a write leaves a shorter file. */
  g_assert_true (g_file_get_contents (db_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  g_assert_true (g_file_set_contents (db_path, contents, len / 2 + 100, NULL));

  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*damaged*");
  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*restored to the queue*");
  f->queue = vt_queue_open (f->queue_dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (vt_queue_get_rebuilt (f->queue));
  for (guint i = 0; i < ids->len; i++)
    assert_has (f, g_ptr_array_index (ids, i), g_ptr_array_index (codes, i));
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 40);

  /* The damaged file is kept aside for a technician; the new one is sound. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->queue_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "queue.db.damaged-") && !g_str_has_suffix (name, "-wal")
          && !g_str_has_suffix (name, "-shm"))
        damaged++;
  }
  g_assert_cmpuint (damaged, ==, 1);
  db = open_db (f);
  check = query_text (db, "PRAGMA integrity_check");
  sqlite3_close (db);
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_power_cut_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (9);
  g_autofree char *code = NULL;
  g_autofree char *id = add (f, person, 100, &code);
  g_autofree char *partial_id = g_uuid_string_random ();
  g_autofree char *partial = g_strconcat (f->queue_dir, "/bundles/", partial_id, ".vtb.partial",
                                          NULL);
  g_autofree char *bundle = bundle_path (f, id);
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) counts = NULL;
  sqlite3 *db;

  /* The bundle is in place, under its final name, by the time the row exists. */
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));

  /* A power cut while sealing leaves a .partial: never queued, removed at the next start. */
  g_assert_true (g_file_set_contents (partial, "VTBUNDLE\0\0", 10, NULL));
  /* A power cut after the rename but before the commit leaves a bundle without a row: it is a
   * finished submission and goes back into the queue with its code. */
  db = open_db (f);
  sql = g_strdup_printf ("DELETE FROM submissions WHERE id = '%s'", id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*restored to the queue*");
  reopen (f);
  g_test_assert_expected_messages ();
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  assert_has (f, id, code);
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 1);
}

/* A kiosk upgraded from schema 1 kept answers and files in clear: they are sealed at the first
 * start and the clear copies go. */
static void
test_legacy_sealed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->root, "old-queue", NULL);
  g_autofree char *db_path = g_build_filename (dir, "queue.db", NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *folder = g_build_filename (dir, "submissions", id, NULL);
  g_autofree char *answers_path = g_build_filename (folder, "answers.json", NULL);
  g_autofree char *photo_path = g_build_filename (folder, "foto.jpg", NULL);
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *json = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *answers_out = NULL;
  g_autofree char *answers_text = NULL;
  g_autoptr(VtTestPerson) person = vt_test_person_new (61);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *key;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (answers_path, g_bytes_get_data (answers, NULL),
                                      g_bytes_get_size (answers), NULL));
  g_assert_true (g_file_set_contents (photo_path, person->apellidos, -1, NULL));
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf (
    "CREATE TABLE submissions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    " procedure_id TEXT NOT NULL, procedure_version INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'queued'"
    " CHECK (state IN ('queued', 'uploading', 'needs-attention', 'sent')),"
    " folder TEXT NOT NULL, answers_file TEXT NOT NULL);"
    "CREATE INDEX submissions_by_state ON submissions (state, created_at);"
    "CREATE TABLE attachments (submission_id TEXT NOT NULL REFERENCES submissions (id)"
    " ON DELETE CASCADE, name TEXT NOT NULL, file TEXT NOT NULL, mime_type TEXT NOT NULL,"
    " size INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (submission_id, name));"
    "PRAGMA user_version = 1;"
    "INSERT INTO submissions VALUES ('%s', 'ABC-DEFG', 'copias-certificadas-exterior', 1,"
    " 1700000000, 'queued', '%s', 'answers.json');"
    "INSERT INTO attachments VALUES ('%s', 'foto', 'foto.jpg', 'image/jpeg', 1, 'x');",
    id, id, id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  queue = vt_queue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_hits (dir, person->apellidos), ==, 0);
  json = vt_queue_dup_submission_json (queue, id, &error);
  g_assert_no_error (error);
  object = parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "ABC-DEFG");
  g_assert_true (json_object_has_member (object, "bundle"));

  key = dev_secret_key ();
  g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
  opened = vt_bundle_unseal (json_object_get_string_member (object, "bundle"), key, NULL, NULL,
                             office, NULL,
                             &error);
  vt_secret_key_free (key);
  g_assert_no_error (error);
  answers_out = g_build_filename (opened, "answers.json", NULL);
  g_assert_true (g_file_get_contents (answers_out, &answers_text, NULL, NULL));
  g_assert_nonnull (strstr (answers_text, person->cedula));
  g_assert_finalize_object (g_steal_pointer (&queue));
}

/* The uploader's side of the queue: due items, failures, staff attention, sent. */
static void
test_upload_states (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VtTestPerson) a = vt_test_person_new (71);
  g_autoptr(VtTestPerson) b = vt_test_person_new (72);
  g_autofree char *id_a = add (f, a, 1000, NULL);
  g_autofree char *id_b = add (f, b, 1000, NULL);
  g_autofree char *bundle_a = bundle_path (f, id_a);
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(VtQueueItem) item = NULL;
  g_autoptr(JsonObject) counts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gsize len;

  due = vt_queue_list_due (f->queue, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* The bundle's SHA-256, for Upload-Metadata, is that of the file. */
  item = vt_queue_get_item (f->queue, id_a, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (bundle_a, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
  g_assert_cmpstr (item->bundle_sha256, ==, sha);
  g_assert_cmpint (item->bundle_size, ==, (gint64)len);
  g_assert_cmpstr (item->bundle_path, ==, bundle_a);
  g_assert_null (item->upload_url);

  g_assert_true (vt_queue_mark_uploading (f->queue, id_a, &error));
  g_assert_true (vt_queue_set_upload_url (f->queue, id_a, "http://127.0.0.1/files/abc", &error));
  /* A network failure: retried later; the other item is due meanwhile. */
  g_assert_true (vt_queue_record_failure (f->queue, id_a, "network", "connection reset",
                                          now + 600, &error));
  due = vt_queue_list_due (f->queue, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((VtQueueItem *)g_ptr_array_index (due, 0))->id, ==, id_b);
  g_clear_pointer (&due, g_ptr_array_unref);
  g_assert_cmpint (vt_queue_get_next_attempt (f->queue, NULL), ==, 0);
  g_clear_pointer (&item, vt_queue_item_free);
  item = vt_queue_get_item (f->queue, id_a, &error);
  g_assert_cmpstr (item->upload_url, ==, "http://127.0.0.1/files/abc");
  g_assert_cmpint (item->attempts, ==, 1);

  /* A permanent refusal waits for staff, never deleted. */
  g_assert_true (vt_queue_mark_needs_attention (f->queue, id_b, "http-413", "too large", &error));
  counts = status (f);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (counts, "states"),
                                               "needs-attention"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (counts,
                                                                              "last_errors"),
                                               "http-413"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "attempts"), ==, 2);
  json = vt_queue_dup_status_json (f->queue, NULL);
  g_assert_null (strstr (json, a->cedula));
  g_assert_null (strstr (json, id_a));

  /* Sent: the row says so and the bundle is gone. */
  g_assert_true (vt_queue_mark_sent (f->queue, id_a, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (bundle_a, G_FILE_TEST_EXISTS));
  g_assert_false (vt_queue_record_failure (f->queue, id_a, "network", "late", now, &error));
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (vt_queue_requeue (f->queue, id_b, &error));
  due = vt_queue_list_due (f->queue, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 1);
}

/* A full disk */

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *mnt = g_build_filename (f->root, "small", NULL);
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = g_build_filename (f->root, "sessions", NULL);
  g_autofree char *bundles = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(VtTestPerson) person = vt_test_person_new (31);
  g_autoptr(GBytes) answers = answers_for (person);
  g_autoptr(GBytes) big = random_bytes (3 * 1024 * 1024, 5);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) counts = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", 0, "size=1m") != 0)
    {
      g_test_skip ("this environment cannot mount a tmpfs");
      return;
    }

  queue_dir = g_build_filename (mnt, "queue", NULL);
  bundles = g_build_filename (queue_dir, "bundles", NULL);
  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);

  /* The session (elsewhere) holds the capture the person made. */
  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  session = vt_session_new (g_ptr_array_index (procedures, 0), sessions, &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_store_capture (session, "video", "video/mp4", big, &error));
  back = vt_session_read_capture (session, "video", &error);
  g_assert_no_error (error);
  g_ptr_array_add (attachments, vt_attachment_new ("video", "video/mp4", back));

  id = vt_queue_add (queue, "copias-certificadas-exterior", 1, answers, attachments, &code,
                     &error);
  g_assert_null (id);
  g_assert_null (code);
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "lleno"));
  g_clear_error (&error);

  /* Nothing half-written, nothing queued, and the session can try again. */
  g_assert_cmpuint (count_entries (bundles), ==, 0);
  json = vt_queue_dup_status_json (queue, &error);
  g_assert_no_error (error);
  counts = parse_object (json);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 0);
  g_clear_pointer (&back, g_bytes_unref);
  back = vt_session_read_capture (session, "video", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, big));

  /* Once there is room (a smaller submission here), the same queue works. */
  {
    g_autoptr(GBytes) photo = random_bytes (100000, 6);
    g_autofree char *small_code = NULL;
    g_autofree char *small_id = NULL;

    g_ptr_array_add (small, vt_attachment_new ("foto", "image/jpeg", photo));
    small_id = vt_queue_add (queue, "copias-certificadas-exterior", 1, answers, small,
                             &small_code, &error);
    g_assert_no_error (error);
    g_assert_nonnull (small_id);
  }
  g_assert_finalize_object (g_steal_pointer (&queue));
  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  g_clear_pointer (&json, g_free);
  json = vt_queue_dup_status_json (queue, &error);
  g_clear_pointer (&counts, json_object_unref);
  counts = parse_object (json);
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, 1);
  g_assert_false (json_object_get_boolean_member (counts, "rebuilt"));
  g_assert_finalize_object (g_steal_pointer (&queue));

  g_assert_cmpint (umount (mnt), ==, 0);
}

/* The office tool, as a real process */

static int
run_office (char       **out_stdout,
            char       **out_stderr,
            const char  *first,
            ...)
{
  g_autofree char *tool = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "office",
                                            "ventanilla-office", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, tool);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                out_stderr, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static void
write_tus_upload (const char *uploads,
                  const char *bundle,
                  gboolean    complete)
{
  g_autofree char *upload_id = g_uuid_string_random ();
  g_autofree char *data_path = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  /* What @tus/file-store keeps: the bytes as <id>, the state as <id>.json. */
  g_assert_true (g_file_get_contents (bundle, &contents, &len, NULL));
  data_path = g_build_filename (uploads, upload_id, NULL);
  info_path = g_strconcat (data_path, ".json", NULL);
  g_assert_true (g_file_set_contents (data_path, contents, complete ? len : len / 2, NULL));
  info = g_strdup_printf ("{\"id\":\"%s\",\"size\":%" G_GSIZE_FORMAT ",\"offset\":%" G_GSIZE_FORMAT
                          ",\"metadata\":{\"filename\":\"x.vtb\"},\"creation_date\":"
                          "\"2026-01-01T00:00:00.000Z\"}",
                          upload_id, len, complete ? len : len / 2);
  g_assert_true (g_file_set_contents (info_path, info, -1, NULL));
}

static void
test_office_tool (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->root, "keys", NULL);
  g_autofree char *sk_path = g_build_filename (keys, "office.sk", NULL);
  g_autofree char *pk_path = g_build_filename (keys, "office.pk", NULL);
  g_autofree char *pk = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *office = g_build_filename (f->root, "office", NULL);
  g_autofree char *ingested = g_build_filename (f->root, "ingested", NULL);
  g_autofree char *uploads = g_build_filename (f->root, "uploads", NULL);
  g_autofree char *bad = g_build_filename (f->root, "bad.vtb", NULL);
  g_autofree char *queue_dir = g_build_filename (f->root, "office-queue", NULL);
  g_autofree char *registry = g_build_filename (f->root, "kiosks.json", NULL);
  g_autofree char *index_path = NULL;
  g_autofree char *index = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  GStatBuf st;

  g_assert_cmpint (run_office (&out, &err, "keygen", "--out", keys, NULL), ==, 0);
  g_assert_cmpint (g_stat (sk_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (pk_path, &pk, NULL, NULL));
  g_strstrip (pk);
  g_assert_nonnull (strstr (out, pk));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A second keygen never overwrites the office's keys. */
  g_assert_cmpint (run_office (&out, &err, "keygen", "--out", keys, NULL), !=, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A kiosk configured with the new public key. */
  queue = vt_queue_open_with_key (queue_dir, pk, &error);
  g_assert_no_error (error);
  /* The office trusts this kiosk's signing key. */
  vt_test_office_register (queue, registry);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (900 + i);
      g_autoptr(GBytes) answers = answers_for (person);
      g_autoptr(GPtrArray) attachments = attachments_for (person, 5000);
      char *id = vt_queue_add (queue, i == 2 ? "codigo-extranjeros" : "copias-certificadas-exterior",
                               1, answers, attachments, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }

  /* unseal */
  {
    g_autofree char *bundle = g_strconcat (queue_dir, "/bundles/",
                                           (char *)g_ptr_array_index (ids, 0), ".vtb", NULL);
    g_autofree char *folder = g_build_filename (office, g_ptr_array_index (ids, 0), NULL);
    g_autofree char *answers = g_build_filename (folder, "answers.json", NULL);

    g_assert_cmpint (run_office (&out, &err, "unseal", bundle, "--secret-key", sk_path,
                                 "--registry", registry, "--out",
                                 office, NULL), ==, 0);
    g_assert_true (g_file_test (answers, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* The development key is not this office's key. */
    {
      g_autofree char *dev = dev_key_path ();
      g_autofree char *office2 = g_build_filename (f->root, "office2", NULL);
      g_assert_cmpint (run_office (&out, &err, "unseal", bundle, "--secret-key", dev,
                                   "--registry", registry, "--out",
                                   office2, NULL), !=, 0);
      g_assert_nonnull (strstr (err, "clave"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

    /* Tampered: refused with a message and a non-zero exit. */
    g_assert_true (g_file_get_contents (bundle, &contents, &len, NULL));
    contents[len - 40] ^= 0x01;
    g_assert_true (g_file_set_contents (bad, contents, len, NULL));
    g_assert_cmpint (run_office (&out, &err, "unseal", bad, "--secret-key", sk_path,
                                 "--registry", registry, "--out",
                                 ingested, NULL), !=, 0);
    g_assert_nonnull (strstr (err, "dañado"));
    g_assert_cmpuint (count_entries (ingested), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    /* Truncated. */
    g_assert_true (g_file_set_contents (bad, contents, len / 2, NULL));
    g_assert_cmpint (run_office (&out, &err, "unseal", bad, "--secret-key", sk_path,
                                 "--registry", registry, "--out",
                                 ingested, NULL), !=, 0);
    g_assert_nonnull (strstr (err, "incompleto"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* ingest: each submission uploaded once, the first one twice (a retry after a crash), and
   * one upload still in progress. */
  g_assert_cmpint (g_mkdir_with_parents (uploads, 0700), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *bundle = g_strconcat (queue_dir, "/bundles/",
                                             (char *)g_ptr_array_index (ids, i), ".vtb", NULL);
      write_tus_upload (uploads, bundle, TRUE);
      if (i == 0)
        write_tus_upload (uploads, bundle, TRUE);
      if (i == 1)
        write_tus_upload (uploads, bundle, FALSE);
    }
  g_assert_cmpint (run_office (&out, &err, "ingest", "--uploads", uploads, "--secret-key",
                               sk_path, "--registry", registry, "--out", ingested, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3"));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *folder = g_build_filename (ingested, g_ptr_array_index (ids, i), NULL);
      g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
    }
  /* Three submissions and the index folder: the duplicate was skipped. */
  g_assert_cmpuint (count_entries (ingested), ==, 4);
  index_path = g_build_filename (ingested, "index", "copias-certificadas-exterior.json", NULL);
  g_assert_true (g_file_get_contents (index_path, &index, NULL, NULL));
  g_assert_nonnull (strstr (index, g_ptr_array_index (ids, 0)));
  g_assert_nonnull (strstr (index, g_ptr_array_index (ids, 1)));
  g_assert_null (strstr (index, g_ptr_array_index (ids, 2)));
  g_clear_pointer (&index_path, g_free);
  index_path = g_build_filename (ingested, "index", "codigo-extranjeros.json", NULL);
  g_assert_true (g_file_test (index_path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Running it again opens nothing twice. */
  g_assert_cmpint (run_office (&out, &err, "ingest", "--uploads", uploads, "--secret-key",
                               sk_path, "--registry", registry, "--out", ingested, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Abiertos: 0"));
  g_assert_cmpuint (count_entries (ingested), ==, 4);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vt_register_resources ();
  g_assert_true (vt_secret_init ());

  g_test_add_func ("/outbox/secret-stream/round-trip", test_stream_round_trip);
  g_test_add_func ("/outbox/secret-stream/tampered", test_stream_tampered);
  add_test ("/outbox/session/encrypted-and-wiped", test_session_encrypted_and_wiped);
  add_test ("/outbox/bundle/round-trip", test_bundle_round_trip);
  add_test ("/outbox/bundle/tampered", test_bundle_tampered);
  add_test ("/outbox/bundle/truncated", test_bundle_truncated);
  add_test ("/outbox/bundle/kiosk-cannot-open", test_kiosk_cannot_open);
  add_test ("/outbox/queue/rebuild-deleted-db", test_rebuild_deleted);
  add_test ("/outbox/queue/rebuild-truncated-db", test_rebuild_truncated);
  add_test ("/outbox/queue/power-cut-order", test_power_cut_order);
  add_test ("/outbox/queue/legacy-sealed", test_legacy_sealed);
  add_test ("/outbox/queue/upload-states", test_upload_states);
  add_test ("/outbox/queue/disk-full", test_disk_full);
  add_test ("/outbox/office/keygen-unseal-ingest", test_office_tool);

  return g_test_run ();
}

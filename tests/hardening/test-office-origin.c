/* test-office-origin.c — ventanilla-office opens only what a registered kiosk signed: not an
 * unsigned bundle, not one signed by an unknown or revoked key, not one whose signature or
 * kiosk does not match; it survives hostile JSON, and its index is keyed by submission id.
 * Bundles are forged here as an attacker with the office's public key (which every kiosk has)
 * and upload access would make them.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "vt-test-office.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

typedef struct
{
  char    *root;
  char    *registry;
  char    *office_out;
  VtQueue *queue;      /* the registered kiosk: the development signing key */
  char    *good;       /* one of its bundles */
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

static GBytes *
answers (void)
{
  static const char json[] = "{\"procedure\": \"copias-certificadas-exterior\", \"answers\": "
                             "{\"nombres\": \"Prueba Sintética\"}}";

  return g_bytes_new_static (json, strlen (json));
}

static char *
bundle_of (VtQueue    *queue,
           const char *id)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (queue, id, NULL);

  g_assert_nonnull (item);
  return g_strdup (item->bundle_path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = answers ();
  g_autofree char *queue_dir = NULL;
  g_autofree char *id = NULL;

  f->root = g_dir_make_tmp ("vt-office-origin-XXXXXX", &error);
  g_assert_no_error (error);
  f->registry = g_build_filename (f->root, "kiosks.json", NULL);
  f->office_out = g_build_filename (f->root, "office", NULL);
  queue_dir = g_build_filename (f->root, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  vt_queue_set_kiosk_id (f->queue, "quiosco-quito-1");
  vt_test_office_register (f->queue, f->registry);
  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, a, NULL, NULL, &error);
  g_assert_no_error (error);
  f->good = bundle_of (f->queue, id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->queue);
  remove_tree (f->root);
  g_free (f->root);
  g_free (f->registry);
  g_free (f->office_out);
  g_free (f->good);
}

/* Runs ventanilla-office; returns its exit status, with what it said on stderr. */
static int
office (char       **out_err,
        const char  *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, vt_test_office_path ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, out_err, &error);
  g_assert_no_error (error);
  /* Refused with words, never by a crash. */
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static int
unseal (Fixture     *f,
        const char  *bundle,
        char       **out_err)
{
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);

  return office (out_err, "unseal", bundle, "--secret-key", key, "--registry", f->registry,
                 "--out", f->office_out, NULL);
}

/* A bundle made by hand: `header` in clear, then `payload` encrypted for the development
 * office key (which anyone has), as vt-bundle.c lays it out. `signer` (a signing key), when
 * given, signs it as a kiosk would, whatever key the header names: the clear part and the
 * first `signed_bytes` of the payload (G_MAXSIZE: all of it, as format 2 did). */
static char *
forge_signed (Fixture      *f,
              const char   *name,
              const char   *header,
              GBytes       *payload,
              const guint8 *signer,
              gsize         signed_bytes)
{
  g_autofree char *path = g_build_filename (f->root, name, NULL);
  g_autoptr(GByteArray) prefix = g_byte_array_new ();
  g_autoptr(GBytes) prefix_bytes = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) base = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  guint8 office_pk[VT_BUNDLE_KEY_BYTES];
  guint8 sealed[crypto_box_SEALBYTES + VT_SECRET_KEY_BYTES];
  guint8 len_be[4];
  guint8 *key = vt_secret_key_new ();
  gsize len = strlen (header);

  g_assert_true (vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY, office_pk, NULL));
  crypto_box_seal (sealed, key, VT_SECRET_KEY_BYTES, office_pk);
  len_be[0] = len >> 24;
  len_be[1] = len >> 16;
  len_be[2] = len >> 8;
  len_be[3] = len;
  g_byte_array_append (prefix, (const guint8 *) "VTBUNDLE", 8);
  g_byte_array_append (prefix, len_be, 4);
  g_byte_array_append (prefix, (const guint8 *) header, len);
  g_byte_array_append (prefix, sealed, sizeof sealed);
  prefix_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&prefix));
  base = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  out = vt_secret_output_stream_new (G_OUTPUT_STREAM (base), key, prefix_bytes);
  vt_secret_key_free (key);
  g_output_stream_write_all (out, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  if (signer != NULL)
    {
      crypto_sign_state state;
      guint8 signature[crypto_sign_BYTES];

      crypto_sign_init (&state);
      crypto_sign_update (&state, g_bytes_get_data (prefix_bytes, NULL),
                          g_bytes_get_size (prefix_bytes));
      crypto_sign_update (&state, g_bytes_get_data (payload, NULL),
                          MIN (signed_bytes, g_bytes_get_size (payload)));
      crypto_sign_final_create (&state, signature, NULL, signer);
      g_output_stream_write_all (out, signature, sizeof signature, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
forge (Fixture      *f,
       const char   *name,
       const char   *header,
       GBytes       *payload,
       const guint8 *signer)
{
  return forge_signed (f, name, header, payload, signer, G_MAXSIZE);
}

/* The plaintext of a bundle with no attachments: manifest length and manifest. */
static GBytes *
payload_for (const char *manifest)
{
  GByteArray *bytes = g_byte_array_new ();
  gsize len = strlen (manifest);
  guint8 len_be[4] = { len >> 24, len >> 16, len >> 8, len };

  g_byte_array_append (bytes, len_be, 4);
  g_byte_array_append (bytes, (const guint8 *) manifest, len);
  return g_byte_array_free_to_bytes (bytes);
}

static char *
header_json (int         format,
             const char *id,
             const char *signer,
             const char *kiosk,
             const char *code,
             gsize       payload_size)
{
  return g_strdup_printf ("{\"format\": %d, \"submission_id\": \"%s\", \"signer\": \"%s\","
                          " \"procedure_id\": \"copias-certificadas-exterior\","
                          " \"procedure_version\": 1, \"code\": \"%s\", \"created_at\": 1767225600,"
                          " \"kiosk_id\": \"%s\", \"payload_size\": %" G_GSIZE_FORMAT ","
                          " \"attachments\": 0}", format, id, signer ? signer : "", code, kiosk,
                          payload_size);
}

static char *
manifest_json (const char *id,
               const char *kiosk,
               const char *code)
{
  return g_strdup_printf ("{\"format\": 2, \"submission_id\": \"%s\", \"code\": \"%s\","
                          " \"procedure_id\": \"copias-certificadas-exterior\","
                          " \"procedure_version\": 1, \"kiosk_id\": \"%s\", \"assisted\": true,"
                          " \"staff_id\": \"funcionario-inventado\", \"answers\": {},"
                          " \"attachments\": []}", id, code, kiosk);
}

static void
test_registered_kiosk_opens (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (unseal (f, f->good, &err), ==, 0);
}

/* Format 1 had no signature: whoever had the office's public key could make one. */
static void
test_unsigned_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *prefix = vt_queue_dup_code_prefix (f->queue);
  g_autofree char *code = g_strconcat (prefix, "-2345", NULL);
  g_autofree char *manifest = manifest_json (id, "quiosco-quito-1", code);
  g_autoptr(GBytes) payload = payload_for (manifest);
  g_autofree char *header = header_json (1, id, NULL, "quiosco-quito-1", code,
                                         g_bytes_get_size (payload));
  g_autofree char *bundle = forge (f, "unsigned.vtb", header, payload, NULL);
  g_autofree char *err = NULL;

  g_autofree char *folder = g_build_filename (f->office_out, id, NULL);

  g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
  g_assert_nonnull (strstr (err, "firma"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* The attacker names the registered kiosk and its key, but cannot sign with it. */
static void
test_forged_signature_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *prefix = vt_queue_dup_code_prefix (f->queue);
  g_autofree char *code = g_strconcat (prefix, "-2345", NULL);
  g_autofree char *victim = vt_queue_dup_signing_public_key (f->queue);
  g_autofree char *manifest = manifest_json (id, "quiosco-quito-1", code);
  g_autoptr(GBytes) payload = payload_for (manifest);
  g_autofree char *header = header_json (2, id, victim, "quiosco-quito-1", code,
                                         g_bytes_get_size (payload) + crypto_sign_BYTES);
  guint8 attacker_pk[crypto_sign_PUBLICKEYBYTES];
  guint8 attacker_sk[crypto_sign_SECRETKEYBYTES];
  g_autofree char *bundle = NULL;
  g_autofree char *err = NULL;

  crypto_sign_keypair (attacker_pk, attacker_sk);
  bundle = forge (f, "forged.vtb", header, payload, attacker_sk);
  g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
  g_assert_nonnull (strstr (err, "firma"));
}

/* The registered kiosk's signing key: the fixture's queue signs with the development one. */
static guint8 *
registered_signing_key (void)
{
  guint8 seed[VT_BUNDLE_KEY_BYTES];

  g_assert_true (vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_SIGNING_SEED, seed, NULL));
  return vt_bundle_signing_key_from_seed (seed);
}

/* A bundle of the registered kiosk with one photo, `photo` in the payload, the manifest
 * naming `listed`'s size and SHA-256; signed over every byte (`sign_all`, as format 2 is) or
 * over the manifest (as format 3 is), whatever `format` its header says. */
static char *
bundle_with_photo (Fixture     *f,
                   const char  *name,
                   int          format,
                   gboolean     sign_all,
                   GBytes      *listed,
                   GBytes      *photo,
                   char       **out_id)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *prefix = vt_queue_dup_code_prefix (f->queue);
  g_autofree char *code = g_strconcat (prefix, "-2345", NULL);
  g_autofree char *kiosk_key = vt_queue_dup_signing_public_key (f->queue);
  g_autofree char *sha256 = vt_secret_sha256_bytes (listed);
  g_autofree char *manifest = g_strdup_printf (
    "{\"format\": %d, \"submission_id\": \"%s\", \"code\": \"%s\","
    " \"procedure_id\": \"copias-certificadas-exterior\", \"procedure_version\": 1,"
    " \"kiosk_id\": \"quiosco-quito-1\", \"answers\": {}, \"attachments\": [{\"name\":"
    " \"foto_rostro\", \"file\": \"foto_rostro.jpg\", \"mime_type\": \"image/jpeg\","
    " \"size\": %" G_GSIZE_FORMAT ", \"sha256\": \"%s\"}]}",
    format, id, code, g_bytes_get_size (listed), sha256);
  g_autoptr(GBytes) head = payload_for (manifest);
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autoptr(GBytes) payload_bytes = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GString) one_attachment = NULL;
  guint8 *signer = registered_signing_key ();
  char *path;

  g_byte_array_append (payload, g_bytes_get_data (head, NULL), g_bytes_get_size (head));
  g_byte_array_append (payload, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  payload_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&payload));
  header = header_json (format, id, kiosk_key, "quiosco-quito-1", code,
                        g_bytes_get_size (payload_bytes) + crypto_sign_BYTES);
  one_attachment = g_string_new (header);
  g_assert_cmpuint (g_string_replace (one_attachment, "\"attachments\": 0",
                                      "\"attachments\": 1", 1), ==, 1);
  path = forge_signed (f, name, one_attachment->str, payload_bytes, signer,
                       sign_all ? G_MAXSIZE : g_bytes_get_size (head));
  vt_secret_key_free (signer);
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return path;
}

/* Kiosks may hold bundles sealed before the update to format 3: the office still opens a
 * format 2 bundle, whose signature covers every byte, and a format 3 one, whose signature
 * covers the manifest; neither signature passes for the other format's. */
static void
test_formats_open (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8 a photo \xff\xd9", 14);
  struct
  {
    const char *name;
    int         format;
    gboolean    sign_all;
    gboolean    opens;
  } cases[] = {
    { "format2.vtb", VT_BUNDLE_FORMAT_SIGNED_ALL, TRUE, TRUE },
    { "format3.vtb", VT_BUNDLE_FORMAT_VERSION, FALSE, TRUE },
    { "format2-manifest-signed.vtb", VT_BUNDLE_FORMAT_SIGNED_ALL, FALSE, FALSE },
    { "format3-all-signed.vtb", VT_BUNDLE_FORMAT_VERSION, TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bundle = bundle_with_photo (f, cases[i].name, cases[i].format,
                                                   cases[i].sign_all, photo, photo, NULL);
      g_autofree char *err = NULL;

      g_test_message ("%s", cases[i].name);
      if (cases[i].opens)
        g_assert_cmpint (unseal (f, bundle, &err), ==, 0);
      else
        {
          g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
          g_assert_nonnull (strstr (err, "firma"));
        }
    }
}

/* Format 3 signs the manifest: a photo other than the one it names, in a bundle signed by the
 * registered kiosk, is refused by its SHA-256, and nothing of it is left at the office. */
static void
test_swapped_attachment_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) listed = g_bytes_new_static ("\xff\xd8 the photo \xff\xd9", 16);
  g_autoptr(GBytes) other = g_bytes_new_static ("\xff\xd8 another!! \xff\xd9", 16);
  g_autofree char *id = NULL;
  g_autofree char *bundle = bundle_with_photo (f, "swapped.vtb", VT_BUNDLE_FORMAT_VERSION,
                                               FALSE, listed, other, &id);
  g_autofree char *folder = g_build_filename (f->office_out, id, NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
  g_assert_nonnull (strstr (err, "SHA-256"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* A kiosk key the office never registered: a working kiosk, just not one of this office's. */
static void
test_unknown_signer_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->root, "other-queue", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) other = vt_queue_open (dir, &error);
  g_autoptr(GBytes) a = answers ();
  g_autofree char *id = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *err = NULL;
  guint8 seed[VT_BUNDLE_KEY_BYTES];
  guint8 *key;

  g_assert_no_error (error);
  randombytes_buf (seed, sizeof seed);
  key = vt_bundle_signing_key_from_seed (seed);
  vt_queue_set_signing_key (other, key);
  vt_secret_key_free (key);
  vt_queue_set_kiosk_id (other, "quiosco-quito-1");
  id = vt_queue_add (other, "copias-certificadas-exterior", 1, a, NULL, NULL, &error);
  g_assert_no_error (error);
  bundle = bundle_of (other, id);
  g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
  g_assert_nonnull (strstr (err, "registro"));
}

/* The registered key, but a bundle that says it comes from another kiosk, or has a code with
 * another kiosk's prefix. */
static void
test_mismatch_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) a = answers ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *bundle2 = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  vt_queue_set_kiosk_id (f->queue, "quiosco-guayaquil-9");
  id = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, a, NULL, NULL, &error);
  g_assert_no_error (error);
  bundle = bundle_of (f->queue, id);
  g_assert_cmpint (unseal (f, bundle, &err), !=, 0);
  g_assert_nonnull (strstr (err, "otro quiosco"));

  vt_queue_set_kiosk_id (f->queue, "quiosco-quito-1");
  g_assert_true (vt_queue_set_code_prefix (f->queue, "ZZZ"));
  id2 = vt_queue_add (f->queue, "copias-certificadas-exterior", 1, a, NULL, NULL, &error);
  g_assert_no_error (error);
  bundle2 = bundle_of (f->queue, id2);
  g_assert_cmpint (unseal (f, bundle2, &err2), !=, 0);
  g_assert_nonnull (strstr (err2, "otro quiosco"));
}

/* A stolen kiosk: its key is revoked, and nothing it signed opens any more. Its prefix can go
 * to the kiosk that replaces it; no two live kiosks share one. */
static void
test_revocation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *prefix = vt_queue_dup_code_prefix (f->queue);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  g_autofree char *other_pk = NULL;

  crypto_sign_keypair (pk, sk);
  other_pk = vt_bundle_encode_key (pk);
  /* Another live kiosk may not take this one's prefix. */
  g_assert_cmpint (office (&err, "kiosk", "add", "--registry", f->registry, "--kiosk-id",
                           "quiosco-cuenca-2", "--prefix", prefix, "--public-key", other_pk,
                           NULL), !=, 0);
  g_assert_nonnull (strstr (err, prefix));

  g_assert_cmpint (office (&err2, "kiosk", "revoke", "--registry", f->registry, "--kiosk-id",
                           "quiosco-quito-1", NULL), ==, 0);
  g_assert_cmpint (unseal (f, f->good, &err3), !=, 0);
  g_assert_nonnull (strstr (err3, "revocada"));
  g_clear_pointer (&err, g_free);
  /* Once revoked, the prefix is free for the replacement. */
  g_assert_cmpint (office (&err, "kiosk", "add", "--registry", f->registry, "--kiosk-id",
                           "quiosco-quito-1b", "--prefix", prefix, "--public-key", other_pk,
                           NULL), ==, 0);
}

/* JSON an uploader controls (the tus server's upload file, a bundle's clear header), nested
 * far deeper than json-glib's recursive parser survives: refused, not a crash. */
static void
test_deep_json (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *uploads = g_build_filename (f->root, "uploads", NULL);
  g_autofree char *info = g_build_filename (uploads, "abc.json", NULL);
  g_autofree char *upload = g_build_filename (uploads, "abc", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);
  GString *deep = g_string_new (NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *deep_header = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GBytes) payload = payload_for ("{}");

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  g_assert_cmpint (g_mkdir_with_parents (uploads, 0700), ==, 0);
  g_assert_true (g_file_set_contents (info, deep->str, deep->len, NULL));
  g_assert_true (g_file_set_contents (upload, "x", 1, NULL));
  g_assert_cmpint (office (&err, "ingest", "--uploads", uploads, "--secret-key", key,
                           "--registry", f->registry, "--out", f->office_out, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "anida"));

  deep_header = g_strconcat ("{\"format\": 2, \"x\": ", deep->str, NULL);
  bundle = forge (f, "deep.vtb", deep_header, payload, NULL);
  g_assert_cmpint (unseal (f, bundle, &err2), !=, 0);
  g_string_free (deep, TRUE);
}

/* The index: one object per procedure keyed by submission id, so two submissions never
 * collide whatever their codes; a procedure id that is not a plain name never becomes a
 * file name. */
static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *uploads = g_build_filename (f->root, "uploads", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *info = NULL;
  g_autofree char *data_path = g_build_filename (uploads, "up1", NULL);
  g_autofree char *info_path = g_build_filename (uploads, "up1.json", NULL);
  g_autofree char *index = g_build_filename (f->office_out, "index",
                                             "copias-certificadas-exterior.json", NULL);
  g_autofree char *evil_id = g_uuid_string_random ();
  g_autofree char *evil = g_build_filename (f->office_out, evil_id, NULL);
  g_autofree char *evil_manifest = g_build_filename (evil, "manifest.json", NULL);
  g_autofree char *escaped = g_build_filename (f->root, "escaped.json", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundleHeader) header = vt_bundle_read_header (f->good, &error);
  gsize len = 0;
  JsonNode *root;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (uploads, 0700), ==, 0);
  g_assert_true (g_file_get_contents (f->good, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (data_path, contents, len, NULL));
  info = g_strdup_printf ("{\"id\": \"up1\", \"size\": %" G_GSIZE_FORMAT ", \"offset\": %"
                          G_GSIZE_FORMAT ", \"metadata\": {}}", len, len);
  g_assert_true (g_file_set_contents (info_path, info, -1, NULL));
  /* A folder someone put in the office's output, naming a path as its procedure. */
  g_assert_cmpint (g_mkdir_with_parents (evil, 0700), ==, 0);
  g_assert_true (g_file_set_contents (evil_manifest, "{\"procedure_id\": \"../../escaped\"}", -1,
                                      NULL));

  g_assert_cmpint (office (&err, "ingest", "--uploads", uploads, "--secret-key", key,
                           "--registry", f->registry, "--out", f->office_out, NULL), ==, 0);
  g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
  json_parser_load_from_file (parser, index, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_has_member (json_node_get_object (root), header->submission_id));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (root),
                                                    header->submission_id), "code"), ==,
                   header->code);
}

static void
add (const char *path,
     void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  add ("/hardening/office/registered-kiosk-opens", test_registered_kiosk_opens);
  add ("/hardening/office/unsigned-refused", test_unsigned_refused);
  add ("/hardening/office/forged-signature-refused", test_forged_signature_refused);
  add ("/hardening/office/formats-2-and-3-open", test_formats_open);
  add ("/hardening/office/swapped-attachment-refused", test_swapped_attachment_refused);
  add ("/hardening/office/unknown-signer-refused", test_unknown_signer_refused);
  add ("/hardening/office/mismatch-refused", test_mismatch_refused);
  add ("/hardening/office/revocation", test_revocation);
  add ("/hardening/office/deep-json", test_deep_json);
  add ("/hardening/office/index-by-submission-id", test_index);
  return g_test_run ();
}

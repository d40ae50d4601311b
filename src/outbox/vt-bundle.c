/* vt-bundle.c — one self-describing, sealed file per submission.
 *
 * Layout:
 *   "VTBUNDLE" | header length (u32, big endian) | header (JSON, clear, no personal data)
 *   | bundle key sealed to the office public key (crypto_box_seal, 80 bytes)
 *   | secretstream (xchacha20poly1305, 64 KiB messages; everything before it is the first
 *     message's additional data) of: manifest length (u32, big endian) | manifest (JSON)
 *     | the attachments, one after the other, in manifest order.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-bundle.h"

#include "vt-queue.h"
#include "vt-secret-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "VTBUNDLE"
#define MAGIC_LEN 8
#define MAX_HEADER (64 * 1024)
#define MAX_MANIFEST (16 * 1024 * 1024)
#define SEALED_KEY_BYTES (crypto_box_SEALBYTES + VT_SECRET_KEY_BYTES)

G_DEFINE_QUARK (vt-bundle-error-quark, vt_bundle_error)

void
vt_bundle_header_free (VtBundleHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->submission_id);
  g_free (header->procedure_id);
  g_free (header->code);
  g_free (header->kiosk_id);
  g_free (header);
}

gboolean
vt_bundle_decode_key (const char  *base64,
                      guint8      *key,
                      GError     **error)
{
  size_t len = 0;

  vt_secret_init ();
  if (base64 == NULL
      || sodium_base642bin (key, VT_BUNDLE_KEY_BYTES, base64, strlen (base64), " \t\r\n", &len,
                            NULL, sodium_base64_VARIANT_ORIGINAL) != 0
      || len != VT_BUNDLE_KEY_BYTES)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEY,
                           _("La clave de la oficina no es válida (se esperan 32 bytes en base64)."));
      return FALSE;
    }
  return TRUE;
}

char *
vt_bundle_encode_key (const guint8 *key)
{
  char out[sodium_base64_ENCODED_LEN (VT_BUNDLE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];

  vt_secret_init ();
  sodium_bin2base64 (out, sizeof out, key, VT_BUNDLE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
  return g_strdup (out);
}

guint8 *
vt_bundle_load_secret_key (const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;
  guint8 *key;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  key = sodium_malloc (VT_BUNDLE_KEY_BYTES);
  if (key == NULL)
    g_error ("Out of guarded memory for a key");
  if (!vt_bundle_decode_key (g_strstrip (text), key, error))
    {
      sodium_memzero (text, strlen (text));
      sodium_free (key);
      return NULL;
    }
  sodium_memzero (text, strlen (text));
  return key;
}

static gboolean
name_is_safe (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static const char *
extension_for (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    return ".jpg";
  if (g_strcmp0 (mime_type, "image/png") == 0)
    return ".png";
  if (g_strcmp0 (mime_type, "application/pdf") == 0)
    return ".pdf";
  if (g_strcmp0 (mime_type, "video/mp4") == 0)
    return ".mp4";
  if (g_strcmp0 (mime_type, "video/webm") == 0)
    return ".webm";
  return ".bin";
}

static char *
header_to_json (const VtBundleHeader *header)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, VT_BUNDLE_FORMAT_VERSION);
  json_builder_set_member_name (b, "submission_id");
  json_builder_add_string_value (b, header->submission_id);
  json_builder_set_member_name (b, "procedure_id");
  json_builder_add_string_value (b, header->procedure_id);
  json_builder_set_member_name (b, "procedure_version");
  json_builder_add_int_value (b, header->procedure_version);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, header->code);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, header->created_at);
  json_builder_set_member_name (b, "kiosk_id");
  json_builder_add_string_value (b, header->kiosk_id ? header->kiosk_id : "");
  json_builder_set_member_name (b, "payload_size");
  json_builder_add_int_value (b, header->payload_size);
  json_builder_set_member_name (b, "attachments");
  json_builder_add_int_value (b, header->n_attachments);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static VtBundleHeader *
header_from_json (const char  *json,
                  gsize        len,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VtBundleHeader) header = g_new0 (VtBundleHeader, 1);
  JsonNode *root;
  JsonObject *o;

  if (!json_parser_load_from_data (parser, json, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  o = json_node_get_object (root);
  header->format = json_object_get_int_member_with_default (o, "format", 0);
  if (header->format != VT_BUNDLE_FORMAT_VERSION)
    goto bad;
  header->submission_id = g_strdup (json_object_get_string_member_with_default (o, "submission_id",
                                                                                NULL));
  header->procedure_id = g_strdup (json_object_get_string_member_with_default (o, "procedure_id",
                                                                               NULL));
  header->code = g_strdup (json_object_get_string_member_with_default (o, "code", NULL));
  header->kiosk_id = g_strdup (json_object_get_string_member_with_default (o, "kiosk_id", ""));
  header->procedure_version = json_object_get_int_member_with_default (o, "procedure_version", 0);
  header->created_at = json_object_get_int_member_with_default (o, "created_at", 0);
  header->payload_size = json_object_get_int_member_with_default (o, "payload_size", 0);
  header->n_attachments = json_object_get_int_member_with_default (o, "attachments", 0);
  if (header->submission_id == NULL || !g_uuid_string_is_valid (header->submission_id)
      || !name_is_safe (header->procedure_id) || header->code == NULL)
    goto bad;
  return g_steal_pointer (&header);

bad:
  g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                       _("El archivo no es un paquete de Ventanilla que esta versión pueda leer."));
  return NULL;
}

static void
put_u32 (guint8  *out,
         guint32  value)
{
  out[0] = value >> 24;
  out[1] = value >> 16;
  out[2] = value >> 8;
  out[3] = value;
}

static guint32
get_u32 (const guint8 *in)
{
  return ((guint32)in[0] << 24) | ((guint32)in[1] << 16) | ((guint32)in[2] << 8) | in[3];
}

static char *
build_manifest (const VtBundleHeader *header,
                const char           *app_version,
                GBytes               *answers,
                GPtrArray            *attachments,
                GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (header->created_at);
  g_autofree char *created_iso = g_date_time_format_iso8601 (created);
  JsonNode *answers_root;
  JsonNode *answers_node;
  const char *staff_id = NULL;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (answers, NULL),
                                   g_bytes_get_size (answers), NULL)
      || (answers_root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (answers_root))
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                           _("Las respuestas del trámite no son válidas."));
      return NULL;
    }
  /* The wizard wraps the answers with the procedure's id and version, which the manifest
   * already carries. */
  answers_node = json_object_get_member (json_node_get_object (answers_root), "answers");
  if (answers_node == NULL || !JSON_NODE_HOLDS_OBJECT (answers_node))
    answers_node = answers_root;
  else if (json_object_get_boolean_member_with_default (json_node_get_object (answers_root),
                                                        "assisted", FALSE))
    staff_id = json_object_get_string_member_with_default (json_node_get_object (answers_root),
                                                           "staff_id", NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, VT_BUNDLE_FORMAT_VERSION);
  json_builder_set_member_name (b, "submission_id");
  json_builder_add_string_value (b, header->submission_id);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, header->code);
  json_builder_set_member_name (b, "procedure_id");
  json_builder_add_string_value (b, header->procedure_id);
  json_builder_set_member_name (b, "procedure_version");
  json_builder_add_int_value (b, header->procedure_version);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, created_iso);
  json_builder_set_member_name (b, "kiosk_id");
  json_builder_add_string_value (b, header->kiosk_id ? header->kiosk_id : "");
  json_builder_set_member_name (b, "app_version");
  json_builder_add_string_value (b, app_version ? app_version : PACKAGE_VERSION);
  /* An assisted session says so, and names the staff member who helped. */
  json_builder_set_member_name (b, "assisted");
  json_builder_add_boolean_value (b, staff_id != NULL);
  json_builder_set_member_name (b, "staff_id");
  if (staff_id != NULL)
    json_builder_add_string_value (b, staff_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "answers");
  json_builder_add_value (b, json_node_copy (answers_node));
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *sha = vt_secret_sha256_bytes (a->data);
      g_autofree char *file = g_strconcat (a->name, extension_for (a->mime_type), NULL);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, file);
      json_builder_set_member_name (b, "mime_type");
      json_builder_add_string_value (b, a->mime_type ? a->mime_type : "application/octet-stream");
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, g_bytes_get_size (a->data));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, sha);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

gboolean
vt_bundle_write (const char      *path,
                 VtBundleHeader  *header,
                 const char      *app_version,
                 const guint8    *office_public_key,
                 GBytes          *answers,
                 GPtrArray       *attachments,
                 guint64         *out_size,
                 char           **out_sha256,
                 GError         **error)
{
  g_autofree char *manifest = NULL;
  g_autofree char *header_json = NULL;
  g_autoptr(GByteArray) prefix = NULL;
  g_autoptr(GBytes) prefix_bytes = NULL;
  g_autoptr(GOutputStream) base = NULL;
  g_autoptr(GOutputStream) out = NULL;
  guint8 sealed[SEALED_KEY_BYTES];
  guint8 len_be[4];
  guint8 *key = NULL;
  gsize manifest_len;
  int fd;
  int saved = 0;

  g_return_val_if_fail (path != NULL && header != NULL && answers != NULL, FALSE);
  g_return_val_if_fail (office_public_key != NULL, FALSE);

  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (attachments, i);

      /* Names become file names at the office: nothing may lead outside its folder. */
      if (!name_is_safe (a->name))
        {
          g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                               _("Un archivo del trámite tiene un nombre no válido."));
          return FALSE;
        }
    }

  manifest = build_manifest (header, app_version, answers, attachments, error);
  if (manifest == NULL)
    return FALSE;
  manifest_len = strlen (manifest);
  header->payload_size = 4 + manifest_len;
  header->n_attachments = attachments ? attachments->len : 0;
  for (guint i = 0; attachments && i < attachments->len; i++)
    header->payload_size += g_bytes_get_size (((VtAttachment *)g_ptr_array_index (attachments,
                                                                                  i))->data);
  header->format = VT_BUNDLE_FORMAT_VERSION;
  header_json = header_to_json (header);

  key = vt_secret_key_new ();
  crypto_box_seal (sealed, key, VT_SECRET_KEY_BYTES, office_public_key);

  prefix = g_byte_array_new ();
  g_byte_array_append (prefix, (const guint8 *)MAGIC, MAGIC_LEN);
  put_u32 (len_be, strlen (header_json));
  g_byte_array_append (prefix, len_be, 4);
  g_byte_array_append (prefix, (const guint8 *)header_json, strlen (header_json));
  g_byte_array_append (prefix, sealed, sizeof sealed);
  prefix_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&prefix));

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      vt_secret_key_free (key);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  base = g_unix_output_stream_new (fd, FALSE);
  out = vt_secret_output_stream_new (base, key, prefix_bytes);
  if (out_sha256 != NULL)
    vt_secret_output_stream_compute_sha256 (VT_SECRET_OUTPUT_STREAM (out));
  /* The stream keeps what it derived from the key; the key itself is not needed any more. */
  vt_secret_key_free (key);

  put_u32 (len_be, manifest_len);
  if (!g_output_stream_write_all (out, len_be, 4, NULL, NULL, error)
      || !g_output_stream_write_all (out, manifest, manifest_len, NULL, NULL, error))
    goto fail;
  sodium_memzero (manifest, manifest_len);
  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (attachments, i);
      gsize size;
      const void *data = g_bytes_get_data (a->data, &size);

      if (!g_output_stream_write_all (out, data, size, NULL, NULL, error))
        goto fail;
    }
  if (!g_output_stream_close (out, NULL, error))
    goto fail;
  if (fsync (fd) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      goto fail;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      goto fail;
    }
  if (out_size != NULL)
    *out_size = vt_secret_output_stream_get_size (VT_SECRET_OUTPUT_STREAM (out));
  if (out_sha256 != NULL)
    *out_sha256 = g_strdup (vt_secret_output_stream_get_sha256 (VT_SECRET_OUTPUT_STREAM (out)));
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (path);
  return FALSE;
}

/* Reads exactly `len` bytes or says why not. */
static gboolean
read_exact (GInputStream  *in,
            void          *buffer,
            gsize          len,
            GError       **error)
{
  gsize n = 0;

  if (!g_input_stream_read_all (in, buffer, len, &n, NULL, error))
    return FALSE;
  if (n < len)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED,
                           _("El paquete está incompleto: se cortó antes de terminar."));
      return FALSE;
    }
  return TRUE;
}

/* Reads the clear part; `out_prefix` gets all of it (the additional data of the stream). */
static VtBundleHeader *
read_prefix (GInputStream  *in,
             GBytes       **out_prefix,
             guint8        *sealed,
             GError       **error)
{
  guint8 start[MAGIC_LEN + 4];
  g_autofree char *json = NULL;
  g_autoptr(GByteArray) prefix = NULL;
  VtBundleHeader *header;
  guint32 len;

  if (!read_exact (in, start, sizeof start, error))
    return NULL;
  if (memcmp (start, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                           _("El archivo no es un paquete de Ventanilla."));
      return NULL;
    }
  len = get_u32 (start + MAGIC_LEN);
  if (len == 0 || len > MAX_HEADER)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                           _("El archivo no es un paquete de Ventanilla que esta versión pueda leer."));
      return NULL;
    }
  json = g_malloc (len + 1);
  if (!read_exact (in, json, len, error))
    return NULL;
  json[len] = '\0';
  header = header_from_json (json, len, error);
  if (header == NULL)
    return NULL;
  if (sealed != NULL && !read_exact (in, sealed, SEALED_KEY_BYTES, error))
    {
      vt_bundle_header_free (header);
      return NULL;
    }
  if (out_prefix != NULL)
    {
      prefix = g_byte_array_new ();
      g_byte_array_append (prefix, start, sizeof start);
      g_byte_array_append (prefix, (const guint8 *)json, len);
      g_byte_array_append (prefix, sealed, SEALED_KEY_BYTES);
      *out_prefix = g_byte_array_free_to_bytes (g_steal_pointer (&prefix));
    }
  return header;
}

VtBundleHeader *
vt_bundle_read_header (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);

  if (in == NULL)
    return NULL;
  return read_prefix (G_INPUT_STREAM (in), NULL, NULL, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Secretstream errors become bundle errors with the same meaning. */
static gboolean
translate_error (GError **error,
                 GError  *inner)
{
  if (inner->domain == VT_SECRET_STREAM_ERROR)
    g_set_error_literal (error, VT_BUNDLE_ERROR,
                         inner->code == VT_SECRET_STREAM_ERROR_TRUNCATED
                         ? VT_BUNDLE_ERROR_TRUNCATED : VT_BUNDLE_ERROR_CORRUPT,
                         inner->code == VT_SECRET_STREAM_ERROR_TRUNCATED
                         ? _("El paquete está incompleto: se cortó antes de terminar.")
                         : _("El paquete está dañado o fue modificado: no se abrió."));
  else
    g_propagate_error (error, g_error_copy (inner));
  g_error_free (inner);
  return FALSE;
}

static gboolean
write_file (const char  *path,
            const void  *data,
            gsize        len,
            GError     **error)
{
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
copy_attachment (GInputStream  *in,
                 const char    *path,
                 guint64        size,
                 const char    *sha256,
                 GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  struct sha256_ctx checksum;
  guint8 digest[SHA256_DIGEST_SIZE];
  g_autofree char *hex = NULL;
  g_autofree guint8 *buffer = g_malloc (VT_SECRET_CHUNK_BYTES);
  GError *inner = NULL;

  out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  sha256_init (&checksum);
  while (size > 0)
    {
      gsize want = MIN (size, VT_SECRET_CHUNK_BYTES);
      gsize n = 0;

      if (!g_input_stream_read_all (in, buffer, want, &n, NULL, &inner))
        return translate_error (error, inner);
      if (n < want)
        {
          g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED,
                               _("El paquete está incompleto: se cortó antes de terminar."));
          return FALSE;
        }
      sha256_update (&checksum, n, buffer);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n, NULL, NULL, error))
        return FALSE;
      size -= n;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;
  sha256_digest (&checksum, sizeof digest, digest);
  hex = vt_secret_hex (digest, sizeof digest);
  if (g_strcmp0 (hex, sha256) != 0)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_CORRUPT,
                           _("Un archivo del paquete no coincide con su huella SHA-256: no se abrió."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
unseal_into (GInputStream          *in,
             const VtBundleHeader  *header,
             const char            *folder,
             GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) answers_root = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *answers_json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *attachments_dir = NULL;
  GError *inner = NULL;
  guint8 len_be[4];
  guint8 extra;
  gsize n = 0;
  guint32 len;
  JsonNode *root;
  JsonObject *m;
  JsonArray *list;
  guint64 payload = 4;

  if (!g_input_stream_read_all (in, len_be, 4, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n < 4)
    goto truncated;
  len = get_u32 (len_be);
  if (len == 0 || len > MAX_MANIFEST)
    goto corrupt;
  manifest = g_malloc (len + 1);
  if (!g_input_stream_read_all (in, manifest, len, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n < len)
    goto truncated;
  manifest[len] = '\0';
  payload += len;

  if (!json_parser_load_from_data (parser, manifest, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto corrupt;
  m = json_node_get_object (root);
  /* The clear header is authenticated too, but it must also say the same as the manifest. */
  if (g_strcmp0 (json_object_get_string_member_with_default (m, "submission_id", NULL),
                 header->submission_id) != 0
      || g_strcmp0 (json_object_get_string_member_with_default (m, "procedure_id", NULL),
                    header->procedure_id) != 0
      || !json_object_has_member (m, "attachments")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (m, "attachments")))
    goto corrupt;

  path = g_build_filename (folder, "manifest.json", NULL);
  if (!write_file (path, manifest, len, error))
    return FALSE;
  g_free (path);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "procedure");
  json_builder_add_string_value (b, header->procedure_id);
  json_builder_set_member_name (b, "procedure_version");
  json_builder_add_int_value (b, json_object_get_int_member_with_default (m, "procedure_version",
                                                                          0));
  json_builder_set_member_name (b, "answers");
  if (json_object_has_member (m, "answers"))
    json_builder_add_value (b, json_node_copy (json_object_get_member (m, "answers")));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  answers_root = json_builder_get_root (b);
  json_generator_set_root (generator, answers_root);
  json_generator_set_pretty (generator, TRUE);
  answers_json = json_generator_to_data (generator, NULL);
  path = g_build_filename (folder, "answers.json", NULL);
  if (!write_file (path, answers_json, strlen (answers_json), error))
    return FALSE;

  attachments_dir = g_build_filename (folder, "attachments", NULL);
  if (g_mkdir (attachments_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  list = json_object_get_array_member (m, "attachments");
  if (json_array_get_length (list) != header->n_attachments)
    goto corrupt;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *a;
      const char *name;
      const char *file;
      gint64 size;
      g_autofree char *dest = NULL;
      g_autofree char *expected_file = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto corrupt;
      a = json_node_get_object (node);
      name = json_object_get_string_member_with_default (a, "name", NULL);
      file = json_object_get_string_member_with_default (a, "file", NULL);
      size = json_object_get_int_member_with_default (a, "size", -1);
      if (!name_is_safe (name) || file == NULL || size < 0)
        goto corrupt;
      expected_file = g_strconcat (name, extension_for (json_object_get_string_member_with_default (
                                                          a, "mime_type", NULL)), NULL);
      if (!g_str_equal (file, expected_file))
        goto corrupt;
      dest = g_build_filename (attachments_dir, file, NULL);
      if (!copy_attachment (in, dest, size,
                            json_object_get_string_member_with_default (a, "sha256", ""), error))
        return FALSE;
      payload += size;
    }
  if (payload != header->payload_size)
    goto corrupt;

  /* The end must be the stream's final message, with nothing after it. */
  if (!g_input_stream_read_all (in, &extra, 1, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n != 0)
    goto corrupt;
  return TRUE;

truncated:
  g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED,
                       _("El paquete está incompleto: se cortó antes de terminar."));
  return FALSE;

corrupt:
  g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_CORRUPT,
                       _("El paquete está dañado o fue modificado: no se abrió."));
  return FALSE;
}

char *
vt_bundle_unseal (const char      *path,
                  const guint8    *secret_key,
                  const char      *out_dir,
                  VtBundleHeader **out_header,
                  GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) base = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GBytes) prefix = NULL;
  g_autoptr(VtBundleHeader) header = NULL;
  g_autofree char *template = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *folder = NULL;
  guint8 sealed[SEALED_KEY_BYTES];
  guint8 public_key[VT_BUNDLE_KEY_BYTES];
  guint8 *bundle_key = NULL;

  g_return_val_if_fail (path != NULL && secret_key != NULL && out_dir != NULL, NULL);

  vt_secret_init ();
  file = g_file_new_for_path (path);
  base = g_file_read (file, NULL, error);
  if (base == NULL)
    return NULL;
  header = read_prefix (G_INPUT_STREAM (base), &prefix, sealed, error);
  if (header == NULL)
    return NULL;

  bundle_key = sodium_malloc (VT_SECRET_KEY_BYTES);
  crypto_scalarmult_base (public_key, secret_key);
  if (crypto_box_seal_open (bundle_key, sealed, sizeof sealed, public_key, secret_key) != 0)
    {
      sodium_free (bundle_key);
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEY,
                           _("El paquete no se abre con esta clave privada: fue sellado para otra "
                             "oficina, o está dañado."));
      return NULL;
    }
  in = vt_secret_input_stream_new (G_INPUT_STREAM (base), bundle_key, prefix);
  sodium_free (bundle_key);

  /* The clear header says how long the file must be: a cut one is named as such, before any
   * message fails to authenticate. */
  {
    guint64 messages = MAX (1, (header->payload_size + VT_SECRET_CHUNK_BYTES - 1)
                               / VT_SECRET_CHUNK_BYTES);
    guint64 expected = g_bytes_get_size (prefix)
                       + crypto_secretstream_xchacha20poly1305_HEADERBYTES
                       + header->payload_size
                       + messages * crypto_secretstream_xchacha20poly1305_ABYTES;
    GStatBuf st;

    if (g_stat (path, &st) == 0 && (guint64)st.st_size < expected)
      {
        g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED,
                             _("El paquete está incompleto: se cortó antes de terminar."));
        return NULL;
      }
  }

  folder = g_build_filename (out_dir, header->submission_id, NULL);
  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_EXISTS,
                   _("El trámite %s ya estaba abierto en %s."), header->submission_id, folder);
      return NULL;
    }
  template = g_strdup_printf ("%s/.%s-XXXXXX", out_dir, header->submission_id);
  tmp = g_mkdtemp_full (template, 0700);
  if (tmp == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo crear la carpeta de salida: %s"), g_strerror (saved));
      return NULL;
    }
  g_steal_pointer (&template);
  if (!unseal_into (in, header, tmp, error))
    {
      remove_tree (tmp);
      return NULL;
    }
  if (g_rename (tmp, folder) != 0)
    {
      int saved = errno;
      remove_tree (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo crear la carpeta de salida: %s"), g_strerror (saved));
      return NULL;
    }
  if (out_header != NULL)
    *out_header = g_steal_pointer (&header);
  return g_steal_pointer (&folder);
}

/* vt-bundle-unseal.c — opening a bundle at the office (layout in vt-bundle.c): every size,
 * SHA-256 and the kiosk's signature checked before the folder appears.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-bundle-private.h"

#include "vt-fs.h"
#include "vt-json-guard.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <nettle/sha2.h>
#include <string.h>

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
copy_attachment (GInputStream       *in,
                 crypto_sign_state  *signed_part,
                 const char         *path,
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
      if (signed_part != NULL)
        crypto_sign_update (signed_part, buffer, n);
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
             crypto_sign_state     *signed_part,
             const char            *folder,
             GError               **error)
{
  guint8 signature[VT_BUNDLE_SIGNATURE_BYTES];
  guint8 signer[crypto_sign_PUBLICKEYBYTES];
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
  JsonObject *m;
  JsonArray *list;
  guint64 payload = 4;

  if (!g_input_stream_read_all (in, len_be, 4, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n < 4)
    goto truncated;
  len = vt_bundle_get_u32 (len_be);
  if (len == 0 || len > VT_BUNDLE_MAX_MANIFEST)
    goto corrupt;
  crypto_sign_update (signed_part, len_be, 4);
  manifest = g_malloc (len + 1);
  if (!g_input_stream_read_all (in, manifest, len, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n < len)
    goto truncated;
  manifest[len] = '\0';
  payload += len;
  crypto_sign_update (signed_part, (const guint8 *)manifest, len);

  /* Anyone with the office's public key can write a manifest: measured before it is parsed. */
  if ((m = vt_json_guard_load (parser, manifest, len, NULL)) == NULL)
    goto corrupt;
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
      if (!vt_bundle_name_is_safe (name) || file == NULL || size < 0)
        goto corrupt;
      expected_file = g_strconcat (name,
                                   vt_bundle_extension_for (
                                     json_object_get_string_member_with_default (a, "mime_type",
                                                                                 NULL)),
                                   NULL);
      if (!g_str_equal (file, expected_file))
        goto corrupt;
      dest = g_build_filename (attachments_dir, file, NULL);
      /* Format 3 signs the manifest, and the manifest the attachment's SHA-256; format 2
       * signed its bytes too. */
      if (!copy_attachment (in,
                            header->format == VT_BUNDLE_FORMAT_SIGNED_ALL ? signed_part : NULL,
                            dest, size,
                            json_object_get_string_member_with_default (a, "sha256", ""), error))
        return FALSE;
      payload += size;
    }
  /* Last, the kiosk's signature over all of it: without the kiosk's key, nobody can make one
   * for a manifest of their own. */
  if (!g_input_stream_read_all (in, signature, sizeof signature, &n, NULL, &inner))
    return translate_error (error, inner);
  if (n < sizeof signature)
    goto truncated;
  payload += sizeof signature;
  if (payload != header->payload_size)
    goto corrupt;
  if (!vt_bundle_decode_key (header->signer, signer, NULL)
      || crypto_sign_final_verify (signed_part, signature, signer) != 0)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SIGNATURE,
                           _("La firma del quiosco no corresponde al contenido del paquete: es "
                             "una falsificación o fue modificado. No se abrió."));
      return FALSE;
    }

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
vt_bundle_unseal (const char          *path,
                  const guint8        *secret_key,
                  VtBundleSignerCheck  check,
                  gpointer             check_data,
                  const char          *out_dir,
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
  guint8 sealed[VT_BUNDLE_SEALED_KEY_BYTES];
  guint8 public_key[VT_BUNDLE_KEY_BYTES];
  guint8 *bundle_key = NULL;
  crypto_sign_state signed_part;

  g_return_val_if_fail (path != NULL && secret_key != NULL && out_dir != NULL, NULL);

  vt_secret_init ();
  file = g_file_new_for_path (path);
  base = g_file_read (file, NULL, error);
  if (base == NULL)
    return NULL;
  header = vt_bundle_read_prefix (G_INPUT_STREAM (base), &prefix, sealed, error);
  if (header == NULL)
    return NULL;
  /* Only a kiosk's own key proves where a submission comes from; the office trusts no other. */
  if (header->format == VT_BUNDLE_FORMAT_UNSIGNED || header->signer == NULL)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNSIGNED,
                           _("El paquete no lleva la firma de un quiosco: no se abre."));
      return NULL;
    }
  if (check != NULL && !check (header, check_data, error))
    return NULL;
  crypto_sign_init (&signed_part);
  crypto_sign_update (&signed_part, g_bytes_get_data (prefix, NULL), g_bytes_get_size (prefix));

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
  if (!unseal_into (in, header, &signed_part, tmp, error))
    {
      vt_fs_remove_tree (tmp);
      return NULL;
    }
  if (g_rename (tmp, folder) != 0)
    {
      int saved = errno;
      vt_fs_remove_tree (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo crear la carpeta de salida: %s"), g_strerror (saved));
      return NULL;
    }
  if (out_header != NULL)
    *out_header = g_steal_pointer (&header);
  return g_steal_pointer (&folder);
}

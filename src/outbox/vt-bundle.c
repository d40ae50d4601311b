/* vt-bundle.c — one self-describing, sealed file per submission.
 *
 * Layout:
 *   "VTBUNDLE" | header length (u32, big endian) | header (JSON, clear, no personal data)
 *   | bundle key sealed to the office public key (crypto_box_seal, 80 bytes)
 *   | secretstream (xchacha20poly1305, 64 KiB messages; everything before it is the first
 *     message's additional data) of: manifest length (u32, big endian) | manifest (JSON)
 *     | the attachments, one after the other, in manifest order | the kiosk's signature
 *     (Ed25519ph, 64 bytes) over the clear part, the sealed key, the manifest length and the
 *     manifest (format 3), whose SHA-256 of each attachment the office checks as it reads it;
 *     format 2 signed every plaintext byte, which cost a second hash over the whole submission.
 *
 * The signature is inside the seal: only the office sees it, and nobody who holds the office's
 * public key, which every kiosk has, can make a bundle that passes for a kiosk's own.
 * This file has the clear header and the keys; vt-bundle-write.c seals, vt-bundle-unseal.c
 * opens.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-bundle-private.h"

#include "vt-json-guard.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>


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
  g_free (header->signer);
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

guint8 *
vt_bundle_signing_key_from_seed (const guint8 *seed)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 *key;

  vt_secret_init ();
  key = sodium_malloc (VT_BUNDLE_SIGNING_KEY_BYTES);
  if (key == NULL)
    g_error ("Out of guarded memory for a key");
  crypto_sign_seed_keypair (public_key, key, seed);
  return key;
}

guint8 *
vt_bundle_load_signing_key (const char  *path,
                            GError     **error)
{
  guint8 *seed = vt_bundle_load_secret_key (path, error);
  guint8 *key;

  if (seed == NULL)
    return NULL;
  key = vt_bundle_signing_key_from_seed (seed);
  vt_secret_key_free (seed);
  return key;
}

char *
vt_bundle_signing_public_key (const guint8 *signing_key)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];

  g_return_val_if_fail (signing_key != NULL, NULL);
  crypto_sign_ed25519_sk_to_pk (public_key, signing_key);
  return vt_bundle_encode_key (public_key);
}

gboolean
vt_bundle_name_is_safe (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

const char *
vt_bundle_extension_for (const char *mime_type)
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

char *
vt_bundle_header_to_json (const VtBundleHeader *header)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, VT_BUNDLE_FORMAT_VERSION);
  json_builder_set_member_name (b, "submission_id");
  json_builder_add_string_value (b, header->submission_id);
  json_builder_set_member_name (b, "signer");
  json_builder_add_string_value (b, header->signer ? header->signer : "");
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
  JsonObject *o;

  /* Unauthenticated until the office opens the stream: measured before it is parsed. */
  if ((o = vt_json_guard_load (parser, json, len, NULL)) == NULL)
    goto bad;
  header->format = json_object_get_int_member_with_default (o, "format", 0);
  if (header->format != VT_BUNDLE_FORMAT_VERSION && header->format != VT_BUNDLE_FORMAT_SIGNED_ALL
      && header->format != VT_BUNDLE_FORMAT_UNSIGNED)
    goto bad;
  if (header->format != VT_BUNDLE_FORMAT_UNSIGNED)
    {
      guint8 signer[crypto_sign_PUBLICKEYBYTES];

      header->signer = g_strdup (json_object_get_string_member_with_default (o, "signer", ""));
      if (!vt_bundle_decode_key (header->signer, signer, NULL))
        goto bad;
    }
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
      || !vt_bundle_name_is_safe (header->procedure_id) || header->code == NULL)
    goto bad;
  return g_steal_pointer (&header);

bad:
  g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                       _("El archivo no es un paquete de Ventanilla que esta versión pueda leer."));
  return NULL;
}

void
vt_bundle_put_u32 (guint8  *out,
         guint32  value)
{
  out[0] = value >> 24;
  out[1] = value >> 16;
  out[2] = value >> 8;
  out[3] = value;
}

guint32
vt_bundle_get_u32 (const guint8 *in)
{
  return ((guint32)in[0] << 24) | ((guint32)in[1] << 16) | ((guint32)in[2] << 8) | in[3];
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
VtBundleHeader *
vt_bundle_read_prefix (GInputStream  *in,
             GBytes       **out_prefix,
             guint8        *sealed,
             GError       **error)
{
  guint8 start[VT_BUNDLE_MAGIC_LEN + 4];
  g_autofree char *json = NULL;
  g_autoptr(GByteArray) prefix = NULL;
  VtBundleHeader *header;
  guint32 len;

  if (!read_exact (in, start, sizeof start, error))
    return NULL;
  if (memcmp (start, VT_BUNDLE_MAGIC, VT_BUNDLE_MAGIC_LEN) != 0)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORMAT,
                           _("El archivo no es un paquete de Ventanilla."));
      return NULL;
    }
  len = vt_bundle_get_u32 (start + VT_BUNDLE_MAGIC_LEN);
  if (len == 0 || len > VT_BUNDLE_MAX_HEADER)
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
  if (sealed != NULL && !read_exact (in, sealed, VT_BUNDLE_SEALED_KEY_BYTES, error))
    {
      vt_bundle_header_free (header);
      return NULL;
    }
  if (out_prefix != NULL)
    {
      prefix = g_byte_array_new ();
      g_byte_array_append (prefix, start, sizeof start);
      g_byte_array_append (prefix, (const guint8 *)json, len);
      g_byte_array_append (prefix, sealed, VT_BUNDLE_SEALED_KEY_BYTES);
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
  return vt_bundle_read_prefix (G_INPUT_STREAM (in), NULL, NULL, error);
}

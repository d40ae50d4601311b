/* vt-bundle-write.c — sealing a submission into a bundle (layout in vt-bundle.c), signed by
 * the kiosk inside the seal.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-bundle-private.h"

#include "vt-queue.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

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
  JsonObject *sources = NULL;
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
  else
    {
      JsonObject *wrapper = json_node_get_object (answers_root);
      JsonNode *sources_node = json_object_get_member (wrapper, "capture_sources");

      if (json_object_get_boolean_member_with_default (wrapper, "assisted", FALSE))
        staff_id = json_object_get_string_member_with_default (wrapper, "staff_id", NULL);
      /* Which camera made each capture: told beside each attachment. */
      if (sources_node != NULL && JSON_NODE_HOLDS_OBJECT (sources_node))
        sources = json_node_get_object (sources_node);
    }

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
      g_autofree char *file = g_strconcat (a->name, vt_bundle_extension_for (a->mime_type), NULL);

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
      if (sources != NULL && json_object_has_member (sources, a->name))
        {
          json_builder_set_member_name (b, "source");
          json_builder_add_value (b, json_node_copy (json_object_get_member (sources, a->name)));
        }
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
                 const guint8    *signing_key,
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
  guint8 sealed[VT_BUNDLE_SEALED_KEY_BYTES];
  guint8 signature[VT_BUNDLE_SIGNATURE_BYTES];
  crypto_sign_state signing;
  guint8 len_be[4];
  guint8 *key = NULL;
  gsize manifest_len;
  int fd;
  int saved = 0;

  g_return_val_if_fail (path != NULL && header != NULL && answers != NULL, FALSE);
  g_return_val_if_fail (office_public_key != NULL, FALSE);
  g_return_val_if_fail (signing_key != NULL, FALSE);

  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (attachments, i);

      /* Names become file names at the office: nothing may lead outside its folder. */
      if (!vt_bundle_name_is_safe (a->name))
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
  header->payload_size = 4 + manifest_len + VT_BUNDLE_SIGNATURE_BYTES;
  header->n_attachments = attachments ? attachments->len : 0;
  for (guint i = 0; attachments && i < attachments->len; i++)
    header->payload_size += g_bytes_get_size (((VtAttachment *)g_ptr_array_index (attachments,
                                                                                  i))->data);
  header->format = VT_BUNDLE_FORMAT_VERSION;
  g_free (header->signer);
  header->signer = vt_bundle_signing_public_key (signing_key);
  header_json = vt_bundle_header_to_json (header);

  key = vt_secret_key_new ();
  crypto_box_seal (sealed, key, VT_SECRET_KEY_BYTES, office_public_key);

  prefix = g_byte_array_new ();
  g_byte_array_append (prefix, (const guint8 *)VT_BUNDLE_MAGIC, VT_BUNDLE_MAGIC_LEN);
  vt_bundle_put_u32 (len_be, strlen (header_json));
  g_byte_array_append (prefix, len_be, 4);
  g_byte_array_append (prefix, (const guint8 *)header_json, strlen (header_json));
  g_byte_array_append (prefix, sealed, sizeof sealed);
  prefix_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&prefix));
  /* The signature covers the clear part too: the header that names the kiosk and the sealed
   * key that makes this bundle this one. */
  crypto_sign_init (&signing);
  crypto_sign_update (&signing, g_bytes_get_data (prefix_bytes, NULL),
                      g_bytes_get_size (prefix_bytes));

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

  vt_bundle_put_u32 (len_be, manifest_len);
  crypto_sign_update (&signing, len_be, 4);
  crypto_sign_update (&signing, (const guint8 *)manifest, manifest_len);
  if (!g_output_stream_write_all (out, len_be, 4, NULL, NULL, error)
      || !g_output_stream_write_all (out, manifest, manifest_len, NULL, NULL, error))
    goto fail;
  sodium_memzero (manifest, manifest_len);
  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (attachments, i);
      gsize size;
      const void *data = g_bytes_get_data (a->data, &size);

      /* Not signed byte by byte: the signed manifest holds its SHA-256. */
      if (!g_output_stream_write_all (out, data, size, NULL, NULL, error))
        goto fail;
    }
  crypto_sign_final_create (&signing, signature, NULL, signing_key);
  if (!g_output_stream_write_all (out, signature, sizeof signature, NULL, NULL, error)
      || !g_output_stream_close (out, NULL, error))
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
  /* The stream goes before its descriptor: disposing of it later would close it, and closing
   * writes the final message, to a descriptor number that may belong to someone else by then. */
  vt_secret_output_stream_abandon (VT_SECRET_OUTPUT_STREAM (out));
  g_clear_object (&out);
  g_clear_object (&base);
  if (fd >= 0)
    close (fd);
  g_unlink (path);
  return FALSE;
}

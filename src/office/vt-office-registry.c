/* vt-office-registry.c — the kiosks an office trusts.
 *
 * A kiosk makes its signing key itself and shows only the public half; a technician
 * registers it here with the kiosk's id and code prefix. `ventanilla-office` opens a bundle
 * only when its signer is in this file, not revoked, and registered for the kiosk the bundle
 * names: whoever has the office's public key (every kiosk has it) can seal, but only a
 * registered kiosk can sign.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-office"

#include "vt-office-registry.h"

#include "outbox/vt-json-guard.h"
#include "outbox/vt-kiosk-key.h"

#include <glib/gi18n.h>
#include <string.h>

#define MAX_REGISTRY_BYTES (16 * 1024 * 1024)

typedef struct
{
  char *public_key;
  char *kiosk_id;
  char *code_prefix;
  char *added_at;
  char *revoked_at;   /* NULL while trusted */
} Entry;

struct _VtOfficeRegistry
{
  char      *path;
  GPtrArray *entries;
};

static void
entry_free (Entry *entry)
{
  g_free (entry->public_key);
  g_free (entry->kiosk_id);
  g_free (entry->code_prefix);
  g_free (entry->added_at);
  g_free (entry->revoked_at);
  g_free (entry);
}

void
vt_office_registry_free (VtOfficeRegistry *registry)
{
  if (registry == NULL)
    return;
  g_free (registry->path);
  g_ptr_array_unref (registry->entries);
  g_free (registry);
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static gboolean
key_is_valid (const char *public_key)
{
  guint8 key[VT_BUNDLE_KEY_BYTES];

  return public_key != NULL && vt_bundle_decode_key (public_key, key, NULL);
}

VtOfficeRegistry *
vt_office_registry_load (const char  *path,
                         gboolean     may_be_missing,
                         GError     **error)
{
  g_autoptr(VtOfficeRegistry) registry = g_new0 (VtOfficeRegistry, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonArray *list;

  g_return_val_if_fail (path != NULL, NULL);

  registry->path = g_strdup (path);
  registry->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  root = vt_json_guard_load_file (parser, path, MAX_REGISTRY_BYTES, &local);
  if (root == NULL)
    {
      if (may_be_missing && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&registry);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No se pudo leer el registro de quioscos %s: %s"), path, local->message);
      return NULL;
    }
  list = json_object_get_array_member (root, "kiosks");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o;
      Entry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      entry = g_new0 (Entry, 1);
      entry->public_key = g_strdup (json_object_get_string_member_with_default (o, "public_key",
                                                                                NULL));
      entry->kiosk_id = g_strdup (json_object_get_string_member_with_default (o, "kiosk_id",
                                                                              NULL));
      entry->code_prefix = g_strdup (json_object_get_string_member_with_default (o, "code_prefix",
                                                                                 NULL));
      entry->added_at = g_strdup (json_object_get_string_member_with_default (o, "added_at", ""));
      entry->revoked_at = g_strdup (json_object_get_string_member_with_default (o, "revoked_at",
                                                                                NULL));
      if (!key_is_valid (entry->public_key) || entry->kiosk_id == NULL
          || !vt_kiosk_prefix_is_valid (entry->code_prefix))
        {
          entry_free (entry);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("El registro de quioscos %s tiene una entrada no válida (la %u)."), path,
                       i + 1);
          return NULL;
        }
      g_ptr_array_add (registry->entries, entry);
    }
  return g_steal_pointer (&registry);
}

gboolean
vt_office_registry_save (VtOfficeRegistry  *registry,
                         GError           **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kiosks");
  json_builder_begin_array (b);
  for (guint i = 0; i < registry->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (registry->entries, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "public_key");
      json_builder_add_string_value (b, entry->public_key);
      json_builder_set_member_name (b, "kiosk_id");
      json_builder_add_string_value (b, entry->kiosk_id);
      json_builder_set_member_name (b, "code_prefix");
      json_builder_add_string_value (b, entry->code_prefix);
      json_builder_set_member_name (b, "added_at");
      json_builder_add_string_value (b, entry->added_at);
      json_builder_set_member_name (b, "revoked_at");
      if (entry->revoked_at != NULL)
        json_builder_add_string_value (b, entry->revoked_at);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &len);
  return g_file_set_contents_full (registry->path, data, len, G_FILE_SET_CONTENTS_CONSISTENT
                                                              | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

static Entry *
find_key (VtOfficeRegistry *registry,
          const char       *public_key)
{
  guint8 wanted[VT_BUNDLE_KEY_BYTES];

  if (!vt_bundle_decode_key (public_key, wanted, NULL))
    return NULL;
  for (guint i = 0; i < registry->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (registry->entries, i);
      guint8 key[VT_BUNDLE_KEY_BYTES];

      if (vt_bundle_decode_key (entry->public_key, key, NULL)
          && memcmp (key, wanted, sizeof key) == 0)
        return entry;
    }
  return NULL;
}

gboolean
vt_office_registry_add (VtOfficeRegistry  *registry,
                        const char        *public_key,
                        const char        *kiosk_id,
                        const char        *code_prefix,
                        GError           **error)
{
  Entry *entry;

  g_return_val_if_fail (registry != NULL, FALSE);

  if (!key_is_valid (public_key))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("La clave pública del quiosco no es válida (32 bytes en base64)."));
      return FALSE;
    }
  if (kiosk_id == NULL || *kiosk_id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Indique el identificador del quiosco con --kiosk-id."));
      return FALSE;
    }
  if (!vt_kiosk_prefix_is_valid (code_prefix))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("El prefijo de códigos debe tener %d caracteres de "
                     "23456789ABCDEFGHJKMNPQRSTVWXYZ."), VT_KIOSK_PREFIX_LEN);
      return FALSE;
    }
  if (find_key (registry, public_key) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("Esa clave ya está en el registro (una clave revocada no se vuelve a "
                             "aceptar: el quiosco debe generar otra)."));
      return FALSE;
    }
  for (guint i = 0; i < registry->entries->len; i++)
    {
      Entry *other = g_ptr_array_index (registry->entries, i);

      if (other->revoked_at == NULL && g_str_equal (other->code_prefix, code_prefix)
          && !g_str_equal (other->kiosk_id, kiosk_id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("El prefijo %s ya es del quiosco %s: cada quiosco necesita el suyo para "
                         "que los códigos no se repitan."), code_prefix, other->kiosk_id);
          return FALSE;
        }
    }
  entry = g_new0 (Entry, 1);
  entry->public_key = g_strdup (public_key);
  entry->kiosk_id = g_strdup (kiosk_id);
  entry->code_prefix = g_strdup (code_prefix);
  entry->added_at = now_iso ();
  g_ptr_array_add (registry->entries, entry);
  return TRUE;
}

guint
vt_office_registry_revoke (VtOfficeRegistry  *registry,
                           const char        *kiosk_id,
                           const char        *public_key,
                           GError           **error)
{
  Entry *by_key = public_key != NULL ? find_key (registry, public_key) : NULL;
  guint revoked = 0;

  for (guint i = 0; i < registry->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (registry->entries, i);

      if (entry->revoked_at != NULL)
        continue;
      if (entry == by_key || (kiosk_id != NULL && g_str_equal (entry->kiosk_id, kiosk_id)))
        {
          entry->revoked_at = now_iso ();
          revoked++;
        }
    }
  if (revoked == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("Ninguna clave vigente del registro coincide."));
  return revoked;
}

char *
vt_office_registry_describe (VtOfficeRegistry *registry)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < registry->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (registry->entries, i);

      g_string_append_printf (out, "%s\t%s\t%s\t%s\n", entry->kiosk_id, entry->code_prefix,
                              entry->public_key,
                              entry->revoked_at != NULL ? entry->revoked_at : "vigente");
    }
  return g_string_free (out, FALSE);
}

gboolean
vt_office_registry_check (const VtBundleHeader  *header,
                          gpointer               user_data,
                          GError               **error)
{
  VtOfficeRegistry *registry = user_data;
  Entry *entry = find_key (registry, header->signer);

  if (entry == NULL)
    {
      g_set_error_literal (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SIGNER,
                           _("El paquete está firmado con una clave que no está en el "
                             "registro de quioscos: no se abre."));
      return FALSE;
    }
  if (entry->revoked_at != NULL)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SIGNER,
                   _("El paquete está firmado con la clave revocada del quiosco %s: no se abre."),
                   entry->kiosk_id);
      return FALSE;
    }
  if (g_strcmp0 (header->kiosk_id, entry->kiosk_id) != 0
      || header->code == NULL || !g_str_has_prefix (header->code, entry->code_prefix))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SIGNER,
                   _("El paquete dice venir de otro quiosco que la clave que lo firmó (%s): no "
                     "se abre."), entry->kiosk_id);
      return FALSE;
    }
  return TRUE;
}

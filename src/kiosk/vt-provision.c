/* vt-provision.c — applies a fleet key file to the kiosk's GSettings, all or nothing.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-provision.h"

#include "vt-office-key.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

/* A string key may be written plainly (upload-url=https://…) or quoted as dconf does. */
static GVariant *
parse_value (GSettingsSchemaKey  *key,
             const char          *name,
             const char          *text,
             GError             **error)
{
  const GVariantType *type = g_settings_schema_key_get_value_type (key);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) parse_error = NULL;

  value = g_variant_parse (type, text, NULL, NULL, &parse_error);
  if (value == NULL && g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    value = g_variant_ref_sink (g_variant_new_string (text));
  if (value == NULL)
    {
      g_autofree char *type_text = g_variant_type_dup_string (type);

      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("La clave «%s» no tiene un valor válido (se espera el tipo %s): %s"),
                   name, type_text, parse_error->message);
      return NULL;
    }
  if (!g_settings_schema_key_range_check (key, value))
    {
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) allowed = NULL;
      const char *kind = NULL;
      g_autofree char *allowed_text = NULL;

      g_variant_get (range, "(&sv)", &kind, &allowed);
      allowed_text = g_variant_print (allowed, FALSE);
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("La clave «%s» está fuera de los valores permitidos: %s"), name, allowed_text);
      return NULL;
    }
  return g_steal_pointer (&value);
}

int
vt_provision_apply (GSettings   *settings,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *group = NULL;
  gsize n_names = 0;

  g_return_val_if_fail (G_IS_SETTINGS (settings), -1);
  g_return_val_if_fail (path != NULL, -1);

  g_object_get (settings, "settings-schema", &schema, NULL);
  group = g_strdup (g_settings_schema_get_id (schema));

  if (g_str_equal (path, "-"))
    {
      /* From standard input: what a Flatpak'd kiosk can read without host file access. */
      g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) bytes = NULL;

      if (g_output_stream_splice (memory, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                  NULL, error) < 0)
        return -1;
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
      if (!g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_NONE, error))
        return -1;
    }
  else if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return -1;
  if (!g_key_file_has_group (file, group))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   _("El archivo no tiene el grupo [%s]"), group);
      return -1;
    }

  names = g_key_file_get_keys (file, group, &n_names, error);
  if (names == NULL)
    return -1;

  /* Check everything first, then write in one go. */
  values = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  for (gsize i = 0; i < n_names; i++)
    {
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autofree char *text = NULL;
      GVariant *value;

      if (!g_settings_schema_has_key (schema, names[i]))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       _("La clave «%s» no existe en la configuración del quiosco"), names[i]);
          return -1;
        }
      key = g_settings_schema_get_key (schema, names[i]);
      text = g_key_file_get_value (file, group, names[i], error);
      if (text == NULL)
        return -1;
      value = parse_value (key, names[i], text, error);
      if (value == NULL)
        return -1;
      g_ptr_array_add (values, value);
      /* The example's placeholders are there to be replaced: a kiosk given one would seal to
       * no office or upload with no valid token, and fail only later, in front of people. */
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
          && g_str_has_prefix (g_variant_get_string (value, NULL), "CHANGE-ME"))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("«%s» todavía tiene el valor de ejemplo «CHANGE-ME»: ponga el de su "
                         "flota"), names[i]);
          return -1;
        }
      /* A fleet must never be given the development key, whose secret half is public. */
      if (g_str_equal (names[i], "office-public-key")
          && !vt_office_key_validate (g_variant_get_string (value, NULL), error))
        return -1;
    }

  g_settings_delay (settings);
  for (gsize i = 0; i < n_names; i++)
    g_settings_set_value (settings, names[i], g_ptr_array_index (values, i));
  g_settings_apply (settings);
  g_settings_sync ();
  return (int)n_names;
}

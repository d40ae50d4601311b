/* vt-json-guard.c — parsing JSON that anyone could have written, without letting its nesting
 * exhaust the stack.
 *
 * json-glib builds its tree recursively, one C frame per level: a file of a few megabytes of
 * "[" takes the process down. Bundle headers, manifests and a tus server's upload files are
 * written by whoever can upload, so each is measured before it is parsed, as the procedure
 * loader does with definitions.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-json-guard.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

guint
vt_json_nesting_depth (const char *data,
                       gsize       len)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        deepest = MAX (deepest, ++depth);
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return deepest;
}

JsonObject *
vt_json_guard_load (JsonParser  *parser,
                    const char  *data,
                    gsize        len,
                    GError     **error)
{
  JsonNode *root;

  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);

  if (data == NULL || vt_json_nesting_depth (data, len) > VT_JSON_MAX_DEPTH)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   _("El documento JSON anida más de %d niveles: no se lee."), VT_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("El documento JSON no es un objeto."));
      return NULL;
    }
  return json_node_get_object (root);
}

JsonObject *
vt_json_guard_load_file (JsonParser  *parser,
                         const char  *path,
                         gsize        max_bytes,
                         GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (guint64) st.st_size > max_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s es demasiado grande para ser lo que dice ser."), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return vt_json_guard_load (parser, data, len, error);
}

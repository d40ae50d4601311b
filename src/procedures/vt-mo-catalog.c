/* vt-mo-catalog.c — reads one gettext catalogue (.mo) into a table, whatever the UI locale.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-mo-catalog.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MO_MAGIC 0x950412deu

static gboolean
read_u32 (const guint8 *data,
          gsize         size,
          gsize         offset,
          gboolean      swap,
          guint32      *out)
{
  guint32 value;

  if (offset > size || size - offset < 4)
    return FALSE;
  memcpy (&value, data + offset, 4);
  *out = swap ? GUINT32_SWAP_LE_BE (value) : value;
  return TRUE;
}

/* A string of the table at `table + 8 * index`: its length and offset, checked against the
 * file so a damaged catalogue never reads outside it. */
static const char *
string_at (const guint8 *data,
           gsize         size,
           guint32       table,
           guint32       index,
           gboolean      swap,
           guint32      *length)
{
  guint32 offset;

  if (!read_u32 (data, size, (gsize)table + (gsize)index * 8, swap, length)
      || !read_u32 (data, size, (gsize)table + (gsize)index * 8 + 4, swap, &offset)
      || offset >= size || size - offset <= *length || data[offset + *length] != '\0')
    return NULL;
  return (const char *)data + offset;
}

GHashTable *
vt_mo_catalog_load (const char  *path,
                    GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GHashTable) table = NULL;
  const guint8 *data;
  gsize size;
  guint32 magic, count, originals, translations;
  gboolean swap;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  data = (const guint8 *)g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);

  if (!read_u32 (data, size, 0, FALSE, &magic))
    goto malformed;
  swap = magic != MO_MAGIC;
  if (swap && GUINT32_SWAP_LE_BE (magic) != MO_MAGIC)
    goto malformed;
  if (!read_u32 (data, size, 8, swap, &count)
      || !read_u32 (data, size, 12, swap, &originals)
      || !read_u32 (data, size, 16, swap, &translations))
    goto malformed;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint32 i = 0; i < count; i++)
    {
      guint32 id_length, str_length;
      const char *id = string_at (data, size, originals, i, swap, &id_length);
      const char *str = string_at (data, size, translations, i, swap, &str_length);

      if (id == NULL || str == NULL)
        goto malformed;
      /* The header (empty msgid) and untranslated entries say nothing useful. */
      if (id_length == 0 || str_length == 0)
        continue;
      g_hash_table_insert (table, g_strndup (id, id_length), g_strndup (str, str_length));
    }
  return g_steal_pointer (&table);

malformed:
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("El catálogo de traducciones %s está dañado."), path);
  return NULL;
}

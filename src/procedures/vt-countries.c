/* vt-countries.c — every country of ISO 3166-1, named from Debian's iso-codes.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-countries.h"

#include "vt-mo-catalog.h"
#include "vt-phone.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define ISO_CODES_DIR "/usr/share/iso-codes"
#define LOCALE_DIR "/usr/share/locale"

static GArray *countries;  /* VtCountry, sorted by Spanish name; loaded once */

static const char *
iso_codes_dir (void)
{
  const char *dir = g_getenv ("VT_ISO_CODES_DIR");

  return dir != NULL && *dir != '\0' ? dir : ISO_CODES_DIR;
}

/* "Perú" and "peru" sort together; the order a Spanish reader expects from a list. */
static char *
sort_key (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "es");
  return g_ascii_strdown (ascii, -1);
}

static int
compare_spanish (gconstpointer a,
                 gconstpointer b)
{
  const VtCountry *ca = a, *cb = b;
  g_autofree char *ka = sort_key (ca->name_es);
  g_autofree char *kb = sort_key (cb->name_es);

  return strcmp (ka, kb);
}

static JsonArray *
load_entries (JsonParser *parser,
              const char *file,
              const char *member)
{
  g_autofree char *path = g_build_filename (iso_codes_dir (), "json", file, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Cannot read %s (is iso-codes installed?): %s", path, error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), member))
    {
      g_warning ("%s does not hold ISO %s entries", path, member);
      return NULL;
    }
  return json_object_get_array_member (json_node_get_object (root), member);
}

static GArray *
load_countries (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *mo_path = NULL;
  g_autoptr(GHashTable) spanish = NULL;
  g_autoptr(GError) error = NULL;
  GArray *list = g_array_new (FALSE, TRUE, sizeof (VtCountry));
  JsonArray *entries;

  entries = load_entries (parser, "iso_3166-1.json", "3166-1");
  if (entries == NULL)
    return list;

  /* iso-codes installs its translations beside every other program's: the locale dir of
   * the system, or of the prefix the test's iso-codes copy sits in. */
  if (g_getenv ("VT_ISO_CODES_DIR") != NULL)
    mo_path = g_build_filename (iso_codes_dir (), "..", "locale", "es", "LC_MESSAGES",
                                "iso_3166-1.mo", NULL);
  else
    mo_path = g_build_filename (LOCALE_DIR, "es", "LC_MESSAGES", "iso_3166-1.mo", NULL);
  spanish = vt_mo_catalog_load (mo_path, &error);
  if (spanish == NULL)
    g_warning ("No Spanish country names (%s): English names are used", error->message);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *alpha2 = json_object_get_string_member_with_default (entry, "alpha_2", NULL);
      const char *name = json_object_get_string_member_with_default (entry, "name", NULL);
      const char *common = json_object_get_string_member_with_default (entry, "common_name",
                                                                       NULL);
      const char *es = NULL;
      VtCountry country = { 0 };

      if (alpha2 == NULL || name == NULL || strlen (alpha2) != 2)
        continue;
      /* "Bolivia" reads better than "Bolivia, Plurinational State of" in a list and on a
       * form; the common name is what iso-codes offers for that, in both languages. */
      if (spanish != NULL && common != NULL)
        es = g_hash_table_lookup (spanish, common);
      if (spanish != NULL && es == NULL)
        es = g_hash_table_lookup (spanish, name);
      country.iso = g_ascii_strup (alpha2, -1);
      country.name_en = g_strdup (common != NULL ? common : name);
      country.name_es = g_strdup (es != NULL ? es : country.name_en);
      country.calling_code = vt_phone_calling_code (country.iso);
      g_array_append_val (list, country);
    }
  g_array_sort (list, compare_spanish);
  return list;
}

const VtCountry *
vt_countries_get (guint *n_countries)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      countries = load_countries ();
      g_once_init_leave (&initialized, 1);
    }
  if (n_countries != NULL)
    *n_countries = countries->len;
  return countries->len > 0 ? &g_array_index (countries, VtCountry, 0) : NULL;
}

const VtCountry *
vt_country_lookup (const char *iso)
{
  const VtCountry *list;
  guint n;

  if (iso == NULL || strlen (iso) != 2)
    return NULL;
  list = vt_countries_get (&n);
  /* Callers pass what a person or a definition file chose; accept "es" as well as "ES". */
  for (guint i = 0; i < n; i++)
    {
      if (g_ascii_strcasecmp (list[i].iso, iso) == 0)
        return &list[i];
    }
  return NULL;
}

static gboolean
ui_is_english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "en");
}

const char *
vt_country_get_display_name (const VtCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);
  return ui_is_english () ? country->name_en : country->name_es;
}

static int
compare_display (gconstpointer a,
                 gconstpointer b)
{
  const VtCountry *ca = *(const VtCountry **)a, *cb = *(const VtCountry **)b;
  g_autofree char *ka = sort_key (vt_country_get_display_name (ca));
  g_autofree char *kb = sort_key (vt_country_get_display_name (cb));

  return strcmp (ka, kb);
}

GPtrArray *
vt_countries_sorted_for_display (void)
{
  guint n;
  const VtCountry *list = vt_countries_get (&n);
  GPtrArray *sorted = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer)&list[i]);
  g_ptr_array_sort (sorted, compare_display);
  return sorted;
}

void
vt_subdivision_free (VtSubdivision *subdivision)
{
  if (subdivision == NULL)
    return;
  g_free (subdivision->code);
  g_free (subdivision->name);
  g_free (subdivision);
}

static int
compare_subdivisions (gconstpointer a,
                      gconstpointer b)
{
  const VtSubdivision *sa = *(const VtSubdivision **)a, *sb = *(const VtSubdivision **)b;
  g_autofree char *ka = sort_key (sa->name);
  g_autofree char *kb = sort_key (sb->name);

  return strcmp (ka, kb);
}

static GPtrArray *
load_subdivisions (const char *country_iso,
                   const char *type)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *prefix = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_subdivision_free);
  JsonArray *entries;

  entries = load_entries (parser, "iso_3166-2.json", "3166-2");
  if (entries == NULL)
    return list;
  prefix = g_strdup_printf ("%s-", country_iso);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *code = json_object_get_string_member_with_default (entry, "code", "");
      const char *name = json_object_get_string_member_with_default (entry, "name", NULL);
      const char *kind = json_object_get_string_member_with_default (entry, "type", "");
      VtSubdivision *subdivision;

      if (!g_str_has_prefix (code, prefix) || name == NULL
          || (type != NULL && g_ascii_strcasecmp (kind, type) != 0))
        continue;
      subdivision = g_new0 (VtSubdivision, 1);
      subdivision->code = g_strdup (code);
      subdivision->name = g_strdup (name);
      g_ptr_array_add (list, subdivision);
    }
  g_ptr_array_sort (list, compare_subdivisions);
  return list;
}

static VtSubdivision *
copy_subdivision (gconstpointer src,
                  gpointer      user_data)
{
  const VtSubdivision *from = src;
  VtSubdivision *copy = g_new0 (VtSubdivision, 1);

  copy->code = g_strdup (from->code);
  copy->name = g_strdup (from->name);
  return copy;
}

GPtrArray *
vt_subdivisions_get (const char *country_iso,
                     const char *type)
{
  /* iso_3166-2.json is half a megabyte, and every procedure with a province field asks for
   * Ecuador's at start: each list is read once per process. */
  static GHashTable *loaded = NULL;
  G_LOCK_DEFINE_STATIC (loaded);
  g_autofree char *key = NULL;
  GPtrArray *list;

  g_return_val_if_fail (country_iso != NULL,
                        g_ptr_array_new_with_free_func ((GDestroyNotify)vt_subdivision_free));

  key = g_strdup_printf ("%s\n%s\n%s", iso_codes_dir (), country_iso, type ? type : "");
  G_LOCK (loaded);
  if (loaded == NULL)
    loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)g_ptr_array_unref);
  list = g_hash_table_lookup (loaded, key);
  if (list == NULL)
    {
      list = load_subdivisions (country_iso, type);
      g_hash_table_insert (loaded, g_strdup (key), list);
    }
  list = g_ptr_array_copy (list, (GCopyFunc)copy_subdivision, NULL);
  g_ptr_array_set_free_func (list, (GDestroyNotify)vt_subdivision_free);
  G_UNLOCK (loaded);
  return list;
}

/* test-seed-coverage.c — docs/seed-coverage.md says what each seed asks and where the kiosk
 * meets it; the definitions must keep meeting it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "procedures/vt-procedure.h"
#include "vt-application.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char  *seed;
  char  *requirement;
  char  *status;
  char  *where;
} Row;

static void
row_free (Row *row)
{
  g_free (row->seed);
  g_free (row->requirement);
  g_free (row->status);
  g_free (row->where);
  g_free (row);
}

static char *
source_path (const char *relative)
{
  return g_build_filename (g_getenv ("VT_SOURCE_DIR"), relative, NULL);
}

/* The table's rows: `| seed | requirement | status | where |`. */
static GPtrArray *
read_table (void)
{
  g_autofree char *path = source_path ("docs/seed-coverage.md");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cells = NULL;
      Row *row;

      if (!g_str_has_prefix (lines[i], "| 0") && !g_str_has_prefix (lines[i], "| all"))
        continue;
      cells = g_strsplit (lines[i], " | ", 4);
      g_assert_cmpuint (g_strv_length (cells), ==, 4);
      row = g_new0 (Row, 1);
      row->seed = g_strstrip (g_strdup (cells[0] + 1));
      row->requirement = g_strstrip (g_strdup (cells[1]));
      row->status = g_strstrip (g_strdup (cells[2]));
      row->where = g_strstrip (g_strdup (cells[3]));
      if (g_str_has_suffix (row->where, "|"))
        row->where[strlen (row->where) - 1] = '\0';
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static VtProcedure *
by_seed (GPtrArray  *procedures,
         const char *seed)
{
  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_seed (g_ptr_array_index (procedures, i)), seed))
      return g_ptr_array_index (procedures, i);
  return NULL;
}

static gboolean
page_exists (VtProcedure *procedure,
             const char  *id)
{
  GPtrArray *pages = vt_procedure_get_pages (procedure);

  for (guint i = 0; i < pages->len; i++)
    if (g_str_equal (((VtPageDef *)g_ptr_array_index (pages, i))->id, id))
      return TRUE;
  return FALSE;
}

static const VtGenerated *
find_generated (VtProcedure *procedure,
                const char  *id)
{
  GPtrArray *generated = vt_procedure_get_generated (procedure);

  for (guint i = 0; i < generated->len; i++)
    if (g_str_equal (((VtGenerated *)g_ptr_array_index (generated, i))->id, id))
      return g_ptr_array_index (generated, i);
  return NULL;
}

/* One `seed#kind:argument` or path reference: NULL when it holds, else why not. */
static char *
check_reference (GPtrArray  *procedures,
                 const char *reference)
{
  g_auto(GStrv) head = NULL;
  g_autofree char *kind = NULL;
  const char *argument;
  VtProcedure *procedure;

  if (g_str_has_prefix (reference, "src/") || g_str_has_prefix (reference, "tests/"))
    {
      g_autofree char *path = source_path (reference);
      return g_file_test (path, G_FILE_TEST_EXISTS) ? NULL
                                                    : g_strdup_printf ("no file %s", reference);
    }
  head = g_strsplit (reference, "#", 2);
  if (g_strv_length (head) != 2 || strchr (head[1], ':') == NULL)
    return g_strdup_printf ("“%s” is no reference", reference);
  procedure = by_seed (procedures, head[0]);
  if (procedure == NULL)
    return g_strdup_printf ("no procedure for seed %s", head[0]);
  kind = g_strndup (head[1], strchr (head[1], ':') - head[1]);
  argument = strchr (head[1], ':') + 1;

  if (g_str_equal (kind, "field"))
    {
      gboolean required = g_str_has_suffix (argument, "!");
      g_autofree char *id = g_strndup (argument, strlen (argument) - required);
      const VtField *field = vt_procedure_find_field (procedure, id);

      if (field == NULL)
        return g_strdup_printf ("%s has no field %s", head[0], id);
      if (required && !field->required)
        return g_strdup_printf ("%s: field %s is not required", head[0], id);
      return NULL;
    }
  if (g_str_equal (kind, "document"))
    {
      g_auto(GStrv) parts = g_strsplit_set (argument, "=~", 2);
      const VtDocument *document = vt_procedure_find_document (procedure, parts[0]);

      if (document == NULL)
        return g_strdup_printf ("%s has no document %s", head[0], parts[0]);
      if (strchr (argument, '=') && document->max_bytes != g_ascii_strtoll (parts[1], NULL, 10))
        return g_strdup_printf ("%s: document %s allows %" G_GINT64_FORMAT " bytes", head[0],
                                parts[0], document->max_bytes);
      if (strchr (argument, '~')
          && !g_strv_contains ((const char * const *)document->formats, parts[1]))
        return g_strdup_printf ("%s: document %s is not accepted as %s", head[0], parts[0],
                                parts[1]);
      return NULL;
    }
  if (g_str_equal (kind, "page"))
    return page_exists (procedure, argument) ? NULL
           : g_strdup_printf ("%s has no page %s", head[0], argument);
  if (g_str_equal (kind, "third"))
    return page_exists (procedure, "tercero") ? NULL
           : g_strdup_printf ("%s has no third-party pages", head[0]);
  if (g_str_equal (kind, "generated"))
    {
      g_auto(GStrv) parts = g_strsplit (argument, "/", 2);
      const VtGenerated *generated = find_generated (procedure, parts[0]);

      if (generated == NULL)
        return g_strdup_printf ("%s generates no %s", head[0], parts[0]);
      if (parts[1] != NULL && !g_strv_contains ((const char * const *)generated->fields, parts[1]))
        return g_strdup_printf ("%s: %s does not contain %s", head[0], parts[0], parts[1]);
      return NULL;
    }
  if (g_str_equal (kind, "channel"))
    {
      gboolean shown_only = g_str_has_suffix (argument, "?");
      g_autofree char *id = g_strndup (argument, strlen (argument) - shown_only);
      const VtChannel *channel = vt_procedure_find_channel (procedure, id);

      if (channel == NULL)
        return g_strdup_printf ("%s has no channel %s", head[0], id);
      if (channel->available == shown_only)
        return g_strdup_printf ("%s: channel %s is%s filed by the kiosk", head[0], id,
                                channel->available ? "" : " not");
      return NULL;
    }
  if (g_str_equal (kind, "video"))
    {
      const char *text = vt_procedure_get_video_text (procedure);

      return text != NULL && strstr (text, argument) != NULL ? NULL
             : g_strdup_printf ("%s: the video text lacks “%s”", head[0], argument);
    }
  return g_strdup_printf ("unknown kind “%s” in %s", kind, reference);
}

/* Every problem with the table against these definitions, one line each. */
static GPtrArray *
check_table (GPtrArray *rows,
             GPtrArray *procedures)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) ticks = g_regex_new ("`([^`]+)`", 0, 0, NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      g_autoptr(GMatchInfo) match = NULL;
      guint references = 0;

      if (!g_str_equal (row->status, "met") && !g_str_equal (row->status, "cannot")
          && !g_str_equal (row->status, "missing"))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: status “%s”", row->requirement,
                                                      row->status));
          continue;
        }
      g_regex_match (ticks, row->where, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *reference = g_match_info_fetch (match, 1);
          g_autofree char *problem = check_reference (procedures, reference);

          references++;
          /* A `cannot` row's references say where the kiosk tells the person: they must
           * hold as well. */
          if (problem != NULL)
            g_ptr_array_add (problems, g_strdup_printf ("%s %s: %s", row->seed,
                                                        row->requirement, problem));
          g_match_info_next (match, NULL);
        }
      if (g_str_equal (row->status, "met") && references == 0)
        g_ptr_array_add (problems, g_strdup_printf ("%s %s: met, but where?", row->seed,
                                                    row->requirement));
    }
  return problems;
}

static void
test_table_holds (void)
{
  g_autoptr(GPtrArray) rows = read_table ();
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seeds = g_hash_table_new (g_str_hash, g_str_equal);

  vt_register_resources ();
  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  problems = check_table (rows, procedures);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (rows->len, >=, 50);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);

      g_hash_table_add (seeds, row->seed);
      /* Nothing a kiosk could do is left undone. */
      g_assert_cmpstr (row->status, !=, "missing");
    }
  for (const char *const *seed = (const char *const[]){ "000", "001", "002", "003", "004", NULL };
       *seed; seed++)
    g_assert_true (g_hash_table_contains (seeds, *seed));
}

/* The same table against a copy of the definitions in which 003 no longer requires the
 * Ecuadorian mobile of its Apartado 2 and its video may be larger: the check must say so. */
static void
test_detects_a_lost_requirement (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vt-coverage-XXXXXX", &error);
  g_autofree char *data = source_path ("data/procedures");
  g_autoptr(GDir) listing = g_dir_open (data, 0, &error);
  g_autoptr(GPtrArray) rows = read_table ();
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean mobile = FALSE, video = FALSE;
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *from = g_build_filename (data, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_file_get_contents (from, &text, NULL, &error);
      g_assert_no_error (error);
      if (g_str_equal (name, "actualizacion-contacto-exterior.json"))
        {
          g_autoptr(GString) changed = g_string_new (text);

          g_assert_cmpuint (g_string_replace (changed, "\"id\": \"celular_ec\",",
                                              "\"id\": \"celular_ec\", \"required\": false,", 1),
                            ==, 1);
          g_assert_cmpuint (g_string_replace (changed, "\"max_bytes\": 5000000",
                                              "\"max_bytes\": 6000000", 1), ==, 1);
          g_free (text);
          text = g_string_free (g_steal_pointer (&changed), FALSE);
        }
      g_file_set_contents (to, text, -1, &error);
      g_assert_no_error (error);
    }

  procedures = vt_procedures_load_directory (dir, &error);
  g_assert_no_error (error);
  problems = check_table (rows, procedures);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s", problem);
      mobile |= strstr (problem, "field celular_ec is not required") != NULL;
      video |= strstr (problem, "document video_autorizacion allows 6000000") != NULL;
    }
  g_assert_true (mobile);
  g_assert_true (video);
  g_assert_cmpuint (problems->len, ==, 2);

  g_dir_rewind (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/papers/seed-coverage/table-holds", test_table_holds);
  g_test_add_func ("/papers/seed-coverage/detects-a-lost-requirement",
                   test_detects_a_lost_requirement);
  return g_test_run ();
}

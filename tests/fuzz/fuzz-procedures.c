/* fuzz-procedures.c — the definition loader against mutated copies of the built-in files.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As a g_test program it takes each built-in definition and loads a fixed number of mutated
 * copies of it, drawn from a seeded GRand so that a failure is reproducible (VT_FUZZ_SEED and
 * VT_FUZZ_ITERATIONS change the defaults). Mutations are byte-level (bit flips, deletions,
 * duplicated spans, truncation, inserted JSON tokens) and structural (a member's value swapped
 * for one of another type, removed, replaced by another string of the file, or an unknown
 * member added), so that both the JSON parser and the loader's own checks are reached.
 * Built with -DVT_LIBFUZZER -fsanitize=fuzzer it is instead a libFuzzer target checking the
 * same invariants:
 *
 *  - no crash, no GLib warning or critical;
 *  - either a VtProcedure and no error, or no procedure and a VT_PROCEDURE_ERROR whose message
 *    starts with the file name;
 *  - a procedure that loads is consistent: its id is the file's name, every page's document
 *    and every condition's field exist, field ids are unique.
 *
 * Text that is not valid UTF-8 (in an error message or a loaded string) is a known bug (see
 * /fuzz/edge/utf8): it is counted and reported, not fatal, so that the fuzzer keeps
 * looking for worse.
 *
 * The definitions hold no personal data, so printing a failing input is fine.
 */

#define G_LOG_DOMAIN "vt-tests"

#include "procedures/vt-procedure.h"
#include "vt-application.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char * const builtin_ids[] = {
  "copias-certificadas-exterior",
  "certificado-atencion-sgrt",
  "no-afiliacion-extranjeros",
  "actualizacion-contacto-exterior",
  "codigo-extranjeros",
};

typedef enum
{
  OUTCOME_LOADED,
  OUTCOME_PARSE_ERROR,
  OUTCOME_INVALID,
} Outcome;

G_GNUC_NORETURN static void
invariant_failed (const char *what,
                  const char *file_name,
                  GBytes     *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *head = g_strndup (data, MIN (size, 4000));
  g_autofree char *escaped = g_strescape (head, NULL);

  g_printerr ("Invariant broken: %s\n  file: %s\n  input (%" G_GSIZE_FORMAT " bytes): %s\n",
              what, file_name, size, escaped);
  abort ();
}

#define CHECK(cond, what) \
  G_STMT_START { if (G_UNLIKELY (!(cond))) invariant_failed (what, file_name, bytes); } G_STMT_END

/* What the loader lets through although FORMAT.md gives it no meaning: counted per reason and
 * reported, not fatal (see the report in test_fuzz ()). */
static GHashTable *lenient;

#define NOTE(cond, what) \
  G_STMT_START \
    { \
      if (G_UNLIKELY (!(cond)) && lenient != NULL) \
        g_hash_table_replace (lenient, (gpointer)(what), \
                              GUINT_TO_POINTER (GPOINTER_TO_UINT ( \
                                g_hash_table_lookup (lenient, what)) + 1)); \
    } \
  G_STMT_END

static gboolean
field_known (VtProcedure *procedure,
             const char  *id)
{
  return g_strcmp0 (id, "canal") == 0 || vt_procedure_find_field (procedure, id) != NULL;
}

static gboolean
utf8_or_null (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

/* Whether every string a person may see is valid UTF-8. */
static gboolean
procedure_is_utf8 (VtProcedure *procedure)
{
  GPtrArray *pages = vt_procedure_get_pages (procedure);
  GPtrArray *documents = vt_procedure_get_documents (procedure);

  if (!utf8_or_null (vt_procedure_get_title (procedure))
      || !utf8_or_null (vt_procedure_get_summary (procedure))
      || !utf8_or_null (vt_procedure_get_video_text (procedure)))
    return FALSE;
  for (guint i = 0; i < documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (documents, i);

      if (!utf8_or_null (document->title) || !utf8_or_null (document->description))
        return FALSE;
    }
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (!utf8_or_null (page->title) || !utf8_or_null (page->description))
        return FALSE;
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);

          if (!utf8_or_null (field->label) || !utf8_or_null (field->help)
              || !utf8_or_null (field->placeholder))
            return FALSE;
          for (guint k = 0; field->options && k < field->options->len; k++)
            if (!utf8_or_null (((const VtOption *)g_ptr_array_index (field->options, k))->label))
              return FALSE;
        }
    }
  return TRUE;
}

static void
check_procedure (VtProcedure *procedure,
                 const char  *file_name,
                 GBytes      *bytes)
{
  g_autofree char *base = g_path_get_basename (file_name);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *pages = vt_procedure_get_pages (procedure);
  GPtrArray *documents = vt_procedure_get_documents (procedure);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - 5] = '\0';
  CHECK (g_strcmp0 (vt_procedure_get_id (procedure), base) == 0, "id differs from file name");
  CHECK (vt_procedure_get_title (procedure) != NULL, "no title");
  CHECK (vt_procedure_get_channels (procedure)->len > 0, "no channel");
  CHECK (pages->len > 0, "no page");
  CHECK (documents->len > 0, "no document");
  CHECK (vt_procedure_get_max_file_bytes (procedure) > 0, "no file size limit");

  for (guint i = 0; i < documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (documents, i);

      CHECK (document->formats != NULL, "document without format list");
      NOTE (document->formats[0] != NULL, "a document with an empty \"formats\" list");
      CHECK (document->max_bytes > 0, "document without size limit");
      CHECK (document->when == NULL || field_known (procedure, document->when->field),
             "document condition on an unknown field");
    }

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      CHECK (page->id != NULL && page->title != NULL, "page without id or title");
      CHECK (page->when == NULL || field_known (procedure, page->when->field),
             "page condition on an unknown field");
      CHECK (page->when == NULL || page->when->values != NULL, "page condition without values");
      NOTE (page->when == NULL || page->when->values[0] != NULL,
            "a page condition with an empty \"in\" list");
      if (page->kind == VT_PAGE_FIELDS)
        CHECK (page->fields != NULL && page->fields->len > 0, "fields page without fields");
      else
        CHECK (vt_procedure_find_document (procedure, page->document) != NULL,
               "page on an unknown document");

      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);

          CHECK (g_hash_table_add (ids, field->id), "duplicate field id");
          CHECK (vt_procedure_find_field (procedure, field->id) == field, "find_field mismatch");
          CHECK (field->label != NULL && field->validator != NULL, "field without label");
          CHECK (field->max_length > 0, "field without length limit");
          CHECK (field->type != VT_FIELD_CHOICE
                 || (field->options != NULL && field->options->len > 0),
                 "choice without options");
          CHECK (field->when == NULL || field_known (procedure, field->when->field),
                 "field condition on an unknown field");
          CHECK (field->validator_arg == NULL || field_known (procedure, field->validator_arg),
                 "validator argument is not a field");
        }
    }
}

/* `bad_utf8` (may be NULL) is set when the outcome carries text that is not UTF-8. */
static Outcome
check_input (GBytes     *bytes,
             const char *file_name,
             gboolean   *bad_utf8)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtProcedure) procedure = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s: ", file_name);

  procedure = vt_procedure_new_from_bytes (bytes, file_name, &error);
  if (procedure != NULL)
    {
      CHECK (error == NULL, "a procedure and an error");
      check_procedure (procedure, file_name, bytes);
      if (bad_utf8 != NULL)
        *bad_utf8 = !procedure_is_utf8 (procedure);
      return OUTCOME_LOADED;
    }

  CHECK (error != NULL, "neither a procedure nor an error");
  CHECK (error->domain == VT_PROCEDURE_ERROR, "error outside VT_PROCEDURE_ERROR");
  CHECK (error->message != NULL && g_str_has_prefix (error->message, prefix),
         "message does not start with the file name");
  CHECK (strlen (error->message) > strlen (prefix), "message names no problem");
  if (bad_utf8 != NULL)
    *bad_utf8 = !g_utf8_validate (error->message, -1, NULL);
  return error->code == VT_PROCEDURE_ERROR_PARSE ? OUTCOME_PARSE_ERROR : OUTCOME_INVALID;
}

#ifdef VT_LIBFUZZER

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The first byte picks the file name (so that the id check can pass), the rest is the file. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *file_name = NULL;

  if (size < 1)
    return 0;

  file_name = g_strdup_printf ("%s.json", builtin_ids[data[0] % G_N_ELEMENTS (builtin_ids)]);
  bytes = g_bytes_new (data + 1, size - 1);
  check_input (bytes, file_name, NULL);

  return 0;
}

#else /* !VT_LIBFUZZER */

/* Pieces of JSON that tend to reach the parser's and the loader's corners. */
static const char * const tokens[] = {
  "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-1", "1e999", "1.5",
  "9223372036854775808", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"é\"", "\"canal\"",
  "\"when\": {\"field\": \"canal\", \"equals\": \"virtual\"}, ", "\"id\": \"x\", ", "{}", "[]",
  "\xff", "\xc3", "\t", "\n",
};

static guint
env_uint (const char *variable,
          guint       fallback)
{
  const char *value = g_getenv (variable);
  guint64 parsed;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &parsed, NULL))
    return fallback;

  return (guint) parsed;
}

static void
mutate_bytes (GByteArray *data,
              GRand      *rand)
{
  guint len = data->len;
  guint pos = len > 0 ? g_rand_int_range (rand, 0, len) : 0;

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0: /* Flip a bit. */
      if (len > 0)
        data->data[pos] ^= 1u << g_rand_int_range (rand, 0, 8);
      break;

    case 1: /* Delete a span. */
      if (len > 0)
        {
          guint span = g_rand_int_range (rand, 1, 65);

          g_byte_array_remove_range (data, pos, MIN (len - pos, span));
        }
      break;

    case 2: /* Duplicate a span somewhere else. */
      if (len > 0)
        {
          guint wanted = g_rand_int_range (rand, 1, 513);
          guint span = MIN (len - pos, wanted);
          g_autofree guint8 *piece = g_memdup2 (data->data + pos, span);
          guint at = g_rand_int_range (rand, 0, len + 1);
          GByteArray *tail;

          /* GByteArray has no insert: cut and paste. */
          tail = g_byte_array_new ();
          g_byte_array_append (tail, data->data + at, len - at);
          g_byte_array_set_size (data, at);
          g_byte_array_append (data, piece, span);
          g_byte_array_append (data, tail->data, tail->len);
          g_byte_array_unref (tail);
        }
      break;

    case 3: /* Truncate. */
      g_byte_array_set_size (data, pos);
      break;

    case 4: /* Insert a token. */
    case 5:
      {
        const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
        GByteArray *tail = g_byte_array_new ();

        g_byte_array_append (tail, data->data + pos, len - pos);
        g_byte_array_set_size (data, pos);
        g_byte_array_append (data, (const guint8 *)token, strlen (token));
        g_byte_array_append (data, tail->data, tail->len);
        g_byte_array_unref (tail);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  JsonObject *object;
  const char *name;
} Member;

static void
collect (JsonNode  *node,
         GPtrArray *members,
         GPtrArray *strings)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          Member *member = g_new (Member, 1);

          member->object = object;
          member->name = l->data;
          g_ptr_array_add (members, member);
          collect (json_object_get_member (object, l->data), members, strings);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect (json_array_get_element (array, i), members, strings);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (strings, (gpointer)json_node_get_string (node));
}

/* A value of some other type than `old`, or of the same type with another shape. */
static JsonNode *
other_value (JsonNode  *old,
             GPtrArray *strings,
             GRand     *rand)
{
  JsonNode *node = NULL;

  for (;;)
    {
      g_clear_pointer (&node, json_node_unref);
      switch (g_rand_int_range (rand, 0, 12))
        {
        case 0:
          node = json_node_init_string (json_node_alloc (), "x");
          break;
        case 1:
          node = json_node_init_string (json_node_alloc (), "");
          break;
        case 2:
          node = json_node_init_int (json_node_alloc (), g_rand_int_range (rand, -3, 3));
          break;
        case 3:
          node = json_node_init_int (json_node_alloc (), G_MAXINT64);
          break;
        case 4:
          node = json_node_init_double (json_node_alloc (), 0.5);
          break;
        case 5:
          node = json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
          break;
        case 6:
          node = json_node_init_null (json_node_alloc ());
          break;
        case 7:
          {
            g_autoptr(JsonArray) array = json_array_new ();
            node = json_node_init_array (json_node_alloc (), array);
          }
          break;
        case 8:
          {
            g_autoptr(JsonArray) array = json_array_new ();
            json_array_add_string_element (array, strings->len > 0
                                           ? g_ptr_array_index (strings, 0) : "x");
            json_array_add_int_element (array, 1);
            node = json_node_init_array (json_node_alloc (), array);
          }
          break;
        case 9:
          {
            g_autoptr(JsonObject) object = json_object_new ();
            node = json_node_init_object (json_node_alloc (), object);
          }
          break;
        case 10:
          {
            g_autoptr(JsonObject) object = json_object_new ();
            json_object_set_string_member (object, "field", "canal");
            json_object_set_string_member (object, "equals", "presencial");
            node = json_node_init_object (json_node_alloc (), object);
          }
          break;
        case 11: /* Another string of the same file: ids, kinds, validators... */
          if (strings->len == 0)
            continue;
          node = json_node_init_string (json_node_alloc (),
                                        g_ptr_array_index (strings,
                                                           g_rand_int_range (rand, 0,
                                                                             strings->len)));
          break;
        default:
          g_assert_not_reached ();
        }
      if (json_node_get_node_type (node) != json_node_get_node_type (old)
          || !json_node_equal (node, old))
        return node;
    }
}

/* Parses the original again (json-glib copies nodes by reference) and changes a few members. */
static void
mutate_structure (GBytes     *original,
                  GByteArray *out,
                  GRand      *rand)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  g_autofree char *json = NULL;
  JsonNode *root;
  guint n = g_rand_int_range (rand, 1, 4);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (original, NULL),
                                             g_bytes_get_size (original), NULL));
  root = json_parser_get_root (parser);
  collect (root, members, strings);

  for (guint i = 0; i < n && members->len > 0; i++)
    {
      guint index = g_rand_int_range (rand, 0, members->len);
      Member *member = g_ptr_array_index (members, index);
      g_autofree char *name = g_strdup (member->name);
      JsonNode *old = json_object_get_member (member->object, name);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* Remove it. */
          json_object_remove_member (member->object, name);
          break;

        case 1: /* Add a member this format does not have. */
          json_object_set_string_member (member->object, "desconocido", "x");
          break;

        default: /* Swap the value for another. */
          json_object_set_member (member->object, name, other_value (old, strings, rand));
          break;
        }

      /* What the old value held is gone: collect again rather than keep dangling names. */
      g_ptr_array_set_size (members, 0);
      g_ptr_array_set_size (strings, 0);
      collect (root, members, strings);
    }

  json = json_to_string (root, g_rand_boolean (rand));
  g_byte_array_append (out, (const guint8 *)json, strlen (json));
}

static void
test_fuzz (gconstpointer data)
{
  const char *id = data;
  g_autofree char *path = g_strdup_printf (RESOURCE_BASE "/procedures/%s.json", id);
  g_autofree char *file_name = g_strdup_printf ("%s.json", id);
  guint iterations = env_uint ("VT_FUZZ_ITERATIONS", 3000);
  guint32 seed = env_uint ("VT_FUZZ_SEED", 20260101) ^ g_str_hash (id);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[3] = { 0, 0, 0 };
  guint n_bad_utf8 = 0;

  vt_register_resources ();
  original = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_test_message ("%u inputs, GRand seed %u", iterations, seed);

  /* The original itself loads. */
  g_assert_cmpint (check_input (original, file_name, NULL), ==, OUTCOME_LOADED);

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GByteArray) input = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind < 5)
        mutate_structure (original, input, rand);
      else
        g_byte_array_append (input, g_bytes_get_data (original, NULL),
                             g_bytes_get_size (original));
      /* Structural mutations alone half of the time; bytes on top of them otherwise. */
      if (kind >= 3)
        {
          guint n = g_rand_int_range (rand, 1, 5);

          for (guint m = 0; m < n; m++)
            mutate_bytes (input, rand);
        }

      gboolean bad_utf8 = FALSE;

      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&input));
      counts[check_input (bytes, file_name, &bad_utf8)]++;
      n_bad_utf8 += bad_utf8;
    }

  g_test_message ("loaded %u, not JSON %u, refused by the loader %u; not UTF-8 (known bug) %u",
                  counts[OUTCOME_LOADED], counts[OUTCOME_PARSE_ERROR], counts[OUTCOME_INVALID],
                  n_bad_utf8);
  {
    GHashTableIter iter;
    gpointer reason, count;

    g_hash_table_iter_init (&iter, lenient);
    while (g_hash_table_iter_next (&iter, &reason, &count))
      g_test_message ("accepted %u times: %s", GPOINTER_TO_UINT (count), (const char *)reason);
    g_hash_table_remove_all (lenient);
  }
  /* A fuzzer whose inputs all die in the JSON parser tests json-glib, not us: most structural
   * mutations must reach the loader's own checks, and some must still load. */
  g_assert_cmpuint (counts[OUTCOME_INVALID], >=, iterations / 5);
  g_assert_cmpuint (counts[OUTCOME_LOADED], >=, 1);
}

#if defined(__SANITIZE_ADDRESS__)
# define VT_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define VT_ASAN 1
# endif
#endif

#define TWO_VALUES_NAME "dos.json"

/* Inputs that are not mutations of a definition at all. */
static const char nul_inside[] = "{\"format\": 1,\0 \"id\": \"nul\"}";

static void
test_edge_cases (void)
{
  static const struct
  {
    const char *file_name;
    const char *data;
    gssize      size;
  } cases[] = {
    { "vacio.json", "", 0 },
    { "blanco.json", " \n\t ", -1 },
    { "nulo.json", "null", -1 },
    { "lista.json", "[]", -1 },
    { "objeto.json", "{}", -1 },
    { "numero.json", "1", -1 },
    { "nul.json", nul_inside, sizeof nul_inside - 1 },
    { "sin-extension", "{\"format\": 1}", -1 },
    { "carpeta/anidado.json", "{\"format\": 1, \"id\": \"anidado\"}", -1 },
    /* Two top-level values: json-glib 1.6 keeps the first and leaks the second. */
    { TWO_VALUES_NAME, "{\"format\": 1} {\"format\": 1}", -1 },
    { "grande.json", "{\"format\": 99999999999999999999999}", -1 },
    { "negativo.json", "{\"format\": -1}", -1 },
    { "sustituto.json", "{\"format\": 1, \"id\": \"\\ud800\"}", -1 },
    { "cero.json", "{\"format\": 1, \"id\": \"a\\u0000b\"}", -1 },
    { "condicion.json", "{\"format\": 1, \"id\": \"condicion\", \"version\": 1, \"seed\": \"9\","
      " \"title\": \"t\", \"summary\": \"s\", \"max_file_bytes\": 1, \"channels\": [{\"id\":"
      " \"virtual\", \"title\": \"t\", \"instructions\": \"i\"}], \"documents\": [{\"id\": \"d\","
      " \"kind\": \"photo\", \"title\": \"t\", \"formats\": [\"image/jpeg\"]}], \"pages\": ["
      "{\"id\": \"p\", \"kind\": \"capture\", \"title\": \"t\", \"document\": \"d\", \"when\":"
      " {\"field\": \"canal\", \"equals\": \"virtual\", \"in\": [\"virtual\"]}}]}", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize size = cases[i].size < 0 ? strlen (cases[i].data) : (gsize)cases[i].size;
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, size);

#ifdef VT_ASAN
      /* The leak is json-glib's, but Debian's GLib has no frame pointers, so LeakSanitizer's
       * default stacks stop at g_malloc () and no suppression can name json-glib. */
      if (g_str_equal (cases[i].file_name, TWO_VALUES_NAME))
        {
          g_test_message ("%s skipped under AddressSanitizer (leak in json-glib)",
                          cases[i].file_name);
          continue;
        }
#endif
      g_assert_cmpint (check_input (bytes, cases[i].file_name, NULL), !=, OUTCOME_LOADED);
    }
}

/* An empty GBytes may have no data pointer at all (g_bytes_new (NULL, 0), or a copy of an empty
 * buffer): that is an empty file, to be refused like one. */
static void
test_empty_bytes (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) no_data = g_bytes_new (NULL, 0);
      g_autoptr(GBytes) copied = g_bytes_new ("{}", 0);

      g_assert_null (g_bytes_get_data (no_data, NULL));
      g_assert_cmpint (check_input (no_data, "vacio.json", NULL), ==, OUTCOME_INVALID);
      g_assert_cmpint (check_input (copied, "vacio.json", NULL), ==, OUTCOME_INVALID);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (!g_test_trap_has_passed ())
    {
      /* Known bug in src/procedures/vt-procedure.c, vt_procedure_new_from_bytes (): the NULL
       * data of an empty GBytes goes to json_parser_load_from_data (), which returns FALSE
       * with a critical and no GError, and local_error->message is then read through NULL. */
      g_test_fail_printf ("%s", "an empty GBytes without data crashes the loader");
      return;
    }
  g_test_trap_assert_passed ();
}

/* json-glib turns a lone UTF-16 surrogate escape into bytes that are not UTF-8, both in strings
 * it accepts and in its own parse error messages. What the loader returns is shown to people
 * (labels) and technicians (messages), so it must be UTF-8 either way. */
static void
test_utf8 (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) in_label = NULL;
  g_autoptr(GBytes) in_error = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean bad = FALSE;
  const char *at;

  vt_register_resources ();
  original = g_resources_lookup_data (RESOURCE_BASE "/procedures/codigo-extranjeros.json",
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (original);

  /* A label holding "\ud800" between letters: accepted by json-glib. */
  text = g_string_new_len (g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  at = strstr (text->str, "\"label\": \"Nombres\"");
  g_assert_nonnull (at);
  g_string_insert (text, at - text->str + strlen ("\"label\": \"Nombres"), "\\ud800x");
  in_label = g_bytes_new (text->str, text->len);
  if (check_input (in_label, "codigo-extranjeros.json", &bad) == OUTCOME_LOADED && bad)
    g_string_append (problems, " a label that is not UTF-8 was loaded;");

  /* A parse error right after such a string: json-glib quotes it in its message. */
  g_string_assign (text, "{\"format\": 1, \"id\": \"\\ud800\" \"x\"}");
  in_error = g_bytes_new (text->str, text->len);
  bad = FALSE;
  g_assert_cmpint (check_input (in_error, "codigo-extranjeros.json", &bad), ==,
                   OUTCOME_PARSE_ERROR);
  if (bad)
    g_string_append (problems, " a parse error message is not UTF-8;");

  if (problems->len > 0)
    {
      /* Known bug in src/procedures/vt-procedure.c: get_string () and get_strv () take
       * json-glib's strings without g_utf8_validate (), and vt_procedure_new_from_bytes ()
       * copies json-glib's parse error message as it is. */
      g_test_fail_printf ("%s", problems->str);
      return;
    }
}

/* json-glib parses recursively; a definition nested deeply enough must be refused, not take
 * the kiosk (or ventanilla --check-procedures) down with a stack overflow. */
static void
test_deep_nesting (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;

      g_byte_array_set_size (data, 1000000);
      memset (data->data, '[', data->len);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
      check_input (bytes, "profundo.json", NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (!g_test_trap_has_passed ())
    {
      /* Known bug: vt_procedure_new_from_bytes () (src/procedures/vt-procedure.c) hands any
       * input to json_parser_load_from_data (), which recurses once per nesting level. */
      g_test_fail_printf ("%s", "a definition of 1,000,000 “[” crashes the loader (stack overflow in "
                         "json-glib)");
      return;
    }
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) notes = g_hash_table_new (g_str_hash, g_str_equal);

  g_test_init (&argc, &argv, NULL);
  lenient = notes;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/procedures/%s", builtin_ids[i]);
      g_test_add_data_func (path, builtin_ids[i], test_fuzz);
    }
  /* tests/meson.build runs these paths by name, side by side: a new path goes there too. */
  g_test_add_func ("/fuzz/edge/edge-cases", test_edge_cases);
  g_test_add_func ("/fuzz/edge/empty-bytes", test_empty_bytes);
  g_test_add_func ("/fuzz/edge/utf8", test_utf8);
  g_test_add_func ("/fuzz/edge/deep-nesting", test_deep_nesting);

  return g_test_run ();
}

#endif /* !VT_LIBFUZZER */

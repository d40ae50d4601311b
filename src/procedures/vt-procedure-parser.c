/* vt-procedure-parser.c — reading a definition file, naming file, path and problem.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-procedure-private.h"

#include "vt-countries.h"
#include "vt-validators.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#define MAX_DEFINITION_BYTES (1024 * 1024)
#define MAX_DEFINITION_DEPTH 64

/* The deepest nesting of objects and arrays, outside strings. */
static guint
nesting_depth (const char *data,
               gsize       size)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
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

/* The parser state: where we are in the file, for messages that name the place. */
typedef struct
{
  const char *file_name;
  GString    *path;
  GError    **error;
  gboolean    failed;  /* set by fail() even when the caller asked for no GError */
} Ctx;

/* Error reporting: "file.json: $.pages[2].fields[0].validator: problem". */
G_GNUC_PRINTF (2, 3) static gboolean
fail (Ctx        *ctx,
      const char *format,
      ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  ctx->failed = TRUE;
  if (ctx->error == NULL || *ctx->error != NULL)
    return FALSE;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (ctx->error, VT_PROCEDURE_ERROR, VT_PROCEDURE_ERROR_INVALID,
               "%s: %s: %s", ctx->file_name, ctx->path->str, problem);
  return FALSE;
}

static gsize
path_push (Ctx        *ctx,
           const char *key)
{
  gsize len = ctx->path->len;

  g_string_append_printf (ctx->path, ".%s", key);
  return len;
}

static gsize
path_push_index (Ctx  *ctx,
                 guint index)
{
  gsize len = ctx->path->len;

  g_string_append_printf (ctx->path, "[%u]", index);
  return len;
}

static void
path_pop (Ctx   *ctx,
          gsize  len)
{
  g_string_truncate (ctx->path, len);
}

static gboolean
check_keys (Ctx               *ctx,
            JsonObject        *object,
            const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          gsize len = path_push (ctx, l->data);
          fail (ctx, "unknown key");
          path_pop (ctx, len);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
get_string (Ctx         *ctx,
            JsonObject  *object,
            const char  *key,
            gboolean     required,
            char       **out)
{
  JsonNode *node = json_object_get_member (object, key);
  gsize len;
  const char *value;

  *out = NULL;
  if (node == NULL)
    {
      if (!required)
        return TRUE;
      len = path_push (ctx, key);
      fail (ctx, "missing (a string is required)");
      path_pop (ctx, len);
      return FALSE;
    }

  len = path_push (ctx, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (ctx, "must be a string");
      path_pop (ctx, len);
      return FALSE;
    }
  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    {
      fail (ctx, "must not be empty");
      path_pop (ctx, len);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      fail (ctx, "is not valid UTF-8");
      path_pop (ctx, len);
      return FALSE;
    }
  path_pop (ctx, len);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_int (Ctx        *ctx,
         JsonObject *object,
         const char *key,
         gboolean    required,
         gint64      minimum,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, key);
  gsize len;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      len = path_push (ctx, key);
      fail (ctx, "missing (a whole number is required)");
      path_pop (ctx, len);
      return FALSE;
    }
  len = path_push (ctx, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      fail (ctx, "must be a whole number");
      path_pop (ctx, len);
      return FALSE;
    }
  *out = json_node_get_int (node);
  if (*out < minimum)
    {
      fail (ctx, "must be at least %" G_GINT64_FORMAT, minimum);
      path_pop (ctx, len);
      return FALSE;
    }
  path_pop (ctx, len);
  return TRUE;
}

static gboolean
get_bool (Ctx        *ctx,
          JsonObject *object,
          const char *key,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, key);
  gsize len;

  if (node == NULL)
    return TRUE;
  len = path_push (ctx, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      fail (ctx, "must be true or false");
      path_pop (ctx, len);
      return FALSE;
    }
  path_pop (ctx, len);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_strv (Ctx          *ctx,
          JsonObject   *object,
          const char   *key,
          gboolean      required,
          char       ***out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  gsize len;

  *out = NULL;
  if (node == NULL)
    {
      if (!required)
        return TRUE;
      len = path_push (ctx, key);
      fail (ctx, "missing (a list of strings is required)");
      path_pop (ctx, len);
      return FALSE;
    }

  len = path_push (ctx, key);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (ctx, "must be a list of strings");
      path_pop (ctx, len);
      return FALSE;
    }
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING
          || *json_node_get_string (item) == '\0'
          || !g_utf8_validate (json_node_get_string (item), -1, NULL))
        {
          gsize ilen = path_push_index (ctx, i);
          fail (ctx, "must be a non-empty string");
          path_pop (ctx, ilen);
          path_pop (ctx, len);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  path_pop (ctx, len);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static JsonArray *
get_array (Ctx        *ctx,
           JsonObject *object,
           const char *key,
           gboolean    required)
{
  JsonNode *node = json_object_get_member (object, key);
  gsize len;

  if (node == NULL)
    {
      if (required)
        {
          len = path_push (ctx, key);
          fail (ctx, "missing (a list is required)");
          path_pop (ctx, len);
        }
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      len = path_push (ctx, key);
      fail (ctx, "must be a list");
      path_pop (ctx, len);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (Ctx       *ctx,
                JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
is_identifier (const char *id,
               gboolean    allow_hyphen)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'
            || (allow_hyphen && *p == '-')))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_condition (Ctx          *ctx,
                 JsonObject   *object,
                 VtCondition **out)
{
  static const char * const keys[] = { "field", "equals", "in", NULL };
  JsonNode *node = json_object_get_member (object, "when");
  g_autofree char *field = NULL;
  g_autofree char *equals = NULL;
  g_auto(GStrv) in = NULL;
  JsonObject *when;
  gsize len;
  gboolean ok = FALSE;

  *out = NULL;
  if (node == NULL)
    return TRUE;

  len = path_push (ctx, "when");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, "must be an object with \"field\" and \"equals\" or \"in\"");
      goto out;
    }
  when = json_node_get_object (node);
  if (!check_keys (ctx, when, keys)
      || !get_string (ctx, when, "field", TRUE, &field)
      || !get_string (ctx, when, "equals", FALSE, &equals)
      || !get_strv (ctx, when, "in", FALSE, &in))
    goto out;
  if ((equals == NULL) == (in == NULL))
    {
      fail (ctx, "needs exactly one of \"equals\" and \"in\"");
      goto out;
    }

  *out = g_new0 (VtCondition, 1);
  (*out)->field = g_steal_pointer (&field);
  if (equals != NULL)
    {
      (*out)->values = g_new0 (char *, 2);
      (*out)->values[0] = g_steal_pointer (&equals);
    }
  else
    (*out)->values = g_steal_pointer (&in);
  ok = TRUE;

out:
  path_pop (ctx, len);
  return ok;
}

static const char * const field_types[] = {
  "text", "multiline", "choice", "date", "email", "phone", "country", "number", NULL
};

/* A "province" field is a choice among Ecuador's provinces as ISO 3166-2 (iso-codes) names
 * them, stored as their codes ("EC-P"); `outside_option` adds a last choice, "exterior", for
 * people born abroad. */
static void
fill_provinces (VtField    *field,
                const char *outside_label)
{
  g_autoptr(GPtrArray) provinces = vt_subdivisions_get ("EC", "Province");

  field->type = VT_FIELD_CHOICE;
  field->options = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_option_free);
  for (guint i = 0; i < provinces->len; i++)
    {
      const VtSubdivision *province = g_ptr_array_index (provinces, i);
      VtOption *option = g_new0 (VtOption, 1);

      option->value = g_strdup (province->code);
      option->label = g_strdup (province->name);
      g_ptr_array_add (field->options, option);
    }
  if (outside_label != NULL)
    {
      VtOption *option = g_new0 (VtOption, 1);

      option->value = g_strdup ("exterior");
      option->label = g_strdup (outside_label);
      g_ptr_array_add (field->options, option);
    }
}

static VtField *
parse_field (Ctx        *ctx,
             JsonObject *object)
{
  static const char * const keys[] = {
    "id", "type", "label", "help", "placeholder", "required", "validator", "validator_arg",
    "options", "when", "max_length", "outside_option", NULL
  };
  g_autofree char *type = NULL;
  g_autofree char *outside = NULL;
  VtField *field = g_new0 (VtField, 1);
  gint64 max_length = 0;
  JsonArray *options;

  field->required = TRUE;
  if (!check_keys (ctx, object, keys)
      || !get_string (ctx, object, "id", TRUE, &field->id)
      || !get_string (ctx, object, "type", TRUE, &type)
      || !get_string (ctx, object, "label", TRUE, &field->label)
      || !get_string (ctx, object, "help", FALSE, &field->help)
      || !get_string (ctx, object, "placeholder", FALSE, &field->placeholder)
      || !get_bool (ctx, object, "required", &field->required)
      || !get_string (ctx, object, "validator", FALSE, &field->validator)
      || !get_string (ctx, object, "validator_arg", FALSE, &field->validator_arg)
      || !parse_condition (ctx, object, &field->when)
      || !get_int (ctx, object, "max_length", FALSE, 1, &max_length)
      || !get_string (ctx, object, "outside_option", FALSE, &outside))
    goto error;

  if (!is_identifier (field->id, FALSE))
    {
      gsize len = path_push (ctx, "id");
      fail (ctx, "“%s” is not a valid id (use a-z, 0-9 and _)", field->id);
      path_pop (ctx, len);
      goto error;
    }

  field->type = VT_FIELD_TEXT;
  for (guint i = 0; field_types[i]; i++)
    if (g_str_equal (field_types[i], type))
      field->type = (VtFieldType)i;
  if (g_str_equal (type, "province"))
    {
      if (json_object_has_member (object, "options"))
        {
          gsize len = path_push (ctx, "options");
          fail (ctx, "a province field takes its options from ISO 3166-2");
          path_pop (ctx, len);
          goto error;
        }
      fill_provinces (field, outside);
      if (field->options->len == 0)
        {
          fail (ctx, "no provinces of Ecuador found (is iso-codes installed?)");
          goto error;
        }
    }
  else if (outside != NULL)
    {
      gsize len = path_push (ctx, "outside_option");
      fail (ctx, "only province fields have an outside option");
      path_pop (ctx, len);
      goto error;
    }
  else if (!g_strv_contains (field_types, type))
    {
      gsize len = path_push (ctx, "type");
      fail (ctx, "unknown field type “%s”", type);
      path_pop (ctx, len);
      goto error;
    }

  if (field->validator == NULL)
    field->validator = g_strdup (field->type == VT_FIELD_EMAIL ? "email"
                                 : field->type == VT_FIELD_PHONE ? "phone-e164"
                                 : field->type == VT_FIELD_DATE ? "date-past"
                                 : "text");
  if (!vt_validator_exists (field->validator))
    {
      gsize len = path_push (ctx, "validator");
      fail (ctx, "unknown validator “%s”", field->validator);
      path_pop (ctx, len);
      goto error;
    }
  if (vt_validator_needs_arg (field->validator) && field->validator_arg == NULL)
    {
      gsize len = path_push (ctx, "validator_arg");
      fail (ctx, "validator “%s” needs the id of another field", field->validator);
      path_pop (ctx, len);
      goto error;
    }

  field->max_length = max_length > 0 ? (guint)max_length
                      : field->type == VT_FIELD_MULTILINE ? 2000 : 200;

  options = get_array (ctx, object, "options",
                       field->type == VT_FIELD_CHOICE && field->options == NULL);
  if (ctx->failed)
    goto error;
  if (options != NULL)
    {
      gsize len = path_push (ctx, "options");

      if (field->type != VT_FIELD_CHOICE)
        {
          fail (ctx, "only choice fields have options");
          path_pop (ctx, len);
          goto error;
        }
      field->options = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_option_free);
      for (guint i = 0; i < json_array_get_length (options); i++)
        {
          static const char * const option_keys[] = { "value", "label", "phrase", NULL };
          gsize ilen = path_push_index (ctx, i);
          JsonObject *item = element_object (ctx, options, i);
          VtOption *option = g_new0 (VtOption, 1);

          g_ptr_array_add (field->options, option);
          if (item == NULL
              || !check_keys (ctx, item, option_keys)
              || !get_string (ctx, item, "value", TRUE, &option->value)
              || !get_string (ctx, item, "label", TRUE, &option->label)
              || !get_string (ctx, item, "phrase", FALSE, &option->phrase))
            {
              path_pop (ctx, len);
              goto error;
            }
          path_pop (ctx, ilen);
        }
      if (field->options->len == 0)
        {
          fail (ctx, "a choice needs at least one option");
          path_pop (ctx, len);
          goto error;
        }
      path_pop (ctx, len);
    }

  return field;

error:
  vt_field_free (field);
  return NULL;
}

static GPtrArray *
parse_fields (Ctx        *ctx,
              JsonObject *object,
              gboolean    required)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_field_free);
  JsonArray *array = get_array (ctx, object, "fields", required);
  gsize len;

  if (array == NULL)
    return ctx->failed ? NULL : g_steal_pointer (&fields);

  len = path_push (ctx, "fields");
  if (json_array_get_length (array) == 0)
    {
      fail (ctx, "needs at least one field");
      path_pop (ctx, len);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize ilen = path_push_index (ctx, i);
      JsonObject *item = element_object (ctx, array, i);
      VtField *field = item ? parse_field (ctx, item) : NULL;

      if (field == NULL)
        {
          path_pop (ctx, len);
          return NULL;
        }
      g_ptr_array_add (fields, field);
      path_pop (ctx, ilen);
    }
  path_pop (ctx, len);
  return g_steal_pointer (&fields);
}

static gboolean
parse_page (Ctx         *ctx,
            VtProcedure *self,
            JsonObject  *object)
{
  static const char * const keys[] = {
    "id", "kind", "title", "description", "when", "fields", "document", "signs",
    "without_printer", "note", NULL
  };
  g_autofree char *kind = NULL;
  VtPageDef *page = g_new0 (VtPageDef, 1);

  g_ptr_array_add (self->pages, page);
  if (!check_keys (ctx, object, keys)
      || !get_string (ctx, object, "id", TRUE, &page->id)
      || !get_string (ctx, object, "kind", TRUE, &kind)
      || !get_string (ctx, object, "title", TRUE, &page->title)
      || !get_string (ctx, object, "description", FALSE, &page->description)
      || !parse_condition (ctx, object, &page->when)
      || !get_string (ctx, object, "document", FALSE, &page->document)
      || !get_string (ctx, object, "signs", FALSE, &page->signs)
      || !get_string (ctx, object, "without_printer", FALSE, &page->without_printer)
      || !get_string (ctx, object, "note", FALSE, &page->note))
    return FALSE;

  if (g_str_equal (kind, "fields"))
    page->kind = VT_PAGE_FIELDS;
  else if (g_str_equal (kind, "capture"))
    page->kind = VT_PAGE_CAPTURE;
  else if (g_str_equal (kind, "signature"))
    page->kind = VT_PAGE_SIGNATURE;
  else
    {
      gsize len = path_push (ctx, "kind");
      fail (ctx, "unknown page kind “%s” (use fields, capture or signature)", kind);
      path_pop (ctx, len);
      return FALSE;
    }

  if (page->kind == VT_PAGE_FIELDS)
    {
      page->fields = parse_fields (ctx, object, TRUE);
      if (page->fields == NULL)
        return FALSE;
    }
  else if (page->document == NULL)
    {
      gsize len = path_push (ctx, "document");
      fail (ctx, "a %s page needs the id of the document it produces", kind);
      path_pop (ctx, len);
      return FALSE;
    }
  else if (json_object_has_member (object, "fields"))
    {
      gsize len = path_push (ctx, "fields");
      fail (ctx, "only fields pages have fields");
      path_pop (ctx, len);
      return FALSE;
    }
  if ((page->signs != NULL || page->without_printer != NULL) && page->kind != VT_PAGE_SIGNATURE)
    {
      gsize len = path_push (ctx, page->signs != NULL ? "signs" : "without_printer");
      fail (ctx, "only signature pages sign a document");
      path_pop (ctx, len);
      return FALSE;
    }
  if (page->without_printer != NULL && !g_str_equal (page->without_printer, "drawn")
      && !g_str_equal (page->without_printer, "none"))
    {
      gsize len = path_push (ctx, "without_printer");
      fail (ctx, "unknown “%s” (use drawn or none)", page->without_printer);
      path_pop (ctx, len);
      return FALSE;
    }
  if (page->kind == VT_PAGE_SIGNATURE && page->signs != NULL && page->without_printer == NULL)
    page->without_printer = g_strdup ("drawn");
  return TRUE;
}

static const char * const document_kinds[] = {
  "document", "photo", "video", "signature", "generated", NULL
};

static gboolean
parse_document (Ctx         *ctx,
                VtProcedure *self,
                JsonObject  *object)
{
  static const char * const keys[] = {
    "id", "kind", "title", "description", "formats", "max_bytes", "required", "when", "aspect",
    "check_field", "multi_page", NULL
  };
  static const char * const mime_types[] = {
    "image/jpeg", "application/pdf", "video/mp4", "image/png", NULL
  };
  g_autofree char *kind = NULL;
  VtDocument *document = g_new0 (VtDocument, 1);

  g_ptr_array_add (self->documents, document);
  document->required = TRUE;
  document->max_bytes = self->max_file_bytes;
  if (!check_keys (ctx, object, keys)
      || !get_string (ctx, object, "id", TRUE, &document->id)
      || !get_string (ctx, object, "kind", TRUE, &kind)
      || !get_string (ctx, object, "title", TRUE, &document->title)
      || !get_string (ctx, object, "description", FALSE, &document->description)
      || !get_strv (ctx, object, "formats", TRUE, &document->formats)
      || !get_int (ctx, object, "max_bytes", FALSE, 1, &document->max_bytes)
      || !get_bool (ctx, object, "required", &document->required)
      || !parse_condition (ctx, object, &document->when)
      || !get_string (ctx, object, "aspect", FALSE, &document->aspect)
      || !get_string (ctx, object, "check_field", FALSE, &document->check_field)
      || !get_bool (ctx, object, "multi_page", &document->multi_page))
    return FALSE;

  if (!g_strv_contains (document_kinds, kind))
    {
      gsize len = path_push (ctx, "kind");
      fail (ctx, "unknown document kind “%s”", kind);
      path_pop (ctx, len);
      return FALSE;
    }
  for (guint i = 0; document_kinds[i]; i++)
    if (g_str_equal (document_kinds[i], kind))
      document->kind = (VtDocumentKind)i;

  for (guint i = 0; document->formats[i]; i++)
    {
      if (!g_strv_contains (mime_types, document->formats[i]))
        {
          gsize len = path_push (ctx, "formats");
          gsize ilen = path_push_index (ctx, i);
          fail (ctx, "unknown format “%s”", document->formats[i]);
          path_pop (ctx, ilen);
          path_pop (ctx, len);
          return FALSE;
        }
    }
  /* Pages are scanned one by one and joined into a PDF: only a scanned document can have
   * them, and only where the institute takes a PDF. */
  if (document->multi_page
      && (document->kind != VT_DOCUMENT_SCAN
          || !g_strv_contains ((const char * const *)document->formats, "application/pdf")))
    {
      gsize len = path_push (ctx, "multi_page");
      fail (ctx, "only a scanned document accepted as application/pdf can have several pages");
      path_pop (ctx, len);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_channel (Ctx         *ctx,
               VtProcedure *self,
               JsonObject  *object)
{
  static const char * const keys[] = {
    "id", "title", "instructions", "bring", "appointment_required", "after", "available",
    "unavailable_reason", NULL
  };
  VtChannel *channel = g_new0 (VtChannel, 1);

  g_ptr_array_add (self->channels, channel);
  channel->available = TRUE;
  if (!check_keys (ctx, object, keys)
      || !get_string (ctx, object, "id", TRUE, &channel->id)
      || !get_string (ctx, object, "title", TRUE, &channel->title)
      || !get_string (ctx, object, "instructions", TRUE, &channel->instructions)
      || !get_strv (ctx, object, "bring", FALSE, &channel->bring)
      || !get_bool (ctx, object, "appointment_required", &channel->appointment_required)
      || !get_string (ctx, object, "after", FALSE, &channel->after)
      || !get_bool (ctx, object, "available", &channel->available)
      || !get_string (ctx, object, "unavailable_reason", FALSE, &channel->unavailable_reason))
    return FALSE;

  if (!channel->available && channel->unavailable_reason == NULL)
    {
      gsize len = path_push (ctx, "unavailable_reason");
      fail (ctx, "a channel the kiosk cannot file must say why, and what the person can do");
      path_pop (ctx, len);
      return FALSE;
    }

  if (!g_str_equal (channel->id, "virtual") && !g_str_equal (channel->id, "presencial"))
    {
      gsize len = path_push (ctx, "id");
      fail (ctx, "unknown channel “%s” (use virtual or presencial)", channel->id);
      path_pop (ctx, len);
      return FALSE;
    }
  if (channel->bring == NULL)
    channel->bring = g_new0 (char *, 1);
  return TRUE;
}

static gboolean
parse_generated (Ctx         *ctx,
                 VtProcedure *self,
                 JsonObject  *object)
{
  static const char * const keys[] = {
    "id", "kind", "title", "addressee", "fields", "body", "when", "sections", NULL
  };
  static const char * const kinds[] = { "letter", "form", "authorization", NULL };
  static const char * const section_keys[] = { "title", "items", NULL };
  static const char * const item_keys[] = { "mark", "label", "fields", "when", NULL };
  VtGenerated *generated = g_new0 (VtGenerated, 1);
  JsonArray *sections;

  g_ptr_array_add (self->generated, generated);
  if (!check_keys (ctx, object, keys)
      || !get_string (ctx, object, "id", TRUE, &generated->id)
      || !get_string (ctx, object, "kind", TRUE, &generated->kind)
      || !get_string (ctx, object, "title", TRUE, &generated->title)
      || !get_string (ctx, object, "addressee", FALSE, &generated->addressee)
      || !get_strv (ctx, object, "fields", TRUE, &generated->fields)
      || !get_string (ctx, object, "body", FALSE, &generated->body)
      || !parse_condition (ctx, object, &generated->when))
    return FALSE;

  if (!g_strv_contains (kinds, generated->kind))
    {
      gsize len = path_push (ctx, "kind");
      fail (ctx, "unknown generated kind “%s”", generated->kind);
      path_pop (ctx, len);
      return FALSE;
    }

  sections = get_array (ctx, object, "sections", FALSE);
  if (ctx->failed)
    return FALSE;
  if (sections != NULL)
    {
      gsize len = path_push (ctx, "sections");

      generated->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_generated_section_free);
      for (guint i = 0; i < json_array_get_length (sections); i++)
        {
          gsize ilen = path_push_index (ctx, i);
          JsonObject *item = element_object (ctx, sections, i);
          VtGeneratedSection *section = g_new0 (VtGeneratedSection, 1);
          JsonArray *items;

          g_ptr_array_add (generated->sections, section);
          section->items = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_generated_item_free);
          if (item == NULL
              || !check_keys (ctx, item, section_keys)
              || !get_string (ctx, item, "title", TRUE, &section->title)
              || (items = get_array (ctx, item, "items", TRUE)) == NULL)
            {
              path_pop (ctx, len);
              return FALSE;
            }
          {
            gsize jlen = path_push (ctx, "items");

            for (guint j = 0; j < json_array_get_length (items); j++)
              {
                gsize klen = path_push_index (ctx, j);
                JsonObject *entry = element_object (ctx, items, j);
                VtGeneratedItem *line = g_new0 (VtGeneratedItem, 1);

                g_ptr_array_add (section->items, line);
                if (entry == NULL
                    || !check_keys (ctx, entry, item_keys)
                    || !get_string (ctx, entry, "mark", FALSE, &line->mark)
                    || !get_string (ctx, entry, "label", TRUE, &line->label)
                    || !get_strv (ctx, entry, "fields", TRUE, &line->fields)
                    || !parse_condition (ctx, entry, &line->when))
                  {
                    path_pop (ctx, len);
                    return FALSE;
                  }
                path_pop (ctx, klen);
              }
            path_pop (ctx, jlen);
          }
          path_pop (ctx, ilen);
        }
      path_pop (ctx, len);
    }
  return TRUE;
}

typedef gboolean (*ParseItemFunc) (Ctx *, VtProcedure *, JsonObject *);

static gboolean
parse_list (Ctx           *ctx,
            VtProcedure   *self,
            JsonObject    *root,
            const char    *key,
            gboolean       required,
            ParseItemFunc  func)
{
  JsonArray *array = get_array (ctx, root, key, required);
  gsize len;

  if (array == NULL)
    return !ctx->failed;

  len = path_push (ctx, key);
  if (required && json_array_get_length (array) == 0)
    {
      fail (ctx, "must not be empty");
      path_pop (ctx, len);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize ilen = path_push_index (ctx, i);
      JsonObject *item = element_object (ctx, array, i);

      if (item == NULL || !func (ctx, self, item))
        {
          path_pop (ctx, len);
          return FALSE;
        }
      path_pop (ctx, ilen);
    }
  path_pop (ctx, len);
  return TRUE;
}

/* The third-party authorization is asked the same way in every procedure that allows it: a
 * question "who files", then the authorization's own fields on a page shown only for a third
 * party. Building those pages here keeps the wizard free of procedure-specific code. */
static gboolean
parse_third_party (Ctx         *ctx,
                   VtProcedure *self,
                   JsonObject  *root)
{
  static const char * const keys[] = { "channels", "note", "fields", NULL };
  JsonNode *node = json_object_get_member (root, "third_party");
  g_auto(GStrv) channels = NULL;
  g_autofree char *note = NULL;
  VtPageDef *question;
  VtPageDef *details;
  VtField *who;
  VtOption *option;
  JsonObject *object;
  gsize len;

  if (node == NULL)
    return TRUE;

  len = path_push (ctx, "third_party");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, "must be an object");
      path_pop (ctx, len);
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!check_keys (ctx, object, keys)
      || !get_strv (ctx, object, "channels", TRUE, &channels)
      || !get_string (ctx, object, "note", FALSE, &note))
    {
      path_pop (ctx, len);
      return FALSE;
    }

  details = g_new0 (VtPageDef, 1);
  details->id = g_strdup ("tercero");
  details->kind = VT_PAGE_FIELDS;
  details->title = g_strdup (N_("Autorización a terceros"));
  details->description = g_steal_pointer (&note);
  details->when = g_new0 (VtCondition, 1);
  details->when->field = g_strdup ("tramitante");
  details->when->values = g_strsplit ("tercero", ",", -1);
  details->fields = parse_fields (ctx, object, TRUE);
  path_pop (ctx, len);
  if (details->fields == NULL)
    {
      vt_page_free (details);
      return FALSE;
    }

  who = g_new0 (VtField, 1);
  who->id = g_strdup ("tramitante");
  who->type = VT_FIELD_CHOICE;
  who->label = g_strdup (N_("¿Quién realiza el trámite?"));
  who->help = g_strdup (N_("Un tercero necesita la autorización firmada del titular y su "
                           "propia cédula original."));
  who->required = TRUE;
  who->validator = g_strdup ("text");
  who->max_length = 20;
  who->options = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_option_free);
  option = g_new0 (VtOption, 1);
  option->value = g_strdup ("titular");
  option->label = g_strdup (N_("El titular, en persona"));
  g_ptr_array_add (who->options, option);
  option = g_new0 (VtOption, 1);
  option->value = g_strdup ("tercero");
  option->label = g_strdup (N_("Un tercero autorizado por el titular"));
  g_ptr_array_add (who->options, option);

  question = g_new0 (VtPageDef, 1);
  question->id = g_strdup ("tramitante");
  question->kind = VT_PAGE_FIELDS;
  question->title = g_strdup (N_("Quién realiza el trámite"));
  question->when = g_new0 (VtCondition, 1);
  question->when->field = g_strdup ("canal");
  question->when->values = g_steal_pointer (&channels);
  question->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_field_free);
  g_ptr_array_add (question->fields, who);

  /* The question comes first; the authorization's fields follow the holder's own data, just
   * before the first capture or signature page. */
  g_ptr_array_insert (self->pages, 0, question);
  for (guint i = 1; i <= self->pages->len; i++)
    {
      VtPageDef *page = i < self->pages->len ? g_ptr_array_index (self->pages, i) : NULL;

      if (page == NULL || page->kind != VT_PAGE_FIELDS)
        {
          g_ptr_array_insert (self->pages, i, details);
          break;
        }
    }
  return TRUE;
}

/* Cross-references: unique ids, conditions on known fields, pages on known documents. */
static gboolean
check_references (Ctx         *ctx,
                  VtProcedure *self)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) pages = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) documents = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_add (fields, (gpointer)"canal");
  for (guint i = 0; i < self->documents->len; i++)
    {
      VtDocument *document = g_ptr_array_index (self->documents, i);

      if (!g_hash_table_add (documents, document->id))
        {
          g_string_printf (ctx->path, "$.documents[%u].id", i);
          return fail (ctx, "duplicate document id “%s”", document->id);
        }
    }

  for (guint i = 0; i < self->pages->len; i++)
    {
      VtPageDef *page = g_ptr_array_index (self->pages, i);

      if (!g_hash_table_add (pages, page->id))
        {
          g_string_printf (ctx->path, "$.pages (page “%s”)", page->id);
          return fail (ctx, "duplicate page id");
        }
      if (page->document != NULL && !g_hash_table_contains (documents, page->document))
        {
          g_string_printf (ctx->path, "$.pages (page “%s”).document", page->id);
          return fail (ctx, "no document with id “%s”", page->document);
        }
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          VtField *field = g_ptr_array_index (page->fields, j);

          if (!g_hash_table_add (fields, field->id))
            {
              g_string_printf (ctx->path, "$.pages (page “%s”).fields[%u].id", page->id, j);
              return fail (ctx, "duplicate field id “%s”", field->id);
            }
        }
    }

  /* A second pass, now that every field is known. */
  for (guint i = 0; i < self->pages->len; i++)
    {
      VtPageDef *page = g_ptr_array_index (self->pages, i);

      if (page->when && !g_hash_table_contains (fields, page->when->field))
        {
          g_string_printf (ctx->path, "$.pages (page “%s”).when.field", page->id);
          return fail (ctx, "no field with id “%s”", page->when->field);
        }
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          VtField *field = g_ptr_array_index (page->fields, j);

          if (field->when && !g_hash_table_contains (fields, field->when->field))
            {
              g_string_printf (ctx->path, "$.pages (page “%s”).fields[%u].when.field",
                               page->id, j);
              return fail (ctx, "no field with id “%s”", field->when->field);
            }
          if (field->validator_arg && !g_hash_table_contains (fields, field->validator_arg))
            {
              g_string_printf (ctx->path, "$.pages (page “%s”).fields[%u].validator_arg",
                               page->id, j);
              return fail (ctx, "no field with id “%s”", field->validator_arg);
            }
        }
    }

  for (guint i = 0; i < self->documents->len; i++)
    {
      VtDocument *document = g_ptr_array_index (self->documents, i);

      if (document->when && !g_hash_table_contains (fields, document->when->field))
        {
          g_string_printf (ctx->path, "$.documents[%u].when.field", i);
          return fail (ctx, "no field with id “%s”", document->when->field);
        }
      if (document->check_field && !g_hash_table_contains (fields, document->check_field))
        {
          g_string_printf (ctx->path, "$.documents[%u].check_field", i);
          return fail (ctx, "no field with id “%s”", document->check_field);
        }
    }

  for (guint i = 0; i < self->generated->len; i++)
    {
      VtGenerated *generated = g_ptr_array_index (self->generated, i);

      for (guint j = 0; generated->fields[j]; j++)
        {
          if (!g_hash_table_contains (fields, generated->fields[j]))
            {
              g_string_printf (ctx->path, "$.generated[%u].fields[%u]", i, j);
              return fail (ctx, "no field with id “%s”", generated->fields[j]);
            }
        }
      for (guint j = 0; generated->sections && j < generated->sections->len; j++)
        {
          const VtGeneratedSection *section = g_ptr_array_index (generated->sections, j);

          for (guint k = 0; k < section->items->len; k++)
            {
              const VtGeneratedItem *line = g_ptr_array_index (section->items, k);

              if (line->when != NULL && !g_hash_table_contains (fields, line->when->field))
                {
                  g_string_printf (ctx->path, "$.generated[%u].sections[%u].items[%u].when.field",
                                   i, j, k);
                  return fail (ctx, "no field with id “%s”", line->when->field);
                }

              for (guint m = 0; line->fields[m]; m++)
                if (!g_hash_table_contains (fields, line->fields[m]))
                  {
                    g_string_printf (ctx->path, "$.generated[%u].sections[%u].items[%u].fields[%u]",
                                     i, j, k, m);
                    return fail (ctx, "no field with id “%s”", line->fields[m]);
                  }
            }
        }
    }

  for (guint i = 0; i < self->pages->len; i++)
    {
      VtPageDef *page = g_ptr_array_index (self->pages, i);
      gboolean found = FALSE;

      for (guint j = 0; page->signs != NULL && j < self->generated->len; j++)
        found |= g_str_equal (((VtGenerated *)g_ptr_array_index (self->generated, j))->id,
                              page->signs);
      if (page->signs != NULL && !found)
        {
          g_string_printf (ctx->path, "$.pages (page “%s”).signs", page->id);
          return fail (ctx, "no generated document with id “%s”", page->signs);
        }
    }

  if (self->video_text != NULL)
    {
      const char *p = self->video_text;

      /* Every {placeholder} in the fixed text must be an answer, or the text read aloud would
       * carry a hole. numero_identificacion is derived from the identity fields. */
      while ((p = strchr (p, '{')) != NULL)
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = NULL;

          if (end == NULL)
            {
              g_string_assign (ctx->path, "$.video_text");
              return fail (ctx, "unclosed “{”");
            }
          name = g_strndup (p + 1, end - p - 1);
          /* {field:phrase} is the chosen option's phrase ("del pasaporte"). */
          if (g_str_has_suffix (name, ":phrase"))
            name[strlen (name) - strlen (":phrase")] = '\0';
          if (!g_hash_table_contains (fields, name) && !g_str_equal (name, "numero_identificacion"))
            {
              g_string_assign (ctx->path, "$.video_text");
              return fail (ctx, "placeholder “{%s}” is not a field", name);
            }
          p = end + 1;
        }
    }

  return TRUE;
}

VtProcedure *
vt_procedure_new_from_bytes (GBytes      *bytes,
                             const char  *file_name,
                             GError     **error)
{
  static const char * const keys[] = {
    "format", "id", "version", "seed", "title", "summary", "max_file_bytes", "channels", "pages",
    "documents", "third_party", "generated", "video_text", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(VtProcedure) self = NULL;
  g_autoptr(GString) path = g_string_new ("$");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *expected_id = NULL;
  Ctx ctx = { file_name, path, error };
  gint64 format = 0;
  gint64 version = 0;
  JsonNode *root;
  JsonObject *object;
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";
  if (size > MAX_DEFINITION_BYTES)
    {
      g_set_error (error, VT_PROCEDURE_ERROR, VT_PROCEDURE_ERROR_PARSE,
                   "%s: larger than %d bytes; a definition is far smaller", file_name,
                   MAX_DEFINITION_BYTES);
      return NULL;
    }
  /* json-glib recurses once per nesting level: refuse absurd depths before it overflows. */
  if (nesting_depth (data, size) > MAX_DEFINITION_DEPTH)
    {
      g_set_error (error, VT_PROCEDURE_ERROR, VT_PROCEDURE_ERROR_PARSE,
                   "%s: nested deeper than %d levels", file_name, MAX_DEFINITION_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_autofree char *message = g_utf8_make_valid (local_error ? local_error->message
                                                                : "empty input", -1);
      g_set_error (error, VT_PROCEDURE_ERROR, VT_PROCEDURE_ERROR_PARSE,
                   "%s: not valid JSON: %s", file_name, message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&ctx, "the file must hold one JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  self = g_object_new (VT_TYPE_PROCEDURE, NULL);

  /* The format first: a newer file's unknown keys are explained by its format. */
  if (!get_int (&ctx, object, "format", TRUE, 1, &format))
    return NULL;
  if (format != 1)
    {
      g_string_assign (path, "$.format");
      fail (&ctx, "unsupported format %" G_GINT64_FORMAT " (this kiosk reads format 1)", format);
      return NULL;
    }

  if (!check_keys (&ctx, object, keys)
      || !get_string (&ctx, object, "id", TRUE, &self->id)
      || !get_int (&ctx, object, "version", TRUE, 1, &version)
      || !get_string (&ctx, object, "seed", TRUE, &self->seed)
      || !get_string (&ctx, object, "title", TRUE, &self->title)
      || !get_string (&ctx, object, "summary", TRUE, &self->summary)
      || !get_int (&ctx, object, "max_file_bytes", TRUE, 1, &self->max_file_bytes)
      || !get_string (&ctx, object, "video_text", FALSE, &self->video_text))
    return NULL;

  self->version = (int)MIN (version, G_MAXINT);

  if (!is_identifier (self->id, TRUE))
    {
      g_string_assign (path, "$.id");
      fail (&ctx, "“%s” is not a valid id (use a-z, 0-9 and -)", self->id);
      return NULL;
    }
  expected_id = g_path_get_basename (file_name);
  if (g_str_has_suffix (expected_id, ".json"))
    expected_id[strlen (expected_id) - 5] = '\0';
  if (!g_str_equal (expected_id, self->id))
    {
      g_string_assign (path, "$.id");
      fail (&ctx, "id “%s” differs from the file name", self->id);
      return NULL;
    }

  if (!parse_list (&ctx, self, object, "channels", TRUE, parse_channel)
      || !parse_list (&ctx, self, object, "documents", TRUE, parse_document)
      || !parse_list (&ctx, self, object, "pages", TRUE, parse_page)
      || !parse_list (&ctx, self, object, "generated", FALSE, parse_generated)
      || !parse_third_party (&ctx, self, object)
      || !check_references (&ctx, self))
    return NULL;

  return g_steal_pointer (&self);
}

VtProcedure *
vt_procedure_new_from_file (GFile   *file,
                            GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  return vt_procedure_new_from_bytes (bytes, name, error);
}


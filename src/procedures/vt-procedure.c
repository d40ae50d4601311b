/* vt-procedure.c — one procedure's definition in memory: lookups and conditions.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-procedure-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_FINAL_TYPE (VtProcedure, vt_procedure, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-procedure-error-quark, vt_procedure_error)

void
vt_condition_free (VtCondition *condition)
{
  if (condition == NULL)
    return;
  g_free (condition->field);
  g_strfreev (condition->values);
  g_free (condition);
}

void
vt_option_free (VtOption *option)
{
  g_free (option->value);
  g_free (option->label);
  g_free (option->phrase);
  g_free (option);
}

void
vt_field_free (VtField *field)
{
  g_free (field->id);
  g_free (field->label);
  g_free (field->help);
  g_free (field->placeholder);
  g_free (field->validator);
  g_free (field->validator_arg);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  vt_condition_free (field->when);
  g_free (field);
}

void
vt_page_free (VtPageDef *page)
{
  g_free (page->id);
  g_free (page->title);
  g_free (page->description);
  vt_condition_free (page->when);
  g_clear_pointer (&page->fields, g_ptr_array_unref);
  g_free (page->document);
  g_free (page->signs);
  g_free (page->without_printer);
  g_free (page->note);
  g_free (page);
}

void
vt_document_free (VtDocument *document)
{
  g_free (document->id);
  g_free (document->title);
  g_free (document->description);
  g_strfreev (document->formats);
  vt_condition_free (document->when);
  g_free (document->aspect);
  g_free (document->check_field);
  g_free (document);
}

void
vt_channel_free (VtChannel *channel)
{
  g_free (channel->id);
  g_free (channel->title);
  g_free (channel->instructions);
  g_strfreev (channel->bring);
  g_free (channel->after);
  g_free (channel->unavailable_reason);
  g_free (channel);
}

void
vt_generated_item_free (VtGeneratedItem *item)
{
  g_free (item->mark);
  g_free (item->label);
  g_strfreev (item->fields);
  vt_condition_free (item->when);
  g_free (item);
}

void
vt_generated_section_free (VtGeneratedSection *section)
{
  g_free (section->title);
  g_clear_pointer (&section->items, g_ptr_array_unref);
  g_free (section);
}

void
vt_generated_free (VtGenerated *generated)
{
  g_free (generated->id);
  g_free (generated->kind);
  g_free (generated->title);
  g_free (generated->addressee);
  g_strfreev (generated->fields);
  g_free (generated->body);
  vt_condition_free (generated->when);
  g_clear_pointer (&generated->sections, g_ptr_array_unref);
  g_free (generated);
}

static void
vt_procedure_finalize (GObject *object)
{
  VtProcedure *self = (VtProcedure *)object;

  g_free (self->id);
  g_free (self->seed);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->video_text);
  g_clear_pointer (&self->channels, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->generated, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_procedure_parent_class)->finalize (object);
}

static void
vt_procedure_class_init (VtProcedureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_procedure_finalize;
}

static void
vt_procedure_init (VtProcedure *self)
{
  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_channel_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_page_free);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_document_free);
  self->generated = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_generated_free);
}

const char *
vt_procedure_get_id (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->id;
}

int
vt_procedure_get_version (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), 0);
  return self->version;
}

const char *
vt_procedure_get_seed (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->seed;
}

const char *
vt_procedure_get_title (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->title;
}

const char *
vt_procedure_get_summary (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->summary;
}

const char *
vt_procedure_get_video_text (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->video_text;
}

gint64
vt_procedure_get_max_file_bytes (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), 0);
  return self->max_file_bytes;
}

GPtrArray *
vt_procedure_get_channels (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->channels;
}

GPtrArray *
vt_procedure_get_pages (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->pages;
}

GPtrArray *
vt_procedure_get_documents (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->documents;
}

GPtrArray *
vt_procedure_get_generated (VtProcedure *self)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);
  return self->generated;
}

gboolean
vt_procedure_keep_channels (VtProcedure        *self,
                            const char * const *enabled)
{
  guint kept = 0;

  g_return_val_if_fail (VT_IS_PROCEDURE (self), FALSE);

  if (enabled == NULL || enabled[0] == NULL)
    return TRUE;
  for (guint i = 0; i < self->channels->len; i++)
    {
      const VtChannel *channel = g_ptr_array_index (self->channels, i);

      if (g_strv_contains (enabled, channel->id))
        kept++;
    }
  if (kept == 0)
    return FALSE;
  for (guint i = self->channels->len; i > 0; i--)
    {
      const VtChannel *channel = g_ptr_array_index (self->channels, i - 1);

      if (!g_strv_contains (enabled, channel->id))
        g_ptr_array_remove_index (self->channels, i - 1);
    }
  return TRUE;
}

GPtrArray *
vt_procedures_filter (GPtrArray          *procedures,
                      const char * const *enabled_procedures,
                      const char * const *enabled_channels)
{
  GPtrArray *offered = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_return_val_if_fail (procedures != NULL, offered);

  if (enabled_procedures == NULL || enabled_procedures[0] == NULL)
    g_ptr_array_extend (order, procedures, NULL, NULL);
  else
    for (guint i = 0; enabled_procedures[i] != NULL; i++)
      for (guint j = 0; j < procedures->len; j++)
        {
          VtProcedure *procedure = g_ptr_array_index (procedures, j);

          if (g_str_equal (vt_procedure_get_id (procedure), enabled_procedures[i])
              && !g_ptr_array_find (order, procedure, NULL))
            g_ptr_array_add (order, procedure);
        }

  for (guint i = 0; i < order->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (order, i);

      if (vt_procedure_keep_channels (procedure, enabled_channels))
        g_ptr_array_add (offered, g_object_ref (procedure));
    }
  return offered;
}

const VtChannel *
vt_procedure_find_channel (VtProcedure *self,
                           const char  *id)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);

  for (guint i = 0; id && i < self->channels->len; i++)
    {
      const VtChannel *channel = g_ptr_array_index (self->channels, i);
      if (g_str_equal (channel->id, id))
        return channel;
    }
  return NULL;
}

const VtDocument *
vt_procedure_find_document (VtProcedure *self,
                            const char  *id)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);

  for (guint i = 0; id && i < self->documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (self->documents, i);
      if (g_str_equal (document->id, id))
        return document;
    }
  return NULL;
}

const VtField *
vt_procedure_find_field (VtProcedure *self,
                         const char  *id)
{
  g_return_val_if_fail (VT_IS_PROCEDURE (self), NULL);

  for (guint i = 0; id && i < self->pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (self->pages, i);

      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);
          if (g_str_equal (field->id, id))
            return field;
        }
    }
  return NULL;
}

gboolean
vt_condition_holds (const VtCondition *condition,
                    GHashTable        *answers)
{
  const char *value;

  if (condition == NULL)
    return TRUE;
  value = answers ? g_hash_table_lookup (answers, condition->field) : NULL;
  return value != NULL && g_strv_contains ((const char * const *)condition->values, value);
}

const char *
vt_procedure_tr (const char *text)
{
  return text ? g_dgettext (GETTEXT_PACKAGE, text) : NULL;
}

static int
compare_by_seed (gconstpointer a,
                 gconstpointer b)
{
  VtProcedure *pa = *(VtProcedure **)a;
  VtProcedure *pb = *(VtProcedure **)b;

  return g_strcmp0 (pa->seed, pb->seed);
}

GPtrArray *
vt_procedures_load_builtin (GError **error)
{
  static const char *base = RESOURCE_BASE "/procedures";
  g_autoptr(GPtrArray) procedures = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) names = NULL;

  names = g_resources_enumerate_children (base, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      VtProcedure *procedure;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      path = g_build_path ("/", base, names[i], NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return NULL;
      procedure = vt_procedure_new_from_bytes (bytes, names[i], error);
      if (procedure == NULL)
        return NULL;
      g_ptr_array_add (procedures, procedure);
    }

  g_ptr_array_sort (procedures, compare_by_seed);
  return g_steal_pointer (&procedures);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
vt_procedures_load_directory (const char  *path,
                              GError     **error)
{
  g_autoptr(GPtrArray) procedures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file_path = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);
      VtProcedure *procedure = vt_procedure_new_from_file (file, error);

      if (procedure == NULL)
        return NULL;
      g_ptr_array_add (procedures, procedure);
    }

  g_ptr_array_sort (procedures, compare_by_seed);
  return g_steal_pointer (&procedures);
}

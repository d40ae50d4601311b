/* vt-session.c — answers and captures of the person at the kiosk.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-session.h"
#include "vt-session-folders.h"

#include "documents/vt-signed-page.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-countries.h"
#include "procedures/vt-validators.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  char   *path;
  char       *mime_type;
  gint64      size;       /* plaintext bytes; the file holds them encrypted */
  JsonObject *source;     /* the camera it came from (element, device, mode), or NULL */
} Capture;

struct _VtSession
{
  GObject      parent_instance;

  VtProcedure *procedure;
  GHashTable  *answers;
  GHashTable  *captures;
  char        *workdir;
  guint8      *key;        /* encrypts every file in workdir; memory only (sodium_malloc) */
  guint        serial;
  VtSignature *signature;  /* strokes for the generated documents, memory only */
  char        *staff_id;   /* the officer who assists, in an assisted session; else NULL */
  char        *printer;    /* the `printer` setting */
  GHashTable  *page_codes; /* generated id → code of its page to sign in ink */
};

G_DEFINE_FINAL_TYPE (VtSession, vt_session, G_TYPE_OBJECT)

static void
capture_free (Capture *capture)
{
  g_free (capture->path);
  g_free (capture->mime_type);
  g_clear_pointer (&capture->source, json_object_unref);
  g_free (capture);
}

static void
vt_session_dispose (GObject *object)
{
  VtSession *self = (VtSession *)object;

  /* A session that was never queued must not leave anything behind. */
  vt_session_discard (self);
  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (vt_session_parent_class)->dispose (object);
}

static void
vt_session_finalize (GObject *object)
{
  VtSession *self = (VtSession *)object;

  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->captures, g_hash_table_unref);
  g_clear_pointer (&self->page_codes, g_hash_table_unref);
  g_free (self->workdir);
  g_free (self->staff_id);
  g_free (self->printer);

  G_OBJECT_CLASS (vt_session_parent_class)->finalize (object);
}

static void
vt_session_class_init (VtSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_session_dispose;
  object_class->finalize = vt_session_finalize;
}

static void
vt_session_init (VtSession *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->captures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)capture_free);
  self->page_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

VtSession *
vt_session_new (VtProcedure  *procedure,
                const char   *workdir_parent,
                GError      **error)
{
  g_autoptr(VtSession) self = NULL;
  g_autofree char *template = NULL;

  g_return_val_if_fail (VT_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (workdir_parent != NULL, NULL);

  if (g_mkdir_with_parents (workdir_parent, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo preparar el quiosco para un trámite: %s"), g_strerror (saved));
      return NULL;
    }

  self = g_object_new (VT_TYPE_SESSION, NULL);
  self->procedure = g_object_ref (procedure);
  template = g_build_filename (workdir_parent, VT_SESSION_FOLDER_PREFIX "XXXXXX", NULL);
  self->workdir = g_mkdtemp_full (template, 0700);
  if (self->workdir == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo preparar el quiosco para un trámite: %s"), g_strerror (saved));
      return NULL;
    }
  g_steal_pointer (&template);
  /* Everything the session writes is encrypted with a key that never leaves this process:
   * dropping it makes the files unreadable at once, even before they are removed. */
  self->key = vt_secret_key_new ();
  return g_steal_pointer (&self);
}

VtProcedure *
vt_session_get_procedure (VtSession *self)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return self->procedure;
}

GHashTable *
vt_session_get_answers (VtSession *self)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return self->answers;
}

const char *
vt_session_get_answer (VtSession  *self,
                       const char *field_id)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return g_hash_table_lookup (self->answers, field_id);
}

void
vt_session_set_answer (VtSession  *self,
                       const char *field_id,
                       const char *value)
{
  g_return_if_fail (VT_IS_SESSION (self));
  g_return_if_fail (field_id != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->answers, field_id);
  else
    g_hash_table_insert (self->answers, g_strdup (field_id), g_strdup (value));
}

/* The page that holds a field, for conditions that depend on it. */
static const VtPageDef *
page_of (VtSession  *self,
         const char *field_id)
{
  GPtrArray *pages = vt_procedure_get_pages (self->procedure);

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      for (guint j = 0; page->fields && j < page->fields->len; j++)
        if (g_str_equal (((VtField *)g_ptr_array_index (page->fields, j))->id, field_id))
          return page;
    }
  return NULL;
}

/* A condition holds when its answer matches and that answer still counts: an answer left on
 * a page that no longer applies (a third party chosen for a channel later changed) decides
 * nothing. `depth` bounds chains of conditions. */
static gboolean
condition_holds (VtSession         *self,
                 const VtCondition *condition,
                 guint              depth)
{
  const VtField *field;
  const VtPageDef *page;

  if (condition == NULL)
    return TRUE;
  if (!vt_condition_holds (condition, self->answers))
    return FALSE;
  if (depth > 8 || g_str_equal (condition->field, "canal"))
    return TRUE;
  field = vt_procedure_find_field (self->procedure, condition->field);
  page = page_of (self, condition->field);
  if (field == NULL || page == NULL)
    return TRUE;
  return condition_holds (self, field->when, depth + 1)
         && condition_holds (self, page->when, depth + 1);
}

gboolean
vt_session_condition_holds (VtSession         *self,
                            const VtCondition *condition)
{
  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  return condition_holds (self, condition, 0);
}

gboolean
vt_session_page_is_active (VtSession       *self,
                           const VtPageDef *page)
{
  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);

  if (!condition_holds (self, page->when, 0))
    return FALSE;
  if (page->document != NULL)
    return vt_session_document_is_active (self,
                                          vt_procedure_find_document (self->procedure,
                                                                      page->document));
  return TRUE;
}

gboolean
vt_session_field_is_active (VtSession     *self,
                            const VtField *field)
{
  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  return condition_holds (self, field->when, 0);
}

gboolean
vt_session_document_is_active (VtSession        *self,
                               const VtDocument *document)
{
  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  return document != NULL && condition_holds (self, document->when, 0);
}

static char *
new_capture_path (VtSession  *self,
                  const char *document_id)
{
  g_autofree char *name = NULL;

  /* A new name per attempt: a retake never overwrites the file a review still shows. */
  name = g_strdup_printf ("%s-%u.bin", document_id, ++self->serial);
  return g_build_filename (self->workdir, name, NULL);
}

static void
register_capture (VtSession  *self,
                  const char *document_id,
                  const char *path,
                  const char *mime_type,
                  gint64      size)
{
  Capture *capture;

  vt_session_clear_capture (self, document_id);
  capture = g_new0 (Capture, 1);
  capture->path = g_strdup (path);
  capture->mime_type = g_strdup (mime_type);
  capture->size = size;
  g_hash_table_insert (self->captures, g_strdup (document_id), capture);
}

/* A new encrypted file in the session's folder, as an output stream. */
static GOutputStream *
create_encrypted (VtSession   *self,
                  const char  *document_id,
                  char       **out_path,
                  GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) base = NULL;

  if (self->workdir == NULL || self->key == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("El trámite ya terminó."));
      return NULL;
    }
  path = new_capture_path (self, document_id);
  file = g_file_new_for_path (path);
  base = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (base == NULL)
    return NULL;
  *out_path = g_steal_pointer (&path);
  return vt_secret_output_stream_new (G_OUTPUT_STREAM (base), self->key, NULL);
}

gboolean
vt_session_store_capture (VtSession   *self,
                          const char  *document_id,
                          const char  *mime_type,
                          GBytes      *data,
                          GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  gsize size;
  const void *bytes;

  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (document_id != NULL && data != NULL, FALSE);

  stream = create_encrypted (self, document_id, &path, error);
  if (stream == NULL)
    return FALSE;
  bytes = g_bytes_get_data (data, &size);
  if (!g_output_stream_write_all (stream, bytes, size, NULL, NULL, error)
      || !g_output_stream_close (stream, NULL, error))
    {
      g_unlink (path);
      return FALSE;
    }
  register_capture (self, document_id, path, mime_type, size);
  return TRUE;
}

GOutputStream *
vt_session_begin_capture (VtSession   *self,
                          const char  *document_id,
                          GError     **error)
{
  g_autofree char *path = NULL;
  GOutputStream *stream;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  /* The camera muxes straight into this stream: the video is encrypted as it is recorded. */
  stream = create_encrypted (self, document_id, &path, error);
  if (stream == NULL)
    return NULL;
  g_object_set_data_full (G_OBJECT (stream), "vt-path", g_steal_pointer (&path), g_free);
  return stream;
}

gboolean
vt_session_finish_capture (VtSession      *self,
                           const char     *document_id,
                           const char     *mime_type,
                           GOutputStream  *stream,
                           GError        **error)
{
  const char *path;

  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  path = g_object_get_data (G_OBJECT (stream), "vt-path");
  if (!g_output_stream_is_closed (stream) && !g_output_stream_close (stream, NULL, error))
    {
      if (path)
        g_unlink (path);
      return FALSE;
    }
  if (path == NULL || self->workdir == NULL || !VT_IS_SECRET_OUTPUT_STREAM (stream))
    {
      if (path)
        g_unlink (path);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("El trámite ya terminó."));
      return FALSE;
    }
  register_capture (self, document_id, path, mime_type,
                    vt_secret_output_stream_get_plain_size (VT_SECRET_OUTPUT_STREAM (stream)));
  return TRUE;
}

void
vt_session_set_capture_camera (VtSession  *self,
                               const char *document_id,
                               VtCamera   *camera)
{
  Capture *capture;

  g_return_if_fail (VT_IS_SESSION (self));
  g_return_if_fail (VT_IS_CAMERA (camera));

  capture = g_hash_table_lookup (self->captures, document_id);
  if (capture == NULL)
    return;
  g_clear_pointer (&capture->source, json_object_unref);
  capture->source = json_object_new ();
  json_object_set_string_member (capture->source, "element",
                                 vt_camera_get_source_name (camera));
  json_object_set_string_member (capture->source, "device", vt_camera_get_device_name (camera));
  json_object_set_string_member (capture->source, "mode", vt_camera_get_mode (camera));
  json_object_set_boolean_member (capture->source, "synthetic", vt_camera_is_synthetic (camera));
  if (g_str_equal (capture->mime_type ? capture->mime_type : "", "video/mp4"))
    json_object_set_string_member (capture->source, "microphone",
                                   vt_camera_get_microphone_name (camera));
}

void
vt_session_clear_capture (VtSession  *self,
                          const char *document_id)
{
  Capture *old;

  g_return_if_fail (VT_IS_SESSION (self));

  old = g_hash_table_lookup (self->captures, document_id);
  if (old != NULL)
    {
      g_unlink (old->path);
      g_hash_table_remove (self->captures, document_id);
    }
}

gboolean
vt_session_has_capture (VtSession  *self,
                        const char *document_id)
{
  g_return_val_if_fail (VT_IS_SESSION (self), FALSE);
  return g_hash_table_contains (self->captures, document_id);
}

gint64
vt_session_get_capture_size (VtSession  *self,
                             const char *document_id)
{
  Capture *capture;

  g_return_val_if_fail (VT_IS_SESSION (self), -1);

  capture = g_hash_table_lookup (self->captures, document_id);
  if (capture == NULL || !g_file_test (capture->path, G_FILE_TEST_IS_REGULAR))
    return -1;
  return capture->size;
}

const char *
vt_session_get_capture_type (VtSession  *self,
                             const char *document_id)
{
  Capture *capture;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  capture = g_hash_table_lookup (self->captures, document_id);
  return capture ? capture->mime_type : NULL;
}

GBytes *
vt_session_read_capture (VtSession   *self,
                         const char  *document_id,
                         GError     **error)
{
  Capture *capture;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  capture = g_hash_table_lookup (self->captures, document_id);
  if (capture == NULL || self->key == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Falta una captura del trámite."));
      return NULL;
    }
  return vt_secret_read_file (capture->path, self->key, error);
}

const char *
vt_session_get_identity_number (VtSession *self)
{
  static const char * const kinds[] = { "cedula", "pasaporte", "codigo_extranjero" };
  const char *type;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  type = g_hash_table_lookup (self->answers, "tipo_identificacion");
  if (type != NULL)
    return g_hash_table_lookup (self->answers, type);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_hash_table_contains (self->answers, kinds[i]))
      return g_hash_table_lookup (self->answers, kinds[i]);
  return NULL;
}

static char *
dup_value (VtSession     *self,
           const VtField *field,
           gboolean       translate)
{
  const char *value;

  value = g_hash_table_lookup (self->answers, field->id);
  if (value == NULL)
    return NULL;

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      for (guint i = 0; field->options && i < field->options->len; i++)
        {
          const VtOption *option = g_ptr_array_index (field->options, i);
          if (g_str_equal (option->value, value))
            return g_strdup (translate ? vt_procedure_tr (option->label) : option->label);
        }
      break;

    case VT_FIELD_COUNTRY:
      {
        const VtCountry *country = vt_country_lookup (value);
        if (country != NULL)
          return g_strdup (translate ? vt_country_get_display_name (country) : country->name_es);
        break;
      }

    case VT_FIELD_DATE:
      {
        g_autoptr(GDateTime) date = vt_parse_date (value);
        if (date != NULL)
          return g_date_time_format (date, "%d/%m/%Y");
        break;
      }

    case VT_FIELD_TEXT:
    case VT_FIELD_MULTILINE:
    case VT_FIELD_EMAIL:
    case VT_FIELD_PHONE:
    case VT_FIELD_NUMBER:
    default:
      break;
    }
  return g_strdup (value);
}

char *
vt_session_dup_display_value (VtSession     *self,
                              const VtField *field)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return dup_value (self, field, TRUE);
}

char *
vt_session_dup_document_value (VtSession     *self,
                               const VtField *field)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return dup_value (self, field, FALSE);
}

static const char *
option_phrase (VtSession     *self,
               const VtField *field)
{
  const char *value = field ? g_hash_table_lookup (self->answers, field->id) : NULL;

  for (guint i = 0; value && field->options && i < field->options->len; i++)
    {
      const VtOption *option = g_ptr_array_index (field->options, i);

      if (g_str_equal (option->value, value))
        return option->phrase;
    }
  return NULL;
}

static char *
expand (VtSession  *self,
        const char *text,
        gboolean    translate)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (p = text; *p;)
    {
      const char *end = *p == '{' ? strchr (p, '}') : NULL;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const VtField *field;

      if (end == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      name = g_strndup (p + 1, end - p - 1);
      if (g_str_has_suffix (name, ":phrase"))
        {
          /* How the chosen option is named in a sentence: "portador del pasaporte…". */
          name[strlen (name) - strlen (":phrase")] = '\0';
          field = vt_procedure_find_field (self->procedure, name);
          value = g_strdup (option_phrase (self, field));
        }
      else if (g_str_equal (name, "numero_identificacion"))
        value = g_strdup (vt_session_get_identity_number (self));
      else if ((field = vt_procedure_find_field (self->procedure, name)) != NULL)
        value = dup_value (self, field, translate);
      g_string_append (out, value ? value : "……");
      p = end + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
vt_session_expand (VtSession  *self,
                   const char *text)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return expand (self, text, TRUE);
}

char *
vt_session_expand_document (VtSession  *self,
                            const char *text)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return expand (self, text, FALSE);
}

void
vt_session_set_signature (VtSession   *self,
                          VtSignature *signature)
{
  g_return_if_fail (VT_IS_SESSION (self));
  g_set_object (&self->signature, signature);
}

VtSignature *
vt_session_get_signature (VtSession *self)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return self->signature;
}

GPtrArray *
vt_session_list_missing (VtSession *self)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *pages;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  pages = vt_procedure_get_pages (self->procedure);
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (!vt_session_page_is_active (self, page))
        continue;
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);

          if (field->required && vt_session_field_is_active (self, field)
              && !g_hash_table_contains (self->answers, field->id))
            g_ptr_array_add (missing, g_strdup (vt_procedure_tr (field->label)));
        }
      /* A page signed in ink was scanned back whole: that scan is its signature. */
      if (page->signs != NULL && vt_session_has_capture (self, page->signs))
        continue;
      if (page->document != NULL)
        {
          const VtDocument *document = vt_procedure_find_document (self->procedure,
                                                                   page->document);
          if (document->required && !vt_session_has_capture (self, document->id))
            g_ptr_array_add (missing, g_strdup (vt_procedure_tr (document->title)));
        }
    }
  return missing;
}

GBytes *
vt_session_build_answers (VtSession *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *pages;
  const char *canal;
  char *data;
  gsize length;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "procedure");
  json_builder_add_string_value (builder, vt_procedure_get_id (self->procedure));
  json_builder_set_member_name (builder, "procedure_version");
  json_builder_add_int_value (builder, vt_procedure_get_version (self->procedure));
  /* Who helped is part of the record, beside the answers rather than among them. */
  json_builder_set_member_name (builder, "assisted");
  json_builder_add_boolean_value (builder, self->staff_id != NULL);
  if (self->staff_id != NULL)
    {
      json_builder_set_member_name (builder, "staff_id");
      json_builder_add_string_value (builder, self->staff_id);
    }
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);

  canal = g_hash_table_lookup (self->answers, "canal");
  if (canal != NULL)
    {
      json_builder_set_member_name (builder, "canal");
      json_builder_add_string_value (builder, canal);
    }

  /* Only what is active now: an answer on a page the person later made irrelevant (a passport
   * number after switching to cédula) is not sent. */
  pages = vt_procedure_get_pages (self->procedure);
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (!vt_session_page_is_active (self, page))
        continue;
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);
          const char *value = g_hash_table_lookup (self->answers, field->id);

          if (value == NULL || !vt_session_field_is_active (self, field))
            continue;
          json_builder_set_member_name (builder, field->id);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
  /* Where each capture came from, so the office can tell a camera from a demonstration; the
   * manifest puts it beside the attachment. */
  json_builder_set_member_name (builder, "capture_sources");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);
      Capture *capture = page->document ? g_hash_table_lookup (self->captures, page->document)
                                        : NULL;

      if (capture == NULL || capture->source == NULL || !vt_session_page_is_active (self, page))
        continue;
      json_builder_set_member_name (builder, page->document);
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                              capture->source));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

void
vt_session_set_assisted (VtSession  *self,
                         const char *staff_id)
{
  g_return_if_fail (VT_IS_SESSION (self));

  g_free (self->staff_id);
  self->staff_id = staff_id && *staff_id ? g_strdup (staff_id) : NULL;
}

const char *
vt_session_get_page_code (VtSession  *self,
                          const char *generated_id)
{
  const char *code;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  g_return_val_if_fail (generated_id != NULL, NULL);

  code = g_hash_table_lookup (self->page_codes, generated_id);
  if (code == NULL)
    {
      code = vt_signed_page_new_code ();
      g_hash_table_insert (self->page_codes, g_strdup (generated_id), (char *)code);
    }
  return code;
}

void
vt_session_set_printer (VtSession  *self,
                        const char *printer)
{
  g_return_if_fail (VT_IS_SESSION (self));

  g_free (self->printer);
  self->printer = printer && *printer ? g_strdup (printer) : NULL;
}

const char *
vt_session_get_printer (VtSession *self)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return self->printer;
}

const char *
vt_session_get_staff_id (VtSession *self)
{
  g_return_val_if_fail (VT_IS_SESSION (self), NULL);
  return self->staff_id;
}

GPtrArray *
vt_session_build_attachments (VtSession *self)
{
  GPtrArray *attachments = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_attachment_free);
  GPtrArray *pages;

  g_return_val_if_fail (VT_IS_SESSION (self), NULL);

  pages = vt_procedure_get_pages (self->procedure);
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);
      Capture *capture;

      if (page->document == NULL || !vt_session_page_is_active (self, page))
        continue;
      capture = g_hash_table_lookup (self->captures, page->document);
      if (capture != NULL)
        {
          g_autoptr(GBytes) data = vt_session_read_capture (self, page->document, NULL);

          /* A capture that cannot be read back is reported missing by the review. */
          if (data != NULL)
            g_ptr_array_add (attachments,
                             vt_attachment_new (page->document, capture->mime_type, data));
        }
    }
  return attachments;
}

void
vt_session_discard (VtSession *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (VT_IS_SESSION (self));

  /* The key goes first: from here on, whatever is still on disk is unreadable. */
  g_clear_pointer (&self->key, vt_secret_key_free);
  g_hash_table_remove_all (self->answers);
  g_hash_table_remove_all (self->captures);
  g_hash_table_remove_all (self->page_codes);
  g_clear_object (&self->signature);
  if (self->workdir == NULL)
    return;

  dir = g_dir_open (self->workdir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->workdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->workdir);
  g_clear_pointer (&self->workdir, g_free);
}

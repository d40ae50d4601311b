/* vt-ocr-check.c — OCR readings kept beside the answers, never sent and never logged.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-ocr-check.h"

#include "documents/vt-ocr.h"

#include <glib/gi18n-lib.h>

/* Readings live in the session's answers under a key no field can have (ids are [a-z0-9_]),
 * so they are wiped with the session and never reach the queue. The value is
 * "<capture size>:<number>,<number>…"; the size tells a reading of a retaken capture apart. */
static char *
key_for (const char *document_id)
{
  return g_strconcat ("ocr:", document_id, NULL);
}

static void
record (VtSession  *session,
        const char *document_id,
        gint64      capture_size,
        GPtrArray  *numbers)
{
  g_autofree char *key = key_for (document_id);
  g_autoptr(GString) value = g_string_new (NULL);

  g_string_printf (value, "%" G_GINT64_FORMAT ":", capture_size);
  for (guint i = 0; numbers && i < numbers->len; i++)
    g_string_append_printf (value, "%s%s", i ? "," : "", (char *)g_ptr_array_index (numbers, i));
  vt_session_set_answer (session, key, value->str);
}

void
vt_ocr_check_record (VtSession  *session,
                     const char *document_id,
                     GPtrArray  *numbers)
{
  g_return_if_fail (VT_IS_SESSION (session));
  record (session, document_id, vt_session_get_capture_size (session, document_id), numbers);
}

/* The numbers read on the current capture, or NULL when it was not read yet. */
static char **
reading_for (VtSession  *session,
             const char *document_id)
{
  g_autofree char *key = key_for (document_id);
  const char *value = vt_session_get_answer (session, key);
  g_autofree char *size = NULL;
  const char *colon;

  if (value == NULL || (colon = strchr (value, ':')) == NULL)
    return NULL;
  size = g_strdup_printf ("%" G_GINT64_FORMAT, vt_session_get_capture_size (session, document_id));
  if (strncmp (value, size, colon - value) != 0 || strlen (size) != (gsize)(colon - value))
    return NULL;
  return colon[1] ? g_strsplit (colon + 1, ",", -1) : g_new0 (char *, 1);
}

static GPtrArray *
documents_to_check (VtSession *session)
{
  GPtrArray *documents = vt_procedure_get_documents (vt_session_get_procedure (session));
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (documents, i);
      const VtField *field;

      if (document->check_field == NULL || !vt_session_has_capture (session, document->id))
        continue;
      field = vt_procedure_find_field (vt_session_get_procedure (session), document->check_field);
      if (field == NULL || !vt_session_field_is_active (session, field)
          || !vt_session_document_is_active (session, document))
        continue;
      g_ptr_array_add (result, (gpointer)document);
    }
  return result;
}

typedef struct
{
  char   *document_id;
  gint64  capture_size;  /* of the capture that was read, not of a later retake */
  GBytes *image;
} Job;

static void
job_free (Job *job)
{
  g_free (job->document_id);
  g_bytes_unref (job->image);
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *jobs = task_data;
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      GPtrArray *numbers = NULL;

      if (!g_cancellable_is_cancelled (cancellable))
        numbers = vt_ocr_find_numbers (job->image, NULL);
      /* A failed read counts as "nothing legible": it never blocks the person. */
      g_ptr_array_add (results, numbers ? numbers : g_ptr_array_new_with_free_func (g_free));
    }
  g_task_return_pointer (task, results, (GDestroyNotify)g_ptr_array_unref);
}

void
vt_ocr_check_async (VtSession           *session,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  g_autoptr(GPtrArray) documents = documents_to_check (session);
  GPtrArray *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);

  g_task_set_source_tag (task, vt_ocr_check_async);
  for (guint i = 0; i < documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (documents, i);
      g_auto(GStrv) done = reading_for (session, document->id);
      GBytes *image;
      Job *job;

      if (done != NULL)
        continue;
      image = vt_session_read_capture (session, document->id, NULL);
      if (image == NULL)
        continue;
      job = g_new0 (Job, 1);
      job->document_id = g_strdup (document->id);
      job->capture_size = vt_session_get_capture_size (session, document->id);
      job->image = image;
      g_ptr_array_add (jobs, job);
    }
  g_task_set_task_data (task, jobs, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, check_thread);
}

gboolean
vt_ocr_check_finish (VtSession     *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_autoptr(GPtrArray) results = NULL;
  GPtrArray *jobs;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  jobs = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      record (session, job->document_id, job->capture_size, g_ptr_array_index (results, i));
    }
  return TRUE;
}

char *
vt_ocr_check_warning (VtSession *session)
{
  g_autoptr(GPtrArray) documents = documents_to_check (session);

  for (guint i = 0; i < documents->len; i++)
    {
      const VtDocument *document = g_ptr_array_index (documents, i);
      g_auto(GStrv) numbers = reading_for (session, document->id);
      const char *typed = vt_session_get_answer (session, document->check_field);

      if (numbers == NULL || numbers[0] == NULL || typed == NULL)
        continue;
      if (g_strv_contains ((const char * const *)numbers, typed))
        continue;
      return g_strdup_printf (_("En la foto de «%s» leímos el número %s, pero usted escribió %s. "
                                "Revise cuál es el correcto; si su número está bien, puede "
                                "enviar igual."),
                              vt_procedure_tr (document->title), numbers[0], typed);
    }
  return NULL;
}

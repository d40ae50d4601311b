/* vt-printer.c — PDFs to the kiosk's printer through CUPS, followed until they are on paper.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-printer.h"

#include <cups/cups.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (vt-printer-error-quark, vt_printer_error)

#define POLL_INTERVAL_US (200 * 1000)

typedef struct
{
  char   *configured;
  char   *title;
  GBytes *pdf;
  guint   timeout_s;
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_free (data->configured);
  g_free (data->title);
  g_bytes_unref (data->pdf);
  g_free (data);
}

char *
vt_printer_resolve (const char *configured)
{
  cups_dest_t *dest;
  char *name;

  /* libcups keeps one connection per thread (CUPS_HTTP_DEFAULT): safe from any thread. */
  dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT,
                           configured != NULL && *configured != '\0' ? configured : NULL, NULL);
  if (dest == NULL)
    return NULL;
  name = g_strdup (dest->name);
  cupsFreeDests (1, dest);
  return name;
}

/* The job's state as CUPS reports it now; 0 when it is not found at all. */
static ipp_jstate_t
job_state (const char *printer,
           int         job_id,
           char      **reason)
{
  cups_job_t *jobs = NULL;
  int n = cupsGetJobs2 (CUPS_HTTP_DEFAULT, &jobs, printer, 0, CUPS_WHICHJOBS_ALL);
  ipp_jstate_t state = 0;

  for (int i = 0; i < n; i++)
    {
      if (jobs[i].id == job_id)
        state = jobs[i].state;
    }
  cupsFreeJobs (n, jobs);
  if (reason != NULL)
    {
      const char *printer_reason = NULL;
      cups_dest_t *dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, printer, NULL);

      if (dest != NULL)
        printer_reason = cupsGetOption ("printer-state-reasons", dest->num_options,
                                        dest->options);
      g_free (*reason);
      *reason = g_strdup (printer_reason);
      if (dest != NULL)
        cupsFreeDests (1, dest);
    }
  return state;
}

static gboolean
wait_for_job (const char    *printer,
              int            job_id,
              guint          timeout_s,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_s * G_USEC_PER_SEC;
  g_autofree char *reason = NULL;

  for (;;)
    {
      ipp_jstate_t state = job_state (printer, job_id, NULL);

      switch (state)
        {
        case IPP_JSTATE_COMPLETED:
          return TRUE;
        case IPP_JSTATE_ABORTED:
        case IPP_JSTATE_CANCELED:
          job_state (printer, job_id, &reason);
          g_debug ("Print job %d ended as %d (%s)", job_id, state, reason ? reason : "");
          g_set_error_literal (error, VT_PRINTER_ERROR, VT_PRINTER_ERROR_FAILED,
                               _("La impresora no pudo imprimir los documentos."));
          return FALSE;
        case IPP_JSTATE_PENDING:
        case IPP_JSTATE_HELD:
        case IPP_JSTATE_PROCESSING:
        case IPP_JSTATE_STOPPED:
        default:
          break;
        }
      if (state == 0)
        {
          g_set_error_literal (error, VT_PRINTER_ERROR, VT_PRINTER_ERROR_FAILED,
                               _("La impresora no pudo imprimir los documentos."));
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, VT_PRINTER_ERROR, VT_PRINTER_ERROR_TIMED_OUT,
                               _("La impresora no terminó de imprimir: puede que le falte papel "
                                 "o que esté apagada."));
          return FALSE;
        }
      g_usleep (POLL_INTERVAL_US);
    }
}

static void
print_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PrintData *data = task_data;
  g_autofree char *printer = vt_printer_resolve (data->configured);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *bytes = g_bytes_get_data (data->pdf, &size);
  int job_id;

  if (printer == NULL)
    {
      if (data->configured != NULL && *data->configured != '\0')
        g_task_return_new_error (task, VT_PRINTER_ERROR, VT_PRINTER_ERROR_NO_PRINTER,
                                 _("La impresora de este quiosco no está disponible."));
      else
        g_task_return_new_error (task, VT_PRINTER_ERROR, VT_PRINTER_ERROR_NO_PRINTER,
                                 _("Este quiosco no tiene una impresora disponible."));
      return;
    }

  job_id = cupsCreateJob (CUPS_HTTP_DEFAULT, printer, data->title, 0, NULL);
  if (job_id <= 0)
    {
      g_debug ("CUPS refused the job: %s", cupsLastErrorString ());
      g_task_return_new_error (task, VT_PRINTER_ERROR, VT_PRINTER_ERROR_REFUSED,
                               _("La impresora no aceptó los documentos."));
      return;
    }

  /* Streamed from memory: the papers never touch the kiosk's own disk. */
  if (cupsStartDocument (CUPS_HTTP_DEFAULT, printer, job_id, data->title, CUPS_FORMAT_PDF, 1)
        != HTTP_STATUS_CONTINUE
      || cupsWriteRequestData (CUPS_HTTP_DEFAULT, bytes, size) != HTTP_STATUS_CONTINUE
      || cupsFinishDocument (CUPS_HTTP_DEFAULT, printer) != IPP_STATUS_OK)
    {
      g_debug ("CUPS refused the document: %s", cupsLastErrorString ());
      g_set_error_literal (&error, VT_PRINTER_ERROR, VT_PRINTER_ERROR_REFUSED,
                           _("La impresora no aceptó los documentos."));
    }
  else
    wait_for_job (printer, job_id, data->timeout_s, cancellable, &error);

  /* Cancels it if it is still going, and in any case removes CUPS's copy of the document and
   * the job's history (purge): CUPS keeps both for a day by default, personal data included. */
  if (!cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 1))
    g_debug ("Purging print job %d: %s", job_id, cupsLastErrorString ());

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vt_printer_print_async (const char          *configured,
                        const char          *title,
                        GBytes              *pdf,
                        guint                timeout_s,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintData *data;

  g_return_if_fail (title != NULL);
  g_return_if_fail (pdf != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_printer_print_async);
  data = g_new0 (PrintData, 1);
  data->configured = g_strdup (configured);
  data->title = g_strdup (title);
  data->pdf = g_bytes_ref (pdf);
  data->timeout_s = timeout_s > 0 ? timeout_s : 120;
  g_task_set_task_data (task, data, (GDestroyNotify)print_data_free);
  g_task_run_in_thread (task, print_thread);
}

gboolean
vt_printer_print_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vt_printer_print_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

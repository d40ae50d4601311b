/* test-printer.c — the confirmation page's printing against a real CUPS scheduler.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-cups.h"
#include "vt-test-ui.h"

#include "documents/vt-printer.h"
#include "procedures/vt-procedure.h"
#include "wizard/vt-done-page.h"

#include <cups/cups.h>
#include <string.h>

static VtTestCups *cups;

static VtProcedure *
load_procedure (const char *id)
{
  g_autoptr(GPtrArray) procedures = vt_procedures_load_builtin (NULL);

  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (procedures, i)), id))
      return g_object_ref (g_ptr_array_index (procedures, i));
  g_assert_not_reached ();
}

static GBytes *
sample_pdf (void)
{
  /* Any PDF will do: the printer gets the very bytes, so the test compares them. */
  g_autofree char *text = g_strdup_printf ("%%PDF-1.4\n%% test packet %d\n%%%%EOF\n",
                                           g_random_int ());
  return g_bytes_new (text, strlen (text));
}

static gboolean
print_answered (gpointer data)
{
  const char *status = vt_done_page_get_print_status (data);

  return status != NULL && !g_str_has_prefix (status, "Imprimiendo");
}

/* A confirmation page of a presencial procedure, its packet ready to print on `printer`. */
static GtkWidget *
new_done_page (const char *printer,
               GBytes     *packet)
{
  g_autoptr(VtProcedure) procedure = load_procedure ("copias-certificadas-exterior");
  GtkWidget *page = vt_done_page_new (procedure, "presencial", "K7M2QX");

  g_object_ref_sink (page);
  vt_done_page_set_packet (VT_DONE_PAGE (page), packet);
  vt_done_page_set_printer (VT_DONE_PAGE (page), printer);
  return page;
}

static void
test_setting_chooses_printer (void)
{
  g_autoptr(GBytes) packet = sample_pdf ();
  GtkWidget *page = new_done_page ("mostrador", packet);
  g_autoptr(GPtrArray) at_default = NULL;
  g_autoptr(GPtrArray) at_configured = NULL;

  g_assert_true (vt_done_page_print_packet (VT_DONE_PAGE (page), NULL, NULL));
  g_assert_true (vt_test_ui_wait_for (print_answered, page, 30000));
  g_assert_true (vt_test_cups_wait_received (cups, "mostrador", 1, 10000));
  /* The configured printer, not CUPS's default, got exactly the packet. */
  at_configured = vt_test_cups_get_received (cups, "mostrador");
  at_default = vt_test_cups_get_received (cups, "predeterminada");
  g_assert_cmpuint (at_configured->len, ==, 1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (at_configured, 0), packet));
  g_assert_cmpuint (at_default->len, ==, 0);
  g_assert_cmpstr (vt_done_page_get_print_status (VT_DONE_PAGE (page)), ==,
                   "Documentos impresos: retírelos de la impresora.");
  g_assert_finalize_object (page);
}

static void
test_default_printer (void)
{
  g_autoptr(GBytes) packet = sample_pdf ();
  GtkWidget *page = new_done_page ("", packet);
  g_autoptr(GPtrArray) received = NULL;

  g_assert_true (vt_done_page_print_packet (VT_DONE_PAGE (page), NULL, NULL));
  g_assert_true (vt_test_ui_wait_for (print_answered, page, 30000));
  g_assert_true (vt_test_cups_wait_received (cups, "predeterminada", 1, 10000));
  received = vt_test_cups_get_received (cups, "predeterminada");
  g_assert_true (g_bytes_equal (g_ptr_array_index (received, received->len - 1), packet));
  g_assert_finalize_object (page);
}

static void
test_failure_says_so (void)
{
  g_autoptr(GBytes) packet = sample_pdf ();
  GtkWidget *page = new_done_page ("apagada", packet);
  const char *status;

  g_assert_true (vt_done_page_print_packet (VT_DONE_PAGE (page), NULL, NULL));
  /* Nothing is claimed while CUPS has not answered. */
  g_assert_true (g_str_has_prefix (vt_done_page_get_print_status (VT_DONE_PAGE (page)),
                                   "Imprimiendo"));
  g_assert_true (vt_test_ui_wait_for (print_answered, page, 60000));
  status = vt_done_page_get_print_status (VT_DONE_PAGE (page));
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "No se imprimió"));
  g_assert_null (strstr (status, "enviados"));
  g_assert_null (strstr (status, "impresos"));
  g_assert_finalize_object (page);
}

static void
test_missing_printer (void)
{
  g_autoptr(GBytes) packet = sample_pdf ();
  GtkWidget *page = new_done_page ("no-existe", packet);

  vt_done_page_print_packet (VT_DONE_PAGE (page), NULL, NULL);
  g_assert_true (vt_test_ui_wait_for (print_answered, page, 30000));
  g_assert_cmpstr (vt_done_page_get_print_status (VT_DONE_PAGE (page)), ==,
                   "No se imprimió: La impresora de este quiosco no está disponible. Pida ayuda "
                   "al personal del quiosco.");
  g_assert_null (vt_printer_resolve ("no-existe"));
  g_assert_finalize_object (page);
}

static void
test_spool_purged (void)
{
  cups_job_t *jobs = NULL;
  int n;

  /* Run after the others: the scheduler keeps job files and history, yet none of the
   * kiosk's jobs left either behind, printed or failed. */
  g_assert_cmpuint (vt_test_cups_count_spooled (cups, "d"), ==, 0);
  g_assert_cmpuint (vt_test_cups_count_spooled (cups, "c"), ==, 0);
  n = cupsGetJobs2 (CUPS_HTTP_DEFAULT, &jobs, NULL, 0, CUPS_WHICHJOBS_ALL);
  cupsFreeJobs (n, jobs);
  g_assert_cmpint (n, ==, 0);
}

static void
test_spool_kept_without_purge (void)
{
  g_autoptr(GBytes) packet = sample_pdf ();
  gsize size;
  const char *data = g_bytes_get_data (packet, &size);
  int job;

  /* The check above can fail: a job printed the ordinary way stays in this spool. */
  job = cupsCreateJob (CUPS_HTTP_DEFAULT, "predeterminada", "control", 0, NULL);
  g_assert_cmpint (job, >, 0);
  g_assert_cmpint (cupsStartDocument (CUPS_HTTP_DEFAULT, "predeterminada", job, "control",
                                      CUPS_FORMAT_PDF, 1), ==, HTTP_STATUS_CONTINUE);
  g_assert_cmpint (cupsWriteRequestData (CUPS_HTTP_DEFAULT, data, size), ==,
                   HTTP_STATUS_CONTINUE);
  g_assert_cmpint (cupsFinishDocument (CUPS_HTTP_DEFAULT, "predeterminada"), ==, IPP_STATUS_OK);
  g_assert_true (vt_test_cups_wait_received (cups, "predeterminada", 2, 10000));
  g_assert_cmpuint (vt_test_cups_count_spooled (cups, "d"), ==, 1);
  cupsCancelJob2 (CUPS_HTTP_DEFAULT, "predeterminada", job, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything talks to CUPS: the process's libcups then uses this scheduler. */
  cups = vt_test_cups_start ();
  vt_test_cups_add_printer (cups, "predeterminada", TRUE);
  vt_test_cups_add_printer (cups, "mostrador", FALSE);
  vt_test_cups_add_dead_printer (cups, "apagada");
  vt_test_ui_init (&argc, &argv);

  g_test_add_func ("/papers/printer/setting-chooses-printer", test_setting_chooses_printer);
  g_test_add_func ("/papers/printer/default-printer", test_default_printer);
  g_test_add_func ("/papers/printer/failure-says-so", test_failure_says_so);
  g_test_add_func ("/papers/printer/missing-printer", test_missing_printer);
  g_test_add_func ("/papers/printer/spool-purged", test_spool_purged);
  g_test_add_func ("/papers/printer/spool-kept-without-purge", test_spool_kept_without_purge);
  status = g_test_run ();
  vt_test_cups_stop (cups);
  return status;
}

/* vt-printer.h — PDFs to the kiosk's printer through CUPS, followed until they are on paper.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_PRINTER_ERROR (vt_printer_error_quark ())

typedef enum
{
  VT_PRINTER_ERROR_NO_PRINTER,  /* none configured and no default, or the configured one is gone */
  VT_PRINTER_ERROR_REFUSED,     /* CUPS would not take the job */
  VT_PRINTER_ERROR_FAILED,      /* the job was aborted or cancelled: nothing came out */
  VT_PRINTER_ERROR_TIMED_OUT,   /* still not printed when we stopped waiting (no paper…) */
} VtPrinterError;

GQuark    vt_printer_error_quark   (void);

/* The printer the kiosk would use: `configured` (the `printer` setting) when not empty, else
 * CUPS's default. NULL when that printer does not exist. Blocking but short (a local IPP
 * request): fine where a page is built, not in a loop. */
char     *vt_printer_resolve       (const char          *configured);

/* Prints `pdf` on `configured` (see vt_printer_resolve) as a job named `title`, straight
 * from memory (nothing written on the kiosk's disk), and completes only once CUPS says the
 * job is completed, or failed, or `timeout_s` passed (the job is then cancelled). Whatever the
 * outcome, the job is then purged from CUPS (its spooled copy and its history): the papers
 * carry personal data. Runs in a thread. */
void      vt_printer_print_async   (const char          *configured,
                                    const char          *title,
                                    GBytes              *pdf,
                                    guint                timeout_s,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  vt_printer_print_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS

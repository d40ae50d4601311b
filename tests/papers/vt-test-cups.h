/* vt-test-cups.h — a private CUPS scheduler for one test, with printers that really print.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VtTestCups VtTestCups;

/* Starts cupsd from Debian's cups package on a socket in a fresh temporary folder (no port,
 * no system configuration touched; it works as root or as any user), keeps every job's files
 * and history as a careless configuration would, and points this process's libcups at it
 * (CUPS_SERVER). Call before anything in the process talks to CUPS. */
VtTestCups *vt_test_cups_start          (void);
void        vt_test_cups_stop           (VtTestCups  *cups);

/* A printer reached over AppSocket (what a network printer speaks on port 9100) at a
 * listener of this test on 127.0.0.1: whatever CUPS sends it is kept, one GBytes per job. */
void        vt_test_cups_add_printer    (VtTestCups  *cups,
                                         const char  *name,
                                         gboolean     is_default);
/* A printer whose device never answers: its jobs are aborted after a few seconds. */
void        vt_test_cups_add_dead_printer (VtTestCups *cups,
                                           const char *name);
/* The documents a printer received so far, oldest first (GBytes). */
GPtrArray  *vt_test_cups_get_received   (VtTestCups  *cups,
                                         const char  *name);
/* Waits (running the default main context) until `name` received `n` documents. */
gboolean    vt_test_cups_wait_received  (VtTestCups  *cups,
                                         const char  *name,
                                         guint        n,
                                         guint        timeout_ms);
/* Files in the scheduler's spool folder whose name starts with `prefix` ("d": documents). */
guint       vt_test_cups_count_spooled  (VtTestCups  *cups,
                                         const char  *prefix);

G_END_DECLS

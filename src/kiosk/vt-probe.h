/* vt-probe.h — what the benchmarks read from the running kiosk (tests/bench/, build-aux/bench).
 *
 * Off unless the environment asks for it:
 *   VENTANILLA_PROBE=FILE          the window's first painted frame and the camera frames it has
 *                                  painted, rewritten in FILE (JSON) once a second;
 *   VENTANILLA_PROBE_PAGE=PROC/PAGE the window opens that procedure at that page (not in kiosk
 *                                  mode), so that the benchmark measures a page as a person sees it;
 *   VENTANILLA_PROBE_HANDICAP=1    the kiosk made slow and heavy on purpose (busy painting, a late
 *                                  first frame, 300 MB of ballast), to show that each benchmark
 *                                  gate can fail.
 * The file holds counters and clock readings only, never anything a person entered.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-window.h"

G_BEGIN_DECLS

/* Call once the window is presented and before anything else watches its frame clock, so that
 * the handicap delays what follows the first paint (READY=1) as a slow kiosk would. */
void vt_probe_attach (VtWindow *window,
                      gboolean  kiosk_mode);

G_END_DECLS

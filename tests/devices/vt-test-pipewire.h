/* vt-test-pipewire.h — a private PipeWire for the devices tests: the daemons a kiosk's session
 * runs, started on a runtime directory of the test's own.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The name PipeWire's test video source is published under, as a camera. */
#define VT_TEST_PIPEWIRE_CAMERA_NAME "PipeWire test camera"

typedef enum
{
  /* PipeWire's SPA videotestsrc node, served as a camera (media.class Video/Source). */
  VT_TEST_PIPEWIRE_CAMERA = 1 << 0,
  /* pipewire-pulse: the PulseAudio protocol, as a desktop session's audio server speaks it. */
  VT_TEST_PIPEWIRE_PULSE  = 1 << 1,
} VtTestPipewireFlags;

/* Makes the private XDG_RUNTIME_DIR and points the environment at it. Call first in main (),
 * before anything connects to an audio or video server. */
void        vt_test_pipewire_init             (void);
const char *vt_test_pipewire_get_runtime_dir  (void);
/* Starts pipewire, wireplumber and what `flags` ask for; returns once their sockets answer.
 * The daemons end with the test whatever happens to it. */
void        vt_test_pipewire_start            (VtTestPipewireFlags  flags);
/* Stops the daemons (last started first) and removes the runtime directory. */
void        vt_test_pipewire_stop             (void);

G_END_DECLS

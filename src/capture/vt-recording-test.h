/* vt-recording-test.h — the technician's recording check (`ventanilla --test-recording`).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VT_VIDEO_BUDGET_BYTES 5000000
#define VT_VIDEO_MAX_SECONDS 60

/* Records `seconds` (the longest allowed duration when 0) with the kiosk's own pipeline and
 * budget into `path`, verifies the file and returns its figures as one line of JSON:
 * bytes, duration_s, wall_s, fps, source_frames, expected_frames, dropped_frames,
 * speech_coverage, face_ratio. The frame counts are the camera's, before videorate. */
char *vt_recording_test_run (const char  *camera_spec,
                             const char  *path,
                             guint        seconds,
                             GError     **error);

G_END_DECLS

/* vt-camera-mode.h — which of a camera's modes the kiosk uses, chosen from what it offers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The widest picture the pipeline keeps: a larger mode is scaled down to it right after the
 * decoder, so preview, analysis and encoder never handle more. */
#define VT_CAMERA_MAX_WIDTH 1280

typedef struct
{
  gboolean jpeg;        /* image/jpeg (decoded by jpegdec) rather than video/x-raw */
  char     format[16];  /* the raw format (YUY2, NV12…), empty when any or for JPEG */
  int      width;
  int      height;
  int      fps_n;
  int      fps_d;
  /* Under the kiosk's minimum (640×480 at 15 fps, 16:9 or 4:3): used because it is all the
   * camera has, and diagnostics say so. */
  gboolean below_minimum;
} VtCameraMode;

/* Picks the mode from a device's caps: 1280×720 at 25 fps or more when offered; else the
 * mode nearest to it of at least 640×480 at 15 fps, 16:9 or 4:3; raw or MJPEG, raw preferred
 * at equal size and rate. Ranges (libcamera, PipeWire) are met at 1280×720 or 640×480 and
 * 30 fps when they allow it. FALSE when no structure is video/x-raw or image/jpeg with a
 * known size. */
gboolean  vt_camera_mode_choose   (const GstCaps      *caps,
                                   VtCameraMode       *mode);
/* The caps that ask the source for `mode`. */
GstCaps  *vt_camera_mode_to_caps  (const VtCameraMode *mode);
/* What the pipeline brings every frame to before the tee: raw, at most VT_CAMERA_MAX_WIDTH
 * wide with the mode's aspect, at the mode's rate. */
char     *vt_camera_mode_output_caps (const VtCameraMode *mode);
/* "MJPEG 1280×720 30 fps", "YUY2 640×480 15 fps": for logs and diagnostics. */
char     *vt_camera_mode_describe (const VtCameraMode *mode);
double    vt_camera_mode_fps      (const VtCameraMode *mode);

G_END_DECLS

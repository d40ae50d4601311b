/* vt-camera.h — the kiosk's camera and microphone: preview, still photos and recordings.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_CAPTURE_ERROR (vt_capture_error_quark ())

typedef enum
{
  VT_CAPTURE_ERROR_NO_CAMERA,
  VT_CAPTURE_ERROR_PIPELINE,
  VT_CAPTURE_ERROR_NO_FRAME,
  VT_CAPTURE_ERROR_WRITE,
} VtCaptureError;

#define VT_TYPE_CAMERA (vt_camera_get_type ())

G_DECLARE_FINAL_TYPE (VtCamera, vt_camera, VT, CAMERA, GObject)

GQuark        vt_capture_error_quark          (void);

/* `spec` is "auto", "synthetic" or a device path such as /dev/video0. */
VtCamera     *vt_camera_new                   (const char           *spec);
const char   *vt_camera_get_source_name       (VtCamera             *self);
GdkPaintable *vt_camera_get_paintable         (VtCamera             *self);
gboolean      vt_camera_is_recording          (VtCamera             *self);

gboolean      vt_camera_start                 (VtCamera             *self,
                                               GError              **error);
void          vt_camera_stop                  (VtCamera             *self);

/* The newest frame as JPEG data (not mirrored). */
void          vt_camera_capture_jpeg_async    (VtCamera             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GBytes       *vt_camera_capture_jpeg_finish   (VtCamera             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Records H.264 + AAC as a fragmented MP4 into `output` while the preview goes on; stops by
 * itself after `max_seconds`. The async call completes when the last fragment is written
 * (after EOS); the caller closes the stream. Nothing is written anywhere else. */
void          vt_camera_record_async          (VtCamera             *self,
                                               GOutputStream        *output,
                                               guint                 max_seconds,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      vt_camera_record_finish         (VtCamera             *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void          vt_camera_stop_recording        (VtCamera             *self);

G_END_DECLS

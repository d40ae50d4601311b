/* vt-camera-paintable.h — the newest camera frame as a GdkPaintable.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define VT_TYPE_CAMERA_PAINTABLE (vt_camera_paintable_get_type ())

G_DECLARE_FINAL_TYPE (VtCameraPaintable, vt_camera_paintable, VT, CAMERA_PAINTABLE, GObject)

VtCameraPaintable *vt_camera_paintable_new          (void);
/* Called from any thread with a BGRA sample; the frame reaches the paintable in the main
 * context. Only the newest frame is kept. */
void               vt_camera_paintable_push_sample  (VtCameraPaintable *self,
                                                     GstSample         *sample);
void               vt_camera_paintable_set_mirrored (VtCameraPaintable *self,
                                                     gboolean           mirrored);
/* The top `band` (a share of the height) is shown unmirrored even when mirrored: it holds
 * words. 0 for none. */
void               vt_camera_paintable_set_unmirrored_band (VtCameraPaintable *self,
                                                            double             band);
guint64            vt_camera_paintable_get_frames   (VtCameraPaintable *self);
/* Forgets the shown frame and any frame on its way: the paintable is blank until the next one. */
void               vt_camera_paintable_clear        (VtCameraPaintable *self);
/* TRUE while a frame is shown. */
gboolean           vt_camera_paintable_has_frame    (VtCameraPaintable *self);

G_END_DECLS

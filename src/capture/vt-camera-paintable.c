/* vt-camera-paintable.c — frames from an appsink become textures without a copy.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-paintable.h"

#include <gst/video/video.h>
#include <gtk/gtk.h>
#include <math.h>

struct _VtCameraPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  /* The frame's top rows alone, drawn again the right way round over a mirrored preview:
   * a texture of its own, so only those rows are converted and drawn a second time. */
  GdkTexture *band;
  gboolean    mirrored;
  guint64     frames;

  /* The newest frame not yet shown, handed over from the streaming thread; the band's share
   * of the frame is read there too. */
  GMutex      lock;
  GdkTexture *pending;
  GdkTexture *pending_band;
  double      unmirrored_band;
};

static void vt_camera_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtCameraPaintable, vt_camera_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      vt_camera_paintable_iface_init))

static void
vt_camera_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  VtCameraPaintable *self = VT_CAMERA_PAINTABLE (paintable);

  if (self->texture == NULL)
    {
      GdkRGBA black = { 0.1, 0.1, 0.12, 1 };
      gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &black,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }

  if (self->mirrored)
    {
      gtk_snapshot_save (GTK_SNAPSHOT (snapshot));
      gtk_snapshot_translate (GTK_SNAPSHOT (snapshot), &GRAPHENE_POINT_INIT (width, 0));
      gtk_snapshot_scale (GTK_SNAPSHOT (snapshot), -1, 1);
    }
  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
  if (self->mirrored)
    gtk_snapshot_restore (GTK_SNAPSHOT (snapshot));
  /* A band with words in it (the synthetic camera's mark) reads the right way round. */
  if (self->mirrored && self->band != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->band), snapshot, width,
                            height * gdk_texture_get_height (self->band)
                            / gdk_texture_get_height (self->texture));
}

static int
vt_camera_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  VtCameraPaintable *self = VT_CAMERA_PAINTABLE (paintable);
  return self->texture ? gdk_texture_get_width (self->texture) : 640;
}

static int
vt_camera_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  VtCameraPaintable *self = VT_CAMERA_PAINTABLE (paintable);
  return self->texture ? gdk_texture_get_height (self->texture) : 480;
}

static void
vt_camera_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = vt_camera_paintable_snapshot;
  iface->get_intrinsic_width = vt_camera_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = vt_camera_paintable_get_intrinsic_height;
}

static void
vt_camera_paintable_dispose (GObject *object)
{
  VtCameraPaintable *self = (VtCameraPaintable *)object;

  g_clear_object (&self->texture);
  g_clear_object (&self->band);
  g_mutex_lock (&self->lock);
  g_clear_object (&self->pending);
  g_clear_object (&self->pending_band);
  g_mutex_unlock (&self->lock);
  G_OBJECT_CLASS (vt_camera_paintable_parent_class)->dispose (object);
}

static void
vt_camera_paintable_finalize (GObject *object)
{
  VtCameraPaintable *self = (VtCameraPaintable *)object;

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vt_camera_paintable_parent_class)->finalize (object);
}

static void
vt_camera_paintable_class_init (VtCameraPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_camera_paintable_dispose;
  G_OBJECT_CLASS (klass)->finalize = vt_camera_paintable_finalize;
}

static void
vt_camera_paintable_init (VtCameraPaintable *self)
{
  self->mirrored = TRUE;
  g_mutex_init (&self->lock);
}

VtCameraPaintable *
vt_camera_paintable_new (void)
{
  return g_object_new (VT_TYPE_CAMERA_PAINTABLE, NULL);
}

static gboolean
apply_pending_cb (gpointer user_data)
{
  VtCameraPaintable *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) band = NULL;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending);
  band = g_steal_pointer (&self->pending_band);
  g_mutex_unlock (&self->lock);
  if (texture == NULL)
    return G_SOURCE_REMOVE;

  size_changed = self->texture == NULL
                 || gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture)
                 || gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);
  g_set_object (&self->texture, texture);
  g_set_object (&self->band, band);
  self->frames++;
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  return G_SOURCE_REMOVE;
}

static void
unmap_frame (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);
  g_free (frame);
}

void
vt_camera_paintable_push_sample (VtCameraPaintable *self,
                                 GstSample         *sample)
{
  GstVideoInfo info;
  GstVideoFrame *frame;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  GdkTexture *band = NULL;
  gsize stride;
  int band_rows;
  gboolean schedule;

  g_return_if_fail (VT_IS_CAMERA_PAINTABLE (self));

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return;

  /* The texture borrows the mapped buffer; the frame is unmapped when the texture goes. */
  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (frame);
      return;
    }
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      (gsize)GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0)
                                      * GST_VIDEO_FRAME_HEIGHT (frame),
                                      unmap_frame, frame);

  stride = (gsize)GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  texture = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame),
                                    GST_VIDEO_FRAME_HEIGHT (frame),
                                    GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
  g_mutex_lock (&self->lock);
  band_rows = (int)ceil (self->unmirrored_band * GST_VIDEO_FRAME_HEIGHT (frame));
  g_mutex_unlock (&self->lock);
  if (band_rows > 0)
    {
      /* The same memory, its first rows: no copy. */
      g_autoptr(GBytes) rows = g_bytes_new_from_bytes (bytes, 0, stride * (gsize)band_rows);

      band = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame), band_rows,
                                     GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, rows, stride);
    }

  /* Latest frame wins: when the UI has not shown the previous one yet, it is replaced and no
   * second idle is queued. */
  g_mutex_lock (&self->lock);
  schedule = self->pending == NULL;
  g_clear_object (&self->pending);
  g_clear_object (&self->pending_band);
  self->pending = texture;
  self->pending_band = band;
  g_mutex_unlock (&self->lock);
  if (schedule)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_pending_cb,
                                g_object_ref (self), g_object_unref);
}

void
vt_camera_paintable_set_mirrored (VtCameraPaintable *self,
                                  gboolean           mirrored)
{
  g_return_if_fail (VT_IS_CAMERA_PAINTABLE (self));

  if (self->mirrored == !!mirrored)
    return;
  self->mirrored = !!mirrored;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

void
vt_camera_paintable_set_unmirrored_band (VtCameraPaintable *self,
                                         double             band)
{
  g_return_if_fail (VT_IS_CAMERA_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  self->unmirrored_band = CLAMP (band, 0, 1);
  g_mutex_unlock (&self->lock);
  /* From the next frame on; the one shown keeps its own band until then. */
}

guint64
vt_camera_paintable_get_frames (VtCameraPaintable *self)
{
  g_return_val_if_fail (VT_IS_CAMERA_PAINTABLE (self), 0);
  return self->frames;
}

void
vt_camera_paintable_clear (VtCameraPaintable *self)
{
  g_return_if_fail (VT_IS_CAMERA_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_object (&self->pending);
  g_clear_object (&self->pending_band);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->band);
  if (self->texture == NULL)
    return;
  g_clear_object (&self->texture);
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

gboolean
vt_camera_paintable_has_frame (VtCameraPaintable *self)
{
  g_return_val_if_fail (VT_IS_CAMERA_PAINTABLE (self), FALSE);
  return self->texture != NULL;
}

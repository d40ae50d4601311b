/* vt-camera-photo.c — still photos: the newest frame as JPEG, within a size.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-private.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <gst/video/video.h>

typedef struct
{
  GstSample *sample;
  gsize      max_bytes;
} CaptureData;

static void
capture_data_free (gpointer data)
{
  CaptureData *capture = data;

  gst_sample_unref (capture->sample);
  g_free (capture);
}

static GBytes *
encode_jpeg (GdkPixbuf *pixbuf,
             int        quality)
{
  g_autofree char *quality_text = g_strdup_printf ("%d", quality);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  /* gdk-pixbuf writes no EXIF or other metadata unless asked to. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", &error,
                                  "quality", quality_text, NULL))
    return NULL;
  return g_bytes_new_take (data, size);
}

static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CaptureData *capture = task_data;
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB",
                                                 NULL);
  g_autoptr(GstSample) rgb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) best = NULL;
  GstVideoInfo info;
  GstVideoFrame frame;
  int low = 40, high = 95;

  rgb = gst_video_convert_sample (capture->sample, caps, 5 * GST_SECOND, &error);
  if (rgb == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (rgb))
      || !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (rgb), GST_MAP_READ))
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("No se pudo tomar la foto. Inténtelo de nuevo."));
      return;
    }
  pixbuf = gdk_pixbuf_new_from_data (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GDK_COLORSPACE_RGB,
                                     FALSE, 8, GST_VIDEO_FRAME_WIDTH (&frame),
                                     GST_VIDEO_FRAME_HEIGHT (&frame),
                                     GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), NULL, NULL);

  if (capture->max_bytes == 0)
    best = encode_jpeg (pixbuf, 92);
  else
    {
      /* The highest quality that fits: a binary search over JPEG quality. */
      while (low <= high)
        {
          int mid = (low + high) / 2;
          g_autoptr(GBytes) bytes = encode_jpeg (pixbuf, mid);

          if (bytes != NULL && g_bytes_get_size (bytes) <= capture->max_bytes)
            {
              g_clear_pointer (&best, g_bytes_unref);
              best = g_steal_pointer (&bytes);
              low = mid + 1;
            }
          else
            high = mid - 1;
        }
    }
  g_clear_object (&pixbuf);
  gst_video_frame_unmap (&frame);

  if (best == NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_TOO_LARGE,
                               _("La foto no cabe en el tamaño que acepta el IESS. Avise al "
                                 "personal."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&best), (GDestroyNotify)g_bytes_unref);
}

void
vt_camera_capture_jpeg_async (VtCamera            *self,
                              gsize                max_bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  vt_camera_capture_judged_jpeg_async (self, 0, max_bytes, cancellable, callback, user_data);
}

void
vt_camera_capture_judged_jpeg_async (VtCamera            *self,
                                     guint64              frame,
                                     gsize                max_bytes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CaptureData *capture;
  GstSample *sample = NULL;

  g_return_if_fail (VT_IS_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_camera_capture_jpeg_async);

  g_mutex_lock (&self->lock);
  if (frame == 0)
    sample = self->last_sample ? gst_sample_ref (self->last_sample) : NULL;
  else
    for (guint i = 0; i < VT_CAMERA_KEPT_FRAMES && sample == NULL; i++)
      if (self->judged_serials[i] == frame && self->judged_frames[i] != NULL)
        sample = gst_sample_ref (self->judged_frames[i]);
  g_mutex_unlock (&self->lock);

  if (sample == NULL && frame != 0)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("La imagen cambió. Quédese quieto un momento más."));
      return;
    }
  if (sample == NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("La cámara aún no muestra imagen. Espere un momento."));
      return;
    }
  capture = g_new0 (CaptureData, 1);
  capture->sample = sample;
  capture->max_bytes = max_bytes;
  g_task_set_task_data (task, capture, capture_data_free);
  g_task_run_in_thread (task, capture_thread);
}

GBytes *
vt_camera_capture_jpeg_finish (VtCamera      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

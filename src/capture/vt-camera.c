/* vt-camera.c — GStreamer pipelines behind the capture pages.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera.h"

#include "vt-camera-paintable.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#define PREVIEW_WIDTH 640
#define PREVIEW_HEIGHT 480

struct _VtCamera
{
  GObject            parent_instance;

  char              *spec;
  char              *source_name;
  VtCameraPaintable *paintable;
  GstElement        *pipeline;
  guint              bus_watch;

  GMutex             lock;
  GstSample         *last_sample;

  GTask             *record_task;
  guint              record_timeout;
};

G_DEFINE_FINAL_TYPE (VtCamera, vt_camera, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-capture-error-quark, vt_capture_error)

enum {
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vt_camera_dispose (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  vt_camera_stop (self);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (vt_camera_parent_class)->dispose (object);
}

static void
vt_camera_finalize (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  g_free (self->spec);
  g_free (self->source_name);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vt_camera_parent_class)->finalize (object);
}

static void
vt_camera_class_init (VtCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_camera_dispose;
  object_class->finalize = vt_camera_finalize;

  /**
   * VtCamera::failed:
   * @message: a translated sentence for the person
   *
   * The camera stopped (unplugged, busy, broken pipeline).
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_camera_init (VtCamera *self)
{
  g_mutex_init (&self->lock);
  self->paintable = vt_camera_paintable_new ();
}

VtCamera *
vt_camera_new (const char *spec)
{
  VtCamera *self = g_object_new (VT_TYPE_CAMERA, NULL);

  self->spec = g_strdup (spec ? spec : "auto");
  return self;
}

const char *
vt_camera_get_source_name (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return self->source_name;
}

GdkPaintable *
vt_camera_get_paintable (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return GDK_PAINTABLE (self->paintable);
}

gboolean
vt_camera_is_recording (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->record_task != NULL;
}

/* Chooses the source description. A later capture issue adds libcamerasrc and pipewiresrc. */
static char *
video_source_description (VtCamera *self)
{
  const char *device = NULL;

  if (g_str_has_prefix (self->spec, "/dev/"))
    device = self->spec;
  else if (g_str_equal (self->spec, "auto") && g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    device = "/dev/video0";

  g_free (self->source_name);
  if (device != NULL)
    {
      self->source_name = g_strdup ("v4l2src");
      return g_strdup_printf ("v4l2src device=%s ! videoconvert ! videoscale ! videorate"
                              " ! video/x-raw,width=%d,height=%d,framerate=30/1",
                              device, PREVIEW_WIDTH, PREVIEW_HEIGHT);
    }

  self->source_name = g_strdup ("synthetic");
  return g_strdup_printf ("videotestsrc is-live=true pattern=ball motion=sweep"
                          " background-color=0xff2b3a4a foreground-color=0xfff2c79b"
                          " ! video/x-raw,width=%d,height=%d,framerate=30/1",
                          PREVIEW_WIDTH, PREVIEW_HEIGHT);
}

static const char *
audio_source_description (VtCamera *self)
{
  if (g_str_equal (self->source_name, "synthetic"))
    return "audiotestsrc is-live=true wave=sine freq=220 volume=0.05";
  return "autoaudiosrc";
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  VtCamera *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_OK;

  vt_camera_paintable_push_sample (self->paintable, sample);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->last_sample, gst_sample_unref);
  self->last_sample = sample;
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static void finish_recording (VtCamera *self,
                              GError   *error,
                              gboolean  relaunch);

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VtCamera *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_warning ("Camera pipeline error: %s", gst_error->message);
        error = g_error_new_literal (VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                                     _("La cámara dejó de responder. Revise que esté conectada "
                                       "y pulse «Reintentar»."));
        if (self->record_task)
          finish_recording (self, g_error_copy (error), FALSE);
        vt_camera_stop (self);
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
        break;
      }

    case GST_MESSAGE_EOS:
      if (self->record_task)
        finish_recording (self, NULL, TRUE);
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
launch (VtCamera       *self,
        GOutputStream  *recording,
        GError        **error)
{
  g_autofree char *video = video_source_description (self);
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  if (recording == NULL)
    description = g_strdup_printf ("%s ! videoconvert ! video/x-raw,format=BGRA"
                                   " ! appsink name=preview max-buffers=1 drop=true sync=false",
                                   video);
  else
    {
      /* One source feeds both branches through a tee: the camera is never opened twice. The
       * MP4 is fragmented, so a crash mid-recording leaves a playable file. */
      description = g_strdup_printf (
        "%s ! tee name=t"
        " t. ! queue leaky=downstream max-size-buffers=2 ! videoconvert"
        " ! video/x-raw,format=BGRA ! appsink name=preview max-buffers=1 drop=true sync=false"
        " t. ! queue max-size-time=2000000000 ! videoconvert ! video/x-raw,format=I420"
        " ! x264enc tune=zerolatency speed-preset=veryfast bitrate=600 key-int-max=60"
        " ! video/x-h264,profile=main ! h264parse ! queue ! mux."
        " %s ! audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=1"
        " ! voaacenc bitrate=64000 ! aacparse ! queue ! mux."
        " mp4mux name=mux fragment-duration=1000 streamable=true ! giostreamsink name=out",
        video, audio_source_description (self));
    }

  self->pipeline = gst_parse_launch (description, &local_error);
  if (self->pipeline == NULL || local_error != NULL)
    {
      g_warning ("Could not build the camera pipeline: %s",
                 local_error ? local_error->message : "unknown");
      gst_clear_object (&self->pipeline);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                           _("No se pudo iniciar la cámara del quiosco. Avise al personal."));
      return FALSE;
    }

  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "preview");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  if (recording != NULL)
    {
      g_autoptr(GstElement) out = gst_bin_get_by_name (GST_BIN (self->pipeline), "out");
      g_object_set (out, "stream", recording, NULL);
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      vt_camera_stop (self);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA,
                           _("No se encontró una cámara que funcione. Avise al personal."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vt_camera_start (VtCamera  *self,
                 GError   **error)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  return launch (self, NULL, error);
}

void
vt_camera_stop (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  g_clear_handle_id (&self->record_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->last_sample, gst_sample_unref);
  g_mutex_unlock (&self->lock);
}

static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GstSample *sample = task_data;
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("image/jpeg");
  g_autoptr(GstSample) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  GstMapInfo map;
  GstBuffer *buffer;
  GBytes *bytes;

  jpeg = gst_video_convert_sample (sample, caps, 5 * GST_SECOND, &error);
  if (jpeg == NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("No se pudo tomar la foto. Inténtelo de nuevo."));
      return;
    }
  buffer = gst_sample_get_buffer (jpeg);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("No se pudo tomar la foto. Inténtelo de nuevo."));
      return;
    }
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
}

void
vt_camera_capture_jpeg_async (VtCamera            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GstSample *sample;

  g_return_if_fail (VT_IS_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_camera_capture_jpeg_async);

  g_mutex_lock (&self->lock);
  sample = self->last_sample ? gst_sample_ref (self->last_sample) : NULL;
  g_mutex_unlock (&self->lock);

  if (sample == NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_FRAME,
                               _("La cámara aún no muestra imagen. Espere un momento."));
      return;
    }
  g_task_set_task_data (task, sample, (GDestroyNotify)gst_sample_unref);
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

static void
finish_recording (VtCamera *self,
                  GError   *error,
                  gboolean  relaunch)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->record_task);

  g_clear_handle_id (&self->record_timeout, g_source_remove);
  vt_camera_stop (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  /* Back to the plain preview, so the person sees themselves while reviewing. */
  if (relaunch)
    launch (self, NULL, NULL);
}

static gboolean
record_timeout_cb (gpointer user_data)
{
  VtCamera *self = user_data;

  self->record_timeout = 0;
  vt_camera_stop_recording (self);
  return G_SOURCE_REMOVE;
}

void
vt_camera_record_async (VtCamera            *self,
                        GOutputStream       *output,
                        guint                max_seconds,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (VT_IS_CAMERA (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_camera_record_async);

  if (self->record_task != NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                               _("Ya se está grabando."));
      return;
    }

  vt_camera_stop (self);
  if (!launch (self, output, &error))
    {
      g_task_return_error (task, error);
      launch (self, NULL, NULL);
      return;
    }
  self->record_task = g_steal_pointer (&task);
  self->record_timeout = g_timeout_add_seconds (MAX (max_seconds, 1), record_timeout_cb, self);
}

gboolean
vt_camera_record_finish (VtCamera      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vt_camera_stop_recording (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  /* EOS lets mp4mux write its last fragment; the bus then reports the file finished. */
  if (self->record_task != NULL && self->pipeline != NULL)
    gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

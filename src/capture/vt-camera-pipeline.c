/* vt-camera-pipeline.c — the running pipeline: preview, analysis, microphone level and bus.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-private.h"

#include "vt-synthetic-source.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#define ANALYSIS_FPS 4
/* OpenCV's Haar cascades: Debian's opencv-data, or the Flatpak's own OpenCV module. */
static const char * const cascade_dirs[] = {
  "/usr/share/opencv4/haarcascades",
  "/app/share/opencv4/haarcascades",
};

const char *
vt_camera_cascades_dir (void)
{
  static const char *found = NULL;

  if (g_once_init_enter (&found))
    {
      const char *dir = cascade_dirs[0];

      for (guint i = 0; i < G_N_ELEMENTS (cascade_dirs); i++)
        {
          g_autofree char *path = g_build_filename (cascade_dirs[i],
                                                    "haarcascade_frontalface_default.xml", NULL);
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              dir = cascade_dirs[i];
              break;
            }
        }
      g_once_init_leave (&found, dir);
    }
  return found;
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

typedef struct
{
  VtCamera       *camera;
  VtPhotoVerdict  verdict;
} Analysed;

static gboolean
emit_analysed_cb (gpointer data)
{
  Analysed *analysed = data;

  vt_camera_emit_analysed (analysed->camera, &analysed->verdict);
  return G_SOURCE_REMOVE;
}

static void
analysed_free (gpointer data)
{
  Analysed *analysed = data;

  g_object_unref (analysed->camera);
  g_free (analysed);
}

/* A full-size copy of each frame the analysis takes, before it is scaled: a copy, because a
 * camera's own buffers go back to its small pool and holding them would stall it. */
static GstPadProbeReturn
pending_frame_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  VtCamera *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstBuffer) copy = NULL;
  GstSample *sample;

  if (caps == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_PAD_PROBE_OK;
  /* A still is taken only from a preview: while a video is recorded nothing is kept (its
   * copies would only add to the recording's memory peak). */
  g_mutex_lock (&self->lock);
  if (self->analysis == VT_ANALYSIS_NONE || self->recording)
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_OK;
    }
  g_mutex_unlock (&self->lock);

  copy = gst_buffer_copy_deep (buffer);
  sample = gst_sample_new (copy, caps, NULL, NULL);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending_frames[VT_CAMERA_KEPT_FRAMES - 1], gst_sample_unref);
  memmove (self->pending_frames + 1, self->pending_frames,
           (VT_CAMERA_KEPT_FRAMES - 1) * sizeof (GstSample *));
  self->pending_frames[0] = sample;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* Numbers the full-size frame that `judged` (scaled, same time stamp) came from and keeps it
 * among the last judged; 0 when it is not there. */
static guint64
keep_judged_frame (VtCamera  *self,
                   GstBuffer *judged)
{
  guint64 serial = 0;

  if (!GST_BUFFER_PTS_IS_VALID (judged))
    return 0;
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < VT_CAMERA_KEPT_FRAMES; i++)
    {
      GstSample *pending = self->pending_frames[i];

      if (pending == NULL || GST_BUFFER_PTS (gst_sample_get_buffer (pending)) != GST_BUFFER_PTS (judged))
        continue;
      serial = ++self->next_serial;
      g_clear_pointer (&self->judged_frames[VT_CAMERA_KEPT_FRAMES - 1], gst_sample_unref);
      memmove (self->judged_frames + 1, self->judged_frames,
               (VT_CAMERA_KEPT_FRAMES - 1) * sizeof (GstSample *));
      memmove (self->judged_serials + 1, self->judged_serials,
               (VT_CAMERA_KEPT_FRAMES - 1) * sizeof (guint64));
      self->judged_frames[0] = g_steal_pointer (&self->pending_frames[i]);
      self->judged_serials[0] = serial;
      break;
    }
  g_mutex_unlock (&self->lock);
  return serial;
}

void
vt_camera_forget_frames (VtCamera *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < VT_CAMERA_KEPT_FRAMES; i++)
    {
      g_clear_pointer (&self->pending_frames[i], gst_sample_unref);
      g_clear_pointer (&self->judged_frames[i], gst_sample_unref);
      self->judged_serials[i] = 0;
    }
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
analysis_sample_cb (GstAppSink *sink,
                    gpointer    user_data)
{
  VtCamera *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GArray) faces = NULL;
  GstVideoInfo info;
  GstVideoFrame frame;
  VtAnalysis analysis;
  double aspect;
  gint64 started = g_get_monotonic_time ();
  Analysed *analysed;
  gboolean detector;

  if (sample == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;

  g_mutex_lock (&self->lock);
  faces = g_array_copy (self->faces);
  g_array_set_size (self->faces, 0);
  analysis = self->analysis;
  aspect = self->aspect;
  detector = vt_camera_has_face_detector (self);
  if (self->recording && detector)
    {
      self->stats.analysed_frames++;
      if (faces->len == 1)
        self->stats.face_frames++;
    }
  g_mutex_unlock (&self->lock);

  if (analysis == VT_ANALYSIS_NONE)
    return GST_FLOW_OK;
  if (!gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return GST_FLOW_OK;

  analysed = g_new0 (Analysed, 1);
  analysed->camera = g_object_ref (self);
  if (analysis == VT_ANALYSIS_FACE || analysis == VT_ANALYSIS_FACE_WITH_DOCUMENT)
    {
      VtPhotoCheckFlags flags = VT_PHOTO_CHECK_EXPOSURE;

      if (detector)
        flags = analysis == VT_ANALYSIS_FACE_WITH_DOCUMENT
                ? VT_PHOTO_CHECK_FACE | VT_PHOTO_CHECK_DOCUMENT : VT_PHOTO_CHECK_FACE;
      vt_photo_check_frame (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                            GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
                            GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                            (const VtFace *)faces->data, faces->len, flags, &analysed->verdict);
    }
  else
    vt_document_check_frame (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                             GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
                             GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), aspect,
                             &analysed->verdict);
  gst_video_frame_unmap (&frame);
  analysed->verdict.frame = keep_judged_frame (self, gst_sample_get_buffer (sample));
  /* The face detector ran just before this on the same thread; its ~35 ms are not in
   * `started`, so the latency counts from when the frame was taken, by the pipeline clock. */
  {
    GstClock *clock = GST_ELEMENT_CLOCK (sink);
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    GstSegment *segment = gst_sample_get_segment (sample);

    if (clock != NULL && segment != NULL && GST_BUFFER_PTS_IS_VALID (buffer))
      {
        GstClockTime running = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
                                                            GST_BUFFER_PTS (buffer));
        GstClockTime now = gst_clock_get_time (clock) - GST_ELEMENT_CAST (sink)->base_time;

        if (GST_CLOCK_TIME_IS_VALID (running) && now > running)
          analysed->verdict.latency_ms = (double)(now - running) / GST_MSECOND;
      }
    else
      analysed->verdict.latency_ms = (g_get_monotonic_time () - started) / 1000.0;
  }
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, emit_analysed_cb, analysed,
                              analysed_free);
  return GST_FLOW_OK;
}

static guint
get_uint (const GstStructure *s,
          const char         *field)
{
  guint value = 0;

  gst_structure_get_uint (s, field, &value);
  return value;
}

void
vt_camera_read_faces (const GstStructure *message,
                      GArray             *faces)
{
  const GValue *list = gst_structure_get_value (message, "faces");
  guint n = list ? gst_value_list_get_size (list) : 0;

  g_array_set_size (faces, 0);
  for (guint i = 0; i < n; i++)
    {
      const GstStructure *f = gst_value_get_structure (gst_value_list_get_value (list, i));
      VtFace face = { 0 };

      face.x = (int)get_uint (f, "x");
      face.y = (int)get_uint (f, "y");
      face.width = (int)get_uint (f, "width");
      face.height = (int)get_uint (f, "height");
      face.has_eye = gst_structure_has_field (f, "eyes->x");
      face.eye_x = (int)get_uint (f, "eyes->x");
      face.eye_y = (int)get_uint (f, "eyes->y");
      face.eye_width = (int)get_uint (f, "eyes->width");
      face.eye_height = (int)get_uint (f, "eyes->height");
      g_array_append_val (faces, face);
    }
}

/* Face rectangles and levels arrive as element messages from the streaming threads; they are
 * taken here, before the bus queues them, so the analysis sees them with its own frame. */
static GstBusSyncReply
sync_message_cb (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  VtCamera *self = user_data;
  const GstStructure *s;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT)
    return GST_BUS_PASS;
  s = gst_message_get_structure (message);
  if (gst_structure_has_name (s, "facedetect"))
    {
      g_mutex_lock (&self->lock);
      vt_camera_read_faces (s, self->faces);
      g_mutex_unlock (&self->lock);
      gst_message_unref (message);
      return GST_BUS_DROP;
    }
  if (gst_structure_has_name (s, "level"))
    {
      const GValue *rms = gst_structure_get_value (s, "rms");
      double loudest = -100;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (rms != NULL && G_VALUE_HOLDS_BOXED (rms))
        {
          GValueArray *array = g_value_get_boxed (rms);

          for (guint i = 0; array != NULL && i < array->n_values; i++)
            loudest = MAX (loudest, g_value_get_double (&array->values[i]));
        }
      G_GNUC_END_IGNORE_DEPRECATIONS
      if (!isfinite (loudest))
        loudest = -100;
      g_mutex_lock (&self->lock);
      self->audio_level = loudest;
      g_mutex_unlock (&self->lock);
      gst_message_unref (message);
      return GST_BUS_DROP;
    }
  return GST_BUS_PASS;
}


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
                                     _("La cámara dejó de responder. Revise que esté conectada: "
                                       "la imagen volverá sola, o pulse «Reintentar»."));
        if (self->record_task)
          vt_camera_finish_recording (self, g_error_copy (error), FALSE);
        vt_camera_stop (self);
        vt_camera_emit_failed (self, error->message);
        break;
      }

    case GST_MESSAGE_EOS:
      if (self->record_task)
        vt_camera_finish_recording (self, NULL, TRUE);
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* A microphone whose stream ended (the synthetic speech read to its end) is silent from then
 * on, not stuck at its last level. */
static GstPadProbeReturn
level_eos_cb (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         user_data)
{
  VtCamera *self = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    {
      g_mutex_lock (&self->lock);
      self->audio_level = -100;
      self->microphone_ended = TRUE;
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

void
vt_camera_add_probe (VtCamera            *self,
                     const char          *name,
                     const char          *pad_name,
                     GstPadProbeType      type,
                     GstPadProbeCallback  callback)
{
  g_autoptr(GstElement) element = gst_bin_get_by_name (GST_BIN (self->pipeline), name);
  g_autoptr(GstPad) pad = element ? gst_element_get_static_pad (element, pad_name) : NULL;

  if (pad != NULL)
    gst_pad_add_probe (pad, type, callback, self, NULL);
}


int
vt_camera_analysis_min_face (VtAnalysis analysis)
{
  /* A person's face fills a quarter of the frame or more; the photo on the card in their hand
   * is far smaller, and the detector takes longer looking for small faces. */
  return analysis == VT_ANALYSIS_FACE_WITH_DOCUMENT ? VT_PHOTO_MIN_CARD_FACE : 80;
}

char *
vt_camera_analysis_description (gboolean    faces,
                                int         fps,
                                const char *sink)
{
  g_autofree char *rate = fps > 0 ? g_strdup_printf (" ! videorate name=analysis-rate"
                                                     " drop-only=true max-rate=%d", fps)
                                  : g_strdup ("");

  if (!faces)
    return g_strdup_printf ("queue leaky=downstream max-size-buffers=1%s"
                            " ! videoscale ! videoconvert"
                            " ! video/x-raw,format=GRAY8,width=640,pixel-aspect-ratio=1/1"
                            " ! appsink name=%s max-buffers=1 drop=true sync=false",
                            rate, sink);
  /* The eye cascade that tolerates clear glasses stands in for "eyes visible". The default
   * nose and mouth cascades are not in opencv-data: OpenCV says so once and they stay unused. */
  return g_strdup_printf ("queue leaky=downstream max-size-buffers=1%s"
                          " ! videoscale ! videoconvert"
                          " ! video/x-raw,format=RGB,width=640,pixel-aspect-ratio=1/1"
                          " ! facedetect name=faces display=false updates=every_frame"
                          " min-size-width=80 min-size-height=80"
                          " profile=%s/haarcascade_frontalface_default.xml"
                          " eyes-profile=%s/haarcascade_eye_tree_eyeglasses.xml"
                          " ! videoconvert ! video/x-raw,format=GRAY8"
                          " ! appsink name=%s max-buffers=1 drop=true sync=false",
                          rate, vt_camera_cascades_dir (), vt_camera_cascades_dir (), sink);
}

static char *
analysis_branch (VtCamera *self)
{
  g_autofree char *branch = vt_camera_analysis_description (vt_camera_has_face_detector (self),
                                                            ANALYSIS_FPS, "analysis");

  return g_strconcat (" t. ! ", branch, NULL);
}

void
vt_camera_apply_analysis (VtCamera *self)
{
  g_autoptr(GstElement) faces = NULL;
  int size;

  if (self->pipeline == NULL)
    return;
  faces = gst_bin_get_by_name (GST_BIN (self->pipeline), "faces");
  if (faces == NULL)
    return;
  g_mutex_lock (&self->lock);
  size = vt_camera_analysis_min_face (self->analysis);
  g_mutex_unlock (&self->lock);
  g_object_set (faces, "min-size-width", size, "min-size-height", size, NULL);
}


gboolean
vt_camera_launch (VtCamera       *self,
                  GOutputStream  *recording,
                  guint           seconds,
                  GError        **error)
{
  g_auto(VtCameraSource) source = { 0 };
  g_autofree char *analysis = analysis_branch (self);
  g_autofree char *audio = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) first = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  GstAppSinkCallbacks analysis_callbacks = { .new_sample = analysis_sample_cb };
  g_autoptr(GstElement) microphone = NULL;
  gboolean listening;
  guint max_frames = 0;

  if (recording != NULL && !self->live)
    max_frames = seconds * VT_SYNTHETIC_FPS;
  if (!vt_camera_create_source (self, max_frames, &source, error))
    return FALSE;
  /* The synthetic camera's frames carry their mark: the preview shows it the right way. */
  vt_camera_paintable_set_unmirrored_band (self->paintable,
                                           vt_camera_is_synthetic (self) ? VT_DEMO_BAND : 0);
  audio = vt_camera_audio_source_description (self, seconds);
  listening = self->listening;
  self->microphone_missing = FALSE;
  if (!vt_camera_is_synthetic (self) && (listening || recording != NULL))
    {
      microphone = vt_camera_create_microphone (self);
      if (microphone == NULL)
        {
          /* Without a microphone the preview goes on, silent; a recording cannot be made. */
          g_message ("No microphone found");
          self->microphone_missing = TRUE;
          listening = FALSE;
          if (recording != NULL)
            {
              g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_MICROPHONE,
                                   _("No se encontró el micrófono del quiosco. Avise al "
                                     "personal."));
              return FALSE;
            }
        }
    }

  if (recording == NULL)
    description = g_strdup_printf (
      "%svideoconvert name=head ! videoscale ! videorate ! %s ! tee name=t"
      " t. ! queue leaky=downstream max-size-buffers=2 ! videoconvert ! video/x-raw,format=BGRA"
      " ! appsink name=preview max-buffers=1 drop=true sync=false"
      " %s%s%s%s",
      source.jpeg ? "jpegdec name=decode ! " : "", source.output_caps, analysis,
      listening ? " " : "", listening ? audio : "",
      listening ? " ! audioconvert ! level name=level interval=100000000"
                        " ! fakesink sync=false" : "");
  else
    description = vt_camera_recording_description (self, source.jpeg, source.output_caps,
                                                   analysis, audio, seconds);

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
  gst_bin_add (GST_BIN (self->pipeline), gst_object_ref (source.element));
  first = gst_bin_get_by_name (GST_BIN (self->pipeline), source.jpeg ? "decode" : "head");
  if (microphone != NULL && listening)
    {
      g_autoptr(GstElement) mic = gst_bin_get_by_name (GST_BIN (self->pipeline), "mic");

      gst_bin_add (GST_BIN (self->pipeline), gst_object_ref (microphone));
      if (!gst_element_link (microphone, mic))
        g_warning ("The microphone does not link");
    }
  if (!gst_element_link_filtered (source.element, first, source.caps))
    {
      g_warning ("The camera does not give the mode chosen for it");
      vt_camera_stop (self);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                           _("No se pudo iniciar la cámara del quiosco. Avise al personal."));
      return FALSE;
    }

  {
    g_autoptr(GstElement) speech = gst_bin_get_by_name (GST_BIN (self->pipeline), "speech");

    if (speech != NULL)
      {
        g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (self->speech_wav);

        g_object_set (speech, "stream", stream, NULL);
      }
  }
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "preview");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  {
    g_autoptr(GstElement) analysis_sink = gst_bin_get_by_name (GST_BIN (self->pipeline),
                                                               "analysis");
    gst_app_sink_set_callbacks (GST_APP_SINK (analysis_sink), &analysis_callbacks, self, NULL);
  }
  if (recording != NULL)
    vt_camera_recording_attach (self, source.jpeg, recording);
  vt_camera_add_probe (self, "analysis-rate", "src", GST_PAD_PROBE_TYPE_BUFFER, pending_frame_cb);
  vt_camera_apply_analysis (self);

  g_mutex_lock (&self->lock);
  self->microphone_ended = FALSE;
  g_mutex_unlock (&self->lock);
  vt_camera_add_probe (self, "level", "src", GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, level_eos_cb);
  bus = gst_element_get_bus (self->pipeline);
  gst_bus_set_sync_handler (bus, sync_message_cb, self, NULL);
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
  return vt_camera_launch (self, NULL, 0, error);
}

void
vt_camera_stop (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  /* A recording stopped from outside (a reset, the page going away) ends here: its task is
   * finished as cancelled, so the caller can close its stream and the camera can record
   * again. vt_camera_finish_recording () comes back here once the task is taken. */
  if (self->record_task != NULL)
    {
      vt_camera_finish_recording (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                             "The recording was cancelled"),
                                  FALSE);
      return;
    }
  g_clear_handle_id (&self->record_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
      gst_clear_object (&self->pipeline);
    }
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->last_sample, gst_sample_unref);
  g_array_set_size (self->faces, 0);
  self->audio_level = -100;
  g_mutex_unlock (&self->lock);
  vt_camera_forget_frames (self);
}

gboolean
vt_camera_has_microphone_ended (VtCamera *self)
{
  gboolean ended;

  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);

  g_mutex_lock (&self->lock);
  ended = self->microphone_ended;
  g_mutex_unlock (&self->lock);
  return ended;
}

double
vt_camera_get_audio_level (VtCamera *self)
{
  double level;

  g_return_val_if_fail (VT_IS_CAMERA (self), -100);

  g_mutex_lock (&self->lock);
  level = self->audio_level;
  g_mutex_unlock (&self->lock);
  return level;
}

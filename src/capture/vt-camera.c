/* vt-camera.c — GStreamer pipelines behind the capture pages.
 *
 * One pipeline at a time: the source feeds a tee with the preview (latest frame wins), a
 * throttled analysis branch (face detection a few times a second, never in the preview's path)
 * and, while recording, the encoder. The camera is never opened twice.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera.h"

#include "vt-camera-portal.h"

#include "vt-camera-paintable.h"
#include "vt-synthetic-source.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <math.h>

#define CAMERA_WIDTH 1280
#define CAMERA_HEIGHT 720
#define ANALYSIS_FPS 4
/* OpenCV's Haar cascades: Debian's opencv-data, or the Flatpak's own OpenCV module. */
static const char * const cascade_dirs[] = {
  "/usr/share/opencv4/haarcascades",
  "/app/share/opencv4/haarcascades",
};

static const char *
cascades_dir (void)
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
/* Words a minute for the synthetic reader: brisk, so tests stay short, but with as much voice
 * as the speech check asks of a real reader (about 21 s for the 75 words of the 003 text). */
#define SPEECH_RATE "280"

struct _VtCamera
{
  GObject            parent_instance;

  char              *spec;
  char              *source_name;
  char              *scene;
  char              *audio;
  char              *speech_text;
  GBytes            *speech_wav;
  GCancellable      *speech_cancellable;
  gboolean           speech_failed;
  gboolean           unplugged;
  gboolean           live;
  gboolean           listening;
  VtCameraPaintable *paintable;
  GstElement        *pipeline;
  guint              bus_watch;

  /* Shared with the streaming threads. */
  GMutex             lock;
  GstSample         *last_sample;
  GArray            *faces;
  VtAnalysis         analysis;
  double             aspect;
  gboolean           recording;
  double             audio_level;
  gboolean           microphone_ended;
  VtRecordingStats   stats;
  GstClockTime       first_pts;
  GstClockTime       last_pts;
  guint64            budget_bytes;
  guint64            reserve_bytes;
  gboolean           stop_requested;

  GTask             *record_task;
  guint              record_timeout;
};

G_DEFINE_FINAL_TYPE (VtCamera, vt_camera, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-capture-error-quark, vt_capture_error)

enum {
  SIGNAL_FAILED,
  SIGNAL_ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vt_camera_dispose (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  vt_camera_stop (self);
  g_cancellable_cancel (self->speech_cancellable);
  g_clear_object (&self->speech_cancellable);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (vt_camera_parent_class)->dispose (object);
}

static void
vt_camera_finalize (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  g_free (self->spec);
  g_free (self->source_name);
  g_free (self->scene);
  g_free (self->audio);
  g_free (self->speech_text);
  g_clear_pointer (&self->speech_wav, g_bytes_unref);
  g_array_unref (self->faces);
  vt_recording_stats_clear (&self->stats);
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
  /**
   * VtCamera::analysed:
   * @verdict: (type gpointer): the `VtPhotoVerdict` of the newest sampled frame
   *
   * Emitted in the main context a few times a second while an analysis is set.
   */
  signals[SIGNAL_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vt_camera_init (VtCamera *self)
{
  g_mutex_init (&self->lock);
  self->paintable = vt_camera_paintable_new ();
  self->faces = g_array_new (FALSE, TRUE, sizeof (VtFace));
  self->live = TRUE;
  self->aspect = 4.0 / 3.0;
  self->audio_level = -100;
}

VtCamera *
vt_camera_new (const char *spec)
{
  VtCamera *self = g_object_new (VT_TYPE_CAMERA, NULL);

  self->spec = g_strdup (spec != NULL && *spec != '\0' ? spec : "auto");
  if (g_str_has_prefix (self->spec, "synthetic"))
    {
      g_auto(GStrv) parts = g_strsplit (self->spec, ":", 3);

      self->scene = g_strdup (parts[0] && parts[1] && *parts[1] ? parts[1] : "portrait");
      self->audio = g_strdup (parts[0] && parts[1] && parts[2] && *parts[2] ? parts[2]
                                                                            : "speech");
    }
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

gboolean
vt_camera_has_face_detector (VtCamera *self)
{
  static gsize found = 0;

  /* 1: no detector, 2: detector; looked up once, then asked from the streaming thread. */
  if (g_once_init_enter (&found))
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find ("facedetect");
      g_autofree char *cascade = g_build_filename (cascades_dir (),
                                                   "haarcascade_frontalface_default.xml", NULL);
      gboolean ok = factory != NULL && g_file_test (cascade, G_FILE_TEST_EXISTS);

      g_once_init_leave (&found, ok ? 2 : 1);
    }
  return found == 2;
}

static gboolean launch (VtCamera       *self,
                        GOutputStream  *recording,
                        guint           seconds,
                        GError        **error);

static gboolean
speaks (VtCamera *self)
{
  return self->audio != NULL && g_str_equal (self->audio, "speech");
}

static void
speech_rendered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VtCamera) self = user_data;
  g_autoptr(GBytes) wav = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_object_get_data (object, "vt-cancellable");
  gboolean done = g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &wav, NULL,
                                                   &error);

  /* A text given since, or a camera going away: this rendering is no longer wanted. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  if (!done
      || !g_subprocess_get_successful (G_SUBPROCESS (object)) || wav == NULL
      || g_bytes_get_size (wav) <= 44)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("The synthetic microphone could not speak (espeak-ng), it plays a tone: %s",
                 error ? error->message : "no sound");
      self->speech_failed = TRUE;
    }
  else
    self->speech_wav = g_steal_pointer (&wav);
  g_clear_object (&self->speech_cancellable);

  /* The microphone branch is built with the pipeline: give the preview its voice now. A
   * recording keeps what it started with. */
  if (self->pipeline != NULL && self->record_task == NULL && self->listening)
    {
      vt_camera_stop (self);
      launch (self, NULL, 0, NULL);
    }
}

void
vt_camera_set_speech_text (VtCamera   *self,
                           const char *text)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VT_IS_CAMERA (self));

  if (g_strcmp0 (self->speech_text, text) == 0)
    return;
  g_free (self->speech_text);
  self->speech_text = g_strdup (text);
  g_cancellable_cancel (self->speech_cancellable);
  g_clear_object (&self->speech_cancellable);
  g_clear_pointer (&self->speech_wav, g_bytes_unref);
  self->speech_failed = FALSE;
  if (!speaks (self) || text == NULL)
    return;

  /* The text holds the person's names and ID number: it goes through a pipe, never the
   * command line, and the WAV comes back through another one. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "espeak-ng", "--stdin", "--stdout", "-v", "es", "-s", SPEECH_RATE,
                              NULL);
  if (process == NULL)
    {
      g_message ("The synthetic microphone could not speak (espeak-ng), it plays a tone: %s",
                 error->message);
      self->speech_failed = TRUE;
      return;
    }
  input = g_bytes_new (text, strlen (text));
  self->speech_cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (process), "vt-cancellable",
                          g_object_ref (self->speech_cancellable), g_object_unref);
  g_subprocess_communicate_async (process, input, self->speech_cancellable, speech_rendered_cb,
                                  g_object_ref (self));
}

gboolean
vt_camera_is_preparing_speech (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->speech_cancellable != NULL;
}

void
vt_camera_set_live (VtCamera *self,
                    gboolean  live)
{
  g_return_if_fail (VT_IS_CAMERA (self));
  self->live = !!live;
}

void
vt_camera_set_unplugged (VtCamera *self,
                         gboolean  unplugged)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  if (self->scene == NULL)
    return;
  self->unplugged = !!unplugged;
  if (self->unplugged && self->pipeline != NULL)
    {
      g_autoptr(GstElement) head = gst_bin_get_by_name (GST_BIN (self->pipeline), "head");
      g_autoptr(GError) error = g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                                                     "Could not read from resource.");

      /* What v4l2src posts when its device disappears, from the streaming side. */
      gst_element_post_message (head, gst_message_new_error (GST_OBJECT (head), error,
                                                             "the synthetic camera was unplugged"));
    }
}

void
vt_camera_set_listening (VtCamera *self,
                         gboolean  listening)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  if (self->listening == !!listening)
    return;
  self->listening = !!listening;
  /* The microphone branch is part of the pipeline: rebuild the preview with or without it. */
  if (self->pipeline != NULL && self->record_task == NULL)
    {
      vt_camera_stop (self);
      vt_camera_start (self, NULL);
    }
}

void
vt_camera_set_analysis (VtCamera   *self,
                        VtAnalysis  analysis,
                        double      aspect)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  g_mutex_lock (&self->lock);
  self->analysis = analysis;
  self->aspect = aspect > 0 ? aspect : 4.0 / 3.0;
  g_mutex_unlock (&self->lock);
}

static gboolean
is_synthetic (VtCamera *self)
{
  return self->scene != NULL;
}

static GstElement *
portal_source (VtCamera *self)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GstElement *source;
  int fd;

  fd = bus != NULL ? vt_camera_portal_open_remote (bus, 30000, &error) : -1;
  if (fd < 0)
    {
      g_warning ("No camera through the portal: %s", error ? error->message : "no session bus");
      return NULL;
    }
  source = gst_element_factory_make ("pipewiresrc", NULL);
  if (source == NULL)
    {
      close (fd);
      return NULL;
    }
  g_object_set (source, "fd", fd, NULL);
  g_free (self->source_name);
  self->source_name = g_strdup ("pipewiresrc");
  return gst_object_ref_sink (source);
}

/* Finds a real camera, in the order of preference: libcamera, PipeWire (the camera portal
 * inside Flatpak), V4L2. Returns a new source element, or NULL for none. */
static GstElement *
find_device_source (VtCamera *self)
{
  static const char * const order[] = { "libcamerasrc", "pipewiresrc", "v4l2src" };

  /* Inside Flatpak the sandbox sees no camera device: the camera portal hands over a PipeWire
   * remote that shows the cameras only. */
  if (vt_camera_portal_is_sandboxed ())
    return portal_source (self);
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("video/x-raw");
  GList *devices = NULL;
  GstElement *best = NULL;
  guint best_rank = G_N_ELEMENTS (order);

  gst_device_monitor_add_filter (monitor, "Video/Source", caps);
  if (gst_device_monitor_start (monitor))
    {
      devices = gst_device_monitor_get_devices (monitor);
      gst_device_monitor_stop (monitor);
    }

  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstElement *element = gst_device_create_element (l->data, NULL);
      GstElementFactory *factory = element ? gst_element_get_factory (element) : NULL;
      const char *name = factory ? GST_OBJECT_NAME (factory) : "";
      guint rank = G_N_ELEMENTS (order);

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        if (g_str_equal (name, order[i]))
          rank = i;
      if (element != NULL && rank < best_rank)
        {
          gst_clear_object (&best);
          best = gst_object_ref_sink (element);
          best_rank = rank;
        }
      else if (element != NULL)
        gst_object_unref (gst_object_ref_sink (element));
    }
  g_list_free_full (devices, gst_object_unref);

  if (best != NULL)
    {
      g_free (self->source_name);
      self->source_name = g_strdup (order[best_rank]);
    }
  return best;
}

/* The source element, and the caps it is brought to before the tee. */
static GstElement *
create_source (VtCamera  *self,
               guint      max_frames,
               char     **caps_out)
{
  GstElement *source = NULL;

  if (is_synthetic (self) && self->unplugged)
    return NULL;
  if (!is_synthetic (self))
    {
      if (g_str_has_prefix (self->spec, "/dev/"))
        {
          source = gst_element_factory_make ("v4l2src", NULL);
          if (source != NULL)
            g_object_set (source, "device", self->spec, NULL);
          g_free (self->source_name);
          self->source_name = g_strdup ("v4l2src");
        }
      else
        source = find_device_source (self);
    }

  if (source != NULL)
    {
      *caps_out = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=30/1,"
                                   "pixel-aspect-ratio=1/1", CAMERA_WIDTH, CAMERA_HEIGHT);
      return source;
    }

  if (self->scene == NULL)
    {
      self->scene = g_strdup ("portrait");
      self->audio = g_strdup ("speech");
      if (self->speech_text != NULL)
        {
          /* A fallback to the synthetic camera speaks the text it was given before. */
          g_autofree char *text = g_steal_pointer (&self->speech_text);

          vt_camera_set_speech_text (self, text);
        }
    }
  g_free (self->source_name);
  self->source_name = g_strdup ("synthetic");
  if (g_str_equal (self->scene, "snow"))
    {
      /* The encoder's worst case: nothing repeats between frames or inside them. */
      source = gst_element_factory_make ("videotestsrc", "synthetic");
      g_object_set (source, "is-live", self->live, NULL);
      gst_util_set_object_arg (G_OBJECT (source), "pattern", "snow");
      if (max_frames > 0)
        g_object_set (source, "num-buffers", (int)max_frames, NULL);
    }
  else if (g_str_equal (self->scene, "hd"))
    {
      /* A 1280×720@30 camera for measuring the preview, as a real HD webcam would give. */
      source = gst_element_factory_make ("videotestsrc", "synthetic");
      g_object_set (source, "is-live", self->live, NULL);
      gst_util_set_object_arg (G_OBJECT (source), "pattern", "ball");
      gst_util_set_object_arg (G_OBJECT (source), "motion", "sweep");
      *caps_out = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=30/1",
                                   CAMERA_WIDTH, CAMERA_HEIGHT);
      return source;
    }
  else
    source = vt_synthetic_source_new (self->scene, self->live, max_frames);

  *caps_out = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=%d/1",
                               VT_SYNTHETIC_WIDTH, VT_SYNTHETIC_HEIGHT, VT_SYNTHETIC_FPS);
  return source;
}

static char *
audio_source_description (VtCamera *self,
                          guint     seconds)
{
  g_autofree char *limit = NULL;

  if (!is_synthetic (self))
    return g_strdup ("autoaudiosrc");

  /* A non-live source must end by itself, as a real one is stopped by the clock. */
  limit = !self->live && seconds > 0 ? g_strdup_printf (" num-buffers=%u", seconds * 44100 / 1024 + 1)
                                     : g_strdup ("");
  if (speaks (self) && self->speech_wav != NULL)
    return g_strdup_printf ("giostreamsrc name=speech ! wavparse%s",
                            self->live ? " ! identity sync=true" : "");
  /* Silent while the speech is being rendered; a tone when there is nothing to say. */
  if (g_str_equal (self->audio, "silence")
      || (speaks (self) && self->speech_text != NULL && !self->speech_failed))
    return g_strdup_printf ("audiotestsrc is-live=%d wave=silence samplesperbuffer=1024%s",
                            self->live, limit);
  if (g_str_equal (self->audio, "tone") || speaks (self))
    return g_strdup_printf ("audiotestsrc is-live=%d wave=sine freq=220 volume=0.2"
                            " samplesperbuffer=1024%s", self->live, limit);
  {
    g_autofree char *quoted = g_strescape (self->audio, NULL);

    return g_strdup_printf ("filesrc location=\"%s\" ! wavparse%s", quoted,
                            self->live ? " ! identity sync=true" : "");
  }
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

  g_signal_emit (analysed->camera, signals[SIGNAL_ANALYSED], 0, &analysed->verdict);
  return G_SOURCE_REMOVE;
}

static void
analysed_free (gpointer data)
{
  Analysed *analysed = data;

  g_object_unref (analysed->camera);
  g_free (analysed);
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
  if (analysis == VT_ANALYSIS_FACE)
    vt_photo_check_frame (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GST_VIDEO_FRAME_WIDTH (&frame),
                          GST_VIDEO_FRAME_HEIGHT (&frame), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                          (const VtFace *)faces->data, faces->len, detector, &analysed->verdict);
  else
    vt_document_check_frame (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                             GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
                             GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), aspect,
                             &analysed->verdict);
  gst_video_frame_unmap (&frame);
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
      const GValue *list = gst_structure_get_value (s, "faces");
      guint n = list ? gst_value_list_get_size (list) : 0;

      g_mutex_lock (&self->lock);
      g_array_set_size (self->faces, 0);
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
          g_array_append_val (self->faces, face);
        }
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
      if (self->recording && self->stats.speech_db != NULL)
        g_array_append_val (self->stats.speech_db, loudest);
      g_mutex_unlock (&self->lock);
      gst_message_unref (message);
      return GST_BUS_DROP;
    }
  return GST_BUS_PASS;
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
                                     _("La cámara dejó de responder. Revise que esté conectada: "
                                       "la imagen volverá sola, o pulse «Reintentar»."));
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
request_stop_cb (gpointer user_data)
{
  VtCamera *self = user_data;

  vt_camera_stop_recording (self);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
count_bytes_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  VtCamera *self = user_data;
  gsize size = 0;
  gboolean stop = FALSE;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    size = gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    size = gst_buffer_list_calculate_size (GST_PAD_PROBE_INFO_BUFFER_LIST (info));

  g_mutex_lock (&self->lock);
  self->stats.bytes += size;
  /* Stop while what the encoder and muxer still hold surely fits. */
  if (!self->stop_requested && self->budget_bytes > 0
      && self->stats.bytes + self->reserve_bytes >= self->budget_bytes)
    {
      self->stop_requested = TRUE;
      stop = TRUE;
    }
  g_mutex_unlock (&self->lock);
  if (stop)
    g_main_context_invoke_full (NULL, G_PRIORITY_HIGH, request_stop_cb, g_object_ref (self),
                                g_object_unref);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
count_frames_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  VtCamera *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  g_mutex_lock (&self->lock);
  self->stats.frames++;
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    {
      if (!GST_CLOCK_TIME_IS_VALID (self->first_pts))
        self->first_pts = GST_BUFFER_PTS (buffer);
      self->last_pts = GST_BUFFER_PTS (buffer) + (GST_BUFFER_DURATION_IS_VALID (buffer)
                                                  ? GST_BUFFER_DURATION (buffer) : 0);
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
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

static void
add_probe (GstElement         *pipeline,
           const char         *name,
           const char         *pad_name,
           GstPadProbeType     type,
           GstPadProbeCallback callback,
           VtCamera           *self)
{
  g_autoptr(GstElement) element = gst_bin_get_by_name (GST_BIN (pipeline), name);
  g_autoptr(GstPad) pad = element ? gst_element_get_static_pad (element, pad_name) : NULL;

  if (pad != NULL)
    gst_pad_add_probe (pad, type, callback, self, NULL);
}

static char *
analysis_branch (VtCamera *self)
{
  if (!vt_camera_has_face_detector (self))
    return g_strdup_printf (" t. ! queue leaky=downstream max-size-buffers=1"
                            " ! videorate drop-only=true max-rate=%d ! videoscale ! videoconvert"
                            " ! video/x-raw,format=GRAY8,width=640,pixel-aspect-ratio=1/1"
                            " ! appsink name=analysis max-buffers=1 drop=true sync=false",
                            ANALYSIS_FPS);
  /* The eye cascade that tolerates clear glasses stands in for "eyes visible". The default
   * nose and mouth cascades are not in opencv-data: OpenCV says so once and they stay unused. */
  return g_strdup_printf (" t. ! queue leaky=downstream max-size-buffers=1"
                          " ! videorate drop-only=true max-rate=%d ! videoscale ! videoconvert"
                          " ! video/x-raw,format=RGB,width=640,pixel-aspect-ratio=1/1"
                          " ! facedetect name=faces display=false updates=every_frame"
                          " min-size-width=80 min-size-height=80"
                          " profile=%s/haarcascade_frontalface_default.xml"
                          " eyes-profile=%s/haarcascade_eye_tree_eyeglasses.xml"
                          " ! videoconvert ! video/x-raw,format=GRAY8"
                          " ! appsink name=analysis max-buffers=1 drop=true sync=false",
                          ANALYSIS_FPS, cascades_dir (), cascades_dir ());
}

static gboolean
launch (VtCamera       *self,
        GOutputStream  *recording,
        guint           seconds,
        GError        **error)
{
  g_autofree char *caps = NULL;
  g_autofree char *analysis = analysis_branch (self);
  g_autofree char *audio = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) head = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  GstAppSinkCallbacks analysis_callbacks = { .new_sample = analysis_sample_cb };
  GstElement *source;
  guint max_frames = 0;

  if (recording != NULL && !self->live)
    max_frames = seconds * VT_SYNTHETIC_FPS;
  source = create_source (self, max_frames, &caps);
  if (source == NULL)
    {
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA,
                           _("No se encontró una cámara que funcione. Avise al personal."));
      return FALSE;
    }
  gst_object_ref_sink (source);
  audio = audio_source_description (self, seconds);

  if (recording == NULL)
    description = g_strdup_printf (
      "videoconvert name=head ! videoscale ! videorate ! %s ! tee name=t"
      " t. ! queue leaky=downstream max-size-buffers=2 ! videoconvert ! video/x-raw,format=BGRA"
      " ! appsink name=preview max-buffers=1 drop=true sync=false"
      " %s%s%s%s",
      caps, analysis,
      self->listening ? " " : "", self->listening ? audio : "",
      self->listening ? " ! audioconvert ! level name=level interval=100000000"
                        " ! fakesink sync=false" : "");
  else
    {
      VtVideoBudget budget;
      g_autofree char *encode_caps = NULL;

      vt_video_budget_compute (self->budget_bytes, MAX (seconds, 1), &budget);
      self->reserve_bytes = budget.reserve_bytes;
      /* The encoder gets a 640-wide picture whatever the camera gives: see vt-video-check.h. */
      encode_caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,pixel-aspect-ratio=1/1",
                                     VT_VIDEO_ENCODE_WIDTH);
      /* Constant bitrate with a one-second VBV: the size follows the duration, whatever is in
       * front of the camera. The MP4 is fragmented, so a crash mid-recording leaves a
       * playable file. */
      description = g_strdup_printf (
        "videoconvert name=head ! videoscale ! videorate ! %s ! tee name=t"
        " t. ! queue leaky=downstream max-size-buffers=2 ! videoconvert"
        " ! video/x-raw,format=BGRA ! appsink name=preview max-buffers=1 drop=true sync=false"
        " %s"
        " t. ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0"
        " ! videoscale ! videoconvert ! %s"
        " ! x264enc name=venc pass=cbr bitrate=%u vbv-buf-capacity=1000 speed-preset=veryfast"
        " tune=zerolatency key-int-max=60 threads=2"
        " ! video/x-h264,profile=main ! h264parse ! queue ! mux."
        " %s ! audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=1"
        " ! level name=level interval=100000000"
        " ! voaacenc bitrate=%u ! aacparse ! queue ! mux."
        " mp4mux name=mux fragment-duration=1000 streamable=true ! giostreamsink name=out",
        caps, analysis, encode_caps, budget.video_kbps, audio, budget.audio_kbps * 1000);
    }

  self->pipeline = gst_parse_launch (description, &local_error);
  if (self->pipeline == NULL || local_error != NULL)
    {
      g_warning ("Could not build the camera pipeline: %s",
                 local_error ? local_error->message : "unknown");
      gst_clear_object (&self->pipeline);
      gst_object_unref (source);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                           _("No se pudo iniciar la cámara del quiosco. Avise al personal."));
      return FALSE;
    }
  gst_bin_add (GST_BIN (self->pipeline), source);
  head = gst_bin_get_by_name (GST_BIN (self->pipeline), "head");
  gst_object_unref (source);
  if (!gst_element_link (source, head))
    {
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
    {
      g_autoptr(GstElement) out = gst_bin_get_by_name (GST_BIN (self->pipeline), "out");

      g_object_set (out, "stream", recording, NULL);
      add_probe (self->pipeline, "out", "sink",
                 GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, count_bytes_cb, self);
      add_probe (self->pipeline, "venc", "sink", GST_PAD_PROBE_TYPE_BUFFER, count_frames_cb,
                 self);
    }

  g_mutex_lock (&self->lock);
  self->microphone_ended = FALSE;
  g_mutex_unlock (&self->lock);
  add_probe (self->pipeline, "level", "src", GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, level_eos_cb,
             self);
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
  return launch (self, NULL, 0, error);
}

void
vt_camera_stop (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

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
}

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
  g_autoptr(GTask) task = NULL;
  CaptureData *capture;
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

static void
finish_recording (VtCamera *self,
                  GError   *error,
                  gboolean  relaunch)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->record_task);

  g_clear_handle_id (&self->record_timeout, g_source_remove);
  g_mutex_lock (&self->lock);
  self->recording = FALSE;
  if (GST_CLOCK_TIME_IS_VALID (self->first_pts) && self->last_pts > self->first_pts)
    self->stats.duration_s = (double)(self->last_pts - self->first_pts) / GST_SECOND;
  /* Frames per second of media time: a slow machine shows it as gaps, counted as dropped. */
  self->stats.fps = self->stats.frames / MAX (self->stats.duration_s, 0.001);
  {
    double expected = self->stats.duration_s * VT_SYNTHETIC_FPS;

    self->stats.dropped_frames = expected > self->stats.frames + 0.5
                                 ? (guint64)lround (expected - self->stats.frames) : 0;
  }
  self->stats.face_ratio = self->stats.analysed_frames > 0
                           ? (double)self->stats.face_frames / self->stats.analysed_frames : 0;
  g_mutex_unlock (&self->lock);

  vt_camera_stop (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  /* Back to the plain preview, so the person sees themselves while reviewing. */
  if (relaunch)
    launch (self, NULL, 0, NULL);
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
                        guint64              budget_bytes,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (VT_IS_CAMERA (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));
  g_return_if_fail (budget_bytes > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_camera_record_async);

  if (self->record_task != NULL)
    {
      g_task_return_new_error (task, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE,
                               _("Ya se está grabando."));
      return;
    }

  vt_camera_stop (self);
  max_seconds = MAX (max_seconds, 1);
  g_mutex_lock (&self->lock);
  vt_recording_stats_clear (&self->stats);
  self->stats.speech_db = g_array_new (FALSE, FALSE, sizeof (double));
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->last_pts = 0;
  self->budget_bytes = budget_bytes;
  self->stop_requested = FALSE;
  self->recording = TRUE;
  g_mutex_unlock (&self->lock);

  if (!launch (self, output, max_seconds, &error))
    {
      self->recording = FALSE;
      g_task_return_error (task, error);
      launch (self, NULL, 0, NULL);
      return;
    }
  self->record_task = g_steal_pointer (&task);
  /* A live source is stopped by the clock; a non-live one ends after its frames. */
  if (self->live)
    self->record_timeout = g_timeout_add (max_seconds * 1000 + 100, record_timeout_cb, self);
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

guint64
vt_camera_get_recorded_bytes (VtCamera *self)
{
  guint64 bytes;

  g_return_val_if_fail (VT_IS_CAMERA (self), 0);

  g_mutex_lock (&self->lock);
  bytes = self->stats.bytes;
  g_mutex_unlock (&self->lock);
  return bytes;
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

void
vt_camera_get_recording_stats (VtCamera         *self,
                               VtRecordingStats *stats)
{
  g_return_if_fail (VT_IS_CAMERA (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  stats->speech_db = self->stats.speech_db ? g_array_copy (self->stats.speech_db)
                                           : g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_unlock (&self->lock);
}

void
vt_recording_stats_clear (VtRecordingStats *stats)
{
  g_clear_pointer (&stats->speech_db, g_array_unref);
  memset (stats, 0, sizeof *stats);
}

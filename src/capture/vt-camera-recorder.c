/* vt-camera-recorder.c — recordings: the encoding branch, its budget, its figures.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-private.h"

#include "vt-synthetic-source.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>

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

/* The pipeline clock's running time now, as a live source's timestamps count it. */
static GstClockTime
running_time_now (GstElement *element)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (element);
  GstClockTime now, base;

  if (clock == NULL)
    return GST_CLOCK_TIME_NONE;
  now = gst_clock_get_time (clock);
  base = gst_element_get_base_time (element);
  return now > base ? now - base : 0;
}

static void
tally_buffer (VtCamera         *self,
              GstBuffer        *buffer,
              const GstSegment *segment,
              gint64            wall_us)
{
  GstClockTime running_time = GST_CLOCK_TIME_NONE;

  if (segment != NULL && segment->format == GST_FORMAT_TIME && GST_BUFFER_PTS_IS_VALID (buffer))
    running_time = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
                                                GST_BUFFER_PTS (buffer));
  vt_frame_tally_frame (&self->tally, running_time, GST_BUFFER_DURATION (buffer), wall_us);
}

/* The camera's frames as it delivers them, before videorate fills its gaps with copies: what
 * the recording's dropped frames are counted from (vt-frame-tally.h). Its EOS is the source's
 * end, taken by the clock, so a camera that went quiet before the end owes those frames too. */
static GstPadProbeReturn
tally_frames_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  VtCamera *self = user_data;
  gint64 wall_us = g_get_monotonic_time ();
  g_autoptr(GstEvent) segment_event = NULL;
  const GstSegment *segment = NULL;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      g_autoptr(GstElement) element = NULL;
      GstClockTime end;

      if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
        return GST_PAD_PROBE_OK;
      element = gst_pad_get_parent_element (pad);
      end = element != NULL ? running_time_now (element) : GST_CLOCK_TIME_NONE;
      g_mutex_lock (&self->lock);
      if (self->recording)
        vt_frame_tally_finish (&self->tally, self->tally_live ? end : GST_CLOCK_TIME_NONE,
                               wall_us);
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_OK;
    }

  segment_event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  if (segment_event != NULL)
    gst_event_parse_segment (segment_event, &segment);
  g_mutex_lock (&self->lock);
  if (self->recording)
    {
      if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
        tally_buffer (self, GST_PAD_PROBE_INFO_BUFFER (info), segment, wall_us);
      else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
        {
          GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

          for (guint i = 0; i < gst_buffer_list_length (list); i++)
            tally_buffer (self, gst_buffer_list_get (list, i), segment, wall_us);
        }
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* The microphone, kept for the verdict and judged as it comes for the teleprompter. */
static GstFlowReturn
voice_sample_cb (GstAppSink *sink,
                 gpointer    user_data)
{
  VtCamera *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&self->lock);
  if (self->recording && self->stats.speech_pcm != NULL && self->voice != NULL)
    {
      g_byte_array_append (self->stats.speech_pcm, map.data, (guint)map.size);
      vt_speech_detector_feed (self->voice, (const gint16 *)map.data, map.size / sizeof (gint16));
    }
  g_mutex_unlock (&self->lock);
  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

char *
vt_camera_recording_description (VtCamera   *self,
                                 gboolean    jpeg,
                                 const char *caps,
                                 const char *analysis,
                                 const char *audio,
                                 guint       seconds)
{
  VtVideoBudget budget;
  g_autofree char *encode_caps = NULL;
  const char *sound_queue;

  vt_video_budget_compute (self->budget_bytes, MAX (seconds, 1), &budget);
  self->reserve_bytes = budget.reserve_bytes;
  /* The encoder gets a 640-wide picture whatever the camera gives: see vt-video-check.h. */
  encode_caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,pixel-aspect-ratio=1/1",
                                 VT_VIDEO_ENCODE_WIDTH);
  /* A real microphone is read through a leaky queue (vt_camera_audio_source_description ()):
   * when x264 falls behind on a busy kiosk the muxer waits for the picture, and with the
   * default 1 s queues to the muxer that queue threw the person's words away. The sound's
   * queues hold more than the picture's 3 s queue can lag. */
  sound_queue = vt_camera_is_synthetic (self)
                ? "" : " max-size-time=5000000000 max-size-buffers=0 max-size-bytes=0";
  /* Constant bitrate with a one-second VBV: the size follows the duration, whatever is in
   * front of the camera. The MP4 is fragmented, so a crash mid-recording leaves a
   * playable file. */
  return g_strdup_printf (
    "%svideoconvert name=head ! videoscale ! videorate ! %s ! tee name=t"
    " t. ! queue leaky=downstream max-size-buffers=2 ! videoconvert"
    " ! video/x-raw,format=BGRA ! appsink name=preview max-buffers=1 drop=true sync=false"
    " %s"
    " t. ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0"
    " ! videoscale ! videoconvert ! %s"
    " ! x264enc name=venc pass=cbr bitrate=%u vbv-buf-capacity=1000 speed-preset=veryfast"
    " tune=zerolatency key-int-max=60 threads=2"
    " ! video/x-h264,profile=main ! h264parse ! queue ! mux."
    " %s ! audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=1"
    " ! level name=level interval=100000000 ! tee name=at"
    " at. ! queue%s ! voaacenc bitrate=%u ! aacparse ! queue%s ! mux."
    /* The same sound, as the speech detector takes it. */
    " at. ! queue ! audioconvert ! audioresample"
    " ! audio/x-raw,format=S16LE,layout=interleaved,channels=1,rate=%d"
    " ! appsink name=voice sync=false"
    " mp4mux name=mux fragment-duration=1000 streamable=true ! giostreamsink name=out",
    jpeg ? "jpegdec name=decode ! " : "", caps, analysis, encode_caps, budget.video_kbps, audio,
    sound_queue, budget.audio_kbps * 1000, sound_queue, VT_SPEECH_SAMPLE_RATE);
}

void
vt_camera_recording_attach (VtCamera      *self,
                            gboolean       jpeg,
                            GOutputStream *recording)
{
  g_autoptr(GstElement) out = gst_bin_get_by_name (GST_BIN (self->pipeline), "out");
  g_autoptr(GstElement) voice = gst_bin_get_by_name (GST_BIN (self->pipeline), "voice");
  GstAppSinkCallbacks voice_callbacks = { .new_sample = voice_sample_cb };

  /* Here, once the source is chosen and before it plays: owed by the mode's rate, whatever
   * videorate makes of it downstream. A live source's end is taken by the clock; a non-live
   * one (tests) is paced by nothing and ends with its last frame. */
  g_mutex_lock (&self->lock);
  vt_frame_tally_begin (&self->tally, self->mode_fps);
  self->tally_live = self->live;
  g_mutex_unlock (&self->lock);
  g_object_set (out, "stream", recording, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (voice), &voice_callbacks, self, NULL);
  vt_camera_add_probe (self, "out", "sink",
                       GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, count_bytes_cb);
  vt_camera_add_probe (self, "venc", "sink", GST_PAD_PROBE_TYPE_BUFFER, count_frames_cb);
  /* The first element after the source, as vt_camera_launch () links it. */
  vt_camera_add_probe (self, jpeg ? "decode" : "head", "sink",
                       GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST
                       | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, tally_frames_cb);
}

/* Said in the log, never refused on: a busy machine (CI's, under sanitizers, with a live
 * synthetic camera that skips late frames) drops frames without the recording being unfit,
 * and a warning there would be fatal. The figures are counts and times, nothing of the
 * person. */
static void
log_recording_figures (const VtRecordingStats *stats,
                       gboolean                live,
                       gboolean                ended)
{
  if (stats->expected_frames > 0 && stats->dropped_frames * 20 > stats->expected_frames)
    g_message ("Recording: the camera delivered %" G_GUINT64_FORMAT " of the %"
               G_GUINT64_FORMAT " frames its mode owed (%.1f %% dropped)", stats->source_frames,
               stats->expected_frames, 100.0 * stats->dropped_frames / stats->expected_frames);
  /* A live source's media time keeps to the wall clock unless frames went missing where
   * nothing counts them. A non-live one runs at the machine's pace, and a recording cut short
   * leaves frames queued for the encoder: neither says anything here. */
  if (live && ended && stats->wall_s > 0 && stats->duration_s < stats->wall_s * 0.9)
    g_message ("Recording: %.1f s of picture for %.1f s of wall-clock time",
               stats->duration_s, stats->wall_s);
}

void
vt_camera_finish_recording (VtCamera *self,
                            GError   *error,
                            gboolean  relaunch)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->record_task);
  GstClockTime end = self->pipeline != NULL ? running_time_now (self->pipeline)
                                            : GST_CLOCK_TIME_NONE;
  VtRecordingStats figures;
  gboolean live;

  if (self->record_cancel_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->record_cancel_handler);
  self->record_cancel_handler = 0;
  g_clear_handle_id (&self->record_timeout, g_source_remove);
  g_mutex_lock (&self->lock);
  self->recording = FALSE;
  if (GST_CLOCK_TIME_IS_VALID (self->first_pts) && self->last_pts > self->first_pts)
    self->stats.duration_s = (double)(self->last_pts - self->first_pts) / GST_SECOND;
  /* Frames per second of media time, as encoded: videorate keeps this at the mode's rate
   * whatever the camera gave, so the dropped frames come from the source's tally instead. */
  self->stats.fps = self->stats.frames / MAX (self->stats.duration_s, 0.001);
  /* The tally ended when the source did; one cut short (cancelled, failed) ends here. */
  live = self->tally_live;
  vt_frame_tally_finish (&self->tally, live ? end : GST_CLOCK_TIME_NONE, g_get_monotonic_time ());
  self->stats.source_frames = self->tally.delivered;
  self->stats.expected_frames = self->tally.expected;
  self->stats.dropped_frames = self->tally.dropped;
  self->stats.wall_s = self->tally.wall_s;
  self->stats.face_ratio = self->stats.analysed_frames > 0
                           ? (double)self->stats.face_frames / self->stats.analysed_frames : 0;
  figures = self->stats;
  figures.speech_pcm = NULL;
  g_mutex_unlock (&self->lock);

  log_recording_figures (&figures, live, error == NULL);
  vt_camera_stop (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  /* Back to the plain preview, so the person sees themselves while reviewing. */
  if (relaunch)
    vt_camera_launch (self, NULL, 0, NULL);
}

typedef struct
{
  VtCamera *camera;
  GTask    *task;
} CancelRecording;

static void
cancel_recording_free (gpointer data)
{
  CancelRecording *cancel = data;

  g_object_unref (cancel->camera);
  g_object_unref (cancel->task);
  g_free (cancel);
}

/* In an idle, never inside g_cancellable_cancel (): the handler cannot be disconnected there. */
static gboolean
cancel_recording_idle_cb (gpointer data)
{
  CancelRecording *cancel = data;
  VtCamera *self = cancel->camera;

  if (self->record_task != cancel->task)
    return G_SOURCE_REMOVE;
  vt_camera_finish_recording (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         "The recording was cancelled"),
                              TRUE);
  return G_SOURCE_REMOVE;
}

static void
record_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  VtCamera *self = user_data;
  CancelRecording *cancel = g_new0 (CancelRecording, 1);

  cancel->camera = g_object_ref (self);
  cancel->task = g_object_ref (self->record_task);
  g_idle_add_full (G_PRIORITY_HIGH, cancel_recording_idle_cb, cancel, cancel_recording_free);
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
  self->stats.speech_pcm = g_byte_array_new ();
  g_clear_pointer (&self->voice, vt_speech_detector_free);
  self->voice = vt_speech_detector_new ();
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->last_pts = 0;
  self->budget_bytes = budget_bytes;
  self->stop_requested = FALSE;
  self->recording = TRUE;
  g_mutex_unlock (&self->lock);

  if (!vt_camera_launch (self, output, max_seconds, &error))
    {
      self->recording = FALSE;
      g_task_return_error (task, error);
      vt_camera_launch (self, NULL, 0, NULL);
      return;
    }
  self->record_task = g_steal_pointer (&task);
  if (cancellable != NULL)
    self->record_cancel_handler = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (record_cancelled_cb),
                                                         self, NULL);
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

void
vt_camera_get_recording_stats (VtCamera         *self,
                               VtRecordingStats *stats)
{
  g_return_if_fail (VT_IS_CAMERA (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  stats->speech_pcm = g_byte_array_new ();
  if (self->stats.speech_pcm != NULL)
    g_byte_array_append (stats->speech_pcm, self->stats.speech_pcm->data,
                         self->stats.speech_pcm->len);
  g_mutex_unlock (&self->lock);
}

void
vt_recording_stats_clear (VtRecordingStats *stats)
{
  g_clear_pointer (&stats->speech_pcm, g_byte_array_unref);
  memset (stats, 0, sizeof *stats);
}

double
vt_camera_get_speech_seconds (VtCamera *self)
{
  double seconds;

  g_return_val_if_fail (VT_IS_CAMERA (self), 0);

  g_mutex_lock (&self->lock);
  seconds = self->voice != NULL ? vt_speech_detector_get_speech_seconds (self->voice) : 0;
  g_mutex_unlock (&self->lock);
  return seconds;
}

gboolean
vt_camera_hears_other_sound (VtCamera *self)
{
  /* Two seconds of 10 ms frames: long enough not to flicker on a cough or a door. */
  const guint window = 200;
  guint speech = 0, sound = 0;

  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);

  g_mutex_lock (&self->lock);
  if (self->voice != NULL)
    vt_speech_detector_count_recent (self->voice, window, &speech, &sound);
  g_mutex_unlock (&self->lock);
  return sound >= window / 2 && speech < window / 10;
}

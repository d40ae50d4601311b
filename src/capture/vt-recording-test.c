/* vt-recording-test.c — the technician's recording check (`ventanilla --test-recording`).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-recording-test.h"

#include "vt-camera.h"
#include "vt-speech-detector.h"
#include "vt-video-check.h"

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} Run;

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  vt_camera_record_finish (VT_CAMERA (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
stop_cb (gpointer user_data)
{
  vt_camera_stop_recording (VT_CAMERA (user_data));
  return G_SOURCE_REMOVE;
}

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

char *
vt_recording_test_run (const char  *camera_spec,
                       const char  *path,
                       guint        seconds,
                       GError     **error)
{
  g_autoptr(VtCamera) camera = vt_camera_new (camera_spec);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *duration = NULL;
  g_autofree char *fps = NULL;
  g_autofree char *coverage = NULL;
  g_autofree char *faces = NULL;
  g_autofree char *wall = NULL;
  VtRecordingStats stats;
  VtVideoInfo info;
  Run run = { loop, NULL };
  double voiced_seconds = 0;
  char *json;

  g_return_val_if_fail (path != NULL, NULL);

  if (seconds == 0 || seconds > VT_VIDEO_MAX_SECONDS)
    seconds = VT_VIDEO_MAX_SECONDS;
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return NULL;

  vt_camera_set_analysis (camera, VT_ANALYSIS_FACE, 0);
  /* The bitrate is the kiosk's, computed for the longest allowed video; a shorter test is
   * stopped as the person would stop it. */
  vt_camera_record_async (camera, G_OUTPUT_STREAM (out), VT_VIDEO_MAX_SECONDS,
                          VT_VIDEO_BUDGET_BYTES, NULL, record_done_cb, &run);
  if (seconds < VT_VIDEO_MAX_SECONDS)
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, stop_cb, g_object_ref (camera),
                                g_object_unref);
  g_main_loop_run (loop);
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, run.error ? NULL : &run.error)
      || run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return NULL;
    }
  vt_camera_get_recording_stats (camera, &stats);
  vt_camera_stop (camera);

  if (!vt_video_verify_file (path, VT_VIDEO_BUDGET_BYTES, &info, error))
    {
      vt_recording_stats_clear (&stats);
      return NULL;
    }

  /* Speech coverage: the share of the recording in which the speech verdict's detector heard a
   * voice speaking (not merely sound). */
  {
    g_autoptr(VtSpeechDetector) detector = vt_speech_detector_new ();

    vt_speech_detector_feed (detector, (const gint16 *)stats.speech_pcm->data,
                             stats.speech_pcm->len / sizeof (gint16));
    vt_speech_detector_finish (detector);
    voiced_seconds = vt_speech_detector_get_speech_seconds (detector);
  }
  duration = format_double (info.duration_s);
  fps = format_double (stats.fps);
  coverage = format_double (info.duration_s > 0 ? MIN (voiced_seconds / info.duration_s, 1.0) : 0);
  faces = format_double (stats.face_ratio);
  wall = format_double (stats.wall_s);
  /* The frames are the camera's, counted before videorate evens them out: dropped_frames is
   * expected_frames (by the clock, at the mode's rate) less source_frames. wall_s beside
   * duration_s shows a picture shorter than the time it took. */
  json = g_strdup_printf ("{\"bytes\": %" G_GUINT64_FORMAT ", \"duration_s\": %s, "
                          "\"wall_s\": %s, \"fps\": %s, "
                          "\"source_frames\": %" G_GUINT64_FORMAT ", "
                          "\"expected_frames\": %" G_GUINT64_FORMAT ", "
                          "\"dropped_frames\": %" G_GUINT64_FORMAT ", \"speech_coverage\": %s, "
                          "\"face_ratio\": %s}", info.bytes, duration, wall, fps,
                          stats.source_frames, stats.expected_frames, stats.dropped_frames,
                          coverage, faces);
  vt_recording_stats_clear (&stats);
  return json;
}

/* bench-capture.c — capture benchmarks, each printing one JSON object on stdout.
 *
 *   bench-capture viewer SECONDS    the minimal viewer: videotestsrc 1280×720@30 → appsink →
 *                                   GdkMemoryTexture → GtkPicture, nothing else (baseline)
 *   bench-capture preview SECONDS   the kiosk's VtCamera preview of the same caps, with its
 *                                   throttled face-analysis branch
 *   bench-capture record SECONDS    recording with the 5 MB budget while previewing
 *   bench-capture photo SECONDS     latency of the live photo verdict on the synthetic portrait
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-camera.h"
#include "capture/vt-recording-test.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>
#include <sys/resource.h>

static GtkWidget *picture;
static guint64 shown;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

/* Frames shown: each new frame that reaches the picture on the main thread, counted the same
 * way for both sides (a new texture for the viewer, new contents for the kiosk's paintable). */
static void
contents_cb (GdkPaintable *paintable,
             gpointer      user_data)
{
  shown++;
}

static GtkWidget *
new_window (void)
{
  GtkWidget *window = gtk_window_new ();

  picture = gtk_picture_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_set_child (GTK_WINDOW (window), picture);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The baseline: every frame becomes a texture on the main thread, newest wins. */
static gboolean
set_texture_cb (gpointer data)
{
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (data));
  shown++;
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
viewer_sample_cb (GstAppSink *sink,
                  gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstMapInfo map;
  GBytes *bytes;
  GdkTexture *texture;

  gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
  gst_buffer_map (buffer, &map, GST_MAP_READ);
  bytes = g_bytes_new_with_free_func (map.data, map.size, (GDestroyNotify)gst_sample_unref,
                                      sample);
  /* The mapping stays valid while the sample lives: the bytes own it. */
  gst_buffer_unmap (buffer, &map);
  texture = gdk_memory_texture_new (info.width, info.height,
                                    GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, info.stride[0]);
  g_bytes_unref (bytes);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, set_texture_cb, texture,
                              g_object_unref);
  return GST_FLOW_OK;
}

static int
bench_viewer (double seconds)
{
  GstAppSinkCallbacks callbacks = { .new_sample = viewer_sample_cb };
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  GtkWidget *window = new_window ();
  double cpu0;

  pipeline = gst_parse_launch ("videotestsrc is-live=true pattern=ball motion=sweep"
                               " ! video/x-raw,width=1280,height=720,framerate=30/1"
                               " ! videoconvert ! video/x-raw,format=BGRA"
                               " ! appsink name=sink max-buffers=1 drop=true sync=false", NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, NULL, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  run_for (2);
  shown = 0;
  cpu0 = cpu_seconds ();
  run_for (seconds);
  g_print ("{\"fps\": %.2f, \"cpu\": %.3f}\n", shown / seconds, (cpu_seconds () - cpu0) / seconds);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static int
bench_preview (double seconds)
{
  g_autoptr(VtCamera) camera = vt_camera_new ("synthetic:hd");
  GtkWidget *window = new_window ();
  double cpu0;

  gtk_picture_set_paintable (GTK_PICTURE (picture), vt_camera_get_paintable (camera));
  g_signal_connect (vt_camera_get_paintable (camera), "invalidate-contents",
                    G_CALLBACK (contents_cb), NULL);
  vt_camera_set_analysis (camera, VT_ANALYSIS_FACE, 0);
  if (!vt_camera_start (camera, NULL))
    return 1;
  run_for (2);
  shown = 0;
  cpu0 = cpu_seconds ();
  run_for (seconds);
  g_print ("{\"fps\": %.2f, \"cpu\": %.3f}\n", shown / seconds, (cpu_seconds () - cpu0) / seconds);
  vt_camera_stop (camera);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  vt_camera_record_finish (VT_CAMERA (object), result, NULL);
  *done = TRUE;
}

static int
bench_record (double seconds)
{
  g_autoptr(VtCamera) camera = vt_camera_new ("synthetic");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  GtkWidget *window = new_window ();
  VtRecordingStats stats;
  gboolean done = FALSE;

  gtk_picture_set_paintable (GTK_PICTURE (picture), vt_camera_get_paintable (camera));
  vt_camera_set_analysis (camera, VT_ANALYSIS_FACE, 0);
  vt_camera_start (camera, NULL);
  run_for (1);
  vt_camera_record_async (camera, out, (guint)seconds, VT_VIDEO_BUDGET_BYTES, NULL, recorded_cb,
                          &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_output_stream_close (out, NULL, NULL);
  vt_camera_get_recording_stats (camera, &stats);
  g_print ("{\"bytes\": %" G_GSIZE_FORMAT ", \"frames\": %" G_GUINT64_FORMAT ", \"dropped\": %"
           G_GUINT64_FORMAT ", \"duration_s\": %.2f, \"fps\": %.2f, \"peak_rss_mb\": %.1f}\n",
           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), stats.frames,
           stats.dropped_frames, stats.duration_s, stats.fps, peak_rss_mb ());
  vt_recording_stats_clear (&stats);
  vt_camera_stop (camera);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static void
analysed_cb (VtCamera             *camera,
             const VtPhotoVerdict *verdict,
             GArray               *latencies)
{
  g_array_append_val (latencies, verdict->latency_ms);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static int
bench_photo (double seconds)
{
  g_autoptr(VtCamera) camera = vt_camera_new ("synthetic");
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = new_window ();

  gtk_picture_set_paintable (GTK_PICTURE (picture), vt_camera_get_paintable (camera));
  vt_camera_set_analysis (camera, VT_ANALYSIS_FACE, 0);
  g_signal_connect (camera, "analysed", G_CALLBACK (analysed_cb), latencies);
  vt_camera_start (camera, NULL);
  run_for (seconds);
  vt_camera_stop (camera);
  if (latencies->len == 0)
    return 1;
  g_array_sort (latencies, compare_doubles);
  g_print ("{\"verdicts\": %u, \"median_ms\": %.1f, \"p95_ms\": %.1f}\n", latencies->len,
           g_array_index (latencies, double, latencies->len / 2),
           g_array_index (latencies, double, latencies->len * 95 / 100));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  double seconds;

  gtk_init ();
  gst_init (&argc, &argv);
  if (argc < 3)
    {
      g_printerr ("usage: %s viewer|preview|record|photo SECONDS\n", argv[0]);
      return 2;
    }
  seconds = g_ascii_strtod (argv[2], NULL);
  if (g_str_equal (argv[1], "viewer"))
    return bench_viewer (seconds);
  if (g_str_equal (argv[1], "preview"))
    return bench_preview (seconds);
  if (g_str_equal (argv[1], "record"))
    return bench_record (seconds);
  if (g_str_equal (argv[1], "photo"))
    return bench_photo (seconds);
  return 2;
}

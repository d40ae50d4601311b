/* bench-capture.c — capture benchmarks, each printing one JSON object on stdout.
 *
 *   bench-capture record SECONDS    recording with the 5 MB budget while previewing
 *   bench-capture photo SECONDS     latency of the live photo verdict on the synthetic portrait
 *
 * The preview is measured on the real application instead (tests/bench/run-preview.sh).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-camera.h"
#include "capture/vt-recording-test.h"

#include <gst/gst.h>
#include <gtk/gtk.h>
#include <sys/resource.h>

static GtkWidget *picture;

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
  /* "frames" are those encoded, after videorate; "source_frames", "expected_frames" and
   * "dropped" are the camera's own, counted before it (vt-frame-tally.h). */
  g_print ("{\"bytes\": %" G_GSIZE_FORMAT ", \"frames\": %" G_GUINT64_FORMAT ", "
           "\"source_frames\": %" G_GUINT64_FORMAT ", \"expected_frames\": %" G_GUINT64_FORMAT
           ", \"dropped\": %" G_GUINT64_FORMAT ", \"duration_s\": %.2f, \"wall_s\": %.2f, "
           "\"fps\": %.2f, \"peak_rss_mb\": %.1f}\n",
           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), stats.frames,
           stats.source_frames, stats.expected_frames, stats.dropped_frames, stats.duration_s,
           stats.wall_s, stats.fps, peak_rss_mb ());
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
      g_printerr ("usage: %s record|photo SECONDS\n", argv[0]);
      return 2;
    }
  seconds = g_ascii_strtod (argv[2], NULL);
  if (g_str_equal (argv[1], "record"))
    return bench_record (seconds);
  if (g_str_equal (argv[1], "photo"))
    return bench_photo (seconds);
  return 2;
}

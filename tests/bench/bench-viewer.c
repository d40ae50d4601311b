/* bench-viewer.c — the baseline for the kiosk's camera preview: the plainest program that shows
 * the same camera the same way, and nothing else.
 *
 * videotestsrc 1280×720@30 (the kiosk's `--camera synthetic:hd`), or the source
 * VT_BENCH_VIEWER_SOURCE describes (a PipeWire camera node), at 1280×720@30 → BGRA → appsink;
 * each sample becomes a GdkMemoryTexture over the mapped buffer on the streaming thread; only
 * the newest frame waits for the main thread (one idle at a time, as
 * src/capture/vt-camera-paintable.c does); a paintable swaps its texture and invalidates its
 * contents (its size is fixed: the preview's, so no frame relays out the window); a GtkPicture
 * shows it at that size, scaling each frame down as the kiosk's page does.
 *
 * With VENTANILLA_PROBE=FILE it writes the same file as the kiosk (src/kiosk/vt-probe.c): the
 * first painted frame, the camera frames painted, counted on the frame clock the same way, and
 * the picture's size, which run-preview.sh checks against the kiosk's.
 *
 * Usage: vt-bench-viewer [SECONDS [WIDTH HEIGHT]]   (default: until killed, 1280×720)
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <unistd.h>

#define BENCH_TYPE_FRAME (bench_frame_get_type ())
G_DECLARE_FINAL_TYPE (BenchFrame, bench_frame, BENCH, FRAME, GObject)

struct _BenchFrame
{
  GObject     parent_instance;
  GdkTexture *texture;
  guint64     serial;
  GMutex      lock;
  GdkTexture *pending;
  /* The size it is shown at: the kiosk's preview size, whatever the camera's. */
  int         width;
  int         height;
};

static void
bench_frame_snapshot (GdkPaintable *paintable,
                      GdkSnapshot  *snapshot,
                      double        width,
                      double        height)
{
  BenchFrame *self = BENCH_FRAME (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
bench_frame_get_intrinsic_width (GdkPaintable *paintable)
{
  return BENCH_FRAME (paintable)->width;
}

static int
bench_frame_get_intrinsic_height (GdkPaintable *paintable)
{
  return BENCH_FRAME (paintable)->height;
}

static void
bench_frame_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = bench_frame_snapshot;
  iface->get_intrinsic_width = bench_frame_get_intrinsic_width;
  iface->get_intrinsic_height = bench_frame_get_intrinsic_height;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchFrame, bench_frame, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, bench_frame_iface_init))

static void
bench_frame_class_init (BenchFrameClass *klass)
{
}

static void
bench_frame_init (BenchFrame *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
apply_pending_cb (gpointer user_data)
{
  BenchFrame *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);
  if (texture == NULL)
    return G_SOURCE_REMOVE;
  g_set_object (&self->texture, texture);
  self->serial++;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  BenchFrame *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstMapInfo map;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  gboolean schedule;

  gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
  gst_buffer_map (buffer, &map, GST_MAP_READ);
  /* The mapping stays valid while the sample lives: the bytes own the sample. */
  bytes = g_bytes_new_with_free_func (map.data, map.size, (GDestroyNotify)gst_sample_unref,
                                      sample);
  gst_buffer_unmap (buffer, &map);
  texture = gdk_memory_texture_new (info.width, info.height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                    bytes, info.stride[0]);
  g_mutex_lock (&self->lock);
  schedule = self->pending == NULL;
  g_clear_object (&self->pending);
  self->pending = texture;
  g_mutex_unlock (&self->lock);
  if (schedule)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_pending_cb, g_object_ref (self),
                                g_object_unref);
  return GST_FLOW_OK;
}

/* The probe file, in the kiosk's format (src/kiosk/vt-probe.c). */
typedef struct
{
  BenchFrame *frame;
  GtkWidget  *picture;
  const char *path;
  gint64      first_paint_us;
  guint64     last_serial;
  guint64     painted;
  guint64     paints;
} Probe;

static void
probe_write (Probe *probe)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("{\"pid\": %d, \"first_paint_us\": %" G_GINT64_FORMAT
                          ", \"now_us\": %" G_GINT64_FORMAT
                          ", \"camera_frames_painted\": %" G_GUINT64_FORMAT
                          ", \"paints\": %" G_GUINT64_FORMAT
                          ", \"preview_width\": %d, \"preview_height\": %d"
                          ", \"screen\": \"viewer\", \"page\": \"\", \"handicap\": false}\n",
                          (int)getpid (), probe->first_paint_us, g_get_monotonic_time (),
                          probe->painted, probe->paints, gtk_widget_get_width (probe->picture),
                          gtk_widget_get_height (probe->picture));
  g_file_set_contents (probe->path, text, -1, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  probe->paints++;
  if (probe->frame->serial != probe->last_serial)
    probe->painted++;
  probe->last_serial = probe->frame->serial;
  if (probe->first_paint_us == 0)
    {
      probe->first_paint_us = g_get_monotonic_time ();
      probe_write (probe);
    }
}

static gboolean
probe_tick_cb (gpointer user_data)
{
  probe_write (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(BenchFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const char *source;
  Probe probe = { 0 };
  GtkWidget *window, *picture;
  gboolean done = FALSE;
  double seconds;
  int width, height;

  gtk_init ();
  gst_init (&argc, &argv);
  seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 0;
  /* The picture at the size the kiosk's preview has on its page (run-preview.sh reads it from
   * the kiosk's probe), in a window of the kiosk's size: the same pixels to scale and paint. */
  width = argc > 3 ? atoi (argv[2]) : 1280;
  height = argc > 3 ? atoi (argv[3]) : 720;

  frame = g_object_new (BENCH_TYPE_FRAME, NULL);
  /* The paintable's own size is the preview's, so the picture takes exactly that size and the
   * camera's 1280×720 frames are scaled down to it on every paint, as in the kiosk. */
  frame->width = width;
  frame->height = height;
  window = gtk_window_new ();
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (frame));
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), picture);
  gtk_window_present (GTK_WINDOW (window));

  probe.frame = frame;
  probe.picture = picture;
  probe.path = g_getenv ("VENTANILLA_PROBE");
  if (probe.path != NULL && *probe.path != '\0')
    {
      g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                        G_CALLBACK (after_paint_cb), &probe);
      g_timeout_add_seconds (1, probe_tick_cb, &probe);
    }

  /* The camera: the synthetic one, or the one VT_BENCH_VIEWER_SOURCE describes (run-preview.sh
   * names the PipeWire node the kiosk found), asked for the mode the kiosk chose. */
  source = g_getenv ("VT_BENCH_VIEWER_SOURCE");
  if (source == NULL || *source == '\0')
    source = "videotestsrc is-live=true pattern=ball motion=sweep";
  description = g_strdup_printf ("%s ! video/x-raw,width=1280,height=720,framerate=30/1"
                                 " ! videoconvert ! video/x-raw,format=BGRA"
                                 " ! appsink name=sink max-buffers=1 drop=true sync=false",
                                 source);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    g_error ("%s: %s", description, error->message);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, g_object_ref (frame),
                              g_object_unref);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (seconds > 0)
    g_timeout_add ((guint)(seconds * 1000), quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* test-pipewire-camera.c — a real PipeWire camera and microphone, found by the kiosk's "auto".
 *
 * The test starts `pipewire` and `wireplumber` on a private XDG_RUNTIME_DIR (its own D-Bus
 * session comes from tests/run-isolated). PipeWire's own configuration, with its test video
 * source (the SPA videotestsrc node, which PipeWire serves as it serves a camera's SPA node:
 * media.class Video/Source, modes as ranges) enabled, and the kiosk's camera with "auto" must
 * find it through the device monitor's PipeWire provider, choose 720p30 from its ranges,
 * preview it at that rate and record a valid video from it, twice (the preview and the
 * recording are two connections to the node). A GStreamer client publishing with pipewiresink
 * was tried first: it served the first connection only.
 *
 * The microphone comes from a device provider registered by the test (audiotestsrc). A
 * PipeWire microphone beside the PipeWire camera is still open: PipeWire's own test audio
 * source served as an Audio/Source (an adapter around the SPA audiotestsrc, as ALSA capture
 * devices are served) feeds the preview's level meter every time, but in 1 to 3 recordings of
 * 12 its stream gave no sound at all (pipewiresrc woke on the camera's 33 ms cycle and popped
 * no buffer), and the muxer, waiting for it, held the camera's pool until PipeWire dropped
 * every frame; as a driver of its graph, as ALSA devices are, it still failed once in a CI
 * run (PipeWire 0.3.65, GStreamer 1.22). The benchmark's preview uses it (run-preview.sh).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "capture/vt-camera-paintable.h"
#include "capture/vt-recording-test.h"
#include "capture/vt-video-check.h"
#include "vt-test-pipewire.h"
#include "vt-test-ui.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sys/resource.h>

#define CAMERA_NAME VT_TEST_PIPEWIRE_CAMERA_NAME
#define MICROPHONE_NAME "Test microphone"
#define RECORD_SECONDS 4

#define VT_TYPE_TEST_MIC_PROVIDER (vt_test_mic_provider_get_type ())
G_DECLARE_FINAL_TYPE (VtTestMicProvider, vt_test_mic_provider, VT, TEST_MIC_PROVIDER,
                      GstDeviceProvider)

struct _VtTestMicProvider
{
  GstDeviceProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (VtTestMicProvider, vt_test_mic_provider, GST_TYPE_DEVICE_PROVIDER)

#define VT_TYPE_TEST_MIC (vt_test_mic_get_type ())
G_DECLARE_FINAL_TYPE (VtTestMic, vt_test_mic, VT, TEST_MIC, GstDevice)

struct _VtTestMic
{
  GstDevice parent_instance;
};

G_DEFINE_FINAL_TYPE (VtTestMic, vt_test_mic, GST_TYPE_DEVICE)

static GstElement *
vt_test_mic_create_element (GstDevice  *device,
                            const char *name)
{
  return gst_parse_bin_from_description ("audiotestsrc is-live=true wave=sine freq=330"
                                         " volume=0.3 samplesperbuffer=1024", TRUE, NULL);
}

static void
vt_test_mic_class_init (VtTestMicClass *klass)
{
  GST_DEVICE_CLASS (klass)->create_element = vt_test_mic_create_element;
}

static void
vt_test_mic_init (VtTestMic *self)
{
}

static GList *
vt_test_mic_provider_probe (GstDeviceProvider *provider)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/x-raw,format=S16LE,rate=44100,"
                                                  "channels=1");

  return g_list_append (NULL, g_object_new (VT_TYPE_TEST_MIC, "display-name", MICROPHONE_NAME,
                                            "device-class", "Audio/Source", "caps", caps,
                                            NULL));
}

static void
vt_test_mic_provider_class_init (VtTestMicProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->probe = vt_test_mic_provider_probe;
  gst_device_provider_class_set_static_metadata (provider_class, "Ventanilla test microphone",
                                                 "Source/Audio", "A sine as a microphone",
                                                 "The Ventanilla developers");
}

static void
vt_test_mic_provider_init (VtTestMicProvider *self)
{
}

static gboolean
listed (const char *klass,
        const char *wanted)
{
  /* Started once and kept, as the kiosk keeps its own (see vt-camera-source.c). */
  static GstDeviceMonitor *monitor = NULL;
  GList *devices = NULL;
  gboolean found = FALSE;

  if (monitor == NULL)
    {
      monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
      gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
      g_assert_true (gst_device_monitor_start (monitor));
    }
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      g_autofree char *name = gst_device_get_display_name (l->data);

      found |= gst_device_has_classes (l->data, klass) && g_str_equal (name, wanted);
    }
  g_list_free_full (devices, gst_object_unref);
  return found;
}

/* TRUE once the device monitor lists both nodes, as the kiosk looks for them: one class at a
 * time. */
static gboolean
nodes_listed (gpointer data)
{
  return listed ("Video/Source", CAMERA_NAME) && listed ("Audio/Source", MICROPHONE_NAME);
}

/* The camera is PipeWire's own test node; the microphone is the provider's above. */
static void
start_pipewire (void)
{
  vt_test_pipewire_start (VT_TEST_PIPEWIRE_CAMERA);
  for (guint attempt = 0; attempt < 30 && !nodes_listed (NULL); attempt++)
    vt_test_ui_wait (500);
  g_assert_true (nodes_listed (NULL));
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
has_frame (gpointer data)
{
  return vt_camera_paintable_get_frames (VT_CAMERA_PAINTABLE (data)) > 0;
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  vt_camera_record_finish (VT_CAMERA (object), result, error);
  g_object_set_data (object, "vt-recorded", GINT_TO_POINTER (1));
}

static gboolean
recorded (gpointer data)
{
  return g_object_get_data (G_OBJECT (data), "vt-recorded") != NULL;
}

static void
test_camera (void)
{
  g_autoptr(VtCamera) camera = vt_camera_new ("auto");
  VtCameraPaintable *paintable = VT_CAMERA_PAINTABLE (vt_camera_get_paintable (camera));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) record_error = NULL;
  g_autofree char *path = g_build_filename (vt_test_pipewire_get_runtime_dir (), "video.mp4",
                                           NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  VtRecordingStats stats = { 0 };
  VtVideoInfo info = { 0 };
  GtkWidget *window;
  double fps = 0, share = 0, capacity = 0;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window),
                        gtk_picture_new_for_paintable (GDK_PAINTABLE (paintable)));
  gtk_window_present (GTK_WINDOW (window));

  vt_camera_set_listening (camera, TRUE);
  g_assert_true (vt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vt_camera_get_source_name (camera), ==, "pipewiresrc");
  g_assert_cmpstr (vt_camera_get_device_name (camera), ==, CAMERA_NAME);
  /* Its modes are ranges, as libcamera's are: 720p at 30 fps is met in them. */
  g_assert_true (g_str_has_suffix (vt_camera_get_mode (camera), " 1280×720 30 fps"));
  g_assert_cmpstr (vt_camera_get_microphone_name (camera), ==, MICROPHONE_NAME);

  g_assert_true (vt_test_ui_wait_for (has_frame, paintable, 15000));
  vt_test_ui_wait (1000);
  /* The best of three windows: the machine's cores are shared with other test runs. Starved
   * (under 60 % of a core), the pipeline's cost per frame must still allow 30 fps on one core;
   * the recording's media-time rate below catches a wrong rate whatever the load. */
  for (guint attempt = 0; attempt < 3 && fps < 29; attempt++)
    {
      guint64 frames = vt_camera_paintable_get_frames (paintable);
      gint64 started = g_get_monotonic_time ();
      double cpu = cpu_seconds (), measured, elapsed, used;

      vt_test_ui_wait (3000);
      elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
      used = cpu_seconds () - cpu;
      measured = (vt_camera_paintable_get_frames (paintable) - frames) / elapsed;
      g_test_message ("PipeWire camera: %s, preview %.1f fps, this process %.0f %% of a core",
                      vt_camera_get_mode (camera), measured, used / elapsed * 100);
      if (measured > fps)
        {
          fps = measured;
          share = used / elapsed;
          capacity = used > 0 ? measured * elapsed / used : 0;
        }
    }
  if (fps < 29)
    {
      g_test_message ("PipeWire camera: starved of CPU (%.0f %% of a core), %.1f fps shown; "
                      "%.1f frames per CPU second", share * 100, fps, capacity);
      g_assert_cmpfloat (share, <, 0.6);
      g_assert_cmpfloat (capacity, >=, 30);
    }
  g_assert_cmpfloat (vt_camera_get_audio_level (camera), >, -60);
  vt_test_ui_screenshot (window, "pipewire-camera.png");

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  vt_camera_record_async (camera, G_OUTPUT_STREAM (out), RECORD_SECONDS, VT_VIDEO_BUDGET_BYTES,
                          NULL, recorded_cb, &record_error);
  g_assert_true (vt_test_ui_wait_for (recorded, camera, (RECORD_SECONDS + 20) * 1000));
  g_assert_no_error (record_error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
  vt_camera_get_recording_stats (camera, &stats);
  g_test_message ("PipeWire camera: recorded %.1f s at %.1f fps, %" G_GUINT64_FORMAT " bytes",
                  stats.duration_s, stats.fps, stats.bytes);
  g_assert_cmpfloat (stats.fps, >=, 29);
  g_assert_cmpuint (stats.frames, >=, RECORD_SECONDS / 2 * 30);
  vt_recording_stats_clear (&stats);
  g_assert_true (vt_video_verify_file (path, VT_VIDEO_BUDGET_BYTES, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.has_video);
  g_assert_true (info.has_audio);
  /* Under a heavy load the stand-in camera itself falls behind the wall clock that stops the
   * recording: what is asked is a real recording, not its full length. */
  g_assert_cmpfloat (info.duration_s, >=, RECORD_SECONDS / 2.0);

  vt_camera_stop (camera);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_pipewire_init ();
  vt_test_ui_init (&argc, &argv);
  g_assert_true (gst_device_provider_register (NULL, "vttestmicrophone", GST_RANK_PRIMARY,
                                               VT_TYPE_TEST_MIC_PROVIDER));

  start_pipewire ();
  g_test_add_func ("/devices/pipewire/camera", test_camera);
  status = g_test_run ();
  vt_test_pipewire_stop ();
  return status;
}

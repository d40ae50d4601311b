/* test-microphone.c — a real microphone path: the kiosk records a reading through the audio
 * server as a desktop session serves it, and the video page's verdict judges what it heard.
 *
 * The test starts pipewire, wireplumber and pipewire-pulse on a private XDG_RUNTIME_DIR
 * (vt-test-pipewire.c), loads a null sink, the room, and makes its monitor the default
 * source: what is played into the room is what the kiosk's microphone hears. The kiosk's
 * camera with "auto" finds the room's monitor through the device monitor as its ordinary
 * microphone: pulsesrc, as on a kiosk whose session runs pipewire-pulse or PulseAudio (the
 * PipeWire device provider lists no sink monitor as a source; the PulseAudio one does).
 * Nothing in the product knows it is a test. espeak-ng's reading of the 003 authorization
 * text is played into the room with paplay while the kiosk records; the whole reading is
 * accepted, the reading with a 6 s silence in it refused, by the verdict the video page gives
 * (vt_speech_check () on the recording's sound) and by `ventanilla --check-speech` on the
 * recorded file.
 *
 * pipewire-pulse rather than PulseAudio: it is what Debian 12's desktop runs, and it works
 * here (PulseAudio's daemon would also conflict with the pipewire-pulse package).
 *
 * The camera is a device provider registered by the test (videotestsrc, 640×480 at 30 fps):
 * what is under test is the sound. PipeWire's test camera (test-pipewire-camera.c) beside
 * this microphone stalls the recording within seconds (PipeWire 0.3.65, GStreamer 1.22): the
 * recording's pipewiresrc stops receiving frames, the muxer waits for video and the sound
 * queues fill; that path is still open.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "capture/vt-recording-test.h"
#include "capture/vt-speech-check.h"
#include "capture/vt-speech-detector.h"
#include "capture/vt-video-check.h"
#include "vt-test-pipewire.h"
#include "vt-test-ui.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>
#include <unistd.h>

#define CAMERA_NAME "Test camera"
#define ROOM "vt_room"
#define ROOM_MONITOR ROOM ".monitor"
/* What the video page allows; a reading takes about 38 s, 44 s with the silence. */
#define MAX_RECORD_SECONDS 60
/* The tail recorded after the reading, as a person takes to press «Detener». */
#define TAIL_MS 1500

#define VT_TYPE_TEST_CAMERA_PROVIDER (vt_test_camera_provider_get_type ())
G_DECLARE_FINAL_TYPE (VtTestCameraProvider, vt_test_camera_provider, VT, TEST_CAMERA_PROVIDER,
                      GstDeviceProvider)

struct _VtTestCameraProvider
{
  GstDeviceProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (VtTestCameraProvider, vt_test_camera_provider, GST_TYPE_DEVICE_PROVIDER)

#define VT_TYPE_TEST_CAMERA (vt_test_camera_get_type ())
G_DECLARE_FINAL_TYPE (VtTestCamera, vt_test_camera, VT, TEST_CAMERA, GstDevice)

struct _VtTestCamera
{
  GstDevice parent_instance;
};

G_DEFINE_FINAL_TYPE (VtTestCamera, vt_test_camera, GST_TYPE_DEVICE)

static GstElement *
vt_test_camera_create_element (GstDevice  *device,
                               const char *name)
{
  return gst_parse_bin_from_description ("videotestsrc is-live=true pattern=ball", TRUE, NULL);
}

static void
vt_test_camera_class_init (VtTestCameraClass *klass)
{
  GST_DEVICE_CLASS (klass)->create_element = vt_test_camera_create_element;
}

static void
vt_test_camera_init (VtTestCamera *self)
{
}

static GList *
vt_test_camera_provider_probe (GstDeviceProvider *provider)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=I420,width=640,"
                                                  "height=480,framerate=30/1");

  return g_list_append (NULL, g_object_new (VT_TYPE_TEST_CAMERA, "display-name", CAMERA_NAME,
                                            "device-class", "Video/Source", "caps", caps,
                                            NULL));
}

static void
vt_test_camera_provider_class_init (VtTestCameraProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->probe = vt_test_camera_provider_probe;
  gst_device_provider_class_set_static_metadata (provider_class, "Ventanilla test camera",
                                                 "Source/Video", "A test pattern as a camera",
                                                 "The Ventanilla developers");
}

static void
vt_test_camera_provider_init (VtTestCameraProvider *self)
{
}

static char *text_003;

/* The 003 text from its procedure definition, filled in for a synthetic person as
 * tests/capture/test-speech-check.c fills it (the verdict there is judged on the same
 * readings, from files). */
static char *
load_003_text (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "data", "procedures",
                                            "actualizacion-contacto-exterior.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  static const char * const fills[][2] = {
    { "{nombres}", "Ana Lucía" },
    { "{apellidos}", "Pérez Mora" },
    { "{tipo_identificacion:phrase}", "de la cédula de identidad" },
    { "{numero_identificacion}", "1710034065" },
    { "{pais_residencia}", "España" },
    { "{estado_residencia}", "Madrid" },
    { "{ciudad_residencia}", "Madrid" },
  };
  char *text;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  text = g_strdup (json_object_get_string_member (json_node_get_object (
                                                    json_parser_get_root (parser)),
                                                  "video_text"));
  g_assert_nonnull (text);
  for (guint i = 0; i < G_N_ELEMENTS (fills); i++)
    {
      g_auto(GStrv) parts = g_strsplit (text, fills[i][0], -1);

      g_free (text);
      text = g_strjoinv (fills[i][1], parts);
    }
  g_assert_null (strchr (text, '{'));
  return text;
}

/* Runs a tool to its end and returns what it printed; it must succeed. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (vt_test_pipewire_get_runtime_dir (), (char **)argv, NULL,
                     G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s could not run: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

/* espeak-ng's Spanish voice, as SSML, into a WAV file, at 140 words a minute: the pace of a
 * person reading a text aloud, slower than espeak-ng's 175. At 175 the whole reading has just
 * the voice the verdict needs (26.8 s), and a busy machine loses a second of sound on its way
 * through the audio server and the kiosk's pipeline (the sound is live, nothing waits). */
static char *
speak (const char *name,
       const char *ssml)
{
  char *path = g_build_filename (vt_test_pipewire_get_runtime_dir (), name, NULL);
  const char *argv[] = { "espeak-ng", "-m", "-v", "es", "-s", "140", "-w", path, ssml, NULL };

  g_free (run_tool (argv));
  return path;
}

/* The room: a null sink whose monitor is the default source, as a kiosk's microphone is. */
static void
make_room (void)
{
  const char *load[] = { "pactl", "load-module", "module-null-sink", "sink_name=" ROOM, NULL };
  const char *source[] = { "pactl", "set-default-source", ROOM_MONITOR, NULL };

  g_free (run_tool (load));
  g_free (run_tool (source));
}

/* TRUE once the device monitor lists the camera and the room's monitor, as the kiosk looks
 * for them. */
static gboolean
devices_listed (gpointer data)
{
  /* Started once and kept, as the kiosk keeps its own (see vt-camera-source.c). */
  static GstDeviceMonitor *monitor = NULL;
  GList *devices;
  gboolean camera = FALSE, room = FALSE;

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

      camera |= gst_device_has_classes (l->data, "Video/Source")
                && g_str_equal (name, CAMERA_NAME);
      room |= gst_device_has_classes (l->data, "Audio/Source") && strstr (name, ROOM) != NULL;
    }
  g_list_free_full (devices, gst_object_unref);
  return camera && room;
}

/* TRUE when this process has a recording stream on the room's monitor: the sound the kiosk
 * records is the room's, taken through the audio server. */
static gboolean
recording_from_room (void)
{
  const char *sources_argv[] = { "pactl", "list", "short", "sources", NULL };
  const char *outputs_argv[] = { "pactl", "list", "source-outputs", NULL };
  g_autofree char *sources = run_tool (sources_argv);
  g_autofree char *outputs = run_tool (outputs_argv);
  g_auto(GStrv) source_lines = g_strsplit (sources, "\n", -1);
  g_auto(GStrv) blocks = g_strsplit (outputs, "Source Output #", -1);
  g_autofree char *room_index = NULL;
  g_autofree char *source_line = NULL;
  g_autofree char *pid_line = NULL;

  for (guint i = 0; source_lines[i] != NULL && room_index == NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (source_lines[i], "\t", -1);

      if (g_strv_length (fields) > 1 && g_str_equal (fields[1], ROOM_MONITOR))
        room_index = g_strdup (fields[0]);
    }
  g_assert_nonnull (room_index);
  source_line = g_strdup_printf ("\tSource: %s\n", room_index);
  pid_line = g_strdup_printf ("application.process.id = \"%d\"", getpid ());
  for (guint i = 1; blocks[i] != NULL; i++)
    if (strstr (blocks[i], source_line) != NULL && strstr (blocks[i], pid_line) != NULL)
      return TRUE;
  return FALSE;
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

/* TRUE once the recording's sound reaches the verdict: the reading may start. */
static gboolean
hearing (gpointer data)
{
  VtRecordingStats stats;
  gboolean heard;

  vt_camera_get_recording_stats (VT_CAMERA (data), &stats);
  heard = stats.speech_pcm->len >= VT_SPEECH_SAMPLE_RATE / 5 * sizeof (gint16);
  vt_recording_stats_clear (&stats);
  return heard;
}

static void
played_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *played = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error));
  g_assert_no_error (error);
  *played = TRUE;
}

/* `ventanilla --check-speech` on the recorded file: the same verdict, from the MP4's AAC. */
static char *
check_file (const char *path)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  const char *argv[] = { exe, "--check-speech", path, "--text", text_003, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *verdict;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  verdict = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (WEXITSTATUS (status), ==,
                   json_object_get_boolean_member (verdict, "accepted") ? 0 : 1);
  return g_strdup (json_object_get_string_member (verdict, "problem"));
}

/* Plays `wav` into the room while the kiosk records, and judges the recording as the video
 * page does. Returns the problem's name ("ok" for accepted). */
static const char *
record_reading (const char *wav,
                const char *name)
{
  g_autoptr(VtCamera) camera = vt_camera_new ("auto");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) record_error = NULL;
  g_autofree char *path = g_build_filename (vt_test_pipewire_get_runtime_dir (), "reading.mp4",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GSubprocess) player = NULL;
  g_auto(GStrv) lines = vt_video_split_lines (text_003, VT_VIDEO_LINE_CHARS);
  g_autofree char *file_problem = NULL;
  VtRecordingStats stats = { 0 };
  VtSpeechVerdict verdict;
  VtVideoInfo info = { 0 };
  const char *problem;
  gboolean played = FALSE, from_room = FALSE;
  double quiet = -100, loudest = -100;

  /* The preview, listening, as the video page opens it before the person records. */
  vt_camera_set_listening (camera, TRUE);
  g_assert_true (vt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vt_camera_get_device_name (camera), ==, CAMERA_NAME);
  /* The ordinary microphone, found by the device monitor: the room's monitor. */
  g_assert_nonnull (vt_camera_get_microphone_name (camera));
  g_assert_nonnull (strstr (vt_camera_get_microphone_name (camera), ROOM));
  g_assert_false (vt_camera_is_microphone_missing (camera));
  vt_test_ui_wait (1500);
  /* Nothing plays in the room yet: the microphone hears silence. */
  quiet = vt_camera_get_audio_level (camera);
  g_assert_cmpfloat (quiet, <, -60);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  vt_camera_record_async (camera, G_OUTPUT_STREAM (out), MAX_RECORD_SECONDS,
                          VT_VIDEO_BUDGET_BYTES, NULL, recorded_cb, &record_error);
  g_assert_true (vt_test_ui_wait_for (hearing, camera, 20000));

  {
    /* A second of buffer in the server: paplay shares the busy machine with the kiosk, and
     * an underrun in the player would cut words out of the reading before any microphone
     * heard them. */
    const char *argv[] = { "paplay", "--device=" ROOM, "--latency-msec=1000", wav, NULL };

    player = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_subprocess_wait_check_async (player, NULL, played_cb, &played);
  }
  while (!played && !recorded (camera))
    {
      vt_test_ui_wait (100);
      loudest = MAX (loudest, vt_camera_get_audio_level (camera));

      if (!from_room && loudest > -50)
        from_room = recording_from_room ();
    }
  /* The reading ended before the recording's own limit did. */
  g_assert_false (recorded (camera));
  vt_test_ui_wait (TAIL_MS);
  vt_camera_stop_recording (camera);
  g_assert_true (vt_test_ui_wait_for (recorded, camera, 30000));
  g_assert_no_error (record_error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);

  /* The sound came through the audio server, from the room: loud while the reading played,
   * silent before it, and taken by this process's stream on the room's monitor. */
  g_assert_cmpfloat (loudest, >, -40);
  g_assert_true (from_room);

  vt_camera_get_recording_stats (camera, &stats);
  vt_speech_check ((const gint16 *)stats.speech_pcm->data,
                   stats.speech_pcm->len / sizeof (gint16), (const char * const *)lines,
                   &verdict);
  problem = vt_speech_problem_name (verdict.problem);
  g_test_message ("%s: microphone «%s», level %.0f dB before the reading and %.0f dB at its "
                  "loudest; recorded %.1f s of sound; verdict %s, speech %.1f s (needed "
                  "%.1f s), longest silence %.1f s; video %" G_GUINT64_FORMAT " frames over "
                  "%.1f s", name,
                  vt_camera_get_microphone_name (camera), quiet, loudest,
                  stats.speech_pcm->len / (double)sizeof (gint16) / VT_SPEECH_SAMPLE_RATE,
                  problem, verdict.speech_seconds, verdict.needed_seconds,
                  verdict.longest_silence, stats.frames, stats.duration_s);
  vt_speech_verdict_clear (&verdict);
  vt_recording_stats_clear (&stats);
  vt_camera_stop (camera);

  /* The file holds the same sound: the technicians' command gives the same verdict. */
  g_assert_true (vt_video_verify_file (path, VT_VIDEO_BUDGET_BYTES, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.has_audio);
  file_problem = check_file (path);
  g_test_message ("%s: ventanilla --check-speech on the recording: %s", name, file_problem);
  g_assert_cmpstr (file_problem, ==, problem);
  g_unlink (path);
  return problem;
}

static void
test_whole_reading (void)
{
  g_autofree char *wav = speak ("whole.wav", text_003);

  g_assert_cmpstr (record_reading (wav, "whole reading"), ==, "ok");
}

static void
test_long_silence (void)
{
  const char *cut = strchr (text_003 + strlen (text_003) / 2, ' ');
  g_autofree char *first = g_strndup (text_003, cut - text_003);
  g_autofree char *ssml = g_strdup_printf ("<speak>%s <break time=\"6000ms\"/>%s</speak>",
                                           first, cut);
  g_autofree char *wav = speak ("silence-6s.wav", ssml);

  g_assert_cmpstr (record_reading (wav, "6 s silence"), ==, "long-silence");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_pipewire_init ();
  vt_test_ui_init (&argc, &argv);
  g_assert_true (gst_device_provider_register (NULL, "vttestcamera", GST_RANK_PRIMARY,
                                               VT_TYPE_TEST_CAMERA_PROVIDER));
  text_003 = load_003_text ();

  vt_test_pipewire_start (VT_TEST_PIPEWIRE_PULSE);
  make_room ();
  for (guint attempt = 0; attempt < 30 && !devices_listed (NULL); attempt++)
    vt_test_ui_wait (500);
  g_assert_true (devices_listed (NULL));

  g_test_add_func ("/devices/microphone/whole-reading-accepted", test_whole_reading);
  g_test_add_func ("/devices/microphone/long-silence-refused", test_long_silence);
  status = g_test_run ();
  vt_test_pipewire_stop ();
  g_free (text_003);
  return status;
}

/* vt-speech-command.c — `ventanilla --check-speech FILE --text TEXT`, for technicians.
 *
 * Runs the very verdict the video page uses on a recording (any audio file GStreamer reads)
 * and prints it as JSON: a way to try a kiosk's microphone, and the test fixtures' door.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-speech-command.h"

#include "vt-speech-check.h"

#include "vt-speech-detector.h"
#include "vt-video-check.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>

/* Decoding is fast (the sink does not wait for the clock): a minute of audio takes well under a
 * second. A file that never ends or a stuck decoder is an error, not a hang. */
#define DECODE_TIMEOUT_SECONDS 60
/* Ten minutes at 16 kHz is 19 MB: more than any reading, and a bound on what is kept. */
#define MAX_SECONDS 600

static GstFlowReturn
pcm_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  GByteArray *pcm = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;

  if (buffer == NULL)
    return GST_FLOW_OK;
  if (pcm->len >= (guint)MAX_SECONDS * VT_SPEECH_SAMPLE_RATE * sizeof (gint16))
    return GST_FLOW_EOS;
  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_byte_array_append (pcm, map.data, (guint)map.size);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_FLOW_OK;
}

/* Any audio file GStreamer can decode (WAV, Ogg, MP4's AAC, …), as the 16-bit mono PCM at
 * VT_SPEECH_SAMPLE_RATE the verdict takes. Runs the pipeline to its end, synchronously. */
static GBytes *
read_audio_file (const char  *path,
                 GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *description = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = pcm_sample_cb };
  gboolean ended = FALSE;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No existe el archivo «%s»."),
                   path);
      return NULL;
    }
  caps = g_strdup_printf ("audio/x-raw,format=S16LE,layout=interleaved,channels=1,rate=%d",
                          VT_SPEECH_SAMPLE_RATE);
  description = g_strdup_printf ("filesrc name=source ! decodebin ! audioconvert"
                                 " ! audioresample ! %s ! appsink name=sink sync=false", caps);
  pipeline = gst_parse_launch (description, &parse_error);
  if (pipeline == NULL || parse_error != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No se pudo preparar la lectura de audio: %s"),
                   parse_error != NULL ? parse_error->message : "");
      return NULL;
    }
  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "location", path, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, pcm, NULL);
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    {
      message = gst_bus_timed_pop_filtered (bus, DECODE_TIMEOUT_SECONDS * GST_SECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      ended = message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
    }
  /* Joins the streaming threads: nothing appends to `pcm` after this. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (!ended)
    {
      g_autoptr(GError) gst_error = NULL;

      if (message == NULL)
        message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No se pudo leer el audio de «%s»: %s"), path,
                   gst_error != NULL ? gst_error->message
                                     : _("la lectura no terminó a tiempo"));
      return NULL;
    }
  if (pcm->len < VT_SPEECH_FRAME_SAMPLES * sizeof (gint16))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("El archivo «%s» no tiene audio."), path);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pcm));
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  /* Two decimals: what a person reads, and stable from one run to the next. */
  json_builder_add_double_value (builder, round (value * 100) / 100);
}

static char *
verdict_json (const VtSpeechVerdict *verdict,
              const char * const    *lines)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = vt_speech_verdict_message (verdict);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_boolean_value (builder, verdict->problem == VT_SPEECH_OK);
  json_builder_set_member_name (builder, "problem");
  json_builder_add_string_value (builder, vt_speech_problem_name (verdict->problem));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  add_double (builder, "speech_seconds", verdict->speech_seconds);
  add_double (builder, "other_sound_seconds", verdict->sound_seconds);
  add_double (builder, "needed_seconds", verdict->needed_seconds);
  add_double (builder, "longest_silence", verdict->longest_silence);
  add_double (builder, "repetition", verdict->repetition);
  add_double (builder, "repetition_lag", verdict->repetition_lag);
  if (verdict->problem == VT_SPEECH_TOO_SHORT)
    {
      json_builder_set_member_name (builder, "missed_line");
      json_builder_add_int_value (builder, verdict->missed_line + 1);
    }
  json_builder_set_member_name (builder, "words_checked");
  /* Only when a voice spoke, never what it said: see vt-speech-check.c. */
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint l = 0; l < verdict->n_lines; l++)
    {
      const VtSpeechLine *line = &verdict->lines[l];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, l + 1);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, lines[l]);
      add_double (builder, "expected_seconds", line->expected_seconds);
      add_double (builder, "heard_seconds", line->heard_seconds);
      add_double (builder, "start_seconds", line->start_seconds);
      add_double (builder, "end_seconds", line->end_seconds);
      json_builder_set_member_name (builder, "heard");
      json_builder_add_boolean_value (builder, line->heard_seconds >= line->expected_seconds / 2);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

gboolean
vt_speech_command_run (int    argc,
                       char **argv,
                       int   *status)
{
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pcm = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *json = NULL;
  gboolean wanted = FALSE;
  VtSpeechVerdict verdict;
  const gint16 *samples;
  gsize size = 0;
  const GOptionEntry entries[] = {
    { "check-speech", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("Revisa si en una grabación hay voz durante cada línea del texto; muestra el "
         "veredicto en JSON"),
      N_("ARCHIVO") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text,
      N_("El texto que se debía leer, para --check-speech"), N_("TEXTO") },
    { NULL }
  };

  g_return_val_if_fail (status != NULL, FALSE);

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--check-speech") || g_str_has_prefix (argv[i], "--check-speech="))
      wanted = TRUE;
  if (!wanted)
    return FALSE;

  *status = 2;
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return TRUE;
    }
  if (file == NULL || text == NULL || text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_printerr ("%s\n", _("Uso: ventanilla --check-speech ARCHIVO --text TEXTO"));
      return TRUE;
    }

  gst_init (NULL, NULL);
  pcm = read_audio_file (file, &error);
  if (pcm == NULL)
    {
      g_printerr ("%s\n", error->message);
      return TRUE;
    }
  lines = vt_video_split_lines (text, VT_VIDEO_LINE_CHARS);
  samples = g_bytes_get_data (pcm, &size);
  vt_speech_check (samples, size / sizeof (gint16), (const char * const *)lines, &verdict);
  json = verdict_json (&verdict, (const char * const *)lines);
  g_print ("%s\n", json);
  *status = verdict.problem == VT_SPEECH_OK ? 0 : 1;
  vt_speech_verdict_clear (&verdict);
  return TRUE;
}

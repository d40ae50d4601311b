/* test-speech-check.c — `ventanilla --check-speech` (the real binary, the video page's very
 * verdict) on recordings made at run time: espeak-ng reading the 003 text, whole, with a line
 * left out, stopped early, one sentence over and over, with a long silence; and sound that is
 * not speech, from sox: a tone, chords, pink noise, a hum.
 *
 * Only the full reading is accepted. The verdict hears when a voice speaks, never which words
 * (vt-speech-check.c), so every fixture here is told apart by timing and by the kind of sound.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-video-check.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/wait.h>

/* Longer than any decoding here takes even under the sanitizers; a hang fails the test. */
#define COMMAND_TIMEOUT_SECONDS 120

static char *fixtures_dir;
static char *text_003;

/* The 003 text from its procedure definition, filled in as the kiosk fills it for a synthetic
 * person (the same invented values the capture tests use). */
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

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (fixtures_dir, (char **)argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, &error))
    g_error ("%s could not run: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
}

/* espeak-ng's Spanish voice at its default pace (175 words a minute), as SSML. */
static char *
speak (const char *name,
       const char *ssml)
{
  char *path = g_build_filename (fixtures_dir, name, NULL);
  const char *argv[] = { "espeak-ng", "-m", "-v", "es", "-w", path, ssml, NULL };

  run_tool (argv);
  return path;
}

static char *
sox (const char *name,
     const char *args)
{
  char *path = g_build_filename (fixtures_dir, name, NULL);
  g_autofree char *line = g_strdup_printf ("sox %s", args);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &error));
  g_assert_no_error (error);
  run_tool ((const char * const *)argv);
  return path;
}

typedef struct
{
  int         status;
  JsonParser *parser;
  JsonObject *verdict;
  char       *err;
} Check;

static void
check_clear (Check *check)
{
  g_clear_object (&check->parser);
  g_clear_pointer (&check->err, g_free);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("ventanilla --check-speech did not finish in %d s", COMMAND_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the real binary on `path`; the JSON is parsed when it printed some. */
static void
check_speech (const char *path,
              const char *text,
              Check      *check)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint timeout;

  memset (check, 0, sizeof *check);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, exe, "--check-speech", path, "--text", text, NULL);
  g_assert_no_error (error);
  timeout = g_timeout_add_seconds (COMMAND_TIMEOUT_SECONDS, timeout_cb, NULL);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_subprocess_communicate_utf8_finish (process, result, &out, &check->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  check->status = g_subprocess_get_exit_status (process);
  if (out != NULL && out[0] != '\0')
    {
      check->parser = json_parser_new ();
      json_parser_load_from_data (check->parser, out, -1, &error);
      g_assert_no_error (error);
      check->verdict = json_node_get_object (json_parser_get_root (check->parser));
    }
}

/* The figures a person reviewing the verdict wants: speech heard, and each line's share of its
 * expected time. */
static void
report (const char *name,
        Check      *check)
{
  JsonArray *lines = json_object_get_array_member (check->verdict, "lines");
  g_autoptr(GString) coverage = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      g_string_append_printf (coverage, "%s%.0f", i > 0 ? " " : "",
                              100 * json_object_get_double_member (line, "heard_seconds")
                              / json_object_get_double_member (line, "expected_seconds"));
    }
  g_test_message ("%s: %s, speech %.2f s (needed %.2f), other sound %.2f s, longest silence "
                  "%.2f s, repetition %.2f; per-line coverage %%: %s", name,
                  json_object_get_string_member (check->verdict, "problem"),
                  json_object_get_double_member (check->verdict, "speech_seconds"),
                  json_object_get_double_member (check->verdict, "needed_seconds"),
                  json_object_get_double_member (check->verdict, "other_sound_seconds"),
                  json_object_get_double_member (check->verdict, "longest_silence"),
                  json_object_get_double_member (check->verdict, "repetition"),
                  coverage->str);
}

/* Checks `path` against the 003 text and expects `problem` ("ok" for accepted). */
static void
expect_verdict (const char *name,
                const char *path,
                const char *problem,
                const char *in_message)
{
  g_auto(GStrv) lines = vt_video_split_lines (text_003, VT_VIDEO_LINE_CHARS);
  gboolean accepted = g_str_equal (problem, "ok");
  const char *message;
  JsonArray *json_lines;
  Check check;

  check_speech (path, text_003, &check);
  g_assert_nonnull (check.verdict);
  report (name, &check);
  g_assert_cmpint (check.status, ==, accepted ? 0 : 1);
  g_assert_cmpint (json_object_get_boolean_member (check.verdict, "accepted"), ==, accepted);
  g_assert_cmpstr (json_object_get_string_member (check.verdict, "problem"), ==, problem);
  g_assert_true (json_object_has_member (check.verdict, "missed_line")
                 == g_str_equal (problem, "too-short"));
  /* Never a claim about the words: nothing listened to them. */
  g_assert_false (json_object_get_boolean_member (check.verdict, "words_checked"));
  message = json_object_get_string_member (check.verdict, "message");
  g_assert_nonnull (strstr (message, in_message));
  g_assert_null (strstr (message, "todo el texto"));
  if (!accepted)
    g_assert_nonnull (strstr (message, "grabe de nuevo"));
  /* One entry per teleprompter line, split as the page splits it. */
  json_lines = json_object_get_array_member (check.verdict, "lines");
  g_assert_cmpuint (json_array_get_length (json_lines), ==, g_strv_length (lines));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *line = json_array_get_object_element (json_lines, i);
      double expected = json_object_get_double_member (line, "expected_seconds");
      double heard = json_object_get_double_member (line, "heard_seconds");

      g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, lines[i]);
      g_assert_cmpfloat (expected, >, 0);
      /* Accepted: every line had speech for at least half its expected time. Too short: the
       * line named had less, and every line before it had enough. */
      if (accepted || (g_str_equal (problem, "too-short")
                       && i + 1 < (guint)json_object_get_int_member (check.verdict,
                                                                     "missed_line")))
        g_assert_cmpfloat (heard, >=, expected / 2 - 0.01);
      else if (g_str_equal (problem, "too-short")
               && i + 1 == (guint)json_object_get_int_member (check.verdict, "missed_line"))
        g_assert_cmpfloat (heard, <, expected / 2);
    }
  check_clear (&check);
}

static void
test_full_reading (void)
{
  g_autofree char *wav = speak ("full.wav", text_003);

  expect_verdict ("full reading", wav, "ok", "Se escuchó voz durante la lectura");
}

/* The text without one teleprompter line, `skip`. */
static char *
text_without_line (guint skip)
{
  g_auto(GStrv) lines = vt_video_split_lines (text_003, VT_VIDEO_LINE_CHARS);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_assert_cmpuint (skip, <, g_strv_length (lines));
  for (guint i = 0; lines[i] != NULL; i++)
    if (i != skip)
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (" ", (char **)kept->pdata);
}

static void
test_line_left_out (void)
{
  g_auto(GStrv) lines = vt_video_split_lines (text_003, VT_VIDEO_LINE_CHARS);
  guint n = g_strv_length (lines);
  /* The last line (the reading stops one line short) and one in the middle. */
  g_autofree char *without_last = text_without_line (n - 1);
  g_autofree char *without_middle = text_without_line (n / 2);
  g_autofree char *last = speak ("without-last-line.wav", without_last);
  g_autofree char *middle = speak ("without-middle-line.wav", without_middle);

  expect_verdict ("last line left out", last, "too-short", "Faltó voz desde la línea");
  expect_verdict ("middle line left out", middle, "too-short", "Faltó voz desde la línea");
}

static void
test_first_60_percent (void)
{
  g_auto(GStrv) words = g_strsplit (text_003, " ", -1);
  guint n = g_strv_length (words);
  g_autofree char *part = NULL;
  g_autofree char *wav = NULL;

  g_free (words[n * 6 / 10]);
  words[n * 6 / 10] = NULL;
  part = g_strjoinv (" ", words);
  words[n * 6 / 10] = g_strdup ("");
  wav = speak ("first-60.wav", part);
  expect_verdict ("first 60 %", wav, "too-short", "Faltó voz desde la línea");
}

static void
test_sentence_repeated (void)
{
  /* The first sentence, read again and again for 40 s: more voice than the text needs. */
  g_autofree char *sentence = g_strndup (text_003, strstr (text_003, ". ") + 1 - text_003);
  g_autofree char *thrice = g_strdup_printf ("%s %s %s", sentence, sentence, sentence);
  g_autofree char *long_wav = speak ("repeated-long.wav", thrice);
  g_autofree char *args = g_strdup_printf ("%s repeated.wav trim 0 40", long_wav);
  g_autofree char *wav = sox ("repeated.wav", args);

  expect_verdict ("sentence repeated for 40 s", wav, "repeated", "varias veces");
}

static void
test_long_silence (void)
{
  const char *cut = strchr (text_003 + strlen (text_003) / 2, ' ');
  g_autofree char *first = g_strndup (text_003, cut - text_003);
  g_autofree char *ssml = g_strdup_printf ("<speak>%s <break time=\"6000ms\"/>%s</speak>", first,
                                           cut);
  g_autofree char *wav = speak ("silence-6s.wav", ssml);

  expect_verdict ("6 s silence inside the reading", wav, "long-silence", "silencio de 6 segundos");
}

/* Sound that is not speech, as loud as the reading (espeak-ng's is about −22 dBFS RMS). */
static void
test_tone (void)
{
  g_autofree char *wav = sox ("tone.wav", "-n -r 22050 -b 16 -c 1 tone.wav synth 30 sine 220 "
                              "vol 0.3");

  expect_verdict ("220 Hz tone", wav, "not-speech", "no es una voz");
}

static void
test_chords (void)
{
  /* Music-like: C, F, G and A minor, 1.5 s each with a piano's attack and decay, four times. */
  static const char * const chords[] = { "261.6 329.6 392.0", "349.2 440.0 523.3",
                                         "392.0 493.9 587.3", "220.0 261.6 329.6" };
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *args = NULL;
  g_autofree char *wav = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (chords); i++)
    {
      g_auto(GStrv) notes = g_strsplit (chords[i], " ", -1);
      g_autofree char *name = g_strdup_printf ("chord%u.wav", i);
      g_autofree char *chord_args = g_strdup_printf ("-n -r 22050 -b 16 -c 1 %s synth 1.5 "
                                                     "sine %s sine %s sine %s channels 1 "
                                                     "fade q 0.02 1.5 1.2 vol 0.3", name,
                                                     notes[0], notes[1], notes[2]);
      g_autofree char *path = sox (name, chord_args);

      g_string_append_printf (all, "%s ", path);
    }
  args = g_strdup_printf ("%s%s%s%s chords.wav", all->str, all->str, all->str, all->str);
  wav = sox ("chords.wav", args);
  expect_verdict ("chords", wav, "not-speech", "no es una voz");
}

static void
test_pink_noise (void)
{
  /* A noisy room: pink noise at −20 dBFS RMS, a little louder than the reading. */
  g_autofree char *wav = sox ("pink.wav", "-n -r 22050 -b 16 -c 1 pink.wav synth 30 pinknoise "
                              "vol 0.5");

  expect_verdict ("pink noise", wav, "not-speech", "no es una voz");
}

static void
test_humming (void)
{
  /* A hummed melody: a glottal sawtooth on eight notes, filtered to a closed mouth's murmur
   * (energy under 500 Hz), with no consonant or syllable anywhere. */
  static const guint notes[] = { 130, 146, 164, 146, 130, 123, 130, 146 };
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *args = NULL;
  g_autofree char *wav = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *name = g_strdup_printf ("note%u.wav", i);
      g_autofree char *note_args = g_strdup_printf ("-n -r 22050 -b 16 -c 1 %s synth 3.75 "
                                                    "sawtooth %u vol 0.5", name, notes[i]);
      g_autofree char *path = sox (name, note_args);

      g_string_append_printf (all, "%s ", path);
    }
  args = g_strdup_printf ("%s hum.wav lowpass 500 lowpass 500 norm -6", all->str);
  wav = sox ("hum.wav", args);
  expect_verdict ("humming", wav, "not-speech", "no es una voz");
}

/* A file that is missing or is not sound: exit status 2 and a message, at once. */
static void
test_unreadable (void)
{
  g_autofree char *missing = g_build_filename (fixtures_dir, "missing.wav", NULL);
  g_autofree char *text = g_build_filename (fixtures_dir, "not-audio.wav", NULL);
  gint64 started = g_get_monotonic_time ();
  Check check;

  check_speech (missing, text_003, &check);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_null (check.verdict);
  g_assert_nonnull (strstr (check.err, "missing.wav"));
  check_clear (&check);

  g_assert_true (g_file_set_contents (text, "Esto no es audio.\n", -1, NULL));
  check_speech (text, text_003, &check);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_null (check.verdict);
  g_assert_nonnull (strstr (check.err, "not-audio.wav"));
  check_clear (&check);

  /* Without --text: a usage error, not a verdict. */
  {
    g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla",
                                             NULL);
    const char *argv[] = { exe, "--check-speech", missing, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                                 | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                 &status, NULL));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
  g_test_message ("unreadable files answered in %.1f s",
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  fixtures_dir = g_dir_make_tmp ("vt-speech-XXXXXX", &error);
  g_assert_no_error (error);
  text_003 = load_003_text ();

  g_test_add_func ("/speech/full-reading-accepted", test_full_reading);
  g_test_add_func ("/speech/line-left-out-refused", test_line_left_out);
  g_test_add_func ("/speech/first-60-percent-refused", test_first_60_percent);
  g_test_add_func ("/speech/sentence-repeated-refused", test_sentence_repeated);
  g_test_add_func ("/speech/long-silence-refused", test_long_silence);
  g_test_add_func ("/speech/tone-refused", test_tone);
  g_test_add_func ("/speech/chords-refused", test_chords);
  g_test_add_func ("/speech/pink-noise-refused", test_pink_noise);
  g_test_add_func ("/speech/humming-refused", test_humming);
  g_test_add_func ("/speech/unreadable-file", test_unreadable);
  status = g_test_run ();
  remove_dir (fixtures_dir);
  g_free (fixtures_dir);
  g_free (text_003);
  return status;
}

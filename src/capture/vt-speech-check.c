/* vt-speech-check.c — did the person read the text aloud: the verdict the video page and
 * `ventanilla --check-speech` share.
 *
 * What it knows: when a voice was speaking (vt-speech-detector.c: WebRTC's VAD and the rise
 * and fall of syllables), and how long each line of the text takes at a normal reading rate.
 * What it cannot know: the words. No Spanish speech recogniser is available on the kiosk, so a
 * person reading another text for as long, at the same pace, is not told apart from one reading
 * this one; the accepted message says only that a voice was heard during the reading, never
 * that the text was. Within that limit it refuses what sound alone gives away: silence, sounds
 * that are not speech (a tone, music, humming, a noisy room), a reading stopped early or with
 * lines left out (each line needs speech for half its expected time, after the lines before
 * it had theirs), a long silence, and one part read again and again.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-speech-check.h"

#include "vt-speech-detector.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* A normal reading rate, in syllables per second of voice: the time the detector hears speech,
 * so the pauses between phrases do not count. The reference is espeak-ng's Spanish voice at its
 * default 175 words a minute, a brisk but ordinary reader: its reading of the 003 text is heard
 * as 26.8 s of speech for the 185 syllables counted here, 6.9 a second. A line needs speech
 * for its whole expected time before the next one gets any, so the text is accepted when about
 * the voice of a full reading at this pace has been heard: a reading with one teleprompter line
 * left out (4–8 % less voice) falls short, and so does one read a few per cent faster than
 * this pace (espeak-ng at 190 words a minute), whom the message asks to read at a calm pace.
 * That margin is thin and is what timing alone can give: without the words, a line left out
 * and a quicker reader sound alike. A slower reader is never refused for it. */
#define SYLLABLES_PER_SECOND 6.9
/* A line counts as read with speech for at least half of its expected time. */
#define LINE_MIN_SHARE 0.5
#define MAX_SILENCE 3.0
/* Less voice than this is no voice: a cough, a word to someone nearby. */
#define MIN_SPEECH 0.5
/* The repetition test compares the loudness contour with itself some seconds later, in steps
 * of 50 ms. A text read once never matches itself over more than a few words; the same
 * sentence read again does, over the whole sentence. */
#define CONTOUR_FRAMES 5
#define REPEAT_MIN_LAG 2.0
#define REPEAT_MIN_OVERLAP 6.0
#define REPEAT_SIMILARITY 0.7

/* Syllables in the letters of one word, Spanish rules: a vowel group is one syllable, except
 * where two strong vowels (or a stressed weak one) meet. */
static guint
word_syllables (const char *word)
{
  g_autofree char *lower = g_utf8_strdown (word, -1);
  guint n = 0;
  gboolean prev_vowel = FALSE, prev_strong = FALSE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      /* a, e, o and the stressed á, é, í, ó, ú. */
      gboolean strong = c == 'a' || c == 'e' || c == 'o'
                        || c == 0xE1 || c == 0xE9 || c == 0xED || c == 0xF3 || c == 0xFA;
      gboolean vowel = strong || c == 'i' || c == 'u' || c == 0xFC
                       || (c == 'y' && *g_utf8_next_char (p) == 0 && p != lower);

      if (vowel && (!prev_vowel || (strong && prev_strong)))
        n++;
      prev_vowel = vowel;
      prev_strong = strong;
    }
  return n;
}

static guint
token_syllables (const char *token)
{
  /* Digits are read one by one (a cédula number); "dos", "tres" and "seis" have one syllable,
   * the others two. */
  static const guint digit_syllables[] = { 2, 2, 1, 1, 2, 2, 1, 2, 2, 2 };
  gboolean spelled = g_utf8_strlen (token, -1) >= 2;
  guint n = 0;

  for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        n += digit_syllables[g_unichar_digit_value (c)];
      if (!g_unichar_isupper (c))
        spelled = FALSE;
    }
  /* An abbreviation in capitals (IESS) is spelled: a vowel's name has one syllable, a
   * consonant's two. */
  if (spelled)
    {
      for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
        n += g_utf8_strchr ("AEIOUÁÉÍÓÚ", -1, g_utf8_get_char (p)) != NULL ? 1 : 2;
      return n;
    }
  return n + word_syllables (token);
}

double
vt_speech_expected_seconds (const char *line)
{
  g_autoptr(GString) token = g_string_new (NULL);
  guint syllables = 0;

  g_return_val_if_fail (line != NULL, 0);
  g_return_val_if_fail (g_utf8_validate (line, -1, NULL), 0);

  /* Words are runs of letters and digits; spaces and punctuation (¿, «, commas…) end them. */
  for (const char *p = line;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (token, c);
          continue;
        }
      if (token->len > 0)
        syllables += token_syllables (token->str);
      g_string_truncate (token, 0);
      if (c == 0)
        break;
    }
  return syllables / SYLLABLES_PER_SECOND;
}

guint
vt_speech_line_for_heard (const double *expected_seconds,
                          guint         n_lines,
                          double        heard_seconds)
{
  double done = 0;

  g_return_val_if_fail (expected_seconds != NULL || n_lines == 0, 0);

  for (guint i = 0; i + 1 < n_lines; i++)
    {
      done += expected_seconds[i];
      if (heard_seconds < done)
        return i;
    }
  return n_lines > 0 ? n_lines - 1 : 0;
}

/* The highest correlation of the loudness contour with itself, REPEAT_MIN_LAG seconds later or
 * more, over at least REPEAT_MIN_OVERLAP seconds; between `from` and `to` frames only. */
static double
self_similarity (const float *levels,
                 guint        from,
                 guint        to,
                 double      *lag_seconds)
{
  g_autofree double *contour = NULL;
  guint n = (to - from) / CONTOUR_FRAMES;
  guint min_lag = (guint)(REPEAT_MIN_LAG / VT_SPEECH_FRAME_SECONDS / CONTOUR_FRAMES);
  guint min_overlap = (guint)(REPEAT_MIN_OVERLAP / VT_SPEECH_FRAME_SECONDS / CONTOUR_FRAMES);
  double best = 0;

  *lag_seconds = 0;
  if (n < min_lag + min_overlap)
    return 0;
  contour = g_new0 (double, n);
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j < CONTOUR_FRAMES; j++)
        contour[i] += MAX (levels[from + i * CONTOUR_FRAMES + j], -60.0f);
      contour[i] /= CONTOUR_FRAMES;
    }
  for (guint lag = min_lag; lag + min_overlap <= n; lag++)
    {
      guint m = n - lag;
      double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, r;

      for (guint i = 0; i < m; i++)
        {
          double a = contour[i], b = contour[i + lag];

          sa += a;
          sb += b;
          saa += a * a;
          sbb += b * b;
          sab += a * b;
        }
      r = (sab - sa * sb / m) / sqrt (MAX ((saa - sa * sa / m) * (sbb - sb * sb / m), 1e-9));
      if (r > best)
        {
          best = r;
          *lag_seconds = lag * CONTOUR_FRAMES * VT_SPEECH_FRAME_SECONDS;
        }
    }
  return best;
}

void
vt_speech_check (const gint16       *pcm,
                 gsize               n_samples,
                 const char * const *lines,
                 VtSpeechVerdict    *verdict)
{
  g_autoptr(VtSpeechDetector) detector = vt_speech_detector_new ();
  g_autofree double *expected = NULL;
  const guint8 *frames;
  guint n, line = 0, first = G_MAXUINT, last = 0, gap = 0, longest = 0, speech = 0, sound = 0;
  double heard = 0;

  g_return_if_fail (pcm != NULL || n_samples == 0);
  g_return_if_fail (lines != NULL);
  g_return_if_fail (verdict != NULL);

  memset (verdict, 0, sizeof *verdict);
  verdict->n_lines = g_strv_length ((char **)lines);
  verdict->lines = g_new0 (VtSpeechLine, MAX (verdict->n_lines, 1));
  expected = g_new0 (double, MAX (verdict->n_lines, 1));
  for (guint l = 0; l < verdict->n_lines; l++)
    {
      expected[l] = vt_speech_expected_seconds (lines[l]);
      verdict->lines[l].expected_seconds = expected[l];
      verdict->needed_seconds += expected[l];
    }

  vt_speech_detector_feed (detector, pcm, n_samples);
  vt_speech_detector_finish (detector);
  frames = vt_speech_detector_get_frames (detector);
  n = vt_speech_detector_get_n_frames (detector);

  /* The lines follow one another as on the teleprompter: speech goes to the line being read
   * until that line has had its expected time. */
  for (guint i = 0; i < n; i++)
    {
      if (frames[i] == VT_SPEECH_FRAME_SOUND)
        sound++;
      if (frames[i] != VT_SPEECH_FRAME_SPEECH)
        {
          if (first != G_MAXUINT)
            gap++;
          continue;
        }
      if (first == G_MAXUINT)
        first = i;
      last = i;
      speech++;
      longest = MAX (longest, gap);
      gap = 0;
      if (verdict->n_lines == 0)
        continue;
      line = vt_speech_line_for_heard (expected, verdict->n_lines, heard);
      if (verdict->lines[line].heard_seconds == 0)
        verdict->lines[line].start_seconds = i * VT_SPEECH_FRAME_SECONDS;
      verdict->lines[line].heard_seconds += VT_SPEECH_FRAME_SECONDS;
      verdict->lines[line].end_seconds = (i + 1) * VT_SPEECH_FRAME_SECONDS;
      heard += VT_SPEECH_FRAME_SECONDS;
    }
  verdict->speech_seconds = speech * VT_SPEECH_FRAME_SECONDS;
  verdict->sound_seconds = sound * VT_SPEECH_FRAME_SECONDS;
  verdict->longest_silence = longest * VT_SPEECH_FRAME_SECONDS;
  if (first != G_MAXUINT)
    verdict->repetition = self_similarity (vt_speech_detector_get_levels (detector), first,
                                           last + 1, &verdict->repetition_lag);

  if (verdict->speech_seconds < MIN_SPEECH)
    {
      verdict->problem = verdict->sound_seconds >= 2.0 ? VT_SPEECH_NOT_SPEECH : VT_SPEECH_NONE;
      return;
    }
  /* Mostly sound that is not speech (music, a hum, a noisy room): that is what to fix first. */
  if (verdict->sound_seconds > verdict->speech_seconds)
    {
      verdict->problem = VT_SPEECH_NOT_SPEECH;
      return;
    }
  if (verdict->repetition >= REPEAT_SIMILARITY)
    {
      verdict->problem = VT_SPEECH_REPEATED;
      return;
    }
  if (verdict->longest_silence > MAX_SILENCE)
    {
      verdict->problem = VT_SPEECH_LONG_SILENCE;
      return;
    }
  for (guint l = 0; l < verdict->n_lines; l++)
    if (verdict->lines[l].heard_seconds < expected[l] * LINE_MIN_SHARE)
      {
        verdict->problem = VT_SPEECH_TOO_SHORT;
        verdict->missed_line = l;
        return;
      }
  verdict->problem = VT_SPEECH_OK;
}

void
vt_speech_verdict_clear (VtSpeechVerdict *verdict)
{
  g_return_if_fail (verdict != NULL);

  g_clear_pointer (&verdict->lines, g_free);
  verdict->n_lines = 0;
}

char *
vt_speech_verdict_message (const VtSpeechVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, NULL);

  switch (verdict->problem)
    {
    case VT_SPEECH_OK:
      /* When a voice spoke is what was measured, not the words: say only that. */
      return g_strdup (_("Se escuchó voz durante la lectura."));
    case VT_SPEECH_NONE:
      return g_strdup (_("No se escuchó su voz. Revise que nada tape el micrófono, hable más "
                         "fuerte y grabe de nuevo."));
    case VT_SPEECH_NOT_SPEECH:
      return g_strdup (_("Se escuchó un sonido que no es una voz leyendo: música, un tono, un "
                         "zumbido o ruido. Pida silencio alrededor, acérquese al micrófono, lea "
                         "el texto palabra por palabra y grabe de nuevo."));
    case VT_SPEECH_REPEATED:
      return g_strdup (_("Se escuchó la misma parte del texto varias veces. Lea el texto "
                         "completo una sola vez, siguiendo la línea resaltada, y grabe de "
                         "nuevo."));
    case VT_SPEECH_LONG_SILENCE:
      return g_strdup_printf (_("Hubo un silencio de %.0f segundos. El IESS necesita el texto "
                                "leído completo y seguido: grabe de nuevo."),
                              verdict->longest_silence);
    case VT_SPEECH_TOO_SHORT:
      return g_strdup_printf (_("Faltó voz desde la línea %u del texto. Lea cada línea "
                                "completa en voz alta, a ritmo tranquilo, siguiendo la línea "
                                "resaltada, y grabe de nuevo."),
                              verdict->missed_line + 1);
    default:
      g_assert_not_reached ();
    }
}

const char *
vt_speech_problem_name (VtSpeechProblem problem)
{
  switch (problem)
    {
    case VT_SPEECH_OK:
      return "ok";
    case VT_SPEECH_NONE:
      return "no-speech";
    case VT_SPEECH_NOT_SPEECH:
      return "not-speech";
    case VT_SPEECH_REPEATED:
      return "repeated";
    case VT_SPEECH_LONG_SILENCE:
      return "long-silence";
    case VT_SPEECH_TOO_SHORT:
      return "too-short";
    default:
      g_assert_not_reached ();
    }
}

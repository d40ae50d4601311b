/* vt-speech-check.h — did the person read the text aloud: the verdict the video page and
 * `ventanilla --check-speech` share.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VT_SPEECH_OK,
  VT_SPEECH_NONE,
  VT_SPEECH_NOT_SPEECH,
  VT_SPEECH_REPEATED,
  VT_SPEECH_LONG_SILENCE,
  VT_SPEECH_TOO_SHORT,
} VtSpeechProblem;

typedef struct
{
  /* Seconds of voice this line takes at a normal reading rate, and what was heard while the
   * line was the one being read; when that was, in seconds from the start. */
  double expected_seconds;
  double heard_seconds;
  double start_seconds;
  double end_seconds;
} VtSpeechLine;

typedef struct
{
  VtSpeechProblem problem;
  double          speech_seconds;
  /* Loud, but not speech: a tone, music, humming, noise. */
  double          sound_seconds;
  double          needed_seconds;
  double          longest_silence;
  /* How alike the sound is to itself some seconds later (1 = the same sound again). */
  double          repetition;
  double          repetition_lag;
  /* The first line heard for less than half its time, when problem is VT_SPEECH_TOO_SHORT. */
  guint           missed_line;
  guint           n_lines;
  VtSpeechLine   *lines;
} VtSpeechVerdict;

/* Seconds of voice a line of the text takes at a normal reading rate. */
double       vt_speech_expected_seconds  (const char            *line);
/* The line being read once `heard_seconds` of speech were heard: each line is done when speech
 * for its expected duration has been heard. The teleprompter and the verdict both follow it. */
guint        vt_speech_line_for_heard    (const double          *expected_seconds,
                                          guint                  n_lines,
                                          double                 heard_seconds);

/* `pcm` is 16-bit mono at VT_SPEECH_SAMPLE_RATE (vt-speech-detector.h); `lines` the text's
 * lines as the teleprompter shows them (NULL-terminated). Clear the verdict when done. */
void         vt_speech_check             (const gint16          *pcm,
                                          gsize                  n_samples,
                                          const char * const    *lines,
                                          VtSpeechVerdict       *verdict);
void         vt_speech_verdict_clear     (VtSpeechVerdict       *verdict);
/* What the person is told, translated. */
char        *vt_speech_verdict_message   (const VtSpeechVerdict *verdict);
/* A name for the problem, for technicians and logs: "ok", "no-speech", "not-speech"… */
const char  *vt_speech_problem_name      (VtSpeechProblem        problem);

G_END_DECLS

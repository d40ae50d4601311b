/* vt-speech-detector.h — which 10 ms of a sound are a voice speaking: WebRTC's VAD plus the
 * rise and fall of syllables.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The detector takes 16-bit mono PCM at 16 kHz and judges it in frames of 10 ms. */
#define VT_SPEECH_SAMPLE_RATE 16000
#define VT_SPEECH_FRAME_SAMPLES 160
#define VT_SPEECH_FRAME_SECONDS 0.01

typedef enum
{
  VT_SPEECH_FRAME_QUIET,
  /* Loud enough to hear, but not speech: a tone, music, a hum, noise. */
  VT_SPEECH_FRAME_SOUND,
  VT_SPEECH_FRAME_SPEECH,
} VtSpeechFrame;

typedef struct _VtSpeechDetector VtSpeechDetector;

VtSpeechDetector *vt_speech_detector_new             (void);
void              vt_speech_detector_free            (VtSpeechDetector *self);
/* Any number of samples; frames are judged as soon as the half second after them is known. */
void              vt_speech_detector_feed            (VtSpeechDetector *self,
                                                      const gint16     *pcm,
                                                      gsize             n_samples);
/* Judges the frames still waiting for what follows them: the sound has ended. */
void              vt_speech_detector_finish          (VtSpeechDetector *self);
/* The judged frames, one VtSpeechFrame each, and their level in dBFS. */
guint             vt_speech_detector_get_n_frames    (VtSpeechDetector *self);
const guint8     *vt_speech_detector_get_frames      (VtSpeechDetector *self);
const float      *vt_speech_detector_get_levels      (VtSpeechDetector *self);
double            vt_speech_detector_get_speech_seconds (VtSpeechDetector *self);
/* Of the last `n_frames` judged frames, how many were speech and how many other sound. */
void              vt_speech_detector_count_recent    (VtSpeechDetector *self,
                                                      guint             n_frames,
                                                      guint            *speech,
                                                      guint            *sound);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSpeechDetector, vt_speech_detector_free)

G_END_DECLS

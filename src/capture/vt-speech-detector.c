/* vt-speech-detector.c — which 10 ms of a sound are a voice speaking.
 *
 * Two tests, both needed. WebRTC's voice-activity detector (from libwebrtc-audio-processing,
 * the one PulseAudio and PipeWire use) tells voice-shaped spectra from noise: a fan, a noisy
 * room, pink noise. It says yes to other voice-like sounds too (a steady tone in the voice
 * range, a hum, sung or played notes), so a frame also needs articulation: speech rises and
 * falls by more than ARTICULATION_DB within half a second, as syllables open and close
 * (consonants, short pauses), where a tone, a chord or a hummed vowel stays level.
 *
 * Neither looks at words: nothing here knows what was said (see vt-speech-check.c).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-speech-detector.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Debian 12's libwebrtc-audio-processing-dev (0.3) exports the VAD but ships no header for it:
 * these are the declarations of webrtc/common_audio/vad/include/webrtc_vad.h in that version. */
typedef struct WebRtcVadInst VadInst;
VadInst *WebRtcVad_Create  (void);
void     WebRtcVad_Free    (VadInst       *handle);
int      WebRtcVad_Init    (VadInst       *handle);
int      WebRtcVad_set_mode (VadInst      *handle,
                             int           mode);
int      WebRtcVad_Process (VadInst       *handle,
                            int            fs,
                            const int16_t *audio_frame,
                            size_t         frame_length);

/* The most aggressive of WebRTC's four modes: it refuses the most noise, and a voice close to
 * the kiosk's microphone (or espeak-ng's, in the tests) is still found in full. */
#define VAD_MODE 3
/* Quieter than this is silence, whatever the detector says. Low enough that a soft voice's
 * syllable tails still count: espeak-ng's reading played 20 dB quieter (about −42 dBFS RMS)
 * keeps 90 % of its speech. */
#define SOUND_DB (-60.0)
/* Half a second on each side of a frame: two or three syllables of a calm reader. */
#define WINDOW_FRAMES 25
/* Between the loud and the quiet tenth of that second, speech moves by 15–30 dB; a steady
 * tone, chord or hum by a few. */
#define ARTICULATION_DB 10.0

struct _VtSpeechDetector
{
  VadInst *vad;
  gint16   pending[VT_SPEECH_FRAME_SAMPLES];
  guint    n_pending;
  GArray  *voiced;   /* guint8 per frame: WebRTC's answer */
  GArray  *levels;   /* float per frame: dBFS */
  GArray  *frames;   /* guint8 per judged frame: VtSpeechFrame */
  guint    speech_frames;
};

VtSpeechDetector *
vt_speech_detector_new (void)
{
  VtSpeechDetector *self = g_new0 (VtSpeechDetector, 1);

  self->vad = WebRtcVad_Create ();
  if (self->vad == NULL || WebRtcVad_Init (self->vad) != 0
      || WebRtcVad_set_mode (self->vad, VAD_MODE) != 0)
    g_error ("WebRTC's voice-activity detector could not start");
  self->voiced = g_array_new (FALSE, FALSE, sizeof (guint8));
  self->levels = g_array_new (FALSE, FALSE, sizeof (float));
  self->frames = g_array_new (FALSE, FALSE, sizeof (guint8));
  return self;
}

void
vt_speech_detector_free (VtSpeechDetector *self)
{
  if (self == NULL)
    return;
  WebRtcVad_Free (self->vad);
  g_array_unref (self->voiced);
  g_array_unref (self->levels);
  g_array_unref (self->frames);
  g_free (self);
}

static int
compare_floats (const void *a,
                const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;

  return (x > y) - (x < y);
}

/* Judges frame `i`, whose neighbours up to `last` (exclusive) are known. */
static guint8
judge (VtSpeechDetector *self,
       guint             i,
       guint             last)
{
  const float *levels = (const float *)self->levels->data;
  float window[2 * WINDOW_FRAMES + 1];
  guint from = i >= WINDOW_FRAMES ? i - WINDOW_FRAMES : 0;
  guint to = MIN (i + WINDOW_FRAMES + 1, last);
  guint n = 0;

  if (levels[i] < SOUND_DB)
    return VT_SPEECH_FRAME_QUIET;
  if (!g_array_index (self->voiced, guint8, i))
    return VT_SPEECH_FRAME_SOUND;
  for (guint j = from; j < to; j++)
    window[n++] = levels[j];
  qsort (window, n, sizeof (float), compare_floats);
  if (window[n * 9 / 10] - window[n / 10] < ARTICULATION_DB)
    return VT_SPEECH_FRAME_SOUND;
  return VT_SPEECH_FRAME_SPEECH;
}

static void
judge_until (VtSpeechDetector *self,
             guint             until,
             guint             last)
{
  while (self->frames->len < until)
    {
      guint8 frame = judge (self, self->frames->len, last);

      if (frame == VT_SPEECH_FRAME_SPEECH)
        self->speech_frames++;
      g_array_append_val (self->frames, frame);
    }
}

static void
add_frame (VtSpeechDetector *self,
           const gint16     *pcm)
{
  double sum = 0;
  float level;
  guint8 voiced;
  int answer;

  for (guint i = 0; i < VT_SPEECH_FRAME_SAMPLES; i++)
    sum += (double)pcm[i] * pcm[i];
  level = (float)(10.0 * log10 (sum / VT_SPEECH_FRAME_SAMPLES / (32768.0 * 32768.0) + 1e-10));
  answer = WebRtcVad_Process (self->vad, VT_SPEECH_SAMPLE_RATE, pcm, VT_SPEECH_FRAME_SAMPLES);
  voiced = answer == 1;
  g_array_append_val (self->voiced, voiced);
  g_array_append_val (self->levels, level);
}

void
vt_speech_detector_feed (VtSpeechDetector *self,
                         const gint16     *pcm,
                         gsize             n_samples)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (pcm != NULL || n_samples == 0);

  while (n_samples > 0)
    {
      gsize take = MIN (n_samples, (gsize)(VT_SPEECH_FRAME_SAMPLES - self->n_pending));

      memcpy (self->pending + self->n_pending, pcm, take * sizeof (gint16));
      self->n_pending += (guint)take;
      pcm += take;
      n_samples -= take;
      if (self->n_pending == VT_SPEECH_FRAME_SAMPLES)
        {
          add_frame (self, self->pending);
          self->n_pending = 0;
        }
    }
  if (self->levels->len > WINDOW_FRAMES)
    judge_until (self, self->levels->len - WINDOW_FRAMES, self->levels->len);
}

void
vt_speech_detector_finish (VtSpeechDetector *self)
{
  g_return_if_fail (self != NULL);

  judge_until (self, self->levels->len, self->levels->len);
}

guint
vt_speech_detector_get_n_frames (VtSpeechDetector *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->frames->len;
}

const guint8 *
vt_speech_detector_get_frames (VtSpeechDetector *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const guint8 *)self->frames->data;
}

const float *
vt_speech_detector_get_levels (VtSpeechDetector *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const float *)self->levels->data;
}

double
vt_speech_detector_get_speech_seconds (VtSpeechDetector *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->speech_frames * VT_SPEECH_FRAME_SECONDS;
}

void
vt_speech_detector_count_recent (VtSpeechDetector *self,
                                 guint             n_frames,
                                 guint            *speech,
                                 guint            *sound)
{
  const guint8 *frames;
  guint from;

  g_return_if_fail (self != NULL);
  g_return_if_fail (speech != NULL && sound != NULL);

  frames = (const guint8 *)self->frames->data;
  from = self->frames->len > n_frames ? self->frames->len - n_frames : 0;
  *speech = *sound = 0;
  for (guint i = from; i < self->frames->len; i++)
    {
      *speech += frames[i] == VT_SPEECH_FRAME_SPEECH;
      *sound += frames[i] == VT_SPEECH_FRAME_SOUND;
    }
}

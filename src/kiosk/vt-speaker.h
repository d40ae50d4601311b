/* vt-speaker.h — a short beep and spoken words (espeak-ng), played through GStreamer.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VT_TYPE_SPEAKER (vt_speaker_get_type ())

G_DECLARE_FINAL_TYPE (VtSpeaker, vt_speaker, VT, SPEAKER, GObject)

/* Signal "finished" (const char *text, guint64 played_ms): a sound ended, whole or stopped;
 * `text` is NULL for the beep. `played_ms` is how much audio reached the sink. */
VtSpeaker *vt_speaker_new         (void);
/* Speaks `text` in `language` ("es" or "en"), stopping whatever was playing. */
void       vt_speaker_say         (VtSpeaker  *self,
                                   const char *text,
                                   const char *language);
void       vt_speaker_beep        (VtSpeaker  *self);
/* A beep, then `text`. */
void       vt_speaker_alert       (VtSpeaker  *self,
                                   const char *text,
                                   const char *language);
void       vt_speaker_stop        (VtSpeaker  *self);
gboolean   vt_speaker_is_playing  (VtSpeaker  *self);
/* How much of the current sound has reached the sink so far. */
guint64    vt_speaker_get_played_ms (VtSpeaker *self);
/* The espeak-ng voice for a UI language. */
const char *vt_speaker_voice_for  (const char *language);

G_END_DECLS

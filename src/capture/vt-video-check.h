/* vt-video-check.h — the video's byte budget, its teleprompter lines and its verification.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Encoded video size. 640×480 (640×360 from a 16:9 camera) at 30 fps: with about 560 kbit/s
 * that is 0.06 bit per pixel, enough for a sharp talking face; 1280×720 would get 0.02 and
 * turn to blocks whenever the person moves. */
#define VT_VIDEO_ENCODE_WIDTH 640
#define VT_VIDEO_AUDIO_KBPS 48
/* The microphone check before recording: a level a voice close to the kiosk reaches. It only
 * tells the person the microphone hears them; the verdict is vt-speech-check.h's. */
#define VT_VIDEO_SPEECH_DB (-38.0)
#define VT_VIDEO_LEVEL_INTERVAL_MS 100
/* Characters in a teleprompter line: the page and `--check-speech` split the text alike. */
#define VT_VIDEO_LINE_CHARS 38

typedef struct
{
  guint64 budget_bytes;
  guint   max_seconds;
  guint   video_kbps;
  guint   audio_kbps;
  /* Stop when fewer than this many bytes are left: what the encoder queue, the muxer's open
   * fragment and the final fragment can still add. */
  guint64 reserve_bytes;
} VtVideoBudget;

void         vt_video_budget_compute  (guint64         budget_bytes,
                                       guint           max_seconds,
                                       VtVideoBudget  *budget);

/* Splits the text to read into short lines for the teleprompter (NULL-terminated). */
char       **vt_video_split_lines     (const char      *text,
                                       guint            max_chars);
guint        vt_video_count_words     (const char      *text);

typedef struct
{
  double   duration_s;
  gboolean has_video;
  gboolean has_audio;
  guint64  bytes;
  int      width;
  int      height;
} VtVideoInfo;

/* Inspects a finished file with GstDiscoverer. Fails with a translated message when a stream
 * is missing, the duration is zero or the file is over `max_bytes`. */
gboolean     vt_video_verify_file     (const char      *path,
                                       guint64          max_bytes,
                                       VtVideoInfo     *info,
                                       GError         **error);
/* The same for a video kept in memory (the session's decrypted capture), in a thread: the
 * bytes are handed to GstDiscoverer through an anonymous memory file, never the disk. */
void         vt_video_verify_bytes_async  (GBytes              *data,
                                           guint64              max_bytes,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     vt_video_verify_bytes_finish (GAsyncResult        *result,
                                           VtVideoInfo         *info,
                                           GError             **error);

G_END_DECLS

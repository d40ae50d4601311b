/* vt-camera.h — the kiosk's camera and microphone: preview, still photos and recordings.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

#include "vt-photo-check.h"
#include "vt-video-check.h"

G_BEGIN_DECLS

#define VT_CAPTURE_ERROR (vt_capture_error_quark ())

typedef enum
{
  VT_CAPTURE_ERROR_NO_CAMERA,
  VT_CAPTURE_ERROR_PIPELINE,
  VT_CAPTURE_ERROR_NO_FRAME,
  VT_CAPTURE_ERROR_WRITE,
  VT_CAPTURE_ERROR_TOO_LARGE,
  VT_CAPTURE_ERROR_NO_MICROPHONE,
  VT_CAPTURE_ERROR_DEMONSTRATION,  /* only the synthetic camera, on a kiosk in service */
} VtCaptureError;

/* What the throttled analysis branch judges on each sampled frame. */
typedef enum
{
  VT_ANALYSIS_NONE,
  VT_ANALYSIS_FACE,
  VT_ANALYSIS_DOCUMENT,
  /* The face, and an identity document held beside it (vt-photo-check.h). */
  VT_ANALYSIS_FACE_WITH_DOCUMENT,
} VtAnalysis;

typedef struct
{
  guint64 bytes;
  double  duration_s;       /* media time of the encoded picture */
  double  fps;
  guint64 frames;           /* frames encoded, after videorate evened them out */
  /* The camera's own figures, counted before any rate adaptation (vt-frame-tally.h): frames it
   * delivered, frames its mode owed by the clock, and what was owed but never came. */
  guint64 source_frames;
  guint64 expected_frames;
  guint64 dropped_frames;
  double  wall_s;           /* wall-clock time from the first frame to the source's end */
  guint   analysed_frames;
  guint   face_frames;
  double  face_ratio;
  /* The microphone as the speech verdict takes it (vt-speech-check.h): 16-bit mono PCM at
   * VT_SPEECH_SAMPLE_RATE. */
  GByteArray *speech_pcm;
} VtRecordingStats;

#define VT_TYPE_CAMERA (vt_camera_get_type ())

G_DECLARE_FINAL_TYPE (VtCamera, vt_camera, VT, CAMERA, GObject)

GQuark        vt_capture_error_quark          (void);

/* `spec` is "auto" (libcamera, PipeWire, V4L2, then any other device provider's camera; none
 * found is an error, never a stand-in), a device path such as /dev/video0, or
 * "synthetic[:SCENE[:AUDIO]]", the demonstration camera whose frames are marked DEMOSTRACIÓN: SCENE is portrait, nocard, card-far, card-only, noface, blur, dark,
 * snow or hd (a 1280×720 test pattern); AUDIO is speech (the default: the text given with
 * vt_camera_set_speech_text() read aloud), tone, silence or the path of a WAV file. */
VtCamera     *vt_camera_new                   (const char           *spec);
/* What the last start used: the source element ("v4l2src", "pipewiresrc", "synthetic"…),
 * the device's name as it gives it, and the mode ("MJPEG 1280×720 30 fps"). NULL before a
 * start, or when no camera was found. */
const char   *vt_camera_get_source_name       (VtCamera             *self);
const char   *vt_camera_get_device_name       (VtCamera             *self);
const char   *vt_camera_get_mode              (VtCamera             *self);
double        vt_camera_get_mode_fps          (VtCamera             *self);
/* The microphone the last start listened with (NULL: none), and whether it looked for one and
 * found none: the real microphone is found through the device monitor, never stood in for. */
const char   *vt_camera_get_microphone_name   (VtCamera             *self);
gboolean      vt_camera_is_microphone_missing (VtCamera             *self);
/* TRUE when the camera offers nothing as good as 640×480 at 15 fps (its best mode is used). */
gboolean      vt_camera_is_below_minimum      (VtCamera             *self);
/* TRUE for the demonstration camera, which is only ever used when asked for by name. */
gboolean      vt_camera_is_synthetic          (VtCamera             *self);
GdkPaintable *vt_camera_get_paintable         (VtCamera             *self);
gboolean      vt_camera_is_recording          (VtCamera             *self);
gboolean      vt_camera_has_face_detector     (VtCamera             *self);
/* The synthetic camera's speaking microphone reads `text` aloud in Spanish (espeak-ng, rendered
 * in memory, nothing written to disk) from the start of each preview or recording that listens;
 * until it is rendered the microphone is silent. Without a text it plays a tone. Real cameras
 * and the other synthetic microphones ignore it. */
void          vt_camera_set_speech_text       (VtCamera             *self,
                                               const char           *text);
/* TRUE while the synthetic microphone's speech is still being rendered. */
gboolean      vt_camera_is_preparing_speech   (VtCamera             *self);
/* While `unplugged`, the synthetic camera behaves as a camera pulled out of the kiosk: the
 * running pipeline fails as a real device's does, and starting fails, until it is plugged back.
 * For tests and demonstrations of that path; real cameras ignore it. */
void          vt_camera_set_unplugged         (VtCamera             *self,
                                               gboolean              unplugged);
/* A camera in service (kiosk mode) refuses to start as the synthetic one: no person's
 * evidence is ever taken from demonstration frames. */
void          vt_camera_set_in_service        (VtCamera             *self,
                                               gboolean              in_service);
/* A non-live synthetic camera runs as fast as the machine can: for tests. */
void          vt_camera_set_live              (VtCamera             *self,
                                               gboolean              live);
/* Opens the microphone beside the preview, for the level check before a recording. */
void          vt_camera_set_listening         (VtCamera             *self,
                                               gboolean              listening);
/* `aspect` (width/height) frames a document; ignored for faces. Takes effect at once. */
void          vt_camera_set_analysis          (VtCamera             *self,
                                               VtAnalysis            analysis,
                                               double                aspect);

gboolean      vt_camera_start                 (VtCamera             *self,
                                               GError              **error);
/* Stops the camera; a recording under way ends as cancelled (its task finished). */
void          vt_camera_stop                  (VtCamera             *self);
/* Between two people: stops as vt_camera_stop () does, and forgets the last frame shown and
 * the text the synthetic reader was given, so nothing of one person reaches the next. */
void          vt_camera_reset                 (VtCamera             *self);

/* The newest frame as JPEG data (not mirrored, no metadata) at the camera's resolution, at the
 * highest quality that fits `max_bytes` (0: quality 92). */
void          vt_camera_capture_jpeg_async    (VtCamera             *self,
                                               gsize                 max_bytes,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* The very frame a verdict judged (`VtPhotoVerdict.frame`), as vt_camera_capture_jpeg_async ()
 * gives the newest; an error when the camera no longer holds it (it keeps about a second). */
void          vt_camera_capture_judged_jpeg_async (VtCamera         *self,
                                               guint64               frame,
                                               gsize                 max_bytes,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GBytes       *vt_camera_capture_jpeg_finish   (VtCamera             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Records H.264 + AAC as a fragmented MP4 into `output` while the preview goes on, at the
 * bitrate `budget_bytes` allows over `max_seconds`; stops by itself after `max_seconds` or
 * before the budget could be exceeded. The async call completes when the last fragment is
 * written (after EOS); the caller closes the stream. Nothing is written anywhere else. */
void          vt_camera_record_async          (VtCamera             *self,
                                               GOutputStream        *output,
                                               guint                 max_seconds,
                                               guint64               budget_bytes,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      vt_camera_record_finish         (VtCamera             *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void          vt_camera_stop_recording        (VtCamera             *self);
/* Bytes written so far by the current (or last) recording. */
guint64       vt_camera_get_recorded_bytes    (VtCamera             *self);
/* The last recording's figures; free with vt_recording_stats_clear(). */
void          vt_camera_get_recording_stats   (VtCamera             *self,
                                               VtRecordingStats     *stats);
void          vt_recording_stats_clear        (VtRecordingStats     *stats);
/* TRUE once the microphone's stream of the current pipeline has ended: the synthetic reader
 * has said the whole text (a real microphone never ends). */
gboolean      vt_camera_has_microphone_ended  (VtCamera             *self);
/* Seconds of speech heard so far in the current recording, by the speech verdict's detector
 * (vt-speech-detector.h): what the teleprompter follows. */
double        vt_camera_get_speech_seconds    (VtCamera             *self);
/* TRUE while the current recording's last seconds were mostly sound that is not speech (a
 * tone, music, a hum, noise) and hardly any voice: the page can say so at once. */
gboolean      vt_camera_hears_other_sound     (VtCamera             *self);
/* The microphone's current loudest RMS in dB (-100 when silent or unknown). */
double        vt_camera_get_audio_level       (VtCamera             *self);

G_END_DECLS

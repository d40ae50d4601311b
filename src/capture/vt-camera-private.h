/* vt-camera-private.h — what the files of VtCamera share: its state and their entry points.
 *
 * VtCamera is one object in several files, each one idea: vt-camera.c (the object and its
 * settings), vt-camera-source.c (which source, with which caps), vt-camera-pipeline.c (the
 * running pipeline: preview, analysis, microphone, bus), vt-camera-recorder.c (recordings)
 * and vt-camera-photo.c (still photos).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-camera.h"

#include "vt-camera-paintable.h"
#include "vt-frame-tally.h"
#include "vt-speech-detector.h"

#include <gst/gst.h>

G_BEGIN_DECLS

/* About a second of judged frames at the analysis rate. */
#define VT_CAMERA_KEPT_FRAMES 4

struct _VtCamera
{
  GObject            parent_instance;

  char              *spec;
  char              *source_name;
  char              *device_name;
  char              *mode_name;
  char              *microphone_name;
  gboolean           microphone_missing;
  gboolean           in_service;
  gboolean           below_minimum;
  double             mode_fps;
  char              *scene;
  char              *audio;
  char              *speech_text;
  GBytes            *speech_wav;
  GCancellable      *speech_cancellable;
  gboolean           speech_failed;
  gboolean           unplugged;
  gboolean           live;
  gboolean           listening;
  VtCameraPaintable *paintable;
  GstElement        *pipeline;
  guint              bus_watch;

  /* Shared with the streaming threads. */
  GMutex             lock;
  GstSample         *last_sample;
  /* Full-size copies of the frames sent to be judged, waiting for their verdict, and of the
   * last ones judged with their numbers: the photo kept is the frame that passed. */
  GstSample         *pending_frames[VT_CAMERA_KEPT_FRAMES];
  GstSample         *judged_frames[VT_CAMERA_KEPT_FRAMES];
  guint64            judged_serials[VT_CAMERA_KEPT_FRAMES];
  guint64            next_serial;
  GArray            *faces;
  VtAnalysis         analysis;
  double             aspect;
  gboolean           recording;
  double             audio_level;
  gboolean           microphone_ended;
  VtRecordingStats   stats;
  VtSpeechDetector  *voice;
  GstClockTime       first_pts;
  GstClockTime       last_pts;
  VtFrameTally       tally;
  gboolean           tally_live;
  guint64            budget_bytes;
  guint64            reserve_bytes;
  gboolean           stop_requested;

  GTask             *record_task;
  guint              record_timeout;
  gulong             record_cancel_handler;
};

/* What vt_camera_create_source () chose: the element, the caps asked of it (NULL: whatever it
 * gives), whether it gives JPEG, and the raw caps every frame is brought to before the tee. */
typedef struct
{
  GstElement *element;
  GstCaps    *caps;
  gboolean    jpeg;
  char       *output_caps;
} VtCameraSource;

void        vt_camera_source_clear             (VtCameraSource *source);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtCameraSource, vt_camera_source_clear)

/* vt-camera-pipeline.c */
/* The analysis branch after the tee: frames at most `fps` a second, scaled to 640 wide,
 * through the face detector when `faces`, to the appsink named `sink`. */
char       *vt_camera_analysis_description     (gboolean        faces,
                                                int             fps,
                                                const char     *sink);
/* The faces of a "facedetect" element message, into `faces` (VtFace). */
void        vt_camera_read_faces               (const GstStructure *message,
                                                GArray         *faces);
/* The smallest face the detector looks for, for this kind of analysis. */
int         vt_camera_analysis_min_face        (VtAnalysis      analysis);
void        vt_camera_forget_frames            (VtCamera       *self);
/* Tells the running detector the face size the current analysis needs. */
void        vt_camera_apply_analysis           (VtCamera       *self);

/* The top share of a synthetic frame that holds its DEMOSTRACIÓN mark. */
#define VT_DEMO_BAND 0.1

/* vt-camera.c */
gboolean    vt_camera_speaks                   (VtCamera       *self);
void        vt_camera_emit_failed              (VtCamera       *self,
                                                const char     *message);
void        vt_camera_emit_analysed            (VtCamera       *self,
                                                VtPhotoVerdict *verdict);

/* vt-camera-source.c */
gboolean    vt_camera_create_source            (VtCamera       *self,
                                                guint           max_frames,
                                                VtCameraSource *source,
                                                GError        **error);
GstElement *vt_camera_create_microphone        (VtCamera       *self);
char       *vt_camera_audio_source_description (VtCamera       *self,
                                                guint           seconds);

/* vt-camera-pipeline.c */
const char *vt_camera_cascades_dir             (void);
gboolean    vt_camera_launch                   (VtCamera       *self,
                                                GOutputStream  *recording,
                                                guint           seconds,
                                                GError        **error);
void        vt_camera_add_probe                (VtCamera       *self,
                                                const char     *name,
                                                const char     *pad_name,
                                                GstPadProbeType type,
                                                GstPadProbeCallback callback);

/* vt-camera-recorder.c */
char       *vt_camera_recording_description    (VtCamera       *self,
                                                gboolean        jpeg,
                                                const char     *caps,
                                                const char     *analysis,
                                                const char     *audio,
                                                guint           seconds);
void        vt_camera_recording_attach         (VtCamera       *self,
                                                gboolean        jpeg,
                                                GOutputStream  *recording);
void        vt_camera_finish_recording         (VtCamera       *self,
                                                GError         *error,
                                                gboolean        relaunch);

G_END_DECLS

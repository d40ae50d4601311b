/* vt-camera.c — the kiosk's camera and microphone: the object, its settings and its signals.
 *
 * One pipeline at a time (vt-camera-pipeline.c): the source (vt-camera-source.c) feeds a tee
 * with the preview (latest frame wins), a throttled analysis branch (face detection a few times
 * a second, never in the preview's path) and, while recording, the encoder
 * (vt-camera-recorder.c). The camera is never opened twice.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera.h"

#include "vt-camera-private.h"

#include <glib/gi18n-lib.h>

/* Words a minute for the synthetic reader: a calm reader, a little slower than espeak-ng's
 * default 175, the pace the speech verdict expects (vt-speech-check.c); the 003 text takes
 * about 32 s. */
#define SPEECH_RATE "165"

G_DEFINE_FINAL_TYPE (VtCamera, vt_camera, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-capture-error-quark, vt_capture_error)

enum {
  SIGNAL_FAILED,
  SIGNAL_ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vt_camera_dispose (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  vt_camera_stop (self);
  g_cancellable_cancel (self->speech_cancellable);
  g_clear_object (&self->speech_cancellable);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (vt_camera_parent_class)->dispose (object);
}

static void
vt_camera_finalize (GObject *object)
{
  VtCamera *self = (VtCamera *)object;

  g_free (self->spec);
  g_free (self->source_name);
  g_free (self->device_name);
  g_free (self->mode_name);
  g_free (self->microphone_name);
  g_free (self->scene);
  g_free (self->audio);
  g_free (self->speech_text);
  g_clear_pointer (&self->speech_wav, g_bytes_unref);
  g_array_unref (self->faces);
  vt_recording_stats_clear (&self->stats);
  g_clear_pointer (&self->voice, vt_speech_detector_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vt_camera_parent_class)->finalize (object);
}

static void
vt_camera_class_init (VtCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_camera_dispose;
  object_class->finalize = vt_camera_finalize;

  /**
   * VtCamera::failed:
   * @message: a translated sentence for the person
   *
   * The camera stopped (unplugged, busy, broken pipeline).
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VtCamera::analysed:
   * @verdict: (type gpointer): the `VtPhotoVerdict` of the newest sampled frame
   *
   * Emitted in the main context a few times a second while an analysis is set.
   */
  signals[SIGNAL_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vt_camera_init (VtCamera *self)
{
  g_mutex_init (&self->lock);
  self->paintable = vt_camera_paintable_new ();
  self->faces = g_array_new (FALSE, TRUE, sizeof (VtFace));
  self->live = TRUE;
  self->aspect = 4.0 / 3.0;
  self->audio_level = -100;
}

VtCamera *
vt_camera_new (const char *spec)
{
  VtCamera *self = g_object_new (VT_TYPE_CAMERA, NULL);

  self->spec = g_strdup (spec != NULL && *spec != '\0' ? spec : "auto");
  if (g_str_has_prefix (self->spec, "synthetic"))
    {
      g_auto(GStrv) parts = g_strsplit (self->spec, ":", 3);

      self->scene = g_strdup (parts[0] && parts[1] && *parts[1] ? parts[1] : "portrait");
      self->audio = g_strdup (parts[0] && parts[1] && parts[2] && *parts[2] ? parts[2]
                                                                            : "speech");
    }
  return self;
}

const char *
vt_camera_get_source_name (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return self->source_name;
}

const char *
vt_camera_get_device_name (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return self->device_name;
}

const char *
vt_camera_get_mode (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return self->mode_name;
}

const char *
vt_camera_get_microphone_name (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  if (vt_camera_is_synthetic (self))
    return self->audio != NULL && g_str_equal (self->audio, "speech")
           ? "Lector sintético de demostración" : "Micrófono sintético de demostración";
  return self->microphone_name;
}

gboolean
vt_camera_is_microphone_missing (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->microphone_missing;
}

double
vt_camera_get_mode_fps (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), 0);
  return self->mode_fps;
}

gboolean
vt_camera_is_below_minimum (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->below_minimum;
}

GdkPaintable *
vt_camera_get_paintable (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);
  return GDK_PAINTABLE (self->paintable);
}

gboolean
vt_camera_is_recording (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->record_task != NULL;
}

gboolean
vt_camera_has_face_detector (VtCamera *self)
{
  static gsize found = 0;

  /* 1: no detector, 2: detector; looked up once, then asked from the streaming thread. */
  if (g_once_init_enter (&found))
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find ("facedetect");
      g_autofree char *cascade = g_build_filename (vt_camera_cascades_dir (),
                                                   "haarcascade_frontalface_default.xml", NULL);
      gboolean ok = factory != NULL && g_file_test (cascade, G_FILE_TEST_EXISTS);

      g_once_init_leave (&found, ok ? 2 : 1);
    }
  return found == 2;
}

void
vt_camera_emit_failed (VtCamera   *self,
                       const char *message)
{
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

void
vt_camera_emit_analysed (VtCamera       *self,
                         VtPhotoVerdict *verdict)
{
  g_signal_emit (self, signals[SIGNAL_ANALYSED], 0, verdict);
}

gboolean
vt_camera_speaks (VtCamera *self)
{
  return self->audio != NULL && g_str_equal (self->audio, "speech");
}

static void
speech_rendered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VtCamera) self = user_data;
  g_autoptr(GBytes) wav = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_object_get_data (object, "vt-cancellable");
  gboolean done = g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &wav, NULL,
                                                   &error);

  /* A text given since, or a camera going away: this rendering is no longer wanted. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  if (!done
      || !g_subprocess_get_successful (G_SUBPROCESS (object)) || wav == NULL
      || g_bytes_get_size (wav) <= 44)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("The synthetic microphone could not speak (espeak-ng), it plays a tone: %s",
                 error ? error->message : "no sound");
      self->speech_failed = TRUE;
    }
  else
    self->speech_wav = g_steal_pointer (&wav);
  g_clear_object (&self->speech_cancellable);

  /* The microphone branch is built with the pipeline: give the preview its voice now. A
   * recording keeps what it started with. */
  if (self->pipeline != NULL && self->record_task == NULL && self->listening)
    {
      vt_camera_stop (self);
      vt_camera_launch (self, NULL, 0, NULL);
    }
}

void
vt_camera_set_speech_text (VtCamera   *self,
                           const char *text)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VT_IS_CAMERA (self));

  if (g_strcmp0 (self->speech_text, text) == 0)
    return;
  g_free (self->speech_text);
  self->speech_text = g_strdup (text);
  g_cancellable_cancel (self->speech_cancellable);
  g_clear_object (&self->speech_cancellable);
  g_clear_pointer (&self->speech_wav, g_bytes_unref);
  self->speech_failed = FALSE;
  if (!vt_camera_speaks (self) || text == NULL)
    return;

  /* The text holds the person's names and ID number: it goes through a pipe, never the
   * command line, and the WAV comes back through another one. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "espeak-ng", "--stdin", "--stdout", "-v", "es", "-s", SPEECH_RATE,
                              NULL);
  if (process == NULL)
    {
      g_message ("The synthetic microphone could not speak (espeak-ng), it plays a tone: %s",
                 error->message);
      self->speech_failed = TRUE;
      return;
    }
  input = g_bytes_new (text, strlen (text));
  self->speech_cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (process), "vt-cancellable",
                          g_object_ref (self->speech_cancellable), g_object_unref);
  g_subprocess_communicate_async (process, input, self->speech_cancellable, speech_rendered_cb,
                                  g_object_ref (self));
}

gboolean
vt_camera_is_preparing_speech (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->speech_cancellable != NULL;
}

void
vt_camera_set_live (VtCamera *self,
                    gboolean  live)
{
  g_return_if_fail (VT_IS_CAMERA (self));
  self->live = !!live;
}

void
vt_camera_set_in_service (VtCamera *self,
                          gboolean  in_service)
{
  g_return_if_fail (VT_IS_CAMERA (self));
  self->in_service = !!in_service;
}

void
vt_camera_set_unplugged (VtCamera *self,
                         gboolean  unplugged)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  if (self->scene == NULL)
    return;
  self->unplugged = !!unplugged;
  if (self->unplugged && self->pipeline != NULL)
    {
      g_autoptr(GstElement) head = gst_bin_get_by_name (GST_BIN (self->pipeline), "head");
      g_autoptr(GError) error = g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                                                     "Could not read from resource.");

      /* What v4l2src posts when its device disappears, from the streaming side. */
      gst_element_post_message (head, gst_message_new_error (GST_OBJECT (head), error,
                                                             "the synthetic camera was unplugged"));
    }
}

void
vt_camera_set_listening (VtCamera *self,
                         gboolean  listening)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  if (self->listening == !!listening)
    return;
  self->listening = !!listening;
  /* The microphone branch is part of the pipeline: rebuild the preview with or without it. */
  if (self->pipeline != NULL && self->record_task == NULL)
    {
      vt_camera_stop (self);
      vt_camera_start (self, NULL);
    }
}

void
vt_camera_set_analysis (VtCamera   *self,
                        VtAnalysis  analysis,
                        double      aspect)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  g_mutex_lock (&self->lock);
  self->analysis = analysis;
  self->aspect = aspect > 0 ? aspect : 4.0 / 3.0;
  g_mutex_unlock (&self->lock);
  vt_camera_apply_analysis (self);
}

void
vt_camera_reset (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  vt_camera_stop (self);
  vt_camera_paintable_clear (self->paintable);
  vt_camera_set_speech_text (self, NULL);
  vt_camera_set_listening (self, FALSE);
  vt_camera_set_analysis (self, VT_ANALYSIS_NONE, 0);
}

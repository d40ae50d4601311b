/* vt-speaker.c — a short beep and spoken words (espeak-ng), played through GStreamer.
 *
 * espeak-ng writes a WAV stream to its standard output; GStreamer reads it from the pipe as it
 * comes, so speech starts at once and nothing is written to disk.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-speaker.h"

#include <gio/gio.h>
#include <gst/gst.h>

struct _VtSpeaker
{
  GObject      parent_instance;

  GstElement  *pipeline;
  guint        bus_watch;
  GSubprocess *espeak;
  char        *text;            /* what is playing; NULL for the beep */
  char        *pending_text;    /* spoken after the beep of an alert */
  char        *pending_language;

  GMutex       lock;
  guint64      played_ns;       /* written by the streaming thread */
};

G_DEFINE_FINAL_TYPE (VtSpeaker, vt_speaker, G_TYPE_OBJECT)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
vt_speaker_voice_for (const char *language)
{
  /* Latin American Spanish is the nearest espeak-ng voice to Ecuador's. */
  return g_strcmp0 (language, "en") == 0 ? "en-us" : "es-419";
}

static GstPadProbeReturn
count_cb (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         user_data)
{
  VtSpeaker *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buffer != NULL && GST_BUFFER_DURATION_IS_VALID (buffer))
    {
      g_mutex_lock (&self->lock);
      self->played_ns += GST_BUFFER_DURATION (buffer);
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

/* Ends the current sound and says so; the pending part of an alert stays unless `all`. */
static void
finish (VtSpeaker *self,
        gboolean   all)
{
  g_autofree char *text = NULL;
  guint64 played_ms;

  if (self->pipeline == NULL)
    return;
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  if (self->espeak != NULL)
    {
      g_subprocess_force_exit (self->espeak);
      g_clear_object (&self->espeak);
    }
  text = g_steal_pointer (&self->text);
  g_mutex_lock (&self->lock);
  played_ms = self->played_ns / GST_MSECOND;
  self->played_ns = 0;
  g_mutex_unlock (&self->lock);
  if (all)
    {
      g_clear_pointer (&self->pending_text, g_free);
      g_clear_pointer (&self->pending_language, g_free);
    }
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, text, played_ms);
}

static void start_speech (VtSpeaker  *self,
                          const char *text,
                          const char *language);

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VtSpeaker *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_message ("Could not play a sound: %s", error->message);
      }
      G_GNUC_FALLTHROUGH;
    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      {
        g_autofree char *next = NULL;
        g_autofree char *language = NULL;

        finish (self, FALSE);
        next = g_steal_pointer (&self->pending_text);
        language = g_steal_pointer (&self->pending_language);
        if (next != NULL)
          start_speech (self, next, language);
      }
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
play (VtSpeaker  *self,
      const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstElement) out = NULL;
  g_autoptr(GstPad) pad = NULL;

  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline == NULL)
    {
      g_message ("Could not build the sound pipeline: %s", error->message);
      return FALSE;
    }
  out = gst_bin_get_by_name (GST_BIN (self->pipeline), "out");
  pad = gst_element_get_static_pad (out, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_cb, self, NULL);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return TRUE;
}

static void
start_speech (VtSpeaker  *self,
              const char *text,
              const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) src = NULL;

  finish (self, FALSE);
  self->espeak = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                   &error, "espeak-ng", "-v", vt_speaker_voice_for (language),
                                   "-s", "150", "--stdout", "--", text, NULL);
  if (self->espeak == NULL)
    {
      g_message ("Could not start espeak-ng: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0, text, (guint64)0);
      return;
    }
  if (!play (self, "giostreamsrc name=src ! wavparse ! audioconvert ! audioresample name=out "
                   "! autoaudiosink"))
    {
      g_subprocess_force_exit (self->espeak);
      g_clear_object (&self->espeak);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0, text, (guint64)0);
      return;
    }
  self->text = g_strdup (text);
  src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  g_object_set (src, "stream", g_subprocess_get_stdout_pipe (self->espeak), NULL);
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

static void
vt_speaker_dispose (GObject *object)
{
  VtSpeaker *self = (VtSpeaker *)object;

  g_clear_pointer (&self->pending_text, g_free);
  g_clear_pointer (&self->pending_language, g_free);
  if (self->pipeline != NULL)
    {
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  if (self->espeak != NULL)
    g_subprocess_force_exit (self->espeak);
  g_clear_object (&self->espeak);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (vt_speaker_parent_class)->dispose (object);
}

static void
vt_speaker_finalize (GObject *object)
{
  VtSpeaker *self = (VtSpeaker *)object;

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vt_speaker_parent_class)->finalize (object);
}

static void
vt_speaker_class_init (VtSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_speaker_dispose;
  object_class->finalize = vt_speaker_finalize;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);
}

static void
vt_speaker_init (VtSpeaker *self)
{
  g_mutex_init (&self->lock);
}

VtSpeaker *
vt_speaker_new (void)
{
  return g_object_new (VT_TYPE_SPEAKER, NULL);
}

void
vt_speaker_say (VtSpeaker  *self,
                const char *text,
                const char *language)
{
  g_return_if_fail (VT_IS_SPEAKER (self));
  g_return_if_fail (text != NULL);

  g_clear_pointer (&self->pending_text, g_free);
  g_clear_pointer (&self->pending_language, g_free);
  start_speech (self, text, language);
}

void
vt_speaker_beep (VtSpeaker *self)
{
  g_return_if_fail (VT_IS_SPEAKER (self));

  finish (self, TRUE);
  /* One short tone, 0.3 s: heard across a hall without startling anyone. */
  if (play (self, "audiotestsrc wave=sine freq=880 volume=0.4 samplesperbuffer=2205 "
                  "num-buffers=6 ! audio/x-raw,rate=44100 ! audioconvert "
                  "! audioresample name=out ! autoaudiosink"))
    gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

void
vt_speaker_alert (VtSpeaker  *self,
                  const char *text,
                  const char *language)
{
  g_return_if_fail (VT_IS_SPEAKER (self));
  g_return_if_fail (text != NULL);

  vt_speaker_beep (self);
  if (self->pipeline == NULL)
    {
      start_speech (self, text, language);
      return;
    }
  self->pending_text = g_strdup (text);
  self->pending_language = g_strdup (language);
}

void
vt_speaker_stop (VtSpeaker *self)
{
  g_return_if_fail (VT_IS_SPEAKER (self));
  finish (self, TRUE);
}

gboolean
vt_speaker_is_playing (VtSpeaker *self)
{
  g_return_val_if_fail (VT_IS_SPEAKER (self), FALSE);
  return self->pipeline != NULL;
}

guint64
vt_speaker_get_played_ms (VtSpeaker *self)
{
  guint64 played;

  g_return_val_if_fail (VT_IS_SPEAKER (self), 0);

  g_mutex_lock (&self->lock);
  played = self->played_ns / GST_MSECOND;
  g_mutex_unlock (&self->lock);
  return played;
}

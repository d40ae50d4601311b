/* vt-player.c — plays a recorded video from memory, for the person to review it.
 *
 * GTK 4.8's media module cannot open a stream, and the video must not be written to a file
 * outside the session, so playbin reads it from an appsrc and draws into the same paintable
 * type as the camera preview.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-player.h"

#include "vt-camera-paintable.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

struct _VtPlayer
{
  GObject            parent_instance;

  GBytes            *data;
  VtCameraPaintable *paintable;
  GstElement        *pipeline;
  guint              bus_watch;
  gboolean           playing;
};

G_DEFINE_FINAL_TYPE (VtPlayer, vt_player, G_TYPE_OBJECT)

static void
vt_player_dispose (GObject *object)
{
  VtPlayer *self = (VtPlayer *)object;

  vt_player_stop (self);
  g_clear_object (&self->paintable);
  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (vt_player_parent_class)->dispose (object);
}

static void
vt_player_class_init (VtPlayerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_player_dispose;
}

static void
vt_player_init (VtPlayer *self)
{
  self->paintable = vt_camera_paintable_new ();
  /* The review shows the video as the institute will see it: not mirrored. */
  vt_camera_paintable_set_mirrored (self->paintable, FALSE);
}

VtPlayer *
vt_player_new (GBytes *mp4)
{
  VtPlayer *self;

  g_return_val_if_fail (mp4 != NULL, NULL);

  self = g_object_new (VT_TYPE_PLAYER, NULL);
  self->data = g_bytes_ref (mp4);
  return self;
}

GdkPaintable *
vt_player_get_paintable (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), NULL);
  return GDK_PAINTABLE (self->paintable);
}

gboolean
vt_player_is_playing (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), FALSE);
  return self->playing;
}

static GstFlowReturn
sample_cb (GstAppSink *sink,
           gpointer    user_data)
{
  VtPlayer *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    vt_camera_paintable_push_sample (self->paintable, sample);
  return GST_FLOW_OK;
}

static GstFlowReturn
preroll_cb (GstAppSink *sink,
            gpointer    user_data)
{
  VtPlayer *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    vt_camera_paintable_push_sample (self->paintable, sample);
  return GST_FLOW_OK;
}

static void
source_setup_cb (GstElement *playbin,
                 GstElement *source,
                 VtPlayer   *self)
{
  GstBuffer *buffer = gst_buffer_new_wrapped_bytes (self->data);

  g_object_set (source, "stream-type", GST_APP_STREAM_TYPE_STREAM, "format", GST_FORMAT_BYTES,
                NULL);
  gst_app_src_push_buffer (GST_APP_SRC (source), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (source));
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  VtPlayer *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      /* No loudspeaker or a broken file: the review shows nothing more, the page goes on. */
      self->playing = FALSE;
      gst_element_set_state (self->pipeline, GST_STATE_READY);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      /* Back to the start, paused, ready to be played again. */
      self->playing = FALSE;
      gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                               GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0);
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_pipeline (VtPlayer *self)
{
  GstAppSinkCallbacks callbacks = { .new_sample = sample_cb, .new_preroll = preroll_cb };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *video;

  if (self->pipeline != NULL)
    return TRUE;

  self->pipeline = gst_element_factory_make ("playbin", NULL);
  video = gst_parse_bin_from_description ("videoconvert ! video/x-raw,format=BGRA"
                                          " ! appsink name=sink max-buffers=1 drop=true",
                                          TRUE, &error);
  if (self->pipeline == NULL || video == NULL)
    {
      g_warning ("Could not build the review player: %s", error ? error->message : "playbin");
      gst_clear_object (&self->pipeline);
      return FALSE;
    }
  sink = gst_bin_get_by_name (GST_BIN (video), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  g_object_set (self->pipeline, "uri", "appsrc://", "video-sink", video, NULL);
  g_signal_connect (self->pipeline, "source-setup", G_CALLBACK (source_setup_cb), self);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return TRUE;
}

void
vt_player_prepare (VtPlayer *self)
{
  g_return_if_fail (VT_IS_PLAYER (self));

  if (ensure_pipeline (self))
    gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

void
vt_player_play (VtPlayer *self)
{
  g_return_if_fail (VT_IS_PLAYER (self));

  if (!ensure_pipeline (self))
    return;
  self->playing = TRUE;
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

void
vt_player_stop (VtPlayer *self)
{
  g_return_if_fail (VT_IS_PLAYER (self));

  self->playing = FALSE;
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
}

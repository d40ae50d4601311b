/* vt-keyboard-click.c — the optional click of a touched key: 25 ms of a decaying 2 kHz tone,
 * made once as a WAV in memory and played through GTK's media support (the same GStreamer the
 * kiosk already uses), so no sound file ships and nothing but GTK is asked for.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-keyboard"

#include "vt-keyboard-click.h"

#include <math.h>
#include <string.h>

#define RATE 22050
#define SAMPLES (RATE / 40)

struct _VtKeyboardClick
{
  GObject         parent_instance;

  GBytes         *wav;
  GtkMediaStream *stream;  /* the click playing, if any */
  guint           n_played;
};

G_DEFINE_FINAL_TYPE (VtKeyboardClick, vt_keyboard_click, G_TYPE_OBJECT)

static void
put_u32 (guint8 *p,
         guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static void
put_u16 (guint8 *p,
         guint16 v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, 2);
}

static GBytes *
make_wav (void)
{
  gsize size = 44 + SAMPLES * 2;
  guint8 *data = g_malloc0 (size);

  memcpy (data, "RIFF", 4);
  put_u32 (data + 4, (guint32)(size - 8));
  memcpy (data + 8, "WAVEfmt ", 8);
  put_u32 (data + 16, 16);
  put_u16 (data + 20, 1);  /* PCM */
  put_u16 (data + 22, 1);  /* mono */
  put_u32 (data + 24, RATE);
  put_u32 (data + 28, RATE * 2);
  put_u16 (data + 32, 2);
  put_u16 (data + 34, 16);
  memcpy (data + 36, "data", 4);
  put_u32 (data + 40, SAMPLES * 2);
  for (guint i = 0; i < SAMPLES; i++)
    {
      double t = (double)i / RATE;
      gint16 sample = (gint16)(9000 * sin (2 * G_PI * 2000 * t) * exp (-t * 200));
      put_u16 (data + 44 + 2 * i, (guint16)sample);
    }
  return g_bytes_new_take (data, size);
}

static void
vt_keyboard_click_dispose (GObject *object)
{
  VtKeyboardClick *self = (VtKeyboardClick *)object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->wav, g_bytes_unref);
  G_OBJECT_CLASS (vt_keyboard_click_parent_class)->dispose (object);
}

static void
vt_keyboard_click_class_init (VtKeyboardClickClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_keyboard_click_dispose;
}

static void
vt_keyboard_click_init (VtKeyboardClick *self)
{
  self->wav = make_wav ();
}

VtKeyboardClick *
vt_keyboard_click_new (void)
{
  return g_object_new (VT_TYPE_KEYBOARD_CLICK, NULL);
}

void
vt_keyboard_click_play (VtKeyboardClick *self)
{
  g_autoptr(GInputStream) input = NULL;

  g_return_if_fail (VT_IS_KEYBOARD_CLICK (self));

  /* A new click cuts the previous one short, as a real key's would. */
  if (self->stream != NULL)
    gtk_media_stream_pause (self->stream);
  g_clear_object (&self->stream);
  input = g_memory_input_stream_new_from_bytes (self->wav);
  self->stream = gtk_media_file_new_for_input_stream (input);
  gtk_media_stream_play (self->stream);
  self->n_played++;
}

guint
vt_keyboard_click_get_n_played (VtKeyboardClick *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD_CLICK (self), 0);
  return self->n_played;
}

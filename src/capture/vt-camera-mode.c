/* vt-camera-mode.c — which of a camera's modes the kiosk uses, chosen from what it offers.
 *
 * USB webcams give 720p at 30 fps only as MJPEG (raw YUYV 720p is 5–10 fps over USB 2), many
 * give only 640×480 or only 1080p: the mode is read from the device's own caps rather than
 * forced, and whatever it is becomes the same raw picture for preview, photo and video.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-mode.h"

#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#define WANT_WIDTH 1280
#define WANT_HEIGHT 720
#define MIN_WIDTH 640
#define MIN_HEIGHT 480
#define GOOD_FPS 25.0
#define MIN_FPS 15.0

/* Sizes tried against a structure that gives ranges, the wanted one first. */
static const int range_sizes[][2] = {
  { 1280, 720 }, { 640, 480 }, { 1920, 1080 }, { 960, 720 }, { 1280, 960 }, { 800, 600 },
  { 1024, 768 }, { 848, 480 },
};

typedef struct
{
  VtCameraMode mode;
  int          tier;      /* 0: 720p at 25 fps or more; 1: the minimum met; 2: under it */
  gboolean     slow;      /* under 25 fps */
  double       distance;  /* how far the pixel count is from 720p's, as a log ratio */
} Candidate;

static double
mode_fps (const VtCameraMode *mode)
{
  /* A source that states no rate is taken at its word for 30. */
  return mode->fps_n > 0 && mode->fps_d > 0 ? (double)mode->fps_n / mode->fps_d : 30.0;
}

double
vt_camera_mode_fps (const VtCameraMode *mode)
{
  g_return_val_if_fail (mode != NULL, 0);
  return mode_fps (mode);
}

static gboolean
aspect_ok (int width,
           int height)
{
  double aspect = (double)width / height;

  return fabs (aspect - 16.0 / 9.0) < 0.02 || fabs (aspect - 4.0 / 3.0) < 0.02;
}

/* The rate to ask of a framerate field: 30 when allowed, else the fastest up to 30, else the
 * slowest above it (a 60-fps-only camera). */
static void
pick_rate (const GValue *value,
           int          *fps_n,
           int          *fps_d)
{
  GValue thirty = G_VALUE_INIT;
  double best = -1;

  *fps_n = 0;
  *fps_d = 1;
  if (value == NULL)
    return;
  g_value_init (&thirty, GST_TYPE_FRACTION);
  gst_value_set_fraction (&thirty, 30, 1);
  if (gst_value_can_intersect (value, &thirty) && gst_value_intersect (NULL, value, &thirty))
    {
      *fps_n = 30;
      g_value_unset (&thirty);
      return;
    }
  g_value_unset (&thirty);

  if (GST_VALUE_HOLDS_FRACTION (value))
    {
      *fps_n = gst_value_get_fraction_numerator (value);
      *fps_d = gst_value_get_fraction_denominator (value);
    }
  else if (GST_VALUE_HOLDS_LIST (value))
    {
      double slowest_above = G_MAXDOUBLE;
      int above_n = 0, above_d = 1;

      for (guint i = 0; i < gst_value_list_get_size (value); i++)
        {
          const GValue *v = gst_value_list_get_value (value, i);
          int n, d;
          double fps;

          if (!GST_VALUE_HOLDS_FRACTION (v))
            continue;
          n = gst_value_get_fraction_numerator (v);
          d = gst_value_get_fraction_denominator (v);
          fps = d > 0 ? (double)n / d : 0;
          if (fps <= 30.5 && fps > best)
            {
              best = fps;
              *fps_n = n;
              *fps_d = d;
            }
          else if (fps > 30.5 && fps < slowest_above)
            {
              slowest_above = fps;
              above_n = n;
              above_d = d;
            }
        }
      if (best < 0 && above_n > 0)
        {
          *fps_n = above_n;
          *fps_d = above_d;
        }
    }
  else if (GST_VALUE_HOLDS_FRACTION_RANGE (value))
    {
      const GValue *min = gst_value_get_fraction_range_min (value);
      const GValue *max = gst_value_get_fraction_range_max (value);
      int max_n = gst_value_get_fraction_numerator (max);
      int max_d = gst_value_get_fraction_denominator (max);

      /* 30 is not in it: the range is all under it or all above it. */
      if (max_d > 0 && (double)max_n / max_d < 30)
        {
          *fps_n = max_n;
          *fps_d = max_d;
        }
      else
        {
          *fps_n = gst_value_get_fraction_numerator (min);
          *fps_d = gst_value_get_fraction_denominator (min);
        }
    }
}

static gboolean
fits (const GValue *value,
      int           wanted)
{
  GValue v = G_VALUE_INIT;
  gboolean ok;

  if (value == NULL)
    return FALSE;
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, wanted);
  ok = gst_value_can_intersect (value, &v) && gst_value_intersect (NULL, value, &v);
  g_value_unset (&v);
  return ok;
}

static void
pick_format (const GstStructure *s,
             char                format[16])
{
  const GValue *value = gst_structure_get_value (s, "format");

  format[0] = '\0';
  if (value == NULL)
    return;
  if (G_VALUE_HOLDS_STRING (value))
    g_strlcpy (format, g_value_get_string (value), 16);
  else if (GST_VALUE_HOLDS_LIST (value))
    for (guint i = 0; i < gst_value_list_get_size (value); i++)
      {
        const GValue *v = gst_value_list_get_value (value, i);

        if (G_VALUE_HOLDS_STRING (v)
            && gst_video_format_from_string (g_value_get_string (v)) != GST_VIDEO_FORMAT_UNKNOWN)
          {
            g_strlcpy (format, g_value_get_string (v), 16);
            return;
          }
      }
}

static void
rate (Candidate *c)
{
  VtCameraMode *m = &c->mode;
  double fps = mode_fps (m);

  c->slow = fps < GOOD_FPS;
  c->distance = fabs (log ((double)m->width * m->height / (WANT_WIDTH * WANT_HEIGHT)));
  if (m->width == WANT_WIDTH && m->height == WANT_HEIGHT && fps >= GOOD_FPS)
    c->tier = 0;
  else if (m->width >= MIN_WIDTH && m->height >= MIN_HEIGHT && fps >= MIN_FPS
           && aspect_ok (m->width, m->height))
    c->tier = 1;
  else
    c->tier = 2;
  m->below_minimum = c->tier == 2;
}

/* TRUE when `a` is the better mode. */
static gboolean
better (const Candidate *a,
        const Candidate *b)
{
  if (a->tier != b->tier)
    return a->tier < b->tier;
  if (a->tier == 1 && a->slow != b->slow)
    return !a->slow;
  if (fabs (a->distance - b->distance) > 1e-6)
    return a->distance < b->distance;
  if (fabs (mode_fps (&a->mode) - mode_fps (&b->mode)) > 0.01)
    return mode_fps (&a->mode) > mode_fps (&b->mode);
  /* Raw needs no decoding. */
  return !a->mode.jpeg && b->mode.jpeg;
}

static void
consider (Candidate       *best,
          gboolean        *found,
          const Candidate *c)
{
  if (!*found || better (c, best))
    {
      *best = *c;
      *found = TRUE;
    }
}

gboolean
vt_camera_mode_choose (const GstCaps *caps,
                       VtCameraMode  *mode)
{
  Candidate best = { 0 };
  gboolean found = FALSE;

  g_return_val_if_fail (caps != NULL, FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      const GstStructure *s = gst_caps_get_structure (caps, i);
      const GValue *width = gst_structure_get_value (s, "width");
      const GValue *height = gst_structure_get_value (s, "height");
      Candidate c = { 0 };

      if (gst_structure_has_name (s, "image/jpeg"))
        c.mode.jpeg = TRUE;
      else if (!gst_structure_has_name (s, "video/x-raw"))
        continue;
      /* Raw frames in GPU or DMA memory are not for videoconvert. */
      if (gst_caps_get_features (caps, i) != NULL
          && !gst_caps_features_is_any (gst_caps_get_features (caps, i))
          && !gst_caps_features_contains (gst_caps_get_features (caps, i),
                                          GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY))
        continue;
      if (!c.mode.jpeg)
        pick_format (s, c.mode.format);
      pick_rate (gst_structure_get_value (s, "framerate"), &c.mode.fps_n, &c.mode.fps_d);

      if (width != NULL && height != NULL && G_VALUE_HOLDS_INT (width) && G_VALUE_HOLDS_INT (height))
        {
          c.mode.width = g_value_get_int (width);
          c.mode.height = g_value_get_int (height);
          if (c.mode.width <= 0 || c.mode.height <= 0)
            continue;
          rate (&c);
          consider (&best, &found, &c);
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (range_sizes); k++)
        if (fits (width, range_sizes[k][0]) && fits (height, range_sizes[k][1]))
          {
            c.mode.width = range_sizes[k][0];
            c.mode.height = range_sizes[k][1];
            rate (&c);
            consider (&best, &found, &c);
          }
    }

  if (found)
    *mode = best.mode;
  return found;
}

GstCaps *
vt_camera_mode_to_caps (const VtCameraMode *mode)
{
  GstCaps *caps;

  g_return_val_if_fail (mode != NULL, NULL);

  caps = gst_caps_new_simple (mode->jpeg ? "image/jpeg" : "video/x-raw",
                              "width", G_TYPE_INT, mode->width,
                              "height", G_TYPE_INT, mode->height,
                              NULL);
  if (!mode->jpeg && mode->format[0] != '\0')
    gst_caps_set_simple (caps, "format", G_TYPE_STRING, mode->format, NULL);
  if (mode->fps_n > 0)
    gst_caps_set_simple (caps, "framerate", GST_TYPE_FRACTION, mode->fps_n, mode->fps_d, NULL);
  return caps;
}

char *
vt_camera_mode_output_caps (const VtCameraMode *mode)
{
  int width, height;

  g_return_val_if_fail (mode != NULL, NULL);

  width = MIN (mode->width, VT_CAMERA_MAX_WIDTH) & ~1;
  height = (int)lround ((double)mode->height * width / mode->width) & ~1;
  return g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=%d/%d,"
                          "pixel-aspect-ratio=1/1", width, height,
                          mode->fps_n > 0 ? mode->fps_n : 30,
                          mode->fps_n > 0 ? mode->fps_d : 1);
}

char *
vt_camera_mode_describe (const VtCameraMode *mode)
{
  g_autofree char *fps = NULL;

  g_return_val_if_fail (mode != NULL, NULL);

  if (mode->fps_n <= 0)
    fps = g_strdup ("? fps");
  else if (mode->fps_n % mode->fps_d == 0)
    fps = g_strdup_printf ("%d fps", mode->fps_n / mode->fps_d);
  else
    fps = g_strdup_printf ("%.2f fps", (double)mode->fps_n / mode->fps_d);
  return g_strdup_printf ("%s %d×%d %s", mode->jpeg ? "MJPEG" : mode->format[0] ? mode->format
                                                                                : "raw",
                          mode->width, mode->height, fps);
}

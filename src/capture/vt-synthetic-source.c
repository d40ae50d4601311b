/* vt-synthetic-source.c — a camera for demos and tests: a portrait with an ID card, drawn live.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-synthetic-source.h"

#include <cairo.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

/* The astronaut's face is 97 px wide at (175, 64) in the 512×512 original; this crop scaled to
 * 640×480 makes it about 288 px wide, left of centre, leaving room for the card in the hand. */
#define CROP_SCALE (288.0 / 97.0)
#define CROP_X 129.0
#define CROP_Y 38.0
#define MARGIN 8
#define PAGE_WIDTH 1280
#define PAGE_HEIGHT 960

typedef struct
{
  int              width;
  int              height;
  cairo_surface_t *scene;
  gint8           *noise;
  gsize            noise_len;
  gboolean         live;
  guint            max_frames;
  guint64          frame;
  guint32          seed;
} Generator;

static void
generator_free (gpointer data)
{
  Generator *gen = data;

  g_clear_pointer (&gen->scene, cairo_surface_destroy);
  g_free (gen->noise);
  g_free (gen);
}

const char *
vt_synthetic_media_dir (void)
{
  const char *dir = g_getenv ("VENTANILLA_MEDIA_DIR");

  if (dir != NULL && *dir != '\0')
    return dir;
  /* Installed, or else straight from the source tree when run uninstalled. */
  if (g_file_test (VT_MEDIA_DIR "/astronaut.png", G_FILE_TEST_EXISTS))
    return VT_MEDIA_DIR;
  return VT_SOURCE_MEDIA_DIR;
}

/* A drawn Ecuadorian-style identity card, fictitious, held in a hand: 200 × 126 at `scale` 1
 * (ID-1's shape), its holder's photo the same face as the portrait's. */
static void
draw_card (cairo_t         *cr,
           double           x,
           double           y,
           double           scale,
           cairo_surface_t *portrait)
{
  double w = 200, h = 126, r = 10;
  int i;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);

  /* The hand holding it. */
  cairo_set_source_rgb (cr, 0.80, 0.62, 0.50);
  cairo_save (cr);
  cairo_translate (cr, w * 0.5, h + 20);
  cairo_scale (cr, 70, 45);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);

  cairo_new_sub_path (cr);
  cairo_arc (cr, w - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, w - r, h - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.86, 0.92, 0.97);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.2, 0.3, 0.5);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* Flag band, title, the holder's photo and text lines: enough to read as a card. */
  cairo_set_source_rgb (cr, 0.99, 0.82, 0.09);
  cairo_rectangle (cr, 8, 8, w - 16, 8);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.0, 0.22, 0.58);
  cairo_rectangle (cr, 8, 16, w - 16, 4);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.81, 0.07, 0.15);
  cairo_rectangle (cr, 8, 20, w - 16, 4);
  cairo_fill (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 8);
  cairo_set_source_rgb (cr, 0.1, 0.15, 0.3);
  cairo_move_to (cr, 76, 38);
  cairo_show_text (cr, "REPUBLICA DEL ECUADOR");

  /* The photo: 58 × 78, the face in it about 46 wide, as on a real card. */
  cairo_rectangle (cr, 10, 32, 58, 78);
  cairo_set_source_rgb (cr, 0.55, 0.6, 0.68);
  cairo_fill_preserve (cr);
  if (portrait != NULL)
    {
      double face_scale = 46.0 / 97.0;

      cairo_save (cr);
      cairo_clip (cr);
      cairo_translate (cr, 10 + 29, 32 + 36);
      cairo_scale (cr, face_scale, face_scale);
      /* The face's centre in the original, at the photo's centre. */
      cairo_set_source_surface (cr, portrait, -223.5, -112.5);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  else
    cairo_new_path (cr);
  cairo_set_source_rgb (cr, 0.3, 0.35, 0.45);
  for (i = 0; i < 5; i++)
    {
      cairo_rectangle (cr, 78, 48 + i * 12, 104 - (i % 2) * 30, 4);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* Out of focus: a tenth of the resolution, scaled back up smoothly. */
static void
blur_surface (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  cairo_surface_t *small = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w / 10, h / 10);
  cairo_t *cr = cairo_create (small);

  cairo_scale (cr, 0.1, 0.1);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cr = cairo_create (surface);
  cairo_scale (cr, 10, 10);
  cairo_set_source_surface (cr, small, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (small);
}

/* A printed page on a grey desk, filling 80 % of the frame's height as the A4 guide asks. */
static cairo_surface_t *
render_page_scene (const char *path,
                   gboolean    blurred)
{
  int w = PAGE_WIDTH + 2 * MARGIN, h = PAGE_HEIGHT + 2 * MARGIN;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_t *page = cairo_image_surface_create_from_png (path);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.42, 0.44, 0.46);
  cairo_paint (cr);
  if (cairo_surface_status (page) == CAIRO_STATUS_SUCCESS)
    {
      double pw = cairo_image_surface_get_width (page);
      double ph = cairo_image_surface_get_height (page);
      double scale = PAGE_HEIGHT * 0.8 / ph;

      cairo_translate (cr, (w - pw * scale) / 2, (h - ph * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, page, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      /* Paper under the kiosk's light is not the white of a file: a little grey, as a
       * camera exposes it. */
      cairo_rectangle (cr, 0, 0, pw, ph);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
      cairo_fill (cr);
    }
  else
    g_warning ("Synthetic camera: cannot read the page %s", path);
  cairo_destroy (cr);
  cairo_surface_destroy (page);
  if (blurred)
    blur_surface (surface);
  cairo_surface_flush (surface);
  return surface;
}

void
vt_synthetic_source_get_size (const char *scene,
                              int        *width,
                              int        *height)
{
  gboolean page = scene != NULL && (g_str_has_prefix (scene, "page=")
                                    || g_str_has_prefix (scene, "page-blur="));

  *width = page ? PAGE_WIDTH : VT_SYNTHETIC_WIDTH;
  *height = page ? PAGE_HEIGHT : VT_SYNTHETIC_HEIGHT;
}

/* Where each scene holds the card: low beside the face, on the person's left (the camera's
 * right); "card-far" at arm's length behind, "card-only" up against the camera with nobody
 * there, "nocard" and the empty room of "noface" not at all. */
static void
card_placement (const char *scene,
                double     *x,
                double     *y,
                double     *scale)
{
  *x = MARGIN + 426;
  *y = MARGIN + 262;
  *scale = 1.0;
  if (g_str_equal (scene, "card-far"))
    {
      *x = MARGIN + 470;
      *y = MARGIN + 300;
      *scale = 0.8;
    }
  else if (g_str_equal (scene, "card-only"))
    {
      *x = MARGIN + 48;
      *y = MARGIN + 60;
      *scale = 2.7;
    }
}

static cairo_surface_t *
render_scene (const char *scene)
{
  int w = VT_SYNTHETIC_WIDTH + 2 * MARGIN, h = VT_SYNTHETIC_HEIGHT + 2 * MARGIN;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *path = g_build_filename (vt_synthetic_media_dir (), "astronaut.png", NULL);
  cairo_surface_t *portrait = cairo_image_surface_create_from_png (path);
  gboolean person = !g_str_equal (scene, "noface") && !g_str_equal (scene, "card-only");
  double card_x, card_y, card_scale;

  if (cairo_surface_status (portrait) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("Synthetic camera: %s is missing; run build-aux/fetch-test-media", path);
      g_clear_pointer (&portrait, cairo_surface_destroy);
    }

  if (person && portrait != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN, MARGIN);
      cairo_scale (cr, CROP_SCALE, CROP_SCALE);
      cairo_set_source_surface (cr, portrait, -CROP_X, -CROP_Y);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  else
    {
      /* An empty room: a wall, a door and a chair back, but nobody in front of the camera. */
      cairo_pattern_t *wall = cairo_pattern_create_linear (0, 0, 0, h);

      cairo_pattern_add_color_stop_rgb (wall, 0, 0.78, 0.76, 0.70);
      cairo_pattern_add_color_stop_rgb (wall, 1, 0.55, 0.52, 0.48);
      cairo_set_source (cr, wall);
      cairo_paint (cr);
      cairo_pattern_destroy (wall);
      cairo_set_source_rgb (cr, 0.45, 0.32, 0.22);
      cairo_rectangle (cr, 80, 60, 160, 420);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.22);
      cairo_rectangle (cr, 300, 300, 220, 200);
      cairo_fill (cr);
    }

  if (!g_str_equal (scene, "nocard") && !g_str_equal (scene, "noface"))
    {
      card_placement (scene, &card_x, &card_y, &card_scale);
      draw_card (cr, card_x, card_y, card_scale, portrait);
    }
  cairo_destroy (cr);
  g_clear_pointer (&portrait, cairo_surface_destroy);

  if (g_str_equal (scene, "blur"))
    blur_surface (surface);
  else if (g_str_equal (scene, "dark"))
    {
      cr = cairo_create (surface);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.88);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  return surface;
}

cairo_surface_t *
vt_synthetic_render_scene (const char *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);
  return render_scene (scene);
}

static guint32
next_random (guint32 *state)
{
  /* xorshift32: plenty for sensor noise, and the same frames on every run. */
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static void
need_data_cb (GstAppSrc *src,
              guint      length,
              gpointer   user_data)
{
  Generator *gen = user_data;
  int stride_out = gen->width * 4;
  int stride_in = cairo_image_surface_get_stride (gen->scene);
  const guint8 *in = cairo_image_surface_get_data (gen->scene);
  GstClockTime pts = gst_util_uint64_scale (gen->frame, GST_SECOND, VT_SYNTHETIC_FPS);
  GstBuffer *buffer;
  GstMapInfo map;
  const gint8 *noise;
  double t;
  int dx, dy, y;

  if (gen->max_frames > 0 && gen->frame >= gen->max_frames)
    {
      gst_app_src_end_of_stream (src);
      return;
    }

  if (gen->live)
    {
      /* Paces the frames to the pipeline clock, as a real camera would. */
      g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (src));

      if (clock != NULL)
        {
          GstClockTime base = gst_element_get_base_time (GST_ELEMENT (src));
          GstClockTime now = gst_clock_get_time (clock);
          GstClockID id;

          /* A camera that could not give its frames in time (a busy machine) skips them, and
           * its picture keeps to the clock: the microphone's sound, which the recording
           * interleaves with it, must never wait on frames that are late. */
          if (now > base && now - base > pts + GST_SECOND / VT_SYNTHETIC_FPS)
            {
              gen->frame = gst_util_uint64_scale (now - base, VT_SYNTHETIC_FPS, GST_SECOND);
              pts = gst_util_uint64_scale (gen->frame, GST_SECOND, VT_SYNTHETIC_FPS);
            }
          id = gst_clock_new_single_shot_id (clock, base + pts);

          gst_clock_id_wait (id, NULL);
          gst_clock_id_unref (id);
        }
    }

  /* A slow sway of a few pixels, like a person breathing in front of the kiosk. */
  t = (double)gen->frame / VT_SYNTHETIC_FPS;
  dx = (int)lround (MARGIN + 5 * sin (t * 1.3));
  dy = (int)lround (MARGIN + 3 * sin (t * 0.9 + 1.0));

  buffer = gst_buffer_new_allocate (NULL, (gsize)stride_out * gen->height, NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  noise = gen->noise + (next_random (&gen->seed) % 8192);
  for (y = 0; y < gen->height; y++)
    {
      const guint8 *row_in = in + (gsize)(y + dy) * stride_in + (gsize)dx * 4;
      guint8 *row_out = map.data + (gsize)y * stride_out;
      const gint8 *row_noise = noise + (gsize)y * stride_out;
      int x;

      for (x = 0; x < stride_out; x++)
        row_out[x] = (guint8)CLAMP ((int)row_in[x] + row_noise[x], 0, 255);
    }
  gst_buffer_unmap (buffer, &map);

  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, VT_SYNTHETIC_FPS);
  gen->frame++;
  gst_app_src_push_buffer (src, buffer);
}

GstElement *
vt_synthetic_source_new (const char *scene,
                         gboolean    live,
                         guint       max_frames)
{
  GstAppSrcCallbacks callbacks = { .need_data = need_data_cb };
  g_autoptr(GstCaps) caps = NULL;
  GstElement *src;
  Generator *gen;
  guint32 state = 0x2545f491;
  gsize i;

  src = gst_element_factory_make ("appsrc", "synthetic");
  g_return_val_if_fail (src != NULL, NULL);

  gen = g_new0 (Generator, 1);
  vt_synthetic_source_get_size (scene, &gen->width, &gen->height);
  if (scene != NULL && g_str_has_prefix (scene, "page="))
    gen->scene = render_page_scene (scene + strlen ("page="), FALSE);
  else if (scene != NULL && g_str_has_prefix (scene, "page-blur="))
    gen->scene = render_page_scene (scene + strlen ("page-blur="), TRUE);
  else
    gen->scene = render_scene (scene != NULL && *scene != '\0' ? scene : "portrait");
  gen->live = live;
  gen->max_frames = max_frames;
  gen->seed = 0x9e3779b9;
  gen->noise_len = (gsize)gen->width * gen->height * 4 + 8192;
  gen->noise = g_new (gint8, gen->noise_len);
  for (i = 0; i < gen->noise_len; i++)
    gen->noise[i] = (gint8)((int)(next_random (&state) % 9) - 4);

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "BGRx",
                              "width", G_TYPE_INT, gen->width,
                              "height", G_TYPE_INT, gen->height,
                              "framerate", GST_TYPE_FRACTION, VT_SYNTHETIC_FPS, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (src,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "is-live", live,
                "block", FALSE,
                "max-buffers", (guint64)2,
                NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, gen, generator_free);
  return src;
}

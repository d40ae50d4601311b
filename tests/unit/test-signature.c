/* test-signature.c — signature strokes: acceptance, editing and the PNG that goes on paper.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-tests"

#include "documents/vt-signature.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define PAD_WIDTH  600.0
#define PAD_HEIGHT 240.0

static guint
count_changed (VtSignature *signature)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (signature), "changed"));
}

static void
changed_cb (VtSignature *signature,
            gpointer     user_data)
{
  g_object_set_data (G_OBJECT (signature), "changed",
                     GUINT_TO_POINTER (count_changed (signature) + 1));
}

static VtSignature *
new_signature (void)
{
  VtSignature *signature = vt_signature_new ();

  vt_signature_set_pad_size (signature, PAD_WIDTH, PAD_HEIGHT);
  g_signal_connect (signature, "changed", G_CALLBACK (changed_cb), NULL);
  return signature;
}

/* A made-up signature as a finger draws it: a looping first stroke across most of the pad, a
 * second shorter one and an underline, sampled every few pixels with a little jitter. */
static void
draw_strokes (VtSignature *signature,
              guint32      seed,
              guint        n_strokes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  /* Loops from left to right. */
  vt_signature_begin_stroke (signature, 60, 140, 0.6);
  for (guint i = 1; i <= 220; i++)
    {
      double t = i / 220.0;
      double x = 60 + 380 * t + 18 * sin (t * 9 * G_PI);
      double y = 140 - 45 * sin (t * 5 * G_PI) + 20 * cos (t * 9 * G_PI);

      vt_signature_add_point (signature, x + g_rand_double_range (rand, -0.8, 0.8),
                              y + g_rand_double_range (rand, -0.8, 0.8),
                              0.4 + 0.4 * t);
    }
  if (n_strokes == 1)
    return;
  /* A second word. */
  vt_signature_begin_stroke (signature, 450, 150, 0.5);
  for (guint i = 1; i <= 80; i++)
    {
      double t = i / 80.0;

      vt_signature_add_point (signature, 450 + 90 * t, 150 - 40 * sin (t * 3 * G_PI), 0.5);
    }
  if (n_strokes == 2)
    return;
  /* The underline. */
  vt_signature_begin_stroke (signature, 80, 200, 0.7);
  for (guint i = 1; i <= 60; i++)
    vt_signature_add_point (signature, 80 + 7.5 * i, 200 + 4 * sin (i / 8.0), 0.7);
}

static void
draw_realistic (VtSignature *signature,
                guint32      seed)
{
  draw_strokes (signature, seed, 3);
}

static void
test_empty (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  g_autofree char *message = NULL;

  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 0);
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, 0);
  g_assert_false (vt_signature_is_acceptable (signature, &message));
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_true (g_utf8_validate (message, -1, NULL));
  /* Without a message pointer the answer is the same. */
  g_assert_false (vt_signature_is_acceptable (signature, NULL));
}

static void
test_dot (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  g_autoptr(VtSignature) dash = new_signature ();
  g_autofree char *empty_message = NULL;
  g_autofree char *message = NULL;
  g_autofree char *dash_message = NULL;

  g_assert_false (vt_signature_is_acceptable (signature, &empty_message));

  /* A tap, and a finger resting on the glass: moves under a pixel add nothing. */
  vt_signature_begin_stroke (signature, 300, 120, 0.5);
  for (guint i = 0; i < 50; i++)
    vt_signature_add_point (signature, 300 + (i % 2) * 0.4, 120 - (i % 3) * 0.3, 0.5);
  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 1);
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, 1);
  g_assert_false (vt_signature_is_acceptable (signature, &message));
  g_assert_nonnull (message);
  /* Not the message for an empty pad: the person did touch it. */
  g_assert_cmpstr (message, !=, empty_message);

  /* A short dash is no signature either. */
  vt_signature_begin_stroke (dash, 250, 120, 0.5);
  for (guint i = 1; i <= 20; i++)
    vt_signature_add_point (dash, 250 + 3 * i, 120, 0.5);
  g_assert_cmpuint (vt_signature_get_n_points (dash), >=, 15);
  g_assert_false (vt_signature_is_acceptable (dash, &dash_message));
  g_assert_nonnull (dash_message);
}

static void
test_realistic (void)
{
  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(VtSignature) signature = new_signature ();
      char *message = NULL;

      draw_realistic (signature, seed);
      g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 3);
      g_assert_cmpuint (vt_signature_get_n_points (signature), >=, 300);
      g_assert_cmpuint (vt_signature_get_n_points (signature), <=, 363);
      g_assert_true (vt_signature_is_acceptable (signature, &message));
      g_assert_null (message);
    }
}

/* The same signature drawn on a pad twice as large, scaled, is accepted too: the thresholds
 * follow the pad, not absolute pixels. */
static void
test_realistic_large_pad (void)
{
  g_autoptr(VtSignature) small = new_signature ();
  g_autoptr(VtSignature) large = vt_signature_new ();
  g_autoptr(VtSignature) tiny_on_large = vt_signature_new ();

  vt_signature_set_pad_size (large, PAD_WIDTH * 2, PAD_HEIGHT * 2);
  vt_signature_set_pad_size (tiny_on_large, PAD_WIDTH * 2, PAD_HEIGHT * 2);
  /* Nonsense sizes are ignored. */
  vt_signature_set_pad_size (large, 0, -1);

  vt_signature_begin_stroke (large, 120, 280, 0.5);
  vt_signature_begin_stroke (tiny_on_large, 120, 280, 0.5);
  for (guint i = 1; i <= 200; i++)
    {
      double t = i / 200.0;
      double x = 120 + 800 * t;
      double y = 280 - 90 * sin (t * 5 * G_PI);

      vt_signature_add_point (large, x, y, 0.5);
      /* The same shape at a fifth of the size: small for this pad. */
      vt_signature_add_point (tiny_on_large, 120 + (x - 120) / 5, 280 + (y - 280) / 5, 0.5);
    }
  draw_realistic (small, 9);
  g_assert_true (vt_signature_is_acceptable (small, NULL));
  g_assert_true (vt_signature_is_acceptable (large, NULL));
  g_assert_false (vt_signature_is_acceptable (tiny_on_large, NULL));
}

static void
test_undo_clear (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  guint points_before_last;
  guint changes;

  /* Undo and clear on an empty pad change nothing and say nothing. */
  vt_signature_undo (signature);
  vt_signature_clear (signature);
  g_assert_cmpuint (count_changed (signature), ==, 0);

  draw_realistic (signature, 3);
  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 3);
  g_assert_cmpuint (count_changed (signature), ==, vt_signature_get_n_points (signature));

  /* Undo takes away the last stroke only: what is left is the first two strokes. */
  {
    g_autoptr(VtSignature) two = new_signature ();

    draw_strokes (two, 3, 2);
    g_assert_cmpuint (vt_signature_get_n_strokes (two), ==, 2);
    points_before_last = vt_signature_get_n_points (two);
    g_assert_cmpuint (points_before_last, <, vt_signature_get_n_points (signature));
  }
  changes = count_changed (signature);
  vt_signature_undo (signature);
  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 2);
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, points_before_last);
  g_assert_cmpuint (count_changed (signature), ==, changes + 1);
  g_assert_true (vt_signature_is_acceptable (signature, NULL));

  vt_signature_clear (signature);
  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 0);
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, 0);
  g_assert_cmpuint (count_changed (signature), ==, changes + 2);
  g_assert_false (vt_signature_is_acceptable (signature, NULL));

  /* A point after clearing starts a new stroke by itself. */
  vt_signature_add_point (signature, 10, 10, 0);
  g_assert_cmpuint (vt_signature_get_n_strokes (signature), ==, 1);
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, 1);
}

static gboolean
is_dark (cairo_surface_t *surface,
         int              x,
         int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *)(data + y * stride + x * 4);
  guint r = (pixel >> 16) & 0xff;
  guint g = (pixel >> 8) & 0xff;
  guint b = pixel & 0xff;

  return (r * 299 + g * 587 + b * 114) / 1000 < 128;
}

/* Whether any pixel within `radius` of (x, y) is dark: strokes are a few pixels wide. */
static gboolean
dark_near (cairo_surface_t *surface,
           int              x,
           int              y,
           int              radius)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      if (x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height
          && is_dark (surface, x + dx, y + dy))
        return TRUE;
  return FALSE;
}

static char *
temp_png (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vt-signature-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_png (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_save_png (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_png ("firma.png");
  g_autofree char *header = NULL;
  cairo_surface_t *surface;
  guint dark = 0;

  /* One straight horizontal line across the middle of the pad, from x = 100 to x = 500. */
  vt_signature_begin_stroke (signature, 100, 120, 0.5);
  for (guint i = 1; i <= 100; i++)
    vt_signature_add_point (signature, 100 + 4 * i, 120, 0.5);

  /* Half the pad's size: everything scales by 0.5. */
  g_assert_true (vt_signature_save_png (signature, path, 300, 120, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &header, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (header, 8, "\x89PNG\r\n\x1a\n", 8);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 300);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 120);

  /* Ink along the line (y = 60 at this scale), from about x = 50 to x = 250... */
  for (int x = 55; x <= 240; x += 5)
    g_assert_true (dark_near (surface, x, 60, 1));
  /* ... and nowhere far from it: the rest of the paper is white. */
  for (int y = 0; y < 120; y++)
    for (int x = 0; x < 300; x++)
      if (is_dark (surface, x, y))
        {
          dark++;
          g_assert_cmpint (ABS (y - 60), <=, 4);
          g_assert_cmpint (x, >=, 45);
          g_assert_cmpint (x, <=, 255);
        }
  g_assert_cmpuint (dark, >, 180);
  g_assert_false (is_dark (surface, 5, 5));
  g_assert_false (is_dark (surface, 295, 115));

  cairo_surface_destroy (surface);
  remove_png (path);
}

static void
test_save_png_realistic (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  g_autoptr(VtSignature) empty = new_signature ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_png ("firma.png");
  g_autofree char *empty_path = temp_png ("vacia.png");
  cairo_surface_t *surface;
  guint dark = 0;
  guint dark_empty = 0;

  draw_realistic (signature, 7);
  g_assert_true (vt_signature_save_png (signature, path, 1200, 480, &error));
  g_assert_no_error (error);
  g_assert_true (vt_signature_save_png (empty, empty_path, 1200, 480, &error));
  g_assert_no_error (error);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1200);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 480);
  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 1200; x++)
      dark += is_dark (surface, x, y);
  /* Where the strokes start, at twice the pad's scale. */
  g_assert_true (dark_near (surface, 120, 280, 3));
  g_assert_true (dark_near (surface, 900, 300, 3));
  g_assert_true (dark_near (surface, 160, 400, 3));
  /* The corners stay white. */
  g_assert_false (dark_near (surface, 10, 10, 5));
  g_assert_false (dark_near (surface, 1190, 470, 5));
  cairo_surface_destroy (surface);

  surface = cairo_image_surface_create_from_png (empty_path);
  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 1200; x++)
      dark_empty += is_dark (surface, x, y);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (dark, >, 4000);
  g_assert_cmpuint (dark_empty, ==, 0);
  remove_png (path);
  remove_png (empty_path);
}

static void
test_save_png_error (void)
{
  g_autoptr(VtSignature) signature = new_signature ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_png ("firma.png");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *bad = g_build_filename (dir, "no-such-folder", "firma.png", NULL);

  draw_realistic (signature, 2);
  g_assert_false (vt_signature_save_png (signature, bad, 300, 120, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signature/acceptable/empty", test_empty);
  g_test_add_func ("/signature/acceptable/dot", test_dot);
  g_test_add_func ("/signature/acceptable/realistic", test_realistic);
  g_test_add_func ("/signature/acceptable/pad-size", test_realistic_large_pad);
  g_test_add_func ("/signature/edit/undo-clear", test_undo_clear);
  g_test_add_func ("/signature/png/line", test_save_png);
  g_test_add_func ("/signature/png/realistic", test_save_png_realistic);
  g_test_add_func ("/signature/png/error", test_save_png_error);

  return g_test_run ();
}

/* vt-test-paper.c — printed pages in tests: rendered with poppler, signed, blurred, read.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-paper.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

static char *
write_temp (GBytes     *bytes,
            const char *template)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (template, &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static void
update_luma (VtTestPage *page)
{
  for (int i = 0; i < page->width * page->height; i++)
    {
      const guint8 *p = page->rgb + i * 3;
      page->luma[i] = (guint8)((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
    }
}

VtTestPage *
vt_test_page_render (GBytes *pdf,
                     int     page_number,
                     int     dpi)
{
  g_autofree char *pdf_path = write_temp (pdf, "vt-page-XXXXXX.pdf");
  g_autofree char *prefix = g_strdup_printf ("%s-out", pdf_path);
  g_autofree char *png_path = g_strdup_printf ("%s.png", prefix);
  g_autofree char *page_arg = g_strdup_printf ("%d", page_number);
  g_autofree char *dpi_arg = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-png", "-singlefile", "-f", page_arg, "-l", page_arg,
                         "-r", dpi_arg, pdf_path, prefix, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  cairo_surface_t *surface;
  VtTestPage *page;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  surface = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_unlink (png_path);
  g_unlink (pdf_path);

  page = g_new0 (VtTestPage, 1);
  page->width = cairo_image_surface_get_width (surface);
  page->height = cairo_image_surface_get_height (surface);
  page->rgb = g_malloc ((gsize)page->width * page->height * 3);
  page->luma = g_malloc ((gsize)page->width * page->height);
  cairo_surface_flush (surface);
  for (int y = 0; y < page->height; y++)
    {
      const guint32 *row = (const guint32 *)(gpointer)(cairo_image_surface_get_data (surface)
                           + (gsize)y * cairo_image_surface_get_stride (surface));
      for (int x = 0; x < page->width; x++)
        {
          guint8 *out = page->rgb + ((gsize)y * page->width + x) * 3;
          out[0] = (row[x] >> 16) & 0xff;
          out[1] = (row[x] >> 8) & 0xff;
          out[2] = row[x] & 0xff;
        }
    }
  cairo_surface_destroy (surface);
  update_luma (page);
  return page;
}

void
vt_test_page_free (VtTestPage *page)
{
  if (page == NULL)
    return;
  g_free (page->rgb);
  g_free (page->luma);
  g_free (page);
}

static void
dot (VtTestPage *page,
     double      cx,
     double      cy,
     double      radius)
{
  for (int y = (int)(cy - radius); y <= (int)(cy + radius); y++)
    for (int x = (int)(cx - radius); x <= (int)(cx + radius); x++)
      {
        guint8 *p;

        if (x < 0 || y < 0 || x >= page->width || y >= page->height
            || (x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius)
          continue;
        p = page->rgb + ((gsize)y * page->width + x) * 3;
        /* Blue ballpoint ink. */
        p[0] = 20;
        p[1] = 30;
        p[2] = 120;
      }
}

void
vt_test_page_sign (VtTestPage *page,
                   int         x,
                   int         y,
                   int         width,
                   int         height)
{
  double pen = MAX (1.2, height / 70.0);

  /* A looping flourish across the middle of the box, then an underline. */
  for (double t = 0; t < 1; t += 0.0005)
    {
      double px = x + width * (0.12 + 0.76 * t);
      double py = y + height * (0.5 + 0.25 * sin (t * 6 * G_PI) * (1 - t * 0.4));
      dot (page, px + width * 0.04 * cos (t * 18 * G_PI), py, pen);
    }
  for (double t = 0; t < 1; t += 0.001)
    dot (page, x + width * (0.15 + 0.6 * t), y + height * 0.8, pen);
  update_luma (page);
}

void
vt_test_page_blur (VtTestPage *page,
                   int         radius)
{
  g_autofree guint8 *copy = g_memdup2 (page->rgb, (gsize)page->width * page->height * 3);

  for (int y = 0; y < page->height; y++)
    for (int x = 0; x < page->width; x++)
      for (int c = 0; c < 3; c++)
        {
          int sum = 0, n = 0;

          for (int dy = -radius; dy <= radius; dy += 2)
            for (int dx = -radius; dx <= radius; dx += 2)
              {
                int sx = CLAMP (x + dx, 0, page->width - 1);
                int sy = CLAMP (y + dy, 0, page->height - 1);
                sum += copy[((gsize)sy * page->width + sx) * 3 + c];
                n++;
              }
          page->rgb[((gsize)y * page->width + x) * 3 + c] = (guint8)(sum / n);
        }
  update_luma (page);
}

char *
vt_test_page_save (VtTestPage *page,
                   const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, page->width,
                                                         page->height);
  char *full;

  if (g_path_is_absolute (path))
    full = g_strdup (path);
  else
    {
      const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
      full = g_build_filename (artifacts ? artifacts : g_get_tmp_dir (), path, NULL);
    }
  {
    g_autofree char *dir = g_path_get_dirname (full);
    g_mkdir_with_parents (dir, 0755);
  }
  cairo_surface_flush (surface);
  for (int y = 0; y < page->height; y++)
    {
      guint32 *row = (guint32 *)(gpointer)(cairo_image_surface_get_data (surface)
                     + (gsize)y * cairo_image_surface_get_stride (surface));
      for (int x = 0; x < page->width; x++)
        {
          const guint8 *in = page->rgb + ((gsize)y * page->width + x) * 3;
          row[x] = 0xff000000u | ((guint32)in[0] << 16) | ((guint32)in[1] << 8) | in[2];
        }
    }
  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, full), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return full;
}

char *
vt_test_pdf_text (GBytes *pdf)
{
  g_autofree char *path = write_temp (pdf, "vt-text-XXXXXX.pdf");
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  return out;
}

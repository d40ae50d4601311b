/* vt-photo-check.c — is this frame a face photo (or a document scan) the institute accepts?
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-photo-check.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  double mean;
  double clipped;
  double highlights;
  double sharpness;
} RegionStats;

/* Mean luma, the share of clipped pixels, and the variance of the Laplacian over a 2×2 binned
 * copy of the region: binning keeps sensor noise from passing for detail. */
static void
region_stats (const guint8 *luma,
              int           stride,
              int           x0,
              int           y0,
              int           w,
              int           h,
              RegionStats  *stats)
{
  int bw = w / 2, bh = h / 2;
  g_autofree float *bin = NULL;
  guint64 sum = 0, clipped = 0, highlights = 0;
  double lsum = 0, lsq = 0;
  guint64 n = 0;
  int x, y;

  memset (stats, 0, sizeof *stats);
  if (w < 8 || h < 8)
    return;

  for (y = y0; y < y0 + h; y++)
    for (x = x0; x < x0 + w; x++)
      {
        guint8 v = luma[(gsize)y * stride + x];

        sum += v;
        if (v <= 5 || v >= 250)
          clipped++;
        if (v >= 250)
          highlights++;
      }
  stats->mean = (double)sum / ((double)w * h);
  stats->clipped = (double)clipped / ((double)w * h);
  stats->highlights = (double)highlights / ((double)w * h);

  bin = g_new (float, (gsize)bw * bh);
  for (y = 0; y < bh; y++)
    for (x = 0; x < bw; x++)
      {
        const guint8 *p = luma + (gsize)(y0 + 2 * y) * stride + x0 + 2 * x;

        bin[y * bw + x] = (p[0] + p[1] + p[stride] + p[stride + 1]) / 4.0f;
      }
  for (y = 1; y < bh - 1; y++)
    for (x = 1; x < bw - 1; x++)
      {
        const float *p = bin + y * bw + x;
        double l = p[-1] + p[1] + p[-bw] + p[bw] - 4 * p[0];

        lsum += l;
        lsq += l * l;
        n++;
      }
  if (n > 0)
    stats->sharpness = lsq / n - (lsum / n) * (lsum / n);
}

void
vt_photo_check_frame (const guint8   *luma,
                      int             width,
                      int             height,
                      int             stride,
                      const VtFace   *faces,
                      guint           n_faces,
                      gboolean        check_faces,
                      VtPhotoVerdict *verdict)
{
  RegionStats frame_stats, face_stats;
  const VtFace *face;
  int x0, y0, w, h;
  double cx, cy;

  g_return_if_fail (luma != NULL && verdict != NULL);

  memset (verdict, 0, sizeof *verdict);
  verdict->n_faces = n_faces;

  /* A dark room hides the face from the detector: say so before anything else. */
  region_stats (luma, stride, width / 4, height / 4, width / 2, height / 2, &frame_stats);
  if (frame_stats.mean < 40)
    {
      verdict->mean_luma = frame_stats.mean;
      verdict->problem = VT_PHOTO_TOO_DARK;
      return;
    }

  if (!check_faces)
    {
      verdict->mean_luma = frame_stats.mean;
      verdict->clipped = frame_stats.clipped;
      verdict->sharpness = frame_stats.sharpness;
      if (frame_stats.clipped > 0.05)
        verdict->problem = VT_PHOTO_TOO_BRIGHT;
      else if (frame_stats.sharpness < VT_PHOTO_MIN_SHARPNESS)
        verdict->problem = VT_PHOTO_BLURRED;
      return;
    }

  if (n_faces == 0)
    {
      verdict->problem = VT_PHOTO_NO_FACE;
      return;
    }
  if (n_faces > 1)
    {
      verdict->problem = VT_PHOTO_MANY_FACES;
      return;
    }

  face = &faces[0];
  verdict->face = *face;
  x0 = CLAMP (face->x, 0, width - 1);
  y0 = CLAMP (face->y, 0, height - 1);
  w = MIN (face->width, width - x0);
  h = MIN (face->height, height - y0);
  region_stats (luma, stride, x0, y0, w, h, &face_stats);
  verdict->face_width_ratio = (double)face->width / width;
  verdict->sharpness = face_stats.sharpness;
  verdict->mean_luma = face_stats.mean;
  verdict->clipped = face_stats.clipped;
  cx = (face->x + face->width / 2.0) / width;
  cy = (face->y + face->height / 2.0) / height;

  if (verdict->face_width_ratio < 0.25)
    verdict->problem = VT_PHOTO_TOO_FAR;
  else if (cx < 0.3 || cx > 0.7 || cy < 0.2 || cy > 0.7)
    verdict->problem = VT_PHOTO_OFF_CENTRE;
  else if (face_stats.mean < 60)
    verdict->problem = VT_PHOTO_TOO_DARK;
  else if (face_stats.mean > 200 || face_stats.clipped >= 0.05)
    verdict->problem = VT_PHOTO_TOO_BRIGHT;
  else if (!face->has_eye || face->eye_y + face->eye_height / 2 > face->y + face->height / 2)
    verdict->problem = VT_PHOTO_NO_EYES;
  else if (face_stats.sharpness < VT_PHOTO_MIN_SHARPNESS)
    verdict->problem = VT_PHOTO_BLURRED;
  else
    verdict->problem = VT_PHOTO_OK;
}

double
vt_document_aspect_ratio (const char *aspect)
{
  if (g_strcmp0 (aspect, "id-card") == 0)
    return 85.6 / 54.0;
  if (g_strcmp0 (aspect, "passport") == 0)
    return 125.0 / 88.0;
  if (g_strcmp0 (aspect, "a4") == 0)
    return 210.0 / 297.0;
  return 4.0 / 3.0;
}

void
vt_document_guide (int     width,
                   int     height,
                   double  aspect,
                   int    *x,
                   int    *y,
                   int    *guide_width,
                   int    *guide_height)
{
  /* The largest rectangle of that shape inside 80 % of the frame, centred. */
  double w = width * 0.8, h = w / aspect;

  if (h > height * 0.8)
    {
      h = height * 0.8;
      w = h * aspect;
    }
  *guide_width = (int)w;
  *guide_height = (int)h;
  *x = (width - (int)w) / 2;
  *y = (height - (int)h) / 2;
}

void
vt_document_check_frame (const guint8   *luma,
                         int             width,
                         int             height,
                         int             stride,
                         double          aspect,
                         VtPhotoVerdict *verdict)
{
  RegionStats stats;
  int x, y, w, h;

  g_return_if_fail (luma != NULL && verdict != NULL);

  memset (verdict, 0, sizeof *verdict);
  vt_document_guide (width, height, aspect, &x, &y, &w, &h);
  region_stats (luma, stride, x, y, w, h, &stats);
  verdict->mean_luma = stats.mean;
  verdict->clipped = stats.clipped;
  verdict->sharpness = stats.sharpness;
  if (stats.mean < 50)
    verdict->problem = VT_PHOTO_TOO_DARK;
  /* Glare burns a patch of the document to white; dark clipping is only a dark border. */
  else if (stats.highlights > 0.02)
    verdict->problem = VT_PHOTO_GLARE;
  else if (stats.sharpness < VT_DOCUMENT_MIN_SHARPNESS)
    verdict->problem = VT_PHOTO_BLURRED;
  else
    verdict->problem = VT_PHOTO_OK;
}

const char *
vt_photo_problem_message (VtPhotoProblem problem)
{
  switch (problem)
    {
    case VT_PHOTO_OK:
      return _("Muy bien. No se mueva.");
    case VT_PHOTO_TOO_DARK:
      return _("Más luz");
    case VT_PHOTO_NO_FACE:
      return _("Mire a la cámara: no se ve su rostro");
    case VT_PHOTO_MANY_FACES:
      return _("Solo una persona frente a la cámara");
    case VT_PHOTO_TOO_FAR:
      return _("Acérquese");
    case VT_PHOTO_OFF_CENTRE:
      return _("Ponga su rostro dentro del óvalo");
    case VT_PHOTO_TOO_BRIGHT:
      return _("Demasiada luz en el rostro");
    case VT_PHOTO_NO_EYES:
      return _("Quítese las gafas");
    case VT_PHOTO_BLURRED:
      return _("Quédese quieto: la imagen está borrosa");
    case VT_PHOTO_GLARE:
      return _("Incline el documento: hay un reflejo");
    default:
      g_assert_not_reached ();
    }
}

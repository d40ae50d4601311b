/* vt-photo-check.c — is this frame a face photo (or a document scan) the institute accepts?
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-photo-check.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* A card's border is a step of brightness between the card and what is behind it: this many
 * levels across two pixels, on most of each side. */
#define CARD_EDGE_STEP 18
#define CARD_EDGE_SHARE 0.6

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

/* Where the frame has a step of brightness across a row (`rows`: what a card's top or bottom
 * side makes) or across a column (its left and right sides), as running counts: along each row
 * for the first, down each column for the second, so the share of any side with an edge is two
 * look-ups. A step counts within CARD_EDGE_REACH pixels of where it is looked for. */
#define CARD_EDGE_REACH 2

typedef struct
{
  int     width;
  int     height;
  guint16 *rows;    /* (height) × (width + 1): edges left of x on row y */
  guint16 *columns; /* (height + 1) × width: edges above y in column x */
} EdgeCounts;

static void
edge_counts_init (EdgeCounts   *counts,
                  const guint8 *luma,
                  int           width,
                  int           height,
                  int           stride)
{
  g_autofree guint8 *across_rows = g_malloc0 ((gsize)width * height);
  g_autofree guint8 *across_columns = g_malloc0 ((gsize)width * height);

  counts->width = width;
  counts->height = height;
  counts->rows = g_new0 (guint16, (gsize)height * (width + 1));
  counts->columns = g_new0 (guint16, (gsize)(height + 1) * width);

  for (int y = 1; y < height - 1; y++)
    for (int x = 1; x < width - 1; x++)
      {
        const guint8 *p = luma + (gsize)y * stride + x;

        across_rows[(gsize)y * width + x] = abs (p[stride] - p[-(gssize)stride]) >= CARD_EDGE_STEP;
        across_columns[(gsize)y * width + x] = abs (p[1] - p[-1]) >= CARD_EDGE_STEP;
      }
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gboolean row_edge = FALSE, column_edge = FALSE;

        for (int d = -CARD_EDGE_REACH; d <= CARD_EDGE_REACH; d++)
          {
            if (y + d >= 0 && y + d < height)
              row_edge |= across_rows[(gsize)(y + d) * width + x];
            if (x + d >= 0 && x + d < width)
              column_edge |= across_columns[(gsize)y * width + x + d];
          }
        counts->rows[(gsize)y * (width + 1) + x + 1] =
          counts->rows[(gsize)y * (width + 1) + x] + row_edge;
        counts->columns[(gsize)(y + 1) * width + x] =
          counts->columns[(gsize)y * width + x] + column_edge;
      }
}

static void
edge_counts_clear (EdgeCounts *counts)
{
  g_clear_pointer (&counts->rows, g_free);
  g_clear_pointer (&counts->columns, g_free);
}

/* The share of one side of a rectangle, its corners left out (cards have round ones), that
 * shows an edge. */
static double
side_edge (const EdgeCounts *counts,
           int               x0,
           int               y0,
           int               length,
           gboolean          vertical)
{
  int from = (int)(length * 0.12), to = (int)(length * 0.88);

  if (to <= from)
    return 0;
  if (vertical)
    return (double)(counts->columns[(gsize)(y0 + to) * counts->width + x0]
                    - counts->columns[(gsize)(y0 + from) * counts->width + x0]) / (to - from);
  return (double)(counts->rows[(gsize)y0 * (counts->width + 1) + x0 + to]
                  - counts->rows[(gsize)y0 * (counts->width + 1) + x0 + from]) / (to - from);
}

gboolean
vt_photo_find_card (const guint8   *luma,
                    int             width,
                    int             height,
                    int             stride,
                    const VtFace   *face,
                    VtDocumentCard *card)
{
  /* An ID-1 card (cédula) and a passport's photo page (ID-3). */
  static const double aspects[] = { 85.6 / 54.0, 125.0 / 88.0 };
  VtDocumentCard best = { 0 };
  EdgeCounts counts;

  g_return_val_if_fail (luma != NULL && face != NULL && card != NULL, FALSE);

  edge_counts_init (&counts, luma, width, height, stride);
  /* On both, the holder's photo is a fifth to a third of the document's width. */
  for (guint a = 0; a < G_N_ELEMENTS (aspects); a++)
    for (double cw = face->width * 2.6; cw <= face->width * 6.0; cw *= 1.04)
      {
        int w = (int)cw, h = (int)(cw / aspects[a]);

        if (w >= width || h >= height)
          break;
        for (int y = MAX (0, face->y + face->height - h); y <= MIN (face->y, height - h - 1);
             y += 2)
          for (int x = MAX (0, face->x + face->width - w); x <= MIN (face->x, width - w - 1);
               x += 2)
            {
              double weakest = side_edge (&counts, x, y, w, FALSE);

              /* The weakest side decides: a side below the best so far ends the look. */
              if (weakest <= best.edge)
                continue;
              weakest = MIN (weakest, side_edge (&counts, x, y + h, w, FALSE));
              if (weakest <= best.edge)
                continue;
              weakest = MIN (weakest, side_edge (&counts, x, y, h, TRUE));
              if (weakest <= best.edge)
                continue;
              weakest = MIN (weakest, side_edge (&counts, x + w, y, h, TRUE));
              if (weakest > best.edge)
                {
                  best.x = x;
                  best.y = y;
                  best.width = w;
                  best.height = h;
                  best.edge = weakest;
                }
            }
      }
  edge_counts_clear (&counts);
  best.face = *face;
  *card = best;
  return best.edge >= CARD_EDGE_SHARE;
}

/* The area two rectangles share. */
static double
overlap (int ax, int ay, int aw, int ah,
         int bx, int by, int bw, int bh)
{
  int w = MIN (ax + aw, bx + bw) - MAX (ax, bx);
  int h = MIN (ay + ah, by + bh) - MAX (ay, by);

  return w > 0 && h > 0 ? (double)w * h : 0;
}

/* Which face is the person's and which the photo on their document. Returns the person's
 * face, or NULL with the verdict's problem set. */
static const VtFace *
sort_faces (const guint8   *luma,
            int             width,
            int             height,
            int             stride,
            const VtFace   *faces,
            guint           n_faces,
            gboolean        document,
            VtPhotoVerdict *verdict)
{
  const VtFace *person = &faces[0];
  gboolean small_face = FALSE;

  for (guint i = 1; i < n_faces; i++)
    if (faces[i].width > person->width)
      person = &faces[i];
  if (!document)
    {
      if (n_faces > 1)
        {
          verdict->problem = VT_PHOTO_MANY_FACES;
          return NULL;
        }
      return person;
    }

  for (guint i = 0; i < n_faces; i++)
    {
      const VtFace *other = &faces[i];
      VtDocumentCard card;

      if (other == person)
        continue;
      /* A second face as large as the first is a second person, not a photo on a card. */
      if (other->width >= person->width * 0.6)
        {
          verdict->problem = VT_PHOTO_MANY_FACES;
          return NULL;
        }
      small_face = TRUE;
      if (vt_photo_find_card (luma, width, height, stride, other, &card)
          && (!verdict->has_document || card.width > verdict->document.width))
        {
          verdict->has_document = TRUE;
          verdict->document = card;
        }
    }
  /* One face only, and it is the photo on a card held up to the camera. */
  if (!small_face && n_faces == 1)
    {
      VtDocumentCard card;

      if (vt_photo_find_card (luma, width, height, stride, person, &card))
        {
          verdict->document = card;
          verdict->problem = VT_PHOTO_ONLY_DOCUMENT;
          return NULL;
        }
    }
  return person;
}

/* What is wrong with the document in the hand, or VT_PHOTO_OK. */
static VtPhotoProblem
document_problem (const VtPhotoVerdict *verdict)
{
  const VtDocumentCard *card = &verdict->document;
  const VtFace *face = &verdict->face;

  if (!verdict->has_document)
    return VT_PHOTO_NO_DOCUMENT;
  /* Touching the face's box is held beside it; over a fifth of the face is in front of it. */
  if (overlap (card->x, card->y, card->width, card->height,
               face->x, face->y, face->width, face->height)
      > 0.2 * face->width * face->height)
    return VT_PHOTO_DOCUMENT_COVERS_FACE;
  /* Its photo must be legible in the picture sent, and a card beside the face is about two
   * thirds of the face's width (85.6 mm against some 125 mm): one held back, behind the face,
   * is too small. */
  if (card->face.width < VT_PHOTO_LEGIBLE_CARD_FACE || card->width < face->width * 0.6)
    return VT_PHOTO_DOCUMENT_TOO_FAR;
  return VT_PHOTO_OK;
}

void
vt_photo_check_frame (const guint8      *luma,
                      int                width,
                      int                height,
                      int                stride,
                      const VtFace      *faces,
                      guint              n_faces,
                      VtPhotoCheckFlags  flags,
                      VtPhotoVerdict    *verdict)
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

  if (!(flags & VT_PHOTO_CHECK_FACE))
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
  face = sort_faces (luma, width, height, stride, faces, n_faces,
                     (flags & VT_PHOTO_CHECK_DOCUMENT) != 0, verdict);
  if (face == NULL)
    return;

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
  /* The document last: a blurred or dark picture hides the card's photo too, and saying so
   * first is what helps. */
  else if (flags & VT_PHOTO_CHECK_DOCUMENT)
    verdict->problem = document_problem (verdict);
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
    case VT_PHOTO_ONLY_DOCUMENT:
      return _("Su rostro también debe verse");
    case VT_PHOTO_NO_DOCUMENT:
      return _("Sostenga su documento junto a la cara");
    case VT_PHOTO_DOCUMENT_TOO_FAR:
      return _("Acerque su documento a la cámara");
    case VT_PHOTO_DOCUMENT_COVERS_FACE:
      return _("No tape su rostro con el documento");
    default:
      g_assert_not_reached ();
    }
}

const char *
vt_photo_problem_name (VtPhotoProblem problem)
{
  static const char * const names[] = {
    [VT_PHOTO_OK] = "ok",
    [VT_PHOTO_TOO_DARK] = "too-dark",
    [VT_PHOTO_NO_FACE] = "no-face",
    [VT_PHOTO_MANY_FACES] = "many-faces",
    [VT_PHOTO_TOO_FAR] = "too-far",
    [VT_PHOTO_OFF_CENTRE] = "off-centre",
    [VT_PHOTO_TOO_BRIGHT] = "too-bright",
    [VT_PHOTO_NO_EYES] = "no-eyes",
    [VT_PHOTO_BLURRED] = "blurred",
    [VT_PHOTO_GLARE] = "glare",
    [VT_PHOTO_ONLY_DOCUMENT] = "only-document",
    [VT_PHOTO_NO_DOCUMENT] = "no-document",
    [VT_PHOTO_DOCUMENT_TOO_FAR] = "document-too-far",
    [VT_PHOTO_DOCUMENT_COVERS_FACE] = "document-covers-face",
  };

  g_return_val_if_fail ((guint)problem < G_N_ELEMENTS (names), "unknown");
  return names[problem];
}

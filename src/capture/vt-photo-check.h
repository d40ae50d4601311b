/* vt-photo-check.h — is this frame a face photo (or a document scan) the institute accepts?
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int      x, y, width, height;
  gboolean has_eye;
  int      eye_x, eye_y, eye_width, eye_height;
} VtFace;

/* In the order they are told to the person: one instruction at a time, the first that fails. */
typedef enum
{
  VT_PHOTO_OK,
  VT_PHOTO_TOO_DARK,
  VT_PHOTO_NO_FACE,
  VT_PHOTO_MANY_FACES,
  VT_PHOTO_TOO_FAR,
  VT_PHOTO_OFF_CENTRE,
  VT_PHOTO_TOO_BRIGHT,
  VT_PHOTO_NO_EYES,
  VT_PHOTO_BLURRED,
  VT_PHOTO_GLARE,
  /* Only for a face photo with the identity document in the hand. */
  VT_PHOTO_ONLY_DOCUMENT,
  VT_PHOTO_NO_DOCUMENT,
  VT_PHOTO_DOCUMENT_TOO_FAR,
  VT_PHOTO_DOCUMENT_COVERS_FACE,
} VtPhotoProblem;

/* What a face photo must show. */
typedef enum
{
  VT_PHOTO_CHECK_EXPOSURE = 0,
  VT_PHOTO_CHECK_FACE     = 1 << 0,
  /* The face and, beside or below it, an identity card (ID-1, 85.6 × 54 mm) or a passport page
   * whose own photo is found as a second, smaller face. */
  VT_PHOTO_CHECK_DOCUMENT = 1 << 1,
} VtPhotoCheckFlags;

/* A card-shaped rectangle found around a face in a card. */
typedef struct
{
  int    x, y, width, height;
  /* The share of the rectangle's border with a clear edge, on its weakest side (0–1). */
  double edge;
  VtFace face;
} VtDocumentCard;

typedef struct
{
  VtPhotoProblem problem;
  guint          n_faces;
  VtFace         face;
  double         face_width_ratio;
  double         sharpness;
  double         mean_luma;
  double         clipped;
  double         latency_ms;
  gboolean       has_document;
  VtDocumentCard document;
  /* The camera's number for the frame judged (vt_camera_capture_jpeg_async () keeps it). */
  guint64        frame;
} VtPhotoVerdict;

#define VT_PHOTO_MIN_SHARPNESS 60.0
#define VT_DOCUMENT_MIN_SHARPNESS 25.0

/* The smallest face the detector is asked for, in pixels of the 640-wide analysis frame: the
 * photo on a card held beside the face is about this wide. */
#define VT_PHOTO_MIN_CARD_FACE 24
/* The card's photo must be at least this wide to be legible in the picture sent. */
#define VT_PHOTO_LEGIBLE_CARD_FACE 40

/* Checks one 8-bit luma frame against the faces a detector found in it. `flags` is
 * VT_PHOTO_CHECK_EXPOSURE when no detector is available: only exposure and sharpness of the
 * centre are judged then. */
void        vt_photo_check_frame       (const guint8      *luma,
                                        int                width,
                                        int                height,
                                        int                stride,
                                        const VtFace      *faces,
                                        guint              n_faces,
                                        VtPhotoCheckFlags  flags,
                                        VtPhotoVerdict    *verdict);
/* Looks for a card-shaped rectangle (an ID-1 card or a passport page) holding `face` as its
 * photo, by the edges of its border. */
gboolean    vt_photo_find_card         (const guint8      *luma,
                                        int                width,
                                        int                height,
                                        int                stride,
                                        const VtFace      *face,
                                        VtDocumentCard    *card);
/* Checks a document held inside the guide frame: sharpness, exposure and glare. */
void        vt_document_check_frame    (const guint8   *luma,
                                        int             width,
                                        int             height,
                                        int             stride,
                                        double          aspect,
                                        VtPhotoVerdict *verdict);
/* The guide frame for a document of width/height `aspect`, as a share of the frame. */
void        vt_document_guide          (int             width,
                                        int             height,
                                        double          aspect,
                                        int            *x,
                                        int            *y,
                                        int            *guide_width,
                                        int            *guide_height);
/* "id-card", "passport", "a4"… as width / height. */
double      vt_document_aspect_ratio   (const char     *aspect);
/* One short translated instruction for the person. */
const char *vt_photo_problem_message   (VtPhotoProblem  problem);
/* A stable name for the problem ("no-document"…), for logs and `ventanilla --check-photo`. */
const char *vt_photo_problem_name      (VtPhotoProblem  problem);

G_END_DECLS

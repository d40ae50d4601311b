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
} VtPhotoProblem;

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
} VtPhotoVerdict;

#define VT_PHOTO_MIN_SHARPNESS 60.0
#define VT_DOCUMENT_MIN_SHARPNESS 25.0

/* Checks one 8-bit luma frame against the faces a detector found in it. `check_faces` is FALSE
 * when no detector is available: only exposure and sharpness of the centre are judged then. */
void        vt_photo_check_frame       (const guint8   *luma,
                                        int             width,
                                        int             height,
                                        int             stride,
                                        const VtFace   *faces,
                                        guint           n_faces,
                                        gboolean        check_faces,
                                        VtPhotoVerdict *verdict);
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

G_END_DECLS

/* vt-capture-page.h — the base of the pages that take a photo, scan a document or record the video.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "capture/vt-camera.h"
#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_CAPTURE_PAGE (vt_capture_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (VtCapturePage, vt_capture_page, VT, CAPTURE_PAGE, VtPage)

struct _VtCapturePageClass
{
  VtPageClass parent_class;

  /* The capture button's label while the camera works. */
  const char *(*capture_label)  (VtCapturePage        *self);
  /* What the analysis branch judges while the page is shown. */
  void        (*set_analysis)   (VtCapturePage        *self);
  /* The capture button was pressed and the camera works. The default takes a still picture
   * when the verdict allows it. */
  void        (*capture)        (VtCapturePage        *self);
  /* A still picture was taken: JPEG data at the camera's resolution. */
  void        (*photo_taken)    (VtCapturePage        *self,
                                 GBytes               *jpeg);
  /* A verdict of the analysis branch while the preview is live and the camera works. */
  void        (*analysed)       (VtCapturePage        *self,
                                 const VtPhotoVerdict *verdict);
  /* The preview is back (after the base has shown it), or the stored capture is shown (the
   * page puts it in the picture). */
  void        (*show_live)      (VtCapturePage        *self);
  void        (*show_result)    (VtCapturePage        *self);
  /* «Tomar otra vez»: the capture was forgotten; the page forgets its own state. */
  void        (*retake)         (VtCapturePage        *self);
  /* The camera failed or came back. */
  void        (*camera_changed) (VtCapturePage        *self);
  /* The status once a capture of `size_text` is stored and within the limit. */
  char       *(*saved_message)  (VtCapturePage        *self,
                                 const char           *size_text);
  /* Draws the guide over the live preview; `content` is where the picture is. */
  void        (*draw_guide)     (VtCapturePage        *self,
                                 cairo_t              *cr,
                                 const graphene_rect_t *content);
};

/* The page for the definition's document: a face photo (VtPhotoPage), a scan of one or more
 * pages (VtDocumentPage) or the authorization video (VtVideoPage). */
VtPage *vt_capture_page_new (VtSession       *session,
                             const VtPageDef *definition,
                             VtCamera        *camera);

G_END_DECLS

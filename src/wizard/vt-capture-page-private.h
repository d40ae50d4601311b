/* vt-capture-page-private.h — what the photo, document and video pages share with their base.
 *
 * The base owns the camera's preview with its overlays (guide, instruction, countdown), the
 * status line, the capture and retake buttons, a camera that fails and comes back, and the
 * still picture taken by itself once a verdict has held. Each step page arranges these widgets,
 * adds its own, and says what a capture means for it (the virtual methods, in
 * vt-capture-page.h because a final subclass needs the class structure there).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-capture-page.h"

G_BEGIN_DECLS

/* Called once by each step page's constructor, before it lays the widgets out. */
void              vt_capture_page_setup            (VtCapturePage   *self,
                                                    const VtPageDef *definition,
                                                    VtCamera        *camera);

const VtDocument *vt_capture_page_get_document     (VtCapturePage   *self);
VtCamera         *vt_capture_page_get_camera       (VtCapturePage   *self);
GCancellable     *vt_capture_page_get_cancellable  (VtCapturePage   *self);
gboolean          vt_capture_page_is_live          (VtCapturePage   *self);
gboolean          vt_capture_page_is_camera_failed (VtCapturePage   *self);

/* The widgets the base made, for the step page to lay out. */
GtkWidget        *vt_capture_page_get_preview      (VtCapturePage   *self);
GtkWidget        *vt_capture_page_get_picture      (VtCapturePage   *self);
GtkWidget        *vt_capture_page_get_status       (VtCapturePage   *self);
GtkWidget        *vt_capture_page_get_capture_button (VtCapturePage *self);
GtkWidget        *vt_capture_page_get_retake_button  (VtCapturePage *self);
GtkWidget        *vt_capture_page_get_countdown    (VtCapturePage   *self);
void              vt_capture_page_add_overlay      (VtCapturePage   *self,
                                                    GtkWidget       *overlay);
void              vt_capture_page_queue_draw_guide (VtCapturePage   *self);

void              vt_capture_page_set_status       (VtCapturePage   *self,
                                                    const char      *text,
                                                    gboolean         is_error);
void              vt_capture_page_set_guidance     (VtCapturePage   *self,
                                                    const char      *text,
                                                    gboolean         good);
void              vt_capture_page_show_live        (VtCapturePage   *self);
void              vt_capture_page_show_result      (VtCapturePage   *self);
/* The preview stops being judged and guided, without showing the stored capture yet. */
void              vt_capture_page_leave_live       (VtCapturePage   *self);
/* Accepts a stored capture when it fits the procedure's limit and completes the page;
 * otherwise says why and forgets it. */
gboolean          vt_capture_page_check_size       (VtCapturePage   *self);

/* The still picture: the newest verdict, the second it must hold, and the picture itself. */
void              vt_capture_page_set_verdict      (VtCapturePage        *self,
                                                    const VtPhotoVerdict *verdict);
void              vt_capture_page_forget_verdict   (VtCapturePage   *self);
gboolean          vt_capture_page_verdict_is_ok    (VtCapturePage   *self);
/* Restarts the second the verdict must hold, and hides the countdown. */
void              vt_capture_page_hold             (VtCapturePage   *self);
/* Says what is wrong, or counts the second down with `steady_message` and then takes the
 * picture by itself. */
void              vt_capture_page_follow_verdict   (VtCapturePage   *self,
                                                    const char      *steady_message);
void              vt_capture_page_take_photo       (VtCapturePage   *self);

/* A small pill button of the capture pages. */
GtkWidget        *vt_capture_page_new_button       (const char      *label,
                                                    const char      *name,
                                                    const char      *css_class);

G_END_DECLS

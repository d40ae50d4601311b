/* vt-photo-page.c — the face photo: the person, judged live, taken by itself.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-photo-page.h"

#include "vt-capture-page-private.h"

#include <glib/gi18n-lib.h>

struct _VtPhotoPage
{
  VtCapturePage parent_instance;
};

G_DEFINE_FINAL_TYPE (VtPhotoPage, vt_photo_page, VT_TYPE_CAPTURE_PAGE)

/* The procedure asks for the face with the identity document held beside it. */
static gboolean
wants_document (VtCapturePage *page)
{
  return g_strcmp0 (vt_capture_page_get_document (page)->aspect, "face-with-document") == 0;
}

/* The face fills a quarter to half of the frame's width: the oval shows where. */
static void
vt_photo_page_draw_guide (VtCapturePage         *page,
                          cairo_t               *cr,
                          const graphene_rect_t *r)
{
  cairo_set_line_width (cr, 6);
  if (vt_capture_page_verdict_is_ok (page))
    cairo_set_source_rgba (cr, 0.2, 0.82, 0.4, 0.95);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_save (cr);
  cairo_translate (cr, r->origin.x + r->size.width / 2, r->origin.y + r->size.height * 0.45);
  cairo_scale (cr, r->size.width * 0.24, r->size.height * 0.40);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_stroke (cr);

  /* Where the card goes: low beside the face, on the hand the person sees it in (the preview
   * is a mirror), its photo towards the camera. */
  if (wants_document (page))
    {
      const double dashes[] = { 14, 10 };
      double w = r->size.width * 0.3, h = w / (85.6 / 54.0);
      double x = r->origin.x + r->size.width * 0.03, y = r->origin.y + r->size.height * 0.52;

      cairo_set_line_width (cr, 4);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_rectangle (cr, x, y, w, h);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
vt_photo_page_set_analysis (VtCapturePage *page)
{
  vt_camera_set_analysis (vt_capture_page_get_camera (page),
                          wants_document (page) ? VT_ANALYSIS_FACE_WITH_DOCUMENT
                                                : VT_ANALYSIS_FACE, 0);
}

static void
vt_photo_page_analysed (VtCapturePage        *page,
                        const VtPhotoVerdict *verdict)
{
  vt_capture_page_set_verdict (page, verdict);
  vt_capture_page_follow_verdict (page, _("Muy bien. No se mueva."));
}

static void
vt_photo_page_photo_taken (VtCapturePage *page,
                           GBytes        *jpeg)
{
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  g_autoptr(GError) error = NULL;

  if (!vt_session_store_capture (session, vt_capture_page_get_document (page)->id, "image/jpeg",
                                 jpeg, &error))
    {
      vt_capture_page_set_status (page, error->message, TRUE);
      return;
    }
  vt_session_set_capture_camera (session, vt_capture_page_get_document (page)->id,
                                 vt_capture_page_get_camera (page));
  if (vt_capture_page_check_size (page))
    vt_capture_page_show_result (page);
}

static void
vt_photo_page_show_result (VtCapturePage *page)
{
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  g_autoptr(GBytes) data = vt_session_read_capture (session,
                                                    vt_capture_page_get_document (page)->id,
                                                    NULL);
  g_autoptr(GdkTexture) texture = data ? gdk_texture_new_from_bytes (data, NULL) : NULL;

  gtk_picture_set_paintable (GTK_PICTURE (vt_capture_page_get_picture (page)),
                             GDK_PAINTABLE (texture));
}

static void
vt_photo_page_class_init (VtPhotoPageClass *klass)
{
  VtCapturePageClass *capture_class = VT_CAPTURE_PAGE_CLASS (klass);

  capture_class->draw_guide = vt_photo_page_draw_guide;
  capture_class->set_analysis = vt_photo_page_set_analysis;
  capture_class->analysed = vt_photo_page_analysed;
  capture_class->photo_taken = vt_photo_page_photo_taken;
  capture_class->show_result = vt_photo_page_show_result;
}

static void
vt_photo_page_init (VtPhotoPage *self)
{
}

VtPage *
vt_photo_page_new (VtSession       *session,
                   const VtPageDef *definition,
                   VtCamera        *camera)
{
  VtCapturePage *self;
  GtkWidget *layout;
  GtkWidget *column;
  GtkWidget *side;
  GtkWidget *buttons;
  GtkWidget *preview;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_PHOTO_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  vt_capture_page_setup (self, definition, camera);

  /* The preview beside a column with the buttons and the status. */
  layout = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (layout), column);
  preview = vt_capture_page_get_preview (self);
  gtk_widget_set_size_request (vt_capture_page_get_picture (self), 400, 300);
  gtk_widget_set_hexpand (preview, TRUE);
  gtk_box_append (GTK_BOX (column), preview);

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_widget_set_size_request (side, 240, -1);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (layout), side);
  buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_capture_button (self));
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_retake_button (self));
  gtk_box_append (GTK_BOX (side), buttons);
  gtk_box_append (GTK_BOX (side), vt_capture_page_get_status (self));
  vt_page_append (VT_PAGE (self), layout);

  vt_capture_page_show_live (self);
  return VT_PAGE (self);
}

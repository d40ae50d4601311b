/* vt-ink-signature-page.c — print the paper, sign it in ink, show it to the document camera.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-ink-signature-page.h"

#include "capture/vt-camera-paintable.h"
#include "capture/vt-photo-check.h"
#include "documents/vt-printer.h"
#include "documents/vt-signed-page.h"
#include "vt-paperwork.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

struct _VtInkSignaturePage
{
  VtPage           parent_instance;

  const VtPageDef *definition;
  VtCamera        *camera;
  GCancellable    *cancellable;
  GtkWidget       *print_button;
  GtkWidget       *scan_button;
  GtkWidget       *picture;
  GtkWidget       *guide;
  GtkWidget       *status;
  gboolean         printed;
  gboolean         busy;
  guint            code_misses;
  guint            retry_source;
};

G_DEFINE_FINAL_TYPE (VtInkSignaturePage, vt_ink_signature_page, VT_TYPE_PAGE)

static void
set_status (VtInkSignaturePage *self,
            const char         *text,
            gboolean            problem)
{
  gtk_label_set_text (GTK_LABEL (self->status), text);
  gtk_widget_set_visible (self->status, text != NULL);
  if (problem)
    gtk_widget_add_css_class (self->status, "field-error");
  else
    gtk_widget_remove_css_class (self->status, "field-error");
}

static void
update_buttons (VtInkSignaturePage *self)
{
  gtk_widget_set_sensitive (self->print_button, !self->busy);
  gtk_widget_set_sensitive (self->scan_button, self->printed && !self->busy);
  gtk_widget_set_visible (self->scan_button, self->printed);
  gtk_widget_set_visible (self->picture, self->printed);
  gtk_button_set_label (GTK_BUTTON (self->print_button),
                        self->printed ? _("Imprimir la hoja otra vez")
                                      : _("Imprimir la hoja para firmar"));
}

static void
start_camera (VtInkSignaturePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->printed || self->camera == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  vt_camera_set_analysis (self->camera, VT_ANALYSIS_DOCUMENT, vt_document_aspect_ratio ("a4"));
  if (!vt_camera_start (self->camera, &error))
    set_status (self, error->message, TRUE);
  /* A page is read, not looked at like a mirror: shown as it lies on the desk. */
  if (VT_IS_CAMERA_PAINTABLE (vt_camera_get_paintable (self->camera)))
    vt_camera_paintable_set_mirrored (VT_CAMERA_PAINTABLE (vt_camera_get_paintable (self->camera)),
                                      FALSE);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), vt_camera_get_paintable (self->camera));
}

static void
print_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtInkSignaturePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!vt_printer_print_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("No se imprimió: %s Pida ayuda al personal del quiosco."),
                              error->message);
      set_status (self, text, TRUE);
    }
  else
    {
      self->printed = TRUE;
      set_status (self, _("Hoja impresa. Retírela, fírmela con bolígrafo dentro del recuadro y "
                          "colóquela completa dentro del marco de la cámara."), FALSE);
      start_camera (self);
    }
  update_buttons (self);
}

void
vt_ink_signature_page_print (VtInkSignaturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_return_if_fail (VT_IS_INK_SIGNATURE_PAGE (self));

  pdf = vt_paperwork_render_to_sign (session, self->definition->signs, now,
                                     "Generado en un quiosco Ventanilla del IESS", &error);
  if (pdf == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  self->busy = TRUE;
  update_buttons (self);
  set_status (self, _("Imprimiendo… espere un momento."), FALSE);
  vt_printer_print_async (vt_session_get_printer (session), "Documento para firmar", pdf, 0,
                          self->cancellable, print_done_cb, g_object_ref (self));
}

/* The picture's 8-bit luma, for the checks. */
static guint8 *
luma_of (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *luma = g_malloc ((gsize)width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + (gsize)y * stride + (gsize)x * channels;
        luma[(gsize)y * width + x] = (guint8)((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
      }
  return luma;
}

static void capture_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
capture_signed_page (VtInkSignaturePage *self)
{
  VtProcedure *procedure = vt_session_get_procedure (vt_page_get_session (VT_PAGE (self)));
  const VtDocument *document = vt_procedure_find_document (procedure, self->definition->signs);

  vt_camera_capture_jpeg_async (self->camera, document ? (gsize)document->max_bytes : 0,
                                self->cancellable, capture_done_cb, g_object_ref (self));
}

static gboolean
scan_again_cb (gpointer data)
{
  VtInkSignaturePage *self = data;

  self->retry_source = 0;
  if (self->camera != NULL && !g_cancellable_is_cancelled (self->cancellable))
    capture_signed_page (self);
  return G_SOURCE_REMOVE;
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtInkSignaturePage) self = user_data;
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = vt_camera_capture_jpeg_finish (VT_CAMERA (object), result, &error);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *luma = NULL;
  VtPhotoVerdict photo = { 0 };
  VtSignedPageVerdict page = { 0 };
  int width, height;

  self->busy = FALSE;
  update_buttons (self);
  if (jpeg == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  stream = g_memory_input_stream_new_from_bytes (jpeg);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  if (pixbuf == NULL)
    {
      set_status (self, _("No se pudo leer la foto de la hoja. Inténtelo otra vez."), TRUE);
      return;
    }
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  luma = luma_of (pixbuf);

  /* The same checks as any document, then the two that make it this page, signed. */
  vt_document_check_frame (luma, width, height, width, vt_document_aspect_ratio ("a4"), &photo);
  if (photo.problem != VT_PHOTO_OK)
    {
      set_status (self, vt_photo_problem_message (photo.problem), TRUE);
      return;
    }
  vt_signed_page_check (luma, width, height, width,
                        vt_session_get_page_code (session, self->definition->signs), &page);
  /* One frame can miss the small code (the page moved, the light flickered): two more frames
   * are read before the person is told it cannot be seen. */
  if (page.result == VT_SIGNED_PAGE_NO_CODE && self->code_misses < 2 && self->camera != NULL)
    {
      self->code_misses++;
      vt_signed_page_verdict_clear (&page);
      self->busy = TRUE;
      update_buttons (self);
      set_status (self, _("Revisando la hoja…"), FALSE);
      self->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, 250, scan_again_cb,
                                               g_object_ref (self), g_object_unref);
      return;
    }
  if (page.result != VT_SIGNED_PAGE_OK)
    {
      set_status (self, vt_signed_page_message (page.result), TRUE);
      vt_signed_page_verdict_clear (&page);
      return;
    }
  vt_signed_page_verdict_clear (&page);

  if (!vt_session_store_capture (session, self->definition->signs, "image/jpeg", jpeg, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  vt_session_set_capture_camera (session, self->definition->signs, self->camera);
  /* What was taken stays on screen: the person sees the page the institute will get. */
  {
    g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

    if (self->camera != NULL)
      vt_camera_stop (self->camera);
    gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  }
  set_status (self, _("Hoja firmada recibida: se enviará esta hoja escaneada."), FALSE);
  gtk_button_set_label (GTK_BUTTON (self->scan_button), _("Escanear de nuevo"));
  vt_page_set_complete (VT_PAGE (self), TRUE);
}

void
vt_ink_signature_page_scan (VtInkSignaturePage *self)
{
  g_return_if_fail (VT_IS_INK_SIGNATURE_PAGE (self));

  if (vt_page_get_complete (VT_PAGE (self)))
    {
      /* A new scan: back to the live picture. */
      vt_session_clear_capture (vt_page_get_session (VT_PAGE (self)), self->definition->signs);
      vt_page_set_complete (VT_PAGE (self), FALSE);
      gtk_button_set_label (GTK_BUTTON (self->scan_button), _("Escanear la hoja firmada"));
      start_camera (self);
      set_status (self, NULL, FALSE);
      return;
    }
  if (self->camera == NULL)
    return;
  if (self->busy)
    return;
  self->busy = TRUE;
  self->code_misses = 0;
  update_buttons (self);
  set_status (self, _("Revisando la hoja…"), FALSE);
  capture_signed_page (self);
}

const char *
vt_ink_signature_page_get_status (VtInkSignaturePage *self)
{
  g_return_val_if_fail (VT_IS_INK_SIGNATURE_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status));
}

static void
draw_guide (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  VtInkSignaturePage *self = user_data;
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (self->picture));
  double frame_w, frame_h, scale, ox, oy;
  int gx, gy, gw, gh;

  if (paintable == NULL || vt_page_get_complete (VT_PAGE (self)))
    return;
  frame_w = gdk_paintable_get_intrinsic_width (paintable);
  frame_h = gdk_paintable_get_intrinsic_height (paintable);
  if (frame_w <= 0 || frame_h <= 0)
    return;
  /* Where the picture shows the frame (contained, centred), then the A4 guide inside it. */
  scale = MIN (width / frame_w, height / frame_h);
  ox = (width - frame_w * scale) / 2;
  oy = (height - frame_h * scale) / 2;
  vt_document_guide ((int)frame_w, (int)frame_h, vt_document_aspect_ratio ("a4"),
                     &gx, &gy, &gw, &gh);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 4);
  cairo_rectangle (cr, ox + gx * scale, oy + gy * scale, gw * scale, gh * scale);
  cairo_stroke (cr);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
vt_ink_signature_page_shown (VtPage *page)
{
  VtInkSignaturePage *self = VT_INK_SIGNATURE_PAGE (page);

  if (!vt_page_get_complete (page))
    start_camera (self);
}

static void
vt_ink_signature_page_hidden (VtPage *page)
{
  VtInkSignaturePage *self = VT_INK_SIGNATURE_PAGE (page);

  if (self->camera != NULL)
    {
      vt_camera_stop (self->camera);
      /* The other pages show the person to themselves, as in a mirror. */
      if (VT_IS_CAMERA_PAINTABLE (vt_camera_get_paintable (self->camera)))
        vt_camera_paintable_set_mirrored (
          VT_CAMERA_PAINTABLE (vt_camera_get_paintable (self->camera)), TRUE);
    }
}

static gboolean
vt_ink_signature_page_apply (VtPage *page)
{
  VtInkSignaturePage *self = VT_INK_SIGNATURE_PAGE (page);

  return vt_session_has_capture (vt_page_get_session (page), self->definition->signs);
}

static void
vt_ink_signature_page_dispose (GObject *object)
{
  VtInkSignaturePage *self = (VtInkSignaturePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->camera);
  G_OBJECT_CLASS (vt_ink_signature_page_parent_class)->dispose (object);
}

static void
vt_ink_signature_page_class_init (VtInkSignaturePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_ink_signature_page_dispose;
  VT_PAGE_CLASS (klass)->shown = vt_ink_signature_page_shown;
  VT_PAGE_CLASS (klass)->hidden = vt_ink_signature_page_hidden;
  VT_PAGE_CLASS (klass)->apply = vt_ink_signature_page_apply;
}

static void
vt_ink_signature_page_init (VtInkSignaturePage *self)
{
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
new_button (const char *label,
            const char *name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "capture-button");
  return button;
}

VtPage *
vt_ink_signature_page_new (VtSession       *session,
                           const VtPageDef *definition,
                           VtCamera        *camera)
{
  VtInkSignaturePage *self;
  GtkWidget *overlay;
  GtkWidget *steps;

  g_return_val_if_fail (definition->signs != NULL, NULL);

  self = g_object_new (VT_TYPE_INK_SIGNATURE_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  self->definition = definition;
  self->camera = camera ? g_object_ref (camera) : NULL;
  vt_page_set_description (VT_PAGE (self),
                           _("El IESS pide su firma manuscrita, con tinta. El quiosco imprime "
                             "su documento; fírmelo con bolígrafo dentro del recuadro y "
                             "muéstrelo a la cámara: se enviará la hoja firmada, escaneada."));

  steps = gtk_label_new (_("1. Imprima la hoja.  2. Fírmela dentro del recuadro.  3. Colóquela "
                           "completa dentro del marco y pulse «Escanear la hoja firmada»."));
  gtk_label_set_wrap (GTK_LABEL (steps), TRUE);
  gtk_label_set_xalign (GTK_LABEL (steps), 0);
  gtk_widget_add_css_class (steps, "body-text");
  vt_page_append (VT_PAGE (self), steps);

  self->print_button = new_button (_("Imprimir la hoja para firmar"), "ink-print");
  g_signal_connect_swapped (self->print_button, "clicked",
                            G_CALLBACK (vt_ink_signature_page_print), self);
  vt_page_append (VT_PAGE (self), self->print_button);

  overlay = gtk_overlay_new ();
  self->picture = gtk_picture_new ();
  gtk_widget_set_name (self->picture, "ink-preview");
  gtk_widget_set_size_request (self->picture, 640, 480);
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Vista de la cámara de documentos"), -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->picture);
  self->guide = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->guide, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->guide), draw_guide, self, NULL);
  gtk_widget_add_tick_callback (self->guide, tick_cb, NULL, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->guide);
  vt_page_append (VT_PAGE (self), overlay);

  self->scan_button = new_button (_("Escanear la hoja firmada"), "ink-scan");
  gtk_widget_add_css_class (self->scan_button, "suggested-action");
  g_signal_connect_swapped (self->scan_button, "clicked",
                            G_CALLBACK (vt_ink_signature_page_scan), self);
  vt_page_append (VT_PAGE (self), self->scan_button);

  self->status = gtk_label_new (NULL);
  gtk_widget_set_name (self->status, "ink-status");
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "body-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Estado de la hoja firmada"), -1);
  vt_page_append (VT_PAGE (self), self->status);
  gtk_widget_set_visible (self->status, FALSE);

  /* A page already printed in this session (the person came back) needs no new print. */
  self->printed = vt_session_has_capture (session, definition->signs);
  vt_page_set_complete (VT_PAGE (self), self->printed);
  update_buttons (self);
  return VT_PAGE (self);
}

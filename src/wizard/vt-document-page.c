/* vt-document-page.c — the scan of a document, of one page or of several joined in a PDF.
 *
 * The document goes inside a frame of its shape; the scan is taken by itself once it is sharp,
 * bright and free of glare for a second. A document of several pages (a passport, copies to
 * certify) keeps each page's JPEG in memory, shows them one by one, and stores them joined in
 * one PDF within the procedure's limit.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-document-page.h"

#include "documents/vt-pdf.h"
#include "vt-capture-page-private.h"

#include <glib/gi18n-lib.h>

/* After «Agregar otra página», time to turn the page before a picture is taken by itself. */
#define TURN_PAGE_USEC (3 * G_USEC_PER_SEC)

struct _VtDocumentPage
{
  VtCapturePage  parent_instance;

  /* A multi-page document: each page's JPEG, in order, kept in memory until they are joined
   * into the PDF the session stores. NULL for a document of one page. */
  GPtrArray     *scans;
  guint          scan_shown;
  gint64         hold_until;
  gboolean       joining;

  GtkWidget     *pages_box;
  GtkWidget     *pages_label;
  GtkWidget     *previous_button;
  GtkWidget     *next_button;
  GtkWidget     *add_button;
  GtkWidget     *remove_button;
  GtkWidget     *done_adding_button;
};

G_DEFINE_FINAL_TYPE (VtDocumentPage, vt_document_page, VT_TYPE_CAPTURE_PAGE)

static gboolean
is_multi_page (VtDocumentPage *self)
{
  return self->scans != NULL;
}

static void
vt_document_page_draw_guide (VtCapturePage         *page,
                             cairo_t               *cr,
                             const graphene_rect_t *r)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);
  const VtDocument *document = vt_capture_page_get_document (page);
  gboolean good = vt_capture_page_verdict_is_ok (page)
                  && g_get_monotonic_time () >= self->hold_until;
  int x, y, w, h;

  cairo_set_line_width (cr, 6);
  if (good)
    cairo_set_source_rgba (cr, 0.2, 0.82, 0.4, 0.95);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9);

  vt_document_guide ((int)r->size.width, (int)r->size.height,
                     vt_document_aspect_ratio (document->aspect), &x, &y, &w, &h);
  /* Darken what is outside the frame, so the document goes where it is bright. */
  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
  cairo_rectangle (cr, r->origin.x + x, r->origin.y + y, w, h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_rectangle (cr, r->origin.x + x, r->origin.y + y, w, h);
  cairo_stroke (cr);
}

static void
vt_document_page_set_analysis (VtCapturePage *page)
{
  vt_camera_set_analysis (vt_capture_page_get_camera (page), VT_ANALYSIS_DOCUMENT,
                          vt_document_aspect_ratio (vt_capture_page_get_document (page)->aspect));
}

static void
vt_document_page_analysed (VtCapturePage        *page,
                           const VtPhotoVerdict *verdict)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);

  if (self->joining)
    return;
  vt_capture_page_set_verdict (page, verdict);

  /* The same page is still in the frame right after «Agregar otra página»: wait for the turn. */
  if (g_get_monotonic_time () < self->hold_until)
    {
      vt_capture_page_hold (page);
      vt_capture_page_set_guidance (page, _("Ponga la página siguiente dentro del marco"), FALSE);
      return;
    }
  vt_capture_page_follow_verdict (page, _("Muy bien. Sostenga el documento quieto."));
}

/* The review of a multi-page document: the page shown, where it is, and what can be done. */
static void
show_scan (VtDocumentPage *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *where = NULL;
  guint n = self->scans->len;

  gtk_widget_set_visible (self->pages_box, n > 0);
  gtk_widget_set_visible (self->add_button, n > 0);
  gtk_widget_set_visible (self->remove_button, n > 1);
  gtk_widget_set_visible (self->done_adding_button, FALSE);
  if (n == 0)
    return;
  self->scan_shown = MIN (self->scan_shown, n - 1);
  texture = gdk_texture_new_from_bytes (g_ptr_array_index (self->scans, self->scan_shown), NULL);
  gtk_picture_set_paintable (GTK_PICTURE (vt_capture_page_get_picture (VT_CAPTURE_PAGE (self))),
                             GDK_PAINTABLE (texture));
  where = g_strdup_printf (_("Página %u de %u"),
                           self->scan_shown + 1, n);
  gtk_label_set_text (GTK_LABEL (self->pages_label), where);
  gtk_widget_set_sensitive (self->previous_button, self->scan_shown > 0);
  gtk_widget_set_sensitive (self->next_button, self->scan_shown + 1 < n);
}

static void
vt_document_page_show_result (VtCapturePage *page)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (is_multi_page (self) && self->scans->len > 0)
    {
      show_scan (self);
      return;
    }
  data = vt_session_read_capture (session, vt_capture_page_get_document (page)->id, NULL);
  texture = data ? gdk_texture_new_from_bytes (data, NULL) : NULL;
  gtk_picture_set_paintable (GTK_PICTURE (vt_capture_page_get_picture (page)),
                             GDK_PAINTABLE (texture));
}

static void
vt_document_page_show_live (VtCapturePage *page)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);

  if (!is_multi_page (self))
    return;
  gtk_widget_set_visible (self->pages_box, FALSE);
  gtk_widget_set_visible (self->add_button, FALSE);
  gtk_widget_set_visible (self->remove_button, FALSE);
  gtk_widget_set_visible (self->done_adding_button, FALSE);
}

static char *
vt_document_page_saved_message (VtCapturePage *page,
                                const char    *size_text)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);

  if (is_multi_page (self) && self->scans->len > 1)
    return g_strdup_printf (_("Documento de %u páginas en un PDF (%s). Revise que se lean "
                              "bien."), self->scans->len, size_text);
  return VT_CAPTURE_PAGE_CLASS (vt_document_page_parent_class)->saved_message (page, size_text);
}

static void
vt_document_page_retake (VtCapturePage *page)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);

  if (self->scans != NULL)
    g_ptr_array_set_size (self->scans, 0);
  self->hold_until = 0;
}

static void
join_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *scans = task_data;
  gsize max_bytes = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "max-bytes"));
  GError *error = NULL;
  GBytes *pdf = vt_pdf_from_jpegs (scans, max_bytes, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify)g_bytes_unref);
}

static void
join_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (object);
  VtCapturePage *page = VT_CAPTURE_PAGE (object);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  const VtDocument *document = vt_capture_page_get_document (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_task_propagate_pointer (G_TASK (result), &error);

  self->joining = FALSE;
  if (pdf == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      vt_session_clear_capture (session, document->id);
      vt_page_set_complete (VT_PAGE (self), FALSE);
      vt_capture_page_show_result (page);
      vt_capture_page_set_status (page, error->message, TRUE);
      return;
    }
  if (!vt_session_store_capture (session, document->id, "application/pdf", pdf, &error))
    {
      vt_capture_page_set_status (page, error->message, TRUE);
      return;
    }
  vt_session_set_capture_camera (session, document->id, vt_capture_page_get_camera (page));
  vt_capture_page_check_size (page);
  vt_capture_page_show_result (page);
}

/* Stores what the pages make: nothing, one JPEG as any scan, or one PDF of them all, whose
 * size is brought within the limit in a thread. */
static void
store_scans (VtDocumentPage *self)
{
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  const VtDocument *document = vt_capture_page_get_document (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy;

  if (self->scans->len == 0)
    {
      vt_session_clear_capture (session, document->id);
      vt_page_set_complete (VT_PAGE (self), FALSE);
      vt_capture_page_set_status (page, NULL, FALSE);
      vt_capture_page_show_live (page);
      return;
    }
  if (self->scans->len == 1)
    {
      if (!vt_session_store_capture (session, document->id, "image/jpeg",
                                     g_ptr_array_index (self->scans, 0), &error))
        {
          vt_capture_page_set_status (page, error->message, TRUE);
          return;
        }
      vt_session_set_capture_camera (session, document->id, vt_capture_page_get_camera (page));
      vt_capture_page_check_size (page);
      vt_capture_page_show_result (page);
      return;
    }

  self->joining = TRUE;
  vt_page_set_complete (VT_PAGE (self), FALSE);
  vt_capture_page_set_status (page, _("Uniendo las páginas en un solo documento…"), FALSE);
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  for (guint i = 0; i < self->scans->len; i++)
    g_ptr_array_add (copy, g_bytes_ref (g_ptr_array_index (self->scans, i)));
  task = g_task_new (self, vt_capture_page_get_cancellable (page), join_done_cb, NULL);
  g_task_set_source_tag (task, store_scans);
  g_task_set_task_data (task, copy, (GDestroyNotify)g_ptr_array_unref);
  g_object_set_data (G_OBJECT (task), "max-bytes",
                     GSIZE_TO_POINTER ((gsize)document->max_bytes));
  g_task_run_in_thread (task, join_thread);
}

static void
vt_document_page_photo_taken (VtCapturePage *page,
                              GBytes        *jpeg)
{
  VtDocumentPage *self = VT_DOCUMENT_PAGE (page);
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  g_autoptr(GError) error = NULL;

  if (is_multi_page (self))
    {
      g_ptr_array_add (self->scans, g_bytes_ref (jpeg));
      self->scan_shown = self->scans->len - 1;
      /* The page taken is shown at once, while the pages are joined: nothing more is taken. */
      vt_capture_page_leave_live (page);
      self->hold_until = 0;
      show_scan (self);
      gtk_widget_set_visible (vt_capture_page_get_capture_button (page), FALSE);
      gtk_widget_set_visible (self->add_button, FALSE);
      gtk_widget_set_visible (self->remove_button, FALSE);
      vt_capture_page_set_guidance (page, NULL, FALSE);
      store_scans (self);
      return;
    }
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
add_page_clicked_cb (VtDocumentPage *self)
{
  g_autofree char *text = g_strdup_printf (_("Página %u: ponga la siguiente página dentro del "
                                             "marco."), self->scans->len + 1);

  /* The pages taken so far stay stored: the person may still go on without another one. */
  self->hold_until = g_get_monotonic_time () + TURN_PAGE_USEC;
  vt_capture_page_forget_verdict (VT_CAPTURE_PAGE (self));
  vt_capture_page_show_live (VT_CAPTURE_PAGE (self));
  gtk_widget_set_visible (self->done_adding_button, TRUE);
  vt_capture_page_set_status (VT_CAPTURE_PAGE (self), text, FALSE);
}

static void
done_adding_clicked_cb (VtDocumentPage *self)
{
  self->hold_until = 0;
  vt_capture_page_check_size (VT_CAPTURE_PAGE (self));
  vt_capture_page_show_result (VT_CAPTURE_PAGE (self));
}

static void
remove_page_clicked_cb (VtDocumentPage *self)
{
  if (self->joining || self->scan_shown >= self->scans->len)
    return;
  g_ptr_array_remove_index (self->scans, self->scan_shown);
  if (self->scan_shown > 0 && self->scan_shown >= self->scans->len)
    self->scan_shown--;
  store_scans (self);
}

static void
previous_page_clicked_cb (VtDocumentPage *self)
{
  if (self->scan_shown > 0)
    self->scan_shown--;
  show_scan (self);
}

static void
next_page_clicked_cb (VtDocumentPage *self)
{
  if (self->scan_shown + 1 < self->scans->len)
    self->scan_shown++;
  show_scan (self);
}

static void
vt_document_page_dispose (GObject *object)
{
  VtDocumentPage *self = (VtDocumentPage *)object;

  g_clear_pointer (&self->scans, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_document_page_parent_class)->dispose (object);
}

static void
vt_document_page_class_init (VtDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VtCapturePageClass *capture_class = VT_CAPTURE_PAGE_CLASS (klass);

  object_class->dispose = vt_document_page_dispose;
  capture_class->draw_guide = vt_document_page_draw_guide;
  capture_class->set_analysis = vt_document_page_set_analysis;
  capture_class->analysed = vt_document_page_analysed;
  capture_class->photo_taken = vt_document_page_photo_taken;
  capture_class->show_live = vt_document_page_show_live;
  capture_class->show_result = vt_document_page_show_result;
  capture_class->retake = vt_document_page_retake;
  capture_class->saved_message = vt_document_page_saved_message;
}

static void
vt_document_page_init (VtDocumentPage *self)
{
}

/* Where the pages are and how to move between them, above the buttons. */
static GtkWidget *
build_pages_box (VtDocumentPage *self)
{
  self->pages_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->previous_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  self->next_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_name (self->previous_button, "previous-page");
  gtk_widget_set_name (self->next_button, "next-page");
  gtk_widget_set_size_request (self->previous_button, 64, 64);
  gtk_widget_set_size_request (self->next_button, 64, 64);
  gtk_widget_set_valign (self->previous_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->next_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Página anterior"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Página siguiente"), -1);
  self->pages_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->pages_label, "pages");
  gtk_widget_set_hexpand (self->pages_label, TRUE);
  gtk_widget_add_css_class (self->pages_label, "title-4");
  gtk_box_append (GTK_BOX (self->pages_box), self->previous_button);
  gtk_box_append (GTK_BOX (self->pages_box), self->pages_label);
  gtk_box_append (GTK_BOX (self->pages_box), self->next_button);
  gtk_widget_set_visible (self->pages_box, FALSE);
  g_signal_connect_swapped (self->previous_button, "clicked",
                            G_CALLBACK (previous_page_clicked_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked",
                            G_CALLBACK (next_page_clicked_cb), self);
  return self->pages_box;
}

VtPage *
vt_document_page_new (VtSession       *session,
                      const VtPageDef *definition,
                      VtCamera        *camera)
{
  VtDocumentPage *self;
  VtCapturePage *page;
  GtkWidget *layout;
  GtkWidget *column;
  GtkWidget *side;
  GtkWidget *buttons;
  GtkWidget *preview;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_DOCUMENT_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  page = VT_CAPTURE_PAGE (self);
  vt_capture_page_setup (page, definition, camera);
  if (vt_capture_page_get_document (page)->multi_page)
    self->scans = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  /* The preview beside a column with the buttons and the status. */
  layout = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (layout), column);
  preview = vt_capture_page_get_preview (page);
  gtk_widget_set_size_request (vt_capture_page_get_picture (page), 400, 300);
  gtk_widget_set_hexpand (preview, TRUE);
  gtk_box_append (GTK_BOX (column), preview);

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_widget_set_size_request (side, 240, -1);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (layout), side);
  buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  if (is_multi_page (self))
    gtk_box_append (GTK_BOX (buttons), build_pages_box (self));
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_capture_button (page));
  if (is_multi_page (self))
    {
      self->add_button = vt_capture_page_new_button (_("Agregar otra página"), "add-page",
                                                     "suggested-action");
      self->remove_button = vt_capture_page_new_button (_("Quitar esta página"), "remove-page",
                                                        NULL);
      self->done_adding_button = vt_capture_page_new_button (_("No agregar más páginas"),
                                                             "done-adding", NULL);
      g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_page_clicked_cb),
                                self);
      g_signal_connect_swapped (self->remove_button, "clicked",
                                G_CALLBACK (remove_page_clicked_cb), self);
      g_signal_connect_swapped (self->done_adding_button, "clicked",
                                G_CALLBACK (done_adding_clicked_cb), self);
      gtk_box_append (GTK_BOX (buttons), self->add_button);
      gtk_box_append (GTK_BOX (buttons), self->done_adding_button);
      gtk_box_append (GTK_BOX (buttons), self->remove_button);
    }
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_retake_button (page));
  gtk_box_append (GTK_BOX (side), buttons);
  gtk_box_append (GTK_BOX (side), vt_capture_page_get_status (page));
  vt_page_append (VT_PAGE (self), layout);

  vt_capture_page_show_live (page);
  return VT_PAGE (self);
}

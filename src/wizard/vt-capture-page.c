/* vt-capture-page.c — preview, status and buttons shared by the photo, document and video pages.
 *
 * Photos and scans are judged live on the camera's throttled analysis branch: one short
 * instruction at a time over the preview, and the picture is taken by itself once every check
 * has held for a second. The verdicts themselves live in src/capture/; the pages only show them.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-capture-page-private.h"

#include "vt-document-page.h"
#include "vt-photo-page.h"
#include "vt-video-page.h"

#include <glib/gi18n-lib.h>

#define HOLD_USEC (1 * G_USEC_PER_SEC)

typedef struct
{
  const VtDocument *document;
  VtCamera         *camera;
  GCancellable     *cancellable;
  gulong            failed_handler;
  gulong            analysed_handler;
  guint             retry_source;
  gboolean          camera_failed;
  gboolean          live;
  gboolean          capturing;

  /* The newest verdict of the analysis branch, and since when it has been good. */
  gboolean          have_verdict;
  VtPhotoVerdict    verdict;
  gint64            ok_since;
  /* The problem the instruction names, and the one before the newest verdict's: a
   * different problem replaces the instruction only when two verdicts in a row say it. */
  VtPhotoProblem    shown_problem;
  VtPhotoProblem    previous_problem;

  GtkWidget        *preview;
  GtkWidget        *overlay;
  GtkWidget        *picture;
  GtkWidget        *guide;
  GtkWidget        *guidance;
  GtkWidget        *countdown;
  GtkWidget        *status;
  GtkWidget        *capture_button;
  GtkWidget        *retake_button;
} VtCapturePagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VtCapturePage, vt_capture_page, VT_TYPE_PAGE)

#define PRIV(self) ((VtCapturePagePrivate *)vt_capture_page_get_instance_private (self))

const VtDocument *
vt_capture_page_get_document (VtCapturePage *self)
{
  return PRIV (self)->document;
}

VtCamera *
vt_capture_page_get_camera (VtCapturePage *self)
{
  return PRIV (self)->camera;
}

GCancellable *
vt_capture_page_get_cancellable (VtCapturePage *self)
{
  return PRIV (self)->cancellable;
}

gboolean
vt_capture_page_is_live (VtCapturePage *self)
{
  return PRIV (self)->live;
}

gboolean
vt_capture_page_is_camera_failed (VtCapturePage *self)
{
  return PRIV (self)->camera_failed;
}

GtkWidget *
vt_capture_page_get_preview (VtCapturePage *self)
{
  return PRIV (self)->preview;
}

GtkWidget *
vt_capture_page_get_picture (VtCapturePage *self)
{
  return PRIV (self)->picture;
}

GtkWidget *
vt_capture_page_get_status (VtCapturePage *self)
{
  return PRIV (self)->status;
}

GtkWidget *
vt_capture_page_get_capture_button (VtCapturePage *self)
{
  return PRIV (self)->capture_button;
}

GtkWidget *
vt_capture_page_get_retake_button (VtCapturePage *self)
{
  return PRIV (self)->retake_button;
}

GtkWidget *
vt_capture_page_get_countdown (VtCapturePage *self)
{
  return PRIV (self)->countdown;
}

void
vt_capture_page_add_overlay (VtCapturePage *self,
                             GtkWidget     *overlay)
{
  gtk_overlay_add_overlay (GTK_OVERLAY (PRIV (self)->overlay), overlay);
}

void
vt_capture_page_queue_draw_guide (VtCapturePage *self)
{
  gtk_widget_queue_draw (PRIV (self)->guide);
}

void
vt_capture_page_set_status (VtCapturePage *self,
                            const char    *text,
                            gboolean       is_error)
{
  VtCapturePagePrivate *priv = PRIV (self);

  gtk_label_set_text (GTK_LABEL (priv->status), text);
  if (is_error)
    gtk_widget_add_css_class (priv->status, "field-error");
  else
    gtk_widget_remove_css_class (priv->status, "field-error");
}

void
vt_capture_page_set_guidance (VtCapturePage *self,
                              const char    *text,
                              gboolean       good)
{
  VtCapturePagePrivate *priv = PRIV (self);

  gtk_label_set_text (GTK_LABEL (priv->guidance), text);
  gtk_widget_set_visible (priv->guidance, text != NULL && *text != '\0');
  if (good)
    gtk_widget_add_css_class (priv->guidance, "good");
  else
    gtk_widget_remove_css_class (priv->guidance, "good");
}

/* The rectangle the picture's content occupies inside the overlay (content-fit contain). */
static void
content_rect (VtCapturePage   *self,
              int              width,
              int              height,
              graphene_rect_t *rect)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (PRIV (self)->picture));
  double aspect = paintable ? gdk_paintable_get_intrinsic_aspect_ratio (paintable) : 0;
  double w = width, h = height;

  if (aspect <= 0)
    aspect = 4.0 / 3.0;
  if (w / h > aspect)
    w = h * aspect;
  else
    h = w / aspect;
  graphene_rect_init (rect, (width - w) / 2, (height - h) / 2, w, h);
}

static void
draw_guide (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  VtCapturePage *self = user_data;
  VtCapturePageClass *klass = VT_CAPTURE_PAGE_GET_CLASS (self);
  graphene_rect_t r;

  if (!PRIV (self)->live || klass->draw_guide == NULL)
    return;
  content_rect (self, width, height, &r);
  klass->draw_guide (self, cr, &r);
}

void
vt_capture_page_show_live (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtCapturePageClass *klass = VT_CAPTURE_PAGE_GET_CLASS (self);

  priv->live = TRUE;
  priv->ok_since = 0;
  priv->shown_problem = VT_PHOTO_OK;
  priv->previous_problem = VT_PHOTO_OK;
  gtk_picture_set_paintable (GTK_PICTURE (priv->picture), vt_camera_get_paintable (priv->camera));
  gtk_widget_set_visible (priv->capture_button, TRUE);
  gtk_widget_set_visible (priv->retake_button, FALSE);
  gtk_widget_set_visible (priv->countdown, FALSE);
  if (klass->show_live != NULL)
    klass->show_live (self);
  gtk_widget_queue_draw (priv->guide);
}

void
vt_capture_page_show_result (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  priv->live = FALSE;
  VT_CAPTURE_PAGE_GET_CLASS (self)->show_result (self);
  vt_capture_page_set_guidance (self, NULL, FALSE);
  gtk_widget_set_visible (priv->countdown, FALSE);
  gtk_widget_set_visible (priv->capture_button, FALSE);
  gtk_widget_set_visible (priv->retake_button, TRUE);
  gtk_widget_queue_draw (priv->guide);
}

void
vt_capture_page_leave_live (VtCapturePage *self)
{
  PRIV (self)->live = FALSE;
  gtk_widget_queue_draw (PRIV (self)->guide);
}

gboolean
vt_capture_page_check_size (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  gint64 size = vt_session_get_capture_size (session, priv->document->id);
  g_autofree char *size_text = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *message = NULL;

  if (size <= 0)
    {
      vt_session_clear_capture (session, priv->document->id);
      vt_capture_page_set_status (self, _("No se pudo guardar la captura. Inténtelo de nuevo."),
                                  TRUE);
      return FALSE;
    }
  size_text = g_format_size_full (size, G_FORMAT_SIZE_DEFAULT);
  if (size > priv->document->max_bytes)
    {
      limit = g_format_size_full (priv->document->max_bytes, G_FORMAT_SIZE_DEFAULT);
      message = g_strdup_printf (_("El archivo pesa %s y el IESS acepta hasta %s. Repita la "
                                   "captura."), size_text, limit);
      vt_capture_page_set_status (self, message, TRUE);
      vt_session_clear_capture (session, priv->document->id);
      return FALSE;
    }

  message = VT_CAPTURE_PAGE_GET_CLASS (self)->saved_message (self, size_text);
  vt_capture_page_set_status (self, message, FALSE);
  vt_page_set_complete (VT_PAGE (self), TRUE);
  return TRUE;
}

void
vt_capture_page_set_verdict (VtCapturePage        *self,
                             const VtPhotoVerdict *verdict)
{
  VtCapturePagePrivate *priv = PRIV (self);

  priv->have_verdict = TRUE;
  priv->verdict = *verdict;
  gtk_widget_queue_draw (priv->guide);
}

void
vt_capture_page_forget_verdict (VtCapturePage *self)
{
  PRIV (self)->have_verdict = FALSE;
}

gboolean
vt_capture_page_verdict_is_ok (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  return priv->have_verdict && priv->verdict.problem == VT_PHOTO_OK;
}

void
vt_capture_page_hold (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  priv->ok_since = 0;
  gtk_widget_set_visible (priv->countdown, FALSE);
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtCapturePage) self = user_data;
  VtCapturePagePrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;

  priv->capturing = FALSE;
  gtk_widget_set_sensitive (priv->capture_button, TRUE);
  jpeg = vt_camera_capture_jpeg_finish (VT_CAMERA (object), result, &error);
  if (jpeg == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vt_capture_page_set_status (self, error->message, TRUE);
      return;
    }
  VT_CAPTURE_PAGE_GET_CLASS (self)->photo_taken (self, jpeg);
}

void
vt_capture_page_take_photo (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  if (priv->capturing)
    return;
  priv->capturing = TRUE;
  gtk_widget_set_sensitive (priv->capture_button, FALSE);
  gtk_widget_set_visible (priv->countdown, FALSE);
  vt_capture_page_set_status (self, _("Tomando la foto…"), FALSE);
  /* The very frame whose verdict passed, not whatever the camera shows a moment later. */
  vt_camera_capture_judged_jpeg_async (priv->camera,
                                       priv->have_verdict && priv->verdict.problem == VT_PHOTO_OK
                                       ? priv->verdict.frame : 0,
                                       (gsize)priv->document->max_bytes,
                                       priv->cancellable, capture_done_cb, g_object_ref (self));
}

void
vt_capture_page_follow_verdict (VtCapturePage *self,
                                const char    *steady_message)
{
  VtCapturePagePrivate *priv = PRIV (self);
  gint64 now = g_get_monotonic_time ();

  if (priv->verdict.problem != VT_PHOTO_OK)
    {
      vt_capture_page_hold (self);
      /* One noisy frame (a card's small photo missed for an instant) must not make the
       * instruction flicker between two messages: the person reads it while moving. */
      if (priv->shown_problem == VT_PHOTO_OK || priv->verdict.problem == priv->previous_problem)
        priv->shown_problem = priv->verdict.problem;
      priv->previous_problem = priv->verdict.problem;
      vt_capture_page_set_guidance (self, vt_photo_problem_message (priv->shown_problem),
                                    FALSE);
      return;
    }
  priv->shown_problem = VT_PHOTO_OK;
  priv->previous_problem = VT_PHOTO_OK;

  /* Every check holds: count the second down, then take the picture by itself. */
  if (priv->ok_since == 0)
    priv->ok_since = now;
  if (now - priv->ok_since >= HOLD_USEC)
    {
      vt_capture_page_set_guidance (self, _("¡Listo!"), TRUE);
      vt_capture_page_take_photo (self);
    }
  else
    {
      g_autofree char *number = g_strdup_printf ("%d",
                                                 (int)((HOLD_USEC - (now - priv->ok_since))
                                                       * 3 / HOLD_USEC) + 1);

      vt_capture_page_set_guidance (self, steady_message, TRUE);
      gtk_label_set_text (GTK_LABEL (priv->countdown), number);
      gtk_widget_set_visible (priv->countdown, TRUE);
    }
}

static void
analysed_cb (VtCapturePage        *self,
             const VtPhotoVerdict *verdict)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtCapturePageClass *klass = VT_CAPTURE_PAGE_GET_CLASS (self);

  if (!priv->live || priv->camera_failed || klass->analysed == NULL)
    return;
  klass->analysed (self, verdict);
}

/* Nothing is taken that would be refused: the button says what is still wrong. */
static void
vt_capture_page_real_capture (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  if (!priv->have_verdict)
    {
      vt_capture_page_set_status (self, _("Espere un momento: se está revisando la imagen."),
                                  FALSE);
      return;
    }
  if (priv->verdict.problem != VT_PHOTO_OK)
    {
      vt_capture_page_set_status (self, vt_photo_problem_message (priv->verdict.problem), TRUE);
      return;
    }
  vt_capture_page_take_photo (self);
}

static char *
vt_capture_page_real_saved_message (VtCapturePage *self,
                                    const char    *size_text)
{
  return g_strdup_printf (_("Captura guardada (%s). Revise que se lea bien."), size_text);
}

static const char *
vt_capture_page_real_capture_label (VtCapturePage *self)
{
  return _("Tomar foto");
}

static void
camera_changed (VtCapturePage *self)
{
  VtCapturePageClass *klass = VT_CAPTURE_PAGE_GET_CLASS (self);

  if (klass->camera_changed != NULL)
    klass->camera_changed (self);
}

/* Starts the camera for this step; a video step also needs the microphone: without one the
 * step is out of service, as it is without a camera, until one answers. */
static gboolean
start_camera (VtCapturePage  *self,
              GError        **error)
{
  VtCapturePagePrivate *priv = PRIV (self);

  if (!vt_camera_start (priv->camera, error))
    return FALSE;
  if (VT_IS_VIDEO_PAGE (self) && vt_camera_is_microphone_missing (priv->camera))
    {
      vt_camera_stop (priv->camera);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_MICROPHONE,
                           _("Este quiosco no tiene un micrófono que funcione: el video no se "
                             "puede grabar ahora. Avise al personal."));
      return FALSE;
    }
  return TRUE;
}

/* The camera answers again: back to where the person was. */
static void
camera_back (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  priv->camera_failed = FALSE;
  g_clear_handle_id (&priv->retry_source, g_source_remove);
  gtk_button_set_label (GTK_BUTTON (priv->capture_button),
                        VT_CAPTURE_PAGE_GET_CLASS (self)->capture_label (self));
  if (vt_session_has_capture (session, priv->document->id))
    vt_capture_page_show_result (self);
  else
    vt_capture_page_show_live (self);
  vt_capture_page_set_status (self, _("La cámara volvió. Puede continuar."), FALSE);
}

/* A camera pulled out and plugged back in comes back by itself, without a button. */
static gboolean
retry_camera_cb (gpointer user_data)
{
  VtCapturePage *self = user_data;
  VtCapturePagePrivate *priv = PRIV (self);

  if (!priv->camera_failed)
    {
      priv->retry_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (!start_camera (self, NULL))
    return G_SOURCE_CONTINUE;
  priv->retry_source = 0;
  camera_back (self);
  return G_SOURCE_REMOVE;
}

static void
camera_failed_cb (VtCapturePage *self,
                  const char    *message)
{
  VtCapturePagePrivate *priv = PRIV (self);

  vt_capture_page_set_status (self, message, TRUE);
  vt_capture_page_set_guidance (self, NULL, FALSE);
  priv->camera_failed = TRUE;
  priv->capturing = FALSE;
  gtk_widget_set_visible (priv->capture_button, TRUE);
  gtk_widget_set_visible (priv->countdown, FALSE);
  gtk_widget_set_sensitive (priv->capture_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (priv->capture_button), _("Reintentar"));
  camera_changed (self);
  if (priv->retry_source == 0)
    priv->retry_source = g_timeout_add_seconds (2, retry_camera_cb, self);
}

static void
capture_clicked_cb (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);

  /* After a failure the same button brings the camera back: never a dead end. */
  if (priv->camera_failed)
    {
      g_autoptr(GError) error = NULL;

      if (!start_camera (self, &error))
        {
          /* A camera that is not answering may only need its cable; the other reasons
           * (no microphone, only the demonstration camera) are said as they are. */
          if (g_error_matches (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA)
              || g_error_matches (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_PIPELINE))
            vt_capture_page_set_status (self, _("La cámara aún no responde. Revise que su "
                                                "cable esté bien conectado: la imagen volverá "
                                                "sola en cuanto responda."), TRUE);
          else
            vt_capture_page_set_status (self, error->message, TRUE);
          return;
        }
      camera_back (self);
      return;
    }
  VT_CAPTURE_PAGE_GET_CLASS (self)->capture (self);
}

static void
retake_clicked_cb (VtCapturePage *self)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtCapturePageClass *klass = VT_CAPTURE_PAGE_GET_CLASS (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  vt_session_clear_capture (session, priv->document->id);
  vt_page_set_complete (VT_PAGE (self), FALSE);
  vt_capture_page_set_status (self, NULL, FALSE);
  priv->have_verdict = FALSE;
  if (klass->retake != NULL)
    klass->retake (self);
  vt_capture_page_show_live (self);
}

static void
vt_capture_page_shown (VtPage *page)
{
  VtCapturePage *self = VT_CAPTURE_PAGE (page);
  VtCapturePagePrivate *priv = PRIV (self);
  VtSession *session = vt_page_get_session (page);
  gboolean existing = vt_session_has_capture (session, priv->document->id);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->have_verdict = FALSE;
  priv->capturing = FALSE;
  priv->shown_problem = VT_PHOTO_OK;
  priv->previous_problem = VT_PHOTO_OK;

  VT_CAPTURE_PAGE_GET_CLASS (self)->set_analysis (self);
  vt_camera_set_listening (priv->camera, VT_IS_VIDEO_PAGE (self));
  if (!start_camera (self, &error))
    camera_failed_cb (self, error->message);
  else if (priv->camera_failed)
    {
      /* It failed while the person was elsewhere and answers again now. */
      priv->camera_failed = FALSE;
      gtk_button_set_label (GTK_BUTTON (priv->capture_button),
                            VT_CAPTURE_PAGE_GET_CLASS (self)->capture_label (self));
      vt_capture_page_set_status (self, NULL, FALSE);
    }

  if (existing)
    vt_capture_page_show_result (self);
  else
    vt_capture_page_show_live (self);
  vt_page_set_complete (page, existing);
}

static void
vt_capture_page_hidden (VtPage *page)
{
  VtCapturePage *self = VT_CAPTURE_PAGE (page);
  VtCapturePagePrivate *priv = PRIV (self);

  if (vt_camera_is_recording (priv->camera))
    vt_camera_stop_recording (priv->camera);
  vt_camera_set_analysis (priv->camera, VT_ANALYSIS_NONE, 0);
  g_clear_handle_id (&priv->retry_source, g_source_remove);
}

static void
vt_capture_page_dispose (GObject *object)
{
  VtCapturePage *self = (VtCapturePage *)object;
  VtCapturePagePrivate *priv = PRIV (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_handle_id (&priv->retry_source, g_source_remove);
  if (priv->camera != NULL)
    {
      g_clear_signal_handler (&priv->failed_handler, priv->camera);
      g_clear_signal_handler (&priv->analysed_handler, priv->camera);
    }
  g_clear_object (&priv->camera);

  G_OBJECT_CLASS (vt_capture_page_parent_class)->dispose (object);
}

static void
vt_capture_page_class_init (VtCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VtPageClass *page_class = VT_PAGE_CLASS (klass);

  object_class->dispose = vt_capture_page_dispose;
  page_class->shown = vt_capture_page_shown;
  page_class->hidden = vt_capture_page_hidden;
  klass->capture = vt_capture_page_real_capture;
  klass->saved_message = vt_capture_page_real_saved_message;
  klass->capture_label = vt_capture_page_real_capture_label;
}

static void
vt_capture_page_init (VtCapturePage *self)
{
}

GtkWidget *
vt_capture_page_new_button (const char *label,
                            const char *name,
                            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "capture-button");
  if (css_class)
    gtk_widget_add_css_class (button, css_class);
  return button;
}

void
vt_capture_page_setup (VtCapturePage   *self,
                       const VtPageDef *definition,
                       VtCamera        *camera)
{
  VtCapturePagePrivate *priv = PRIV (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  VtProcedure *procedure = vt_session_get_procedure (session);
  GtkWidget *stack_box;
  const char *description;

  priv->document = vt_procedure_find_document (procedure, definition->document);
  priv->camera = g_object_ref (camera);

  description = definition->description ? definition->description : priv->document->description;
  vt_page_set_description (VT_PAGE (self), vt_procedure_tr (description));
  vt_page_set_spoken_guidance (VT_PAGE (self), vt_procedure_tr (description));
  vt_page_set_maximum_width (VT_PAGE (self), 1400);

  priv->preview = gtk_frame_new (NULL);
  gtk_widget_add_css_class (priv->preview, "camera-frame");
  priv->picture = gtk_picture_new ();
  gtk_widget_set_name (priv->picture, "camera-picture");
  gtk_picture_set_can_shrink (GTK_PICTURE (priv->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (priv->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Imagen de la cámara"), -1);

  /* Guide, instruction and countdown are drawn over the preview, where the person looks. */
  priv->overlay = gtk_overlay_new ();
  stack_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (stack_box), priv->picture);
  gtk_widget_set_vexpand (priv->picture, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (priv->overlay), stack_box);
  priv->guide = gtk_drawing_area_new ();
  gtk_widget_set_can_target (priv->guide, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (priv->guide), draw_guide, self, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (priv->overlay), priv->guide);
  priv->guidance = gtk_label_new (NULL);
  gtk_widget_set_name (priv->guidance, "guidance");
  gtk_widget_add_css_class (priv->guidance, "capture-guidance");
  gtk_widget_set_halign (priv->guidance, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (priv->guidance, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (priv->guidance, 16);
  gtk_widget_set_can_target (priv->guidance, FALSE);
  gtk_widget_set_visible (priv->guidance, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->guidance),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Indicación"), -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (priv->overlay), priv->guidance);
  priv->countdown = gtk_label_new (NULL);
  gtk_widget_set_name (priv->countdown, "countdown");
  gtk_widget_add_css_class (priv->countdown, "capture-countdown");
  gtk_widget_set_halign (priv->countdown, GTK_ALIGN_END);
  gtk_widget_set_valign (priv->countdown, GTK_ALIGN_START);
  gtk_widget_set_margin_top (priv->countdown, 12);
  gtk_widget_set_margin_end (priv->countdown, 20);
  gtk_widget_set_can_target (priv->countdown, FALSE);
  gtk_widget_set_visible (priv->countdown, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (priv->overlay), priv->countdown);
  gtk_frame_set_child (GTK_FRAME (priv->preview), priv->overlay);

  priv->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (priv->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (priv->status), 0);
  gtk_widget_add_css_class (priv->status, "capture-status");
  gtk_widget_set_name (priv->status, "capture-status");
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Estado de la captura"), -1);

  priv->capture_button = vt_capture_page_new_button (VT_CAPTURE_PAGE_GET_CLASS (self)
                                                       ->capture_label (self),
                                                     "capture", "suggested-action");
  priv->retake_button = vt_capture_page_new_button (_("Tomar otra vez"), "retake", NULL);
  g_signal_connect_swapped (priv->capture_button, "clicked", G_CALLBACK (capture_clicked_cb),
                            self);
  g_signal_connect_swapped (priv->retake_button, "clicked", G_CALLBACK (retake_clicked_cb),
                            self);

  priv->failed_handler = g_signal_connect_swapped (camera, "failed",
                                                   G_CALLBACK (camera_failed_cb), self);
  priv->analysed_handler = g_signal_connect_swapped (camera, "analysed",
                                                     G_CALLBACK (analysed_cb), self);
}

VtPage *
vt_capture_page_new (VtSession       *session,
                     const VtPageDef *definition,
                     VtCamera        *camera)
{
  VtProcedure *procedure;
  const VtDocument *document;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  procedure = vt_session_get_procedure (session);
  document = vt_procedure_find_document (procedure, definition->document);
  g_return_val_if_fail (document != NULL, NULL);

  switch (document->kind)
    {
    case VT_DOCUMENT_VIDEO:
      return vt_video_page_new (session, definition, camera);
    case VT_DOCUMENT_PHOTO:
      return vt_photo_page_new (session, definition, camera);
    default:
      return vt_document_page_new (session, definition, camera);
    }
}

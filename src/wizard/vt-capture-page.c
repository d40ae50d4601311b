/* vt-capture-page.c — preview, capture and review of one document, photo or video.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-capture-page.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define MAX_VIDEO_SECONDS 60

struct _VtCapturePage
{
  VtPage            parent_instance;

  const VtPageDef  *definition;
  const VtDocument *document;
  VtCamera         *camera;
  GCancellable     *cancellable;
  GOutputStream    *recording;
  gulong            failed_handler;
  guint             tick;
  gint64            record_started;
  gboolean          camera_failed;

  GtkWidget        *prompter;
  GtkWidget        *meaning;
  GtkWidget        *picture;
  GtkWidget        *status;
  GtkWidget        *capture_button;
  GtkWidget        *stop_button;
  GtkWidget        *retake_button;
};

G_DEFINE_FINAL_TYPE (VtCapturePage, vt_capture_page, VT_TYPE_PAGE)

static gboolean
is_video (VtCapturePage *self)
{
  return self->document->kind == VT_DOCUMENT_VIDEO;
}

static void
set_status (VtCapturePage *self,
            const char    *text,
            gboolean       is_error)
{
  gtk_label_set_text (GTK_LABEL (self->status), text);
  if (is_error)
    gtk_widget_add_css_class (self->status, "field-error");
  else
    gtk_widget_remove_css_class (self->status, "field-error");
}

static void
show_live (VtCapturePage *self)
{
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), vt_camera_get_paintable (self->camera));
  gtk_widget_set_visible (self->capture_button, TRUE);
  gtk_widget_set_visible (self->retake_button, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
}

static void
show_result (VtCapturePage *self)
{
  if (!is_video (self))
    {
      VtSession *session = vt_page_get_session (VT_PAGE (self));
      g_autoptr(GBytes) data = vt_session_read_capture (session, self->document->id, NULL);
      g_autoptr(GdkTexture) texture = data ? gdk_texture_new_from_bytes (data, NULL) : NULL;

      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
    }
  gtk_widget_set_visible (self->capture_button, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->retake_button, TRUE);
}

/* Accepts a finished capture when it fits the procedure's limit; otherwise says why and
 * forgets it. */
static gboolean
check_size (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  gint64 size = vt_session_get_capture_size (session, self->document->id);
  g_autofree char *size_text = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *message = NULL;

  if (size <= 0)
    {
      vt_session_clear_capture (session, self->document->id);
      set_status (self, _("No se pudo guardar la captura. Inténtelo de nuevo."), TRUE);
      return FALSE;
    }
  size_text = g_format_size_full (size, G_FORMAT_SIZE_DEFAULT);
  if (size > self->document->max_bytes)
    {
      limit = g_format_size_full (self->document->max_bytes, G_FORMAT_SIZE_DEFAULT);
      message = g_strdup_printf (_("El archivo pesa %s y el IESS acepta hasta %s. Repita la "
                                   "captura."), size_text, limit);
      set_status (self, message, TRUE);
      vt_session_clear_capture (session, self->document->id);
      return FALSE;
    }

  message = g_strdup_printf (is_video (self) ? _("Video guardado (%s). Puede repetirlo o continuar.")
                                             : _("Captura guardada (%s). Revise que se lea bien."),
                             size_text);
  set_status (self, message, FALSE);
  vt_page_set_complete (VT_PAGE (self), TRUE);
  return TRUE;
}

static void
capture_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtCapturePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  gtk_widget_set_sensitive (self->capture_button, TRUE);
  jpeg = vt_camera_capture_jpeg_finish (VT_CAMERA (object), result, &error);
  if (jpeg == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  if (!vt_session_store_capture (session, self->document->id, "image/jpeg", jpeg, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  if (check_size (self))
    show_result (self);
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtCapturePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_steal_pointer (&self->recording);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  gboolean ok;

  g_clear_handle_id (&self->tick, g_source_remove);
  gtk_widget_remove_css_class (self->prompter, "recording");
  ok = vt_camera_record_finish (VT_CAMERA (object), result, &error);
  if (ok)
    ok = vt_session_finish_capture (session, self->document->id, "video/mp4", stream, &error);
  else
    g_output_stream_close (stream, NULL, NULL);

  if (!ok)
    {
      set_status (self, error->message, TRUE);
      show_live (self);
      return;
    }
  if (check_size (self))
    show_result (self);
  else
    show_live (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VtCapturePage *self = user_data;
  gint64 elapsed = (g_get_monotonic_time () - self->record_started) / G_USEC_PER_SEC;
  g_autofree char *text = g_strdup_printf (_("Grabando… %u de %u segundos"),
                                           (guint)elapsed, MAX_VIDEO_SECONDS);

  set_status (self, text, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
capture_clicked_cb (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GError) error = NULL;

  /* After a failure the same button brings the camera back: never a dead end. */
  if (self->camera_failed)
    {
      if (!vt_camera_start (self->camera, &error))
        {
          set_status (self, error->message, TRUE);
          return;
        }
      self->camera_failed = FALSE;
      gtk_button_set_label (GTK_BUTTON (self->capture_button),
                            is_video (self) ? _("Empezar a grabar") : _("Tomar foto"));
      set_status (self, _("La cámara volvió. Puede continuar."), FALSE);
      show_live (self);
      return;
    }

  if (is_video (self))
    {
      g_clear_object (&self->recording);
      self->recording = vt_session_begin_capture (session, self->document->id, &error);
      if (self->recording == NULL)
        {
          set_status (self, error->message, TRUE);
          return;
        }
      self->record_started = g_get_monotonic_time ();
      vt_camera_record_async (self->camera, self->recording, MAX_VIDEO_SECONDS,
                              self->cancellable, record_done_cb, g_object_ref (self));
      gtk_widget_set_visible (self->capture_button, FALSE);
      gtk_widget_set_visible (self->stop_button, TRUE);
      gtk_widget_add_css_class (self->prompter, "recording");
      tick_cb (self);
      self->tick = g_timeout_add_seconds (1, tick_cb, self);
    }
  else
    {
      gtk_widget_set_sensitive (self->capture_button, FALSE);
      set_status (self, _("Tomando la foto…"), FALSE);
      vt_camera_capture_jpeg_async (self->camera, self->cancellable, capture_done_cb,
                                    g_object_ref (self));
    }
}

static void
stop_clicked_cb (VtCapturePage *self)
{
  vt_camera_stop_recording (self->camera);
}

static void
retake_clicked_cb (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  vt_session_clear_capture (session, self->document->id);
  vt_page_set_complete (VT_PAGE (self), FALSE);
  set_status (self, NULL, FALSE);
  show_live (self);
}

static void
camera_failed_cb (VtCapturePage *self,
                  const char    *message)
{
  set_status (self, message, TRUE);
  self->camera_failed = TRUE;
  gtk_widget_set_visible (self->capture_button, TRUE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_sensitive (self->capture_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->capture_button), _("Reintentar"));
}

static void
vt_capture_page_shown (VtPage *page)
{
  VtCapturePage *self = VT_CAPTURE_PAGE (page);
  VtSession *session = vt_page_get_session (page);
  gboolean existing = vt_session_has_capture (session, self->document->id);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->prompter != NULL)
    {
      const char *fixed = vt_procedure_get_video_text (vt_session_get_procedure (session));
      const char *translated = vt_procedure_tr (fixed);
      g_autofree char *text = vt_session_expand_document (session, fixed);

      /* The institute needs the fixed text read in Spanish, whatever the UI language; a person
       * using another language also sees what it means. */
      gtk_label_set_text (GTK_LABEL (self->prompter), text);
      if (g_strcmp0 (translated, fixed) != 0)
        {
          g_autofree char *meaning = vt_session_expand (session, translated);
          g_autofree char *line = g_strdup_printf (_("Lea en voz alta el texto de arriba, en "
                                                     "español. Quiere decir: %s"), meaning);
          gtk_label_set_text (GTK_LABEL (self->meaning), line);
        }
      gtk_widget_set_visible (self->meaning, g_strcmp0 (translated, fixed) != 0);
    }

  if (!vt_camera_start (self->camera, &error))
    camera_failed_cb (self, error->message);

  if (existing)
    show_result (self);
  else
    show_live (self);
  vt_page_set_complete (page, existing);
}

static void
vt_capture_page_hidden (VtPage *page)
{
  VtCapturePage *self = VT_CAPTURE_PAGE (page);

  if (vt_camera_is_recording (self->camera))
    vt_camera_stop_recording (self->camera);
  g_clear_handle_id (&self->tick, g_source_remove);
}

static void
vt_capture_page_dispose (GObject *object)
{
  VtCapturePage *self = (VtCapturePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_signal_handler (&self->failed_handler, self->camera);
  g_clear_object (&self->camera);
  g_clear_object (&self->recording);

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
}

static void
vt_capture_page_init (VtCapturePage *self)
{
}

static GtkWidget *
new_button (const char *label,
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

VtPage *
vt_capture_page_new (VtSession       *session,
                     const VtPageDef *definition,
                     VtCamera        *camera)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  VtCapturePage *self;
  GtkWidget *frame;
  GtkWidget *buttons;
  GtkWidget *layout;
  GtkWidget *column;
  GtkWidget *side;
  const char *description;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_CAPTURE_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  self->definition = definition;
  self->document = vt_procedure_find_document (procedure, definition->document);
  self->camera = g_object_ref (camera);

  description = definition->description ? definition->description : self->document->description;
  vt_page_set_description (VT_PAGE (self), vt_procedure_tr (description));

  /* The preview, its status and its buttons stay together in one column, beside the text to
   * read for the video, so nothing needed while recording is ever below the fold. */
  layout = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (layout), column);
  vt_page_set_maximum_width (VT_PAGE (self), 1400);

  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "camera-frame");
  self->picture = gtk_picture_new ();
  gtk_widget_set_name (self->picture, "camera-picture");
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  /* Small enough minimums for a portrait 800 px screen; the picture grows where there is room. */
  gtk_widget_set_size_request (self->picture, is_video (self) ? 320 : 400,
                               is_video (self) ? 240 : 300);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Imagen de la cámara"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), self->picture);
  gtk_widget_set_hexpand (frame, !is_video (self));
  gtk_box_append (GTK_BOX (column), frame);

  side = is_video (self) ? column : gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  if (!is_video (self))
    {
      gtk_widget_set_size_request (side, 240, -1);
      gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (layout), side);
    }

  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "capture-status");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Estado de la captura"), -1);

  buttons = gtk_box_new (is_video (self) ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL,
                         12);
  self->capture_button = new_button (is_video (self) ? _("Empezar a grabar") : _("Tomar foto"),
                                     "capture", "suggested-action");
  self->stop_button = new_button (_("Terminar grabación"), "stop", "destructive-action");
  self->retake_button = new_button (is_video (self) ? _("Grabar de nuevo") : _("Tomar otra vez"),
                                    "retake", NULL);
  g_signal_connect_swapped (self->capture_button, "clicked", G_CALLBACK (capture_clicked_cb), self);
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked_cb), self);
  g_signal_connect_swapped (self->retake_button, "clicked", G_CALLBACK (retake_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->capture_button);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (buttons), self->retake_button);
  gtk_box_append (GTK_BOX (side), buttons);
  gtk_box_append (GTK_BOX (side), self->status);

  if (is_video (self))
    {
      self->prompter = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (self->prompter), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->prompter), 0);
      gtk_label_set_yalign (GTK_LABEL (self->prompter), 0);
      gtk_widget_set_hexpand (self->prompter, TRUE);
      gtk_widget_add_css_class (self->prompter, "prompter");
      gtk_widget_set_name (self->prompter, "video-text");
      self->meaning = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (self->meaning), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->meaning), 0);
      gtk_widget_add_css_class (self->meaning, "field-help");
      gtk_widget_set_visible (self->meaning, FALSE);
      {
        GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
        gtk_widget_set_hexpand (texts, TRUE);
        gtk_box_append (GTK_BOX (texts), self->prompter);
        gtk_box_append (GTK_BOX (texts), self->meaning);
        gtk_box_append (GTK_BOX (layout), texts);
      }
    }
  vt_page_append (VT_PAGE (self), layout);

  self->failed_handler = g_signal_connect_swapped (camera, "failed",
                                                   G_CALLBACK (camera_failed_cb), self);
  show_live (self);
  return VT_PAGE (self);
}

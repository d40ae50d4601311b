/* vt-capture-page.c — preview, capture and review of one document, photo or video.
 *
 * Photos and scans are judged live on the camera's throttled analysis branch: one short
 * instruction at a time over the preview, and the picture is taken by itself once every check
 * has held for a second. The video is read from a line-by-line teleprompter, measured against
 * its byte budget while it is recorded, and judged for speech and face afterwards.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-capture-page.h"

#include "capture/vt-player.h"
#include "documents/vt-pdf.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define MAX_VIDEO_SECONDS 60
#define HOLD_USEC (1 * G_USEC_PER_SEC)
#define PROMPTER_CHARS 38
#define MIN_FACE_RATIO 0.9
/* Microphone check without a voice for this long: the page says what to do. */
#define SILENT_USEC (5 * G_USEC_PER_SEC)
/* After «Agregar otra página», time to turn the page before a picture is taken by itself. */
#define TURN_PAGE_USEC (3 * G_USEC_PER_SEC)

struct _VtCapturePage
{
  VtPage            parent_instance;

  const VtPageDef  *definition;
  const VtDocument *document;
  VtCamera         *camera;
  GCancellable     *cancellable;
  GOutputStream    *recording;
  gulong            failed_handler;
  gulong            analysed_handler;
  guint             tick;
  guint             level_tick;
  guint             retry_source;
  gint64            record_started;
  gboolean          camera_failed;
  gboolean          live;
  gboolean          capturing;
  gboolean          verifying;

  /* A multi-page document: each page's JPEG, in order, kept in memory until they are joined
   * into the PDF the session stores. */
  GPtrArray        *scans;
  guint             scan_shown;
  gint64            hold_until;
  gboolean          joining;

  /* Live checks. */
  gboolean          have_verdict;
  VtPhotoVerdict    verdict;
  gint64            ok_since;

  /* The teleprompter. */
  char            **lines;
  guint            *line_words;
  guint             n_lines;
  guint             total_words;
  guint             current_line;
  guint             voiced_ticks;
  gint64            listening_since;
  gboolean          told_silent;
  gboolean          heard_voice;

  GtkWidget        *prompter;
  GtkWidget        *line_before;
  GtkWidget        *line_current;
  GtkWidget        *line_next;
  GtkWidget        *whole_text;
  GtkWidget        *meaning;
  GtkWidget        *picture;
  GtkWidget        *guide;
  GtkWidget        *guidance;
  GtkWidget        *countdown;
  VtPlayer         *player;
  GtkWidget        *play_button;
  GtkWidget        *mic_level;
  GtkWidget        *mic_label;
  GtkWidget        *gate;
  GtkWidget        *meter;
  GtkWidget        *meter_label;
  GtkWidget        *status;
  GtkWidget        *capture_button;
  GtkWidget        *stop_button;
  GtkWidget        *retake_button;
  GtkWidget        *pages_box;
  GtkWidget        *pages_label;
  GtkWidget        *previous_button;
  GtkWidget        *next_button;
  GtkWidget        *add_button;
  GtkWidget        *remove_button;
  GtkWidget        *done_adding_button;
};

G_DEFINE_FINAL_TYPE (VtCapturePage, vt_capture_page, VT_TYPE_PAGE)

static gboolean
is_video (VtCapturePage *self)
{
  return self->document->kind == VT_DOCUMENT_VIDEO;
}

static gboolean
is_face (VtCapturePage *self)
{
  return self->document->kind == VT_DOCUMENT_PHOTO;
}

static gboolean
is_multi_page (VtCapturePage *self)
{
  return self->document->multi_page;
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
set_guidance (VtCapturePage *self,
              const char    *text,
              gboolean       good)
{
  gtk_label_set_text (GTK_LABEL (self->guidance), text);
  gtk_widget_set_visible (self->guidance, text != NULL && *text != '\0');
  if (good)
    gtk_widget_add_css_class (self->guidance, "good");
  else
    gtk_widget_remove_css_class (self->guidance, "good");
}

/* The rectangle the picture's content occupies inside the overlay (content-fit contain). */
static void
content_rect (VtCapturePage   *self,
              int              width,
              int              height,
              graphene_rect_t *rect)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (self->picture));
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

/* Draws the oval for the face or the document's frame over the preview. */
static void
draw_guide (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  VtCapturePage *self = user_data;
  gboolean good = self->have_verdict && self->verdict.problem == VT_PHOTO_OK
                  && g_get_monotonic_time () >= self->hold_until;
  graphene_rect_t r;

  if (!self->live || is_video (self))
    return;
  content_rect (self, width, height, &r);
  cairo_set_line_width (cr, 6);
  if (good)
    cairo_set_source_rgba (cr, 0.2, 0.82, 0.4, 0.95);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9);

  if (is_face (self))
    {
      /* The face fills a quarter to half of the frame's width: the oval shows where. */
      cairo_save (cr);
      cairo_translate (cr, r.origin.x + r.size.width / 2, r.origin.y + r.size.height * 0.45);
      cairo_scale (cr, r.size.width * 0.24, r.size.height * 0.40);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_stroke (cr);
    }
  else
    {
      int x, y, w, h;

      vt_document_guide ((int)r.size.width, (int)r.size.height,
                         vt_document_aspect_ratio (self->document->aspect), &x, &y, &w, &h);
      /* Darken what is outside the frame, so the document goes where it is bright. */
      cairo_save (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
      cairo_rectangle (cr, r.origin.x + x, r.origin.y + y, w, h);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_fill (cr);
      cairo_restore (cr);
      cairo_rectangle (cr, r.origin.x + x, r.origin.y + y, w, h);
      cairo_stroke (cr);
    }
}

/* Recording waits for the microphone check: the button stays off, and says why, until a voice
 * has been heard. A camera that failed keeps its «Reintentar» button usable. */
static void
update_record_gate (VtCapturePage *self)
{
  gboolean waiting;

  if (!is_video (self))
    return;
  waiting = !self->heard_voice && !self->camera_failed && self->live
            && gtk_widget_get_visible (self->capture_button);
  if (!self->camera_failed)
    gtk_widget_set_sensitive (self->capture_button, !waiting);
  gtk_widget_set_visible (self->gate, waiting);
}

static void
show_live (VtCapturePage *self)
{
  self->live = TRUE;
  self->ok_since = 0;
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), vt_camera_get_paintable (self->camera));
  if (self->player != NULL)
    vt_player_stop (self->player);
  g_clear_object (&self->player);
  if (self->play_button != NULL)
    gtk_widget_set_visible (self->play_button, FALSE);
  gtk_widget_set_visible (self->capture_button, TRUE);
  gtk_widget_set_visible (self->retake_button, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->countdown, FALSE);
  if (self->pages_box != NULL)
    {
      gtk_widget_set_visible (self->pages_box, FALSE);
      gtk_widget_set_visible (self->add_button, FALSE);
      gtk_widget_set_visible (self->remove_button, FALSE);
      gtk_widget_set_visible (self->done_adding_button, FALSE);
    }
  gtk_widget_queue_draw (self->guide);
  update_record_gate (self);
}

/* The review of a multi-page document: the page shown, where it is, and what can be done. */
static void
show_scan (VtCapturePage *self)
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
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  where = g_strdup_printf (_("Página %u de %u"),
                           self->scan_shown + 1, n);
  gtk_label_set_text (GTK_LABEL (self->pages_label), where);
  gtk_widget_set_sensitive (self->previous_button, self->scan_shown > 0);
  gtk_widget_set_sensitive (self->next_button, self->scan_shown + 1 < n);
}

static void
show_result (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GBytes) data = vt_session_read_capture (session, self->document->id, NULL);

  self->live = FALSE;
  if (is_multi_page (self) && self->scans->len > 0)
    show_scan (self);
  else if (!is_video (self))
    {
      g_autoptr(GdkTexture) texture = data ? gdk_texture_new_from_bytes (data, NULL) : NULL;

      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
    }
  else if (data != NULL)
    {
      /* Played from memory: the video is never written outside the session. */
      g_clear_object (&self->player);
      self->player = vt_player_new (data);
      gtk_picture_set_paintable (GTK_PICTURE (self->picture),
                                 vt_player_get_paintable (self->player));
      vt_player_prepare (self->player);
      gtk_widget_set_visible (self->play_button, TRUE);
    }
  set_guidance (self, NULL, FALSE);
  gtk_widget_set_visible (self->countdown, FALSE);
  gtk_widget_set_visible (self->capture_button, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->retake_button, TRUE);
  gtk_widget_queue_draw (self->guide);
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

  if (is_multi_page (self) && self->scans->len > 1)
    message = g_strdup_printf (_("Documento de %u páginas en un PDF (%s). Revise que se lean "
                                 "bien."), self->scans->len, size_text);
  else
    message = g_strdup_printf (is_video (self) ? _("Video guardado (%s). Mírelo y escúchelo antes "
                                                   "de continuar.")
                                               : _("Captura guardada (%s). Revise que se lea "
                                                   "bien."), size_text);
  set_status (self, message, FALSE);
  vt_page_set_complete (VT_PAGE (self), TRUE);
  return TRUE;
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
  VtCapturePage *self = VT_CAPTURE_PAGE (object);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_task_propagate_pointer (G_TASK (result), &error);

  self->joining = FALSE;
  if (pdf == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      vt_session_clear_capture (session, self->document->id);
      vt_page_set_complete (VT_PAGE (self), FALSE);
      show_result (self);
      set_status (self, error->message, TRUE);
      return;
    }
  if (!vt_session_store_capture (session, self->document->id, "application/pdf", pdf, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  check_size (self);
  show_result (self);
}

/* Stores what the pages make: nothing, one JPEG as any scan, or one PDF of them all, whose
 * size is brought within the limit in a thread. */
static void
store_scans (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy;

  if (self->scans->len == 0)
    {
      vt_session_clear_capture (session, self->document->id);
      vt_page_set_complete (VT_PAGE (self), FALSE);
      set_status (self, NULL, FALSE);
      show_live (self);
      return;
    }
  if (self->scans->len == 1)
    {
      if (!vt_session_store_capture (session, self->document->id, "image/jpeg",
                                     g_ptr_array_index (self->scans, 0), &error))
        {
          set_status (self, error->message, TRUE);
          return;
        }
      check_size (self);
      show_result (self);
      return;
    }

  self->joining = TRUE;
  vt_page_set_complete (VT_PAGE (self), FALSE);
  set_status (self, _("Uniendo las páginas en un solo documento…"), FALSE);
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  for (guint i = 0; i < self->scans->len; i++)
    g_ptr_array_add (copy, g_bytes_ref (g_ptr_array_index (self->scans, i)));
  task = g_task_new (self, self->cancellable, join_done_cb, NULL);
  g_task_set_source_tag (task, store_scans);
  g_task_set_task_data (task, copy, (GDestroyNotify)g_ptr_array_unref);
  g_object_set_data (G_OBJECT (task), "max-bytes",
                     GSIZE_TO_POINTER ((gsize)self->document->max_bytes));
  g_task_run_in_thread (task, join_thread);
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

  self->capturing = FALSE;
  gtk_widget_set_sensitive (self->capture_button, TRUE);
  jpeg = vt_camera_capture_jpeg_finish (VT_CAMERA (object), result, &error);
  if (jpeg == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  if (is_multi_page (self))
    {
      g_ptr_array_add (self->scans, g_steal_pointer (&jpeg));
      self->scan_shown = self->scans->len - 1;
      /* The page taken is shown at once, while the pages are joined: nothing more is taken. */
      self->live = FALSE;
      self->hold_until = 0;
      show_scan (self);
      gtk_widget_set_visible (self->capture_button, FALSE);
      gtk_widget_set_visible (self->add_button, FALSE);
      gtk_widget_set_visible (self->remove_button, FALSE);
      set_guidance (self, NULL, FALSE);
      store_scans (self);
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
take_photo (VtCapturePage *self)
{
  if (self->capturing)
    return;
  self->capturing = TRUE;
  gtk_widget_set_sensitive (self->capture_button, FALSE);
  gtk_widget_set_visible (self->countdown, FALSE);
  set_status (self, _("Tomando la foto…"), FALSE);
  vt_camera_capture_jpeg_async (self->camera, (gsize)self->document->max_bytes,
                                self->cancellable, capture_done_cb, g_object_ref (self));
}

static void
analysed_cb (VtCapturePage        *self,
             const VtPhotoVerdict *verdict)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->live || is_video (self) || self->camera_failed || self->joining)
    return;
  self->have_verdict = TRUE;
  self->verdict = *verdict;
  gtk_widget_queue_draw (self->guide);

  /* The same page is still in the frame right after «Agregar otra página»: wait for the turn. */
  if (now < self->hold_until)
    {
      self->ok_since = 0;
      gtk_widget_set_visible (self->countdown, FALSE);
      set_guidance (self, _("Ponga la página siguiente dentro del marco"), FALSE);
      return;
    }

  if (verdict->problem != VT_PHOTO_OK)
    {
      self->ok_since = 0;
      gtk_widget_set_visible (self->countdown, FALSE);
      set_guidance (self, vt_photo_problem_message (verdict->problem), FALSE);
      return;
    }

  /* Every check holds: count the second down, then take the picture by itself. */
  if (self->ok_since == 0)
    self->ok_since = now;
  if (now - self->ok_since >= HOLD_USEC)
    {
      set_guidance (self, _("¡Listo!"), TRUE);
      take_photo (self);
    }
  else
    {
      g_autofree char *number = g_strdup_printf ("%d",
                                                 (int)((HOLD_USEC - (now - self->ok_since))
                                                       * 3 / HOLD_USEC) + 1);

      set_guidance (self, is_face (self) ? _("Muy bien. No se mueva.")
                                         : _("Muy bien. Sostenga el documento quieto."), TRUE);
      gtk_label_set_text (GTK_LABEL (self->countdown), number);
      gtk_widget_set_visible (self->countdown, TRUE);
    }
}

/* Shows the line being read large, the one before dimmed and the next one readable. */
static void
update_prompter (VtCapturePage *self)
{
  if (self->n_lines == 0)
    return;
  self->current_line = MIN (self->current_line, self->n_lines - 1);
  gtk_label_set_text (GTK_LABEL (self->line_before),
                      self->current_line > 0 ? self->lines[self->current_line - 1] : "");
  gtk_label_set_text (GTK_LABEL (self->line_current), self->lines[self->current_line]);
  gtk_label_set_text (GTK_LABEL (self->line_next),
                      self->current_line + 1 < self->n_lines
                      ? self->lines[self->current_line + 1] : "");
}

/* Forgets a recording that would be refused, says why and offers to record again. */
static void
refuse_recording (VtCapturePage *self,
                  const char    *message)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  vt_session_clear_capture (session, self->document->id);
  vt_page_set_complete (VT_PAGE (self), FALSE);
  set_status (self, message, TRUE);
  show_live (self);
  gtk_widget_set_visible (self->capture_button, FALSE);
  gtk_widget_set_visible (self->retake_button, TRUE);
  update_record_gate (self);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtCapturePage) self = user_data;
  g_autoptr(GError) error = NULL;
  VtVideoInfo info;

  self->verifying = FALSE;
  if (!vt_video_verify_bytes_finish (result, &info, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Video refused: %.1f s, video %d, audio %d, %" G_GUINT64_FORMAT " bytes",
               info.duration_s, info.has_video, info.has_audio, info.bytes);
      refuse_recording (self, error->message);
      return;
    }
  g_debug ("Video verified: %.1f s, %dx%d, %" G_GUINT64_FORMAT " bytes", info.duration_s,
           info.width, info.height, info.bytes);
  if (check_size (self))
    show_result (self);
  else
    {
      /* check_size () said why in the status line; keep it while the page goes back. */
      g_autofree char *why = g_strdup (gtk_label_get_text (GTK_LABEL (self->status)));

      refuse_recording (self, why);
    }
}

static void
judge_recording (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  VtRecordingStats stats;
  VtSpeechVerdict speech;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;

  vt_camera_get_recording_stats (self->camera, &stats);
  vt_speech_check ((const double *)stats.speech_db->data, stats.speech_db->len,
                   self->line_words, self->n_lines, &speech);

  if (speech.problem != VT_SPEECH_OK)
    message = vt_speech_verdict_message (&speech);
  else if (vt_camera_has_face_detector (self->camera) && stats.analysed_frames > 0
           && stats.face_ratio < MIN_FACE_RATIO)
    message = g_strdup (_("Su rostro no se vio durante parte del video. Mire a la cámara todo "
                          "el tiempo y grabe de nuevo."));

  vt_recording_stats_clear (&stats);
  if (message != NULL)
    {
      refuse_recording (self, message);
      return;
    }

  /* The file itself is checked too, as the institute will open it: both streams, a duration,
   * the size. GstDiscoverer takes a while, so it runs in a thread. */
  data = vt_session_read_capture (session, self->document->id, &error);
  if (data == NULL)
    {
      refuse_recording (self, error->message);
      return;
    }
  self->verifying = TRUE;
  set_status (self, _("Revisando el video…"), FALSE);
  vt_video_verify_bytes_async (data, (guint64)self->document->max_bytes, self->cancellable,
                               verify_done_cb, g_object_ref (self));
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
  gtk_widget_set_visible (self->stop_button, FALSE);
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
  judge_recording (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VtCapturePage *self = user_data;
  gint64 elapsed = (g_get_monotonic_time () - self->record_started) / G_USEC_PER_SEC;
  guint64 bytes = vt_camera_get_recorded_bytes (self->camera);
  g_autofree char *text = g_strdup_printf (_("Grabando… %u de %u segundos"),
                                           (guint)elapsed, MAX_VIDEO_SECONDS);
  g_autofree char *used = g_format_size (bytes);
  g_autofree char *limit = g_format_size (self->document->max_bytes);
  g_autofree char *meter = g_strdup_printf (_("Tamaño: %s de %s"), used, limit);

  set_status (self, text, FALSE);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->meter),
                           MIN (1.0, (double)bytes / MAX (self->document->max_bytes, 1)));
  gtk_label_set_text (GTK_LABEL (self->meter_label), meter);

  /* The highlighted line follows the voice: each 100 ms of speech moves it on by the share a
   * calm reader would need. */
  if (vt_camera_get_audio_level (self->camera) >= VT_VIDEO_SPEECH_DB && self->total_words > 0)
    {
      guint words = 0;

      self->voiced_ticks++;
      for (guint i = 0; i < self->n_lines; i++)
        {
          words += self->line_words[i];
          if (self->voiced_ticks * 0.1 * 2.5 < words)
            {
              if (i != self->current_line)
                {
                  self->current_line = i;
                  update_prompter (self);
                }
              break;
            }
        }
    }
  return G_SOURCE_CONTINUE;
}

/* The microphone check before recording: a live level and a tick once a voice is heard. */
static gboolean
level_tick_cb (gpointer user_data)
{
  VtCapturePage *self = user_data;
  double level = vt_camera_get_audio_level (self->camera);

  if (vt_camera_is_recording (self->camera))
    return G_SOURCE_CONTINUE;
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->mic_level), CLAMP ((level + 60) / 60, 0, 1));
  if (self->heard_voice || self->camera_failed)
    return G_SOURCE_CONTINUE;
  if (level >= VT_VIDEO_SPEECH_DB)
    {
      self->heard_voice = TRUE;
      gtk_label_set_text (GTK_LABEL (self->mic_label), _("Micrófono: se le escucha bien ✓"));
      gtk_widget_remove_css_class (self->mic_label, "field-error");
      update_record_gate (self);
    }
  else if (!self->told_silent && g_get_monotonic_time () - self->listening_since >= SILENT_USEC)
    {
      self->told_silent = TRUE;
      /* Nothing yet after a few seconds: say what to do rather than wait in silence. */
      gtk_label_set_text (GTK_LABEL (self->mic_label),
                          _("No le escuchamos. Hable más cerca del micrófono y diga «hola» en "
                            "voz alta. Si aún no se le escucha, avise al personal."));
      gtk_widget_add_css_class (self->mic_label, "field-error");
    }
  return G_SOURCE_CONTINUE;
}

static void camera_back (VtCapturePage *self);

static void
capture_clicked_cb (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  g_autoptr(GError) error = NULL;

  /* After a failure the same button brings the camera back: never a dead end. */
  if (self->camera_failed)
    {
      if (!vt_camera_start (self->camera, NULL))
        {
          set_status (self, _("La cámara aún no responde. Revise que su cable esté bien "
                              "conectado: la imagen volverá sola en cuanto responda."), TRUE);
          return;
        }
      camera_back (self);
      return;
    }

  if (is_video (self))
    {
      if (!self->heard_voice)
        return;
      g_clear_object (&self->recording);
      self->recording = vt_session_begin_capture (session, self->document->id, &error);
      if (self->recording == NULL)
        {
          set_status (self, error->message, TRUE);
          return;
        }
      self->record_started = g_get_monotonic_time ();
      self->current_line = 0;
      self->voiced_ticks = 0;
      update_prompter (self);
      vt_camera_record_async (self->camera, self->recording, MAX_VIDEO_SECONDS,
                              (guint64)self->document->max_bytes, self->cancellable,
                              record_done_cb, g_object_ref (self));
      gtk_widget_set_visible (self->capture_button, FALSE);
      gtk_widget_set_visible (self->stop_button, TRUE);
      gtk_widget_add_css_class (self->prompter, "recording");
      tick_cb (self);
      self->tick = g_timeout_add (100, tick_cb, self);
      return;
    }

  /* Nothing is taken that would be refused: the button says what is still wrong. */
  if (!self->have_verdict)
    {
      set_status (self, _("Espere un momento: se está revisando la imagen."), FALSE);
      return;
    }
  if (self->verdict.problem != VT_PHOTO_OK)
    {
      set_status (self, vt_photo_problem_message (self->verdict.problem), TRUE);
      return;
    }
  take_photo (self);
}

static void
play_clicked_cb (VtCapturePage *self)
{
  if (self->player == NULL)
    return;
  vt_player_play (self->player);
  gtk_widget_set_visible (self->play_button, FALSE);
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
  if (self->scans != NULL)
    g_ptr_array_set_size (self->scans, 0);
  self->hold_until = 0;
  self->have_verdict = FALSE;
  self->current_line = 0;
  update_prompter (self);
  show_live (self);
}

static void
add_page_clicked_cb (VtCapturePage *self)
{
  g_autofree char *text = g_strdup_printf (_("Página %u: ponga la siguiente página dentro del "
                                             "marco."), self->scans->len + 1);

  /* The pages taken so far stay stored: the person may still go on without another one. */
  self->hold_until = g_get_monotonic_time () + TURN_PAGE_USEC;
  self->have_verdict = FALSE;
  show_live (self);
  gtk_widget_set_visible (self->done_adding_button, TRUE);
  set_status (self, text, FALSE);
}

static void
done_adding_clicked_cb (VtCapturePage *self)
{
  self->hold_until = 0;
  check_size (self);
  show_result (self);
}

static void
remove_page_clicked_cb (VtCapturePage *self)
{
  if (self->joining || self->scan_shown >= self->scans->len)
    return;
  g_ptr_array_remove_index (self->scans, self->scan_shown);
  if (self->scan_shown > 0 && self->scan_shown >= self->scans->len)
    self->scan_shown--;
  store_scans (self);
}

static void
previous_page_clicked_cb (VtCapturePage *self)
{
  if (self->scan_shown > 0)
    self->scan_shown--;
  show_scan (self);
}

static void
next_page_clicked_cb (VtCapturePage *self)
{
  if (self->scan_shown + 1 < self->scans->len)
    self->scan_shown++;
  show_scan (self);
}

/* The camera answers again: back to where the person was. */
static void
camera_back (VtCapturePage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  self->camera_failed = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  gtk_button_set_label (GTK_BUTTON (self->capture_button),
                        is_video (self) ? _("Empezar a grabar") : _("Tomar foto"));
  if (vt_session_has_capture (session, self->document->id))
    show_result (self);
  else
    show_live (self);
  set_status (self, _("La cámara volvió. Puede continuar."), FALSE);
}

/* A camera pulled out and plugged back in comes back by itself, without a button. */
static gboolean
retry_camera_cb (gpointer user_data)
{
  VtCapturePage *self = user_data;

  if (!self->camera_failed)
    {
      self->retry_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (!vt_camera_start (self->camera, NULL))
    return G_SOURCE_CONTINUE;
  self->retry_source = 0;
  camera_back (self);
  return G_SOURCE_REMOVE;
}

static void
camera_failed_cb (VtCapturePage *self,
                  const char    *message)
{
  set_status (self, message, TRUE);
  set_guidance (self, NULL, FALSE);
  self->camera_failed = TRUE;
  self->capturing = FALSE;
  gtk_widget_set_visible (self->capture_button, TRUE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->countdown, FALSE);
  gtk_widget_set_sensitive (self->capture_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->capture_button), _("Reintentar"));
  update_record_gate (self);
  if (self->retry_source == 0)
    self->retry_source = g_timeout_add_seconds (2, retry_camera_cb, self);
}

static void
build_prompter_lines (VtCapturePage *self,
                      const char    *text)
{
  g_clear_pointer (&self->lines, g_strfreev);
  g_clear_pointer (&self->line_words, g_free);
  self->lines = vt_video_split_lines (text, PROMPTER_CHARS);
  self->n_lines = g_strv_length (self->lines);
  self->line_words = g_new0 (guint, MAX (self->n_lines, 1));
  self->total_words = 0;
  for (guint i = 0; i < self->n_lines; i++)
    {
      self->line_words[i] = vt_video_count_words (self->lines[i]);
      self->total_words += self->line_words[i];
    }
  self->current_line = 0;
  update_prompter (self);
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
  self->have_verdict = FALSE;
  self->capturing = FALSE;

  if (self->prompter != NULL)
    {
      const char *fixed = vt_procedure_get_video_text (vt_session_get_procedure (session));
      const char *translated = vt_procedure_tr (fixed);
      g_autofree char *text = vt_session_expand_document (session, fixed);

      /* The institute needs the fixed text read in Spanish, whatever the UI language; a person
       * using another language also sees what it means. */
      build_prompter_lines (self, text);
      gtk_label_set_text (GTK_LABEL (self->whole_text), text);
      /* The synthetic camera (demos, tests) reads this very text aloud; a real one ignores it. */
      vt_camera_set_speech_text (self->camera, text);
      self->listening_since = g_get_monotonic_time ();
      self->told_silent = FALSE;
      if (g_strcmp0 (translated, fixed) != 0)
        {
          g_autofree char *meaning = vt_session_expand (session, translated);
          g_autofree char *line = g_strdup_printf (_("Lea en voz alta el texto de arriba, en "
                                                     "español. Quiere decir: %s"), meaning);
          gtk_label_set_text (GTK_LABEL (self->meaning), line);
        }
      gtk_widget_set_visible (self->meaning, g_strcmp0 (translated, fixed) != 0);
    }

  if (is_video (self))
    vt_camera_set_analysis (self->camera, VT_ANALYSIS_FACE, 0);
  else if (is_face (self))
    vt_camera_set_analysis (self->camera, VT_ANALYSIS_FACE, 0);
  else
    vt_camera_set_analysis (self->camera, VT_ANALYSIS_DOCUMENT,
                            vt_document_aspect_ratio (self->document->aspect));
  vt_camera_set_listening (self->camera, is_video (self));
  if (!vt_camera_start (self->camera, &error))
    camera_failed_cb (self, error->message);
  else if (self->camera_failed)
    {
      /* It failed while the person was elsewhere and answers again now. */
      self->camera_failed = FALSE;
      gtk_button_set_label (GTK_BUTTON (self->capture_button),
                            is_video (self) ? _("Empezar a grabar") : _("Tomar foto"));
      set_status (self, NULL, FALSE);
    }
  if (is_video (self) && self->level_tick == 0)
    self->level_tick = g_timeout_add (100, level_tick_cb, self);

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
  vt_camera_set_analysis (self->camera, VT_ANALYSIS_NONE, 0);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->level_tick, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->player != NULL)
    vt_player_stop (self->player);
}

static void
vt_capture_page_dispose (GObject *object)
{
  VtCapturePage *self = (VtCapturePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->level_tick, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_signal_handler (&self->failed_handler, self->camera);
  g_clear_signal_handler (&self->analysed_handler, self->camera);
  g_clear_object (&self->camera);
  g_clear_object (&self->recording);
  g_clear_object (&self->player);
  g_clear_pointer (&self->scans, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_capture_page_parent_class)->dispose (object);
}

static void
vt_capture_page_finalize (GObject *object)
{
  VtCapturePage *self = (VtCapturePage *)object;

  g_strfreev (self->lines);
  g_free (self->line_words);

  G_OBJECT_CLASS (vt_capture_page_parent_class)->finalize (object);
}

static void
vt_capture_page_class_init (VtCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VtPageClass *page_class = VT_PAGE_CLASS (klass);

  object_class->dispose = vt_capture_page_dispose;
  object_class->finalize = vt_capture_page_finalize;
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

static GtkWidget *
new_line_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The text to read, line by line: the one being read highlighted, the next one visible. */
static GtkWidget *
build_teleprompter (VtCapturePage *self)
{
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *expander;
  GtkWidget *mic;

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_add_css_class (lines, "prompter");
  gtk_widget_set_name (lines, "teleprompter");
  self->prompter = lines;
  self->line_before = new_line_label ("prompter-before");
  self->line_current = new_line_label ("prompter-current");
  self->line_next = new_line_label ("prompter-next");
  gtk_widget_set_name (self->line_current, "prompter-current");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->line_current),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Línea que debe leer ahora"),
                                  -1);
  gtk_box_append (GTK_BOX (lines), self->line_before);
  gtk_box_append (GTK_BOX (lines), self->line_current);
  gtk_box_append (GTK_BOX (lines), self->line_next);
  gtk_box_append (GTK_BOX (texts), lines);

  /* The whole text stays available, folded, for whoever wants to read it first. */
  expander = gtk_expander_new (_("Ver todo el texto"));
  gtk_widget_set_size_request (expander, -1, 48);
  {
    GtkWidget *whole = gtk_label_new (NULL);

    gtk_label_set_wrap (GTK_LABEL (whole), TRUE);
    gtk_label_set_xalign (GTK_LABEL (whole), 0);
    gtk_widget_add_css_class (whole, "prompter-whole");
    gtk_widget_set_name (whole, "video-text");
    gtk_expander_set_child (GTK_EXPANDER (expander), whole);
    self->whole_text = whole;
  }
  gtk_box_append (GTK_BOX (texts), expander);

  self->meaning = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->meaning), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->meaning), 0);
  gtk_widget_add_css_class (self->meaning, "field-help");
  gtk_widget_set_visible (self->meaning, FALSE);
  gtk_box_append (GTK_BOX (texts), self->meaning);

  mic = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  self->mic_label = gtk_label_new (_("Micrófono: diga «hola» para probarlo"));
  gtk_label_set_xalign (GTK_LABEL (self->mic_label), 0);
  gtk_widget_set_name (self->mic_label, "mic-check");
  gtk_label_set_wrap (GTK_LABEL (self->mic_label), TRUE);
  gtk_widget_add_css_class (self->mic_label, "capture-status");
  self->mic_level = gtk_level_bar_new ();
  gtk_widget_set_size_request (self->mic_level, -1, 16);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mic_level),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Nivel del micrófono"), -1);
  gtk_box_append (GTK_BOX (mic), self->mic_label);
  gtk_box_append (GTK_BOX (mic), self->mic_level);
  gtk_box_append (GTK_BOX (texts), mic);

  self->meter_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->meter_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->meter_label), TRUE);
  self->meter = gtk_level_bar_new ();
  gtk_widget_set_size_request (self->meter, -1, 16);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (self->meter), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (self->meter), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->meter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tamaño del video frente al límite"), -1);
  gtk_box_append (GTK_BOX (texts), self->meter_label);
  gtk_box_append (GTK_BOX (texts), self->meter);
  return texts;
}

VtPage *
vt_capture_page_new (VtSession       *session,
                     const VtPageDef *definition,
                     VtCamera        *camera)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  VtCapturePage *self;
  GtkWidget *frame;
  GtkWidget *overlay;
  GtkWidget *stack_box;
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
  vt_page_set_spoken_guidance (VT_PAGE (self), vt_procedure_tr (description));

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

  /* Guide, instruction and countdown are drawn over the preview, where the person looks. */
  overlay = gtk_overlay_new ();
  stack_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (stack_box), self->picture);
  gtk_widget_set_vexpand (self->picture, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), stack_box);
  self->guide = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->guide, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->guide), draw_guide, self, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->guide);
  self->guidance = gtk_label_new (NULL);
  gtk_widget_set_name (self->guidance, "guidance");
  gtk_widget_add_css_class (self->guidance, "capture-guidance");
  gtk_widget_set_halign (self->guidance, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->guidance, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->guidance, 16);
  gtk_widget_set_can_target (self->guidance, FALSE);
  gtk_widget_set_visible (self->guidance, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->guidance),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Indicación"), -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->guidance);
  self->countdown = gtk_label_new (NULL);
  gtk_widget_set_name (self->countdown, "countdown");
  gtk_widget_add_css_class (self->countdown, "capture-countdown");
  gtk_widget_set_halign (self->countdown, GTK_ALIGN_END);
  gtk_widget_set_valign (self->countdown, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->countdown, 12);
  gtk_widget_set_margin_end (self->countdown, 20);
  gtk_widget_set_can_target (self->countdown, FALSE);
  gtk_widget_set_visible (self->countdown, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->countdown);
  if (is_video (self))
    {
      /* Over the first frame, as on any video: it adds no width to a narrow screen. */
      self->play_button = new_button (_("Ver y escuchar mi video"), "play", "osd");
      gtk_widget_set_halign (self->play_button, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (self->play_button, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (self->play_button, FALSE);
      g_signal_connect_swapped (self->play_button, "clicked", G_CALLBACK (play_clicked_cb),
                                self);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->play_button);
    }
  gtk_frame_set_child (GTK_FRAME (frame), overlay);
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
  gtk_widget_set_name (self->status, "capture-status");
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
  if (is_multi_page (self))
    {
      self->scans = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
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
      gtk_box_append (GTK_BOX (buttons), self->pages_box);
    }
  gtk_box_append (GTK_BOX (buttons), self->capture_button);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  if (is_multi_page (self))
    {
      self->add_button = new_button (_("Agregar otra página"), "add-page", "suggested-action");
      self->remove_button = new_button (_("Quitar esta página"), "remove-page", NULL);
      self->done_adding_button = new_button (_("No agregar más páginas"), "done-adding", NULL);
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
  gtk_box_append (GTK_BOX (buttons), self->retake_button);
  gtk_box_append (GTK_BOX (side), buttons);
  if (is_video (self))
    {
      self->gate = gtk_label_new (_("Podrá grabar cuando el micrófono le escuche: diga «hola» "
                                    "en voz alta."));
      gtk_widget_set_name (self->gate, "record-gate");
      gtk_label_set_wrap (GTK_LABEL (self->gate), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->gate), 0);
      gtk_widget_add_css_class (self->gate, "capture-status");
      gtk_widget_set_visible (self->gate, FALSE);
      gtk_box_append (GTK_BOX (side), self->gate);
    }
  gtk_box_append (GTK_BOX (side), self->status);

  if (is_video (self))
    gtk_box_append (GTK_BOX (layout), build_teleprompter (self));
  vt_page_append (VT_PAGE (self), layout);

  self->failed_handler = g_signal_connect_swapped (camera, "failed",
                                                   G_CALLBACK (camera_failed_cb), self);
  self->analysed_handler = g_signal_connect_swapped (camera, "analysed",
                                                     G_CALLBACK (analysed_cb), self);
  show_live (self);
  return VT_PAGE (self);
}

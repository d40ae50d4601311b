/* vt-video-page.c — the authorization video, read aloud from a teleprompter.
 *
 * Recording waits until the microphone has heard the person. The text is read from a
 * line-by-line teleprompter that follows the voice; the recording is measured against its byte
 * budget while it is made, and judged for speech and face afterwards by the verdicts of
 * src/capture/, which this page only shows.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-video-page.h"

#include "capture/vt-player.h"
#include "capture/vt-speech-check.h"
#include "vt-capture-page-private.h"
#include "vt-teleprompter.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define MAX_VIDEO_SECONDS 60
#define MIN_FACE_RATIO 0.9
/* Microphone check without a voice for this long: the page says what to do. */
#define SILENT_USEC (5 * G_USEC_PER_SEC)

struct _VtVideoPage
{
  VtCapturePage   parent_instance;

  GOutputStream  *recording;
  guint           tick;
  guint           level_tick;
  gint64          record_started;
  gboolean        verifying;

  /* The microphone check; what the speech verdict said of the recording kept. */
  char           *speech_note;
  gint64          listening_since;
  gboolean        told_silent;
  gboolean        heard_voice;

  VtTeleprompter *teleprompter;
  VtPlayer       *player;
  GtkWidget      *play_button;
  GtkWidget      *stop_button;
  GtkWidget      *mic_level;
  GtkWidget      *mic_label;
  GtkWidget      *gate;
  GtkWidget      *meter;
  GtkWidget      *meter_label;
};

G_DEFINE_FINAL_TYPE (VtVideoPage, vt_video_page, VT_TYPE_CAPTURE_PAGE)

/* Recording waits for the microphone check: the button stays off, and says why, until a voice
 * has been heard. A camera that failed keeps its «Reintentar» button usable. */
static void
update_record_gate (VtVideoPage *self)
{
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  GtkWidget *capture = vt_capture_page_get_capture_button (page);
  gboolean failed = vt_capture_page_is_camera_failed (page);
  gboolean waiting;

  waiting = !self->heard_voice && !failed && vt_capture_page_is_live (page)
            && gtk_widget_get_visible (capture);
  if (!failed)
    gtk_widget_set_sensitive (capture, !waiting);
  gtk_widget_set_visible (self->gate, waiting);
}

static const char *
vt_video_page_capture_label (VtCapturePage *page)
{
  return _("Empezar a grabar");
}

static void
vt_video_page_set_analysis (VtCapturePage *page)
{
  vt_camera_set_analysis (vt_capture_page_get_camera (page), VT_ANALYSIS_FACE, 0);
}

static void
vt_video_page_show_live (VtCapturePage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);

  if (self->player != NULL)
    vt_player_stop (self->player);
  g_clear_object (&self->player);
  gtk_widget_set_visible (self->play_button, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  update_record_gate (self);
}

static void
vt_video_page_show_result (VtCapturePage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  g_autoptr(GBytes) data = vt_session_read_capture (session,
                                                    vt_capture_page_get_document (page)->id,
                                                    NULL);

  if (data != NULL)
    {
      /* Played from memory: the video is never written outside the session. */
      g_clear_object (&self->player);
      self->player = vt_player_new (data);
      gtk_picture_set_paintable (GTK_PICTURE (vt_capture_page_get_picture (page)),
                                 vt_player_get_paintable (self->player));
      vt_player_prepare (self->player);
      gtk_widget_set_visible (self->play_button, TRUE);
    }
  gtk_widget_set_visible (self->stop_button, FALSE);
}

static char *
vt_video_page_saved_message (VtCapturePage *page,
                             const char    *size_text)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);
  g_autofree char *saved = g_strdup_printf (_("Video guardado (%s). Mírelo y escúchelo antes "
                                              "de continuar."), size_text);

  /* Only what was measured: a voice speaking while the text was on screen. */
  if (self->speech_note != NULL)
    return g_strdup_printf ("%s %s", self->speech_note, saved);
  return g_steal_pointer (&saved);
}

static void
vt_video_page_retake (VtCapturePage *page)
{
  vt_teleprompter_set_current_line (VT_VIDEO_PAGE (page)->teleprompter, 0);
}

static void
vt_video_page_camera_changed (VtCapturePage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);

  if (vt_capture_page_is_camera_failed (page))
    gtk_widget_set_visible (self->stop_button, FALSE);
  update_record_gate (self);
}

/* Forgets a recording that would be refused, says why and offers to record again. */
static void
refuse_recording (VtVideoPage *self,
                  const char  *message)
{
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  vt_session_clear_capture (session, vt_capture_page_get_document (page)->id);
  vt_page_set_complete (VT_PAGE (self), FALSE);
  vt_capture_page_set_status (page, message, TRUE);
  vt_capture_page_show_live (page);
  gtk_widget_set_visible (vt_capture_page_get_capture_button (page), FALSE);
  gtk_widget_set_visible (vt_capture_page_get_retake_button (page), TRUE);
  update_record_gate (self);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtVideoPage) self = user_data;
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
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
  if (vt_capture_page_check_size (page))
    vt_capture_page_show_result (page);
  else
    {
      /* check_size () said why in the status line; keep it while the page goes back. */
      GtkWidget *status = vt_capture_page_get_status (page);
      g_autofree char *why = g_strdup (gtk_label_get_text (GTK_LABEL (status)));

      refuse_recording (self, why);
    }
}

static void
judge_recording (VtVideoPage *self)
{
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  VtCamera *camera = vt_capture_page_get_camera (page);
  const VtDocument *document = vt_capture_page_get_document (page);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  VtRecordingStats stats;
  VtSpeechVerdict speech;
  gboolean accepted;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;

  vt_camera_get_recording_stats (camera, &stats);
  /* Speech during every line of the text (WebRTC's VAD), the verdict `ventanilla
   * --check-speech` gives too. It hears when a voice speaks, not which words it says. */
  vt_speech_check ((const gint16 *)stats.speech_pcm->data,
                   stats.speech_pcm->len / sizeof (gint16),
                   vt_teleprompter_get_lines (self->teleprompter), &speech);
  accepted = speech.problem == VT_SPEECH_OK;
  g_debug ("Speech: %s, %.1f s heard, %.1f s expected", vt_speech_problem_name (speech.problem),
           speech.speech_seconds, speech.needed_seconds);
  g_clear_pointer (&self->speech_note, g_free);
  if (!accepted)
    message = vt_speech_verdict_message (&speech);
  else if (vt_camera_has_face_detector (camera) && stats.analysed_frames > 0
           && stats.face_ratio < MIN_FACE_RATIO)
    message = g_strdup (_("Su rostro no se vio durante parte del video. Mire a la cámara todo "
                          "el tiempo y grabe de nuevo."));

  if (accepted)
    self->speech_note = vt_speech_verdict_message (&speech);
  vt_speech_verdict_clear (&speech);
  vt_recording_stats_clear (&stats);
  if (message != NULL)
    {
      refuse_recording (self, message);
      return;
    }

  /* The file itself is checked too, as the institute will open it: both streams, a duration,
   * the size. GstDiscoverer takes a while, so it runs in a thread. */
  data = vt_session_read_capture (session, document->id, &error);
  if (data == NULL)
    {
      refuse_recording (self, error->message);
      return;
    }
  self->verifying = TRUE;
  vt_capture_page_set_status (page, _("Revisando el video…"), FALSE);
  vt_video_verify_bytes_async (data, (guint64)document->max_bytes,
                               vt_capture_page_get_cancellable (page),
                               verify_done_cb, g_object_ref (self));
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtVideoPage) self = user_data;
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_steal_pointer (&self->recording);
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  gboolean ok;

  ok = vt_camera_record_finish (VT_CAMERA (object), result, &error);
  if (!ok && stream != NULL)
    {
      const char *path = g_object_get_data (G_OBJECT (stream), "vt-path");

      /* A recording that did not finish leaves nothing behind. */
      g_output_stream_close (stream, NULL, NULL);
      if (path != NULL)
        g_unlink (path);
    }
  /* Cancelled: the person left (a reset, «Salir», staff mode) or the page went away; there is
   * nobody to tell, and the camera belongs to whoever comes next. */
  g_clear_handle_id (&self->tick, g_source_remove);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || stream == NULL)
    return;

  vt_teleprompter_set_recording (self->teleprompter, FALSE);
  gtk_widget_set_visible (self->stop_button, FALSE);
  if (ok)
    ok = vt_session_finish_capture (session, vt_capture_page_get_document (page)->id,
                                    "video/mp4", stream, &error);

  if (!ok)
    {
      vt_capture_page_set_status (page, error->message, TRUE);
      vt_capture_page_show_live (page);
      return;
    }
  vt_session_set_capture_camera (session, vt_capture_page_get_document (page)->id,
                                 vt_capture_page_get_camera (page));
  judge_recording (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VtVideoPage *self = user_data;
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  VtCamera *camera = vt_capture_page_get_camera (page);
  const VtDocument *document = vt_capture_page_get_document (page);
  gint64 elapsed = (g_get_monotonic_time () - self->record_started) / G_USEC_PER_SEC;
  guint64 bytes = vt_camera_get_recorded_bytes (camera);
  g_autofree char *text = g_strdup_printf (_("Grabando… %u de %u segundos"),
                                           (guint)elapsed, MAX_VIDEO_SECONDS);
  g_autofree char *used = g_format_size (bytes);
  g_autofree char *limit = g_format_size (document->max_bytes);
  g_autofree char *meter = g_strdup_printf (_("Tamaño: %s de %s"), used, limit);

  /* Said while there is still time to fix it; the verdict at the end refuses it anyway. */
  if (vt_camera_hears_other_sound (camera))
    {
      g_autofree char *warning = g_strdup_printf (
        "%s\n%s", text, _("Se escucha un sonido que no es una voz. Pida silencio y lea el texto "
                         "en voz alta."));

      vt_capture_page_set_status (page, warning, TRUE);
    }
  else
    vt_capture_page_set_status (page, text, FALSE);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->meter),
                           MIN (1.0, (double)bytes / MAX (document->max_bytes, 1)));
  gtk_label_set_text (GTK_LABEL (self->meter_label), meter);

  /* The highlighted line follows the voice: a line is done once the detector has heard speech
   * for about the time it takes to read. */
  vt_teleprompter_follow_speech (self->teleprompter, vt_camera_get_speech_seconds (camera));
  return G_SOURCE_CONTINUE;
}

/* The microphone check before recording: a live level and a tick once a voice is heard. */
static gboolean
level_tick_cb (gpointer user_data)
{
  VtVideoPage *self = user_data;
  VtCapturePage *page = VT_CAPTURE_PAGE (self);
  VtCamera *camera = vt_capture_page_get_camera (page);
  double level = vt_camera_get_audio_level (camera);

  if (vt_camera_is_recording (camera))
    return G_SOURCE_CONTINUE;
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->mic_level), CLAMP ((level + 60) / 60, 0, 1));
  if (self->heard_voice || vt_capture_page_is_camera_failed (page))
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

static void
vt_video_page_capture (VtCapturePage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);
  VtSession *session = vt_page_get_session (VT_PAGE (page));
  const VtDocument *document = vt_capture_page_get_document (page);
  g_autoptr(GError) error = NULL;

  if (!self->heard_voice)
    return;
  g_clear_object (&self->recording);
  self->recording = vt_session_begin_capture (session, document->id, &error);
  if (self->recording == NULL)
    {
      vt_capture_page_set_status (page, error->message, TRUE);
      return;
    }
  self->record_started = g_get_monotonic_time ();
  vt_teleprompter_set_current_line (self->teleprompter, 0);
  vt_camera_record_async (vt_capture_page_get_camera (page), self->recording, MAX_VIDEO_SECONDS,
                          (guint64)document->max_bytes, vt_capture_page_get_cancellable (page),
                          record_done_cb, g_object_ref (self));
  gtk_widget_set_visible (vt_capture_page_get_capture_button (page), FALSE);
  gtk_widget_set_visible (self->stop_button, TRUE);
  vt_teleprompter_set_recording (self->teleprompter, TRUE);
  tick_cb (self);
  self->tick = g_timeout_add (100, tick_cb, self);
}

static void
play_clicked_cb (VtVideoPage *self)
{
  if (self->player == NULL)
    return;
  vt_player_play (self->player);
  gtk_widget_set_visible (self->play_button, FALSE);
}

static void
stop_clicked_cb (VtVideoPage *self)
{
  vt_camera_stop_recording (vt_capture_page_get_camera (VT_CAPTURE_PAGE (self)));
}

static void
vt_video_page_shown (VtPage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);
  VtSession *session = vt_page_get_session (page);
  VtCamera *camera = vt_capture_page_get_camera (VT_CAPTURE_PAGE (self));
  const char *fixed = vt_procedure_get_video_text (vt_session_get_procedure (session));
  const char *translated = vt_procedure_tr (fixed);
  g_autofree char *text = vt_session_expand_document (session, fixed);
  g_autofree char *meaning = NULL;

  /* The institute needs the fixed text read in Spanish, whatever the UI language; a person
   * using another language also sees what it means. */
  if (g_strcmp0 (translated, fixed) != 0)
    {
      g_autofree char *expanded = vt_session_expand (session, translated);

      meaning = g_strdup_printf (_("Lea en voz alta el texto de arriba, en español. Quiere "
                                   "decir: %s"), expanded);
    }
  vt_teleprompter_set_text (self->teleprompter, text, meaning);
  /* The synthetic camera (demos, tests) reads this very text aloud; a real one ignores it. */
  vt_camera_set_speech_text (camera, text);
  self->listening_since = g_get_monotonic_time ();
  self->told_silent = FALSE;

  VT_PAGE_CLASS (vt_video_page_parent_class)->shown (page);

  if (self->level_tick == 0)
    self->level_tick = g_timeout_add (100, level_tick_cb, self);
}

static void
vt_video_page_hidden (VtPage *page)
{
  VtVideoPage *self = VT_VIDEO_PAGE (page);

  VT_PAGE_CLASS (vt_video_page_parent_class)->hidden (page);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->level_tick, g_source_remove);
  if (self->player != NULL)
    vt_player_stop (self->player);
}

static void
vt_video_page_dispose (GObject *object)
{
  VtVideoPage *self = (VtVideoPage *)object;

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->level_tick, g_source_remove);
  g_clear_object (&self->recording);
  g_clear_object (&self->player);
  g_clear_pointer (&self->speech_note, g_free);

  G_OBJECT_CLASS (vt_video_page_parent_class)->dispose (object);
}

static void
vt_video_page_class_init (VtVideoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VtPageClass *page_class = VT_PAGE_CLASS (klass);
  VtCapturePageClass *capture_class = VT_CAPTURE_PAGE_CLASS (klass);

  object_class->dispose = vt_video_page_dispose;
  page_class->shown = vt_video_page_shown;
  page_class->hidden = vt_video_page_hidden;
  capture_class->capture_label = vt_video_page_capture_label;
  capture_class->set_analysis = vt_video_page_set_analysis;
  capture_class->capture = vt_video_page_capture;
  capture_class->show_live = vt_video_page_show_live;
  capture_class->show_result = vt_video_page_show_result;
  capture_class->retake = vt_video_page_retake;
  capture_class->camera_changed = vt_video_page_camera_changed;
  capture_class->saved_message = vt_video_page_saved_message;
}

static void
vt_video_page_init (VtVideoPage *self)
{
}

/* The microphone check and the size meter, under the teleprompter. */
static GtkWidget *
build_texts (VtVideoPage *self)
{
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *mic;

  gtk_widget_set_hexpand (texts, TRUE);
  self->teleprompter = VT_TELEPROMPTER (vt_teleprompter_new ());
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->teleprompter));

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
vt_video_page_new (VtSession       *session,
                   const VtPageDef *definition,
                   VtCamera        *camera)
{
  VtVideoPage *self;
  VtCapturePage *page;
  GtkWidget *layout;
  GtkWidget *column;
  GtkWidget *buttons;
  GtkWidget *preview;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_VIDEO_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  page = VT_CAPTURE_PAGE (self);
  vt_capture_page_setup (page, definition, camera);
  gtk_button_set_label (GTK_BUTTON (vt_capture_page_get_retake_button (page)),
                        _("Grabar de nuevo"));

  /* The preview, its status and its buttons stay together in one column, beside the text to
   * read, so nothing needed while recording is ever below the fold. */
  layout = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (layout), column);
  preview = vt_capture_page_get_preview (page);
  /* Small enough minimums for a portrait 800 px screen; the picture grows where there is room. */
  gtk_widget_set_size_request (vt_capture_page_get_picture (page), 320, 240);
  gtk_widget_set_hexpand (preview, FALSE);
  gtk_box_append (GTK_BOX (column), preview);

  /* Over the first frame, as on any video: it adds no width to a narrow screen. */
  self->play_button = vt_capture_page_new_button (_("Ver y escuchar mi video"), "play", "osd");
  gtk_widget_set_halign (self->play_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->play_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->play_button, FALSE);
  g_signal_connect_swapped (self->play_button, "clicked", G_CALLBACK (play_clicked_cb), self);
  vt_capture_page_add_overlay (page, self->play_button);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->stop_button = vt_capture_page_new_button (_("Terminar grabación"), "stop",
                                                  "destructive-action");
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_capture_button (page));
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (buttons), vt_capture_page_get_retake_button (page));
  gtk_box_append (GTK_BOX (column), buttons);

  self->gate = gtk_label_new (_("Podrá grabar cuando el micrófono le escuche: diga «hola» en "
                                "voz alta."));
  gtk_widget_set_name (self->gate, "record-gate");
  gtk_label_set_wrap (GTK_LABEL (self->gate), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->gate), 0);
  gtk_widget_add_css_class (self->gate, "capture-status");
  gtk_widget_set_visible (self->gate, FALSE);
  gtk_box_append (GTK_BOX (column), self->gate);
  gtk_box_append (GTK_BOX (column), vt_capture_page_get_status (page));

  gtk_box_append (GTK_BOX (layout), build_texts (self));
  vt_page_append (VT_PAGE (self), layout);

  vt_capture_page_show_live (page);
  return VT_PAGE (self);
}

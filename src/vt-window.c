/* vt-window.c — moves a person from the start page through the wizard to the confirmation,
 * and routes to staff mode and back.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-window"

#include "vt-window.h"

#include "keyboard/vt-keyboard-dock.h"
#include "keyboard/vt-typing-privacy.h"
#include "staff/vt-staff-mode.h"
#include "vt-i18n.h"
#include "wizard/vt-done-page.h"
#include "wizard/vt-paperwork.h"
#include "wizard/vt-start-page.h"

#include <glib/gi18n-lib.h>

struct _VtWindow
{
  AdwApplicationWindow  parent_instance;

  GPtrArray            *procedures;
  VtQueue              *queue;
  VtUploader           *uploader;  /* NULL: no upload server set */
  VtCamera             *camera;
  char                 *sessions_dir;
  char                 *last_submission;
  char                 *default_language;
  char                 *kiosk_id;
  char                 *printer;  /* the `printer` setting, read for each session */
  GCancellable         *cancellable;
  GBytes               *packet;  /* presencial documents, between submit and confirmation */

  VtSession            *session;
  GtkWidget            *start_page;
  VtAssistant          *assistant;
  GtkWidget            *done_page;

  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  VtKeyboardDock       *keyboard_dock;

  /* Staff mode (src/staff/) keeps its own state; the window only follows where it leads. */
  VtStaffMode          *staff_mode;
};

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, ADW_TYPE_APPLICATION_WINDOW)

/* The schema is absent when running uninstalled without GSETTINGS_SCHEMA_DIR. */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema ? g_settings_new (APP_ID) : NULL;
}

enum {
  SIGNAL_RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_start (VtWindow *self);

static void
remove_child (VtWindow   *self,
              GtkWidget **child)
{
  if (*child != NULL)
    {
      gtk_stack_remove (self->stack, *child);
      *child = NULL;
    }
}

/* Drops everything of the current person: pages, answers, captures on disk. */
static void
end_session (VtWindow *self)
{
  g_clear_pointer (&self->packet, g_bytes_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* First the camera: a recording under way ends and its stream is closed before the session's
   * files go, and the next person's preview starts blank, not on this person's last frame. */
  vt_camera_reset (self->camera);
  if (self->assistant != NULL)
    {
      GtkWidget *assistant = GTK_WIDGET (self->assistant);
      remove_child (self, &assistant);
      self->assistant = NULL;
    }
  remove_child (self, &self->done_page);
  if (self->session != NULL)
    vt_session_discard (self->session);
  g_clear_object (&self->session);
  /* What this person copied or selected is not the next person's to paste. */
  vt_typing_privacy_forget (GTK_WIDGET (self));
}

static void
toast (VtWindow   *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
done_finished_cb (VtWindow *self)
{
  vt_window_reset (self);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *bundle_sha256 = NULL;
  g_autofree char *id = vt_queue_add_finish_with_sha256 (VT_QUEUE (object), result, &code,
                                                         &bundle_sha256, &error);
  VtProcedure *procedure;
  const char *channel;

  if (self->assistant == NULL)
    return;
  vt_assistant_set_busy (self->assistant, FALSE);
  if (id == NULL)
    {
      /* Nothing is lost: the session and its files stay, and the person can press Send again. */
      g_warning ("Could not queue a submission: %s", error->message);
      toast (self, error->message);
      return;
    }

  g_free (self->last_submission);
  self->last_submission = g_steal_pointer (&id);
  g_message ("Submission queued for procedure %s",
             vt_procedure_get_id (vt_session_get_procedure (self->session)));

  procedure = vt_session_get_procedure (self->session);
  channel = vt_session_get_answer (self->session, "canal");
  self->done_page = vt_done_page_new (procedure, channel, code);
  {
    VtReceipt *receipt = vt_done_page_receipt_new (procedure, channel, code,
                                                   self->kiosk_id ? self->kiosk_id : "Ventanilla");

    vt_done_page_set_receipt (VT_DONE_PAGE (self->done_page), receipt);
    vt_done_page_set_packet (VT_DONE_PAGE (self->done_page), self->packet);
    vt_done_page_set_printer (VT_DONE_PAGE (self->done_page), self->printer);
    g_clear_pointer (&self->packet, g_bytes_unref);
  }
  /* The receipt's QR carries the bundle's hash as it was sealed, which comes with this very
   * submission: nothing arriving later can put it on another person's page. */
  vt_done_page_set_bundle_sha256 (VT_DONE_PAGE (self->done_page), bundle_sha256);
  vt_done_page_set_uploader (VT_DONE_PAGE (self->done_page), self->uploader,
                             self->last_submission);
  g_signal_connect_swapped (self->done_page, "finished", G_CALLBACK (done_finished_cb), self);
  gtk_stack_add_named (self->stack, self->done_page, "done");
  gtk_stack_set_visible_child (self->stack, self->done_page);

  /* The queue holds its own copies now: the session's working files go at once. */
  {
    GtkWidget *assistant = GTK_WIDGET (self->assistant);
    remove_child (self, &assistant);
    self->assistant = NULL;
  }
  vt_session_discard (self->session);
  g_clear_object (&self->session);
  vt_camera_reset (self->camera);
}

static void
submit_cb (VtWindow *self)
{
  g_autoptr(GBytes) answers = vt_session_build_answers (self->session);
  g_autoptr(GPtrArray) attachments = vt_session_build_attachments (self->session);
  g_autoptr(GPtrArray) paperwork = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  VtProcedure *procedure = vt_session_get_procedure (self->session);

  /* The letters and forms are written from the same answers at the last moment, so they
   * cannot disagree with what the person checked on the review page. */
  paperwork = vt_paperwork_build (self->session, now, "Generado en un quiosco Ventanilla del IESS",
                                  &error);
  if (paperwork == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < paperwork->len; i++)
    g_ptr_array_add (attachments, g_steal_pointer (&g_ptr_array_index (paperwork, i)));
  g_clear_pointer (&self->packet, g_bytes_unref);
  self->packet = vt_paperwork_build_packet (self->session, now,
                                            "Generado en un quiosco Ventanilla del IESS", NULL);

  vt_assistant_set_busy (self->assistant, TRUE);
  vt_queue_add_async (self->queue, vt_procedure_get_id (procedure),
                      vt_procedure_get_version (procedure), answers, attachments,
                      self->cancellable, queued_cb, g_object_ref (self));
}

static void
confirm_leave_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VtWindow         *self)
{
  if (g_strcmp0 (response, "leave") == 0)
    vt_window_reset (self);
}

static void
cancel_cb (VtWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("¿Salir del trámite?"),
                                                       _("Se borrará todo lo que ingresó y "
                                                         "capturó. No se enviará nada.")));
  adw_message_dialog_add_responses (dialog,
                                    "stay", _("Seguir con el trámite"),
                                    "leave", _("Salir y borrar"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "stay");
  adw_message_dialog_set_close_response (dialog, "stay");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_leave_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
procedure_chosen_cb (VtWindow    *self,
                     VtProcedure *procedure)
{
  g_autoptr(GError) error = NULL;

  end_session (self);
  self->session = vt_session_new (procedure, self->sessions_dir, &error);
  if (self->session == NULL)
    {
      toast (self, error->message);
      return;
    }
  vt_session_set_assisted (self->session, vt_staff_mode_get_staff_id (self->staff_mode));
  {
    g_autoptr(GSettings) settings = dup_settings ();

    g_free (self->printer);
    self->printer = settings != NULL ? g_settings_get_string (settings, "printer") : NULL;
    vt_session_set_printer (self->session, self->printer);
    /* The key click, as the fleet or staff mode set it, from this person on. */
    vt_keyboard_set_click_sound (vt_keyboard_dock_get_keyboard (self->keyboard_dock),
                                 settings != NULL
                                 && g_settings_get_boolean (settings, "keyboard-click"));
  }
  self->cancellable = g_cancellable_new ();
  self->assistant = vt_assistant_new (self->session, self->camera);
  g_signal_connect_swapped (self->assistant, "cancel", G_CALLBACK (cancel_cb), self);
  g_signal_connect_swapped (self->assistant, "submit", G_CALLBACK (submit_cb), self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->assistant), "wizard");
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->assistant));
}

static void
language_chosen_cb (VtWindow   *self,
                    const char *language)
{
  if (g_strcmp0 (language, vt_i18n_get_language ()) == 0)
    return;
  vt_i18n_set_language (language);
  /* Every text is looked up again by building the page anew in the new language. */
  show_start (self);
}

static void
show_start (VtWindow *self)
{
  GtkWidget *old = self->start_page;

  self->start_page = vt_start_page_new (self->procedures, vt_i18n_get_language ());
  g_signal_connect_swapped (self->start_page, "procedure-chosen",
                            G_CALLBACK (procedure_chosen_cb), self);
  g_signal_connect_swapped (self->start_page, "language-chosen",
                            G_CALLBACK (language_chosen_cb), self);
  gtk_stack_add_named (self->stack, self->start_page, NULL);
  gtk_stack_set_visible_child (self->stack, self->start_page);
  gtk_window_set_title (GTK_WINDOW (self), _("Ventanilla IESS"));
  if (old != NULL)
    gtk_stack_remove (self->stack, old);
}

/* Staff mode (src/staff/vt-staff-mode.c) shows its panel and puts the page it covered back by
 * itself; the window only follows where it ends. */
static void
staff_unlocked_cb (VtWindow *self)
{
  /* Staff mode ends at the start page: whatever a person had entered goes now. */
  end_session (self);
}

static void
staff_finished_cb (VtWindow *self)
{
  vt_window_reset (self);
}

static void
staff_assisted_cb (VtWindow   *self,
                   const char *staff_id)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Sesión asistida por el funcionario %s: elija el trámite."), staff_id);
  toast (self, text);
}

void
vt_window_open_staff_mode (VtWindow *self)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  vt_staff_mode_open (self->staff_mode);
}

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  /* First staff mode: its panel leaves the stack while the stack is still there. */
  g_clear_object (&self->staff_mode);
  if (self->camera != NULL)
    end_session (self);
  g_clear_object (&self->uploader);
  g_clear_object (&self->queue);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_WINDOW);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

static void
vt_window_finalize (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_free (self->sessions_dir);
  g_free (self->last_submission);
  g_free (self->default_language);
  g_free (self->kiosk_id);
  g_free (self->printer);
  G_OBJECT_CLASS (vt_window_parent_class)->finalize (object);
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_window_dispose;
  object_class->finalize = vt_window_finalize;

  /* The window was wiped for the next person: per-person choices go back to defaults. */
  signals[SIGNAL_RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (VT_TYPE_KEYBOARD_DOCK);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, keyboard_dock);
}

static void
vt_window_init (VtWindow *self)
{
  vt_typing_privacy_install ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

VtWindow *
vt_window_new (GtkApplication *application,
               GPtrArray      *procedures,
               VtQueue        *queue,
               VtCamera       *camera,
               const char     *sessions_dir)
{
  VtWindow *self;
  g_autofree char *data_dir = NULL;

  g_return_val_if_fail (procedures != NULL, NULL);
  g_return_val_if_fail (VT_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_WINDOW, "application", application, NULL);
  self->procedures = g_ptr_array_ref (procedures);
  self->queue = g_object_ref (queue);
  self->camera = g_object_ref (camera);
  self->sessions_dir = g_strdup (sessions_dir);
  /* The PIN locks live next to the sessions folder unless a data folder is set. */
  data_dir = sessions_dir != NULL ? g_path_get_dirname (sessions_dir) : NULL;
  self->staff_mode = vt_staff_mode_new (GTK_WINDOW (self), self->stack, queue, camera, procedures,
                                        data_dir);
  g_signal_connect_swapped (self->staff_mode, "unlocked", G_CALLBACK (staff_unlocked_cb), self);
  g_signal_connect_swapped (self->staff_mode, "finished", G_CALLBACK (staff_finished_cb), self);
  g_signal_connect_swapped (self->staff_mode, "assisted-session",
                            G_CALLBACK (staff_assisted_cb), self);
  show_start (self);
  return self;
}

VtAssistant *
vt_window_get_assistant (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->assistant;
}

VtCamera *
vt_window_get_camera (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->camera;
}

const char *
vt_window_get_visible_name (VtWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  if (child == NULL)
    return NULL;
  if (child == self->start_page)
    return "start";
  return gtk_stack_get_visible_child_name (self->stack);
}

VtKeyboardDock *
vt_window_get_keyboard_dock (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->keyboard_dock;
}

const char *
vt_window_get_last_submission (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->last_submission;
}

void
vt_window_start_procedure (VtWindow   *self,
                           const char *procedure_id)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  for (guint i = 0; i < self->procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (self->procedures, i);
      if (g_str_equal (vt_procedure_get_id (procedure), procedure_id))
        procedure_chosen_cb (self, procedure);
    }
}

void
vt_window_set_default_language (VtWindow   *self,
                                const char *language)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  g_free (self->default_language);
  self->default_language = g_strdup (language);
}

void
vt_window_set_kiosk_id (VtWindow   *self,
                        const char *kiosk_id)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  g_free (self->kiosk_id);
  self->kiosk_id = g_strdup (kiosk_id && *kiosk_id ? kiosk_id : NULL);
}

void
vt_window_reset (VtWindow *self)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  end_session (self);
  /* An assisted session ends with the session it assisted. */
  vt_staff_mode_reset (self->staff_mode);
  /* The next person starts in the kiosk's language, not in the previous person's. */
  if (self->default_language != NULL)
    vt_i18n_set_language (self->default_language);
  show_start (self);
  g_signal_emit (self, signals[SIGNAL_RESET], 0);
}

void
vt_window_set_data_dir (VtWindow   *self,
                        const char *data_dir)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (VT_IS_WINDOW (self));

  if (data_dir == NULL && self->sessions_dir != NULL)
    data_dir = fallback = g_path_get_dirname (self->sessions_dir);
  vt_staff_mode_set_data_dir (self->staff_mode, data_dir);
}

void
vt_window_set_uploader (VtWindow   *self,
                        VtUploader *uploader)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (uploader == NULL || VT_IS_UPLOADER (uploader));

  g_set_object (&self->uploader, uploader);
  vt_staff_mode_set_uploader (self->staff_mode, uploader);
}

GtkWidget *
vt_window_get_staff_panel (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_staff_mode_get_panel (self->staff_mode);
}

const char *
vt_window_get_staff_id (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_staff_mode_get_staff_id (self->staff_mode);
}

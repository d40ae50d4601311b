/* vt-staff-panel.c — staff mode: the PIN gate, then the queue, diagnostics, settings,
 * assisted sessions and the technician's way out of kiosk mode.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-staff-panel.h"

#include "kiosk/vt-diagnostics.h"
#include "staff/vt-pin-pad.h"
#include "staff/vt-pin.h"
#include "staff/vt-staff-diagnostics-page.h"
#include "staff/vt-staff-queue-page.h"
#include "staff/vt-staff-settings-page.h"

#include <glib/gi18n-lib.h>

#define DEFAULT_IDLE_MS (120 * 1000)

/* One PIN pad and the lock that guards it. */
typedef struct
{
  VtStaffPanel *panel;
  VtPinPad     *pad;
  VtPinLock    *lock;
  const char   *key;       /* the GSettings key with the hash */
  const char   *prompt;
  guint         countdown;
  gboolean      checking;
} Gate;

struct _VtStaffPanel
{
  AdwBin         parent_instance;

  VtQueue       *queue;
  VtCamera      *camera;
  GPtrArray     *procedures;
  GSettings     *settings;
  char          *data_dir;
  GCancellable  *cancellable;
  Gate           staff;
  Gate           technician;
  GtkWidget     *assisted_pad;
  GtkWidget     *queue_page;
  GtkWidget     *diagnostics_page;
  GtkWidget     *settings_page;
  gboolean       unlocked;
  gint64         last_activity;
  guint          idle_ms;
  guint          idle_timer;

  GtkStack      *gate;
  AdwBin        *pin_slot;
  AdwLeaflet    *leaflet;
  GtkStack      *pages;
  GtkWidget     *queue_button;
  GtkWidget     *diagnostics_button;
  GtkWidget     *settings_button;
  GtkWidget     *assisted_button;
  GtkWidget     *technician_button;
};

G_DEFINE_FINAL_TYPE (VtStaffPanel, vt_staff_panel, ADW_TYPE_BIN)

enum { UNLOCKED, CANCELLED, FINISHED, ASSISTED_SESSION, LEAVE_KIOSK, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
dup_hash (VtStaffPanel *self,
          const char   *key)
{
  return self->settings ? g_settings_get_string (self->settings, key) : NULL;
}

static void gate_update (Gate *gate);

static gboolean
countdown_cb (gpointer user_data)
{
  Gate *gate = user_data;

  gate_update (gate);
  return gate->countdown != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Shows the lock, counting down, or the prompt when the pad may be used. */
static void
gate_update (Gate *gate)
{
  gint64 wait = vt_pin_lock_get_wait_ms (gate->lock);

  if (wait > 0)
    {
      gint64 seconds = (wait + 999) / 1000;
      /* A lock lasts an hour at most: the seconds fit an unsigned int. */
      guint shown = (guint)MIN (seconds, G_MAXUINT);
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL,
                                                            "Demasiados intentos equivocados. "
                                                            "Espere %u segundo.",
                                                            "Demasiados intentos equivocados. "
                                                            "Espere %u segundos.",
                                                            shown), shown);

      vt_pin_pad_set_locked (gate->pad, TRUE);
      vt_pin_pad_set_message (gate->pad, text, TRUE);
      if (gate->countdown == 0)
        gate->countdown = g_timeout_add (MIN (250, MAX (wait / 4, 20)), countdown_cb, gate);
      return;
    }
  if (gate->countdown != 0)
    {
      /* Called from the countdown itself: it ends by returning G_SOURCE_REMOVE. */
      gate->countdown = 0;
      vt_pin_pad_set_message (gate->pad, gate->prompt, FALSE);
    }
  vt_pin_pad_set_locked (gate->pad, gate->checking);
}

static void
show_page (VtStaffPanel *self,
           const char   *name)
{
  struct { const char *page; GtkWidget *button; } buttons[] = {
    { "queue", self->queue_button },
    { "diagnostics", self->diagnostics_button },
    { "settings", self->settings_button },
    { "assisted", self->assisted_button },
    { "technician", self->technician_button },
  };

  /* The sidebar shows where staff are, to the eye and to a screen reader. */
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      gboolean current = g_str_equal (buttons[i].page, name);

      if (current)
        gtk_widget_set_state_flags (buttons[i].button, GTK_STATE_FLAG_CHECKED, FALSE);
      else
        gtk_widget_unset_state_flags (buttons[i].button, GTK_STATE_FLAG_CHECKED);
      gtk_accessible_update_state (GTK_ACCESSIBLE (buttons[i].button),
                                   GTK_ACCESSIBLE_STATE_SELECTED, current, -1);
    }
  gtk_stack_set_visible_child_name (self->pages, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Gate *gate = user_data;
  VtStaffPanel *self = gate->panel;
  g_autoptr(GError) error = NULL;
  gint64 wait = 0;
  VtPinResult outcome;

  outcome = vt_pin_lock_verify_finish (VT_PIN_LOCK (object), result, &wait, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->gate == NULL)
    {
      g_object_unref (self);
      return;
    }
  gate->checking = FALSE;
  switch (outcome)
    {
    case VT_PIN_RESULT_OK:
      vt_pin_pad_set_message (gate->pad, gate->prompt, FALSE);
      if (gate == &self->staff)
        {
          self->unlocked = TRUE;
          g_message ("Staff mode opened");
          gtk_stack_set_visible_child_name (self->gate, "staff");
          show_page (self, "queue");
          g_signal_emit (self, signals[UNLOCKED], 0);
        }
      else
        {
          g_message ("Technician PIN accepted: leaving kiosk mode");
          g_signal_emit (self, signals[LEAVE_KIOSK], 0);
        }
      break;
    case VT_PIN_RESULT_NOT_SET:
      if (gate == &self->staff)
        gtk_stack_set_visible_child_name (self->gate, "not-set");
      else
        vt_pin_pad_set_message (gate->pad,
                                _("No hay PIN de técnico. Se configura en este equipo con la "
                                  "orden «ventanilla --set-technician-pin»."), TRUE);
      break;
    case VT_PIN_RESULT_WRONG:
    case VT_PIN_RESULT_LOCKED:
    default:
      if (wait == 0)
        {
          guint failures = vt_pin_lock_get_failures (gate->lock);
          guint left = failures < VT_PIN_FREE_TRIES ? VT_PIN_FREE_TRIES - failures : 1;
          g_autofree char *text = g_strdup_printf (g_dngettext (NULL,
                                                                "PIN equivocado. Queda %u "
                                                                "intento antes del bloqueo.",
                                                                "PIN equivocado. Quedan %u "
                                                                "intentos antes del bloqueo.",
                                                                left), left);
          vt_pin_pad_set_message (gate->pad, text, TRUE);
        }
      break;
    }
  gate_update (gate);
  g_object_unref (self);
}

static void
pin_submitted_cb (VtPinPad   *pad,
                  const char *digits,
                  Gate       *gate)
{
  VtStaffPanel *self = gate->panel;
  g_autofree char *hash = dup_hash (self, gate->key);

  if (gate->checking)
    return;
  gate->checking = TRUE;
  vt_pin_pad_set_locked (pad, TRUE);
  vt_pin_pad_set_message (pad, _("Comprobando…"), FALSE);
  /* Argon2id is slow on purpose: never on the UI thread. */
  vt_pin_lock_verify_async (gate->lock, hash, digits, self->cancellable, verified_cb, gate);
  g_object_ref (self);
}

static void
gate_init (VtStaffPanel *self,
           Gate         *gate,
           const char   *lock_name,
           const char   *key,
           const char   *title,
           const char   *prompt)
{
  g_autofree char *path = g_build_filename (self->data_dir, lock_name, NULL);

  gate->panel = self;
  gate->key = key;
  gate->prompt = prompt;
  gate->lock = vt_pin_lock_new (path);
  gate->pad = VT_PIN_PAD (vt_pin_pad_new (title, TRUE, VT_PIN_MIN_DIGITS, VT_PIN_MAX_DIGITS));
  vt_pin_pad_set_message (gate->pad, prompt, FALSE);
  g_signal_connect (gate->pad, "submitted", G_CALLBACK (pin_submitted_cb), gate);
  gate_update (gate);
}

static void
gate_clear (Gate *gate)
{
  g_clear_handle_id (&gate->countdown, g_source_remove);
  g_clear_object (&gate->lock);
}

static void
cancel_cb (VtStaffPanel *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
finish_cb (VtStaffPanel *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
show_queue_cb (VtStaffPanel *self)
{
  show_page (self, "queue");
}

static void
show_diagnostics_cb (VtStaffPanel *self)
{
  show_page (self, "diagnostics");
}

static void
show_settings_cb (VtStaffPanel *self)
{
  show_page (self, "settings");
}

static void
show_assisted_cb (VtStaffPanel *self)
{
  vt_pin_pad_clear (VT_PIN_PAD (self->assisted_pad));
  show_page (self, "assisted");
}

static void
show_technician_cb (VtStaffPanel *self)
{
  vt_pin_pad_clear (self->technician.pad);
  show_page (self, "technician");
}

static void
assisted_submitted_cb (VtStaffPanel *self,
                       const char   *staff_id)
{
  g_message ("Assisted session started from staff mode");
  g_signal_emit (self, signals[ASSISTED_SESSION], 0, staff_id);
}

/* Any touch, key or pointer movement keeps staff mode open. */
static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             VtStaffPanel             *self)
{
  self->last_activity = g_get_monotonic_time ();
  return FALSE;
}

static gboolean
idle_cb (gpointer user_data)
{
  VtStaffPanel *self = user_data;

  if (g_get_monotonic_time () - self->last_activity < (gint64)self->idle_ms * 1000)
    return G_SOURCE_CONTINUE;
  self->idle_timer = 0;
  g_message ("Staff mode closed after %u ms without input", self->idle_ms);
  g_signal_emit (self, signals[self->unlocked ? FINISHED : CANCELLED], 0);
  return G_SOURCE_REMOVE;
}

static void
restart_idle (VtStaffPanel *self)
{
  g_clear_handle_id (&self->idle_timer, g_source_remove);
  self->last_activity = g_get_monotonic_time ();
  self->idle_timer = g_timeout_add (MAX (MIN (self->idle_ms / 4, 1000), 10), idle_cb, self);
}

void
vt_staff_panel_set_idle_timeout (VtStaffPanel *self,
                                 guint         ms)
{
  g_return_if_fail (VT_IS_STAFF_PANEL (self));

  self->idle_ms = MAX (ms, 50);
  restart_idle (self);
}

void
vt_staff_panel_set_uploader (VtStaffPanel *self,
                             VtUploader   *uploader)
{
  g_return_if_fail (VT_IS_STAFF_PANEL (self));

  vt_staff_queue_page_set_uploader (VT_STAFF_QUEUE_PAGE (self->queue_page), uploader);
}

const char *
vt_staff_panel_get_page_name (VtStaffPanel *self)
{
  const char *gate;

  g_return_val_if_fail (VT_IS_STAFF_PANEL (self), NULL);

  gate = gtk_stack_get_visible_child_name (self->gate);
  if (g_strcmp0 (gate, "staff") != 0)
    return gate;
  return gtk_stack_get_visible_child_name (self->pages);
}

void
vt_staff_panel_show_page (VtStaffPanel *self,
                          const char   *name)
{
  g_return_if_fail (VT_IS_STAFF_PANEL (self));
  g_return_if_fail (self->unlocked);

  show_page (self, name);
}

static void
vt_staff_panel_dispose (GObject *object)
{
  VtStaffPanel *self = (VtStaffPanel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_timer, g_source_remove);
  gate_clear (&self->staff);
  gate_clear (&self->technician);
  /* AdwBin unparents the template's tree (its child) itself; disposing the template as well
   * would leave AdwBin a dangling child. */
  self->gate = NULL;
  self->pin_slot = NULL;
  self->leaflet = NULL;
  self->pages = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->queue);
  g_clear_object (&self->camera);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_staff_panel_parent_class)->dispose (object);
}

static void
vt_staff_panel_finalize (GObject *object)
{
  VtStaffPanel *self = (VtStaffPanel *)object;

  g_free (self->data_dir);
  G_OBJECT_CLASS (vt_staff_panel_parent_class)->finalize (object);
}

static void
vt_staff_panel_class_init (VtStaffPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_staff_panel_dispose;
  object_class->finalize = vt_staff_panel_finalize;

  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ASSISTED_SESSION] = g_signal_new ("assisted-session", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LEAVE_KIOSK] = g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/vt-staff-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, gate);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, pin_slot);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, pages);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, queue_button);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, diagnostics_button);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, settings_button);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, assisted_button);
  gtk_widget_class_bind_template_child (widget_class, VtStaffPanel, technician_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_queue_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_diagnostics_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_settings_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_assisted_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_technician_cb);
}

static GtkWidget *
scrolling (GtkWidget *page)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), page);
  return scrolled;
}

static void
vt_staff_panel_init (VtStaffPanel *self)
{
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->idle_ms = DEFAULT_IDLE_MS;
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
}

GtkWidget *
vt_staff_panel_new (VtQueue    *queue,
                    VtCamera   *camera,
                    GPtrArray  *procedures,
                    const char *data_dir,
                    GSettings  *settings)
{
  VtStaffPanel *self;
  g_autoptr(VtDiagnostics) diagnostics = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *url = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *office_key = NULL;

  g_return_val_if_fail (VT_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (VT_TYPE_STAFF_PANEL, NULL);
  self->queue = g_object_ref (queue);
  self->camera = g_object_ref (camera);
  self->procedures = procedures ? g_ptr_array_ref (procedures) : NULL;
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->data_dir = g_strdup (data_dir);

  gate_init (self, &self->staff, "staff-pin.lock", "staff-pin-hash", _("Modo del personal"),
             _("Ingrese el PIN del personal."));
  adw_bin_set_child (self->pin_slot, GTK_WIDGET (self->staff.pad));
  g_signal_connect_swapped (self->staff.pad, "cancelled", G_CALLBACK (cancel_cb), self);

  gate_init (self, &self->technician, "technician-pin.lock", "technician-pin-hash",
             _("Salir del modo quiosco"),
             _("Solo para técnicos: ingrese el PIN de técnico. El quiosco se cerrará y podrá "
               "usar el equipo."));
  g_signal_connect_swapped (self->technician.pad, "cancelled", G_CALLBACK (show_queue_cb), self);

  self->assisted_pad = vt_pin_pad_new (_("Sesión asistida"), FALSE, 1, 12);
  vt_pin_pad_set_message (VT_PIN_PAD (self->assisted_pad),
                          _("Ingrese su número de funcionario. El trámite que siga quedará "
                            "registrado como asistido por usted."), FALSE);
  g_signal_connect_swapped (self->assisted_pad, "submitted", G_CALLBACK (assisted_submitted_cb),
                            self);
  g_signal_connect_swapped (self->assisted_pad, "cancelled", G_CALLBACK (show_queue_cb), self);

  if (settings != NULL)
    {
      url = g_settings_get_string (settings, "upload-url");
      printer = g_settings_get_string (settings, "printer");
      office_key = g_settings_get_string (settings, "office-public-key");
    }
  diagnostics = vt_diagnostics_new (data_dir);
  vt_diagnostics_set_office_key (diagnostics, office_key);
  vt_diagnostics_set_camera (diagnostics, camera, NULL);
  vt_diagnostics_set_kiosk_mode (diagnostics,
                                 settings != NULL && g_settings_get_boolean (settings, "kiosk-mode"));
  vt_diagnostics_set_upload_url (diagnostics, url);
  vt_diagnostics_set_printer (diagnostics, printer);

  self->queue_page = vt_staff_queue_page_new (queue, procedures);
  self->diagnostics_page = vt_staff_diagnostics_page_new (diagnostics);
  self->settings_page = vt_staff_settings_page_new (settings, procedures);
  gtk_stack_add_named (self->pages, self->queue_page, "queue");
  gtk_stack_add_named (self->pages, self->diagnostics_page, "diagnostics");
  gtk_stack_add_named (self->pages, self->settings_page, "settings");
  /* The pads' tall keys scroll rather than make every page (the settings page with the
   * on-screen keyboard under it) as tall as they are. */
  gtk_stack_add_named (self->pages, scrolling (self->assisted_pad), "assisted");
  gtk_stack_add_named (self->pages, scrolling (GTK_WIDGET (self->technician.pad)), "technician");

  /* Without a PIN there is no way in: say how to set one instead of showing a useless pad. */
  hash = dup_hash (self, "staff-pin-hash");
  gtk_stack_set_visible_child_name (self->gate, hash && *hash ? "pin" : "not-set");
  restart_idle (self);
  return GTK_WIDGET (self);
}


/* vt-idle-monitor.c — forgets a person who walked away: warning, countdown, wipe.
 *
 * Input is seen by a capture-phase controller on each window of the kiosk, before any widget
 * can consume it, and only stamps the time; a half-second check compares that time with the
 * limit of the page on show. The page is asked at each check because the confirmation page
 * arrives on its own, after the queue has stored the submission.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-idle-monitor.h"

#include "vt-i18n.h"

#include <adwaita.h>
#include <math.h>

#define CHECK_INTERVAL_MS 500
#define BEEP_AGAIN_AT     10

struct _VtIdleMonitor
{
  GObject     parent_instance;

  GtkWidget  *window;     /* weak */
  GSettings  *settings;
  VtSpeaker  *speaker;
  GtkWidget  *content;    /* weak: what the warning covers */
  GtkWidget  *warning;    /* weak: owned by the overlay */
  GListModel *toplevels;
  gulong      toplevels_handler;

  gint64      last_input;
  gint64      last_check;  /* when check_cb last ran */
  gboolean    check_deferred;
  double      pointer_x;  /* where the last motion event put the pointer */
  double      pointer_y;
  gboolean    pointer_known;
  gboolean    dirty;      /* input since the last reset */
  guint       check_id;
  guint       countdown_id;
};

G_DEFINE_FINAL_TYPE (VtIdleMonitor, vt_idle_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_WARNING_SHOWN,
  SIGNAL_WIPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
get_seconds (VtIdleMonitor *self,
             const char    *key,
             guint          fallback)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, key) : fallback;
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          VtIdleMonitor            *self)
{
  switch ((int)gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
      {
        double x, y;

        /* GTK repeats the last pointer position as a motion event whenever the layout under
         * a resting pointer changes (a status line, a camera overlay): only a pointer that
         * moved is a person. */
        if (!gdk_event_get_position (event, &x, &y)
            || (fabs (x - self->pointer_x) < 1 && fabs (y - self->pointer_y) < 1))
          break;
        self->pointer_x = x;
        self->pointer_y = y;
        self->pointer_known = TRUE;
      }
      G_GNUC_FALLTHROUGH;
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
      /* During the warning only "Continuar" counts: a passer-by's touch must not keep
       * someone else's session open. */
      if (!vt_idle_monitor_is_warning (self))
        {
          self->last_input = g_get_monotonic_time ();
          self->dirty = TRUE;
        }
      break;
    default:
      /* Crossing and focus events also follow layout changes, not a person. */
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Every window of the kiosk: the main one, and dialogs such as "¿Salir del trámite?". */
static void
watch_toplevels (VtIdleMonitor *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (self->toplevels, i);
      GtkEventController *controller;

      if (g_object_get_data (G_OBJECT (window), "vt-idle-watched") != NULL)
        continue;
      controller = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      gtk_event_controller_set_name (controller, "vt-idle-input");
      g_signal_connect_object (controller, "event", G_CALLBACK (event_cb), self, 0);
      gtk_widget_add_controller (window, controller);
      g_object_set_data (G_OBJECT (window), "vt-idle-watched", GINT_TO_POINTER (1));
    }
}

/* Dialogs of the main window would stand in front of the warning. */
static void
close_dialogs (VtIdleMonitor *self)
{
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (self->toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (self->toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self->window))
        g_ptr_array_add (dialogs, window);
      else
        g_object_unref (window);
    }
  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_close (g_ptr_array_index (dialogs, i));
}

static void
hide_warning (VtIdleMonitor *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->warning != NULL)
    gtk_widget_set_visible (self->warning, FALSE);
  if (self->content != NULL)
    gtk_widget_set_can_focus (self->content, TRUE);
  vt_speaker_stop (self->speaker);
}

static void
wipe (VtIdleMonitor *self)
{
  hide_warning (self);
  if (self->window == NULL)
    return;
  close_dialogs (self);
  g_message ("No input for too long: the session was wiped");
  /* window_reset_cb () starts the next person's time. */
  vt_window_reset (VT_WINDOW (self->window));
  g_signal_emit (self, signals[SIGNAL_WIPED], 0);
}

/* The window was wiped, by this monitor or by anything else (the person's «Salir» or
 * «Terminar», staff mode): a new person's time starts, and no warning or countdown of the
 * last one stays on screen to wipe them a second time. */
static void
window_reset_cb (VtIdleMonitor *self)
{
  hide_warning (self);
  self->last_input = g_get_monotonic_time ();
  self->dirty = FALSE;
}

static gboolean
countdown_cb (gpointer user_data)
{
  VtIdleMonitor *self = user_data;
  VtIdleWarning *warning = VT_IDLE_WARNING (self->warning);
  guint left = vt_idle_warning_get_seconds_left (warning);

  if (left <= 1)
    {
      self->countdown_id = 0;
      wipe (self);
      return G_SOURCE_REMOVE;
    }
  vt_idle_warning_set_seconds_left (warning, left - 1);
  if (left - 1 == BEEP_AGAIN_AT)
    vt_speaker_beep (self->speaker);
  return G_SOURCE_CONTINUE;
}

static void
continue_cb (VtIdleMonitor *self)
{
  hide_warning (self);
  self->last_input = g_get_monotonic_time ();
  self->dirty = TRUE;
}

/* Motion reaches GTK at the next frame, which a busy main loop can put off: before telling
 * someone they are gone, ask where the pointer is now. */
static gboolean
pointer_moved_unseen (VtIdleMonitor *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self->window));
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (self->window));
  GdkDevice *pointer = seat != NULL ? gdk_seat_get_pointer (seat) : NULL;
  gboolean moved;
  double x, y;

  if (surface == NULL || pointer == NULL
      || !gdk_surface_get_device_position (surface, pointer, &x, &y, NULL))
    return FALSE;
  moved = self->pointer_known && (fabs (x - self->pointer_x) >= 1
                                  || fabs (y - self->pointer_y) >= 1);
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_known = TRUE;
  return moved;
}

static gboolean
check_cb (gpointer user_data)
{
  VtIdleMonitor *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 since_check = now - self->last_check;
  const char *page;
  guint limit;

  self->last_check = now;
  /* A check that comes late found the main loop held (sealing a submission, a slow camera
   * start): a touch made meanwhile waits in the queue behind this very timeout. The next
   * check comes after that input has been counted, so a person who touched the screen is
   * never warned for the machine's own pause. Only once in a row: a loop held all the time
   * must not keep the warning away for ever. */
  if (since_check > 2 * CHECK_INTERVAL_MS * 1000 && !self->check_deferred)
    {
      self->check_deferred = TRUE;
      return G_SOURCE_CONTINUE;
    }
  self->check_deferred = FALSE;
  if (self->window == NULL || vt_idle_monitor_is_warning (self))
    return G_SOURCE_CONTINUE;
  page = vt_window_get_visible_name (VT_WINDOW (self->window));
  /* Staff mode keeps its own, longer idle limit and closes itself (vt-staff-panel.c). */
  if (page == NULL || g_str_equal (page, "staff"))
    return G_SOURCE_CONTINUE;
  limit = g_str_equal (page, "done") ? get_seconds (self, "idle-timeout-confirmation", 30)
                                     : get_seconds (self, "idle-timeout", 90);
  if (now - self->last_input < (gint64)limit * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  if (pointer_moved_unseen (self))
    {
      self->last_input = now;
      self->dirty = TRUE;
      return G_SOURCE_CONTINUE;
    }

  if (g_str_equal (page, "start"))
    {
      /* Nothing to lose here, so no warning; a language or display choice left behind is
       * quietly undone for the next person. */
      if (self->dirty)
        {
          vt_window_reset (VT_WINDOW (self->window));
          self->dirty = FALSE;
        }
      self->last_input = g_get_monotonic_time ();
      return G_SOURCE_CONTINUE;
    }
  vt_idle_monitor_warn_now (self);
  return G_SOURCE_CONTINUE;
}

static void
window_destroyed_cb (VtIdleMonitor *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static void
vt_idle_monitor_dispose (GObject *object)
{
  VtIdleMonitor *self = (VtIdleMonitor *)object;

  window_destroyed_cb (self);
  if (self->toplevels != NULL)
    g_clear_signal_handler (&self->toplevels_handler, self->toplevels);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->content);
  g_clear_weak_pointer (&self->warning);
  g_clear_object (&self->settings);
  g_clear_object (&self->speaker);

  G_OBJECT_CLASS (vt_idle_monitor_parent_class)->dispose (object);
}

static void
vt_idle_monitor_class_init (VtIdleMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_idle_monitor_dispose;

  signals[SIGNAL_WARNING_SHOWN] = g_signal_new ("warning-shown", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
  signals[SIGNAL_WIPED] = g_signal_new ("wiped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_idle_monitor_init (VtIdleMonitor *self)
{
}

VtIdleMonitor *
vt_idle_monitor_new (VtWindow  *window,
                     GSettings *settings,
                     VtSpeaker *speaker)
{
  VtIdleMonitor *self;
  GtkWidget *content;
  GtkWidget *overlay;
  GtkWidget *warning;

  g_return_val_if_fail (VT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (VT_IS_SPEAKER (speaker), NULL);

  self = g_object_new (VT_TYPE_IDLE_MONITOR, NULL);
  g_set_weak_pointer (&self->window, GTK_WIDGET (window));
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->speaker = g_object_ref (speaker);

  /* The warning lies over everything the window shows. */
  content = g_object_ref (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), NULL);
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  g_set_weak_pointer (&self->content, content);
  g_object_unref (content);
  warning = vt_idle_warning_new ();
  gtk_widget_set_visible (warning, FALSE);
  g_signal_connect_object (warning, "continue", G_CALLBACK (continue_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), warning);
  g_set_weak_pointer (&self->warning, warning);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), overlay);

  self->toplevels = gtk_window_get_toplevels ();
  self->toplevels_handler = g_signal_connect_swapped (self->toplevels, "items-changed",
                                                      G_CALLBACK (watch_toplevels), self);
  watch_toplevels (self);
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "reset", G_CALLBACK (window_reset_cb), self,
                           G_CONNECT_SWAPPED);

  self->last_input = g_get_monotonic_time ();
  self->last_check = self->last_input;
  self->check_id = g_timeout_add (CHECK_INTERVAL_MS, check_cb, self);
  return self;
}

gboolean
vt_idle_monitor_is_warning (VtIdleMonitor *self)
{
  g_return_val_if_fail (VT_IS_IDLE_MONITOR (self), FALSE);
  return self->warning != NULL && gtk_widget_get_visible (self->warning);
}

VtIdleWarning *
vt_idle_monitor_get_warning (VtIdleMonitor *self)
{
  g_return_val_if_fail (VT_IS_IDLE_MONITOR (self), NULL);
  return self->warning ? VT_IDLE_WARNING (self->warning) : NULL;
}

void
vt_idle_monitor_warn_now (VtIdleMonitor *self)
{
  VtIdleWarning *warning;
  g_autofree char *text = NULL;

  g_return_if_fail (VT_IS_IDLE_MONITOR (self));

  if (self->warning == NULL || vt_idle_monitor_is_warning (self))
    return;
  warning = VT_IDLE_WARNING (self->warning);
  close_dialogs (self);
  vt_idle_warning_set_seconds_left (warning, MAX (get_seconds (self, "idle-warning", 30), 1));
  /* Nothing behind the warning takes the focus: Tab stays on "Continuar". */
  if (self->content != NULL)
    gtk_widget_set_can_focus (self->content, FALSE);
  gtk_widget_set_visible (self->warning, TRUE);
  gtk_widget_grab_focus (vt_idle_warning_get_button (warning));
  text = vt_idle_warning_dup_text (warning);
  vt_speaker_alert (self->speaker, text, vt_i18n_get_language ());
  self->countdown_id = g_timeout_add (1000, countdown_cb, self);
  g_signal_emit (self, signals[SIGNAL_WARNING_SHOWN], 0);
}

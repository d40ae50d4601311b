/* vt-staff-mode.c — the way into staff mode and back out: the hidden corner press, the panel
 * over whatever page was shown, the page put back, and the staff id of an assisted session.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-staff-mode.h"

#include "kiosk/vt-kiosk-mode.h"
#include "staff/vt-staff-panel.h"

#include <glib/gi18n-lib.h>

/* The hidden way in: a press held for 3 s in the window's top-left corner, on any page. Seen
 * by a legacy controller in the capture phase, so that no button or gesture under the finger
 * can hide it (GTK's long-press gesture stops at 1 s). */
#define CORNER_PX 96
#define PRESS_MS 3000
#define SLOP_PX 32

struct _VtStaffMode
{
  GObject     parent_instance;

  GtkWindow  *window;        /* weak: the window owns staff mode */
  GtkStack   *stack;         /* weak */
  VtQueue    *queue;
  VtCamera   *camera;
  VtUploader *uploader;      /* NULL: no upload server set */
  GPtrArray  *procedures;
  char       *data_dir;

  GtkWidget  *panel;         /* while open */
  GtkWidget  *return_page;   /* weak: the page to go back to when the PIN pad is left */
  char       *return_title;
  char       *staff_id;      /* of the assisted session under way */

  guint       press_id;
  double      press_x;
  double      press_y;
};

G_DEFINE_FINAL_TYPE (VtStaffMode, vt_staff_mode, G_TYPE_OBJECT)

enum {
  SIGNAL_UNLOCKED,
  SIGNAL_FINISHED,
  SIGNAL_ASSISTED_SESSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void
close_panel (VtStaffMode *self)
{
  GtkWidget *panel = self->panel;

  if (panel == NULL)
    return;
  self->panel = NULL;
  g_signal_handlers_disconnect_by_data (panel, self);
  if (self->stack != NULL)
    gtk_stack_remove (self->stack, panel);
}

/* Staff mode is over and the start page comes back. */
static void
finish (VtStaffMode *self)
{
  g_clear_weak_pointer (&self->return_page);
  close_panel (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
panel_cancelled_cb (VtStaffMode *self)
{
  GtkWidget *back = self->return_page;

  g_clear_weak_pointer (&self->return_page);
  close_panel (self);
  /* The person who was there finds their page as they left it. */
  if (back != NULL && self->stack != NULL
      && gtk_widget_get_parent (back) == GTK_WIDGET (self->stack))
    {
      gtk_stack_set_visible_child (self->stack, back);
      if (self->window != NULL)
        gtk_window_set_title (self->window, self->return_title);
    }
  else
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
panel_unlocked_cb (VtStaffMode *self)
{
  /* Staff mode ends at the start page: whatever a person had entered goes now. */
  g_clear_weak_pointer (&self->return_page);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
}

static void
panel_finished_cb (VtStaffMode *self)
{
  g_object_ref (self);
  finish (self);
  g_object_unref (self);
}

static void
panel_assisted_cb (VtStaffMode *self,
                   const char  *staff_id)
{
  g_autofree char *id = g_strdup (staff_id);

  g_object_ref (self);
  /* The window is wiped first (which ends any assisted session), then this one begins. */
  finish (self);
  g_free (self->staff_id);
  self->staff_id = g_steal_pointer (&id);
  g_signal_emit (self, signals[SIGNAL_ASSISTED_SESSION], 0, self->staff_id);
  g_object_unref (self);
}

static void
panel_leave_kiosk_cb (VtStaffMode *self)
{
  g_autoptr(GtkWindow) window = self->window ? g_object_ref (self->window) : NULL;
  GtkApplication *application = window ? gtk_window_get_application (window) : NULL;

  g_object_ref (self);
  /* The marker tells the kiosk session not to start the kiosk again (the fleet's kiosk-mode
   * setting stays as it is: the next session is a kiosk again). */
  finish (self);
  if (window != NULL)
    vt_kiosk_mode_leave (window);
  if (application != NULL)
    g_application_quit (G_APPLICATION (application));
  g_object_unref (self);
}

void
vt_staff_mode_open (VtStaffMode *self)
{
  g_autoptr(GSettings) settings = dup_settings ();

  g_return_if_fail (VT_IS_STAFF_MODE (self));

  if (self->panel != NULL || self->stack == NULL || self->window == NULL)
    return;
  g_message ("Staff mode asked for");
  g_set_weak_pointer (&self->return_page, gtk_stack_get_visible_child (self->stack));
  g_free (self->return_title);
  self->return_title = g_strdup (gtk_window_get_title (self->window));
  self->panel = vt_staff_panel_new (self->queue, self->camera, self->procedures, self->data_dir,
                                    settings);
  vt_staff_panel_set_uploader (VT_STAFF_PANEL (self->panel), self->uploader);
  g_signal_connect_swapped (self->panel, "cancelled", G_CALLBACK (panel_cancelled_cb), self);
  g_signal_connect_swapped (self->panel, "unlocked", G_CALLBACK (panel_unlocked_cb), self);
  g_signal_connect_swapped (self->panel, "finished", G_CALLBACK (panel_finished_cb), self);
  g_signal_connect_swapped (self->panel, "assisted-session", G_CALLBACK (panel_assisted_cb),
                            self);
  g_signal_connect_swapped (self->panel, "leave-kiosk", G_CALLBACK (panel_leave_kiosk_cb), self);
  gtk_stack_add_named (self->stack, self->panel, "staff");
  gtk_stack_set_visible_child (self->stack, self->panel);
  gtk_window_set_title (self->window, _("Modo del personal"));
}

static gboolean
press_timeout_cb (gpointer user_data)
{
  VtStaffMode *self = user_data;

  self->press_id = 0;
  vt_staff_mode_open (self);
  return G_SOURCE_REMOVE;
}

static gboolean
corner_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 VtStaffMode              *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  double x = 0, y = 0, dx = 0, dy = 0;
  gboolean located;

  located = gdk_event_get_position (event, &x, &y);
  gtk_native_get_surface_transform (GTK_NATIVE (widget), &dx, &dy);
  x -= dx;
  y -= dy;
  switch ((int)gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      g_clear_handle_id (&self->press_id, g_source_remove);
      if (located && x <= CORNER_PX && y <= CORNER_PX && self->panel == NULL)
        {
          self->press_x = x;
          self->press_y = y;
          self->press_id = g_timeout_add (PRESS_MS, press_timeout_cb, self);
        }
      break;
    case GDK_MOTION_NOTIFY:
    case GDK_TOUCH_UPDATE:
      if (self->press_id != 0 && located
          && (ABS (x - self->press_x) > SLOP_PX || ABS (y - self->press_y) > SLOP_PX))
        g_clear_handle_id (&self->press_id, g_source_remove);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      g_clear_handle_id (&self->press_id, g_source_remove);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
vt_staff_mode_dispose (GObject *object)
{
  VtStaffMode *self = (VtStaffMode *)object;

  g_clear_handle_id (&self->press_id, g_source_remove);
  close_panel (self);
  g_clear_weak_pointer (&self->return_page);
  g_clear_weak_pointer (&self->stack);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->uploader);
  g_clear_object (&self->queue);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_staff_mode_parent_class)->dispose (object);
}

static void
vt_staff_mode_finalize (GObject *object)
{
  VtStaffMode *self = (VtStaffMode *)object;

  g_free (self->data_dir);
  g_free (self->return_title);
  g_free (self->staff_id);

  G_OBJECT_CLASS (vt_staff_mode_parent_class)->finalize (object);
}

static void
vt_staff_mode_class_init (VtStaffModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_staff_mode_dispose;
  object_class->finalize = vt_staff_mode_finalize;

  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[SIGNAL_ASSISTED_SESSION] = g_signal_new ("assisted-session", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_staff_mode_init (VtStaffMode *self)
{
}

VtStaffMode *
vt_staff_mode_new (GtkWindow  *window,
                   GtkStack   *stack,
                   VtQueue    *queue,
                   VtCamera   *camera,
                   GPtrArray  *procedures,
                   const char *data_dir)
{
  VtStaffMode *self;
  GtkEventController *corner;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_STACK (stack), NULL);
  g_return_val_if_fail (VT_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (procedures != NULL, NULL);

  self = g_object_new (VT_TYPE_STAFF_MODE, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->stack, stack);
  self->queue = g_object_ref (queue);
  self->camera = g_object_ref (camera);
  self->procedures = g_ptr_array_ref (procedures);
  self->data_dir = g_strdup (data_dir);

  corner = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (corner, "staff-corner");
  gtk_event_controller_set_propagation_phase (corner, GTK_PHASE_CAPTURE);
  g_signal_connect_object (corner, "event", G_CALLBACK (corner_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), corner);
  return self;
}

void
vt_staff_mode_set_data_dir (VtStaffMode *self,
                            const char  *data_dir)
{
  g_return_if_fail (VT_IS_STAFF_MODE (self));

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

void
vt_staff_mode_set_uploader (VtStaffMode *self,
                            VtUploader  *uploader)
{
  g_return_if_fail (VT_IS_STAFF_MODE (self));
  g_return_if_fail (uploader == NULL || VT_IS_UPLOADER (uploader));

  g_set_object (&self->uploader, uploader);
  if (self->panel != NULL)
    vt_staff_panel_set_uploader (VT_STAFF_PANEL (self->panel), uploader);
}

GtkWidget *
vt_staff_mode_get_panel (VtStaffMode *self)
{
  g_return_val_if_fail (VT_IS_STAFF_MODE (self), NULL);
  return self->panel;
}

const char *
vt_staff_mode_get_staff_id (VtStaffMode *self)
{
  g_return_val_if_fail (VT_IS_STAFF_MODE (self), NULL);
  return self->staff_id;
}

void
vt_staff_mode_reset (VtStaffMode *self)
{
  g_return_if_fail (VT_IS_STAFF_MODE (self));

  g_clear_pointer (&self->staff_id, g_free);
  g_clear_weak_pointer (&self->return_page);
  close_panel (self);
}

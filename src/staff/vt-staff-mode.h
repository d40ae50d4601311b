/* vt-staff-mode.h — the way into staff mode and back out: the hidden corner press, the panel
 * over whatever page was shown, the page put back, and the staff id of an assisted session.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "capture/vt-camera.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"

G_BEGIN_DECLS

#define VT_TYPE_STAFF_MODE (vt_staff_mode_get_type ())

G_DECLARE_FINAL_TYPE (VtStaffMode, vt_staff_mode, VT, STAFF_MODE, GObject)

/* Watches `window` for a press held 3 s in its top-left corner and then shows the staff panel
 * (vt-staff-panel.h) as the child "staff" of `stack`, over the page that was there. Left at
 * the PIN pad, staff mode puts that page and the window's title back by itself; everything
 * else it asks of the window through signals:
 *   unlocked                         — the staff PIN was right: the person's session may go
 *   finished                         — staff mode is over: the start page comes back
 *   assisted-session (const char *)  — emitted after "finished": the next session is assisted
 *                                      by this staff id (vt_staff_mode_get_staff_id ())
 * The technician's PIN ends kiosk mode (vt_kiosk_mode_leave ()) and quits the application,
 * after "finished". `data_dir` holds the PIN locks. */
VtStaffMode *vt_staff_mode_new            (GtkWindow   *window,
                                           GtkStack    *stack,
                                           VtQueue     *queue,
                                           VtCamera    *camera,
                                           GPtrArray   *procedures,
                                           const char  *data_dir);
void         vt_staff_mode_set_data_dir   (VtStaffMode *self,
                                           const char  *data_dir);
/* What "Reintentar ahora" wakes (NULL: none), also for a panel already open. */
void         vt_staff_mode_set_uploader   (VtStaffMode *self,
                                           VtUploader  *uploader);
/* Shows the PIN pad (what the corner press does); nothing when already open. */
void         vt_staff_mode_open           (VtStaffMode *self);
/* The panel while open, or NULL. */
GtkWidget   *vt_staff_mode_get_panel      (VtStaffMode *self);
/* The staff id of the assisted session under way, or NULL. */
const char  *vt_staff_mode_get_staff_id   (VtStaffMode *self);
/* The window was wiped for the next person: the panel closes, without a signal, and an
 * assisted session ends with the session it assisted. */
void         vt_staff_mode_reset          (VtStaffMode *self);

G_END_DECLS

/* vt-staff-panel.h — staff mode: the PIN gate, then the queue, diagnostics, settings,
 * assisted sessions and the technician's way out of kiosk mode.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "capture/vt-camera.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"

G_BEGIN_DECLS

#define VT_TYPE_STAFF_PANEL (vt_staff_panel_get_type ())

G_DECLARE_FINAL_TYPE (VtStaffPanel, vt_staff_panel, VT, STAFF_PANEL, AdwBin)

/* Signals:
 *   unlocked                         — the staff PIN was right: the person's session may go
 *   cancelled                        — left at the PIN pad (or idle there): back where it was
 *   finished                         — "Volver", or idle in staff mode: back to the start page
 *   assisted-session (const char *)  — start a session assisted by this staff id
 *   leave-kiosk                      — the technician PIN was right
 * `settings` may be NULL (no schema): no PIN can be set then. The PIN lock state lives in
 * `data_dir` (staff-pin.lock, technician-pin.lock). */
GtkWidget  *vt_staff_panel_new              (VtQueue      *queue,
                                             VtCamera     *camera,
                                             GPtrArray    *procedures,
                                             const char   *data_dir,
                                             GSettings    *settings);
void        vt_staff_panel_set_uploader     (VtStaffPanel *self,
                                             VtUploader   *uploader);
/* Staff mode ends by itself after this long without input (default 120 s). */
void        vt_staff_panel_set_idle_timeout (VtStaffPanel *self,
                                             guint         ms);
/* "pin", "not-set", or once unlocked the page shown: "queue", "diagnostics", "settings",
 * "assisted", "technician". */
const char *vt_staff_panel_get_page_name    (VtStaffPanel *self);
void        vt_staff_panel_show_page        (VtStaffPanel *self,
                                             const char   *name);

G_END_DECLS

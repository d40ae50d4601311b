/* vt-window.h — the kiosk's one window: start page, wizard, confirmation, and staff mode.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "capture/vt-camera.h"
#include "keyboard/vt-keyboard-dock.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"
#include "wizard/vt-assistant.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())

G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, AdwApplicationWindow)

VtWindow    *vt_window_new                   (GtkApplication *application,
                                              GPtrArray      *procedures,
                                              VtQueue        *queue,
                                              VtCamera       *camera,
                                              const char     *sessions_dir);
/* For tests and staff tools. */
VtAssistant *vt_window_get_assistant         (VtWindow       *self);
VtCamera    *vt_window_get_camera            (VtWindow       *self);
const char  *vt_window_get_visible_name      (VtWindow       *self);
const char  *vt_window_get_last_submission   (VtWindow       *self);
/* The on-screen keyboard, under the pages while a text field has the focus. */
VtKeyboardDock *vt_window_get_keyboard_dock  (VtWindow       *self);
void         vt_window_start_procedure       (VtWindow       *self,
                                              const char     *procedure_id);
/* The kiosk's name on receipts and documents. */
void         vt_window_set_kiosk_id          (VtWindow       *self,
                                              const char     *kiosk_id);
/* The language each new person starts in ("es" unless set). */
void         vt_window_set_default_language  (VtWindow       *self,
                                              const char     *language);
/* Staff mode (see src/staff/vt-staff-mode.h): the data folder holds the PIN locks (default:
 * the sessions folder's parent); the uploader is what "Reintentar ahora" wakes, and the
 * confirmation page follows each submission's upload with it (NULL: none). */
void         vt_window_set_data_dir          (VtWindow       *self,
                                              const char     *data_dir);
void         vt_window_set_uploader          (VtWindow       *self,
                                              VtUploader     *uploader);
/* What the hidden long press in the top-left corner does. */
void         vt_window_open_staff_mode       (VtWindow       *self);
GtkWidget   *vt_window_get_staff_panel       (VtWindow       *self);
/* The staff id of the assisted session under way, or NULL. */
const char  *vt_window_get_staff_id          (VtWindow       *self);
/* Wipes the current session (if any) and shows the start page in the default language, then
 * emits "reset". */
void         vt_window_reset                 (VtWindow       *self);

G_END_DECLS

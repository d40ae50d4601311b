/* vt-key-required-window.h — what a kiosk without its office key shows instead of the wizard.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vt-office-key.h"

G_BEGIN_DECLS

#define VT_TYPE_KEY_REQUIRED_WINDOW (vt_key_required_window_get_type ())

G_DECLARE_FINAL_TYPE (VtKeyRequiredWindow, vt_key_required_window, VT, KEY_REQUIRED_WINDOW,
                      AdwApplicationWindow)

/* A full-screen "out of service" page for people, and for the technician what is wrong with
 * the office key (`state`: development or invalid) and how to set it. */
GtkWidget *vt_key_required_window_new (GtkApplication   *application,
                                       VtOfficeKeyState  state);

G_END_DECLS

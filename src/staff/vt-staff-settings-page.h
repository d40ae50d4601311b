/* vt-staff-settings-page.h — the kiosk's settings, changed from the screen by staff.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_STAFF_SETTINGS_PAGE (vt_staff_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (VtStaffSettingsPage, vt_staff_settings_page, VT, STAFF_SETTINGS_PAGE,
                      AdwBin)

/* `settings` (org.ventanilla.Kiosk) may be NULL when the schema is not installed: the page
 * then says so. `procedures` lists what can be enabled. */
GtkWidget *vt_staff_settings_page_new  (GSettings           *settings,
                                        GPtrArray           *procedures);
/* Writes every field; FALSE (and a message on the page) when one is not valid. */
gboolean   vt_staff_settings_page_save (VtStaffSettingsPage *self);

G_END_DECLS

/* vt-staff-diagnostics-page.h — the kiosk's checks in plain words, for staff.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kiosk/vt-diagnostics.h"

G_BEGIN_DECLS

#define VT_TYPE_STAFF_DIAGNOSTICS_PAGE (vt_staff_diagnostics_page_get_type ())

G_DECLARE_FINAL_TYPE (VtStaffDiagnosticsPage, vt_staff_diagnostics_page, VT,
                      STAFF_DIAGNOSTICS_PAGE, AdwBin)

GtkWidget *vt_staff_diagnostics_page_new     (VtDiagnostics          *diagnostics);
/* Runs every check again (also done each time the page is shown). */
void       vt_staff_diagnostics_page_run     (VtStaffDiagnosticsPage *self);
gboolean   vt_staff_diagnostics_page_is_busy (VtStaffDiagnosticsPage *self);

G_END_DECLS

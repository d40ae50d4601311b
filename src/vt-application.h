/* vt-application.h — the kiosk application: command line, resources, the one window.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())

G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, AdwApplication)

VtApplication *vt_application_new (void);

/* Registers the built-in resources (procedures, UI, style); safe to call more than once. */
void           vt_register_resources       (void);
/* GTK's GL renderer in software takes both cores of a kiosk without GPU: use cairo there. */
void           vt_choose_renderer          (void);

G_END_DECLS

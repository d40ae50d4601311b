/* vt-start-page.h — language and procedure choice, the first thing a person sees.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_START_PAGE (vt_start_page_get_type ())

G_DECLARE_FINAL_TYPE (VtStartPage, vt_start_page, VT, START_PAGE, GtkWidget)

/* Signals: "procedure-chosen" (VtProcedure), "language-chosen" (string "es" or "en"). */
GtkWidget *vt_start_page_new (GPtrArray  *procedures,
                              const char *language);

G_END_DECLS

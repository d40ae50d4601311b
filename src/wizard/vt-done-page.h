/* vt-done-page.h — the confirmation: the submission code and what happens next.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "procedures/vt-procedure.h"

G_BEGIN_DECLS

#define VT_TYPE_DONE_PAGE (vt_done_page_get_type ())

G_DECLARE_FINAL_TYPE (VtDonePage, vt_done_page, VT, DONE_PAGE, GtkWidget)

/* Signal "finished" when the person presses "Terminar". */
GtkWidget *vt_done_page_new (VtProcedure *procedure,
                             const char  *channel_id,
                             const char  *code);

G_END_DECLS

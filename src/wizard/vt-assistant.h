/* vt-assistant.h — drives a procedure's pages: Back, Next, progress, review and submit.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "capture/vt-camera.h"
#include "vt-page.h"
#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_ASSISTANT (vt_assistant_get_type ())

G_DECLARE_FINAL_TYPE (VtAssistant, vt_assistant, VT, ASSISTANT, GtkWidget)

/* Signals: "cancel" when the person asks to leave, "submit" when the review is accepted. */
VtAssistant *vt_assistant_new              (VtSession   *session,
                                            VtCamera    *camera);
VtSession   *vt_assistant_get_session      (VtAssistant *self);
VtPage      *vt_assistant_get_current_page (VtAssistant *self);
/* Position of the current page among the pages that apply now, from 1, and their count. */
guint        vt_assistant_get_step         (VtAssistant *self,
                                            guint       *n_steps);
gboolean     vt_assistant_next             (VtAssistant *self);
void         vt_assistant_back             (VtAssistant *self);
gboolean     vt_assistant_go_to            (VtAssistant *self,
                                            const char  *page_id);
/* While the submission is being stored: buttons off, a spinner on Next. */
void         vt_assistant_set_busy         (VtAssistant *self,
                                            gboolean     busy);

G_END_DECLS

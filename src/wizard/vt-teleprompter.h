/* vt-teleprompter.h — the text to read aloud, line by line, with the whole text folded below.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_TELEPROMPTER (vt_teleprompter_get_type ())

G_DECLARE_FINAL_TYPE (VtTeleprompter, vt_teleprompter, VT, TELEPROMPTER, GtkWidget)

GtkWidget   *vt_teleprompter_new              (void);
/* The text to read (in Spanish), and what it means in the person's language when that is not
 * Spanish (NULL otherwise). Starts again at the first line. */
void         vt_teleprompter_set_text         (VtTeleprompter *self,
                                               const char     *text,
                                               const char     *meaning);
guint        vt_teleprompter_get_n_lines      (VtTeleprompter *self);
/* The lines as shown (NULL-terminated). */
const char * const *vt_teleprompter_get_lines (VtTeleprompter *self);
/* Moves the highlight on with the voice: a line is done once speech for about its expected
 * duration (vt_speech_expected_seconds ()) has been heard. */
void         vt_teleprompter_follow_speech    (VtTeleprompter *self,
                                               double          heard_seconds);
guint        vt_teleprompter_get_current_line (VtTeleprompter *self);
void         vt_teleprompter_set_current_line (VtTeleprompter *self,
                                               guint           line);
void         vt_teleprompter_set_recording    (VtTeleprompter *self,
                                               gboolean        recording);

G_END_DECLS

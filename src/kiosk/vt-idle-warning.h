/* vt-idle-warning.h — "¿Sigue ahí?": the countdown before the kiosk forgets a person.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_IDLE_WARNING (vt_idle_warning_get_type ())

G_DECLARE_FINAL_TYPE (VtIdleWarning, vt_idle_warning, VT, IDLE_WARNING, GtkWidget)

/* Signal "continue": the person pressed "Continuar". */
GtkWidget *vt_idle_warning_new              (void);
void       vt_idle_warning_set_seconds_left (VtIdleWarning *self,
                                             guint          seconds);
guint      vt_idle_warning_get_seconds_left (VtIdleWarning *self);
/* What the warning says, for speaking it aloud. */
char      *vt_idle_warning_dup_text         (VtIdleWarning *self);
GtkWidget *vt_idle_warning_get_button       (VtIdleWarning *self);

G_END_DECLS

/* vt-kiosk-mode.h — full screen with no way out but staff mode.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* On: WINDOW goes full screen and refuses to close (window manager close, Alt+F4, Ctrl+W);
 * the application's keyboard accelerators are removed and the GTK inspector's shortcut is off.
 * Off: everything is as it was. */
void     vt_kiosk_mode_set (GtkWindow *window,
                            gboolean   enabled);
gboolean vt_kiosk_mode_get (GtkWindow *window);

/* A technician leaves kiosk mode on purpose: turns kiosk mode off and leaves the marker that
 * tells ventanilla-kiosk-session not to be restarted when the application quits. */
void     vt_kiosk_mode_leave (GtkWindow *window);
/* Where that marker lives ($XDG_RUNTIME_DIR/ventanilla-left-kiosk). */
char    *vt_kiosk_mode_dup_marker_path (void);

G_END_DECLS

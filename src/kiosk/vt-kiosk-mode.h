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

G_END_DECLS

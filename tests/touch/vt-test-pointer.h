/* vt-test-pointer.h — real X input for touch tests: XTest pointer presses on a widget's
 * centre (as a finger on the kiosk's touchscreen arrives), and key presses for the tests that
 * check what a physical keyboard can do.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Moves the pointer to the widget's centre and presses and releases `button` (1 is a finger);
 * runs the main loop `hold_ms` between press and release and a little after. Returns the X
 * server time of the press (the event's time as GTK will see it). */
guint32 vt_test_pointer_press   (GtkWidget  *widget,
                                 guint       button,
                                 guint       hold_ms);
/* The same at (x, y) in the window's coordinates. */
guint32 vt_test_pointer_press_at (GtkWidget *window,
                                  double     x,
                                  double     y,
                                  guint      button,
                                  guint      hold_ms);
/* A finger's tap: vt_test_pointer_press (widget, 1, 40). */
guint32 vt_test_pointer_touch   (GtkWidget  *widget);
/* Presses and releases a key (X keysym), with Control held when `control`. */
void    vt_test_pointer_key     (GtkWidget  *widget,
                                 guint       keysym,
                                 gboolean    control);

G_END_DECLS

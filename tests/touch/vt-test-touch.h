/* vt-test-touch.h — a finger on the kiosk's screen, for tests: real X pointer events (XTest)
 * on widgets found in the tree, typing on the on-screen keyboard, choosing on the date picker
 * and in drop-downs, and a count of the key events a window receives (there must be none).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "keyboard/vt-keyboard-dock.h"
#include "wizard/vt-date-picker.h"

G_BEGIN_DECLS

/* Counts every key press and release `window` (and its popovers) receives from now on. */
void       vt_test_touch_count_keys     (GtkWidget     *window);
guint      vt_test_touch_get_key_events (GtkWidget     *window);

/* A tap at the widget's centre: XTest motion, press, release on the surface that shows it
 * (the window or a popover). */
void       vt_test_touch_tap            (GtkWidget     *widget);
/* The same, the finger kept down `hold_ms` (a slow tap, or a hold that repeats). */
void       vt_test_touch_press          (GtkWidget     *widget,
                                         guint          hold_ms);
/* Presses, moves through `n` points relative to `widget` (x0, y0, x1, y1, …), releases. */
void       vt_test_touch_drag           (GtkWidget     *widget,
                                         const double  *points,
                                         guint          n);
/* Turns the mouse wheel over the page that holds `target` until `target` is inside `area`
 * (window coordinates) and the page's visible part; FALSE if it never gets there. */
gboolean   vt_test_touch_scroll_into    (GtkWidget             *target,
                                         const graphene_rect_t *area);

/* Types `text` on the dock's keyboard into the focused field, one key (and shift or page
 * key) at a time, and checks after every key that the field shows what was typed so far. */
void       vt_test_touch_type           (VtKeyboardDock *dock,
                                         const char     *text);
/* The next character key typed is held `hold_ms` (a slow finger), not tapped. */
void       vt_test_touch_hold_next_key  (guint           hold_ms);
/* Touches that did nothing at all and were made again (see vt_test_touch_type). */
guint      vt_test_touch_get_lost_taps  (void);
void       vt_test_touch_note_lost_tap  (void);
/* Presses the key named `name` ("key-next-field", "key-shift"…). */
void       vt_test_touch_key            (VtKeyboardDock *dock,
                                         const char     *name);
/* The field's text: a GtkEditable's or a GtkTextView's. */
char      *vt_test_touch_dup_text       (GtkWidget      *field);

/* Presses the picker's buttons until it shows `iso` (YYYY-MM-DD). */
void       vt_test_touch_pick_date      (GtkWidget      *picker,
                                         const char     *iso);
/* Opens the drop-down by touch and touches the row `label`; with `search`, first types it on
 * the keyboard into the drop-down's search field. */
void       vt_test_touch_choose         (VtKeyboardDock *dock,
                                         GtkWidget      *dropdown,
                                         const char     *label,
                                         const char     *search);

G_END_DECLS

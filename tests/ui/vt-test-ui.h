/* vt-test-ui.h — driving real widgets in tests: find, wait, click, screenshot.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk, libadwaita, GStreamer and our resources, for a test under Xvfb. */
void       vt_test_ui_init        (int         *argc,
                                   char      ***argv);
/* Runs the main loop for `ms` milliseconds. */
void       vt_test_ui_wait        (guint        ms);
/* VT_TEST_SLOWDOWN: how many times slower this build runs (3 under the sanitizers). */
guint      vt_test_ui_slowdown    (void);
/* Runs the main loop until `predicate` holds or `timeout_ms` passes; returns the predicate. */
gboolean   vt_test_ui_wait_for    (gboolean   (*predicate) (gpointer),
                                   gpointer     data,
                                   guint        timeout_ms);
/* The first descendant (depth first) whose widget name is `name`, visible or not. */
GtkWidget *vt_test_ui_find        (GtkWidget   *root,
                                   const char  *name);
/* The first visible, mapped descendant of a type whose label contains `text`. */
GtkWidget *vt_test_ui_find_label  (GtkWidget   *root,
                                   const char  *text);
void       vt_test_ui_click       (GtkWidget   *button);
/* Picks a country (ISO alpha-2) in a country or calling-code picker, by its shown name. */
void       vt_test_ui_select_country (GtkWidget *dropdown,
                                      const char *iso);
/* Renders the whole window to a PNG under $VT_ARTIFACTS_DIR/`relative`. */
void       vt_test_ui_screenshot  (GtkWidget   *window,
                                   const char  *relative);

G_END_DECLS

/* vt-keyboard-click.h — the optional click of a touched key.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_KEYBOARD_CLICK (vt_keyboard_click_get_type ())

G_DECLARE_FINAL_TYPE (VtKeyboardClick, vt_keyboard_click, VT, KEYBOARD_CLICK, GObject)

VtKeyboardClick *vt_keyboard_click_new  (void);
void             vt_keyboard_click_play (VtKeyboardClick *self);
/* Clicks played so far (each one a media stream GTK was asked to play). */
guint            vt_keyboard_click_get_n_played (VtKeyboardClick *self);

G_END_DECLS

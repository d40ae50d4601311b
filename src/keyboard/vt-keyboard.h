/* vt-keyboard.h — the kiosk's on-screen keyboard: types into the focused text field with
 * touch alone, in the layout the field asks for.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "keyboard/vt-keyboard-layout.h"

G_BEGIN_DECLS

#define VT_TYPE_KEYBOARD (vt_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (VtKeyboard, vt_keyboard, VT, KEYBOARD, GtkWidget)

GtkWidget            *vt_keyboard_new             (void);
/* The field typed into: a GtkEditable (the GtkText inside an entry) or a GtkTextView; the
 * layout follows its input purpose and hints. NULL: none. */
void                  vt_keyboard_set_target      (VtKeyboard *self,
                                                   GtkWidget  *target);
GtkWidget            *vt_keyboard_get_target      (VtKeyboard *self);
VtKeyboardLayoutKind  vt_keyboard_get_layout_kind (VtKeyboard *self);
guint                 vt_keyboard_get_page        (VtKeyboard *self);
gboolean              vt_keyboard_get_shifted     (VtKeyboard *self);
/* A short click on every key touched (off unless set). */
void                  vt_keyboard_set_click_sound (VtKeyboard *self,
                                                   gboolean    enabled);
gboolean              vt_keyboard_get_click_sound (VtKeyboard *self);
/* Keys touched since the keyboard was made (tests wait for it to move). */
guint                 vt_keyboard_get_n_presses   (VtKeyboard *self);
/* The key being held, magnified, or NULL. */
GtkWidget            *vt_keyboard_get_preview     (VtKeyboard *self);

G_END_DECLS

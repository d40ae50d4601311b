/* vt-keyboard-dock.h — puts the on-screen keyboard under the window's content while a text
 * field has the focus, and keeps that field and its error in sight above it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "keyboard/vt-keyboard.h"

G_BEGIN_DECLS

#define VT_TYPE_KEYBOARD_DOCK (vt_keyboard_dock_get_type ())

G_DECLARE_FINAL_TYPE (VtKeyboardDock, vt_keyboard_dock, VT, KEYBOARD_DOCK, GtkWidget)

GtkWidget  *vt_keyboard_dock_new          (void);
void        vt_keyboard_dock_set_child    (VtKeyboardDock *self,
                                           GtkWidget      *child);
GtkWidget  *vt_keyboard_dock_get_child    (VtKeyboardDock *self);
VtKeyboard *vt_keyboard_dock_get_keyboard (VtKeyboardDock *self);
/* TRUE while the keyboard is (being) shown. */
gboolean    vt_keyboard_dock_get_shown    (VtKeyboardDock *self);
/* The part of a focused field that must stay in sight: its row (label, entry, error) when
 * that fits, else the entry and its error. */
gboolean    vt_keyboard_dock_compute_field_bounds (GtkWidget       *field,
                                                   GtkWidget       *relative_to,
                                                   graphene_rect_t *bounds);

G_END_DECLS

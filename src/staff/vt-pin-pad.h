/* vt-pin-pad.h — a large on-screen numeric keypad: PINs and staff ids without a keyboard.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_PIN_PAD (vt_pin_pad_get_type ())

G_DECLARE_FINAL_TYPE (VtPinPad, vt_pin_pad, VT, PIN_PAD, GtkWidget)

/* Signals: submitted (const char *digits) when "Entrar" is pressed with at least
 * `min_digits`; cancelled. `masked` shows dots instead of the digits. */
GtkWidget  *vt_pin_pad_new          (const char *title,
                                     gboolean    masked,
                                     guint       min_digits,
                                     guint       max_digits);
void        vt_pin_pad_set_message  (VtPinPad   *self,
                                     const char *message,
                                     gboolean    is_error);
/* Locked or checking: the keys do nothing. */
void        vt_pin_pad_set_locked   (VtPinPad   *self,
                                     gboolean    locked);
void        vt_pin_pad_clear        (VtPinPad   *self);
/* For tests: the digits typed so far. */
const char *vt_pin_pad_get_digits   (VtPinPad   *self);

G_END_DECLS

/* vt-a11y.h — per-person accessibility: high contrast, large text and speech on demand.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-speaker.h"
#include "vt-window.h"

G_BEGIN_DECLS

#define VT_TYPE_A11Y (vt_a11y_get_type ())

G_DECLARE_FINAL_TYPE (VtA11y, vt_a11y, VT, A11Y, GObject)

/* Installs the "kiosk" actions on `window` — kiosk.high-contrast and kiosk.large-text (boolean
 * states, toggled by the start page's buttons) and kiosk.speak (a string: the page's spoken
 * guidance) — and puts the matching CSS classes (.high-contrast, .large-text) on every window of
 * the kiosk. Both go back to off whenever the window is reset for the next person. */
VtA11y   *vt_a11y_new               (VtWindow  *window,
                                     VtSpeaker *speaker);
gboolean  vt_a11y_get_high_contrast (VtA11y    *self);
void      vt_a11y_set_high_contrast (VtA11y    *self,
                                     gboolean   enabled);
gboolean  vt_a11y_get_large_text    (VtA11y    *self);
void      vt_a11y_set_large_text    (VtA11y    *self,
                                     gboolean   enabled);
/* Both off, speech stopped. */
void      vt_a11y_reset             (VtA11y    *self);

G_END_DECLS

/* vt-typing-privacy.h — nothing typed outlives the person who typed it: no clipboard, no
 * paste, no context menu, no learning input method.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What every text field asks of an input method: no spelling dictionary, no emoji history,
 * nothing learnt or suggested from what was typed. */
#define VT_TYPING_PRIVATE_HINTS \
  (GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI | GTK_INPUT_HINT_PRIVATE)

/* From now on, in this process, every text field (GtkText, and so every entry, and every
 * GtkTextView) gets VT_TYPING_PRIVATE_HINTS added to its own hints, refuses paste (Ctrl+V,
 * Shift+Insert, its menu, a middle click, a dropped text) and opens no context menu or
 * selection bubble. Idempotent. */
void vt_typing_privacy_install (void);
/* Empties the clipboard and the primary selection of the widget's display. */
void vt_typing_privacy_forget  (GtkWidget *widget);

G_END_DECLS

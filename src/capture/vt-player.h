/* vt-player.h — plays a recorded video from memory, for the person to review it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define VT_TYPE_PLAYER (vt_player_get_type ())

G_DECLARE_FINAL_TYPE (VtPlayer, vt_player, VT, PLAYER, GObject)

/* The data never leaves memory: it is fed to the pipeline as one buffer. */
VtPlayer     *vt_player_new           (GBytes   *mp4);
GdkPaintable *vt_player_get_paintable (VtPlayer *self);
/* Shows the first frame, paused. */
void          vt_player_prepare       (VtPlayer *self);
void          vt_player_play          (VtPlayer *self);
void          vt_player_stop          (VtPlayer *self);
gboolean      vt_player_is_playing    (VtPlayer *self);

G_END_DECLS

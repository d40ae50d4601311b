/* vt-camera-portal.h — the camera inside a Flatpak sandbox, through xdg-desktop-portal.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE inside a Flatpak sandbox, where cameras are reached only through the portal. */
gboolean vt_camera_portal_is_sandboxed (void);

/* Asks the Camera portal for access (org.freedesktop.portal.Camera.AccessCamera), waits up to
 * TIMEOUT_MS for the answer, then opens a PipeWire remote that shows the cameras only. Returns
 * the remote's file descriptor for pipewiresrc's "fd" property, or -1 with a translated ERROR
 * (no portal, no camera, access refused, no answer). Blocks: call it where the camera opens. */
int      vt_camera_portal_open_remote  (GDBusConnection  *connection,
                                        guint             timeout_ms,
                                        GError          **error);

G_END_DECLS

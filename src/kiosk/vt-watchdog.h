/* vt-watchdog.h — tells systemd the kiosk is up, and keeps telling it while the UI answers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sends one sd_notify(3) datagram (e.g. "READY=1") to $NOTIFY_SOCKET. FALSE when there is no
 * socket (not started by systemd) or the send failed. */
gboolean vt_watchdog_notify (const char *state);

/* Sends READY=1 and, when $WATCHDOG_USEC is set, WATCHDOG=1 at half that interval from the
 * default main context: a UI thread that hangs stops the pings and systemd restarts the
 * kiosk. Returns the ping source id, or 0 when no watchdog was asked for. */
guint    vt_watchdog_start  (void);

G_END_DECLS

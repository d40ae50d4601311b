/* vt-watchdog.h — tells systemd the kiosk is up, and keeps telling it while the UI answers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID out of the environment and keeps them
 * for this process alone, so that no child process can notify or ping for the kiosk. Call it
 * first thing in main(), before any thread exists (it changes the environment). Without it the
 * functions below read the environment as it is. */
void     vt_watchdog_claim_environment (void);

/* Sends one sd_notify(3) datagram (e.g. "READY=1") to the notify socket. FALSE when there is
 * no socket (not started by systemd) or the send failed. */
gboolean vt_watchdog_notify            (const char *state);

/* Whether a unit's watchdog with this WATCHDOG_PID (NULL: unset) is this process's to keep:
 * unset, this process, or one of its ancestors other than PID 1 (the unit's main process
 * running the kiosk below it, as ventanilla-kiosk-session does under NotifyAccess=all). */
gboolean vt_watchdog_is_meant_for_us   (const char *watchdog_pid);

/* Sends READY=1 and, when a watchdog is asked for (WATCHDOG_USEC, and WATCHDOG_PID as above),
 * WATCHDOG=1 every quarter of that interval from the default main context: a UI thread that hangs
 * stops the pings and systemd restarts the kiosk. Returns the ping source id, or 0 when no
 * watchdog is ours to keep. */
guint    vt_watchdog_start             (void);

G_END_DECLS

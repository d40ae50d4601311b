/* vt-idle-monitor.h — forgets a person who walked away: warning, countdown, wipe.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vt-idle-warning.h"
#include "vt-speaker.h"
#include "vt-window.h"

G_BEGIN_DECLS

#define VT_TYPE_IDLE_MONITOR (vt_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (VtIdleMonitor, vt_idle_monitor, VT, IDLE_MONITOR, GObject)

/* Watches every key, touch, click, pointer motion and scroll on the kiosk's windows. After
 * `idle-timeout` seconds without any (`idle-timeout-confirmation` on the confirmation page), it
 * shows, sounds and speaks a warning with an `idle-warning`-second countdown; "Continuar" gives
 * the person the full time again, as often as needed; at zero the window is reset, which drops
 * the session's key and every page. The start page never warns.
 *
 * `settings` (org.ventanilla.Kiosk, or NULL for the defaults 90/30/30) is read at each check, so
 * changes apply at once. Signals: "warning-shown", "wiped". */
VtIdleMonitor *vt_idle_monitor_new         (VtWindow      *window,
                                            GSettings     *settings,
                                            VtSpeaker     *speaker);
gboolean       vt_idle_monitor_is_warning  (VtIdleMonitor *self);
VtIdleWarning *vt_idle_monitor_get_warning (VtIdleMonitor *self);
/* Shows the warning now, whatever page is visible (staff tools and tests). */
void           vt_idle_monitor_warn_now    (VtIdleMonitor *self);

G_END_DECLS

/* vt-debug.h — warnings that end the process while the test suite runs it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* With VT_FATAL_WARNINGS=1 in the environment (tests/meson.build sets it for every test and so
 * for every process a test starts), any warning or critical ends the process after it is
 * printed, as G_DEBUG=fatal-warnings would, except the one library race
 * vt_debug_warning_is_tolerated names. Without it, nothing changes. Call first in main(). */
void     vt_debug_init                 (void);

/* For test programs, after g_test_init(): the same rule as vt_debug_init(), whatever the
 * environment, in place of GLib's test mode making every warning fatal. */
void     vt_debug_init_for_tests       (void);

/* TRUE only for GStreamer's qtdemux teardown race: "Got data flow before stream-start event"
 * or "... before segment event" from a pad of a qtdemux element ("<qtdemuxN:pad>"). The same
 * words from any other element, and every other warning, stay fatal. */
gboolean vt_debug_warning_is_tolerated (const char     *log_domain,
                                        GLogLevelFlags  log_level,
                                        const char     *message);

G_END_DECLS

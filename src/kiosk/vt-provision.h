/* vt-provision.h — a fleet's settings from one key file.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads the [org.ventanilla.Kiosk] group of PATH (GKeyFile syntax; values in GVariant text
 * form as dconf writes them, with plain text also accepted for string keys; "-" is standard
 * input) and writes every
 * key to SETTINGS. Every key is checked against the schema (name, type, range) before any is
 * written, and office-public-key must be a real office key (not the development key, see
 * vt-office-key.h): a file with one bad line changes nothing. Returns the number of keys written, or
 * -1 with a translated ERROR that names the line's key. */
int vt_provision_apply (GSettings   *settings,
                        const char  *path,
                        GError     **error);

G_END_DECLS

/* vt-kiosk-key.h — who a kiosk is: its own signing key, the short prefix of its codes, and an
 * id that does not give away the machine's.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The file under the kiosk's data folder that keeps the signing key's seed (mode 0600). It is
 * made on the kiosk, at provisioning or at the first start, and never leaves it: the office
 * registers only the public half. */
#define VT_KIOSK_KEY_FILE "kiosk-signing.key"

/* Code prefixes: exactly this many characters of the code alphabet. */
#define VT_KIOSK_PREFIX_LEN 3

/* Loads the kiosk's signing key from `data_dir`/VT_KIOSK_KEY_FILE, making a new one (from the
 * kernel's random source, written exclusively and fsynced with its folder) when there is none.
 * `out_created` says which. sodium_malloc'd: vt_secret_key_free it. */
guint8 *vt_kiosk_key_load_or_create     (const char    *data_dir,
                                         gboolean      *out_created,
                                         GError       **error);

/* The prefix a kiosk uses when provisioning gave it none: derived from its public key, so it
 * stays the same across restarts. Two kiosks may derive the same one; the office registry
 * refuses a second kiosk with a prefix already taken, so a fleet sets `code-prefix`. */
char   *vt_kiosk_key_default_prefix     (const guint8  *signing_key);
/* TRUE for VT_KIOSK_PREFIX_LEN characters of the code alphabet (upper case). */
gboolean vt_kiosk_prefix_is_valid       (const char    *prefix);

/* The kiosk id sent in bundles when none was provisioned: an id derived from the machine id
 * for this application alone, as sd_id128_get_machine_app_specific () does (HMAC-SHA256 keyed
 * with the machine id over Ventanilla's application id, as a v4 UUID in 32 hex digits), so
 * the machine id itself, which other software uses as a secret, never leaves the kiosk.
 * `machine_id` is the text of /etc/machine-id; NULL when it is not 32 hex digits. */
char   *vt_kiosk_id_from_machine_id     (const char    *machine_id);

G_END_DECLS

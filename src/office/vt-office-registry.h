/* vt-office-registry.h — the kiosks an office trusts: each kiosk's signing public key, its id
 * and its code prefix, and whether the key was revoked.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "outbox/vt-bundle.h"

G_BEGIN_DECLS

typedef struct _VtOfficeRegistry VtOfficeRegistry;

/* Reads the registry at `path` (JSON, written by this tool); a missing file is an empty
 * registry when `may_be_missing`. */
VtOfficeRegistry *vt_office_registry_load   (const char        *path,
                                             gboolean           may_be_missing,
                                             GError           **error);
void              vt_office_registry_free   (VtOfficeRegistry  *registry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtOfficeRegistry, vt_office_registry_free)

/* Written to a new file, fsynced and renamed over the old one. */
gboolean          vt_office_registry_save   (VtOfficeRegistry  *registry,
                                             GError           **error);

/* Registers a kiosk's key. Refused: a malformed key or prefix, a key already registered, or a
 * prefix another kiosk (not revoked) already has: codes stay unique across the fleet. */
gboolean          vt_office_registry_add    (VtOfficeRegistry  *registry,
                                             const char        *public_key,
                                             const char        *kiosk_id,
                                             const char        *code_prefix,
                                             GError           **error);
/* Revokes every key of `kiosk_id`, or the one `public_key` (either may be NULL). Returns how
 * many keys were revoked now (0: none matched, with `error`). */
guint             vt_office_registry_revoke (VtOfficeRegistry  *registry,
                                             const char        *kiosk_id,
                                             const char        *public_key,
                                             GError           **error);
/* One line per key, for people. */
char             *vt_office_registry_describe (VtOfficeRegistry *registry);

/* A VtBundleSignerCheck (`user_data`: the registry): the signer is registered, not revoked,
 * registered for the kiosk the bundle names, and the code has that kiosk's prefix. */
gboolean          vt_office_registry_check  (const VtBundleHeader  *header,
                                             gpointer               user_data,
                                             GError               **error);

G_END_DECLS

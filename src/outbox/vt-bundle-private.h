/* vt-bundle-private.h — what the bundle's writer and reader share: the layout's constants and
 * the clear header. Not for use outside src/outbox/vt-bundle*.c.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-bundle.h"
#include "vt-secret-stream.h"

#include <sodium.h>

G_BEGIN_DECLS

#define VT_BUNDLE_MAGIC "VTBUNDLE"
#define VT_BUNDLE_MAGIC_LEN 8
#define VT_BUNDLE_MAX_HEADER (64 * 1024)
#define VT_BUNDLE_MAX_MANIFEST (16 * 1024 * 1024)
#define VT_BUNDLE_SEALED_KEY_BYTES (crypto_box_SEALBYTES + VT_SECRET_KEY_BYTES)

/* Attachment names and procedure ids become file names at the office. */
gboolean        vt_bundle_name_is_safe   (const char            *name);
const char     *vt_bundle_extension_for  (const char            *mime_type);
char           *vt_bundle_header_to_json (const VtBundleHeader  *header);
void            vt_bundle_put_u32        (guint8                *out,
                                          guint32                value);
guint32         vt_bundle_get_u32        (const guint8          *in);
/* Reads the clear part; `out_prefix` gets all of it (the additional data of the stream, and
 * the start of what the signature covers); `sealed` the sealed bundle key. */
VtBundleHeader *vt_bundle_read_prefix    (GInputStream          *in,
                                          GBytes               **out_prefix,
                                          guint8                *sealed,
                                          GError               **error);

G_END_DECLS

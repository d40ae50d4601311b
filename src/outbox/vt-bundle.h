/* vt-bundle.h — sealed submission bundles: readable only with the office's secret key.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The office public key a development build seals to. Its secret key is in the source tree
 * (tests/keys/office-dev.sk): anything sealed to it is readable by anyone. A production
 * kiosk sets its own office's key in the office-public-key setting. */
#define VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY "DUOMlclwqt+IE6hWcawEY7ofzk2iIzTc0bzq3YSF71E="

#define VT_BUNDLE_FORMAT_VERSION 1
#define VT_BUNDLE_KEY_BYTES 32

#define VT_BUNDLE_ERROR (vt_bundle_error_quark ())

typedef enum
{
  VT_BUNDLE_ERROR_FORMAT,     /* not a bundle, or a version this build cannot read */
  VT_BUNDLE_ERROR_KEY,        /* a key that is malformed, or not the one the bundle was sealed to */
  VT_BUNDLE_ERROR_CORRUPT,    /* modified: authentication, size or SHA-256 mismatch */
  VT_BUNDLE_ERROR_TRUNCATED,  /* cut short */
  VT_BUNDLE_ERROR_EXISTS,     /* unsealing would overwrite an earlier copy */
} VtBundleError;

GQuark vt_bundle_error_quark (void);

/* The cleartext part: only what rebuilding the queue needs, nothing about the person. */
typedef struct
{
  int      format;
  char    *submission_id;
  char    *procedure_id;
  int      procedure_version;
  char    *code;
  gint64   created_at;      /* seconds since the epoch, UTC */
  char    *kiosk_id;
  guint64  payload_size;    /* plaintext bytes: manifest and attachments */
  guint    n_attachments;
} VtBundleHeader;

void            vt_bundle_header_free     (VtBundleHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleHeader, vt_bundle_header_free)

/* Keys travel as standard base64 of their 32 bytes. */
gboolean        vt_bundle_decode_key      (const char     *base64,
                                           guint8         *key,
                                           GError        **error);
char           *vt_bundle_encode_key      (const guint8   *key);
/* Reads a secret key file (base64 text) into sodium_malloc'd memory; vt_secret_key_free it. */
guint8         *vt_bundle_load_secret_key (const char     *path,
                                           GError        **error);

/* Seals a submission into `path` (created exclusively, fsynced, not renamed: the caller renames
 * it into place). `header` gives the cleartext fields (payload_size and n_attachments are
 * filled in); `answers` is the JSON document the wizard built; `attachments` holds
 * VtAttachment. */
gboolean        vt_bundle_write           (const char     *path,
                                           VtBundleHeader *header,
                                           const char     *app_version,
                                           const guint8   *office_public_key,
                                           GBytes         *answers,
                                           GPtrArray      *attachments,
                                           guint64        *out_size,
                                           char          **out_sha256,
                                           GError        **error);

VtBundleHeader *vt_bundle_read_header     (const char     *path,
                                           GError        **error);

/* Opens a bundle with the office's secret key into `out_dir`/<submission id>/: manifest.json,
 * answers.json and attachments/<file>, after checking every size and SHA-256 against the
 * manifest. Nothing is left behind when the bundle is refused. Returns the folder. */
char           *vt_bundle_unseal          (const char     *path,
                                           const guint8   *secret_key,
                                           const char     *out_dir,
                                           VtBundleHeader **out_header,
                                           GError        **error);

G_END_DECLS

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

/* The development kiosk signing key (its seed, base64), for tests and tools that open a queue
 * with vt_queue_open: as public as the development office key. A kiosk signs with its own key,
 * made when it is provisioned (vt-kiosk-key.h); the office accepts only the keys in its
 * registry, where this one never belongs. */
#define VT_BUNDLE_DEVELOPMENT_SIGNING_SEED "VGVzdCBraW9zayAtIE5PVCBmb3IgcHJvZHVjdGlvbiE="

/* 3: signed by the kiosk inside the seal, the signature over the clear part and the manifest,
 * which holds every attachment's SHA-256. 2: the same, the signature over every byte (still
 * opened: kiosks may hold bundles sealed before the update). 1: unsigned, still read for the
 * queue's own repairs, refused by the office. */
#define VT_BUNDLE_FORMAT_VERSION 3
#define VT_BUNDLE_FORMAT_SIGNED_ALL 2
#define VT_BUNDLE_FORMAT_UNSIGNED 1
#define VT_BUNDLE_KEY_BYTES 32
#define VT_BUNDLE_SIGNING_KEY_BYTES 64   /* crypto_sign_SECRETKEYBYTES: seed and public key */
#define VT_BUNDLE_SIGNATURE_BYTES 64

#define VT_BUNDLE_ERROR (vt_bundle_error_quark ())

typedef enum
{
  VT_BUNDLE_ERROR_FORMAT,     /* not a bundle, or a version this build cannot read */
  VT_BUNDLE_ERROR_KEY,        /* a key that is malformed, or not the one the bundle was sealed to */
  VT_BUNDLE_ERROR_CORRUPT,    /* modified: authentication, size or SHA-256 mismatch */
  VT_BUNDLE_ERROR_TRUNCATED,  /* cut short */
  VT_BUNDLE_ERROR_EXISTS,     /* unsealing would overwrite an earlier copy */
  VT_BUNDLE_ERROR_UNSIGNED,   /* no kiosk signature (format 1) */
  VT_BUNDLE_ERROR_SIGNER,     /* signed by a key the office does not know, revoked, or not the
                                 one registered for the kiosk the bundle names */
  VT_BUNDLE_ERROR_SIGNATURE,  /* the signature does not match the contents: forged */
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
  char    *signer;          /* the kiosk's signing public key (base64); NULL in format 1 */
  guint64  payload_size;    /* plaintext bytes: manifest, attachments and signature */
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

/* A signing key (VT_BUNDLE_SIGNING_KEY_BYTES, sodium_malloc'd: vt_secret_key_free it) from
 * its 32-byte seed, as key files keep it (base64). */
guint8         *vt_bundle_signing_key_from_seed (const guint8 *seed);
guint8         *vt_bundle_load_signing_key (const char    *path,
                                            GError       **error);
/* The public half of a signing key, base64: what the office registers. */
char           *vt_bundle_signing_public_key (const guint8 *signing_key);

/* Seals a submission into `path` (created exclusively, fsynced, not renamed: the caller renames
 * it into place), signed with `signing_key` inside the seal. `header` gives the cleartext
 * fields (payload_size, n_attachments and signer are filled in); `answers` is the JSON
 * document the wizard built; `attachments` holds VtAttachment. `out_sha256` gets the SHA-256
 * of the file as written, computed while writing it. */
gboolean        vt_bundle_write           (const char     *path,
                                           VtBundleHeader *header,
                                           const char     *app_version,
                                           const guint8   *office_public_key,
                                           const guint8   *signing_key,
                                           GBytes         *answers,
                                           GPtrArray      *attachments,
                                           guint64        *out_size,
                                           char          **out_sha256,
                                           GError        **error);

VtBundleHeader *vt_bundle_read_header     (const char     *path,
                                           GError        **error);

/* Says whether the office trusts the key that signed a bundle for the kiosk the bundle names
 * (`header->signer`, `header->kiosk_id`), before anything is decrypted; FALSE with `error`
 * (VT_BUNDLE_ERROR_SIGNER) refuses it. */
typedef gboolean (*VtBundleSignerCheck) (const VtBundleHeader  *header,
                                         gpointer               user_data,
                                         GError               **error);

/* Opens a bundle with the office's secret key into `out_dir`/<submission id>/: manifest.json,
 * answers.json and attachments/<file>, after checking every size and SHA-256 against the
 * manifest and the kiosk's signature over all of it. Unsigned bundles are refused; so are
 * signers `check` refuses (NULL: any signer whose signature holds). Nothing is left behind
 * when the bundle is refused. Returns the folder. */
char           *vt_bundle_unseal          (const char     *path,
                                           const guint8   *secret_key,
                                           VtBundleSignerCheck check,
                                           gpointer        check_data,
                                           const char     *out_dir,
                                           VtBundleHeader **out_header,
                                           GError        **error);

G_END_DECLS

/* vt-secret-stream.h — streams encrypted with crypto_secretstream_xchacha20poly1305.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_SECRET_KEY_BYTES 32
/* Plaintext bytes per secretstream message; the last message carries the FINAL tag, so a
 * truncated stream never reads as complete. */
#define VT_SECRET_CHUNK_BYTES (64 * 1024)

#define VT_SECRET_STREAM_ERROR (vt_secret_stream_error_quark ())

typedef enum
{
  VT_SECRET_STREAM_ERROR_CORRUPT,   /* a message failed authentication */
  VT_SECRET_STREAM_ERROR_TRUNCATED, /* the stream ended before its final message */
} VtSecretStreamError;

GQuark vt_secret_stream_error_quark (void);

/* Calls sodium_init () once; every entry point of the outbox calls it too. */
gboolean vt_secret_init (void);

/* SHA-256 as lowercase hex, with nettle: it uses the CPU's SHA instructions, several times
 * faster than GChecksum or libsodium on 10 MB of video. */
char    *vt_secret_sha256_bytes (GBytes       *bytes);
char    *vt_secret_hex          (const guint8 *data,
                                 gsize         len);

/* A random key in sodium_malloc'd (guarded, never swapped) memory; free with vt_secret_key_free. */
guint8  *vt_secret_key_new  (void);
void     vt_secret_key_free (guint8 *key);

#define VT_TYPE_SECRET_OUTPUT_STREAM (vt_secret_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (VtSecretOutputStream, vt_secret_output_stream, VT, SECRET_OUTPUT_STREAM,
                      GFilterOutputStream)

/* Encrypts everything written into `base`. `prefix`, when given, is written to `base` in clear
 * first and authenticated as the first message's additional data. Closing writes the final
 * message and closes `base`. */
GOutputStream *vt_secret_output_stream_new            (GOutputStream        *base,
                                                       const guint8         *key,
                                                       GBytes               *prefix);
/* Plaintext bytes written so far. */
guint64        vt_secret_output_stream_get_plain_size (VtSecretOutputStream *self);
/* Bytes written to `base`, prefix included. */
guint64        vt_secret_output_stream_get_size       (VtSecretOutputStream *self);
/* Asks for the SHA-256 of everything written to `base` (call before writing). */
void           vt_secret_output_stream_compute_sha256 (VtSecretOutputStream *self);
/* Gives up on the stream: nothing more reaches `base`, not even at close. For a caller that
 * closes the descriptor under `base` itself after a failure. */
void           vt_secret_output_stream_abandon        (VtSecretOutputStream *self);
/* That SHA-256 (hex), once closed; NULL when it was not asked for. */
const char    *vt_secret_output_stream_get_sha256     (VtSecretOutputStream *self);

#define VT_TYPE_SECRET_INPUT_STREAM (vt_secret_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (VtSecretInputStream, vt_secret_input_stream, VT, SECRET_INPUT_STREAM,
                      GFilterInputStream)

/* Decrypts `base`, positioned at the secretstream header. `ad` is the additional data the
 * writer's prefix authenticated (NULL when none). Reads fail with VT_SECRET_STREAM_ERROR on a
 * forged, reordered or truncated stream, or on bytes after its final message. */
GInputStream  *vt_secret_input_stream_new (GInputStream *base,
                                           const guint8 *key,
                                           GBytes       *ad);

/* Whole-buffer helpers over the streams above, for small files. */
GBytes        *vt_secret_read_file        (const char   *path,
                                           const guint8 *key,
                                           GError      **error);

G_END_DECLS

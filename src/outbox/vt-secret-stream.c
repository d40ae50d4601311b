/* vt-secret-stream.c — chunked crypto_secretstream_xchacha20poly1305 as GIO streams.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-secret-stream.h"

#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include <string.h>

#define CIPHER_CHUNK (VT_SECRET_CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES)

G_DEFINE_QUARK (vt-secret-stream-error-quark, vt_secret_stream_error)

gboolean
vt_secret_init (void)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialized))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialized, 1);
    }
  return ok;
}

char *
vt_secret_hex (const guint8 *data,
               gsize         len)
{
  char *hex = g_malloc (len * 2 + 1);

  sodium_bin2hex (hex, len * 2 + 1, data, len);
  return hex;
}

char *
vt_secret_sha256_bytes (GBytes *bytes)
{
  guint8 digest[SHA256_DIGEST_SIZE];
  struct sha256_ctx ctx;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  sha256_init (&ctx);
  sha256_update (&ctx, len, data);
  sha256_digest (&ctx, sizeof digest, digest);
  return vt_secret_hex (digest, sizeof digest);
}

guint8 *
vt_secret_key_new (void)
{
  guint8 *key;

  if (!vt_secret_init ())
    g_error ("libsodium could not be initialised");
  key = sodium_malloc (VT_SECRET_KEY_BYTES);
  if (key == NULL)
    g_error ("Out of guarded memory for a key");
  crypto_secretstream_xchacha20poly1305_keygen (key);
  return key;
}

void
vt_secret_key_free (guint8 *key)
{
  /* sodium_free wipes the memory before releasing it. */
  if (key != NULL)
    sodium_free (key);
}

/* Output */

struct _VtSecretOutputStream
{
  GFilterOutputStream parent_instance;

  crypto_secretstream_xchacha20poly1305_state *state;
  guint8    *plain;      /* VT_SECRET_CHUNK_BYTES, sodium_malloc'd */
  gsize      plain_len;
  guint8    *cipher;     /* CIPHER_CHUNK */
  GBytes    *prefix;
  gboolean   started;
  gboolean   first_message;
  guint64    plain_size;
  guint64    position;   /* below plain_size after a seek back (see out_seek) */
  guint64    size;
  struct sha256_ctx *checksum;  /* NULL unless asked for */
  char      *sha256;
  gboolean   failed;     /* a write to `base` failed: nothing more goes to it */
};

static void vt_secret_output_stream_seekable_init (GSeekableIface *iface);

/* GSeekable because GStreamer's giostreamsink refuses a muxer's byte segments on a stream
 * that cannot seek. Only seeking backwards within what was written is allowed: encrypted
 * chunks already on disk cannot change, so a later write there keeps the bytes it would
 * replace, except inside the chunk not yet encrypted. qtmux uses this to patch the durations
 * in the moov of a fragmented MP4, which plays the same without the patch. */
G_DEFINE_FINAL_TYPE_WITH_CODE (VtSecretOutputStream, vt_secret_output_stream,
                               G_TYPE_FILTER_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      vt_secret_output_stream_seekable_init))

static goffset
out_tell (GSeekable *seekable)
{
  return VT_SECRET_OUTPUT_STREAM (seekable)->position;
}

static gboolean
out_cannot (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
out_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
out_seek (GSeekable     *seekable,
          goffset        offset,
          GSeekType      type,
          GCancellable  *cancellable,
          GError       **error)
{
  /* Seeking to where the stream already is costs nothing and is what a muxer asks first. */
  VtSecretOutputStream *self = VT_SECRET_OUTPUT_STREAM (seekable);
  goffset target = offset;

  if (type == G_SEEK_CUR)
    target = self->position + offset;
  else if (type == G_SEEK_END)
    target = self->plain_size + offset;
  if (target >= 0 && target <= (goffset)self->plain_size)
    {
      self->position = target;
      return TRUE;
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Un archivo cifrado se escribe de principio a fin."));
  return FALSE;
}

static gboolean
out_truncate (GSeekable     *seekable,
              goffset        offset,
              GCancellable  *cancellable,
              GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Un archivo cifrado se escribe de principio a fin."));
  return FALSE;
}

static void
vt_secret_output_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = out_tell;
  iface->can_seek = out_can_seek;
  iface->seek = out_seek;
  iface->can_truncate = out_cannot;
  iface->truncate_fn = out_truncate;
}

static gboolean
out_write_base (VtSecretOutputStream  *self,
                const void            *data,
                gsize                  len,
                GCancellable          *cancellable,
                GError               **error)
{
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));

  /* After a failed write the caller gives up on the file and may close its descriptor: a
   * later close (even the one dispose does) must not write the final message there, to a
   * descriptor number another thread may have been given meanwhile. */
  if (self->failed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Un archivo cifrado no pudo escribirse."));
      return FALSE;
    }
  if (!g_output_stream_write_all (base, data, len, NULL, cancellable, error))
    {
      self->failed = TRUE;
      return FALSE;
    }
  if (self->checksum != NULL)
    sha256_update (self->checksum, len, data);
  self->size += len;
  return TRUE;
}

static gboolean
out_start (VtSecretOutputStream  *self,
           GCancellable          *cancellable,
           GError               **error)
{
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];

  if (self->started)
    return TRUE;
  if (self->prefix != NULL
      && !out_write_base (self, g_bytes_get_data (self->prefix, NULL),
                          g_bytes_get_size (self->prefix), cancellable, error))
    return FALSE;
  /* The header itself was produced at construction (see vt_secret_output_stream_new). */
  memcpy (header, self->cipher, sizeof header);
  if (!out_write_base (self, header, sizeof header, cancellable, error))
    return FALSE;
  self->started = TRUE;
  return TRUE;
}

static gboolean
out_push (VtSecretOutputStream  *self,
          guint8                 tag,
          GCancellable          *cancellable,
          GError               **error)
{
  unsigned long long clen = 0;
  const guint8 *ad = NULL;
  gsize ad_len = 0;

  if (self->first_message && self->prefix != NULL)
    ad = g_bytes_get_data (self->prefix, &ad_len);
  crypto_secretstream_xchacha20poly1305_push (self->state, self->cipher, &clen,
                                              self->plain, self->plain_len,
                                              ad, ad_len, tag);
  self->first_message = FALSE;
  sodium_memzero (self->plain, self->plain_len);
  self->plain_len = 0;
  return out_write_base (self, self->cipher, clen, cancellable, error);
}

static gssize
vt_secret_output_stream_write (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  VtSecretOutputStream *self = VT_SECRET_OUTPUT_STREAM (stream);
  const guint8 *in = buffer;
  gsize done = 0;

  if (!out_start (self, cancellable, error))
    return -1;
  /* After a seek back: what falls in the chunk still in memory replaces it; what falls in
   * chunks already encrypted is dropped. */
  while (done < count && self->position < self->plain_size)
    {
      guint64 buffered_from = self->plain_size - self->plain_len;
      gsize n = MIN (count - done, self->plain_size - self->position);

      if (self->position >= buffered_from)
        memcpy (self->plain + (self->position - buffered_from), in + done, n);
      else if (self->position + n > buffered_from)
        {
          gsize skip = buffered_from - self->position;
          memcpy (self->plain, in + done + skip, n - skip);
        }
      done += n;
      self->position += n;
    }
  while (done < count)
    {
      gsize n;

      /* A full chunk goes out only when more data follows: the last message, sent at close,
       * carries the FINAL tag. Every other message has the same size, which the reader needs. */
      if (self->plain_len == VT_SECRET_CHUNK_BYTES
          && !out_push (self, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, cancellable,
                        error))
        return -1;
      n = MIN (count - done, VT_SECRET_CHUNK_BYTES - self->plain_len);
      memcpy (self->plain + self->plain_len, in + done, n);
      self->plain_len += n;
      done += n;
      self->plain_size += n;
      self->position = self->plain_size;
    }
  return count;
}

static gboolean
vt_secret_output_stream_close (GOutputStream  *stream,
                               GCancellable   *cancellable,
                               GError        **error)
{
  VtSecretOutputStream *self = VT_SECRET_OUTPUT_STREAM (stream);
  gboolean ok;

  ok = !self->failed
       && out_start (self, cancellable, error)
       && out_push (self, crypto_secretstream_xchacha20poly1305_TAG_FINAL, cancellable, error);
  if (self->failed && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("Un archivo cifrado no pudo escribirse."));
  if (ok && self->checksum != NULL)
    {
      guint8 digest[SHA256_DIGEST_SIZE];

      sha256_digest (self->checksum, sizeof digest, digest);
      self->sha256 = vt_secret_hex (digest, sizeof digest);
    }
  if (!G_OUTPUT_STREAM_CLASS (vt_secret_output_stream_parent_class)->close_fn (stream, cancellable,
                                                                              ok ? error : NULL))
    ok = FALSE;
  return ok;
}

static void
vt_secret_output_stream_finalize (GObject *object)
{
  VtSecretOutputStream *self = (VtSecretOutputStream *)object;

  g_clear_pointer (&self->state, sodium_free);
  g_clear_pointer (&self->plain, sodium_free);
  g_clear_pointer (&self->cipher, sodium_free);
  g_clear_pointer (&self->prefix, g_bytes_unref);
  g_clear_pointer (&self->checksum, g_free);
  g_free (self->sha256);

  G_OBJECT_CLASS (vt_secret_output_stream_parent_class)->finalize (object);
}

static void
vt_secret_output_stream_class_init (VtSecretOutputStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vt_secret_output_stream_finalize;
  stream_class->write_fn = vt_secret_output_stream_write;
  stream_class->close_fn = vt_secret_output_stream_close;
}

static void
vt_secret_output_stream_init (VtSecretOutputStream *self)
{
  self->first_message = TRUE;
}

GOutputStream *
vt_secret_output_stream_new (GOutputStream *base,
                             const guint8  *key,
                             GBytes        *prefix)
{
  VtSecretOutputStream *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!vt_secret_init ())
    g_error ("libsodium could not be initialised");
  self = g_object_new (VT_TYPE_SECRET_OUTPUT_STREAM, "base-stream", base, NULL);
  self->state = sodium_malloc (sizeof *self->state);
  self->plain = sodium_malloc (VT_SECRET_CHUNK_BYTES);
  self->cipher = sodium_malloc (CIPHER_CHUNK);
  if (self->state == NULL || self->plain == NULL || self->cipher == NULL)
    g_error ("Out of guarded memory for an encrypted stream");
  self->prefix = prefix ? g_bytes_ref (prefix) : NULL;
  /* The header lands in the cipher buffer until the first write sends it. */
  crypto_secretstream_xchacha20poly1305_init_push (self->state, self->cipher, key);
  return G_OUTPUT_STREAM (self);
}

guint64
vt_secret_output_stream_get_plain_size (VtSecretOutputStream *self)
{
  g_return_val_if_fail (VT_IS_SECRET_OUTPUT_STREAM (self), 0);
  return self->plain_size;
}

guint64
vt_secret_output_stream_get_size (VtSecretOutputStream *self)
{
  g_return_val_if_fail (VT_IS_SECRET_OUTPUT_STREAM (self), 0);
  return self->size;
}

void
vt_secret_output_stream_compute_sha256 (VtSecretOutputStream *self)
{
  g_return_if_fail (VT_IS_SECRET_OUTPUT_STREAM (self));
  g_return_if_fail (self->size == 0);

  if (self->checksum == NULL)
    {
      self->checksum = g_new0 (struct sha256_ctx, 1);
      sha256_init (self->checksum);
    }
}

void
vt_secret_output_stream_abandon (VtSecretOutputStream *self)
{
  g_return_if_fail (VT_IS_SECRET_OUTPUT_STREAM (self));
  self->failed = TRUE;
}

const char *
vt_secret_output_stream_get_sha256 (VtSecretOutputStream *self)
{
  g_return_val_if_fail (VT_IS_SECRET_OUTPUT_STREAM (self), NULL);
  return self->sha256;
}

/* Input */

struct _VtSecretInputStream
{
  GFilterInputStream parent_instance;

  crypto_secretstream_xchacha20poly1305_state *state;
  guint8   *key;
  guint8   *plain;
  gsize     plain_len;
  gsize     plain_pos;
  guint8   *cipher;
  GBytes   *ad;
  gboolean  started;
  gboolean  finished;
  gboolean  failed;
};

G_DEFINE_FINAL_TYPE (VtSecretInputStream, vt_secret_input_stream, G_TYPE_FILTER_INPUT_STREAM)

static gboolean
fail (VtSecretInputStream  *self,
      GError              **error,
      int                   code)
{
  self->failed = TRUE;
  if (code == VT_SECRET_STREAM_ERROR_TRUNCATED)
    g_set_error_literal (error, VT_SECRET_STREAM_ERROR, code,
                         _("El archivo cifrado está incompleto."));
  else
    g_set_error_literal (error, VT_SECRET_STREAM_ERROR, code,
                         _("El archivo cifrado está dañado o fue modificado."));
  return FALSE;
}

static gboolean
in_pull (VtSecretInputStream  *self,
         GCancellable         *cancellable,
         GError              **error)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  gsize n = 0;
  unsigned long long mlen = 0;
  guint8 tag = 0;
  const guint8 *ad = NULL;
  gsize ad_len = 0;

  if (!self->started)
    {
      guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];

      if (!g_input_stream_read_all (base, header, sizeof header, &n, cancellable, error))
        return FALSE;
      if (n < sizeof header)
        return fail (self, error, VT_SECRET_STREAM_ERROR_TRUNCATED);
      if (crypto_secretstream_xchacha20poly1305_init_pull (self->state, header, self->key) != 0)
        return fail (self, error, VT_SECRET_STREAM_ERROR_CORRUPT);
      sodium_memzero (self->key, VT_SECRET_KEY_BYTES);
      if (self->ad != NULL)
        ad = g_bytes_get_data (self->ad, &ad_len);
      self->started = TRUE;
    }

  if (!g_input_stream_read_all (base, self->cipher, CIPHER_CHUNK, &n, cancellable, error))
    return FALSE;
  if (n < crypto_secretstream_xchacha20poly1305_ABYTES)
    return fail (self, error, VT_SECRET_STREAM_ERROR_TRUNCATED);
  if (crypto_secretstream_xchacha20poly1305_pull (self->state, self->plain, &mlen, &tag,
                                                  self->cipher, n, ad, ad_len) != 0)
    return fail (self, error, VT_SECRET_STREAM_ERROR_CORRUPT);
  self->plain_len = mlen;
  self->plain_pos = 0;
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      guint8 extra;

      /* Anything after the final message was added by someone else. */
      if (!g_input_stream_read_all (base, &extra, 1, &n, cancellable, error))
        return FALSE;
      if (n != 0)
        return fail (self, error, VT_SECRET_STREAM_ERROR_CORRUPT);
      self->finished = TRUE;
    }
  else if (n < CIPHER_CHUNK)
    return fail (self, error, VT_SECRET_STREAM_ERROR_TRUNCATED);
  return TRUE;
}

static gssize
vt_secret_input_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  VtSecretInputStream *self = VT_SECRET_INPUT_STREAM (stream);
  gsize n;

  if (self->failed)
    {
      fail (self, error, VT_SECRET_STREAM_ERROR_CORRUPT);
      return -1;
    }
  while (self->plain_pos == self->plain_len)
    {
      if (self->finished)
        return 0;
      if (!in_pull (self, cancellable, error))
        {
          self->failed = TRUE;
          return -1;
        }
    }
  n = MIN (count, self->plain_len - self->plain_pos);
  memcpy (buffer, self->plain + self->plain_pos, n);
  self->plain_pos += n;
  return n;
}

static void
vt_secret_input_stream_finalize (GObject *object)
{
  VtSecretInputStream *self = (VtSecretInputStream *)object;

  g_clear_pointer (&self->state, sodium_free);
  g_clear_pointer (&self->key, sodium_free);
  g_clear_pointer (&self->plain, sodium_free);
  g_clear_pointer (&self->cipher, sodium_free);
  g_clear_pointer (&self->ad, g_bytes_unref);

  G_OBJECT_CLASS (vt_secret_input_stream_parent_class)->finalize (object);
}

static void
vt_secret_input_stream_class_init (VtSecretInputStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_secret_input_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = vt_secret_input_stream_read;
}

static void
vt_secret_input_stream_init (VtSecretInputStream *self)
{
}

GInputStream *
vt_secret_input_stream_new (GInputStream *base,
                            const guint8 *key,
                            GBytes       *ad)
{
  VtSecretInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!vt_secret_init ())
    g_error ("libsodium could not be initialised");
  self = g_object_new (VT_TYPE_SECRET_INPUT_STREAM, "base-stream", base, NULL);
  self->state = sodium_malloc (sizeof *self->state);
  self->key = sodium_malloc (VT_SECRET_KEY_BYTES);
  self->plain = sodium_malloc (VT_SECRET_CHUNK_BYTES);
  self->cipher = sodium_malloc (CIPHER_CHUNK);
  if (self->state == NULL || self->key == NULL || self->plain == NULL || self->cipher == NULL)
    g_error ("Out of guarded memory for an encrypted stream");
  memcpy (self->key, key, VT_SECRET_KEY_BYTES);
  self->ad = ad ? g_bytes_ref (ad) : NULL;
  return G_INPUT_STREAM (self);
}

GBytes *
vt_secret_read_file (const char   *path,
                     const guint8 *key,
                     GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) base = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  base = g_file_read (file, NULL, error);
  if (base == NULL)
    return NULL;
  in = vt_secret_input_stream_new (G_INPUT_STREAM (base), key, NULL);
  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                       | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

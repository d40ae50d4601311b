/* vt-kiosk-key.c — who a kiosk is: its own signing key, the short prefix of its codes, and an
 * id that does not give away the machine's.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-kiosk-key.h"

#include "vt-bundle.h"
#include "vt-secret-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* Crockford's alphabet without the letters people confuse, as the codes use. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Ventanilla's application id for machine-specific ids (sd_id128 style): 128 random bits,
 * fixed forever, so that the same machine always gets the same kiosk id. */
static const guint8 app_id[16] = {
  0x5d, 0x1e, 0x3b, 0x87, 0x0c, 0x4f, 0x42, 0x9a, 0xb6, 0x71, 0xe8, 0x2d, 0x93, 0x05, 0xca, 0x64,
};

static gboolean
write_seed (const char    *path,
            const guint8  *seed,
            GError       **error)
{
  char text[sodium_base64_ENCODED_LEN (VT_BUNDLE_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;
  int saved = 0;

  sodium_bin2base64 (text, sizeof text, seed, VT_BUNDLE_KEY_BYTES,
                     sodium_base64_VARIANT_ORIGINAL);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    saved = errno;
  else if (write (fd, text, strlen (text)) != (gssize) strlen (text) || write (fd, "\n", 1) != 1
           || fsync (fd) != 0)
    saved = errno ? errno : EIO;
  sodium_memzero (text, sizeof text);
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0)
    {
      /* The key must survive a power cut: bundles already signed with it name it. */
      int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

      if (dir_fd < 0 || fsync (dir_fd) != 0)
        saved = errno;
      if (dir_fd >= 0)
        close (dir_fd);
    }
  if (saved != 0)
    {
      if (fd >= 0)
        g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo guardar la clave de firma del quiosco: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

guint8 *
vt_kiosk_key_load_or_create (const char  *data_dir,
                             gboolean    *out_created,
                             GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;
  guint8 *seed;
  guint8 *key;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (out_created != NULL)
    *out_created = FALSE;
  if (!vt_secret_init ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("No se pudo iniciar el cifrado del quiosco."));
      return NULL;
    }
  path = g_build_filename (data_dir, VT_KIOSK_KEY_FILE, NULL);
  key = vt_bundle_load_signing_key (path, &local);
  if (key != NULL)
    return key;
  if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* A damaged key file is for a technician: a new key would make every bundle already in
       * the queue unverifiable against what the office registered. */
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo guardar la clave de firma del quiosco: %s"), g_strerror (saved));
      return NULL;
    }
  seed = vt_secret_key_new ();
  randombytes_buf (seed, VT_BUNDLE_KEY_BYTES);
  if (!write_seed (path, seed, error))
    {
      vt_secret_key_free (seed);
      return NULL;
    }
  key = vt_bundle_signing_key_from_seed (seed);
  vt_secret_key_free (seed);
  if (out_created != NULL)
    *out_created = TRUE;
  return key;
}

char *
vt_kiosk_key_default_prefix (const guint8 *signing_key)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 digest[crypto_hash_sha256_BYTES];
  char prefix[VT_KIOSK_PREFIX_LEN + 1];

  g_return_val_if_fail (signing_key != NULL, NULL);

  crypto_sign_ed25519_sk_to_pk (public_key, signing_key);
  crypto_hash_sha256 (digest, public_key, sizeof public_key);
  for (guint i = 0; i < VT_KIOSK_PREFIX_LEN; i++)
    prefix[i] = alphabet[digest[i] % (sizeof alphabet - 1)];
  prefix[VT_KIOSK_PREFIX_LEN] = '\0';
  return g_strdup (prefix);
}

gboolean
vt_kiosk_prefix_is_valid (const char *prefix)
{
  if (prefix == NULL || strlen (prefix) != VT_KIOSK_PREFIX_LEN)
    return FALSE;
  for (const char *p = prefix; *p; p++)
    if (strchr (alphabet, *p) == NULL)
      return FALSE;
  return TRUE;
}

char *
vt_kiosk_id_from_machine_id (const char *machine_id)
{
  g_autofree char *text = NULL;
  guint8 machine[16];
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  size_t len = 0;

  if (machine_id == NULL)
    return NULL;
  text = g_strstrip (g_strdup (machine_id));
  if (strlen (text) != 32
      || sodium_hex2bin (machine, sizeof machine, text, 32, NULL, &len, NULL) != 0
      || len != sizeof machine)
    return NULL;
  vt_secret_init ();
  /* sd_id128_get_machine_app_specific (): HMAC-SHA256 keyed with the machine id's 16 bytes
   * over the application id, the first 16 bytes made a v4 UUID. */
  crypto_auth_hmacsha256_init (&state, machine, sizeof machine);
  crypto_auth_hmacsha256_update (&state, app_id, sizeof app_id);
  crypto_auth_hmacsha256_final (&state, mac);
  sodium_memzero (machine, sizeof machine);
  mac[6] = (mac[6] & 0x0f) | 0x40;
  mac[8] = (mac[8] & 0x3f) | 0x80;
  return vt_secret_hex (mac, 16);
}

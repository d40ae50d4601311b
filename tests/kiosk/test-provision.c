/* test-provision.c — a fleet key file sets every key, or (one bad line) none.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk/vt-provision.h"
#include "outbox/vt-bundle.h"

#include <glib/gstdio.h>
#include <sodium.h>

static char *
write_file (const char *dir,
            const char *text)
{
  char *path = g_build_filename (dir, "fleet.ini", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* An office's public key, as `ventanilla-office keygen` makes it. */
static char *
generate_office_key (void)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (public_key, secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  return vt_bundle_encode_key (public_key);
}

/* The shipped example as it is refuses to apply (its office key is a placeholder); with the
 * placeholder replaced by an office's key it sets every key. */
static void
test_example_file (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.ventanilla.Kiosk");
  g_autofree char *example = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "data", "kiosk",
                                               "fleet-example.ini", NULL);
  g_autofree char *dir = g_dir_make_tmp ("vt-provision-XXXXXX", NULL);
  g_autofree char *office_key = generate_office_key ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *set_key = NULL;
  g_autofree char *fleet = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) placeholder = NULL;
  g_autofree char *kiosk_id = NULL;
  g_auto(GStrv) procedures = NULL;
  int written;

  g_assert_cmpint (vt_provision_apply (settings, example, &error), ==, -1);
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "upload-token"));
  g_assert_false (g_settings_get_boolean (settings, "kiosk-mode"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (example, &text, NULL, NULL));
  placeholder = g_regex_new ("^office-public-key=.*$", G_REGEX_MULTILINE, 0, NULL);
  g_assert_true (g_regex_match (placeholder, text, 0, NULL));
  set_key = g_strdup_printf ("office-public-key='%s'", office_key);
  path = g_build_filename (dir, "fleet.ini", NULL);
  fleet = g_regex_replace_literal (placeholder, text, -1, 0, set_key, 0, NULL);

  /* The office key alone is not enough: the upload token is still the example's. */
  g_assert_true (g_file_set_contents (path, fleet, -1, NULL));
  g_assert_cmpint (vt_provision_apply (settings, path, &error), ==, -1);
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "upload-token"));
  g_assert_false (g_settings_get_boolean (settings, "kiosk-mode"));
  g_clear_error (&error);

  {
    g_autoptr(GRegex) token = g_regex_new ("^upload-token=.*$", G_REGEX_MULTILINE, 0, NULL);
    g_autofree char *with_token = g_regex_replace_literal (token, fleet, -1, 0,
                                                           "upload-token='fleet-secret-7'", 0,
                                                           NULL);

    g_assert_true (g_file_set_contents (path, with_token, -1, NULL));
  }
  written = vt_provision_apply (settings, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 14);
  g_unlink (path);
  g_rmdir (dir);
  kiosk_id = g_settings_get_string (settings, "kiosk-id");
  g_assert_cmpstr (kiosk_id, ==, "consulado-madrid-01");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-timeout"), ==, 90);
  g_assert_true (g_settings_get_boolean (settings, "kiosk-mode"));
  procedures = g_settings_get_strv (settings, "enabled-procedures");
  g_assert_cmpuint (g_strv_length (procedures), ==, 2);
  g_settings_reset (settings, "kiosk-mode");
  g_settings_reset (settings, "office-public-key");
}

static void
test_plain_strings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.ventanilla.Kiosk");
  g_autofree char *dir = g_dir_make_tmp ("vt-provision-XXXXXX", NULL);
  g_autofree char *path = write_file (dir, "[org.ventanilla.Kiosk]\n"
                                           "upload-url=https://example.invalid/files/\n"
                                           "idle-timeout=120\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpint (vt_provision_apply (settings, path, &error), ==, 2);
  g_assert_no_error (error);
  url = g_settings_get_string (settings, "upload-url");
  g_assert_cmpstr (url, ==, "https://example.invalid/files/");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-timeout"), ==, 120);
  g_unlink (path);
  g_rmdir (dir);
}

/* Each bad file is refused as a whole: the good line before the bad one is not written. */
static void
test_all_or_nothing (void)
{
  const struct { const char *text; GKeyFileError code; const char *mentions; } cases[] = {
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-1'\nidle-timeout=5\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "idle-timeout" },           /* below the range's 30 */
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-2'\nkiosk-mode=maybe\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "kiosk-mode" },
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-3'\nupload-ulr='x'\n",
      G_KEY_FILE_ERROR_KEY_NOT_FOUND, "upload-ulr" },             /* a typo */
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-4'\ndefault-language='fr'\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "default-language" },       /* not a choice */
    { "[org.example.Other]\nkiosk-id='bad-5'\n",
      G_KEY_FILE_ERROR_GROUP_NOT_FOUND, "org.ventanilla.Kiosk" },
    /* The development key, whose secret half is published, however it is spelled. */
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-6'\n"
      "office-public-key='" VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY "'\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "desarrollo" },
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-7'\n"
      "office-public-key=" VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY "\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "desarrollo" },
    /* Not a key at all: nothing could be sealed. */
    { "[org.ventanilla.Kiosk]\nkiosk-id='bad-8'\noffice-public-key='CHANGE-ME'\n",
      G_KEY_FILE_ERROR_INVALID_VALUE, "office-public-key" },
  };
  g_autoptr(GSettings) settings = g_settings_new ("org.ventanilla.Kiosk");
  g_autofree char *dir = g_dir_make_tmp ("vt-provision-XXXXXX", NULL);

  g_settings_set_string (settings, "kiosk-id", "before");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (dir, cases[i].text);
      g_autoptr(GError) error = NULL;
      g_autofree char *kiosk_id = NULL;

      g_assert_cmpint (vt_provision_apply (settings, path, &error), ==, -1);
      g_assert_error (error, G_KEY_FILE_ERROR, (gint)cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      kiosk_id = g_settings_get_string (settings, "kiosk-id");
      g_assert_cmpstr (kiosk_id, ==, "before");
      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/provision/example-file", test_example_file);
  g_test_add_func ("/kiosk/provision/plain-strings", test_plain_strings);
  g_test_add_func ("/kiosk/provision/all-or-nothing", test_all_or_nothing);
  return g_test_run ();
}

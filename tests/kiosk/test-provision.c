/* test-provision.c — a fleet key file sets every key, or (one bad line) none.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk/vt-provision.h"

#include <glib/gstdio.h>

static char *
write_file (const char *dir,
            const char *text)
{
  char *path = g_build_filename (dir, "fleet.ini", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_example_file (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.ventanilla.Kiosk");
  g_autofree char *path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "data", "kiosk",
                                            "fleet-example.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kiosk_id = NULL;
  g_auto(GStrv) procedures = NULL;
  int written;

  written = vt_provision_apply (settings, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 13);
  kiosk_id = g_settings_get_string (settings, "kiosk-id");
  g_assert_cmpstr (kiosk_id, ==, "consulado-madrid-01");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-timeout"), ==, 90);
  g_assert_true (g_settings_get_boolean (settings, "kiosk-mode"));
  procedures = g_settings_get_strv (settings, "enabled-procedures");
  g_assert_cmpuint (g_strv_length (procedures), ==, 2);
  g_settings_reset (settings, "kiosk-mode");
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

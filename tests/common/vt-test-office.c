/* vt-test-office.c — the office side for tests: a registry that trusts a test queue's kiosk
 * key, made with the real ventanilla-office.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-test-office.h"

#include <string.h>

char *
vt_test_office_path (void)
{
  return g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "office", "ventanilla-office", NULL);
}

void
vt_test_office_register (VtQueue    *queue,
                         const char *registry)
{
  g_autofree char *office = vt_test_office_path ();
  g_autofree char *public_key = vt_queue_dup_signing_public_key (queue);
  g_autofree char *prefix = vt_queue_dup_code_prefix (queue);
  g_autofree char *kiosk_id = vt_queue_dup_kiosk_id (queue);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* Registered already (a second call in the same test): nothing to do. */
  if (g_file_test (registry, G_FILE_TEST_EXISTS))
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (registry, &text, NULL, NULL));
      if (strstr (text, public_key) != NULL)
        return;
    }
  if (kiosk_id == NULL || *kiosk_id == '\0')
    {
      g_free (kiosk_id);
      kiosk_id = g_strdup ("quiosco-de-prueba");
      vt_queue_set_kiosk_id (queue, kiosk_id);
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, office, "kiosk", "add",
                              "--registry", registry, "--kiosk-id", kiosk_id, "--prefix", prefix,
                              "--public-key", public_key, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

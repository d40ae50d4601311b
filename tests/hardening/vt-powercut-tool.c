/* vt-powercut-tool.c — the outbox doing one thing in a process of its own, under the file
 * system shim (vt-fs-shim.c), for the power-cut test: adding one submission as the kiosk
 * does, or uploading what is queued. Each submission is marked in the shim's record when the
 * person would see it confirmed (added) or when the office has it (sent).
 *
 * Usage: vt-powercut-tool enqueue QUEUE_DIR SEED
 *        vt-powercut-tool upload QUEUE_DIR ENDPOINT
 *        vt-powercut-tool seal-fails PATH
 * "seal-fails" seals into PATH while the shim makes the disk fill up (VT_FSSHIM_FAIL_AFTER).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-bundle.h"
#include "outbox/vt-secret-stream.h"
#include "outbox/vt-uploader.h"
#include "vt-powercut-data.h"

#include <fcntl.h>
#include <unistd.h>

static void
mark (const char *what,
      const char *id)
{
  const char *path = g_getenv ("VT_FSSHIM_MARKS");
  g_autofree char *line = g_strdup_printf ("%s %s\n", what, id);
  int fd;

  if (path == NULL)
    return;
  fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (gssize) strlen (line));
  close (fd);
}

static void
item_done_cb (VtUploader *uploader,
              const char *id,
              const char *state,
              gpointer    data)
{
  if (g_str_equal (state, "sent"))
    mark ("sent", id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (argc == 3 && g_str_equal (argv[1], "seal-fails"))
    {
      g_autoptr(VtBundleHeader) header = g_new0 (VtBundleHeader, 1);
      g_autoptr(GBytes) answers = vt_powercut_answers (1);
      g_autoptr(GPtrArray) attachments = vt_powercut_attachments (1);
      guint8 office[VT_BUNDLE_KEY_BYTES];
      guint8 seed[VT_BUNDLE_KEY_BYTES];
      guint8 *signing;
      gboolean ok;

      vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY, office, NULL);
      vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_SIGNING_SEED, seed, NULL);
      signing = vt_bundle_signing_key_from_seed (seed);
      header->submission_id = g_uuid_string_random ();
      header->procedure_id = g_strdup ("copias-certificadas-exterior");
      header->code = vt_submission_code_new (NULL);
      ok = vt_bundle_write (argv[2], header, "test", office, signing, answers, attachments, NULL,
                            NULL, &error);
      vt_secret_key_free (signing);
      g_assert_false (ok);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      /* Whatever a stray write would hit next: the number the bundle's descriptor had. */
      return g_file_test (argv[2], G_FILE_TEST_EXISTS) ? 3 : 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "enqueue"))
    {
      guint32 seed = (guint32) g_ascii_strtoull (argv[3], NULL, 10);
      g_autoptr(VtQueue) queue = vt_queue_open (argv[2], &error);
      g_autoptr(GBytes) answers = vt_powercut_answers (seed);
      g_autoptr(GPtrArray) attachments = vt_powercut_attachments (seed);
      g_autofree char *id = NULL;

      g_assert_no_error (error);
      id = vt_queue_add (queue, "copias-certificadas-exterior", 1, answers, attachments, NULL,
                         &error);
      g_assert_no_error (error);
      /* vt_queue_add returned: this is when the confirmation page appears. */
      mark ("confirmed", id);
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "upload"))
    {
      g_autoptr(VtQueue) queue = vt_queue_open (argv[2], &error);
      g_autoptr(VtTusClient) client = NULL;
      g_autoptr(VtUploader) uploader = NULL;
      int left;

      g_assert_no_error (error);
      client = vt_tus_client_new (argv[3], NULL);
      vt_tus_client_set_chunk_size (client, 64 * 1024);
      vt_tus_client_set_timeout (client, 10);
      vt_tus_client_set_backoff (client, 20, 200);
      uploader = vt_uploader_new (queue, client);
      g_signal_connect (uploader, "item-done", G_CALLBACK (item_done_cb), NULL);
      left = vt_uploader_flush (uploader, 2, NULL, &error);
      g_assert_no_error (error);
      /* The signals arrive through this thread's main context. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      return left == 0 ? 0 : 1;
    }
  g_printerr ("usage: vt-powercut-tool enqueue QUEUE_DIR SEED | upload QUEUE_DIR ENDPOINT\n");
  return 2;
}

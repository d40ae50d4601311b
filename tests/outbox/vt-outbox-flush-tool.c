/* vt-outbox-flush-tool.c — uploads everything in a queue folder, as `ventanilla --flush-queue`
 * does, without the rest of the application. For the kill -9 rounds and the benchmarks.
 *
 * Usage: vt-outbox-flush-tool [--chunk BYTES] [--token T] QUEUE_DIR ENDPOINT
 * Prints {"left": N, "sent": N} and exits 0 only when nothing is left.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-uploader.h"

#include <stdio.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("QUEUE_DIR ENDPOINT");
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  int chunk = VT_TUS_DEFAULT_CHUNK_SIZE;
  int left;
  GOptionEntry entries[] = {
    { "chunk", 0, 0, G_OPTION_ARG_INT, &chunk, "Bytes per PATCH", "BYTES" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Bearer token", "TOKEN" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "QUEUE_DIR ENDPOINT needed");
      return 2;
    }
  queue = vt_queue_open (argv[1], &error);
  if (queue == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  client = vt_tus_client_new (argv[2], token);
  vt_tus_client_set_chunk_size (client, (gsize) chunk);
  vt_tus_client_set_timeout (client, 5);
  vt_tus_client_set_backoff (client, 50, 1000);
  uploader = vt_uploader_new (queue, client);
  left = vt_uploader_flush (uploader, 3, NULL, &error);
  if (left < 0)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("{\"left\": %d}\n", left);
  return left == 0 ? 0 : 1;
}

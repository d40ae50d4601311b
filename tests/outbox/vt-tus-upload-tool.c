/* vt-tus-upload-tool.c — uploads one file with VtTusClient, storing the upload URL durably in a
 * file so that a later run (after a kill -9) resumes it. For the outbox tests and benchmarks.
 *
 * Usage: vt-tus-upload-tool [--chunk BYTES] [--timeout S] [--backoff-ms MS] [--token T]
 *                           [--submission ID] [--max-attempts N] ENDPOINT FILE URL_FILE
 * Prints "progress OFFSET" after each confirmed chunk, then one JSON line with the result.
 * Exits 0 when the server confirmed the whole file.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-tus-client.h"

#include <stdio.h>

static void
url_cb (const char *url,
        gpointer    user_data)
{
  const char *url_file = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (url_file, url, -1, G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE, 0600, &error))
    g_printerr ("could not store the upload URL: %s\n", error->message);
  printf ("url %s\n", url);
  fflush (stdout);
}

static void
progress_cb (guint64  offset,
             guint64  length,
             gpointer user_data)
{
  printf ("progress %" G_GUINT64_FORMAT "\n", offset);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ENDPOINT FILE URL_FILE");
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtTusResult) result = NULL;
  g_autoptr(GHashTable) metadata = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resume_url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *submission = NULL;
  g_autofree char *basename = NULL;
  int chunk = VT_TUS_DEFAULT_CHUNK_SIZE;
  int timeout = 10;
  int backoff_ms = 100;
  int max_attempts = 0;
  GOptionEntry entries[] = {
    { "chunk", 0, 0, G_OPTION_ARG_INT, &chunk, "Bytes per PATCH", "BYTES" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Request timeout", "SECONDS" },
    { "backoff-ms", 0, 0, G_OPTION_ARG_INT, &backoff_ms, "First backoff", "MS" },
    { "max-attempts", 0, 0, G_OPTION_ARG_INT, &max_attempts, "Give up after", "N" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Bearer token", "TOKEN" },
    { "submission", 0, 0, G_OPTION_ARG_STRING, &submission, "Submission id", "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "ENDPOINT FILE URL_FILE needed");
      return 2;
    }

  g_file_get_contents (argv[3], &resume_url, NULL, NULL);
  file = g_file_new_for_commandline_arg (argv[2]);
  basename = g_file_get_basename (file);
  metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (metadata, (char *) "filename", basename);
  if (submission != NULL)
    g_hash_table_insert (metadata, (char *) "submission", submission);

  client = vt_tus_client_new (argv[1], token);
  vt_tus_client_set_chunk_size (client, (gsize) chunk);
  vt_tus_client_set_timeout (client, (guint) timeout);
  vt_tus_client_set_backoff (client, (guint) backoff_ms, 2000);
  vt_tus_client_set_max_attempts (client, (guint) max_attempts);

  result = vt_tus_client_upload (client, file, resume_url, metadata, NULL, url_cb, progress_cb,
                                 argv[3], &error);
  if (result == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("{\"outcome\": %d, \"error_class\": \"%s\", \"bytes_sent\": %" G_GUINT64_FORMAT
          ", \"length\": %" G_GUINT64_FORMAT ", \"creations\": %u, \"failures\": %u}\n",
          result->outcome, vt_tus_error_class_to_string (result->error_class),
          result->bytes_sent, result->length, result->creations, result->failures);
  return result->outcome == VT_TUS_OUTCOME_DONE ? 0 : 1;
}

/* bench-outbox-seal.c — sealing and enqueueing a complete submission against raw secretstream
 * plus fsync of the same bytes; and preparing a queue of 10,000 items for --queue-status.
 *
 * Usage: vt-bench-outbox-seal seal OUT.json WORKDIR
 *        vt-bench-outbox-seal fill-queue QUEUE_DIR COUNT
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-bench"

#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#define RUNS 7

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  randombytes_buf (data, size);
  return g_bytes_new_take (data, size);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

/* What sealing cannot do without: encrypt the same bytes with secretstream, write, fsync. */
static void
raw_secretstream (const char *path,
                  GPtrArray  *attachments,
                  GBytes     *answers)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  g_autofree guint8 *plain = g_malloc (VT_SECRET_CHUNK_BYTES);
  g_autofree guint8 *cipher = g_malloc (VT_SECRET_CHUNK_BYTES
                                        + crypto_secretstream_xchacha20poly1305_ABYTES);
  gsize fill = 0;
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  unsigned long long clen;
  GPtrArray *parts = g_ptr_array_new ();

  g_assert (fd >= 0);
  crypto_secretstream_xchacha20poly1305_keygen (key);
  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  g_assert (write (fd, header, sizeof header) == sizeof header);
  g_ptr_array_add (parts, answers);
  for (guint i = 0; i < attachments->len; i++)
    g_ptr_array_add (parts, ((VtAttachment *)g_ptr_array_index (attachments, i))->data);
  for (guint i = 0; i < parts->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (parts, i), &size);

      while (size > 0)
        {
          gsize n = MIN (size, VT_SECRET_CHUNK_BYTES - fill);

          memcpy (plain + fill, data, n);
          fill += n;
          data += n;
          size -= n;
          if (fill == VT_SECRET_CHUNK_BYTES)
            {
              crypto_secretstream_xchacha20poly1305_push (&state, cipher, &clen, plain, fill,
                                                          NULL, 0, 0);
              g_assert (write (fd, cipher, clen) == (gssize)clen);
              fill = 0;
            }
        }
    }
  crypto_secretstream_xchacha20poly1305_push (&state, cipher, &clen, plain, fill, NULL, 0,
                                              crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  g_assert (write (fd, cipher, clen) == (gssize)clen);
  g_assert (fsync (fd) == 0);
  close (fd);
  g_ptr_array_unref (parts);
}

static int
bench_seal (const char *out_path,
            const char *workdir)
{
  g_autofree char *queue_dir = g_build_filename (workdir, "queue", NULL);
  g_autofree char *raw_path = g_build_filename (workdir, "raw.bin", NULL);
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify)vt_attachment_free);
  g_autoptr(GBytes) answers = NULL;
  g_autofree char *json = NULL;
  const char *answers_text = "{\"procedure\": \"codigo-extranjeros\", \"answers\": "
                             "{\"nombres\": \"Prueba\", \"apellidos\": \"Sintetica\"}}";
  const char *names[] = { "foto_rostro", "pasaporte_anverso", "pasaporte_reverso" };
  double seal[RUNS], raw[RUNS], seal_ms, raw_ms;
  gsize total = strlen (answers_text);

  answers = g_bytes_new_static (answers_text, strlen (answers_text));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) photo = random_bytes (2 * 1024 * 1024);
      g_ptr_array_add (attachments, vt_attachment_new (names[i], "image/jpeg", photo));
      total += g_bytes_get_size (photo);
    }
  {
    g_autoptr(GBytes) video = random_bytes (5 * 1024 * 1024);
    g_ptr_array_add (attachments, vt_attachment_new ("video_autorizacion", "video/mp4", video));
    total += g_bytes_get_size (video);
  }

  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *id = vt_queue_add (queue, "codigo-extranjeros", 1, answers, attachments,
                                          NULL, &error);

      g_assert_no_error (error);
      seal[run] = (g_get_monotonic_time () - start) / 1000.0;
      start = g_get_monotonic_time ();
      raw_secretstream (raw_path, attachments, answers);
      raw[run] = (g_get_monotonic_time () - start) / 1000.0;
    }
  seal_ms = median (seal, RUNS);
  raw_ms = median (raw, RUNS);
  json = g_strdup_printf ("[{\"name\": \"outbox: seal + enqueue of a 003 submission (%.1f MB)\","
                          " \"value\": %.1f, \"unit\": \"ms\", \"baseline\": %.1f,"
                          " \"ratio\": %.2f, \"goal\": \"ratio <= 2 (baseline: raw secretstream"
                          " + fsync of the same bytes)\", \"met\": %s}]\n",
                          total / 1e6, seal_ms, raw_ms, seal_ms / raw_ms,
                          seal_ms / raw_ms <= 2.0 ? "true" : "false");
  g_assert_true (g_file_set_contents (out_path, json, -1, NULL));
  g_print ("%s", json);
  return 0;
}

/* A queue of `count` items: one sealed for real, the rest its copies under their own ids and
 * rows, as a kiosk offline for weeks would hold. */
static int
fill_queue (const char *queue_dir,
            guint       count)
{
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answers = g_bytes_new_static ("{\"answers\": {}}", 15);
  g_autofree char *first = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *db_path = g_build_filename (queue_dir, "queue.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  first = vt_queue_add (queue, "codigo-extranjeros", 1, answers, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&queue);
  first_path = g_strconcat (queue_dir, "/bundles/", first, ".vtb", NULL);

  g_assert (sqlite3_open (db_path, &db) == SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO submissions (id, code, procedure_id, procedure_version,"
                      " created_at, state, folder, answers_file, bundle, bundle_size,"
                      " bundle_sha256, attempts, last_error_class)"
                      " SELECT ?1, ?2, procedure_id, procedure_version, created_at - ?3,"
                      " ?4, ?1, '', 'bundles/' || ?1 || '.vtb', bundle_size, bundle_sha256,"
                      " ?3 % 5, CASE WHEN ?3 % 7 = 0 THEN 'network' END"
                      " FROM submissions WHERE id = ?5",
                      -1, &stmt, NULL);
  for (guint i = 1; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *code = g_strdup_printf ("B%02u-%04u", i / 10000, i % 10000);
      g_autofree char *path = g_strconcat (queue_dir, "/bundles/", id, ".vtb", NULL);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_text (stmt, 4, i % 50 == 0 ? "needs-attention" : "queued", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, first, -1, SQLITE_STATIC);
      g_assert (sqlite3_step (stmt) == SQLITE_DONE);
      g_assert (link (first_path, path) == 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_assert_true (vt_secret_init ());
  if (argc == 4 && g_str_equal (argv[1], "seal"))
    return bench_seal (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "fill-queue"))
    return fill_queue (argv[2], atoi (argv[3]));
  g_printerr ("usage: %s seal OUT.json WORKDIR | fill-queue QUEUE_DIR COUNT\n", argv[0]);
  return 2;
}

/* test-queue-lock.c — opening the queue while another open of it is adding: the second one
 * (`ventanilla --queue-status` while the kiosk seals) must not take a bundle being added for
 * one a crash left behind.
 *
 * Two VtQueue in one process open queue.lock separately, so their locks conflict exactly as
 * two processes' do; the last test runs the second open in a process of its own.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"

#include <glib/gstdio.h>

typedef struct
{
  char *dir;
  char *bundles;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vt-queue-lock-XXXXXX", &error);
  g_assert_no_error (error);
  f->bundles = g_build_filename (f->dir, "bundles", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundles);
}

static GBytes *
answers (void)
{
  return g_bytes_new_static ("{\"canal\": \"en-linea\"}", 21);
}

static GPtrArray *
attachments (gsize size)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_test_rand_int ();
  bytes = g_bytes_new_take (data, size);
  g_ptr_array_add (list, vt_attachment_new ("cedula_anverso", "image/jpeg", bytes));
  return list;
}

/* What vt_queue_add leaves on disk at its two unsafe moments: a bundle being written
 * (<id>.vtb.partial) and one renamed into place whose row is not committed yet. */
static void
half_added (Fixture  *f,
            char    **out_partial,
            char    **out_id)
{
  g_autoptr(VtBundleHeader) header = g_new0 (VtBundleHeader, 1);
  g_autoptr(GPtrArray) list = attachments (4096);
  g_autoptr(GBytes) json = answers ();
  g_autoptr(GError) error = NULL;
  guint8 key[VT_BUNDLE_KEY_BYTES];
  g_autofree char *partial_id = g_uuid_string_random ();
  g_autofree char *tmp = NULL;
  g_autofree char *bundle = NULL;

  g_assert_true (vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY, key, NULL));
  *out_partial = g_strconcat (f->bundles, G_DIR_SEPARATOR_S, partial_id, ".vtb.partial", NULL);
  g_assert_true (g_file_set_contents (*out_partial, "VTB half written", -1, NULL));

  *out_id = g_uuid_string_random ();
  header->submission_id = g_strdup (*out_id);
  header->procedure_id = g_strdup ("003");
  header->procedure_version = 1;
  header->code = vt_submission_code_new (NULL);
  header->created_at = g_get_real_time () / G_USEC_PER_SEC;
  header->kiosk_id = g_strdup ("test");
  tmp = g_strconcat (f->bundles, G_DIR_SEPARATOR_S, *out_id, ".tmp", NULL);
  bundle = g_strconcat (f->bundles, G_DIR_SEPARATOR_S, *out_id, ".vtb", NULL);
  {
    guint8 seed[VT_BUNDLE_KEY_BYTES];
    guint8 *signing_key;

    g_assert_true (vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_SIGNING_SEED, seed, NULL));
    signing_key = vt_bundle_signing_key_from_seed (seed);
    g_assert_true (vt_bundle_write (tmp, header, "test", key, signing_key, json, list, NULL, NULL,
                                    &error));
    vt_secret_key_free (signing_key);
  }
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (tmp, bundle), ==, 0);
}

static gboolean
has_row (VtQueue    *queue,
         const char *id)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (queue, id, NULL);

  return item != NULL;
}

static void
test_second_open_repairs_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(VtQueue) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *id = NULL;
  g_autofree char *bundle = NULL;

  kiosk = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  half_added (f, &partial, &id);
  bundle = g_strconcat (f->bundles, G_DIR_SEPARATOR_S, id, ".vtb", NULL);

  /* --queue-status, many times, while the kiosk is in the middle of adding. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VtQueue) status = vt_queue_open (f->dir, &error);
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      json = vt_queue_dup_status_json (status, &error);
      g_assert_no_error (error);
      g_assert_nonnull (json);
      g_assert_false (vt_queue_get_rebuilt (status));
      g_assert_true (g_file_test (partial, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_test (bundle, G_FILE_TEST_EXISTS));
      g_assert_false (has_row (status, id));
    }
  g_assert_false (has_row (kiosk, id));

  /* Once the queue has nobody else, the next open repairs: the kiosk was killed mid-add. */
  g_clear_object (&kiosk);
  g_test_expect_message ("vt-outbox", G_LOG_LEVEL_WARNING, "*restored to the queue*");
  kiosk = vt_queue_open (f->dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (vt_queue_get_rebuilt (kiosk));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_true (has_row (kiosk, id));
}

typedef struct
{
  VtQueue *queue;
  guint    added;
  GError  *error;
} Adder;

static gpointer
adder_thread (gpointer data)
{
  Adder *adder = data;

  for (guint i = 0; i < 12 && adder->error == NULL; i++)
    {
      g_autoptr(GBytes) json = answers ();
      g_autoptr(GPtrArray) list = attachments (512 * 1024);
      g_autofree char *id = vt_queue_add (adder->queue, "003", 1, json, list, NULL,
                                          &adder->error);

      if (id != NULL)
        g_atomic_int_inc (&adder->added);
    }
  return NULL;
}

/* The real race: adds on one thread, opens and status reads as fast as they go on another. */
static void
test_status_while_adding (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtQueue) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  Adder adder = { NULL, 0, NULL };
  GThread *thread;
  guint opens = 0;
  guint bundles = 0;
  const char *name;

  kiosk = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  adder.queue = kiosk;
  thread = g_thread_new ("adder", adder_thread, &adder);
  while (g_atomic_int_get (&adder.added) < 12 && adder.error == NULL)
    {
      g_autoptr(VtQueue) status = vt_queue_open (f->dir, &error);
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      json = vt_queue_dup_status_json (status, &error);
      g_assert_no_error (error);
      opens++;
    }
  g_thread_join (thread);
  g_assert_no_error (adder.error);
  g_assert_cmpuint (adder.added, ==, 12);
  g_assert_cmpuint (opens, >, 0);
  g_test_message ("%u opens while adding", opens);

  /* Every add has its row and its bundle, nothing else is on disk. */
  dir = g_dir_open (f->bundles, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;

      g_assert_true (g_str_has_suffix (name, ".vtb"));
      id = g_strndup (name, strlen (name) - 4);
      g_assert_true (has_row (kiosk, id));
      bundles++;
    }
  g_assert_cmpuint (bundles, ==, 12);
  g_assert_false (vt_queue_get_rebuilt (kiosk));
}

/* A database that looks damaged is not moved away from under the process using it. */
static void
test_damaged_while_in_use (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VtQueue) kiosk = NULL;
  g_autoptr(VtQueue) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "queue.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  kiosk = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  /* The header a reader could catch halfway through a checkpoint: not SQLite's. */
  g_assert_true (g_file_set_contents (db, "not yet a database, mid-checkpoint", -1, NULL));
  status = vt_queue_open (f->dir, &error);
  g_assert_error (error, VT_QUEUE_ERROR, VT_QUEUE_ERROR_DATABASE);
  g_assert_null (status);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_null (strstr (name, "damaged"));
  }
  g_assert_true (g_file_set_contents (db, contents, (gssize) length, NULL));
}

/* The same from another process: a child that opens the queue and reads it, as
 * --queue-status does. */
static void
test_other_process (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VtQueue) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *id = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(VtQueue) status = vt_queue_open (g_getenv ("VT_TEST_QUEUE_DIR"), &error);

      g_assert_no_error (error);
      g_print ("rebuilt=%d\n", vt_queue_get_rebuilt (status));
      return;
    }

  kiosk = vt_queue_open (f->dir, &error);
  g_assert_no_error (error);
  half_added (f, &partial, &id);
  g_setenv ("VT_TEST_QUEUE_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*rebuilt=0*");
  g_assert_true (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_false (has_row (kiosk, id));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (vt_secret_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/queue-lock/second-open-repairs-nothing", test_second_open_repairs_nothing);
  ADD ("/outbox/queue-lock/status-while-adding", test_status_while_adding);
  ADD ("/outbox/queue-lock/damaged-while-in-use", test_damaged_while_in_use);
  ADD ("/outbox/queue-lock/other-process", test_other_process);
#undef ADD

  return g_test_run ();
}

/* test-diagnose.c — `ventanilla --diagnose` on a real data folder: the synthetic camera
 * measured, the queue's database checked, a damaged one and an unreachable server reported
 * with a non-zero exit.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "kiosk/vt-diagnostics.h"
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

static const char * const check_ids[] = {
  "camera", "microphone", "disk", "database", "queue", "upload", "printer", "clock",
  "office_key",
};

/* Settings (a keyfile backend's file) with an office key of the test's own, as a provisioned
 * kiosk has: without it every diagnosis fails on the development key. */
static char *
settings_with_office_key (const char *more)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];
  g_autofree char *key = NULL;

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (public_key, secret_key);
  sodium_memzero (secret_key, sizeof secret_key);
  key = vt_bundle_encode_key (public_key);
  return g_strdup_printf ("[org/ventanilla/Kiosk]\noffice-public-key='%s'\n%s", key,
                          more ? more : "");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A data folder whose queue holds `n` submissions. */
static char *
make_data_dir (guint n)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vt-diagnose-XXXXXX", &error);
  g_autofree char *queue_dir = g_build_filename (dir, "queue", NULL);
  g_autoptr(VtQueue) queue = NULL;

  g_assert_no_error (error);
  queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      static const char answers[] = "{\"procedure\": \"codigo-extranjeros\", \"procedure_version\": 1,"
                                    " \"answers\": {\"canal\": \"virtual\"}}";
      g_autoptr(GBytes) bytes = g_bytes_new_static (answers, strlen (answers));
      g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
      g_autofree char *code = NULL;
      g_autofree char *id = vt_queue_add (queue, "codigo-extranjeros", 1, bytes, attachments,
                                          &code, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  return dir;
}

/* Runs ventanilla --diagnose; `keyfile` (may be NULL) is the settings it sees. */
static JsonObject *
diagnose_with (const char *data_dir,
               const char *keyfile,
               const char *camera,
               int        *out_status)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *config = NULL;
  gint64 start = g_get_monotonic_time ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (keyfile != NULL)
    {
      g_autofree char *settings_dir = NULL;
      g_autofree char *path = NULL;

      config = g_build_filename (data_dir, "config", NULL);
      settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
      path = g_build_filename (settings_dir, "keyfile", NULL);
      g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, keyfile, -1, NULL));
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
    }
  /* GStreamer, OpenCV and GLib's constructors keep one-time allocations that LeakSanitizer
   * cannot tell from leaks (see tests/capture/meson.build): the camera's process is checked
   * by ASan and UBSan, not for leaks. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, "--diagnose", "--camera",
                                         camera, "--data-dir", data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("--diagnose took %.1f s:\n%s", (g_get_monotonic_time () - start) / 1e6, out);
  *out_status = g_subprocess_get_exit_status (process);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
diagnose (const char *data_dir,
          const char *keyfile,
          int        *out_status)
{
  return diagnose_with (data_dir, keyfile, "synthetic", out_status);
}

static JsonObject *
member (JsonObject *root,
        const char *id)
{
  g_assert_true (json_object_has_member (root, id));
  return json_object_get_object_member (root, id);
}

static void
test_synthetic (void)
{
  g_autofree char *dir = make_data_dir (2);
  g_autofree char *keyfile = settings_with_office_key (NULL);
  g_autoptr(JsonObject) root = NULL;
  JsonObject *o;
  int status;

  root = diagnose (dir, keyfile, &status);

  /* Every check is there, with a state and words for people. */
  for (guint i = 0; i < G_N_ELEMENTS (check_ids); i++)
    {
      o = member (root, check_ids[i]);
      g_assert_true (json_object_has_member (o, "status"));
      g_assert_true (json_object_has_member (o, "ok"));
      g_assert_cmpstr (json_object_get_string_member (o, "summary"), !=, "");
    }

  o = member (root, "camera");
  g_assert_true (json_object_get_boolean_member (o, "found"));
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "synthetic");
  /* Asked for by name, the demonstration camera is not a fault, but no all-clear either. */
  g_assert_true (json_object_get_boolean_member (o, "synthetic"));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "warning");
  g_assert_true (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpint (json_object_get_int_member (o, "width"), ==, 640);
  g_assert_cmpint (json_object_get_int_member (o, "height"), ==, 480);
  g_assert_cmpstr (json_object_get_string_member (o, "device"), ==, "Cámara de demostración");
  /* The synthetic camera runs at 30 fps; a loaded machine under sanitizers may drop some. */
  g_assert_cmpfloat (json_object_get_double_member (o, "fps"), >, 5);
  g_assert_cmpfloat (json_object_get_double_member (o, "fps"), <, 40);

  /* The synthetic microphone's tone is heard. */
  o = member (root, "microphone");
  g_assert_true (json_object_get_boolean_member (o, "found"));
  g_assert_cmpfloat (json_object_get_double_member (o, "level_db"), >, -60);

  o = member (root, "disk");
  g_assert_cmpint (json_object_get_int_member (o, "free_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (o, "free_bytes"), <=,
                   json_object_get_int_member (o, "total_bytes"));

  o = member (root, "database");
  g_assert_true (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpstr (json_object_get_string_member (o, "integrity"), ==, "ok");

  o = member (root, "queue");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "counts"),
                                               "queued"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "counts"),
                                               "sent"), ==, 0);

  o = member (root, "upload");
  g_assert_false (json_object_get_boolean_member (o, "configured"));
  g_assert_cmpstr (json_object_get_string_member (o, "reachable"), ==, "not configured");

  o = member (root, "printer");
  g_assert_true (json_object_has_member (o, "present"));

  o = member (root, "clock");
  g_assert_true (json_object_get_boolean_member (o, "plausible"));

  o = member (root, "office_key");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "key"), ==, "office");

  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (status, ==, 0);
  remove_tree (dir);
}

/* A kiosk left on the development key would seal people's submissions for anyone to read. */
static void
test_development_key (void)
{
  g_autofree char *dir = make_data_dir (0);
  g_autoptr(JsonObject) root = NULL;
  JsonObject *o;
  int status;

  /* Settings as installed: the schema's default is the development key. */
  root = diagnose (dir, NULL, &status);
  o = member (root, "office_key");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (o, "key"), ==, "development");
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (status, !=, 0);
  remove_tree (dir);
}

static void
test_corrupt_database (void)
{
  g_autofree char *dir = make_data_dir (1);
  g_autofree char *db = g_build_filename (dir, "queue", "queue.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  JsonObject *o;
  int status;

  /* Damage the middle of the file, past the header, as a failing disk would. */
  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  for (gsize i = 100; i < len; i++)
    contents[i] = (char)(i * 7 + 13);
  g_assert_true (g_file_set_contents (db, contents, len, NULL));

  root = diagnose (dir, NULL, &status);
  o = member (root, "database");
  g_assert_false (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (o, "integrity"), !=, "ok");
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (status, !=, 0);
  /* Diagnosing only looks: the damaged file is still there, unrepaired. */
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  remove_tree (dir);
}

static void
test_unreachable_server (void)
{
  g_autofree char *dir = make_data_dir (0);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *keyfile = NULL;
  guint16 port;
  JsonObject *o;
  int status;

  /* A port that was free a moment ago and is closed now: nothing answers there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  keyfile = g_strdup_printf ("[org/ventanilla/Kiosk]\nupload-url='http://127.0.0.1:%u/files/'\n",
                             port);
  root = diagnose (dir, keyfile, &status);
  o = member (root, "upload");
  g_assert_true (json_object_get_boolean_member (o, "configured"));
  g_assert_false (json_object_get_boolean_member (o, "reachable"));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
  g_assert_cmpint (status, !=, 0);
  remove_tree (dir);
}

static void
test_no_real_camera (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) dev = g_dir_open ("/dev", 0, NULL);
  g_autoptr(JsonObject) root = NULL;
  const char *name;
  JsonObject *o;
  int status;

  while (dev && (name = g_dir_read_name (dev)) != NULL)
    if (g_str_has_prefix (name, "video"))
      {
        g_test_skip ("This machine has a camera: \"auto\" would find it");
        return;
      }
  /* "auto" without any camera is no camera: never the demonstration one in its place. */
  dir = make_data_dir (0);
  root = diagnose_with (dir, NULL, "auto", &status);
  o = member (root, "camera");
  g_assert_false (json_object_get_boolean_member (o, "synthetic"));
  g_assert_false (json_object_get_boolean_member (o, "found"));
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
  g_assert_cmpint (status, !=, 0);
  remove_tree (dir);
}

static void
test_synthetic_in_kiosk_mode (void)
{
  g_autofree char *dir = make_data_dir (0);
  g_autofree char *keyfile = settings_with_office_key ("kiosk-mode=true\n");
  g_autoptr(JsonObject) root = NULL;
  JsonObject *o;
  int status;

  /* Asked for by name on a kiosk in service, the demonstration camera is a fault: nobody
   * could be photographed, and its frames must never become a submission. */
  root = diagnose (dir, keyfile, &status);
  o = member (root, "camera");
  g_assert_true (json_object_get_boolean_member (o, "synthetic"));
  g_assert_true (json_object_get_boolean_member (o, "kiosk_mode"));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (o, "mode"), ==, "portrait 640×480 30 fps");
  g_assert_cmpint (status, !=, 0);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnose/synthetic-camera", test_synthetic);
  g_test_add_func ("/diagnose/development-key", test_development_key);
  g_test_add_func ("/diagnose/corrupt-database", test_corrupt_database);
  g_test_add_func ("/diagnose/unreachable-server", test_unreachable_server);
  g_test_add_func ("/diagnose/no-real-camera", test_no_real_camera);
  g_test_add_func ("/diagnose/synthetic-in-kiosk-mode", test_synthetic_in_kiosk_mode);
  return g_test_run ();
}

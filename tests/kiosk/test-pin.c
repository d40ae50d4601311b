/* test-pin.c — staff PINs: Argon2id hashes, the lock with growing delays that survives a
 * restart, and `ventanilla --set-staff-pin` reading the PIN on standard input.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "staff/vt-pin.h"

#include <glib/gstdio.h>
#include <string.h>

/* Delays of 30 s, 60 s… become 0.6 s, 1.2 s… (Argon2id itself takes a few tenths of a second). */
#define SCALE 0.02

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vt-pin-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
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

static void
test_format (void)
{
  g_assert_true (vt_pin_is_well_formed ("1234"));
  g_assert_true (vt_pin_is_well_formed ("123456789012"));
  g_assert_false (vt_pin_is_well_formed ("123"));
  g_assert_false (vt_pin_is_well_formed ("1234567890123"));
  g_assert_false (vt_pin_is_well_formed ("12a4"));
  g_assert_false (vt_pin_is_well_formed ("12 34"));
  g_assert_false (vt_pin_is_well_formed (""));
  g_assert_false (vt_pin_is_well_formed (NULL));
}

static void
test_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = vt_pin_hash ("4826", &error);
  g_autofree char *again = vt_pin_hash ("4826", NULL);
  char *bad;

  g_assert_no_error (error);
  /* Argon2id, salted: the same PIN never hashes the same way twice. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpstr (hash, !=, again);
  g_assert_null (strstr (hash, "4826"));
  g_assert_true (vt_pin_check_hash (hash, "4826"));
  g_assert_true (vt_pin_check_hash (again, "4826"));
  g_assert_false (vt_pin_check_hash (hash, "4827"));
  g_assert_false (vt_pin_check_hash (hash, ""));
  g_assert_false (vt_pin_check_hash ("", "4826"));

  bad = vt_pin_hash ("48a6", &error);
  g_assert_null (bad);
  g_assert_error (error, VT_PIN_ERROR, VT_PIN_ERROR_FORMAT);
}

static VtPinLock *
open_lock (const char *path)
{
  VtPinLock *lock = vt_pin_lock_new (path);

  vt_pin_lock_set_time_scale (lock, SCALE);
  return lock;
}

static void
wait_until_open (VtPinLock *lock)
{
  gint64 wait = vt_pin_lock_get_wait_ms (lock);

  g_usleep ((wait + 5) * 1000);
  g_assert_cmpint (vt_pin_lock_get_wait_ms (lock), ==, 0);
}

static void
test_lockout (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *path = g_build_filename (dir, "staff-pin.lock", NULL);
  g_autofree char *hash = vt_pin_hash ("2468", NULL);
  g_autoptr(VtPinLock) lock = open_lock (path);
  gint64 wait = -1, first, second;

  /* Four wrong tries cost nothing but the count. */
  for (guint i = 1; i < VT_PIN_FREE_TRIES; i++)
    {
      g_assert_cmpint (vt_pin_lock_verify (lock, hash, "1111", &wait), ==, VT_PIN_RESULT_WRONG);
      g_assert_cmpint (wait, ==, 0);
      g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, i);
    }
  /* The fifth locks for 30 s (scaled). */
  g_assert_cmpint (vt_pin_lock_verify (lock, hash, "1111", &wait), ==, VT_PIN_RESULT_WRONG);
  first = wait;
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (first, <=, vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES));
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES), ==, 600);
  /* While locked, even the right PIN is not looked at. */
  g_assert_cmpint (vt_pin_lock_verify (lock, hash, "2468", NULL), ==, VT_PIN_RESULT_LOCKED);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, VT_PIN_FREE_TRIES);

  /* A restart changes nothing: the count and the lock are on disk. */
  g_clear_object (&lock);
  lock = open_lock (path);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, VT_PIN_FREE_TRIES);
  g_assert_cmpint (vt_pin_lock_get_wait_ms (lock), >, 0);
  g_assert_cmpint (vt_pin_lock_verify (lock, hash, "2468", NULL), ==, VT_PIN_RESULT_LOCKED);

  /* After the lock, one more wrong try locks again, twice as long, then four times… */
  wait_until_open (lock);
  g_assert_cmpint (vt_pin_lock_verify (lock, hash, "1111", &wait), ==, VT_PIN_RESULT_WRONG);
  second = wait;
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES + 1), ==, 1200);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES + 2), ==, 2400);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES + 20), ==,
                   (gint64)(VT_PIN_MAX_DELAY_S * 1000 * SCALE));
  g_clear_object (&lock);
  lock = open_lock (path);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, VT_PIN_FREE_TRIES + 1);
  g_assert_cmpint (vt_pin_lock_get_wait_ms (lock), >, 0);

  /* The right PIN, once allowed, opens and clears everything, on disk too. */
  wait_until_open (lock);
  g_assert_cmpint (vt_pin_lock_verify (lock, hash, "2468", &wait), ==, VT_PIN_RESULT_OK);
  g_assert_cmpint (wait, ==, 0);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, 0);
  g_clear_object (&lock);
  lock = open_lock (path);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, 0);
  g_assert_cmpint (vt_pin_lock_get_wait_ms (lock), ==, 0);

  /* No PIN set: nothing to check, nothing counted. */
  g_assert_cmpint (vt_pin_lock_verify (lock, "", "2468", NULL), ==, VT_PIN_RESULT_NOT_SET);
  g_assert_cmpint (vt_pin_lock_verify (lock, NULL, "2468", NULL), ==, VT_PIN_RESULT_NOT_SET);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, 0);

  g_clear_object (&lock);
  remove_tree (dir);
}

static void
test_real_delays (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *path = g_build_filename (dir, "staff-pin.lock", NULL);
  g_autoptr(VtPinLock) lock = vt_pin_lock_new (path);

  /* The unscaled rule: 30 s, 60 s, 120 s… up to an hour. */
  vt_pin_lock_set_time_scale (lock, 1.0);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, 4), ==, 0);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, 5), ==, 30000);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, 6), ==, 60000);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, 7), ==, 120000);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, 40), ==, 3600000);
  g_clear_object (&lock);
  remove_tree (dir);
}

typedef struct
{
  VtPinResult result;
  gboolean    done;
  GThread    *thread;
} AsyncRun;

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = vt_pin_lock_verify_finish (VT_PIN_LOCK (object), result, NULL, NULL);
  run->done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *path = g_build_filename (dir, "staff-pin.lock", NULL);
  g_autofree char *hash = vt_pin_hash ("97531", NULL);
  g_autoptr(VtPinLock) lock = open_lock (path);
  AsyncRun run = { 0 };

  vt_pin_lock_verify_async (lock, hash, "97531", NULL, verified_cb, &run);
  /* The check runs elsewhere: nothing is decided before the main loop turns. */
  g_assert_false (run.done);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (run.result, ==, VT_PIN_RESULT_OK);

  run.done = FALSE;
  vt_pin_lock_verify_async (lock, hash, "97532", NULL, verified_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (run.result, ==, VT_PIN_RESULT_WRONG);
  g_assert_cmpuint (vt_pin_lock_get_failures (lock), ==, 1);
  g_clear_object (&lock);
  remove_tree (dir);
}

/* Runs `ventanilla --set-staff-pin` with a key-file settings backend under `config`. */
static int
set_pin (const char *config,
         const char *option,
         const char *input,
         char      **out_stdout)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, option, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out_stdout, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  /* The PIN is never echoed back. */
  g_assert_null (strstr (*out_stdout, input));
  g_assert_null (strstr (err, input));
  return g_subprocess_get_exit_status (process);
}

static char *
stored_hash (const char *config,
             const char *key)
{
  g_autofree char *path = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *text = NULL;
  g_autoptr(GVariant) value = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  text = g_key_file_get_value (file, "org/ventanilla/Kiosk", key, NULL);
  if (text == NULL)
    return NULL;
  value = g_variant_parse (G_VARIANT_TYPE_STRING, text, NULL, NULL, NULL);
  g_assert_nonnull (value);
  return g_variant_dup_string (value, NULL);
}

static void
test_set_staff_pin (void)
{
  g_autofree char *config = make_tmp ();
  g_autofree char *out = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *technician = NULL;

  /* Refused: too short, letters, too long. Nothing is stored. */
  g_assert_cmpint (set_pin (config, "--set-staff-pin", "123\n", &out), !=, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (set_pin (config, "--set-staff-pin", "12ab\n", &out), !=, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (set_pin (config, "--set-staff-pin", "1234567890123\n", &out), !=, 0);
  g_clear_pointer (&out, g_free);
  g_assert_null (stored_hash (config, "staff-pin-hash"));

  g_assert_cmpint (set_pin (config, "--set-staff-pin", "480315\n", &out), ==, 0);
  hash = stored_hash (config, "staff-pin-hash");
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (vt_pin_check_hash (hash, "480315"));
  g_assert_false (vt_pin_check_hash (hash, "480316"));
  g_clear_pointer (&out, g_free);

  /* The technician's PIN is a key of its own. */
  g_assert_cmpint (set_pin (config, "--set-technician-pin", "97531\n", &out), ==, 0);
  technician = stored_hash (config, "technician-pin-hash");
  g_assert_true (vt_pin_check_hash (technician, "97531"));
  g_assert_false (vt_pin_check_hash (technician, "480315"));
  remove_tree (config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pin/format", test_format);
  g_test_add_func ("/pin/hash", test_hash);
  g_test_add_func ("/pin/lockout/growing-and-persisted", test_lockout);
  g_test_add_func ("/pin/lockout/real-delays", test_real_delays);
  g_test_add_func ("/pin/verify-async", test_async);
  g_test_add_func ("/pin/set-staff-pin", test_set_staff_pin);
  return g_test_run ();
}

/* test-pin-clock.c — a PIN lock ends when its time has passed, and nothing else ends it: not a
 * wall clock corrected forward (while the kiosk runs, or across a restart), not a reboot, and
 * not an environment variable.
 *
 * The kiosk's side runs in child processes of this test (this program with --tool), as the
 * kiosk would: a first one makes five wrong tries, later ones read the lock. The wall clock is
 * moved for a child with libfaketime (Debian's faketime), which changes what the process reads
 * from CLOCK_REALTIME and leaves the time since boot alone (--exclude-monotonic): what an NTP
 * correction or a technician setting the date does. A reboot is a state file written in
 * another boot (another /proc/sys/kernel/random/boot_id).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "staff/vt-pin.h"

#include <glib/gstdio.h>
#include <stdio.h>

#define RIGHT_PIN "4826"
#define WRONG_PIN "1111"
/* The first lock is 30 s; whatever a test run takes, far more than this is left of it. */
#define STILL_LOCKED_MS 20000

/* ---- the kiosk's side ---- */

static gint64
make_wrong_tries (VtPinLock *lock)
{
  g_autofree char *hash = vt_pin_hash (RIGHT_PIN, NULL);
  gint64 wait = 0;

  for (guint i = 0; i < VT_PIN_FREE_TRIES; i++)
    g_assert_cmpint (vt_pin_lock_verify (lock, hash, WRONG_PIN, &wait), ==, VT_PIN_RESULT_WRONG);
  return wait;
}

/* --tool lock STATE | wait STATE | lock-then-jump STATE RCFILE: prints the lock left, in ms. */
static int
run_tool (int   argc,
          char *argv[])
{
  g_autoptr(VtPinLock) lock = vt_pin_lock_new (argv[3]);

  if (g_str_equal (argv[2], "lock"))
    printf ("%" G_GINT64_FORMAT "\n", make_wrong_tries (lock));
  else if (g_str_equal (argv[2], "wait"))
    printf ("%" G_GINT64_FORMAT "\n", vt_pin_lock_get_wait_ms (lock));
  else if (g_str_equal (argv[2], "lock-then-jump") && argc > 4)
    {
      printf ("%" G_GINT64_FORMAT "\n", make_wrong_tries (lock));
      /* The wall clock is corrected two hours forward while the kiosk runs. */
      g_assert_true (g_file_set_contents (argv[4], "+2h\n", -1, NULL));
      g_usleep (50000);
      printf ("%" G_GINT64_FORMAT "\n", vt_pin_lock_get_wait_ms (lock));
    }
  else
    return 2;
  return 0;
}

/* ---- the test's side ---- */

typedef struct
{
  char *dir;
  char *state;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vt-pin-clock-XXXXXX", &error);
  g_assert_no_error (error);
  f->state = g_build_filename (f->dir, "staff-pin.lock", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->state);
}

/* Where Debian's faketime wrapper finds libfaketime, asked of the wrapper itself. */
static char *
dup_libfaketime (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "faketime", "-f", "+0", "sh", "-c", "printf %s \"$LD_PRELOAD\"",
                         NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL,
                &error);
  g_assert_no_error (error);
  g_assert_true (out != NULL && strstr (out, "libfaketime") != NULL);
  return g_steal_pointer (&out);
}

/* Runs this program as the kiosk's side; `faketime` is NULL (the real clock), a libfaketime
 * offset such as "+2h", or "file:PATH" (the offset read from PATH at every clock read).
 * Returns the lines it printed, as numbers. */
static GArray *
run_kiosk (const char *faketime,
           const char *command,
           const char *state,
           const char *rcfile)
{
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-pin-clock", NULL);
  const char *argv[] = { self, "--tool", command, state, rcfile, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GArray *values = g_array_new (FALSE, FALSE, sizeof (gint64));
  int status;

  if (faketime != NULL)
    {
      g_autofree char *library = dup_libfaketime ();
      const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
      g_autofree char *asan_options = g_strdup_printf ("%s%sverify_asan_link_order=0",
                                                       asan ? asan : "", asan ? ":" : "");

      env = g_environ_setenv (env, "LD_PRELOAD", library, TRUE);
      /* The wall clock only: the time since boot is what no date change may move. */
      env = g_environ_setenv (env, "FAKETIME_DONT_FAKE_MONOTONIC", "1", TRUE);
      /* libfaketime is preloaded before AddressSanitizer's runtime in the sanitizer build. */
      env = g_environ_setenv (env, "ASAN_OPTIONS", asan_options, TRUE);
      if (g_str_has_prefix (faketime, "file:"))
        {
          env = g_environ_setenv (env, "FAKETIME_TIMESTAMP_FILE", faketime + 5, TRUE);
          env = g_environ_setenv (env, "FAKETIME_NO_CACHE", "1", TRUE);
        }
      else
        env = g_environ_setenv (env, "FAKETIME", faketime, TRUE);
    }
  g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 value = g_ascii_strtoll (lines[i], NULL, 10);
      g_array_append_val (values, value);
    }
  g_test_message ("%s %s%s%s: %s", command, faketime ? "under faketime " : "",
                  faketime ? faketime : "", "", out);
  return values;
}

static gint64
first (GArray *values)
{
  g_assert_cmpuint (values->len, >=, 1);
  return g_array_index (values, gint64, 0);
}

/* The clock moves forward while the kiosk runs: the lock holds. */
static void
test_forward_while_running (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *rcfile = g_build_filename (f->dir, "faketime.rc", NULL);
  g_autofree char *spec = g_strconcat ("file:", rcfile, NULL);
  g_autoptr(GArray) values = NULL;

  g_assert_true (g_file_set_contents (rcfile, "+0\n", -1, NULL));
  values = run_kiosk (spec, "lock-then-jump", f->state, rcfile);
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpint (g_array_index (values, gint64, 0), >, STILL_LOCKED_MS);
  g_assert_cmpint (g_array_index (values, gint64, 1), >, STILL_LOCKED_MS);
}

/* The clock was corrected forward before the kiosk started again: the lock holds. */
static void
test_forward_across_restart (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GArray) locked = run_kiosk (NULL, "lock", f->state, NULL);
  g_autoptr(GArray) later = NULL;
  g_autoptr(GArray) earlier = NULL;

  g_assert_cmpint (first (locked), >, STILL_LOCKED_MS);
  later = run_kiosk ("+2h", "wait", f->state, NULL);
  g_assert_cmpint (first (later), >, STILL_LOCKED_MS);
  g_assert_cmpint (first (later), <=, first (locked));
  /* Set back, the clock does not lengthen it either. */
  earlier = run_kiosk ("-2d", "wait", f->state, NULL);
  g_assert_cmpint (first (earlier), >, STILL_LOCKED_MS);
  g_assert_cmpint (first (earlier), <=, first (locked));
}

/* A state written in another boot, whose clock since boot means nothing in this one: the lock
 * starts again with what was left, even with the wall clock moved on by days. */
static void
test_reboot (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GArray) locked = run_kiosk (NULL, "lock", f->state, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (first (locked), >, STILL_LOCKED_MS);
  g_assert_true (g_key_file_load_from_file (file, f->state, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_key_file_set_string (file, "lock", "boot-id", "00000000-0000-4000-8000-000000000000");
  /* Whatever a clock since boot said then is meaningless now. */
  g_key_file_set_int64 (file, "lock", "locked-until-boottime", 1);
  g_assert_true (g_key_file_save_to_file (file, f->state, &error));
  g_assert_no_error (error);

  after = run_kiosk ("+3d", "wait", f->state, NULL);
  g_assert_cmpint (first (after), >, STILL_LOCKED_MS);
  /* …and once started again in this boot, a restart does not start it once more. */
  again = run_kiosk (NULL, "wait", f->state, NULL);
  g_assert_cmpint (first (again), >, STILL_LOCKED_MS);
  g_assert_cmpint (first (again), <=, first (after));
}

/* VT_PIN_TIME_SCALE used to shorten every lock, in any build and any run. */
static void
test_no_time_scale_from_environment (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(VtPinLock) lock = NULL;

  g_setenv ("VT_PIN_TIME_SCALE", "0.001", TRUE);
  lock = vt_pin_lock_new (f->state);
  g_assert_cmpint (make_wrong_tries (lock), >, STILL_LOCKED_MS);
  g_assert_cmpint (vt_pin_lock_delay_ms (lock, VT_PIN_FREE_TRIES), ==,
                   VT_PIN_FIRST_DELAY_S * 1000);
  g_unsetenv ("VT_PIN_TIME_SCALE");
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 3 && g_str_equal (argv[1], "--tool"))
    return run_tool (argc, argv);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hardening/pin/wall-clock-forward-while-running", Fixture, NULL, fixture_setup,
              test_forward_while_running, fixture_teardown);
  g_test_add ("/hardening/pin/wall-clock-forward-across-restart", Fixture, NULL, fixture_setup,
              test_forward_across_restart, fixture_teardown);
  g_test_add ("/hardening/pin/reboot", Fixture, NULL, fixture_setup, test_reboot,
              fixture_teardown);
  g_test_add ("/hardening/pin/no-time-scale-from-environment", Fixture, NULL, fixture_setup,
              test_no_time_scale_from_environment, fixture_teardown);
  return g_test_run ();
}

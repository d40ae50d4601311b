/* test-test-integrity.c — the tests cannot pass when they should not: a skip for something
 * install-deps installs fails CI, the one tolerated library warning names its element, and the
 * real application started by a test dies on a warning.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-debug.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

static void
test_tolerated_warning (void)
{
  static const struct { const char *domain; GLogLevelFlags level; const char *message;
                        gboolean tolerated; } cases[] = {
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4427:gst_pad_push_data:<qtdemux0:audio_0> Got data flow before "
      "stream-start event", TRUE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4700:gst_pad_push_event:<qtdemux12:video_0> Got data flow before "
      "stream-start event", TRUE },
    /* The same words from any other element are a bug to see. */
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4427:gst_pad_push_data:<vtsecretsink0:sink> Got data flow before "
      "stream-start event", FALSE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4427:gst_pad_push_data:<myqtdemux0:src> Got data flow before "
      "stream-start event", FALSE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4427:gst_pad_push_data:<qtdemux:src> Got data flow before "
      "stream-start event", FALSE },
    { "GStreamer", G_LOG_LEVEL_WARNING, "Got data flow before stream-start event", FALSE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "<qtdemux0:audio_0> Got data flow before stream-start event, and more", FALSE },
    { "vt-capture", G_LOG_LEVEL_WARNING,
      "<qtdemux0:audio_0> Got data flow before stream-start event", FALSE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4705:gst_pad_push_data:<qtdemux1:audio_0> Got data flow before segment "
      "event", TRUE },
    { "GStreamer", G_LOG_LEVEL_WARNING,
      "../gst/gstpad.c:4705:gst_pad_push_data:<vtsecretsink0:sink> Got data flow before segment "
      "event", FALSE },
    { "GStreamer", G_LOG_LEVEL_CRITICAL,
      "<qtdemux0:audio_0> Got data flow before stream-start event", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s: %s", cases[i].domain, cases[i].message);
      g_assert_cmpint (vt_debug_warning_is_tolerated (cases[i].domain, cases[i].level,
                                                     cases[i].message), ==, cases[i].tolerated);
    }
}

/* The real application, started as the tests start it (with their environment, which sets
 * VT_FATAL_WARNINGS): a warning it logs (here, a bundle in its queue that cannot be read)
 * ends it, so no test passes over a warning in a child. */
static void
test_app_child_fatal_warnings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_dir_make_tmp ("vt-child-warnings-XXXXXX", &error);
  g_autofree char *bundles = g_build_filename (data, "queue", "bundles", NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (id, ".vtb", NULL);
  g_autofree char *bad = g_build_filename (bundles, name, NULL);
  g_autofree char *app = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) rm = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (bundles, 0700), ==, 0);
  g_assert_true (g_file_set_contents (bad, "not a bundle", -1, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, app, "--data-dir", data, "--queue-status", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGABRT);
  rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "rm", "-rf", data, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (rm, NULL, NULL);
}

/* The test programs themselves, as vt_test_ui_init() sets them up: the qtdemux race logged from
 * a streaming thread while a test case runs lets the test go on (GLib's own fatal handler was
 * cleared by g_test_run, so it used to end the test); any other warning still ends it. */
static gpointer
warn_from_thread (gpointer data)
{
  g_log ("GStreamer", G_LOG_LEVEL_WARNING, "%s", (const char *)data);
  return NULL;
}

static void
test_program_warnings (void)
{
  if (g_test_subprocess ())
    {
      vt_debug_init_for_tests ();
      g_thread_join (g_thread_new ("streaming", warn_from_thread,
                                   (gpointer)g_getenv ("VT_TEST_WARNING")));
      g_print ("survived the warning\n");
      return;
    }
  g_setenv ("VT_TEST_WARNING", "../gst/gstpad.c:4700:gst_pad_push_data:<qtdemux1:audio_0> Got "
            "data flow before stream-start event", TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*survived the warning*");
  g_test_trap_assert_stdout_unmatched ("*Bail out!*");

  g_setenv ("VT_TEST_WARNING", "../gst/gstpad.c:4700:gst_pad_push_data:<vtsecretsink0:sink> Got "
            "data flow before stream-start event", TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived the warning*");
  g_unsetenv ("VT_TEST_WARNING");
}

/* build-aux/check-skips, which build-aux/test runs on meson's log: a skip for a missing
 * program fails; one of the few reasons tests/allowed-skips.txt lists does not. */
static int
check_skips (const char *log_lines)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vt-check-skips-XXXXXX", &error);
  g_autofree char *log = g_build_filename (dir, "testlog.json", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "build-aux",
                                              "check-skips", NULL);
  g_autoptr(GSubprocess) process = NULL;
  int status;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (log, log_lines, -1, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "python3", script, log,
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);
  g_remove (log);
  g_rmdir (dir);
  return status;
}

static void
test_skips_fail (void)
{
  /* A subtest skipped because node is missing, as the tus tests used to. */
  g_assert_cmpint (check_skips ("{\"name\": \"ventanilla:outbox / test-tus-upload\", \"result\": "
                                "\"OK\", \"stdout\": \"1..2\\nok 1 /outbox/tus/whole # SKIP node "
                                "is not installed (build-aux/install-deps --test)\\nok 2 /x\\n\"}"
                                "\n"), ==, 1);
  /* A whole test skipped (exit 77). */
  g_assert_cmpint (check_skips ("{\"name\": \"ventanilla:unit / check-po\", \"result\": \"SKIP\","
                                " \"stdout\": \"SKIP: gettext tools not installed\"}\n"), ==, 1);
  g_assert_cmpint (check_skips ("{\"name\": \"ventanilla:x / t\", \"result\": \"OK\", \"stdout\":"
                                " \"1..0 # SKIP no session bus (run under dbus-run-session)\"}\n"),
                   ==, 1);
  /* What no package can change. */
  g_assert_cmpint (check_skips ("{\"name\": \"ventanilla:kiosk / test-diagnose\", \"result\": "
                                "\"OK\", \"stdout\": \"ok 4 /kiosk/diagnose/no-camera # SKIP This "
                                "machine has a camera: \\\"auto\\\" would find it\\n\"}\n"), ==, 0);
  /* And nothing skipped at all. */
  g_assert_cmpint (check_skips ("{\"name\": \"ventanilla:unit / t\", \"result\": \"OK\", "
                                "\"stdout\": \"1..1\\nok 1 /a\\n\"}\n"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/tests/tolerated-warning-names-element", test_tolerated_warning);
  g_test_add_func ("/hardening/tests/app-children-fatal-warnings", test_app_child_fatal_warnings);
  g_test_add_func ("/hardening/tests/skips-fail", test_skips_fail);
  g_test_add_func ("/hardening/tests/program-warnings", test_program_warnings);
  return g_test_run ();
}

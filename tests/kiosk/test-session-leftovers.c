/* test-session-leftovers.c — what a crash leaves of a person's session is removed at the next
 * start, and nothing else is.
 *
 * A child process runs the real application (VtApplication, its settings and synthetic camera)
 * and a synthetic person walks a procedure until the session folder holds encrypted captures;
 * the child then stays there, alive, as a kiosk in the middle of a session. The real
 * `ventanilla` started beside it (READY=1 on its notify socket says it is up) must leave the
 * live session alone. Then the child is killed with SIGKILL, a real crash, and the next
 * `ventanilla` start removes its folder — and only that: a symbolic link that looks like a
 * session folder, a file of that name, another folder, and whatever a link inside the crashed
 * folder points to are all still there.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "test-privacy-walker.h"
#include "vt-application.h"
#include "vt-i18n.h"
#include "vt-test-identity.h"
#include "vt-test-ui.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>

static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };

/* ---- the child: the real application, held in the middle of a session ---- */

typedef struct
{
  const char *data_dir;
  VtTestPerson *person;
} Child;

/* The session's folder, once it holds at least one file; NULL before. */
static char *
session_with_files (const char *data_dir)
{
  g_autofree char *sessions = g_build_filename (data_dir, "sessions", NULL);
  g_autoptr(GDir) dir = g_dir_open (sessions, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sessions, name, NULL);
      g_autoptr(GDir) session = NULL;

      if (!g_str_has_prefix (name, "session-"))
        continue;
      session = g_dir_open (path, 0, NULL);
      if (session != NULL && g_dir_read_name (session) != NULL)
        return g_strdup (name);
    }
  return NULL;
}

static gboolean
child_visit (VtWindow   *window,
             const char *page,
             gpointer    data)
{
  Child *child = data;
  g_autofree char *session = session_with_files (child->data_dir);

  if (session == NULL)
    return TRUE;
  /* Mid-session: say so, and go on being a live kiosk until killed. */
  printf ("MID-SESSION %s %s\n", page, session);
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return FALSE;
}

static gboolean
child_walk_cb (gpointer data)
{
  Child *child = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (VT_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1280, 800);
  vt_test_ui_wait (300);
  vt_walk_procedure (VT_WINDOW (window), &plan, child->person, child_visit, child);
  /* The whole walk without a capture on disk: that is the failure. */
  printf ("NO-CAPTURE\n");
  fflush (stdout);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
child_activate_cb (GApplication *app,
                   Child        *child)
{
  g_idle_add (child_walk_cb, child);
}

static int
run_child (const char *data_dir)
{
  g_autoptr(VtApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VtTestPerson) person = vt_test_person_new (7700);
  Child child = { data_dir, person };
  const char *app_argv[] = { "ventanilla", "--data-dir", data_dir, "--camera", "synthetic",
                             NULL };

  vt_i18n_init ();
  settings = g_settings_new ("org.ventanilla.Kiosk");
  g_settings_set_uint (settings, "idle-timeout", 3600);
  g_settings_set_uint (settings, "idle-timeout-confirmation", 3600);
  app = vt_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (child_activate_cb), &child);
  return g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1, (char **)app_argv);
}

/* ---- the test ---- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Starts the child and reads until it says it is in the middle of a session; returns the
 * session folder's name. */
static GSubprocess *
start_mid_session (const char  *data_dir,
                   char       **out_session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            g_test_get_filename (G_TEST_BUILT, "test-session-leftovers", NULL),
                            "--hold", data_dir, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "MID-SESSION ") && !g_str_equal (line, "NO-CAPTURE"))
    g_clear_pointer (&line, g_free);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "MID-SESSION "));
  words = g_strsplit (line, " ", 3);
  g_test_message ("The kiosk is on page %s with session folder %s", words[1], words[2]);
  *out_session = g_strdup (words[2]);
  return g_steal_pointer (&child);
}

/* The real `ventanilla` start: runs until it says READY=1 (after its first frame, well after
 * the start-up sweep), then is stopped. */
static void
start_real_kiosk (const char *data_dir)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autofree char *dir = g_dir_make_tmp ("vt-leftovers-notify-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notify", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ready = FALSE;
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT,
                         &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", path, TRUE);
  kiosk = g_subprocess_launcher_spawn (launcher, &error, exe, "--data-dir", data_dir,
                                       "--camera", "synthetic", NULL);
  g_assert_no_error (error);
  while (!ready && g_get_monotonic_time () < deadline)
    {
      char buffer[64] = { 0 };

      if (!g_socket_condition_timed_wait (socket, G_IO_IN, G_USEC_PER_SEC, NULL, NULL))
        {
          /* Still running: a kiosk that ended without READY=1 failed to start. */
          g_assert_nonnull (g_subprocess_get_identifier (kiosk));
          continue;
        }
      if (g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL) > 0)
        ready = g_str_equal (buffer, "READY=1");
    }
  g_assert_true (ready);
  g_subprocess_send_signal (kiosk, SIGTERM);
  g_subprocess_wait (kiosk, NULL, NULL);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_crash_leftovers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("vt-leftovers-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *sessions = g_build_filename (data_dir, "sessions", NULL);
  g_autofree char *outside = g_build_filename (root, "outside", NULL);
  g_autofree char *precious = g_build_filename (outside, "precious.txt", NULL);
  g_autofree char *looks_like = g_build_filename (sessions, "session-Lnk001", NULL);
  g_autofree char *a_file = g_build_filename (sessions, "session-File01", NULL);
  g_autofree char *other = g_build_filename (sessions, "keep-me", NULL);
  g_autofree char *other_file = g_build_filename (other, "note.txt", NULL);
  g_autofree char *name = NULL;
  g_autofree char *crashed = NULL;
  g_autofree char *inner_link = NULL;
  g_autoptr(GSubprocess) child = NULL;

  g_assert_no_error (error);

  child = start_mid_session (data_dir, &name);
  crashed = g_build_filename (sessions, name, NULL);
  g_assert_true (g_file_test (crashed, G_FILE_TEST_IS_DIR));

  /* What is not a session folder of ours, however it is named. */
  g_assert_cmpint (g_mkdir (outside, 0700), ==, 0);
  g_assert_true (g_file_set_contents (precious, "not the kiosk's", -1, NULL));
  g_assert_cmpint (symlink (outside, looks_like), ==, 0);
  g_assert_true (g_file_set_contents (a_file, "a file, not a folder", -1, NULL));
  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  g_assert_true (g_file_set_contents (other_file, "someone's", -1, NULL));
  inner_link = g_build_filename (crashed, "link-to-outside", NULL);
  g_assert_cmpint (symlink (precious, inner_link), ==, 0);

  /* A second kiosk on the same folder while the first is in the middle of a session: the
   * live session is not a leftover. */
  start_real_kiosk (data_dir);
  g_assert_true (g_file_test (crashed, G_FILE_TEST_IS_DIR));

  /* The crash. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_true (g_file_test (inner_link, G_FILE_TEST_IS_SYMLINK));

  /* The next start removes the crashed session's folder… */
  start_real_kiosk (data_dir);
  g_assert_false (g_file_test (crashed, G_FILE_TEST_EXISTS));
  /* …and nothing that was not its own, nothing through a link. */
  g_assert_true (g_file_test (precious, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (looks_like, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (a_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (other_file, G_FILE_TEST_IS_REGULAR));

  remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 2 && g_str_equal (argv[1], "--hold"))
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/session-leftovers/crash", test_crash_leftovers);
  return g_test_run ();
}

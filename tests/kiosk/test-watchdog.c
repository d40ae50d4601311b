/* test-watchdog.c — READY=1 and watchdog pings reach a real sd_notify socket, and stop while
 * the main thread is blocked (so a hung UI gets the kiosk restarted); whose watchdog the kiosk
 * keeps, and that its children cannot ping. The whole session under cage, as systemd starts
 * it, is tests/devices/test-kiosk-watchdog.py.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk/vt-watchdog.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct
{
  GSocket  *socket;
  GMutex    lock;
  GPtrArray *messages;  /* "READY=1", "WATCHDOG=1", … */
  GArray   *times;      /* g_get_monotonic_time () of each */
  gboolean  stop;
} Listener;

static gpointer
listen_thread (gpointer data)
{
  Listener *listener = data;

  while (!g_atomic_int_get (&listener->stop))
    {
      char buffer[256];
      gssize got;

      if (!g_socket_condition_timed_wait (listener->socket, G_IO_IN, 20000, NULL, NULL))
        continue;
      got = g_socket_receive (listener->socket, buffer, sizeof buffer - 1, NULL, NULL);
      if (got > 0)
        {
          gint64 now = g_get_monotonic_time ();

          buffer[got] = '\0';
          g_mutex_lock (&listener->lock);
          g_ptr_array_add (listener->messages, g_strdup (buffer));
          g_array_append_val (listener->times, now);
          g_mutex_unlock (&listener->lock);
        }
    }
  return NULL;
}

static void
test_no_socket (void)
{
  g_unsetenv ("NOTIFY_SOCKET");
  g_assert_false (vt_watchdog_notify ("READY=1"));
}

static guint
count_between (Listener   *listener,
               const char *message,
               gint64      from,
               gint64      to)
{
  guint n = 0;

  g_mutex_lock (&listener->lock);
  for (guint i = 0; i < listener->messages->len; i++)
    {
      gint64 t = g_array_index (listener->times, gint64, i);

      if (g_str_equal (g_ptr_array_index (listener->messages, i), message) && t >= from && t <= to)
        n++;
    }
  g_mutex_unlock (&listener->lock);
  return n;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
test_ready_and_pings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vt-watchdog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notify", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  /* As under the session script: the watchdog belongs to a process above this one. */
  g_autofree char *pid = g_strdup_printf ("%d", (int)getppid ());
  Listener listener = { 0 };
  GThread *thread;
  gint64 start, block_start, block_end;
  guint source;

  listener.socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_assert_nonnull (listener.socket);
  g_assert_true (g_socket_bind (listener.socket, address, TRUE, NULL));
  g_mutex_init (&listener.lock);
  listener.messages = g_ptr_array_new_with_free_func (g_free);
  listener.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_setenv ("NOTIFY_SOCKET", path, TRUE);
  g_setenv ("WATCHDOG_USEC", "400000", TRUE);  /* pings every 100 ms */
  g_setenv ("WATCHDOG_PID", pid, TRUE);
  thread = g_thread_new ("listener", listen_thread, &listener);

  start = g_get_monotonic_time ();
  source = vt_watchdog_start ();
  g_assert_cmpuint (source, !=, 0);
  run_for (600);

  /* The UI thread hangs for 800 ms: no ping may arrive meanwhile. */
  block_start = g_get_monotonic_time ();
  g_usleep (800 * 1000);
  block_end = g_get_monotonic_time ();
  run_for (400);

  g_atomic_int_set (&listener.stop, TRUE);
  g_thread_join (thread);
  g_source_remove (source);

  g_assert_cmpuint (count_between (&listener, "READY=1", start, G_MAXINT64), ==, 1);
  g_assert_cmpuint (count_between (&listener, "WATCHDOG=1", start, block_start), >=, 4);
  g_assert_cmpuint (count_between (&listener, "WATCHDOG=1", block_start + 50000,
                                   block_end - 50000), ==, 0);
  /* …and they resume once it turns again. */
  g_assert_cmpuint (count_between (&listener, "WATCHDOG=1", block_end, G_MAXINT64), >=, 2);

  g_object_unref (listener.socket);
  g_ptr_array_unref (listener.messages);
  g_array_unref (listener.times);
  g_mutex_clear (&listener.lock);
  g_unlink (path);
  g_rmdir (dir);
}

/* systemd names the unit's main process in WATCHDOG_PID. Under the shipped unit that is the
 * session script, the kiosk's grandparent: the kiosk keeps the watchdog of any of its
 * ancestors (NotifyAccess=all takes its pings), never that of an unrelated process. */
static void
test_whose_watchdog (void)
{
  g_autofree char *self = g_strdup_printf ("%d", (int)getpid ());
  g_autofree char *parent = g_strdup_printf ("%d", (int)getppid ());
  g_autofree char *child_pid = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_watchdog_is_meant_for_us (NULL));
  g_assert_true (vt_watchdog_is_meant_for_us (self));
  g_assert_true (vt_watchdog_is_meant_for_us (parent));

  /* A process of our own making is not above us. */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "30", NULL);
  g_assert_no_error (error);
  child_pid = g_strdup (g_subprocess_get_identifier (child));
  g_assert_false (vt_watchdog_is_meant_for_us (child_pid));
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);

  g_assert_false (vt_watchdog_is_meant_for_us ("1"));
  g_assert_false (vt_watchdog_is_meant_for_us ("0"));
  g_assert_false (vt_watchdog_is_meant_for_us ("12abc"));
}

/* The kiosk takes the socket and the watchdog for itself: a program it starts sees neither, so
 * it cannot keep a hung kiosk alive by pinging. */
static void
test_children_cannot_ping (void)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;

  g_setenv ("NOTIFY_SOCKET", "/run/user/1000/systemd/notify", TRUE);
  g_setenv ("WATCHDOG_USEC", "15000000", TRUE);
  g_setenv ("WATCHDOG_PID", "4242", TRUE);
  vt_watchdog_claim_environment ();
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "sh", "-c",
                            "echo \"${NOTIFY_SOCKET-unset} ${WATCHDOG_USEC-unset} "
                            "${WATCHDOG_PID-unset}\"", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen, ==, "unset unset unset\n");
  g_assert_null (g_getenv ("NOTIFY_SOCKET"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/watchdog/no-socket", test_no_socket);
  g_test_add_func ("/kiosk/watchdog/ready-and-pings", test_ready_and_pings);
  g_test_add_func ("/kiosk/watchdog/whose-watchdog", test_whose_watchdog);
  g_test_add_func ("/kiosk/watchdog/children-cannot-ping", test_children_cannot_ping);
  return g_test_run ();
}

/* test-watchdog.c — READY=1 and watchdog pings reach a real sd_notify socket, and stop while
 * the main thread is blocked (so a hung UI gets the kiosk restarted).
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
  g_autofree char *pid = g_strdup_printf ("%d", (int)getpid ());
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
  g_setenv ("WATCHDOG_USEC", "200000", TRUE);  /* pings every 100 ms */
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

  /* Another process's watchdog: this one must not ping. (The listener thread has ended.) */
  g_setenv ("WATCHDOG_PID", "1", TRUE);
  g_assert_cmpuint (vt_watchdog_start (), ==, 0);
  g_object_unref (listener.socket);
  g_ptr_array_unref (listener.messages);
  g_array_unref (listener.times);
  g_mutex_clear (&listener.lock);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/watchdog/no-socket", test_no_socket);
  g_test_add_func ("/kiosk/watchdog/ready-and-pings", test_ready_and_pings);
  return g_test_run ();
}

/* vt-test-cups.c — a private CUPS scheduler for one test, with printers that really print.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-cups.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <gio/gunixsocketaddress.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct
{
  char           *name;
  GSocketService *service;
  GPtrArray      *received;  /* GBytes */
  GMutex          lock;
} Printer;

struct _VtTestCups
{
  char      *dir;
  char      *socket_path;
  GPid       pid;
  GPtrArray *printers;
};

static void
printer_free (Printer *printer)
{
  if (printer->service != NULL)
    {
      g_socket_service_stop (printer->service);
      g_socket_listener_close (G_SOCKET_LISTENER (printer->service));
      g_object_unref (printer->service);
    }
  g_ptr_array_unref (printer->received);
  g_mutex_clear (&printer->lock);
  g_free (printer->name);
  g_free (printer);
}

static char *
find_program (const char *name)
{
  /* cupsd and lpadmin live in /usr/sbin, which an ordinary user's PATH may lack. */
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    path = g_build_filename ("/usr/sbin", name, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return path;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
run (VtTestCups         *cups,
     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

VtTestCups *
vt_test_cups_start (void)
{
  VtTestCups *cups = g_new0 (VtTestCups, 1);
  g_autofree char *cupsd = find_program ("cupsd");
  g_autofree char *conf = NULL;
  g_autofree char *files = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *files_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *subdirs[] = { "spool", "cache", "state", "log", "tmp", "ppd" };

  cups->dir = g_dir_make_tmp ("vt-cups-XXXXXX", &error);
  g_assert_no_error (error);
  /* As root, cupsd runs backends as the lp user: they must reach the spool through here. */
  g_chmod (cups->dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (cups->dir, subdirs[i], NULL);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
    }
  cups->socket_path = g_build_filename (cups->dir, "cups.sock", NULL);
  cups->printers = g_ptr_array_new_with_free_func ((GDestroyNotify)printer_free);

  /* Job files and history kept, as a scheduler configured without care would keep them:
   * whatever the kiosk leaves in the spool, the test sees. */
  conf = g_strdup_printf ("Listen %s\n"
                          "LogLevel warn\n"
                          "PreserveJobFiles Yes\n"
                          "PreserveJobHistory Yes\n"
                          "WebInterface No\n"
                          "Browsing No\n"
                          "DefaultAuthType None\n"
                          "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                          "<Policy default>\n"
                          "  JobPrivateAccess all\n  JobPrivateValues none\n"
                          "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
                          "  <Limit All>\n    Order deny,allow\n  </Limit>\n"
                          "</Policy>\n", cups->socket_path);
  files = g_strdup_printf ("ServerRoot %1$s\nRequestRoot %1$s/spool\nCacheDir %1$s/cache\n"
                           "StateDir %1$s/state\nTempDir %1$s/tmp\nErrorLog %1$s/log/error_log\n"
                           "AccessLog %1$s/log/access_log\nPageLog %1$s/log/page_log\n"
                           "ServerBin /usr/lib/cups\nDataDir /usr/share/cups\n", cups->dir);
  write_file (cups->dir, "cupsd.conf", conf);
  write_file (cups->dir, "cups-files.conf", files);
  conf_path = g_build_filename (cups->dir, "cupsd.conf", NULL);
  files_path = g_build_filename (cups->dir, "cups-files.conf", NULL);

  {
    const char *argv[] = { cupsd, "-f", "-c", conf_path, "-s", files_path, NULL };

    /* Its own output stays out of the test's, and it dies with the test, even a crashed one. */
    g_spawn_async (NULL, (char **)argv, NULL,
                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                   | G_SPAWN_STDERR_TO_DEV_NULL, die_with_parent, NULL, &cups->pid, &error);
    g_assert_no_error (error);
  }

  /* Ready once its socket accepts a connection. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketAddress) address = g_unix_socket_address_new (cups->socket_path);
      g_autoptr(GSocketConnection) connection =
        g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);

      if (connection != NULL)
        break;
      g_usleep (25000);
    }
  g_setenv ("CUPS_SERVER", cups->socket_path, TRUE);
  return cups;
}

static Printer *
find_printer (VtTestCups *cups,
              const char *name)
{
  for (guint i = 0; i < cups->printers->len; i++)
    {
      Printer *printer = g_ptr_array_index (cups->printers, i);
      if (g_str_equal (printer->name, name))
        return printer;
    }
  g_error ("No test printer %s", name);
  return NULL;
}

/* Each connection is one job: read it to the end in a thread of the service's own. */
static gboolean
incoming_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             gpointer                user_data)
{
  Printer *printer = user_data;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  if (g_output_stream_splice (sink, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL) >= 0)
    {
      g_mutex_lock (&printer->lock);
      g_ptr_array_add (printer->received,
                       g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink)));
      g_mutex_unlock (&printer->lock);
      g_main_context_wakeup (NULL);
    }
  return TRUE;
}

void
vt_test_cups_add_printer (VtTestCups *cups,
                          const char *name,
                          gboolean    is_default)
{
  g_autofree char *lpadmin = find_program ("lpadmin");
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Printer *printer = g_new0 (Printer, 1);

  printer->name = g_strdup (name);
  printer->received = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_mutex_init (&printer->lock);
  printer->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (printer->service), any,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (printer->service, "run", G_CALLBACK (incoming_cb), printer);
  g_socket_service_start (printer->service);
  g_ptr_array_add (cups->printers, printer);

  /* A raw queue: the printer gets the PDF exactly as the kiosk sent it. */
  uri = g_strdup_printf ("socket://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  {
    const char *argv[] = { lpadmin, "-p", name, "-v", uri, "-E", NULL };
    run (cups, argv);
  }
  if (is_default)
    {
      const char *argv[] = { lpadmin, "-d", name, NULL };
      run (cups, argv);
    }
}

void
vt_test_cups_add_dead_printer (VtTestCups *cups,
                               const char *name)
{
  g_autofree char *lpadmin = find_program ("lpadmin");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  /* A port that was free a moment ago and that nothing listens on: the device is off. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("socket://127.0.0.1:%u/?contimeout=2",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  {
    const char *argv[] = { lpadmin, "-p", name, "-v", uri, "-o",
                           "printer-error-policy=abort-job", "-E", NULL };
    run (cups, argv);
  }
}

GPtrArray *
vt_test_cups_get_received (VtTestCups *cups,
                           const char *name)
{
  Printer *printer = find_printer (cups, name);
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  g_mutex_lock (&printer->lock);
  for (guint i = 0; i < printer->received->len; i++)
    g_ptr_array_add (copy, g_bytes_ref (g_ptr_array_index (printer->received, i)));
  g_mutex_unlock (&printer->lock);
  return copy;
}

gboolean
vt_test_cups_wait_received (VtTestCups *cups,
                            const char *name,
                            guint       n,
                            guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(GPtrArray) received = vt_test_cups_get_received (cups, name);

      if (received->len >= n)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

guint
vt_test_cups_count_spooled (VtTestCups *cups,
                            const char *prefix)
{
  g_autofree char *spool = g_build_filename (cups->dir, "spool", NULL);
  g_autoptr(GDir) dir = g_dir_open (spool, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, prefix);
  return n;
}

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

void
vt_test_cups_stop (VtTestCups *cups)
{
  int status = 0;

  if (cups == NULL)
    return;
  kill (cups->pid, SIGTERM);
  waitpid (cups->pid, &status, 0);
  g_spawn_close_pid (cups->pid);
  g_ptr_array_unref (cups->printers);
  remove_tree (cups->dir);
  g_free (cups->socket_path);
  g_free (cups->dir);
  g_free (cups);
}

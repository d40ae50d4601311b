/* test-camera-portal.c — the Camera portal's request/response dance and the PipeWire remote's
 * file descriptor, against a stand-in portal on the session bus (xdg-desktop-portal's camera
 * needs PipeWire with a real camera, which a CI machine does not have). The stand-in follows
 * the portal's documented interface: AccessCamera returns a Request path built from the
 * caller's unique name and handle_token, and the answer comes as that Request's Response.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-camera-portal.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Camera'>"
  "    <method name='AccessCamera'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='OpenPipeWireRemote'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='h' name='fd' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  guint        decision;     /* the Response code to send; G_MAXUINT: never answer */
  GMainLoop   *loop;
  GMainContext *context;
  GDBusConnection *connection;
  gboolean     ready;
  GMutex       lock;
  GCond        cond;
  guint        opened;       /* OpenPipeWireRemote calls */
} Portal;

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  Portal *portal = user_data;

  if (g_str_equal (method_name, "AccessCamera"))
    {
      g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 0);
      g_autofree char *token = NULL;
      g_autofree char *caller = g_strdup (sender + 1);
      g_autofree char *path = NULL;
      GVariantBuilder results;

      g_assert_true (g_variant_lookup (options, "handle_token", "s", &token));
      g_strdelimit (caller, ".", '_');
      path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller, token);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", path));
      if (portal->decision != G_MAXUINT)
        {
          g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
          g_dbus_connection_emit_signal (connection, sender, path,
                                         "org.freedesktop.portal.Request", "Response",
                                         g_variant_new ("(ua{sv})", portal->decision, &results),
                                         NULL);
        }
    }
  else
    {
      g_autoptr(GUnixFDList) fds = g_unix_fd_list_new ();
      int pipe_fds[2];

      g_assert_cmpint (pipe (pipe_fds), ==, 0);
      g_unix_fd_list_append (fds, pipe_fds[0], NULL);
      close (pipe_fds[0]);
      close (pipe_fds[1]);
      portal->opened++;
      g_dbus_method_invocation_return_value_with_unix_fd_list (invocation,
                                                               g_variant_new ("(h)", 0), fds);
    }
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Portal *portal = user_data;

  g_mutex_lock (&portal->lock);
  portal->ready = TRUE;
  g_cond_signal (&portal->cond);
  g_mutex_unlock (&portal->lock);
}

static gpointer
portal_thread (gpointer data)
{
  Portal *portal = data;
  static const GDBusInterfaceVTable vtable = { method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autofree char *address = NULL;
  guint registration, owner;

  g_main_context_push_thread_default (portal->context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  portal->connection = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
               | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, NULL);
  g_assert_nonnull (portal->connection);
  registration = g_dbus_connection_register_object (portal->connection,
                                                    "/org/freedesktop/portal/desktop",
                                                    info->interfaces[0], &vtable, portal,
                                                    NULL, NULL);
  owner = g_bus_own_name_on_connection (portal->connection, "org.freedesktop.portal.Desktop",
                                        G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                        portal, NULL);
  g_main_loop_run (portal->loop);
  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (portal->connection, registration);
  g_dbus_connection_flush_sync (portal->connection, NULL, NULL);
  g_clear_object (&portal->connection);
  g_main_context_pop_thread_default (portal->context);
  return NULL;
}

static int
open_with_decision (guint     decision,
                    guint     timeout_ms,
                    guint    *opened,
                    GError  **error)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  Portal portal = { .decision = decision };
  GThread *thread;
  int fd;

  g_assert_nonnull (connection);
  g_mutex_init (&portal.lock);
  g_cond_init (&portal.cond);
  portal.context = g_main_context_new ();
  portal.loop = g_main_loop_new (portal.context, FALSE);
  thread = g_thread_new ("portal", portal_thread, &portal);
  g_mutex_lock (&portal.lock);
  while (!portal.ready)
    g_cond_wait (&portal.cond, &portal.lock);
  g_mutex_unlock (&portal.lock);

  fd = vt_camera_portal_open_remote (connection, timeout_ms, error);

  g_main_loop_quit (portal.loop);
  g_thread_join (thread);
  g_main_loop_unref (portal.loop);
  g_main_context_unref (portal.context);
  g_mutex_clear (&portal.lock);
  g_cond_clear (&portal.cond);
  *opened = portal.opened;
  return fd;
}

static void
test_granted (void)
{
  g_autoptr(GError) error = NULL;
  guint opened = 0;
  int fd = open_with_decision (0, 5000, &opened, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (opened, ==, 1);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  guint opened = 0;
  int fd = open_with_decision (1, 5000, &opened, &error);

  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (opened, ==, 0);  /* no remote without permission */
}

static void
test_no_answer (void)
{
  g_autoptr(GError) error = NULL;
  guint opened = 0;
  int fd = open_with_decision (G_MAXUINT, 300, &opened, &error);

  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP no session bus (run under dbus-run-session)\n");
      return 0;
    }
  g_test_add_func ("/capture/portal/granted", test_granted);
  g_test_add_func ("/capture/portal/refused", test_refused);
  g_test_add_func ("/capture/portal/no-answer", test_no_answer);
  return g_test_run ();
}

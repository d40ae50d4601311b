/* vt-camera-portal.c — AccessCamera, then OpenPipeWireRemote, as the portal documents them.
 *
 * The portal answers AccessCamera through a Request object: the reply names the object path,
 * and its Response signal carries the person's (or the kiosk policy's) decision. The signal is
 * subscribed before the call, on the path the portal will use (derived from our unique name
 * and a handle token), so a fast answer is never missed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-portal.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define CAMERA_IFACE "org.freedesktop.portal.Camera"
#define REQUEST_IFACE "org.freedesktop.portal.Request"

gboolean
vt_camera_portal_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

typedef struct
{
  gboolean answered;
  guint    response;  /* 0 granted, 1 cancelled by the person, 2 other */
} Answer;

static void
response_cb (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  Answer *answer = user_data;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    g_variant_get (parameters, "(u@a{sv})", &answer->response, NULL);
  else
    answer->response = 2;
  answer->answered = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The Request path the portal will use: /org/freedesktop/portal/desktop/request/SENDER/TOKEN,
 * SENDER being our unique name without ':' and with '.' as '_'. */
static char *
request_path (GDBusConnection *connection,
              const char      *token)
{
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);

  g_strdelimit (sender, ".", '_');
  return g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
}

static gboolean
access_camera (GDBusConnection  *connection,
               guint             timeout_ms,
               GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *token = g_strdup_printf ("ventanilla%u", g_random_int ());
  g_autofree char *path = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder options;
  Answer answer = { FALSE, 2 };
  gboolean timed_out = FALSE;
  GSource *timeout;
  guint subscription;

  if (g_dbus_connection_get_unique_name (connection) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("No se puede pedir la cámara: no hay bus de sesión."));
      return FALSE;
    }

  g_main_context_push_thread_default (context);
  path = request_path (connection, token);
  subscription = g_dbus_connection_signal_subscribe (connection, PORTAL_NAME, REQUEST_IFACE,
                                                     "Response", path, NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     response_cb, &answer, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  reply = g_dbus_connection_call_sync (connection, PORTAL_NAME, PORTAL_PATH, CAMERA_IFACE,
                                       "AccessCamera", g_variant_new ("(a{sv})", &options),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE,
                                       (int)timeout_ms, NULL, error);
  if (reply != NULL)
    {
      timeout = g_timeout_source_new (timeout_ms);
      g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
      g_source_attach (timeout, context);
      while (!answer.answered && !timed_out)
        g_main_context_iteration (context, TRUE);
      g_source_destroy (timeout);
      g_source_unref (timeout);
    }

  g_dbus_connection_signal_unsubscribe (connection, subscription);
  g_main_context_pop_thread_default (context);

  if (reply == NULL)
    {
      g_prefix_error (error, "%s ", _("El portal de cámara no respondió."));
      return FALSE;
    }
  if (!answer.answered)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("El sistema no respondió a tiempo al pedido de la cámara."));
      return FALSE;
    }
  if (answer.response != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("El sistema no dio acceso a la cámara. Un técnico debe permitirlo "
                             "en la configuración de privacidad."));
      return FALSE;
    }
  return TRUE;
}

int
vt_camera_portal_open_remote (GDBusConnection  *connection,
                              guint             timeout_ms,
                              GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  GVariantBuilder options;
  gint32 handle = -1;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), -1);

  if (!access_camera (connection, timeout_ms, error))
    return -1;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  reply = g_dbus_connection_call_with_unix_fd_list_sync (connection, PORTAL_NAME, PORTAL_PATH,
                                                         CAMERA_IFACE, "OpenPipeWireRemote",
                                                         g_variant_new ("(a{sv})", &options),
                                                         G_VARIANT_TYPE ("(h)"),
                                                         G_DBUS_CALL_FLAGS_NONE, (int)timeout_ms,
                                                         NULL, &fds, NULL, error);
  if (reply == NULL)
    return -1;
  g_variant_get (reply, "(h)", &handle);
  if (fds == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (fds))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("El portal de cámara no entregó la conexión con la cámara."));
      return -1;
    }
  return g_unix_fd_list_get (fds, handle, error);
}

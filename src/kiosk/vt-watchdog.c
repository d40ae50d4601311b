/* vt-watchdog.c — the sd_notify protocol, without linking libsystemd.
 *
 * Under the kiosk's systemd unit (Type=notify, WatchdogSec=), READY=1 says the window is up and
 * WATCHDOG=1 must arrive at least every WATCHDOG_USEC or systemd kills and restarts the kiosk.
 * The pings run on the main context on purpose: they prove the UI thread still turns.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-watchdog.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

gboolean
vt_watchdog_notify (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  socklen_t length;
  size_t path_length;
  ssize_t sent;
  int fd;

  g_return_val_if_fail (state != NULL, FALSE);

  if (path == NULL || (path[0] != '/' && path[0] != '@'))
    return FALSE;
  path_length = strlen (path);
  if (path_length >= sizeof address.sun_path)
    return FALSE;
  memcpy (address.sun_path, path, path_length);
  if (path[0] == '@')
    address.sun_path[0] = '\0';  /* abstract namespace */
  length = (socklen_t)(offsetof (struct sockaddr_un, sun_path) + path_length
                       + (path[0] == '@' ? 0 : 1));

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  do
    sent = sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *)&address, length);
  while (sent < 0 && errno == EINTR);
  close (fd);
  return sent == (ssize_t)strlen (state);
}

static gboolean
ping_cb (gpointer user_data)
{
  vt_watchdog_notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

guint
vt_watchdog_start (void)
{
  const char *usec_text = g_getenv ("WATCHDOG_USEC");
  const char *pid_text = g_getenv ("WATCHDOG_PID");
  guint64 usec = 0;

  vt_watchdog_notify ("READY=1");

  /* WATCHDOG_PID names the process systemd watches; another process's pings would be refused. */
  if (pid_text != NULL && g_ascii_strtoull (pid_text, NULL, 10) != (guint64)getpid ())
    return 0;
  if (usec_text == NULL || !g_ascii_string_to_unsigned (usec_text, 10, 1, G_MAXUINT64, &usec, NULL))
    return 0;

  vt_watchdog_notify ("WATCHDOG=1");
  return g_timeout_add (MAX (usec / 2000, 1), ping_cb, NULL);
}

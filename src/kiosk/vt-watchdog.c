/* vt-watchdog.c — the sd_notify protocol, without linking libsystemd.
 *
 * Under the kiosk's systemd unit (Type=notify, WatchdogSec=), READY=1 says the window is up and
 * WATCHDOG=1 must arrive at least every WATCHDOG_USEC or systemd kills and restarts the kiosk.
 * The pings run on the main context on purpose: they prove the UI thread still turns.
 *
 * Whose watchdog it is: systemd sets WATCHDOG_PID to the unit's main process, which for the
 * shipped unit is ventanilla-kiosk-session (a shell that runs cage, whose child is the kiosk).
 * The unit says NotifyAccess=all, so systemd takes the kiosk's pings although it is not the
 * main process. The kiosk therefore pings when WATCHDOG_PID is unset, names itself, or names
 * one of its ancestors (the process under which the unit runs it); it refuses a WATCHDOG_PID
 * that names any other process, which can only be an environment inherited by mistake.
 *
 * The variables are taken out of the environment at start (vt_watchdog_claim_environment), so
 * no program the kiosk starts (espeak-ng, lp, GStreamer's plugin scanner…) can ping on its
 * behalf: while the kiosk's UI thread hangs, nothing else keeps the unit alive.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-watchdog.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* What systemd handed us, once claimed. */
static struct
{
  gboolean  claimed;
  char     *socket;        /* NOTIFY_SOCKET */
  char     *usec;          /* WATCHDOG_USEC */
  char     *pid;           /* WATCHDOG_PID */
} handed;

void
vt_watchdog_claim_environment (void)
{
  g_clear_pointer (&handed.socket, g_free);
  g_clear_pointer (&handed.usec, g_free);
  g_clear_pointer (&handed.pid, g_free);
  handed.socket = g_strdup (g_getenv ("NOTIFY_SOCKET"));
  handed.usec = g_strdup (g_getenv ("WATCHDOG_USEC"));
  handed.pid = g_strdup (g_getenv ("WATCHDOG_PID"));
  handed.claimed = TRUE;
  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
}

static const char *
handed_value (const char *variable,
              const char *claimed)
{
  return handed.claimed ? claimed : g_getenv (variable);
}

gboolean
vt_watchdog_notify (const char *state)
{
  const char *path = handed_value ("NOTIFY_SOCKET", handed.socket);
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

/* The parent of `pid`, from /proc (0 when it cannot be read). */
static pid_t
parent_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *text = NULL;
  const char *after_name;
  guint64 parent = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  /* "pid (comm) state ppid …": comm may hold spaces and parentheses, so from the last ')'. */
  after_name = strrchr (text, ')');
  if (after_name == NULL || sscanf (after_name, ") %*c %" G_GUINT64_FORMAT, &parent) != 1)
    return 0;
  return (pid_t)parent;
}

gboolean
vt_watchdog_is_meant_for_us (const char *watchdog_pid)
{
  guint64 wanted = 0;
  pid_t pid;

  if (watchdog_pid == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (watchdog_pid, 10, 1, G_MAXINT32, &wanted, NULL))
    return FALSE;
  pid = getpid ();
  if ((guint64)pid == wanted)
    return TRUE;
  /* PID 1 is everyone's ancestor: a watchdog meant for init is never ours. */
  if (wanted == 1)
    return FALSE;
  for (guint depth = 0; depth < 64 && pid > 1; depth++)
    {
      pid = depth == 0 ? getppid () : parent_of (pid);
      if ((guint64)pid == wanted)
        return TRUE;
    }
  return FALSE;
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
  const char *usec_text = handed_value ("WATCHDOG_USEC", handed.usec);
  const char *pid_text = handed_value ("WATCHDOG_PID", handed.pid);
  guint64 usec = 0;

  vt_watchdog_notify ("READY=1");

  if (usec_text == NULL || !g_ascii_string_to_unsigned (usec_text, 10, 1, G_MAXUINT64, &usec, NULL))
    return 0;
  if (!vt_watchdog_is_meant_for_us (pid_text))
    {
      g_message ("WATCHDOG_PID %s is neither this process nor one of its parents: no pings",
                 pid_text);
      return 0;
    }

  /* systemd asks for a ping within every half interval at least; a quarter leaves room for a
   * busy machine (a timeout is counted from its late dispatch) without being chatty. */
  vt_watchdog_notify ("WATCHDOG=1");
  return g_timeout_add (MAX (usec / 4000, 1), ping_cb, NULL);
}

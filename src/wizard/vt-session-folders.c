/* vt-session-folders.c — the folder that holds every session's private folder, and what a crash
 * leaves in it.
 *
 * Everything here works relative to open directory descriptors (openat, fstatat, unlinkat with
 * O_NOFOLLOW and AT_SYMLINK_NOFOLLOW): a name swapped for a symbolic link between a check and
 * its use makes the open fail instead of leading the sweep somewhere else.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-session-folders.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_NAME "in-use.lock"
/* Sessions keep flat folders; anything deeper than this is not ours to walk. */
#define MAX_DEPTH 8

struct _VtSessionFolders
{
  int lock_fd;
};

/* session-XXXXXX as g_mkdtemp makes it: six letters or digits. */
static gboolean
is_session_name (const char *name)
{
  const char *rest;

  if (!g_str_has_prefix (name, VT_SESSION_FOLDER_PREFIX))
    return FALSE;
  rest = name + strlen (VT_SESSION_FOLDER_PREFIX);
  if (strlen (rest) != 6)
    return FALSE;
  for (; *rest != '\0'; rest++)
    if (!g_ascii_isalnum (*rest))
      return FALSE;
  return TRUE;
}

/* Removes the directory `name` in `parent_fd` and everything in it, never through a link. */
static gboolean
remove_tree_at (int         parent_fd,
                const char *name,
                guint       depth)
{
  struct dirent *entry;
  DIR *dir;
  int fd;

  fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return FALSE;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (g_str_equal (entry->d_name, ".") || g_str_equal (entry->d_name, ".."))
        continue;
      if (fstatat (fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (depth < MAX_DEPTH)
            remove_tree_at (fd, entry->d_name, depth + 1);
        }
      else
        unlinkat (fd, entry->d_name, 0);  /* a link goes as a link */
    }
  closedir (dir);
  return unlinkat (parent_fd, name, AT_REMOVEDIR) == 0;
}

static guint
sweep (int dir_fd)
{
  struct dirent *entry;
  DIR *dir;
  guint removed = 0;
  int fd = fcntl (dir_fd, F_DUPFD_CLOEXEC, 0);

  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return 0;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (!is_session_name (entry->d_name)
          || fstatat (dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      /* A link, a file or another user's folder is not a folder we made. */
      if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid ())
        {
          g_message ("Left alone in the sessions folder (not a session folder of ours): %s",
                     entry->d_name);
          continue;
        }
      if (remove_tree_at (dir_fd, entry->d_name, 0))
        removed++;
      else
        g_warning ("Could not remove the session folder %s left by a crash: %s", entry->d_name,
                   g_strerror (errno));
    }
  closedir (dir);
  return removed;
}

VtSessionFolders *
vt_session_folders_claim (const char  *sessions_dir,
                          guint       *out_removed,
                          GError     **error)
{
  g_autofree VtSessionFolders *self = NULL;
  guint removed = 0;
  int dir_fd;
  int saved;

  g_return_val_if_fail (sessions_dir != NULL, NULL);

  if (g_mkdir_with_parents (sessions_dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo preparar la carpeta de trámites en curso: %s"),
                   g_strerror (saved));
      return NULL;
    }
  dir_fd = open (sessions_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo abrir la carpeta de trámites en curso (no puede ser un enlace "
                     "simbólico): %s"), g_strerror (saved));
      return NULL;
    }

  self = g_new0 (VtSessionFolders, 1);
  self->lock_fd = openat (dir_fd, LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      saved = errno;
      close (dir_fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo preparar la carpeta de trámites en curso: %s"),
                   g_strerror (saved));
      return NULL;
    }

  /* Alone on the folder: whatever session folders are there belong to dead processes. With
   * another kiosk alive on it, sweep nothing; its claim waits for a sweep under way. */
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0)
    {
      removed = sweep (dir_fd);
      if (removed > 0)
        g_message ("Removed %u session folder(s) left by a crash", removed);
    }
  while (flock (self->lock_fd, LOCK_SH) != 0 && errno == EINTR)
    ;
  close (dir_fd);
  if (out_removed != NULL)
    *out_removed = removed;
  return g_steal_pointer (&self);
}

void
vt_session_folders_free (VtSessionFolders *self)
{
  if (self == NULL)
    return;
  close (self->lock_fd);
  g_free (self);
}

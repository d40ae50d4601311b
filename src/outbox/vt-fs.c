/* vt-fs.c — removing what the outbox left on disk without ever following a link out of it.
 *
 * Every step goes through a descriptor opened with O_NOFOLLOW | O_DIRECTORY, relative to its
 * parent's: a symbolic link, wherever it is and even if it appears while the removal runs, is
 * unlinked as a link, and the files it points to stay where they are.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Empties the folder `dir_fd` (which this function closes), depth first. */
static void
empty_folder (int   dir_fd,
              guint depth)
{
  DIR *dir;
  struct dirent *entry;

  /* Deeper than anything the queue writes: a loop of bind mounts must not take the stack. */
  if (depth > 32 || (dir = fdopendir (dir_fd)) == NULL)
    {
      close (dir_fd);
      return;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      int child;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (unlinkat (dirfd (dir), entry->d_name, 0) == 0)
        continue;
      child = openat (dirfd (dir), entry->d_name,
                      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0)
        continue;
      empty_folder (child, depth + 1);
      unlinkat (dirfd (dir), entry->d_name, AT_REMOVEDIR);
    }
  closedir (dir);
}

void
vt_fs_remove_tree (const char *path)
{
  int fd;

  g_return_if_fail (path != NULL);

  /* A file or a link goes as it is; only a real folder is emptied first. */
  if (unlink (path) == 0 || errno == ENOENT)
    return;
  fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  empty_folder (fd, 0);
  rmdir (path);
}

/* vt-fs-shim.c — an LD_PRELOAD layer that records what a process does to files under one
 * folder, so that a test can rebuild what a power cut at any moment would have left: only
 * what was fsynced, and a folder's entries only once the folder itself was fsynced.
 *
 * Environment:
 *   VT_FSSHIM_ROOT        the folder watched (absolute); nothing outside it is recorded
 *   VT_FSSHIM_LOG         where the record goes (appended)
 *   VT_FSSHIM_MARKS       a file whose writes are recorded as marks ("confirmed <id>"), in
 *                         order with the file operations around them
 *   VT_FSSHIM_FAIL_AFTER  writes to watched files fail with ENOSPC once this many bytes went
 *
 * The record, one operation per line ("<op> <fields>\n"), a write's data right after its line:
 *   C ino path    a file created        M ino path   a folder created
 *   O ino path    an existing file opened
 *   W ino off n   n bytes at off, then the n bytes
 *   T ino len     truncated             F ino        fsync of a file
 *   D path        fsync of a folder     R old new    renamed
 *   U path        unlinked              X path       folder removed
 *   K n           a mark of n bytes, then the bytes
 *   S fd n        a write of n bytes to a descriptor of a watched file after it was closed
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* The 64-bit names are defined below as aliases: the headers must not rename these. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 4096

enum { UNTRACKED, FILE_FD, DIR_FD, MARKS_FD, CLOSED_FD };

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static char root[PATH_MAX];
static size_t root_len;
static char marks[PATH_MAX];
static int log_fd = -1;
static long long fail_after = -1;
static long long written;
static unsigned char kind[MAX_FDS];
static ino_t inode[MAX_FDS];
static char *dir_path[MAX_FDS];
static __thread int inside;

static void shim_init (void);

/* Another library's constructor may open a file before this one's ran. */
#define READY() do { if (real_open == NULL) shim_init (); } while (0)

static int (*real_open) (const char *, int, ...);
static int (*real_openat) (int, const char *, int, ...);
static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static int (*real_close) (int);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);
static int (*real_ftruncate) (int, off_t);
static int (*real_rename) (const char *, const char *);
static int (*real_renameat) (int, const char *, int, const char *);
static int (*real_unlink) (const char *);
static int (*real_unlinkat) (int, const char *, int);
static int (*real_rmdir) (const char *);
static int (*real_mkdir) (const char *, mode_t);

__attribute__((constructor)) static void
shim_init (void)
{
  const char *value;

  if (real_open != NULL)
    return;

  real_open = dlsym (RTLD_NEXT, "open");
  real_openat = dlsym (RTLD_NEXT, "openat");
  real_write = dlsym (RTLD_NEXT, "write");
  real_pwrite = dlsym (RTLD_NEXT, "pwrite");
  real_writev = dlsym (RTLD_NEXT, "writev");
  real_close = dlsym (RTLD_NEXT, "close");
  real_fsync = dlsym (RTLD_NEXT, "fsync");
  real_fdatasync = dlsym (RTLD_NEXT, "fdatasync");
  real_ftruncate = dlsym (RTLD_NEXT, "ftruncate");
  real_rename = dlsym (RTLD_NEXT, "rename");
  real_renameat = dlsym (RTLD_NEXT, "renameat");
  real_unlink = dlsym (RTLD_NEXT, "unlink");
  real_unlinkat = dlsym (RTLD_NEXT, "unlinkat");
  real_rmdir = dlsym (RTLD_NEXT, "rmdir");
  real_mkdir = dlsym (RTLD_NEXT, "mkdir");
  if ((value = getenv ("VT_FSSHIM_ROOT")) != NULL && realpath (value, root) != NULL)
    root_len = strlen (root);
  if ((value = getenv ("VT_FSSHIM_MARKS")) != NULL)
    snprintf (marks, sizeof marks, "%s", value);
  if ((value = getenv ("VT_FSSHIM_FAIL_AFTER")) != NULL)
    fail_after = atoll (value);
  if ((value = getenv ("VT_FSSHIM_LOG")) != NULL)
    log_fd = real_open (value, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

static void
put (const void *data,
     size_t      len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = real_write (log_fd, p, len);
      if (n <= 0)
        {
          if (n < 0 && errno == EINTR)
            continue;
          abort ();
        }
      p += n;
      len -= (size_t) n;
    }
}

static void
record (const void *data,
        size_t      len,
        const char *format,
        ...)
{
  char line[3 * PATH_MAX];
  va_list args;
  int n;

  if (log_fd < 0)
    return;
  va_start (args, format);
  n = vsnprintf (line, sizeof line, format, args);
  va_end (args);
  put (line, (size_t) n);
  put ("\n", 1);
  if (data != NULL && len > 0)
    put (data, len);
}

/* An absolute path for `path` relative to `dirfd`, "." and ".." resolved textually. */
static void
absolute (int         dirfd,
          const char *path,
          char       *out)
{
  char joined[2 * PATH_MAX];
  char *parts[PATH_MAX / 2];
  int n = 0;
  char *save = NULL;

  if (path[0] == '/')
    snprintf (joined, sizeof joined, "%s", path);
  else
    {
      char base[PATH_MAX] = "";

      if (dirfd == AT_FDCWD)
        {
          if (getcwd (base, sizeof base) == NULL)
            base[0] = '\0';
        }
      else if (dirfd >= 0 && dirfd < MAX_FDS && dir_path[dirfd] != NULL)
        snprintf (base, sizeof base, "%s", dir_path[dirfd]);
      else
        {
          char link[64];
          ssize_t len;

          snprintf (link, sizeof link, "/proc/self/fd/%d", dirfd);
          len = readlink (link, base, sizeof base - 1);
          base[len > 0 ? len : 0] = '\0';
        }
      snprintf (joined, sizeof joined, "%s/%s", base, path);
    }
  for (char *part = strtok_r (joined, "/", &save); part != NULL; part = strtok_r (NULL, "/", &save))
    {
      if (strcmp (part, ".") == 0)
        continue;
      if (strcmp (part, "..") == 0)
        {
          if (n > 0)
            n--;
          continue;
        }
      parts[n++] = part;
    }
  out[0] = '\0';
  for (int i = 0; i < n; i++)
    {
      strcat (out, "/");
      strcat (out, parts[i]);
    }
  if (n == 0)
    strcpy (out, "/");
}

static int
watched (const char *path)
{
  return root_len > 0 && strncmp (path, root, root_len) == 0
         && (path[root_len] == '\0' || path[root_len] == '/');
}

static void
track_open (int         fd,
            int         dirfd,
            const char *path,
            int         flags,
            int         existed)
{
  char full[PATH_MAX];
  struct stat st;

  if (fd < 0 || fd >= MAX_FDS || inside)
    return;
  pthread_mutex_lock (&lock);
  kind[fd] = UNTRACKED;
  free (dir_path[fd]);
  dir_path[fd] = NULL;
  absolute (dirfd, path, full);
  if (marks[0] != '\0' && strcmp (full, marks) == 0)
    kind[fd] = MARKS_FD;
  else if (watched (full) && fstat (fd, &st) == 0)
    {
      inode[fd] = st.st_ino;
      if (S_ISDIR (st.st_mode))
        {
          kind[fd] = DIR_FD;
          dir_path[fd] = strdup (full);
        }
      else if (S_ISREG (st.st_mode))
        {
          kind[fd] = FILE_FD;
          record (NULL, 0, "%c %llu %s", existed ? 'O' : 'C', (unsigned long long) st.st_ino,
                  full);
          if (existed && (flags & O_TRUNC))
            record (NULL, 0, "T %llu 0", (unsigned long long) st.st_ino);
        }
    }
  pthread_mutex_unlock (&lock);
}

static int
exists_at (int         dirfd,
           const char *path)
{
  struct stat st;

  return fstatat (dirfd, path, &st, 0) == 0;
}

static int
do_openat (int         dirfd,
           const char *path,
           int         flags,
           mode_t      mode)
{
  READY ();
  int existed = (flags & O_CREAT) ? exists_at (dirfd, path) : 1;
  int fd = real_openat (dirfd, path, flags, mode);

  track_open (fd, dirfd, path, flags, existed);
  return fd;
}

int
open (const char *path,
      int         flags,
      ...)
{
  mode_t mode = 0;

  if (flags & (O_CREAT | O_TMPFILE))
    {
      va_list args;
      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);
    }
  return do_openat (AT_FDCWD, path, flags, mode);
}

int open64 (const char *path, int flags, ...) __attribute__((alias ("open")));

int
__open_2 (const char *path,
          int         flags)
{
  return do_openat (AT_FDCWD, path, flags, 0);
}

int __open64_2 (const char *path, int flags) __attribute__((alias ("__open_2")));

int
openat (int         dirfd,
        const char *path,
        int         flags,
        ...)
{
  mode_t mode = 0;

  if (flags & (O_CREAT | O_TMPFILE))
    {
      va_list args;
      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);
    }
  return do_openat (dirfd, path, flags, mode);
}

int openat64 (int dirfd, const char *path, int flags, ...) __attribute__((alias ("openat")));

int
creat (const char *path,
       mode_t      mode)
{
  return do_openat (AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* Runs the write, then records it: `offset` -1 means the descriptor's position. */
static ssize_t
after_write (int         fd,
             const void *data,
             size_t      count,
             off_t       offset,
             ssize_t   (*call) (int, const void *, size_t, off_t),
             int         positioned)
{
  READY ();
  off_t at;
  ssize_t n;
  int k = (fd >= 0 && fd < MAX_FDS) ? kind[fd] : UNTRACKED;

  if (inside || k == UNTRACKED || k == DIR_FD)
    return positioned ? call (fd, data, count, offset) : real_write (fd, data, count);
  pthread_mutex_lock (&lock);
  if (k == CLOSED_FD)
    {
      struct stat st;

      /* The number may have gone to a socket or an eventfd meanwhile (calls not watched
       * here): a write there is that object's. Only a write to a number still closed is the
       * stray one, the one that would land in whatever file is opened next. */
      if (fstat (fd, &st) == 0)
        kind[fd] = UNTRACKED;
      else
        record (NULL, 0, "S %d %zu", fd, count);
      pthread_mutex_unlock (&lock);
      return positioned ? call (fd, data, count, offset) : real_write (fd, data, count);
    }
  if (k == FILE_FD && fail_after >= 0 && written + (long long) count > fail_after)
    {
      pthread_mutex_unlock (&lock);
      errno = ENOSPC;
      return -1;
    }
  at = positioned ? offset : lseek (fd, 0, SEEK_CUR);
  n = positioned ? call (fd, data, count, offset) : real_write (fd, data, count);
  if (n > 0 && k == FILE_FD)
    {
      written += n;
      record (data, (size_t) n, "W %llu %lld %zd", (unsigned long long) inode[fd],
              (long long) at, n);
    }
  else if (n > 0 && k == MARKS_FD)
    record (data, (size_t) n, "K %zd", n);
  pthread_mutex_unlock (&lock);
  return n;
}

ssize_t
write (int         fd,
       const void *data,
       size_t      count)
{
  return after_write (fd, data, count, -1, NULL, 0);
}

ssize_t
pwrite (int         fd,
        const void *data,
        size_t      count,
        off_t       offset)
{
  return after_write (fd, data, count, offset, real_pwrite, 1);
}

ssize_t pwrite64 (int fd, const void *data, size_t count, off_t offset)
  __attribute__((alias ("pwrite")));

ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 n)
{
  ssize_t total = 0;

  /* One write per piece: the record stays simple, and the result is the same on disk. */
  for (int i = 0; i < n; i++)
    {
      ssize_t done = write (fd, iov[i].iov_base, iov[i].iov_len);

      if (done < 0)
        return total > 0 ? total : -1;
      total += done;
      if ((size_t) done < iov[i].iov_len)
        break;
    }
  return total;
}

static void
record_sync (int fd)
{
  if (fd < 0 || fd >= MAX_FDS || inside)
    return;
  pthread_mutex_lock (&lock);
  if (kind[fd] == FILE_FD)
    record (NULL, 0, "F %llu", (unsigned long long) inode[fd]);
  else if (kind[fd] == DIR_FD)
    record (NULL, 0, "D %s", dir_path[fd]);
  pthread_mutex_unlock (&lock);
}

int
fsync (int fd)
{
  READY ();
  int rc = real_fsync (fd);

  if (rc == 0)
    record_sync (fd);
  return rc;
}

int
fdatasync (int fd)
{
  READY ();
  int rc = real_fdatasync (fd);

  if (rc == 0)
    record_sync (fd);
  return rc;
}

int
ftruncate (int   fd,
           off_t length)
{
  READY ();
  int rc = real_ftruncate (fd, length);

  if (rc == 0 && fd >= 0 && fd < MAX_FDS && kind[fd] == FILE_FD && !inside)
    {
      pthread_mutex_lock (&lock);
      record (NULL, 0, "T %llu %lld", (unsigned long long) inode[fd], (long long) length);
      pthread_mutex_unlock (&lock);
    }
  return rc;
}

int ftruncate64 (int fd, off_t length) __attribute__((alias ("ftruncate")));

int
close (int fd)
{
  READY ();
  if (fd >= 0 && fd < MAX_FDS && !inside)
    {
      pthread_mutex_lock (&lock);
      kind[fd] = (kind[fd] == FILE_FD || kind[fd] == DIR_FD) ? CLOSED_FD : UNTRACKED;
      free (dir_path[fd]);
      dir_path[fd] = NULL;
      pthread_mutex_unlock (&lock);
    }
  return real_close (fd);
}

static void
record_paths (char        op,
              int         dirfd1,
              const char *path1,
              int         dirfd2,
              const char *path2)
{
  char a[PATH_MAX];
  char b[PATH_MAX];

  if (inside)
    return;
  absolute (dirfd1, path1, a);
  if (path2 != NULL)
    absolute (dirfd2, path2, b);
  if (!watched (a) && (path2 == NULL || !watched (b)))
    return;
  pthread_mutex_lock (&lock);
  if (path2 != NULL)
    record (NULL, 0, "%c %s %s", op, a, b);
  else
    record (NULL, 0, "%c %s", op, a);
  pthread_mutex_unlock (&lock);
}

int
rename (const char *from,
        const char *to)
{
  READY ();
  int rc = real_rename (from, to);

  if (rc == 0)
    record_paths ('R', AT_FDCWD, from, AT_FDCWD, to);
  return rc;
}

int
renameat (int         from_dir,
          const char *from,
          int         to_dir,
          const char *to)
{
  READY ();
  int rc = real_renameat (from_dir, from, to_dir, to);

  if (rc == 0)
    record_paths ('R', from_dir, from, to_dir, to);
  return rc;
}

int
unlink (const char *path)
{
  READY ();
  int rc = real_unlink (path);

  if (rc == 0)
    record_paths ('U', AT_FDCWD, path, 0, NULL);
  return rc;
}

int
unlinkat (int         dirfd,
          const char *path,
          int         flags)
{
  READY ();
  int rc = real_unlinkat (dirfd, path, flags);

  if (rc == 0)
    record_paths ((flags & AT_REMOVEDIR) ? 'X' : 'U', dirfd, path, 0, NULL);
  return rc;
}

int
rmdir (const char *path)
{
  READY ();
  int rc = real_rmdir (path);

  if (rc == 0)
    record_paths ('X', AT_FDCWD, path, 0, NULL);
  return rc;
}

int
mkdir (const char *path,
       mode_t      mode)
{
  READY ();
  int rc = real_mkdir (path, mode);
  char full[PATH_MAX];
  struct stat st;

  if (rc == 0 && !inside)
    {
      absolute (AT_FDCWD, path, full);
      if (watched (full) && stat (full, &st) == 0)
        {
          pthread_mutex_lock (&lock);
          record (NULL, 0, "M %llu %s", (unsigned long long) st.st_ino, full);
          pthread_mutex_unlock (&lock);
        }
    }
  return rc;
}

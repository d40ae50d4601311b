/* vt-fs-replay.c — rebuilds, from the file system shim's record, what a power cut after any
 * recorded operation would have left on disk.
 *
 * The model is the strict one a journaled file system promises and no more: a file's bytes
 * are durable as of its last fsync, a folder's entries as of the folder's last fsync. Nodes
 * stand for inodes, so a file renamed after its fsync keeps its durable bytes under the new
 * name once the folder is synced, and an unlinked file's bytes live on in every durable entry
 * that still names it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-fs-replay.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef struct _Node Node;

struct _Node
{
  gboolean    is_dir;
  GByteArray *current;
  GByteArray *durable;
  GHashTable *entries;          /* name → Node*, as the folder is now */
  GHashTable *durable_entries;  /* name → Node*, as of its last fsync */
};

struct _VtFsReplay
{
  char       *root;
  Node       *root_node;
  GPtrArray  *nodes;    /* owns every Node */
  GHashTable *by_ino;   /* ino → the live Node with that number */
  GPtrArray  *ops;
  guint       applied;  /* operations applied so far */
  guint       version;
};

static Node *
node_new (VtFsReplay *self,
          gboolean    is_dir)
{
  Node *node = g_new0 (Node, 1);

  node->is_dir = is_dir;
  if (is_dir)
    {
      node->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      node->durable_entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  else
    {
      node->current = g_byte_array_new ();
      node->durable = g_byte_array_new ();
    }
  g_ptr_array_add (self->nodes, node);
  return node;
}

static void
node_free (Node *node)
{
  g_clear_pointer (&node->current, g_byte_array_unref);
  g_clear_pointer (&node->durable, g_byte_array_unref);
  g_clear_pointer (&node->entries, g_hash_table_unref);
  g_clear_pointer (&node->durable_entries, g_hash_table_unref);
  g_free (node);
}

static void
op_free (VtFsOp *op)
{
  g_free (op->path);
  g_free (op->path2);
  g_clear_pointer (&op->data, g_bytes_unref);
  g_free (op);
}

static Node *
load_tree (VtFsReplay *self,
           const char *path)
{
  GStatBuf st;
  Node *node;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  node = node_new (self, S_ISDIR (st.st_mode));
  g_hash_table_insert (self->by_ino, g_memdup2 (&(guint64){ st.st_ino }, sizeof (guint64)), node);
  if (node->is_dir)
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          Node *sub = load_tree (self, child);

          g_hash_table_insert (node->entries, g_strdup (name), sub);
          g_hash_table_insert (node->durable_entries, g_strdup (name), sub);
        }
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_byte_array_append (node->current, (const guint8 *) contents, len);
      g_byte_array_append (node->durable, (const guint8 *) contents, len);
    }
  return node;
}

/* The copy has inode numbers of its own; the record names the live files'. */
static void
remap_inodes (VtFsReplay *self,
              Node       *node,
              const char *live_path)
{
  GStatBuf st;

  if (g_lstat (live_path, &st) != 0)
    return;
  g_hash_table_insert (self->by_ino, g_memdup2 (&(guint64){ st.st_ino }, sizeof (guint64)), node);
  if (node->is_dir)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, node->entries);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *child = g_build_filename (live_path, key, NULL);
          remap_inodes (self, value, child);
        }
    }
}

static void
parse_log (VtFsReplay *self,
           const char *log_path)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  gsize pos = 0;

  g_assert_true (g_file_get_contents (log_path, &text, &len, NULL));
  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      g_autofree char *line = NULL;
      g_auto(GStrv) f = NULL;
      VtFsOp *op = g_new0 (VtFsOp, 1);
      gsize n = 0;

      g_assert_nonnull (nl);
      line = g_strndup (text + pos, nl - (text + pos));
      pos = nl - text + 1;
      f = g_strsplit (line, " ", 4);
      switch (f[0][0])
        {
        case 'C': op->kind = VT_FS_OP_CREATE; break;
        case 'O': op->kind = VT_FS_OP_OPEN; break;
        case 'M': op->kind = VT_FS_OP_MKDIR; break;
        case 'W': op->kind = VT_FS_OP_WRITE; break;
        case 'T': op->kind = VT_FS_OP_TRUNCATE; break;
        case 'F': op->kind = VT_FS_OP_FSYNC; break;
        case 'D': op->kind = VT_FS_OP_DIRSYNC; break;
        case 'R': op->kind = VT_FS_OP_RENAME; break;
        case 'U': op->kind = VT_FS_OP_UNLINK; break;
        case 'X': op->kind = VT_FS_OP_RMDIR; break;
        case 'K': op->kind = VT_FS_OP_MARK; break;
        case 'S': op->kind = VT_FS_OP_STRAY; break;
        default: g_assert_not_reached ();
        }
      switch (op->kind)
        {
        case VT_FS_OP_CREATE:
        case VT_FS_OP_OPEN:
        case VT_FS_OP_MKDIR:
          op->ino = g_ascii_strtoull (f[1], NULL, 10);
          op->path = g_strdup (f[2]);
          break;
        case VT_FS_OP_WRITE:
          op->ino = g_ascii_strtoull (f[1], NULL, 10);
          op->offset = g_ascii_strtoll (f[2], NULL, 10);
          n = g_ascii_strtoull (f[3], NULL, 10);
          break;
        case VT_FS_OP_TRUNCATE:
          op->ino = g_ascii_strtoull (f[1], NULL, 10);
          op->offset = g_ascii_strtoll (f[2], NULL, 10);
          break;
        case VT_FS_OP_FSYNC:
          op->ino = g_ascii_strtoull (f[1], NULL, 10);
          break;
        case VT_FS_OP_DIRSYNC:
        case VT_FS_OP_UNLINK:
        case VT_FS_OP_RMDIR:
          op->path = g_strdup (f[1]);
          break;
        case VT_FS_OP_RENAME:
          op->path = g_strdup (f[1]);
          op->path2 = g_strdup (f[2]);
          break;
        case VT_FS_OP_MARK:
          n = g_ascii_strtoull (f[1], NULL, 10);
          break;
        case VT_FS_OP_STRAY:
          break;
        default:
          g_assert_not_reached ();
        }
      if (n > 0)
        {
          g_assert_cmpuint (pos + n, <=, len);
          op->data = g_bytes_new (text + pos, n);
          pos += n;
        }
      g_ptr_array_add (self->ops, op);
    }
}

VtFsReplay *
vt_fs_replay_new (const char *root,
                  const char *baseline,
                  const char *log_path)
{
  VtFsReplay *self = g_new0 (VtFsReplay, 1);
  g_autofree char *real_root = realpath (root, NULL);

  g_assert_nonnull (real_root);
  self->root = g_steal_pointer (&real_root);
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->by_ino = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  /* The tree as it was when the record began, from a copy taken then; its inode numbers are
   * the ones the record uses, mapped from the live tree by name. */
  self->root_node = load_tree (self, baseline);
  remap_inodes (self, self->root_node, self->root);
  g_assert_true (self->root_node->is_dir);
  parse_log (self, log_path);
  return self;
}

void
vt_fs_replay_free (VtFsReplay *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->ops);
  g_hash_table_unref (self->by_ino);
  g_ptr_array_unref (self->nodes);
  g_free (self->root);
  g_free (self);
}

guint
vt_fs_replay_n_ops (VtFsReplay *self)
{
  return self->ops->len;
}

const VtFsOp *
vt_fs_replay_op (VtFsReplay *self,
                 guint       index)
{
  return g_ptr_array_index (self->ops, index);
}

guint
vt_fs_replay_durable_version (VtFsReplay *self)
{
  return self->version;
}

/* The folder node holding `path` (which must be under root) and its last component. */
static Node *
parent_of (VtFsReplay  *self,
           const char  *path,
           char       **out_name)
{
  g_auto(GStrv) parts = NULL;
  Node *node = self->root_node;
  guint n;

  g_assert_true (g_str_has_prefix (path, self->root));
  parts = g_strsplit (path + strlen (self->root), "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (*parts[i] == '\0')
        continue;
      node = g_hash_table_lookup (node->entries, parts[i]);
      g_assert_nonnull (node);
      g_assert_true (node->is_dir);
    }
  *out_name = g_strdup (parts[n - 1]);
  return node;
}

static Node *
node_at (VtFsReplay *self,
         const char *path)
{
  g_autofree char *name = NULL;
  Node *parent;

  if (g_str_equal (path, self->root))
    return self->root_node;
  parent = parent_of (self, path, &name);
  return g_hash_table_lookup (parent->entries, name);
}

static Node *
node_for_ino (VtFsReplay *self,
              guint64     ino)
{
  Node *node = g_hash_table_lookup (self->by_ino, &ino);

  g_assert_nonnull (node);
  return node;
}

static void
apply (VtFsReplay   *self,
       const VtFsOp *op)
{
  g_autofree char *name = NULL;
  Node *node;
  Node *parent;

  switch (op->kind)
    {
    case VT_FS_OP_CREATE:
    case VT_FS_OP_MKDIR:
      node = node_new (self, op->kind == VT_FS_OP_MKDIR);
      g_hash_table_insert (self->by_ino, g_memdup2 (&op->ino, sizeof op->ino), node);
      parent = parent_of (self, op->path, &name);
      g_hash_table_insert (parent->entries, g_steal_pointer (&name), node);
      break;
    case VT_FS_OP_OPEN:
      /* An existing file by its name: the number may be new to this record. */
      node = node_at (self, op->path);
      g_assert_nonnull (node);
      g_hash_table_insert (self->by_ino, g_memdup2 (&op->ino, sizeof op->ino), node);
      break;
    case VT_FS_OP_WRITE:
      {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data (op->data, &len);

        node = node_for_ino (self, op->ino);
        if (node->current->len < op->offset + len)
          {
            guint old = node->current->len;
            g_byte_array_set_size (node->current, op->offset + len);
            memset (node->current->data + old, 0, node->current->len - old);
          }
        memcpy (node->current->data + op->offset, data, len);
      }
      break;
    case VT_FS_OP_TRUNCATE:
      node = node_for_ino (self, op->ino);
      {
        guint old = node->current->len;
        g_byte_array_set_size (node->current, op->offset);
        if ((guint) op->offset > old)
          memset (node->current->data + old, 0, op->offset - old);
      }
      break;
    case VT_FS_OP_FSYNC:
      node = node_for_ino (self, op->ino);
      g_byte_array_set_size (node->durable, 0);
      g_byte_array_append (node->durable, node->current->data, node->current->len);
      self->version++;
      break;
    case VT_FS_OP_DIRSYNC:
      {
        GHashTableIter iter;
        gpointer key, value;

        node = node_at (self, op->path);
        g_assert_nonnull (node);
        g_hash_table_remove_all (node->durable_entries);
        g_hash_table_iter_init (&iter, node->entries);
        while (g_hash_table_iter_next (&iter, &key, &value))
          g_hash_table_insert (node->durable_entries, g_strdup (key), value);
        self->version++;
      }
      break;
    case VT_FS_OP_RENAME:
      {
        g_autofree char *to_name = NULL;
        Node *to_parent;

        parent = parent_of (self, op->path, &name);
        node = g_hash_table_lookup (parent->entries, name);
        g_assert_nonnull (node);
        g_hash_table_remove (parent->entries, name);
        to_parent = parent_of (self, op->path2, &to_name);
        g_hash_table_insert (to_parent->entries, g_steal_pointer (&to_name), node);
      }
      break;
    case VT_FS_OP_UNLINK:
    case VT_FS_OP_RMDIR:
      parent = parent_of (self, op->path, &name);
      g_hash_table_remove (parent->entries, name);
      break;
    case VT_FS_OP_MARK:
    case VT_FS_OP_STRAY:
    default:
      break;
    }
}

void
vt_fs_replay_advance (VtFsReplay *self,
                      guint       index)
{
  g_assert_cmpuint (index, <, self->ops->len);
  while (self->applied <= index)
    apply (self, g_ptr_array_index (self->ops, self->applied++));
}

static void
write_node (Node       *node,
            const char *path)
{
  if (node->is_dir)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_hash_table_iter_init (&iter, node->durable_entries);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *child = g_build_filename (path, key, NULL);
          write_node (value, child);
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;

      g_file_set_contents_full (path, (const char *) node->durable->data, node->durable->len,
                                G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }
}

void
vt_fs_replay_materialize (VtFsReplay *self,
                          const char *dest)
{
  write_node (self->root_node, dest);
}

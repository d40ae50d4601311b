/* vt-tus-harness.c — starts the real tus server and the fault proxy for the outbox tests.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-tus-harness.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>

static const char *
source_dir (void)
{
  const char *dir = g_getenv ("VT_SOURCE_DIR");

  return dir != NULL ? dir : ".";
}

char *
vt_tus_harness_find_node (void)
{
  /* Debian's own node first: the project must work with it, whatever else is in PATH. */
  if (g_file_test ("/usr/bin/node", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/node");
  return g_find_program_in_path ("node");
}

char *
vt_tus_harness_unavailable (void)
{
  g_autofree char *node = vt_tus_harness_find_node ();
  g_autofree char *modules = g_build_filename (source_dir (), "tests", "tus-server",
                                               "node_modules", "@tus", "file-store", NULL);

  if (node == NULL)
    return g_strdup ("node is not installed (build-aux/install-deps --test)");
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    return g_strdup ("tests/tus-server/node_modules is missing (build-aux/setup-tus-server)");
  return NULL;
}


static JsonObject *
read_json_line (GDataInputStream *in,
                JsonParser       *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
start_server (VtTusHarness *h)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autofree char *node = vt_tus_harness_find_node ();
  g_autofree char *script = g_build_filename (source_dir (), "tests", "tus-server", "server.js",
                                              NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, node);
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  g_ptr_array_add (argv, (char *) "--dir");
  g_ptr_array_add (argv, h->dir);
  /* The server exits when this process goes away, even by a crash. */
  g_ptr_array_add (argv, (char *) "--lifeline");
  if (h->token != NULL)
    g_subprocess_launcher_setenv (launcher, "VT_TUS_TOKEN", h->token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "VT_TUS_TOKEN");
  g_ptr_array_add (argv, NULL);

  h->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (h->server));
  h->server_port = (guint) json_object_get_int_member (read_json_line (out, parser), "port");
  g_assert_cmpuint (h->server_port, >, 0);
  /* The stdout pipe must not fill up and block the server; it prints nothing more. */
  g_free (h->direct_endpoint);
  h->direct_endpoint = g_strdup_printf ("http://127.0.0.1:%u/files/", h->server_port);
}

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGKILL);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

VtTusHarness *
vt_tus_harness_start (const char *token)
{
  VtTusHarness *h = g_new0 (VtTusHarness, 1);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autofree char *node = vt_tus_harness_find_node ();
  g_autofree char *script = g_build_filename (source_dir (), "tests", "outbox", "fault-proxy.js",
                                              NULL);
  g_autofree char *upstream = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  h->dir = g_dir_make_tmp ("vt-tus-XXXXXX", &error);
  g_assert_no_error (error);
  h->token = g_strdup (token);
  start_server (h);

  upstream = g_strdup_printf ("%u", h->server_port);
  h->proxy = g_subprocess_launcher_spawn (launcher, &error, node, script, "--upstream", upstream,
                                          NULL);
  g_assert_no_error (error);
  h->proxy_in = g_object_ref (g_subprocess_get_stdin_pipe (h->proxy));
  h->proxy_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (h->proxy));
  h->proxy_port = (guint) json_object_get_int_member (read_json_line (h->proxy_out, parser),
                                                      "port");
  g_assert_cmpuint (h->proxy_port, >, 0);
  h->endpoint = g_strdup_printf ("http://127.0.0.1:%u/files/", h->proxy_port);
  return h;
}

void
vt_tus_harness_stop (VtTusHarness *h)
{
  if (h == NULL)
    return;
  g_clear_object (&h->proxy_in);
  g_clear_object (&h->proxy_out);
  stop_process (&h->proxy);
  stop_process (&h->server);
  if (h->dir != NULL)
    remove_tree (h->dir);
  g_free (h->dir);
  g_free (h->token);
  g_free (h->endpoint);
  g_free (h->direct_endpoint);
  g_free (h);
}

void
vt_tus_harness_restart_server (VtTusHarness *h,
                               gboolean      wipe)
{
  g_autofree char *answer = NULL;

  stop_process (&h->server);
  if (wipe)
    {
      remove_tree (h->dir);
      g_mkdir_with_parents (h->dir, 0700);
    }
  start_server (h);
  answer = vt_tus_harness_proxy (h, "upstream %u", h->server_port);
  g_assert_nonnull (strstr (answer, "true"));
}

char *
vt_tus_harness_proxy (VtTusHarness *h,
                      const char   *format,
                      ...)
{
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strconcat (command, "\n", NULL);
  g_output_stream_write_all (h->proxy_in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (h->proxy_in, NULL, &error);
  g_assert_no_error (error);
  return g_data_input_stream_read_line_utf8 (h->proxy_out, NULL, NULL, &error);
}

gint64
vt_tus_harness_stat (VtTusHarness *h,
                     const char   *path)
{
  g_autofree char *answer = vt_tus_harness_proxy (h, "stats");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) parts = g_strsplit (path, ".", 2);
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, answer, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  if (parts[1] != NULL)
    {
      object = json_object_get_object_member (object, parts[0]);
      return json_object_has_member (object, parts[1])
             ? json_object_get_int_member (object, parts[1]) : 0;
    }
  return json_object_get_int_member (object, parts[0]);
}

guint
vt_tus_harness_count_complete (VtTusHarness *h,
                               const char   *key,
                               const char   *value,
                               char        **out_path)
{
  g_autoptr(GDir) dir = g_dir_open (h->dir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *info_path = NULL;
      g_autofree char *data_path = NULL;
      g_autofree char *data_name = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *info;
      JsonObject *metadata;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      info_path = g_build_filename (h->dir, name, NULL);
      data_name = g_strndup (name, strlen (name) - strlen (".json"));
      data_path = g_build_filename (h->dir, data_name, NULL);
      if (!json_parser_load_from_file (parser, info_path, NULL))
        continue;
      info = json_node_get_object (json_parser_get_root (parser));
      metadata = json_object_get_object_member (info, "metadata");
      if (metadata == NULL || g_strcmp0 (json_object_get_string_member_with_default (metadata,
                                                                                    key, ""),
                                         value) != 0)
        continue;
      if (g_stat (data_path, &st) != 0 ||
          (gint64) st.st_size != json_object_get_int_member (info, "size"))
        continue;
      count++;
      if (out_path != NULL)
        {
          g_free (*out_path);
          *out_path = g_steal_pointer (&data_path);
        }
    }
  return count;
}

char *
vt_tus_harness_random_file (const char *dir,
                            gsize       size,
                            guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *data = g_new (guint32, size / 4 + 1);
  g_autofree char *name = g_strdup_printf ("bundle-%u.bin", seed);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size / 4 + 1; i++)
    data[i] = g_rand_int (rand);
  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
  return path;
}

void
vt_tus_harness_assert_same_file (const char *a,
                                 const char *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;
  gsize la = 0;
  gsize lb = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (a, &da, &la, &error);
  g_assert_no_error (error);
  g_file_get_contents (b, &db, &lb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (la, ==, lb);
  g_assert_true (memcmp (da, db, la) == 0);
}

/* vt-test-pipewire.c — a private PipeWire for the devices tests.
 *
 * The daemons are the machine's own programs with their shipped configuration (only the test
 * video source is switched on, as a camera); the runtime directory is the test's, so nothing
 * reaches a PipeWire the machine may run, and its own D-Bus session comes from
 * tests/run-isolated.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-pipewire.h"

#include "vt-test-ui.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

static char *runtime_dir;
static GPtrArray *daemons;

/* Whatever happens to the test, its daemons end with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
spawn (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_cwd (launcher, runtime_dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_ptr_array_add (daemons, process);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* PipeWire's shipped configuration, with its test video source enabled as a camera when
 * `camera`. */
static char *
write_config (gboolean camera)
{
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  char *path = g_build_filename (runtime_dir, "pipewire.conf", NULL);

  g_assert_true (g_file_get_contents ("/usr/share/pipewire/pipewire.conf", &config, NULL,
                                      &error));
  g_assert_no_error (error);
  text = g_string_new (config);
  if (camera)
    {
      g_assert_cmpuint (g_string_replace (text,
                                          "#videotestsrc   = videotestsrc/libspa-videotestsrc",
                                          "videotestsrc   = videotestsrc/libspa-videotestsrc",
                                          1), ==, 1);
      g_assert_cmpuint (g_string_replace (text, "context.objects = [",
                                          "context.objects = [\n"
                                          "    { factory = spa-node-factory args = {"
                                          " factory.name = videotestsrc"
                                          " node.name = vt-test-camera"
                                          " node.description = \""
                                          VT_TEST_PIPEWIRE_CAMERA_NAME "\""
                                          " media.class = Video/Source } }", 1), ==, 1);
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* TRUE once the PulseAudio protocol answers, as any client (the kiosk's pulsesrc) asks. */
static gboolean
pulse_answers (gpointer data)
{
  const char *argv[] = { "pactl", "info", NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **)argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

void
vt_test_pipewire_init (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (runtime_dir);
  /* Before anything connects: this PipeWire is the test's own, not the machine's. */
  runtime_dir = g_dir_make_tmp ("vt-pipewire-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (runtime_dir, 0700);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_unsetenv ("PIPEWIRE_REMOTE");
  g_unsetenv ("PULSE_SERVER");
}

const char *
vt_test_pipewire_get_runtime_dir (void)
{
  return runtime_dir;
}

void
vt_test_pipewire_start (VtTestPipewireFlags flags)
{
  g_autofree char *socket = g_build_filename (runtime_dir, "pipewire-0", NULL);
  g_autofree char *config = write_config (flags & VT_TEST_PIPEWIRE_CAMERA);
  const char *pipewire[] = { "pipewire", "-c", config, NULL };
  const char *wireplumber[] = { "wireplumber", NULL };
  const char *pulse[] = { "pipewire-pulse", NULL };

  g_assert_nonnull (runtime_dir);
  g_assert_null (daemons);
  daemons = g_ptr_array_new_with_free_func (g_object_unref);
  spawn (pipewire);
  g_assert_true (vt_test_ui_wait_for (file_exists, socket, 10000));
  spawn (wireplumber);
  if (flags & VT_TEST_PIPEWIRE_PULSE)
    {
      g_autofree char *native = g_build_filename (runtime_dir, "pulse", "native", NULL);

      spawn (pulse);
      g_assert_true (vt_test_ui_wait_for (file_exists, native, 10000));
      g_assert_true (vt_test_ui_wait_for (pulse_answers, NULL, 10000));
    }
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
vt_test_pipewire_stop (void)
{
  /* The session manager and the protocol servers first, then the daemon. */
  for (guint i = daemons != NULL ? daemons->len : 0; i > 0; i--)
    {
      GSubprocess *process = g_ptr_array_index (daemons, i - 1);

      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait (process, NULL, NULL);
    }
  g_clear_pointer (&daemons, g_ptr_array_unref);
  if (runtime_dir != NULL)
    remove_tree (runtime_dir);
  g_clear_pointer (&runtime_dir, g_free);
}

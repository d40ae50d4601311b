/* test-privacy.c — nothing of a person in the logs or in clear on disk.
 *
 * The real application (VtApplication, its settings, queue and synthetic camera) runs as a
 * child process of this test with G_MESSAGES_DEBUG=all, and a synthetic person walks whole
 * procedures to the confirmation. Everything the child prints (stdout and stderr: every log
 * domain at every level) is captured, and every file it left is read: the data folder (queue
 * database, sealed bundles, session folders), a copy of the session folders taken on the review
 * page, when the session holds the most, and its own temporary, config, state and data
 * folders. None may contain the person's names, ID numbers, e-mail or phone numbers, in any
 * case, accented or not, JSON-escaped or not.
 *
 * Two positive controls show the search would see a leak: a child that logs the name with
 * g_debug () is caught, and the sealed bundle, once opened with the office key, does contain
 * the person (so the data did pass through what was searched).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-bundle.h"
#include "outbox/vt-secret-stream.h"
#include "test-privacy-walker.h"
#include "vt-application.h"
#include "vt-i18n.h"
#include "vt-test-identity.h"
#include "vt-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

static const VtWalkPlan plans[] = {
  /* Every kind of page: fields, photo, document scans, video, signature. */
  { "actualizacion-contacto-exterior", "virtual", "titular" },
  /* A third party's names too, and the printed packet. */
  { "no-afiliacion-extranjeros", "presencial", "tercero" },
};

/* A synthetic person with names no text of the kiosk contains, so any hit is a leak. */
static VtTestPerson *
make_person (guint32 seed)
{
  VtTestPerson *person = vt_test_person_new (seed);

  g_free (person->nombres);
  g_free (person->apellidos);
  g_free (person->correo);
  person->nombres = g_strdup ("Zoilarda Quetzalína");
  person->apellidos = g_strdup ("Brumbáldez Xiquetre");
  person->correo = g_strdup ("zoilarda.brumbaldez@example.org");
  return person;
}

/* ---- the child: the real application, walked by the synthetic person ---- */

typedef struct
{
  const VtWalkPlan *plan;
  VtTestPerson     *person;
  const char       *data_dir;
  const char       *snapshot_dir;
  gboolean          leak;
  int               status;
} Child;

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        copy_tree (source, target);
      else if (g_file_get_contents (source, &contents, &length, NULL))
        g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }
}

static gboolean
child_visit (VtWindow   *window,
             const char *page,
             gpointer    data)
{
  Child *child = data;

  /* On the review page the session holds everything: answers in memory, captures on disk. */
  if (g_str_equal (page, "revision"))
    {
      g_autofree char *sessions = g_build_filename (child->data_dir, "sessions", NULL);
      copy_tree (sessions, child->snapshot_dir);
    }
  return TRUE;
}

static gboolean
child_walk_cb (gpointer data)
{
  Child *child = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (VT_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1280, 800);
  vt_test_ui_wait (300);
  vt_walk_procedure (VT_WINDOW (window), child->plan, child->person, child_visit, child);
  /* The receipt's hash is computed after the confirmation shows. */
  vt_test_ui_wait (1000);
  if (child->leak)
    g_debug ("Positive control, a leak on purpose: %s %s", child->person->nombres,
             child->person->apellidos);
  child->status = 0;
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
child_activate_cb (GApplication *app,
                   Child        *child)
{
  g_idle_add (child_walk_cb, child);
}

static int
run_child (int   argc,
           char *argv[])
{
  g_autoptr(VtApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VtTestPerson) person = NULL;
  Child child = { 0 };
  const char *app_argv[] = { "ventanilla", "--data-dir", NULL, "--camera", "synthetic", NULL };
  int status;

  /* --walk <plan> <seed> <data dir> <snapshot dir> [--leak] */
  g_assert_cmpint (argc, >=, 6);
  child.plan = &plans[g_ascii_strtoull (argv[2], NULL, 10)];
  person = make_person ((guint32)g_ascii_strtoull (argv[3], NULL, 10));
  child.person = person;
  child.data_dir = argv[4];
  child.snapshot_dir = argv[5];
  child.leak = argc > 6 && g_str_equal (argv[6], "--leak");
  child.status = 1;
  app_argv[2] = argv[4];

  vt_i18n_init ();
  /* The walk has no real input: no idle wipe in the middle of it. */
  settings = g_settings_new ("org.ventanilla.Kiosk");
  g_settings_set_uint (settings, "idle-timeout", 3600);
  g_settings_set_uint (settings, "idle-timeout-confirmation", 3600);
  app = vt_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (child_activate_cb), &child);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (app_argv) - 1,
                              (char **)app_argv);
  return status != 0 ? status : child.status;
}

/* ---- the search ---- */

static void
add_needle (GPtrArray  *needles,
            const char *value)
{
  g_autofree char *upper = NULL;
  g_autofree char *folded = NULL;
  GString *escaped;

  if (value == NULL || strlen (value) < 4)
    return;
  /* ASCII case is folded in the haystack; accented capitals are not, so both forms. */
  g_ptr_array_add (needles, g_ascii_strdown (value, -1));
  upper = g_utf8_strup (value, -1);
  g_ptr_array_add (needles, g_ascii_strdown (upper, -1));
  folded = g_str_to_ascii (value, "C");
  g_ptr_array_add (needles, g_ascii_strdown (folded, -1));
  /* As JSON or GVariant text may escape it. */
  escaped = g_string_new (NULL);
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x80)
        g_string_append_c (escaped, g_ascii_tolower ((char)c));
      else
        g_string_append_printf (escaped, "\\u%04x", c);
    }
  g_ptr_array_add (needles, g_string_free (escaped, FALSE));
}

static GPtrArray *
needles_for (VtTestPerson *person)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func (g_free);
  const char *values[] = { person->nombres, person->apellidos, person->cedula, person->pasaporte,
                           person->correo, person->celular_ec, person->telefono_exterior,
                           person->telefono_exterior + 3, NULL };

  for (guint i = 0; values[i] != NULL; i++)
    add_needle (needles, values[i]);
  /* Each name on its own, and the e-mail's user part. */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(GStrv) words = g_strsplit (i == 0 ? person->nombres : person->apellidos, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        add_needle (needles, words[j]);
    }
  {
    g_autofree char *user = g_strndup (person->correo, strcspn (person->correo, "@"));
    add_needle (needles, user);
  }
  /* The cédula as it is often written, with a dash before the check digit. */
  {
    g_autofree char *dashed = g_strdup_printf ("%.9s-%s", person->cedula, person->cedula + 9);
    add_needle (needles, dashed);
  }
  return needles;
}

/* Binary files hold NUL bytes: strstr () would stop at the first. */
static gboolean
contains (const char *hay,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);
  const char *p = hay;
  const char *end = hay + length;

  while (n > 0 && (gsize)(end - p) >= n && (p = memchr (p, needle[0], (gsize)(end - p - n + 1))))
    {
      if (memcmp (p, needle, n) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

static guint
search_bytes (const char *where,
              const char *data,
              gsize       length,
              GPtrArray  *needles,
              GString    *report)
{
  g_autofree char *hay = g_malloc (length + 1);
  guint hits = 0;

  for (gsize i = 0; i < length; i++)
    hay[i] = g_ascii_tolower (data[i]);
  hay[length] = '\0';
  for (guint i = 0; i < needles->len; i++)
    {
      const char *needle = g_ptr_array_index (needles, i);

      if (contains (hay, length, needle))
        {
          hits++;
          g_string_append_printf (report, "  %s contains a form of the person's data (#%u)\n",
                                  where, i);
        }
    }
  return hits;
}

typedef struct
{
  guint files;
  guint64 bytes;
  guint hits;
} Searched;

static void
search_tree (const char *path,
             GPtrArray  *needles,
             GString    *report,
             Searched   *searched)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      /* File names too: a folder named after the person would be a leak. */
      searched->hits += search_bytes (child, name, strlen (name), needles, report);
      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        search_tree (child, needles, report, searched);
      else if (g_file_get_contents (child, &contents, &length, NULL))
        {
          searched->files++;
          searched->bytes += length;
          searched->hits += search_bytes (child, contents, length, needles, report);
        }
    }
}

static void
find_files (const char *path,
            const char *suffix,
            GPtrArray  *found)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        find_files (child, suffix, found);
      else if (g_str_has_suffix (name, suffix))
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ---- the tests ---- */

typedef struct
{
  char *root;
  char *data_dir;
  char *snapshot_dir;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  remove_tree (run->root);
  g_free (run->root);
  g_free (run->data_dir);
  g_free (run->snapshot_dir);
  g_free (run->out);
  g_free (run->err);
}

/* The application walks plan `index` in a child process; its output and folders are kept. */
static void
run_walk (guint     index,
          guint32   seed,
          gboolean  leak,
          Run      *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = g_strdup_printf ("%u", index);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { NULL, "--walk", plan, seed_text, NULL, NULL, NULL, NULL };
  const char *private_dirs[] = { "TMPDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                 "XDG_STATE_HOME", NULL };
  int status;

  run->root = g_dir_make_tmp ("vt-privacy-XXXXXX", &error);
  g_assert_no_error (error);
  run->data_dir = g_build_filename (run->root, "data", NULL);
  run->snapshot_dir = g_build_filename (run->root, "review-snapshot", NULL);
  argv[0] = g_test_get_filename (G_TEST_BUILT, "test-privacy", NULL);
  argv[4] = run->data_dir;
  argv[5] = run->snapshot_dir;
  argv[6] = leak ? "--leak" : NULL;

  /* Every log domain at every level, and every folder the child could write to, ours. */
  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "all", TRUE);
  env = g_environ_setenv (env, "GST_DEBUG", "3", TRUE);
  for (guint i = 0; private_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (run->root, private_dirs[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      env = g_environ_setenv (env, private_dirs[i], dir, TRUE);
    }
  g_assert_true (g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("The walk failed:\n%s", run->err);
}

static gboolean
logs_are_complete (Run *run)
{
  /* G_MESSAGES_DEBUG=all took effect (GLib writes debug messages to stdout), and the
   * application's own messages are there. */
  return strstr (run->out, "-DEBUG") != NULL
         && strstr (run->err, "Submission queued for procedure") != NULL;
}

static void
test_no_personal_data (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autoptr(VtTestPerson) person = make_person (5100 + index);
  g_autoptr(GPtrArray) needles = needles_for (person);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);
  Searched searched = { 0 };
  Searched snapshot = { 0 };
  Run run = { 0 };
  guint log_hits;

  run_walk (index, 5100 + index, FALSE, &run);
  g_assert_true (logs_are_complete (&run));
  g_test_message ("logs: %zu bytes of stdout, %zu of stderr", strlen (run.out), strlen (run.err));

  log_hits = search_bytes ("stdout", run.out, strlen (run.out), needles, report)
             + search_bytes ("stderr", run.err, strlen (run.err), needles, report);
  search_tree (run.root, needles, report, &searched);
  {
    g_autofree char *snapshot_files = g_build_filename (run.snapshot_dir, NULL);
    search_tree (snapshot_files, needles, report, &snapshot);
  }
  g_test_message ("searched %u files, %" G_GUINT64_FORMAT " bytes (review snapshot: %u files)",
                  searched.files, searched.bytes, snapshot.files);
  if (log_hits + searched.hits > 0)
    g_error ("Personal data found:\n%s", report->str);

  /* What was searched is what matters: the queue, a sealed bundle, the captures. */
  find_files (run.data_dir, ".vtb", bundles);
  g_assert_cmpuint (bundles->len, ==, 1);
  /* 003 keeps its captures (photo, scans, video) until the queue has them; 002 captures
   * nothing since its originals are shown at the window. */
  if (plans[index].procedure_id != NULL
      && g_str_equal (plans[index].procedure_id, "actualizacion-contacto-exterior"))
    g_assert_cmpuint (snapshot.files, >=, 3);
  {
    g_autofree char *db = g_build_filename (run.data_dir, "queue", "queue.db", NULL);
    g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  }

  /* Positive control: the bundle, opened as the office opens it, holds the person. */
  {
    g_autofree char *key_path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                                  "office-dev.sk", NULL);
    g_autofree char *office = g_build_filename (run.root, "office", NULL);
    g_autofree char *folder = NULL;
    g_autofree char *answers_path = NULL;
    g_autofree char *answers = NULL;
    g_autoptr(VtBundleHeader) header = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) found = g_string_new (NULL);
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_free);
    guint8 *key = vt_bundle_load_secret_key (key_path, &error);
    gsize length;

    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir_with_parents (office, 0700), ==, 0);
    folder = vt_bundle_unseal (g_ptr_array_index (bundles, 0), key, NULL, NULL, office, &header,
                               &error);
    vt_secret_key_free (key);
    g_assert_no_error (error);
    answers_path = g_build_filename (folder, "answers.json", NULL);
    g_assert_true (g_file_get_contents (answers_path, &answers, &length, NULL));
    add_needle (one, person->cedula);
    g_assert_cmpuint (search_bytes ("answers.json", answers, length, one, found), >=, 1);
    g_ptr_array_set_size (one, 0);
    add_needle (one, "Brumbáldez");
    g_assert_cmpuint (search_bytes ("answers.json", answers, length, one, found), >=, 1);
    if (index == 0)
      {
        g_ptr_array_set_size (one, 0);
        add_needle (one, person->correo);
        g_assert_cmpuint (search_bytes ("answers.json", answers, length, one, found), >=, 1);
      }
  }
  run_clear (&run);
}

/* Positive control: a g_debug () with the name in it is caught by the same search. */
static void
test_leak_is_caught (void)
{
  g_autoptr(VtTestPerson) person = make_person (5200);
  g_autoptr(GPtrArray) needles = needles_for (person);
  g_autoptr(GString) report = g_string_new (NULL);
  Run run = { 0 };

  run_walk (0, 5200, TRUE, &run);
  g_assert_true (logs_are_complete (&run));
  g_assert_cmpuint (search_bytes ("stdout", run.out, strlen (run.out), needles, report), >=, 4);
  g_assert_nonnull (strstr (report->str, "stdout contains"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--walk"))
    return run_child (argc, argv);

  g_test_init (&argc, &argv, NULL);
  g_assert_true (vt_secret_init ());
  g_test_add_data_func ("/kiosk/privacy/actualizacion-contacto-exterior", GUINT_TO_POINTER (0),
                        test_no_personal_data);
  g_test_add_data_func ("/kiosk/privacy/no-afiliacion-extranjeros", GUINT_TO_POINTER (1),
                        test_no_personal_data);
  g_test_add_func ("/kiosk/privacy/a-leak-is-caught", test_leak_is_caught);
  return g_test_run ();
}

/* test-touch.c — every control on every page is big enough for a finger, in every display mode.
 *
 * A synthetic person walks a procedure that has every kind of page (fields, channel, photo,
 * document, video, signature, review) to the confirmation, and the idle warning is raised at
 * the end. On each page every mapped clickable widget's allocation is measured: at least
 * 48 × 48 px. The same page is then measured again with large text, whose titles must grow,
 * and the start page is photographed in high contrast and large text.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "kiosk/vt-a11y.h"
#include "kiosk/vt-idle-monitor.h"
#include "kiosk/vt-speaker.h"
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "test-privacy-walker.h"
#include "vt-i18n.h"
#include "vt-test-ui.h"
#include "vt-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#define MIN_TARGET 48

typedef struct
{
  char          *data_dir;
  GPtrArray     *procedures;
  VtQueue       *queue;
  VtCamera      *camera;
  VtWindow      *window;
  VtSpeaker     *speaker;
  VtA11y        *a11y;
  VtIdleMonitor *idle;
  GSettings     *settings;
  GPtrArray     *visited;
  guint          measured;
  GtkWidget     *title;
  int            normal_height;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = NULL;

  vt_i18n_set_language ("es");
  f->data_dir = g_dir_make_tmp ("vt-touch-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->speaker = vt_speaker_new ();
  f->a11y = vt_a11y_new (f->window, f->speaker);
  /* The walk gives no input, and under the sanitizers it lasts longer than the kiosk's default
   * 90 s (30 s on the confirmation, where a warning came up mid-measure): the longest timeouts
   * the schema allows, so no warning or wipe comes halfway. */
  f->settings = g_settings_new ("org.ventanilla.Kiosk");
  g_settings_set_uint (f->settings, "idle-timeout", 3600);
  g_settings_set_uint (f->settings, "idle-timeout-confirmation", 3600);
  f->idle = vt_idle_monitor_new (f->window, f->settings, f->speaker);
  f->visited = g_ptr_array_new_with_free_func (g_free);
  vt_window_reset (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_ui_wait (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  g_assert_finalize_object (f->idle);
  g_clear_object (&f->settings);
  g_assert_finalize_object (f->a11y);
  g_assert_finalize_object (f->speaker);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_clear_pointer (&f->visited, g_ptr_array_unref);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
}

static gboolean
is_clickable (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget)
         || GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) || GTK_IS_EXPANDER (widget)
         || GTK_IS_SCALE (widget) || GTK_IS_LINK_BUTTON (widget);
}

/* Every mapped clickable widget under `root`; each must be a target a finger can hit. */
static guint
measure (GtkWidget  *root,
         const char *page,
         GString    *failures)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (is_clickable (root))
    {
      int width = gtk_widget_get_width (root);
      int height = gtk_widget_get_height (root);

      /* An expander is touched on its title row, not on what it reveals. */
      if (GTK_IS_EXPANDER (root))
        height = gtk_widget_get_height (gtk_widget_get_first_child (root));
      n++;
      if (width < MIN_TARGET || height < MIN_TARGET)
        g_string_append_printf (failures, "%s: %s \"%s\" is %d × %d px\n", page,
                                G_OBJECT_TYPE_NAME (root), gtk_widget_get_name (root), width,
                                height);
      if (!GTK_IS_EXPANDER (root) && !GTK_IS_DROP_DOWN (root))
        return n;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    n += measure (child, page, failures);
  return n;
}

static GtkWidget *
find_title (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "title-1"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_title (child);
      if (found)
        return found;
    }
  return NULL;
}

static int
text_height (GtkWidget *label)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  PangoRectangle logical;

  /* One line's height: wrapping would change with the width, the font size would not. */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height / MAX (pango_layout_get_line_count (layout), 1);
}

static gboolean
title_grew (gpointer data)
{
  Fixture *f = data;

  return text_height (f->title) * 100 >= f->normal_height * 120;
}

static gboolean
title_back (gpointer data)
{
  Fixture *f = data;

  return text_height (f->title) == f->normal_height;
}

static void
check_page (Fixture    *f,
            const char *page)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  GtkWidget *title;
  int normal;
  int large;

  vt_test_ui_wait (100);
  f->measured += measure (GTK_WIDGET (f->window), page, failures);
  /* Large text: every target still large enough, and the text really larger. */
  title = find_title (GTK_WIDGET (f->window));
  g_assert_nonnull (title);
  normal = text_height (title);
  vt_a11y_set_large_text (f->a11y, TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
  /* The new style applies on the next frame, which a loaded machine may hold back. */
  f->title = title;
  f->normal_height = normal;
  vt_test_ui_wait_for (title_grew, f, 3000 * vt_test_ui_slowdown ());
  large = text_height (title);
  g_test_message ("%s: title line %d px, %d px with large text", page, normal, large);
  g_assert_cmpint (large * 100, >=, normal * 120);
  measure (GTK_WIDGET (f->window), page, failures);
  vt_a11y_set_large_text (f->a11y, FALSE);
  /* Back to the normal size before the walk moves on and measures the next page. */
  g_assert_true (vt_test_ui_wait_for (title_back, f, 3000 * vt_test_ui_slowdown ()));
  if (failures->len > 0)
    g_error ("Touch targets smaller than %d px:\n%s", MIN_TARGET, failures->str);
  g_ptr_array_add (f->visited, g_strdup (page));
}

static gboolean
visit_cb (VtWindow   *window,
          const char *page,
          gpointer    data)
{
  check_page (data, page);
  return TRUE;
}

static void
test_every_page (Fixture       *f,
                 gconstpointer  data)
{
  static const VtWalkPlan plan = { "actualizacion-contacto-exterior", "virtual", "titular" };
  g_autoptr(VtTestPerson) person = vt_test_person_new (4101);

  g_assert_true (vt_walk_procedure (f->window, &plan, person, visit_cb, f));
  vt_idle_monitor_warn_now (f->idle);
  vt_test_ui_wait (200);
  g_assert_true (vt_idle_monitor_is_warning (f->idle));
  check_page (f, "idle-warning");

  /* start, channel, fields…, capture ×3 (photo, document, video), signature, review, done,
   * warning. */
  g_test_message ("%u pages, %u targets measured", f->visited->len, f->measured);
  g_assert_cmpuint (f->visited->len, >=, 10);
  g_assert_cmpuint (f->measured, >=, 50);
}

/* The start page's switches, photographed; a wipe turns them off for the next person. */
static void
test_display_modes (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *contrast = vt_test_ui_find (GTK_WIDGET (f->window), "high-contrast");
  GtkWidget *large = vt_test_ui_find (GTK_WIDGET (f->window), "large-text");

  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/inicio.png");
  vt_test_ui_click (contrast);
  g_assert_true (vt_a11y_get_high_contrast (f->a11y));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (contrast)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "high-contrast"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/inicio-alto-contraste.png");
  vt_test_ui_click (large);
  g_assert_true (vt_a11y_get_large_text (f->a11y));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/inicio-alto-contraste-letra-grande.png");
  vt_test_ui_click (contrast);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "high-contrast"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/inicio-letra-grande.png");

  /* Kept through a change of language (the page is rebuilt) and into the procedure. */
  vt_test_ui_click (contrast);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (vt_test_ui_find (GTK_WIDGET (f->window),
                                                                    "language-en")), TRUE);
  vt_test_ui_wait (100);
  contrast = vt_test_ui_find (GTK_WIDGET (f->window), "high-contrast");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (contrast)));
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (200);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "high-contrast"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/canal-alto-contraste-letra-grande.png");

  /* The next person starts plain. */
  vt_window_reset (f->window);
  vt_test_ui_wait (100);
  g_assert_false (vt_a11y_get_high_contrast (f->a11y));
  g_assert_false (vt_a11y_get_large_text (f->a11y));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "high-contrast"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
  contrast = vt_test_ui_find (GTK_WIDGET (f->window), "high-contrast");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (contrast)));
}

/* A portrait screen with large text: the start page's top row still fits. */
static void
test_portrait_large (Fixture       *f,
                     gconstpointer  data)
{
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 1280);
  vt_a11y_set_large_text (f->a11y, TRUE);
  vt_test_ui_wait (300);
  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 800);
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/inicio-letra-grande-vertical.png");
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/kiosk/touch/every-page", Fixture, NULL, fixture_setup, test_every_page,
              fixture_teardown);
  g_test_add ("/kiosk/a11y/display-modes", Fixture, NULL, fixture_setup, test_display_modes,
              fixture_teardown);
  g_test_add ("/kiosk/a11y/portrait-large-text", Fixture, NULL, fixture_setup,
              test_portrait_large, fixture_teardown);
  return g_test_run ();
}

/* vt-test-ui.c — helpers shared by the UI tests.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-ui.h"

#include "procedures/vt-countries.h"

#include <string.h>

#include "vt-application.h"
#include "vt-i18n.h"
#include "vt-debug.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

void
vt_test_ui_init (int    *argc,
                 char ***argv)
{
  vt_i18n_init ();
  g_test_init (argc, argv, NULL);
  /* Every warning is fatal but the one src/vt-debug.c names, element and all. */
  vt_debug_init_for_tests ();
  gtk_init ();
  adw_init ();
  gst_init (argc, argv);
  vt_register_resources ();

  /* The application's stylesheet, as AdwApplication would load it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

void
vt_test_ui_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

guint
vt_test_ui_slowdown (void)
{
  const char *slowdown = g_getenv ("VT_TEST_SLOWDOWN");

  return slowdown != NULL ? (guint)CLAMP (g_ascii_strtoll (slowdown, NULL, 10), 1, 100) : 1;
}

gboolean
vt_test_ui_wait_for (gboolean (*predicate) (gpointer),
                     gpointer   data,
                     guint      timeout_ms)
{
  /* Under the sanitizers everything runs several times slower; a wait is for a condition, so
   * a longer limit costs time only when the condition never comes. */
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * 1000 * vt_test_ui_slowdown ();

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      vt_test_ui_wait (20);
    }
  return TRUE;
}

GtkWidget *
vt_test_ui_find (GtkWidget  *root,
                 const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_ui_find (child, name);
      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
vt_test_ui_find_label (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_ui_find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

void
vt_test_ui_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  /* Under sanitizers a new page can take a while to be laid out. */
  vt_test_ui_wait_for (allocated, button, 5000);
  /* Name the button, so a failure in a long walk says where it stopped. */
  if (!gtk_widget_is_sensitive (button) || !gtk_widget_get_mapped (button))
    g_error ("Cannot press %s \"%s\": %s", G_OBJECT_TYPE_NAME (button),
             gtk_widget_get_name (button),
             gtk_widget_is_sensitive (button) ? "not shown" : "not sensitive");
  /* A touch target a finger can hit. */
  g_assert_cmpint (gtk_widget_get_width (button), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
  g_signal_emit_by_name (button, "clicked");
}

void
vt_test_ui_screenshot (GtkWidget  *window,
                       const char *relative)
{
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GskRenderNode *node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width = 0, height = 0;

  if (artifacts == NULL)
    artifacts = "artifacts";
  path = g_build_filename (artifacts, relative, NULL);
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* Let transitions end and every frame be laid out and drawn. */
  vt_test_ui_wait (350);

  paintable = gtk_widget_paintable_new (window);
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      /* A window between two frames may have nothing to draw yet: give it a moment. */
      if (attempt > 0)
        vt_test_ui_wait (100);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  if (node == NULL)
    g_error ("Nothing to draw for %s (mapped %d, %dx%d)", relative,
             gtk_widget_get_mapped (window), width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
vt_test_ui_select_country (GtkWidget  *dropdown,
                           const char *iso)
{
  const VtCountry *country = vt_country_lookup (iso);
  GListModel *model;
  const char *name;

  g_assert_nonnull (country);
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  name = vt_country_get_display_name (country);
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *label = gtk_string_object_get_string (item);

      /* "Mongolia" in a country picker, "Mongolia  +976" in a calling-code one. */
      if (g_str_equal (label, name)
          || (g_str_has_prefix (label, name) && g_str_has_prefix (label + strlen (name), "  +")))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          return;
        }
    }
  g_error ("No %s in the picker", iso);
}

/* test-keyboard.c — the on-screen keyboard in the real window: each layout appears for its
 * field, keys are big enough, and touches (real X pointer events through XTest) type into the
 * field with no key event reaching the window.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "keyboard/vt-keyboard-dock.h"
#include "vt-i18n.h"
#include "vt-test-ui.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n-lib.h>
#include <string.h>

typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);

static guint key_events;

static gboolean
key_cb (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
        gpointer data)
{
  key_events++;
  return GDK_EVENT_PROPAGATE;
}

/* A finger on the widget's centre: XTest motion, press, release. */
static void
touch (GtkWidget *window,
       GtkWidget *widget)
{
  static FakeMotionFunc fake_motion;
  static FakeButtonFunc fake_button;
  GdkDisplay *display = gtk_widget_get_display (window);
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  graphene_point_t point;
  Window child;
  int root_x = 0, root_y = 0;
  double dx = 0, dy = 0;

  if (fake_motion == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);
      g_assert_nonnull (xtst);
      fake_motion = (FakeMotionFunc)dlsym (xtst, "XTestFakeMotionEvent");
      fake_button = (FakeButtonFunc)dlsym (xtst, "XTestFakeButtonEvent");
    }
  g_assert_true (gtk_widget_compute_point (widget, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &point));
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                         DefaultRootWindow (xdisplay), 0, 0, &root_x, &root_y, &child);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  fake_motion (xdisplay, -1, root_x + (int)(dx + point.x), root_y + (int)(dy + point.y), 0);
  fake_button (xdisplay, 1, True, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (40);
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (40);
}

static const char *expected_text;

static gboolean
entry_has_expected_text (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (data)), expected_text) == 0;
}

static GtkWidget *
find_key (GtkWidget  *root,
          const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "osk-key")
      && gtk_widget_get_mapped (root)
      && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root)))
      && g_str_equal (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (root)))),
                      text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_key (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static void
check_key_sizes (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "osk-key"))
    {
      g_assert_cmpint (gtk_widget_get_width (root), >=, 64);
      g_assert_cmpint (gtk_widget_get_height (root), >=, 64);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    check_key_sizes (child);
}

static void
test_layouts (void)
{
  static const struct { GtkInputPurpose purpose; GtkInputHints hints; const char *name;
                        const char *type; const char *want; } fields[] = {
    { GTK_INPUT_PURPOSE_NAME, 0, "letters", "ñ", "ñ" },
    { GTK_INPUT_PURPOSE_DIGITS, 0, "digits", "7", "7" },
    { GTK_INPUT_PURPOSE_PHONE, 0, "phone", "+", "+" },
    { GTK_INPUT_PURPOSE_EMAIL, 0, "email", "@gmail.com", "@gmail.com" },
    { GTK_INPUT_PURPOSE_FREE_FORM, GTK_INPUT_HINT_UPPERCASE_CHARS, "upper-alnum", "V", "V" },
  };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *dock = vt_keyboard_dock_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *entries[G_N_ELEMENTS (fields)];

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), NULL);
  gtk_widget_add_controller (window, keys);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      entries[i] = gtk_entry_new ();
      gtk_entry_set_input_purpose (GTK_ENTRY (entries[i]), fields[i].purpose);
      gtk_entry_set_input_hints (GTK_ENTRY (entries[i]), fields[i].hints);
      gtk_widget_set_margin_top (entries[i], 100);
      gtk_box_append (GTK_BOX (box), entries[i]);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  vt_keyboard_dock_set_child (VT_KEYBOARD_DOCK (dock), scroller);
  gtk_window_set_child (GTK_WINDOW (window), dock);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (400);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      VtKeyboard *keyboard = vt_keyboard_dock_get_keyboard (VT_KEYBOARD_DOCK (dock));
      g_autofree char *shot = g_strdup_printf ("keyboard/%s.png", fields[i].name);
      graphene_rect_t field, kb;

      /* The first field by touching it, the others by «Siguiente campo». */
      if (i == 0)
        touch (window, entries[i]);
      else
        touch (window, vt_test_ui_find (GTK_WIDGET (keyboard), "key-next-field"));
      vt_test_ui_wait (300);
      g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entries[i]));
      g_assert_true (vt_keyboard_dock_get_shown (VT_KEYBOARD_DOCK (dock)));
      g_assert_cmpstr (vt_keyboard_layout_get (vt_keyboard_get_layout_kind (keyboard))->name, ==,
                       fields[i].name);
      check_key_sizes (GTK_WIDGET (keyboard));
      touch (window, find_key (GTK_WIDGET (keyboard), fields[i].type));
      /* The release is handled when the main loop gets to it (later under the sanitizers). */
      expected_text = fields[i].want;
      vt_test_ui_wait_for (entry_has_expected_text, entries[i], 2000);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries[i])), ==, fields[i].want);
      /* The field stays above the keyboard. */
      vt_test_ui_wait (200);
      g_assert_true (vt_keyboard_dock_compute_field_bounds (gtk_root_get_focus (GTK_ROOT (window)),
                                                            window, &field));
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (keyboard), window, &kb));
      g_assert_cmpfloat (field.origin.y + field.size.height, <=, kb.origin.y);
      g_assert_cmpfloat (field.origin.y, >=, 0);
      vt_test_ui_screenshot (window, shot);
    }
  g_assert_cmpuint (key_events, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
}

/* What a key does, as one string: the text it types, or its action. */
static char *
key_effect (const VtKey *key,
            gboolean     shifted)
{
  const char *text = vt_key_get_text (key, shifted);

  if (key->action == VT_KEY_PAGE)
    return g_strdup_printf ("page %u", key->page);
  if (text != NULL)
    return g_strdup_printf ("types %s", text);
  return g_strdup_printf ("action %d", key->action);
}

/* Every key of every layout, page and shift state, in Spanish and in English, has a name a
 * screen reader can say, and two keys of one layout that do different things never share a name,
 * whichever page they are on (case is not spoken: «y» and «Y» sound the same). */
static void
test_key_names (void)
{
  static const char *languages[] = { "es", "en" };
  guint names = 0;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      vt_i18n_set_language (languages[l]);
      for (guint kind = 0; kind < VT_KEYBOARD_N_LAYOUTS; kind++)
        {
          const VtKeyboardLayout *layout = vt_keyboard_layout_get (kind);

          for (guint shifted = 0; shifted < 2; shifted++)
            {
              g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                  g_free, g_free);

              for (guint p = 0; p < layout->n_pages; p++)
                for (guint r = 0; r < VT_KEYBOARD_MAX_ROWS && layout->pages[p].rows[r]; r++)
                  for (const VtKey *key = layout->pages[p].rows[r]; key->action != VT_KEY_END;
                       key++)
                    {
                      const char *name = vt_key_get_accessible_name (key, shifted);
                      g_autofree char *spoken = NULL;
                      g_autofree char *effect = key_effect (key, shifted);
                      const char *before;

                      g_assert_nonnull (name);
                      g_assert_cmpuint (strspn (name, " "), <, strlen (name));
                      /* A name of ours is translated: English never falls back to Spanish. */
                      if (key->a11y != NULL && g_str_equal (languages[l], "en")
                          && g_str_equal (name, key->a11y))
                        g_error ("%s, page %u: «%s» has no English name", layout->name, p,
                                 key->a11y);
                      spoken = g_utf8_casefold (name, -1);
                      before = g_hash_table_lookup (seen, spoken);
                      if (before != NULL && !g_str_equal (before, effect))
                        g_error ("%s (%s)%s: «%s» names two keys (%s, %s)", layout->name,
                                 languages[l], shifted ? ", shifted" : "", name, before, effect);
                      g_hash_table_replace (seen, g_steal_pointer (&spoken),
                                            g_steal_pointer (&effect));
                      names++;
                    }
            }
        }
    }
  vt_i18n_set_language ("es");
  g_test_message ("%u key names checked", names);
  g_assert_cmpuint (names, >, 500);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/touch/keyboard/layouts", test_layouts);
  g_test_add_func ("/touch/keyboard/key-names", test_key_names);
  return g_test_run ();
}

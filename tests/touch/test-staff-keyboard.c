/* test-staff-keyboard.c — staff mode by touch alone, in the real window: the hidden corner,
 * the PIN on its pad, every settings field typed on the on-screen keyboard in the layout of
 * its input purpose (the server's address on the web-address keys), saved, and a staff id for
 * an assisted session; real X pointer events only (XTest), and not one key event.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "keyboard/vt-keyboard-dock.h"
#include "staff/vt-pin.h"
#include "staff/vt-staff-panel.h"
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "vt-test-pointer.h"
#include "vt-test-ui.h"
#include "vt-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#define STAFF_PIN "2468"

typedef struct
{
  char       *data_dir;
  GPtrArray  *procedures;
  VtQueue    *queue;
  VtCamera   *camera;
  VtWindow   *window;
  GSettings  *settings;
  guint       key_events;
} Fixture;

static gboolean
key_cb (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        Fixture               *f)
{
  f->key_events++;
  return GDK_EVENT_PROPAGATE;
}

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
  g_autofree char *hash = vt_pin_hash (STAFF_PIN, NULL);
  GtkEventController *keys = gtk_event_controller_key_new ();

  f->data_dir = g_dir_make_tmp ("vt-staff-keyboard-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "staff-pin-hash", hash);
  g_settings_set_string (f->settings, "technician-pin-hash", "");
  g_settings_set_boolean (f->settings, "kiosk-mode", FALSE);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  vt_window_set_data_dir (f->window, f->data_dir);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), f);
  gtk_widget_add_controller (GTK_WIDGET (f->window), keys);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_ui_wait (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  g_settings_reset (f->settings, "staff-pin-hash");
  g_settings_reset (f->settings, "technician-pin-hash");
  g_settings_reset (f->settings, "kiosk-mode");
  g_clear_object (&f->settings);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
}

static GtkWidget *
find_mapped (GtkWidget  *root,
             const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_mapped (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
wait_mapped (Fixture    *f,
             const char *name)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *widget;

  while ((widget = find_mapped (GTK_WIDGET (f->window), name)) == NULL
         && g_get_monotonic_time () < end)
    vt_test_ui_wait (50);
  if (widget == NULL)
    g_error ("No mapped widget named %s", name);
  return widget;
}

static void
wait_page (Fixture    *f,
           const char *name)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *panel;

  while (((panel = vt_window_get_staff_panel (f->window)) == NULL
          || g_strcmp0 (vt_staff_panel_get_page_name (VT_STAFF_PANEL (panel)), name) != 0)
         && g_get_monotonic_time () < end)
    vt_test_ui_wait (50);
  g_assert_nonnull (panel);
  g_assert_cmpstr (vt_staff_panel_get_page_name (VT_STAFF_PANEL (panel)), ==, name);
  /* Let the crossfade end: until then the page left behind is still on screen. */
  vt_test_ui_wait (400);
}

static void
touch_digits (Fixture    *f,
              const char *digits)
{
  for (const char *p = digits; *p; p++)
    {
      g_autofree char *name = g_strdup_printf ("pin-key-%c", *p);
      vt_test_pointer_touch (wait_mapped (f, name));
    }
  vt_test_pointer_touch (wait_mapped (f, "pin-enter"));
}

static VtKeyboard *
keyboard_of (Fixture *f)
{
  return vt_keyboard_dock_get_keyboard (vt_window_get_keyboard_dock (f->window));
}

/* The mapped text key whose label is the longest beginning of `text` (so "https://" and ".ec"
 * are one touch), or the space bar for a space. */
static GtkWidget *
longest_key (GtkWidget  *root,
             const char *text,
             gsize      *length)
{
  GtkWidget *best = NULL;

  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "osk-key"))
    {
      const char *name = gtk_widget_get_name (root);
      const char *label = gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (root))));

      if (g_str_equal (name, "key-space") && text[0] == ' ')
        {
          *length = 1;
          return root;
        }
      if (g_str_equal (name, "key") && *label != '\0' && g_str_has_prefix (text, label)
          && strlen (label) > *length)
        {
          *length = strlen (label);
          return root;
        }
      return NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = longest_key (child, text, length);
      if (found)
        best = found;
    }
  return best;
}

typedef struct
{
  VtKeyboard *keyboard;
  guint       presses;
} PressWait;

/* The touch went through: a slow machine may take a while to deliver it. */
static gboolean
pressed (gpointer data)
{
  PressWait *wait = data;

  return vt_keyboard_get_n_presses (wait->keyboard) >= wait->presses;
}

/* Types `text` as a person does on the on-screen keyboard: the key showing the next
 * characters, else shift for a capital, else the other page of keys. */
static void
type_by_touch (Fixture    *f,
               const char *text)
{
  GtkWidget *keyboard = GTK_WIDGET (keyboard_of (f));
  const char *p = text;

  while (*p != '\0')
    {
      GtkWidget *key = NULL;
      gsize length = 0;
      guint presses;
      PressWait wait;

      for (guint attempt = 0; attempt < 4 && key == NULL; attempt++)
        {
          GtkWidget *shift = find_mapped (keyboard, "key-shift");
          GtkWidget *page = find_mapped (keyboard, "key-symbols");

          length = 0;
          if ((key = longest_key (keyboard, p, &length)) != NULL)
            break;
          if (g_unichar_isupper (g_utf8_get_char (p)) && shift != NULL
              && !vt_keyboard_get_shifted (keyboard_of (f)))
            vt_test_pointer_touch (shift);
          else
            vt_test_pointer_touch (page != NULL ? page : find_mapped (keyboard, "key-letters"));
          /* The other page may be shorter: let the keyboard and the page settle first. */
          vt_test_ui_wait (200);
        }
      if (key == NULL)
        g_error ("No key types \"%s\"", p);
      presses = vt_keyboard_get_n_presses (keyboard_of (f));
      vt_test_pointer_touch (key);
      wait.keyboard = keyboard_of (f);
      wait.presses = presses + 1;
      if (!vt_test_ui_wait_for (pressed, &wait, 10000))
        g_error ("The touch on the key for \"%s\" did not reach it", p);
      p += length;
    }
}

/* The focused field (a text inside an entry row) and its row stay above the keyboard. */
static void
assert_field_in_sight (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  graphene_rect_t field, keyboard;

  vt_test_ui_wait (300);
  g_assert_true (vt_keyboard_dock_get_shown (vt_window_get_keyboard_dock (f->window)));
  g_assert_true (vt_keyboard_dock_compute_field_bounds (focus, GTK_WIDGET (f->window), &field));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (keyboard_of (f)), GTK_WIDGET (f->window),
                                            &keyboard));
  g_assert_cmpfloat (field.origin.y, >=, 0);
  g_assert_cmpfloat (field.origin.y + field.size.height, <=, keyboard.origin.y);
  /* The keyboard fits in the 1280×800 screen with the staff pages: nothing grows past it. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, 800);
}

static const char *
layout_name (Fixture *f)
{
  return vt_keyboard_layout_get (vt_keyboard_get_layout_kind (keyboard_of (f)))->name;
}

static GtkWidget *
focused_row (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  g_assert_nonnull (focus);
  return gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
}

static void
touch_next_field (Fixture *f)
{
  vt_test_pointer_touch (find_mapped (GTK_WIDGET (keyboard_of (f)), "key-next-field"));
  vt_test_ui_wait (200);
}

static gboolean
in_view (GtkWidget *widget,
         GtkWidget *window)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (widget, window, &bounds) && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window);
}

static void
test_staff_by_touch (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *row;
  GtkWidget *save;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *printer = NULL;

  /* The hidden corner, held 3 s, and the PIN on its pad: no text field, no keyboard. */
  vt_test_pointer_press_at (window, 24, 24, 1, 3300);
  wait_page (f, "pin");
  g_assert_false (vt_keyboard_dock_get_shown (vt_window_get_keyboard_dock (f->window)));
  vt_test_ui_screenshot (window, "keyboard/staff-pin.png");
  touch_digits (f, STAFF_PIN);
  wait_page (f, "queue");

  /* Settings: each field by touch, in reading order through «Siguiente campo». */
  vt_test_pointer_touch (wait_mapped (f, "staff-settings"));
  wait_page (f, "settings");
  vt_test_pointer_touch (wait_mapped (f, "settings-kiosk-id"));
  assert_field_in_sight (f);
  g_assert_cmpstr (gtk_widget_get_name (focused_row (f)), ==, "settings-kiosk-id");
  g_assert_cmpstr (layout_name (f), ==, "letters");
  type_by_touch (f, "Quiosco Cuenca-2");

  touch_next_field (f);
  assert_field_in_sight (f);
  row = focused_row (f);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "settings-upload-url");
  g_assert_cmpstr (layout_name (f), ==, "url");
  vt_test_ui_screenshot (window, "keyboard/staff-url.png");
  type_by_touch (f, "https://envios.iess.gob.ec/files/");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "https://envios.iess.gob.ec/files/");

  touch_next_field (f);
  assert_field_in_sight (f);
  row = focused_row (f);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "settings-upload-token");
  g_assert_cmpstr (layout_name (f), ==, "letters");
  type_by_touch (f, "Tk9-x2Qz");
  vt_test_ui_screenshot (window, "keyboard/staff-token.png");

  touch_next_field (f);
  assert_field_in_sight (f);
  row = focused_row (f);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "settings-camera");
  while (*gtk_editable_get_text (GTK_EDITABLE (row)) != '\0')
    vt_test_pointer_touch (find_mapped (GTK_WIDGET (keyboard_of (f)), "key-backspace"));
  type_by_touch (f, "/dev/video2");

  /* The printer: two quick touches on one key, the second held past the double-click time
   * (a click gesture's count runs out then), still type the letter twice. */
  touch_next_field (f);
  assert_field_in_sight (f);
  row = focused_row (f);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "settings-printer");
  type_by_touch (f, "Sal");
  {
    gsize length = 0;
    GtkWidget *l = longest_key (GTK_WIDGET (keyboard_of (f)), "l", &length);

    g_assert_nonnull (l);
    vt_test_pointer_press (l, 1, 700);
  }
  type_by_touch (f, "a");

  /* Past the last field the keyboard goes; the page is swiped (wheel) down to «Guardar». */
  touch_next_field (f);
  vt_test_ui_wait (300);
  g_assert_false (vt_keyboard_dock_get_shown (vt_window_get_keyboard_dock (f->window)));
  save = wait_mapped (f, "settings-save");
  for (guint i = 0; i < 40 && !in_view (save, window); i++)
    vt_test_pointer_press_at (window, gtk_widget_get_width (window) * 0.7,
                              gtk_widget_get_height (window) / 2.0, 5, 10);
  g_assert_true (in_view (save, window));
  vt_test_pointer_touch (save);
  vt_test_ui_wait (200);
  kiosk_id = g_settings_get_string (f->settings, "kiosk-id");
  url = g_settings_get_string (f->settings, "upload-url");
  token = g_settings_get_string (f->settings, "upload-token");
  camera = g_settings_get_string (f->settings, "camera");
  printer = g_settings_get_string (f->settings, "printer");
  g_assert_cmpstr (kiosk_id, ==, "Quiosco Cuenca-2");
  g_assert_cmpstr (url, ==, "https://envios.iess.gob.ec/files/");
  g_assert_cmpstr (token, ==, "Tk9-x2Qz");
  g_assert_cmpstr (camera, ==, "/dev/video2");
  g_assert_cmpstr (printer, ==, "Salla");

  /* An assisted session: the staff id on its pad. */
  vt_test_pointer_touch (wait_mapped (f, "staff-assisted"));
  wait_page (f, "assisted");
  touch_digits (f, "4711");
  vt_test_ui_wait (300);
  g_assert_cmpstr (vt_window_get_staff_id (f->window), ==, "4711");

  g_assert_cmpuint (f->key_events, ==, 0);
  g_settings_reset (f->settings, "kiosk-id");
  g_settings_reset (f->settings, "upload-url");
  g_settings_reset (f->settings, "upload-token");
  g_settings_reset (f->settings, "camera");
  g_settings_reset (f->settings, "printer");
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add ("/touch/staff/by-touch", Fixture, NULL, fixture_setup, test_staff_by_touch,
              fixture_teardown);
  return g_test_run ();
}

/* test-touch-walk.c — a person completes a procedure on the kiosk's screen by touch alone.
 *
 * Begoña Núñez Ortúzar (a synthetic person: the cédula is made up with a valid check digit)
 * walks a procedure through the real window with XTest pointer events only: the start page's
 * buttons, the choices, every text field typed on the on-screen keyboard (ñ, accents, @ and +
 * included), dates on the touch date picker, countries and provinces in their drop-downs (the
 * country found by typing in the drop-down's search), captures from the synthetic camera, the
 * signature drawn on the pad, Siguiente and Enviar. The window must receive no key event.
 *
 * On every field page Siguiente is first pressed too early, so the page shows its errors, and
 * each focused field and its error must then stay inside the part of the page the keyboard
 * leaves visible (checked with the widgets' bounds). At the end the sealed bundle in the queue
 * is opened with the development office key and its answers compared with what was typed.
 *
 * Each walk is its own test path (/touch/walk/003, …), run as its own meson test, so that the
 * walks run side by side in CI.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "kiosk/vt-a11y.h"
#include "kiosk/vt-speaker.h"
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-countries.h"
#include "procedures/vt-procedure.h"
#include "procedures/vt-validators.h"
#include "test-privacy-walker.h"
#include "vt-i18n.h"
#include "vt-test-touch.h"
#include "vt-test-ui.h"
#include "vt-window.h"
#include "wizard/vt-signature-page.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

typedef struct
{
  const char *name;
  const char *procedure_id;
  const char *language;
  const char *channel;
  const char *who;
  guint32     seed;
  int         width;
  int         height;
  gboolean    large_text;
  gboolean    fields_only;  /* geometry only: stop after the last page of fields */
} Walk;

typedef struct
{
  const Walk     *walk;
  char           *data_dir;
  GPtrArray      *procedures;
  VtQueue        *queue;
  VtCamera       *camera;
  VtWindow       *window;
  VtSpeaker      *speaker;
  VtA11y         *a11y;
  VtKeyboardDock *dock;
  VtTestPerson   *person;
  GHashTable     *typed;     /* field id → what the person typed or chose */
  GHashTable     *shots;     /* "page/layout" already photographed */
  VtPage         *page;      /* the field page being filled */
  guint           fields;    /* focused fields whose geometry was checked */
  guint           errors;    /* … of which with their error shown */
  guint           shot;
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

  f->walk = data;
  vt_i18n_set_language ("es");
  f->data_dir = g_dir_make_tmp ("vt-touch-walk-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->walk->width, f->walk->height);
  f->speaker = vt_speaker_new ();
  f->a11y = vt_a11y_new (f->window, f->speaker);
  f->dock = vt_window_get_keyboard_dock (f->window);
  vt_test_touch_count_keys (GTK_WIDGET (f->window));
  f->typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->shots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Begoña Núñez Ortúzar: the letters a Spanish keyboard must have in one tap or two. */
  f->person = vt_test_person_new (f->walk->seed);
  g_free (f->person->nombres);
  g_free (f->person->apellidos);
  f->person->nombres = g_strdup ("Begoña");
  f->person->apellidos = g_strdup ("Núñez Ortúzar");

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
  g_assert_finalize_object (f->a11y);
  g_assert_finalize_object (f->speaker);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_clear_pointer (&f->person, vt_test_person_free);
  g_clear_pointer (&f->typed, g_hash_table_unref);
  g_clear_pointer (&f->shots, g_hash_table_unref);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
  vt_i18n_set_language ("es");
}

/* The keyboard has finished sliding in or out. */
static gboolean
dock_settled (gpointer data)
{
  Fixture *f = data;
  GtkWidget *revealer = vt_test_ui_find (GTK_WIDGET (f->dock), "keyboard-revealer");

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer))
         == gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
wait_settled (Fixture *f)
{
  g_assert_true (vt_test_ui_wait_for (dock_settled, f, 3000));
  /* The page follows the keyboard over a few frames. */
  vt_test_ui_wait (150);
}

/* A finger waits for the keyboard to finish coming or going before it touches the page. */
static void
wait_still (Fixture *f)
{
  if (!dock_settled (f))
    wait_settled (f);
}

/* What the person sees of the window: all of it, less the keyboard while it is up. */
static graphene_rect_t
visible_area (Fixture *f)
{
  GtkWidget *keyboard = GTK_WIDGET (vt_keyboard_dock_get_keyboard (f->dock));
  graphene_rect_t area = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (f->window)),
                                             gtk_widget_get_height (GTK_WIDGET (f->window)));
  graphene_rect_t bounds;

  if (vt_keyboard_dock_get_shown (f->dock) && gtk_widget_get_mapped (keyboard)
      && gtk_widget_compute_bounds (keyboard, GTK_WIDGET (f->window), &bounds))
    area.size.height = MIN (area.size.height, bounds.origin.y);
  return area;
}

/* A finger on a control the person can see: the page is scrolled to it first if it is out
 * of sight or under the keyboard. */
static void
tap_in_sight (Fixture   *f,
              GtkWidget *widget)
{
  graphene_rect_t area;

  wait_still (f);
  area = visible_area (f);
  if (!vt_test_touch_scroll_into (widget, &area))
    g_error ("%s «%s» cannot be brought into sight above the keyboard",
             G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
  vt_test_touch_tap (widget);
}

typedef struct
{
  Fixture   *f;
  GtkWidget *button;
  VtPage    *page;
} Press;

/* The touch on Siguiente or Enviar did something: the page changed, the wizard ended, or the
 * button went away or stopped taking touches (Enviar while the submission is sealed). */
static gboolean
pressed (gpointer data)
{
  Press *p = data;
  VtAssistant *assistant = vt_window_get_assistant (p->f->window);

  return assistant == NULL || vt_assistant_get_current_page (assistant) != p->page
         || !gtk_widget_get_mapped (p->button) || !gtk_widget_is_sensitive (p->button);
}

static void
press_cb (GtkWidget *button,
          gpointer   data)
{
  Fixture *f = data;
  /* Enviar ends the wizard: the button may be gone once it has been touched. */
  g_autoptr(GtkWidget) held = g_object_ref (button);
  VtAssistant *assistant = vt_window_get_assistant (f->window);
  Press press = { f, button, assistant ? vt_assistant_get_current_page (assistant) : NULL };

  tap_in_sight (f, button);
  if (g_strcmp0 (gtk_widget_get_name (button), "next") == 0
      && !vt_test_ui_wait_for (pressed, &press, 5000))
    {
      /* Touched again, once, as a person would when nothing happens. */
      vt_test_touch_note_lost_tap ();
      g_test_message ("A touch on «%s» did nothing: touched again",
                      gtk_button_get_label (GTK_BUTTON (button)));
      tap_in_sight (f, button);
    }
  else if (GTK_IS_TOGGLE_BUTTON (button)
           && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
    {
      /* Touched again, once, as a person would when nothing happens. */
      vt_test_touch_note_lost_tap ();
      g_test_message ("A touch on %s did nothing: touched again", gtk_widget_get_name (button));
      tap_in_sight (f, button);
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
    }
}

static GtkWidget *
find_error (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "field-error")
      && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error (child);
      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture   *f;
  GtkWidget *input;
  GString   *why;
} Geometry;

/* The focused field and its error, if any, inside the page's visible part above the keyboard
 * and across the window's width. */
static gboolean
geometry_holds (gpointer data)
{
  Geometry *g = data;
  GtkWidget *window = GTK_WIDGET (g->f->window);
  GtkWidget *keyboard = GTK_WIDGET (vt_keyboard_dock_get_keyboard (g->f->dock));
  GtkWidget *scroller = gtk_widget_get_ancestor (g->input, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *row = gtk_widget_get_ancestor (g->input, GTK_TYPE_WIDGET);
  GtkWidget *parts[2] = { g->input, NULL };
  graphene_rect_t kb, page;

  g_string_truncate (g->why, 0);
  while (row != NULL && !gtk_widget_has_css_class (row, "field-row"))
    row = gtk_widget_get_parent (row);
  if (row != NULL)
    parts[1] = find_error (row);
  g_assert_true (gtk_widget_compute_bounds (keyboard, window, &kb));
  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_compute_bounds (scroller, window, &page));
  for (guint i = 0; i < G_N_ELEMENTS (parts) && parts[i] != NULL; i++)
    {
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (parts[i], window, &r));
      if (r.origin.y < page.origin.y - 0.5 || r.origin.y + r.size.height > kb.origin.y + 0.5
          || r.origin.y + r.size.height > page.origin.y + page.size.height + 0.5
          || r.origin.x < -0.5 || r.origin.x + r.size.width > gtk_widget_get_width (window) + 0.5)
        g_string_append_printf (g->why, "%s at %.0f,%.0f %.0f×%.0f; page from y %.0f to %.0f, "
                                "keyboard from y %.0f, window %d wide. ",
                                i == 0 ? "field" : "its error", r.origin.x, r.origin.y,
                                r.size.width, r.size.height, page.origin.y,
                                page.origin.y + page.size.height, kb.origin.y,
                                gtk_widget_get_width (window));
    }
  return g->why->len == 0;
}

static void
check_geometry (Fixture       *f,
                const VtField *field,
                GtkWidget     *input)
{
  g_autoptr(GString) why = g_string_new (NULL);
  Geometry g = { f, input, why };
  GtkWidget *row = gtk_widget_get_ancestor (input, GTK_TYPE_WIDGET);

  g_assert_true (vt_keyboard_dock_get_shown (f->dock));
  /* The page follows the keyboard over a few frames: the geometry is waited for, and must
   * hold once the keyboard has stopped moving. */
  g_assert_true (vt_test_ui_wait_for (dock_settled, f, 3000));
  if (!vt_test_ui_wait_for (geometry_holds, &g, 2000))
    g_error ("%s (%s): the keyboard hides the focused field: %s", field->id, f->walk->name,
             why->str);
  while (row != NULL && !gtk_widget_has_css_class (row, "field-row"))
    row = gtk_widget_get_parent (row);
  f->fields++;
  if (row != NULL && find_error (row) != NULL)
    f->errors++;
}

static void
screenshot (Fixture    *f,
            const char *page,
            const char *what)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", page, what);
  g_autofree char *path = NULL;

  if (g_hash_table_contains (f->shots, key))
    return;
  g_hash_table_add (f->shots, g_strdup (key));
  path = g_strdup_printf ("keyboard/%s/%02u-%s-%s.png", f->walk->name, ++f->shot, page, what);
  vt_test_ui_screenshot (GTK_WIDGET (f->window), path);
}

static gboolean
is_focus (gpointer data)
{
  GtkWidget *target = data;
  GtkRoot *root = gtk_widget_get_root (target);

  return root != NULL && gtk_root_get_focus (root) == target;
}

static gboolean
keyboard_for (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return vt_keyboard_dock_get_shown (f->dock)
         && vt_keyboard_get_target (vt_keyboard_dock_get_keyboard (f->dock)) == focus;
}

/* Focuses the field by touch (unless «Siguiente campo» already did), checks that it and its
 * error are in sight, types, checks again, and moves on with «Siguiente campo». */
static void
type_into (Fixture       *f,
           const VtField *field,
           GtkWidget     *input,
           const char    *value)
{
  GtkWidget *target = GTK_IS_EDITABLE (input)
                      ? GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (input))) : input;
  VtKeyboard *keyboard = vt_keyboard_dock_get_keyboard (f->dock);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!is_focus (target))
    tap_in_sight (f, input);
  if (!vt_test_ui_wait_for (is_focus, target, 3000))
    {
      /* Touched again, once, as a person would when nothing happens. */
      vt_test_touch_note_lost_tap ();
      g_test_message ("A touch on %s did nothing: touched again", field->id);
      tap_in_sight (f, input);
    }
  if (!vt_test_ui_wait_for (is_focus, target, 3000))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_autofree char *shot = g_strdup_printf ("keyboard/%s/failed-%s.png", f->walk->name,
                                               field->id);

      vt_test_ui_screenshot (GTK_WIDGET (f->window), shot);
      g_error ("A touch on %s did not give it the focus (%s has it; see %s)", field->id,
               focus ? G_OBJECT_TYPE_NAME (focus) : "nothing", shot);
    }
  g_assert_true (vt_test_ui_wait_for (keyboard_for, f, 3000));
  check_geometry (f, field, input);
  screenshot (f, vt_page_get_page_id (f->page),
              vt_keyboard_layout_get (vt_keyboard_get_layout_kind (keyboard))->name);

  /* Whatever is there (nothing, on a first visit) goes with «borrar». */
  before = vt_test_touch_dup_text (target);
  for (glong n = g_utf8_strlen (before, -1); n > 0; n--)
    vt_test_touch_key (f->dock, "key-backspace");
  g_free (before);
  before = vt_test_touch_dup_text (target);
  g_assert_cmpstr (before, ==, "");

  /* A slow finger: the first letter of the name is held longer than a double click lasts. */
  if (g_str_equal (field->id, "nombres"))
    vt_test_touch_hold_next_key (700);
  vt_test_touch_type (f->dock, value);
  g_hash_table_insert (f->typed, g_strdup (field->id), g_strdup (value));
  check_geometry (f, field, input);
  after = vt_test_touch_dup_text (target);
  g_assert_cmpstr (after, ==, value);
  vt_test_touch_key (f->dock, "key-next-field");
  vt_test_ui_wait (50);
}

static gboolean
has_error (gpointer data)
{
  return find_error (GTK_WIDGET (data)) != NULL;
}

/* The first time a page is filled in, Siguiente is pressed before anything: the page stays
 * and shows what is missing, and the field that needs it takes the focus. */
static void
press_next_too_early (Fixture       *f,
                      VtPage        *page,
                      const VtField *field,
                      GtkWidget     *input)
{
  GtkWidget *next = vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)), "next");
  VtSession *session = vt_page_get_session (page);

  if (!field->required || vt_session_get_answer (session, field->id) != NULL
      || !gtk_widget_is_sensitive (next))
    return;
  tap_in_sight (f, next);
  if (!vt_test_ui_wait_for (has_error, page, 3000))
    {
      /* Touched again, once, as a person would when nothing happens. */
      vt_test_touch_note_lost_tap ();
      g_test_message ("A touch on «Siguiente» showed nothing: touched again");
      tap_in_sight (f, next);
      g_assert_true (vt_test_ui_wait_for (has_error, page, 10000));
    }
  g_assert_true (vt_assistant_get_current_page (vt_window_get_assistant (f->window)) == page);
}

static gboolean
fill_cb (VtPage        *page,
         const VtField *field,
         GtkWidget     *input,
         gpointer       data)
{
  Fixture *f = data;

  if (f->page != page)
    {
      f->page = page;
      press_next_too_early (f, page, field, input);
    }

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      {
        /* A long list: the first option, as the other walks choose. */
        g_autoptr(GtkStringObject) item =
          g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (input)), 1);
        const char *label = gtk_string_object_get_string (item);
        graphene_rect_t area;

        wait_still (f);
        area = visible_area (f);
        g_assert_true (vt_test_touch_scroll_into (input, &area));
        vt_test_touch_choose (f->dock, input, label, NULL);
        g_hash_table_insert (f->typed, g_strdup (field->id), g_strdup (label));
        break;
      }

    case VT_FIELD_COUNTRY:
      {
        const char *name = vt_country_get_display_name (vt_country_lookup (f->person->pais));
        g_autofree char *search = g_utf8_substring (name, 0, 4);
        graphene_rect_t area;

        wait_still (f);
        area = visible_area (f);
        g_assert_true (vt_test_touch_scroll_into (input, &area));
        vt_test_touch_choose (f->dock, input, name, search);
        g_hash_table_insert (f->typed, g_strdup (field->id), g_strdup (f->person->pais));
        break;
      }

    case VT_FIELD_DATE:
      {
        const char *iso = vt_walk_date_for (f->person, field);
        graphene_rect_t area;
        int y, m, d;

        wait_still (f);
        area = visible_area (f);
        /* The keyboard goes down with the first touch on the picker: the whole picker must
         * be in sight before it, then each button is touched where it is. */
        if (!vt_test_touch_scroll_into (vt_test_ui_find (input, "date-year-up"), &area))
          g_error ("The date picker of %s cannot be brought into sight", field->id);
        vt_test_touch_pick_date (input, iso);
        g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
        g_hash_table_insert (f->typed, g_strdup (field->id),
                             g_strdup_printf ("%02d/%02d/%04d", d, m, y));
        break;
      }

    case VT_FIELD_MULTILINE:
      type_into (f, field, input, "Pido una copia, por favor.");
      break;

    case VT_FIELD_PHONE:
      /* The whole international number, + first: the code picker then has no say. */
      type_into (f, field, input, f->person->telefono_exterior);
      break;

    case VT_FIELD_TEXT:
    case VT_FIELD_EMAIL:
    case VT_FIELD_NUMBER:
    default:
      {
        g_autofree char *value = vt_walk_value_for (f->person, field);
        type_into (f, field, input, value);
        break;
      }
    }
  return TRUE;
}

/* A signature drawn with the finger: a loop across the pad, then a line under it. */
static void
sign_cb (VtPage   *page,
         gpointer  data)
{
  Fixture *f = data;
  GtkWidget *pad = vt_test_ui_find (GTK_WIDGET (page), "signature-pad");
  VtSignature *signature = vt_signature_page_get_signature (VT_SIGNATURE_PAGE (page));
  double points[2 * 41];
  graphene_rect_t area;
  int width, height;

  wait_still (f);
  area = visible_area (f);
  g_assert_true (vt_test_touch_scroll_into (pad, &area));
  width = gtk_widget_get_width (pad);
  height = gtk_widget_get_height (pad);
  for (guint i = 0; i < 41; i++)
    {
      double t = i / 40.0;
      points[2 * i] = width * (0.1 + 0.8 * t);
      points[2 * i + 1] = height * (0.5 + 0.3 * sin (t * 4 * G_PI) * (1 - 0.5 * t));
    }
  vt_test_touch_drag (pad, points, 41);
  for (guint i = 0; i < 11; i++)
    {
      points[2 * i] = width * (0.2 + 0.05 * i);
      points[2 * i + 1] = height * 0.8;
    }
  vt_test_touch_drag (pad, points, 11);
  g_assert_cmpuint (vt_signature_get_n_points (signature), >=, 10);
}

static VtProcedure *
find_procedure (Fixture *f)
{
  for (guint i = 0; i < f->procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (f->procedures, i)),
                     f->walk->procedure_id))
      return g_ptr_array_index (f->procedures, i);
  g_assert_not_reached ();
}

static int
last_fields_page (Fixture *f)
{
  VtProcedure *procedure = find_procedure (f);
  GPtrArray *pages = vt_procedure_get_pages (procedure);
  int last = -1;

  for (guint i = 0; i < pages->len; i++)
    if (((const VtPageDef *)g_ptr_array_index (pages, i))->kind == VT_PAGE_FIELDS)
      last = (int)i;
  g_assert_cmpint (last, >=, 0);
  return last;
}

static gboolean
visit_cb (VtWindow   *window,
          const char *page,
          gpointer    data)
{
  Fixture *f = data;

  if (f->walk->fields_only)
    {
      VtProcedure *procedure = find_procedure (f);
      GPtrArray *pages = vt_procedure_get_pages (procedure);
      const VtPageDef *last = g_ptr_array_index (pages, last_fields_page (f));

      /* Geometry only: the captures are the other walks' business. */
      return !g_str_equal (page, last->id);
    }
  return TRUE;
}

/* The sealed bundle, opened as the office opens it: every answer is what was typed (once the
 * field's validator has normalized it, as the page does), the names letter for letter. */
static void
check_submission (Fixture *f)
{
  VtProcedure *procedure = find_procedure (f);
  const char *id = vt_window_get_last_submission (f->window);
  g_autofree char *key_path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                                "office-dev.sk", NULL);
  g_autofree char *office_dir = g_build_filename (f->data_dir, "office", NULL);
  g_autofree char *json = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *answers_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) answers_parser = json_parser_new ();
  g_autoptr(VtBundleHeader) header = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer field_id, typed;
  JsonObject *submission;
  JsonObject *answers;
  guint8 *secret_key;
  guint compared = 0;

  g_assert_nonnull (id);
  json = vt_queue_dup_submission_json (f->queue, id, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  submission = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (submission, "state"), ==, "queued");

  secret_key = vt_bundle_load_secret_key (key_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (office_dir, 0700), ==, 0);
  folder = vt_bundle_unseal (json_object_get_string_member (submission, "bundle"), secret_key,
                             NULL, NULL, office_dir, &header, &error);
  vt_secret_key_free (secret_key);
  g_assert_no_error (error);
  g_assert_cmpstr (header->procedure_id, ==, f->walk->procedure_id);
  answers_path = g_build_filename (folder, "answers.json", NULL);
  g_assert_true (json_parser_load_from_file (answers_parser, answers_path, &error));
  g_assert_no_error (error);
  answers = json_object_get_object_member (
              json_node_get_object (json_parser_get_root (answers_parser)), "answers");

  g_hash_table_iter_init (&iter, f->typed);
  while (g_hash_table_iter_next (&iter, &field_id, &typed))
    {
      const VtField *field = vt_procedure_find_field (procedure, field_id);
      const char *arg = NULL;
      g_autofree char *normalized = NULL;
      g_autofree char *message = NULL;
      const char *want = typed;

      g_assert_nonnull (field);
      if (!json_object_has_member (answers, field_id))
        g_error ("%s: «%s» was typed but the submission has no answer", (char *)field_id,
                 (char *)typed);
      if (field->type == VT_FIELD_CHOICE)
        {
          /* A choice arrives as its value; the person touched its label. */
          for (guint i = 0; i < field->options->len; i++)
            {
              const VtOption *option = g_ptr_array_index (field->options, i);
              if (g_str_equal (vt_procedure_tr (option->label), typed))
                want = option->value;
            }
        }
      else if (field->type != VT_FIELD_COUNTRY)
        {
          if (field->validator_arg != NULL && json_object_has_member (answers, field->validator_arg))
            arg = json_object_get_string_member (answers, field->validator_arg);
          g_assert_true (vt_validator_run (field->validator, typed, arg, &normalized, &message));
          want = normalized != NULL ? normalized : typed;
        }
      g_assert_cmpstr (json_object_get_string_member (answers, field_id), ==, want);
      compared++;
    }
  if (json_object_has_member (answers, "nombres"))
    {
      g_assert_cmpstr (json_object_get_string_member (answers, "nombres"), ==, "Begoña");
      g_assert_cmpstr (json_object_get_string_member (answers, "apellidos"), ==, "Núñez Ortúzar");
    }
  g_test_message ("%u answers compared with what was typed", compared);
  g_assert_cmpuint (compared, >=, 5);
  remove_tree (office_dir);
}

static gboolean
is_done (gpointer data)
{
  return g_strcmp0 (vt_window_get_visible_name (data), "done") == 0;
}

static void
test_walk (Fixture       *f,
           gconstpointer  data)
{
  const VtWalkPlan plan = { f->walk->procedure_id, f->walk->channel, f->walk->who };
  const VtWalkHooks hooks = { visit_cb, press_cb, fill_cb, sign_cb };
  gint64 start = g_get_monotonic_time ();
  gboolean finished;
  double seconds;

  /* The start page's own buttons: the language, then «Letra grande». */
  if (!g_str_equal (f->walk->language, "es"))
    {
      g_autofree char *name = g_strdup_printf ("language-%s", f->walk->language);

      vt_test_touch_tap (vt_test_ui_find (GTK_WIDGET (f->window), name));
      /* The start page is built again in the new language. */
      vt_test_ui_wait (500);
    }
  if (f->walk->large_text)
    {
      vt_test_touch_tap (vt_test_ui_find (GTK_WIDGET (f->window), "large-text"));
      vt_test_ui_wait (200);
      g_assert_true (vt_a11y_get_large_text (f->a11y));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
    }

  finished = vt_walk_procedure_with (f->window, &plan, f->person, &hooks, f);
  g_assert_true (finished != f->walk->fields_only);
  if (finished)
    {
      g_assert_true (vt_test_ui_wait_for (is_done, f->window, 20000));
      check_submission (f);
    }
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  g_test_message ("walk %s: %.1f s, %u fields checked above the keyboard (%u with their error), "
                  "%u touches made twice", f->walk->name, seconds, f->fields, f->errors,
                  vt_test_touch_get_lost_taps ());
  /* An occasional touch lost on a loaded machine is touched again; more is a defect. */
  g_assert_cmpuint (vt_test_touch_get_lost_taps (), <=, 3);
  g_assert_cmpuint (f->fields, >=, 3);
  g_assert_cmpuint (f->errors, >=, 1);
  g_assert_cmpuint (vt_test_touch_get_key_events (GTK_WIDGET (f->window)), ==, 0);
}

static const Walk walks[] = {
  { "002", "no-afiliacion-extranjeros", "es", "presencial", "titular", 6000, 1280, 800 },
  { "001", "certificado-atencion-sgrt", "es", "virtual", "titular", 6001, 1280, 800 },
  { "000", "copias-certificadas-exterior", "es", "presencial", "titular", 6002, 1280, 800, TRUE },
  { "003", "actualizacion-contacto-exterior", "es", "virtual", "titular", 6003, 1280, 800 },
  { "004", "codigo-extranjeros", "es", "presencial", "titular", 6004, 1280, 800 },
  { "003-en", "actualizacion-contacto-exterior", "en", "virtual", "titular", 6005, 1280, 800,
    TRUE },
  { "003-portrait", "actualizacion-contacto-exterior", "es", "virtual", "titular", 6006, 800,
    1280 },
  /* Geometry only, in the tightest case: portrait with «Letra grande». */
  { "003-portrait-large", "actualizacion-contacto-exterior", "es", "virtual", "titular", 6007,
    800, 1280, TRUE, TRUE },
};

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (walks); i++)
    {
      g_autofree char *path = g_strdup_printf ("/touch/walk/%s", walks[i].name);
      g_test_add (path, Fixture, &walks[i], fixture_setup, test_walk, fixture_teardown);
    }
  return g_test_run ();
}

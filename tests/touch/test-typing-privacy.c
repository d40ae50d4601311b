/* test-typing-privacy.c — kiosk hygiene of typing in the real window: text fields carry the
 * private input hints, open no context menu, take no paste by any way (keys, menu action,
 * middle click), and the clipboard and primary selection are empty after «Salir del trámite».
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "keyboard/vt-keyboard-dock.h"
#include "keyboard/vt-keyboard-layout.h"
#include "keyboard/vt-typing-privacy.h"
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "vt-test-pointer.h"
#include "vt-test-ui.h"
#include "vt-window.h"
#include "wizard/vt-assistant.h"
#include "wizard/vt-fields-page.h"
#include "wizard/vt-session.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <X11/keysym.h>

typedef struct
{
  char       *data_dir;
  GPtrArray  *procedures;
  VtQueue    *queue;
  VtCamera   *camera;
  VtWindow   *window;
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

  f->data_dir = g_dir_make_tmp ("vt-typing-XXXXXX", &error);
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
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_ui_wait (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
}

static void
collect_texts (GtkWidget *widget,
               GPtrArray *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_TEXT (widget) && gtk_editable_get_editable (GTK_EDITABLE (widget)))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

/* The procedure's first page with text fields, reached as a person does: a channel, then
 * «Siguiente» until a field shows. Returns that page's text fields. */
static GPtrArray *
open_fields_page (Fixture *f)
{
  GPtrArray *texts = g_ptr_array_new ();
  GtkWidget *assistant;

  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (300);
  assistant = GTK_WIDGET (vt_window_get_assistant (f->window));
  for (guint guard = 0; guard < 5; guard++)
    {
      GtkWidget *channel = vt_test_ui_find (assistant, "channel-virtual");
      GtkWidget *cedula = vt_test_ui_find (assistant, "field-tipo_identificacion-cedula");

      if (cedula != NULL && gtk_widget_get_mapped (cedula))
        {
          vt_test_ui_click (cedula);
          vt_test_ui_wait (300);
        }
      collect_texts (assistant, texts);
      if (texts->len > 0)
        break;
      if (channel != NULL && gtk_widget_get_mapped (channel))
        vt_test_ui_click (channel);
      vt_test_ui_wait (50);
      vt_test_ui_click (vt_test_ui_find (assistant, "next"));
      vt_test_ui_wait (400);
    }
  g_assert_cmpuint (texts->len, >, 0);
  return texts;
}

/* A popover of the field's (its menu, selection bubble or emoji chooser) on screen. */
static gboolean
has_visible_popover (GtkWidget *field)
{
  for (GtkWidget *child = gtk_widget_get_first_child (field); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
      return TRUE;
  return FALSE;
}

typedef struct
{
  gboolean  done;
  char     *text;
} Read;

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Read *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((Read *)data)->done;
}

/* What another program would get from the clipboard now; NULL when it is empty. */
static char *
read_clipboard (GdkClipboard *clipboard)
{
  Read read = { FALSE, NULL };

  gdk_clipboard_read_text_async (clipboard, NULL, read_cb, &read);
  g_assert_true (vt_test_ui_wait_for (read_done, &read, 5000));
  return read.text;
}

static void
test_private_hints (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = open_fields_page (f);

  for (guint i = 0; i < texts->len; i++)
    {
      GtkText *text = g_ptr_array_index (texts, i);
      GtkInputHints hints = gtk_text_get_input_hints (text);

      g_assert_cmpuint (hints & VT_TYPING_PRIVATE_HINTS, ==, VT_TYPING_PRIVATE_HINTS);
      /* The field's own hints stay, and a later change of them keeps the private ones. */
      gtk_text_set_input_hints (text, GTK_INPUT_HINT_UPPERCASE_CHARS);
      hints = gtk_text_get_input_hints (text);
      g_assert_cmpuint (hints & VT_TYPING_PRIVATE_HINTS, ==, VT_TYPING_PRIVATE_HINTS);
      g_assert_cmpuint (hints & GTK_INPUT_HINT_UPPERCASE_CHARS, !=, 0);
    }
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "keyboard/typing-privacy-page.png");
}

/* A field's whole text: a GtkText's, or a GtkTextView's buffer. */
static char *
dup_field_text (GtkWidget *field)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (GTK_IS_EDITABLE (field))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Touches @area to focus @field, then tries every way to its menu and every way to paste
 * into it: none works, and typing still does. */
static void
check_no_menu_no_paste (GtkWidget *field,
                        GtkWidget *area)
{
  GtkSettings *settings = gtk_widget_get_settings (field);
  gboolean primary_paste = TRUE;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *typed = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (field), "1712345678");
  gdk_clipboard_set_text (gtk_widget_get_primary_clipboard (field), "0912345678");
  vt_test_pointer_touch (area);
  g_assert_true (gtk_widget_has_focus (field));
  before = dup_field_text (field);

  /* The context menu: by its action (the Menu key, Shift+F10) and by a right click. */
  gtk_widget_activate_action (field, "menu.popup", NULL);
  vt_test_ui_wait (200);
  g_assert_false (has_visible_popover (field));
  vt_test_pointer_press (area, 3, 40);
  vt_test_ui_wait (200);
  g_assert_false (has_visible_popover (field));
  g_assert_true (gtk_widget_has_focus (field));

  /* Paste: Ctrl+V from a physical keyboard, the menu's action, the signal the bindings emit,
   * a middle click with something in the primary selection. */
  vt_test_pointer_key (field, XK_v, TRUE);
  gtk_widget_activate_action (field, "clipboard.paste", NULL);
  g_signal_emit_by_name (field, "paste-clipboard");
  vt_test_pointer_press (area, 2, 40);
  vt_test_ui_wait (300);
  after = dup_field_text (field);
  g_assert_cmpstr (after, ==, before);
  g_object_get (settings, "gtk-enable-primary-paste", &primary_paste, NULL);
  g_assert_false (primary_paste);

  /* Typing itself still works. */
  vt_test_pointer_key (field, XK_1, FALSE);
  typed = dup_field_text (field);
  g_assert_cmpstr (typed, !=, before);
  g_assert_nonnull (strchr (typed, '1'));
}

static void
test_no_menu_no_paste (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = open_fields_page (f);
  GtkWidget *text = g_ptr_array_index (texts, 0);

  check_no_menu_no_paste (text, gtk_widget_get_parent (text));
}

static void
test_reset_forgets_clipboards (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = open_fields_page (f);
  GtkWidget *text = g_ptr_array_index (texts, 0);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (text);
  GdkClipboard *primary = gtk_widget_get_primary_clipboard (text);
  g_autofree char *copied = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *copied_after = NULL;
  g_autofree char *selected_after = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *leave;

  /* A person's text, selected (the primary selection) and copied (the clipboard). */
  vt_test_pointer_touch (gtk_widget_get_parent (text));
  gtk_editable_set_text (GTK_EDITABLE (text), "Begoña");
  gtk_editable_select_region (GTK_EDITABLE (text), 0, -1);
  gdk_clipboard_set_text (clipboard, "begona.nunez@example.com");
  vt_test_ui_wait (100);
  copied = read_clipboard (clipboard);
  selected = read_clipboard (primary);
  g_assert_cmpstr (copied, ==, "begona.nunez@example.com");
  g_assert_cmpstr (selected, ==, "Begoña");

  /* «Salir del trámite», «Salir y borrar», as the person would. */
  vt_test_pointer_touch (vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)),
                                          "exit"));
  vt_test_ui_wait (300);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  leave = vt_test_ui_find_label (dialog, "Salir y borrar");
  g_assert_nonnull (leave);
  vt_test_pointer_touch (leave);
  vt_test_ui_wait (400);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");

  copied_after = read_clipboard (clipboard);
  selected_after = read_clipboard (primary);
  g_assert_null (copied_after);
  g_assert_null (selected_after);
}

/* A page of the definition in a window of its own, shown. */
static GtkWidget *
show_fields_page (Fixture    *f,
                  VtSession **session,
                  const char *page_id,
                  GtkWidget **window)
{
  VtProcedure *procedure = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page = NULL;
  GPtrArray *pages;

  for (guint i = 0; i < f->procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (f->procedures, i)),
                     "actualizacion-contacto-exterior"))
      procedure = g_ptr_array_index (f->procedures, i);
  g_assert_nonnull (procedure);
  *session = vt_session_new (procedure, f->data_dir, &error);
  g_assert_no_error (error);
  pages = vt_procedure_get_pages (procedure);
  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *definition = g_ptr_array_index (pages, i);

      if (g_str_equal (definition->id, page_id))
        page = GTK_WIDGET (vt_fields_page_new (*session, definition));
    }
  g_assert_nonnull (page);
  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), page);
  gtk_window_present (GTK_WINDOW (*window));
  vt_page_shown (VT_PAGE (page));
  vt_test_ui_wait (100);
  return page;
}

/* Picks a country in a picker by its name, as a touch on its row does. */
static void
choose_country (GtkWidget  *dropdown,
                const char *name)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), name))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          vt_test_ui_wait (50);
          return;
        }
    }
  g_error ("No country «%s» in the picker", name);
}

/* The postal code's keyboard follows the country of residence: the numeric pad where codes are
 * digits (Spain, the United States), letters where they are not (Canada) or are not known. */
static void
test_postal_code_keyboard (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VtSession) session = NULL;
  GtkWidget *window = NULL, *country, *postal;
  GtkWidget *page = show_fields_page (f, &session, "residencia", &window);

  country = vt_test_ui_find (page, "field-pais_residencia");
  postal = vt_test_ui_find (page, "field-codigo_postal");
  g_assert_nonnull (country);
  g_assert_true (GTK_IS_ENTRY (postal));
  /* Nothing chosen yet: the letters, which type any code. */
  g_assert_cmpint (vt_keyboard_layout_kind_for (gtk_entry_get_input_purpose (GTK_ENTRY (postal)),
                                                gtk_entry_get_input_hints (GTK_ENTRY (postal))),
                   ==, VT_KEYBOARD_LETTERS);

  choose_country (country, "España");
  g_assert_cmpstr (vt_session_get_answer (session, "pais_residencia"), ==, "ES");
  g_assert_cmpint (vt_keyboard_layout_kind_for (gtk_entry_get_input_purpose (GTK_ENTRY (postal)),
                                                gtk_entry_get_input_hints (GTK_ENTRY (postal))),
                   ==, VT_KEYBOARD_DIGITS);
  choose_country (country, "Canadá");
  g_assert_cmpint (vt_keyboard_layout_kind_for (gtk_entry_get_input_purpose (GTK_ENTRY (postal)),
                                                gtk_entry_get_input_hints (GTK_ENTRY (postal))),
                   ==, VT_KEYBOARD_LETTERS);
  choose_country (country, "Estados Unidos");
  g_assert_cmpint (vt_keyboard_layout_kind_for (gtk_entry_get_input_purpose (GTK_ENTRY (postal)),
                                                gtk_entry_get_input_hints (GTK_ENTRY (postal))),
                   ==, VT_KEYBOARD_DIGITS);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
}

/* The key click is the fleet's (or staff mode's) choice, taken for each new person. */
static void
test_key_click_setting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.ventanilla.Kiosk");
  VtKeyboard *keyboard = vt_keyboard_dock_get_keyboard (vt_window_get_keyboard_dock (f->window));

  g_assert_false (g_settings_get_boolean (settings, "keyboard-click"));
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (100);
  g_assert_false (vt_keyboard_get_click_sound (keyboard));
  vt_window_reset (f->window);
  vt_test_ui_wait (100);

  g_settings_set_boolean (settings, "keyboard-click", TRUE);
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (100);
  g_assert_true (vt_keyboard_get_click_sound (keyboard));
  vt_window_reset (f->window);
  vt_test_ui_wait (100);

  g_settings_set_boolean (settings, "keyboard-click", FALSE);
  vt_window_start_procedure (f->window, "actualizacion-contacto-exterior");
  vt_test_ui_wait (100);
  g_assert_false (vt_keyboard_get_click_sound (keyboard));
  g_settings_reset (settings, "keyboard-click");
}

/* The multi-line fields (a narration, an address abroad) are GtkTextViews, not GtkTexts: the
 * same guard holds for them, and a window taken down while one has focus goes quietly. */
static void
test_multiline_no_paste (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "Vivo en Ulán Bator", -1);
  gtk_widget_set_size_request (view, 600, 200);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (300);
  g_assert_cmpuint (gtk_text_view_get_input_hints (GTK_TEXT_VIEW (view)) & VT_TYPING_PRIVATE_HINTS,
                    ==, VT_TYPING_PRIVATE_HINTS);

  check_no_menu_no_paste (view, view);

  /* Taken down with the focus inside. */
  g_assert_true (gtk_widget_has_focus (view));
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (100);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add ("/touch/typing/private-hints", Fixture, NULL, fixture_setup, test_private_hints,
              fixture_teardown);
  g_test_add ("/touch/typing/no-menu-no-paste", Fixture, NULL, fixture_setup,
              test_no_menu_no_paste, fixture_teardown);
  g_test_add ("/touch/typing/multiline-no-paste", Fixture, NULL, fixture_setup,
              test_multiline_no_paste, fixture_teardown);
  g_test_add ("/touch/typing/reset-forgets-clipboards", Fixture, NULL, fixture_setup,
              test_reset_forgets_clipboards, fixture_teardown);
  g_test_add ("/touch/typing/postal-code-keyboard", Fixture, NULL, fixture_setup,
              test_postal_code_keyboard, fixture_teardown);
  g_test_add ("/touch/typing/key-click-setting", Fixture, NULL, fixture_setup,
              test_key_click_setting, fixture_teardown);
  return g_test_run ();
}

/* test-staff.c — staff mode through the real window: the hidden corner press, the PIN pad,
 * the queue without personal data, diagnostics, settings, the lock after five wrong PINs,
 * an assisted session down to its sealed manifest, idle exit and the technician's way out.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "kiosk/vt-diagnostics.h"
#include "kiosk/vt-kiosk-mode.h"
#include "staff/vt-pin.h"
#include "staff/vt-staff-queue-page.h"
#include "staff/vt-staff-diagnostics-page.h"
#include "staff/vt-staff-panel.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-tus-client.h"
#include "outbox/vt-uploader.h"
#include "procedures/vt-procedure.h"
#include "vt-i18n.h"
#include "vt-test-identity.h"
#include "vt-test-office.h"
#include "vt-test-ui.h"
#include "vt-tus-harness.h"
#include "vt-window.h"
#include "wizard/vt-session.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define STAFF_PIN "2468"
#define TECHNICIAN_PIN "13579"

typedef struct
{
  char         *data_dir;
  GPtrArray    *procedures;
  VtQueue      *queue;
  VtCamera     *camera;
  VtWindow     *window;
  GSettings    *settings;
  VtTestPerson *person;
  char         *code;
  char         *id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *hash = vt_pin_hash (STAFF_PIN, NULL);
  g_autofree char *answers = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  f->data_dir = g_dir_make_tmp ("vt-staff-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  /* The office opens only what a kiosk it registered signed. */
  vt_queue_set_kiosk_id (f->queue, "quiosco-de-prueba");

  /* One submission waits, full of a synthetic person's data that staff must never see. */
  f->person = vt_test_person_new (4242);
  answers = g_strdup_printf ("{\"procedure\": \"codigo-extranjeros\", \"procedure_version\": 1,"
                             " \"answers\": {\"canal\": \"virtual\", \"nombres\": \"%s\","
                             " \"apellidos\": \"%s\", \"cedula\": \"%s\", \"correo\": \"%s\"}}",
                             f->person->nombres, f->person->apellidos, f->person->cedula,
                             f->person->correo);
  bytes = g_bytes_new (answers, strlen (answers));
  f->id = vt_queue_add (f->queue, "codigo-extranjeros", 1, bytes, attachments, &f->code, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "staff-pin-hash", hash);
  g_settings_set_string (f->settings, "technician-pin-hash", "");
  g_settings_set_boolean (f->settings, "kiosk-mode", FALSE);

  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  vt_window_set_data_dir (f->window, f->data_dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_ui_wait (200);
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
  g_clear_pointer (&f->person, vt_test_person_free);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
  g_free (f->code);
  g_free (f->id);
}

/* The first mapped descendant named `name`: several pads have keys of the same names. */
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

static VtStaffPanel *
panel (Fixture *f)
{
  GtkWidget *widget = vt_window_get_staff_panel (f->window);

  g_assert_nonnull (widget);
  return VT_STAFF_PANEL (widget);
}

typedef struct
{
  Fixture    *f;
  const char *name;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;
  GtkWidget *widget = vt_window_get_staff_panel (wait->f->window);

  return widget != NULL
         && g_strcmp0 (vt_staff_panel_get_page_name (VT_STAFF_PANEL (widget)), wait->name) == 0;
}

static void
wait_page (Fixture    *f,
           const char *name)
{
  PageWait wait = { f, name };

  if (!vt_test_ui_wait_for (page_is, &wait, 20000))
    g_error ("Staff page %s never came (now %s)", name,
             vt_window_get_staff_panel (f->window)
             ? vt_staff_panel_get_page_name (panel (f)) : "(closed)");
  /* Let the crossfade end: until then the page left behind is still on screen. */
  vt_test_ui_wait (400);
}

static gboolean
window_at_start (gpointer data)
{
  Fixture *f = data;

  return vt_window_get_staff_panel (f->window) == NULL
         && g_strcmp0 (vt_window_get_visible_name (f->window), "start") == 0;
}

/* The hidden gesture, made of real X events (XTest, as a finger or mouse would): the pointer
 * goes to (x, y) in the window, presses, holds `hold_ms`, and lets go. */
typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);

static gboolean
press_and_hold (Fixture *f,
                double   x,
                double   y,
                guint    hold_ms)
{
  static FakeMotionFunc fake_motion;
  static FakeButtonFunc fake_button;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (f->window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  Display *xdisplay;
  Window child;
  int root_x = 0, root_y = 0;
  double dx = 0, dy = 0;

  if (fake_motion == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      if (xtst != NULL)
        {
          fake_motion = (FakeMotionFunc)dlsym (xtst, "XTestFakeMotionEvent");
          fake_button = (FakeButtonFunc)dlsym (xtst, "XTestFakeButtonEvent");
        }
    }
  if (!GDK_IS_X11_DISPLAY (display) || fake_motion == NULL || fake_button == NULL)
    return FALSE;

  xdisplay = gdk_x11_display_get_xdisplay (display);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay), 0, 0, &root_x, &root_y, &child);
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &dx, &dy);
  fake_motion (xdisplay, -1, root_x + (int)(dx + x), root_y + (int)(dy + y), 0);
  XFlush (xdisplay);
  vt_test_ui_wait (100);
  fake_button (xdisplay, 1, True, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (hold_ms);
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (150);
  return TRUE;
}

static const char *
pad_message (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (wait_mapped (f, "pin-message")));
}

static gboolean
not_checking (gpointer data)
{
  Fixture *f = data;
  GtkWidget *message = find_mapped (GTK_WIDGET (f->window), "pin-message");

  return message == NULL
         || !g_str_has_prefix (gtk_label_get_text (GTK_LABEL (message)), "Comprobando");
}

static void
type_digits (Fixture    *f,
             const char *digits,
             gboolean    enter)
{
  for (const char *p = digits; *p; p++)
    {
      g_autofree char *name = g_strdup_printf ("pin-key-%c", *p);
      vt_test_ui_click (wait_mapped (f, name));
    }
  if (enter)
    {
      vt_test_ui_click (wait_mapped (f, "pin-enter"));
      g_assert_true (vt_test_ui_wait_for (not_checking, f, 20000));
    }
}

/* The gesture itself is tested once, in /staff/corner-press-pin-and-pages. */
static void
open_staff (Fixture *f)
{
  vt_window_open_staff_mode (f->window);
  wait_page (f, "pin");
}

static void
unlock (Fixture *f)
{
  open_staff (f);
  type_digits (f, STAFF_PIN, TRUE);
  wait_page (f, "queue");
}

/* Every text on screen, to look for what must not be there. */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static void
test_corner_press_and_pin (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GString) texts = g_string_new (NULL);
  GtkWidget *code;
  g_autofree char *code_name = g_strdup_printf ("queue-code-%s", f->code);

  if (!press_and_hold (f, 24, 24, 1000))
    {
      g_test_skip ("Needs an X11 display with the XTEST extension (Xvfb has it)");
      return;
    }
  /* A second is not enough; three seconds anywhere else do nothing either. */
  g_assert_null (vt_window_get_staff_panel (f->window));
  g_assert_true (press_and_hold (f, 1150, 500, 3400));
  g_assert_null (vt_window_get_staff_panel (f->window));
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
  /* Three seconds in the corner open the PIN pad, on top of whatever page was there. */
  g_assert_true (press_and_hold (f, 24, 24, 3400));
  wait_page (f, "pin");
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "staff");
  g_assert_cmpstr (pad_message (f), ==, "Ingrese el PIN del personal.");
  /* Digits show as dots only. */
  type_digits (f, "24", FALSE);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "pin-display"))), "2"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-pin-pad.png");
  vt_test_ui_click (wait_mapped (f, "pin-delete"));
  vt_test_ui_click (wait_mapped (f, "pin-delete"));

  type_digits (f, STAFF_PIN, TRUE);
  wait_page (f, "queue");

  /* The waiting submission is there by its code, its procedure and its state… */
  code = wait_mapped (f, code_name);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (code)), ==, f->code);
  collect_texts (GTK_WIDGET (f->window), texts);
  g_assert_nonnull (strstr (texts->str, "En espera"));
  g_assert_nonnull (strstr (texts->str, "0 intentos"));
  /* …and nothing about the person. */
  g_assert_null (strstr (texts->str, f->person->nombres));
  g_assert_null (strstr (texts->str, f->person->apellidos));
  g_assert_null (strstr (texts->str, f->person->cedula));
  g_assert_null (strstr (texts->str, f->person->correo));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-queue.png");

  /* "Reintentar ahora" without an upload server says the items keep waiting. */
  vt_test_ui_click (wait_mapped (f, "queue-retry-all"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "queue-message"))),
                            "No hay servidor"));

  vt_test_ui_click (wait_mapped (f, "staff-diagnostics"));
  wait_page (f, "diagnostics");
  wait_mapped (f, "check-camera");
  wait_mapped (f, "check-clock");
  g_string_truncate (texts, 0);
  collect_texts (GTK_WIDGET (f->window), texts);
  /* The kiosk's camera here is the demonstration one, asked for by name, and the page says
   * it cannot serve anyone. */
  g_assert_nonnull (strstr (texts->str, "Se usa la cámara sintética de demostración"));
  g_assert_nonnull (strstr (texts->str, "no sirve para atender trámites"));
  g_assert_nonnull (strstr (texts->str, "640 × 480"));
  g_assert_nonnull (strstr (texts->str, "La base de datos está en buen estado."));
  g_assert_nonnull (strstr (texts->str, "1 envío en espera."));
  g_assert_nonnull (strstr (texts->str, "No hay servidor configurado"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-diagnostics.png");

  vt_test_ui_click (wait_mapped (f, "staff-settings"));
  wait_page (f, "settings");
  gtk_editable_set_text (GTK_EDITABLE (wait_mapped (f, "settings-kiosk-id")), "CONSULADO-MAD-1");
  gtk_editable_set_text (GTK_EDITABLE (wait_mapped (f, "settings-upload-url")), "ftp://x");
  vt_test_ui_click (wait_mapped (f, "settings-save"));
  /* A wrong address is refused and nothing is written. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "settings-message"))),
                            "https://"));
  {
    g_autofree char *kiosk = g_settings_get_string (f->settings, "kiosk-id");
    g_assert_cmpstr (kiosk, ==, "");
  }
  gtk_editable_set_text (GTK_EDITABLE (wait_mapped (f, "settings-upload-url")),
                         "https://envios.example.org/files/");
  /* 90 s, three steps of 10 up: 120 s. */
  for (guint i = 0; i < 3; i++)
    vt_test_ui_click (wait_mapped (f, "settings-idle-timeout-more"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "settings-idle-timeout"))), ==,
                   "120");
  vt_test_ui_click (wait_mapped (f, "settings-save"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "settings-message"))),
                            "Guardado"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-settings.png");
  {
    g_autofree char *kiosk = g_settings_get_string (f->settings, "kiosk-id");
    g_autofree char *url = g_settings_get_string (f->settings, "upload-url");
    g_assert_cmpstr (kiosk, ==, "CONSULADO-MAD-1");
    g_assert_cmpstr (url, ==, "https://envios.example.org/files/");
    g_assert_cmpuint (g_settings_get_uint (f->settings, "idle-timeout"), ==, 120);
  }
  g_settings_reset (f->settings, "kiosk-id");
  g_settings_reset (f->settings, "upload-url");
  g_settings_reset (f->settings, "idle-timeout");

  /* "Volver" ends staff mode at the start page, and nothing of it stays behind. */
  {
    GtkWidget *staff = vt_window_get_staff_panel (f->window);

    g_object_add_weak_pointer (G_OBJECT (staff), (gpointer *)&staff);
    vt_test_ui_click (wait_mapped (f, "staff-back"));
    g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
    vt_test_ui_wait (500);
    g_assert_null (staff);
  }
}

static void
test_wrong_pin_locks (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *lock_path = g_build_filename (f->data_dir, "staff-pin.lock", NULL);
  g_autoptr(GKeyFile) state = g_key_file_new ();

  open_staff (f);
  for (guint i = 1; i < VT_PIN_FREE_TRIES; i++)
    {
      type_digits (f, "1111", TRUE);
      g_assert_nonnull (strstr (pad_message (f), "PIN equivocado"));
      g_assert_true (gtk_widget_is_sensitive (wait_mapped (f, "pin-key-1")));
    }
  g_assert_nonnull (strstr (pad_message (f), "Queda 1 intento"));
  type_digits (f, "1111", TRUE);
  /* Locked: the keys do nothing and the pad counts down. */
  g_assert_nonnull (strstr (pad_message (f), "Demasiados intentos"));
  g_assert_false (gtk_widget_is_sensitive (wait_mapped (f, "pin-key-2")));
  g_assert_cmpstr (vt_staff_panel_get_page_name (panel (f)), ==, "pin");
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-pin-locked.png");

  /* The count is on disk, for the next start of the kiosk. */
  g_assert_true (g_key_file_load_from_file (state, lock_path, G_KEY_FILE_NONE, NULL));
  g_assert_cmpint (g_key_file_get_integer (state, "lock", "failures", NULL), ==,
                   VT_PIN_FREE_TRIES);

  /* Leaving and coming back does not reset it either. */
  vt_test_ui_click (wait_mapped (f, "pin-cancel"));
  g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
  open_staff (f);
  g_assert_nonnull (strstr (pad_message (f), "Demasiados intentos"));
  g_assert_false (gtk_widget_is_sensitive (wait_mapped (f, "pin-key-2")));
}

static void
test_no_pin_set (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  g_settings_set_string (f->settings, "staff-pin-hash", "");
  vt_window_open_staff_mode (f->window);
  wait_page (f, "not-set");
  collect_texts (GTK_WIDGET (f->window), texts);
  g_assert_nonnull (strstr (texts->str, "ventanilla --set-staff-pin"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-no-pin.png");
  vt_test_ui_click (wait_mapped (f, "not-set-back"));
  g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
}

static void
test_cancel_returns (Fixture       *f,
                     gconstpointer  data)
{
  VtAssistant *assistant;

  /* Someone is in the middle of a procedure: leaving the PIN pad gives it back untouched. */
  vt_window_start_procedure (f->window, "codigo-extranjeros");
  assistant = vt_window_get_assistant (f->window);
  g_assert_nonnull (assistant);
  open_staff (f);
  vt_test_ui_click (wait_mapped (f, "pin-cancel"));
  vt_test_ui_wait (100);
  g_assert_null (vt_window_get_staff_panel (f->window));
  g_assert_true (vt_window_get_assistant (f->window) == assistant);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "wizard");
}

/* Opens the bundle with the development key, as the office would. */
static JsonObject *
unseal_manifest (Fixture    *f,
                 const char *id,
                 char      **out_stdout)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (f->queue, id, NULL);
  g_autofree char *office = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "office",
                                              "ventanilla-office", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);
  g_autofree char *out = g_build_filename (f->data_dir, "office", NULL);
  g_autofree char *manifest = g_build_filename (out, id, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status;
  g_autofree char *registry = g_build_filename (f->data_dir, "kiosks.json", NULL);
  const char *argv[] = { office, "unseal", item->bundle_path, "--secret-key", key, "--registry",
                         registry, "--out", out, NULL };

  g_assert_nonnull (item);
  vt_test_office_register (f->queue, registry);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_file (parser, manifest, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Puts a bundle where a tus server (@tus/file-store) would have it once complete. */
static void
upload_bundle (Fixture    *f,
               const char *uploads,
               const char *id)
{
  g_autoptr(VtQueueItem) item = vt_queue_get_item (f->queue, id, NULL);
  g_autofree char *data = NULL;
  g_autofree char *info = NULL;
  g_autofree char *data_path = g_build_filename (uploads, id, NULL);
  g_autofree char *info_path = g_strconcat (data_path, ".json", NULL);
  gsize len;

  g_assert_true (g_file_get_contents (item->bundle_path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (data_path, data, len, NULL));
  info = g_strdup_printf ("{\"size\": %" G_GSIZE_FORMAT ", \"offset\": %" G_GSIZE_FORMAT "}",
                          len, len);
  g_assert_true (g_file_set_contents (info_path, info, -1, NULL));
}

/* The office's index of ingested submissions names the assisting staff member. */
static void
check_index (Fixture    *f,
             const char *assisted_id,
             const char *alone_id)
{
  g_autofree char *office = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "office",
                                              "ventanilla-office", NULL);
  g_autofree char *key = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                           "office-dev.sk", NULL);
  g_autofree char *uploads = g_build_filename (f->data_dir, "uploads", NULL);
  g_autofree char *out = g_build_filename (f->data_dir, "ingested", NULL);
  g_autofree char *index = g_build_filename (out, "index", "codigo-extranjeros.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *registry = g_build_filename (f->data_dir, "kiosks.json", NULL);
  const char *argv[] = { office, "ingest", "--uploads", uploads, "--secret-key", key,
                         "--registry", registry, "--out", out, NULL };
  g_autoptr(GList) ids = NULL;
  JsonObject *entries;
  guint seen = 0;
  int status;

  vt_test_office_register (f->queue, registry);

  g_assert_cmpint (g_mkdir_with_parents (uploads, 0700), ==, 0);
  upload_bundle (f, uploads, assisted_id);
  upload_bundle (f, uploads, alone_id);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_file (parser, index, &error));
  g_assert_no_error (error);
  /* Keyed by submission id. */
  entries = json_node_get_object (json_parser_get_root (parser));
  ids = json_object_get_members (entries);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (entries, l->data);
      const char *id = json_object_get_string_member (entry, "submission_id");

      if (g_strcmp0 (id, assisted_id) == 0)
        {
          g_assert_true (json_object_get_boolean_member (entry, "assisted"));
          g_assert_cmpstr (json_object_get_string_member (entry, "staff_id"), ==, "7319");
          seen++;
        }
      else if (g_strcmp0 (id, alone_id) == 0)
        {
          g_assert_false (json_object_get_boolean_member (entry, "assisted"));
          g_assert_true (json_object_get_null_member (entry, "staff_id"));
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 2);
}

static void
test_assisted_session (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) answers = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *assisted_id = NULL;
  g_autofree char *code = NULL;
  VtSession *session;

  unlock (f);
  vt_test_ui_click (wait_mapped (f, "staff-assisted"));
  wait_page (f, "assisted");
  /* The staff id shows as typed: the officer checks it. */
  type_digits (f, "7319", FALSE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (wait_mapped (f, "pin-display"))), ==,
                   "7 3 1 9");
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-assisted.png");
  vt_test_ui_click (wait_mapped (f, "pin-enter"));
  g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
  g_assert_cmpstr (vt_window_get_staff_id (f->window), ==, "7319");

  /* A normal session follows, and records who helped. */
  vt_window_start_procedure (f->window, "codigo-extranjeros");
  session = vt_assistant_get_session (vt_window_get_assistant (f->window));
  g_assert_cmpstr (vt_session_get_staff_id (session), ==, "7319");
  vt_session_set_answer (session, "canal", "virtual");
  answers = vt_session_build_answers (session);
  attachments = vt_session_build_attachments (session);
  id = vt_queue_add (f->queue, "codigo-extranjeros", 1, answers, attachments, &code, &error);
  g_assert_no_error (error);

  manifest = unseal_manifest (f, id, &printed);
  g_assert_true (json_object_get_boolean_member (manifest, "assisted"));
  g_assert_cmpstr (json_object_get_string_member (manifest, "staff_id"), ==, "7319");
  g_assert_cmpstr (json_object_get_string_member (manifest, "code"), ==, code);
  g_assert_nonnull (strstr (printed, "Sesión asistida por el funcionario 7319"));
  g_clear_pointer (&manifest, json_object_unref);
  g_clear_pointer (&printed, g_free);
  assisted_id = g_steal_pointer (&id);

  /* The next person is on their own again. */
  vt_window_reset (f->window);
  g_assert_null (vt_window_get_staff_id (f->window));
  vt_window_start_procedure (f->window, "codigo-extranjeros");
  session = vt_assistant_get_session (vt_window_get_assistant (f->window));
  g_assert_null (vt_session_get_staff_id (session));
  g_clear_pointer (&answers, g_bytes_unref);
  g_clear_pointer (&attachments, g_ptr_array_unref);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&code, g_free);
  answers = vt_session_build_answers (session);
  attachments = vt_session_build_attachments (session);
  id = vt_queue_add (f->queue, "codigo-extranjeros", 1, answers, attachments, &code, &error);
  g_assert_no_error (error);
  manifest = unseal_manifest (f, id, &printed);
  g_assert_false (json_object_get_boolean_member (manifest, "assisted"));
  g_assert_true (json_object_get_null_member (manifest, "staff_id"));
  g_assert_null (strstr (printed, "asistida"));

  check_index (f, assisted_id, id);
}

static void
test_idle_ends_staff_mode (Fixture       *f,
                           gconstpointer  data)
{
  unlock (f);
  vt_staff_panel_set_idle_timeout (panel (f), 300);
  g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
}

static void
test_technician_leaves_kiosk (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *hash = vt_pin_hash (TECHNICIAN_PIN, NULL);
  g_autofree char *marker = vt_kiosk_mode_dup_marker_path ();

  g_unlink (marker);
  vt_kiosk_mode_set (GTK_WINDOW (f->window), TRUE);
  unlock (f);
  vt_test_ui_click (wait_mapped (f, "staff-technician"));
  wait_page (f, "technician");
  /* No technician PIN yet: the pad says how to set one. */
  type_digits (f, TECHNICIAN_PIN, TRUE);
  g_assert_nonnull (strstr (pad_message (f), "--set-technician-pin"));
  g_assert_true (vt_kiosk_mode_get (GTK_WINDOW (f->window)));

  g_settings_set_string (f->settings, "technician-pin-hash", hash);
  /* The staff PIN is not the technician's. */
  type_digits (f, STAFF_PIN, TRUE);
  g_assert_nonnull (strstr (pad_message (f), "PIN equivocado"));
  g_assert_true (vt_kiosk_mode_get (GTK_WINDOW (f->window)));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  type_digits (f, TECHNICIAN_PIN, TRUE);
  /* Kiosk mode is off and the session is told not to restart; the fleet's setting stays. */
  g_assert_false (vt_kiosk_mode_get (GTK_WINDOW (f->window)));
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_true (vt_test_ui_wait_for (window_at_start, f, 5000));
  g_unlink (marker);
}

static gboolean
submission_sent (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) entries = vt_diagnostics_list_queue (vt_queue_get_directory (f->queue),
                                                            NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      VtQueueEntry *entry = g_ptr_array_index (entries, i);
      if (g_strcmp0 (entry->id, f->id) == 0)
        return g_str_equal (entry->state, "sent");
    }
  return FALSE;
}

static void
test_retry_now_uploads (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *unavailable = vt_tus_harness_unavailable ();
  g_autoptr(VtTusHarness) harness = NULL;
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *retry_name = g_strdup_printf ("queue-retry-%s", f->code);

  if (unavailable != NULL)
    {
      g_test_skip (unavailable);
      return;
    }
  /* The server once refused this one: it waits for staff, and the uploader leaves it alone. */
  g_assert_true (vt_queue_mark_needs_attention (f->queue, f->id, "refused", "HTTP 401", &error));
  g_assert_no_error (error);
  harness = vt_tus_harness_start (NULL);
  client = vt_tus_client_new (harness->direct_endpoint, NULL);
  uploader = vt_uploader_new (f->queue, client);
  vt_uploader_start (uploader);
  vt_window_set_uploader (f->window, uploader);
  vt_test_ui_wait (1000);
  g_assert_false (submission_sent (f));

  unlock (f);
  collect_texts (GTK_WIDGET (f->window), texts);
  g_assert_nonnull (strstr (texts->str, "Necesita revisión"));
  g_assert_nonnull (strstr (texts->str, "El servidor no aceptó la credencial"));
  g_assert_nonnull (strstr (texts->str, "1 intento"));
  vt_test_ui_screenshot (GTK_WIDGET (f->window), "kiosk/staff-queue-needs-attention.png");

  /* "Reintentar ahora" on that row puts it back in line and wakes the uploader. */
  vt_test_ui_click (wait_mapped (f, retry_name));
  g_assert_true (vt_test_ui_wait_for (submission_sent, f, 30000));
  /* The page follows: the row now says it was sent, and offers no retry. */
  vt_staff_queue_page_refresh (VT_STAFF_QUEUE_PAGE (wait_mapped (f, "staff-queue-page")));
  g_string_truncate (texts, 0);
  collect_texts (GTK_WIDGET (f->window), texts);
  g_assert_nonnull (strstr (texts->str, "Enviado"));
  g_assert_null (find_mapped (GTK_WIDGET (f->window), retry_name));
  g_assert_cmpuint (vt_tus_harness_count_complete (harness, "submission", f->id, NULL), ==, 1);

  vt_uploader_stop (uploader);
  vt_window_set_uploader (f->window, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime_dir = g_dir_make_tmp ("vt-staff-runtime-XXXXXX", NULL);
  int status;

  /* Locks of 30 s become 3 s; the kiosk-session marker goes to a folder of the test's own. */
  vt_pin_lock_set_default_time_scale (0.1);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/staff/corner-press-pin-and-pages", Fixture, NULL, fixture_setup,
              test_corner_press_and_pin, fixture_teardown);
  g_test_add ("/staff/wrong-pin-five-times-locks", Fixture, NULL, fixture_setup,
              test_wrong_pin_locks, fixture_teardown);
  g_test_add ("/staff/no-pin-set", Fixture, NULL, fixture_setup, test_no_pin_set,
              fixture_teardown);
  g_test_add ("/staff/cancel-returns-to-the-person", Fixture, NULL, fixture_setup,
              test_cancel_returns, fixture_teardown);
  g_test_add ("/staff/assisted-session-manifest", Fixture, NULL, fixture_setup,
              test_assisted_session, fixture_teardown);
  g_test_add ("/staff/idle-ends-staff-mode", Fixture, NULL, fixture_setup,
              test_idle_ends_staff_mode, fixture_teardown);
  g_test_add ("/staff/technician-leaves-kiosk-mode", Fixture, NULL, fixture_setup,
              test_technician_leaves_kiosk, fixture_teardown);
  g_test_add ("/staff/retry-now-uploads", Fixture, NULL, fixture_setup, test_retry_now_uploads,
              fixture_teardown);
  status = g_test_run ();
  g_rmdir (runtime_dir);
  return status;
}

/* test-wizard.c — a synthetic person walks each procedure through the real widgets.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-countries.h"
#include "procedures/vt-phone.h"
#include "procedures/vt-procedure.h"
#include "vt-i18n.h"
#include "vt-test-identity.h"
#include "vt-test-ui.h"
#include "vt-window.h"
#include "wizard/vt-date-picker.h"
#include "wizard/vt-done-page.h"
#include "wizard/vt-signature-page.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

typedef struct
{
  const char *procedure_id;
  const char *language;
  const char *who;          /* "titular" or "tercero" where the procedure asks */
  const char *channel;      /* preferred channel where there is a choice */
  const char *id_type;      /* tipo_identificacion */
  guint32     seed;
  int         width;        /* the kiosk screen: 1280 × 800 landscape or 800 × 1280 portrait */
  int         height;
  const char *country;      /* where the person lives, when not Spain (ISO alpha-2) */
} Scenario;

typedef struct
{
  char         *data_dir;
  GPtrArray    *procedures;
  VtQueue      *queue;
  VtCamera     *camera;
  VtWindow     *window;
  VtTestPerson *person;
  const Scenario *scenario;
  guint         shot;
  char         *shot_dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_dir = NULL;
  g_autofree char *sessions = NULL;

  f->scenario = data;
  vt_i18n_set_language (f->scenario->language);
  f->data_dir = g_dir_make_tmp ("vt-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  queue_dir = g_build_filename (f->data_dir, "queue", NULL);
  f->queue = vt_queue_open (queue_dir, &error);
  g_assert_no_error (error);
  f->camera = vt_camera_new ("synthetic");
  sessions = g_build_filename (f->data_dir, "sessions", NULL);
  f->window = vt_window_new (NULL, f->procedures, f->queue, f->camera, sessions);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->scenario->width, f->scenario->height);
  gtk_window_present (GTK_WINDOW (f->window));
  f->person = vt_test_person_new (f->scenario->seed);
  if (f->scenario->country != NULL)
    vt_test_person_move_to (f->person, f->scenario->country);
  f->shot_dir = g_strdup_printf ("screenshots/%s%s%s%s%s%s", f->scenario->procedure_id,
                                 g_str_equal (f->scenario->language, "es") ? "" : "-",
                                 g_str_equal (f->scenario->language, "es") ? "" : f->scenario->language,
                                 f->scenario->width < f->scenario->height ? "-vertical" : "",
                                 f->scenario->country ? "-" : "",
                                 f->scenario->country ? f->scenario->id_type : "");
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
  g_clear_object (&f->camera);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_clear_pointer (&f->person, vt_test_person_free);
  remove_tree (f->data_dir);
  g_free (f->data_dir);
  g_free (f->shot_dir);
  vt_i18n_set_language ("es");
}

static void
shoot (Fixture    *f,
       const char *what)
{
  int minimum;

  /* Nothing on the page may force the window wider than the kiosk's screen. */
  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum, <=, f->scenario->width);
  /* The window keeps the screen's size (less the decorations' few pixels). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, f->scenario->width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, f->scenario->width - 40);

  g_autofree char *name = g_strdup_printf ("%s/%02u-%s.png", f->shot_dir, ++f->shot, what);
  vt_test_ui_screenshot (GTK_WIDGET (f->window), name);
}

static VtPage *
current_page (Fixture *f)
{
  VtAssistant *assistant = vt_window_get_assistant (f->window);

  g_assert_nonnull (assistant);
  return vt_assistant_get_current_page (assistant);
}

/* What the synthetic person types into a field, by its id, then by its kind. */
static char *
value_for (Fixture       *f,
           const VtField *field)
{
  VtTestPerson *p = f->person;
  const char *id = field->id;

  if (g_str_equal (id, "nombres") || g_str_equal (id, "tercero_nombres"))
    return g_strdup (p->nombres);
  if (g_str_equal (id, "apellidos") || g_str_equal (id, "tercero_apellidos"))
    return g_strdup (p->apellidos);
  if (g_str_has_suffix (id, "cedula"))
    return g_strdup (p->cedula);
  if (g_str_has_suffix (id, "pasaporte"))
    return g_strdup (p->pasaporte);
  if (g_str_equal (id, "correo"))
    return g_strdup (p->correo);
  if (g_str_has_prefix (id, "telefono_exterior") || g_str_has_prefix (id, "telefono_contacto"))
    return vt_phone_format (p->telefono_exterior, TRUE);  /* national; the code from the picker */
  if (g_str_equal (id, "celular_ec"))
    return g_strdup (p->celular_ec);
  if (g_str_equal (id, "estado_residencia"))
    return g_strdup (p->estado);
  if (g_str_equal (id, "ciudad_residencia"))
    return g_strdup (p->ciudad);
  if (g_str_equal (id, "codigo_postal"))
    return g_strdup (p->codigo_postal);
  if (g_str_equal (id, "codigo_dactilar"))
    return g_ascii_strdown (p->codigo_dactilar, -1);  /* lower case must be accepted */
  if (g_str_has_suffix (id, "codigo_extranjero"))
    return g_strdup ("EXT-20931");
  if (g_str_equal (id, "telefono_fijo_ec"))
    return g_strdup ("022345678");

  if (g_str_equal (field->validator, "name"))
    return g_strdup ("Prueba Sintética");
  if (g_str_equal (field->validator, "email"))
    return g_strdup (p->correo);
  if (field->type == VT_FIELD_MULTILINE)
    return g_strdup ("Solicito atender este trámite de prueba generado por la batería de "
                     "pruebas automáticas de Ventanilla.");
  return g_strdup ("Texto de prueba");
}

static const char *
choice_for (Fixture       *f,
            const VtField *field)
{
  if (g_str_equal (field->id, "tramitante"))
    return f->scenario->who;
  if (g_str_equal (field->id, "tipo_identificacion") && f->scenario->id_type)
    return f->scenario->id_type;
  if (g_str_has_suffix (field->id, "tipo_identificacion"))
    return "cedula";
  return NULL;
}

static gboolean
has_height (gpointer widget)
{
  return gtk_widget_get_height (widget) > 0;
}

static void
fill_field (Fixture       *f,
            VtPage        *page,
            const VtField *field)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field->id);
  GtkWidget *input = vt_test_ui_find (GTK_WIDGET (page), name);

  g_assert_nonnull (input);
  if (!gtk_widget_get_mapped (input))
    return;  /* a conditional field hidden by an earlier answer */

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      if (GTK_IS_DROP_DOWN (input))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (input), 1);
        }
      else
        {
          const char *value = choice_for (f, field);
          const VtOption *first = g_ptr_array_index (field->options, 0);
          g_autofree char *button_name = g_strdup_printf ("%s-%s", name,
                                                          value ? value : first->value);
          GtkWidget *button = vt_test_ui_find (input, button_name);

          if (button == NULL)
            {
              g_autofree char *fallback = g_strdup_printf ("%s-%s", name, first->value);
              button = vt_test_ui_find (input, fallback);
            }
          g_assert_nonnull (button);
          /* A choice shown by the previous answer gets its size at the next frame. */
          g_assert_true (vt_test_ui_wait_for (has_height, button, 10000));
          g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
        }
      break;

    case VT_FIELD_COUNTRY:
      {
        vt_test_ui_select_country (input, f->person->pais);
        break;
      }

    case VT_FIELD_PHONE:
      {
        GtkWidget *prefix = vt_test_ui_find (gtk_widget_get_parent (input), "field-prefix");
        g_autofree char *value = value_for (f, field);
        g_assert_nonnull (prefix);
        vt_test_ui_select_country (prefix, f->person->pais);
        gtk_editable_set_text (GTK_EDITABLE (input), value);
        break;
      }

    case VT_FIELD_DATE:
      {
        const char *iso = g_str_equal (field->id, "fecha_expedicion") ? f->person->fecha_expedicion
                                                                      : f->person->fecha_nacimiento;
        /* Dates are chosen on a picker, not typed: its own test presses its buttons. */
        g_assert_true (vt_date_picker_set_iso (VT_DATE_PICKER (input), iso));
        break;
      }

    case VT_FIELD_MULTILINE:
      {
        g_autofree char *value = value_for (f, field);
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), value, -1);
        break;
      }

    default:
      {
        g_autofree char *value = value_for (f, field);
        gtk_editable_set_text (GTK_EDITABLE (input), value);
        break;
      }
    }
  vt_test_ui_wait (10);
}

static gboolean
page_complete (gpointer data)
{
  return vt_page_get_complete (data);
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static void
press_next (Fixture *f)
{
  VtPage *before = current_page (f);
  GtkWidget *next = vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)), "next");

  g_assert_nonnull (before);
  vt_test_ui_click (next);
  vt_test_ui_wait (30);
}

static void
capture (Fixture *f,
         VtPage  *page,
         gboolean video)
{
  GtkWidget *button = vt_test_ui_find (GTK_WIDGET (page), "capture");

  /* The preview must show frames before a photo can be taken; a video waits for the
   * microphone check to hear the synthetic reader. */
  if (video && !vt_test_ui_wait_for (widget_sensitive, button, 20000))
    g_error ("The video page never let recording start: «%s»",
             gtk_label_get_text (GTK_LABEL (vt_test_ui_find (GTK_WIDGET (page),
                                                             "capture-status"))));
  vt_test_ui_wait (video ? 300 : 600);
  /* A photo page takes the picture by itself once every check has held for a second: press
   * only when that has not begun (the button is then insensitive while the picture is taken). */
  if (video || (gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button)))
    vt_test_ui_click (button);
  if (video)
    {
      GtkWidget *stop = vt_test_ui_find (GTK_WIDGET (page), "stop");
      gint64 deadline = g_get_monotonic_time () + 55 * G_USEC_PER_SEC;

      vt_test_ui_wait (2500);
      shoot (f, "grabando");
      /* The synthetic camera reads the whole text aloud, as the speech check demands: stop
       * once it has said it all (a slow machine may reach the time limit first, and the
       * recording stops by itself). */
      while (!vt_camera_has_microphone_ended (f->camera) && gtk_widget_get_mapped (stop)
             && g_get_monotonic_time () < deadline)
        vt_test_ui_wait (100);
      vt_test_ui_wait (500);
      if (gtk_widget_get_mapped (stop))
        vt_test_ui_click (stop);
    }
  if (!vt_test_ui_wait_for (page_complete, page, 20000))
    g_error ("Capture page %s was not completed: «%s»", vt_page_get_page_id (page),
             gtk_label_get_text (GTK_LABEL (vt_test_ui_find (GTK_WIDGET (page),
                                                             "capture-status"))));
}

static GtkWidget *
find_visible_error (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "field-error")
      && gtk_widget_get_mapped (root) && *gtk_label_get_text (GTK_LABEL (root)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible_error (child);
      if (found)
        return found;
    }
  return NULL;
}

static void
sign (Fixture *f,
      VtPage  *page)
{
  VtSignature *signature = vt_signature_page_get_signature (VT_SIGNATURE_PAGE (page));
  GtkWidget *next = vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)), "next");

  /* A dot is not a signature: the page keeps the person there and says why. */
  vt_signature_begin_stroke (signature, 300, 120, 0.5);
  vt_signature_add_point (signature, 303, 121, 0.5);
  vt_test_ui_wait (30);
  vt_test_ui_click (next);
  vt_test_ui_wait (30);
  g_assert_true (vt_assistant_get_current_page (vt_window_get_assistant (f->window)) == page);
  g_assert_nonnull (find_visible_error (GTK_WIDGET (page)));
  shoot (f, "firma-rechazada");
  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (page), "signature-clear"));
  g_assert_cmpuint (vt_signature_get_n_points (signature), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (next));

  /* A looping, wide signature as a stylus would draw it across the pad. */
  vt_signature_begin_stroke (signature, 60, 160, 0.6);
  for (int i = 0; i < 240; i++)
    {
      double t = i / 240.0;
      vt_signature_add_point (signature, 60 + 480 * t,
                              150 + 60 * sin (t * 6 * G_PI) * (1 - 0.5 * t), 0.5 + 0.3 * t);
    }
  vt_signature_begin_stroke (signature, 120, 200, 0.5);
  for (int i = 0; i < 40; i++)
    vt_signature_add_point (signature, 120 + 8 * i, 200 + (i % 5), 0.5);
  vt_test_ui_wait (50);
}

static const VtPageDef *
page_definition (VtPage *page)
{
  return g_object_get_data (G_OBJECT (page), "vt-page-def");
}

/* A wrong cédula is refused at the field, with a message, and the page does not move on. */
static void
check_wrong_cedula (Fixture *f,
                    VtPage  *page)
{
  GtkWidget *input = vt_test_ui_find (GTK_WIDGET (page), "field-cedula");
  g_autofree char *good = g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
  g_autoptr(GRand) rand = g_rand_new_with_seed (f->scenario->seed);
  g_autofree char *wrong = vt_test_cedula_corrupt (good, rand);
  GtkWidget *next = vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)), "next");
  GtkWidget *error_label;

  gtk_editable_set_text (GTK_EDITABLE (input), wrong);
  vt_test_ui_click (next);
  vt_test_ui_wait (30);
  g_assert_true (current_page (f) == page);
  g_assert_true (gtk_widget_has_css_class (input, "error"));
  error_label = gtk_widget_get_next_sibling (input);
  while (error_label && !gtk_widget_has_css_class (error_label, "field-error"))
    error_label = gtk_widget_get_next_sibling (error_label);
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  shoot (f, "cedula-incorrecta");
  gtk_editable_set_text (GTK_EDITABLE (input), good);
  vt_test_ui_wait (30);
  g_assert_false (gtk_widget_get_visible (error_label));
}

/* Back then Next keeps what was typed. */
static void
check_back_keeps_answers (Fixture *f,
                          VtPage  *page,
                          const char *field_id)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field_id);
  GtkWidget *input = vt_test_ui_find (GTK_WIDGET (page), name);
  g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
  GtkWidget *back = vt_test_ui_find (GTK_WIDGET (vt_window_get_assistant (f->window)), "back");

  g_assert_true (gtk_widget_get_mapped (input));
  press_next (f);
  g_assert_true (current_page (f) != page);
  vt_test_ui_click (back);
  vt_test_ui_wait (30);
  g_assert_true (current_page (f) == page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input)), ==, typed);
}

static gboolean
is_done (gpointer data)
{
  Fixture *f = data;
  return g_strcmp0 (vt_window_get_visible_name (f->window), "done") == 0;
}

static void check_form_text (Fixture    *f,
                             const char *path);

/* Lines as pdftotext breaks them, joined back into one line of single spaces. */
static void
collapse_spaces (char *text)
{
  char *out = text;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out > text && out[-1] != ' ')
            *out++ = ' ';
        }
      else
        *out++ = *p;
    }
  *out = '\0';
}

/* The kiosk only keeps a sealed bundle: the test opens it as the office would, with the
 * development office key from tests/keys/, and checks what arrived. */
static void
assert_queued (Fixture    *f,
               GPtrArray  *expected_fields,
               GPtrArray  *expected_documents,
               VtProcedure *procedure)
{
  const char *id = vt_window_get_last_submission (f->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *key_path = g_build_filename (g_getenv ("VT_SOURCE_DIR"), "tests", "keys",
                                                "office-dev.sk", NULL);
  g_autofree char *office_dir = g_build_filename (f->data_dir, "office", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *answers_path = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) answers_parser = json_parser_new ();
  g_autoptr(JsonParser) manifest_parser = json_parser_new ();
  g_autoptr(VtBundleHeader) header = NULL;
  g_autofree char *bundle_contents = NULL;
  gsize bundle_len = 0;
  guint8 *secret_key;
  JsonObject *submission;
  JsonObject *answers;
  JsonArray *attachments;

  g_assert_nonnull (id);
  json = vt_queue_dup_submission_json (f->queue, id, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  submission = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (submission, "state"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (submission, "procedure"), ==,
                   f->scenario->procedure_id);

  /* Nothing of the person is readable in the bundle itself. */
  g_assert_true (g_file_get_contents (json_object_get_string_member (submission, "bundle"),
                                      &bundle_contents, &bundle_len, NULL));
  g_assert_cmpint (json_object_get_int_member (submission, "bundle_size"), ==, (gint64)bundle_len);
  g_assert_null (g_strstr_len (bundle_contents, bundle_len, f->person->cedula));
  g_assert_null (g_strstr_len (bundle_contents, bundle_len, f->person->apellidos));

  secret_key = vt_bundle_load_secret_key (key_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (office_dir, 0700), ==, 0);
  folder = vt_bundle_unseal (json_object_get_string_member (submission, "bundle"), secret_key,
                             NULL, NULL,
                             office_dir, &header, &error);
  vt_secret_key_free (secret_key);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  g_assert_cmpstr (header->submission_id, ==, id);
  g_assert_cmpstr (header->procedure_id, ==, f->scenario->procedure_id);

  answers_path = g_build_filename (folder, "answers.json", NULL);
  g_assert_true (json_parser_load_from_file (answers_parser, answers_path, &error));
  g_assert_no_error (error);
  answers = json_object_get_object_member (json_node_get_object (json_parser_get_root (answers_parser)),
                                           "answers");
  for (guint i = 0; i < expected_fields->len; i++)
    {
      const char *field = g_ptr_array_index (expected_fields, i);
      g_assert_true (json_object_has_member (answers, field));
      g_assert_cmpstr (json_object_get_string_member (answers, field), !=, "");
    }
  g_assert_true (json_object_has_member (answers, "canal"));

  manifest_path = g_build_filename (folder, "manifest.json", NULL);
  g_assert_true (json_parser_load_from_file (manifest_parser, manifest_path, &error));
  g_assert_no_error (error);
  attachments = json_object_get_array_member (json_node_get_object (json_parser_get_root (manifest_parser)),
                                              "attachments");
  for (guint i = 0; i < expected_documents->len; i++)
    {
      const char *document_id = g_ptr_array_index (expected_documents, i);
      const VtDocument *document = vt_procedure_find_document (procedure, document_id);
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (attachments); j++)
        {
          JsonObject *a = json_array_get_object_element (attachments, j);
          g_autofree char *path = NULL;
          g_autofree char *contents = NULL;
          g_autofree char *sha = NULL;
          gsize length;

          if (!g_str_equal (json_object_get_string_member (a, "name"), document_id))
            continue;
          found = TRUE;
          path = g_build_filename (folder, "attachments", json_object_get_string_member (a, "file"),
                                   NULL);
          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          g_assert_cmpint (length, >, 0);
          g_assert_cmpint ((gint64)length, <=, document->max_bytes);
          g_assert_cmpint (json_object_get_int_member (a, "size"), ==, (gint64)length);
          sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *)contents, length);
          g_assert_cmpstr (json_object_get_string_member (a, "sha256"), ==, sha);
          if (g_str_equal (document_id, "formulario"))
            check_form_text (f, path);
          /* What the camera took says which camera it was: here, the demonstration one. */
          if (document->kind == VT_DOCUMENT_SCAN || document->kind == VT_DOCUMENT_PHOTO
              || document->kind == VT_DOCUMENT_VIDEO)
            {
              JsonObject *source = json_object_get_object_member (a, "source");

              g_assert_nonnull (source);
              g_assert_cmpstr (json_object_get_string_member (source, "element"), ==,
                               "synthetic");
              g_assert_cmpstr (json_object_get_string_member (source, "device"), ==,
                               "Cámara de demostración");
              g_assert_true (json_object_get_boolean_member (source, "synthetic"));
              g_assert_true (g_str_has_suffix (json_object_get_string_member (source, "mode"),
                                               " 30 fps"));
              if (document->kind == VT_DOCUMENT_VIDEO)
                g_assert_cmpstr (json_object_get_string_member (source, "microphone"), ==,
                                 "Lector sintético de demostración");
            }
        }
      if (!found)
        g_error ("Attachment %s is missing from the queued submission", document_id);
    }
  remove_tree (office_dir);
}

static gboolean
receipt_has_hash (gpointer data)
{
  const VtReceipt *receipt = vt_done_page_get_receipt (data);
  return receipt != NULL && receipt->bundle_sha256 != NULL;
}

/* The receipt prints (to a PDF here) with the code shown on the confirmation page. */
static void
check_receipt (Fixture *f)
{
  GtkWidget *print = vt_test_ui_find (GTK_WIDGET (f->window), "print-receipt");
  GtkWidget *code = vt_test_ui_find (GTK_WIDGET (f->window), "submission-code");
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  g_autofree char *dir = g_build_filename (artifacts ? artifacts : "artifacts", f->shot_dir, NULL);
  g_autofree char *path = g_build_filename (dir, "comprobante.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", path, "-", NULL };
  int status;

  g_assert_nonnull (print);
  g_assert_true (gtk_widget_get_visible (print));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* The QR will carry the sealed bundle's hash, computed off the UI thread. */
  {
    VtDonePage *done = VT_DONE_PAGE (gtk_widget_get_ancestor (print, VT_TYPE_DONE_PAGE));
    g_autoptr(VtQueueItem) item = vt_queue_get_item (f->queue,
                                                     vt_window_get_last_submission (f->window),
                                                     NULL);

    g_assert_nonnull (item);
    g_assert_true (vt_test_ui_wait_for (receipt_has_hash, done, 10000));
    g_assert_cmpstr (vt_done_page_get_receipt (done)->bundle_sha256, ==, item->bundle_sha256);

    /* The QR on the screen decodes to the same as the printed one. */
    {
      g_autofree char *shot = g_strdup_printf ("%s/%02u-confirmacion-qr.png", dir, f->shot + 1);
      g_autofree char *decoded = NULL;
      g_autofree char *expected = vt_receipt_qr_payload (vt_done_page_get_receipt (done));
      const char *scan[] = { "zbarimg", "--quiet", "--raw", shot, NULL };

      g_assert_true (gtk_widget_get_visible (vt_test_ui_find (GTK_WIDGET (f->window),
                                                              "submission-qr")));
      shoot (f, "confirmacion-qr");
      /* The code, its QR, what to do with them and the receipt's button are all on the screen
       * without scrolling, above the button bar, landscape and portrait. */
      {
        const char *names[] = { "submission-code", "submission-qr", "keep-code",
                                "print-receipt" };
        GtkWidget *scroller = gtk_widget_get_ancestor (code, GTK_TYPE_SCROLLED_WINDOW);
        graphene_rect_t visible, bounds;

        g_assert_true (gtk_widget_compute_bounds (scroller, GTK_WIDGET (f->window), &visible));
        for (guint i = 0; i < G_N_ELEMENTS (names); i++)
          {
            GtkWidget *widget = vt_test_ui_find (GTK_WIDGET (f->window), names[i]);

            g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->window), &bounds));
            g_test_message ("%s: %.0f..%.0f of %.0f..%.0f", names[i], bounds.origin.y,
                            bounds.origin.y + bounds.size.height, visible.origin.y,
                            visible.origin.y + visible.size.height);
            g_assert_true (graphene_rect_contains_rect (&visible, &bounds));
          }
      }
      g_assert_true (g_spawn_sync (NULL, (char **)scan, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &decoded, NULL, &status, NULL));
      g_assert_cmpstr (g_strstrip (decoded), ==, expected);
    }
  }
  g_assert_true (vt_done_page_print (VT_DONE_PAGE (gtk_widget_get_ancestor (print,
                                                                            VT_TYPE_DONE_PAGE)),
                                     path, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, NULL));
  g_assert_nonnull (strstr (text, gtk_label_get_text (GTK_LABEL (code))));
  g_assert_nonnull (strstr (text, "Comprobante de trámite"));
  /* The receipt is as true as the screen: filed from here, or to be filed at the agency. */
  collapse_spaces (text);
  g_assert_nonnull (strstr (text, "no es el número de trámite del IESS"));
  g_assert_nonnull (strstr (text, g_str_equal (f->scenario->channel, "presencial")
                                  ? "el quiosco no lo ingresa por usted"
                                  : "El número de trámite lo genera el sistema del IESS"));

  /* And the printed QR decodes to the code and that hash. */
  {
    g_autofree char *prefix = g_build_filename (dir, "comprobante", NULL);
    g_autofree char *png = g_build_filename (dir, "comprobante-1.png", NULL);
    g_autofree char *decoded = NULL;
    g_autofree char *expected = vt_receipt_qr_payload (
      vt_done_page_get_receipt (VT_DONE_PAGE (gtk_widget_get_ancestor (print, VT_TYPE_DONE_PAGE))));
    const char *to_png[] = { "pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", path, prefix,
                             NULL };
    const char *scan[] = { "zbarimg", "--quiet", "--raw", png, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)to_png, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_sync (NULL, (char **)scan, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &decoded, NULL, &status, NULL));
    g_assert_cmpstr (g_strstrip (decoded), ==, expected);
  }

  /* Presencial: the papers to take along, signed, with the checklist of originals. */
  {
    GtkWidget *packet = vt_test_ui_find (GTK_WIDGET (f->window), "print-packet");
    g_autofree char *packet_path = g_build_filename (dir, "documentos-para-llevar.pdf", NULL);
    g_autofree char *packet_text = NULL;
    const char *to_text[] = { "pdftotext", packet_path, "-", NULL };

    g_assert_nonnull (packet);
    if (!g_str_equal (f->scenario->channel, "presencial"))
      {
        g_assert_false (gtk_widget_get_visible (packet));
        return;
      }
    g_assert_true (gtk_widget_get_visible (packet));
    g_assert_true (vt_done_page_print_packet (VT_DONE_PAGE (gtk_widget_get_ancestor (
                                                packet, VT_TYPE_DONE_PAGE)),
                                              packet_path, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_sync (NULL, (char **)to_text, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &packet_text, NULL, &status, NULL));
    g_assert_nonnull (strstr (packet_text, "Atentamente"));
    g_assert_nonnull (strstr (packet_text, "LISTA DE LO QUE DEBE LLEVAR"));
    if (g_str_equal (f->scenario->who, "tercero"))
      g_assert_nonnull (strstr (packet_text, "AUTORIZACIÓN A TERCEROS"));
    else
      g_assert_null (strstr (packet_text, "AUTORIZACIÓN A TERCEROS"));
  }
}

/* The review and the video's text name the document the person chose, with its number. */
static void
check_identity_words (Fixture *f,
                      VtPage  *review)
{
  VtSession *session = vt_page_get_session (review);
  const char *text = vt_procedure_get_video_text (vt_session_get_procedure (session));
  const char *type = vt_session_get_answer (session, "tipo_identificacion");
  g_autofree char *spoken = NULL;
  g_autofree char *expected = NULL;

  if (text == NULL || type == NULL)
    return;
  spoken = vt_session_expand (session, text);
  expected = g_strdup_printf ("portador %s número %s",
                              g_str_equal (type, "cedula") ? "de la cédula de identidad"
                              : g_str_equal (type, "pasaporte") ? "del pasaporte"
                              : "del código de identificación para extranjeros",
                              vt_session_get_identity_number (session));
  g_assert_nonnull (strstr (spoken, expected));
  if (!g_str_equal (type, "cedula"))
    {
      g_assert_null (strstr (spoken, "cédula"));
      g_assert_nonnull (vt_test_ui_find_label (GTK_WIDGET (review),
                                               g_str_equal (type, "pasaporte")
                                               ? "Número de pasaporte"
                                               : "Código de identificación para extranjeros"));
    }
  if (f->scenario->country != NULL)
    g_assert_nonnull (strstr (spoken, vt_country_lookup (f->scenario->country)->name_es));
}

/* The 003 form as the office receives it, read back with pdftotext. */
static void
check_form_text (Fixture    *f,
                 const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  const char *type = f->scenario->id_type;
  g_autofree char *text = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  collapse_spaces (text);
  if (g_strcmp0 (type, "pasaporte") == 0)
    {
      g_assert_nonnull (strstr (text, "Número de pasaporte"));
      g_assert_nonnull (strstr (text, f->person->pasaporte));
      g_assert_nonnull (strstr (text, "Pasaporte: "));
    }
  else if (g_strcmp0 (type, "codigo_extranjero") == 0)
    {
      g_assert_nonnull (strstr (text, "Código de identificación para extranjeros"));
      g_assert_nonnull (strstr (text, "EXT-20931"));
    }
  if (g_strcmp0 (type, "cedula") != 0)
    {
      /* No line about a cédula the person does not have. */
      g_assert_null (strstr (text, "cédula de identidad ecuatoriana"));
      g_assert_null (strstr (text, "Código dactilar"));
      g_assert_null (strstr (text, "C.I.:"));
    }
  if (f->scenario->country != NULL)
    {
      g_assert_nonnull (strstr (text, vt_country_lookup (f->scenario->country)->name_es));
      g_assert_nonnull (strstr (text, f->person->telefono_exterior));
    }
  /* Without a printer the signature was drawn, and the form says so. */
  g_assert_nonnull (strstr (text, "trazada con el dedo en la pantalla del quiosco"));
}

static void
collect_expectations (Fixture   *f,
                      VtSession *session,
                      GPtrArray *fields,
                      GPtrArray *documents)
{
  GPtrArray *pages = vt_procedure_get_pages (vt_session_get_procedure (session));

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (!vt_session_page_is_active (session, page))
        continue;
      for (guint j = 0; page->fields && j < page->fields->len; j++)
        {
          const VtField *field = g_ptr_array_index (page->fields, j);
          if (field->required && vt_session_field_is_active (session, field))
            g_ptr_array_add (fields, g_strdup (field->id));
        }
      if (page->document != NULL)
        g_ptr_array_add (documents, g_strdup (page->document));
    }
}

static void
test_walk_through (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start_name = g_strdup_printf ("procedure-%s", f->scenario->procedure_id);
  g_autoptr(VtProcedure) procedure = NULL;
  gboolean checked_cedula = FALSE;
  gboolean checked_back = FALSE;
  guint guard = 0;

  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
  shoot (f, "inicio");
  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), start_name));
  vt_test_ui_wait (50);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "wizard");
  procedure = g_object_ref (vt_session_get_procedure (vt_page_get_session (current_page (f))));

  for (;;)
    {
      VtPage *page = current_page (f);
      const VtPageDef *definition = page_definition (page);
      const char *page_id = vt_page_get_page_id (page);
      guint step, n_steps;

      g_assert_cmpuint (++guard, <, 40);
      step = vt_assistant_get_step (vt_window_get_assistant (f->window), &n_steps);
      g_assert_cmpuint (step, >=, 1);
      g_assert_cmpuint (step, <=, n_steps);

      if (g_str_equal (page_id, "canal"))
        {
          g_autofree char *button_name = g_strdup_printf ("channel-%s", f->scenario->channel);
          GtkWidget *button = vt_test_ui_find (GTK_WIDGET (page), button_name);
          if (button != NULL)
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          vt_test_ui_wait (30);
        }
      else if (g_str_equal (page_id, "revision"))
        {
          g_autoptr(GPtrArray) missing = vt_session_list_missing (vt_page_get_session (page));
          g_assert_cmpuint (missing->len, ==, 0);
          check_identity_words (f, page);
          collect_expectations (f, vt_page_get_session (page), fields, documents);
          g_assert_true (vt_page_get_complete (page));
          shoot (f, page_id);
          press_next (f);
          break;
        }
      else if (definition->kind == VT_PAGE_FIELDS)
        {
          /* Choices first: they reveal the fields that depend on them. */
          for (guint pass = 0; pass < 2; pass++)
            for (guint i = 0; i < definition->fields->len; i++)
              {
                const VtField *field = g_ptr_array_index (definition->fields, i);
                if ((field->type == VT_FIELD_CHOICE) == (pass == 0))
                  fill_field (f, page, field);
              }
          if (!checked_cedula && vt_test_ui_find (GTK_WIDGET (page), "field-cedula")
              && gtk_widget_get_mapped (vt_test_ui_find (GTK_WIDGET (page), "field-cedula")))
            {
              check_wrong_cedula (f, page);
              checked_cedula = TRUE;
            }
        }
      else if (definition->kind == VT_PAGE_CAPTURE)
        {
          const VtDocument *document = vt_procedure_find_document (procedure, definition->document);
          capture (f, page, document->kind == VT_DOCUMENT_VIDEO);
        }
      else if (definition->kind == VT_PAGE_SIGNATURE)
        sign (f, page);

      shoot (f, page_id);
      if (!checked_back && definition && definition->kind == VT_PAGE_FIELDS
          && vt_test_ui_find (GTK_WIDGET (page), "field-nombres")
          && gtk_widget_get_mapped (vt_test_ui_find (GTK_WIDGET (page), "field-nombres")))
        {
          check_back_keeps_answers (f, page, "nombres");
          checked_back = TRUE;
        }
      press_next (f);
      if (vt_window_get_assistant (f->window) == NULL || current_page (f) == page)
        g_error ("Page %s did not accept the synthetic person's answers", page_id);
    }

  g_assert_true (vt_test_ui_wait_for (is_done, f, 10000));
  g_assert_null (vt_window_get_assistant (f->window));
  shoot (f, "confirmacion");
  g_assert_nonnull (vt_test_ui_find (GTK_WIDGET (f->window), "submission-code"));
  /* Presencial papers are only prepared here: the page must not say the procedure was filed. */
  {
    const char *title = gtk_label_get_text (GTK_LABEL (vt_test_ui_find (GTK_WIDGET (f->window),
                                                                        "done-title")));
    const char *status = gtk_label_get_text (GTK_LABEL (vt_test_ui_find (GTK_WIDGET (f->window),
                                                                         "done-status")));
    gboolean english = g_str_equal (f->scenario->language, "en");

    if (g_str_equal (f->scenario->channel, "presencial"))
      {
        g_assert_cmpstr (title, ==, english ? "Your documents are ready"
                                            : "Sus documentos están listos");
        g_assert_nonnull (strstr (status, english ? "does not file it" : "no lo ingresa"));
      }
    else
      {
        g_assert_cmpstr (title, ==, english ? "Your request has been saved"
                                            : "Su solicitud quedó guardada");
        g_assert_nonnull (strstr (status, english ? "Virtual" : "Ventanilla Virtual"));
      }
    g_assert_null (strstr (title, "registrado"));
  }
  check_receipt (f);
  assert_queued (f, fields, documents, procedure);
  g_assert_cmpuint (fields->len, >, 3);
  g_assert_true (checked_back);

  /* Nothing of the session stays in its working folder. */
  {
    g_autofree char *sessions = g_build_filename (f->data_dir, "sessions", NULL);
    g_autoptr(GDir) dir = g_dir_open (sessions, 0, NULL);
    g_assert_null (dir ? g_dir_read_name (dir) : NULL);
  }

  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), "finish"));
  vt_test_ui_wait (50);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
}

static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* Leaving asks first, then wipes what was entered. */
static void
test_leave_wipes (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *start_name = g_strdup_printf ("procedure-%s", f->scenario->procedure_id);
  g_autofree char *sessions = g_build_filename (f->data_dir, "sessions", NULL);
  g_autoptr(GDir) dir = NULL;
  GtkWidget *dialog;
  VtPage *page;

  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), start_name));
  vt_test_ui_wait (50);
  press_next (f);
  page = current_page (f);
  fill_field (f, page, g_ptr_array_index (page_definition (page)->fields, 0));
  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), "exit"));
  vt_test_ui_wait (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  vt_test_ui_screenshot (dialog, "screenshots/salir-del-tramite.png");

  /* "Seguir" keeps everything. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  vt_test_ui_wait (100);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "wizard");
  g_assert_true (current_page (f) == page);

  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (f->window), "exit"));
  vt_test_ui_wait (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "leave");
  vt_test_ui_wait (100);
  g_assert_cmpstr (vt_window_get_visible_name (f->window), ==, "start");
  g_assert_null (vt_window_get_assistant (f->window));
  dir = g_dir_open (sessions, 0, NULL);
  g_assert_null (dir ? g_dir_read_name (dir) : NULL);
}

static const Scenario scenarios[] = {
  { "copias-certificadas-exterior", "es", "titular", "presencial", NULL, 1001, 1280, 800 },
  { "certificado-atencion-sgrt", "es", "titular", "virtual", "cedula", 1002, 1280, 800 },
  { "no-afiliacion-extranjeros", "es", "tercero", "presencial", NULL, 1003, 1280, 800 },
  { "actualizacion-contacto-exterior", "es", "titular", "virtual", "cedula", 1004, 1280, 800 },
  { "actualizacion-contacto-exterior", "en", "titular", "virtual", "cedula", 1005, 1280, 800 },
  { "actualizacion-contacto-exterior", "es", "titular", "virtual", "cedula", 1007, 800, 1280 },
  { "codigo-extranjeros", "es", "titular", "presencial", NULL, 1006, 1280, 800 },
  /* A passport holder in Mongolia and a foreigner-code holder in Ghana: every country,
   * every document's own words. */
  { "actualizacion-contacto-exterior", "es", "titular", "virtual", "pasaporte", 1008, 1280, 800,
    "MN" },
  { "actualizacion-contacto-exterior", "es", "titular", "virtual", "codigo_extranjero", 1009,
    1280, 800, "GH" },
};

int
main (int   argc,
      char *argv[])
{
  static const Scenario leave = { "actualizacion-contacto-exterior", "es", "titular", "virtual",
                                  "cedula", 2001, 1280, 800 };

  vt_test_ui_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/wizard/%s/%s%s%s%s%s",
                                               scenarios[i].procedure_id,
                                               scenarios[i].language,
                                               scenarios[i].width < scenarios[i].height
                                               ? "/vertical" : "",
                                               scenarios[i].country ? "/" : "",
                                               scenarios[i].country ? scenarios[i].id_type : "",
                                               scenarios[i].country ? "-abroad" : "");
      g_test_add (path, Fixture, &scenarios[i], fixture_setup, test_walk_through,
                  fixture_teardown);
    }
  g_test_add ("/ui/wizard/leave-asks-and-wipes", Fixture, &leave, fixture_setup,
              test_leave_wipes, fixture_teardown);
  return g_test_run ();
}

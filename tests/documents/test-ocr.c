/* test-ocr.c — the ID number read from a captured card, and the warning it may raise.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "documents/vt-ocr.h"
#include "procedures/vt-procedure.h"
#include "vt-application.h"
#include "vt-test-identity.h"
#include "wizard/vt-ocr-check.h"
#include "wizard/vt-review-page.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <pango/pangocairo.h>

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
text_at (cairo_t    *cr,
         const char *font,
         const char *text,
         double      x,
         double      y)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* A synthetic ID card as a camera would see it: printed number with its hyphen. */
static GBytes *
card_image (const char *cedula,
            const char *names)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 630);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *number = g_strdup_printf ("No. %.9s-%c", cedula, cedula[9]);

  cairo_set_source_rgb (cr, 0.93, 0.95, 0.97);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.15);
  text_at (cr, "DejaVu Sans Bold 22", "REPÚBLICA DEL ECUADOR", 60, 40);
  text_at (cr, "DejaVu Sans 18", "CÉDULA DE CIUDADANÍA", 60, 90);
  text_at (cr, "DejaVu Sans Bold 30", number, 60, 150);
  text_at (cr, "DejaVu Sans 20", names, 60, 260);
  text_at (cr, "DejaVu Sans 16", "DOCUMENTO SINTÉTICO DE PRUEBA", 60, 520);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_cb, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static void
test_reads_number (void)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (77);
  g_autoptr(GBytes) image = card_image (person->cedula, "PRUEBA SINTÉTICA");
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);
  g_autofree char *other = vt_test_cedula_corrupt (person->cedula, rand);

  numbers = vt_ocr_find_numbers (image, &error);
  g_assert_no_error (error);
  g_assert_true (vt_ocr_numbers_match (numbers, person->cedula));
  g_assert_false (vt_ocr_numbers_match (numbers, other));
}

static void
test_unreadable_input (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("not an image", 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = vt_ocr_find_numbers (junk, &error);

  g_assert_null (numbers);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

typedef struct
{
  GPtrArray *procedures;
  VtSession *session;
  char      *workdir;
  gboolean   done;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  f->workdir = g_dir_make_tmp ("vt-ocr-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < f->procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (f->procedures, i);
      if (g_str_equal (vt_procedure_get_id (procedure), "actualizacion-contacto-exterior"))
        f->session = vt_session_new (procedure, f->workdir, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (f->session);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_rmdir (f->workdir);
  g_free (f->workdir);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_true (vt_ocr_check_finish (VT_SESSION (object), result, NULL));
  f->done = TRUE;
}

static void
run_check (Fixture *f)
{
  f->done = FALSE;
  vt_ocr_check_async (f->session, NULL, checked_cb, f);
  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

/* A typed number that differs from the card asks the person to check; a matching one does
 * not; and the review page shows the request. */
static void
test_warning (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (78);
  g_autoptr(GBytes) image = card_image (person->cedula, "PRUEBA SINTÉTICA");
  g_autoptr(GRand) rand = g_rand_new_with_seed (78);
  g_autofree char *mistyped = vt_test_cedula_new (rand);
  g_autofree char *warning = NULL;
  GtkWidget *window;
  VtPage *review;
  GtkWidget *notice = NULL;

  vt_session_set_answer (f->session, "canal", "virtual");
  vt_session_set_answer (f->session, "tipo_identificacion", "cedula");
  vt_session_set_answer (f->session, "cedula", mistyped);
  g_assert_true (vt_session_store_capture (f->session, "cedula_anverso", "image/png", image,
                                           NULL));
  run_check (f);
  warning = vt_ocr_check_warning (f->session);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, person->cedula));
  g_assert_nonnull (strstr (warning, mistyped));

  /* The review page shows it. */
  window = gtk_window_new ();
  review = vt_review_page_new (f->session);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (review));
  gtk_window_present (GTK_WINDOW (window));
  vt_page_shown (review);
  notice = find_named (GTK_WIDGET (review), "ocr-warning");
  g_assert_nonnull (notice);
  g_assert_true (gtk_widget_get_visible (notice));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (notice)), ==, warning);

  /* Typed right: no warning, and nothing is read twice for the same capture. */
  vt_session_set_answer (f->session, "cedula", person->cedula);
  g_clear_pointer (&warning, g_free);
  warning = vt_ocr_check_warning (f->session);
  g_assert_null (warning);

  /* A retake is read again: the old reading no longer counts. */
  {
    g_autoptr(GBytes) other = card_image (mistyped, "OTRA PERSONA PRUEBA");
    g_assert_true (vt_session_store_capture (f->session, "cedula_anverso", "image/png", other,
                                             NULL));
    run_check (f);
    warning = vt_ocr_check_warning (f->session);
    g_assert_nonnull (warning);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  vt_register_resources ();

  g_test_add_func ("/ocr/reads-number", test_reads_number);
  g_test_add_func ("/ocr/unreadable-input", test_unreadable_input);
  g_test_add ("/ocr/warning", Fixture, NULL, fixture_setup, test_warning, fixture_teardown);
  return g_test_run ();
}

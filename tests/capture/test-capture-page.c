/* test-capture-page.c — the capture pages on the synthetic camera: live guidance, auto-capture,
 * the teleprompter; a screenshot of each state goes to _build/artifacts/capture/.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "capture/vt-camera.h"
#include "procedures/vt-procedure.h"
#include "vt-test-ui.h"
#include "wizard/vt-capture-page.h"
#include "wizard/vt-session.h"

#include <adwaita.h>
#include <glib/gstdio.h>

typedef struct
{
  const char *name;
  const char *camera;
  const char *page_id;
  const char *document;
  const char *guidance;     /* expected instruction, or NULL when the page must auto-capture */
} Scenario;

static const Scenario scenarios[] = {
  { "photo-portrait", "synthetic:portrait", "captura_foto_rostro", "foto_rostro", NULL },
  { "photo-no-face", "synthetic:noface", "captura_foto_rostro", "foto_rostro",
    "Mire a la cámara: no se ve su rostro" },
  { "photo-blurred", "synthetic:blur", "captura_foto_rostro", "foto_rostro",
    "Quédese quieto: la imagen está borrosa" },
  { "photo-dark", "synthetic:dark", "captura_foto_rostro", "foto_rostro", "Más luz" },
  { "scan-id-card", "synthetic:portrait", "captura_cedula_anverso", "cedula_anverso", NULL },
  { "scan-passport", "synthetic:portrait", "captura_pasaporte", "pasaporte_datos", NULL },
};

static VtProcedure *
find_procedure (GPtrArray  *procedures,
                const char *id)
{
  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (procedures, i)), id))
      return g_ptr_array_index (procedures, i);
  return NULL;
}

static const VtPageDef *
find_page (VtProcedure *procedure,
           const char  *id)
{
  GPtrArray *pages = vt_procedure_get_pages (procedure);

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (g_str_equal (page->id, id))
        return page;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *window;
  VtPage     *page;
  VtCamera   *camera;
  VtSession  *session;
  GPtrArray  *procedures;
  char       *workdir;
} Fixture;

static void
fixture_open (Fixture    *f,
              const char *camera_spec,
              const char *page_id)
{
  g_autoptr(GError) error = NULL;
  VtProcedure *procedure;
  const VtPageDef *definition;

  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  procedure = find_procedure (f->procedures, "actualizacion-contacto-exterior");
  g_assert_nonnull (procedure);
  definition = find_page (procedure, page_id);
  g_assert_nonnull (definition);
  f->workdir = g_dir_make_tmp ("vt-capture-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = vt_session_new (procedure, f->workdir, &error);
  g_assert_no_error (error);
  /* A synthetic person: the teleprompter reads their names back. */
  vt_session_set_answer (f->session, "nombres", "Ana Lucía");
  vt_session_set_answer (f->session, "apellidos", "Pérez Mora");
  vt_session_set_answer (f->session, "numero_identificacion", "1710034065");
  f->camera = vt_camera_new (camera_spec);
  f->page = g_object_ref_sink (vt_capture_page_new (f->session, definition, f->camera));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 900);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  vt_page_shown (f->page);
}

static void
fixture_close (Fixture *f)
{
  vt_page_hidden (f->page);
  vt_camera_stop (f->camera);
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_ui_wait (50);
  vt_session_discard (f->session);
  g_assert_finalize_object (g_steal_pointer (&f->page));
  g_clear_object (&f->session);
  g_clear_object (&f->camera);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_rmdir (f->workdir);
  g_free (f->workdir);
}

static gboolean
page_complete (gpointer data)
{
  return vt_page_get_complete (VT_PAGE (data));
}

typedef struct
{
  GtkWidget  *label;
  const char *text;
} Expect;

static gboolean
label_says (gpointer data)
{
  Expect *expect = data;

  return gtk_widget_get_visible (expect->label)
         && g_strcmp0 (gtk_label_get_text (GTK_LABEL (expect->label)), expect->text) == 0;
}

static void
test_scenario (gconstpointer data)
{
  const Scenario *scenario = data;
  g_autoptr(VtCamera) probe = vt_camera_new ("synthetic");
  g_autofree char *live = NULL;
  g_autofree char *review = NULL;
  Fixture f = { 0 };
  GtkWidget *guidance;

  if (!vt_camera_has_face_detector (probe) && g_str_has_prefix (scenario->name, "photo"))
    {
      g_test_skip ("facedetect (gstreamer1.0-opencv, opencv-data) is not installed");
      return;
    }

  fixture_open (&f, scenario->camera, scenario->page_id);
  guidance = vt_test_ui_find (f.window, "guidance");
  g_assert_nonnull (guidance);
  live = g_strdup_printf ("%s.png", scenario->name);

  if (scenario->guidance != NULL)
    {
      Expect expect = { guidance, scenario->guidance };

      /* The instruction appears and stays; nothing is taken. */
      g_assert_true (vt_test_ui_wait_for (label_says, &expect, 8000));
      vt_test_ui_wait (1500);
      g_assert_true (label_says (&expect));
      g_assert_false (vt_page_get_complete (f.page));
      vt_test_ui_screenshot (f.window, live);
      /* Pressing the button anyway says what is wrong instead of taking the picture. */
      vt_test_ui_click (vt_test_ui_find (f.window, "capture"));
      vt_test_ui_wait (100);
      g_assert_false (vt_page_get_complete (f.page));
    }
  else
    {
      GtkWidget *countdown = vt_test_ui_find (f.window, "countdown");

      /* Every check holds: the countdown shows, then the picture is taken by itself. */
      g_assert_true (vt_test_ui_wait_for ((gboolean (*) (gpointer))gtk_widget_get_visible,
                                          countdown, 8000));
      vt_test_ui_screenshot (f.window, live);
      g_assert_true (vt_test_ui_wait_for (page_complete, f.page, 10000));
      review = g_strdup_printf ("%s-review.png", scenario->name);
      vt_test_ui_wait (200);
      vt_test_ui_screenshot (f.window, review);
      g_assert_true (gtk_widget_get_visible (vt_test_ui_find (f.window, "retake")));
      g_assert_false (gtk_widget_get_visible (vt_test_ui_find (f.window, "capture")));
      g_assert_cmpint (vt_session_get_capture_size (f.session, scenario->document), >, 0);
      g_assert_cmpint (vt_session_get_capture_size (f.session, scenario->document), <=, 2000000);
    }
  fixture_close (&f);
}

static void
test_video_page (void)
{
  Fixture f = { 0 };
  GtkWidget *current;

  fixture_open (&f, "synthetic:portrait:tone", "captura_video");
  current = vt_test_ui_find (f.window, "prompter-current");
  g_assert_nonnull (current);
  /* The teleprompter starts at the first line, with the person's own names in it. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (current)), "Yo, Ana Lucía"));
  vt_test_ui_wait (1500);
  vt_test_ui_screenshot (f.window, "video-before.png");
  vt_test_ui_click (vt_test_ui_find (f.window, "capture"));
  vt_test_ui_wait (3500);
  /* The tone counts as voice: the highlighted line has moved on. */
  g_assert_false (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (current)), "Yo, Ana Lucía"));
  vt_test_ui_screenshot (f.window, "video-recording.png");
  vt_test_ui_click (vt_test_ui_find (f.window, "stop"));
  g_assert_true (vt_test_ui_wait_for (page_complete, f.page, 15000));
  vt_test_ui_wait (300);
  vt_test_ui_screenshot (f.window, "video-review.png");
  g_assert_true (gtk_widget_get_visible (vt_test_ui_find (f.window, "play")));
  g_assert_cmpint (vt_session_get_capture_size (f.session, "video_autorizacion"), <=, 5000000);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/capture/page/%s", scenarios[i].name);
      g_test_add_data_func (path, &scenarios[i], test_scenario);
    }
  g_test_add_func ("/capture/page/video", test_video_page);
  return g_test_run ();
}

/* test-ink-signature.c — print, sign in ink, scan back: a real CUPS prints the form, the
 * test signs the printed page's rendering, and the synthetic document camera shows it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-cups.h"
#include "vt-test-paper.h"
#include "vt-test-ui.h"

#include "capture/vt-camera.h"
#include "documents/vt-pdf.h"
#include "documents/vt-signed-page.h"
#include "outbox/vt-queue.h"
#include "vt-test-identity.h"
#include "wizard/vt-ink-signature-page.h"
#include "wizard/vt-paperwork.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

static VtTestCups *cups;

static VtProcedure *
load_procedure (const char *id)
{
  g_autoptr(GPtrArray) procedures = vt_procedures_load_builtin (NULL);

  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (procedures, i)), id))
      return g_object_ref (g_ptr_array_index (procedures, i));
  g_assert_not_reached ();
}

/* A passport holder in Mongolia, every answer of 003 given. */
static void
answer_003 (VtSession    *session,
            VtTestPerson *p)
{
  vt_session_set_answer (session, "canal", "virtual");
  vt_session_set_answer (session, "tipo_identificacion", "pasaporte");
  vt_session_set_answer (session, "pasaporte", p->pasaporte);
  vt_session_set_answer (session, "nombres", p->nombres);
  vt_session_set_answer (session, "apellidos", p->apellidos);
  vt_session_set_answer (session, "fecha_nacimiento", p->fecha_nacimiento);
  vt_session_set_answer (session, "provincia_nacimiento", "exterior");
  vt_session_set_answer (session, "sector", "Sector de prueba");
  vt_session_set_answer (session, "categoria", "tramite");
  vt_session_set_answer (session, "requerimiento", "actualizacion-datos-contacto-exterior");
  vt_session_set_answer (session, "pais_residencia", p->pais);
  vt_session_set_answer (session, "estado_residencia", p->estado);
  vt_session_set_answer (session, "ciudad_residencia", p->ciudad);
  vt_session_set_answer (session, "codigo_postal", p->codigo_postal);
  vt_session_set_answer (session, "telefono_exterior", p->telefono_exterior);
  vt_session_set_answer (session, "correo", p->correo);
  vt_session_set_answer (session, "celular_ec", p->celular_ec);
  vt_session_set_answer (session, "detalle_pedido", "Deseo actualizar mi correo.");
}

typedef struct
{
  VtInkSignaturePage *page;
  const char         *prefix;
} StatusWait;

static gboolean
status_starts (gpointer data)
{
  StatusWait *wait = data;
  const char *status = vt_ink_signature_page_get_status (wait->page);

  return status != NULL && g_str_has_prefix (status, wait->prefix);
}

static gboolean
status_settled (gpointer data)
{
  const char *status = vt_ink_signature_page_get_status (data);

  return status != NULL && !g_str_has_prefix (status, "Revisando")
         && !g_str_has_prefix (status, "Imprimiendo");
}

static gboolean
preview_has_frames (gpointer data)
{
  GdkPaintable *paintable = vt_camera_get_paintable (data);

  return gdk_paintable_get_intrinsic_width (paintable) == 1280;
}

/* Lays `page` on the document camera's desk and scans it; returns what the page says. */
static const char *
show_and_scan (VtInkSignaturePage *page,
               VtCamera           *camera,
               VtTestPage         *paper,
               const char         *scene,
               GtkWidget          *window,
               const char         *shot)
{
  g_autofree char *saved = vt_test_page_save (paper, scene);
  g_autofree char *shot_path = g_strdup_printf ("papers/ink-%s.png", shot);

  /* The synthetic camera reads its scene when it starts: a new page on the desk. */
  vt_camera_stop (camera);
  g_assert_true (vt_camera_start (camera, NULL));
  g_assert_true (vt_test_ui_wait_for (preview_has_frames, camera, 10000));
  vt_test_ui_wait (600);
  /* A restarted camera may not have given its first frame yet: the page says so, and the
   * person presses again. */
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      vt_ink_signature_page_scan (page);
      g_assert_true (vt_test_ui_wait_for (status_settled, page, 20000));
      if (!g_str_has_prefix (vt_ink_signature_page_get_status (page), "La cámara aún no"))
        break;
      vt_test_ui_wait (300);
    }
  vt_test_ui_screenshot (window, shot_path);
  return vt_ink_signature_page_get_status (page);
}

static guint
count_pages (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\f' ? 1 : 0;
  return n;
}

static void
test_print_sign_scan (void)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (7301);
  g_autoptr(VtProcedure) procedure = load_procedure ("actualizacion-contacto-exterior");
  g_autofree char *workdir = g_dir_make_tmp ("vt-ink-XXXXXX", NULL);
  g_autofree char *sessions = g_build_filename (workdir, "sessions", NULL);
  g_autofree char *scene = g_build_filename (workdir, "desk.png", NULL);
  g_autofree char *spec = g_strdup_printf ("synthetic:page=%s", scene);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtCamera) camera = vt_camera_new (spec);
  g_autoptr(GPtrArray) printed = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(VtTestPage) blank = NULL;
  g_autoptr(VtTestPage) signed_page = NULL;
  g_autoptr(VtTestPage) blurred = NULL;
  g_autoptr(VtTestPage) other = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  const VtPageDef *definition = NULL;
  VtSignedPageVerdict verdict;
  VtSignedPageVerdict box;
  GtkWidget *window;
  VtPage *page;
  StatusWait wait;
  const char *status;

  vt_test_person_move_to (person, "MN");
  session = vt_session_new (procedure, sessions, NULL);
  answer_003 (session, person);
  for (guint i = 0; i < vt_procedure_get_pages (procedure)->len; i++)
    if (g_str_equal (((VtPageDef *)g_ptr_array_index (vt_procedure_get_pages (procedure), i))->id,
                     "firma"))
      definition = g_ptr_array_index (vt_procedure_get_pages (procedure), i);
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->signs, ==, "formulario");

  /* An empty desk until a page is laid on it. */
  {
    cairo_surface_t *desk = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 8, 8);

    g_assert_cmpint (cairo_surface_write_to_png (desk, scene), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (desk);
  }
  vt_camera_set_live (camera, TRUE);
  page = vt_ink_signature_page_new (session, definition, camera);
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1000);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (200);
  vt_page_shown (page);
  g_assert_false (vt_page_get_complete (page));
  vt_test_ui_screenshot (window, "papers/ink-1-before-print.png");

  /* 1. Printed through CUPS: the printer receives the form with its box and page code. */
  vt_ink_signature_page_print (VT_INK_SIGNATURE_PAGE (page));
  wait.page = VT_INK_SIGNATURE_PAGE (page);
  wait.prefix = "Hoja impresa";
  g_assert_true (vt_test_ui_wait_for (status_starts, &wait, 30000));
  g_assert_true (vt_test_cups_wait_received (cups, "mostrador", 1, 10000));
  printed = vt_test_cups_get_received (cups, "mostrador");
  text = vt_test_pdf_text (g_ptr_array_index (printed, 0));
  g_assert_nonnull (strstr (text, vt_session_get_page_code (session, "formulario")));
  g_assert_nonnull (strstr (text, person->pasaporte));
  g_assert_nonnull (strstr (text, "Mongolia"));
  g_assert_null (strstr (text, "cédula de identidad ecuatoriana"));

  /* As a printer puts it on paper. */
  blank = vt_test_page_render (g_ptr_array_index (printed, 0), 1, 110);
  vt_signed_page_check (blank->luma, blank->width, blank->height, blank->width,
                        vt_session_get_page_code (session, "formulario"), &verdict);
  g_assert_cmpint (verdict.result, ==, VT_SIGNED_PAGE_BLANK);
  box = verdict;
  box.code = NULL;
  vt_signed_page_verdict_clear (&verdict);

  /* 2. The printed page, not yet signed: refused, the box is empty. */
  status = show_and_scan (VT_INK_SIGNATURE_PAGE (page), camera, blank, scene, window, "2-blank");
  g_assert_cmpstr (status, ==, vt_signed_page_message (VT_SIGNED_PAGE_BLANK));
  g_assert_false (vt_page_get_complete (page));

  /* 3. Someone else's page (another code), signed: refused. */
  {
    g_autoptr(VtPdfContent) content = vt_pdf_content_new (VT_PDF_FORM, "Otra solicitud");
    g_autoptr(GBytes) pdf = NULL;

    content->signer_name = g_strdup ("Otra Persona");
    content->page_code = vt_signed_page_new_code ();
    pdf = vt_pdf_render (content, NULL);
    other = vt_test_page_render (pdf, 1, 110);
    vt_signed_page_check (other->luma, other->width, other->height, other->width,
                          content->page_code, &verdict);
    vt_test_page_sign (other, verdict.box_x, verdict.box_y, verdict.box_width,
                       verdict.box_height);
    vt_signed_page_verdict_clear (&verdict);
  }
  status = show_and_scan (VT_INK_SIGNATURE_PAGE (page), camera, other, scene, window, "3-wrong");
  g_assert_cmpstr (status, ==, vt_signed_page_message (VT_SIGNED_PAGE_WRONG_CODE));
  g_assert_false (vt_page_get_complete (page));

  /* The person signs the right page in ink, inside the box. */
  signed_page = vt_test_page_render (g_ptr_array_index (printed, 0), 1, 110);
  vt_test_page_sign (signed_page, box.box_x, box.box_y, box.box_width, box.box_height);

  /* 4. Out of focus: refused, whatever is on it. */
  blurred = vt_test_page_render (g_ptr_array_index (printed, 0), 1, 110);
  vt_test_page_sign (blurred, box.box_x, box.box_y, box.box_width, box.box_height);
  vt_test_page_blur (blurred, 12);
  status = show_and_scan (VT_INK_SIGNATURE_PAGE (page), camera, blurred, scene, window,
                          "4-blurred");
  g_test_message ("blurred: %s", status);
  g_assert_false (vt_page_get_complete (page));
  g_assert_false (g_str_has_prefix (status, "Hoja firmada"));

  /* 5. Signed, sharp, the right page: accepted, and it is what the institute gets. */
  status = show_and_scan (VT_INK_SIGNATURE_PAGE (page), camera, signed_page, scene, window,
                          "5-signed");
  g_assert_cmpstr (status, ==, "Hoja firmada recibida: se enviará esta hoja escaneada.");
  g_assert_true (vt_page_get_complete (page));
  g_assert_true (vt_page_apply (page));
  g_assert_cmpstr (vt_session_get_capture_type (session, "formulario"), ==, "image/jpeg");
  attachments = vt_paperwork_build (session, now, "prueba", NULL);
  g_assert_nonnull (attachments);
  for (guint i = 0; i < attachments->len; i++)
    {
      const VtAttachment *attachment = g_ptr_array_index (attachments, i);

      if (g_str_equal (attachment->name, "formulario"))
        {
          g_autoptr(GBytes) scan = vt_session_read_capture (session, "formulario", NULL);
          g_autofree char *sent_text = vt_test_pdf_text (attachment->data);
          g_autofree char *printed_text = vt_test_pdf_text (g_ptr_array_index (printed, 0));

          /* The form as printed, page for page, its signed page as the camera saw it. */
          g_assert_cmpstr (attachment->mime_type, ==, "application/pdf");
          g_assert_cmpuint (g_bytes_get_size (attachment->data), <=, 2000000);
          g_assert_nonnull (scan);
          g_assert_nonnull (memmem (g_bytes_get_data (attachment->data, NULL),
                                    g_bytes_get_size (attachment->data),
                                    g_bytes_get_data (scan, NULL), g_bytes_get_size (scan)));
          g_assert_cmpuint (count_pages (sent_text), ==, count_pages (printed_text));
        }
    }
  /* The missing list counts the scanned page as the signature. */
  {
    g_autoptr(GPtrArray) missing = vt_session_list_missing (session);

    for (guint i = 0; i < missing->len; i++)
      g_assert_cmpstr (g_ptr_array_index (missing, i), !=, "Firma");
  }

  vt_page_hidden (page);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
  vt_session_discard (session);
  g_unlink (scene);
  g_rmdir (sessions);
  g_rmdir (workdir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cups = vt_test_cups_start ();
  vt_test_cups_add_printer (cups, "mostrador", TRUE);
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/papers/ink-signature/print-sign-scan", test_print_sign_scan);
  status = g_test_run ();
  vt_test_cups_stop (cups);
  return status;
}

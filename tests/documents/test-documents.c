/* test-documents.c — every generated letter, form and authorization, read back as text.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "procedures/vt-validators.h"
#include "vt-application.h"
#include "vt-test-identity.h"
#include "documents/vt-receipt.h"
#include "wizard/vt-paperwork.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

typedef struct
{
  GPtrArray    *procedures;
  VtProcedure  *procedure;
  VtSession    *session;
  VtTestPerson *person;
  char         *workdir;
} Fixture;

static char *
iso_to_typed (const char *iso)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* What the synthetic person would type, by field id. */
static char *
typed_value (VtTestPerson  *p,
             const VtField *field)
{
  const char *id = field->id;

  if (g_str_has_suffix (id, "nombres"))
    return g_strdup (g_str_has_prefix (id, "tercero") ? "Tercera Persona" : p->nombres);
  if (g_str_has_suffix (id, "apellidos"))
    return g_strdup (g_str_has_prefix (id, "tercero") ? "Autorizada Prueba" : p->apellidos);
  if (g_str_equal (id, "tercero_cedula"))
    return g_strdup ("1710034065");
  if (g_str_has_suffix (id, "cedula"))
    return g_strdup (p->cedula);
  if (g_str_has_suffix (id, "pasaporte"))
    return g_strdup (p->pasaporte);
  if (g_str_has_suffix (id, "codigo_extranjero"))
    return g_strdup ("EXT-20931");
  if (g_str_equal (id, "correo"))
    return g_strdup (p->correo);
  if (g_str_has_prefix (id, "telefono_exterior") || g_str_has_prefix (id, "telefono_contacto"))
    return g_strdup (p->telefono_exterior);
  if (g_str_equal (id, "celular_ec"))
    return g_strdup (p->celular_ec);
  if (g_str_equal (id, "telefono_fijo_ec"))
    return g_strdup ("022345678");
  if (g_str_equal (id, "fecha_nacimiento"))
    return iso_to_typed (p->fecha_nacimiento);
  if (g_str_equal (id, "fecha_expedicion"))
    return iso_to_typed (p->fecha_expedicion);
  if (g_str_equal (id, "estado_residencia"))
    return g_strdup (p->estado);
  if (g_str_equal (id, "ciudad_residencia"))
    return g_strdup (p->ciudad);
  if (g_str_equal (id, "codigo_postal"))
    return g_strdup (p->codigo_postal);
  if (g_str_equal (id, "codigo_dactilar"))
    return g_strdup (p->codigo_dactilar);
  if (g_str_equal (field->validator, "name"))
    return g_strdup ("Prueba Sintética");
  if (field->type == VT_FIELD_MULTILINE)
    return g_strdup ("Solicito la atención de este pedido de prueba, escrito por la batería "
                     "de pruebas de Ventanilla.");
  return g_strdup ("Dato de prueba");
}

/* Answers every active field as the wizard would store it, until nothing new applies. */
static void
answer_everything (Fixture    *f,
                   const char *channel)
{
  GPtrArray *pages = vt_procedure_get_pages (f->procedure);

  vt_session_set_answer (f->session, "canal", channel);
  vt_session_set_answer (f->session, "tramitante", "tercero");
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < pages->len; i++)
      {
        const VtPageDef *page = g_ptr_array_index (pages, i);

        if (!vt_session_page_is_active (f->session, page))
          continue;
        for (guint j = 0; page->fields && j < page->fields->len; j++)
          {
            const VtField *field = g_ptr_array_index (page->fields, j);
            g_autofree char *typed = NULL;
            g_autofree char *normalized = NULL;
            g_autofree char *message = NULL;
            const char *arg;

            if (!vt_session_field_is_active (f->session, field)
                || vt_session_get_answer (f->session, field->id) != NULL)
              continue;
            if (field->type == VT_FIELD_CHOICE)
              {
                const VtOption *first = g_ptr_array_index (field->options, 0);
                vt_session_set_answer (f->session, field->id, first->value);
                continue;
              }
            if (field->type == VT_FIELD_COUNTRY)
              {
                vt_session_set_answer (f->session, field->id, f->person->pais);
                continue;
              }
            typed = typed_value (f->person, field);
            arg = field->validator_arg ? vt_session_get_answer (f->session, field->validator_arg)
                                       : NULL;
            if (!vt_validator_run (field->validator, typed, arg, &normalized, &message))
              g_error ("Synthetic value for %s refused: %s", field->id, message);
            vt_session_set_answer (f->session, field->id, normalized);
          }
      }
}

static VtSignature *
synthetic_signature (void)
{
  VtSignature *signature = vt_signature_new ();

  vt_signature_set_pad_size (signature, 600, 240);
  vt_signature_begin_stroke (signature, 60, 160, 0.6);
  for (int i = 0; i < 240; i++)
    {
      double t = i / 240.0;
      vt_signature_add_point (signature, 60 + 480 * t,
                              150 + 60 * sin (t * 6 * G_PI) * (1 - 0.5 * t), 0.5 + 0.3 * t);
    }
  return signature;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSignature) signature = synthetic_signature ();

  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < f->procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (f->procedures, i)), data))
      f->procedure = g_ptr_array_index (f->procedures, i);
  g_assert_nonnull (f->procedure);
  f->workdir = g_dir_make_tmp ("vt-docs-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = vt_session_new (f->procedure, f->workdir, &error);
  g_assert_no_error (error);
  f->person = vt_test_person_new (g_str_hash (data));
  vt_session_set_signature (f->session, signature);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_rmdir (f->workdir);
  g_free (f->workdir);
  g_clear_pointer (&f->person, vt_test_person_free);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
}

/* pdftotext output with all runs of white space folded, so wrapping does not matter. */
static char *
pdf_text (const char *pdf_path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  int status;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf_path, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit_set (out, " \n\t\f\r", -1);
  {
    g_autoptr(GPtrArray) kept = g_ptr_array_new ();
    for (guint i = 0; words[i]; i++)
      if (*words[i])
        g_ptr_array_add (kept, words[i]);
    g_ptr_array_add (kept, NULL);
    return g_strjoinv (" ", (char **)kept->pdata);
  }
}

static char *
fold (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_ptr_array_add (kept, words[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (" ", (char **)kept->pdata);
}

static void
assert_contains (const char *text,
                 const char *needle,
                 const char *what)
{
  g_autofree char *folded = fold (needle);
  g_autofree char *lower_needle = g_utf8_strdown (folded, -1);
  g_autofree char *lower_text = g_utf8_strdown (text, -1);

  /* Titles may be set in capitals; the words must be there all the same. */
  if (strstr (lower_text, lower_needle) == NULL)
    g_error ("The document does not contain %s: “%s”", what, folded);
}

static void
render_png (const char *pdf_path)
{
  g_autofree char *prefix = g_strndup (pdf_path, strlen (pdf_path) - 4);
  const char *argv[] = { "pdftoppm", "-png", "-r", "70", pdf_path, prefix, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  GPtrArray *channels = vt_procedure_get_channels (f->procedure);
  const VtChannel *channel = g_ptr_array_index (channels, channels->len - 1);
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  g_autofree char *dir = g_build_filename (artifacts ? artifacts : "artifacts", "documents",
                                           vt_procedure_get_id (f->procedure), NULL);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 26, 10, 30, 0);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *full_name = NULL;

  answer_everything (f, channel->id);
  documents = vt_paperwork_build (f->session, now, "Generado en un quiosco de prueba", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, >=, 1);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  full_name = g_strdup_printf ("%s %s", vt_session_get_answer (f->session, "nombres"),
                               vt_session_get_answer (f->session, "apellidos"));
  identity = g_strdup (vt_session_get_identity_number (f->session));
  g_assert_nonnull (identity);

  for (guint i = 0; i < documents->len; i++)
    {
      const VtAttachment *attachment = g_ptr_array_index (documents, i);
      const VtGenerated *generated = NULL;
      g_autofree char *file = g_strdup_printf ("%s.pdf", attachment->name);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *text = NULL;
      GPtrArray *all = vt_procedure_get_generated (f->procedure);

      for (guint j = 0; j < all->len; j++)
        if (g_str_equal (((VtGenerated *)g_ptr_array_index (all, j))->id, attachment->name))
          generated = g_ptr_array_index (all, j);
      g_assert_nonnull (generated);
      g_assert_cmpstr (attachment->mime_type, ==, "application/pdf");
      g_assert_cmpint ((gint64)g_bytes_get_size (attachment->data), <=,
                       vt_procedure_get_max_file_bytes (f->procedure));
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (attachment->data, NULL),
                                          g_bytes_get_size (attachment->data), NULL));
      render_png (path);
      text = pdf_text (path);

      /* Every field the seed names, in Spanish, with the person's own data. */
      if (generated->kind[0] != 'f')
        assert_contains (text, generated->title, "its title");
      if (generated->addressee)
        {
          /* "…Provincial del IESS de {provincia}": the province chosen, by its name. */
          g_autofree char *addressee = vt_session_expand_document (f->session,
                                                                   generated->addressee);
          g_assert_null (strchr (addressee, '{'));
          assert_contains (text, addressee, "the addressee");
        }
      assert_contains (text, "26 de noviembre de 2026", "the date in Ecuadorian format");
      assert_contains (text, full_name, "the full name");
      assert_contains (text, identity, "the identity number");
      for (guint j = 0; generated->fields[j]; j++)
        {
          const VtField *field = vt_procedure_find_field (f->procedure, generated->fields[j]);
          g_autofree char *value = NULL;

          if (!vt_session_field_is_active (f->session, field))
            continue;
          value = vt_session_dup_document_value (f->session, field);
          if (value != NULL)
            assert_contains (text, value, field->id);
        }
      if (generated->sections)
        for (guint j = 0; j < generated->sections->len; j++)
          {
            const VtGeneratedSection *section = g_ptr_array_index (generated->sections, j);
            assert_contains (text, section->title, "a section title");
            for (guint k = 0; k < section->items->len; k++)
              {
                const VtGeneratedItem *item = g_ptr_array_index (section->items, k);

                /* Lines about a document the person does not hold are left out. */
                if (vt_session_condition_holds (f->session, item->when))
                  assert_contains (text, item->label, "a form line");
                else
                  g_assert_null (strstr (text, item->label));
              }
          }
      assert_contains (text, "Firma", "the signature line");
      /* No English leaks into an institute's document, whatever the UI language. */
      g_assert_null (strstr (text, "Signature"));
    }
}

/* The names and ID in the documents, the video text and the review are the same answers. */
static void
test_same_by_construction (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *video = NULL;
  g_autofree char *full_name = NULL;
  GPtrArray *generated = vt_procedure_get_generated (f->procedure);

  answer_everything (f, "virtual");
  full_name = g_strdup_printf ("%s %s", vt_session_get_answer (f->session, "nombres"),
                               vt_session_get_answer (f->session, "apellidos"));
  video = vt_session_expand_document (f->session, vt_procedure_get_video_text (f->procedure));
  g_assert_nonnull (strstr (video, full_name));
  g_assert_nonnull (strstr (video, vt_session_get_identity_number (f->session)));
  g_assert_nonnull (strstr (video, "España"));
  g_assert_null (strstr (video, "……"));

  for (guint i = 0; i < generated->len; i++)
    {
      g_autoptr(VtPdfContent) content = vt_paperwork_content (f->session,
                                                              g_ptr_array_index (generated, i),
                                                              now, NULL);
      g_assert_cmpstr (content->signer_name, ==, full_name);
      g_assert_nonnull (strstr (content->signer_id, vt_session_get_identity_number (f->session)));
    }

  /* A change of name reaches every document and the video text alike. */
  vt_session_set_answer (f->session, "nombres", "Otro Nombre");
  g_free (video);
  video = vt_session_expand_document (f->session, vt_procedure_get_video_text (f->procedure));
  g_assert_nonnull (strstr (video, "Otro Nombre"));
  for (guint i = 0; i < generated->len; i++)
    {
      g_autoptr(VtPdfContent) content = vt_paperwork_content (f->session,
                                                              g_ptr_array_index (generated, i),
                                                              now, NULL);
      g_assert_true (g_str_has_prefix (content->signer_name, "Otro Nombre "));
    }
}

static char *
run (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (g_steal_pointer (&out));
}

/* The receipt names the code, the procedure and the time, and its QR decodes to the code and
 * the bundle's hash. */
static void
test_receipt (void)
{
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  g_autofree char *dir = g_build_filename (artifacts ? artifacts : "artifacts", "documents",
                                           "receipt", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "comprobante.pdf", NULL);
  g_autofree char *png_prefix = g_build_filename (dir, "comprobante", NULL);
  g_autofree char *png_path = g_build_filename (dir, "comprobante-1.png", NULL);
  g_autoptr(VtReceipt) receipt = vt_receipt_new ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "bundle", -1);
  const char *bring[] = { "Su pasaporte original.", "Su visa original.", NULL };

  receipt->code = g_strdup ("K7M-4QXD");
  receipt->procedure_title = g_strdup ("Certificado de no afiliación para extranjeros");
  receipt->created = g_date_time_new_local (2026, 11, 26, 10, 30, 0);
  receipt->kiosk = g_strdup ("quiosco-prueba-01");
  receipt->bundle_sha256 = g_strdup (sha);
  receipt->next_steps = g_strdup ("Genere su turno en línea y preséntese con los originales.");
  receipt->bring = g_strdupv ((char **)bring);

  pdf = vt_receipt_render_pdf (receipt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), NULL));

  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, "K7M-4QXD"));
  g_assert_nonnull (strstr (text, "no afiliación"));
  g_assert_nonnull (strstr (text, "26 de noviembre de 2026, 10:30"));
  g_assert_nonnull (strstr (text, "quiosco-prueba-01"));
  g_assert_nonnull (strstr (text, "Su visa original."));

  {
    const char *to_png[] = { "pdftoppm", "-png", "-r", "150", pdf_path, png_prefix, NULL };
    g_free (run (to_png));
  }
  {
    const char *scan[] = { "zbarimg", "--quiet", "--raw", png_path, NULL };
    decoded = run (scan);
  }
  expected = vt_receipt_qr_payload (receipt);
  g_assert_cmpstr (decoded, ==, expected);
  g_assert_true (g_str_has_suffix (decoded, sha));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const ids[] = {
    "copias-certificadas-exterior", "certificado-atencion-sgrt", "no-afiliacion-extranjeros",
    "actualizacion-contacto-exterior", "codigo-extranjeros",
  };

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  vt_register_resources ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/documents/%s", ids[i]);
      g_test_add (path, Fixture, ids[i], fixture_setup, test_documents, fixture_teardown);
    }
  g_test_add_func ("/documents/receipt/qr", test_receipt);
  g_test_add ("/documents/same-by-construction", Fixture, "actualizacion-contacto-exterior",
              fixture_setup, test_same_by_construction, fixture_teardown);
  return g_test_run ();
}

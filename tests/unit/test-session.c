/* test-session.c — a person's answers and captures against the built-in procedures.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-tests"

#include "wizard/vt-session.h"

#include "outbox/vt-queue.h"
#include "vt-application.h"
#include "vt-test-identity.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  GPtrArray    *procedures;
  char         *parent;    /* holds the sessions' folders */
  VtSession    *session;
  VtTestPerson *person;
} Fixture;

static VtProcedure *
find_procedure (GPtrArray  *procedures,
                const char *id)
{
  for (guint i = 0; i < procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (procedures, i);

      if (g_str_equal (vt_procedure_get_id (procedure), id))
        return procedure;
    }
  g_assert_not_reached ();
  return NULL;
}

static const VtPageDef *
find_page (VtSession  *session,
           const char *id)
{
  GPtrArray *pages = vt_procedure_get_pages (vt_session_get_procedure (session));

  for (guint i = 0; i < pages->len; i++)
    {
      const VtPageDef *page = g_ptr_array_index (pages, i);

      if (g_str_equal (page->id, id))
        return page;
    }
  g_test_message ("no page “%s”", id);
  g_assert_not_reached ();
  return NULL;
}

static const VtField *
field (VtSession  *session,
       const char *id)
{
  const VtField *f = vt_procedure_find_field (vt_session_get_procedure (session), id);

  g_assert_nonnull (f);
  return f;
}

static gboolean
page_active (VtSession  *session,
             const char *id)
{
  return vt_session_page_is_active (session, find_page (session, id));
}

static gboolean
field_active (VtSession  *session,
              const char *id)
{
  return vt_session_field_is_active (session, field (session, id));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *procedure_id = data;
  g_autoptr(GError) error = NULL;

  vt_register_resources ();
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  f->parent = g_dir_make_tmp ("vt-session-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = vt_session_new (find_procedure (f->procedures, procedure_id), f->parent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->session);
  f->person = vt_test_person_new (g_str_hash (procedure_id));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->session != NULL)
    g_assert_finalize_object (f->session);
  /* Finalizing the session removed its folder, so the parent is empty again. */
  g_assert_cmpint (g_rmdir (f->parent), ==, 0);
  g_free (f->parent);
  g_ptr_array_unref (f->procedures);
  vt_test_person_free (f->person);
}

/* The one folder the session made under the parent, or NULL. */
static char *
session_folder (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->parent, 0, NULL);
  const char *name;
  char *found = NULL;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_null (found);
      found = g_build_filename (f->parent, name, NULL);
    }
  return found;
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* What the camera would have handed over, stored in the session. */
static void
capture (Fixture    *f,
         const char *document_id,
         const char *extension,
         const char *mime_type)
{
  g_autofree char *contents = g_strdup_printf ("\xff\xd8\xff\xe0 synthetic %s.%s",
                                               document_id, extension);
  g_autoptr(GBytes) data = g_bytes_new (contents, strlen (contents));
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_session_store_capture (f->session, document_id, mime_type, data, &error));
  g_assert_no_error (error);
  g_assert_true (vt_session_has_capture (f->session, document_id));
  g_assert_cmpint (vt_session_get_capture_size (f->session, document_id), ==,
                   (gint64)strlen (contents));
  g_assert_cmpstr (vt_session_get_capture_type (f->session, document_id), ==, mime_type);
  back = vt_session_read_capture (f->session, document_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, data));
}

static void
answer (Fixture    *f,
        const char *id,
        const char *value)
{
  vt_session_set_answer (f->session, id, value);
  g_assert_cmpstr (vt_session_get_answer (f->session, id), ==, value);
}

static JsonObject *
built_answers (Fixture *f)
{
  g_autoptr(GBytes) bytes = vt_session_build_answers (f->session);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "procedure"), ==,
                   vt_procedure_get_id (vt_session_get_procedure (f->session)));
  g_assert_cmpint (json_object_get_int_member (root, "procedure_version"), ==,
                   vt_procedure_get_version (vt_session_get_procedure (f->session)));
  return json_object_ref (json_object_get_object_member (root, "answers"));
}

static gboolean
missing_contains (GPtrArray  *missing,
                  const char *label)
{
  for (guint i = 0; i < missing->len; i++)
    if (g_str_equal (g_ptr_array_index (missing, i), label))
      return TRUE;
  return FALSE;
}

static void
log_missing (GPtrArray *missing)
{
  for (guint i = 0; i < missing->len; i++)
    g_test_message ("missing: %s", (const char *)g_ptr_array_index (missing, i));
}

/* Every answer of 003 (actualizacion-contacto-exterior) for a person with a cédula. */
static void
answer_all_003 (Fixture *f)
{
  const VtTestPerson *p = f->person;

  answer (f, "canal", "virtual");
  answer (f, "tipo_identificacion", "cedula");
  answer (f, "cedula", p->cedula);
  answer (f, "nombres", p->nombres);
  answer (f, "apellidos", p->apellidos);
  answer (f, "fecha_nacimiento", p->fecha_nacimiento);
  answer (f, "codigo_dactilar", p->codigo_dactilar);
  answer (f, "fecha_expedicion", p->fecha_expedicion);
  answer (f, "provincia_nacimiento", "EC-P");
  answer (f, "sector", "Sector de prueba");
  answer (f, "categoria", "tramite");
  answer (f, "requerimiento", "actualizacion-datos-contacto-exterior");
  answer (f, "pais_residencia", p->pais);
  answer (f, "estado_residencia", p->estado);
  answer (f, "ciudad_residencia", p->ciudad);
  answer (f, "codigo_postal", p->codigo_postal);
  answer (f, "telefono_exterior", p->telefono_exterior);
  answer (f, "correo", p->correo);
  answer (f, "celular_ec", p->celular_ec);
  answer (f, "detalle_pedido", "Deseo actualizar mi correo y mis teléfonos.");
}

static void
test_conditions_identification (Fixture       *f,
                                gconstpointer  data)
{
  /* Nothing chosen yet: none of the three numbers is asked. */
  g_assert_true (field_active (f->session, "tipo_identificacion"));
  g_assert_false (field_active (f->session, "cedula"));
  g_assert_false (field_active (f->session, "pasaporte"));
  g_assert_false (field_active (f->session, "codigo_extranjero"));
  g_assert_true (field_active (f->session, "nombres"));

  answer (f, "tipo_identificacion", "cedula");
  g_assert_true (field_active (f->session, "cedula"));
  g_assert_false (field_active (f->session, "pasaporte"));
  g_assert_true (page_active (f->session, "datos_cedula"));
  g_assert_true (page_active (f->session, "captura_cedula_anverso"));
  g_assert_true (page_active (f->session, "captura_cedula_reverso"));
  g_assert_false (page_active (f->session, "captura_pasaporte"));

  answer (f, "tipo_identificacion", "pasaporte");
  g_assert_false (field_active (f->session, "cedula"));
  g_assert_true (field_active (f->session, "pasaporte"));
  g_assert_false (field_active (f->session, "codigo_extranjero"));
  g_assert_false (page_active (f->session, "datos_cedula"));
  g_assert_false (page_active (f->session, "captura_cedula_anverso"));
  g_assert_true (page_active (f->session, "captura_pasaporte"));
  g_assert_false (vt_session_document_is_active (
    f->session, vt_procedure_find_document (vt_session_get_procedure (f->session),
                                            "cedula_anverso")));
  g_assert_true (vt_session_document_is_active (
    f->session, vt_procedure_find_document (vt_session_get_procedure (f->session),
                                            "pasaporte_datos")));

  answer (f, "tipo_identificacion", "codigo_extranjero");
  g_assert_true (field_active (f->session, "codigo_extranjero"));
  g_assert_false (field_active (f->session, "pasaporte"));
  g_assert_true (page_active (f->session, "captura_pasaporte"));

  /* Pages without a condition are always shown. */
  g_assert_true (page_active (f->session, "captura_foto_rostro"));
  g_assert_true (page_active (f->session, "firma"));
  g_assert_true (page_active (f->session, "captura_video"));
}

static void
test_conditions_third_party (Fixture       *f,
                             gconstpointer  data)
{
  /* 002 has one channel, "presencial", which allows a third party. */
  answer (f, "canal", "presencial");
  g_assert_true (page_active (f->session, "tramitante"));
  g_assert_false (page_active (f->session, "tercero"));

  answer (f, "tramitante", "titular");
  g_assert_true (page_active (f->session, "tramitante"));
  g_assert_false (page_active (f->session, "tercero"));

  answer (f, "tramitante", "tercero");
  g_assert_true (page_active (f->session, "tercero"));
  g_assert_true (field_active (f->session, "tercero_nombres"));
  g_assert_false (field_active (f->session, "tercero_cedula"));
  answer (f, "tercero_tipo_identificacion", "cedula");
  g_assert_true (field_active (f->session, "tercero_cedula"));
  g_assert_false (field_active (f->session, "tercero_codigo_extranjero"));
  g_assert_true (vt_session_document_is_active (
    f->session, vt_procedure_find_document (vt_session_get_procedure (f->session),
                                            "autorizacion")));
}

/* In a procedure with two channels, going back and choosing the channel without third parties
 * must take the third-party page away, even though "tramitante" still holds "tercero". */
static void
test_conditions_third_party_channel (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(JsonObject) answers = NULL;

  answer (f, "canal", "presencial");
  answer (f, "tramitante", "tercero");
  answer (f, "tercero_nombres", f->person->nombres);
  g_assert_true (page_active (f->session, "tramitante"));
  g_assert_true (page_active (f->session, "tercero"));

  answer (f, "canal", "virtual");
  g_assert_false (page_active (f->session, "tramitante"));

  answers = built_answers (f);
  g_assert_false (json_object_has_member (answers, "tramitante"));
  if (page_active (f->session, "tercero") || json_object_has_member (answers, "tercero_nombres"))
    {
      /* Known bug: the loader's "tercero" page (src/procedures/vt-procedure.c,
       * parse_third_party ()) holds on tramitante = tercero alone, and vt-session.c evaluates
       * conditions on stored answers without asking whether the field they name is active. */
      g_test_fail_printf ("%s", "the third-party page stays active (and its answers are sent) after "
                         "switching to a channel without third parties");
      return;
    }
  g_assert_false (page_active (f->session, "tercero"));
}

static void
test_expand (Fixture       *f,
             gconstpointer  data)
{
  VtProcedure *procedure = vt_session_get_procedure (f->session);
  const char *text = vt_procedure_get_video_text (procedure);
  g_autofree char *before = NULL;
  g_autofree char *expanded = NULL;
  g_autofree char *with_passport = NULL;
  g_autofree char *date = NULL;
  g_autofree char *choice = NULL;
  g_autofree char *expected_date = NULL;
  int year, month, day;

  g_assert_nonnull (text);
  /* Unanswered placeholders show as a visible gap, never as the raw "{name}". */
  before = vt_session_expand (f->session, text);
  g_assert_null (strchr (before, '{'));
  g_assert_nonnull (strstr (before, "……"));

  answer_all_003 (f);
  g_assert_cmpstr (f->person->pais, ==, "ES");
  expanded = vt_session_expand (f->session, text);
  g_test_message ("%s", expanded);
  g_assert_nonnull (strstr (expanded, f->person->nombres));
  g_assert_nonnull (strstr (expanded, f->person->apellidos));
  g_assert_nonnull (strstr (expanded, f->person->cedula));
  g_assert_nonnull (strstr (expanded, "España"));
  g_assert_null (strstr (expanded, "resido en ES"));
  g_assert_nonnull (strstr (expanded, f->person->estado));
  g_assert_nonnull (strstr (expanded, f->person->ciudad));
  g_assert_null (strchr (expanded, '{'));
  g_assert_null (strchr (expanded, '}'));
  g_assert_null (strstr (expanded, "……"));

  /* The identity number follows the chosen document. */
  answer (f, "tipo_identificacion", "pasaporte");
  answer (f, "pasaporte", f->person->pasaporte);
  with_passport = vt_session_expand (f->session, text);
  g_assert_nonnull (strstr (with_passport, f->person->pasaporte));
  g_assert_null (strstr (with_passport, f->person->cedula));
  g_assert_cmpstr (vt_session_get_identity_number (f->session), ==, f->person->pasaporte);
  /* …and so do the words around it. */
  g_assert_nonnull (strstr (expanded, "portador de la cédula de identidad número"));
  g_assert_nonnull (strstr (with_passport, "portador del pasaporte número"));
  g_assert_null (strstr (with_passport, "cédula"));

  /* Dates read as DD/MM/AAAA, choices as their label. */
  g_assert_cmpint (sscanf (f->person->fecha_nacimiento, "%d-%d-%d", &year, &month, &day), ==, 3);
  expected_date = g_strdup_printf ("%02d/%02d/%04d", day, month, year);
  date = vt_session_dup_display_value (f->session, field (f->session, "fecha_nacimiento"));
  g_assert_cmpstr (date, ==, expected_date);
  choice = vt_session_dup_display_value (f->session, field (f->session, "provincia_nacimiento"));
  g_assert_cmpstr (choice, ==, "Pichincha");

  /* Braces that are not placeholders stay as they are. */
  g_free (expanded);
  expanded = vt_session_expand (f->session, "{nombres} {");
  g_assert_true (g_str_has_suffix (expanded, " {"));
  g_assert_true (g_str_has_prefix (expanded, f->person->nombres));
}

static void
test_build_answers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) answers = NULL;
  g_autoptr(JsonObject) switched = NULL;

  answer_all_003 (f);
  /* Left over from an earlier choice, and a key that is no field at all. */
  answer (f, "pasaporte", f->person->pasaporte);
  answer (f, "nota_interna", "no es un campo");

  answers = built_answers (f);
  g_assert_cmpstr (json_object_get_string_member (answers, "canal"), ==, "virtual");
  g_assert_cmpstr (json_object_get_string_member (answers, "cedula"), ==, f->person->cedula);
  g_assert_cmpstr (json_object_get_string_member (answers, "codigo_dactilar"), ==,
                   f->person->codigo_dactilar);
  g_assert_cmpstr (json_object_get_string_member (answers, "nombres"), ==, f->person->nombres);
  g_assert_false (json_object_has_member (answers, "pasaporte"));
  g_assert_false (json_object_has_member (answers, "nota_interna"));
  /* Optional and unanswered: absent, not empty. */
  g_assert_false (json_object_has_member (answers, "telefono_fijo_ec"));

  /* Switching to the passport drops the cédula, its page's answers and keeps the passport. */
  answer (f, "tipo_identificacion", "pasaporte");
  switched = built_answers (f);
  g_assert_false (json_object_has_member (switched, "cedula"));
  g_assert_false (json_object_has_member (switched, "codigo_dactilar"));
  g_assert_false (json_object_has_member (switched, "fecha_expedicion"));
  g_assert_cmpstr (json_object_get_string_member (switched, "pasaporte"), ==,
                   f->person->pasaporte);

  /* Every member is an active field (or the channel). */
  {
    g_autoptr(GList) members = json_object_get_members (switched);

    for (const GList *l = members; l != NULL; l = l->next)
      {
        if (g_str_equal (l->data, "canal"))
          continue;
        g_assert_true (field_active (f->session, l->data));
      }
  }
}

static void
test_missing_003 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) first = vt_session_list_missing (f->session);
  g_autoptr(GPtrArray) after_answers = NULL;
  g_autoptr(GPtrArray) complete = NULL;
  g_autoptr(GPtrArray) attachments = NULL;

  /* Labels as the person reads them. */
  g_assert_true (missing_contains (first, field (f->session, "tipo_identificacion")->label));
  g_assert_true (missing_contains (first, field (f->session, "correo")->label));
  g_assert_false (missing_contains (first, field (f->session, "telefono_fijo_ec")->label));
  g_assert_false (missing_contains (first, field (f->session, "cedula")->label));
  g_assert_true (missing_contains (first, "Firma"));

  answer_all_003 (f);
  after_answers = vt_session_list_missing (f->session);
  log_missing (after_answers);
  /* Only the captures are left: both sides of the cédula, the photo, the signature, the video. */
  g_assert_cmpuint (after_answers->len, ==, 5);
  g_assert_true (missing_contains (after_answers, "Cédula (anverso)"));
  g_assert_false (missing_contains (after_answers, "Pasaporte"));

  capture (f, "cedula_anverso", "jpg", "image/jpeg");
  capture (f, "cedula_reverso", "jpg", "image/jpeg");
  capture (f, "foto_rostro", "jpg", "image/jpeg");
  capture (f, "firma", "png", "image/png");
  capture (f, "video_autorizacion", "mp4", "video/mp4");
  complete = vt_session_list_missing (f->session);
  log_missing (complete);
  g_assert_cmpuint (complete->len, ==, 0);

  attachments = vt_session_build_attachments (f->session);
  g_assert_cmpuint (attachments->len, ==, 5);
  for (guint i = 0; i < attachments->len; i++)
    {
      const VtAttachment *attachment = g_ptr_array_index (attachments, i);

      g_autoptr(GBytes) stored = vt_session_read_capture (f->session, attachment->name, NULL);

      g_assert_nonnull (stored);
      g_assert_true (g_bytes_equal (attachment->data, stored));
      g_assert_nonnull (attachment->mime_type);
    }

  /* Emptying a required answer makes it missing again. */
  answer (f, "correo", NULL);
  g_clear_pointer (&complete, g_ptr_array_unref);
  complete = vt_session_list_missing (f->session);
  g_assert_cmpuint (complete->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (complete, 0), ==, field (f->session, "correo")->label);
}

static void
test_missing_third_party (Fixture       *f,
                          gconstpointer  data)
{
  const VtTestPerson *p = f->person;
  g_autoptr(VtTestPerson) other = vt_test_person_new (4242);
  g_autoptr(GPtrArray) missing = NULL;

  answer (f, "canal", "presencial");
  answer (f, "nombres", p->nombres);
  answer (f, "apellidos", p->apellidos);
  answer (f, "pasaporte", p->pasaporte);
  answer (f, "provincia", "EC-G");
  answer (f, "correo", p->correo);
  /* Any country's number: a foreigner need not have an Ecuadorian mobile. */
  answer (f, "telefono_contacto", p->telefono_exterior);

  missing = vt_session_list_missing (f->session);
  log_missing (missing);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, field (f->session, "tramitante")->label);

  answer (f, "tramitante", "tercero");
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = vt_session_list_missing (f->session);
  g_assert_true (missing_contains (missing, field (f->session, "tercero_nombres")->label));
  g_assert_true (missing_contains (missing, field (f->session, "tercero_narracion")->label));

  answer (f, "tercero_nombres", other->nombres);
  answer (f, "tercero_apellidos", other->apellidos);
  answer (f, "tercero_tipo_identificacion", "cedula");
  answer (f, "tercero_cedula", other->cedula);
  answer (f, "tercero_narracion", "Entregar mis documentos y retirar el certificado.");
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = vt_session_list_missing (f->session);
  log_missing (missing);
  g_assert_cmpuint (missing->len, ==, 0);
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *folder = session_folder (f);
  g_autoptr(GOutputStream) stray = NULL;

  g_assert_nonnull (folder);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  answer_all_003 (f);
  capture (f, "foto_rostro", "jpg", "image/jpeg");
  capture (f, "firma", "png", "image/png");
  /* A capture still being written, such as a half-recorded video. */
  stray = vt_session_begin_capture (f->session, "video_autorizacion", NULL);
  g_assert_nonnull (stray);
  g_assert_true (g_output_stream_write_all (stray, "partial", 7, NULL, NULL, NULL));
  g_assert_cmpuint (count_files (folder), ==, 3);

  vt_session_discard (f->session);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_null (vt_session_get_answer (f->session, "cedula"));
  g_assert_false (vt_session_has_capture (f->session, "firma"));
  g_assert_cmpuint (g_hash_table_size (vt_session_get_answers (f->session)), ==, 0);

  /* Discarding again is harmless. */
  vt_session_discard (f->session);
}

static void
test_dispose_discards (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *folder = session_folder (f);

  capture (f, "foto_rostro", "jpg", "image/jpeg");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  /* A session dropped without being queued leaves nothing behind. */
  g_assert_finalize_object (g_steal_pointer (&f->session));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

static void
test_capture_replace (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = session_folder (f);
  g_autoptr(GBytes) back = NULL;

  capture (f, "foto_rostro", "jpg", "image/jpeg");
  capture (f, "foto_rostro", "png", "image/png");

  /* A retake replaces the earlier capture, whose file goes. */
  g_assert_cmpuint (count_files (folder), ==, 1);
  g_assert_cmpstr (vt_session_get_capture_type (f->session, "foto_rostro"), ==, "image/png");
  back = vt_session_read_capture (f->session, "foto_rostro", NULL);
  g_assert_nonnull (strstr (g_bytes_get_data (back, NULL), "foto_rostro.png"));

  vt_session_clear_capture (f->session, "foto_rostro");
  g_assert_false (vt_session_has_capture (f->session, "foto_rostro"));
  g_assert_cmpuint (count_files (folder), ==, 0);
}

#define ADD(path, id, func) \
  g_test_add (path, Fixture, id, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/session/conditions/identification", "actualizacion-contacto-exterior",
       test_conditions_identification);
  ADD ("/session/conditions/third-party", "no-afiliacion-extranjeros",
       test_conditions_third_party);
  ADD ("/session/conditions/third-party-channel", "certificado-atencion-sgrt",
       test_conditions_third_party_channel);
  ADD ("/session/expand/video-text", "actualizacion-contacto-exterior", test_expand);
  ADD ("/session/answers/active-only", "actualizacion-contacto-exterior", test_build_answers);
  ADD ("/session/missing/contact-update", "actualizacion-contacto-exterior", test_missing_003);
  ADD ("/session/missing/third-party", "no-afiliacion-extranjeros", test_missing_third_party);
  ADD ("/session/discard/removes-folder", "actualizacion-contacto-exterior", test_discard);
  ADD ("/session/discard/on-dispose", "actualizacion-contacto-exterior", test_dispose_discards);
  ADD ("/session/capture/replace", "actualizacion-contacto-exterior", test_capture_replace);

  return g_test_run ();
}

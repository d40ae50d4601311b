/* test-privacy-walker.c — a synthetic person walks a procedure through the real window.
 *
 * A shorter cousin of tests/ui/test-wizard.c: it fills every page the same way but asserts
 * only that the person gets through; the kiosk tests check what they are about at each page.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "test-privacy-walker.h"

#include "procedures/vt-countries.h"
#include "procedures/vt-procedure.h"
#include "vt-test-ui.h"
#include "wizard/vt-signature-page.h"

#include <math.h>

static char *
typed_date (const char *iso)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static char *
value_for (VtTestPerson  *p,
           const VtField *field)
{
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
  if (g_str_has_prefix (id, "telefono_exterior"))
    return g_strdup (p->telefono_exterior + 3);
  if (g_str_equal (id, "celular_ec"))
    return g_strdup (p->celular_ec);
  if (g_str_equal (id, "fecha_nacimiento"))
    return typed_date (p->fecha_nacimiento);
  if (g_str_equal (id, "fecha_expedicion"))
    return typed_date (p->fecha_expedicion);
  if (g_str_equal (id, "estado_residencia"))
    return g_strdup (p->estado);
  if (g_str_equal (id, "ciudad_residencia"))
    return g_strdup (p->ciudad);
  if (g_str_equal (id, "codigo_postal"))
    return g_strdup (p->codigo_postal);
  if (g_str_equal (id, "codigo_dactilar"))
    return g_strdup (p->codigo_dactilar);
  if (g_str_has_suffix (id, "codigo_extranjero"))
    return g_strdup ("EXT-20931");
  if (g_str_equal (id, "telefono_fijo_ec"))
    return g_strdup ("022345678");
  if (g_str_equal (field->validator, "name"))
    return g_strdup (p->nombres);
  if (g_str_equal (field->validator, "email"))
    return g_strdup (p->correo);
  if (field->type == VT_FIELD_MULTILINE)
    return g_strdup ("Solicito atender este trámite de prueba generado por las pruebas "
                     "automáticas del quiosco.");
  return g_strdup ("Texto de prueba");
}

static void
select_country (GtkWidget  *dropdown,
                const char *iso)
{
  const VtCountry *countries;
  guint n;

  countries = vt_countries_get (&n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (countries[i].iso, iso))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i + 1);
}

static void
fill_field (const VtWalkPlan *plan,
            VtTestPerson     *person,
            VtPage           *page,
            const VtField    *field)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field->id);
  GtkWidget *input = vt_test_ui_find (GTK_WIDGET (page), name);
  g_autofree char *value = NULL;

  g_assert_nonnull (input);
  if (!gtk_widget_get_mapped (input))
    return;  /* hidden by an earlier answer */

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      if (GTK_IS_DROP_DOWN (input))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (input), 1);
      else
        {
          const VtOption *first = g_ptr_array_index (field->options, 0);
          const char *wanted = NULL;
          g_autofree char *button_name = NULL;
          GtkWidget *button;

          if (g_str_equal (field->id, "tramitante"))
            wanted = plan->who;
          else if (g_str_has_suffix (field->id, "tipo_identificacion"))
            wanted = "cedula";
          button_name = g_strdup_printf ("%s-%s", name, wanted ? wanted : first->value);
          button = vt_test_ui_find (input, button_name);
          if (button == NULL)
            {
              g_free (button_name);
              button_name = g_strdup_printf ("%s-%s", name, first->value);
              button = vt_test_ui_find (input, button_name);
            }
          g_assert_nonnull (button);
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
        }
      break;
    case VT_FIELD_COUNTRY:
      select_country (input, person->pais);
      break;
    case VT_FIELD_PHONE:
      select_country (vt_test_ui_find (gtk_widget_get_parent (input), "field-prefix"),
                      person->pais);
      value = value_for (person, field);
      gtk_editable_set_text (GTK_EDITABLE (input), value);
      break;
    case VT_FIELD_MULTILINE:
      value = value_for (person, field);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), value, -1);
      break;
    default:
      value = value_for (person, field);
      gtk_editable_set_text (GTK_EDITABLE (input), value);
      break;
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
capture (VtWindow *window,
         VtPage   *page,
         gboolean  video)
{
  GtkWidget *button = vt_test_ui_find (GTK_WIDGET (page), "capture");

  /* A video waits for the microphone check to hear the synthetic reader. */
  if (video)
    g_assert_true (vt_test_ui_wait_for (widget_sensitive, button, 8000));
  vt_test_ui_wait (video ? 300 : 600);
  /* A photo page takes the picture itself once every check holds. */
  if (video || gtk_widget_get_mapped (button))
    vt_test_ui_click (button);
  if (video)
    {
      VtCamera *camera = vt_window_get_camera (window);
      GtkWidget *stop = vt_test_ui_find (GTK_WIDGET (page), "stop");
      gint64 deadline = g_get_monotonic_time () + 55 * G_USEC_PER_SEC;

      /* The synthetic camera reads the whole text aloud, as the speech check demands: stop
       * once it has said it all (or the recording stopped itself at its time limit). */
      vt_test_ui_wait (2500);
      while (!vt_camera_has_microphone_ended (camera) && gtk_widget_get_mapped (stop)
             && g_get_monotonic_time () < deadline)
        vt_test_ui_wait (100);
      vt_test_ui_wait (500);
      if (gtk_widget_get_mapped (stop))
        vt_test_ui_click (stop);
    }
  g_assert_true (vt_test_ui_wait_for (page_complete, page, 20000));
}

static void
sign (VtPage *page)
{
  VtSignature *signature = vt_signature_page_get_signature (VT_SIGNATURE_PAGE (page));

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

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static gboolean
is_done (gpointer data)
{
  return g_strcmp0 (vt_window_get_visible_name (data), "done") == 0;
}

gboolean
vt_walk_procedure (VtWindow         *window,
                   const VtWalkPlan *plan,
                   VtTestPerson     *person,
                   VtWalkVisit       visit,
                   gpointer          data)
{
  g_autofree char *start_name = g_strdup_printf ("procedure-%s", plan->procedure_id);
  VtProcedure *procedure;
  guint guard = 0;

  g_assert_cmpstr (vt_window_get_visible_name (window), ==, "start");
  if (visit && !visit (window, "start", data))
    return FALSE;
  vt_test_ui_click (vt_test_ui_find (GTK_WIDGET (window), start_name));
  vt_test_ui_wait (50);
  g_assert_cmpstr (vt_window_get_visible_name (window), ==, "wizard");

  for (;;)
    {
      VtAssistant *assistant = vt_window_get_assistant (window);
      VtPage *page = vt_assistant_get_current_page (assistant);
      const VtPageDef *definition = g_object_get_data (G_OBJECT (page), "vt-page-def");
      const char *page_id = vt_page_get_page_id (page);
      g_autofree char *id = g_strdup (page_id);

      procedure = vt_session_get_procedure (vt_page_get_session (page));
      g_assert_cmpuint (++guard, <, 40);
      if (g_str_equal (page_id, "canal"))
        {
          g_autofree char *button_name = g_strdup_printf ("channel-%s", plan->channel);
          GtkWidget *button = vt_test_ui_find (GTK_WIDGET (page), button_name);

          if (button != NULL)
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          vt_test_ui_wait (30);
        }
      else if (definition != NULL && definition->kind == VT_PAGE_FIELDS)
        {
          /* Choices first: they reveal the fields that depend on them. */
          for (guint pass = 0; pass < 2; pass++)
            for (guint i = 0; i < definition->fields->len; i++)
              {
                const VtField *field = g_ptr_array_index (definition->fields, i);
                if ((field->type == VT_FIELD_CHOICE) == (pass == 0))
                  fill_field (plan, person, page, field);
              }
        }
      else if (definition != NULL && definition->kind == VT_PAGE_CAPTURE)
        {
          const VtDocument *document = vt_procedure_find_document (procedure,
                                                                   definition->document);
          capture (window, page, document->kind == VT_DOCUMENT_VIDEO);
        }
      else if (definition != NULL && definition->kind == VT_PAGE_SIGNATURE)
        sign (page);

      vt_test_ui_wait (30);
      if (visit && !visit (window, id, data))
        return FALSE;
      {
        GtkWidget *next = vt_test_ui_find (GTK_WIDGET (assistant), "next");

        if (!vt_test_ui_wait_for (is_sensitive, next, 10000))
          g_error ("Page %s stayed incomplete", id);
        vt_test_ui_click (next);
      }
      vt_test_ui_wait (30);
      if (g_str_equal (id, "revision"))
        break;
      if (vt_window_get_assistant (window) == NULL
          || vt_assistant_get_current_page (vt_window_get_assistant (window)) == page)
        g_error ("Page %s did not accept the synthetic person's answers", id);
    }

  g_assert_true (vt_test_ui_wait_for (is_done, window, 20000));
  vt_test_ui_wait (100);
  if (visit)
    visit (window, "done", data);
  return TRUE;
}

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
#include "procedures/vt-phone.h"
#include "procedures/vt-procedure.h"
#include "vt-test-ui.h"
#include "wizard/vt-date-picker.h"
#include "wizard/vt-signature-page.h"

#include <math.h>

char *
vt_walk_value_for (VtTestPerson  *p,
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
  if (g_str_has_prefix (id, "telefono_exterior") || g_str_has_prefix (id, "telefono_contacto"))
    return vt_phone_format (p->telefono_exterior, TRUE);
  if (g_str_equal (id, "celular_ec"))
    return g_strdup (p->celular_ec);
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

const char *
vt_walk_date_for (VtTestPerson  *person,
                  const VtField *field)
{
  return g_str_equal (field->id, "fecha_expedicion") ? person->fecha_expedicion
                                                     : person->fecha_nacimiento;
}

static void
select_country (GtkWidget  *dropdown,
                const char *iso)
{
  vt_test_ui_select_country (dropdown, iso);
}

static void
press (const VtWalkHooks *hooks,
       GtkWidget         *button,
       gpointer           data)
{
  if (hooks->press != NULL)
    hooks->press (button, data);
  else
    vt_test_ui_click (button);
}

static void
fill_field (const VtWalkPlan  *plan,
            VtTestPerson      *person,
            VtPage            *page,
            const VtField     *field,
            const VtWalkHooks *hooks,
            gpointer           data)
{
  g_autofree char *name = g_strdup_printf ("field-%s", field->id);
  GtkWidget *input = vt_test_ui_find (GTK_WIDGET (page), name);
  g_autofree char *value = NULL;

  g_assert_nonnull (input);
  if (!gtk_widget_get_mapped (input))
    return;  /* hidden by an earlier answer */
  if (hooks->fill != NULL && !(field->type == VT_FIELD_CHOICE && !GTK_IS_DROP_DOWN (input))
      && hooks->fill (page, field, input, data))
    {
      vt_test_ui_wait (10);
      return;
    }

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
          if (hooks->press != NULL)
            hooks->press (button, data);
          else
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
        }
      break;
    case VT_FIELD_COUNTRY:
      select_country (input, person->pais);
      break;
    case VT_FIELD_PHONE:
      select_country (vt_test_ui_find (gtk_widget_get_parent (input), "field-prefix"),
                      person->pais);
      value = vt_walk_value_for (person, field);
      gtk_editable_set_text (GTK_EDITABLE (input), value);
      break;
    case VT_FIELD_DATE:
      /* Dates are chosen on a picker, not typed: its own test presses its buttons. */
      g_assert_true (vt_date_picker_set_iso (VT_DATE_PICKER (input),
                                             vt_walk_date_for (person, field)));
      break;
    case VT_FIELD_MULTILINE:
      value = vt_walk_value_for (person, field);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), value, -1);
      break;
    default:
      value = vt_walk_value_for (person, field);
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
capture (VtWindow          *window,
         VtPage            *page,
         gboolean           video,
         const VtWalkHooks *hooks,
         gpointer           data)
{
  GtkWidget *button = vt_test_ui_find (GTK_WIDGET (page), "capture");
  /* Held while the walk waits on it: a page the window drops (a wipe) fails the wait below
   * instead of being read after it is freed. */
  g_autoptr(VtPage) held = g_object_ref (page);

  /* A video waits for the microphone check to hear the synthetic reader. */
  if (video)
    g_assert_true (vt_test_ui_wait_for (widget_sensitive, button, 20000));
  vt_test_ui_wait (video ? 300 : 600);
  /* A photo page takes the picture itself once every check holds: its button is pressed only
   * when that has not begun (the button is then insensitive while the picture is taken). */
  if (video || (gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button)))
    press (hooks, button, data);
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
        press (hooks, stop, data);
    }
  /* Reviewing a recording (the speech check over the whole text) is the slowest step under the
   * sanitizers on a loaded machine: a minute, and the page's own words when it still fails. */
  if (!vt_test_ui_wait_for (page_complete, page, video ? 60000 : 20000))
    {
      GtkWidget *status = vt_test_ui_find (GTK_WIDGET (page), "capture-status");

      g_error ("The %s page did not complete; its status line says: «%s»",
               video ? "video" : "capture",
               status != NULL ? gtk_label_get_text (GTK_LABEL (status)) : "(none)");
    }
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
is_wizard (gpointer data)
{
  return g_strcmp0 (vt_window_get_visible_name (data), "wizard") == 0;
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
  const VtWalkHooks hooks = { .visit = visit };

  return vt_walk_procedure_with (window, plan, person, &hooks, data);
}

gboolean
vt_walk_procedure_with (VtWindow          *window,
                        const VtWalkPlan  *plan,
                        VtTestPerson      *person,
                        const VtWalkHooks *hooks,
                        gpointer           data)
{
  VtWalkVisit visit = hooks->visit;
  g_autofree char *start_name = g_strdup_printf ("procedure-%s", plan->procedure_id);
  VtProcedure *procedure;
  guint guard = 0;

  g_assert_cmpstr (vt_window_get_visible_name (window), ==, "start");
  if (visit && !visit (window, "start", data))
    return FALSE;
  press (hooks, vt_test_ui_find (GTK_WIDGET (window), start_name), data);
  vt_test_ui_wait (50);
  /* A real touch is handled when the events arrive, not at once. */
  vt_test_ui_wait_for (is_wizard, window, 5000);
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

          if (button != NULL && hooks->press != NULL)
            hooks->press (button, data);
          else if (button != NULL)
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
                  fill_field (plan, person, page, field, hooks, data);
              }
        }
      else if (definition != NULL && definition->kind == VT_PAGE_CAPTURE)
        {
          const VtDocument *document = vt_procedure_find_document (procedure,
                                                                   definition->document);
          capture (window, page, document->kind == VT_DOCUMENT_VIDEO, hooks, data);
        }
      else if (definition != NULL && definition->kind == VT_PAGE_SIGNATURE && hooks->sign != NULL)
        hooks->sign (page, data);
      else if (definition != NULL && definition->kind == VT_PAGE_SIGNATURE)
        sign (page);

      vt_test_ui_wait (30);
      if (visit && !visit (window, id, data))
        return FALSE;
      {
        GtkWidget *next = vt_test_ui_find (GTK_WIDGET (assistant), "next");

        if (!vt_test_ui_wait_for (is_sensitive, next, 10000))
          g_error ("Page %s stayed incomplete", id);
        press (hooks, next, data);
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

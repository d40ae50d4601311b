/* vt-paperwork.c — turning answers into the documents the institute reads.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-paperwork.h"

#include "outbox/vt-queue.h"

#include <glib/gi18n-lib.h>

static VtPdfKind
kind_of (const VtGenerated *generated)
{
  if (g_str_equal (generated->kind, "form"))
    return VT_PDF_FORM;
  if (g_str_equal (generated->kind, "authorization"))
    return VT_PDF_AUTHORIZATION;
  return VT_PDF_LETTER;
}

/* The values of the active, answered fields of one line, as the document shows them. */
static char *
join_values (VtSession   *session,
             char       **fields)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  gboolean names = TRUE;

  for (guint i = 0; fields[i]; i++)
    {
      const VtField *field = vt_procedure_find_field (procedure, fields[i]);
      char *value;

      if (field == NULL || !vt_session_field_is_active (session, field))
        continue;
      names = names && g_str_equal (field->validator, "name");
      value = vt_session_dup_document_value (session, field);
      if (value != NULL)
        g_ptr_array_add (values, value);
    }
  g_ptr_array_add (values, NULL);
  /* Given names and surnames read as one name; anything else as a list. */
  return g_strjoinv (names ? " " : " / ", (char **)values->pdata);
}

static char *
identity_line (VtSession *session)
{
  const char *type = vt_session_get_answer (session, "tipo_identificacion");
  const char *number = vt_session_get_identity_number (session);

  if (number == NULL)
    return NULL;
  if (g_strcmp0 (type, "pasaporte") == 0
      || (type == NULL && g_strcmp0 (number, vt_session_get_answer (session, "pasaporte")) == 0))
    return g_strdup_printf ("Pasaporte: %s", number);
  if (g_strcmp0 (type, "codigo_extranjero") == 0)
    return g_strdup_printf ("Código de identificación para extranjeros: %s", number);
  return g_strdup_printf ("C.I.: %s", number);
}

VtPdfContent *
vt_paperwork_content (VtSession         *session,
                      const VtGenerated *generated,
                      GDateTime         *now,
                      const char        *footer)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  g_autoptr(VtPdfContent) content = NULL;
  g_autofree char *date = vt_pdf_format_date (now);
  const char *city = vt_session_get_answer (session, "ciudad_residencia");
  char *fields_only[] = { NULL, NULL };

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (generated != NULL, NULL);

  content = vt_pdf_content_new (kind_of (generated), generated->title);
  content->addressee = vt_session_expand_document (session, generated->addressee);
  content->body = vt_session_expand_document (session, generated->body);
  content->place_date = g_strdup_printf ("%s, %s", city ? city : "Ecuador", date);
  content->footer = g_strdup (footer);
  content->signature = vt_session_get_signature (session)
                       ? g_object_ref (vt_session_get_signature (session)) : NULL;
  {
    char *name_fields[] = { (char *)"nombres", (char *)"apellidos", NULL };
    content->signer_name = join_values (session, name_fields);
  }
  content->signer_id = identity_line (session);

  if (generated->sections != NULL)
    {
      for (guint i = 0; i < generated->sections->len; i++)
        {
          const VtGeneratedSection *definition = g_ptr_array_index (generated->sections, i);
          VtPdfSection *section = vt_pdf_content_add_section (content, definition->title);

          for (guint j = 0; j < definition->items->len; j++)
            {
              const VtGeneratedItem *item = g_ptr_array_index (definition->items, j);
              g_autofree char *value = NULL;

              /* A line about another document (a cédula's código dactilar for a passport
               * holder) is left out rather than left blank: a blank reads as missing. */
              if (!vt_session_condition_holds (session, item->when))
                continue;
              value = join_values (session, item->fields);

              vt_pdf_section_add (section, item->mark, item->label, value);
            }
        }
    }
  else
    {
      VtPdfSection *section = vt_pdf_content_add_section (content, "Datos del solicitante");

      for (guint i = 0; generated->fields[i]; i++)
        {
          const VtField *field = vt_procedure_find_field (procedure, generated->fields[i]);
          g_autofree char *value = NULL;

          if (field == NULL || !vt_session_field_is_active (session, field))
            continue;
          fields_only[0] = generated->fields[i];
          value = join_values (session, fields_only);
          if (*value == '\0' && !field->required)
            continue;
          vt_pdf_section_add (section, NULL, field->label, value);
        }
    }

  return g_steal_pointer (&content);
}

/* The document as printed to be signed in ink: no drawn signature, the page's code instead. */
static VtPdfContent *
content_to_sign (VtSession         *session,
                 const VtGenerated *definition,
                 GDateTime         *now,
                 const char        *footer)
{
  VtPdfContent *content = vt_paperwork_content (session, definition, now, footer);

  g_clear_object (&content->signature);
  content->page_code = g_strdup (vt_session_get_page_code (session, definition->id));
  return content;
}

GPtrArray *
vt_paperwork_build (VtSession   *session,
                    GDateTime   *now,
                    const char  *footer,
                    GError     **error)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  GPtrArray *generated = vt_procedure_get_generated (procedure);
  g_autoptr(GPtrArray) attachments =
    g_ptr_array_new_with_free_func ((GDestroyNotify)vt_attachment_free);

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);

  for (guint i = 0; i < generated->len; i++)
    {
      const VtGenerated *definition = g_ptr_array_index (generated, i);
      g_autoptr(VtPdfContent) content = NULL;
      g_autoptr(GBytes) pdf = NULL;

      if (!vt_session_condition_holds (session, definition->when))
        continue;
      /* Signed in ink and scanned back: the document as printed, its signed page as scanned. */
      if (vt_session_has_capture (session, definition->id))
        {
          g_autoptr(GBytes) scan = vt_session_read_capture (session, definition->id, error);

          if (scan == NULL)
            return NULL;
          content = content_to_sign (session, definition, now, footer);
          pdf = vt_pdf_render_signed (content, scan, error);
        }
      else
        {
          content = vt_paperwork_content (session, definition, now, footer);
          pdf = vt_pdf_render (content, error);
        }
      if (pdf == NULL)
        return NULL;
      if ((gint64)g_bytes_get_size (pdf) > vt_procedure_get_max_file_bytes (procedure))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("El documento «%s» supera el tamaño que acepta el IESS."),
                       vt_procedure_tr (definition->title));
          return NULL;
        }
      g_ptr_array_add (attachments, vt_attachment_new (definition->id, "application/pdf", pdf));
    }
  return g_steal_pointer (&attachments);
}

GBytes *
vt_paperwork_render_to_sign (VtSession   *session,
                             const char  *generated_id,
                             GDateTime   *now,
                             const char  *footer,
                             GError     **error)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  GPtrArray *generated = vt_procedure_get_generated (procedure);

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);

  for (guint i = 0; i < generated->len; i++)
    {
      const VtGenerated *definition = g_ptr_array_index (generated, i);
      g_autoptr(VtPdfContent) content = NULL;

      if (!g_str_equal (definition->id, generated_id))
        continue;
      content = content_to_sign (session, definition, now, footer);
      return vt_pdf_render (content, error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no generated document %s", generated_id);
  return NULL;
}

GBytes *
vt_paperwork_build_packet (VtSession   *session,
                           GDateTime   *now,
                           const char  *footer,
                           GError     **error)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  const VtChannel *channel = vt_procedure_find_channel (procedure,
                                                        vt_session_get_answer (session, "canal"));
  GPtrArray *generated = vt_procedure_get_generated (procedure);
  g_autoptr(GPtrArray) contents =
    g_ptr_array_new_with_free_func ((GDestroyNotify)vt_pdf_content_free);
  VtPdfContent *checklist;
  VtPdfSection *section;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);

  if (channel == NULL || !g_str_equal (channel->id, "presencial"))
    return NULL;

  for (guint i = 0; i < generated->len; i++)
    {
      const VtGenerated *definition = g_ptr_array_index (generated, i);

      if (vt_session_condition_holds (session, definition->when))
        g_ptr_array_add (contents, vt_paperwork_content (session, definition, now, footer));
    }

  /* The last page: what to take along, from the procedure's own text. */
  checklist = vt_pdf_content_new (VT_PDF_CHECKLIST, "Lista de lo que debe llevar");
  checklist->footer = g_strdup (footer);
  checklist->body = g_strdup (channel->appointment_required
                              ? "Este trámite necesita un turno en línea: genérelo en el portal "
                                "del IESS (www.iess.gob.ec, «Turnos en línea») antes de ir. "
                                "Lleve estas hojas firmadas y marque cada original al guardarlo."
                              : "Lleve estas hojas firmadas a las ventanillas de Gestión "
                                "Documental y marque cada original al guardarlo.");
  section = vt_pdf_content_add_section (checklist, "Originales y documentos");
  for (guint i = 0; channel->bring[i]; i++)
    vt_pdf_section_add (section, NULL, channel->bring[i], NULL);
  g_ptr_array_add (contents, checklist);

  return vt_pdf_render_all (contents, error);
}

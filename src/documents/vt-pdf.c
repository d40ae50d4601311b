/* vt-pdf.c — laying out official letters and forms with cairo and pango.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-pdf.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

/* A4 in PostScript points, with margins of 25 mm. */
#define PAGE_WIDTH 595.28
#define PAGE_HEIGHT 841.89
#define MARGIN 70.9
#define TEXT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define BOTTOM (PAGE_HEIGHT - 48)

static void
item_free (VtPdfItem *item)
{
  g_free (item->mark);
  g_free (item->label);
  g_free (item->value);
  g_free (item);
}

static void
section_free (VtPdfSection *section)
{
  g_free (section->title);
  g_ptr_array_unref (section->items);
  g_free (section);
}

VtPdfContent *
vt_pdf_content_new (VtPdfKind   kind,
                    const char *title)
{
  VtPdfContent *content = g_new0 (VtPdfContent, 1);

  content->kind = kind;
  content->title = g_strdup (title);
  content->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)section_free);
  return content;
}

void
vt_pdf_content_free (VtPdfContent *content)
{
  if (content == NULL)
    return;
  g_free (content->title);
  g_free (content->place_date);
  g_free (content->addressee);
  g_free (content->body);
  g_ptr_array_unref (content->sections);
  g_clear_object (&content->signature);
  g_free (content->signer_name);
  g_free (content->signer_id);
  g_free (content->footer);
  g_free (content);
}

VtPdfSection *
vt_pdf_content_add_section (VtPdfContent *content,
                            const char   *title)
{
  VtPdfSection *section = g_new0 (VtPdfSection, 1);

  section->title = g_strdup (title);
  section->items = g_ptr_array_new_with_free_func ((GDestroyNotify)item_free);
  g_ptr_array_add (content->sections, section);
  return section;
}

void
vt_pdf_section_add (VtPdfSection *section,
                    const char   *mark,
                    const char   *label,
                    const char   *value)
{
  VtPdfItem *item = g_new0 (VtPdfItem, 1);

  item->mark = g_strdup (mark);
  item->label = g_strdup (label);
  item->value = g_strdup (value);
  g_ptr_array_add (section->items, item);
}

char *
vt_pdf_format_date (GDateTime *date)
{
  /* Fixed Spanish month names: the document's language does not follow the UI's. */
  static const char * const months[] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre"
  };

  return g_strdup_printf ("%d de %s de %d", g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1], g_date_time_get_year (date));
}

typedef struct
{
  cairo_t *cr;
  double   y;
  int      page;
  char    *footer;
} Writer;

static void
draw_footer (Writer *w)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (w->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans 7.5");
  g_autofree char *text = g_strdup_printf ("%s%sPágina %d", w->footer ? w->footer : "",
                                           w->footer ? "  ·  " : "", w->page);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, TEXT_WIDTH * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (w->cr, 0.35, 0.35, 0.35);
  cairo_move_to (w->cr, MARGIN, PAGE_HEIGHT - 34);
  pango_cairo_show_layout (w->cr, layout);
  cairo_set_source_rgb (w->cr, 0, 0, 0);
}

static void
ensure_room (Writer *w,
             double  height)
{
  if (w->y + height <= BOTTOM)
    return;
  draw_footer (w);
  cairo_show_page (w->cr);
  w->page++;
  w->y = MARGIN;
}

/* Writes wrapped text at the current position; returns its height. */
static double
write_text_full (Writer         *w,
                 const char     *font_name,
                 const char     *text,
                 double          indent,
                 double          space_after,
                 PangoAlignment  alignment,
                 gboolean        justify)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (w->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);
  int width, height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)((TEXT_WIDTH - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_justify (layout, justify);
  pango_layout_set_spacing (layout, 2 * PANGO_SCALE);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, &height);

  ensure_room (w, (double)height / PANGO_SCALE);
  cairo_move_to (w->cr, MARGIN + indent, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += (double)height / PANGO_SCALE + space_after;
  return (double)height / PANGO_SCALE;
}

/* Paragraphs are justified, as in a typed letter. */
static double
write_text (Writer         *w,
            const char     *font_name,
            const char     *text,
            double          indent,
            double          space_after,
            PangoAlignment  alignment)
{
  return write_text_full (w, font_name, text, indent, space_after, alignment,
                          alignment == PANGO_ALIGN_LEFT);
}

static void
write_item (Writer          *w,
            const VtPdfItem *item,
            gboolean         boxed)
{
  g_autofree char *label = NULL;
  g_autoptr(PangoLayout) left = pango_cairo_create_layout (w->cr);
  g_autoptr(PangoLayout) right = pango_cairo_create_layout (w->cr);
  g_autoptr(PangoFontDescription) label_font = pango_font_description_from_string ("DejaVu Sans 8");
  g_autoptr(PangoFontDescription) value_font = pango_font_description_from_string ("DejaVu Sans Bold 9.5");
  double label_width = TEXT_WIDTH * 0.40;
  int lh, rh;
  double height;

  /* A line without a value is a checklist line: a box to tick and the text across. */
  if (item->value == NULL)
    {
      g_autofree char *line = g_strdup_printf ("☐  %s", item->label);
      write_text_full (w, "DejaVu Sans 10.5", line, 8, 6, PANGO_ALIGN_LEFT, FALSE);
      return;
    }
  label = item->mark ? g_strdup_printf ("%s.- %s", item->mark, item->label)
                     : g_strdup (item->label);

  pango_layout_set_font_description (left, label_font);
  pango_layout_set_width (left, (int)((label_width - 8) * PANGO_SCALE));
  pango_layout_set_wrap (left, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (left, label, -1);
  pango_layout_set_font_description (right, value_font);
  pango_layout_set_width (right, (int)((TEXT_WIDTH - label_width - 8) * PANGO_SCALE));
  pango_layout_set_wrap (right, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (right, item->value && *item->value ? item->value : "—", -1);
  pango_layout_get_size (left, NULL, &lh);
  pango_layout_get_size (right, NULL, &rh);
  height = MAX (lh, rh) / (double)PANGO_SCALE + 6;

  ensure_room (w, height);
  if (boxed)
    {
      cairo_set_line_width (w->cr, 0.6);
      cairo_set_source_rgb (w->cr, 0.55, 0.55, 0.55);
      cairo_rectangle (w->cr, MARGIN, w->y, TEXT_WIDTH, height);
      cairo_move_to (w->cr, MARGIN + label_width, w->y);
      cairo_line_to (w->cr, MARGIN + label_width, w->y + height);
      cairo_stroke (w->cr);
      cairo_set_source_rgb (w->cr, 0, 0, 0);
    }
  cairo_move_to (w->cr, MARGIN + 4, w->y + 3);
  pango_cairo_show_layout (w->cr, left);
  cairo_move_to (w->cr, MARGIN + label_width + 4, w->y + 3);
  pango_cairo_show_layout (w->cr, right);
  w->y += height + (boxed ? 0 : 2);
}

static void
write_signature (Writer             *w,
                 const VtPdfContent *content)
{
  const double box_width = 200;
  const double box_height = content->kind == VT_PDF_FORM ? 56 : 72;

  /* The closing, the signature and the name under it stay together on one page. */
  ensure_room (w, box_height + 56);
  if (content->kind != VT_PDF_FORM)
    write_text (w, "DejaVu Serif 10.5", "Atentamente,", 0, 0, PANGO_ALIGN_LEFT);
  else
    write_text (w, "DejaVu Sans Bold 10", "Apartado 3: firma", 0, 0, PANGO_ALIGN_LEFT);
  w->y += 6;
  if (content->signature != NULL)
    {
      cairo_save (w->cr);
      cairo_translate (w->cr, MARGIN, w->y);
      vt_signature_draw (content->signature, w->cr, box_width, box_height);
      cairo_restore (w->cr);
    }
  w->y += box_height;
  cairo_set_line_width (w->cr, 0.8);
  cairo_move_to (w->cr, MARGIN, w->y);
  cairo_line_to (w->cr, MARGIN + box_width, w->y);
  cairo_stroke (w->cr);
  w->y += 4;
  write_text (w, "DejaVu Sans Bold 9.5", content->signer_name ? content->signer_name : "", 0, 1,
              PANGO_ALIGN_LEFT);
  if (content->signer_id != NULL)
    write_text (w, "DejaVu Sans 9", content->signer_id, 0, 1, PANGO_ALIGN_LEFT);
  write_text (w, "DejaVu Sans 8", content->signature ? "Firma manuscrita del solicitante"
                                                     : "Firma del solicitante", 0, 0,
              PANGO_ALIGN_LEFT);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Lays out one document from the top of a fresh page; leaves its last page open. */
static void
draw_document (Writer             *w,
               const VtPdfContent *content)
{
  gboolean form = content->kind == VT_PDF_FORM;

  if (content->place_date != NULL && !form)
    write_text (w, "DejaVu Serif 10.5", content->place_date, 0, 18, PANGO_ALIGN_RIGHT);

  if (form)
    {
      write_text (w, "DejaVu Sans Bold 8.5", "INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL", 0, 4,
                  PANGO_ALIGN_CENTER);
      {
        g_autofree char *upper = g_utf8_strup (content->title, -1);
        write_text (w, "DejaVu Sans Bold 11", upper, 0, 8, PANGO_ALIGN_CENTER);
      }
      if (content->place_date != NULL)
        write_text (w, "DejaVu Sans 9", content->place_date, 0, 4, PANGO_ALIGN_RIGHT);
    }
  else if (content->addressee != NULL)
    {
      g_autofree char *to = g_strdup_printf ("Señor(a)\n%s\nPresente.-", content->addressee);
      write_text (w, "DejaVu Serif 10.5", to, 0, 14, PANGO_ALIGN_LEFT);
      write_text (w, "DejaVu Serif Bold 10.5", content->title, 0, 12, PANGO_ALIGN_LEFT);
      write_text (w, "DejaVu Serif 10.5", "De mi consideración:", 0, 10, PANGO_ALIGN_LEFT);
    }
  else
    {
      g_autofree char *upper = g_utf8_strup (content->title, -1);
      write_text (w, "DejaVu Serif Bold 13", upper, 0, 16, PANGO_ALIGN_CENTER);
    }

  if (content->body != NULL && !form)
    write_text (w, "DejaVu Serif 10.5", content->body, 0, 14, PANGO_ALIGN_LEFT);

  for (guint i = 0; i < content->sections->len; i++)
    {
      const VtPdfSection *section = g_ptr_array_index (content->sections, i);

      if (section->title != NULL)
        {
          ensure_room (w, 60);
          w->y += 4;
          write_text (w, form ? "DejaVu Sans Bold 10" : "DejaVu Serif Bold 10.5",
                      section->title, 0, 6, PANGO_ALIGN_LEFT);
        }
      for (guint j = 0; j < section->items->len; j++)
        write_item (w, g_ptr_array_index (section->items, j), form);
      w->y += 6;
    }

  if (content->body != NULL && form)
    write_text (w, "DejaVu Sans 9.5", content->body, 0, 10, PANGO_ALIGN_LEFT);

  if (content->kind != VT_PDF_CHECKLIST)
    write_signature (w, content);
  draw_footer (w);
}

GBytes *
vt_pdf_render_all (GPtrArray  *contents,
                   GError    **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  const VtPdfContent *first;
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer w = { NULL, MARGIN, 1, NULL };

  g_return_val_if_fail (contents != NULL && contents->len > 0, NULL);

  first = g_ptr_array_index (contents, 0);
  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, first->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ventanilla " PACKAGE_VERSION);
  w.cr = cairo_create (surface);

  /* Each document starts on a page of its own, numbered from 1. */
  for (guint i = 0; i < contents->len; i++)
    {
      const VtPdfContent *content = g_ptr_array_index (contents, i);

      if (i > 0)
        cairo_show_page (w.cr);
      w.y = MARGIN;
      w.page = 1;
      w.footer = content->footer;
      cairo_set_source_rgb (w.cr, 0, 0, 0);
      draw_document (&w, content);
    }

  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No se pudo generar el documento: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

GBytes *
vt_pdf_render (const VtPdfContent  *content,
               GError             **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (content != NULL, NULL);

  g_ptr_array_add (one, (gpointer)content);
  return vt_pdf_render_all (one, error);
}

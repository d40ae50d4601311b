/* vt-pdf.c — laying out official letters and forms with cairo and pango.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-pdf.h"

#include "vt-signed-page.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
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
  g_free (content->page_code);
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
  /* Pages after `keep_pages` are laid out on `discard` (same metrics, never kept); 0 keeps all. */
  int      keep_pages;
  cairo_t *discard;
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
  if (w->keep_pages > 0 && w->page > w->keep_pages && w->discard != NULL)
    w->cr = w->discard;
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
  const double line_width = 200;
  const double box_height = content->page_code != NULL ? VT_SIGN_BOX_HEIGHT
                            : content->kind == VT_PDF_FORM ? 56 : 72;
  const char *caption;

  /* The closing, the signature and the name under it stay together on one page. */
  ensure_room (w, box_height + 70);
  if (content->kind != VT_PDF_FORM)
    write_text (w, "DejaVu Serif 10.5", "Atentamente,", 0, 0, PANGO_ALIGN_LEFT);
  else
    write_text (w, "DejaVu Sans Bold 10", "Apartado 3: firma", 0, 0, PANGO_ALIGN_LEFT);
  w->y += 6;
  if (content->page_code != NULL)
    {
      g_autofree char *code_line = g_strdup_printf ("Hoja %s", content->page_code);

      /* To be signed in ink at the kiosk and scanned back: an empty box, and the page's code
       * beside it so the scan can only be this very page. */
      vt_signed_page_draw (w->cr, MARGIN, w->y, content->page_code);
      cairo_save (w->cr);
      {
        g_autoptr(PangoLayout) layout = pango_cairo_create_layout (w->cr);
        g_autoptr(PangoFontDescription) font =
          pango_font_description_from_string ("DejaVu Sans Mono 8");

        pango_layout_set_font_description (layout, font);
        pango_layout_set_text (layout, code_line, -1);
        cairo_move_to (w->cr, MARGIN + VT_SIGN_BOX_WIDTH + VT_SIGN_GAP + 10,
                       w->y + VT_SIGN_CODE_SIZE);
        pango_cairo_show_layout (w->cr, layout);
      }
      cairo_restore (w->cr);
      w->y += box_height + 14;
      caption = "Firma manuscrita del solicitante, con tinta, dentro del recuadro";
    }
  else
    {
      if (content->signature != NULL)
        {
          cairo_save (w->cr);
          cairo_translate (w->cr, MARGIN, w->y);
          vt_signature_draw (content->signature, w->cr, line_width, box_height);
          cairo_restore (w->cr);
        }
      w->y += box_height;
      cairo_set_line_width (w->cr, 0.8);
      cairo_move_to (w->cr, MARGIN, w->y);
      cairo_line_to (w->cr, MARGIN + line_width, w->y);
      cairo_stroke (w->cr);
      w->y += 4;
      /* Said as it is: a finger on a screen is not ink on paper. */
      caption = content->signature != NULL
                ? "Firma del solicitante, trazada con el dedo en la pantalla del quiosco"
                : "Firma manuscrita del solicitante";
    }
  write_text (w, "DejaVu Sans Bold 9.5", content->signer_name ? content->signer_name : "", 0, 1,
              PANGO_ALIGN_LEFT);
  if (content->signer_id != NULL)
    write_text (w, "DejaVu Sans 9", content->signer_id, 0, 1, PANGO_ALIGN_LEFT);
  write_text (w, "DejaVu Sans 8", caption, 0, 0, PANGO_ALIGN_LEFT);
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
      /* The salutation comes with the addressee: "Señor(a) Director(a)…" for a person,
       * "Señores" for an institution. */
      g_autofree char *to = g_strdup_printf ("%s\nPresente.-", content->addressee);
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
  Writer w = { NULL, MARGIN, 1, NULL, 0, NULL };

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

/* Scans are placed with a thin white border, as a photocopy would be. */
#define SCAN_MARGIN 14.0

/* An opaque image surface holding the pixels, carrying the JPEG data they came from: cairo's
 * PDF writer embeds that data (DCTDecode) instead of the pixels. */
static cairo_surface_t *
jpeg_surface (GdkPixbuf *pixbuf,
              GBytes    *jpeg)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  guint8 *data = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      const guint8 *in = pixels + (gsize)y * stride;
      guint32 *out = (guint32 *)(gpointer)(data + (gsize)y * out_stride);

      for (int x = 0; x < width; x++, in += channels)
        out[x] = 0xff000000u | ((guint32)in[0] << 16) | ((guint32)in[1] << 8) | in[2];
    }
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, g_bytes_get_data (jpeg, NULL),
                               g_bytes_get_size (jpeg), (cairo_destroy_func_t)g_bytes_unref,
                               g_bytes_ref (jpeg));
  return surface;
}

/* Fills the current page with one scan: A4, portrait or landscape as the scan is. Nothing may
 * have been drawn on the page yet (its size is set here). */
static void
place_scan (cairo_surface_t *surface,
            cairo_t         *cr,
            GdkPixbuf       *pixbuf,
            GBytes          *jpeg)
{
  double width = gdk_pixbuf_get_width (pixbuf);
  double height = gdk_pixbuf_get_height (pixbuf);
  gboolean landscape = width > height;
  double page_width = landscape ? PAGE_HEIGHT : PAGE_WIDTH;
  double page_height = landscape ? PAGE_WIDTH : PAGE_HEIGHT;
  double scale = MIN ((page_width - 2 * SCAN_MARGIN) / width,
                      (page_height - 2 * SCAN_MARGIN) / height);
  cairo_surface_t *image = jpeg_surface (pixbuf, jpeg);

  cairo_pdf_surface_set_size (surface, page_width, page_height);
  cairo_save (cr);
  cairo_translate (cr, (page_width - width * scale) / 2, (page_height - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}

/* One A4 page per scan, portrait or landscape as the scan is; `jpegs` and `pixbufs` match. */
static GBytes *
write_scans (GPtrArray  *jpegs,
             GPtrArray  *pixbufs,
             GError    **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ventanilla");
  cr = cairo_create (surface);
  for (guint i = 0; i < jpegs->len; i++)
    {
      place_scan (surface, cr, g_ptr_array_index (pixbufs, i), g_ptr_array_index (jpegs, i));
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
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

static GBytes *
encode_jpeg (GdkPixbuf *pixbuf,
             int        quality)
{
  g_autofree char *quality_text = g_strdup_printf ("%d", quality);
  char *data = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "jpeg", NULL,
                                  "quality", quality_text, NULL))
    return NULL;
  return g_bytes_new_take (data, size);
}

/* Every page at `quality` and `scale` of its size; NULL when a page cannot be encoded. */
static GBytes *
write_scans_at (GPtrArray  *originals,
                double      scale,
                int         quality,
                GError    **error)
{
  g_autoptr(GPtrArray) jpegs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) pixbufs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < originals->len; i++)
    {
      GdkPixbuf *original = g_ptr_array_index (originals, i);
      GdkPixbuf *pixbuf = scale < 1.0
        ? gdk_pixbuf_scale_simple (original,
                                   MAX (1, (int)(gdk_pixbuf_get_width (original) * scale)),
                                   MAX (1, (int)(gdk_pixbuf_get_height (original) * scale)),
                                   GDK_INTERP_BILINEAR)
        : g_object_ref (original);
      GBytes *jpeg = encode_jpeg (pixbuf, quality);

      g_ptr_array_add (pixbufs, pixbuf);
      if (jpeg == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("No se pudo preparar el documento. Tome las páginas de nuevo."));
          return NULL;
        }
      g_ptr_array_add (jpegs, jpeg);
    }
  return write_scans (jpegs, pixbufs, error);
}

GBytes *
vt_pdf_from_jpegs (GPtrArray  *pages,
                   gsize       max_bytes,
                   GError    **error)
{
  static const double scales[] = { 1.0, 0.8, 0.64, 0.5, 0.4 };
  g_autoptr(GPtrArray) pixbufs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (pages != NULL && pages->len > 0, NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      GBytes *jpeg = g_ptr_array_index (pages, i);
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (jpeg);
      GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);

      if (pixbuf == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("Una de las páginas no se pudo leer. Tómela de nuevo."));
          return NULL;
        }
      g_ptr_array_add (pixbufs, pixbuf);
    }

  /* The scans as they were taken, when they fit: nothing is lost to a second encoding. */
  pdf = write_scans (pages, pixbufs, error);
  if (pdf == NULL)
    return NULL;
  if (g_bytes_get_size (pdf) <= max_bytes)
    return g_steal_pointer (&pdf);
  g_clear_pointer (&pdf, g_bytes_unref);

  /* Otherwise the highest quality common to all pages that fits, searched at full size first;
   * a smaller size only when even a low quality does not fit. */
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      int low = 35, high = 92;

      while (low <= high)
        {
          int mid = (low + high) / 2;
          g_autoptr(GBytes) attempt = write_scans_at (pixbufs, scales[s], mid, error);

          if (attempt == NULL)
            return NULL;
          if (g_bytes_get_size (attempt) <= max_bytes)
            {
              g_clear_pointer (&pdf, g_bytes_unref);
              pdf = g_steal_pointer (&attempt);
              low = mid + 1;
            }
          else
            high = mid - 1;
        }
      if (pdf != NULL)
        {
          g_debug ("%u scanned pages fit %" G_GSIZE_FORMAT " bytes at quality %d, %.0f %% size",
                   pages->len, max_bytes, high, scales[s] * 100);
          return g_steal_pointer (&pdf);
        }
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Las páginas no caben en el tamaño que acepta el IESS. Quite alguna "
                         "página o avise al personal."));
  return NULL;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF surface whose output goes nowhere: laying out on it measures text exactly as on the
 * document's own surface. */
static cairo_t *
discarding_context (void)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (discard_cb, NULL, PAGE_WIDTH,
                                                                  PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static int
count_pages (const VtPdfContent *content)
{
  Writer w = { discarding_context (), MARGIN, 1, content->footer, 0, NULL };

  draw_document (&w, content);
  cairo_destroy (w.cr);
  return w.page;
}

GBytes *
vt_pdf_render_signed (const VtPdfContent  *content,
                      GBytes              *scan,
                      GError             **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int pages;
  Writer w;

  g_return_val_if_fail (content != NULL && content->page_code != NULL, NULL);
  g_return_val_if_fail (scan != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (scan);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No se pudo leer la foto de la hoja. Inténtelo otra vez."));
      return NULL;
    }

  /* The signature closes the document, so it is on its last page: the pages before it go as
   * printed, and the last one as it came back, signed. */
  pages = count_pages (content);
  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, content->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ventanilla " PACKAGE_VERSION);
  cr = cairo_create (surface);
  w = (Writer) { cr, MARGIN, 1, content->footer, pages - 1, discarding_context () };
  if (pages == 1)
    w.cr = w.discard;
  cairo_set_source_rgb (w.cr, 0, 0, 0);
  draw_document (&w, content);
  place_scan (surface, cr, pixbuf, scan);
  cairo_show_page (cr);
  cairo_destroy (w.discard);

  cairo_destroy (cr);
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

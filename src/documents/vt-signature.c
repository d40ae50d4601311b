/* vt-signature.c — strokes, smoothing and rendering of a drawn signature.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-documents"

#include "vt-signature.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>

typedef struct
{
  double x;
  double y;
  double pressure;
} Point;

struct _VtSignature
{
  GObject    parent_instance;

  GPtrArray *strokes;  /* GArray of Point */
  double     pad_width;
  double     pad_height;
};

G_DEFINE_FINAL_TYPE (VtSignature, vt_signature, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vt_signature_finalize (GObject *object)
{
  VtSignature *self = (VtSignature *)object;

  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_signature_parent_class)->finalize (object);
}

static void
vt_signature_class_init (VtSignatureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_signature_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_signature_init (VtSignature *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  self->pad_width = 600;
  self->pad_height = 240;
}

VtSignature *
vt_signature_new (void)
{
  return g_object_new (VT_TYPE_SIGNATURE, NULL);
}

void
vt_signature_set_pad_size (VtSignature *self,
                           double       width,
                           double       height)
{
  g_return_if_fail (VT_IS_SIGNATURE (self));

  if (width > 0 && height > 0)
    {
      self->pad_width = width;
      self->pad_height = height;
    }
}

void
vt_signature_begin_stroke (VtSignature *self,
                           double       x,
                           double       y,
                           double       pressure)
{
  GArray *stroke;

  g_return_if_fail (VT_IS_SIGNATURE (self));

  stroke = g_array_new (FALSE, FALSE, sizeof (Point));
  g_ptr_array_add (self->strokes, stroke);
  vt_signature_add_point (self, x, y, pressure);
}

void
vt_signature_add_point (VtSignature *self,
                        double       x,
                        double       y,
                        double       pressure)
{
  GArray *stroke;
  Point point = { x, y, pressure > 0 ? CLAMP (pressure, 0.1, 1.0) : 0.5 };

  g_return_if_fail (VT_IS_SIGNATURE (self));

  if (self->strokes->len == 0)
    {
      vt_signature_begin_stroke (self, x, y, pressure);
      return;
    }
  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);

  /* Light smoothing: each new point moves part of the way from the last one, which takes out
   * the jitter of a finger on glass without rounding off the letters. */
  if (stroke->len > 0)
    {
      const Point *last = &g_array_index (stroke, Point, stroke->len - 1);

      if (hypot (point.x - last->x, point.y - last->y) < 1.0)
        return;
      point.x = last->x + (point.x - last->x) * 0.6;
      point.y = last->y + (point.y - last->y) * 0.6;
    }
  g_array_append_val (stroke, point);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
vt_signature_undo (VtSignature *self)
{
  g_return_if_fail (VT_IS_SIGNATURE (self));

  if (self->strokes->len > 0)
    {
      g_ptr_array_remove_index (self->strokes, self->strokes->len - 1);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

void
vt_signature_clear (VtSignature *self)
{
  g_return_if_fail (VT_IS_SIGNATURE (self));

  if (self->strokes->len > 0)
    {
      g_ptr_array_set_size (self->strokes, 0);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

guint
vt_signature_get_n_strokes (VtSignature *self)
{
  g_return_val_if_fail (VT_IS_SIGNATURE (self), 0);
  return self->strokes->len;
}

guint
vt_signature_get_n_points (VtSignature *self)
{
  guint n = 0;

  g_return_val_if_fail (VT_IS_SIGNATURE (self), 0);

  for (guint i = 0; i < self->strokes->len; i++)
    n += ((GArray *)g_ptr_array_index (self->strokes, i))->len;
  return n;
}

gboolean
vt_signature_is_acceptable (VtSignature  *self,
                            char        **message)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double length = 0;

  g_return_val_if_fail (VT_IS_SIGNATURE (self), FALSE);

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const Point *p = &g_array_index (stroke, Point, j);

          min_x = MIN (min_x, p->x);
          min_y = MIN (min_y, p->y);
          max_x = MAX (max_x, p->x);
          max_y = MAX (max_y, p->y);
          if (j > 0)
            {
              const Point *q = &g_array_index (stroke, Point, j - 1);
              length += hypot (p->x - q->x, p->y - q->y);
            }
        }
    }

  if (vt_signature_get_n_points (self) == 0)
    {
      if (message)
        *message = g_strdup (_("Firme dentro del recuadro con el dedo o el lápiz."));
      return FALSE;
    }

  /* A signature spans a good part of the pad and has some length of ink: a dot or a short
   * dash is not one, and the institute rejects it. */
  if (vt_signature_get_n_points (self) < 15
      || (max_x - min_x) < self->pad_width * 0.2
      || length < self->pad_width * 0.5)
    {
      if (message)
        *message = g_strdup (_("La firma es demasiado pequeña o corta. Borre y firme como en "
                               "su cédula, usando buena parte del recuadro."));
      return FALSE;
    }
  return TRUE;
}

void
vt_signature_draw (VtSignature *self,
                   cairo_t     *cr,
                   double       width,
                   double       height)
{
  double scale;

  g_return_if_fail (VT_IS_SIGNATURE (self));

  scale = MIN (width / self->pad_width, height / self->pad_height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 0.05, 0.1, 0.35);

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      if (stroke->len == 1)
        {
          const Point *p = &g_array_index (stroke, Point, 0);
          cairo_arc (cr, p->x, p->y, 2.0, 0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }
      for (guint j = 1; j < stroke->len; j++)
        {
          const Point *a = &g_array_index (stroke, Point, j - 1);
          const Point *b = &g_array_index (stroke, Point, j);

          cairo_set_line_width (cr, 1.5 + 3.0 * (a->pressure + b->pressure) / 2);
          cairo_move_to (cr, a->x, a->y);
          cairo_line_to (cr, b->x, b->y);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

gboolean
vt_signature_save_png (VtSignature  *self,
                       const char   *path,
                       int           width,
                       int           height,
                       GError      **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (VT_IS_SIGNATURE (self), FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  vt_signature_draw (self, cr, width, height);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No se pudo guardar la firma: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
vt_signature_render_png (VtSignature  *self,
                         int           width,
                         int           height,
                         GError      **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (VT_IS_SIGNATURE (self), NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  vt_signature_draw (self, cr, width, height);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("No se pudo guardar la firma: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

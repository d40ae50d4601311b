/* vt-signature-page.c — drawing, clearing and accepting a signature.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-signature-page.h"

#include <glib/gi18n-lib.h>

struct _VtSignaturePage
{
  VtPage           parent_instance;

  const VtPageDef *definition;
  VtSignature     *signature;
  GtkWidget       *pad;
  GtkWidget       *message;
};

G_DEFINE_FINAL_TYPE (VtSignaturePage, vt_signature_page, VT_TYPE_PAGE)

static void
draw_pad (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  VtSignaturePage *self = user_data;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* The baseline people sign on, as on paper. */
  cairo_set_source_rgba (cr, 0.3, 0.3, 0.35, 0.6);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, width * 0.08, height * 0.75);
  cairo_line_to (cr, width * 0.92, height * 0.75);
  cairo_stroke (cr);

  vt_signature_set_pad_size (self->signature, width, height);
  vt_signature_draw (self->signature, cr, width, height);
}

static double
stylus_pressure (GtkGesture *gesture)
{
  double pressure = 0;

  if (GTK_IS_GESTURE_STYLUS (gesture)
      && gtk_gesture_stylus_get_axis (GTK_GESTURE_STYLUS (gesture), GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return 0;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                VtSignaturePage  *self)
{
  vt_signature_begin_stroke (self->signature, x, y, stylus_pressure (GTK_GESTURE (gesture)));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  VtSignaturePage  *self)
{
  vt_signature_add_point (self->signature, x, y, stylus_pressure (GTK_GESTURE (gesture)));
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               VtSignaturePage *self)
{
  vt_signature_begin_stroke (self->signature, x, y, 0);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                VtSignaturePage *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  vt_signature_add_point (self->signature, x + dx, y + dy, 0);
}

static void
signature_changed_cb (VtSignaturePage *self)
{
  gtk_widget_queue_draw (self->pad);
  gtk_widget_set_visible (self->message, FALSE);
  vt_page_set_complete (VT_PAGE (self), vt_signature_get_n_points (self->signature) > 0);
}

static gboolean
vt_signature_page_apply (VtPage *page)
{
  VtSignaturePage *self = VT_SIGNATURE_PAGE (page);
  VtSession *session = vt_page_get_session (page);
  g_autofree char *message = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  if (!vt_signature_is_acceptable (self->signature, &message))
    {
      gtk_label_set_text (GTK_LABEL (self->message), message);
      gtk_widget_set_visible (self->message, TRUE);
      return FALSE;
    }

  png = vt_signature_render_png (self->signature, 1200, 480, &error);
  if (png == NULL
      || !vt_session_store_capture (session, self->definition->document, "image/png", png,
                                    &error))
    {
      gtk_label_set_text (GTK_LABEL (self->message), error->message);
      gtk_widget_set_visible (self->message, TRUE);
      return FALSE;
    }
  vt_session_set_signature (session, self->signature);
  return TRUE;
}

static void
vt_signature_page_dispose (GObject *object)
{
  VtSignaturePage *self = (VtSignaturePage *)object;

  if (self->signature)
    g_signal_handlers_disconnect_by_data (self->signature, self);
  g_clear_object (&self->signature);
  G_OBJECT_CLASS (vt_signature_page_parent_class)->dispose (object);
}

static void
vt_signature_page_class_init (VtSignaturePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_signature_page_dispose;
  VT_PAGE_CLASS (klass)->apply = vt_signature_page_apply;
}

static void
vt_signature_page_init (VtSignaturePage *self)
{
  self->signature = vt_signature_new ();
}

VtPage *
vt_signature_page_new (VtSession       *session,
                       const VtPageDef *definition)
{
  VtSignaturePage *self;
  GtkGesture *stylus;
  GtkGesture *drag;
  GtkWidget *frame;
  GtkWidget *buttons;
  GtkWidget *button;

  self = g_object_new (VT_TYPE_SIGNATURE_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       NULL);
  self->definition = definition;
  vt_page_set_description (VT_PAGE (self),
                           definition->description ? vt_procedure_tr (definition->description)
                           : _("Firme dentro del recuadro con el dedo o el lápiz, como en su "
                               "cédula."));

  /* A page that would print the paper to sign in ink, on a kiosk without a printer: the
   * definition says, from the seed, what that means for the person. */
  if (definition->signs != NULL && definition->note != NULL)
    {
      GtkWidget *note = gtk_label_new (vt_procedure_tr (definition->note));

      gtk_widget_set_name (note, "signature-note");
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "notice");
      vt_page_append (VT_PAGE (self), note);
    }

  self->pad = gtk_drawing_area_new ();
  gtk_widget_set_name (self->pad, "signature-pad");
  gtk_widget_set_size_request (self->pad, 600, 260);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->pad), draw_pad, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pad),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recuadro para firmar"), -1);

  /* A stylus gives pressure; fingers and mice come through the drag gesture. */
  stylus = gtk_gesture_stylus_new ();
  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  gtk_widget_add_controller (self->pad, GTK_EVENT_CONTROLLER (stylus));
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (self->pad, GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_group (stylus, drag);

  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "signature-frame");
  gtk_frame_set_child (GTK_FRAME (frame), self->pad);
  vt_page_append (VT_PAGE (self), frame);

  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_widget_add_css_class (self->message, "field-error");
  gtk_widget_set_visible (self->message, FALSE);
  vt_page_append (VT_PAGE (self), self->message);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  button = gtk_button_new_with_label (_("Deshacer trazo"));
  gtk_widget_set_name (button, "signature-undo");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (vt_signature_undo), self->signature);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_label (_("Borrar firma"));
  gtk_widget_set_name (button, "signature-clear");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (vt_signature_clear), self->signature);
  gtk_box_append (GTK_BOX (buttons), button);
  vt_page_append (VT_PAGE (self), buttons);

  g_signal_connect_swapped (self->signature, "changed", G_CALLBACK (signature_changed_cb), self);
  return VT_PAGE (self);
}

VtSignature *
vt_signature_page_get_signature (VtSignaturePage *self)
{
  g_return_val_if_fail (VT_IS_SIGNATURE_PAGE (self), NULL);
  return self->signature;
}

/* vt-pin-pad.c — a large on-screen numeric keypad: PINs and staff ids without a keyboard.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-pin-pad.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#define KEY_SIZE 96

struct _VtPinPad
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *message;
  GtkWidget *display;
  GtkWidget *grid;
  GtkWidget *cancel;
  GString   *digits;
  gboolean   masked;
  gboolean   locked;
  guint      min_digits;
  guint      max_digits;
};

G_DEFINE_FINAL_TYPE (VtPinPad, vt_pin_pad, GTK_TYPE_WIDGET)

enum { SUBMITTED, CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
forget_digits (VtPinPad *self)
{
  /* What was typed is a secret: overwrite it before letting it go. */
  if (self->digits->len > 0)
    sodium_memzero (self->digits->str, self->digits->len);
  g_string_truncate (self->digits, 0);
}

static void
update_display (VtPinPad *self)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *description = NULL;

  /* A space between each, so that they read (and are counted) one by one. */
  for (gsize i = 0; i < self->digits->len; i++)
    {
      if (i > 0)
        g_string_append_c (shown, ' ');
      if (self->masked)
        g_string_append (shown, "●");
      else
        g_string_append_c (shown, self->digits->str[i]);
    }
  gtk_label_set_text (GTK_LABEL (self->display), shown->len ? shown->str : "–");
  description = g_strdup_printf (g_dngettext (NULL, "%u dígito ingresado",
                                              "%u dígitos ingresados",
                                              (gulong)self->digits->len),
                                 (guint)self->digits->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
press_digit (VtPinPad *self,
             char      digit)
{
  if (self->locked || self->digits->len >= self->max_digits)
    return;
  g_string_append_c (self->digits, digit);
  update_display (self);
}

static void
press_delete (VtPinPad *self)
{
  if (self->locked || self->digits->len == 0)
    return;
  self->digits->str[self->digits->len - 1] = '\0';
  g_string_truncate (self->digits, self->digits->len - 1);
  update_display (self);
}

static void
press_enter (VtPinPad *self)
{
  g_autofree char *copy = NULL;

  if (self->locked)
    return;
  if (self->digits->len < self->min_digits)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Ingrese al menos %u dígito.",
                                                            "Ingrese al menos %u dígitos.",
                                                            self->min_digits),
                                               self->min_digits);
      vt_pin_pad_set_message (self, text, TRUE);
      return;
    }
  copy = g_strdup (self->digits->str);
  forget_digits (self);
  update_display (self);
  g_signal_emit (self, signals[SUBMITTED], 0, copy);
  sodium_memzero (copy, strlen (copy));
}

static void
key_clicked_cb (GtkButton *button,
                VtPinPad  *self)
{
  const char *digit = g_object_get_data (G_OBJECT (button), "digit");

  press_digit (self, digit[0]);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VtPinPad              *self)
{
  guint32 c = gdk_keyval_to_unicode (keyval);

  /* A keyboard, when there is one, works as well as the keys on screen. */
  if (c >= '0' && c <= '9')
    press_digit (self, (char)c);
  else if (keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete)
    press_delete (self);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    press_enter (self);
  else if (keyval == GDK_KEY_Escape)
    g_signal_emit (self, signals[CANCELLED], 0);
  else
    return FALSE;
  return TRUE;
}

static void
cancel_clicked_cb (VtPinPad *self)
{
  forget_digits (self);
  update_display (self);
  g_signal_emit (self, signals[CANCELLED], 0);
}

static GtkWidget *
make_key (VtPinPad   *self,
          const char *text,
          const char *name,
          const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_set_name (button, name);
  gtk_widget_set_size_request (button, KEY_SIZE, KEY_SIZE);
  gtk_widget_add_css_class (button, "title-1");
  gtk_widget_set_focus_on_click (button, FALSE);
  if (accessible != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
  return button;
}

static void
vt_pin_pad_dispose (GObject *object)
{
  VtPinPad *self = (VtPinPad *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (vt_pin_pad_parent_class)->dispose (object);
}

static void
vt_pin_pad_finalize (GObject *object)
{
  VtPinPad *self = (VtPinPad *)object;

  forget_digits (self);
  g_string_free (self->digits, TRUE);
  G_OBJECT_CLASS (vt_pin_pad_parent_class)->finalize (object);
}

static void
vt_pin_pad_class_init (VtPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_pin_pad_dispose;
  object_class->finalize = vt_pin_pad_finalize;

  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vt_pin_pad_init (VtPinPad *self)
{
  self->digits = g_string_new (NULL);
}

GtkWidget *
vt_pin_pad_new (const char *title,
                gboolean    masked,
                guint       min_digits,
                guint       max_digits)
{
  VtPinPad *self = g_object_new (VT_TYPE_PIN_PAD, NULL);
  GtkEventController *keys;
  GtkWidget *label;
  GtkWidget *button;
  GtkWidget *actions;

  self->masked = masked;
  self->min_digits = MAX (min_digits, 1);
  self->max_digits = MAX (max_digits, self->min_digits);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_widget_set_halign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->box, 24);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (self->box), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  self->message = gtk_label_new (NULL);
  gtk_widget_set_name (self->message, "pin-message");
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->message), 36);
  gtk_label_set_justify (GTK_LABEL (self->message), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->message, "body-text");
  /* Room for two lines, so that the keys do not move when a longer message comes. */
  gtk_widget_set_size_request (self->message, -1, 56);
  gtk_widget_set_valign (self->message, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->message);

  self->display = gtk_label_new ("–");
  gtk_widget_set_name (self->display, "pin-display");
  gtk_widget_add_css_class (self->display, "title-1");
  gtk_widget_set_size_request (self->display, 3 * KEY_SIZE + 2 * 12, 64);
  gtk_box_append (GTK_BOX (self->box), self->display);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_widget_set_halign (self->grid, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->grid);
  for (int d = 0; d <= 9; d++)
    {
      char text[2] = { (char)('0' + d), '\0' };
      g_autofree char *name = g_strdup_printf ("pin-key-%d", d);
      int position = d == 0 ? 10 : d - 1;

      button = make_key (self, text, name, NULL);
      g_object_set_data_full (G_OBJECT (button), "digit", g_strdup (text), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (self->grid), button, position % 3, position / 3, 1, 1);
    }
  button = make_key (self, "⌫", "pin-delete", _("Borrar el último dígito"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (press_delete), self);
  gtk_grid_attach (GTK_GRID (self->grid), button, 0, 3, 1, 1);
  button = make_key (self, "✓", "pin-enter", _("Entrar"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (press_enter), self);
  gtk_grid_attach (GTK_GRID (self->grid), button, 2, 3, 1, 1);

  actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (actions, GTK_ALIGN_CENTER);
  self->cancel = gtk_button_new_with_label (_("Cancelar"));
  gtk_widget_set_name (self->cancel, "pin-cancel");
  gtk_widget_add_css_class (self->cancel, "pill");
  gtk_widget_set_size_request (self->cancel, 3 * KEY_SIZE + 24, 64);
  g_signal_connect_swapped (self->cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  gtk_box_append (GTK_BOX (actions), self->cancel);
  gtk_box_append (GTK_BOX (self->box), actions);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  /* A keyboard, when there is one, types into the pad shown. */
  g_signal_connect (self, "map", G_CALLBACK (gtk_widget_grab_focus), NULL);
  update_display (self);
  return GTK_WIDGET (self);
}

void
vt_pin_pad_set_message (VtPinPad   *self,
                        const char *message,
                        gboolean    is_error)
{
  g_return_if_fail (VT_IS_PIN_PAD (self));

  gtk_label_set_text (GTK_LABEL (self->message), message ? message : "");
  if (is_error)
    gtk_widget_add_css_class (self->message, "error");
  else
    gtk_widget_remove_css_class (self->message, "error");
}

void
vt_pin_pad_set_locked (VtPinPad *self,
                       gboolean  locked)
{
  g_return_if_fail (VT_IS_PIN_PAD (self));

  self->locked = !!locked;
  gtk_widget_set_sensitive (self->grid, !locked);
}

void
vt_pin_pad_clear (VtPinPad *self)
{
  g_return_if_fail (VT_IS_PIN_PAD (self));

  forget_digits (self);
  update_display (self);
}

const char *
vt_pin_pad_get_digits (VtPinPad *self)
{
  g_return_val_if_fail (VT_IS_PIN_PAD (self), NULL);
  return self->digits->str;
}

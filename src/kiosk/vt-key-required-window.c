/* vt-key-required-window.c — what a kiosk without its office key shows instead of the wizard.
 *
 * Kiosk mode never takes a person's data while submissions would be sealed to the development
 * key (or to no valid key at all). The kiosk still starts, says READY and keeps its watchdog,
 * so the unit does not restart it in a loop: the screen stays, readable from a few steps away,
 * until a technician sets the key; the application then restarts (see vt-application.c).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-key-required-window.h"

#include <glib/gi18n-lib.h>

struct _VtKeyRequiredWindow
{
  AdwApplicationWindow  parent_instance;

  GtkWidget            *title;
  GtkWidget            *problem;
};

G_DEFINE_FINAL_TYPE (VtKeyRequiredWindow, vt_key_required_window, ADW_TYPE_APPLICATION_WINDOW)

static void
vt_key_required_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_KEY_REQUIRED_WINDOW);
  G_OBJECT_CLASS (vt_key_required_window_parent_class)->dispose (object);
}

static void
vt_key_required_window_class_init (VtKeyRequiredWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vt_key_required_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/vt-key-required-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtKeyRequiredWindow, title);
  gtk_widget_class_bind_template_child (widget_class, VtKeyRequiredWindow, problem);
}

static void
vt_key_required_window_init (VtKeyRequiredWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_key_required_window_new (GtkApplication   *application,
                            VtOfficeKeyState  state)
{
  VtKeyRequiredWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (state != VT_OFFICE_KEY_OK, NULL);

  self = g_object_new (VT_TYPE_KEY_REQUIRED_WINDOW, "application", application, NULL);
  if (state == VT_OFFICE_KEY_DEVELOPMENT)
    gtk_label_set_text (GTK_LABEL (self->problem),
                        _("Los trámites se sellarían con la clave de desarrollo, que cualquiera "
                          "puede abrir. El quiosco no atiende hasta tener la clave pública de su "
                          "oficina."));
  else
    gtk_label_set_text (GTK_LABEL (self->problem),
                        _("La clave pública de la oficina configurada no es válida (se esperan 32 "
                          "bytes en base64): no se puede sellar ningún trámite. El quiosco no "
                          "atiende hasta que se corrija."));
  return GTK_WIDGET (self);
}

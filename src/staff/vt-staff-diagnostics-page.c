/* vt-staff-diagnostics-page.c — the kiosk's checks in plain words, for staff.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-staff-diagnostics-page.h"

#include <glib/gi18n-lib.h>

struct _VtStaffDiagnosticsPage
{
  AdwBin         parent_instance;

  VtDiagnostics *diagnostics;
  GCancellable  *cancellable;
  GtkWidget     *summary;
  GtkWidget     *spinner;
  GtkWidget     *again;
  GtkWidget     *list;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (VtStaffDiagnosticsPage, vt_staff_diagnostics_page, ADW_TYPE_BIN)

static GtkWidget *
make_row (VtCheck *check)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (check->title);
  GtkWidget *summary = gtk_label_new (check->summary);
  g_autofree char *name = g_strdup_printf ("check-%s", check->id);
  const char *icon_name;
  const char *state_words;
  GtkWidget *icon;

  switch (check->status)
    {
    case VT_CHECK_OK:
      icon_name = "emblem-ok-symbolic";
      state_words = _("Bien");
      break;
    case VT_CHECK_WARNING:
      icon_name = "dialog-warning-symbolic";
      state_words = _("Revisar");
      break;
    case VT_CHECK_FAILED:
    default:
      icon_name = "dialog-error-symbolic";
      state_words = _("Falla");
      break;
    }
  gtk_widget_set_margin_top (row, 12);
  gtk_widget_set_margin_bottom (row, 12);
  gtk_widget_set_margin_start (row, 18);
  gtk_widget_set_margin_end (row, 18);
  gtk_widget_set_name (row, name);

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (icon, check->status == VT_CHECK_OK ? "success"
                                  : check->status == VT_CHECK_WARNING ? "warning" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  state_words, -1);
  gtk_box_append (GTK_BOX (row), icon);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "body-text");
  gtk_box_append (GTK_BOX (text), summary);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), text);
  return row;
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(VtStaffDiagnosticsPage) self = user_data;
  g_autoptr(GPtrArray) checks = vt_diagnostics_run_finish (VT_DIAGNOSTICS (object), result,
                                                           NULL);
  GtkWidget *child;
  guint failed = 0, warnings = 0;

  self->busy = FALSE;
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_sensitive (self->again, TRUE);
  if (checks == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);

      failed += check->status == VT_CHECK_FAILED;
      warnings += check->status == VT_CHECK_WARNING;
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (check));
    }
  if (failed > 0)
    gtk_label_set_text (GTK_LABEL (self->summary),
                        _("Hay fallas: el quiosco no puede atender bien. Avise al técnico."));
  else if (warnings > 0)
    gtk_label_set_text (GTK_LABEL (self->summary),
                        _("El quiosco funciona, pero hay cosas que revisar."));
  else
    gtk_label_set_text (GTK_LABEL (self->summary), _("Todo funciona."));
}

void
vt_staff_diagnostics_page_run (VtStaffDiagnosticsPage *self)
{
  g_return_if_fail (VT_IS_STAFF_DIAGNOSTICS_PAGE (self));

  if (self->busy)
    return;
  self->busy = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (GTK_LABEL (self->summary),
                      _("Revisando la cámara, el micrófono, el disco, la cola, el servidor, la "
                        "impresora y el reloj…"));
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  gtk_widget_set_sensitive (self->again, FALSE);
  vt_diagnostics_run_async (self->diagnostics, self->cancellable, run_cb, g_object_ref (self));
}

gboolean
vt_staff_diagnostics_page_is_busy (VtStaffDiagnosticsPage *self)
{
  g_return_val_if_fail (VT_IS_STAFF_DIAGNOSTICS_PAGE (self), FALSE);
  return self->busy;
}

static void
map_cb (VtStaffDiagnosticsPage *self)
{
  vt_staff_diagnostics_page_run (self);
}

static void
unmap_cb (VtStaffDiagnosticsPage *self)
{
  /* Leaving the page frees the camera at once. */
  g_cancellable_cancel (self->cancellable);
}

static void
vt_staff_diagnostics_page_dispose (GObject *object)
{
  VtStaffDiagnosticsPage *self = (VtStaffDiagnosticsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->diagnostics);
  G_OBJECT_CLASS (vt_staff_diagnostics_page_parent_class)->dispose (object);
}

static void
vt_staff_diagnostics_page_class_init (VtStaffDiagnosticsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_staff_diagnostics_page_dispose;
}

static void
vt_staff_diagnostics_page_init (VtStaffDiagnosticsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (_("Diagnóstico"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (box, "page-body");
  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (texts), title);
  self->summary = gtk_label_new (NULL);
  gtk_widget_set_name (self->summary, "diagnostics-summary");
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_widget_add_css_class (self->summary, "body-text");
  gtk_box_append (GTK_BOX (texts), self->summary);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (header), texts);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->spinner, 32, 32);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (header), self->spinner);
  self->again = gtk_button_new_with_label (_("Revisar de nuevo"));
  gtk_widget_set_name (self->again, "diagnostics-again");
  gtk_widget_add_css_class (self->again, "pill");
  gtk_widget_set_valign (self->again, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->again, -1, 64);
  g_signal_connect_swapped (self->again, "clicked", G_CALLBACK (vt_staff_diagnostics_page_run),
                            self);
  gtk_box_append (GTK_BOX (header), self->again);
  gtk_box_append (GTK_BOX (box), header);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Resultados del diagnóstico"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_bin_set_child (ADW_BIN (self), box);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
}

GtkWidget *
vt_staff_diagnostics_page_new (VtDiagnostics *diagnostics)
{
  VtStaffDiagnosticsPage *self;

  g_return_val_if_fail (VT_IS_DIAGNOSTICS (diagnostics), NULL);

  self = g_object_new (VT_TYPE_STAFF_DIAGNOSTICS_PAGE, NULL);
  self->diagnostics = g_object_ref (diagnostics);
  return GTK_WIDGET (self);
}

/* vt-start-page.c — large, plain choices: language first, then the procedure.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-start-page.h"

#include "procedures/vt-procedure.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _VtStartPage
{
  GtkWidget  parent_instance;

  GPtrArray  *procedures;
  GtkWidget  *scroller;
  const char *pending_language;  /* static string: "es" or "en" */
  guint       language_idle;
};

G_DEFINE_FINAL_TYPE (VtStartPage, vt_start_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_PROCEDURE_CHOSEN,
  SIGNAL_LANGUAGE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
procedure_clicked_cb (GtkButton   *button,
                      VtStartPage *self)
{
  VtProcedure *procedure = g_object_get_data (G_OBJECT (button), "vt-procedure");

  g_signal_emit (self, signals[SIGNAL_PROCEDURE_CHOSEN], 0, procedure);
}

static gboolean
emit_language_cb (gpointer data)
{
  VtStartPage *self = data;
  const char *language = self->pending_language;

  self->pending_language = NULL;
  self->language_idle = 0;
  if (language != NULL)
    g_signal_emit (self, signals[SIGNAL_LANGUAGE_CHOSEN], 0, language);
  return G_SOURCE_REMOVE;
}

static void
language_toggled_cb (GtkToggleButton *button,
                     VtStartPage     *self)
{
  /* The window rebuilds this page in the new language, which destroys the button: not while
   * the button is still handling its own toggle. */
  if (gtk_toggle_button_get_active (button) && self->language_idle == 0)
    {
      self->pending_language = g_object_get_data (G_OBJECT (button), "vt-language");
      self->language_idle = g_idle_add_full (G_PRIORITY_DEFAULT, emit_language_cb,
                                             g_object_ref (self), g_object_unref);
    }
}

static void
vt_start_page_dispose (GObject *object)
{
  VtStartPage *self = (VtStartPage *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_start_page_parent_class)->dispose (object);
}

static void
vt_start_page_class_init (VtStartPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vt_start_page_dispose;

  signals[SIGNAL_PROCEDURE_CHOSEN] =
    g_signal_new ("procedure-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_PROCEDURE);
  signals[SIGNAL_LANGUAGE_CHOSEN] =
    g_signal_new ("language-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtstartpage");
}

static void
vt_start_page_init (VtStartPage *self)
{
}

static GtkWidget *
new_language_button (VtStartPage     *self,
                     const char      *code,
                     const char      *label,
                     GtkToggleButton *group,
                     gboolean         active)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf ("language-%s", code);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "language-button");
  gtk_widget_add_css_class (button, "pill");
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
  g_object_set_data (G_OBJECT (button), "vt-language", (gpointer)code);
  g_signal_connect (button, "toggled", G_CALLBACK (language_toggled_cb), self);
  return button;
}

/* A display choice for this person; the window's "kiosk" actions hold its state, so the button
 * follows it when the page is rebuilt in another language and goes off when the kiosk resets. */
static GtkWidget *
new_display_button (const char *name,
                    const char *icon_name,
                    const char *label,
                    const char *description,
                    const char *action)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  /* The icon only decorates the words: a screen reader reads the button's name alone. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (content), icon);
  gtk_box_append (GTK_BOX (content), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "display-button");
  gtk_widget_add_css_class (button, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return button;
}

GtkWidget *
vt_start_page_new (GPtrArray  *procedures,
                   const char *language)
{
  VtStartPage *self = g_object_new (VT_TYPE_START_PAGE, NULL);
  GtkWidget *clamp;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *display;
  GtkWidget *languages;
  GtkWidget *first;
  GtkWidget *list;
  gboolean english = g_strcmp0 (language, "en") == 0;

  self->procedures = g_ptr_array_ref (procedures);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (box, "start-body");
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  /* Language names stay in their own language: a person who cannot read Spanish still finds
   * "English". */
  languages = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (languages, GTK_ALIGN_END);
  first = new_language_button (self, "es", "Español", NULL, !english);
  gtk_box_append (GTK_BOX (languages), first);
  gtk_box_append (GTK_BOX (languages),
                  new_language_button (self, "en", "English", GTK_TOGGLE_BUTTON (first), english));
  gtk_box_append (GTK_BOX (box), languages);

  label = gtk_label_new (_("Le damos la bienvenida a la ventanilla del IESS"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-1");
  gtk_widget_add_css_class (label, "welcome");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (_("Elija el trámite que quiere hacer. Le guiaremos paso a paso; "
                           "puede volver atrás en cualquier momento."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "page-description");
  gtk_box_append (GTK_BOX (box), label);

  /* Display choices on their own row: with large text, they and the languages together would
   * not fit a portrait screen. */
  display = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (display),
                  new_display_button ("high-contrast", "display-brightness-symbolic",
                                      _("Alto contraste"),
                                      _("Colores más marcados, más fáciles de distinguir"),
                                      "kiosk.high-contrast"));
  gtk_box_append (GTK_BOX (display),
                  new_display_button ("large-text", "zoom-in-symbolic", _("Letra grande"),
                                      _("Textos más grandes en todas las pantallas"),
                                      "kiosk.large-text"));
  gtk_box_append (GTK_BOX (box), display);

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  for (guint i = 0; i < procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (procedures, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (vt_procedure_tr (vt_procedure_get_title (procedure)));
      GtkWidget *summary = gtk_label_new (vt_procedure_tr (vt_procedure_get_summary (procedure)));
      g_autofree char *name = g_strdup_printf ("procedure-%s", vt_procedure_get_id (procedure));

      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "procedure-title");
      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_xalign (GTK_LABEL (summary), 0);
      gtk_widget_add_css_class (summary, "procedure-summary");
      gtk_box_append (GTK_BOX (content), title);
      gtk_box_append (GTK_BOX (content), summary);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "procedure-card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      vt_procedure_tr (vt_procedure_get_title (procedure)),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      vt_procedure_tr (vt_procedure_get_summary (procedure)), -1);
      g_object_set_data (G_OBJECT (button), "vt-procedure", procedure);
      g_signal_connect (button, "clicked", G_CALLBACK (procedure_clicked_cb), self);
      gtk_box_append (GTK_BOX (list), button);
    }
  gtk_box_append (GTK_BOX (box), list);

  return GTK_WIDGET (self);
}

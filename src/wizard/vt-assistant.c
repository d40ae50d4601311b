/* vt-assistant.c — the wizard: pages react, the assistant only follows their state.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-assistant.h"

#include "vt-capture-page.h"
#include "vt-channel-page.h"
#include "vt-fields-page.h"
#include "vt-review-page.h"
#include "vt-signature-page.h"
#include "vt-ink-signature-page.h"
#include "documents/vt-printer.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _VtAssistant
{
  GtkWidget  parent_instance;

  VtSession *session;
  VtCamera  *camera;
  GPtrArray *pages;        /* VtPage, in definition order */
  VtPage    *current;
  gulong     complete_handler;
  gboolean   return_to_review;
  gboolean   busy;

  GtkWidget *procedure_label;
  GtkWidget *step_label;
  GtkWidget *exit_button;
  GtkWidget *stack;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *next_label;
  GtkWidget *spinner;
};

G_DEFINE_FINAL_TYPE (VtAssistant, vt_assistant, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CANCEL,
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Asked once when the wizard is built: a local IPP request to CUPS, quick. */
static gboolean
has_printer (VtSession *session)
{
  g_autofree char *printer = vt_printer_resolve (vt_session_get_printer (session));

  return printer != NULL;
}

static gboolean
page_is_active (VtAssistant *self,
                VtPage      *page)
{
  const VtPageDef *definition = g_object_get_data (G_OBJECT (page), "vt-page-def");

  return definition == NULL || vt_session_page_is_active (self->session, definition);
}

static VtPage *
review_page (VtAssistant *self)
{
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

guint
vt_assistant_get_step (VtAssistant *self,
                       guint       *n_steps)
{
  guint step = 0;
  guint n = 0;

  g_return_val_if_fail (VT_IS_ASSISTANT (self), 0);

  for (guint i = 0; i < self->pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (self->pages, i);

      if (!page_is_active (self, page))
        continue;
      n++;
      if (page == self->current)
        step = n;
    }
  if (n_steps)
    *n_steps = n;
  return step;
}

static void
update_buttons (VtAssistant *self)
{
  const char *label = vt_page_get_next_label (self->current);
  g_autofree char *step_text = NULL;
  guint n_steps;
  guint step = vt_assistant_get_step (self, &n_steps);

  if (self->return_to_review && self->current != review_page (self))
    label = _("Volver al resumen");
  label = label ? label : _("Siguiente");
  gtk_label_set_text (GTK_LABEL (self->next_label), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_sensitive (self->next_button, !self->busy && vt_page_get_complete (self->current));
  gtk_widget_set_sensitive (self->back_button, !self->busy);
  gtk_widget_set_sensitive (self->exit_button, !self->busy);

  /* The count changes with the answers (a third party adds a page), so it is recomputed. */
  step_text = g_strdup_printf (_("Paso %u de %u"), step, n_steps);
  gtk_label_set_text (GTK_LABEL (self->step_label), step_text);
}

static void
page_complete_cb (VtAssistant *self)
{
  update_buttons (self);
}

static void
show_page (VtAssistant *self,
           VtPage      *page)
{
  if (self->current == page)
    return;
  if (self->current != NULL)
    {
      g_clear_signal_handler (&self->complete_handler, self->current);
      vt_page_hidden (self->current);
    }
  self->current = page;
  self->complete_handler = g_signal_connect_swapped (page, "notify::complete",
                                                     G_CALLBACK (page_complete_cb), self);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (page));
  vt_page_shown (page);
  update_buttons (self);
}

VtPage *
vt_assistant_get_current_page (VtAssistant *self)
{
  g_return_val_if_fail (VT_IS_ASSISTANT (self), NULL);
  return self->current;
}

VtSession *
vt_assistant_get_session (VtAssistant *self)
{
  g_return_val_if_fail (VT_IS_ASSISTANT (self), NULL);
  return self->session;
}

static guint
index_of (VtAssistant *self,
          VtPage      *page)
{
  guint index = 0;

  g_ptr_array_find (self->pages, page, &index);
  return index;
}

gboolean
vt_assistant_next (VtAssistant *self)
{
  g_return_val_if_fail (VT_IS_ASSISTANT (self), FALSE);

  if (self->busy || !vt_page_get_complete (self->current) || !vt_page_apply (self->current))
    return FALSE;

  if (self->current == review_page (self))
    {
      g_signal_emit (self, signals[SIGNAL_SUBMIT], 0);
      return TRUE;
    }

  if (self->return_to_review)
    {
      self->return_to_review = FALSE;
      show_page (self, review_page (self));
      return TRUE;
    }

  for (guint i = index_of (self, self->current) + 1; i < self->pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (self->pages, i);

      if (page_is_active (self, page))
        {
          show_page (self, page);
          return TRUE;
        }
    }
  return FALSE;
}

void
vt_assistant_back (VtAssistant *self)
{
  g_return_if_fail (VT_IS_ASSISTANT (self));

  if (self->busy)
    return;
  self->return_to_review = FALSE;
  for (guint i = index_of (self, self->current); i > 0; i--)
    {
      VtPage *page = g_ptr_array_index (self->pages, i - 1);

      if (page_is_active (self, page))
        {
          show_page (self, page);
          return;
        }
    }
  /* Back on the first page means leaving the procedure: the window asks first. */
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

gboolean
vt_assistant_go_to (VtAssistant *self,
                    const char  *page_id)
{
  g_return_val_if_fail (VT_IS_ASSISTANT (self), FALSE);

  for (guint i = 0; i < self->pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (self->pages, i);

      if (g_strcmp0 (vt_page_get_page_id (page), page_id) == 0 && page_is_active (self, page))
        {
          self->return_to_review = self->current == review_page (self);
          show_page (self, page);
          update_buttons (self);
          return TRUE;
        }
    }
  return FALSE;
}

void
vt_assistant_set_busy (VtAssistant *self,
                       gboolean     busy)
{
  g_return_if_fail (VT_IS_ASSISTANT (self));

  self->busy = !!busy;
  gtk_widget_set_visible (self->spinner, self->busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), self->busy);
  update_buttons (self);
}

static void
review_edit_cb (VtAssistant *self,
                const char  *page_id)
{
  vt_assistant_go_to (self, page_id);
}

static void
add_page (VtAssistant     *self,
          VtPage          *page,
          const VtPageDef *definition)
{
  if (definition != NULL)
    g_object_set_data (G_OBJECT (page), "vt-page-def", (gpointer)definition);
  g_ptr_array_add (self->pages, page);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (page), vt_page_get_page_id (page));
}

static void
vt_assistant_dispose (GObject *object)
{
  VtAssistant *self = (VtAssistant *)object;
  GtkWidget *child;

  if (self->current != NULL)
    g_clear_signal_handler (&self->complete_handler, self->current);
  self->current = NULL;
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_object (&self->camera);

  G_OBJECT_CLASS (vt_assistant_parent_class)->dispose (object);
}

static void
vt_assistant_class_init (VtAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_assistant_dispose;

  signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/vt-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, step_label);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, exit_button);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, next_label);
  gtk_widget_class_bind_template_child (widget_class, VtAssistant, spinner);
  gtk_widget_class_bind_template_callback (widget_class, vt_assistant_next);
  gtk_widget_class_bind_template_callback (widget_class, vt_assistant_back);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtassistant");
}

static void
exit_clicked_cb (VtAssistant *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

static void
vt_assistant_init (VtAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->pages = g_ptr_array_new ();
  g_signal_connect_swapped (self->exit_button, "clicked", G_CALLBACK (exit_clicked_cb), self);
}

VtAssistant *
vt_assistant_new (VtSession *session,
                  VtCamera  *camera)
{
  VtProcedure *procedure = vt_session_get_procedure (session);
  GPtrArray *definitions = vt_procedure_get_pages (procedure);
  VtAssistant *self;
  VtPage *review;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (VT_IS_CAMERA (camera), NULL);

  self = g_object_new (VT_TYPE_ASSISTANT, NULL);
  self->session = g_object_ref (session);
  self->camera = g_object_ref (camera);
  gtk_label_set_text (GTK_LABEL (self->procedure_label),
                      vt_procedure_tr (vt_procedure_get_title (procedure)));

  add_page (self, vt_channel_page_new (session), NULL);
  for (guint i = 0; i < definitions->len; i++)
    {
      const VtPageDef *definition = g_ptr_array_index (definitions, i);
      VtPage *page = NULL;

      switch (definition->kind)
        {
        case VT_PAGE_FIELDS:
          page = vt_fields_page_new (session, definition);
          break;
        case VT_PAGE_CAPTURE:
          page = vt_capture_page_new (session, definition, camera);
          break;
        case VT_PAGE_SIGNATURE:
          /* Ink on paper where the kiosk can print it; otherwise what the definition says
           * the seed allows, and the page says so. */
          if (definition->signs != NULL && has_printer (session))
            page = vt_ink_signature_page_new (session, definition, camera);
          else
            page = vt_signature_page_new (session, definition);
          break;
        default:
          g_assert_not_reached ();
        }
      add_page (self, page, definition);
    }
  review = vt_review_page_new (session);
  g_signal_connect_swapped (review, "edit", G_CALLBACK (review_edit_cb), self);
  add_page (self, review, NULL);

  show_page (self, g_ptr_array_index (self->pages, 0));
  return self;
}

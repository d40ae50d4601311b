/* vt-page.c — common layout and state of the wizard pages.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-page.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

typedef struct
{
  VtSession *session;
  char      *page_id;
  char      *title;
  char      *next_label;
  char      *spoken_guidance;
  gboolean   complete;

  GtkWidget *scroller;
  GtkWidget *clamp;
  GtkWidget *box;
  GtkWidget *title_label;
  GtkWidget *listen_button;
  GtkWidget *description_label;
} VtPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (VtPage, vt_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PAGE_ID,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_NEXT_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_string (char       **dest,
            const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

/* The button speaks the title, then the guidance. */
static void
update_listen_button (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);
  g_autofree char *text = NULL;
  gboolean has_guidance = priv->spoken_guidance != NULL && *priv->spoken_guidance;

  gtk_widget_set_visible (priv->listen_button, has_guidance);
  if (!has_guidance)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (priv->listen_button), NULL);
      return;
    }
  text = priv->title ? g_strdup_printf ("%s. %s", priv->title, priv->spoken_guidance)
                     : g_strdup (priv->spoken_guidance);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (priv->listen_button),
                                          g_variant_new_string (text));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (priv->listen_button), "kiosk.speak");
}

static void
vt_page_dispose (GObject *object)
{
  VtPage *self = (VtPage *)object;
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_clear_pointer (&priv->scroller, gtk_widget_unparent);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (vt_page_parent_class)->dispose (object);
}

static void
vt_page_finalize (GObject *object)
{
  VtPage *self = (VtPage *)object;
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_free (priv->page_id);
  g_free (priv->title);
  g_free (priv->next_label);
  g_free (priv->spoken_guidance);

  G_OBJECT_CLASS (vt_page_parent_class)->finalize (object);
}

static void
vt_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VtPage *self = VT_PAGE (object);
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_PAGE_ID:
      g_value_set_string (value, priv->page_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, priv->next_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  VtPage *self = VT_PAGE (object);
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_PAGE_ID:
      priv->page_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      vt_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      vt_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      vt_page_set_next_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
vt_page_real_apply (VtPage *self)
{
  return TRUE;
}

static void
vt_page_class_init (VtPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_page_dispose;
  object_class->finalize = vt_page_finalize;
  object_class->get_property = vt_page_get_property;
  object_class->set_property = vt_page_set_property;

  klass->apply = vt_page_real_apply;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, VT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_ID] =
    g_param_spec_string ("page-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtpage");
}

static void
vt_page_init (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);
  GtkWidget *clamp;
  GtkWidget *header;

  priv->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (priv->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (priv->scroller, GTK_WIDGET (self));

  clamp = priv->clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 700);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (priv->scroller), clamp);

  priv->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class (priv->box, "page-body");
  adw_clamp_set_child (ADW_CLAMP (clamp), priv->box);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (priv->box), header);
  priv->title_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (priv->title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (priv->title_label), 0);
  gtk_widget_set_hexpand (priv->title_label, TRUE);
  gtk_widget_add_css_class (priv->title_label, "title-1");
  gtk_box_append (GTK_BOX (header), priv->title_label);

  /* Spoken guidance on demand, for steps a person may not be able to read (see
   * vt_page_set_spoken_guidance); the kiosk's "speak" action does the speaking. */
  priv->listen_button = gtk_button_new ();
  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *icon = gtk_image_new_from_icon_name ("audio-volume-high-symbolic");

    /* The icon only decorates the word: a screen reader reads the button's name alone. */
    gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    gtk_box_append (GTK_BOX (content), icon);
    gtk_box_append (GTK_BOX (content), gtk_label_new (_("Escuchar")));
    gtk_button_set_child (GTK_BUTTON (priv->listen_button), content);
  }
  gtk_widget_set_name (priv->listen_button, "listen");
  gtk_widget_add_css_class (priv->listen_button, "pill");
  gtk_widget_add_css_class (priv->listen_button, "listen-button");
  gtk_widget_set_valign (priv->listen_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->listen_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Escuchar las indicaciones"),
                                  -1);
  gtk_widget_set_visible (priv->listen_button, FALSE);
  gtk_box_append (GTK_BOX (header), priv->listen_button);

  priv->description_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (priv->description_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (priv->description_label), 0);
  gtk_widget_add_css_class (priv->description_label, "page-description");
  gtk_widget_set_visible (priv->description_label, FALSE);
  gtk_box_append (GTK_BOX (priv->box), priv->description_label);
}

VtSession *
vt_page_get_session (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), NULL);
  return priv->session;
}

const char *
vt_page_get_page_id (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), NULL);
  return priv->page_id;
}

const char *
vt_page_get_title (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), NULL);
  return priv->title;
}

void
vt_page_set_title (VtPage     *self,
                   const char *title)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));

  if (set_string (&priv->title, title))
    {
      gtk_label_set_text (GTK_LABEL (priv->title_label), title);
      update_listen_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

const char *
vt_page_get_spoken_guidance (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), NULL);
  return priv->spoken_guidance;
}

void
vt_page_set_spoken_guidance (VtPage     *self,
                             const char *guidance)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));

  if (set_string (&priv->spoken_guidance, guidance))
    update_listen_button (self);
}

void
vt_page_set_description (VtPage     *self,
                         const char *description)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));

  gtk_label_set_text (GTK_LABEL (priv->description_label), description);
  gtk_widget_set_visible (priv->description_label, description != NULL && *description);
}

gboolean
vt_page_get_complete (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), FALSE);
  return priv->complete;
}

void
vt_page_set_complete (VtPage   *self,
                      gboolean  complete)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

const char *
vt_page_get_next_label (VtPage *self)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_val_if_fail (VT_IS_PAGE (self), NULL);
  return priv->next_label;
}

void
vt_page_set_next_label (VtPage     *self,
                        const char *label)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));

  if (set_string (&priv->next_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

void
vt_page_set_maximum_width (VtPage *self,
                           int     width)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));
  adw_clamp_set_maximum_size (ADW_CLAMP (priv->clamp), width);
}

/* GTK 4.8 names an expander after its type, not its label: screen readers would say
 * "GtkExpander". Every page's expanders are named here, once, as they are added. */
static void
name_expanders (GtkWidget *widget)
{
  if (GTK_IS_EXPANDER (widget) && gtk_expander_get_label (GTK_EXPANDER (widget)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_expander_get_label (GTK_EXPANDER (widget)), -1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    name_expanders (child);
}

void
vt_page_append (VtPage    *self,
                GtkWidget *child)
{
  VtPagePrivate *priv = vt_page_get_instance_private (self);

  g_return_if_fail (VT_IS_PAGE (self));
  name_expanders (child);
  gtk_box_append (GTK_BOX (priv->box), child);
}

void
vt_page_shown (VtPage *self)
{
  g_return_if_fail (VT_IS_PAGE (self));

  if (VT_PAGE_GET_CLASS (self)->shown)
    VT_PAGE_GET_CLASS (self)->shown (self);
}

void
vt_page_hidden (VtPage *self)
{
  g_return_if_fail (VT_IS_PAGE (self));

  if (VT_PAGE_GET_CLASS (self)->hidden)
    VT_PAGE_GET_CLASS (self)->hidden (self);
}

gboolean
vt_page_apply (VtPage *self)
{
  g_return_val_if_fail (VT_IS_PAGE (self), FALSE);
  return VT_PAGE_GET_CLASS (self)->apply (self);
}

/* vt-keyboard-dock.c — puts the on-screen keyboard under the window's content while a text
 * field has the focus, and keeps that field and its error in sight above it.
 *
 * The keyboard does not float over the page: it takes its height from the bottom of the
 * window, so the page (always in a scrolled window) gets shorter and is scrolled until the
 * focused field's row, or at least the field and its error, is inside what is left. That is
 * done again whenever the page's size or length changes (the keyboard sliding in, an error
 * appearing under the field) and after every key.
 *
 * The keyboard goes when the focus leaves the text fields, but not under a finger: a touch on
 * a control below the field takes the focus as it comes down, and if the keyboard went at once
 * the page would move under the finger and the control would miss its release. It goes when the
 * finger is lifted.
 *
 * A field in a popover (a drop-down's search) floats over the window, keyboard included: the
 * page is scrolled to put the drop-down at its top, and the popover's list is shortened so that
 * it ends above the keyboard. (Such a popover must not hide itself at a touch outside it, or the
 * first key would close it: see the country picker in vt-fields-page.c.)
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-keyboard"

#include "vt-keyboard-dock.h"

#define MARGIN_PX 12
/* Frames to keep checking after something moved: a new allocation takes a frame or two. */
#define SETTLE_FRAMES 6

struct _VtKeyboardDock
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *child;
  GtkWidget     *revealer;
  VtKeyboard    *keyboard;

  GtkRoot       *root;       /* while rooted */
  GtkAdjustment *adjustment; /* the focused field's page's, while it has the focus */
  GtkWidget     *list;       /* weak: a popover's list shortened for the keyboard */
  int            list_max;   /* its own maximum height, given back when the field is left */
  guint          settle;     /* frames left to keep the field in sight */
  gboolean       touching;   /* a finger (or button) is down on the window */
  gboolean       hide_later; /* the keyboard goes when it is lifted */
  guint          tick_id;
};

G_DEFINE_FINAL_TYPE (VtKeyboardDock, vt_keyboard_dock, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_text_field (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    return gtk_editable_get_editable (GTK_EDITABLE (widget));
  if (GTK_IS_TEXT_VIEW (widget))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (widget));
  return FALSE;
}

static GtkWidget *
find_error (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (gtk_widget_has_css_class (widget, "field-error"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error (child);
      if (found)
        return found;
    }
  return NULL;
}

/* The field's row (its label, the entry, its error and help) and the part that must be seen
 * whatever happens: the entry and its error. */
static gboolean
field_rects (GtkWidget       *field,
             GtkWidget       *relative_to,
             graphene_rect_t *row_rect,
             graphene_rect_t *essential)
{
  GtkWidget *entry = field;
  GtkWidget *row = NULL;
  GtkWidget *error;
  graphene_rect_t error_rect;

  if (GTK_IS_TEXT (field) && gtk_widget_get_parent (field) != NULL
      && GTK_IS_ENTRY (gtk_widget_get_parent (field)))
    entry = gtk_widget_get_parent (field);
  for (GtkWidget *w = field; w != NULL && w != relative_to; w = gtk_widget_get_parent (w))
    if (gtk_widget_has_css_class (w, "field-row") || GTK_IS_LIST_BOX_ROW (w))
      {
        row = w;
        break;
      }
  if (!gtk_widget_compute_bounds (entry, relative_to, essential))
    return FALSE;
  if (row == NULL || !gtk_widget_compute_bounds (row, relative_to, row_rect))
    *row_rect = *essential;
  error = row != NULL ? find_error (row) : NULL;
  if (error != NULL && gtk_widget_get_mapped (error)
      && gtk_widget_compute_bounds (error, relative_to, &error_rect))
    graphene_rect_union (essential, &error_rect, essential);
  return TRUE;
}

gboolean
vt_keyboard_dock_compute_field_bounds (GtkWidget       *field,
                                       GtkWidget       *relative_to,
                                       graphene_rect_t *bounds)
{
  graphene_rect_t row;

  g_return_val_if_fail (GTK_IS_WIDGET (field), FALSE);
  return field_rects (field, relative_to, &row, bounds);
}

static GtkWidget *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scroller (child);
      if (found)
        return found;
    }
  return NULL;
}

static void
restore_list (VtKeyboardDock *self)
{
  if (self->list != NULL)
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->list), self->list_max);
  g_clear_weak_pointer (&self->list);
}

/* A field in a popover: its drop-down at the top of the page, the list ending above the
 * keyboard. TRUE when both already hold. */
static gboolean
keep_popover_in_sight (VtKeyboardDock *self,
                       GtkWidget      *popover)
{
  GtkWidget *anchor = gtk_widget_get_parent (popover);
  GtkWidget *scroller = anchor ? gtk_widget_get_ancestor (anchor, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkWidget *list = find_scroller (popover);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds, keyboard;
  gboolean still = TRUE;

  if (scroller != NULL && gtk_widget_compute_bounds (anchor, scroller, &bounds)
      && ABS (bounds.origin.y - MARGIN_PX) >= 1)
    {
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + bounds.origin.y - MARGIN_PX);
      still = FALSE;
    }
  if (list != NULL && list != self->list)
    {
      restore_list (self);
      g_set_weak_pointer (&self->list, list);
      self->list_max = gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (list));
    }
  if (list != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (self->revealer))
      && gtk_widget_compute_bounds (anchor, GTK_WIDGET (self), &bounds)
      && gtk_widget_compute_bounds (GTK_WIDGET (self->keyboard), GTK_WIDGET (self), &keyboard))
    {
      /* What the popover has besides its list: the search field, padding, the gap. */
      int chrome = MAX (0, gtk_widget_get_height (popover) - gtk_widget_get_height (list));
      int room = (int)(keyboard.origin.y - bounds.origin.y - bounds.size.height) - chrome
                 - 2 * MARGIN_PX;

      room = CLAMP (room, 48, self->list_max > 0 ? self->list_max : G_MAXINT);
      if (gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (list)) != room)
        {
          gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (list), room);
          still = FALSE;
        }
    }
  return still;
}

/* Scrolls the focused field's page so that its row is in sight, or failing that its entry and
 * error; TRUE when it already was. */
static gboolean
keep_in_sight (VtKeyboardDock *self)
{
  GtkWidget *field = vt_keyboard_get_target (self->keyboard);
  GtkWidget *scroller;
  GtkWidget *popover;
  GtkAdjustment *adjustment;
  graphene_rect_t row, essential, *want;
  double height, top, bottom, delta = 0;

  if (field == NULL || !gtk_widget_get_mapped (field))
    return TRUE;
  popover = gtk_widget_get_ancestor (field, GTK_TYPE_POPOVER);
  if (popover != NULL)
    return keep_popover_in_sight (self, popover);
  scroller = gtk_widget_get_ancestor (field, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL || !field_rects (field, scroller, &row, &essential))
    return TRUE;
  height = gtk_widget_get_height (scroller);
  want = row.size.height + 2 * MARGIN_PX <= height ? &row : &essential;
  top = want->origin.y - MARGIN_PX;
  bottom = want->origin.y + want->size.height + MARGIN_PX;
  if (top < 0 || bottom - top > height)
    delta = top;  /* the top wins when both ends cannot be seen */
  else if (bottom > height)
    delta = bottom - height;
  if (ABS (delta) < 1)
    return TRUE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + delta);
  return FALSE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  VtKeyboardDock *self = VT_KEYBOARD_DOCK (widget);

  keep_in_sight (self);
  if (self->settle > 0)
    self->settle--;
  if (self->settle == 0
      && gtk_revealer_get_child_revealed (GTK_REVEALER (self->revealer))
         == gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer)))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
settle (VtKeyboardDock *self)
{
  self->settle = SETTLE_FRAMES;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
adjustment_changed_cb (VtKeyboardDock *self)
{
  settle (self);
}

static void
watch_adjustment (VtKeyboardDock *self,
                  GtkWidget      *field)
{
  GtkWidget *scroller = field ? gtk_widget_get_ancestor (field, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkAdjustment *adjustment = scroller != NULL
    ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL;

  if (adjustment == self->adjustment)
    return;
  if (self->adjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->adjustment, self);
  g_set_object (&self->adjustment, adjustment);
  /* "changed": the page's visible height or its length moved (keyboard, error text). */
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self);
}

static void
focus_changed_cb (VtKeyboardDock *self)
{
  GtkWidget *focus = self->root != NULL ? gtk_root_get_focus (self->root) : NULL;
  gboolean typing = focus != NULL && is_text_field (focus)
                    && gtk_widget_is_ancestor (focus, self->child != NULL ? self->child
                                                                          : GTK_WIDGET (self));

  vt_keyboard_set_target (self->keyboard, typing ? focus : NULL);
  self->hide_later = !typing && self->touching;
  if (self->list != NULL && !(typing && gtk_widget_is_ancestor (focus, self->list) == FALSE
                              && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER)
                                 == gtk_widget_get_ancestor (self->list, GTK_TYPE_POPOVER)))
    restore_list (self);
  watch_adjustment (self, typing ? focus : NULL);
  if (!self->hide_later)
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), typing);
  settle (self);
}

static gboolean
touch_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                VtKeyboardDock           *self)
{
  switch ((int)gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      self->touching = TRUE;
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      /* Seen before the control under the finger sees the release: the page moves only at
       * the next frame, after the control has taken its click. */
      self->touching = FALSE;
      if (self->hide_later)
        {
          self->hide_later = FALSE;
          gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
          settle (self);
        }
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
key_typed_cb (VtKeyboardDock *self)
{
  settle (self);
}

static void
vt_keyboard_dock_root (GtkWidget *widget)
{
  VtKeyboardDock *self = VT_KEYBOARD_DOCK (widget);

  GTK_WIDGET_CLASS (vt_keyboard_dock_parent_class)->root (widget);
  self->root = gtk_widget_get_root (widget);
  g_signal_connect_swapped (self->root, "notify::focus-widget", G_CALLBACK (focus_changed_cb),
                            self);
  focus_changed_cb (self);
}

static void
vt_keyboard_dock_unroot (GtkWidget *widget)
{
  VtKeyboardDock *self = VT_KEYBOARD_DOCK (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_data (self->root, self);
  self->root = NULL;
  GTK_WIDGET_CLASS (vt_keyboard_dock_parent_class)->unroot (widget);
}

static void
vt_keyboard_dock_dispose (GObject *object)
{
  VtKeyboardDock *self = (VtKeyboardDock *)object;

  watch_adjustment (self, NULL);
  restore_list (self);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  self->child = NULL;
  self->keyboard = NULL;
  self->revealer = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (vt_keyboard_dock_parent_class)->dispose (object);
}

static void
vt_keyboard_dock_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VtKeyboardDock *self = VT_KEYBOARD_DOCK (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_keyboard_dock_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VtKeyboardDock *self = VT_KEYBOARD_DOCK (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      vt_keyboard_dock_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_keyboard_dock_class_init (VtKeyboardDockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_keyboard_dock_dispose;
  object_class->get_property = vt_keyboard_dock_get_property;
  object_class->set_property = vt_keyboard_dock_set_property;
  widget_class->root = vt_keyboard_dock_root;
  widget_class->unroot = vt_keyboard_dock_unroot;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtkeyboarddock");
}

static void
vt_keyboard_dock_init (VtKeyboardDock *self)
{
  GtkEventController *touches;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  touches = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (touches, GTK_PHASE_CAPTURE);
  g_signal_connect (touches, "event", G_CALLBACK (touch_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), touches);

  self->keyboard = VT_KEYBOARD (vt_keyboard_new ());
  gtk_widget_set_name (GTK_WIDGET (self->keyboard), "keyboard");
  g_signal_connect_object (self->keyboard, "typed", G_CALLBACK (key_typed_cb), self,
                           G_CONNECT_SWAPPED);
  self->revealer = gtk_revealer_new ();
  gtk_widget_set_name (self->revealer, "keyboard-revealer");
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_revealer_set_transition_duration (GTK_REVEALER (self->revealer), 120);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), GTK_WIDGET (self->keyboard));
  gtk_box_append (GTK_BOX (self->box), self->revealer);
}

GtkWidget *
vt_keyboard_dock_new (void)
{
  return g_object_new (VT_TYPE_KEYBOARD_DOCK, NULL);
}

void
vt_keyboard_dock_set_child (VtKeyboardDock *self,
                            GtkWidget      *child)
{
  g_return_if_fail (VT_IS_KEYBOARD_DOCK (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  if (self->child != NULL)
    gtk_box_remove (GTK_BOX (self->box), self->child);
  self->child = child;
  if (child != NULL)
    {
      gtk_widget_set_vexpand (child, TRUE);
      gtk_box_prepend (GTK_BOX (self->box), child);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
vt_keyboard_dock_get_child (VtKeyboardDock *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD_DOCK (self), NULL);
  return self->child;
}

VtKeyboard *
vt_keyboard_dock_get_keyboard (VtKeyboardDock *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD_DOCK (self), NULL);
  return self->keyboard;
}

gboolean
vt_keyboard_dock_get_shown (VtKeyboardDock *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD_DOCK (self), FALSE);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

/* vt-keyboard.c — the kiosk's on-screen keyboard: types into the focused text field with
 * touch alone, in the layout the field asks for.
 *
 * Keys are buttons for their look and for screen readers, but touches are read by one event
 * controller of the keyboard's own in the capture phase: it knows which key is held (pressed state, the
 * magnified preview, delete repeating while held) and types on release. Text goes in through
 * the GtkEditable and GtkTextBuffer interfaces, never as synthesized key events, so the field's
 * own checks (maximum length, validation on "changed") see it as they see a physical keyboard.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-keyboard"

#include "vt-keyboard.h"

#include "keyboard/vt-keyboard-click.h"

#include <glib/gi18n-lib.h>

#define REPEAT_DELAY_MS 500
#define REPEAT_INTERVAL_MS 80

typedef enum
{
  SHIFT_OFF,
  SHIFT_ONCE,
  SHIFT_LOCKED,
} ShiftState;

struct _VtKeyboard
{
  GtkWidget             parent_instance;

  GtkWidget            *overlay;
  GtkWidget            *grid;      /* the keys of the current page */
  GtkWidget            *preview;   /* the held key, magnified */
  GPtrArray            *keys;      /* the key buttons of the current page */

  GtkWidget            *target;    /* weak */
  VtKeyboardLayoutKind  kind;
  guint                 page;
  ShiftState            shift;

  GtkWidget            *held;      /* the key under the finger */
  GdkEventSequence     *sequence;  /* the finger's touch (NULL: the pointer) */
  guint                 repeat_id;
  guint                 n_presses;
  VtKeyboardClick      *click;     /* NULL: silent */
};

G_DEFINE_FINAL_TYPE (VtKeyboard, vt_keyboard, GTK_TYPE_WIDGET)

enum {
  SIGNAL_TYPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const VtKey *
key_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "vt-key");
}

static gboolean
is_shifted (VtKeyboard *self)
{
  return self->shift != SHIFT_OFF;
}

static const char *
key_label (const VtKey *key,
           gboolean     shifted)
{
  switch (key->action)
    {
    case VT_KEY_TEXT:
      return vt_key_get_text (key, shifted);
    case VT_KEY_BACKSPACE:
      return "⌫";
    case VT_KEY_SHIFT:
      return "⇧";
    case VT_KEY_SPACE:
      return _("espacio");
    case VT_KEY_PAGE:
      return key->text;
    case VT_KEY_NEXT_FIELD:
      return _("Siguiente campo");
    case VT_KEY_END:
    default:
      return "";
    }
}

static const char *
key_widget_name (const VtKey *key)
{
  switch (key->action)
    {
    case VT_KEY_BACKSPACE:
      return "key-backspace";
    case VT_KEY_SHIFT:
      return "key-shift";
    case VT_KEY_SPACE:
      return "key-space";
    case VT_KEY_PAGE:
      return key->page == 0 ? "key-letters" : "key-symbols";
    case VT_KEY_NEXT_FIELD:
      return "key-next-field";
    case VT_KEY_TEXT:
    case VT_KEY_END:
    default:
      return "key";
    }
}

/* Labels and names follow the shift state: "Ñ" is what the key shows and says while shifted. */
static void
update_labels (VtKeyboard *self)
{
  gboolean shifted = is_shifted (self);

  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->keys, i);
      const VtKey *key = key_of (button);

      if (key->action == VT_KEY_TEXT)
        {
          gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                              key_label (key, shifted));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          vt_key_get_accessible_name (key, shifted), -1);
        }
      else if (key->action == VT_KEY_SHIFT)
        {
          if (self->shift == SHIFT_LOCKED)
            gtk_widget_add_css_class (button, "osk-caps-lock");
          else
            gtk_widget_remove_css_class (button, "osk-caps-lock");
          if (self->shift == SHIFT_ONCE)
            gtk_widget_add_css_class (button, "osk-shifted");
          else
            gtk_widget_remove_css_class (button, "osk-shifted");
          gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                       self->shift != SHIFT_OFF
                                       ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                       : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
        }
    }
}

static void activate_key (VtKeyboard *self,
                          GtkWidget  *button);

/* Screen readers activate a key as a button ("clicked"), without a touch. */
static void
key_clicked_cb (GtkButton  *button,
                VtKeyboard *self)
{
  activate_key (self, GTK_WIDGET (button));
}

static GtkWidget *
new_key (VtKeyboard  *self,
         const VtKey *key)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (key_label (key, is_shifted (self)));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_name (button, key_widget_name (key));
  /* The field keeps the focus: a key never takes it. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "osk-key");
  if (key->action != VT_KEY_TEXT)
    gtk_widget_add_css_class (button, "osk-function");
  if (key->action == VT_KEY_TEXT && g_utf8_strlen (key->text, -1) > 1)
    gtk_widget_add_css_class (button, "osk-word");
  g_object_set_data (G_OBJECT (button), "vt-key", (gpointer)key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  vt_key_get_accessible_name (key, is_shifted (self))
                                  ? vt_key_get_accessible_name (key, is_shifted (self))
                                  : key_label (key, FALSE), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
  return button;
}

static void
build_page (VtKeyboard *self)
{
  const VtKeyboardLayout *layout = vt_keyboard_layout_get (self->kind);
  const VtKeyboardPage *page = &layout->pages[MIN (self->page, layout->n_pages - 1)];

  if (self->grid != NULL)
    gtk_overlay_set_child (GTK_OVERLAY (self->overlay), NULL);
  g_ptr_array_set_size (self->keys, 0);
  self->held = NULL;

  /* Columns of a quarter key each, all alike, so that a key four columns wide is as wide on
   * every row and wider keys (space, delete) are proportionally so. */
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_widget_add_css_class (self->grid, "osk-keys");
  gtk_widget_set_name (self->grid, "osk-keys");
  for (guint r = 0; r < VT_KEYBOARD_MAX_ROWS && page->rows[r] != NULL; r++)
    {
      guint total = 0;
      guint column;

      for (const VtKey *key = page->rows[r]; key->action != VT_KEY_END; key++)
        total += key->width;
      column = (layout->columns - MIN (total, layout->columns)) / 2;
      for (const VtKey *key = page->rows[r]; key->action != VT_KEY_END; key++)
        {
          GtkWidget *button = new_key (self, key);

          gtk_grid_attach (GTK_GRID (self->grid), button, (int)column, (int)r, (int)key->width, 1);
          g_ptr_array_add (self->keys, button);
          column += key->width;
        }
    }
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->grid);

  for (guint i = 0; i < VT_KEYBOARD_N_LAYOUTS; i++)
    {
      g_autofree char *css = g_strdup_printf ("osk-%s", vt_keyboard_layout_get (i)->name);
      if (i == self->kind)
        gtk_widget_add_css_class (GTK_WIDGET (self), css);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), css);
    }
  update_labels (self);
}

static void
set_shift (VtKeyboard *self,
           ShiftState  shift)
{
  if (self->shift == shift)
    return;
  self->shift = shift;
  update_labels (self);
}

static void
type_text (VtKeyboard *self,
           const char *text)
{
  if (GTK_IS_EDITABLE (self->target))
    {
      GtkEditable *editable = GTK_EDITABLE (self->target);
      int start, end, position;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        gtk_editable_delete_text (editable, start, end);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
  else if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self->target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

      gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view));
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1,
                                                    gtk_text_view_get_editable (view));
      gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (buffer));
    }
}

static void
delete_back (VtKeyboard *self)
{
  if (GTK_IS_EDITABLE (self->target))
    {
      GtkEditable *editable = GTK_EDITABLE (self->target);
      int start, end, position;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        gtk_editable_delete_text (editable, start, end);
      else if ((position = gtk_editable_get_position (editable)) > 0)
        gtk_editable_delete_text (editable, position - 1, position);
    }
  else if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self->target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter cursor;

      if (!gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view)))
        {
          gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
          gtk_text_buffer_backspace (buffer, &cursor, TRUE, gtk_text_view_get_editable (view));
        }
    }
}

static gboolean
is_text_field (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    return gtk_editable_get_editable (GTK_EDITABLE (widget));
  if (GTK_IS_TEXT_VIEW (widget))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (widget));
  return FALSE;
}

static void
collect_fields (GtkWidget *widget,
                GPtrArray *fields)
{
  if (!gtk_widget_get_mapped (widget) || VT_IS_KEYBOARD (widget))
    return;
  if (is_text_field (widget) && gtk_widget_is_sensitive (widget)
      && gtk_widget_get_focusable (widget))
    {
      g_ptr_array_add (fields, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_fields (child, fields);
}

/* "Siguiente campo": the next text field on the screen, in reading order; after the last one
 * the focus leaves the fields (and the keyboard goes) so the page's own buttons are next. */
static void
next_field (VtKeyboard *self)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  GtkRoot *root;
  guint index;

  if (self->target == NULL || (root = gtk_widget_get_root (self->target)) == NULL)
    return;
  collect_fields (GTK_WIDGET (root), fields);
  if (g_ptr_array_find (fields, self->target, &index) && index + 1 < fields->len)
    gtk_widget_grab_focus (g_ptr_array_index (fields, index + 1));
  else
    gtk_root_set_focus (root, NULL);
}

static void
activate_key (VtKeyboard *self,
              GtkWidget  *button)
{
  const VtKey *key = key_of (button);

  self->n_presses++;
  if (self->click != NULL)
    vt_keyboard_click_play (self->click);
  switch (key->action)
    {
    case VT_KEY_TEXT:
    case VT_KEY_SPACE:
      type_text (self, vt_key_get_text (key, is_shifted (self)));
      if (self->shift == SHIFT_ONCE)
        set_shift (self, SHIFT_OFF);
      break;
    case VT_KEY_BACKSPACE:
      delete_back (self);
      break;
    case VT_KEY_SHIFT:
      set_shift (self, self->shift == SHIFT_OFF ? SHIFT_ONCE
                       : self->shift == SHIFT_ONCE ? SHIFT_LOCKED : SHIFT_OFF);
      break;
    case VT_KEY_PAGE:
      self->page = key->page;
      build_page (self);
      break;
    case VT_KEY_NEXT_FIELD:
      next_field (self);
      break;
    case VT_KEY_END:
    default:
      break;
    }
  g_signal_emit (self, signals[SIGNAL_TYPED], 0);
}

static void
show_preview (VtKeyboard *self,
              GtkWidget  *button)
{
  const VtKey *key = key_of (button);
  graphene_rect_t bounds;
  int width, height;

  if (key->action != VT_KEY_TEXT || !gtk_widget_compute_bounds (button, self->overlay, &bounds))
    return;
  /* A secret (a password, the server's credential) is not shown big to whoever stands behind. */
  if (GTK_IS_TEXT (self->target) && !gtk_text_get_visibility (GTK_TEXT (self->target)))
    return;
  gtk_label_set_text (GTK_LABEL (self->preview), vt_key_get_text (key, is_shifted (self)));
  gtk_widget_set_visible (self->preview, TRUE);
  gtk_widget_measure (self->preview, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (self->preview, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  width = MAX (width, (int)(bounds.size.width * 1.5));
  height = MAX (height, (int)(bounds.size.height * 1.5));
  gtk_widget_set_size_request (self->preview, width, height);
  /* Above the key where there is room, so the finger does not hide it. */
  gtk_widget_set_margin_start (self->preview,
                               CLAMP ((int)(bounds.origin.x + bounds.size.width / 2 - width / 2), 0,
                                      MAX (0, gtk_widget_get_width (self->overlay) - width)));
  gtk_widget_set_margin_top (self->preview, MAX (0, (int)(bounds.origin.y - height * 0.8)));
}

static void
hide_preview (VtKeyboard *self)
{
  gtk_widget_set_visible (self->preview, FALSE);
}

static gboolean
repeat_cb (gpointer data)
{
  VtKeyboard *self = data;

  delete_back (self);
  if (self->click != NULL)
    vt_keyboard_click_play (self->click);
  g_signal_emit (self, signals[SIGNAL_TYPED], 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
repeat_start_cb (gpointer data)
{
  VtKeyboard *self = data;

  delete_back (self);
  self->repeat_id = g_timeout_add (REPEAT_INTERVAL_MS, repeat_cb, self);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
key_at (VtKeyboard *self,
        double      x,
        double      y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self); picked = gtk_widget_get_parent (picked))
    if (key_of (picked) != NULL)
      return picked;
  return NULL;
}

static void
release_held (VtKeyboard *self)
{
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  hide_preview (self);
  if (self->held != NULL)
    gtk_widget_unset_state_flags (self->held, GTK_STATE_FLAG_ACTIVE);
  self->held = NULL;
}

static void
press (VtKeyboard *self,
       GtkWidget  *key)
{
  release_held (self);
  self->held = key;
  gtk_widget_set_state_flags (key, GTK_STATE_FLAG_ACTIVE, FALSE);
  show_preview (self, key);
  if (key_of (key)->action == VT_KEY_BACKSPACE)
    {
      /* Delete acts at once and again while held. */
      activate_key (self, key);
      self->repeat_id = g_timeout_add (REPEAT_DELAY_MS, repeat_start_cb, self);
    }
}

static void
release (VtKeyboard *self,
         GtkWidget  *key)
{
  GtkWidget *held = self->held;

  release_held (self);
  /* A finger that slid off the key it pressed types nothing. */
  if (held != NULL && held == key && key_of (key)->action != VT_KEY_BACKSPACE)
    activate_key (self, key);
}

/* The key under a pointer or touch event, in this keyboard's coordinates. */
static GtkWidget *
event_key (VtKeyboard *self,
           GdkEvent   *event)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  graphene_point_t point;
  double x, y, dx = 0, dy = 0;

  if (native == NULL || !gdk_event_get_position (event, &x, &y))
    return NULL;
  gtk_native_get_surface_transform (native, &dx, &dy);
  if (!gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x - dx, y - dy), &point))
    return NULL;
  return key_at (self, point.x, point.y);
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          VtKeyboard               *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  GdkEventSequence *sequence = gdk_event_get_event_sequence (event);
  GtkWidget *key;

  switch ((int)type)
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      if (type == GDK_BUTTON_PRESS && gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
        return GDK_EVENT_STOP;
      /* One finger at a time: a second one while a key is held is ignored. */
      if (self->held != NULL && type == GDK_TOUCH_BEGIN)
        return GDK_EVENT_STOP;
      if ((key = event_key (self, event)) == NULL)
        return GDK_EVENT_PROPAGATE;
      self->sequence = sequence;
      press (self, key);
      /* Ours: the button underneath must not see the touch (nor take the focus). */
      return GDK_EVENT_STOP;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
      if (self->held == NULL || sequence != self->sequence)
        return self->held != NULL ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
      release (self, event_key (self, event));
      return GDK_EVENT_STOP;
    case GDK_TOUCH_CANCEL:
    case GDK_GRAB_BROKEN:
      /* The touch was taken (or the window lost it): nothing is typed. */
      if (sequence == self->sequence || type == GDK_GRAB_BROKEN)
        release_held (self);
      return GDK_EVENT_PROPAGATE;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
vt_keyboard_dispose (GObject *object)
{
  VtKeyboard *self = (VtKeyboard *)object;

  g_clear_handle_id (&self->repeat_id, g_source_remove);
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_object (&self->click);
  G_OBJECT_CLASS (vt_keyboard_parent_class)->dispose (object);
}

static void
vt_keyboard_class_init (VtKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_keyboard_dispose;
  /* A key was touched (and whatever it does is done). */
  signals[SIGNAL_TYPED] = g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtkeyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vt_keyboard_init (VtKeyboard *self)
{
  GtkEventController *controller;

  self->keys = g_ptr_array_new ();
  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->preview = gtk_label_new (NULL);
  gtk_widget_set_name (self->preview, "osk-preview");
  gtk_widget_add_css_class (self->preview, "osk-preview");
  gtk_widget_set_halign (self->preview, GTK_ALIGN_START);
  gtk_widget_set_valign (self->preview, GTK_ALIGN_START);
  gtk_widget_set_can_target (self->preview, FALSE);
  gtk_widget_set_visible (self->preview, FALSE);
  /* The key itself is named for screen readers; its magnified copy would only repeat it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->preview), GTK_ACCESSIBLE_STATE_HIDDEN,
                               TRUE, -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->preview);

  /* Presses and releases read as they come, not through a gesture: a click gesture counts
   * presses for double clicks and, when its double-click time runs out while a key is held (a
   * quick second touch on one key, or any touch on a busy machine), drops the touch; gestures
   * also get cancelled under load. Either way the key typed nothing. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Teclado en pantalla"), -1);
  self->kind = VT_KEYBOARD_LETTERS;
  build_page (self);
}

GtkWidget *
vt_keyboard_new (void)
{
  return g_object_new (VT_TYPE_KEYBOARD, NULL);
}

void
vt_keyboard_set_target (VtKeyboard *self,
                        GtkWidget  *target)
{
  VtKeyboardLayoutKind kind = VT_KEYBOARD_LETTERS;

  g_return_if_fail (VT_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target) || GTK_IS_TEXT_VIEW (target));

  if (self->target == target)
    return;
  release_held (self);
  g_set_weak_pointer (&self->target, target);
  if (GTK_IS_TEXT (target))
    kind = vt_keyboard_layout_kind_for (gtk_text_get_input_purpose (GTK_TEXT (target)),
                                        gtk_text_get_input_hints (GTK_TEXT (target)));
  else if (GTK_IS_TEXT_VIEW (target))
    kind = vt_keyboard_layout_kind_for (gtk_text_view_get_input_purpose (GTK_TEXT_VIEW (target)),
                                        gtk_text_view_get_input_hints (GTK_TEXT_VIEW (target)));
  /* Every field starts on its layout's first page, in lower case. */
  self->kind = kind;
  self->page = 0;
  self->shift = SHIFT_OFF;
  build_page (self);
}

GtkWidget *
vt_keyboard_get_target (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);
  return self->target;
}

VtKeyboardLayoutKind
vt_keyboard_get_layout_kind (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), VT_KEYBOARD_LETTERS);
  return self->kind;
}

guint
vt_keyboard_get_page (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), 0);
  return self->page;
}

gboolean
vt_keyboard_get_shifted (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), FALSE);
  return is_shifted (self);
}

void
vt_keyboard_set_click_sound (VtKeyboard *self,
                             gboolean    enabled)
{
  g_return_if_fail (VT_IS_KEYBOARD (self));

  if (enabled && self->click == NULL)
    self->click = vt_keyboard_click_new ();
  else if (!enabled)
    g_clear_object (&self->click);
}

gboolean
vt_keyboard_get_click_sound (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), FALSE);
  return self->click != NULL;
}

guint
vt_keyboard_get_n_presses (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), 0);
  return self->n_presses;
}

GtkWidget *
vt_keyboard_get_preview (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);
  return gtk_widget_get_visible (self->preview) ? self->preview : NULL;
}

/* vt-test-touch.c — a finger on the kiosk's screen, for tests: real X pointer events through
 * XTest, never a key event and never a widget's API where a person would touch.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-touch.h"

#include "vt-test-ui.h"

#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <stdio.h>
#include <string.h>

typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);

static guint lost_taps;
static guint next_hold_ms;
static FakeMotionFunc fake_motion;
static FakeButtonFunc fake_button;

static gboolean
key_cb (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        gpointer               data)
{
  guint *count = data;

  (*count)++;
  return GDK_EVENT_PROPAGATE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 gpointer               data)
{
  guint *count = data;

  (*count)++;
}

void
vt_test_touch_count_keys (GtkWidget *window)
{
  guint *count = g_new0 (guint, 1);
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* The capture phase on the window sees every key event before any widget can take it,
   * including those aimed at a popover (popovers are the window's descendants). */
  g_object_set_data_full (G_OBJECT (window), "vt-test-key-events", count, g_free);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), count);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), count);
  gtk_widget_add_controller (window, keys);
}

guint
vt_test_touch_get_key_events (GtkWidget *window)
{
  guint *count = g_object_get_data (G_OBJECT (window), "vt-test-key-events");

  g_assert_nonnull (count);
  return *count;
}

static Display *
xtest_display (GtkWidget *widget)
{
  if (fake_motion == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      g_assert_nonnull (xtst);
      fake_motion = (FakeMotionFunc)dlsym (xtst, "XTestFakeMotionEvent");
      fake_button = (FakeButtonFunc)dlsym (xtst, "XTestFakeButtonEvent");
      g_assert_nonnull (fake_motion);
      g_assert_nonnull (fake_button);
    }
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
}

/* Where a point of `widget` is on the X screen. */
static void
root_point (GtkWidget *widget,
            double     x,
            double     y,
            int       *root_x,
            int       *root_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = xtest_display (widget);
  graphene_point_t point;
  Window child;
  int surface_x = 0, surface_y = 0;
  double dx = 0, dy = 0;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay), 0, 0, &surface_x, &surface_y, &child);
  gtk_native_get_surface_transform (native, &dx, &dy);
  *root_x = surface_x + (int)(dx + point.x);
  *root_y = surface_y + (int)(dy + point.y);
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

/* No page of the widget's is still sliding in: a finger touches what has stopped moving. */
static gboolean
still (gpointer data)
{
  for (GtkWidget *w = data; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_STACK (w) && gtk_stack_get_transition_running (GTK_STACK (w)))
      return FALSE;
  return TRUE;
}

void
vt_test_touch_tap (GtkWidget *widget)
{
  vt_test_touch_press (widget, 40);
}

void
vt_test_touch_press (GtkWidget *widget,
                     guint      hold_ms)
{
  Display *xdisplay;
  int x, y;

  g_assert_nonnull (widget);
  g_assert_true (vt_test_ui_wait_for (allocated, widget, 5000));
  g_assert_true (vt_test_ui_wait_for (still, widget, 5000));
  /* A person waits for a control that is not ready yet (a capture button until the checks
   * hold). */
  if (!vt_test_ui_wait_for (sensitive, widget, 10000))
    g_error ("%s «%s» stayed disabled", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
  xdisplay = xtest_display (widget);
  root_point (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0,
              &x, &y);
  fake_motion (xdisplay, -1, x, y, 0);
  fake_button (xdisplay, 1, True, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (hold_ms);
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (40);
}

void
vt_test_touch_drag (GtkWidget    *widget,
                    const double *points,
                    guint         n)
{
  Display *xdisplay = xtest_display (widget);
  int x, y;

  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      root_point (widget, points[2 * i], points[2 * i + 1], &x, &y);
      fake_motion (xdisplay, -1, x, y, 0);
      if (i == 0)
        fake_button (xdisplay, 1, True, 0);
      XFlush (xdisplay);
      vt_test_ui_wait (i == 0 ? 30 : 8);
    }
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);
  vt_test_ui_wait (40);
}

static gboolean
rect_inside (const graphene_rect_t *inner,
             const graphene_rect_t *outer)
{
  return inner->origin.y >= outer->origin.y - 0.5
         && inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + 0.5;
}

gboolean
vt_test_touch_scroll_into (GtkWidget             *target,
                           const graphene_rect_t *area)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (target));
  GtkWidget *scroller = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  Display *xdisplay = xtest_display (target);
  graphene_rect_t bounds, scroller_bounds;

  g_assert_true (vt_test_ui_wait_for (allocated, target, 5000));
  g_assert_true (vt_test_ui_wait_for (still, target, 5000));
  for (guint turn = 0; turn < 60; turn++)
    {
      graphene_rect_t visible;
      int x, y;
      unsigned int button;

      g_assert_true (gtk_widget_compute_bounds (target, window, &bounds));
      visible = *area;
      if (scroller != NULL && gtk_widget_compute_bounds (scroller, window, &scroller_bounds))
        graphene_rect_intersection (&visible, &scroller_bounds, &visible);
      if (rect_inside (&bounds, &visible) || scroller == NULL)
        return rect_inside (&bounds, &visible);
      /* A wheel turn over the page, where the finger would drag it. */
      button = bounds.origin.y < visible.origin.y ? 4 : 5;
      root_point (window, visible.origin.x + visible.size.width / 2,
                  visible.origin.y + MIN (40, visible.size.height / 2), &x, &y);
      fake_motion (xdisplay, -1, x, y, 0);
      fake_button (xdisplay, button, True, 0);
      fake_button (xdisplay, button, False, 0);
      XFlush (xdisplay);
      vt_test_ui_wait (60);
    }
  return FALSE;
}

static GtkWidget *
find_key (GtkWidget  *root,
          const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "osk-key")
      && gtk_widget_get_mapped (root)
      && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root)))
      && g_str_equal (gtk_widget_get_name (root), "key")
      && g_str_equal (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (root)))),
                      text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_key (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_mapped (GtkWidget  *root,
             const char *name)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, name);
      if (found)
        return found;
    }
  return NULL;
}

char *
vt_test_touch_dup_text (GtkWidget *field)
{
  if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  g_assert_true (GTK_IS_EDITABLE (field));
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

void
vt_test_touch_hold_next_key (guint hold_ms)
{
  next_hold_ms = hold_ms;
}

guint
vt_test_touch_get_lost_taps (void)
{
  return lost_taps;
}

void
vt_test_touch_note_lost_tap (void)
{
  lost_taps++;
}

void
vt_test_touch_key (VtKeyboardDock *dock,
                   const char     *name)
{
  GtkWidget *key = find_mapped (GTK_WIDGET (vt_keyboard_dock_get_keyboard (dock)), name);

  if (key == NULL)
    g_error ("No key %s on the keyboard", name);
  vt_test_touch_tap (key);
}

typedef struct
{
  GtkWidget  *field;
  const char *want;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = vt_test_touch_dup_text (wait->field);

  return g_str_equal (text, wait->want);
}

/* One character: its key where the page shows it, else shift or the other page first. */
static void
type_char (VtKeyboardDock *dock,
           const char     *c)
{
  VtKeyboard *keyboard = vt_keyboard_dock_get_keyboard (dock);

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      g_autofree char *lower = g_utf8_strdown (c, -1);
      g_autofree char *upper = g_utf8_strup (c, -1);
      GtkWidget *key;

      if (g_str_equal (c, " "))
        key = find_mapped (GTK_WIDGET (keyboard), "key-space");
      else
        key = find_key (GTK_WIDGET (keyboard), c);
      if (key != NULL)
        {
          vt_test_touch_press (key, next_hold_ms > 0 ? next_hold_ms : 40);
          next_hold_ms = 0;
          return;
        }
      if (!g_str_equal (lower, c) && find_key (GTK_WIDGET (keyboard), lower) != NULL
          && find_mapped (GTK_WIDGET (keyboard), "key-shift") != NULL)
        vt_test_touch_key (dock, "key-shift");
      else if (!g_str_equal (upper, c) && find_key (GTK_WIDGET (keyboard), upper) != NULL
               && find_mapped (GTK_WIDGET (keyboard), "key-shift") != NULL)
        vt_test_touch_key (dock, "key-shift");  /* caps lock, then off */
      else if (find_mapped (GTK_WIDGET (keyboard), "key-symbols") != NULL)
        vt_test_touch_key (dock, "key-symbols");
      else if (find_mapped (GTK_WIDGET (keyboard), "key-letters") != NULL)
        vt_test_touch_key (dock, "key-letters");
      else
        break;
      vt_test_ui_wait (30);
    }
  g_error ("The %s keyboard has no key for «%s»",
           vt_keyboard_layout_get (vt_keyboard_get_layout_kind (keyboard))->name, c);
}

void
vt_test_touch_type (VtKeyboardDock *dock,
                    const char     *text)
{
  VtKeyboard *keyboard = vt_keyboard_dock_get_keyboard (dock);
  GtkWidget *field = vt_keyboard_get_target (keyboard);
  g_autofree char *before = NULL;
  g_autoptr(GString) want = NULL;

  g_assert_nonnull (field);
  g_assert_true (vt_keyboard_dock_get_shown (dock));
  before = vt_test_touch_dup_text (field);
  want = g_string_new (before);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *c = g_strndup (p, g_utf8_next_char (p) - p);
      TextWait wait = { field, NULL };

      g_autofree char *now = vt_test_touch_dup_text (field);

      type_char (dock, c);
      g_string_append (want, c);
      wait.want = want->str;
      if (!vt_test_ui_wait_for (text_is, &wait, 2000))
        {
          g_autofree char *got = vt_test_touch_dup_text (field);

          /* A touch that did nothing at all is touched again, once, as a person would; a
           * key that typed something else is a failure. */
          if (g_str_equal (got, now))
            {
              lost_taps++;
              g_test_message ("A touch on «%s» typed nothing: touched again", c);
              type_char (dock, c);
            }
          if (!vt_test_ui_wait_for (text_is, &wait, 2000))
            {
              g_free (got);
              got = vt_test_touch_dup_text (field);
              g_error ("Typing «%s» on the %s keyboard gave «%s», not «%s»", c,
                       vt_keyboard_layout_get (vt_keyboard_get_layout_kind (keyboard))->name,
                       got, want->str);
            }
        }
    }
}

static void
press_until (GtkWidget  *picker,
             const char *up,
             const char *down,
             int (*get) (VtDatePicker *),
             int         want,
             int         wheel)
{
  for (guint guard = 0; get (VT_DATE_PICKER (picker)) != want; guard++)
    {
      int now = get (VT_DATE_PICKER (picker));
      int forward = wheel > 0 ? ((want - now) % wheel + wheel) % wheel : want - now;
      const char *name = wheel > 0 ? (forward <= wheel / 2 ? up : down) : (forward > 0 ? up : down);

      g_assert_cmpuint (guard, <, 40);
      vt_test_touch_tap (vt_test_ui_find (picker, name));
      g_assert_cmpint (get (VT_DATE_PICKER (picker)), !=, now);
    }
}

void
vt_test_touch_pick_date (GtkWidget  *picker,
                         const char *iso)
{
  int year, month, day;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &year, &month, &day), ==, 3);
  /* Year first, then the month, then the day: the day always fits what is above it. */
  if (vt_date_picker_get_year (VT_DATE_PICKER (picker)) == 0)
    vt_test_touch_tap (vt_test_ui_find (picker, "date-year-up"));
  for (guint guard = 0; ABS (vt_date_picker_get_year (VT_DATE_PICKER (picker)) - year) >= 10;
       guard++)
    {
      g_assert_cmpuint (guard, <, 20);
      vt_test_touch_tap (vt_test_ui_find (picker,
                                          vt_date_picker_get_year (VT_DATE_PICKER (picker)) < year
                                          ? "date-decade-up" : "date-decade-down"));
    }
  press_until (picker, "date-year-up", "date-year-down", vt_date_picker_get_year, year, 0);
  if (vt_date_picker_get_month (VT_DATE_PICKER (picker)) == 0)
    vt_test_touch_tap (vt_test_ui_find (picker, "date-month-up"));
  press_until (picker, "date-month-up", "date-month-down", vt_date_picker_get_month, month, 12);
  if (vt_date_picker_get_day (VT_DATE_PICKER (picker)) == 0)
    vt_test_touch_tap (vt_test_ui_find (picker, "date-day-up"));
  press_until (picker, "date-day-up", "date-day-down", vt_date_picker_get_day, day,
               g_date_get_days_in_month ((GDateMonth)month, (GDateYear)year));
}

static GtkWidget *
find_popover (GtkWidget *root)
{
  if (GTK_IS_POPOVER (root))
    return gtk_widget_get_mapped (root) ? root : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_popover (child);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row_label (GtkWidget  *root,
                const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text)
      && gtk_widget_get_ancestor (root, GTK_TYPE_LIST_VIEW) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *dropdown;
  const char *label;
} RowWait;

static gboolean
popover_open (gpointer data)
{
  return find_popover (data) != NULL;
}

static gboolean
popover_closed (gpointer data)
{
  return find_popover (data) == NULL;
}

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *popover = find_popover (wait->dropdown);
  GtkWidget *row = popover != NULL ? find_row_label (popover, wait->label) : NULL;

  /* Laid out, not only mapped: a row without its size yet cannot be touched where it will be. */
  return row != NULL && gtk_widget_get_width (row) > 0 && gtk_widget_get_height (row) > 0;
}

static gboolean
keyboard_on (gpointer data)
{
  return vt_keyboard_dock_get_shown (data);
}

/* The popover floats over the window: its bottom, the list's last row, must be above the
 * keyboard, or the rows it hides could not be touched. */
static void
check_popover_above (VtKeyboardDock *dock,
                     GtkWidget      *dropdown)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (dropdown));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (find_popover (dropdown)));
  graphene_rect_t keyboard;
  double dx = 0, dy = 0;
  int bottom;

  vt_test_ui_wait (300);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (vt_keyboard_dock_get_keyboard (dock)),
                                            window, &keyboard));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  bottom = gdk_popup_get_position_y (GDK_POPUP (surface)) + gdk_surface_get_height (surface);
  if (bottom > keyboard.origin.y + dy + 1)
    g_error ("The drop-down's list reaches y %d, over the keyboard from y %.0f", bottom,
             keyboard.origin.y + dy);
}

void
vt_test_touch_choose (VtKeyboardDock *dock,
                      GtkWidget      *dropdown,
                      const char     *label,
                      const char     *search)
{
  RowWait wait = { dropdown, label };
  GtkStringObject *item;

  vt_test_touch_tap (dropdown);
  g_assert_true (vt_test_ui_wait_for (popover_open, dropdown, 5000));
  if (search != NULL)
    {
      /* A touch on the search field brings the keyboard up for it. */
      GtkWidget *entry = find_type (find_popover (dropdown), GTK_TYPE_SEARCH_ENTRY);

      g_assert_nonnull (entry);
      vt_test_touch_tap (entry);
      g_assert_true (vt_test_ui_wait_for (keyboard_on, dock, 5000));
      vt_test_ui_wait (200);
      vt_test_touch_type (dock, search);
      check_popover_above (dock, dropdown);
    }
  for (guint attempt = 0;; attempt++)
    {
      if (!vt_test_ui_wait_for (row_shown, &wait, 5000))
        g_error ("No row «%s» in the open drop-down", label);
      /* A popup placed a frame after its rows are: touch the row once it has stopped moving. */
      vt_test_ui_wait (150);
      vt_test_touch_tap (find_row_label (find_popover (dropdown), label));
      if (!vt_test_ui_wait_for (popover_closed, dropdown, 5000))
        {
          /* The touch did nothing at all and the list is still open: touched again, once. */
          lost_taps++;
          g_test_message ("A touch on the row «%s» did nothing: touched again", label);
          vt_test_touch_tap (find_row_label (find_popover (dropdown), label));
          g_assert_true (vt_test_ui_wait_for (popover_closed, dropdown, 10000));
        }
      item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));
      if (attempt > 0 || (item != NULL && g_str_equal (gtk_string_object_get_string (item), label)))
        break;
      /* The touch closed the list and chose nothing: touched again, once, as a person would. */
      vt_test_touch_note_lost_tap ();
      g_test_message ("A touch on the row «%s» chose nothing: touched again", label);
      vt_test_touch_tap (dropdown);
      g_assert_true (vt_test_ui_wait_for (popover_open, dropdown, 5000));
    }
  g_assert_nonnull (item);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, label);
}

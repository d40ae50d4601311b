/* vt-date-picker.c — a date chosen with large buttons (day, month, year), never typed.
 *
 * A kiosk has no keyboard, and a date typed as DD/MM/AAAA is the field people get wrong most.
 * Here each part has its own column with a large "+" above and "−" below the value; the year
 * also moves ten at a time, and holding any button repeats it, so a birth year decades ago is
 * a few presses away. The day always fits the month and year shown: 31 February cannot be
 * chosen. What the picker holds is still read back as DD/MM/AAAA and checked by the field's
 * validator, which has the last word (a date in the future, an issue date before birth).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-date-picker.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

typedef enum
{
  PART_DAY,
  PART_MONTH,
  PART_YEAR,
  N_PARTS
} Part;

/* A button that moves one part by `delta`, repeating while it is held. */
typedef struct
{
  VtDatePicker *self;
  GtkWidget    *button;
  Part          part;
  int           delta;
  guint         repeat_id;
  gboolean      fast;
  gboolean      repeated;  /* the press repeated: its release is not one more step */
} Stepper;

struct _VtDatePicker
{
  GtkWidget  parent_instance;

  int        value[N_PARTS];  /* day, month, year; 0 while not chosen */
  int        first_year;
  int        last_year;
  int        start_year;

  GtkWidget *values[N_PARTS];
  GPtrArray *steppers;        /* Stepper *, owned by their buttons */
};

G_DEFINE_FINAL_TYPE (VtDatePicker, vt_date_picker, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A hold repeats after this long, then this often. */
#define REPEAT_DELAY_MS    450
#define REPEAT_INTERVAL_MS 110

#define MIN_YEAR 1900

static const char * const month_names[] = {
  N_("enero"), N_("febrero"), N_("marzo"), N_("abril"), N_("mayo"), N_("junio"), N_("julio"),
  N_("agosto"), N_("septiembre"), N_("octubre"), N_("noviembre"), N_("diciembre"),
};

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

/* Days in a month; with no month yet any day up to 31 may still be right, and with no year
 * 29 February may be. */
static int
days_in (int month,
         int year)
{
  if (month < 1 || month > 12)
    return 31;
  return g_date_get_days_in_month ((GDateMonth)month, (GDateYear)(year > 0 ? year : 2000));
}

static void
update_display (VtDatePicker *self)
{
  const int *v = self->value;
  g_autofree char *day = v[PART_DAY] ? g_strdup_printf ("%d", v[PART_DAY]) : g_strdup ("—");
  g_autofree char *year = v[PART_YEAR] ? g_strdup_printf ("%d", v[PART_YEAR]) : g_strdup ("—");

  gtk_label_set_text (GTK_LABEL (self->values[PART_DAY]), day);
  gtk_label_set_text (GTK_LABEL (self->values[PART_MONTH]),
                      v[PART_MONTH] ? _(month_names[v[PART_MONTH] - 1]) : "—");
  gtk_label_set_text (GTK_LABEL (self->values[PART_YEAR]), year);

  /* The year stops at the ends of its range; day and month go round like a wheel. */
  for (guint i = 0; i < self->steppers->len; i++)
    {
      Stepper *stepper = g_ptr_array_index (self->steppers, i);
      gboolean sensitive = TRUE;

      if (stepper->part == PART_YEAR && v[PART_YEAR] != 0)
        sensitive = stepper->delta > 0 ? v[PART_YEAR] < self->last_year
                                       : v[PART_YEAR] > self->first_year;
      gtk_widget_set_sensitive (stepper->button, sensitive);
    }
}

/* Stores a date whose day is already known to fit, and tells who listens. */
static void
set_parts (VtDatePicker *self,
           int           day,
           int           month,
           int           year)
{
  if (self->value[PART_DAY] == day && self->value[PART_MONTH] == month
      && self->value[PART_YEAR] == year)
    return;
  self->value[PART_DAY] = day;
  self->value[PART_MONTH] = month;
  self->value[PART_YEAR] = year;
  update_display (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
step (VtDatePicker *self,
      Part          part,
      int           delta)
{
  int day = self->value[PART_DAY];
  int month = self->value[PART_MONTH];
  int year = self->value[PART_YEAR];

  switch (part)
    {
    case PART_DAY:
      {
        int last = days_in (month, year);

        if (day == 0)
          day = delta > 0 ? 1 : last;
        else
          day = ((day - 1 + delta) % last + last) % last + 1;
        break;
      }
    case PART_MONTH:
      if (month == 0)
        month = delta > 0 ? 1 : 12;
      else
        month = ((month - 1 + delta) % 12 + 12) % 12 + 1;
      break;
    case PART_YEAR:
      /* The first press shows where the year starts; the next ones move it. */
      if (year == 0)
        year = self->start_year;
      else
        year = CLAMP (year + delta, self->first_year, self->last_year);
      break;
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }

  /* A day the new month or year does not have becomes its last day. */
  day = MIN (day, days_in (month, year));
  set_parts (self, day, month, year);
}

static void
stepper_stop (Stepper *stepper)
{
  g_clear_handle_id (&stepper->repeat_id, g_source_remove);
  stepper->fast = FALSE;
}

static void
stepper_free (gpointer data)
{
  Stepper *stepper = data;

  stepper_stop (stepper);
  g_free (stepper);
}

static gboolean
repeat_cb (gpointer data)
{
  Stepper *stepper = data;

  stepper->repeated = TRUE;
  step (stepper->self, stepper->part, stepper->delta);
  if (!gtk_widget_get_sensitive (stepper->button))
    {
      stepper->repeat_id = 0;
      stepper->fast = FALSE;
      return G_SOURCE_REMOVE;
    }
  if (stepper->fast)
    return G_SOURCE_CONTINUE;
  stepper->fast = TRUE;
  stepper->repeat_id = g_timeout_add (REPEAT_INTERVAL_MS, repeat_cb, stepper);
  return G_SOURCE_REMOVE;
}

static void
press_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  Stepper         *stepper)
{
  stepper_stop (stepper);
  stepper->repeated = FALSE;
  stepper->repeat_id = g_timeout_add (REPEAT_DELAY_MS, repeat_cb, stepper);
}

static void
press_end_cb (GtkGesture       *gesture,
              GdkEventSequence *sequence,
              Stepper          *stepper)
{
  stepper_stop (stepper);
}

static void
stepper_clicked_cb (GtkButton *button,
                    Stepper   *stepper)
{
  /* The release that ends a hold is not one more step. */
  if (stepper->repeated)
    {
      stepper->repeated = FALSE;
      return;
    }
  step (stepper->self, stepper->part, stepper->delta);
}

/* The button's own click gesture tells when a finger goes down and comes up: a second gesture
 * on the same button would compete with it for the touch. */
static GtkGesture *
click_gesture_of (GtkWidget *button)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (button);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);  /* the button keeps its reference */
    }
  return NULL;
}

static GtkWidget *
new_stepper (VtDatePicker *self,
             Part          part,
             int           delta,
             const char   *label,
             const char   *name,
             const char   *accessible_name)
{
  Stepper *stepper = g_new0 (Stepper, 1);
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkGesture *gesture = click_gesture_of (button);

  stepper->self = self;
  stepper->button = button;
  stepper->part = part;
  stepper->delta = delta;
  g_object_set_data_full (G_OBJECT (button), "vt-stepper", stepper, stepper_free);
  g_ptr_array_add (self->steppers, stepper);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "date-step");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (stepper_clicked_cb), stepper);
  g_assert (gesture != NULL);
  g_signal_connect (gesture, "pressed", G_CALLBACK (press_pressed_cb), stepper);
  g_signal_connect (gesture, "end", G_CALLBACK (press_end_cb), stepper);
  g_signal_connect (gesture, "cancel", G_CALLBACK (press_end_cb), stepper);
  return button;
}

/* One column: its name, the buttons that raise it, the value, the buttons that lower it. */
static GtkWidget *
new_column (VtDatePicker *self,
            Part          part,
            const char   *caption,
            GtkWidget    *up_row,
            GtkWidget    *down_row,
            int           width_chars)
{
  GtkWidget *column = g_object_new (GTK_TYPE_BOX,
                                    "orientation", GTK_ORIENTATION_VERTICAL,
                                    "spacing", 6,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                    NULL);
  GtkWidget *title = gtk_label_new (caption);
  GtkWidget *value = gtk_label_new ("—");

  gtk_widget_add_css_class (column, "date-part");
  gtk_widget_add_css_class (title, "date-caption");
  gtk_widget_add_css_class (value, "date-value");
  gtk_label_set_width_chars (GTK_LABEL (value), width_chars);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  caption, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  gtk_box_append (GTK_BOX (column), title);
  gtk_box_append (GTK_BOX (column), up_row);
  gtk_box_append (GTK_BOX (column), value);
  gtk_box_append (GTK_BOX (column), down_row);
  self->values[part] = value;
  return column;
}

static GtkWidget *
new_row (GtkWidget *first,
         GtkWidget *second)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (row), first);
  if (second != NULL)
    gtk_box_append (GTK_BOX (row), second);
  return row;
}

/* Focus goes to the first button, as with any group of controls. */
static gboolean
vt_date_picker_grab_focus (GtkWidget *widget)
{
  VtDatePicker *self = VT_DATE_PICKER (widget);

  for (guint i = 0; i < self->steppers->len; i++)
    {
      Stepper *stepper = g_ptr_array_index (self->steppers, i);
      if (gtk_widget_grab_focus (stepper->button))
        return TRUE;
    }
  return FALSE;
}

static void
vt_date_picker_dispose (GObject *object)
{
  VtDatePicker *self = VT_DATE_PICKER (object);
  GtkWidget *child;

  for (guint i = 0; self->steppers && i < self->steppers->len; i++)
    stepper_stop (g_ptr_array_index (self->steppers, i));
  g_clear_pointer (&self->steppers, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (vt_date_picker_parent_class)->dispose (object);
}

static void
vt_date_picker_class_init (VtDatePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_date_picker_dispose;
  widget_class->grab_focus = vt_date_picker_grab_focus;

  /* Emitted whenever a part changes, by a press or through the API. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vtdatepicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vt_date_picker_init (VtDatePicker *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget));
  GtkWidget *day_up, *day_down, *month_up, *month_down;
  GtkWidget *year_up, *year_down, *decade_up, *decade_down;

  self->steppers = g_ptr_array_new ();
  self->last_year = current_year ();
  self->first_year = MIN_YEAR;
  self->start_year = self->last_year - 40;

  gtk_box_layout_set_spacing (layout, 16);

  day_up = new_stepper (self, PART_DAY, 1, "+", "date-day-up", _("Aumentar día"));
  day_down = new_stepper (self, PART_DAY, -1, "−", "date-day-down", _("Disminuir día"));
  month_up = new_stepper (self, PART_MONTH, 1, "+", "date-month-up", _("Aumentar mes"));
  month_down = new_stepper (self, PART_MONTH, -1, "−", "date-month-down", _("Disminuir mes"));
  decade_up = new_stepper (self, PART_YEAR, 10, "+10", "date-decade-up",
                           _("Aumentar diez años"));
  year_up = new_stepper (self, PART_YEAR, 1, "+1", "date-year-up", _("Aumentar año"));
  decade_down = new_stepper (self, PART_YEAR, -10, "−10", "date-decade-down",
                             _("Disminuir diez años"));
  year_down = new_stepper (self, PART_YEAR, -1, "−1", "date-year-down", _("Disminuir año"));

  gtk_widget_set_parent (new_column (self, PART_DAY, _("Día"), new_row (day_up, NULL),
                                     new_row (day_down, NULL), 2),
                         widget);
  gtk_widget_set_parent (new_column (self, PART_MONTH, _("Mes"), new_row (month_up, NULL),
                                     new_row (month_down, NULL), 10),
                         widget);
  gtk_widget_set_parent (new_column (self, PART_YEAR, _("Año"), new_row (decade_up, year_up),
                                     new_row (decade_down, year_down), 4),
                         widget);
  update_display (self);
}

GtkWidget *
vt_date_picker_new (void)
{
  return g_object_new (VT_TYPE_DATE_PICKER, NULL);
}

void
vt_date_picker_set_year_range (VtDatePicker *self,
                               int           first,
                               int           last)
{
  g_return_if_fail (VT_IS_DATE_PICKER (self));
  g_return_if_fail (first >= 1 && first <= last);

  self->first_year = first;
  self->last_year = last;
  self->start_year = CLAMP (self->start_year, first, last);
  if (self->value[PART_YEAR] != 0)
    {
      int year = CLAMP (self->value[PART_YEAR], first, last);
      set_parts (self, MIN (self->value[PART_DAY], days_in (self->value[PART_MONTH], year)),
                 self->value[PART_MONTH], year);
    }
  update_display (self);
}

void
vt_date_picker_set_start_year (VtDatePicker *self,
                               int           year)
{
  g_return_if_fail (VT_IS_DATE_PICKER (self));

  self->start_year = CLAMP (year, self->first_year, self->last_year);
}

gboolean
vt_date_picker_set_date (VtDatePicker *self,
                         int           year,
                         int           month,
                         int           day)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), FALSE);

  if (year < self->first_year || year > self->last_year || month < 1 || month > 12 || day < 1
      || day > days_in (month, year))
    return FALSE;
  set_parts (self, day, month, year);
  return TRUE;
}

gboolean
vt_date_picker_set_iso (VtDatePicker *self,
                        const char   *iso)
{
  int year, month, day;
  char end;

  g_return_val_if_fail (VT_IS_DATE_PICKER (self), FALSE);

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3)
    return FALSE;
  return vt_date_picker_set_date (self, year, month, day);
}

void
vt_date_picker_clear (VtDatePicker *self)
{
  g_return_if_fail (VT_IS_DATE_PICKER (self));

  set_parts (self, 0, 0, 0);
}

int
vt_date_picker_get_day (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), 0);
  return self->value[PART_DAY];
}

int
vt_date_picker_get_month (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), 0);
  return self->value[PART_MONTH];
}

int
vt_date_picker_get_year (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), 0);
  return self->value[PART_YEAR];
}

gboolean
vt_date_picker_is_complete (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), FALSE);
  return self->value[PART_DAY] && self->value[PART_MONTH] && self->value[PART_YEAR];
}

gboolean
vt_date_picker_is_empty (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), TRUE);
  return !self->value[PART_DAY] && !self->value[PART_MONTH] && !self->value[PART_YEAR];
}

char *
vt_date_picker_dup_text (VtDatePicker *self)
{
  g_return_val_if_fail (VT_IS_DATE_PICKER (self), NULL);

  if (!vt_date_picker_is_complete (self))
    return NULL;
  return g_strdup_printf ("%02d/%02d/%04d", self->value[PART_DAY], self->value[PART_MONTH],
                          self->value[PART_YEAR]);
}

/* test-date-picker.c — the touch date picker: presses change the date, 31 February cannot be
 * chosen, and a screenshot of it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-ui.h"
#include "wizard/vt-date-picker.h"

static void
press (GtkWidget  *picker,
       const char *name,
       guint       times)
{
  GtkWidget *button = vt_test_ui_find (picker, name);

  g_assert_nonnull (button);
  for (guint i = 0; i < times; i++)
    vt_test_ui_click (button);
}

static void
test_presses (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *picker = vt_date_picker_new ();
  g_autofree char *text = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 400);
  gtk_window_set_child (GTK_WINDOW (window), picker);
  vt_date_picker_set_year_range (VT_DATE_PICKER (picker), 1900, 2026);
  vt_date_picker_set_start_year (VT_DATE_PICKER (picker), 1986);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (200);

  g_assert_true (vt_date_picker_is_empty (VT_DATE_PICKER (picker)));
  g_assert_null (vt_date_picker_dup_text (VT_DATE_PICKER (picker)));

  /* 31 January, then one month on: the day becomes the last of February. */
  press (picker, "date-day-down", 1);
  g_assert_cmpint (vt_date_picker_get_day (VT_DATE_PICKER (picker)), ==, 31);
  press (picker, "date-month-up", 2);
  g_assert_cmpint (vt_date_picker_get_month (VT_DATE_PICKER (picker)), ==, 2);
  g_assert_cmpint (vt_date_picker_get_day (VT_DATE_PICKER (picker)), ==, 29);
  /* The year starts where it was told, moves by ten and by one; 1983 is not a leap year. */
  press (picker, "date-year-up", 1);
  g_assert_cmpint (vt_date_picker_get_year (VT_DATE_PICKER (picker)), ==, 1986);
  press (picker, "date-decade-down", 1);
  press (picker, "date-year-down", 3);
  g_assert_cmpint (vt_date_picker_get_year (VT_DATE_PICKER (picker)), ==, 1973);
  press (picker, "date-year-up", 10);
  g_assert_cmpint (vt_date_picker_get_year (VT_DATE_PICKER (picker)), ==, 1983);
  g_assert_cmpint (vt_date_picker_get_day (VT_DATE_PICKER (picker)), ==, 28);
  text = vt_date_picker_dup_text (VT_DATE_PICKER (picker));
  g_assert_cmpstr (text, ==, "28/02/1983");

  /* A day that does not exist is refused through the API too. */
  g_assert_false (vt_date_picker_set_date (VT_DATE_PICKER (picker), 2001, 2, 29));
  g_assert_false (vt_date_picker_set_iso (VT_DATE_PICKER (picker), "1990-02-31"));
  g_assert_false (vt_date_picker_set_date (VT_DATE_PICKER (picker), 2027, 1, 1));
  g_assert_true (vt_date_picker_set_iso (VT_DATE_PICKER (picker), "1985-08-15"));
  g_assert_cmpint (vt_date_picker_get_day (VT_DATE_PICKER (picker)), ==, 15);

  /* The year stops at the end of its range. */
  g_assert_true (vt_date_picker_set_date (VT_DATE_PICKER (picker), 2026, 1, 1));
  g_assert_false (gtk_widget_get_sensitive (vt_test_ui_find (picker, "date-year-up")));

  vt_test_ui_screenshot (window, "keyboard/date-picker.png");
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/touch/date-picker/presses", test_presses);
  return g_test_run ();
}

/* vt-date-picker.h — a date chosen with large buttons (day, month, year), never typed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_DATE_PICKER (vt_date_picker_get_type ())

G_DECLARE_FINAL_TYPE (VtDatePicker, vt_date_picker, VT, DATE_PICKER, GtkWidget)

GtkWidget *vt_date_picker_new             (void);
/* The years the picker offers, inclusive; by default 1900 to the current year. */
void       vt_date_picker_set_year_range  (VtDatePicker *self,
                                           int           first,
                                           int           last);
/* The year the first press on a year button starts from (clamped to the range). */
void       vt_date_picker_set_start_year  (VtDatePicker *self,
                                           int           year);
/* Sets a whole date. A day that does not exist (31 February) or a year outside the range is
 * refused: FALSE, and the picker keeps what it had. */
gboolean   vt_date_picker_set_date        (VtDatePicker *self,
                                           int           year,
                                           int           month,
                                           int           day);
/* The same from "YYYY-MM-DD", as a session stores dates. */
gboolean   vt_date_picker_set_iso         (VtDatePicker *self,
                                           const char   *iso);
void       vt_date_picker_clear           (VtDatePicker *self);
/* Each part, 0 while the person has not chosen it. */
int        vt_date_picker_get_day         (VtDatePicker *self);
int        vt_date_picker_get_month       (VtDatePicker *self);
int        vt_date_picker_get_year        (VtDatePicker *self);
gboolean   vt_date_picker_is_complete     (VtDatePicker *self);
gboolean   vt_date_picker_is_empty        (VtDatePicker *self);
/* "DD/MM/AAAA", as the date validators read it, once every part is chosen; NULL before. */
char      *vt_date_picker_dup_text        (VtDatePicker *self);

G_END_DECLS

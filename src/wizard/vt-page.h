/* vt-page.h — the base of every wizard page: says when it is complete, applies its answers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_PAGE (vt_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (VtPage, vt_page, VT, PAGE, GtkWidget)

struct _VtPageClass
{
  GtkWidgetClass parent_class;

  /* The page became the visible one, or stopped being it. */
  void     (*shown)  (VtPage *self);
  void     (*hidden) (VtPage *self);
  /* Stores the page's answers in the session. FALSE keeps the person on the page, which then
   * shows what to correct. */
  gboolean (*apply)  (VtPage *self);
};

VtSession  *vt_page_get_session     (VtPage      *self);
const char *vt_page_get_page_id     (VtPage      *self);
const char *vt_page_get_title       (VtPage      *self);
void        vt_page_set_title       (VtPage      *self,
                                     const char  *title);
void        vt_page_set_description (VtPage      *self,
                                     const char  *description);
/* What the page's "Escuchar" button reads aloud after the title, through the window's
 * "kiosk.speak" action; the button shows only when there is guidance. */
const char *vt_page_get_spoken_guidance (VtPage    *self);
void        vt_page_set_spoken_guidance (VtPage    *self,
                                         const char *guidance);
gboolean    vt_page_get_complete    (VtPage      *self);
void        vt_page_set_complete    (VtPage      *self,
                                     gboolean     complete);
/* The label of the Next button on this page ("Siguiente" when NULL). */
const char *vt_page_get_next_label  (VtPage      *self);
void        vt_page_set_next_label  (VtPage      *self,
                                     const char  *label);
/* Pages with a camera use more of a wide screen than form pages. */
void        vt_page_set_maximum_width (VtPage    *self,
                                       int        width);
/* Adds a widget under the heading; pages build their body with it. */
void        vt_page_append          (VtPage      *self,
                                     GtkWidget   *child);

void        vt_page_shown           (VtPage      *self);
void        vt_page_hidden          (VtPage      *self);
gboolean    vt_page_apply           (VtPage      *self);

G_END_DECLS

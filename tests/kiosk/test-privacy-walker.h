/* test-privacy-walker.h — a synthetic person walks a procedure through the real window, for
 * the kiosk tests (privacy, accessibility, touch targets) that need every page.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "procedures/vt-procedure.h"
#include "vt-test-identity.h"
#include "wizard/vt-page.h"
#include "vt-window.h"

G_BEGIN_DECLS

/* Called on each page once it is filled in, before leaving it: "start", each wizard page by
 * its id ("canal", …, "revision"), then "done". FALSE stops the walk there. */
typedef gboolean (*VtWalkVisit) (VtWindow   *window,
                             const char *page,
                             gpointer    data);

typedef struct
{
  const char *procedure_id;
  const char *channel;  /* preferred channel where there is a choice */
  const char *who;      /* "titular" or "tercero" where the procedure asks */
} VtWalkPlan;

/* How the walk touches the pages, for tests that drive them with real pointer events. Every
 * hook may be NULL: the walker then emits "clicked", sets values through the widgets' API and
 * draws the signature through VtSignature. */
typedef struct
{
  VtWalkVisit visit;
  /* Presses a button: a procedure on the start page, a choice, a channel, capture, stop,
   * Siguiente. */
  void      (*press) (GtkWidget *button,
                      gpointer   data);
  /* Fills one field that is not a choice of toggle buttons (those are pressed); FALSE leaves
   * it to the walker. */
  gboolean  (*fill)  (VtPage        *page,
                      const VtField *field,
                      GtkWidget     *input,
                      gpointer       data);
  /* Signs on the page's pad. */
  void      (*sign)  (VtPage *page,
                      gpointer data);
} VtWalkHooks;

/* What the synthetic person answers in a text field, by its id, then by its kind. */
char     *vt_walk_value_for (VtTestPerson  *person,
                             const VtField *field);
/* The date (ISO) the person gives in a date field. */
const char *vt_walk_date_for (VtTestPerson  *person,
                              const VtField *field);

/* From the start page to the confirmation; fails the test if a page refuses the answers.
 * Returns FALSE when `visit` stopped the walk. */
gboolean vt_walk_procedure (VtWindow         *window,
                        const VtWalkPlan *plan,
                        VtTestPerson     *person,
                        VtWalkVisit       visit,
                        gpointer          data);
gboolean vt_walk_procedure_with (VtWindow          *window,
                                 const VtWalkPlan  *plan,
                                 VtTestPerson      *person,
                                 const VtWalkHooks *hooks,
                                 gpointer           data);

G_END_DECLS

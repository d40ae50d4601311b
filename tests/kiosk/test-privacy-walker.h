/* test-privacy-walker.h — a synthetic person walks a procedure through the real window, for
 * the kiosk tests (privacy, accessibility, touch targets) that need every page.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-test-identity.h"
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

/* From the start page to the confirmation; fails the test if a page refuses the answers.
 * Returns FALSE when `visit` stopped the walk. */
gboolean vt_walk_procedure (VtWindow         *window,
                        const VtWalkPlan *plan,
                        VtTestPerson     *person,
                        VtWalkVisit       visit,
                        gpointer          data);

G_END_DECLS

/* vt-fields-page.h — a page of form fields built from a procedure's page definition.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-page.h"

G_BEGIN_DECLS

#define VT_TYPE_FIELDS_PAGE (vt_fields_page_get_type ())

G_DECLARE_FINAL_TYPE (VtFieldsPage, vt_fields_page, VT, FIELDS_PAGE, VtPage)

VtPage *vt_fields_page_new (VtSession       *session,
                            const VtPageDef *definition);

G_END_DECLS

/* vt-countries.h — the countries the kiosk knows: names, calling codes, postal formats.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *iso;           /* ISO 3166-1 alpha-2, upper case */
  const char *name;          /* Spanish name, marked N_(): translate with _() when shown */
  const char *calling_code;  /* digits only, e.g. "34" */
  const char *postal_regex;  /* anchored GRegex, or NULL when free text */
  const char *postal_example;/* example shown in messages, or NULL */
} VtCountry;

/* Sorted by Spanish name; Ecuador is included. */
const VtCountry *vt_countries_get   (guint       *n_countries);
const VtCountry *vt_country_lookup  (const char  *iso);

G_END_DECLS

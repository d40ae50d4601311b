/* vt-countries.h — every country of ISO 3166-1, named from Debian's iso-codes.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *iso;           /* ISO 3166-1 alpha-2, upper case */
  char *name_es;       /* Spanish, from iso-codes' own translation: what documents say */
  char *name_en;       /* English, iso-codes' common name when it has one */
  int   calling_code;  /* from libphonenumber; 0 for the few places with none */
} VtCountry;

/* All countries, sorted by Spanish name as a Spanish reader expects it (accents ignored).
 * Loaded once from iso-codes (VT_ISO_CODES_DIR overrides /usr/share/iso-codes for tests).
 * NULL and *n_countries = 0 when iso-codes is missing: a broken installation, logged. */
const VtCountry *vt_countries_get              (guint            *n_countries);
const VtCountry *vt_country_lookup             (const char       *iso);
/* The name in the UI language (English when LANGUAGE begins with "en", else Spanish). */
const char      *vt_country_get_display_name   (const VtCountry  *country);
/* The countries sorted by their display name, as const VtCountry pointers (free the array). */
GPtrArray       *vt_countries_sorted_for_display (void);

/* The subdivisions of a country (ISO 3166-2) of one type, e.g. Ecuador's "Province":
 * an array of (code, name) pairs as VtSubdivision, sorted by name. */
typedef struct
{
  char *code;  /* "EC-P" */
  char *name;  /* "Pichincha": iso-codes names subdivisions in their own language */
} VtSubdivision;

GPtrArray       *vt_subdivisions_get           (const char       *country_iso,
                                                const char       *type);
void             vt_subdivision_free           (VtSubdivision    *subdivision);

/* Postal-code format of a country where it is national, in everyday use and well known:
 * an anchored regex and an example. FALSE where codes are free text (or unknown). */
gboolean         vt_country_get_postal_format  (const char       *iso,
                                                const char      **regex,
                                                const char      **example);

G_END_DECLS

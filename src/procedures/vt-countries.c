/* vt-countries.c — the countries the kiosk knows: names, calling codes, postal formats.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-procedures"

#include "vt-countries.h"

#include <glib/gi18n-lib.h>

/* Countries where many Ecuadorians live, the neighbours and the ones that come up at the
 * counter. The table is sorted by Spanish name as a Spanish reader expects it (accents
 * ignored, "ch" is not a letter of its own), because the country selector shows it in this
 * order.
 *
 * Postal regexes are given only where the format is national, in everyday use and well known;
 * where a country has no codes, rarely uses them or we are not sure, the field is free text.
 * Values reach the regex trimmed, upper-cased and with inner runs of spaces collapsed.
 *
 * The calling code of the North American Numbering Plan members (Canada, the United States,
 * Puerto Rico, the Dominican Republic) is "1" for all of them: the area code that follows is
 * part of the national number. */
static const VtCountry countries[] = {
  { "DE", N_("Alemania"), "49", "^[0-9]{5}$", "10115" },
  { "AR", N_("Argentina"), "54", "^([A-Z][0-9]{4}[A-Z]{3}|[0-9]{4})$", "C1043AAZ" },
  { "AU", N_("Australia"), "61", "^[0-9]{4}$", "2000" },
  { "AT", N_("Austria"), "43", "^[0-9]{4}$", "1010" },
  { "BE", N_("Bélgica"), "32", "^[0-9]{4}$", "1000" },
  { "BO", N_("Bolivia"), "591", NULL, NULL },
  { "BR", N_("Brasil"), "55", "^[0-9]{5}-?[0-9]{3}$", "01310-100" },
  { "CA", N_("Canadá"), "1", "^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$", "K1A 0B1" },
  { "CL", N_("Chile"), "56", "^[0-9]{7}$", "8320000" },
  { "CN", N_("China"), "86", "^[0-9]{6}$", "100000" },
  { "CO", N_("Colombia"), "57", "^[0-9]{6}$", "110111" },
  { "KR", N_("Corea del Sur"), "82", "^[0-9]{5}$", "03187" },
  { "CR", N_("Costa Rica"), "506", "^[0-9]{5}$", "10101" },
  { "CU", N_("Cuba"), "53", NULL, NULL },
  { "DK", N_("Dinamarca"), "45", "^[0-9]{4}$", "1050" },
  { "EC", N_("Ecuador"), "593", "^[0-9]{6}$", "170150" },
  { "SV", N_("El Salvador"), "503", NULL, NULL },
  /* Spanish codes begin with the province number, 01 to 52. */
  { "ES", N_("España"), "34", "^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$", "28001" },
  { "US", N_("Estados Unidos"), "1", "^[0-9]{5}(-[0-9]{4})?$", "10001" },
  { "FI", N_("Finlandia"), "358", "^[0-9]{5}$", "00100" },
  { "FR", N_("Francia"), "33", "^[0-9]{5}$", "75001" },
  { "GT", N_("Guatemala"), "502", "^[0-9]{5}$", "01001" },
  { "HN", N_("Honduras"), "504", NULL, NULL },
  /* Eircode: a routing key (a letter and two digits, or D6W) and a four-character identifier;
   * the letters B, G, I, J, L, M, O, Q, S, U and Z are never used. */
  { "IE", N_("Irlanda"), "353",
    "^([AC-FHKNPRTV-Y][0-9]{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$", "D02 X285" },
  { "IL", N_("Israel"), "972", "^[0-9]{7}$", "6100000" },
  { "IT", N_("Italia"), "39", "^[0-9]{5}$", "00184" },
  { "JP", N_("Japón"), "81", "^[0-9]{3}-?[0-9]{4}$", "100-0001" },
  { "MX", N_("México"), "52", "^[0-9]{5}$", "06000" },
  { "NI", N_("Nicaragua"), "505", NULL, NULL },
  { "NO", N_("Noruega"), "47", "^[0-9]{4}$", "0150" },
  { "NZ", N_("Nueva Zelanda"), "64", "^[0-9]{4}$", "6011" },
  { "NL", N_("Países Bajos"), "31", "^[1-9][0-9]{3} ?[A-Z]{2}$", "1012 AB" },
  { "PA", N_("Panamá"), "507", NULL, NULL },
  { "PY", N_("Paraguay"), "595", NULL, NULL },
  { "PE", N_("Perú"), "51", "^[0-9]{5}$", "15001" },
  { "PL", N_("Polonia"), "48", "^[0-9]{2}-?[0-9]{3}$", "00-950" },
  { "PT", N_("Portugal"), "351", "^[0-9]{4}-[0-9]{3}$", "1000-001" },
  /* Puerto Rico uses ZIP codes of the United States, all of them in 006, 007 and 009. */
  { "PR", N_("Puerto Rico"), "1", "^00[679][0-9]{2}(-[0-9]{4})?$", "00901" },
  { "GB", N_("Reino Unido"), "44",
    "^([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|GIR ?0AA)$", "SW1A 1AA" },
  { "DO", N_("República Dominicana"), "1", "^[0-9]{5}$", "10101" },
  { "RU", N_("Rusia"), "7", "^[0-9]{6}$", "101000" },
  { "SE", N_("Suecia"), "46", "^[0-9]{3} ?[0-9]{2}$", "111 22" },
  { "CH", N_("Suiza"), "41", "^[0-9]{4}$", "8001" },
  { "UY", N_("Uruguay"), "598", "^[0-9]{5}$", "11000" },
  { "VE", N_("Venezuela"), "58", "^[0-9]{4}$", "1010" },
};

const VtCountry *
vt_countries_get (guint *n_countries)
{
  if (n_countries != NULL)
    *n_countries = G_N_ELEMENTS (countries);

  return countries;
}

const VtCountry *
vt_country_lookup (const char *iso)
{
  if (iso == NULL)
    return NULL;

  /* Callers pass what a person or a definition file chose; accept "es" as well as "ES". */
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (g_ascii_strcasecmp (countries[i].iso, iso) == 0)
        return &countries[i];
    }

  return NULL;
}

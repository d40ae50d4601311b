/* vt-postal-formats.c — postal-code formats of the countries where they are well known.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-countries.h"

/* No Debian package carries postal-code formats (iso-codes has names, libphonenumber
 * numbers; CLDR dropped its postal data), so these few are written here. A format is given
 * only where it is national, in everyday use and well known; everywhere else the code is
 * free text, checked only for sane characters and length. Values reach the regex trimmed,
 * upper-cased and with inner runs of spaces collapsed. */
static const struct
{
  const char *iso;
  const char *regex;
  const char *example;
} formats[] = {
  { "AR", "^([A-Z][0-9]{4}[A-Z]{3}|[0-9]{4})$", "C1043AAZ" },
  { "AT", "^[0-9]{4}$", "1010" },
  { "AU", "^[0-9]{4}$", "2000" },
  { "BE", "^[0-9]{4}$", "1000" },
  { "BR", "^[0-9]{5}-?[0-9]{3}$", "01310-100" },
  { "CA", "^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$", "K1A 0B1" },
  { "CH", "^[0-9]{4}$", "8001" },
  { "CL", "^[0-9]{7}$", "8320000" },
  { "CN", "^[0-9]{6}$", "100000" },
  { "CO", "^[0-9]{6}$", "110111" },
  { "CR", "^[0-9]{5}$", "10101" },
  { "DE", "^[0-9]{5}$", "10115" },
  { "DK", "^[0-9]{4}$", "1050" },
  { "DO", "^[0-9]{5}$", "10101" },
  { "EC", "^[0-9]{6}$", "170150" },
  /* Spanish codes begin with the province number, 01 to 52. */
  { "ES", "^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$", "28001" },
  { "FI", "^[0-9]{5}$", "00100" },
  { "FR", "^[0-9]{5}$", "75001" },
  { "GB", "^([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|GIR ?0AA)$", "SW1A 1AA" },
  { "GT", "^[0-9]{5}$", "01001" },
  /* Eircode: a routing key (a letter and two digits, or D6W) and a four-character
   * identifier; the letters B, G, I, J, L, M, O, Q, S, U and Z are never used. */
  { "IE", "^([AC-FHKNPRTV-Y][0-9]{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$", "D02 X285" },
  { "IL", "^[0-9]{7}$", "6100000" },
  { "IT", "^[0-9]{5}$", "00184" },
  { "JP", "^[0-9]{3}-?[0-9]{4}$", "100-0001" },
  { "KR", "^[0-9]{5}$", "03187" },
  { "MN", "^[0-9]{5}$", "15160" },
  { "MX", "^[0-9]{5}$", "06000" },
  { "NL", "^[1-9][0-9]{3} ?[A-Z]{2}$", "1012 AB" },
  { "NO", "^[0-9]{4}$", "0150" },
  { "NZ", "^[0-9]{4}$", "6011" },
  { "PE", "^[0-9]{5}$", "15001" },
  { "PL", "^[0-9]{2}-?[0-9]{3}$", "00-950" },
  /* Puerto Rico uses ZIP codes of the United States, all of them in 006, 007 and 009. */
  { "PR", "^00[679][0-9]{2}(-[0-9]{4})?$", "00901" },
  { "PT", "^[0-9]{4}-[0-9]{3}$", "1000-001" },
  { "RU", "^[0-9]{6}$", "101000" },
  { "SE", "^[0-9]{3} ?[0-9]{2}$", "111 22" },
  { "US", "^[0-9]{5}(-[0-9]{4})?$", "10001" },
  { "UY", "^[0-9]{5}$", "11000" },
  { "VE", "^[0-9]{4}$", "1010" },
};

gboolean
vt_country_get_postal_format (const char  *iso,
                              const char **regex,
                              const char **example)
{
  for (guint i = 0; iso != NULL && i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (formats[i].iso, iso) == 0)
        {
          if (regex != NULL)
            *regex = formats[i].regex;
          if (example != NULL)
            *example = formats[i].example;
          return TRUE;
        }
    }
  return FALSE;
}

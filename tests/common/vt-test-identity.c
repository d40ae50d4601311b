/* vt-test-identity.c — synthetic identities for tests: never real people's data.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-identity.h"

#include <string.h>

/* Invented words, so that no generated person is anybody. */
static const char * const nombres[] = {
  "Prueba", "Muestra", "Ejemplo", "Ensayo", "Ficción", "Maqueta Ñandú", "Simulacro",
  "Boceto", "Borrador Áurea",
};

static const char * const apellidos[] = {
  "Sintética", "Ficticio", "Ejemplar", "Inventado", "De la Prueba", "D'Muestra",
  "Ensayo-Boceto", "Simulación", "Pruebañez",
};

/* Spanish provinces with the first two digits of their postal codes. */
static const struct
{
  const char *estado;
  const char *ciudad;
  const char *prefix;
} lugares_es[] = {
  { "Madrid", "Madrid", "28" },
  { "Barcelona", "Barcelona", "08" },
  { "Valencia", "Valencia", "46" },
  { "Murcia", "Murcia", "30" },
  { "Málaga", "Málaga", "29" },
  { "Illes Balears", "Palma", "07" },
  { "Navarra", "Pamplona", "31" },
  { "Zaragoza", "Zaragoza", "50" },
};

/* Written again here rather than shared with src/, so that the tests do not trust the code
 * they test. */
static int
check_digit (const char *digits)
{
  int sum = 0;

  for (guint i = 0; i < 9; i++)
    {
      int product = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);

      if (product > 9)
        product -= 9;
      sum += product;
    }

  return (10 - sum % 10) % 10;
}

static void
append_digits (GString *out,
               GRand   *rand,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, '0' + g_rand_int_range (rand, 0, 10));
}

static char
random_letter (GRand *rand)
{
  return 'A' + g_rand_int_range (rand, 0, 26);
}

char *
vt_test_cedula_new (GRand *rand)
{
  GString *out;

  g_return_val_if_fail (rand != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%02d", g_rand_int_range (rand, 1, 25));
  g_string_append_c (out, '0' + g_rand_int_range (rand, 0, 6));
  append_digits (out, rand, 6);
  g_string_append_c (out, '0' + check_digit (out->str));

  return g_string_free (out, FALSE);
}

char *
vt_test_cedula_corrupt (const char *valid,
                        GRand      *rand)
{
  char *corrupt;
  int digit;

  g_return_val_if_fail (valid != NULL && strlen (valid) == 10, NULL);
  g_return_val_if_fail (rand != NULL, NULL);

  /* Any other digit is wrong, since the check digit is a function of the first nine. */
  corrupt = g_strdup (valid);
  digit = (check_digit (valid) + g_rand_int_range (rand, 1, 10)) % 10;
  corrupt[9] = '0' + digit;

  return corrupt;
}

static char *
random_iso_date (GRand   *rand,
                 GDate   *date,
                 guint32  first_julian,
                 guint32  last_julian)
{
  g_date_set_julian (date, g_rand_int_range (rand, first_julian, last_julian + 1));

  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

VtTestPerson *
vt_test_person_new (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  VtTestPerson *person = g_new0 (VtTestPerson, 1);
  g_autoptr(GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 1945);
  g_autoptr(GDate) last = g_date_new_dmy (31, G_DATE_DECEMBER, 2005);
  g_autoptr(GDate) limit = g_date_new_dmy (31, G_DATE_DECEMBER, 2024);
  g_autoptr(GDate) date = g_date_new ();
  guint32 birth_julian;
  guint32 issue_first;
  guint32 issue_last;
  GString *out;
  guint lugar;

  person->nombres = g_strdup (nombres[g_rand_int_range (rand, 0, G_N_ELEMENTS (nombres))]);
  person->apellidos = g_strdup (apellidos[g_rand_int_range (rand, 0, G_N_ELEMENTS (apellidos))]);
  person->cedula = vt_test_cedula_new (rand);

  out = g_string_new (NULL);
  g_string_append_c (out, random_letter (rand));
  append_digits (out, rand, 4);
  g_string_append_c (out, random_letter (rand));
  append_digits (out, rand, 4);
  person->codigo_dactilar = g_string_free (out, FALSE);

  out = g_string_new (NULL);
  g_string_append_c (out, random_letter (rand));
  append_digits (out, rand, 8);
  person->pasaporte = g_string_free (out, FALSE);

  person->correo = g_strdup_printf ("prueba.%u@example.org", g_rand_int_range (rand, 0, 1000000));

  /* 098… and 099… are mobile ranges in libphonenumber's plan for Ecuador. */
  out = g_string_new (g_rand_boolean (rand) ? "099" : "098");
  append_digits (out, rand, 7);
  person->celular_ec = g_string_free (out, FALSE);

  out = g_string_new (NULL);
  g_string_append (out, "+346");
  append_digits (out, rand, 8);
  person->telefono_exterior = g_string_free (out, FALSE);

  /* Dates do not depend on today, so that a seed gives the same person every day; the issue
   * date falls between the 18th birthday and a fixed day in the past. */
  person->fecha_nacimiento = random_iso_date (rand, date,
                                              g_date_get_julian (first),
                                              g_date_get_julian (last));
  birth_julian = g_date_get_julian (date);
  g_date_add_years (date, 18);
  issue_first = g_date_get_julian (date);
  issue_last = MIN (issue_first + 15 * 365, g_date_get_julian (limit));
  g_assert (issue_first > birth_julian && issue_first <= issue_last);
  person->fecha_expedicion = random_iso_date (rand, date, issue_first, issue_last);

  lugar = g_rand_int_range (rand, 0, G_N_ELEMENTS (lugares_es));
  person->pais = g_strdup ("ES");
  person->estado = g_strdup (lugares_es[lugar].estado);
  person->ciudad = g_strdup (lugares_es[lugar].ciudad);
  out = g_string_new (lugares_es[lugar].prefix);
  append_digits (out, rand, 3);
  person->codigo_postal = g_string_free (out, FALSE);

  return person;
}

void
vt_test_person_free (VtTestPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->nombres);
  g_free (person->apellidos);
  g_free (person->cedula);
  g_free (person->codigo_dactilar);
  g_free (person->pasaporte);
  g_free (person->correo);
  g_free (person->celular_ec);
  g_free (person->telefono_exterior);
  g_free (person->fecha_nacimiento);
  g_free (person->fecha_expedicion);
  g_free (person->pais);
  g_free (person->estado);
  g_free (person->ciudad);
  g_free (person->codigo_postal);
  g_free (person);
}

void
vt_test_person_move_to (VtTestPerson *person,
                        const char   *iso)
{
  /* Invented addresses in real places; the numbers are the example numbers of each country's
   * plan, which are never assigned to anyone. */
  static const struct
  {
    const char *iso;
    const char *estado;
    const char *ciudad;
    const char *postal;
    const char *mobile;
  } places[] = {
    { "ES", "Madrid", "Madrid", "28013", "+34612345678" },
    { "MN", "Ulán Bator", "Ulán Bator", "15160", "+97688123456" },
    /* Ghana has no postal codes in everyday use; GhanaPost's digital address stands in. */
    { "GH", "Gran Acra", "Acra", "GA-183-8164", "+233231234567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      if (!g_str_equal (places[i].iso, iso))
        continue;
      g_free (person->pais);
      g_free (person->estado);
      g_free (person->ciudad);
      g_free (person->codigo_postal);
      g_free (person->telefono_exterior);
      person->pais = g_strdup (places[i].iso);
      person->estado = g_strdup (places[i].estado);
      person->ciudad = g_strdup (places[i].ciudad);
      person->codigo_postal = g_strdup (places[i].postal);
      person->telefono_exterior = g_strdup (places[i].mobile);
      return;
    }
  g_assert_not_reached ();
}

/* test-validators.c — the field validators and the country table.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-tests"

#include "vt-validators.h"

#include "vt-countries.h"
#include "vt-test-identity.h"

#include <string.h>

/* Every input below is synthetic: generated cédulas, invented names, example.org addresses,
 * numbers made of repeated or random digits. Printing them on failure is therefore fine. */

static const char * const all_validators[] = {
  "text", "name", "cedula", "passport", "foreigner-code", "email", "phone-e164", "mobile-ec",
  "landline-ec", "postal-code", "date-past", "date-after", "codigo-dactilar",
};

static void
assert_valid (const char *name,
              const char *text,
              const char *arg,
              const char *expected)
{
  g_autofree char *normalized = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = vt_validator_run (name, text, arg, &normalized, &message);
  if (!ok || (expected != NULL && g_strcmp0 (normalized, expected) != 0))
    g_test_message ("%s (“%s”, %s) → %s, normalized “%s”, message “%s”",
                    name, text, arg ? arg : "NULL", ok ? "valid" : "invalid",
                    normalized ? normalized : "(null)", message ? message : "(null)");

  g_assert_true (ok);
  g_assert_null (message);
  g_assert_nonnull (normalized);
  g_assert_true (g_utf8_validate (normalized, -1, NULL));
  if (expected != NULL)
    g_assert_cmpstr (normalized, ==, expected);
}

/* Returns the message, for the tests that compare messages. */
static char *
assert_invalid (const char *name,
                const char *text,
                const char *arg)
{
  g_autofree char *normalized = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = vt_validator_run (name, text, arg, &normalized, &message);
  if (ok)
    g_test_message ("%s (“%s”, %s) was accepted as “%s”",
                    name, text ? text : "(null)", arg ? arg : "NULL", normalized);

  g_assert_false (ok);
  g_assert_null (normalized);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_true (g_utf8_validate (message, -1, NULL));

  return g_steal_pointer (&message);
}

static void
reject (const char *name,
        const char *text,
        const char *arg)
{
  g_free (assert_invalid (name, text, arg));
}

/* A cédula with the given first nine digits and the right check digit, computed here by the
 * published rule so that a bug in the validator cannot hide in the test. */
static char *
cedula_with (const char *first_nine)
{
  int sum = 0;

  g_assert_cmpuint (strlen (first_nine), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      int product = (first_nine[i] - '0') * (i % 2 == 0 ? 2 : 1);

      sum += product > 9 ? product - 9 : product;
    }

  return g_strdup_printf ("%s%d", first_nine, (10 - sum % 10) % 10);
}

/* A date relative to today, in the format the kiosk shows (DD/MM/AAAA) or ISO. */
static char *
date_from_today (int      days,
                 gboolean iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, iso ? "%Y-%m-%d" : "%d/%m/%Y");
}

/* ------------------------------------------------------------------------------------------ */

static void
test_names (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_validators); i++)
    {
      gboolean needs = g_str_equal (all_validators[i], "postal-code") ||
                       g_str_equal (all_validators[i], "date-after");

      g_assert_true (vt_validator_exists (all_validators[i]));
      g_assert_cmpint (vt_validator_needs_arg (all_validators[i]), ==, needs);
    }

  g_assert_false (vt_validator_exists ("cédula"));
  g_assert_false (vt_validator_exists ("Cedula"));
  g_assert_false (vt_validator_exists (""));
  g_assert_false (vt_validator_exists (NULL));
  g_assert_false (vt_validator_needs_arg ("unknown"));
  g_assert_false (vt_validator_needs_arg (NULL));
}

static void
test_unknown (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *message = NULL;

      g_assert_false (vt_validator_run ("no-such-thing", "x", NULL, NULL, &message));
      g_assert_nonnull (message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Unknown validator*no-such-thing*");
}

static void
test_empty (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_validators); i++)
    {
      const char *name = all_validators[i];
      const char *arg = g_str_equal (name, "postal-code") ? "ES" : NULL;
      g_autofree char *normalized = g_strdup ("untouched");

      reject (name, NULL, arg);
      reject (name, "", arg);
      reject (name, "   ", arg);
      reject (name, " \t\n ", NULL);

      /* Neither out-parameter is required, and the unused one is left alone. */
      g_assert_false (vt_validator_run (name, "", arg, NULL, NULL));
      g_assert_false (vt_validator_run (name, "", arg, &normalized, NULL));
      g_assert_cmpstr (normalized, ==, "untouched");
    }
}

static void
test_text (void)
{
  assert_valid ("text", "  Vivo en el piso 3, puerta B  ", NULL, "Vivo en el piso 3, puerta B");
  assert_valid ("text", "Línea uno\nLínea dos\tcon tabulador", NULL,
                "Línea uno\nLínea dos\tcon tabulador");
  assert_valid ("text", "uno\r\ndos\rtres", NULL, "uno\ndos\ntres");
  assert_valid ("text", "¿Señal? ¡Sí! — «ñandú» 🙂", NULL, NULL);
  assert_valid ("text", "x", NULL, "x");

  reject ("text", "campana\a", NULL);
  reject ("text", "escape \x1b[31m", NULL);
  reject ("text", "borrar\x7f", NULL);
  reject ("text", "c1 \xc2\x85 control", NULL);
  reject ("text", "invalid \xff utf-8", NULL);
  reject ("text", "truncated \xc3", NULL);
  reject ("text", "\n\t\n", NULL);
}

static void
test_name (void)
{
  assert_valid ("name", "Prueba", NULL, "Prueba");
  assert_valid ("name", "  Maqueta   Ñandú  ", NULL, "Maqueta Ñandú");
  assert_valid ("name", "D'Muestra", NULL, "D'Muestra");
  assert_valid ("name", "D’Muestra", NULL, "D'Muestra");
  assert_valid ("name", "Ensayo-Boceto", NULL, "Ensayo-Boceto");
  assert_valid ("name", "Ejemplo J. Sintética", NULL, "Ejemplo J. Sintética");
  assert_valid ("name", "Öçüèâ Ïñ", NULL, "Öçüèâ Ïñ");
  assert_valid ("name", "Ab", NULL, "Ab");
  /* A decomposed accent is stored composed. */
  assert_valid ("name", "Sinte\xcc\x81tica", NULL, "Sintética");
  assert_valid ("name", "Prueba\xc2\xa0\xc2\xa0" "Ficticia", NULL, "Prueba Ficticia");

  {
    g_autofree char *longest = g_strnfill (100, 'a');
    g_autofree char *too_long = g_strnfill (101, 'a');

    assert_valid ("name", longest, NULL, longest);
    reject ("name", too_long, NULL);
  }

  reject ("name", "A", NULL);
  reject ("name", "ñ", NULL);
  reject ("name", "Prueba2", NULL);
  reject ("name", "Prueba_Sintética", NULL);
  reject ("name", "Prueba 🙂", NULL);
  reject ("name", "'-.", NULL);
  reject ("name", "Prueba\x01", NULL);
  reject ("name", "Prueba \xcc\x81", NULL);
  reject ("name", "Prueba\xff", NULL);
}

static void
test_cedula_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *cedula = vt_test_cedula_new (rand);
      g_autofree char *corrupt = vt_test_cedula_corrupt (cedula, rand);

      g_assert_cmpuint (strlen (cedula), ==, 10);
      assert_valid ("cedula", cedula, NULL, cedula);
      g_assert_cmpstr (corrupt, !=, cedula);
      g_assert_cmpint (memcmp (corrupt, cedula, 9), ==, 0);
      reject ("cedula", corrupt, NULL);
    }
}

static void
test_cedula_check_digit (void)
{
  g_autofree char *valid = cedula_with ("171234567");
  g_autofree char *message = NULL;

  assert_valid ("cedula", valid, NULL, valid);

  /* Every other final digit is wrong, and says so with the check-digit message. */
  for (char c = '0'; c <= '9'; c++)
    {
      g_autofree char *wrong = g_strdup (valid);

      if (c == valid[9])
        continue;
      wrong[9] = c;
      g_free (message);
      message = assert_invalid ("cedula", wrong, NULL);
      g_assert_nonnull (strstr (message, "revise los dígitos"));
    }

  /* Swapping two neighbouring digits is the commonest typing error. */
  {
    g_autofree char *swapped = cedula_with ("010000001");

    assert_valid ("cedula", swapped, NULL, NULL);
    swapped[3] = '1';
    swapped[8] = '0';
    reject ("cedula", swapped, NULL);
  }
}

static void
test_cedula_province (void)
{
  const char *accepted[] = { "01", "09", "10", "17", "24", "30" };
  const char *refused[] = { "00", "25", "26", "29", "31", "99" };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *nine = g_strconcat (accepted[i], "3456789", NULL);
      g_autofree char *cedula = cedula_with (nine);

      assert_valid ("cedula", cedula, NULL, cedula);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *nine = g_strconcat (refused[i], "3456789", NULL);
      g_autofree char *cedula = cedula_with (nine);

      reject ("cedula", cedula, NULL);
    }
}

static void
test_cedula_third_digit (void)
{
  for (char third = '0'; third <= '9'; third++)
    {
      char nine[] = "17X000000";
      g_autofree char *cedula = NULL;

      nine[2] = third;
      cedula = cedula_with (nine);
      if (third <= '5')
        assert_valid ("cedula", cedula, NULL, cedula);
      else
        reject ("cedula", cedula, NULL);
    }
}

static void
test_cedula_format (void)
{
  g_autofree char *valid = cedula_with ("091234567");
  g_autofree char *spaced = g_strdup_printf (" %.3s %.3s %.4s ", valid, valid + 3, valid + 6);
  g_autofree char *dashed = g_strdup_printf ("%.9s-%c", valid, valid[9]);
  g_autofree char *lettered = g_strdup_printf ("%.9sA", valid);
  g_autofree char *longer = g_strdup_printf ("%s0", valid);

  assert_valid ("cedula", spaced, NULL, valid);
  assert_valid ("cedula", dashed, NULL, valid);
  reject ("cedula", lettered, NULL);
  reject ("cedula", longer, NULL);
  reject ("cedula", valid + 1, NULL);
  reject ("cedula", "17.1234567", NULL);
  reject ("cedula", "１７１２３４５６７８", NULL);
}

static void
test_cedula_messages (void)
{
  g_autofree char *bad_check = NULL;
  g_autofree char *check_source = cedula_with ("171234567");
  char *messages[4];

  messages[0] = assert_invalid ("cedula", "17123", NULL);
  {
    g_autofree char *bad_province = cedula_with ("251234567");

    messages[1] = assert_invalid ("cedula", bad_province, NULL);
  }
  {
    g_autofree char *bad_third = cedula_with ("176234567");

    messages[2] = assert_invalid ("cedula", bad_third, NULL);
  }
  bad_check = g_strdup (check_source);
  bad_check[9] = bad_check[9] == '0' ? '1' : '0';
  messages[3] = assert_invalid ("cedula", bad_check, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (messages); j++)
      g_assert_cmpstr (messages[i], !=, messages[j]);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    g_free (messages[i]);
}

static void
test_passport (void)
{
  assert_valid ("passport", "a1234567", NULL, "A1234567");
  assert_valid ("passport", " AB 123 456 ", NULL, "AB123456");
  assert_valid ("passport", "123456", NULL, "123456");
  assert_valid ("passport", "ABCDEF123456", NULL, "ABCDEF123456");

  reject ("passport", "A1234", NULL);
  reject ("passport", "ABCDEF1234567", NULL);
  reject ("passport", "A-123456", NULL);
  reject ("passport", "Ñ1234567", NULL);
  reject ("passport", "A12345\xff", NULL);
}

static void
test_foreigner_code (void)
{
  assert_valid ("foreigner-code", "ab-12345", NULL, "AB-12345");
  assert_valid ("foreigner-code", "  X1234  ", NULL, "X1234");
  assert_valid ("foreigner-code", "12345678901234567890", NULL, NULL);

  reject ("foreigner-code", "X123", NULL);
  reject ("foreigner-code", "123456789012345678901", NULL);
  reject ("foreigner-code", "AB 12345", NULL);
  reject ("foreigner-code", "AB_12345", NULL);
  reject ("foreigner-code", "-----", NULL);
  reject ("foreigner-code", "ÁB12345", NULL);
}

static void
test_email (void)
{
  assert_valid ("email", "prueba@example.org", NULL, "prueba@example.org");
  assert_valid ("email", "  Prueba.Sintetica@Example.ORG ", NULL,
                "Prueba.Sintetica@example.org");
  assert_valid ("email", "a+etiqueta_1@correo.example.org", NULL, NULL);
  assert_valid ("email", "x@sub-dominio.example.ec", NULL, NULL);

  {
    g_autofree char *local64 = g_strnfill (64, 'a');
    g_autofree char *local65 = g_strnfill (65, 'a');
    g_autofree char *ok = g_strconcat (local64, "@example.org", NULL);
    g_autofree char *too_long = g_strconcat (local65, "@example.org", NULL);

    assert_valid ("email", ok, NULL, ok);
    reject ("email", too_long, NULL);
  }

  reject ("email", "prueba", NULL);
  reject ("email", "prueba@", NULL);
  reject ("email", "@example.org", NULL);
  reject ("email", "prueba@@example.org", NULL);
  reject ("email", "a@b@example.org", NULL);
  reject ("email", "prueba @example.org", NULL);
  reject ("email", "prueba@example", NULL);
  reject ("email", "prueba@example.", NULL);
  reject ("email", "prueba@.example.org", NULL);
  reject ("email", "prueba@example..org", NULL);
  reject ("email", "prueba@-example.org", NULL);
  reject ("email", "prueba@example-.org", NULL);
  reject ("email", "prueba@exa_mple.org", NULL);
  reject ("email", "prueba@192.168.0.1", NULL);
  reject ("email", "pruéba@example.org", NULL);
  reject ("email", "prueba@ejémplo.org", NULL);
  reject ("email", ".prueba@example.org", NULL);
  reject ("email", "prueba.@example.org", NULL);
  reject ("email", "pru..eba@example.org", NULL);
  reject ("email", "prueba@example.org\xff", NULL);
}

static void
test_phone_e164 (void)
{
  assert_valid ("phone-e164", "+34 612 345 678", NULL, "+34612345678");
  assert_valid ("phone-e164", "0034-612-345-678", NULL, "+34612345678");
  assert_valid ("phone-e164", "+1 (212) 555-0100", NULL, "+12125550100");
  assert_valid ("phone-e164", "(+39) 06 1234 5678", NULL, "+390612345678");
  assert_valid ("phone-e164", "+593 99 123 4567", NULL, "+593991234567");
  assert_valid ("phone-e164", "+44 20 7946 0000", NULL, "+442079460000");
  /* Every country libphonenumber knows, not a hand-written list: Mongolia and Ghana. */
  assert_valid ("phone-e164", "+976 8812 3456", NULL, "+97688123456");
  assert_valid ("phone-e164", "+233 24 123 4567", NULL, "+233241234567");
  /* Chile's mobiles have nine digits: eight are one short, whatever the old rule said. */
  reject ("phone-e164", "+56912345", NULL);
  reject ("phone-e164", "+598123456789012", NULL);

  /* No country has these calling codes in our table (and +0 none at all). */
  reject ("phone-e164", "+999 123 456 789", NULL);
  reject ("phone-e164", "+0 123 456 789", NULL);
  reject ("phone-e164", "+2 123 456 789", NULL);
  reject ("phone-e164", "+380 12 345 6789", NULL);

  reject ("phone-e164", "612 345 678", NULL);
  reject ("phone-e164", "0612345678", NULL);
  reject ("phone-e164", "+34 612", NULL);
  reject ("phone-e164", "+3461234", NULL);
  reject ("phone-e164", "+5981234567890123", NULL);
  reject ("phone-e164", "+34 612 ABC 678", NULL);
  reject ("phone-e164", "+34+612345678", NULL);
  reject ("phone-e164", "+", NULL);
}

static void
test_mobile_ec (void)
{
  assert_valid ("mobile-ec", "0991234567", NULL, "0991234567");
  assert_valid ("mobile-ec", "099 123 4567", NULL, "0991234567");
  assert_valid ("mobile-ec", "099-123-4567", NULL, "0991234567");
  assert_valid ("mobile-ec", "+593 99 123 4567", NULL, "0991234567");
  assert_valid ("mobile-ec", "+593991234567", NULL, "0991234567");
  assert_valid ("mobile-ec", "593991234567", NULL, "0991234567");
  assert_valid ("mobile-ec", "00593 99 123 4567", NULL, "0991234567");
  assert_valid ("mobile-ec", "+593 099 123 4567", NULL, "0991234567");

  reject ("mobile-ec", "022345678", NULL);
  reject ("mobile-ec", "+593 2 234 5678", NULL);
  reject ("mobile-ec", "099123456", NULL);
  reject ("mobile-ec", "09912345678", NULL);
  /* Without the trunk 0 it is still the same number, as libphonenumber reads it. */
  assert_valid ("mobile-ec", "991234567", NULL, "0991234567");
  reject ("mobile-ec", "0881234567", NULL);
  reject ("mobile-ec", "+34 612 345 678", NULL);
  reject ("mobile-ec", "0034612345678", NULL);
  reject ("mobile-ec", "099 ABC 4567", NULL);
  reject ("mobile-ec", "+59", NULL);
  reject ("mobile-ec", "+593", NULL);
}

static void
test_landline_ec (void)
{
  assert_valid ("landline-ec", "022345678", NULL, "022345678");
  assert_valid ("landline-ec", "02 234 5678", NULL, "022345678");
  assert_valid ("landline-ec", "(07) 234-5678", NULL, "072345678");
  assert_valid ("landline-ec", "+593 2 234 5678", NULL, "022345678");
  assert_valid ("landline-ec", "59342345678", NULL, "042345678");
  assert_valid ("landline-ec", "00593 3 234 5678", NULL, "032345678");

  reject ("landline-ec", "012345678", NULL);
  reject ("landline-ec", "082345678", NULL);
  reject ("landline-ec", "2345678", NULL);
  reject ("landline-ec", "0991234567", NULL);
  reject ("landline-ec", "+593 99 123 4567", NULL);
  reject ("landline-ec", "02234567", NULL);
  reject ("landline-ec", "0223456789", NULL);
  reject ("landline-ec", "+1 212 555 0100", NULL);
}

static void
test_postal_code_es (void)
{
  g_autofree char *message = NULL;

  assert_valid ("postal-code", "28001", "ES", "28001");
  assert_valid ("postal-code", " 08002 ", "ES", "08002");
  assert_valid ("postal-code", "52001", "es", "52001");

  reject ("postal-code", "2800", "ES");
  reject ("postal-code", "280011", "ES");
  reject ("postal-code", "00123", "ES");
  reject ("postal-code", "53001", "ES");
  reject ("postal-code", "28O01", "ES");
  assert_valid ("postal-code", "28001\n", "ES", "28001");
  reject ("postal-code", "280\n01", "ES");

  /* The message names the country and shows an example to copy. */
  message = assert_invalid ("postal-code", "ABC", "ES");
  g_assert_nonnull (strstr (message, "España"));
  g_assert_nonnull (strstr (message, "28001"));
}

static void
test_postal_code_countries (void)
{
  assert_valid ("postal-code", "10001", "US", "10001");
  assert_valid ("postal-code", "10001-1234", "US", "10001-1234");
  reject ("postal-code", "1000", "US");
  assert_valid ("postal-code", "sw1a  1aa", "GB", "SW1A 1AA");
  assert_valid ("postal-code", "M1 1AE", "GB", "M1 1AE");
  reject ("postal-code", "SW1A 1A", "GB");
  assert_valid ("postal-code", "k1a0b1", "CA", "K1A0B1");
  reject ("postal-code", "K1A 0B", "CA");
  assert_valid ("postal-code", "00184", "IT", "00184");
  assert_valid ("postal-code", "1012 ab", "NL", "1012 AB");
  reject ("postal-code", "0123 AB", "NL");
  assert_valid ("postal-code", "1000-001", "PT", "1000-001");
  reject ("postal-code", "1000001", "PT");
  assert_valid ("postal-code", "100-0001", "JP", "100-0001");
  assert_valid ("postal-code", "c1043aaz", "AR", "C1043AAZ");
  assert_valid ("postal-code", "1043", "AR", "1043");
  assert_valid ("postal-code", "170150", "EC", "170150");
  reject ("postal-code", "17015", "EC");
  assert_valid ("postal-code", "8320000", "CL", "8320000");
  assert_valid ("postal-code", "111 22", "SE", "111 22");
  assert_valid ("postal-code", "8001", "CH", "8001");
  reject ("postal-code", "80011", "CH");
}

static void
test_postal_code_free (void)
{
  /* Unknown country, no country, or a country without a format in our table. */
  assert_valid ("postal-code", "AB-12 3", "XX", "AB-12 3");
  assert_valid ("postal-code", " ab  12 ", NULL, "AB 12");
  assert_valid ("postal-code", "1", NULL, "1");
  assert_valid ("postal-code", "123456789012", "BO", "123456789012");
  assert_valid ("postal-code", "CP 1101", "SV", "CP 1101");

  reject ("postal-code", "1234567890123", "XX");
  reject ("postal-code", "12/34", NULL);
  reject ("postal-code", "ÁB12", NULL);
  reject ("postal-code", "--", NULL);
  reject ("postal-code", "12\xff", NULL);
}

static void
test_parse_date (void)
{
  struct
  {
    const char *text;
    int year, month, day;
  } good[] = {
    { "15/08/1985", 1985, 8, 15 },
    { "5/8/1985", 1985, 8, 5 },
    { "05-08-1985", 1985, 8, 5 },
    { "1985-08-15", 1985, 8, 15 },
    { " 29/02/2000 ", 2000, 2, 29 },
    { "31/12/1999", 1999, 12, 31 },
  };
  const char *bad[] = {
    "", "15/08/85", "15.08.1985", "15/08-1985", "1985/08/15", "15/8/1985x", "1985-8-150",
    "29/02/2023", "31/04/2020", "00/01/2000", "01/13/2000", "01/00/2000", "ayer",
    "15 / 08 / 1985", "015/08/1985",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDateTime) date = vt_parse_date (good[i].text);
      int year, month, day;

      g_assert_nonnull (date);
      g_date_time_get_ymd (date, &year, &month, &day);
      g_assert_cmpint (year, ==, good[i].year);
      g_assert_cmpint (month, ==, good[i].month);
      g_assert_cmpint (day, ==, good[i].day);
      g_assert_cmpint (g_date_time_get_hour (date), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDateTime) date = vt_parse_date (bad[i]);

      if (date != NULL)
        g_test_message ("“%s” was parsed", bad[i]);
      g_assert_null (date);
    }

  g_assert_null (vt_parse_date (NULL));
}

static void
test_date_past (void)
{
  g_autofree char *yesterday = date_from_today (-1, FALSE);
  g_autofree char *yesterday_iso = date_from_today (-1, TRUE);
  g_autofree char *today = date_from_today (0, FALSE);
  g_autofree char *tomorrow = date_from_today (1, FALSE);
  g_autofree char *next_year = date_from_today (366, TRUE);
  g_autofree char *not_a_day = NULL;
  g_autofree char *future = NULL;

  assert_valid ("date-past", "15/08/1985", NULL, "1985-08-15");
  assert_valid ("date-past", "5/8/1985", NULL, "1985-08-05");
  assert_valid ("date-past", "1985-08-15", NULL, "1985-08-15");
  assert_valid ("date-past", "29/02/2000", NULL, "2000-02-29");
  assert_valid ("date-past", "01/01/1900", NULL, "1900-01-01");
  assert_valid ("date-past", yesterday, NULL, yesterday_iso);

  not_a_day = assert_invalid ("date-past", "29/02/2023", NULL);
  reject ("date-past", "29/02/1900", NULL);
  reject ("date-past", "31/12/1899", NULL);
  reject ("date-past", "15/08/85", NULL);
  reject ("date-past", today, NULL);
  future = assert_invalid ("date-past", tomorrow, NULL);
  reject ("date-past", next_year, NULL);
  g_assert_cmpstr (not_a_day, !=, future);
}

static void
test_date_after (void)
{
  g_autofree char *today = date_from_today (0, FALSE);
  g_autofree char *today_iso = date_from_today (0, TRUE);
  g_autofree char *tomorrow = date_from_today (1, FALSE);
  g_autofree char *before = NULL;

  assert_valid ("date-after", "10/03/2010", "1985-08-15", "2010-03-10");
  assert_valid ("date-after", "1985-08-16", "1985-08-15", "1985-08-16");
  assert_valid ("date-after", "10/03/2010", NULL, "2010-03-10");
  /* An unreadable earlier date is reported by its own field, not here. */
  assert_valid ("date-after", "10/03/2010", "not a date", "2010-03-10");
  /* A document may have been issued today. */
  assert_valid ("date-after", today, "1985-08-15", today_iso);

  before = assert_invalid ("date-after", "01/01/1980", "1985-08-15");
  g_assert_nonnull (strstr (before, "nacimiento"));
  reject ("date-after", "15/08/1985", "1985-08-15");
  reject ("date-after", tomorrow, "1985-08-15");
  reject ("date-after", tomorrow, NULL);
  reject ("date-after", "29/02/2023", "1985-08-15");
  reject ("date-after", "31/12/1899", NULL);
}

static void
test_codigo_dactilar (void)
{
  assert_valid ("codigo-dactilar", "V4343V4444", NULL, "V4343V4444");
  assert_valid ("codigo-dactilar", "v4343v4444", NULL, "V4343V4444");
  assert_valid ("codigo-dactilar", " e 3331 i 2242 ", NULL, "E3331I2242");

  reject ("codigo-dactilar", "V4343V444", NULL);
  reject ("codigo-dactilar", "V4343V44444", NULL);
  reject ("codigo-dactilar", "43434V4444", NULL);
  reject ("codigo-dactilar", "V4343-V4444", NULL);
  reject ("codigo-dactilar", "VV343V4444", NULL);
  reject ("codigo-dactilar", "Ñ4343V4444", NULL);
}

static void
test_run_matches_direct (void)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (7);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (vt_validate_cedula (person->cedula, &a, NULL));
  g_assert_true (vt_validator_run ("cedula", person->cedula, NULL, &b, NULL));
  g_assert_cmpstr (a, ==, b);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);

  g_assert_true (vt_validate_postal_code (person->codigo_postal, "ES", &a, NULL));
  g_assert_true (vt_validator_run ("postal-code", person->codigo_postal, "ES", &b, NULL));
  g_assert_cmpstr (a, ==, b);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);

  g_assert_false (vt_validate_date_after ("01/01/1950", person->fecha_nacimiento, NULL, &a));
  g_assert_false (vt_validator_run ("date-after", "01/01/1950", person->fecha_nacimiento,
                                    NULL, &b));
  g_assert_cmpstr (a, ==, b);
}

static void
test_person (void)
{
  for (guint32 seed = 0; seed < 200; seed++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (seed);
      g_autoptr(VtTestPerson) again = vt_test_person_new (seed);
      g_autofree char *nombre_completo = g_strdup_printf ("%s %s", person->nombres,
                                                          person->apellidos);

      assert_valid ("name", person->nombres, NULL, person->nombres);
      assert_valid ("name", person->apellidos, NULL, person->apellidos);
      assert_valid ("name", nombre_completo, NULL, nombre_completo);
      assert_valid ("cedula", person->cedula, NULL, person->cedula);
      assert_valid ("codigo-dactilar", person->codigo_dactilar, NULL, person->codigo_dactilar);
      assert_valid ("passport", person->pasaporte, NULL, person->pasaporte);
      assert_valid ("email", person->correo, NULL, person->correo);
      g_assert_true (g_str_has_suffix (person->correo, "@example.org"));
      assert_valid ("mobile-ec", person->celular_ec, NULL, person->celular_ec);
      assert_valid ("phone-e164", person->telefono_exterior, NULL, person->telefono_exterior);
      g_assert_true (g_str_has_prefix (person->telefono_exterior, "+34"));
      assert_valid ("date-past", person->fecha_nacimiento, NULL, person->fecha_nacimiento);
      assert_valid ("date-after", person->fecha_expedicion, person->fecha_nacimiento,
                    person->fecha_expedicion);
      g_assert_cmpstr (person->pais, ==, "ES");
      assert_valid ("postal-code", person->codigo_postal, person->pais, person->codigo_postal);
      assert_valid ("text", person->estado, NULL, person->estado);
      assert_valid ("text", person->ciudad, NULL, person->ciudad);

      g_assert_cmpstr (person->cedula, ==, again->cedula);
      g_assert_cmpstr (person->correo, ==, again->correo);
      g_assert_cmpstr (person->fecha_expedicion, ==, again->fecha_expedicion);
    }
}

static char *
collation_key (const char *name)
{
  /* Good enough for these names: accents ignored, no "ch" or "ll" letters, as in the RAE's
   * current alphabet. The "C" locale still transliterates á to a. */
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  return g_ascii_strdown (ascii, -1);
}

static void
test_countries (void)
{
  const VtCountry *countries;
  guint n_countries;
  g_autoptr(GHashTable) isos = g_hash_table_new (g_str_hash, g_str_equal);
  const char *regex = NULL;
  const char *example = NULL;
  guint with_postal = 0;

  countries = vt_countries_get (&n_countries);
  g_assert_nonnull (countries);
  /* ISO 3166-1 as iso-codes has it: every country, not a selection. */
  g_assert_cmpuint (n_countries, >=, 240);

  for (guint i = 0; i < n_countries; i++)
    {
      const VtCountry *country = &countries[i];

      g_assert_cmpuint (strlen (country->iso), ==, 2);
      g_assert_true (g_ascii_isupper (country->iso[0]) && g_ascii_isupper (country->iso[1]));
      g_assert_true (g_hash_table_add (isos, (gpointer) country->iso));
      g_assert_true (vt_country_lookup (country->iso) == country);
      g_assert_true (g_utf8_validate (country->name_es, -1, NULL));
      g_assert_true (g_utf8_validate (country->name_en, -1, NULL));
      g_assert_cmpint (country->calling_code, >=, 0);
      g_assert_cmpint (country->calling_code, <, 1000);

      if (i > 0)
        {
          g_autofree char *previous = collation_key (countries[i - 1].name_es);
          g_autofree char *current = collation_key (country->name_es);

          if (strcmp (previous, current) > 0)
            g_test_message ("“%s” comes before “%s”", countries[i - 1].name_es, country->name_es);
          g_assert_cmpstr (previous, <=, current);
        }

      if (vt_country_get_postal_format (country->iso, &regex, &example))
        {
          g_autoptr(GRegex) compiled = NULL;
          g_autoptr(GError) error = NULL;

          compiled = g_regex_new (regex, 0, 0, &error);
          g_assert_no_error (error);
          g_assert_true (regex[0] == '^');
          g_assert_true (g_str_has_suffix (regex, "$"));
          assert_valid ("postal-code", example, country->iso, example);
          with_postal++;
        }
    }
  g_assert_cmpuint (with_postal, >=, 35);

  /* Spanish names come from iso-codes' translation, not from the English source. */
  g_assert_cmpstr (vt_country_lookup ("DE")->name_es, ==, "Alemania");
  g_assert_cmpstr (vt_country_lookup ("DE")->name_en, ==, "Germany");
  g_assert_cmpstr (vt_country_lookup ("MN")->name_es, ==, "Mongolia");
  g_assert_cmpstr (vt_country_lookup ("GH")->name_en, ==, "Ghana");
  /* Calling codes come from libphonenumber. */
  g_assert_cmpint (vt_country_lookup ("EC")->calling_code, ==, 593);
  g_assert_cmpint (vt_country_lookup ("MN")->calling_code, ==, 976);
  g_assert_cmpint (vt_country_lookup ("GH")->calling_code, ==, 233);
  g_assert_cmpint (vt_country_lookup ("US")->calling_code, ==, 1);

  g_assert_true (vt_country_lookup ("ec") == vt_country_lookup ("EC"));
  g_assert_null (vt_country_lookup ("XX"));
  g_assert_null (vt_country_lookup (""));
  g_assert_null (vt_country_lookup (NULL));
  g_assert_null (vt_country_lookup ("ESP"));
}

static void
test_provinces (void)
{
  g_autoptr(GPtrArray) provinces = vt_subdivisions_get ("EC", "Province");
  gboolean pichincha = FALSE;

  /* Ecuador's 24 provinces, in Spanish, from ISO 3166-2. */
  g_assert_cmpuint (provinces->len, ==, 24);
  for (guint i = 0; i < provinces->len; i++)
    {
      const VtSubdivision *province = g_ptr_array_index (provinces, i);

      g_assert_true (g_str_has_prefix (province->code, "EC-"));
      pichincha |= g_str_equal (province->code, "EC-P")
                   && g_str_equal (province->name, "Pichincha");
    }
  g_assert_true (pichincha);
}

static void
test_messages_distinct (void)
{
  /* Each of these failures needs its own advice; the same sentence for all would not help. */
  const struct
  {
    const char *name;
    const char *text;
    const char *arg;
  } groups[][4] = {
    {
      { "mobile-ec", "022345678", NULL },
      { "mobile-ec", "+34 612 345 678", NULL },
      { "mobile-ec", "0881234567", NULL },
      { "mobile-ec", "09A", NULL },
    },
    {
      { "phone-e164", "612345678", NULL },
      { "phone-e164", "+999123456789", NULL },
      { "phone-e164", "+34 612", NULL },
      { "phone-e164", "+34 6x", NULL },
    },
    {
      { "email", "prueba", NULL },
      { "email", "a@b@example.org", NULL },
      { "email", "prueba@example", NULL },
      { "email", "pru eba@example.org", NULL },
    },
    {
      { "date-past", "ayer", NULL },
      { "date-past", "30/02/2000", NULL },
      { "date-past", "01/01/1800", NULL },
      { "date-past", "01/01/9999", NULL },
    },
  };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      char *messages[4];

      for (guint i = 0; i < 4; i++)
        messages[i] = assert_invalid (groups[g][i].name, groups[g][i].text, groups[g][i].arg);

      for (guint i = 0; i < 4; i++)
        for (guint j = i + 1; j < 4; j++)
          g_assert_cmpstr (messages[i], !=, messages[j]);

      for (guint i = 0; i < 4; i++)
        g_free (messages[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* No setlocale (): in the C locale gettext returns the Spanish source strings even where a
   * catalogue is installed, and some tests look for words in the messages. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validators/names", test_names);
  g_test_add_func ("/validators/unknown", test_unknown);
  g_test_add_func ("/validators/empty", test_empty);
  g_test_add_func ("/validators/text", test_text);
  g_test_add_func ("/validators/name", test_name);
  g_test_add_func ("/validators/cedula/generated", test_cedula_generated);
  g_test_add_func ("/validators/cedula/check-digit", test_cedula_check_digit);
  g_test_add_func ("/validators/cedula/province", test_cedula_province);
  g_test_add_func ("/validators/cedula/third-digit", test_cedula_third_digit);
  g_test_add_func ("/validators/cedula/format", test_cedula_format);
  g_test_add_func ("/validators/cedula/messages", test_cedula_messages);
  g_test_add_func ("/validators/passport", test_passport);
  g_test_add_func ("/validators/foreigner-code", test_foreigner_code);
  g_test_add_func ("/validators/email", test_email);
  g_test_add_func ("/validators/phone-e164", test_phone_e164);
  g_test_add_func ("/validators/mobile-ec", test_mobile_ec);
  g_test_add_func ("/validators/landline-ec", test_landline_ec);
  g_test_add_func ("/validators/postal-code/es", test_postal_code_es);
  g_test_add_func ("/validators/postal-code/countries", test_postal_code_countries);
  g_test_add_func ("/validators/postal-code/free-text", test_postal_code_free);
  g_test_add_func ("/validators/date/parse", test_parse_date);
  g_test_add_func ("/validators/date-past", test_date_past);
  g_test_add_func ("/validators/date-after", test_date_after);
  g_test_add_func ("/validators/codigo-dactilar", test_codigo_dactilar);
  g_test_add_func ("/validators/run", test_run_matches_direct);
  g_test_add_func ("/validators/messages/distinct", test_messages_distinct);
  g_test_add_func ("/validators/countries", test_countries);
  g_test_add_func ("/validators/provinces", test_provinces);
  g_test_add_func ("/validators/test-person", test_person);

  return g_test_run ();
}

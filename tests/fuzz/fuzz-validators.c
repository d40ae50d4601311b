/* fuzz-validators.c — every validator against random and mutated input.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As a g_test program it runs a fixed number of inputs per validator from a seeded GRand, so a
 * failure is reproducible (VT_FUZZ_SEED and VT_FUZZ_ITERATIONS change the defaults). Built
 * with -DVT_LIBFUZZER -fsanitize=fuzzer it is instead a libFuzzer target checking the same
 * invariants:
 *
 *  - success: a normalized value (valid UTF-8) and no message; validating that value again
 *    succeeds and gives the same value (normalizing is idempotent);
 *  - failure: a non-empty, valid UTF-8 message and no normalized value;
 *  - the outcome does not depend on which out-parameters the caller asks for.
 *
 * All inputs are synthetic, so printing the failing one is fine.
 */

#define G_LOG_DOMAIN "vt-tests"

#include "vt-validators.h"

#include "vt-countries.h"
#include "vt-test-identity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char         *name;
  const char * const *args;
  guint               n_args;
  const char * const *seeds;
} FuzzTarget;

static const char * const no_args[] = { NULL };
static const char * const postal_args[] = { "ES", "GB", "CA", "US", "NL", "AR", "PT", "XX", NULL };
static const char * const date_args[] = {
  NULL, "1985-08-15", "29/02/2000", "1899-12-31", "not a date", "\xff",
};

/* Valid and nearly valid values to mutate; synthetic persons add more at run time. */
static const char * const text_seeds[] = {
  "Vivo en el piso 3", "Línea uno\nLínea dos", "¿Señal? ¡Sí!", "a\r\nb", NULL,
};
static const char * const name_seeds[] = {
  "Prueba Sintética", "D'Muestra", "Ensayo-Boceto J.", "Sinte\xcc\x81tica", "Ñandú", NULL,
};
static const char * const cedula_seeds[] = { "1710034065", "171 003 406-5", "3012345678", NULL };
static const char * const passport_seeds[] = { "A1234567", "ab 123 456", NULL };
static const char * const foreigner_seeds[] = { "AB-12345", "x1234", NULL };
static const char * const email_seeds[] = {
  "prueba@example.org", "Prueba.Sintetica@Example.ORG", "a+b_c@sub-dominio.example.ec", NULL,
};
static const char * const phone_seeds[] = {
  "+34 612 345 678", "0034612345678", "+1 (212) 555-0100", "+593 99 000 0000", NULL,
};
static const char * const mobile_seeds[] = {
  "0991234567", "+593 99 123 4567", "593991234567", "00593 099 123 4567", NULL,
};
static const char * const landline_seeds[] = {
  "022345678", "(07) 234-5678", "+593 2 234 5678", "59342345678", NULL,
};
static const char * const postal_seeds[] = {
  "28001", "SW1A 1AA", "k1a 0b1", "10001-1234", "1012 AB", "C1043AAZ", "1000-001", "AB-12 3",
  NULL,
};
static const char * const date_seeds[] = {
  "15/08/1985", "5/8/1985", "1985-08-15", "29/02/2000", "01/01/1900", "31-12-1999", NULL,
};
static const char * const dactilar_seeds[] = { "V4343V4444", "v4343 v4444", NULL };

#define ARGS(a) a, G_N_ELEMENTS (a)

static const FuzzTarget targets[] = {
  { "text", ARGS (no_args), text_seeds },
  { "name", ARGS (no_args), name_seeds },
  { "cedula", ARGS (no_args), cedula_seeds },
  { "passport", ARGS (no_args), passport_seeds },
  { "foreigner-code", ARGS (no_args), foreigner_seeds },
  { "email", ARGS (no_args), email_seeds },
  { "phone-e164", ARGS (no_args), phone_seeds },
  { "mobile-ec", ARGS (no_args), mobile_seeds },
  { "landline-ec", ARGS (no_args), landline_seeds },
  { "postal-code", ARGS (postal_args), postal_seeds },
  { "date-past", ARGS (no_args), date_seeds },
  { "date-after", ARGS (date_args), date_seeds },
  { "codigo-dactilar", ARGS (no_args), dactilar_seeds },
};

G_GNUC_NORETURN static void
invariant_failed (const char *what,
                  const char *name,
                  const char *text,
                  const char *arg)
{
  g_autofree char *escaped_text = text != NULL ? g_strescape (text, NULL) : NULL;
  g_autofree char *escaped_arg = arg != NULL ? g_strescape (arg, NULL) : NULL;

  g_printerr ("Invariant broken: %s\n  validator: %s\n  text: %s%s%s\n  arg: %s%s%s\n",
              what, name,
              text ? "\"" : "", text ? escaped_text : "NULL", text ? "\"" : "",
              arg ? "\"" : "", arg ? escaped_arg : "NULL", arg ? "\"" : "");
  abort ();
}

#define CHECK(cond, what) \
  G_STMT_START { if (G_UNLIKELY (!(cond))) invariant_failed (what, name, text, arg); } G_STMT_END

static void
check_invariants (const char *name,
                  const char *text,
                  const char *arg)
{
  g_autofree char *normalized = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = vt_validator_run (name, text, arg, &normalized, &message);

  if (ok)
    {
      g_autofree char *again = NULL;
      g_autofree char *again_message = NULL;

      CHECK (normalized != NULL, "success without a normalized value");
      CHECK (message == NULL, "success with a message");
      CHECK (normalized[0] != '\0', "success with an empty normalized value");
      CHECK (g_utf8_validate (normalized, -1, NULL), "normalized value is not valid UTF-8");

      CHECK (vt_validator_run (name, normalized, arg, &again, &again_message),
             "the normalized value does not validate");
      CHECK (again_message == NULL, "revalidation gave a message");
      CHECK (again != NULL && strcmp (again, normalized) == 0, "normalizing is not idempotent");

      if (g_str_has_prefix (name, "date-"))
        {
          g_autoptr(GDateTime) date = vt_parse_date (text);

          CHECK (date != NULL, "a valid date that vt_parse_date() does not parse");
        }
    }
  else
    {
      CHECK (normalized == NULL, "failure with a normalized value");
      CHECK (message != NULL, "failure without a message");
      CHECK (message[0] != '\0', "failure with an empty message");
      CHECK (g_utf8_validate (message, -1, NULL), "message is not valid UTF-8");
    }

  CHECK (vt_validator_run (name, text, arg, NULL, NULL) == ok,
         "the outcome depends on the out-parameters");
}

#ifdef VT_LIBFUZZER

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The first byte picks the validator, the second its argument, the rest is the text (up to
 * the first NUL, as a C string from a text field would be). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  const FuzzTarget *target;

  if (size < 2)
    return 0;

  target = &targets[data[0] % G_N_ELEMENTS (targets)];
  text = g_strndup ((const char *) data + 2, size - 2);
  check_invariants (target->name, text, target->args[data[1] % target->n_args]);

  return 0;
}

#else /* !VT_LIBFUZZER */

/* Pieces that tend to reach interesting branches: multi-byte letters, a lone combining accent,
 * the typographic apostrophe, non-breaking and ideographic spaces, truncated and invalid
 * UTF-8, control characters, prefixes of telephone numbers. */
static const char * const fragments[] = {
  "ñ", "Ñ", "é", "\xcc\x81", "’", "\xc2\xa0", "\xe3\x80\x80", "🙂", "\xff", "\xc3", "\xe2\x82",
  "\xed\xa0\x80", "\xc0\xaf", "\x01", "\x7f", "\xc2\x85", "\r", "\n", "\t", " ", "  ", "-", "+",
  "00", "593", "+593", "09", "0", "9", "@", ".", "..", "/", "'", "(", ")", "_", "1900", "2000",
  "29/02/", "-02-29", "30", "25", "V", "v",
};

static const char alphabet[] = "0123456789 +-()./@'_abcvxyzABCVXYZ\t\n";

static guint
env_uint (const char *variable,
          guint       fallback)
{
  const char *value = g_getenv (variable);
  guint64 parsed;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &parsed, NULL))
    return fallback;

  return (guint) parsed;
}

static char
random_byte (GRand *rand)
{
  /* Never NUL: the validators take C strings. */
  return (char) g_rand_int_range (rand, 1, 256);
}

static void
mutate (GString *s,
        GRand   *rand)
{
  guint pos = s->len > 0 ? g_rand_int_range (rand, 0, s->len + 1) : 0;
  guint at = s->len > 0 ? MIN (pos, s->len - 1) : 0;

  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0: /* Flip a digit, or put one in. */
    case 1:
      if (s->len == 0)
        g_string_append_c (s, '0' + g_rand_int_range (rand, 0, 10));
      else if (g_ascii_isdigit (s->str[at]))
        s->str[at] = '0' + (s->str[at] - '0' + g_rand_int_range (rand, 1, 10)) % 10;
      else
        s->str[at] = '0' + g_rand_int_range (rand, 0, 10);
      break;

    case 2:
      g_string_insert_c (s, pos, random_byte (rand));
      break;

    case 3:
      g_string_insert (s, pos, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
      break;

    case 4:
      if (s->len > 0)
        g_string_erase (s, at, 1);
      break;

    case 5: /* Truncate, possibly in the middle of a character. */
      g_string_truncate (s, pos);
      break;

    case 6: /* Repeat a piece. */
      if (s->len > 0)
        {
          guint len = g_rand_int_range (rand, 1, s->len - at + 1);
          g_autofree char *piece = g_strndup (s->str + at, len);

          g_string_insert (s, pos, piece);
        }
      break;

    case 7:
      if (s->len > 0)
        s->str[at] = g_ascii_isupper (s->str[at]) ? g_ascii_tolower (s->str[at])
                                                  : g_ascii_toupper (s->str[at]);
      break;

    case 8:
      if (s->len > 0)
        s->str[at] = random_byte (rand);
      break;

    case 9:
      if (s->len > 1 && at + 1 < s->len)
        {
          char c = s->str[at];

          s->str[at] = s->str[at + 1];
          s->str[at + 1] = c;
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
random_input (GString   *s,
              GRand     *rand,
              GPtrArray *seeds)
{
  guint kind = g_rand_int_range (rand, 0, 100);

  g_string_truncate (s, 0);

  if (kind < 15)
    {
      guint len = g_rand_int_range (rand, 0, 41);

      for (guint i = 0; i < len; i++)
        g_string_append_c (s, random_byte (rand));
    }
  else if (kind < 30)
    {
      guint len = g_rand_int_range (rand, 0, 31);

      for (guint i = 0; i < len; i++)
        {
          if (g_rand_int_range (rand, 0, 5) == 0)
            g_string_append (s, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
          else
            g_string_append_c (s, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
        }
    }
  else
    {
      guint n_mutations = kind < 35 ? 0 : g_rand_int_range (rand, 1, 5);

      g_string_assign (s, g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len)));
      for (guint i = 0; i < n_mutations; i++)
        mutate (s, rand);
    }
}

/* The static seeds of the target, plus the matching fields of a few synthetic persons. */
static GPtrArray *
collect_seeds (const FuzzTarget *target)
{
  GPtrArray *seeds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; target->seeds[i] != NULL; i++)
    g_ptr_array_add (seeds, g_strdup (target->seeds[i]));

  for (guint32 seed = 0; seed < 16; seed++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (seed);
      const char *name = target->name;
      const char *value = NULL;

      if (g_str_equal (name, "text"))
        value = person->ciudad;
      else if (g_str_equal (name, "name"))
        value = seed % 2 ? person->nombres : person->apellidos;
      else if (g_str_equal (name, "cedula"))
        value = person->cedula;
      else if (g_str_equal (name, "passport"))
        value = person->pasaporte;
      else if (g_str_equal (name, "email"))
        value = person->correo;
      else if (g_str_equal (name, "phone-e164"))
        value = person->telefono_exterior;
      else if (g_str_equal (name, "mobile-ec"))
        value = person->celular_ec;
      else if (g_str_equal (name, "postal-code"))
        value = person->codigo_postal;
      else if (g_str_equal (name, "date-past"))
        value = person->fecha_nacimiento;
      else if (g_str_equal (name, "date-after"))
        value = person->fecha_expedicion;
      else if (g_str_equal (name, "codigo-dactilar"))
        value = person->codigo_dactilar;

      if (value != NULL)
        g_ptr_array_add (seeds, g_strdup (value));
    }

  if (g_str_equal (target->name, "cedula"))
    {
      for (guint i = 0; i < 32; i++)
        g_ptr_array_add (seeds, vt_test_cedula_new (rand));
    }

  return seeds;
}

static void
test_fuzz (gconstpointer data)
{
  const FuzzTarget *target = data;
  guint iterations = env_uint ("VT_FUZZ_ITERATIONS", 100000);
  guint32 seed = env_uint ("VT_FUZZ_SEED", 20260101) ^ g_str_hash (target->name);
  g_autoptr(GPtrArray) seeds = collect_seeds (target);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GString) input = g_string_new (NULL);
  guint n_valid = 0;

  g_test_message ("%u inputs, GRand seed %u", iterations, seed);

  for (guint a = 0; a < target->n_args; a++)
    check_invariants (target->name, NULL, target->args[a]);

  for (guint i = 0; i < iterations; i++)
    {
      const char *arg = target->args[g_rand_int_range (rand, 0, target->n_args)];

      random_input (input, rand, seeds);
      check_invariants (target->name, input->str, arg);

      /* Counted apart so that a validator that accepts nothing shows up in the log. */
      if (vt_validator_run (target->name, input->str, arg, NULL, NULL))
        n_valid++;
    }

  g_test_message ("%u of %u inputs were valid", n_valid, iterations);
  g_assert_cmpuint (n_valid, >, 0);
  g_assert_cmpuint (n_valid, <, iterations);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strconcat ("/fuzz/validators/", targets[i].name, NULL);

      g_test_add_data_func (path, &targets[i], test_fuzz);
    }

  return g_test_run ();
}

#endif /* VT_LIBFUZZER */

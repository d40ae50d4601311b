/* vt-validators.c — checks for what a person types, with translated messages.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-procedures"

#include "vt-validators.h"
#include "vt-validators-private.h"

#include "vt-countries.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Everything that passes through here is personal data: nothing in this file logs a value,
 * and no message quotes what the person typed. */

#define MIN_YEAR_KEY 19000101

typedef enum
{
  DATE_PARSE_OK,
  DATE_PARSE_BAD_FORMAT,
  DATE_PARSE_NOT_A_DAY,
} DateParseResult;

/* ------------------------------------------------------------------------------------------ */
/* Free text and names                                                                          */

gboolean
vt_validate_text (const char  *text,
                  char       **normalized,
                  char       **message)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    return fail (message,
                 _("El texto tiene caracteres que no se pueden leer: bórrelos y escríbalos de "
                   "nuevo."));

  /* Pasted text may carry Windows or old Mac line ends; store plain newlines. */
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (out, p[0] == '\r' ? '\n' : p[0]);
    }

  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));

  if (out->len == 0)
    return fail (message, _("Este campo no puede quedar vacío: escriba la respuesta."));

  for (const char *p = out->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        return fail (message,
                     _("El texto tiene caracteres especiales que no se pueden guardar: bórrelos y "
                       "escriba solo letras, números y signos."));
    }

  return succeed (normalized, g_string_free (g_steal_pointer (&out), FALSE));
}

static gboolean
is_apostrophe (gunichar c)
{
  /* The typographic apostrophe and the modifier letter that phone keyboards produce. */
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

gboolean
vt_validate_name (const char  *text,
                  char       **normalized,
                  char       **message)
{
  g_autofree char *nfc = NULL;
  g_autoptr(GString) out = NULL;
  gboolean pending_space = FALSE;
  gboolean after_letter = FALSE;
  guint n_chars = 0;
  guint n_letters = 0;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    return fail (message,
                 _("El nombre tiene caracteres que no se pueden leer: bórrelo y escríbalo de "
                   "nuevo."));

  /* Composed form, so that an accent typed as a separate mark counts and compares as one
   * letter, like the same name typed on another keyboard. */
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  out = g_string_new (NULL);

  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          after_letter = FALSE;
          continue;
        }

      if (is_apostrophe (c))
        c = '\'';

      if (g_unichar_isalpha (c))
        {
          n_letters++;
          after_letter = TRUE;
        }
      else if (g_unichar_ismark (c) && after_letter && !pending_space)
        {
          /* An accent that NFC could not compose stays on its letter. */
        }
      else if (c == '\'' || c == '-' || c == '.')
        {
          after_letter = FALSE;
        }
      else
        {
          return fail (message,
                       _("El nombre solo puede tener letras, espacios, apóstrofos, guiones y "
                         "puntos: borre los números y otros signos."));
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    return fail (message, _("Escriba el nombre."));

  if (n_letters == 0)
    return fail (message, _("El nombre debe tener al menos una letra."));

  if (n_chars < 2)
    return fail (message, _("El nombre es demasiado corto: escríbalo completo."));

  if (n_chars > 100)
    return fail (message, _("El nombre es demasiado largo: puede tener hasta 100 caracteres."));

  return succeed (normalized, g_string_free (g_steal_pointer (&out), FALSE));
}

/* ------------------------------------------------------------------------------------------ */
/* Identity documents                                                                           */

/* The modulo-10 check digit of the Registro Civil: coefficients 2,1,2,1,… on the first nine
 * digits, nine subtracted from products above nine. */
static int
cedula_check_digit (const char *digits)
{
  int sum = 0;

  for (guint i = 0; i < 9; i++)
    {
      int product = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);

      sum += product > 9 ? product - 9 : product;
    }

  return (10 - sum % 10) % 10;
}

gboolean
vt_validate_cedula (const char  *text,
                    char       **normalized,
                    char       **message)
{
  g_autofree char *digits = copy_without (text != NULL ? text : "", " -");
  int province;

  if (digits[0] == '\0')
    return fail (message, _("Escriba el número de cédula."));

  if (strlen (digits) != 10 || !all_ascii_digits (digits))
    return fail (message,
                 _("La cédula tiene 10 dígitos, sin letras: revise que no falte ni sobre "
                   "ninguno."));

  province = (digits[0] - '0') * 10 + (digits[1] - '0');
  if (!((province >= 1 && province <= 24) || province == 30))
    return fail (message,
                 _("Los dos primeros dígitos de la cédula, que indican la provincia, no son "
                   "válidos: revíselos."));

  if (digits[2] > '5')
    return fail (message,
                 _("El tercer dígito de la cédula no es válido (debe ser del 0 al 5): "
                   "revíselo."));

  if (cedula_check_digit (digits) != digits[9] - '0')
    return fail (message,
                 _("El número de cédula no es válido: revise los dígitos, sobre todo el "
                   "último."));

  return succeed (normalized, g_steal_pointer (&digits));
}

gboolean
vt_validate_passport (const char  *text,
                      char       **normalized,
                      char       **message)
{
  g_autofree char *compact = copy_without (text != NULL ? text : "", " ");
  gsize len;

  if (compact[0] == '\0')
    return fail (message, _("Escriba el número de pasaporte."));

  for (const char *p = compact; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return fail (message,
                     _("El número de pasaporte solo puede tener letras sin tildes y números: "
                       "borre los signos."));
    }

  len = strlen (compact);
  if (len < 6 || len > 12)
    return fail (message,
                 _("El número de pasaporte tiene entre 6 y 12 letras y números: revise que no "
                   "falte ni sobre ninguno."));

  return succeed (normalized, g_ascii_strup (compact, -1));
}

gboolean
vt_validate_foreigner_code (const char  *text,
                            char       **normalized,
                            char       **message)
{
  g_autofree char *code = g_strstrip (g_strdup (text != NULL ? text : ""));
  gboolean has_alnum = FALSE;
  gsize len;

  if (code[0] == '\0')
    return fail (message, _("Escriba el código de extranjero."));

  /* The institute publishes no format, so only the alphabet and the length are checked. */
  for (const char *p = code; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        has_alnum = TRUE;
      else if (*p != '-')
        return fail (message,
                     _("El código de extranjero solo puede tener letras sin tildes, números y "
                       "guiones: borre los espacios y otros signos."));
    }

  len = strlen (code);
  if (len < 5 || len > 20 || !has_alnum)
    return fail (message,
                 _("El código de extranjero tiene entre 5 y 20 letras, números o guiones: "
                   "revíselo en su documento."));

  return succeed (normalized, g_ascii_strup (code, -1));
}

gboolean
vt_validate_codigo_dactilar (const char  *text,
                             char       **normalized,
                             char       **message)
{
  g_autofree char *code = copy_without (text != NULL ? text : "", " ");
  gboolean ok;

  if (code[0] == '\0')
    return fail (message, _("Escriba el código dactilar."));

  /* A letter, four digits, a letter, four digits: V4343V4444. */
  ok = strlen (code) == 10;
  for (guint i = 0; ok && i < 10; i++)
    {
      if (i == 0 || i == 5)
        ok = g_ascii_isalpha (code[i]);
      else
        ok = g_ascii_isdigit (code[i]);
    }

  if (!ok)
    return fail (message,
                 _("El código dactilar tiene una letra, cuatro números, una letra y cuatro "
                   "números (por ejemplo, V4343V4444): cópielo del reverso de su cédula."));

  return succeed (normalized, g_ascii_strup (code, -1));
}

/* ------------------------------------------------------------------------------------------ */
/* Dates                                                                                        */

/* Reads a group of one to @max_len digits; returns its length, 0 when there is none or it is
 * too long. */
static guint
read_number (const char **p,
             guint        max_len,
             int         *value)
{
  guint len = 0;

  *value = 0;
  while (g_ascii_isdigit ((*p)[0]))
    {
      if (++len > max_len)
        return 0;
      *value = *value * 10 + ((*p)[0] - '0');
      (*p)++;
    }

  return len;
}

static DateParseResult
parse_date_parts (const char *text,
                  int        *year,
                  int        *month,
                  int        *day)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *p = trimmed;
  int first, second, third;
  guint first_len, second_len, third_len;
  char separator;

  first_len = read_number (&p, 4, &first);
  if (first_len == 0 || (*p != '/' && *p != '-'))
    return DATE_PARSE_BAD_FORMAT;
  separator = *p++;

  second_len = read_number (&p, 2, &second);
  if (second_len == 0 || *p++ != separator)
    return DATE_PARSE_BAD_FORMAT;

  third_len = read_number (&p, 4, &third);
  if (third_len == 0 || *p != '\0')
    return DATE_PARSE_BAD_FORMAT;

  /* Years always have four digits: a two-digit year would be a guess about the century. */
  if (first_len == 4 && separator == '-' && third_len <= 2)
    {
      *year = first;
      *month = second;
      *day = third;
    }
  else if (first_len <= 2 && third_len == 4)
    {
      *year = third;
      *month = second;
      *day = first;
    }
  else
    {
      return DATE_PARSE_BAD_FORMAT;
    }

  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 ||
      !g_date_valid_dmy (*day, *month, *year))
    return DATE_PARSE_NOT_A_DAY;

  return DATE_PARSE_OK;
}

GDateTime *
vt_parse_date (const char *text)
{
  int year, month, day;

  if (parse_date_parts (text, &year, &month, &day) != DATE_PARSE_OK)
    return NULL;

  return g_date_time_new_local (year, month, day, 0, 0, 0.0);
}

static int
date_key (int year,
          int month,
          int day)
{
  return year * 10000 + month * 100 + day;
}

static int
today_key (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);

  return date_key (year, month, day);
}

/* The checks both date validators share; on success *key holds the date as YYYYMMDD. */
static gboolean
check_date (const char  *text,
            int         *key,
            char       **message)
{
  int year, month, day;

  switch (parse_date_parts (text, &year, &month, &day))
    {
    case DATE_PARSE_OK:
      break;
    case DATE_PARSE_BAD_FORMAT:
      if (text == NULL || text[strspn (text, " \t\n\r\f\v")] == '\0')
        return fail (message, _("Escriba la fecha como día/mes/año, por ejemplo 15/08/1985."));
      return fail (message,
                   _("Escriba la fecha como día/mes/año, con el año completo: por ejemplo, "
                     "15/08/1985."));
    case DATE_PARSE_NOT_A_DAY:
      return fail (message, _("Esa fecha no existe en el calendario: revise el día y el mes."));
    default:
      g_assert_not_reached ();
    }

  *key = date_key (year, month, day);
  if (*key < MIN_YEAR_KEY)
    return fail (message, _("La fecha es demasiado antigua: revise el año."));

  return TRUE;
}

static char *
format_date_key (int key)
{
  return g_strdup_printf ("%04d-%02d-%02d", key / 10000, key / 100 % 100, key % 100);
}

gboolean
vt_validate_date_past (const char  *text,
                       char       **normalized,
                       char       **message)
{
  int key;

  if (!check_date (text, &key, message))
    return FALSE;

  if (key >= today_key ())
    return fail (message, _("La fecha debe ser anterior a la de hoy: revise el año."));

  return succeed (normalized, format_date_key (key));
}

/* Unlike vt_validate_date_past(), today is accepted: a document can be issued on the day the
 * person comes to the kiosk. */
gboolean
vt_validate_date_after (const char  *text,
                        const char  *earlier_iso,
                        char       **normalized,
                        char       **message)
{
  int key;
  int year, month, day;

  if (!check_date (text, &key, message))
    return FALSE;

  if (key > today_key ())
    return fail (message, _("La fecha no puede ser posterior a la de hoy: revise el año."));

  /* An unreadable earlier date is its own field's problem, reported there. */
  if (earlier_iso != NULL &&
      parse_date_parts (earlier_iso, &year, &month, &day) == DATE_PARSE_OK &&
      key <= date_key (year, month, day))
    return fail (message,
                 _("La fecha de expedición debe ser posterior a la fecha de nacimiento: revise "
                   "las dos."));

  return succeed (normalized, format_date_key (key));
}

/* ------------------------------------------------------------------------------------------ */
/* Dispatch by name                                                                             */

typedef gboolean (*PlainValidator) (const char  *text,
                                    char       **normalized,
                                    char       **message);
typedef gboolean (*ArgValidator)   (const char  *text,
                                    const char  *arg,
                                    char       **normalized,
                                    char       **message);

static const struct
{
  const char     *name;
  PlainValidator  plain;
  ArgValidator    with_arg;
} validators[] = {
  { "text", vt_validate_text, NULL },
  { "name", vt_validate_name, NULL },
  { "cedula", vt_validate_cedula, NULL },
  { "passport", vt_validate_passport, NULL },
  { "foreigner-code", vt_validate_foreigner_code, NULL },
  { "email", vt_validate_email, NULL },
  { "phone-e164", vt_validate_phone_e164, NULL },
  { "mobile-ec", vt_validate_mobile_ec, NULL },
  { "landline-ec", vt_validate_landline_ec, NULL },
  { "postal-code", NULL, vt_validate_postal_code },
  { "date-past", vt_validate_date_past, NULL },
  { "date-after", NULL, vt_validate_date_after },
  { "codigo-dactilar", vt_validate_codigo_dactilar, NULL },
};

static int
find_validator (const char *name)
{
  if (name == NULL)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (validators); i++)
    {
      if (strcmp (validators[i].name, name) == 0)
        return i;
    }

  return -1;
}

gboolean
vt_validator_exists (const char *name)
{
  return find_validator (name) >= 0;
}

gboolean
vt_validator_needs_arg (const char *name)
{
  int i = find_validator (name);

  return i >= 0 && validators[i].with_arg != NULL;
}

gboolean
vt_validator_run (const char  *name,
                  const char  *text,
                  const char  *arg,
                  char       **normalized,
                  char       **message)
{
  int i;

  g_return_val_if_fail (name != NULL, FALSE);

  i = find_validator (name);
  if (i < 0)
    {
      /* The loader rejects unknown names, so this is a programming error; still give the
       * person a sentence rather than an empty error. */
      g_critical ("Unknown validator “%s”", name);
      return fail (message, _("No se pudo comprobar este dato: pida ayuda al personal."));
    }

  if (validators[i].with_arg != NULL)
    return validators[i].with_arg (text, arg, normalized, message);

  return validators[i].plain (text, normalized, message);
}

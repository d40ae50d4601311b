/* vt-validators-contact.c — e-mail addresses, telephone numbers and postal codes.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-procedures"

#include "vt-validators.h"
#include "vt-validators-private.h"

#include "vt-countries.h"

#include <glib/gi18n-lib.h>

/* Everything that passes through here is personal data: nothing in this file logs a value,
 * and no message quotes what the person typed. */

typedef enum
{
  EC_NUMBER_OK,
  EC_NUMBER_BAD_CHARS,
  EC_NUMBER_FOREIGN,
  EC_NUMBER_INCOMPLETE,
} EcNumberResult;

/* ------------------------------------------------------------------------------------------ */
/* E-mail                                                                                       */

static gboolean
is_local_part_char (char c)
{
  /* RFC 5322 "atext" and the dot; quoted local parts are not worth supporting here. */
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+/=?^_`{|}~-.", c) != NULL);
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;
  const char *tld;

  if (strlen (domain) > 253)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  n_labels = g_strv_length (labels);
  if (n_labels < 2)
    return FALSE;

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      for (const char *p = label; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
        }
    }

  /* A top-level domain is never all digits: that would be an address, not a domain. */
  tld = labels[n_labels - 1];
  return strlen (tld) >= 2 && !all_ascii_digits (tld);
}

gboolean
vt_validate_email (const char  *text,
                   char       **normalized,
                   char       **message)
{
  g_autofree char *address = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *domain = NULL;
  const char *at;
  gsize local_len;

  if (address[0] == '\0')
    return fail (message, _("Escriba su correo electrónico."));

  for (const char *p = address; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return fail (message, _("El correo no puede tener espacios: bórrelos."));
    }

  at = strchr (address, '@');
  if (at == NULL)
    return fail (message,
                 _("Al correo le falta la arroba (@): escríbalo completo, por ejemplo "
                   "nombre@dominio.com."));

  if (strchr (at + 1, '@') != NULL)
    return fail (message, _("El correo solo puede tener una arroba (@): revíselo."));

  local_len = at - address;
  if (local_len == 0 || local_len > 64)
    return fail (message,
                 _("La parte del correo antes de la arroba (@) falta o es demasiado larga: "
                   "revísela."));

  for (const char *p = address; p < at; p++)
    {
      if (!is_local_part_char (*p))
        return fail (message,
                     _("La parte del correo antes de la arroba (@) tiene letras con tilde u "
                       "otros signos que no se admiten: revísela."));
    }

  if (address[0] == '.' || at[-1] == '.' || g_strstr_len (address, local_len, "..") != NULL)
    return fail (message,
                 _("La parte del correo antes de la arroba (@) no puede empezar ni terminar con "
                   "punto, ni tener dos puntos seguidos: revísela."));

  if (!is_valid_domain (at + 1))
    return fail (message,
                 _("La parte del correo después de la arroba (@) no es válida: revísela, por "
                   "ejemplo dominio.com."));

  domain = g_ascii_strdown (at + 1, -1);

  return succeed (normalized, g_strdup_printf ("%.*s@%s", (int) local_len, address, domain));
}

/* ------------------------------------------------------------------------------------------ */
/* Telephone numbers                                                                            */

#define PHONE_SEPARATORS " -()."

static gboolean
is_known_calling_code (const char *digits)
{
  const VtCountry *countries;
  guint n_countries;

  countries = vt_countries_get (&n_countries);
  for (guint i = 0; i < n_countries; i++)
    {
      if (g_str_has_prefix (digits, countries[i].calling_code))
        return TRUE;
    }

  return FALSE;
}

gboolean
vt_validate_phone_e164 (const char  *text,
                        char       **normalized,
                        char       **message)
{
  g_autofree char *compact = copy_without (text != NULL ? text : "", PHONE_SEPARATORS);
  const char *digits;
  gsize len;

  if (compact[0] == '\0')
    return fail (message, _("Escriba el número de teléfono."));

  if (compact[0] == '+')
    digits = compact + 1;
  else if (g_str_has_prefix (compact, "00"))
    digits = compact + 2;
  else
    return fail (message,
                 _("Escriba el número con el código del país, empezando por + (por ejemplo, "
                   "+34 para España)."));

  if (!all_ascii_digits (digits))
    return fail (message,
                 _("El número solo puede tener dígitos después del +, con espacios o guiones si "
                   "quiere: borre las letras y otros signos."));

  len = strlen (digits);
  if (len < 8 || len > 15)
    return fail (message,
                 _("El número debe tener entre 8 y 15 dígitos contando el código del país: "
                   "revise que no falte ni sobre ninguno."));

  if (!is_known_calling_code (digits))
    return fail (message,
                 _("El código de país del número no es conocido: revise los dígitos que siguen "
                   "al +."));

  return succeed (normalized, g_strconcat ("+", digits, NULL));
}

/* Reduces an Ecuadorian number typed in any of the usual forms (0…, +593…, 00593…, 593…) to
 * its national form with the trunk 0. A "0" mistakenly kept after +593 is accepted. */
static EcNumberResult
ec_national_number (const char  *text,
                    char       **national)
{
  g_autofree char *compact = copy_without (text, PHONE_SEPARATORS);
  const char *digits = compact;
  gboolean international = FALSE;

  if (digits[0] == '+')
    {
      digits++;
      international = TRUE;
    }

  if (!all_ascii_digits (digits))
    return EC_NUMBER_BAD_CHARS;

  if (!international && g_str_has_prefix (digits, "00"))
    {
      digits += 2;
      international = TRUE;
    }

  /* National numbers begin with 0, so digits that begin with 593 can only be the country. */
  if (g_str_has_prefix (digits, "593"))
    {
      digits += 3;
      international = TRUE;
    }
  else if (international)
    {
      /* Every calling code has at most three digits: fewer cannot be told apart yet. */
      return strlen (digits) >= 3 ? EC_NUMBER_FOREIGN : EC_NUMBER_INCOMPLETE;
    }

  if (international && digits[0] != '0')
    *national = g_strconcat ("0", digits, NULL);
  else
    *national = g_strdup (digits);

  return EC_NUMBER_OK;
}

gboolean
vt_validate_mobile_ec (const char  *text,
                       char       **normalized,
                       char       **message)
{
  g_autofree char *national = NULL;
  gsize len;

  if (text == NULL)
    text = "";

  switch (ec_national_number (text, &national))
    {
    case EC_NUMBER_OK:
      break;
    case EC_NUMBER_INCOMPLETE:
      /* An unfinished prefix such as "+59" gets the general message below. */
      national = g_strdup ("+");
      break;
    case EC_NUMBER_BAD_CHARS:
      return fail (message,
                   _("El número de celular solo puede tener dígitos, con espacios o guiones si "
                     "quiere: borre las letras y otros signos."));
    case EC_NUMBER_FOREIGN:
      return fail (message,
                   _("Este número es de otro país: aquí escriba un celular de Ecuador, que "
                     "empieza por 09."));
    default:
      g_assert_not_reached ();
    }

  if (national[0] == '\0')
    return fail (message, _("Escriba el número de celular."));

  len = strlen (national);
  if (len == 10 && national[0] == '0' && national[1] == '9')
    return succeed (normalized, g_steal_pointer (&national));

  if (len == 9 && national[0] == '0' && national[1] >= '2' && national[1] <= '7')
    return fail (message,
                 _("Este número parece un teléfono fijo: escriba un celular, que tiene 10 dígitos "
                   "y empieza por 09."));

  return fail (message,
               _("El celular tiene 10 dígitos y empieza por 09: revise que no falte ni sobre "
                 "ninguno."));
}

gboolean
vt_validate_landline_ec (const char  *text,
                         char       **normalized,
                         char       **message)
{
  g_autofree char *national = NULL;
  gsize len;

  if (text == NULL)
    text = "";

  switch (ec_national_number (text, &national))
    {
    case EC_NUMBER_OK:
      break;
    case EC_NUMBER_INCOMPLETE:
      /* An unfinished prefix such as "+59" gets the general message below. */
      national = g_strdup ("+");
      break;
    case EC_NUMBER_BAD_CHARS:
      return fail (message,
                   _("El número de teléfono solo puede tener dígitos, con espacios o guiones si "
                     "quiere: borre las letras y otros signos."));
    case EC_NUMBER_FOREIGN:
      return fail (message,
                   _("Este número es de otro país: aquí escriba un teléfono fijo de Ecuador."));
    default:
      g_assert_not_reached ();
    }

  if (national[0] == '\0')
    return fail (message, _("Escriba el número de teléfono fijo."));

  len = strlen (national);
  if (len == 9 && national[0] == '0' && national[1] >= '2' && national[1] <= '7')
    return succeed (normalized, g_steal_pointer (&national));

  if (len == 10 && national[0] == '0' && national[1] == '9')
    return fail (message,
                 _("Este número parece un celular: escriba un teléfono fijo, con el código de "
                   "provincia (del 02 al 07) y los siete dígitos."));

  if (len == 7 && national[0] != '0')
    return fail (message,
                 _("Falta el código de provincia: escriba delante del número el código, del 02 "
                   "al 07 (por ejemplo, 02 para Pichincha)."));

  return fail (message,
               _("El teléfono fijo tiene el código de provincia (del 02 al 07) y siete dígitos: "
                 "revise que no falte ni sobre ninguno."));
}

/* ------------------------------------------------------------------------------------------ */
/* Postal codes                                                                                 */

/* Compiled once, in the order of the country table; NULL where the country has no format. */
static GRegex **postal_regexes;

static GRegex *
postal_regex_for (const VtCountry *country)
{
  static gsize initialized = 0;
  const VtCountry *countries;
  guint n_countries;
  gsize index;

  countries = vt_countries_get (&n_countries);

  if (g_once_init_enter (&initialized))
    {
      GRegex **regexes = g_new0 (GRegex *, n_countries);

      for (guint i = 0; i < n_countries; i++)
        {
          g_autoptr(GError) error = NULL;

          if (countries[i].postal_regex == NULL)
            continue;

          regexes[i] = g_regex_new (countries[i].postal_regex, G_REGEX_DOLLAR_ENDONLY, 0, &error);
          if (regexes[i] == NULL)
            g_critical ("The postal code pattern of %s does not compile: %s",
                        countries[i].iso, error->message);
        }

      postal_regexes = regexes;
      g_once_init_leave (&initialized, 1);
    }

  index = country - countries;
  g_assert (index < n_countries);

  return postal_regexes[index];
}

gboolean
vt_validate_postal_code (const char  *text,
                         const char  *country_iso,
                         char       **normalized,
                         char       **message)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GString) code = NULL;
  const VtCountry *country;
  GRegex *regex = NULL;
  gboolean has_alnum = FALSE;

  if (trimmed[0] == '\0')
    return fail (message, _("Escriba el código postal."));

  code = g_string_new (NULL);
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == ' ')
        {
          if (code->len > 0 && code->str[code->len - 1] != ' ')
            g_string_append_c (code, ' ');
        }
      else if (g_ascii_isalnum (*p) || *p == '-')
        {
          has_alnum |= g_ascii_isalnum (*p);
          g_string_append_c (code, g_ascii_toupper (*p));
        }
      else
        {
          return fail (message,
                       _("El código postal solo puede tener letras sin tildes, números, espacios y "
                         "guiones: borre los otros signos."));
        }
    }

  country = vt_country_lookup (country_iso);
  if (country != NULL)
    regex = postal_regex_for (country);

  if (regex != NULL)
    {
      if (!g_regex_match (regex, code->str, 0, NULL))
        return fail_take (message,
                          g_strdup_printf (_("El código postal no tiene el formato de %s (por "
                                             "ejemplo, %s): revíselo."),
                                           _(country->name),
                                           country->postal_example != NULL
                                             ? country->postal_example : "—"));
    }
  else if (!has_alnum)
    {
      return fail (message, _("El código postal debe tener al menos una letra o un número."));
    }
  else if (code->len > 12)
    {
      return fail (message,
                   _("El código postal es demasiado largo: puede tener hasta 12 letras, números, "
                     "espacios o guiones."));
    }

  return succeed (normalized, g_string_free (g_steal_pointer (&code), FALSE));
}

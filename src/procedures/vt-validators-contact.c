/* vt-validators-contact.c — e-mail addresses, telephone numbers and postal codes.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vt-procedures"

#include "vt-validators.h"
#include "vt-validators-private.h"

#include "vt-countries.h"
#include "vt-phone.h"

#include <glib/gi18n-lib.h>

/* Everything that passes through here is personal data: nothing in this file logs a value,
 * and no message quotes what the person typed. */

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
/* Telephone numbers: libphonenumber knows every country's plan (vt-phone.cc)                   */

static gboolean
fail_phone (char          **message,
            VtPhoneResult   result,
            const char     *what)
{
  switch (result)
    {
    case VT_PHONE_NOT_A_NUMBER:
      return fail_take (message,
                        g_strdup_printf (_("El %s solo puede tener dígitos, con espacios o guiones "
                                           "si quiere: borre las letras y otros signos."), what));
    case VT_PHONE_NO_COUNTRY:
      return fail (message,
                   _("Escriba el número con el código del país, empezando por + (por ejemplo, "
                     "+34 para España)."));
    case VT_PHONE_UNKNOWN_COUNTRY:
      return fail (message,
                   _("El código de país del número no es conocido: revise los dígitos que siguen "
                     "al +."));
    case VT_PHONE_TOO_SHORT:
      return fail_take (message,
                        g_strdup_printf (_("Al %s le faltan dígitos: revise que no falte ninguno."),
                                         what));
    case VT_PHONE_TOO_LONG:
      return fail_take (message,
                        g_strdup_printf (_("El %s tiene dígitos de más: revise que no sobre "
                                           "ninguno."), what));
    case VT_PHONE_INVALID:
    case VT_PHONE_OK:
    default:
      return fail_take (message,
                        g_strdup_printf (_("Ningún %s de ese país tiene esa forma: revise los "
                                           "dígitos."), what));
    }
}

gboolean
vt_validate_phone_e164 (const char  *text,
                        char       **normalized,
                        char       **message)
{
  g_auto(VtPhoneNumber) number = { 0 };
  g_autofree char *compact = copy_without (text != NULL ? text : "", " -().");
  VtPhoneResult result;

  if (compact[0] == '\0')
    return fail (message, _("Escriba el número de teléfono."));
  if (compact[0] != '+' && !g_str_has_prefix (compact, "00"))
    return fail (message,
                 _("Escriba el número con el código del país, empezando por + (por ejemplo, "
                   "+34 para España)."));

  result = vt_phone_parse (text, NULL, &number);
  if (result != VT_PHONE_OK)
    return fail_phone (message, result, _("número de teléfono"));

  return succeed (normalized, g_strdup (number.e164));
}

/* An Ecuadorian number of the wanted kind, stored as dialled in Ecuador (0…, no spaces). */
static gboolean
validate_ec (const char   *text,
             gboolean      mobile,
             char        **normalized,
             char        **message)
{
  g_auto(VtPhoneNumber) number = { 0 };
  g_autofree char *compact = copy_without (text != NULL ? text : "", " -().");
  g_autofree char *national = NULL;
  VtPhoneResult result;
  const char *what = mobile ? _("número de celular") : _("número de teléfono fijo");

  if (compact[0] == '\0')
    return fail (message, mobile ? _("Escriba el número de celular.")
                                 : _("Escriba el número de teléfono fijo."));

  /* A "0" kept after +593 out of habit is still the person's number. */
  if (g_str_has_prefix (compact, "+5930") || g_str_has_prefix (compact, "005930"))
    {
      g_autofree char *rest = g_strdup (strstr (compact, "5930") + 4);
      g_free (compact);
      compact = g_strconcat ("+593", rest, NULL);
    }
  else if (g_str_has_prefix (compact, "593") && strlen (compact) >= 11)
    {
      g_autofree char *plus = g_strconcat ("+", compact, NULL);
      g_free (compact);
      compact = g_steal_pointer (&plus);
    }

  /* Seven digits without the province code: the most common slip with a landline. */
  if (!mobile && strlen (compact) == 7 && all_ascii_digits (compact) && compact[0] != '0')
    return fail (message,
                 _("Falta el código de provincia: escriba delante del número el código, del 02 "
                   "al 07 (por ejemplo, 02 para Pichincha)."));

  result = vt_phone_parse (compact, "EC", &number);
  if (result != VT_PHONE_OK)
    return fail_phone (message, result, what);
  if (g_strcmp0 (number.region, "EC") != 0)
    return fail (message, mobile ? _("Este número es de otro país: aquí escriba un celular de "
                                     "Ecuador, que empieza por 09.")
                                 : _("Este número es de otro país: aquí escriba un teléfono "
                                     "fijo de Ecuador."));
  if (mobile && number.type == VT_PHONE_TYPE_FIXED)
    return fail (message,
                 _("Este número parece un teléfono fijo: escriba un celular, que tiene 10 dígitos "
                   "y empieza por 09."));
  if (!mobile && number.type == VT_PHONE_TYPE_MOBILE)
    return fail (message,
                 _("Este número parece un celular: escriba un teléfono fijo, con el código de "
                   "provincia (del 02 al 07) y los siete dígitos."));
  if (number.type != VT_PHONE_TYPE_MOBILE && number.type != VT_PHONE_TYPE_FIXED
      && number.type != VT_PHONE_TYPE_FIXED_OR_MOBILE)
    return fail_take (message,
                      g_strdup_printf (_("Ningún %s de ese país tiene esa forma: revise los "
                                         "dígitos."), what));

  national = copy_without (number.e164 + 4, "");
  return succeed (normalized, g_strconcat ("0", national, NULL));
}

gboolean
vt_validate_mobile_ec (const char  *text,
                       char       **normalized,
                       char       **message)
{
  return validate_ec (text, TRUE, normalized, message);
}

gboolean
vt_validate_landline_ec (const char  *text,
                         char       **normalized,
                         char       **message)
{
  return validate_ec (text, FALSE, normalized, message);
}

/* ------------------------------------------------------------------------------------------ */
/* Postal codes                                                                                 */

/* Compiled once per country, on first use. */
static GRegex *
postal_regex_for (const char *iso)
{
  static GMutex lock;
  static GHashTable *regexes;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  const char *pattern = NULL;
  GRegex *regex;

  if (!vt_country_get_postal_format (iso, &pattern, NULL))
    return NULL;
  if (regexes == NULL)
    regexes = g_hash_table_new (g_str_hash, g_str_equal);
  regex = g_hash_table_lookup (regexes, pattern);
  if (regex == NULL)
    {
      g_autoptr(GError) error = NULL;

      regex = g_regex_new (pattern, G_REGEX_DOLLAR_ENDONLY, 0, &error);
      if (regex == NULL)
        {
          g_critical ("The postal code pattern of %s does not compile: %s", iso, error->message);
          return NULL;
        }
      g_hash_table_insert (regexes, (gpointer)pattern, regex);
    }
  return regex;
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
    regex = postal_regex_for (country->iso);

  if (regex != NULL)
    {
      const char *example = "—";

      vt_country_get_postal_format (country->iso, NULL, &example);
      if (!g_regex_match (regex, code->str, 0, NULL))
        return fail_take (message,
                          g_strdup_printf (_("El código postal no tiene el formato de %s (por "
                                             "ejemplo, %s): revíselo."),
                                           vt_country_get_display_name (country),
                                           example));
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

/* vt-phone.cc — telephone numbers through libphonenumber: parse, validate, format.
 *
 * The kiosk is written in C; libphonenumber is C++. This file is the whole of the bridge:
 * it catches nothing because libphonenumber reports through return values, not exceptions.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-procedures"

#include "vt-phone.h"

#include <phonenumbers/phonenumberutil.h>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static const PhoneNumberUtil *
util (void)
{
  return PhoneNumberUtil::GetInstance ();
}

static VtPhoneType
type_of (const PhoneNumber &number)
{
  switch (util ()->GetNumberType (number))
    {
    case PhoneNumberUtil::MOBILE:
      return VT_PHONE_TYPE_MOBILE;
    case PhoneNumberUtil::FIXED_LINE:
      return VT_PHONE_TYPE_FIXED;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return VT_PHONE_TYPE_FIXED_OR_MOBILE;
    default:
      return VT_PHONE_TYPE_OTHER;
    }
}

extern "C" VtPhoneResult
vt_phone_parse (const char    *text,
                const char    *region,
                VtPhoneNumber *number)
{
  std::string input;
  PhoneNumber parsed;
  std::string e164;
  std::string number_region;

  g_return_val_if_fail (number != NULL, VT_PHONE_NOT_A_NUMBER);
  *number = VtPhoneNumber ();

  /* Only digits, spaces and the usual separators: libphonenumber would otherwise read
   * "0991234567 ext 2" or letters on a keypad (1-800-FLOWERS) as numbers. */
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        input.push_back (*p);
      else if (*p == '+' && input.empty ())
        input.push_back ('+');
      else if (strchr (" -().\t", *p) == NULL)
        return VT_PHONE_NOT_A_NUMBER;
    }
  if (input.empty () || input == "+")
    return VT_PHONE_TOO_SHORT;
  /* "00" is the international prefix almost everywhere a person learnt to dial. */
  if (input.compare (0, 2, "00") == 0 && (region == NULL || g_strcmp0 (region, "US") != 0))
    input = "+" + input.substr (2);

  switch (util ()->Parse (input, region != NULL ? region : "ZZ", &parsed))
    {
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return input[0] == '+' ? VT_PHONE_UNKNOWN_COUNTRY : VT_PHONE_NO_COUNTRY;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return VT_PHONE_TOO_SHORT;
    case PhoneNumberUtil::TOO_LONG_NSN:
      return VT_PHONE_TOO_LONG;
    case PhoneNumberUtil::NOT_A_NUMBER:
    default:
      return VT_PHONE_NOT_A_NUMBER;
    }

  if (!util ()->IsValidNumber (parsed))
    {
      switch (util ()->IsPossibleNumberWithReason (parsed))
        {
        case PhoneNumberUtil::INVALID_COUNTRY_CODE:
          return VT_PHONE_UNKNOWN_COUNTRY;
        case PhoneNumberUtil::TOO_SHORT:
        case PhoneNumberUtil::INVALID_LENGTH:
          return VT_PHONE_TOO_SHORT;
        case PhoneNumberUtil::TOO_LONG:
          return VT_PHONE_TOO_LONG;
        default:
          return VT_PHONE_INVALID;
        }
    }

  util ()->Format (parsed, PhoneNumberUtil::E164, &e164);
  util ()->GetRegionCodeForNumber (parsed, &number_region);
  number->e164 = g_strdup (e164.c_str ());
  number->region = g_strdup (number_region.c_str ());
  number->type = type_of (parsed);
  number->calling_code = parsed.country_code ();
  return VT_PHONE_OK;
}

extern "C" void
vt_phone_number_clear (VtPhoneNumber *number)
{
  g_clear_pointer (&number->e164, g_free);
  g_clear_pointer (&number->region, g_free);
}

extern "C" char *
vt_phone_format (const char *e164,
                 gboolean    national)
{
  PhoneNumber parsed;
  std::string out;

  g_return_val_if_fail (e164 != NULL, NULL);

  if (util ()->Parse (e164, "ZZ", &parsed) != PhoneNumberUtil::NO_PARSING_ERROR)
    return g_strdup (e164);
  util ()->Format (parsed, national ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL,
                   &out);
  return g_strdup (out.c_str ());
}

extern "C" int
vt_phone_calling_code (const char *region)
{
  g_autofree char *upper = NULL;

  if (region == NULL)
    return 0;
  upper = g_ascii_strup (region, -1);
  return util ()->GetCountryCodeForRegion (upper);
}

extern "C" char *
vt_phone_example (const char *region,
                  gboolean    mobile)
{
  g_autofree char *upper = NULL;
  PhoneNumber example;
  std::string out;

  if (region == NULL)
    return NULL;
  upper = g_ascii_strup (region, -1);
  if (!util ()->GetExampleNumberForType (upper, mobile ? PhoneNumberUtil::MOBILE
                                                       : PhoneNumberUtil::FIXED_LINE, &example)
      && !util ()->GetExampleNumber (upper, &example))
    return NULL;
  util ()->Format (example, PhoneNumberUtil::INTERNATIONAL, &out);
  return g_strdup (out.c_str ());
}

/* vt-phone.h — telephone numbers through libphonenumber: parse, validate, format.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VT_PHONE_OK,
  VT_PHONE_NOT_A_NUMBER,   /* letters or signs where digits belong */
  VT_PHONE_NO_COUNTRY,     /* no + and calling code, and no region to assume */
  VT_PHONE_UNKNOWN_COUNTRY,/* a + followed by no calling code in use */
  VT_PHONE_TOO_SHORT,
  VT_PHONE_TOO_LONG,
  VT_PHONE_INVALID,        /* the right length, but no number of that country looks so */
} VtPhoneResult;

typedef enum
{
  VT_PHONE_TYPE_OTHER,
  VT_PHONE_TYPE_MOBILE,
  VT_PHONE_TYPE_FIXED,
  VT_PHONE_TYPE_FIXED_OR_MOBILE,  /* countries that do not tell them apart (the NANP…) */
} VtPhoneType;

typedef struct
{
  char        *e164;       /* "+97688123456" */
  char        *region;     /* ISO 3166-1 alpha-2 of the number, "001" for non-geographic */
  VtPhoneType  type;
  int          calling_code;
} VtPhoneNumber;

/* Parses `text` as typed: "+976 8812 3456", "00 976…", or a national number when `region`
 * (ISO alpha-2) says which country to assume. On VT_PHONE_OK `number` is filled (free with
 * vt_phone_number_clear); on anything else it is left empty. Nothing is logged. */
VtPhoneResult vt_phone_parse             (const char    *text,
                                          const char    *region,
                                          VtPhoneNumber *number);
void          vt_phone_number_clear      (VtPhoneNumber *number);

/* "+976 8812 3456" (international) or "8812 3456" (as dialled within the country). */
char         *vt_phone_format            (const char    *e164,
                                          gboolean       national);
/* The calling code of a region (593 for "EC"), 0 when it has none. */
int           vt_phone_calling_code      (const char    *region);
/* A valid example number of the region, international format, for messages and hints. */
char         *vt_phone_example           (const char    *region,
                                          gboolean       mobile);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtPhoneNumber, vt_phone_number_clear)

G_END_DECLS

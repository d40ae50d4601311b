/* vt-office-key.h — whether this kiosk seals to a real office key, not the development one.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vt-diagnostics.h"

G_BEGIN_DECLS

typedef enum
{
  VT_OFFICE_KEY_OK,
  VT_OFFICE_KEY_DEVELOPMENT,  /* the development key, whose secret half is published */
  VT_OFFICE_KEY_INVALID,      /* not 32 bytes in base64: nothing can be sealed */
} VtOfficeKeyState;

/* The office-public-key setting's value as the queue reads it (NULL: the development key,
 * as when the settings schema is absent). Compares the key's bytes, not its spelling. */
VtOfficeKeyState vt_office_key_check    (const char  *key);
/* The same, with a translated sentence saying what is wrong and what to do, for
 * `ventanilla --provision`. */
gboolean         vt_office_key_validate (const char  *key,
                                         GError     **error);
/* The "office_key" check of `--diagnose` and the staff diagnostics page: failed unless OK. */
VtCheck         *vt_office_key_diagnose (const char  *key);

G_END_DECLS

/* vt-office-key.c — whether this kiosk seals to a real office key, not the development one.
 *
 * Everything a person submits is sealed to the office public key. The default is the
 * development key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY), whose secret half is in the source tree
 * so that development runs and tests can open what they seal: a kiosk in front of people must
 * never use it. Kiosk mode refuses to start with it, provisioning refuses to set it and the
 * diagnostics fail on it; development runs go on with a visible warning.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-office-key.h"

#include "outbox/vt-bundle.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

VtOfficeKeyState
vt_office_key_check (const char *key)
{
  guint8 bytes[VT_BUNDLE_KEY_BYTES];
  guint8 development[VT_BUNDLE_KEY_BYTES];
  gboolean same;

  if (key == NULL)
    return VT_OFFICE_KEY_DEVELOPMENT;
  if (!vt_bundle_decode_key (key, bytes, NULL))
    return VT_OFFICE_KEY_INVALID;
  if (!vt_bundle_decode_key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY, development, NULL))
    g_assert_not_reached ();
  same = sodium_memcmp (bytes, development, sizeof bytes) == 0;
  return same ? VT_OFFICE_KEY_DEVELOPMENT : VT_OFFICE_KEY_OK;
}

gboolean
vt_office_key_validate (const char  *key,
                        GError     **error)
{
  switch (vt_office_key_check (key))
    {
    case VT_OFFICE_KEY_OK:
      return TRUE;
    case VT_OFFICE_KEY_DEVELOPMENT:
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           _("La clave «office-public-key» es la clave de desarrollo, cuya parte "
                             "secreta es pública: cualquiera podría abrir los trámites. Ponga la "
                             "clave pública de su oficina (ventanilla-office keygen, archivo "
                             "office.pk)."));
      return FALSE;
    case VT_OFFICE_KEY_INVALID:
    default:
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           _("La clave «office-public-key» no es una clave pública válida (se "
                             "esperan 32 bytes en base64, como en el archivo office.pk de "
                             "ventanilla-office keygen)."));
      return FALSE;
    }
}

VtCheck *
vt_office_key_diagnose (const char *key)
{
  VtCheck *check = g_new0 (VtCheck, 1);
  VtOfficeKeyState state = vt_office_key_check (key);

  check->id = g_strdup ("office_key");
  check->title = g_strdup (_("Clave de la oficina"));
  check->details = json_object_new ();
  json_object_set_string_member (check->details, "key",
                                 state == VT_OFFICE_KEY_OK ? "office"
                                 : state == VT_OFFICE_KEY_DEVELOPMENT ? "development"
                                 : "invalid");
  switch (state)
    {
    case VT_OFFICE_KEY_OK:
      check->status = VT_CHECK_OK;
      check->summary = g_strdup (_("Los trámites se sellan con la clave de la oficina."));
      break;
    case VT_OFFICE_KEY_DEVELOPMENT:
      check->status = VT_CHECK_FAILED;
      check->summary = g_strdup (_("Los trámites se sellarían con la clave de desarrollo, que "
                                   "cualquiera puede abrir. Configure la clave pública de la "
                                   "oficina (office-public-key)."));
      break;
    case VT_OFFICE_KEY_INVALID:
    default:
      check->status = VT_CHECK_FAILED;
      check->summary = g_strdup (_("La clave pública de la oficina no es válida: no se puede "
                                   "sellar ningún trámite. Corrija office-public-key."));
      break;
    }
  return check;
}

/* vt-tus-origin.c — which addresses an upload may go to, and which may see the kiosk's token.
 *
 * The server chooses each upload's address (the Location of its answer to POST), and the
 * queue keeps it across restarts. An address of another scheme, another host or another port
 * would receive the kiosk's bearer token and the bundle, and one libsoup cannot parse would
 * fail every attempt: each is checked where it comes in, before any request goes to it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-outbox"

#include "vt-tus-origin.h"

#include "vt-tus-client.h"

#include <glib/gi18n-lib.h>

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Parses an absolute http(s) URL with a host and without user information. */
static GUri *
parse_web_url (const char  *url,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || scheme == NULL
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || host == NULL || *host == '\0' || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_ENDPOINT,
                           _("La dirección de envíos no es una dirección web válida "
                             "(https://…)."));
      return NULL;
    }
  return g_steal_pointer (&uri);
}

gboolean
vt_tus_origin_endpoint_ok (const char  *endpoint,
                           GError     **error)
{
  g_autoptr(GUri) uri = parse_web_url (endpoint, error);

  if (uri == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0
      && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error_literal (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_ENDPOINT,
                           _("La dirección de envíos debe empezar con https://: sin cifrado, la "
                             "credencial del quiosco viajaría a la vista. Corrija upload-url."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  int port_a = g_uri_get_port (a) > 0 ? g_uri_get_port (a) : default_port (g_uri_get_scheme (a));
  int port_b = g_uri_get_port (b) > 0 ? g_uri_get_port (b) : default_port (g_uri_get_scheme (b));

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && port_a == port_b;
}

gboolean
vt_tus_origin_same (const char *endpoint,
                    const char *url)
{
  g_autoptr(GUri) a = parse_web_url (endpoint, NULL);
  g_autoptr(GUri) b = parse_web_url (url, NULL);

  return a != NULL && b != NULL && same_origin (a, b);
}

char *
vt_tus_origin_resolve (const char  *endpoint,
                       const char  *location,
                       GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) resolved = NULL;
  g_autoptr(GUri) checked = NULL;

  if (!vt_tus_origin_endpoint_ok (endpoint, error))
    return NULL;
  base = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
  if (location != NULL && *location != '\0')
    resolved = g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL);
  if (resolved != NULL)
    {
      g_autofree char *text = g_uri_to_string (resolved);
      checked = parse_web_url (text, NULL);
    }
  if (checked == NULL || !same_origin (base, checked))
    {
      g_set_error_literal (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_ENDPOINT,
                           _("El servidor indicó para el envío una dirección de otro servidor o "
                             "no válida: no se le envía nada. Avise al soporte técnico."));
      return NULL;
    }
  return g_uri_to_string (checked);
}

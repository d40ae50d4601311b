/* vt-tus-origin.h — which addresses an upload may go to, and which may see the kiosk's token.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE when `endpoint` may receive submissions: an absolute https URL with a host, or http on
 * a loopback address (a server on the kiosk itself, as in the tests). Anything else would
 * carry the token and the sealed bundles in clear across a network. */
gboolean  vt_tus_origin_endpoint_ok (const char  *endpoint,
                                     GError     **error);

/* Resolves `location` (a tus Location header, or an upload URL kept from an earlier attempt)
 * against `endpoint` and returns it only when it names an upload on the same server: scheme
 * http or https, a host, no user information, the same origin (scheme, host and port) as the
 * endpoint. NULL with `error` otherwise. */
char     *vt_tus_origin_resolve     (const char  *endpoint,
                                     const char  *location,
                                     GError     **error);

/* TRUE when `url` has the same origin as `endpoint`: the only place the token may go. */
gboolean  vt_tus_origin_same        (const char  *endpoint,
                                     const char  *url);

G_END_DECLS

/* vt-json-guard.h — parsing JSON that anyone could have written, without letting its nesting
 * exhaust the stack.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any document Ventanilla writes (answers nest a few levels), far below what
 * json-glib's recursive parser survives. */
#define VT_JSON_MAX_DEPTH 64

/* The deepest nesting of objects and arrays in `data`, outside strings. */
guint      vt_json_nesting_depth (const char  *data,
                                  gsize        len);

/* json_parser_load_from_data, refused before parsing when `data` nests deeper than
 * VT_JSON_MAX_DEPTH; the root must be an object. Returns it (owned by `parser`) or NULL. */
JsonObject *vt_json_guard_load   (JsonParser  *parser,
                                  const char  *data,
                                  gsize        len,
                                  GError     **error);
/* The same for a file no larger than `max_bytes`. */
JsonObject *vt_json_guard_load_file (JsonParser  *parser,
                                     const char  *path,
                                     gsize        max_bytes,
                                     GError     **error);

G_END_DECLS

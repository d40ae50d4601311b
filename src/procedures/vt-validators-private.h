/* vt-validators-private.h — the small helpers every validator file uses.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

static inline gboolean
fail (char       **message,
      const char  *text)
{
  if (message != NULL)
    *message = g_strdup (text);

  return FALSE;
}

static inline gboolean
fail_take (char **message,
           char  *text)
{
  if (message != NULL)
    *message = text;
  else
    g_free (text);

  return FALSE;
}

static inline gboolean
succeed (char **normalized,
         char  *value)
{
  if (normalized != NULL)
    *normalized = value;
  else
    g_free (value);

  return TRUE;
}

/* Returns a copy of @text without surrounding ASCII white space and without any of the ASCII
 * bytes in @drop. Bytes of multi-byte sequences are never in @drop, so they survive as they
 * came and the caller's own checks reject them. */
static inline char *
copy_without (const char *text,
              const char *drop)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr (drop, *p) == NULL)
        g_string_append_c (out, *p);
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static inline gboolean
all_ascii_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

G_END_DECLS

/* vt-i18n.c — gettext set up for a kiosk whose language changes between people.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-i18n"

#include "vt-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

static char current[3] = "es";

void
vt_i18n_init (void)
{
  const char *locale = setlocale (LC_ALL, "");
  const char *localedir = g_getenv ("VENTANILLA_LOCALEDIR");

  /* glibc ignores LANGUAGE under the C locale, which is what a bare kiosk or CI machine has;
   * C.UTF-8 is always present on Debian and lets the language switch work. */
  if (locale == NULL || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");

  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Spanish first, whatever the machine's locale: the kiosk serves IESS users. */
  vt_i18n_set_language (g_getenv ("VENTANILLA_LANGUAGE"));
}

void
vt_i18n_set_language (const char *language)
{
  extern int _nl_msg_cat_cntr;

  g_strlcpy (current, g_strcmp0 (language, "en") == 0 ? "en" : "es", sizeof current);
  g_setenv ("LANGUAGE", g_str_equal (current, "en") ? "en" : "es_EC:es", TRUE);
  /* Tells glibc's gettext that its cached translations are stale. */
  ++_nl_msg_cat_cntr;
}

const char *
vt_i18n_get_language (void)
{
  return current;
}

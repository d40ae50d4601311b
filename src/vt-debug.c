/* vt-debug.c — warnings that end the process while the test suite runs it.
 *
 * A test that starts the real application must fail when the application warns, not let the
 * warning scroll past in a log. G_DEBUG=fatal-warnings would do that, but also for
 * GStreamer's qtdemux, which warns "Got data flow before stream-start event" (or "segment
 * event") when a player or discoverer on a finished MP4 is torn down while its streaming
 * thread still pushes: GStreamer's own race, harmless to the file. So the test suite sets
 * VT_FATAL_WARNINGS=1 instead, and this log writer makes every warning fatal but that one,
 * named by its element.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-debug"

#include "vt-debug.h"

#include <stdlib.h>
#include <string.h>

static const char * const race_words[] = {
  "> Got data flow before stream-start event",
  "> Got data flow before segment event",
};

gboolean
vt_debug_warning_is_tolerated (const char     *log_domain,
                               GLogLevelFlags  log_level,
                               const char     *message)
{
  const char *words = NULL;
  const char *open;
  const char *end;
  const char *p;

  if (g_strcmp0 (log_domain, "GStreamer") != 0 || (log_level & G_LOG_LEVEL_WARNING) == 0
      || message == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (race_words) && words == NULL; i++)
    if (g_str_has_suffix (message, race_words[i]))
      words = race_words[i];
  if (words == NULL)
    return FALSE;
  /* gstpad.c names the pad "<element:pad>" just before the words. */
  end = message + strlen (message) - strlen (words);
  for (open = end; open > message && *open != '<'; open--)
    ;
  if (*open != '<' || !g_str_has_prefix (open + 1, "qtdemux"))
    return FALSE;
  for (p = open + 1 + strlen ("qtdemux"); g_ascii_isdigit (*p); p++)
    ;
  return p > open + 1 + strlen ("qtdemux") && *p == ':' && memchr (p, '>', end - p + 1) == end;
}

static GLogWriterOutput
writer (GLogLevelFlags   log_level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;
  GLogWriterOutput result;

  result = g_log_writer_default (log_level, fields, n_fields, user_data);
  if ((log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) == 0)
    return result;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (!vt_debug_warning_is_tolerated (domain, log_level, message))
    abort ();
  return result;
}

void
vt_debug_init (void)
{
  if (g_strcmp0 (g_getenv ("VT_FATAL_WARNINGS"), "1") == 0)
    g_log_set_writer_func (writer, NULL, NULL);
}

/* g_test_init() makes every warning fatal inside g_logv(), and the handler
 * g_test_log_set_fatal_handler() installs is cleared by g_test_run() before each test case, so
 * it never saw the qtdemux race: a test that merely played a recording could end with
 * "Bail out!". Warnings are taken out of the always-fatal mask and judged by the writer above,
 * which sees every message from every thread, old API or structured. Criticals stay fatal. */
void
vt_debug_init_for_tests (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (writer, NULL, NULL);
}

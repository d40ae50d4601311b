/* bench-outbox-upload.c — the uploader's scheduling cost: how long finding the next due items
 * takes (what every pass and every wake-up does), for a queue of any length.
 *
 * Usage: vt-bench-outbox-upload schedule QUEUE_DIR   → prints microseconds per look-up
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"

#include <stdio.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint rounds = 500;

  if (argc != 3 || g_strcmp0 (argv[1], "schedule") != 0)
    {
      g_printerr ("usage: %s schedule QUEUE_DIR\n", argv[0]);
      return 2;
    }
  queue = vt_queue_open (argv[2], &error);
  if (queue == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GPtrArray) due = vt_queue_list_due (queue, g_get_real_time () / G_USEC_PER_SEC,
                                                    16, &error);

      if (due == NULL || vt_queue_get_next_attempt (queue, &error) < 0)
        {
          g_printerr ("%s\n", error ? error->message : "failed");
          return 1;
        }
    }
  printf ("%.1f\n", (double) (g_get_monotonic_time () - start) / rounds);
  return 0;
}

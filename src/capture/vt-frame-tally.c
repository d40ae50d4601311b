/* vt-frame-tally.c — frames a camera delivered against those its clock says it owed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-frame-tally.h"

#include <math.h>
#include <string.h>

void
vt_frame_tally_begin (VtFrameTally *tally,
                      double        fps)
{
  g_return_if_fail (tally != NULL);

  memset (tally, 0, sizeof *tally);
  tally->fps = fps > 0 ? fps : 30;
  tally->first = GST_CLOCK_TIME_NONE;
  tally->last_end = GST_CLOCK_TIME_NONE;
}

void
vt_frame_tally_frame (VtFrameTally *tally,
                      GstClockTime  running_time,
                      GstClockTime  duration,
                      gint64        wall_us)
{
  GstClockTime end;

  g_return_if_fail (tally != NULL);

  if (tally->finished)
    return;
  if (tally->delivered++ == 0)
    tally->first_wall = wall_us;
  if (!GST_CLOCK_TIME_IS_VALID (running_time))
    return;
  if (!GST_CLOCK_TIME_IS_VALID (tally->first))
    tally->first = running_time;
  /* A camera that does not say how long its frames last means its mode's rate. */
  end = running_time + (GST_CLOCK_TIME_IS_VALID (duration)
                        ? duration : (GstClockTime)llround (GST_SECOND / tally->fps));
  if (!GST_CLOCK_TIME_IS_VALID (tally->last_end) || end > tally->last_end)
    tally->last_end = end;
}

void
vt_frame_tally_finish (VtFrameTally *tally,
                       GstClockTime  running_time,
                       gint64        wall_us)
{
  GstClockTime end;

  g_return_if_fail (tally != NULL);

  if (tally->finished)
    return;
  tally->finished = TRUE;
  tally->wall_s = tally->delivered > 0 && wall_us > tally->first_wall
                  ? (double)(wall_us - tally->first_wall) / G_USEC_PER_SEC : 0;
  /* Without a timed frame nothing says how many were owed: none is called dropped. */
  if (!GST_CLOCK_TIME_IS_VALID (tally->first))
    {
      tally->expected = tally->delivered;
      tally->dropped = 0;
      return;
    }
  /* The clock goes on when the camera stalls: a source that went quiet before the end owes
   * the frames of that silence too. A source paced by nothing ends with its last frame. */
  end = tally->last_end;
  if (GST_CLOCK_TIME_IS_VALID (running_time) && running_time > end)
    end = running_time;
  /* To the nearest frame: a live source ends somewhere inside the interval of a frame not
   * yet due, so one frame either way is that, not a drop. */
  tally->expected = (guint64)llround ((double)(end - tally->first) / GST_SECOND * tally->fps);
  tally->dropped = tally->expected > tally->delivered ? tally->expected - tally->delivered : 0;
}

/* vt-frame-tally.h — frames a camera delivered against those its clock says it owed.
 *
 * Counted where frames leave the source, before videorate: after it the stream is regular by
 * construction (missing frames are filled with copies), so a count there can never show a
 * camera or a machine that could not keep up. The figures are for logs, benchmarks and the
 * technician's check; nothing is refused on them.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  double       fps;
  guint64      delivered;
  GstClockTime first;       /* running time of the first timed frame; NONE before it */
  GstClockTime last_end;    /* running time where the latest frame ends */
  gint64       first_wall;  /* monotonic µs at the first frame */
  gboolean     finished;

  /* Set by vt_frame_tally_finish (). */
  guint64      expected;
  guint64      dropped;
  double       wall_s;
} VtFrameTally;

/* Starts counting for a source whose mode gives `fps` frames a second (<= 0: 30). */
void     vt_frame_tally_begin  (VtFrameTally *tally,
                                double        fps);
/* One frame as the source delivered it: its running time (NONE: untimed, counted but not
 * placed), its duration (NONE: 1/fps) and the monotonic time it was seen at, in µs. */
void     vt_frame_tally_frame  (VtFrameTally *tally,
                                GstClockTime  running_time,
                                GstClockTime  duration,
                                gint64        wall_us);
/* Ends the count at `running_time`, the pipeline clock's running time when the source ended
 * (NONE for a source not paced by a clock: the end of its last frame is used), and at
 * `wall_us`. The first call counts; later ones are ignored, so a fallback may call it again. */
void     vt_frame_tally_finish (VtFrameTally *tally,
                                GstClockTime  running_time,
                                gint64        wall_us);

G_END_DECLS

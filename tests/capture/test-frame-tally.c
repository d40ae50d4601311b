/* test-frame-tally.c — the dropped-frame count can show a camera that fell behind.
 *
 * Frames are fed as a source gives them: running times from the pipeline clock and the
 * monotonic time they were seen at. A perfect stream owes nothing; a stream with a gap owes
 * the frames of the gap, whether the gap is in the middle or at the end.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "capture/vt-frame-tally.h"

#define FPS 30
/* Any monotonic start: the tally only ever takes differences. */
#define WALL_START 5000000

static GstClockTime
frame_time (guint i)
{
  return gst_util_uint64_scale (i, GST_SECOND, FPS);
}

static GstClockTime
frame_duration (void)
{
  return gst_util_uint64_scale (1, GST_SECOND, FPS);
}

/* Frames [from, to) at their running times, seen `late_us` after they were due; the stream
 * starts at running time `base`, as a camera opened a little after the pipeline started. */
static void
feed (VtFrameTally *tally,
      GstClockTime  base,
      guint         from,
      guint         to,
      gint64        late_us)
{
  for (guint i = from; i < to; i++)
    vt_frame_tally_frame (tally, base + frame_time (i), frame_duration (),
                          WALL_START + (gint64)(frame_time (i) / GST_USECOND) + late_us);
}

static void
test_perfect (void)
{
  VtFrameTally tally;
  GstClockTime base = 250 * GST_MSECOND;

  vt_frame_tally_begin (&tally, FPS);
  feed (&tally, base, 0, 10 * FPS, 0);
  /* The source's end, taken by the clock a little after the last frame ended. */
  vt_frame_tally_finish (&tally, base + frame_time (10 * FPS) + 10 * GST_MSECOND,
                         WALL_START + 10 * G_USEC_PER_SEC + 10000);
  g_assert_cmpuint (tally.delivered, ==, 10 * FPS);
  g_assert_cmpuint (tally.expected, ==, 10 * FPS);
  g_assert_cmpuint (tally.dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (tally.wall_s, 10.01, 0.001);
}

static void
test_gap (void)
{
  VtFrameTally tally;

  /* Ten seconds at 30 fps with the camera silent for one of them, from 4 s to 5 s. */
  vt_frame_tally_begin (&tally, FPS);
  feed (&tally, 0, 0, 4 * FPS, 0);
  feed (&tally, 0, 5 * FPS, 10 * FPS, 0);
  vt_frame_tally_finish (&tally, frame_time (10 * FPS), WALL_START + 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (tally.delivered, ==, 9 * FPS);
  g_assert_cmpuint (tally.expected, ==, 10 * FPS);
  g_assert_cmpuint (tally.dropped, >=, FPS - 1);
  g_assert_cmpuint (tally.dropped, <=, FPS + 1);
  g_assert_cmpfloat_with_epsilon (tally.wall_s, 10.0, 0.001);
}

static void
test_stall_at_end (void)
{
  VtFrameTally tally;

  /* The camera stops a second before the recording does: only the clock at the end shows it. */
  vt_frame_tally_begin (&tally, FPS);
  feed (&tally, 0, 0, 9 * FPS, 0);
  vt_frame_tally_finish (&tally, frame_time (10 * FPS), WALL_START + 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (tally.dropped, >=, FPS - 1);
  g_assert_cmpuint (tally.dropped, <=, FPS + 1);
}

static void
test_not_paced (void)
{
  VtFrameTally tally;

  /* A non-live source makes 10 s of frames in 2 s of wall time and ends with its last frame:
   * nothing is owed, and the wall time is what it took. */
  vt_frame_tally_begin (&tally, FPS);
  for (guint i = 0; i < 10 * FPS; i++)
    vt_frame_tally_frame (&tally, frame_time (i), frame_duration (),
                          WALL_START + (gint64)i * 2 * G_USEC_PER_SEC / (10 * FPS));
  vt_frame_tally_finish (&tally, GST_CLOCK_TIME_NONE, WALL_START + 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (tally.expected, ==, 10 * FPS);
  g_assert_cmpuint (tally.dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (tally.wall_s, 2.0, 0.001);
}

static void
test_other_rate (void)
{
  VtFrameTally tally;

  /* A 30 fps mode that delivers 15 (a webcam stretching its exposure in a dim room) drops half
   * of what its mode promised: the count is against the mode, not against what came. */
  vt_frame_tally_begin (&tally, FPS);
  for (guint i = 0; i < 10 * FPS; i += 2)
    vt_frame_tally_frame (&tally, frame_time (i), 2 * frame_duration (),
                          WALL_START + (gint64)(frame_time (i) / GST_USECOND));
  vt_frame_tally_finish (&tally, frame_time (10 * FPS), WALL_START + 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (tally.delivered, ==, 5 * FPS);
  g_assert_cmpuint (tally.dropped, ==, 5 * FPS);
}

static void
test_empty (void)
{
  VtFrameTally tally;

  /* No frame at all, or only untimed ones: nothing says what was owed, nothing is invented. */
  vt_frame_tally_begin (&tally, 0);
  g_assert_cmpfloat (tally.fps, ==, 30);
  vt_frame_tally_finish (&tally, 5 * GST_SECOND, WALL_START);
  g_assert_cmpuint (tally.expected, ==, 0);
  g_assert_cmpuint (tally.dropped, ==, 0);
  g_assert_cmpfloat (tally.wall_s, ==, 0);

  vt_frame_tally_begin (&tally, FPS);
  vt_frame_tally_frame (&tally, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, WALL_START);
  vt_frame_tally_frame (&tally, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, WALL_START + 33333);
  vt_frame_tally_finish (&tally, 5 * GST_SECOND, WALL_START + G_USEC_PER_SEC);
  g_assert_cmpuint (tally.delivered, ==, 2);
  g_assert_cmpuint (tally.expected, ==, 2);
  g_assert_cmpuint (tally.dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (tally.wall_s, 1.0, 0.001);
}

static void
test_finish_once (void)
{
  VtFrameTally tally;

  /* The source's end is taken when it ends; the recording's own end, later, changes nothing. */
  vt_frame_tally_begin (&tally, FPS);
  feed (&tally, 0, 0, 2 * FPS, 0);
  vt_frame_tally_finish (&tally, frame_time (2 * FPS), WALL_START + 2 * G_USEC_PER_SEC);
  vt_frame_tally_frame (&tally, frame_time (2 * FPS), frame_duration (),
                        WALL_START + 2 * G_USEC_PER_SEC);
  vt_frame_tally_finish (&tally, 10 * GST_SECOND, WALL_START + 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (tally.delivered, ==, 2 * FPS);
  g_assert_cmpuint (tally.dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (tally.wall_s, 2.0, 0.001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame-tally/perfect", test_perfect);
  g_test_add_func ("/frame-tally/gap", test_gap);
  g_test_add_func ("/frame-tally/stall-at-end", test_stall_at_end);
  g_test_add_func ("/frame-tally/not-paced", test_not_paced);
  g_test_add_func ("/frame-tally/other-rate", test_other_rate);
  g_test_add_func ("/frame-tally/empty", test_empty);
  g_test_add_func ("/frame-tally/finish-once", test_finish_once);
  return g_test_run ();
}

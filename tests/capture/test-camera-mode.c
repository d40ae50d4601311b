/* test-camera-mode.c — the camera mode chosen from the caps lists real cameras offer.
 *
 * The lists are those of typical UVC webcams (v4l2src's device caps), of libcamera and
 * PipeWire (ranges), and of cameras that give less than the kiosk wants.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "capture/vt-camera-mode.h"

#include <gst/gst.h>

typedef struct
{
  const char *name;
  const char *caps;
  const char *chosen;       /* vt_camera_mode_describe (), NULL: none */
  const char *output;       /* vt_camera_mode_output_caps () */
  gboolean    below_minimum;
} Case;

static const Case cases[] = {
  { "mjpeg-720p30-yuyv-720p10",
    "video/x-raw,format=YUY2,width=1280,height=720,framerate=10/1;"
    "image/jpeg,width=1280,height=720,framerate=30/1",
    "MJPEG 1280×720 30 fps",
    "video/x-raw,width=1280,height=720,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "uvc-c270-like",
    "video/x-raw,format=YUY2,width=640,height=480,framerate={ (fraction)30/1, (fraction)15/1 };"
    "video/x-raw,format=YUY2,width=1280,height=720,framerate={ (fraction)10/1, (fraction)5/1 };"
    "image/jpeg,width=1280,height=720,framerate={ (fraction)30/1, (fraction)25/1, (fraction)15/1 };"
    "image/jpeg,width=1920,height=1080,framerate=30/1",
    "MJPEG 1280×720 30 fps",
    "video/x-raw,width=1280,height=720,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "yuyv-640x480-only",
    "video/x-raw,format=YUY2,width=640,height=480,framerate={ (fraction)30/1, (fraction)15/1 };"
    "video/x-raw,format=YUY2,width=320,height=240,framerate=30/1",
    "YUY2 640×480 30 fps",
    "video/x-raw,width=640,height=480,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "mjpeg-1080p30-only",
    "image/jpeg,width=1920,height=1080,framerate=30/1",
    "MJPEG 1920×1080 30 fps",
    "video/x-raw,width=1280,height=720,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "fifteen-fps",
    "video/x-raw,format=YUY2,width=1280,height=720,framerate=15/1;"
    "video/x-raw,format=YUY2,width=640,height=480,framerate=15/1",
    "YUY2 1280×720 15 fps",
    "video/x-raw,width=1280,height=720,framerate=15/1,pixel-aspect-ratio=1/1", FALSE },
  { "raw-before-mjpeg",
    "image/jpeg,width=1280,height=720,framerate=30/1;"
    "video/x-raw,format=NV12,width=1280,height=720,framerate=30/1",
    "NV12 1280×720 30 fps",
    "video/x-raw,width=1280,height=720,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "libcamera-ranges",
    "video/x-raw,format={ NV12, YUY2 },width=[ 320, 2592 ],height=[ 240, 1944 ],"
    "framerate=[ 1/1, 60/1 ]",
    "NV12 1280×720 30 fps",
    "video/x-raw,width=1280,height=720,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "fast-before-large",
    "video/x-raw,format=YUY2,width=960,height=720,framerate=15/1;"
    "image/jpeg,width=640,height=480,framerate=30/1",
    "MJPEG 640×480 30 fps",
    "video/x-raw,width=640,height=480,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "sixty-only",
    "image/jpeg,width=1280,height=720,framerate={ (fraction)60/1, (fraction)120/1 }",
    "MJPEG 1280×720 60 fps",
    "video/x-raw,width=1280,height=720,framerate=60/1,pixel-aspect-ratio=1/1", FALSE },
  { "odd-aspect-refused",
    "video/x-raw,format=YUY2,width=1280,height=1024,framerate=30/1;"
    "video/x-raw,format=YUY2,width=640,height=480,framerate=30/1",
    "YUY2 640×480 30 fps",
    "video/x-raw,width=640,height=480,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "under-minimum",
    "video/x-raw,format=YUY2,width=320,height=240,framerate=30/1;"
    "video/x-raw,format=YUY2,width=640,height=480,framerate=5/1",
    "YUY2 640×480 5 fps",
    "video/x-raw,width=640,height=480,framerate=5/1,pixel-aspect-ratio=1/1", TRUE },
  { "gpu-memory-skipped",
    "video/x-raw(memory:DMABuf),format=NV12,width=1280,height=720,framerate=30/1;"
    "video/x-raw,format=YUY2,width=640,height=480,framerate=30/1",
    "YUY2 640×480 30 fps",
    "video/x-raw,width=640,height=480,framerate=30/1,pixel-aspect-ratio=1/1", FALSE },
  { "h264-only",
    "video/x-h264,width=1280,height=720,framerate=30/1",
    NULL, NULL, FALSE },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GstCaps) caps = gst_caps_from_string (c->caps);
  VtCameraMode mode = { 0 };
  gboolean found;

  g_assert_nonnull (caps);
  found = vt_camera_mode_choose (caps, &mode);
  if (c->chosen == NULL)
    {
      g_assert_false (found);
      return;
    }
  g_assert_true (found);
  {
    g_autofree char *described = vt_camera_mode_describe (&mode);
    g_autofree char *output = vt_camera_mode_output_caps (&mode);
    g_autoptr(GstCaps) asked = vt_camera_mode_to_caps (&mode);

    g_assert_cmpstr (described, ==, c->chosen);
    g_assert_cmpstr (output, ==, c->output);
    g_assert_cmpint (mode.below_minimum, ==, c->below_minimum);
    /* What is asked of the camera is one of the modes it offers. */
    g_assert_true (gst_caps_is_fixed (asked));
    g_assert_true (gst_caps_can_intersect (asked, caps));
  }
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/camera-mode/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  return g_test_run ();
}

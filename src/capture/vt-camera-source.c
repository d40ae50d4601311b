/* vt-camera-source.c — which camera and microphone the pipeline reads, and in which mode.
 *
 * A real camera is found through the device monitor (libcamera, PipeWire, V4L2, or any other
 * provider) or named by its path, and its mode is chosen from the caps it offers
 * (vt-camera-mode.c). The synthetic camera is used only when asked for by name: a kiosk that
 * finds no camera says so rather than showing a stand-in.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-camera-private.h"

#include "vt-camera-mode.h"
#include "vt-camera-portal.h"
#include "vt-synthetic-source.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#define CAMERA_WIDTH 1280
#define CAMERA_HEIGHT 720

void
vt_camera_source_clear (VtCameraSource *source)
{
  gst_clear_object (&source->element);
  gst_clear_caps (&source->caps);
  g_clear_pointer (&source->output_caps, g_free);
  source->jpeg = FALSE;
}

gboolean
vt_camera_is_synthetic (VtCamera *self)
{
  return self->scene != NULL;
}

static void
set_identity (VtCamera   *self,
              const char *element,
              const char *device,
              const char *mode)
{
  g_free (self->source_name);
  self->source_name = g_strdup (element);
  g_free (self->device_name);
  self->device_name = g_strdup (device);
  g_free (self->mode_name);
  self->mode_name = g_strdup (mode);
}

static const char *
element_kind (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  return factory != NULL ? GST_OBJECT_NAME (factory) : G_OBJECT_TYPE_NAME (element);
}

/* Asks a source that is not running what it can give: v4l2src and pipewiresrc answer in
 * READY. NULL when it does not say. */
static GstCaps *
probe_caps (GstElement *element)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, "src");
  GstCaps *caps = NULL;

  if (pad == NULL || gst_element_set_state (element, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (element, GST_STATE_NULL);
      return NULL;
    }
  caps = gst_pad_query_caps (pad, NULL);
  gst_element_set_state (element, GST_STATE_NULL);
  if (caps != NULL && (gst_caps_is_any (caps) || gst_caps_is_empty (caps)))
    gst_clear_caps (&caps);
  return caps;
}

/* Fills `source` for a real camera element whose modes are `caps` (NULL: unknown). */
static void
choose_mode (VtCamera       *self,
             GstElement     *element,
             const char     *device_name,
             GstCaps        *caps,
             VtCameraSource *source)
{
  VtCameraMode mode;

  source->element = element;
  if (caps != NULL && vt_camera_mode_choose (caps, &mode))
    {
      g_autofree char *described = vt_camera_mode_describe (&mode);

      source->caps = vt_camera_mode_to_caps (&mode);
      source->jpeg = mode.jpeg;
      source->output_caps = vt_camera_mode_output_caps (&mode);
      self->below_minimum = mode.below_minimum;
      self->mode_fps = vt_camera_mode_fps (&mode);
      set_identity (self, element_kind (element), device_name, described);
    }
  else
    {
      /* A source that does not tell its modes is asked for 720p and left to negotiate. */
      source->output_caps = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=30/1,"
                                             "pixel-aspect-ratio=1/1",
                                             CAMERA_WIDTH, CAMERA_HEIGHT);
      self->below_minimum = FALSE;
      self->mode_fps = 30;
      set_identity (self, element_kind (element), device_name, "negotiated");
    }
  g_message ("Camera: %s (%s), mode %s%s", self->device_name ? self->device_name : "unnamed",
             self->source_name, self->mode_name,
             self->below_minimum ? ", under the kiosk's minimum of 640×480 at 15 fps" : "");
}

/* The cameras and microphones present now (`klass` "Video/Source" or "Audio/Source"). One
 * monitor for the whole process, started once and never stopped: it follows hotplug (a camera
 * plugged back is listed again), and PipeWire's provider of GStreamer 1.22 / PipeWire 0.3.65
 * can corrupt the heap when stopped (seen in tests/devices/test-pipewire-camera.c). */
static GList *
list_devices (const char *klass)
{
  static GstDeviceMonitor *monitor = NULL;
  static gboolean started = FALSE;
  GList *devices, *wanted = NULL;

  if (monitor == NULL)
    {
      monitor = gst_device_monitor_new ();
      /* Raw and MJPEG alike: most webcams give their best modes only as MJPEG. */
      gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
      gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
      started = gst_device_monitor_start (monitor);
    }
  if (!started)
    return NULL;
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    if (gst_device_has_classes (l->data, klass))
      wanted = g_list_prepend (wanted, gst_object_ref (l->data));
  g_list_free_full (devices, gst_object_unref);
  return g_list_reverse (wanted);
}

static GstElement *
portal_source (VtCamera *self)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GstElement *source;
  int fd;

  fd = bus != NULL ? vt_camera_portal_open_remote (bus, 30000, &error) : -1;
  if (fd < 0)
    {
      g_warning ("No camera through the portal: %s", error ? error->message : "no session bus");
      return NULL;
    }
  source = gst_element_factory_make ("pipewiresrc", NULL);
  if (source == NULL)
    {
      close (fd);
      return NULL;
    }
  g_object_set (source, "fd", fd, NULL);
  return gst_object_ref_sink (source);
}

/* Finds a real camera, in the order of preference: libcamera, PipeWire (the camera portal
 * inside Flatpak), V4L2, then any other provider's. FALSE for none. */
static gboolean
find_device_source (VtCamera       *self,
                    VtCameraSource *source)
{
  static const char * const order[] = { "libcamerasrc", "pipewiresrc", "v4l2src" };
  g_autoptr(GstDevice) best_device = NULL;
  GList *devices = NULL;
  GstElement *best = NULL;
  guint best_rank = G_MAXUINT;

  /* Inside Flatpak the sandbox sees no camera device: the camera portal hands over a PipeWire
   * remote that shows the cameras only. */
  if (vt_camera_portal_is_sandboxed ())
    {
      GstElement *element = portal_source (self);
      GstCaps *caps;

      if (element == NULL)
        return FALSE;
      caps = probe_caps (element);
      choose_mode (self, element, "portal", caps, source);
      gst_clear_caps (&caps);
      return TRUE;
    }

  devices = list_devices ("Video/Source");

  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstElement *element = gst_device_create_element (l->data, NULL);
      guint rank = G_N_ELEMENTS (order);

      if (element == NULL)
        continue;
      gst_object_ref_sink (element);
      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        if (g_str_equal (element_kind (element), order[i]))
          rank = i;
      if (rank < best_rank)
        {
          gst_clear_object (&best);
          g_set_object (&best_device, l->data);
          best = element;
          best_rank = rank;
        }
      else
        gst_object_unref (element);
    }
  g_list_free_full (devices, gst_object_unref);

  if (best == NULL)
    return FALSE;
  {
    g_autofree char *name = gst_device_get_display_name (best_device);
    GstCaps *caps = gst_device_get_caps (best_device);

    if (caps == NULL)
      caps = probe_caps (best);
    choose_mode (self, best, name, caps, source);
    gst_clear_caps (&caps);
  }
  return TRUE;
}

/* The synthetic camera's frames say what they are, in the frame itself: whatever is taken
 * from them (preview, photo, video) carries the mark. Top left, shaded, where neither the face
 * guide (centred) nor a document's edges are; the preview shows the top band unmirrored
 * (vt_camera_paintable_set_unmirrored_band) so the word reads the right way. */
static GstElement *
mark_demonstration (GstElement *inner,
                    int         height)
{
  GstElement *bin = gst_bin_new ("synthetic");
  GstElement *overlay = gst_element_factory_make ("textoverlay", NULL);
  g_autoptr(GstPad) src = NULL;
  g_autofree char *font = NULL;

  if (overlay == NULL)
    {
      /* gstreamer1.0-x is one of build-aux/install-deps' packages. */
      g_warning ("textoverlay is missing: the synthetic camera cannot mark its frames");
      gst_object_unref (bin);
      return inner;
    }
  font = g_strdup_printf ("Sans Bold %d", MAX (height / 40, 10));
  g_object_set (overlay, "text", "DEMOSTRACIÓN", "font-desc", font, "shaded-background", TRUE,
                "valignment", 2 /* top */, "halignment", 0 /* left */,
                "xpad", 8, "ypad", 6, "auto-resize", FALSE, NULL);
  gst_bin_add_many (GST_BIN (bin), inner, overlay, NULL);
  gst_element_link (inner, overlay);
  src = gst_element_get_static_pad (overlay, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));
  return bin;
}

/* Fills `source` with a new element and the caps it is brought to before the tee. FALSE when
 * there is no camera: never a stand-in unless the synthetic one was asked for by name. */
gboolean
vt_camera_create_source (VtCamera        *self,
                         guint            max_frames,
                         VtCameraSource  *source,
                         GError         **error)
{
  GstElement *element = NULL;
  int width, height;

  memset (source, 0, sizeof *source);
  if (vt_camera_is_synthetic (self) && self->in_service)
    {
      /* A kiosk in service never takes a person's evidence from the demonstration camera. */
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_DEMONSTRATION,
                           _("Este quiosco no tiene una cámara instalada, solo la de "
                             "demostración, que no sirve para trámites. Avise al personal."));
      return FALSE;
    }
  if (!vt_camera_is_synthetic (self))
    {
      if (g_str_has_prefix (self->spec, "/dev/"))
        {
          GstCaps *caps;

          element = gst_element_factory_make ("v4l2src", NULL);
          if (element == NULL)
            {
              g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA,
                                   _("No se encontró una cámara que funcione. Avise al "
                                     "personal."));
              return FALSE;
            }
          g_object_set (element, "device", self->spec, NULL);
          gst_object_ref_sink (element);
          caps = probe_caps (element);
          choose_mode (self, element, self->spec, caps, source);
          gst_clear_caps (&caps);
          return TRUE;
        }
      if (find_device_source (self, source))
        return TRUE;
      set_identity (self, NULL, NULL, NULL);
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA,
                           _("No se encontró una cámara que funcione. Avise al personal."));
      return FALSE;
    }

  if (self->unplugged)
    {
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_NO_CAMERA,
                           _("No se encontró una cámara que funcione. Avise al personal."));
      return FALSE;
    }
  self->below_minimum = FALSE;
  self->mode_fps = VT_SYNTHETIC_FPS;
  if (g_str_equal (self->scene, "snow") || g_str_equal (self->scene, "hd"))
    {
      /* snow: the encoder's worst case, nothing repeats between frames or inside them.
       * hd: a 1280×720 camera for measuring the preview, as a real HD webcam gives. */
      gboolean hd = g_str_equal (self->scene, "hd");

      element = gst_element_factory_make ("videotestsrc", NULL);
      g_object_set (element, "is-live", self->live, NULL);
      gst_util_set_object_arg (G_OBJECT (element), "pattern", hd ? "ball" : "snow");
      if (hd)
        gst_util_set_object_arg (G_OBJECT (element), "motion", "sweep");
      if (max_frames > 0)
        g_object_set (element, "num-buffers", (int)max_frames, NULL);
      width = hd ? CAMERA_WIDTH : VT_SYNTHETIC_WIDTH;
      height = hd ? CAMERA_HEIGHT : VT_SYNTHETIC_HEIGHT;
      source->caps = gst_caps_new_simple ("video/x-raw", "width", G_TYPE_INT, width,
                                          "height", G_TYPE_INT, height,
                                          "framerate", GST_TYPE_FRACTION, VT_SYNTHETIC_FPS, 1,
                                          NULL);
    }
  else
    {
      /* A page under the document camera comes at 1280×960; the other scenes at 640×480. */
      element = vt_synthetic_source_new (self->scene, self->live, max_frames);
      vt_synthetic_source_get_size (self->scene, &width, &height);
    }
  source->element = gst_object_ref_sink (mark_demonstration (element, height));
  source->output_caps = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=%d/1",
                                         width, height, VT_SYNTHETIC_FPS);
  {
    g_autofree char *mode = g_strdup_printf ("%s %d×%d %d fps", self->scene, width, height,
                                             VT_SYNTHETIC_FPS);

    set_identity (self, "synthetic", "Cámara de demostración", mode);
  }
  return TRUE;
}

/* How much a device is preferred as the microphone: the audio server's default source, then
 * any source, a sink's monitor last. */
static int
microphone_score (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  const char *klass = props ? gst_structure_get_string (props, "device.class") : NULL;
  gboolean is_default = FALSE;

  if (props != NULL)
    gst_structure_get_boolean (props, "is-default", &is_default);
  if (g_strcmp0 (klass, "monitor") == 0)
    return 0;
  return is_default ? 2 : 1;
}

static int
compare_microphones (gconstpointer a,
                     gconstpointer b)
{
  return microphone_score (GST_DEVICE ((gpointer)b)) - microphone_score (GST_DEVICE ((gpointer)a));
}

/* TRUE for an element that gives sound: a device listed as a source can still be made into a
 * sink (PipeWire's provider makes a virtual source, which also takes sound in, a
 * pipewiresink), and a sink never links to the microphone's branch. */
static gboolean
gives_sound (GstElement *element)
{
  g_autoptr(GstPad) src = gst_element_get_static_pad (element, "src");
  g_autoptr(GstPad) sink = gst_element_get_static_pad (element, "sink");

  return src != NULL && sink == NULL && !GST_OBJECT_FLAG_IS_SET (element, GST_ELEMENT_FLAG_SINK);
}

/* The microphone, found as the camera is: through the device monitor, the most preferred
 * device that gives sound. A new element (full reference), or NULL when there is no
 * microphone: never a stand-in. */
GstElement *
vt_camera_create_microphone (VtCamera *self)
{
  GList *devices = g_list_sort (list_devices ("Audio/Source"), compare_microphones);
  GstElement *element = NULL;

  g_clear_pointer (&self->microphone_name, g_free);
  for (GList *l = devices; l != NULL && element == NULL; l = l->next)
    {
      element = gst_device_create_element (l->data, NULL);
      if (element == NULL)
        continue;
      gst_object_ref_sink (element);
      if (!gives_sound (element))
        {
          g_message ("Microphone: a device listed as a source gives a %s, no sound: skipped",
                     G_OBJECT_TYPE_NAME (element));
          gst_clear_object (&element);
          continue;
        }
      self->microphone_name = gst_device_get_display_name (l->data);
    }
  g_list_free_full (devices, gst_object_unref);
  if (element == NULL)
    return NULL;
  /* An audio source's ring buffer holds 200 ms by default: on a busy kiosk the streaming
   * thread can be kept waiting longer than that, and the samples lost are a person's words
   * the speech verdict then misses (seen with pulsesrc in tests/devices/test-microphone.c).
   * Two seconds cost 350 kB and add no latency: the source still hands over every 10 ms. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "buffer-time") != NULL)
    g_object_set (element, "buffer-time", (gint64)(2 * G_USEC_PER_SEC), NULL);
  return element;
}

char *
vt_camera_audio_source_description (VtCamera *self,
                                    guint     seconds)
{
  g_autofree char *limit = NULL;

  /* A real microphone is linked into this placeholder (vt_camera_create_microphone ()). */
  if (!vt_camera_is_synthetic (self))
    return g_strdup ("queue name=mic max-size-time=1000000000 max-size-buffers=0"
                     " max-size-bytes=0 leaky=downstream");

  /* A non-live source must end by itself, as a real one is stopped by the clock. */
  limit = !self->live && seconds > 0 ? g_strdup_printf (" num-buffers=%u", seconds * 44100 / 1024 + 1)
                                     : g_strdup ("");
  if (vt_camera_speaks (self) && self->speech_wav != NULL)
    return g_strdup_printf ("giostreamsrc name=speech ! wavparse%s",
                            self->live ? " ! identity sync=true" : "");
  /* Silent while the speech is being rendered; a tone when there is nothing to say. */
  if (g_str_equal (self->audio, "silence")
      || (vt_camera_speaks (self) && self->speech_text != NULL && !self->speech_failed))
    return g_strdup_printf ("audiotestsrc is-live=%d wave=silence samplesperbuffer=1024%s",
                            self->live, limit);
  if (g_str_equal (self->audio, "tone") || vt_camera_speaks (self))
    return g_strdup_printf ("audiotestsrc is-live=%d wave=sine freq=220 volume=0.2"
                            " samplesperbuffer=1024%s", self->live, limit);
  {
    g_autofree char *quoted = g_strescape (self->audio, NULL);

    return g_strdup_printf ("filesrc location=\"%s\" ! wavparse%s", quoted,
                            self->live ? " ! identity sync=true" : "");
  }
}

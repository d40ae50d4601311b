/* vt-photo-command.c — `ventanilla --check-photo FILE`, for technicians.
 *
 * Runs the very verdict the face-photo page uses (the face and the identity document held
 * beside it) on a picture, through the same analysis branch as the camera (scaled to 640
 * wide, the same face detector and sizes), and prints it as JSON: a way to try a kiosk's
 * camera and light, and the photo fixtures' door.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"

#include "vt-photo-command.h"

#include "vt-camera-private.h"
#include "vt-photo-check.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>

#define DECODE_TIMEOUT_SECONDS 30

typedef struct
{
  GArray   *faces;
  gboolean  detected;
} Detection;

static void
read_faces (GstMessage *message,
            Detection  *detection)
{
  const GstStructure *s = gst_message_get_structure (message);

  if (s == NULL || !gst_structure_has_name (s, "facedetect"))
    return;
  detection->detected = TRUE;
  vt_camera_read_faces (s, detection->faces);
}

/* Decodes the picture, finds its faces and judges it; FALSE with `error` when it cannot be
 * read. */
static gboolean
check_photo_file (const char      *path,
                  gboolean        *detector,
                  VtPhotoVerdict  *verdict,
                  GError         **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GArray) faces = g_array_new (FALSE, TRUE, sizeof (VtFace));
  g_autofree char *branch = NULL;
  g_autofree char *description = NULL;
  g_autofree char *reason = NULL;
  Detection detection = { faces, FALSE };
  GstVideoInfo info;
  GstVideoFrame frame;
  gboolean ended = FALSE;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No existe el archivo «%s»."),
                   path);
      return FALSE;
    }
  *detector = vt_camera_has_face_detector (NULL);
  branch = vt_camera_analysis_description (*detector, 0, "sink");
  description = g_strdup_printf ("filesrc name=source ! decodebin ! videoconvert ! %s", branch);
  pipeline = gst_parse_launch (description, &parse_error);
  if (pipeline == NULL || parse_error != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No se pudo preparar la lectura: %s"),
                   parse_error != NULL ? parse_error->message : "");
      return FALSE;
    }
  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "location", path, NULL);
  /* The camera's detector, asked for the small face on a card as the photo page asks. */
  {
    g_autoptr(GstElement) detect = gst_bin_get_by_name (GST_BIN (pipeline), "faces");
    int size = vt_camera_analysis_min_face (VT_ANALYSIS_FACE_WITH_DOCUMENT);

    if (detect != NULL)
      g_object_set (detect, "min-size-width", size, "min-size-height", size, NULL);
  }
  /* One picture: the sink keeps it for us to pull once the stream has ended. */
  g_object_set (sink, "drop", FALSE, "max-buffers", 2, "wait-on-eos", FALSE, NULL);
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    {
      gint64 deadline = g_get_monotonic_time () + DECODE_TIMEOUT_SECONDS * G_USEC_PER_SEC;

      while (!ended)
        {
          g_autoptr(GstMessage) message = NULL;
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            {
              reason = g_strdup (_("la lectura no terminó a tiempo"));
              break;
            }
          message = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
                                                GST_MESSAGE_EOS | GST_MESSAGE_ERROR
                                                | GST_MESSAGE_ELEMENT);
          if (message == NULL)
            continue;
          if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT)
            read_faces (message, &detection);
          else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
            ended = TRUE;
          else
            {
              g_autoptr(GError) gst_error = NULL;

              gst_message_parse_error (message, &gst_error, NULL);
              reason = g_strdup (gst_error != NULL ? gst_error->message : "");
              break;
            }
        }
    }
  if (ended)
    sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 0);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No se pudo leer la imagen de «%s»: %s"), path,
                   reason != NULL ? reason : _("no es una imagen"));
      return FALSE;
    }
  vt_photo_check_frame (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GST_VIDEO_FRAME_WIDTH (&frame),
                        GST_VIDEO_FRAME_HEIGHT (&frame), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                        (const VtFace *)faces->data, faces->len,
                        *detector ? VT_PHOTO_CHECK_FACE | VT_PHOTO_CHECK_DOCUMENT
                                  : VT_PHOTO_CHECK_EXPOSURE,
                        verdict);
  gst_video_frame_unmap (&frame);
  return TRUE;
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_rectangle (JsonBuilder *builder,
               const char  *name,
               int          x,
               int          y,
               int          width,
               int          height)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_int_value (builder, x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_int_value (builder, y);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_end_object (builder);
}

static char *
verdict_json (const VtPhotoVerdict *verdict,
              gboolean              detector)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_boolean_value (builder, verdict->problem == VT_PHOTO_OK && detector);
  json_builder_set_member_name (builder, "problem");
  json_builder_add_string_value (builder, detector ? vt_photo_problem_name (verdict->problem)
                                                   : "no-face-detector");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, vt_photo_problem_message (verdict->problem));
  json_builder_set_member_name (builder, "face_detector");
  json_builder_add_boolean_value (builder, detector);
  json_builder_set_member_name (builder, "faces");
  json_builder_add_int_value (builder, verdict->n_faces);
  if (verdict->face.width > 0)
    add_rectangle (builder, "face", verdict->face.x, verdict->face.y, verdict->face.width,
                   verdict->face.height);
  json_builder_set_member_name (builder, "document_found");
  json_builder_add_boolean_value (builder, verdict->has_document
                                           || verdict->problem == VT_PHOTO_ONLY_DOCUMENT);
  if (verdict->document.width > 0)
    {
      add_rectangle (builder, "document", verdict->document.x, verdict->document.y,
                     verdict->document.width, verdict->document.height);
      add_rectangle (builder, "document_photo", verdict->document.face.x,
                     verdict->document.face.y, verdict->document.face.width,
                     verdict->document.face.height);
      add_double (builder, "document_edge", verdict->document.edge);
    }
  add_double (builder, "face_width_ratio", verdict->face_width_ratio);
  add_double (builder, "sharpness", verdict->sharpness);
  add_double (builder, "mean_luma", verdict->mean_luma);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

gboolean
vt_photo_command_run (int    argc,
                      char **argv,
                      int   *status)
{
  g_autofree char *file = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  gboolean wanted = FALSE;
  gboolean detector = FALSE;
  VtPhotoVerdict verdict;
  const GOptionEntry entries[] = {
    { "check-photo", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("Revisa una foto del rostro con el documento de identidad como lo hace la página de "
         "la foto; muestra el veredicto en JSON"),
      N_("ARCHIVO") },
    { NULL }
  };

  g_return_val_if_fail (status != NULL, FALSE);

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--check-photo") || g_str_has_prefix (argv[i], "--check-photo="))
      wanted = TRUE;
  if (!wanted)
    return FALSE;

  *status = 2;
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return TRUE;
    }
  if (file == NULL)
    {
      g_printerr ("%s\n", _("Uso: ventanilla --check-photo ARCHIVO"));
      return TRUE;
    }

  gst_init (NULL, NULL);
  if (!check_photo_file (file, &detector, &verdict, &error))
    {
      g_printerr ("%s\n", error->message);
      return TRUE;
    }
  json = verdict_json (&verdict, detector);
  g_print ("%s\n", json);
  /* Without the face detector nothing can be said of the face or the document. */
  if (!detector)
    {
      g_printerr ("%s\n", _("Falta el detector de rostros (gstreamer1.0-opencv y opencv-data)."));
      return TRUE;
    }
  *status = verdict.problem == VT_PHOTO_OK ? 0 : 1;
  return TRUE;
}

/* vt-video-check.c — the video's byte budget, its teleprompter lines and its verification.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-capture"
/* memfd_create () */
#define _GNU_SOURCE

#include "vt-video-check.h"

#include "vt-camera.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <gst/pbutils/pbutils.h>
#include <sys/mman.h>
#include <unistd.h>

/* Fragmented MP4 costs about 2 % (moof/trun entries for ~75 samples a second) plus the header. */
#define CONTAINER_OVERHEAD 0.02
#define CONTAINER_FIXED 16384
/* x264's CBR holds the average over its one-second VBV window, not every second exactly. */
#define RATE_MARGIN 0.05

void
vt_video_budget_compute (guint64        budget_bytes,
                         guint          max_seconds,
                         VtVideoBudget *budget)
{
  double usable, total_kbps;

  g_return_if_fail (budget != NULL);
  g_return_if_fail (max_seconds > 0);

  usable = (double)budget_bytes * (1.0 - CONTAINER_OVERHEAD - RATE_MARGIN) - CONTAINER_FIXED;
  total_kbps = usable * 8.0 / 1000.0 / max_seconds;
  budget->budget_bytes = budget_bytes;
  budget->max_seconds = max_seconds;
  budget->audio_kbps = VT_VIDEO_AUDIO_KBPS;
  budget->video_kbps = (guint)MAX (total_kbps - VT_VIDEO_AUDIO_KBPS, 100.0);
  /* Three seconds at the full rate: the muxer's open fragment, the encoder's queue and the
   * last fragment written after EOS. */
  budget->reserve_bytes = (guint64)((budget->video_kbps + budget->audio_kbps) * 1000.0 / 8.0 * 3)
                          + CONTAINER_FIXED;
}

guint
vt_video_count_words (const char *text)
{
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (text == NULL)
    return 0;
  words = g_strsplit_set (text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      n++;
  return n;
}

char **
vt_video_split_lines (const char *text,
                      guint       max_chars)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (line->len > 0
          && g_utf8_strlen (line->str, -1) + 1 + g_utf8_strlen (words[i], -1) > max_chars)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }
      if (line->len > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, words[i]);
      /* A sentence ends the line early, so the person pauses where the text does. */
      if (g_str_has_suffix (words[i], ".") && g_utf8_strlen (line->str, -1) > max_chars / 2)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup (line->str));
  g_ptr_array_add (lines, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static gboolean
verify_path (const char   *path,
             guint64       bytes,
             guint64       max_bytes,
             VtVideoInfo  *info,
             GError      **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) result = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GList *streams;

  memset (info, 0, sizeof *info);
  info->bytes = bytes;

  discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  if (discoverer != NULL)
    result = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (result == NULL || gst_discoverer_info_get_result (result) != GST_DISCOVERER_OK)
    {
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_WRITE,
                           _("El video no se guardó bien. Grábelo de nuevo."));
      return FALSE;
    }

  info->duration_s = (double)gst_discoverer_info_get_duration (result) / GST_SECOND;
  streams = gst_discoverer_info_get_video_streams (result);
  info->has_video = streams != NULL;
  if (streams != NULL)
    {
      GstDiscovererVideoInfo *video = streams->data;

      info->width = (int)gst_discoverer_video_info_get_width (video);
      info->height = (int)gst_discoverer_video_info_get_height (video);
    }
  gst_discoverer_stream_info_list_free (streams);
  streams = gst_discoverer_info_get_audio_streams (result);
  info->has_audio = streams != NULL;
  gst_discoverer_stream_info_list_free (streams);

  if (!info->has_video || !info->has_audio || info->duration_s <= 0.5)
    {
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_WRITE,
                           _("Al video le falta la imagen o el sonido. Grábelo de nuevo."));
      return FALSE;
    }
  if (info->bytes > max_bytes)
    {
      g_set_error_literal (error, VT_CAPTURE_ERROR, VT_CAPTURE_ERROR_WRITE,
                           _("El video pesa más de lo que acepta el IESS. Grábelo de nuevo."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vt_video_verify_file (const char   *path,
                      guint64       max_bytes,
                      VtVideoInfo  *info,
                      GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) file_info = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  file = g_file_new_for_path (path);
  file_info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  return verify_path (path, file_info ? (guint64)g_file_info_get_size (file_info) : 0,
                      max_bytes, info, error);
}

typedef struct
{
  GBytes      *data;
  guint64      max_bytes;
  VtVideoInfo  info;
} Verify;

static void
verify_free (gpointer data)
{
  Verify *verify = data;

  g_bytes_unref (verify->data);
  g_free (verify);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Verify *verify = task_data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (verify->data, &size);
  gsize written = 0;
  int fd;

  /* An anonymous file in memory that GstDiscoverer can open by name, through /proc. */
  fd = memfd_create ("vt-video-check", MFD_CLOEXEC);
  if (fd < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("El video no se pudo revisar. Grábelo de nuevo."));
      return;
    }
  while (written < size)
    {
      ssize_t n = write (fd, bytes + written, size - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += (gsize)n;
    }
  if (written < size)
    {
      close (fd);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("El video no se pudo revisar. Grábelo de nuevo."));
      return;
    }
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  if (!verify_path (path, size, verify->max_bytes, &verify->info, &error))
    {
      close (fd);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  close (fd);
  g_task_return_boolean (task, TRUE);
}

void
vt_video_verify_bytes_async (GBytes              *data,
                             guint64              max_bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Verify *verify;

  g_return_if_fail (data != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_video_verify_bytes_async);
  verify = g_new0 (Verify, 1);
  verify->data = g_bytes_ref (data);
  verify->max_bytes = max_bytes;
  g_task_set_task_data (task, verify, verify_free);
  g_task_run_in_thread (task, verify_thread);
}

gboolean
vt_video_verify_bytes_finish (GAsyncResult  *result,
                              VtVideoInfo   *info,
                              GError       **error)
{
  Verify *verify;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  verify = g_task_get_task_data (G_TASK (result));
  if (info != NULL)
    *info = verify->info;
  return g_task_propagate_boolean (G_TASK (result), error);
}

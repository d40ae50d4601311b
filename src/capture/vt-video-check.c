/* vt-video-check.c — the video's byte budget, its speech coverage and its verification.
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
/* A calm reader says about 2.5 words a second; speech below half of that time is not the text. */
#define WORDS_PER_SECOND 2.5
#define MAX_SILENCE 3.0

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

void
vt_speech_check (const double    *rms_db,
                 guint            n,
                 const guint     *line_words,
                 guint            n_lines,
                 VtSpeechVerdict *verdict)
{
  double step = VT_VIDEO_LEVEL_INTERVAL_MS / 1000.0;
  guint total_words = 0, first = G_MAXUINT, last = 0, speech = 0, gap = 0, longest = 0;
  guint i, l, start_word = 0;

  g_return_if_fail (verdict != NULL);

  memset (verdict, 0, sizeof *verdict);
  for (l = 0; l < n_lines; l++)
    total_words += line_words[l];
  verdict->needed_seconds = total_words / WORDS_PER_SECOND;

  for (i = 0; i < n; i++)
    {
      if (rms_db[i] >= VT_VIDEO_SPEECH_DB)
        {
          if (first == G_MAXUINT)
            first = i;
          last = i;
          speech++;
          longest = MAX (longest, gap);
          gap = 0;
        }
      else if (first != G_MAXUINT)
        gap++;
    }
  verdict->speech_seconds = speech * step;
  verdict->longest_silence = longest * step;
  verdict->coverage = verdict->needed_seconds > 0
                      ? MIN (1.0, verdict->speech_seconds / verdict->needed_seconds) : 1.0;

  if (speech == 0)
    {
      verdict->problem = VT_SPEECH_NONE;
      return;
    }
  if (verdict->longest_silence > MAX_SILENCE)
    {
      verdict->problem = VT_SPEECH_LONG_SILENCE;
      return;
    }
  if (verdict->speech_seconds < verdict->needed_seconds * 0.5)
    {
      verdict->problem = VT_SPEECH_TOO_SHORT;
      return;
    }

  /* Each line gets its share of the spoken span by its words; each share must hold speech. */
  for (l = 0; l < n_lines && total_words > 0; l++)
    {
      guint from = first + (guint)((double)(last - first + 1) * start_word / total_words);
      guint to = first + (guint)((double)(last - first + 1) * (start_word + line_words[l])
                                 / total_words);
      guint voiced = 0;

      for (i = from; i < MIN (to, n); i++)
        if (rms_db[i] >= VT_VIDEO_SPEECH_DB)
          voiced++;
      if (line_words[l] > 0 && voiced == 0)
        {
          verdict->problem = VT_SPEECH_LINE_MISSED;
          verdict->missed_line = l;
          return;
        }
      start_word += line_words[l];
    }
  verdict->problem = VT_SPEECH_OK;
}

char *
vt_speech_verdict_message (const VtSpeechVerdict *verdict)
{
  switch (verdict->problem)
    {
    case VT_SPEECH_OK:
      return g_strdup (_("Se escuchó todo el texto."));
    case VT_SPEECH_NONE:
      return g_strdup (_("No se escuchó su voz. Revise que nada tape el micrófono, hable más "
                         "fuerte y grabe de nuevo."));
    case VT_SPEECH_LONG_SILENCE:
      return g_strdup_printf (_("Hubo un silencio de %.0f segundos. El IESS necesita el texto "
                                "leído completo y seguido: grabe de nuevo."),
                              verdict->longest_silence);
    case VT_SPEECH_TOO_SHORT:
      return g_strdup (_("Se escuchó muy poco del texto. Lea todas las líneas en voz alta y "
                         "grabe de nuevo."));
    case VT_SPEECH_LINE_MISSED:
      return g_strdup_printf (_("No se escuchó la línea %u del texto. Léala en voz alta y grabe "
                                "de nuevo."), verdict->missed_line + 1);
    default:
      g_assert_not_reached ();
    }
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

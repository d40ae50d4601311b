/* vt-probe.c — what the benchmarks read from the running kiosk; see vt-probe.h.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-probe"

#include "vt-probe.h"

#include "capture/vt-camera-paintable.h"
#include "wizard/vt-assistant.h"

#include <string.h>
#include <unistd.h>

/* The handicap: each paint costs this much CPU more, the first one comes this late, and the
 * process holds this much more memory. Each is beyond what its benchmark gate allows. */
#define HANDICAP_PAINT_US (40 * 1000)
#define HANDICAP_FIRST_PAINT_US (6 * G_USEC_PER_SEC)
#define HANDICAP_BALLAST_BYTES (300 * 1024 * 1024)

typedef struct
{
  VtWindow      *window;  /* not owned: the probe lives as long as the window */
  GdkFrameClock *clock;
  char          *path;
  gboolean       handicap;
  gint64         first_paint_us;
  guint64        last_serial;
  guint64        camera_frames_painted;
  guint64        paints;
  guint          timeout_id;
} VtProbe;

/* Kept for the life of the process, so that it counts in the resident set. */
static guint8 *ballast;

/* The mapped picture showing @paintable, if any: its size is what the preview paints. */
static GtkWidget *
find_picture (GtkWidget    *widget,
              GdkPaintable *paintable)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) == paintable)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture (child, paintable);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
probe_write (VtProbe *probe)
{
  VtAssistant *assistant = vt_window_get_assistant (probe->window);
  VtPage *page = assistant != NULL ? vt_assistant_get_current_page (assistant) : NULL;
  VtCamera *camera = vt_window_get_camera (probe->window);
  GdkPaintable *paintable = camera != NULL ? vt_camera_get_paintable (camera) : NULL;
  GtkWidget *picture = paintable != NULL ? find_picture (GTK_WIDGET (probe->window), paintable)
                                         : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Page and screen names are the procedure's, never a person's answers; the camera's source
   * element and mode are the kiosk's own words (vt-camera-source.c), no quotes in them. */
  text = g_strdup_printf ("{\"pid\": %d, \"first_paint_us\": %" G_GINT64_FORMAT
                          ", \"now_us\": %" G_GINT64_FORMAT
                          ", \"camera_frames_painted\": %" G_GUINT64_FORMAT
                          ", \"paints\": %" G_GUINT64_FORMAT
                          ", \"preview_width\": %d, \"preview_height\": %d"
                          ", \"camera_source\": \"%s\", \"camera_mode\": \"%s\""
                          ", \"screen\": \"%s\", \"page\": \"%s\", \"handicap\": %s}\n",
                          (int)getpid (), probe->first_paint_us, g_get_monotonic_time (),
                          probe->camera_frames_painted, probe->paints,
                          picture != NULL ? gtk_widget_get_width (picture) : 0,
                          picture != NULL ? gtk_widget_get_height (picture) : 0,
                          camera != NULL ? vt_camera_get_source_name (camera) ?: "" : "",
                          camera != NULL ? vt_camera_get_mode (camera) ?: "" : "",
                          vt_window_get_visible_name (probe->window) ?: "",
                          page != NULL ? vt_page_get_page_id (page) : "",
                          probe->handicap ? "true" : "false");
  if (!g_file_set_contents (probe->path, text, -1, &error))
    g_printerr ("VENTANILLA_PROBE: %s\n", error->message);
}

static gboolean
probe_tick_cb (gpointer user_data)
{
  probe_write (user_data);
  return G_SOURCE_CONTINUE;
}

static void
busy_wait (gint64 usec)
{
  gint64 end = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < end)
    ;
}

/* A camera frame counts as painted when the window has painted since the paintable took it:
 * the paintable invalidates its contents on each new frame, so that paint drew it. */
static void
after_paint_cb (GdkFrameClock *clock,
                VtProbe       *probe)
{
  VtCamera *camera = vt_window_get_camera (probe->window);
  GdkPaintable *paintable = camera != NULL ? vt_camera_get_paintable (camera) : NULL;

  probe->paints++;
  if (paintable != NULL && VT_IS_CAMERA_PAINTABLE (paintable))
    {
      guint64 serial = vt_camera_paintable_get_frames (VT_CAMERA_PAINTABLE (paintable));

      if (serial != probe->last_serial)
        probe->camera_frames_painted++;
      probe->last_serial = serial;
    }

  if (probe->first_paint_us == 0)
    {
      if (probe->handicap)
        g_usleep (HANDICAP_FIRST_PAINT_US);
      probe->first_paint_us = g_get_monotonic_time ();
      probe_write (probe);
    }
  else if (probe->handicap)
    busy_wait (HANDICAP_PAINT_US);
}

static void
probe_free (gpointer data)
{
  VtProbe *probe = data;

  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (probe->clock != NULL)
    g_signal_handlers_disconnect_by_func (probe->clock, after_paint_cb, probe);
  g_clear_object (&probe->clock);
  g_free (probe->path);
  g_free (probe);
}

static void
open_page (VtWindow   *window,
           const char *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, "/", 2);
  VtAssistant *assistant;

  if (g_strv_length (parts) != 2)
    {
      g_printerr ("VENTANILLA_PROBE_PAGE: expected PROCEDURE/PAGE\n");
      return;
    }
  vt_window_start_procedure (window, parts[0]);
  assistant = vt_window_get_assistant (window);
  if (assistant == NULL || !vt_assistant_go_to (assistant, parts[1]))
    g_printerr ("VENTANILLA_PROBE_PAGE: no page %s in %s\n", parts[1], parts[0]);
}

void
vt_probe_attach (VtWindow *window,
                 gboolean  kiosk_mode)
{
  const char *path = g_getenv ("VENTANILLA_PROBE");
  const char *page = g_getenv ("VENTANILLA_PROBE_PAGE");
  VtProbe *probe;

  g_return_if_fail (VT_IS_WINDOW (window));

  /* Opening a procedure halfway skips its earlier pages: never on a kiosk serving people. */
  if (page != NULL && *page != '\0' && !kiosk_mode)
    open_page (window, page);
  if (path == NULL || *path == '\0')
    return;

  probe = g_new0 (VtProbe, 1);
  probe->window = window;
  probe->path = g_strdup (path);
  probe->handicap = g_strcmp0 (g_getenv ("VENTANILLA_PROBE_HANDICAP"), "1") == 0;
  if (probe->handicap && ballast == NULL)
    {
      ballast = g_malloc (HANDICAP_BALLAST_BYTES);
      memset (ballast, 1, HANDICAP_BALLAST_BYTES);
    }
  probe->clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (probe->clock != NULL)
    {
      g_object_ref (probe->clock);
      g_signal_connect (probe->clock, "after-paint", G_CALLBACK (after_paint_cb), probe);
    }
  probe->timeout_id = g_timeout_add_seconds (1, probe_tick_cb, probe);
  g_object_set_data_full (G_OBJECT (window), "vt-probe", probe, probe_free);
}

/* bench-keyboard.c — on-screen keyboard latencies, each run printing one JSON object on stdout.
 *
 *   bench-keyboard keys SAMPLES       a touch on the on-screen keyboard's «a» key (XTest press
 *                                     and release) to the frame that paints the «a» in the entry
 *   bench-keyboard plain-keys SAMPLES the baseline: a physical key (XTest) typed into a plain
 *                                     GtkEntry in a minimal window, to the frame that paints it
 *   bench-keyboard show SAMPLES       a field taking the focus to the first painted frame with
 *                                     the keyboard on screen
 *   bench-keyboard plain-show SAMPLES the baseline: a plain entry taking the focus to the first
 *                                     frame painted after it
 *
 * Times start at the X server's time of the press (the event's own time: Xvfb stamps events
 * with the monotonic clock in milliseconds) and end when the frame clock's "after-paint" runs for
 * the first frame painted after the entry's text changed. VT_BENCH_HANDICAP_MS makes the
 * keyboard's window sleep that long in every paint (to see the gate fail).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "keyboard/vt-keyboard-dock.h"

#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>
#include <X11/keysym.h>

typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
typedef int (*FakeKeyFunc) (Display *, unsigned int, Bool, unsigned long);

static FakeMotionFunc fake_motion;
static FakeButtonFunc fake_button;
static FakeKeyFunc fake_key;

static guint32 press_time;       /* X server time of the press being measured, ms */
static gboolean changed;         /* the text changed; the next painted frame ends the sample */
static gint64 start_us;          /* for "show": when the focus moved (monotonic) */
static double result_ms = -1;
static GtkWidget *watched;       /* for "show": the keyboard, painted when it has a height */
static guint handicap_ms;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static gboolean
press_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          gpointer                  data)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_KEY_PRESS)
    press_time = gdk_event_get_time (event);
  return GDK_EVENT_PROPAGATE;
}

static void
changed_cb (GtkEditable *editable,
            gpointer     data)
{
  if (*gtk_editable_get_text (editable) != '\0')
    changed = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (watched != NULL)
    {
      if (start_us > 0 && result_ms < 0 && gtk_widget_get_mapped (watched)
          && gtk_widget_get_height (watched) > 0)
        result_ms = (now - start_us) / 1000.0;
      return;
    }
  if (start_us > 0 && result_ms < 0)
    {
      result_ms = (now - start_us) / 1000.0;
      return;
    }
  if (changed && result_ms < 0)
    {
      /* The server's clock is the monotonic clock in ms, cut to 32 bits. */
      guint32 now_ms = (guint32)(now / 1000);
      result_ms = (double)(guint32)(now_ms - press_time) + (now % 1000) / 1000.0;
    }
}

static void
handicap_cb (GdkFrameClock *clock,
             gpointer       data)
{
  g_usleep (handicap_ms * 1000);
}

static Display *
xdisplay_of (GtkWidget *widget)
{
  if (fake_motion == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      if (xtst == NULL)
        g_error ("libXtst.so.6 is needed");
      fake_motion = (FakeMotionFunc)dlsym (xtst, "XTestFakeMotionEvent");
      fake_button = (FakeButtonFunc)dlsym (xtst, "XTestFakeButtonEvent");
      fake_key = (FakeKeyFunc)dlsym (xtst, "XTestFakeKeyEvent");
    }
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
}

/* A touch with no hold: press and release at once on the widget's centre. */
static void
tap (GtkWidget *window,
     GtkWidget *widget)
{
  Display *xdisplay = xdisplay_of (window);
  graphene_point_t point;
  Window child;
  int root_x = 0, root_y = 0;
  double dx = 0, dy = 0;

  if (!gtk_widget_compute_point (widget, window,
                                 &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                       gtk_widget_get_height (widget) / 2.f),
                                 &point))
    g_error ("The key is not on screen");
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                         DefaultRootWindow (xdisplay), 0, 0, &root_x, &root_y, &child);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  fake_motion (xdisplay, -1, root_x + (int)(dx + point.x), root_y + (int)(dy + point.y), 0);
  XFlush (xdisplay);
  wait_ms (30);
  fake_button (xdisplay, 1, True, 0);
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);
}

static void
type_key (GtkWidget *window)
{
  Display *xdisplay = xdisplay_of (window);
  KeyCode code = XKeysymToKeycode (xdisplay, XK_a);

  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  XFlush (xdisplay);
}

static GtkWidget *
find_key (GtkWidget  *root,
          const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "osk-key")
      && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root)))
      && g_str_equal (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (root)))),
                      text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_key (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
report (GArray *samples)
{
  g_autoptr(GString) json = g_string_new ("{\"samples\": [");
  double median, p95;

  g_array_sort (samples, compare);
  for (guint i = 0; i < samples->len; i++)
    g_string_append_printf (json, "%s%.2f", i ? ", " : "", g_array_index (samples, double, i));
  median = g_array_index (samples, double, samples->len / 2);
  p95 = g_array_index (samples, double, MIN (samples->len - 1, (guint)(samples->len * 0.95)));
  g_string_append_printf (json, "], \"median_ms\": %.2f, \"p95_ms\": %.2f}", median, p95);
  g_print ("%s\n", json->str);
}

static gboolean
sample_done (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (result_ms < 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return result_ms >= 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  const char *mode = argc > 1 ? argv[1] : "keys";
  guint n = argc > 2 ? (guint)atoi (argv[2]) : 60;
  gboolean with_keyboard = !g_str_has_prefix (mode, "plain-");
  gboolean show = g_str_has_suffix (mode, "show");
  GtkWidget *window, *entry, *other, *box, *scroller;
  GtkEventController *legacy;
  GdkFrameClock *clock;
  VtKeyboardDock *dock = NULL;

  gtk_init ();
  if (g_getenv ("VT_BENCH_HANDICAP_MS") != NULL && with_keyboard)
    handicap_ms = (guint)atoi (g_getenv ("VT_BENCH_HANDICAP_MS"));

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  /* Something else to hold the focus between samples. */
  other = gtk_button_new_with_label ("Otro");
  gtk_box_append (GTK_BOX (box), other);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  if (with_keyboard)
    {
      dock = VT_KEYBOARD_DOCK (vt_keyboard_dock_new ());
      scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
      vt_keyboard_dock_set_child (dock, scroller);
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (dock));
    }
  else
    gtk_window_set_child (GTK_WINDOW (window), box);
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (press_cb), NULL);
  gtk_widget_add_controller (window, legacy);
  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (800);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  if (handicap_ms > 0)
    g_signal_connect (clock, "paint", G_CALLBACK (handicap_cb), NULL);

  if (show)
    {
      watched = dock != NULL ? GTK_WIDGET (vt_keyboard_dock_get_keyboard (dock)) : NULL;
      for (guint i = 0; i < n; i++)
        {
          gtk_widget_grab_focus (other);
          wait_ms (400);
          result_ms = -1;
          start_us = g_get_monotonic_time ();
          gtk_widget_grab_focus (entry);
          if (!sample_done (5000))
            g_error ("No frame painted with the keyboard");
          g_array_append_val (samples, result_ms);
          start_us = 0;
        }
    }
  else
    {
      GtkWidget *key = NULL;

      gtk_widget_grab_focus (entry);
      wait_ms (500);
      if (dock != NULL)
        key = find_key (GTK_WIDGET (vt_keyboard_dock_get_keyboard (dock)), "a");
      for (guint i = 0; i < n; i++)
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), "");
          wait_ms (150);
          changed = FALSE;
          result_ms = -1;
          press_time = 0;
          if (key != NULL)
            tap (window, key);
          else
            type_key (window);
          if (!sample_done (5000))
            g_error ("No frame painted the typed key");
          if (press_time == 0)
            g_error ("The press never reached the window");
          g_array_append_val (samples, result_ms);
        }
    }
  report (samples);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

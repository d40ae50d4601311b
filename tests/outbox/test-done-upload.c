/* test-done-upload.c — the confirmation page follows its submission's upload, with the real
 * queue, uploader and tus server (behind the fault proxy), in a real window under Xvfb.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"
#include "procedures/vt-procedure.h"
#include "vt-test-ui.h"
#include "vt-tus-harness.h"
#include "wizard/vt-done-page.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#define ATTACHMENT_SIZE (4 * 1024 * 1024)
#define SENT_TEXT "Recibida por la oficina del IESS, que la ingresará en la Ventanilla Virtual"
#define OFFLINE_TEXT "Se enviará cuando haya conexión"

typedef struct
{
  VtTusHarness *h;
  char         *queue_dir;
  VtQueue      *queue;
  VtTusClient  *client;
  VtUploader   *uploader;
  GPtrArray    *procedures;
  GtkWidget    *window;
  VtDonePage   *page;
  GPtrArray    *seen;            /* every upload status text the page showed, in order */
  guint         progress_off_main;
  char         *id;
  char         *code;
  gboolean      added;
  GError       *add_error;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (vt_tus_harness_unavailable () != NULL)
    return;
  f->h = vt_tus_harness_start (NULL);
  f->queue_dir = g_dir_make_tmp ("vt-done-upload-XXXXXX", &error);
  g_assert_no_error (error);
  f->queue = vt_queue_open (f->queue_dir, &error);
  g_assert_no_error (error);
  f->client = vt_tus_client_new (f->h->endpoint, NULL);
  vt_tus_client_set_timeout (f->client, 10);
  vt_tus_client_set_backoff (f->client, 20, 200);
  f->uploader = vt_uploader_new (f->queue, f->client);
  vt_uploader_set_attempts_per_pass (f->uploader, 2);
  f->procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  f->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  if (f->uploader != NULL)
    vt_uploader_stop (f->uploader);
  g_clear_object (&f->uploader);
  g_clear_object (&f->client);
  g_clear_object (&f->queue);
  g_clear_pointer (&f->h, vt_tus_harness_stop);
  if (f->queue_dir != NULL)
    remove_tree (f->queue_dir);
  g_free (f->queue_dir);
  g_clear_pointer (&f->procedures, g_ptr_array_unref);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
  g_clear_error (&f->add_error);
  g_free (f->id);
  g_free (f->code);
}

static gboolean
skip_unavailable (void)
{
  g_autofree char *why = vt_tus_harness_unavailable ();

  if (why != NULL)
    {
      g_test_skip (why);
      return TRUE;
    }
  return FALSE;
}

static void
proxy (Fixture    *f,
       const char *command)
{
  g_autofree char *answer = vt_tus_harness_proxy (f->h, "%s", command);

  g_assert_nonnull (strstr (answer, "\"ok\":true"));
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  f->id = vt_queue_add_finish (VT_QUEUE (object), result, &f->code, &f->add_error);
  f->added = TRUE;
}

static gboolean
added (gpointer data)
{
  return ((Fixture *) data)->added;
}

/* A submission with a few MB of synthetic attachment, queued as the window does it. */
static void
queue_submission (Fixture *f)
{
  g_autoptr(GBytes) answers = g_bytes_new_static ("{\"canal\": \"en-linea\"}", 21);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (
    (GDestroyNotify) vt_attachment_free);
  g_autofree guint8 *data = g_malloc (ATTACHMENT_SIZE);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < ATTACHMENT_SIZE; i += 4)
    {
      guint32 r = g_test_rand_int ();
      memcpy (data + i, &r, 4);
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), ATTACHMENT_SIZE);
  g_ptr_array_add (attachments, vt_attachment_new ("video_autorizacion", "video/webm", bytes));
  vt_queue_add_async (f->queue, "003", 1, answers, attachments, NULL, added_cb, f);
  g_assert_true (vt_test_ui_wait_for (added, f, 60000));
  g_assert_no_error (f->add_error);
  g_assert_nonnull (f->id);
}

static void
status_changed_cb (GtkLabel   *label,
                   GParamSpec *pspec,
                   Fixture    *f)
{
  const char *text = gtk_label_get_text (label);

  if (f->seen->len == 0 || g_strcmp0 (g_ptr_array_index (f->seen, f->seen->len - 1), text) != 0)
    g_ptr_array_add (f->seen, g_strdup (text));
}

static void
progress_cb (VtUploader *uploader,
             const char *id,
             guint64     offset,
             guint64     length,
             Fixture    *f)
{
  /* Widgets may only be touched from the main thread: so must the signal arrive. */
  if (!g_main_context_is_owner (g_main_context_default ()))
    f->progress_off_main++;
}

static void
show_page (Fixture *f)
{
  VtProcedure *procedure = g_ptr_array_index (f->procedures, 0);
  GtkWidget *status;

  f->page = VT_DONE_PAGE (vt_done_page_new (procedure, NULL, f->code));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 900);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  status = vt_test_ui_find (GTK_WIDGET (f->page), "upload-status");
  g_assert_nonnull (status);
  g_signal_connect (status, "notify::label", G_CALLBACK (status_changed_cb), f);
  g_signal_connect (f->uploader, "progress", G_CALLBACK (progress_cb), f);
  vt_done_page_set_uploader (f->page, f->uploader, f->id);
  status_changed_cb (GTK_LABEL (status), NULL, f);
  gtk_window_present (GTK_WINDOW (f->window));
}

static gboolean
page_says (Fixture    *f,
           const char *text)
{
  return g_strcmp0 (vt_done_page_get_upload_status (f->page), text) == 0;
}

static gboolean
page_says_sent (gpointer data)
{
  return page_says (data, SENT_TEXT);
}

static gboolean
page_says_offline (gpointer data)
{
  return page_says (data, OFFLINE_TEXT);
}

/* "Enviando… 45 %" with 0 < 45 < 100. */
static gboolean
page_shows_partial_progress (gpointer data)
{
  Fixture *f = data;
  const char *text = vt_done_page_get_upload_status (f->page);
  guint64 percent = 0;
  g_auto(GStrv) words = NULL;

  if (!g_str_has_prefix (text, "Enviando… "))
    return FALSE;
  words = g_strsplit (text + strlen ("Enviando… "), " ", 2);
  return g_ascii_string_to_unsigned (words[0], 10, 0, 100, &percent, NULL) &&
         percent > 0 && percent < 100;
}

static void
test_sent (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *bundle = NULL;
  GtkWidget *progress;
  gboolean saw_sending = FALSE;
  gint64 queued_at;

  if (skip_unavailable ())
    return;
  /* A slow link, so that the upload is seen under way. */
  proxy (f, "delay 200");
  vt_uploader_start (f->uploader);
  /* The uploader's first look at the (empty) queue is over: from now on it waits for its
   * next poll, a minute away, unless something wakes it. */
  vt_test_ui_wait (300);

  queue_submission (f);
  queued_at = g_get_monotonic_time ();
  show_page (f);

  g_assert_true (vt_test_ui_wait_for (page_shows_partial_progress, f, 15000));
  progress = vt_test_ui_find (GTK_WIDGET (f->page), "upload-progress");
  g_assert_true (gtk_widget_get_visible (progress));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), >, 0);
  vt_test_ui_screenshot (f->window, "screenshots/envio-en-curso.png");

  g_assert_true (vt_test_ui_wait_for (page_says_sent, f, 30000));
  /* Started at once: the uploader's own poll would have taken a minute. */
  g_assert_cmpint (g_get_monotonic_time () - queued_at, <, 20 * G_USEC_PER_SEC);
  g_assert_false (gtk_widget_get_visible (progress));
  vt_test_ui_screenshot (f->window, "screenshots/envio-terminado.png");

  for (guint i = 0; i < f->seen->len; i++)
    {
      const char *text = g_ptr_array_index (f->seen, i);

      g_test_message ("status: %s", text);
      saw_sending |= g_str_has_prefix (text, "Enviando… ");
      g_assert_cmpstr (text, !=, OFFLINE_TEXT);
    }
  g_assert_true (saw_sending);
  g_assert_cmpuint (f->progress_off_main, ==, 0);
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->id, &bundle), ==, 1);

  /* A page made after the fact knows at once. */
  {
    g_autoptr(GtkWidget) late = g_object_ref_sink (
      vt_done_page_new (g_ptr_array_index (f->procedures, 0), NULL, f->code));

    vt_done_page_set_uploader (VT_DONE_PAGE (late), f->uploader, f->id);
    g_assert_cmpstr (vt_done_page_get_upload_status (VT_DONE_PAGE (late)), ==, SENT_TEXT);
  }
  /* Nothing that arrives later takes the page back to "Enviando…". */
  vt_test_ui_wait (500);
  g_assert_true (page_says_sent (f));
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  if (skip_unavailable ())
    return;
  /* The office is unreachable: every request fails. */
  proxy (f, "fault 502 * 1000");
  vt_uploader_start (f->uploader);
  vt_test_ui_wait (300);

  queue_submission (f);
  show_page (f);
  g_assert_true (vt_test_ui_wait_for (page_says_offline, f, 20000));
  vt_test_ui_screenshot (f->window, "screenshots/envio-sin-conexion.png");
  g_assert_cmpint (vt_tus_harness_stat (f->h, "faults_fired"), >, 0);
  g_assert_cmpuint (vt_tus_harness_count_complete (f->h, "submission", f->id, NULL), ==, 0);
}

static void
test_no_uploader (void)
{
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GtkWidget) page = NULL;
  g_autoptr(GError) error = NULL;

  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  page = g_object_ref_sink (vt_done_page_new (g_ptr_array_index (procedures, 0), NULL,
                                              "K7M-4QXD"));
  vt_done_page_set_uploader (VT_DONE_PAGE (page), NULL, "some-id");
  g_assert_cmpstr (vt_done_page_get_upload_status (VT_DONE_PAGE (page)), ==, OFFLINE_TEXT);
  g_assert_false (gtk_widget_get_visible (vt_test_ui_find (page, "upload-progress")));
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);

  g_test_add ("/outbox/done-page/sent", Fixture, NULL, fixture_set_up, test_sent,
              fixture_tear_down);
  g_test_add ("/outbox/done-page/offline", Fixture, NULL, fixture_set_up, test_offline,
              fixture_tear_down);
  g_test_add_func ("/outbox/done-page/no-uploader", test_no_uploader);

  return g_test_run ();
}

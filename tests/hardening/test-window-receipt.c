/* test-window-receipt.c — the confirmation page carries its own submission's bundle hash from
 * the moment it appears: nothing computed later can land on it, or on the next person's page.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"
#include "test-privacy-walker.h"
#include "vt-i18n.h"
#include "vt-test-ui.h"
#include "wizard/vt-done-page.h"

#include <glib/gstdio.h>

typedef struct
{
  VtWindow *window;
  GtkStack *stack;
  gboolean  seen;       /* the confirmation page was shown */
  char     *at_shown;   /* its receipt's hash at that very moment */
} Watch;

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);
  const VtReceipt *receipt;

  if (watch->seen || child == NULL || !VT_IS_DONE_PAGE (child))
    return;
  watch->seen = TRUE;
  receipt = vt_done_page_get_receipt (VT_DONE_PAGE (child));
  watch->at_shown = g_strdup (receipt != NULL ? receipt->bundle_sha256 : NULL);
}

static gboolean
visit_cb (VtWindow   *window,
          const char *page,
          gpointer    data)
{
  Watch *watch = data;

  /* Before "Enviar": watch the page the window shows next. */
  if (g_str_equal (page, "revision") && watch->stack == NULL)
    {
      GtkWidget *widget = GTK_WIDGET (vt_window_get_assistant (window));

      while (widget != NULL && !GTK_IS_STACK (widget))
        widget = gtk_widget_get_parent (widget);
      g_assert_nonnull (widget);
      watch->stack = GTK_STACK (widget);
      g_signal_connect (watch->stack, "notify::visible-child", G_CALLBACK (visible_child_cb),
                        watch);
    }
  return TRUE;
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
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_receipt_hash_from_the_start (void)
{
  static const VtWalkPlan plan = { "copias-certificadas-exterior", "presencial", "titular" };
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("vt-receipt-XXXXXX", &error);
  g_autofree char *queue_dir = g_build_filename (data_dir, "queue", NULL);
  g_autofree char *sessions = g_build_filename (data_dir, "sessions", NULL);
  g_autoptr(GPtrArray) procedures = vt_procedures_load_builtin (&error);
  g_autoptr(VtQueue) queue = vt_queue_open (queue_dir, &error);
  g_autoptr(VtCamera) camera = vt_camera_new ("synthetic");
  g_autoptr(VtTestPerson) person = vt_test_person_new (777);
  g_autoptr(VtQueueItem) item = NULL;
  g_autofree char *on_disk = NULL;
  Watch watch = { 0 };
  VtWindow *window;

  g_assert_no_error (error);
  vt_i18n_set_language ("es");
  window = vt_window_new (NULL, procedures, queue, camera, sessions);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  vt_window_reset (window);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (300);

  g_assert_true (vt_walk_procedure (window, &plan, person, visit_cb, &watch));
  g_assert_true (watch.seen);
  item = vt_queue_get_item (queue, vt_window_get_last_submission (window), &error);
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (item->bundle_path, &contents, &len, NULL));
    on_disk = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  }
  /* Already there when the page appeared, and this submission's own. */
  g_assert_cmpstr (watch.at_shown, ==, on_disk);
  g_assert_cmpstr (item->bundle_sha256, ==, on_disk);

  g_signal_handlers_disconnect_by_data (watch.stack, &watch);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
  g_free (watch.at_shown);
  remove_tree (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/hardening/window/receipt-hash-from-the-start",
                   test_receipt_hash_from_the_start);
  return g_test_run ();
}

/* test-confirmations.c — what the confirmation and the receipt say, for every procedure and
 * every channel it offers.
 *
 * The seeds file a procedure in different ways: the kiosk saves a virtual request for the
 * Ventanilla Virtual, or only prepares the papers that a person takes to the agency (with or
 * without an online appointment). The words on the screen and on the receipt must be true for
 * each; a channel the kiosk cannot offer (000's electronic signature) must say why and what the
 * person can do instead. Screenshots and receipts go to $VT_ARTIFACTS_DIR/papers/.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-tests"

#include "vt-test-ui.h"

#include "documents/vt-receipt.h"
#include "procedures/vt-procedure.h"
#include "wizard/vt-channel-page.h"
#include "wizard/vt-done-page.h"
#include "wizard/vt-session.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *
seed_of (VtProcedure *procedure)
{
  static const char *seeds[][2] = {
    { "copias-certificadas-exterior", "000" },
    { "certificado-atencion-sgrt", "001" },
    { "no-afiliacion-extranjeros", "002" },
    { "actualizacion-contacto-exterior", "003" },
    { "codigo-extranjeros", "004" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    if (g_str_equal (vt_procedure_get_id (procedure), seeds[i][0]))
      return seeds[i][1];
  g_assert_not_reached ();
}

static char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = vt_test_ui_find (root, name);

  g_assert_nonnull (label);
  return g_strdup (gtk_label_get_text (GTK_LABEL (label)));
}

/* Text as pdftotext gives it, with every run of white space made one space. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  {
    g_autoptr(GString) joined = g_string_new (NULL);
    for (guint i = 0; words[i]; i++)
      if (*words[i])
        g_string_append_printf (joined, "%s%s", joined->len ? " " : "", words[i]);
    return g_string_free (g_steal_pointer (&joined), FALSE);
  }
}

static char *
artifact (const char *name)
{
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  g_autofree char *dir = g_build_filename (artifacts ? artifacts : "artifacts", "papers", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

static void
check_available (VtProcedure     *procedure,
                 const VtChannel *channel,
                 guint           *n_checked)
{
  g_autofree char *stem = g_strdup_printf ("confirmacion-%s-%s", seed_of (procedure), channel->id);
  g_autofree char *shot = g_strdup_printf ("papers/%s.png", stem);
  g_autofree char *receipt_name = g_strdup_printf ("comprobante-%s-%s.pdf", seed_of (procedure),
                                                   channel->id);
  g_autofree char *receipt_path = artifact (receipt_name);
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = vt_done_page_new (procedure, channel->id, "K7M2-QX4P");
  gboolean presencial = g_str_equal (channel->id, "presencial");

  vt_done_page_set_receipt (VT_DONE_PAGE (page),
                            vt_done_page_receipt_new (procedure, channel->id, "K7M2-QX4P",
                                                      "Quiosco de prueba"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (300);
  vt_test_ui_screenshot (window, shot);

  title = label_text (page, "done-title");
  status = label_text (page, "done-status");
  g_test_message ("%s %s: «%s» — «%s»", seed_of (procedure), channel->id, title, status);
  /* Nothing is filed until it is: no "registrado", no "enviada a la oficina". */
  g_assert_null (strstr (title, "registrad"));
  g_assert_null (strstr (status, "registrad"));
  if (presencial)
    {
      g_assert_cmpstr (title, ==, "Sus documentos están listos");
      g_assert_nonnull (strstr (status, "el quiosco no lo ingresa por usted"));
      /* With an online appointment the page says so, and not the window of an agency. */
      g_assert_true ((strstr (status, "turno en línea") != NULL) == channel->appointment_required);
    }
  else
    {
      g_assert_cmpstr (title, ==, "Su solicitud quedó guardada");
      g_assert_nonnull (strstr (status, "Ventanilla Virtual"));
      g_assert_nonnull (strstr (status, "número de trámite lo genera el sistema del IESS"));
    }

  /* The receipt says the same as the screen, and lists what to bring only for presencial. */
  g_assert_true (vt_done_page_print (VT_DONE_PAGE (page), receipt_path, &error));
  g_assert_no_error (error);
  printed = pdf_text (receipt_path);
  g_assert_nonnull (strstr (printed, "K7M2-QX4P"));
  g_assert_nonnull (strstr (printed, "no es el número de trámite del IESS"));
  {
    g_autofree char *words = g_strdup (vt_done_page_channel_status (channel));
    g_auto(GStrv) parts = g_strsplit_set (words, " \n", -1);
    g_autofree char *normalised = g_strjoinv (" ", parts);
    /* pdftotext may break a long sentence anywhere; its first words must be there whole. */
    normalised[MIN (strlen (normalised), 40)] = '\0';
    g_assert_nonnull (strstr (printed, normalised));
  }
  if (presencial && channel->bring != NULL && channel->bring[0] != NULL)
    {
      g_autofree char *first = g_strdup (channel->bring[0]);
      first[MIN (strlen (first), 20)] = '\0';
      g_assert_nonnull (strstr (printed, first));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
  (*n_checked)++;
}

/* A channel shown but not offered: why, in the procedure's words, and no way to go on. */
static void
check_unavailable (VtProcedure     *procedure,
                   const VtChannel *channel,
                   guint           *n_checked)
{
  g_autofree char *sessions = g_dir_make_tmp ("vt-confirmations-XXXXXX", NULL);
  g_autofree char *button_name = g_strdup_printf ("channel-%s", channel->id);
  g_autofree char *shot = g_strdup_printf ("papers/canal-%s-%s-no-disponible.png",
                                           seed_of (procedure), channel->id);
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (procedure, sessions, &error);
  GtkWidget *window = gtk_window_new ();
  VtPage *page;
  GtkWidget *button;

  g_assert_no_error (error);
  g_assert_nonnull (channel->unavailable_reason);
  page = vt_channel_page_new (session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  vt_test_ui_wait (200);
  button = vt_test_ui_find (GTK_WIDGET (page), button_name);
  g_assert_nonnull (button);
  vt_test_ui_click (button);
  vt_test_ui_wait (200);
  vt_test_ui_screenshot (window, shot);

  reason = label_text (GTK_WIDGET (page), "channel-unavailable");
  g_test_message ("%s %s unavailable: «%s»", seed_of (procedure), channel->id, reason);
  g_assert_true (gtk_widget_get_mapped (vt_test_ui_find (GTK_WIDGET (page),
                                                         "channel-unavailable")));
  g_assert_cmpstr (reason, ==, vt_procedure_tr (channel->unavailable_reason));
  /* It names another way: the agency, or the portal with an electronic signature. */
  g_assert_true (strstr (reason, "presencial") != NULL || strstr (reason, "agencia") != NULL);
  g_assert_false (vt_page_get_complete (page));
  g_assert_null (vt_session_get_answer (session, "canal"));

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_ui_wait (50);
  vt_session_discard (session);
  g_rmdir (sessions);
  (*n_checked)++;
}

static void
test_every_channel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) procedures = vt_procedures_load_builtin (&error);
  guint n_available = 0;
  guint n_unavailable = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (procedures, i);
      GPtrArray *channels = vt_procedure_get_channels (procedure);

      for (guint j = 0; j < channels->len; j++)
        {
          const VtChannel *channel = g_ptr_array_index (channels, j);

          if (channel->available)
            check_available (procedure, channel, &n_available);
          else
            check_unavailable (procedure, channel, &n_unavailable);
        }
    }
  g_test_message ("%u confirmations, %u channels not offered", n_available, n_unavailable);
  /* 000 presencial, 001 virtual and presencial, 002, 003 and 004: at least six; 000 virtual
   * cannot be offered without FirmaEC. */
  g_assert_cmpuint (n_available, >=, 6);
  g_assert_cmpuint (n_unavailable, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_ui_init (&argc, &argv);
  g_test_add_func ("/papers/confirmations/every-channel", test_every_channel);
  return g_test_run ();
}

/* bench-fill-queue.c — a kiosk's data folder as a kiosk offline for days leaves it, for the
 * restart benchmark (tests/bench/run-kiosk.sh).
 *
 *   vt-bench-fill-queue queue DATA_DIR OFFICE_PUBLIC_KEY COUNT
 *       opens the queue as the application does (DATA_DIR/queue, the kiosk's own signing key
 *       from DATA_DIR, sealed to OFFICE_PUBLIC_KEY) and adds COUNT real submissions, one by one
 *       as the window adds them: a synthetic person's answers, a document scan, the paperwork,
 *       vt_queue_add_async (each sealed and signed for real; no copies);
 *   vt-bench-fill-queue session DATA_DIR
 *       leaves a person's session halfway, as a kiosk killed during it does: answers and a scan
 *       in a folder under DATA_DIR/sessions, never discarded.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-bench"

#include "outbox/vt-kiosk-key.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-procedure.h"
#include "vt-application.h"
#include "vt-test-identity.h"
#include "wizard/vt-paperwork.h"
#include "wizard/vt-session.h"

#include <glib/gstdio.h>

/* A scan of this size per submission: 1,000 of them are a realistic, not a huge, queue. */
#define SCAN_BYTES (64 * 1024)

/* The session left halfway: still referenced when the process ends, so nothing discards it. */
static VtSession *halfway;

static VtProcedure *
find_procedure (GPtrArray  *procedures,
                const char *id)
{
  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (procedures, i)), id))
      return g_ptr_array_index (procedures, i);
  g_error ("no procedure %s", id);
}

/* A person halfway through: answers given, a scan taken. */
static VtSession *
session_halfway (VtProcedure *procedure,
                 const char  *sessions,
                 guint32      seed)
{
  g_autoptr(VtTestPerson) person = vt_test_person_new (seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) scan = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  VtSession *session = vt_session_new (procedure, sessions, &error);
  guint8 block[4096];

  g_assert_no_error (error);
  vt_session_set_answer (session, "canal", "virtual");
  vt_session_set_answer (session, "nombres", person->nombres);
  vt_session_set_answer (session, "apellidos", person->apellidos);
  vt_session_set_answer (session, "cedula", person->cedula);
  vt_session_set_answer (session, "correo", person->correo);
  vt_session_set_answer (session, "celular_ec", person->celular_ec);
  vt_session_set_answer (session, "detalle_pedido", "Copia certificada de un documento");
  scan = vt_session_begin_capture (session, "documentos_certificar", &error);
  g_assert_no_error (error);
  for (guint k = 0; k < SCAN_BYTES / sizeof block; k++)
    {
      for (guint j = 0; j < sizeof block; j++)
        block[j] = (guint8)g_rand_int (rand);
      g_assert_true (g_output_stream_write_all (scan, block, sizeof block, NULL, NULL, &error));
    }
  g_assert_true (vt_session_finish_capture (session, "documentos_certificar", "application/pdf",
                                            scan, &error));
  return session;
}

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = vt_queue_add_finish (VT_QUEUE (source), result, &code, &error);

  g_assert_no_error (error);
  g_main_loop_quit (user_data);
}

static int
fill_queue (const char  *data_dir,
            const char  *office_key,
            guint        count,
            VtProcedure *procedure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autofree char *queue_dir = g_build_filename (data_dir, "queue", NULL);
  g_autofree char *sessions = g_build_filename (data_dir, "bench-fill-sessions", NULL);
  guint8 *signing_key = vt_kiosk_key_load_or_create (data_dir, NULL, &error);

  g_assert_no_error (error);
  queue = vt_queue_open_for_kiosk (queue_dir, office_key, "prueba-quiosco-01", signing_key,
                                   &error);
  vt_secret_key_free (signing_key);
  g_assert_no_error (error);

  for (guint n = 0; n < count; n++)
    {
      g_autoptr(VtSession) session = session_halfway (procedure, sessions, 1000 + n);
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(GBytes) answers = vt_session_build_answers (session);
      g_autoptr(GPtrArray) attachments = vt_session_build_attachments (session);
      g_autoptr(GPtrArray) paperwork = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      paperwork = vt_paperwork_build (session, now, "Generado en una prueba", &error);
      g_assert_no_error (error);
      for (guint k = 0; k < paperwork->len; k++)
        g_ptr_array_add (attachments, g_steal_pointer (&g_ptr_array_index (paperwork, k)));
      vt_queue_add_async (queue, vt_procedure_get_id (procedure),
                          vt_procedure_get_version (procedure), answers, attachments, NULL,
                          queued_cb, loop);
      g_main_loop_run (loop);
      vt_session_discard (session);
    }
  g_rmdir (sessions);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  VtProcedure *procedure;

  vt_register_resources ();
  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  procedure = find_procedure (procedures, "copias-certificadas-exterior");

  if (argc == 5 && g_str_equal (argv[1], "queue"))
    return fill_queue (argv[2], argv[3], (guint)g_ascii_strtoull (argv[4], NULL, 10), procedure);
  if (argc == 3 && g_str_equal (argv[1], "session"))
    {
      g_autofree char *sessions = g_build_filename (argv[2], "sessions", NULL);

      /* Left as it is: the kiosk is killed with the person halfway. */
      halfway = session_halfway (procedure, sessions, 7);
      return 0;
    }
  g_printerr ("usage: %s queue DATA_DIR OFFICE_PUBLIC_KEY COUNT | session DATA_DIR\n", argv[0]);
  return 2;
}

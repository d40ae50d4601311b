/* vt-enqueue-tool.c — submissions added as the kiosk's window adds them (a session with a
 * synthetic person's answers and captures, its paperwork, vt_queue_add_async), one after the
 * other, for the kill -9 test. Each is marked in MARKS when its confirmation would appear.
 *
 * Usage: vt-enqueue-tool QUEUE_DIR MARKS COUNT SEED
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-queue.h"
#include "procedures/vt-procedure.h"
#include "vt-application.h"
#include "vt-test-identity.h"
#include "wizard/vt-paperwork.h"
#include "wizard/vt-session.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct
{
  GMainLoop  *loop;
  const char *marks;
} Run;

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = vt_queue_add_finish (VT_QUEUE (source), result, &code, &error);
  g_autofree char *line = NULL;
  int fd;

  g_assert_no_error (error);
  /* The confirmation page would show `code` now. */
  line = g_strdup_printf ("confirmed %s\n", id);
  fd = open (run->marks, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (gssize) strlen (line));
  close (fd);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(VtQueue) queue = NULL;
  g_autofree char *sessions = NULL;
  VtProcedure *procedure = NULL;
  guint count;
  guint32 seed;

  if (argc != 5)
    {
      g_printerr ("usage: vt-enqueue-tool QUEUE_DIR MARKS COUNT SEED\n");
      return 2;
    }
  count = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  seed = (guint32) g_ascii_strtoull (argv[4], NULL, 10);
  queue = vt_queue_open (argv[1], &error);
  g_assert_no_error (error);
  vt_queue_set_kiosk_id (queue, "quiosco-de-prueba");
  vt_register_resources ();
  procedures = vt_procedures_load_builtin (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (vt_procedure_get_id (g_ptr_array_index (procedures, i)),
                     "copias-certificadas-exterior"))
      procedure = g_ptr_array_index (procedures, i);
  g_assert_nonnull (procedure);
  sessions = g_build_filename (argv[1], "..", "sessions", NULL);

  for (guint n = 0; n < count; n++)
    {
      g_autoptr(VtTestPerson) person = vt_test_person_new (seed + n);
      g_autoptr(VtSession) session = vt_session_new (procedure, sessions, &error);
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(GOutputStream) scan = NULL;
      g_autoptr(GBytes) answers = NULL;
      g_autoptr(GPtrArray) attachments = NULL;
      g_autoptr(GPtrArray) paperwork = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed + n);
      guint8 block[4096];
      Run run = { loop, argv[2] };

      g_assert_no_error (error);
      vt_session_set_answer (session, "canal", "virtual");
      vt_session_set_answer (session, "nombres", person->nombres);
      vt_session_set_answer (session, "apellidos", person->apellidos);
      vt_session_set_answer (session, "cedula", person->cedula);
      vt_session_set_answer (session, "correo", person->correo);
      vt_session_set_answer (session, "celular_ec", person->celular_ec);
      vt_session_set_answer (session, "detalle_pedido", "Copia certificada de un documento");
      /* A document scan of some megabytes, as the camera would give: sealing takes a while,
       * and the kills land in it. */
      scan = vt_session_begin_capture (session, "documentos_certificar", &error);
      g_assert_no_error (error);
      for (guint k = 0; k < 1024; k++)
        {
          for (guint j = 0; j < sizeof block; j++)
            block[j] = (guint8) g_rand_int (rand);
          g_assert_true (g_output_stream_write_all (scan, block, sizeof block, NULL, NULL,
                                                    &error));
        }
      g_assert_true (vt_session_finish_capture (session, "documentos_certificar",
                                                "application/pdf", scan, &error));
      answers = vt_session_build_answers (session);
      attachments = vt_session_build_attachments (session);
      paperwork = vt_paperwork_build (session, now, "Generado en una prueba", &error);
      g_assert_no_error (error);
      for (guint k = 0; k < paperwork->len; k++)
        g_ptr_array_add (attachments, g_steal_pointer (&g_ptr_array_index (paperwork, k)));
      vt_queue_add_async (queue, vt_procedure_get_id (procedure),
                          vt_procedure_get_version (procedure), answers, attachments, NULL,
                          queued_cb, &run);
      g_main_loop_run (loop);
      vt_session_discard (session);
    }
  return 0;
}

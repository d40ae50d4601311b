/* vt-diagnostics.h — what a technician checks first: camera, microphone, disk, database, queue,
 * upload server, printer, clock and office key. No widgets: `ventanilla --diagnose` prints the checks as
 * JSON and the staff page shows them in plain words.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "capture/vt-camera.h"

G_BEGIN_DECLS

typedef enum
{
  VT_CHECK_OK,
  VT_CHECK_WARNING,   /* works, but someone should look (nothing heard, no printer…) */
  VT_CHECK_FAILED,    /* the kiosk cannot do its job: --diagnose exits non-zero */
} VtCheckStatus;

typedef struct
{
  char          *id;        /* camera, microphone, disk, database, queue, upload, printer, clock,
                             * office_key */
  VtCheckStatus  status;
  char          *title;     /* translated, e.g. "Cámara" */
  char          *summary;   /* translated plain words for staff */
  JsonObject    *details;   /* figures for the JSON report */
} VtCheck;

void        vt_check_free                (VtCheck *check);
const char *vt_check_status_to_string    (VtCheckStatus status);

/* One row of the queue as staff see it: nothing about the person. */
typedef struct
{
  char   *id;
  char   *code;
  char   *procedure_id;
  char   *state;
  int     attempts;
  char   *last_error_class;  /* NULL when none */
  gint64  created_at;        /* seconds since the epoch */
} VtQueueEntry;

void        vt_queue_entry_free          (VtQueueEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtQueueEntry, vt_queue_entry_free)

/* Every submission not yet sent, oldest first, then the 20 last sent, read from the queue's
 * database without changing it. A GPtrArray of VtQueueEntry. */
GPtrArray  *vt_diagnostics_list_queue    (const char *queue_dir,
                                          GError    **error);
/* Plain Spanish (translated) for a queue state and an uploader error class. */
const char *vt_diagnostics_describe_state       (const char *state);
const char *vt_diagnostics_describe_error_class (const char *error_class);

#define VT_TYPE_DIAGNOSTICS (vt_diagnostics_get_type ())

G_DECLARE_FINAL_TYPE (VtDiagnostics, vt_diagnostics, VT, DIAGNOSTICS, GObject)

/* `data_dir` holds queue/queue.db. */
VtDiagnostics *vt_diagnostics_new             (const char    *data_dir);
/* The camera to measure: a VtCamera that is not in use (it is started and stopped), or NULL to
 * make one from `camera_spec` (NULL: "auto"). No camera found is a failure; the synthetic
 * camera (only ever used when asked for by name) is fine outside kiosk mode and a failure in
 * it. */
void           vt_diagnostics_set_camera      (VtDiagnostics *self,
                                               VtCamera      *camera,
                                               const char    *camera_spec);
/* A kiosk in service: the demonstration camera and microphone are faults. */
void           vt_diagnostics_set_kiosk_mode  (VtDiagnostics *self,
                                               gboolean       kiosk_mode);
/* Empty or NULL: "not configured". */
void           vt_diagnostics_set_upload_url  (VtDiagnostics *self,
                                               const char    *url);
/* The printer setting (empty: the system default). */
void           vt_diagnostics_set_printer     (VtDiagnostics *self,
                                               const char    *printer);
/* The office-public-key setting (NULL: the development key applies, as in the queue). */
void           vt_diagnostics_set_office_key  (VtDiagnostics *self,
                                               const char    *key);
/* How long the camera's frames are counted (default 2000 ms). */
void           vt_diagnostics_set_measure_ms  (VtDiagnostics *self,
                                               guint          ms);

/* Runs every check: the camera on the calling thread's main context, the rest on a worker
 * thread. The result is a GPtrArray of VtCheck, in a fixed order. */
void           vt_diagnostics_run_async       (VtDiagnostics       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray     *vt_diagnostics_run_finish      (VtDiagnostics       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* The same, iterating the thread-default main context until done: for the command line. */
GPtrArray     *vt_diagnostics_run             (VtDiagnostics       *self);

/* {"ok": …, "<id>": {"status": …, "summary": …, figures…}, …} */
char          *vt_diagnostics_to_json         (GPtrArray           *checks);
/* FALSE when any check failed. */
gboolean       vt_diagnostics_all_ok          (GPtrArray           *checks);

G_END_DECLS

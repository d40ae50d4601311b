/* vt-session.h — what one person has entered and captured so far, until it is queued or wiped.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "capture/vt-camera.h"
#include "documents/vt-signature.h"
#include "procedures/vt-procedure.h"

G_BEGIN_DECLS

#define VT_TYPE_SESSION (vt_session_get_type ())

G_DECLARE_FINAL_TYPE (VtSession, vt_session, VT, SESSION, GObject)

/* `workdir_parent` holds the session's private folder (created 0700, removed on discard). */
VtSession   *vt_session_new                 (VtProcedure  *procedure,
                                             const char   *workdir_parent,
                                             GError      **error);
VtProcedure *vt_session_get_procedure       (VtSession    *self);
GHashTable  *vt_session_get_answers         (VtSession    *self);
const char  *vt_session_get_answer          (VtSession    *self,
                                             const char   *field_id);
void         vt_session_set_answer          (VtSession    *self,
                                             const char   *field_id,
                                             const char   *value);

/* Conditions of the definition, counting only answers that still apply. */
gboolean     vt_session_condition_holds     (VtSession         *self,
                                             const VtCondition *condition);
gboolean     vt_session_page_is_active      (VtSession       *self,
                                             const VtPageDef *page);
gboolean     vt_session_field_is_active     (VtSession       *self,
                                             const VtField   *field);
gboolean     vt_session_document_is_active  (VtSession       *self,
                                             const VtDocument *document);

/* Captures live in the session's private folder, encrypted (secretstream) with a key kept only
 * in memory: vt_session_discard () drops the key first, so they are unreadable at once, then
 * removes them. A retake replaces the previous capture of the same document. The stream of
 * vt_session_begin_capture () encrypts as the video is written. */
gboolean       vt_session_store_capture       (VtSession      *self,
                                               const char     *document_id,
                                               const char     *mime_type,
                                               GBytes         *data,
                                               GError        **error);
/* For captures written while they are made (the video): write to the stream, then finish. */
GOutputStream *vt_session_begin_capture       (VtSession      *self,
                                               const char     *document_id,
                                               GError        **error);
gboolean       vt_session_finish_capture      (VtSession      *self,
                                               const char     *document_id,
                                               const char     *mime_type,
                                               GOutputStream  *stream,
                                               GError        **error);
/* Records which camera (element, device, mode, synthetic or not) made the stored capture. */
void           vt_session_set_capture_camera  (VtSession      *self,
                                               const char     *document_id,
                                               VtCamera       *camera);
void           vt_session_clear_capture       (VtSession      *self,
                                               const char     *document_id);
gboolean       vt_session_has_capture         (VtSession      *self,
                                               const char     *document_id);
gint64         vt_session_get_capture_size    (VtSession      *self,
                                               const char     *document_id);
const char    *vt_session_get_capture_type    (VtSession      *self,
                                               const char     *document_id);
GBytes        *vt_session_read_capture        (VtSession      *self,
                                               const char     *document_id,
                                               GError        **error);

/* The identity number the person gave, whichever document type it is. */
const char  *vt_session_get_identity_number (VtSession    *self);
/* How an answer reads for a person: option labels, country names, DD/MM/AAAA dates. */
char        *vt_session_dup_display_value   (VtSession    *self,
                                             const VtField *field);
/* Fills {placeholders} with display values. */
char        *vt_session_expand              (VtSession    *self,
                                             const char   *text);
/* The same in the documents' language (Spanish), whatever the UI language. */
char        *vt_session_dup_document_value  (VtSession    *self,
                                             const VtField *field);
char        *vt_session_expand_document     (VtSession    *self,
                                             const char   *text);
/* The drawn signature, kept as strokes in memory for the generated documents. */
void         vt_session_set_signature       (VtSession    *self,
                                             VtSignature  *signature);
VtSignature *vt_session_get_signature       (VtSession    *self);

/* Required answers and captures still missing, as translated labels (empty when complete). */
GPtrArray   *vt_session_list_missing        (VtSession    *self);

/* What goes into the queue: the answers of active fields as JSON, and the active captures. */
GBytes      *vt_session_build_answers       (VtSession    *self);
GPtrArray   *vt_session_build_attachments   (VtSession    *self);

/* An assisted session: a staff member (by staff id) helps the person; the submission records
 * it. NULL or empty: the person alone. */
void         vt_session_set_assisted        (VtSession    *self,
                                             const char   *staff_id);
const char  *vt_session_get_staff_id        (VtSession    *self);

/* The code printed on the page of generated document `generated_id` to be signed in ink and
 * scanned back; made on first use, the same for the rest of the session (a reprint is the
 * same page). Memory only. */
const char  *vt_session_get_page_code       (VtSession    *self,
                                             const char   *generated_id);

/* The kiosk's printer (the `printer` setting; NULL or empty: CUPS's default), for the pages
 * that print papers to sign in ink. */
void         vt_session_set_printer         (VtSession    *self,
                                             const char   *printer);
const char  *vt_session_get_printer         (VtSession    *self);

/* Removes everything the session wrote and forgets every answer. */
void         vt_session_discard             (VtSession    *self);

G_END_DECLS

/* vt-session.h — what one person has entered and captured so far, until it is queued or wiped.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

gboolean     vt_session_page_is_active      (VtSession       *self,
                                             const VtPageDef *page);
gboolean     vt_session_field_is_active     (VtSession       *self,
                                             const VtField   *field);
gboolean     vt_session_document_is_active  (VtSession       *self,
                                             const VtDocument *document);

/* A fresh path inside the session's folder for a capture of `document_id`. */
char        *vt_session_new_capture_path    (VtSession    *self,
                                             const char   *document_id,
                                             const char   *extension);
void         vt_session_set_capture         (VtSession    *self,
                                             const char   *document_id,
                                             const char   *path,
                                             const char   *mime_type);
const char  *vt_session_get_capture         (VtSession    *self,
                                             const char   *document_id);

/* The identity number the person gave, whichever document type it is. */
const char  *vt_session_get_identity_number (VtSession    *self);
/* How an answer reads for a person: option labels, country names, DD/MM/AAAA dates. */
char        *vt_session_dup_display_value   (VtSession    *self,
                                             const VtField *field);
/* Fills {placeholders} with display values. */
char        *vt_session_expand              (VtSession    *self,
                                             const char   *text);

/* Required answers and captures still missing, as translated labels (empty when complete). */
GPtrArray   *vt_session_list_missing        (VtSession    *self);

/* What goes into the queue: the answers of active fields as JSON, and the active captures. */
GBytes      *vt_session_build_answers       (VtSession    *self);
GPtrArray   *vt_session_build_attachments   (VtSession    *self);

/* Removes everything the session wrote and forgets every answer. */
void         vt_session_discard             (VtSession    *self);

G_END_DECLS

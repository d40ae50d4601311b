/* vt-paperwork.h — the letters, forms and authorizations a procedure asks for, from the answers.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "documents/vt-pdf.h"
#include "vt-session.h"

G_BEGIN_DECLS

/* What one generated document says, filled from the session. Names, ID and places come from
 * the same answers as the video text and the review, so they agree by construction. */
VtPdfContent *vt_paperwork_content (VtSession         *session,
                                    const VtGenerated *generated,
                                    GDateTime         *now,
                                    const char        *footer);

/* Every generated document that applies now, rendered, as VtAttachment (application/pdf)
 * named by the document's id. Fails when one would exceed the procedure's size limit. */
GPtrArray    *vt_paperwork_build   (VtSession         *session,
                                    GDateTime         *now,
                                    const char        *footer,
                                    GError           **error);

/* The generated document `generated_id` as printed to be signed in ink at the kiosk: an
 * empty box and the session's page code beside it, no drawn signature. */
GBytes       *vt_paperwork_render_to_sign (VtSession   *session,
                                           const char  *generated_id,
                                           GDateTime   *now,
                                           const char  *footer,
                                           GError     **error);

/* For presencial channels, what the person takes to the agency in one PDF: the signed
 * letter(s), the third-party authorization when used, and a checklist of originals. NULL
 * without an error for virtual channels. */
GBytes       *vt_paperwork_build_packet (VtSession   *session,
                                         GDateTime   *now,
                                         const char  *footer,
                                         GError     **error);

G_END_DECLS

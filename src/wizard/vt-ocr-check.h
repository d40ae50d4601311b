/* vt-ocr-check.h — compares the number read on a captured ID with the one the person typed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-session.h"

G_BEGIN_DECLS

/* Reads the numbers on each active capture whose document names a `check_field` and that has
 * not been read since it was taken. Completes when all are read. */
void      vt_ocr_check_async   (VtSession            *session,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gboolean  vt_ocr_check_finish  (VtSession            *session,
                                GAsyncResult         *result,
                                GError              **error);

/* Records what was read on a capture (tests feed readings directly). */
void      vt_ocr_check_record  (VtSession            *session,
                                const char           *document_id,
                                GPtrArray            *numbers);

/* A translated sentence asking the person to check their number, or NULL when every reading
 * agrees with the answer (or nothing legible was read: a poor read blocks nobody). */
char     *vt_ocr_check_warning (VtSession            *session);

G_END_DECLS

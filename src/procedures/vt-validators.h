/* vt-validators.h — checks for what a person types, with translated messages.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every validator takes the raw text the person typed and returns TRUE when it is acceptable.
 * On success *normalized (when not NULL) receives the value to store (trimmed, upper-cased,
 * ISO date, E.164…). On failure *message (when not NULL) receives a translated sentence that
 * says what is wrong and what to do, fit to show next to the field. Neither is set on the
 * other outcome. Empty text is a failure for every validator (optional fields are the
 * caller's business). */

gboolean vt_validate_text            (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_name            (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_cedula          (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_passport        (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_foreigner_code  (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_email           (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_phone_e164      (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_mobile_ec       (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_landline_ec     (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_postal_code     (const char  *text,
                                      const char  *country_iso,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_date_past       (const char  *text,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_date_after      (const char  *text,
                                      const char  *earlier_iso,
                                      char       **normalized,
                                      char       **message);
gboolean vt_validate_codigo_dactilar (const char  *text,
                                      char       **normalized,
                                      char       **message);

/* Generic entry used by the loader (to reject unknown names) and the wizard. `arg` is the
 * answer of the field named by `validator_arg` (a country code, an ISO date) or NULL. */
gboolean vt_validator_exists         (const char  *name);
gboolean vt_validator_needs_arg      (const char  *name);
gboolean vt_validator_run            (const char  *name,
                                      const char  *text,
                                      const char  *arg,
                                      char       **normalized,
                                      char       **message);

/* Parses a date as typed at the kiosk: DD/MM/AAAA (also D/M/AAAA, DD-MM-AAAA) or ISO
 * AAAA-MM-DD. Returns a new GDateTime at local midnight or NULL. */
GDateTime *vt_parse_date             (const char  *text);

G_END_DECLS

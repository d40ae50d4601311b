/* vt-photo-command.h — `ventanilla --check-photo FILE`, for technicians.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When the command line asks for --check-photo, runs it and returns TRUE with the exit status
 * in `status`: 0 accepted, 1 refused, 2 on an error (an unreadable file, no face detector).
 * Otherwise returns FALSE. */
gboolean vt_photo_command_run (int    argc,
                               char **argv,
                               int   *status);

G_END_DECLS

/* main.c — ventanilla's entry point.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-photo-command.h"
#include "capture/vt-speech-command.h"
#include "kiosk/vt-watchdog.h"
#include "vt-application.h"
#include "vt-debug.h"
#include "vt-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;
  int status = 0;

  vt_debug_init ();
  /* Before any thread: systemd's notify socket and watchdog are the kiosk's alone. */
  vt_watchdog_claim_environment ();
  vt_i18n_init ();
  if (vt_speech_command_run (argc, argv, &status)
      || vt_photo_command_run (argc, argv, &status))
    return status;
  app = vt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* main.c — ventanilla's entry point.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vt-application.h"
#include "vt-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;

  vt_i18n_init ();
  app = vt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

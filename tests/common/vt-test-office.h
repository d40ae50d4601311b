/* vt-test-office.h — the office side for tests: a registry that trusts a test queue's kiosk
 * key, made with the real ventanilla-office.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "outbox/vt-queue.h"

G_BEGIN_DECLS

/* The built ventanilla-office. */
char *vt_test_office_path      (void);

/* Registers `queue`'s signing key (its kiosk id, which the queue gets if it had none, and its
 * code prefix) in the registry file `registry` with `ventanilla-office kiosk add`, unless it
 * is there already; fails the test if the tool refuses. */
void  vt_test_office_register  (VtQueue    *queue,
                                const char *registry);

G_END_DECLS

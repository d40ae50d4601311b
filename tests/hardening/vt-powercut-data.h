/* vt-powercut-data.h — the made-up submission the power-cut test adds and then checks, the
 * same from a seed in the tool and in the test.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "outbox/vt-queue.h"

#include <string.h>

G_BEGIN_DECLS

#define VT_POWERCUT_ATTACHMENT_SIZE (150 * 1024)

static inline GBytes *
vt_powercut_answers (guint32 seed)
{
  char *json = g_strdup_printf ("{\"procedure\": \"copias-certificadas-exterior\", \"answers\": "
                                "{\"nombres\": \"Persona Sintética %u\"}}", seed);

  return g_bytes_new_take (json, strlen (json));
}

static inline GBytes *
vt_powercut_document (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (VT_POWERCUT_ATTACHMENT_SIZE);

  for (gsize i = 0; i < VT_POWERCUT_ATTACHMENT_SIZE; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, VT_POWERCUT_ATTACHMENT_SIZE);
}

static inline GPtrArray *
vt_powercut_attachments (guint32 seed)
{
  GPtrArray *attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  g_autoptr(GBytes) document = vt_powercut_document (seed);

  g_ptr_array_add (attachments, vt_attachment_new ("documento", "application/pdf", document));
  return attachments;
}

G_END_DECLS

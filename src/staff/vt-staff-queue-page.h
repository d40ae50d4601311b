/* vt-staff-queue-page.h — the queue as staff see it: codes and states, never a person's data.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "outbox/vt-queue.h"
#include "outbox/vt-uploader.h"

G_BEGIN_DECLS

#define VT_TYPE_STAFF_QUEUE_PAGE (vt_staff_queue_page_get_type ())

G_DECLARE_FINAL_TYPE (VtStaffQueuePage, vt_staff_queue_page, VT, STAFF_QUEUE_PAGE, AdwBin)

GtkWidget *vt_staff_queue_page_new          (VtQueue          *queue,
                                             GPtrArray        *procedures);
/* NULL: no upload server is configured, "Reintentar" only puts items back in line. */
void       vt_staff_queue_page_set_uploader (VtStaffQueuePage *self,
                                             VtUploader       *uploader);
void       vt_staff_queue_page_refresh      (VtStaffQueuePage *self);

G_END_DECLS

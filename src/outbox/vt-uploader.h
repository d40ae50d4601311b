/* vt-uploader.h — sends the queue's sealed bundles to the office, one failing item never
 * holding up the others.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "outbox/vt-queue.h"
#include "outbox/vt-tus-client.h"

G_BEGIN_DECLS

#define VT_TYPE_UPLOADER (vt_uploader_get_type ())

G_DECLARE_FINAL_TYPE (VtUploader, vt_uploader, VT, UPLOADER, GObject)

/* Signals (emitted in the thread-default main context of the thread that made the uploader):
 *   progress (const char *id, guint64 offset, guint64 length)  — offset 0 when an item's turn
 *                                                    comes, then after each confirmed MiB
 *   item-done (const char *id, const char *state)  — "sent", "queued" (will retry) or
 *                                                    "needs-attention"
 * A submission added to the queue wakes the uploader at once (the queue's "item-added"). */
VtUploader *vt_uploader_new            (VtQueue       *queue,
                                        VtTusClient   *client);

/* The last news of submission `id` the signals carried, for a page that starts watching late:
 * FALSE when there was none yet. `out_state` is "uploading" (with offset and length), "sent",
 * "queued" or "needs-attention"; it belongs to the uploader. In the uploader's context's
 * thread only. */
gboolean    vt_uploader_lookup         (VtUploader    *self,
                                        const char    *id,
                                        const char   **out_state,
                                        guint64       *out_offset,
                                        guint64       *out_length);

/* Tries each item this many times in a row (default 3, with the client's short backoff) before
 * moving on to the next and scheduling it again with the queue's longer, per-item backoff. */
void        vt_uploader_set_attempts_per_pass (VtUploader *self,
                                               guint       attempts);

/* One pass over the items due at `now` (seconds since the epoch; G_MAXINT64: every item
 * waiting). Blocking: call it from a worker thread. `out_sent` counts the items the server
 * confirmed whole. FALSE only when the queue itself failed. */
gboolean    vt_uploader_run_pass       (VtUploader    *self,
                                        gint64         now,
                                        GCancellable  *cancellable,
                                        guint         *out_sent,
                                        GError       **error);

/* `ventanilla --flush-queue`: up to `max_passes` passes over every waiting item, whatever its
 * backoff says. Returns how many items are left on the kiosk (queued, uploading or needing
 * attention), or -1 with `error` set. Blocking. */
int         vt_uploader_flush          (VtUploader    *self,
                                        guint          max_passes,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Runs passes on a thread of its own whenever an item is due, until vt_uploader_stop(). First
 * puts back in line the items the server refused for the credential or the address (error
 * classes "credentials" and "endpoint"): a new uploader means new settings or a restart. */
void        vt_uploader_start          (VtUploader    *self);
void        vt_uploader_stop           (VtUploader    *self);
/* Something changed (a new submission, the network came back): look at the queue now. */
void        vt_uploader_kick           (VtUploader    *self);

/* The per-item backoff after `attempts` failed passes: 30 s doubling up to 15 min, with
 * jitter. Exposed for tests. */
gint64      vt_uploader_backoff_seconds (int           attempts);

G_END_DECLS

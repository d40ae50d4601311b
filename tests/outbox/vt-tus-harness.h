/* vt-tus-harness.h — starts the real tus server and the fault proxy for the outbox tests.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;          /* the server's storage folder */
  char        *token;        /* NULL: no token check */
  GSubprocess *server;
  guint        server_port;
  GSubprocess *proxy;
  GOutputStream *proxy_in;
  GDataInputStream *proxy_out;
  guint        proxy_port;
  char        *endpoint;     /* through the proxy */
  char        *direct_endpoint;
} VtTusHarness;

/* Node (Debian's /usr/bin/node first) or NULL; the path of tests/tus-server. */
char         *vt_tus_harness_find_node     (void);
/* Why the harness cannot run here (no node, no node_modules), or NULL when it can. */
char         *vt_tus_harness_unavailable   (void);

VtTusHarness *vt_tus_harness_start         (const char   *token);
void          vt_tus_harness_stop          (VtTusHarness *harness);
/* Kills the server, wipes its storage (every upload in progress is lost) and starts a new one
 * on another port, pointing the proxy at it. */
void          vt_tus_harness_restart_server (VtTusHarness *harness,
                                             gboolean      wipe);
/* Sends one proxy command; returns its JSON answer. */
char         *vt_tus_harness_proxy         (VtTusHarness *harness,
                                            const char   *format,
                                            ...) G_GNUC_PRINTF (2, 3);
/* A number from the proxy's stats, e.g. "patch_bytes" or "status.413". */
gint64        vt_tus_harness_stat          (VtTusHarness *harness,
                                            const char   *path);
/* How many complete uploads in the storage carry metadata `key` = `value`; the last one's
 * data file in `out_path`. */
guint         vt_tus_harness_count_complete (VtTusHarness *harness,
                                             const char   *key,
                                             const char   *value,
                                             char        **out_path);

/* A file of `size` random bytes (from `seed`) in `dir`. */
char         *vt_tus_harness_random_file   (const char   *dir,
                                            gsize         size,
                                            guint32       seed);
void          vt_tus_harness_assert_same_file (const char *a,
                                               const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTusHarness, vt_tus_harness_stop)

G_END_DECLS

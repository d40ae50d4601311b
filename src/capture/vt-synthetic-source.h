/* vt-synthetic-source.h — a camera for demos and tests: a portrait with an ID card, drawn live.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define VT_SYNTHETIC_WIDTH 640
#define VT_SYNTHETIC_HEIGHT 480
#define VT_SYNTHETIC_FPS 30

/* The folder holding astronaut.png: $VENTANILLA_MEDIA_DIR, the installed data folder, or the
 * source tree's data/media when run uninstalled. */
const char *vt_synthetic_media_dir    (void);

/* The size of the frames a scene gives: 640×480, or 1280×960 for a page under a document
 * camera ("page=…"). */
void        vt_synthetic_source_get_size (const char *scene,
                                          int        *width,
                                          int        *height);

/* An appsrc producing BGRx frames at 640×480@30. `scene` is "portrait" (default: the face
 * with an identity card held beside it), "nocard" (the face alone), "card-far" (the card at
 * arm's length, too small to read), "card-only" (the card up against the camera, nobody
 * there), "noface", "blur" or "dark"; or "page=FILE.png" (also "page-blur=FILE.png"): that picture of an A4
 * page lying on a desk under a 1280×960 document camera, filling the A4 guide frame, as a
 * person would hold a printed, signed page. A live source paces itself to the clock;
 * otherwise it runs as fast as downstream takes frames and ends after `max_frames` (0:
 * never). */
GstElement *vt_synthetic_source_new   (const char *scene,
                                       gboolean    live,
                                       guint       max_frames);

/* The still picture of a scene, without sensor noise or the DEMOSTRACIÓN mark, 8 px of margin
 * around the 640×480 frame (the photo fixtures of the capture tests). */
cairo_surface_t *vt_synthetic_render_scene (const char *scene);

G_END_DECLS

/* vt-signature.h — a handwritten signature kept as vector strokes.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define VT_TYPE_SIGNATURE (vt_signature_get_type ())

G_DECLARE_FINAL_TYPE (VtSignature, vt_signature, VT, SIGNATURE, GObject)

VtSignature *vt_signature_new            (void);
/* Points are in the pad's coordinates; the pad's size is recorded for rendering. */
void         vt_signature_set_pad_size   (VtSignature  *self,
                                          double        width,
                                          double        height);
void         vt_signature_begin_stroke   (VtSignature  *self,
                                          double        x,
                                          double        y,
                                          double        pressure);
void         vt_signature_add_point      (VtSignature  *self,
                                          double        x,
                                          double        y,
                                          double        pressure);
void         vt_signature_undo           (VtSignature  *self);
void         vt_signature_clear          (VtSignature  *self);
guint        vt_signature_get_n_strokes  (VtSignature  *self);
guint        vt_signature_get_n_points   (VtSignature  *self);

/* FALSE with a translated message when the signature is empty or too small to be one. */
gboolean     vt_signature_is_acceptable  (VtSignature  *self,
                                          char        **message);

/* Draws the strokes scaled into a width × height box. */
void         vt_signature_draw           (VtSignature  *self,
                                          cairo_t      *cr,
                                          double        width,
                                          double        height);
/* The signature as PNG data, strokes on white. */
GBytes      *vt_signature_render_png     (VtSignature  *self,
                                          int           width,
                                          int           height,
                                          GError      **error);
gboolean     vt_signature_save_png       (VtSignature  *self,
                                          const char   *path,
                                          int           width,
                                          int           height,
                                          GError      **error);

G_END_DECLS

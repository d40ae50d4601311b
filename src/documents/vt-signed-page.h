/* vt-signed-page.h — the page printed to be signed in ink and scanned back: its code, its
 * signature box, and whether a scan shows that very page, signed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Layout beside the signature, in PDF points: the empty box to sign in, and at its right
 * the page code as a QR symbol (quiet zone included) with the code in letters under it. The
 * box's place is known from the symbol's, so the scan needs no other landmark. */
#define VT_SIGN_BOX_WIDTH   220.0
#define VT_SIGN_BOX_HEIGHT  100.0
#define VT_SIGN_CODE_SIZE   100.0
#define VT_SIGN_GAP         18.0

typedef enum
{
  VT_SIGNED_PAGE_OK,
  VT_SIGNED_PAGE_NO_CODE,     /* no page code readable: not our page, out of frame, blurred */
  VT_SIGNED_PAGE_WRONG_CODE,  /* another page's code: an old print, or someone else's */
  VT_SIGNED_PAGE_BLANK,       /* the right page, but nothing written in the box */
} VtSignedPageResult;

typedef struct
{
  VtSignedPageResult result;
  char              *code;     /* the code read, or NULL */
  double             ink;      /* share of the box's pixels that are ink, 0…1 */
  int                box_x, box_y, box_width, box_height;  /* where the box was looked for */
} VtSignedPageVerdict;

/* A new code for one printed page: 8 letters and digits that cannot be confused (no 0/O,
 * 1/I/L), from a CSPRNG-seeded GRand. */
char       *vt_signed_page_new_code      (void);

/* Draws the box (top-left at x, y) and the code beside it. */
void        vt_signed_page_draw          (cairo_t            *cr,
                                          double              x,
                                          double              y,
                                          const char         *code);

/* Looks at one 8-bit luma image (a frame or the captured photo): is the page with
 * `expected_code` in it, with something written in its box? Pure: no state, no I/O. */
void        vt_signed_page_check         (const guint8        *luma,
                                          int                  width,
                                          int                  height,
                                          int                  stride,
                                          const char          *expected_code,
                                          VtSignedPageVerdict *verdict);
void        vt_signed_page_verdict_clear (VtSignedPageVerdict *verdict);
/* One short translated sentence for the person. */
const char *vt_signed_page_message       (VtSignedPageResult   result);

G_END_DECLS

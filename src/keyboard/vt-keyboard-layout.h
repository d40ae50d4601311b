/* vt-keyboard-layout.h — the on-screen keyboard's layouts, as data: which keys, in which rows.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a key does when touched. */
typedef enum
{
  VT_KEY_END = 0,     /* closes a row */
  VT_KEY_TEXT,        /* inserts `text` (`shifted` while shift or caps lock is on) */
  VT_KEY_BACKSPACE,   /* deletes the character before the cursor; repeats while held */
  VT_KEY_SHIFT,       /* one tap: the next letter upper case; a second tap: caps lock */
  VT_KEY_SPACE,
  VT_KEY_PAGE,        /* shows another page of the same layout (`page`) */
  VT_KEY_NEXT_FIELD,  /* moves to the next text field of the page */
} VtKeyAction;

typedef struct
{
  VtKeyAction  action;
  const char  *text;      /* what it types; for other keys, NULL */
  const char  *shifted;   /* what it types with shift; NULL: the same */
  const char  *a11y;      /* its name for a screen reader (untranslated, N_()); NULL: the text */
  guint        width;     /* in quarter keys: 4 is an ordinary key */
  guint        page;      /* VT_KEY_PAGE: the page it shows */
} VtKey;

#define VT_KEYBOARD_MAX_ROWS 6

typedef struct
{
  const VtKey *rows[VT_KEYBOARD_MAX_ROWS];  /* NULL after the last row */
} VtKeyboardPage;

typedef enum
{
  VT_KEYBOARD_LETTERS,      /* names, addresses, free text: Spanish, accents in one tap */
  VT_KEYBOARD_DIGITS,       /* cédula, numbers: a big numeric pad */
  VT_KEYBOARD_PHONE,        /* digits, + and space */
  VT_KEYBOARD_EMAIL,        /* letters, @ . - _ and domain keys */
  VT_KEYBOARD_UPPER_ALNUM,  /* código dactilar: upper-case letters and digits */
  VT_KEYBOARD_URL,          /* web addresses (staff settings): letters, / : . and https:// */
  VT_KEYBOARD_N_LAYOUTS
} VtKeyboardLayoutKind;

typedef struct
{
  VtKeyboardLayoutKind   kind;
  const char            *name;      /* "letters", "digits", … (for tests and CSS) */
  guint                  n_pages;
  const VtKeyboardPage  *pages;
  guint                  columns;   /* quarter keys in the widest row */
} VtKeyboardLayout;

/* The layout a field asks for by its input purpose and hints. */
VtKeyboardLayoutKind     vt_keyboard_layout_kind_for   (GtkInputPurpose      purpose,
                                                        GtkInputHints        hints);
const VtKeyboardLayout  *vt_keyboard_layout_get        (VtKeyboardLayoutKind kind);
/* The text a key types in the given shift state (NULL for keys that type nothing). */
const char              *vt_key_get_text               (const VtKey         *key,
                                                        gboolean             shifted);
/* The key's name for a screen reader, translated. */
const char              *vt_key_get_accessible_name    (const VtKey         *key,
                                                        gboolean             shifted);

G_END_DECLS

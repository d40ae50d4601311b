/* vt-keyboard-layout.c — the on-screen keyboard's layouts: Spanish letters with every accent
 * in one tap, a big numeric pad, a phone pad, e-mail and the código dactilar's upper case.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-keyboard"

#include "vt-keyboard-layout.h"

#include <glib/gi18n-lib.h>

#define K(t, s) { VT_KEY_TEXT, t, s, NULL, 4, 0 }
#define KN(t, s, name) { VT_KEY_TEXT, t, s, name, 4, 0 }
#define KW(t, name, w) { VT_KEY_TEXT, t, NULL, name, w, 0 }
#define BACKSPACE(w) { VT_KEY_BACKSPACE, NULL, NULL, N_("borrar"), w, 0 }
#define SHIFT(w) { VT_KEY_SHIFT, NULL, NULL, N_("mayúsculas"), w, 0 }
#define SPACE(w) { VT_KEY_SPACE, " ", NULL, N_("espacio"), w, 0 }
#define PAGE(label, name, w, p) { VT_KEY_PAGE, label, NULL, name, w, p }
#define NEXT(w) { VT_KEY_NEXT_FIELD, NULL, NULL, N_("Siguiente campo"), w, 0 }
#define END { VT_KEY_END, NULL, NULL, NULL, 0, 0 }

/* Letters: the accents a Spanish name needs on a row of their own, so each is one tap. */
static const VtKey letters_accents[] = {
  KN ("á", "Á", N_("a con tilde")), KN ("é", "É", N_("e con tilde")),
  KN ("í", "Í", N_("i con tilde")), KN ("ó", "Ó", N_("o con tilde")),
  KN ("ú", "Ú", N_("u con tilde")), KN ("ü", "Ü", N_("u con diéresis")),
  KN ("'", NULL, N_("apóstrofo")), KN ("-", NULL, N_("guion")), END
};
static const VtKey letters_top[] = {
  K ("q", "Q"), K ("w", "W"), K ("e", "E"), K ("r", "R"), K ("t", "T"), K ("y", "Y"),
  K ("u", "U"), K ("i", "I"), K ("o", "O"), K ("p", "P"), BACKSPACE (6), END
};
static const VtKey letters_middle[] = {
  K ("a", "A"), K ("s", "S"), K ("d", "D"), K ("f", "F"), K ("g", "G"), K ("h", "H"),
  K ("j", "J"), K ("k", "K"), K ("l", "L"), KN ("ñ", "Ñ", N_("eñe")), END
};
static const VtKey letters_bottom[] = {
  SHIFT (6), K ("z", "Z"), K ("x", "X"), K ("c", "C"), K ("v", "V"), K ("b", "B"), K ("n", "N"),
  K ("m", "M"), KN (",", NULL, N_("coma")), KN (".", NULL, N_("punto")), END
};
static const VtKey letters_space[] = {
  PAGE ("?123", N_("números y símbolos"), 8, 1), SPACE (20), NEXT (14), END
};

/* Their numbers and symbols page. */
static const VtKey symbols_digits[] = {
  K ("1", NULL), K ("2", NULL), K ("3", NULL), K ("4", NULL), K ("5", NULL), K ("6", NULL),
  K ("7", NULL), K ("8", NULL), K ("9", NULL), K ("0", NULL), BACKSPACE (6), END
};
static const VtKey symbols_one[] = {
  KN ("@", NULL, N_("arroba")), KN ("#", NULL, N_("numeral")), KN ("/", NULL, N_("barra")),
  KN (":", NULL, N_("dos puntos")), KN ("(", NULL, N_("abre paréntesis")),
  KN (")", NULL, N_("cierra paréntesis")), KN ("+", NULL, N_("más")),
  KN ("_", NULL, N_("guion bajo")), KN ("&", NULL, N_("signo et")),
  KN ("%", NULL, N_("por ciento")),
  END
};
static const VtKey symbols_two[] = {
  KN ("°", NULL, N_("grado")), KN ("ª", NULL, N_("ordinal femenino")),
  KN ("º", NULL, N_("ordinal masculino")), KN ("¿", NULL, N_("abre interrogación")),
  KN ("?", NULL, N_("cierra interrogación")), KN ("¡", NULL, N_("abre exclamación")),
  KN ("!", NULL, N_("cierra exclamación")), KN (";", NULL, N_("punto y coma")),
  KN ("\"", NULL, N_("comillas")), KN ("$", NULL, N_("dólar")), END
};
static const VtKey symbols_space[] = {
  PAGE ("ABC", N_("letras"), 8, 0), KN (",", NULL, N_("coma")), SPACE (16),
  KN (".", NULL, N_("punto")), NEXT (14), END
};

static const VtKeyboardPage letters_pages[] = {
  { { letters_accents, letters_top, letters_middle, letters_bottom, letters_space, NULL } },
  { { symbols_digits, symbols_one, symbols_two, symbols_space, NULL } },
};

/* A big numeric pad. */
static const VtKey digits_one[] = { K ("1", NULL), K ("2", NULL), K ("3", NULL), END };
static const VtKey digits_two[] = { K ("4", NULL), K ("5", NULL), K ("6", NULL), END };
static const VtKey digits_three[] = { K ("7", NULL), K ("8", NULL), K ("9", NULL), END };
static const VtKey digits_four[] = { BACKSPACE (4), K ("0", NULL), NEXT (4), END };

static const VtKeyboardPage digits_pages[] = {
  { { digits_one, digits_two, digits_three, digits_four, NULL } },
};

/* A phone: the pad with + (an international number is typed whole) and a space. */
static const VtKey phone_four[] = {
  KN ("+", NULL, N_("más")), K ("0", NULL), BACKSPACE (4), END
};
static const VtKey phone_five[] = { SPACE (6), NEXT (6), END };

static const VtKeyboardPage phone_pages[] = {
  { { digits_one, digits_two, digits_three, phone_four, phone_five, NULL } },
};

/* E-mail: lower case letters, the symbols an address has, and whole
 * domains in one tap. */
static const VtKey email_domains[] = {
  KW ("@", N_("arroba"), 4), KW (".", N_("punto"), 4), KW ("-", N_("guion"), 4),
  KW ("_", N_("guion bajo"), 4), KW (".com", N_("punto com"), 6), KW (".ec", N_("punto e c"), 6),
  KW ("@gmail.com", N_("arroba gmail punto com"), 10), END
};
static const VtKey email_providers[] = {
  KW ("@hotmail.com", N_("arroba hotmail punto com"), 11),
  KW ("@outlook.com", N_("arroba outlook punto com"), 11),
  KW ("@yahoo.com", N_("arroba yahoo punto com"), 10), NEXT (14), END
};
static const VtKey email_middle[] = {
  K ("a", "A"), K ("s", "S"), K ("d", "D"), K ("f", "F"), K ("g", "G"), K ("h", "H"),
  K ("j", "J"), K ("k", "K"), K ("l", "L"), KN (":", NULL, N_("dos puntos")), END
};
static const VtKey email_bottom[] = {
  SHIFT (6), K ("z", "Z"), K ("x", "X"), K ("c", "C"), K ("v", "V"), K ("b", "B"), K ("n", "N"),
  K ("m", "M"), PAGE ("?123", N_("números y símbolos"), 8, 1), END
};
static const VtKey email_bottom_digits[] = {
  PAGE ("ABC", N_("letras"), 8, 0), KW ("@", N_("arroba"), 4), KW (".", N_("punto"), 4),
  KW ("-", N_("guion"), 4), KW ("_", N_("guion bajo"), 4), NEXT (14), END
};

static const VtKeyboardPage email_pages[] = {
  { { email_domains, email_providers, letters_top, email_middle, email_bottom, NULL } },
  { { symbols_digits, symbols_one, email_bottom_digits, NULL } },
};

/* Código dactilar: a letter and four digits, twice (V1234V1234). */
static const VtKey upper_digits[] = {
  K ("1", NULL), K ("2", NULL), K ("3", NULL), K ("4", NULL), K ("5", NULL), K ("6", NULL),
  K ("7", NULL), K ("8", NULL), K ("9", NULL), K ("0", NULL), END
};
static const VtKey upper_top[] = {
  K ("Q", NULL), K ("W", NULL), K ("E", NULL), K ("R", NULL), K ("T", NULL), K ("Y", NULL),
  K ("U", NULL), K ("I", NULL), K ("O", NULL), K ("P", NULL), BACKSPACE (6), END
};
static const VtKey upper_middle[] = {
  K ("A", NULL), K ("S", NULL), K ("D", NULL), K ("F", NULL), K ("G", NULL), K ("H", NULL),
  K ("J", NULL), K ("K", NULL), K ("L", NULL), END
};
static const VtKey upper_bottom[] = {
  K ("Z", NULL), K ("X", NULL), K ("C", NULL), K ("V", NULL), K ("B", NULL), K ("N", NULL),
  K ("M", NULL), NEXT (14), END
};

static const VtKeyboardPage upper_pages[] = {
  { { upper_digits, upper_top, upper_middle, upper_bottom, NULL } },
};

/* A web address (the upload server, in staff mode): the scheme in one tap, the separators a
 * path needs on the first page, digits on the second. */
static const VtKey url_parts[] = {
  KW ("https://", N_("h t t p s dos puntos barra barra"), 10), KW ("/", N_("barra"), 4),
  KW (":", N_("dos puntos"), 4), KW (".", N_("punto"), 4), KW (".ec", N_("punto e c"), 6),
  KW (".com", N_("punto com"), 6), NEXT (12), END
};
static const VtKey url_middle[] = {
  K ("a", "A"), K ("s", "S"), K ("d", "D"), K ("f", "F"), K ("g", "G"), K ("h", "H"),
  K ("j", "J"), K ("k", "K"), K ("l", "L"), KN ("?", NULL, N_("cierra interrogación")), END
};
static const VtKey url_bottom[] = {
  SHIFT (6), K ("z", "Z"), K ("x", "X"), K ("c", "C"), K ("v", "V"), K ("b", "B"), K ("n", "N"),
  K ("m", "M"), KW ("-", N_("guion"), 4), PAGE ("?123", N_("números y símbolos"), 8, 1), END
};

static const VtKeyboardPage url_pages[] = {
  { { url_parts, letters_top, url_middle, url_bottom, NULL } },
  { { symbols_digits, symbols_one, email_bottom_digits, NULL } },
};

static const VtKeyboardLayout layouts[VT_KEYBOARD_N_LAYOUTS] = {
  { VT_KEYBOARD_LETTERS, "letters", G_N_ELEMENTS (letters_pages), letters_pages, 46 },
  { VT_KEYBOARD_DIGITS, "digits", G_N_ELEMENTS (digits_pages), digits_pages, 12 },
  { VT_KEYBOARD_PHONE, "phone", G_N_ELEMENTS (phone_pages), phone_pages, 12 },
  { VT_KEYBOARD_EMAIL, "email", G_N_ELEMENTS (email_pages), email_pages, 46 },
  { VT_KEYBOARD_UPPER_ALNUM, "upper-alnum", G_N_ELEMENTS (upper_pages), upper_pages, 46 },
  { VT_KEYBOARD_URL, "url", G_N_ELEMENTS (url_pages), url_pages, 46 },
};

VtKeyboardLayoutKind
vt_keyboard_layout_kind_for (GtkInputPurpose purpose,
                             GtkInputHints   hints)
{
  switch (purpose)
    {
    case GTK_INPUT_PURPOSE_DIGITS:
    case GTK_INPUT_PURPOSE_NUMBER:
    case GTK_INPUT_PURPOSE_PIN:
      return VT_KEYBOARD_DIGITS;
    case GTK_INPUT_PURPOSE_PHONE:
      return VT_KEYBOARD_PHONE;
    case GTK_INPUT_PURPOSE_EMAIL:
      return VT_KEYBOARD_EMAIL;
    case GTK_INPUT_PURPOSE_URL:
      return VT_KEYBOARD_URL;
    case GTK_INPUT_PURPOSE_FREE_FORM:
    case GTK_INPUT_PURPOSE_ALPHA:
    case GTK_INPUT_PURPOSE_NAME:
    case GTK_INPUT_PURPOSE_PASSWORD:
    case GTK_INPUT_PURPOSE_TERMINAL:
    default:
      /* A code written in capitals and digits says so by its hint. */
      if (hints & GTK_INPUT_HINT_UPPERCASE_CHARS)
        return VT_KEYBOARD_UPPER_ALNUM;
      return VT_KEYBOARD_LETTERS;
    }
}

const VtKeyboardLayout *
vt_keyboard_layout_get (VtKeyboardLayoutKind kind)
{
  g_return_val_if_fail (kind < VT_KEYBOARD_N_LAYOUTS, NULL);
  return &layouts[kind];
}

const char *
vt_key_get_text (const VtKey *key,
                 gboolean     shifted)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (key->action != VT_KEY_TEXT && key->action != VT_KEY_SPACE)
    return NULL;
  return shifted && key->shifted != NULL ? key->shifted : key->text;
}

const char *
vt_key_get_accessible_name (const VtKey *key,
                            gboolean     shifted)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (key->a11y != NULL)
    return _(key->a11y);
  return vt_key_get_text (key, shifted);
}

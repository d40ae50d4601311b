/* vt-test-identity.h — synthetic identities for tests: never real people's data.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A made-up person whose every field passes its validator. Names come from small lists of
 * invented words ("Prueba", "Sintética"…), the mail domain is example.org, the cédula is
 * random with a computed check digit. Strings are owned by the struct. */
typedef struct
{
  char *nombres;
  char *apellidos;
  char *cedula;
  char *codigo_dactilar;
  char *pasaporte;
  char *correo;
  char *celular_ec;         /* 098XXXXXXX or 099XXXXXXX */
  char *telefono_exterior;  /* E.164, a mobile of pais: +346XXXXXXXX for Spain */
  char *fecha_nacimiento;   /* ISO YYYY-MM-DD, 1945–2005 */
  char *fecha_expedicion;   /* ISO, after the birth date, not after 2024-12-31 */
  char *pais;               /* "ES" */
  char *estado;
  char *ciudad;
  char *codigo_postal;      /* valid for pais */
} VtTestPerson;

/* A cédula valid by construction: province 01–24, third digit 0–5, computed check digit. */
char         *vt_test_cedula_new     (GRand       *rand);
/* A copy of @valid (ten digits) with a different, hence wrong, check digit. */
char         *vt_test_cedula_corrupt (const char  *valid,
                                      GRand       *rand);

/* The same @seed always gives the same person. */
VtTestPerson *vt_test_person_new     (guint32      seed);
void          vt_test_person_free    (VtTestPerson *person);
/* Moves the person to another country: its state, city, postal code and a mobile number
 * libphonenumber accepts there. Knows "ES", "MN" (Mongolia) and "GH" (Ghana). */
void          vt_test_person_move_to (VtTestPerson *person,
                                      const char   *iso);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTestPerson, vt_test_person_free)

G_END_DECLS

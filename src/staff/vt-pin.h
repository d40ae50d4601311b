/* vt-pin.h — the staff and technician PINs: Argon2id hashes, and a lock that outlives restarts.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_PIN_MIN_DIGITS 4
#define VT_PIN_MAX_DIGITS 12
/* Wrong tries allowed before the first lock; each further wrong try locks again, longer. */
#define VT_PIN_FREE_TRIES 5
#define VT_PIN_FIRST_DELAY_S 30
#define VT_PIN_MAX_DELAY_S 3600

#define VT_PIN_ERROR (vt_pin_error_quark ())

typedef enum
{
  VT_PIN_ERROR_FORMAT,   /* not 4 to 12 digits */
  VT_PIN_ERROR_HASH,     /* libsodium could not hash (out of memory) */
} VtPinError;

typedef enum
{
  VT_PIN_RESULT_OK,
  VT_PIN_RESULT_WRONG,
  VT_PIN_RESULT_LOCKED,   /* too many wrong tries: not even checked */
  VT_PIN_RESULT_NOT_SET,  /* no PIN configured */
} VtPinResult;

GQuark    vt_pin_error_quark    (void);

/* 4 to 12 ASCII digits. */
gboolean  vt_pin_is_well_formed (const char *pin);
/* crypto_pwhash_str with Argon2id and the interactive limits. */
char     *vt_pin_hash           (const char *pin,
                                 GError    **error);
/* Blocking (Argon2id takes tens of milliseconds): never on the UI thread. */
gboolean  vt_pin_check_hash     (const char *hash,
                                 const char *pin);

#define VT_TYPE_PIN_LOCK (vt_pin_lock_get_type ())

G_DECLARE_FINAL_TYPE (VtPinLock, vt_pin_lock, VT, PIN_LOCK, GObject)

/* The count of wrong tries and the current lock live in `state_path` (a small key file,
 * written atomically and durably), so that restarting the kiosk resets nothing. The lock runs
 * on the time since boot, never the wall clock: neither a date change nor a restart nor a
 * reboot shortens it. */
VtPinLock  *vt_pin_lock_new              (const char   *state_path);
/* Test hooks, called by tests only (no environment variable or setting reaches them): every
 * delay is multiplied by `scale`, in one lock or in every lock made afterwards. */
void        vt_pin_lock_set_time_scale   (VtPinLock    *self,
                                          double        scale);
void        vt_pin_lock_set_default_time_scale (double  scale);
guint       vt_pin_lock_get_failures     (VtPinLock    *self);
/* Milliseconds until a try is allowed again (0: now). */
gint64      vt_pin_lock_get_wait_ms      (VtPinLock    *self);
/* The lock a given count of wrong tries earns, in milliseconds (0 below VT_PIN_FREE_TRIES). */
gint64      vt_pin_lock_delay_ms         (VtPinLock    *self,
                                          guint         failures);

/* Checks `pin` against `hash` (NULL or empty: VT_PIN_RESULT_NOT_SET) unless locked, and records
 * the outcome: a right PIN clears the count. `out_wait_ms` gets the lock that now applies.
 * Blocking. */
VtPinResult vt_pin_lock_verify           (VtPinLock    *self,
                                          const char   *hash,
                                          const char   *pin,
                                          gint64       *out_wait_ms);
/* The same on a worker thread. */
void        vt_pin_lock_verify_async     (VtPinLock           *self,
                                          const char          *hash,
                                          const char          *pin,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VtPinResult vt_pin_lock_verify_finish    (VtPinLock           *self,
                                          GAsyncResult        *result,
                                          gint64              *out_wait_ms,
                                          GError             **error);

G_END_DECLS

/* vt-pin.c — the staff and technician PINs: Argon2id hashes, and a lock that outlives restarts.
 *
 * The lock is measured on CLOCK_BOOTTIME, which no one moves by setting the date: a wall clock
 * corrected forward (by NTP, or by hand) ends no lock. That clock starts again at every boot,
 * so the state file also names the boot it was measured in and how much of the lock was left
 * when it was written; a lock read in another boot starts again with what was left. Neither a
 * clock change nor a restart nor a reboot shortens a lock (a reboot may lengthen one).
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-pin.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

struct _VtPinLock
{
  GObject  parent_instance;

  GMutex   mutex;
  char    *state_path;
  double   time_scale;
  guint    failures;
  gint64   locked_until;   /* boot_time_us () of this boot; 0 when not locked */
  char    *boot_id;        /* this boot's, or NULL when unknown */
};

/* What new locks multiply every delay by; only tests change it. */
static double default_time_scale = 1.0;

G_DEFINE_FINAL_TYPE (VtPinLock, vt_pin_lock, G_TYPE_OBJECT)

G_DEFINE_QUARK (vt-pin-error-quark, vt_pin_error)

gboolean
vt_pin_is_well_formed (const char *pin)
{
  gsize len;

  if (pin == NULL)
    return FALSE;
  len = strlen (pin);
  if (len < VT_PIN_MIN_DIGITS || len > VT_PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

char *
vt_pin_hash (const char  *pin,
             GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!vt_pin_is_well_formed (pin))
    {
      g_set_error (error, VT_PIN_ERROR, VT_PIN_ERROR_FORMAT,
                   _("El PIN debe tener de %d a %d dígitos."), VT_PIN_MIN_DIGITS,
                   VT_PIN_MAX_DIGITS);
      return NULL;
    }
  if (sodium_init () < 0
      || crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, VT_PIN_ERROR, VT_PIN_ERROR_HASH,
                           _("No se pudo proteger el PIN: falta memoria."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
vt_pin_check_hash (const char *hash,
                   const char *pin)
{
  if (hash == NULL || *hash == '\0' || pin == NULL || sodium_init () < 0)
    return FALSE;
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

/* Time since boot, suspend included: setting the date does not move it. */
static gint64
boot_time_us (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return g_get_monotonic_time ();
  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static char *
dup_boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

static void save_state (VtPinLock *self);

static void
load_state (VtPinLock *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *boot_id = NULL;
  gint64 left_ms;

  if (!g_key_file_load_from_file (file, self->state_path, G_KEY_FILE_NONE, NULL))
    return;
  self->failures = (guint)CLAMP (g_key_file_get_integer (file, "lock", "failures", NULL), 0,
                                 10000);
  boot_id = g_key_file_get_string (file, "lock", "boot-id", NULL);
  if (self->boot_id != NULL && g_strcmp0 (boot_id, self->boot_id) == 0)
    {
      /* The same boot: its clock tells exactly what is left. */
      self->locked_until = g_key_file_get_int64 (file, "lock", "locked-until-boottime", NULL);
      return;
    }
  /* Written in another boot (or by a version that used the wall clock): how much of the lock
   * went by since is unknown, and no clock here can tell. It starts again with what was left;
   * a state without that figure gets the whole lock its count of wrong tries earns. */
  if (g_key_file_has_key (file, "lock", "left-ms", NULL))
    left_ms = g_key_file_get_int64 (file, "lock", "left-ms", NULL);
  else
    left_ms = vt_pin_lock_delay_ms (self, self->failures);
  left_ms = CLAMP (left_ms, 0, vt_pin_lock_delay_ms (self, self->failures));
  self->locked_until = left_ms > 0 ? boot_time_us () + left_ms * 1000 : 0;
  /* Measured on this boot's clock from now on, so a restart does not start it again. */
  if (self->locked_until != 0)
    save_state (self);
}

static void
save_state (VtPinLock *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (self->state_path);
  g_autofree char *data = NULL;
  gint64 left_ms = 0;
  gsize len;

  if (self->locked_until != 0)
    left_ms = MAX ((self->locked_until - boot_time_us ()) / 1000, 0);
  g_key_file_set_integer (file, "lock", "failures", (int)self->failures);
  if (self->boot_id != NULL)
    g_key_file_set_string (file, "lock", "boot-id", self->boot_id);
  g_key_file_set_int64 (file, "lock", "locked-until-boottime", self->locked_until);
  g_key_file_set_int64 (file, "lock", "left-ms", left_ms);
  data = g_key_file_to_data (file, &len, NULL);
  g_mkdir_with_parents (dir, 0700);
  /* Lost state would hand out five fresh tries: write it whole and durably. */
  if (!g_file_set_contents_full (self->state_path, data, len, G_FILE_SET_CONTENTS_CONSISTENT
                                 | G_FILE_SET_CONTENTS_DURABLE, 0600, &error))
    g_warning ("Could not keep the PIN lock state: %s", error->message);
}

gint64
vt_pin_lock_delay_ms (VtPinLock *self,
                      guint      failures)
{
  gint64 ms;

  g_return_val_if_fail (VT_IS_PIN_LOCK (self), 0);

  if (failures < VT_PIN_FREE_TRIES)
    return 0;
  ms = (gint64)VT_PIN_FIRST_DELAY_S * 1000;
  for (guint i = VT_PIN_FREE_TRIES; i < failures && ms < VT_PIN_MAX_DELAY_S * 1000; i++)
    ms *= 2;
  ms = MIN (ms, (gint64)VT_PIN_MAX_DELAY_S * 1000);
  return (gint64)(ms * self->time_scale);
}

static gint64
wait_ms_locked (VtPinLock *self)
{
  gint64 left = (self->locked_until - boot_time_us ()) / 1000;

  if (self->locked_until == 0 || left <= 0)
    return 0;
  /* A state file cannot lock the kiosk for longer than the rule says. */
  return MIN (left, vt_pin_lock_delay_ms (self, self->failures));
}

gint64
vt_pin_lock_get_wait_ms (VtPinLock *self)
{
  gint64 ms;

  g_return_val_if_fail (VT_IS_PIN_LOCK (self), 0);

  g_mutex_lock (&self->mutex);
  ms = wait_ms_locked (self);
  g_mutex_unlock (&self->mutex);
  return ms;
}

guint
vt_pin_lock_get_failures (VtPinLock *self)
{
  guint failures;

  g_return_val_if_fail (VT_IS_PIN_LOCK (self), 0);

  g_mutex_lock (&self->mutex);
  failures = self->failures;
  g_mutex_unlock (&self->mutex);
  return failures;
}

void
vt_pin_lock_set_time_scale (VtPinLock *self,
                            double     scale)
{
  g_return_if_fail (VT_IS_PIN_LOCK (self));
  g_return_if_fail (scale > 0);

  g_mutex_lock (&self->mutex);
  self->time_scale = scale;
  g_mutex_unlock (&self->mutex);
}

VtPinResult
vt_pin_lock_verify (VtPinLock  *self,
                    const char *hash,
                    const char *pin,
                    gint64     *out_wait_ms)
{
  VtPinResult result;
  gint64 wait;

  g_return_val_if_fail (VT_IS_PIN_LOCK (self), VT_PIN_RESULT_WRONG);

  /* The whole check holds the lock: two tries at once cannot both slip under the count. */
  g_mutex_lock (&self->mutex);
  if (hash == NULL || *hash == '\0')
    result = VT_PIN_RESULT_NOT_SET;
  else if (wait_ms_locked (self) > 0)
    result = VT_PIN_RESULT_LOCKED;
  else if (vt_pin_check_hash (hash, pin))
    {
      result = VT_PIN_RESULT_OK;
      if (self->failures != 0 || self->locked_until != 0)
        {
          self->failures = 0;
          self->locked_until = 0;
          save_state (self);
        }
    }
  else
    {
      gint64 delay;

      result = VT_PIN_RESULT_WRONG;
      self->failures++;
      delay = vt_pin_lock_delay_ms (self, self->failures);
      self->locked_until = delay > 0 ? boot_time_us () + delay * 1000 : 0;
      save_state (self);
      g_message ("Wrong PIN (%u in a row)%s", self->failures, delay > 0 ? ", locked" : "");
    }
  wait = wait_ms_locked (self);
  g_mutex_unlock (&self->mutex);

  if (out_wait_ms != NULL)
    *out_wait_ms = wait;
  return result;
}

typedef struct
{
  char   *hash;
  char   *pin;
  gint64  wait_ms;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_free (data->hash);
  if (data->pin != NULL)
    {
      sodium_memzero (data->pin, strlen (data->pin));
      g_free (data->pin);
    }
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  VtPinResult result;

  result = vt_pin_lock_verify (source_object, data->hash, data->pin, &data->wait_ms);
  g_task_return_int (task, result);
}

void
vt_pin_lock_verify_async (VtPinLock           *self,
                          const char          *hash,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *data;

  g_return_if_fail (VT_IS_PIN_LOCK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_pin_lock_verify_async);
  data = g_new0 (VerifyData, 1);
  data->hash = g_strdup (hash);
  data->pin = g_strdup (pin);
  g_task_set_task_data (task, data, (GDestroyNotify)verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

VtPinResult
vt_pin_lock_verify_finish (VtPinLock     *self,
                           GAsyncResult  *result,
                           gint64        *out_wait_ms,
                           GError       **error)
{
  VerifyData *data;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), VT_PIN_RESULT_WRONG);

  data = g_task_get_task_data (G_TASK (result));
  value = g_task_propagate_int (G_TASK (result), error);
  if (out_wait_ms != NULL)
    *out_wait_ms = data->wait_ms;
  return value < 0 ? VT_PIN_RESULT_WRONG : (VtPinResult)value;
}

static void
vt_pin_lock_finalize (GObject *object)
{
  VtPinLock *self = (VtPinLock *)object;

  g_free (self->state_path);
  g_free (self->boot_id);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (vt_pin_lock_parent_class)->finalize (object);
}

static void
vt_pin_lock_class_init (VtPinLockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_pin_lock_finalize;
}

static void
vt_pin_lock_init (VtPinLock *self)
{
  g_mutex_init (&self->mutex);
  self->time_scale = default_time_scale;
}

void
vt_pin_lock_set_default_time_scale (double scale)
{
  g_return_if_fail (scale > 0);

  default_time_scale = scale;
}

VtPinLock *
vt_pin_lock_new (const char *state_path)
{
  VtPinLock *self;

  g_return_val_if_fail (state_path != NULL, NULL);

  /* No environment variable shortens the delays: nothing outside the program can. */
  self = g_object_new (VT_TYPE_PIN_LOCK, NULL);
  self->state_path = g_strdup (state_path);
  self->boot_id = dup_boot_id ();
  load_state (self);
  return self;
}

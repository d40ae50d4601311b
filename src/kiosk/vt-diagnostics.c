/* vt-diagnostics.c — what a technician checks first, measured rather than assumed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-kiosk"

#include "vt-diagnostics.h"
#include "vt-office-key.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Below this, a few submissions with video no longer fit. */
#define LOW_DISK_BYTES (G_GUINT64_CONSTANT (200) * 1024 * 1024)
#define SHORT_DISK_BYTES (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
/* A camera that gives no frame in this long is not working. */
#define FIRST_FRAME_TIMEOUT_MS 5000
#define UPLOAD_TIMEOUT_S 5
/* Room noise reads above this; a level at the floor means nothing is heard at all. */
#define SILENT_DB (-90.0)

struct _VtDiagnostics
{
  GObject   parent_instance;

  char     *data_dir;
  VtCamera *camera;
  char     *camera_spec;
  char     *upload_url;
  char     *printer;
  char     *office_key;
  guint     measure_ms;
  gboolean  kiosk_mode;
};

G_DEFINE_FINAL_TYPE (VtDiagnostics, vt_diagnostics, G_TYPE_OBJECT)

void
vt_check_free (VtCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->id);
  g_free (check->title);
  g_free (check->summary);
  g_clear_pointer (&check->details, json_object_unref);
  g_free (check);
}

const char *
vt_check_status_to_string (VtCheckStatus status)
{
  switch (status)
    {
    case VT_CHECK_OK: return "ok";
    case VT_CHECK_WARNING: return "warning";
    case VT_CHECK_FAILED: return "failed";
    default: return "unknown";
    }
}

static VtCheck *
check_new (const char *id,
           const char *title)
{
  VtCheck *check = g_new0 (VtCheck, 1);

  check->id = g_strdup (id);
  check->title = g_strdup (title);
  check->details = json_object_new ();
  return check;
}

static void
check_set (VtCheck       *check,
           VtCheckStatus  status,
           char          *summary)
{
  check->status = status;
  g_free (check->summary);
  check->summary = summary;
}

void
vt_queue_entry_free (VtQueueEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->code);
  g_free (entry->procedure_id);
  g_free (entry->state);
  g_free (entry->last_error_class);
  g_free (entry);
}

const char *
vt_diagnostics_describe_state (const char *state)
{
  if (g_strcmp0 (state, "queued") == 0)
    return _("En espera");
  if (g_strcmp0 (state, "uploading") == 0)
    return _("Enviándose");
  if (g_strcmp0 (state, "needs-attention") == 0)
    return _("Necesita revisión");
  if (g_strcmp0 (state, "sent") == 0)
    return _("Enviado");
  return _("Desconocido");
}

const char *
vt_diagnostics_describe_error_class (const char *error_class)
{
  if (error_class == NULL || *error_class == '\0' || g_str_equal (error_class, "none"))
    return _("Sin errores");
  if (g_str_equal (error_class, "network"))
    return _("Sin conexión con el servidor");
  if (g_str_equal (error_class, "timeout"))
    return _("El servidor tardó demasiado");
  if (g_str_equal (error_class, "server"))
    return _("Falla en el servidor");
  if (g_str_equal (error_class, "protocol"))
    return _("Respuesta no válida del servidor");
  if (g_str_equal (error_class, "too-large"))
    return _("El envío es demasiado grande para el servidor");
  if (g_str_equal (error_class, "refused"))
    return _("El servidor no aceptó la credencial");
  if (g_str_equal (error_class, "local"))
    return _("Falla en el quiosco (archivo o disco)");
  return _("Error desconocido");
}

static sqlite3 *
open_database (const char  *path,
               GError     **error)
{
  sqlite3 *db = NULL;

  /* Read-only: a damaged database must be reported as it is, not repaired by looking. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   db ? sqlite3_errmsg (db) : "sqlite3_open_v2");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 2000);
  return db;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

GPtrArray *
vt_diagnostics_list_queue (const char  *queue_dir,
                           GError     **error)
{
  g_autofree char *path = g_build_filename (queue_dir, "queue.db", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_queue_entry_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (queue_dir != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&entries);
  db = open_database (path, error);
  if (db == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, code, procedure_id, state, attempts, last_error_class,"
                           " created_at FROM ("
                           "  SELECT * FROM submissions WHERE state != 'sent'"
                           "  UNION ALL"
                           "  SELECT * FROM (SELECT * FROM submissions WHERE state = 'sent'"
                           "                 ORDER BY created_at DESC LIMIT 20))"
                           " ORDER BY state = 'sent', created_at",
                           -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtQueueEntry *entry = g_new0 (VtQueueEntry, 1);

      entry->id = dup_column (stmt, 0);
      entry->code = dup_column (stmt, 1);
      entry->procedure_id = dup_column (stmt, 2);
      entry->state = dup_column (stmt, 3);
      entry->attempts = sqlite3_column_int (stmt, 4);
      entry->last_error_class = dup_column (stmt, 5);
      entry->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_steal_pointer (&entries);
}

/* Checks that need no main loop, run on a worker thread. */

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

static VtCheck *
check_disk (const char *data_dir)
{
  VtCheck *check = check_new ("disk", _("Espacio en disco"));
  g_autoptr(GFile) dir = g_file_new_for_path (data_dir);
  g_autoptr(GFile) existing = g_object_ref (dir);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *free_text = NULL;
  guint64 free_bytes, total;

  /* A data folder not made yet lives on its parent's file system. */
  while (!g_file_query_exists (existing, NULL) && g_file_has_parent (existing, NULL))
    {
      GFile *parent = g_file_get_parent (existing);
      g_object_unref (existing);
      existing = parent;
    }
  json_object_set_string_member (check->details, "path", data_dir);
  info = g_file_query_filesystem_info (existing, G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_SIZE, NULL, &error);
  if (info == NULL)
    {
      json_object_set_string_member (check->details, "error", error->message);
      check_set (check, VT_CHECK_FAILED,
                 g_strdup (_("No se pudo saber cuánto espacio queda en el disco.")));
      return check;
    }
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  total = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
  json_object_set_int_member (check->details, "free_bytes", (gint64)free_bytes);
  json_object_set_int_member (check->details, "total_bytes", (gint64)total);
  free_text = format_bytes (free_bytes);
  if (free_bytes < LOW_DISK_BYTES)
    check_set (check, VT_CHECK_FAILED,
               g_strdup_printf (_("Quedan solo %s libres: los trámites nuevos no caben. "
                                  "Libere espacio."), free_text));
  else if (free_bytes < SHORT_DISK_BYTES)
    check_set (check, VT_CHECK_WARNING,
               g_strdup_printf (_("Quedan %s libres: pronto faltará espacio."), free_text));
  else
    check_set (check, VT_CHECK_OK, g_strdup_printf (_("Quedan %s libres."), free_text));
  return check;
}

static void
check_database (const char  *data_dir,
                VtCheck    **out_database,
                VtCheck    **out_queue)
{
  VtCheck *database = check_new ("database", _("Base de datos"));
  VtCheck *queue = check_new ("queue", _("Cola de envíos"));
  g_autofree char *path = g_build_filename (data_dir, "queue", "queue.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) result = g_string_new (NULL);
  g_autoptr(JsonObject) counts = json_object_new ();
  static const char * const states[] = { "queued", "uploading", "needs-attention", "sent" };
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 attention = 0, waiting = 0;
  int rc;

  *out_database = database;
  *out_queue = queue;
  json_object_set_string_member (database->details, "path", path);
  json_object_set_boolean_member (database->details, "exists",
                                  g_file_test (path, G_FILE_TEST_IS_REGULAR));
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      json_object_set_string_member (database->details, "integrity", "missing");
      check_set (database, VT_CHECK_WARNING,
                 g_strdup (_("Todavía no hay base de datos: se crea al abrir el quiosco.")));
      check_set (queue, VT_CHECK_OK, g_strdup (_("La cola está vacía.")));
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        json_object_set_int_member (counts, states[i], 0);
      json_object_set_object_member (queue->details, "counts", json_object_ref (counts));
      return;
    }

  db = open_database (path, &error);
  if (db != NULL)
    rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  else
    rc = SQLITE_CANTOPEN;
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (result->len > 0)
        g_string_append (result, "; ");
      g_string_append (result, (const char *)sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      g_string_assign (result, db ? sqlite3_errmsg (db) : error->message);
      rc = SQLITE_CORRUPT;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  json_object_set_string_member (database->details, "integrity", result->str);
  if (rc == SQLITE_CORRUPT || !g_str_equal (result->str, "ok"))
    {
      check_set (database, VT_CHECK_FAILED,
                 g_strdup (_("La base de datos está dañada. Al reiniciar, el quiosco la "
                             "reconstruye desde los envíos sellados.")));
      check_set (queue, VT_CHECK_FAILED,
                 g_strdup (_("No se puede leer la cola porque la base de datos está dañada.")));
      sqlite3_close (db);
      return;
    }
  check_set (database, VT_CHECK_OK, g_strdup (_("La base de datos está en buen estado.")));

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    json_object_set_int_member (counts, states[i], 0);
  rc = sqlite3_prepare_v2 (db, "SELECT state, count(*) FROM submissions GROUP BY state", -1,
                           &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *)sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      json_object_set_int_member (counts, state ? state : "unknown", n);
      if (g_strcmp0 (state, "needs-attention") == 0)
        attention = n;
      if (g_strcmp0 (state, "queued") == 0 || g_strcmp0 (state, "uploading") == 0)
        waiting += n;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  json_object_set_object_member (queue->details, "counts", json_object_ref (counts));
  if (rc != SQLITE_DONE)
    {
      json_object_set_string_member (queue->details, "error", sqlite3_errmsg (db));
      check_set (queue, VT_CHECK_FAILED, g_strdup (_("No se pudo leer la cola de envíos.")));
    }
  else if (attention > 0)
    check_set (queue, VT_CHECK_WARNING,
               g_strdup_printf (g_dngettext (NULL, "%u envío necesita revisión; %u en espera.",
                                             "%u envíos necesitan revisión; %u en espera.",
                                             (gulong)attention),
                                (guint)MIN (attention, G_MAXUINT), (guint)MIN (waiting, G_MAXUINT)));
  else if (waiting > 0)
    check_set (queue, VT_CHECK_OK,
               g_strdup_printf (g_dngettext (NULL, "%u envío en espera.",
                                             "%u envíos en espera.",
                                             (gulong)waiting), (guint)MIN (waiting, G_MAXUINT)));
  else
    check_set (queue, VT_CHECK_OK, g_strdup (_("Nada espera: todo fue enviado.")));
  sqlite3_close (db);
}

static VtCheck *
check_upload (const char *url)
{
  VtCheck *check = check_new ("upload", _("Servidor de envíos"));
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint status;

  json_object_set_boolean_member (check->details, "configured", url != NULL && *url != '\0');
  if (url == NULL || *url == '\0')
    {
      json_object_set_string_member (check->details, "reachable", "not configured");
      check_set (check, VT_CHECK_WARNING,
                 g_strdup (_("No hay servidor configurado: los envíos esperan en el quiosco.")));
      return check;
    }
  json_object_set_string_member (check->details, "url", url);
  message = soup_message_new (SOUP_METHOD_OPTIONS, url);
  if (message == NULL)
    {
      json_object_set_boolean_member (check->details, "reachable", FALSE);
      check_set (check, VT_CHECK_FAILED,
                 g_strdup (_("La dirección del servidor de envíos no es válida.")));
      return check;
    }
  soup_message_headers_append (soup_message_get_request_headers (message), "Tus-Resumable",
                               "1.0.0");
  session = soup_session_new_with_options ("timeout", UPLOAD_TIMEOUT_S,
                                           "idle-timeout", UPLOAD_TIMEOUT_S, NULL);
  start = g_get_monotonic_time ();
  body = soup_session_send (session, message, NULL, &error);
  json_object_set_int_member (check->details, "elapsed_ms",
                              (g_get_monotonic_time () - start) / 1000);
  if (body == NULL)
    {
      json_object_set_boolean_member (check->details, "reachable", FALSE);
      json_object_set_string_member (check->details, "error", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        check_set (check, VT_CHECK_FAILED,
                   g_strdup (_("El servidor de envíos no respondió a tiempo.")));
      else if (error->domain == G_TLS_ERROR)
        check_set (check, VT_CHECK_FAILED,
                   g_strdup (_("El certificado del servidor de envíos no es de confianza.")));
      else
        check_set (check, VT_CHECK_FAILED,
                   g_strdup (_("No se llega al servidor de envíos: revise la red.")));
      return check;
    }
  g_input_stream_close (body, NULL, NULL);
  status = soup_message_get_status (message);
  json_object_set_boolean_member (check->details, "reachable", TRUE);
  json_object_set_int_member (check->details, "http_status", status);
  if (status >= 500)
    check_set (check, VT_CHECK_WARNING,
               g_strdup_printf (_("El servidor de envíos responde, pero con una falla (%u)."),
                                status));
  else
    check_set (check, VT_CHECK_OK, g_strdup (_("El servidor de envíos responde.")));
  return check;
}

/* CUPS through its own command: lpstat answers the question a technician would ask. */
static char *
run_lpstat (const char  *lpstat,
            const char  *argument,
            int         *out_status)
{
  g_autofree char *timeout = g_find_program_in_path ("timeout");
  g_autofree char *out = NULL;
  const char *argv_timeout[] = { timeout, "5", lpstat, argument, NULL };
  const char *argv_plain[] = { lpstat, argument, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **)(timeout ? argv_timeout : argv_plain), NULL,
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL))
    {
      *out_status = -1;
      return NULL;
    }
  *out_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  return g_steal_pointer (&out);
}

static VtCheck *
check_printer (const char *configured)
{
  VtCheck *check = check_new ("printer", _("Impresora"));
  g_autofree char *lpstat = g_find_program_in_path ("lpstat");
  g_autofree char *default_out = NULL;
  g_autofree char *list_out = NULL;
  g_autofree char *default_name = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonArray) printers = json_array_new ();
  gboolean configured_found = FALSE;
  int status;

  json_object_set_string_member (check->details, "configured", configured ? configured : "");
  json_object_set_boolean_member (check->details, "cups", lpstat != NULL);
  if (lpstat == NULL)
    {
      json_object_set_string_member (check->details, "present", "none");
      json_object_set_array_member (check->details, "printers", g_steal_pointer (&printers));
      check_set (check, configured && *configured ? VT_CHECK_FAILED : VT_CHECK_WARNING,
                 g_strdup (_("No hay impresora: el sistema de impresión (CUPS) no está "
                             "instalado. Los comprobantes no se imprimirán.")));
      return check;
    }

  list_out = run_lpstat (lpstat, "-e", &status);
  lines = g_strsplit (list_out ? list_out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *name = g_strstrip (lines[i]);

      if (*name == '\0')
        continue;
      json_array_add_string_element (printers, name);
      if (g_strcmp0 (name, configured) == 0)
        configured_found = TRUE;
    }
  default_out = run_lpstat (lpstat, "-d", &status);
  if (default_out != NULL && status == 0 && strchr (default_out, ':') != NULL
      && !g_str_has_prefix (default_out, "no "))
    default_name = g_strstrip (g_strdup (strchr (default_out, ':') + 1));
  json_object_set_string_member (check->details, "default", default_name ? default_name : "");
  json_object_set_array_member (check->details, "printers", json_array_ref (printers));

  if (configured != NULL && *configured != '\0')
    {
      json_object_set_string_member (check->details, "present",
                                     configured_found ? configured : "none");
      if (configured_found)
        check_set (check, VT_CHECK_OK, g_strdup_printf (_("Impresora «%s» lista."), configured));
      else
        check_set (check, VT_CHECK_FAILED,
                   g_strdup_printf (_("La impresora configurada «%s» no aparece."), configured));
    }
  else if (default_name != NULL && *default_name != '\0')
    {
      json_object_set_string_member (check->details, "present", default_name);
      check_set (check, VT_CHECK_OK,
                 g_strdup_printf (_("Impresora predeterminada «%s» lista."), default_name));
    }
  else
    {
      json_object_set_string_member (check->details, "present",
                                     json_array_get_length (printers) > 0
                                     ? json_array_get_string_element (printers, 0) : "none");
      if (json_array_get_length (printers) > 0)
        check_set (check, VT_CHECK_WARNING,
                   g_strdup (_("Hay impresoras, pero ninguna es la predeterminada.")));
      else
        check_set (check, VT_CHECK_WARNING,
                   g_strdup (_("No hay impresora: los comprobantes no se imprimirán.")));
    }
  return check;
}

/* The day this file was compiled, from the compiler (reproducible builds set it to the
 * source's date, which is as good a lower bound). */
static GDateTime *
build_date (void)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const char *date = __DATE__;   /* "Nov 26 2026" */
  char month[4] = { date[0], date[1], date[2], '\0' };
  const char *found = strstr (months, month);
  int day = atoi (date + 4);
  int year = atoi (date + 7);

  return g_date_time_new_utc (year, found ? (int)(found - months) / 3 + 1 : 1, MAX (day, 1),
                              0, 0, 0);
}

static VtCheck *
check_clock (void)
{
  VtCheck *check = check_new ("clock", _("Reloj"));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) built = build_date ();
  g_autoptr(GDateTime) earliest = g_date_time_add_days (built, -1);
  g_autoptr(GDateTime) latest = g_date_time_add_years (built, 20);
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *built_text = g_date_time_format (built, "%F");
  g_autofree char *shown = g_date_time_format (local, "%d/%m/%Y %H:%M");
  gboolean plausible;

  plausible = g_date_time_compare (now, earliest) >= 0 && g_date_time_compare (now, latest) < 0;
  json_object_set_string_member (check->details, "now", now_text);
  json_object_set_string_member (check->details, "build_date", built_text);
  json_object_set_boolean_member (check->details, "plausible", plausible);
  if (plausible)
    check_set (check, VT_CHECK_OK, g_strdup_printf (_("La hora parece correcta: %s."), shown));
  else
    check_set (check, VT_CHECK_FAILED,
               g_strdup_printf (_("La hora del quiosco no es creíble (%s): las fechas de los "
                                  "trámites saldrán mal. Corrija la hora."), shown));
  return check;
}

typedef struct
{
  char *data_dir;
  char *upload_url;
  char *printer;
  char *office_key;
} WorkerData;

static void
worker_data_free (WorkerData *data)
{
  g_free (data->data_dir);
  g_free (data->upload_url);
  g_free (data->printer);
  g_free (data->office_key);
  g_free (data);
}

static void
worker_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WorkerData *data = task_data;
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_check_free);
  VtCheck *database, *queue;

  g_ptr_array_add (checks, check_disk (data->data_dir));
  check_database (data->data_dir, &database, &queue);
  g_ptr_array_add (checks, database);
  g_ptr_array_add (checks, queue);
  g_ptr_array_add (checks, check_upload (data->upload_url));
  g_ptr_array_add (checks, check_printer (data->printer));
  g_ptr_array_add (checks, check_clock ());
  g_ptr_array_add (checks, vt_office_key_diagnose (data->office_key));
  g_task_return_pointer (task, checks, (GDestroyNotify)g_ptr_array_unref);
}

/* The camera and microphone, measured on the main context where the camera delivers frames. */

typedef struct
{
  GTask      *task;
  VtCamera   *camera;
  gulong      frame_handler;
  guint       timer;
  guint       frames;
  gint64      started;
  gint64      first_frame;
  gint64      last_frame;
  double      loudest;
  gboolean    started_ok;
  gboolean    listening;
  gboolean    kiosk_mode;
  char       *start_error;
  char       *camera_spec;
  VtCheck    *camera_check;
  VtCheck    *microphone_check;
  GPtrArray  *others;
  guint       pending;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->camera);
  g_free (run->start_error);
  g_free (run->camera_spec);
  vt_check_free (run->camera_check);
  vt_check_free (run->microphone_check);
  g_clear_pointer (&run->others, g_ptr_array_unref);
  g_free (run);
}

static void
run_complete (Run *run)
{
  GPtrArray *checks;
  g_autoptr(GTask) task = NULL;

  if (--run->pending > 0)
    return;
  task = run->task;
  checks = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_check_free);
  g_ptr_array_add (checks, g_steal_pointer (&run->camera_check));
  g_ptr_array_add (checks, g_steal_pointer (&run->microphone_check));
  for (guint i = 0; run->others != NULL && i < run->others->len; i++)
    g_ptr_array_add (checks, g_steal_pointer (&g_ptr_array_index (run->others, i)));
  run_free (run);
  g_task_return_pointer (task, checks, (GDestroyNotify)g_ptr_array_unref);
}

static void
worker_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  run->others = g_task_propagate_pointer (G_TASK (result), NULL);
  run_complete (run);
}

static void
frame_cb (GdkPaintable *paintable,
          Run          *run)
{
  gint64 now = g_get_monotonic_time ();

  if (run->frames == 0)
    run->first_frame = now;
  run->last_frame = now;
  run->frames++;
}

static void
finish_camera (Run *run)
{
  VtCheck *camera = check_new ("camera", _("Cámara"));
  VtCheck *microphone = check_new ("microphone", _("Micrófono"));
  GdkPaintable *paintable = vt_camera_get_paintable (run->camera);
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  double fps = 0;
  char level_text[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean synthetic = vt_camera_is_synthetic (run->camera);
  const char *mode = vt_camera_get_mode (run->camera);
  const char *device = vt_camera_get_device_name (run->camera);

  g_clear_signal_handler (&run->frame_handler, paintable);
  vt_camera_stop (run->camera);
  vt_camera_set_listening (run->camera, FALSE);

  if (run->frames > 1 && run->last_frame > run->first_frame)
    fps = (run->frames - 1) * (double)G_USEC_PER_SEC / (run->last_frame - run->first_frame);
  fps = (int)(fps * 10 + 0.5) / 10.0;
  /* Some camera gives frames; "synthetic" tells whether it is the demonstration one. */
  json_object_set_boolean_member (camera->details, "found",
                                  run->started_ok && run->frames > 0);
  json_object_set_string_member (camera->details, "source",
                                 vt_camera_get_source_name (run->camera)
                                 ? vt_camera_get_source_name (run->camera) : "");
  /* The device's own name ("HD Pro Webcam C920") and the mode chosen from what it offers. */
  json_object_set_string_member (camera->details, "device", device ? device : "");
  json_object_set_string_member (camera->details, "mode", mode ? mode : "");
  json_object_set_boolean_member (camera->details, "below_minimum",
                                  vt_camera_is_below_minimum (run->camera));
  json_object_set_int_member (camera->details, "width", width);
  json_object_set_int_member (camera->details, "height", height);
  json_object_set_double_member (camera->details, "fps", fps);
  json_object_set_int_member (camera->details, "frames", run->frames);
  json_object_set_boolean_member (camera->details, "synthetic", synthetic);
  json_object_set_boolean_member (camera->details, "kiosk_mode", run->kiosk_mode);
  if (run->start_error != NULL)
    json_object_set_string_member (camera->details, "error", run->start_error);
  if (!run->started_ok || run->frames == 0)
    check_set (camera, VT_CHECK_FAILED,
               g_strdup (_("No hay imagen de la cámara: revise que esté conectada.")));
  else if (synthetic)
    /* Asked for by name: a demonstration, no fault on a desk (a warning, so no green tick sits
     * beside "no sirve"), a fault on a kiosk in service, where nobody could be photographed. */
    check_set (camera, run->kiosk_mode ? VT_CHECK_FAILED : VT_CHECK_WARNING,
               g_strdup_printf (_("Se usa la cámara sintética de demostración (%d × %d, %.0f "
                                  "imágenes por segundo): no sirve para atender trámites."),
                                width, height, fps));
  else if (fps < 10 || vt_camera_is_below_minimum (run->camera))
    check_set (camera, VT_CHECK_WARNING,
               g_strdup_printf (_("La cámara funciona, pero no alcanza 640 × 480 a 15 imágenes "
                                  "por segundo: %s, %.0f imágenes por segundo medidas."),
                                mode ? mode : "", fps));
  else
    check_set (camera, VT_CHECK_OK,
               g_strdup_printf (_("La cámara funciona: %s (imagen de %d × %d), %.0f imágenes "
                                  "por segundo."), mode ? mode : "", width, height, fps));

  json_object_set_boolean_member (microphone->details, "found", run->listening);
  json_object_set_string_member (microphone->details, "device",
                                 vt_camera_get_microphone_name (run->camera)
                                 ? vt_camera_get_microphone_name (run->camera) : "");
  json_object_set_boolean_member (microphone->details, "synthetic",
                                  vt_camera_is_synthetic (run->camera));
  json_object_set_double_member (microphone->details, "level_db",
                                 (int)(run->loudest * 10) / 10.0);
  g_ascii_formatd (level_text, sizeof level_text, "%.0f", run->loudest);
  if (!run->listening)
    check_set (microphone, VT_CHECK_FAILED,
               g_strdup (_("No se encontró el micrófono: los pasos de video quedan fuera de "
                           "servicio.")));
  else if (vt_camera_is_synthetic (run->camera) && run->kiosk_mode)
    check_set (microphone, VT_CHECK_FAILED,
               g_strdup (_("Se usa el micrófono sintético de demostración: no sirve para "
                           "atender trámites.")));
  else if (run->loudest <= SILENT_DB)
    check_set (microphone, VT_CHECK_WARNING,
               g_strdup (_("El micrófono no capta nada: revise que esté conectado y sin "
                           "silenciar.")));
  else
    check_set (microphone, VT_CHECK_OK,
               g_strdup_printf (_("El micrófono capta sonido (nivel %s dB)."), level_text));

  run->camera_check = camera;
  run->microphone_check = microphone;
  run_complete (run);
}

static gboolean
camera_tick_cb (gpointer user_data)
{
  Run *run = user_data;
  VtDiagnostics *self = g_task_get_source_object (run->task);
  gint64 now = g_get_monotonic_time ();
  gboolean done;

  if (run->listening && run->frames > 0)
    run->loudest = MAX (run->loudest, vt_camera_get_audio_level (run->camera));
  if (run->frames == 0)
    done = now - run->started >= (gint64)FIRST_FRAME_TIMEOUT_MS * 1000;
  else
    done = now - run->first_frame >= (gint64)self->measure_ms * 1000;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (run->task)))
    done = TRUE;
  if (!done)
    return G_SOURCE_CONTINUE;
  run->timer = 0;
  finish_camera (run);
  return G_SOURCE_REMOVE;
}

void
vt_diagnostics_run_async (VtDiagnostics       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  WorkerData *data;
  Run *run;

  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  run = g_new0 (Run, 1);
  run->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (run->task, vt_diagnostics_run_async);
  g_task_set_check_cancellable (run->task, FALSE);
  run->pending = 2;
  run->loudest = -100;

  data = g_new0 (WorkerData, 1);
  data->data_dir = g_strdup (self->data_dir);
  data->upload_url = g_strdup (self->upload_url);
  data->printer = g_strdup (self->printer);
  data->office_key = g_strdup (self->office_key);
  worker = g_task_new (self, NULL, worker_done_cb, run);
  g_task_set_task_data (worker, data, (GDestroyNotify)worker_data_free);
  g_task_run_in_thread (worker, worker_thread);

  run->kiosk_mode = self->kiosk_mode;
  run->camera = self->camera ? g_object_ref (self->camera) : vt_camera_new (self->camera_spec);
  run->camera_spec = g_strdup (self->camera ? NULL : self->camera_spec ? self->camera_spec
                                                                        : "auto");
  /* The microphone rides in the camera's pipeline; without one, measure the camera alone. */
  vt_camera_set_listening (run->camera, TRUE);
  run->listening = TRUE;
  run->started_ok = vt_camera_start (run->camera, &error);
  if (!run->started_ok)
    {
      g_clear_error (&error);
      vt_camera_set_listening (run->camera, FALSE);
      run->listening = FALSE;
      run->started_ok = vt_camera_start (run->camera, &error);
      if (!run->started_ok)
        run->start_error = g_strdup (error->message);
    }
  /* The camera runs without a microphone when there is none: that is "not found". */
  if (run->started_ok && vt_camera_is_microphone_missing (run->camera))
    run->listening = FALSE;
  run->started = g_get_monotonic_time ();
  run->frame_handler = g_signal_connect (vt_camera_get_paintable (run->camera),
                                         "invalidate-contents", G_CALLBACK (frame_cb), run);
  run->timer = g_timeout_add (100, camera_tick_cb, run);
}

GPtrArray *
vt_diagnostics_run_finish (VtDiagnostics  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_sync_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GPtrArray *
vt_diagnostics_run (VtDiagnostics *self)
{
  GAsyncResult *result = NULL;
  GPtrArray *checks;

  g_return_val_if_fail (VT_IS_DIAGNOSTICS (self), NULL);

  vt_diagnostics_run_async (self, NULL, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  checks = vt_diagnostics_run_finish (self, result, NULL);
  g_object_unref (result);
  return checks;
}

gboolean
vt_diagnostics_all_ok (GPtrArray *checks)
{
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    if (((VtCheck *)g_ptr_array_index (checks, i))->status == VT_CHECK_FAILED)
      return FALSE;
  return checks != NULL;
}

char *
vt_diagnostics_to_json (GPtrArray *checks)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (checks != NULL, NULL);

  json_object_set_boolean_member (root, "ok", vt_diagnostics_all_ok (checks));
  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);
      JsonObject *item = json_object_new ();
      GList *members = json_object_get_members (check->details);

      json_object_set_string_member (item, "status", vt_check_status_to_string (check->status));
      json_object_set_boolean_member (item, "ok", check->status != VT_CHECK_FAILED);
      json_object_set_string_member (item, "summary", check->summary ? check->summary : "");
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (item, l->data,
                                json_node_copy (json_object_get_member (check->details, l->data)));
      g_list_free (members);
      json_object_set_object_member (root, check->id, item);
    }
  json_node_set_object (node, root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

void
vt_diagnostics_set_kiosk_mode (VtDiagnostics *self,
                               gboolean       kiosk_mode)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));
  self->kiosk_mode = !!kiosk_mode;
}

void
vt_diagnostics_set_camera (VtDiagnostics *self,
                           VtCamera      *camera,
                           const char    *camera_spec)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  g_set_object (&self->camera, camera);
  g_free (self->camera_spec);
  self->camera_spec = g_strdup (camera_spec);
}

void
vt_diagnostics_set_upload_url (VtDiagnostics *self,
                               const char    *url)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  g_free (self->upload_url);
  self->upload_url = g_strdup (url);
}

void
vt_diagnostics_set_printer (VtDiagnostics *self,
                            const char    *printer)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  g_free (self->printer);
  self->printer = g_strdup (printer);
}

void
vt_diagnostics_set_office_key (VtDiagnostics *self,
                               const char    *key)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  g_free (self->office_key);
  self->office_key = g_strdup (key);
}

void
vt_diagnostics_set_measure_ms (VtDiagnostics *self,
                               guint          ms)
{
  g_return_if_fail (VT_IS_DIAGNOSTICS (self));

  self->measure_ms = MAX (ms, 200);
}

static void
vt_diagnostics_finalize (GObject *object)
{
  VtDiagnostics *self = (VtDiagnostics *)object;

  g_free (self->data_dir);
  g_clear_object (&self->camera);
  g_free (self->camera_spec);
  g_free (self->upload_url);
  g_free (self->printer);
  g_free (self->office_key);
  G_OBJECT_CLASS (vt_diagnostics_parent_class)->finalize (object);
}

static void
vt_diagnostics_class_init (VtDiagnosticsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_diagnostics_finalize;
}

static void
vt_diagnostics_init (VtDiagnostics *self)
{
  self->measure_ms = 2000;
}

VtDiagnostics *
vt_diagnostics_new (const char *data_dir)
{
  VtDiagnostics *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (VT_TYPE_DIAGNOSTICS, NULL);
  self->data_dir = g_strdup (data_dir);
  return self;
}

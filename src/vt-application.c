/* vt-application.c — options for people and technicians, and start-up.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-application"

#include "vt-application.h"

#include "capture/vt-camera.h"
#include "capture/vt-recording-test.h"
#include "kiosk/vt-a11y.h"
#include "kiosk/vt-diagnostics.h"
#include "kiosk/vt-idle-monitor.h"
#include "kiosk/vt-key-required-window.h"
#include "kiosk/vt-kiosk-mode.h"
#include "kiosk/vt-office-key.h"
#include "kiosk/vt-probe.h"
#include "kiosk/vt-provision.h"
#include "kiosk/vt-speaker.h"
#include "kiosk/vt-watchdog.h"
#include "outbox/vt-bundle.h"
#include "outbox/vt-queue.h"
#include "outbox/vt-kiosk-key.h"
#include "outbox/vt-uploader.h"
#include "outbox/vt-secret-stream.h"
#include "procedures/vt-procedure.h"
#include "staff/vt-pin.h"
#include "vt-i18n.h"
#include "vt-resources.h"
#include "vt-window.h"
#include "wizard/vt-session-folders.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

struct _VtApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  char           *camera_spec;
  gboolean        kiosk_mode;
  GPtrArray      *procedures;
  VtQueue        *queue;
  VtUploader     *uploader;
  GSettings      *settings;   /* watched for a new upload server */
  VtSpeaker      *speaker;
  VtA11y         *a11y;
  VtIdleMonitor  *idle;
  VtSessionFolders *session_folders;  /* this process's claim on the sessions folder */
};

G_DEFINE_FINAL_TYPE (VtApplication, vt_application, ADW_TYPE_APPLICATION)

void
vt_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      g_resources_register (vt_get_resource ());
      g_once_init_leave (&registered, 1);
    }
}

void
vt_choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;
  gboolean hardware = FALSE;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;

  /* Without a render node there is only Mesa's software rasterizer behind GL. */
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      hardware = TRUE;
  if (!hardware || g_strcmp0 (g_getenv ("LIBGL_ALWAYS_SOFTWARE"), "1") == 0)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

static const char *
data_dir (VtApplication *self)
{
  if (self->data_dir == NULL)
    self->data_dir = g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);
  return self->data_dir;
}

/* The schema is absent when running uninstalled without GSETTINGS_SCHEMA_DIR: embedded
 * defaults then apply. */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema ? g_settings_new (APP_ID) : NULL;
}

/* The kiosk gives codes with its own prefix (and signs with its own key: see open_queue). */
static void
use_code_prefix (VtQueue   *queue,
                 GSettings *settings)
{
  g_autofree char *prefix = settings ? g_settings_get_string (settings, "code-prefix") : NULL;

  if (!vt_queue_set_code_prefix (queue, prefix))
    g_warning ("The code-prefix setting is not valid; codes use the prefix derived from the "
               "kiosk's key");
}

static VtQueue *
open_queue (VtApplication  *self,
            GError        **error)
{
  if (self->queue == NULL)
    {
      g_autofree char *dir = g_build_filename (data_dir (self), "queue", NULL);
      g_autoptr(GSettings) settings = dup_settings ();
      g_autofree char *office_key = NULL;
      g_autofree char *kiosk_id = NULL;
      guint8 *signing_key = NULL;

      /* Submissions are sealed to the office's public key; without settings, the
       * development key (VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY) applies. */
      if (settings != NULL)
        {
          office_key = g_settings_get_string (settings, "office-public-key");
          kiosk_id = g_settings_get_string (settings, "kiosk-id");
        }
      if (kiosk_id == NULL || *kiosk_id == '\0')
        {
          g_autofree char *machine_id = NULL;

          /* Never the machine id itself: other software uses it as a secret. */
          g_free (kiosk_id);
          kiosk_id = NULL;
          if (g_file_get_contents ("/etc/machine-id", &machine_id, NULL, NULL))
            kiosk_id = vt_kiosk_id_from_machine_id (machine_id);
        }
      if (office_key == NULL || g_str_equal (office_key, VT_BUNDLE_DEVELOPMENT_PUBLIC_KEY))
        g_message ("Sealing submissions to the DEVELOPMENT office key: set office-public-key "
                   "before using this kiosk with real people");
      /* Signed with the kiosk's own key (made on the kiosk at provisioning or at the first
       * start), from the open on: a repair then seals with it too. */
      signing_key = vt_kiosk_key_load_or_create (data_dir (self), NULL, error);
      if (signing_key == NULL)
        return NULL;
      self->queue = vt_queue_open_for_kiosk (dir, office_key, kiosk_id, signing_key, error);
      vt_secret_key_free (signing_key);
      if (self->queue != NULL)
        use_code_prefix (self->queue, settings);
    }
  return self->queue;
}

static int
list_procedures (VtApplication *self)
{
  for (guint i = 0; i < self->procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (self->procedures, i);
      g_print ("%s\t%s\n", vt_procedure_get_id (procedure),
               vt_procedure_tr (vt_procedure_get_title (procedure)));
    }
  return 0;
}

/* Checks every definition in a folder and reports each problem, not only the first. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static int
check_procedures (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint bad = 0;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_printerr (_("No hay definiciones de trámite (*.json) en %s\n"), path);
      return 1;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file_path = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);
      g_autoptr(VtProcedure) procedure = NULL;
      g_autoptr(GError) local_error = NULL;

      procedure = vt_procedure_new_from_file (file, &local_error);
      if (procedure == NULL)
        {
          g_printerr ("%s\n", local_error->message);
          bad++;
        }
      else
        g_print ("%s: ok (%s)\n", (const char *)g_ptr_array_index (names, i),
                 vt_procedure_get_id (procedure));
    }
  return bad > 0 ? 1 : 0;
}

static int
queue_status (VtApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  VtQueue *queue = open_queue (self, &error);

  if (queue == NULL || (json = vt_queue_dup_status_json (queue, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%s\n", json);
  return 0;
}

/* Sends the queue in the background while the kiosk runs, when an upload server is set. */
static void
start_uploader (VtApplication *self,
                VtQueue       *queue)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autoptr(VtTusClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (self->uploader != NULL || settings == NULL)
    return;
  url = g_settings_get_string (settings, "upload-url");
  token = g_settings_get_string (settings, "upload-token");
  if (url == NULL || *url == '\0')
    return;
  client = vt_tus_client_new (url, token);
  self->uploader = vt_uploader_new (queue, client);
  vt_uploader_start (self->uploader);
}

/* --flush-queue: uploads everything waiting now; 0 only when nothing is left on the kiosk. */
static int
flush_queue (VtApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = dup_settings ();
  g_autoptr(VtTusClient) client = NULL;
  g_autoptr(VtUploader) uploader = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  VtQueue *queue = open_queue (self, &error);
  int left;

  if (queue == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (settings != NULL)
    {
      url = g_settings_get_string (settings, "upload-url");
      token = g_settings_get_string (settings, "upload-token");
    }
  if (url == NULL || *url == '\0')
    {
      g_printerr ("%s\n", _("No hay servidor de envíos configurado (clave upload-url)."));
      return 1;
    }
  client = vt_tus_client_new (url, token);
  uploader = vt_uploader_new (queue, client);
  left = vt_uploader_flush (uploader, 3, NULL, &error);
  if (left < 0)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  json = vt_queue_dup_status_json (queue, NULL);
  if (json != NULL)
    g_print ("%s\n", json);
  if (left > 0)
    g_printerr (g_dngettext (NULL, "Queda %d envío en el quiosco.\n",
                             "Quedan %d envíos en el quiosco.\n", (gulong) left), left);
  return left == 0 ? 0 : 1;
}

/* After the settings: the kiosk's signing key, made here if it has none, and what the office
 * must register for it (ventanilla-office kiosk add). Only the public half is shown. */
static int
provision_kiosk_key (VtApplication *self,
                     GSettings     *settings)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *prefix = g_settings_get_string (settings, "code-prefix");
  g_autofree char *kiosk_id = g_settings_get_string (settings, "kiosk-id");
  gboolean created = FALSE;
  guint8 *key = vt_kiosk_key_load_or_create (data_dir (self), &created, &error);

  if (key == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  public_key = vt_bundle_signing_public_key (key);
  if (*prefix == '\0')
    {
      g_free (prefix);
      prefix = vt_kiosk_key_default_prefix (key);
    }
  vt_secret_key_free (key);
  if (*kiosk_id == '\0')
    {
      g_autofree char *machine_id = NULL;

      g_free (kiosk_id);
      kiosk_id = NULL;
      if (g_file_get_contents ("/etc/machine-id", &machine_id, NULL, NULL))
        kiosk_id = vt_kiosk_id_from_machine_id (machine_id);
    }
  g_print (created ? _("Se generó la clave de firma de este quiosco.\n")
                   : _("Este quiosco ya tenía su clave de firma.\n"));
  g_print (_("Regístrela en la oficina con:\n  ventanilla-office kiosk add --registry "
             "REGISTRO --kiosk-id '%s' --prefix %s --public-key %s\n"),
           kiosk_id ? kiosk_id : "", prefix, public_key);
  return 0;
}

/* --provision FILE: a fleet's settings from one key file; nothing changes if one line is bad. */
static int
provision (VtApplication *self,
           const char    *path)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autoptr(GError) error = NULL;
  int written;

  if (settings == NULL)
    {
      g_printerr ("%s\n", _("La configuración del quiosco no está instalada (esquema GSettings "
                            "org.ventanilla.Kiosk)."));
      return 1;
    }
  written = vt_provision_apply (settings, path, &error);
  if (written < 0)
    {
      g_printerr (_("%s: no se cambió nada: %s\n"), path, error->message);
      return 1;
    }
  g_print (g_dngettext (NULL, "Se aplicó %d ajuste.\n", "Se aplicaron %d ajustes.\n",
                        (gulong) written), written);

  return provision_kiosk_key (self, settings);
}

/* --diagnose: every check as JSON; non-zero when something keeps the kiosk from its job. The
 * queue's database is only read, so a damaged one is reported rather than rebuilt. */
static int
diagnose (VtApplication *self)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autoptr(VtDiagnostics) diagnostics = vt_diagnostics_new (data_dir (self));
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *camera_spec = NULL;
  g_autofree char *url = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *office_key = NULL;
  g_autofree char *json = NULL;

  if (settings != NULL)
    {
      camera_spec = g_settings_get_string (settings, "camera");
      url = g_settings_get_string (settings, "upload-url");
      printer = g_settings_get_string (settings, "printer");
      office_key = g_settings_get_string (settings, "office-public-key");
    }
  gst_init (NULL, NULL);
  vt_diagnostics_set_camera (diagnostics, NULL, self->camera_spec ? self->camera_spec : camera_spec);
  vt_diagnostics_set_kiosk_mode (diagnostics, self->kiosk_mode
                                              || (settings != NULL
                                                  && g_settings_get_boolean (settings,
                                                                             "kiosk-mode")));
  vt_diagnostics_set_upload_url (diagnostics, url);
  vt_diagnostics_set_printer (diagnostics, printer);
  vt_diagnostics_set_office_key (diagnostics, office_key);
  checks = vt_diagnostics_run (diagnostics);
  json = vt_diagnostics_to_json (checks);
  /* JSON is UTF-8 whatever the locale: no conversion, as g_print would do. */
  fputs (json, stdout);
  fputs ("\n", stdout);
  fflush (stdout);
  return vt_diagnostics_all_ok (checks) ? 0 : 1;
}

/* --set-staff-pin / --set-technician-pin: the PIN comes on standard input, never on the
 * command line where other users and the shell history would see it. */
static int
set_pin (const char *key)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  char line[64] = { 0 };
  gboolean ok;

  if (settings == NULL)
    {
      g_printerr ("%s\n", _("No se encontró el esquema de configuración org.ventanilla.Kiosk."));
      return 1;
    }
  if (isatty (STDIN_FILENO))
    g_printerr ("%s", _("Escriba el PIN (de 4 a 12 dígitos) y pulse Intro: "));
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  g_strchomp (line);
  hash = vt_pin_hash (line, &error);
  sodium_memzero (line, sizeof line);
  if (hash == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  ok = g_settings_set_string (settings, key, hash);
  g_settings_sync ();
  if (!ok)
    {
      g_printerr ("%s\n", _("No se pudo guardar el PIN en la configuración."));
      return 1;
    }
  g_print ("%s\n", _("PIN guardado."));
  return 0;
}

static int
vt_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  VtApplication *self = VT_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  const char *check_dir = NULL;
  const char *value = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ventanilla %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* Filename options arrive as byte strings. */
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &value))
    self->data_dir = g_strdup (value);
  if (g_variant_dict_lookup (options, "camera", "&s", &value))
    self->camera_spec = g_strdup (value);
  if (g_variant_dict_contains (options, "kiosk"))
    self->kiosk_mode = TRUE;
  if (g_variant_dict_lookup (options, "provision", "^&ay", &value))
    return provision (self, value);

  if (g_variant_dict_contains (options, "set-staff-pin"))
    return set_pin ("staff-pin-hash");
  if (g_variant_dict_contains (options, "set-technician-pin"))
    return set_pin ("technician-pin-hash");
  if (g_variant_dict_contains (options, "diagnose"))
    return diagnose (self);
  if (g_variant_dict_lookup (options, "check-procedures", "^&ay", &check_dir))
    return check_procedures (check_dir);
  if (g_variant_dict_lookup (options, "test-recording", "^&ay", &value))
    {
      gint32 seconds = 0;
      g_autofree char *json = NULL;

      g_variant_dict_lookup (options, "seconds", "i", &seconds);
      gst_init (NULL, NULL);
      json = vt_recording_test_run (self->camera_spec, value, (guint)MAX (seconds, 0), &error);
      if (json == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s\n", json);
      return 0;
    }

  vt_register_resources ();
  self->procedures = vt_procedures_load_builtin (&error);
  if (self->procedures == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_variant_dict_contains (options, "list-procedures"))
    return list_procedures (self);
  if (g_variant_dict_contains (options, "queue-status"))
    return queue_status (self);
  if (g_variant_dict_contains (options, "flush-queue"))
    return flush_queue (self);

  return -1;
}

/* Staff may set a new upload server on the settings page: the next upload goes there. */
static void
upload_settings_changed_cb (VtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->uploader != NULL)
    vt_uploader_stop (self->uploader);
  g_clear_object (&self->uploader);
  start_uploader (self, self->queue);
  g_message ("Upload settings changed: %s", self->uploader ? "uploading to the new server"
                                                          : "no upload server");
  if (window != NULL && VT_IS_WINDOW (window))
    vt_window_set_uploader (VT_WINDOW (window), self->uploader);
}

static void
first_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, user_data);
  vt_watchdog_start ();
}

/* Under the kiosk's systemd unit: ready once the first frame is painted, then pings while the
 * UI thread turns. */
static void
start_watchdog_after_first_paint (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), NULL);
  else
    vt_watchdog_start ();
}

/* A technician set the office key while the kiosk waited for it: quitting lets the kiosk
 * session start the kiosk again, now with its key. */
static void
office_key_changed_cb (GSettings     *settings,
                       const char    *key,
                       VtApplication *self)
{
  g_autofree char *value = g_settings_get_string (settings, "office-public-key");

  if (vt_office_key_check (value) != VT_OFFICE_KEY_OK)
    return;
  g_message ("The office key is set: the kiosk restarts with it");
  g_application_quit (G_APPLICATION (self));
}

/* Kiosk mode with the development key, or none that works: no person may use this kiosk. */
static void
refuse_kiosk_mode (VtApplication    *self,
                   GSettings        *settings,
                   VtOfficeKeyState  state)
{
  g_autofree char *language = NULL;
  GtkWidget *window;

  g_printerr ("%s\n", state == VT_OFFICE_KEY_DEVELOPMENT
                        ? _("Modo quiosco rechazado: los trámites se sellarían con la clave de "
                            "desarrollo. Configure office-public-key con la clave pública de la "
                            "oficina.")
                        : _("Modo quiosco rechazado: la clave pública de la oficina "
                            "(office-public-key) no es válida."));
  if (settings != NULL)
    {
      language = g_settings_get_string (settings, "default-language");
      self->settings = g_object_ref (settings);
      g_signal_connect (self->settings, "changed::office-public-key",
                        G_CALLBACK (office_key_changed_cb), self);
    }
  vt_i18n_set_language (language ? language : "es");
  window = vt_key_required_window_new (GTK_APPLICATION (self), state);
  vt_kiosk_mode_set (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
  start_watchdog_after_first_paint (GTK_WINDOW (window));
}

/* A development run sealing to the development key says so on screen, always. */
static void
show_development_key_warning (AdwApplicationWindow *window)
{
  g_autoptr(GtkWidget) content = g_object_ref (adw_application_window_get_content (window));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *warning = gtk_label_new (_("Prueba de desarrollo: los trámites se sellan con la "
                                        "clave de desarrollo, que cualquiera puede abrir. No "
                                        "use este equipo con personas."));

  gtk_widget_set_name (warning, "development-key-warning");
  gtk_widget_add_css_class (warning, "development-key-warning");
  gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
  adw_application_window_set_content (window, NULL);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (window, box);
}

static void
vt_application_activate (GApplication *application)
{
  VtApplication *self = VT_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtCamera) camera = NULL;
  g_autofree char *sessions = NULL;
  g_autoptr(GSettings) settings = dup_settings ();
  g_autofree char *language = NULL;
  g_autofree char *camera_spec = NULL;
  g_autofree char *office_key = NULL;
  VtOfficeKeyState key_state;
  GtkWindow *window;
  VtQueue *queue;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* What a crash left of a person's session is unreadable without its lost key: gone. */
  sessions = g_build_filename (data_dir (self), "sessions", NULL);
  if (self->session_folders == NULL)
    self->session_folders = vt_session_folders_claim (sessions, NULL, &error);
  if (self->session_folders == NULL)
    {
      g_printerr ("%s\n", error->message);
      g_application_quit (application);
      return;
    }

  if (settings != NULL)
    {
      office_key = g_settings_get_string (settings, "office-public-key");
      if (g_settings_get_boolean (settings, "kiosk-mode"))
        self->kiosk_mode = TRUE;
    }
  key_state = vt_office_key_check (office_key);
  if (self->kiosk_mode && key_state != VT_OFFICE_KEY_OK)
    {
      refuse_kiosk_mode (self, settings, key_state);
      return;
    }

  queue = open_queue (self, &error);
  if (queue == NULL)
    {
      /* The kiosk cannot keep anything without its queue; say so plainly and stop. */
      g_printerr ("%s\n", error->message);
      g_application_quit (application);
      return;
    }

  if (settings != NULL)
    {
      language = g_settings_get_string (settings, "default-language");
      camera_spec = g_settings_get_string (settings, "camera");
    }
  /* The procedures and channels this kiosk offers, in the fleet's order. */
  if (settings != NULL)
    {
      g_auto(GStrv) enabled_procedures = g_settings_get_strv (settings, "enabled-procedures");
      g_auto(GStrv) enabled_channels = g_settings_get_strv (settings, "enabled-channels");
      GPtrArray *offered = vt_procedures_filter (self->procedures,
                                                 (const char * const *)enabled_procedures,
                                                 (const char * const *)enabled_channels);

      if (offered->len == 0)
        {
          g_printerr ("%s\n", _("Ningún trámite queda habilitado con enabled-procedures y "
                                "enabled-channels: se ofrecen todos."));
          g_ptr_array_unref (offered);
        }
      else
        {
          g_ptr_array_unref (self->procedures);
          self->procedures = offered;
        }
    }

  /* The command line wins over the settings. */
  camera = vt_camera_new (self->camera_spec ? self->camera_spec : camera_spec);
  vt_camera_set_in_service (camera, self->kiosk_mode);
  if (vt_camera_is_synthetic (camera))
    g_message (self->kiosk_mode
               ? "The synthetic camera was asked for in kiosk mode: the capture steps are out "
                 "of service"
               : "Demonstration: the synthetic camera and microphone, frames marked DEMOSTRACIÓN");
  window = GTK_WINDOW (vt_window_new (GTK_APPLICATION (application), self->procedures, queue,
                                      camera, sessions));
  vt_window_set_default_language (VT_WINDOW (window), language ? language : "es");
  if (settings != NULL)
    {
      g_autofree char *kiosk_id = g_settings_get_string (settings, "kiosk-id");
      vt_window_set_kiosk_id (VT_WINDOW (window), kiosk_id);
    }
  vt_window_set_data_dir (VT_WINDOW (window), data_dir (self));
  /* Per-person accessibility and the idle wipe. */
  self->speaker = vt_speaker_new ();
  self->a11y = vt_a11y_new (VT_WINDOW (window), self->speaker);
  self->idle = vt_idle_monitor_new (VT_WINDOW (window), settings, self->speaker);
  vt_window_reset (VT_WINDOW (window));
  if (self->kiosk_mode)
    vt_kiosk_mode_set (window, TRUE);
  else if (key_state == VT_OFFICE_KEY_DEVELOPMENT)
    show_development_key_warning (ADW_APPLICATION_WINDOW (window));
  gtk_window_present (window);
  start_uploader (self, queue);
  vt_window_set_uploader (VT_WINDOW (window), self->uploader);
  if (settings != NULL && self->settings == NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_swapped (self->settings, "changed::upload-url",
                                G_CALLBACK (upload_settings_changed_cb), self);
      g_signal_connect_swapped (self->settings, "changed::upload-token",
                                G_CALLBACK (upload_settings_changed_cb), self);
    }
  /* Benchmarks only (VENTANILLA_PROBE…): first, so that it sees the first paint as it comes. */
  vt_probe_attach (VT_WINDOW (window), self->kiosk_mode);
  start_watchdog_after_first_paint (window);
}

static void
vt_application_startup (GApplication *application)
{
  /* libsodium before any session or queue: keys and sealing depend on it. */
  if (!vt_secret_init ())
    g_error ("libsodium could not be initialised");
  G_APPLICATION_CLASS (vt_application_parent_class)->startup (application);
  gst_init (NULL, NULL);
}

static void
vt_application_finalize (GObject *object)
{
  VtApplication *self = (VtApplication *)object;

  g_free (self->data_dir);
  g_free (self->camera_spec);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->uploader);
  g_clear_object (&self->idle);
  g_clear_object (&self->a11y);
  g_clear_object (&self->speaker);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->session_folders, vt_session_folders_free);
  G_OBJECT_CLASS (vt_application_parent_class)->finalize (object);
}

static void
vt_application_class_init (VtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vt_application_finalize;
  app_class->handle_local_options = vt_application_handle_local_options;
  app_class->activate = vt_application_activate;
  app_class->startup = vt_application_startup;
}

static void
vt_application_init (VtApplication *self)
{
  const GOptionEntry entries[] = {
    { "list-procedures", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Muestra el id y el título de cada trámite"), NULL },
    { "check-procedures", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Valida las definiciones de trámite de una carpeta"), N_("CARPETA") },
    { "queue-status", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Muestra en JSON el estado de la cola de envíos"), NULL },
    { "flush-queue", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Envía ahora todo lo que espera en la cola; termina con 0 solo si no queda nada"), NULL },
    { "camera", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Cámara a usar: auto, synthetic o un dispositivo"), N_("CÁMARA") },
    { "test-recording", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Graba una prueba con la cámara y el presupuesto del video y muestra sus cifras en JSON"),
      N_("ARCHIVO") },
    { "seconds", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Duración de la grabación de prueba, en segundos"), N_("SEGUNDOS") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Carpeta de datos del quiosco"), N_("CARPETA") },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Pantalla completa sin forma de salir salvo el modo de personal"), NULL },
    { "provision", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Aplica la configuración del quiosco desde un archivo de claves"), N_("ARCHIVO") },
    { "diagnose", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Revisa cámara, micrófono, disco, base de datos, cola, servidor, impresora y reloj; "
         "muestra el resultado en JSON"), NULL },
    { "set-staff-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Lee de la entrada estándar el PIN del personal (4 a 12 dígitos) y lo guarda"), NULL },
    { "set-technician-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Lee de la entrada estándar el PIN de técnico, que permite salir del modo quiosco"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Muestra la versión"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Quiosco de trámites del IESS"));
}

VtApplication *
vt_application_new (void)
{
  vt_choose_renderer ();
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/* vt-office.c — ventanilla-office: the office's key pair, the registry of kiosk keys, and
 * opening what kiosks sealed and signed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-office"

#include "outbox/vt-bundle.h"
#include "outbox/vt-json-guard.h"
#include "outbox/vt-kiosk-key.h"
#include "outbox/vt-secret-stream.h"
#include "vt-office-registry.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* A manifest never comes near this; a tus server's upload file is far smaller still. */
#define MAX_MANIFEST_FILE (16 * 1024 * 1024)
#define MAX_UPLOAD_INFO (1024 * 1024)

static int
fail (const char *message)
{
  g_printerr ("ventanilla-office: %s\n", message);
  return 1;
}

static gboolean
write_key_file (const char  *path,
                const char  *text,
                int          mode,
                GError     **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  gsize len = strlen (text);
  int saved = 0;

  if (fd < 0)
    saved = errno;
  else if (fchmod (fd, mode) != 0 || write (fd, text, len) != (gssize)len
           || write (fd, "\n", 1) != 1 || fsync (fd) != 0)
    saved = errno ? errno : EIO;
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved != 0)
    {
      if (fd >= 0)
        g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No se pudo escribir %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A procedure id as a file name: letters, digits, "-" and "_" only. */
static gboolean
vt_office_name_is_safe (const char *name)
{
  if (*name == '\0' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* kiosk add | revoke | list: the registry of the kiosks whose signatures this office trusts. */
static int
kiosk_command (const char *action,
               const char *registry_path,
               const char *kiosk_id,
               const char *public_key,
               const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOfficeRegistry) registry = NULL;

  if (action == NULL || registry_path == NULL)
    return fail (_("Uso: ventanilla-office kiosk add|revoke|list --registry ARCHIVO "
                   "[--kiosk-id ID] [--public-key CLAVE] [--prefix PREFIJO]"));
  registry = vt_office_registry_load (registry_path, g_str_equal (action, "add"), &error);
  if (registry == NULL)
    return fail (error->message);
  if (g_str_equal (action, "list"))
    {
      g_autofree char *text = vt_office_registry_describe (registry);
      g_print ("%s", text);
      return 0;
    }
  if (g_str_equal (action, "add"))
    {
      if (!vt_office_registry_add (registry, public_key, kiosk_id, prefix, &error)
          || !vt_office_registry_save (registry, &error))
        return fail (error->message);
      g_print (_("Quiosco %s registrado con el prefijo %s.\n"), kiosk_id, prefix);
      return 0;
    }
  if (g_str_equal (action, "revoke"))
    {
      guint revoked;

      if (kiosk_id == NULL && public_key == NULL)
        return fail (_("Indique --kiosk-id o --public-key."));
      revoked = vt_office_registry_revoke (registry, kiosk_id, public_key, &error);
      if (revoked == 0 || !vt_office_registry_save (registry, &error))
        return fail (error->message);
      g_print (g_dngettext (NULL, "%u clave revocada: sus paquetes ya no se abren.\n",
                            "%u claves revocadas: sus paquetes ya no se abren.\n", revoked),
               revoked);
      return 0;
    }
  return fail (_("Indique add, revoke o list."));
}

static int
keygen (const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pk_path = NULL;
  g_autofree char *sk_path = NULL;
  g_autofree char *pk_text = NULL;
  char *sk_text;
  guint8 pk[crypto_box_PUBLICKEYBYTES];
  guint8 *sk;

  if (out == NULL)
    return fail (_("Indique la carpeta de salida con --out CARPETA."));
  if (g_mkdir_with_parents (out, 0700) != 0)
    return fail (g_strerror (errno));
  pk_path = g_build_filename (out, "office.pk", NULL);
  sk_path = g_build_filename (out, "office.sk", NULL);
  if (g_file_test (pk_path, G_FILE_TEST_EXISTS) || g_file_test (sk_path, G_FILE_TEST_EXISTS))
    return fail (_("Ya hay claves en esa carpeta: no se sobrescriben."));

  sk = sodium_malloc (crypto_box_SECRETKEYBYTES);
  crypto_box_keypair (pk, sk);
  sk_text = vt_bundle_encode_key (sk);
  sodium_free (sk);
  pk_text = vt_bundle_encode_key (pk);

  /* The secret key first, readable by its owner only. */
  if (!write_key_file (sk_path, sk_text, 0600, &error))
    {
      sodium_memzero (sk_text, strlen (sk_text));
      g_free (sk_text);
      return fail (error->message);
    }
  sodium_memzero (sk_text, strlen (sk_text));
  g_free (sk_text);
  if (!write_key_file (pk_path, pk_text, 0644, &error))
    return fail (error->message);

  g_print (_("Clave privada: %s (guárdela solo en la oficina)\n"), sk_path);
  g_print (_("Clave pública: %s\n"), pk_path);
  g_print (_("Configure cada quiosco con:\n  gsettings set org.ventanilla.Kiosk office-public-key '%s'\n"),
           pk_text);
  return 0;
}

/* Staff reading the output see at once that an officer helped, and which one. */
static void
print_assistance (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *m = vt_json_guard_load_file (parser, path, MAX_MANIFEST_FILE, NULL);

  if (m == NULL)
    return;
  if (json_object_get_boolean_member_with_default (m, "assisted", FALSE))
    g_print (_("Sesión asistida por el funcionario %s\n"),
             json_object_get_string_member_with_default (m, "staff_id", "?"));
}

static int
unseal (const char *bundle,
        const char *secret_key_path,
        const char *registry_path,
        const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOfficeRegistry) registry = NULL;
  g_autofree char *folder = NULL;
  guint8 *sk;

  if (bundle == NULL || secret_key_path == NULL || registry_path == NULL || out == NULL)
    return fail (_("Uso: ventanilla-office unseal PAQUETE --secret-key ARCHIVO --registry "
                   "ARCHIVO --out CARPETA"));
  registry = vt_office_registry_load (registry_path, FALSE, &error);
  if (registry == NULL)
    return fail (error->message);
  sk = vt_bundle_load_secret_key (secret_key_path, &error);
  if (sk == NULL)
    return fail (error->message);
  if (g_mkdir_with_parents (out, 0700) != 0)
    {
      vt_secret_key_free (sk);
      return fail (g_strerror (errno));
    }
  folder = vt_bundle_unseal (bundle, sk, vt_office_registry_check, registry, out, NULL, &error);
  vt_secret_key_free (sk);
  if (folder == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", bundle, error->message);
      return fail (message);
    }
  g_print ("%s\n", folder);
  print_assistance (folder);
  return 0;
}

/* One index per procedure, rebuilt from what is in `out`, so that it never disagrees with it:
 * an object keyed by submission id, the one thing that is unique (two kiosks' codes differ
 * by their prefixes, but a code is for people to read, not for files to be found by). */
static gboolean
write_indexes (const char  *out,
               GError     **error)
{
  g_autoptr(GHashTable) by_procedure = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify)json_object_unref);
  g_autoptr(GDir) dir = g_dir_open (out, 0, error);
  g_autofree char *index_dir = g_build_filename (out, "index", NULL);
  GHashTableIter iter;
  gpointer key, value;
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *manifest_path = g_build_filename (out, name, "manifest.json", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *m;
      JsonObject *entry;
      JsonObject *list;
      const char *procedure;

      if (!g_uuid_string_is_valid (name)
          || (m = vt_json_guard_load_file (parser, manifest_path, MAX_MANIFEST_FILE, NULL)) == NULL)
        continue;
      /* The procedure id names the index file: only a plain name, never a path. */
      procedure = json_object_get_string_member_with_default (m, "procedure_id", NULL);
      if (procedure == NULL || !vt_office_name_is_safe (procedure))
        {
          g_printerr ("ventanilla-office: %s: %s\n", name,
                      _("el trámite tiene un identificador de procedimiento no válido"));
          continue;
        }
      list = g_hash_table_lookup (by_procedure, procedure);
      if (list == NULL)
        {
          list = json_object_new ();
          g_hash_table_insert (by_procedure, g_strdup (procedure), list);
        }
      entry = json_object_new ();
      json_object_set_string_member (entry, "submission_id", name);
      json_object_set_string_member (entry, "code",
                                     json_object_get_string_member_with_default (m, "code", ""));
      json_object_set_int_member (entry, "procedure_version",
                                  json_object_get_int_member_with_default (m, "procedure_version",
                                                                           0));
      json_object_set_string_member (entry, "created_at",
                                     json_object_get_string_member_with_default (m, "created_at",
                                                                                 ""));
      json_object_set_string_member (entry, "kiosk_id",
                                     json_object_get_string_member_with_default (m, "kiosk_id",
                                                                                 ""));
      json_object_set_boolean_member (entry, "assisted",
                                      json_object_get_boolean_member_with_default (m, "assisted",
                                                                                   FALSE));
      if (json_object_get_string_member_with_default (m, "staff_id", NULL) != NULL)
        json_object_set_string_member (entry, "staff_id",
                                       json_object_get_string_member (m, "staff_id"));
      else
        json_object_set_null_member (entry, "staff_id");
      json_object_set_string_member (entry, "folder", name);
      json_object_set_object_member (list, name, entry);
    }

  if (g_mkdir_with_parents (index_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  g_hash_table_iter_init (&iter, by_procedure);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *file = g_strconcat ((const char *)key, ".json", NULL);
      g_autofree char *path = g_build_filename (index_dir, file, NULL);
      g_autofree char *data = NULL;
      gsize len;

      json_node_set_object (root, value);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      data = json_generator_to_data (generator, &len);
      if (!g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     error))
        return FALSE;
    }
  return TRUE;
}

static int
ingest (const char *uploads,
        const char *secret_key_path,
        const char *registry_path,
        const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(VtOfficeRegistry) registry = NULL;
  const char *name;
  guint8 *sk;
  guint opened = 0, duplicates = 0, incomplete = 0, refused = 0;

  if (uploads == NULL || secret_key_path == NULL || registry_path == NULL || out == NULL)
    return fail (_("Uso: ventanilla-office ingest --uploads CARPETA --secret-key ARCHIVO "
                   "--registry ARCHIVO --out CARPETA"));
  registry = vt_office_registry_load (registry_path, FALSE, &error);
  if (registry == NULL)
    return fail (error->message);
  sk = vt_bundle_load_secret_key (secret_key_path, &error);
  if (sk == NULL)
    return fail (error->message);
  dir = g_dir_open (uploads, 0, &error);
  if (dir == NULL || g_mkdir_with_parents (out, 0700) != 0)
    {
      vt_secret_key_free (sk);
      return fail (error ? error->message : g_strerror (errno));
    }

  /* @tus/file-store keeps each upload as <id> with its state in <id>.json. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *info_path = g_build_filename (uploads, name, NULL);
      g_autofree char *data_path = NULL;
      g_autofree char *existing = NULL;
      g_autofree char *folder = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(VtBundleHeader) header = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *info;
      gint64 size, offset;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      data_path = g_strndup (info_path, strlen (info_path) - 5);
      if (!g_file_test (data_path, G_FILE_TEST_IS_REGULAR))
        continue;
      /* Written by the tus server from what the client sent: measured before it is parsed. */
      info = vt_json_guard_load_file (parser, info_path, MAX_UPLOAD_INFO, &local);
      if (info == NULL)
        {
          g_printerr ("ventanilla-office: %s: %s\n", info_path, local->message);
          refused++;
          continue;
        }
      size = json_object_get_int_member_with_default (info, "size", -1);
      offset = json_object_get_int_member_with_default (info, "offset", -2);
      if (size < 0 || offset != size)
        {
          incomplete++;
          continue;
        }

      header = vt_bundle_read_header (data_path, &local);
      if (header == NULL)
        {
          g_printerr ("ventanilla-office: %s: %s\n", data_path, local->message);
          refused++;
          continue;
        }
      /* A kiosk may upload the same submission twice after a crash: the office sees it once. */
      existing = g_build_filename (out, header->submission_id, NULL);
      if (g_file_test (existing, G_FILE_TEST_EXISTS))
        {
          duplicates++;
          continue;
        }
      folder = vt_bundle_unseal (data_path, sk, vt_office_registry_check, registry, out, NULL,
                                 &local);
      if (folder == NULL)
        {
          g_printerr ("ventanilla-office: %s: %s\n", data_path, local->message);
          refused++;
          continue;
        }
      opened++;
    }
  vt_secret_key_free (sk);

  if (!write_indexes (out, &error))
    return fail (error->message);
  g_print (_("Abiertos: %u, duplicados omitidos: %u, incompletos: %u, rechazados: %u\n"),
           opened, duplicates, incomplete, refused);
  return refused > 0 ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *out = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *uploads = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Carpeta de salida"), N_("CARPETA") },
    { "secret-key", 'k', 0, G_OPTION_ARG_FILENAME, &secret_key,
      N_("Archivo con la clave privada de la oficina"), N_("ARCHIVO") },
    { "uploads", 'u', 0, G_OPTION_ARG_FILENAME, &uploads,
      N_("Carpeta de un servidor tus (@tus/file-store)"), N_("CARPETA") },
    { "registry", 'r', 0, G_OPTION_ARG_FILENAME, &registry,
      N_("Registro de las claves de los quioscos"), N_("ARCHIVO") },
    { "kiosk-id", 0, 0, G_OPTION_ARG_STRING, &kiosk_id, N_("Identificador del quiosco"),
      N_("ID") },
    { "public-key", 0, 0, G_OPTION_ARG_STRING, &public_key,
      N_("Clave pública de firma del quiosco"), N_("CLAVE") },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, N_("Prefijo de los códigos del quiosco"),
      N_("PREFIJO") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VENTANILLA_LOCALEDIR") ? g_getenv ("VENTANILLA_LOCALEDIR")
                                                                     : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("keygen | kiosk add|revoke|list | unseal PAQUETE | ingest"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Herramientas de la oficina: claves y apertura de trámites "
                                  "sellados."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (!vt_secret_init ())
    return fail (_("No se pudo iniciar libsodium."));

  command = rest ? rest[0] : NULL;
  if (g_strcmp0 (command, "keygen") == 0)
    return keygen (out);
  if (g_strcmp0 (command, "kiosk") == 0)
    return kiosk_command (rest[1], registry, kiosk_id, public_key, prefix);
  if (g_strcmp0 (command, "unseal") == 0)
    return unseal (rest[1], secret_key, registry, out);
  if (g_strcmp0 (command, "ingest") == 0)
    return ingest (uploads, secret_key, registry, out);
  return fail (_("Indique una orden: keygen, kiosk, unseal o ingest (vea --help)."));
}

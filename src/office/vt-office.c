/* vt-office.c — ventanilla-office: the office's key pair, and opening what kiosks sealed.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-office"

#include "outbox/vt-bundle.h"
#include "outbox/vt-secret-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

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
  JsonObject *m;

  if (!json_parser_load_from_file (parser, path, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  m = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_boolean_member_with_default (m, "assisted", FALSE))
    g_print (_("Sesión asistida por el funcionario %s\n"),
             json_object_get_string_member_with_default (m, "staff_id", "?"));
}

static int
unseal (const char *bundle,
        const char *secret_key_path,
        const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  guint8 *sk;

  if (bundle == NULL || secret_key_path == NULL || out == NULL)
    return fail (_("Uso: ventanilla-office unseal PAQUETE --secret-key ARCHIVO --out CARPETA"));
  sk = vt_bundle_load_secret_key (secret_key_path, &error);
  if (sk == NULL)
    return fail (error->message);
  if (g_mkdir_with_parents (out, 0700) != 0)
    {
      vt_secret_key_free (sk);
      return fail (g_strerror (errno));
    }
  folder = vt_bundle_unseal (bundle, sk, out, NULL, &error);
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

/* One index per procedure, rebuilt from what is in `out`, so that it never disagrees with it. */
static gboolean
write_indexes (const char  *out,
               GError     **error)
{
  g_autoptr(GHashTable) by_procedure = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify)json_array_unref);
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
      JsonArray *list;
      const char *procedure;

      if (!g_uuid_string_is_valid (name)
          || !json_parser_load_from_file (parser, manifest_path, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      m = json_node_get_object (json_parser_get_root (parser));
      procedure = json_object_get_string_member_with_default (m, "procedure_id", "desconocido");
      list = g_hash_table_lookup (by_procedure, procedure);
      if (list == NULL)
        {
          list = json_array_new ();
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
      json_array_add_object_element (list, entry);
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
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *file = g_strconcat ((const char *)key, ".json", NULL);
      g_autofree char *path = g_build_filename (index_dir, file, NULL);
      g_autofree char *data = NULL;
      gsize len;

      json_node_set_array (root, value);
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
        const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint8 *sk;
  guint opened = 0, duplicates = 0, incomplete = 0, refused = 0;

  if (uploads == NULL || secret_key_path == NULL || out == NULL)
    return fail (_("Uso: ventanilla-office ingest --uploads CARPETA --secret-key ARCHIVO "
                   "--out CARPETA"));
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
      if (!json_parser_load_from_file (parser, info_path, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
          || !g_file_test (data_path, G_FILE_TEST_IS_REGULAR))
        continue;
      info = json_node_get_object (json_parser_get_root (parser));
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
      folder = vt_bundle_unseal (data_path, sk, out, NULL, &local);
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
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Carpeta de salida"), N_("CARPETA") },
    { "secret-key", 'k', 0, G_OPTION_ARG_FILENAME, &secret_key,
      N_("Archivo con la clave privada de la oficina"), N_("ARCHIVO") },
    { "uploads", 'u', 0, G_OPTION_ARG_FILENAME, &uploads,
      N_("Carpeta de un servidor tus (@tus/file-store)"), N_("CARPETA") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VENTANILLA_LOCALEDIR") ? g_getenv ("VENTANILLA_LOCALEDIR")
                                                                     : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("keygen | unseal PAQUETE | ingest"));
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
  if (g_strcmp0 (command, "unseal") == 0)
    return unseal (rest[1], secret_key, out);
  if (g_strcmp0 (command, "ingest") == 0)
    return ingest (uploads, secret_key, out);
  return fail (_("Indique una orden: keygen, unseal o ingest (vea --help)."));
}

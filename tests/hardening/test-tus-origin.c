/* test-tus-origin.c — a hostile or misconfigured server never gets the kiosk's token at another
 * address, never makes the client follow it elsewhere, and never crashes it with an address
 * it cannot use. Two libsoup servers on 127.0.0.1: "office", a small tus server that answers
 * as the test says, and "elsewhere", which only records what reaches it.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "outbox/vt-tus-client.h"
#include "outbox/vt-tus-origin.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#define TOKEN "token-de-prueba"

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *office;
  SoupServer   *elsewhere;
  guint         office_port;
  guint         elsewhere_port;
  GMutex        lock;
  char         *location;         /* the office's Location for POST (printf: %u = elsewhere) */
  guint         post_status;      /* 201, or a redirection */
  guint64       offset;           /* of the one upload the office keeps */
  guint         office_requests;
  guint         office_patches;
  guint         elsewhere_requests;
  guint         elsewhere_tokens; /* requests to elsewhere that carried Authorization */
  char         *bundle;
  char         *dir;
} Fixture;

/* The two servers live for the whole program, each test resetting what they answer: libsoup
 * keeps accepted connections past soup_server_disconnect (), which LeakSanitizer would report
 * for every test that stopped its servers. */
static Fixture *servers;
static Fixture *current;   /* the running test's state, which the handlers answer from */

/* `template` with "%u" replaced by `port`. */
static char *
expand (const char *template,
        guint       port)
{
  g_auto(GStrv) parts = g_strsplit (template, "%u", -1);
  g_autofree char *number = g_strdup_printf ("%u", port);

  return g_strjoinv (number, parts);
}

static void
office_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = g_atomic_pointer_get (&current);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (in, "Authorization");
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  f->office_requests++;
  soup_message_headers_replace (out, "Tus-Resumable", "1.0.0");
  if (g_str_equal (method, "OPTIONS"))
    {
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  if (g_strcmp0 (auth, "Bearer " TOKEN) != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  if (g_str_equal (method, "POST"))
    {
      g_autofree char *location = expand (f->location, f->elsewhere_port);

      soup_message_headers_replace (out, "Location", location);
      soup_server_message_set_status (msg, f->post_status, NULL);
      f->offset = 0;
      return;
    }
  if (g_str_equal (method, "HEAD"))
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, f->offset);
      soup_message_headers_replace (out, "Upload-Offset", offset);
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (g_str_equal (method, "PATCH"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autofree char *offset = NULL;

      f->office_patches++;
      f->offset += (guint64) body->length;
      offset = g_strdup_printf ("%" G_GUINT64_FORMAT, f->offset);
      soup_message_headers_replace (out, "Upload-Offset", offset);
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  soup_server_message_set_status (msg, 405, NULL);
}

static void
elsewhere_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = g_atomic_pointer_get (&current);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  f->elsewhere_requests++;
  if (soup_message_headers_get_one (in, "Authorization") != NULL)
    f->elsewhere_tokens++;
  /* It plays along, as a thief would: "created", at itself. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                "/files/stolen");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Upload-Offset",
                                "0");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Tus-Resumable",
                                "1.0.0");
  soup_server_message_set_status (msg, g_str_equal (soup_server_message_get_method (msg), "POST")
                                       ? 201 : 204, NULL);
}

static guint
listen_on_loopback (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  guint port;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return port;
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;

  g_main_context_push_thread_default (f->context);
  g_main_loop_run (f->loop);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (300000);

  if (servers == NULL)
    {
      servers = g_new0 (Fixture, 1);
      servers->context = g_main_context_new ();
      servers->loop = g_main_loop_new (servers->context, FALSE);
      g_main_context_push_thread_default (servers->context);
      servers->office = soup_server_new (NULL, NULL);
      soup_server_add_handler (servers->office, NULL, office_cb, NULL, NULL);
      servers->office_port = listen_on_loopback (servers->office);
      servers->elsewhere = soup_server_new (NULL, NULL);
      soup_server_add_handler (servers->elsewhere, NULL, elsewhere_cb, NULL, NULL);
      servers->elsewhere_port = listen_on_loopback (servers->elsewhere);
      g_main_context_pop_thread_default (servers->context);
      servers->thread = g_thread_new ("servers", server_thread, servers);
    }
  f->office_port = servers->office_port;
  f->elsewhere_port = servers->elsewhere_port;
  g_mutex_init (&f->lock);
  g_atomic_pointer_set (&current, f);

  f->post_status = 201;
  f->location = g_strdup ("/files/upload-1");
  f->dir = g_dir_make_tmp ("vt-origin-XXXXXX", &error);
  g_assert_no_error (error);
  f->bundle = g_build_filename (f->dir, "bundle.vtb", NULL);
  for (guint i = 0; i < 300000; i++)
    bytes[i] = (guint8) g_test_rand_int ();
  g_assert_true (g_file_set_contents (f->bundle, (const char *) bytes, 300000, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_remove (f->bundle);
  g_rmdir (f->dir);
  g_free (f->bundle);
  g_free (f->dir);
  g_free (f->location);
  g_mutex_clear (&f->lock);
}

static VtTusResult *
upload (Fixture     *f,
        const char  *resume_url,
        GError     **error)
{
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u/files/", f->office_port);
  g_autoptr(VtTusClient) client = vt_tus_client_new (endpoint, TOKEN);
  g_autoptr(GFile) file = g_file_new_for_path (f->bundle);

  vt_tus_client_set_timeout (client, 10);
  vt_tus_client_set_backoff (client, 10, 50);
  vt_tus_client_set_max_attempts (client, 3);
  vt_tus_client_set_chunk_size (client, 128 * 1024);
  return vt_tus_client_upload (client, file, resume_url, NULL, NULL, NULL, NULL, NULL, error);
}

/* Locations the office must not be believed about: each is refused as a wrong address, staff
 * are told, and nothing (the token least of all) goes to it. */
static const char * const bad_locations[] = {
  "ftp://127.0.0.1/files/x",
  "urn:uuid:7f0b7c8e-1111-4222-8333-944444444444",
  "http:///files/x",
  "//127.0.0.1:%u/files/x",
  "http://127.0.0.1:%u/files/x",
  "https://127.0.0.1/files/x",
  "http://user:secret@127.0.0.1/files/x",
};

static void
test_bad_location (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTusResult) result = NULL;

  g_free (f->location);
  f->location = g_strdup (data);
  result = upload (f, NULL, &error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_NEEDS_ATTENTION);
  g_assert_cmpint (result->error_class, ==, VT_TUS_ERROR_CLASS_ENDPOINT);
  g_assert_error (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_ENDPOINT);
  g_assert_null (result->upload_url);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->office_patches, ==, 0);
  g_assert_cmpuint (f->elsewhere_requests, ==, 0);
  g_mutex_unlock (&f->lock);
}

/* A redirection is not followed: libsoup would take the request, token and all, to wherever it
 * points. It is an answer that needs staff (the address is wrong). */
static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTusResult) result = NULL;

  g_free (f->location);
  f->location = g_strdup ("http://127.0.0.1:%u/files/");
  f->post_status = GPOINTER_TO_UINT (data);
  result = upload (f, NULL, &error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_NEEDS_ATTENTION);
  g_assert_cmpint (result->error_class, ==, VT_TUS_ERROR_CLASS_ENDPOINT);
  g_assert_cmpuint (result->http_status, ==, f->post_status);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->elsewhere_requests, ==, 0);
  g_assert_cmpuint (f->elsewhere_tokens, ==, 0);
  g_mutex_unlock (&f->lock);
}

/* An upload URL kept from before (another server, or text that is no URL at all) is dropped:
 * a new upload is made on the configured server, and the old address hears nothing. */
static void
test_stored_url_elsewhere (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTusResult) result = NULL;

  stored = expand (data, f->elsewhere_port);
  result = upload (f, stored, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_DONE);
  g_assert_cmpuint (result->creations, ==, 1);
  g_assert_nonnull (strstr (result->upload_url, "/files/upload-1"));
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->offset, ==, 300000);
  g_assert_cmpuint (f->elsewhere_requests, ==, 0);
  g_mutex_unlock (&f->lock);
}

/* The same origin, relative or absolute, is accepted: the checks refuse only what they must. */
static void
test_good_location (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTusResult) result = NULL;

  g_free (f->location);
  f->location = g_strdup_printf ("http://127.0.0.1:%u/files/upload-1", f->office_port);
  /* The office's port, not elsewhere's: written out before the server formats it. */
  result = upload (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, VT_TUS_OUTCOME_DONE);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->office_patches, >=, 3);
  g_mutex_unlock (&f->lock);
}

/* Which configured servers may get the token at all: https anywhere, http only on the kiosk
 * itself. Checked without any network traffic. */
static void
test_endpoint_rules (void)
{
  static const struct { const char *url; gboolean ok; } cases[] = {
    { "https://oficina.example/files/", TRUE },
    { "http://127.0.0.1:1080/files/", TRUE },
    { "http://[::1]:1080/files/", TRUE },
    { "http://localhost/files/", TRUE },
    { "http://oficina.example/files/", FALSE },
    { "http://10.0.0.5/files/", FALSE },
    { "ftp://oficina.example/files/", FALSE },
    { "oficina.example/files/", FALSE },
    { "https://user:pw@oficina.example/files/", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (vt_tus_origin_endpoint_ok (cases[i].url, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, VT_TUS_ERROR, VT_TUS_ERROR_CLASS_ENDPOINT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_locations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hardening/tus/bad-location/%u", i);
      g_test_add (path, Fixture, bad_locations[i], fixture_set_up, test_bad_location,
                  fixture_tear_down);
    }
  g_test_add ("/hardening/tus/redirect-301", Fixture, GUINT_TO_POINTER (301), fixture_set_up,
              test_redirect_not_followed, fixture_tear_down);
  g_test_add ("/hardening/tus/redirect-307", Fixture, GUINT_TO_POINTER (307), fixture_set_up,
              test_redirect_not_followed, fixture_tear_down);
  g_test_add ("/hardening/tus/stored-url-elsewhere", Fixture, "http://127.0.0.1:%u/files/old",
              fixture_set_up, test_stored_url_elsewhere, fixture_tear_down);
  g_test_add ("/hardening/tus/stored-url-unusable", Fixture, "ftp:%u", fixture_set_up,
              test_stored_url_elsewhere, fixture_tear_down);
  g_test_add ("/hardening/tus/good-location", Fixture, NULL, fixture_set_up, test_good_location,
              fixture_tear_down);
  g_test_add_func ("/hardening/tus/endpoint-rules", test_endpoint_rules);
  return g_test_run ();
}

/* test-photo-check.c — `ventanilla --check-photo` (the real binary, the face-photo page's very
 * verdict and face detector) on photo fixtures: the face without a document, the face with a
 * card, the card too far to read, and the card alone with nobody there.
 *
 * The fixtures are drawn at run time by the synthetic camera's own scene renderer (the
 * portrait of tests' media, the card with the same face as its photo) and kept as JPEG in
 * _build/artifacts/capture/photo-fixtures/ for a person to look at.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "capture/vt-photo-check.h"
#include "capture/vt-synthetic-source.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define COMMAND_TIMEOUT_SECONDS 120

typedef struct
{
  int            status;
  char          *err;
  JsonParser    *parser;
  JsonObject    *verdict;
} Check;

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->err, g_free);
  g_clear_object (&check->parser);
  check->verdict = NULL;
}

static char *
fixtures_dir (void)
{
  const char *artifacts = g_getenv ("VT_ARTIFACTS_DIR");
  char *dir = g_build_filename (artifacts != NULL ? artifacts : g_get_tmp_dir (),
                                "photo-fixtures", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

/* Cairo's native-endian xRGB words as the RGB bytes a pixbuf holds. */
static GdkPixbuf *
pixbuf_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *pixels = cairo_image_surface_get_data (surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *out = gdk_pixbuf_get_pixels (pixbuf);
  int out_stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 word = *(const guint32 *)(pixels + (gsize)y * stride + x * 4);
        guint8 *p = out + (gsize)y * out_stride + x * 3;

        p[0] = (word >> 16) & 0xff;
        p[1] = (word >> 8) & 0xff;
        p[2] = word & 0xff;
      }
  return pixbuf;
}

/* The scene as a 640×480 JPEG, as a camera would give it. */
static char *
make_fixture (const char *scene,
              const char *name)
{
  g_autofree char *dir = fixtures_dir ();
  g_autofree char *file = g_strconcat (name, ".jpg", NULL);
  char *path = g_build_filename (dir, file, NULL);
  cairo_surface_t *surface = vt_synthetic_render_scene (scene);
  g_autoptr(GdkPixbuf) whole = NULL;
  g_autoptr(GdkPixbuf) frame = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  whole = pixbuf_from_surface (surface);
  cairo_surface_destroy (surface);
  /* Without the 8 px the live camera uses for its small movements. */
  frame = gdk_pixbuf_new_subpixbuf (whole, 8, 8, VT_SYNTHETIC_WIDTH, VT_SYNTHETIC_HEIGHT);
  g_assert_true (gdk_pixbuf_save (frame, path, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  return path;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("ventanilla --check-photo did not finish in %d s", COMMAND_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
check_photo (const char *path,
             Check      *check)
{
  g_autofree char *exe = g_build_filename (g_getenv ("VT_BUILD_DIR"), "src", "ventanilla", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint timeout;

  memset (check, 0, sizeof *check);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, exe, "--check-photo", path, NULL);
  g_assert_no_error (error);
  timeout = g_timeout_add_seconds (COMMAND_TIMEOUT_SECONDS, timeout_cb, NULL);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_subprocess_communicate_utf8_finish (process, result, &out, &check->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  check->status = g_subprocess_get_exit_status (process);
  if (out != NULL && out[0] != '\0')
    {
      check->parser = json_parser_new ();
      json_parser_load_from_data (check->parser, out, -1, &error);
      g_assert_no_error (error);
      check->verdict = json_node_get_object (json_parser_get_root (check->parser));
    }
}

typedef struct
{
  const char     *scene;
  const char     *name;
  VtPhotoProblem  expected;
} Fixture;

static const Fixture fixtures[] = {
  { "portrait", "face-with-card", VT_PHOTO_OK },
  { "nocard", "face-without-document", VT_PHOTO_NO_DOCUMENT },
  { "card-far", "card-too-small", VT_PHOTO_DOCUMENT_TOO_FAR },
  { "card-only", "card-photo-only", VT_PHOTO_ONLY_DOCUMENT },
};

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autofree char *path = make_fixture (fixture->scene, fixture->name);
  Check check;

  check_photo (path, &check);
  if (check.verdict == NULL)
    g_error ("%s: no verdict (exit %d): %s", fixture->name, check.status, check.err);
  g_test_message ("%s: %s, %" G_GINT64_FORMAT " faces, document found: %s",
                  fixture->name, json_object_get_string_member (check.verdict, "problem"),
                  json_object_get_int_member (check.verdict, "faces"),
                  json_object_get_boolean_member (check.verdict, "document_found")
                  ? "yes" : "no");
  /* The detector is installed by build-aux/install-deps: without it this is a failure. */
  g_assert_true (json_object_get_boolean_member (check.verdict, "face_detector"));
  g_assert_cmpstr (json_object_get_string_member (check.verdict, "problem"), ==,
                   vt_photo_problem_name (fixture->expected));
  g_assert_cmpstr (json_object_get_string_member (check.verdict, "message"), ==,
                   vt_photo_problem_message (fixture->expected));
  g_assert_cmpint (check.status, ==, fixture->expected == VT_PHOTO_OK ? 0 : 1);
  g_assert_true (json_object_get_boolean_member (check.verdict, "accepted")
                 == (fixture->expected == VT_PHOTO_OK));
  if (fixture->expected == VT_PHOTO_OK)
    {
      /* The card was found beside the face, its own photo inside it. */
      JsonObject *card = json_object_get_object_member (check.verdict, "document");
      JsonObject *photo = json_object_get_object_member (check.verdict, "document_photo");
      JsonObject *face = json_object_get_object_member (check.verdict, "face");
      double aspect;

      g_assert_nonnull (card);
      g_assert_nonnull (photo);
      aspect = (double)json_object_get_int_member (card, "width")
               / json_object_get_int_member (card, "height");
      g_assert_cmpfloat (fabs (aspect - 85.6 / 54.0), <, 0.05);
      g_assert_cmpint (json_object_get_int_member (photo, "x"), >=,
                       json_object_get_int_member (card, "x"));
      g_assert_cmpint (json_object_get_int_member (photo, "width"), <,
                       json_object_get_int_member (face, "width") / 2);
    }
  check_clear (&check);
}

/* Unreadable: a missing file and a file that is no picture are errors (exit 2), not verdicts. */
static void
test_unreadable (void)
{
  g_autofree char *dir = fixtures_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.jpg", NULL);
  g_autofree char *text = g_build_filename (dir, "not-a-picture.jpg", NULL);
  g_autoptr(GError) error = NULL;
  Check check;

  check_photo (missing, &check);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_null (check.verdict);
  g_assert_nonnull (strstr (check.err, "missing.jpg"));
  check_clear (&check);

  g_assert_true (g_file_set_contents (text, "no es una foto\n", -1, &error));
  check_photo (text, &check);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_null (check.verdict);
  check_clear (&check);
}

/* The card finder alone, on the drawn scene: the card where it was drawn, and nothing around a
 * face that holds no card. */
static void
test_find_card (void)
{
  cairo_surface_t *surface = vt_synthetic_render_scene ("portrait");
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *pixels = cairo_image_surface_get_data (surface);
  g_autofree guint8 *luma = g_malloc ((gsize)width * height);
  /* The photo on the drawn card (draw_card (): at 10 + 29, 32 + 36 of the card, ~46 wide). */
  VtFace card_face = { .x = 450, .y = 315, .width = 46, .height = 46 };
  VtFace person = { .x = 150, .y = 90, .width = 280, .height = 280 };
  VtDocumentCard card;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 word = *(const guint32 *)(pixels + (gsize)y * stride + x * 4);

        luma[(gsize)y * width + x] = (guint8)((((word >> 16) & 0xff) * 77
                                               + ((word >> 8) & 0xff) * 150
                                               + (word & 0xff) * 29) >> 8);
      }
  g_assert_true (vt_photo_find_card (luma, width, height, width, &card_face, &card));
  g_test_message ("card at %d,%d %d×%d, edge %.2f", card.x, card.y, card.width, card.height,
                  card.edge);
  g_assert_cmpint (ABS (card.x - 434), <=, 8);
  g_assert_cmpint (ABS (card.y - 270), <=, 8);
  g_assert_cmpint (ABS (card.width - 200), <=, 14);
  g_assert_false (vt_photo_find_card (luma, width, height, width, &person, &card));
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/capture/photo-check/%s", fixtures[i].name);

      g_test_add_data_func (name, &fixtures[i], test_fixture);
    }
  g_test_add_func ("/capture/photo-check/unreadable", test_unreadable);
  g_test_add_func ("/capture/photo-check/find-card", test_find_card);
  return g_test_run ();
}

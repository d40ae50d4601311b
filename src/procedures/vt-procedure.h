/* vt-procedure.h — one IESS procedure as the kiosk serves it, read from its definition file.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_PROCEDURE_ERROR (vt_procedure_error_quark ())

typedef enum
{
  VT_PROCEDURE_ERROR_PARSE,
  VT_PROCEDURE_ERROR_INVALID,
} VtProcedureError;

typedef enum
{
  VT_FIELD_TEXT,
  VT_FIELD_MULTILINE,
  VT_FIELD_CHOICE,
  VT_FIELD_DATE,
  VT_FIELD_EMAIL,
  VT_FIELD_PHONE,
  VT_FIELD_COUNTRY,
  VT_FIELD_NUMBER,
} VtFieldType;

typedef enum
{
  VT_PAGE_FIELDS,
  VT_PAGE_CAPTURE,
  VT_PAGE_SIGNATURE,
} VtPageKind;

typedef enum
{
  VT_DOCUMENT_SCAN,
  VT_DOCUMENT_PHOTO,
  VT_DOCUMENT_VIDEO,
  VT_DOCUMENT_SIGNATURE,
  VT_DOCUMENT_GENERATED,
} VtDocumentKind;

/* A condition on one answer; a NULL condition always holds. */
typedef struct
{
  char  *field;
  char **values;  /* "equals" is stored as a one-element list */
} VtCondition;

typedef struct
{
  char *value;
  char *label;
  char *phrase;  /* how the documents name this choice in a sentence, e.g. "del pasaporte" */
} VtOption;

typedef struct
{
  char        *id;
  VtFieldType  type;
  char        *label;
  char        *help;
  char        *placeholder;
  gboolean     required;
  char        *validator;
  char        *validator_arg;
  GPtrArray   *options;   /* VtOption */
  VtCondition *when;
  guint        max_length;
} VtField;

typedef struct
{
  char        *id;
  VtPageKind   kind;
  char        *title;
  char        *description;
  VtCondition *when;
  GPtrArray   *fields;    /* VtField */
  char        *document;
  /* Signature pages: the generated document signed in ink on paper and scanned back when
   * the kiosk has a printer; what to do without one ("drawn" or "none"), said in `note`. */
  char        *signs;
  char        *without_printer;
  char        *note;
} VtPageDef;

typedef struct
{
  char           *id;
  VtDocumentKind  kind;
  char           *title;
  char           *description;
  char          **formats;
  gint64          max_bytes;
  gboolean        required;
  VtCondition    *when;
  char           *aspect;
  char           *check_field;  /* a field whose answer should be legible on this document */
  gboolean        multi_page;   /* scanned page by page into one PDF (contracts, letters…) */
} VtDocument;

typedef struct
{
  char     *id;
  char     *title;
  char     *instructions;
  char    **bring;
  gboolean  appointment_required;
  char     *after;
  gboolean  available;           /* FALSE: shown with the reason, but the kiosk cannot file it */
  char     *unavailable_reason;
} VtChannel;

/* One line of a generated form: the answers of `fields` (the active ones) joined. */
typedef struct
{
  char  *mark;     /* "a", "b"… as the official form letters them, or NULL */
  char  *label;
  char **fields;
  VtCondition *when;  /* the line is left out of the document when this does not hold */
} VtGeneratedItem;

typedef struct
{
  char      *title;
  GPtrArray *items;  /* VtGeneratedItem */
} VtGeneratedSection;

typedef struct
{
  char         *id;
  char         *kind;
  char         *title;
  char         *addressee;
  char        **fields;
  char         *body;
  VtCondition  *when;
  GPtrArray    *sections;  /* VtGeneratedSection; NULL: one section listing `fields` */
} VtGenerated;

#define VT_TYPE_PROCEDURE (vt_procedure_get_type ())

G_DECLARE_FINAL_TYPE (VtProcedure, vt_procedure, VT, PROCEDURE, GObject)

GQuark             vt_procedure_error_quark      (void);

VtProcedure       *vt_procedure_new_from_bytes   (GBytes       *bytes,
                                                  const char   *file_name,
                                                  GError      **error);
VtProcedure       *vt_procedure_new_from_file    (GFile        *file,
                                                  GError      **error);

const char        *vt_procedure_get_id           (VtProcedure  *self);
int                vt_procedure_get_version      (VtProcedure  *self);
const char        *vt_procedure_get_seed         (VtProcedure  *self);
const char        *vt_procedure_get_title        (VtProcedure  *self);
const char        *vt_procedure_get_summary      (VtProcedure  *self);
const char        *vt_procedure_get_video_text   (VtProcedure  *self);
gint64             vt_procedure_get_max_file_bytes (VtProcedure *self);
GPtrArray         *vt_procedure_get_channels     (VtProcedure  *self);
GPtrArray         *vt_procedure_get_pages        (VtProcedure  *self);
GPtrArray         *vt_procedure_get_documents    (VtProcedure  *self);
GPtrArray         *vt_procedure_get_generated    (VtProcedure  *self);

const VtChannel   *vt_procedure_find_channel     (VtProcedure  *self,
                                                  const char   *id);
/* Keeps only the channels whose ids are in ENABLED (NULL or empty: all). FALSE, and nothing
 * removed, when none of the procedure's channels is enabled. */
gboolean           vt_procedure_keep_channels    (VtProcedure        *self,
                                                  const char * const *enabled);
const VtDocument  *vt_procedure_find_document    (VtProcedure  *self,
                                                  const char   *id);
const VtField     *vt_procedure_find_field       (VtProcedure  *self,
                                                  const char   *id);

gboolean           vt_condition_holds            (const VtCondition *condition,
                                                  GHashTable        *answers);

/* Translates a definition string in the current UI language. */
const char        *vt_procedure_tr               (const char   *text);

/* Loads every definition in the built-in resource, sorted by seed. */
GPtrArray         *vt_procedures_load_builtin    (GError      **error);
/* The procedures a kiosk offers: those in ENABLED_PROCEDURES, in that order (NULL or empty:
 * all, as loaded), restricted to ENABLED_CHANNELS (see vt_procedure_keep_channels); a
 * procedure left without a channel is not offered. Unknown ids are ignored. */
GPtrArray         *vt_procedures_filter          (GPtrArray          *procedures,
                                                  const char * const *enabled_procedures,
                                                  const char * const *enabled_channels);
/* Loads every *.json in a directory; on failure the error names the file. */
GPtrArray         *vt_procedures_load_directory  (const char   *path,
                                                  GError      **error);

G_END_DECLS

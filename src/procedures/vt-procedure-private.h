/* vt-procedure-private.h — what the definition parser shares with the procedure type.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vt-procedure.h"

G_BEGIN_DECLS

struct _VtProcedure
{
  GObject    parent_instance;

  char      *id;
  int        version;
  char      *seed;
  char      *title;
  char      *summary;
  char      *video_text;
  gint64     max_file_bytes;
  GPtrArray *channels;
  GPtrArray *pages;
  GPtrArray *documents;
  GPtrArray *generated;
};

void vt_condition_free              (VtCondition        *condition);
void vt_option_free                 (VtOption           *option);
void vt_field_free                  (VtField            *field);
void vt_page_free                   (VtPageDef          *page);
void vt_document_free               (VtDocument         *document);
void vt_channel_free                (VtChannel          *channel);
void vt_generated_item_free         (VtGeneratedItem    *item);
void vt_generated_section_free      (VtGeneratedSection *section);
void vt_generated_free              (VtGenerated        *generated);

G_END_DECLS

/* vt-fields-page.c — entries, choices and dates with validation at the moment of entry.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-wizard"

#include "vt-fields-page.h"

#include "vt-date-picker.h"

#include "procedures/vt-countries.h"
#include "procedures/vt-phone.h"
#include "procedures/vt-validators.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

/* One field on the page and the widgets that show it. Input widgets are named "field-<id>"
 * so tests and assistive tools find them. */
typedef struct
{
  const VtField *field;
  GtkWidget     *row;
  GtkWidget     *input;     /* GtkEntry, GtkTextView, GtkDropDown, VtDatePicker or toggles */
  GtkWidget     *prefix;    /* the calling-code drop-down of a phone field */
  GtkWidget     *error;
  GPtrArray     *toggles;   /* GtkToggleButton, for short choices */
  gboolean       touched;
} Row;

struct _VtFieldsPage
{
  VtPage           parent_instance;

  const VtPageDef *definition;
  GPtrArray       *rows;
  GPtrArray       *countries;  /* const VtCountry *, in the order the pickers show them */
  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (VtFieldsPage, vt_fields_page, VT_TYPE_PAGE)

/* Short choices become a column of large toggle buttons; longer ones a drop-down. */
#define MAX_TOGGLES 4

static void
row_free (Row *row)
{
  g_clear_pointer (&row->toggles, g_ptr_array_unref);
  g_free (row);
}

/* The country at a picker position (0 is the placeholder), or NULL. */
static const VtCountry *
country_at (VtFieldsPage *self,
            guint         selected)
{
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->countries->len)
    return NULL;
  return g_ptr_array_index (self->countries, selected - 1);
}

/* The raw text the person entered, before validation. */
static char *
row_dup_text (VtFieldsPage *self,
              Row          *row)
{
  const VtField *field = row->field;

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      if (row->toggles != NULL)
        {
          for (guint i = 0; i < row->toggles->len; i++)
            if (gtk_toggle_button_get_active (g_ptr_array_index (row->toggles, i)))
              return g_strdup (((VtOption *)g_ptr_array_index (field->options, i))->value);
          return NULL;
        }
      else
        {
          guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->input));
          if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
            return NULL;
          return g_strdup (((VtOption *)g_ptr_array_index (field->options, selected - 1))->value);
        }

    case VT_FIELD_COUNTRY:
      {
        const VtCountry *country = country_at (self, gtk_drop_down_get_selected (
                                                       GTK_DROP_DOWN (row->input)));
        return country != NULL ? g_strdup (country->iso) : NULL;
      }

    case VT_FIELD_MULTILINE:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->input));
        GtkTextIter start, end;
        g_autofree char *text = NULL;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        return g_strstrip (g_steal_pointer (&text));
      }

    case VT_FIELD_PHONE:
      {
        const VtCountry *country = country_at (self, gtk_drop_down_get_selected (
                                                       GTK_DROP_DOWN (row->prefix)));
        g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->input))));
        g_auto(VtPhoneNumber) parsed = { 0 };

        if (*number == '\0')
          return NULL;
        /* A number typed with its own +code wins over the picker. */
        if (number[0] == '+' || g_str_has_prefix (number, "00") || country == NULL)
          return g_steal_pointer (&number);
        /* As dialled in the chosen country (with its trunk 0, if it has one): libphonenumber
         * knows how each country writes its own numbers. */
        if (vt_phone_parse (number, country->iso, &parsed) == VT_PHONE_OK)
          return g_strdup (parsed.e164);
        return g_strdup_printf ("+%d %s", country->calling_code, number);
      }

    case VT_FIELD_DATE:
      /* A date half chosen reads as empty text: check_row () asks for the rest. */
      if (vt_date_picker_is_empty (VT_DATE_PICKER (row->input)))
        return NULL;
      if (!vt_date_picker_is_complete (VT_DATE_PICKER (row->input)))
        return g_strdup ("");
      return vt_date_picker_dup_text (VT_DATE_PICKER (row->input));

    case VT_FIELD_TEXT:
    case VT_FIELD_EMAIL:
    case VT_FIELD_NUMBER:
    default:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->input))));
        return *text ? g_steal_pointer (&text) : NULL;
      }
    }
}

static Row *
find_row (VtFieldsPage *self,
          const char   *field_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      if (g_str_equal (row->field->id, field_id))
        return row;
    }
  return NULL;
}

static void
show_error (Row        *row,
            const char *message)
{
  gtk_label_set_text (GTK_LABEL (row->error), message);
  gtk_widget_set_visible (row->error, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row->input, "error");
  else
    gtk_widget_remove_css_class (row->input, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->input), GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Validates one row. On success the normalized answer is stored in the session. */
static gboolean
check_row (VtFieldsPage *self,
           Row          *row,
           gboolean      show)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));
  const VtField *field = row->field;
  g_autofree char *text = row_dup_text (self, row);
  g_autofree char *normalized = NULL;
  g_autofree char *message = NULL;
  const char *arg = NULL;

  if (text == NULL)
    {
      vt_session_set_answer (session, field->id, NULL);
      if (field->required && show)
        show_error (row, field->type == VT_FIELD_CHOICE || field->type == VT_FIELD_COUNTRY
                         ? _("Elija una opción para continuar.")
                         : _("Este dato es obligatorio."));
      else if (show)
        show_error (row, NULL);
      return !field->required;
    }

  if (g_utf8_strlen (text, -1) > field->max_length)
    {
      message = g_strdup_printf (_("Es demasiado largo: use como máximo %u caracteres."),
                                 field->max_length);
    }
  else if (field->type == VT_FIELD_CHOICE || field->type == VT_FIELD_COUNTRY)
    normalized = g_strdup (text);
  else if (field->type == VT_FIELD_PHONE && text[0] != '+' && !g_str_has_prefix (text, "00"))
    message = g_strdup (_("Elija en la lista el país del teléfono."));
  else if (field->type == VT_FIELD_DATE && *text == '\0')
    message = g_strdup (_("Elija el día, el mes y el año."));
  else
    {
      if (field->validator_arg != NULL)
        {
          /* The other field may sit on this page and not be stored yet. */
          Row *other = find_row (self, field->validator_arg);
          if (other != NULL)
            check_row (self, other, FALSE);
          arg = vt_session_get_answer (session, field->validator_arg);
        }
      vt_validator_run (field->validator, text, arg, &normalized, &message);
    }

  if (message != NULL)
    {
      vt_session_set_answer (session, field->id, NULL);
      if (show)
        show_error (row, message);
      return FALSE;
    }

  vt_session_set_answer (session, field->id, normalized);
  if (show)
    show_error (row, NULL);
  return TRUE;
}

/* A postal code is typed on the numeric pad where the chosen country's codes are digits only
 * (Spain's 28013, the United States' 10001), on the letters elsewhere (Canada's K1A 0B1, the
 * United Kingdom's, or a country whose codes are not known). */
static void
update_postal_keyboards (VtFieldsPage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      const char *iso, *regex = NULL, *example = NULL;
      gboolean digits = FALSE;

      if (g_strcmp0 (row->field->validator, "postal-code") != 0 || !GTK_IS_ENTRY (row->input)
          || row->field->validator_arg == NULL)
        continue;
      iso = vt_session_get_answer (session, row->field->validator_arg);
      if (iso != NULL && vt_country_get_postal_format (iso, &regex, &example) && example != NULL)
        {
          digits = *example != '\0';
          for (const char *c = example; *c != '\0'; c++)
            digits = digits && g_ascii_isdigit (*c);
        }
      gtk_entry_set_input_purpose (GTK_ENTRY (row->input),
                                   digits ? GTK_INPUT_PURPOSE_DIGITS
                                          : GTK_INPUT_PURPOSE_FREE_FORM);
    }
}

static void
update_visibility (VtFieldsPage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      gtk_widget_set_visible (row->row, vt_session_field_is_active (session, row->field));
    }
  update_postal_keyboards (self);
}

static void
choice_changed (VtFieldsPage *self,
                Row          *row)
{
  if (self->updating)
    return;
  /* A choice may show or hide other fields (passport instead of cédula), so it is stored at
   * once rather than on Next. */
  check_row (self, row, row->touched);
  update_visibility (self);
}

static void
toggle_toggled_cb (GtkToggleButton *button,
                   VtFieldsPage    *self)
{
  Row *row = g_object_get_data (G_OBJECT (button), "vt-row");

  if (gtk_toggle_button_get_active (button))
    {
      row->touched = TRUE;
      choice_changed (self, row);
    }
}

static void
dropdown_selected_cb (GtkDropDown  *dropdown,
                      GParamSpec   *pspec,
                      VtFieldsPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (dropdown), "vt-row");

  row->touched = TRUE;
  choice_changed (self, row);
}

static void
entry_changed_cb (GtkEditable  *editable,
                  VtFieldsPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (editable), "vt-row");

  /* Once a message is shown, it goes away as soon as the text is right. */
  if (!self->updating && gtk_widget_get_visible (row->error))
    check_row (self, row, TRUE);
}

static void
date_changed_cb (VtDatePicker *picker,
                 VtFieldsPage *self)
{
  Row *row = g_object_get_data (G_OBJECT (picker), "vt-row");

  if (self->updating)
    return;
  /* A whole date is checked at once, as a choice is; a message shown for a half-chosen one
   * goes away as soon as the date is right. */
  if (vt_date_picker_is_complete (picker) || gtk_widget_get_visible (row->error))
    {
      row->touched = TRUE;
      check_row (self, row, TRUE);
    }
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                VtFieldsPage            *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Row *row = g_object_get_data (G_OBJECT (widget), "vt-row");
  g_autofree char *text = NULL;

  /* Focus also leaves a field when its page is being taken down (a wipe, a reset): nothing to
   * tell the person then, and the rows may be going. */
  if (row == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  text = row_dup_text (self, row);
  /* Validate at the moment of entry: when the person leaves a field they typed in. */
  if (text != NULL || row->touched)
    {
      row->touched = TRUE;
      check_row (self, row, TRUE);
    }
}

static GtkWidget *
new_dropdown (const char * const *labels,
              const char         *placeholder)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  if (placeholder != NULL)
    gtk_string_list_append (list, placeholder);
  for (guint i = 0; labels[i]; i++)
    gtk_string_list_append (list, labels[i]);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_widget_add_css_class (dropdown, "field-dropdown");
  return dropdown;
}

/* Every country of ISO 3166-1, in the UI language's order; typing a name searches the list
 * (an on-screen keyboard types into it as well as a real one). */
static GtkWidget *
new_country_dropdown (VtFieldsPage *self,
                      gboolean      with_calling_codes)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dropdown;

  for (guint i = 0; i < self->countries->len; i++)
    {
      const VtCountry *country = g_ptr_array_index (self->countries, i);

      if (with_calling_codes && country->calling_code > 0)
        g_ptr_array_add (labels, g_strdup_printf ("%s  +%d", vt_country_get_display_name (country),
                                                  country->calling_code));
      else
        g_ptr_array_add (labels, g_strdup (vt_country_get_display_name (country)));
    }
  g_ptr_array_add (labels, NULL);
  dropdown = new_dropdown ((const char * const *)labels->pdata,
                           with_calling_codes ? _("País") : _("Elija un país"));
  gtk_drop_down_set_expression (GTK_DROP_DOWN (dropdown),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_add_css_class (dropdown, "country-picker");
  /* The search is typed on the on-screen keyboard, which is outside the list's popover: a
   * popover that hides at a touch outside it would close at the first key. It closes when a
   * country is chosen or its drop-down is touched again. */
  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_set_autohide (GTK_POPOVER (child), FALSE);
  return dropdown;
}

/* The picker position of a country (0 is the placeholder), or GTK_INVALID_LIST_POSITION. */
static guint
country_position (VtFieldsPage *self,
                  const char   *iso)
{
  for (guint i = 0; iso && i < self->countries->len; i++)
    if (g_ascii_strcasecmp (((const VtCountry *)g_ptr_array_index (self->countries, i))->iso,
                            iso) == 0)
      return i + 1;
  return GTK_INVALID_LIST_POSITION;
}

static void
build_input (VtFieldsPage *self,
             Row          *row,
             GtkWidget    *label)
{
  const VtField *field = row->field;
  GtkWidget *input = NULL;
  g_autofree char *name = g_strdup_printf ("field-%s", field->id);

  switch (field->type)
    {
    case VT_FIELD_CHOICE:
      if (field->options->len <= MAX_TOGGLES)
        {
          GtkToggleButton *group = NULL;

          input = g_object_new (GTK_TYPE_BOX,
                                "orientation", GTK_ORIENTATION_VERTICAL,
                                "spacing", 8,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO_GROUP,
                                NULL);
          gtk_widget_add_css_class (input, "choice-group");
          row->toggles = g_ptr_array_new ();
          for (guint i = 0; i < field->options->len; i++)
            {
              const VtOption *option = g_ptr_array_index (field->options, i);
              GtkWidget *button = gtk_toggle_button_new_with_label (vt_procedure_tr (option->label));
              g_autofree char *button_name = g_strdup_printf ("%s-%s", name, option->value);

              gtk_widget_set_name (button, button_name);
              gtk_widget_add_css_class (button, "choice");
              gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
              gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
              if (group != NULL)
                gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
              else
                group = GTK_TOGGLE_BUTTON (button);
              g_object_set_data (G_OBJECT (button), "vt-row", row);
              g_signal_connect (button, "toggled", G_CALLBACK (toggle_toggled_cb), self);
              g_ptr_array_add (row->toggles, button);
              gtk_box_append (GTK_BOX (input), button);
            }
        }
      else
        {
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();

          for (guint i = 0; i < field->options->len; i++)
            g_ptr_array_add (labels, (gpointer)vt_procedure_tr (
                               ((VtOption *)g_ptr_array_index (field->options, i))->label));
          g_ptr_array_add (labels, NULL);
          input = new_dropdown ((const char * const *)labels->pdata, _("Elija una opción"));
          g_signal_connect (input, "notify::selected", G_CALLBACK (dropdown_selected_cb), self);
        }
      break;

    case VT_FIELD_COUNTRY:
      input = new_country_dropdown (self, FALSE);
      g_signal_connect (input, "notify::selected", G_CALLBACK (dropdown_selected_cb), self);
      break;

    case VT_FIELD_MULTILINE:
      input = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (input), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (input), FALSE);
      gtk_widget_add_css_class (input, "field-multiline");
      break;

    case VT_FIELD_PHONE:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

        row->prefix = new_country_dropdown (self, TRUE);
        gtk_widget_set_name (row->prefix, "field-prefix");
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->prefix),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Código del país"), -1);
        gtk_box_append (GTK_BOX (box), row->prefix);
        input = gtk_entry_new ();
        gtk_entry_set_input_purpose (GTK_ENTRY (input), GTK_INPUT_PURPOSE_PHONE);
        gtk_widget_set_hexpand (input, TRUE);
        gtk_box_append (GTK_BOX (box), input);
        row->row = box;  /* temporarily: the caller packs it */
        break;
      }

    case VT_FIELD_DATE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();

        /* Chosen with buttons, never typed. A birth date starts a generation back; an issue
         * date ("date-after" another one) starts at this year. */
        input = vt_date_picker_new ();
        if (g_str_equal (field->validator, "date-after"))
          vt_date_picker_set_start_year (VT_DATE_PICKER (input), g_date_time_get_year (now));
        g_signal_connect (input, "changed", G_CALLBACK (date_changed_cb), self);
        break;
      }

    case VT_FIELD_EMAIL:
      input = gtk_entry_new ();
      gtk_entry_set_input_purpose (GTK_ENTRY (input), GTK_INPUT_PURPOSE_EMAIL);
      break;

    case VT_FIELD_NUMBER:
      input = gtk_entry_new ();
      gtk_entry_set_input_purpose (GTK_ENTRY (input), GTK_INPUT_PURPOSE_DIGITS);
      break;

    case VT_FIELD_TEXT:
    default:
      input = gtk_entry_new ();
      if (g_str_equal (field->validator, "cedula") || g_str_equal (field->validator, "mobile-ec")
          || g_str_equal (field->validator, "landline-ec"))
        gtk_entry_set_input_purpose (GTK_ENTRY (input), GTK_INPUT_PURPOSE_DIGITS);
      else if (g_str_equal (field->validator, "name"))
        gtk_entry_set_input_purpose (GTK_ENTRY (input), GTK_INPUT_PURPOSE_NAME);
      else if (g_str_equal (field->validator, "codigo-dactilar"))
        /* Capitals and digits: the on-screen keyboard shows just those. */
        gtk_entry_set_input_hints (GTK_ENTRY (input), gtk_entry_get_input_hints (GTK_ENTRY (input))
                                                      | GTK_INPUT_HINT_UPPERCASE_CHARS);
      break;
    }

  if (GTK_IS_ENTRY (input))
    {
      gtk_widget_add_css_class (input, "field-entry");
      if (field->placeholder && field->type != VT_FIELD_DATE)
        gtk_entry_set_placeholder_text (GTK_ENTRY (input), vt_procedure_tr (field->placeholder));
      if (field->type != VT_FIELD_DATE)
        gtk_entry_set_max_length (GTK_ENTRY (input), (int)field->max_length);
      gtk_entry_set_activates_default (GTK_ENTRY (input), TRUE);
      g_signal_connect (input, "changed", G_CALLBACK (entry_changed_cb), self);
    }
  if (GTK_IS_ENTRY (input) || GTK_IS_TEXT_VIEW (input) || VT_IS_DATE_PICKER (input))
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      /* Not past the page's life: the entry can be the last to let go of the focus. */
      g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, 0);
      gtk_widget_add_controller (input, focus);
    }

  gtk_widget_set_name (input, name);
  g_object_set_data (G_OBJECT (input), "vt-row", row);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  vt_procedure_tr (field->label),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, field->required, -1);
  row->input = input;
}

static void
add_row (VtFieldsPage  *self,
         const VtField *field,
         GtkWidget     *container)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *label;
  GtkWidget *packed;
  g_autofree char *label_text = NULL;

  row->field = field;
  g_ptr_array_add (self->rows, row);

  label_text = field->required
               ? g_strdup (vt_procedure_tr (field->label))
               : g_strdup_printf (_("%s (opcional)"), vt_procedure_tr (field->label));
  label = gtk_label_new (label_text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "field-label");

  build_input (self, row, label);
  packed = row->row != NULL ? row->row : row->input;

  row->row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (row->row, "field-row");
  gtk_box_append (GTK_BOX (row->row), label);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), row->input);
  if (GTK_IS_TEXT_VIEW (row->input))
    {
      GtkWidget *frame = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (frame), row->input);
      packed = frame;
    }
  gtk_box_append (GTK_BOX (row->row), packed);

  row->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (row->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (row->error), 0);
  gtk_widget_add_css_class (row->error, "field-error");
  gtk_widget_set_visible (row->error, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->error),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Error"), -1);
  gtk_box_append (GTK_BOX (row->row), row->error);

  if (field->help != NULL)
    {
      GtkWidget *help = gtk_label_new (vt_procedure_tr (field->help));
      gtk_label_set_wrap (GTK_LABEL (help), TRUE);
      gtk_label_set_xalign (GTK_LABEL (help), 0);
      gtk_widget_add_css_class (help, "field-help");
      gtk_box_append (GTK_BOX (row->row), help);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row->input),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, help, NULL, -1);
    }

  gtk_box_append (GTK_BOX (container), row->row);
}

/* Puts the stored answers back into the widgets (after Back, or "Cambiar" on the review). */
static void
load_answers (VtFieldsPage *self)
{
  VtSession *session = vt_page_get_session (VT_PAGE (self));

  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      const char *value = vt_session_get_answer (session, row->field->id);

      if (row->field->type == VT_FIELD_PHONE && row->prefix != NULL
          && gtk_editable_get_text (GTK_EDITABLE (row->input))[0] == '\0')
        {
          /* Suggest the calling code of the country of residence already given. */
          guint position = country_position (self,
                                             vt_session_get_answer (session, "pais_residencia"));
          if (position != GTK_INVALID_LIST_POSITION)
            gtk_drop_down_set_selected (GTK_DROP_DOWN (row->prefix), position);
        }
      if (value == NULL)
        continue;

      switch (row->field->type)
        {
        case VT_FIELD_CHOICE:
          for (guint j = 0; j < row->field->options->len; j++)
            {
              const VtOption *option = g_ptr_array_index (row->field->options, j);
              if (!g_str_equal (option->value, value))
                continue;
              if (row->toggles != NULL)
                gtk_toggle_button_set_active (g_ptr_array_index (row->toggles, j), TRUE);
              else
                gtk_drop_down_set_selected (GTK_DROP_DOWN (row->input), j + 1);
            }
          break;
        case VT_FIELD_COUNTRY:
          {
            guint position = country_position (self, value);
            if (position != GTK_INVALID_LIST_POSITION)
              gtk_drop_down_set_selected (GTK_DROP_DOWN (row->input), position);
            break;
          }
        case VT_FIELD_MULTILINE:
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->input)),
                                    value, -1);
          break;
        case VT_FIELD_DATE:
          vt_date_picker_set_iso (VT_DATE_PICKER (row->input), value);
          break;
        case VT_FIELD_PHONE:
          {
            /* Back into the picker and the national number, as the person typed them. */
            g_auto(VtPhoneNumber) parsed = { 0 };

            if (vt_phone_parse (value, NULL, &parsed) == VT_PHONE_OK)
              {
                const VtCountry *chosen = country_at (self, gtk_drop_down_get_selected (
                                                              GTK_DROP_DOWN (row->prefix)));
                g_autofree char *national = vt_phone_format (parsed.e164, TRUE);
                guint position = country_position (self, parsed.region);

                /* Countries sharing a code (+1, +7…) keep the one already chosen. */
                if ((chosen == NULL || chosen->calling_code != parsed.calling_code)
                    && position != GTK_INVALID_LIST_POSITION)
                  gtk_drop_down_set_selected (GTK_DROP_DOWN (row->prefix), position);
                gtk_editable_set_text (GTK_EDITABLE (row->input), national);
              }
            else
              gtk_editable_set_text (GTK_EDITABLE (row->input), value);
            break;
          }
        case VT_FIELD_TEXT:
        case VT_FIELD_EMAIL:
        case VT_FIELD_NUMBER:
        default:
          gtk_editable_set_text (GTK_EDITABLE (row->input), value);
          break;
        }
    }
  self->updating = FALSE;
  update_visibility (self);
}

static void
vt_fields_page_shown (VtPage *page)
{
  VtFieldsPage *self = VT_FIELDS_PAGE (page);

  load_answers (self);
}

static gboolean
vt_fields_page_apply (VtPage *page)
{
  VtFieldsPage *self = VT_FIELDS_PAGE (page);
  VtSession *session = vt_page_get_session (page);
  Row *first_wrong = NULL;

  /* Choices first: they decide which of the other fields count. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      if (row->field->type == VT_FIELD_CHOICE)
        check_row (self, row, FALSE);
    }
  update_visibility (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (!vt_session_field_is_active (session, row->field))
        {
          show_error (row, NULL);
          continue;
        }
      row->touched = TRUE;
      if (!check_row (self, row, TRUE) && first_wrong == NULL)
        first_wrong = row;
    }

  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (first_wrong->toggles ? g_ptr_array_index (first_wrong->toggles, 0)
                                                  : first_wrong->input);
      return FALSE;
    }
  return TRUE;
}

static void
vt_fields_page_finalize (GObject *object)
{
  VtFieldsPage *self = (VtFieldsPage *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_fields_page_parent_class)->finalize (object);
}

static void
vt_fields_page_class_init (VtFieldsPageClass *klass)
{
  VtPageClass *page_class = VT_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vt_fields_page_finalize;
  page_class->shown = vt_fields_page_shown;
  page_class->apply = vt_fields_page_apply;
}

static void
vt_fields_page_init (VtFieldsPage *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  self->countries = vt_countries_sorted_for_display ();
}

VtPage *
vt_fields_page_new (VtSession       *session,
                    const VtPageDef *definition)
{
  VtFieldsPage *self;
  GtkWidget *box;

  g_return_val_if_fail (VT_IS_SESSION (session), NULL);
  g_return_val_if_fail (definition != NULL && definition->fields != NULL, NULL);

  self = g_object_new (VT_TYPE_FIELDS_PAGE,
                       "session", session,
                       "page-id", definition->id,
                       "title", vt_procedure_tr (definition->title),
                       "complete", TRUE,
                       NULL);
  self->definition = definition;
  vt_page_set_description (VT_PAGE (self), vt_procedure_tr (definition->description));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (box, "fields");
  for (guint i = 0; i < definition->fields->len; i++)
    add_row (self, g_ptr_array_index (definition->fields, i), box);
  vt_page_append (VT_PAGE (self), box);

  load_answers (self);
  return VT_PAGE (self);
}

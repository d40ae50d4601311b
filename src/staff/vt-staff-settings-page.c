/* vt-staff-settings-page.c — the kiosk's settings, changed from the screen by staff.
 *
 * Copyright 2026 The Ventanilla developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vt-staff"

#include "vt-staff-settings-page.h"

#include "procedures/vt-procedure.h"

#include <glib/gi18n-lib.h>

struct _VtStaffSettingsPage
{
  AdwBin      parent_instance;

  GSettings  *settings;
  GPtrArray  *procedures;
  GtkWidget  *message;
  GtkWidget  *kiosk_id;
  GtkWidget  *upload_url;
  GtkWidget  *upload_token;
  GtkAdjustment *idle_timeout;
  GtkAdjustment *idle_confirmation;
  GtkAdjustment *idle_warning;
  GtkWidget  *language;
  GtkWidget  *camera;
  GtkWidget  *printer;
  GtkWidget  *keyboard_click;
  GPtrArray  *procedure_switches;  /* GtkSwitch, "item-id" data */
  GPtrArray  *channel_switches;
};

G_DEFINE_FINAL_TYPE (VtStaffSettingsPage, vt_staff_settings_page, ADW_TYPE_BIN)

static GtkWidget *
entry_row (GtkWidget  *group,
           const char *title,
           const char *name,
           gboolean    password)
{
  GtkWidget *row = password ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  gtk_widget_set_size_request (row, -1, 64);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
show_value_cb (GtkAdjustment *adjustment,
               GtkLabel      *label)
{
  g_autofree char *text = g_strdup_printf ("%.0f", gtk_adjustment_get_value (adjustment));

  gtk_label_set_text (label, text);
}

static void
step_cb (GtkButton     *button,
         GtkAdjustment *adjustment)
{
  double step = gtk_adjustment_get_step_increment (adjustment);

  if (g_object_get_data (G_OBJECT (button), "down") != NULL)
    step = -step;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
}

static GtkWidget *
step_button (const char    *text,
             const char    *name,
             const char    *accessible,
             GtkAdjustment *adjustment,
             gboolean       down)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_set_name (button, name);
  gtk_widget_set_size_request (button, 56, 56);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  if (down)
    g_object_set_data (G_OBJECT (button), "down", GINT_TO_POINTER (1));
  g_signal_connect (button, "clicked", G_CALLBACK (step_cb), adjustment);
  return button;
}

/* A number changed with two large buttons: a spin button's own arrows are too small for a
 * finger. */
static GtkAdjustment *
stepper_row (GtkWidget  *group,
             const char *title,
             const char *subtitle,
             const char *name,
             guint       min,
             guint       max,
             guint       value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkAdjustment *adjustment = gtk_adjustment_new (value, min, max, 10, 60, 0);
  g_autofree char *less_name = g_strdup_printf ("%s-less", name);
  g_autofree char *more_name = g_strdup_printf ("%s-more", name);
  g_autofree char *less = g_strdup_printf (_("Menos: %s"), title);
  g_autofree char *more = g_strdup_printf (_("Más: %s"), title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_name (label, name);
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_widget_add_css_class (label, "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (show_value_cb), label, 0);
  show_value_cb (adjustment, GTK_LABEL (label));
  gtk_box_append (GTK_BOX (box), step_button ("−", less_name, less, adjustment, TRUE));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), step_button ("+", more_name, more, adjustment, FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  /* The row's widgets keep the adjustment alive; the page holds a reference too. */
  return g_object_ref_sink (adjustment);
}

static GtkWidget *
switch_row (GtkWidget  *group,
            const char *title,
            const char *item_id,
            gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_set_data_full (G_OBJECT (toggle), "item-id", g_strdup (item_id), g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_widget_set_size_request (row, -1, 64);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return toggle;
}

static gboolean
strv_has (GStrv       list,
          const char *item)
{
  return list == NULL || list[0] == NULL || g_strv_contains ((const char * const *)list, item);
}

/* NULL when every switch is off. */
static char **
collect_enabled (GPtrArray *switches)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint on = 0;

  for (guint i = 0; i < switches->len; i++)
    {
      GtkWidget *toggle = g_ptr_array_index (switches, i);

      if (gtk_switch_get_active (GTK_SWITCH (toggle)))
        {
          g_strv_builder_add (builder, g_object_get_data (G_OBJECT (toggle), "item-id"));
          on++;
        }
    }
  if (on == 0 && switches->len > 0)
    return NULL;
  /* Everything on is stored as "all", so that a procedure added later is offered too. */
  if (on == switches->len)
    return g_new0 (char *, 1);
  return g_strv_builder_end (builder);
}

static void
set_message (VtStaffSettingsPage *self,
             const char          *text,
             gboolean             is_error)
{
  gtk_label_set_text (GTK_LABEL (self->message), text);
  gtk_widget_set_visible (self->message, TRUE);
  if (is_error)
    gtk_widget_add_css_class (self->message, "error");
  else
    gtk_widget_remove_css_class (self->message, "error");
}

gboolean
vt_staff_settings_page_save (VtStaffSettingsPage *self)
{
  const char *url;
  const char *camera;
  g_auto(GStrv) procedures = NULL;
  g_auto(GStrv) channels = NULL;

  g_return_val_if_fail (VT_IS_STAFF_SETTINGS_PAGE (self), FALSE);

  if (self->settings == NULL)
    return FALSE;
  url = gtk_editable_get_text (GTK_EDITABLE (self->upload_url));
  if (*url != '\0' && (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL)
                       || !(g_str_has_prefix (url, "https://")
                            || g_str_has_prefix (url, "http://"))))
    {
      set_message (self, _("La dirección de envío debe empezar con https:// y ser completa."),
                   TRUE);
      return FALSE;
    }
  camera = gtk_editable_get_text (GTK_EDITABLE (self->camera));
  if (*camera == '\0')
    camera = "auto";
  procedures = collect_enabled (self->procedure_switches);
  if (procedures == NULL)
    {
      set_message (self, _("Deje al menos un trámite activo."), TRUE);
      return FALSE;
    }
  channels = collect_enabled (self->channel_switches);
  if (channels == NULL)
    {
      set_message (self, _("Deje al menos un canal activo."), TRUE);
      return FALSE;
    }

  /* One change for every key: a reader never sees half of the new settings. */
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "kiosk-id",
                         gtk_editable_get_text (GTK_EDITABLE (self->kiosk_id)));
  g_settings_set_string (self->settings, "upload-url", url);
  g_settings_set_string (self->settings, "upload-token",
                         gtk_editable_get_text (GTK_EDITABLE (self->upload_token)));
  g_settings_set_uint (self->settings, "idle-timeout",
                       (guint)gtk_adjustment_get_value (self->idle_timeout));
  g_settings_set_uint (self->settings, "idle-timeout-confirmation",
                       (guint)gtk_adjustment_get_value (self->idle_confirmation));
  g_settings_set_uint (self->settings, "idle-warning",
                       (guint)gtk_adjustment_get_value (self->idle_warning));
  g_settings_set_string (self->settings, "default-language",
                         adw_combo_row_get_selected (ADW_COMBO_ROW (self->language)) == 1 ? "en"
                                                                                           : "es");
  g_settings_set_string (self->settings, "camera", camera);
  g_settings_set_string (self->settings, "printer",
                         gtk_editable_get_text (GTK_EDITABLE (self->printer)));
  g_settings_set_boolean (self->settings, "keyboard-click",
                          gtk_switch_get_active (GTK_SWITCH (self->keyboard_click)));
  g_settings_set_strv (self->settings, "enabled-procedures", (const char * const *)procedures);
  g_settings_set_strv (self->settings, "enabled-channels", (const char * const *)channels);
  g_settings_apply (self->settings);
  g_settings_sync ();
  g_message ("Settings changed from staff mode");
  set_message (self, _("Guardado. La cámara, el servidor y el idioma se aplican a la próxima "
                       "persona; algunos cambios piden reiniciar el quiosco."), FALSE);
  return TRUE;
}

static void
load (VtStaffSettingsPage *self,
      GtkWidget           *box)
{
  g_autofree char *kiosk_id = g_settings_get_string (self->settings, "kiosk-id");
  g_autofree char *url = g_settings_get_string (self->settings, "upload-url");
  g_autofree char *token = g_settings_get_string (self->settings, "upload-token");
  g_autofree char *language = g_settings_get_string (self->settings, "default-language");
  g_autofree char *camera = g_settings_get_string (self->settings, "camera");
  g_autofree char *printer = g_settings_get_string (self->settings, "printer");
  g_auto(GStrv) enabled_procedures = g_settings_get_strv (self->settings, "enabled-procedures");
  g_auto(GStrv) enabled_channels = g_settings_get_strv (self->settings, "enabled-channels");
  g_autoptr(GPtrArray) channel_ids = g_ptr_array_new ();
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  GtkWidget *group;
  GtkWidget *save;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Quiosco y envíos"));
  self->kiosk_id = entry_row (group, _("Nombre del quiosco"), "settings-kiosk-id", FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->kiosk_id), kiosk_id);
  self->upload_url = entry_row (group, _("Dirección del servidor de envíos"), "settings-upload-url",
                                FALSE);
  /* The on-screen keyboard shows the keys of a web address for it. */
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->upload_url), GTK_INPUT_PURPOSE_URL);
  gtk_editable_set_text (GTK_EDITABLE (self->upload_url), url);
  self->upload_token = entry_row (group, _("Credencial del servidor"), "settings-upload-token",
                                  TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->upload_token), token);
  gtk_box_append (GTK_BOX (box), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Tiempos de espera"));
  self->idle_timeout = stepper_row (group, _("Segundos sin uso antes del aviso"),
                                    _("En las páginas del trámite"), "settings-idle-timeout",
                                    30, 3600, g_settings_get_uint (self->settings, "idle-timeout"));
  self->idle_confirmation = stepper_row (group, _("Segundos sin uso en la confirmación"),
                                         _("Cuando el trámite ya se envió"),
                                         "settings-idle-confirmation", 10, 3600,
                                         g_settings_get_uint (self->settings,
                                                              "idle-timeout-confirmation"));
  self->idle_warning = stepper_row (group, _("Segundos del aviso antes de borrar"),
                                    _("Cuenta regresiva con «Continuar»"),
                                    "settings-idle-warning", 30, 300,
                                    g_settings_get_uint (self->settings, "idle-warning"));
  gtk_box_append (GTK_BOX (box), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Equipo e idioma"));
  gtk_string_list_append (languages, _("Español"));
  gtk_string_list_append (languages, _("Inglés"));
  self->language = adw_combo_row_new ();
  gtk_widget_set_name (self->language, "settings-language");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language),
                                 _("Idioma para cada persona nueva"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->language), G_LIST_MODEL (languages));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->language), g_str_equal (language, "en"));
  gtk_widget_set_size_request (self->language, -1, 64);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->language);
  self->camera = entry_row (group, _("Cámara (auto, synthetic o /dev/videoN)"), "settings-camera",
                            FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->camera), camera);
  self->printer = entry_row (group, _("Impresora (vacío: la predeterminada)"), "settings-printer",
                             FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->printer), printer);
  self->keyboard_click = switch_row (group, _("Sonido al tocar las teclas de la pantalla"),
                                     "keyboard-click",
                                     g_settings_get_boolean (self->settings, "keyboard-click"));
  gtk_widget_set_name (self->keyboard_click, "settings-keyboard-click");
  gtk_box_append (GTK_BOX (box), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Trámites ofrecidos"));
  for (guint i = 0; self->procedures && i < self->procedures->len; i++)
    {
      VtProcedure *procedure = g_ptr_array_index (self->procedures, i);
      GPtrArray *channels = vt_procedure_get_channels (procedure);

      g_ptr_array_add (self->procedure_switches,
                       switch_row (group, vt_procedure_tr (vt_procedure_get_title (procedure)),
                                   vt_procedure_get_id (procedure),
                                   strv_has (enabled_procedures, vt_procedure_get_id (procedure))));
      for (guint j = 0; channels && j < channels->len; j++)
        {
          const VtChannel *channel = g_ptr_array_index (channels, j);
          gboolean seen = FALSE;

          for (guint k = 0; k < channel_ids->len; k++)
            seen |= g_str_equal (g_ptr_array_index (channel_ids, k), channel->id);
          if (!seen)
            g_ptr_array_add (channel_ids, channel->id);
        }
    }
  gtk_box_append (GTK_BOX (box), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Canales ofrecidos"));
  for (guint k = 0; k < channel_ids->len; k++)
    {
      const char *id = g_ptr_array_index (channel_ids, k);
      const char *title = g_str_equal (id, "virtual") ? _("En línea (virtual)")
                          : g_str_equal (id, "presencial") ? _("En una agencia (presencial)") : id;

      g_ptr_array_add (self->channel_switches,
                       switch_row (group, title, id, strv_has (enabled_channels, id)));
    }
  gtk_box_append (GTK_BOX (box), group);

  save = gtk_button_new_with_label (_("Guardar"));
  gtk_widget_set_name (save, "settings-save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_add_css_class (save, "pill");
  gtk_widget_set_halign (save, GTK_ALIGN_END);
  gtk_widget_set_size_request (save, 200, 64);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (vt_staff_settings_page_save), self);
  gtk_box_append (GTK_BOX (box), save);
}

static void
vt_staff_settings_page_dispose (GObject *object)
{
  VtStaffSettingsPage *self = (VtStaffSettingsPage *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->idle_timeout);
  g_clear_object (&self->idle_confirmation);
  g_clear_object (&self->idle_warning);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  g_clear_pointer (&self->procedure_switches, g_ptr_array_unref);
  g_clear_pointer (&self->channel_switches, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_staff_settings_page_parent_class)->dispose (object);
}

static void
vt_staff_settings_page_class_init (VtStaffSettingsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_staff_settings_page_dispose;
}

static void
vt_staff_settings_page_init (VtStaffSettingsPage *self)
{
  self->procedure_switches = g_ptr_array_new ();
  self->channel_switches = g_ptr_array_new ();
}

GtkWidget *
vt_staff_settings_page_new (GSettings *settings,
                            GPtrArray *procedures)
{
  VtStaffSettingsPage *self = g_object_new (VT_TYPE_STAFF_SETTINGS_PAGE, NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *title = gtk_label_new (_("Configuración"));

  self->settings = settings ? g_object_ref (settings) : NULL;
  self->procedures = procedures ? g_ptr_array_ref (procedures) : NULL;

  gtk_widget_add_css_class (box, "page-body");
  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  self->message = gtk_label_new (NULL);
  gtk_widget_set_name (self->message, "settings-message");
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (box), self->message);
  if (self->settings != NULL)
    load (self, box);
  else
    set_message (self, _("No se encontró el esquema de configuración org.ventanilla.Kiosk: "
                         "instale el quiosco o indique GSETTINGS_SCHEMA_DIR."), TRUE);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_bin_set_child (ADW_BIN (self), scrolled);
  return GTK_WIDGET (self);
}

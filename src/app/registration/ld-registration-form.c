/* ld-registration-form.c — the application form of the registration, built from the configuration
 *
 * One row per field of config.application_form, in its order: text, e-mail, phone,
 * number and date fields are entry rows, a choice is a combo row, a yes/no field a row
 * with a switch. Required fields carry a star. Validation here is the agent's early
 * warning; the server validates again and its details.field points back at a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ld-format.h"
#include "ld-properties.h"
#include "ld-registration-form.h"

typedef struct
{
  char      *key;
  char      *label;
  char      *type;
  gboolean   required;
  GtkWidget *row;
  GtkWidget *control;      /* the GtkSwitch of a yes/no field */
  GPtrArray *option_keys;  /* the keys of a choice, after the "not given" item */
} Field;

struct _LdRegistrationForm
{
  AdwBin     parent_instance;

  GtkWidget *group;
  GPtrArray *fields;       /* Field, in the configuration's order */
};

G_DEFINE_FINAL_TYPE (LdRegistrationForm, ld_registration_form, ADW_TYPE_BIN)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->key);
  g_free (field->label);
  g_free (field->type);
  g_clear_pointer (&field->option_keys, g_ptr_array_unref);
  g_free (field);
}

static Field *
ld_registration_form_find (LdRegistrationForm *self,
                           const char         *key)
{
  g_assert (LD_IS_REGISTRATION_FORM (self));

  if (key == NULL)
    return NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->key, key))
        return field;
    }

  return NULL;
}

static gboolean
field_is_entry (Field *field)
{
  return ADW_IS_ENTRY_ROW (field->row);
}

static char *
field_dup_text (Field *field)
{
  g_assert (field_is_entry (field));

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row))));
}

/* "DD.MM.YYYY" as agents type it, or already YYYY-MM-DD → YYYY-MM-DD (transfer full) */
static char *
date_to_iso (const char *text)
{
  int d, m, y;
  char tail;

  if (sscanf (text, "%2d.%2d.%4d%c", &d, &m, &y, &tail) == 3 && y >= 1000)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);

  return g_strdup (text);
}

static void
ld_registration_form_entry_activated_cb (LdRegistrationForm *self,
                                         AdwEntryRow        *row)
{
  g_assert (LD_IS_REGISTRATION_FORM (self));

  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
ld_registration_form_row_changed_cb (GtkWidget *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
ld_registration_form_clear (LdRegistrationForm *self)
{
  g_assert (LD_IS_REGISTRATION_FORM (self));

  g_ptr_array_set_size (self->fields, 0);

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Personal Information"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Ask the caller the questions of the application form. "
                                           "Fields marked with * are required."));
  adw_bin_set_child (ADW_BIN (self), self->group);
}

static void
ld_registration_form_add_field (LdRegistrationForm *self,
                                JsonObject         *object)
{
  const char *key = NULL;
  const char *label = NULL;
  const char *type = NULL;
  gboolean required = FALSE;
  g_autofree char *title = NULL;
  Field *field;

  g_assert (LD_IS_REGISTRATION_FORM (self));

  if (!ld_json_get_string (object, "key", NULL, &key) || key == NULL || *key == '\0')
    return;
  if (!ld_json_get_string (object, "label", key, &label) || label == NULL)
    label = key;
  if (!ld_json_get_string (object, "type", "text", &type) || type == NULL)
    type = "text";
  if (!ld_json_get_bool (object, "required", FALSE, &required))
    required = FALSE;

  field = g_new0 (Field, 1);
  field->key = g_strdup (key);
  field->label = g_strdup (label);
  field->type = g_strdup (type);
  field->required = required;

  /* Translators: the title of a required field of the application form */
  title = required ? g_strdup_printf (_("%s *"), label) : g_strdup (label);

  if (g_str_equal (type, "choice"))
    {
      g_autoptr(GtkStringList) model = ld_format_choices (object, &field->option_keys);

      field->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (model));
      g_signal_connect (field->row, "notify::selected",
                        G_CALLBACK (ld_registration_form_row_changed_cb), NULL);
    }
  else if (g_str_equal (type, "bool"))
    {
      field->row = adw_action_row_new ();
      field->control = gtk_switch_new ();
      gtk_widget_set_valign (field->control, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->control);
    }
  else
    {
      field->row = adw_entry_row_new ();

      if (g_str_equal (type, "email"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (field->row), GTK_INPUT_PURPOSE_EMAIL);
      else if (g_str_equal (type, "phone"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (field->row), GTK_INPUT_PURPOSE_PHONE);
      else if (g_str_equal (type, "number"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (field->row), GTK_INPUT_PURPOSE_NUMBER);
      else if (g_str_equal (type, "date"))
        {
          /* Translators: how a date is typed into the application form */
          GtkWidget *hint = gtk_label_new (_("DD.MM.YYYY"));

          gtk_widget_add_css_class (hint, "dim-label");
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (field->row), hint);
        }

      g_signal_connect_object (field->row, "entry-activated",
                               G_CALLBACK (ld_registration_form_entry_activated_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect (field->row, "changed",
                        G_CALLBACK (ld_registration_form_row_changed_cb), NULL);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
  if (required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);
  gtk_widget_set_name (field->row, key);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), field->row);

  g_ptr_array_add (self->fields, field);
}

static void
ld_registration_form_dispose (GObject *object)
{
  LdRegistrationForm *self = (LdRegistrationForm *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->group = NULL;

  G_OBJECT_CLASS (ld_registration_form_parent_class)->dispose (object);
}

static void
ld_registration_form_class_init (LdRegistrationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_registration_form_dispose;

  /**
   * LdRegistrationForm::activate:
   *
   * Enter was pressed in one of the fields: the wizard saves.
   */
  signals[ACTIVATE] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "activate", G_TYPE_NONE);
}

static void
ld_registration_form_init (LdRegistrationForm *self)
{
  self->fields = g_ptr_array_new_with_free_func (field_free);
  ld_registration_form_clear (self);
}

/**
 * ld_registration_form_new:
 *
 * Returns: (transfer floating): an empty form; give it the fields with
 *   ld_registration_form_set_fields()
 */
GtkWidget *
ld_registration_form_new (void)
{
  return g_object_new (LD_TYPE_REGISTRATION_FORM, NULL);
}

/**
 * ld_registration_form_set_fields:
 * @fields: config.application_form: objects {key, label, type, required, options}
 *
 * Builds the rows anew; what was typed before is dropped.
 */
void
ld_registration_form_set_fields (LdRegistrationForm *self,
                                 JsonArray          *fields)
{
  g_return_if_fail (LD_IS_REGISTRATION_FORM (self));

  ld_registration_form_clear (self);

  if (fields == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        ld_registration_form_add_field (self, json_node_get_object (node));
    }
}

guint
ld_registration_form_get_n_fields (LdRegistrationForm *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), 0);

  return self->fields->len;
}

static void
field_set_node (Field    *field,
                JsonNode *node)
{
  GType value_type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;

  value_type = json_node_get_value_type (node);

  if (field->control != NULL)
    {
      if (value_type == G_TYPE_BOOLEAN)
        gtk_switch_set_active (GTK_SWITCH (field->control), json_node_get_boolean (node));
    }
  else if (field->option_keys != NULL)
    {
      const char *key = value_type == G_TYPE_STRING ? json_node_get_string (node) : NULL;

      for (guint i = 0; key != NULL && i < field->option_keys->len; i++)
        if (g_str_equal (key, g_ptr_array_index (field->option_keys, i)))
          adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), i + 1);
    }
  else if (value_type == G_TYPE_STRING)
    {
      gtk_editable_set_text (GTK_EDITABLE (field->row), json_node_get_string (node));
    }
  else if (value_type == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      gtk_editable_set_text (GTK_EDITABLE (field->row), text);
    }
  else if (value_type == G_TYPE_DOUBLE)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (text, sizeof text, json_node_get_double (node));
      gtk_editable_set_text (GTK_EDITABLE (field->row), text);
    }
}

/**
 * ld_registration_form_set_answers:
 * @answers: (nullable): what the draft saved so far, by key
 *
 * Fills the fields the answers name; the others keep what they have.
 */
void
ld_registration_form_set_answers (LdRegistrationForm *self,
                                  JsonObject         *answers)
{
  g_return_if_fail (LD_IS_REGISTRATION_FORM (self));

  if (answers == NULL)
    return;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (json_object_has_member (answers, field->key))
        field_set_node (field, json_object_get_member (answers, field->key));
    }
}

/**
 * ld_registration_form_set_text:
 *
 * Puts @text into the entry of @key when that field is still empty (the e-mail of the
 * e-mail step, for instance).
 */
void
ld_registration_form_set_text (LdRegistrationForm *self,
                               const char         *key,
                               const char         *text)
{
  Field *field;

  g_return_if_fail (LD_IS_REGISTRATION_FORM (self));

  if (!(field = ld_registration_form_find (self, key)) || !field_is_entry (field) || text == NULL)
    return;

  if (*gtk_editable_get_text (GTK_EDITABLE (field->row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (field->row), text);
}

/* the value of a field for the server, NULL when nothing was given; @error set when what
 * was typed does not fit the type */
static JsonNode *
field_dup_node (Field   *field,
                GError **error)
{
  g_autofree char *text = NULL;
  JsonNode *node;

  if (field->control != NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, gtk_switch_get_active (GTK_SWITCH (field->control)));
      return node;
    }

  if (field->option_keys != NULL)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > field->option_keys->len)
        return NULL;

      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, g_ptr_array_index (field->option_keys, selected - 1));
      return node;
    }

  text = field_dup_text (field);
  if (*text == '\0')
    return NULL;

  node = json_node_new (JSON_NODE_VALUE);

  if (g_str_equal (field->type, "date"))
    {
      g_autofree char *iso = date_to_iso (text);

      ld_date_validate (iso, error);
      json_node_set_string (node, iso);
    }
  else if (g_str_equal (field->type, "email"))
    {
      g_autofree char *email = ld_email_normalize (text, error);

      json_node_set_string (node, email ? email : text);
    }
  else if (g_str_equal (field->type, "phone"))
    {
      g_autofree char *phone = ld_phone_normalize (text, error);

      json_node_set_string (node, phone ? phone : text);
    }
  else if (g_str_equal (field->type, "number"))
    {
      gint64 integer;
      double number;
      char *end = NULL;

      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
        json_node_set_int (node, integer);
      else if ((number = g_ascii_strtod (text, &end)), end != NULL && end != text && *end == '\0')
        json_node_set_double (node, number);
      else
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       _("“%s” is not a number"), text);
          json_node_set_string (node, text);
        }
    }
  else
    {
      json_node_set_string (node, text);
    }

  return node;
}

/**
 * ld_registration_form_get_answers:
 *
 * Returns: (transfer full): the answers by key, for POST …/complete; fields left empty
 *   are not in it
 */
JsonObject *
ld_registration_form_get_answers (LdRegistrationForm *self)
{
  JsonObject *answers;

  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), NULL);

  answers = json_object_new ();

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *node = field_dup_node (field, NULL);

      if (node != NULL)
        json_object_set_member (answers, field->key, node);
    }

  return answers;
}

/**
 * ld_registration_form_validate:
 * @out_key: (out) (optional) (transfer full): the key of the first field in error
 *
 * Checks that the required fields are given and that each value fits its type; marks
 * the first field in error.
 *
 * Returns: %TRUE when the answers may be sent
 */
gboolean
ld_registration_form_validate (LdRegistrationForm  *self,
                               char               **out_key,
                               GError             **error)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = field_dup_node (field, &local_error);

      if (local_error != NULL)
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       /* Translators: a field of the application form, and what is wrong with it */
                       _("%s: %s"), field->label, local_error->message);
        }
      else if (node == NULL && field->required)
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       _("Fill in “%s”: the program requires it"), field->label);
        }
      else
        continue;

      ld_registration_form_mark_error (self, field->key);
      if (out_key != NULL)
        *out_key = g_strdup (field->key);

      return FALSE;
    }

  ld_registration_form_mark_error (self, NULL);

  return TRUE;
}

/**
 * ld_registration_form_mark_error:
 * @key: (nullable): the field to highlight; %NULL clears every mark
 */
void
ld_registration_form_mark_error (LdRegistrationForm *self,
                                 const char         *key)
{
  g_return_if_fail (LD_IS_REGISTRATION_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (key != NULL && g_str_equal (field->key, key))
        gtk_widget_add_css_class (field->row, "error");
      else
        gtk_widget_remove_css_class (field->row, "error");
    }
}

/**
 * ld_registration_form_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the field @key
 */
GtkWidget *
ld_registration_form_get_row (LdRegistrationForm *self,
                              const char         *key)
{
  Field *field;

  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), NULL);

  field = ld_registration_form_find (self, key);

  return field ? field->row : NULL;
}

/**
 * ld_registration_form_get_label:
 *
 * Returns: (nullable): the label the configuration gives the field @key
 */
const char *
ld_registration_form_get_label (LdRegistrationForm *self,
                                const char         *key)
{
  Field *field;

  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), NULL);

  field = ld_registration_form_find (self, key);

  return field ? field->label : NULL;
}

/**
 * ld_registration_form_focus:
 * @key: (nullable): the field to focus; %NULL for the first empty one (or the first)
 */
gboolean
ld_registration_form_focus (LdRegistrationForm *self,
                            const char         *key)
{
  Field *field = NULL;

  g_return_val_if_fail (LD_IS_REGISTRATION_FORM (self), FALSE);

  if (key != NULL)
    field = ld_registration_form_find (self, key);

  for (guint i = 0; field == NULL && i < self->fields->len; i++)
    {
      Field *candidate = g_ptr_array_index (self->fields, i);

      if (field_is_entry (candidate) && *gtk_editable_get_text (GTK_EDITABLE (candidate->row)) == '\0')
        field = candidate;
    }

  if (field == NULL && self->fields->len > 0)
    field = g_ptr_array_index (self->fields, 0);

  if (field == NULL)
    return FALSE;

  return gtk_widget_grab_focus (field->control ? field->control : field->row);
}

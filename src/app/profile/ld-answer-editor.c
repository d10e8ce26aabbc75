/* ld-answer-editor.c — the editor of a member's application-form answers, and its conflict view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Profile tab's Edit (ld-member-profile-tab.c) makes one, and drops it when the
 * editing ends: it adds its rows to the tab's "edit" group and, after a version
 * conflict, to its "conflict" group, and removes them when it goes.
 *
 * Each editable answer is a row of its type (a date typed the locale's way or picked from
 * a calendar, ld-date-row.c; a choice from a drop-down; a number in a spin button; yes/no
 * with a switch); the answers the agent may not change are rows saying why. Only what changed
 * is sent (ld_answer_editor_dup_changes()). A conflict shows, field by field, the agent's
 * value and the one saved meanwhile, and nothing can be saved until the agent picked
 * one for each.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-answer-editor.h"
#include "ld-date-row.h"
#include "ld-format.h"
#include "ld-member-answers.h"

/* one editable answer while editing */
typedef struct
{
  char          *key;
  char          *label;
  char          *type;
  JsonObject    *field;        /* the form's field */
  GtkWidget     *row;
  GtkWidget     *control;      /* the GtkSwitch or GtkSpinButton, else NULL */
  GPtrArray     *option_keys;  /* a choice's, after "Not given" */
  JsonNode      *saved;        /* the value saved at the editor's version */
  JsonNode      *theirs;       /* in a conflict: the value saved meanwhile */
  GtkWidget     *mine_check;   /* in a conflict: the agent's pick */
  GtkWidget     *theirs_check;
  gboolean       touched;      /* a switch or spin button the agent changed */
} Editor;

struct _LdAnswerEditor
{
  GObject              parent_instance;

  AdwPreferencesGroup *edit_group;
  AdwPreferencesGroup *conflict_group;
  GPtrArray           *editors;        /* Editor, in the form's order */
  GPtrArray           *edit_rows;      /* every row added to edit_group */
  GPtrArray           *conflict_rows;  /* every row added to conflict_group */
  LdMember            *member;         /* while the rows are being added */
};

G_DEFINE_FINAL_TYPE (LdAnswerEditor, ld_answer_editor, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
editor_free (gpointer data)
{
  Editor *editor = data;

  g_free (editor->key);
  g_free (editor->label);
  g_free (editor->type);
  g_clear_pointer (&editor->field, json_object_unref);
  g_clear_pointer (&editor->option_keys, g_ptr_array_unref);
  g_clear_pointer (&editor->saved, json_node_unref);
  g_clear_pointer (&editor->theirs, json_node_unref);
  g_free (editor);
}

/* a date in the agent's language, the year in full (ld-format.c) */
static gboolean
date_is_valid (const char *typed)
{
  g_autofree char *iso = ld_format_parse_date (typed);

  return iso != NULL;
}

/* ---- one answer's value: as the server has it, as its row shows it */

static gboolean
node_is_empty (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (ld_json_node_holds (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);

      while (text != NULL && g_ascii_isspace (*text))
        text++;
      return text == NULL || *text == '\0';
    }
  return FALSE;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* the same answer: empty is empty, 2 is 2.0 */
static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (node_is_empty (a) || node_is_empty (b))
    return node_is_empty (a) && node_is_empty (b);
  if (node_is_number (a) && node_is_number (b))
    return json_node_get_double (a) == json_node_get_double (b);
  return json_node_equal (a, b);
}

static JsonNode *
node_copy (JsonNode *node)
{
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_copy (node) : NULL;
}

/* the saved answer to @key (transfer full) (nullable): the answers, or the member's own
 * field the form keeps there */
static JsonNode *
ld_answer_editor_dup_saved (JsonObject *answers,
                            LdMember   *member,
                            const char *key)
{
  JsonNode *answer = NULL;

  if (answers != NULL && json_object_has_member (answers, key))
    answer = json_object_get_member (answers, key);
  if (node_is_empty (answer) && member != NULL)
    {
      const char *from_member = ld_member_answers_get_member_field (member, key);

      if (from_member != NULL && *from_member != '\0')
        return json_node_init_string (json_node_alloc (), from_member);
    }

  return node_copy (answer);
}

static gboolean
control_get_touched (GtkWidget *control)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (control), "ld-touched"));
}

static void
control_set_touched (GtkWidget *control,
                     gboolean   touched)
{
  g_object_set_data (G_OBJECT (control), "ld-touched", GINT_TO_POINTER (touched));
}

/* the value of @editor's row (transfer full) (nullable: not given); a date the agent
 * typed that is not one stays as typed, for the check before saving */
static JsonNode *
editor_dup_value (Editor *editor)
{
  if (ADW_IS_COMBO_ROW (editor->row))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > editor->option_keys->len)
        return NULL;
      return json_node_init_string (json_node_alloc (), g_ptr_array_index (editor->option_keys, selected - 1));
    }

  if (GTK_IS_SWITCH (editor->control))
    {
      if (!control_get_touched (editor->control))
        return node_copy (editor->saved);
      return json_node_init_boolean (json_node_alloc (), gtk_switch_get_active (GTK_SWITCH (editor->control)));
    }

  if (GTK_IS_SPIN_BUTTON (editor->control))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (editor->control);

      if (!control_get_touched (editor->control))
        return node_copy (editor->saved);
      gtk_spin_button_update (spin);
      if (gtk_spin_button_get_digits (spin) == 0)
        return json_node_init_int (json_node_alloc (), gtk_spin_button_get_value_as_int (spin));
      return json_node_init_double (json_node_alloc (), gtk_spin_button_get_value (spin));
    }

  {
    g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row))));
    g_autofree char *iso = NULL;

    if (*text == '\0')
      return NULL;
    if (g_str_equal (editor->type, "date") && (iso = ld_format_parse_date (text)) != NULL)
      return json_node_init_string (json_node_alloc (), iso);
    return json_node_init_string (json_node_alloc (), text);
  }
}

static void
editor_set_value (Editor   *editor,
                  JsonNode *value)
{
  if (ADW_IS_COMBO_ROW (editor->row))
    {
      guint selected = 0;

      if (!node_is_empty (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        for (guint i = 0; i < editor->option_keys->len; i++)
          if (g_str_equal (g_ptr_array_index (editor->option_keys, i), json_node_get_string (value)))
            selected = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), selected);
    }
  else if (GTK_IS_SWITCH (editor->control))
    {
      gtk_switch_set_active (GTK_SWITCH (editor->control),
                             !node_is_empty (value) && ld_json_node_holds (value, G_TYPE_BOOLEAN) &&
                             json_node_get_boolean (value));
      control_set_touched (editor->control, !nodes_equal (value, editor->saved));
    }
  else if (GTK_IS_SPIN_BUTTON (editor->control))
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor->control),
                                 node_is_number (value) ? json_node_get_double (value) : 0);
      control_set_touched (editor->control, !nodes_equal (value, editor->saved));
    }
  else
    {
      g_autofree char *text = NULL;

      if (!node_is_empty (value) && ld_json_node_holds (value, G_TYPE_STRING))
        text = g_str_equal (editor->type, "date") ? ld_format_date (json_node_get_string (value))
                                                   : g_strdup (json_node_get_string (value));
      gtk_editable_set_text (GTK_EDITABLE (editor->row), text != NULL ? text : "");
    }
}

static gboolean
editor_changed (Editor *editor)
{
  g_autoptr(JsonNode) value = editor_dup_value (editor);

  return !nodes_equal (value, editor->saved);
}

/* a conflict on @editor the agent has not decided yet */
static gboolean
editor_undecided (Editor *editor)
{
  return editor->theirs_check != NULL &&
         !gtk_check_button_get_active (GTK_CHECK_BUTTON (editor->mine_check)) &&
         !gtk_check_button_get_active (GTK_CHECK_BUTTON (editor->theirs_check));
}


static void
ld_answer_editor_clear_conflict (LdAnswerEditor *self)
{
  g_assert (LD_IS_ANSWER_EDITOR (self));

  for (guint i = 0; i < self->conflict_rows->len; i++)
    adw_preferences_group_remove (self->conflict_group, g_ptr_array_index (self->conflict_rows, i));
  g_ptr_array_set_size (self->conflict_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_group), FALSE);

  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      g_clear_pointer (&editor->theirs, json_node_unref);
      editor->mine_check = NULL;
      editor->theirs_check = NULL;
      gtk_widget_remove_css_class (editor->row, "warning");
    }
}

static void
ld_answer_editor_editor_changed_cb (LdAnswerEditor *self,
                                    GParamSpec     *pspec,
                                    GtkWidget      *widget)
{
  g_assert (LD_IS_ANSWER_EDITOR (self));

  /* a refusal of this row is answered by typing anew */
  for (GtkWidget *row = widget; row != NULL; row = gtk_widget_get_parent (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      {
        gtk_widget_remove_css_class (row, "error");
        break;
      }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ld_answer_editor_entry_changed_cb (LdAnswerEditor *self,
                                   GtkWidget      *row)
{
  ld_answer_editor_editor_changed_cb (self, NULL, row);
}

/* a switch or spin button the agent changed sends its value, even the one shown for
 * "not given" */
static void
ld_answer_editor_control_touched_cb (LdAnswerEditor *self,
                                     GParamSpec     *pspec,
                                     GtkWidget      *control)
{
  control_set_touched (control, TRUE);
  ld_answer_editor_editor_changed_cb (self, NULL, control);
}

static void
ld_answer_editor_spin_changed_cb (LdAnswerEditor *self,
                                  GtkWidget      *spin)
{
  ld_answer_editor_control_touched_cb (self, NULL, spin);
}

static void
ld_answer_editor_add_edit_row (LdAnswerEditor *self,
                               GtkWidget      *row)
{
  adw_preferences_group_add (self->edit_group, row);
  g_ptr_array_add (self->edit_rows, row);
}

/* a field the agent sees but cannot change, saying why */
static void
ld_answer_editor_add_fixed_row (LdAnswerEditor *self,
                                const char     *title,
                                const char     *value,
                                const char     *why)
{
  /* Translators: a field of the application form the agent cannot change; %s says why */
  g_autofree char *reason = g_strdup_printf (_("Not editable: %s"), why);
  /* Translators: the value of a read-only field, then why it cannot be changed */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), value, reason);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, reason);
  gtk_widget_set_tooltip_text (icon, reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reason,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "dim-label");
  ld_answer_editor_add_edit_row (self, row);
}

static void
ld_answer_editor_add_editor (LdAnswerEditor *self,
                             JsonObject     *field,
                             const char     *key,
                             const char     *label,
                             const char     *type,
                             JsonNode       *saved)
{
  g_autofree char *title = NULL;
  gboolean required = FALSE;
  Editor *editor = g_new0 (Editor, 1);

  editor->key = g_strdup (key);
  editor->label = g_strdup (label);
  editor->type = g_strdup (type);
  editor->field = json_object_ref (field);
  editor->saved = node_copy (saved);

  ld_json_get_bool (field, "required", FALSE, &required);
  /* Translators: the title of a required field of the application form */
  title = required ? g_strdup_printf (_("%s *"), label) : g_strdup (label);

  if (g_str_equal (type, "choice"))
    {
      g_autoptr(GtkStringList) model = ld_format_choices (field, &editor->option_keys);

      editor->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (model));
    }
  else if (g_str_equal (type, "bool"))
    {
      editor->row = adw_action_row_new ();
      editor->control = gtk_switch_new ();
      gtk_widget_set_valign (editor->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->control);
    }
  else if (g_str_equal (type, "number"))
    {
      gboolean fraction = ld_json_node_holds (saved, G_TYPE_DOUBLE);

      editor->row = adw_action_row_new ();
      editor->control = gtk_spin_button_new_with_range (-1e9, 1e9, 1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (editor->control), fraction ? 2 : 0);
      gtk_widget_set_valign (editor->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->control);
    }
  else
    {
      editor->row = g_str_equal (type, "date") ? ld_date_row_new () : adw_entry_row_new ();
      if (g_str_equal (type, "email"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_EMAIL);
      else if (g_str_equal (type, "phone"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_PHONE);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (editor->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), title);
  gtk_widget_set_name (editor->row, key);
  if (editor->control != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (editor->control),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  if (required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (editor->row),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);

  editor_set_value (editor, editor->saved);

  /* the date's calendar sets it while a day is picked: it is the same signal */
  if (ADW_IS_COMBO_ROW (editor->row))
    g_signal_connect_object (editor->row, "notify::selected",
                             G_CALLBACK (ld_answer_editor_editor_changed_cb), self, G_CONNECT_SWAPPED);
  else if (GTK_IS_SWITCH (editor->control))
    g_signal_connect_object (editor->control, "notify::active",
                             G_CALLBACK (ld_answer_editor_control_touched_cb), self, G_CONNECT_SWAPPED);
  else if (GTK_IS_SPIN_BUTTON (editor->control))
    g_signal_connect_object (editor->control, "value-changed",
                             G_CALLBACK (ld_answer_editor_spin_changed_cb), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (editor->row, "changed",
                             G_CALLBACK (ld_answer_editor_entry_changed_cb), self, G_CONNECT_SWAPPED);

  ld_answer_editor_add_edit_row (self, editor->row);
  g_ptr_array_add (self->editors, editor);
}


static Editor *
ld_answer_editor_find_editor (LdAnswerEditor *self,
                              const char     *key)
{
  for (guint i = 0; self->editors != NULL && key != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (editor->key, key))
        return editor;
    }

  return NULL;
}

/* a refusal of one field: its row marked and focused; the message beside the form
 * (transfer full) */
static char *
ld_answer_editor_mark_editor (Editor     *editor,
                              const char *message)
{
  gtk_widget_add_css_class (editor->row, "error");
  gtk_widget_set_tooltip_text (editor->row, message);
  gtk_widget_grab_focus (editor->control != NULL ? editor->control : editor->row);

  /* Translators: a field of the application form the server refused, and why */
  return g_strdup_printf (_("%s: %s"), editor->label, message);
}

static void
ld_answer_editor_pick_cb (LdAnswerEditor *self,
                          GtkCheckButton *check)
{
  g_assert (LD_IS_ANSWER_EDITOR (self));

  if (!gtk_check_button_get_active (check))
    return;

  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      /* the saved value taken: nothing of it is sent; the agent's kept: sent again */
      if ((GtkWidget *) check == editor->theirs_check)
        {
          g_object_set_data_full (G_OBJECT (editor->mine_check), "ld-value",
                                  editor_dup_value (editor), (GDestroyNotify) json_node_unref);
          editor_set_value (editor, editor->theirs);
        }
      else if ((GtkWidget *) check == editor->mine_check)
        {
          JsonNode *mine = g_object_get_data (G_OBJECT (check), "ld-value");

          if (mine != NULL)
            editor_set_value (editor, mine);
          if (GTK_IS_SWITCH (editor->control) || GTK_IS_SPIN_BUTTON (editor->control))
            control_set_touched (editor->control, TRUE);
        }
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
ld_answer_editor_add_pick (LdAnswerEditor *self,
                           const char     *title,
                           const char     *value,
                           GtkWidget      *group_with)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_with != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group_with));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_margin_start (row, 24);
  adw_preferences_group_add (self->conflict_group, row);
  g_ptr_array_add (self->conflict_rows, row);
  g_signal_connect_object (check, "toggled", G_CALLBACK (ld_answer_editor_pick_cb), self, G_CONNECT_SWAPPED);

  return check;
}

/* a row for each of the form's questions: an editor for an answer the agent may change,
 * else a row saying why not */
static void
ld_answer_editor_add_answer_cb (JsonObject *field,
                                const char *key,
                                const char *label,
                                JsonNode   *answer,
                                gpointer    user_data)
{
  LdAnswerEditor *self = user_data;
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *value = NULL;
  const char *type = NULL;
  gboolean editable = FALSE;

  g_assert (LD_IS_ANSWER_EDITOR (self));

  if (field == NULL)
    {
      value = ld_member_answers_format (answer, NULL);
      ld_answer_editor_add_fixed_row (self, key, value, _("the application form no longer asks it"));
      return;
    }

  if (!ld_json_get_string (field, "type", "text", &type) || type == NULL)
    type = "text";
  ld_json_get_bool (field, "editable", FALSE, &editable);

  saved = ld_answer_editor_dup_saved (ld_member_get_answers (self->member), self->member, key);
  if (g_str_equal (key, "phone") || g_str_equal (key, "email"))
    {
      value = ld_member_answers_format (saved, field);
      ld_answer_editor_add_fixed_row (self, label, value,
                                      g_str_equal (key, "phone")
                                      ? _("changed with Change Phone, after identifying the caller")
                                      : _("changed with Change E-mail, after identifying the caller"));
    }
  else if (!editable)
    {
      value = ld_member_answers_format (saved, field);
      ld_answer_editor_add_fixed_row (self, label, value, _("the configuration keeps it as registered"));
    }
  else
    ld_answer_editor_add_editor (self, field, key, label, type, saved);
}

static void
ld_answer_editor_dispose (GObject *object)
{
  LdAnswerEditor *self = (LdAnswerEditor *)object;

  /* the rows go with the editor, and what was typed with them */
  if (self->conflict_group != NULL)
    ld_answer_editor_clear_conflict (self);
  for (guint i = 0; self->edit_group != NULL && i < self->edit_rows->len; i++)
    adw_preferences_group_remove (self->edit_group, g_ptr_array_index (self->edit_rows, i));
  g_ptr_array_set_size (self->edit_rows, 0);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_object (&self->edit_group);
  g_clear_object (&self->conflict_group);

  G_OBJECT_CLASS (ld_answer_editor_parent_class)->dispose (object);
}

static void
ld_answer_editor_finalize (GObject *object)
{
  LdAnswerEditor *self = (LdAnswerEditor *)object;

  g_clear_pointer (&self->edit_rows, g_ptr_array_unref);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_answer_editor_parent_class)->finalize (object);
}

static void
ld_answer_editor_class_init (LdAnswerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_answer_editor_dispose;
  object_class->finalize = ld_answer_editor_finalize;

  /**
   * LdAnswerEditor::changed:
   *
   * An answer changed or a conflict's pick was made: what can be saved may have changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ld_answer_editor_init (LdAnswerEditor *self)
{
  self->editors = g_ptr_array_new_with_free_func (editor_free);
  self->edit_rows = g_ptr_array_new ();
  self->conflict_rows = g_ptr_array_new ();
}

/**
 * ld_answer_editor_new:
 * @edit_group: where the answers' rows go
 * @conflict_group: where a conflict's picks go, hidden until there is one
 * @form: the application form (the configuration's)
 * @member: the member whose answers are edited
 *
 * Returns: (transfer full): the editor, its rows added to @edit_group; they go with it
 */
LdAnswerEditor *
ld_answer_editor_new (AdwPreferencesGroup *edit_group,
                      AdwPreferencesGroup *conflict_group,
                      JsonArray           *form,
                      LdMember            *member)
{
  LdAnswerEditor *self;

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (edit_group), NULL);
  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (conflict_group), NULL);
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (LD_IS_MEMBER (member), NULL);

  self = g_object_new (LD_TYPE_ANSWER_EDITOR, NULL);
  self->edit_group = g_object_ref (edit_group);
  self->conflict_group = g_object_ref (conflict_group);
  self->member = member;
  ld_member_answers_foreach (form, ld_member_get_answers (member), ld_answer_editor_add_answer_cb, self);
  self->member = NULL;

  return self;
}

/**
 * ld_answer_editor_grab_focus:
 *
 * The agent types at once: the first answer that takes the focus gets it.
 */
void
ld_answer_editor_grab_focus (LdAnswerEditor *self)
{
  g_return_if_fail (LD_IS_ANSWER_EDITOR (self));

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (gtk_widget_grab_focus (editor->control != NULL ? editor->control : editor->row))
        break;
    }
}

/**
 * ld_answer_editor_get_can_save:
 *
 * Returns: whether an answer changed and every conflict has its pick
 */
gboolean
ld_answer_editor_get_can_save (LdAnswerEditor *self)
{
  gboolean changed = FALSE;
  gboolean undecided = FALSE;

  g_return_val_if_fail (LD_IS_ANSWER_EDITOR (self), FALSE);

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      changed |= editor_changed (editor);
      undecided |= editor_undecided (editor);
    }

  return changed && !undecided;
}

/**
 * ld_answer_editor_set_sensitive:
 *
 * The answers' rows insensitive while a save is on its way.
 */
void
ld_answer_editor_set_sensitive (LdAnswerEditor *self,
                                gboolean        sensitive)
{
  g_return_if_fail (LD_IS_ANSWER_EDITOR (self));

  for (guint i = 0; i < self->edit_rows->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->edit_rows, i), sensitive);
}

/**
 * ld_answer_editor_dup_changes:
 * @refusal: (out) (transfer full): why nothing can be sent, when a field is
 *   not right yet (its row marked and focused)
 *
 * Returns: (transfer full) (nullable): the answers changed, a null member for one taken
 *   away; %NULL when a conflict waits for its pick or a field is refused
 */
JsonObject *
ld_answer_editor_dup_changes (LdAnswerEditor *self,
                              char          **refusal)
{
  g_autoptr(JsonObject) answers = json_object_new ();

  g_return_val_if_fail (LD_IS_ANSWER_EDITOR (self), NULL);
  g_return_val_if_fail (refusal != NULL && *refusal == NULL, NULL);

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autoptr(JsonNode) value = NULL;

      if (editor_undecided (editor))
        return NULL;
      if (!editor_changed (editor))
        continue;
      value = editor_dup_value (editor);

      /* a date is sent only once it is one, the year in full */
      if (g_str_equal (editor->type, "date") && value != NULL &&
          !date_is_valid (json_node_get_string (value)))
        {
          g_autofree char *hint = ld_date_row_dup_hint ();
          /* Translators: %s is an example of a date as it is typed, e.g. "e.g. 24.02.1971" */
          g_autofree char *message = g_strdup_printf (_("Type a date with the year in full (%s)."), hint);

          *refusal = ld_answer_editor_mark_editor (editor, message);
          return NULL;
        }

      if (value != NULL)
        json_object_set_member (answers, editor->key, g_steal_pointer (&value));
      else
        json_object_set_null_member (answers, editor->key);
    }

  return g_steal_pointer (&answers);
}

/**
 * ld_answer_editor_mark_field:
 * @key: the key of the answer the server refused
 * @message: why, in the server's words
 *
 * Returns: (transfer full) (nullable): the message to show beside the form, its row
 *   marked and focused; %NULL when no row edits @key
 */
char *
ld_answer_editor_mark_field (LdAnswerEditor *self,
                             const char     *key,
                             const char     *message)
{
  Editor *editor;

  g_return_val_if_fail (LD_IS_ANSWER_EDITOR (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  editor = ld_answer_editor_find_editor (self, key);

  return editor != NULL ? ld_answer_editor_mark_editor (editor, message) : NULL;
}

/**
 * ld_answer_editor_show_conflict:
 * @answers: (nullable): the answers saved meanwhile
 *
 * Someone saved meanwhile: the editor goes on from what is saved now; the fields the
 * agent did not change follow it, the ones both changed to different values are offered
 * side by side, and ld_answer_editor_get_can_save() stays %FALSE until the agent picked
 * one of each.
 */
void
ld_answer_editor_show_conflict (LdAnswerEditor *self,
                                JsonObject     *answers)
{
  GtkWidget *first_check = NULL;

  g_return_if_fail (LD_IS_ANSWER_EDITOR (self));

  ld_answer_editor_clear_conflict (self);

  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autoptr(JsonNode) mine = editor_dup_value (editor);
      g_autoptr(JsonNode) now = ld_answer_editor_dup_saved (answers, NULL, editor->key);
      g_autofree char *mine_text = NULL;
      g_autofree char *now_text = NULL;
      gboolean changed_here = !nodes_equal (mine, editor->saved);
      gboolean changed_there = !nodes_equal (now, editor->saved);
      GtkWidget *header;

      g_clear_pointer (&editor->saved, json_node_unref);
      editor->saved = node_copy (now);

      if (!changed_here)
        {
          editor_set_value (editor, now);
          continue;
        }
      if (!changed_there || nodes_equal (mine, now))
        continue;

      editor->theirs = node_copy (now);
      mine_text = ld_member_answers_format (mine, editor->field);
      now_text = ld_member_answers_format (now, editor->field);

      header = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (header), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), editor->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (header), _("Changed by you and by someone else: choose one"));
      gtk_widget_add_css_class (header, "heading");
      adw_preferences_group_add (self->conflict_group, header);
      g_ptr_array_add (self->conflict_rows, header);

      editor->mine_check = ld_answer_editor_add_pick (self, _("Yours"), mine_text, NULL);
      g_object_set_data_full (G_OBJECT (editor->mine_check), "ld-value",
                              g_steal_pointer (&mine), (GDestroyNotify) json_node_unref);
      editor->theirs_check = ld_answer_editor_add_pick (self, _("Saved meanwhile"), now_text, editor->mine_check);
      gtk_widget_set_name (editor->mine_check, "mine");
      gtk_widget_set_name (editor->theirs_check, "theirs");
      gtk_widget_add_css_class (editor->row, "warning");
      if (first_check == NULL)
        first_check = editor->mine_check;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->conflict_group), first_check != NULL);
  if (first_check != NULL)
    gtk_widget_grab_focus (first_check);
  g_signal_emit (self, signals[CHANGED], 0);
}


/* ld-member-profile-tab.c — application-form answers, contacts, consents, family account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers are shown with the questions of the configured application form (GET
 * /config), in the form's order; answers to questions the form no longer has follow with
 * their keys. Everything comes with the profile the page fetched.
 *
 * Edit (Ctrl+E) turns the editable answers into rows of their type (a date typed the
 * locale's way or picked from a calendar, a choice from a drop-down, a number in a spin
 * button, yes/no with a switch): Save (Ctrl+S) sends only what changed, with the
 * member's version as If-Match; Escape cancels. A refusal of one field marks its row and
 * keeps everything typed. A version conflict shows, field by field, the agent's value
 * and the one saved meanwhile, and Save stays off until the agent picked one for each.
 * The contact rows' Change… buttons identify the caller first (operations/contacts/).
 * After every change the page fetches the profile again ("member.reload").
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ld-contact-operations.h"
#include "ld-format.h"
#include "ld-member-profile-tab.h"
#include "ld-member-tab-private.h"
#include "ld-weak-ref.h"

/* one editable answer while editing */
typedef struct
{
  char          *key;
  char          *label;
  char          *type;
  JsonObject    *field;        /* the form's field */
  GtkWidget     *row;
  GtkWidget     *control;      /* the GtkSwitch or GtkSpinButton, else NULL */
  GtkCalendar   *calendar;     /* a date's */
  GPtrArray     *option_keys;  /* a choice's, after "Not given" */
  JsonNode      *saved;        /* the value saved at the editor's version */
  JsonNode      *theirs;       /* in a conflict: the value saved meanwhile */
  GtkWidget     *mine_check;   /* in a conflict: the agent's pick */
  GtkWidget     *theirs_check;
  gboolean       touched;      /* a switch or spin button the agent changed */
} Editor;

struct _LdMemberProfileTab
{
  LdMemberTab          parent_instance;

  LdLoadableView      *view;
  AdwPreferencesGroup *form_group;
  AdwPreferencesGroup *consents_group;
  AdwPreferencesGroup *merged_group;
  AdwPreferencesGroup *conflict_group;
  AdwPreferencesGroup *edit_group;
  GtkWidget           *edit_button;
  GtkWidget           *change_phone_button;
  GtkWidget           *change_email_button;
  GtkWidget           *save_button;
  GtkSpinner          *save_spinner;
  GtkLabel            *edit_error_label;

  GPtrArray           *editors;        /* Editor, in the form's order, while editing */
  GPtrArray           *edit_rows;      /* every row added to edit_group */
  GPtrArray           *conflict_rows;  /* every row added to conflict_group */
  GCancellable        *save_cancellable;
  gint64               edit_member_id;
  gint64               edit_version;   /* the member's version the editor started from */
  gboolean             editing;
  gboolean             saving;
};

G_DEFINE_FINAL_TYPE (LdMemberProfileTab, ld_member_profile_tab, LD_TYPE_MEMBER_TAB)

enum {
  PROP_0,
  PROP_EDITING,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ld_member_profile_tab_update_actions (LdMemberProfileTab *self);

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

/* ---- dates in the agent's language, always with the year in full (ld-format.c) */

static gboolean
date_is_valid (const char *typed)
{
  g_autofree char *iso = ld_format_parse_date (typed);

  return iso != NULL;
}

/* how a date is typed: an example in the agent's language (transfer full) */
static char *
date_hint (void)
{
  g_autofree char *example = ld_format_date ("1971-02-24");

  /* Translators: how a date is typed into the application form; %s is an example date */
  return g_strdup_printf (_("e.g. %s"), example);
}

static char *
ld_member_profile_tab_format_contact_cb (gpointer    this_object,
                                         const char *contact)
{
  if (contact == NULL || *contact == '\0')
    return g_strdup (_("Not given"));

  return g_strdup (contact);
}

/* the member's fields stand in for answers the form keeps on the member itself */
static const char *
ld_member_profile_tab_member_field (LdMember   *member,
                                    const char *key)
{
  if (g_str_equal (key, "last_name"))
    return ld_member_get_last_name (member);
  if (g_str_equal (key, "first_name"))
    return ld_member_get_first_name (member);
  if (g_str_equal (key, "middle_name"))
    return ld_member_get_middle_name (member);
  if (g_str_equal (key, "birth_date"))
    return ld_member_get_birth_date (member);
  if (g_str_equal (key, "email"))
    return ld_member_get_email (member);
  if (g_str_equal (key, "phone"))
    return ld_member_get_phone (member);
  return NULL;
}

static char *
ld_member_profile_tab_format_answer (JsonNode   *answer,
                                     JsonObject *field)
{
  const char *type = "text";
  JsonArray *options = NULL;

  if (field != NULL)
    {
      ld_json_get_string (field, "type", "text", &type);
      ld_json_get_array (field, "options", NULL, &options);
    }

  if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
    return g_strdup (_("Not given"));

  if (!JSON_NODE_HOLDS_VALUE (answer))
    return g_strdup (_("(not readable)"));

  switch (json_node_get_value_type (answer))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (answer) ? _("Yes") : _("No"));

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (answer));

    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (answer));

    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (answer);

        if (text == NULL || *text == '\0')
          return g_strdup (_("Not given"));
        if (g_strcmp0 (type, "date") == 0)
          return ld_format_date (text);
        if (g_strcmp0 (type, "choice") == 0)
          return ld_format_option (options, text);
        return g_strdup (text);
      }

    default:
      return g_strdup (_("(not readable)"));
    }
}

static void
ld_member_profile_tab_fill_form (LdMemberProfileTab *self,
                                 LdMember           *member)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *form = config != NULL ? ld_config_get_application_form (config) : NULL;
  JsonObject *answers = ld_member_get_answers (member);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_fields = form != NULL ? json_array_get_length (form) : 0;

  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      g_autoptr(JsonNode) fallback = NULL;
      g_autofree char *value = NULL;
      JsonObject *field;
      const char *key = NULL;
      const char *label = NULL;
      JsonNode *answer = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      field = json_node_get_object (node);
      if (!ld_json_get_string (field, "key", NULL, &key) || key == NULL)
        continue;
      ld_json_get_string (field, "label", key, &label);

      if (answers != NULL && json_object_has_member (answers, key))
        answer = json_object_get_member (answers, key);
      if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
        {
          const char *from_member = ld_member_profile_tab_member_field (member, key);

          if (from_member != NULL && *from_member != '\0')
            {
              fallback = json_node_new (JSON_NODE_VALUE);
              json_node_set_string (fallback, from_member);
              answer = fallback;
            }
        }

      value = ld_member_profile_tab_format_answer (answer, field);
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->form_group, label, value);
      g_hash_table_add (shown, (char *)key);
    }

  /* answers to questions the form does not ask (any more) */
  if (answers != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (answers);

      for (const GList *iter = keys; iter != NULL; iter = iter->next)
        {
          g_autofree char *value = NULL;

          if (g_hash_table_contains (shown, iter->data))
            continue;
          value = ld_member_profile_tab_format_answer (json_object_get_member (answers, iter->data), NULL);
          ld_member_tab_add_row (LD_MEMBER_TAB (self), self->form_group, iter->data, value);
        }
    }
}

static void
ld_member_profile_tab_fill_consents (LdMemberProfileTab *self,
                                     LdMember           *member)
{
  static const struct {
    const char *key;
    const char *title;
  } known[] = {
    { "offer", N_("Offer (the program's rules)") },
    { "personal_data", N_("Processing of personal data") },
    { "marketing", N_("Advertising mailings") },
  };
  JsonObject *consents = ld_member_get_consents (member);
  g_autoptr(GList) keys = consents != NULL ? json_object_get_members (consents) : NULL;

  if (keys == NULL)
    {
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->consents_group, _("No consent recorded"), NULL);
      return;
    }

  for (const GList *iter = keys; iter != NULL; iter = iter->next)
    {
      const char *key = iter->data;
      const char *title = key;
      g_autofree char *value = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (g_str_equal (known[i].key, key))
          title = _(known[i].title);

      value = ld_member_profile_tab_format_answer (json_object_get_member (consents, key), NULL);
      if (JSON_NODE_HOLDS_VALUE (json_object_get_member (consents, key)) &&
          json_node_get_value_type (json_object_get_member (consents, key)) == G_TYPE_BOOLEAN)
        {
          g_free (value);
          value = g_strdup (json_object_get_boolean_member (consents, key) ? _("Given") : _("Not given"));
        }
      else if (g_str_has_suffix (key, "_at"))
        {
          const char *when = json_node_get_string (json_object_get_member (consents, key));

          g_free (value);
          value = ld_format_datetime (when);
        }

      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->consents_group, title, value);
    }
}

static void
ld_member_profile_tab_fill_merged (LdMemberProfileTab *self,
                                   LdMember           *member)
{
  GListModel *merged = ld_member_get_merged_members (member);
  guint n = merged != NULL ? g_list_model_get_n_items (merged) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdMember) other = g_list_model_get_item (merged, i);
      g_autofree char *name = NULL;

      name = g_strjoin (" ",
                        ld_member_get_last_name (other) ? ld_member_get_last_name (other) : "",
                        ld_member_get_first_name (other) ? ld_member_get_first_name (other) : "",
                        NULL);
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->merged_group, g_strstrip (name),
                                     ld_member_get_phone (other));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->merged_group), n > 0);
}

/* ---- the editor */

static gboolean
node_is_empty (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
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
ld_member_profile_tab_dup_saved (JsonObject *answers,
                                 LdMember   *member,
                                 const char *key)
{
  JsonNode *answer = NULL;

  if (answers != NULL && json_object_has_member (answers, key))
    answer = json_object_get_member (answers, key);
  if (node_is_empty (answer) && member != NULL)
    {
      const char *from_member = ld_member_profile_tab_member_field (member, key);

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
                             !node_is_empty (value) && JSON_NODE_HOLDS_VALUE (value) &&
                             json_node_get_value_type (value) == G_TYPE_BOOLEAN &&
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

      if (!node_is_empty (value) && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
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
ld_member_profile_tab_set_edit_error (LdMemberProfileTab *self,
                                      const char         *message)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  gtk_label_set_label (self->edit_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->edit_error_label), message != NULL);
}

static void
ld_member_profile_tab_clear_conflict (LdMemberProfileTab *self)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

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
ld_member_profile_tab_editor_changed_cb (LdMemberProfileTab *self,
                                         GParamSpec         *pspec,
                                         GtkWidget          *widget)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  /* a refusal of this row is answered by typing anew */
  for (GtkWidget *row = widget; row != NULL; row = gtk_widget_get_parent (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      {
        gtk_widget_remove_css_class (row, "error");
        break;
      }

  ld_member_profile_tab_update_actions (self);
}

static void
ld_member_profile_tab_entry_changed_cb (LdMemberProfileTab *self,
                                        GtkWidget          *row)
{
  ld_member_profile_tab_editor_changed_cb (self, NULL, row);
}

/* a switch or spin button the agent changed sends its value, even the one shown for
 * "not given" */
static void
ld_member_profile_tab_control_touched_cb (LdMemberProfileTab *self,
                                          GParamSpec         *pspec,
                                          GtkWidget          *control)
{
  control_set_touched (control, TRUE);
  ld_member_profile_tab_editor_changed_cb (self, NULL, control);
}

static void
ld_member_profile_tab_spin_changed_cb (LdMemberProfileTab *self,
                                       GtkWidget          *spin)
{
  ld_member_profile_tab_control_touched_cb (self, NULL, spin);
}

/* the calendar opens on the date typed, if it is one */
static void
ld_member_profile_tab_calendar_shown_cb (GtkCalendar *calendar)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (calendar), ADW_TYPE_ENTRY_ROW);
  g_autofree char *iso = NULL;
  guint year, month, day;

  g_assert (GTK_IS_CALENDAR (calendar));

  if (row != NULL)
    iso = ld_format_parse_date (gtk_editable_get_text (GTK_EDITABLE (row)));
  if (iso != NULL && sscanf (iso, "%4u-%2u-%2u", &year, &month, &day) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

      if (date != NULL)
        gtk_calendar_select_day (calendar, date);
    }
  gtk_widget_grab_focus (GTK_WIDGET (calendar));
}

/* the day picked is the row's text: the arrows move it, Enter or Escape closes */
static void
ld_member_profile_tab_day_selected_cb (GtkCalendar *calendar,
                                       AdwEntryRow *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *text = ld_format_date (iso);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Enter closes the calendar with the day taken (Space or a click took it) */
static void
ld_member_profile_tab_calendar_key_cb (GtkEventControllerKey *controller,
                                       guint                  keyval,
                                       guint                  keycode,
                                       GdkModifierType        state,
                                       AdwEntryRow           *row)
{
  GtkWidget *calendar = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return;

  ld_member_profile_tab_day_selected_cb (GTK_CALENDAR (calendar), row);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* however the calendar closes, the focus goes back where the agent types the date (it
 * would stay on the hidden calendar) */
static void
ld_member_profile_tab_calendar_closed_cb (AdwEntryRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
ld_member_profile_tab_add_edit_row (LdMemberProfileTab *self,
                                    GtkWidget          *row)
{
  adw_preferences_group_add (self->edit_group, row);
  g_ptr_array_add (self->edit_rows, row);
}

/* a field the agent sees but cannot change, saying why */
static void
ld_member_profile_tab_add_fixed_row (LdMemberProfileTab *self,
                                     const char         *title,
                                     const char         *value,
                                     const char         *why)
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
  ld_member_profile_tab_add_edit_row (self, row);
}

static void
ld_member_profile_tab_add_editor (LdMemberProfileTab *self,
                                  JsonObject         *field,
                                  const char         *key,
                                  const char         *label,
                                  const char         *type,
                                  JsonNode           *saved)
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
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      JsonArray *options = NULL;

      editor->option_keys = g_ptr_array_new_with_free_func (g_free);
      gtk_string_list_append (model, _("Not given"));
      ld_json_get_array (field, "options", NULL, &options);
      for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
        {
          JsonNode *node = json_array_get_element (options, i);
          const char *option_key = NULL;
          const char *option_label = NULL;

          if (JSON_NODE_HOLDS_OBJECT (node))
            {
              if (!ld_json_get_string (json_node_get_object (node), "key", NULL, &option_key) || option_key == NULL)
                continue;
              ld_json_get_string (json_node_get_object (node), "label", option_key, &option_label);
            }
          else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            option_key = option_label = json_node_get_string (node);
          else
            continue;

          g_ptr_array_add (editor->option_keys, g_strdup (option_key));
          gtk_string_list_append (model, option_label != NULL ? option_label : option_key);
        }

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
      gboolean fraction = saved != NULL && JSON_NODE_HOLDS_VALUE (saved) &&
                          json_node_get_value_type (saved) == G_TYPE_DOUBLE;

      editor->row = adw_action_row_new ();
      editor->control = gtk_spin_button_new_with_range (-1e9, 1e9, 1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (editor->control), fraction ? 2 : 0);
      gtk_widget_set_valign (editor->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->control);
    }
  else
    {
      editor->row = adw_entry_row_new ();
      if (g_str_equal (type, "email"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_EMAIL);
      else if (g_str_equal (type, "phone"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_PHONE);
      else if (g_str_equal (type, "date"))
        {
          g_autofree char *hint = date_hint ();
          GtkWidget *hint_label = gtk_label_new (hint);
          GtkWidget *button = gtk_menu_button_new ();
          GtkWidget *popover = gtk_popover_new ();
          GtkWidget *calendar = gtk_calendar_new ();
          GtkEventController *keys = gtk_event_controller_key_new ();

          gtk_widget_add_css_class (hint_label, "dim-label");
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), hint_label);

          editor->calendar = GTK_CALENDAR (calendar);
          gtk_popover_set_child (GTK_POPOVER (popover), calendar);
          gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Pick the date from a calendar"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick the date from a calendar"),
                                          -1);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), button);

          g_signal_connect_object (popover, "closed",
                                   G_CALLBACK (ld_member_profile_tab_calendar_closed_cb), editor->row, G_CONNECT_SWAPPED);
          g_signal_connect_object (popover, "show",
                                   G_CALLBACK (ld_member_profile_tab_calendar_shown_cb), calendar, G_CONNECT_SWAPPED);
          /* a click on a day takes it; the keys: the arrows move, Space takes, Enter closes */
          g_signal_connect_object (calendar, "day-selected",
                                   G_CALLBACK (ld_member_profile_tab_day_selected_cb), editor->row, 0);
          g_signal_connect_object (keys, "key-released",
                                   G_CALLBACK (ld_member_profile_tab_calendar_key_cb), editor->row, 0);
          gtk_widget_add_controller (calendar, keys);
        }
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
                             G_CALLBACK (ld_member_profile_tab_editor_changed_cb), self, G_CONNECT_SWAPPED);
  else if (GTK_IS_SWITCH (editor->control))
    g_signal_connect_object (editor->control, "notify::active",
                             G_CALLBACK (ld_member_profile_tab_control_touched_cb), self, G_CONNECT_SWAPPED);
  else if (GTK_IS_SPIN_BUTTON (editor->control))
    g_signal_connect_object (editor->control, "value-changed",
                             G_CALLBACK (ld_member_profile_tab_spin_changed_cb), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (editor->row, "changed",
                             G_CALLBACK (ld_member_profile_tab_entry_changed_cb), self, G_CONNECT_SWAPPED);

  ld_member_profile_tab_add_edit_row (self, editor->row);
  g_ptr_array_add (self->editors, editor);
}

static void
ld_member_profile_tab_set_editing (LdMemberProfileTab *self,
                                   gboolean            editing)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->editing == editing)
    return;

  self->editing = editing;
  gtk_widget_set_visible (GTK_WIDGET (self->form_group), !editing);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_group), editing);
  ld_member_profile_tab_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

static void
ld_member_profile_tab_set_saving (LdMemberProfileTab *self,
                                  gboolean            saving)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->saving == saving)
    return;

  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), saving);
  gtk_spinner_set_spinning (self->save_spinner, saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_group), TRUE);
  for (guint i = 0; i < self->edit_rows->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->edit_rows, i), !saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conflict_group), !saving);
  ld_member_profile_tab_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

/* back to showing: the editor's rows go, and what was typed with them */
static void
ld_member_profile_tab_stop_editing (LdMemberProfileTab *self)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  ld_member_profile_tab_set_saving (self, FALSE);
  ld_member_profile_tab_clear_conflict (self);
  ld_member_profile_tab_set_edit_error (self, NULL);

  for (guint i = 0; i < self->edit_rows->len; i++)
    adw_preferences_group_remove (self->edit_group, g_ptr_array_index (self->edit_rows, i));
  g_ptr_array_set_size (self->edit_rows, 0);
  g_clear_pointer (&self->editors, g_ptr_array_unref);

  ld_member_profile_tab_set_editing (self, FALSE);
}

static void
ld_member_profile_tab_edit_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *form = config != NULL ? ld_config_get_application_form (config) : NULL;
  JsonObject *answers;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->editing || member == NULL || form == NULL)
    return;

  answers = ld_member_get_answers (member);
  self->editors = g_ptr_array_new_with_free_func (editor_free);
  self->edit_member_id = ld_member_get_id (member);
  self->edit_version = ld_member_get_version (member);

  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      g_autoptr(JsonNode) saved = NULL;
      JsonObject *field;
      const char *key = NULL;
      const char *label = NULL;
      const char *type = NULL;
      gboolean editable = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      field = json_node_get_object (node);
      if (!ld_json_get_string (field, "key", NULL, &key) || key == NULL)
        continue;
      ld_json_get_string (field, "label", key, &label);
      if (!ld_json_get_string (field, "type", "text", &type) || type == NULL)
        type = "text";
      ld_json_get_bool (field, "editable", FALSE, &editable);
      g_hash_table_add (shown, (char *) key);

      saved = ld_member_profile_tab_dup_saved (answers, member, key);
      if (g_str_equal (key, "phone") || g_str_equal (key, "email"))
        {
          g_autofree char *value = ld_member_profile_tab_format_answer (saved, field);

          ld_member_profile_tab_add_fixed_row (self, label, value,
                                               g_str_equal (key, "phone")
                                               ? _("changed with Change Phone, after identifying the caller")
                                               : _("changed with Change E-mail, after identifying the caller"));
        }
      else if (!editable)
        {
          g_autofree char *value = ld_member_profile_tab_format_answer (saved, field);

          ld_member_profile_tab_add_fixed_row (self, label, value,
                                               _("the configuration keeps it as registered"));
        }
      else
        ld_member_profile_tab_add_editor (self, field, key, label, type, saved);
    }

  if (answers != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (answers);

      for (const GList *iter = keys; iter != NULL; iter = iter->next)
        {
          g_autofree char *value = NULL;

          if (g_hash_table_contains (shown, iter->data))
            continue;
          value = ld_member_profile_tab_format_answer (json_object_get_member (answers, iter->data), NULL);
          ld_member_profile_tab_add_fixed_row (self, iter->data, value,
                                               _("the application form no longer asks it"));
        }
    }

  ld_member_profile_tab_set_editing (self, TRUE);

  /* the agent types at once */
  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (gtk_widget_grab_focus (editor->control != NULL ? editor->control : editor->row))
        break;
    }
}

static void
ld_member_profile_tab_cancel_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);

  if (!self->editing)
    return;

  ld_member_profile_tab_stop_editing (self);
  gtk_widget_grab_focus (self->edit_button);
}

static Editor *
ld_member_profile_tab_find_editor (LdMemberProfileTab *self,
                                   const char         *key)
{
  for (guint i = 0; self->editors != NULL && key != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (editor->key, key))
        return editor;
    }

  return NULL;
}

/* a refusal of one field: its row marked and focused, the message beside the form */
static void
ld_member_profile_tab_mark_field (LdMemberProfileTab *self,
                                  Editor             *editor,
                                  const char         *message)
{
  /* Translators: a field of the application form the server refused, and why */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), editor->label, message);

  gtk_widget_add_css_class (editor->row, "error");
  gtk_widget_set_tooltip_text (editor->row, message);
  ld_member_profile_tab_set_edit_error (self, text);
  gtk_widget_grab_focus (editor->control != NULL ? editor->control : editor->row);
}

static void
ld_member_profile_tab_pick_cb (LdMemberProfileTab *self,
                               GtkCheckButton     *check)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

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

  ld_member_profile_tab_update_actions (self);
}

static GtkWidget *
ld_member_profile_tab_add_pick (LdMemberProfileTab *self,
                                const char         *title,
                                const char         *value,
                                GtkWidget          *group_with)
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
  g_signal_connect_object (check, "toggled", G_CALLBACK (ld_member_profile_tab_pick_cb), self, G_CONNECT_SWAPPED);

  return check;
}

/* someone saved meanwhile: the editor goes on from what is saved now (@answers at
 * @version); the fields the agent did not change follow it, the ones both changed to
 * different values are offered side by side */
static void
ld_member_profile_tab_show_conflict (LdMemberProfileTab *self,
                                     JsonObject         *answers,
                                     gint64              version)
{
  GtkWidget *first_check = NULL;

  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  ld_member_profile_tab_clear_conflict (self);
  if (version > 0)
    self->edit_version = version;

  for (guint i = 0; self->editors != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autoptr(JsonNode) mine = editor_dup_value (editor);
      g_autoptr(JsonNode) now = ld_member_profile_tab_dup_saved (answers, NULL, editor->key);
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
      mine_text = ld_member_profile_tab_format_answer (mine, editor->field);
      now_text = ld_member_profile_tab_format_answer (now, editor->field);

      header = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (header), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), editor->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (header), _("Changed by you and by someone else: choose one"));
      gtk_widget_add_css_class (header, "heading");
      adw_preferences_group_add (self->conflict_group, header);
      g_ptr_array_add (self->conflict_rows, header);

      editor->mine_check = ld_member_profile_tab_add_pick (self, _("Yours"), mine_text, NULL);
      g_object_set_data_full (G_OBJECT (editor->mine_check), "ld-value",
                              g_steal_pointer (&mine), (GDestroyNotify) json_node_unref);
      editor->theirs_check = ld_member_profile_tab_add_pick (self, _("Saved meanwhile"), now_text, editor->mine_check);
      gtk_widget_set_name (editor->mine_check, "mine");
      gtk_widget_set_name (editor->theirs_check, "theirs");
      gtk_widget_add_css_class (editor->row, "warning");
      if (first_check == NULL)
        first_check = editor->mine_check;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->conflict_group), first_check != NULL);
  if (first_check != NULL)
    gtk_widget_grab_focus (first_check);
  ld_member_profile_tab_update_actions (self);
}

static void
ld_member_profile_tab_save_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  LdClient *client = LD_CLIENT (object);
  g_autoptr(LdMemberProfileTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdMember) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = ld_client_update_member_answers_finish (client, result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ld_member_profile_tab_set_saving (self, FALSE);

  if (saved != NULL)
    {
      ld_member_profile_tab_stop_editing (self);
      gtk_widget_grab_focus (self->edit_button);
      /* the page fetches the profile again: the header and the Actions tab show it */
      gtk_widget_activate_action (GTK_WIDGET (self), "member.reload", NULL);
      return;
    }

  if (g_error_matches (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT))
    {
      JsonObject *details = ld_client_result_get_error_details (result);
      JsonObject *current = NULL;
      JsonObject *answers = NULL;
      gint64 version = 0;

      if (details != NULL && ld_json_get_object (details, "current", NULL, &current) && current != NULL)
        {
          ld_json_get_object (current, "answers", NULL, &answers);
          ld_json_get_int (current, "version", 0, &version);
        }
      ld_member_profile_tab_set_edit_error (self, error->message);
      ld_member_profile_tab_show_conflict (self, answers, version);
      return;
    }

  if (g_error_matches (error, LD_ERROR, LD_ERROR_INVALID_FIELD))
    {
      const char *field = ld_client_result_get_error_field (result);
      Editor *editor = NULL;

      if (field != NULL && g_str_has_prefix (field, "answers."))
        editor = ld_member_profile_tab_find_editor (self, field + strlen ("answers."));
      if (editor != NULL)
        {
          ld_member_profile_tab_mark_field (self, editor, error->message);
          return;
        }
    }

  ld_member_profile_tab_set_edit_error (self, error->message);
}

static void
ld_member_profile_tab_save_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autofree char *idempotency_key = NULL;

  if (!self->editing || self->saving || member == NULL)
    return;

  ld_member_profile_tab_set_edit_error (self, NULL);

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autoptr(JsonNode) value = NULL;

      if (editor_undecided (editor))
        return;
      if (!editor_changed (editor))
        continue;
      value = editor_dup_value (editor);

      /* a date is sent only once it is one, the year in full */
      if (g_str_equal (editor->type, "date") && value != NULL &&
          !date_is_valid (json_node_get_string (value)))
        {
          g_autofree char *hint = date_hint ();
          /* Translators: %s is an example of a date as it is typed, e.g. "e.g. 24.02.1971" */
          g_autofree char *message = g_strdup_printf (_("Type a date with the year in full (%s)."), hint);

          ld_member_profile_tab_mark_field (self, editor, message);
          return;
        }

      if (value != NULL)
        json_object_set_member (answers, editor->key, g_steal_pointer (&value));
      else
        json_object_set_null_member (answers, editor->key);
    }

  if (json_object_get_size (answers) == 0)
    return;

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  idempotency_key = g_uuid_string_random ();

  ld_member_profile_tab_set_saving (self, TRUE);
  ld_client_update_member_answers_async (ld_member_tab_get_client (LD_MEMBER_TAB (self)),
                                         ld_member_get_id (member),
                                         self->edit_version,
                                         answers,
                                         idempotency_key,
                                         self->save_cancellable,
                                         ld_member_profile_tab_save_cb,
                                         ld_weak_ref_new (self));
}

/* ---- the contacts */

static void
ld_member_profile_tab_change_phone_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdMemberTab *tab = LD_MEMBER_TAB (widget);

  if (ld_member_tab_get_member (tab) != NULL)
    ld_contact_operations_change_phone (widget, ld_member_tab_get_client (tab), ld_member_tab_get_member (tab));
}

static void
ld_member_profile_tab_change_email_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdMemberTab *tab = LD_MEMBER_TAB (widget);

  if (ld_member_tab_get_member (tab) != NULL)
    ld_contact_operations_change_email (widget, ld_member_tab_get_client (tab), ld_member_tab_get_member (tab));
}

/* the tooltip of an operation the operator may not do (transfer full) */
static char *
dup_missing_right (const char *right)
{
  /* Translators: the tooltip of an action the operator may not do; %s is the right */
  return g_strdup_printf (_("Needs the right “%s”"), right);
}

static void
ld_member_profile_tab_follow_right (LdMemberProfileTab *self,
                                    GtkWidget          *button,
                                    const char         *right,
                                    const char         *tooltip)
{
  LdClient *client = ld_member_tab_get_client (LD_MEMBER_TAB (self));
  g_autofree char *missing = NULL;

  if (client == NULL || !ld_client_has_right (client, right))
    {
      missing = dup_missing_right (right);
      tooltip = missing;
    }
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
ld_member_profile_tab_update_actions (LdMemberProfileTab *self)
{
  LdMemberTab *tab = LD_MEMBER_TAB (self);
  LdClient *client = ld_member_tab_get_client (tab);
  LdMember *member = ld_member_tab_get_member (tab);
  LdConfig *config = ld_member_tab_get_config (tab);
  gboolean has_member = client != NULL && member != NULL;
  gboolean can_contacts = has_member && ld_client_has_right (client, LD_RIGHT_MEMBER_CHANGE_CONTACTS);
  gboolean can_save = FALSE;

  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->editing && !self->saving)
    {
      gboolean changed = FALSE;
      gboolean undecided = FALSE;

      for (guint i = 0; i < self->editors->len; i++)
        {
          Editor *editor = g_ptr_array_index (self->editors, i);

          changed |= editor_changed (editor);
          undecided |= editor_undecided (editor);
        }
      can_save = changed && !undecided;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.edit",
                                 has_member && !self->editing && config != NULL &&
                                 ld_client_has_right (client, LD_RIGHT_MEMBER_EDIT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.cancel", self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.change-phone", can_contacts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.change-email", can_contacts);

  ld_member_profile_tab_follow_right (self, self->edit_button, LD_RIGHT_MEMBER_EDIT,
                                      _("Edit the application form's answers (Ctrl+E)"));
  ld_member_profile_tab_follow_right (self, self->change_phone_button, LD_RIGHT_MEMBER_CHANGE_CONTACTS,
                                      _("Change the phone after identifying the caller"));
  ld_member_profile_tab_follow_right (self, self->change_email_button, LD_RIGHT_MEMBER_CHANGE_CONTACTS,
                                      _("Change the e-mail after identifying the caller"));
}

static void
ld_member_profile_tab_update (LdMemberTab *tab)
{
  ld_member_profile_tab_update_actions (LD_MEMBER_PROFILE_TAB (tab));
}

static void
ld_member_profile_tab_load (LdMemberTab *tab)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (tab);
  LdMember *member = ld_member_tab_get_member (tab);

  /* what the agent is typing stays; another member's profile ends it */
  if (self->editing && ld_member_get_id (member) != self->edit_member_id)
    ld_member_profile_tab_stop_editing (self);

  ld_member_tab_clear_rows (tab);
  ld_member_profile_tab_fill_form (self, member);
  ld_member_profile_tab_fill_consents (self, member);
  ld_member_profile_tab_fill_merged (self, member);

  ld_loadable_view_set_ready (self->view, FALSE);
}

static void
ld_member_profile_tab_dispose (GObject *object)
{
  LdMemberProfileTab *self = (LdMemberProfileTab *)object;

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);

  G_OBJECT_CLASS (ld_member_profile_tab_parent_class)->dispose (object);
}

static void
ld_member_profile_tab_finalize (GObject *object)
{
  LdMemberProfileTab *self = (LdMemberProfileTab *)object;

  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->edit_rows, g_ptr_array_unref);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_member_profile_tab_parent_class)->finalize (object);
}

static void
ld_member_profile_tab_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (object);

  switch (prop_id)
    {
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;

    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_profile_tab_class_init (LdMemberProfileTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  object_class->dispose = ld_member_profile_tab_dispose;
  object_class->finalize = ld_member_profile_tab_finalize;
  object_class->get_property = ld_member_profile_tab_get_property;

  tab_class->load = ld_member_profile_tab_load;
  tab_class->update = ld_member_profile_tab_update;
  /* everything here comes with the profile, labelled by the config's form */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_ALWAYS;
  tab_class->config_reloads = TRUE;

  /* the answers are being edited */
  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a save is on its way to the server */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-profile-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "phone_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "email_row", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, form_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, consents_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, merged_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, conflict_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, change_phone_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, change_email_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, save_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_error_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_contact",
                                                G_CALLBACK (ld_member_profile_tab_format_contact_cb));

  gtk_widget_class_install_action (widget_class, "profile.edit", NULL, ld_member_profile_tab_edit_action);
  gtk_widget_class_install_action (widget_class, "profile.save", NULL, ld_member_profile_tab_save_action);
  gtk_widget_class_install_action (widget_class, "profile.cancel", NULL, ld_member_profile_tab_cancel_action);
  gtk_widget_class_install_action (widget_class, "profile.change-phone", NULL,
                                   ld_member_profile_tab_change_phone_action);
  gtk_widget_class_install_action (widget_class, "profile.change-email", NULL,
                                   ld_member_profile_tab_change_email_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "profile.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "profile.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "profile.cancel", NULL);
}

static void
ld_member_profile_tab_init (LdMemberProfileTab *self)
{
  self->edit_rows = g_ptr_array_new ();
  self->conflict_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  ld_member_profile_tab_update_actions (self);
}

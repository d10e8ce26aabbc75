/* ld-member-status-dialog.c — Change Status on the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every status system of the configuration is a list of its levels, one radio row each;
 * the member's current level is marked, and every other level says what choosing it
 * means: "Up" or "Down" from the current level of its system, or "New status system"
 * where the member has none yet. The choice is repeated under the lists ("Up: Silver →
 * Gold"), and the dialog is ready only for a level that is not the current one. The
 * request is POST /members/{id}/status {system, level, reason} with a reason of
 * reasons.status_change. Template: data/ui/operations/members/ld-member-status-dialog.ui.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-core.h"
#include "ld-format.h"
#include "ld-member-operations-private.h"

typedef enum
{
  CHANGE_NONE,      /* the current level */
  CHANGE_UP,
  CHANGE_DOWN,
  CHANGE_NEW,       /* a system the member has no level in */
} StatusChange;

typedef struct
{
  LdMemberOperation  operation;
  GtkLabel          *direction_label;   /* owned by the dialog */
  GtkWidget         *first_check;       /* (nullable) the first level's radio */
  GtkWidget         *focus_row;         /* (nullable) the row the focus starts on */
  char              *system;            /* the level chosen, or NULL */
  char              *level;
} ChangeStatus;

static void
change_status_free (gpointer data)
{
  ChangeStatus *change = data;

  g_free (change->system);
  g_free (change->level);
  ld_member_operation_free (change);
}

static void
change_status_submit (LdOperationDialog   *dialog,
                      gpointer             data,
                      const char          *idempotency_key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             callback_data)
{
  ChangeStatus *change = data;
  LdMember *member = change->operation.member;

  ld_client_change_member_status_async (change->operation.client,
                                        ld_member_get_id (member),
                                        change->system,
                                        change->level,
                                        ld_operation_dialog_get_reason (dialog),
                                        ld_member_get_version (member),
                                        idempotency_key,
                                        cancellable,
                                        callback,
                                        callback_data);
}

static const LdOperationRequest change_status_request = {
  change_status_submit,
  ld_member_operation_finish,
};

/* the member's level in @system, or NULL */
static const char *
find_current_level (LdMember   *member,
                    const char *system)
{
  GListModel *statuses = ld_member_get_statuses (member);
  guint n = statuses != NULL ? g_list_model_get_n_items (statuses) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdStatus) status = g_list_model_get_item (statuses, i);

      if (g_strcmp0 (ld_status_get_system (status), system) == 0)
        return ld_status_get_level (status);
    }

  return NULL;
}

/* the position of @key among @levels (objects {key, label}, or keys), or -1 */
static int
find_level_index (JsonArray  *levels,
                  const char *key)
{
  guint n = levels != NULL ? json_array_get_length (levels) : 0;

  for (guint i = 0; key != NULL && i < n; i++)
    {
      JsonNode *node = json_array_get_element (levels, i);
      const char *level_key = NULL;

      if (ld_json_node_holds (node, G_TYPE_STRING))
        level_key = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        ld_json_get_string (json_node_get_object (node), "key", NULL, &level_key);

      if (g_strcmp0 (level_key, key) == 0)
        return (int) i;
    }

  return -1;
}

static StatusChange
status_change_of (int current_index,
                  int index)
{
  if (current_index < 0)
    return CHANGE_NEW;
  if (index == current_index)
    return CHANGE_NONE;

  return index > current_index ? CHANGE_UP : CHANGE_DOWN;
}

static const char *
status_change_label (StatusChange change)
{
  switch (change)
    {
    case CHANGE_NONE:
      return _("Current level");
    case CHANGE_UP:
      return C_("status change", "Up");
    case CHANGE_DOWN:
      return C_("status change", "Down");
    case CHANGE_NEW:
    default:
      return _("New status system");
    }
}

static void
ld_member_status_dialog_toggled_cb (LdOperationDialog *dialog,
                                    GtkCheckButton    *check)
{
  ChangeStatus *change = ld_operation_dialog_get_request_data (dialog, &change_status_request);
  LdConfig *config;
  const char *system, *level, *current;
  StatusChange kind;
  g_autofree char *text = NULL;

  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  if (change == NULL || !gtk_check_button_get_active (check))
    return;

  config = change->operation.config;
  system = g_object_get_data (G_OBJECT (check), "ld-system");
  level = g_object_get_data (G_OBJECT (check), "ld-level");
  kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "ld-change"));
  current = find_current_level (change->operation.member, system);

  g_free (change->system);
  change->system = g_strdup (system);
  g_free (change->level);
  change->level = g_strdup (level);

  if (kind == CHANGE_NONE)
    text = g_strdup (_("Choose a level other than the current one."));
  else if (kind == CHANGE_NEW)
    {
      g_autofree char *to = ld_format_status (config, system, level);

      /* Translators: the status chosen in a system the member has no level in */
      text = g_strdup_printf (_("New status system: %s"), to);
    }
  else
    {
      g_autofree char *from = ld_format_status (config, system, current);
      g_autofree char *to = ld_format_status (config, system, level);

      /* Translators: "Up: Main: Silver → Main: Gold"; the first %s is Up or Down */
      text = g_strdup_printf (_("%s: %s → %s"), status_change_label (kind), from, to);
    }

  gtk_label_set_label (change->direction_label, text);
  ld_operation_dialog_set_ready (dialog, kind != CHANGE_NONE);
}

/* one radio row of @level in @system */
static GtkWidget *
ld_member_status_dialog_add_level (LdOperationDialog *dialog,
                                   ChangeStatus      *change,
                                   GtkWidget         *group,
                                   const char        *system,
                                   const char        *level,
                                   const char        *label,
                                   StatusChange       kind)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), status_change_label (kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status_change_label (kind),
                                  -1);

  g_object_set_data_full (G_OBJECT (check), "ld-system", g_strdup (system), g_free);
  g_object_set_data_full (G_OBJECT (check), "ld-level", g_strdup (level), g_free);
  g_object_set_data (G_OBJECT (check), "ld-change", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (row), "ld-check", check);

  if (change->first_check == NULL)
    change->first_check = check;
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (change->first_check));

  g_signal_connect_object (check, "toggled",
                           G_CALLBACK (ld_member_status_dialog_toggled_cb),
                           dialog, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

/**
 * ld_member_status_dialog_new:
 *
 * Returns: (transfer none): Change Status for @member: the configuration's status
 *   systems and their levels, the current one chosen
 */
LdOperationDialog *
ld_member_status_dialog_new (LdClient *client,
                             LdMember *member,
                             LdConfig *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *body = NULL;
  g_autofree char *name = NULL;
  g_autofree char *statuses = NULL;
  LdOperationDialog *dialog;
  ChangeStatus *change;
  GtkBox *systems_box;
  JsonArray *systems;
  GtkWidget *current_check = NULL;
  guint n_systems;

  change = ld_member_operation_new (sizeof (ChangeStatus), client, member, config,
                                    ld_client_change_member_status_finish);
  dialog = ld_member_operation_load ("ld-member-status-dialog.ui", &change_status_request,
                                     change, change_status_free, &builder);
  change->direction_label = GTK_LABEL (gtk_builder_get_object (builder, "direction_label"));

  name = ld_format_member_name (member);
  statuses = ld_format_statuses (config, ld_member_get_statuses (member));
  /* Translators: the first %s is the member's name, the second their statuses */
  body = g_strdup_printf (_("%s now has: %s. Choose the new level."), name, statuses);
  ld_operation_dialog_set_body (dialog, body);

  systems_box = GTK_BOX (gtk_builder_get_object (builder, "systems_box"));
  systems = config != NULL ? ld_config_get_status_systems (config) : NULL;
  n_systems = systems != NULL ? json_array_get_length (systems) : 0;

  for (guint i = 0; i < n_systems; i++)
    {
      JsonNode *node = json_array_get_element (systems, i);
      JsonObject *system;
      JsonArray *levels = NULL;
      const char *system_key = NULL;
      const char *current;
      g_autofree char *system_label = NULL;
      GtkWidget *group;
      int current_index;
      guint n_levels;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      system = json_node_get_object (node);
      if (!ld_json_get_string (system, "key", NULL, &system_key) || system_key == NULL ||
          !ld_json_get_array (system, "levels", NULL, &levels) || levels == NULL)
        continue;

      system_label = ld_format_option (systems, system_key);
      current = find_current_level (member, system_key);
      current_index = find_level_index (levels, current);
      n_levels = json_array_get_length (levels);

      group = adw_preferences_group_new ();
      gtk_widget_set_valign (group, GTK_ALIGN_START);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), system_label);
      gtk_box_append (systems_box, group);

      for (guint j = 0; j < n_levels; j++)
        {
          JsonNode *level_node = json_array_get_element (levels, j);
          const char *level_key = NULL;
          g_autofree char *level_label = NULL;
          GtkWidget *row;

          if (JSON_NODE_HOLDS_OBJECT (level_node))
            ld_json_get_string (json_node_get_object (level_node), "key", NULL, &level_key);
          else if (ld_json_node_holds (level_node, G_TYPE_STRING))
            level_key = json_node_get_string (level_node);
          if (level_key == NULL)
            continue;

          level_label = ld_format_option (levels, level_key);
          row = ld_member_status_dialog_add_level (dialog, change, group, system_key, level_key, level_label,
                                                   status_change_of (current_index, (int) j));
          if ((int) j == current_index && current_check == NULL)
            {
              current_check = g_object_get_data (G_OBJECT (row), "ld-check");
              change->focus_row = row;
            }
          if (change->focus_row == NULL)
            change->focus_row = row;
        }
    }

  ld_operation_dialog_add_reasons (dialog, config, "status_change");

  /* the current level chosen: nothing changes until the agent picks another */
  if (current_check != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (current_check), TRUE);
  else
    ld_operation_dialog_set_ready (dialog, FALSE);

  /* the levels are what the agent picks first, then the reason */
  if (change->focus_row != NULL)
    gtk_window_set_focus (GTK_WINDOW (dialog), change->focus_row);

  return dialog;
}

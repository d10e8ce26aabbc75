/* ld-member-operations.c — the member operations: which apply, which right each needs,
 * and what their dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's one rule for rights: an operation the operator has no right to is shown but
 * insensitive, its tooltip naming the right; an operation that does not apply to the
 * member as they are (unblocking an account that is not blocked) is not offered at all.
 * ld_member_operation_applies() and ld_member_operation_dup_tooltip() are that rule for
 * the member page's menu.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-operations-private.h"

static const struct
{
  const char *action_name;
  const char *right;
} operations[LD_MEMBER_OPERATION_N_KINDS] = {
  [LD_MEMBER_OPERATION_BLOCK]         = { "member.block",         LD_RIGHT_MEMBER_BLOCK },
  [LD_MEMBER_OPERATION_UNBLOCK]       = { "member.unblock",       LD_RIGHT_MEMBER_BLOCK },
  [LD_MEMBER_OPERATION_CHANGE_STATUS] = { "member.change-status", LD_RIGHT_MEMBER_CHANGE_STATUS },
  [LD_MEMBER_OPERATION_MERGE]         = { "member.merge",         LD_RIGHT_MEMBER_MERGE },
  [LD_MEMBER_OPERATION_REMOVE]        = { "member.remove",        LD_RIGHT_MEMBER_REMOVE },
};

/* the page's action that opens the operation's dialog, e.g. "member.block" */
const char *
ld_member_operation_get_action_name (LdMemberOperationKind kind)
{
  g_return_val_if_fail (kind < LD_MEMBER_OPERATION_N_KINDS, NULL);

  return operations[kind].action_name;
}

/* the right the server checks for the operation, e.g. "member.block" */
const char *
ld_member_operation_get_right (LdMemberOperationKind kind)
{
  g_return_val_if_fail (kind < LD_MEMBER_OPERATION_N_KINDS, NULL);

  return operations[kind].right;
}

static gboolean
ld_member_operation_account_blocked (LdMember *member)
{
  LdAccount *account = ld_member_get_account (member);

  return account != NULL ? ld_account_get_blocked (account) : ld_member_get_blocked (member);
}

/**
 * ld_member_operation_applies:
 * @member: (nullable): the profile, %NULL before it came
 * @config: (nullable): the configuration
 *
 * Returns: whether the operation means something for @member as they are: unblock only a
 *   blocked account, block only one that is not; a status change only with status
 *   systems configured; a merge only while the account is not blocked and has room for
 *   one more member (max_merge_members)
 */
gboolean
ld_member_operation_applies (LdMemberOperationKind  kind,
                             LdMember              *member,
                             LdConfig              *config)
{
  g_return_val_if_fail (kind < LD_MEMBER_OPERATION_N_KINDS, FALSE);
  g_return_val_if_fail (member == NULL || LD_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (config == NULL || LD_IS_CONFIG (config), FALSE);

  if (member == NULL)
    return FALSE;

  switch (kind)
    {
    case LD_MEMBER_OPERATION_BLOCK:
      return !ld_member_operation_account_blocked (member);

    case LD_MEMBER_OPERATION_UNBLOCK:
      return ld_member_operation_account_blocked (member);

    case LD_MEMBER_OPERATION_CHANGE_STATUS:
      {
        JsonArray *systems = config != NULL ? ld_config_get_status_systems (config) : NULL;

        return systems != NULL && json_array_get_length (systems) > 0;
      }

    case LD_MEMBER_OPERATION_MERGE:
      {
        GListModel *merged = ld_member_get_merged_members (member);
        gint64 max = config != NULL ? ld_config_get_max_merge_members (config) : 0;
        guint n_members = 1 + (merged != NULL ? g_list_model_get_n_items (merged) : 0);

        return !ld_member_operation_account_blocked (member) && (max <= 0 || n_members < max);
      }

    case LD_MEMBER_OPERATION_REMOVE:
      return TRUE;

    case LD_MEMBER_OPERATION_N_KINDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * ld_member_operation_dup_tooltip:
 * @client: (nullable): the session whose operator's rights count
 *
 * Returns: (transfer full) (nullable): "Needs the right “…”" when the operator lacks the
 *   operation's right, %NULL when they have it
 */
char *
ld_member_operation_dup_tooltip (LdMemberOperationKind  kind,
                                 LdClient              *client)
{
  g_return_val_if_fail (kind < LD_MEMBER_OPERATION_N_KINDS, NULL);
  g_return_val_if_fail (client == NULL || LD_IS_CLIENT (client), NULL);

  if (client != NULL && ld_client_has_right (client, operations[kind].right))
    return NULL;

  return ld_operation_dup_missing_right (operations[kind].right);
}

/**
 * ld_member_operation_dialog_new:
 * @parent: the window the dialog belongs to
 * @client: the session that sends the request
 * @member: the member as the page shows them (their version goes as If-Match)
 * @config: (nullable): the configuration, for the reasons and the status systems
 *
 * Returns: (transfer none): the operation's modal dialog, not shown yet; it emits
 *   #LdOperationDialog::done with the member's profile after the change (%NULL after a
 *   removal) and closes, or keeps a refusal in the server's words
 */
LdOperationDialog *
ld_member_operation_dialog_new (LdMemberOperationKind  kind,
                                GtkWindow             *parent,
                                LdClient              *client,
                                LdMember              *member,
                                LdConfig              *config)
{
  LdOperationDialog *dialog = NULL;

  g_return_val_if_fail (kind < LD_MEMBER_OPERATION_N_KINDS, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_MEMBER (member), NULL);
  g_return_val_if_fail (config == NULL || LD_IS_CONFIG (config), NULL);

  switch (kind)
    {
    case LD_MEMBER_OPERATION_BLOCK:
      dialog = ld_member_block_dialog_new (client, member, config);
      break;

    case LD_MEMBER_OPERATION_UNBLOCK:
      dialog = ld_member_unblock_dialog_new (client, member, config);
      break;

    case LD_MEMBER_OPERATION_CHANGE_STATUS:
      dialog = ld_member_status_dialog_new (client, member, config);
      break;

    case LD_MEMBER_OPERATION_MERGE:
      dialog = ld_member_merge_dialog_new (client, member, config);
      break;

    case LD_MEMBER_OPERATION_REMOVE:
      dialog = ld_member_remove_dialog_new (client, member, config);
      break;

    case LD_MEMBER_OPERATION_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);

  return dialog;
}

/* ---- what the dialogs share */

/* the dialog of data/ui/operations/members/@template_name (its object "dialog"),
 * sending @request with @data (from ld_member_operation_new()), which @data_free frees;
 * the builder, for the dialog's other objects, goes to @builder (transfer full) */
LdOperationDialog *
ld_member_operation_load (const char               *template_name,
                          const LdOperationRequest *request,
                          gpointer                  data,
                          GDestroyNotify            data_free,
                          GtkBuilder              **builder)
{
  g_autofree char *path = NULL;
  LdOperationDialog *dialog;

  g_assert (template_name != NULL);
  g_assert (request != NULL);
  g_assert (data != NULL);

  path = g_strconcat ("/org/loyaltydesk/Agent/operations/members/", template_name, NULL);
  dialog = ld_operation_dialog_load (path, builder);
  ld_operation_dialog_set_request (dialog, request, data, data_free);

  return dialog;
}

/* a dialog's request data of @size bytes, zeroed but for the LdMemberOperation it starts
 * with (transfer full) */
gpointer
ld_member_operation_new (gsize           size,
                         LdClient       *client,
                         LdMember       *member,
                         LdConfig       *config,
                         LdMemberFinish  finish)
{
  LdMemberOperation *operation;

  g_assert (size >= sizeof (LdMemberOperation));

  operation = g_malloc0 (size);
  operation->client = g_object_ref (client);
  operation->member = g_object_ref (member);
  operation->config = config != NULL ? g_object_ref (config) : NULL;
  operation->finish = finish;

  return operation;
}

/* the finish of every request whose call answers the profile: the profile is what
 * #LdOperationDialog::done gives */
gboolean
ld_member_operation_finish (LdOperationDialog  *dialog,
                            gpointer            data,
                            GAsyncResult       *result,
                            GObject           **object,
                            GError            **error)
{
  LdMemberOperation *operation = data;

  g_assert (operation->finish != NULL);

  *object = G_OBJECT (operation->finish (operation->client, result, error));

  return *object != NULL;
}

void
ld_member_operation_clear (LdMemberOperation *operation)
{
  g_assert (operation != NULL);

  g_clear_object (&operation->client);
  g_clear_object (&operation->member);
  g_clear_object (&operation->config);
}

/* frees request data that owns nothing beyond its LdMemberOperation */
void
ld_member_operation_free (gpointer data)
{
  ld_member_operation_clear (data);
  g_free (data);
}

/* ---- Block, Unblock and Remove from Program */

/* the call with the reason typed (without the spaces around it), or the one picked */
void
ld_member_reason_submit (LdOperationDialog   *dialog,
                         gpointer             data,
                         const char          *idempotency_key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             callback_data)
{
  LdMemberReasonOperation *operation = data;
  LdMember *member = operation->operation.member;
  g_autofree char *typed = NULL;

  if (operation->reason_entry != NULL)
    typed = g_strstrip (g_strdup (gtk_editable_get_text (operation->reason_entry)));

  operation->call (operation->operation.client,
                   ld_member_get_id (member),
                   typed != NULL ? typed : ld_operation_dialog_get_reason (dialog),
                   ld_member_get_version (member),
                   idempotency_key,
                   cancellable,
                   callback,
                   callback_data);
}

const LdOperationRequest ld_member_reason_request = {
  ld_member_reason_submit,
  ld_member_operation_finish,
};

/* the dialog of @template_name (see ld_member_operation_load()) sending @request with
 * @call (and @finish, for ld_member_reason_request); a reason typed when the template
 * has a "reason_entry", the dialog ready once it holds something */
LdOperationDialog *
ld_member_reason_dialog_new (const char               *template_name,
                             const LdOperationRequest *request,
                             LdMemberReasonCall        call,
                             LdMemberFinish            finish,
                             LdClient                 *client,
                             LdMember                 *member,
                             LdConfig                 *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  LdMemberReasonOperation *operation;
  LdOperationDialog *dialog;

  g_assert (call != NULL);

  operation = ld_member_operation_new (sizeof (LdMemberReasonOperation), client, member, config, finish);
  operation->call = call;
  dialog = ld_member_operation_load (template_name, request, operation, ld_member_operation_free, &builder);

  operation->reason_entry = GTK_EDITABLE (gtk_builder_get_object (builder, "reason_entry"));
  if (operation->reason_entry != NULL)
    ld_operation_dialog_follow_entry (dialog, operation->reason_entry);

  return dialog;
}

/* the balance of the member's account (the whole merged account's) */
gint64
ld_member_operation_get_balance (LdMember *member)
{
  LdAccount *account;

  g_assert (LD_IS_MEMBER (member));

  account = ld_member_get_account (member);

  return account != NULL ? ld_account_get_balance (account) : ld_member_get_balance (member);
}

static void
add_summary_row (GtkWidget  *group,
                 const char *title,
                 const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/**
 * ld_member_operation_summary_new:
 * @title: (nullable): the group's title, e.g. "This member"
 *
 * Returns: (transfer floating): a group of what identifies @member to the agent: name,
 *   phone, main card, statuses, the account's balance, and whether it is blocked
 */
GtkWidget *
ld_member_operation_summary_new (LdMember   *member,
                                 LdConfig   *config,
                                 const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *name = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *balance = NULL;
  GListModel *merged;
  LdCard *card;

  g_assert (LD_IS_MEMBER (member));

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  name = ld_format_member_name (member);
  add_summary_row (group, _("Name"), name);
  add_summary_row (group, _("Phone"), ld_member_get_phone (member));
  card = ld_member_get_main_card (member);
  add_summary_row (group, _("Main card"), card != NULL ? ld_card_get_number (card) : NULL);
  statuses = ld_format_statuses (config, ld_member_get_statuses (member));
  add_summary_row (group, _("Status"), statuses);
  balance = ld_format_points (ld_member_operation_get_balance (member));
  add_summary_row (group, _("Bonus balance"), balance);

  merged = ld_member_get_merged_members (member);
  if (merged != NULL && g_list_model_get_n_items (merged) > 0)
    {
      guint n = g_list_model_get_n_items (merged);
      g_autofree char *count = g_strdup_printf (ngettext ("Shared with %u member", "Shared with %u members", n), n);

      add_summary_row (group, _("Account"), count);
    }

  if (ld_member_operation_account_blocked (member))
    add_summary_row (group, _("Account"), _("Blocked"));

  return group;
}

/* ld-member-merge-dialog.c — Merge Accounts on the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent finds the other member inside the dialog (GET /members?q=…, as they type;
 * Enter takes the first member found, or the agent goes down the list with Tab and picks
 * one with Enter). The chosen member's profile is fetched, and both members' summaries
 * stand side by side with the balance the merged account will have. The merge cannot be
 * undone: the switch saying so must be on before it is sent. The request is
 * POST /members/{id}/merge {member_id}: the other member's account joins this one's.
 * Template: data/ui/operations/members/ld-member-merge-dialog.ui.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-operations-private.h"
#include "ld-weak-ref.h"

#define N_RESULTS 8

typedef struct
{
  LdMemberOperation  operation;

  /* owned by the dialog */
  GtkEditable       *search_entry;
  GtkListBox        *results_list;
  GtkLabel          *search_label;
  GtkBox            *summaries_box;
  GtkWidget         *this_summary;
  GtkWidget         *other_summary;
  GtkLabel          *result_label;

  GCancellable      *cancellable;    /* the search or the fetch in flight */
  char              *searched;       /* the text of the last search sent */
  LdMember          *other;          /* (nullable) the member chosen, fetched */
  gboolean           searching;      /* a search is in flight */
  gboolean           pick_first;     /* Enter came before the results */
} MergeMembers;

static void
merge_members_free (gpointer data)
{
  MergeMembers *merge = data;

  g_cancellable_cancel (merge->cancellable);
  g_clear_object (&merge->cancellable);
  g_clear_object (&merge->other);
  g_free (merge->searched);
  ld_member_operation_free (merge);
}

static void
merge_members_submit (LdOperationDialog   *dialog,
                      gpointer             data,
                      const char          *idempotency_key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             callback_data)
{
  MergeMembers *merge = data;
  LdMember *member = merge->operation.member;

  ld_client_merge_members_async (merge->operation.client,
                                 ld_member_get_id (member),
                                 ld_member_get_id (merge->other),
                                 ld_member_get_version (member),
                                 idempotency_key,
                                 cancellable,
                                 callback,
                                 callback_data);
}

static const LdOperationRequest merge_members_request = {
  merge_members_submit,
  ld_member_operation_finish,
};

static MergeMembers *
get_merge (LdOperationDialog *dialog)
{
  return ld_operation_dialog_get_request_data (dialog, &merge_members_request);
}

/* a new request of the dialog's, the one in flight cancelled */
static GCancellable *
ld_member_merge_dialog_restart (MergeMembers *merge)
{
  g_cancellable_cancel (merge->cancellable);
  g_clear_object (&merge->cancellable);
  merge->cancellable = g_cancellable_new ();

  return merge->cancellable;
}

static void
ld_member_merge_dialog_set_other (LdOperationDialog *dialog,
                                  MergeMembers      *merge,
                                  LdMember          *other)
{
  LdMember *member = merge->operation.member;
  LdAccount *account = ld_member_get_account (member);
  LdAccount *other_account = other != NULL ? ld_member_get_account (other) : NULL;
  g_autofree char *text = NULL;
  gboolean ready = FALSE;

  g_set_object (&merge->other, other);

  gtk_box_remove (merge->summaries_box, merge->other_summary);
  if (other != NULL)
    {
      merge->other_summary = ld_member_operation_summary_new (other, merge->operation.config,
                                                              _("Joins the account"));
    }
  else
    {
      merge->other_summary = adw_status_page_new ();
      adw_status_page_set_description (ADW_STATUS_PAGE (merge->other_summary),
                                       _("Find the member whose account joins this one."));
      gtk_widget_add_css_class (merge->other_summary, "compact");
    }
  gtk_widget_set_hexpand (merge->other_summary, TRUE);
  gtk_widget_set_valign (merge->other_summary, GTK_ALIGN_START);
  gtk_box_append (merge->summaries_box, merge->other_summary);

  if (other == NULL)
    text = g_strdup ("");
  else if (account != NULL && other_account != NULL &&
           ld_account_get_id (account) != 0 && ld_account_get_id (account) == ld_account_get_id (other_account))
    text = g_strdup (_("Both members already share this account."));
  else
    {
      g_autofree char *balance = ld_format_points (ld_member_operation_get_balance (member) +
                                                   ld_member_operation_get_balance (other));

      /* Translators: %s is the number of bonus points */
      text = g_strdup_printf (_("Balance after the merge: %s"), balance);
      ready = TRUE;
    }

  gtk_label_set_label (merge->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (merge->result_label), other != NULL);
  ld_operation_dialog_set_ready (dialog, ready);
}

static void
ld_member_merge_dialog_get_member_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(LdOperationDialog) dialog = ld_weak_ref_steal (user_data);
  g_autoptr(LdMember) other = NULL;
  g_autoptr(GError) error = NULL;
  MergeMembers *merge;

  other = ld_client_get_member_finish (LD_CLIENT (object), result, &error);

  if (dialog == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((merge = get_merge (dialog)) == NULL)
    return;

  if (other == NULL)
    {
      gtk_label_set_label (merge->search_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (merge->search_label), TRUE);
      return;
    }

  ld_member_merge_dialog_set_other (dialog, merge, other);
}

/* fetches the whole profile of the member picked: a search result has no balance */
static void
ld_member_merge_dialog_pick (LdOperationDialog *dialog,
                             GtkListBoxRow     *row)
{
  MergeMembers *merge = get_merge (dialog);
  LdMember *picked;

  if (merge == NULL || row == NULL)
    return;

  picked = g_object_get_data (G_OBJECT (row), "ld-member");
  gtk_list_box_select_row (merge->results_list, row);
  ld_member_merge_dialog_set_other (dialog, merge, NULL);

  ld_client_get_member_async (merge->operation.client,
                              ld_member_get_id (picked),
                              ld_member_merge_dialog_restart (merge),
                              ld_member_merge_dialog_get_member_cb,
                              ld_weak_ref_new (dialog));
}

static void
ld_member_merge_dialog_row_activated_cb (LdOperationDialog *dialog,
                                         GtkListBoxRow     *row)
{
  ld_member_merge_dialog_pick (dialog, row);
}

/* whether @found may join the account: not the member themself, nor one sharing it */
static gboolean
may_join (MergeMembers *merge,
          LdMember     *found)
{
  LdMember *member = merge->operation.member;
  GListModel *merged = ld_member_get_merged_members (member);
  guint n = merged != NULL ? g_list_model_get_n_items (merged) : 0;

  if (ld_member_get_id (found) == ld_member_get_id (member))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdMember) other = g_list_model_get_item (merged, i);

      if (ld_member_get_id (other) == ld_member_get_id (found))
        return FALSE;
    }

  return TRUE;
}

static GtkWidget *
result_row_new (LdMember *found)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = ld_format_member_name (found);
  LdCard *card = ld_member_get_main_card (found);
  g_autofree char *subtitle = NULL;

  /* Translators: a member found: phone · main card number */
  subtitle = g_strdup_printf (_("%s · %s"),
                              ld_member_get_phone (found) != NULL ? ld_member_get_phone (found) : "—",
                              card != NULL ? ld_card_get_number (card) : _("No main card"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "ld-member", g_object_ref (found), g_object_unref);

  return row;
}

static void
ld_member_merge_dialog_search_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdOperationDialog) dialog = ld_weak_ref_steal (user_data);
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  MergeMembers *merge;
  GListModel *items;
  guint n, n_shown = 0;
  GtkWidget *child;

  page = ld_client_search_members_finish (LD_CLIENT (object), result, &error);

  if (dialog == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((merge = get_merge (dialog)) == NULL)
    return;

  merge->searching = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (merge->results_list))) != NULL)
    gtk_list_box_remove (merge->results_list, child);

  if (page == NULL)
    {
      merge->pick_first = FALSE;
      gtk_label_set_label (merge->search_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (merge->search_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (merge->results_list), FALSE);
      return;
    }

  items = ld_page_get_items (page);
  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdMember) found = g_list_model_get_item (items, i);

      if (!may_join (merge, found))
        continue;
      gtk_list_box_append (merge->results_list, result_row_new (found));
      n_shown++;
    }

  gtk_label_set_label (merge->search_label, n_shown == 0 ? _("No other member found") : "");
  gtk_widget_set_visible (GTK_WIDGET (merge->search_label), n_shown == 0);
  gtk_widget_set_visible (GTK_WIDGET (merge->results_list), n_shown > 0);

  if (merge->pick_first && n_shown > 0)
    ld_member_merge_dialog_pick (dialog, gtk_list_box_get_row_at_index (merge->results_list, 0));
  merge->pick_first = FALSE;
}

static void
ld_member_merge_dialog_search (LdOperationDialog *dialog,
                               MergeMembers      *merge)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (merge->search_entry)));

  if (g_strcmp0 (text, merge->searched) == 0)
    return;

  g_free (merge->searched);
  merge->searched = g_strdup (text);

  if (g_utf8_strlen (text, -1) < 2)
    {
      g_cancellable_cancel (merge->cancellable);
      merge->searching = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (merge->results_list), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (merge->search_label), FALSE);
      return;
    }

  merge->searching = TRUE;
  ld_client_search_members_async (merge->operation.client, "q", text, NULL, N_RESULTS,
                                  ld_member_merge_dialog_restart (merge),
                                  ld_member_merge_dialog_search_cb,
                                  ld_weak_ref_new (dialog));
}

static void
ld_member_merge_dialog_search_changed_cb (LdOperationDialog *dialog)
{
  MergeMembers *merge = get_merge (dialog);

  if (merge != NULL)
    ld_member_merge_dialog_search (dialog, merge);
}

/* Enter in the search: the first member found (once found) */
static void
ld_member_merge_dialog_search_activate_cb (LdOperationDialog *dialog)
{
  MergeMembers *merge = get_merge (dialog);
  g_autofree char *text = NULL;

  if (merge == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (merge->search_entry)));
  if (g_strcmp0 (text, merge->searched) != 0 || merge->searching)
    {
      merge->pick_first = TRUE;
      ld_member_merge_dialog_search (dialog, merge);
      return;
    }

  ld_member_merge_dialog_pick (dialog, gtk_list_box_get_row_at_index (merge->results_list, 0));
}

/* Escape in the search: empty it first, then cancel the dialog */
static void
ld_member_merge_dialog_stop_search_cb (LdOperationDialog *dialog,
                                       GtkSearchEntry    *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (dialog));
}

/**
 * ld_member_merge_dialog_new:
 *
 * Returns: (transfer none): Merge Accounts for @member: the other member's account
 *   joins @member's
 */
LdOperationDialog *
ld_member_merge_dialog_new (LdClient *client,
                            LdMember *member,
                            LdConfig *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  LdOperationDialog *dialog;
  MergeMembers *merge;

  merge = ld_member_operation_new (sizeof (MergeMembers), client, member, config,
                                   ld_client_merge_members_finish);
  dialog = ld_member_operation_load ("ld-member-merge-dialog.ui", &merge_members_request,
                                     merge, merge_members_free, &builder);
  merge->search_entry = GTK_EDITABLE (gtk_builder_get_object (builder, "search_entry"));
  merge->results_list = GTK_LIST_BOX (gtk_builder_get_object (builder, "results_list"));
  merge->search_label = GTK_LABEL (gtk_builder_get_object (builder, "search_label"));
  merge->summaries_box = GTK_BOX (gtk_builder_get_object (builder, "summaries_box"));
  merge->result_label = GTK_LABEL (gtk_builder_get_object (builder, "result_label"));

  merge->this_summary = ld_member_operation_summary_new (member, config, _("This member"));
  gtk_widget_set_hexpand (merge->this_summary, TRUE);
  gtk_widget_set_valign (merge->this_summary, GTK_ALIGN_START);
  gtk_box_append (merge->summaries_box, merge->this_summary);
  merge->other_summary = gtk_label_new (NULL);
  gtk_box_append (merge->summaries_box, merge->other_summary);
  ld_member_merge_dialog_set_other (dialog, merge, NULL);

  g_signal_connect_object (merge->search_entry, "search-changed",
                           G_CALLBACK (ld_member_merge_dialog_search_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (merge->search_entry, "activate",
                           G_CALLBACK (ld_member_merge_dialog_search_activate_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (merge->search_entry, "stop-search",
                           G_CALLBACK (ld_member_merge_dialog_stop_search_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (merge->results_list, "row-activated",
                           G_CALLBACK (ld_member_merge_dialog_row_activated_cb),
                           dialog, G_CONNECT_SWAPPED);

  /* the search is where the agent starts */
  gtk_window_set_focus (GTK_WINDOW (dialog), GTK_WIDGET (merge->search_entry));

  return dialog;
}

/**
 * ld_member_merge_dialog_get_other:
 *
 * Returns: (transfer none) (nullable): the member chosen to join, once fetched
 */
LdMember *
ld_member_merge_dialog_get_other (LdOperationDialog *dialog)
{
  MergeMembers *merge;

  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (dialog), NULL);

  merge = get_merge (dialog);

  return merge != NULL ? merge->other : NULL;
}

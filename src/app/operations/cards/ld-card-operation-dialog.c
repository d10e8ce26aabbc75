/* ld-card-operation-dialog.c — the operations on one bonus card, each on the operation
 * dialog: block, unblock, replace, change category, delete, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every card operation is a template in data/ui/operations/cards/ and one row of the
 * table below: its action ("card.block"), the right that guards it, the reasons of the
 * configuration it offers, and its typed client call. The six calls take the same
 * arguments (the card's number, one string, the card's version as If-Match, the
 * Idempotency-Key), so one LdOperationRequest sends them all; what the string is comes
 * from the dialog: the reason chosen (block, unblock), the category chosen, the reason
 * typed (delete, restore; optional) or the new card's number (replace, which
 * ld-card-replace.c looks up as it is typed). Each dialog shows the card it acts on.
 *
 * Which operation applies to which state follows the server's rules (DESIGN.md): only an
 * active card is blocked, only a blocked one unblocked or replaced, only a deleted one
 * restored; a card never activated, replaced or deleted changes neither its category
 * nor is it deleted.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-card-operation-private.h"
#include "ld-format.h"

#define RESOURCE_PATH "/org/loyaltydesk/Agent/operations/cards/"

typedef void    (*CardCallAsync)  (LdClient            *client,
                                   const char          *number,
                                   const char          *argument,
                                   gint64               version,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
typedef LdCard *(*CardCallFinish) (LdClient            *client,
                                   GAsyncResult        *result,
                                   GError             **error);

typedef struct
{
  const char     *action_name;
  const char     *right;
  const char     *label;       /* the menu's, with a mnemonic */
  const char     *resource;
  const char     *reasons;     /* the configuration's reasons offered, or NULL */
  const char     *states[3];   /* the card states it applies to, NULL-terminated */
  CardCallAsync   send;
  CardCallFinish  finish;
} CardOperationInfo;

static const CardOperationInfo operations[LD_N_CARD_OPERATIONS] = {
  [LD_CARD_OPERATION_BLOCK] = {
    "card.block", LD_RIGHT_CARD_BLOCK, N_("_Block…"),
    "ld-card-block-dialog.ui", "card_block", { "activated" },
    ld_client_block_card_async, ld_client_block_card_finish,
  },
  [LD_CARD_OPERATION_UNBLOCK] = {
    "card.unblock", LD_RIGHT_CARD_BLOCK, N_("_Unblock…"),
    "ld-card-unblock-dialog.ui", "card_unblock", { "blocked" },
    ld_client_unblock_card_async, ld_client_unblock_card_finish,
  },
  [LD_CARD_OPERATION_REPLACE] = {
    "card.replace", LD_RIGHT_CARD_REPLACE, N_("_Replace…"),
    "ld-card-replace-dialog.ui", NULL, { "blocked" },
    ld_client_replace_card_async, ld_client_replace_card_finish,
  },
  [LD_CARD_OPERATION_CATEGORY] = {
    "card.category", LD_RIGHT_CARD_CHANGE_CATEGORY, N_("Change _Category…"),
    "ld-card-category-dialog.ui", NULL, { "activated", "blocked" },
    ld_client_change_card_category_async, ld_client_change_card_category_finish,
  },
  [LD_CARD_OPERATION_DELETE] = {
    "card.delete", LD_RIGHT_CARD_DELETE, N_("_Delete…"),
    "ld-card-delete-dialog.ui", NULL, { "activated", "blocked" },
    ld_client_delete_card_async, ld_client_delete_card_finish,
  },
  [LD_CARD_OPERATION_RESTORE] = {
    "card.restore", LD_RIGHT_CARD_DELETE, N_("Re_store…"),
    "ld-card-restore-dialog.ui", NULL, { "deleted" },
    ld_client_restore_card_async, ld_client_restore_card_finish,
  },
};

const char *
ld_card_operation_get_action_name (LdCardOperation operation)
{
  g_return_val_if_fail (operation < LD_N_CARD_OPERATIONS, NULL);

  return operations[operation].action_name;
}

/* the operation of the action @action_name ("card.block"); FALSE when none */
gboolean
ld_card_operation_from_action_name (const char      *action_name,
                                    LdCardOperation *operation)
{
  g_return_val_if_fail (action_name != NULL, FALSE);
  g_return_val_if_fail (operation != NULL, FALSE);

  for (guint i = 0; i < LD_N_CARD_OPERATIONS; i++)
    if (g_str_equal (operations[i].action_name, action_name))
      {
        *operation = i;
        return TRUE;
      }

  return FALSE;
}

/* the right that guards @operation, e.g. "card.replace" */
const char *
ld_card_operation_get_right (LdCardOperation operation)
{
  g_return_val_if_fail (operation < LD_N_CARD_OPERATIONS, NULL);

  return operations[operation].right;
}

/* what the menu says, translated, with a mnemonic */
const char *
ld_card_operation_get_label (LdCardOperation operation)
{
  g_return_val_if_fail (operation < LD_N_CARD_OPERATIONS, NULL);

  return _(operations[operation].label);
}

/**
 * ld_card_operation_applies:
 *
 * Returns: whether @operation applies to @card in its state (an unblock to a blocked
 *   card…); one that does not is not offered at all
 */
gboolean
ld_card_operation_applies (LdCardOperation  operation,
                           LdCard          *card)
{
  g_return_val_if_fail (operation < LD_N_CARD_OPERATIONS, FALSE);
  g_return_val_if_fail (LD_IS_CARD (card), FALSE);

  return ld_card_get_state (card) != NULL &&
         g_strv_contains ((const char * const *) operations[operation].states, ld_card_get_state (card));
}

/* ---- what every card's dialog shows: the card */

static void
summary_add (GtkGrid    *grid,
             int         row,
             const char *title,
             const char *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  /* a screen reader reads the value with what it is */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL,
                                  -1);
  gtk_grid_attach (grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

/**
 * ld_card_summary_new:
 * @card: the card
 * @config: (nullable): the configuration, for the category's label
 *
 * Returns: (transfer floating): the card's block: its number, type, state (with the
 *   blocking reason), category and balance
 */
GtkWidget *
ld_card_summary_new (LdCard   *card,
                     LdConfig *config)
{
  g_autofree char *type = NULL;
  g_autofree char *state = NULL;
  g_autofree char *category = NULL;
  g_autofree char *balance = NULL;
  GtkWidget *frame;
  GtkWidget *grid;

  g_return_val_if_fail (LD_IS_CARD (card), NULL);
  g_return_val_if_fail (!config || LD_IS_CONFIG (config), NULL);

  type = ld_format_state (ld_card_get_card_type (card));
  state = ld_format_state (ld_card_get_state (card));
  if (ld_card_get_blocked_reason (card) != NULL && g_strcmp0 (ld_card_get_state (card), "blocked") == 0)
    {
      g_autofree char *reason = ld_format_option (config != NULL ? ld_config_get_reasons (config, "card_block") : NULL,
                                                  ld_card_get_blocked_reason (card));
      g_autofree char *plain = g_steal_pointer (&state);

      /* Translators: a card's state and why it was blocked, e.g. "Blocked: Card lost" */
      state = g_strdup_printf (_("%s: %s"), plain, reason);
    }
  category = ld_format_option (config != NULL ? ld_config_get_card_categories (config) : NULL,
                               ld_card_get_category (card));
  balance = ld_format_points (ld_card_get_balance (card));

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (frame, "card");
  gtk_box_append (GTK_BOX (frame), grid);

  summary_add (GTK_GRID (grid), 0, _("Number"), ld_card_get_number (card));
  summary_add (GTK_GRID (grid), 1, _("Type"), type);
  summary_add (GTK_GRID (grid), 2, _("State"), state);
  summary_add (GTK_GRID (grid), 3, _("Category"), category);
  summary_add (GTK_GRID (grid), 4, _("Balance"), balance);

  return frame;
}

/* ---- the request, one for all six */

static void
card_operation_free (gpointer data)
{
  CardOperation *op = data;

  ld_card_replace_clear (op);
  g_clear_object (&op->client);
  g_clear_object (&op->config);
  g_clear_object (&op->card);
  g_clear_pointer (&op->category_keys, g_strfreev);
  g_free (op);
}

/* the text typed in @entry, stripped; NULL when nothing is (transfer full) */
static char *
entry_text (GtkEditable *entry)
{
  g_autofree char *text = NULL;

  if (entry == NULL)
    return NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* the category chosen, or NULL */
static const char *
card_operation_get_category (CardOperation *op)
{
  guint selected;

  if (op->category_row == NULL || op->category_keys == NULL)
    return NULL;

  selected = adw_combo_row_get_selected (op->category_row);

  return selected < g_strv_length (op->category_keys) ? op->category_keys[selected] : NULL;
}

/* the one string the operation sends (transfer full; nullable) */
static char *
card_operation_dup_argument (LdOperationDialog *dialog,
                             CardOperation     *op)
{
  switch (op->operation)
    {
    case LD_CARD_OPERATION_BLOCK:
    case LD_CARD_OPERATION_UNBLOCK:
      return g_strdup (ld_operation_dialog_get_reason (dialog));

    case LD_CARD_OPERATION_CATEGORY:
      return g_strdup (card_operation_get_category (op));

    case LD_CARD_OPERATION_REPLACE:
      /* the card looked up is the one sent */
      return g_strdup (op->new_card != NULL ? ld_card_get_number (op->new_card) : NULL);

    case LD_CARD_OPERATION_DELETE:
    case LD_CARD_OPERATION_RESTORE:
      return entry_text (op->entry);

    case LD_N_CARD_OPERATIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
card_operation_submit (LdOperationDialog   *dialog,
                       gpointer             data,
                       const char          *idempotency_key,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             callback_data)
{
  CardOperation *op = data;
  g_autofree char *argument = card_operation_dup_argument (dialog, op);

  operations[op->operation].send (op->client,
                                  ld_card_get_number (op->card),
                                  argument,
                                  ld_card_get_version (op->card),
                                  idempotency_key,
                                  cancellable,
                                  callback,
                                  callback_data);
}

static gboolean
card_operation_finish (LdOperationDialog  *dialog,
                       gpointer            data,
                       GAsyncResult       *result,
                       GObject           **object,
                       GError            **error)
{
  CardOperation *op = data;

  *object = G_OBJECT (operations[op->operation].finish (op->client, result, error));

  return *object != NULL;
}

static const LdOperationRequest card_operation_request = {
  card_operation_submit,
  card_operation_finish,
};

/* ---- what some operations add */

/* change category: ready once a category other than the card's is chosen */
static void
card_operation_category_changed_cb (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);
  const char *category;

  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  category = card_operation_get_category (op);
  ld_operation_dialog_set_ready (dialog, category != NULL &&
                                         g_strcmp0 (category, ld_card_get_category (op->card)) != 0);
}

static void
card_operation_setup_category (LdOperationDialog *dialog,
                               CardOperation     *op)
{
  JsonArray *categories = op->config != NULL ? ld_config_get_card_categories (op->config) : NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint current = GTK_INVALID_LIST_POSITION;
  guint n = 0;

  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      const char *key = NULL;
      g_autofree char *label = NULL;

      if (ld_json_node_holds (node, G_TYPE_STRING))
        key = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        ld_json_get_string (json_node_get_object (node), "key", NULL, &key);
      if (key == NULL || key[0] == '\0')
        continue;

      label = ld_format_option (categories, key);
      g_strv_builder_add (keys, key);
      gtk_string_list_append (labels, label);
      if (g_strcmp0 (key, ld_card_get_category (op->card)) == 0)
        current = n;
      n++;
    }

  op->category_keys = g_strv_builder_end (keys);
  adw_combo_row_set_model (op->category_row, G_LIST_MODEL (labels));
  /* the card's own category first: nothing to send until another is chosen */
  if (current != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (op->category_row, current);

  g_signal_connect_object (op->category_row, "notify::selected",
                           G_CALLBACK (card_operation_category_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  card_operation_category_changed_cb (dialog);
}

/* delete: what is lost, and a switch to confirm it */
static void
card_operation_setup_delete (LdOperationDialog *dialog,
                             CardOperation     *op)
{
  g_autofree char *points = ld_format_points (ld_card_get_balance (op->card));
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("Card %s will no longer accrue or deduct points nor identify the member, "
                            "and its %s points will stop counting toward the account's balance. "
                            "Restoring the card brings them back."),
                          ld_card_get_number (op->card), points);
  ld_operation_dialog_set_body (dialog, body);
  ld_operation_dialog_set_confirm_switch (dialog, _("I _understand what the member loses"));
}

/**
 * ld_card_operation_dialog_new:
 * @operation: what to do
 * @parent: (nullable): the window the dialog belongs to
 * @client: the session that sends it
 * @config: (nullable): the configuration: the reasons and categories offered
 * @card: the card to act on, as the profile has it (its version goes as If-Match)
 *
 * Returns: (transfer none): a modal dialog, not shown yet; it emits
 *   #LdOperationDialog::done with the #LdCard the server answered (for a replacement
 *   the new card) and closes, or stays open with the server's message
 */
LdOperationDialog *
ld_card_operation_dialog_new (LdCardOperation  operation,
                              GtkWindow       *parent,
                              LdClient        *client,
                              LdConfig        *config,
                              LdCard          *card)
{
  const CardOperationInfo *info;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *resource = NULL;
  LdOperationDialog *dialog;
  CardOperation *op;

  g_return_val_if_fail (operation < LD_N_CARD_OPERATIONS, NULL);
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (!config || LD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (LD_IS_CARD (card), NULL);

  info = &operations[operation];

  resource = g_strconcat (RESOURCE_PATH, info->resource, NULL);
  dialog = ld_operation_dialog_load (resource, &builder);

  op = g_new0 (CardOperation, 1);
  op->operation = operation;
  op->client = g_object_ref (client);
  op->config = config != NULL ? g_object_ref (config) : NULL;
  op->card = g_object_ref (card);
  op->entry = GTK_EDITABLE (gtk_builder_get_object (builder, "entry"));
  op->category_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "category_row"));
  ld_operation_dialog_set_request (dialog, &card_operation_request, op, card_operation_free);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);

  ld_operation_dialog_set_summary (dialog, ld_card_summary_new (card, config));

  if (info->reasons != NULL)
    ld_operation_dialog_add_reasons (dialog, config, info->reasons);

  switch (operation)
    {
    case LD_CARD_OPERATION_CATEGORY:
      card_operation_setup_category (dialog, op);
      break;

    case LD_CARD_OPERATION_DELETE:
      card_operation_setup_delete (dialog, op);
      break;

    case LD_CARD_OPERATION_REPLACE:
      ld_card_replace_setup (dialog, op, builder);
      break;

    case LD_CARD_OPERATION_BLOCK:
    case LD_CARD_OPERATION_UNBLOCK:
    case LD_CARD_OPERATION_RESTORE:
    case LD_N_CARD_OPERATIONS:
    default:
      break;
    }

  return dialog;
}

/* checks @dialog for the getters below, which only read what it answers */
CardOperation *
ld_card_operation_get_data (LdOperationDialog *dialog)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (dialog), NULL);

  return ld_operation_dialog_get_request_data (dialog, &card_operation_request);
}

/**
 * ld_card_operation_dialog_get_card:
 *
 * Returns: (transfer none) (nullable): the card @dialog acts on; %NULL when @dialog is
 *   not a card operation's
 */
LdCard *
ld_card_operation_dialog_get_card (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);

  return op != NULL ? op->card : NULL;
}

/**
 * ld_card_operation_dialog_get_entry:
 *
 * Returns: (transfer none) (nullable): what the agent types: the reason (delete,
 *   restore) or the new card's number (replace)
 */
GtkEditable *
ld_card_operation_dialog_get_entry (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);

  return op != NULL ? op->entry : NULL;
}

/**
 * ld_card_operation_dialog_get_new_card:
 *
 * Returns: (transfer none) (nullable): replace: the card typed, once fetched and free
 */
LdCard *
ld_card_operation_dialog_get_new_card (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);

  return op != NULL ? op->new_card : NULL;
}

/* replace: whether the card typed is being fetched */
gboolean
ld_card_operation_dialog_get_looking_up (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);

  return op != NULL && op->lookup_cancellable != NULL;
}

/**
 * ld_card_operation_dialog_get_lookup_message:
 *
 * Returns: (nullable): replace: why the card typed cannot be used (or that it can)
 */
const char *
ld_card_operation_dialog_get_lookup_message (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);

  return op != NULL ? op->lookup_message : NULL;
}

/* change category: chooses @category (a key of the configuration's card_categories) */
void
ld_card_operation_dialog_set_category (LdOperationDialog *dialog,
                                       const char        *category)
{
  CardOperation *op;

  g_return_if_fail (LD_IS_OPERATION_DIALOG (dialog));

  op = ld_card_operation_get_data (dialog);
  g_return_if_fail (op != NULL && op->category_row != NULL);

  for (guint i = 0; op->category_keys[i] != NULL; i++)
    if (g_strcmp0 (op->category_keys[i], category) == 0)
      adw_combo_row_set_selected (op->category_row, i);
}

/* ld-member-block-dialog.c — Block Account and Unblock Account on the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking is POST /members/{id}/block with a reason of reasons.member_block; it stops
 * every card of the account (every member sharing it) from accruing, deducting and
 * identifying, which the body says. Unblocking is POST /members/{id}/unblock with a
 * reason the agent writes (required, at most 500 characters). Templates:
 * data/ui/operations/members/ld-member-block-dialog.ui and ld-member-unblock-dialog.ui.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-member-operations-private.h"

typedef struct
{
  LdMemberOperation  operation;
  GtkEditable       *reason_entry;   /* unblock only; owned by the dialog */
} BlockMember;

static gboolean
block_member_finish (LdOperationDialog  *dialog,
                     gpointer            data,
                     GAsyncResult       *result,
                     GObject           **object,
                     GError            **error)
{
  BlockMember *block = data;
  LdClient *client = block->operation.client;
  LdMember *member;

  if (block->reason_entry != NULL)
    member = ld_client_unblock_member_finish (client, result, error);
  else
    member = ld_client_block_member_finish (client, result, error);

  *object = G_OBJECT (member);

  return member != NULL;
}

static void
block_member_submit (LdOperationDialog   *dialog,
                     gpointer             data,
                     const char          *idempotency_key,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             callback_data)
{
  BlockMember *block = data;
  LdMember *member = block->operation.member;

  ld_client_block_member_async (block->operation.client,
                                ld_member_get_id (member),
                                ld_operation_dialog_get_reason (dialog),
                                ld_member_get_version (member),
                                idempotency_key,
                                cancellable,
                                callback,
                                callback_data);
}

static const LdOperationRequest block_member_request = {
  block_member_submit,
  block_member_finish,
};

static void
unblock_member_submit (LdOperationDialog   *dialog,
                       gpointer             data,
                       const char          *idempotency_key,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             callback_data)
{
  BlockMember *block = data;
  LdMember *member = block->operation.member;
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (block->reason_entry)));

  ld_client_unblock_member_async (block->operation.client,
                                  ld_member_get_id (member),
                                  reason,
                                  ld_member_get_version (member),
                                  idempotency_key,
                                  cancellable,
                                  callback,
                                  callback_data);
}

static const LdOperationRequest unblock_member_request = {
  unblock_member_submit,
  block_member_finish,
};

/**
 * ld_member_block_dialog_new:
 *
 * Returns: (transfer none): Block Account for @member, with the reasons of
 *   reasons.member_block
 */
LdOperationDialog *
ld_member_block_dialog_new (LdClient *client,
                            LdMember *member,
                            LdConfig *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  LdOperationDialog *dialog;
  BlockMember *block;

  block = ld_member_operation_new (sizeof (BlockMember), client, member, config);
  dialog = ld_member_operation_load ("ld-member-block-dialog.ui", &block_member_request,
                                     block, ld_member_operation_free, &builder);

  name = ld_member_operation_dup_name (member);
  /* Translators: %s is the member's full name */
  body = g_strdup_printf (_("While the account of %s is blocked, no card of it accrues, deducts "
                            "or identifies the member, nor any member sharing the account. "
                            "Choose why it is blocked."), name);
  ld_operation_dialog_set_body (dialog, body);
  ld_operation_dialog_add_reasons (dialog, config, "member_block");

  return dialog;
}

/**
 * ld_member_unblock_dialog_new:
 *
 * Returns: (transfer none): Unblock Account for @member, with a reason the agent writes
 */
LdOperationDialog *
ld_member_unblock_dialog_new (LdClient *client,
                              LdMember *member,
                              LdConfig *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  LdOperationDialog *dialog;
  BlockMember *block;

  block = ld_member_operation_new (sizeof (BlockMember), client, member, config);
  dialog = ld_member_operation_load ("ld-member-unblock-dialog.ui", &unblock_member_request,
                                     block, ld_member_operation_free, &builder);
  block->reason_entry = GTK_EDITABLE (gtk_builder_get_object (builder, "reason_entry"));
  ld_operation_dialog_follow_entry (dialog, block->reason_entry);

  name = ld_member_operation_dup_name (member);
  /* Translators: %s is the member's full name */
  body = g_strdup_printf (_("The cards of %s and of every member sharing the account accrue, "
                            "deduct and identify again. Write why the account is unblocked."), name);
  ld_operation_dialog_set_body (dialog, body);

  return dialog;
}

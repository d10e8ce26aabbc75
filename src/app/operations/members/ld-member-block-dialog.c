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

#include "ld-format.h"
#include "ld-member-operations-private.h"

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
  g_autofree char *name = ld_format_member_name (member);
  g_autofree char *body = NULL;
  LdOperationDialog *dialog;

  dialog = ld_member_reason_dialog_new ("ld-member-block-dialog.ui", &ld_member_reason_request,
                                        ld_client_block_member_async, ld_client_block_member_finish,
                                        client, member, config);
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
  g_autofree char *name = ld_format_member_name (member);
  g_autofree char *body = NULL;
  LdOperationDialog *dialog;

  /* the template's reason_entry: a reason typed */
  dialog = ld_member_reason_dialog_new ("ld-member-unblock-dialog.ui", &ld_member_reason_request,
                                        ld_client_unblock_member_async, ld_client_unblock_member_finish,
                                        client, member, config);
  /* Translators: %s is the member's full name */
  body = g_strdup_printf (_("The cards of %s and of every member sharing the account accrue, "
                            "deduct and identify again. Write why the account is unblocked."), name);
  ld_operation_dialog_set_body (dialog, body);

  return dialog;
}

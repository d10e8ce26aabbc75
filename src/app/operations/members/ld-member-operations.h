/* ld-member-operations.h — the operations on a member and their account, as the member
 * page's header offers them: block and unblock, status, merge, removal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"
#include "ld-operation-dialog.h"

G_BEGIN_DECLS

typedef enum
{
  LD_MEMBER_OPERATION_BLOCK,
  LD_MEMBER_OPERATION_UNBLOCK,
  LD_MEMBER_OPERATION_CHANGE_STATUS,
  LD_MEMBER_OPERATION_MERGE,
  LD_MEMBER_OPERATION_REMOVE,
  LD_MEMBER_OPERATION_N_KINDS
} LdMemberOperationKind;

const char        *ld_member_operation_get_action_name (LdMemberOperationKind  kind);
const char        *ld_member_operation_get_right       (LdMemberOperationKind  kind);
gboolean           ld_member_operation_applies         (LdMemberOperationKind  kind,
                                                        LdMember              *member,
                                                        LdConfig              *config);
char              *ld_member_operation_dup_tooltip     (LdMemberOperationKind  kind,
                                                        LdClient              *client);
LdOperationDialog *ld_member_operation_dialog_new      (LdMemberOperationKind  kind,
                                                        GtkWindow             *parent,
                                                        LdClient              *client,
                                                        LdMember              *member,
                                                        LdConfig              *config);
/* the member a Merge Accounts dialog has chosen to join the account, or NULL */
LdMember          *ld_member_merge_dialog_get_other    (LdOperationDialog     *dialog);

G_END_DECLS

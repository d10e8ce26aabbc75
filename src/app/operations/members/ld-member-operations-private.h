/* ld-member-operations-private.h — what the member operations' dialogs share
 *
 * Each dialog is a template in data/ui/operations/members/ and one static
 * LdOperationRequest; its request data starts with an LdMemberOperation (the session,
 * the member as the page shows it, the configuration, the call's finish), so that what
 * every operation does alike (load the template with its request, take the profile the
 * call answers, send a member and a reason) is written once here; what every operation
 * of every folder does alike is in ld-operation-dialog.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-operations.h"

G_BEGIN_DECLS

/* the finish of a call that answers the member's profile */
typedef LdMember  *(*LdMemberFinish) (LdClient      *client,
                                      GAsyncResult  *result,
                                      GError       **error);

typedef struct
{
  LdClient       *client;
  LdMember       *member;
  LdConfig       *config;   /* (nullable) */
  LdMemberFinish  finish;   /* (nullable) the call's, for ld_member_operation_finish() */
} LdMemberOperation;

LdOperationDialog *ld_member_operation_load           (const char               *template_name,
                                                       const LdOperationRequest *request,
                                                       gpointer                  data,
                                                       GDestroyNotify            data_free,
                                                       GtkBuilder              **builder);
gpointer           ld_member_operation_new            (gsize              size,
                                                       LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config,
                                                       LdMemberFinish     finish);
gboolean           ld_member_operation_finish         (LdOperationDialog  *dialog,
                                                       gpointer            data,
                                                       GAsyncResult       *result,
                                                       GObject           **object,
                                                       GError            **error);
void               ld_member_operation_clear          (LdMemberOperation *operation);
void               ld_member_operation_free           (gpointer           data);
GtkWidget         *ld_member_operation_summary_new    (LdMember          *member,
                                                       LdConfig          *config,
                                                       const char        *title);
gint64             ld_member_operation_get_balance    (LdMember          *member);

/* Block, Unblock and Remove from Program: one call of the member and a reason, at the
 * version the page shows; the reason picked among the configuration's, or typed */
typedef void       (*LdMemberReasonCall)   (LdClient            *client,
                                            gint64               member_id,
                                            const char          *reason,
                                            gint64               version,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
typedef struct
{
  LdMemberOperation   operation;
  LdMemberReasonCall  call;
  GtkEditable        *reason_entry;  /* (nullable) a reason typed; owned by the dialog */
} LdMemberReasonOperation;

/* the request of a call that answers the profile (#LdOperationDialog::done has it) */
extern const LdOperationRequest ld_member_reason_request;

void               ld_member_reason_submit            (LdOperationDialog   *dialog,
                                                       gpointer             data,
                                                       const char          *idempotency_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             callback_data);
LdOperationDialog *ld_member_reason_dialog_new        (const char               *template_name,
                                                       const LdOperationRequest *request,
                                                       LdMemberReasonCall        call,
                                                       LdMemberFinish            finish,
                                                       LdClient                 *client,
                                                       LdMember                 *member,
                                                       LdConfig                 *config);

/* the dialogs, one file each */
LdOperationDialog *ld_member_block_dialog_new         (LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config);
LdOperationDialog *ld_member_unblock_dialog_new       (LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config);
LdOperationDialog *ld_member_status_dialog_new        (LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config);
LdOperationDialog *ld_member_merge_dialog_new         (LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config);
LdOperationDialog *ld_member_remove_dialog_new        (LdClient          *client,
                                                       LdMember          *member,
                                                       LdConfig          *config);

G_END_DECLS

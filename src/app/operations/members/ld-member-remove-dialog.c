/* ld-member-remove-dialog.c — Remove from Program on the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The removal erases every personal datum of the member for good; the dialog lists what
 * follows from it, asks for a reason of reasons.member_removal, and is confirmed by
 * typing the member's last name. It is destructive: Enter never sends it, only the red
 * button does. The request is DELETE /members/{id} {reason}; on success the dialog emits
 * #LdOperationDialog::done with no object (there is no profile left to show).
 * Template: data/ui/operations/members/ld-member-remove-dialog.ui.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-member-operations-private.h"

typedef struct
{
  LdMemberOperation operation;
} RemoveMember;

static void
remove_member_free (gpointer data)
{
  RemoveMember *remove = data;

  ld_member_operation_clear (&remove->operation);
  g_free (remove);
}

static void
remove_member_submit (LdOperationDialog   *dialog,
                      gpointer             data,
                      const char          *idempotency_key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             callback_data)
{
  RemoveMember *remove = data;
  LdMember *member = remove->operation.member;

  ld_client_remove_member_async (remove->operation.client,
                                 ld_member_get_id (member),
                                 ld_operation_dialog_get_reason (dialog),
                                 ld_member_get_version (member),
                                 idempotency_key,
                                 cancellable,
                                 callback,
                                 callback_data);
}

static gboolean
remove_member_finish (LdOperationDialog  *dialog,
                      gpointer            data,
                      GAsyncResult       *result,
                      GObject           **object,
                      GError            **error)
{
  RemoveMember *remove = data;

  *object = NULL;

  return ld_client_remove_member_finish (remove->operation.client, result, error);
}

static const LdOperationRequest remove_member_request = {
  remove_member_submit,
  remove_member_finish,
};

/**
 * ld_member_remove_dialog_new:
 *
 * Returns: (transfer none): Remove from Program for @member, confirmed by typing their
 *   last name (their full name when they have none)
 */
LdOperationDialog *
ld_member_remove_dialog_new (LdClient *client,
                             LdMember *member,
                             LdConfig *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  const char *last_name;
  LdOperationDialog *dialog;
  RemoveMember *remove;

  dialog = ld_member_operation_load ("ld-member-remove-dialog.ui", &builder);

  remove = g_new0 (RemoveMember, 1);
  ld_member_operation_init (&remove->operation, client, member, config);
  ld_operation_dialog_set_request (dialog, &remove_member_request, remove, remove_member_free);

  name = ld_member_operation_dup_name (member);
  /* Translators: %s is the member's full name */
  body = g_strdup_printf (_("%s leaves the loyalty program for good. This cannot be undone."), name);
  ld_operation_dialog_set_body (dialog, body);

  ld_member_operation_add_reasons (dialog, config, "member_removal");

  last_name = ld_member_get_last_name (member);
  ld_operation_dialog_set_confirm_text (dialog, last_name != NULL && *last_name != '\0' ? last_name : name);

  return dialog;
}

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

#include "ld-format.h"
#include "ld-member-operations-private.h"

static gboolean
remove_member_finish (LdOperationDialog  *dialog,
                      gpointer            data,
                      GAsyncResult       *result,
                      GObject           **object,
                      GError            **error)
{
  LdMemberOperation *remove = data;

  /* no profile left to show */
  *object = NULL;

  return ld_client_remove_member_finish (remove->client, result, error);
}

static const LdOperationRequest remove_member_request = {
  ld_member_reason_submit,
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
  g_autofree char *name = ld_format_member_name (member);
  g_autofree char *body = NULL;
  const char *last_name;
  LdOperationDialog *dialog;

  dialog = ld_member_reason_dialog_new ("ld-member-remove-dialog.ui", &remove_member_request,
                                        ld_client_remove_member_async, NULL, client, member, config);
  /* Translators: %s is the member's full name */
  body = g_strdup_printf (_("%s leaves the loyalty program for good. This cannot be undone."), name);
  ld_operation_dialog_set_body (dialog, body);

  ld_operation_dialog_add_reasons (dialog, config, "member_removal");

  last_name = ld_member_get_last_name (member);
  ld_operation_dialog_set_confirm_text (dialog, last_name != NULL && *last_name != '\0' ? last_name : name);

  return dialog;
}

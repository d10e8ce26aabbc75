/* ld-end-call-dialog.c — End Call: why the call ended (and whether to close its ticket),
 * on the operation dialog
 *
 * The dialog is data/ui/calls/ld-end-call-dialog.ui; this file gives it the configuration's
 * reasons.call_end (each a key or {key, label}; "Other" without any), the first one
 * chosen, and its request: POST /calls/{id}/end through ld_client_end_call_async() with
 * the dialog's Idempotency-Key. "Close the OTRS ticket" shows only when the ticket plugin
 * is on. A call the server says has ended already (LD_ERROR_CALL_ALREADY_ENDED: someone
 * else ended it) is ended for the desk too: nothing is left open to keep the agent, or a
 * closing window, waiting. A closing window (ld_end_call_dialog_set_closing()) must not
 * be held by a server that cannot be reached: once an End Call's answer is lost, the
 * dialog also offers to close without ending the call (#LdOperationDialog::abandoned),
 * which stays open on the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-end-call-dialog.h"

typedef struct
{
  LdClient       *client;
  LdCall         *call;
  GtkCheckButton *close_ticket_check;   /* owned by the dialog */
} EndCall;

static void
end_call_free (gpointer data)
{
  EndCall *end_call = data;

  g_clear_object (&end_call->client);
  g_clear_object (&end_call->call);
  g_free (end_call);
}

static void
end_call_submit (LdOperationDialog   *dialog,
                 gpointer             data,
                 const char          *idempotency_key,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             callback_data)
{
  EndCall *end_call = data;

  ld_client_end_call_async (end_call->client,
                            ld_call_get_id (end_call->call),
                            ld_operation_dialog_get_reason (dialog),
                            ld_end_call_dialog_get_close_ticket (dialog),
                            idempotency_key,
                            cancellable,
                            callback,
                            callback_data);
}

static gboolean
end_call_finish (LdOperationDialog  *dialog,
                 gpointer            data,
                 GAsyncResult       *result,
                 GObject           **object,
                 GError            **error)
{
  EndCall *end_call = data;
  g_autoptr(GError) local_error = NULL;
  LdCall *ended;

  ended = ld_client_end_call_finish (end_call->client, result, &local_error);

  /* someone else ended it: ended all the same */
  if (ended == NULL && g_error_matches (local_error, LD_ERROR, LD_ERROR_CALL_ALREADY_ENDED))
    ended = g_object_ref (end_call->call);

  if (ended == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *object = G_OBJECT (ended);
  return TRUE;
}

static const LdOperationRequest end_call_request = {
  end_call_submit,
  end_call_finish,
};

/**
 * ld_end_call_dialog_new:
 * @parent: the window the dialog belongs to
 * @client: the session that ends the call
 * @call: the call to end
 * @config: (nullable): the configuration with the reasons; without it only "Other"
 *
 * Returns: (transfer none): a modal dialog, not shown yet; it emits
 *   #LdOperationDialog::done with the ended #LdCall and closes once the server ended
 *   the call, and stays open with the server's message when it did not
 */
LdOperationDialog *
ld_end_call_dialog_new (GtkWindow *parent,
                        LdClient  *client,
                        LdCall    *call,
                        LdConfig  *config)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *body = NULL;
  LdOperationDialog *dialog;
  LdReasonPicker *reasons;
  EndCall *end_call;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_CALL (call), NULL);
  g_return_val_if_fail (!config || LD_IS_CONFIG (config), NULL);

  g_type_ensure (LD_TYPE_OPERATION_DIALOG);
  builder = gtk_builder_new_from_resource ("/org/loyaltydesk/Agent/ui/calls/ld-end-call-dialog.ui");
  dialog = LD_OPERATION_DIALOG (gtk_builder_get_object (builder, "dialog"));

  end_call = g_new0 (EndCall, 1);
  end_call->client = g_object_ref (client);
  end_call->call = g_object_ref (call);
  end_call->close_ticket_check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "close_ticket_check"));
  ld_operation_dialog_set_request (dialog, &end_call_request, end_call, end_call_free);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  body = g_strdup_printf (_("Choose why the call from %s ended."), ld_call_get_phone (call));
  ld_operation_dialog_set_body (dialog, body);

  reasons = ld_operation_dialog_get_reason_picker (dialog);
  if (config != NULL)
    ld_reason_picker_add_from_json (reasons, ld_config_get_reasons (config, "call_end"));
  if (ld_reason_picker_get_n_reasons (reasons) == 0)
    ld_reason_picker_add (reasons, "other", _("Other"));
  /* the first reason is chosen, as the dialog always did */
  ld_reason_picker_select_first (reasons);

  gtk_widget_set_visible (GTK_WIDGET (end_call->close_ticket_check),
                          config != NULL && ld_config_get_tickets_enabled (config));

  return dialog;
}

/**
 * ld_end_call_dialog_get_call:
 * @dialog: an operation dialog
 *
 * Returns: (transfer none) (nullable): the call @dialog ends; %NULL when @dialog is not
 *   an End Call dialog
 */
LdCall *
ld_end_call_dialog_get_call (LdOperationDialog *dialog)
{
  EndCall *end_call;

  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (dialog), NULL);

  end_call = ld_operation_dialog_get_request_data (dialog, &end_call_request);

  return end_call != NULL ? end_call->call : NULL;
}

/* whether the ticket is to be closed with the call */
gboolean
ld_end_call_dialog_get_close_ticket (LdOperationDialog *dialog)
{
  EndCall *end_call;

  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (dialog), FALSE);

  end_call = ld_operation_dialog_get_request_data (dialog, &end_call_request);

  return end_call != NULL &&
         gtk_widget_get_visible (GTK_WIDGET (end_call->close_ticket_check)) &&
         gtk_check_button_get_active (end_call->close_ticket_check);
}

/**
 * ld_end_call_dialog_get_offers_ticket:
 *
 * Returns: whether the dialog offers to close the OTRS ticket (the plugin is on)
 */
gboolean
ld_end_call_dialog_get_offers_ticket (LdOperationDialog *dialog)
{
  EndCall *end_call;

  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (dialog), FALSE);

  end_call = ld_operation_dialog_get_request_data (dialog, &end_call_request);

  return end_call != NULL && gtk_widget_get_visible (GTK_WIDGET (end_call->close_ticket_check));
}

/**
 * ld_end_call_dialog_set_closing:
 *
 * The window closes once the call is ended: should the server not be reached, the
 * dialog also offers "Close Without Ending" (#LdOperationDialog::abandoned).
 */
void
ld_end_call_dialog_set_closing (LdOperationDialog *dialog)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (dialog));

  ld_operation_dialog_set_abandon_label (dialog, _("Close _Without Ending"));
}

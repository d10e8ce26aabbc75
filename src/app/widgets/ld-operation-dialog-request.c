/* ld-operation-dialog-request.c — the operation dialog's request: sent, answered, or lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each submit carries an Idempotency-Key (g_uuid_string_random()): after an answered
 * failure the next submit has a fresh one (what the agent corrects is another request).
 * After a lost answer (ld_client_result_outcome_unknown(): no answer, or a 5xx) the
 * server may have done it, so Try Again sends the same request under the same key and
 * the server answers what it did instead of doing it twice. Only the same request: a
 * form changed since (the fields are held while the outcome is unknown, but the
 * operation's own code may still change one) goes under a fresh key, for the server
 * refuses another body under a key it has seen (422 idempotency_key_reused).
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ld-operation-dialog-private.h"

/* what the agent filled in below @widget, appended to @state: the text of each field,
 * the state of each check button, switch and drop-down */
static void
append_form_state (GString   *state,
                   GtkWidget *widget)
{
  if (GTK_IS_EDITABLE (widget))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (widget));

      /* its own parts (a GtkText) say the same */
      g_string_append_printf (state, "t%zu:%s", strlen (text), text);
      return;
    }
  if (ADW_IS_COMBO_ROW (widget))
    {
      g_string_append_printf (state, "s%u", adw_combo_row_get_selected (ADW_COMBO_ROW (widget)));
      return;
    }
  if (GTK_IS_DROP_DOWN (widget))
    {
      g_string_append_printf (state, "s%u", gtk_drop_down_get_selected (GTK_DROP_DOWN (widget)));
      return;
    }
  if (GTK_IS_CHECK_BUTTON (widget))
    g_string_append_printf (state, "c%d", gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    g_string_append_printf (state, "c%d", gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)));
  else if (GTK_IS_SWITCH (widget))
    g_string_append_printf (state, "c%d", gtk_switch_get_active (GTK_SWITCH (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_form_state (state, child);
}

/* the request as the agent filled it in: the reason and the operation's own fields
 * (transfer full) */
static char *
ld_operation_dialog_dup_form (LdOperationDialog *self)
{
  GString *state = g_string_new (NULL);
  const char *reason = ld_operation_dialog_get_reason (self);
  GtkWidget *extra_child = adw_bin_get_child (self->extra_bin);

  g_assert (LD_IS_OPERATION_DIALOG (self));

  g_string_append_printf (state, "r%s;", reason != NULL ? reason : "");
  if (extra_child != NULL)
    append_form_state (state, extra_child);

  return g_string_free (state, FALSE);
}

static void
ld_operation_dialog_submit_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(LdOperationDialog) self = user_data;
  g_autoptr(GObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done;

  g_assert (LD_IS_OPERATION_DIALOG (self));
  g_assert (G_IS_ASYNC_RESULT (result));

  done = self->request->finish (self, self->request_data, result, &answer, &error);

  /* cancelled or closed meanwhile: nobody waits for the answer */
  if (self->finished)
    return;

  if (done)
    {
      self->finished = TRUE;
      ld_operation_dialog_set_busy (self, FALSE);
      g_signal_emit_by_name (self, "done", answer);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (error == NULL)
    g_set_error_literal (&error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                         _("The request failed without saying why"));

  self->outcome_unknown = G_IS_TASK (result) && ld_client_result_outcome_unknown (result, error);
  ld_retry_key_answered (&self->retry_key, self->outcome_unknown);
  ld_operation_dialog_set_error (self, error->message);
  ld_operation_dialog_set_busy (self, FALSE);
  ld_operation_dialog_update (self);
  g_object_notify (G_OBJECT (self), "outcome-unknown");
}

/**
 * ld_operation_dialog_set_request:
 * @request: (not nullable): the description of the request, static
 * @data: (nullable): given to @request's functions
 * @data_destroy: (nullable): frees @data when the dialog goes
 *
 * Sets what the submit button sends; the dialog cannot submit before.
 */
void
ld_operation_dialog_set_request (LdOperationDialog        *self,
                                 const LdOperationRequest *request,
                                 gpointer                  data,
                                 GDestroyNotify            data_destroy)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));
  g_return_if_fail (request != NULL && request->submit != NULL && request->finish != NULL);
  g_return_if_fail (self->request == NULL);

  self->request = request;
  self->request_data = data;
  self->request_data_destroy = data_destroy;
  ld_operation_dialog_update (self);
}

/**
 * ld_operation_dialog_get_request_data:
 * @request: the description the caller expects
 *
 * Returns: (transfer none) (nullable): the data of the dialog's request when it is
 *   @request, else %NULL: what an operation's getters use to find their own dialog
 */
gpointer
ld_operation_dialog_get_request_data (LdOperationDialog        *self,
                                      const LdOperationRequest *request)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return self->request == request ? self->request_data : NULL;
}

gboolean
ld_operation_dialog_get_busy (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->busy;
}

gboolean
ld_operation_dialog_get_outcome_unknown (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->outcome_unknown;
}

/**
 * ld_operation_dialog_get_error:
 *
 * Returns: (nullable): why the last submit failed, in the server's words
 */
const char *
ld_operation_dialog_get_error (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return self->error;
}

/**
 * ld_operation_dialog_get_idempotency_key:
 *
 * Returns: (nullable): the Idempotency-Key of the last submit
 */
const char *
ld_operation_dialog_get_idempotency_key (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return ld_retry_key_peek (&self->retry_key);
}

/**
 * ld_operation_dialog_submit:
 *
 * Sends the request, as the submit button does; nothing while it cannot.
 */
void
ld_operation_dialog_submit (LdOperationDialog *self)
{
  g_autofree char *form = NULL;
  const char *key;
  gboolean made_new = FALSE;

  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (!self->can_submit)
    return;

  /* the same key only for the same request, whose answer was lost */
  form = ld_operation_dialog_dup_form (self);
  key = ld_retry_key_take (&self->retry_key, form, &made_new);
  if (made_new)
    g_object_notify (G_OBJECT (self), "idempotency-key");

  ld_operation_dialog_set_error (self, NULL);
  ld_operation_dialog_set_busy (self, TRUE);
  self->request->submit (self, self->request_data, key, self->cancellable,
                         ld_operation_dialog_submit_cb, g_object_ref (self));
}

/* ld-end-call-dialog.c — asks why the call ended (and whether to close its ticket), and ends it
 *
 * The reasons are the configuration's reasons.call_end, each a key or an object
 * {key, label}; "Close the OTRS ticket" shows only when the ticket plugin is on.
 *
 * The dialog posts /calls/{id}/end itself: while the request runs it shows a spinner and
 * takes no other response; a refusal stays in the dialog, in the server's words, with
 * the reason still chosen, so the agent can correct it and press End Call again. Each
 * submit carries an Idempotency-Key of its own: a request repeated on the way ends the
 * call once, and a corrected submit is not answered with the refusal kept for the last.
 * Only a submit whose outcome is unknown (no answer came, or not the server's own, or a
 * 5xx: the call may have ended) is sent again, unchanged, under the same key, so that the
 * server answers that it ended rather than refusing to end it twice. A call the server
 * says has ended already (409 call_already_ended: someone else ended it) is ended for
 * the desk too: nothing is left open to keep the agent, or a closing window, waiting.
 * A closing window (ld_end_call_dialog_set_closing()) must not be held by a server that
 * cannot be reached: once a submit's outcome is unknown, the dialog also offers to close
 * without ending the call (response "leave"), which stays open on the server.
 *
 * AdwMessageDialog (libadwaita 1.2) closes itself before it emits a response; the
 * close-request override keeps it open for End Call and lets Cancel and Escape close it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-end-call-dialog.h"

struct _LdEndCallDialog
{
  AdwMessageDialog  parent_instance;

  /* template children */
  GtkDropDown      *reason_dropdown;
  GtkCheckButton   *close_ticket_check;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;

  LdClient         *client;
  LdCall           *call;
  GCancellable     *cancellable;
  GPtrArray        *reason_keys;
  char             *idempotency_key;
  char             *idempotency_body;
  char             *error;
  guint             busy : 1;
  guint             key_reusable : 1;
  guint             in_close_request : 1;
  guint             responded : 1;
  guint             closing : 1;
  guint             offers_leaving : 1;
};

G_DEFINE_FINAL_TYPE (LdEndCallDialog, ld_end_call_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ld_end_call_dialog_load_reasons (LdEndCallDialog *self,
                                 LdConfig        *config)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *reasons = NULL;
  guint n = 0;

  g_assert (LD_IS_END_CALL_DIALOG (self));

  if (config != NULL && (reasons = ld_config_get_reasons (config, "call_end")))
    n = json_array_get_length (reasons);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (reasons, i);
      const char *key = NULL;
      const char *label = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          key = label = json_node_get_string (node);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (!ld_json_get_string (object, "key", NULL, &key) || key == NULL)
            ld_json_get_string (object, "id", NULL, &key);
          if (!ld_json_get_string (object, "label", NULL, &label) || label == NULL)
            ld_json_get_string (object, "title", key, &label);
        }

      if (key == NULL || key[0] == '\0')
        continue;

      g_ptr_array_add (self->reason_keys, g_strdup (key));
      gtk_string_list_append (labels, label ? label : key);
    }

  if (self->reason_keys->len == 0)
    {
      g_ptr_array_add (self->reason_keys, g_strdup ("other"));
      gtk_string_list_append (labels, _("Other"));
    }

  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->reason_dropdown, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->close_ticket_check),
                          config != NULL && ld_config_get_tickets_enabled (config));
}

static void
ld_end_call_dialog_set_busy (LdEndCallDialog *self,
                             gboolean         busy)
{
  g_assert (LD_IS_END_CALL_DIALOG (self));

  self->busy = !!busy;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "end", !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "cancel", !busy);
  if (self->offers_leaving)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "leave", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_ticket_check), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
ld_end_call_dialog_set_error (LdEndCallDialog *self,
                              const char      *message)
{
  g_assert (LD_IS_END_CALL_DIALOG (self));

  g_free (self->error);
  self->error = g_strdup (message);

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* fit the message: on X11, GTK 4.8 otherwise keeps the shown dialog's height, and a
   * message wrapped onto a second line would push the responses out of it */
  gtk_window_set_default_size (GTK_WINDOW (self), -1, -1);
}

static void
ld_end_call_dialog_end_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  LdClient *client = (LdClient *)object;
  g_autoptr(LdEndCallDialog) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(LdCall) ended = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (client));
  g_assert (LD_IS_END_CALL_DIALOG (self));

  answer = ld_client_request_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->key_reusable = ld_client_result_outcome_unknown (result, error);

  if (answer == NULL && g_strcmp0 (ld_client_result_get_error_code (result), "call_already_ended") == 0)
    ended = g_object_ref (self->call);
  else if (answer != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (answer))
        ended = ld_call_new_from_json (json_node_get_object (answer), &error);
      else
        g_set_error_literal (&error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                             _("The server answered something that is not a call"));
    }

  ld_end_call_dialog_set_busy (self, FALSE);

  if (ended == NULL)
    {
      g_assert (error != NULL);
      /* the server could not be reached, or did not answer as itself: a closing window
       * may go without it */
      if (self->closing && self->key_reusable && !self->offers_leaving)
        {
          self->offers_leaving = TRUE;
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "leave", _("Close _Without Ending"));
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "leave",
                                                      ADW_RESPONSE_DESTRUCTIVE);
        }
      ld_end_call_dialog_set_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[ENDED], 0, ended);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ld_end_call_dialog_submit (LdEndCallDialog *self)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  g_assert (LD_IS_END_CALL_DIALOG (self));

  if (self->busy)
    return;

  object = json_object_new ();
  json_object_set_string_member (object, "reason", ld_end_call_dialog_get_reason (self));
  json_object_set_boolean_member (object, "close_ticket", ld_end_call_dialog_get_close_ticket (self));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  /* a key of its own for each submit (the server keeps refusals under their key too),
   * but the same request again after an unknown outcome keeps its key */
  text = ld_json_to_string (body, FALSE);
  if (!self->key_reusable || g_strcmp0 (text, self->idempotency_body) != 0)
    {
      g_free (self->idempotency_key);
      self->idempotency_key = g_uuid_string_random ();
      g_free (self->idempotency_body);
      self->idempotency_body = g_steal_pointer (&text);
    }
  self->key_reusable = FALSE;

  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/end", ld_call_get_id (self->call));

  ld_end_call_dialog_set_error (self, NULL);
  ld_end_call_dialog_set_busy (self, TRUE);
  ld_client_request_async (self->client, "POST", path, body, self->idempotency_key, NULL,
                           self->cancellable,
                           ld_end_call_dialog_end_cb,
                           g_object_ref (self));
}

static void
ld_end_call_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  LdEndCallDialog *self = (LdEndCallDialog *)dialog;

  g_assert (LD_IS_END_CALL_DIALOG (self));

  self->responded = TRUE;

  if (g_strcmp0 (response, "end") == 0)
    ld_end_call_dialog_submit (self);
  else if (!self->in_close_request && !self->busy)
    /* Cancel: a close from inside close-request is GTK's to finish */
    gtk_window_destroy (GTK_WINDOW (self));

  if (ADW_MESSAGE_DIALOG_CLASS (ld_end_call_dialog_parent_class)->response)
    ADW_MESSAGE_DIALOG_CLASS (ld_end_call_dialog_parent_class)->response (dialog, response);
}

static gboolean
ld_end_call_dialog_close_request (GtkWindow *window)
{
  LdEndCallDialog *self = (LdEndCallDialog *)window;
  gboolean stop;

  g_assert (LD_IS_END_CALL_DIALOG (self));

  /* while the call is being ended, its answer decides */
  if (self->busy)
    return GDK_EVENT_STOP;

  /* Escape or the window's close emit the close response ("cancel") in here; a
   * response button closes the dialog first and emits its response after */
  self->in_close_request = TRUE;
  self->responded = FALSE;
  stop = GTK_WINDOW_CLASS (ld_end_call_dialog_parent_class)->close_request (window);
  self->in_close_request = FALSE;

  if (!self->responded)
    return GDK_EVENT_STOP;

  return stop;
}

static void
ld_end_call_dialog_dispose (GObject *object)
{
  LdEndCallDialog *self = (LdEndCallDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_END_CALL_DIALOG);

  g_clear_object (&self->client);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (ld_end_call_dialog_parent_class)->dispose (object);
}

static void
ld_end_call_dialog_finalize (GObject *object)
{
  LdEndCallDialog *self = (LdEndCallDialog *)object;

  g_clear_pointer (&self->reason_keys, g_ptr_array_unref);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->idempotency_body, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ld_end_call_dialog_parent_class)->finalize (object);
}

static void
ld_end_call_dialog_class_init (LdEndCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = ld_end_call_dialog_dispose;
  object_class->finalize = ld_end_call_dialog_finalize;
  window_class->close_request = ld_end_call_dialog_close_request;
  dialog_class->response = ld_end_call_dialog_response;

  /**
   * LdEndCallDialog::ended:
   * @call: the call as the server ended it (or as the dialog had it, when the server
   *   said it had ended already)
   *
   * The server ended the call; the dialog closes right after.
   */
  signals[ENDED] =
    g_signal_new ("ended",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LD_TYPE_CALL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-end-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, close_ticket_check);
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, spinner);
}

static void
ld_end_call_dialog_init (LdEndCallDialog *self)
{
  self->reason_keys = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_end_call_dialog_new:
 * @parent: the window the dialog belongs to
 * @client: the session that ends the call
 * @call: the call to end
 * @config: (nullable): the configuration with the reasons; without it only "Other"
 *
 * Returns: (transfer floating): a modal dialog; it emits #LdEndCallDialog::ended and
 *   closes once the server ended the call, and stays open with the server's message
 *   when it did not
 */
GtkWidget *
ld_end_call_dialog_new (GtkWindow *parent,
                        LdClient  *client,
                        LdCall    *call,
                        LdConfig  *config)
{
  LdEndCallDialog *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_CALL (call), NULL);
  g_return_val_if_fail (!config || LD_IS_CONFIG (config), NULL);

  body = g_strdup_printf (_("Choose why the call from %s ended."), ld_call_get_phone (call));
  self = g_object_new (LD_TYPE_END_CALL_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "body", body,
                       NULL);
  self->client = g_object_ref (client);
  self->call = g_object_ref (call);
  ld_end_call_dialog_load_reasons (self, config);

  return GTK_WIDGET (self);
}

/**
 * ld_end_call_dialog_get_call:
 *
 * Returns: (transfer none): the call the dialog ends
 */
LdCall *
ld_end_call_dialog_get_call (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), NULL);

  return self->call;
}

/**
 * ld_end_call_dialog_get_reason:
 *
 * Returns: the key of the chosen reason
 */
const char *
ld_end_call_dialog_get_reason (LdEndCallDialog *self)
{
  guint selected;

  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->reason_dropdown);
  if (selected >= self->reason_keys->len)
    selected = 0;

  return g_ptr_array_index (self->reason_keys, selected);
}

/**
 * ld_end_call_dialog_set_reason:
 * @reason: the key of a reason of the configuration
 *
 * Chooses @reason, as the agent does in the drop-down; an unknown key changes nothing.
 */
void
ld_end_call_dialog_set_reason (LdEndCallDialog *self,
                               const char      *reason)
{
  g_return_if_fail (LD_IS_END_CALL_DIALOG (self));
  g_return_if_fail (reason != NULL);

  for (guint i = 0; i < self->reason_keys->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->reason_keys, i), reason))
        {
          gtk_drop_down_set_selected (self->reason_dropdown, i);
          return;
        }
    }
}

gboolean
ld_end_call_dialog_get_close_ticket (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->close_ticket_check)) &&
         gtk_check_button_get_active (self->close_ticket_check);
}

/**
 * ld_end_call_dialog_get_offers_ticket:
 *
 * Returns: whether the dialog offers to close the OTRS ticket (the plugin is on)
 */
gboolean
ld_end_call_dialog_get_offers_ticket (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->close_ticket_check));
}

/**
 * ld_end_call_dialog_get_busy:
 *
 * Returns: whether the request ending the call is running
 */
gboolean
ld_end_call_dialog_get_busy (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return self->busy;
}

/**
 * ld_end_call_dialog_set_closing:
 * @closing: the window closes once the call is ended
 *
 * Then, should the server not be reached, the dialog also offers "Close Without Ending"
 * (the response "leave").
 */
void
ld_end_call_dialog_set_closing (LdEndCallDialog *self,
                                gboolean         closing)
{
  g_return_if_fail (LD_IS_END_CALL_DIALOG (self));

  self->closing = !!closing;
}

/* whether the dialog offers to close without ending the call now */
gboolean
ld_end_call_dialog_get_offers_leaving (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return self->offers_leaving;
}

/**
 * ld_end_call_dialog_get_error:
 *
 * Returns: (nullable): why the last submit failed, as the server said; %NULL after none
 */
const char *
ld_end_call_dialog_get_error (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), NULL);

  return self->error;
}

/**
 * ld_end_call_dialog_get_idempotency_key:
 *
 * Returns: (nullable): the Idempotency-Key the last submit carried
 */
const char *
ld_end_call_dialog_get_idempotency_key (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), NULL);

  return self->idempotency_key;
}

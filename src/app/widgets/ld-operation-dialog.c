/* ld-operation-dialog.c — the one dialog of every operation that changes data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An operation is a heading and a body (or a summary widget) saying what is about to
 * change, its own fields in the extra slot, and an LdOperationRequest that sends it;
 * the dialog does the rest the same way for every operation:
 *
 * - the reasons: an LdReasonPicker (a list of (key, label) pairs the agent filters by
 *   typing), shown once the operation adds one;
 * - the confirmation of what cannot be undone: a text to type (compared without case
 *   and surrounding spaces) or a switch; the submit button stays insensitive until it is
 *   given, until a reason is chosen where one is required, and until the operation says
 *   its own fields are complete ("ready");
 * - while the request runs: a spinner, the fields insensitive; Escape, Cancel or the
 *   window's close cancel the request (its GCancellable) and the dialog;
 * - a failure stays in the dialog, in the server's words, with everything typed kept.
 *   After a lost answer the server may have done it: the button becomes Try Again and
 *   sends the same request under the same Idempotency-Key (ld-operation-dialog-request.c),
 *   the fields insensitive until an answer comes: a changed request under that key would
 *   not be the one sent. An operation may also offer a way out then ("abandon-label",
 *   e.g. Close Without Ending), which emits #LdOperationDialog::abandoned;
 * - Enter submits when the submit button is sensitive, except in a destructive
 *   operation ("destructive": what cannot be undone), where only a click or Space on
 *   the red button does: an Enter typed to end a field must not delete anything.
 *   Escape in the reason filter first empties it, then cancels.
 *
 * On success it emits #LdOperationDialog::done with what the request answered, and
 * closes.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-core.h"
#include "ld-format.h"
#include "ld-glib-compat.h"
#include "ld-operation-dialog-private.h"
#include "ld-properties.h"
#include "ld-reason-picker.h"

G_DEFINE_FINAL_TYPE (LdOperationDialog, ld_operation_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_HEADING,
  PROP_BODY,
  PROP_SUMMARY,
  PROP_EXTRA_CHILD,
  PROP_SUBMIT_LABEL,
  PROP_DESTRUCTIVE,
  PROP_READY,
  PROP_REASON_REQUIRED,
  PROP_CONFIRM_TEXT,
  PROP_CONFIRM_SWITCH,
  PROP_ABANDON_LABEL,
  PROP_CAN_SUBMIT,
  PROP_BUSY,
  PROP_OUTCOME_UNKNOWN,
  PROP_ERROR,
  PROP_IDEMPOTENCY_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  CANCELLED,
  ABANDONED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
ld_operation_dialog_get_confirmed (LdOperationDialog *self)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  if (self->confirm_switch_label != NULL && !gtk_switch_get_active (self->confirm_switch))
    return FALSE;

  if (self->confirm_text != NULL)
    {
      g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry)));
      g_autofree char *wanted = g_strdup (self->confirm_text);
      g_autofree char *typed_folded = ld_format_fold (g_strstrip (typed));
      g_autofree char *wanted_folded = ld_format_fold (g_strstrip (wanted));

      if (!g_str_equal (typed_folded, wanted_folded))
        return FALSE;
    }

  return TRUE;
}

/* everything that follows the state: which actions are enabled, what is sensitive and
 * shown, what the submit button says and whether Enter presses it */
void
ld_operation_dialog_update (LdOperationDialog *self)
{
  GtkWidget *submit = GTK_WIDGET (self->submit_button);
  gboolean can_submit;

  g_assert (LD_IS_OPERATION_DIALOG (self));

  can_submit = self->request != NULL &&
               !self->busy &&
               !self->finished &&
               self->ready &&
               (!self->reason_required || ld_operation_dialog_get_reason (self) != NULL) &&
               ld_operation_dialog_get_confirmed (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "operation.submit", can_submit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "operation.abandon", !self->busy);
  gtk_widget_set_sensitive (self->fields_box, !self->busy && !self->outcome_unknown);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  gtk_button_set_label (self->submit_button,
                        self->outcome_unknown ? _("_Try Again")
                        : self->submit_label != NULL ? self->submit_label : _("_Apply"));
  if (self->destructive)
    {
      gtk_widget_remove_css_class (submit, "suggested-action");
      gtk_widget_add_css_class (submit, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (submit, "destructive-action");
      gtk_widget_add_css_class (submit, "suggested-action");
    }
  /* the default widget is what Enter presses, and only while it is sensitive */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->destructive ? NULL : submit);

  gtk_widget_set_visible (self->unknown_label, self->outcome_unknown);
  gtk_widget_set_visible (GTK_WIDGET (self->abandon_button),
                          self->outcome_unknown && self->abandon_label != NULL);
  /* set only when offered, so that nothing names the way out before */
  gtk_button_set_label (self->abandon_button,
                        self->outcome_unknown ? self->abandon_label : NULL);

  if (self->can_submit != can_submit)
    {
      self->can_submit = can_submit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SUBMIT]);
    }
}

void
ld_operation_dialog_set_busy (LdOperationDialog *self,
                              gboolean           busy)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
ld_operation_dialog_set_error (LdOperationDialog *self,
                               const char        *message)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  ld_operation_dialog_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* ---- the reasons (LdReasonPicker) */

static void
ld_operation_dialog_reason_changed_cb (LdOperationDialog *self)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  ld_operation_dialog_update (self);
}

/* Enter (or a double click) on a reason: as Enter anywhere else */
static void
ld_operation_dialog_reason_activated_cb (LdOperationDialog *self)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  if (!self->destructive)
    gtk_widget_activate_action (GTK_WIDGET (self), "operation.submit", NULL);
}

static void
ld_operation_dialog_submit_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  ld_operation_dialog_submit (LD_OPERATION_DIALOG (widget));
}

static void
ld_operation_dialog_cancel_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
ld_operation_dialog_abandon_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdOperationDialog *self = LD_OPERATION_DIALOG (widget);

  if (self->finished || self->busy)
    return;

  self->finished = TRUE;
  g_signal_emit (self, signals[ABANDONED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Escape, Cancel and the window's close: the request running (if any) is cancelled */
static gboolean
ld_operation_dialog_close_request (GtkWindow *window)
{
  LdOperationDialog *self = LD_OPERATION_DIALOG (window);

  if (!self->finished)
    {
      self->finished = TRUE;
      g_cancellable_cancel (self->cancellable);
      ld_operation_dialog_set_busy (self, FALSE);
      g_signal_emit (self, signals[CANCELLED], 0);
    }

  return GTK_WINDOW_CLASS (ld_operation_dialog_parent_class)->close_request (window);
}

/* focuses the first widget in @widget that takes the focus (before the dialog is
 * allocated, so not by gtk_widget_child_focus(), which sorts by position) */
static gboolean
grab_first_focus (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_sensitive (widget))
    return FALSE;

  if (gtk_widget_get_focusable (widget) && gtk_widget_grab_focus (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (grab_first_focus (child))
      return TRUE;

  return FALSE;
}

/* the focus starts where the agent types first: the reason filter, the operation's own
 * fields, or the confirmation */
static void
ld_operation_dialog_show (GtkWidget *widget)
{
  LdOperationDialog *self = LD_OPERATION_DIALOG (widget);

  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->reason_picker)))
        gtk_widget_grab_focus (GTK_WIDGET (self->reason_picker));
      else if (gtk_widget_get_visible (GTK_WIDGET (self->extra_bin)))
        grab_first_focus (GTK_WIDGET (self->extra_bin));
      else if (gtk_widget_get_visible (self->confirm_text_box))
        gtk_widget_grab_focus (GTK_WIDGET (self->confirm_entry));
    }

  GTK_WIDGET_CLASS (ld_operation_dialog_parent_class)->show (widget);
}

static void
ld_operation_dialog_confirm_changed_cb (LdOperationDialog *self)
{
  g_assert (LD_IS_OPERATION_DIALOG (self));

  ld_operation_dialog_update (self);
}

static void
ld_operation_dialog_dispose (GObject *object)
{
  LdOperationDialog *self = (LdOperationDialog *)object;

  /* a request still running calls back into a dialog that is gone */
  self->finished = TRUE;
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_OPERATION_DIALOG);

  G_OBJECT_CLASS (ld_operation_dialog_parent_class)->dispose (object);
}

static void
ld_operation_dialog_finalize (GObject *object)
{
  LdOperationDialog *self = (LdOperationDialog *)object;

  /* kept until here: a request cancelled by dispose still calls back with it */
  if (self->request_data_destroy != NULL)
    g_clear_pointer (&self->request_data, self->request_data_destroy);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->submit_label, g_free);
  g_clear_pointer (&self->confirm_text, g_free);
  g_clear_pointer (&self->confirm_switch_label, g_free);
  g_clear_pointer (&self->abandon_label, g_free);
  g_clear_pointer (&self->error, g_free);
  ld_retry_key_clear (&self->retry_key);

  G_OBJECT_CLASS (ld_operation_dialog_parent_class)->finalize (object);
}

static void
ld_operation_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdOperationDialog *self = LD_OPERATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;

    case PROP_BODY:
      g_value_set_string (value, ld_operation_dialog_get_body (self));
      break;

    case PROP_SUMMARY:
      g_value_set_object (value, ld_operation_dialog_get_summary (self));
      break;

    case PROP_EXTRA_CHILD:
      g_value_set_object (value, ld_operation_dialog_get_extra_child (self));
      break;

    case PROP_SUBMIT_LABEL:
      g_value_set_string (value, self->submit_label);
      break;

    case PROP_DESTRUCTIVE:
      g_value_set_boolean (value, self->destructive);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_REASON_REQUIRED:
      g_value_set_boolean (value, self->reason_required);
      break;

    case PROP_CONFIRM_TEXT:
      g_value_set_string (value, self->confirm_text);
      break;

    case PROP_CONFIRM_SWITCH:
      g_value_set_string (value, self->confirm_switch_label);
      break;

    case PROP_ABANDON_LABEL:
      g_value_set_string (value, self->abandon_label);
      break;

    case PROP_CAN_SUBMIT:
      g_value_set_boolean (value, self->can_submit);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_OUTCOME_UNKNOWN:
      g_value_set_boolean (value, self->outcome_unknown);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, ld_retry_key_peek (&self->retry_key));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_operation_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdOperationDialog *self = LD_OPERATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      ld_operation_dialog_set_heading (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      ld_operation_dialog_set_body (self, g_value_get_string (value));
      break;

    case PROP_SUMMARY:
      ld_operation_dialog_set_summary (self, g_value_get_object (value));
      break;

    case PROP_EXTRA_CHILD:
      ld_operation_dialog_set_extra_child (self, g_value_get_object (value));
      break;

    case PROP_SUBMIT_LABEL:
      ld_operation_dialog_set_submit_label (self, g_value_get_string (value));
      break;

    case PROP_DESTRUCTIVE:
      ld_operation_dialog_set_destructive (self, g_value_get_boolean (value));
      break;

    case PROP_READY:
      ld_operation_dialog_set_ready (self, g_value_get_boolean (value));
      break;

    case PROP_REASON_REQUIRED:
      ld_operation_dialog_set_reason_required (self, g_value_get_boolean (value));
      break;

    case PROP_CONFIRM_TEXT:
      ld_operation_dialog_set_confirm_text (self, g_value_get_string (value));
      break;

    case PROP_CONFIRM_SWITCH:
      ld_operation_dialog_set_confirm_switch (self, g_value_get_string (value));
      break;

    case PROP_ABANDON_LABEL:
      ld_operation_dialog_set_abandon_label (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_operation_dialog_class_init (LdOperationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ld_operation_dialog_dispose;
  object_class->finalize = ld_operation_dialog_finalize;
  object_class->get_property = ld_operation_dialog_get_property;
  object_class->set_property = ld_operation_dialog_set_property;
  widget_class->show = ld_operation_dialog_show;
  window_class->close_request = ld_operation_dialog_close_request;

  properties[PROP_HEADING] =
    g_param_spec_string ("heading", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* what is about to change, as a widget of the operation's (a card, a member…) */
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the operation's own fields, below the reasons and the confirmation */
  properties[PROP_EXTRA_CHILD] =
    g_param_spec_object ("extra-child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* with a mnemonic, e.g. "_End Call" */
  properties[PROP_SUBMIT_LABEL] =
    g_param_spec_string ("submit-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* what cannot be undone: a red button that Enter does not press */
  properties[PROP_DESTRUCTIVE] =
    g_param_spec_boolean ("destructive", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the operation's own fields are complete */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON_REQUIRED] =
    g_param_spec_boolean ("reason-required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a text the agent must type to confirm, e.g. the member's last name */
  properties[PROP_CONFIRM_TEXT] =
    g_param_spec_string ("confirm-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the label of a switch the agent must turn on to confirm */
  properties[PROP_CONFIRM_SWITCH] =
    g_param_spec_string ("confirm-switch", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the way out offered after a lost answer, e.g. "Close _Without Ending" */
  properties[PROP_ABANDON_LABEL] =
    g_param_spec_string ("abandon-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SUBMIT] =
    g_param_spec_boolean ("can-submit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the last submit failed without the server's answer: Try Again reuses its key */
  properties[PROP_OUTCOME_UNKNOWN] =
    g_param_spec_boolean ("outcome-unknown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdOperationDialog::done:
   * @object: (nullable): what the request answered (its finish's object)
   *
   * The server did the operation; the dialog closes right after.
   */
  signals[DONE] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "done", G_TYPE_OBJECT);

  /**
   * LdOperationDialog::cancelled:
   *
   * The agent cancelled (Cancel, Escape, the window's close), a running request with it.
   */
  signals[CANCELLED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "cancelled", G_TYPE_NONE);

  /**
   * LdOperationDialog::abandoned:
   *
   * After a lost answer, the agent took the way out of #LdOperationDialog:abandon-label.
   */
  signals[ABANDONED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "abandoned", G_TYPE_NONE);

  g_type_ensure (LD_TYPE_REASON_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/widgets/ld-operation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, summary_bin);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, reason_picker);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_text_box);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_text_label);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_switch_box);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_switch_row);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, confirm_switch);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, extra_bin);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, unknown_label);
  gtk_widget_class_bind_template_child (widget_class, LdOperationDialog, abandon_button);

  gtk_widget_class_install_action (widget_class, "operation.submit", NULL, ld_operation_dialog_submit_action);
  gtk_widget_class_install_action (widget_class, "operation.cancel", NULL, ld_operation_dialog_cancel_action);
  gtk_widget_class_install_action (widget_class, "operation.abandon", NULL, ld_operation_dialog_abandon_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "operation.cancel", NULL);
}

static void
ld_operation_dialog_init (LdOperationDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->ready = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->reason_picker, "notify::reason",
                           G_CALLBACK (ld_operation_dialog_reason_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reason_picker, "activated",
                           G_CALLBACK (ld_operation_dialog_reason_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->confirm_entry, "changed",
                           G_CALLBACK (ld_operation_dialog_confirm_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->confirm_switch, "notify::active",
                           G_CALLBACK (ld_operation_dialog_confirm_changed_cb), self, G_CONNECT_SWAPPED);

  ld_operation_dialog_update (self);
}

/**
 * ld_operation_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 *
 * An operation made in code; one made from a .ui file builds the dialog there
 * (`<object class="LdOperationDialog">` with its properties and slots).
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows until it closes
 */
GtkWidget *
ld_operation_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LD_TYPE_OPERATION_DIALOG,
                       "transient-for", parent,
                       NULL);
}

const char *
ld_operation_dialog_get_heading (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return self->heading;
}

void
ld_operation_dialog_set_heading (LdOperationDialog *self,
                                 const char        *heading)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (ld_set_str (&self->heading, heading))
    {
      adw_window_title_set_title (self->window_title, heading != NULL ? heading : "");
      gtk_window_set_title (GTK_WINDOW (self), heading);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING]);
    }
}

/**
 * ld_operation_dialog_get_body:
 *
 * Returns: (nullable): the text saying what is about to change
 */
const char *
ld_operation_dialog_get_body (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->body_label)) ? gtk_label_get_label (self->body_label) : NULL;
}

void
ld_operation_dialog_set_body (LdOperationDialog *self,
                              const char        *body)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (g_strcmp0 (body, ld_operation_dialog_get_body (self)) == 0)
    return;

  gtk_label_set_label (self->body_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL && body[0] != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

/**
 * ld_operation_dialog_get_summary:
 *
 * Returns: (transfer none) (nullable): the widget showing what is about to change
 */
GtkWidget *
ld_operation_dialog_get_summary (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return adw_bin_get_child (self->summary_bin);
}

void
ld_operation_dialog_set_summary (LdOperationDialog *self,
                                 GtkWidget         *summary)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));
  g_return_if_fail (summary == NULL || GTK_IS_WIDGET (summary));

  if (adw_bin_get_child (self->summary_bin) == summary)
    return;

  adw_bin_set_child (self->summary_bin, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_bin), summary != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/**
 * ld_operation_dialog_get_extra_child:
 *
 * Returns: (transfer none) (nullable): the operation's own fields
 */
GtkWidget *
ld_operation_dialog_get_extra_child (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return adw_bin_get_child (self->extra_bin);
}

void
ld_operation_dialog_set_extra_child (LdOperationDialog *self,
                                     GtkWidget         *extra_child)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));
  g_return_if_fail (extra_child == NULL || GTK_IS_WIDGET (extra_child));

  if (adw_bin_get_child (self->extra_bin) == extra_child)
    return;

  adw_bin_set_child (self->extra_bin, extra_child);
  gtk_widget_set_visible (GTK_WIDGET (self->extra_bin), extra_child != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_CHILD]);
}

void
ld_operation_dialog_set_submit_label (LdOperationDialog *self,
                                      const char        *label)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (ld_set_str (&self->submit_label, label))
    {
      ld_operation_dialog_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMIT_LABEL]);
    }
}

gboolean
ld_operation_dialog_get_destructive (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->destructive;
}

void
ld_operation_dialog_set_destructive (LdOperationDialog *self,
                                     gboolean           destructive)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  destructive = !!destructive;
  if (self->destructive == destructive)
    return;

  self->destructive = destructive;
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTRUCTIVE]);
}

gboolean
ld_operation_dialog_get_ready (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->ready;
}

/**
 * ld_operation_dialog_set_ready:
 * @ready: whether the operation's own fields are complete
 *
 * The submit button stays insensitive while they are not (e.g. no card number yet). A
 * change clears a refusal shown for the fields as they were.
 */
void
ld_operation_dialog_set_ready (LdOperationDialog *self,
                               gboolean           ready)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  ready = !!ready;
  if (self->ready == ready)
    return;

  self->ready = ready;
  /* the agent changed what was refused: its refusal no longer describes the fields (a lost
   * answer's stays: it says Try Again resends the same request) */
  if (!self->outcome_unknown)
    ld_operation_dialog_set_error (self, NULL);
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/**
 * ld_operation_dialog_get_reason_picker:
 *
 * Returns: (transfer none): the reasons, hidden until one is added
 */
LdReasonPicker *
ld_operation_dialog_get_reason_picker (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return self->reason_picker;
}

/**
 * ld_operation_dialog_get_reason:
 *
 * Returns: (nullable): the key of the reason chosen
 */
const char *
ld_operation_dialog_get_reason (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), NULL);

  return ld_reason_picker_get_reason (self->reason_picker);
}

gboolean
ld_operation_dialog_get_reason_required (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->reason_required;
}

void
ld_operation_dialog_set_reason_required (LdOperationDialog *self,
                                         gboolean           required)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  required = !!required;
  if (self->reason_required == required)
    return;

  self->reason_required = required;
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON_REQUIRED]);
}

/**
 * ld_operation_dialog_set_confirm_text:
 * @text: (nullable): what the agent must type (e.g. the member's last name); %NULL
 *   for no such confirmation
 */
void
ld_operation_dialog_set_confirm_text (LdOperationDialog *self,
                                      const char        *text)
{
  g_autofree char *prompt = NULL;

  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (!ld_set_str (&self->confirm_text, text))
    return;

  if (text != NULL)
    {
      /* Translators: %s is what the agent types to confirm, e.g. the member's last name */
      prompt = g_strdup_printf (_("Type “%s” to confirm"), text);
      gtk_label_set_label (self->confirm_text_label, prompt);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, prompt,
                                      -1);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), "");
  gtk_widget_set_visible (self->confirm_text_box, text != NULL);
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRM_TEXT]);
}

/**
 * ld_operation_dialog_set_confirm_switch:
 * @label: (nullable): what turning the switch on says (with a mnemonic); %NULL for no
 *   such confirmation
 */
void
ld_operation_dialog_set_confirm_switch (LdOperationDialog *self,
                                        const char        *label)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (!ld_set_str (&self->confirm_switch_label, label))
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->confirm_switch_row), label != NULL ? label : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : "",
                                  -1);
  gtk_switch_set_active (self->confirm_switch, FALSE);
  gtk_widget_set_visible (self->confirm_switch_box, label != NULL);
  ld_operation_dialog_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRM_SWITCH]);
}

/**
 * ld_operation_dialog_set_abandon_label:
 * @label: (nullable): the button offered after a lost answer, which emits
 *   #LdOperationDialog::abandoned and closes; %NULL for none
 */
void
ld_operation_dialog_set_abandon_label (LdOperationDialog *self,
                                       const char        *label)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));

  if (ld_set_str (&self->abandon_label, label))
    {
      ld_operation_dialog_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABANDON_LABEL]);
    }
}

/**
 * ld_operation_dialog_get_can_submit:
 *
 * Returns: whether the submit button is sensitive: a request, none running, the
 *   operation ready, a reason where one is required, the confirmation given
 */
gboolean
ld_operation_dialog_get_can_submit (LdOperationDialog *self)
{
  g_return_val_if_fail (LD_IS_OPERATION_DIALOG (self), FALSE);

  return self->can_submit;
}

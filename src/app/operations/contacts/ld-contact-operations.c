/* ld-contact-operations.c — Change Phone, Change E-mail and Send New Password, each on
 * the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact is changed only for a caller identified first: the Identify dialog sends the
 * Personal Account password the agent typed as the caller dictated it, or (with the
 * right member.identify_without_password) says the caller answered the profile's
 * questions; the server answers a token good for a few minutes. The next dialog takes
 * the new e-mail, or the new phone, to which a code goes by SMS, and then that code.
 * Each step is one dialog and one request in turn: a refusal (a wrong password, the
 * lock-out, a phone of another member, a wrong code) stays in its dialog with what was
 * typed. After the change the member page fetches the profile again ("member.reload"),
 * from the widget that started it. The steps share one request description: each step's
 * call and answer are a case of its kind. The code's dialog sends the code again on
 * demand, with the request that sent the first.
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-contact-operations.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"

/* the steps: one dialog and one request each */
typedef enum
{
  STEP_IDENTIFY,   /* the caller's password, or their personal data: a token */
  STEP_EMAIL,      /* the new e-mail: changed */
  STEP_PHONE,      /* the new phone: a code goes to it */
  STEP_CODE,       /* the code from the SMS: the phone changed */
  STEP_PASSWORD,   /* a new Personal Account password, by SMS or by e-mail */
} StepKind;

/* what the steps of one change share */
typedef struct
{
  LdClient    *client;
  LdMember    *member;
  GWeakRef     widget;   /* where it started: member.reload, the dialogs' parent */
  StepKind     change;   /* what it is for: STEP_PHONE, STEP_EMAIL or STEP_PASSWORD */
  char        *token;    /* the identification's */
  char        *phone;    /* the new phone its code went to */
} ContactFlow;

static void
contact_flow_clear (gpointer data)
{
  ContactFlow *flow = data;

  g_clear_object (&flow->client);
  g_clear_object (&flow->member);
  g_weak_ref_clear (&flow->widget);
  g_clear_pointer (&flow->token, g_free);
  g_clear_pointer (&flow->phone, g_free);
}

static ContactFlow *
contact_flow_new (GtkWidget *widget,
                  LdClient  *client,
                  LdMember  *member,
                  StepKind   change)
{
  ContactFlow *flow = g_rc_box_new0 (ContactFlow);

  flow->client = g_object_ref (client);
  flow->member = g_object_ref (member);
  g_weak_ref_init (&flow->widget, widget);
  flow->change = change;

  return flow;
}

static void
contact_flow_unref (gpointer data)
{
  g_rc_box_release_full (data, contact_flow_clear);
}

/* the data of one step's request: the flow and the step's own fields */
typedef struct
{
  ContactFlow       *flow;
  StepKind           kind;
  LdOperationDialog *dialog;        /* which owns the step */
  GtkEditable       *entry;         /* owned by the dialog */
  GtkCheckButton    *check;         /* owned by the dialog */
  GtkWidget         *resend_button; /* owned by the dialog */
  GtkLabel          *resend_label;  /* owned by the dialog */
  GCancellable      *cancellable;   /* Send Again's request, beside the dialog's own */
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  g_cancellable_cancel (step->cancellable);
  g_clear_object (&step->cancellable);
  contact_flow_unref (step->flow);
  g_free (step);
}

static char *
step_dup_text (Step *step)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (step->entry)));
}

static gboolean
identify_by_personal_data (Step *step)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (step->check)) && gtk_check_button_get_active (step->check);
}

/* each step's call, with what its dialog holds */
static void
step_submit (LdOperationDialog   *dialog,
             gpointer             data,
             const char          *idempotency_key,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             callback_data)
{
  Step *step = data;
  ContactFlow *flow = step->flow;
  gint64 member_id = ld_member_get_id (flow->member);
  g_autofree char *text = step->entry != NULL ? step_dup_text (step) : NULL;

  switch (step->kind)
    {
    case STEP_IDENTIFY:
      /* the password as typed: spaces may be part of it */
      ld_client_identify_member_async (flow->client, member_id,
                                       identify_by_personal_data (step) ? NULL : gtk_editable_get_text (step->entry),
                                       idempotency_key, cancellable, callback, callback_data);
      break;

    case STEP_EMAIL:
      ld_client_change_member_email_async (flow->client, member_id, text, flow->token,
                                           idempotency_key, cancellable, callback, callback_data);
      break;

    case STEP_PHONE:
      ld_client_send_phone_code_async (flow->client, member_id, text,
                                       idempotency_key, cancellable, callback, callback_data);
      break;

    case STEP_CODE:
      ld_client_change_member_phone_async (flow->client, member_id, flow->phone, text, flow->token,
                                           idempotency_key, cancellable, callback, callback_data);
      break;

    case STEP_PASSWORD:
      ld_client_send_member_password_async (flow->client, member_id,
                                            gtk_check_button_get_active (step->check) ? "email" : "sms",
                                            idempotency_key, cancellable, callback, callback_data);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* a string member of @answer kept in @field; FALSE when it has none */
static gboolean
keep_string (JsonObject  *answer,
             const char  *name,
             char       **field)
{
  const char *value = NULL;

  if (!ld_json_get_string (answer, name, NULL, &value) || value == NULL)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* each step's answer: the profile of a change (for "done"), or what the next step needs */
static gboolean
step_finish (LdOperationDialog  *dialog,
             gpointer            data,
             GAsyncResult       *result,
             GObject           **object,
             GError            **error)
{
  Step *step = data;
  ContactFlow *flow = step->flow;
  g_autoptr(JsonObject) answer = NULL;

  *object = NULL;

  switch (step->kind)
    {
    case STEP_EMAIL:
      *object = G_OBJECT (ld_client_change_member_email_finish (flow->client, result, error));
      return *object != NULL;

    case STEP_CODE:
      *object = G_OBJECT (ld_client_change_member_phone_finish (flow->client, result, error));
      return *object != NULL;

    case STEP_IDENTIFY:
      answer = ld_client_identify_member_finish (flow->client, result, error);
      if (answer != NULL && !keep_string (answer, "identification_token", &flow->token))
        {
          g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                               _("The server identified the caller without a token"));
          return FALSE;
        }
      return answer != NULL;

    case STEP_PHONE:
      answer = ld_client_send_phone_code_finish (flow->client, result, error);
      /* the number as the server wrote it down, which the change must name */
      if (answer != NULL && !keep_string (answer, "phone", &flow->phone))
        {
          g_free (flow->phone);
          flow->phone = step_dup_text (step);
        }
      return answer != NULL;

    case STEP_PASSWORD:
      answer = ld_client_send_member_password_finish (flow->client, result, error);
      return answer != NULL;

    default:
      g_assert_not_reached ();
    }
}

static const LdOperationRequest step_request = {
  step_submit,
  step_finish,
};

static void show_step_after (ContactFlow *flow,
                             StepKind     kind);

/* a step is done: the next one, or after a change the page fetches the profile again */
static void
step_done_cb (LdOperationDialog *dialog,
              GObject           *answer,
              gpointer           user_data)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &step_request);
  g_autoptr(GtkWidget) widget = NULL;

  if (step == NULL)
    return;

  if (step->kind == STEP_IDENTIFY || step->kind == STEP_PHONE)
    {
      show_step_after (step->flow, step->kind);
      return;
    }

  widget = g_weak_ref_get (&step->flow->widget);
  if (widget != NULL)
    gtk_widget_activate_action (widget, "member.reload", NULL);
}

/* a step's dialog from its template (its object "dialog", its objects in @out_builder),
 * on the window of the widget that started; the caller shows it */
static Step *
step_new (ContactFlow  *flow,
          StepKind      kind,
          const char   *resource,
          GtkBuilder  **out_builder)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&flow->widget);
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  Step *step;

  step = g_new0 (Step, 1);
  step->flow = g_rc_box_acquire (flow);
  step->kind = kind;
  step->dialog = ld_operation_dialog_load (resource, out_builder);
  ld_operation_dialog_set_request (step->dialog, &step_request, step, step_free);

  gtk_window_set_transient_for (GTK_WINDOW (step->dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect (step->dialog, "done", G_CALLBACK (step_done_cb), NULL);

  return step;
}

/* a step of one entry (its object @entry_name), ready once the entry holds something;
 * shown */
static Step *
show_entry_step (ContactFlow  *flow,
                 StepKind      kind,
                 const char   *resource,
                 const char   *entry_name,
                 const char   *body,
                 GtkBuilder  **out_builder)
{
  g_autoptr(GtkBuilder) builder = NULL;
  Step *step;

  step = step_new (flow, kind, resource, &builder);
  step->entry = GTK_EDITABLE (gtk_builder_get_object (builder, entry_name));
  ld_operation_dialog_follow_entry (step->dialog, step->entry);
  if (body != NULL)
    ld_operation_dialog_set_body (step->dialog, body);
  gtk_window_present (GTK_WINDOW (step->dialog));

  if (out_builder != NULL)
    *out_builder = g_steal_pointer (&builder);

  return step;
}

/* ---- Change Phone: Send Again in the code's dialog */

static void
resend_code_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdOperationDialog) dialog = user_data;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Step *step;

  sent = ld_client_send_phone_code_finish (LD_CLIENT (source), result, &error);
  /* cancelled: the dialog went, and its step with it */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  step = ld_operation_dialog_get_request_data (dialog, &step_request);
  if (step == NULL)
    return;

  g_clear_object (&step->cancellable);
  gtk_widget_set_sensitive (step->resend_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (step->resend_label), TRUE);

  if (sent == NULL)
    {
      /* the server's words: a code sent a moment ago says to wait */
      gtk_label_set_text (step->resend_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (step->resend_label), "error");
      return;
    }

  /* Translators: %s is the new phone number another code was sent to */
  text = g_strdup_printf (_("Another code was sent to %s; the one before it no longer works."), step->flow->phone);
  gtk_label_set_text (step->resend_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (step->resend_label), "error");
  /* the caller reads out the new code */
  gtk_editable_set_text (step->entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (step->entry));
}

/* Send Again: the request that sent the first code, to the number it went to */
static void
resend_code_clicked_cb (LdOperationDialog *dialog)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &step_request);
  g_autofree char *key = NULL;

  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  if (step == NULL || step->cancellable != NULL)
    return;

  key = g_uuid_string_random ();
  step->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (step->resend_button, FALSE);
  ld_client_send_phone_code_async (step->flow->client, ld_member_get_id (step->flow->member), step->flow->phone,
                                   key, step->cancellable, resend_code_cb, g_object_ref (dialog));
}

/* ---- the steps after one: the new e-mail, the new phone, the code */

static void
show_step_after (ContactFlow *flow,
                 StepKind     kind)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *body = NULL;
  Step *step;

  if (kind == STEP_IDENTIFY && flow->change == STEP_EMAIL)
    {
      show_entry_step (flow, STEP_EMAIL, "/org/loyaltydesk/Agent/operations/contacts/ld-change-email-dialog.ui",
                       "email_entry", NULL, NULL);
      return;
    }

  if (kind == STEP_IDENTIFY)
    {
      show_entry_step (flow, STEP_PHONE, "/org/loyaltydesk/Agent/operations/contacts/ld-change-phone-dialog.ui",
                       "phone_entry", NULL, NULL);
      return;
    }

  /* Translators: %s is the new phone number the code was sent to */
  body = g_strdup_printf (_("A code was sent by SMS to %s. Type the code the caller reads out."), flow->phone);
  step = show_entry_step (flow, STEP_CODE, "/org/loyaltydesk/Agent/operations/contacts/ld-phone-code-dialog.ui",
                          "code_entry", body, &builder);
  step->resend_button = GTK_WIDGET (gtk_builder_get_object (builder, "resend_button"));
  step->resend_label = GTK_LABEL (gtk_builder_get_object (builder, "resend_label"));
  g_signal_connect_object (step->resend_button, "clicked", G_CALLBACK (resend_code_clicked_cb),
                           step->dialog, G_CONNECT_SWAPPED);
}

/* ---- the identification */

static void
identify_update_cb (LdOperationDialog *dialog)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &step_request);
  gboolean personal;

  if (step == NULL)
    return;

  personal = identify_by_personal_data (step);
  gtk_widget_set_sensitive (GTK_WIDGET (step->entry), !personal);
  ld_operation_dialog_set_ready (dialog, personal || gtk_editable_get_text (step->entry)[0] != '\0');
}

static void
identify_then_change (GtkWidget *widget,
                      LdClient  *client,
                      LdMember  *member,
                      StepKind   change)
{
  ContactFlow *flow = contact_flow_new (widget, client, member, change);
  g_autoptr(GtkBuilder) builder = NULL;
  Step *step;

  step = step_new (flow, STEP_IDENTIFY, "/org/loyaltydesk/Agent/operations/contacts/ld-identify-dialog.ui", &builder);
  contact_flow_unref (flow);
  step->entry = GTK_EDITABLE (gtk_builder_get_object (builder, "password_entry"));
  step->check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "personal_data_check"));

  if (!ld_client_has_right (client, LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD))
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD);

      gtk_widget_set_sensitive (GTK_WIDGET (step->check), FALSE);
      ld_operation_set_tooltip (GTK_WIDGET (step->check), tooltip);
    }

  gtk_window_set_title (GTK_WINDOW (step->dialog), change == STEP_PHONE ? _("Change Phone") : _("Change E-mail"));
  g_signal_connect_object (step->entry, "changed", G_CALLBACK (identify_update_cb), step->dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (step->check, "toggled", G_CALLBACK (identify_update_cb), step->dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (step->dialog));
}

/**
 * ld_contact_operations_change_phone:
 * @widget: a widget in the member page (member.reload is activated on it)
 *
 * Identifies the caller, then takes the new phone and the code sent to it.
 */
void
ld_contact_operations_change_phone (GtkWidget *widget,
                                    LdClient  *client,
                                    LdMember  *member)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (LD_IS_CLIENT (client));
  g_return_if_fail (LD_IS_MEMBER (member));

  identify_then_change (widget, client, member, STEP_PHONE);
}

/**
 * ld_contact_operations_change_email:
 * @widget: a widget in the member page (member.reload is activated on it)
 *
 * Identifies the caller, then takes the new e-mail.
 */
void
ld_contact_operations_change_email (GtkWidget *widget,
                                    LdClient  *client,
                                    LdMember  *member)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (LD_IS_CLIENT (client));
  g_return_if_fail (LD_IS_MEMBER (member));

  identify_then_change (widget, client, member, STEP_EMAIL);
}

/* ---- Send New Password */

/**
 * ld_contact_operations_send_password:
 * @widget: a widget in the member page (member.reload is activated on it)
 *
 * A new Personal Account password by SMS or by e-mail.
 */
void
ld_contact_operations_send_password (GtkWidget *widget,
                                     LdClient  *client,
                                     LdMember  *member)
{
  ContactFlow *flow;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *sms_label = NULL;
  g_autofree char *email_label = NULL;
  GtkCheckButton *sms_check;
  const char *phone;
  const char *email;
  Step *step;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (LD_IS_CLIENT (client));
  g_return_if_fail (LD_IS_MEMBER (member));

  flow = contact_flow_new (widget, client, member, STEP_PASSWORD);
  step = step_new (flow, STEP_PASSWORD, "/org/loyaltydesk/Agent/operations/contacts/ld-send-password-dialog.ui",
                   &builder);
  contact_flow_unref (flow);
  step->check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "email_check"));
  sms_check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "sms_check"));

  phone = ld_member_get_phone (member);
  email = ld_member_get_email (member);
  /* Translators: %s is the member's phone number */
  sms_label = g_strdup_printf (_("By _SMS to %s"), phone != NULL ? phone : "");
  gtk_check_button_set_label (sms_check, sms_label);
  if (email != NULL && *email != '\0')
    {
      /* Translators: %s is the member's e-mail address */
      email_label = g_strdup_printf (_("By _e-mail to %s"), email);
      gtk_check_button_set_label (step->check, email_label);
    }
  else
    {
      gtk_check_button_set_label (step->check, _("By _e-mail"));
      gtk_widget_set_sensitive (GTK_WIDGET (step->check), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (step->check), _("The member has no e-mail address"));
    }
  if (phone == NULL || *phone == '\0')
    {
      gtk_widget_set_sensitive (GTK_WIDGET (sms_check), FALSE);
      gtk_check_button_set_active (step->check, TRUE);
    }

  gtk_window_present (GTK_WINDOW (step->dialog));
}

/**
 * ld_contact_operations_send_password_action:
 *
 * The member page's "member.send-password": the dialog for the page's member; the
 * header menu it came from closes first.
 */
void
ld_contact_operations_send_password_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *param)
{
  LdMemberPage *page = LD_MEMBER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;
  GtkWidget *popover = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) : NULL;

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));

  if (ld_member_page_get_member (page) == NULL || ld_member_page_get_client (page) == NULL)
    return;

  ld_contact_operations_send_password (widget, ld_member_page_get_client (page), ld_member_page_get_member (page));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)) != NULL)
        return found;
    }

  return NULL;
}

/**
 * ld_contact_operations_update:
 * @page: the member page
 *
 * "member.send-password" follows the operator's right; its menu item (named
 * "send-password") says which right is missing.
 */
void
ld_contact_operations_update (GtkWidget *page,
                              LdClient  *client,
                              LdMember  *member)
{
  gboolean allowed = client != NULL && ld_client_has_right (client, LD_RIGHT_MEMBER_SEND_PASSWORD);
  g_autofree char *tooltip = allowed ? NULL : ld_operation_dup_missing_right (LD_RIGHT_MEMBER_SEND_PASSWORD);
  GtkWidget *item = find_named (page, "send-password");

  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_widget_action_set_enabled (page, "member.send-password", allowed && member != NULL);
  if (item != NULL)
    ld_operation_set_tooltip (item, tooltip);
}

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
 * from the widget that started it.
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-contact-operations.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"

typedef enum
{
  CONTACT_PHONE,
  CONTACT_EMAIL,
} ContactKind;

/* what the steps of one change share */
typedef struct
{
  LdClient    *client;
  LdMember    *member;
  GWeakRef     widget;   /* where it started: member.reload, the dialogs' parent */
  ContactKind  kind;
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
contact_flow_new (GtkWidget   *widget,
                  LdClient    *client,
                  LdMember    *member,
                  ContactKind  kind)
{
  ContactFlow *flow = g_rc_box_new0 (ContactFlow);

  flow->client = g_object_ref (client);
  flow->member = g_object_ref (member);
  g_weak_ref_init (&flow->widget, widget);
  flow->kind = kind;

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
  ContactFlow    *flow;
  GtkEditable    *entry;         /* owned by the dialog */
  GtkCheckButton *check;         /* owned by the dialog */
  GtkWidget      *resend_button; /* owned by the dialog */
  GtkLabel       *resend_label;  /* owned by the dialog */
  GCancellable   *cancellable;   /* Send Again's request, beside the dialog's own */
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

/* a step's dialog from its template, on the window of the widget that started */
static LdOperationDialog *
step_dialog_new (ContactFlow              *flow,
                 const char               *resource,
                 const LdOperationRequest *request,
                 GtkBuilder              **out_builder)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&flow->widget);
  LdOperationDialog *dialog = ld_operation_dialog_load (resource, out_builder);
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  Step *step;

  step = g_new0 (Step, 1);
  step->flow = g_rc_box_acquire (flow);
  ld_operation_dialog_set_request (dialog, request, step, step_free);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  return dialog;
}

/* a step of one entry (its object @entry_name), ready once the entry holds something;
 * "done" goes to @done_cb with @request as its data. Returns the step (owned by its
 * dialog, shown) and its template's @out_builder when asked for */
static Step *
show_entry_step (ContactFlow              *flow,
                 const char               *resource,
                 const LdOperationRequest *request,
                 const char               *entry_name,
                 const char               *body,
                 GCallback                 done_cb,
                 GtkBuilder              **out_builder)
{
  g_autoptr(GtkBuilder) builder = NULL;
  LdOperationDialog *dialog;
  Step *step;

  dialog = step_dialog_new (flow, resource, request, &builder);
  step = ld_operation_dialog_get_request_data (dialog, request);
  step->entry = GTK_EDITABLE (gtk_builder_get_object (builder, entry_name));
  ld_operation_dialog_follow_entry (dialog, step->entry);
  if (body != NULL)
    ld_operation_dialog_set_body (dialog, body);
  g_signal_connect (dialog, "done", done_cb, (gpointer) request);
  gtk_window_present (GTK_WINDOW (dialog));

  if (out_builder != NULL)
    *out_builder = g_steal_pointer (&builder);

  return step;
}

/* the change is made: the page fetches the profile again */
static void
contact_done_cb (LdOperationDialog *dialog,
                 GObject           *answer,
                 gpointer           user_data)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, user_data);
  g_autoptr(GtkWidget) widget = NULL;

  if (step == NULL)
    return;

  widget = g_weak_ref_get (&step->flow->widget);
  if (widget != NULL)
    gtk_widget_activate_action (widget, "member.reload", NULL);
}

/* ---- Change E-mail: the new address */

static void
email_submit (LdOperationDialog   *dialog,
              gpointer             data,
              const char          *idempotency_key,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             callback_data)
{
  Step *step = data;
  g_autofree char *email = step_dup_text (step);

  ld_client_change_member_email_async (step->flow->client, ld_member_get_id (step->flow->member), email,
                                       step->flow->token, idempotency_key, cancellable, callback, callback_data);
}

static gboolean
member_finish (LdOperationDialog  *dialog,
               gpointer            data,
               GAsyncResult       *result,
               GObject           **object,
               GError            **error)
{
  Step *step = data;
  LdMember *member;

  /* both changes answer the profile; the finish functions only differ by their tag */
  if (step->flow->kind == CONTACT_EMAIL)
    member = ld_client_change_member_email_finish (step->flow->client, result, error);
  else
    member = ld_client_change_member_phone_finish (step->flow->client, result, error);

  *object = G_OBJECT (member);
  return member != NULL;
}

static const LdOperationRequest email_request = {
  email_submit,
  member_finish,
};

static void
show_email_dialog (ContactFlow *flow)
{
  show_entry_step (flow, "/org/loyaltydesk/Agent/operations/contacts/ld-change-email-dialog.ui",
                   &email_request, "email_entry", NULL, G_CALLBACK (contact_done_cb), NULL);
}

/* ---- Change Phone: the code from the SMS */

static void
code_submit (LdOperationDialog   *dialog,
             gpointer             data,
             const char          *idempotency_key,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             callback_data)
{
  Step *step = data;
  g_autofree char *code = step_dup_text (step);

  ld_client_change_member_phone_async (step->flow->client, ld_member_get_id (step->flow->member),
                                       step->flow->phone, code, step->flow->token, idempotency_key,
                                       cancellable, callback, callback_data);
}

static const LdOperationRequest code_request = {
  code_submit,
  member_finish,
};

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
  step = ld_operation_dialog_get_request_data (dialog, &code_request);
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
  Step *step = ld_operation_dialog_get_request_data (dialog, &code_request);
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

static void
show_code_dialog (ContactFlow *flow)
{
  /* Translators: %s is the new phone number the code was sent to */
  g_autofree char *body = g_strdup_printf (_("A code was sent by SMS to %s. Type the code the caller reads out."),
                                           flow->phone);
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *dialog;
  Step *step;

  step = show_entry_step (flow, "/org/loyaltydesk/Agent/operations/contacts/ld-phone-code-dialog.ui",
                          &code_request, "code_entry", body, G_CALLBACK (contact_done_cb), &builder);
  dialog = gtk_builder_get_object (builder, "dialog");
  step->resend_button = GTK_WIDGET (gtk_builder_get_object (builder, "resend_button"));
  step->resend_label = GTK_LABEL (gtk_builder_get_object (builder, "resend_label"));
  g_signal_connect_object (step->resend_button, "clicked", G_CALLBACK (resend_code_clicked_cb),
                           dialog, G_CONNECT_SWAPPED);
}

/* ---- Change Phone: the new number, and a code to it */

static void
phone_submit (LdOperationDialog   *dialog,
              gpointer             data,
              const char          *idempotency_key,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             callback_data)
{
  Step *step = data;
  g_autofree char *phone = step_dup_text (step);

  ld_client_send_phone_code_async (step->flow->client, ld_member_get_id (step->flow->member), phone,
                                   idempotency_key, cancellable, callback, callback_data);
}

static gboolean
phone_finish (LdOperationDialog  *dialog,
              gpointer            data,
              GAsyncResult       *result,
              GObject           **object,
              GError            **error)
{
  Step *step = data;
  g_autoptr(JsonObject) sent = NULL;
  const char *phone = NULL;

  sent = ld_client_send_phone_code_finish (step->flow->client, result, error);
  if (sent == NULL)
    return FALSE;

  /* the number as the server wrote it down, which the change must name */
  g_free (step->flow->phone);
  if (ld_json_get_string (sent, "phone", NULL, &phone) && phone != NULL)
    step->flow->phone = g_strdup (phone);
  else
    step->flow->phone = step_dup_text (step);

  *object = NULL;
  return TRUE;
}

static const LdOperationRequest phone_request = {
  phone_submit,
  phone_finish,
};

static void
phone_done_cb (LdOperationDialog *dialog,
               GObject           *answer,
               gpointer           user_data)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &phone_request);

  if (step != NULL)
    show_code_dialog (step->flow);
}

static void
show_phone_dialog (ContactFlow *flow)
{
  show_entry_step (flow, "/org/loyaltydesk/Agent/operations/contacts/ld-change-phone-dialog.ui",
                   &phone_request, "phone_entry", NULL, G_CALLBACK (phone_done_cb), NULL);
}

/* ---- the identification */

static gboolean
identify_by_personal_data (Step *step)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (step->check)) && gtk_check_button_get_active (step->check);
}

static void
identify_submit (LdOperationDialog   *dialog,
                 gpointer             data,
                 const char          *idempotency_key,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             callback_data)
{
  Step *step = data;
  /* the password as typed: spaces may be part of it */
  const char *password = identify_by_personal_data (step) ? NULL : gtk_editable_get_text (step->entry);

  ld_client_identify_member_async (step->flow->client, ld_member_get_id (step->flow->member), password,
                                   idempotency_key, cancellable, callback, callback_data);
}

static gboolean
identify_finish (LdOperationDialog  *dialog,
                 gpointer            data,
                 GAsyncResult       *result,
                 GObject           **object,
                 GError            **error)
{
  Step *step = data;
  g_autoptr(JsonObject) identification = NULL;
  const char *token = NULL;

  identification = ld_client_identify_member_finish (step->flow->client, result, error);
  if (identification == NULL)
    return FALSE;

  if (!ld_json_get_string (identification, "identification_token", NULL, &token) || token == NULL)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                           _("The server identified the caller without a token"));
      return FALSE;
    }

  g_free (step->flow->token);
  step->flow->token = g_strdup (token);
  *object = NULL;
  return TRUE;
}

static const LdOperationRequest identify_request = {
  identify_submit,
  identify_finish,
};

static void
identify_update_cb (LdOperationDialog *dialog)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &identify_request);
  gboolean personal;

  if (step == NULL)
    return;

  personal = identify_by_personal_data (step);
  gtk_widget_set_sensitive (GTK_WIDGET (step->entry), !personal);
  ld_operation_dialog_set_ready (dialog, personal || gtk_editable_get_text (step->entry)[0] != '\0');
}

static void
identify_done_cb (LdOperationDialog *dialog,
                  GObject           *answer,
                  gpointer           user_data)
{
  Step *step = ld_operation_dialog_get_request_data (dialog, &identify_request);

  if (step == NULL)
    return;

  if (step->flow->kind == CONTACT_PHONE)
    show_phone_dialog (step->flow);
  else
    show_email_dialog (step->flow);
}

static void
identify_then_change (GtkWidget   *widget,
                      LdClient    *client,
                      LdMember    *member,
                      ContactKind  kind)
{
  ContactFlow *flow = contact_flow_new (widget, client, member, kind);
  g_autoptr(GtkBuilder) builder = NULL;
  LdOperationDialog *dialog;
  Step *step;

  dialog = step_dialog_new (flow, "/org/loyaltydesk/Agent/operations/contacts/ld-identify-dialog.ui",
                            &identify_request, &builder);
  contact_flow_unref (flow);
  step = ld_operation_dialog_get_request_data (dialog, &identify_request);
  step->entry = GTK_EDITABLE (gtk_builder_get_object (builder, "password_entry"));
  step->check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "personal_data_check"));

  if (!ld_client_has_right (client, LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD))
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD);

      gtk_widget_set_sensitive (GTK_WIDGET (step->check), FALSE);
      ld_operation_set_tooltip (GTK_WIDGET (step->check), tooltip);
    }

  gtk_window_set_title (GTK_WINDOW (dialog), kind == CONTACT_PHONE ? _("Change Phone") : _("Change E-mail"));
  g_signal_connect_object (step->entry, "changed", G_CALLBACK (identify_update_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (step->check, "toggled", G_CALLBACK (identify_update_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect (dialog, "done", G_CALLBACK (identify_done_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
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

  identify_then_change (widget, client, member, CONTACT_PHONE);
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

  identify_then_change (widget, client, member, CONTACT_EMAIL);
}

/* ---- Send New Password */

static void
password_submit (LdOperationDialog   *dialog,
                 gpointer             data,
                 const char          *idempotency_key,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             callback_data)
{
  Step *step = data;
  const char *channel = gtk_check_button_get_active (step->check) ? "email" : "sms";

  ld_client_send_member_password_async (step->flow->client, ld_member_get_id (step->flow->member), channel,
                                        idempotency_key, cancellable, callback, callback_data);
}

static gboolean
password_finish (LdOperationDialog  *dialog,
                 gpointer            data,
                 GAsyncResult       *result,
                 GObject           **object,
                 GError            **error)
{
  Step *step = data;
  g_autoptr(JsonObject) sent = NULL;

  sent = ld_client_send_member_password_finish (step->flow->client, result, error);
  *object = NULL;

  return sent != NULL;
}

static const LdOperationRequest password_request = {
  password_submit,
  password_finish,
};

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
  LdOperationDialog *dialog;
  GtkCheckButton *sms_check;
  const char *phone;
  const char *email;
  Step *step;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (LD_IS_CLIENT (client));
  g_return_if_fail (LD_IS_MEMBER (member));

  flow = contact_flow_new (widget, client, member, CONTACT_PHONE);
  dialog = step_dialog_new (flow, "/org/loyaltydesk/Agent/operations/contacts/ld-send-password-dialog.ui",
                            &password_request, &builder);
  contact_flow_unref (flow);
  step = ld_operation_dialog_get_request_data (dialog, &password_request);
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

  g_signal_connect (dialog, "done", G_CALLBACK (contact_done_cb), (gpointer) &password_request);
  gtk_window_present (GTK_WINDOW (dialog));
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

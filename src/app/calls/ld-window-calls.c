/* ld-window-calls.c — the window's calls: the screen pop, End Call, no call left open
 *
 * An incoming call registers itself on the server, shows the call banner and pops the
 * member (or the "not registered" page). The Open Calls page lists the calls nobody
 * ended (a supervisor sees every agent's) and ends one with the banner's End Call.
 *
 * A call is never left open by closing the window, quitting or logging out: with calls
 * on the banner, the End Call dialog asks why each one ended, one after the other (the
 * one on the line first, then the earlier ones), and what the agent asked for happens
 * once none is left. Cancel keeps the window and the calls; a refusal stays in the
 * dialog, the window open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-call-banner.h"
#include "ld-end-call-dialog.h"
#include "ld-open-calls-page.h"
#include "ld-operation-setup.h"
#include "ld-question.h"
#include "ld-training-dialog.h"
#include "ld-unknown-caller-page.h"
#include "ld-window-private.h"

static void ld_window_end (LdWindow *self,
                           LdCall   *call);

static void
ld_window_update_end_call_tooltip (LdWindow *self)
{
  GtkWidget *earlier_button;
  GtkWidget *button;

  g_assert (LD_IS_WINDOW (self));

  button = ld_call_banner_get_end_button (self->call_banner);
  earlier_button = ld_call_banner_get_end_earlier_button (self->call_banner);

  if (ld_client_has_right (self->client, LD_RIGHT_CALL_END))
    {
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_widget_set_tooltip_text (earlier_button, NULL);
    }
  else
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_CALL_END);

      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_set_tooltip_text (earlier_button, tooltip);
    }
}

/* what a call request carries to its callback */
typedef struct
{
  LdWindow *self;
  char     *phone;
  LdCall   *call;
} CallRequest;

static CallRequest *
call_request_new (LdWindow   *self,
                  const char *phone,
                  LdCall     *call)
{
  CallRequest *request = g_new0 (CallRequest, 1);

  request->self = g_object_ref (self);
  request->phone = g_strdup (phone);
  request->call = call ? g_object_ref (call) : NULL;

  return request;
}

static void
call_request_free (CallRequest *request)
{
  g_clear_object (&request->self);
  g_clear_pointer (&request->phone, g_free);
  g_clear_object (&request->call);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallRequest, call_request_free)

/* the Open Calls page fetches its list again (when it is next shown, if it is behind
 * another tab): this desk started or ended a call */
static void
ld_window_reload_open_calls (LdWindow *self)
{
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));

  if ((page = ld_window_find_tab_of_type (self, LD_TYPE_OPEN_CALLS_PAGE)))
    ld_open_calls_page_reload (LD_OPEN_CALLS_PAGE (adw_tab_page_get_child (page)));
}

static void
ld_window_start_call_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LdClient *client = (LdClient *)object;
  g_autoptr(CallRequest) request = user_data;
  LdWindow *self = request->self;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(GError) error = NULL;
  LdMember *member;

  g_assert (LD_IS_CLIENT (client));
  g_assert (LD_IS_WINDOW (self));

  if (!(call = ld_client_start_call_finish (client, result, &error)))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("The call from %s could not be taken: %s"),
                                 request->phone, error->message);
      ld_window_toast (self, message);
      return;
    }

  /* a call on the line already stays on the banner, to be ended, below this one */
  ld_call_banner_add_call (self->call_banner, call);
  ld_window_reload_open_calls (self);

  if ((member = ld_call_get_member (call)) && ld_member_get_id (member) > 0)
    ld_window_open_member (self, ld_member_get_id (member));
  else
    ld_window_add_tab (self, ld_unknown_caller_page_new (self->client, call), "call-incoming-symbolic");
}

/**
 * ld_window_incoming_call:
 * @number: the caller's number as the telephony gave it
 *
 * The screen pop: registers the call on the server, shows the banner with its timer
 * and opens the caller's member, or the page saying the number is not registered.
 */
void
ld_window_incoming_call (LdWindow   *self,
                         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (LD_IS_WINDOW (self));
  g_return_if_fail (number != NULL);

  if (!(phone = ld_phone_normalize (number, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("A call came from “%s”, which is not a phone number: %s"),
                                                  number, error->message);

      ld_window_toast (self, message);
      return;
    }

  /* one call from the telephony, one key: the server never registers it twice */
  key = g_uuid_string_random ();
  ld_client_start_call_async (self->client,
                              phone,
                              key,
                              self->cancellable,
                              ld_window_start_call_cb,
                              call_request_new (self, phone, NULL));
}

/* the call's member, fetched once the caller registered during the call */
static void
ld_window_caller_registered_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  LdClient *client = (LdClient *)object;
  g_autoptr(CallRequest) request = user_data;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (client));
  g_assert (LD_IS_CALL (request->call));

  if (!(member = ld_client_get_member_finish (client, result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The new member of the call could not be fetched: %s", error->message);
      return;
    }

  /* the banner follows its call's member */
  g_object_set (request->call,
                "member", member,
                "member-id", ld_member_get_id (member),
                NULL);
}

/**
 * ld_window_calls_set_member:
 * @call_id: the call a registration was made on; 0 for none
 * @member_id: the member it registered
 *
 * A caller who registered during the call (on the line or earlier and not ended) is
 * that member for the rest of it: the banner shows them.
 */
void
ld_window_calls_set_member (LdWindow *self,
                            gint64    call_id,
                            gint64    member_id)
{
  LdCall *call;

  g_assert (LD_IS_WINDOW (self));

  call = ld_call_banner_find_call (self->call_banner, call_id);
  if (call != NULL && ld_call_get_member (call) == NULL)
    ld_client_get_member_async (self->client, member_id, self->cancellable,
                                ld_window_caller_registered_cb,
                                call_request_new (self, ld_call_get_phone (call), call));
}

static gboolean
ld_window_close_next_cb (gpointer user_data)
{
  LdWindow *self = user_data;
  LdCall *call;

  g_assert (LD_IS_WINDOW (self));

  /* the window went, or the agent cancelled meanwhile */
  if (self->call_banner == NULL || self->then_action == NULL)
    return G_SOURCE_REMOVE;

  /* an earlier call not ended comes on the line when the one on it ends */
  if (!self->leaving_calls_open && (call = ld_call_banner_get_call (self->call_banner)))
    {
      ld_window_end (self, call);
    }
  else
    {
      g_autofree char *action = g_steal_pointer (&self->then_action);

      gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
    }

  return G_SOURCE_REMOVE;
}

static void
ld_window_call_ended_cb (LdWindow          *self,
                         GObject           *object,
                         LdOperationDialog *dialog)
{
  LdCall *ended = LD_CALL (object);

  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_CALL (ended));
  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  /* only that call goes: another one that came in meanwhile stays, and an earlier one
   * not ended comes back on the line when the one on the line ends */
  ld_call_banner_remove_call (self->call_banner, ended);

  ld_window_toast (self, _("Call ended"));

  ld_window_reload_open_calls (self);

  /* closing: the next call, or what waits for the last, once this dialog is gone */
  if (self->then_action != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ld_window_close_next_cb,
                     g_object_ref (self), g_object_unref);
}

/* the agent goes without ending the calls (they may not, or the server cannot be
 * reached): they stay open on the server, and what waited for them goes on once the
 * question is gone */
static void
ld_window_leave_calls_open (LdWindow *self)
{
  g_assert (LD_IS_WINDOW (self));

  self->leaving_calls_open = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ld_window_close_next_cb,
                   g_object_ref (self), g_object_unref);
}

/* the question to an operator who may not end calls */
static void
ld_window_leave_response_cb (LdWindow         *self,
                             const char       *response,
                             AdwMessageDialog *dialog)
{
  g_assert (LD_IS_WINDOW (self));

  if (g_strcmp0 (response, "leave") == 0)
    ld_window_leave_calls_open (self);
  else
    g_clear_pointer (&self->then_action, g_free);
}

/* the End Call dialog's Close Without Ending, after the server could not be reached */
static void
ld_window_end_abandoned_cb (LdWindow          *self,
                            LdOperationDialog *dialog)
{
  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  ld_window_leave_calls_open (self);
}

static void
ld_window_end_cancelled_cb (LdWindow          *self,
                            LdOperationDialog *dialog)
{
  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  /* Cancel keeps the call, and so the window */
  g_clear_pointer (&self->then_action, g_free);
}

/* the End Call dialog of @call, which ends it itself and keeps a refusal in its own
 * words; while the window is closing it says why it asks */
static void
ld_window_end (LdWindow *self,
               LdCall   *call)
{
  LdOperationDialog *dialog;

  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_CALL (call));

  /* one at a time: a close while the dialog is up waits for it */
  if (self->end_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->end_dialog));
      return;
    }

  dialog = ld_end_call_dialog_new (GTK_WINDOW (self), self->client, call, self->config);
  if (self->then_action != NULL)
    {
      /* Translators: %s is the caller's number */
      g_autofree char *body = g_strdup_printf (_("The call from %s is still open. Choose why it ended; "
                                                 "the window closes once no call is open."),
                                               ld_call_get_phone (call));

      ld_operation_dialog_set_body (dialog, body);
      ld_end_call_dialog_set_closing (dialog);
      g_signal_connect_object (dialog, "abandoned",
                               G_CALLBACK (ld_window_end_abandoned_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (ld_window_call_ended_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "cancelled",
                           G_CALLBACK (ld_window_end_cancelled_cb),
                           self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->end_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ld_window_end_call_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  LdCall *call;

  g_assert (LD_IS_WINDOW (self));

  if ((call = ld_call_banner_get_call (self->call_banner)))
    ld_window_end (self, call);
}

/* the call on the line before the current one, not ended yet */
static void
ld_window_end_earlier_call_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  LdCall *call;

  g_assert (LD_IS_WINDOW (self));

  if ((call = ld_call_banner_get_earlier_call (self->call_banner)))
    ld_window_end (self, call);
}

/* a call of the Open Calls page: the same End Call as the banner's */
static void
ld_window_open_call_activated_cb (LdWindow        *self,
                                  LdCall          *call,
                                  LdOpenCallsPage *page)
{
  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_CALL (call));

  ld_window_end (self, call);
}

static void
ld_window_show_open_calls_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  GtkWidget *page;

  g_assert (LD_IS_WINDOW (self));

  if (ld_window_select_tab_of_type (self, LD_TYPE_OPEN_CALLS_PAGE))
    return;

  page = ld_open_calls_page_new (self->client);
  g_signal_connect_object (page, "call-activated",
                           G_CALLBACK (ld_window_open_call_activated_cb),
                           self, G_CONNECT_SWAPPED);
  ld_window_add_tab (self, page, "call-start-symbolic");
}

/* the End Call actions and buttons follow the calls on the banner and the operator's rights */
void
ld_window_calls_update_actions (LdWindow *self)
{
  gboolean may_end_call;

  g_assert (LD_IS_WINDOW (self));

  may_end_call = ld_client_has_right (self->client, LD_RIGHT_CALL_END);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-call",
                                 may_end_call && ld_call_banner_get_call (self->call_banner) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-earlier-call",
                                 may_end_call && ld_call_banner_get_earlier_call (self->call_banner) != NULL);
  ld_window_update_end_call_tooltip (self);
}

static void
ld_window_calls_changed_cb (LdWindow     *self,
                            GParamSpec   *pspec,
                            LdCallBanner *banner)
{
  g_assert (LD_IS_WINDOW (self));

  ld_window_calls_update_actions (self);
}

void
ld_window_calls_constructed (LdWindow *self)
{
  g_assert (LD_IS_WINDOW (self));

  g_signal_connect_object (self->call_banner, "notify::call",
                           G_CALLBACK (ld_window_calls_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call_banner, "notify::n-earlier",
                           G_CALLBACK (ld_window_calls_changed_cb),
                           self, G_CONNECT_SWAPPED);
  ld_window_calls_update_actions (self);
}

void
ld_window_calls_dispose (LdWindow *self)
{
  g_assert (LD_IS_WINDOW (self));

  g_clear_weak_pointer (&self->end_dialog);
  g_clear_pointer (&self->then_action, g_free);
}

void
ld_window_class_init_calls (GtkWidgetClass *widget_class)
{
  g_type_ensure (LD_TYPE_CALL_BANNER);

  gtk_widget_class_install_action (widget_class, "win.end-call", NULL, ld_window_end_call_action);
  gtk_widget_class_install_action (widget_class, "win.end-earlier-call", NULL, ld_window_end_earlier_call_action);
  gtk_widget_class_install_action (widget_class, "win.show-open-calls", NULL, ld_window_show_open_calls_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.end-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-open-calls", NULL);
}

/**
 * ld_window_get_call:
 *
 * Returns: (transfer none) (nullable): the call on the line
 */
LdCall *
ld_window_get_call (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return ld_call_banner_get_call (self->call_banner);
}

/**
 * ld_window_end_calls_then:
 * @action_name: the detailed action to activate once no call is open, e.g. "app.quit"
 *
 * What comes before closing the window, quitting or logging out: a call is never left
 * open by them unless the agent says so. Each call on the banner (the one on the line,
 * then the earlier ones) is ended in the End Call dialog with the reason the agent picks,
 * and @action_name is activated after the last; a Cancel forgets it, the window and the
 * calls staying. Should the server not be reached, that dialog also offers to close
 * without ending the call; an operator who may not end calls is asked whether to go
 * and leave them open.
 *
 * Returns: %TRUE when no call waits to be ended (or the agent chose to leave them open)
 *   and the caller goes on; %FALSE when the window asks first
 */
gboolean
ld_window_end_calls_then (LdWindow   *self,
                          const char *action_name)
{
  LdCall *call;

  g_return_val_if_fail (LD_IS_WINDOW (self), TRUE);
  g_return_val_if_fail (action_name != NULL, TRUE);

  if (self->leaving_calls_open || (call = ld_call_banner_get_call (self->call_banner)) == NULL)
    return TRUE;

  g_free (self->then_action);
  self->then_action = g_strdup (action_name);

  if (!ld_client_has_right (self->client, LD_RIGHT_CALL_END))
    {
      guint n_earlier = ld_call_banner_get_n_earlier (self->call_banner);
      g_autofree char *body = NULL;

      if (n_earlier == 0)
        /* Translators: %s is the caller's number */
        body = g_strdup_printf (_("You may not end calls: the call from %s stays open."),
                                ld_call_get_phone (call));
      else
        /* Translators: %s is the caller's number, %u how many calls came before it */
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "You may not end calls: the call from %s and %u earlier call stay open.",
                                             "You may not end calls: the call from %s and %u earlier calls stay open.",
                                             n_earlier),
                                ld_call_get_phone (call), n_earlier);
      ld_question_ask (GTK_WIDGET (self), _("Leave the Call Open?"), body, NULL,
                       ADW_RESPONSE_DESTRUCTIVE, G_CALLBACK (ld_window_leave_response_cb),
                       "cancel", _("_Cancel"),
                       "leave", _("Close _Anyway"),
                       NULL);
      return FALSE;
    }

  ld_window_end (self, call);

  return FALSE;
}

void
ld_window_show_training_dialog (LdWindow *self)
{
  g_return_if_fail (LD_IS_WINDOW (self));

  gtk_window_present (GTK_WINDOW (ld_training_dialog_new (GTK_WINDOW (self))));
}

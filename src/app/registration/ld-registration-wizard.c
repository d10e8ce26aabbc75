/* ld-registration-wizard.c — the registration of a new member, step by step, on a server draft
 *
 * The wizard is a shell around its pages: a GtkStack with a page per step of the draft
 * (LdRegistrationStepPage, in pages/), the shell's own pages (starting, a landline
 * number, a start that failed, done, ended), the progress line, the error line and the
 * Back / Cancel / Next buttons. What the buttons show follows the wizard's properties
 * (next-label, next-visible, …, bound in the template), which follow the draft
 * (LdRegistrationDraft: its steps, which are saved) and the page shown; the actions'
 * states follow the same.
 *
 * The draft lives on the server (ld-registration-wizard-requests.c): Next asks the page
 * what it sends and sends it before moving on; a page of a step the server has already
 * taken is shown read-only, Back is for looking. Enter is Next, Escape asks before
 * cancelling, Alt+Left is Back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-properties.h"
#include "ld-question.h"
#include "ld-registration-wizard-private.h"

G_DEFINE_FINAL_TYPE (LdRegistrationWizard, ld_registration_wizard, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PHONE,
  PROP_CALL_ID,
  PROP_TITLE,
  PROP_PAGE,
  PROP_STEP,
  PROP_BUSY,
  PROP_DRAFT_ID,
  PROP_MEMBER_ID,
  PROP_ERROR,
  PROP_PROGRESS,
  PROP_PROGRESS_FRACTION,
  PROP_NEXT_LABEL,
  PROP_NEXT_VISIBLE,
  PROP_BACK_VISIBLE,
  PROP_CANCEL_VISIBLE,
  N_PROPS
};

enum {
  COMPLETED,
  OPEN_MEMBER,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- the pages */

/**
 * _ld_registration_wizard_step_page:
 *
 * Returns: (transfer none) (nullable): the page of @step: a step page, or the done and
 *   ended pages; %NULL for NONE
 */
GtkWidget *
_ld_registration_wizard_step_page (LdRegistrationWizard *self,
                                   LdRegistrationStep    step)
{
  switch (step)
    {
    case LD_REGISTRATION_STEP_CARD:
      return GTK_WIDGET (self->card_page);
    case LD_REGISTRATION_STEP_PHONE_LINK:
      return GTK_WIDGET (self->phone_link_page);
    case LD_REGISTRATION_STEP_PHONE:
      return GTK_WIDGET (self->phone_page);
    case LD_REGISTRATION_STEP_VIRTUAL_CARD:
      return GTK_WIDGET (self->virtual_card_page);
    case LD_REGISTRATION_STEP_EMAIL:
      return GTK_WIDGET (self->email_page);
    case LD_REGISTRATION_STEP_CONSENT:
      return GTK_WIDGET (self->consent_page);
    case LD_REGISTRATION_STEP_PASSWORD:
      return GTK_WIDGET (self->password_page);
    case LD_REGISTRATION_STEP_FORM:
      return GTK_WIDGET (self->form_page);
    case LD_REGISTRATION_STEP_DONE:
      return GTK_WIDGET (self->done_page);
    case LD_REGISTRATION_STEP_ENDED:
      return GTK_WIDGET (self->ended_page);
    case LD_REGISTRATION_STEP_NONE:
    default:
      return NULL;
    }
}

static LdRegistrationStepPage *
ld_registration_wizard_step_page_shown (LdRegistrationWizard *self)
{
  return ld_registration_step_is_step (self->step) ? LD_REGISTRATION_STEP_PAGE (self->page) : NULL;
}

static gboolean
ld_registration_wizard_saved (LdRegistrationWizard *self,
                              LdRegistrationStep    step)
{
  return self->draft != NULL && ld_registration_draft_is_saved (self->draft, step);
}

static gboolean
ld_registration_wizard_open (LdRegistrationWizard *self)
{
  return self->draft != NULL && ld_registration_draft_is_open (self->draft);
}

/* ---- what the buttons show */

static void
set_boolean (LdRegistrationWizard *self,
             gboolean             *field,
             gboolean              value,
             guint                 prop_id)
{
  if (*field == !!value)
    return;

  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (LdRegistrationWizard  *self,
            char                 **field,
            const char            *value,
            guint                  prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* the progress line: "Step 2 of 6 — Phone confirmation" */
static void
ld_registration_wizard_sync_progress (LdRegistrationWizard *self)
{
  g_autofree char *progress = NULL;
  double fraction = 0.0;
  guint total = self->draft ? ld_registration_draft_get_n_steps (self->draft) : 0;

  if (ld_registration_step_is_step (self->step) && total > 0)
    {
      guint index = ld_registration_draft_get_step_index (self->draft, self->step);

      progress = g_strdup_printf (_("Step %u of %u — %s"), MIN (index + 1, total), total,
                                  ld_registration_step_get_title (self->step));
      if (ld_registration_wizard_saved (self, self->step))
        {
          char *with_note = g_strdup_printf (_("%s (saved)"), progress);

          g_free (progress);
          progress = with_note;
        }
      fraction = (double) index / total;
    }
  else if (self->step == LD_REGISTRATION_STEP_DONE)
    {
      progress = g_strdup (_("Registration complete"));
      fraction = 1.0;
    }
  else if (self->step == LD_REGISTRATION_STEP_ENDED)
    progress = g_strdup (_("Registration ended"));
  else
    progress = g_strdup_printf (_("Registration of %s"), self->phone);

  set_string (self, &self->progress, progress, PROP_PROGRESS);
  if (self->progress_fraction != fraction)
    {
      self->progress_fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_FRACTION]);
    }
}

/* the buttons' and actions' states from the draft and the page shown */
void
_ld_registration_wizard_sync (LdRegistrationWizard *self)
{
  LdRegistrationStepPage *page = ld_registration_wizard_step_page_shown (self);
  LdRegistrationStep step = self->step;
  gboolean busy = self->n_busy > 0;
  gboolean open = ld_registration_wizard_open (self);
  gboolean saved = ld_registration_wizard_saved (self, step);
  gboolean landline = self->page == GTK_WIDGET (self->landline_page);
  gboolean closed = step == LD_REGISTRATION_STEP_DONE || step == LD_REGISTRATION_STEP_ENDED;
  gboolean editable = !busy && open && !saved;
  gboolean may_skip = ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);
  static const LdRegistrationStep read_only[] = {
    LD_REGISTRATION_STEP_CARD, LD_REGISTRATION_STEP_PHONE, LD_REGISTRATION_STEP_VIRTUAL_CARD,
    LD_REGISTRATION_STEP_EMAIL, LD_REGISTRATION_STEP_CONSENT, LD_REGISTRATION_STEP_FORM,
  };
  const char *next_label = NULL;

  /* a step the server has taken is read-only */
  for (guint i = 0; i < G_N_ELEMENTS (read_only); i++)
    gtk_widget_set_sensitive (_ld_registration_wizard_step_page (self, read_only[i]),
                              !ld_registration_wizard_saved (self, read_only[i]));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 !busy && (landline || (page != NULL && ld_registration_step_page_can_go_on (page))));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !busy && page != NULL &&
                                 ld_registration_draft_get_neighbour (self->draft, step, -1) != LD_REGISTRATION_STEP_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", !closed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.retry", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.search-card",
                                 editable && step == LD_REGISTRATION_STEP_CARD);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.without-card",
                                 editable && step == LD_REGISTRATION_STEP_CARD &&
                                 ld_registration_card_page_get_without_card_offered (self->card_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.send-code",
                                 editable && step == LD_REGISTRATION_STEP_PHONE &&
                                 ld_registration_phone_page_get_may_resend (self->phone_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.skip-confirmation",
                                 editable && may_skip && step == LD_REGISTRATION_STEP_PHONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.refuse-consent",
                                 editable && step == LD_REGISTRATION_STEP_CONSENT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-owner",
                                 ld_registration_card_page_get_owner_id (self->card_page) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-member", self->member_id > 0);

  /* Next says what it does */
  if (landline)
    next_label = _("_Register Anyway");
  else if (page != NULL && !saved)
    next_label = ld_registration_step_page_get_next_label (page);
  set_string (self, &self->next_label, next_label ? next_label : _("_Next"), PROP_NEXT_LABEL);
  set_boolean (self, &self->next_visible, page != NULL || landline, PROP_NEXT_VISIBLE);
  set_boolean (self, &self->back_visible, page != NULL, PROP_BACK_VISIBLE);
  set_boolean (self, &self->cancel_visible, !closed, PROP_CANCEL_VISIBLE);

  ld_registration_wizard_sync_progress (self);
}

/* a page's Next label, or what it may do, changed */
static void
ld_registration_wizard_page_changed_cb (LdRegistrationWizard   *self,
                                        LdRegistrationStepPage *page)
{
  if (!self->loading)
    _ld_registration_wizard_sync (self);
}

static void
ld_registration_wizard_focus_page (LdRegistrationWizard *self)
{
  LdRegistrationStepPage *page = ld_registration_wizard_step_page_shown (self);

  if (page != NULL && !ld_registration_wizard_saved (self, self->step) &&
      ld_registration_step_page_focus_first (page))
    return;

  if (self->page == GTK_WIDGET (self->done_page))
    gtk_widget_grab_focus (self->open_member_button);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

void
_ld_registration_wizard_show_page (LdRegistrationWizard *self,
                                   GtkWidget            *page)
{
  g_assert (page != NULL && gtk_widget_get_parent (page) == GTK_WIDGET (self->stack));

  if (self->page != page)
    {
      LdRegistrationStep step = LD_REGISTRATION_STEP_NONE;

      _ld_registration_wizard_set_error (self, NULL, NULL);

      if (LD_IS_REGISTRATION_STEP_PAGE (page))
        step = ld_registration_step_page_get_step (LD_REGISTRATION_STEP_PAGE (page));
      else if (page == GTK_WIDGET (self->done_page))
        step = LD_REGISTRATION_STEP_DONE;
      else if (page == GTK_WIDGET (self->ended_page))
        step = LD_REGISTRATION_STEP_ENDED;

      self->page = page;
      gtk_stack_set_visible_child (self->stack, page);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
      if (self->step != step)
        {
          self->step = step;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
        }
    }

  _ld_registration_wizard_sync (self);
  ld_registration_wizard_focus_page (self);
}

/* ---- errors and the fields they point at */

void
_ld_registration_wizard_set_error (LdRegistrationWizard *self,
                                   const char           *message,
                                   const char           *field)
{
  LdRegistrationStepPage *page = ld_registration_wizard_step_page_shown (self);

  if (page != NULL)
    ld_registration_step_page_mark_error (page, NULL);

  set_string (self, &self->error, message, PROP_ERROR);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  if (page != NULL && field != NULL)
    ld_registration_step_page_mark_error (page, field);
}

/* ---- requests on the way */

void
_ld_registration_wizard_set_busy (LdRegistrationWizard *self,
                                  gboolean              busy)
{
  gboolean was_busy = self->n_busy > 0;

  if (busy)
    self->n_busy++;
  else if (self->n_busy > 0)
    self->n_busy--;

  if (was_busy == (self->n_busy > 0))
    return;

  _ld_registration_wizard_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_ld_registration_wizard_notify_draft_id (LdRegistrationWizard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_ID]);
}

void
_ld_registration_wizard_notify_member_id (LdRegistrationWizard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_ID]);
}

void
_ld_registration_wizard_emit_completed (LdRegistrationWizard *self)
{
  g_signal_emit (self, signals[COMPLETED], 0, self->member_id);
}

void
_ld_registration_wizard_emit_closed (LdRegistrationWizard *self)
{
  g_signal_emit (self, signals[CLOSED], 0);
}

/* ---- Next and Back */

/* a page the server has taken, or one that sends nothing: on to the next page while the
 * server has taken that one too, else where the draft stands */
static void
ld_registration_wizard_go_on (LdRegistrationWizard *self)
{
  LdRegistrationStep next = ld_registration_draft_get_neighbour (self->draft, self->step, +1);

  if (self->step == LD_REGISTRATION_STEP_PHONE_LINK)
    self->phone_link_seen = TRUE;

  if (next != LD_REGISTRATION_STEP_NONE &&
      ld_registration_draft_get_step_index (self->draft, next) <=
      ld_registration_draft_get_step_index (self->draft, ld_registration_draft_get_step (self->draft)))
    _ld_registration_wizard_show_page (self, _ld_registration_wizard_step_page (self, next));
  else
    _ld_registration_wizard_land (self);
}

static void
ld_registration_wizard_refuse_response_cb (LdRegistrationWizard *self,
                                           const char           *response,
                                           AdwMessageDialog     *dialog)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean offer;
  gboolean personal_data;

  if (g_strcmp0 (response, "end") != 0 || !ld_registration_wizard_open (self))
    return;

  ld_registration_consent_page_get_consent (self->consent_page, &offer, &personal_data);
  /* the caller refuses: at least one of them is no */
  if (offer && personal_data)
    offer = personal_data = FALSE;

  adw_status_page_set_description (self->ended_page,
                                   _("The caller did not consent to the formal offer and the processing "
                                     "of personal data, so they cannot join the program. "
                                     "The registration was cancelled and nothing was created."));
  body = json_object_new ();
  json_object_set_boolean_member (body, "offer", offer);
  json_object_set_boolean_member (body, "personal_data", personal_data);
  _ld_registration_wizard_send (self, LD_REGISTRATION_REQUEST_REFUSE_CONSENT, body);
}

static void
ld_registration_wizard_ask_refuse (LdRegistrationWizard *self)
{
  ld_question_ask (GTK_WIDGET (self), _("End the Registration?"),
                   _("Without consent to the formal offer and to the processing of "
                     "personal data the caller cannot join the program. "
                     "The registration ends and nothing is kept."),
                   NULL, ADW_RESPONSE_DESTRUCTIVE,
                   G_CALLBACK (ld_registration_wizard_refuse_response_cb),
                   "back", _("_Go Back"),
                   "end", _("_End Registration"),
                   NULL);
}

static void
ld_registration_wizard_next_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  LdRegistrationStepPage *page = ld_registration_wizard_step_page_shown (self);
  LdRegistrationRequest request;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *field = NULL;
  g_autoptr(GError) error = NULL;

  if (self->n_busy > 0)
    return;

  if (self->page == GTK_WIDGET (self->landline_page))
    {
      _ld_registration_wizard_start (self);
      return;
    }

  if (page == NULL)
    return;

  if (ld_registration_wizard_saved (self, self->step))
    {
      ld_registration_wizard_go_on (self);
      return;
    }

  /* what was typed stays on the page when it cannot be sent */
  if (!ld_registration_step_page_get_body (page, &request, &body, &field, &error))
    {
      _ld_registration_wizard_set_error (self, error->message, field);
      return;
    }

  switch (request)
    {
    case LD_REGISTRATION_REQUEST_NONE:
      ld_registration_wizard_go_on (self);
      break;

    case LD_REGISTRATION_REQUEST_SEARCH_CARD:
      _ld_registration_wizard_search_card (self, json_object_get_string_member (body, "number"));
      break;

    case LD_REGISTRATION_REQUEST_REFUSE_CONSENT:
      ld_registration_wizard_ask_refuse (self);
      break;

    case LD_REGISTRATION_REQUEST_SEND_CODE:
      _ld_registration_wizard_set_error (self, NULL, NULL);
      _ld_registration_wizard_send (self, request, body);
      break;

    case LD_REGISTRATION_REQUEST_CARD:
    case LD_REGISTRATION_REQUEST_CONFIRM_PHONE:
    case LD_REGISTRATION_REQUEST_SKIP_PHONE:
    case LD_REGISTRATION_REQUEST_VIRTUAL_CARD:
    case LD_REGISTRATION_REQUEST_EMAIL:
    case LD_REGISTRATION_REQUEST_CONSENT:
    case LD_REGISTRATION_REQUEST_PASSWORD:
    case LD_REGISTRATION_REQUEST_COMPLETE:
    default:
      _ld_registration_wizard_send (self, request, body);
      break;
    }
}

static void
ld_registration_wizard_back_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  LdRegistrationStep previous;

  if (self->n_busy > 0 || self->draft == NULL)
    return;

  previous = ld_registration_draft_get_neighbour (self->draft, self->step, -1);
  if (previous != LD_REGISTRATION_STEP_NONE)
    _ld_registration_wizard_show_page (self, _ld_registration_wizard_step_page (self, previous));
}

/* ---- Cancel */

static void
ld_registration_wizard_cancel_response_cb (LdRegistrationWizard *self,
                                           const char           *response,
                                           AdwMessageDialog     *dialog)
{
  if (g_strcmp0 (response, "later") == 0 ||
      (g_strcmp0 (response, "cancel") == 0 && !ld_registration_wizard_open (self)))
    _ld_registration_wizard_emit_closed (self);
  else if (g_strcmp0 (response, "cancel") == 0)
    _ld_registration_wizard_cancel_draft (self);
}

static void
ld_registration_wizard_cancel_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  g_autofree char *body = NULL;

  /* nothing on the server yet: nothing to ask */
  if (!ld_registration_wizard_open (self))
    {
      _ld_registration_wizard_emit_closed (self);
      return;
    }

  body = g_strdup_printf (_("The server keeps what was entered for 7 days: registering %s again "
                            "goes on from this step. Cancelling deletes the registration."),
                          self->phone);
  ld_question_ask (widget, _("Cancel the Registration?"), body,
                   NULL, ADW_RESPONSE_DESTRUCTIVE,
                   G_CALLBACK (ld_registration_wizard_cancel_response_cb),
                   "keep", _("_Keep Registering"),
                   "later", _("_Finish Later"),
                   "cancel", _("_Cancel Registration"),
                   NULL);
}

/* ---- the pages' buttons */

static void
ld_registration_wizard_retry_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);

  if (self->n_busy == 0)
    _ld_registration_wizard_start (self);
}

static void
ld_registration_wizard_search_card_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (self->n_busy > 0)
    return;

  if (!(number = ld_registration_card_page_dup_number (self->card_page, &error)))
    {
      ld_registration_card_page_hide_card (self->card_page);
      _ld_registration_wizard_set_error (self, error->message, "number");
      return;
    }

  _ld_registration_wizard_search_card (self, number);
}

static void
ld_registration_wizard_without_card_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->n_busy > 0)
    return;

  /* the card step taken without a card: the phone path opens with its link */
  self->phone_link_seen = FALSE;
  json_object_set_boolean_member (body, "issue_virtual", FALSE);
  _ld_registration_wizard_send (self, LD_REGISTRATION_REQUEST_CARD, body);
}

static void
ld_registration_wizard_send_code_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);

  if (self->n_busy > 0)
    return;

  _ld_registration_wizard_set_error (self, NULL, NULL);
  _ld_registration_wizard_send (self, LD_REGISTRATION_REQUEST_SEND_CODE, NULL);
}

static void
ld_registration_wizard_skip_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);

  if (self->n_busy == 0)
    _ld_registration_wizard_send (self, LD_REGISTRATION_REQUEST_SKIP_PHONE, NULL);
}

static void
ld_registration_wizard_refuse_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  ld_registration_wizard_ask_refuse (LD_REGISTRATION_WIZARD (widget));
}

static void
ld_registration_wizard_open_owner_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);
  gint64 owner_id = ld_registration_card_page_get_owner_id (self->card_page);

  if (owner_id > 0)
    g_signal_emit (self, signals[OPEN_MEMBER], 0, owner_id);
}

static void
ld_registration_wizard_open_member_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);

  if (self->member_id > 0)
    g_signal_emit (self, signals[OPEN_MEMBER], 0, self->member_id);
}

static void
ld_registration_wizard_open_existing_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (widget);

  if (self->n_busy == 0)
    _ld_registration_wizard_open_existing (self);
}

static void
ld_registration_wizard_close_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  _ld_registration_wizard_emit_closed (LD_REGISTRATION_WIZARD (widget));
}

/* ---- the object */

static void
ld_registration_wizard_constructed (GObject *object)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)object;
  g_autofree char *description = NULL;

  G_OBJECT_CLASS (ld_registration_wizard_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  g_assert (self->phone != NULL);

  self->title = g_strdup_printf (_("Registration of %s"), self->phone);

  description = g_strdup_printf (_("%s is not a mobile number. The member will not be able to log in to "
                                   "the Personal Account nor receive SMS messages: offers, changes of the "
                                   "balance, codes. Register with this number anyway?"),
                                 self->phone);
  adw_status_page_set_description (self->landline_page, description);
  g_clear_pointer (&description, g_free);

  if (self->call_id > 0)
    description = g_strdup_printf (_("The number the call came from, %s, will be linked to the new member. "
                                     "Next goes on to confirm it with a code."),
                                   self->phone);
  else
    description = g_strdup_printf (_("The number %s will be linked to the new member. "
                                     "Next goes on to confirm it with a code."),
                                   self->phone);
  ld_registration_notice_page_set_description (self->phone_link_page, description);
  g_clear_pointer (&description, g_free);

  description = g_strdup_printf (_("Next sends the welcome SMS with the Personal Account password to %s. "
                                   "The member can change the password in the Personal Account."),
                                 self->phone);
  ld_registration_notice_page_set_description (self->password_page, description);

  ld_registration_phone_page_set_phone (self->phone_page, self->phone);
  ld_registration_phone_page_set_may_skip (self->phone_page,
                                           ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM));

  if (ld_phone_is_mobile (self->phone))
    _ld_registration_wizard_start (self);
  else
    _ld_registration_wizard_show_page (self, GTK_WIDGET (self->landline_page));
}

/* out of its window (its tab closed): what is on the way is not waited for; the draft
 * on the server keeps what was already taken */
static void
ld_registration_wizard_unroot (GtkWidget *widget)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  GTK_WIDGET_CLASS (ld_registration_wizard_parent_class)->unroot (widget);
}

static void
ld_registration_wizard_dispose (GObject *object)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_REGISTRATION_WIZARD);
  self->page = NULL;

  g_clear_object (&self->config);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ld_registration_wizard_parent_class)->dispose (object);
}

static void
ld_registration_wizard_finalize (GObject *object)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->progress, g_free);
  g_clear_pointer (&self->next_label, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->error_base, g_free);
  ld_retry_key_clear (&self->retry_key);

  G_OBJECT_CLASS (ld_registration_wizard_parent_class)->finalize (object);
}

static void
ld_registration_wizard_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_CALL_ID:
      g_value_set_int64 (value, self->call_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_PAGE:
      g_value_set_string (value, ld_registration_wizard_get_page (self));
      break;

    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;

    case PROP_DRAFT_ID:
      g_value_set_int64 (value, ld_registration_wizard_get_draft_id (self));
      break;

    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_PROGRESS:
      g_value_set_string (value, self->progress);
      break;

    case PROP_PROGRESS_FRACTION:
      g_value_set_double (value, self->progress_fraction);
      break;

    case PROP_NEXT_LABEL:
      g_value_set_string (value, self->next_label);
      break;

    case PROP_NEXT_VISIBLE:
      g_value_set_boolean (value, self->next_visible);
      break;

    case PROP_BACK_VISIBLE:
      g_value_set_boolean (value, self->back_visible);
      break;

    case PROP_CANCEL_VISIBLE:
      g_value_set_boolean (value, self->cancel_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_registration_wizard_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LdRegistrationWizard *self = LD_REGISTRATION_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PHONE:
      self->phone = g_value_dup_string (value);
      break;

    case PROP_CALL_ID:
      self->call_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READABLE (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
ld_registration_wizard_class_init (LdRegistrationWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_registration_wizard_constructed;
  object_class->dispose = ld_registration_wizard_dispose;
  object_class->finalize = ld_registration_wizard_finalize;
  object_class->get_property = ld_registration_wizard_get_property;
  object_class->set_property = ld_registration_wizard_set_property;

  widget_class->unroot = ld_registration_wizard_unroot;

  properties[PROP_CLIENT] = ld_param_spec_client ();
  /* the number to register, in E.164 */
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL, CONSTRUCT);
  /* the call the registration is made on; 0 for a registration without a call */
  properties[PROP_CALL_ID] =
    g_param_spec_int64 ("call-id", NULL, NULL, 0, G_MAXINT64, 0, CONSTRUCT);
  properties[PROP_TITLE] = ld_param_spec_title ();
  /* the name of the page shown, see ld_registration_wizard_get_page() */
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL, READABLE);
  /* the step of the page shown; NONE for starting, landline and failed */
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, LD_TYPE_REGISTRATION_STEP, LD_REGISTRATION_STEP_NONE, READABLE);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, READABLE);
  properties[PROP_DRAFT_ID] =
    g_param_spec_int64 ("draft-id", NULL, NULL, 0, G_MAXINT64, 0, READABLE);
  properties[PROP_MEMBER_ID] =
    g_param_spec_int64 ("member-id", NULL, NULL, 0, G_MAXINT64, 0, READABLE);
  /* what the wizard says went wrong, as shown; NULL when nothing did */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, READABLE);
  /* the progress line and bar */
  properties[PROP_PROGRESS] =
    g_param_spec_string ("progress", NULL, NULL, NULL, READABLE);
  properties[PROP_PROGRESS_FRACTION] =
    g_param_spec_double ("progress-fraction", NULL, NULL, 0.0, 1.0, 0.0, READABLE);
  /* what the buttons show, bound in the template */
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL, READABLE);
  properties[PROP_NEXT_VISIBLE] =
    g_param_spec_boolean ("next-visible", NULL, NULL, FALSE, READABLE);
  properties[PROP_BACK_VISIBLE] =
    g_param_spec_boolean ("back-visible", NULL, NULL, FALSE, READABLE);
  properties[PROP_CANCEL_VISIBLE] =
    g_param_spec_boolean ("cancel-visible", NULL, NULL, FALSE, READABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the member exists (its id): the window opens the profile */
  signals[COMPLETED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "completed", G_TYPE_INT64);
  /* a member to show: the owner of a card linked elsewhere, or the new one */
  signals[OPEN_MEMBER] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "open-member", G_TYPE_INT64);
  /* the agent is done with the wizard (cancelled it, or put it off): the window closes it */
  signals[CLOSED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "closed", G_TYPE_NONE);

  g_type_ensure (LD_TYPE_REGISTRATION_CARD_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_NOTICE_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_PHONE_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_VIRTUAL_CARD_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_EMAIL_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_CONSENT_PAGE);
  g_type_ensure (LD_TYPE_REGISTRATION_FORM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, starting_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, landline_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, failed_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, open_existing_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, phone_link_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, phone_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, virtual_card_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, email_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, consent_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, password_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, form_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, done_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, open_member_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, ended_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, next_button);
  /* for the tests, which look for them by name */
  gtk_widget_class_bind_template_child_full (widget_class, "progress_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "back_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, ld_registration_wizard_next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, ld_registration_wizard_back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, ld_registration_wizard_cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.retry", NULL, ld_registration_wizard_retry_action);
  gtk_widget_class_install_action (widget_class, "wizard.search-card", NULL, ld_registration_wizard_search_card_action);
  gtk_widget_class_install_action (widget_class, "wizard.without-card", NULL, ld_registration_wizard_without_card_action);
  gtk_widget_class_install_action (widget_class, "wizard.send-code", NULL, ld_registration_wizard_send_code_action);
  gtk_widget_class_install_action (widget_class, "wizard.skip-confirmation", NULL, ld_registration_wizard_skip_action);
  gtk_widget_class_install_action (widget_class, "wizard.refuse-consent", NULL, ld_registration_wizard_refuse_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-owner", NULL, ld_registration_wizard_open_owner_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-member", NULL, ld_registration_wizard_open_member_action);
  gtk_widget_class_install_action (widget_class, "wizard.close", NULL, ld_registration_wizard_close_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-existing", NULL, ld_registration_wizard_open_existing_action);

  /* Enter is Next through the fields' own activation; these reach the whole wizard */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "wizard.next", NULL);
}

static void
ld_registration_wizard_init (LdRegistrationWizard *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_registration_wizard_new:
 * @client: the logged-in session
 * @phone: the number to register, in E.164 (the caller's, or the one the agent typed)
 * @call_id: the call the registration is made on; 0 for a registration without a call
 *
 * Starts (or resumes) the server's registration draft of @phone at once; a number that is
 * not a mobile one asks the agent first.
 *
 * Returns: (transfer floating): a new wizard
 */
GtkWidget *
ld_registration_wizard_new (LdClient   *client,
                            const char *phone,
                            gint64      call_id)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (phone != NULL, NULL);
  g_return_val_if_fail (call_id >= 0, NULL);

  return g_object_new (LD_TYPE_REGISTRATION_WIZARD,
                       "client", client,
                       "phone", phone,
                       "call-id", call_id,
                       NULL);
}

LdClient *
ld_registration_wizard_get_client (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->client;
}

const char *
ld_registration_wizard_get_phone (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->phone;
}

gint64
ld_registration_wizard_get_call_id (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), 0);

  return self->call_id;
}

const char *
ld_registration_wizard_get_title (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->title;
}

/**
 * ld_registration_wizard_get_page:
 *
 * Returns: (nullable): the name of the page shown, as the stack names it: "starting",
 *   "landline", "failed", a step ("card", "phone-link", "phone", "virtual_card", "email",
 *   "consent", "password", "form"), "done" or "ended"
 */
const char *
ld_registration_wizard_get_page (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  if (self->page == NULL)
    return NULL;

  return gtk_stack_page_get_name (gtk_stack_get_page (self->stack, self->page));
}

/**
 * ld_registration_wizard_get_step:
 *
 * Returns: the step of the page shown; NONE for the wizard's own pages
 */
LdRegistrationStep
ld_registration_wizard_get_step (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), LD_REGISTRATION_STEP_NONE);

  return self->step;
}

gboolean
ld_registration_wizard_get_busy (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), FALSE);

  return self->n_busy > 0;
}

gint64
ld_registration_wizard_get_draft_id (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), 0);

  return self->draft ? ld_registration_draft_get_id (self->draft) : 0;
}

/**
 * ld_registration_wizard_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft as the server last answered it
 */
LdRegistrationDraft *
ld_registration_wizard_get_draft (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->draft;
}

gint64
ld_registration_wizard_get_member_id (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), 0);

  return self->member_id;
}

/**
 * ld_registration_wizard_get_error:
 *
 * Returns: (nullable): the error shown under the page
 */
const char *
ld_registration_wizard_get_error (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->error;
}

/**
 * ld_registration_wizard_get_progress:
 *
 * Returns: the progress line, e.g. "Step 2 of 6 — Phone confirmation"
 */
const char *
ld_registration_wizard_get_progress (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->progress;
}

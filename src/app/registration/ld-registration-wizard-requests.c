/* ld-registration-wizard-requests.c — the wizard's draft on the server
 *
 * POST /registrations starts a draft, or answers the open draft of that phone; each step
 * is a typed LdClient call that answers the draft again, which every page then shows
 * (ld_registration_step_page_load). A request that failed keeps the page and what was
 * typed, says why in the server's words and marks the field the server named; a request
 * whose answer was lost is sent again with the same Idempotency-Key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-registration-wizard-private.h"

/* ---- keys and the busy count */

/* the same request again after the network failed keeps its key, so the server does
 * not take a step twice; any other request gets a key of its own */
static const char *
ld_registration_wizard_begin (LdRegistrationWizard *self,
                              const char           *request)
{
  _ld_registration_wizard_set_busy (self, TRUE);

  if (request == NULL)
    return NULL;
  return ld_retry_key_take (&self->retry_key, request, NULL);
}

static void
ld_registration_wizard_request_done (LdRegistrationWizard *self,
                                     GAsyncResult         *result,
                                     const GError         *error)
{
  /* a request the server may have done is sent again with the same key, so that it
   * answers its first answer rather than taking the step twice; once it answered
   * (a 4xx is kept under the key too), the next request gets a key of its own */
  ld_retry_key_answered (&self->retry_key, ld_client_result_outcome_unknown (result, error));

  _ld_registration_wizard_set_busy (self, FALSE);
}

static gint64
draft_id (LdRegistrationWizard *self)
{
  return self->draft ? ld_registration_draft_get_id (self->draft) : 0;
}

/* ---- the draft into the pages */

static gboolean
ld_registration_wizard_set_draft (LdRegistrationWizard *self,
                                  LdRegistrationDraft  *draft,
                                  gboolean              resume)
{
  static const LdRegistrationStep steps[] = {
    LD_REGISTRATION_STEP_CARD, LD_REGISTRATION_STEP_PHONE, LD_REGISTRATION_STEP_VIRTUAL_CARD,
    LD_REGISTRATION_STEP_EMAIL, LD_REGISTRATION_STEP_CONSENT, LD_REGISTRATION_STEP_FORM,
  };
  gint64 old_id = draft_id (self);

  if (draft == NULL || ld_registration_draft_get_id (draft) <= 0)
    {
      _ld_registration_wizard_set_error (self, _("The server answered something that is not a registration"), NULL);
      return FALSE;
    }

  g_set_object (&self->draft, draft);

  /* the buttons follow once the page to show is known: a page the server has just taken
   * turns read-only after it is left, not under the agent's focus */
  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    ld_registration_step_page_load (LD_REGISTRATION_STEP_PAGE (_ld_registration_wizard_step_page (self, steps[i])),
                                    draft, resume);
  self->loading = FALSE;

  if (ld_registration_draft_get_phone_confirmed (draft) ||
      ld_registration_draft_get_phone_confirmation_skipped (draft) ||
      ld_registration_draft_get_code_sent_at (draft) != NULL)
    self->phone_link_seen = TRUE;

  g_debug ("Draft %" G_GINT64_FORMAT ": step %d of %u, state %s", ld_registration_draft_get_id (draft),
           ld_registration_draft_get_step (draft), ld_registration_draft_get_n_steps (draft),
           ld_registration_draft_get_state (draft));

  if (old_id != ld_registration_draft_get_id (draft))
    _ld_registration_wizard_notify_draft_id (self);

  return TRUE;
}

/* shows the page of where the draft stands */
void
_ld_registration_wizard_land (LdRegistrationWizard *self)
{
  LdRegistrationStep step = ld_registration_draft_get_resume_step (self->draft);

  if (step == LD_REGISTRATION_STEP_DONE)
    {
      gint64 member_id = ld_registration_draft_get_member_id (self->draft);

      if (member_id > 0 && self->member_id != member_id)
        {
          g_autofree char *description = NULL;

          self->member_id = member_id;
          description = g_strdup_printf (_("The caller with the number %s is a member of the loyalty program now."),
                                         self->phone);
          adw_status_page_set_description (self->done_page, description);
          _ld_registration_wizard_notify_member_id (self);
          _ld_registration_wizard_show_page (self, GTK_WIDGET (self->done_page));
          _ld_registration_wizard_emit_completed (self);
          return;
        }
    }

  /* the agent has read the phone path's first screen already */
  if (step == LD_REGISTRATION_STEP_PHONE_LINK && self->phone_link_seen)
    step = LD_REGISTRATION_STEP_PHONE;

  if (_ld_registration_wizard_step_page (self, step) != NULL)
    _ld_registration_wizard_show_page (self, _ld_registration_wizard_step_page (self, step));
  else
    {
      _ld_registration_wizard_set_error (self, _("The server asks for a step this version does not know; update Loyalty Desk"), NULL);
      _ld_registration_wizard_sync (self);
    }
}

/* ---- reading the draft again */

static void
ld_registration_wizard_refresh_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 attempts;

  draft = ld_client_get_registration_finish (LD_CLIENT (object), result, &error);
  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the draft again: %s", error->message);
      return;
    }

  if (!ld_registration_wizard_set_draft (self, draft, FALSE))
    return;

  /* a wrong code: say how many tries are left */
  if (self->error_base != NULL && self->step == LD_REGISTRATION_STEP_PHONE &&
      (attempts = ld_registration_draft_get_code_attempts_left (draft)) >= 0)
    {
      g_autofree char *message = NULL;

      if (attempts > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s %d try left.",
                                                "%s %d tries left.",
                                                (gulong) attempts),
                                   self->error_base, (int) attempts);
      else
        message = g_strdup_printf (_("%s No tries left: send a new code."), self->error_base);

      _ld_registration_wizard_set_error (self, message, "code");
    }

  g_clear_pointer (&self->error_base, g_free);

  /* the draft moved on (or closed) without this page: go where it stands */
  if (!ld_registration_draft_is_open (draft) ||
      (ld_registration_step_server_step (self->step) != ld_registration_draft_get_step (draft) &&
       !ld_registration_draft_is_saved (draft, self->step)))
    _ld_registration_wizard_land (self);

  _ld_registration_wizard_sync (self);

  /* the typed code expired: with the draft read again, Send Again is the way on */
  if (self->code_expired && self->step == LD_REGISTRATION_STEP_PHONE)
    ld_registration_phone_page_focus_resend (self->phone_page);
  self->code_expired = FALSE;
}

static void
ld_registration_wizard_refresh (LdRegistrationWizard *self)
{
  ld_registration_wizard_begin (self, NULL);
  ld_client_get_registration_async (self->client, draft_id (self), self->cancellable,
                                    ld_registration_wizard_refresh_cb, g_object_ref (self));
}

/* ---- a card linked to another member */

static gint64
card_owner_id (LdCard *card)
{
  JsonObject *owner;
  gint64 owner_id = ld_card_get_owner_id (card);

  if (owner_id <= 0 && (owner = ld_card_get_owner (card)) != NULL)
    owner_id = json_object_get_int_member_with_default (owner, "id", 0);

  return owner_id;
}

static void
ld_registration_wizard_owner_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(GError) error = NULL;

  if (!(card = ld_client_get_card_finish (LD_CLIENT (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look up the card's owner: %s", error->message);
      return;
    }

  ld_registration_card_page_set_owner (self->card_page, ld_card_get_number (card), card_owner_id (card));
}

/* ---- a step refused */

/* a step's request failed: keep the page and what was typed, say why */
static void
ld_registration_wizard_step_failed (LdRegistrationWizard *self,
                                    GAsyncResult         *result,
                                    const GError         *error)
{
  const char *field = ld_client_result_get_error_field (result);
  LdError code = error->domain == LD_ERROR ? (LdError) error->code : LD_ERROR_FAILED;

  if (code == LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER)
    {
      g_autofree char *number = ld_registration_card_page_dup_number (self->card_page, NULL);

      ld_registration_card_page_show_linked (self->card_page, number, error->message, 0);
      _ld_registration_wizard_set_error (self, error->message, NULL);
      /* who owns it, for "Open Owner's Profile" */
      ld_client_get_card_async (self->client, number, self->cancellable,
                                ld_registration_wizard_owner_cb, g_object_ref (self));
      return;
    }

  if (code == LD_ERROR_CARD_NOT_FOUND || code == LD_ERROR_CARD_NOT_AVAILABLE)
    {
      ld_registration_card_page_hide_card (self->card_page);
      _ld_registration_wizard_set_error (self, error->message, "number");
      return;
    }

  if (ld_registration_step_is_step (self->step))
    {
      g_autofree char *message = ld_registration_step_page_format_error (LD_REGISTRATION_STEP_PAGE (self->page),
                                                                         field, error->message);

      _ld_registration_wizard_set_error (self, message, field);
    }
  else
    _ld_registration_wizard_set_error (self, error->message, field);

  switch (code)
    {
    case LD_ERROR_INVALID_CODE:
      /* the answer of an error carries no draft: read it again for the tries left */
      g_free (self->error_base);
      self->error_base = g_strdup (error->message);
      ld_registration_wizard_refresh (self);
      break;

    case LD_ERROR_CODE_EXPIRED:
      /* the code the caller reads out is too old: the next thing to do is send a new one */
      self->code_expired = TRUE;
      ld_registration_wizard_refresh (self);
      break;

    case LD_ERROR_TOO_MANY_ATTEMPTS:
    case LD_ERROR_WRONG_STEP:
    case LD_ERROR_DRAFT_CLOSED:
      ld_registration_wizard_refresh (self);
      break;

    default:
      break;
    }
}

/* ---- the steps */

typedef LdRegistrationDraft *(*StepFinish) (LdClient *client, GAsyncResult *result, GError **error);

/* the finish of each request that answers the draft, by request */
static StepFinish
step_finish_of (LdRegistrationRequest request)
{
  switch (request)
    {
    case LD_REGISTRATION_REQUEST_CARD:
      return ld_client_registration_card_finish;
    case LD_REGISTRATION_REQUEST_SEND_CODE:
      return ld_client_registration_send_code_finish;
    case LD_REGISTRATION_REQUEST_CONFIRM_PHONE:
      return ld_client_registration_confirm_phone_finish;
    case LD_REGISTRATION_REQUEST_VIRTUAL_CARD:
      return ld_client_registration_virtual_card_finish;
    case LD_REGISTRATION_REQUEST_EMAIL:
      return ld_client_registration_email_finish;
    case LD_REGISTRATION_REQUEST_CONSENT:
    case LD_REGISTRATION_REQUEST_REFUSE_CONSENT:
      return ld_client_registration_consent_finish;
    case LD_REGISTRATION_REQUEST_PASSWORD:
      return ld_client_registration_password_finish;
    case LD_REGISTRATION_REQUEST_SKIP_PHONE:
      return ld_client_registration_skip_phone_finish;
    case LD_REGISTRATION_REQUEST_NONE:
    case LD_REGISTRATION_REQUEST_SEARCH_CARD:
    case LD_REGISTRATION_REQUEST_COMPLETE:
    default:
      g_return_val_if_reached (NULL);
    }
}

typedef struct
{
  LdRegistrationWizard  *wizard;
  LdRegistrationRequest  request;
} StepCall;

static void
ld_registration_wizard_step_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autofree StepCall *call = user_data;
  g_autoptr(LdRegistrationWizard) self = call->wizard;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  draft = step_finish_of (call->request) (LD_CLIENT (object), result, &error);
  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ld_registration_wizard_step_failed (self, result, error);
      return;
    }

  if (!ld_registration_wizard_set_draft (self, draft, FALSE))
    return;

  /* a code went out: the caller reads it out, the agent types it */
  if (call->request == LD_REGISTRATION_REQUEST_SEND_CODE)
    {
      _ld_registration_wizard_sync (self);
      ld_registration_phone_page_code_sent (self->phone_page);
      return;
    }

  _ld_registration_wizard_land (self);
}

static void
ld_registration_wizard_complete_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *first_name;
  const char *last_name;
  g_autofree char *description = NULL;

  member = ld_client_complete_registration_finish (LD_CLIENT (object), result, &error);
  ld_registration_wizard_request_done (self, result, error);

  if (member == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ld_registration_wizard_step_failed (self, result, error);
      return;
    }

  if (ld_member_get_id (member) <= 0)
    {
      _ld_registration_wizard_set_error (self, _("The server answered something that is not a member"), NULL);
      return;
    }

  self->member_id = ld_member_get_id (member);
  first_name = ld_member_get_first_name (member);
  last_name = ld_member_get_last_name (member);

  if (first_name != NULL || last_name != NULL)
    /* Translators: "Ivan Petrov is a member …" */
    description = g_strdup_printf (_("%s %s is a member of the loyalty program now."),
                                   first_name ? first_name : "", last_name ? last_name : "");
  else
    description = g_strdup_printf (_("The caller with the number %s is a member of the loyalty program now."),
                                   self->phone);
  adw_status_page_set_description (self->done_page, description);

  /* the answer is the member: the draft is completed, for the progress line */
  ld_registration_draft_set_completed (self->draft, self->member_id);

  _ld_registration_wizard_notify_member_id (self);
  _ld_registration_wizard_show_page (self, GTK_WIDGET (self->done_page));
  _ld_registration_wizard_emit_completed (self);
}

static gboolean
body_bool (JsonObject *body,
           const char *member)
{
  return body != NULL && json_object_get_boolean_member_with_default (body, member, FALSE);
}

static const char *
body_string (JsonObject *body,
             const char *member)
{
  return body != NULL ? json_object_get_string_member_with_default (body, member, NULL) : NULL;
}

/**
 * _ld_registration_wizard_send:
 * @request: a step's request (not SEARCH_CARD, not NONE)
 * @body: (nullable): its body, as the page gave it
 *
 * Sends @request with the typed call of its step; the same request and body sent again
 * after an answer was lost carry the same Idempotency-Key.
 */
void
_ld_registration_wizard_send (LdRegistrationWizard  *self,
                              LdRegistrationRequest  request,
                              JsonObject            *body)
{
  g_autofree char *body_text = body ? ld_json_object_to_string (body) : g_strdup ("{}");
  g_autofree char *identity = g_strdup_printf ("%" G_GINT64_FORMAT " %d %s", draft_id (self), request, body_text);
  const char *key = ld_registration_wizard_begin (self, identity);
  StepCall *call = g_new0 (StepCall, 1);
  gint64 id = draft_id (self);

  call->wizard = g_object_ref (self);
  call->request = request;

  switch (request)
    {
    case LD_REGISTRATION_REQUEST_CARD:
      ld_client_registration_card_async (self->client, id, body_string (body, "number"),
                                         body_bool (body, "issue_virtual"), key, self->cancellable,
                                         ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_SEND_CODE:
      ld_client_registration_send_code_async (self->client, id, key, self->cancellable,
                                              ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_CONFIRM_PHONE:
      ld_client_registration_confirm_phone_async (self->client, id, body_string (body, "code"), key,
                                                  self->cancellable, ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_SKIP_PHONE:
      ld_client_registration_skip_phone_async (self->client, id, key, self->cancellable,
                                               ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_VIRTUAL_CARD:
      ld_client_registration_virtual_card_async (self->client, id, body_bool (body, "issue_virtual"), key,
                                                 self->cancellable, ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_EMAIL:
      ld_client_registration_email_async (self->client, id, body_string (body, "email"), key,
                                          self->cancellable, ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_CONSENT:
    case LD_REGISTRATION_REQUEST_REFUSE_CONSENT:
      ld_client_registration_consent_async (self->client, id, body_bool (body, "offer"),
                                            body_bool (body, "personal_data"), key, self->cancellable,
                                            ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_PASSWORD:
      ld_client_registration_password_async (self->client, id, key, self->cancellable,
                                             ld_registration_wizard_step_cb, call);
      break;

    case LD_REGISTRATION_REQUEST_COMPLETE:
      g_object_unref (call->wizard);
      g_free (call);
      ld_client_complete_registration_async (self->client, id, json_object_get_object_member (body, "answers"),
                                             key, self->cancellable, ld_registration_wizard_complete_cb,
                                             g_object_ref (self));
      break;

    case LD_REGISTRATION_REQUEST_NONE:
    case LD_REGISTRATION_REQUEST_SEARCH_CARD:
    default:
      g_object_unref (call->wizard);
      g_free (call);
      _ld_registration_wizard_set_busy (self, FALSE);
      g_return_if_reached ();
    }
}

/* ---- cancelling */

static void
ld_registration_wizard_cancel_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  draft = ld_client_cancel_registration_finish (LD_CLIENT (object), result, &error);
  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ld_registration_wizard_set_error (self, error->message, NULL);
      return;
    }

  ld_registration_wizard_set_draft (self, draft, FALSE);
  adw_status_page_set_description (self->ended_page,
                                   _("The registration was cancelled. Nothing was created."));
  _ld_registration_wizard_show_page (self, GTK_WIDGET (self->ended_page));
  _ld_registration_wizard_emit_closed (self);
}

void
_ld_registration_wizard_cancel_draft (LdRegistrationWizard *self)
{
  g_autofree char *identity = g_strdup_printf ("%" G_GINT64_FORMAT " cancel", draft_id (self));
  const char *key = ld_registration_wizard_begin (self, identity);

  ld_client_cancel_registration_async (self->client, draft_id (self), NULL, key, self->cancellable,
                                       ld_registration_wizard_cancel_cb, g_object_ref (self));
}

/* ---- starting: the configuration and the draft, in parallel */

static void
ld_registration_wizard_maybe_land (LdRegistrationWizard *self)
{
  g_autoptr(LdRegistrationDraft) draft = NULL;

  if (self->config == NULL || self->draft == NULL || self->landed)
    return;

  self->landed = TRUE;
  draft = g_object_ref (self->draft);
  if (ld_registration_wizard_set_draft (self, draft, TRUE))
    _ld_registration_wizard_land (self);
}

static void
ld_registration_wizard_start_failed (LdRegistrationWizard *self,
                                     const char           *message,
                                     const GError         *error)
{
  /* the number is a member's already: offer the member rather than a registration */
  gtk_widget_set_visible (self->open_existing_button,
                          g_error_matches (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED));
  adw_status_page_set_description (self->failed_page, message);
  _ld_registration_wizard_show_page (self, GTK_WIDGET (self->failed_page));
}

static void
ld_registration_wizard_config_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = ld_client_get_config_finish (LD_CLIENT (object), result, &error);
  _ld_registration_wizard_set_busy (self, FALSE);

  if (config == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ld_registration_wizard_start_failed (self, error->message, NULL);
      return;
    }

  g_set_object (&self->config, config);
  ld_registration_card_page_set_config (self->card_page, config);
  ld_registration_form_page_set_fields (self->form_page, ld_config_get_application_form (config));
  ld_registration_wizard_maybe_land (self);
}

static void
ld_registration_wizard_start_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  draft = ld_client_start_registration_finish (LD_CLIENT (object), result, &error);
  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ld_registration_wizard_start_failed (self, error->message, error);
      return;
    }

  if (ld_registration_draft_get_id (draft) <= 0)
    {
      ld_registration_wizard_start_failed (self, _("The server answered something that is not a registration"), NULL);
      return;
    }

  g_set_object (&self->draft, draft);
  _ld_registration_wizard_notify_draft_id (self);
  ld_registration_wizard_maybe_land (self);
}

void
_ld_registration_wizard_start (LdRegistrationWizard *self)
{
  g_autofree char *identity = NULL;
  const char *key;

  self->landed = FALSE;
  _ld_registration_wizard_show_page (self, self->starting_page);

  if (self->config == NULL)
    {
      _ld_registration_wizard_set_busy (self, TRUE);
      ld_client_get_config_async (self->client, self->cancellable,
                                  ld_registration_wizard_config_cb, g_object_ref (self));
    }

  identity = g_strdup_printf ("start %s %" G_GINT64_FORMAT, self->phone, self->call_id);
  key = ld_registration_wizard_begin (self, identity);
  ld_client_start_registration_async (self->client, self->phone, self->call_id, key, self->cancellable,
                                      ld_registration_wizard_start_cb, g_object_ref (self));
}

/* ---- the card search */

static void
ld_registration_wizard_search_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  gint64 owner_id;

  card = ld_client_get_card_finish (LD_CLIENT (object), result, &error);
  _ld_registration_wizard_set_busy (self, FALSE);

  if (card == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      ld_registration_card_page_hide_card (self->card_page);
      _ld_registration_wizard_set_error (self, error->message, "number");
      return;
    }

  owner_id = card_owner_id (card);

  if (owner_id > 0)
    {
      const char *message = _("The card is linked to another member; it cannot be used to register this caller.");

      ld_registration_card_page_show_linked (self->card_page, ld_card_get_number (card), message, owner_id);
      _ld_registration_wizard_set_error (self, message, NULL);
    }
  else if (g_strcmp0 (ld_card_get_state (card), "issued") != 0)
    {
      g_autofree char *state = ld_format_state (ld_card_get_state (card));
      g_autofree char *message = g_strdup_printf (_("Card %s cannot be used to register: it is “%s”"),
                                                  ld_card_get_number (card), state);

      ld_registration_card_page_hide_card (self->card_page);
      _ld_registration_wizard_set_error (self, message, "number");
    }
  else
    {
      ld_registration_card_page_show_found (self->card_page, card);
      _ld_registration_wizard_set_error (self, NULL, NULL);
      ld_registration_step_page_focus_first (LD_REGISTRATION_STEP_PAGE (self->card_page));
    }
}

void
_ld_registration_wizard_search_card (LdRegistrationWizard *self,
                                     const char           *number)
{
  _ld_registration_wizard_set_busy (self, TRUE);
  ld_client_get_card_async (self->client, number, self->cancellable,
                            ld_registration_wizard_search_cb, g_object_ref (self));
}

/* ---- the member who has the number already */

static void
ld_registration_wizard_existing_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(LdPage) page = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;

  page = ld_client_search_members_finish (LD_CLIENT (object), result, &error);
  _ld_registration_wizard_set_busy (self, FALSE);

  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_status_page_set_description (self->failed_page, error->message);
      return;
    }

  items = ld_page_get_items (page);
  if (items != NULL && g_list_model_get_n_items (items) > 0 &&
      (member = g_list_model_get_item (items, 0)) != NULL)
    g_signal_emit_by_name (self, "open-member", ld_member_get_id (member));
}

void
_ld_registration_wizard_open_existing (LdRegistrationWizard *self)
{
  _ld_registration_wizard_set_busy (self, TRUE);
  ld_client_search_members_async (self->client, "phone", self->phone, NULL, 1, self->cancellable,
                                  ld_registration_wizard_existing_cb, g_object_ref (self));
}

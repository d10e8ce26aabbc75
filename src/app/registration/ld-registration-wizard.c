/* ld-registration-wizard.c — the registration of a new member, step by step, on a server draft
 *
 * The wizard keeps nothing of its own that matters: POST /registrations starts a draft
 * on the server, or answers the open draft of that phone, and every step is a request
 * that answers the draft again. The draft's "steps" (taken from the configuration when
 * it started) are the pages the agent goes through, its "step" is where it stands, so a
 * wizard closed mid-way and opened again for the same number lands on the same step with
 * everything entered so far.
 *
 * Pages are the children of one GtkStack: one per step of the draft, the phone path's
 * "your number will be linked" screen, and the end pages. A page of a step the server
 * has already taken is shown read-only: Back is for looking, the server does not go back.
 * Enter is Next, Escape asks before cancelling, Alt+Left is Back. A failed request keeps
 * the page and what was typed, says why in the server's words and marks the field the
 * server named in details.field.
 *
 * What the buttons and keys do is in ld-registration-wizard-actions.c; the instance
 * structure they share is in ld-registration-wizard-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-profile-format.h"
#include "ld-registration-form.h"
#include "ld-registration-wizard-private.h"


G_DEFINE_FINAL_TYPE (LdRegistrationWizard, ld_registration_wizard, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PHONE,
  PROP_CALL_ID,
  PROP_TITLE,
  PROP_PAGE,
  PROP_BUSY,
  PROP_DRAFT_ID,
  PROP_MEMBER_ID,
  PROP_ERROR,
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

static void ld_registration_wizard_update        (LdRegistrationWizard *self);

/* the draft as JSON, while the pages still read it so (transfer full) */
static JsonObject *
draft_json (LdRegistrationDraft *draft)
{
  g_autoptr(LdRegistrationDraft) owned = draft;

  return owned != NULL ? ld_registration_draft_to_json (owned) : NULL;
}
static void ld_registration_wizard_refresh       (LdRegistrationWizard *self);

/* ---- the draft */

const char *
_ld_registration_wizard_draft_string (JsonObject *object,
              const char *member)
{
  const char *value = NULL;

  if (object == NULL || !ld_json_get_string (object, member, NULL, &value))
    return NULL;

  return value;
}

static gint64
draft_int (JsonObject *object,
           const char *member)
{
  gint64 value = 0;

  if (object == NULL || !ld_json_get_int (object, member, 0, &value))
    return 0;

  return value;
}

static gboolean
draft_bool (JsonObject *object,
            const char *member)
{
  gboolean value = FALSE;

  if (object == NULL || !ld_json_get_bool (object, member, FALSE, &value))
    return FALSE;

  return value;
}

static JsonObject *
draft_object (JsonObject *object,
              const char *member)
{
  JsonObject *value = NULL;

  if (object == NULL || !ld_json_get_object (object, member, NULL, &value))
    return NULL;

  return value;
}

/**
 * ld_registration_wizard_step_title:
 * @step: a step of a draft
 *
 * Returns: (nullable): the step's name as the progress line shows it (translated)
 */
const char *
ld_registration_wizard_step_title (LdRegistrationStep step)
{
  switch (step)
    {
    case LD_REGISTRATION_STEP_CARD:
      return C_("registration step", "Physical card");
    case LD_REGISTRATION_STEP_PHONE_LINK:
    case LD_REGISTRATION_STEP_PHONE:
      return C_("registration step", "Phone confirmation");
    case LD_REGISTRATION_STEP_VIRTUAL_CARD:
      return C_("registration step", "Virtual card");
    case LD_REGISTRATION_STEP_EMAIL:
      return C_("registration step", "E-mail");
    case LD_REGISTRATION_STEP_CONSENT:
      return C_("registration step", "Consent");
    case LD_REGISTRATION_STEP_PASSWORD:
      return C_("registration step", "Personal Account password");
    case LD_REGISTRATION_STEP_FORM:
      return C_("registration step", "Application form");
    case LD_REGISTRATION_STEP_NONE:
    case LD_REGISTRATION_STEP_DONE:
    case LD_REGISTRATION_STEP_ENDED:
    default:
      return NULL;
    }
}

/* the step a page belongs to */
const char *
_ld_registration_wizard_page_step (const char *page)
{
  if (g_strcmp0 (page, "phone-link") == 0)
    return "phone";

  return page;
}

static gboolean
page_is_step (const char *page)
{
  static const char * const step_pages[] = {
    "card", "phone-link", "phone", "virtual_card", "email", "consent", "password", "form", NULL
  };

  return page != NULL && g_strv_contains (step_pages, page);
}

static guint
n_steps (LdRegistrationWizard *self)
{
  return self->steps ? g_strv_length (self->steps) : 0;
}

/* the position of @step in the draft's path; "done" and unknown steps come last */
guint
_ld_registration_wizard_step_index (LdRegistrationWizard *self,
            const char           *step)
{
  for (guint i = 0; self->steps && self->steps[i]; i++)
    if (g_strcmp0 (self->steps[i], step) == 0)
      return i;

  return n_steps (self);
}

const char *
_ld_registration_wizard_server_step (LdRegistrationWizard *self)
{
  return _ld_registration_wizard_draft_string (self->draft, "step");
}

gboolean
_ld_registration_wizard_draft_is_open (LdRegistrationWizard *self)
{
  return self->draft != NULL && g_strcmp0 (_ld_registration_wizard_draft_string (self->draft, "state"), "open") == 0;
}

/* a page of a step the server has already taken: shown, not sent again */
gboolean
_ld_registration_wizard_page_is_saved (LdRegistrationWizard *self,
               const char           *page)
{
  if (!page_is_step (page) || self->draft == NULL)
    return FALSE;

  if (!_ld_registration_wizard_draft_is_open (self))
    return TRUE;

  return _ld_registration_wizard_step_index (self, _ld_registration_wizard_page_step (page)) < _ld_registration_wizard_step_index (self, _ld_registration_wizard_server_step (self));
}

/* the phone path (mode phone, or a card step passed without a card) opens with the
 * "your number will be linked" screen */
static gboolean
phone_path (LdRegistrationWizard *self)
{
  return (self->steps != NULL && g_strcmp0 (self->steps[0], "phone") == 0) ||
         draft_bool (self->draft, "without_card");
}

/* the pages of the draft's path, in order (transfer container) */
static GPtrArray *
ld_registration_wizard_list_pages (LdRegistrationWizard *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (guint i = 0; self->steps && self->steps[i]; i++)
    {
      if (gtk_stack_get_child_by_name (self->stack, self->steps[i]) == NULL)
        continue;

      if (g_str_equal (self->steps[i], "phone") && phone_path (self))
        g_ptr_array_add (pages, (gpointer) "phone-link");
      g_ptr_array_add (pages, self->steps[i]);
    }

  return pages;
}

const char *
_ld_registration_wizard_neighbour (LdRegistrationWizard *self,
                                  const char           *page,
                                  int                   direction)
{
  g_autoptr(GPtrArray) pages = ld_registration_wizard_list_pages (self);
  guint position;

  if (!g_ptr_array_find_with_equal_func (pages, page, g_str_equal, &position))
    return NULL;

  if (direction < 0)
    return position > 0 ? g_ptr_array_index (pages, position - 1) : NULL;

  return position + 1 < pages->len ? g_ptr_array_index (pages, position + 1) : NULL;
}

/* ---- errors and the fields they point at */

static GtkWidget *
ld_registration_wizard_field_widget (LdRegistrationWizard *self,
                                     const char           *field)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (field == NULL)
    return NULL;

  if (g_str_equal (field, "number"))
    return GTK_WIDGET (self->card_entry);
  if (g_str_equal (field, "code"))
    return GTK_WIDGET (self->code_entry);
  if (g_str_equal (field, "email"))
    return GTK_WIDGET (self->email_entry);
  if (g_str_equal (field, "issue_virtual"))
    return g_strcmp0 (self->page, "virtual_card") == 0 ? GTK_WIDGET (self->virtual_check)
                                                        : self->card_virtual_row;
  if (g_str_equal (field, "offer"))
    return GTK_WIDGET (self->offer_check);
  if (g_str_equal (field, "personal_data"))
    return GTK_WIDGET (self->personal_data_check);
  if (g_str_has_prefix (field, "answers."))
    return ld_registration_form_get_row (self->form, field + strlen ("answers."));

  return NULL;
}

static void
ld_registration_wizard_clear_marks (LdRegistrationWizard *self)
{
  GtkWidget *marked[] = {
    GTK_WIDGET (self->card_entry), GTK_WIDGET (self->code_entry), GTK_WIDGET (self->email_entry),
    self->card_virtual_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
    gtk_widget_remove_css_class (marked[i], "error");

  ld_registration_form_mark_error (self->form, NULL);
}

void
_ld_registration_wizard_set_error (LdRegistrationWizard *self,
                                  const char           *message,
                                  const char           *field)
{
  GtkWidget *widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  ld_registration_wizard_clear_marks (self);

  if (g_strcmp0 (message, self->error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  if (field != NULL && g_str_has_prefix (field, "answers."))
    {
      ld_registration_form_mark_error (self->form, field + strlen ("answers."));
      ld_registration_form_focus (self->form, field + strlen ("answers."));
    }
  else if ((widget = ld_registration_wizard_field_widget (self, field)))
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_grab_focus (widget);
    }
}

static void
ld_registration_wizard_entry_changed_cb (LdRegistrationWizard *self,
                                         GtkEditable          *editable)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

/* ---- requests */

void
_ld_registration_wizard_set_busy (LdRegistrationWizard *self,
                                 gboolean              busy)
{
  gboolean was_busy = self->n_busy > 0;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (busy)
    self->n_busy++;
  else if (self->n_busy > 0)
    self->n_busy--;

  if (was_busy == (self->n_busy > 0))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->n_busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  ld_registration_wizard_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* the same request again after the network failed keeps its key, so the server does
 * not take a step twice; any other request gets a key of its own */
static const char *
ld_registration_wizard_idempotency_key (LdRegistrationWizard *self,
                                        const char           *request)
{
  if (g_strcmp0 (request, self->idempotency_request) != 0)
    {
      g_free (self->idempotency_request);
      self->idempotency_request = g_strdup (request);
      g_free (self->idempotency_key);
      self->idempotency_key = g_uuid_string_random ();
    }

  return self->idempotency_key;
}

static void
ld_registration_wizard_request_done (LdRegistrationWizard *self,
                                     GAsyncResult         *result,
                                     const GError         *error)
{
  /* a request the server may have done is sent again with the same key, so that it
   * answers its first answer rather than taking the step twice; once it answered
   * (a 4xx is kept under the key too), the next request gets a key of its own */
  if (!ld_client_result_outcome_unknown (result, error))
    {
      g_clear_pointer (&self->idempotency_request, g_free);
      g_clear_pointer (&self->idempotency_key, g_free);
    }

  _ld_registration_wizard_set_busy (self, FALSE);
}

/**
 * _ld_registration_wizard_begin:
 * @request: (nullable): what the request is, its step and arguments (e.g. "card 2000…
 *   false"), for a request that changes the draft; %NULL for a read
 *
 * Marks the wizard busy until the request's callback ends it.
 *
 * Returns: (nullable): the Idempotency-Key to send: the same as last time when the same
 *   request is sent again after a failure whose outcome is unknown
 */
const char *
_ld_registration_wizard_begin (LdRegistrationWizard *self,
                               const char           *request)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  _ld_registration_wizard_set_busy (self, TRUE);

  return request != NULL ? ld_registration_wizard_idempotency_key (self, request) : NULL;
}

gint64
_ld_registration_wizard_draft_id (LdRegistrationWizard *self)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  return draft_int (self->draft, "id");
}

/* ---- filling the pages from the draft */

static void
ld_registration_wizard_show_card (LdRegistrationWizard *self,
                                  const char           *number,
                                  const char           *category,
                                  const char           *state,
                                  gint64                balance,
                                  const char           *first_purchase_pos)
{
  JsonArray *categories = self->config ? ld_config_get_card_categories (self->config) : NULL;
  g_autofree char *category_text = ld_profile_format_option (categories, category);
  g_autofree char *state_text = ld_profile_format_state (state);
  g_autofree char *balance_text = ld_profile_format_points (balance);

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  adw_action_row_set_subtitle (self->card_number_row, number ? number : "");
  adw_action_row_set_subtitle (self->card_category_row, category_text);
  adw_action_row_set_subtitle (self->card_state_row, state_text);
  adw_action_row_set_subtitle (self->card_balance_row, balance_text);
  adw_action_row_set_subtitle (self->card_pos_row,
                               first_purchase_pos ? first_purchase_pos : _("Not known"));
  gtk_widget_set_visible (GTK_WIDGET (self->card_pos_row), balance != 0);

  gtk_widget_set_visible (self->card_group, TRUE);
  gtk_widget_set_visible (self->card_linked_group, FALSE);
}

static void
ld_registration_wizard_hide_card (LdRegistrationWizard *self)
{
  g_clear_object (&self->found_card);
  gtk_widget_set_visible (self->card_group, FALSE);
  gtk_widget_set_visible (self->card_linked_group, FALSE);
}

static void
ld_registration_wizard_show_linked (LdRegistrationWizard *self,
                                    const char           *number,
                                    const char           *message)
{
  g_autofree char *title = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  g_clear_object (&self->found_card);
  g_free (self->linked_number);
  self->linked_number = g_strdup (number);

  title = g_strdup_printf (_("Card %s belongs to another member"), number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->card_linked_row), title);
  adw_action_row_set_subtitle (self->card_linked_row, message ? message : "");

  gtk_widget_set_visible (self->card_group, FALSE);
  gtk_widget_set_visible (self->card_linked_group, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->card_entry), "error");
}

static char *
ld_registration_wizard_format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("");
}

static gboolean
ld_registration_wizard_countdown_cb (gpointer user_data)
{
  LdRegistrationWizard *self = user_data;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  ld_registration_wizard_update (self);

  if (g_get_monotonic_time () >= self->resend_at)
    {
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* the send-code row: whether a code went out and when another may go */
static void
ld_registration_wizard_update_code_row (LdRegistrationWizard *self)
{
  const char *sent_at = _ld_registration_wizard_draft_string (self->draft, "code_sent_at");
  gint64 now = g_get_monotonic_time ();
  g_autofree char *subtitle = NULL;

  if (sent_at == NULL)
    {
      subtitle = g_strdup_printf (_("A six-digit code goes by SMS to %s"), self->phone);
      gtk_button_set_label (self->send_code_button, _("Send _Code"));
    }
  else if (now < self->resend_at)
    {
      g_autofree char *time = ld_registration_wizard_format_time (sent_at);
      int seconds = (int) ((self->resend_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Sent at %s; another code can go in %d second",
                                               "Sent at %s; another code can go in %d seconds",
                                               seconds),
                                  time, seconds);
      gtk_button_set_label (self->send_code_button, _("Send _Again"));
    }
  else
    {
      g_autofree char *time = ld_registration_wizard_format_time (sent_at);

      subtitle = g_strdup_printf (_("Sent at %s"), time);
      gtk_button_set_label (self->send_code_button, _("Send _Again"));
    }

  adw_action_row_set_subtitle (self->code_send_row, subtitle);
}

static void
ld_registration_wizard_start_countdown (LdRegistrationWizard *self)
{
  const char *sent_at = _ld_registration_wizard_draft_string (self->draft, "code_sent_at");
  const char *available = _ld_registration_wizard_draft_string (self->draft, "resend_available_at");
  const char *updated = _ld_registration_wizard_draft_string (self->draft, "updated_at");
  g_autoptr(GDateTime) available_at = available ? g_date_time_new_from_iso8601 (available, NULL) : NULL;
  g_autoptr(GDateTime) updated_at = updated ? g_date_time_new_from_iso8601 (updated, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan remaining;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  self->resend_at = 0;

  if (sent_at == NULL || available_at == NULL)
    return;

  /* by the server's clock when it just answered; by ours for a draft resumed later */
  remaining = g_date_time_difference (available_at, now);
  if (updated_at != NULL)
    remaining = MIN (remaining, g_date_time_difference (available_at, updated_at));

  if (remaining <= 0)
    return;

  self->resend_at = g_get_monotonic_time () + remaining;
  self->countdown_id = g_timeout_add_seconds (1, ld_registration_wizard_countdown_cb, self);
}

/* puts what the server holds into the pages; @resume also puts back the typed answers */
static void
ld_registration_wizard_fill (LdRegistrationWizard *self,
                             gboolean              resume)
{
  JsonObject *card = draft_object (self->draft, "card");
  JsonObject *consent = draft_object (self->draft, "consent");
  const char *email = _ld_registration_wizard_draft_string (self->draft, "email");
  g_autofree char *steps_text = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  g_clear_pointer (&self->steps, g_strfreev);
  if (!ld_json_get_strv (self->draft, "steps", &self->steps) || self->steps == NULL)
    self->steps = g_new0 (char *, 1);

  if (card != NULL)
    {
      const char *number = _ld_registration_wizard_draft_string (card, "number");

      if (number != NULL && (resume || !_ld_registration_wizard_page_is_saved (self, "card") ||
                             *gtk_editable_get_text (GTK_EDITABLE (self->card_entry)) == '\0'))
        gtk_editable_set_text (GTK_EDITABLE (self->card_entry), number);

      ld_registration_wizard_show_card (self, number,
                                        _ld_registration_wizard_draft_string (card, "category"),
                                        _ld_registration_wizard_draft_string (card, "state"),
                                        draft_int (card, "balance"),
                                        _ld_registration_wizard_draft_string (card, "first_purchase_pos"));
    }

  if (resume || _ld_registration_wizard_step_index (self, "card") < _ld_registration_wizard_step_index (self, _ld_registration_wizard_server_step (self)))
    gtk_check_button_set_active (self->card_virtual_check, draft_bool (self->draft, "issue_virtual"));
  if (resume || _ld_registration_wizard_step_index (self, "virtual_card") < _ld_registration_wizard_step_index (self, _ld_registration_wizard_server_step (self)))
    gtk_check_button_set_active (self->virtual_check, draft_bool (self->draft, "issue_virtual"));

  if (email != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->email_entry), email);
      ld_registration_form_set_text (self->form, "email", email);
    }

  if (consent != NULL)
    {
      gtk_check_button_set_active (self->offer_check, draft_bool (consent, "offer"));
      gtk_check_button_set_active (self->personal_data_check, draft_bool (consent, "personal_data"));
    }

  if (resume)
    ld_registration_form_set_answers (self->form, draft_object (self->draft, "answers"));

  ld_registration_wizard_start_countdown (self);

  if (draft_bool (self->draft, "phone_confirmed") || draft_bool (self->draft, "phone_confirmation_skipped") ||
      _ld_registration_wizard_draft_string (self->draft, "code_sent_at") != NULL)
    self->phone_link_seen = TRUE;

  steps_text = g_strjoinv (",", self->steps);
  g_debug ("Draft %" G_GINT64_FORMAT ": step %s of %s, state %s",
           draft_int (self->draft, "id"), _ld_registration_wizard_server_step (self), steps_text,
           _ld_registration_wizard_draft_string (self->draft, "state"));
}

static gboolean
ld_registration_wizard_set_draft (LdRegistrationWizard *self,
                                  JsonObject           *draft,
                                  gboolean              resume)
{
  gint64 old_id = draft_int (self->draft, "id");

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (draft == NULL || draft_int (draft, "id") <= 0)
    {
      _ld_registration_wizard_set_error (self, _("The server answered something that is not a registration"), NULL);
      return FALSE;
    }

  g_clear_pointer (&self->draft, json_object_unref);
  self->draft = json_object_ref (draft);

  ld_registration_wizard_fill (self, resume);

  if (old_id != draft_int (self->draft, "id"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_ID]);

  return TRUE;
}

/* shows the page of where the draft stands */
void
_ld_registration_wizard_land (LdRegistrationWizard *self)
{
  const char *state = _ld_registration_wizard_draft_string (self->draft, "state");
  const char *step = _ld_registration_wizard_server_step (self);

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (g_strcmp0 (state, "cancelled") == 0)
    {
      _ld_registration_wizard_show_page (self, "ended");
      return;
    }

  if (g_strcmp0 (state, "completed") == 0 || g_strcmp0 (step, "done") == 0)
    {
      gint64 member_id = draft_int (self->draft, "member_id");

      if (member_id > 0 && self->member_id != member_id)
        {
          g_autofree char *description = NULL;

          self->member_id = member_id;
          description = g_strdup_printf (_("The caller with the number %s is a member of the loyalty program now."),
                                         self->phone);
          adw_status_page_set_description (self->done_page, description);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_ID]);
          _ld_registration_wizard_show_page (self, "done");
          g_signal_emit (self, signals[COMPLETED], 0, member_id);
          return;
        }

      _ld_registration_wizard_show_page (self, "done");
      return;
    }

  if (g_strcmp0 (step, "phone") == 0 && phone_path (self) && !self->phone_link_seen)
    {
      _ld_registration_wizard_show_page (self, "phone-link");
      return;
    }

  if (step != NULL && gtk_stack_get_child_by_name (self->stack, step) != NULL)
    _ld_registration_wizard_show_page (self, step);
  else
    _ld_registration_wizard_set_error (self, _("The server asks for a step this version does not know; update Loyalty Desk"), NULL);
}

/* ---- the state of the buttons, the progress line */

static void
ld_registration_wizard_update (LdRegistrationWizard *self)
{
  const char *page = self->page;
  gboolean busy = self->n_busy > 0;
  gboolean saved = _ld_registration_wizard_page_is_saved (self, page);
  gboolean open = _ld_registration_wizard_draft_is_open (self);
  gboolean code_sent = _ld_registration_wizard_draft_string (self->draft, "code_sent_at") != NULL;
  gboolean may_resend = g_get_monotonic_time () >= self->resend_at;
  gboolean may_skip = ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);
  gboolean without_card_offered = FALSE;
  gboolean next_visible;
  g_autofree char *progress = NULL;
  GtkWidget *pages[] = {
    self->card_page, self->phone_page, self->virtual_card_page, self->email_page,
    self->consent_page, self->form_page,
  };
  const char *page_names[] = { "card", "phone", "virtual_card", "email", "consent", "form" };

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->config != NULL)
    without_card_offered = ld_config_get_continue_without_card (self->config) ||
                           g_strcmp0 (ld_config_get_registration_mode (self->config), "phone") == 0;

  /* a step the server has taken is read-only */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_set_sensitive (pages[i], !_ld_registration_wizard_page_is_saved (self, page_names[i]));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 !busy && (page_is_step (page) || g_strcmp0 (page, "landline") == 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !busy && page_is_step (page) &&
                                 _ld_registration_wizard_neighbour (self, page, -1) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel",
                                 g_strcmp0 (page, "done") != 0 && g_strcmp0 (page, "ended") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.retry", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.search-card",
                                 !busy && open && g_strcmp0 (page, "card") == 0 && !saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.without-card",
                                 !busy && open && without_card_offered &&
                                 g_strcmp0 (page, "card") == 0 && !saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.send-code",
                                 !busy && open && g_strcmp0 (page, "phone") == 0 && !saved && may_resend);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.skip-confirmation",
                                 !busy && open && may_skip && g_strcmp0 (page, "phone") == 0 && !saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.refuse-consent",
                                 !busy && open && g_strcmp0 (page, "consent") == 0 && !saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-owner", self->owner_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-member", self->member_id > 0);

  gtk_widget_set_visible (self->without_card_button, without_card_offered);
  gtk_widget_set_visible (self->card_options_group,
                          self->config != NULL && ld_config_get_virtual_card (self->config));
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_entry), code_sent);

  if (may_skip)
    {
      gtk_widget_set_tooltip_text (self->skip_button, _("Register the number without a code from the caller"));
    }
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("You lack the right “%s”"),
                                                  LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);

      gtk_widget_set_tooltip_text (self->skip_button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->skip_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                      -1);
    }

  ld_registration_wizard_update_code_row (self);

  /* Next says what it does */
  next_visible = page_is_step (page) || g_strcmp0 (page, "landline") == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next_visible);
  gtk_widget_set_visible (self->back_button, page_is_step (page));
  gtk_widget_set_visible (self->cancel_button,
                          g_strcmp0 (page, "done") != 0 && g_strcmp0 (page, "ended") != 0);

  if (g_strcmp0 (page, "landline") == 0)
    gtk_button_set_label (self->next_button, _("_Register Anyway"));
  else if (g_strcmp0 (page, "form") == 0 && !saved)
    gtk_button_set_label (self->next_button, _("_Save"));
  else if (g_strcmp0 (page, "phone") == 0 && !saved && !code_sent)
    gtk_button_set_label (self->next_button, _("Send _Code"));
  else if (g_strcmp0 (page, "card") == 0 && !saved && self->found_card == NULL)
    gtk_button_set_label (self->next_button, _("_Search"));
  else
    gtk_button_set_label (self->next_button, _("_Next"));

  /* the progress line: "Step 2 of 6 — Phone confirmation" */
  if (page_is_step (page) && n_steps (self) > 0)
    {
      guint index = _ld_registration_wizard_step_index (self, _ld_registration_wizard_page_step (page));
      guint total = n_steps (self);

      progress = g_strdup_printf (_("Step %u of %u — %s"), MIN (index + 1, total), total,
                                  ld_registration_wizard_step_title (ld_registration_step_from_string (_ld_registration_wizard_page_step (page))));
      if (saved)
        {
          g_autofree char *with_note = g_strdup_printf (_("%s (saved)"), progress);

          g_free (progress);
          progress = g_steal_pointer (&with_note);
        }
      gtk_progress_bar_set_fraction (self->progress_bar, (double) index / total);
    }
  else if (g_strcmp0 (page, "done") == 0)
    {
      progress = g_strdup (_("Registration complete"));
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
    }
  else if (g_strcmp0 (page, "ended") == 0)
    {
      progress = g_strdup (_("Registration ended"));
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    }
  else
    {
      progress = g_strdup_printf (_("Registration of %s"), self->phone);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    }

  gtk_label_set_text (self->progress_label, progress);
  g_free (self->progress);
  self->progress = g_steal_pointer (&progress);
}

static void
ld_registration_wizard_focus_page (LdRegistrationWizard *self)
{
  const char *page = self->page;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (_ld_registration_wizard_page_is_saved (self, page))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
      return;
    }

  if (g_strcmp0 (page, "card") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->card_entry));
  else if (g_strcmp0 (page, "phone") == 0)
    gtk_widget_grab_focus (_ld_registration_wizard_draft_string (self->draft, "code_sent_at") ? GTK_WIDGET (self->code_entry)
                                                                      : GTK_WIDGET (self->next_button));
  else if (g_strcmp0 (page, "virtual_card") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->virtual_check));
  else if (g_strcmp0 (page, "email") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->email_entry));
  else if (g_strcmp0 (page, "consent") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->offer_check));
  else if (g_strcmp0 (page, "form") == 0)
    ld_registration_form_focus (self->form, NULL);
  else if (g_strcmp0 (page, "done") == 0)
    gtk_widget_grab_focus (self->open_member_button);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

void
_ld_registration_wizard_show_page (LdRegistrationWizard *self,
                                  const char           *page)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));
  g_assert (gtk_stack_get_child_by_name (self->stack, page) != NULL);

  if (g_strcmp0 (self->page, page) != 0)
    {
      _ld_registration_wizard_set_error (self, NULL, NULL);
      g_free (self->page);
      self->page = g_strdup (page);
      gtk_stack_set_visible_child_name (self->stack, page);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }

  ld_registration_wizard_update (self);
  ld_registration_wizard_focus_page (self);
}

/* ---- the answers of the requests */

static void
ld_registration_wizard_refresh_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 attempts;

  draft = draft_json (ld_client_get_registration_finish (LD_CLIENT (object), result, &error));
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
  if (self->error_base != NULL && g_strcmp0 (self->page, "phone") == 0 &&
      (attempts = draft_int (self->draft, "code_attempts_left")) >= 0)
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

  if (!_ld_registration_wizard_draft_is_open (self) || g_strcmp0 (_ld_registration_wizard_page_step (self->page), _ld_registration_wizard_server_step (self)) != 0)
    {
      if (!_ld_registration_wizard_page_is_saved (self, self->page) || !_ld_registration_wizard_draft_is_open (self))
        _ld_registration_wizard_land (self);
    }

  ld_registration_wizard_update (self);

  /* the typed code expired: with the draft read again, Send Again is the way on */
  if (self->code_expired && g_strcmp0 (self->page, "phone") == 0 &&
      gtk_widget_get_sensitive (GTK_WIDGET (self->send_code_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->send_code_button));
  self->code_expired = FALSE;
}

static void
ld_registration_wizard_refresh (LdRegistrationWizard *self)
{
  _ld_registration_wizard_begin (self, NULL);
  ld_client_get_registration_async (self->client, _ld_registration_wizard_draft_id (self), self->cancellable,
                                    ld_registration_wizard_refresh_cb, g_object_ref (self));
}

static gint64
card_owner_id (LdCard *card)
{
  JsonObject *owner;
  gint64 owner_id = ld_card_get_owner_id (card);

  if (owner_id <= 0 && (owner = ld_card_get_owner (card)) != NULL)
    owner_id = draft_int (owner, "id");

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

  if (g_strcmp0 (ld_card_get_number (card), self->linked_number) == 0)
    {
      self->owner_id = card_owner_id (card);
      ld_registration_wizard_update (self);
    }
}

/* a step's request failed: keep the page and what was typed, say why */
static void
ld_registration_wizard_step_failed (LdRegistrationWizard *self,
                                    GAsyncResult         *result,
                                    const GError         *error)
{
  const char *field = ld_client_result_get_error_field (result);
  LdError code = error->domain == LD_ERROR ? (LdError) error->code : LD_ERROR_FAILED;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (code == LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER)
    {
      const char *number = gtk_editable_get_text (GTK_EDITABLE (self->card_entry));
      g_autofree char *normal = ld_card_number_normalize (number, NULL);

      ld_registration_wizard_show_linked (self, normal ? normal : number, error->message);
      _ld_registration_wizard_set_error (self, error->message, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->card_entry), "error");
      /* who owns it, for "Open Owner's Profile" */
      ld_client_get_card_async (self->client, self->linked_number, self->cancellable,
                                ld_registration_wizard_owner_cb, g_object_ref (self));
      return;
    }

  if (code == LD_ERROR_CARD_NOT_FOUND || code == LD_ERROR_CARD_NOT_AVAILABLE)
    {
      ld_registration_wizard_hide_card (self);
      _ld_registration_wizard_set_error (self, error->message, "number");
      ld_registration_wizard_update (self);
      return;
    }

  if (field != NULL && g_str_has_prefix (field, "answers.") &&
      ld_registration_form_get_label (self->form, field + strlen ("answers.")) != NULL)
    {
      /* the server's message is about one field of the form: name it */
      g_autofree char *message = g_strdup_printf (_("%s: %s"),
                                                  ld_registration_form_get_label (self->form, field + strlen ("answers.")),
                                                  error->message);

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

/* the steps' calls, each finished by its own _finish; all answer the draft */
static const struct {
  gpointer     tag;
  LdRegistrationDraft *(*finish) (LdClient *client, GAsyncResult *result, GError **error);
} step_calls[] = {
  { ld_client_registration_card_async, ld_client_registration_card_finish },
  { ld_client_registration_virtual_card_async, ld_client_registration_virtual_card_finish },
  { ld_client_registration_send_code_async, ld_client_registration_send_code_finish },
  { ld_client_registration_confirm_phone_async, ld_client_registration_confirm_phone_finish },
  { ld_client_registration_skip_phone_async, ld_client_registration_skip_phone_finish },
  { ld_client_registration_email_async, ld_client_registration_email_finish },
  { ld_client_registration_consent_async, ld_client_registration_consent_finish },
  { ld_client_registration_password_async, ld_client_registration_password_finish },
};

/* the draft a step's request answered, or %NULL: what failed (but for a cancel) is said
 * in the step; the request is done either way */
static JsonObject *
ld_registration_wizard_step_finish (LdRegistrationWizard *self,
                                    GObject              *client,
                                    GAsyncResult         *result)
{
  g_autoptr(GError) error = NULL;
  JsonObject *draft = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));
  g_assert (LD_IS_CLIENT (client));

  for (guint i = 0; i < G_N_ELEMENTS (step_calls); i++)
    if (g_async_result_is_tagged (result, step_calls[i].tag))
      {
        draft = draft_json (step_calls[i].finish (LD_CLIENT (client), result, &error));
        break;
      }
  g_assert (draft != NULL || error != NULL);

  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ld_registration_wizard_step_failed (self, result, error);

  return draft;
}

void
_ld_registration_wizard_step_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(JsonObject) draft = ld_registration_wizard_step_finish (self, object, result);

  if (draft != NULL && ld_registration_wizard_set_draft (self, draft, FALSE))
    _ld_registration_wizard_land (self);
}

void
_ld_registration_wizard_send_code_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(JsonObject) draft = ld_registration_wizard_step_finish (self, object, result);

  if (draft == NULL || !ld_registration_wizard_set_draft (self, draft, FALSE))
    return;

  /* the caller reads the code out: type it */
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  ld_registration_wizard_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

void
_ld_registration_wizard_complete_cb (GObject      *object,
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

  /* the draft is completed: keep it so, for the progress line */
  if (self->draft != NULL)
    {
      json_object_set_string_member (self->draft, "state", "completed");
      json_object_set_string_member (self->draft, "step", "done");
      json_object_set_int_member (self->draft, "member_id", self->member_id);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_ID]);
  _ld_registration_wizard_show_page (self, "done");
  g_signal_emit (self, signals[COMPLETED], 0, self->member_id);
}

void
_ld_registration_wizard_cancel_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(GError) error = NULL;

  draft = draft_json (ld_client_cancel_registration_finish (LD_CLIENT (object), result, &error));
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
  _ld_registration_wizard_show_page (self, "ended");
  g_signal_emit (self, signals[CLOSED], 0);
}

/* ---- starting: the configuration and the draft, in parallel */

static void
ld_registration_wizard_maybe_land (LdRegistrationWizard *self)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->config == NULL || self->draft == NULL || self->landed)
    return;

  self->landed = TRUE;
  ld_registration_wizard_fill (self, TRUE);
  _ld_registration_wizard_land (self);
}

static void
ld_registration_wizard_start_failed (LdRegistrationWizard *self,
                                     const char           *message,
                                     const GError         *error)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  /* the number is a member's already: offer the member rather than a registration */
  gtk_widget_set_visible (self->open_existing_button,
                          g_error_matches (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED));
  adw_status_page_set_description (self->failed_page, message);
  _ld_registration_wizard_show_page (self, "failed");
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
  ld_registration_form_set_fields (self->form, ld_config_get_application_form (config));
  ld_registration_wizard_maybe_land (self);
}

static void
ld_registration_wizard_start_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(LdRegistrationWizard) self = user_data;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(GError) error = NULL;

  draft = draft_json (ld_client_start_registration_finish (LD_CLIENT (object), result, &error));
  ld_registration_wizard_request_done (self, result, error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ld_registration_wizard_start_failed (self, error->message, error);
      return;
    }

  if (draft_int (draft, "id") <= 0)
    {
      ld_registration_wizard_start_failed (self, _("The server answered something that is not a registration"), NULL);
      return;
    }

  g_clear_pointer (&self->draft, json_object_unref);
  self->draft = json_object_ref (draft);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_ID]);

  ld_registration_wizard_maybe_land (self);
}

void
_ld_registration_wizard_start (LdRegistrationWizard *self)
{
  g_autofree char *request = NULL;
  const char *key;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  self->landed = FALSE;
  _ld_registration_wizard_show_page (self, "starting");

  if (self->config == NULL)
    {
      _ld_registration_wizard_set_busy (self, TRUE);
      ld_client_get_config_async (self->client, self->cancellable,
                                  ld_registration_wizard_config_cb, g_object_ref (self));
    }

  request = g_strdup_printf ("start %s %" G_GINT64_FORMAT, self->phone, self->call_id);
  key = _ld_registration_wizard_begin (self, request);
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

      ld_registration_wizard_hide_card (self);
      _ld_registration_wizard_set_error (self, error->message, "number");
      ld_registration_wizard_update (self);
      return;
    }

  owner_id = card_owner_id (card);

  if (owner_id > 0)
    {
      g_autofree char *message = g_strdup_printf (_("The card is linked to another member; it cannot be used to register this caller."));

      self->owner_id = owner_id;
      ld_registration_wizard_show_linked (self, ld_card_get_number (card), message);
      _ld_registration_wizard_set_error (self, message, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->card_entry), "error");
    }
  else if (g_strcmp0 (ld_card_get_state (card), "issued") != 0)
    {
      g_autofree char *state = ld_profile_format_state (ld_card_get_state (card));
      g_autofree char *message = g_strdup_printf (_("Card %s cannot be used to register: it is “%s”"),
                                                  ld_card_get_number (card), state);

      ld_registration_wizard_hide_card (self);
      _ld_registration_wizard_set_error (self, message, "number");
    }
  else
    {
      g_set_object (&self->found_card, card);
      ld_registration_wizard_show_card (self,
                                        ld_card_get_number (card),
                                        ld_card_get_category (card),
                                        ld_card_get_state (card),
                                        ld_card_get_balance (card),
                                        ld_card_get_first_purchase_pos (card));
      _ld_registration_wizard_set_error (self, NULL, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->card_entry));
    }

  ld_registration_wizard_update (self);
}

void
_ld_registration_wizard_search_card (LdRegistrationWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (!(number = ld_card_number_normalize (gtk_editable_get_text (GTK_EDITABLE (self->card_entry)), &error)))
    {
      ld_registration_wizard_hide_card (self);
      _ld_registration_wizard_set_error (self, error->message, "number");
      return;
    }

  self->owner_id = 0;
  _ld_registration_wizard_set_busy (self, TRUE);
  ld_client_get_card_async (self->client, number, self->cancellable,
                            ld_registration_wizard_search_cb, g_object_ref (self));
}

static void
ld_registration_wizard_card_changed_cb (LdRegistrationWizard *self,
                                        GtkEditable          *editable)
{
  g_autofree char *number = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");

  if (_ld_registration_wizard_page_is_saved (self, "card"))
    return;

  /* another number: what was found belongs to the old one */
  number = ld_card_number_normalize (gtk_editable_get_text (editable), NULL);
  if (self->found_card != NULL && g_strcmp0 (number, ld_card_get_number (self->found_card)) != 0)
    ld_registration_wizard_hide_card (self);
  if (self->linked_number != NULL && g_strcmp0 (number, self->linked_number) != 0)
    {
      g_clear_pointer (&self->linked_number, g_free);
      self->owner_id = 0;
      ld_registration_wizard_hide_card (self);
    }

  ld_registration_wizard_update (self);
}

/* ---- what the actions (ld-registration-wizard-actions.c) emit */

void
_ld_registration_wizard_emit_open_member (LdRegistrationWizard *self,
                                          gint64                member_id)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  g_signal_emit (self, signals[OPEN_MEMBER], 0, member_id);
}

void
_ld_registration_wizard_emit_closed (LdRegistrationWizard *self)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  g_signal_emit (self, signals[CLOSED], 0);
}

/* ---- Enter in the fields */

static void
ld_registration_wizard_card_activated_cb (LdRegistrationWizard *self,
                                          AdwEntryRow          *row)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static void
ld_registration_wizard_entry_activated_cb (LdRegistrationWizard *self,
                                           AdwEntryRow          *row)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static void
ld_registration_wizard_form_activate_cb (LdRegistrationWizard *self,
                                         LdRegistrationForm   *form)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
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
  adw_status_page_set_description (self->phone_link_page, description);
  g_clear_pointer (&description, g_free);

  description = g_strdup_printf (_("The number %s will be linked to the new member. Send a code by SMS "
                                   "and type the code the caller reads out."),
                                 self->phone);
  adw_preferences_group_set_description (self->phone_group, description);
  g_clear_pointer (&description, g_free);

  description = g_strdup_printf (_("Next sends the welcome SMS with the Personal Account password to %s. "
                                   "The member can change the password in the Personal Account."),
                                 self->phone);
  adw_status_page_set_description (self->password_page, description);

  if (ld_phone_is_mobile (self->phone))
    _ld_registration_wizard_start (self);
  else
    _ld_registration_wizard_show_page (self, "landline");
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
  g_clear_handle_id (&self->countdown_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_REGISTRATION_WIZARD);

  g_clear_object (&self->found_card);
  g_clear_object (&self->config);
  g_clear_pointer (&self->draft, json_object_unref);

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
  g_clear_pointer (&self->steps, g_strfreev);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->progress, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->error_base, g_free);
  g_clear_pointer (&self->linked_number, g_free);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->idempotency_request, g_free);

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
      g_value_set_string (value, self->page);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;

    case PROP_DRAFT_ID:
      g_value_set_int64 (value, draft_int (self->draft, "id"));
      break;

    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
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

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LdRegistrationWizard:phone:
   *
   * The number to register, in E.164.
   */
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LdRegistrationWizard:call-id:
   *
   * The call the registration is made on; 0 for a registration without a call.
   */
  properties[PROP_CALL_ID] =
    g_param_spec_int64 ("call-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * LdRegistrationWizard:page:
   *
   * The name of the page shown: "starting", "landline", "failed", a step of the draft
   * ("card", "phone", "virtual_card", "email", "consent", "password", "form"),
   * "phone-link", "done" or "ended".
   */
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT_ID] =
    g_param_spec_int64 ("draft-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEMBER_ID] =
    g_param_spec_int64 ("member-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LdRegistrationWizard:error:
   *
   * What the wizard says went wrong, as shown; %NULL when nothing did.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdRegistrationWizard::completed:
   * @member_id: the new member
   *
   * The member exists: the window opens the profile.
   */
  signals[COMPLETED] =
    g_signal_new ("completed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LdRegistrationWizard::open-member:
   * @member_id: the member to show: the owner of a card linked elsewhere, or the new one
   */
  signals[OPEN_MEMBER] =
    g_signal_new ("open-member",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LdRegistrationWizard::closed:
   *
   * The agent is done with the wizard (cancelled it, or put it off for later): the
   * window closes it.
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (LD_TYPE_REGISTRATION_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, progress_box);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, landline_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, failed_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, open_existing_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_number_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_category_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_state_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_balance_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_pos_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_linked_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_linked_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, open_owner_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_options_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_virtual_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, card_virtual_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, without_card_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, phone_link_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, phone_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, phone_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, code_send_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, send_code_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, code_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, skip_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, virtual_card_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, virtual_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, email_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, email_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, consent_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, offer_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, personal_data_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, password_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, form_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, form);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, done_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, open_member_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, ended_page);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationWizard, spinner);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_card_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_card_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_wizard_form_activate_cb);

  _ld_registration_wizard_class_init_actions (widget_class);


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
 * Returns: the name of the page shown (see #LdRegistrationWizard:page)
 */
const char *
ld_registration_wizard_get_page (LdRegistrationWizard *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_WIZARD (self), NULL);

  return self->page;
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

  return draft_int (self->draft, "id");
}

/**
 * ld_registration_wizard_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft as the server last answered it
 */
JsonObject *
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

/* ld-registration-wizard-actions.c — what Next, Back, Cancel and the pages' buttons do
 *
 * Next posts the step of the page shown (or, on a page the server has already taken,
 * only moves on); Back only moves back; Cancel asks first. Every request is a typed
 * LdClient call with the key _ld_registration_wizard_begin() gives; the answers land in
 * ld-registration-wizard.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-question.h"
#include "ld-registration-wizard-private.h"

/* ---- Next, step by step */

/* the key of a step's request: the same request sent again reuses it (see
 * _ld_registration_wizard_begin()); @format describes the request's arguments */
static const char *
ld_registration_wizard_begin_step (LdRegistrationWizard *self,
                                   const char           *format,
                                   ...) G_GNUC_PRINTF (2, 3);

static const char *
ld_registration_wizard_begin_step (LdRegistrationWizard *self,
                                   const char           *format,
                                   ...)
{
  g_autofree char *arguments = NULL;
  g_autofree char *request = NULL;
  va_list args;

  va_start (args, format);
  arguments = g_strdup_vprintf (format, args);
  va_end (args);

  request = g_strdup_printf ("%" G_GINT64_FORMAT " %s", _ld_registration_wizard_draft_id (self), arguments);
  return _ld_registration_wizard_begin (self, request);
}

static void
ld_registration_wizard_post_consent (LdRegistrationWizard *self,
                                     gboolean              offer,
                                     gboolean              personal_data)
{
  const char *key = ld_registration_wizard_begin_step (self, "consent %d %d", offer, personal_data);

  ld_client_registration_consent_async (self->client, _ld_registration_wizard_draft_id (self),
                                        offer, personal_data, key, self->cancellable,
                                        _ld_registration_wizard_step_cb, g_object_ref (self));
}

static void
ld_registration_wizard_post_card (LdRegistrationWizard *self,
                                  const char           *number,
                                  gboolean              issue_virtual)
{
  const char *key = ld_registration_wizard_begin_step (self, "card %s %d", number ? number : "-", issue_virtual);

  ld_client_registration_card_async (self->client, _ld_registration_wizard_draft_id (self),
                                     number, issue_virtual, key, self->cancellable,
                                     _ld_registration_wizard_step_cb, g_object_ref (self));
}

static void
ld_registration_wizard_send_code (LdRegistrationWizard *self)
{
  const char *key;

  _ld_registration_wizard_set_error (self, NULL, NULL);
  key = ld_registration_wizard_begin_step (self, "send-code");
  ld_client_registration_send_code_async (self->client, _ld_registration_wizard_draft_id (self), key,
                                          self->cancellable, _ld_registration_wizard_send_code_cb,
                                          g_object_ref (self));
}

static void
ld_registration_wizard_refuse_response_cb (LdRegistrationWizard *self,
                                           const char           *response,
                                           AdwMessageDialog     *dialog)
{
  gboolean offer;
  gboolean personal_data;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (g_strcmp0 (response, "end") != 0 || !_ld_registration_wizard_draft_is_open (self))
    return;

  offer = gtk_check_button_get_active (self->offer_check);
  personal_data = gtk_check_button_get_active (self->personal_data_check);
  /* the caller refuses: at least one of them is no */
  if (offer && personal_data)
    offer = personal_data = FALSE;

  adw_status_page_set_description (self->ended_page,
                                   _("The caller did not consent to the formal offer and the processing "
                                     "of personal data, so they cannot join the program. "
                                     "The registration was cancelled and nothing was created."));
  ld_registration_wizard_post_consent (self, offer, personal_data);
}

static void
ld_registration_wizard_ask_refuse (LdRegistrationWizard *self)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

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
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;
  const char *page = self->page;
  const char *request_key;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy > 0)
    return;

  if (g_strcmp0 (page, "landline") == 0)
    {
      self->landline_confirmed = TRUE;
      _ld_registration_wizard_start (self);
      return;
    }

  /* a step the server has taken: go on to the next page, nothing to send */
  if (_ld_registration_wizard_page_is_saved (self, page) || g_strcmp0 (page, "phone-link") == 0)
    {
      const char *next = _ld_registration_wizard_neighbour (self, page, +1);

      if (g_strcmp0 (page, "phone-link") == 0)
        self->phone_link_seen = TRUE;

      if (next != NULL && _ld_registration_wizard_step_index (self, _ld_registration_wizard_page_step (next)) <= _ld_registration_wizard_step_index (self, _ld_registration_wizard_server_step (self)))
        _ld_registration_wizard_show_page (self, next);
      else
        _ld_registration_wizard_land (self);
      return;
    }

  if (g_strcmp0 (page, "card") == 0)
    {
      g_autofree char *number = ld_card_number_normalize (gtk_editable_get_text (GTK_EDITABLE (self->card_entry)), NULL);

      if (self->found_card == NULL || g_strcmp0 (number, ld_card_get_number (self->found_card)) != 0)
        {
          _ld_registration_wizard_search_card (self);
          return;
        }

      ld_registration_wizard_post_card (self, number,
                                        gtk_widget_get_visible (self->card_options_group) &&
                                        gtk_check_button_get_active (self->card_virtual_check));
    }
  else if (g_strcmp0 (page, "phone") == 0)
    {
      g_autofree char *code = NULL;

      if (_ld_registration_wizard_draft_string (self->draft, "code_sent_at") == NULL)
        {
          ld_registration_wizard_send_code (self);
          return;
        }

      code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry))));
      if (*code == '\0')
        {
          _ld_registration_wizard_set_error (self, _("Type the code the caller reads out from the SMS"), "code");
          return;
        }

      request_key = ld_registration_wizard_begin_step (self, "confirm %s", code);
      ld_client_registration_confirm_phone_async (self->client, _ld_registration_wizard_draft_id (self),
                                                  code, request_key, self->cancellable,
                                                  _ld_registration_wizard_step_cb, g_object_ref (self));
    }
  else if (g_strcmp0 (page, "virtual_card") == 0)
    {
      gboolean issue_virtual = gtk_check_button_get_active (self->virtual_check);

      request_key = ld_registration_wizard_begin_step (self, "virtual-card %d", issue_virtual);
      ld_client_registration_virtual_card_async (self->client, _ld_registration_wizard_draft_id (self),
                                                 issue_virtual, request_key, self->cancellable,
                                                 _ld_registration_wizard_step_cb, g_object_ref (self));
    }
  else if (g_strcmp0 (page, "email") == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = ld_email_normalize (gtk_editable_get_text (GTK_EDITABLE (self->email_entry)), &error);

      if (email == NULL)
        {
          _ld_registration_wizard_set_error (self, error->message, "email");
          return;
        }

      request_key = ld_registration_wizard_begin_step (self, "email %s", email);
      ld_client_registration_email_async (self->client, _ld_registration_wizard_draft_id (self),
                                          email, request_key, self->cancellable,
                                          _ld_registration_wizard_step_cb, g_object_ref (self));
    }
  else if (g_strcmp0 (page, "consent") == 0)
    {
      if (!gtk_check_button_get_active (self->offer_check) ||
          !gtk_check_button_get_active (self->personal_data_check))
        {
          ld_registration_wizard_ask_refuse (self);
          return;
        }

      ld_registration_wizard_post_consent (self, TRUE, TRUE);
    }
  else if (g_strcmp0 (page, "password") == 0)
    {
      request_key = ld_registration_wizard_begin_step (self, "password");
      ld_client_registration_password_async (self->client, _ld_registration_wizard_draft_id (self),
                                             request_key, self->cancellable,
                                             _ld_registration_wizard_step_cb, g_object_ref (self));
    }
  else if (g_strcmp0 (page, "form") == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = NULL;

      if (!ld_registration_form_validate (self->form, &key, &error))
        {
          g_autofree char *field = g_strdup_printf ("answers.%s", key);

          _ld_registration_wizard_set_error (self, error->message, field);
          return;
        }

      g_autoptr(JsonObject) answers = ld_registration_form_get_answers (self->form);
      g_autoptr(JsonNode) answers_node = json_node_init_object (json_node_alloc (), answers);
      g_autofree char *answers_text = ld_json_to_string (answers_node, FALSE);

      request_key = ld_registration_wizard_begin_step (self, "complete %s", answers_text);
      ld_client_complete_registration_async (self->client, _ld_registration_wizard_draft_id (self),
                                             answers, request_key, self->cancellable,
                                             _ld_registration_wizard_complete_cb, g_object_ref (self));
    }
}

static void
ld_registration_wizard_back_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;
  const char *previous;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy == 0 && (previous = _ld_registration_wizard_neighbour (self, self->page, -1)))
    _ld_registration_wizard_show_page (self, previous);
}

static void
ld_registration_wizard_cancel_response_cb (LdRegistrationWizard *self,
                                           const char           *response,
                                           AdwMessageDialog     *dialog)
{
  const char *key;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (g_strcmp0 (response, "later") == 0)
    {
      _ld_registration_wizard_emit_closed (self);
      return;
    }

  if (g_strcmp0 (response, "cancel") != 0)
    return;

  if (!_ld_registration_wizard_draft_is_open (self))
    {
      _ld_registration_wizard_emit_closed (self);
      return;
    }

  key = ld_registration_wizard_begin_step (self, "cancel");
  ld_client_cancel_registration_async (self->client, _ld_registration_wizard_draft_id (self), NULL, key,
                                       self->cancellable, _ld_registration_wizard_cancel_cb,
                                       g_object_ref (self));
}

static void
ld_registration_wizard_cancel_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;
  g_autofree char *body = NULL;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  /* nothing on the server yet: nothing to ask */
  if (!_ld_registration_wizard_draft_is_open (self))
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

static void
ld_registration_wizard_retry_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy == 0)
    _ld_registration_wizard_start (self);
}

static void
ld_registration_wizard_search_card_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy == 0)
    _ld_registration_wizard_search_card (self);
}

static void
ld_registration_wizard_without_card_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy > 0)
    return;

  self->phone_link_seen = FALSE;
  ld_registration_wizard_post_card (self, NULL, FALSE);
}

static void
ld_registration_wizard_send_code_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy == 0)
    ld_registration_wizard_send_code (self);
}

static void
ld_registration_wizard_skip_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy == 0)
    {
      const char *key = ld_registration_wizard_begin_step (self, "skip-phone");

      ld_client_registration_skip_phone_async (self->client, _ld_registration_wizard_draft_id (self), key,
                                               self->cancellable, _ld_registration_wizard_step_cb,
                                               g_object_ref (self));
    }
}

static void
ld_registration_wizard_refuse_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  ld_registration_wizard_ask_refuse (self);
}

static void
ld_registration_wizard_open_owner_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->owner_id > 0)
    _ld_registration_wizard_emit_open_member (self, self->owner_id);
}

static void
ld_registration_wizard_open_member_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->member_id > 0)
    _ld_registration_wizard_emit_open_member (self, self->member_id);
}

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
    _ld_registration_wizard_emit_open_member (self, ld_member_get_id (member));
}

static void
ld_registration_wizard_open_existing_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy > 0)
    return;

  _ld_registration_wizard_set_busy (self, TRUE);
  ld_client_search_members_async (self->client, "phone", self->phone, NULL, 1, self->cancellable,
                                  ld_registration_wizard_existing_cb, g_object_ref (self));
}

static void
ld_registration_wizard_close_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LdRegistrationWizard *self = (LdRegistrationWizard *)widget;

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  _ld_registration_wizard_emit_closed (self);
}

void
_ld_registration_wizard_class_init_actions (GtkWidgetClass *widget_class)
{
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

  /* Enter is Next through the entries' "entry-activated"; these reach the whole wizard */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "wizard.next", NULL);
}

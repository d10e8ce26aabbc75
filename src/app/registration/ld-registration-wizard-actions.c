/* ld-registration-wizard-actions.c — what Next, Back, Cancel and the pages' buttons do
 *
 * Next posts the step of the page shown (or, on a page the server has already taken,
 * only moves on); Back only moves back; Cancel asks first. Every request goes through
 * the wizard's _ld_registration_wizard_send(), whose answers land in ld-registration-wizard.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-dialog-util.h"
#include "ld-registration-wizard-private.h"

/* ---- Next, step by step */

static void
ld_registration_wizard_post_step (LdRegistrationWizard *self,
                                  const char           *suffix,
                                  JsonObject           *body,
                                  GAsyncReadyCallback   callback)
{
  g_autofree char *path = _ld_registration_wizard_draft_path (self, suffix);
  g_autoptr(JsonObject) empty = NULL;

  if (body == NULL)
    body = empty = json_object_new ();

  _ld_registration_wizard_send (self, "POST", path, body, callback);
}

static void
ld_registration_wizard_send_code (LdRegistrationWizard *self)
{
  _ld_registration_wizard_set_error (self, NULL, NULL);
  ld_registration_wizard_post_step (self, "/phone/send-code", NULL, _ld_registration_wizard_send_code_cb);
}

static void
ld_registration_wizard_refuse_response_cb (LdRegistrationWizard *self,
                                           const char           *response,
                                           AdwMessageDialog     *dialog)
{
  g_autoptr(JsonObject) body = NULL;
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

  body = json_object_new ();
  json_object_set_boolean_member (body, "offer", offer);
  json_object_set_boolean_member (body, "personal_data", personal_data);

  adw_status_page_set_description (self->ended_page,
                                   _("The caller did not consent to the formal offer and the processing "
                                     "of personal data, so they cannot join the program. "
                                     "The registration was cancelled and nothing was created."));
  ld_registration_wizard_post_step (self, "/consent", body, _ld_registration_wizard_step_cb);
}

static void
ld_registration_wizard_ask_refuse (LdRegistrationWizard *self)
{
  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  ld_dialog_util_ask (GTK_WIDGET (self), _("End the Registration?"),
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
  g_autoptr(JsonObject) body = NULL;

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

      body = json_object_new ();
      json_object_set_string_member (body, "number", number);
      json_object_set_boolean_member (body, "issue_virtual",
                                      gtk_widget_get_visible (self->card_options_group) &&
                                      gtk_check_button_get_active (self->card_virtual_check));
      ld_registration_wizard_post_step (self, "/card", body, _ld_registration_wizard_step_cb);
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

      body = json_object_new ();
      json_object_set_string_member (body, "code", code);
      ld_registration_wizard_post_step (self, "/phone/confirm", body, _ld_registration_wizard_step_cb);
    }
  else if (g_strcmp0 (page, "virtual_card") == 0)
    {
      body = json_object_new ();
      json_object_set_boolean_member (body, "issue_virtual", gtk_check_button_get_active (self->virtual_check));
      ld_registration_wizard_post_step (self, "/virtual-card", body, _ld_registration_wizard_step_cb);
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

      body = json_object_new ();
      json_object_set_string_member (body, "email", email);
      ld_registration_wizard_post_step (self, "/email", body, _ld_registration_wizard_step_cb);
    }
  else if (g_strcmp0 (page, "consent") == 0)
    {
      if (!gtk_check_button_get_active (self->offer_check) ||
          !gtk_check_button_get_active (self->personal_data_check))
        {
          ld_registration_wizard_ask_refuse (self);
          return;
        }

      body = json_object_new ();
      json_object_set_boolean_member (body, "offer", TRUE);
      json_object_set_boolean_member (body, "personal_data", TRUE);
      ld_registration_wizard_post_step (self, "/consent", body, _ld_registration_wizard_step_cb);
    }
  else if (g_strcmp0 (page, "password") == 0)
    {
      ld_registration_wizard_post_step (self, "/password", NULL, _ld_registration_wizard_step_cb);
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

      body = json_object_new ();
      json_object_set_object_member (body, "answers", ld_registration_form_get_answers (self->form));
      ld_registration_wizard_post_step (self, "/complete", body, _ld_registration_wizard_complete_cb);
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
  g_autofree char *path = NULL;

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

  path = _ld_registration_wizard_draft_path (self, NULL);
  _ld_registration_wizard_send (self, "DELETE", path, NULL, _ld_registration_wizard_cancel_cb);
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
  ld_dialog_util_ask (widget, _("Cancel the Registration?"), body,
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
  g_autoptr(JsonObject) body = json_object_new ();

  g_assert (LD_IS_REGISTRATION_WIZARD (self));

  if (self->n_busy > 0)
    return;

  json_object_set_null_member (body, "number");
  json_object_set_boolean_member (body, "issue_virtual", FALSE);
  self->phone_link_seen = FALSE;
  ld_registration_wizard_post_step (self, "/card", body, _ld_registration_wizard_step_cb);
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
    ld_registration_wizard_post_step (self, "/phone/skip", NULL, _ld_registration_wizard_step_cb);
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

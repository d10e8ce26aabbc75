/* ld-registration-phone-page.c — the phone's confirmation: a code by SMS, another only
 * after the server's cool-down (counted down on the send row), the code the caller reads
 * out, or going on without it for an operator with the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-operation-setup.h"
#include "ld-registration-pages.h"

struct _LdRegistrationPhonePage
{
  AdwBin               parent_instance;

  /* template children */
  AdwPreferencesGroup *phone_group;
  AdwActionRow        *code_send_row;
  GtkButton           *send_code_button;
  AdwEntryRow         *code_entry;
  GtkWidget           *skip_button;

  char                *phone;
  char                *sent_at;       /* when the last code went out (RFC 3339) */
  gboolean             saved;
  guint                countdown_id;
  gint64               resend_at;     /* monotonic µs when the code may be sent again */
};

static void ld_registration_phone_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationPhonePage, ld_registration_phone_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_phone_page_step_page_init))

static char *
format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("");
}

/* the send row: whether a code went out and when another may go */
static void
ld_registration_phone_page_update_row (LdRegistrationPhonePage *self)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *subtitle = NULL;

  if (self->sent_at == NULL)
    {
      subtitle = g_strdup_printf (_("A six-digit code goes by SMS to %s"), self->phone ? self->phone : "");
      gtk_button_set_label (self->send_code_button, _("Send _Code"));
    }
  else if (now < self->resend_at)
    {
      g_autofree char *time = format_time (self->sent_at);
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
      g_autofree char *time = format_time (self->sent_at);

      subtitle = g_strdup_printf (_("Sent at %s"), time);
      gtk_button_set_label (self->send_code_button, _("Send _Again"));
    }

  adw_action_row_set_subtitle (self->code_send_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_entry), self->sent_at != NULL);
}

static gboolean
ld_registration_phone_page_countdown_cb (gpointer user_data)
{
  LdRegistrationPhonePage *self = user_data;

  ld_registration_phone_page_update_row (self);

  if (g_get_monotonic_time () >= self->resend_at)
    {
      self->countdown_id = 0;
      /* Send Again may go now */
      ld_registration_step_page_changed (LD_REGISTRATION_STEP_PAGE (self));
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
ld_registration_phone_page_start_countdown (LdRegistrationPhonePage *self,
                                            LdRegistrationDraft     *draft)
{
  const char *available = ld_registration_draft_get_resend_available_at (draft);
  const char *updated = ld_registration_draft_get_updated_at (draft);
  g_autoptr(GDateTime) available_at = available ? g_date_time_new_from_iso8601 (available, NULL) : NULL;
  g_autoptr(GDateTime) updated_at = updated ? g_date_time_new_from_iso8601 (updated, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan remaining;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  self->resend_at = 0;

  if (self->sent_at == NULL || available_at == NULL)
    return;

  /* by the server's clock when it just answered; by ours for a draft resumed later */
  remaining = g_date_time_difference (available_at, now);
  if (updated_at != NULL)
    remaining = MIN (remaining, g_date_time_difference (available_at, updated_at));

  if (remaining <= 0)
    return;

  self->resend_at = g_get_monotonic_time () + remaining;
  self->countdown_id = g_timeout_add_seconds (1, ld_registration_phone_page_countdown_cb, self);
}

void
ld_registration_phone_page_set_phone (LdRegistrationPhonePage *self,
                                      const char              *phone)
{
  g_autofree char *description = NULL;

  g_return_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self));

  g_free (self->phone);
  self->phone = g_strdup (phone);

  description = g_strdup_printf (_("The number %s will be linked to the new member. Send a code by SMS "
                                   "and type the code the caller reads out."),
                                 phone);
  adw_preferences_group_set_description (self->phone_group, description);
  ld_registration_phone_page_update_row (self);
}

void
ld_registration_phone_page_set_may_skip (LdRegistrationPhonePage *self,
                                         gboolean                 may_skip)
{
  g_return_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self));

  if (may_skip)
    {
      gtk_widget_set_tooltip_text (self->skip_button, _("Register the number without a code from the caller"));
    }
  else
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);

      ld_operation_set_tooltip (self->skip_button, tooltip);
    }
}

gboolean
ld_registration_phone_page_get_may_resend (LdRegistrationPhonePage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self), FALSE);

  return g_get_monotonic_time () >= self->resend_at;
}

gboolean
ld_registration_phone_page_get_code_sent (LdRegistrationPhonePage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self), FALSE);

  return self->sent_at != NULL;
}

void
ld_registration_phone_page_code_sent (LdRegistrationPhonePage *self)
{
  g_return_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self));

  /* the caller reads the new code out: type it */
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

void
ld_registration_phone_page_focus_resend (LdRegistrationPhonePage *self)
{
  g_return_if_fail (LD_IS_REGISTRATION_PHONE_PAGE (self));

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->send_code_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->send_code_button));
}

/* ---- LdRegistrationStepPage */

static LdRegistrationStep
ld_registration_phone_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_PHONE;
}

static void
ld_registration_phone_page_load (LdRegistrationStepPage *page,
                                 LdRegistrationDraft    *draft,
                                 gboolean                resume)
{
  LdRegistrationPhonePage *self = LD_REGISTRATION_PHONE_PAGE (page);

  self->saved = ld_registration_draft_is_saved (draft, LD_REGISTRATION_STEP_PHONE);
  g_free (self->sent_at);
  self->sent_at = g_strdup (ld_registration_draft_get_code_sent_at (draft));

  ld_registration_phone_page_start_countdown (self, draft);
  ld_registration_phone_page_update_row (self);
  ld_registration_step_page_changed (page);
}

static gboolean
ld_registration_phone_page_get_body (LdRegistrationStepPage  *page,
                                     LdRegistrationRequest   *request,
                                     JsonObject             **body,
                                     char                   **field,
                                     GError                 **error)
{
  LdRegistrationPhonePage *self = LD_REGISTRATION_PHONE_PAGE (page);
  g_autofree char *code = NULL;

  /* no code went out yet: Next sends it */
  if (self->sent_at == NULL)
    {
      *request = LD_REGISTRATION_REQUEST_SEND_CODE;
      return TRUE;
    }

  code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry))));
  if (*code == '\0')
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                           _("Type the code the caller reads out from the SMS"));
      *field = g_strdup ("code");
      return FALSE;
    }

  *request = LD_REGISTRATION_REQUEST_CONFIRM_PHONE;
  *body = json_object_new ();
  json_object_set_string_member (*body, "code", code);
  return TRUE;
}

static GtkWidget *
ld_registration_phone_page_get_field_widget (LdRegistrationStepPage *page,
                                             const char             *field)
{
  return g_str_equal (field, "code") ? GTK_WIDGET (LD_REGISTRATION_PHONE_PAGE (page)->code_entry) : NULL;
}

static gboolean
ld_registration_phone_page_focus_first (LdRegistrationStepPage *page)
{
  LdRegistrationPhonePage *self = LD_REGISTRATION_PHONE_PAGE (page);

  /* before a code went out, Next (which sends it) has the focus */
  return self->sent_at != NULL && gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

static const char *
ld_registration_phone_page_get_next_label (LdRegistrationStepPage *page)
{
  LdRegistrationPhonePage *self = LD_REGISTRATION_PHONE_PAGE (page);

  return !self->saved && self->sent_at == NULL ? _("Send _Code") : NULL;
}

static void
ld_registration_phone_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_phone_page_get_step;
  iface->load = ld_registration_phone_page_load;
  iface->get_body = ld_registration_phone_page_get_body;
  iface->get_field_widget = ld_registration_phone_page_get_field_widget;
  iface->focus_first = ld_registration_phone_page_focus_first;
  iface->get_next_label = ld_registration_phone_page_get_next_label;
}

/* ---- the object */

static void
ld_registration_phone_page_dispose (GObject *object)
{
  LdRegistrationPhonePage *self = (LdRegistrationPhonePage *)object;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_REGISTRATION_PHONE_PAGE);

  G_OBJECT_CLASS (ld_registration_phone_page_parent_class)->dispose (object);
}

static void
ld_registration_phone_page_finalize (GObject *object)
{
  LdRegistrationPhonePage *self = (LdRegistrationPhonePage *)object;

  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->sent_at, g_free);

  G_OBJECT_CLASS (ld_registration_phone_page_parent_class)->finalize (object);
}

static void
ld_registration_phone_page_class_init (LdRegistrationPhonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_registration_phone_page_dispose;
  object_class->finalize = ld_registration_phone_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-phone-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhonePage, phone_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhonePage, code_send_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhonePage, send_code_button);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhonePage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhonePage, skip_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_clear_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_next_cb);
}

static void
ld_registration_phone_page_init (LdRegistrationPhonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ld-registration-email-page.c — the e-mail step, when the configuration requires one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-registration-pages.h"

struct _LdRegistrationEmailPage
{
  AdwBin       parent_instance;

  AdwEntryRow *email_entry;
};

static void ld_registration_email_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationEmailPage, ld_registration_email_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_email_page_step_page_init))

static LdRegistrationStep
ld_registration_email_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_EMAIL;
}

static void
ld_registration_email_page_load (LdRegistrationStepPage *page,
                                 LdRegistrationDraft    *draft,
                                 gboolean                resume)
{
  const char *email = ld_registration_draft_get_email (draft);

  if (email != NULL)
    gtk_editable_set_text (GTK_EDITABLE (LD_REGISTRATION_EMAIL_PAGE (page)->email_entry), email);
}

static gboolean
ld_registration_email_page_get_body (LdRegistrationStepPage  *page,
                                     LdRegistrationRequest   *request,
                                     JsonObject             **body,
                                     char                   **field,
                                     GError                 **error)
{
  LdRegistrationEmailPage *self = LD_REGISTRATION_EMAIL_PAGE (page);
  g_autofree char *email = ld_email_normalize (gtk_editable_get_text (GTK_EDITABLE (self->email_entry)), error);

  if (email == NULL)
    {
      *field = g_strdup ("email");
      return FALSE;
    }

  *request = LD_REGISTRATION_REQUEST_EMAIL;
  *body = json_object_new ();
  json_object_set_string_member (*body, "email", email);
  return TRUE;
}

static void
ld_registration_email_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_email_page_get_step;
  iface->load = ld_registration_email_page_load;
  iface->get_body = ld_registration_email_page_get_body;
}

static void
ld_registration_email_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REGISTRATION_EMAIL_PAGE);

  G_OBJECT_CLASS (ld_registration_email_page_parent_class)->dispose (object);
}

static void
ld_registration_email_page_class_init (LdRegistrationEmailPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_registration_email_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-email-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationEmailPage, email_entry);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_clear_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_next_cb);
}

static void
ld_registration_email_page_init (LdRegistrationEmailPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "email", GTK_WIDGET (self->email_entry));
}

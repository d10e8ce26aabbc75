/* ld-registration-consent-page.c — consent to the formal offer and to the processing of
 * personal data; without both, Next (or The Caller Refuses) ends the registration after
 * asking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-registration-pages.h"

struct _LdRegistrationConsentPage
{
  AdwBin          parent_instance;

  GtkCheckButton *offer_check;
  GtkCheckButton *personal_data_check;
};

static void ld_registration_consent_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationConsentPage, ld_registration_consent_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_consent_page_step_page_init))

void
ld_registration_consent_page_get_consent (LdRegistrationConsentPage *self,
                                          gboolean                  *offer,
                                          gboolean                  *personal_data)
{
  g_return_if_fail (LD_IS_REGISTRATION_CONSENT_PAGE (self));

  *offer = gtk_check_button_get_active (self->offer_check);
  *personal_data = gtk_check_button_get_active (self->personal_data_check);
}

static LdRegistrationStep
ld_registration_consent_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_CONSENT;
}

static void
ld_registration_consent_page_load (LdRegistrationStepPage *page,
                                   LdRegistrationDraft    *draft,
                                   gboolean                resume)
{
  LdRegistrationConsentPage *self = LD_REGISTRATION_CONSENT_PAGE (page);

  if (ld_registration_draft_get_consent (draft) == NULL)
    return;

  gtk_check_button_set_active (self->offer_check, ld_registration_draft_get_consent_offer (draft));
  gtk_check_button_set_active (self->personal_data_check, ld_registration_draft_get_consent_personal_data (draft));
}

static gboolean
ld_registration_consent_page_get_body (LdRegistrationStepPage  *page,
                                       LdRegistrationRequest   *request,
                                       JsonObject             **body,
                                       char                   **field,
                                       GError                 **error)
{
  gboolean offer;
  gboolean personal_data;

  ld_registration_consent_page_get_consent (LD_REGISTRATION_CONSENT_PAGE (page), &offer, &personal_data);

  /* a consent missing ends the registration: the wizard asks first */
  *request = offer && personal_data ? LD_REGISTRATION_REQUEST_CONSENT : LD_REGISTRATION_REQUEST_REFUSE_CONSENT;
  *body = json_object_new ();
  json_object_set_boolean_member (*body, "offer", offer);
  json_object_set_boolean_member (*body, "personal_data", personal_data);
  return TRUE;
}

static void
ld_registration_consent_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_consent_page_get_step;
  iface->load = ld_registration_consent_page_load;
  iface->get_body = ld_registration_consent_page_get_body;
}

static void
ld_registration_consent_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REGISTRATION_CONSENT_PAGE);

  G_OBJECT_CLASS (ld_registration_consent_page_parent_class)->dispose (object);
}

static void
ld_registration_consent_page_class_init (LdRegistrationConsentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_registration_consent_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationConsentPage, offer_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationConsentPage, personal_data_check);
}

static void
ld_registration_consent_page_init (LdRegistrationConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "offer", GTK_WIDGET (self->offer_check));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "personal_data", GTK_WIDGET (self->personal_data_check));
}

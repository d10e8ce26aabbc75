/* ld-registration-virtual-card-page.c — the phone path's virtual-card step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-registration-pages.h"

struct _LdRegistrationVirtualCardPage
{
  AdwBin          parent_instance;

  GtkCheckButton *virtual_check;
};

static void ld_registration_virtual_card_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationVirtualCardPage, ld_registration_virtual_card_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_virtual_card_page_step_page_init))

static LdRegistrationStep
ld_registration_virtual_card_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_VIRTUAL_CARD;
}

static void
ld_registration_virtual_card_page_load (LdRegistrationStepPage *page,
                                        LdRegistrationDraft    *draft,
                                        gboolean                resume)
{
  LdRegistrationVirtualCardPage *self = LD_REGISTRATION_VIRTUAL_CARD_PAGE (page);

  /* what the agent ticked stays until the server has taken it */
  if (resume || ld_registration_draft_is_saved (draft, LD_REGISTRATION_STEP_VIRTUAL_CARD))
    gtk_check_button_set_active (self->virtual_check, ld_registration_draft_get_issue_virtual (draft));
}

static gboolean
ld_registration_virtual_card_page_get_body (LdRegistrationStepPage  *page,
                                            LdRegistrationRequest   *request,
                                            JsonObject             **body,
                                            char                   **field,
                                            GError                 **error)
{
  LdRegistrationVirtualCardPage *self = LD_REGISTRATION_VIRTUAL_CARD_PAGE (page);

  *request = LD_REGISTRATION_REQUEST_VIRTUAL_CARD;
  *body = json_object_new ();
  json_object_set_boolean_member (*body, "issue_virtual", gtk_check_button_get_active (self->virtual_check));
  return TRUE;
}

static void
ld_registration_virtual_card_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_virtual_card_page_get_step;
  iface->load = ld_registration_virtual_card_page_load;
  iface->get_body = ld_registration_virtual_card_page_get_body;
}

static void
ld_registration_virtual_card_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REGISTRATION_VIRTUAL_CARD_PAGE);

  G_OBJECT_CLASS (ld_registration_virtual_card_page_parent_class)->dispose (object);
}

static void
ld_registration_virtual_card_page_class_init (LdRegistrationVirtualCardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_registration_virtual_card_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-virtual-card-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationVirtualCardPage, virtual_check);
}

static void
ld_registration_virtual_card_page_init (LdRegistrationVirtualCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "issue_virtual", GTK_WIDGET (self->virtual_check));
}

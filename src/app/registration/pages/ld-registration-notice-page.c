/* ld-registration-notice-page.c — a step that only says what happens next: the phone
 * path's "your number will be linked" (sends nothing) and the Personal Account password
 * (Next sends the welcome SMS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-registration-pages.h"

struct _LdRegistrationNoticePage
{
  AdwBin              parent_instance;

  AdwStatusPage      *status_page;

  LdRegistrationStep  step;
};

enum {
  PROP_0,
  PROP_STEP,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ld_registration_notice_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationNoticePage, ld_registration_notice_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_notice_page_step_page_init))

void
ld_registration_notice_page_set_description (LdRegistrationNoticePage *self,
                                             const char               *description)
{
  g_return_if_fail (LD_IS_REGISTRATION_NOTICE_PAGE (self));

  adw_status_page_set_description (self->status_page, description);
}

static LdRegistrationStep
ld_registration_notice_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_NOTICE_PAGE (page)->step;
}

static gboolean
ld_registration_notice_page_get_body (LdRegistrationStepPage  *page,
                                      LdRegistrationRequest   *request,
                                      JsonObject             **body,
                                      char                   **field,
                                      GError                 **error)
{
  /* the server makes the password and sends it; the phone link sends nothing */
  *request = LD_REGISTRATION_NOTICE_PAGE (page)->step == LD_REGISTRATION_STEP_PASSWORD
             ? LD_REGISTRATION_REQUEST_PASSWORD : LD_REGISTRATION_REQUEST_NONE;
  return TRUE;
}

static void
ld_registration_notice_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_notice_page_get_step;
  iface->get_body = ld_registration_notice_page_get_body;
}

static void
ld_registration_notice_page_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  LdRegistrationNoticePage *self = LD_REGISTRATION_NOTICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case PROP_TITLE:
      g_value_set_string (value, adw_status_page_get_title (self->status_page));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, adw_status_page_get_icon_name (self->status_page));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_registration_notice_page_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  LdRegistrationNoticePage *self = LD_REGISTRATION_NOTICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      adw_status_page_set_title (self->status_page, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      adw_status_page_set_icon_name (self->status_page, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_registration_notice_page_class_init (LdRegistrationNoticePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ld_registration_notice_page_get_property;
  object_class->set_property = ld_registration_notice_page_set_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       LD_TYPE_REGISTRATION_STEP, LD_REGISTRATION_STEP_NONE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_registration_notice_page_init (LdRegistrationNoticePage *self)
{
  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
}

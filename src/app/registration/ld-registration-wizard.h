/* ld-registration-wizard.h — the registration of a new member, step by step, on a server draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_REGISTRATION_WIZARD (ld_registration_wizard_get_type ())

G_DECLARE_FINAL_TYPE (LdRegistrationWizard, ld_registration_wizard, LD, REGISTRATION_WIZARD, AdwBin)

GtkWidget  *ld_registration_wizard_new           (LdClient             *client,
                                                  const char           *phone,
                                                  gint64                call_id);
LdClient   *ld_registration_wizard_get_client    (LdRegistrationWizard *self);
const char *ld_registration_wizard_get_phone     (LdRegistrationWizard *self);
gint64      ld_registration_wizard_get_call_id   (LdRegistrationWizard *self);
const char *ld_registration_wizard_get_title     (LdRegistrationWizard *self);
const char *ld_registration_wizard_get_page      (LdRegistrationWizard *self);
LdRegistrationStep ld_registration_wizard_get_step (LdRegistrationWizard *self);
gboolean    ld_registration_wizard_get_busy      (LdRegistrationWizard *self);
gint64      ld_registration_wizard_get_draft_id  (LdRegistrationWizard *self);
LdRegistrationDraft *ld_registration_wizard_get_draft (LdRegistrationWizard *self);
gint64      ld_registration_wizard_get_member_id (LdRegistrationWizard *self);
const char *ld_registration_wizard_get_error     (LdRegistrationWizard *self);
const char *ld_registration_wizard_get_progress  (LdRegistrationWizard *self);

G_END_DECLS

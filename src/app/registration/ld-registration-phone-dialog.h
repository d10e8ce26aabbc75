/* ld-registration-phone-dialog.h — asks the number of a customer registered without a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_REGISTRATION_PHONE_DIALOG (ld_registration_phone_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdRegistrationPhoneDialog, ld_registration_phone_dialog, LD, REGISTRATION_PHONE_DIALOG, AdwMessageDialog)

GtkWidget  *ld_registration_phone_dialog_new       (GtkWindow                 *parent);
const char *ld_registration_phone_dialog_get_phone (LdRegistrationPhoneDialog *self);
GtkWidget  *ld_registration_phone_dialog_get_entry (LdRegistrationPhoneDialog *self);

G_END_DECLS

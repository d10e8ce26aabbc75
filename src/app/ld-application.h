/* ld-application.h — the agent application: one session, its windows, the screen pop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_APPLICATION (ld_application_get_type ())

G_DECLARE_FINAL_TYPE (LdApplication, ld_application, LD, APPLICATION, AdwApplication)

LdApplication *ld_application_new               (void);
GSettings     *ld_application_get_settings      (LdApplication *self);
LdClient      *ld_application_get_client        (LdApplication *self);
void           ld_application_set_client        (LdApplication *self,
                                                 LdClient      *client);
LdCredentialStore *ld_application_get_credential_store (LdApplication *self);
GtkWindow     *ld_application_get_main_window   (LdApplication *self);
GtkWindow     *ld_application_get_login_window  (LdApplication *self);

char          *ld_application_phone_from_uri    (const char    *uri);

G_END_DECLS

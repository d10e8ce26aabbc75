/* ld-login-window.h — server address, login, password, "Remember me"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-application.h"

G_BEGIN_DECLS

#define LD_TYPE_LOGIN_WINDOW (ld_login_window_get_type ())

G_DECLARE_FINAL_TYPE (LdLoginWindow, ld_login_window, LD, LOGIN_WINDOW, AdwApplicationWindow)

GtkWidget  *ld_login_window_new        (LdApplication *application,
                                        gboolean       auto_login);
gboolean    ld_login_window_get_busy   (LdLoginWindow *self);
const char *ld_login_window_get_error  (LdLoginWindow *self);
void        ld_login_window_set_login  (LdLoginWindow *self,
                                        const char    *login);
void        ld_login_window_set_message (LdLoginWindow *self,
                                         const char    *message);
void        ld_login_window_log_in     (LdLoginWindow *self,
                                        const char    *server_url,
                                        const char    *login,
                                        const char    *password,
                                        gboolean       remember);

G_END_DECLS

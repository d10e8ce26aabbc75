/* ld-contact-operations.h — Change Phone, Change E-mail and Send New Password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

void ld_contact_operations_change_phone         (GtkWidget  *widget,
                                                 LdClient   *client,
                                                 LdMember   *member);
void ld_contact_operations_change_email         (GtkWidget  *widget,
                                                 LdClient   *client,
                                                 LdMember   *member);
void ld_contact_operations_send_password        (GtkWidget  *widget,
                                                 LdClient   *client,
                                                 LdMember   *member);
void ld_contact_operations_send_password_action (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *param);
void ld_contact_operations_update               (GtkWidget  *page,
                                                 LdClient   *client,
                                                 LdMember   *member);

G_END_DECLS

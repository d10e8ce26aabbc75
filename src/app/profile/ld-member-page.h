/* ld-member-page.h — everything about one member: header and tabs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_PAGE (ld_member_page_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberPage, ld_member_page, LD, MEMBER_PAGE, AdwBin)

GtkWidget  *ld_member_page_new           (LdClient     *client,
                                          gint64        member_id);
LdClient   *ld_member_page_get_client    (LdMemberPage *self);
gint64      ld_member_page_get_member_id (LdMemberPage *self);
LdMember   *ld_member_page_get_member    (LdMemberPage *self);
LdConfig   *ld_member_page_get_config    (LdMemberPage *self);
const char *ld_member_page_get_title     (LdMemberPage *self);
void        ld_member_page_reload        (LdMemberPage *self);

G_END_DECLS

/* ld-member-messages-tab.h — the Messages tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_MESSAGES_TAB (ld_member_messages_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberMessagesTab, ld_member_messages_tab, LD, MEMBER_MESSAGES_TAB, LdMemberTab)

G_END_DECLS

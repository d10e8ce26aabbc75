/* ld-member-purchases-tab.h — the Messages tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_MESSAGES_TAB (ld_member_messages_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberMessagesTab, ld_member_messages_tab, LD, MEMBER_MESSAGES_TAB, AdwBin)

G_END_DECLS

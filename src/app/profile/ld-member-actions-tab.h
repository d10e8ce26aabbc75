/* ld-member-actions-tab.h — the Actions tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_ACTIONS_TAB (ld_member_actions_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberActionsTab, ld_member_actions_tab, LD, MEMBER_ACTIONS_TAB, LdMemberTab)

G_END_DECLS

/* ld-member-profile-tab.h — the Profile tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_PROFILE_TAB (ld_member_profile_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberProfileTab, ld_member_profile_tab, LD, MEMBER_PROFILE_TAB, LdMemberTab)

G_END_DECLS

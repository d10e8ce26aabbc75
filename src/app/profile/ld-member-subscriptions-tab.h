/* ld-member-subscriptions-tab.h — the Subscriptions tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_SUBSCRIPTIONS_TAB (ld_member_subscriptions_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberSubscriptionsTab, ld_member_subscriptions_tab, LD, MEMBER_SUBSCRIPTIONS_TAB, LdMemberTab)

G_END_DECLS

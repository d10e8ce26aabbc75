/* ld-member-purchases-tab.h — the Subscriptions tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_SUBSCRIPTIONS_TAB (ld_member_subscriptions_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberSubscriptionsTab, ld_member_subscriptions_tab, LD, MEMBER_SUBSCRIPTIONS_TAB, AdwBin)

G_END_DECLS

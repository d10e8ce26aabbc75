/* ld-member-purchases-tab.h — the Purchases tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_PURCHASES_TAB (ld_member_purchases_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberPurchasesTab, ld_member_purchases_tab, LD, MEMBER_PURCHASES_TAB, LdMemberTab)

G_END_DECLS

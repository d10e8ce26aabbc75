/* ld-member-cards-tab.h — the Cards tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_CARDS_TAB (ld_member_cards_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberCardsTab, ld_member_cards_tab, LD, MEMBER_CARDS_TAB, LdMemberTab)

G_END_DECLS

/* ld-member-favorites-tab.h — the Favorites tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_FAVORITES_TAB (ld_member_favorites_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberFavoritesTab, ld_member_favorites_tab, LD, MEMBER_FAVORITES_TAB, LdMemberTab)

G_END_DECLS

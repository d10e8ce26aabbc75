/* ld-member-purchases-tab.h — the Favorites tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_FAVORITES_TAB (ld_member_favorites_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberFavoritesTab, ld_member_favorites_tab, LD, MEMBER_FAVORITES_TAB, AdwBin)

G_END_DECLS

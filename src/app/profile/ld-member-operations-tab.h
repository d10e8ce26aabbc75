/* ld-member-operations-tab.h — the Operations tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-member-tab.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_OPERATIONS_TAB (ld_member_operations_tab_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberOperationsTab, ld_member_operations_tab, LD, MEMBER_OPERATIONS_TAB, LdMemberTab)

G_END_DECLS

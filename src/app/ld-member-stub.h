/* ld-member-stub.h — a stand-in for the member page until the profile lands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_STUB (ld_member_stub_get_type ())

G_DECLARE_FINAL_TYPE (LdMemberStub, ld_member_stub, LD, MEMBER_STUB, AdwBin)

GtkWidget *ld_member_stub_new (LdClient *client,
                               gint64    member_id);

G_END_DECLS

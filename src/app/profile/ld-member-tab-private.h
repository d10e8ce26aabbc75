/* ld-member-tab-private.h — what the tabs of the member profile use of their base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tab derives from LdMemberTab, which has the properties "client", "member" and
 * "config", the view (the LdLoadableView with the id "view" in the tab's template), a
 * GCancellable and the rows the tab added to its preferences groups, and loads the view
 * again as the class asks. These are for the tabs only.
 */
#pragma once

#include "ld-loadable-view.h"
#include "ld-member-tab.h"

G_BEGIN_DECLS

void          ld_member_tab_class_set_template (GtkWidgetClass      *widget_class,
                                                const char          *resource);
GCancellable *ld_member_tab_get_cancellable    (LdMemberTab         *self);
GCancellable *ld_member_tab_renew_cancellable  (LdMemberTab         *self);
void          ld_member_tab_reload             (LdMemberTab         *self);
void          ld_member_tab_load_list          (LdMemberTab         *self,
                                                LdLoadableView      *view,
                                                LdMemberHistory      history,
                                                GHashTable          *query);
void          ld_member_tab_add_row            (LdMemberTab         *self,
                                                AdwPreferencesGroup *group,
                                                const char          *title,
                                                const char          *subtitle);
void          ld_member_tab_clear_rows         (LdMemberTab         *self);
gboolean      ld_member_tab_item_is_loaded     (gpointer             item);

G_END_DECLS

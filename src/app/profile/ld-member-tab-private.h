/* ld-member-tab-private.h — what every tab of the member profile shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tab is its own final widget with the properties "client" and "member" (and some
 * "config"), in that order right after PROP_0; a list tab loads a paged model of
 * /members/{id}/<list> into its LdLoadableView when first shown. These functions are
 * that common part, so that the tabs keep only what differs.
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"
#include "ld-loadable-view.h"

G_BEGIN_DECLS

/* the property ids every tab uses (its own enum starts with these) */
enum {
  LD_MEMBER_TAB_PROP_CLIENT = 1,
  LD_MEMBER_TAB_PROP_MEMBER,
  LD_MEMBER_TAB_PROP_CONFIG,
};

void     ld_member_tab_install_properties (GObjectClass   *object_class,
                                           GParamSpec    **properties,
                                           guint           n_props);
void     ld_member_tab_dispose_template   (AdwBin         *tab,
                                           GType           tab_type,
                                           LdLoadableView *list_view);
gboolean ld_member_tab_get_property       (guint           prop_id,
                                           GValue         *value,
                                           LdClient       *client,
                                           LdMember       *member,
                                           LdConfig       *config);
gboolean ld_member_tab_set_object         (GObject        *tab,
                                           GObject       **field,
                                           const GValue   *value,
                                           GParamSpec     *pspec,
                                           LdLoadableView *view);
gboolean ld_member_tab_set_member         (GObject        *tab,
                                           LdMember      **field,
                                           LdMember       *member,
                                           GParamSpec     *pspec,
                                           LdLoadableView *view,
                                           gboolean        reload_same);
gboolean ld_member_tab_is_same_member     (LdMember       *old_member,
                                           LdMember       *new_member);
void     ld_member_tab_load_list          (LdLoadableView *view,
                                           LdClient       *client,
                                           LdMember       *member,
                                           const char     *list,
                                           GHashTable     *query,
                                           GType           item_type);
void     ld_member_tab_setup_label_cb     (gpointer        tab,
                                           GtkListItem    *item);

G_END_DECLS

/* ld-member-actions-tab.c — the action history: who did what to the member, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/actions, newest first, paged as the agent scrolls.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-actions-tab.h"
#include "ld-member-tab-private.h"

struct _LdMemberActionsTab
{
  LdMemberTab     parent_instance;

  LdLoadableView *view;
};

G_DEFINE_FINAL_TYPE (LdMemberActionsTab, ld_member_actions_tab, LD_TYPE_MEMBER_TAB)

/* reasons are keys of the configuration's lists (or free text): their labels need the config */
static void
ld_member_actions_tab_bind_reason_cb (LdMemberActionsTab *self,
                                      GtkListItem        *item)
{
  LdAction *action = gtk_list_item_get_item (item);
  g_autofree char *reason = NULL;

  g_assert (LD_IS_MEMBER_ACTIONS_TAB (self));

  if (!LD_IS_ACTION (action))
    return;

  /* a row being fetched again has no reason to show yet */
  if (ld_member_tab_item_is_loaded (action))
    reason = ld_format_reason (ld_member_tab_get_config (LD_MEMBER_TAB (self)),
                               ld_action_get_reason (action));
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), reason != NULL ? reason : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), reason);
}

static void
ld_member_actions_tab_load (LdMemberTab *tab)
{
  LdMemberActionsTab *self = LD_MEMBER_ACTIONS_TAB (tab);

  ld_member_tab_load_list (tab, self->view, LD_MEMBER_HISTORY_ACTIONS, NULL);
}

static void
ld_member_actions_tab_class_init (LdMemberActionsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_actions_tab_load;
  /* a refreshed profile (after an operation) may come with new actions */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_SHOWN;

  g_type_ensure (LD_TYPE_ACTION);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-actions-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberActionsTab, view);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_actions_tab_bind_reason_cb);
}

static void
ld_member_actions_tab_init (LdMemberActionsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

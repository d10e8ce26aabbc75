/* ld-member-actions-tab.c — the action history: who did what to the member, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/actions, newest first, paged as the agent scrolls.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-loadable-view.h"
#include "ld-member-actions-tab.h"
#include "ld-member-tab-private.h"
#include "ld-profile-format.h"

struct _LdMemberActionsTab
{
  AdwBin          parent_instance;

  LdLoadableView *view;

  LdClient       *client;
  LdMember       *member;
  LdConfig       *config;
};

enum {
  PROP_0,
  PROP_CLIENT = LD_MEMBER_TAB_PROP_CLIENT,
  PROP_MEMBER = LD_MEMBER_TAB_PROP_MEMBER,
  PROP_CONFIG = LD_MEMBER_TAB_PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdMemberActionsTab, ld_member_actions_tab, ADW_TYPE_BIN)

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

  reason = ld_profile_format_reason (self->config, ld_action_get_reason (action));
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), reason);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), reason);
}

static void
ld_member_actions_tab_load_cb (LdMemberActionsTab *self)
{
  g_assert (LD_IS_MEMBER_ACTIONS_TAB (self));

  if (self->client == NULL || self->member == NULL)
    return;

  ld_member_tab_load_list (self->view, self->client, self->member, "actions", NULL, LD_TYPE_ACTION);
}

static void
ld_member_actions_tab_dispose (GObject *object)
{
  LdMemberActionsTab *self = (LdMemberActionsTab *)object;

  ld_member_tab_dispose_template (ADW_BIN (self), LD_TYPE_MEMBER_ACTIONS_TAB, self->view);

  g_clear_object (&self->member);
  g_clear_object (&self->config);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ld_member_actions_tab_parent_class)->dispose (object);
}

static void
ld_member_actions_tab_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LdMemberActionsTab *self = LD_MEMBER_ACTIONS_TAB (object);

  if (!ld_member_tab_get_property (prop_id, value, self->client, self->member, self->config))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_member_actions_tab_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LdMemberActionsTab *self = LD_MEMBER_ACTIONS_TAB (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ld_member_tab_set_object (object, (GObject **) &self->client, value, pspec, NULL);
      break;

    case PROP_MEMBER:
      /* a refreshed profile (after an operation) may come with new actions */
      ld_member_tab_set_member (object, &self->member, g_value_get_object (value), pspec,
                                self->view, TRUE);
      break;

    case PROP_CONFIG:
      ld_member_tab_set_object (object, (GObject **) &self->config, value, pspec, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_actions_tab_class_init (LdMemberActionsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_member_actions_tab_dispose;
  object_class->get_property = ld_member_actions_tab_get_property;
  object_class->set_property = ld_member_actions_tab_set_property;

  ld_member_tab_install_properties (object_class, properties, N_PROPS);

  g_type_ensure (LD_TYPE_LOADABLE_VIEW);
  g_type_ensure (LD_TYPE_ACTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/profile/ld-member-actions-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberActionsTab, view);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_actions_tab_load_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_tab_setup_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_actions_tab_bind_reason_cb);
  ld_profile_format_bind_template_callbacks (widget_class);
}

static void
ld_member_actions_tab_init (LdMemberActionsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

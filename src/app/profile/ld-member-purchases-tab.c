/* ld-member-purchases-tab.c — the member's purchases: receipts, points, states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sorting, the state filter and the receipt search are the server's (GET
 * /members/{id}/purchases?sort=&order=&status=&receipt=): each change makes a new paged
 * model, which the loadable view follows and the column view shows.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-loadable-view.h"
#include "ld-member-purchases-tab.h"
#include "ld-member-tab-private.h"
#include "ld-profile-format.h"

struct _LdMemberPurchasesTab
{
  AdwBin           parent_instance;

  LdLoadableView  *view;
  GtkSearchEntry  *receipt_entry;
  GtkDropDown     *status_dropdown;
  GtkDropDown     *sort_dropdown;
  GtkToggleButton *ascending_button;

  LdClient        *client;
  LdMember        *member;
};

enum {
  PROP_0,
  PROP_CLIENT = LD_MEMBER_TAB_PROP_CLIENT,
  PROP_MEMBER = LD_MEMBER_TAB_PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdMemberPurchasesTab, ld_member_purchases_tab, ADW_TYPE_BIN)

static const char * const sort_keys[] = { "date", "pos", "program" };
static const char * const status_keys[] = { NULL, "confirmed", "incomplete", "canceled" };

static void
ld_member_purchases_tab_load_cb (LdMemberPurchasesTab *self)
{
  g_autoptr(GHashTable) query = NULL;
  const char *receipt;
  guint sort, status;

  g_assert (LD_IS_MEMBER_PURCHASES_TAB (self));

  /* shown before the page has its member: the page loads us again when it has */
  if (self->client == NULL || self->member == NULL)
    return;

  sort = gtk_drop_down_get_selected (self->sort_dropdown);
  status = gtk_drop_down_get_selected (self->status_dropdown);
  receipt = gtk_editable_get_text (GTK_EDITABLE (self->receipt_entry));

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (char *)"sort",
                       (char *)sort_keys[sort < G_N_ELEMENTS (sort_keys) ? sort : 0]);
  g_hash_table_insert (query, (char *)"order",
                       (char *)(gtk_toggle_button_get_active (self->ascending_button) ? "asc" : "desc"));
  if (status < G_N_ELEMENTS (status_keys) && status_keys[status] != NULL)
    g_hash_table_insert (query, (char *)"status", (char *)status_keys[status]);
  if (receipt != NULL && *receipt != '\0')
    g_hash_table_insert (query, (char *)"receipt", (char *)receipt);

  ld_member_tab_load_list (self->view, self->client, self->member, "purchases", query, LD_TYPE_PURCHASE);
}

static void
ld_member_purchases_tab_query_changed_cb (LdMemberPurchasesTab *self)
{
  g_assert (LD_IS_MEMBER_PURCHASES_TAB (self));

  /* nothing to redo until the tab was first shown */
  if (ld_loadable_view_get_state (self->view) != LD_LOADABLE_STATE_IDLE)
    ld_loadable_view_invalidate (self->view);
}

static void
ld_member_purchases_tab_dispose (GObject *object)
{
  LdMemberPurchasesTab *self = (LdMemberPurchasesTab *)object;

  ld_member_tab_dispose_template (ADW_BIN (self), LD_TYPE_MEMBER_PURCHASES_TAB, self->view);

  g_clear_object (&self->member);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ld_member_purchases_tab_parent_class)->dispose (object);
}

static void
ld_member_purchases_tab_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LdMemberPurchasesTab *self = LD_MEMBER_PURCHASES_TAB (object);

  if (!ld_member_tab_get_property (prop_id, value, self->client, self->member, NULL))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_member_purchases_tab_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LdMemberPurchasesTab *self = LD_MEMBER_PURCHASES_TAB (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ld_member_tab_set_object (object, (GObject **) &self->client, value, pspec, NULL);
      break;

    case PROP_MEMBER:
      /* a refreshed profile of the same member does not change its purchases */
      ld_member_tab_set_member (object, &self->member, g_value_get_object (value), pspec,
                                self->view, FALSE);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_purchases_tab_class_init (LdMemberPurchasesTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_member_purchases_tab_dispose;
  object_class->get_property = ld_member_purchases_tab_get_property;
  object_class->set_property = ld_member_purchases_tab_set_property;

  ld_member_tab_install_properties (object_class, properties, N_PROPS);

  g_type_ensure (LD_TYPE_LOADABLE_VIEW);
  g_type_ensure (LD_TYPE_PURCHASE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/profile/ld-member-purchases-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "column_view", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, receipt_entry);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, ascending_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_purchases_tab_load_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_purchases_tab_query_changed_cb);
  ld_profile_format_bind_template_callbacks (widget_class);
}

static void
ld_member_purchases_tab_init (LdMemberPurchasesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

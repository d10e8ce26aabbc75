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

#include "ld-format.h"
#include "ld-member-purchases-tab.h"
#include "ld-member-tab-private.h"

struct _LdMemberPurchasesTab
{
  LdMemberTab      parent_instance;

  LdLoadableView  *view;
  GtkSearchEntry  *receipt_entry;
  GtkDropDown     *status_dropdown;
  GtkDropDown     *sort_dropdown;
  GtkToggleButton *ascending_button;
};

G_DEFINE_FINAL_TYPE (LdMemberPurchasesTab, ld_member_purchases_tab, LD_TYPE_MEMBER_TAB)

static const char * const sort_keys[] = { "date", "pos", "program" };
static const char * const status_keys[] = { NULL, "confirmed", "incomplete", "canceled" };

static void
ld_member_purchases_tab_load (LdMemberTab *tab)
{
  LdMemberPurchasesTab *self = LD_MEMBER_PURCHASES_TAB (tab);
  g_autoptr(GHashTable) query = NULL;
  const char *receipt;
  guint sort, status;

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

  ld_member_tab_load_list (tab, self->view, LD_MEMBER_HISTORY_PURCHASES, query);
}

static void
ld_member_purchases_tab_query_changed_cb (LdMemberPurchasesTab *self)
{
  g_assert (LD_IS_MEMBER_PURCHASES_TAB (self));

  ld_member_tab_reload (LD_MEMBER_TAB (self));
}

static void
ld_member_purchases_tab_class_init (LdMemberPurchasesTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_purchases_tab_load;
  /* a merge or a card replacement changes the purchases: fetched again when shown */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_SHOWN;

  g_type_ensure (LD_TYPE_PURCHASE);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-purchases-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "column_view", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, receipt_entry);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPurchasesTab, ascending_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_purchases_tab_query_changed_cb);
}

static void
ld_member_purchases_tab_init (LdMemberPurchasesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

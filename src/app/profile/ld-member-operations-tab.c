/* ld-member-operations-tab.c — the user history: confirmed operations on the member's cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/operations?sort=date|card&order=&card=: sorted by date or by card,
 * filtered by one of the member's cards; each change makes a new paged model.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-operations-tab.h"
#include "ld-member-tab-private.h"

struct _LdMemberOperationsTab
{
  LdMemberTab      parent_instance;

  LdLoadableView  *view;
  GtkDropDown     *card_dropdown;
  GtkStringList   *card_list;
  GtkDropDown     *sort_dropdown;
  GtkToggleButton *ascending_button;

  guint            updating_cards : 1;
};

G_DEFINE_FINAL_TYPE (LdMemberOperationsTab, ld_member_operations_tab, LD_TYPE_MEMBER_TAB)

static const char * const sort_keys[] = { "date", "card" };

static void
ld_member_operations_tab_load (LdMemberTab *tab)
{
  LdMemberOperationsTab *self = LD_MEMBER_OPERATIONS_TAB (tab);
  g_autoptr(GHashTable) query = NULL;
  guint sort, card;

  sort = gtk_drop_down_get_selected (self->sort_dropdown);
  card = gtk_drop_down_get_selected (self->card_dropdown);

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (char *)"sort",
                       (char *)sort_keys[sort < G_N_ELEMENTS (sort_keys) ? sort : 0]);
  g_hash_table_insert (query, (char *)"order",
                       (char *)(gtk_toggle_button_get_active (self->ascending_button) ? "asc" : "desc"));
  /* item 0 is "All cards" */
  if (card != GTK_INVALID_LIST_POSITION && card > 0)
    g_hash_table_insert (query, (char *)"card",
                         (char *)gtk_string_list_get_string (self->card_list, card));

  ld_member_tab_load_list (tab, self->view, LD_MEMBER_HISTORY_OPERATIONS, query);
}

static void
ld_member_operations_tab_query_changed_cb (LdMemberOperationsTab *self)
{
  g_assert (LD_IS_MEMBER_OPERATIONS_TAB (self));

  if (self->updating_cards)
    return;

  ld_member_tab_reload (LD_MEMBER_TAB (self));
}

/* the filter offers the member's cards; the chosen one stays chosen when still there */
static void
ld_member_operations_tab_update (LdMemberTab *tab)
{
  LdMemberOperationsTab *self = LD_MEMBER_OPERATIONS_TAB (tab);
  LdMember *member = ld_member_tab_get_member (tab);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *chosen = NULL;
  GListModel *cards;
  guint selected, old_n_items;
  guint new_selected = 0;

  selected = gtk_drop_down_get_selected (self->card_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    chosen = g_strdup (gtk_string_list_get_string (self->card_list, selected));

  g_ptr_array_add (numbers, g_strdup (C_("operations of", "All cards")));

  cards = member != NULL ? ld_member_get_cards (member) : NULL;
  for (guint i = 0; cards != NULL && i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (cards, i);
      const char *number = ld_card_get_number (card);

      if (number == NULL || *number == '\0')
        continue;
      if (g_strcmp0 (number, chosen) == 0)
        new_selected = numbers->len;
      g_ptr_array_add (numbers, g_strdup (number));
    }
  g_ptr_array_add (numbers, NULL);

  self->updating_cards = TRUE;
  old_n_items = g_list_model_get_n_items (G_LIST_MODEL (self->card_list));
  gtk_string_list_splice (self->card_list, 0, old_n_items, (const char * const *)numbers->pdata);
  gtk_drop_down_set_selected (self->card_dropdown, new_selected);
  self->updating_cards = FALSE;
}

static void
ld_member_operations_tab_class_init (LdMemberOperationsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_operations_tab_load;
  tab_class->update = ld_member_operations_tab_update;
  /* a merge or a card replacement changes the operations: fetched again when shown */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_SHOWN;

  g_type_ensure (LD_TYPE_OPERATION);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-operations-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberOperationsTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberOperationsTab, card_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberOperationsTab, card_list);
  gtk_widget_class_bind_template_child (widget_class, LdMemberOperationsTab, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberOperationsTab, ascending_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_operations_tab_query_changed_cb);
}

static void
ld_member_operations_tab_init (LdMemberOperationsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ld_member_operations_tab_update (LD_MEMBER_TAB (self));
}

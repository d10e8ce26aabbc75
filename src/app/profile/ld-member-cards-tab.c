/* ld-member-cards-tab.c — the member's bonus cards, and linking one more
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cards come with the profile. "Link Card…" (POST /members/{id}/cards, on the
 * operation dialog: data/ui/profile/ld-link-card-dialog.ui) needs the right card.link and
 * room under the configured maximum; without them the button stays insensitive and its
 * tooltip says why. After a link the page fetches the profile again.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-cards-tab.h"
#include "ld-member-tab-private.h"
#include "ld-operation-dialog.h"

struct _LdMemberCardsTab
{
  LdMemberTab     parent_instance;

  LdLoadableView *view;
  GtkNoSelection *selection;
  GtkLabel       *count_label;
  GtkButton      *link_button;
};

G_DEFINE_FINAL_TYPE (LdMemberCardsTab, ld_member_cards_tab, LD_TYPE_MEMBER_TAB)

static char *
ld_member_cards_tab_format_main_cb (gpointer this_object,
                                   gboolean main)
{
  return g_strdup (main ? C_("card", "Main") : "");
}

/* a cell that shows a key of one of the configuration's lists by its label */
static void
ld_member_cards_tab_bind_option (GtkListItem *item,
                                 JsonArray   *options,
                                 const char  *key,
                                 gboolean     tooltip)
{
  g_autofree char *label = ld_format_option (options, key);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), label);
  if (tooltip)
    gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), label);
}

static void
ld_member_cards_tab_bind_category_cb (LdMemberCardsTab *self,
                                      GtkListItem      *item)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  LdCard *card = gtk_list_item_get_item (item);

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (LD_IS_CARD (card))
    ld_member_cards_tab_bind_option (item, config != NULL ? ld_config_get_card_categories (config) : NULL,
                                     ld_card_get_category (card), FALSE);
}

static void
ld_member_cards_tab_bind_block_reason_cb (LdMemberCardsTab *self,
                                          GtkListItem      *item)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  LdCard *card = gtk_list_item_get_item (item);

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (LD_IS_CARD (card))
    ld_member_cards_tab_bind_option (item, config != NULL ? ld_config_get_reasons (config, "card_block") : NULL,
                                     ld_card_get_blocked_reason (card), TRUE);
}

static void
ld_member_cards_tab_update (LdMemberTab *tab)
{
  LdMemberCardsTab *self = LD_MEMBER_CARDS_TAB (tab);
  LdClient *client = ld_member_tab_get_client (tab);
  LdMember *member = ld_member_tab_get_member (tab);
  LdConfig *config = ld_member_tab_get_config (tab);
  GListModel *cards;
  gint64 max_cards;
  guint n_cards;
  g_autofree char *tooltip = NULL;
  gboolean enabled = FALSE;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  cards = member != NULL ? ld_member_get_cards (member) : NULL;
  n_cards = cards != NULL ? g_list_model_get_n_items (cards) : 0;
  max_cards = config != NULL ? ld_config_get_max_cards (config) : 0;

  if (client == NULL || !ld_client_has_right (client, LD_RIGHT_CARD_LINK))
    /* Translators: the tooltip of an action the operator may not do; %s is the right */
    tooltip = g_strdup_printf (_("Needs the right “%s”"), LD_RIGHT_CARD_LINK);
  else if (max_cards > 0 && n_cards >= max_cards)
    tooltip = g_strdup_printf (ngettext ("The member already has the maximum of %u card",
                                         "The member already has the maximum of %u cards",
                                         (gulong) max_cards),
                               (guint) max_cards);
  else if (member != NULL)
    {
      tooltip = g_strdup (_("Link a physical card from the free pool to the member"));
      enabled = TRUE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.link", enabled);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_button), tooltip);
}

/* Link Card's request: POST /members/{id}/cards {number} */
typedef struct
{
  LdClient    *client;
  gint64       member_id;
  GtkEditable *number_entry;   /* owned by the dialog */
} LinkCard;

static void
link_card_free (gpointer data)
{
  LinkCard *link = data;

  g_clear_object (&link->client);
  g_free (link);
}

static void
link_card_submit (LdOperationDialog   *dialog,
                  gpointer             data,
                  const char          *idempotency_key,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             callback_data)
{
  LinkCard *link = data;
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (link->number_entry)));

  ld_client_link_card_async (link->client, link->member_id, number, 0, idempotency_key,
                             cancellable, callback, callback_data);
}

static gboolean
link_card_finish (LdOperationDialog  *dialog,
                  gpointer            data,
                  GAsyncResult       *result,
                  GObject           **object,
                  GError            **error)
{
  LinkCard *link = data;

  *object = G_OBJECT (ld_client_link_card_finish (link->client, result, error));

  return *object != NULL;
}

static const LdOperationRequest link_card_request = {
  link_card_submit,
  link_card_finish,
};

static void
ld_member_cards_tab_number_changed_cb (LdOperationDialog *dialog,
                                       GtkEditable       *entry)
{
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  ld_operation_dialog_set_ready (dialog, number[0] != '\0');
}

static void
ld_member_cards_tab_linked_cb (LdMemberCardsTab  *self,
                               GObject           *member,
                               LdOperationDialog *dialog)
{
  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  /* the page fetches the profile again: the new card appears with it */
  gtk_widget_activate_action (GTK_WIDGET (self), "member.reload", NULL);
}

/* "Link Card…": the number in the operation dialog, which keeps a refusal in the
 * server's words */
static void
ld_member_cards_tab_link_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LdMemberCardsTab *self = (LdMemberCardsTab *)widget;
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  g_autoptr(GtkBuilder) builder = NULL;
  LdOperationDialog *dialog;
  GtkRoot *root;
  LinkCard *link;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (member == NULL)
    return;

  g_type_ensure (LD_TYPE_OPERATION_DIALOG);
  builder = gtk_builder_new_from_resource ("/org/loyaltydesk/Agent/profile/ld-link-card-dialog.ui");
  dialog = LD_OPERATION_DIALOG (gtk_builder_get_object (builder, "dialog"));

  link = g_new0 (LinkCard, 1);
  link->client = g_object_ref (ld_member_tab_get_client (LD_MEMBER_TAB (self)));
  link->member_id = ld_member_get_id (member);
  link->number_entry = GTK_EDITABLE (gtk_builder_get_object (builder, "number_entry"));
  ld_operation_dialog_set_request (dialog, &link_card_request, link, link_card_free);

  g_signal_connect_object (link->number_entry, "changed",
                           G_CALLBACK (ld_member_cards_tab_number_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (ld_member_cards_tab_linked_cb),
                           self, G_CONNECT_SWAPPED);

  root = gtk_widget_get_root (widget);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ld_member_cards_tab_load (LdMemberTab *tab)
{
  LdMemberCardsTab *self = LD_MEMBER_CARDS_TAB (tab);
  GListModel *cards;
  guint n_cards;
  g_autofree char *count = NULL;

  cards = ld_member_get_cards (ld_member_tab_get_member (tab));
  n_cards = cards != NULL ? g_list_model_get_n_items (cards) : 0;

  gtk_no_selection_set_model (self->selection, cards);
  count = g_strdup_printf (ngettext ("%u card", "%u cards", n_cards), n_cards);
  gtk_label_set_label (self->count_label, count);
  ld_loadable_view_set_ready (self->view, n_cards == 0);
}

static void
ld_member_cards_tab_class_init (LdMemberCardsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_cards_tab_load;
  tab_class->update = ld_member_cards_tab_update;
  /* the cards come with the profile, labelled by the config */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_ALWAYS;
  tab_class->config_reloads = TRUE;

  g_type_ensure (LD_TYPE_CARD);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-cards-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "column_view", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, selection);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, link_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_bind_category_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_main",
                                                G_CALLBACK (ld_member_cards_tab_format_main_cb));
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_bind_block_reason_cb);

  gtk_widget_class_install_action (widget_class, "cards.link", NULL,
                                   ld_member_cards_tab_link_action);
}

static void
ld_member_cards_tab_init (LdMemberCardsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ld_member_cards_tab_update (LD_MEMBER_TAB (self));
}

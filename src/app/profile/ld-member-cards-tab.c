/* ld-member-cards-tab.c — the member's bonus cards, and linking one more
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cards come with the profile. "Link Card…" (POST /members/{id}/cards) needs the
 * right card.link and room under the configured maximum; without them the button stays
 * insensitive and its tooltip says why. After a link the page fetches the profile again.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-dialog-util.h"
#include "ld-member-cards-tab.h"
#include "ld-member-tab-private.h"
#include "ld-profile-format.h"
#include "ld-weak-ref.h"

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
  g_autofree char *label = ld_profile_format_option (options, key);

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

static void
ld_member_cards_tab_link_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(LdMemberCardsTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_CARDS_TAB (self));

  answer = ld_client_request_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request, nobody wants the answer */
  if (self == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Could Not Link the Card"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* the page fetches the profile again: the new card appears with it */
  gtk_widget_activate_action (GTK_WIDGET (self), "member.reload", NULL);
}

static void
ld_member_cards_tab_link_response_cb (LdMemberCardsTab *self,
                                      const char       *response,
                                      AdwMessageDialog *dialog)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  GtkEditable *entry;
  const char *number;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));
  g_assert (ADW_IS_MESSAGE_DIALOG (dialog));

  if (g_strcmp0 (response, "link") != 0 || member == NULL)
    return;

  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  number = gtk_editable_get_text (entry);
  if (number == NULL || *number == '\0')
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, number);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/cards", ld_member_get_id (member));
  /* one key per submit: a repeated request links once */
  key = g_uuid_string_random ();

  ld_client_request_async (ld_member_tab_get_client (LD_MEMBER_TAB (self)), "POST", path, body, key, NULL,
                           ld_member_tab_get_cancellable (LD_MEMBER_TAB (self)),
                           ld_member_cards_tab_link_cb,
                           ld_weak_ref_new (self));
}

static void
ld_member_cards_tab_link_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LdMemberCardsTab *self = (LdMemberCardsTab *)widget;
  GtkWidget *entry;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Card number"),
                                  -1);
  ld_dialog_util_ask (widget, _("Link a Card"),
                      _("Type the number of a physical card from the free pool."),
                      entry, ADW_RESPONSE_SUGGESTED,
                      G_CALLBACK (ld_member_cards_tab_link_response_cb),
                      "cancel", _("_Cancel"),
                      "link", _("_Link"),
                      NULL);
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

/* ld-member-cards-tab.c — the member's bonus cards, linking one more, and the operations
 * on each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cards come with the profile. "Link Card…" (POST /members/{id}/cards, on the
 * operation dialog: data/ui/profile/ld-link-card-dialog.ui) needs the right card.link and
 * room under the configured maximum; without them the button stays insensitive and its
 * tooltip says why.
 *
 * Each row has a menu of what applies to its card's state (block or unblock, replace,
 * change category, delete or restore: operations/cards/), opened by its menu button, by
 * a right click, or by Menu or Shift+F10 on the focused row. Its items are the actions
 * "card.block", "card.unblock", … with the card's number as parameter, enabled by the
 * operator's rights: an operation the operator has no right to is shown insensitive, its
 * tooltip naming the right; one that does not apply to the card's state is not offered.
 * A blocked account's cards offer nothing (the server refuses every card operation).
 * After a link or an operation the page fetches the profile again ("member.reload"), so
 * the header, this tab and the Actions tab show the change.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-card-operation-dialog.h"
#include "ld-format.h"
#include "ld-member-cards-tab.h"
#include "ld-member-tab-private.h"
#include "ld-operation-dialog.h"

struct _LdMemberCardsTab
{
  LdMemberTab     parent_instance;

  LdLoadableView *view;
  GtkColumnView  *column_view;
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
    tooltip = ld_operation_dup_missing_right (LD_RIGHT_CARD_LINK);
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

  /* the card operations follow the rights; which apply is the row menu's business */
  for (guint i = 0; i < LD_N_CARD_OPERATIONS; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), ld_card_operation_get_action_name (i),
                                   client != NULL && member != NULL &&
                                   ld_client_has_right (client, ld_card_operation_get_right (i)));
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

/* a card linked or changed */
static void
ld_member_cards_tab_changed_cb (LdMemberCardsTab  *self,
                                GObject           *answer,
                                LdOperationDialog *dialog)
{
  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  /* the page fetches the profile again: the header, the cards and the actions show it */
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
                           G_CALLBACK (ld_member_cards_tab_changed_cb),
                           self, G_CONNECT_SWAPPED);

  root = gtk_widget_get_root (widget);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the operations on one card */

/* the member's card @number as the profile has it, or NULL */
static LdCard *
ld_member_cards_tab_find_card (LdMemberCardsTab *self,
                               const char       *number)
{
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  GListModel *cards = member != NULL ? ld_member_get_cards (member) : NULL;

  for (guint i = 0; cards != NULL && i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (cards, i);

      if (g_strcmp0 (ld_card_get_number (card), number) == 0)
        return card;
    }

  return NULL;
}

/* "card.block" and the others, with the card's number: the operation's dialog */
static void
ld_member_cards_tab_operation_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LdMemberCardsTab *self = (LdMemberCardsTab *)widget;
  LdCardOperation operation;
  LdOperationDialog *dialog;
  LdCard *card;
  GtkRoot *root;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (!ld_card_operation_from_action_name (action_name, &operation))
    g_return_if_reached ();

  /* the profile may have been fetched again since the menu opened */
  card = ld_member_cards_tab_find_card (self, g_variant_get_string (param, NULL));
  if (card == NULL || !ld_card_operation_applies (operation, card))
    return;

  root = gtk_widget_get_root (widget);
  dialog = ld_card_operation_dialog_new (operation,
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         ld_member_tab_get_client (LD_MEMBER_TAB (self)),
                                         ld_member_tab_get_config (LD_MEMBER_TAB (self)),
                                         card);
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (ld_member_cards_tab_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* the row menu's content for @card: the operations that apply to its state */
static GtkWidget *
ld_member_cards_tab_menu_new (LdMemberCardsTab *self,
                              LdCard           *card,
                              GtkPopover       *popover)
{
  LdClient *client = ld_member_tab_get_client (LD_MEMBER_TAB (self));
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  const char *nothing = NULL;
  guint n_offered = 0;

  if (member != NULL && ld_member_get_blocked (member))
    nothing = _("The account is blocked: its cards cannot be changed");
  else
    {
      for (guint i = 0; i < LD_N_CARD_OPERATIONS; i++)
        {
          const char *right = ld_card_operation_get_right (i);
          GtkWidget *button;
          GtkWidget *label;

          if (!ld_card_operation_applies (i, card))
            continue;

          label = gtk_label_new_with_mnemonic (ld_card_operation_get_label (i));
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          button = gtk_button_new ();
          gtk_button_set_child (GTK_BUTTON (button), label);
          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), ld_card_operation_get_action_name (i));
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                                  g_variant_new_string (ld_card_get_number (card)));
          if (client == NULL || !ld_client_has_right (client, right))
            {
              g_autofree char *tooltip = ld_operation_dup_missing_right (right);

              gtk_widget_set_tooltip_text (button, tooltip);
              gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                              -1);
            }
          g_signal_connect_object (button, "clicked",
                                   G_CALLBACK (gtk_popover_popdown),
                                   popover, G_CONNECT_SWAPPED);
          gtk_box_append (GTK_BOX (box), button);
          n_offered++;
        }

      if (n_offered == 0)
        nothing = _("Nothing can be done with this card in its state");
    }

  if (nothing != NULL)
    {
      GtkWidget *label = gtk_label_new (nothing);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

/* the menu button's popover is filled as it opens: the card and the rights of now */
static void
ld_member_cards_tab_create_popup_cb (GtkMenuButton *button,
                                     gpointer       user_data)
{
  GtkListItem *item = user_data;
  GtkWidget *self = gtk_widget_get_ancestor (GTK_WIDGET (button), LD_TYPE_MEMBER_CARDS_TAB);
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  LdCard *card = gtk_list_item_get_item (item);

  g_assert (GTK_IS_MENU_BUTTON (button));

  if (self == NULL || popover == NULL || !LD_IS_CARD (card))
    return;

  gtk_popover_set_child (popover, ld_member_cards_tab_menu_new (LD_MEMBER_CARDS_TAB (self), card, popover));
}

static void
ld_member_cards_tab_setup_menu_cb (LdMemberCardsTab *self,
                                   GtkListItem      *item)
{
  GtkWidget *button = gtk_menu_button_new ();

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), gtk_popover_new ());
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button),
                                         ld_member_cards_tab_create_popup_cb,
                                         item, NULL);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_list_item_set_child (item, button);
}

static void
ld_member_cards_tab_bind_menu_cb (LdMemberCardsTab *self,
                                  GtkListItem      *item)
{
  LdCard *card = gtk_list_item_get_item (item);
  g_autofree char *label = NULL;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (!LD_IS_CARD (card))
    return;

  /* Translators: the menu button of a card's row; %s is the card's number */
  label = g_strdup_printf (_("Operations on card %s"), ld_card_get_number (card));
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), _("Operations on the card (Shift+F10)"));
}

/* the one menu button in @widget's subtree; NULL when there is none or several */
static GtkMenuButton *
find_menu_button (GtkWidget *widget,
                  guint     *n_found)
{
  GtkMenuButton *found = NULL;

  if (GTK_IS_MENU_BUTTON (widget))
    {
      (*n_found)++;
      return GTK_MENU_BUTTON (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && *n_found < 2;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *button = find_menu_button (child, n_found);

      if (button != NULL)
        found = button;
    }

  return *n_found == 1 ? found : NULL;
}

/* the menu button of the row @widget is in (the row itself, a cell, or inside one) */
static GtkMenuButton *
ld_member_cards_tab_row_menu_button (LdMemberCardsTab *self,
                                     GtkWidget        *widget)
{
  for (; widget != NULL && widget != GTK_WIDGET (self->column_view); widget = gtk_widget_get_parent (widget))
    {
      guint n_found = 0;
      GtkMenuButton *button = find_menu_button (widget, &n_found);

      if (button != NULL)
        return button;
      /* above the row: a list of rows */
      if (n_found > 1)
        break;
    }

  return NULL;
}

/* Menu or Shift+F10: the focused row's menu */
static void
ld_member_cards_tab_menu_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LdMemberCardsTab *self = (LdMemberCardsTab *)widget;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkMenuButton *button;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return;

  button = ld_member_cards_tab_row_menu_button (self, focus);
  if (button != NULL)
    gtk_menu_button_popup (button);
}

/* a right click on a row: its menu */
static void
ld_member_cards_tab_pressed_cb (LdMemberCardsTab *self,
                                int               n_press,
                                double            x,
                                double            y,
                                GtkGestureClick  *gesture)
{
  GtkWidget *picked;
  GtkMenuButton *button;

  g_assert (LD_IS_MEMBER_CARDS_TAB (self));

  picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  button = picked != NULL ? ld_member_cards_tab_row_menu_button (self, picked) : NULL;
  if (button == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (button);
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
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, column_view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, selection);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdMemberCardsTab, link_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_bind_category_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_main",
                                                G_CALLBACK (ld_member_cards_tab_format_main_cb));
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_bind_block_reason_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_setup_menu_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_bind_menu_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_cards_tab_pressed_cb);

  gtk_widget_class_install_action (widget_class, "cards.link", NULL,
                                   ld_member_cards_tab_link_action);
  for (guint i = 0; i < LD_N_CARD_OPERATIONS; i++)
    gtk_widget_class_install_action (widget_class, ld_card_operation_get_action_name (i), "s",
                                     ld_member_cards_tab_operation_action);

  /* the context menu keys, as GTK's own widgets have them */
  gtk_widget_class_install_action (widget_class, "cards.menu", NULL,
                                   ld_member_cards_tab_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "cards.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "cards.menu", NULL);
}

static void
ld_member_cards_tab_init (LdMemberCardsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ld_member_cards_tab_update (LD_MEMBER_TAB (self));
}

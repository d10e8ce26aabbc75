/* test-card-operations.c — the operations on a member's cards, from the Cards tab's row
 * menu, driven in-process under Xvfb against the real server with the demo data
 *
 * A supervisor focuses a card row, opens its menu with Shift+F10 (through the X server
 * with xdotool when it is there, else the action the key triggers), blocks the card as
 * lost, then replaces it by a card of the free pool; the server's cards are read back. A
 * replacement the server refuses keeps the dialog open and filled. An agent sees Replace
 * insensitive, its tooltip naming card.replace. Screenshots of the menu and of every
 * dialog go to $LD_SCREENSHOT_DIR/card-*.png; run with LD_TEST_LOCALEDIR and
 * LANGUAGE=ru, the binary takes the same ones in Russian (card-*-ru.png) instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ld-card-operation-dialog.h"
#include "ld-loadable-view.h"
#include "ld-member-cards-tab.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"

#define N_MEMBERS 60

static LdTestServer *server;
static gboolean in_russian;

/* ---- the server, through the client */

static LdCard *
client_get_card (LdClient   *client,
                 const char *number)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdCard *card;

  ld_client_get_card_async (client, number, NULL, ld_test_store_result_cb, &result);
  card = ld_client_get_card_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return card;
}

/* @skip free cards of the pool never bought with, and the next one (transfer full) */
static LdCard *
client_free_card (LdClient *client,
                  guint     skip)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPage) page = NULL;
  GListModel *pool;

  ld_client_list_free_cards_async (client, NULL, 500, NULL, ld_test_store_result_cb, &result);
  page = ld_client_list_free_cards_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  pool = ld_page_get_items (page);
  for (guint i = 0; i < g_list_model_get_n_items (pool); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (pool, i);

      if (g_strcmp0 (ld_card_get_card_type (card), "physical") == 0 &&
          ld_card_get_balance (card) > 0 && skip-- == 0)
        return g_steal_pointer (&card);
    }
  for (guint i = 0; i < g_list_model_get_n_items (pool); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (pool, i);

      if (g_strcmp0 (ld_card_get_card_type (card), "physical") == 0 && skip-- == 0)
        return g_steal_pointer (&card);
    }

  g_error ("the free pool has not enough physical cards");
}

/* the first member from @first on whose account is not blocked and who has a card in
 * @state (of @type, or any when NULL) at @position (-1: anywhere); its card's number in
 * @number */
static gint64
find_member (LdClient    *client,
             gint64       first,
             const char  *state,
             const char  *type,
             int          position,
             char       **number)
{
  for (gint64 id = first; id <= N_MEMBERS; id++)
    {
      g_autoptr(LdMember) member = ld_test_ui_client_get_member (client, id);
      GListModel *cards = ld_member_get_cards (member);

      if (ld_member_get_blocked (member))
        continue;

      for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
        {
          g_autoptr(LdCard) card = g_list_model_get_item (cards, i);

          if ((position < 0 || (guint) position == i) &&
              g_strcmp0 (ld_card_get_state (card), state) == 0 &&
              (type == NULL || g_strcmp0 (ld_card_get_card_type (card), type) == 0))
            {
              *number = g_strdup (ld_card_get_number (card));
              return id;
            }
        }
    }

  g_error ("no demo member has a card %s", state);
}

/* ---- the page */

typedef struct
{
  GtkWindow    *window;
  LdMemberPage *page;
  LdClient     *client;
  GtkWidget    *tab;
  GtkWidget    *column_view;
} Fixture;

static gboolean
cards_ready (Fixture *fixture)
{
  LdLoadableView *view = LD_LOADABLE_VIEW (ld_test_ui_template_child (fixture->tab, LD_TYPE_MEMBER_CARDS_TAB, "view"));

  return ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_READY;
}

static void
fixture_open (Fixture  *fixture,
              LdClient *client,
              gint64    member_id)
{
  AdwViewStack *stack;

  fixture->client = client;
  fixture->page = ld_test_ui_member_page_open (client, member_id, 1180, 720, &fixture->window);
  ld_test_ui_wait_for (ld_test_ui_member_page_ready (fixture->page));

  stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "stack"));
  adw_view_stack_set_visible_child_name (stack, "cards");
  fixture->tab = ld_test_ui_member_page_tab (fixture->page, "cards");
  fixture->column_view = ld_test_ui_template_child (fixture->tab, LD_TYPE_MEMBER_CARDS_TAB, "column_view");
  ld_test_ui_wait_for (cards_ready (fixture));
  ld_test_ui_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  ld_test_ui_member_page_close (fixture->window, &fixture->page, fixture->client);
}

/* the member's card @number as the page has it now */
static LdCard *
page_card (Fixture    *fixture,
           const char *number)
{
  GListModel *cards = ld_member_get_cards (ld_member_page_get_member (fixture->page));

  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (cards, i);

      if (g_strcmp0 (ld_card_get_number (card), number) == 0)
        return card;
    }

  return NULL;
}

/* ---- the row menus */

static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *buttons)
{
  if (GTK_IS_MENU_BUTTON (widget))
    {
      g_ptr_array_add (buttons, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, buttons);
}

/* the popover of a row menu that is open, or NULL */
static GtkPopover *
open_menu (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_menu_buttons (fixture->column_view, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkPopover *popover = gtk_menu_button_get_popover (buttons->pdata[i]);

      if (popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover)))
        return popover;
    }

  return NULL;
}

/* the menu's item for @action ("card.block"), or NULL when it is not offered */
static GtkWidget *
menu_item (GtkPopover *popover,
           const char *action)
{
  GtkWidget *box = gtk_popover_get_child (popover);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_ACTIONABLE (child) &&
        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
      return child;

  return NULL;
}

/* the card number the menu acts on */
static const char *
menu_card (GtkPopover *popover)
{
  GtkWidget *box = gtk_popover_get_child (popover);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_ACTIONABLE (child))
      return g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child)), NULL);

  return NULL;
}

static void
close_menu (Fixture    *fixture,
            GtkPopover *popover)
{
  gtk_popover_popdown (popover);
  ld_test_ui_wait_for (open_menu (fixture) == NULL);
}

/* opens the menu of the row of @number through its menu button (the mouse's way) */
static GtkPopover *
open_menu_of (Fixture    *fixture,
              const char *number)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_menu_buttons (fixture->column_view, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkPopover *popover;

      gtk_menu_button_popup (buttons->pdata[i]);
      ld_test_ui_wait_for ((popover = open_menu (fixture)) != NULL);
      if (g_strcmp0 (menu_card (popover), number) == 0)
        return popover;
      close_menu (fixture, popover);
    }

  g_error ("no row has the card %s", number);
}

/* Shift+F10 on the focused row: the keys through the X server, else the key's action */
static GtkPopover *
press_shift_f10 (Fixture *fixture)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkPopover *popover;

  if (xdotool != NULL)
    ld_test_ui_send_keys (300, 300, "key", "shift+F10");
  else
    gtk_widget_activate_action (fixture->tab, "cards.menu", NULL);

  ld_test_ui_wait_for ((popover = open_menu (fixture)) != NULL);
  ld_test_ui_wait_for_frame (GTK_WIDGET (popover));

  return popover;
}

/* focuses the first row of the cards, as Tab into the list does */
static void
focus_first_row (Fixture *fixture)
{
  GtkWidget *focus;

  gtk_window_present (fixture->window);
  ld_test_ui_wait_for (gtk_widget_grab_focus (fixture->column_view) &&
                       (focus = gtk_root_get_focus (GTK_ROOT (fixture->window))) != NULL &&
                       gtk_widget_is_ancestor (focus, fixture->column_view));
}

/* chooses @action in the open menu, as Enter on the item does → its dialog */
static LdOperationDialog *
choose (Fixture    *fixture,
        GtkPopover *popover,
        const char *action)
{
  GtkWidget *item = menu_item (popover, action);
  LdOperationDialog *dialog;

  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  gtk_widget_activate (item);
  ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  ld_test_ui_wait_for (open_menu (fixture) == NULL);

  return dialog;
}

/* whether @dialog's own fields are inside its window (a dialog that grew, e.g. with the
 * new card's block, is laid out again once the X server resized it) */
static gboolean
shown_whole (GtkWidget *dialog)
{
  GtkWidget *extra = LD_IS_OPERATION_DIALOG (dialog) ? ld_operation_dialog_get_extra_child (LD_OPERATION_DIALOG (dialog)) : NULL;
  graphene_rect_t bounds;

  if (extra == NULL || !gtk_widget_get_mapped (extra))
    return TRUE;

  return gtk_widget_compute_bounds (extra, dialog, &bounds) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (dialog);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, in_russian ? "-ru" : "");

  ld_test_ui_wait_for_frame (widget);
  ld_test_ui_wait_for (shown_whole (widget));
  ld_test_ui_save_screenshot (widget, file);
}

/* submits @dialog and waits for it to close (or fails the test with its error) and for
 * the page to show the profile fetched again */
static void
submit_and_wait_closed (Fixture           *fixture,
                        LdOperationDialog *dialog)
{
  LdMember *before = ld_member_page_get_member (fixture->page);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (dialog == NULL || (!ld_operation_dialog_get_busy (dialog) &&
                                          ld_operation_dialog_get_error (dialog) != NULL));
  if (dialog != NULL)
    g_error ("the server refused: %s", ld_operation_dialog_get_error (dialog));

  /* the page fetched the profile again: the tab shows what the server has */
  ld_test_ui_wait_for (ld_member_page_get_member (fixture->page) != before && ld_test_ui_member_page_ready (fixture->page));
  ld_test_ui_wait_for (cards_ready (fixture));
}

/* types @number as the new card's and waits for its lookup */
static void
type_new_number (LdOperationDialog *dialog,
                 const char        *number)
{
  GtkEditable *entry = ld_card_operation_dialog_get_entry (dialog);

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, number);
  g_assert_true (ld_card_operation_dialog_get_looking_up (dialog));
  /* nothing to send while the card is fetched */
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  ld_test_ui_wait_for (!ld_card_operation_dialog_get_looking_up (dialog));
}

/* ---- the tests */

static void
test_block_lost_then_replace (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autoptr(LdCard) free_card = client_free_card (client, 0);
  g_autoptr(LdCard) taken_meanwhile = client_free_card (client, 1);
  g_autoptr(LdCard) old_on_server = NULL;
  g_autoptr(LdCard) new_on_server = NULL;
  g_autofree char *number = NULL;
  g_autofree char *other_number = NULL;
  g_autofree char *refused_key = NULL;
  LdOperationDialog *dialog;
  GtkPopover *popover;
  Fixture fixture;
  gint64 member_id;
  gint64 old_balance;
  gint64 other_member;

  /* a member whose first card (the main one) is an active physical card */
  member_id = find_member (client, 2, "activated", "physical", 0, &number);
  other_member = find_member (client, member_id + 1, "activated", NULL, -1, &other_number);
  fixture_open (&fixture, client, member_id);

  /* the keyboard: the focused row's menu by Shift+F10, what applies to an active card */
  focus_first_row (&fixture);
  popover = press_shift_f10 (&fixture);
  g_assert_cmpstr (menu_card (popover), ==, number);
  g_assert_nonnull (menu_item (popover, "card.block"));
  g_assert_nonnull (menu_item (popover, "card.category"));
  g_assert_nonnull (menu_item (popover, "card.delete"));
  g_assert_null (menu_item (popover, "card.unblock"));
  g_assert_null (menu_item (popover, "card.replace"));
  g_assert_null (menu_item (popover, "card.restore"));
  screenshot (GTK_WIDGET (popover), "card-menu");

  /* Block, as lost: nothing to send before a reason is chosen */
  dialog = choose (&fixture, popover, "card.block");
  g_assert_cmpstr (ld_card_get_number (ld_card_operation_dialog_get_card (dialog)), ==, number);
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  ld_reason_picker_set_filter (ld_operation_dialog_get_reason_picker (dialog), "утер");
  g_assert_cmpstr (ld_operation_dialog_get_reason (dialog), ==, "lost");
  screenshot (GTK_WIDGET (dialog), "card-block");
  submit_and_wait_closed (&fixture, dialog);

  old_on_server = client_get_card (client, number);
  g_assert_cmpstr (ld_card_get_state (old_on_server), ==, "blocked");
  g_assert_cmpstr (ld_card_get_blocked_reason (old_on_server), ==, "lost");
  g_assert_cmpstr (ld_card_get_state (page_card (&fixture, number)), ==, "blocked");
  old_balance = ld_card_get_balance (old_on_server);

  /* the blocked card's menu: unblock and replace now, block no more */
  focus_first_row (&fixture);
  popover = press_shift_f10 (&fixture);
  g_assert_cmpstr (menu_card (popover), ==, number);
  g_assert_null (menu_item (popover, "card.block"));
  g_assert_nonnull (menu_item (popover, "card.unblock"));
  g_assert_nonnull (menu_item (popover, "card.replace"));
  dialog = choose (&fixture, popover, "card.replace");
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));

  /* a card of another member: its block shown, and why it cannot be used */
  type_new_number (dialog, other_number);
  g_assert_nonnull (ld_card_operation_dialog_get_lookup_message (dialog));
  g_test_message ("not free: %s", ld_card_operation_dialog_get_lookup_message (dialog));
  g_assert_null (ld_card_operation_dialog_get_new_card (dialog));
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "card-replace-not-free");

  /* a free card, which another desk links to a member before Replace is pressed: the
   * server refuses, the dialog stays open with its words and the number typed */
  type_new_number (dialog, ld_card_get_number (taken_meanwhile));
  g_assert_nonnull (ld_card_operation_dialog_get_new_card (dialog));
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(LdMember) linked = NULL;

    ld_client_link_card_async (client, other_member, ld_card_get_number (taken_meanwhile), 0, NULL,
                               NULL, ld_test_store_result_cb, &result);
    linked = ld_client_link_card_finish (client, ld_test_await (&result), &error);
    g_assert_no_error (error);
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.submit", NULL);
  g_assert_true (ld_operation_dialog_get_busy (dialog));
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_test_message ("refused: %s", ld_operation_dialog_get_error (dialog));
  g_assert_nonnull (ld_operation_dialog_get_error (dialog));
  g_assert_true (ld_test_ui_find_operation_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (ld_card_operation_dialog_get_entry (dialog)), ==,
                   ld_card_get_number (taken_meanwhile));
  refused_key = g_strdup (ld_operation_dialog_get_idempotency_key (dialog));
  screenshot (GTK_WIDGET (dialog), "card-replace-refused");

  /* a free card: its block shown, Replace sensitive, and the replacement done */
  type_new_number (dialog, ld_card_get_number (free_card));
  g_assert_null (ld_card_operation_dialog_get_lookup_message (dialog));
  g_assert_cmpstr (ld_card_get_number (ld_card_operation_dialog_get_new_card (dialog)), ==,
                   ld_card_get_number (free_card));
  screenshot (GTK_WIDGET (dialog), "card-replace");
  submit_and_wait_closed (&fixture, dialog);

  /* the server: the old card replaced for good, the new one active with the balance */
  g_clear_object (&old_on_server);
  old_on_server = client_get_card (client, number);
  new_on_server = client_get_card (client, ld_card_get_number (free_card));
  g_assert_cmpstr (ld_card_get_state (old_on_server), ==, "replaced");
  g_assert_cmpstr (ld_card_get_replaced_by (old_on_server), ==, ld_card_get_number (free_card));
  g_assert_cmpint (ld_card_get_balance (old_on_server), ==, 0);
  g_assert_cmpstr (ld_card_get_state (new_on_server), ==, "activated");
  g_assert_cmpint (ld_card_get_owner_id (new_on_server), ==, member_id);
  g_assert_cmpint (ld_card_get_balance (new_on_server), ==, old_balance + ld_card_get_balance (free_card));
  g_assert_true (ld_card_get_main (new_on_server));

  /* and the page shows it */
  g_assert_cmpstr (ld_card_get_state (page_card (&fixture, number)), ==, "replaced");
  g_assert_cmpstr (ld_card_get_state (page_card (&fixture, ld_card_get_number (free_card))), ==, "activated");

  /* the new card is an active one like any other */
  popover = open_menu_of (&fixture, ld_card_get_number (free_card));
  g_assert_nonnull (menu_item (popover, "card.block"));
  close_menu (&fixture, popover);

  fixture_close (&fixture);
}

static void
test_change_category (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autoptr(LdCard) before = NULL;
  g_autoptr(LdCard) after = NULL;
  g_autofree char *number = NULL;
  const char *category;
  LdOperationDialog *dialog;
  GtkPopover *popover;
  Fixture fixture;
  gint64 member_id;

  member_id = find_member (client, 2, "activated", NULL, -1, &number);
  before = client_get_card (client, number);
  fixture_open (&fixture, client, member_id);

  popover = open_menu_of (&fixture, number);
  dialog = choose (&fixture, popover, "card.category");
  /* the card's own category: nothing to change yet */
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  category = g_strcmp0 (ld_card_get_category (before), "vip") == 0 ? "employee" : "vip";
  ld_card_operation_dialog_set_category (dialog, category);
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "card-category");
  submit_and_wait_closed (&fixture, dialog);

  after = client_get_card (client, number);
  g_assert_cmpstr (ld_card_get_category (after), ==, category);
  g_assert_cmpint (ld_card_get_balance (after), ==, ld_card_get_balance (before));
  g_assert_cmpstr (ld_card_get_category (page_card (&fixture, number)), ==, category);

  fixture_close (&fixture);
}

/* the agent may block and unblock, not replace nor delete: shown insensitive, the
 * tooltip naming the right; the action itself refused */
static void
test_agent_replace_insensitive (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *number = NULL;
  GtkPopover *popover;
  GtkWidget *replace;
  GtkWidget *unblock;
  GtkWidget *delete;
  Fixture fixture;
  gint64 member_id;

  member_id = find_member (client, 2, "blocked", "physical", -1, &number);
  fixture_open (&fixture, client, member_id);

  popover = open_menu_of (&fixture, number);
  replace = menu_item (popover, "card.replace");
  unblock = menu_item (popover, "card.unblock");
  delete = menu_item (popover, "card.delete");
  g_assert_nonnull (replace);
  g_assert_nonnull (unblock);
  g_assert_nonnull (delete);
  g_assert_null (menu_item (popover, "card.block"));
  g_assert_true (gtk_widget_is_sensitive (unblock));
  g_assert_false (gtk_widget_is_sensitive (replace));
  g_assert_false (gtk_widget_is_sensitive (delete));
  g_assert_nonnull (gtk_widget_get_tooltip_text (replace));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (replace), "card.replace"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (delete), "card.delete"));
  g_assert_null (gtk_widget_get_tooltip_text (unblock));
  screenshot (GTK_WIDGET (popover), "card-menu-agent");
  close_menu (&fixture, popover);

  /* nor does the action open a dialog (a dialog opens at once when it does) */
  gtk_widget_activate_action (fixture.tab, "card.replace", "s", number);
  g_assert_null (ld_test_ui_find_operation_dialog ());

  fixture_close (&fixture);
}

/* opens @action's dialog on the card @number of @member_id, screenshots it as @name and
 * cancels it */
static void
screenshot_dialog (LdClient   *client,
                   gint64      member_id,
                   const char *number,
                   const char *action,
                   const char *name)
{
  LdOperationDialog *dialog;
  Fixture fixture;

  fixture_open (&fixture, client, member_id);
  g_assert_true (gtk_widget_activate_action (fixture.tab, action, "s", number));
  ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  if (g_str_equal (action, "card.delete"))
    /* the confirmation says what is lost: the card's points */
    g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), name);
  ld_test_ui_cancel_operation_dialog (dialog);
  fixture_close (&fixture);
}

/* the dialogs no other test opens, and in Russian every one */
static void
test_dialog_screenshots (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autofree char *active = NULL;
  g_autofree char *blocked = NULL;
  g_autofree char *deleted = NULL;
  gint64 active_member = find_member (client, 2, "activated", NULL, -1, &active);
  gint64 blocked_member = find_member (client, 2, "blocked", NULL, -1, &blocked);
  gint64 deleted_member = find_member (client, 2, "deleted", NULL, -1, &deleted);

  screenshot_dialog (client, blocked_member, blocked, "card.unblock", "card-unblock");
  screenshot_dialog (client, active_member, active, "card.delete", "card-delete");
  screenshot_dialog (client, deleted_member, deleted, "card.restore", "card-restore");

  if (in_russian)
    {
      Fixture fixture;
      GtkPopover *popover;

      screenshot_dialog (client, active_member, active, "card.block", "card-block");
      screenshot_dialog (client, active_member, active, "card.category", "card-category");
      screenshot_dialog (client, blocked_member, blocked, "card.replace", "card-replace");

      fixture_open (&fixture, client, blocked_member);
      popover = open_menu_of (&fixture, blocked);
      g_assert_nonnull (menu_item (popover, "card.unblock"));
      screenshot (GTK_WIDGET (popover), "card-menu");
      close_menu (&fixture, popover);
      fixture_close (&fixture);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  in_russian = ld_test_ui_bind_locale_from_env ();

  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();

  server = ld_test_server_new (N_MEMBERS, NULL);

  if (!in_russian)
    {
      g_test_add_func ("/app/operations/cards/block-lost-then-replace-by-keyboard", test_block_lost_then_replace);
      g_test_add_func ("/app/operations/cards/change-category-keeps-balance", test_change_category);
      g_test_add_func ("/app/operations/cards/agent-sees-replace-insensitive", test_agent_replace_insensitive);
    }
  g_test_add_func ("/app/operations/cards/dialog-screenshots", test_dialog_screenshots);

  status = g_test_run ();

  g_clear_object (&server);

  return status;
}

/* test-member-operations.c — the operations on a member and their account, from the member
 * page's menu, driven in-process under Xvfb against the real server with the demo data
 *
 * A supervisor opens a member in the main window, opens the member menu with Ctrl+M and
 * runs each operation with real keys through the X server (xdotool): changes a status,
 * blocks and unblocks an account, merges two members, removes one by typing the last
 * name (the page closes with a toast). Each reads back what the server stored. A request
 * the server refuses keeps the dialog open and filled. An agent sees Merge insensitive,
 * its tooltip naming member.merge. Screenshots of the menu and of every dialog go to
 * $LD_SCREENSHOT_DIR/member-*.png; run with LD_TEST_LOCALEDIR and LANGUAGE=ru, the binary
 * takes the same ones in Russian (member-*-ru.png) instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-operations.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"
#include "ld-reason-picker.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"
#include "ld-window.h"

#define N_MEMBERS 60

/* how many Tabs reach any control of a dialog at most: more is a focus chain gone wrong */
#define MAX_TAB_PRESSES 40

static LdTestServer *server;
static char *supervisor_token;
static gboolean in_russian;

/* ---- the server, read back through its HTTP API */

static JsonNode *
server_get (const char *path,
            guint       expected)
{
  return ld_test_server_expect (server, "GET", path, supervisor_token, NULL, NULL, expected);
}

static JsonNode *
server_get_member (gint64 member_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);

  return server_get (path, 200);
}

/* whether the member's action history has an entry of @action */
static gboolean
server_has_action (gint64      member_id,
                   const char *action)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/actions?limit=100", member_id);
  g_autoptr(JsonNode) page = server_get (path, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (items, i), "action", NULL),
                   action) == 0)
      return TRUE;

  return FALSE;
}

/* ---- the keyboard */

/* types @keys (xdotool's "key" names, or text with "type") into the window under the
 * pointer: without a window manager every window opens at the screen's corner, the dialog
 * over the main window */
static void
send_keys (const char *command,
           const char *keys)
{
  ld_test_ui_send_keys (120, 120, command, keys);
}

/* ---- the window and the member page */

typedef struct
{
  LdApplication *app;
  LdClient      *client;
  LdWindow      *window;
  LdMemberPage  *page;
} Fixture;

/* the main window of a fresh application logged in as @login, with @member_id's page */
static void
fixture_open (Fixture    *fixture,
              const char *login,
              gint64      member_id)
{
  fixture->app = ld_test_ui_app_new ("MemberOperationsTest");
  fixture->client = ld_test_client_new_logged_in (ld_test_server_get_url (server), login);
  fixture->window = LD_WINDOW (ld_window_new (fixture->app, fixture->client));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1180, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)) &&
                       ld_window_get_config (fixture->window) != NULL);

  ld_window_open_member (fixture->window, member_id);
  ld_test_ui_wait_for (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (fixture->window)));
  fixture->page = LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  ld_test_ui_wait_for (ld_test_ui_member_page_ready (fixture->page));
  ld_test_ui_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  ld_test_ui_app_free (fixture->app);
  g_clear_object (&fixture->client);
}

static GtkWidget *
page_part (Fixture    *fixture,
           const char *name)
{
  return ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, name);
}

static GtkWidget *
dialog_part (LdOperationDialog *dialog,
             const char        *name)
{
  return ld_test_ui_template_child (dialog, LD_TYPE_OPERATION_DIALOG, name);
}

static GtkPopover *
menu_popover (Fixture *fixture)
{
  return gtk_menu_button_get_popover (GTK_MENU_BUTTON (page_part (fixture, "operations_button")));
}

/* Ctrl+M, the menu's shortcut */
static void
open_menu (Fixture *fixture)
{
  GtkPopover *popover = menu_popover (fixture);

  send_keys ("key", "ctrl+m");
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (popover)));
}

/* gives @window the X input focus, as a window manager does to a window it maps (Xvfb
 * runs none; the dialog would otherwise not get the keys) */
static void
focus_window (GtkWindow *window)
{
  g_autofree char *title = g_regex_escape_string (gtk_window_get_title (window), -1);
  g_autofree char *pattern = g_strdup_printf ("^%s$", title);
  const char *argv[] = { "xdotool", "search", "--sync", "--onlyvisible", "--name", pattern,
                         "windowfocus", "--sync", NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  ld_test_ui_wait_for (gtk_window_is_active (window));
}

/* Ctrl+M, then Tab to @button and Enter: the operation's dialog, shown */
static LdOperationDialog *
open_dialog_by_keyboard (Fixture    *fixture,
                         const char *button)
{
  LdOperationDialog *dialog;

  open_menu (fixture);
  ld_test_ui_tab_to (page_part (fixture, button), MAX_TAB_PRESSES);
  send_keys ("key", "Return");
  ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  ld_test_ui_wait_for (!gtk_widget_get_mapped (GTK_WIDGET (menu_popover (fixture))));
  focus_window (GTK_WINDOW (dialog));

  return dialog;
}

/* the dialog of @action opened as a click would, for the screenshots */
static LdOperationDialog *
open_dialog (Fixture    *fixture,
             const char *action)
{
  LdOperationDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

/* waits for @dialog to close after its submit (or fails with its error), then for the
 * page to show the profile fetched again */
static void
wait_done (Fixture           *fixture,
           LdOperationDialog *dialog,
           LdMember          *before)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ld_test_ui_wait_for (dialog == NULL || (!ld_operation_dialog_get_busy (dialog) &&
                                          ld_operation_dialog_get_error (dialog) != NULL));
  if (dialog != NULL)
    g_error ("the server refused: %s", ld_operation_dialog_get_error (dialog));

  if (fixture != NULL && fixture->page != NULL)
    ld_test_ui_wait_for (ld_member_page_get_member (fixture->page) != before && ld_test_ui_member_page_ready (fixture->page));
}

/* the dialog once what it shows fits in it, as in test-operation-dialog.c: a dialog grown
 * by a change is resized a round trip later */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, in_russian ? "-ru" : "");
  gint64 next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC;
  GtkWidget *content = GTK_IS_WINDOW (widget) ? gtk_window_get_child (GTK_WINDOW (widget)) : NULL;

  if (content != NULL)
    ld_test_ui_wait_for ((gtk_widget_get_height (content) <= gtk_widget_get_height (widget) &&
                          gtk_widget_get_width (content) <= gtk_widget_get_width (widget)) ||
                         (g_get_monotonic_time () > next_nudge &&
                          (gtk_widget_queue_resize (widget),
                           next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC,
                           FALSE)));
  ld_test_ui_save_screenshot (widget, file);
}

/* the radio of @level in the status dialog */
static GtkWidget *
find_level_check (GtkWidget  *widget,
                  const char *system,
                  const char *level)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_CHECK_BUTTON (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "ld-system"), system) == 0 &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "ld-level"), level) == 0)
        return child;
      if ((found = find_level_check (child, system, level)) != NULL)
        return found;
    }

  return NULL;
}

/* whether a label shown in @widget has @text in it */
static gboolean
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (find_label_containing (child, text))
        return TRUE;
    }

  return FALSE;
}

/* the first widget of @type shown in @widget */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget (child, type)) != NULL)
        return found;
    }

  return NULL;
}

/* ---- the tests */

/* main:silver → main:gold with the keys: Down to the next level, Space picks it (shown as
 * Up), Tab to the reasons, Down picks the first, Enter sends; the server has gold, the
 * header shows it, the action history has member.status */
static void
test_change_status (void)
{
  const gint64 member_id = 3;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *statuses_before = NULL;
  g_autofree char *reason = NULL;
  LdOperationDialog *dialog;
  LdMember *before;
  GtkWidget *gold;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  /* a known start: main:silver */
  ld_test_server_run_sql (server, "INSERT INTO member_statuses (member_id, system, level, assigned_at) "
                                  "VALUES (3, 'main', 'silver', '2026-01-01T00:00:00Z') "
                                  "ON CONFLICT (member_id, system) DO UPDATE SET level = 'silver'");

  fixture_open (&fixture, "supervisor", member_id);
  statuses_before = g_strdup (gtk_label_get_label (GTK_LABEL (page_part (&fixture, "statuses_label"))));

  dialog = open_dialog_by_keyboard (&fixture, "change_status_button");
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  gold = find_level_check (GTK_WIDGET (dialog), "main", "gold");
  g_assert_nonnull (gold);

  /* the focus starts on the current level; Down moves to the next, Space picks it */
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (gtk_widget_get_ancestor (find_level_check (GTK_WIDGET (dialog), "main", "silver"),
                                                             GTK_TYPE_LIST_BOX_ROW)));
  for (guint i = 0; !ld_test_ui_focus_is_in (gtk_widget_get_ancestor (gold, GTK_TYPE_LIST_BOX_ROW)); i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

      g_assert_cmpuint (i, <, 4);
      send_keys ("key", "Down");
      ld_test_ui_wait_for (gtk_root_get_focus (GTK_ROOT (dialog)) != focus);
    }
  send_keys ("key", "space");
  ld_test_ui_wait_for (gtk_check_button_get_active (GTK_CHECK_BUTTON (gold)));
  g_assert_true (ld_operation_dialog_get_ready (dialog));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (gold, ADW_TYPE_ACTION_ROW))),
                   ==, C_("status change", "Up"));

  ld_test_ui_tab_to (GTK_WIDGET (ld_operation_dialog_get_reason_picker (dialog)), MAX_TAB_PRESSES);
  send_keys ("key", "Down");
  ld_test_ui_wait_for (ld_operation_dialog_get_reason (dialog) != NULL);
  reason = g_strdup (ld_operation_dialog_get_reason (dialog));
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "member-status");

  before = ld_member_page_get_member (fixture.page);
  send_keys ("key", "Return");
  wait_done (&fixture, dialog, before);

  stored = server_get_member (member_id);
  {
    JsonArray *statuses = json_node_get_array (ld_test_json_path (stored, "statuses"));
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (statuses); i++)
      {
        JsonObject *status = json_array_get_object_element (statuses, i);

        if (g_str_equal (json_object_get_string_member (status, "system"), "main"))
          {
            g_assert_cmpstr (json_object_get_string_member (status, "level"), ==, "gold");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  g_assert_true (server_has_action (member_id, "member.status"));
  /* the header follows */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_part (&fixture, "statuses_label"))), !=, statuses_before);

  fixture_close (&fixture);
}

/* Block (the first reason, Enter), then Unblock (a reason typed), with the keys; the
 * server's account follows, the header's blocked box too, and the menu offers only the
 * one that applies */
static void
test_block_and_unblock (void)
{
  const gint64 member_id = 4;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) unblocked = NULL;
  g_autofree char *reason = NULL;
  LdOperationDialog *dialog;
  GtkWidget *reason_entry;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  fixture_open (&fixture, "supervisor", member_id);
  g_assert_true (gtk_widget_get_visible (page_part (&fixture, "block_button")));
  g_assert_false (gtk_widget_get_visible (page_part (&fixture, "unblock_button")));
  g_assert_false (gtk_widget_get_visible (page_part (&fixture, "blocked_box")));

  dialog = open_dialog_by_keyboard (&fixture, "block_button");
  /* the focus starts in the reasons' filter; Down picks the first */
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (GTK_WIDGET (ld_operation_dialog_get_reason_picker (dialog))));
  send_keys ("key", "Down");
  ld_test_ui_wait_for (ld_operation_dialog_get_reason (dialog) != NULL);
  reason = g_strdup (ld_operation_dialog_get_reason (dialog));
  screenshot (GTK_WIDGET (dialog), "member-block");
  send_keys ("key", "Return");
  wait_done (&fixture, dialog, ld_member_page_get_member (fixture.page));

  blocked = server_get_member (member_id);
  g_assert_true (json_node_get_boolean (ld_test_json_path (blocked, "account.blocked")));
  g_assert_cmpstr (ld_test_json_string (blocked, "account.blocked_reason"), ==, reason);
  g_assert_true (server_has_action (member_id, "member.block"));
  g_assert_true (gtk_widget_get_visible (page_part (&fixture, "blocked_box")));
  g_assert_false (gtk_widget_get_visible (page_part (&fixture, "block_button")));
  g_assert_true (gtk_widget_get_visible (page_part (&fixture, "unblock_button")));
  /* a blocked account is merged with nothing */
  g_assert_false (gtk_widget_get_visible (page_part (&fixture, "merge_button")));

  dialog = open_dialog_by_keyboard (&fixture, "unblock_button");
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  reason_entry = find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (reason_entry));
  send_keys ("type", "Card found by the member");
  ld_test_ui_wait_for (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "member-unblock");
  send_keys ("key", "Return");
  wait_done (&fixture, dialog, ld_member_page_get_member (fixture.page));

  unblocked = server_get_member (member_id);
  g_assert_false (json_node_get_boolean (ld_test_json_path (unblocked, "account.blocked")));
  g_assert_true (server_has_action (member_id, "member.unblock"));
  g_assert_false (gtk_widget_get_visible (page_part (&fixture, "blocked_box")));
  g_assert_true (gtk_widget_get_visible (page_part (&fixture, "block_button")));

  fixture_close (&fixture);
}

/* Merge: the other member found by phone inside the dialog (Enter takes the first one),
 * both summaries and the balance after shown, the switch turned on with Space, the submit
 * button pressed with Enter; the server's account has both members and both balances,
 * and the other member's page, open in a tab behind, shows the merged account too */
static void
test_merge (void)
{
  const gint64 member_id = 5, other_id = 6;
  g_autoptr(JsonNode) member = server_get_member (member_id);
  g_autoptr(JsonNode) other = server_get_member (other_id);
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) other_after = NULL;
  gint64 balance = ld_test_json_int (member, "account.balance") + ld_test_json_int (other, "account.balance");
  g_autofree char *balance_text = NULL;
  LdOperationDialog *dialog;
  GtkWidget *search_entry;
  GtkWidget *confirm;
  JsonArray *merged_members;
  LdMemberPage *other_page;
  LdMember *other_before;
  Fixture fixture;
  gboolean listed = FALSE;

  if (!ld_test_ui_have_xdotool ())
    return;

  fixture_open (&fixture, "supervisor", member_id);

  /* the other member's page is open too, in a tab behind */
  ld_window_open_member (fixture.window, other_id);
  ld_test_ui_wait_for (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (fixture.window)) &&
                       ld_test_ui_selected_tab_child (fixture.window) != GTK_WIDGET (fixture.page));
  other_page = LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (fixture.window));
  ld_test_ui_wait_for (ld_test_ui_member_page_ready (other_page));
  other_before = ld_member_page_get_member (other_page);
  ld_window_open_member (fixture.window, member_id);
  ld_test_ui_wait_for (ld_test_ui_selected_tab_child (fixture.window) == GTK_WIDGET (fixture.page));
  ld_test_ui_wait_for_frame (GTK_WIDGET (fixture.page));

  dialog = open_dialog_by_keyboard (&fixture, "merge_button");
  g_assert_false (ld_operation_dialog_get_ready (dialog));

  search_entry = find_widget (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (search_entry));
  send_keys ("type", ld_test_json_string (other, "phone"));
  send_keys ("key", "Return");
  ld_test_ui_wait_for (ld_member_merge_dialog_get_other (dialog) != NULL);
  g_assert_cmpint (ld_member_get_id (ld_member_merge_dialog_get_other (dialog)), ==, other_id);
  g_assert_true (ld_operation_dialog_get_ready (dialog));
  /* not before it is said to be for good */
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));

  /* both summaries side by side, and the result's balance, before the merge */
  {
    g_autofree char *points = ld_format_points (balance);

    g_assert_true (find_label_containing (GTK_WIDGET (dialog), points));
    g_assert_true (find_label_containing (GTK_WIDGET (dialog), ld_test_json_string (member, "phone")));
    g_assert_true (find_label_containing (GTK_WIDGET (dialog), ld_test_json_string (other, "phone")));
  }

  confirm = dialog_part (dialog, "confirm_switch");
  ld_test_ui_tab_to (gtk_widget_get_ancestor (confirm, ADW_TYPE_ACTION_ROW), MAX_TAB_PRESSES);
  send_keys ("key", "space");
  ld_test_ui_wait_for (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "member-merge");

  ld_test_ui_tab_to (dialog_part (dialog, "submit_button"), MAX_TAB_PRESSES);
  send_keys ("key", "Return");
  wait_done (&fixture, dialog, ld_member_page_get_member (fixture.page));

  merged = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (merged, "account.balance"), ==, balance);
  merged_members = json_node_get_array (ld_test_json_path (merged, "merged_members"));
  for (guint i = 0; i < json_array_get_length (merged_members); i++)
    listed |= json_object_get_int_member (json_array_get_object_element (merged_members, i), "id") == other_id;
  g_assert_true (listed);
  other_after = server_get_member (other_id);
  g_assert_cmpint (ld_test_json_int (other_after, "account.balance"), ==, balance);
  g_assert_true (server_has_action (member_id, "member.merge"));

  /* the page shows the merged account */
  g_assert_cmpint (g_list_model_get_n_items (ld_member_get_merged_members (ld_member_page_get_member (fixture.page))), >=, 1);
  balance_text = g_strdup (gtk_label_get_label (GTK_LABEL (page_part (&fixture, "balance_label"))));
  g_assert_nonnull (balance_text);

  /* and so does the other member's page, fetched again by itself */
  ld_test_ui_wait_for (ld_member_page_get_member (other_page) != other_before && ld_test_ui_member_page_ready (other_page));
  {
    GListModel *others = ld_member_get_merged_members (ld_member_page_get_member (other_page));
    gboolean lists_member = FALSE;

    for (guint i = 0; others != NULL && i < g_list_model_get_n_items (others); i++)
      {
        g_autoptr(LdMember) merged_member = g_list_model_get_item (others, i);

        lists_member |= ld_member_get_id (merged_member) == member_id;
      }
    g_assert_true (lists_member);
    g_assert_cmpint (ld_account_get_balance (ld_member_get_account (ld_member_page_get_member (other_page))), ==, balance);
  }

  fixture_close (&fixture);
}

/* Remove: the first reason, the last name typed, the red button pressed with Space; the
 * server answers 404 for the member, the page closes and a toast says why */
static void
test_remove (void)
{
  const gint64 member_id = 7;
  g_autoptr(JsonNode) member = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);
  g_autoptr(JsonNode) gone = NULL;
  LdOperationDialog *dialog;
  AdwTabView *tab_view;
  Fixture fixture;
  int n_pages;

  if (!ld_test_ui_have_xdotool ())
    return;

  /* xdotool cannot type Cyrillic into Xvfb's keymap: a last name in Latin letters */
  ld_test_server_run_sql (server, "UPDATE members SET last_name = 'Removable', last_name_fold = 'removable' WHERE id = 7");
  member = server_get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (member, "last_name"), ==, "Removable");

  fixture_open (&fixture, "supervisor", member_id);
  tab_view = ld_window_get_tab_view (fixture.window);
  n_pages = adw_tab_view_get_n_pages (tab_view);

  dialog = open_dialog_by_keyboard (&fixture, "remove_button");
  g_assert_true (ld_operation_dialog_get_destructive (dialog));
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (GTK_WIDGET (ld_operation_dialog_get_reason_picker (dialog))));
  send_keys ("key", "Down");
  ld_test_ui_wait_for (ld_operation_dialog_get_reason (dialog) != NULL);
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));

  ld_test_ui_tab_to (dialog_part (dialog, "confirm_entry"), MAX_TAB_PRESSES);
  send_keys ("type", ld_test_json_string (member, "last_name"));
  ld_test_ui_wait_for (ld_operation_dialog_get_can_submit (dialog));
  screenshot (GTK_WIDGET (dialog), "member-remove");

  /* Enter in the field sends nothing: the operation cannot be undone */
  send_keys ("key", "Return");
  g_assert_nonnull (ld_test_ui_find_operation_dialog ());
  ld_test_ui_tab_to (dialog_part (dialog, "submit_button"), MAX_TAB_PRESSES);
  send_keys ("key", "space");
  wait_done (NULL, dialog, NULL);

  /* the page is gone, and the toast says why */
  ld_test_ui_wait_for (fixture.page == NULL);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, n_pages - 1);
  g_assert_nonnull (ld_window_get_last_message (fixture.window));
  g_assert_nonnull (strstr (ld_window_get_last_message (fixture.window), ld_test_json_string (member, "last_name")));

  gone = server_get (path, 404);
  ld_test_assert_error (gone, "not_found", NULL);

  fixture_close (&fixture);
}

/* the member changed by someone else while the dialog was open: the server refuses the
 * stale request (If-Match), and the dialog stays open with its error and the reason */
static void
test_refused_keeps_dialog (void)
{
  const gint64 member_id = 8;
  g_autoptr(JsonNode) member = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/block", member_id);
  LdOperationDialog *dialog;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  fixture_open (&fixture, "supervisor", member_id);
  dialog = open_dialog_by_keyboard (&fixture, "block_button");
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (GTK_WIDGET (ld_operation_dialog_get_reason_picker (dialog))));
  send_keys ("key", "Down");
  ld_test_ui_wait_for (ld_operation_dialog_get_reason (dialog) != NULL);
  reason = g_strdup (ld_operation_dialog_get_reason (dialog));

  /* someone else blocks the account meanwhile */
  body = g_strdup_printf ("{\"reason\":\"%s\"}", reason);
  g_autoptr(JsonNode) answer G_GNUC_UNUSED = ld_test_server_expect (server, "POST", path, supervisor_token, body, NULL, 200);

  send_keys ("key", "Return");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog) && ld_operation_dialog_get_error (dialog) != NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (ld_operation_dialog_get_reason (dialog), ==, reason);
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  g_assert_true (gtk_widget_get_visible (dialog_part (dialog, "error_label")));
  screenshot (GTK_WIDGET (dialog), "member-block-refused");

  member = server_get_member (member_id);
  g_assert_true (json_node_get_boolean (ld_test_json_path (member, "account.blocked")));

  ld_test_ui_cancel_operation_dialog (dialog);
  fixture_close (&fixture);
}

/* an agent sees what they may not do: Merge insensitive, its tooltip naming the right */
static void
test_agent_merge_insensitive (void)
{
  GtkWidget *merge;
  const char *tooltip;
  Fixture fixture;

  fixture_open (&fixture, "agent", 9);
  merge = page_part (&fixture, "merge_button");

  g_assert_true (gtk_widget_get_visible (merge));
  g_assert_false (gtk_widget_is_sensitive (merge));
  tooltip = gtk_widget_get_tooltip_text (merge);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "member.merge"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture.page), "member.merge", NULL) &&
                  ld_test_ui_find_operation_dialog () != NULL);

  gtk_menu_button_popup (GTK_MENU_BUTTON (page_part (&fixture, "operations_button")));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (menu_popover (&fixture))));
  screenshot (GTK_WIDGET (menu_popover (&fixture)), "member-menu-agent");
  gtk_popover_popdown (menu_popover (&fixture));

  fixture_close (&fixture);
}

/* the menu and every dialog, as they first show (and, in Russian, all of them) */
static void
test_dialog_screenshots (void)
{
  LdOperationDialog *dialog;
  Fixture fixture;

  fixture_open (&fixture, "supervisor", 10);

  gtk_menu_button_popup (GTK_MENU_BUTTON (page_part (&fixture, "operations_button")));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (menu_popover (&fixture))));
  screenshot (GTK_WIDGET (menu_popover (&fixture)), "member-menu");
  gtk_popover_popdown (menu_popover (&fixture));

  dialog = open_dialog (&fixture, "member.block");
  screenshot (GTK_WIDGET (dialog), "member-block-open");
  ld_test_ui_cancel_operation_dialog (dialog);

  dialog = open_dialog (&fixture, "member.change-status");
  screenshot (GTK_WIDGET (dialog), "member-status-open");
  ld_test_ui_cancel_operation_dialog (dialog);

  dialog = open_dialog (&fixture, "member.merge");
  screenshot (GTK_WIDGET (dialog), "member-merge-open");
  ld_test_ui_cancel_operation_dialog (dialog);

  dialog = open_dialog (&fixture, "member.remove");
  screenshot (GTK_WIDGET (dialog), "member-remove-open");
  ld_test_ui_cancel_operation_dialog (dialog);

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  in_russian = ld_test_ui_bind_locale_from_env ();

  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();

  /* in Russian the server answers in Russian too, as the dialogs show its words */
  server = ld_test_server_new_full (N_MEMBERS, NULL, in_russian ? LD_TEST_SERVER_FLAGS_RUSSIAN : LD_TEST_SERVER_FLAGS_NONE);
  supervisor_token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);

  g_test_add_func ("/app/operations/members/change-status-by-keyboard", test_change_status);
  g_test_add_func ("/app/operations/members/block-and-unblock-by-keyboard", test_block_and_unblock);
  g_test_add_func ("/app/operations/members/merge-by-keyboard", test_merge);
  g_test_add_func ("/app/operations/members/remove-by-typing-last-name-closes-page", test_remove);
  g_test_add_func ("/app/operations/members/refused-request-keeps-dialog-filled", test_refused_keeps_dialog);
  g_test_add_func ("/app/operations/members/agent-sees-merge-insensitive", test_agent_merge_insensitive);
  g_test_add_func ("/app/operations/members/dialog-screenshots", test_dialog_screenshots);

  status = g_test_run ();

  g_clear_pointer (&supervisor_token, g_free);
  g_clear_object (&server);

  return status;
}

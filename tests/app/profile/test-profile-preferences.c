/* test-profile-preferences.c — what the member receives and likes, changed from the
 * profile, and the search and dates as agents type and read them (issue 14)
 *
 * The real widgets in-process under Xvfb against the real server, driven by the keyboard
 * (xdotool): a subscription switched and the switch undone (Ctrl+Z), a favorite removed
 * and added back from the product search, the maximum refused before sending, the
 * messages narrowed by channel, a member found by a birth date typed as agents type it,
 * and the birth date written with the year in full. Each checks what the server stored.
 * Run in English and (LD_TEST_LOCALEDIR) in Russian; the screenshots of the subscriptions
 * and favorites tabs go to $LD_SCREENSHOT_DIR/preferences-<tab>[-ru].png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-favorites-tab.h"
#include "ld-member-messages-tab.h"
#include "ld-member-page.h"
#include "ld-member-profile-tab.h"
#include "ld-member-subscriptions-tab.h"
#include "ld-paged-list-model.h"
#include "ld-search-page.h"
#include "ld-test-proxy.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"

#define MEMBER 1
#define SEARCHED_MEMBER 2

static LdTestServer *server;
static gboolean in_russian;

/* ---- the client */

static GListModel *
client_get_subscriptions (LdClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *subscriptions;

  ld_client_get_subscriptions_async (client, MEMBER, NULL, ld_test_store_result_cb, &result);
  subscriptions = ld_client_get_subscriptions_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return subscriptions;
}

static JsonObject *
client_get_favorites (LdClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *favorites;

  ld_client_get_favorites_async (client, MEMBER, NULL, ld_test_store_result_cb, &result);
  favorites = ld_client_get_favorites_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return favorites;
}

static LdPage *
client_list (LdClient   *client,
             const char *path,
             GType       item_type)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdPage *page;

  ld_client_list_async (client, path, NULL, item_type, NULL, 20, NULL, ld_test_store_result_cb, &result);
  page = ld_client_list_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return page;
}

static LdConfig *
client_get_config (LdClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdConfig *config;

  ld_client_get_config_async (client, NULL, ld_test_store_result_cb, &result);
  config = ld_client_get_config_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return config;
}

static gboolean
server_subscription (LdClient   *client,
                     const char *mailing_type,
                     const char *channel)
{
  g_autoptr(GListModel) subscriptions = client_get_subscriptions (client);

  for (guint i = 0; i < g_list_model_get_n_items (subscriptions); i++)
    {
      g_autoptr(LdSubscription) subscription = g_list_model_get_item (subscriptions, i);

      if (g_strcmp0 (ld_subscription_get_mailing_type (subscription), mailing_type) == 0 &&
          g_strcmp0 (ld_subscription_get_channel (subscription), channel) == 0)
        return ld_subscription_get_enabled (subscription);
    }

  return FALSE;
}

static gboolean
favorites_have (JsonObject *favorites,
                gint64      product_id)
{
  JsonArray *items = json_object_get_array_member (favorites, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "product_id") == product_id)
      return TRUE;

  return FALSE;
}

/* ---- the page and its parts */

typedef struct
{
  GtkWindow    *window;
  LdMemberPage *page;
  LdClient     *client;
} Fixture;

static void
fixture_open (Fixture  *fixture,
              LdClient *client,
              gint64    member_id)
{
  fixture->client = client;
  fixture->page = ld_test_ui_member_page_open (client, member_id, 1180, 720, &fixture->window);
  ld_test_ui_wait_for (gtk_window_is_active (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  ld_test_ui_member_page_close (fixture->window, &fixture->page, fixture->client);
}

static GtkWidget *
tab (Fixture    *fixture,
     const char *name)
{
  return ld_test_ui_member_page_tab (fixture->page, name);
}

static GtkWidget *
tab_child (Fixture    *fixture,
           const char *name,
           const char *child)
{
  GtkWidget *widget = tab (fixture, name);

  return ld_test_ui_template_child (widget, G_OBJECT_TYPE (widget), child);
}

static LdLoadableView *
show_tab (Fixture    *fixture,
          const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "stack"));
  LdLoadableView *page_view = LD_LOADABLE_VIEW (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "page_view"));
  LdLoadableView *view;

  ld_test_ui_wait_for (ld_loadable_view_get_state (page_view) == LD_LOADABLE_STATE_READY);
  view = LD_LOADABLE_VIEW (tab_child (fixture, name, "view"));
  adw_view_stack_set_visible_child_name (stack, name);
  ld_test_ui_wait_for (ld_test_ui_view_settled (view));
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);

  return view;
}

/* the texts of the labels shown that contain @part, for a failure's message */
static void
collect_labels_with (GtkWidget  *widget,
                     const char *part,
                     GString    *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL)
    g_string_append_printf (out, "%s“%s”", out->len > 0 ? ", " : "", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels_with (child, part, out);
}

static void
send_keys (const char *keys)
{
  ld_test_ui_send_keys (400, 400, "key", keys);
}

static void
type_text (const char *text)
{
  ld_test_ui_send_keys (400, 400, "type", text);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focused = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focused != NULL && (focused == widget || gtk_widget_is_ancestor (focused, widget));
}

/* focuses @widget (an entry: its text) as Tab would and waits until it has the focus */
static void
focus (GtkWidget *widget)
{
  ld_test_ui_wait_for (gtk_widget_grab_focus (widget) && has_focus_within (widget));
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("preferences-%s%s.png", name, in_russian ? "-ru" : "");

  ld_test_ui_save_screenshot (GTK_WIDGET (fixture->window), file);
}

/* ---- subscriptions */

static void
test_subscriptions_toggle_and_undo (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  Fixture fixture;
  GtkGrid *grid;
  GtkWidget *cell, *all;
  const char *type, *channel;
  gboolean before;
  guint n_types = 0;
  gboolean column[64];

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "subscriptions");
  grid = GTK_GRID (tab_child (&fixture, "subscriptions", "grid"));

  /* the first mailing type by the first channel: a switch the agent may change */
  cell = gtk_grid_get_child_at (grid, 1, 2);
  g_assert_true (GTK_IS_SWITCH (cell));
  g_assert_true (gtk_widget_is_sensitive (cell));
  type = g_object_get_data (G_OBJECT (cell), "ld-mailing-type");
  channel = g_object_get_data (G_OBJECT (cell), "ld-channel");
  before = server_subscription (client, type, channel);
  g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (cell)), ==, before);

  /* Space switches it, and the server has it at once */
  focus (cell);
  send_keys ("space");
  ld_test_ui_wait_for (gtk_switch_get_active (GTK_SWITCH (cell)) != before);
  ld_test_ui_wait_for_requests (client);
  g_assert_cmpint (server_subscription (client, type, channel), ==, !before);
  g_assert_false (gtk_widget_get_visible (tab_child (&fixture, "subscriptions", "error_label")));
  screenshot (&fixture, "subscriptions");

  /* Ctrl+Z (the toast's Undo) puts the previous grid back, on the server too */
  send_keys ("ctrl+z");
  ld_test_ui_wait_for (gtk_switch_get_active (GTK_SWITCH (cell)) == before);
  ld_test_ui_wait_for_requests (client);
  g_assert_cmpint (server_subscription (client, type, channel), ==, before);

  /* the channel's "All": every mailing type on (or off when all were), then undone */
  all = gtk_grid_get_child_at (grid, 1, 1);
  g_assert_true (GTK_IS_CHECK_BUTTON (all));
  while (gtk_grid_get_child_at (grid, 0, (int) n_types + 2) != NULL && n_types < G_N_ELEMENTS (column))
    {
      GtkWidget *sw = gtk_grid_get_child_at (grid, 1, (int) n_types + 2);

      column[n_types++] = server_subscription (client, g_object_get_data (G_OBJECT (sw), "ld-mailing-type"), channel);
    }
  g_assert_cmpuint (n_types, >, 1);
  {
    gboolean all_on = TRUE;
    gboolean expected;

    for (guint t = 0; t < n_types; t++)
      all_on = all_on && column[t];
    expected = !all_on;

    focus (all);
    send_keys ("space");
    ld_test_ui_wait_for (gtk_check_button_get_active (GTK_CHECK_BUTTON (all)) == expected);
    ld_test_ui_wait_for_requests (client);
    for (guint t = 0; t < n_types; t++)
      {
        GtkWidget *sw = gtk_grid_get_child_at (grid, 1, (int) t + 2);

        g_assert_cmpint (server_subscription (client, g_object_get_data (G_OBJECT (sw), "ld-mailing-type"), channel), ==, expected);
      }

    send_keys ("ctrl+z");
    ld_test_ui_wait_for (gtk_switch_get_active (GTK_SWITCH (gtk_grid_get_child_at (grid, 1, 2))) == column[0]);
    ld_test_ui_wait_for_requests (client);
    for (guint t = 0; t < n_types; t++)
      {
        GtkWidget *sw = gtk_grid_get_child_at (grid, 1, (int) t + 2);

        g_assert_cmpint (server_subscription (client, g_object_get_data (G_OBJECT (sw), "ld-mailing-type"), channel), ==, column[t]);
        g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (sw)), ==, column[t]);
      }
  }

  fixture_close (&fixture);
}

/* without member.subscriptions: the switches are there, insensitive, the tooltip names it */
static void
test_subscriptions_without_right (void)
{
  g_autoptr(LdClient) client = NULL;
  Fixture fixture;
  GtkWidget *cell;

  ld_test_server_create_operator (server, "agent-no-subscriptions", "agent", NULL, LD_RIGHT_MEMBER_SUBSCRIPTIONS);
  client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent-no-subscriptions");

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "subscriptions");
  cell = gtk_grid_get_child_at (GTK_GRID (tab_child (&fixture, "subscriptions", "grid")), 1, 2);
  g_assert_true (GTK_IS_SWITCH (cell));
  g_assert_false (gtk_widget_is_sensitive (cell));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cell), LD_RIGHT_MEMBER_SUBSCRIPTIONS));

  fixture_close (&fixture);
}

/* a refused save puts the switch back and says why; the server's grid is as it was */
static void
test_subscriptions_refused_puts_back (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  g_autoptr(LdClient) direct = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  const char *type, *channel;
  GtkWidget *cell, *error_label;
  gboolean before;
  Fixture fixture;

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "subscriptions");
  cell = gtk_grid_get_child_at (GTK_GRID (tab_child (&fixture, "subscriptions", "grid")), 2, 3);
  error_label = tab_child (&fixture, "subscriptions", "error_label");
  type = g_object_get_data (G_OBJECT (cell), "ld-mailing-type");
  channel = g_object_get_data (G_OBJECT (cell), "ld-channel");
  before = server_subscription (direct, type, channel);

  ld_test_proxy_fail (proxy, "/subscriptions", 503, "unavailable", "The mailing service is down");
  focus (cell);
  send_keys ("space");
  ld_test_ui_wait_for (gtk_widget_get_visible (error_label));
  ld_test_ui_wait_for_requests (client);
  g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (cell)), ==, before);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "The mailing service is down"));
  g_assert_cmpint (server_subscription (direct, type, channel), ==, before);
  /* nothing saved, nothing to undo */
  gtk_widget_activate_action (tab (&fixture, "subscriptions"), "subscriptions.undo", NULL);
  g_assert_cmpuint (ld_client_get_pending_requests (client), ==, 0);

  ld_test_proxy_fail (proxy, NULL, 0, NULL, NULL);
  fixture_close (&fixture);
}

/* ---- favorites */

static void
test_favorites_remove_and_add (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(JsonObject) before = client_get_favorites (client);
  g_autoptr(JsonObject) after_remove = NULL;
  g_autoptr(JsonObject) after_add = NULL;
  g_autoptr(JsonObject) after_refusal = NULL;
  g_autoptr(LdPage) history = NULL;
  g_autoptr(LdFavoriteChange) change = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *history_path = g_strdup_printf ("/members/%d/favorites/history", MEMBER);
  JsonObject *first;
  GtkWidget *list, *row, *button, *entry, *products, *error_label;
  gint64 product_id, count, max;
  Fixture fixture;

  count = json_object_get_int_member (before, "count");
  max = json_object_get_int_member (before, "max");
  g_assert_true (json_object_get_boolean_member (before, "enabled"));
  /* the demo member has the most favorites allowed: the refusal below needs it */
  g_assert_cmpint (count, ==, max);
  first = json_array_get_object_element (json_object_get_array_member (before, "items"), 0);
  product_id = json_object_get_int_member (first, "product_id");
  sku = g_strdup (json_object_get_string_member (first, "sku"));

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "favorites");
  list = tab_child (&fixture, "favorites", "favorites_list");
  error_label = tab_child (&fixture, "favorites", "error_label");

  /* the first favorite's remove button, by the keyboard */
  row = gtk_widget_get_first_child (list);
  button = ld_test_ui_find_descendant (row, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  focus (button);
  send_keys ("space");
  ld_test_ui_wait_for (ld_client_get_pending_requests (client) > 0 || !gtk_widget_get_sensitive (list));
  ld_test_ui_wait_for_requests (client);
  ld_test_ui_wait_for (gtk_widget_get_sensitive (list));
  g_assert_false (gtk_widget_get_visible (error_label));
  after_remove = client_get_favorites (client);
  g_assert_cmpint (json_object_get_int_member (after_remove, "count"), ==, count - 1);
  g_assert_false (favorites_have (after_remove, product_id));
  history = client_list (client, history_path, LD_TYPE_FAVORITE_CHANGE);
  change = g_list_model_get_item (ld_page_get_items (history), 0);
  g_assert_cmpint (ld_favorite_change_get_product_id (change), ==, product_id);
  g_assert_cmpstr (ld_favorite_change_get_change (change), ==, "removed");
  g_clear_object (&change);
  g_clear_object (&history);

  /* added back: its article number typed in the product search, Enter takes it */
  entry = tab_child (&fixture, "favorites", "product_entry");
  products = tab_child (&fixture, "favorites", "product_list");
  focus (entry);
  type_text (sku);
  ld_test_ui_wait_for (gtk_widget_get_visible (products) && gtk_widget_get_first_child (products) != NULL &&
                       ld_client_get_pending_requests (client) == 0);
  send_keys ("Return");
  ld_test_ui_wait_for (ld_client_get_pending_requests (client) > 0 || !gtk_widget_get_sensitive (list));
  ld_test_ui_wait_for_requests (client);
  ld_test_ui_wait_for (gtk_widget_get_sensitive (list));
  after_add = client_get_favorites (client);
  g_assert_cmpint (json_object_get_int_member (after_add, "count"), ==, count);
  g_assert_true (favorites_have (after_add, product_id));
  history = client_list (client, history_path, LD_TYPE_FAVORITE_CHANGE);
  change = g_list_model_get_item (ld_page_get_items (history), 0);
  g_assert_cmpint (ld_favorite_change_get_product_id (change), ==, product_id);
  g_assert_cmpstr (ld_favorite_change_get_change (change), ==, "added");
  {
    /* the history below shows it too, as the tab reloaded it */
    LdLoadableView *history_view = LD_LOADABLE_VIEW (tab_child (&fixture, "favorites", "history_view"));

    ld_test_ui_wait_for (ld_test_ui_view_settled (history_view) &&
                         ld_loadable_view_get_model (history_view) != NULL &&
                         g_list_model_get_n_items (G_LIST_MODEL (ld_loadable_view_get_model (history_view))) > 0);
  }
  screenshot (&fixture, "favorites");

  /* the maximum reached: another product is refused here, nothing is sent */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ld_test_ui_wait_for (!gtk_widget_get_visible (products));
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(LdPage) catalogue = NULL;
    GListModel *items;

    ld_client_list_products_async (client, NULL, NULL, 50, NULL, ld_test_store_result_cb, &result);
    catalogue = ld_client_list_products_finish (client, ld_test_await (&result), &error);
    g_assert_no_error (error);
    items = ld_page_get_items (catalogue);
    g_clear_pointer (&sku, g_free);
    for (guint i = 0; i < g_list_model_get_n_items (items) && sku == NULL; i++)
      {
        g_autoptr(LdProduct) product = g_list_model_get_item (items, i);

        if (ld_product_get_active (product) && !favorites_have (after_add, ld_product_get_id (product)))
          sku = g_strdup (ld_product_get_sku (product));
      }
    g_assert_nonnull (sku);
  }
  focus (entry);
  type_text (sku);
  ld_test_ui_wait_for (gtk_widget_get_first_child (products) != NULL && ld_client_get_pending_requests (client) == 0);
  {
    /* a product not yet chosen, the first found */
    gint64 *found = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (products)), "ld-product-id");

    g_assert_nonnull (found);
    g_assert_false (favorites_have (after_add, *found));
  }
  send_keys ("Return");
  ld_test_ui_wait_for (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (ld_client_get_pending_requests (client), ==, 0);
  g_test_message ("refused: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  after_refusal = client_get_favorites (client);
  g_assert_cmpint (json_object_get_int_member (after_refusal, "count"), ==, count);
  screenshot (&fixture, "favorites-limit");

  fixture_close (&fixture);
}

/* the server's favorites_limit_reached, should it come anyway, is shown as it said it */
static void
test_favorites_server_refusal_shown (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  g_autoptr(LdClient) direct = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(JsonObject) before = client_get_favorites (direct);
  g_autoptr(JsonObject) after = NULL;
  GtkWidget *list, *button, *error_label;
  Fixture fixture;

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "favorites");
  list = tab_child (&fixture, "favorites", "favorites_list");
  error_label = tab_child (&fixture, "favorites", "error_label");

  ld_test_proxy_fail (proxy, "/favorites", 409, "favorites_limit_reached", "At most 5 favorite products");
  button = ld_test_ui_find_descendant (gtk_widget_get_first_child (list), GTK_TYPE_BUTTON);
  focus (button);
  send_keys ("space");
  ld_test_ui_wait_for (gtk_widget_get_visible (error_label));
  ld_test_ui_wait_for_requests (client);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, "At most 5 favorite products");
  g_assert_true (gtk_widget_get_sensitive (list));
  after = client_get_favorites (direct);
  g_assert_cmpint (json_object_get_int_member (after, "count"), ==, json_object_get_int_member (before, "count"));

  ld_test_proxy_fail (proxy, NULL, 0, NULL, NULL);
  fixture_close (&fixture);
}

static void
set_favorites_enabled (gboolean enabled)
{
  g_autofree char *admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;

  json_object_set_boolean_member (json_node_get_object (ld_test_json_path (config, "favorites")), "enabled", enabled);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (server, "PUT", "/api/v1/config", admin, body, NULL, 200);
}

/* the offer off: the whole tab says so, and offers nothing to change */
static void
test_favorites_offer_off (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *title = NULL;
  LdLoadableView *view;
  Fixture fixture;

  set_favorites_enabled (FALSE);

  fixture_open (&fixture, client, MEMBER);
  view = LD_LOADABLE_VIEW (tab_child (&fixture, "favorites", "view"));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "stack")), "favorites");
  ld_test_ui_wait_for (ld_test_ui_view_settled (view));
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_EMPTY);
  g_object_get (view, "empty-title", &title, NULL);
  g_assert_cmpstr (title, ==, _("The Favorite Products Offer Is Off"));
  g_assert_false (gtk_widget_get_mapped (tab_child (&fixture, "favorites", "product_entry")));
  screenshot (&fixture, "favorites-offer-off");

  fixture_close (&fixture);
  set_favorites_enabled (TRUE);
}

/* ---- messages */

static void
test_messages_channel_filter (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  LdLoadableView *view;
  LdPagedListModel *model;
  GtkDropDown *dropdown;
  GtkWidget *button;
  gint64 total_before;
  const char *channel;
  Fixture fixture;

  fixture_open (&fixture, client, MEMBER);
  view = show_tab (&fixture, "messages");
  model = ld_loadable_view_get_model (view);
  total_before = ld_paged_list_model_get_total (model);
  dropdown = GTK_DROP_DOWN (tab_child (&fixture, "messages", "channel_dropdown"));
  /* "Any", then the configuration's channels */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), >, 1);

  /* the drop-down opened with Space, the first channel chosen with Down and Enter */
  button = ld_test_ui_find_descendant (GTK_WIDGET (dropdown), GTK_TYPE_TOGGLE_BUTTON);
  focus (button != NULL ? button : GTK_WIDGET (dropdown));
  send_keys ("space");
  ld_test_ui_wait_for (ld_test_ui_find_descendant (GTK_WIDGET (dropdown), GTK_TYPE_POPOVER) != NULL &&
                       gtk_widget_get_mapped (ld_test_ui_find_descendant (GTK_WIDGET (dropdown), GTK_TYPE_POPOVER)));
  send_keys ("Down");
  send_keys ("Return");
  ld_test_ui_wait_for (gtk_drop_down_get_selected (dropdown) == 1);

  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != NULL &&
                       g_hash_table_contains (ld_paged_list_model_get_query (ld_loadable_view_get_model (view)), "channel") &&
                       ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  channel = g_hash_table_lookup (ld_paged_list_model_get_query (model), "channel");
  g_test_message ("channel %s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " messages",
                  channel, ld_paged_list_model_get_total (model), total_before);
  g_assert_cmpint (ld_paged_list_model_get_total (model), <, total_before);
  g_assert_cmpint (ld_paged_list_model_get_total (model), >, 0);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (G_LIST_MODEL (model)), 20); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (LD_IS_MESSAGE (item) && !ld_paged_list_model_is_placeholder (model, item))
        g_assert_cmpstr (ld_message_get_channel (LD_MESSAGE (item)), ==, channel);
    }

  fixture_close (&fixture);
}

/* ---- search by a typed date */

static void
search_typed (LdSearchPage *page,
              GtkWidget    *entry,
              const char   *typed)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  focus (entry);
  type_text (typed);
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), typed) == 0);
  send_keys ("Return");
  ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "loading") != 0 &&
                       g_strcmp0 (ld_search_page_get_state (page), "empty") != 0);
}

static void
test_search_typed_date (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdMember) member = ld_test_ui_client_get_member (client, SEARCHED_MEMBER);
  g_autoptr(LdConfig) config = client_get_config (client);
  const char *birth = ld_member_get_birth_date (member);
  guint year, month, day;
  GtkWindow *window;
  LdSearchPage *page;
  GtkWidget *entry;
  g_autofree char *dotted = NULL;
  g_autofree char *slashed = NULL;

  g_assert_nonnull (birth);
  g_assert_cmpint (sscanf (birth, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  dotted = g_strdup_printf ("%02u.%02u.%04u", day, month, year);
  /* slashes in the order of the agent's language */
  slashed = in_russian ? g_strdup_printf ("%u/%u/%04u", day, month, year)
                       : g_strdup_printf ("%u/%u/%04u", month, day, year);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1180, 720);
  page = LD_SEARCH_PAGE (ld_search_page_new (client));
  ld_search_page_set_config (page, config);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (page)) && gtk_window_is_active (window));
  entry = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry");

  for (guint i = 0; i < 3; i++)
    {
      const char *typed = i == 0 ? dotted : i == 1 ? birth : slashed;

      g_test_message ("typed %s", typed);
      search_typed (page, entry, typed);
      g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
      g_assert_cmpstr (ld_search_page_get_kind (page), ==, "birth_date");
      g_assert_true (ld_test_ui_search_results_have (page, SEARCHED_MEMBER));
    }

  /* an answer of the application form narrows it: the member's own city keeps them */
  {
    JsonObject *answers = ld_member_get_answers (member);
    JsonArray *form = ld_config_get_application_form (config);
    GtkDropDown *fields = GTK_DROP_DOWN (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "answer_field_dropdown"));
    GtkWidget *value = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "answer_value_entry");
    guint chosen = 0;
    const char *answer = NULL;

    for (guint i = 0; i < json_array_get_length (form) && chosen == 0; i++)
      {
        JsonObject *field = json_array_get_object_element (form, i);
        const char *key = json_object_get_string_member (field, "key");

        if (g_strcmp0 (json_object_get_string_member_with_default (field, "type", "text"), "text") == 0 &&
            answers != NULL && json_object_has_member (answers, key) &&
            JSON_NODE_HOLDS_VALUE (json_object_get_member (answers, key)) &&
            json_node_get_value_type (json_object_get_member (answers, key)) == G_TYPE_STRING &&
            !g_str_has_suffix (key, "name"))
          {
            chosen = i + 1;
            answer = json_object_get_string_member (answers, key);
            g_test_message ("answer %s = %s", key, answer);
          }
      }

    if (chosen > 0)
      {
        gtk_drop_down_set_selected (fields, chosen);
        /* the answer is Cyrillic, which xdotool cannot type into Xvfb's keymap: put, then
         * Enter by the keyboard */
        gtk_editable_set_text (GTK_EDITABLE (value), answer);
        focus (value);
        send_keys ("Return");
        ld_test_ui_wait_for (ld_client_get_pending_requests (client) > 0 ||
                             g_strcmp0 (ld_search_page_get_state (page), "loading") == 0);
        ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "loading") != 0);
        g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
        g_assert_true (ld_test_ui_search_results_have (page, SEARCHED_MEMBER));
      }
  }

  gtk_window_destroy (window);
  ld_test_ui_wait_for_requests (client);
}

/* ---- dates in the agent's language */

static void
test_birth_date_format (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdMember) member = ld_test_ui_client_get_member (client, MEMBER);
  const char *birth = ld_member_get_birth_date (member);
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *parsed = NULL;
  guint year, month, day;

  g_assert_cmpint (sscanf (birth, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  /* Russian: 01.08.1976; English: 8/1/1976; the year in full in both */
  expected = in_russian ? g_strdup_printf ("%02u.%02u.%04u", day, month, year)
                        : g_strdup_printf ("%u/%u/%04u", month, day, year);
  shown = ld_format_date (birth);
  g_assert_cmpstr (shown, ==, expected);
  parsed = ld_format_parse_date (shown);
  g_assert_cmpstr (parsed, ==, birth);

  /* a two-digit year is no date */
  g_assert_null (ld_format_parse_date ("24.02.71"));
  g_clear_pointer (&parsed, g_free);
  parsed = ld_format_parse_date ("24.02.1971");
  g_assert_cmpstr (parsed, ==, "1971-02-24");

}

/* the Profile tab writes the birth date as ld_format_date() does */
static void
test_birth_date_in_profile_tab (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdMember) member = ld_test_ui_client_get_member (client, MEMBER);
  g_autofree char *expected = ld_format_date (ld_member_get_birth_date (member));
  Fixture fixture;

  fixture_open (&fixture, client, MEMBER);
  show_tab (&fixture, "profile");
  ld_test_ui_wait_for_frame (tab (&fixture, "profile"));
  if (!ld_test_ui_shows_label (tab (&fixture, "profile"), expected))
    {
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autofree char *year = g_strndup (ld_member_get_birth_date (member), 4);

      collect_labels_with (tab (&fixture, "profile"), year, shown);
      g_error ("the Profile tab writes the birth date %s as [%s], not as ld_format_date() does: %s",
               ld_member_get_birth_date (member), shown->str, expected);
    }

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

  server = ld_test_server_new (50, NULL);

  g_test_add_func ("/app/profile/preferences/format/birth-date-in-the-agents-language", test_birth_date_format);
  g_test_add_func ("/app/profile/preferences/subscriptions/toggle-and-undo", test_subscriptions_toggle_and_undo);
  g_test_add_func ("/app/profile/preferences/subscriptions/without-right-insensitive", test_subscriptions_without_right);
  g_test_add_func ("/app/profile/preferences/favorites/remove-add-and-maximum", test_favorites_remove_and_add);
  g_test_add_func ("/app/profile/preferences/subscriptions/refused-puts-the-switch-back", test_subscriptions_refused_puts_back);
  g_test_add_func ("/app/profile/preferences/favorites/server-refusal-shown", test_favorites_server_refusal_shown);
  g_test_add_func ("/app/profile/preferences/favorites/offer-off-says-so", test_favorites_offer_off);
  g_test_add_func ("/app/profile/preferences/messages/channel-filter", test_messages_channel_filter);
  g_test_add_func ("/app/profile/preferences/search/typed-date-and-answer", test_search_typed_date);
  g_test_add_func ("/app/profile/preferences/zz-profile-tab/birth-date-as-ld-format-writes-it", test_birth_date_in_profile_tab);

  status = g_test_run ();

  g_clear_object (&server);

  return status;
}

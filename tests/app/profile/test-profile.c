/* test-profile.c — the member profile driven in-process under Xvfb against the real server
 *
 * An LdClient logs in as a demo operator, an LdMemberPage for a demo member goes into a
 * window, and each test switches tabs, changes sorts and filters and iterates the main
 * context until the page shows what the server has (read back through LdClient).
 * Screenshots of every tab go to $LD_SCREENSHOT_DIR/profile-<tab>.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <adwaita.h>

#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-cards-tab.h"
#include "ld-member-favorites-tab.h"
#include "ld-member-messages-tab.h"
#include "ld-member-operations-tab.h"
#include "ld-member-page.h"
#include "ld-member-profile-tab.h"
#include "ld-member-purchases-tab.h"
#include "ld-member-subscriptions-tab.h"
#include "ld-operation-dialog.h"
#include "ld-paged-list-model.h"
#include "ld-test-proxy.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"

#define LONG_MEMBER 1
#define BLOCKED_MEMBER 50
#define N_LONG_PURCHASES 1200
#define N_LONG_OPERATIONS 600
#define N_LONG_MESSAGES 300

static LdTestServer *server;

/* ---- waiting */

/* ---- the client, the page, its parts */

static LdPage *
client_list (LdClient   *client,
             const char *path,
             GHashTable *query,
             GType       item_type,
             guint       limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdPage *page;

  ld_client_list_async (client, path, query, item_type, NULL, limit, NULL, ld_test_store_result_cb, &result);
  page = ld_client_list_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);

  return page;
}

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
  g_object_bind_property (fixture->page, "title", fixture->window, "title", G_BINDING_SYNC_CREATE);
}

static void
fixture_close (Fixture *fixture)
{
  ld_test_ui_member_page_close (fixture->window, &fixture->page, fixture->client);
}

static LdLoadableView *
page_view (Fixture *fixture)
{
  return LD_LOADABLE_VIEW (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "page_view"));
}

static GtkWidget *
tab (Fixture    *fixture,
     const char *name)
{
  return ld_test_ui_member_page_tab (fixture->page, name);
}

static LdLoadableView *
tab_view (Fixture    *fixture,
          const char *name)
{
  GtkWidget *widget = tab (fixture, name);

  return LD_LOADABLE_VIEW (ld_test_ui_template_child (widget, G_OBJECT_TYPE (widget), "view"));
}

static void
wait_for_page (Fixture *fixture)
{
  ld_test_ui_wait_for (ld_loadable_view_get_state (page_view (fixture)) == LD_LOADABLE_STATE_READY ||
                       ld_loadable_view_get_state (page_view (fixture)) == LD_LOADABLE_STATE_ERROR);
  g_assert_cmpint (ld_loadable_view_get_state (page_view (fixture)), ==, LD_LOADABLE_STATE_READY);
}

/* shows the tab and waits until it has loaded (or failed) */
static LdLoadableView *
show_tab (Fixture    *fixture,
          const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "stack"));
  LdLoadableView *view = tab_view (fixture, name);

  adw_view_stack_set_visible_child_name (stack, name);
  ld_test_ui_wait_for (ld_test_ui_view_settled (view));

  return view;
}

static GHashTable *
query_new (const char *first_key,
           ...)
{
  GHashTable *query = g_hash_table_new (g_str_hash, g_str_equal);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (query, (char *)key, va_arg (args, char *));
      key = va_arg (args, const char *);
    }
  va_end (args);

  return query;
}

static gboolean
model_has_query (LdPagedListModel *model,
                 const char       *key,
                 const char       *value)
{
  return model != NULL && g_strcmp0 (g_hash_table_lookup (ld_paged_list_model_get_query (model), key), value) == 0;
}

/* asks the model for rows near its end, as a scrolling view does, until it has them all */
static void
page_to_the_end (LdPagedListModel *model)
{
  while (ld_paged_list_model_get_has_more (model))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_autoptr(GObject) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);

      g_assert_nonnull (last);
      ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
      g_assert_null (ld_paged_list_model_get_error (model));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, n);
    }
}

/* ---- formatting */

static void
test_format_money (void)
{
  g_autofree char *small = ld_format_money (12345);
  g_autofree char *zero = ld_format_money (0);
  g_autofree char *large = ld_format_money (123456789);
  g_autofree char *negative = ld_format_money (-5);
  g_autofree char *points = ld_format_points (1234);
  g_autofree char *count = ld_format_count (50, 1200);

  /* no-break spaces: the amount never wraps away from its sign */
  g_assert_cmpstr (small, ==, "123.45\u00a0₽");
  g_assert_cmpstr (zero, ==, "0.00\u00a0₽");
  g_assert_cmpstr (large, ==, "1,234,567.89\u00a0₽");
  g_assert_cmpstr (negative, ==, "\u22120.05\u00a0₽");
  g_assert_cmpstr (points, ==, "12.34");
  g_assert_cmpstr (count, ==, "50 of 1,200");
}

static void
test_format_dates (void)
{
  g_autofree char *date = ld_format_date ("1985-04-12");
  g_autofree char *not_a_date = ld_format_date ("soon");
  g_autofree char *datetime = ld_format_datetime ("2026-03-01T09:15:00Z");
  g_autofree char *not_a_time = ld_format_datetime ("yesterday");
  g_autofree char *none = ld_format_datetime (NULL);
  g_autofree char *state = ld_format_state ("activated");
  g_autofree char *unknown = ld_format_state ("frobnicated");
  g_autofree char *action = ld_format_action ("card.block");

  /* English writes M/D/YYYY: never a two-digit year (%x in C.UTF-8 would give 04/12/85) */
  g_assert_cmpstr (date, ==, "4/12/1985");
  g_assert_cmpstr (not_a_date, ==, "soon");
  g_assert_true (g_str_has_prefix (datetime, "3/1/2026 "));
  g_assert_cmpstr (not_a_time, ==, "yesterday");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (state, ==, "Active");
  g_assert_cmpstr (unknown, ==, "frobnicated");
  g_assert_cmpstr (action, ==, "Card blocked");
}

/* ---- the model on its own */

static void
test_model_cancelled_on_dispose (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  LdPagedListModel *model;

  model = ld_paged_list_model_new (client, 1, LD_MEMBER_HISTORY_PURCHASES, NULL, 50);
  g_assert_true (ld_paged_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* the request in flight holds no reference: the model goes at once */
  g_assert_finalize_object (model);
  /* and the request, cancelled, calls back with nobody to tell */
  ld_test_ui_wait_for_requests (client);
}

static void
test_model_bad_path_keeps_error (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdPagedListModel) model = NULL;

  model = ld_paged_list_model_new (client, 999999, LD_MEMBER_HISTORY_PURCHASES, NULL, 50);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));

  g_assert_nonnull (ld_paged_list_model_get_error (model));
  g_assert_true (g_error_matches (ld_paged_list_model_get_error (model), LD_ERROR, LD_ERROR_NOT_FOUND));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* every id of GET @path?@query, in order, paging with the cursors as any client does */
static GArray *
server_ids (LdClient   *client,
            const char *path,
            GHashTable *query,
            GType       item_type,
            gint64    (*get_id) (gpointer))
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LdPage) page = NULL;
      GListModel *items;

      ld_client_list_async (client, path, query, item_type, cursor, 500, NULL, ld_test_store_result_cb, &result);
      page = ld_client_list_finish (client, ld_test_await (&result), &error);
      g_assert_no_error (error);
      items = ld_page_get_items (page);
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (items, i);
          gint64 id = get_id (item);

          g_array_append_val (ids, id);
        }
      g_free (cursor);
      cursor = g_strdup (ld_page_get_next_cursor (page));
    }
  while (cursor != NULL && *cursor != '\0');

  return ids;
}

/* what a GtkListView knows of a model: its length, kept by items-changed alone */
typedef struct
{
  guint n_items;
  guint n_signals;
  guint n_replaced;   /* signals that replaced rows in place (removed == added) */
} Shadow;

static void
shadow_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Shadow     *shadow)
{
  /* a signal never names rows the views did not know of */
  g_assert_cmpuint (position + removed, <=, shadow->n_items);
  shadow->n_items = shadow->n_items - removed + added;
  shadow->n_signals++;
  if (removed == added)
    shadow->n_replaced++;
  g_assert_cmpuint (shadow->n_items, ==, g_list_model_get_n_items (model));
}

/* the row at @position once it is there: a placeholder is waited out, as a view sees
 * it replaced by items-changed */
static gpointer
model_get_loaded (LdPagedListModel *model,
                  guint             position)
{
  gpointer item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  if (ld_paged_list_model_is_placeholder (model, item))
    {
      g_clear_object (&item);
      ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
      g_assert_null (ld_paged_list_model_get_error (model));
      item = g_list_model_get_item (G_LIST_MODEL (model), position);
      g_assert_nonnull (item);
      g_assert_false (ld_paged_list_model_is_placeholder (model, item));
    }

  return item;
}

/* reads every row in order as a view scrolling down does (fetching on at the end),
 * checks each against @expected, that none repeats, and that at most @max_live pages
 * hold rows at any time */
static void
read_all_rows (LdPagedListModel *model,
               GArray           *expected,
               gint64          (*get_id) (gpointer),
               guint             max_live)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(GObject) item = NULL;
      gint64 id;

      if (i >= g_list_model_get_n_items (G_LIST_MODEL (model)))
        {
          ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
          g_assert_null (ld_paged_list_model_get_error (model));
        }
      g_assert_cmpuint (i, <, g_list_model_get_n_items (G_LIST_MODEL (model)));

      item = model_get_loaded (model, i);
      id = get_id (item);
      g_assert_cmpint (id, ==, g_array_index (expected, gint64, i));
      g_assert_false (g_hash_table_contains (seen, &id));
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, max_live);
    }

  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_false (ld_paged_list_model_get_has_more (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
}

/* scrolled through 1,200 purchases, the model keeps three pages of rows; read from the
 * top again, it fetches the dropped pages with their cursors: the same rows, in order,
 * each once, with items-changed replacing placeholders in place */
static void
test_model_keeps_bounded_window (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GHashTable) query = query_new ("sort", "date", "order", "desc", NULL);
  g_autoptr(LdPagedListModel) model = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GObject) placeholder = NULL;
  GObject *first = NULL;
  Shadow shadow = { 0 };
  guint requests, replaced;

  expected = server_ids (client, "/members/1/purchases", query, LD_TYPE_PURCHASE,
                         (gint64 (*) (gpointer)) ld_purchase_get_id);
  g_assert_cmpuint (expected->len, ==, N_LONG_PURCHASES);

  model = ld_paged_list_model_new_full (client, 1, LD_MEMBER_HISTORY_PURCHASES, query, 50, 3);
  g_signal_connect (model, "items-changed", G_CALLBACK (shadow_items_changed_cb), &shadow);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);

  /* the first row's object goes when its page is dropped: the memory is given back */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_object_add_weak_pointer (first, (gpointer *) &first);
  g_object_unref (first);
  g_assert_nonnull (first);

  /* down to the end: every page fetched once, never more than three holding rows */
  read_all_rows (model, expected, (gint64 (*) (gpointer)) ld_purchase_get_id, 3);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, N_LONG_PURCHASES / 50);
  g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, 3);
  g_assert_cmpuint (ld_paged_list_model_get_n_live_items (model), <=, 3 * 50);
  g_assert_cmpuint (ld_paged_list_model_get_n_requests (model), ==, N_LONG_PURCHASES / 50);
  g_assert_null (first);
  g_assert_cmpuint (shadow.n_items, ==, N_LONG_PURCHASES);
  g_test_message ("down: %u requests, %u live pages, %u live rows", ld_paged_list_model_get_n_requests (model),
                  ld_paged_list_model_get_n_live_pages (model), ld_paged_list_model_get_n_live_items (model));

  /* back at the top: a placeholder first, then the page again, replaced in place */
  replaced = shadow.n_replaced;
  placeholder = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (ld_paged_list_model_is_placeholder (model, placeholder));
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (placeholder, LD_TYPE_PURCHASE));
  g_assert_true (ld_paged_list_model_get_loading (model));
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_cmpuint (shadow.n_replaced, ==, replaced + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_LONG_PURCHASES);

  /* and all the way down again: the same rows, each once, still three pages at most */
  requests = ld_paged_list_model_get_n_requests (model);
  read_all_rows (model, expected, (gint64 (*) (gpointer)) ld_purchase_get_id, 3);
  g_test_message ("again: %u requests, %u live pages", ld_paged_list_model_get_n_requests (model),
                  ld_paged_list_model_get_n_live_pages (model));
  g_assert_cmpuint (ld_paged_list_model_get_n_requests (model), >=, requests + N_LONG_PURCHASES / 50 - 3);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, N_LONG_PURCHASES / 50);
  g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, 3);
  g_assert_cmpuint (shadow.n_items, ==, N_LONG_PURCHASES);
}

/* the id of the purchase at @position, once loaded */
static gint64
purchase_id_at (LdPagedListModel *model,
                guint             position)
{
  g_autoptr(GObject) item = model_get_loaded (model, position);

  return ld_purchase_get_id (LD_PURCHASE (item));
}

/* the server refuses a cursor it gave (as after an upgrade while the list was open): the
 * list starts again from its first page instead of failing on that cursor for ever, but
 * only once until a cursor is taken again, so a server refusing every cursor is an error */
static void
test_model_refused_cursor_starts_over (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  g_autoptr(LdPagedListModel) model = NULL;
  Shadow shadow = { 0 };
  gint64 first_id;

  model = ld_paged_list_model_new_full (client, 1, LD_MEMBER_HISTORY_PURCHASES, NULL, 50, 3);
  g_signal_connect (model, "items-changed", G_CALLBACK (shadow_items_changed_cb), &shadow);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  first_id = purchase_id_at (model, 0);

  /* reading near the end asks for page 2, whose cursor the server refuses: page 1 again */
  ld_test_proxy_spoil_cursors (proxy, 1);
  (void) purchase_id_at (model, 49);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_null (ld_paged_list_model_get_error (model));
  g_assert_cmpuint (ld_paged_list_model_get_n_requests (model), ==, 2);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_cmpuint (shadow.n_items, ==, 50);
  g_assert_cmpint (purchase_id_at (model, 0), ==, first_id);

  /* and scrolling on, page 2 comes with its own cursor */
  (void) purchase_id_at (model, 49);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_null (ld_paged_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);

  /* every cursor refused: one start over, then the error, not a loop */
  ld_test_proxy_spoil_cursors (proxy, 2);
  (void) purchase_id_at (model, 99);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_null (ld_paged_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  (void) purchase_id_at (model, 49);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_error (ld_paged_list_model_get_error (model), LD_ERROR, LD_ERROR_MALFORMED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_cmpuint (shadow.n_items, ==, 50);

  /* asked again (the view's Try Again), the cursor is taken */
  ld_paged_list_model_load_more (model);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_null (ld_paged_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
}

/* ends a call from the member's number: the server adds "call.end" to the member's
 * actions, newest first */
static void
add_action (const char *token,
            const char *phone,
            const char *reason)
{
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autofree char *path = NULL;
  g_autofree char *end_body = g_strdup_printf ("{\"reason\":\"%s\",\"close_ticket\":false}", reason);

  g_assert_cmpuint (ld_test_server_request (server, "POST", "/api/v1/calls", token, body, NULL, &call), ==, 201);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/end", ld_test_json_int (call, "call.id"));
  g_assert_cmpuint (ld_test_server_request (server, "POST", path, token, end_body, NULL, &ended), ==, 200);
}

/* rows added on the server while a page was dropped: fetched again, the page ends
 * elsewhere, so the pages after it go (one items-changed) and come back from its new
 * end; reading on shows the list as the server has it now, no row twice or lost */
static void
test_model_list_changed_on_server (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  g_autoptr(LdMember) member = ld_test_ui_client_get_member (client, 2);
  g_autoptr(LdPagedListModel) model = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GObject) placeholder = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autofree char *reason = NULL;
  Shadow shadow = { 0 };
  guint signals;

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/config", token, NULL, NULL, &config), ==, 200);
  reason = g_strdup (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (json_node_get_object (config), "reasons"), "call_end"), 0), "key"));
  for (guint i = 0; i < 7; i++)
    add_action (token, ld_member_get_phone (member), reason);

  before = server_ids (client, "/members/2/actions", NULL, LD_TYPE_ACTION, (gint64 (*) (gpointer)) ld_action_get_id);
  g_assert_cmpuint (before->len, >=, 7);

  /* pages of two rows, two pages kept */
  model = ld_paged_list_model_new_full (client, 2, LD_MEMBER_HISTORY_ACTIONS, NULL, 2, 2);
  g_signal_connect (model, "items-changed", G_CALLBACK (shadow_items_changed_cb), &shadow);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  read_all_rows (model, before, (gint64 (*) (gpointer)) ld_action_get_id, 2);

  /* two more actions land on top while the first page is dropped */
  add_action (token, ld_member_get_phone (member), reason);
  add_action (token, ld_member_get_phone (member), reason);
  after = server_ids (client, "/members/2/actions", NULL, LD_TYPE_ACTION, (gint64 (*) (gpointer)) ld_action_get_id);
  g_assert_cmpuint (after->len, >, before->len);

  signals = shadow.n_signals;
  placeholder = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (ld_paged_list_model_is_placeholder (model, placeholder));
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));

  /* the first page is the two new actions now and ends elsewhere: the rest is forgotten */
  g_assert_cmpuint (shadow.n_signals, >, signals);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_true (ld_paged_list_model_get_has_more (model));

  /* reading on gives the list as it is now */
  read_all_rows (model, after, (gint64 (*) (gpointer)) ld_action_get_id, 2);
  g_assert_cmpuint (shadow.n_items, ==, after->len);
}

/* ---- the page */

static void
test_page_header (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdMember) expected = ld_test_ui_client_get_member (client, LONG_MEMBER);
  g_autofree char *balance = NULL;
  g_autofree char *name = NULL;
  Fixture fixture;
  const char *statuses;

  fixture_open (&fixture, client, LONG_MEMBER);
  g_assert_cmpstr (ld_member_page_get_title (fixture.page), ==, "Loading…");
  wait_for_page (&fixture);

  name = g_strdup_printf ("%s %s %s", ld_member_get_last_name (expected),
                          ld_member_get_first_name (expected), ld_member_get_middle_name (expected));
  g_assert_cmpstr (ld_member_page_get_title (fixture.page), ==, name);
  g_assert_cmpstr (gtk_window_get_title (fixture.window), ==, name);
  g_assert_cmpint (ld_member_get_id (ld_member_page_get_member (fixture.page)), ==, LONG_MEMBER);

  balance = ld_format_points (ld_account_get_balance (ld_member_get_account (expected)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "balance_label"))),
                   ==, balance);

  /* member 1 is gold in the main system: the level's label comes from the configuration */
  statuses = gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "statuses_label")));
  g_assert_nonnull (strstr (statuses, "Золотой"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE,
                                                                                         "main_card_label"))),
                            ld_card_get_number (ld_member_get_main_card (expected))));
  g_assert_false (gtk_widget_get_visible (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "blocked_box")));


  /* only the profile tab (the first shown) has loaded: the others wait to be opened */
  g_assert_cmpint (ld_loadable_view_get_state (tab_view (&fixture, "purchases")), ==, LD_LOADABLE_STATE_IDLE);
  g_assert_cmpint (ld_loadable_view_get_state (tab_view (&fixture, "messages")), ==, LD_LOADABLE_STATE_IDLE);

  /* it fits a tab of a window on a 1024-pixel screen: every tab's switcher and toolbar
   * (and the page is closed below with every tab's request still in flight) */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "stack"));
    static const char * const names[] = { "profile", "cards", "purchases", "operations",
                                          "favorites", "messages", "subscriptions", "actions" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        int minimum = 0;

        adw_view_stack_set_visible_child_name (stack, names[i]);
        gtk_widget_measure (GTK_WIDGET (fixture.page), GTK_ORIENTATION_HORIZONTAL, -1,
                            &minimum, NULL, NULL, NULL);
        g_test_message ("minimum width with %s: %d", names[i], minimum);
        g_assert_cmpint (minimum, <=, 900);
      }
    adw_view_stack_set_visible_child_name (stack, "profile");
  }

  fixture_close (&fixture);
}

static void
test_page_unknown_member (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  Fixture fixture;

  fixture_open (&fixture, client, 999999);
  ld_test_ui_wait_for (ld_loadable_view_get_state (page_view (&fixture)) == LD_LOADABLE_STATE_ERROR);

  /* the server's message, a Retry, and no half-filled header */
  g_assert_nonnull (ld_loadable_view_get_error_message (page_view (&fixture)));
  g_assert_cmpstr (ld_loadable_view_get_error_message (page_view (&fixture)), !=, "");
  g_assert_null (ld_member_page_get_member (fixture.page));
  g_assert_true (gtk_widget_is_sensitive (ld_test_ui_template_child (page_view (&fixture), LD_TYPE_LOADABLE_VIEW, "retry_button")));

  /* Retry asks again (and fails again: the member does not exist) */
  ld_loadable_view_retry (page_view (&fixture));
  g_assert_cmpint (ld_loadable_view_get_state (page_view (&fixture)), ==, LD_LOADABLE_STATE_LOADING);
  ld_test_ui_wait_for (ld_loadable_view_get_state (page_view (&fixture)) == LD_LOADABLE_STATE_ERROR);

  fixture_close (&fixture);
}

static void
test_page_blocked_account (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  const char *text;
  Fixture fixture;

  /* the demo data blocks every fiftieth member's account for fraud */
  fixture_open (&fixture, client, BLOCKED_MEMBER);
  wait_for_page (&fixture);

  g_assert_true (gtk_widget_get_visible (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "blocked_box")));
  text = gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "blocked_label")));
  /* with the reason's label from the configuration */
  g_assert_nonnull (strstr (text, "Подозрение на мошенничество"));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-blocked.png");

  fixture_close (&fixture);
}

static void
test_profile_tab (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  Fixture fixture;
  LdLoadableView *view;
  GtkWidget *form_group;
  GtkWidget *phone_row;
  LdMember *member;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "profile");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);

  member = ld_member_page_get_member (fixture.page);
  phone_row = ld_test_ui_template_child (tab (&fixture, "profile"), LD_TYPE_MEMBER_PROFILE_TAB, "phone_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (phone_row)), ==, ld_member_get_phone (member));

  /* one row per question of the configured form, titled with the form's labels */
  form_group = ld_test_ui_template_child (tab (&fixture, "profile"), LD_TYPE_MEMBER_PROFILE_TAB, "form_group");
  {
    JsonArray *form = ld_config_get_application_form (ld_member_page_get_config (fixture.page));
    guint n_rows = 0;
    gboolean found_last_name = FALSE;
    GtkWidget *listbox = NULL;

    /* AdwPreferencesGroup keeps its rows in a GtkListBox */
    listbox = ld_test_ui_find_descendant (form_group, GTK_TYPE_LIST_BOX);
    g_assert_nonnull (listbox);

    for (GtkWidget *row = gtk_widget_get_first_child (listbox); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        if (!ADW_IS_ACTION_ROW (row))
          continue;
        n_rows++;
        if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Фамилия") == 0)
          {
            found_last_name = TRUE;
            g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, ld_member_get_last_name (member));
          }
      }
    g_assert_cmpuint (n_rows, >=, json_array_get_length (form));
    g_assert_true (found_last_name);
  }

  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-profile.png");
  fixture_close (&fixture);
}

static void
test_cards_tab (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  Fixture fixture;
  LdLoadableView *view;
  GtkColumnView *column_view;
  GListModel *shown;
  GListModel *cards;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "cards");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);

  cards = ld_member_get_cards (ld_member_page_get_member (fixture.page));
  column_view = GTK_COLUMN_VIEW (ld_test_ui_template_child (tab (&fixture, "cards"), LD_TYPE_MEMBER_CARDS_TAB, "column_view"));
  shown = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (cards));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);

  /* the agent may link cards */
  g_assert_true (gtk_widget_get_sensitive (ld_test_ui_template_child (tab (&fixture, "cards"), LD_TYPE_MEMBER_CARDS_TAB, "link_button")) &&
                 gtk_widget_is_sensitive (ld_test_ui_template_child (tab (&fixture, "cards"), LD_TYPE_MEMBER_CARDS_TAB, "link_button")));

  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-cards.png");

  /* "Link Card…" asks for a number from the free pool and posts it: a number the server
   * refuses stays in the dialog with the server's words; corrected, the card is linked,
   * the dialog closes and the page shows the new card */
  {
    g_autoptr(GHashTable) query = query_new ("state", "issued", NULL);
    g_autoptr(LdPage) free_pool = client_list (client, "/cards", query, LD_TYPE_CARD, 500);
    GListModel *pool = ld_page_get_items (free_pool);
    g_autoptr(LdCard) free_card = NULL;
    g_autofree char *refused_key = NULL;
    guint n_before = g_list_model_get_n_items (cards);
    LdMember *before = ld_member_page_get_member (fixture.page);
    LdOperationDialog *dialog;
    GtkWidget *entry;
    GListModel *cards_after;
    gboolean found = FALSE;

    /* a card never bought with: its purchases would join the long history, which the
     * tests after this one count */
    for (guint i = 0; free_card == NULL && i < g_list_model_get_n_items (pool); i++)
      {
        g_autoptr(LdCard) candidate = g_list_model_get_item (pool, i);

        if (ld_card_get_first_purchase_pos (candidate) == NULL)
          free_card = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (free_card);

    gtk_widget_activate_action (tab (&fixture, "cards"), "cards.link", NULL);
    ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
    g_assert_cmpstr (ld_operation_dialog_get_heading (dialog), ==, "Link a Card");
    entry = ld_operation_dialog_get_extra_child (dialog);
    g_assert_true (GTK_IS_ENTRY (entry));
    /* nothing to link before a number is typed */
    g_assert_false (ld_operation_dialog_get_can_submit (dialog));

    /* no card has this number: refused in the dialog, the number kept */
    gtk_editable_set_text (GTK_EDITABLE (entry), "9999999999999");
    g_assert_true (ld_operation_dialog_get_can_submit (dialog));
    gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.submit", NULL);
    g_assert_true (ld_operation_dialog_get_busy (dialog));
    ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
    g_test_message ("the server refused the number: %s", ld_operation_dialog_get_error (dialog));
    g_assert_nonnull (ld_operation_dialog_get_error (dialog));
    g_assert_cmpstr (ld_operation_dialog_get_error (dialog), !=, "");
    g_assert_true (ld_test_ui_find_operation_dialog () == dialog);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "9999999999999");
    g_assert_true (ld_operation_dialog_get_can_submit (dialog));
    g_assert_true (ld_member_page_get_member (fixture.page) == before);
    refused_key = g_strdup (ld_operation_dialog_get_idempotency_key (dialog));

    /* corrected: linked (under a key of its own), the dialog closes */
    gtk_editable_set_text (GTK_EDITABLE (entry), ld_card_get_number (free_card));
    gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.submit", NULL);
    g_assert_cmpstr (ld_operation_dialog_get_idempotency_key (dialog), !=, refused_key);
    ld_test_ui_wait_for (dialog == NULL || (!ld_operation_dialog_get_busy (dialog) &&
                                            ld_operation_dialog_get_error (dialog) != NULL));
    if (dialog != NULL)
      g_error ("the server refused to link a free card: %s", ld_operation_dialog_get_error (dialog));
    ld_test_ui_wait_for (ld_member_page_get_member (fixture.page) != before);

    /* the reloaded profile and the Cards tab have the card, activated */
    ld_test_ui_wait_for (ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_READY);
    cards_after = ld_member_get_cards (ld_member_page_get_member (fixture.page));
    g_assert_cmpuint (g_list_model_get_n_items (cards_after), ==, n_before + 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))),
                      ==, n_before + 1);
    for (guint i = 0; i < g_list_model_get_n_items (cards_after); i++)
      {
        g_autoptr(LdCard) card = g_list_model_get_item (cards_after, i);

        if (g_strcmp0 (ld_card_get_number (card), ld_card_get_number (free_card)) == 0)
          {
            found = TRUE;
            g_assert_cmpstr (ld_card_get_state (card), ==, "activated");
          }
      }
    g_assert_true (found);
  }

  fixture_close (&fixture);
}

static void
assert_same_ids (GListModel *shown,
                 LdPage     *expected,
                 gint64    (*get_id) (gpointer))
{
  GListModel *items = ld_page_get_items (expected);
  guint n = g_list_model_get_n_items (items);

  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (shown, i);
      g_autoptr(GObject) b = g_list_model_get_item (items, i);

      g_assert_cmpint (get_id (a), ==, get_id (b));
    }
}

static void
test_purchases_page_through_long_history (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GHashTable) query = query_new ("sort", "date", "order", "desc", NULL);
  g_autoptr(LdPage) expected = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = NULL;
  LdPagedListModel *model;
  LdLoadableView *view;
  Fixture fixture;
  guint n;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "purchases");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-purchases.png");

  model = ld_loadable_view_get_model (view);
  g_assert_nonnull (model);
  g_assert_cmpint (ld_paged_list_model_get_total (model), ==, N_LONG_PURCHASES);
  /* opened with the rows in sight only, not the whole history: GTK 4.8's list views keep
   * about 200 rows bound around what is shown, so a few pages, whatever the history's size */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <=, 300);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), <=, 6);

  /* the first rows are the server's newest purchases */
  expected = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);
  assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_purchase_get_id);

  /* page on to the end: every purchase once, none lost or repeated */
  page_to_the_end (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, N_LONG_PURCHASES);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, N_LONG_PURCHASES / 50);
  ids = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      /* the model keeps a few pages: the others come again as they are read */
      g_autoptr(LdPurchase) purchase = model_get_loaded (model, i);

      ids[i] = ld_purchase_get_id (purchase);
      g_assert_false (g_hash_table_contains (seen, &ids[i]));
      g_hash_table_add (seen, &ids[i]);
      if (i > 0)
        {
          g_autoptr(LdPurchase) previous = model_get_loaded (model, i - 1);

          g_assert_cmpstr (ld_purchase_get_date (previous), >=, ld_purchase_get_date (purchase));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_LONG_PURCHASES);

  fixture_close (&fixture);
}

/* scrolls @column_view's list to its end or top and waits for what that fetched */
static void
scroll_to (GtkWidget        *column_view,
           LdPagedListModel *model,
           gboolean          end)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, end ? gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) : 0);
  /* the view binds the rows now in sight on its next layout, which may ask for pages */
  ld_test_ui_wait_for_frame (column_view);
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
  g_assert_null (ld_paged_list_model_get_error (model));
}

/* the real column view scrolled through all 1,200 purchases and back: the model keeps
 * a few pages of rows however far it went, and the rows back at the top are the first
 * ones again, fetched anew */
static void
test_purchases_scroll_far_and_back (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GHashTable) query = query_new ("sort", "date", "order", "desc", NULL);
  g_autoptr(LdPage) first_page = NULL;
  g_autoptr(LdPurchase) first = NULL;
  g_autoptr(LdPurchase) tenth = NULL;
  LdPagedListModel *model;
  GtkWidget *column_view;
  LdLoadableView *view;
  Fixture fixture;
  guint requests, max_live = 0;

  first_page = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);
  first = g_list_model_get_item (ld_page_get_items (first_page), 0);
  tenth = g_list_model_get_item (ld_page_get_items (first_page), 9);

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "purchases");
  model = ld_loadable_view_get_model (view);
  column_view = ld_test_ui_template_child (tab (&fixture, "purchases"), LD_TYPE_MEMBER_PURCHASES_TAB, "column_view");
  ld_test_ui_wait_for (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (first)));

  /* down, a page or so at a time, as far as the list goes */
  while (ld_paged_list_model_get_has_more (model))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      /* on a busy machine the adjustment can still end where the list ended before
       * the last page came: scroll to the end again until the view asks for more */
      ld_test_ui_wait_for ((scroll_to (column_view, model, TRUE),
                            g_list_model_get_n_items (G_LIST_MODEL (model)) > n ||
                            !ld_paged_list_model_get_has_more (model)));
      max_live = MAX (max_live, ld_paged_list_model_get_n_live_pages (model));
      g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, LD_PAGED_LIST_MODEL_MAX_PAGES);
    }
  scroll_to (column_view, model, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_LONG_PURCHASES);
  g_assert_cmpuint (ld_paged_list_model_get_n_pages (model), ==, N_LONG_PURCHASES / 50);
  g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, LD_PAGED_LIST_MODEL_MAX_PAGES);
  g_assert_false (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (first)));
  g_test_message ("at the end: %u of %u pages hold rows (%u at most on the way), %u requests",
                  ld_paged_list_model_get_n_live_pages (model), ld_paged_list_model_get_n_pages (model),
                  max_live, ld_paged_list_model_get_n_requests (model));

  /* back at the top: the first page was dropped and comes again, shown in place */
  requests = ld_paged_list_model_get_n_requests (model);
  scroll_to (column_view, model, FALSE);
  ld_test_ui_wait_for (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (first)) &&
                       ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (tenth)));
  g_assert_cmpuint (ld_paged_list_model_get_n_requests (model), >, requests);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_LONG_PURCHASES);
  g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, LD_PAGED_LIST_MODEL_MAX_PAGES);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(LdPurchase) shown = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(LdPurchase) expected = g_list_model_get_item (ld_page_get_items (first_page), i);

      g_assert_false (ld_paged_list_model_is_placeholder (model, shown));
      g_assert_cmpint (ld_purchase_get_id (shown), ==, ld_purchase_get_id (expected));
    }
  g_test_message ("back at the top: %u requests, %u pages hold rows",
                  ld_paged_list_model_get_n_requests (model), ld_paged_list_model_get_n_live_pages (model));

  fixture_close (&fixture);
}

static void
test_purchases_sort_status_receipt (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  GtkWidget *purchases;
  g_autoptr(LdPagedListModel) old_model = NULL;
  LdPagedListModel *model;
  LdLoadableView *view;
  Fixture fixture;
  g_autofree char *receipt = NULL;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "purchases");
  purchases = tab (&fixture, "purchases");

  /* by point of sale, A to Z: a new model, the server's order */
  g_set_object (&old_model, ld_loadable_view_get_model (view));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "sort_dropdown")), 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "ascending_button")), TRUE);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  g_assert_cmpstr (g_hash_table_lookup (ld_paged_list_model_get_query (model), "sort"), ==, "pos");
  g_assert_cmpstr (g_hash_table_lookup (ld_paged_list_model_get_query (model), "order"), ==, "asc");
  {
    g_autoptr(GHashTable) query = query_new ("sort", "pos", "order", "asc", NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);

    assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_purchase_get_id);
    for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(LdPurchase) a = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
        g_autoptr(LdPurchase) b = g_list_model_get_item (G_LIST_MODEL (model), i);

        g_assert_cmpstr (ld_purchase_get_pos (a), <=, ld_purchase_get_pos (b));
      }
  }

  /* by program */
  g_set_object (&old_model, model);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "sort_dropdown")), 2);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  g_assert_cmpstr (g_hash_table_lookup (ld_paged_list_model_get_query (model), "sort"), ==, "program");
  {
    g_autoptr(GHashTable) query = query_new ("sort", "program", "order", "asc", NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);

    assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_purchase_get_id);
  }

  /* only the canceled ones */
  g_set_object (&old_model, model);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "status_dropdown")), 3);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  {
    g_autoptr(GHashTable) query = query_new ("sort", "program", "order", "asc", "status", "canceled", NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);

    g_assert_cmpint (ld_paged_list_model_get_total (model), ==, ld_page_get_total (expected));
    g_assert_cmpint (ld_paged_list_model_get_total (model), <, N_LONG_PURCHASES);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(LdPurchase) purchase = g_list_model_get_item (G_LIST_MODEL (model), i);

        g_assert_cmpstr (ld_purchase_get_status (purchase), ==, "canceled");
      }
    if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
      {
        g_autoptr(LdPurchase) some = g_list_model_get_item (G_LIST_MODEL (model), 0);

        receipt = g_strdup (ld_purchase_get_receipt (some));
      }
  }
  g_assert_nonnull (receipt);

  /* find one by its receipt number */
  g_set_object (&old_model, model);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "receipt_entry")), receipt);
  /* a search entry searches at once when emptied, then again when the typing pauses */
  ld_test_ui_wait_for (model_has_query (ld_loadable_view_get_model (view), "receipt", receipt) && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autoptr(LdPurchase) found = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (ld_purchase_get_receipt (found), ==, receipt);
  }

  /* a receipt nobody has: the empty state, not an error */
  g_set_object (&old_model, model);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (purchases, LD_TYPE_MEMBER_PURCHASES_TAB, "receipt_entry")), "NO-SUCH-RECEIPT");
  ld_test_ui_wait_for (model_has_query (ld_loadable_view_get_model (view), "receipt", "NO-SUCH-RECEIPT") && ld_test_ui_view_settled (view));
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_EMPTY);

  fixture_close (&fixture);
}

static void
test_operations_sort_and_card (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  GtkWidget *operations;
  GtkDropDown *card_dropdown;
  g_autoptr(LdPagedListModel) old_model = NULL;
  LdPagedListModel *model;
  LdLoadableView *view;
  const char *number;
  Fixture fixture;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "operations");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-operations.png");
  operations = tab (&fixture, "operations");
  model = ld_loadable_view_get_model (view);
  g_assert_cmpint (ld_paged_list_model_get_total (model), ==, N_LONG_OPERATIONS);
  {
    g_autoptr(GHashTable) query = query_new ("sort", "date", "order", "desc", NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/operations", query, LD_TYPE_OPERATION, 50);

    assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_operation_get_id);
  }
  page_to_the_end (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_LONG_OPERATIONS);

  /* sorted by card */
  g_set_object (&old_model, model);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_ui_template_child (operations, LD_TYPE_MEMBER_OPERATIONS_TAB, "sort_dropdown")), 1);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  {
    g_autoptr(GHashTable) query = query_new ("sort", "card", "order", "desc", NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/operations", query, LD_TYPE_OPERATION, 50);

    assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_operation_get_id);
  }

  /* only the operations of the member's first card */
  card_dropdown = GTK_DROP_DOWN (ld_test_ui_template_child (operations, LD_TYPE_MEMBER_OPERATIONS_TAB, "card_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (card_dropdown)), ==,
                    1 + g_list_model_get_n_items (ld_member_get_cards (ld_member_page_get_member (fixture.page))));
  g_set_object (&old_model, model);
  gtk_drop_down_set_selected (card_dropdown, 1);
  number = gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (card_dropdown)), 1);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  g_assert_cmpstr (g_hash_table_lookup (ld_paged_list_model_get_query (model), "card"), ==, number);
  {
    g_autoptr(GHashTable) query = query_new ("sort", "card", "order", "desc", "card", number, NULL);
    g_autoptr(LdPage) expected = client_list (client, "/members/1/operations", query, LD_TYPE_OPERATION, 50);

    g_assert_cmpint (ld_paged_list_model_get_total (model), ==, ld_page_get_total (expected));
    g_assert_cmpint (ld_paged_list_model_get_total (model), <, N_LONG_OPERATIONS);
  }
  page_to_the_end (model);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(LdOperation) operation = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (ld_operation_get_card_number (operation), ==, number);
    }

  fixture_close (&fixture);
}

static void
test_messages_filters (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  GtkWidget *messages;
  g_autoptr(LdPagedListModel) old_model = NULL;
  LdPagedListModel *model;
  LdLoadableView *view;
  Fixture fixture;
  gint64 all, delivered;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  view = show_tab (&fixture, "messages");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-messages.png");
  messages = tab (&fixture, "messages");
  model = ld_loadable_view_get_model (view);
  all = ld_paged_list_model_get_total (model);
  g_assert_cmpint (all, ==, N_LONG_MESSAGES);
  {
    g_autoptr(LdPage) expected = client_list (client, "/members/1/messages", NULL, LD_TYPE_MESSAGE, 50);

    assert_same_ids (G_LIST_MODEL (model), expected, (gint64 (*) (gpointer)) ld_message_get_id);
  }

  /* delivered only */
  g_set_object (&old_model, model);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "status_dropdown")), 2);
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  delivered = ld_paged_list_model_get_total (model);
  g_assert_cmpint (delivered, >, 0);
  g_assert_cmpint (delivered, <, all);
  page_to_the_end (model);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(LdMessage) message = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (ld_message_get_status (message), ==, "delivered");
    }

  /* a half-typed date changes nothing and marks its entry: once the entry is marked and
   * no request is in flight, nothing else is coming */
  g_set_object (&old_model, model);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "from_entry")), "2024-1");
  ld_test_ui_wait_for (gtk_widget_has_css_class (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "from_entry"), "error"));
  ld_test_ui_settle (client);
  g_assert_true (ld_loadable_view_get_model (view) == old_model);
  g_assert_true (gtk_widget_has_css_class (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "from_entry"), "error"));

  /* a date range: the same count as the server's */
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "from_entry")), "2000-01-01");
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  g_set_object (&old_model, ld_loadable_view_get_model (view));
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "to_entry")), "2100-12-31");
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  model = ld_loadable_view_get_model (view);
  g_assert_false (gtk_widget_has_css_class (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "from_entry"), "error"));
  g_assert_cmpint (ld_paged_list_model_get_total (model), ==, delivered);

  /* a range before anything was sent: empty */
  g_set_object (&old_model, model);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (messages, LD_TYPE_MEMBER_MESSAGES_TAB, "to_entry")), "2000-01-02");
  ld_test_ui_wait_for (ld_loadable_view_get_model (view) != old_model && ld_test_ui_view_settled (view));
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_EMPTY);

  fixture_close (&fixture);
}

static void
test_other_tabs (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  LdLoadableView *view;
  Fixture fixture;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);

  /* favorites: the agent has member.favorites */
  view = show_tab (&fixture, "favorites");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  {
    LdLoadableView *history = LD_LOADABLE_VIEW (ld_test_ui_template_child (tab (&fixture, "favorites"),
                                                                           LD_TYPE_MEMBER_FAVORITES_TAB, "history_view"));

    ld_test_ui_wait_for (ld_test_ui_view_settled (history));
    g_assert_cmpint (ld_loadable_view_get_state (history), !=, LD_LOADABLE_STATE_ERROR);
  }
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-favorites.png");

  /* subscriptions: a row per mailing type, a column per channel */
  view = show_tab (&fixture, "subscriptions");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  {
    GtkGrid *grid = GTK_GRID (ld_test_ui_template_child (tab (&fixture, "subscriptions"), LD_TYPE_MEMBER_SUBSCRIPTIONS_TAB, "grid"));
    LdConfig *config = ld_member_page_get_config (fixture.page);
    guint n_types = json_array_get_length (ld_config_get_mailing_types (config));
    guint n_channels = json_array_get_length (ld_config_get_channels (config));

    /* row 1 is each channel's "All", then a switch per mailing type; the agent may change them */
    g_assert_true (GTK_IS_CHECK_BUTTON (gtk_grid_get_child_at (grid, n_channels, 1)));
    g_assert_true (GTK_IS_SWITCH (gtk_grid_get_child_at (grid, n_channels, n_types + 1)));
    g_assert_true (gtk_widget_get_sensitive (gtk_grid_get_child_at (grid, 1, 2)));
  }
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-subscriptions.png");

  /* actions: the server's, newest first */
  view = show_tab (&fixture, "actions");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);
  {
    g_autoptr(LdPage) expected = client_list (client, "/members/1/actions", NULL, LD_TYPE_ACTION, 50);

    assert_same_ids (G_LIST_MODEL (ld_loadable_view_get_model (view)), expected,
                     (gint64 (*) (gpointer)) ld_action_get_id);
    page_to_the_end (ld_loadable_view_get_model (view));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (ld_loadable_view_get_model (view))), ==,
                     ld_page_get_total (expected));
  }
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-actions.png");

  fixture_close (&fixture);
}

/* types @keys (xdotool's names) into the window under the pointer */
static void
send_keys (const char *keys)
{
  ld_test_ui_send_keys (400, 400, "key", keys);
}

static void
test_keyboard_switches_tabs (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  AdwViewStack *stack;
  Fixture fixture;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "stack"));

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "profile");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "member.next-tab", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "cards");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "member.previous-tab", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "member.previous-tab", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "actions");
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "member.show-tab", "i", 5);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "messages");

  /* real keys through the X server, with the focus in a list (whose scrolled window would
   * take Ctrl+Page Down for itself) */
  if (xdotool != NULL)
    {
      LdLoadableView *purchases = show_tab (&fixture, "purchases");

      gtk_widget_grab_focus (ld_test_ui_template_child (tab (&fixture, "purchases"), LD_TYPE_MEMBER_PURCHASES_TAB, "column_view"));
      g_assert_cmpint (ld_loadable_view_get_state (purchases), ==, LD_LOADABLE_STATE_READY);
      send_keys ("ctrl+Next");
      ld_test_ui_wait_for (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "operations") == 0);
      send_keys ("ctrl+Prior");
      ld_test_ui_wait_for (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "purchases") == 0);
      send_keys ("alt+8");
      ld_test_ui_wait_for (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "actions") == 0);
      send_keys ("alt+1");
      ld_test_ui_wait_for (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "profile") == 0);
    }
  else
    g_test_message ("xdotool is not installed: the keys themselves are not sent");

  /* the shortcuts are there: Alt+1…8, Ctrl+Page Up/Down */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture.page));
    gboolean alt_3 = FALSE, ctrl_page_down = FALSE;

    for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
            g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

            alt_3 |= g_str_equal (text, "<Alt>3");
            ctrl_page_down |= g_str_equal (text, "<Control>Page_Down");
          }
      }
    g_assert_true (alt_3);
    g_assert_true (ctrl_page_down);
  }

  fixture_close (&fixture);
}

static void
test_rights_agent_limited (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent-limited");
  g_autofree char *tooltip = NULL;
  GtkWidget *link_button;
  LdLoadableView *view;
  Fixture fixture;

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);

  /* card.link denied: "Link Card…" insensitive, its tooltip names the right */
  show_tab (&fixture, "cards");
  link_button = ld_test_ui_template_child (tab (&fixture, "cards"), LD_TYPE_MEMBER_CARDS_TAB, "link_button");
  g_assert_false (gtk_widget_is_sensitive (link_button));
  tooltip = gtk_widget_get_tooltip_text (link_button) ? g_strdup (gtk_widget_get_tooltip_text (link_button)) : NULL;
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "card.link"));

  /* member.favorites denied: the tab says which right is missing and fetches nothing */
  view = show_tab (&fixture, "favorites");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_EMPTY);
  {
    g_autofree char *description = NULL;

    g_object_get (view, "empty-description", &description, NULL);
    g_assert_nonnull (strstr (description, "member.favorites"));
  }
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-favorites-not-allowed.png");

  /* what it may see, it sees */
  view = show_tab (&fixture, "purchases");
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_READY);

  fixture_close (&fixture);
}

/* ---- a tab's error: a proxy in front of the real server fails one path */

/* while @failing, the messages tab's requests answer 503 with the server's error shape */
static void
fail_messages (LdTestProxy *proxy,
               gboolean     failing)
{
  if (failing)
    ld_test_proxy_fail (proxy, "/messages", 503, "internal", "The message archive is being maintained");
  else
    ld_test_proxy_fail (proxy, NULL, 0, NULL, NULL);
}

static void
test_tab_error_keeps_others (void)
{
  g_autoptr(LdClient) client = NULL;
  LdLoadableView *messages, *purchases;
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  Fixture fixture;

  client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  fail_messages (proxy, TRUE);

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);

  /* the messages tab fails with the server's message and a Retry */
  messages = show_tab (&fixture, "messages");
  g_assert_cmpint (ld_loadable_view_get_state (messages), ==, LD_LOADABLE_STATE_ERROR);
  g_assert_cmpstr (ld_loadable_view_get_error_message (messages), ==, "The message archive is being maintained");
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-error.png");

  /* the rest of the page goes on working */
  purchases = show_tab (&fixture, "purchases");
  g_assert_cmpint (ld_loadable_view_get_state (purchases), ==, LD_LOADABLE_STATE_READY);
  g_assert_cmpint (ld_loadable_view_get_state (page_view (&fixture)), ==, LD_LOADABLE_STATE_READY);
  g_assert_cmpint (ld_loadable_view_get_state (show_tab (&fixture, "profile")), ==, LD_LOADABLE_STATE_READY);

  /* the tab keeps its error until Retry; Retry after the server is back loads it */
  messages = show_tab (&fixture, "messages");
  g_assert_cmpint (ld_loadable_view_get_state (messages), ==, LD_LOADABLE_STATE_ERROR);
  fail_messages (proxy, FALSE);
  gtk_widget_activate_action (ld_test_ui_template_child (messages, LD_TYPE_LOADABLE_VIEW, "retry_button"), "loadable.retry", NULL);
  ld_test_ui_wait_for (ld_loadable_view_get_state (messages) != LD_LOADABLE_STATE_ERROR && ld_test_ui_view_settled (messages));
  g_assert_cmpint (ld_loadable_view_get_state (messages), ==, LD_LOADABLE_STATE_READY);
  g_assert_cmpint (ld_paged_list_model_get_total (ld_loadable_view_get_model (messages)), ==, N_LONG_MESSAGES);

  /* a page that fails half-way keeps its rows; Retry continues from the failed page */
  {
    LdPagedListModel *model = ld_loadable_view_get_model (messages);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

    /* let what the view asked for arrive first */
    ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
    n = g_list_model_get_n_items (G_LIST_MODEL (model));
    fail_messages (proxy, TRUE);
    g_clear_object (&(GObject *){ g_list_model_get_item (G_LIST_MODEL (model), n - 1) });
    ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
    g_assert_cmpint (ld_loadable_view_get_state (messages), ==, LD_LOADABLE_STATE_ERROR);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

    fail_messages (proxy, FALSE);
    ld_loadable_view_retry (messages);
    ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
    g_assert_true (ld_loadable_view_get_model (messages) == model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, n);
    page_to_the_end (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_LONG_MESSAGES);
  }

  fixture_close (&fixture);
  g_clear_object (&client);
  g_clear_object (&proxy);
}

/* ---- rows being fetched again show no value */

/* the texts of the mapped labels under @widget */
static void
collect_shown_labels (GtkWidget *widget,
                      GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_shown_labels (child, texts);
}

/* the row widgets of a column view that show a label with @text */
static void
collect_rows_showing (GtkWidget  *widget,
                      const char *text,
                      GPtrArray  *rows)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    /* the label is in a cell, the cell in the row */
    g_ptr_array_add (rows, gtk_widget_get_parent (gtk_widget_get_parent (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_rows_showing (child, text, rows);
}

/* the column view scrolled far enough that the model dropped the first pages, then back
 * to the top while the server holds its answer: the rows in sight are placeholders, and
 * their widgets show "Loading…" and no amount, date or other value the server did not
 * send; once the pages are back the same rows show the real purchases */
static void
test_purchases_rows_being_fetched_show_no_value (void)
{
  g_autoptr(LdClient) client = NULL;
  g_autoptr(GHashTable) query = query_new ("sort", "date", "order", "desc", NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(LdPage) first_page = NULL;
  g_autoptr(LdPurchase) first = NULL;
  g_autoptr(LdPurchase) sixth = NULL;
  g_autoptr(GObject) item = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *date = NULL;
  g_autofree char *zero = ld_format_money (0);
  LdPagedListModel *model;
  GtkWidget *column_view;
  GtkWidget *list_view;
  GtkWidget *row;
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  Fixture fixture;

  client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  first_page = client_list (client, "/members/1/purchases", query, LD_TYPE_PURCHASE, 50);
  first = g_list_model_get_item (ld_page_get_items (first_page), 0);
  sixth = g_list_model_get_item (ld_page_get_items (first_page), 5);
  amount = ld_format_money (ld_purchase_get_amount (sixth));
  date = ld_format_datetime (ld_purchase_get_purchased_at (sixth));
  g_assert_cmpint (ld_purchase_get_amount (sixth), !=, 0);
  g_assert_cmpstr (date, !=, "");

  fixture_open (&fixture, client, LONG_MEMBER);
  wait_for_page (&fixture);
  model = ld_loadable_view_get_model (show_tab (&fixture, "purchases"));
  column_view = ld_test_ui_template_child (tab (&fixture, "purchases"), LD_TYPE_MEMBER_PURCHASES_TAB, "column_view");
  ld_test_ui_wait_for (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (first)));
  g_assert_false (ld_test_ui_shows_label (column_view, "Loading…"));

  /* down, a page at a time, until the model dropped the first pages */
  list_view = ld_test_ui_find_descendant (column_view, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  while (ld_paged_list_model_get_n_pages (model) < LD_PAGED_LIST_MODEL_MAX_PAGES + 4)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      g_assert_true (ld_paged_list_model_get_has_more (model));
      gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", n - 1);
      ld_test_ui_wait_for (g_list_model_get_n_items (G_LIST_MODEL (model)) > n);
      ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model));
    }
  g_assert_cmpuint (ld_paged_list_model_get_n_live_pages (model), <=, LD_PAGED_LIST_MODEL_MAX_PAGES);

  /* back at the top while the server holds the pages: placeholders in sight */
  ld_test_proxy_hold (proxy, "/purchases");
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
  ld_test_ui_wait_for (ld_test_proxy_get_n_held (proxy) > 0 && ld_test_ui_shows_label (column_view, "Loading…"));
  item = g_list_model_get_item (G_LIST_MODEL (model), 5);
  g_assert_true (ld_paged_list_model_is_placeholder (model, item));
  g_assert_true (ld_paged_list_model_get_loading (model));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "profile-purchases-loading.png");

  /* a row being fetched shows "Loading…" and nothing else: no "0,00 ₽", no date, no
   * receipt (a row GTK kept bound to its old object may still show that, real, row) */
  collect_rows_showing (column_view, "Loading…", rows);
  g_assert_cmpuint (rows->len, >=, 10);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();

      collect_shown_labels (g_ptr_array_index (rows, i), texts);
      for (guint j = 0; j < texts->len; j++)
        if (!g_str_equal (g_ptr_array_index (texts, j), "Loading…"))
          g_error ("a row being fetched shows “%s”", (const char *) g_ptr_array_index (texts, j));
      g_assert_cmpuint (texts->len, ==, 1);
    }
  g_assert_false (ld_test_ui_shows_label (column_view, zero));
  g_assert_false (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (sixth)));
  g_assert_false (ld_test_ui_shows_label (column_view, amount));

  /* the page arrives: the same rows show the real purchases in place */
  ld_test_proxy_release (proxy);
  ld_test_ui_wait_for (ld_test_ui_shows_label (column_view, ld_purchase_get_receipt (sixth)));
  ld_test_ui_wait_for (!ld_paged_list_model_get_loading (model) && !ld_test_ui_shows_label (column_view, "Loading…"));
  g_assert_null (ld_paged_list_model_get_error (model));
  g_ptr_array_set_size (rows, 0);
  collect_rows_showing (column_view, ld_purchase_get_receipt (sixth), rows);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_true (ld_test_ui_shows_label (row, amount));
  g_assert_true (ld_test_ui_shows_label (row, date));
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 5);
  g_assert_false (ld_paged_list_model_is_placeholder (model, item));
  g_assert_cmpint (ld_purchase_get_id (LD_PURCHASE (item)), ==, ld_purchase_get_id (sixth));

  fixture_close (&fixture);
  g_clear_object (&client);
  g_clear_object (&proxy);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();

  server = ld_test_server_new (BLOCKED_MEMBER, NULL);

  g_test_add_func ("/app/profile/format/money-in-roubles", test_format_money);
  g_test_add_func ("/app/profile/format/dates-and-states", test_format_dates);
  g_test_add_func ("/app/profile/model/cancelled-on-dispose", test_model_cancelled_on_dispose);
  g_test_add_func ("/app/profile/model/bad-path-keeps-error", test_model_bad_path_keeps_error);
  g_test_add_func ("/app/profile/model/keeps-a-bounded-window-and-fetches-again", test_model_keeps_bounded_window);
  g_test_add_func ("/app/profile/model/list-changed-on-server-no-row-twice-or-lost", test_model_list_changed_on_server);
  g_test_add_func ("/app/profile/model/refused-cursor-starts-over-once", test_model_refused_cursor_starts_over);
  g_test_add_func ("/app/profile/page/header", test_page_header);
  g_test_add_func ("/app/profile/page/blocked-account-shown-loudly", test_page_blocked_account);
  g_test_add_func ("/app/profile/page/unknown-member-error-and-retry", test_page_unknown_member);
  g_test_add_func ("/app/profile/tabs/profile-with-form-labels", test_profile_tab);
  g_test_add_func ("/app/profile/tabs/cards", test_cards_tab);
  g_test_add_func ("/app/profile/purchases/pages-through-long-history", test_purchases_page_through_long_history);
  g_test_add_func ("/app/profile/purchases/scrolled-far-and-back-keeps-few-pages", test_purchases_scroll_far_and_back);
  g_test_add_func ("/app/profile/purchases/sort-status-and-receipt", test_purchases_sort_status_receipt);
  g_test_add_func ("/app/profile/purchases/rows-being-fetched-show-no-value", test_purchases_rows_being_fetched_show_no_value);
  g_test_add_func ("/app/profile/operations/sort-and-filter-by-card", test_operations_sort_and_card);
  g_test_add_func ("/app/profile/messages/filter-by-dates-and-status", test_messages_filters);
  g_test_add_func ("/app/profile/tabs/favorites-subscriptions-actions", test_other_tabs);
  g_test_add_func ("/app/profile/keyboard/switches-tabs", test_keyboard_switches_tabs);
  g_test_add_func ("/app/profile/rights/agent-limited-sees-insensitive", test_rights_agent_limited);
  g_test_add_func ("/app/profile/errors/tab-error-keeps-others-and-retries", test_tab_error_keeps_others);

  status = g_test_run ();

  g_clear_object (&server);

  return status;
}

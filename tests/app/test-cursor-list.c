/* test-cursor-list.c — LdCursorList followed by an LdLoadableView, with stand-in pages
 *
 * The list's fetch function is the test's: it keeps each request until the test answers
 * it with a page of calls or an error, so every step (the first page when the view is
 * first shown, the next when its content is scrolled to the end, a failure, Retry, a
 * reload racing an earlier answer) is one the test chooses. The widgets are the real
 * ones in a window under Xvfb; no server is involved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-core.h"
#include "ld-cursor-list.h"
#include "ld-loadable-view.h"
#include "ld-test-ui.h"

typedef struct
{
  LdClient          *client;   /* only the source object of the answers */
  GPtrArray         *pending;  /* of GTask, the requests not answered yet */
  GPtrArray         *cursors;  /* the cursor of every request, in order ("" for none) */
  LdCursorList      *list;
  LdLoadableView    *view;
  GtkScrolledWindow *scroller;
  GtkWindow         *window;
  gint64             next_id;
} Fixture;

static void
stand_in_fetch (gpointer             fetch_data,
                const char          *cursor,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  Fixture *fixture = fetch_data;
  GTask *task = g_task_new (fixture->client, cancellable, callback, user_data);

  /* the answer the test gives is the answer the list gets, even for a request it gave
   * up: the list itself must tell a stale page from the one it waits for */
  g_task_set_check_cancellable (task, FALSE);

  g_ptr_array_add (fixture->cursors, g_strdup (cursor != NULL ? cursor : ""));
  g_ptr_array_add (fixture->pending, task);
}

static LdPage *
stand_in_finish (LdClient      *client,
                 GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* the oldest request not answered yet */
static GTask *
take_request (Fixture *fixture)
{
  g_assert_cmpuint (fixture->pending->len, >, 0);
  return g_ptr_array_steal_index (fixture->pending, 0);
}

/* answers the oldest request with @n_items new calls, then @next_cursor (NULL: the last
 * page) and @total */
static void
answer_page (Fixture    *fixture,
             guint       n_items,
             const char *next_cursor,
             gint64      total)
{
  g_autoptr(GTask) task = take_request (fixture);
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items = json_array_new ();
  LdPage *page;

  for (guint i = 0; i < n_items; i++)
    {
      JsonObject *call = json_object_new ();

      json_object_set_int_member (call, "id", ++fixture->next_id);
      json_object_set_string_member (call, "phone", "+79005550000");
      json_object_set_string_member (call, "started_at", "2026-12-07T10:00:00Z");
      json_array_add_object_element (items, call);
    }
  json_object_set_array_member (json, "items", items);
  if (next_cursor != NULL)
    json_object_set_string_member (json, "next_cursor", next_cursor);
  else
    json_object_set_null_member (json, "next_cursor");
  json_object_set_int_member (json, "total", total);

  page = ld_page_new_from_json (json, LD_TYPE_CALL, &error);
  g_assert_no_error (error);
  g_task_return_pointer (task, page, g_object_unref);
}

static void
answer_error (Fixture    *fixture,
              const char *message)
{
  g_autoptr(GTask) task = take_request (fixture);

  g_task_return_new_error (task, LD_ERROR, LD_ERROR_NETWORK, "%s", message);
}

static const char *
cursor_of_request (Fixture *fixture,
                   guint    index)
{
  g_assert_cmpuint (index, <, fixture->cursors->len);
  return g_ptr_array_index (fixture->cursors, index);
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
}

static void
scroll_to_end (Fixture *fixture)
{
  g_signal_emit_by_name (fixture->scroller, "edge-reached", GTK_POS_BOTTOM);
}

/* a window with the view, whose content is a list view of the list in a scrolled window */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkListView *list_view;

  fixture->client = ld_client_new ("http://127.0.0.1:9");
  fixture->pending = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->cursors = g_ptr_array_new_with_free_func (g_free);
  fixture->list = ld_cursor_list_new (LD_TYPE_CALL, stand_in_fetch, stand_in_finish, fixture);
  fixture->next_id = 0;

  list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (fixture->list)))),
                                                gtk_signal_list_item_factory_new ()));
  fixture->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (fixture->scroller, GTK_WIDGET (list_view));
  fixture->view = LD_LOADABLE_VIEW (ld_loadable_view_new ());
  ld_loadable_view_set_content (fixture->view, GTK_WIDGET (fixture->scroller));
  ld_loadable_view_set_list (fixture->view, fixture->list);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->list);
  /* requests the list gave up: answered now, their callbacks find nobody */
  while (fixture->pending->len > 0)
    answer_error (fixture, "gone");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->pending, g_ptr_array_unref);
  g_clear_pointer (&fixture->cursors, g_ptr_array_unref);
  g_clear_object (&fixture->client);
}

/* shows the window: the view asks for the first page */
static void
show (Fixture *fixture)
{
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_IDLE);
  g_assert_cmpuint (fixture->cursors->len, ==, 0);

  gtk_window_present (fixture->window);
  ld_test_ui_wait_for (fixture->cursors->len == 1);
  g_assert_cmpstr (cursor_of_request (fixture, 0), ==, "");
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_LOADING);
}

static void
test_pages_grow_as_scrolled (Fixture       *fixture,
                             gconstpointer  data)
{
  show (fixture);

  answer_page (fixture, 3, "after-3", 5);
  ld_test_ui_wait_for (n_items (fixture) == 3);
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_READY);
  g_assert_true (ld_cursor_list_get_has_more (fixture->list));
  g_assert_cmpint (ld_cursor_list_get_total (fixture->list), ==, 5);

  /* the end of the content: the next page, once, however often it is reached meanwhile */
  scroll_to_end (fixture);
  scroll_to_end (fixture);
  g_assert_cmpuint (fixture->cursors->len, ==, 2);
  g_assert_cmpstr (cursor_of_request (fixture, 1), ==, "after-3");
  g_assert_true (ld_cursor_list_get_loading (fixture->list));
  /* the rows stay shown while it comes */
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_READY);

  answer_page (fixture, 2, NULL, 5);
  ld_test_ui_wait_for (n_items (fixture) == 5);
  g_assert_false (ld_cursor_list_get_has_more (fixture->list));
  g_assert_cmpuint (ld_cursor_list_get_n_pages (fixture->list), ==, 2);

  /* the last page: nothing more to ask */
  scroll_to_end (fixture);
  g_assert_cmpuint (fixture->cursors->len, ==, 2);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  show (fixture);

  answer_page (fixture, 0, NULL, 0);
  ld_test_ui_wait_for (ld_loadable_view_get_state (fixture->view) == LD_LOADABLE_STATE_EMPTY);
  g_assert_cmpuint (n_items (fixture), ==, 0);
}

/* a later page fails: the error is shown with Retry, the rows are kept, scrolling asks
 * nothing more, and Retry asks again for that page */
static void
test_failed_page_then_retry (Fixture       *fixture,
                             gconstpointer  data)
{
  show (fixture);
  answer_page (fixture, 2, "after-2", 4);
  ld_test_ui_wait_for (n_items (fixture) == 2);

  scroll_to_end (fixture);
  answer_error (fixture, "The gateway is down");
  ld_test_ui_wait_for (ld_loadable_view_get_state (fixture->view) == LD_LOADABLE_STATE_ERROR);
  g_assert_cmpstr (ld_loadable_view_get_error_message (fixture->view), ==, "The gateway is down");
  g_assert_nonnull (ld_cursor_list_get_error (fixture->list));
  g_assert_cmpuint (n_items (fixture), ==, 2);

  scroll_to_end (fixture);
  g_assert_cmpuint (fixture->cursors->len, ==, 2);

  /* the Retry button's action */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "loadable.retry", NULL);
  g_assert_cmpuint (fixture->cursors->len, ==, 3);
  g_assert_cmpstr (cursor_of_request (fixture, 2), ==, "after-2");
  g_assert_null (ld_cursor_list_get_error (fixture->list));
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_READY);

  answer_page (fixture, 2, NULL, 4);
  ld_test_ui_wait_for (n_items (fixture) == 4);
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_READY);
}

/* the first page fails: Retry asks for the first page again */
static void
test_failed_first_page_then_retry (Fixture       *fixture,
                                   gconstpointer  data)
{
  show (fixture);

  answer_error (fixture, "No route to the server");
  ld_test_ui_wait_for (ld_loadable_view_get_state (fixture->view) == LD_LOADABLE_STATE_ERROR);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "loadable.retry", NULL);
  g_assert_cmpuint (fixture->cursors->len, ==, 2);
  g_assert_cmpstr (cursor_of_request (fixture, 1), ==, "");
  g_assert_cmpint (ld_loadable_view_get_state (fixture->view), ==, LD_LOADABLE_STATE_LOADING);

  answer_page (fixture, 1, NULL, 1);
  ld_test_ui_wait_for (ld_loadable_view_get_state (fixture->view) == LD_LOADABLE_STATE_READY);
  g_assert_cmpuint (n_items (fixture), ==, 1);
}

/* a reload while a page is on its way: that page never lands among the new rows, whether
 * it comes before or after the new first page */
static void
test_reload_drops_the_earlier_answer (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(LdCall) first = NULL;

  show (fixture);
  answer_page (fixture, 2, "after-2", 10);
  ld_test_ui_wait_for (n_items (fixture) == 2);

  scroll_to_end (fixture);                    /* request 1: the second page */
  ld_loadable_view_invalidate (fixture->view); /* request 2: the first page again */
  g_assert_cmpuint (fixture->cursors->len, ==, 3);
  g_assert_cmpstr (cursor_of_request (fixture, 2), ==, "");
  g_assert_cmpuint (n_items (fixture), ==, 0);

  answer_page (fixture, 4, "stale", 10);      /* the second page of before */
  answer_page (fixture, 1, NULL, 1);          /* the new first page */
  ld_test_ui_wait_for (ld_cursor_list_get_n_pages (fixture->list) == 1);
  g_assert_cmpuint (n_items (fixture), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  g_assert_cmpint (ld_call_get_id (first), ==, 7);   /* 2 + 4 stale ones before it */
  g_assert_false (ld_cursor_list_get_has_more (fixture->list));

  /* and after the new page: an old answer is dropped all the same */
  ld_loadable_view_invalidate (fixture->view);
  ld_cursor_list_reload (fixture->list);
  g_assert_cmpuint (fixture->pending->len, ==, 2);
  g_ptr_array_add (fixture->pending, g_ptr_array_steal_index (fixture->pending, 0));  /* newest first */
  answer_page (fixture, 3, NULL, 3);
  answer_page (fixture, 5, NULL, 5);
  ld_test_ui_wait_for (fixture->pending->len == 0 && !ld_cursor_list_get_loading (fixture->list));
  g_assert_cmpuint (n_items (fixture), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();

  g_test_add ("/app/cursor-list/pages-grow-as-scrolled", Fixture, NULL,
              fixture_set_up, test_pages_grow_as_scrolled, fixture_tear_down);
  g_test_add ("/app/cursor-list/empty", Fixture, NULL,
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/app/cursor-list/failed-page-kept-rows-then-retry", Fixture, NULL,
              fixture_set_up, test_failed_page_then_retry, fixture_tear_down);
  g_test_add ("/app/cursor-list/failed-first-page-then-retry", Fixture, NULL,
              fixture_set_up, test_failed_first_page_then_retry, fixture_tear_down);
  g_test_add ("/app/cursor-list/reload-drops-the-earlier-answer", Fixture, NULL,
              fixture_set_up, test_reload_drops_the_earlier_answer, fixture_tear_down);

  return g_test_run ();
}

/* profile-open.c — the in-process driver of bench/profile-open.sh
 *
 *   bench-profile-open SERVER_URL MEMBER_ID [PAGES]
 *
 * Logs in as the demo agent, opens MEMBER_ID's profile in a window as the app does
 * (LdMemberPage, the real widgets and requests), waits until the profile is shown, then
 * measures the time from switching to the Purchases tab to the first frame painted with
 * its first rows (and on the way, to the tab ready with its first page and to its rows
 * mapped; and after it, to the next frame painted, and to the tab settled: nothing
 * loading any more and a frame painted after that), scrolls the list to its end PAGES times (default 5), each time waiting
 * for the page that scroll fetched, and reads the process's resident memory; then scrolls
 * back to the top, waits for the pages fetched again, and reads it once more. Prints one
 * line of JSON on stdout. One process per measurement, so every figure starts from the
 * same empty process.
 *
 * Built only when asked: `ninja -C BUILD tests/app/bench-profile-open`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-bench"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "ld-loadable-view.h"
#include "ld-member-page.h"
#include "ld-member-purchases-tab.h"
#include "ld-paged-list-model.h"

#include "ld-bench-driver.h"

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean shows_rows (GtkWidget *column_view);

/* the first frame painted with rows in the column view: when it was */
typedef struct
{
  GtkWidget *column_view;
  gint64     at;
} FirstPaint;

static void
first_paint_cb (GdkFrameClock *clock,
                FirstPaint    *first)
{
  if (first->at == 0 && shows_rows (first->column_view))
    first->at = g_get_monotonic_time ();
}

/* the kB after @key in /proc/self/status ("VmRSS:", "VmHWM:") */
static gint64
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      !(line = strstr (text, key)))
    return -1;

  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("no template child “%s”", name);

  return GTK_WIDGET (child);
}

/* whether the column view shows a row: a mapped widget with a size below its row list */
static gboolean
shows_rows (GtkWidget *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (column_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* the header is the first child; the list view holding the rows the next */
      if (GTK_IS_LIST_VIEW (child) || g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkColumnListView"))
        {
          GtkWidget *row = gtk_widget_get_first_child (child);

          return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0;
        }
    }

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  LdMemberPage *page;
  GtkWidget *purchases_tab;
  GtkWidget *column_view;
  GtkScrolledWindow *scroller;
  LdLoadableView *page_view;
  LdLoadableView *view;
  LdPagedListModel *model;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  gint64 member_id;
  gint64 started, ready, rows, shown, next_frame, settled;
  FirstPaint first_paint = { NULL, 0 };
  gulong first_handler;
  gint64 rss_profile, rss_first, rss_scrolled, rss_back, hwm;
  guint live_pages_scrolled, live_items_scrolled, requests_scrolled, rows_scrolled;
  g_autoptr(GString) by_pages = g_string_new (NULL);
  static const guint marks[] = { 5, 10, 20, 40, 100, 200, 500, 1000, 2000 };
  guint pages = 5;
  guint rows_first, requests_first;

  if (argc < 3)
    {
      g_printerr ("usage: %s SERVER_URL MEMBER_ID [PAGES]\n", argv[0]);
      return 2;
    }
  member_id = g_ascii_strtoll (argv[2], NULL, 10);
  if (argc > 3)
    pages = (guint) g_ascii_strtoull (argv[3], NULL, 10);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  client = ld_client_new (argv[1]);
  ld_client_login_async (client, "agent", "demo", NULL, store_result_cb, &result);
  wait_for (result != NULL);
  operator = ld_client_login_finish (client, result, &error);
  if (operator == NULL)
    g_error ("log in: %s", error->message);

  /* the profile, as a tab of the app shows it */
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1180, 720);
  page = LD_MEMBER_PAGE (ld_member_page_new (client, member_id));
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  page_view = LD_LOADABLE_VIEW (template_child (page, LD_TYPE_MEMBER_PAGE, "page_view"));
  wait_for (ld_loadable_view_get_state (page_view) == LD_LOADABLE_STATE_READY ||
            ld_loadable_view_get_state (page_view) == LD_LOADABLE_STATE_ERROR);
  if (ld_loadable_view_get_state (page_view) != LD_LOADABLE_STATE_READY)
    g_error ("the profile did not load: %s", ld_loadable_view_get_error_message (page_view));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (page)));
  rss_profile = status_kb ("VmRSS:");

  purchases_tab = template_child (page, LD_TYPE_MEMBER_PAGE, "purchases_tab");
  view = LD_LOADABLE_VIEW (template_child (purchases_tab, LD_TYPE_MEMBER_PURCHASES_TAB, "view"));
  column_view = template_child (purchases_tab, LD_TYPE_MEMBER_PURCHASES_TAB, "column_view");

  /* open the tab; "shown" is the first frame painted once its rows are on screen */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  first_paint.column_view = column_view;
  first_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), &first_paint);
  started = g_get_monotonic_time ();
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child (page, LD_TYPE_MEMBER_PAGE, "stack")),
                                         "purchases");
  wait_for (ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_READY ||
            ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_ERROR ||
            ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_EMPTY);
  if (ld_loadable_view_get_state (view) != LD_LOADABLE_STATE_READY)
    g_error ("the purchases did not load: %s", ld_loadable_view_get_error_message (view));
  ready = g_get_monotonic_time ();
  wait_for (shows_rows (column_view));
  rows = g_get_monotonic_time ();
  wait_for (first_paint.at != 0);
  g_signal_handler_disconnect (clock, first_handler);
  shown = first_paint.at;
  /* the frame after the one that mapped the rows (what this bench timed before
   * 2026-12-05 as "first rows painted") */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (column_view);
  wait_for (painted);
  g_signal_handler_disconnect (clock, handler);
  next_frame = g_get_monotonic_time ();
  /* settled: whatever the view's first rows asked for is there, and painted */
  wait_for (!ld_paged_list_model_get_loading (ld_loadable_view_get_model (view)));
  painted = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (column_view);
  wait_for (painted);
  g_signal_handler_disconnect (clock, handler);
  settled = g_get_monotonic_time ();

  model = ld_loadable_view_get_model (view);
  rows_first = g_list_model_get_n_items (G_LIST_MODEL (model));
  requests_first = ld_paged_list_model_get_n_requests (model);
  rss_first = status_kb ("VmRSS:");

  /* scroll to the end of what is loaded, PAGES times, as an agent paging on does */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW));
  for (guint i = 0; i < pages && ld_paged_list_model_get_has_more (model); i++)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
      wait_for (g_list_model_get_n_items (G_LIST_MODEL (model)) > n &&
                !ld_paged_list_model_get_loading (model));
      /* let the rows come into view and be drawn */
      painted = FALSE;
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
      gtk_widget_queue_draw (column_view);
      wait_for (painted);
      g_signal_handler_disconnect (clock, handler);

      /* the memory on the way */
      for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
        if (marks[m] == i + 1)
          g_string_append_printf (by_pages, "%s\"%u\": %" G_GINT64_FORMAT,
                                  by_pages->len > 0 ? ", " : "", marks[m], status_kb ("VmRSS:"));
    }
  rss_scrolled = status_kb ("VmRSS:");
  live_pages_scrolled = ld_paged_list_model_get_n_live_pages (model);
  live_items_scrolled = ld_paged_list_model_get_n_live_items (model);
  requests_scrolled = ld_paged_list_model_get_n_requests (model);
  rows_scrolled = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* and back to the top: the pages dropped on the way come again */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  painted = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (column_view);
  wait_for (painted);
  g_signal_handler_disconnect (clock, handler);
  wait_for (!ld_paged_list_model_get_loading (model));
  painted = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (column_view);
  wait_for (painted);
  g_signal_handler_disconnect (clock, handler);
  rss_back = status_kb ("VmRSS:");
  hwm = status_kb ("VmHWM:");

  g_print ("{\"member_id\": %" G_GINT64_FORMAT ", \"total\": %" G_GINT64_FORMAT
           ", \"open_ms\": %.1f, \"ready_ms\": %.1f, \"rows_ms\": %.1f, \"next_frame_ms\": %.1f, \"settled_ms\": %.1f, \"rows_first\": %u, \"requests_first\": %u"
           ", \"rows_after_scroll\": %u, \"pages_fetched\": %u, \"live_pages_after_scroll\": %u, \"live_rows_after_scroll\": %u"
           ", \"requests_after_scroll\": %u, \"requests_after_back\": %u"
           ", \"rss_kb_profile\": %" G_GINT64_FORMAT ", \"rss_kb_first_rows\": %" G_GINT64_FORMAT
           ", \"rss_kb_after_scroll\": %" G_GINT64_FORMAT ", \"rss_kb_after_back\": %" G_GINT64_FORMAT
           ", \"hwm_kb\": %" G_GINT64_FORMAT ", \"rss_kb_by_scrolls\": {%s}}\n",
           member_id, ld_paged_list_model_get_total (model),
           (shown - started) / 1000.0, (ready - started) / 1000.0, (rows - started) / 1000.0,
           (next_frame - started) / 1000.0, (settled - started) / 1000.0, rows_first, requests_first,
           rows_scrolled, ld_paged_list_model_get_n_pages (model), live_pages_scrolled, live_items_scrolled,
           requests_scrolled, ld_paged_list_model_get_n_requests (model),
           rss_profile, rss_first, rss_scrolled, rss_back, hwm, by_pages->str);

  gtk_window_destroy (window);

  return EXIT_SUCCESS;
}

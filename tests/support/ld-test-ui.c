/* ld-test-ui.c — what the UI tests share: waiting on the main loop, screenshots */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-test-ui.h"

#include <adwaita.h>
#include <libintl.h>
#include <locale.h>

#include "ld-loadable-view.h"
#include "ld-test-server.h"

gboolean
ld_test_ui_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits until every request @client sent has come back to its caller: answered, failed
 * or cancelled, its callback run ("pending-requests" is 0). */
void
ld_test_ui_wait_for_requests (LdClient *client)
{
  g_return_if_fail (LD_IS_CLIENT (client));

  ld_test_ui_wait_for (ld_client_get_pending_requests (client) == 0);
}

/* Waits until nothing more can happen without a new input: no request of @client
 * (nullable) in flight, and nothing left ready to run on the main loop (the idles
 * the callbacks queued). What a test then sees is the settled state, not a moment. */
void
ld_test_ui_settle (LdClient *client)
{
  gint64 deadline = g_get_monotonic_time () + LD_TEST_UI_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  do
    {
      if (client != NULL)
        ld_test_ui_wait_for_requests (client);

      while (g_main_context_pending (NULL))
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("the main loop never ran out of work to do");
          g_main_context_iteration (NULL, FALSE);
        }
    }
  /* an idle may have sent a request */
  while (client != NULL && ld_client_get_pending_requests (client) > 0);
}

static void
count_paint_cb (GdkFrameClock *clock,
                guint         *n_painted)
{
  (*n_painted)++;
}

/* Waits until @widget (mapped) has been laid out and drawn once more: what a change
 * just made (a scroll, a new size) has reached the screen. */
void
ld_test_ui_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = NULL;
  guint n_painted = 0;
  gulong handler;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  ld_test_ui_wait_for (gtk_widget_get_mapped (widget) && (clock = gtk_widget_get_frame_clock (widget)) != NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &n_painted);
  gtk_widget_queue_resize (widget);
  ld_test_ui_wait_for (n_painted > 0);
  g_signal_handler_disconnect (clock, handler);
}

/* GTK and libadwaita up as every UI test has them, whichever test runs first or alone:
 * no animations, and no blinking cursor (under Xvfb without a window manager, windows
 * come and go without focus events, which a blinking GtkText warns about) */
void
ld_test_ui_init (void)
{
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);
}

/* An application as the program makes it, but with an id of its own on the session bus
 * (APPLICATION_ID.@name<n>, non-unique), registered (so GTK is up) */
LdApplication *
ld_test_ui_app_new (const char *name)
{
  static guint counter;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  LdApplication *app = ld_application_new ();

  id = g_strdup_printf ("%s.%s%u", APPLICATION_ID, name, ++counter);
  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  ld_test_ui_init ();

  return app;
}

/* Destroys @app's windows, waits for the cancelled requests to call back and for the
 * keyring to be done (the application is busy meanwhile), and drops @app: then nothing
 * of ours may hold it (GTK's start-up keeps one reference of its own, which only
 * g_application_run()'s shutdown drops, so a registered application is never finalized
 * here) */
void
ld_test_ui_app_free (LdApplication *app)
{
  g_autoptr(LdClient) client = NULL;
  GList *windows;

  g_return_if_fail (LD_IS_APPLICATION (app));

  if (ld_application_get_client (app) != NULL)
    client = g_object_ref (ld_application_get_client (app));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    gtk_window_destroy (windows->data);

  ld_test_ui_wait_for (!g_application_get_is_busy (G_APPLICATION (app)));
  ld_test_ui_settle (client);
  g_assert_cmpuint (G_OBJECT (app)->ref_count, <=, 2);
  g_object_unref (app);
}

static GskRenderNode *
snapshot_node (GdkPaintable *paintable,
               int           width,
               int           height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Renders @widget once it is mapped and sized into $LD_SCREENSHOT_DIR/@name (PNG);
 * does nothing when LD_SCREENSHOT_DIR is unset. */
void
ld_test_ui_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  const char *dir = g_getenv ("LD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = 0, height = 0;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  if (dir == NULL)
    return;

  ld_test_ui_wait_for (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  ld_test_ui_wait_for_frame (widget);

  /* a widget between two allocations (loaded, busy machine) draws nothing for a frame:
   * take the picture once it draws */
  paintable = gtk_widget_paintable_new (widget);
  ld_test_ui_wait_for ((width = gtk_widget_get_width (widget)) > 0 &&
                       (height = gtk_widget_get_height (widget)) > 0 &&
                       (node = snapshot_node (paintable, width, height)) != NULL);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* the template child @name of @widget (declared by @type), which must exist */
GtkWidget *
ld_test_ui_template_child (gpointer    widget,
                           GType       type,
                           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);

  return GTK_WIDGET (child);
}

/* the widget in @window's selected tab, or NULL without tabs */
GtkWidget *
ld_test_ui_selected_tab_child (LdWindow *window)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (ld_window_get_tab_view (window));

  return page ? adw_tab_page_get_child (page) : NULL;
}

/* the first toplevel window of @type that is shown, or NULL */
GtkWindow *
ld_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

/* Moves the pointer to (@x, @y) and types @keys through the X server with xdotool:
 * @command is "key" (xdotool's key names) or "type" (text). */
void
ld_test_ui_send_keys (int         x,
                      int         y,
                      const char *command,
                      const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *x_text = g_strdup_printf ("%d", x);
  g_autofree char *y_text = g_strdup_printf ("%d", y);
  int wait_status = 0;
  const char *argv[] = { "xdotool", "mousemove", x_text, y_text, command, "--clearmodifiers", keys, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
}

/* Binds the app's catalogue to $LD_TEST_LOCALEDIR when the test runs with it (the
 * *-russian tests, with LANGUAGE=ru); TRUE then, FALSE when it runs in English. Call it
 * before g_test_init(). */
gboolean
ld_test_ui_bind_locale_from_env (void)
{
  const char *localedir = g_getenv ("LD_TEST_LOCALEDIR");

  if (localedir == NULL)
    return FALSE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return TRUE;
}

/* Whether real keys can be sent; skips the test when they cannot. */
gboolean
ld_test_ui_have_xdotool (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    g_test_skip ("xdotool is not installed: real keys cannot be sent");

  return xdotool != NULL;
}

gboolean
ld_test_ui_focus_is_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Presses Tab (a real key, to the window at the screen's corner where every window
 * opens without a window manager) until the focus is in @widget, at most
 * @max_presses times. */
void
ld_test_ui_tab_to (GtkWidget *widget,
                   guint      max_presses)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  for (guint i = 0; !ld_test_ui_focus_is_in (widget); i++)
    {
      GtkWidget *focus = gtk_root_get_focus (root);

      g_assert_cmpuint (i, <, max_presses);
      ld_test_ui_send_keys (120, 120, "key", "Tab");
      ld_test_ui_wait_for (gtk_root_get_focus (root) != focus);
    }
}

/* The first widget of @type below @widget, depth first, or NULL. */
GtkWidget *
ld_test_ui_find_descendant (GtkWidget *widget,
                            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = ld_test_ui_find_descendant (child, type)) != NULL)
        return found;
    }

  return NULL;
}

/* Whether a mapped label under @widget shows exactly @text. */
gboolean
ld_test_ui_shows_label (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (ld_test_ui_shows_label (child, text))
      return TRUE;

  return FALSE;
}

/* The member as the server has it now, read through @client; fails the test on an error. */
LdMember *
ld_test_ui_client_get_member (LdClient *client,
                              gint64    member_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdMember *member;

  ld_client_get_member_async (client, member_id, NULL, ld_test_store_result_cb, &result);
  member = ld_client_get_member_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  return member;
}

/* Puts @member_id's page alone in a new window of @width × @height (*@window), shows it
 * and waits until it is mapped; the page then loads the member from the server. */
LdMemberPage *
ld_test_ui_member_page_open (LdClient   *client,
                             gint64      member_id,
                             int         width,
                             int         height,
                             GtkWindow **window)
{
  LdMemberPage *page;

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, width, height);
  page = LD_MEMBER_PAGE (ld_member_page_new (client, member_id));
  gtk_window_set_child (*window, GTK_WIDGET (page));
  gtk_window_present (*window);

  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (page)));

  return page;
}

/* whether the page shows the member (its header loaded) */
gboolean
ld_test_ui_member_page_ready (LdMemberPage *page)
{
  LdLoadableView *view = LD_LOADABLE_VIEW (ld_test_ui_template_child (page, LD_TYPE_MEMBER_PAGE, "page_view"));

  return ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_READY;
}

LdOperationDialog *
ld_test_ui_find_operation_dialog (void)
{
  return LD_OPERATION_DIALOG (ld_test_ui_find_toplevel (LD_TYPE_OPERATION_DIALOG));
}

void
ld_test_ui_cancel_operation_dialog (LdOperationDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.cancel", NULL);
  ld_test_ui_wait_for (dialog == NULL);
}

GtkWidget *
ld_test_ui_member_page_tab (LdMemberPage *page,
                            const char   *name)
{
  g_autofree char *id = g_strdup_printf ("%s_tab", name);

  return ld_test_ui_template_child (page, LD_TYPE_MEMBER_PAGE, id);
}

gboolean
ld_test_ui_view_settled (LdLoadableView *view)
{
  LdLoadableState state = ld_loadable_view_get_state (view);
  LdPagedListModel *model = ld_loadable_view_get_model (view);
  LdCursorList *list = ld_loadable_view_get_list (view);

  if (model != NULL && ld_paged_list_model_get_loading (model))
    return FALSE;
  if (list != NULL && ld_cursor_list_get_loading (list))
    return FALSE;

  return state == LD_LOADABLE_STATE_READY ||
         state == LD_LOADABLE_STATE_EMPTY ||
         state == LD_LOADABLE_STATE_ERROR;
}

/* Destroys @window and waits until *@page is finalized (NULL) and every request of
 * @client has called back. Closing the page finalizes it at once, requests in flight or
 * not: nothing of it waits for the server. */
void
ld_test_ui_member_page_close (GtkWindow     *window,
                              LdMemberPage **page,
                              LdClient      *client)
{
  g_object_add_weak_pointer (G_OBJECT (*page), (gpointer *) page);
  gtk_window_destroy (window);
  ld_test_ui_wait_for (*page == NULL);
  /* the cancelled requests have called back */
  ld_test_ui_wait_for_requests (client);
}

/* whether the search @page lists @member_id among its results */
gboolean
ld_test_ui_search_results_have (LdSearchPage *page,
                                gint64        member_id)
{
  GListModel *results = ld_search_page_get_results (page);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(LdMember) member = g_list_model_get_item (results, i);

      if (ld_member_get_id (member) == member_id)
        return TRUE;
    }

  return FALSE;
}

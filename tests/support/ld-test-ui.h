/* ld-test-ui.h — what the UI tests share: waiting on the main loop, screenshots
 *
 * Built only with -Dgui=true (ld_test_ui_dep). The UI tests drive the real widgets
 * in-process under Xvfb (tests/app/run-ui-test.sh); they wait for a condition by
 * iterating the default main context, never by sleeping.
 */
#pragma once

#include <gtk/gtk.h>

#include "ld-client.h"
#include "ld-loadable-view.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"
#include "ld-search-page.h"
#include "ld-window.h"

G_BEGIN_DECLS

#define LD_TEST_UI_TIMEOUT_SECONDS 30

gboolean ld_test_ui_tick_cb (gpointer user_data);

/* Iterates the default main context until @condition holds; a 10 ms tick keeps the
 * loop waking up so conditions on the clock are seen. Fails the test (g_error) after
 * LD_TEST_UI_TIMEOUT_SECONDS, naming the condition and the caller's line. */
#define ld_test_ui_wait_for(condition) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + LD_TEST_UI_TIMEOUT_SECONDS * G_USEC_PER_SEC; \
    guint _tick = g_timeout_add (10, ld_test_ui_tick_cb, NULL); \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > _deadline) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #condition); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (_tick); \
  } G_STMT_END

void       ld_test_ui_init               (void);
LdApplication *ld_test_ui_app_new        (const char *name);
void       ld_test_ui_app_free           (LdApplication *app);
void       ld_test_ui_wait_for_requests  (LdClient   *client);
void       ld_test_ui_settle             (LdClient   *client);
void       ld_test_ui_wait_for_frame     (GtkWidget  *widget);
void       ld_test_ui_save_screenshot    (GtkWidget  *widget,
                                          const char *name);
GtkWidget *ld_test_ui_template_child     (gpointer    widget,
                                          GType       type,
                                          const char *name);
GtkWidget *ld_test_ui_selected_tab_child (LdWindow   *window);
GtkWindow *ld_test_ui_find_toplevel      (GType       type);
void       ld_test_ui_send_keys          (int         x,
                                          int         y,
                                          const char *command,
                                          const char *keys);

/* what several UI test files did each for itself */
gboolean   ld_test_ui_bind_locale_from_env (void);
gboolean   ld_test_ui_have_xdotool       (void);
gboolean   ld_test_ui_focus_is_in        (GtkWidget  *widget);
void       ld_test_ui_tab_to             (GtkWidget  *widget,
                                          guint       max_presses);
GtkWidget *ld_test_ui_find_descendant    (GtkWidget  *widget,
                                          GType       type);
gboolean   ld_test_ui_shows_label        (GtkWidget  *widget,
                                          const char *text);
gboolean   ld_test_ui_search_results_have (LdSearchPage *page,
                                           gint64        member_id);
LdMember  *ld_test_ui_client_get_member  (LdClient   *client,
                                          gint64      member_id);

/* the operation dialog on screen, or NULL */
LdOperationDialog *ld_test_ui_find_operation_dialog   (void);
/* Cancel in @dialog (its operation.cancel action), until it is gone */
void               ld_test_ui_cancel_operation_dialog (LdOperationDialog *dialog);

/* a member's page alone in a window, as the profile and card tests open it */
LdMemberPage *ld_test_ui_member_page_open  (LdClient      *client,
                                            gint64         member_id,
                                            int            width,
                                            int            height,
                                            GtkWindow    **window);
gboolean      ld_test_ui_member_page_ready (LdMemberPage  *page);
/* the page's tab @name ("profile", "cards", …): its template child "<name>_tab" */
GtkWidget    *ld_test_ui_member_page_tab   (LdMemberPage  *page,
                                            const char    *name);
/* a view (an LdLoadableView) done loading: ready, empty or failed, no page in flight */
gboolean      ld_test_ui_view_settled      (LdLoadableView *view);
void          ld_test_ui_member_page_close (GtkWindow     *window,
                                            LdMemberPage **page,
                                            LdClient      *client);

G_END_DECLS

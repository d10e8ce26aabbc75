/* test-app.c — the agent app driven in-process under Xvfb against the real server
 *
 * Each test makes an LdApplication as the program does, activates its actions, fills
 * its entries and iterates the main context until the window shows what is expected;
 * what the server stored is read back through its API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "ld-application.h"
#include "ld-call-banner.h"
#include "ld-end-call-dialog.h"
#include "ld-login-window.h"
#include "ld-member-page.h"
#include "ld-open-calls-page.h"
#include "ld-outbox-page.h"
#include "ld-question.h"
#include "ld-search-page.h"
#include "ld-test-proxy.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"
#include "ld-training-dialog.h"
#include "ld-unknown-caller-page.h"
#include "ld-window.h"

#define UNKNOWN_NUMBER "+79990001122"

static LdTestServer *server;
static char *supervisor_token;
static char *admin_token;

/* ---- helpers */

/* every test has an instance of its own, with an object path of its own on the session
 * bus; the D-Bus test makes a unique one with the real id */
static LdApplication *
app_new (void)
{
  return ld_test_ui_app_new ("Test");
}

static void
settings_reset (const char *server_url)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.loyaltydesk.Agent");

  g_settings_set_string (settings, "server-url", server_url);
  g_settings_set_string (settings, "last-login", "");
  g_settings_set_boolean (settings, "remember-me", FALSE);
}

static void
keyring_clear (void)
{
  g_autoptr(LdCredentialStore) store = ld_credential_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ld_credential_store_clear_async (store, ld_test_server_get_url (server), NULL, NULL,
                                   ld_test_store_result_cb, &result);
  ld_credential_store_clear_finish (store, ld_test_await (&result), &error);
  g_assert_no_error (error);
}

static char *
keyring_lookup (const char *login)
{
  g_autoptr(LdCredentialStore) store = ld_credential_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  ld_credential_store_lookup_async (store, ld_test_server_get_url (server), login, NULL,
                                    ld_test_store_result_cb, &result);
  password = ld_credential_store_lookup_finish (store, ld_test_await (&result), NULL, &error);
  g_assert_no_error (error);

  return password;
}

static LdLoginWindow *
wait_for_login_window (LdApplication *app)
{
  ld_test_ui_wait_for (ld_application_get_login_window (app) != NULL &&
                       !ld_login_window_get_busy (LD_LOGIN_WINDOW (ld_application_get_login_window (app))));

  return LD_LOGIN_WINDOW (ld_application_get_login_window (app));
}

/* a first start: the settings point at @server_url, the keyring has no password, and a
 * new application shows its login window */
static LdApplication *
app_new_at_login (const char *server_url)
{
  LdApplication *app;

  settings_reset (server_url);
  keyring_clear ();

  app = app_new ();
  g_application_activate (G_APPLICATION (app));
  wait_for_login_window (app);

  return app;
}

static void
fill_login_window (LdLoginWindow *login_window,
                   const char    *server_url,
                   const char    *login,
                   const char    *password,
                   gboolean       remember)
{
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "server_row")), server_url);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row")), login);
  gtk_editable_set_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "password_row")), password);
  gtk_switch_set_active (GTK_SWITCH (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "remember_switch")), remember);
}

/* submits the filled @login_window of @app and waits for the main window, shown with its
 * configuration */
static LdWindow *
submit_login (LdApplication *app,
              LdLoginWindow *login_window)
{
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);

  ld_test_ui_wait_for (ld_application_get_main_window (app) != NULL &&
                       gtk_widget_get_mapped (GTK_WIDGET (ld_application_get_main_window (app))));
  ld_test_ui_wait_for (ld_window_get_config (LD_WINDOW (ld_application_get_main_window (app))) != NULL);

  return LD_WINDOW (ld_application_get_main_window (app));
}

/* an application logged in as @login through its login window, to the server at @url */
static LdApplication *
app_new_logged_in_at (const char *url,
                      const char *login)
{
  LdApplication *app;
  LdLoginWindow *login_window;

  app = app_new_at_login (url);
  login_window = wait_for_login_window (app);
  fill_login_window (login_window, url, login, LD_TEST_PASSWORD, FALSE);
  submit_login (app, login_window);

  return app;
}

/* an application logged in as @login through its login window */
static LdApplication *
app_new_logged_in (const char *login)
{
  return app_new_logged_in_at (ld_test_server_get_url (server), login);
}

static JsonNode *
server_get (const char *path)
{
  JsonNode *node = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", path, supervisor_token, NULL, NULL, &node);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (node);

  return node;
}

/* ---- login */

static void
test_login_window_and_keyring (void)
{
  LdApplication *app;
  LdLoginWindow *login_window;
  GtkWindow *window;
  AdwWindowTitle *title;
  g_autofree char *password = NULL;

  /* first start: nothing remembered, the login window asks */
  app = app_new_at_login ("http://127.0.0.1:1");
  login_window = wait_for_login_window (app);
  g_assert_null (ld_application_get_main_window (app));

  /* the screenshot shows an address as a deployment has it, not the test's port */
  fill_login_window (login_window, "https://loyalty.example", "agent", LD_TEST_PASSWORD, TRUE);
  ld_test_ui_save_screenshot (GTK_WIDGET (login_window), "login.png");
  fill_login_window (login_window, ld_test_server_get_url (server), "agent", LD_TEST_PASSWORD, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);

  ld_test_ui_wait_for ((window = ld_application_get_main_window (app)) != NULL);
  g_assert_null (ld_application_get_login_window (app));

  /* the operator's name and role are in the header */
  title = ADW_WINDOW_TITLE (ld_test_ui_template_child (window, LD_TYPE_WINDOW, "window_title"));
  g_assert_cmpstr (adw_window_title_get_title (title), ==,
                   ld_operator_get_name (ld_client_get_operator (ld_application_get_client (app))));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Agent");

  /* "Remember me" kept the password in the keyring */
  password = keyring_lookup ("agent");
  g_assert_cmpstr (password, ==, LD_TEST_PASSWORD);
  g_clear_pointer (&password, g_free);
  ld_test_ui_app_free (app);

  /* next start: logs in by itself from libsecret */
  app = app_new ();
  g_application_activate (G_APPLICATION (app));
  ld_test_ui_wait_for (ld_application_get_main_window (app) != NULL);
  g_assert_cmpstr (ld_operator_get_login (ld_client_get_operator (ld_application_get_client (app))), ==, "agent");

  /* "Log out" ends the session and forgets the password; the login stays offered */
  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", NULL);
  ld_test_ui_wait_for (ld_application_get_login_window (app) != NULL);
  g_assert_null (ld_application_get_main_window (app));
  g_assert_null (ld_application_get_client (app));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (ld_application_get_login_window (app),
                                                                                   LD_TYPE_LOGIN_WINDOW, "login_row"))),
                   ==, "agent");
  /* the application is busy until the keyring has forgotten it */
  ld_test_ui_wait_for (!g_application_get_is_busy (G_APPLICATION (app)));
  password = keyring_lookup ("agent");
  g_assert_null (password);

  ld_test_ui_app_free (app);
}

static void
test_login_wrong_password (void)
{
  LdApplication *app;
  LdLoginWindow *login_window;
  const char *error;

  app = app_new_at_login (ld_test_server_get_url (server));
  login_window = wait_for_login_window (app);

  fill_login_window (login_window, ld_test_server_get_url (server), "supervisor", "not-the-password", FALSE);
  /* Enter in the password row submits (the Log In button is the default widget) */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "password_row"))),
                         "activate");
  /* (the default button clicks itself after its pressed look, a moment later) */
  ld_test_ui_wait_for (ld_login_window_get_error (login_window) != NULL && !ld_login_window_get_busy (login_window));

  error = ld_login_window_get_error (login_window);
  g_assert_nonnull (error);
  g_test_message ("wrong password: %s", error);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "error_revealer"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "error_label"))), ==, error);

  /* the typed login stays, the password goes */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row"))), ==, "supervisor");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "password_row"))), ==, "");
  g_assert_null (ld_application_get_main_window (app));
  g_assert_null (ld_application_get_client (app));

  ld_test_ui_app_free (app);
}

/* on a server of its own: the login it locks stays locked there */
static void
test_login_locked (void)
{
  g_autoptr(LdTestServer) own_server = ld_test_server_new (1, NULL);
  const char *url = ld_test_server_get_url (own_server);
  LdApplication *app;
  LdLoginWindow *login_window;
  g_autofree char *first_error = NULL;
  const char *error;

  app = app_new_at_login (url);
  login_window = wait_for_login_window (app);

  /* five failures in a row lock the login; then even the right password is refused */
  for (guint i = 0; i < 5; i++)
    {
      fill_login_window (login_window, url, "agent-limited", "not-the-password", FALSE);
      gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);
      ld_test_ui_wait_for (!ld_login_window_get_busy (login_window));
      if (first_error == NULL)
        first_error = g_strdup (ld_login_window_get_error (login_window));
    }

  fill_login_window (login_window, url, "agent-limited", LD_TEST_PASSWORD, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);
  ld_test_ui_wait_for (!ld_login_window_get_busy (login_window));

  error = ld_login_window_get_error (login_window);
  g_test_message ("locked: %s", error);
  g_assert_nonnull (error);
  g_assert_cmpstr (error, !=, first_error);
  g_assert_null (ld_application_get_main_window (app));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row"))), ==, "agent-limited");

  ld_test_ui_app_free (app);
}

static void
test_login_unreachable (void)
{
  LdApplication *app;
  LdLoginWindow *login_window;
  const char *error;

  app = app_new_at_login ("http://127.0.0.1:1");
  login_window = wait_for_login_window (app);

  fill_login_window (login_window, "http://127.0.0.1:1", "agent", LD_TEST_PASSWORD, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);
  ld_test_ui_wait_for (!ld_login_window_get_busy (login_window));

  error = ld_login_window_get_error (login_window);
  g_assert_nonnull (error);
  g_test_message ("unreachable: %s", error);
  g_assert_nonnull (strstr (error, "reached"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row"))), ==, "agent");

  ld_test_ui_app_free (app);
}

/* ---- search */

static void
search_and_wait (LdSearchPage *page,
                 const char   *text)
{
  GtkWidget *entry = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "loading");
  ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "loading") != 0);
}

static gboolean
results_contain (LdSearchPage *page,
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

static void
assert_search (LdSearchPage *page,
               const char   *text,
               const char   *kind,
               const char   *label_start,
               gint64        member_id)
{
  GtkLabel *kind_label = GTK_LABEL (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "kind_label"));

  search_and_wait (page, text);
  g_test_message ("search “%s”: %s, %s", text, ld_search_page_get_state (page), gtk_label_get_label (kind_label));
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  g_assert_cmpstr (ld_search_page_get_kind (page), ==, kind);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (kind_label), label_start));
  g_assert_true (results_contain (page, member_id));
}

/* whether a label under @widget shows exactly @text */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

/* points as an agent reads them, written here without the app's formatter: the
 * separators of the agent's language (English "1,234.56", Russian "1 234,56") */
static char *
expected_points (gint64 hundredths)
{
  g_autofree char *units = g_strdup_printf ("%" G_GINT64_FORMAT, hundredths / 100);
  GString *text = g_string_new (NULL);
  gsize len = strlen (units);

  g_assert_cmpint (hundredths, >=, 0);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, g_dpgettext2 (GETTEXT_PACKAGE, "digit group separator", ","));
      g_string_append_c (text, units[i]);
    }
  g_string_append_printf (text, "%s%02d", g_dpgettext2 (GETTEXT_PACKAGE, "decimal separator", "."),
                          (int) (hundredths % 100));

  return g_string_free (text, FALSE);
}

/* "System: Level" with the labels the configuration gives the member's first status */
static char *
expected_status (JsonNode   *config,
                 const char *system,
                 const char *level)
{
  JsonArray *systems = json_object_get_array_member (json_node_get_object (config), "status_systems");

  for (guint i = 0; i < json_array_get_length (systems); i++)
    {
      JsonObject *object = json_array_get_object_element (systems, i);
      JsonArray *levels;

      if (g_strcmp0 (json_object_get_string_member (object, "key"), system) != 0)
        continue;
      levels = json_object_get_array_member (object, "levels");
      for (guint j = 0; j < json_array_get_length (levels); j++)
        {
          JsonObject *entry = json_array_get_object_element (levels, j);

          if (g_strcmp0 (json_object_get_string_member (entry, "key"), level) == 0)
            return g_strdup_printf ("%s: %s", json_object_get_string_member (object, "label"),
                                    json_object_get_string_member (entry, "label"));
        }
    }

  g_assert_not_reached ();
}

static void
test_search_by_each_kind (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/2");
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdSearchPage *page = ld_window_get_search_page (window);
  AdwTabView *tab_view = ld_window_get_tab_view (window);
  GtkWidget *column_view;
  GtkWidget *member_page;
  const char *last_name;

  g_assert_cmpstr (ld_search_page_get_state (page), ==, "empty");

  /* the answer drop-down: "Any field", then the application form's questions in its
   * order; one chosen with a member's answer finds the member */
  {
    g_autoptr(JsonNode) config = server_get ("/api/v1/config");
    JsonArray *form = json_object_get_array_member (json_node_get_object (config), "application_form");
    GtkDropDown *fields = GTK_DROP_DOWN (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "answer_field_dropdown"));
    GtkWidget *value_entry = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "answer_value_entry");
    GListModel *labels;
    guint chosen = 0;
    const char *answer = NULL;

    ld_test_ui_wait_for (g_list_model_get_n_items (gtk_drop_down_get_model (fields)) > 1);
    labels = gtk_drop_down_get_model (fields);
    g_assert_cmpuint (g_list_model_get_n_items (labels), ==, json_array_get_length (form) + 1);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "Any field");
    for (guint i = 0; i < json_array_get_length (form); i++)
      {
        JsonObject *field = json_array_get_object_element (form, i);
        const char *key = json_object_get_string_member (field, "key");
        const char *type = json_object_get_string_member_with_default (field, "type", "text");
        g_autofree char *path = g_strconcat ("answers.", key, NULL);
        JsonNode *node = ld_test_json_path (member, path);

        g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i + 1), ==,
                         json_object_get_string_member_with_default (field, "label", key));
        if (chosen == 0 && g_strcmp0 (type, "text") == 0 &&
            node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          {
            chosen = i + 1;
            answer = json_node_get_string (node);
          }
      }
    g_assert_cmpuint (chosen, >, 0);
    g_test_message ("search by answer %u: “%s”", chosen, answer);
    gtk_drop_down_set_selected (fields, chosen);
    gtk_editable_set_text (GTK_EDITABLE (value_entry), answer);
    g_signal_emit_by_name (value_entry, "activate");
    ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "loading") != 0);
    g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
    g_assert_true (results_contain (page, 2));
    gtk_drop_down_set_selected (fields, 0);
    gtk_editable_set_text (GTK_EDITABLE (value_entry), "");
  }

  assert_search (page, ld_test_json_string (member, "phone"), "phone", "By phone number", 2);

  /* the row writes the balance and the status as the profile does: points with a
   * decimal comma, the configuration's labels of status system and level */
  {
    g_autoptr(JsonNode) config = server_get ("/api/v1/config");
    GtkWidget *results = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "column_view");
    g_autofree char *balance = expected_points (ld_test_json_int (member, "account.balance"));
    JsonArray *statuses = json_object_get_array_member (json_node_get_object (member), "statuses");
    JsonObject *first;
    g_autofree char *status = NULL;
    g_autofree char *raw = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (member, "account.balance"));

    g_assert_cmpuint (json_array_get_length (statuses), ==, 1);
    first = json_array_get_object_element (statuses, 0);
    status = expected_status (config, json_object_get_string_member (first, "system"),
                              json_object_get_string_member (first, "level"));
    g_test_message ("search row: balance “%s”, status “%s”", balance, status);
    ld_test_ui_wait_for (shows_label (results, balance));
    ld_test_ui_wait_for (shows_label (results, status));
    g_assert_false (shows_label (results, raw));
    g_assert_false (shows_label (results, json_object_get_string_member (first, "level")));
  }

  assert_search (page, ld_test_json_string (member, "main_card.number"), "card", "By card number", 2);
  assert_search (page, ld_test_json_string (member, "email"), "email", "By e-mail", 2);

  last_name = ld_test_json_string (member, "last_name");
  assert_search (page, last_name, "name", "By name", 2);

  /* several members for the screenshot: last names starting with К */
  search_and_wait (page, "К");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  g_assert_cmpstr (ld_search_page_get_kind (page), ==, "name");
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "search.png");

  /* more members come as the list is scrolled to its end */
  g_object_set (page, "page-size", 2, NULL);
  search_and_wait (page, "К");
  g_assert_cmpuint (g_list_model_get_n_items (ld_search_page_get_results (page)), ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "kind_label"))), ": 5 members"));
  for (guint expected = 4; expected <= 5; expected++)
    {
      g_signal_emit_by_name (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "scroller"), "edge-reached", GTK_POS_BOTTOM);
      ld_test_ui_wait_for (g_list_model_get_n_items (ld_search_page_get_results (page)) == expected);
    }
  g_assert_cmpuint (g_list_model_get_n_items (ld_search_page_get_results (page)), ==, 5);
  g_object_set (page, "page-size", 50, NULL);

  /* nothing found is said so */
  search_and_wait (page, "Zzyzxqwv");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "none");

  /* Enter (activate) on a result opens the member in a tab of its own, once */
  search_and_wait (page, ld_test_json_string (member, "phone"));
  column_view = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "column_view");
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  g_signal_emit_by_name (column_view, "activate", 0);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);
  g_assert_true (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)));
  g_assert_cmpint (ld_member_page_get_member_id (LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (window))), ==, 2);
  adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_page (tab_view, GTK_WIDGET (page)));
  g_signal_emit_by_name (column_view, "activate", 0);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);

  /* closing the tab destroys its page (and so cancels its requests); the search tab
   * cannot be closed */
  member_page = ld_test_ui_selected_tab_child (window);
  g_object_add_weak_pointer (G_OBJECT (member_page), (gpointer *)&member_page);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  ld_test_ui_wait_for (adw_tab_view_get_n_pages (tab_view) == 1);
  ld_test_ui_wait_for (member_page == NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);

  /* Ctrl+F's action focuses the search box */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-search", NULL);
  g_assert_true (gtk_widget_has_focus (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry")) ||
                 gtk_root_get_focus (GTK_ROOT (window)) == ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry"));

  ld_test_ui_app_free (app);
}

/* ---- calls */

/* the End Call dialog shown, or NULL */
static GtkWindow *
find_end_call_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_OPERATION_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          ld_end_call_dialog_get_call (LD_OPERATION_DIALOG (window)) != NULL)
        return GTK_WINDOW (window);
    }

  return NULL;
}

/* the End Call dialog, once it is shown */
static LdOperationDialog *
wait_for_end_call_dialog (void)
{
  ld_test_ui_wait_for (find_end_call_dialog () != NULL &&
                       gtk_widget_get_mapped (GTK_WIDGET (find_end_call_dialog ())));

  return LD_OPERATION_DIALOG (find_end_call_dialog ());
}

/* whether the dialog offers to close without ending the call now */
static gboolean
offers_leaving (LdOperationDialog *dialog)
{
  return gtk_widget_get_visible (ld_test_ui_template_child (dialog, LD_TYPE_OPERATION_DIALOG, "abandon_button"));
}

/* presses End Call (or Try Again), as the agent does */
static void
submit (LdOperationDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "operation.submit", NULL);
}

/* the End Call dialog, once it is shown, and that it asks about the call @call_id */
static LdOperationDialog *
wait_for_end_call_dialog_of (gint64 call_id)
{
  LdOperationDialog *dialog = wait_for_end_call_dialog ();

  g_assert_cmpint (ld_call_get_id (ld_end_call_dialog_get_call (dialog)), ==, call_id);
  return dialog;
}

/* the call from @phone on the banner, and the profile of its member @member_id in front */
static void
wait_for_pop (LdWindow   *window,
              const char *phone,
              gint64      member_id)
{
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  g_assert_cmpstr (ld_call_get_phone (ld_window_get_call (window)), ==, phone);
  ld_test_ui_wait_for (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)));
  g_assert_cmpint (ld_member_page_get_member_id (LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (window))), ==, member_id);
}

static void
test_call_known_number (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/3");
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdCallBanner *banner = ld_window_get_call_banner (window);
  AdwTabView *tab_view = ld_window_get_tab_view (window);
  GtkWidget *child;
  LdCall *call;

  g_assert_null (ld_window_get_call (window));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "revealer"))));

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL && adw_tab_view_get_n_pages (tab_view) == 2);

  call = ld_window_get_call (window);
  g_assert_cmpstr (ld_call_get_phone (call), ==, ld_test_json_string (member, "phone"));
  g_assert_nonnull (ld_call_get_member (call));
  g_assert_cmpint (ld_member_get_id (ld_call_get_member (call)), ==, 3);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "revealer"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "caller_label"))),
                            ld_test_json_string (member, "phone")));

  /* the member's tab is the one shown */
  child = ld_test_ui_selected_tab_child (window);
  g_assert_nonnull (child);
  g_assert_true (LD_IS_MEMBER_PAGE (child));
  g_assert_cmpint (ld_member_page_get_member_id (LD_MEMBER_PAGE (child)), ==, 3);

  /* the timer runs */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "timer_label"))), ==, "00:00");
  ld_test_ui_wait_for (g_strcmp0 (gtk_label_get_label (GTK_LABEL (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "timer_label"))), "00:00") != 0);
  g_assert_cmpuint (ld_call_banner_get_elapsed (banner), >=, 1);

  ld_test_ui_app_free (app);
}

static void
test_call_before_login (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/8");
  LdApplication *app;
  LdLoginWindow *login_window;
  LdWindow *window;

  settings_reset (ld_test_server_get_url (server));
  keyring_clear ();

  /* the phone rings before anyone logged in: the login window comes up ... */
  app = app_new ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (member, "phone")));
  login_window = wait_for_login_window (app);
  g_assert_null (ld_application_get_main_window (app));

  /* ... and the call pops right after the login */
  fill_login_window (login_window, ld_test_server_get_url (server), "agent", LD_TEST_PASSWORD, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);
  ld_test_ui_wait_for (ld_application_get_main_window (app) != NULL);
  window = LD_WINDOW (ld_application_get_main_window (app));
  wait_for_pop (window, ld_test_json_string (member, "phone"), 8);

  ld_test_ui_app_free (app);
}

static void
test_call_unknown_number (void)
{
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  GtkWidget *child;
  GtkWidget *button;

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (UNKNOWN_NUMBER));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  ld_test_ui_wait_for (LD_IS_UNKNOWN_CALLER_PAGE (ld_test_ui_selected_tab_child (window)));

  child = ld_test_ui_selected_tab_child (window);
  g_assert_null (ld_call_get_member (ld_window_get_call (window)));
  g_assert_cmpstr (ld_unknown_caller_page_get_phone (LD_UNKNOWN_CALLER_PAGE (child)), ==, UNKNOWN_NUMBER);

  /* Register opens the registration wizard (tests/app/registration/ drives it) */
  button = ld_unknown_caller_page_get_register_button (LD_UNKNOWN_CALLER_PAGE (child));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.register-call");

  ld_test_ui_app_free (app);
}

static void
test_call_end_with_reason (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/4");
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *path = NULL;
  g_autofree char *agent_token = NULL;
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOperationDialog *dialog;
  g_autofree char *reason = NULL;
  g_autofree char *body = NULL;
  gint64 call_id;
  guint status;

  g_assert_false (gtk_widget_is_sensitive (ld_call_banner_get_end_button (ld_window_get_call_banner (window))));

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  call_id = ld_call_get_id (ld_window_get_call (window));
  g_assert_true (gtk_widget_is_sensitive (ld_call_banner_get_end_button (ld_window_get_call_banner (window))));

  /* "End Call" asks for a reason from the configuration */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();
  reason = g_strdup (ld_operation_dialog_get_reason (dialog));
  g_test_message ("end reason: %s", reason);
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason, !=, "other");  /* the configuration has reasons */
  submit (dialog);

  ld_test_ui_wait_for (ld_window_get_last_message (window) != NULL);
  g_assert_cmpstr (ld_window_get_last_message (window), ==, "Call ended");
  g_assert_null (ld_window_get_call (window));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (ld_window_get_call_banner (window),
                                                                                           LD_TYPE_CALL_BANNER, "revealer"))));

  /* the server holds the call as ended: ending it again is refused */
  agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/end", call_id);
  body = g_strdup_printf ("{\"reason\":\"%s\",\"close_ticket\":false}", reason);
  status = ld_test_server_request (server, "POST", path, agent_token, body, NULL, &again);
  g_test_message ("ending again: %u", status);
  g_assert_cmpuint (status, ==, 409);
  ld_test_assert_error (again, "call_already_ended", NULL);

  ld_test_ui_app_free (app);
}

/* the button of an AdwMessageDialog response, as the agent clicks it */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* whether @child lies wholly inside @window as it is allocated now (a window that grew
 * for new content is resized a moment later, by the X server's round trip) */
static gboolean
fits_in (GtkWidget *child,
         GtkWidget *window)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (child, window, &bounds) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window) &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window);
}

/* waits until @child fits in @window. Under load, GTK 4.8 on X11 can take the size of an
 * older ConfigureNotify as the window's after two resizes crossed, and then sees no reason
 * to ask again: each second without a fit queues a new size request, as the next change of
 * content would. The wait still fails if the content never fits. */
static void
wait_to_fit (GtkWidget *child,
             GtkWindow *window)
{
  gint64 next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC;

  ld_test_ui_wait_for (fits_in (child, GTK_WIDGET (window)) ||
                       (g_get_monotonic_time () > next_nudge &&
                        (gtk_widget_queue_resize (GTK_WIDGET (window)),
                         next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC,
                         FALSE)));
}

/* PUT /config with reasons.call_end without @reason (or back as @original was) */
static void
config_put (const char *body)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = ld_test_server_request (server, "PUT", "/api/v1/config", admin_token, body, NULL, &answer);
  g_test_message ("PUT /config: %u", status);
  g_assert_cmpuint (status, ==, 200);
}

static char *
config_without_end_reason (JsonNode   *config,
                           const char *reason)
{
  g_autoptr(JsonNode) copy = json_node_copy (config);
  JsonObject *reasons = json_object_get_object_member (json_node_get_object (copy), "reasons");
  JsonArray *call_end = json_object_get_array_member (reasons, "call_end");
  g_autoptr(JsonArray) kept = json_array_new ();

  for (guint i = 0; i < json_array_get_length (call_end); i++)
    {
      JsonNode *node = json_array_get_element (call_end, i);

      if (g_strcmp0 (json_object_get_string_member (json_node_get_object (node), "key"), reason) != 0)
        json_array_add_element (kept, json_node_copy (node));
    }
  g_assert_cmpuint (json_array_get_length (kept), ==, json_array_get_length (call_end) - 1);
  json_object_set_array_member (reasons, "call_end", json_array_ref (kept));

  return json_to_string (copy, FALSE);
}

/* a refused end keeps the dialog, its reason and the server's words; the next submit
 * (with a key of its own) ends the call; the key went with it */
static void
test_call_end_refused_keeps_dialog (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/10");
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) replay = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(LdOperationDialog) kept = NULL;
  g_autofree char *original = NULL;
  g_autofree char *narrowed = NULL;
  g_autofree char *first_key = NULL;
  g_autofree char *path = NULL;
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  const char *token = ld_client_get_token (ld_application_get_client (app));
  LdOperationDialog *dialog;
  GtkWidget *error_label;
  const char *body = "{\"reason\":\"callback\",\"close_ticket\":false}";
  gint64 call_id;
  guint status;

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  call_id = ld_call_get_id (ld_window_get_call (window));

  /* Cancel closes the dialog and leaves the call on */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  g_assert_nonnull (ld_window_get_call (window));

  /* and so does Escape (the window's close) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  gtk_window_close (GTK_WINDOW (wait_for_end_call_dialog ()));
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  g_assert_nonnull (ld_window_get_call (window));

  /* meanwhile a supervisor took "callback" off the list the app has loaded */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();
  ld_reason_picker_set_reason (ld_operation_dialog_get_reason_picker (dialog), "callback");
  g_assert_cmpstr (ld_operation_dialog_get_reason (dialog), ==, "callback");

  status = ld_test_server_request (server, "GET", "/api/v1/config", admin_token, NULL, NULL, &config);
  g_assert_cmpuint (status, ==, 200);
  original = json_to_string (config, FALSE);
  narrowed = config_without_end_reason (config, "callback");
  config_put (narrowed);

  /* End Call: refused; the dialog stays with the server's words and the reason chosen */
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  g_assert_true (ld_operation_dialog_get_busy (dialog));
  g_assert_false (ld_operation_dialog_get_can_submit (dialog));
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_test_message ("refused: %s", ld_operation_dialog_get_error (dialog));
  g_assert_true (find_end_call_dialog () == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (ld_operation_dialog_get_error (dialog), ==,
                   "Choose the reason the call ended from the configured list.");
  error_label = ld_test_ui_template_child (dialog, LD_TYPE_OPERATION_DIALOG, "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, ld_operation_dialog_get_error (dialog));
  g_assert_cmpstr (ld_operation_dialog_get_reason (dialog), ==, "callback");
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  g_assert_null (ld_window_get_last_message (window));   /* no toast */
  g_assert_nonnull (ld_window_get_call (window));
  first_key = g_strdup (ld_operation_dialog_get_idempotency_key (dialog));
  g_assert_nonnull (first_key);
  wait_to_fit (find_button (GTK_WIDGET (dialog), "_End Call"), GTK_WINDOW (dialog));
  ld_test_ui_save_screenshot (GTK_WIDGET (dialog), "end-call-refused.png");

  /* the reason is back on the list: the same dialog, pressed again, ends the call
   * (with the refusal's key the server would answer the refusal again) */
  config_put (original);
  kept = g_object_ref (dialog);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  g_assert_cmpstr (ld_window_get_last_message (window), ==, "Call ended");
  g_assert_null (ld_window_get_call (window));
  g_assert_nonnull (ld_operation_dialog_get_idempotency_key (kept));
  g_assert_cmpstr (ld_operation_dialog_get_idempotency_key (kept), !=, first_key);

  /* the key went with the request: repeated, it answers the first answer; without
   * it, ending again is refused */
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/end", call_id);
  status = ld_test_server_request (server, "POST", path, token, body,
                                   (const char * const[]) { "Idempotency-Key", ld_operation_dialog_get_idempotency_key (kept), NULL },
                                   &replay);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ld_test_json_string (replay, "end_reason"), ==, "callback");
  status = ld_test_server_request (server, "POST", path, token, body, NULL, &again);
  g_assert_cmpuint (status, ==, 409);

  /* (a destroyed dialog must go before the window it was transient for) */
  g_clear_object (&kept);
  ld_test_ui_app_free (app);
}

/* a stand-in server for POST /calls/7/end: answers each attempt as told, keeps the keys */
typedef struct
{
  GPtrArray *keys;
  guint      n;
} EndStandIn;

static void
end_stand_in_cb (SoupServer        *soup_server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  EndStandIn *stand_in = user_data;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");

  g_ptr_array_add (stand_in->keys, g_strdup (key));
  switch (stand_in->n++)
    {
    case 0:   /* refused: the server's answer, kept under its key */
      soup_server_message_set_status (msg, 422, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":{\"code\":\"invalid_field\",\"message\":\"Not now.\","
                                        "\"details\":{\"field\":\"reason\"}}}", strlen ("{\"error\":{\"code\":\"invalid_field\",\"message\":\"Not now.\","
                                        "\"details\":{\"field\":\"reason\"}}}"));
      break;
    case 1:   /* a proxy's page: whether the server ended the call is not known */
      soup_server_message_set_status (msg, 502, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<h1>502 Bad Gateway</h1>", strlen ("<h1>502 Bad Gateway</h1>"));
      break;
    default:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"other\","
                                        "\"ended_at\":\"2026-11-23T19:00:00Z\"}",
                                        strlen ("{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"other\","
                                                "\"ended_at\":\"2026-11-23T19:00:00Z\"}"));
      break;
    }
}

static void
end_stand_in_ended_cb (LdOperationDialog *dialog,
                       GObject           *call,
                       gboolean          *ended)
{
  g_assert_cmpint (ld_call_get_id (LD_CALL (call)), ==, 7);
  *ended = TRUE;
}

/* after a refusal the next submit has a key of its own; after an unknown outcome the
 * same submit goes again under the same key */
static void
test_call_end_key_kept_only_when_outcome_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdClient) client = NULL;
  g_autofree char *url = NULL;
  EndStandIn stand_in = { g_ptr_array_new_with_free_func (g_free), 0 };
  GtkWindow *parent;
  LdOperationDialog *dialog;
  gboolean ended = FALSE;
  GSList *uris;


  soup_server_add_handler (soup_server, "/api/v1/calls/7/end", end_stand_in_cb, &stand_in, NULL);
  soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup_server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  client = ld_client_new (url);

  json_parser_load_from_data (parser, "{\"id\":7,\"phone\":\"+79990001122\"}", -1, &error);
  g_assert_no_error (error);
  call = ld_call_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);

  parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (parent);
  dialog = ld_end_call_dialog_new (parent, client, call, NULL);
  g_signal_connect (dialog, "done", G_CALLBACK (end_stand_in_ended_cb), &ended);
  gtk_window_present (GTK_WINDOW (dialog));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  /* refused: said in the dialog */
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_assert_cmpstr (ld_operation_dialog_get_error (dialog), ==, "Not now.");

  /* pressed again: a new key; the answer is lost on the way */
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_test_message ("unknown outcome: %s", ld_operation_dialog_get_error (dialog));
  g_assert_nonnull (ld_operation_dialog_get_error (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* Try Again: the same request under the same key, which the server would replay */
  g_assert_true (ld_operation_dialog_get_outcome_unknown (dialog));
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Try Again"), "clicked");
  ld_test_ui_wait_for (ended);

  g_assert_cmpuint (stand_in.keys->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (g_ptr_array_index (stand_in.keys, i));
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), !=, g_ptr_array_index (stand_in.keys, 0));
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 2), ==, g_ptr_array_index (stand_in.keys, 1));

  gtk_window_destroy (parent);
  ld_test_ui_settle (client);
  g_ptr_array_unref (stand_in.keys);
}

static void
test_training_call (void)
{
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdTrainingDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "training-call", NULL);
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (LD_TYPE_TRAINING_DIALOG) != NULL);
  dialog = LD_TRAINING_DIALOG (ld_test_ui_find_toplevel (LD_TYPE_TRAINING_DIALOG));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "call"));
  ld_training_dialog_set_number (dialog, "8 (999) 000-11-22");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "call"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "call");

  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  g_assert_cmpstr (ld_call_get_phone (ld_window_get_call (window)), ==, UNKNOWN_NUMBER);
  ld_test_ui_wait_for (LD_IS_UNKNOWN_CALLER_PAGE (ld_test_ui_selected_tab_child (window)));

  ld_test_ui_app_free (app);
}

/* the running instance takes `loyalty-desk --call N` and `loyalty-desk tel:N` over D-Bus */

static void
subprocess_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

/* waits while the main loop runs (the running instance must answer the remote one);
 * g_subprocess_get_if_exited() may only be asked once the process is gone */
static void
wait_for_exit (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_wait_async (process, NULL, subprocess_exited_cb, &exited);
  ld_test_ui_wait_for (exited);
}

static void
test_call_from_command_line (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/5");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) remote = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(JsonNode) other = server_get ("/api/v1/members/9");
  g_autofree char *object_path = NULL;
  g_autofree char *parameter = NULL;
  g_autofree char *uri = NULL;
  const char *binary = g_getenv ("LD_APP_BINARY");
  LdApplication *app;
  LdWindow *window;

  if (binary == NULL)
    {
      g_test_skip ("LD_APP_BINARY is not set");
      return;
    }

  settings_reset (ld_test_server_get_url (server));
  keyring_clear ();

  /* a unique instance on the session bus, as the program is */
  app = ld_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  wait_for_login_window (app);

  /* `loyalty-desk --server URL --login LOGIN`, the password in the environment, logs
   * the running instance in */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "LOYALTY_DESK_PASSWORD", LD_TEST_PASSWORD, TRUE);
  remote = g_subprocess_launcher_spawn (launcher, &error, binary,
                                        "--server", ld_test_server_get_url (server),
                                        "--login", "agent", NULL);
  g_assert_no_error (error);
  ld_test_ui_wait_for (ld_application_get_main_window (app) != NULL);
  window = LD_WINDOW (ld_application_get_main_window (app));
  g_assert_cmpstr (ld_operator_get_login (ld_client_get_operator (ld_application_get_client (app))), ==, "agent");
  wait_for_exit (remote);
  g_assert_true (g_subprocess_get_successful (remote));
  g_clear_object (&remote);

  remote = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             binary, "--call", ld_test_json_string (member, "phone"), NULL);
  g_assert_no_error (error);
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  g_assert_cmpstr (ld_call_get_phone (ld_window_get_call (window)), ==, ld_test_json_string (member, "phone"));
  wait_for_exit (remote);
  g_assert_true (g_subprocess_get_successful (remote));
  g_clear_object (&remote);

  uri = g_strdup_printf ("tel:%s", UNKNOWN_NUMBER);
  remote = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, binary, uri, NULL);
  g_assert_no_error (error);
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL &&
                       g_strcmp0 (ld_call_get_phone (ld_window_get_call (window)), UNKNOWN_NUMBER) == 0);
  ld_test_ui_wait_for (LD_IS_UNKNOWN_CALLER_PAGE (ld_test_ui_selected_tab_child (window)));
  wait_for_exit (remote);
  g_assert_true (g_subprocess_get_successful (remote));
  g_clear_object (&remote);

  /* a telephony system activates app.incoming-call over D-Bus (org.gtk.Actions) */
  object_path = g_strdup_printf ("/%s", APPLICATION_ID);
  g_strdelimit (object_path, ".", '/');
  parameter = g_strdup_printf ("[<'%s'>]", ld_test_json_string (other, "phone"));
  remote = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                             "gdbus", "call", "--session", "--dest", APPLICATION_ID,
                             "--object-path", object_path,
                             "--method", "org.gtk.Actions.Activate",
                             "incoming-call", parameter, "{}", NULL);
  g_assert_no_error (error);
  ld_test_ui_wait_for (g_strcmp0 (ld_call_get_phone (ld_window_get_call (window)), ld_test_json_string (other, "phone")) == 0);
  ld_test_ui_wait_for (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)) &&
                       ld_member_page_get_member_id (LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (window))) == 9);
  wait_for_exit (remote);
  g_assert_true (g_subprocess_get_successful (remote));

  ld_test_ui_app_free (app);
}

static void
test_tel_uri (void)
{
  char *number;

  number = ld_application_phone_from_uri ("tel:+7-999-123-45-67");
  g_assert_cmpstr (number, ==, "+79991234567");
  g_free (number);

  number = ld_application_phone_from_uri ("TEL:+7(999)1234567;phone-context=example.com");
  g_assert_cmpstr (number, ==, "+79991234567");
  g_free (number);

  number = ld_application_phone_from_uri ("tel:%2B79991234567");
  g_assert_cmpstr (number, ==, "+79991234567");
  g_free (number);

  g_assert_null (ld_application_phone_from_uri ("mailto:someone@example.com"));
  g_assert_null (ld_application_phone_from_uri ("tel:"));
  g_assert_null (ld_application_phone_from_uri ("tel:call-me"));
}

/* ---- questions */

static void
question_response_cb (GtkWidget        *asker,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_assert_true (GTK_IS_LABEL (asker));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));

  g_object_set_data_full (G_OBJECT (asker), "response", g_strdup (response), g_free);
}

/* the question @parent shows, once it is shown */
static AdwMessageDialog *
wait_for_question (GtkWindow *parent)
{
  GtkWindow *dialog;

  ld_test_ui_wait_for ((dialog = ld_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL &&
                       gtk_window_get_transient_for (dialog) == parent);
  return ADW_MESSAGE_DIALOG (dialog);
}

/* a question is asked over the asker's window: Escape answers the first response, Enter
 * the last one only when it is suggested (never a destructive one), and the answer goes
 * to the asker */
static void
test_question_responses (void)
{
  GtkWindow *parent;
  GtkWidget *asker;
  GtkWidget *entry;
  AdwMessageDialog *dialog;


  parent = GTK_WINDOW (gtk_window_new ());
  asker = gtk_label_new ("asker");
  gtk_window_set_child (parent, asker);
  gtk_window_present (parent);

  entry = gtk_entry_new ();
  ld_question_ask (asker, "Link a Card", "Type the number.", entry, ADW_RESPONSE_SUGGESTED,
                   G_CALLBACK (question_response_cb),
                   "cancel", "_Cancel",
                   "link", "_Link",
                   NULL);
  dialog = g_object_ref (wait_for_question (parent));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Link a Card");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Type the number.");
  g_assert_true (adw_message_dialog_get_extra_child (dialog) == entry);
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "link"), ==, "_Link");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "cancel"), ==, ADW_RESPONSE_DEFAULT);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "link"), ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "link");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  /* Escape closes it */
  gtk_window_close (GTK_WINDOW (dialog));
  ld_test_ui_wait_for (g_object_get_data (G_OBJECT (asker), "response") != NULL);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (asker), "response"), ==, "cancel");
  ld_test_ui_wait_for (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  g_object_set_data (G_OBJECT (asker), "response", NULL);
  ld_question_ask (asker, "Cancel?", NULL, NULL, ADW_RESPONSE_DESTRUCTIVE,
                   G_CALLBACK (question_response_cb),
                   "keep", "_Keep",
                   "later", "_Later",
                   "cancel", "_Cancel",
                   NULL);
  dialog = g_object_ref (wait_for_question (parent));
  g_assert_null (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "keep"), ==, ADW_RESPONSE_DEFAULT);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "later"), ==, ADW_RESPONSE_DEFAULT);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "cancel"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Later"), "clicked");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (asker), "response"), ==, "later");
  ld_test_ui_wait_for (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  gtk_window_destroy (parent);
}

/* a second call while the first is on the line: the new caller takes the banner and
 * pops, the first stays below it "not ended" until the agent ends it with a reason, and
 * the server records both ends; the last call ended hides the banner */
static void
test_call_second_while_first_on_line (void)
{
  g_autoptr(JsonNode) first_member = server_get ("/api/v1/members/6");
  g_autoptr(JsonNode) second_member = server_get ("/api/v1/members/7");
  g_autoptr(JsonNode) third_member = server_get ("/api/v1/members/11");
  g_autoptr(LdCall) first = NULL;
  g_autoptr(LdCall) second = NULL;
  g_autofree char *path = NULL;
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdCallBanner *banner = ld_window_get_call_banner (window);
  GtkWidget *earlier_box = ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "earlier_box");
  GtkLabel *earlier_label = GTK_LABEL (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "earlier_label"));
  GtkLabel *caller_label = GTK_LABEL (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "caller_label"));
  LdOperationDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (first_member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  first = g_object_ref (ld_window_get_call (window));
  g_assert_false (gtk_widget_get_visible (earlier_box));
  g_assert_false (gtk_widget_is_sensitive (ld_call_banner_get_end_earlier_button (banner)));

  /* the second call takes the banner and pops its member; the first is still there */
  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (second_member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != first);
  second = g_object_ref (ld_window_get_call (window));
  g_assert_cmpstr (ld_call_get_phone (second), ==, ld_test_json_string (second_member, "phone"));
  ld_test_ui_wait_for (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)) &&
                       ld_member_page_get_member_id (LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (window))) == 7);
  g_assert_nonnull (strstr (gtk_label_get_label (caller_label), ld_test_json_string (second_member, "phone")));
  g_assert_cmpuint (ld_call_banner_get_n_earlier (banner), ==, 1);
  g_assert_true (ld_call_banner_get_earlier_call (banner) == first);
  g_assert_true (gtk_widget_get_visible (earlier_box));
  g_test_message ("earlier: %s", gtk_label_get_label (earlier_label));
  g_assert_nonnull (strstr (gtk_label_get_label (earlier_label), ld_test_json_string (first_member, "phone")));
  g_assert_true (gtk_widget_is_sensitive (ld_call_banner_get_end_earlier_button (banner)));

  /* the server still has the first call open */
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, ld_call_get_id (first));
  {
    g_autoptr(JsonNode) call = server_get (path);

    g_assert_null (ld_test_json_string (call, "ended_at"));
  }

  /* "End Earlier Call" asks for the first call's reason and ends that one only */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-earlier-call", NULL);
  dialog = wait_for_end_call_dialog ();
  g_assert_true (ld_end_call_dialog_get_call (dialog) == first);
  submit (dialog);
  ld_test_ui_wait_for (ld_call_banner_get_n_earlier (banner) == 0);
  g_assert_cmpstr (ld_window_get_last_message (window), ==, "Call ended");
  g_assert_true (ld_window_get_call (window) == second);
  g_assert_false (gtk_widget_get_visible (earlier_box));
  g_assert_false (gtk_widget_is_sensitive (ld_call_banner_get_end_earlier_button (banner)));
  {
    g_autoptr(JsonNode) call = server_get (path);

    g_assert_nonnull (ld_test_json_string (call, "ended_at"));
  }

  /* a third call; ending the one on the line brings back the earlier one not ended */
  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (third_member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != second);
  g_assert_cmpstr (ld_call_get_phone (ld_window_get_call (window)), ==, ld_test_json_string (third_member, "phone"));
  g_assert_true (ld_call_banner_get_earlier_call (banner) == second);
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();
  g_assert_cmpstr (ld_call_get_phone (ld_end_call_dialog_get_call (dialog)), ==, ld_test_json_string (third_member, "phone"));
  submit (dialog);
  ld_test_ui_wait_for (ld_window_get_call (window) == second);
  g_assert_cmpuint (ld_call_banner_get_n_earlier (banner), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_label (caller_label), ld_test_json_string (second_member, "phone")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "revealer"))));

  /* the last one ended, the banner goes */
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  submit (wait_for_end_call_dialog ());
  ld_test_ui_wait_for (ld_window_get_call (window) == NULL);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ld_test_ui_template_child (banner, LD_TYPE_CALL_BANNER, "revealer"))));
  g_assert_false (gtk_widget_is_sensitive (ld_call_banner_get_end_button (banner)));

  ld_test_ui_app_free (app);
}

/* ---- closing with a call open */

/* the call from @phone, once it is on the banner */
static LdCall *
take_call (LdApplication *app,
           const char    *phone)
{
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call", g_variant_new_string (phone));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL &&
                       g_strcmp0 (ld_call_get_phone (ld_window_get_call (window)), phone) == 0);

  return ld_window_get_call (window);
}

/* that the server has @call_id ended with @reason, or open when @reason is NULL */
static void
assert_end_reason (gint64      call_id,
                   const char *reason)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, call_id);
  g_autoptr(JsonNode) call = server_get (path);

  if (reason == NULL)
    g_assert_null (ld_test_json_string (call, "ended_at"));
  else
    g_assert_nonnull (ld_test_json_string (call, "ended_at"));
  g_assert_cmpstr (ld_test_json_string (call, "end_reason"), ==, reason);
}

/* chooses the reason @key in the dialog's list, as the agent picks it */
static void
choose_end_reason (LdOperationDialog *dialog,
                   const char        *key)
{
  ld_reason_picker_set_reason (ld_operation_dialog_get_reason_picker (dialog), key);
  g_assert_cmpstr (ld_operation_dialog_get_reason (dialog), ==, key);
}

/* picks the reason @key in the End Call dialog and presses End Call */
static void
end_call_with (LdOperationDialog *dialog,
               const char      *key)
{
  choose_end_reason (dialog, key);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
}

/* End Call in @dialog with the reason @key, and the main window goes: a close or a quit
 * was waiting for the call to end */
static void
end_call_and_wait_closed (LdApplication   *app,
                          LdOperationDialog *dialog,
                          const char      *key)
{
  end_call_with (dialog, key);
  ld_test_ui_wait_for (ld_application_get_main_window (app) == NULL);
}

/* closing the window with a call open asks why it ended first: Cancel keeps the window
 * and the call; a refused end keeps both and says why; End Call ends the call on the
 * server with the reason chosen, and then the window closes */
static void
test_call_close_window_ends_call_first (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/12");
  g_autoptr(JsonNode) config = server_get ("/api/v1/config");
  g_autofree char *original = json_to_string (config, FALSE);
  g_autofree char *narrowed = config_without_end_reason (config, "callback");
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOperationDialog *dialog;
  gint64 call_id;

  call_id = ld_call_get_id (take_call (app, ld_test_json_string (member, "phone")));

  /* the window's close (its close button, the window manager) asks first */
  gtk_window_close (GTK_WINDOW (window));
  dialog = wait_for_end_call_dialog ();
  g_assert_true (ld_end_call_dialog_get_call (dialog) == ld_window_get_call (window));
  g_test_message ("on close: %s", ld_operation_dialog_get_body (dialog));
  g_assert_nonnull (strstr (ld_operation_dialog_get_body (dialog), "is still open"));
  g_assert_nonnull (strstr (ld_operation_dialog_get_body (dialog), ld_test_json_string (member, "phone")));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  ld_test_ui_save_screenshot (GTK_WIDGET (dialog), "end-call-on-close.png");

  /* Cancel: the window and the call stay, on the server too */
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpint (ld_call_get_id (ld_window_get_call (window)), ==, call_id);
  assert_end_reason (call_id, NULL);

  /* a refused end (a supervisor took the reason off the list meanwhile) keeps the
   * window and the call, and the dialog says why */
  gtk_window_close (GTK_WINDOW (window));
  dialog = wait_for_end_call_dialog ();
  choose_end_reason (dialog, "callback");
  config_put (narrowed);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_test_message ("refused on close: %s", ld_operation_dialog_get_error (dialog));
  g_assert_cmpstr (ld_operation_dialog_get_error (dialog), ==,
                   "Choose the reason the call ended from the configured list.");
  g_assert_true (gtk_widget_get_visible (ld_test_ui_template_child (dialog, LD_TYPE_OPERATION_DIALOG, "error_label")));
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_true (find_end_call_dialog () == GTK_WINDOW (dialog));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  g_assert_nonnull (ld_window_get_call (window));
  assert_end_reason (call_id, NULL);

  /* the reason picked, End Call: the server ends the call with it, the window closes */
  config_put (original);
  end_call_and_wait_closed (app, dialog, "consultation");
  g_assert_null (find_end_call_dialog ());
  assert_end_reason (call_id, "consultation");

  ld_test_ui_app_free (app);
}

/* the server goes away while a call is open: closing the window asks why the call ended,
 * End Call cannot reach the server and says so, and only then the dialog offers to close
 * without ending it; that closes the window, the call staying open on the server */
static void
test_call_close_window_server_unreachable_offers_leaving (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/18");
  LdTestProxy *proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  LdApplication *app = app_new_logged_in_at (ld_test_proxy_get_url (proxy), "agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOperationDialog *dialog;
  gint64 call_id;

  call_id = ld_call_get_id (take_call (app, ld_test_json_string (member, "phone")));

  /* while the server answers, closing offers no way round ending the call */
  gtk_window_close (GTK_WINDOW (window));
  dialog = wait_for_end_call_dialog_of (call_id);
  g_assert_false (offers_leaving (dialog));
  g_assert_null (find_button (GTK_WIDGET (dialog), "Close _Without Ending"));

  /* the server goes: End Call fails, the dialog and the window stay, now with the way out */
  g_clear_object (&proxy);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_End Call"), "clicked");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_test_message ("unreachable on close: %s", ld_operation_dialog_get_error (dialog));
  g_assert_nonnull (ld_operation_dialog_get_error (dialog));
  g_assert_true (offers_leaving (dialog));
  g_assert_true (find_end_call_dialog () == GTK_WINDOW (dialog));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  g_assert_nonnull (find_button (GTK_WIDGET (dialog), "Close _Without Ending"));
  ld_test_ui_save_screenshot (GTK_WIDGET (dialog), "end-call-unreachable.png");

  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "Close _Without Ending"), "clicked");
  ld_test_ui_wait_for (ld_application_get_main_window (app) == NULL);
  g_assert_null (find_end_call_dialog ());
  assert_end_reason (call_id, NULL);

  ld_test_ui_app_free (app);
}

/* an operator who may not end calls is asked whether to close and leave the call open:
 * Cancel keeps the window; Close Anyway closes it, the call open on the server */
static void
test_call_close_window_without_right_asks (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/19");
  LdApplication *app;
  LdWindow *window;
  AdwMessageDialog *question;
  gint64 call_id;

  /* an agent of its own, made by the server's command, so no other test sees the right gone */
  ld_test_server_create_operator (server, "agent-no-call-end", "agent", NULL, "call.end");
  app = app_new_logged_in ("agent-no-call-end");
  window = LD_WINDOW (ld_application_get_main_window (app));
  call_id = ld_call_get_id (take_call (app, ld_test_json_string (member, "phone")));

  gtk_window_close (GTK_WINDOW (window));
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Leave the Call Open?");
  g_test_message ("no right to end: %s", adw_message_dialog_get_body (question));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), ld_test_json_string (member, "phone")));
  g_assert_null (find_end_call_dialog ());

  g_signal_emit_by_name (find_button (GTK_WIDGET (question), "_Cancel"), "clicked");
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  g_assert_nonnull (ld_window_get_call (window));

  gtk_window_close (GTK_WINDOW (window));
  question = wait_for_question (GTK_WINDOW (window));
  g_signal_emit_by_name (find_button (GTK_WIDGET (question), "Close _Anyway"), "clicked");
  ld_test_ui_wait_for (ld_application_get_main_window (app) == NULL);
  assert_end_reason (call_id, NULL);

  ld_test_ui_app_free (app);
}

/* a call someone else ended meanwhile does not keep the window: End Call finds it ended,
 * and the window closes with the first end standing */
static void
test_call_close_window_call_ended_elsewhere (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/17");
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autofree char *path = NULL;
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOperationDialog *dialog;
  gint64 call_id;
  guint status;

  call_id = ld_call_get_id (take_call (app, ld_test_json_string (member, "phone")));
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/end", call_id);
  status = ld_test_server_request (server, "POST", path, agent_token,
                                   "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, &answer);
  g_assert_cmpuint (status, ==, 200);

  gtk_window_close (GTK_WINDOW (window));
  dialog = wait_for_end_call_dialog ();
  end_call_and_wait_closed (app, dialog, "consultation");
  assert_end_reason (call_id, "resolved");

  ld_test_ui_app_free (app);
}

/* Ctrl+Q (app.quit, also the menu's Quit) with an earlier call not ended under the one on
 * the line: each is asked for in turn, the one on the line first; Cancel at the earlier
 * one keeps it and the window, and forgets the quit; quit again asks, ends, and goes */
static void
test_call_quit_ends_every_call_first (void)
{
  g_autoptr(JsonNode) first_member = server_get ("/api/v1/members/13");
  g_autoptr(JsonNode) second_member = server_get ("/api/v1/members/14");
  g_autoptr(JsonNode) third_member = server_get ("/api/v1/members/16");
  g_autofree char **accels = NULL;
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdCallBanner *banner = ld_window_get_call_banner (window);
  LdOperationDialog *dialog;
  gint64 first_id;
  gint64 second_id;
  gint64 third_id;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (accels != NULL && g_strv_contains ((const char * const *) accels, "<Control>q"));

  first_id = ld_call_get_id (take_call (app, ld_test_json_string (first_member, "phone")));
  second_id = ld_call_get_id (take_call (app, ld_test_json_string (second_member, "phone")));
  g_assert_cmpuint (ld_call_banner_get_n_earlier (banner), ==, 1);

  /* quit: the call on the line first */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = wait_for_end_call_dialog_of (second_id);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  end_call_with (dialog, "resolved");
  ld_test_ui_wait_for (dialog == NULL);

  /* then the earlier one, in a dialog of its own; Cancel (Escape) keeps it and the window */
  dialog = wait_for_end_call_dialog_of (first_id);
  g_assert_nonnull (strstr (ld_operation_dialog_get_body (dialog), ld_test_json_string (first_member, "phone")));
  assert_end_reason (second_id, "resolved");
  gtk_window_close (GTK_WINDOW (dialog));
  ld_test_ui_wait_for (find_end_call_dialog () == NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  g_assert_cmpint (ld_call_get_id (ld_window_get_call (window)), ==, first_id);
  g_assert_cmpuint (ld_call_banner_get_n_earlier (banner), ==, 0);
  assert_end_reason (first_id, NULL);

  /* cancelled, the quit is forgotten: the call ended from the banner later ends only that */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();
  end_call_with (dialog, "dropped");
  ld_test_ui_wait_for (ld_window_get_call (window) == NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_true (ld_application_get_main_window (app) == GTK_WINDOW (window));
  assert_end_reason (first_id, "dropped");

  /* quit again with another call: it is asked for and ended, and the window goes */
  third_id = ld_call_get_id (take_call (app, ld_test_json_string (third_member, "phone")));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = wait_for_end_call_dialog_of (third_id);
  end_call_and_wait_closed (app, dialog, "consultation");
  assert_end_reason (third_id, "consultation");

  ld_test_ui_app_free (app);
}

/* Log Out with a call open ends it first, with its reason, then the session */
static void
test_call_logout_ends_call_first (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/15");
  LdApplication *app = app_new_logged_in ("agent");
  LdOperationDialog *dialog;
  gint64 call_id;

  call_id = ld_call_get_id (take_call (app, ld_test_json_string (member, "phone")));

  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", NULL);
  dialog = wait_for_end_call_dialog_of (call_id);
  g_assert_nonnull (ld_application_get_client (app));
  end_call_with (dialog, "wrong_number");
  ld_test_ui_wait_for (ld_application_get_main_window (app) == NULL && ld_application_get_login_window (app) != NULL);
  g_assert_null (ld_application_get_client (app));
  assert_end_reason (call_id, "wrong_number");

  /* the keyring forgets the password meanwhile: the application is busy until then */
  ld_test_ui_wait_for (!g_application_get_is_busy (G_APPLICATION (app)));
  ld_test_ui_app_free (app);
}

/* ---- the window */

/* the X window of @window (GDK_BACKEND=x11) */
static gulong
x_window (GtkWidget *window)
{
  return gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
}

static int
surface_width (GtkWidget *window)
{
  return gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window)));
}

static int
surface_height (GtkWidget *window)
{
  return gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window)));
}

/* runs xdotool with @args (NULL-terminated), as an agent's mouse and window manager would */
static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
}

/* resized (by the X server, as a window manager does), closed and opened again, the
 * main window comes back the size the agent left it, through GSettings */
static void
test_window_size_kept (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autofree char *xid = NULL;
  LdApplication *app;
  GtkWidget *window;

  if (xdotool_path == NULL)
    {
      g_test_skip ("xdotool is not installed: the window cannot be resized from outside");
      return;
    }

  /* sizes as the X server has them: the window's frame (its client-side decoration)
   * included, as the settings keep them */
  app = app_new_logged_in ("agent");
  window = GTK_WIDGET (ld_application_get_main_window (app));
  ld_test_ui_wait_for (gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0 && surface_width (window) > 1);
  g_test_message ("opened at %d×%d", surface_width (window), surface_height (window));
  g_assert_cmpint (surface_width (window), ==, g_settings_get_int (settings, "window-width"));
  g_assert_cmpint (surface_height (window), ==, g_settings_get_int (settings, "window-height"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), !=, 1000);

  xid = g_strdup_printf ("%lu", x_window (window));
  xdotool ("windowsize", xid, "1000", "640", NULL);
  ld_test_ui_wait_for (surface_width (window) == 1000 && surface_height (window) == 640);
  ld_test_ui_wait_for (g_settings_get_int (settings, "window-width") == 1000 &&
                       g_settings_get_int (settings, "window-height") == 640);

  /* closed as the agent closes it, then the app started again */
  gtk_window_close (GTK_WINDOW (window));
  ld_test_ui_wait_for (ld_application_get_main_window (app) == NULL);
  ld_test_ui_app_free (app);

  app = app_new_logged_in ("agent");
  window = GTK_WIDGET (ld_application_get_main_window (app));
  ld_test_ui_wait_for (gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0 && surface_width (window) > 1);
  /* drawn once: the size it opened at is the one on screen */
  ld_test_ui_wait_for_frame (window);
  g_test_message ("opened again at %d×%d", surface_width (window), surface_height (window));
  g_assert_cmpint (surface_width (window), ==, 1000);
  g_assert_cmpint (surface_height (window), ==, 640);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  ld_test_ui_app_free (app);

  /* the next tests open the window at the default size again */
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* the first row of a GtkColumnView (GTK 4.8: a list view after the header) */
static GtkWidget *
first_row (GtkWidget *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (column_view); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child) || g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkColumnListView"))
      return gtk_widget_get_first_child (child);

  return NULL;
}

static gboolean
count_release_cb (GtkEventControllerLegacy *controller,
                  GdkEvent                 *event,
                  guint                    *n_released)
{
  if (gdk_event_get_event_type (event) == GDK_BUTTON_RELEASE)
    (*n_released)++;

  return GDK_EVENT_PROPAGATE;
}

/* a double click on a search result (with the real pointer) opens that member */
static void
test_search_double_click_opens (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/2");
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autofree char *other_x = NULL;
  GtkEventController *releases;
  guint n_released = 0;
  LdApplication *app;
  LdWindow *window;
  LdSearchPage *page;
  AdwTabView *tab_view;
  GtkWidget *column_view;
  GtkWidget *row;
  graphene_point_t point;
  double surface_x, surface_y;

  if (xdotool_path == NULL)
    {
      g_test_skip ("xdotool is not installed: no real clicks can be sent");
      return;
    }

  app = app_new_logged_in ("agent");
  window = LD_WINDOW (ld_application_get_main_window (app));
  page = ld_window_get_search_page (window);
  tab_view = ld_window_get_tab_view (window);
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)));

  search_and_wait (page, ld_test_json_string (member, "phone"));
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  column_view = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "column_view");
  ld_test_ui_wait_for ((row = first_row (column_view)) != NULL && gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0);

  /* the middle of the first row, in the X window's coordinates */
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (row) / 4.0, gtk_widget_get_height (row) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  xid = g_strdup_printf ("%lu", x_window (GTK_WIDGET (window)));
  x = g_strdup_printf ("%d", (int) (point.x + surface_x));
  y = g_strdup_printf ("%d", (int) (point.y + surface_y));
  /* the same row further right: a press there, well past the double-click distance, starts
   * a click count of its own, however soon it follows the single click */
  other_x = g_strdup_printf ("%d", (int) (point.x + surface_x + gtk_widget_get_width (row) / 2.0));

  /* one click selects and opens nothing: once the window has had the button's release
   * and nothing is left to run, nothing is going to open */
  releases = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (releases, GTK_PHASE_CAPTURE);
  g_signal_connect (releases, "event", G_CALLBACK (count_release_cb), &n_released);
  gtk_widget_add_controller (GTK_WIDGET (window), releases);
  xdotool ("mousemove", "--window", xid, x, y, "click", "1", NULL);
  ld_test_ui_wait_for (n_released == 1);
  ld_test_ui_settle (ld_window_get_client (window));
  gtk_widget_remove_controller (GTK_WIDGET (window), releases);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);

  /* a double click opens the member in a tab of its own */
  xdotool ("mousemove", "--window", xid, other_x, y, "click", "--repeat", "2", "--delay", "80", "1", NULL);
  ld_test_ui_wait_for (adw_tab_view_get_n_pages (tab_view) == 2);
  g_assert_true (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)));
  g_assert_cmpint (ld_member_page_get_member_id (LD_MEMBER_PAGE (ld_test_ui_selected_tab_child (window))), ==, 2);

  /* the pointer goes to a corner where no later window opens: left over the middle of
   * the screen, the End Call dialog opened under it by a later test did not grow to fit
   * the server's refusal there (GTK 4.8, X11, no window manager) */
  xdotool ("mousemove", "1279", "799", NULL);

  ld_test_ui_app_free (app);
}

/* ---- rights */

static void
test_rights_agent_limited (void)
{
  LdApplication *app = app_new_logged_in ("agent-limited");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  GtkWidget *outbox_button = ld_test_ui_template_child (window, LD_TYPE_WINDOW, "outbox_button");
  GtkWidget *end_button = ld_call_banner_get_end_button (ld_window_get_call_banner (window));
  AdwTabView *tab_view = ld_window_get_tab_view (window);
  GtkWidget *register_button;

  /* an agent may not read the outbox: the button is off and says why */
  g_assert_false (gtk_widget_is_sensitive (outbox_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (outbox_button), "outbox.view"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
  ld_test_ui_settle (ld_window_get_client (window));
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);

  /* nor register without a call */
  register_button = ld_test_ui_template_child (ld_window_get_search_page (window), LD_TYPE_SEARCH_PAGE, "register_button");
  g_assert_false (gtk_widget_is_sensitive (register_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (register_button), "member.register_without_call"));

  /* agents may end calls */
  g_assert_null (gtk_widget_get_tooltip_text (end_button));
  ld_test_ui_app_free (app);

  /* a supervisor may: the outbox opens in a tab and loads */
  app = app_new_logged_in ("supervisor");
  window = LD_WINDOW (ld_application_get_main_window (app));
  tab_view = ld_window_get_tab_view (window);
  outbox_button = ld_test_ui_template_child (window, LD_TYPE_WINDOW, "outbox_button");
  g_assert_true (gtk_widget_is_sensitive (outbox_button));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (outbox_button), "outbox.view"));
  register_button = ld_test_ui_template_child (ld_window_get_search_page (window), LD_TYPE_SEARCH_PAGE, "register_button");
  g_assert_true (gtk_widget_is_sensitive (register_button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
  ld_test_ui_wait_for (LD_IS_OUTBOX_PAGE (ld_test_ui_selected_tab_child (window)));
  {
    LdLoadableView *view = ld_outbox_page_get_view (LD_OUTBOX_PAGE (ld_test_ui_selected_tab_child (window)));

    ld_test_ui_wait_for (ld_test_ui_view_settled (view));
    g_assert_cmpint (ld_loadable_view_get_state (view), !=, LD_LOADABLE_STATE_ERROR);
  }
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);

  ld_test_ui_app_free (app);
}


static void
test_login_bad_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) tls_server = NULL;
  g_autoptr(GSubprocess) openssl = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  LdApplication *app;
  LdLoginWindow *login_window;
  const char *message;

  /* an HTTPS server whose certificate nobody signed */
  dir = g_dir_make_tmp ("ld-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (dir, "cert.pem", NULL);
  key_path = g_build_filename (dir, "key.pem", NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-subj", "/CN=127.0.0.1", "-keyout", key_path, "-out", cert_path, NULL);
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  tls_server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (tls_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (tls_server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  app = app_new_at_login (url);
  login_window = wait_for_login_window (app);
  fill_login_window (login_window, url, "agent", LD_TEST_PASSWORD, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (login_window), "login.submit", NULL);
  ld_test_ui_wait_for (!ld_login_window_get_busy (login_window));

  message = ld_login_window_get_error (login_window);
  g_test_message ("bad certificate: %s", message);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "certificate"));
  g_assert_null (ld_application_get_main_window (app));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row"))), ==, "agent");

  ld_test_ui_app_free (app);
  g_unlink (cert_path);
  g_unlink (key_path);
  g_rmdir (dir);
}

static void
test_login_session_expired (void)
{
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdLoginWindow *login_window;
  guint status;

  /* the server ends the session behind the app's back */
  status = ld_test_server_request (server, "POST", "/api/v1/auth/logout",
                                   ld_client_get_token (ld_application_get_client (app)),
                                   "{}", NULL, NULL);
  g_assert_cmpuint (status / 100, ==, 2);

  /* the next request finds out: back at the login window, which says why */
  ld_search_page_search (ld_window_get_search_page (window), "Шевченко");
  ld_test_ui_wait_for (ld_application_get_login_window (app) != NULL);
  login_window = wait_for_login_window (app);
  g_assert_null (ld_application_get_main_window (app));
  g_assert_null (ld_application_get_client (app));
  g_assert_nonnull (strstr (ld_login_window_get_error (login_window), "session"));

  ld_test_ui_app_free (app);
}

static void
test_call_end_closes_ticket_when_plugin_on (void)
{
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *original = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/6");
  LdApplication *app;
  LdWindow *window;
  LdOperationDialog *dialog;
  JsonObject *tickets;
  guint status;

  /* the OTRS plugin on (pointing nowhere: the agent never waits for it) */
  status = ld_test_server_request (server, "GET", "/api/v1/config", admin_token, NULL, NULL, &config);
  g_assert_cmpuint (status, ==, 200);
  original = json_to_string (config, FALSE);
  tickets = json_object_get_object_member (json_node_get_object (config), "tickets");
  g_assert_nonnull (tickets);
  json_object_set_boolean_member (tickets, "enabled", TRUE);
  json_object_set_string_member (tickets, "url", "http://127.0.0.1:1/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST");
  if (!json_object_has_member (tickets, "queue") || JSON_NODE_HOLDS_NULL (json_object_get_member (tickets, "queue")))
    json_object_set_string_member (tickets, "queue", "Raw");
  if (!json_object_has_member (tickets, "user") || JSON_NODE_HOLDS_NULL (json_object_get_member (tickets, "user")))
    json_object_set_string_member (tickets, "user", "loyalty");
  changed = json_to_string (config, FALSE);
  status = ld_test_server_request (server, "PUT", "/api/v1/config", admin_token, changed, NULL, &answer);
  g_test_message ("PUT /config: %u", status);
  g_assert_cmpuint (status, ==, 200);

  app = app_new_logged_in ("agent");
  window = LD_WINDOW (ld_application_get_main_window (app));
  g_assert_true (ld_config_get_tickets_enabled (ld_window_get_config (window)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                  g_variant_new_string (ld_test_json_string (member, "phone")));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.end-call", NULL);
  dialog = wait_for_end_call_dialog ();

  /* "Close the OTRS ticket" is offered, and on */
  g_assert_true (ld_end_call_dialog_get_offers_ticket (dialog));
  g_assert_true (ld_end_call_dialog_get_close_ticket (dialog));
  submit (dialog);
  ld_test_ui_wait_for (ld_window_get_last_message (window) != NULL);
  g_assert_cmpstr (ld_window_get_last_message (window), ==, "Call ended");

  ld_test_ui_app_free (app);

  g_clear_pointer (&answer, json_node_unref);
  status = ld_test_server_request (server, "PUT", "/api/v1/config", admin_token, original, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_call_from_desktop_open (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/7");
  g_autofree char *uri = g_strdup_printf ("tel:%s", ld_test_json_string (member, "phone"));
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));

  /* what the desktop does with a tel: link (the desktop file handles x-scheme-handler/tel) */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  wait_for_pop (window, ld_test_json_string (member, "phone"), 7);

  ld_test_ui_app_free (app);
}

/* on a server of its own, which it stops */
static void
test_search_server_gone (void)
{
  g_autoptr(LdTestServer) own_server = ld_test_server_new (1, NULL);
  LdApplication *app = app_new_logged_in_at (ld_test_server_get_url (own_server), "agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdSearchPage *page = ld_window_get_search_page (window);
  AdwStatusPage *error_page = ADW_STATUS_PAGE (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "error_page"));

  ld_test_server_stop (own_server);

  search_and_wait (page, "Шевченко");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "error");
  g_test_message ("server gone: %s", adw_status_page_get_description (error_page));
  g_assert_nonnull (adw_status_page_get_description (error_page));

  /* the window keeps working: Retry tries again */
  gtk_widget_activate_action (GTK_WIDGET (page), "search.retry", NULL);
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "loading");
  ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "loading") != 0);
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "error");

  ld_test_ui_app_free (app);
}

/* a page of the results after the first fails: the rows shown stay, the error says why,
 * and Retry asks for that page again instead of starting the search over */
static void
test_search_more_fails_then_retry (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  LdApplication *app = app_new_logged_in_at (ld_test_proxy_get_url (proxy), "agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdSearchPage *page = ld_window_get_search_page (window);
  GListModel *results = ld_search_page_get_results (page);
  AdwStatusPage *error_page = ADW_STATUS_PAGE (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "error_page"));
  GtkLabel *kind_label = GTK_LABEL (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "kind_label"));
  GtkWidget *scroller = ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "scroller");
  g_autoptr(LdMember) first = NULL;
  g_autoptr(LdMember) third = NULL;

  g_object_set (page, "page-size", 2, NULL);
  search_and_wait (page, "К");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  first = g_list_model_get_item (results, 0);

  ld_test_proxy_fail (proxy, "/members", 503, "internal", "The search index is being rebuilt");
  g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
  ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "error") == 0);
  g_assert_cmpstr (adw_status_page_get_description (error_page), ==, "The search index is being rebuilt");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (kind_label), ": 5 members"));

  /* Retry: the page after the two rows, which are the same two */
  ld_test_proxy_fail (proxy, NULL, 0, NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "search.retry", NULL);
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  ld_test_ui_wait_for (g_list_model_get_n_items (results) == 4);
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  {
    g_autoptr(LdMember) still_first = g_list_model_get_item (results, 0);

    g_assert_cmpint (ld_member_get_id (still_first), ==, ld_member_get_id (first));
  }
  third = g_list_model_get_item (results, 2);
  g_assert_cmpint (ld_member_get_id (third), !=, ld_member_get_id (first));

  /* and the list goes on to its end */
  g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
  ld_test_ui_wait_for (g_list_model_get_n_items (results) == 5);

  ld_test_ui_app_free (app);
}

/* the outbox's first page fails: the error says why, Retry loads the list */
static void
test_outbox_error_then_retry (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  LdApplication *app = app_new_logged_in_at (ld_test_proxy_get_url (proxy), "supervisor");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOutboxPage *outbox;
  LdLoadableView *view;
  GListModel *items;

  ld_test_proxy_fail (proxy, "/outbox", 503, "internal", "The message gateway is down");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
  ld_test_ui_wait_for (LD_IS_OUTBOX_PAGE (ld_test_ui_selected_tab_child (window)));
  outbox = LD_OUTBOX_PAGE (ld_test_ui_selected_tab_child (window));
  view = ld_outbox_page_get_view (outbox);
  items = ld_outbox_page_get_items (outbox);
  ld_test_ui_wait_for (ld_loadable_view_get_state (view) == LD_LOADABLE_STATE_ERROR);
  g_assert_cmpstr (ld_loadable_view_get_error_message (view), ==, "The message gateway is down");
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);

  /* what the Retry button does */
  ld_test_proxy_fail (proxy, NULL, 0, NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "loadable.retry", NULL);
  g_assert_cmpint (ld_loadable_view_get_state (view), ==, LD_LOADABLE_STATE_LOADING);
  ld_test_ui_wait_for (ld_test_ui_view_settled (view));
  g_test_message ("outbox after retry: %u messages", g_list_model_get_n_items (items));
  g_assert_cmpint (ld_loadable_view_get_state (view), ==,
                   g_list_model_get_n_items (items) > 0 ? LD_LOADABLE_STATE_READY : LD_LOADABLE_STATE_EMPTY);

  ld_test_ui_app_free (app);
}

/* ---- the calls nobody ended */

/* @login takes a call through the API and leaves it open → its id */
static gint64
leave_call_open (const char *token,
                 const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autoptr(JsonNode) started = NULL;
  guint status;

  status = ld_test_server_request (server, "POST", "/api/v1/calls", token, body, NULL, &started);
  g_assert_cmpuint (status, ==, 201);
  return ld_test_json_int (started, "call.id");
}

/* the position of the call @call_id in @calls, or -1 */
static int
find_call (GListModel *calls,
           gint64      call_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(LdCall) call = g_list_model_get_item (calls, i);

      if (ld_call_get_id (call) == call_id)
        return i;
    }
  return -1;
}

/* the Open Calls page of @window, opened from its menu's action (or with @keys where
 * xdotool can press them) and loaded */
static LdOpenCallsPage *
show_open_calls (LdWindow   *window,
                 const char *keys)
{
  LdOpenCallsPage *page;

  if (keys != NULL && ld_test_ui_have_xdotool ())
    {
      ld_test_ui_wait_for_frame (GTK_WIDGET (window));
      ld_test_ui_send_keys (200, 200, "key", keys);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-open-calls", NULL);
  ld_test_ui_wait_for (LD_IS_OPEN_CALLS_PAGE (ld_test_ui_selected_tab_child (window)));
  page = LD_OPEN_CALLS_PAGE (ld_test_ui_selected_tab_child (window));
  ld_test_ui_wait_for (ld_test_ui_view_settled (ld_open_calls_page_get_view (page)));
  return page;
}

/* a supervisor finds the call an agent left open, named by who took it, and ends it with
 * the banner's End Call; the page then lists it no more */
static void
test_open_calls_supervisor_ends_an_agents_call (void)
{
  g_autofree char *agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) agent_me = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autofree char *path = NULL;
  gint64 call_id = leave_call_open (agent_token, "+79005550101");
  LdApplication *app = app_new_logged_in ("supervisor");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  LdOpenCallsPage *page;
  GListModel *calls;
  GtkColumnView *column_view;
  int position;

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", agent_token, NULL, NULL, &agent_me), ==, 200);

  page = show_open_calls (window, NULL);
  calls = ld_open_calls_page_get_calls (page);
  g_assert_cmpint (ld_loadable_view_get_state (ld_open_calls_page_get_view (page)), ==, LD_LOADABLE_STATE_READY);
  position = find_call (calls, call_id);
  g_assert_cmpint (position, >=, 0);
  {
    g_autoptr(LdCall) call = g_list_model_get_item (calls, position);

    g_assert_cmpstr (ld_call_get_operator_name (call), ==, ld_test_json_string (agent_me, "name"));
    g_assert_true (ld_test_ui_shows_label (GTK_WIDGET (page), ld_call_get_phone (call)));
  }
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "open-calls.png");

  /* its row, then End Call: the banner's dialog, for that call */
  column_view = GTK_COLUMN_VIEW (ld_test_ui_template_child (page, LD_TYPE_OPEN_CALLS_PAGE, "column_view"));
  gtk_selection_model_select_item (gtk_column_view_get_model (column_view), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "open-calls.end", NULL);
  submit (wait_for_end_call_dialog_of (call_id));
  ld_test_ui_wait_for (g_strcmp0 (ld_window_get_last_message (window), "Call ended") == 0);

  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, call_id);
  ended = server_get (path);
  g_assert_nonnull (ld_test_json_string (ended, "ended_at"));
  ld_test_ui_wait_for (ld_test_ui_view_settled (ld_open_calls_page_get_view (page)) && find_call (calls, call_id) < 0);

  ld_test_ui_app_free (app);
}

/* an agent's page lists the agent's own open calls, not a supervisor's */
static void
test_open_calls_agent_sees_its_own (void)
{
  g_autofree char *agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  gint64 own = leave_call_open (agent_token, "+79005550102");
  gint64 others = leave_call_open (supervisor_token, "+79005550103");
  LdApplication *app = app_new_logged_in ("agent");
  LdWindow *window = LD_WINDOW (ld_application_get_main_window (app));
  gint64 agent_id = ld_operator_get_id (ld_client_get_operator (ld_window_get_client (window)));
  /* Ctrl+Shift+O, as the shortcuts window says */
  LdOpenCallsPage *page = show_open_calls (window, "ctrl+shift+o");
  GListModel *calls = ld_open_calls_page_get_calls (page);
  gint64 taken;

  g_assert_cmpint (find_call (calls, own), >=, 0);
  g_assert_cmpint (find_call (calls, others), <, 0);
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(LdCall) call = g_list_model_get_item (calls, i);

      g_assert_cmpint (ld_call_get_operator_id (call), ==, agent_id);
    }

  /* a call this desk takes (the unknown caller's page comes in front): the page lists it
   * when it is shown again */
  g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call", g_variant_new_string ("+79005550104"));
  ld_test_ui_wait_for (ld_window_get_call (window) != NULL && !LD_IS_OPEN_CALLS_PAGE (ld_test_ui_selected_tab_child (window)));
  taken = ld_call_get_id (ld_window_get_call (window));
  g_assert_cmpint (find_call (calls, taken), <, 0);
  g_assert_true (show_open_calls (window, NULL) == page);
  ld_test_ui_wait_for (find_call (calls, taken) >= 0);

  ld_test_ui_app_free (app);
}

/* ---- the keyboard */

/* types @keys (xdotool's "key" names, or text with "type") into the window under the pointer */
static void
send_keys (const char *command,
           const char *keys)
{
  ld_test_ui_send_keys (200, 200, command, keys);
}

static gboolean
focus_is_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* log in, search, open a member and close it again with real keys only */
static void
test_keyboard_only (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/2");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  LdApplication *app;
  LdLoginWindow *login_window;
  LdWindow *window;
  LdSearchPage *page;
  AdwTabView *tab_view;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: real keys cannot be sent");
      return;
    }

  app = app_new_at_login (ld_test_server_get_url (server));
  login_window = wait_for_login_window (app);
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (login_window)));

  /* the login has the focus; Tab goes on to the password; Enter logs in */
  ld_test_ui_wait_for (focus_is_in (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row")));
  send_keys ("type", "agent");
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "login_row"))), "agent") == 0);
  send_keys ("key", "Tab");
  ld_test_ui_wait_for (focus_is_in (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "password_row")));
  send_keys ("type", LD_TEST_PASSWORD);
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (ld_test_ui_template_child (login_window, LD_TYPE_LOGIN_WINDOW, "password_row"))), LD_TEST_PASSWORD) == 0);
  send_keys ("key", "Return");
  ld_test_ui_wait_for (ld_application_get_main_window (app) != NULL);

  window = LD_WINDOW (ld_application_get_main_window (app));
  page = ld_window_get_search_page (window);
  tab_view = ld_window_get_tab_view (window);
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Ctrl+F brings the focus back to the search box from anywhere */
  gtk_widget_grab_focus (ld_test_ui_template_child (window, LD_TYPE_WINDOW, "training_button"));
  g_assert_false (focus_is_in (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry")));
  send_keys ("key", "ctrl+f");
  ld_test_ui_wait_for (focus_is_in (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "search_entry")));

  /* type, Enter searches */
  send_keys ("type", ld_test_json_string (member, "phone"));
  send_keys ("key", "Return");
  ld_test_ui_wait_for (g_strcmp0 (ld_search_page_get_state (page), "results") == 0);

  /* Tab into the results, Enter opens the member */
  while (!focus_is_in (ld_test_ui_template_child (page, LD_TYPE_SEARCH_PAGE, "column_view")))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      send_keys ("key", "Tab");
      ld_test_ui_wait_for (gtk_root_get_focus (GTK_ROOT (window)) != focus);
    }
  send_keys ("key", "Return");
  ld_test_ui_wait_for (adw_tab_view_get_n_pages (tab_view) == 2);
  g_assert_true (LD_IS_MEMBER_PAGE (ld_test_ui_selected_tab_child (window)));

  /* Ctrl+W closes it */
  send_keys ("key", "ctrl+w");
  ld_test_ui_wait_for (adw_tab_view_get_n_pages (tab_view) == 1);

  ld_test_ui_app_free (app);
}

/* ---- the shell */

static void
test_shortcuts_and_about (void)
{
  LdApplication *app = app_new_logged_in ("agent");

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL);
  gtk_window_destroy (ld_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL);
  gtk_window_destroy (ld_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  ld_test_ui_app_free (app);
}

/* ---- the app in Russian: the binary run with LD_TEST_LOCALEDIR (the catalogue built
 * from po/) and LANGUAGE=ru, as the call center runs it */

/* the login window, the search and a caller's profile, in the real widgets, in Russian,
 * and their screenshots (*-ru.png) */
static void
test_russian_screens (void)
{
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/1");
  const char *url = ld_test_server_get_url (server);
  LdApplication *app;
  LdLoginWindow *login_window;
  LdWindow *window;
  LdSearchPage *page;
  GtkWidget *profile;

  app = app_new_at_login (url);
  login_window = wait_for_login_window (app);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (login_window)), ==, "Вход — Loyalty Desk");
  ld_test_ui_wait_for (shows_label (GTK_WIDGET (login_window), "Вход в программу лояльности"));
  fill_login_window (login_window, url, "agent", LD_TEST_PASSWORD, FALSE);
  ld_test_ui_save_screenshot (GTK_WIDGET (login_window), "login-ru.png");

  window = submit_login (app, login_window);

  page = ld_window_get_search_page (window);
  search_and_wait (page, "К");
  g_assert_cmpstr (ld_search_page_get_state (page), ==, "results");
  ld_test_ui_wait_for (shows_label (GTK_WIDGET (page), "Телефон"));
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "search-ru.png");

  take_call (app, ld_test_json_string (member, "phone"));
  wait_for_pop (window, ld_test_json_string (member, "phone"), 1);
  profile = ld_test_ui_selected_tab_child (window);
  /* the tabs keep their mnemonics: Alt+А, Alt+П */
  ld_test_ui_wait_for (shows_label (profile, "_Анкета") && shows_label (profile, "_Покупки"));
  ld_test_ui_wait_for (shows_label (profile, "Контакты"));
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "profile-ru.png");

  ld_test_ui_app_free (app);
}

/* every test but the Russian one */
static void
add_tests_in_english (void)
{
  g_test_add_func ("/app/tel-uri/parse", test_tel_uri);
  g_test_add_func ("/app/question/escape-first-enter-suggested-only", test_question_responses);
  g_test_add_func ("/app/login/window-then-keyring-at-next-start", test_login_window_and_keyring);
  g_test_add_func ("/app/login/wrong-password-keeps-login", test_login_wrong_password);
  g_test_add_func ("/app/login/unreachable-server-said", test_login_unreachable);
  g_test_add_func ("/app/login/bad-certificate-said", test_login_bad_certificate);
  g_test_add_func ("/app/login/session-expired-back-to-login", test_login_session_expired);
  g_test_add_func ("/app/login/locked-said", test_login_locked);
  g_test_add_func ("/app/search/by-each-kind", test_search_by_each_kind);
  g_test_add_func ("/app/search/server-gone-error-and-retry", test_search_server_gone);
  g_test_add_func ("/app/search/more-fails-then-retry-continues", test_search_more_fails_then_retry);
  g_test_add_func ("/app/outbox/error-then-retry", test_outbox_error_then_retry);
  g_test_add_func ("/app/call/known-number-opens-member", test_call_known_number);
  g_test_add_func ("/app/call/unknown-number-not-registered", test_call_unknown_number);
  g_test_add_func ("/app/call/before-login-taken-after", test_call_before_login);
  g_test_add_func ("/app/call/end-with-reason", test_call_end_with_reason);
  g_test_add_func ("/app/call/end-refused-keeps-dialog-then-ends", test_call_end_refused_keeps_dialog);
  g_test_add_func ("/app/call/end-key-kept-only-when-outcome-unknown", test_call_end_key_kept_only_when_outcome_unknown);
  g_test_add_func ("/app/call/training", test_training_call);
  g_test_add_func ("/app/call/forwarded-from-command-line-and-dbus", test_call_from_command_line);
  g_test_add_func ("/app/call/tel-link-from-desktop", test_call_from_desktop_open);
  g_test_add_func ("/app/call/end-offers-closing-ticket", test_call_end_closes_ticket_when_plugin_on);
  g_test_add_func ("/app/call/second-while-first-on-line-keeps-both", test_call_second_while_first_on_line);
  g_test_add_func ("/app/call/close-window-ends-call-first", test_call_close_window_ends_call_first);
  g_test_add_func ("/app/call/close-window-call-ended-elsewhere-closes", test_call_close_window_call_ended_elsewhere);
  g_test_add_func ("/app/call/close-window-server-unreachable-offers-leaving", test_call_close_window_server_unreachable_offers_leaving);
  g_test_add_func ("/app/call/close-window-without-right-asks", test_call_close_window_without_right_asks);
  g_test_add_func ("/app/call/quit-ends-every-call-first", test_call_quit_ends_every_call_first);
  g_test_add_func ("/app/call/log-out-ends-call-first", test_call_logout_ends_call_first);
  g_test_add_func ("/app/call/open-calls/supervisor-ends-an-agents-call", test_open_calls_supervisor_ends_an_agents_call);
  g_test_add_func ("/app/call/open-calls/agent-sees-its-own", test_open_calls_agent_sees_its_own);
  g_test_add_func ("/app/search/double-click-opens-member", test_search_double_click_opens);
  g_test_add_func ("/app/shell/window-size-kept-in-settings", test_window_size_kept);
  g_test_add_func ("/app/rights/agent-limited-outbox", test_rights_agent_limited);
  g_test_add_func ("/app/shell/shortcuts-and-about", test_shortcuts_and_about);
  g_test_add_func ("/app/keyboard/login-search-open-close", test_keyboard_only);
}

int
main (int   argc,
      char *argv[])
{
  gboolean in_russian = ld_test_ui_bind_locale_from_env ();
  int status;

  g_test_init (&argc, &argv, NULL);
  /* GTK as every test wants it, also for those that make no application (the first
   * application used to set what the later tests without one relied on) */
  ld_test_ui_init ();

  server = ld_test_server_new (40, NULL);
  supervisor_token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin_token = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  /* in Russian the English labels the other tests look for are not there */
  if (in_russian)
    g_test_add_func ("/app/russian/login-search-profile", test_russian_screens);
  else
    add_tests_in_english ();

  status = g_test_run ();

  g_clear_pointer (&supervisor_token, g_free);
  g_clear_pointer (&admin_token, g_free);
  g_clear_object (&server);

  return status;
}

/* test-registration.c — the registration wizard driven in-process under Xvfb against the real server
 *
 * Each test logs an LdClient in as a demo operator, opens the wizard (in a bare window, or
 * in the main window through its entry points), fills its entries, activates its actions
 * and iterates the main context until the wizard shows the expected page; the code the
 * caller would read out comes from GET /outbox as a supervisor, and what the server stored
 * is read back through its API. Screenshots of every step go to
 * $LD_SCREENSHOT_DIR/registration-<step>.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ld-application.h"
#include "ld-call-banner.h"
#include "ld-member-page.h"
#include "ld-registration-form.h"
#include "ld-registration-step-page.h"
#include "ld-registration-phone-dialog.h"
#include "ld-registration-wizard.h"
#include "ld-search-page.h"
#include "ld-test-proxy.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"
#include "ld-unknown-caller-page.h"
#include "ld-window.h"

#define LANDLINE_NUMBER "+74957390000"

static LdTestServer *server;
static char *supervisor_token;
static char *admin_token;
static GPtrArray *used_cards;

/* ---- waiting */

/* ---- the server */

static JsonNode *
server_call (const char *method,
             const char *path,
             const char *token,
             const char *body,
             guint       expected_status)
{
  return ld_test_server_expect (server, method, path, token, body, NULL, expected_status);
}

static JsonNode *
server_get (const char *path)
{
  return server_call ("GET", path, supervisor_token, NULL, 200);
}

static LdClient *
client_new_logged_in (const char *login)
{
  return ld_test_client_new_logged_in (ld_test_server_get_url (server), login);
}

static gint64
start_call (LdClient   *client,
            const char *phone)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(GError) error = NULL;

  ld_client_start_call_async (client, phone, NULL, NULL, ld_test_store_result_cb, &result);
  call = ld_client_start_call_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_null (ld_call_get_member (call));

  return ld_call_get_id (call);
}

/* a free card of the demo pool nobody used in this run, with a balance when one has it */
static char *
free_card (gboolean with_balance)
{
  g_autoptr(JsonNode) page = server_get ("/api/v1/cards?state=issued&limit=200");
  JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");
  const char *fallback = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);
      const char *number = json_object_get_string_member (card, "number");
      gint64 balance = json_object_get_int_member_with_default (card, "balance", 0);

      if (g_ptr_array_find_with_equal_func (used_cards, number, g_str_equal, NULL))
        continue;

      if (!with_balance || balance > 0)
        {
          g_ptr_array_add (used_cards, g_strdup (number));
          return g_strdup (number);
        }

      if (fallback == NULL)
        fallback = number;
    }

  g_assert_nonnull (fallback);
  g_ptr_array_add (used_cards, g_strdup (fallback));

  return g_strdup (fallback);
}

/* the last confirmation code SMS'd to @phone, as the supervisor reads it in the outbox */
static char *
read_code (const char *phone)
{
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/outbox?phone=%s&limit=100", escaped);
  g_autoptr(JsonNode) page = server_get (path);
  JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");
  gint64 best_id = -1;
  const char *best = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *text = json_object_get_string_member_with_default (item, "text", "");
      gint64 id = json_object_get_int_member_with_default (item, "id", 0);

      if (strstr (text, "Loyalty Desk: ") != NULL && g_str_has_prefix (text, "Код подтверждения") && id > best_id)
        {
          best_id = id;
          best = strrchr (text, ' ') + 1;
        }
    }

  g_assert_nonnull (best);
  g_assert_cmpuint (strlen (best), ==, 6);

  return g_strdup (best);
}

/* the messages to @phone in the outbox; only those starting with @prefix when given */
static guint
count_outbox (const char *phone,
              const char *prefix)
{
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/outbox?phone=%s&limit=100", escaped);
  g_autoptr(JsonNode) page = server_get (path);
  JsonArray *items = json_object_get_array_member (json_node_get_object (page), "items");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *text = json_object_get_string_member_with_default (json_array_get_object_element (items, i),
                                                                     "text", "");

      if (prefix == NULL || g_str_has_prefix (text, prefix))
        n++;
    }

  return n;
}

static JsonObject *
config_document (void)
{
  g_autoptr(JsonNode) node = server_get ("/api/v1/config");

  return json_object_ref (json_node_get_object (node));
}

static void
config_put (JsonObject *document)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;

  json_node_set_object (node, document);
  body = json_to_string (node, FALSE);
  answer = server_call ("PUT", "/api/v1/config", admin_token, body, 200);
}

/* puts the configuration with the registration settings a test wants, and @field (transfer
 * full) (nullable) added to the application form → the configuration as it was, to put back */
static JsonObject *
config_put_registration (const char *mode,
                         gboolean    virtual_card,
                         gboolean    email_required,
                         JsonObject *field)
{
  JsonObject *saved = config_document ();
  g_autoptr(JsonObject) changed = config_document ();
  JsonObject *registration = json_object_get_object_member (changed, "registration");

  json_object_set_string_member (registration, "mode", mode);
  json_object_set_boolean_member (registration, "virtual_card", virtual_card);
  json_object_set_boolean_member (registration, "email_required", email_required);
  if (field != NULL)
    json_array_add_object_element (json_object_get_array_member (changed, "application_form"), field);
  config_put (changed);

  return saved;
}

/* ---- screenshots */

/* ---- the wizard in a window of its own */

typedef struct
{
  GtkWindow            *window;
  LdRegistrationWizard *wizard;
  LdClient             *client;   /* (unowned) the test's, which the wizard calls through */
  gint64                completed;
  gint64                opened;
  guint                 closed;
} Fixture;

static void
completed_cb (LdRegistrationWizard *wizard,
              gint64                member_id,
              Fixture              *fixture)
{
  fixture->completed = member_id;
}

static void
open_member_cb (LdRegistrationWizard *wizard,
                gint64                member_id,
                Fixture              *fixture)
{
  fixture->opened = member_id;
}

static void
closed_cb (LdRegistrationWizard *wizard,
           Fixture              *fixture)
{
  fixture->closed++;
}

static void
fixture_open (Fixture    *fixture,
              LdClient   *client,
              const char *phone,
              gint64      call_id)
{
  memset (fixture, 0, sizeof *fixture);

  fixture->client = client;
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->wizard = LD_REGISTRATION_WIZARD (ld_registration_wizard_new (client, phone, call_id));
  g_object_bind_property (fixture->wizard, "title", fixture->window, "title", G_BINDING_SYNC_CREATE);
  g_signal_connect (fixture->wizard, "completed", G_CALLBACK (completed_cb), fixture);
  g_signal_connect (fixture->wizard, "open-member", G_CALLBACK (open_member_cb), fixture);
  g_signal_connect (fixture->wizard, "closed", G_CALLBACK (closed_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->wizard));
  gtk_window_present (fixture->window);

  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (fixture->wizard)));
}

/* a call from @phone, and the wizard opened for it → the call's id */
static gint64
fixture_open_for_call (Fixture    *fixture,
                       LdClient   *client,
                       const char *phone)
{
  gint64 call_id = start_call (client, phone);

  fixture_open (fixture, client, phone, call_id);

  return call_id;
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  fixture->wizard = NULL;
  /* the cancelled requests have called back */
  ld_test_ui_settle (fixture->client);
}

/* a named part of the wizard: of its shell's template, or of a step page's */
static GtkWidget *
part (LdRegistrationWizard *wizard,
      const char           *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (wizard), LD_TYPE_REGISTRATION_WIZARD, name);
  GtkStack *stack;
  g_autoptr(GListModel) pages = NULL;

  if (child != NULL)
    return GTK_WIDGET (child);

  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (wizard), LD_TYPE_REGISTRATION_WIZARD, "stack"));
  pages = G_LIST_MODEL (gtk_stack_get_pages (stack));
  for (guint i = 0; child == NULL && i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (pages, i);
      GtkWidget *widget = gtk_stack_page_get_child (GTK_STACK_PAGE (page));

      if (LD_IS_REGISTRATION_STEP_PAGE (widget))
        child = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);
    }

  g_assert_nonnull (child);

  return GTK_WIDGET (child);
}

static void
set_text (LdRegistrationWizard *wizard,
          const char           *name,
          const char           *text)
{
  gtk_editable_set_text (GTK_EDITABLE (part (wizard, name)), text);
}

static void
set_check (LdRegistrationWizard *wizard,
           const char           *name,
           gboolean              active)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (part (wizard, name)), active);
}

static gboolean
page_is (LdRegistrationWizard *wizard,
         const char           *page)
{
  return g_strcmp0 (ld_registration_wizard_get_page (wizard), page) == 0 &&
         !ld_registration_wizard_get_busy (wizard);
}

static void
wait_page (LdRegistrationWizard *wizard,
           const char           *page)
{
  ld_test_ui_wait_for (page_is (wizard, page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (part (wizard, "stack"))), ==, page);
}

/* what the last action sent has been answered (or failed) and the wizard has shown it */
static void
wait_idle (Fixture *fixture)
{
  ld_test_ui_settle (fixture->client);
  ld_test_ui_wait_for (!ld_registration_wizard_get_busy (fixture->wizard));
}

/* the server says the code went out */
static void
wait_code_sent (LdRegistrationWizard *wizard)
{
  ld_test_ui_wait_for (!ld_registration_wizard_get_busy (wizard) &&
                       ld_registration_draft_get_code_sent_at (ld_registration_wizard_get_draft (wizard)) != NULL);
}

/* the card step shows the block of the card searched for */
static void
wait_card_found (LdRegistrationWizard *wizard)
{
  ld_test_ui_wait_for (gtk_widget_get_visible (part (wizard, "card_group")) && !ld_registration_wizard_get_busy (wizard));
}

/* a step failed and the wizard says why */
static void
wait_error (LdRegistrationWizard *wizard)
{
  ld_test_ui_wait_for (ld_registration_wizard_get_error (wizard) != NULL && !ld_registration_wizard_get_busy (wizard));
}

static void
activate (LdRegistrationWizard *wizard,
          const char           *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), action, NULL));
}

static void
next (LdRegistrationWizard *wizard)
{
  g_assert_true (gtk_widget_get_sensitive (part (wizard, "next_button")));
  activate (wizard, "wizard.next");
}

static void
assert_progress (LdRegistrationWizard *wizard,
                 const char           *progress)
{
  g_assert_cmpstr (ld_registration_wizard_get_progress (wizard), ==, progress);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (part (wizard, "progress_label"))), ==, progress);
}

static void
respond (GType       type,
         const char *response)
{
  AdwMessageDialog *dialog;

  ld_test_ui_wait_for (ld_test_ui_find_toplevel (type) != NULL);
  dialog = ADW_MESSAGE_DIALOG (ld_test_ui_find_toplevel (type));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Cancel, and "cancel" again in the dialog that asks: the wizard closes */
static void
cancel_for_good (Fixture *fixture)
{
  activate (fixture->wizard, "wizard.cancel");
  respond (ADW_TYPE_MESSAGE_DIALOG, "cancel");
  ld_test_ui_wait_for (fixture->closed == 1);
}

/* the keyboard focus is @widget or inside it (an entry row focuses its text) */
static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* sends the code, reads it from the outbox and types it */
static void
confirm_phone (LdRegistrationWizard *wizard,
               const char           *phone)
{
  g_autofree char *code = NULL;

  wait_page (wizard, "phone");
  g_assert_false (gtk_widget_get_sensitive (part (wizard, "code_entry")));
  next (wizard);  /* Next sends the code while none went out */
  wait_code_sent (wizard);
  g_assert_true (gtk_widget_get_sensitive (part (wizard, "code_entry")));
  g_assert_true (has_focus_in (part (wizard, "code_entry")));

  code = read_code (phone);
  set_text (wizard, "code_entry", code);
  next (wizard);
  ld_test_ui_wait_for (!page_is (wizard, "phone") && !ld_registration_wizard_get_busy (wizard));
}

static void
fill_form (LdRegistrationWizard *wizard,
           const char           *last_name,
           const char           *first_name,
           const char           *birth_date)
{
  LdRegistrationForm *form = LD_REGISTRATION_FORM (part (wizard, "form"));

  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "last_name")), last_name);
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "first_name")), first_name);
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "birth_date")), birth_date);
}

/* the consent page: both consents given, on to the password page */
static void
give_consent (LdRegistrationWizard *wizard)
{
  wait_page (wizard, "consent");
  set_check (wizard, "offer_check", TRUE);
  set_check (wizard, "personal_data_check", TRUE);
  next (wizard);
  wait_page (wizard, "password");
}

/* from the consent page through the password to the application form */
static void
consent_to_form (LdRegistrationWizard *wizard)
{
  give_consent (wizard);
  next (wizard);
  wait_page (wizard, "form");
}

static JsonNode *
member_get (gint64 member_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);

  return server_get (path);
}

static JsonNode *
draft_get (gint64 draft_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/registrations/%" G_GINT64_FORMAT, draft_id);

  return server_get (path);
}

/* the member's cards of @type ("physical", "virtual") */
static guint
count_cards (JsonNode   *member,
             const char *type)
{
  JsonArray *cards = json_object_get_array_member (json_node_get_object (member), "cards");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (cards); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (cards, i),
                                                               "type", ""), type) == 0)
      n++;

  return n;
}

/* ---- the main window, for the entry points */

static LdApplication *
app_new (void)
{
  return ld_test_ui_app_new ("RegistrationTest");
}

static LdWindow *
window_new (LdApplication *app,
            LdClient      *client)
{
  LdWindow *window = LD_WINDOW (ld_window_new (app, client));

  gtk_window_present (GTK_WINDOW (window));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (window)) && ld_window_get_config (window) != NULL);

  return window;
}

static guint
count_tabs (LdWindow *window,
            GType     type)
{
  AdwTabView *tab_view = ld_window_get_tab_view (window);
  guint n = 0;

  for (int i = 0; i < adw_tab_view_get_n_pages (tab_view); i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (adw_tab_page_get_child (adw_tab_view_get_nth_page (tab_view, i)), type))
      n++;

  return n;
}

/* the window's selected tab, once it is a @type */
static GtkWidget *
wait_tab (LdWindow *window,
          GType     type)
{
  ld_test_ui_wait_for (G_TYPE_CHECK_INSTANCE_TYPE (ld_test_ui_selected_tab_child (window), type));

  return ld_test_ui_selected_tab_child (window);
}

/* a call from @phone, which no member has: the screen pop's page */
static LdUnknownCallerPage *
incoming_unknown_call (LdWindow   *window,
                       const char *phone)
{
  ld_window_incoming_call (window, phone);

  return LD_UNKNOWN_CALLER_PAGE (wait_tab (window, LD_TYPE_UNKNOWN_CALLER_PAGE));
}

/* ---- a network that loses answers: a proxy in front of the real server */

/* a request failed on the way: the page and what was typed stay, the wizard says why */
static void
wait_lost (LdRegistrationWizard *wizard,
           const char           *page)
{
  wait_error (wizard);
  g_test_message ("answer lost on %s: %s", page, ld_registration_wizard_get_error (wizard));
  g_assert_cmpstr (ld_registration_wizard_get_page (wizard), ==, page);
  g_assert_true (gtk_widget_get_sensitive (part (wizard, "next_button")));
}

static guint
count_members (const char *phone)
{
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/members?phone=%s", escaped);
  g_autoptr(JsonNode) found = server_get (path);

  return (guint) ld_test_json_int (found, "total");
}

/* ---- the tests */

/* An incoming call from an unknown number: Register on the "not registered" page opens the
 * wizard in its place; a free card with its block, the code from the outbox (a wrong one
 * first), consent, password, the form (empty first), and the new member's profile opens */
static void
test_by_call_with_card (void)
{
  const char *phone = "+79995550101";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  LdApplication *app = app_new ();
  LdWindow *window = window_new (app, client);
  g_autofree char *card = free_card (TRUE);
  g_autoptr(JsonNode) card_before = NULL;
  g_autoptr(JsonNode) card_after = NULL;
  g_autoptr(JsonNode) member = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autofree char *card_path = g_strdup_printf ("/api/v1/cards/%s", card);
  g_autofree char *code = NULL;
  g_autofree char *actions_path = NULL;
  LdRegistrationWizard *wizard;
  LdRegistrationForm *form;
  GtkWidget *button;
  gint64 call_id;
  gint64 draft_id;
  gint64 member_id;
  const char *wrong;
  const char *tooltip;

  card_before = server_get (card_path);
  g_test_message ("card %s, balance %" G_GINT64_FORMAT, card, ld_test_json_int (card_before, "balance"));

  /* the screen pop of an unknown number, and its Register button */
  button = ld_unknown_caller_page_get_register_button (incoming_unknown_call (window, phone));
  call_id = ld_call_get_id (ld_window_get_call (window));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");

  wizard = LD_REGISTRATION_WIZARD (wait_tab (window, LD_TYPE_REGISTRATION_WIZARD));
  g_assert_cmpstr (ld_registration_wizard_get_phone (wizard), ==, phone);
  g_assert_cmpint (ld_registration_wizard_get_call_id (wizard), ==, call_id);
  g_assert_cmpuint (count_tabs (window, LD_TYPE_UNKNOWN_CALLER_PAGE), ==, 0);

  /* mode card: card, phone, consent, password, form */
  wait_page (wizard, "card");
  draft_id = ld_registration_wizard_get_draft_id (wizard);
  g_assert_cmpint (draft_id, >, 0);
  assert_progress (wizard, "Step 1 of 5 — Physical card");
  g_assert_true (gtk_widget_get_visible (part (wizard, "without_card_button")));
  g_assert_true (gtk_widget_get_visible (part (wizard, "card_options_group")));
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-card.png");

  /* Search: the card's block; with a balance, where it was first used */
  set_text (wizard, "card_entry", card);
  next (wizard);
  wait_card_found (wizard);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (part (wizard, "card_number_row"))), ==, card);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (part (wizard, "card_state_row"))), ==, "Issued");
  g_assert_cmpint (gtk_widget_get_visible (part (wizard, "card_pos_row")), ==,
                   ld_test_json_int (card_before, "balance") != 0);
  if (ld_test_json_string (card_before, "first_purchase_pos") != NULL)
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (part (wizard, "card_pos_row"))), ==,
                     ld_test_json_string (card_before, "first_purchase_pos"));
  set_check (wizard, "card_virtual_check", TRUE);
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-card-found.png");

  next (wizard);
  wait_page (wizard, "phone");
  assert_progress (wizard, "Step 2 of 5 — Phone confirmation");

  /* the agent may not skip: the button says which right is missing */
  g_assert_false (gtk_widget_get_sensitive (part (wizard, "skip_button")));
  tooltip = gtk_widget_get_tooltip_text (part (wizard, "skip_button"));
  g_assert_nonnull (strstr (tooltip, "member.register_skip_phone_confirmation"));

  /* Next sends the code; another may go only after the cool-down */
  next (wizard);
  wait_code_sent (wizard);
  g_assert_false (gtk_widget_get_sensitive (part (wizard, "send_code_button")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (part (wizard, "code_send_row"))),
                            "another code can go in"));

  /* a wrong code: the server's words and the tries left */
  code = read_code (phone);
  wrong = g_str_equal (code, "000000") ? "111111" : "000000";
  set_text (wizard, "code_entry", wrong);
  next (wizard);
  ld_test_ui_wait_for (ld_registration_wizard_get_error (wizard) != NULL &&
                       strstr (ld_registration_wizard_get_error (wizard), "tries left") != NULL &&
                       !ld_registration_wizard_get_busy (wizard));
  g_test_message ("wrong code: %s", ld_registration_wizard_get_error (wizard));
  g_assert_nonnull (strstr (ld_registration_wizard_get_error (wizard), "4 tries left"));
  g_assert_true (gtk_widget_has_css_class (part (wizard, "code_entry"), "error"));
  g_assert_cmpstr (ld_registration_wizard_get_page (wizard), ==, "phone");
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-phone.png");

  set_text (wizard, "code_entry", code);
  g_assert_false (gtk_widget_has_css_class (part (wizard, "code_entry"), "error"));
  next (wizard);
  wait_page (wizard, "consent");
  assert_progress (wizard, "Step 3 of 5 — Consent");

  /* Back shows the step as it was; Next goes on without asking the server again */
  activate (wizard, "wizard.back");
  wait_page (wizard, "phone");
  assert_progress (wizard, "Step 2 of 5 — Phone confirmation (saved)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (wizard, "code_entry"))), ==, code);
  g_assert_false (gtk_widget_get_sensitive (part (wizard, "phone_page")));
  next (wizard);
  wait_page (wizard, "consent");

  set_check (wizard, "offer_check", TRUE);
  set_check (wizard, "personal_data_check", TRUE);
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-consent.png");
  next (wizard);
  wait_page (wizard, "password");
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-password.png");
  next (wizard);
  wait_page (wizard, "form");
  assert_progress (wizard, "Step 5 of 5 — Application form");

  /* Save with nothing filled: the first required field is named and marked */
  form = LD_REGISTRATION_FORM (part (wizard, "form"));
  g_assert_cmpuint (ld_registration_form_get_n_fields (form), >=, 3);
  next (wizard);
  g_assert_nonnull (ld_registration_wizard_get_error (wizard));
  g_assert_true (gtk_widget_has_css_class (ld_registration_form_get_row (form, "last_name"), "error"));
  g_assert_cmpstr (ld_registration_wizard_get_page (wizard), ==, "form");

  /* a date that is not one */
  fill_form (wizard, "Тестова", "Анна", "31.02.1990");
  next (wizard);
  g_assert_nonnull (ld_registration_wizard_get_error (wizard));
  g_assert_true (gtk_widget_has_css_class (ld_registration_form_get_row (form, "birth_date"), "error"));

  /* Back and forth keeps what was typed */
  activate (wizard, "wizard.back");
  wait_page (wizard, "password");
  next (wizard);
  wait_page (wizard, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "first_name"))), ==, "Анна");

  fill_form (wizard, "Тестова", "Анна", "15.04.1990");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ld_registration_form_get_row (form, "gender")), 1);
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-form.png");
  next (wizard);

  /* the member exists: the profile takes the wizard's place */
  member_id = ld_member_page_get_member_id (LD_MEMBER_PAGE (wait_tab (window, LD_TYPE_MEMBER_PAGE)));
  g_assert_cmpint (member_id, >, 0);
  g_assert_cmpuint (count_tabs (window, LD_TYPE_REGISTRATION_WIZARD), ==, 0);
  g_assert_cmpstr (ld_window_get_last_message (window), ==, "Registration complete");

  /* the call goes on with the caller a member now: the banner names her, not
   * "not registered", until the call ends */
  {
    GtkLabel *caller_label = GTK_LABEL (ld_test_ui_template_child (ld_window_get_call_banner (window),
                                                                   LD_TYPE_CALL_BANNER, "caller_label"));

    g_assert_cmpint (ld_call_get_id (ld_window_get_call (window)), ==, call_id);
    ld_test_ui_wait_for (ld_call_get_member (ld_window_get_call (window)) != NULL);
    g_assert_cmpint (ld_member_get_id (ld_call_get_member (ld_window_get_call (window))), ==, member_id);
    g_test_message ("banner: %s", gtk_label_get_label (caller_label));
    g_assert_nonnull (strstr (gtk_label_get_label (caller_label), "Анна Тестова"));
    g_assert_nonnull (strstr (gtk_label_get_label (caller_label), phone));
    g_assert_null (strstr (gtk_label_get_label (caller_label), "not registered"));
  }

  /* what the server stored */
  member = member_get (member_id);
  g_assert_cmpstr (ld_test_json_string (member, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (member, "last_name"), ==, "Тестова");
  g_assert_cmpstr (ld_test_json_string (member, "first_name"), ==, "Анна");
  g_assert_cmpstr (ld_test_json_string (member, "birth_date"), ==, "1990-04-15");
  g_assert_cmpstr (ld_test_json_string (member, "main_card.number"), ==, card);
  g_assert_cmpuint (count_cards (member, "virtual"), ==, 1);
  g_assert_cmpint (ld_test_json_int (member, "account.balance"), ==, ld_test_json_int (card_before, "balance"));

  card_after = server_get (card_path);
  g_assert_cmpstr (ld_test_json_string (card_after, "state"), ==, "activated");
  g_assert_cmpint (ld_test_json_int (card_after, "owner_id"), ==, member_id);

  actions_path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/actions", member_id);
  actions = server_get (actions_path);
  {
    JsonArray *items = json_object_get_array_member (json_node_get_object (actions), "items");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *action = json_array_get_object_element (items, i);

        if (g_strcmp0 (json_object_get_string_member_with_default (action, "action", ""), "registration") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member_with_default (action, "operator_login", ""), ==, "agent");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* the welcome SMS with the Personal Account password went out */
  g_assert_cmpuint (count_outbox (phone, "Код подтверждения"), >=, 1);
  g_assert_cmpuint (count_outbox (phone, NULL), >, count_outbox (phone, "Код подтверждения"));

  {
    g_autoptr(JsonNode) draft = draft_get (draft_id);

    g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "completed");
    g_assert_cmpint (ld_test_json_int (draft, "member_id"), ==, member_id);
    g_assert_cmpint (ld_test_json_int (draft, "call_id"), ==, call_id);
  }

  ld_test_ui_app_free (app);
}

/* Mode phone with e-mail required and virtual cards: "your number will be linked" first,
 * then the code, the virtual card, the e-mail (validated), and the form has the e-mail */
static void
test_by_call_by_phone (void)
{
  const char *phone = "+79995550102";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonNode) member = NULL;
  LdRegistrationForm *form;
  Fixture fixture;

  saved = config_put_registration ("phone", TRUE, TRUE, NULL);

  fixture_open_for_call (&fixture, client, phone);

  /* phone, virtual_card, email, consent, password, form */
  wait_page (fixture.wizard, "phone-link");
  assert_progress (fixture.wizard, "Step 1 of 6 — Phone confirmation");
  g_assert_false (gtk_widget_get_sensitive (part (fixture.wizard, "back_button")));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-phone-link.png");
  next (fixture.wizard);

  confirm_phone (fixture.wizard, phone);
  wait_page (fixture.wizard, "virtual_card");
  assert_progress (fixture.wizard, "Step 2 of 6 — Virtual card");
  set_check (fixture.wizard, "virtual_check", TRUE);
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-virtual-card.png");
  next (fixture.wizard);

  /* an address that is not one stays on the page, marked */
  wait_page (fixture.wizard, "email");
  set_text (fixture.wizard, "email_entry", "anna@");
  next (fixture.wizard);
  g_assert_nonnull (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_true (gtk_widget_has_css_class (part (fixture.wizard, "email_entry"), "error"));
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "email");
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-email.png");
  set_text (fixture.wizard, "email_entry", "anna.phone@example.org");
  next (fixture.wizard);

  consent_to_form (fixture.wizard);

  form = LD_REGISTRATION_FORM (part (fixture.wizard, "form"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "email"))), ==,
                   "anna.phone@example.org");
  fill_form (fixture.wizard, "Телефонова", "Анна", "1985-01-20");
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "children")), "2");
  adw_action_row_activate (ADW_ACTION_ROW (ld_registration_form_get_row (form, "has_car")));
  next (fixture.wizard);

  wait_page (fixture.wizard, "done");
  g_assert_cmpint (fixture.completed, >, 0);
  g_assert_cmpint (fixture.completed, ==, ld_registration_wizard_get_member_id (fixture.wizard));
  assert_progress (fixture.wizard, "Registration complete");
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-done.png");

  /* Open the Profile asks the window for the new member */
  activate (fixture.wizard, "wizard.open-member");
  g_assert_cmpint (fixture.opened, ==, fixture.completed);

  member = member_get (fixture.completed);
  g_assert_cmpstr (ld_test_json_string (member, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (member, "email"), ==, "anna.phone@example.org");
  g_assert_cmpuint (count_cards (member, "physical"), ==, 0);
  g_assert_cmpuint (count_cards (member, "virtual"), ==, 1);
  g_assert_cmpint (ld_test_json_int (member, "answers.children"), ==, 2);
  g_assert_true (json_node_get_boolean (ld_test_json_path (member, "answers.has_car")));

  fixture_close (&fixture);
  config_put (saved);
}

/* "Register Without a Call": the right decides; the number is asked first; "continue by
 * phone without a card"; the profile opens in the window */
static void
test_without_call (void)
{
  g_autoptr(LdClient) agent = client_new_logged_in ("agent");
  g_autoptr(LdClient) supervisor = client_new_logged_in ("supervisor");
  g_autoptr(JsonNode) member = NULL;
  LdApplication *app = app_new ();
  LdWindow *window;
  LdRegistrationPhoneDialog *dialog;
  LdRegistrationWizard *wizard;
  GtkWidget *register_button;
  GtkWidget *entry;
  const char *phone = "+79995550103";
  gint64 member_id;

  /* an agent lacks member.register_without_call: insensitive, and says why */
  window = window_new (app, agent);
  register_button = ld_test_ui_template_child (ld_window_get_search_page (window), LD_TYPE_SEARCH_PAGE, "register_button");
  g_assert_false (gtk_widget_is_sensitive (register_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (register_button), "member.register_without_call"));
  gtk_window_destroy (GTK_WINDOW (window));
  /* the agent window's cancelled requests have called back */
  ld_test_ui_settle (agent);

  window = window_new (app, supervisor);
  register_button = ld_test_ui_template_child (ld_window_get_search_page (window), LD_TYPE_SEARCH_PAGE, "register_button");
  g_assert_true (gtk_widget_is_sensitive (register_button));
  g_signal_emit_by_name (register_button, "clicked");

  /* the number first: Register only once it is one */
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (LD_TYPE_REGISTRATION_PHONE_DIALOG) != NULL);
  dialog = LD_REGISTRATION_PHONE_DIALOG (ld_test_ui_find_toplevel (LD_TYPE_REGISTRATION_PHONE_DIALOG));
  entry = ld_registration_phone_dialog_get_entry (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "12ab");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "register"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "8 (495) 739-00-00");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "register"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "8 (999) 555-01-03");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "register"));
  g_assert_cmpstr (ld_registration_phone_dialog_get_phone (dialog), ==, phone);
  ld_test_ui_save_screenshot (GTK_WIDGET (dialog), "registration-without-call.png");
  g_signal_emit_by_name (entry, "entry-activated");

  wizard = LD_REGISTRATION_WIZARD (wait_tab (window, LD_TYPE_REGISTRATION_WIZARD));
  g_assert_cmpstr (ld_registration_wizard_get_phone (wizard), ==, phone);
  g_assert_cmpint (ld_registration_wizard_get_call_id (wizard), ==, 0);

  /* no card: the path becomes the phone's */
  wait_page (wizard, "card");
  activate (wizard, "wizard.without-card");
  wait_page (wizard, "phone-link");
  assert_progress (wizard, "Step 2 of 6 — Phone confirmation");
  next (wizard);
  confirm_phone (wizard, phone);
  wait_page (wizard, "virtual_card");
  next (wizard);
  consent_to_form (wizard);
  fill_form (wizard, "Безкарточная", "Вера", "02.03.1977");
  next (wizard);

  member_id = ld_member_page_get_member_id (LD_MEMBER_PAGE (wait_tab (window, LD_TYPE_MEMBER_PAGE)));
  member = member_get (member_id);
  g_assert_cmpstr (ld_test_json_string (member, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (member, "last_name"), ==, "Безкарточная");
  g_assert_cmpuint (count_cards (member, "physical"), ==, 0);

  ld_test_ui_app_free (app);
}

/* The wizard destroyed mid-way and opened again for the number: same draft, same step,
 * the card and the sent code still there; then Escape asks, and cancelling deletes it */
static void
test_resume (void)
{
  const char *phone = "+79995550104";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autofree char *card = free_card (FALSE);
  g_autoptr(JsonNode) draft = NULL;
  g_autofree char *code = NULL;
  Fixture fixture;
  gint64 call_id;
  gint64 draft_id;

  call_id = fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "card");
  draft_id = ld_registration_wizard_get_draft_id (fixture.wizard);
  set_text (fixture.wizard, "card_entry", card);
  next (fixture.wizard);
  wait_card_found (fixture.wizard);
  next (fixture.wizard);
  wait_page (fixture.wizard, "phone");
  next (fixture.wizard);
  wait_code_sent (fixture.wizard);
  fixture_close (&fixture);

  /* again: the phone step, the card entered, the code sent */
  fixture_open (&fixture, client, phone, call_id);
  wait_page (fixture.wizard, "phone");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (fixture.wizard), ==, draft_id);
  g_assert_true (gtk_widget_get_sensitive (part (fixture.wizard, "code_entry")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (part (fixture.wizard, "code_send_row"))), "Sent at"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture.wizard, "card_entry"))), ==, card);
  activate (fixture.wizard, "wizard.back");
  wait_page (fixture.wizard, "card");
  g_assert_true (gtk_widget_get_visible (part (fixture.wizard, "card_group")));
  g_assert_false (gtk_widget_get_sensitive (part (fixture.wizard, "card_page")));
  next (fixture.wizard);

  code = read_code (phone);
  wait_page (fixture.wizard, "phone");
  set_text (fixture.wizard, "code_entry", code);
  next (fixture.wizard);
  consent_to_form (fixture.wizard);

  /* an answer only the server refuses (over 500 characters): its message, the field
   * it names marked, and what was typed kept in the draft */
  {
    LdRegistrationForm *form = LD_REGISTRATION_FORM (part (fixture.wizard, "form"));
    g_autofree char *city = g_strnfill (501, 'x');

    fill_form (fixture.wizard, "Возвратова", "Ольга", "1970-07-07");
    gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "city")), city);
    next (fixture.wizard);
    wait_error (fixture.wizard);
    g_test_message ("server refused: %s", ld_registration_wizard_get_error (fixture.wizard));
    g_assert_true (gtk_widget_has_css_class (ld_registration_form_get_row (form, "city"), "error"));
    g_assert_true (g_str_has_prefix (ld_registration_wizard_get_error (fixture.wizard), "Город: "));
    g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "form");
  }
  fixture_close (&fixture);

  /* and again after a restart (a new session), at the form, with the answers typed before */
  g_clear_object (&client);
  client = client_new_logged_in ("agent");
  fixture_open (&fixture, client, phone, call_id);
  wait_page (fixture.wizard, "form");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (fixture.wizard), ==, draft_id);
  {
    LdRegistrationForm *form = LD_REGISTRATION_FORM (part (fixture.wizard, "form"));

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "last_name"))), ==,
                     "Возвратова");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "birth_date"))), ==,
                     "1970-07-07");
  }

  /* Escape asks first: keep, then cancel for good */
  activate (fixture.wizard, "wizard.cancel");
  respond (ADW_TYPE_MESSAGE_DIALOG, "keep");
  g_assert_cmpuint (fixture.closed, ==, 0);
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "form");

  cancel_for_good (&fixture);

  draft = draft_get (draft_id);
  g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "cancelled");

  fixture_close (&fixture);

  /* the card is free again */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/cards/%s", card);
    g_autoptr(JsonNode) node = server_get (path);

    g_assert_cmpstr (ld_test_json_string (node, "state"), ==, "issued");
  }
}

/* A card linked to another member stops the step with that message and offers the
 * owner's profile */
static void
test_card_linked_elsewhere (void)
{
  const char *phone = "+79995550105";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autoptr(JsonNode) owner = server_get ("/api/v1/members/2");
  const char *card = ld_test_json_string (owner, "main_card.number");
  Fixture fixture;

  g_assert_nonnull (card);
  fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "card");

  set_text (fixture.wizard, "card_entry", card);
  g_signal_emit_by_name (part (fixture.wizard, "card_entry"), "entry-activated");
  ld_test_ui_wait_for (gtk_widget_get_visible (part (fixture.wizard, "card_linked_group")) &&
                       !ld_registration_wizard_get_busy (fixture.wizard));
  g_assert_false (gtk_widget_get_visible (part (fixture.wizard, "card_group")));
  g_assert_nonnull (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_true (gtk_widget_get_sensitive (part (fixture.wizard, "open_owner_button")));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-card-linked.png");

  /* Next searches again, it does not link */
  next (fixture.wizard);
  wait_idle (&fixture);
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "card");

  activate (fixture.wizard, "wizard.open-owner");
  g_assert_cmpint (fixture.opened, ==, 2);

  /* another number: the stop goes away */
  set_text (fixture.wizard, "card_entry", "");
  g_assert_false (gtk_widget_get_visible (part (fixture.wizard, "card_linked_group")));
  g_assert_false (gtk_widget_get_sensitive (part (fixture.wizard, "open_owner_button")));

  cancel_for_good (&fixture);
  fixture_close (&fixture);
}

/* Consent refused: asked, then the draft is cancelled and nothing is created; a supervisor
 * may register without the code */
static void
test_consent_refused (void)
{
  const char *phone = "+79995550106";
  g_autoptr(LdClient) client = client_new_logged_in ("supervisor");
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) found = NULL;
  Fixture fixture;
  gint64 draft_id;

  fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "card");
  draft_id = ld_registration_wizard_get_draft_id (fixture.wizard);
  activate (fixture.wizard, "wizard.without-card");
  wait_page (fixture.wizard, "phone-link");
  next (fixture.wizard);
  wait_page (fixture.wizard, "phone");
  g_assert_true (gtk_widget_get_sensitive (part (fixture.wizard, "skip_button")));
  activate (fixture.wizard, "wizard.skip-confirmation");
  wait_page (fixture.wizard, "virtual_card");
  next (fixture.wizard);
  wait_page (fixture.wizard, "consent");

  /* Next without both consents asks; Go Back keeps the page */
  set_check (fixture.wizard, "offer_check", TRUE);
  next (fixture.wizard);
  respond (ADW_TYPE_MESSAGE_DIALOG, "back");
  /* nothing was sent and nothing is left to run: the page stays */
  ld_test_ui_settle (client);
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "consent");

  /* The Caller Refuses, and ends it */
  activate (fixture.wizard, "wizard.refuse-consent");
  respond (ADW_TYPE_MESSAGE_DIALOG, "end");
  wait_page (fixture.wizard, "ended");
  g_assert_false (gtk_widget_get_visible (part (fixture.wizard, "next_button")));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-ended.png");

  draft = draft_get (draft_id);
  g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "cancelled");
  g_assert_true (ld_test_json_path (draft, "member_id") == NULL ||
                 JSON_NODE_HOLDS_NULL (ld_test_json_path (draft, "member_id")));

  found = server_get ("/api/v1/members?phone=%2B79995550106");
  g_assert_cmpint (ld_test_json_int (found, "total"), ==, 0);

  activate (fixture.wizard, "wizard.close");
  g_assert_cmpuint (fixture.closed, ==, 1);
  fixture_close (&fixture);
}

/* A number that is not a mobile one: warned first, nothing on the server until confirmed */
static void
test_landline_warned (void)
{
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  Fixture fixture;

  g_assert_false (ld_phone_is_mobile (LANDLINE_NUMBER));
  fixture_open_for_call (&fixture, client, LANDLINE_NUMBER);

  wait_page (fixture.wizard, "landline");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (fixture.wizard), ==, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (fixture.wizard, "next_button"))), ==, "_Register Anyway");
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-landline.png");

  next (fixture.wizard);
  wait_page (fixture.wizard, "card");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (fixture.wizard), >, 0);

  cancel_for_good (&fixture);
  fixture_close (&fixture);
}

/* A number that belongs to a member already: the server says so and the wizard offers
 * the member instead */
static void
test_phone_already_registered (void)
{
  g_autoptr(LdClient) client = client_new_logged_in ("supervisor");
  g_autoptr(JsonNode) member = server_get ("/api/v1/members/3");
  Fixture fixture;

  fixture_open (&fixture, client, ld_test_json_string (member, "phone"), 0);
  wait_page (fixture.wizard, "failed");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (fixture.wizard), ==, 0);
  g_assert_true (gtk_widget_get_visible (part (fixture.wizard, "open_existing_button")));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture.window), "registration-already-member.png");

  activate (fixture.wizard, "wizard.open-existing");
  ld_test_ui_wait_for (fixture.opened != 0);
  g_assert_cmpint (fixture.opened, ==, 3);

  /* nothing was started: Cancel just closes */
  activate (fixture.wizard, "wizard.cancel");
  g_assert_cmpuint (fixture.closed, ==, 1);
  fixture_close (&fixture);
}

/* types @keys (xdotool's "key" names, or text with @type) into the window under the pointer */
static void
send_keys (const char *command,
           const char *keys)
{
  ld_test_ui_send_keys (400, 300, command, keys);
}

/* Escape asks before cancelling; @key answers "keep registering" and the wizard stays */
static void
escape_then_keep (Fixture    *fixture,
                  const char *key)
{
  GtkWindow *dialog = NULL;

  send_keys ("key", "Escape");
  ld_test_ui_wait_for ((dialog = ld_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  /* the X server gives the question the keyboard: then @key goes to it */
  ld_test_ui_wait_for (gtk_window_is_active (dialog));
  send_keys ("key", key);
  ld_test_ui_wait_for (ld_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_cmpuint (fixture->closed, ==, 0);
}

/* Keyboard only, with real keys through the X server: the focus lands in the step's
 * field, Enter searches and goes on, Escape asks before cancelling */
static void
test_keyboard_only (void)
{
  const char *phone = "+79995550107";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *card = free_card (FALSE);
  g_autofree char *code = NULL;
  Fixture fixture;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: real keys cannot be sent");
      return;
    }

  fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "card");
  ld_test_ui_wait_for (has_focus_in (part (fixture.wizard, "card_entry")));

  /* Escape in the entry asks too; Escape again keeps registering */
  escape_then_keep (&fixture, "Escape");
  ld_test_ui_wait_for (has_focus_in (part (fixture.wizard, "card_entry")));

  /* the number, Enter: the card's block; Enter again: the next step */
  send_keys ("type", card);
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (part (fixture.wizard, "card_entry"))), card) == 0);
  send_keys ("key", "Return");
  wait_card_found (fixture.wizard);
  send_keys ("key", "Return");
  wait_page (fixture.wizard, "phone");

  /* Enter sends the code, then the focus is in the code's field */
  send_keys ("key", "Return");
  ld_test_ui_wait_for (has_focus_in (part (fixture.wizard, "code_entry")) && !ld_registration_wizard_get_busy (fixture.wizard));
  code = read_code (phone);
  send_keys ("type", code);
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (part (fixture.wizard, "code_entry"))), code) == 0);
  send_keys ("key", "Return");
  wait_page (fixture.wizard, "consent");
  ld_test_ui_wait_for (has_focus_in (part (fixture.wizard, "offer_check")));

  /* Alt+Left is Back */
  send_keys ("key", "alt+Left");
  wait_page (fixture.wizard, "phone");
  send_keys ("key", "Return");
  wait_page (fixture.wizard, "consent");

  /* Escape asks; Enter keeps registering */
  escape_then_keep (&fixture, "Return");
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "consent");

  cancel_for_good (&fixture);
  fixture_close (&fixture);
}

/* The application form on its own: a row per field by type, required ones starred,
 * answers typed and normalised, refused when they do not fit, put back from a draft */
static void
test_form_types (void)
{
  g_autoptr(JsonNode) fields = json_from_string (
    "[{\"key\":\"last_name\",\"label\":\"Фамилия\",\"type\":\"text\",\"required\":true},"
    " {\"key\":\"birth_date\",\"label\":\"Дата рождения\",\"type\":\"date\",\"required\":true},"
    " {\"key\":\"mobile\",\"label\":\"Второй телефон\",\"type\":\"phone\"},"
    " {\"key\":\"mail\",\"label\":\"Почта\",\"type\":\"email\"},"
    " {\"key\":\"weight\",\"label\":\"Вес\",\"type\":\"number\"},"
    " {\"key\":\"size\",\"label\":\"Размер\",\"type\":\"choice\",\"required\":true,\"options\":[\"S\",\"M\",{\"key\":\"l\",\"label\":\"L\"}]},"
    " {\"key\":\"pets\",\"label\":\"Питомцы\",\"type\":\"bool\"},"
    " 42, {\"label\":\"без ключа\"}]", NULL);
  g_autoptr(JsonNode) saved = json_from_string ("{\"last_name\":\"Черновая\",\"weight\":61.5,\"size\":\"l\",\"pets\":true}", NULL);
  g_autoptr(JsonObject) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  LdRegistrationForm *form = LD_REGISTRATION_FORM (g_object_ref_sink (ld_registration_form_new ()));
  GtkWidget *row;

  ld_registration_form_set_fields (form, json_node_get_array (fields));
  g_assert_cmpuint (ld_registration_form_get_n_fields (form), ==, 7);

  row = ld_registration_form_get_row (form, "last_name");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Фамилия *");
  g_assert_true (ADW_IS_COMBO_ROW (ld_registration_form_get_row (form, "size")));
  g_assert_true (ADW_IS_ACTION_ROW (ld_registration_form_get_row (form, "pets")));
  g_assert_cmpstr (ld_registration_form_get_label (form, "mobile"), ==, "Второй телефон");

  /* required, first missing one named */
  g_assert_false (ld_registration_form_validate (form, &key, &error));
  g_assert_cmpstr (key, ==, "last_name");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_error (&error);
  g_clear_pointer (&key, g_free);

  /* typed as agents type */
  gtk_editable_set_text (GTK_EDITABLE (row), "  Иванова ");
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "birth_date")), "01.02.1980");
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "mobile")), "8 (916) 000-11-22");
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "mail")), "Ivanova@Example.ORG");
  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "weight")), "abc");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ld_registration_form_get_row (form, "size")), 2);

  /* a number that is not one */
  g_assert_false (ld_registration_form_validate (form, &key, &error));
  g_assert_cmpstr (key, ==, "weight");
  g_assert_nonnull (strstr (error->message, "Вес"));
  g_clear_error (&error);
  g_clear_pointer (&key, g_free);

  gtk_editable_set_text (GTK_EDITABLE (ld_registration_form_get_row (form, "weight")), "70");
  g_assert_true (ld_registration_form_validate (form, &key, &error));
  g_assert_no_error (error);
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  answers = ld_registration_form_get_answers (form);
  text = ld_json_object_to_string (answers);
  g_test_message ("answers: %s", text);
  g_assert_cmpstr (json_object_get_string_member (answers, "last_name"), ==, "Иванова");
  g_assert_cmpstr (json_object_get_string_member (answers, "birth_date"), ==, "1980-02-01");
  g_assert_cmpstr (json_object_get_string_member (answers, "mobile"), ==, "+79160001122");
  g_assert_cmpstr (json_object_get_string_member (answers, "mail"), ==, "Ivanova@example.org");
  g_assert_cmpint (json_object_get_int_member (answers, "weight"), ==, 70);
  g_assert_cmpstr (json_object_get_string_member (answers, "size"), ==, "M");
  g_assert_false (json_object_get_boolean_member (answers, "pets"));

  /* a draft's answers come back into the rows */
  ld_registration_form_set_answers (form, json_node_get_object (saved));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Черновая");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "weight"))), ==, "61.5");
  g_clear_pointer (&answers, json_object_unref);
  answers = ld_registration_form_get_answers (form);
  g_assert_cmpstr (json_object_get_string_member (answers, "size"), ==, "l");
  g_assert_true (json_object_get_boolean_member (answers, "pets"));
  g_assert_cmpfloat (json_object_get_double_member (answers, "weight"), ==, 61.5);

  /* the e-mail of the e-mail step only fills an empty field */
  ld_registration_form_set_text (form, "mail", "other@example.org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ld_registration_form_get_row (form, "mail"))), ==,
                   "Ivanova@Example.ORG");

  g_assert_finalize_object (form);
}

/* The server gone mid-way: the step stays, what was typed stays, and the wizard says why */
static void
test_server_gone_keeps_step (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (2, NULL);
  g_autoptr(LdClient) client = ld_client_new (ld_test_server_get_url (own));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture;

  ld_client_set_timeout (client, 3);
  ld_client_login_async (client, "supervisor", LD_TEST_PASSWORD, NULL, ld_test_store_result_cb, &result);
  operator = ld_client_login_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);

  fixture_open (&fixture, client, "+79995550109", 0);
  wait_page (fixture.wizard, "card");
  set_text (fixture.wizard, "card_entry", "2700000000999");

  g_assert_true (ld_test_server_stop (own));
  next (fixture.wizard);
  wait_idle (&fixture);
  wait_error (fixture.wizard);
  g_test_message ("server gone: %s", ld_registration_wizard_get_error (fixture.wizard));

  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "card");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture.wizard, "card_entry"))), ==, "2700000000999");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (part (fixture.wizard, "error_revealer"))));
  g_assert_true (gtk_widget_get_sensitive (part (fixture.wizard, "next_button")));

  fixture_close (&fixture);
}

/* The network lost the answers of steps the server had done: Next again re-sends the same
 * Idempotency-Key, the server answers its first answer and does nothing twice (one code,
 * one welcome SMS, one member), and the wizard goes on to the next step */
static void
test_network_lost_retries_same_key (void)
{
  const char *phone = "+79995550111";
  const char *code_sms = "Код подтверждения";
  g_autofree char *card = free_card (FALSE);
  g_autofree char *code = NULL;
  g_autoptr(LdClient) client = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  Fixture fixture;
  gint64 draft_id;
  guint n_messages;

  client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "card");
  draft_id = ld_registration_wizard_get_draft_id (fixture.wizard);

  /* the card: taken by the server, the connection broken before its answer */
  set_text (fixture.wizard, "card_entry", card);
  next (fixture.wizard);
  wait_card_found (fixture.wizard);
  ld_test_proxy_lose_next_answer (proxy, "/card", 0);
  next (fixture.wizard);
  wait_lost (fixture.wizard, "card");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (fixture.wizard, "card_entry"))), ==, card);
  draft = draft_get (draft_id);
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "phone");
  g_clear_pointer (&draft, json_node_unref);

  next (fixture.wizard);
  wait_page (fixture.wizard, "phone");
  ld_test_proxy_assert_retried_with_same_key (proxy, "/card");
  g_assert_null (ld_registration_wizard_get_error (fixture.wizard));

  /* the code: sent by SMS, but a gateway timed out instead of answering; again, and no
   * second SMS (a new request would be refused for the cool-down) */
  ld_test_proxy_lose_next_answer (proxy, "/phone/send-code", SOUP_STATUS_GATEWAY_TIMEOUT);
  next (fixture.wizard);
  wait_lost (fixture.wizard, "phone");
  g_assert_false (gtk_widget_get_sensitive (part (fixture.wizard, "code_entry")));
  g_assert_cmpuint (count_outbox (phone, code_sms), ==, 1);

  next (fixture.wizard);
  wait_code_sent (fixture.wizard);
  ld_test_proxy_assert_retried_with_same_key (proxy, "/phone/send-code");
  g_assert_null (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_true (gtk_widget_get_sensitive (part (fixture.wizard, "code_entry")));
  g_assert_cmpuint (count_outbox (phone, code_sms), ==, 1);

  code = read_code (phone);
  set_text (fixture.wizard, "code_entry", code);
  next (fixture.wizard);
  give_consent (fixture.wizard);

  /* the password: the welcome SMS went out, the connection broke before the answer */
  n_messages = count_outbox (phone, NULL);
  ld_test_proxy_lose_next_answer (proxy, "/password", 0);
  next (fixture.wizard);
  wait_lost (fixture.wizard, "password");
  g_assert_cmpuint (count_outbox (phone, NULL), ==, n_messages + 1);

  next (fixture.wizard);
  wait_page (fixture.wizard, "form");
  ld_test_proxy_assert_retried_with_same_key (proxy, "/password");
  g_assert_null (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_cmpuint (count_outbox (phone, NULL), ==, n_messages + 1);

  /* the completion: the member exists, the answer lost; again: the same member */
  fill_form (fixture.wizard, "Сетевая", "Нина", "03.03.1983");
  ld_test_proxy_lose_next_answer (proxy, "/complete", 0);
  next (fixture.wizard);
  wait_lost (fixture.wizard, "form");
  g_assert_cmpuint (count_members (phone), ==, 1);
  g_assert_cmpint (fixture.completed, ==, 0);

  next (fixture.wizard);
  wait_page (fixture.wizard, "done");
  ld_test_proxy_assert_retried_with_same_key (proxy, "/complete");
  g_assert_null (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_cmpuint (count_members (phone), ==, 1);
  draft = draft_get (draft_id);
  g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "completed");
  g_assert_cmpint (fixture.completed, >, 0);
  g_assert_cmpint (fixture.completed, ==, ld_test_json_int (draft, "member_id"));

  fixture_close (&fixture);
  g_clear_object (&client);
  g_clear_object (&proxy);
}

/* A wizard closed while its first requests are on the way cancels them and goes quietly */
static void
test_closed_while_starting (void)
{
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  Fixture fixture;

  g_autoptr(LdRegistrationWizard) wizard = NULL;

  fixture_open_for_call (&fixture, client, "+79995550108");
  wizard = g_object_ref (fixture.wizard);
  g_assert_true (ld_registration_wizard_get_busy (wizard));
  g_assert_cmpstr (ld_registration_wizard_get_page (wizard), ==, "starting");
  fixture_close (&fixture);

  /* the answers, cancelled, change nothing (fixture_close waited for them to call back) */
  ld_test_ui_wait_for (!ld_registration_wizard_get_busy (wizard));
  ld_test_ui_settle (client);
  g_assert_cmpstr (ld_registration_wizard_get_page (wizard), ==, "starting");
  g_assert_cmpint (ld_registration_wizard_get_draft_id (wizard), ==, 0);
}

/* The code the caller reads out came too late: the server's "expired, send a new one",
 * Send Again focused, and the new code goes through */
static void
test_code_expired (void)
{
  const char *phone = "+79995550123";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *code = NULL;
  g_autofree char *fresh = NULL;
  Fixture fixture;

  saved = config_put_registration ("phone", FALSE, FALSE, NULL);

  /* the registration starts with the server's clock eleven minutes behind: when they have
   * passed, its clock agrees with the app's again, and the app, which reckons by its own
   * clock when Send Again may go, sees the cool-down of a code that old as long over */
  ld_test_server_advance_clock (server, -11 * 60);

  fixture_open_for_call (&fixture, client, phone);
  wait_page (fixture.wizard, "phone-link");
  next (fixture.wizard);
  wait_page (fixture.wizard, "phone");
  next (fixture.wizard);
  wait_code_sent (fixture.wizard);
  code = read_code (phone);

  /* eleven minutes pass for the server (the code is good for ten) */
  ld_test_server_advance_clock (server, 11 * 60);

  set_text (fixture.wizard, "code_entry", code);
  next (fixture.wizard);
  ld_test_ui_wait_for (ld_registration_wizard_get_error (fixture.wizard) != NULL &&
                       !ld_registration_wizard_get_busy (fixture.wizard) &&
                       gtk_widget_get_sensitive (part (fixture.wizard, "send_code_button")));
  g_test_message ("expired: %s", ld_registration_wizard_get_error (fixture.wizard));
  g_assert_nonnull (strstr (ld_registration_wizard_get_error (fixture.wizard), "expired"));
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "phone");
  g_assert_true (gtk_widget_has_css_class (part (fixture.wizard, "code_entry"), "error"));
  ld_test_ui_wait_for (has_focus_in (part (fixture.wizard, "send_code_button")));

  /* Send Again: a new code, and it is good */
  activate (fixture.wizard, "wizard.send-code");
  ld_test_ui_wait_for (!ld_registration_wizard_get_busy (fixture.wizard) &&
                       !gtk_widget_get_sensitive (part (fixture.wizard, "send_code_button")));
  fresh = read_code (phone);
  set_text (fixture.wizard, "code_entry", fresh);
  next (fixture.wizard);
  wait_page (fixture.wizard, "consent");

  fixture_close (&fixture);
  config_put (saved);
}

/* A caller whose registration was left half-way: the screen pop says when it was started,
 * by whom and where it stopped, and its button continues it; a long line wraps within the
 * page rather than widening it */
static void
test_unknown_caller_with_open_draft (void)
{
  const char *phone = "+79995550120";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;
  LdApplication *app = app_new ();
  LdWindow *window = window_new (app, client);
  LdUnknownCallerPage *page;
  LdRegistrationWizard *wizard;
  GtkWidget *button;
  GtkWidget *label;
  const char *text;
  gint64 draft_id;
  int height, window_min;

  /* a supervisor with a long name started it earlier, during another call */
  ld_test_server_create_operator_full (server, "supervisor-long",
                                       "Старший смены Константин Константинович "
                                       "Константинопольский-Задунайский (вечерняя смена, второй этаж)",
                                       "supervisor", NULL, NULL);
  token = ld_test_server_login (server, "supervisor-long", LD_TEST_PASSWORD);
  body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  call = server_call ("POST", "/api/v1/calls", token, body, 201);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":%" G_GINT64_FORMAT "}",
                          phone, ld_test_json_int (call, "call.id"));
  draft = server_call ("POST", "/api/v1/registrations", token, body, 201);
  draft_id = ld_test_json_int (draft, "id");
  g_assert_nonnull (ld_test_json_string (draft, "operator_name"));
  g_assert_cmpstr (ld_test_json_string (draft, "operator_login"), ==, "supervisor-long");

  page = incoming_unknown_call (window, phone);
  button = ld_unknown_caller_page_get_register_button (page);
  ld_test_ui_wait_for (ld_unknown_caller_page_get_draft (page) != NULL);
  g_assert_cmpint (ld_registration_draft_get_id (ld_unknown_caller_page_get_draft (page)), ==, draft_id);

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Continue Registration");
  g_assert_true (gtk_widget_is_sensitive (button));
  label = ld_test_ui_template_child (page, LD_TYPE_UNKNOWN_CALLER_PAGE, "draft_label");
  g_assert_true (gtk_widget_get_visible (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("draft: %s", text);
  g_assert_nonnull (strstr (text, "was started on"));
  g_assert_nonnull (strstr (text, ld_test_json_string (draft, "operator_name")));
  g_assert_nonnull (strstr (text, ld_registration_step_get_title (ld_registration_step_from_string (ld_test_json_string (draft, "step")))));
  ld_test_ui_save_screenshot (GTK_WIDGET (window), "registration-unknown-caller-draft.png");

  /* it wraps: several lines no wider than the page's column, each shown whole, and the
   * window may still be as narrow as without it */
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
  g_test_message ("draft line: %d×%d px, %d lines", gtk_widget_get_width (label), gtk_widget_get_height (label),
                  pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (gtk_widget_get_width (label), <=, 600);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), >=, 2);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (label), &height, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (label), >=, height);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &window_min, NULL, NULL, NULL);
  g_test_message ("window at least %d px wide", window_min);
  g_assert_cmpint (window_min, <, 600);

  /* Continue: the wizard resumes that draft */
  g_signal_emit_by_name (button, "clicked");
  wizard = LD_REGISTRATION_WIZARD (wait_tab (window, LD_TYPE_REGISTRATION_WIZARD));
  ld_test_ui_wait_for (ld_registration_wizard_get_draft_id (wizard) != 0 && !ld_registration_wizard_get_busy (wizard));
  g_assert_cmpint (ld_registration_wizard_get_draft_id (wizard), ==, draft_id);

  ld_test_ui_app_free (app);
}

/* A number without a draft keeps the plain Register button */
static void
test_unknown_caller_without_draft (void)
{
  const char *phone = "+79995550121";
  g_autoptr(LdClient) client = client_new_logged_in ("agent");
  LdApplication *app = app_new ();
  LdWindow *window = window_new (app, client);
  LdUnknownCallerPage *page;
  GtkWidget *label;

  page = incoming_unknown_call (window, phone);
  /* the page's look-up of a draft has been answered (none) and shown */
  ld_test_ui_settle (client);
  g_assert_null (ld_unknown_caller_page_get_draft (page));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ld_unknown_caller_page_get_register_button (page))), ==,
                   "_Register");
  label = ld_test_ui_template_child (page, LD_TYPE_UNKNOWN_CALLER_PAGE, "draft_label");
  g_assert_false (gtk_widget_get_visible (label));

  ld_test_ui_app_free (app);
}

/* A phone-type field in the configured application form: the wizard shows it, refuses what
 * is not a phone number, and the member keeps it in E.164 */
static void
test_form_phone_field (void)
{
  const char *phone = "+79995550122";
  g_autoptr(LdClient) client = client_new_logged_in ("supervisor");
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonNode) member = NULL;
  JsonObject *field;
  LdRegistrationForm *form;
  GtkWidget *row;
  Fixture fixture;

  field = json_object_new ();
  json_object_set_string_member (field, "key", "second_phone");
  json_object_set_string_member (field, "label", "Второй телефон");
  json_object_set_string_member (field, "type", "phone");
  json_object_set_boolean_member (field, "required", TRUE);
  json_object_set_boolean_member (field, "editable", TRUE);
  saved = config_put_registration ("phone", FALSE, FALSE, field);

  fixture_open (&fixture, client, phone, 0);
  wait_page (fixture.wizard, "phone-link");
  next (fixture.wizard);
  wait_page (fixture.wizard, "phone");
  /* a supervisor may register without the code */
  activate (fixture.wizard, "wizard.skip-confirmation");
  consent_to_form (fixture.wizard);

  form = LD_REGISTRATION_FORM (part (fixture.wizard, "form"));
  row = ld_registration_form_get_row (form, "second_phone");
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Второй телефон *");
  g_assert_cmpint (adw_entry_row_get_input_purpose (ADW_ENTRY_ROW (row)), ==, GTK_INPUT_PURPOSE_PHONE);
  fill_form (fixture.wizard, "Двухтелефонова", "Мария", "12.03.1979");

  /* required: Save names it */
  next (fixture.wizard);
  g_assert_nonnull (ld_registration_wizard_get_error (fixture.wizard));
  g_assert_nonnull (strstr (ld_registration_wizard_get_error (fixture.wizard), "Второй телефон"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "form");

  /* not a phone number: refused before the server is asked, the row marked */
  gtk_editable_set_text (GTK_EDITABLE (row), "12");
  next (fixture.wizard);
  g_assert_nonnull (ld_registration_wizard_get_error (fixture.wizard));
  g_test_message ("bad phone: %s", ld_registration_wizard_get_error (fixture.wizard));
  g_assert_nonnull (strstr (ld_registration_wizard_get_error (fixture.wizard), "Второй телефон"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (ld_registration_wizard_get_page (fixture.wizard), ==, "form");

  gtk_editable_set_text (GTK_EDITABLE (row), "8 (916) 000-11-22");
  next (fixture.wizard);
  wait_page (fixture.wizard, "done");
  g_assert_cmpint (fixture.completed, >, 0);

  member = member_get (fixture.completed);
  g_assert_cmpstr (ld_test_json_string (member, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (member, "answers.second_phone"), ==, "+79160001122");

  fixture_close (&fixture);
  config_put (saved);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);

  server = ld_test_server_new (8, NULL);
  supervisor_token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin_token = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
  used_cards = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/app/registration/form/types-validation-answers", test_form_types);
  g_test_add_func ("/app/registration/by-call/with-card", test_by_call_with_card);
  g_test_add_func ("/app/registration/by-call/by-phone-with-email-and-virtual-card", test_by_call_by_phone);
  g_test_add_func ("/app/registration/without-call/asks-number-then-phone-path", test_without_call);
  g_test_add_func ("/app/registration/resume/same-step-fields-filled", test_resume);
  g_test_add_func ("/app/registration/keyboard/enter-is-next-escape-asks", test_keyboard_only);
  g_test_add_func ("/app/registration/card/linked-elsewhere-stops", test_card_linked_elsewhere);
  g_test_add_func ("/app/registration/consent/refused-cancels", test_consent_refused);
  g_test_add_func ("/app/registration/phone/landline-warned", test_landline_warned);
  g_test_add_func ("/app/registration/closed-while-starting-cancels", test_closed_while_starting);
  g_test_add_func ("/app/registration/errors/server-gone-keeps-step-and-text", test_server_gone_keeps_step);
  g_test_add_func ("/app/registration/errors/lost-answers-retried-with-same-key", test_network_lost_retries_same_key);
  g_test_add_func ("/app/registration/phone/already-a-member-offers-the-member", test_phone_already_registered);
  g_test_add_func ("/app/registration/by-call/unknown-caller-with-open-draft-continues", test_unknown_caller_with_open_draft);
  g_test_add_func ("/app/registration/by-call/unknown-caller-without-draft-registers", test_unknown_caller_without_draft);
  g_test_add_func ("/app/registration/form/phone-field-end-to-end", test_form_phone_field);
  g_test_add_func ("/app/registration/phone/code-expired-send-again", test_code_expired);

  status = g_test_run ();

  g_clear_pointer (&used_cards, g_ptr_array_unref);
  g_clear_pointer (&supervisor_token, g_free);
  g_clear_pointer (&admin_token, g_free);
  g_clear_object (&server);

  return status;
}

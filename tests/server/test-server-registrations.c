/* test-server-registrations.c — the registration drafts of REGISTRATION.md, end to end
 *
 * Raw HTTP against the real server with demo data. Each test sets the registration
 * configuration it needs with PUT /config (as admin), uses its own phone numbers and
 * its own free cards, and reads verification codes and passwords where an agent would:
 * in GET /outbox?phone= (as supervisor, who has outbox.view) — never in the database.
 * Time passes by moving the server's clock (ld_test_server_advance_clock), never by
 * sleeping, and a test that moves it has a server of its own (OwnServer), so that no other
 * test sees its time. One state no request can make today (a card out of the pool yet
 * nobody's) is set up in the server's database file directly.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define CODE_PREFIX "Код подтверждения Loyalty Desk: "
#define VALID_ANSWERS "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"middle_name\":\"Сергеевич\"," \
                      "\"birth_date\":\"1985-04-12\",\"gender\":\"male\",\"children\":2,\"has_car\":true}}"

static LdTestServer *server;
static char *agent;
static char *supervisor;
static char *admin;
static GPtrArray *free_cards;        /* numbers of the free pool without a balance */
static GPtrArray *balance_cards;     /* … and with one */
static guint next_phone = 1;

/* ---- requests */

static JsonNode *
api (const char *method,
     const char *path,
     const char *token,
     const char *body,
     guint       expected)
{
  return ld_test_server_expect_full (server, method, path, token, body, NULL, expected, NULL);
}

static char *
draft_path (gint64      id,
            const char *step)
{
  return g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT "%s", id, step ? step : "");
}

/* POST /registrations/{id}<step> */
static JsonNode *
post_step (gint64      id,
           const char *step,
           const char *token,
           const char *body,
           guint       expected)
{
  g_autofree char *path = draft_path (id, step);

  return api ("POST", path, token, body, expected);
}

/* a step that must succeed, when its answer is not looked at */
static void
step_done (gint64      id,
           const char *step,
           const char *token,
           const char *body)
{
  g_autoptr(JsonNode) answer = post_step (id, step, token, body, 200);

  g_assert_nonnull (answer);
}

/* a request that must fail with @status and the error @code (and details.field ==
 * @field when @field is not NULL) */
static void
api_fails (const char *method,
           const char *path,
           const char *token,
           const char *body,
           guint       status,
           const char *code,
           const char *field)
{
  g_autoptr(JsonNode) error = api (method, path, token, body, status);

  ld_test_assert_error (error, code, field);
}

/* the same for POST /registrations/{id}<step> */
static void
step_fails (gint64      id,
            const char *step,
            const char *token,
            const char *body,
            guint       status,
            const char *code,
            const char *field)
{
  g_autofree char *path = draft_path (id, step);

  api_fails ("POST", path, token, body, status, code, field);
}

static JsonNode *
get_draft (gint64 id)
{
  g_autofree char *path = draft_path (id, NULL);

  return api ("GET", path, agent, NULL, 200);
}

static gboolean
json_bool (JsonNode   *node,
           const char *path)
{
  JsonNode *member = ld_test_json_path (node, path);

  g_assert_nonnull (member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (member));
  return json_node_get_boolean (member);
}

static gboolean
json_is_null (JsonNode   *node,
              const char *path)
{
  JsonNode *member = ld_test_json_path (node, path);

  return member != NULL && JSON_NODE_HOLDS_NULL (member);
}

/* "card,phone,consent,password,form" */
static char *
steps_text (JsonNode *draft)
{
  JsonNode *steps = ld_test_json_path (draft, "steps");
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  g_assert_nonnull (steps);
  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_steps(draft, expected) G_STMT_START { \
    g_autofree char *steps__ = steps_text (draft); \
    g_assert_cmpstr (steps__, ==, (expected)); \
  } G_STMT_END

/* ---- fixtures */

/* for the one state no request can make; the server's connection sees the change at once */
static void
run_sql (const char *sql)
{
  ld_test_server_run_sql (server, sql);
}

/* a server of the test's own, for a test that moves the clock: the helpers here talk to
 * `server` as `agent`, `supervisor` and `admin`, so the fixture points them at its server
 * for the test and back at the shared one after it. Seeded alike, it has the same free
 * cards as the shared one. */
typedef struct
{
  LdTestServer *shared;
  char         *shared_agent;
  char         *shared_supervisor;
  char         *shared_admin;
} OwnServer;

static void
own_server_setup (OwnServer     *fixture,
                  gconstpointer  data)
{
  fixture->shared = server;
  fixture->shared_agent = agent;
  fixture->shared_supervisor = supervisor;
  fixture->shared_admin = admin;

  server = ld_test_server_new_full (40, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
}

/* @seconds pass for the test's own server; its operators sign in again (12-hour sessions) */
static void
days_pass (gint64 seconds)
{
  ld_test_server_advance_clock (server, seconds);
  g_free (agent);
  g_free (supervisor);
  g_free (admin);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
}

static void
own_server_teardown (OwnServer     *fixture,
                     gconstpointer  data)
{
  g_free (agent);
  g_free (supervisor);
  g_free (admin);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);

  server = fixture->shared;
  agent = fixture->shared_agent;
  supervisor = fixture->shared_supervisor;
  admin = fixture->shared_admin;
}

static void
set_registration (const char *mode,
                  gboolean    continue_without_card,
                  gboolean    virtual_card,
                  gboolean    email_required)
{
  g_autoptr(JsonNode) config = api ("GET", API "/config", admin, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;
  JsonObject *registration = json_node_get_object (ld_test_json_path (config, "registration"));

  json_object_set_string_member (registration, "mode", mode);
  json_object_set_boolean_member (registration, "continue_without_card", continue_without_card);
  json_object_set_boolean_member (registration, "virtual_card", virtual_card);
  json_object_set_boolean_member (registration, "email_required", email_required);
  body = json_to_string (config, FALSE);
  saved = api ("PUT", API "/config", admin, body, 200);
  g_assert_cmpstr (ld_test_json_string (saved, "registration.mode"), ==, mode);
}

/* a phone number nobody in the demo data has (those are +79123…) */
static char *
new_phone (void)
{
  return g_strdup_printf ("+7900700%04u", next_phone++);
}

static char *
escaped (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* the card step's body */
static char *
card_body (const char *number,
           gboolean    issue_virtual)
{
  return g_strdup_printf ("{\"number\":\"%s\",\"issue_virtual\":%s}", number, issue_virtual ? "true" : "false");
}

static char *
take_card (GPtrArray *pool)
{
  g_assert_cmpuint (pool->len, >, 0);
  return g_ptr_array_steal_index (pool, 0);
}

static void
load_free_cards (void)
{
  g_autoptr(JsonNode) page = api ("GET", API "/cards?state=issued&limit=500", agent, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  free_cards = g_ptr_array_new_with_free_func (g_free);
  balance_cards = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);
      GPtrArray *pool = json_object_get_int_member (card, "balance") > 0 ? balance_cards : free_cards;

      if (g_str_equal (json_object_get_string_member (card, "type"), "physical"))
        g_ptr_array_add (pool, g_strdup (json_object_get_string_member (card, "number")));
    }
  g_assert_cmpuint (free_cards->len, >=, 8);
  g_assert_cmpuint (balance_cards->len, >=, 1);
}

static gint64
start_call (const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autoptr(JsonNode) answer = api ("POST", API "/calls", agent, body, 201);

  return ld_test_json_int (answer, "call.id");
}

/* POST /registrations, by call when @call_id > 0 */
static JsonNode *
start (const char *token,
       const char *phone,
       gint64      call_id,
       guint       expected)
{
  g_autofree char *body = NULL;

  if (call_id > 0)
    body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":%" G_GINT64_FORMAT "}", phone, call_id);
  else
    body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":null}", phone);
  return api ("POST", API "/registrations", token, body, expected);
}

/* POST /registrations that must fail as step_fails() says */
static void
start_fails (const char *token,
             const char *phone,
             gint64      call_id,
             guint       status,
             const char *code,
             const char *field)
{
  g_autoptr(JsonNode) error = start (token, phone, call_id, status);

  ld_test_assert_error (error, code, field);
}

/* a new draft for @phone, by a call (started as the agent) when @by_call → its id; the
 * draft in *@out_draft when it is not NULL */
static gint64
open_draft (const char  *token,
            const char  *phone,
            gboolean     by_call,
            JsonNode   **out_draft)
{
  g_autoptr(JsonNode) draft = start (token, phone, by_call ? start_call (phone) : 0, 201);
  gint64 id = ld_test_json_int (draft, "id");

  g_assert_cmpint (id, >, 0);
  if (out_draft != NULL)
    *out_draft = g_steal_pointer (&draft);
  return id;
}

/* GET @path_start followed by @phone, URI-escaped, and @path_end, as @token → the page */
static JsonNode *
get_by_phone (const char *path_start,
              const char *phone,
              const char *path_end,
              const char *token)
{
  g_autofree char *query = escaped (phone);
  g_autofree char *path = g_strconcat (path_start, query, path_end, NULL);

  return api ("GET", path, token, NULL, 200);
}

static guint
outbox_total (const char *phone)
{
  g_autoptr(JsonNode) page = get_by_phone (API "/outbox?phone=", phone, "", supervisor);

  return ld_test_json_int (page, "total");
}

/* the newest SMS to @phone */
static char *
last_sms (const char *phone)
{
  g_autoptr(JsonNode) page = get_by_phone (API "/outbox?phone=", phone, "&limit=1", supervisor);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  JsonObject *item;

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "channel"), ==, "sms");
  g_assert_cmpstr (json_object_get_string_member (item, "to"), ==, phone);
  return g_strdup (json_object_get_string_member (item, "text"));
}

/* the code of the newest verification SMS, as the customer would read it out */
static char *
read_code (const char *phone)
{
  g_autofree char *text = last_sms (phone);

  g_assert_true (g_str_has_prefix (text, CODE_PREFIX));
  g_assert_cmpuint (strlen (text + strlen (CODE_PREFIX)), ==, 6);
  return g_strdup (text + strlen (CODE_PREFIX));
}

/* send-code and confirm with the code from the outbox → the draft */
static JsonNode *
confirm_phone (gint64      id,
               const char *phone,
               const char *token)
{
  g_autoptr(JsonNode) sent = post_step (id, "/phone/send-code", token, "{}", 200);
  g_autofree char *code = read_code (phone);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", code);

  g_assert_nonnull (ld_test_json_string (sent, "code_sent_at"));
  return post_step (id, "/phone/confirm", token, body, 200);
}

/* consent and password from the consent step: the draft is at the form step */
static void
consent_and_password (gint64      id,
                      const char *token)
{
  g_autoptr(JsonNode) consented = post_step (id, "/consent", token, "{\"offer\":true,\"personal_data\":true}", 200);
  g_autoptr(JsonNode) draft = NULL;

  g_assert_cmpstr (ld_test_json_string (consented, "step"), ==, "password");
  draft = post_step (id, "/password", token, "{}", 200);
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "form");
  g_assert_true (json_bool (draft, "password_sent"));
}

/* a draft without a card, at the phone step: skipped, consented, a password → the form */
static void
skip_to_form (gint64      id,
              const char *token)
{
  step_done (id, "/phone/skip", token, "{}");
  consent_and_password (id, token);
}

static gint64
member_count (const char *phone)
{
  g_autoptr(JsonNode) page = get_by_phone (API "/members?phone=", phone, "", agent);

  return ld_test_json_int (page, "total");
}

static gboolean
has_action (gint64      member_id,
            const char *action,
            const char *login)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions", member_id);
  g_autoptr(JsonNode) page = api ("GET", path, agent, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "action", NULL), action) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (item, "operator_login", NULL), login) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- both modes, every configuration */

static void
test_card_mode_by_call (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (balance_cards);
  g_autoptr(JsonNode) card = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) subscriptions = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *welcome = NULL;
  gint64 call_id, id, member_id, balance;
  JsonArray *cards;
  JsonArray *items;

  set_registration ("card", TRUE, TRUE, FALSE);
  path = g_strdup_printf (API "/cards/%s", number);
  card = api ("GET", path, agent, NULL, 200);
  balance = ld_test_json_int (card, "balance");
  g_assert_cmpint (balance, >, 0);

  call_id = start_call (phone);
  draft = start (agent, phone, call_id, 201);
  id = ld_test_json_int (draft, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (ld_test_json_string (draft, "phone"), ==, phone);
  g_assert_cmpint (ld_test_json_int (draft, "call_id"), ==, call_id);
  g_assert_cmpstr (ld_test_json_string (draft, "mode"), ==, "card");
  g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "open");
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "card");
  assert_steps (draft, "card,phone,consent,password,form");
  g_assert_true (json_is_null (draft, "card"));
  g_assert_cmpint (ld_test_json_int (draft, "code_attempts_left"), ==, 5);

  /* a card with purchases before registration shows its balance and first point of sale */
  body = card_body (number, TRUE);
  step = post_step (id, "/card", agent, body, 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "phone");
  g_assert_cmpstr (ld_test_json_string (step, "card.number"), ==, number);
  g_assert_cmpstr (ld_test_json_string (step, "card.state"), ==, "issued");
  g_assert_cmpint (ld_test_json_int (step, "card.balance"), ==, balance);
  g_assert_nonnull (ld_test_json_string (step, "card.first_purchase_pos"));
  g_assert_true (json_bool (step, "issue_virtual"));
  g_clear_pointer (&step, json_node_unref);

  step = confirm_phone (id, phone, agent);
  g_assert_true (json_bool (step, "phone_confirmed"));
  g_assert_false (json_bool (step, "phone_confirmation_skipped"));
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
  g_clear_pointer (&step, json_node_unref);

  consent_and_password (id, agent);
  welcome = last_sms (phone);
  g_assert_nonnull (strstr (welcome, "Пароль"));

  profile = post_step (id, "/complete", agent, VALID_ANSWERS, 201);
  member_id = ld_test_json_int (profile, "id");
  g_assert_cmpint (member_id, >, 0);
  g_assert_cmpstr (ld_test_json_string (profile, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (profile, "last_name"), ==, "Петров");
  g_assert_cmpstr (ld_test_json_string (profile, "first_name"), ==, "Иван");
  g_assert_cmpstr (ld_test_json_string (profile, "middle_name"), ==, "Сергеевич");
  g_assert_cmpstr (ld_test_json_string (profile, "birth_date"), ==, "1985-04-12");
  g_assert_cmpstr (ld_test_json_string (profile, "answers.gender"), ==, "male");
  g_assert_cmpint (ld_test_json_int (profile, "answers.children"), ==, 2);
  g_assert_true (json_bool (profile, "answers.has_car"));
  g_assert_true (json_bool (profile, "consents.offer"));
  g_assert_true (json_bool (profile, "consents.personal_data"));
  g_assert_true (json_bool (profile, "has_password"));
  g_assert_cmpstr (ld_test_json_string (profile, "main_card.number"), ==, number);
  g_assert_cmpstr (ld_test_json_string (profile, "main_card.state"), ==, "activated");
  /* the card's balance from before registration is the account's now */
  g_assert_cmpint (ld_test_json_int (profile, "account.balance"), ==, balance);
  cards = json_node_get_array (ld_test_json_path (profile, "cards"));
  g_assert_cmpuint (json_array_get_length (cards), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cards, 1), "type"), ==, "virtual");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cards, 1), "state"), ==, "activated");

  /* every mailing type × channel subscribed */
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/subscriptions", member_id);
  subscriptions = api ("GET", path, agent, NULL, 200);
  items = json_node_get_array (ld_test_json_path (subscriptions, "items"));
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, i), "enabled"));

  /* the history has the registration with its operator; the draft and the call know the member */
  g_assert_true (has_action (member_id, "registration", "agent"));
  g_clear_pointer (&draft, json_node_unref);
  draft = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (draft, "state"), ==, "completed");
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "done");
  g_assert_cmpint (ld_test_json_int (draft, "member_id"), ==, member_id);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, call_id);
  call = api ("GET", path, agent, NULL, 200);
  g_assert_cmpint (ld_test_json_int (call, "member_id"), ==, member_id);
  g_assert_cmpint (member_count (phone), ==, 1);
}

static void
test_card_mode_without_virtual_card (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  set_registration ("card", FALSE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, &draft);
  g_assert_true (json_is_null (draft, "call_id"));
  assert_steps (draft, "card,phone,consent,password,form");

  body = card_body (number, TRUE);
  error = post_step (id, "/card", supervisor, body, 422);
  ld_test_assert_error (error, "invalid_field", "issue_virtual");

  g_clear_pointer (&body, g_free);
  body = card_body (number, FALSE);
  step_done (id, "/card", supervisor, body);
  step = post_step (id, "/phone/skip", supervisor, "{}", 200);
  g_assert_true (json_bool (step, "phone_confirmation_skipped"));
  g_clear_pointer (&step, json_node_unref);
  consent_and_password (id, supervisor);
  profile = post_step (id, "/complete", supervisor, VALID_ANSWERS, 201);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (profile, "cards"))), ==, 1);
  g_assert_cmpstr (ld_test_json_string (profile, "main_card.number"), ==, number);
  g_assert_true (has_action (ld_test_json_int (profile, "id"), "registration", "supervisor"));
}

static void
test_card_mode_email_required (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  set_registration ("card", TRUE, TRUE, TRUE);
  id = open_draft (agent, phone, TRUE, &draft);
  assert_steps (draft, "card,phone,email,consent,password,form");

  /* the e-mail step comes after the phone: posting it first is out of order */
  error = post_step (id, "/email", agent, "{\"email\":\"ivan@example.com\"}", 409);
  ld_test_assert_error (error, "wrong_step", NULL);
  g_assert_cmpstr (ld_test_json_string (error, "error.details.step"), ==, "card");
  g_clear_pointer (&error, json_node_unref);

  body = card_body (number, FALSE);
  step_done (id, "/card", agent, body);
  step = confirm_phone (id, phone, agent);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "email");
  g_clear_pointer (&step, json_node_unref);

  step_fails (id, "/email", agent, "{\"email\":\"not an address\"}", 422, "invalid_field", "email");
  error = post_step (id, "/email", agent, "{}", 422);
  ld_test_assert_error (error, "invalid_field", "email");

  step = post_step (id, "/email", agent, "{\"email\":\" Ivan.Petrov@Example.COM \"}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
  g_assert_cmpstr (ld_test_json_string (step, "email"), ==, "Ivan.Petrov@example.com");
  g_clear_pointer (&step, json_node_unref);

  consent_and_password (id, agent);
  profile = post_step (id, "/complete", agent, VALID_ANSWERS, 201);
  g_assert_cmpstr (ld_test_json_string (profile, "email"), ==, "Ivan.Petrov@example.com");
}

static void
test_card_mode_continue_without_card (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) profile = NULL;
  JsonArray *cards;
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  id = open_draft (supervisor, phone, FALSE, NULL);

  /* the virtual-card step belongs to the phone path only */
  error = post_step (id, "/virtual-card", supervisor, "{\"issue_virtual\":true}", 409);
  ld_test_assert_error (error, "wrong_step", NULL);

  step = post_step (id, "/card", supervisor, "{\"number\":null,\"issue_virtual\":false}", 200);
  g_assert_true (json_bool (step, "without_card"));
  g_assert_true (json_is_null (step, "card"));
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "phone");
  assert_steps (step, "card,phone,virtual_card,consent,password,form");
  g_clear_pointer (&step, json_node_unref);

  step = post_step (id, "/phone/skip", supervisor, "{}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "virtual_card");
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/virtual-card", supervisor, "{\"issue_virtual\":true}", 200);
  g_assert_true (json_bool (step, "issue_virtual"));
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
  g_clear_pointer (&step, json_node_unref);

  consent_and_password (id, supervisor);
  profile = post_step (id, "/complete", supervisor, VALID_ANSWERS, 201);
  cards = json_node_get_array (ld_test_json_path (profile, "cards"));
  g_assert_cmpuint (json_array_get_length (cards), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cards, 0), "type"), ==, "virtual");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (cards, 0), "main"));
  g_assert_cmpint (ld_test_json_int (profile, "account.balance"), ==, 0);
}

static void
test_card_mode_continue_without_card_disabled (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 id;

  set_registration ("card", FALSE, TRUE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);

  step_fails (id, "/card", agent, "{\"number\":null,\"issue_virtual\":false}", 409, "continue_without_card_disabled", NULL);
  /* a card step without any number says what is missing */
  error = post_step (id, "/card", agent, "{\"issue_virtual\":false}", 422);
  ld_test_assert_error (error, "invalid_field", "number");

  again = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (again, "step"), ==, "card");
  g_assert_false (json_bool (again, "without_card"));
}

static void
test_phone_mode (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) profile = NULL;
  gint64 id;

  set_registration ("phone", FALSE, TRUE, TRUE);
  id = open_draft (agent, phone, TRUE, &draft);
  g_assert_cmpstr (ld_test_json_string (draft, "mode"), ==, "phone");
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "phone");
  assert_steps (draft, "phone,virtual_card,email,consent,password,form");

  error = post_step (id, "/card", agent, "{\"number\":null,\"issue_virtual\":false}", 409);
  ld_test_assert_error (error, "wrong_step", NULL);
  g_assert_cmpstr (ld_test_json_string (error, "error.details.step"), ==, "phone");

  step = confirm_phone (id, phone, agent);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "virtual_card");
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/virtual-card", agent, "{\"issue_virtual\":false}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "email");
  g_clear_pointer (&step, json_node_unref);
  step_done (id, "/email", agent, "{\"email\":\"phone.mode@example.org\"}");
  consent_and_password (id, agent);

  profile = post_step (id, "/complete", agent, VALID_ANSWERS, 201);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (profile, "cards"))), ==, 0);
  g_assert_true (json_is_null (profile, "main_card"));
  g_assert_cmpstr (ld_test_json_string (profile, "email"), ==, "phone.mode@example.org");
}

static void
test_phone_mode_without_virtual_card (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, &draft);
  assert_steps (draft, "phone,consent,password,form");

  step = post_step (id, "/phone/skip", supervisor, "{}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
  step_fails (id, "/virtual-card", supervisor, "{\"issue_virtual\":true}", 409, "wrong_step", NULL);
  step_fails (id, "/email", supervisor, "{\"email\":\"a@example.com\"}", 409, "wrong_step", NULL);
}

/* ---- the card step */

static void
test_card_linked_elsewhere (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) owner = api ("GET", API "/members/2", agent, NULL, 200);
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autofree char *body = NULL;
  const char *number = ld_test_json_string (owner, "main_card.number");
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  g_assert_nonnull (number);
  id = open_draft (agent, phone, TRUE, &draft);

  body = card_body (number, FALSE);
  error = post_step (id, "/card", agent, body, 409);
  ld_test_assert_error (error, "card_linked_to_other_member", "number");
  g_assert_cmpint (ld_test_json_int (error, "error.details.member_id"), ==, 2);
  g_clear_pointer (&draft, json_node_unref);
  draft = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "card");
  g_assert_true (json_is_null (draft, "card"));
}

static void
test_card_unknown (void)
{
  g_autofree char *phone = new_phone ();
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);

  step_fails (id, "/card", agent, "{\"number\":\"1111 2222 3333 4\",\"issue_virtual\":false}", 404, "card_not_found", "number");
  step_fails (id, "/card", agent, "{\"number\":\"12ab\",\"issue_virtual\":false}", 422, "invalid_field", "number");
  step_fails (id, "/card", agent, "{\"number\":42}", 400, "malformed", "number");
}

/* a card out of the free pool but nobody's (deleted, replaced) cannot be used; no request
 * makes such a card today (a card leaves the pool only to a member), so the test sets its
 * state in the database file */
static void
test_card_not_available (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autofree char *sql = g_strdup_printf ("UPDATE cards SET state = 'deleted' WHERE number = '%s'", number);
  g_autofree char *body = card_body (number, FALSE);
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);
  run_sql (sql);

  step_fails (id, "/card", agent, body, 409, "card_not_available", "number");
}

/* two drafts chose one free card; the first to complete has it */
static void
test_card_taken_meanwhile (void)
{
  g_autofree char *first_phone = new_phone ();
  g_autofree char *second_phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autofree char *body = card_body (number, FALSE);
  gint64 first_id, second_id;

  set_registration ("card", TRUE, FALSE, FALSE);
  first = start (supervisor, first_phone, 0, 201);
  second = start (supervisor, second_phone, 0, 201);
  first_id = ld_test_json_int (first, "id");
  second_id = ld_test_json_int (second, "id");

  for (guint i = 0; i < 2; i++)
    {
      gint64 id = i == 0 ? first_id : second_id;

      step = post_step (id, "/card", supervisor, body, 200);
      g_clear_pointer (&step, json_node_unref);
      step = post_step (id, "/phone/skip", supervisor, "{}", 200);
      g_clear_pointer (&step, json_node_unref);
      consent_and_password (id, supervisor);
    }

  profile = post_step (first_id, "/complete", supervisor, VALID_ANSWERS, 201);
  error = post_step (second_id, "/complete", supervisor, VALID_ANSWERS, 409);
  ld_test_assert_error (error, "card_linked_to_other_member", "number");
  g_assert_cmpint (ld_test_json_int (error, "error.details.member_id"), ==, ld_test_json_int (profile, "id"));
  g_assert_cmpint (member_count (second_phone), ==, 0);
  g_clear_pointer (&step, json_node_unref);
  step = get_draft (second_id);
  g_assert_cmpstr (ld_test_json_string (step, "state"), ==, "open");
}

/* ---- the phone step */

static void
test_phone_wrong_code_and_too_many_tries (OwnServer     *fixture,
                                          gconstpointer  data)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) step = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);

  /* no code sent yet */
  step_fails (id, "/phone/confirm", agent, "{\"code\":\"123456\"}", 422, "invalid_code", "code");

  step_done (id, "/phone/send-code", agent, "{}");
  code = read_code (phone);
  wrong = g_strdup_printf ("%06u", (guint) ((g_ascii_strtoull (code, NULL, 10) + 1) % 1000000));
  body = g_strdup_printf ("{\"code\":\"%s\"}", wrong);

  for (int left = 4; left >= 1; left--)
    {
      g_autoptr(JsonNode) error = post_step (id, "/phone/confirm", agent, body, 422);
      g_autoptr(JsonNode) now = NULL;

      ld_test_assert_error (error, "invalid_code", "code");
      g_assert_cmpint (ld_test_json_int (error, "error.details.attempts_left"), ==, left);
      now = get_draft (id);
      g_assert_cmpint (ld_test_json_int (now, "code_attempts_left"), ==, left);
    }
  /* the fifth wrong try uses the last attempt; then even the right code is refused */
  step_fails (id, "/phone/confirm", agent, body, 429, "too_many_attempts", "code");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  step_fails (id, "/phone/confirm", agent, body, 429, "too_many_attempts", NULL);
  step = get_draft (id);
  g_assert_cmpint (ld_test_json_int (step, "code_attempts_left"), ==, 0);
  g_assert_false (json_bool (step, "phone_confirmed"));
  g_clear_pointer (&step, json_node_unref);

  /* a new code, once the cool-down is over, gives the attempts back */
  step = post_step (id, "/phone/send-code", agent, "{}", 429);
  ld_test_assert_error (step, "too_many_attempts", NULL);
  g_assert_cmpint (ld_test_json_int (step, "error.details.retry_after"), >, 0);
  ld_test_server_advance_clock (server, ld_test_json_int (step, "error.details.retry_after"));
  g_clear_pointer (&step, json_node_unref);
  step = confirm_phone (id, phone, agent);
  g_assert_true (json_bool (step, "phone_confirmed"));
  g_assert_cmpint (ld_test_json_int (step, "code_attempts_left"), ==, 5);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
}

static void
test_phone_resend_cool_down (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  g_autoptr(GDateTime) resend_at = NULL;
  gint64 id, retry_after;
  guint before;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (agent, phone, TRUE, &draft);
  g_assert_true (json_is_null (draft, "code_sent_at"));
  g_assert_true (json_is_null (draft, "resend_available_at"));

  before = outbox_total (phone);
  sent = post_step (id, "/phone/send-code", agent, "{}", 200);
  g_assert_cmpuint (outbox_total (phone), ==, before + 1);
  sent_at = g_date_time_new_from_iso8601 (ld_test_json_string (sent, "code_sent_at"), NULL);
  resend_at = g_date_time_new_from_iso8601 (ld_test_json_string (sent, "resend_available_at"), NULL);
  g_assert_nonnull (sent_at);
  g_assert_nonnull (resend_at);
  g_assert_cmpint (g_date_time_difference (resend_at, sent_at), ==, 30 * G_USEC_PER_SEC);

  error = post_step (id, "/phone/send-code", agent, "{}", 429);
  ld_test_assert_error (error, "too_many_attempts", NULL);
  retry_after = ld_test_json_int (error, "error.details.retry_after");
  g_assert_cmpint (retry_after, >=, 1);
  g_assert_cmpint (retry_after, <=, 30);
  /* nothing was sent the second time */
  g_assert_cmpuint (outbox_total (phone), ==, before + 1);
}

static void
test_phone_skip_needs_the_right (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) step = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);

  error = post_step (id, "/phone/skip", agent, "{}", 403);
  ld_test_assert_error (error, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "member.register_skip_phone_confirmation"));
  g_clear_pointer (&step, json_node_unref);
  step = get_draft (id);
  g_assert_false (json_bool (step, "phone_confirmation_skipped"));
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "phone");
  g_clear_pointer (&step, json_node_unref);

  step = post_step (id, "/phone/skip", supervisor, "{}", 200);
  g_assert_true (json_bool (step, "phone_confirmation_skipped"));
  g_assert_false (json_bool (step, "phone_confirmed"));
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");
  g_clear_pointer (&step, json_node_unref);

  /* settled: no code for it any more */
  step_fails (id, "/phone/send-code", supervisor, "{}", 409, "wrong_step", NULL);
}

/* ---- starting */

static void
test_start_checks_rights_phone_and_call (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) draft = NULL;

  set_registration ("card", TRUE, TRUE, FALSE);

  error = start (agent, phone, 0, 403);
  ld_test_assert_error (error, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "member.register_without_call"));
  g_clear_pointer (&error, json_node_unref);
  api_fails ("POST", API "/registrations", agent, "{\"phone\":\"+79007000000\"}", 403, "forbidden", NULL);

  start_fails (agent, "12", start_call (phone), 422, "invalid_field", "phone");
  start_fails (agent, phone, 999999, 422, "invalid_field", "call_id");
  api_fails ("POST", API "/registrations", agent, "{\"phone\":\"+79007000000\",\"call_id\":\"x\"}", 400, "malformed", "call_id");
  error = api ("POST", API "/registrations", NULL, "{\"phone\":\"+79007000000\",\"call_id\":null}", 401);
  ld_test_assert_error (error, "unauthorized", NULL);

  /* any notation of the number: E.164 in the draft */
  {
    g_autofree char *national = g_strdup_printf ("8 (%c%c%c) %c%c%c-%c%c-%c%c", phone[2], phone[3], phone[4],
                                                 phone[5], phone[6], phone[7], phone[8], phone[9],
                                                 phone[10], phone[11]);

    draft = start (supervisor, national, 0, 201);
    g_assert_cmpstr (ld_test_json_string (draft, "phone"), ==, phone);
    g_assert_cmpint (ld_test_json_int (draft, "operator_id"), >, 0);
  }
}

/* ---- consent */

static void
test_consent_refused_cancels (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, &draft);
  step_done (id, "/phone/skip", supervisor, "{}");

  step_fails (id, "/consent", supervisor, "{\"offer\":true}", 422, "invalid_field", "personal_data");

  step = post_step (id, "/consent", supervisor, "{\"offer\":true,\"personal_data\":false}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "state"), ==, "cancelled");
  g_assert_false (json_bool (step, "consent.personal_data"));
  g_clear_pointer (&step, json_node_unref);

  /* closed: no step moves it any more, nothing was created */
  step_fails (id, "/password", supervisor, "{}", 409, "draft_closed", NULL);
  step = post_step (id, "/complete", supervisor, VALID_ANSWERS, 409);
  ld_test_assert_error (step, "draft_closed", NULL);
  g_assert_cmpint (member_count (phone), ==, 0);

  /* the phone may start again: a new draft */
  again = start (supervisor, phone, 0, 201);
  g_assert_cmpint (ld_test_json_int (again, "id"), !=, id);
  g_assert_cmpstr (ld_test_json_string (again, "step"), ==, "phone");
}

/* ---- the application form */

static void
test_complete_checks_the_answers (void)
{
  static const struct {
    const char *answers;
    const char *field;
  } cases[] = {
    { "{}", "answers.last_name" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"   \",\"birth_date\":\"1985-04-12\"}", "answers.first_name" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\"}", "answers.birth_date" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-02-30\"}", "answers.birth_date" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"2999-01-01\"}", "answers.birth_date" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"gender\":\"other\"}", "answers.gender" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"children\":\"many\"}", "answers.children" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"has_car\":\"yes\"}", "answers.has_car" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"email\":\"nope@\"}", "answers.email" },
    { "{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"shoe_size\":\"42\"}", "answers.shoe_size" },
    { "{\"last_name\":42,\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\"}", "answers.last_name" },
  };
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, &draft);
  skip_to_form (id, supervisor);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"answers\":%s}", cases[i].answers);
      g_autoptr(JsonNode) error = NULL;
      g_autoptr(JsonNode) saved = NULL;
      g_autoptr(JsonNode) expected = json_from_string (cases[i].answers, NULL);

      g_test_message ("answers %s", cases[i].answers);
      error = post_step (id, "/complete", supervisor, body, 422);
      ld_test_assert_error (error, "invalid_field", cases[i].field);
      /* nothing typed is lost: the draft keeps the answers as they came */
      saved = get_draft (id);
      g_assert_true (json_node_equal (ld_test_json_path (saved, "answers"), expected));
      g_assert_cmpstr (ld_test_json_string (saved, "state"), ==, "open");
      g_assert_cmpstr (ld_test_json_string (saved, "step"), ==, "form");
    }
  g_assert_cmpint (member_count (phone), ==, 0);

  step = post_step (id, "/complete", supervisor, "{\"answers\":[]}", 400);
  ld_test_assert_error (step, "malformed", "answers");

  /* a number may come as text; optional fields may be left out */
  profile = post_step (id, "/complete", supervisor,
                       "{\"answers\":{\"last_name\":\" Сидорова \",\"first_name\":\"Анна\","
                       "\"birth_date\":\"1990-12-31\",\"children\":\"3\",\"city\":null}}", 201);
  g_assert_cmpstr (ld_test_json_string (profile, "last_name"), ==, "Сидорова");
  g_assert_cmpint (ld_test_json_int (profile, "answers.children"), ==, 3);
  g_assert_true (json_is_null (profile, "middle_name"));
}

/* ---- the core's validation messages in the request's language */

/* POST @path @body as the supervisor with @language's Accept-Language: a 422 on @field
 * → its message */
static char *
invalid_message (const char         *path,
                 const char         *body,
                 const char * const *language,
                 const char         *field)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = ld_test_server_request (server, "POST", path, supervisor, body, language, &answer);
  g_assert_cmpuint (status, ==, 422);
  ld_test_assert_error (answer, "invalid_field", field);
  return g_strdup (ld_test_json_string (answer, "error.message"));
}

static void
test_invalid_input_follows_accept_language (void)
{
  static const struct {
    const char *step;      /* NULL: POST /registrations */
    const char *body;
    const char *field;
    const char *english;
    const char *russian;
  } cases[] = {
    { NULL, "{\"phone\":\"12ab\",\"call_id\":null}", "phone",
      "The phone number “12ab” may contain only digits, spaces, brackets, dashes and a leading +",
      "Номер телефона «12ab» может содержать только цифры, пробелы, скобки, дефисы и + в начале" },
    { NULL, "{\"phone\":\"+7 999 123 45 6\",\"call_id\":null}", "phone",
      "The phone number “+7 999 123 45 6” must have ten digits after +7",
      "В номере телефона «+7 999 123 45 6» после +7 должно быть десять цифр" },
    { "/card", "{\"number\":\"12ab\",\"issue_virtual\":false}", "number",
      "The card number “12ab” may contain only digits",
      "Номер карты «12ab» может содержать только цифры" },
    { "/email", "{\"email\":\"nope@\"}", "email",
      "“nope@” is not a valid e-mail address",
      "«nope@» не является корректным адресом электронной почты" },
    { "/complete", "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-02-30\"}}",
      "answers.birth_date",
      "“1985-02-30” is not a date in the form YYYY-MM-DD",
      "«1985-02-30» не является датой в формате ГГГГ-ММ-ДД" },
    { "/complete", "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"2999-01-01\"}}",
      "answers.birth_date",
      "The date 2999-01-01 is in the future",
      "Дата 2999-01-01 ещё не наступила" },
    { "/complete", "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\",\"birth_date\":\"1985-04-12\",\"email\":\"nope@\"}}",
      "answers.email",
      "“nope@” is not a valid e-mail address",
      "«nope@» не является корректным адресом электронной почты" },
  };
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  gboolean at_form = FALSE;
  gint64 id;

  set_registration ("card", TRUE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, &draft);
  g_assert_cmpstr (ld_test_json_string (draft, "step"), ==, "card");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cases[i].step ? draft_path (id, cases[i].step) : g_strdup (API "/registrations");
      g_autofree char *english = NULL;
      g_autofree char *russian = NULL;

      if (g_strcmp0 (cases[i].step, "/complete") == 0 && !at_form)
        {
          /* on to the form: without a card, the phone skipped, consent and password */
          step_done (id, "/card", supervisor, "{\"number\":null,\"issue_virtual\":false}");
          skip_to_form (id, supervisor);
          at_form = TRUE;
        }

      g_test_message ("POST %s %s", path, cases[i].body);
      english = invalid_message (path, cases[i].body, LD_TEST_HEADERS_ENGLISH, cases[i].field);
      g_assert_cmpstr (english, ==, cases[i].english);
      russian = invalid_message (path, cases[i].body, LD_TEST_HEADERS_RUSSIAN, cases[i].field);
      g_assert_cmpstr (russian, ==, cases[i].russian);
    }
}

/* ---- one member per phone */

static void
test_second_registration_for_the_phone (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) error = NULL;
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);
  {
    g_autofree char *number = take_card (free_cards);
    g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\",\"issue_virtual\":false}", number);

    step = post_step (id, "/card", agent, body, 200);
  }
  g_clear_pointer (&step, json_node_unref);
  step = confirm_phone (id, phone, agent);
  g_clear_pointer (&step, json_node_unref);
  consent_and_password (id, agent);
  profile = post_step (id, "/complete", agent, VALID_ANSWERS, 201);

  /* the phone is a member's now: no second registration, no second card for it */
  start_fails (agent, phone, start_call (phone), 409, "phone_already_registered", NULL);
  start_fails (supervisor, phone, 0, 409, "phone_already_registered", NULL);
  error = post_step (id, "/complete", agent, VALID_ANSWERS, 409);
  ld_test_assert_error (error, "draft_closed", NULL);
  g_assert_cmpint (member_count (phone), ==, 1);
}

/* ---- resuming */

static void
test_resume_answers_the_same_draft (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) resumed = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *body = NULL;
  g_autofree char *query = escaped (phone);
  g_autofree char *path = NULL;
  gint64 id, call_id;

  set_registration ("card", TRUE, TRUE, TRUE);
  call_id = start_call (phone);
  draft = start (agent, phone, call_id, 201);
  id = ld_test_json_int (draft, "id");
  body = card_body (number, TRUE);
  step_done (id, "/card", agent, body);
  step = confirm_phone (id, phone, agent);
  g_clear_pointer (&step, json_node_unref);
  step_done (id, "/email", agent, "{\"email\":\"resume@example.com\"}");

  /* the app restarted, the caller calls again: the same draft, at the same step, with everything */
  set_registration ("phone", FALSE, FALSE, FALSE);
  resumed = start (agent, phone, start_call (phone), 200);
  g_assert_cmpint (ld_test_json_int (resumed, "id"), ==, id);
  g_assert_cmpstr (ld_test_json_string (resumed, "step"), ==, "consent");
  g_assert_cmpstr (ld_test_json_string (resumed, "mode"), ==, "card");
  assert_steps (resumed, "card,phone,email,consent,password,form");
  g_assert_cmpstr (ld_test_json_string (resumed, "card.number"), ==, number);
  g_assert_true (json_bool (resumed, "issue_virtual"));
  g_assert_true (json_bool (resumed, "phone_confirmed"));
  g_assert_cmpstr (ld_test_json_string (resumed, "email"), ==, "resume@example.com");
  g_assert_cmpint (ld_test_json_int (resumed, "call_id"), !=, call_id);

  path = g_strdup_printf (API "/registrations?phone=%s", query);
  list = api ("GET", path, agent, NULL, 200);
  g_assert_cmpint (ld_test_json_int (list, "total"), ==, 1);
  g_assert_true (json_is_null (list, "next_cursor"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (ld_test_json_path (list, "items")), 0), "id"), ==, id);

  /* Back: a step already passed may be posted again, and the draft walks on from it */
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/email", agent, "{\"email\":\"second@example.com\"}", 200);
  g_assert_cmpstr (ld_test_json_string (step, "email"), ==, "second@example.com");
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "consent");

  /* cancelled by the agent: closed, and out of the list of open drafts */
  g_clear_pointer (&step, json_node_unref);
  g_clear_pointer (&path, g_free);
  path = draft_path (id, NULL);
  step = api ("DELETE", path, agent, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (step, "state"), ==, "cancelled");
  g_clear_pointer (&step, json_node_unref);
  step = api ("DELETE", path, agent, NULL, 409);
  ld_test_assert_error (step, "draft_closed", NULL);
  g_clear_pointer (&list, json_node_unref);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf (API "/registrations?phone=%s", query);
  list = api ("GET", path, agent, NULL, 200);
  g_assert_cmpint (ld_test_json_int (list, "total"), ==, 0);
}

static void
test_draft_expires_after_a_week (OwnServer     *fixture,
                                 gconstpointer  data)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) fresh = NULL;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (supervisor, phone, FALSE, NULL);

  /* a day short of a week it is still open */
  days_pass (6 * 24 * 60 * 60);
  kept = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (kept, "state"), ==, "open");

  /* a week and a second after it began, it is over */
  days_pass (24 * 60 * 60 + 1);
  expired = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (expired, "state"), ==, "cancelled");
  error = post_step (id, "/phone/skip", supervisor, "{}", 409);
  ld_test_assert_error (error, "draft_closed", NULL);
  fresh = start (supervisor, phone, 0, 201);
  g_assert_cmpint (ld_test_json_int (fresh, "id"), !=, id);
}

static void
test_list_pages_the_open_drafts (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonNode) error = NULL;
  g_autofree char *cursor = NULL;
  gint64 total = -1;
  guint pages = 0;

  set_registration ("phone", TRUE, FALSE, FALSE);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *phone = new_phone ();
      g_ptr_array_add (drafts, start (supervisor, phone, 0, 201));
    }

  /* page by page, newest first, each open draft once */
  do
    {
      g_autofree char *path = cursor ? g_strdup_printf (API "/registrations?limit=2&cursor=%s", cursor)
                                     : g_strdup (API "/registrations?limit=2");
      g_autoptr(JsonNode) page = api ("GET", path, agent, NULL, 200);
      JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
      JsonNode *next = ld_test_json_path (page, "next_cursor");

      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      if (total < 0)
        total = ld_test_json_int (page, "total");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          gint64 id = json_object_get_int_member (item, "id");

          g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "open");
          g_assert_false (g_hash_table_contains (seen, &id));
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
        }
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
      pages++;
    }
  while (cursor != NULL && pages < 100);

  g_assert_null (cursor);
  g_assert_cmpint (total, ==, g_hash_table_size (seen));
  g_assert_cmpint (total, >=, 3);
  for (guint i = 0; i < drafts->len; i++)
    {
      gint64 id = ld_test_json_int (g_ptr_array_index (drafts, i), "id");

      g_assert_true (g_hash_table_contains (seen, &id));
    }

  api_fails ("GET", API "/registrations?cursor=nonsense", agent, NULL, 400, "malformed", "cursor");
  error = api ("GET", API "/registrations?phone=12", agent, NULL, 422);
  ld_test_assert_error (error, "invalid_field", "phone");
}

static void
test_unknown_and_out_of_order (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) error = NULL;
  gint64 id;

  set_registration ("card", TRUE, TRUE, FALSE);
  api_fails ("GET", API "/registrations/999999", agent, NULL, 404, "not_found", NULL);
  api_fails ("POST", API "/registrations/999999/consent", agent, "{\"offer\":true,\"personal_data\":true}", 404, "not_found", NULL);

  id = open_draft (agent, phone, TRUE, NULL);
  error = post_step (id, "/complete", agent, VALID_ANSWERS, 409);
  ld_test_assert_error (error, "wrong_step", NULL);
  g_assert_cmpstr (ld_test_json_string (error, "error.details.step"), ==, "card");
  g_clear_pointer (&error, json_node_unref);
  step_fails (id, "/password", agent, "{}", 409, "wrong_step", NULL);
  step_fails (id, "/consent", agent, "{\"offer\":true,\"personal_data\":true}", 409, "wrong_step", NULL);
  error = post_step (id, "/phone/send-code", agent, "{}", 409);
  ld_test_assert_error (error, "wrong_step", NULL);
  g_assert_cmpuint (outbox_total (phone), ==, 0);
}

/* ---- idempotent retries */

/* the same request twice with one key: the same status and body, and the repeat is a replay */
static JsonNode *
twice (const char *path,
       const char *token,
       const char *body,
       const char *key,
       guint       expected)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) replayed = NULL;
  JsonNode *answer;

  answer = ld_test_server_expect_full (server, "POST", path, token, body, key, expected, &first);
  replayed = ld_test_server_expect_full (server, "POST", path, token, body, key, expected, &second);
  g_assert_cmpstr (first, ==, second);
  return answer;
}

static const char *
step_path (char       **slot,
           gint64       id,
           const char  *suffix)
{
  g_free (*slot);
  *slot = draft_path (id, suffix);
  return *slot;
}

static void
test_idempotent_retries (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *number = take_card (free_cards);
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *card_json = card_body (number, TRUE);
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *start_body = NULL;
  gint64 id, call_id;
  guint sent;

  set_registration ("card", TRUE, TRUE, TRUE);
  call_id = start_call (phone);
  start_body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":%" G_GINT64_FORMAT "}", phone, call_id);
  draft = twice (API "/registrations", agent, start_body, "reg-start", 201);
  id = ld_test_json_int (draft, "id");

#define STEP(suffix) step_path (&path, id, (suffix))
  step = twice (STEP ("/card"), agent, card_json, "reg-card", 200);
  g_clear_pointer (&step, json_node_unref);

  step = twice (STEP ("/phone/send-code"), agent, "{}", "reg-send", 200);
  g_clear_pointer (&step, json_node_unref);
  sent = outbox_total (phone);
  g_assert_cmpuint (sent, ==, 1);   /* one SMS, and no 429 for the repeat */

  /* a wrong code retried with its key costs one attempt, not two */
  code = read_code (phone);
  body = g_strdup_printf ("{\"code\":\"%06u\"}", (guint) ((g_ascii_strtoull (code, NULL, 10) + 7) % 1000000));
  step = twice (STEP ("/phone/confirm"), agent, body, "reg-wrong", 422);
  g_clear_pointer (&step, json_node_unref);
  step = get_draft (id);
  g_assert_cmpint (ld_test_json_int (step, "code_attempts_left"), ==, 4);
  g_clear_pointer (&step, json_node_unref);

  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  step = twice (STEP ("/phone/confirm"), agent, body, "reg-confirm", 200);
  g_clear_pointer (&step, json_node_unref);
  step = twice (STEP ("/email"), agent, "{\"email\":\"idem@example.com\"}", "reg-email", 200);
  g_clear_pointer (&step, json_node_unref);
  step = twice (STEP ("/consent"), agent, "{\"offer\":true,\"personal_data\":true}", "reg-consent", 200);
  g_clear_pointer (&step, json_node_unref);

  step = twice (STEP ("/password"), agent, "{}", "reg-password", 200);
  g_assert_cmpuint (outbox_total (phone), ==, sent + 1);   /* one welcome SMS */
  g_clear_pointer (&step, json_node_unref);

  profile = twice (STEP ("/complete"), agent, VALID_ANSWERS, "reg-complete", 201);
  g_assert_cmpint (member_count (phone), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (profile, "cards"))), ==, 2);
#undef STEP
  step = get_draft (id);
  g_assert_cmpint (ld_test_json_int (profile, "id"), ==, ld_test_json_int (step, "member_id"));
  g_clear_pointer (&step, json_node_unref);

  /* a closed draft retried without the key says so */
  step_fails (id, "/complete", agent, VALID_ANSWERS, 409, "draft_closed", NULL);
}

/* ---- the code's lifetime */

/* config.registration.code_lifetime_minutes: @minutes, or left out (the default) when 0 */
static void
set_code_lifetime (gint64 minutes)
{
  g_autoptr(JsonNode) config = api ("GET", API "/config", admin, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;
  JsonObject *registration = json_node_get_object (ld_test_json_path (config, "registration"));

  if (minutes > 0)
    json_object_set_int_member (registration, "code_lifetime_minutes", minutes);
  else
    json_object_remove_member (registration, "code_lifetime_minutes");
  body = json_to_string (config, FALSE);
  saved = api ("PUT", API "/config", admin, body, 200);
}


static gint64
seconds_between (JsonNode   *node,
                 const char *from,
                 const char *to)
{
  g_autoptr(GDateTime) a = g_date_time_new_from_iso8601 (ld_test_json_string (node, from), NULL);
  g_autoptr(GDateTime) b = g_date_time_new_from_iso8601 (ld_test_json_string (node, to), NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  return g_date_time_difference (b, a) / G_USEC_PER_SEC;
}

static void
test_phone_code_expires (OwnServer     *fixture,
                         gconstpointer  data)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *other = new_phone ();
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) step = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *fresh = NULL;
  gint64 id;
  guint before;

  set_registration ("phone", TRUE, FALSE, FALSE);
  set_code_lifetime (0);
  id = open_draft (agent, phone, TRUE, &draft);
  g_assert_true (json_is_null (draft, "code_expires_at"));

  /* without a word in the configuration a code is good for 10 minutes */
  sent = post_step (id, "/phone/send-code", agent, "{}", 200);
  g_assert_cmpint (seconds_between (sent, "code_sent_at", "code_expires_at"), ==, 10 * 60);
  code = read_code (phone);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);

  /* 11 minutes later the right code is refused: expired, send a new one; no try is spent */
  ld_test_server_advance_clock (server, 11 * 60);
  error = post_step (id, "/phone/confirm", agent, body, 422);
  ld_test_assert_error (error, "code_expired", "code");
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "expired"));
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "new code"));
  g_assert_nonnull (ld_test_json_string (error, "error.details.expired_at"));
  g_clear_pointer (&step, json_node_unref);
  step = get_draft (id);
  g_assert_false (json_bool (step, "phone_confirmed"));
  g_assert_cmpint (ld_test_json_int (step, "code_attempts_left"), ==, 5);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "phone");

  /* a new code (the cool-down is long over) is good again; the old one is not */
  before = outbox_total (phone);
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/phone/send-code", agent, "{}", 200);
  g_assert_cmpuint (outbox_total (phone), ==, before + 1);
  g_assert_cmpint (seconds_between (step, "code_sent_at", "code_expires_at"), ==, 10 * 60);
  fresh = read_code (phone);
  if (!g_str_equal (fresh, code))
    {
      g_clear_pointer (&error, json_node_unref);
      error = post_step (id, "/phone/confirm", agent, body, 422);
      ld_test_assert_error (error, "invalid_code", "code");
    }
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"code\":\"%s\"}", fresh);
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/phone/confirm", agent, body, 200);
  g_assert_true (json_bool (step, "phone_confirmed"));
  g_assert_true (json_is_null (step, "code_expires_at"));

  /* the configuration's lifetime: 30 minutes keeps an 11-minute-old code good, 1 does not */
  set_code_lifetime (30);
  g_clear_pointer (&draft, json_node_unref);
  id = open_draft (agent, other, TRUE, &draft);
  g_clear_pointer (&sent, json_node_unref);
  sent = post_step (id, "/phone/send-code", agent, "{}", 200);
  g_assert_cmpint (seconds_between (sent, "code_sent_at", "code_expires_at"), ==, 30 * 60);
  g_clear_pointer (&code, g_free);
  code = read_code (other);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  ld_test_server_advance_clock (server, 11 * 60);
  set_code_lifetime (1);
  g_clear_pointer (&error, json_node_unref);
  error = post_step (id, "/phone/confirm", agent, body, 422);
  ld_test_assert_error (error, "code_expired", "code");
  set_code_lifetime (30);
  g_clear_pointer (&step, json_node_unref);
  step = post_step (id, "/phone/confirm", agent, body, 200);
  g_assert_true (json_bool (step, "phone_confirmed"));
  set_code_lifetime (0);
}

/* ---- a phone-type answer in the application form */

static void
test_complete_with_a_phone_field (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) config = NULL;
  g_autofree char *original = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *body = NULL;
  JsonObject *field = json_object_new ();
  JsonArray *form;
  gint64 id;

  set_registration ("phone", TRUE, FALSE, FALSE);
  config = api ("GET", API "/config", admin, NULL, 200);
  original = json_to_string (config, FALSE);   /* put back as it was at the end */
  form = json_node_get_array (ld_test_json_path (config, "application_form"));
  json_object_set_string_member (field, "key", "second_phone");
  json_object_set_string_member (field, "label", "Второй телефон");
  json_object_set_string_member (field, "type", "phone");
  json_object_set_boolean_member (field, "required", TRUE);
  json_object_set_boolean_member (field, "editable", TRUE);
  json_array_add_object_element (form, field);
  body = json_to_string (config, FALSE);
  saved = api ("PUT", API "/config", admin, body, 200);

  id = open_draft (supervisor, phone, FALSE, NULL);
  skip_to_form (id, supervisor);

  /* required, and a phone number by its numbering plan */
  step_fails (id, "/complete", supervisor, VALID_ANSWERS, 422, "invalid_field", "answers.second_phone");
  step_fails (id, "/complete", supervisor,
                     "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\","
                     "\"birth_date\":\"1985-04-12\",\"second_phone\":\"12\"}}", 422, "invalid_field", "answers.second_phone");
  error = post_step (id, "/complete", supervisor,
                     "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\","
                     "\"birth_date\":\"1985-04-12\",\"second_phone\":true}}", 422);
  ld_test_assert_error (error, "invalid_field", "answers.second_phone");
  g_assert_cmpint (member_count (phone), ==, 0);

  /* as an agent types it: kept in E.164 */
  profile = post_step (id, "/complete", supervisor,
                       "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\","
                       "\"birth_date\":\"1985-04-12\",\"second_phone\":\"8 (916) 000-11-22\"}}", 201);
  g_assert_cmpstr (ld_test_json_string (profile, "answers.second_phone"), ==, "+79160001122");
  g_assert_cmpstr (ld_test_json_string (profile, "phone"), ==, phone);

  g_clear_pointer (&saved, json_node_unref);
  saved = api ("PUT", API "/config", admin, original, 200);
}

/* ---- a retry sent while the first request is still being processed */

/* POST @path twice at once with one Idempotency-Key, each on its own connection, and
 * waits for both: both answer @expected with the same body → that body */
static JsonNode *
at_once (const char *path,
         const char *token,
         const char *body,
         const char *key,
         guint       expected)
{
  LdTestServer *servers[] = { server, server };
  LdTestAnswer answers[2] = { { 0 }, { 0 } };
  JsonNode *node;

  ld_test_post_at_once (servers, 2, path, token, body, key, answers);

  for (guint i = 0; i < 2; i++)
    {
      if (answers[i].status != expected)
        g_test_message ("POST %s → %u %s", path, answers[i].status, answers[i].text);
      g_assert_cmpuint (answers[i].status, ==, expected);
    }
  g_assert_cmpstr (answers[0].text, ==, answers[1].text);
  /* one of them is the first; the other replays it */
  g_assert_true (answers[0].replayed != answers[1].replayed);
  node = json_from_string (answers[0].text, NULL);
  g_assert_nonnull (node);
  for (guint i = 0; i < 2; i++)
    ld_test_answer_clear (&answers[i]);
  return node;
}

static void
test_concurrent_retries (void)
{
  g_autofree char *phone = new_phone ();
  g_autoptr(JsonNode) step = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  gint64 id;
  guint sent;

  set_registration ("phone", TRUE, FALSE, FALSE);
  id = open_draft (agent, phone, TRUE, NULL);

#define STEP(suffix) step_path (&path, id, (suffix))
  /* one code, one SMS */
  step = at_once (STEP ("/phone/send-code"), agent, "{}", "at-once-send", 200);
  g_clear_pointer (&step, json_node_unref);
  sent = outbox_total (phone);
  g_assert_cmpuint (sent, ==, 1);

  code = read_code (phone);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  step = at_once (STEP ("/phone/confirm"), agent, body, "at-once-confirm", 200);
  g_assert_true (json_bool (step, "phone_confirmed"));
  g_clear_pointer (&step, json_node_unref);
  step = at_once (STEP ("/consent"), agent, "{\"offer\":true,\"personal_data\":true}", "at-once-consent", 200);
  g_clear_pointer (&step, json_node_unref);

  /* the password takes a while to make (Argon2id in a thread): the retry comes while
   * the first is still at it, and gets its answer; one password, one welcome SMS */
  step = at_once (STEP ("/password"), agent, "{}", "at-once-password", 200);
  g_assert_cmpstr (ld_test_json_string (step, "step"), ==, "form");
  g_assert_true (json_bool (step, "password_sent"));
  g_assert_cmpuint (outbox_total (phone), ==, sent + 1);
  g_clear_pointer (&step, json_node_unref);

  /* two requests for the password with different keys at once: still one SMS */
  {
    g_autofree char *first = g_strdup_printf ("%s", STEP ("/password"));

    step = at_once (first, agent, "{}", "at-once-password-again", 200);
    g_assert_cmpuint (outbox_total (phone), ==, sent + 1);
    g_clear_pointer (&step, json_node_unref);
  }

  profile = at_once (STEP ("/complete"), agent, VALID_ANSWERS, "at-once-complete", 201);
  g_assert_cmpint (member_count (phone), ==, 1);
#undef STEP
  step = get_draft (id);
  g_assert_cmpstr (ld_test_json_string (step, "state"), ==, "completed");
  g_assert_cmpint (ld_test_json_int (profile, "id"), ==, ld_test_json_int (step, "member_id"));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  /* with the Russian catalog, for the messages that follow Accept-Language */
  server = ld_test_server_new_full (40, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
  load_free_cards ();

  g_test_add_func ("/server/registrations/card-mode/by-call-with-virtual-card", test_card_mode_by_call);
  g_test_add_func ("/server/registrations/card-mode/virtual-card-off", test_card_mode_without_virtual_card);
  g_test_add_func ("/server/registrations/card-mode/email-required", test_card_mode_email_required);
  g_test_add_func ("/server/registrations/card-mode/continue-without-card", test_card_mode_continue_without_card);
  g_test_add_func ("/server/registrations/card-mode/continue-without-card-off", test_card_mode_continue_without_card_disabled);
  g_test_add_func ("/server/registrations/phone-mode/virtual-card-and-email", test_phone_mode);
  g_test_add_func ("/server/registrations/phone-mode/virtual-card-off", test_phone_mode_without_virtual_card);
  g_test_add_func ("/server/registrations/card/linked-elsewhere", test_card_linked_elsewhere);
  g_test_add_func ("/server/registrations/card/unknown", test_card_unknown);
  g_test_add_func ("/server/registrations/card/not-available", test_card_not_available);
  g_test_add_func ("/server/registrations/card/taken-meanwhile", test_card_taken_meanwhile);
  g_test_add ("/server/registrations/phone/wrong-code-and-too-many-tries", OwnServer, NULL,
              own_server_setup, test_phone_wrong_code_and_too_many_tries, own_server_teardown);
  g_test_add_func ("/server/registrations/phone/resend-cool-down", test_phone_resend_cool_down);
  g_test_add_func ("/server/registrations/phone/skip-needs-the-right", test_phone_skip_needs_the_right);
  g_test_add ("/server/registrations/phone/code-expires", OwnServer, NULL,
              own_server_setup, test_phone_code_expires, own_server_teardown);
  g_test_add_func ("/server/registrations/start/rights-phone-and-call", test_start_checks_rights_phone_and_call);
  g_test_add_func ("/server/registrations/consent/refused-cancels", test_consent_refused_cancels);
  g_test_add_func ("/server/registrations/complete/required-and-invalid-answers", test_complete_checks_the_answers);
  g_test_add_func ("/server/registrations/steps/invalid-input-follows-accept-language", test_invalid_input_follows_accept_language);
  g_test_add_func ("/server/registrations/complete/one-member-per-phone", test_second_registration_for_the_phone);
  g_test_add_func ("/server/registrations/resume/same-draft-same-step", test_resume_answers_the_same_draft);
  g_test_add ("/server/registrations/resume/expires-after-a-week", OwnServer, NULL,
              own_server_setup, test_draft_expires_after_a_week, own_server_teardown);
  g_test_add_func ("/server/registrations/list/pages-the-open-drafts", test_list_pages_the_open_drafts);
  g_test_add_func ("/server/registrations/steps/unknown-and-out-of-order", test_unknown_and_out_of_order);
  g_test_add_func ("/server/registrations/steps/idempotent-retries", test_idempotent_retries);
  g_test_add_func ("/server/registrations/steps/concurrent-retries", test_concurrent_retries);
  g_test_add_func ("/server/registrations/complete/phone-field", test_complete_with_a_phone_field);

  result = g_test_run ();

  g_clear_pointer (&free_cards, g_ptr_array_unref);
  g_clear_pointer (&balance_cards, g_ptr_array_unref);
  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&supervisor, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

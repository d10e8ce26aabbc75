/* test-server-instances.c — two server instances on one database, as behind a balancer
 *
 * A request may land on either instance: what one writes, the other's next answer shows,
 * whatever either keeps in memory. Each test warms the second instance's memory (a
 * session read, the configuration read) before the first instance changes it, so a cache
 * that did not learn of the other's write would answer the old state. Run against SQLite
 * (two processes on one file) and, with LD_TEST_DATABASE=postgresql, against PostgreSQL.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

static LdTestServer *one;
static LdTestServer *other;

/* POST /auth/login on @instance → the status, the error code in *@code (transfer full,
 * NULL on success) and Retry-After in *@retry_after (0 without one) */
static guint
login_on (LdTestServer  *instance,
          const char    *login,
          const char    *password,
          char         **code,
          guint         *retry_after)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  const char *value;
  guint status;

  status = ld_test_server_request_full (instance, "POST", "/api/v1/auth/login", NULL, bytes, NULL, &text, &headers);
  answer = json_from_string (text, NULL);
  g_assert_nonnull (answer);
  *code = g_strdup (ld_test_json_string (answer, "error.code"));
  value = headers != NULL ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  *retry_after = value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
  return status;
}

/* login_on() that must answer @status (and the error @code when not NULL) */
static void
assert_login (LdTestServer *instance,
              const char   *login,
              const char   *password,
              guint         status,
              const char   *code)
{
  g_autofree char *answered_code = NULL;
  guint retry_after = 0;

  g_assert_cmpuint (login_on (instance, login, password, &answered_code, &retry_after), ==, status);
  if (code != NULL)
    g_assert_cmpstr (answered_code, ==, code);
}

/* a token from one instance is good on the other: the session is the database's */
static void
test_token_works_on_the_other (void)
{
  g_autofree char *token = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) me = NULL;

  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (me, "login"), ==, "agent");
}

/* a logout on one instance ends the session on the other at once, though the other read
 * the session a moment before */
static void
test_logout_ends_the_session_on_the_other (void)
{
  g_autofree char *token = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) me = NULL;

  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);
  g_clear_pointer (&me, json_node_unref);
  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);

  g_assert_cmpuint (ld_test_server_request (one, "POST", "/api/v1/auth/logout", token, NULL, NULL, NULL),
                    ==, 200);
  ld_test_server_assert_error (other, "GET", "/api/v1/me", token, NULL, NULL, 401, "unauthorized", NULL);
}

/* a configuration saved through one instance is the other's next answer */
static void
test_config_saved_on_one_is_the_others (void)
{
  g_autofree char *admin = ld_test_server_login (one, "admin", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;
  gint64 max;

  before = ld_test_server_expect (other, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  max = ld_test_json_int (before, "favorites.max");

  config = ld_test_server_expect (one, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  json_object_set_int_member (json_node_get_object (ld_test_json_path (config, "favorites")), "max", max + 3);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (one, "PUT", "/api/v1/config", admin, body, NULL, 200);
  g_assert_cmpint (ld_test_json_int (saved, "favorites.max"), ==, max + 3);

  after = ld_test_server_expect (other, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (after, "favorites.max"), ==, max + 3);
}

/* five failed sign-ins of one login, split between the instances, lock it on both: the
 * count is the database's, so a balancer sending each try elsewhere does not give an
 * attacker five tries per instance */
static void
test_lockout_counted_across_instances (void)
{
  ld_test_server_create_operator (one, "split-target", "agent", NULL, NULL);

  assert_login (one, "split-target", "wrong", 401, "invalid_credentials");
  assert_login (other, "split-target", "wrong", 401, "invalid_credentials");
  assert_login (one, "split-target", "wrong", 401, "invalid_credentials");
  assert_login (other, "split-target", "wrong", 401, "invalid_credentials");
  assert_login (one, "split-target", "wrong", 401, "invalid_credentials");

  /* locked on both, the right password too */
  assert_login (other, "split-target", LD_TEST_PASSWORD, 429, "too_many_attempts");
  assert_login (one, "split-target", LD_TEST_PASSWORD, 429, "too_many_attempts");

  /* a login no operator has locks the same way across both */
  for (guint i = 0; i < 5; i++)
    assert_login (i % 2 ? one : other, "split-nobody", "wrong", 401, "invalid_credentials");
  assert_login (one, "split-nobody", "wrong", 429, "too_many_attempts");
  assert_login (other, "split-nobody", "wrong", 429, "too_many_attempts");
}

/* failed sign-ins from one address are counted across the instances: with a limit of 3
 * a minute, two failures on one and one on the other throttle the address on both (each
 * counting its own would have let the right password in on either), until the window
 * ends on the clock both share */
static void
test_address_throttle_counted_across_instances (void)
{
  const char *args[] = { "--login-throttle", "3", NULL };
  g_autoptr(LdTestServer) first = ld_test_server_new (1, args);
  g_autoptr(LdTestServer) second = ld_test_server_new_beside (first, args);
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  guint retry_after = 0;
  gint64 started = g_get_monotonic_time ();
  gint64 took;

  /* three logins (no login locks), the address does */
  assert_login (first, "agent", "wrong", 401, "invalid_credentials");
  assert_login (second, "supervisor", "wrong", 401, "invalid_credentials");
  assert_login (first, "nobody-at-all", "wrong", 401, "invalid_credentials");

  /* the minute from the first failure, less what the password checks took on a busy machine */
  g_assert_cmpuint (login_on (second, "admin", LD_TEST_PASSWORD, &code, &retry_after), ==, 429);
  took = (g_get_monotonic_time () - started + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_assert_cmpstr (code, ==, "too_many_attempts");
  g_assert_cmpint (retry_after, >=, 60 - took);
  g_assert_cmpuint (retry_after, <=, 60);
  g_clear_pointer (&code, g_free);
  g_assert_cmpuint (login_on (first, "admin", LD_TEST_PASSWORD, &code, &retry_after), ==, 429);
  took = (g_get_monotonic_time () - started + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_assert_cmpstr (code, ==, "too_many_attempts");
  g_assert_cmpint (retry_after, >=, 60 - took);
  g_assert_cmpuint (retry_after, <=, 60);

  /* the window ends for both at once: the right password signs in on either */
  ld_test_server_advance_clock (first, retry_after);
  token = ld_test_server_login (second, "admin", LD_TEST_PASSWORD);
  g_assert_nonnull (token);
  g_clear_pointer (&token, g_free);
  token = ld_test_server_login (first, "admin", LD_TEST_PASSWORD);
  g_assert_nonnull (token);

  g_assert_true (ld_test_server_stop (second));
  g_assert_true (ld_test_server_stop (first));
}

/* POST /registrations/@id@step on @instance (expected @status) → the answer */
static JsonNode *
draft_step (LdTestServer *instance,
            const char   *token,
            gint64        id,
            const char   *step,
            const char   *body,
            guint         status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/registrations/%" G_GINT64_FORMAT "%s", id, step);

  return ld_test_server_expect (instance, "POST", path, token, body, NULL, status);
}

/* the code of the newest SMS to @phone in the outbox, read through @instance */
static char *
read_code (LdTestServer *instance,
           const char   *token,
           const char   *phone)
{
  static const char prefix[] = "Код подтверждения Loyalty Desk: ";
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/outbox?phone=%s&limit=1", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (instance, "GET", path, token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  const char *text;

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  text = json_object_get_string_member (json_array_get_object_element (items, 0), "text");
  g_assert_true (g_str_has_prefix (text, prefix));
  return g_strdup (text + strlen (prefix));
}

/* a registration started on one instance and finished on the other, its steps landing on
 * each in turn as a balancer may send them: the draft, its card, its code and consents
 * are the database's, not the memory of the instance that took the step before */
static void
test_registration_across_instances (void)
{
  g_autofree char *supervisor = ld_test_server_login (one, "supervisor", LD_TEST_PASSWORD);
  const char *phone = "+79007009901";
  g_autofree char *call_body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autofree char *start_body = NULL;
  g_autofree char *card_body = NULL;
  g_autofree char *confirm_body = NULL;
  g_autofree char *code = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *member_path = NULL;
  g_autofree char *number = NULL;
  g_autoptr(JsonNode) cards = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) profile = NULL;
  JsonArray *items;
  gint64 id, member_id;

  /* a free physical card of the pool, listed by the other instance */
  cards = ld_test_server_expect (other, "GET", "/api/v1/cards?state=issued&limit=500", supervisor, NULL, NULL, 200);
  items = json_node_get_array (ld_test_json_path (cards, "items"));
  for (guint i = 0; i < json_array_get_length (items) && number == NULL; i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (card, "type"), "physical"))
        number = g_strdup (json_object_get_string_member (card, "number"));
    }
  g_assert_nonnull (number);

  /* started on one: the call, then the draft by that call */
  call = ld_test_server_expect (one, "POST", "/api/v1/calls", supervisor, call_body, NULL, 201);
  start_body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":%" G_GINT64_FORMAT "}",
                                phone, ld_test_json_int (call, "call.id"));
  answer = ld_test_server_expect (one, "POST", "/api/v1/registrations", supervisor, start_body, NULL, 201);
  id = ld_test_json_int (answer, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (ld_test_json_string (answer, "step"), ==, "card");
  g_clear_pointer (&answer, json_node_unref);

  /* every step on the instance the previous one did not take */
  draft_path = g_strdup_printf ("/api/v1/registrations/%" G_GINT64_FORMAT, id);
  answer = ld_test_server_expect (other, "GET", draft_path, supervisor, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "phone"), ==, phone);
  g_clear_pointer (&answer, json_node_unref);

  card_body = g_strdup_printf ("{\"number\":\"%s\",\"issue_virtual\":false}", number);
  answer = draft_step (one, supervisor, id, "/card", card_body, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "step"), ==, "phone");
  g_clear_pointer (&answer, json_node_unref);

  answer = draft_step (other, supervisor, id, "/phone/send-code", "{}", 200);
  g_clear_pointer (&answer, json_node_unref);
  code = read_code (one, supervisor, phone);
  confirm_body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  answer = draft_step (one, supervisor, id, "/phone/confirm", confirm_body, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "step"), ==, "consent");
  g_clear_pointer (&answer, json_node_unref);

  answer = draft_step (other, supervisor, id, "/consent", "{\"offer\":true,\"personal_data\":true}", 200);
  g_assert_cmpstr (ld_test_json_string (answer, "step"), ==, "password");
  g_clear_pointer (&answer, json_node_unref);
  answer = draft_step (one, supervisor, id, "/password", "{}", 200);
  g_assert_cmpstr (ld_test_json_string (answer, "step"), ==, "form");
  g_clear_pointer (&answer, json_node_unref);

  /* finished on the other */
  profile = draft_step (other, supervisor, id, "/complete",
                        "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\","
                        "\"birth_date\":\"1985-04-12\"}}", 201);
  member_id = ld_test_json_int (profile, "id");
  g_assert_cmpint (member_id, >, 0);
  g_assert_cmpstr (ld_test_json_string (profile, "phone"), ==, phone);
  g_assert_cmpstr (ld_test_json_string (profile, "main_card.number"), ==, number);
  g_assert_cmpstr (ld_test_json_string (profile, "main_card.state"), ==, "activated");

  /* the instance that started it sees it done, and the member */
  answer = ld_test_server_expect (one, "GET", draft_path, supervisor, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "state"), ==, "completed");
  g_assert_cmpint (ld_test_json_int (answer, "member_id"), ==, member_id);
  g_clear_pointer (&answer, json_node_unref);
  member_path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);
  answer = ld_test_server_expect (one, "GET", member_path, supervisor, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "phone"), ==, phone);
}

/* ld_search_answers_from_memory_total in @instance's /metrics */
static guint64
answered_from_memory (LdTestServer *instance)
{
  static const char name[] = "\nld_search_answers_from_memory_total ";
  g_autofree char *text = NULL;
  const char *line;

  g_assert_cmpuint (ld_test_server_request_full (instance, "GET", "/metrics", NULL, NULL, NULL, &text, NULL),
                    ==, 200);
  line = strstr (text, name);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (name), NULL, 10);
}

/* the one member GET /members?phone=@phone finds on @instance */
static JsonObject *
search_phone (LdTestServer *instance,
              const char   *token,
              const char   *phone)
{
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/members?phone=%s", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (instance, "GET", path, token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

/* a write on one instance is the other's very next search, though the other answered
 * that search from memory just before */
static void
test_write_seen_by_the_others_next_search (void)
{
  g_autofree char *agent = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) member = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *if_match = NULL;
  const char *headers[] = { "If-Match", NULL, NULL };
  guint64 answered;

  member = ld_test_server_expect (one, "GET", "/api/v1/members/9", agent, NULL, NULL, 200);
  phone = g_strdup (ld_test_json_string (member, "phone"));
  g_assert_nonnull (phone);

  /* the other's memory is warm: its second search is answered from there */
  before = search_phone (other, agent, phone);
  answered = answered_from_memory (other);
  again = search_phone (other, agent, phone);
  g_assert_true (json_object_equal (again, before));
  g_assert_cmpuint (answered_from_memory (other), ==, answered + 1);
  g_assert_cmpstr (json_object_get_string_member (before, "last_name"), !=, "Переименованная");

  if_match = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (member, "version"));
  headers[1] = if_match;
  patched = ld_test_server_expect (one, "PATCH", "/api/v1/members/9", agent,
                                   "{\"answers\":{\"last_name\":\"Переименованная\"}}", headers, 200);
  g_assert_cmpstr (ld_test_json_string (patched, "last_name"), ==, "Переименованная");

  after = search_phone (other, agent, phone);
  g_assert_cmpstr (json_object_get_string_member (after, "last_name"), ==, "Переименованная");
  g_assert_cmpint (json_object_get_int_member (after, "id"), ==, 9);
}

/* the phone of member @id, read through @instance */
static char *
member_phone (LdTestServer *instance,
              const char   *token,
              gint64        id,
              gint64       *version)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) member = ld_test_server_expect (instance, "GET", path, token, NULL, NULL, 200);

  if (version != NULL)
    *version = ld_test_json_int (member, "version");
  g_assert_nonnull (ld_test_json_string (member, "phone"));
  return g_strdup (ld_test_json_string (member, "phone"));
}

/* search_phone() on @instance that must be answered from its memory, as @expected */
static void
assert_searched_from_memory (LdTestServer *instance,
                             const char   *token,
                             const char   *phone,
                             JsonObject   *expected)
{
  guint64 answered = answered_from_memory (instance);
  g_autoptr(JsonObject) found = search_phone (instance, token, phone);

  g_assert_true (json_object_equal (found, expected));
  g_assert_cmpuint (answered_from_memory (instance), ==, answered + 1);
}

/* what the other instance keeps in memory survives the writes that do not touch it: a
 * sign-in, a call started, a member renamed forget the renamed member there and nothing
 * else (each instance forgetting everything on any write would leave the search memory
 * of two busy instances nearly always empty) */
static void
test_others_memory_outlives_unrelated_writes (void)
{
  g_autofree char *agent = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autofree char *again = NULL;
  g_autofree char *renamed_phone = NULL;
  g_autofree char *kept_phone = NULL;
  g_autofree char *call_body = NULL;
  g_autofree char *if_match = NULL;
  g_autoptr(JsonObject) renamed = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) patched = NULL;
  const char *headers[] = { "If-Match", NULL, NULL };
  gint64 version = 0;

  renamed_phone = member_phone (one, agent, 4, &version);
  kept_phone = member_phone (one, agent, 7, NULL);

  /* the other's memory warm with both */
  renamed = search_phone (other, agent, renamed_phone);
  kept = search_phone (other, agent, kept_phone);
  assert_searched_from_memory (other, agent, renamed_phone, renamed);
  assert_searched_from_memory (other, agent, kept_phone, kept);
  g_assert_cmpstr (json_object_get_string_member (renamed, "last_name"), !=, "Переименованный");

  /* a sign-in and a call on one: both members still answered from the other's memory */
  again = ld_test_server_login (one, "supervisor", LD_TEST_PASSWORD);
  call_body = g_strdup_printf ("{\"phone\":\"%s\"}", renamed_phone);
  call = ld_test_server_expect (one, "POST", "/api/v1/calls", agent, call_body, NULL, 201);
  assert_searched_from_memory (other, agent, renamed_phone, renamed);
  assert_searched_from_memory (other, agent, kept_phone, kept);

  /* one renamed on one: the other's next search shows it, the other member still from memory */
  if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  headers[1] = if_match;
  patched = ld_test_server_expect (one, "PATCH", "/api/v1/members/4", agent,
                                   "{\"answers\":{\"last_name\":\"Переименованный\"}}", headers, 200);
  g_assert_cmpstr (ld_test_json_string (patched, "last_name"), ==, "Переименованный");

  after = search_phone (other, agent, renamed_phone);
  g_assert_cmpint (json_object_get_int_member (after, "id"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (after, "last_name"), ==, "Переименованный");
  assert_searched_from_memory (other, agent, kept_phone, kept);
}

/* a request repeated with its Idempotency-Key on the other instance (the balancer sent
 * the retry elsewhere) is the first one's answer, applied once */
static void
test_idempotency_key_replayed_on_the_other (void)
{
  g_autofree char *supervisor = ld_test_server_login (one, "supervisor", LD_TEST_PASSWORD);
  g_autofree char *number = NULL;
  g_autofree char *path = NULL;
  g_autofree char *card_path = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"reason\":\"lost\"}", strlen ("{\"reason\":\"lost\"}"));
  const char *headers[] = { "Idempotency-Key", "block-on-one-repeat-on-other", NULL };
  g_autoptr(SoupMessageHeaders) replay_headers = NULL;
  g_autoptr(JsonNode) card = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* the first demo member whose main card is active */
  for (guint id = 1; id <= 10 && number == NULL; id++)
    {
      g_autofree char *member_path = g_strdup_printf ("/api/v1/members/%u", id);
      g_autoptr(JsonNode) member = ld_test_server_expect (one, "GET", member_path, supervisor, NULL, NULL, 200);

      if (g_strcmp0 (ld_test_json_string (member, "main_card.state"), "activated") == 0 &&
          ld_test_json_path (member, "account.blocked") != NULL &&
          !json_node_get_boolean (ld_test_json_path (member, "account.blocked")))
        number = g_strdup (ld_test_json_string (member, "main_card.number"));
    }
  g_assert_nonnull (number);
  path = g_strdup_printf ("/api/v1/cards/%s/block", number);
  card_path = g_strdup_printf ("/api/v1/cards/%s", number);
  card = ld_test_server_expect (one, "GET", card_path, supervisor, NULL, NULL, 200);

  g_assert_cmpuint (ld_test_server_request_full (one, "POST", path, supervisor, body, headers, &first, NULL),
                    ==, 200);
  g_assert_cmpuint (ld_test_server_request_full (other, "POST", path, supervisor, body, headers, &second,
                                                 &replay_headers),
                    ==, 200);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (soup_message_headers_get_one (replay_headers, "Idempotent-Replayed"), ==, "true");

  stored = ld_test_server_expect (other, "GET", card_path, supervisor, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (stored, "version"), ==, ld_test_json_int (card, "version") + 1);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "blocked");
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  one = ld_test_server_new (10, NULL);
  other = ld_test_server_new_beside (one, NULL);

  g_test_add_func ("/server/instances/token-works-on-the-other", test_token_works_on_the_other);
  g_test_add_func ("/server/instances/logout-ends-the-session-on-the-other",
                   test_logout_ends_the_session_on_the_other);
  g_test_add_func ("/server/instances/config-saved-on-one-is-the-others", test_config_saved_on_one_is_the_others);
  g_test_add_func ("/server/instances/idempotency-key-replayed-on-the-other",
                   test_idempotency_key_replayed_on_the_other);
  g_test_add_func ("/server/instances/lockout-counted-across-instances", test_lockout_counted_across_instances);
  g_test_add_func ("/server/instances/address-throttle-counted-across-instances",
                   test_address_throttle_counted_across_instances);
  g_test_add_func ("/server/instances/registration-across-instances", test_registration_across_instances);
  g_test_add_func ("/server/instances/write-seen-by-the-others-next-search",
                   test_write_seen_by_the_others_next_search);
  g_test_add_func ("/server/instances/others-memory-outlives-unrelated-writes",
                   test_others_memory_outlives_unrelated_writes);

  result = g_test_run ();
  g_clear_object (&other);
  g_clear_object (&one);
  return result;
}

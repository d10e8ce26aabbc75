/* test-server-bodies.c — request bodies as a hostile client sends them (issue 11)
 *
 * Each test is the attack: a body nested 100,000 levels deep sent without logging in; input
 * holding U+001F that comes back in an error and in a member's name, every answer read by
 * a strict JSON parser; required members missing or null; bodies that are not
 * application/json.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-json.h"
#include "ld-test-server.h"

#define API "/api/v1"
#define ATTACK_DEPTH 100000

static LdTestServer *server;
static char *agent;
static char *supervisor;
static char *admin;
static guint next_phone = 1;

/* ---- strict JSON */

/* @text is JSON a strict parser reads: valid UTF-8, no raw byte below 0x20 inside a
 * string (json-glib's own parser lets those through), and Python's json.loads takes it */
static void
assert_strict_json (const char *text)
{
  static const char check[] = "import json, sys; json.loads(sys.stdin.buffer.read().decode('utf-8')); print('ok', end='')";

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  ld_test_assert_no_raw_controls (text);
  ld_test_python_check (text, check);
}

/* @method @path with @body (nullable) as application/json → the answer's text, which must
 * be strict JSON, parsed (transfer full) */
static JsonNode *
strict_request (const char *method,
                const char *path,
                const char *token,
                const char *body,
                guint       expected)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autofree char *text = NULL;
  guint status;

  status = ld_test_server_request_full (server, method, path, token, bytes, NULL, &text, NULL);
  g_test_message ("%s %s → %u %s", method, path, status, text);
  g_assert_cmpuint (status, ==, expected);
  assert_strict_json (text);
  return json_from_string (text, NULL);
}

/* @method @path with @body sent as @content_type (nullable: no Content-Type header) →
 * the status; the answer parsed into @out_json */
static guint
request_as (const char  *method,
            const char  *path,
            const char  *token,
            const char  *content_type,
            const char  *body,
            JsonNode   **out_json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (ld_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  /* libsoup sets the type with the body; none at all is a header taken away after */
  soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", bytes);
  if (content_type == NULL)
    soup_message_headers_remove (headers, "Content-Type");

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_json != NULL)
    *out_json = json_from_string (g_bytes_get_data (answer, NULL), NULL);
  return soup_message_get_status (msg);
}

static void
assert_alive (void)
{
  g_autoptr(JsonNode) health = ld_test_server_expect (server, "GET", API "/healthz", NULL, NULL, NULL, 200);

  g_assert_nonnull (health);
}

/* ---- depth */

static char *
nested (const char *open,
        const char *middle,
        const char *close,
        guint       depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, middle);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

/* without logging in, 200 KB of brackets overflowed json-glib's recursive parser's stack
 * and took the server down (SIGSEGV) */
static void
test_deep_body_refused (void)
{
  g_autofree char *arrays = nested ("[", "", "]", ATTACK_DEPTH);
  g_autofree char *objects = nested ("{\"a\":", "1", "}", ATTACK_DEPTH / 5);
  g_autofree char *login = nested ("{\"login\":", "\"agent\"", "}", 65);
  g_autoptr(JsonNode) error = NULL;

  g_assert_cmpuint (strlen (arrays), ==, 2 * ATTACK_DEPTH);
  error = strict_request ("POST", API "/auth/login", NULL, arrays, 400);
  ld_test_assert_error (error, "malformed", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "64"));
  assert_alive ();
  g_clear_pointer (&error, json_node_unref);

  error = strict_request ("POST", API "/auth/login", NULL, objects, 400);
  ld_test_assert_error (error, "malformed", NULL);
  assert_alive ();
  g_clear_pointer (&error, json_node_unref);

  /* just over the limit is refused the same way; a logged-in route too */
  error = strict_request ("POST", API "/auth/login", NULL, login, 400);
  ld_test_assert_error (error, "malformed", NULL);
  g_clear_pointer (&error, json_node_unref);
  error = strict_request ("PUT", API "/config", admin, arrays, 400);
  ld_test_assert_error (error, "malformed", NULL);
  assert_alive ();

  /* and the server still signs in */
  g_free (ld_test_server_login (server, "agent", LD_TEST_PASSWORD));
}

/* ---- U+001F in answers */

/* an unknown query parameter's name comes back in the message and in details.field */
static void
test_control_char_in_error (void)
{
  g_autoptr(JsonNode) error = strict_request ("GET", API "/me?a%1Fb=1", agent, NULL, 400);

  ld_test_assert_error (error, "malformed", "a\x1f" "b");
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "a\x1f" "b"));
}

/* a field's value echoed in a 422, the first time and again with its Idempotency-Key (a
 * refusal is not kept: the retry is answered anew, the same) */
static void
test_control_char_in_echoed_value (void)
{
  static const char body[] = "{\"phone\":\"+7 900\\u001f123\"}";
  g_autofree char *first = NULL;

  for (guint i = 0; i < 2; i++)
    {
      const char *headers[] = { "Idempotency-Key", "control-char-echoed", NULL };
      g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
      g_autoptr(SoupMessageHeaders) answer_headers = NULL;
      g_autoptr(JsonNode) error = NULL;
      g_autofree char *text = NULL;

      g_assert_cmpuint (ld_test_server_request_full (server, "POST", API "/calls", agent, bytes,
                                                     headers, &text, &answer_headers), ==, 422);
      g_test_message ("%s", text);
      assert_strict_json (text);
      error = json_from_string (text, NULL);
      ld_test_assert_error (error, "invalid_field", "phone");
      g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "900\x1f" "123"));
      if (i == 0)
        first = g_steal_pointer (&text);
      else
        {
          g_assert_null (soup_message_headers_get_one (answer_headers, "Idempotent-Replayed"));
          g_assert_cmpstr (text, ==, first);
        }
    }
}

/* the configuration carries what an admin typed, U+001F included */
static void
test_control_char_in_config (void)
{
  g_autoptr(JsonNode) config = strict_request ("GET", API "/config", admin, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *body = NULL;
  g_autofree char *original = json_to_string (config, FALSE);
  JsonObject *tickets = json_node_get_object (ld_test_json_path (config, "tickets"));

  json_object_set_string_member (tickets, "queue", "Call\x1f" "center\x01");
  body = json_to_string (config, FALSE);
  saved = strict_request ("PUT", API "/config", admin, body, 200);
  g_assert_cmpstr (ld_test_json_string (saved, "tickets.queue"), ==, "Call\x1f" "center\x01");
  again = strict_request ("GET", API "/config", agent, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (again, "tickets.queue"), ==, "Call\x1f" "center\x01");

  g_clear_pointer (&saved, json_node_unref);
  saved = strict_request ("PUT", API "/config", admin, original, 200);
}

static void
set_registration_without_card (void)
{
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;
  JsonObject *registration = json_node_get_object (ld_test_json_path (config, "registration"));

  json_object_set_string_member (registration, "mode", "card");
  json_object_set_boolean_member (registration, "continue_without_card", TRUE);
  json_object_set_boolean_member (registration, "virtual_card", TRUE);
  json_object_set_boolean_member (registration, "email_required", FALSE);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (server, "PUT", API "/config", admin, body, NULL, 200);
}

static char *
new_phone (void)
{
  return g_strdup_printf ("+7900911%04u", next_phone++);
}

/* POST /registrations as the supervisor (no call needed) → the draft's id */
static gint64
open_draft (const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":null}", phone);
  g_autoptr(JsonNode) draft = ld_test_server_expect (server, "POST", API "/registrations", supervisor, body, NULL, 201);

  return ld_test_json_int (draft, "id");
}

static JsonNode *
step (gint64      id,
      const char *name,
      const char *body,
      guint       expected)
{
  g_autofree char *path = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT "%s", id, name);

  return strict_request ("POST", path, supervisor, body, expected);
}

static void
step_done (gint64      id,
           const char *name,
           const char *body)
{
  g_autoptr(JsonNode) answer = step (id, name, body, 200);

  g_assert_nonnull (answer);
}

/* a member registered through the API with U+001F in the name: the profile, the search
 * result and the draft all carry it escaped */
static void
test_control_char_in_member_name (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *escaped_phone = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *search = g_strconcat (API "/members?phone=", escaped_phone, NULL);
  g_autofree char *profile_path = NULL;
  g_autoptr(JsonNode) member = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) found = NULL;
  JsonArray *items;
  gint64 id;

  set_registration_without_card ();
  id = open_draft (phone);
  step_done (id, "/card", "{\"number\":null,\"issue_virtual\":false}");
  step_done (id, "/phone/skip", "{}");
  step_done (id, "/virtual-card", "{\"issue_virtual\":false}");
  step_done (id, "/consent", "{\"offer\":true,\"personal_data\":true}");
  step_done (id, "/password", "{}");
  member = step (id, "/complete",
                 "{\"answers\":{\"last_name\":\"Пет\\u001fров\",\"first_name\":\"Ива\\u001fн\","
                 "\"middle_name\":\"Сер\\u0001геевич\",\"birth_date\":\"1985-04-12\",\"gender\":\"male\","
                 "\"children\":2,\"has_car\":true}}", 201);

  profile_path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, ld_test_json_int (member, "id"));
  profile = strict_request ("GET", profile_path, agent, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (profile, "first_name"), ==, "Ива\x1fн");
  g_assert_cmpstr (ld_test_json_string (profile, "last_name"), ==, "Пет\x1fров");

  /* the search's own JSON writer, and its stored summary read back */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&found, json_node_unref);
      found = strict_request ("GET", search, agent, NULL, 200);
      items = json_node_get_array (ld_test_json_path (found, "items"));
      g_assert_cmpuint (json_array_get_length (items), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "first_name"),
                       ==, "Ива\x1fн");
    }
}

/* ---- required members */

static gint64
start_call (void)
{
  g_autofree char *phone = new_phone ();
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autoptr(JsonNode) answer = ld_test_server_expect (server, "POST", API "/calls", agent, body, NULL, 201);

  return ld_test_json_int (answer, "call.id");
}

static void
assert_required (const char *method,
                 const char *path,
                 const char *token,
                 const char *body,
                 const char *field)
{
  g_autoptr(JsonNode) error = NULL;

  g_test_message ("%s %s %s", method, path, body);
  error = strict_request (method, path, token, body, 422);
  ld_test_assert_error (error, "invalid_field", field);
}

/* null was taken for false, and a missing member as well */
static void
test_required_close_ticket (void)
{
  gint64 id = start_call ();
  g_autofree char *path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT "/end", id);
  g_autoptr(JsonNode) ended = NULL;

  assert_required ("POST", path, agent, "{\"reason\":\"resolved\"}", "close_ticket");
  assert_required ("POST", path, agent, "{\"reason\":\"resolved\",\"close_ticket\":null}", "close_ticket");
  ended = strict_request ("POST", path, agent, "{\"reason\":\"resolved\",\"close_ticket\":false}", 200);
  g_assert_cmpstr (ld_test_json_string (ended, "end_reason"), ==, "resolved");
}

static void
test_required_issue_virtual (void)
{
  g_autofree char *phone = new_phone ();
  gint64 id;

  set_registration_without_card ();
  id = open_draft (phone);
  {
    g_autofree char *card = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT "/card", id);
    g_autofree char *virtual_card = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT "/virtual-card", id);

    assert_required ("POST", card, supervisor, "{\"number\":null}", "issue_virtual");
    assert_required ("POST", card, supervisor, "{\"number\":null,\"issue_virtual\":null}", "issue_virtual");
    step_done (id, "/card", "{\"number\":null,\"issue_virtual\":false}");
    step_done (id, "/phone/skip", "{}");

    assert_required ("POST", virtual_card, supervisor, "{}", "issue_virtual");
    assert_required ("POST", virtual_card, supervisor, "{\"issue_virtual\":null}", "issue_virtual");
    step_done (id, "/virtual-card", "{\"issue_virtual\":true}");
    step_done (id, "/consent", "{\"offer\":true,\"personal_data\":true}");
    step_done (id, "/password", "{}");

    {
      g_autofree char *complete = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT "/complete", id);

      assert_required ("POST", complete, supervisor, "{}", "answers");
      assert_required ("POST", complete, supervisor, "{\"answers\":null}", "answers");
    }
  }
}

/* PUT /config takes the whole document: tickets.url was taken as null or left out */
static void
test_required_tickets_url (void)
{
  const char *members[] = { "url", "webservice", "queue", "user" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    for (guint null = 0; null < 2; null++)
      {
        g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
        g_autofree char *field = g_strconcat ("tickets.", members[i], NULL);
        g_autofree char *body = NULL;
        JsonObject *tickets = json_node_get_object (ld_test_json_path (config, "tickets"));

        g_assert_false (json_object_get_boolean_member (tickets, "enabled"));
        if (null)
          json_object_set_null_member (tickets, members[i]);
        else
          json_object_remove_member (tickets, members[i]);
        body = json_to_string (config, FALSE);
        assert_required ("PUT", API "/config", admin, body, field);
      }
}

/* ---- Content-Type */

static void
test_content_type (void)
{
  static const char login[] = "{\"login\":\"agent\",\"password\":\"" LD_TEST_PASSWORD "\"}";
  static const char * const refused[] = {
    "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/jsonp", "application/json-seq", NULL,
  };
  static const char * const accepted[] = {
    "application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) error = NULL;

      g_test_message ("Content-Type: %s", refused[i] ? refused[i] : "(none)");
      g_assert_cmpuint (request_as ("POST", API "/auth/login", NULL, refused[i], login, &error), ==, 415);
      ld_test_assert_error (error, "unsupported_media_type", NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      g_test_message ("Content-Type: %s", accepted[i]);
      g_assert_cmpuint (request_as ("POST", API "/auth/login", NULL, accepted[i], login, &answer), ==, 200);
      g_assert_nonnull (ld_test_json_string (answer, "token"));
    }

  /* a logged-in write the same */
  {
    g_autoptr(JsonNode) error = NULL;

    g_assert_cmpuint (request_as ("POST", API "/calls", agent, "text/plain", "{\"phone\":\"+79009110000\"}", &error), ==, 415);
    ld_test_assert_error (error, "unsupported_media_type", NULL);
  }

  /* no body at all is an empty object, whatever the type: logout needs none */
  {
    g_autofree char *token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
    g_autoptr(JsonNode) answer = NULL;

    g_assert_cmpuint (request_as ("POST", API "/auth/logout", token, NULL, "", &answer), ==, 200);
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (5, NULL);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/bodies/depth/refused-and-alive", test_deep_body_refused);
  g_test_add_func ("/server/bodies/control-chars/in-an-error", test_control_char_in_error);
  g_test_add_func ("/server/bodies/control-chars/in-an-echoed-value", test_control_char_in_echoed_value);
  g_test_add_func ("/server/bodies/control-chars/in-the-configuration", test_control_char_in_config);
  g_test_add_func ("/server/bodies/control-chars/in-a-member-name", test_control_char_in_member_name);
  g_test_add_func ("/server/bodies/required/close-ticket", test_required_close_ticket);
  g_test_add_func ("/server/bodies/required/issue-virtual-and-answers", test_required_issue_virtual);
  g_test_add_func ("/server/bodies/required/tickets", test_required_tickets_url);
  g_test_add_func ("/server/bodies/content-type/json-only", test_content_type);

  result = g_test_run ();

  g_free (agent);
  g_free (supervisor);
  g_free (admin);
  g_clear_object (&server);
  return result;
}

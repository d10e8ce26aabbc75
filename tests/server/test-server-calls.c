/* test-server-calls.c — ending a call (the app's End call), reading one, listing the shift's
 *
 * Raw HTTP against the real server with demo data. No demo operator lacks call.end and no
 * agent holds call.end_any, so the tests make such operators with the server's own
 * command (--create-operator … --deny / --grant), as an administrator would.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"

static LdTestServer *server;
static char *agent;
static char *admin;
static guint next_phone = 1;

static JsonNode *
api (const char *method,
     const char *path,
     const char *token,
     const char *body,
     const char *key,
     guint       expected)
{
  return ld_test_server_expect_full (server, method, path, token, body, key, expected, NULL);
}

/* a call the operator of @token takes → its id */
static gint64
start_call_as (const char *token)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"+7900800%04u\"}", next_phone++);
  g_autoptr(JsonNode) answer = api ("POST", API "/calls", token, body, NULL, 201);

  return ld_test_json_int (answer, "call.id");
}

static gint64
start_call (void)
{
  return start_call_as (agent);
}

static JsonNode *
end_call (gint64      id,
          const char *token,
          const char *body,
          const char *key,
          guint       expected)
{
  g_autofree char *path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT "/end", id);

  return api ("POST", path, token, body, key, expected);
}

static void
set_tickets (gboolean enabled)
{
  g_autoptr(JsonNode) config = api ("GET", API "/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;

  json_object_set_boolean_member (json_node_get_object (ld_test_json_path (config, "tickets")), "enabled", enabled);
  body = json_to_string (config, FALSE);
  saved = api ("PUT", API "/config", admin, body, NULL, 200);
}

static void
test_end_answers_the_ended_call (void)
{
  gint64 id = start_call ();
  g_autofree char *path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) before = api ("GET", path, agent, NULL, NULL, 200);
  g_autoptr(JsonNode) ended = NULL;
  g_autoptr(JsonNode) after = NULL;

  g_assert_cmpint (ld_test_json_int (before, "id"), ==, id);
  g_assert_nonnull (ld_test_json_string (before, "started_at"));
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (before, "ended_at")));
  g_assert_cmpstr (ld_test_json_string (before, "ticket_state"), ==, "none");

  /* the plugin is off: close_ticket is ignored */
  ended = end_call (id, agent, "{\"reason\":\"resolved\",\"close_ticket\":true,\"ticket_id\":null}", NULL, 200);
  g_assert_cmpint (ld_test_json_int (ended, "id"), ==, id);
  g_assert_cmpstr (ld_test_json_string (ended, "phone"), ==, ld_test_json_string (before, "phone"));
  g_assert_nonnull (ld_test_json_string (ended, "ended_at"));
  g_assert_cmpstr (ld_test_json_string (ended, "end_reason"), ==, "resolved");
  g_assert_cmpstr (ld_test_json_string (ended, "ticket_state"), ==, "none");
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (ended, "member_id")));

  after = api ("GET", path, agent, NULL, NULL, 200);
  g_assert_true (json_node_equal (after, ended));
}

static void
test_end_of_a_members_call_is_in_the_history (void)
{
  g_autoptr(JsonNode) member = api ("GET", API "/members/3", agent, NULL, NULL, 200);
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", ld_test_json_string (member, "phone"));
  JsonArray *items;
  gboolean found = FALSE;
  gint64 id;

  call = api ("POST", API "/calls", agent, body, NULL, 201);
  id = ld_test_json_int (call, "call.id");
  g_assert_cmpint (ld_test_json_int (call, "member.id"), ==, 3);

  ended = end_call (id, agent, "{\"reason\":\"consultation\",\"close_ticket\":false}", NULL, 200);
  g_assert_cmpint (ld_test_json_int (ended, "member_id"), ==, 3);

  actions = api ("GET", API "/members/3/actions", agent, NULL, NULL, 200);
  items = json_node_get_array (ld_test_json_path (actions, "items"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *target = g_strdup_printf ("call:%" G_GINT64_FORMAT, id);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "action", NULL), "call.end") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (item, "target", NULL), target) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (item, "reason"), ==, "consultation");
          g_assert_cmpstr (json_object_get_string_member (item, "operator_login"), ==, "agent");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_end_with_a_bad_reason (void)
{
  static const struct {
    const char *body;
    guint       status;
    const char *code;
  } cases[] = {
    { "{\"reason\":\"bored\",\"close_ticket\":false}", 422, "invalid_field" },
    { "{\"close_ticket\":false}", 422, "invalid_field" },
    { "{\"reason\":\"\",\"close_ticket\":false}", 422, "invalid_field" },
    { "{\"reason\":7,\"close_ticket\":false}", 400, "malformed" },
    { "{\"reason\":\"resolved\",\"close_ticket\":\"yes\"}", 400, "malformed" },
    { "{\"reason\":\"resolved\",\"ticket_id\":[1],\"close_ticket\":false}", 400, "malformed" },
  };
  gint64 id = start_call ();
  g_autofree char *path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) call = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) error = end_call (id, agent, cases[i].body, NULL, cases[i].status);
      const char *field = cases[i].status == 422 ? "reason" : NULL;

      g_test_message ("%s", cases[i].body);
      ld_test_assert_error (error, cases[i].code, field);
    }

  /* still going */
  call = api ("GET", path, agent, NULL, NULL, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (call, "ended_at")));
}

static void
test_end_twice (void)
{
  gint64 id = start_call ();
  g_autoptr(JsonNode) first = end_call (id, agent, "{\"reason\":\"dropped\",\"close_ticket\":false}", "end-once", 200);
  g_autoptr(JsonNode) replay = end_call (id, agent, "{\"reason\":\"dropped\",\"close_ticket\":false}", "end-once", 200);
  g_autoptr(JsonNode) again = end_call (id, agent, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 409);
  g_autofree char *path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) call = api ("GET", path, agent, NULL, NULL, 200);

  /* the repeated key answers the first answer; without it the second end is refused */
  g_assert_true (json_node_equal (first, replay));
  ld_test_assert_error (again, "call_already_ended", NULL);
  g_assert_cmpstr (ld_test_json_string (call, "end_reason"), ==, "dropped");
  g_assert_cmpstr (ld_test_json_string (call, "ended_at"), ==, ld_test_json_string (first, "ended_at"));
}

static void
test_end_unknown_call (void)
{
  g_autoptr(JsonNode) error = end_call (999999, agent, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 404);
  g_autoptr(JsonNode) missing = api ("GET", API "/calls/999999", agent, NULL, NULL, 404);

  ld_test_assert_error (error, "not_found", NULL);
  ld_test_assert_error (missing, "not_found", NULL);
}

static void
test_end_needs_the_right (void)
{
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *token = NULL;
  gint64 id = start_call ();

  /* an agent whose administrator took call.end away */
  ld_test_server_create_operator (server, "agent-without-end", "agent", NULL, "call.end");
  token = ld_test_server_login (server, "agent-without-end", LD_TEST_PASSWORD);
  me = api ("GET", API "/me", token, NULL, NULL, 200);
  {
    JsonArray *rights = json_node_get_array (ld_test_json_path (me, "rights"));

    for (guint i = 0; i < json_array_get_length (rights); i++)
      g_assert_cmpstr (json_array_get_string_element (rights, i), !=, "call.end");
  }

  error = end_call (id, token, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 403);
  ld_test_assert_error (error, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "call.end"));
}

static void
test_end_queues_the_ticket_with_the_plugin_on (void)
{
  gint64 closing = start_call ();
  gint64 keeping = start_call ();
  g_autoptr(JsonNode) closed = NULL;
  g_autoptr(JsonNode) kept = NULL;

  set_tickets (TRUE);
  closed = end_call (closing, agent, "{\"reason\":\"resolved\",\"close_ticket\":true,\"ticket_id\":\"4711\"}", NULL, 200);
  kept = end_call (keeping, agent, "{\"reason\":\"callback\",\"close_ticket\":false}", NULL, 200);
  set_tickets (FALSE);

  g_assert_cmpstr (ld_test_json_string (closed, "ticket_state"), ==, "pending");
  g_assert_cmpstr (ld_test_json_string (closed, "ticket_id"), ==, "4711");
  g_assert_cmpstr (ld_test_json_string (kept, "ticket_state"), ==, "none");
}

/* a second agent (password "demo", as the demo operators'), with @granted single rights
 * (nullable, comma-separated), made by --create-operator → its token */
static char *
new_agent (const char *login,
           const char *granted)
{
  ld_test_server_create_operator (server, login, "agent", granted, NULL);
  return ld_test_server_login (server, login, LD_TEST_PASSWORD);
}

static void
assert_forbidden_end_any (JsonNode *error)
{
  ld_test_assert_error (error, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "“call.end_any”"));
}

/* the attack: any agent ended (and read) any operator's call */
static void
test_end_another_agents_call (void)
{
  g_autofree char *other = new_agent ("agent-two", NULL);
  g_autofree char *supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) unread = NULL;
  g_autoptr(JsonNode) still_open = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autoptr(JsonNode) own = NULL;
  gint64 id = start_call ();

  path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, id);

  refused = end_call (id, other, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 403);
  assert_forbidden_end_any (refused);
  unread = api ("GET", path, other, NULL, NULL, 403);
  assert_forbidden_end_any (unread);

  /* nothing changed: the call is still open for its agent */
  still_open = api ("GET", path, agent, NULL, NULL, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (still_open, "ended_at")));

  /* a supervisor holds call.end_any: reads it and ends what the agent left open */
  seen = api ("GET", path, supervisor, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (seen, "id"), ==, id);
  ended = end_call (id, supervisor, "{\"reason\":\"dropped\",\"close_ticket\":false}", NULL, 200);
  g_assert_nonnull (ld_test_json_string (ended, "ended_at"));
  g_assert_cmpstr (ld_test_json_string (ended, "end_reason"), ==, "dropped");

  /* the second agent still ends its own calls */
  {
    g_autoptr(JsonNode) call = api ("POST", API "/calls", other, "{\"phone\":\"+79008009900\"}", NULL, 201);

    own = end_call (ld_test_json_int (call, "call.id"), other,
                    "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 200);
    g_assert_nonnull (ld_test_json_string (own, "ended_at"));
  }
}

/* call.end_any granted to one agent on top of its role */
static void
test_end_any_granted_singly (void)
{
  g_autofree char *granted = new_agent ("agent-three", "call.end_any");
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) ended = NULL;
  gint64 id = start_call ();
  gboolean listed = FALSE;
  JsonArray *rights;

  me = api ("GET", API "/me", granted, NULL, NULL, 200);
  rights = json_node_get_array (ld_test_json_path (me, "rights"));
  for (guint i = 0; i < json_array_get_length (rights); i++)
    listed |= g_strcmp0 (json_array_get_string_element (rights, i), "call.end_any") == 0;
  g_assert_true (listed);

  path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, id);
  seen = api ("GET", path, granted, NULL, NULL, 200);
  ended = end_call (id, granted, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 200);
  g_assert_nonnull (ld_test_json_string (ended, "ended_at"));
}

/* ---- GET /calls: the calls of the shift */

/* the operator id of @token's session */
static gint64
operator_id_of (const char *token)
{
  g_autoptr(JsonNode) me = api ("GET", API "/me", token, NULL, NULL, 200);

  return ld_test_json_int (me, "id");
}

/* GET /calls?@query as @token: the page's ids in order, its total and next cursor */
static GArray *
list_calls (const char  *token,
            const char  *query,
            gint64      *total,
            char       **next_cursor)
{
  g_autofree char *path = g_strconcat (API "/calls", query[0] != '\0' ? "?" : "", query, NULL);
  g_autoptr(JsonNode) page = api ("GET", path, token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  JsonNode *cursor = ld_test_json_path (page, "next_cursor");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");

      g_array_append_val (ids, id);
    }
  if (total != NULL)
    *total = ld_test_json_int (page, "total");
  if (next_cursor != NULL)
    *next_cursor = JSON_NODE_HOLDS_NULL (cursor) ? NULL : g_strdup (json_node_get_string (cursor));
  return ids;
}

static void
assert_ids (GArray *ids,
            guint   n_expected,
            ...)
{
  va_list args;

  g_assert_cmpuint (ids->len, ==, n_expected);
  va_start (args, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, va_arg (args, gint64));
  va_end (args);
}

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* an agent lists its own calls, newest first, all of them or the open or the ended ones,
 * a page at a time; another operator's are refused */
static void
test_list_own_calls (void)
{
  g_autofree char *token = new_agent ("agent-lister", NULL);
  g_autofree char *own_query = NULL;
  g_autofree char *others_query = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autoptr(JsonNode) refused = NULL;
  gint64 first = start_call_as (token);
  gint64 second = start_call_as (token);
  gint64 third = start_call_as (token);
  gint64 total = 0;

  ended = end_call (second, token, "{\"reason\":\"resolved\",\"close_ticket\":false}", NULL, 200);

  ids = list_calls (token, "", &total, NULL);
  assert_ids (ids, 3, third, second, first);
  g_assert_cmpint (total, ==, 3);
  g_clear_pointer (&ids, g_array_unref);

  ids = list_calls (token, "state=open", &total, NULL);
  assert_ids (ids, 2, third, first);
  g_assert_cmpint (total, ==, 2);
  g_clear_pointer (&ids, g_array_unref);

  ids = list_calls (token, "state=ended", &total, NULL);
  assert_ids (ids, 1, second);
  g_assert_cmpint (total, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* a page at a time */
  ids = list_calls (token, "limit=2", &total, &cursor);
  assert_ids (ids, 2, third, second);
  g_assert_cmpint (total, ==, 3);
  g_assert_nonnull (cursor);
  g_clear_pointer (&ids, g_array_unref);
  query = g_strdup_printf ("limit=2&cursor=%s", cursor);
  g_clear_pointer (&cursor, g_free);
  ids = list_calls (token, query, NULL, &cursor);
  assert_ids (ids, 1, first);
  g_assert_null (cursor);
  g_clear_pointer (&ids, g_array_unref);

  /* naming itself changes nothing; naming another operator needs call.end_any */
  own_query = g_strdup_printf ("state=open&operator_id=%" G_GINT64_FORMAT, operator_id_of (token));
  ids = list_calls (token, own_query, NULL, NULL);
  assert_ids (ids, 2, third, first);
  others_query = g_strdup_printf (API "/calls?operator_id=%" G_GINT64_FORMAT, operator_id_of (agent));
  refused = api ("GET", others_query, token, NULL, NULL, 403);
  assert_forbidden_end_any (refused);
}

static void
test_list_bad_query (void)
{
  g_autoptr(JsonNode) state = api ("GET", API "/calls?state=closed", agent, NULL, NULL, 400);
  g_autoptr(JsonNode) operator = api ("GET", API "/calls?operator_id=anna", agent, NULL, NULL, 400);
  g_autoptr(JsonNode) zero = api ("GET", API "/calls?operator_id=0", agent, NULL, NULL, 400);

  ld_test_assert_error (state, "malformed", "state");
  g_assert_nonnull (strstr (ld_test_json_string (state, "error.message"), "open, ended"));
  ld_test_assert_error (operator, "malformed", "operator_id");
  ld_test_assert_error (zero, "malformed", "operator_id");
}

/* a supervisor (call.end_any) sees every operator's open calls, or one operator's, and
 * ends what an agent left open: it leaves the list */
static void
test_list_every_operators_calls_with_end_any (void)
{
  g_autofree char *agent_a = new_agent ("agent-shift-a", NULL);
  g_autofree char *agent_b = new_agent ("agent-shift-b", NULL);
  g_autofree char *supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  g_autofree char *of_a = g_strdup_printf ("state=open&operator_id=%" G_GINT64_FORMAT, operator_id_of (agent_a));
  g_autoptr(GArray) every = NULL;
  g_autoptr(GArray) only_a = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(JsonNode) ended = NULL;
  gint64 call_a = start_call_as (agent_a);
  gint64 call_b = start_call_as (agent_b);
  gint64 total = -1;

  every = list_calls (supervisor, "state=open&limit=500", NULL, NULL);
  g_assert_true (ids_contain (every, call_a));
  g_assert_true (ids_contain (every, call_b));

  only_a = list_calls (supervisor, of_a, NULL, NULL);
  assert_ids (only_a, 1, call_a);

  /* the list names who took each call, as GET /calls/{id} does */
  {
    g_autofree char *path = g_strdup_printf (API "/calls?state=open&operator_id=%" G_GINT64_FORMAT,
                                             operator_id_of (agent_a));
    g_autofree char *one = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, call_a);
    g_autoptr(JsonNode) page = api ("GET", path, supervisor, NULL, NULL, 200);
    g_autoptr(JsonNode) me = api ("GET", API "/me", agent_a, NULL, NULL, 200);
    g_autoptr(JsonNode) read = api ("GET", one, supervisor, NULL, NULL, 200);
    JsonObject *item = json_array_get_object_element (json_node_get_array (ld_test_json_path (page, "items")), 0);

    g_assert_cmpstr (json_object_get_string_member (item, "operator_name"), ==, ld_test_json_string (me, "name"));
    g_assert_cmpstr (ld_test_json_string (read, "operator_name"), ==, ld_test_json_string (me, "name"));
  }

  ended = end_call (call_a, supervisor, "{\"reason\":\"dropped\",\"close_ticket\":false}", NULL, 200);
  after = list_calls (supervisor, of_a, &total, NULL);
  assert_ids (after, 0);
  g_assert_cmpint (total, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (10, NULL);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/calls/end/answers-the-ended-call", test_end_answers_the_ended_call);
  g_test_add_func ("/server/calls/end/in-the-members-history", test_end_of_a_members_call_is_in_the_history);
  g_test_add_func ("/server/calls/end/bad-reason", test_end_with_a_bad_reason);
  g_test_add_func ("/server/calls/end/twice", test_end_twice);
  g_test_add_func ("/server/calls/end/unknown-call", test_end_unknown_call);
  g_test_add_func ("/server/calls/end/needs-the-right", test_end_needs_the_right);
  g_test_add_func ("/server/calls/end/another-agents-call", test_end_another_agents_call);
  g_test_add_func ("/server/calls/end/end-any-granted-singly", test_end_any_granted_singly);
  g_test_add_func ("/server/calls/end/ticket-pending-with-the-plugin-on", test_end_queues_the_ticket_with_the_plugin_on);
  g_test_add_func ("/server/calls/list/own-by-state-a-page-at-a-time", test_list_own_calls);
  g_test_add_func ("/server/calls/list/bad-query", test_list_bad_query);
  g_test_add_func ("/server/calls/list/every-operators-with-end-any", test_list_every_operators_calls_with_end_any);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

/* test-server-account-operations.c — the operations on a member's bonus account: block,
 * unblock, status change and merge (POST /members/{id}/block, /unblock, /status, /merge)
 *
 * Raw HTTP against the real server with demo data (60 members: member 50's account is
 * blocked, as every 50th is; members 19 and 20, 39 and 40, 59 and 60 share a family
 * account). Each test takes its own members, so the tests hold whatever order they run
 * in. Every answer is checked against openapi.json by the test server's helpers.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 60
#define BLOCKED_MEMBER 50

static LdTestServer *server;
static char *agent;
static char *supervisor;
static char *admin;

static JsonNode *
member_post (gint64       member_id,
             const char  *operation,
             const char  *token,
             const char  *body,
             guint        expected)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/%s", member_id, operation);

  return ld_test_server_expect (server, "POST", path, token, body, NULL, expected);
}

/* the member as a search by its phone finds it (the summary, from memory when warm) */
static JsonNode *
search_by_phone (JsonNode *profile)
{
  g_autofree char *phone = g_uri_escape_string (ld_test_json_string (profile, "phone"), NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/members?phone=%s", phone);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_node_copy (json_array_get_element (items, 0));
}

/* searched twice, so that the second answer comes from the summaries kept in memory */
static void
warm_search (JsonNode *profile)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) found = search_by_phone (profile);

      g_assert_cmpint (ld_test_json_int (found, "id"), ==, ld_test_json_int (profile, "id"));
    }
}

static gint64
list_total (gint64      member_id,
            const char *list)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/%s?limit=1", member_id, list);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);

  return ld_test_json_int (page, "total");
}

/* the newest action-history entry of the member, or the test fails */
static JsonNode *
newest_action (gint64 member_id)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions?limit=1", member_id);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_node_copy (json_array_get_element (items, 0));
}

/* how many of the member's action-history entries are @action */
static guint
count_actions (gint64      member_id,
               const char *action)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions?limit=200", member_id);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "action"), action))
      n++;
  return n;
}

/* the level of @system in a member's statuses (profile or search result), or NULL */
static const char *
status_level (JsonNode   *member,
              const char *system)
{
  JsonArray *statuses = json_node_get_array (ld_test_json_path (member, "statuses"));

  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = json_array_get_object_element (statuses, i);

      if (g_str_equal (json_object_get_string_member (status, "system"), system))
        return json_object_get_string_member (status, "level");
    }
  return NULL;
}

static gboolean
merged_has (JsonNode *profile,
            gint64    member_id)
{
  JsonArray *merged = json_node_get_array (ld_test_json_path (profile, "merged_members"));

  for (guint i = 0; i < json_array_get_length (merged); i++)
    if (json_object_get_int_member (json_array_get_object_element (merged, i), "id") == member_id)
      return TRUE;
  return FALSE;
}

static guint
n_merged (JsonNode *profile)
{
  return json_array_get_length (json_node_get_array (ld_test_json_path (profile, "merged_members")));
}

static void
set_max_merge_members (gint64 max)
{
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;

  json_object_set_int_member (json_node_get_object (config), "max_merge_members", max);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (server, "PUT", API "/config", admin, body, NULL, 200);
}

/* a free card's number (transfer full) */
static char *
free_card (void)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=1",
                                                    agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "number"));
}

/* ---- block and unblock */

static void
test_block_whole_account (void)
{
  /* members 19 and 20 share one account: blocking it through 20 blocks 19 too */
  g_autoptr(JsonNode) before19 = ld_test_server_get_member (server, agent, 19);
  g_autoptr(JsonNode) before20 = ld_test_server_get_member (server, agent, 20);
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) after19 = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) link = NULL;
  g_autoptr(JsonNode) unblocked = NULL;
  g_autoptr(JsonNode) not_blocked = NULL;
  g_autoptr(JsonNode) found_after = NULL;
  g_autofree char *number = free_card ();
  g_autofree char *link_body = g_strdup_printf ("{\"number\":\"%s\"}", number);

  g_assert_cmpint (ld_test_json_int (before19, "account.id"), ==, ld_test_json_int (before20, "account.id"));
  g_assert_false (json_node_get_boolean (ld_test_json_path (before19, "account.blocked")));
  warm_search (before19);

  blocked = member_post (20, "block", supervisor, "{\"reason\":\"fraud\"}", 200);
  g_assert_cmpint (ld_test_json_int (blocked, "id"), ==, 20);
  g_assert_true (json_node_get_boolean (ld_test_json_path (blocked, "account.blocked")));
  g_assert_cmpstr (ld_test_json_string (blocked, "account.blocked_reason"), ==, "fraud");
  g_assert_true (json_node_get_boolean (ld_test_json_path (blocked, "blocked")));
  g_assert_cmpint (ld_test_json_int (blocked, "version"), >, ld_test_json_int (before20, "version"));

  after19 = ld_test_server_get_member (server, agent, 19);
  g_assert_true (json_node_get_boolean (ld_test_json_path (after19, "account.blocked")));
  g_assert_cmpint (ld_test_json_int (after19, "version"), >, ld_test_json_int (before19, "version"));
  /* the search shows it at once, though the member was found from memory before */
  found = search_by_phone (before19);
  g_assert_true (json_node_get_boolean (ld_test_json_path (found, "blocked")));

  entry = newest_action (20);
  g_assert_cmpstr (ld_test_json_string (entry, "action"), ==, "member.block");
  g_assert_cmpstr (ld_test_json_string (entry, "reason"), ==, "fraud");
  g_assert_cmpstr (ld_test_json_string (entry, "operator_login"), ==, "supervisor");
  g_assert_nonnull (ld_test_json_string (entry, "target"));
  g_assert_nonnull (ld_test_json_string (entry, "created_at"));

  again = member_post (19, "block", supervisor, "{\"reason\":\"other\"}", 409);
  ld_test_assert_error (again, "account_blocked", NULL);

  /* the blocked account's cards take no operation: linking one is refused */
  link = ld_test_server_expect (server, "POST", API "/members/19/cards", agent, link_body, NULL, 409);
  ld_test_assert_error (link, "account_blocked", NULL);

  unblocked = member_post (19, "unblock", supervisor, "{\"reason\":\"  Checked with the security team  \"}", 200);
  g_assert_false (json_node_get_boolean (ld_test_json_path (unblocked, "account.blocked")));
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (unblocked, "account.blocked_reason")));
  g_clear_pointer (&entry, json_node_unref);
  entry = newest_action (19);
  g_assert_cmpstr (ld_test_json_string (entry, "action"), ==, "member.unblock");
  g_assert_cmpstr (ld_test_json_string (entry, "reason"), ==, "Checked with the security team");
  found_after = search_by_phone (before19);
  g_assert_false (json_node_get_boolean (ld_test_json_path (found_after, "blocked")));

  not_blocked = member_post (20, "unblock", supervisor, "{\"reason\":\"again\"}", 409);
  ld_test_assert_error (not_blocked, "account_not_blocked", NULL);

  /* and the card links again */
  g_clear_pointer (&link, json_node_unref);
  link = ld_test_server_expect (server, "POST", API "/members/19/cards", agent, link_body, NULL, 201);
}

static void
test_block_card_operations (void)
{
  /* the card operations of a blocked account answer account_blocked: a member whose main
   * card is active, that blocking the card would otherwise work */
  static const gint64 candidates[] = { 21, 23, 29, 30, 31, 32, 33 };
  g_autoptr(JsonNode) member = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) unblocked = NULL;
  g_autoptr(JsonNode) card_blocked = NULL;
  gint64 member_id = 0;

  for (guint i = 0; member_id == 0 && i < G_N_ELEMENTS (candidates); i++)
    {
      g_clear_pointer (&member, json_node_unref);
      member = ld_test_server_get_member (server, agent, candidates[i]);
      if (g_strcmp0 (ld_test_json_string (member, "main_card.state"), "activated") == 0)
        member_id = candidates[i];
    }
  g_assert_cmpint (member_id, !=, 0);
  path = g_strdup_printf (API "/cards/%s/block", ld_test_json_string (member, "main_card.number"));

  blocked = member_post (member_id, "block", supervisor, "{\"reason\":\"rules_violation\"}", 200);
  refused = ld_test_server_expect (server, "POST", path, agent, "{\"reason\":\"lost\"}", NULL, 409);
  ld_test_assert_error (refused, "account_blocked", NULL);
  unblocked = member_post (member_id, "unblock", supervisor, "{\"reason\":\"resolved\"}", 200);
  card_blocked = ld_test_server_expect (server, "POST", path, agent, "{\"reason\":\"lost\"}", NULL, 200);
  g_assert_cmpstr (ld_test_json_string (card_blocked, "state"), ==, "blocked");
}

static void
test_block_refusals (void)
{
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 22);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *long_reason = NULL;
  g_autofree char *long_body = NULL;
  g_autofree char *edge_body = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) edge = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

#define REFUSED(member, op, token, body, http, code, field) \
  G_STMT_START { \
    g_autoptr(JsonNode) refusal = member_post ((member), (op), (token), (body), (http)); \
    ld_test_assert_error (refusal, (code), (field)); \
  } G_STMT_END

  REFUSED (22, "block", supervisor, "{}", 422, "invalid_field", "reason");
  REFUSED (22, "block", supervisor, "{\"reason\":\"no_such_reason\"}", 422, "invalid_field", "reason");
  REFUSED (22, "block", supervisor, "{\"reason\":7}", 400, "malformed", "reason");
  REFUSED (999999, "block", supervisor, "{\"reason\":\"fraud\"}", 404, "not_found", NULL);
  /* an agent has no member.block */
  REFUSED (22, "block", agent, "{\"reason\":\"fraud\"}", 403, "forbidden", NULL);
  REFUSED (22, "unblock", agent, "{\"reason\":\"x\"}", 403, "forbidden", NULL);

  REFUSED (BLOCKED_MEMBER, "unblock", supervisor, "{}", 422, "invalid_field", "reason");
  REFUSED (BLOCKED_MEMBER, "unblock", supervisor, "{\"reason\":\"   \"}", 422, "invalid_field", "reason");
  for (guint i = 0; i < 501; i++)
    g_string_append (text, "я");
  long_reason = g_strdup (text->str);
  long_body = g_strdup_printf ("{\"reason\":\"%s\"}", long_reason);
  REFUSED (BLOCKED_MEMBER, "unblock", supervisor, long_body, 422, "invalid_field", "reason");
  REFUSED (999999, "unblock", supervisor, "{\"reason\":\"x\"}", 404, "not_found", NULL);

  /* none of it changed anything */
  after = ld_test_server_get_member (server, agent, 22);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_false (json_node_get_boolean (ld_test_json_path (after, "account.blocked")));
  node = ld_test_server_get_member (server, agent, BLOCKED_MEMBER);
  g_assert_true (json_node_get_boolean (ld_test_json_path (node, "account.blocked")));

  /* 500 characters is the most, and the refusals speak Russian when asked */
  status = ld_test_server_request (server, "POST", API "/members/22/block", supervisor,
                                   "{\"reason\":\"nope\"}", LD_TEST_HEADERS_RUSSIAN, &answer);
  g_assert_cmpuint (status, ==, 422);
  g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
  g_string_truncate (text, 0);
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "я");
  edge_body = g_strdup_printf ("{\"reason\":\"%s\"}", text->str);
  edge = member_post (BLOCKED_MEMBER, "unblock", supervisor, edge_body, 200);
  g_assert_false (json_node_get_boolean (ld_test_json_path (edge, "account.blocked")));
#undef REFUSED
}

/* ---- status */

static void
test_status_up_down_and_another_system (void)
{
  static const char * const levels[] = { "basic", "silver", "gold", "platinum" };
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 24);
  const char *level = status_level (before, "main");
  const char *up = NULL;
  const char *down = NULL;
  const char *partner;
  g_autofree char *up_body = NULL;
  g_autofree char *down_body = NULL;
  g_autofree char *partner_body = NULL;
  g_autofree char *target = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) lowered = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(JsonNode) same = NULL;

  g_assert_nonnull (level);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_str_equal (levels[i], level))
      {
        up = levels[i + 1 < G_N_ELEMENTS (levels) ? i + 1 : i - 1];
        down = levels[i + 1 < G_N_ELEMENTS (levels) ? i : i - 2];
      }
  g_assert_nonnull (up);
  warm_search (before);

  up_body = g_strdup_printf ("{\"system\":\"main\",\"level\":\"%s\",\"reason\":\"contest\"}", up);
  changed = member_post (24, "status", supervisor, up_body, 200);
  g_assert_cmpstr (status_level (changed, "main"), ==, up);
  g_assert_cmpint (ld_test_json_int (changed, "version"), >, ld_test_json_int (before, "version"));
  found = search_by_phone (before);
  g_assert_cmpstr (status_level (found, "main"), ==, up);

  entry = newest_action (24);
  target = g_strdup_printf ("main:%s", up);
  g_assert_cmpstr (ld_test_json_string (entry, "action"), ==, "member.status");
  g_assert_cmpstr (ld_test_json_string (entry, "target"), ==, target);
  g_assert_cmpstr (ld_test_json_string (entry, "reason"), ==, "contest");

  same = member_post (24, "status", supervisor, up_body, 409);
  ld_test_assert_error (same, "status_unchanged", NULL);

  down_body = g_strdup_printf ("{\"system\":\"main\",\"level\":\"%s\",\"reason\":\"rules_violation\"}", down);
  lowered = member_post (24, "status", supervisor, down_body, 200);
  g_assert_cmpstr (status_level (lowered, "main"), ==, down);
  g_clear_pointer (&found, json_node_unref);
  found = search_by_phone (before);
  g_assert_cmpstr (status_level (found, "main"), ==, down);

  /* another status system: the member's level there, the main one kept */
  partner = g_strcmp0 (status_level (lowered, "partner"), "friend") == 0 ? "partner" : "friend";
  partner_body = g_strdup_printf ("{\"system\":\"partner\",\"level\":\"%s\",\"reason\":\"goodwill\"}", partner);
  other = member_post (24, "status", supervisor, partner_body, 200);
  g_assert_cmpstr (status_level (other, "partner"), ==, partner);
  g_assert_cmpstr (status_level (other, "main"), ==, down);
  g_clear_pointer (&found, json_node_unref);
  found = search_by_phone (before);
  g_assert_cmpstr (status_level (found, "partner"), ==, partner);
}

static void
test_status_refusals (void)
{
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 25);
  g_autoptr(JsonNode) after = NULL;

#define REFUSED(body, token, http, code, field) \
  G_STMT_START { \
    g_autoptr(JsonNode) refusal = member_post (25, "status", (token), (body), (http)); \
    ld_test_assert_error (refusal, (code), (field)); \
  } G_STMT_END

  REFUSED ("{\"level\":\"gold\",\"reason\":\"contest\"}", supervisor, 422, "invalid_field", "system");
  REFUSED ("{\"system\":\"vip\",\"level\":\"gold\",\"reason\":\"contest\"}", supervisor, 422, "invalid_field", "system");
  REFUSED ("{\"system\":\"main\",\"reason\":\"contest\"}", supervisor, 422, "invalid_field", "level");
  REFUSED ("{\"system\":\"main\",\"level\":\"diamond\",\"reason\":\"contest\"}", supervisor, 422, "invalid_field", "level");
  /* a level of another system */
  REFUSED ("{\"system\":\"main\",\"level\":\"friend\",\"reason\":\"contest\"}", supervisor, 422, "invalid_field", "level");
  REFUSED ("{\"system\":\"main\",\"level\":\"gold\"}", supervisor, 422, "invalid_field", "reason");
  REFUSED ("{\"system\":\"main\",\"level\":\"gold\",\"reason\":\"fraud\"}", supervisor, 422, "invalid_field", "reason");
  REFUSED ("{\"system\":1,\"level\":\"gold\",\"reason\":\"contest\"}", supervisor, 400, "malformed", "system");
  /* an agent has no member.change_status */
  REFUSED ("{\"system\":\"main\",\"level\":\"gold\",\"reason\":\"contest\"}", agent, 403, "forbidden", NULL);
#undef REFUSED

  {
    g_autoptr(JsonNode) unknown = member_post (999999, "status", supervisor,
                                               "{\"system\":\"main\",\"level\":\"gold\",\"reason\":\"contest\"}", 404);

    ld_test_assert_error (unknown, "not_found", NULL);
  }
  after = ld_test_server_get_member (server, agent, 25);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_true (json_node_equal (ld_test_json_path (before, "statuses"), ld_test_json_path (after, "statuses")));
}

/* ---- merge */

static void
test_merge_two_members (void)
{
  g_autoptr(JsonNode) a = ld_test_server_get_member (server, agent, 5);
  g_autoptr(JsonNode) b = ld_test_server_get_member (server, agent, 7);
  gint64 balance = ld_test_json_int (a, "account.balance") + ld_test_json_int (b, "account.balance");
  gint64 purchases = list_total (5, "purchases") + list_total (7, "purchases");
  gint64 operations = list_total (5, "operations") + list_total (7, "operations");
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) entry_a = NULL;
  g_autoptr(JsonNode) entry_b = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) back = NULL;
  JsonObject *listed;

  g_assert_cmpint (ld_test_json_int (a, "account.id"), !=, ld_test_json_int (b, "account.id"));
  g_assert_cmpuint (n_merged (a), ==, 0);
  g_assert_cmpint (list_total (7, "operations"), >, 0);
  g_assert_cmpint (list_total (7, "purchases"), >, 0);
  warm_search (b);

  merged = member_post (5, "merge", supervisor, "{\"member_id\":7}", 200);
  g_assert_cmpint (ld_test_json_int (merged, "id"), ==, 5);
  g_assert_cmpint (ld_test_json_int (merged, "account.balance"), ==, balance);
  g_assert_cmpint (ld_test_json_int (merged, "balance"), ==, balance);
  g_assert_cmpint (ld_test_json_int (merged, "account.id"), ==, ld_test_json_int (a, "account.id"));
  g_assert_cmpint (ld_test_json_int (merged, "version"), >, ld_test_json_int (a, "version"));
  g_assert_cmpuint (n_merged (merged), ==, 1);
  g_assert_true (merged_has (merged, 7));
  /* the other member as a summary: names and main card */
  listed = json_array_get_object_element (json_node_get_array (ld_test_json_path (merged, "merged_members")), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "last_name"), ==, ld_test_json_string (b, "last_name"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (listed, "main_card"), "number"),
                   ==, ld_test_json_string (b, "main_card.number"));

  other = ld_test_server_get_member (server, agent, 7);
  g_assert_cmpint (ld_test_json_int (other, "account.id"), ==, ld_test_json_int (a, "account.id"));
  g_assert_cmpint (ld_test_json_int (other, "account.balance"), ==, balance);
  g_assert_cmpint (ld_test_json_int (other, "version"), >, ld_test_json_int (b, "version"));
  g_assert_true (merged_has (other, 5));
  g_assert_cmpuint (n_merged (other), ==, 1);

  /* one purchase history, and every operation seen from both profiles */
  g_assert_cmpint (list_total (5, "purchases"), ==, purchases);
  g_assert_cmpint (list_total (7, "purchases"), ==, purchases);
  g_assert_cmpint (list_total (5, "operations"), ==, operations);
  g_assert_cmpint (list_total (7, "operations"), ==, operations);

  /* the search shows the new balance at once */
  found = search_by_phone (b);
  g_assert_cmpint (ld_test_json_int (found, "balance"), ==, balance);

  entry_a = newest_action (5);
  entry_b = newest_action (7);
  g_assert_cmpstr (ld_test_json_string (entry_a, "action"), ==, "member.merge");
  g_assert_cmpstr (ld_test_json_string (entry_b, "action"), ==, "member.merge");
  g_assert_cmpstr (ld_test_json_string (entry_a, "target"), ==, "member:7");
  g_assert_cmpstr (ld_test_json_string (entry_b, "target"), ==, "member:5");

  again = member_post (5, "merge", supervisor, "{\"member_id\":7}", 409);
  ld_test_assert_error (again, "already_merged", NULL);
  back = member_post (7, "merge", supervisor, "{\"member_id\":5}", 409);
  ld_test_assert_error (back, "already_merged", NULL);
}

static void
test_merge_whole_account (void)
{
  /* 39 and 40 share an account: merging 40 brings 39 too */
  g_autoptr(JsonNode) a = ld_test_server_get_member (server, agent, 9);
  g_autoptr(JsonNode) b = ld_test_server_get_member (server, agent, 40);
  gint64 balance = ld_test_json_int (a, "account.balance") + ld_test_json_int (b, "account.balance");
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) third = NULL;

  g_assert_true (merged_has (b, 39));
  merged = member_post (9, "merge", supervisor, "{\"member_id\":40}", 200);
  g_assert_cmpuint (n_merged (merged), ==, 2);
  g_assert_true (merged_has (merged, 39));
  g_assert_true (merged_has (merged, 40));
  g_assert_cmpint (ld_test_json_int (merged, "account.balance"), ==, balance);

  third = ld_test_server_get_member (server, agent, 39);
  g_assert_cmpint (ld_test_json_int (third, "account.id"), ==, ld_test_json_int (a, "account.id"));
  g_assert_true (merged_has (third, 9));
  g_assert_true (merged_has (third, 40));
  g_assert_cmpint (list_total (39, "operations"), ==, list_total (9, "operations"));
  g_assert_cmpint (list_total (39, "purchases"), ==, list_total (9, "purchases"));
}

static void
test_merge_limit (void)
{
  /* 59 and 60 share an account; a third member passes a maximum of 2 */
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 59);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) russian = NULL;

  set_max_merge_members (2);
  refused = member_post (59, "merge", supervisor, "{\"member_id\":11}", 409);
  ld_test_assert_error (refused, "merge_limit_reached", NULL);
  g_assert_cmpint (ld_test_json_int (refused, "error.details.max_merge_members"), ==, 2);
  after = ld_test_server_get_member (server, agent, 59);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_cmpuint (n_merged (after), ==, 1);
  /* the message names the maximum, in Russian when asked */
  g_assert_nonnull (strstr (ld_test_json_string (refused, "error.message"), "2"));
  g_assert_cmpuint (ld_test_server_request (server, "POST", API "/members/59/merge", supervisor, "{\"member_id\":11}",
                                            LD_TEST_HEADERS_RUSSIAN, &russian), ==, 409);
  g_assert_true (ld_test_has_cyrillic (ld_test_json_string (russian, "error.message")));
  g_assert_nonnull (strstr (ld_test_json_string (russian, "error.message"), "2"));

  set_max_merge_members (3);
  merged = member_post (59, "merge", supervisor, "{\"member_id\":11}", 200);
  g_assert_cmpuint (n_merged (merged), ==, 2);
  set_max_merge_members (4);
}

static void
test_merge_refusals (void)
{
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 13);
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) after = NULL;

#define REFUSED(member, body, token, http, code, field) \
  G_STMT_START { \
    g_autoptr(JsonNode) refusal = member_post ((member), "merge", (token), (body), (http)); \
    ld_test_assert_error (refusal, (code), (field)); \
  } G_STMT_END

  REFUSED (13, "{}", supervisor, 422, "invalid_field", "member_id");
  REFUSED (13, "{\"member_id\":999999}", supervisor, 422, "invalid_field", "member_id");
  REFUSED (13, "{\"member_id\":13}", supervisor, 422, "invalid_field", "member_id");
  REFUSED (13, "{\"member_id\":0}", supervisor, 422, "invalid_field", "member_id");
  REFUSED (13, "{\"member_id\":\"14\"}", supervisor, 400, "malformed", "member_id");
  REFUSED (999999, "{\"member_id\":13}", supervisor, 404, "not_found", NULL);
  /* either account blocked */
  blocked = member_post (17, "block", supervisor, "{\"reason\":\"fraud\"}", 200);
  REFUSED (13, "{\"member_id\":17}", supervisor, 409, "account_blocked", NULL);
  REFUSED (17, "{\"member_id\":13}", supervisor, 409, "account_blocked", NULL);
  /* an agent has no member.merge */
  REFUSED (13, "{\"member_id\":14}", agent, 403, "forbidden", NULL);
#undef REFUSED

  after = ld_test_server_get_member (server, agent, 13);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_cmpuint (n_merged (after), ==, 0);
}

/* ---- idempotency and versions */

static void
test_idempotent_repeat (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *merge_first = NULL;
  g_autofree char *merge_second = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  g_autoptr(JsonNode) d = NULL;
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, 15);
  gint64 balance;

  a = ld_test_server_expect_full (server, "POST", API "/members/26/block", supervisor,
                                  "{\"reason\":\"member_request\"}", "block-26-once", 200, &first);
  b = ld_test_server_expect_full (server, "POST", API "/members/26/block", supervisor,
                                  "{\"reason\":\"member_request\"}", "block-26-once", 200, &second);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (count_actions (26, "member.block"), ==, 1);

  balance = ld_test_json_int (member, "account.balance");
  {
    g_autoptr(JsonNode) other = ld_test_server_get_member (server, agent, 16);

    balance += ld_test_json_int (other, "account.balance");
  }
  c = ld_test_server_expect_full (server, "POST", API "/members/15/merge", supervisor,
                                  "{\"member_id\":16}", "merge-15-16", 200, &merge_first);
  d = ld_test_server_expect_full (server, "POST", API "/members/15/merge", supervisor,
                                  "{\"member_id\":16}", "merge-15-16", 200, &merge_second);
  g_assert_cmpstr (merge_first, ==, merge_second);
  g_assert_cmpint (ld_test_json_int (d, "account.balance"), ==, balance);
  g_assert_cmpuint (count_actions (15, "member.merge"), ==, 1);
  g_assert_cmpuint (count_actions (16, "member.merge"), ==, 1);
}

static void
test_stale_version (void)
{
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, 27);
  g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (member, "version") + 3);
  g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", ld_test_json_int (member, "version"));
  const char *stale_headers[] = { "If-Match", stale, NULL };
  const char *current_headers[] = { "If-Match", current, NULL };
  const char *bad_headers[] = { "If-Match", "soon", NULL };
  const char * const operations[][2] = {
    { "block", "{\"reason\":\"fraud\"}" },
    { "status", "{\"system\":\"partner\",\"level\":\"guest\",\"reason\":\"other\"}" },
    { "merge", "{\"member_id\":28}" },
  };
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) unblocked = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autofree char *next = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      g_autofree char *path = g_strdup_printf (API "/members/27/%s", operations[i][0]);
      g_autoptr(JsonNode) refused = ld_test_server_expect (server, "POST", path, supervisor, operations[i][1],
                                                           stale_headers, 409);

      ld_test_assert_error (refused, "version_conflict", NULL);
    }
  bad = ld_test_server_expect (server, "POST", API "/members/27/block", supervisor, "{\"reason\":\"fraud\"}",
                               bad_headers, 400);
  ld_test_assert_error (bad, "malformed", "If-Match");

  after = ld_test_server_get_member (server, agent, 27);
  g_assert_true (json_node_equal (member, after));

  blocked = ld_test_server_expect (server, "POST", API "/members/27/block", supervisor, "{\"reason\":\"fraud\"}",
                                   current_headers, 200);
  g_assert_true (json_node_get_boolean (ld_test_json_path (blocked, "account.blocked")));
  /* the version it answered is the one the next change names */
  next = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (blocked, "version"));
  {
    const char *next_headers[] = { "If-Match", next, NULL };

    unblocked = ld_test_server_expect (server, "POST", API "/members/27/unblock", supervisor,
                                       "{\"reason\":\"done\"}", next_headers, 200);
  }
  g_assert_false (json_node_get_boolean (ld_test_json_path (unblocked, "account.blocked")));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new_full (N_MEMBERS, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/accounts/block/whole-account", test_block_whole_account);
  g_test_add_func ("/server/accounts/block/card-operations", test_block_card_operations);
  g_test_add_func ("/server/accounts/block/refusals", test_block_refusals);
  g_test_add_func ("/server/accounts/status/up-down-another-system", test_status_up_down_and_another_system);
  g_test_add_func ("/server/accounts/status/refusals", test_status_refusals);
  g_test_add_func ("/server/accounts/merge/two-members", test_merge_two_members);
  g_test_add_func ("/server/accounts/merge/whole-account", test_merge_whole_account);
  g_test_add_func ("/server/accounts/merge/limit", test_merge_limit);
  g_test_add_func ("/server/accounts/merge/refusals", test_merge_refusals);
  g_test_add_func ("/server/accounts/idempotent-repeat", test_idempotent_repeat);
  g_test_add_func ("/server/accounts/stale-version", test_stale_version);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&supervisor, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

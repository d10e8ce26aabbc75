/* test-server-members-summary.c — the search summary through the real server
 *
 * A search by phone or by card is answered from the database's member_summaries
 * (schema migration 3). These tests change the data through a second instance of the
 * server on the same database (another process, as a second server of one site) and
 * through the server's own write path (linking a card), and check that the next search
 * over HTTP answers the new data: the summary is kept right by the database's triggers,
 * and the summaries the server keeps in memory (a repeated search by phone or card,
 * counted in /metrics) follow both kinds of change. A call's screen pop (POST /calls)
 * reads its member from the same summary. The triggers for every field a summary shows
 * (names, account, statuses, cards' states) are tried one by one in
 * tests/server/storage/test-storage.c; the tables are only read here.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

static LdTestServer *server;
static char *agent_token;

static gint64
count_sql (const char *sql)
{
  return ld_test_server_query_int (server, sql);
}

/* the answer text of GET /api/v1/members?@kind=@value */
static char *
search (const char *kind,
        const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/members?%s=%s", kind, escaped);
  char *text = NULL;
  guint status;

  status = ld_test_server_request_full (server, "GET", path, agent_token, NULL, NULL, &text, NULL);
  g_assert_cmpuint (status, ==, 200);
  return text;
}

/* ld_search_answers_from_memory_total in /metrics */
static guint64
answered_from_memory (void)
{
  static const char name[] = "\nld_search_answers_from_memory_total ";
  g_autofree char *text = NULL;
  const char *line;

  g_assert_cmpuint (ld_test_server_request_full (server, "GET", "/metrics", NULL, NULL, NULL, &text, NULL),
                    ==, 200);
  line = strstr (text, name);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (name), NULL, 10);
}

/* the one member a search of @kind finds */
static JsonObject *
search_one (const char *kind,
            const char *value)
{
  g_autofree char *text = search (kind, value);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static void
test_seeded_for_everyone (void)
{
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries"), ==,
                   count_sql ("SELECT count(*) FROM members"));
}

static char *
text_sql (const char *sql)
{
  return ld_test_server_query_text (server, sql);
}

/* the first free physical card with a balance, from the pool the API lists → its number
 * (transfer full), its balance in *@balance */
static char *
free_card_with_balance (gint64 *balance)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", "/api/v1/cards?state=issued&limit=500",
                                                    agent_token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (card, "type"), "physical") &&
          json_object_get_int_member (card, "balance") > 0)
        {
          *balance = json_object_get_int_member (card, "balance");
          return g_strdup (json_object_get_string_member (card, "number"));
        }
    }
  g_assert_not_reached ();
}

/* POST /members/@member_id/cards {number} through @instance (201) */
static void
link_card (LdTestServer *instance,
           gint64        member_id,
           const char   *number)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/cards", member_id);
  g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\"}", number);

  json_node_unref (ld_test_server_expect (instance, "POST", path, agent_token, body, NULL, 201));
}

/* GET /members/@member_id: its @member ("phone", "main_card.number") (transfer full) */
static char *
member_string (gint64      member_id,
               const char *member)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);
  g_autoptr(JsonNode) profile = ld_test_server_expect (server, "GET", path, agent_token, NULL, NULL, 200);

  g_assert_nonnull (ld_test_json_string (profile, member));
  return g_strdup (ld_test_json_string (profile, member));
}

static void
test_sees_writes_of_another_instance (void)
{
  g_autofree char *phone = member_string (7, "phone");
  g_autofree char *card = member_string (7, "main_card.number");
  g_autoptr(LdTestServer) beside = NULL;
  g_autoptr(JsonObject) before = search_one ("phone", phone);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) by_card = NULL;
  g_autoptr(JsonObject) by_new_card = NULL;
  guint64 answered = answered_from_memory ();
  g_autofree char *number = NULL;
  gint64 card_balance = 0;

  g_assert_cmpint (json_object_get_int_member (before, "id"), ==, 7);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 7"), ==, 1);
  /* the second search is answered from memory, and the same */
  again = search_one ("phone", phone);
  g_assert_true (json_object_equal (again, before));
  g_assert_cmpuint (answered_from_memory (), ==, answered + 1);

  /* another instance (the session lives in the database) links a card with a balance */
  number = free_card_with_balance (&card_balance);
  beside = ld_test_server_new_beside (server, NULL);
  link_card (beside, 7, number);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 7"), ==, 0);

  after = search_one ("phone", phone);
  g_assert_cmpuint (answered_from_memory (), ==, answered + 1);
  g_assert_cmpint (json_object_get_int_member (after, "balance"), ==,
                   json_object_get_int_member (before, "balance") + card_balance);
  by_card = search_one ("card", card);
  g_assert_true (json_object_equal (by_card, after));
  by_new_card = search_one ("card", number);
  g_assert_true (json_object_equal (by_new_card, after));
  /* the search stored the summary again */
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 7"), ==, 1);
  g_assert_true (ld_test_server_stop (beside));
}

static void
test_sees_a_linked_card (void)
{
  g_autofree char *number = text_sql ("SELECT number FROM cards WHERE owner_id IS NULL AND state = 'issued' "
                                      "AND type = 'physical' AND balance > 0 ORDER BY number LIMIT 1");
  g_autofree char *member_sql = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) by_card = NULL;
  gint64 card_balance;
  gint64 member_id;
  guint64 answered;

  member_id = count_sql ("SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id "
                         "WHERE a.blocked = 0 AND m.id <> 7 AND (SELECT count(*) FROM cards c "
                         "WHERE c.owner_id = m.id AND c.state NOT IN ('replaced', 'deleted')) < 3 "
                         "ORDER BY m.id LIMIT 1");
  member_sql = g_strdup_printf ("SELECT phone FROM members WHERE id = %" G_GINT64_FORMAT, member_id);
  phone = text_sql (member_sql);
  card_balance = count_sql ("SELECT balance FROM cards WHERE owner_id IS NULL AND state = 'issued' "
                            "AND type = 'physical' AND balance > 0 ORDER BY number LIMIT 1");
  before = search_one ("phone", phone);
  json_object_unref (search_one ("phone", phone));
  answered = answered_from_memory ();

  path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/cards", member_id);
  body = g_strdup_printf ("{\"number\":\"%s\"}", number);
  g_assert_cmpuint (ld_test_server_request (server, "POST", path, agent_token, body, NULL, NULL), ==, 201);

  /* the server's own write forgot the member: the database answers */
  after = search_one ("phone", phone);
  g_assert_cmpuint (answered_from_memory (), ==, answered);
  g_assert_cmpint (json_object_get_int_member (after, "balance"), ==,
                   json_object_get_int_member (before, "balance") + card_balance);
  by_card = search_one ("card", number);
  g_assert_cmpint (json_object_get_int_member (by_card, "id"), ==, member_id);
  g_assert_true (json_object_equal (by_card, after));
}

/* the member POST /calls answers for @phone (the screen pop), NULL for nobody */
static JsonObject *
call_member (const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *member;

  answer = ld_test_server_expect (server, "POST", "/api/v1/calls", agent_token, body, NULL, 201);
  member = ld_test_json_path (answer, "member");
  g_assert_nonnull (member);
  if (JSON_NODE_HOLDS_NULL (member))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_OBJECT (member));
  return json_object_ref (json_node_get_object (member));
}

static void
test_call_answers_the_searchs_member (void)
{
  g_autofree char *phone = member_string (9, "phone");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(LdTestServer) beside = NULL;
  g_autoptr(JsonObject) searched = NULL;
  g_autoptr(JsonObject) called = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) nobody = NULL;
  gint64 balance = 0;

  /* a card linked to the member: its summary is gone (the triggers' doing) */
  first = free_card_with_balance (&balance);
  link_card (server, 9, first);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 9"), ==, 0);

  /* with no summary stored, the call renders the member and stores it, as a search does */
  called = call_member (phone);
  g_assert_nonnull (called);
  g_assert_cmpint (json_object_get_int_member (called, "id"), ==, 9);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 9"), ==, 1);
  searched = search_one ("phone", phone);
  g_assert_true (json_object_equal (called, searched));

  /* a change another instance makes to the member is on the next call */
  second = free_card_with_balance (&balance);
  beside = ld_test_server_new_beside (server, NULL);
  link_card (beside, 9, second);
  changed = call_member (phone);
  g_assert_cmpint (json_object_get_int_member (changed, "balance"), ==,
                   json_object_get_int_member (called, "balance") + balance);
  g_assert_true (ld_test_server_stop (beside));
  g_clear_pointer (&searched, json_object_unref);
  searched = search_one ("phone", phone);
  g_assert_true (json_object_equal (changed, searched));

  nobody = call_member ("+79000000009");
  g_assert_null (nobody);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (20, NULL);
  agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);

  g_test_add_func ("/server/members/summary/seeded-for-everyone", test_seeded_for_everyone);
  g_test_add_func ("/server/members/summary/sees-writes-of-another-instance", test_sees_writes_of_another_instance);
  g_test_add_func ("/server/members/summary/sees-a-linked-card", test_sees_a_linked_card);
  g_test_add_func ("/server/members/summary/call-answers-the-searchs-member", test_call_answers_the_searchs_member);

  result = g_test_run ();
  g_free (agent_token);
  g_clear_object (&server);
  return result;
}

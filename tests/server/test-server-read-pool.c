/* test-server-read-pool.c — reads on the server's read pool (--read-connections)
 *
 * A search that scans runs on a connection of its own, in a thread, while the main loop
 * goes on serving: here a search held up in the database must not hold up another
 * agent's request. What the pool reads must be what the main connection wrote a moment
 * before. The pool's load is in /metrics.
 * The held-up search needs PostgreSQL (a table lock a reader waits on; SQLite's WAL
 * readers never wait): on SQLite that case is skipped.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "ld-test-server.h"

static LdTestServer *server;
static char *agent;

static gboolean
on_postgresql (void)
{
  return g_strcmp0 (g_getenv ("LD_TEST_DATABASE"), "postgresql") == 0;
}

/* the value of the sample @name in the server's /metrics */
static gint64
metric (const char *name)
{
  g_autofree char *text = NULL;
  g_autofree char *line_start = g_strdup_printf ("\n%s ", name);
  const char *line;
  guint status;

  status = ld_test_server_request_full (server, "GET", "/metrics", NULL, NULL, NULL, &text, NULL);
  g_assert_cmpuint (status, ==, 200);
  line = strstr (text, line_start);
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen (line_start), NULL, 10);
}

/* a page's first item */
static JsonObject *
first_item (JsonNode *page)
{
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return json_array_get_object_element (items, 0);
}

static void
test_pool_is_in_the_metrics (void)
{
  g_assert_cmpint (metric ("ld_read_connections"), ==, 2);
  g_assert_cmpint (metric ("ld_reads_running"), ==, 0);
  g_assert_cmpint (metric ("ld_reads_waiting"), ==, 0);
}

/* a search on the pool shows a write on the main connection the moment it is answered */
static void
test_reads_show_what_was_written (void)
{
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) edited = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *search = NULL;

  profile = ld_test_server_expect (server, "GET", "/api/v1/members/2", agent, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (profile, "answers.city"), !=, "Тверь");
  last_name = g_uri_escape_string (ld_test_json_string (profile, "last_name"), NULL, FALSE);
  g_clear_pointer (&profile, json_node_unref);

  /* a write with an action entry, on the main connection */
  edited = ld_test_server_expect_full (server, "PATCH", "/api/v1/members/2", agent,
                                       "{\"answers\":{\"city\":\"Тверь\"}}", "read-pool-city", 200, NULL);

  profile = ld_test_server_expect (server, "GET", "/api/v1/members/2", agent, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (profile, "answers.city"), ==, "Тверь");
  actions = ld_test_server_expect (server, "GET", "/api/v1/members/2/actions", agent, NULL, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (first_item (actions), "action"), ==, "member.edit");
  search = g_strdup_printf ("/api/v1/members?answers.city=%s&name=%s", "%D0%A2%D0%B2%D0%B5%D1%80%D1%8C", last_name);
  found = ld_test_server_expect (server, "GET", search, agent, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (found, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first_item (found), "id"), ==, 2);
}

/* ---- a read held up in the database (PostgreSQL) */

static PGconn *
connect_to_the_database (void)
{
  PGconn *conn = PQconnectdb (ld_test_server_get_database (server));

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", ld_test_server_get_database (server), PQerrorMessage (conn));
  return conn;
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

/* the backends of the server waiting for a lock on the members table */
static gint64
waiting_for_members (PGconn *conn)
{
  PGresult *result = PQexec (conn,
                             "SELECT count (*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                             "WHERE c.relname = 'members' AND NOT l.granted");
  gint64 count;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  count = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return count;
}

static void
test_a_held_up_search_holds_up_nothing_else (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  LdTestAnswer search = { 0, };
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) by_phone = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *by_phone_path = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *by_name_path = NULL;
  PGconn *conn;

  if (!on_postgresql ())
    {
      g_test_skip ("SQLite's readers never wait for a writer: PostgreSQL only");
      return;
    }

  /* warm: this phone's search answers from the main storage's memory */
  profile = ld_test_server_expect (server, "GET", "/api/v1/members/1", agent, NULL, NULL, 200);
  phone = g_uri_escape_string (ld_test_json_string (profile, "phone"), NULL, FALSE);
  by_phone_path = g_strdup_printf ("/api/v1/members?phone=%s", phone);
  last_name = g_uri_escape_string (ld_test_json_string (profile, "last_name"), NULL, FALSE);
  by_name_path = g_strdup_printf ("/api/v1/members?name=%s", last_name);
  by_phone = ld_test_server_expect (server, "GET", by_phone_path, agent, NULL, NULL, 200);
  g_clear_pointer (&by_phone, json_node_unref);

  conn = connect_to_the_database ();
  exec_ok (conn, "BEGIN");
  exec_ok (conn, "LOCK TABLE members IN ACCESS EXCLUSIVE MODE");

  ld_test_server_send (server, "GET", by_name_path, agent, NULL, NULL, &search);
  while (waiting_for_members (conn) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);   /* polling another process's lock queue: no event to wait on */
    }
  g_assert_null (search.result);

  /* the main loop is free: the session, the metrics, a search answered from memory */
  me = ld_test_server_expect (server, "GET", "/api/v1/me", agent, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (me, "login"), ==, "agent");
  g_assert_cmpint (metric ("ld_reads_running"), ==, 1);
  by_phone = ld_test_server_expect (server, "GET", by_phone_path, agent, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (by_phone, "total"), ==, 1);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (search.result);

  exec_ok (conn, "COMMIT");
  PQfinish (conn);

  ld_test_answer_wait (&search);
  g_assert_cmpuint (search.status, ==, 200);
  page = json_from_string (search.text, NULL);
  g_assert_nonnull (page);
  g_assert_cmpint (ld_test_json_int (page, "total"), >, 0);
  ld_test_answer_clear (&search);
  g_assert_cmpint (metric ("ld_reads_running"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (50, (const char *[]) { "--read-connections", "2", NULL });
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);

  g_test_add_func ("/server/read-pool/in-the-metrics", test_pool_is_in_the_metrics);
  g_test_add_func ("/server/read-pool/reads-show-what-was-written", test_reads_show_what_was_written);
  g_test_add_func ("/server/read-pool/a-held-up-search-holds-up-nothing-else",
                   test_a_held_up_search_holds_up_nothing_else);

  status = g_test_run ();
  g_clear_pointer (&agent, g_free);
  g_clear_object (&server);
  return status;
}

/* test-server-reconnect.c — an instance outlives the loss of its PostgreSQL connection
 *
 * PostgreSQL restarts, fails over, or a firewall cuts an idle connection: the server's one
 * connection ends under it. Here the database ends the instance's backend
 * (pg_terminate_backend, what a restart does to every client) and the next requests must
 * be answered on a new connection, reads and writes alike. PostgreSQL only: SQLite has no
 * connection to lose (tests/server/meson.build lists it in the server-postgresql pass).
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define OTHER_BACKENDS \
  "FROM pg_stat_activity WHERE datname = current_database () AND pid <> pg_backend_pid () " \
  "AND backend_type = 'client backend'"

static LdTestServer *server;

/* ends every backend of the server's database but the asking one, and waits until they
 * are gone (pg_terminate_backend only signals) */
static void
end_the_servers_connection (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpint (ld_test_server_query_int (server, "SELECT count (pg_terminate_backend (pid)) " OTHER_BACKENDS),
                   >=, 1);
  while (ld_test_server_query_int (server, "SELECT count (*) " OTHER_BACKENDS) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);   /* polling another process's exit: no event to wait on */
    }
}

static void
test_reads_and_writes_go_on (void)
{
  g_autofree char *token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) ended = NULL;
  g_autofree char *end_path = NULL;

  page = ld_test_server_expect (server, "GET", "/api/v1/members?q=%D0%98", token, NULL, NULL, 200);
  g_clear_pointer (&page, json_node_unref);

  /* the first request after the loss is a lone read (the search's change count) */
  end_the_servers_connection ();
  page = ld_test_server_expect (server, "GET", "/api/v1/members?q=%D0%98", token, NULL, NULL, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (ld_test_json_path (page, "items")));

  /* a write transaction's BEGIN finds it lost */
  end_the_servers_connection ();
  call = ld_test_server_expect (server, "POST", "/api/v1/calls", token,
                                "{\"phone\": \"+79990001122\"}", NULL, 201);
  end_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/end", ld_test_json_int (call, "call.id"));
  ended = ld_test_server_expect (server, "POST", end_path, token, "{\"reason\": \"resolved\", \"close_ticket\": false}", NULL, 200);
  g_assert_cmpstr (ld_test_json_string (ended, "end_reason"), ==, "resolved");

  log = ld_test_server_dup_log (server);
  g_assert_nonnull (strstr (log, "The connection to PostgreSQL was lost and is made again"));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  if (!g_str_has_prefix (g_getenv ("LD_TEST_DATABASE") ? g_getenv ("LD_TEST_DATABASE") : "", "postgresql"))
    {
      g_test_skip ("PostgreSQL only (LD_TEST_DATABASE=postgresql)");
      return g_test_run ();
    }

  server = ld_test_server_new_full (50, NULL, LD_TEST_SERVER_FLAGS_CAPTURE_LOG);
  g_test_add_func ("/server/postgresql/reconnect/reads-and-writes-go-on", test_reads_and_writes_go_on);

  result = g_test_run ();
  g_clear_object (&server);
  return result;
}

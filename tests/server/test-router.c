/* test-router.c — LdRouter on its own, over a table of its own: a path matches segment by
 * segment after percent-decoding, {id} and {number} are parsed strictly, a path some other
 * method answers is 405 with Allow (404 otherwise), and a query name the route does not
 * know is refused; then every route of the server's own table is found by its pattern */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ld-router.h"
#include "ld-server-private.h"

static void
handle_nothing (LdServer  *server,
                LdRequest *request)
{
  g_assert_not_reached ();
}

static const char * const no_query[] = { NULL };
static const char * const search_query[] = { "q", "limit", "cursor", NULL };

static const LdRoute routes[] = {
  { "GET",    "/healthz",                      NULL,            no_query,     LD_ROUTE_FLAGS_PUBLIC, handle_nothing },
  { "GET",    "/api/v1/members",               "member.search", search_query, 0, handle_nothing },
  { "GET",    "/api/v1/members/{id}",          "member.view",   no_query,     0, handle_nothing },
  { "POST",   "/api/v1/members/{id}/cards",    "card.link",     no_query,     0, handle_nothing },
  { "GET",    "/api/v1/cards/{number}",        "member.view",   no_query,     0, handle_nothing },
  { "GET",    "/api/v1/registrations/{id}",    NULL,            no_query,     0, handle_nothing },
  { "DELETE", "/api/v1/registrations/{id}",    NULL,            no_query,     0, handle_nothing },
  /* a second route for the same method and path is never reached */
  { "GET",    "/api/v1/members/{id}",          NULL,            no_query,     0, handle_nothing },
};

typedef struct
{
  LdRouter     *router;
  LdRequest    *request;
  LdRouteMatch  match;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->router = ld_router_new (routes, G_N_ELEMENTS (routes));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ld_route_match_clear (&fixture->match);
  g_clear_pointer (&fixture->request, ld_request_free);
  g_clear_pointer (&fixture->router, ld_router_free);
}

/* matches and applies @method @path (with @query, "name=value&…", nullable) as the
 * dispatcher does; TRUE when the route's handler would run */
static gboolean
route (Fixture    *fixture,
       const char *method,
       const char *path,
       const char *query)
{
  ld_route_match_clear (&fixture->match);
  g_clear_pointer (&fixture->request, ld_request_free);

  fixture->request = ld_request_new_detached (NULL, method, NULL);
  if (query != NULL)
    fixture->request->query = soup_form_decode (query);
  ld_router_match (fixture->router, method, path, &fixture->match);
  return ld_router_apply (fixture->router, &fixture->match, fixture->request);
}

/* the refusal's status, code and details.field (nullable) */
static void
assert_refused (Fixture    *fixture,
                guint       status,
                const char *code,
                const char *field)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *problem;
  JsonObject *details;
  guint answered = 0;
  const char *text = ld_request_get_answer (fixture->request, &answered);

  g_assert_nonnull (text);
  g_assert_cmpuint (answered, ==, status);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  problem = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, code);
  if (field == NULL)
    {
      g_assert_false (json_object_has_member (problem, "details"));
      return;
    }
  details = json_object_get_object_member (problem, "details");
  g_assert_cmpstr (json_object_get_string_member (details, "field"), ==, field);
}

static void
test_router_matching (Fixture       *fixture,
                      gconstpointer  data)
{
  g_assert_true (route (fixture, "GET", "/healthz", NULL));
  g_assert_true (fixture->match.route == &routes[0]);

  g_assert_true (route (fixture, "GET", "/api/v1/members", NULL));
  g_assert_true (fixture->match.route == &routes[1]);

  /* the first route of a method and path wins */
  g_assert_true (route (fixture, "GET", "/api/v1/members/12", NULL));
  g_assert_true (fixture->match.route == &routes[2]);
  g_assert_true (fixture->match.path_route == &routes[2]);

  g_assert_true (route (fixture, "POST", "/api/v1/members/12/cards", NULL));
  g_assert_true (fixture->match.route == &routes[3]);
  g_assert_cmpint (fixture->request->id, ==, 12);
  g_assert_false (fixture->request->answered);

  /* segment counts must agree, and a parameter is never empty */
  g_assert_false (route (fixture, "GET", "/api/v1/members/", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_false (route (fixture, "GET", "/api/v1/members/12/", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_false (route (fixture, "GET", "/api/v1", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_false (route (fixture, "GET", "/API/v1/members", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_false (route (fixture, "GET", "", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
}

static void
test_router_ids (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *bad[] = { "0", "012", "-1", "+1", "1e3", "12a", " 12", "9223372036854775808",
                        "99999999999999999999", "0x10" };

  g_assert_true (route (fixture, "GET", "/api/v1/members/1", NULL));
  g_assert_cmpint (fixture->request->id, ==, 1);
  g_assert_true (route (fixture, "GET", "/api/v1/members/9223372036854775807", NULL));
  g_assert_cmpint (fixture->request->id, ==, G_MAXINT64);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/members/%s", bad[i]);

      g_test_message ("id %s", bad[i]);
      g_assert_false (route (fixture, "GET", path, NULL));
      /* the route matched: logs and metrics name it, the id is simply not found */
      g_assert_true (fixture->match.route == &routes[2]);
      assert_refused (fixture, 404, "not_found", "id");
    }
}

static void
test_router_numbers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_true (route (fixture, "GET", "/api/v1/cards/123456", NULL));
  g_assert_cmpstr (fixture->request->number, ==, "123456");
  g_assert_cmpint (fixture->request->id, ==, 0);

  /* spaces and dashes are how a card is printed; the number is what remains */
  g_assert_true (route (fixture, "GET", "/api/v1/cards/1234%20-5678-9012", NULL));
  g_assert_cmpstr (fixture->request->number, ==, "123456789012");

  g_assert_false (route (fixture, "GET", "/api/v1/cards/12345", NULL));
  assert_refused (fixture, 404, "not_found", "number");
  g_assert_false (route (fixture, "GET", "/api/v1/cards/12345678901234567890", NULL));
  assert_refused (fixture, 404, "not_found", "number");
  g_assert_false (route (fixture, "GET", "/api/v1/cards/1234567x", NULL));
  assert_refused (fixture, 404, "not_found", "number");
}

static void
test_router_not_found_or_not_allowed (Fixture       *fixture,
                                      gconstpointer  data)
{
  const char *allow;

  /* a path other methods answer: 405, and Allow lists them once each */
  g_assert_false (route (fixture, "PUT", "/api/v1/registrations/5", NULL));
  assert_refused (fixture, 405, "method_not_allowed", NULL);
  allow = soup_message_headers_get_one (fixture->request->response_headers, "Allow");
  g_assert_cmpstr (allow, ==, "GET, DELETE");
  g_assert_null (fixture->match.route);
  g_assert_true (fixture->match.path_route == &routes[5]);

  g_assert_false (route (fixture, "DELETE", "/api/v1/members/5", NULL));
  assert_refused (fixture, 405, "method_not_allowed", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (fixture->request->response_headers, "Allow"), ==, "GET");

  /* 405 comes before the id is looked at */
  g_assert_false (route (fixture, "PUT", "/api/v1/registrations/0", NULL));
  assert_refused (fixture, 405, "method_not_allowed", NULL);

  /* a path no route has: 404 without Allow */
  g_assert_false (route (fixture, "GET", "/api/v1/nothing", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_null (soup_message_headers_get_one (fixture->request->response_headers, "Allow"));
  g_assert_null (fixture->match.path_route);
}

static void
test_router_percent_decoding (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(GStrv) segments = NULL;

  segments = ld_router_split_path ("/api/v1/%6Dembers/%31%32");
  g_assert_nonnull (segments);
  g_assert_cmpstr (segments[3], ==, "members");
  g_assert_cmpstr (segments[4], ==, "12");

  g_assert_true (route (fixture, "GET", "/api/v1/%6Dembers/%31%32", NULL));
  g_assert_true (fixture->match.route == &routes[2]);
  g_assert_cmpint (fixture->request->id, ==, 12);

  /* an encoded "/" is not a separator, and it does not decode at all */
  g_clear_pointer (&segments, g_strfreev);
  segments = ld_router_split_path ("/api/v1/members%2F12");
  g_assert_null (segments);
  g_assert_false (route (fixture, "GET", "/api/v1/members%2F12", NULL));
  assert_refused (fixture, 404, "not_found", NULL);

  /* neither does text that is not UTF-8, nor a broken escape */
  g_assert_null (ld_router_split_path ("/api/v1/cards/%FF%FE"));
  g_assert_false (route (fixture, "GET", "/api/v1/cards/%FF%FE", NULL));
  assert_refused (fixture, 404, "not_found", NULL);
  g_assert_null (ld_router_split_path ("/api/v1/cards/%G1"));
  g_assert_null (ld_router_split_path ("/api/v1/members/%00"));
}

static void
test_router_query_names (Fixture       *fixture,
                         gconstpointer  data)
{
  g_assert_true (route (fixture, "GET", "/api/v1/members", "q=anna&limit=5"));
  g_assert_false (fixture->request->answered);

  g_assert_false (route (fixture, "GET", "/api/v1/members", "q=anna&sort=name"));
  assert_refused (fixture, 400, "malformed", "sort");

  /* a route without a query takes none */
  g_assert_false (route (fixture, "GET", "/api/v1/members/3", "q=anna"));
  assert_refused (fixture, 400, "malformed", "q");

  /* names and values must be text */
  g_assert_false (route (fixture, "GET", "/api/v1/members", "q=%FF"));
  assert_refused (fixture, 400, "malformed", "q");
  g_assert_false (route (fixture, "GET", "/api/v1/members", "%FFx=1"));
  assert_refused (fixture, 400, "malformed", "\xef\xbf\xbdx");
}

/* every route of the server's table is reached by its own pattern, and no earlier route
 * of the same method shadows it */
static void
test_router_server_table (void)
{
  guint n_routes = 0;
  const LdRoute *table = ld_server_get_routes (&n_routes);
  g_autoptr(LdRouter) router = ld_router_new (table, n_routes);

  g_assert_cmpuint (n_routes, >, 0);
  for (guint i = 0; i < n_routes; i++)
    {
      g_autoptr(GString) path = g_string_new (table[i].pattern);
      g_autoptr(LdRequest) request = ld_request_new_detached (NULL, table[i].method, NULL);
      g_auto(LdRouteMatch) match = { NULL };

      g_string_replace (path, "{id}", "7", 0);
      g_string_replace (path, "{number}", "1234567890", 0);
      ld_router_match (router, table[i].method, path->str, &match);
      g_assert_true (match.route == &table[i]);
      g_assert_true (ld_router_apply (router, &match, request));
      g_assert_false (request->answered);
      g_assert_nonnull (table[i].query);
      g_assert_nonnull (table[i].handler);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/router/matching", Fixture, NULL,
              fixture_set_up, test_router_matching, fixture_tear_down);
  g_test_add ("/server/router/ids", Fixture, NULL,
              fixture_set_up, test_router_ids, fixture_tear_down);
  g_test_add ("/server/router/card-numbers", Fixture, NULL,
              fixture_set_up, test_router_numbers, fixture_tear_down);
  g_test_add ("/server/router/not-found-or-not-allowed", Fixture, NULL,
              fixture_set_up, test_router_not_found_or_not_allowed, fixture_tear_down);
  g_test_add ("/server/router/percent-decoding", Fixture, NULL,
              fixture_set_up, test_router_percent_decoding, fixture_tear_down);
  g_test_add ("/server/router/query-names", Fixture, NULL,
              fixture_set_up, test_router_query_names, fixture_tear_down);
  g_test_add_func ("/server/router/server-table", test_router_server_table);

  return g_test_run ();
}

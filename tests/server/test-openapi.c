/* test-openapi.c — /api/v1/openapi.json describes exactly the routes the server has
 *
 * The route table (ld-server.c) is the truth: every route of it under /api/v1 must be in
 * the document with its method, its right (x-required-right), its query parameters and
 * no security when it is public; every operation of the document must be a route.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-server-private.h"
#include "ld-test-openapi.h"
#include "ld-test-server.h"

#define API "/api/v1"

static LdTestServer *server;
static JsonNode *document;

static JsonObject *
resolve (JsonObject *object)
{
  const char *ref = NULL;

  /* only local references: #/components/<kind>/<name> */
  if (json_object_has_member (object, "$ref"))
    {
      g_auto(GStrv) parts = NULL;
      JsonNode *node = document;

      ref = json_object_get_string_member (object, "$ref");
      g_assert_true (g_str_has_prefix (ref, "#/"));
      parts = g_strsplit (ref + 2, "/", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), parts[i]);
          if (node == NULL)
            g_error ("%s does not resolve", ref);
        }
      return json_node_get_object (node);
    }
  return object;
}

static JsonObject *
operation_of (const char *path,
              const char *method)
{
  JsonObject *paths = json_object_get_object_member (json_node_get_object (document), "paths");
  g_autofree char *lower = g_ascii_strdown (method, -1);
  JsonObject *item;

  if (!json_object_has_member (paths, path))
    return NULL;
  item = json_object_get_object_member (paths, path);
  if (!json_object_has_member (item, lower))
    return NULL;
  return json_object_get_object_member (item, lower);
}

/* a route's query name and the document's: the same, or a family "answers.*" of the route
 * described as the deepObject parameter "answers" */
static gboolean
query_names_match (const char *route_name,
                   const char *document_name)
{
  if (g_str_has_suffix (route_name, ".*"))
    return strlen (document_name) == strlen (route_name) - 2 &&
           strncmp (route_name, document_name, strlen (document_name)) == 0;
  return g_str_equal (route_name, document_name);
}

static void
test_openapi_is_served_without_session (void)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", API "/openapi.json", NULL, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (ld_test_json_string (answer, "openapi"), "3."));
  g_assert_true (json_node_equal (answer, document));
}

static void
test_openapi_describes_every_route (void)
{
  guint n_routes = 0;
  const LdRoute *routes = ld_server_get_routes (&n_routes);

  for (guint i = 0; i < n_routes; i++)
    {
      const LdRoute *route = &routes[i];
      JsonObject *operation;
      JsonArray *parameters = NULL;
      const char *path;

      if (!g_str_has_prefix (route->pattern, API "/"))
        continue;   /* /healthz and /metrics outside the API are said in their summaries */

      path = route->pattern + strlen (API);
      g_test_message ("%s %s", route->method, path);
      operation = operation_of (path, route->method);
      if (operation == NULL)
        g_error ("openapi.json lacks %s %s", route->method, path);

      /* the right */
      if (route->right != NULL)
        g_assert_cmpstr (json_object_get_string_member_with_default (operation, "x-required-right", NULL),
                         ==, route->right);
      else
        g_assert_false (json_object_has_member (operation, "x-required-right"));

      /* public routes say they need no session */
      if (route->flags & LD_ROUTE_FLAGS_PUBLIC)
        {
          g_assert_true (json_object_has_member (operation, "security"));
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (operation, "security")), ==, 0);
        }
      else
        g_assert_false (json_object_has_member (operation, "security"));

      /* every query parameter the route understands, and no other */
      if (json_object_has_member (operation, "parameters"))
        parameters = json_object_get_array_member (operation, "parameters");
      for (guint q = 0; route->query[q] != NULL; q++)
        {
          gboolean found = FALSE;

          for (guint p = 0; parameters != NULL && p < json_array_get_length (parameters); p++)
            {
              JsonObject *parameter = resolve (json_array_get_object_element (parameters, p));

              if (g_str_equal (json_object_get_string_member (parameter, "in"), "query") &&
                  query_names_match (route->query[q], json_object_get_string_member (parameter, "name")))
                found = TRUE;
            }
          if (!found)
            g_error ("openapi.json lacks the parameter %s of %s %s", route->query[q], route->method, path);
        }
      for (guint p = 0; parameters != NULL && p < json_array_get_length (parameters); p++)
        {
          JsonObject *parameter = resolve (json_array_get_object_element (parameters, p));

          if (g_str_equal (json_object_get_string_member (parameter, "in"), "query"))
            {
              const char *name = json_object_get_string_member (parameter, "name");
              gboolean known = FALSE;

              for (guint q = 0; route->query[q] != NULL; q++)
                known |= query_names_match (route->query[q], name);
              g_assert_true (known);
            }
          if (g_str_equal (json_object_get_string_member (parameter, "in"), "path"))
            g_assert_nonnull (strstr (path, json_object_get_string_member (parameter, "name")));
        }

      /* at least one answer, each resolving */
      {
        JsonObject *responses = json_object_get_object_member (operation, "responses");
        g_autoptr(GList) codes = json_object_get_members (responses);

        g_assert_nonnull (codes);
        for (GList *l = codes; l != NULL; l = l->next)
          g_assert_true (json_object_has_member (resolve (json_object_get_object_member (responses, l->data)),
                                                 "description"));

        /* what every route can answer before its handler runs: an unknown query parameter
         * or an unreadable Content-Length (400), a body too large (413), no session (401),
         * a body that is not JSON where one is read (415) */
        g_assert_true (json_object_has_member (responses, "400"));
        g_assert_true (json_object_has_member (responses, "413"));
        if (!(route->flags & LD_ROUTE_FLAGS_PUBLIC))
          g_assert_true (json_object_has_member (responses, "401"));
        if (!g_str_equal (route->method, "GET"))
          g_assert_true (json_object_has_member (responses, "415"));
      }
    }
}

static void
test_openapi_has_no_route_the_server_lacks (void)
{
  JsonObject *paths = json_object_get_object_member (json_node_get_object (document), "paths");
  g_autoptr(GList) names = json_object_get_members (paths);
  guint n_routes = 0;
  const LdRoute *routes = ld_server_get_routes (&n_routes);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);
      g_autofree char *pattern = g_strconcat (API, l->data, NULL);

      for (GList *m = methods; m != NULL; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          gboolean found = FALSE;

          for (guint i = 0; i < n_routes; i++)
            if (g_str_equal (routes[i].pattern, pattern) && g_str_equal (routes[i].method, method))
              found = TRUE;
          if (!found)
            g_error ("openapi.json has %s %s, which the server does not answer", method, pattern);
        }
    }
}

/* the attack: an unknown query parameter on every route, without a session (the query is
 * checked first); each 400 goes through the harness's check against the document */
static void
test_openapi_declares_unknown_parameter_answer (void)
{
  guint n_routes = 0;
  const LdRoute *routes = ld_server_get_routes (&n_routes);

  for (guint i = 0; i < n_routes; i++)
    {
      g_autoptr(GString) path = g_string_new (routes[i].pattern);
      g_autoptr(JsonNode) answer = NULL;

      if (!g_str_has_prefix (routes[i].pattern, API "/"))
        continue;
      g_string_replace (path, "{id}", "1", 0);
      g_string_replace (path, "{number}", "2700000000019", 0);
      g_string_append (path, "?no_such_parameter=1");

      g_test_message ("%s %s", routes[i].method, path->str);
      g_assert_cmpuint (ld_test_server_request (server, routes[i].method, path->str, NULL, NULL, NULL, &answer),
                        ==, 400);
      ld_test_assert_error (answer, "malformed", "no_such_parameter");
    }
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* @schema_text must take @value_text, or refuse it with a problem that contains @problem */
static void
assert_validates (const char *schema_text,
                  const char *value_text,
                  const char *problem)
{
  g_autoptr(JsonNode) schema = parse (schema_text);
  g_autoptr(JsonNode) value = parse (value_text);
  g_autofree char *found = NULL;
  gboolean valid;

  valid = ld_test_openapi_validate (schema, value, &found);
  g_test_message ("%s ⟵ %s: %s", schema_text, value_text, found ? found : "valid");
  if (problem == NULL)
    g_assert_true (valid);
  else
    {
      g_assert_false (valid);
      g_assert_nonnull (strstr (found, problem));
    }
}

static void
test_openapi_validator_checks_schemas (void)
{
  /* types and nullable */
  assert_validates ("{\"type\":\"string\"}", "\"x\"", NULL);
  assert_validates ("{\"type\":\"string\"}", "null", "not nullable");
  assert_validates ("{\"type\":\"string\",\"nullable\":true}", "null", NULL);
  assert_validates ("{\"type\":\"integer\"}", "1.5", "$ is a number where the schema says integer");
  assert_validates ("{\"type\":\"number\"}", "2", NULL);
  assert_validates ("{\"type\":\"boolean\"}", "0", "integer where the schema says boolean");
  /* objects: required, properties, additionalProperties */
  assert_validates ("{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\"}}}",
                    "{\"b\":1}", "lacks the required member “a”");
  assert_validates ("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}",
                    "{\"a\":\"1\"}", "$.a is a string where the schema says integer");
  assert_validates ("{\"type\":\"object\",\"properties\":{\"a\":{}},\"additionalProperties\":false}",
                    "{\"a\":null,\"b\":1}", "$.b is a member the schema does not allow");
  /* arrays, enum, formats */
  assert_validates ("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"x\",\"y\"]}}",
                    "[\"x\",\"z\"]", "$[1] is \"z\", not one of");
  assert_validates ("{\"type\":\"string\",\"format\":\"date-time\"}", "\"2026-12-07T09:17:17Z\"", NULL);
  assert_validates ("{\"type\":\"string\",\"format\":\"date-time\"}", "\"2026-12-07\"", "not a date-time");
  assert_validates ("{\"type\":\"integer\",\"minimum\":1}", "0", "out of the schema's bounds");
  /* composition and references into the document */
  assert_validates ("{\"allOf\":[{\"$ref\":\"#/components/schemas/Page\"}],\"nullable\":true}", "null", NULL);
  assert_validates ("{\"allOf\":[{\"$ref\":\"#/components/schemas/Page\"}]}", "null", "not nullable");
  assert_validates ("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "1", "matches 2 of oneOf");
  assert_validates ("{\"$ref\":\"#/components/schemas/Nothing\"}", "1", "does not resolve");
  assert_validates ("{\"$ref\":\"#/components/schemas/Error\"}",
                    "{\"error\":{\"code\":\"x\",\"message\":\"y\",\"details\":{\"field\":\"z\"}}}", NULL);
}

static void
test_openapi_validator_checks_answers (void)
{
  g_autofree char *undeclared = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *not_json = NULL;
  g_autofree char *media = NULL;
  const char *message = "{\"items\":[{\"id\":1,\"channel\":\"sms\",\"status\":\"sent\",\"address\":null,"
                        "\"subject\":null,\"text\":\"t\",\"sent_at\":\"2026-01-01T00:00:00Z\"}],"
                        "\"next_cursor\":null,\"total\":1}";

  /* a status the operation does not declare names the method, path and status */
  undeclared = ld_test_openapi_check_answer ("GET", API "/me?x=1", 418, "application/json", "{}", 2);
  g_assert_nonnull (undeclared);
  g_assert_nonnull (strstr (undeclared, "GET " API "/me?x=1"));
  g_assert_nonnull (strstr (undeclared, "418"));

  /* a message without an address, as the server answers it, matches the path template */
  g_assert_null (ld_test_openapi_check_answer ("GET", API "/members/7/messages?limit=5", 200,
                                               "application/json", message, strlen (message)));

  wrong = ld_test_openapi_check_answer ("GET", API "/me", 200, "application/json", "{\"id\":1}", 8);
  g_assert_nonnull (wrong);
  g_assert_nonnull (strstr (wrong, "lacks the required member “login”"));

  not_json = ld_test_openapi_check_answer ("GET", API "/me", 401, "application/json", "{\"error\"", 8);
  g_assert_nonnull (not_json);
  g_assert_nonnull (strstr (not_json, "not JSON"));

  media = ld_test_openapi_check_answer ("GET", API "/me", 401, "text/html", "<p>", 3);
  g_assert_nonnull (media);

  /* what the document does not describe is not checked: unknown routes, /healthz outside the API */
  g_assert_null (ld_test_openapi_check_answer ("GET", API "/nowhere", 404, "application/json", "{}", 2));
  g_assert_null (ld_test_openapi_check_answer ("GET", "/metrics", 200, "text/plain", "x 1\n", 4));
  /* HEAD is GET without its body */
  g_assert_null (ld_test_openapi_check_answer ("HEAD", API "/healthz", 200, "application/json", "", 0));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (0, NULL);
  g_assert_cmpuint (ld_test_server_request (server, "GET", API "/openapi.json", NULL, NULL, NULL, &document), ==, 200);
  g_assert_nonnull (document);

  g_test_add_func ("/server/openapi/is-served-without-session", test_openapi_is_served_without_session);
  g_test_add_func ("/server/openapi/describes-every-route", test_openapi_describes_every_route);
  g_test_add_func ("/server/openapi/has-no-route-the-server-lacks", test_openapi_has_no_route_the_server_lacks);
  g_test_add_func ("/server/openapi/declares-unknown-parameter-answer", test_openapi_declares_unknown_parameter_answer);
  g_test_add_func ("/server/openapi/validator/checks-schemas", test_openapi_validator_checks_schemas);
  g_test_add_func ("/server/openapi/validator/checks-answers", test_openapi_validator_checks_answers);

  result = g_test_run ();

  g_clear_pointer (&document, json_node_unref);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

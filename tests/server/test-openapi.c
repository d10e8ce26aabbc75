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
                  g_str_equal (json_object_get_string_member (parameter, "name"), route->query[q]))
                found = TRUE;
            }
          if (!found)
            g_error ("openapi.json lacks the parameter %s of %s %s", route->query[q], route->method, path);
        }
      for (guint p = 0; parameters != NULL && p < json_array_get_length (parameters); p++)
        {
          JsonObject *parameter = resolve (json_array_get_object_element (parameters, p));

          if (g_str_equal (json_object_get_string_member (parameter, "in"), "query"))
            g_assert_true (g_strv_contains (route->query, json_object_get_string_member (parameter, "name")));
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

  result = g_test_run ();

  g_clear_pointer (&document, json_node_unref);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

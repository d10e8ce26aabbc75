/* ld-router.c — LdRouter: a route table matched segment by segment
 *
 * The table is small (tens of routes) and matched in order, a route's pattern split into
 * segments once when the router is made. A path is percent-decoded segment by segment,
 * so "%2F" never becomes a separator and text that is not UTF-8 never reaches a handler.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-router.h"
#include "ld-validate.h"

struct _LdRouter
{
  const LdRoute *routes;
  guint          n_routes;
  GPtrArray     *patterns;      /* one GStrv of segments per route */
};

/**
 * ld_router_new:
 *
 * Returns: (transfer full): a router over @routes
 */
LdRouter *
ld_router_new (const LdRoute *routes,
               guint          n_routes)
{
  LdRouter *self;

  g_return_val_if_fail (routes != NULL || n_routes == 0, NULL);

  self = g_new0 (LdRouter, 1);
  self->routes = routes;
  self->n_routes = n_routes;
  self->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (self->patterns, g_strsplit (routes[i].pattern, "/", -1));
  return self;
}

void
ld_router_free (LdRouter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_free (self);
}

void
ld_route_match_clear (LdRouteMatch *match)
{
  g_return_if_fail (match != NULL);

  g_clear_pointer (&match->segments, g_strfreev);
  if (match->allowed != NULL)
    g_string_free (g_steal_pointer (&match->allowed), TRUE);
  match->route = NULL;
  match->path_route = NULL;
}

static gboolean
parse_id (const char *segment,
          gint64     *out)
{
  gint64 value = 0;
  gsize length = strlen (segment);

  if (length == 0 || length > 19 || segment[0] == '0')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (segment[i]))
      return FALSE;
  if (!g_ascii_string_to_signed (segment, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

char **
ld_router_split_path (const char *path)
{
  g_auto(GStrv) raw = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (path != NULL, NULL);

  raw = g_strsplit (path, "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *decoded = NULL;

      if (strchr (raw[i], '%') == NULL)
        {
          g_strv_builder_add (builder, raw[i]);
          continue;
        }
      decoded = g_uri_unescape_segment (raw[i], NULL, "/");
      if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
        return NULL;
      g_strv_builder_add (builder, decoded);
    }

  return g_strv_builder_end (builder);
}

/* the first route for @segments and @method, or NULL; match->allowed collects the other
 * methods of the routes with that path (405 rather than 404), path_route the first */
void
ld_router_match (LdRouter     *self,
                 const char   *method,
                 const char   *path,
                 LdRouteMatch *match)
{
  guint n_segments;

  g_return_if_fail (self != NULL);
  g_return_if_fail (method != NULL);
  g_return_if_fail (match != NULL);

  match->route = NULL;
  match->path_route = NULL;
  match->segments = ld_router_split_path (path != NULL ? path : "");
  match->allowed = g_string_new (NULL);
  if (match->segments == NULL)
    return;

  n_segments = g_strv_length (match->segments);
  for (guint i = 0; i < self->n_routes; i++)
    {
      const LdRoute *route = &self->routes[i];
      char **pattern = g_ptr_array_index (self->patterns, i);
      gboolean same = g_strv_length (pattern) == n_segments;

      for (guint s = 0; same && s < n_segments; s++)
        {
          if (pattern[s][0] == '{')
            same = match->segments[s][0] != '\0';
          else
            same = g_str_equal (pattern[s], match->segments[s]);
        }
      if (!same)
        continue;

      if (match->path_route == NULL)
        match->path_route = route;

      if (g_str_equal (route->method, method))
        {
          if (match->route == NULL)
            match->route = route;
        }
      else if (strstr (match->allowed->str, route->method) == NULL)
        {
          if (match->allowed->len > 0)
            g_string_append (match->allowed, ", ");
          g_string_append (match->allowed, route->method);
        }
    }
}

static gboolean
parse_path_parameters (LdRouter           *self,
                       const LdRouteMatch *match,
                       LdRequest          *request)
{
  char **pattern = g_ptr_array_index (self->patterns, match->route - self->routes);

  for (guint s = 0; pattern[s] != NULL; s++)
    {
      if (g_str_equal (pattern[s], "{id}"))
        {
          if (!parse_id (match->segments[s], &request->id))
            {
              ld_request_respond_error (request, 404, "not_found", "id",
                                        N_("Nothing has this id: ids are positive whole numbers."));
              return FALSE;
            }
        }
      else if (g_str_equal (pattern[s], "{number}"))
        {
          g_clear_pointer (&request->number, g_free);
          request->number = ld_card_number_normalize (match->segments[s], NULL);
          if (request->number == NULL)
            {
              ld_request_respond_error (request, 404, "not_found", "number",
                                        N_("There is no card with this number: card numbers have 6 to 19 digits."));
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* whether the route understands the query parameter @name: one of its names, or a family
 * "stem.*" of its names as "stem.key" or "stem[key]" (OpenAPI's deepObject) with a key */
gboolean
ld_route_has_query (const LdRoute *route,
                    const char    *name)
{
  for (guint i = 0; route->query[i] != NULL; i++)
    {
      const char *entry = route->query[i];
      gsize length = strlen (entry);
      gsize stem;

      if (g_str_equal (entry, name))
        return TRUE;
      if (length < 3 || !g_str_has_suffix (entry, ".*"))
        continue;
      stem = length - 2;
      if (strncmp (name, entry, stem) != 0)
        continue;
      if (name[stem] == '.' && name[stem + 1] != '\0')
        return TRUE;
      if (name[stem] == '[' && name[stem + 1] != '\0' && name[stem + 1] != ']' &&
          strchr (name + stem + 1, ']') == name + strlen (name) - 1)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_query (const LdRoute *route,
             LdRequest     *request)
{
  GHashTableIter iter;
  const char *name;
  const char *value;

  if (request->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (!g_utf8_validate (name, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
        {
          g_autofree char *shown = ld_request_shown_name (name);

          ld_request_respond_error (request, 400, "malformed", shown,
                                    N_("The parameter “%s” is not valid UTF-8 text."), shown);
          return FALSE;
        }
      if (!ld_route_has_query (route, name))
        {
          g_autofree char *shown = ld_request_shown_name (name);

          ld_request_respond_error (request, 400, "malformed", shown,
                                    N_("This endpoint has no parameter “%s”."), shown);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ld_router_apply (LdRouter           *self,
                 const LdRouteMatch *match,
                 LdRequest          *request)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (match != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (match->route == NULL && match->allowed != NULL && match->allowed->len > 0)
    {
      soup_message_headers_replace (request->response_headers, "Allow", match->allowed->str);
      ld_request_respond_error (request, 405, "method_not_allowed", NULL,
                                N_("This endpoint does not answer %s; it answers %s."),
                                request->method, match->allowed->str);
      return FALSE;
    }
  if (match->route == NULL)
    {
      ld_request_respond_error (request, 404, "not_found", NULL,
                                N_("There is no such endpoint."));
      return FALSE;
    }

  return parse_path_parameters (self, match, request) &&
         check_query (match->route, request);
}

/* ld-test-openapi.c — every answer the tests receive checked against openapi.json */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-openapi.h"

/* the document's servers[0].url: its paths are below it */
#define API "/api/v1"
/* a $ref cycle, or a document that nests this deep, is a mistake */
#define MAX_DEPTH 64

JsonNode *
ld_test_openapi_get_document (void)
{
  static JsonParser *parser;

  if (g_once_init_enter (&parser))
    {
      JsonParser *loaded = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (!json_parser_load_from_file (loaded, LD_TEST_OPENAPI_PATH, &error))
        g_error ("%s: %s", LD_TEST_OPENAPI_PATH, error->message);
      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (loaded)))
        g_error ("%s is not a JSON object", LD_TEST_OPENAPI_PATH);
      g_once_init_leave (&parser, loaded);
    }

  return json_parser_get_root (parser);
}

/* "#/components/schemas/Message" → its node, or NULL */
static JsonNode *
resolve_pointer (const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = ld_test_openapi_get_document ();

  if (!g_str_has_prefix (ref, "#/"))
    return NULL;   /* only references inside the document */

  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GString) name = g_string_new (parts[i]);

      /* RFC 6901 escapes */
      g_string_replace (name, "~1", "/", 0);
      g_string_replace (name, "~0", "~", 0);
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), name->str))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), name->str);
    }
  return node;
}

/* @object with its $ref followed (a response, a schema); NULL when it does not resolve */
static JsonObject *
follow (JsonObject *object)
{
  for (guint i = 0; object != NULL && json_object_has_member (object, "$ref") && i < MAX_DEPTH; i++)
    {
      JsonNode *target = resolve_pointer (json_object_get_string_member (object, "$ref"));

      object = target != NULL && JSON_NODE_HOLDS_OBJECT (target) ? json_node_get_object (target) : NULL;
    }
  return object;
}

static const char *
kind_of (JsonNode *value)
{
  switch (json_node_get_node_type (value))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_INT64:
      return "an integer";
    case G_TYPE_DOUBLE:
      return "a number";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a value";
    }
}

static gboolean
has_type (JsonNode   *value,
          const char *type)
{
  if (g_str_equal (type, "object"))
    return JSON_NODE_HOLDS_OBJECT (value);
  if (g_str_equal (type, "array"))
    return JSON_NODE_HOLDS_ARRAY (value);
  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (g_str_equal (type, "string"))
    return json_node_get_value_type (value) == G_TYPE_STRING;
  if (g_str_equal (type, "integer"))
    return json_node_get_value_type (value) == G_TYPE_INT64;
  if (g_str_equal (type, "number"))
    return json_node_get_value_type (value) == G_TYPE_INT64 ||
           json_node_get_value_type (value) == G_TYPE_DOUBLE;
  if (g_str_equal (type, "boolean"))
    return json_node_get_value_type (value) == G_TYPE_BOOLEAN;
  return FALSE;
}

/* loosely: what RFC 3339 and the server write ("2026-12-07T09:17:17Z", "…+03:00",
 * fractions of a second) */
static gboolean
is_date_time (const char *text)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}"
                               "(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
                               text, 0, 0);
}

static gboolean
is_date (const char *text)
{
  return g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0);
}

static double
number_of (JsonNode *value)
{
  return json_node_get_value_type (value) == G_TYPE_INT64 ? (double) json_node_get_int (value)
                                                           : json_node_get_double (value);
}

static gboolean validate (JsonObject *schema,
                          JsonNode   *value,
                          const char *where,
                          guint       depth,
                          GString    *problem);

/* @member of @schema is an array of schemas: how many of them @value matches; the first
 * failure goes into @problem when @first_problem */
static guint
count_matches (JsonObject *schema,
               const char *member,
               JsonNode   *value,
               const char *where,
               guint       depth,
               GString    *first_problem)
{
  JsonArray *list = json_object_get_array_member (schema, member);
  guint matches = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autoptr(GString) problem = g_string_new (NULL);

      if (validate (json_array_get_object_element (list, i), value, where, depth + 1, problem))
        matches++;
      else if (first_problem != NULL && first_problem->len == 0)
        g_string_append (first_problem, problem->str);
    }
  return matches;
}

static gboolean
validate (JsonObject *schema,
          JsonNode   *value,
          const char *where,
          guint       depth,
          GString    *problem)
{
  const char *type;

  g_assert (value != NULL);

  if (depth > MAX_DEPTH)
    {
      g_string_append_printf (problem, "%s: the schema nests deeper than %d (a $ref cycle?)", where, MAX_DEPTH);
      return FALSE;
    }

  if (json_object_has_member (schema, "$ref"))
    {
      const char *ref = json_object_get_string_member (schema, "$ref");
      JsonNode *target = resolve_pointer (ref);

      if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
        {
          g_string_append_printf (problem, "%s: the schema's $ref %s does not resolve", where, ref);
          return FALSE;
        }
      /* in OpenAPI 3.0, members beside $ref are ignored */
      return validate (json_node_get_object (target), value, where, depth + 1, problem);
    }

  /* nullable: null is a value of the schema, whatever its type */
  if (JSON_NODE_HOLDS_NULL (value) &&
      json_object_get_boolean_member_with_default (schema, "nullable", FALSE))
    return TRUE;

  type = json_object_get_string_member_with_default (schema, "type", NULL);
  if (type != NULL && !has_type (value, type))
    {
      g_string_append_printf (problem, "%s is %s where the schema says %s%s", where, kind_of (value),
                              type, JSON_NODE_HOLDS_NULL (value) ? " (not nullable)" : "");
      return FALSE;
    }

  if (json_object_has_member (schema, "enum"))
    {
      JsonArray *choices = json_object_get_array_member (schema, "enum");
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (choices) && !found; i++)
        found = json_node_equal (json_array_get_element (choices, i), value);
      if (!found)
        {
          g_autofree char *text = json_to_string (value, FALSE);
          g_autofree char *allowed = json_to_string (json_object_get_member (schema, "enum"), FALSE);

          g_string_append_printf (problem, "%s is %s, not one of the schema's enum %s", where, text, allowed);
          return FALSE;
        }
    }

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      const char *format = json_object_get_string_member_with_default (schema, "format", "");
      const char *pattern = json_object_get_string_member_with_default (schema, "pattern", NULL);
      glong length = g_utf8_strlen (text, -1);

      if ((g_str_equal (format, "date-time") && !is_date_time (text)) ||
          (g_str_equal (format, "date") && !is_date (text)))
        {
          g_string_append_printf (problem, "%s is “%s”, not a %s", where, text, format);
          return FALSE;
        }
      if (pattern != NULL && !g_regex_match_simple (pattern, text, 0, 0))
        {
          g_string_append_printf (problem, "%s is “%s”, which does not match %s", where, text, pattern);
          return FALSE;
        }
      if ((json_object_has_member (schema, "minLength") &&
           length < json_object_get_int_member (schema, "minLength")) ||
          (json_object_has_member (schema, "maxLength") &&
           length > json_object_get_int_member (schema, "maxLength")))
        {
          g_string_append_printf (problem, "%s is “%s”, whose length is out of the schema's bounds", where, text);
          return FALSE;
        }
    }

  if (JSON_NODE_HOLDS_VALUE (value) &&
      (json_node_get_value_type (value) == G_TYPE_INT64 || json_node_get_value_type (value) == G_TYPE_DOUBLE))
    {
      double number = number_of (value);

      if ((json_object_has_member (schema, "minimum") &&
           number < number_of (json_object_get_member (schema, "minimum"))) ||
          (json_object_has_member (schema, "maximum") &&
           number > number_of (json_object_get_member (schema, "maximum"))))
        {
          g_string_append_printf (problem, "%s is %g, out of the schema's bounds", where, number);
          return FALSE;
        }
    }

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      JsonObject *properties = json_object_has_member (schema, "properties")
                               ? json_object_get_object_member (schema, "properties") : NULL;
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");
      g_autoptr(GList) names = json_object_get_members (object);

      if (json_object_has_member (schema, "required"))
        {
          JsonArray *required = json_object_get_array_member (schema, "required");

          for (guint i = 0; i < json_array_get_length (required); i++)
            if (!json_object_has_member (object, json_array_get_string_element (required, i)))
              {
                g_string_append_printf (problem, "%s lacks the required member “%s”", where,
                                        json_array_get_string_element (required, i));
                return FALSE;
              }
        }

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) l->data);
          JsonNode *member = json_object_get_member (object, l->data);

          if (properties != NULL && json_object_has_member (properties, l->data))
            {
              if (!validate (json_object_get_object_member (properties, l->data), member, inner, depth + 1, problem))
                return FALSE;
            }
          else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
                   !json_node_get_boolean (additional))
            {
              g_string_append_printf (problem, "%s is a member the schema does not allow", inner);
              return FALSE;
            }
          else if (additional != NULL && JSON_NODE_HOLDS_OBJECT (additional) &&
                   !validate (json_node_get_object (additional), member, inner, depth + 1, problem))
            return FALSE;
        }
    }

  if (JSON_NODE_HOLDS_ARRAY (value) && json_object_has_member (schema, "items"))
    {
      JsonArray *array = json_node_get_array (value);
      JsonObject *items = json_object_get_object_member (schema, "items");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", where, i);

          if (!validate (items, json_array_get_element (array, i), inner, depth + 1, problem))
            return FALSE;
        }
    }

  if (json_object_has_member (schema, "allOf"))
    {
      JsonArray *all = json_object_get_array_member (schema, "allOf");

      for (guint i = 0; i < json_array_get_length (all); i++)
        if (!validate (json_array_get_object_element (all, i), value, where, depth + 1, problem))
          return FALSE;
    }

  if (json_object_has_member (schema, "anyOf"))
    {
      g_autoptr(GString) first = g_string_new (NULL);

      if (count_matches (schema, "anyOf", value, where, depth, first) == 0)
        {
          g_string_append_printf (problem, "%s matches none of anyOf (the first: %s)", where, first->str);
          return FALSE;
        }
    }

  if (json_object_has_member (schema, "oneOf"))
    {
      g_autoptr(GString) first = g_string_new (NULL);
      guint matches = count_matches (schema, "oneOf", value, where, depth, first);

      if (matches != 1)
        {
          g_string_append_printf (problem, "%s matches %u of oneOf, not one%s%s", where, matches,
                                  matches == 0 ? " (the first: " : "", matches == 0 ? first->str : "");
          if (matches == 0)
            g_string_append_c (problem, ')');
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ld_test_openapi_validate (JsonNode    *schema,
                          JsonNode    *value,
                          char       **out_problem)
{
  g_autoptr(GString) problem = g_string_new (NULL);
  gboolean valid;

  g_return_val_if_fail (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  valid = validate (json_node_get_object (schema), value, "$", 0, problem);
  if (out_problem != NULL)
    *out_problem = valid ? NULL : g_strdup (problem->str);
  return valid;
}

/* the document's operation for @method and @path (below /api/v1, no query), matching its
 * path templates ({id}, {number}: any one segment) and preferring literal segments;
 * NULL when it has none. @out_template gets the path template (transfer none). */
static JsonObject *
find_operation (const char  *method,
                const char  *path,
                const char **out_template)
{
  JsonObject *paths = json_object_get_object_member (json_node_get_object (ld_test_openapi_get_document ()), "paths");
  g_autoptr(GList) templates = json_object_get_members (paths);
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autofree char *lower = g_ascii_strdown (method, -1);
  JsonObject *best = NULL;
  int best_literals = -1;

  /* HEAD is GET without the body */
  if (g_str_equal (lower, "head"))
    {
      g_free (lower);
      lower = g_strdup ("get");
    }

  for (GList *l = templates; l != NULL; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "/", -1);
      JsonObject *item = json_object_get_object_member (paths, l->data);
      int literals = 0;
      gboolean matches = g_strv_length (parts) == g_strv_length (segments);

      for (guint i = 0; matches && parts[i] != NULL; i++)
        {
          if (parts[i][0] == '{' && g_str_has_suffix (parts[i], "}"))
            matches = segments[i][0] != '\0';
          else if (g_str_equal (parts[i], segments[i]))
            literals++;
          else
            matches = FALSE;
        }
      if (matches && literals > best_literals && json_object_has_member (item, lower))
        {
          best = json_object_get_object_member (item, lower);
          best_literals = literals;
          *out_template = l->data;
        }
    }

  return best;
}

char *
ld_test_openapi_check_answer (const char *method,
                              const char *path,
                              guint       status,
                              const char *content_type,
                              const char *text,
                              gsize       length)
{
  g_autofree char *bare = NULL;
  g_autofree char *code = g_strdup_printf ("%u", status);
  g_autofree char *range = g_strdup_printf ("%uXX", status / 100);
  g_autofree char *media = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *template = NULL;
  JsonObject *operation;
  JsonObject *responses;
  JsonObject *response;
  JsonObject *content;
  JsonObject *medium;

  g_return_val_if_fail (method != NULL && path != NULL, NULL);

  /* only the API is described; /healthz and /metrics outside it are not JSON */
  if (!g_str_has_prefix (path, API "/"))
    return NULL;
  bare = g_strndup (path + strlen (API), strcspn (path + strlen (API), "?#"));

  operation = find_operation (method, bare, &template);
  if (operation == NULL)
    return NULL;   /* an unknown route or method: the server's 404 or 405 */

  responses = json_object_get_object_member (operation, "responses");
  if (json_object_has_member (responses, code))
    response = follow (json_object_get_object_member (responses, code));
  else if (json_object_has_member (responses, range))
    response = follow (json_object_get_object_member (responses, range));
  else if (json_object_has_member (responses, "default"))
    response = follow (json_object_get_object_member (responses, "default"));
  else
    return g_strdup_printf ("%s %s (%s) answered %u, a status openapi.json does not declare for it: %.*s",
                            method, path, template, status, (int) MIN (length, 300), text ? text : "");
  if (response == NULL)
    return g_strdup_printf ("openapi.json: the response %u of %s %s does not resolve", status, method, template);

  /* no body (HEAD, 204), or no body described */
  if (text == NULL || length == 0 || g_str_equal (method, "HEAD") ||
      !json_object_has_member (response, "content"))
    return NULL;

  content = json_object_get_object_member (response, "content");
  media = g_strndup (content_type ? content_type : "", strcspn (content_type ? content_type : "", "; "));
  if (!json_object_has_member (content, media))
    return g_strdup_printf ("%s %s answered %u as “%s”, a media type openapi.json does not declare for it",
                            method, path, status, content_type ? content_type : "(none)");
  if (!g_str_equal (media, "application/json"))
    return NULL;   /* text: nothing to check but its type */

  medium = json_object_get_object_member (content, media);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, length, NULL) || json_parser_get_root (parser) == NULL)
    return g_strdup_printf ("%s %s answered %u with what is not JSON: %.*s",
                            method, path, status, (int) MIN (length, 300), text);
  if (!json_object_has_member (medium, "schema"))
    return NULL;

  if (!ld_test_openapi_validate (json_object_get_member (medium, "schema"), json_parser_get_root (parser), &problem))
    return g_strdup_printf ("%s %s answered %u not as openapi.json says (%s %s → %u): %s; the answer: %.*s",
                            method, path, status, method, template, status, problem,
                            (int) MIN (length, 600), text);

  return NULL;
}

/* ld-json.c — typed JSON getters that never trust their input */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ld-error.h"
#include "ld-json.h"

/* NULL when the member is missing or null: both mean "use the default" */
static JsonNode *
lookup (JsonObject *object,
        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

gboolean
ld_json_get_string (JsonObject  *object,
                    const char  *member,
                    const char  *defval,
                    const char **out)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    {
      if (out)
        *out = defval;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  if (out)
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
ld_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      defval,
                 gint64     *out)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    {
      if (out)
        *out = defval;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  if (out)
    *out = json_node_get_int (node);
  return TRUE;
}

gboolean
ld_json_get_bool (JsonObject *object,
                  const char *member,
                  gboolean    defval,
                  gboolean   *out)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    {
      if (out)
        *out = defval;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  if (out)
    *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
ld_json_get_object (JsonObject  *object,
                    const char  *member,
                    JsonObject  *defval,
                    JsonObject **out)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    {
      if (out)
        *out = defval;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  if (out)
    *out = json_node_get_object (node);
  return TRUE;
}

gboolean
ld_json_get_array (JsonObject  *object,
                   const char  *member,
                   JsonArray   *defval,
                   JsonArray  **out)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    {
      if (out)
        *out = defval;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  if (out)
    *out = json_node_get_array (node);
  return TRUE;
}

gboolean
ld_json_get_strv (JsonObject   *object,
                  const char   *member,
                  char       ***out)
{
  JsonArray *array = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  if (!ld_json_get_array (object, member, NULL, &array))
    return FALSE;

  builder = g_strv_builder_new ();
  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            return FALSE;
          g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  if (out)
    *out = g_strv_builder_end (builder);
  return TRUE;
}

/* LD_ERROR_MALFORMED with @msgid in the caller's language (its LdTranslateFunc, or the
 * process's), the %s of @msgid replaced by @line and @column in turn (as text: the server's
 * own .mo reader can't match a msgid with a numeric format macro) */
static void
set_malformed (GError          **error,
               LdTranslateFunc   translate,
               gpointer          user_data,
               const char       *msgid,
               const char       *line,
               const char       *column)
{
  const char *message = translate != NULL ? translate (msgid, user_data) : _(msgid);
  const char *places[] = { line, column };
  g_auto(GStrv) parts = g_strsplit (message, "%s", G_N_ELEMENTS (places) + 1);
  g_autoptr(GString) text = g_string_new (parts[0]);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_string_append (text, i <= G_N_ELEMENTS (places) && places[i - 1] != NULL ? places[i - 1] : "");
      g_string_append (text, parts[i]);
    }
  g_set_error_literal (error, LD_ERROR, LD_ERROR_MALFORMED, text->str);
}

/* JsonParser::error: the scanner's place is known only while the signal runs */
static void
ld_json_parse_error_cb (JsonParser   *parser,
                        const GError *error,
                        gpointer      user_data)
{
  guint *place = user_data;

  g_assert (JSON_IS_PARSER (parser));

  place[0] = json_parser_get_current_line (parser);
  place[1] = json_parser_get_current_pos (parser);
}

/* the line and the column (counted in characters) where @data stops being JSON:
 * json-glib gives the line and the byte on it, or nothing when the text is not UTF-8 */
static void
find_place (const char  *data,
            gsize        length,
            guint        line,
            guint        byte,
            char       **line_text,
            char       **column_text)
{
  const char *start = data;
  const char *end = data + length;
  const char *bad = NULL;
  glong column;

  if (line == 0 && !g_utf8_validate_len (data, length, &bad))
    {
      /* the first byte that is not UTF-8, one past what reads */
      line = 1;
      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++, start = p + 1;
      column = g_utf8_strlen (start, bad - start) + 1;
    }
  else
    {
      for (guint i = 1; i < line; i++)
        {
          const char *newline = memchr (start, '\n', end - start);

          if (newline == NULL)
            break;
          start = newline + 1;
        }
      line = MAX (line, 1);
      column = g_utf8_strlen (start, MIN (byte, (gsize) (end - start)));
    }
  *line_text = g_strdup_printf ("%u", line);
  *column_text = g_strdup_printf ("%ld", column);
}

JsonNode *
ld_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  return ld_json_parse_full (data, length, NULL, NULL, error);
}

JsonNode *
ld_json_parse_full (const char       *data,
                    gssize            length,
                    LdTranslateFunc   translate,
                    gpointer          user_data,
                    GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint place[2] = { 0, 0 };
  JsonNode *root;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    {
      set_malformed (error, translate, user_data, N_("The body is empty; a JSON document was expected"), NULL, NULL);
      return NULL;
    }

  /* json-glib's own message is English (or the process's language): only its place is kept */
  g_signal_connect (parser, "error", G_CALLBACK (ld_json_parse_error_cb), place);
  if (!json_parser_load_from_data (parser, data, length, NULL))
    {
      g_autofree char *line = NULL;
      g_autofree char *column = NULL;

      find_place (data, length, place[0], place[1], &line, &column);
      set_malformed (error, translate, user_data,
                     N_("The body is not valid JSON at line %s, column %s"), line, column);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      set_malformed (error, translate, user_data, N_("The body is empty; a JSON document was expected"), NULL, NULL);
      return NULL;
    }

  return json_node_ref (root);
}

JsonObject *
ld_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  return ld_json_parse_object_full (data, length, NULL, NULL, error);
}

JsonObject *
ld_json_parse_object_full (const char       *data,
                           gssize            length,
                           LdTranslateFunc   translate,
                           gpointer          user_data,
                           GError          **error)
{
  g_autoptr(JsonNode) root = ld_json_parse_full (data, length, translate, user_data, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error, translate, user_data, N_("The JSON document must be an object"), NULL, NULL);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
ld_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

char *
ld_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (object != NULL, NULL);

  json_node_set_object (node, object);
  return ld_json_to_string (node, FALSE);
}

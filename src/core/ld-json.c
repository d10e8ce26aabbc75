/* ld-json.c — typed JSON getters that never trust their input */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ld-error.h"
#include "ld-json.h"

/* the member's node in @node, NULL when it is missing or null (both mean "use the
 * default"); FALSE when it holds something else than @type (for a value, of @value_type) */
static gboolean
lookup (JsonObject    *object,
        const char    *member,
        JsonNodeType   type,
        GType          value_type,
        JsonNode     **node)
{
  *node = object != NULL ? json_object_get_member (object, member) : NULL;
  if (*node == NULL || JSON_NODE_HOLDS_NULL (*node))
    {
      *node = NULL;
      return TRUE;
    }
  return JSON_NODE_TYPE (*node) == type &&
         (type != JSON_NODE_VALUE || json_node_get_value_type (*node) == value_type);
}

gboolean
ld_json_get_string (JsonObject  *object,
                    const char  *member,
                    const char  *defval,
                    const char **out)
{
  JsonNode *node;

  if (!lookup (object, member, JSON_NODE_VALUE, G_TYPE_STRING, &node))
    return FALSE;
  if (out)
    *out = node != NULL ? json_node_get_string (node) : defval;
  return TRUE;
}

gboolean
ld_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      defval,
                 gint64     *out)
{
  JsonNode *node;

  if (!lookup (object, member, JSON_NODE_VALUE, G_TYPE_INT64, &node))
    return FALSE;
  if (out)
    *out = node != NULL ? json_node_get_int (node) : defval;
  return TRUE;
}

gboolean
ld_json_get_bool (JsonObject *object,
                  const char *member,
                  gboolean    defval,
                  gboolean   *out)
{
  JsonNode *node;

  if (!lookup (object, member, JSON_NODE_VALUE, G_TYPE_BOOLEAN, &node))
    return FALSE;
  if (out)
    *out = node != NULL ? json_node_get_boolean (node) : defval;
  return TRUE;
}

gboolean
ld_json_get_object (JsonObject  *object,
                    const char  *member,
                    JsonObject  *defval,
                    JsonObject **out)
{
  JsonNode *node;

  if (!lookup (object, member, JSON_NODE_OBJECT, G_TYPE_INVALID, &node))
    return FALSE;
  if (out)
    *out = node != NULL ? json_node_get_object (node) : defval;
  return TRUE;
}

gboolean
ld_json_get_array (JsonObject  *object,
                   const char  *member,
                   JsonArray   *defval,
                   JsonArray  **out)
{
  JsonNode *node;

  if (!lookup (object, member, JSON_NODE_ARRAY, G_TYPE_INVALID, &node))
    return FALSE;
  if (out)
    *out = node != NULL ? json_node_get_array (node) : defval;
  return TRUE;
}

gboolean
ld_json_node_holds (JsonNode *node,
                    GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
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

          if (!ld_json_node_holds (node, G_TYPE_STRING))
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

/* the closing quote of the double-quoted string that opens at @p, or @end */
static const char *
string_end (const char *p,
            const char *end)
{
  for (p++; p < end && *p != '"'; p++)
    if (*p == '\\' && p + 1 < end)
      p++;
  return p;
}

/* how deeply arrays and objects may nest: the deepest document this project writes (the
 * configuration, a registration draft) nests 5 levels; json-glib 1.6 parses recursively and
 * a body nested ~80,000 levels deep overflows the stack */
#define MAX_DEPTH 64

/* whether @data nests arrays and objects at most @limit levels deep, counted without
 * parsing. It reads the text as json-glib 1.6's scanner does, which also takes comments
 * (from a slash to the next) and single-quoted strings (no escapes in those): a bracket
 * json-glib would parse is never hidden from the count inside what only looks like a
 * string or a comment. */
static gboolean
depth_within (const char *data,
              gsize       length,
              guint       limit)
{
  const char *end = data + length;
  guint depth = 0;

  for (const char *p = data; p < end; p++)
    {
      switch (*p)
        {
        case '[':
        case '{':
          if (++depth > limit)
            return FALSE;
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        case '"':
          p = string_end (p, end);
          break;

        case '\'':
          p = memchr (p + 1, '\'', end - (p + 1));
          break;

        case '/':
          /* json-glib 1.6's scanner takes a comment from a slash to the next one ("/x/";
           * a C comment only by chance): a slash inside a C comment ends it there, and the
           * brackets after that slash are parsed */
          p = memchr (p + 1, '/', end - (p + 1));
          break;

        default:
          break;
        }
      /* an unterminated string or comment: json-glib refuses the rest */
      if (p == NULL || p >= end)
        break;
    }
  return TRUE;
}

/* skips white space and comments as json-glib 1.6 reads them (from a slash to the next
 * one) from @p */
static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end)
    {
      if (g_ascii_isspace (*p))
        p++;
      else if (*p == '/')
        {
          const char *close = memchr (p + 1, '/', end - (p + 1));

          p = close != NULL ? close + 1 : end;
        }
      else
        break;
    }
  return p;
}

/* where the first value of @data ends, read as depth_within() reads it (or @end) */
static const char *
first_value_end (const char *data,
                 const char *end)
{
  const char *p = skip_space (data, end);
  guint depth = 0;

  for (; p < end; p++)
    {
      switch (*p)
        {
        case '[':
        case '{':
          depth++;
          continue;

        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            return p + 1;
          continue;

        case '"':
          p = string_end (p, end);
          break;

        case '\'':
          p = memchr (p + 1, '\'', end - (p + 1));
          if (p == NULL)
            return end;
          break;

        case '/':
          p = skip_space (p, end) - 1;
          continue;

        default:
          /* a number, true, false or null at the top: it ends where a word ends */
          if (depth == 0)
            {
              while (p < end && !g_ascii_isspace (*p) && strchr ("[]{}\"'/,:", *p) == NULL)
                p++;
              return p;
            }
          continue;
        }
      if (p >= end)
        return end;
      if (depth == 0)
        return p + 1;   /* a string at the top */
    }
  return end;
}

/* the last character of what json-glib 1.6 reads at @p as no value: a single-quoted
 * string (NULL when it never ends) or a comment (from a slash to the next one) */
static const char *
skip_aside (const char *p,
            const char *end)
{
  if (*p == '\'')
    return memchr (p + 1, '\'', end - (p + 1));
  return skip_space (p, end) - 1;
}

/* the first escape in a double-quoted string of @data that JSON does not have but
 * json-glib 1.6's scanner takes: an octal "\\207" gives handlers text that is not UTF-8 */
static const char *
find_bad_escape (const char *data,
                 const char *end)
{
  for (const char *p = data; p < end; p++)
    {
      if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\' && p + 1 < end)
              {
                if (strchr ("\"\\/bfnrtu", p[1]) == NULL || p[1] == '\0')
                  return p;
                p++;
              }
        }
      else if ((*p == '\'' || *p == '/') && (p = skip_aside (p, end)) == NULL)
        break;
    }
  return NULL;
}

/* the first whole number of @data (outside strings and comments) that int64 cannot hold:
 * json-glib 1.6 wraps it silently (12345678901234567890 is read as -6101065172474983726,
 * 2^64 + 5 as 5), so an id or an amount would change on the way in */
static const char *
find_huge_integer (const char *data,
                   const char *end)
{
  for (const char *p = data; p < end; p++)
    {
      if (*p == '"')
        p = string_end (p, end);
      else if ((*p == '\'' || *p == '/') && (p = skip_aside (p, end)) == NULL)
        break;
      else if (g_ascii_isdigit (*p) || (*p == '-' && p + 1 < end && g_ascii_isdigit (p[1])))
        {
          const char *start = p;
          const char *digits = *p == '-' ? p + 1 : p;
          const char *q = digits;
          gsize n;

          while (q < end && *q == '0')
            q++;
          digits = q;
          while (q < end && g_ascii_isdigit (*q))
            q++;
          n = q - digits;
          /* a fraction or an exponent makes it a double, which json-glib reads as one */
          if (q < end && (*q == '.' || *q == 'e' || *q == 'E'))
            {
              while (q < end && (g_ascii_isalnum (*q) || *q == '.' || *q == '+' || *q == '-'))
                q++;
            }
          else if (n > 19 ||
                   (n == 19 && memcmp (digits, *start == '-' ? "9223372036854775808"
                                                             : "9223372036854775807", 19) > 0))
            return start;
          p = q - 1;
        }
      else if (g_ascii_isalpha (*p))
        {
          /* a word (true, null, …): its digits are not a number */
          while (p + 1 < end && g_ascii_isalnum (p[1]))
            p++;
        }
    }
  return NULL;
}

/* refuses @data at @bad: "not valid JSON at line, column" */
static void
set_malformed_at (const char       *data,
                  gsize             length,
                  const char       *bad,
                  const char       *message,
                  LdTranslateFunc   translate,
                  gpointer          user_data,
                  GError          **error)
{
  g_autofree char *line = NULL;
  g_autofree char *column = NULL;
  const char *line_start = data;
  guint n_line = 1;

  for (const char *p = data; p < bad; p++)
    if (*p == '\n')
      n_line++, line_start = p + 1;
  find_place (data, length, n_line, bad - line_start + 1, &line, &column);
  set_malformed (error, translate, user_data, message, line, column);
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
  const char *trailing;
  JsonNode *root;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    {
      set_malformed (error, translate, user_data, N_("The body is empty; a JSON document was expected"), NULL, NULL);
      return NULL;
    }

  if (!depth_within (data, length, MAX_DEPTH))
    {
      g_autofree char *limit = g_strdup_printf ("%d", MAX_DEPTH);

      set_malformed (error, translate, user_data,
                     N_("The body nests arrays and objects more than %s levels deep"), limit, NULL);
      return NULL;
    }

  /* json-glib 1.6 reads a second value after the first (`{}[…]`), keeps the first and leaks
   * the rest: a 660 KB body cost the server 6.6 MB for good. Nothing may follow the value,
   * and a string's escapes must be JSON's. */
  trailing = skip_space (first_value_end (data, data + length), data + length);
  if (trailing == data + length)
    trailing = find_bad_escape (data, data + length);
  if (trailing != NULL && trailing < data + length)
    {
      set_malformed_at (data, length, trailing, N_("The body is not valid JSON at line %s, column %s"),
                        translate, user_data, error);
      return NULL;
    }
  trailing = find_huge_integer (data, data + length);
  if (trailing != NULL)
    {
      set_malformed_at (data, length, trailing,
                        N_("The whole number at line %s, column %s is too large (at most 19 digits, up to 9223372036854775807)"),
                        translate, user_data, error);
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

/* @text as rewritten: what @out (nullable: nothing rewritten) holds, then @text from
 * @run on; takes @text and @out */
static char *
rewritten (char       *text,
           GString    *out,
           const char *run)
{
  if (out == NULL)
    return text;
  g_string_append (out, run);
  g_free (text);
  return g_string_free (out, FALSE);
}

/* json-glib 1.6's generator escapes the control characters below U+001F but writes U+001F
 * itself raw, which strict parsers (Python's, Node's) refuse: every control character left
 * inside a string of @text becomes \u00XX; nothing else changes. Takes @text. */
static char *
escape_controls (char *text)
{
  static const char hex[] = "0123456789abcdef";
  g_autoptr(GString) out = NULL;
  gboolean in_string = FALSE;
  const char *run = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (!in_string)
        in_string = c == '"';
      else if (c == '\\' && p[1] != '\0')
        p++;
      else if (c == '"')
        in_string = FALSE;
      else if (c < 0x20)
        {
          const char escaped[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

          if (out == NULL)
            out = g_string_sized_new (strlen (text) + sizeof escaped);
          g_string_append_len (out, run, p - run);
          g_string_append_len (out, escaped, sizeof escaped);
          run = p + 1;
        }
    }

  return rewritten (text, g_steal_pointer (&out), run);
}

/* json-glib 1.6's generator appends ".0" to every double without a '.': 1e-27 becomes
 * 1e-27.0 and infinity inf.0, neither of them JSON: a number with an exponent loses that
 * ".0", what is no number (the infinity json-glib reads from 1e999) becomes null. Takes
 * @text. */
static char *
fix_numbers (char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean in_string = FALSE;
  const char *run = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *start = p;
      const char *replacement = NULL;
      gsize length;

      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (*p != '-' && !g_ascii_isdigit (*p) && *p != 'i' && *p != 'n')
        continue;

      while (g_ascii_isalnum (p[1]) || p[1] == '.' || p[1] == '+' || p[1] == '-')
        p++;
      length = p - start + 1;
      if (g_strstr_len (start, length, "inf") != NULL || g_strstr_len (start, length, "nan") != NULL)
        replacement = "null";
      else if (length > 2 && memchr (start, 'e', length) != NULL && g_str_has_prefix (p - 1, ".0"))
        length -= 2;
      else
        continue;

      if (out == NULL)
        out = g_string_sized_new (strlen (text));
      g_string_append_len (out, run, start - run);
      if (replacement != NULL)
        g_string_append (out, replacement);
      else
        g_string_append_len (out, start, length);
      run = p + 1;
    }

  return rewritten (text, g_steal_pointer (&out), run);
}

char *
ld_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  text = fix_numbers (escape_controls (json_generator_to_data (generator, NULL)));

  /* a string that is not UTF-8 (a path segment, a header echoed) would make the whole
   * text unreadable as JSON: its bad bytes become U+FFFD */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  return text;
}

char *
ld_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (object != NULL, NULL);

  json_node_set_object (node, object);
  return ld_json_to_string (node, FALSE);
}

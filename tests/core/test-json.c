/* test-json.c — ld-json.c against hostile text: nesting that would overflow json-glib's
 * recursive parser, and strings whose control characters must come out escaped */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-core.h"
#include "ld-test-json.h"

#define ATTACK_DEPTH 100000

/* @prefix, @depth times @open, @middle, @depth times @close, @suffix */
static char *
nested (const char *prefix,
        const char *open,
        const char *middle,
        const char *close,
        const char *suffix,
        guint       depth)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, middle);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

static void
assert_too_deep (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_json_parse (text, -1, &error);

  g_assert_null (node);
  g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
  /* the message names the limit, not a line and a column */
  g_assert_nonnull (strstr (error->message, "64"));
}

/* the attack of issue 11: without the scan json-glib 1.6 overflows the stack (SIGSEGV) */
static void
test_depth_attack (void)
{
  g_autofree char *arrays = nested ("", "[", "", "]", "", ATTACK_DEPTH);
  g_autofree char *objects = nested ("", "{\"a\":", "1", "}", "", ATTACK_DEPTH);
  g_autofree char *unclosed = nested ("", "[", "", "", "", ATTACK_DEPTH);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  assert_too_deep (arrays);
  assert_too_deep (objects);
  assert_too_deep (unclosed);

  /* the object parser and the translated variants go through the same check */
  object = ld_json_parse_object (objects, -1, &error);
  g_assert_null (object);
  g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
}

/* json-glib 1.6 takes C comments and single-quoted strings: a quote inside either must not
 * hide the brackets after it from the count */
static void
test_depth_not_hidden (void)
{
  const char *prefixes[] = {
    "/* \" */ ",                /* a double quote in a comment */
    "['\"', ",                  /* a double quote in a single-quoted string */
    "['\\', ",                  /* no escapes in a single-quoted string */
    "[\"\\\\\", ",              /* an escaped backslash ends nothing */
    "[\"a\\\"b\", ",            /* an escaped quote does not end the string */
    "/* ' */ ",                 /* a single quote in a comment */
    "[\"/*\", ",                /* a comment's start inside a string */
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *text = nested (prefixes[i], "[", "", "]", strchr (prefixes[i], '[') ? "]" : "", ATTACK_DEPTH);

      g_test_message ("prefix %s", prefixes[i]);
      assert_too_deep (text);
    }
}

static void
test_depth_limit (void)
{
  g_autofree char *at_limit = nested ("", "[", "1", "]", "", 64);
  g_autofree char *over = nested ("", "[", "1", "]", "", 65);
  g_autofree char *objects = nested ("", "{\"k\":", "1", "}", "", 64);
  /* brackets inside strings are text, not nesting */
  g_autofree char *in_string = nested ("[\"", "[{", "", "}]", "\"]", 1000);
  g_autofree char *in_comment = nested ("/* ", "[", "", "", " */ [1]", 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) wide = g_string_new ("[");

  node = ld_json_parse (at_limit, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  assert_too_deep (over);

  node = ld_json_parse (objects, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  node = ld_json_parse (in_string, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_array_get_string_element (json_node_get_array (node), 0)), ==, 4000);
  g_clear_pointer (&node, json_node_unref);

  node = ld_json_parse (in_comment, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  /* many arrays one after another are wide, not deep */
  for (guint i = 0; i < 10000; i++)
    g_string_append (wide, i == 0 ? "[[1]]" : ",[[1]]");
  g_string_append (wide, "]");
  node = ld_json_parse (wide->str, wide->len, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  /* a broken document still says where it breaks */
  node = ld_json_parse ("{\"a\": [1, }", -1, &error);
  g_assert_null (node);
  g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "line 1"));
}

/* valid UTF-8 without a raw byte below 0x20 inside a string (what strict parsers refuse) */
static void
assert_strict (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  ld_test_assert_no_raw_controls (text);
}

/* {"v":["x\001y", …, "x\037y"], "o":{"k\001":1, …}} */
static JsonNode *
controls_document (void)
{
  JsonObject *root = json_object_new ();
  JsonArray *values = json_array_new ();
  JsonObject *names = json_object_new ();

  for (guint c = 1; c < 0x20; c++)
    {
      g_autofree char *value = g_strdup_printf ("x%cy", c);
      g_autofree char *name = g_strdup_printf ("k%c", c);

      json_array_add_string_element (values, value);
      json_object_set_int_member (names, name, c);
    }
  json_object_set_array_member (root, "v", values);
  json_object_set_object_member (root, "o", names);
  json_object_set_string_member (root, "quotes", "\"\\/\x7f");
  return json_node_init_object (json_node_alloc (), root);
}

/* json-glib 1.6 wraps a whole number past int64 silently (found by fuzz-json): each is
 * refused, naming its place, and the largest and smallest int64 still read as themselves */
static void
test_huge_integers (void)
{
  const char *refused[] = {
    "{\"id\": 12345678901234567890}",        /* read as -6101065172474983726 */
    "{\"id\": 18446744073709551621}",        /* 2^64 + 5, read as 5 */
    "[99999999999999999999999999]",           /* read as -1 */
    "[9223372036854775808]",                  /* G_MAXINT64 + 1 */
    "[-9223372036854775809]",                 /* G_MININT64 - 1 */
    "{\"a\": [1, 2, {\"b\": 00000000000000000000009223372036854775808}]}",
  };
  const char *kept[] = {
    "{\"id\": \"12345678901234567890\", \"n\": 9223372036854775807}",
    "[-9223372036854775808, 1e30, 12345678901234567890.5, 1E+400, true, null]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ld_json_parse (refused[i], -1, &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (node);
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "line 1"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ld_json_parse (kept[i], -1, &error);

      g_test_message ("%s", kept[i]);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) object = ld_json_parse_object (kept[0], -1, &error);
    gint64 value = 0;

    g_assert_no_error (error);
    g_assert_true (ld_json_get_int (object, "n", 0, &value));
    g_assert_cmpint (value, ==, G_MAXINT64);
  }
}

static void
test_escape_controls (void)
{
  g_autoptr(JsonNode) document = controls_document ();

  for (guint pretty = 0; pretty < 2; pretty++)
    {
      g_autofree char *text = ld_json_to_string (document, pretty);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) back = NULL;

      assert_strict (text);
      g_assert_nonnull (strstr (text, "\"x\\u001fy\""));
      g_assert_nonnull (strstr (text, "\"k\\u001f\""));
      g_assert_nonnull (strstr (text, "\"x\\ny\""));

      back = ld_json_parse (text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (back, document));
    }
}

/* Debian's strict parser reads the text and finds every string as it was */
static void
test_escape_python (void)
{
  const char *check =
    "import json, sys\n"
    "d = json.loads(sys.stdin.read())\n"
    "assert d['v'] == ['x%cy' % i for i in range(1, 32)], d['v']\n"
    "assert d['o'] == {'k%c' % i: i for i in range(1, 32)}, d['o']\n"
    "assert d['quotes'] == '\"\\\\/\\x7f', d['quotes']\n"
    "print('ok', end='')\n";
  g_autoptr(JsonNode) document = controls_document ();
  g_autofree char *text = ld_json_to_string (document, FALSE);

  if (!ld_test_python_check (text, check))
    g_test_skip ("no /usr/bin/python3");
}

/* where nothing needs escaping the text is json-glib's, byte for byte */
static void
test_escape_unchanged (void)
{
  const char *input = "{\"a\":[1,2.5,true,null,\"x\\ty\"],\"b\":{\"c\":\"\\u00e9\\\"\"},\"d\":\"тест\"}";
  g_autoptr(JsonNode) node = ld_json_parse (input, -1, NULL);

  g_assert_nonnull (node);
  for (guint pretty = 0; pretty < 2; pretty++)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *expected = NULL;
      g_autofree char *text = ld_json_to_string (node, pretty);

      json_generator_set_root (generator, node);
      json_generator_set_pretty (generator, pretty);
      expected = json_generator_to_data (generator, NULL);
      g_assert_cmpstr (text, ==, expected);
    }
}

/* a string that is not UTF-8 still makes valid JSON text */
static void
test_escape_not_utf8 (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "name", "a\xff\x1f" "b\xc3");
  text = ld_json_object_to_string (object);
  assert_strict (text);
  g_assert_cmpstr (text, ==, "{\"name\":\"a\xef\xbf\xbd\\u001fb\xef\xbf\xbd\"}");
}

/* a value of one type and nothing else: not null, not a container, not a missing member */
static void
test_node_holds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = ld_json_parse_object ("{\"text\": \"7\", \"count\": 7, \"share\": 0.5,"
                                                       " \"on\": true, \"none\": null, \"list\": [7], \"map\": {}}",
                                                       -1, &error);

  g_assert_no_error (error);
  g_assert_true (ld_json_node_holds (json_object_get_member (object, "text"), G_TYPE_STRING));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "text"), G_TYPE_INT64));
  g_assert_true (ld_json_node_holds (json_object_get_member (object, "count"), G_TYPE_INT64));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "count"), G_TYPE_STRING));
  g_assert_true (ld_json_node_holds (json_object_get_member (object, "share"), G_TYPE_DOUBLE));
  g_assert_true (ld_json_node_holds (json_object_get_member (object, "on"), G_TYPE_BOOLEAN));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "none"), G_TYPE_STRING));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "list"), G_TYPE_INT64));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "map"), G_TYPE_STRING));
  g_assert_false (ld_json_node_holds (json_object_get_member (object, "missing"), G_TYPE_STRING));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/node-holds-a-value-of-one-type", test_node_holds);
  g_test_add_func ("/core/json/depth/attack", test_depth_attack);
  g_test_add_func ("/core/json/depth/not-hidden", test_depth_not_hidden);
  g_test_add_func ("/core/json/depth/limit", test_depth_limit);
  g_test_add_func ("/core/json/numbers/huge-integers-refused", test_huge_integers);
  g_test_add_func ("/core/json/escape/controls", test_escape_controls);
  g_test_add_func ("/core/json/escape/python", test_escape_python);
  g_test_add_func ("/core/json/escape/unchanged", test_escape_unchanged);
  g_test_add_func ("/core/json/escape/not-utf8", test_escape_not_utf8);

  return g_test_run ();
}

/* test-json-writer.c — the hot answers' JSON writer (ld-json-writer.c) on its own
 *
 * Every string is checked three ways: against ld_json_to_string() (json-glib's generator
 * with its U+001F fixed), against json-glib's generator itself, and against strict
 * parsers: no raw control character inside a string (what RFC 8259 forbids), json-glib
 * reading the value back, and Python's json module reading a whole document.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-json.h"
#include "ld-json-writer.h"
#include "ld-test-json.h"

static char *
written (const char *value)
{
  GString *out = g_string_new (NULL);

  ld_json_write_string (out, value);
  return g_string_free (out, FALSE);
}

static char *
generated (const char *value)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
core_text (const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  return ld_json_to_string (node, FALSE);
}

/* no raw byte below 0x20 inside a string of @text (what strict parsers refuse); the
 * writer copies invalid UTF-8 through, so that is not checked here */
static void
assert_strict (const char *text)
{
  ld_test_assert_no_raw_controls (text);
}

/* json-glib reads @text back as the string @value */
static void
assert_reads_back (const char *text,
                   const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpstr (json_node_get_string (node), ==, value);
}

static void
test_json_writer_control_characters (void)
{
  /* U+0000 cannot reach the writer: a C string (and SQLite's text through its C API)
   * ends there */
  {
    g_autofree char *text = written ("x\0y");

    g_assert_cmpstr (text, ==, "\"x\"");
  }

  for (guint c = 0x01; c < 0x20; c++)
    {
      g_autofree char *value = g_strdup_printf ("x%cy", c);
      g_autofree char *text = written (value);
      g_autofree char *core = core_text (value);
      g_autofree char *glib = generated (value);
      g_autofree char *expected = NULL;

      switch (c)
        {
        case '\b': expected = g_strdup ("\"x\\by\""); break;
        case '\f': expected = g_strdup ("\"x\\fy\""); break;
        case '\n': expected = g_strdup ("\"x\\ny\""); break;
        case '\r': expected = g_strdup ("\"x\\ry\""); break;
        case '\t': expected = g_strdup ("\"x\\ty\""); break;
        default: expected = g_strdup_printf ("\"x\\u%04xy\"", c); break;
        }
      g_test_message ("U+%04X: %s", c, text);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpstr (text, ==, core);
      assert_strict (text);
      assert_reads_back (text, value);

      /* json-glib 1.6 writes U+001F itself raw, which strict parsers refuse (the reason
       * ld_json_to_string() fixes its text); everything else is as the generator writes it */
      if (c == 0x1f && g_strcmp0 (glib, text) != 0)
        g_assert_cmpstr (glib, ==, "\"x\x1fy\"");
      else
        g_assert_cmpstr (text, ==, glib);
    }
}

static void
test_json_writer_quotes_and_backslashes (void)
{
  static const struct {
    const char *value;
    const char *json;
  } cases[] = {
    { "", "\"\"" },
    { "\"", "\"\\\"\"" },
    { "\\", "\"\\\\\"" },
    { "a\"b\\c", "\"a\\\"b\\\\c\"" },
    { "\\\"", "\"\\\\\\\"\"" },
    { "\"\"\"", "\"\\\"\\\"\\\"\"" },
    { "/", "\"/\"" },                       /* a slash needs no escape */
    { "\\u0041", "\"\\\\u0041\"" },         /* an escape's text stays text */
    { "x\x7fy", "\"x\\u007fy\"" },          /* DEL, as json-glib writes it */
    { "plain text 123", "\"plain text 123\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = written (cases[i].value);
      g_autofree char *core = core_text (cases[i].value);
      g_autofree char *glib = generated (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].json);
      g_assert_cmpstr (text, ==, core);
      g_assert_cmpstr (text, ==, glib);
      assert_strict (text);
      assert_reads_back (text, cases[i].value);
    }
}

static void
test_json_writer_non_ascii (void)
{
  static const char * const values[] = {
    "Иванов Пётр Семёнович",
    "ёЁ — «кавычки» №5",
    "Ω≈ç√∫ 日本語 🙂",                   /* 2-, 3- and 4-byte UTF-8 */
    "\xc2\x80\xc2\x9f",                    /* U+0080, U+009F: C1 controls, written as they are */
    "\xe2\x80\xa8\xe2\x80\xa9",            /* U+2028, U+2029: valid JSON unescaped */
    "Фамилия\n\"Имя\"\t\\",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = written (values[i]);
      g_autofree char *core = core_text (values[i]);
      g_autofree char *glib = generated (values[i]);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpstr (text, ==, core);
      g_assert_cmpstr (text, ==, glib);
      assert_strict (text);
      assert_reads_back (text, values[i]);
    }

  /* the bytes of a letter are copied, never escaped */
  {
    g_autofree char *text = written ("Жж");

    g_assert_cmpstr (text, ==, "\"\xd0\x96\xd0\xb6\"");
  }
}

/* The writer trusts its input to be UTF-8 (the database's text, which came from parsed
 * JSON) and copies bytes that are not as they are; only the bytes below 0x20 (and DEL,
 * the quote and the backslash) are escaped in them too. ld_json_to_string() instead makes
 * such text valid with U+FFFD. */
static void
test_json_writer_invalid_utf8 (void)
{
  const char *value = "a\xff\x1f" "b\xc3";
  g_autofree char *text = written (value);
  g_autofree char *core = core_text (value);

  g_assert_cmpstr (text, ==, "\"a\xff\\u001fb\xc3\"");
  assert_strict (text);
  g_assert_false (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (core, ==, "\"a\xef\xbf\xbd\\u001fb\xef\xbf\xbd\"");

  /* a byte that only looks like the start of a quote's escape stays one byte */
  {
    g_autofree char *other = written ("\xc0\"\xe0\\");

    g_assert_cmpstr (other, ==, "\"\xc0\\\"\xe0\\\\\"");
  }
}

static void
test_json_writer_numbers (void)
{
  static const gint64 values[] = {
    0, 1, -1, 9, 10, -10, 42, -42, 99999, 100000, 1234567890,
    G_MAXINT32, G_MININT32, (gint64) G_MAXINT32 + 1,
    G_GINT64_CONSTANT (9007199254740993),   /* past a double's exact integers */
    G_MAXINT64, G_MAXINT64 - 1, G_MININT64 + 1, G_MININT64,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), values[i]);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *printed = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);
      g_autofree char *glib = NULL;
      g_autofree char *core = ld_json_to_string (node, FALSE);
      g_autoptr(JsonNode) back = NULL;

      json_generator_set_root (generator, node);
      glib = json_generator_to_data (generator, NULL);

      ld_json_write_int (out, values[i]);
      g_assert_cmpstr (out->str, ==, printed);
      g_assert_cmpstr (out->str, ==, glib);
      g_assert_cmpstr (out->str, ==, core);

      back = ld_json_parse (out->str, -1, NULL);
      g_assert_nonnull (back);
      g_assert_cmpint (json_node_get_int (back), ==, values[i]);
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);

    ld_json_write_int (out, G_MAXINT64);
    g_assert_cmpstr (out->str, ==, "9223372036854775807");
    g_string_truncate (out, 0);
    ld_json_write_int (out, G_MININT64);
    g_assert_cmpstr (out->str, ==, "-9223372036854775808");
  }
}

static void
test_json_writer_text_bool_and_appending (void)
{
  g_autoptr(GString) out = g_string_new ("[");

  ld_json_write_text (out, NULL, FALSE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_text (out, "", FALSE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_text (out, "", TRUE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_text (out, "Ян", TRUE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_bool (out, TRUE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_bool (out, FALSE);
  LD_JSON_WRITE_LITERAL (out, ",");
  ld_json_write_int (out, -7);
  g_string_append_c (out, ']');

  g_assert_cmpstr (out->str, ==, "[null,\"\",null,\"Ян\",true,false,-7]");
}

/* {"controls":["x\001y", …, "x\037y"], "quotes":…, "name":…, "numbers":[…]} written by
 * the writer alone */
static char *
writer_document (void)
{
  GString *out = g_string_new (NULL);

  LD_JSON_WRITE_LITERAL (out, "{\"controls\":[");
  for (guint c = 1; c < 0x20; c++)
    {
      g_autofree char *value = g_strdup_printf ("x%cy", c);

      if (c > 1)
        g_string_append_c (out, ',');
      ld_json_write_string (out, value);
    }
  LD_JSON_WRITE_LITERAL (out, "],\"quotes\":");
  ld_json_write_string (out, "\"\\/\x7f");
  LD_JSON_WRITE_LITERAL (out, ",\"name\":");
  ld_json_write_string (out, "Пётр «Ё» 🙂");
  LD_JSON_WRITE_LITERAL (out, ",\"numbers\":[");
  ld_json_write_int (out, G_MAXINT64);
  g_string_append_c (out, ',');
  ld_json_write_int (out, G_MININT64);
  g_string_append_c (out, ',');
  ld_json_write_int (out, -1);
  LD_JSON_WRITE_LITERAL (out, "],\"none\":");
  ld_json_write_text (out, NULL, FALSE);
  LD_JSON_WRITE_LITERAL (out, ",\"yes\":");
  ld_json_write_bool (out, TRUE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Debian's strict parser reads the writer's text and finds every value as it was */
static void
test_json_writer_python_reads_it (void)
{
  const char *check =
    "import json, sys\n"
    "d = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
    "assert d['controls'] == ['x%cy' % i for i in range(1, 32)], d['controls']\n"
    "assert d['quotes'] == '\"\\\\/\\x7f', d['quotes']\n"
    "assert d['name'] == 'Пётр «Ё» \\U0001F642', d['name']\n"
    "assert d['numbers'] == [2**63 - 1, -2**63, -1], d['numbers']\n"
    "assert d['none'] is None and d['yes'] is True\n"
    "print('ok', end='')\n";
  g_autofree char *text = writer_document ();

  assert_strict (text);
  if (!ld_test_python_check (text, check))
    g_test_skip ("no /usr/bin/python3");
}

/* json-glib reads the same document back, and its generator, through ld_json_to_string(),
 * writes it as the writer did */
static void
test_json_writer_document_round_trip (void)
{
  g_autofree char *text = writer_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_json_parse (text, -1, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  again = ld_json_to_string (node, FALSE);
  g_assert_cmpstr (again, ==, text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/storage/json-writer/control-characters", test_json_writer_control_characters);
  g_test_add_func ("/storage/json-writer/quotes-and-backslashes", test_json_writer_quotes_and_backslashes);
  g_test_add_func ("/storage/json-writer/non-ascii", test_json_writer_non_ascii);
  g_test_add_func ("/storage/json-writer/invalid-utf8", test_json_writer_invalid_utf8);
  g_test_add_func ("/storage/json-writer/numbers", test_json_writer_numbers);
  g_test_add_func ("/storage/json-writer/text-bool-and-appending", test_json_writer_text_bool_and_appending);
  g_test_add_func ("/storage/json-writer/python-reads-it", test_json_writer_python_reads_it);
  g_test_add_func ("/storage/json-writer/document-round-trip", test_json_writer_document_round_trip);

  return g_test_run ();
}

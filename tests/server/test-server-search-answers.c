/* test-server-search-answers.c — GET /members?answers.<key>= and the dates agents type
 *
 * Raw HTTP against the real server with demo data (40 members, each with a city, a gender,
 * a number of children and whether they have a car in the application form). What each
 * search must find is computed from the profiles (GET /members/{id}) first, so the tests
 * hold whatever the seed is. Before this change every answers.<key> was 400 (an unknown
 * parameter) and q=24.02.1971 searched names: each test below fails on that code.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 40

static LdTestServer *server;
static char *agent;
static JsonNode *profiles[N_MEMBERS + 1];

static JsonNode *
profile (gint64 id)
{
  g_assert_true (id >= 1 && id <= N_MEMBERS);
  return profiles[id];
}

/* the answer @key of member @id as the search compares it: a string, a number's digits,
 * true or false; NULL when the member has none */
static char *
answer_text (gint64      id,
             const char *key)
{
  g_autofree char *path = g_strconcat ("answers.", key, NULL);
  JsonNode *node = ld_test_json_path (profile (id), path);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* the ids every page of GET /members?@query finds, as "1,5,9", following next_cursor */
static char *
search_ids (const char *query)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  gint64 total = -1;
  guint n = 0;

  do
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, TRUE) : NULL;
      g_autofree char *path = g_strdup_printf (API "/members?%s&limit=7%s%s", query,
                                               escaped ? "&cursor=" : "", escaped ? escaped : "");
      g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
      JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
      JsonNode *next = ld_test_json_path (page, "next_cursor");

      if (total < 0)
        total = ld_test_json_int (page, "total");
      for (guint i = 0; i < json_array_get_length (items); i++, n++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "",
                                json_object_get_int_member (json_array_get_object_element (items, i), "id"));
      g_clear_pointer (&cursor, g_free);
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  g_assert_cmpint (total, ==, n);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static gboolean
ids_contain (const char *ids,
             gint64      id)
{
  g_auto(GStrv) parts = g_strsplit (ids, ",", -1);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return g_strv_contains ((const char * const *) parts, text);
}

typedef gboolean (*MemberFilter) (gint64 id, gpointer data);

/* the ids of the members @filter keeps, as search_ids() writes them */
static char *
expected_ids (MemberFilter filter,
              gpointer     data)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (gint64 id = 1; id <= N_MEMBERS; id++)
    if (filter (id, data))
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "", id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

typedef struct
{
  const char *key[2];
  const char *value[2];
} AnswerMatch;

static gboolean
answers_match (gint64   id,
               gpointer data)
{
  AnswerMatch *match = data;

  for (guint i = 0; i < G_N_ELEMENTS (match->key) && match->key[i] != NULL; i++)
    {
      g_autofree char *value = answer_text (id, match->key[i]);

      if (g_strcmp0 (value, match->value[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_one_answer (void)
{
  g_autofree char *city = answer_text (1, "city");
  g_autofree char *escaped = g_uri_escape_string (city, NULL, TRUE);
  g_autofree char *query = g_strconcat ("answers.city=", escaped, NULL);
  g_autofree char *deep = g_strconcat ("answers%5Bcity%5D=", escaped, NULL);
  AnswerMatch match = { { "city" }, { city } };
  g_autofree char *expected = expected_ids (answers_match, &match);
  g_autofree char *found = search_ids (query);
  g_autofree char *found_deep = search_ids (deep);

  g_assert_nonnull (city);
  g_assert_nonnull (strstr (expected, ","));   /* a city of several members: paged */
  g_assert_cmpstr (found, ==, expected);
  /* OpenAPI's deepObject form of the same */
  g_assert_cmpstr (found_deep, ==, expected);
}

static void
test_typed_answers (void)
{
  static const struct {
    const char *key;
    const char *value;       /* as stored */
    const char *typed[3];    /* as the agent may send it */
  } cases[] = {
    { "children", "2", { "2", " 2 ", NULL } },
    { "has_car", "true", { "true", "yes", "1" } },
    { "has_car", "false", { "false", "NO", "0" } },
    { "gender", "female", { "female", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      AnswerMatch match = { { cases[c].key }, { cases[c].value } };
      g_autofree char *expected = expected_ids (answers_match, &match);

      g_assert_cmpstr (expected, !=, "");
      for (guint t = 0; t < G_N_ELEMENTS (cases[c].typed) && cases[c].typed[t] != NULL; t++)
        {
          g_autofree char *escaped = g_uri_escape_string (cases[c].typed[t], NULL, TRUE);
          g_autofree char *query = g_strdup_printf ("answers.%s=%s", cases[c].key, escaped);
          g_autofree char *found = search_ids (query);

          g_test_message ("%s", query);
          g_assert_cmpstr (found, ==, expected);
        }
    }
}

/* several answers combine with AND, and with the other parameters */
static void
test_answers_combine (void)
{
  AnswerMatch match = { { "gender", "has_car" }, { "male", "true" } };
  g_autofree char *expected = expected_ids (answers_match, &match);
  g_autofree char *found = search_ids ("answers.gender=male&answers.has_car=true");
  g_autofree char *gender = answer_text (2, "gender");
  g_autofree char *name = g_uri_escape_string (ld_test_json_string (profile (2), "last_name"), NULL, TRUE);
  g_autofree char *phone = g_uri_escape_string (ld_test_json_string (profile (2), "phone"), NULL, TRUE);
  const char *other = g_str_equal (gender, "male") ? "female" : "male";
  g_autofree char *query = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *by_phone = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpstr (found, ==, expected);

  /* with a name and with a phone: member 2 is found by its own gender, not by the other */
  query = g_strdup_printf ("name=%s&answers.gender=%s", name, gender);
  by_name = search_ids (query);
  g_assert_true (ids_contain (by_name, 2));
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("phone=%s&answers.gender=%s", phone, gender);
  by_phone = search_ids (query);
  g_assert_cmpstr (by_phone, ==, "2");
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("phone=%s&answers.gender=%s", phone, other);
  none = search_ids (query);
  g_assert_cmpstr (none, ==, "");
}

/* the answers with columns of their own: names in any case, the birth date as typed */
static void
test_column_answers (void)
{
  const char *last_name = ld_test_json_string (profile (3), "last_name");
  const char *birth_date = ld_test_json_string (profile (3), "birth_date");
  g_autofree char *upper = g_utf8_strup (last_name, -1);
  g_autofree char *escaped = g_uri_escape_string (upper, NULL, TRUE);
  g_autofree char *typed_date = g_strdup_printf ("%.2s.%.2s.%.4s", birth_date + 8, birth_date + 5, birth_date);
  g_autofree char *query = g_strdup_printf ("answers.last_name=%s&answers.birth_date=%s", escaped, typed_date);
  g_autofree char *found = search_ids (query);
  g_autofree char *prefix = g_strdup_printf ("answers.last_name=%.4s", escaped);
  g_autofree char *by_prefix = NULL;

  g_assert_true (ids_contain (found, 3));
  for (gint64 id = 1; id <= N_MEMBERS; id++)
    if (ids_contain (found, id))
      {
        g_autofree char *upper_other = g_utf8_strup (ld_test_json_string (profile (id), "last_name"), -1);

        g_assert_cmpstr (ld_test_json_string (profile (id), "birth_date"), ==, birth_date);
        g_assert_cmpstr (upper_other, ==, upper);
      }

  /* a column with no index of its own (middle name) with a stored answer (city): the
   * answer leads, the column filters */
  {
    g_autofree char *middle = g_uri_escape_string (ld_test_json_string (profile (3), "middle_name"), NULL, TRUE);
    g_autofree char *city = answer_text (3, "city");
    g_autofree char *city_escaped = g_uri_escape_string (city, NULL, TRUE);
    g_autofree char *both = g_strdup_printf ("answers.middle_name=%s&answers.city=%s", middle, city_escaped);
    g_autofree char *found_both = search_ids (both);

    g_assert_true (ids_contain (found_both, 3));
    for (gint64 id = 1; id <= N_MEMBERS; id++)
      if (ids_contain (found_both, id))
        {
          g_autofree char *other_city = answer_text (id, "city");

          g_assert_cmpstr (ld_test_json_string (profile (id), "middle_name"), ==,
                           ld_test_json_string (profile (3), "middle_name"));
          g_assert_cmpstr (other_city, ==, city);
        }
  }

  /* exact: a part of the name is not the answer */
  by_prefix = search_ids (prefix);
  g_assert_cmpstr (by_prefix, ==, "");
}

static void
test_answers_refused (void)
{
  static const struct {
    const char *query;
    guint status;
    const char *code;
    const char *field;
  } cases[] = {
    { "answers.shoe_size=42", 422, "invalid_field", "answers.shoe_size" },
    { "answers%5Bshoe_size%5D=42", 422, "invalid_field", "answers[shoe_size]" },
    { "answers.children=two", 422, "invalid_field", "answers.children" },
    { "answers.children=2.5", 422, "invalid_field", "answers.children" },
    { "answers.has_car=maybe", 422, "invalid_field", "answers.has_car" },
    { "answers.gender=other", 422, "invalid_field", "answers.gender" },
    { "answers.city=", 422, "invalid_field", "answers.city" },
    { "answers.birth_date=24.02.71", 422, "invalid_field", "answers.birth_date" },
    { "answers.=1", 400, "malformed", "answers." },
    { "answers%5B%5D=1", 400, "malformed", "answers[]" },
    { "answers=1", 400, "malformed", "answers" },
    { "answersx=1", 400, "malformed", "answersx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf (API "/members?%s", cases[i].query);

      g_test_message ("%s", path);
      ld_test_server_assert_error (server, "GET", path, agent, NULL, NULL,
                                   cases[i].status, cases[i].code, cases[i].field);
    }

  /* the agent reads why, in Russian too */
  {
    g_autoptr(JsonNode) answer = NULL;
    guint status = ld_test_server_request (server, "GET", API "/members?answers.shoe_size=42", agent, NULL,
                                           LD_TEST_HEADERS_RUSSIAN, &answer);

    g_assert_cmpuint (status, ==, 422);
    g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
    g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "shoe_size"));
  }
}

/* whoever writes members.answers (here another connection, as PATCH or a second server
 * would), the search follows at once: found by the new answer, not by the old one */
static void
test_answer_changed (void)
{
  g_autofree char *city = answer_text (5, "city");
  g_autofree char *escaped = g_uri_escape_string (city, NULL, TRUE);
  g_autofree char *old_query = g_strconcat ("answers.city=", escaped, NULL);
  g_autofree char *before = search_ids (old_query);
  g_autofree char *after = NULL;
  g_autofree char *by_new = NULL;

  g_assert_true (ids_contain (before, 5));

  /* written past the server, by the database's own JSON function (the trigger's work) */
  if (g_str_has_prefix (ld_test_server_get_database (server), "postgresql://"))
    ld_test_server_run_sql (server, "UPDATE members SET answers = "
                            "jsonb_set (answers::jsonb, '{city}', '\"Тверь\"')::text WHERE id = 5");
  else
    ld_test_server_run_sql (server, "UPDATE members SET answers = json_set (answers, '$.city', 'Тверь') WHERE id = 5");

  after = search_ids (old_query);
  g_assert_false (ids_contain (after, 5));
  by_new = search_ids ("answers.city=%D0%A2%D0%B2%D0%B5%D1%80%D1%8C");
  g_assert_cmpstr (by_new, ==, "5");

  /* the answers gone (as a removal leaves them): found by none */
  ld_test_server_run_sql (server, "UPDATE members SET answers = '{}' WHERE id = 5");
  g_clear_pointer (&by_new, g_free);
  by_new = search_ids ("answers.city=%D0%A2%D0%B2%D0%B5%D1%80%D1%8C");
  g_assert_cmpstr (by_new, ==, "");
}

/* ---- the dates agents type */

static gboolean
born_on (gint64   id,
         gpointer data)
{
  return g_strcmp0 (ld_test_json_string (profile (id), "birth_date"), data) == 0;
}

static void
test_typed_dates (void)
{
  const char *birth_date = ld_test_json_string (profile (7), "birth_date");
  g_autofree char *expected = expected_ids (born_on, (gpointer) birth_date);
  g_autofree char *dotted = g_strdup_printf ("%.2s.%.2s.%.4s", birth_date + 8, birth_date + 5, birth_date);
  g_autofree char *slashed = g_strdup_printf ("%.2s/%.2s/%.4s", birth_date + 8, birth_date + 5, birth_date);
  g_autofree char *two_digit = g_strdup_printf ("%.2s.%.2s.%.2s", birth_date + 8, birth_date + 5, birth_date + 2);
  const char *forms[] = { birth_date, dotted };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *escaped = g_uri_escape_string (forms[i], NULL, TRUE);
      g_autofree char *by_q = g_strconcat ("q=", escaped, NULL);
      g_autofree char *by_parameter = g_strconcat ("birth_date=", escaped, NULL);
      g_autofree char *found_q = search_ids (by_q);
      g_autofree char *found_parameter = search_ids (by_parameter);
      g_autofree char *path = g_strdup_printf (API "/members?%s", by_q);
      g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);

      g_test_message ("%s", forms[i]);
      g_assert_cmpstr (found_q, ==, expected);
      g_assert_cmpstr (found_parameter, ==, expected);
      g_assert_cmpstr (ld_test_json_string (page, "kind"), ==, "birth_date");
    }

  /* a two-digit year is never given a century: 422 saying so, never a name search */
  {
    g_autofree char *path = g_strdup_printf (API "/members?q=%s", two_digit);
    g_autofree char *by_parameter = g_strdup_printf (API "/members?birth_date=%s", two_digit);
    g_autoptr(JsonNode) answer = NULL;
    guint status;

    ld_test_server_assert_error (server, "GET", path, agent, NULL, NULL, 422, "invalid_field", "q");
    ld_test_server_assert_error (server, "GET", by_parameter, agent, NULL, NULL, 422, "invalid_field", "birth_date");
    status = ld_test_server_request (server, "GET", path, agent, NULL, LD_TEST_HEADERS_RUSSIAN, &answer);
    g_assert_cmpuint (status, ==, 422);
    g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
    g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), two_digit));
  }

  /* slashes: day and month either way round by the language; the app sends YYYY-MM-DD */
  {
    g_autofree char *escaped = g_uri_escape_string (slashed, NULL, TRUE);
    g_autofree char *path = g_strdup_printf (API "/members?q=%s", escaped);

    ld_test_server_assert_error (server, "GET", path, agent, NULL, NULL, 422, "invalid_field", "q");
  }

  /* not a date at all */
  ld_test_server_assert_error (server, "GET", API "/members?q=31.02.1990", agent, NULL, NULL,
                               422, "invalid_field", "q");
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new_full (N_MEMBERS, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  for (gint64 id = 1; id <= N_MEMBERS; id++)
    {
      g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, id);

      profiles[id] = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
    }

  g_test_add_func ("/server/search/answers/one", test_one_answer);
  g_test_add_func ("/server/search/answers/typed", test_typed_answers);
  g_test_add_func ("/server/search/answers/combine", test_answers_combine);
  g_test_add_func ("/server/search/answers/columns", test_column_answers);
  g_test_add_func ("/server/search/answers/refused", test_answers_refused);
  g_test_add_func ("/server/search/answers/changed", test_answer_changed);
  g_test_add_func ("/server/search/dates/typed", test_typed_dates);

  result = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    g_clear_pointer (&profiles[i], json_node_unref);
  g_clear_pointer (&agent, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

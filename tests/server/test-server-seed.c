/* test-server-seed.c — --seed-demo N makes the same data on SQLite and on PostgreSQL
 *
 * The seed is deterministic (a fixed PRNG seed, explicit ids) and runs the same statements
 * on both backends; on PostgreSQL they are queued and sent in a pipeline
 * (ld_statement_queue()) under planner settings of their own. Two servers seeded with the
 * same N, one on each backend, must hold the same rows in every table the seed fills
 * (bar the password hashes, salted afresh, and the operators' creation times) and answer
 * the same for a sample of members (the families, a blocked account, favorites,
 * subscriptions, member 1's long history), the free cards, searches and the outbox. And the
 * queue itself: in order, across its syncs, and a queued statement's error answered later.
 * PostgreSQL pass only (tests/server/meson.build): the SQLite server is started beside.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-database.h"
#include "ld-error.h"
#include "ld-postgres-database.h"
#include "ld-test-server.h"

/* families at 20, 40…, 61, 121; blocked accounts at 50, 100; over 500 statements, so
 * several of the pipeline's syncs */
#define N_MEMBERS 130

static LdTestServer *on_sqlite;
static LdTestServer *on_postgres;

static gboolean
is_postgres (LdTestServer *server)
{
  return g_str_has_prefix (ld_test_server_get_database (server), "postgresql://");
}

/* asserts two texts of lines are equal, naming the first line that differs */
static void
assert_same_lines (const char *what,
                   const char *sqlite_text,
                   const char *postgres_text)
{
  g_auto(GStrv) a = g_strsplit (sqlite_text ? sqlite_text : "", "\n", -1);
  g_auto(GStrv) b = g_strsplit (postgres_text ? postgres_text : "", "\n", -1);
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (!g_str_equal (a[i], b[i]))
      g_error ("%s: line %u differs:\n  SQLite:     %s\n  PostgreSQL: %s", what, i + 1, a[i], b[i]);
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
}

/* the columns of @table, in their order, as the server's database lists them */
static char *
columns_of (LdTestServer *server,
            const char   *table)
{
  g_autofree char *sql = NULL;

  if (is_postgres (server))
    sql = g_strdup_printf ("SELECT string_agg (column_name::text, ',' ORDER BY ordinal_position) "
                           "FROM information_schema.columns "
                           "WHERE table_schema = current_schema () AND table_name = '%s'", table);
  else
    sql = g_strdup_printf ("SELECT group_concat (name, ',') FROM (SELECT name FROM pragma_table_info ('%s') ORDER BY cid)",
                           table);
  return ld_test_server_query_text (server, sql);
}

/* every row of @table as one line of its columns' text (but @skipped ones), the lines
 * in byte order */
static char *
rows_of (LdTestServer       *server,
         const char         *table,
         const char         *columns,
         const char * const *skipped)
{
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);
  g_autoptr(GString) row = g_string_new (NULL);
  g_autofree char *sql = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (skipped != NULL && g_strv_contains (skipped, names[i]))
        continue;
      if (row->len > 0)
        g_string_append (row, " || '|' || ");
      g_string_append_printf (row, "COALESCE (CAST (%s AS TEXT), '<null>')", names[i]);
    }
  if (is_postgres (server))
    sql = g_strdup_printf ("SELECT string_agg (r, E'\\n' ORDER BY r COLLATE \"C\") FROM (SELECT %s AS r FROM %s) t",
                           row->str, table);
  else
    sql = g_strdup_printf ("SELECT group_concat (r, char (10)) FROM (SELECT %s AS r FROM %s ORDER BY r) t",
                           row->str, table);
  return ld_test_server_query_text (server, sql);
}

static void
test_same_rows (void)
{
  static const char * const tables[] = {
    "accounts", "members", "member_statuses", "member_answers", "member_summaries", "cards",
    "purchases", "operations", "messages", "actions", "products", "favorites", "favorites_history",
    "subscriptions", "outbox", "operators",
  };
  /* salted afresh on each seed; the operators are made at the seed's real time */
  static const char * const skipped[] = { "password_hash", NULL };
  static const char * const operator_skipped[] = { "password_hash", "created_at", NULL };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *columns = columns_of (on_sqlite, tables[t]);
      g_autofree char *pg_columns = columns_of (on_postgres, tables[t]);
      const char * const *skip = g_str_equal (tables[t], "operators") ? operator_skipped : skipped;
      g_autofree char *rows = NULL;
      g_autofree char *pg_rows = NULL;

      g_assert_nonnull (columns);
      g_assert_cmpstr (columns, ==, pg_columns);
      rows = rows_of (on_sqlite, tables[t], columns, skip);
      pg_rows = rows_of (on_postgres, tables[t], columns, skip);
      g_assert_nonnull (rows);
      assert_same_lines (tables[t], rows, pg_rows);
    }
  /* the seed's own shape, so that the comparison above compared something */
  g_assert_cmpint (ld_test_server_query_int (on_postgres, "SELECT count(*) FROM members"), ==, N_MEMBERS);
  g_assert_cmpint (ld_test_server_query_int (on_postgres, "SELECT count(*) FROM member_summaries"), ==, N_MEMBERS);
  g_assert_cmpint (ld_test_server_query_int (on_postgres, "SELECT count(*) FROM operations WHERE member_id = 1"), ==, 600);
  g_assert_cmpint (ld_test_server_query_int (on_postgres, "SELECT count(*) FROM member_answers"), ==, 4 * N_MEMBERS);
  g_assert_cmpint (ld_test_server_query_int (on_postgres, "SELECT count(*) FROM members WHERE account_id <> id"), >, 0);
}

/* GET @path on both servers: 200 and the same JSON */
static JsonNode *
get_both (const char *path,
          const char *token,
          const char *pg_token)
{
  g_autoptr(JsonNode) answer = ld_test_server_expect (on_sqlite, "GET", path, token, NULL, NULL, 200);
  g_autoptr(JsonNode) pg_answer = ld_test_server_expect (on_postgres, "GET", path, pg_token, NULL, NULL, 200);
  g_autofree char *text = json_to_string (answer, TRUE);
  g_autofree char *pg_text = json_to_string (pg_answer, TRUE);

  assert_same_lines (path, text, pg_text);
  return g_steal_pointer (&answer);
}

static void
test_same_answers (void)
{
  static const gint64 sample[] = { 1, 2, 7, 19, 20, 21, 50, 60, 61, 100, 121, N_MEMBERS };
  static const char * const lists[] = {
    "", "/purchases", "/purchases?sort=date&order=asc", "/operations", "/messages",
    "/actions", "/favorites", "/favorites/history", "/subscriptions",
  };
  g_autofree char *token = ld_test_server_login (on_sqlite, "supervisor", LD_TEST_PASSWORD);
  g_autofree char *pg_token = ld_test_server_login (on_postgres, "supervisor", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *next = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *by_phone = NULL;
  g_autofree char *outbox = NULL;

  for (guint m = 0; m < G_N_ELEMENTS (sample); m++)
    for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "%s", sample[m], lists[l]);

        json_node_unref (get_both (path, token, pg_token));
      }

  /* a later page of member 1's long history */
  first = get_both ("/api/v1/members/1/purchases?limit=50", token, pg_token);
  cursor = g_uri_escape_string (ld_test_json_string (first, "next_cursor"), NULL, FALSE);
  next = g_strdup_printf ("/api/v1/members/1/purchases?limit=50&cursor=%s", cursor);
  g_clear_pointer (&first, json_node_unref);
  first = get_both (next, token, pg_token);
  g_clear_pointer (&first, json_node_unref);

  /* searches, the free cards, the catalog and the outbox */
  profile = get_both ("/api/v1/members/1", token, pg_token);
  phone = g_uri_escape_string (ld_test_json_string (profile, "phone"), NULL, FALSE);
  by_phone = g_strdup_printf ("/api/v1/members?phone=%s", phone);
  outbox = g_strdup_printf ("/api/v1/outbox?phone=%s", phone);
  {
    const char *paths[] = {
      by_phone, "/api/v1/members?q=%D0%98%D0%B2%D0%B0%D0%BD", "/api/v1/cards?state=issued",
      "/api/v1/cards?state=issued&limit=3", "/api/v1/products", outbox,
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      json_node_unref (get_both (paths[i], token, pg_token));
  }
}

static gint64
count_rows (LdDatabase *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (ld_database_query_int (db, sql, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* queues INSERT of @first… (@n rows) → FALSE with *@error at the first queue that fails */
static gboolean
queue_rows (LdDatabase  *db,
            gint64       first,
            guint        n,
            GError     **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdStatement) insert = ld_database_prepare (db, "INSERT INTO queued (id, label) VALUES ($1, $2)", error);

      g_assert_nonnull (insert);
      ld_statement_bind_int (insert, 1, first + i);
      ld_statement_bind_text (insert, 2, "queued");
      if (!ld_statement_queue (insert, error))
        return FALSE;
    }
  return TRUE;
}

static void
test_queue_on_postgresql (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDatabase) db = ld_postgres_database_open (ld_test_server_get_database (on_postgres), &error);
  g_autoptr(LdStatement) update = NULL;
  gboolean failed = FALSE;

  g_assert_no_error (error);
  g_assert_true (ld_database_exec (db, "CREATE TEMP TABLE queued (id BIGINT PRIMARY KEY, label TEXT NOT NULL)", &error));

  /* 1200 rows go through two syncs and a queue left open; a statement run after them sees
   * them all, and one queued after them sees the rows before it */
  g_assert_true (ld_database_begin (db, &error));
  g_assert_true (queue_rows (db, 1, 1200, &error));
  update = ld_database_prepare (db, "UPDATE queued SET label = 'last' WHERE id = $1", &error);
  ld_statement_bind_int (update, 1, 1200);
  g_assert_true (ld_statement_queue (update, &error));
  g_clear_pointer (&update, ld_statement_release);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM queued"), ==, 1200);
  g_assert_cmpint (count_rows (db, "SELECT id FROM queued WHERE label = 'last'"), ==, 1200);
  g_assert_true (ld_database_commit (db, &error));
  g_assert_no_error (error);

  /* a row that breaks the primary key among queued ones: the commit answers the conflict
   * and none of them stays */
  g_assert_true (ld_database_begin (db, &error));
  g_assert_true (queue_rows (db, 5000, 3, &error) && queue_rows (db, 7, 1, &error) && queue_rows (db, 6000, 3, &error));
  g_assert_false (ld_database_commit (db, &error));
  g_assert_error (error, LD_ERROR, LD_ERROR_CONFLICT);
  g_clear_error (&error);
  ld_database_rollback (db);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM queued"), ==, 1200);

  /* the same answered by a later queue, at the sync the queue reaches */
  g_assert_true (ld_database_begin (db, &error));
  failed = !queue_rows (db, 7, 1, &error) || !queue_rows (db, 8000, 1000, &error);
  g_assert_true (failed);
  g_assert_error (error, LD_ERROR, LD_ERROR_CONFLICT);
  g_clear_error (&error);
  ld_database_rollback (db);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM queued WHERE id >= 8000"), ==, 0);

  /* outside a transaction it runs at once, in one of its own */
  g_assert_true (queue_rows (db, 9000, 1, &error));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM queued"), ==, 1201);
}

int
main (int    argc,
      char **argv)
{
  const char *database = g_getenv ("LD_TEST_DATABASE");
  int result;

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (database, "postgresql") != 0)
    {
      g_test_skip ("PostgreSQL only (LD_TEST_DATABASE=postgresql): it compares the two backends");
      return g_test_run ();
    }

  on_postgres = ld_test_server_new (N_MEMBERS, NULL);
  /* the harness picks the backend by LD_TEST_DATABASE as each server starts */
  g_unsetenv ("LD_TEST_DATABASE");
  on_sqlite = ld_test_server_new (N_MEMBERS, NULL);
  g_setenv ("LD_TEST_DATABASE", "postgresql", TRUE);

  g_test_add_func ("/server/seed/same-rows-on-both-backends", test_same_rows);
  g_test_add_func ("/server/seed/same-answers-on-both-backends", test_same_answers);
  g_test_add_func ("/server/seed/postgresql-queue", test_queue_on_postgresql);

  result = g_test_run ();
  g_clear_object (&on_sqlite);
  g_clear_object (&on_postgres);
  return result;
}

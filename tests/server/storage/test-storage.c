/* test-storage.c — LdStorage over a real SQLite file: schema, demo data, search, paging, auth */
#define G_LOG_DOMAIN "ld-storage-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-test-server.h"
#include "ld-test-storage.h"

#define N_DEMO 300
/* the schema this server migrates to, and how many migrations lead there (6 was never used) */
#define LATEST_SCHEMA_VERSION 14
#define N_MIGRATIONS 13

static char *tmpdir;
static char *seeded_path;   /* one database seeded once, read by the read-only tests */
static LdStorage *seeded;
static goffset wal_after_seed = -1;

static char *
new_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* every row of @sql as one text: for comparing databases */
static char *
dump (LdStorage  *storage,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStatement) statement = NULL;
  GString *out = g_string_new (NULL);
  LdStep step;
  guint n_columns = 0;

  statement = ld_database_prepare (storage->db, sql, &error);
  g_assert_no_error (error);
  for (const char *p = sql; (p = strchr (p, ',')) && p < strstr (sql, " FROM "); p++)
    n_columns++;
  n_columns++;
  while ((step = ld_statement_step (statement, &error)) == LD_STEP_ROW)
    {
      for (guint i = 0; i < n_columns; i++)
        g_string_append_printf (out, "%s|", ld_statement_get_text (statement, i) ?: "∅");
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_STEP_DONE);
  return g_string_free (out, FALSE);
}

/* ---- lists: what one asks for, in one description, and a page of it */

typedef enum
{
  LIST_MEMBERS,
  LIST_CARDS,
  LIST_PURCHASES,
  LIST_OPERATIONS,
  LIST_MESSAGES,
  LIST_ACTIONS,
  LIST_FAVORITES_HISTORY,
  LIST_OUTBOX,
  LIST_REGISTRATIONS,
} ListKind;

typedef struct
{
  ListKind          kind;
  LdStorage        *storage;     /* NULL: the seeded database */
  gint64            member_id;
  const char       *filter;      /* cards: the state; outbox and registrations: the phone */
  LdMemberQuery     members;
  LdPurchaseQuery   purchases;
  LdOperationQuery  operations;
  LdMessageQuery    messages;
} ListQuery;

/* open drafts as a list answer, each item its id */
static JsonObject *
registrations_page (LdStorage            *storage,
                    const char           *phone,
                    const LdPageRequest  *page,
                    GError              **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *next_cursor = NULL;
  JsonObject *answer;
  JsonArray *items;
  gint64 total = -1;

  records = ld_storage_page_open_registrations (storage, phone, page, &next_cursor, &total, error);
  if (records == NULL)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "id", ((LdRegistrationRecord *) records->pdata[i])->id);
      json_array_add_object_element (items, item);
    }
  answer = json_object_new ();
  json_object_set_array_member (answer, "items", items);
  json_object_set_string_member (answer, "next_cursor", next_cursor);
  json_object_set_int_member (answer, "total", total);
  return answer;
}

static JsonObject *
list_page (const ListQuery      *query,
           const LdPageRequest  *page,
           GError              **error)
{
  LdStorage *storage = query->storage ? query->storage : seeded;

  switch (query->kind)
    {
    case LIST_MEMBERS:
      return ld_storage_search_members (storage, &query->members, page, error);
    case LIST_CARDS:
      return ld_storage_list_cards (storage, query->filter, page, error);
    case LIST_PURCHASES:
      return ld_storage_list_purchases (storage, query->member_id, &query->purchases, page, error);
    case LIST_OPERATIONS:
      return ld_storage_list_operations (storage, query->member_id, &query->operations, page, error);
    case LIST_MESSAGES:
      return ld_storage_list_messages (storage, query->member_id, &query->messages, page, error);
    case LIST_ACTIONS:
      return ld_storage_list_actions (storage, query->member_id, page, error);
    case LIST_FAVORITES_HISTORY:
      return ld_storage_list_favorites_history (storage, query->member_id, page, error);
    case LIST_OUTBOX:
      return ld_storage_list_outbox (storage, query->filter, page, error);
    case LIST_REGISTRATIONS:
      return registrations_page (storage, query->filter, page, error);
    default:
      g_assert_not_reached ();
    }
}

/* one page that must come: its items added to @items, its total; answers the next cursor */
static char *
next_page (const ListQuery *query,
           guint            limit,
           const char      *cursor,
           GPtrArray       *items,
           gint64          *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  LdPageRequest page = { limit, cursor };
  JsonArray *array;
  const char *next = NULL;

  answer = list_page (query, &page, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  array = json_object_get_array_member (answer, "items");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), <=, limit);
  *total = json_object_get_int_member (answer, "total");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, json_object_ref (json_array_get_object_element (array, i)));
  g_assert_true (ld_json_get_string (answer, "next_cursor", NULL, &next));
  if (next != NULL)
    g_assert_cmpuint (json_array_get_length (array), ==, limit);
  return g_strdup (next);
}

/* ---- paging: walk every page, check that no row is lost or repeated */

static GPtrArray *
walk (const ListQuery *query,
      guint            limit,
      gint64          *total_out)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;
  gint64 total = -1;
  guint pages = 0;

  do
    {
      gint64 page_total;
      char *next = next_page (query, limit, cursor, items, &page_total);

      if (total < 0)
        total = page_total;
      else
        g_assert_cmpint (total, ==, page_total);
      g_free (cursor);
      cursor = next;
      g_assert_cmpuint (++pages, <, 10000);
    }
  while (cursor != NULL);

  g_assert_cmpint (items->len, ==, total);
  if (total_out)
    *total_out = total;
  return items;
}

/* the values of @member (numbers or strings) are all different */
static void
assert_unique_ids (GPtrArray  *items,
                   const char *member)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *node = json_object_get_member (items->pdata[i], member);
      char *value;

      g_assert_nonnull (node);
      value = json_node_get_value_type (node) == G_TYPE_STRING
              ? g_strdup (json_node_get_string (node))
              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      g_assert_false (g_hash_table_contains (seen, value));
      g_hash_table_add (seen, value);
    }
}

/* compares items by the members of @keys ("-" before a name: an integer) */
static int
compare_by (JsonObject         *a,
            JsonObject         *b,
            const char * const *keys)
{
  for (guint i = 0; keys[i]; i++)
    {
      int c;

      if (keys[i][0] == '-')
        {
          gint64 x = json_object_get_int_member (a, keys[i] + 1);
          gint64 y = json_object_get_int_member (b, keys[i] + 1);

          c = x < y ? -1 : x > y;
        }
      else
        c = strcmp (json_object_get_string_member (a, keys[i]), json_object_get_string_member (b, keys[i]));
      if (c != 0)
        return c;
    }
  return 0;
}

static void
assert_sorted (GPtrArray          *items,
               const char * const *keys,
               gboolean            ascending)
{
  for (guint i = 1; i < items->len; i++)
    {
      int c = compare_by (items->pdata[i - 1], items->pdata[i], keys);

      if (ascending)
        g_assert_cmpint (c, <, 0);
      else
        g_assert_cmpint (c, >, 0);
    }
}

/* ---- schema */

static void
test_open_migrates_and_reopens (void)
{
  g_autofree char *path = new_path ("fresh.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;
  g_autofree char *mode = NULL;

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (storage);
  g_assert_cmpint (ld_database_schema_version (storage->db, &error), ==, LATEST_SCHEMA_VERSION);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM schema_migrations"), ==, N_MIGRATIONS);
  g_assert_cmpint (ld_test_storage_int (storage, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (ld_test_storage_int (storage, "PRAGMA secure_delete"), ==, 1);
  mode = ld_test_storage_text (storage, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_true (ld_storage_ping (storage, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&storage));

  /* the second open finds everything done */
  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_database_schema_version (storage->db, &error), ==, LATEST_SCHEMA_VERSION);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM schema_migrations"), ==, N_MIGRATIONS);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM config"), ==, 1);
}

static void
test_open_refuses_a_newer_schema (void)
{
  g_autofree char *path = new_path ("newer.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_database_exec (storage->db,
                                   "INSERT INTO schema_migrations VALUES (99, '2030-01-01T00:00:00Z')", &error));
  g_assert_finalize_object (g_steal_pointer (&storage));

  storage = ld_storage_open (path, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_STORAGE);
  g_assert_null (storage);
}

static void
test_database_parameters_and_cache (void)
{
  g_autoptr(GError) error = NULL;
  LdStatement *first;
  LdStatement *again;

  /* $N binds by number, in any order, and a '$1' inside a literal stays text */
  first = ld_database_prepare (seeded->db, "SELECT $2 || '$1', $1, $2", &error);
  g_assert_no_error (error);
  ld_statement_bind_text (first, 1, "a");
  ld_statement_bind_text (first, 2, "b");
  g_assert_cmpint (ld_statement_step (first, &error), ==, LD_STEP_ROW);
  g_assert_cmpstr (ld_statement_get_text (first, 0), ==, "b$1");
  g_assert_cmpstr (ld_statement_get_text (first, 1), ==, "a");
  g_assert_cmpint (ld_statement_get_type (first, 2), ==, LD_COLUMN_TEXT);
  ld_statement_release (first);

  /* prepared once: the same text answers the same statement, with no bindings left */
  again = ld_database_prepare (seeded->db, "SELECT $2 || '$1', $1, $2", &error);
  g_assert_true (again == first);
  g_assert_cmpint (ld_statement_step (again, &error), ==, LD_STEP_ROW);
  g_assert_cmpint (ld_statement_get_type (again, 1), ==, LD_COLUMN_NULL);
  ld_statement_release (again);

  g_assert_null (ld_database_prepare (seeded->db, "SELEC nonsense", &error));
  g_assert_error (error, LD_ERROR, LD_ERROR_STORAGE);
}

/* ---- configuration */

static void
test_open_reports_a_bad_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "no-such-directory", "x.db", NULL);

  storage = ld_storage_open (path, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_STORAGE);
  g_assert_null (storage);
}

static void
test_config_default_and_round_trip (void)
{
  g_autofree char *path = new_path ("config.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) again = NULL;
  JsonObject *registration;
  JsonArray *form;
  JsonArray *systems;
  JsonObject *reasons;
  const char *mode = NULL;

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  config = ld_storage_get_config (storage, &error);
  g_assert_no_error (error);

  registration = json_object_get_object_member (config, "registration");
  g_assert_true (ld_json_get_string (registration, "mode", NULL, &mode));
  g_assert_cmpstr (mode, ==, "card");
  g_assert_true (json_object_get_boolean_member (registration, "continue_without_card"));
  g_assert_true (json_object_get_boolean_member (registration, "virtual_card"));
  g_assert_false (json_object_get_boolean_member (registration, "email_required"));
  form = json_object_get_array_member (config, "application_form");
  g_assert_cmpuint (json_array_get_length (form), >=, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (form, 0), "key"), ==, "last_name");
  g_assert_cmpint (json_object_get_int_member (config, "max_cards"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (config, "max_merge_members"), ==, 4);
  systems = json_object_get_array_member (config, "status_systems");
  g_assert_cmpuint (json_array_get_length (systems), ==, 2);
  reasons = json_object_get_object_member (config, "reasons");
  g_assert_true (json_object_has_member (reasons, "card_block"));
  g_assert_true (json_object_has_member (reasons, "member_removal"));
  g_assert_true (json_object_has_member (reasons, "call_end"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (config, "tickets"), "enabled"));

  json_object_set_int_member (config, "max_cards", 7);
  g_assert_true (ld_storage_put_config (storage, config, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM actions WHERE action = 'config.update' AND member_id IS NULL"), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&storage));

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  again = ld_storage_get_config (storage, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (again, "max_cards"), ==, 7);
  g_assert_true (json_node_equal (json_object_get_member (again, "application_form"),
                                  json_object_get_member (config, "application_form")));
}

/* ---- demo data */

static void
test_seed_is_deterministic (void)
{
  static const char * const queries[] = {
    "SELECT id, account_id, last_name, first_name, middle_name, phone, email, birth_date, answers, created_at FROM members ORDER BY id",
    "SELECT number, type, category, state, balance, main, owner_id, blocked_reason, first_purchase_pos FROM cards ORDER BY number",
    "SELECT id, account_id, card, receipt, purchased_at, pos, program, amount, status FROM purchases ORDER BY id",
    "SELECT id, member_id, card, kind, amount, performed_at FROM operations ORDER BY id",
    "SELECT id, member_id, channel, status, text, sent_at FROM messages ORDER BY id",
    "SELECT id, created_at, action, target, reason, member_id FROM actions ORDER BY id",
    "SELECT id, balance, blocked FROM accounts ORDER BY id",
    "SELECT member_id, system, level FROM member_statuses ORDER BY member_id, system",
  };
  g_autofree char *path_a = new_path ("seed-a.db");
  g_autofree char *path_b = new_path ("seed-b.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) a = ld_storage_open (path_a, &error);
  g_autoptr(LdStorage) b = ld_storage_open (path_b, &error);

  g_assert_no_error (error);
  g_assert_true (ld_storage_seed_demo (a, 120, &error));
  g_assert_no_error (error);
  g_assert_true (ld_storage_seed_demo (b, 120, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *rows_a = dump (a, queries[i]);
      g_autofree char *rows_b = dump (b, queries[i]);

      g_assert_cmpuint (strlen (rows_a), >, 0);
      g_assert_cmpstr (rows_a, ==, rows_b);
    }
  g_assert_cmpint (ld_test_storage_int (a, "SELECT count(*) FROM members"), ==, 120);

  /* seeding again adds nothing */
  g_assert_true (ld_storage_seed_demo (a, 120, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_test_storage_int (a, "SELECT count(*) FROM members"), ==, 120);
  g_assert_cmpint (ld_test_storage_int (a, "SELECT count(*) FROM operators"), ==, 4);
}

/* over 20,000 members the others' history is short, so a million seed in minutes */
static void
test_seed_large_keeps_history_short (void)
{
  g_autoptr(LdStorage) storage = NULL;
  g_autofree char *path = new_path ("large.db");
  g_autoptr(GError) error = NULL;

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_storage_seed_demo (storage, 20001, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM members"), ==, 20001);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM purchases WHERE member_id = 1"), ==, 1200);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT max(n) FROM (SELECT count(*) AS n FROM purchases WHERE member_id > 1 GROUP BY member_id)"), <=, 3);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT max(n) FROM (SELECT count(*) AS n FROM messages WHERE member_id > 1 GROUP BY member_id)"), <=, 2);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM cards WHERE state = 'issued'"), ==, 20 + 20001 / 20);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(DISTINCT phone) FROM members"), ==, 20001);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM sqlite_stat1"), >, 0);
}

static void
test_seed_empties_the_wal (void)
{
  /* the seed's one big transaction is folded into the file, not left in the log */
  g_assert_cmpint (wal_after_seed, ==, 0);
}

static void
test_seed_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperatorRecord) limited = NULL;
  g_autoptr(LdOperatorRecord) agent = NULL;

  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM members"), ==, N_DEMO);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM purchases p JOIN members m ON m.account_id = p.account_id WHERE m.id = 1"), ==, 1200);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM operations WHERE member_id = 1"), ==, 600);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM messages WHERE member_id = 1"), ==, 300);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT max(n) FROM (SELECT count(*) AS n FROM purchases WHERE member_id > 1 GROUP BY member_id)"), <=, 30);

  /* every card state, both types, three categories, 13-digit numbers */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT state) FROM cards"), ==, 5);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT type) FROM cards"), ==, 2);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT category) FROM cards"), ==, 3);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE length(number) <> 13"), ==, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE state = 'blocked' AND blocked_reason IS NULL"), ==, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM members m WHERE NOT EXISTS "
                                  "(SELECT 1 FROM cards k WHERE k.owner_id = m.id AND k.main = 1 AND k.type = 'physical')"), ==, 0);
  /* the free pool, some of it with a balance and the place of its first purchase */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE state = 'issued' AND owner_id IS NULL"), >=, 20);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE state = 'issued' AND balance > 0 AND first_purchase_pos IS NOT NULL"), >, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE state = 'issued' AND first_purchase_pos <> "
                                  "(SELECT pos FROM purchases p WHERE p.card = cards.number ORDER BY purchased_at, id LIMIT 1)"), ==, 0);
  /* purchases in every state, at several points of sale, in two programs */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT status) FROM purchases"), ==, 3);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT pos) FROM purchases"), >=, 5);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT program) FROM purchases"), ==, 2);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT channel) FROM messages"), ==, 3);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT status) FROM messages"), >=, 4);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(DISTINCT system) FROM member_statuses"), ==, 2);
  /* families: several members on one account */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM (SELECT account_id FROM members GROUP BY account_id HAVING count(*) > 1)"), >, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT max(n) FROM (SELECT count(*) AS n FROM members GROUP BY account_id)"), <=, 4);
  /* a balance is the sum of its live cards */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM accounts a WHERE balance <> (SELECT coalesce(sum(k.balance), 0) "
                                  "FROM cards k JOIN members m ON m.id = k.owner_id WHERE m.account_id = a.id)"), ==, 0);
  /* Russian data: Cyrillic names, +79 phones */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM members WHERE phone NOT LIKE '+79_________'"), ==, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM members WHERE last_name_fold = 'соколова' AND first_name = 'Ольга'"), >=, 1);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM favorites_history"), >, 0);
  /* the action history keeps no personal data: it outlives a removal */
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM actions x JOIN members m "
                                  "ON x.target = m.phone OR x.target = m.email OR x.target = m.last_name"), ==, 0);
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM subscriptions"), >, 0);

  agent = ld_storage_get_operator_by_login (seeded, "agent", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (agent->role, ==, "agent");
  g_assert_true (g_str_has_prefix (agent->password_hash, "$argon2id$"));
  limited = ld_storage_get_operator_by_login (seeded, "agent-limited", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limited->role, ==, "agent");
  g_assert_true (g_strv_contains ((const char * const *) limited->denied, "card.link"));
  g_assert_true (g_strv_contains ((const char * const *) limited->denied, "member.favorites"));
  g_assert_cmpuint (g_strv_length (limited->granted), ==, 0);
}

/* ---- search */

static JsonObject *
search (const LdMemberQuery  *query,
        guint                 limit,
        GError              **error)
{
  LdPageRequest page = { limit, NULL };

  return ld_storage_search_members (seeded, query, &page, error);
}

static JsonObject *
first_item (JsonObject *page)
{
  JsonArray *items = json_object_get_array_member (page, "items");

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return json_array_get_object_element (items, 0);
}

static void
test_search_by_phone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = ld_test_storage_text (seeded, "SELECT phone FROM members WHERE id = 42");
  LdMemberQuery query = { .phone = phone };
  g_autoptr(JsonObject) page = search (&query, 50, &error);
  JsonObject *member;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 1);
  member = first_item (page);
  g_assert_cmpint (json_object_get_int_member (member, "id"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (member, "phone"), ==, phone);
  g_assert_true (json_object_has_member (member, "main_card"));
  g_assert_true (json_object_has_member (member, "statuses"));
  g_assert_true (json_object_has_member (member, "balance"));
  g_assert_true (json_object_has_member (member, "blocked"));
  g_assert_true (json_object_get_null_member (page, "next_cursor"));

  query.phone = "+79000000000";
  g_clear_pointer (&page, json_object_unref);
  page = search (&query, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 0);
}

static void
test_search_by_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = ld_test_storage_text (seeded, "SELECT number FROM cards WHERE owner_id = 77 AND main = 0 ORDER BY number LIMIT 1");
  g_autofree char *main_number = ld_test_storage_text (seeded, "SELECT number FROM cards WHERE owner_id = 77 AND main = 1");
  LdMemberQuery query = { .card = number ? number : main_number };
  g_autoptr(JsonObject) page = search (&query, 50, &error);
  JsonObject *member;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 1);
  member = first_item (page);
  g_assert_cmpint (json_object_get_int_member (member, "id"), ==, 77);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (member, "main_card"), "number"),
                   ==, main_number);

  /* a free card belongs to nobody */
  g_free (number);
  number = ld_test_storage_text (seeded, "SELECT number FROM cards WHERE state = 'issued' LIMIT 1");
  query.card = number;
  g_clear_pointer (&page, json_object_unref);
  page = search (&query, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 0);
}

static void
test_search_by_email_any_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = ld_test_storage_text (seeded, "SELECT email FROM members WHERE id = 1");
  g_autofree char *upper = g_ascii_strup (email, -1);
  LdMemberQuery query = { .email = upper };
  g_autoptr(JsonObject) page = search (&query, 50, &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first_item (page), "id"), ==, 1);
}

static void
test_search_by_birth_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ld_test_storage_text (seeded, "SELECT birth_date FROM members WHERE id = 5");
  LdMemberQuery query = { .birth_date = date };
  g_autoptr(JsonObject) page = search (&query, 50, &error);
  JsonArray *items;
  gboolean found = FALSE;

  g_assert_no_error (error);
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *member = json_array_get_object_element (items, i);

      g_assert_cmpstr (json_object_get_string_member (member, "birth_date"), ==, date);
      found |= json_object_get_int_member (member, "id") == 5;
    }
  g_assert_true (found);
}

static void
test_search_by_name_cyrillic_prefix (void)
{
  static const char * const name_keys[] = { "last_name", "first_name", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JsonObject) page = NULL;
  ListQuery query = { LIST_MEMBERS, .members.name = "сОКоЛ" };
  gint64 expected = ld_test_storage_int (seeded, "SELECT count(*) FROM members WHERE last_name LIKE 'Сокол%'");
  gint64 total;

  g_assert_cmpint (expected, >, 1);
  all = walk (&query, 2, &total);
  g_assert_cmpint (total, ==, expected);
  assert_unique_ids (all, "id");
  for (guint i = 0; i < all->len; i++)
    g_assert_true (g_str_has_prefix (json_object_get_string_member (all->pdata[i], "last_name"), "Сокол"));
  /* sorted by name: compare the folded forms as the index does */
  for (guint i = 1; i < all->len; i++)
    {
      g_autofree char *a = ld_storage_fold (json_object_get_string_member (all->pdata[i - 1], "last_name"));
      g_autofree char *b = ld_storage_fold (json_object_get_string_member (all->pdata[i], "last_name"));

      g_assert_cmpint (strcmp (a, b), <=, 0);
    }
  (void) name_keys;

  /* last and first name together; 'е' finds 'ё' */
  query.members.name = "СОКОЛОВА ольга";
  page = search (&query.members, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (first_item (page), "id"), ==, 1);

  g_clear_pointer (&page, json_object_unref);
  query.members.name = "соколова ольга федоровна";
  page = search (&query.members, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (first_item (page), "id"), ==, 1);

  g_clear_pointer (&page, json_object_unref);
  query.members.name = "соколова ольга федоровна четвёртое";
  page = search (&query.members, 50, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_assert_null (page);
}

static void
test_search_name_uses_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  statement = ld_database_prepare (seeded->db,
                                   "EXPLAIN QUERY PLAN SELECT m.id FROM members m "
                                   "WHERE m.last_name_fold >= 'сок' AND m.last_name_fold < 'сол' "
                                   "ORDER BY m.last_name_fold, m.first_name_fold, m.middle_name_fold, m.id",
                                   &error);
  g_assert_no_error (error);
  while (ld_statement_step (statement, &error) == LD_STEP_ROW)
    g_string_append_printf (plan, "%s\n", ld_statement_get_text (statement, 3));
  g_assert_no_error (error);

  g_assert_nonnull (strstr (plan->str, "members_name"));
  g_assert_null (strstr (plan->str, "SCAN m\n"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

static void
test_search_combined_and_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ld_test_storage_text (seeded, "SELECT birth_date FROM members WHERE id = 1");
  LdMemberQuery query = { .name = "Соколова", .birth_date = date };
  LdMemberQuery nothing = { 0 };
  g_autoptr(JsonObject) page = search (&query, 50, &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (first_item (page), "id"), ==, 1);
  g_clear_pointer (&page, json_object_unref);

  page = search (&nothing, 50, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
  g_assert_null (page);
}

/* ---- the search summary (schema migration 3) */

static LdStorage *
new_seeded (const char *name,
            guint       n_members)
{
  g_autofree char *path = new_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_storage_seed_demo (storage, n_members, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&storage);
}

/* the text of the first column of @sql's first row, or NULL without a row */
static char *
text_or_null (LdStorage  *storage,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  statement = ld_database_prepare (storage->db, sql, &error);
  g_assert_no_error (error);
  step = ld_statement_step (statement, &error);
  g_assert_no_error (error);
  return step == LD_STEP_ROW ? g_strdup (ld_statement_get_text (statement, 0)) : NULL;
}

static gint64
n_summaries_of (LdStorage *storage,
                gint64     member_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM member_summaries WHERE member_id = %"
                                          G_GINT64_FORMAT, member_id);

  return ld_test_storage_int (storage, sql);
}

static char *
phone_of (LdStorage *storage,
          gint64     member_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT phone FROM members WHERE id = %" G_GINT64_FORMAT, member_id);

  return text_or_null (storage, sql);
}

/* the main card, else any card of the member, else NULL */
static char *
card_of (LdStorage *storage,
         gint64     member_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT number FROM cards WHERE owner_id = %" G_GINT64_FORMAT
                                          " ORDER BY main DESC, number LIMIT 1", member_id);

  return text_or_null (storage, sql);
}

/* searches until the member's summary is stored, so the next search reads it */
static void
prime_summary (LdStorage *storage,
               gint64     member_id)
{
  g_autofree char *phone = phone_of (storage, member_id);
  g_autofree char *answer = ld_test_storage_search (storage, phone, NULL);

  g_assert_nonnull (strstr (answer, "\"total\":1}"));
  g_assert_cmpint (n_summaries_of (storage, member_id), ==, 1);
}

/* a search of the member by phone, by card and by both (the general path, which never
 * reads a summary) answers what a summary rendered afresh from the rows says; answers it */
static char *
assert_search_fresh (LdStorage *storage,
                     gint64     member_id)
{
  g_autofree char *phone = phone_of (storage, member_id);
  g_autofree char *card = card_of (storage, member_id);
  g_autofree char *by_phone = ld_test_storage_search (storage, phone, NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *sql = NULL;

  g_assert_nonnull (strstr (by_phone, "\"total\":1}"));
  if (card != NULL)
    {
      g_autofree char *by_card = ld_test_storage_search (storage, NULL, card);
      g_autofree char *by_both = ld_test_storage_search (storage, phone, card);

      g_assert_cmpstr (by_card, ==, by_phone);
      g_assert_cmpstr (by_both, ==, by_phone);
    }
  sql = g_strdup_printf ("DELETE FROM member_summaries WHERE member_id = %" G_GINT64_FORMAT, member_id);
  ld_test_storage_exec (storage, sql);
  fresh = ld_test_storage_search (storage, phone, NULL);
  g_assert_cmpstr (by_phone, ==, fresh);
  g_assert_cmpint (n_summaries_of (storage, member_id), ==, 1);
  return g_steal_pointer (&fresh);
}

/* @sql (with %1$ld the member's id) changes what a search shows: the summary is gone in the
 * same statement, and the next search answers the new data, which contains @expected */
static void
assert_change_seen (LdStorage  *storage,
                    gint64      member_id,
                    const char *sql_format,
                    const char *expected)
{
  g_autofree char *sql = NULL;
  g_autofree char *answer = NULL;
  g_auto(GStrv) parts = g_strsplit (sql_format, "%1$ld", -1);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, member_id);

  prime_summary (storage, member_id);
  sql = g_strjoinv (id, parts);
  ld_test_storage_exec (storage, sql);
  g_assert_cmpint (n_summaries_of (storage, member_id), ==, 0);
  answer = assert_search_fresh (storage, member_id);
  if (strstr (answer, expected) == NULL)
    g_error ("After “%s” the search answered %s, without %s", sql, answer, expected);
}

static void
test_summary_seeded_for_everyone (void)
{
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM member_summaries"), ==,
                   ld_test_storage_int (seeded, "SELECT count(*) FROM members"));
  g_assert_cmpint (ld_test_storage_int (seeded, "SELECT count(*) FROM member_summaries s "
                                  "LEFT JOIN members m ON m.id = s.member_id WHERE m.id IS NULL"), ==, 0);
}

static void
test_summary_equals_rendered (void)
{
  g_autoptr(LdStorage) storage = new_seeded ("summary-equals.db", 120);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  LdStep step;

  /* every seeded summary is what the rows render today */
  statement = ld_database_prepare (storage->db, "SELECT m.phone, s.json FROM members m "
                                   "JOIN member_summaries s ON s.member_id = m.id ORDER BY m.id", &error);
  g_assert_no_error (error);
  while ((step = ld_statement_step (statement, &error)) == LD_STEP_ROW)
    {
      g_ptr_array_add (phones, g_strdup (ld_statement_get_text (statement, 0)));
      g_ptr_array_add (stored, g_strdup (ld_statement_get_text (statement, 1)));
    }
  g_assert_cmpint (step, ==, LD_STEP_DONE);
  g_clear_pointer (&statement, ld_statement_release);
  g_assert_cmpuint (phones->len, ==, 120);

  ld_test_storage_exec (storage, "DELETE FROM member_summaries");
  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *answer = ld_test_storage_search (storage, phones->pdata[i], NULL);
      g_autofree char *expected = g_strdup_printf ("{\"items\":[%s],\"next_cursor\":null,\"total\":1}",
                                                   (char *) stored->pdata[i]);

      g_assert_cmpstr (answer, ==, expected);
    }
  /* the searches stored them again */
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM member_summaries"), ==, 120);

  /* nobody's phone, nobody's card, a free card: an empty page, nothing stored */
  {
    g_autofree char *none = ld_test_storage_search (storage, "+79000000000", NULL);
    g_autofree char *free_number = ld_test_storage_text (storage, "SELECT number FROM cards WHERE owner_id IS NULL LIMIT 1");
    g_autofree char *free_card = ld_test_storage_search (storage, NULL, free_number);
    g_autofree char *no_card = ld_test_storage_search (storage, NULL, "0000000000000");

    g_assert_cmpstr (none, ==, "{\"items\":[],\"next_cursor\":null,\"total\":0}");
    g_assert_cmpstr (free_card, ==, none);
    g_assert_cmpstr (no_card, ==, none);
  }
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM member_summaries"), ==, 120);
}

static void
test_summary_follows_every_change (void)
{
  g_autoptr(LdStorage) storage = new_seeded ("summary-changes.db", 120);
  g_autoptr(GError) error = NULL;
  gint64 two_cards = ld_test_storage_int (storage, "SELECT owner_id FROM cards WHERE owner_id IS NOT NULL "
                                     "AND state = 'activated' GROUP BY owner_id HAVING count(*) >= 2 "
                                     "AND sum(main) = 1 ORDER BY owner_id LIMIT 1");
  gint64 other = 3;

  /* the account: block, unblock, balance (a purchase or an operation) */
  assert_change_seen (storage, 5, "UPDATE accounts SET blocked = 1, blocked_reason = 'fraud' "
                      "WHERE id = (SELECT account_id FROM members WHERE id = %1$ld)", "\"blocked\":true");
  assert_change_seen (storage, 5, "UPDATE accounts SET blocked = 0, blocked_reason = NULL "
                      "WHERE id = (SELECT account_id FROM members WHERE id = %1$ld)", "\"blocked\":false");
  assert_change_seen (storage, 5, "UPDATE accounts SET balance = balance * 0 + 987654 "
                      "WHERE id = (SELECT account_id FROM members WHERE id = %1$ld)", "\"balance\":987654");

  /* the member's own columns */
  assert_change_seen (storage, 6, "UPDATE members SET last_name = 'Новикова', first_name = 'Ольга', "
                      "middle_name = '' WHERE id = %1$ld",
                      "\"first_name\":\"Ольга\",\"last_name\":\"Новикова\",\"middle_name\":null");
  assert_change_seen (storage, 6, "UPDATE members SET email = 'new-%1$ld@example.org' WHERE id = %1$ld",
                      "\"email\":\"new-6@example.org\"");
  assert_change_seen (storage, 6, "UPDATE members SET birth_date = '1990-02-03' WHERE id = %1$ld",
                      "\"birth_date\":\"1990-02-03\"");
  {
    g_autofree char *old_phone = phone_of (storage, 6);
    g_autofree char *gone = NULL;

    assert_change_seen (storage, 6, "UPDATE members SET phone = '+79990001122' WHERE id = %1$ld",
                        "\"phone\":\"+79990001122\"");
    gone = ld_test_storage_search (storage, old_phone, NULL);
    g_assert_nonnull (strstr (gone, "\"total\":0}"));
  }

  /* statuses: a change of level, a new system, a removed one */
  assert_change_seen (storage, 7, "INSERT INTO member_statuses (member_id, system, level, assigned_at) "
                      "VALUES (%1$ld, 'main', 'platinum', '2026-12-01T10:00:00Z') "
                      "ON CONFLICT (member_id, system) DO UPDATE SET level = excluded.level, "
                      "assigned_at = excluded.assigned_at",
                      "{\"system\":\"main\",\"level\":\"platinum\",\"assigned_at\":\"2026-12-01T10:00:00Z\"}");
  assert_change_seen (storage, 7, "UPDATE member_statuses SET level = 'gold' WHERE member_id = %1$ld "
                      "AND system = 'main'", "\"level\":\"gold\"");
  assert_change_seen (storage, 7, "DELETE FROM member_statuses WHERE member_id = %1$ld", "\"statuses\":[]");

  /* cards: blocked, category, the main card moved, replaced by a new one */
  g_assert_cmpint (two_cards, >, 0);
  assert_change_seen (storage, two_cards, "UPDATE cards SET state = 'blocked', blocked_reason = 'lost' "
                      "WHERE owner_id = %1$ld AND main = 1", "\"state\":\"blocked\"");
  assert_change_seen (storage, two_cards, "UPDATE cards SET category = 'vip' "
                      "WHERE owner_id = %1$ld AND main = 1", "\"category\":\"vip\"");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT number FROM cards WHERE owner_id = %" G_GINT64_FORMAT
                                            " AND main = 0 ORDER BY number LIMIT 1", two_cards);
    g_autofree char *next_main = ld_test_storage_text (storage, sql);
    g_autofree char *expected = g_strdup_printf ("\"main_card\":{\"number\":\"%s\"", next_main);
    g_autofree char *change = g_strdup_printf ("UPDATE cards SET main = 0 WHERE owner_id = %%1$ld AND main = 1;"
                                               "UPDATE cards SET main = 1 WHERE number = '%s'", next_main);

    assert_change_seen (storage, two_cards, change, expected);
  }
  assert_change_seen (storage, two_cards, "UPDATE cards SET state = 'replaced', main = 0, "
                      "replaced_by = '2999000000017' WHERE owner_id = %1$ld AND main = 1;"
                      "INSERT INTO cards (number, type, category, state, main, owner_id, issued_at) "
                      "VALUES ('2999000000017', 'physical', 'regular', 'activated', 1, %1$ld, "
                      "'2026-12-01T10:00:00Z')",
                      "\"main_card\":{\"number\":\"2999000000017\",\"category\":\"regular\",\"state\":\"activated\"}");
  assert_change_seen (storage, two_cards, "UPDATE cards SET owner_id = NULL, main = 0, state = 'issued' "
                      "WHERE number = '2999000000017'", "\"main_card\":null");
  {
    g_autofree char *gone = ld_test_storage_search (storage, NULL, "2999000000017");

    g_assert_nonnull (strstr (gone, "\"total\":0}"));
  }

  /* a merge: the member joins another's account and shows its balance; a later change of
   * that account is seen by both */
  prime_summary (storage, other);
  assert_change_seen (storage, 8, "UPDATE accounts SET balance = 4242 "
                      "WHERE id = (SELECT account_id FROM members WHERE id = 3);"
                      "UPDATE members SET account_id = (SELECT account_id FROM members WHERE id = 3) "
                      "WHERE id = %1$ld", "\"balance\":4242");
  g_assert_cmpint (n_summaries_of (storage, other), ==, 0);
  prime_summary (storage, other);
  assert_change_seen (storage, 8, "UPDATE accounts SET balance = 4343 "
                      "WHERE id = (SELECT account_id FROM members WHERE id = %1$ld)", "\"balance\":4343");
  g_assert_cmpint (n_summaries_of (storage, other), ==, 0);
  {
    g_autofree char *answer = assert_search_fresh (storage, other);

    g_assert_nonnull (strstr (answer, "\"balance\":4343"));
  }

  /* a card linked through the storage's own write path: the balance joins the account */
  {
    g_autofree char *number = ld_test_storage_text (storage, "SELECT number FROM cards WHERE owner_id IS NULL "
                                                "AND state = 'issued' AND type = 'physical' AND balance > 0 "
                                                "ORDER BY number LIMIT 1");
    gint64 member_id = ld_test_storage_int (storage, "SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id "
                                       "WHERE a.blocked = 0 AND (SELECT count(*) FROM cards c WHERE c.owner_id = m.id "
                                       "AND c.state NOT IN ('replaced', 'deleted')) < 3 ORDER BY m.id LIMIT 1");
    gint64 agent = ld_test_storage_int (storage, "SELECT id FROM operators WHERE login = 'agent'");
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autoptr(JsonObject) profile = NULL;
    LdCardLinkOutcome outcome = { 0 };

    prime_summary (storage, member_id);
    before = assert_search_fresh (storage, member_id);
    profile = ld_storage_link_card (storage, member_id, number, 0, agent, &outcome, &error);
    g_assert_no_error (error);
    g_assert_nonnull (profile);
    g_assert_cmpint (outcome.refusal, ==, LD_CARD_LINK_OK);
    g_assert_cmpint (n_summaries_of (storage, member_id), ==, 0);
    after = assert_search_fresh (storage, member_id);
    g_assert_cmpstr (before, !=, after);
    {
      g_autofree char *by_new_card = ld_test_storage_search (storage, NULL, number);

      g_assert_cmpstr (by_new_card, ==, after);
    }
  }

  /* a new member (as a registration writes it) is found and its summary stored */
  ld_test_storage_exec (storage, "INSERT INTO accounts (id, balance, created_at) VALUES (9001, 50, '2026-12-01T10:00:00Z');"
                     "INSERT INTO members (id, account_id, last_name, first_name, phone, created_at, updated_at) "
                     "VALUES (9001, 9001, 'Зайцева', 'Ирина', '+79995550001', "
                     "'2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')");
  {
    g_autofree char *answer = assert_search_fresh (storage, 9001);

    g_assert_nonnull (strstr (answer, "\"last_name\":\"Зайцева\""));
    g_assert_nonnull (strstr (answer, "\"main_card\":null"));
  }

  /* a removal: the summary goes with the member */
  prime_summary (storage, 9);
  {
    g_autofree char *phone = phone_of (storage, 9);
    g_autofree char *card = card_of (storage, 9);
    g_autofree char *by_phone = NULL;

    ld_test_storage_exec (storage, "DELETE FROM members WHERE id = 9");
    g_assert_cmpint (n_summaries_of (storage, 9), ==, 0);
    by_phone = ld_test_storage_search (storage, phone, NULL);
    g_assert_nonnull (strstr (by_phone, "\"total\":0}"));
    if (card != NULL)
      {
        g_autofree char *by_card = ld_test_storage_search (storage, NULL, card);

        g_assert_nonnull (strstr (by_card, "\"total\":0}"));
      }
  }

  /* nothing else was touched: every stored summary is still what its rows render */
  {
    g_autoptr(LdStatement) statement = NULL;
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    LdStep step;

    statement = ld_database_prepare (storage->db, "SELECT member_id FROM member_summaries ORDER BY member_id", &error);
    g_assert_no_error (error);
    while ((step = ld_statement_step (statement, &error)) == LD_STEP_ROW)
      {
        gint64 id = ld_statement_get_int (statement, 0);

        g_array_append_val (ids, id);
      }
    g_assert_cmpint (step, ==, LD_STEP_DONE);
    g_clear_pointer (&statement, ld_statement_release);
    for (guint i = 0; i < ids->len; i++)
      g_free (assert_search_fresh (storage, g_array_index (ids, gint64, i)));
  }
}

/* a database of schema 2 with members: migration 3 fills every summary, and each search
 * answers exactly what it answered before */
static void
test_summary_migrated_from_schema_2 (void)
{
  g_autofree char *path = new_path ("schema-2.db");
  g_autoptr(LdStorage) storage = new_seeded ("schema-2.db", 80);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  /* the answers rendered from the rows alone, as schema 2 answered */
  ld_test_storage_exec (storage, "DELETE FROM member_summaries");
  statement = ld_database_prepare (storage->db, "SELECT phone FROM members ORDER BY id", &error);
  g_assert_no_error (error);
  while ((step = ld_statement_step (statement, &error)) == LD_STEP_ROW)
    g_ptr_array_add (phones, g_strdup (ld_statement_get_text (statement, 0)));
  g_clear_pointer (&statement, ld_statement_release);
  for (guint i = 0; i < phones->len; i++)
    g_ptr_array_add (answers, ld_test_storage_search (storage, phones->pdata[i], NULL));

  /* back to schema 2: no summaries, no triggers, no covering index */
  ld_test_storage_exec (storage, "DROP TRIGGER member_summaries_member_insert; DROP TRIGGER member_summaries_member_update;"
                     "DROP TRIGGER member_summaries_member_delete; DROP TRIGGER member_summaries_account_update;"
                     "DROP TRIGGER member_summaries_card_insert; DROP TRIGGER member_summaries_card_update;"
                     "DROP TRIGGER member_summaries_card_delete; DROP TRIGGER member_summaries_status_insert;"
                     "DROP TRIGGER member_summaries_status_update; DROP TRIGGER member_summaries_status_delete;"
                     "DROP TABLE member_summaries; DROP INDEX cards_number_owner;"
                     "DROP TABLE login_failures;"
                     /* and what the migrations after 4 made */
                     "DROP INDEX purchases_replaced_card; DROP INDEX operations_replaced_card;"
                     "ALTER TABLE purchases DROP COLUMN replaced_card; ALTER TABLE operations DROP COLUMN replaced_card;"
                     "DROP INDEX purchases_member; DROP INDEX calls_member;"
                     "DROP INDEX registrations_member; DROP INDEX registrations_phone;"
                     "DROP TABLE member_identifications; DROP TABLE member_phone_codes;"
                     "DROP TABLE member_password_failures;"
                     "DROP TRIGGER member_answers_insert; DROP TRIGGER member_answers_update;"
                     "DROP TRIGGER member_answers_delete; DROP TABLE member_answers;"
                     "DROP TABLE login_throttle; ALTER TABLE idempotency DROP COLUMN request_hash;"
                     "DROP TABLE ld_change_log; DROP TRIGGER ld_change_log_session_update;"
                     "DROP TRIGGER ld_change_log_session_delete; DROP TRIGGER ld_change_log_operator_update;"
                     "DROP TRIGGER ld_change_log_operator_delete; DROP TRIGGER ld_change_log_config_insert;"
                     "DROP TRIGGER ld_change_log_config_update;"
                     "DROP TABLE pending_scrub; DROP INDEX calls_open; DROP INDEX calls_operator;"
                     "DELETE FROM schema_migrations WHERE version >= 3");
  g_assert_cmpint (ld_database_schema_version (storage->db, &error), ==, 2);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'member_summar%'"), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&storage));

  storage = ld_storage_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_database_schema_version (storage->db, &error), ==, LATEST_SCHEMA_VERSION);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM member_summaries"), ==, phones->len);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name LIKE 'member_summaries_%'"), ==, 10);
  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *answer = ld_test_storage_search (storage, phones->pdata[i], NULL);

      g_assert_cmpstr (answer, ==, answers->pdata[i]);
    }
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM member_summaries"), ==, phones->len);
}

/* a search by card walks the covering index to the owner, and the summary by its key */
static void
test_summary_search_plans (void)
{
  static const char * const queries[] = {
    "EXPLAIN QUERY PLAN SELECT s.json FROM cards k JOIN member_summaries s "
    "ON s.member_id = k.owner_id WHERE k.number = '1'",
    "EXPLAIN QUERY PLAN SELECT s.json FROM members m JOIN member_summaries s "
    "ON s.member_id = m.id WHERE m.phone = '1'",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdStatement) statement = NULL;
      g_autoptr(GString) plan = g_string_new (NULL);

      statement = ld_database_prepare (seeded->db, queries[q], &error);
      g_assert_no_error (error);
      while (ld_statement_step (statement, &error) == LD_STEP_ROW)
        g_string_append_printf (plan, "%s\n", ld_statement_get_text (statement, 3));
      g_assert_no_error (error);
      g_test_message ("%s", plan->str);
      g_assert_null (strstr (plan->str, "SCAN"));
      g_assert_nonnull (strstr (plan->str, "INTEGER PRIMARY KEY"));
      if (q == 0)
        g_assert_nonnull (strstr (plan->str, "COVERING INDEX cards_number_owner"));
    }
}

static void
test_bad_cursor (void)
{
  static const char * const cursors[] = {
    "garbage!", "eyJ", "WyJpZCJd", /* ["id"]: no key */ "WyJuYW1lIiwxXQ", /* ["name",1]: another sort */
    "W3RydWUsMV0", /* [true,1] */ "",
  };
  LdMemberQuery query = { .name = "с" };

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) page = NULL;
      LdPageRequest request = { 10, cursors[i] };
      LdPurchaseQuery purchases = { "date", FALSE, NULL, NULL };

      page = ld_storage_search_members (seeded, &query, &request, &error);
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert_null (page);
      g_clear_error (&error);

      page = ld_storage_list_purchases (seeded, 1, &purchases, &request, &error);
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert_null (page);
    }
}

/* ---- the total: counted on the first page, carried by the cursor */

typedef struct
{
  ListQuery    query;
  guint        limit;
  const char  *id_member;   /* what tells the items apart */
  const char  *add_sql;     /* adds one row to the list */
  gboolean     added_later; /* the walk meets that row on a later page */
} GrowingList;

static void
test_paging_total_as_of_first_page (void)
{
  g_autoptr(LdStorage) storage = new_seeded ("paging-total.db", 40);
  GrowingList lists[] = {
    { { LIST_PURCHASES, storage, .member_id = 1, .purchases = { "date", TRUE, NULL, NULL } }, 100, "id",
      "INSERT INTO purchases (account_id, member_id, receipt, purchased_at, pos, program, amount, status) "
      "SELECT account_id, id, 'NEW', '2099-01-01T00:00:00Z', 'POS', 'P', 100, 'confirmed' FROM members WHERE id = 1",
      TRUE },
    { { LIST_MESSAGES, storage, .member_id = 1 }, 40, "id",
      "INSERT INTO messages (member_id, channel, status, text, sent_at) "
      "VALUES (1, 'sms', 'delivered', 'new', '2000-01-01T00:00:00Z')",
      TRUE },
    { { LIST_ACTIONS, storage, .member_id = 1 }, 30, "id",
      "INSERT INTO actions (created_at, action, target, member_id) VALUES ('2099-01-01T00:00:00Z', 'test', 'x', 1)",
      FALSE },
    { { LIST_CARDS, storage, .filter = "issued" }, 7, "number",
      "INSERT INTO cards (number, type, category, state, issued_at) "
      "VALUES ('2799999999999', 'physical', 'regular', 'issued', '2020-01-01T00:00:00Z')",
      TRUE },
    { { LIST_MEMBERS, storage, .members.name = "к" }, 2, "id",
      "UPDATE members SET last_name_fold = 'кяяя' "
      "WHERE id = (SELECT min(id) FROM members WHERE last_name_fold NOT LIKE 'к%')",
      TRUE },
    { { LIST_REGISTRATIONS, storage }, 2, "id",
      "INSERT INTO registrations (phone, mode, state, step, steps, created_at, updated_at) "
      "VALUES ('+79990000100', 'phone', 'open', 'phone', '[\"phone\"]', "
      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
      FALSE },
  };

  /* five open drafts to page through, two at a time */
  ld_test_storage_exec (storage, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) "
                     "INSERT INTO registrations (phone, mode, state, step, steps, created_at, updated_at) "
                     "SELECT '+7999000000' || i, 'phone', 'open', 'phone', '[\"phone\"]', "
                     "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM n");

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GrowingList *list = &lists[l];
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(GPtrArray) again = NULL;
      g_autofree char *cursor = NULL;
      gint64 first_total;
      gint64 total;
      guint pages = 1;

      g_test_message ("list %u", l);
      cursor = next_page (&list->query, list->limit, NULL, items, &first_total);
      g_assert_nonnull (cursor);
      g_assert_cmpint (first_total, >, 2 * list->limit);

      /* a row added meanwhile does not change the total of this walk's later pages */
      ld_test_storage_exec (storage, list->add_sql);
      while (cursor != NULL)
        {
          char *next = next_page (&list->query, list->limit, cursor, items, &total);

          g_assert_cmpint (total, ==, first_total);
          g_free (cursor);
          cursor = next;
          g_assert_cmpuint (++pages, <, 10000);
        }
      assert_unique_ids (items, list->id_member);
      g_assert_cmpint (items->len, ==, first_total + (list->added_later ? 1 : 0));

      /* a new walk counts it */
      again = walk (&list->query, list->limit, &total);
      g_assert_cmpint (total, ==, first_total + 1);
      assert_unique_ids (again, list->id_member);
    }
}

/* the JSON inside a cursor (before its check) */
static char *
cursor_json (const char *cursor)
{
  g_autoptr(GString) base64 = g_string_new_len (cursor, strchr (cursor, '.') - cursor);
  gsize length;
  guchar *json;

  g_assert_nonnull (strchr (cursor, '.'));
  g_strdelimit (base64->str, "-", '+');
  g_strdelimit (base64->str, "_", '/');
  while (base64->len % 4 != 0)
    g_string_append_c (base64, '=');
  json = g_base64_decode (base64->str, &length);
  json = g_realloc (json, length + 1);
  json[length] = '\0';
  return (char *) json;
}

/* a cursor of @json with the check of @cursor */
static char *
cursor_forged (const char *json,
               const char *cursor)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) json, strlen (json));

  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  g_strdelimit (base64, "=", '\0');
  return g_strconcat (base64, strchr (cursor, '.'), NULL);
}

/* a cursor of this server's, forged or taken to another list, is refused */
static void
test_paging_forged_cursor (void)
{
  ListQuery purchases = { LIST_PURCHASES, .member_id = 1, .purchases = { "date", FALSE, NULL, NULL } };
  ListQuery messages = { LIST_MESSAGES, .member_id = 1 };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;
  g_autofree char *messages_cursor = NULL;
  g_autofree char *json = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *more = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *bad_check = NULL;
  const char *forged[5];
  ListQuery elsewhere[5];
  gint64 total;

  cursor = next_page (&purchases, 10, NULL, items, &total);
  messages_cursor = next_page (&messages, 10, NULL, items, &total);
  g_assert_nonnull (cursor);
  g_assert_nonnull (messages_cursor);
  g_free (next_page (&purchases, 10, cursor, items, &total));
  g_assert_cmpint (total, ==, 1200);

  /* the total edited: ["date",1200,…] says 99999 */
  json = cursor_json (cursor);
  total_text = g_strdup_printf ("[\"date\",%" G_GINT64_FORMAT ",", total);
  g_assert_true (g_str_has_prefix (json, total_text));
  edited = g_strconcat ("[\"date\",99999,", json + strlen (total_text), NULL);
  forged[0] = more = cursor_forged (edited, cursor);
  /* without its check, or with another one */
  forged[1] = cut = g_strndup (cursor, strchr (cursor, '.') - cursor);
  bad_check = g_strdup (cursor);
  bad_check[strlen (bad_check) - 1] = bad_check[strlen (bad_check) - 1] == '0' ? '1' : '0';
  forged[2] = bad_check;
  for (guint i = 0; i < 3; i++)
    elsewhere[i] = purchases;
  /* a good cursor, of another member, another filter, another list of the same sort */
  forged[3] = cursor;
  elsewhere[3] = purchases;
  elsewhere[3].member_id = 2;
  forged[4] = messages_cursor;
  elsewhere[4] = (ListQuery) { LIST_ACTIONS, .member_id = 1 };

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) page = NULL;
      LdPageRequest request = { 10, forged[i] };

      g_test_message ("forged cursor %u", i);
      page = list_page (&elsewhere[i], &request, &error);
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert_null (page);
    }

  /* the same cursor with a filter added */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) page = NULL;
    ListQuery confirmed = purchases;
    LdPageRequest request = { 10, cursor };

    confirmed.purchases.status = "confirmed";
    page = list_page (&confirmed, &request, &error);
    g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
    g_assert_null (page);
  }
}

/* ---- profile and cards */

static void
test_member_profile_shape (void)
{
  static const char * const members[] = {
    "id", "first_name", "last_name", "middle_name", "phone", "email", "birth_date", "main_card", "statuses",
    "balance", "blocked", "answers", "account", "cards", "consents", "merged_members", "version",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) member = ld_storage_get_member (seeded, 1, &error);
  g_autoptr(JsonObject) family = NULL;
  g_autoptr(JsonObject) missing = NULL;
  JsonObject *account;
  JsonArray *cards;
  gint64 sum = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (member, members[i]));
  g_assert_cmpstr (json_object_get_string_member (member, "last_name"), ==, "Соколова");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (member, "answers"), "first_name"),
                   ==, "Ольга");
  g_assert_true (json_object_has_member (json_object_get_object_member (member, "answers"), "gender"));
  account = json_object_get_object_member (member, "account");
  g_assert_cmpint (json_object_get_int_member (account, "balance"), ==, json_object_get_int_member (member, "balance"));
  cards = json_object_get_array_member (member, "cards");
  g_assert_cmpuint (json_array_get_length (cards), ==, 4);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (cards, 0), "main"));
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      g_assert_cmpint (json_object_get_int_member (card, "owner_id"), ==, 1);
      sum += json_object_get_int_member (card, "balance");
    }
  g_assert_cmpint (sum, ==, json_object_get_int_member (account, "balance"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (member, "statuses")), ==, 2);
  g_assert_cmpint (json_object_get_int_member (member, "version"), ==, 1);

  /* member 20 joined member 19's account */
  family = ld_storage_get_member (seeded, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (family, "merged_members"), 0), "id"), ==, 19);

  missing = ld_storage_get_member (seeded, 999999, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_card_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *free_number = ld_test_storage_text (seeded, "SELECT number FROM cards WHERE state = 'issued' AND balance > 0 LIMIT 1");
  g_autoptr(JsonObject) card = ld_storage_get_card (seeded, "2700000000001", &error);
  g_autoptr(JsonObject) free_card = NULL;
  g_autoptr(JsonObject) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (card, "state"), ==, "activated");
  g_assert_cmpstr (json_object_get_string_member (card, "type"), ==, "physical");
  g_assert_cmpint (json_object_get_int_member (card, "owner_id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (card, "owner"), "last_name"),
                   ==, "Соколова");

  free_card = ld_storage_get_card (seeded, free_number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (free_card, "state"), ==, "issued");
  g_assert_true (json_object_get_null_member (free_card, "owner_id"));
  g_assert_true (json_object_get_null_member (free_card, "owner"));
  g_assert_nonnull (json_object_get_string_member (free_card, "first_purchase_pos"));

  missing = ld_storage_get_card (seeded, "1234567890123", &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_cards_free_pool_pages (void)
{
  static const char * const keys[] = { "number", NULL };
  ListQuery query = { LIST_CARDS, .filter = "issued" };
  g_autoptr(GPtrArray) pool = walk (&query, 7, NULL);

  g_assert_cmpint (pool->len, ==, ld_test_storage_int (seeded, "SELECT count(*) FROM cards WHERE state = 'issued'"));
  assert_sorted (pool, keys, TRUE);
  for (guint i = 0; i < pool->len; i++)
    g_assert_cmpstr (json_object_get_string_member (pool->pdata[i], "state"), ==, "issued");
}

/* ---- histories */

static void
test_purchases_sort_and_page (void)
{
  static const char * const date_keys[] = { "purchased_at", "-id", NULL };
  static const char * const pos_keys[] = { "pos", "purchased_at", "-id", NULL };
  static const char * const program_keys[] = { "program", "purchased_at", "-id", NULL };
  static const struct { const char *sort; const char * const *keys; } sorts[] = {
    { "date", date_keys }, { "pos", pos_keys }, { "program", program_keys },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint asc = 0; asc < 2; asc++)
      {
        ListQuery query = { LIST_PURCHASES, .member_id = 1, .purchases = { sorts[s].sort, asc, NULL, NULL } };
        g_autoptr(GPtrArray) all = walk (&query, 97, NULL);

        g_assert_cmpuint (all->len, ==, 1200);
        assert_unique_ids (all, "id");
        assert_sorted (all, sorts[s].keys, asc);
      }
}

static void
test_purchases_filters (void)
{
  static const char * const statuses[] = { "confirmed", "incomplete", "canceled" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *receipt = ld_test_storage_text (seeded, "SELECT receipt FROM purchases WHERE member_id = 1 LIMIT 1 OFFSET 500");
  LdPurchaseQuery by_receipt = { "date", FALSE, NULL, receipt };
  LdPurchaseQuery bad_sort = { "amount", FALSE, NULL, NULL };
  LdPageRequest request = { 50, NULL };
  guint sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      ListQuery query = { LIST_PURCHASES, .member_id = 1, .purchases = { "pos", TRUE, statuses[i], NULL } };
      g_autoptr(GPtrArray) all = walk (&query, 100, NULL);

      g_assert_cmpuint (all->len, >, 0);
      for (guint j = 0; j < all->len; j++)
        g_assert_cmpstr (json_object_get_string_member (all->pdata[j], "status"), ==, statuses[i]);
      sum += all->len;
    }
  g_assert_cmpuint (sum, ==, 1200);

  page = ld_storage_list_purchases (seeded, 1, &by_receipt, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first_item (page), "receipt"), ==, receipt);
  g_clear_pointer (&page, json_object_unref);

  page = ld_storage_list_purchases (seeded, 1, &bad_sort, &request, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_assert_null (page);
  g_clear_error (&error);

  page = ld_storage_list_purchases (seeded, 999999, &by_receipt, &request, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_null (page);
}

static void
test_operations_sort_and_filter (void)
{
  static const char * const date_keys[] = { "performed_at", "-id", NULL };
  static const char * const card_keys[] = { "card", "performed_at", "-id", NULL };
  ListQuery by_date = { LIST_OPERATIONS, .member_id = 1, .operations = { "date", FALSE, NULL } };
  ListQuery by_card = { LIST_OPERATIONS, .member_id = 1, .operations = { "card", TRUE, NULL } };
  ListQuery one_card = { LIST_OPERATIONS, .member_id = 1, .operations = { "date", TRUE, "2700000000002" } };
  g_autoptr(GPtrArray) dated = walk (&by_date, 64, NULL);
  g_autoptr(GPtrArray) carded = walk (&by_card, 500, NULL);
  g_autoptr(GPtrArray) filtered = walk (&one_card, 1, NULL);

  g_assert_cmpuint (dated->len, ==, 600);
  assert_unique_ids (dated, "id");
  assert_sorted (dated, date_keys, FALSE);
  g_assert_cmpuint (carded->len, ==, 600);
  assert_sorted (carded, card_keys, TRUE);
  g_assert_cmpuint (filtered->len, ==, ld_test_storage_int (seeded, "SELECT count(*) FROM operations WHERE card = '2700000000002'"));
  g_assert_cmpuint (filtered->len, >, 0);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpstr (json_object_get_string_member (filtered->pdata[i], "card"), ==, "2700000000002");
}

static void
test_messages_filters (void)
{
  static const char * const date_keys[] = { "sent_at", "-id", NULL };
  ListQuery all_query = { LIST_MESSAGES, .member_id = 1 };
  ListQuery range = { LIST_MESSAGES, .member_id = 1, .messages = { "2025-01-01", "2025-06-30", NULL, NULL } };
  ListQuery exact = { LIST_MESSAGES, .member_id = 1, .messages = { "2025-01-01T00:00:00+03:00", NULL, "delivered", "sms" } };
  LdMessageQuery bad = { "yesterday", NULL, NULL, NULL };
  g_autoptr(GPtrArray) all = walk (&all_query, 33, NULL);
  g_autoptr(GPtrArray) ranged = walk (&range, 10, NULL);
  g_autoptr(GPtrArray) filtered = walk (&exact, 10, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = NULL;
  LdPageRequest request = { 10, NULL };

  g_assert_cmpuint (all->len, ==, 300);
  assert_unique_ids (all, "id");
  assert_sorted (all, date_keys, FALSE);

  g_assert_cmpuint (ranged->len, ==, ld_test_storage_int (seeded, "SELECT count(*) FROM messages WHERE member_id = 1 AND "
                                                    "sent_at >= '2025-01-01T00:00:00Z' AND sent_at <= '2025-06-30T23:59:59Z'"));
  g_assert_cmpuint (ranged->len, >, 0);
  for (guint i = 0; i < ranged->len; i++)
    {
      const char *sent = json_object_get_string_member (ranged->pdata[i], "sent_at");

      g_assert_cmpstr (sent, >=, "2025-01-01");
      g_assert_cmpstr (sent, <, "2025-07-01");
    }

  g_assert_cmpuint (filtered->len, >, 0);
  for (guint i = 0; i < filtered->len; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (filtered->pdata[i], "status"), ==, "delivered");
      g_assert_cmpstr (json_object_get_string_member (filtered->pdata[i], "channel"), ==, "sms");
      g_assert_cmpstr (json_object_get_string_member (filtered->pdata[i], "sent_at"), >=, "2024-12-31T21:00:00Z");
    }

  page = ld_storage_list_messages (seeded, 1, &bad, &request, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_assert_null (page);
}

static void
test_actions_newest_first (void)
{
  static const char * const keys[] = { "created_at", "-id", NULL };
  ListQuery query = { LIST_ACTIONS, .member_id = 1 };
  g_autoptr(GPtrArray) all = walk (&query, 25, NULL);

  g_assert_cmpuint (all->len, ==, ld_test_storage_int (seeded, "SELECT count(*) FROM actions WHERE member_id = 1"));
  g_assert_cmpuint (all->len, >, 100);
  assert_unique_ids (all, "id");
  assert_sorted (all, keys, FALSE);
  for (guint i = 0; i < all->len; i++)
    {
      g_assert_nonnull (json_object_get_string_member (all->pdata[i], "operator_login"));
      g_assert_nonnull (json_object_get_string_member (all->pdata[i], "action"));
    }
}

static void
test_favorites_and_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) favorites = ld_storage_get_favorites (seeded, 1, &error);
  g_autoptr(GPtrArray) history = NULL;

  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (favorites, "enabled"));
  g_assert_cmpint (json_object_get_int_member (favorites, "max"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (favorites, "count"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (favorites, "items")), ==, 5);
  g_assert_nonnull (json_object_get_string_member (first_item (favorites), "name"));

  history = walk (&(ListQuery) { LIST_FAVORITES_HISTORY, .member_id = 1 }, 2, NULL);
  g_assert_cmpuint (history->len, ==, 7);   /* six added, one of them removed again */
  assert_unique_ids (history, "id");
}

static void
test_subscriptions_every_pair (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) subscriptions = ld_storage_get_subscriptions (seeded, 7, &error);
  JsonArray *items;
  guint disabled = 0;

  g_assert_no_error (error);
  items = json_object_get_array_member (subscriptions, "items");
  g_assert_cmpuint (json_array_get_length (items), ==,
                    json_array_get_length (json_object_get_array_member (subscriptions, "mailing_types")) *
                    json_array_get_length (json_object_get_array_member (subscriptions, "channels")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (item, "enabled"))
        {
          disabled++;
          if (g_str_equal (json_object_get_string_member (item, "mailing_type"), "promotions"))
            g_assert_cmpstr (json_object_get_string_member (item, "channel"), ==, "sms");
        }
    }
  g_assert_cmpuint (disabled, ==, 2);
}

static void
test_products_search (void)
{
  g_autoptr(GError) error = NULL;
  LdPageRequest request = { 50, NULL };
  g_autoptr(JsonObject) milk = ld_storage_list_products (seeded, "МОЛОКО", &request, &error);
  g_autoptr(JsonObject) sku = NULL;
  g_autoptr(JsonObject) percent = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (milk, "total"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first_item (milk), "sku"), ==, "100001");
  sku = ld_storage_list_products (seeded, "100002", &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (sku, "total"), ==, 1);
  /* a LIKE wildcard is a plain character: six products say "%" */
  percent = ld_storage_list_products (seeded, "%", &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (percent, "total"), ==, 6);
}

static void
test_outbox_by_phone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = ld_test_storage_text (seeded, "SELECT phone FROM members WHERE id = 3");
  LdPageRequest request = { 50, NULL };
  g_autoptr(JsonObject) page = ld_storage_list_outbox (seeded, phone, &request, &error);
  JsonObject *item;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 1);
  item = first_item (page);
  g_assert_cmpstr (json_object_get_string_member (item, "to"), ==, phone);
  g_assert_cmpstr (json_object_get_string_member (item, "channel"), ==, "sms");
  g_assert_nonnull (strstr (json_object_get_string_member (item, "text"), "demo1234"));
}

/* ---- calls, operators, sessions, idempotency: each on a fresh file */

static LdStorage *
open_fresh (const char *name)
{
  g_autofree char *path = new_path (name);
  g_autoptr(GError) error = NULL;
  LdStorage *storage = ld_storage_open (path, &error);

  g_assert_no_error (error);
  return storage;
}

static void
test_calls_find_the_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = ld_test_storage_text (seeded, "SELECT phone FROM members WHERE id = 9");
  g_autoptr(JsonObject) known = ld_storage_create_call (seeded, phone, 0, &error);
  g_autoptr(JsonObject) unknown = NULL;
  JsonObject *call;

  g_assert_no_error (error);
  call = json_object_get_object_member (known, "call");
  g_assert_cmpint (json_object_get_int_member (call, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (call, "phone"), ==, phone);
  g_assert_nonnull (json_object_get_string_member (call, "started_at"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (known, "member"), "id"), ==, 9);

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM actions WHERE action = 'call.start' AND "
                                            "target = 'call:%" G_GINT64_FORMAT "' AND member_id = 9",
                                            json_object_get_int_member (call, "id"));

    g_assert_cmpint (ld_test_storage_int (seeded, sql), ==, 1);
  }

  unknown = ld_storage_create_call (seeded, "+79990001122", 0, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (unknown, "member"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (unknown, "call"), "id"), >,
                   json_object_get_int_member (call, "id"));
}

/* the per-address window: counted in one row, a new window once the last is over, a
 * right password taken back from its own window only, ended windows swept */
static void
test_address_windows (void)
{
  g_autoptr(LdStorage) storage = open_fresh ("throttle.db");
  g_autoptr(GError) error = NULL;
  const gint64 minute = 60 * G_USEC_PER_SEC;
  const gint64 t = 1000 * minute;
  gint64 start = -1, failures = -1;

  g_assert_true (ld_storage_get_address_window (storage, "10.0.0.1", &start, &failures, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (failures, ==, 0);

  for (gint64 i = 1; i <= 3; i++)
    {
      g_assert_true (ld_storage_count_address_attempt (storage, "10.0.0.1", t + i, minute, FALSE,
                                                       &start, &failures, &error));
      g_assert_no_error (error);
      g_assert_cmpint (start, ==, t + 1);
      g_assert_cmpint (failures, ==, i);
    }
  g_assert_true (ld_storage_forgive_address_attempt (storage, "10.0.0.1", t + 1, &error));
  g_assert_true (ld_storage_get_address_window (storage, "10.0.0.1", &start, &failures, &error));
  g_assert_cmpint (failures, ==, 2);
  /* another window's start takes nothing back */
  g_assert_true (ld_storage_forgive_address_attempt (storage, "10.0.0.1", t, &error));
  g_assert_true (ld_storage_get_address_window (storage, "10.0.0.1", &start, &failures, &error));
  g_assert_cmpint (failures, ==, 2);

  /* a minute after its start the window is over: the next attempt starts one */
  g_assert_true (ld_storage_count_address_attempt (storage, "10.0.0.2", t + 2, minute, FALSE,
                                                   &start, &failures, &error));
  g_assert_true (ld_storage_count_address_attempt (storage, "10.0.0.1", t + 1 + minute, minute, FALSE,
                                                   &start, &failures, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, t + 1 + minute);
  g_assert_cmpint (failures, ==, 1);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM login_throttle"), ==, 2);

  /* a sweep removes the ended window of 10.0.0.2, not the running one */
  g_assert_true (ld_storage_count_address_attempt (storage, "10.0.0.1", t + 3 + minute, minute, TRUE,
                                                   &start, &failures, &error));
  g_assert_no_error (error);
  g_assert_cmpint (failures, ==, 2);
  g_assert_cmpint (ld_test_storage_int (storage, "SELECT count(*) FROM login_throttle"), ==, 1);
}

static void
test_login_failures_lock (void)
{
  g_autoptr(LdStorage) storage = open_fresh ("login.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperatorRecord) record = NULL;
  const char * const granted[] = { "member.merge", NULL };
  const char * const denied[] = { "card.link", NULL };
  gint64 id;

  id = ld_storage_create_operator (storage, "olga", "Ольга", "agent", "$argon2id$fake", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (ld_storage_create_operator (storage, "olga", "Ольга", "agent", "$argon2id$x", &error), ==, 0);
  g_assert_error (error, LD_ERROR, LD_ERROR_CONFLICT);
  g_clear_error (&error);

  for (guint i = 1; i <= 4; i++)
    {
      g_assert_true (ld_storage_record_login_failure (storage, id, 5, 5000, &error));
      g_assert_no_error (error);
      record = ld_storage_get_operator (storage, id, &error);
      g_assert_cmpuint (record->failed_logins, ==, i);
      g_assert_cmpint (record->locked_until, ==, 0);
      g_clear_pointer (&record, ld_operator_record_free);
    }
  g_assert_true (ld_storage_record_login_failure (storage, id, 5, 5000, &error));
  record = ld_storage_get_operator_by_login (storage, "olga", &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->locked_until, ==, 5000);
  g_assert_cmpuint (record->failed_logins, ==, 0);
  g_clear_pointer (&record, ld_operator_record_free);

  g_assert_true (ld_storage_reset_login_failures (storage, id, &error));
  record = ld_storage_get_operator (storage, id, &error);
  g_assert_cmpint (record->locked_until, ==, 0);
  g_clear_pointer (&record, ld_operator_record_free);

  g_assert_true (ld_storage_set_operator_rights (storage, id, granted, denied, &error));
  g_assert_no_error (error);
  record = ld_storage_get_operator (storage, id, &error);
  g_assert_cmpstrv (record->granted, granted);
  g_assert_cmpstrv (record->denied, denied);
  g_clear_pointer (&record, ld_operator_record_free);

  g_assert_false (ld_storage_record_login_failure (storage, 4242, 5, 5000, &error));
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  record = ld_storage_get_operator_by_login (storage, "nobody", &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_null (record);
}

static void
test_sessions_expire (void)
{
  g_autoptr(LdStorage) storage = open_fresh ("sessions.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperatorRecord) record = NULL;
  gint64 expires = 0;
  gint64 id;

  id = ld_storage_create_operator (storage, "ivan", NULL, "supervisor", "$argon2id$fake", &error);
  g_assert_no_error (error);
  g_assert_true (ld_storage_create_session (storage, "hash-1", id, G_GINT64_CONSTANT (4000000000), &error));
  g_assert_no_error (error);

  record = ld_storage_lookup_session (storage, "hash-1", G_GINT64_CONSTANT (3999999999), &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->id, ==, id);
  g_assert_cmpstr (record->login, ==, "ivan");
  g_assert_cmpstr (record->role, ==, "supervisor");
  g_assert_cmpint (expires, ==, G_GINT64_CONSTANT (4000000000));
  g_clear_pointer (&record, ld_operator_record_free);

  record = ld_storage_lookup_session (storage, "hash-1", G_GINT64_CONSTANT (4000000000), NULL, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_assert_null (record);
  g_clear_error (&error);

  record = ld_storage_lookup_session (storage, "hash-2", 0, NULL, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_true (ld_storage_delete_session (storage, "hash-1", &error));
  record = ld_storage_lookup_session (storage, "hash-1", 0, NULL, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_assert_null (record);
}

#define BLOCK_PATH "/api/v1/cards/1/block"

static LdIdempotencyClaim
claim (LdStorage   *storage,
       gint64       operator_id,
       const char  *key,
       const char  *path,
       const char  *request_hash,
       guint       *stored_status,
       char       **stored_body)
{
  g_autoptr(LdStoredResponse) stored = NULL;
  g_autoptr(GError) error = NULL;
  LdIdempotencyClaim result;

  result = ld_storage_idempotency_claim (storage, operator_id, key, "POST", path, request_hash, &stored, &error);
  g_assert_no_error (error);
  g_assert_true ((stored != NULL) == (result == LD_IDEMPOTENCY_ANSWERED));
  if (stored != NULL && stored_status != NULL)
    *stored_status = stored->status;
  if (stored != NULL && stored_body != NULL)
    *stored_body = g_strdup (stored->body);
  return result;
}

/* a key is claimed before its request runs, filled with the first answer, or released */
static void
test_idempotency_claim_fill_and_release (void)
{
  g_autoptr(LdStorage) storage = open_fresh ("idempotency.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStoredResponse) response = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-a", NULL, NULL), ==, LD_IDEMPOTENCY_CLAIMED);
  /* while its request runs: the same request waits, another body is refused */
  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-a", NULL, NULL), ==, LD_IDEMPOTENCY_IN_FLIGHT);
  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-b", NULL, NULL), ==, LD_IDEMPOTENCY_REUSED);
  /* a claim in flight is no answer */
  response = ld_storage_idempotency_lookup (storage, 1, "key-1", "POST", BLOCK_PATH, &error);
  g_assert_no_error (error);
  g_assert_null (response);

  g_assert_true (ld_storage_idempotency_fill (storage, 1, "key-1", "POST", BLOCK_PATH, 200, "{\"first\":true}", &error));
  g_assert_no_error (error);
  /* a second fill keeps the first answer */
  g_assert_true (ld_storage_idempotency_fill (storage, 1, "key-1", "POST", BLOCK_PATH, 409, "{\"second\":true}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-a", &status, &body), ==, LD_IDEMPOTENCY_ANSWERED);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (body, ==, "{\"first\":true}");
  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-b", NULL, NULL), ==, LD_IDEMPOTENCY_REUSED);

  /* another operator or another request is another key */
  g_assert_cmpint (claim (storage, 2, "key-1", BLOCK_PATH, "hash-a", NULL, NULL), ==, LD_IDEMPOTENCY_CLAIMED);
  g_assert_cmpint (claim (storage, 1, "key-1", "/api/v1/cards/2/block", "hash-a", NULL, NULL), ==,
                   LD_IDEMPOTENCY_CLAIMED);

  /* a released claim (its request was refused) frees the key */
  g_assert_cmpint (claim (storage, 1, "key-2", BLOCK_PATH, "hash-a", NULL, NULL), ==, LD_IDEMPOTENCY_CLAIMED);
  g_assert_true (ld_storage_idempotency_release (storage, 1, "key-2", "POST", BLOCK_PATH, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim (storage, 1, "key-2", BLOCK_PATH, "hash-b", NULL, NULL), ==, LD_IDEMPOTENCY_CLAIMED);

  /* a key answers for a day: the next fill forgets older ones */
  g_assert_true (ld_database_exec (storage->db,
                                   "UPDATE idempotency SET created_at = '2020-01-01T00:00:00Z' WHERE key = 'key-1'",
                                   &error));
  g_assert_true (ld_storage_idempotency_fill (storage, 1, "key-2", "POST", BLOCK_PATH, 200, "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim (storage, 1, "key-1", BLOCK_PATH, "hash-b", NULL, NULL), ==, LD_IDEMPOTENCY_CLAIMED);
  response = ld_storage_idempotency_lookup (storage, 1, "key-2", "POST", BLOCK_PATH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("ld-storage-XXXXXX", &error);
  g_assert_no_error (error);
  seeded_path = new_path ("demo.db");
  seeded = ld_storage_open (seeded_path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_storage_seed_demo (seeded, N_DEMO, &error));
  g_assert_no_error (error);
  {
    g_autofree char *wal = g_strconcat (seeded_path, "-wal", NULL);
    GStatBuf buf;

    if (g_stat (wal, &buf) == 0)
      wal_after_seed = buf.st_size;
  }

  g_test_add_func ("/storage/open/migrates-and-reopens", test_open_migrates_and_reopens);
  g_test_add_func ("/storage/open/refuses-newer-schema", test_open_refuses_a_newer_schema);
  g_test_add_func ("/storage/open/reports-a-bad-path", test_open_reports_a_bad_path);
  g_test_add_func ("/storage/database/parameters-and-cache", test_database_parameters_and_cache);
  g_test_add_func ("/storage/config/default-and-round-trip", test_config_default_and_round_trip);
  g_test_add_func ("/storage/seed/deterministic", test_seed_is_deterministic);
  g_test_add_func ("/storage/seed/shape", test_seed_shape);
  g_test_add_func ("/storage/seed/empties-the-wal", test_seed_empties_the_wal);
  g_test_add_func ("/storage/seed/large-keeps-history-short", test_seed_large_keeps_history_short);
  g_test_add_func ("/storage/search/phone", test_search_by_phone);
  g_test_add_func ("/storage/search/card", test_search_by_card);
  g_test_add_func ("/storage/search/email-any-case", test_search_by_email_any_case);
  g_test_add_func ("/storage/search/birth-date", test_search_by_birth_date);
  g_test_add_func ("/storage/search/name-cyrillic-prefix", test_search_by_name_cyrillic_prefix);
  g_test_add_func ("/storage/search/name-uses-index", test_search_name_uses_index);
  g_test_add_func ("/storage/search/combined-and-empty", test_search_combined_and_empty);
  g_test_add_func ("/storage/search/summary-seeded-for-everyone", test_summary_seeded_for_everyone);
  g_test_add_func ("/storage/search/summary-equals-rendered", test_summary_equals_rendered);
  g_test_add_func ("/storage/search/summary-follows-every-change", test_summary_follows_every_change);
  g_test_add_func ("/storage/search/summary-migrated-from-schema-2", test_summary_migrated_from_schema_2);
  g_test_add_func ("/storage/search/summary-plans", test_summary_search_plans);
  g_test_add_func ("/storage/paging/bad-cursor", test_bad_cursor);
  g_test_add_func ("/storage/paging/total-as-of-first-page", test_paging_total_as_of_first_page);
  g_test_add_func ("/storage/paging/forged-cursor", test_paging_forged_cursor);
  g_test_add_func ("/storage/members/profile-shape", test_member_profile_shape);
  g_test_add_func ("/storage/cards/get", test_card_get);
  g_test_add_func ("/storage/cards/free-pool-pages", test_cards_free_pool_pages);
  g_test_add_func ("/storage/purchases/sort-and-page", test_purchases_sort_and_page);
  g_test_add_func ("/storage/purchases/filters", test_purchases_filters);
  g_test_add_func ("/storage/operations/sort-and-filter", test_operations_sort_and_filter);
  g_test_add_func ("/storage/messages/filters", test_messages_filters);
  g_test_add_func ("/storage/actions/newest-first", test_actions_newest_first);
  g_test_add_func ("/storage/favorites/items-and-history", test_favorites_and_history);
  g_test_add_func ("/storage/subscriptions/every-pair", test_subscriptions_every_pair);
  g_test_add_func ("/storage/products/search", test_products_search);
  g_test_add_func ("/storage/outbox/by-phone", test_outbox_by_phone);
  g_test_add_func ("/storage/calls/find-the-member", test_calls_find_the_member);
  g_test_add_func ("/storage/operators/login-failures-lock", test_login_failures_lock);
  g_test_add_func ("/storage/operators/address-windows", test_address_windows);
  g_test_add_func ("/storage/sessions/expire", test_sessions_expire);
  g_test_add_func ("/storage/idempotency/claim-fill-and-release", test_idempotency_claim_fill_and_release);

  status = g_test_run ();

  g_clear_object (&seeded);
  ld_test_remove_directory (tmpdir);
  g_free (seeded_path);
  g_free (tmpdir);
  return status;
}

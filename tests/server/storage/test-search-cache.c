/* test-search-cache.c — search summaries in memory: LdSummaryCache on its own, then
 * LdStorage answering searches by phone and by card from it over a real SQLite file,
 * with a second connection to that file writing as another process would */
#define G_LOG_DOMAIN "ld-storage-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ld-summary-cache.h"
#include "ld-test-server.h"
#include "ld-test-storage.h"

static char *tmpdir;

/* ---- LdSummaryCache */

static void
assert_found (LdSummaryCache *cache,
              LdSummaryKey    key,
              const char     *value,
              const char     *json)
{
  gsize length = 0;
  const char *found = ld_summary_cache_lookup (cache, key, value, &length);

  g_assert_cmpstr (found, ==, json);
  if (json != NULL)
    g_assert_cmpuint (length, ==, strlen (json));
}

static void
test_cache_finds_by_phone_and_card (void)
{
  g_autoptr(LdSummaryCache) cache = ld_summary_cache_new (10);

  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", 1, "{\"id\":1}", 8);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", "{\"id\":1}");
  /* a phone is not a card number */
  assert_found (cache, LD_SUMMARY_KEY_CARD, "+79990000001", NULL);

  /* the member found again by two cards keeps its phone */
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000011", 1, "{\"id\":1}", 8);
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000012", 1, "{\"id\":1}", 8);
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000012", 1, "{\"id\":1}", 8);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", "{\"id\":1}");
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000011", "{\"id\":1}");
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000012", "{\"id\":1}");
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 1);

  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000002", 2, "{\"id\":2}", 8);
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 2);

  /* forgetting a member forgets every value that found it, and only those */
  ld_summary_cache_forget (cache, 1);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", NULL);
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000011", NULL);
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000012", NULL);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000002", "{\"id\":2}");
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 1);
  ld_summary_cache_forget (cache, 1);
  ld_summary_cache_forget (cache, 99);
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 1);
}

static void
test_cache_takes_the_latest_answer (void)
{
  g_autoptr(LdSummaryCache) cache = ld_summary_cache_new (10);

  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", 1, "{\"id\":1}", 8);
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000011", 1, "{\"id\":1}", 8);

  /* the card now finds member 3: member 1 is forgotten whole, phone too */
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000011", 3, "{\"id\":3}", 8);
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000011", "{\"id\":3}");
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", NULL);

  /* member 3 shown otherwise: the old text and the values that found it go */
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000003", 3, "{\"id\":3,\"x\":1}", 14);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000003", "{\"id\":3,\"x\":1}");
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000011", NULL);
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 1);
}

static void
test_cache_size_limit (void)
{
  g_autoptr(LdSummaryCache) cache = ld_summary_cache_new (3);
  g_autoptr(LdSummaryCache) none = ld_summary_cache_new (0);
  g_autofree char *big = NULL;
  GString *text = g_string_new ("{\"id\":9,\"padding\":\"");

  for (gint64 id = 1; id <= 3; id++)
    {
      g_autofree char *phone = g_strdup_printf ("+7999000000%" G_GINT64_FORMAT, id);

      ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, phone, id, "{}", 2);
    }
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 3);
  /* full: it starts again with the newcomer alone */
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000004", 4, "{}", 2);
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 1);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000001", NULL);
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000004", "{}");

  /* a summary longer than a slab block is kept too */
  while (text->len < 10000)
    g_string_append (text, "абвгд");
  g_string_append (text, "\"}");
  big = g_string_free (text, FALSE);
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, "2000000000099", 9, big, strlen (big));
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000099", big);
  ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, "+79990000009", 9, big, strlen (big));
  assert_found (cache, LD_SUMMARY_KEY_PHONE, "+79990000009", big);
  ld_summary_cache_clear (cache);
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 0);
  assert_found (cache, LD_SUMMARY_KEY_CARD, "2000000000099", NULL);

  ld_summary_cache_insert (none, LD_SUMMARY_KEY_PHONE, "+79990000001", 1, "{}", 2);
  g_assert_cmpuint (ld_summary_cache_get_size (none), ==, 0);
  assert_found (none, LD_SUMMARY_KEY_PHONE, "+79990000001", NULL);
}

/* many members, found and forgotten in turn: blocks are reused and every answer stays its own */
static void
test_cache_many_members (void)
{
  g_autoptr(LdSummaryCache) cache = ld_summary_cache_new (100000);

  for (gint64 id = 1; id <= 20000; id++)
    {
      g_autofree char *phone = g_strdup_printf ("+7999%07" G_GINT64_FORMAT, id);
      g_autofree char *card = g_strdup_printf ("2%012" G_GINT64_FORMAT, id);
      g_autofree char *json = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"%*s\"}", id,
                                               (int) (id % 700), "");

      ld_summary_cache_insert (cache, LD_SUMMARY_KEY_PHONE, phone, id, json, strlen (json));
      if (id % 3 == 0)
        ld_summary_cache_insert (cache, LD_SUMMARY_KEY_CARD, card, id, json, strlen (json));
      if (id % 5 == 0)
        ld_summary_cache_forget (cache, id - 2);
    }
  g_assert_cmpuint (ld_summary_cache_get_size (cache), ==, 20000 - 4000);
  for (gint64 id = 1; id <= 20000; id++)
    {
      g_autofree char *phone = g_strdup_printf ("+7999%07" G_GINT64_FORMAT, id);
      g_autofree char *card = g_strdup_printf ("2%012" G_GINT64_FORMAT, id);
      g_autofree char *json = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"%*s\"}", id,
                                               (int) (id % 700), "");
      gboolean forgotten = (id + 2) % 5 == 0 && id + 2 <= 20000;

      assert_found (cache, LD_SUMMARY_KEY_PHONE, phone, forgotten ? NULL : json);
      assert_found (cache, LD_SUMMARY_KEY_CARD, card, forgotten || id % 3 != 0 ? NULL : json);
    }
}

/* ---- LdStorage: searches answered from memory */

static LdStorage *
open_storage (const char *path)
{
  g_autoptr(GError) error = NULL;
  LdStorage *storage = ld_storage_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (storage);
  return storage;
}

/* a fresh database of 40 demo members, opened, and one member's phone and main card */
typedef struct
{
  char      *path;
  LdStorage *storage;
  gint64     member_id;
  char      *phone;
  char      *card;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  member_id)
{
  static guint n_databases;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("test-%u.db", ++n_databases);
  g_autofree char *phone_sql = NULL;
  g_autofree char *card_sql = NULL;

  fixture->path = g_build_filename (tmpdir, name, NULL);
  fixture->storage = open_storage (fixture->path);
  g_assert_true (ld_storage_seed_demo (fixture->storage, 40, &error));
  g_assert_no_error (error);
  /* searched from a fresh connection, as the server's after seeding */
  g_clear_object (&fixture->storage);
  fixture->storage = open_storage (fixture->path);

  fixture->member_id = GPOINTER_TO_INT (member_id);
  phone_sql = g_strdup_printf ("SELECT phone FROM members WHERE id = %" G_GINT64_FORMAT, fixture->member_id);
  card_sql = g_strdup_printf ("SELECT number FROM cards WHERE owner_id = %" G_GINT64_FORMAT " AND main = 1",
                              fixture->member_id);
  fixture->phone = ld_test_storage_text (fixture->storage, phone_sql);
  fixture->card = ld_test_storage_text (fixture->storage, card_sql);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  member_id)
{
  g_clear_object (&fixture->storage);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->phone, g_free);
  g_clear_pointer (&fixture->card, g_free);
}

/* ld_storage_get_search_cache_stats() as one value */
typedef struct
{
  guint   members;    /* kept in memory */
  guint64 answered;   /* searches answered from there */
} CacheStats;

static CacheStats
stats (LdStorage *storage)
{
  CacheStats stats;

  ld_storage_get_search_cache_stats (storage, &stats.members, &stats.answered);
  return stats;
}

static void
test_storage_answers_from_memory (Fixture       *fixture,
                                  gconstpointer  data)
{
  LdStorage *storage = fixture->storage;
  const char *phone = fixture->phone;
  const char *card = fixture->card;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *by_card = NULL;
  g_autofree char *by_card_again = NULL;
  g_autofree char *nobody = NULL;

  first = ld_test_storage_search (storage, phone, NULL);
  g_assert_nonnull (strstr (first, "\"total\":1"));
  g_assert_cmpuint (stats (storage).answered, ==, 0);
  g_assert_cmpuint (stats (storage).members, ==, 1);
  again = ld_test_storage_search (storage, phone, NULL);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpuint (stats (storage).answered, ==, 1);

  by_card = ld_test_storage_search (storage, NULL, card);
  by_card_again = ld_test_storage_search (storage, NULL, card);
  g_assert_cmpstr (by_card, ==, first);
  g_assert_cmpstr (by_card_again, ==, first);
  g_assert_cmpuint (stats (storage).answered, ==, 2);
  g_assert_cmpuint (stats (storage).members, ==, 1);

  /* nobody found is not remembered; both criteria at once go to the database */
  nobody = ld_test_storage_search (storage, "+79000000009", NULL);
  g_assert_cmpstr (nobody, ==, "{\"items\":[],\"next_cursor\":null,\"total\":0}");
  g_clear_pointer (&nobody, g_free);
  nobody = ld_test_storage_search (storage, "+79000000009", NULL);
  g_assert_cmpuint (stats (storage).answered, ==, 2);
  g_clear_pointer (&again, g_free);
  again = ld_test_storage_search (storage, phone, card);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpuint (stats (storage).answered, ==, 2);

  /* none kept: every search reads the database */
  ld_storage_set_search_cache_size (storage, 0);
  g_clear_pointer (&again, g_free);
  again = ld_test_storage_search (storage, phone, NULL);
  g_clear_pointer (&again, g_free);
  again = ld_test_storage_search (storage, phone, NULL);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpuint (stats (storage).members, ==, 0);
  g_assert_cmpuint (stats (storage).answered, ==, 2);
}

/* changes through the same storage: every column a search shows, and a card moving */
static void
test_storage_sees_its_own_changes (Fixture       *fixture,
                                   gconstpointer  data)
{
  LdStorage *storage = fixture->storage;
  const char *phone = fixture->phone;
  const char *card = fixture->card;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;

  g_free (ld_test_storage_search (storage, phone, NULL));
  g_free (ld_test_storage_search (storage, NULL, card));
  g_assert_cmpuint (stats (storage).members, ==, 1);

  ld_test_storage_exec (storage, "UPDATE members SET first_name = 'Перемена' WHERE id = 6");
  g_assert_cmpuint (stats (storage).members, ==, 0);
  text = ld_test_storage_search (storage, phone, NULL);
  g_assert_nonnull (strstr (text, "\"first_name\":\"Перемена\""));
  g_clear_pointer (&text, g_free);
  text = ld_test_storage_search (storage, NULL, card);
  g_assert_nonnull (strstr (text, "\"first_name\":\"Перемена\""));
  g_clear_pointer (&text, g_free);

  ld_test_storage_exec (storage, "UPDATE accounts SET balance = 31337 WHERE id = (SELECT account_id FROM members WHERE id = 6)");
  text = ld_test_storage_search (storage, NULL, card);
  g_assert_nonnull (strstr (text, "\"balance\":31337"));
  g_clear_pointer (&text, g_free);

  /* the main card moves to member 8: a search by its number finds 8 */
  g_free (ld_test_storage_search (storage, NULL, card));
  g_assert_cmpuint (stats (storage).members, ==, 1);
  sql = g_strdup_printf ("UPDATE cards SET main = 0, owner_id = 8 WHERE number = '%s'", card);
  ld_test_storage_exec (storage, sql);
  text = ld_test_storage_search (storage, NULL, card);
  g_assert_nonnull (strstr (text, "{\"items\":[{\"id\":8,"));
  g_clear_pointer (&text, g_free);

  /* a new phone: the old one finds nobody */
  g_free (ld_test_storage_search (storage, phone, NULL));
  ld_test_storage_exec (storage, "UPDATE members SET phone = '+79000000066' WHERE id = 6");
  text = ld_test_storage_search (storage, phone, NULL);
  g_assert_cmpstr (text, ==, "{\"items\":[],\"next_cursor\":null,\"total\":0}");
  g_clear_pointer (&text, g_free);
  text = ld_test_storage_search (storage, "+79000000066", NULL);
  g_assert_nonnull (strstr (text, "{\"items\":[{\"id\":6,"));
}

/* another connection (as another process) changes the member: the next search after
 * ld_storage_expect_changes() reads the database again */
static void
test_storage_sees_another_connection (Fixture       *fixture,
                                      gconstpointer  data)
{
  LdStorage *storage = fixture->storage;
  g_autoptr(LdStorage) other = open_storage (fixture->path);
  const char *phone = fixture->phone;
  g_autofree char *text = NULL;
  guint64 answered;

  ld_storage_expect_changes (storage);
  g_free (ld_test_storage_search (storage, phone, NULL));
  g_free (ld_test_storage_search (storage, phone, NULL));
  answered = stats (storage).answered;
  g_assert_cmpuint (answered, ==, 1);

  ld_test_storage_exec (other, "UPDATE members SET last_name = 'Другая' WHERE id = 7");
  ld_storage_expect_changes (storage);
  text = ld_test_storage_search (storage, phone, NULL);
  g_assert_nonnull (strstr (text, "\"last_name\":\"Другая\""));
  g_assert_cmpuint (stats (storage).answered, ==, answered);
  g_clear_pointer (&text, g_free);

  /* nothing changed since: memory answers again, with the new name (the search above
   * stored the member's summary anew; the next reads it and keeps it in memory) */
  ld_storage_expect_changes (storage);
  g_free (ld_test_storage_search (storage, phone, NULL));
  g_assert_cmpuint (stats (storage).answered, ==, answered);
  text = ld_test_storage_search (storage, phone, NULL);
  g_assert_nonnull (strstr (text, "\"last_name\":\"Другая\""));
  g_assert_cmpuint (stats (storage).answered, ==, answered + 1);
}

/* a search of @phone that must (or must not) be answered from memory */
static void
assert_search_from_memory (LdStorage  *storage,
                           const char *phone,
                           gboolean    from_memory)
{
  guint64 answered = stats (storage).answered;

  g_free (ld_test_storage_search (storage, phone, NULL));
  g_assert_cmpuint (stats (storage).answered, ==, answered + (from_memory ? 1 : 0));
}

/* another connection's writes, told by the change log: a member changed is forgotten and
 * no other; a write that no summary, session, operator or the configuration shows keeps
 * everything and the generation; a configuration saved moves the generation; a log
 * pruned past what this storage read forgets everything */
static void
test_storage_follows_the_change_log (Fixture       *fixture,
                                     gconstpointer  data)
{
  LdStorage *storage = fixture->storage;
  g_autoptr(LdStorage) other = open_storage (fixture->path);
  g_autofree char *kept = ld_test_storage_text (storage, "SELECT phone FROM members WHERE id = 9");
  const char *changed = fixture->phone;
  guint64 generation;

  ld_storage_expect_changes (storage);
  assert_search_from_memory (storage, changed, FALSE);
  assert_search_from_memory (storage, kept, FALSE);
  assert_search_from_memory (storage, changed, TRUE);
  assert_search_from_memory (storage, kept, TRUE);
  generation = ld_storage_get_generation (storage);

  ld_test_storage_exec (other, "INSERT INTO calls (operator_id, phone, started_at) "
                               "VALUES ((SELECT MIN (id) FROM operators), '+79001112233', '2026-12-07T10:00:00Z')");
  ld_storage_expect_changes (storage);
  assert_search_from_memory (storage, changed, TRUE);
  assert_search_from_memory (storage, kept, TRUE);
  g_assert_cmpuint (ld_storage_get_generation (storage), ==, generation);

  ld_test_storage_exec (other, "UPDATE members SET last_name = 'Другая' WHERE id = 8");
  ld_storage_expect_changes (storage);
  assert_search_from_memory (storage, changed, FALSE);
  assert_search_from_memory (storage, kept, TRUE);
  g_assert_cmpuint (ld_storage_get_generation (storage), ==, generation);

  ld_test_storage_exec (other, "UPDATE config SET updated_at = '2026-12-07T10:00:01Z'");
  ld_storage_expect_changes (storage);
  g_assert_cmpuint (ld_storage_get_generation (storage), !=, generation);
  assert_search_from_memory (storage, kept, TRUE);

  ld_test_storage_exec (other, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                               G_STRINGIFY (LD_CHANGE_LOG_KEEP) " + 100) "
                               "INSERT INTO ld_change_log (kind, id) SELECT 'member', 0 FROM n");
  g_assert_cmpint (ld_test_storage_int (other, "SELECT count(*) FROM ld_change_log"), <=, LD_CHANGE_LOG_KEEP + 100);
  ld_storage_expect_changes (storage);
  assert_search_from_memory (storage, kept, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("ld-search-cache-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/search-cache/finds-by-phone-and-card", test_cache_finds_by_phone_and_card);
  g_test_add_func ("/search-cache/takes-the-latest-answer", test_cache_takes_the_latest_answer);
  g_test_add_func ("/search-cache/size-limit", test_cache_size_limit);
  g_test_add_func ("/search-cache/many-members", test_cache_many_members);
  g_test_add ("/search-cache/storage/answers-from-memory", Fixture, GINT_TO_POINTER (5),
              fixture_set_up, test_storage_answers_from_memory, fixture_tear_down);
  g_test_add ("/search-cache/storage/sees-its-own-changes", Fixture, GINT_TO_POINTER (6),
              fixture_set_up, test_storage_sees_its_own_changes, fixture_tear_down);
  g_test_add ("/search-cache/storage/sees-another-connection", Fixture, GINT_TO_POINTER (7),
              fixture_set_up, test_storage_sees_another_connection, fixture_tear_down);
  g_test_add ("/search-cache/storage/follows-the-change-log", Fixture, GINT_TO_POINTER (8),
              fixture_set_up, test_storage_follows_the_change_log, fixture_tear_down);

  result = g_test_run ();

  ld_test_remove_directory (tmpdir);
  g_free (tmpdir);
  return result;
}

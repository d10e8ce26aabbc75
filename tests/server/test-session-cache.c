/* test-session-cache.c — LdSessionCache on its own: a session lives until it expires or
 * its storage read is a few seconds old, the cache never grows past its cap, and a
 * forgotten session is gone at once. Times are passed in, so no test waits for a clock. */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-rights.h"
#include "ld-session-cache.h"

#define MAX_AGE (5 * G_USEC_PER_SEC)
#define NOW 1800000000                      /* unix seconds */
#define MONOTONIC (1000 * G_USEC_PER_SEC)   /* µs */

static LdSession *
session_new (gint64      id,
             const char *role,
             gint64      expires_at,
             gint64      checked_at)
{
  LdOperatorRecord *op = g_new0 (LdOperatorRecord, 1);

  op->id = id;
  op->login = g_strdup_printf ("operator%" G_GINT64_FORMAT, id);
  op->role = g_strdup (role);
  op->denied = g_new0 (char *, 2);
  op->denied[0] = g_strdup (LD_RIGHT_MEMBER_SEARCH);
  return ld_session_new (op, expires_at, checked_at);
}

static void
test_session_rights (void)
{
  g_autoptr(LdSession) session = session_new (7, "agent", NOW + 60, MONOTONIC);

  /* the effective rights: the role's, less what is denied */
  g_assert_cmpint (session->op->id, ==, 7);
  g_assert_true (ld_rights_contains ((const char * const *) session->rights, LD_RIGHT_MEMBER_VIEW));
  g_assert_false (ld_rights_contains ((const char * const *) session->rights, LD_RIGHT_MEMBER_SEARCH));
}

static void
test_session_cache_hit_and_miss (void)
{
  g_autoptr(LdSessionCache) cache = ld_session_cache_new (MAX_AGE, 100);
  g_autoptr(LdSession) session = session_new (1, "agent", NOW + 60, MONOTONIC);
  g_autoptr(LdSession) found = NULL;
  g_autoptr(LdSession) other = NULL;

  ld_session_cache_insert (cache, "hash-1", session);
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 1);

  found = ld_session_cache_lookup (cache, "hash-1", NOW, MONOTONIC + 1);
  g_assert_true (found == session);
  other = ld_session_cache_lookup (cache, "hash-2", NOW, MONOTONIC + 1);
  g_assert_null (other);
}

static void
test_session_cache_expiry (void)
{
  g_autoptr(LdSessionCache) cache = ld_session_cache_new (MAX_AGE, 100);
  g_autoptr(LdSession) session = session_new (1, "agent", NOW + 60, MONOTONIC);
  g_autoptr(LdSession) kept = NULL;
  LdSession *found;

  ld_session_cache_insert (cache, "hash", session);

  /* read from storage exactly the maximum age ago: still trusted */
  found = ld_session_cache_lookup (cache, "hash", NOW, MONOTONIC + MAX_AGE);
  g_assert_true (found == session);
  ld_session_unref (found);

  /* a microsecond later it must be read again, and it is dropped */
  found = ld_session_cache_lookup (cache, "hash", NOW, MONOTONIC + MAX_AGE + 1);
  g_assert_null (found);
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 0);

  /* the session itself ends at expires_at, however fresh its read */
  ld_session_cache_insert (cache, "hash", session);
  found = ld_session_cache_lookup (cache, "hash", NOW + 59, MONOTONIC);
  g_assert_true (found == session);
  ld_session_unref (found);
  found = ld_session_cache_lookup (cache, "hash", NOW + 60, MONOTONIC);
  g_assert_null (found);
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 0);

  /* a request that took the session before keeps it while the cache drops it */
  ld_session_cache_insert (cache, "hash", session);
  kept = ld_session_cache_lookup (cache, "hash", NOW, MONOTONIC);
  g_clear_pointer (&session, ld_session_unref);
  ld_session_cache_forget (cache, "hash");
  g_assert_cmpint (kept->op->id, ==, 1);
  g_assert_cmpstr (kept->op->login, ==, "operator1");
}

static void
test_session_cache_size_cap (void)
{
  g_autoptr(LdSessionCache) cache = ld_session_cache_new (MAX_AGE, 3);
  g_autoptr(LdSession) last = NULL;
  g_autoptr(LdSession) first = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *hash = g_strdup_printf ("hash-%u", i);
      g_autoptr(LdSession) session = session_new (i + 1, "agent", NOW + 60, MONOTONIC);

      ld_session_cache_insert (cache, hash, session);
    }
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 3);

  /* full: the next session empties it rather than growing it */
  last = session_new (4, "agent", NOW + 60, MONOTONIC);
  ld_session_cache_insert (cache, "hash-3", last);
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 1);
  first = ld_session_cache_lookup (cache, "hash-0", NOW, MONOTONIC);
  g_assert_null (first);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *hash = g_strdup_printf ("more-%u", i);
      g_autoptr(LdSession) session = session_new (i + 10, "agent", NOW + 60, MONOTONIC);

      ld_session_cache_insert (cache, hash, session);
      g_assert_cmpuint (ld_session_cache_get_size (cache), <=, 3);
    }
}

static void
test_session_cache_forget (void)
{
  g_autoptr(LdSessionCache) cache = ld_session_cache_new (MAX_AGE, 100);
  g_autoptr(LdSession) one = session_new (1, "agent", NOW + 60, MONOTONIC);
  g_autoptr(LdSession) two = session_new (2, "supervisor", NOW + 60, MONOTONIC);
  g_autoptr(LdSession) found = NULL;
  LdSession *gone;

  ld_session_cache_insert (cache, "hash-1", one);
  ld_session_cache_insert (cache, "hash-2", two);

  /* a logout forgets its session at once, and only its own */
  ld_session_cache_forget (cache, "hash-1");
  gone = ld_session_cache_lookup (cache, "hash-1", NOW, MONOTONIC);
  g_assert_null (gone);
  found = ld_session_cache_lookup (cache, "hash-2", NOW, MONOTONIC);
  g_assert_true (found == two);

  /* a request without a token has no hash to forget */
  ld_session_cache_forget (cache, NULL);
  ld_session_cache_forget (cache, "never-there");
  g_assert_cmpuint (ld_session_cache_get_size (cache), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/session-cache/effective-rights", test_session_rights);
  g_test_add_func ("/server/session-cache/hit-and-miss", test_session_cache_hit_and_miss);
  g_test_add_func ("/server/session-cache/expiry", test_session_cache_expiry);
  g_test_add_func ("/server/session-cache/size-cap", test_session_cache_size_cap);
  g_test_add_func ("/server/session-cache/forget", test_session_cache_forget);

  return g_test_run ();
}

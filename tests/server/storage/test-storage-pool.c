/* test-storage-pool.c — LdStoragePool over a real SQLite file: reads on connections and
 * threads of their own, as many at once as it has connections, each seeing what the main
 * storage committed before it */
#define G_LOG_DOMAIN "ld-storage-test"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-storage-pool.h"
#include "ld-test-server.h"
#include "ld-test-storage.h"

static char *tmpdir;

typedef struct
{
  char          *path;
  LdStorage     *storage;   /* the main one, which migrated the file */
  LdStoragePool *pool;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("pool-%u.db", n++);

  fixture->path = g_build_filename (tmpdir, name, NULL);
  fixture->storage = ld_storage_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->pool = ld_storage_pool_new (fixture->path, GPOINTER_TO_UINT (user_data), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_storage_pool_get_size (fixture->pool), ==, GPOINTER_TO_UINT (user_data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->pool);
  g_clear_object (&fixture->storage);
  g_free (fixture->path);
}

/* a read that answers at once */
static char *
answer_cb (LdStorage  *reader,
           gpointer    data,
           GError    **error)
{
  return g_strdup ("{}");
}

/* ---- reads that wait for each other: how many run at once, and on which connection */

typedef struct
{
  GMutex     lock;
  GCond      changed;
  guint      running;
  guint      most_running;
  guint      started;
  guint      hold_until;    /* a read returns once this many have started... */
  gboolean   open;          /* ...or the test lets it (10 s at most) */
  GPtrArray *readers;       /* the LdStorage each read ran on */
} Meeting;

static char *
meet_cb (LdStorage  *reader,
         gpointer    data,
         GError    **error)
{
  Meeting *meeting = data;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  g_autoptr(LdStatement) statement = NULL;
  gint64 operators;

  g_mutex_lock (&meeting->lock);
  meeting->running++;
  meeting->started++;
  meeting->most_running = MAX (meeting->most_running, meeting->running);
  g_ptr_array_add (meeting->readers, reader);
  g_cond_broadcast (&meeting->changed);
  while (meeting->started < meeting->hold_until && !meeting->open)
    if (!g_cond_wait_until (&meeting->changed, &meeting->lock, deadline))
      break;
  meeting->running--;
  g_mutex_unlock (&meeting->lock);

  /* a real read on the connection it was given */
  statement = ld_database_prepare (reader->db, "SELECT count(*) FROM operators", error);
  if (statement == NULL || ld_statement_step (statement, error) != LD_STEP_ROW)
    return NULL;
  operators = ld_statement_get_int (statement, 0);
  return g_strdup_printf ("{\"operators\":%" G_GINT64_FORMAT "}", operators);
}

static void
start_reads (Fixture           *fixture,
             LdStorageReadKind  kind,
             Meeting           *meeting,
             guint              n,
             GAsyncResult     **results)
{
  for (guint i = 0; i < n; i++)
    ld_storage_pool_read_async (fixture->pool, kind, meet_cb, meeting, NULL, NULL,
                                ld_test_store_result_cb, &results[i]);
}

static void
meeting_init (Meeting *meeting,
              guint    hold_until)
{
  g_mutex_init (&meeting->lock);
  g_cond_init (&meeting->changed);
  meeting->hold_until = hold_until;
  meeting->readers = g_ptr_array_new ();
}

/* waits until @n reads have started (10 s at most) */
static void
meeting_wait_started (Meeting *meeting,
                      guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&meeting->lock);
  while (meeting->started < n)
    g_assert_true (g_cond_wait_until (&meeting->changed, &meeting->lock, deadline));
  g_mutex_unlock (&meeting->lock);
}

static void
meeting_open (Meeting *meeting)
{
  g_mutex_lock (&meeting->lock);
  meeting->open = TRUE;
  g_cond_broadcast (&meeting->changed);
  g_mutex_unlock (&meeting->lock);
}

static void
meeting_clear (Meeting *meeting)
{
  g_mutex_clear (&meeting->lock);
  g_cond_clear (&meeting->changed);
  g_ptr_array_unref (meeting->readers);
}

static void
assert_answer (Fixture      *fixture,
               GAsyncResult *result,
               const char   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = ld_storage_pool_read_finish (fixture->pool, result, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, expected);
}

/* waits for the @n reads of meet_cb() started into @results, each of which counted no
 * operator */
static void
await_meetings (Fixture       *fixture,
                GAsyncResult **results,
                guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      ld_test_await (&results[i]);
      assert_answer (fixture, results[i], "{\"operators\":0}");
      g_clear_object (&results[i]);
    }
}

/* two reads on a pool of two meet: each waits until the other has started */
static void
test_reads_run_at_once (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GAsyncResult *results[2] = { NULL, };
  Meeting meeting = { 0, };

  meeting_init (&meeting, 2);
  start_reads (fixture, LD_STORAGE_READ_SHORT, &meeting, 2, results);
  await_meetings (fixture, results, 2);

  g_assert_cmpuint (meeting.most_running, ==, 2);
  g_assert_cmpuint (meeting.readers->len, ==, 2);
  g_assert_true (meeting.readers->pdata[0] != meeting.readers->pdata[1]);
  g_assert_true (meeting.readers->pdata[0] != (gpointer) fixture->storage);
  g_assert_true (meeting.readers->pdata[1] != (gpointer) fixture->storage);
  meeting_clear (&meeting);
}

/* three reads on a pool of one: while the first is held, the other two wait for its
 * connection; then they run one after the other on it */
static void
test_reads_wait_for_a_connection (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  GAsyncResult *results[3] = { NULL, };
  Meeting meeting = { 0, };
  guint running = 0, waiting = 0;

  meeting_init (&meeting, G_MAXUINT);
  start_reads (fixture, LD_STORAGE_READ_SHORT, &meeting, 3, results);
  meeting_wait_started (&meeting, 1);
  ld_storage_pool_get_load (fixture->pool, &running, &waiting);
  g_assert_cmpuint (running, ==, 1);
  g_assert_cmpuint (waiting, ==, 2);
  meeting_open (&meeting);
  await_meetings (fixture, results, 3);

  g_assert_cmpuint (meeting.most_running, ==, 1);
  g_assert_cmpuint (meeting.readers->len, ==, 3);
  g_assert_true (meeting.readers->pdata[0] == meeting.readers->pdata[1]);
  g_assert_true (meeting.readers->pdata[1] == meeting.readers->pdata[2]);
  ld_storage_pool_get_load (fixture->pool, &running, &waiting);
  g_assert_cmpuint (running, ==, 0);
  g_assert_cmpuint (waiting, ==, 0);
  meeting_clear (&meeting);
}

/* three scans on a pool of two: one runs, held, and two wait, for scans never take the
 * last connection; a short read meanwhile runs on it at once */
static void
test_short_reads_pass_the_scans (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  GAsyncResult *scans[3] = { NULL, };
  GAsyncResult *result = NULL;
  Meeting meeting = { 0, };
  guint running = 0, waiting = 0;

  meeting_init (&meeting, G_MAXUINT);
  start_reads (fixture, LD_STORAGE_READ_SCAN, &meeting, 3, scans);
  meeting_wait_started (&meeting, 1);
  ld_storage_pool_get_load (fixture->pool, &running, &waiting);
  g_assert_cmpuint (running, ==, 1);
  g_assert_cmpuint (waiting, ==, 2);

  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, answer_cb, NULL, NULL, NULL,
                              ld_test_store_result_cb, &result);
  assert_answer (fixture, ld_test_await (&result), "{}");
  g_clear_object (&result);
  g_assert_cmpuint (meeting.started, ==, 1);

  meeting_open (&meeting);
  await_meetings (fixture, scans, G_N_ELEMENTS (scans));
  g_assert_cmpuint (meeting.most_running, ==, 1);
  meeting_clear (&meeting);
}

/* what the main storage committed is there for the next read */
static void
test_reads_see_what_was_committed (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  Meeting meeting = { 0, };

  meeting_init (&meeting, 1);
  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, meet_cb, &meeting, NULL, NULL, ld_test_store_result_cb, &result);
  assert_answer (fixture, ld_test_await (&result), "{\"operators\":0}");
  g_clear_object (&result);

  g_assert_cmpint (ld_storage_create_operator (fixture->storage, "reader-sees", "Reader Sees", "agent", "x", &error),
                   >, 0);
  g_assert_no_error (error);

  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, meet_cb, &meeting, NULL, NULL, ld_test_store_result_cb, &result);
  assert_answer (fixture, ld_test_await (&result), "{\"operators\":1}");
  g_clear_object (&result);
  meeting_clear (&meeting);
}

/* a reader keeps no configuration: the one saved on the main storage a moment before is
 * what its next read finds */
static char *
read_config_cb (LdStorage  *reader,
                gpointer    data,
                GError    **error)
{
  g_autoptr(JsonObject) config = ld_storage_get_config (reader, error);

  return config != NULL ? g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (config, "max_cards"))
                        : NULL;
}

static void
test_readers_read_the_configuration_saved (Fixture       *fixture,
                                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected = NULL;
  GAsyncResult *result = NULL;
  gint64 operator_id;

  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, read_config_cb, NULL, NULL, NULL, ld_test_store_result_cb, &result);
  before = ld_storage_pool_read_finish (fixture->pool, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  operator_id = ld_storage_create_operator (fixture->storage, "config-admin", "Config Admin", "admin", "x", &error);
  g_assert_no_error (error);
  config = ld_storage_get_config (fixture->storage, &error);
  g_assert_no_error (error);
  json_object_set_int_member (config, "max_cards", g_ascii_strtoll (before, NULL, 10) + 1);
  g_assert_true (ld_storage_put_config (fixture->storage, config, operator_id, &error));
  g_assert_no_error (error);

  expected = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (before, NULL, 10) + 1);
  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, read_config_cb, NULL, NULL, NULL, ld_test_store_result_cb, &result);
  assert_answer (fixture, ld_test_await (&result), expected);
  g_clear_object (&result);
}

/* ---- errors */

static char *
fail_cb (LdStorage  *reader,
         gpointer    data,
         GError    **error)
{
  gboolean *ran = data;

  *ran = TRUE;
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no member 42");
  return NULL;
}

static void
test_read_errors_reach_the_caller (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  gboolean ran = FALSE;
  char *answer;

  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, fail_cb, &ran, NULL, NULL, ld_test_store_result_cb, &result);
  answer = ld_storage_pool_read_finish (fixture->pool, ld_test_await (&result), &error);
  g_assert_null (answer);
  g_assert_true (ran);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no member 42");
  g_clear_object (&result);
  g_clear_error (&error);

  /* cancelled before a thread took it: the read never runs */
  ran = FALSE;
  g_cancellable_cancel (cancellable);
  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, fail_cb, &ran, NULL, cancellable, ld_test_store_result_cb, &result);
  answer = ld_storage_pool_read_finish (fixture->pool, ld_test_await (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (ran);
  g_clear_object (&result);
}

static void
count_free_cb (gpointer data)
{
  guint *freed = data;

  (*freed)++;
}

/* the data is freed once the read is done, whichever way it ended */
static void
test_read_data_is_freed (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  guint freed = 0;

  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, answer_cb, &freed, count_free_cb, NULL,
                              ld_test_store_result_cb, &result);
  assert_answer (fixture, ld_test_await (&result), "{}");
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);

  g_cancellable_cancel (cancellable);
  ld_storage_pool_read_async (fixture->pool, LD_STORAGE_READ_SHORT, answer_cb, &freed, count_free_cb, cancellable,
                              ld_test_store_result_cb, &result);
  ld_test_await (&result);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 2);
}

/* a reader opens a database the server has migrated, never another */
static void
test_readers_need_a_migrated_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "never-migrated.db", NULL);
  g_autoptr(LdStoragePool) pool = NULL;
  g_autoptr(LdStorage) reader = NULL;

  reader = ld_storage_open_reader (path, &error);
  g_assert_null (reader);
  g_assert_error (error, LD_ERROR, LD_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "schema version 0"));
  g_clear_error (&error);

  pool = ld_storage_pool_new (path, 2, &error);
  g_assert_null (pool);
  g_assert_error (error, LD_ERROR, LD_ERROR_STORAGE);
  g_assert_true (g_str_has_prefix (error->message, "Read connection 1 of 2: "));
  g_clear_error (&error);

  pool = ld_storage_pool_new (path, 0, &error);
  g_assert_null (pool);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  pool = ld_storage_pool_new (path, LD_STORAGE_POOL_MAX + 1, &error);
  g_assert_null (pool);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("ld-storage-pool-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add ("/storage/pool/reads-run-at-once", Fixture, GUINT_TO_POINTER (2),
              fixture_set_up, test_reads_run_at_once, fixture_tear_down);
  g_test_add ("/storage/pool/reads-wait-for-a-connection", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_reads_wait_for_a_connection, fixture_tear_down);
  g_test_add ("/storage/pool/short-reads-pass-the-scans", Fixture, GUINT_TO_POINTER (2),
              fixture_set_up, test_short_reads_pass_the_scans, fixture_tear_down);
  g_test_add ("/storage/pool/reads-see-what-was-committed", Fixture, GUINT_TO_POINTER (2),
              fixture_set_up, test_reads_see_what_was_committed, fixture_tear_down);
  g_test_add ("/storage/pool/readers-read-the-configuration-saved", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_readers_read_the_configuration_saved, fixture_tear_down);
  g_test_add ("/storage/pool/read-errors-reach-the-caller", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_read_errors_reach_the_caller, fixture_tear_down);
  g_test_add ("/storage/pool/read-data-is-freed", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_read_data_is_freed, fixture_tear_down);
  g_test_add_func ("/storage/pool/readers-need-a-migrated-database", test_readers_need_a_migrated_database);

  status = g_test_run ();
  ld_test_remove_directory (tmpdir);
  g_free (tmpdir);
  return status;
}

/* ld-test-server.c — the real loyalty-desk-server on a free loopback port, for tests */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "ld-test-openapi.h"
#include "ld-test-server.h"

#define START_TIMEOUT_SECONDS 120
#define STOP_TIMEOUT_SECONDS 20
#define AWAIT_TIMEOUT_SECONDS 60

struct _LdTestServer
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  SoupSession      *session;
  char             *directory;
  char             *database;
  char             *clock_path;   /* --test-clock: the seconds the server's time is moved by */
  LdTestServer     *beside;       /* the server whose database and clock this one shares */
  char             *log_path;
  char             *url;
  gboolean          stopped;
};

G_DEFINE_FINAL_TYPE (LdTestServer, ld_test_server, G_TYPE_OBJECT)

static gboolean
ld_test_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
ld_test_remove_directory (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ld_test_remove_directory (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* po/ru.po → @localedir/ru/LC_MESSAGES/GETTEXT_PACKAGE.mo, or fails the test */
static void
compile_russian_catalog (const char *localedir)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "po", "ru.po", NULL);
  g_autofree char *messages = g_build_filename (localedir, "ru", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  const char *argv[] = { msgfmt, "-o", mo, po, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (msgfmt == NULL)
    g_error ("msgfmt (gettext) is needed to give the test server a Russian catalog");
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (wait_status, &error);
  g_assert_no_error (error);
}

gboolean
ld_test_has_cyrillic (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) >= 0x0400 && g_utf8_get_char (p) <= 0x04FF)
      return TRUE;
  return FALSE;
}

static void
ld_test_server_wait_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static gboolean
ld_test_server_finish (LdTestServer *self,
                       int           signum)
{
  gboolean done = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (self->process == NULL || self->stopped)
    return self->process != NULL && g_subprocess_get_if_exited (self->process) &&
           g_subprocess_get_exit_status (self->process) == 0;

  self->stopped = TRUE;
  if (signum != 0)
    g_subprocess_send_signal (self->process, signum);
  g_subprocess_wait_async (self->process, NULL, ld_test_server_wait_cb, &done);
  timeout_id = g_timeout_add_seconds (STOP_TIMEOUT_SECONDS, ld_test_timeout_cb, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);

  if (!done)
    {
      g_subprocess_force_exit (self->process);
      done = FALSE;
      g_subprocess_wait_async (self->process, NULL, ld_test_server_wait_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return FALSE;
    }

  return g_subprocess_get_if_exited (self->process) &&
         g_subprocess_get_exit_status (self->process) == 0;
}

gboolean
ld_test_server_stop (LdTestServer *self)
{
  g_return_val_if_fail (LD_IS_TEST_SERVER (self), FALSE);

  return ld_test_server_finish (self, SIGTERM);
}

gboolean
ld_test_server_wait (LdTestServer *self)
{
  g_return_val_if_fail (LD_IS_TEST_SERVER (self), FALSE);

  return ld_test_server_finish (self, 0);
}

static void
ld_test_server_dispose (GObject *object)
{
  LdTestServer *self = (LdTestServer *) object;

  if (self->process != NULL)
    ld_test_server_stop (self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->stdout_stream);
  g_clear_object (&self->process);
  if (self->directory != NULL)
    ld_test_remove_directory (self->directory);
  /* only now: its folder holds the database this one used */
  g_clear_object (&self->beside);

  G_OBJECT_CLASS (ld_test_server_parent_class)->dispose (object);
}

static void
ld_test_server_finalize (GObject *object)
{
  LdTestServer *self = (LdTestServer *) object;

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->clock_path, g_free);
  g_clear_pointer (&self->log_path, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (ld_test_server_parent_class)->finalize (object);
}

static void
ld_test_server_class_init (LdTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_test_server_dispose;
  object_class->finalize = ld_test_server_finalize;
}

static void
ld_test_server_init (LdTestServer *self)
{
  g_autoptr(GProxyResolver) no_proxy = g_simple_proxy_resolver_new (NULL, NULL);

  /* no proxy from the environment between a test and its loopback server */
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "proxy-resolver", no_proxy,
                                                 "max-conns-per-host", 4,
                                                 NULL);
}

/* in the child, before exec: a test that crashes takes its server with it, so nothing
 * keeps the test runner waiting on an inherited stderr */
static void
ld_test_server_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
ld_test_server_read_line_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (*line == NULL)
    *line = g_strdup (error ? error->message : "");
}

/* ---- PostgreSQL: LD_TEST_DATABASE=postgresql
 *
 * The first server a test process starts starts a private cluster: initdb into a temporary
 * folder (as the postgres user when the test runs as root: PostgreSQL refuses root), the
 * server listening only on a unix socket in that folder, without fsync; it dies with the
 * test process (a parent-death signal) and is stopped and removed at exit. Its socket
 * folder goes into LD_TEST_POSTGRES_HOST, so a test's subprocesses (and anything that
 * sets it beforehand) use that cluster instead. Each LdTestServer gets a database of its
 * own, owned by a role without superuser rights, as a site's would be. */

#define TEST_PG_ROLE "ld_server"
#define TEST_PG_ADMIN "ld_admin"

static char        *pg_directory;
static char        *pg_host;
static char        *pg_port;
static GSubprocess *pg_process;
static guint        pg_databases;

static gboolean
use_postgres (void)
{
  return g_strcmp0 (g_getenv ("LD_TEST_DATABASE"), "postgresql") == 0;
}

/* the newest /usr/lib/postgresql/N/bin (Debian's layout), or LD_TEST_POSTGRES_BINDIR */
static char *
find_postgres_bindir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint64 best = 0;

  if (g_getenv ("LD_TEST_POSTGRES_BINDIR") != NULL)
    return g_strdup (g_getenv ("LD_TEST_POSTGRES_BINDIR"));
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      guint64 version = g_ascii_strtoull (name, NULL, 10);

      if (version > best && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        best = version;
    }
  if (best == 0)
    g_error ("LD_TEST_DATABASE=postgresql needs Debian's postgresql package (tools/install-deps.sh)");
  return g_strdup_printf ("/usr/lib/postgresql/%" G_GUINT64_FORMAT "/bin", best);
}

static void
pg_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGQUIT);
#endif
}

/* @argv run as the postgres user when this process is root (setpriv keeps the parent-death
 * signal after it changes user) */
static GSubprocess *
pg_spawn (const char * const *argv,
          const char         *log_path,
          GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) full = g_ptr_array_new ();

  if (geteuid () == 0)
    {
      g_ptr_array_add (full, "setpriv");
      g_ptr_array_add (full, "--reuid=postgres");
      g_ptr_array_add (full, "--regid=postgres");
      g_ptr_array_add (full, "--init-groups");
      g_ptr_array_add (full, "--pdeathsig=QUIT");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  g_subprocess_launcher_set_child_setup (launcher, pg_child_setup, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, error);
}

static void
pg_stop_cluster (void)
{
  if (pg_process == NULL)
    return;
  /* immediate shutdown: nothing of it is kept */
  g_subprocess_send_signal (pg_process, SIGQUIT);
  g_subprocess_wait (pg_process, NULL, NULL);
  g_clear_object (&pg_process);
  ld_test_remove_directory (pg_directory);
}

static char *
pg_uri (const char *database,
        const char *role)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", database, pg_host, pg_port, role);
}

static void
pg_quiet_notice_cb (void       *user_data,
                    const char *message)
{
}

/* runs @sql as the cluster's superuser on @database, or fails the test */
static void
pg_admin_exec (const char *database,
               const char *sql)
{
  g_autofree char *uri = pg_uri (database, TEST_PG_ADMIN);
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to the test cluster (%s): %s", uri, PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, pg_quiet_notice_cb, NULL);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_test_message ("%s: %s", sql, PQresultErrorMessage (result));
      g_error ("SQL failed on the test cluster: %s", PQresultErrorMessage (result));
    }
  PQclear (result);
  PQfinish (conn);
}

static void
pg_start_cluster (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bindir = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *postgres = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *admin_uri = NULL;
  g_autoptr(GSubprocess) init = NULL;
  gint64 deadline;

  if (pg_host != NULL)
    return;
  if (g_getenv ("LD_TEST_POSTGRES_HOST") != NULL)
    {
      g_autofree char *version = NULL;

      pg_host = g_strdup (g_getenv ("LD_TEST_POSTGRES_HOST"));
      pg_port = g_strdup (g_getenv ("LD_TEST_POSTGRES_PORT") ? g_getenv ("LD_TEST_POSTGRES_PORT") : "5432");
      /* a cluster laid out as this harness does (a parent test process's): its files can be read */
      version = g_build_filename (pg_host, "data", "PG_VERSION", NULL);
      if (g_file_test (version, G_FILE_TEST_EXISTS))
        pg_directory = g_strdup (pg_host);
      return;
    }

  bindir = find_postgres_bindir ();
  initdb = g_build_filename (bindir, "initdb", NULL);
  postgres = g_build_filename (bindir, "postgres", NULL);
  pg_directory = g_dir_make_tmp ("ld-test-postgres-XXXXXX", &error);
  g_assert_no_error (error);
  if (geteuid () == 0)
    {
      struct passwd *user = getpwnam ("postgres");

      if (user == NULL || chown (pg_directory, user->pw_uid, user->pw_gid) != 0)
        g_error ("A test run as root needs the postgres user to own %s", pg_directory);
    }
  data = g_build_filename (pg_directory, "data", NULL);
  /* beside the folder: the postgres user owns the folder, this process writes the log */
  log_path = g_strdup_printf ("%s.log", pg_directory);

  init = pg_spawn ((const char * const[]) { initdb, "-D", data, "-U", TEST_PG_ADMIN, "--auth=trust",
                                            "-E", "UTF8", "--locale=C.UTF-8", "-N", NULL },
                   log_path, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (init, NULL, &error);
  if (error != NULL)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_error ("initdb failed: %s\n%s", error->message, log ? log : "");
    }

  pg_host = g_strdup (pg_directory);
  pg_port = g_strdup_printf ("%d", 20000 + getpid () % 20000);
  pg_process = pg_spawn ((const char * const[]) { postgres, "-D", data, "-k", pg_host, "-p", pg_port,
                                                  "-c", "listen_addresses=", "-c", "fsync=off",
                                                  "-c", "synchronous_commit=off",
                                                  "-c", "full_page_writes=off",
                                                  "-c", "wal_recycle=off",
                                                  "-c", "max_connections=100", NULL },
                         log_path, &error);
  g_assert_no_error (error);
  atexit (pg_stop_cluster);

  /* PostgreSQL says nothing when it is ready: ask it */
  admin_uri = pg_uri ("postgres", TEST_PG_ADMIN);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (PQping (admin_uri) != PQPING_OK)
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (pg_process) == NULL)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          g_error ("The test PostgreSQL did not start:\n%s", log ? log : "");
        }
      g_usleep (20 * 1000);
    }
  g_unlink (log_path);
  /* what the README asks of a site's role for a removal's scrub (and of each database) */
  pg_admin_exec ("postgres", "CREATE ROLE " TEST_PG_ROLE " LOGIN; GRANT pg_checkpoint TO " TEST_PG_ROLE);
  g_setenv ("LD_TEST_POSTGRES_HOST", pg_host, TRUE);
  g_setenv ("LD_TEST_POSTGRES_PORT", pg_port, TRUE);
}

void
ld_test_postgres_start (const char **host,
                        const char **port)
{
  pg_start_cluster ();
  *host = pg_host;
  *port = pg_port;
}

/* a new database of the test cluster → its URI, for --database */
static char *
pg_new_database (void)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  pg_start_cluster ();
  name = g_strdup_printf ("ld_%d_%u", (int) getpid (), pg_databases++);
  sql = g_strdup_printf ("CREATE DATABASE %s OWNER " TEST_PG_ROLE " TEMPLATE template0", name);
  pg_admin_exec ("postgres", sql);
  pg_admin_exec (name, "GRANT EXECUTE ON FUNCTION pg_switch_wal () TO " TEST_PG_ROLE);
  return pg_uri (name, TEST_PG_ROLE);
}

LdTestServer *
ld_test_server_new (guint               seed_members,
                    const char * const *extra_args)
{
  return ld_test_server_new_full (seed_members, extra_args, LD_TEST_SERVER_FLAGS_NONE);
}

/* the seconds the clock file holds (0 when it holds none) */
static gint64
read_clock (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static void
write_clock (const char *path,
             gint64      seconds)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", seconds);
  g_autoptr(GError) error = NULL;

  /* written whole and renamed into place: the server never reads half a number */
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static LdTestServer *spawn_server (LdTestServer       *self,
                                   guint               seed_members,
                                   const char * const *extra_args,
                                   LdTestServerFlags   flags);

LdTestServer *
ld_test_server_new_full (guint               seed_members,
                         const char * const *extra_args,
                         LdTestServerFlags   flags)
{
  g_autoptr(LdTestServer) self = g_object_new (LD_TYPE_TEST_SERVER, NULL);
  g_autoptr(GError) error = NULL;

  self->directory = g_dir_make_tmp ("ld-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  if (use_postgres ())
    self->database = pg_new_database ();
  else
    self->database = g_build_filename (self->directory, "loyalty-desk.db", NULL);
  self->clock_path = g_build_filename (self->directory, "clock", NULL);
  write_clock (self->clock_path, 0);

  return spawn_server (g_steal_pointer (&self), seed_members, extra_args, flags);
}

LdTestServer *
ld_test_server_new_beside (LdTestServer       *other,
                           const char * const *extra_args)
{
  g_autoptr(LdTestServer) self = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LD_IS_TEST_SERVER (other), NULL);

  self = g_object_new (LD_TYPE_TEST_SERVER, NULL);
  self->directory = g_dir_make_tmp ("ld-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->database = g_strdup (other->database);
  self->clock_path = g_strdup (other->clock_path);
  self->beside = g_object_ref (other);

  return spawn_server (g_steal_pointer (&self), 0, extra_args, LD_TEST_SERVER_FLAGS_NONE);
}

LdTestServer *
ld_test_server_attach (const char *url,
                       const char *database)
{
  LdTestServer *self;

  g_return_val_if_fail (url != NULL && database != NULL, NULL);

  /* no process and no directory: dispose leaves both alone */
  self = g_object_new (LD_TYPE_TEST_SERVER, NULL);
  self->url = g_strdup (url);
  self->database = g_strdup (database);
  return self;
}

void
ld_test_server_advance_clock (LdTestServer *self,
                              gint64        seconds)
{
  g_return_if_fail (LD_IS_TEST_SERVER (self));

  write_clock (self->clock_path, read_clock (self->clock_path) + seconds);
}

void
ld_test_server_create_operator (LdTestServer *self,
                                const char   *login,
                                const char   *role,
                                const char   *grant,
                                const char   *deny)
{
  ld_test_server_create_operator_full (self, login, NULL, role, grant, deny);
}

void
ld_test_server_create_operator_full (LdTestServer *self,
                                     const char   *login,
                                     const char   *name,
                                     const char   *role,
                                     const char   *grant,
                                     const char   *deny)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  const char *binary = g_getenv ("LD_SERVER_BINARY");

  g_return_if_fail (LD_IS_TEST_SERVER (self));
  g_return_if_fail (login != NULL && role != NULL);

  if (binary == NULL)
    g_error ("LD_SERVER_BINARY is not set: run the tests with meson test");

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, self->database);
  g_ptr_array_add (argv, "--test-clock");
  g_ptr_array_add (argv, self->clock_path);
  g_ptr_array_add (argv, "--create-operator");
  g_ptr_array_add (argv, (gpointer) login);
  g_ptr_array_add (argv, "--role");
  g_ptr_array_add (argv, (gpointer) role);
  if (name != NULL)
    {
      g_ptr_array_add (argv, "--name");
      g_ptr_array_add (argv, (gpointer) name);
    }
  if (grant != NULL)
    {
      g_ptr_array_add (argv, "--grant");
      g_ptr_array_add (argv, (gpointer) grant);
    }
  if (deny != NULL)
    {
      g_ptr_array_add (argv, "--deny");
      g_ptr_array_add (argv, (gpointer) deny);
    }
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, LD_TEST_PASSWORD "\n", NULL, NULL, &errors, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("--create-operator %s failed: %s", login, errors);
}

static LdTestServer *
spawn_server (LdTestServer       *self_,
              guint               seed_members,
              const char * const *extra_args,
              LdTestServerFlags   flags)
{
  g_autoptr(LdTestServer) self = self_;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("LD_SERVER_BINARY");
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (binary == NULL)
    g_error ("LD_SERVER_BINARY is not set: run the tests with meson test");

  g_ptr_array_add (argv, g_strdup (binary));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup ("--database"));
  g_ptr_array_add (argv, g_strdup (self->database));
  g_ptr_array_add (argv, g_strdup ("--test-clock"));
  g_ptr_array_add (argv, g_strdup (self->clock_path));
  if (seed_members > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--seed-demo"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", seed_members));
    }
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, ld_test_server_child_setup, NULL, NULL);
  if (flags & (LD_TEST_SERVER_FLAGS_RUSSIAN | LD_TEST_SERVER_FLAGS_RUSSIAN_PROCESS))
    {
      g_autofree char *localedir = g_build_filename (self->directory, "locale", NULL);

      compile_russian_catalog (localedir);
      g_subprocess_launcher_setenv (launcher, "LD_SERVER_LOCALEDIR", localedir, TRUE);
    }
  if (flags & LD_TEST_SERVER_FLAGS_RUSSIAN_PROCESS)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", "ru", TRUE);
  if (flags & LD_TEST_SERVER_FLAGS_CAPTURE_LOG)
    {
      self->log_path = g_build_filename (self->directory, "server.log", NULL);
      g_subprocess_launcher_set_stderr_file_path (launcher, self->log_path);
    }
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  self->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (self->stdout_stream, G_PRIORITY_DEFAULT, cancellable,
                                       ld_test_server_read_line_cb, &line);
  timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, ld_test_timeout_cb, &timed_out);
  while (line == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_cancellable_cancel (cancellable);
      while (line == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_error ("%s did not say it was listening within %d s", binary, START_TIMEOUT_SECONDS);
    }
  g_source_remove (timeout_id);

  if (!g_str_has_prefix (line, "listening on http"))
    g_error ("%s did not start: its first line was “%s”", binary, line);

  self->url = g_strdup (line + strlen ("listening on "));
  g_strchomp (self->url);

  return g_steal_pointer (&self);
}

const char *
ld_test_server_get_url (LdTestServer *self)
{
  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  return self->url;
}

char *
ld_test_server_dup_log (LdTestServer *self)
{
  char *contents = NULL;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (self->log_path != NULL, NULL);

  if (!g_file_get_contents (self->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

const char *
ld_test_server_get_database (LdTestServer *self)
{
  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  return self->database;
}

void
ld_test_server_run_sql (LdTestServer *self,
                        const char   *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  g_return_if_fail (LD_IS_TEST_SERVER (self));

  if (g_str_has_prefix (self->database, "postgresql://"))
    {
      const char *name = self->database + strlen ("postgresql:///");
      g_autofree char *database = g_strndup (name, strcspn (name, "?"));

      pg_admin_exec (database, sql);
      return;
    }

  g_assert_cmpint (sqlite3_open (self->database, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, message);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
}

char *
ld_test_server_query_text (LdTestServer *self,
                           const char   *sql)
{
  char *value = NULL;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  if (g_str_has_prefix (self->database, "postgresql://"))
    {
      PGconn *conn = PQconnectdb (self->database);
      PGresult *result;

      if (PQstatus (conn) != CONNECTION_OK)
        g_error ("Cannot connect to %s: %s", self->database, PQerrorMessage (conn));
      result = PQexec (conn, sql);
      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      g_assert_cmpint (PQntuples (result), >, 0);
      if (!PQgetisnull (result, 0, 0))
        value = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *statement = NULL;

      g_assert_cmpint (sqlite3_open (self->database, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
      value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
      sqlite3_finalize (statement);
      sqlite3_close (db);
    }
  return value;
}

gint64
ld_test_server_query_int (LdTestServer *self,
                          const char   *sql)
{
  g_autofree char *text = ld_test_server_query_text (self, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL) || needle_length == 0)
    return FALSE;
  /* the files hold NUL bytes: no string search */
  for (const char *p = contents; p + needle_length <= contents + length; p++)
    {
      p = memchr (p, needle[0], contents + length - p);
      if (p == NULL || p + needle_length > contents + length)
        return FALSE;
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
directory_contains (const char *path,
                    const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) ? directory_contains (child, needle)
                                                  : file_contains (child, needle))
        {
          g_test_message ("“%s” is in %s", needle, child);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ld_test_server_database_contains (LdTestServer *self,
                                  const char   *needle)
{
  g_autofree char *oid = NULL;
  g_autofree char *base = NULL;
  g_autofree char *wal = NULL;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), FALSE);

  if (!g_str_has_prefix (self->database, "postgresql://"))
    {
      g_autofree char *sqlite_wal = g_strconcat (self->database, "-wal", NULL);

      g_assert_true (g_file_test (self->database, G_FILE_TEST_IS_REGULAR));
      return file_contains (self->database, needle) || file_contains (sqlite_wal, needle);
    }

  if (pg_directory == NULL)
    {
      g_test_skip ("The files of a PostgreSQL cluster the tests did not start are not read");
      return FALSE;
    }
  oid = ld_test_server_query_text (self, "SELECT oid FROM pg_database WHERE datname = current_database ()");
  {
    const char *name = self->database + strlen ("postgresql:///");
    g_autofree char *database = g_strndup (name, strcspn (name, "?"));

    pg_admin_exec (database, "CHECKPOINT");
  }
  base = g_build_filename (pg_directory, "data", "base", oid, NULL);
  wal = g_build_filename (pg_directory, "data", "pg_wal", NULL);
  return directory_contains (base, needle) || directory_contains (wal, needle);
}

GPid
ld_test_server_get_pid (LdTestServer *self)
{
  const char *identifier;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), 0);

  identifier = g_subprocess_get_identifier (self->process);
  return identifier ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;
}

/* the test servers use a self-signed certificate */
static gboolean
ld_test_accept_certificate_cb (SoupMessage          *msg,
                               GTlsCertificate      *certificate,
                               GTlsCertificateFlags  errors,
                               gpointer              user_data)
{
  return TRUE;
}

guint
ld_test_server_request_full (LdTestServer        *self,
                             const char          *method,
                             const char          *path,
                             const char          *token,
                             GBytes              *body,
                             const char * const  *headers,
                             char               **out_text,
                             SoupMessageHeaders **out_headers)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *problem = NULL;
  SoupMessageHeaders *request_headers;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), 0);
  g_return_val_if_fail (method != NULL, 0);
  g_return_val_if_fail (path != NULL && path[0] == '/', 0);

  uri = g_strconcat (self->url, path, NULL);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  if (g_str_has_prefix (self->url, "https:"))
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (ld_test_accept_certificate_cb), NULL);

  answer = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);

  /* the description and the server cannot drift: every answer is as openapi.json says */
  problem = ld_test_openapi_check_answer (method, path, soup_message_get_status (msg),
                                          soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                                          g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  if (problem != NULL && g_getenv ("LD_TEST_OPENAPI_REPORT") != NULL)
    {
      /* collecting every mismatch of a run at once, to fix the document */
      FILE *report = fopen (g_getenv ("LD_TEST_OPENAPI_REPORT"), "a");

      fprintf (report, "%s\n", problem);
      fclose (report);
      g_clear_pointer (&problem, g_free);
    }
  if (problem != NULL)
    g_error ("%s", problem);

  if (out_text != NULL)
    *out_text = g_bytes_get_size (answer) > 0
                ? g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer))
                : g_strdup ("");
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return soup_message_get_status (msg);
}

/* ld_test_server_request() that also gives the answer's text (optional), JSON or not */
static guint
request_text (LdTestServer        *self,
              const char          *method,
              const char          *path,
              const char          *token,
              const char          *body,
              const char * const  *headers,
              JsonNode           **out_json,
              char               **out_text)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  guint status;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), 0);

  if (body != NULL)
    bytes = g_bytes_new (body, strlen (body));

  status = ld_test_server_request_full (self, method, path, token, bytes, headers, &text, NULL);

  if (out_json != NULL)
    {
      *out_json = NULL;
      if (text[0] != '\0')
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, text, -1, NULL) &&
              json_parser_get_root (parser) != NULL)
            *out_json = json_node_copy (json_parser_get_root (parser));
        }
    }
  if (out_text != NULL)
    *out_text = g_steal_pointer (&text);

  return status;
}

guint
ld_test_server_request (LdTestServer        *self,
                        const char          *method,
                        const char          *path,
                        const char          *token,
                        const char          *body,
                        const char * const  *headers,
                        JsonNode           **out_json)
{
  return request_text (self, method, path, token, body, headers, out_json, NULL);
}

/* ld_test_server_expect() that also gives the answer's text (optional) */
static JsonNode *
expect_text (LdTestServer        *self,
             const char          *method,
             const char          *path,
             const char          *token,
             const char          *body,
             const char * const  *headers,
             guint                expected,
             char               **out_text)
{
  g_autofree char *text = NULL;
  JsonNode *answer = NULL;
  guint status;

  status = request_text (self, method, path, token, body, headers, &answer, &text);
  if (status != expected)
    g_test_message ("%s %s %s → %u %s", method, path, body ? body : "", status, text ? text : "");
  g_assert_cmpuint (status, ==, expected);
  if (out_text != NULL)
    *out_text = g_steal_pointer (&text);
  return answer;
}

JsonNode *
ld_test_server_expect (LdTestServer       *self,
                       const char         *method,
                       const char         *path,
                       const char         *token,
                       const char         *body,
                       const char * const *headers,
                       guint               expected)
{
  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  return expect_text (self, method, path, token, body, headers, expected, NULL);
}

JsonNode *
ld_test_server_expect_full (LdTestServer  *self,
                            const char    *method,
                            const char    *path,
                            const char    *token,
                            const char    *body,
                            const char    *idempotency_key,
                            guint          expected,
                            char         **out_text)
{
  const char *headers[] = { "Idempotency-Key", idempotency_key, NULL };
  g_autofree char *text = NULL;
  JsonNode *answer;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  answer = expect_text (self, method, path, token, body, idempotency_key ? headers : NULL, expected, &text);
  /* every answer with a body is JSON */
  if (text[0] != '\0' && answer == NULL)
    g_test_message ("%s %s answered what is not JSON: %s", method, path, text);
  g_assert_true (text[0] == '\0' || answer != NULL);
  if (out_text != NULL)
    *out_text = g_steal_pointer (&text);
  return answer;
}

JsonNode *
ld_test_server_get_member (LdTestServer *self,
                           const char   *token,
                           gint64        member_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);

  return ld_test_server_expect (self, "GET", path, token, NULL, NULL, 200);
}

JsonNode *
ld_test_server_get_card (LdTestServer *self,
                         const char   *token,
                         const char   *number)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cards/%s", number);

  return ld_test_server_expect (self, "GET", path, token, NULL, NULL, 200);
}

char *
ld_test_server_login (LdTestServer *self,
                      const char   *login,
                      const char   *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  const char *token;
  guint status;

  g_return_val_if_fail (LD_IS_TEST_SERVER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  status = ld_test_server_request (self, "POST", "/api/v1/auth/login", NULL, body, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);

  token = ld_test_json_string (answer, "token");
  g_assert_nonnull (token);
  return g_strdup (token);
}

/* ---- checks */

JsonNode *
ld_test_json_path (JsonNode   *node,
                   const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (node == NULL || path == NULL)
    return NULL;

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

const char *
ld_test_json_string (JsonNode   *node,
                     const char *path)
{
  JsonNode *member = ld_test_json_path (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

gint64
ld_test_json_int (JsonNode   *node,
                  const char *path)
{
  JsonNode *member = ld_test_json_path (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64)
    return G_MININT64;
  return json_node_get_int (member);
}

void
ld_test_assert_error_impl (const char *file,
                           int         line,
                           JsonNode   *node,
                           const char *code,
                           const char *field)
{
  g_autofree char *text = node ? json_to_string (node, FALSE) : g_strdup ("(not JSON)");
  const char *actual_code = ld_test_json_string (node, "error.code");
  const char *message = ld_test_json_string (node, "error.message");

  if (g_strcmp0 (actual_code, code) != 0 || message == NULL || message[0] == '\0')
    g_error ("%s:%d: expected the error “%s”, got %s", file, line, code, text);

  if (field != NULL && g_strcmp0 (ld_test_json_string (node, "error.details.field"), field) != 0)
    g_error ("%s:%d: expected the error to name the field “%s”, got %s", file, line, field, text);
}

void
ld_test_server_assert_error_impl (const char         *file,
                                  int                 line,
                                  LdTestServer       *self,
                                  const char         *method,
                                  const char         *path,
                                  const char         *token,
                                  const char         *body,
                                  const char * const *headers,
                                  guint               status,
                                  const char         *code,
                                  const char         *field)
{
  g_autoptr(JsonNode) answer = NULL;
  guint actual;

  actual = ld_test_server_request (self, method, path, token, body, headers, &answer);
  if (actual != status)
    g_error ("%s:%d: %s %s: expected the status %u, got %u", file, line, method, path, status, actual);
  ld_test_assert_error_impl (file, line, answer, code, field);
}

/* ---- waiting for async calls */

void
ld_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
ld_test_await (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_val_if_fail (slot != NULL, NULL);

  timeout_id = g_timeout_add_seconds (AWAIT_TIMEOUT_SECONDS, ld_test_timeout_cb, &timed_out);
  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("an asynchronous call did not finish within %d s", AWAIT_TIMEOUT_SECONDS);
  g_source_remove (timeout_id);

  return *slot;
}

LdClient *
ld_test_client_new_logged_in (const char *url,
                              const char *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  LdClient *client;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);

  client = ld_client_new (url);
  ld_client_login_async (client, login, LD_TEST_PASSWORD, NULL, ld_test_store_result_cb, &result);
  operator = ld_client_login_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (operator);

  return client;
}

/* ---- requests sent without waiting for their answers */

void
ld_test_server_send (LdTestServer *self,
                     const char   *method,
                     const char   *path,
                     const char   *token,
                     const char   *body,
                     const char   *key,
                     LdTestAnswer *answer)
{
  g_autofree char *url = g_strdup_printf ("%s%s", ld_test_server_get_url (self), path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  g_assert_nonnull (msg);
  memset (answer, 0, sizeof *answer);
  answer->session = soup_session_new_with_options ("timeout", AWAIT_TIMEOUT_SECONDS, NULL);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (answer->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    ld_test_store_result_cb, &answer->result);
}

void
ld_test_answer_wait (LdTestAnswer *answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg;

  if (answer->text != NULL)
    return;
  ld_test_await (&answer->result);
  msg = soup_session_get_async_result_message (answer->session, answer->result);
  bytes = soup_session_send_and_read_finish (answer->session, answer->result, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  answer->replayed = g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                              "Idempotent-Replayed"), "true") == 0;
}

void
ld_test_post_at_once (LdTestServer * const *servers,
                      guint                n,
                      const char          *path,
                      const char          *token,
                      const char          *body,
                      const char          *key,
                      LdTestAnswer        *answers)
{
  for (guint i = 0; i < n; i++)
    ld_test_server_send (servers[i], "POST", path, token, body, key, &answers[i]);
  for (guint i = 0; i < n; i++)
    ld_test_answer_wait (&answers[i]);
}

void
ld_test_answer_clear (LdTestAnswer *answer)
{
  g_clear_pointer (&answer->text, g_free);
  g_clear_object (&answer->result);
  g_clear_object (&answer->session);
}

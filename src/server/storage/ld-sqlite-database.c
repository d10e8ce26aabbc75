/* ld-sqlite-database.c — LdDatabase over SQLite, with a cache of prepared statements */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <sqlite3.h>

#include "ld-error.h"
#include "ld-sqlite-database.h"

/* how long a statement waits for another connection's lock */
#define BUSY_TIMEOUT_MS 5000
/* how long a scrub waits for another connection's readers: the request that asked for it
 * is waiting too, and the storage tries again later */
#define SCRUB_BUSY_TIMEOUT_MS 250

typedef struct
{
  LdStatement   parent;
  sqlite3_stmt *stmt;
} LdSqliteStatement;

struct _LdSqliteDatabase
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → LdSqliteStatement */
  LdTableWatch watch;
};

static void ld_sqlite_database_iface_init (LdDatabaseInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdSqliteDatabase, ld_sqlite_database, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_DATABASE, ld_sqlite_database_iface_init))

#define STMT(s) (((LdSqliteStatement *) (s))->stmt)

static void
ld_sqlite_statement_free (gpointer data)
{
  LdSqliteStatement *statement = data;

  sqlite3_finalize (statement->stmt);
  g_free (statement);
}

static void
set_error (LdSqliteDatabase  *self,
           GError           **error,
           const char        *what)
{
  int code = sqlite3_extended_errcode (self->db);

  if ((code & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, LD_ERROR, LD_ERROR_CONFLICT, "%s: %s", what, sqlite3_errmsg (self->db));
  else
    g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "%s: %s", what, sqlite3_errmsg (self->db));
}

/* the portable SQL names parameters $1, $2…; SQLite binds ?NNN by number */
static char *
rewrite_parameters (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql));
  gboolean in_string = FALSE;

  for (const char *p = sql; *p; p++)
    {
      if (*p == '\'')
        in_string = !in_string;
      if (!in_string && *p == '$' && g_ascii_isdigit (p[1]))
        g_string_append_c (out, '?');
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
ld_sqlite_database_exec (LdDatabase  *database,
                         const char  *sql,
                         GError     **error)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "%s", message ? message : "SQLite failed");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static LdStatement *
ld_sqlite_database_prepare (LdDatabase  *database,
                            const char  *sql,
                            GError     **error)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);
  LdSqliteStatement *statement;
  g_autofree char *rewritten = NULL;
  sqlite3_stmt *stmt = NULL;

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    {
      sqlite3_reset (statement->stmt);
      sqlite3_clear_bindings (statement->stmt);
      return &statement->parent;
    }

  rewritten = rewrite_parameters (sql);
  if (sqlite3_prepare_v3 (self->db, rewritten, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_error (self, error, "Cannot prepare a statement");
      g_debug ("failed SQL: %s", sql);
      sqlite3_finalize (stmt);
      return NULL;
    }

  statement = g_new0 (LdSqliteStatement, 1);
  statement->parent.database = database;
  statement->parent.iface = LD_DATABASE_GET_IFACE (database);
  statement->stmt = stmt;
  g_hash_table_insert (self->statements, g_strdup (sql), statement);
  return &statement->parent;
}

static void
ld_sqlite_database_bind_int (LdDatabase  *database,
                             LdStatement *statement,
                             guint        index,
                             gint64       value)
{
  sqlite3_bind_int64 (STMT (statement), index, value);
}

static void
ld_sqlite_database_bind_text (LdDatabase  *database,
                              LdStatement *statement,
                              guint        index,
                              const char  *value)
{
  sqlite3_bind_text (STMT (statement), index, value, -1, SQLITE_TRANSIENT);
}

static void
ld_sqlite_database_bind_null (LdDatabase  *database,
                              LdStatement *statement,
                              guint        index)
{
  sqlite3_bind_null (STMT (statement), index);
}

static LdStep
ld_sqlite_database_step (LdDatabase   *database,
                         LdStatement  *statement,
                         GError      **error)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);

  switch (sqlite3_step (STMT (statement)))
    {
    case SQLITE_ROW:
      return LD_STEP_ROW;
    case SQLITE_DONE:
      return LD_STEP_DONE;
    default:
      set_error (self, error, "A statement failed");
      sqlite3_reset (STMT (statement));
      return LD_STEP_ERROR;
    }
}

static LdColumnType
ld_sqlite_database_column_type (LdDatabase  *database,
                                LdStatement *statement,
                                guint        column)
{
  switch (sqlite3_column_type (STMT (statement), column))
    {
    case SQLITE_NULL:
      return LD_COLUMN_NULL;
    case SQLITE_INTEGER:
      return LD_COLUMN_INT;
    default:
      return LD_COLUMN_TEXT;
    }
}

static gint64
ld_sqlite_database_column_int (LdDatabase  *database,
                               LdStatement *statement,
                               guint        column)
{
  return sqlite3_column_int64 (STMT (statement), column);
}

static const char *
ld_sqlite_database_column_text (LdDatabase  *database,
                                LdStatement *statement,
                                guint        column)
{
  return (const char *) sqlite3_column_text (STMT (statement), column);
}

static void
ld_sqlite_database_reset (LdDatabase  *database,
                          LdStatement *statement)
{
  sqlite3_reset (STMT (statement));
}

/* transaction control through cached statements: no parsing on the hot path */
static gboolean
run_cached (LdDatabase  *database,
            const char  *sql,
            GError     **error)
{
  LdStatement *statement = ld_sqlite_database_prepare (database, sql, error);
  gboolean ok;

  if (statement == NULL)
    return FALSE;
  ok = ld_statement_run (statement, error);
  sqlite3_reset (STMT (statement));
  return ok;
}

static gboolean
ld_sqlite_database_begin (LdDatabase  *database,
                          GError     **error)
{
  /* IMMEDIATE takes the write lock at once: no deadlock upgrading a reader */
  return run_cached (database, "BEGIN IMMEDIATE", error);
}

static gboolean
ld_sqlite_database_begin_read (LdDatabase  *database,
                               GError     **error)
{
  /* one read snapshot, and one file lock instead of one per statement */
  return run_cached (database, "BEGIN DEFERRED", error);
}

static gboolean
ld_sqlite_database_commit (LdDatabase  *database,
                           GError     **error)
{
  return run_cached (database, "COMMIT", error);
}

static void
ld_sqlite_database_rollback (LdDatabase *database)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static guint64
ld_sqlite_database_changes (LdDatabase *database)
{
  return sqlite3_changes64 (LD_SQLITE_DATABASE (database)->db);
}

/* a sampled ANALYZE: seconds, not minutes, on millions of rows */
static gboolean
ld_sqlite_database_analyze (LdDatabase  *database,
                            GError     **error)
{
  return ld_sqlite_database_exec (database, "PRAGMA analysis_limit = 1000; ANALYZE", error);
}

/* moves the write-ahead log into the database file and empties it */
static gboolean
ld_sqlite_database_checkpoint (LdDatabase  *database,
                               GError     **error)
{
  return ld_sqlite_database_exec (database, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

/* secure_delete (on for every connection) zeroes what a deletion or an update frees, in
 * the page, as it happens; but the pages as they were stay in the WAL until it is
 * overwritten, and the file keeps its old pages until a checkpoint writes the new ones.
 * TRUNCATE copies every frame into the file, waits for the readers of old frames and cuts
 * the log to nothing. sqlite_stat4, where SQLite is built with it, copies sample keys of
 * every index (a phone among them): sampled again, without the removed rows. */
static gboolean
ld_sqlite_database_scrub (LdDatabase  *database,
                          GError     **error)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);
  gint64 stat4 = 0;
  int n_frames = 0;
  int n_copied = 0;
  int rc;

  if (!ld_database_query_int (database,
                              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'",
                              &stat4, error))
    return FALSE;
  if (stat4 > 0 && !ld_sqlite_database_analyze (database, error))
    return FALSE;

  sqlite3_busy_timeout (self->db, SCRUB_BUSY_TIMEOUT_MS);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &n_frames, &n_copied);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, "The write-ahead log could not be emptied");
      return FALSE;
    }
  return TRUE;
}

static gint64
ld_sqlite_database_schema_version (LdDatabase  *database,
                                   GError     **error)
{
  gint64 version = 0;

  if (!ld_database_query_int (database,
                              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                              &version, error))
    return -1;
  if (version == 0)
    return 0;
  if (!ld_database_query_int (database, "SELECT coalesce(max(version), 0) FROM schema_migrations", &version, error))
    return -1;
  return version;
}

static void
update_hook_cb (void                *user_data,
                int                  op,
                const char          *database,
                const char          *table,
                sqlite3_int64        row_id)
{
  LdSqliteDatabase *self = user_data;

  if (op != SQLITE_INSERT)
    ld_table_watch_notify (&self->watch, table, row_id);
}

/* SQLite's update hook sees every row a statement or a trigger changes, except rows
 * deleted by a DELETE without WHERE (the truncate optimisation): none is run on the
 * watched table */
static void
ld_sqlite_database_watch_table (LdDatabase       *database,
                                const char       *table,
                                LdRowChangedFunc  func,
                                gpointer          user_data)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (database);

  ld_table_watch_set (&self->watch, table, func, user_data);
  sqlite3_update_hook (self->db, func != NULL ? update_hook_cb : NULL, self);
}

static gboolean
ld_sqlite_database_data_version (LdDatabase  *database,
                                 gint64      *version,
                                 GError     **error)
{
  return ld_database_query_int (database, "PRAGMA data_version", version, error);
}

static void
ld_sqlite_database_iface_init (LdDatabaseInterface *iface)
{
  iface->exec = ld_sqlite_database_exec;
  iface->prepare = ld_sqlite_database_prepare;
  iface->bind_int = ld_sqlite_database_bind_int;
  iface->bind_text = ld_sqlite_database_bind_text;
  iface->bind_null = ld_sqlite_database_bind_null;
  iface->step = ld_sqlite_database_step;
  iface->column_type = ld_sqlite_database_column_type;
  iface->column_int = ld_sqlite_database_column_int;
  iface->column_text = ld_sqlite_database_column_text;
  iface->reset = ld_sqlite_database_reset;
  iface->begin = ld_sqlite_database_begin;
  iface->begin_read = ld_sqlite_database_begin_read;
  iface->commit = ld_sqlite_database_commit;
  iface->rollback = ld_sqlite_database_rollback;
  iface->changes = ld_sqlite_database_changes;
  iface->analyze = ld_sqlite_database_analyze;
  iface->checkpoint = ld_sqlite_database_checkpoint;
  iface->schema_version = ld_sqlite_database_schema_version;
  iface->watch_table = ld_sqlite_database_watch_table;
  iface->data_version = ld_sqlite_database_data_version;
  iface->scrub = ld_sqlite_database_scrub;
}

static void
ld_sqlite_database_finalize (GObject *object)
{
  LdSqliteDatabase *self = LD_SQLITE_DATABASE (object);

  /* every statement must be finalized before the connection closes */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* a clean close folds the WAL back into the file */
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (self->db);
      self->db = NULL;
    }
  ld_table_watch_clear (&self->watch);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ld_sqlite_database_parent_class)->finalize (object);
}

static void
ld_sqlite_database_class_init (LdSqliteDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_sqlite_database_finalize;
}

static void
ld_sqlite_database_init (LdSqliteDatabase *self)
{
  self->statements = g_hash_table_new_full (ld_database_sql_hash, g_str_equal, g_free, ld_sqlite_statement_free);
}

/**
 * ld_sqlite_database_open:
 * @path: the database file, created when missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the connection, or %NULL with LD_ERROR_STORAGE
 */
LdDatabase *
ld_sqlite_database_open (const char  *path,
                         GError     **error)
{
  static gsize configured = 0;
  g_autoptr(LdSqliteDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* SQLite counts every allocation under a global mutex unless told not to: nothing here
   * reads those counts. Only possible before SQLite initialises (later it is refused). */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
  self = g_object_new (LD_TYPE_SQLITE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "Cannot open the database “%s”: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!ld_sqlite_database_exec (LD_DATABASE (self),
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA foreign_keys = ON;"
                                "PRAGMA secure_delete = ON;"
                                "PRAGMA cache_size = -65536;"
                                "PRAGMA journal_size_limit = 67108864;"
                                "PRAGMA temp_store = MEMORY;",
                                error))
    return NULL;

  return LD_DATABASE (g_steal_pointer (&self));
}

/* ld-postgres-database.c — LdDatabase over one libpq connection, with a cache of prepared
 * statements
 *
 * Transactions keep the SQLite backend's rules. A write transaction (begin) is READ
 * COMMITTED and first takes one transaction-level advisory lock that every writer of the
 * database takes: writers run one at a time, as SQLite's BEGIN IMMEDIATE makes them, each
 * statement sees every earlier writer's commit, and nothing fails with a serialization
 * error that the storage would have to retry. A read (begin_read) is REPEATABLE READ: one
 * snapshot from its first statement, as SQLite's BEGIN DEFERRED gives.
 *
 * Change detection: every write transaction that changed something adds one to the row of
 * ld_changes (the backend's own table) as it commits, so the count moves with the data it
 * stands for; data_version answers that count less this connection's own additions. The
 * watched table's rows report their changes through a NOTICE that the schema's trigger on
 * it raises (ld-storage-schema.c), which libpq hands over while the statement runs.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "ld-error.h"
#include "ld-postgres-database.h"

/* pg_type OIDs (catalog/pg_type_d.h is a server header) */
#define BOOL_OID     16
#define INT8_OID     20
#define INT2_OID     21
#define INT4_OID     23
#define OID_OID      26
#define NUMERIC_OID  1700

/* the advisory lock every writer takes ('L' 'D' 'W'; the change log's trigger too, schema 12) */
#define WRITER_LOCK "4998231"

/* the prefix of the NOTICE the watched table's trigger raises: "ld_row_changed TABLE ID" */
#define ROW_CHANGED_PREFIX "ld_row_changed "

/* the tables that may hold a removed member's personal data: rewritten by the scrub */
#define SCRUB_TABLES \
  "members, member_summaries, member_answers, member_statuses, member_identifications, " \
  "member_phone_codes, outbox, calls, registrations, messages, actions, idempotency, cards, purchases"

/* statements queued (ld_statement_queue()) before their answers are read: their answers,
 * some 30 bytes each, wait in the socket's buffer meanwhile, far from filling it */
#define PIPELINE_DEPTH 500

typedef struct
{
  LdStatement  parent;
  char        *name;
  char        *sql;
  gboolean     prepared;
  guint        n_params;
  char       **values;      /* n_params, owned; NULL is SQL NULL */
  Oid         *types;       /* INT8 for a bound int, 0 (inferred) otherwise */
  PGresult    *result;
  int          row;         /* the current row of result; -1 before the first step */
} LdPostgresStatement;

struct _LdPostgresDatabase
{
  GObject      parent_instance;

  PGconn      *conn;
  GHashTable  *statements;  /* SQL text → LdPostgresStatement */
  guint        next_name;
  guint64      changes;
  gboolean     dirty;       /* the open transaction changed something */
  gboolean     have_counter;
  gint64       own_changes; /* what this connection added to ld_changes */
  LdTableWatch watch;
  /* ld_statement_queue(): in pipeline mode, with the SQL of the statements sent since the
   * last sync, whose answers are not read yet */
  gboolean     pipeline;
  guint        queued;
  const char  *queued_sql[PIPELINE_DEPTH];  /* (unowned): the statement cache's */
};

static void ld_postgres_database_iface_init (LdDatabaseInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdPostgresDatabase, ld_postgres_database, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_DATABASE, ld_postgres_database_iface_init))

#define PG_STATEMENT(s) ((LdPostgresStatement *) (s))

static void
clear_values (LdPostgresStatement *statement)
{
  for (guint i = 0; i < statement->n_params; i++)
    {
      g_clear_pointer (&statement->values[i], g_free);
      statement->types[i] = 0;
    }
}

static void
ld_postgres_statement_reset (LdPostgresStatement *statement)
{
  g_clear_pointer (&statement->result, PQclear);
  statement->row = -1;
}

/* whether a step left @statement on a row its columns can be read from */
static gboolean
ld_postgres_statement_on_row (LdPostgresStatement *statement)
{
  return statement->result != NULL && statement->row >= 0 && statement->row < PQntuples (statement->result);
}

static void
ld_postgres_statement_free (gpointer data)
{
  LdPostgresStatement *statement = data;

  ld_postgres_statement_reset (statement);
  clear_values (statement);
  g_free (statement->values);
  g_free (statement->types);
  g_free (statement->name);
  g_free (statement->sql);
  g_free (statement);
}

/* the highest $N outside string literals */
static guint
count_parameters (const char *sql)
{
  gboolean in_string = FALSE;
  guint n = 0;

  for (const char *p = sql; *p; p++)
    {
      if (*p == '\'')
        in_string = !in_string;
      else if (!in_string && *p == '$' && g_ascii_isdigit (p[1]))
        n = MAX (n, (guint) g_ascii_strtoull (p + 1, NULL, 10));
    }
  return n;
}

/* integrity violations (class 23) are conflicts, as SQLite's constraint errors are */
static void
set_result_error (GError     **error,
                  PGconn      *conn,
                  PGresult    *result,
                  const char  *what)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  g_autofree char *text = g_strstrip (g_strdup (message && *message ? message : PQerrorMessage (conn)));

  if (state != NULL && g_str_has_prefix (state, "23"))
    g_set_error (error, LD_ERROR, LD_ERROR_CONFLICT, "%s: %s", what, text);
  else
    g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "%s: %s", what, text);
}

static gboolean
result_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static gboolean finish_pipeline (LdPostgresDatabase  *self,
                                 GError             **error);

/* runs @sql (one or more statements) and answers whether all of them succeeded */
static gboolean
run_simple (LdPostgresDatabase  *self,
            const char          *sql,
            GError             **error)
{
  PGresult *result;
  gboolean ok;

  if (!finish_pipeline (self, error))
    return FALSE;
  result = PQexec (self->conn, sql);
  ok = result_ok (result);

  if (!ok)
    {
      set_result_error (error, self->conn, result, "A statement failed");
      g_debug ("failed SQL: %s", sql);
    }
  PQclear (result);
  return ok;
}

static gboolean
in_transaction (LdPostgresDatabase *self)
{
  return PQtransactionStatus (self->conn) == PQTRANS_INTRANS;
}

/* what every new connection is told before its first statement */
static gboolean
set_up_session (LdPostgresDatabase  *self,
                GError             **error)
{
  if (PQsetClientEncoding (self->conn, "UTF8") != 0)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "PostgreSQL does not speak UTF-8 here: %s",
                   PQerrorMessage (self->conn));
      return FALSE;
    }
  /* the watched table's trigger speaks through NOTICEs */
  return run_simple (self, "SET client_min_messages = notice", error);
}

/* A connection lost between transactions (PostgreSQL restarted, a fail-over, a firewall
 * that cut an idle connection) is made again with the same parameters before the next
 * transaction or lone statement, so one restart of the database does not leave the
 * instance answering errors until it is restarted too. Statements are prepared again on
 * the new connection at their next run. A connection lost inside a transaction fails that
 * request: what it had written is rolled back by PostgreSQL, and the client may retry. */
static gboolean
ensure_connected (LdPostgresDatabase  *self,
                  GError             **error)
{
  GHashTableIter iter;
  gpointer value;

  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "Cannot connect to PostgreSQL again: %s", message);
      return FALSE;
    }
  g_message ("The connection to PostgreSQL was lost and is made again");
  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LdPostgresStatement *statement = value;

      ld_postgres_statement_reset (statement);
      statement->prepared = FALSE;
    }
  return set_up_session (self, error);
}

/* BEGIN …: on a connection found lost by this first statement nothing was done yet, so it
 * runs once more on a new one */
static gboolean
begin_transaction (LdPostgresDatabase  *self,
                   const char          *sql,
                   GError             **error)
{
  g_autoptr(GError) lost = NULL;

  self->dirty = FALSE;
  if (!ensure_connected (self, error))
    return FALSE;
  if (run_simple (self, sql, &lost))
    return TRUE;
  if (PQstatus (self->conn) == CONNECTION_OK)
    {
      g_propagate_error (error, g_steal_pointer (&lost));
      return FALSE;
    }
  return ensure_connected (self, error) && run_simple (self, sql, error);
}

static gboolean
ld_postgres_database_exec (LdDatabase  *database,
                           const char  *sql,
                           GError     **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);

  if (!finish_pipeline (self, error))
    return FALSE;
  if (!in_transaction (self) && !ensure_connected (self, error))
    return FALSE;
  self->dirty = TRUE;
  return run_simple (self, sql, error);
}

static LdStatement *
ld_postgres_database_prepare (LdDatabase  *database,
                              const char  *sql,
                              GError     **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);
  LdPostgresStatement *statement;

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement == NULL)
    {
      statement = g_new0 (LdPostgresStatement, 1);
      statement->parent.database = database;
      statement->parent.iface = LD_DATABASE_GET_IFACE (database);
      statement->name = g_strdup_printf ("ld%u", self->next_name++);
      statement->sql = g_strdup (sql);
      statement->n_params = count_parameters (sql);
      statement->values = g_new0 (char *, MAX (statement->n_params, 1));
      statement->types = g_new0 (Oid, MAX (statement->n_params, 1));
      statement->row = -1;
      g_hash_table_insert (self->statements, statement->sql, statement);
    }
  ld_postgres_statement_reset (statement);
  clear_values (statement);
  return &statement->parent;
}

static void
set_value (LdStatement *statement,
           guint        index,
           char        *value,
           Oid          type)
{
  LdPostgresStatement *pg = PG_STATEMENT (statement);

  if (index == 0 || index > pg->n_params)
    {
      g_critical ("Parameter $%u is not in the statement: %s", index, pg->sql);
      g_free (value);
      return;
    }
  g_free (pg->values[index - 1]);
  pg->values[index - 1] = value;
  pg->types[index - 1] = type;
}

static void
ld_postgres_database_bind_int (LdDatabase  *database,
                               LdStatement *statement,
                               guint        index,
                               gint64       value)
{
  set_value (statement, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8_OID);
}

static void
ld_postgres_database_bind_text (LdDatabase  *database,
                                LdStatement *statement,
                                guint        index,
                                const char  *value)
{
  set_value (statement, index, g_strdup (value), 0);
}

static void
ld_postgres_database_bind_null (LdDatabase  *database,
                                LdStatement *statement,
                                guint        index)
{
  set_value (statement, index, NULL, 0);
}


/* Prepares on the server at the first run, when the bindings are known: a parameter the
 * SQL alone leaves untyped ($1 IS NULL) takes the type of what was bound (an int is a
 * bigint); when that type does not fit the SQL (an int compared to text) the server infers
 * every type. A failed PREPARE would end the transaction: it is tried in a savepoint. */
static gboolean
prepare_on_server (LdPostgresDatabase   *self,
                   LdPostgresStatement  *statement,
                   GError              **error)
{
  gboolean savepoint = in_transaction (self);
  PGresult *result;

  if (savepoint && !run_simple (self, "SAVEPOINT ld_prepare", error))
    return FALSE;

  result = PQprepare (self->conn, statement->name, statement->sql, statement->n_params, statement->types);
  if (!result_ok (result))
    {
      PQclear (result);
      if (savepoint && !run_simple (self, "ROLLBACK TO SAVEPOINT ld_prepare", error))
        return FALSE;
      result = PQprepare (self->conn, statement->name, statement->sql, statement->n_params, NULL);
    }
  if (!result_ok (result))
    {
      set_result_error (error, self->conn, result, "Cannot prepare a statement");
      g_debug ("failed SQL: %s", statement->sql);
      PQclear (result);
      return FALSE;
    }
  PQclear (result);
  if (savepoint && !run_simple (self, "RELEASE SAVEPOINT ld_prepare", error))
    return FALSE;
  statement->prepared = TRUE;
  return TRUE;
}

/* one more in ld_changes, and one more of this connection's own */
static gboolean
count_change (LdPostgresDatabase  *self,
              GError             **error)
{
  if (!self->have_counter)
    return TRUE;
  if (!run_simple (self, "UPDATE ld_changes SET version = version + 1 WHERE id = 1", error))
    return FALSE;
  self->own_changes++;
  return TRUE;
}

static PGresult *
run_prepared_once (LdPostgresDatabase   *self,
                   LdPostgresStatement  *pg,
                   GError              **error)
{
  PGresult *result;

  if (!pg->prepared && !prepare_on_server (self, pg, error))
    return NULL;
  result = PQexecPrepared (self->conn, pg->name, pg->n_params,
                           (const char * const *) pg->values, NULL, NULL, 0);
  if (!result_ok (result))
    {
      set_result_error (error, self->conn, result, "A statement failed");
      g_debug ("failed SQL: %s", pg->sql);
      g_clear_pointer (&result, PQclear);
    }
  return result;
}

/* Returns: (transfer full) (nullable): the statement's result. A lone read (no
 * transaction open) that finds the connection lost runs once more on a new one: it
 * changed nothing either way; a write may have committed before the loss, so it fails. */
static PGresult *
run_prepared (LdPostgresDatabase   *self,
              LdPostgresStatement  *pg,
              GError              **error)
{
  gboolean lone = !in_transaction (self);
  g_autoptr(GError) lost = NULL;
  PGresult *result;

  if (lone && !ensure_connected (self, error))
    return NULL;
  result = run_prepared_once (self, pg, &lost);
  if (result != NULL)
    return result;
  if (lone && PQstatus (self->conn) != CONNECTION_OK &&
      g_ascii_strncasecmp (pg->sql, "SELECT", strlen ("SELECT")) == 0)
    return ensure_connected (self, error) ? run_prepared_once (self, pg, error) : NULL;
  g_propagate_error (error, g_steal_pointer (&lost));
  return NULL;
}

/* Pipeline mode (ld_statement_queue()): the queued statements go out in large writes
 * without a sync between them, so the server runs them one after the other while the
 * client makes the next ones, and this reads their answers at a sync, every
 * PIPELINE_DEPTH statements and before anything else is run. Inside a transaction only:
 * an error aborts the rest of the pipeline and leaves the transaction failed. */

/* reads the answers of what was queued, up to a sync: the first error among them */
static gboolean
sync_pipeline (LdPostgresDatabase  *self,
               GError             **error)
{
#ifdef LIBPQ_HAS_PIPELINING
  g_autoptr(GError) failed = NULL;
  guint answered = 0;
  guint n = self->queued;

  if (n == 0)
    return TRUE;
  self->queued = 0;
  if (PQpipelineSync (self->conn) != 1)
    {
      set_result_error (error, self->conn, NULL, "Cannot send the queued statements");
      return FALSE;
    }
  for (;;)
    {
      PGresult *result = PQgetResult (self->conn);
      ExecStatusType status;

      /* NULL ends one statement's answer; a lost connection answers nothing more */
      if (result == NULL)
        {
          if (PQstatus (self->conn) != CONNECTION_OK || ++answered > n)
            {
              if (failed == NULL)
                set_result_error (&failed, self->conn, NULL, "The queued statements were not answered");
              break;
            }
          continue;
        }
      status = PQresultStatus (result);
      if (status != PGRES_PIPELINE_SYNC && status != PGRES_PIPELINE_ABORTED && !result_ok (result) &&
          failed == NULL)
        {
          set_result_error (&failed, self->conn, result, "A statement failed");
          g_debug ("failed SQL: %s", self->queued_sql[MIN (answered, n - 1)]);
        }
      PQclear (result);
      if (status == PGRES_PIPELINE_SYNC)
        break;
    }
  if (failed != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failed));
      return FALSE;
    }
#endif
  return TRUE;
}

/* runs what is queued and leaves pipeline mode: before any other statement */
static gboolean
finish_pipeline (LdPostgresDatabase  *self,
                 GError             **error)
{
  gboolean ok;

  if (!self->pipeline)
    return TRUE;
  ok = sync_pipeline (self, error);
#ifdef LIBPQ_HAS_PIPELINING
  /* refused only with answers still unread, which a lost connection leaves */
  if (PQexitPipelineMode (self->conn) != 1 && ok)
    {
      set_result_error (error, self->conn, NULL, "Cannot leave pipeline mode");
      ok = FALSE;
    }
#endif
  self->pipeline = FALSE;
  return ok;
}

static gboolean ld_postgres_database_begin    (LdDatabase  *database,
                                               GError     **error);
static gboolean ld_postgres_database_commit   (LdDatabase  *database,
                                               GError     **error);
static void     ld_postgres_database_rollback (LdDatabase  *database);

static gboolean
is_write (const char *sql)
{
  static const char * const verbs[] = { "INSERT", "UPDATE", "DELETE" };

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_ascii_strncasecmp (sql, verbs[i], strlen (verbs[i])) == 0)
      return TRUE;
  return FALSE;
}

static LdStep
ld_postgres_database_step (LdDatabase   *database,
                           LdStatement  *statement,
                           GError      **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);
  LdPostgresStatement *pg = PG_STATEMENT (statement);

  if (pg->result == NULL)
    {
      /* a write outside a transaction runs in one of its own, which takes the writers'
       * lock before any row's: taken the other way round (the change log's triggers take
       * the writers' lock after the row) it could deadlock with a writer going for the
       * same row; the commit counts the change */
      gboolean lone_write;
      PGresult *result;
      const char *command;

      if (!finish_pipeline (self, error))
        return LD_STEP_ERROR;
      lone_write = !in_transaction (self) && is_write (pg->sql);
      if (lone_write && !ld_postgres_database_begin (database, error))
        return LD_STEP_ERROR;
      result = run_prepared (self, pg, error);
      if (result == NULL)
        {
          if (lone_write)
            ld_postgres_database_rollback (database);
          return LD_STEP_ERROR;
        }
      command = PQcmdStatus (result);
      if (g_str_has_prefix (command, "INSERT") || g_str_has_prefix (command, "UPDATE") ||
          g_str_has_prefix (command, "DELETE"))
        {
          self->changes = g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
          self->dirty = TRUE;
        }
      else if (!g_str_has_prefix (command, "SELECT"))
        self->dirty = TRUE;
      pg->result = result;
      pg->row = -1;
      if (lone_write && !ld_postgres_database_commit (database, error))
        return LD_STEP_ERROR;
      /* any other statement that wrote outside a transaction committed by itself: counted
       * now, before its caller answers anyone, so any request that follows from it sees
       * the count move */
      if (self->dirty && !in_transaction (self))
        {
          self->dirty = FALSE;
          if (self->changes > 0 && !count_change (self, error))
            return LD_STEP_ERROR;
        }
    }

  if (pg->row + 1 < PQntuples (pg->result))
    {
      pg->row++;
      return LD_STEP_ROW;
    }
  pg->row = PQntuples (pg->result);
  return LD_STEP_DONE;
}

static gboolean
ld_postgres_database_queue (LdDatabase   *database,
                            LdStatement  *statement,
                            GError      **error)
{
#ifdef LIBPQ_HAS_PIPELINING
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);
  LdPostgresStatement *pg = PG_STATEMENT (statement);

  /* a lone write runs in a transaction of its own (step): nothing to queue it with */
  if (!self->pipeline && !in_transaction (self))
    return ld_statement_run (statement, error);
  /* PREPARE answers at once: not in a pipeline */
  if (!pg->prepared && (!finish_pipeline (self, error) || !prepare_on_server (self, pg, error)))
    return FALSE;
  if (!self->pipeline)
    {
      if (PQenterPipelineMode (self->conn) != 1)
        {
          set_result_error (error, self->conn, NULL, "Cannot enter pipeline mode");
          return FALSE;
        }
      self->pipeline = TRUE;
    }
  ld_postgres_statement_reset (pg);
  if (PQsendQueryPrepared (self->conn, pg->name, pg->n_params,
                           (const char * const *) pg->values, NULL, NULL, 0) != 1)
    {
      set_result_error (error, self->conn, NULL, "Cannot queue a statement");
      return FALSE;
    }
  self->queued_sql[self->queued++] = pg->sql;
  self->dirty = TRUE;
  return self->queued < PIPELINE_DEPTH || sync_pipeline (self, error);
#else
  return ld_statement_run (statement, error);
#endif
}

static LdColumnType
ld_postgres_database_column_type (LdDatabase  *database,
                                  LdStatement *statement,
                                  guint        column)
{
  LdPostgresStatement *pg = PG_STATEMENT (statement);

  g_return_val_if_fail (ld_postgres_statement_on_row (pg), LD_COLUMN_NULL);

  if (PQgetisnull (pg->result, pg->row, column))
    return LD_COLUMN_NULL;
  switch (PQftype (pg->result, column))
    {
    case BOOL_OID:
    case INT2_OID:
    case INT4_OID:
    case INT8_OID:
    case OID_OID:
    case NUMERIC_OID:   /* sum() of bigints */
      return LD_COLUMN_INT;
    default:
      return LD_COLUMN_TEXT;
    }
}

static gint64
ld_postgres_database_column_int (LdDatabase  *database,
                                 LdStatement *statement,
                                 guint        column)
{
  LdPostgresStatement *pg = PG_STATEMENT (statement);
  const char *value;

  g_return_val_if_fail (ld_postgres_statement_on_row (pg), 0);

  if (PQgetisnull (pg->result, pg->row, column))
    return 0;
  value = PQgetvalue (pg->result, pg->row, column);
  /* a boolean result (a comparison, EXISTS) reads as SQLite's 1 or 0 */
  if (PQftype (pg->result, column) == BOOL_OID)
    return value[0] == 't';
  return g_ascii_strtoll (value, NULL, 10);
}

static const char *
ld_postgres_database_column_text (LdDatabase  *database,
                                  LdStatement *statement,
                                  guint        column)
{
  LdPostgresStatement *pg = PG_STATEMENT (statement);

  g_return_val_if_fail (ld_postgres_statement_on_row (pg), NULL);

  if (PQgetisnull (pg->result, pg->row, column))
    return NULL;
  return PQgetvalue (pg->result, pg->row, column);
}

static void
ld_postgres_database_reset (LdDatabase  *database,
                            LdStatement *statement)
{
  ld_postgres_statement_reset (PG_STATEMENT (statement));
}

static gboolean
ld_postgres_database_begin (LdDatabase  *database,
                            GError     **error)
{
  return begin_transaction (LD_POSTGRES_DATABASE (database),
                            "BEGIN ISOLATION LEVEL READ COMMITTED;"
                            "SELECT pg_advisory_xact_lock (" WRITER_LOCK ")",
                            error);
}

static gboolean
ld_postgres_database_begin_read (LdDatabase  *database,
                                 GError     **error)
{
  return begin_transaction (LD_POSTGRES_DATABASE (database), "BEGIN ISOLATION LEVEL REPEATABLE READ", error);
}

static gboolean
ld_postgres_database_commit (LdDatabase  *database,
                             GError     **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);
  gboolean counted = self->dirty && self->have_counter;
  PGresult *result;
  gboolean ok;

  if (!finish_pipeline (self, error))
    return FALSE;
  /* COMMIT of a transaction an error ended answers ROLLBACK, not an error */
  result = PQexec (self->conn,
                   counted ? "UPDATE ld_changes SET version = version + 1 WHERE id = 1; COMMIT" : "COMMIT");
  ok = result_ok (result) && g_str_equal (PQcmdStatus (result), "COMMIT");
  if (!ok)
    {
      if (result_ok (result))
        g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE,
                             "The transaction failed and was rolled back");
      else
        set_result_error (error, self->conn, result, "The transaction could not be committed");
    }
  else if (counted)
    self->own_changes++;
  PQclear (result);
  self->dirty = FALSE;
  return ok;
}

static void
ld_postgres_database_rollback (LdDatabase *database)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);

  /* an error of a queued statement is the reason for this rollback, or one more */
  finish_pipeline (self, NULL);
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->dirty = FALSE;
}

static guint64
ld_postgres_database_changes (LdDatabase *database)
{
  return LD_POSTGRES_DATABASE (database)->changes;
}

/* after a bulk load: the statistics, and the identity columns told of the ids the load
 * chose itself (the demo seed numbers its rows), so the next default id is a new one */
static gboolean
ld_postgres_database_analyze (LdDatabase  *database,
                              GError     **error)
{
  return run_simple (LD_POSTGRES_DATABASE (database),
                     "DO $$ DECLARE r record; BEGIN"
                     "  FOR r IN SELECT table_name, column_name FROM information_schema.columns"
                     "            WHERE table_schema = current_schema () AND is_identity = 'YES' LOOP"
                     "    EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, %L), "
                     "COALESCE ((SELECT max (%I) FROM %I), 0) + 1, false)',"
                     "                    r.table_name, r.column_name, r.column_name, r.table_name);"
                     "  END LOOP;"
                     "END $$;"
                     "ANALYZE",
                     error);
}

/* PostgreSQL checkpoints by itself; its WAL is the server's, not this client's */
static gboolean
ld_postgres_database_checkpoint (LdDatabase  *database,
                                 GError     **error)
{
  return TRUE;
}

/* A deleted or updated row stays in its table's file as a dead tuple (and in its indexes)
 * until a vacuum; a plain VACUUM frees the space without clearing it, an UPDATE that
 * overwrites columns only adds a new version beside the old. VACUUM FULL writes every
 * table that held a member's personal data into new files without the dead tuples, its
 * indexes and TOAST rebuilt, and unlinks the old files; ANALYZE samples the statistics
 * (pg_statistic keeps common values) again. The WAL and its archive keep what was written
 * until they are recycled: a switch to a new segment and a CHECKPOINT hasten that where
 * the role may run them (EXECUTE on pg_switch_wal, pg_checkpoint), and the README says
 * what the rest takes. A reader with a snapshot older
 * than the removal would keep the dead rows alive through VACUUM FULL: then try later. */
static gboolean
ld_postgres_database_scrub (LdDatabase  *database,
                            GError     **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);
  PGresult *result;
  gint64 readers = 0;

  if (!ld_database_query_int (database,
                              "SELECT count(*) FROM pg_stat_activity "
                              "WHERE datname = current_database () AND pid <> pg_backend_pid () "
                              "AND backend_type = 'client backend' AND backend_xmin IS NOT NULL",
                              &readers, error))
    return FALSE;
  if (readers > 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE,
                           "Another connection still reads a snapshot with the removed rows");
      return FALSE;
    }

  if (!run_simple (self, "VACUUM (FULL, ANALYZE) " SCRUB_TABLES, error))
    return FALSE;
  /* a new WAL segment, and a checkpoint after which the old ones are not needed: they
   * are removed (with wal_recycle = off; otherwise renamed and overwritten later) */
  for (guint i = 0; i < 2; i++)
    {
      result = PQexec (self->conn, i == 0 ? "SELECT pg_switch_wal ()" : "CHECKPOINT");
      if (!result_ok (result))
        g_debug ("After a removal: %s", PQresultErrorMessage (result));
      PQclear (result);
    }
  return TRUE;
}

static gint64
ld_postgres_database_schema_version (LdDatabase  *database,
                                     GError     **error)
{
  gint64 version = 0;

  if (!ld_database_query_int (database, "SELECT to_regclass ('schema_migrations') IS NOT NULL", &version, error))
    return -1;
  if (version == 0)
    return 0;
  if (!ld_database_query_int (database, "SELECT coalesce (max (version), 0) FROM schema_migrations", &version, error))
    return -1;
  return version;
}

/* the watched table's trigger says "ld_row_changed TABLE ID" as a NOTICE while the
 * statement that changed the row runs */
static void
notice_cb (void           *user_data,
           const PGresult *result)
{
  LdPostgresDatabase *self = user_data;
  const char *message = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
  g_auto(GStrv) parts = NULL;

  if (message == NULL || !g_str_has_prefix (message, ROW_CHANGED_PREFIX))
    {
      g_debug ("PostgreSQL: %s", message ? message : PQresultErrorMessage (result));
      return;
    }
  parts = g_strsplit (message + strlen (ROW_CHANGED_PREFIX), " ", 2);
  if (parts[0] != NULL && parts[1] != NULL)
    ld_table_watch_notify (&self->watch, parts[0], g_ascii_strtoll (parts[1], NULL, 10));
}

static void
ld_postgres_database_watch_table (LdDatabase       *database,
                                  const char       *table,
                                  LdRowChangedFunc  func,
                                  gpointer          user_data)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);

  ld_table_watch_set (&self->watch, table, func, user_data);
}

static gboolean
ld_postgres_database_data_version (LdDatabase  *database,
                                   gint64      *version,
                                   GError     **error)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (database);

  *version = 0;
  if (!self->have_counter)
    return TRUE;
  if (!ld_database_query_int (database, "SELECT version FROM ld_changes WHERE id = 1", version, error))
    return FALSE;
  *version -= self->own_changes;
  return TRUE;
}

static LdDialect
ld_postgres_database_dialect (LdDatabase *database)
{
  return LD_DIALECT_POSTGRESQL;
}

static void
ld_postgres_database_iface_init (LdDatabaseInterface *iface)
{
  iface->exec = ld_postgres_database_exec;
  iface->prepare = ld_postgres_database_prepare;
  iface->bind_int = ld_postgres_database_bind_int;
  iface->bind_text = ld_postgres_database_bind_text;
  iface->bind_null = ld_postgres_database_bind_null;
  iface->step = ld_postgres_database_step;
  iface->column_type = ld_postgres_database_column_type;
  iface->column_int = ld_postgres_database_column_int;
  iface->column_text = ld_postgres_database_column_text;
  iface->reset = ld_postgres_database_reset;
  iface->begin = ld_postgres_database_begin;
  iface->begin_read = ld_postgres_database_begin_read;
  iface->commit = ld_postgres_database_commit;
  iface->rollback = ld_postgres_database_rollback;
  iface->changes = ld_postgres_database_changes;
  iface->analyze = ld_postgres_database_analyze;
  iface->checkpoint = ld_postgres_database_checkpoint;
  iface->schema_version = ld_postgres_database_schema_version;
  iface->watch_table = ld_postgres_database_watch_table;
  iface->data_version = ld_postgres_database_data_version;
  iface->scrub = ld_postgres_database_scrub;
  iface->dialect = ld_postgres_database_dialect;
  iface->queue = ld_postgres_database_queue;
}

static void
ld_postgres_database_finalize (GObject *object)
{
  LdPostgresDatabase *self = LD_POSTGRES_DATABASE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  ld_table_watch_clear (&self->watch);

  G_OBJECT_CLASS (ld_postgres_database_parent_class)->finalize (object);
}

static void
ld_postgres_database_class_init (LdPostgresDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_postgres_database_finalize;
}

static void
ld_postgres_database_init (LdPostgresDatabase *self)
{
  self->statements = g_hash_table_new_full (ld_database_sql_hash, g_str_equal, NULL, ld_postgres_statement_free);
}

/**
 * ld_postgres_database_open:
 * @uri: libpq's connection URI (postgresql://user@host:port/dbname)
 * @error: return location for a #GError
 *
 * Connects, and makes the change counter (ld_changes) when the database has none.
 *
 * Returns: (transfer full): the connection, or %NULL with LD_ERROR_STORAGE
 */
LdDatabase *
ld_postgres_database_open (const char  *uri,
                           GError     **error)
{
  g_autoptr(LdPostgresDatabase) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (LD_TYPE_POSTGRES_DATABASE, NULL);
  self->conn = PQconnectdb (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "Cannot connect to PostgreSQL: %s", message);
      return NULL;
    }
  /* kept by PQreset() */
  PQsetNoticeReceiver (self->conn, notice_cb, self);
  if (!set_up_session (self, error))
    return NULL;

  /* under the writers' lock: instances starting together make it once */
  if (!run_simple (self,
                   "BEGIN;"
                   "SELECT pg_advisory_xact_lock (" WRITER_LOCK ");"
                   "CREATE TABLE IF NOT EXISTS ld_changes ("
                   "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                   "  version BIGINT NOT NULL"
                   ");"
                   "INSERT INTO ld_changes (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;"
                   "COMMIT",
                   error))
    {
      g_prefix_error (error, "Cannot set up the change counter: ");
      return NULL;
    }
  self->have_counter = TRUE;

  return LD_DATABASE (g_steal_pointer (&self));
}

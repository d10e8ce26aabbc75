/* ld-database.h — the thin layer between LdStorage's SQL and one database engine
 *
 * LdStorage keeps all of the domain's SQL, written once in a portable form ($N
 * parameters, RFC 3339 text times, RETURNING, ON CONFLICT, row values); a backend
 * (LdSqliteDatabase now, PostgreSQL later) only runs it. Statements are prepared once
 * and cached by the backend for the life of the connection: ld_database_prepare()
 * answers the cached statement, reset and with no bindings, owned by the database.
 * Hand it back with ld_statement_release() (or g_autoptr (LdStatement)), which resets it.
 * One SQL text is one statement: preparing the same text again while stepping it resets
 * the first use, so a loop over rows must not call code that prepares that same text.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_DATABASE (ld_database_get_type ())
G_DECLARE_INTERFACE (LdDatabase, ld_database, LD, DATABASE, GObject)

/* a backend's statement starts with this */
typedef struct _LdStatement
{
  LdDatabase          *database;   /* (unowned) */
  LdDatabaseInterface *iface;      /* the backend's, looked up once */
} LdStatement;

typedef enum
{
  LD_STEP_ERROR = -1,
  LD_STEP_DONE = 0,
  LD_STEP_ROW = 1,
} LdStep;

/* see ld_database_watch_table() */
typedef void (*LdRowChangedFunc) (gint64   row_id,
                                  gpointer user_data);

/* the SQL a backend speaks where the two differ (the schema's migrations) */
typedef enum
{
  LD_DIALECT_SQLITE,
  LD_DIALECT_POSTGRESQL,
} LdDialect;

typedef enum
{
  LD_COLUMN_NULL,
  LD_COLUMN_INT,
  LD_COLUMN_TEXT,
} LdColumnType;

struct _LdDatabaseInterface
{
  GTypeInterface parent_iface;

  gboolean      (*exec)         (LdDatabase   *self,
                                 const char   *sql,
                                 GError      **error);
  LdStatement  *(*prepare)      (LdDatabase   *self,
                                 const char   *sql,
                                 GError      **error);
  void          (*bind_int)     (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         index,
                                 gint64        value);
  void          (*bind_text)    (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         index,
                                 const char   *value);
  void          (*bind_null)    (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         index);
  LdStep        (*step)         (LdDatabase   *self,
                                 LdStatement  *statement,
                                 GError      **error);
  LdColumnType  (*column_type)  (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         column);
  gint64        (*column_int)   (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         column);
  const char   *(*column_text)  (LdDatabase   *self,
                                 LdStatement  *statement,
                                 guint         column);
  void          (*reset)        (LdDatabase   *self,
                                 LdStatement  *statement);
  gboolean      (*begin)        (LdDatabase   *self,
                                 GError      **error);
  /* a read-only snapshot: several reads see one state of the data */
  gboolean      (*begin_read)   (LdDatabase   *self,
                                 GError      **error);
  gboolean      (*commit)       (LdDatabase   *self,
                                 GError      **error);
  void          (*rollback)     (LdDatabase   *self);
  guint64       (*changes)      (LdDatabase   *self);
  /* refreshes the planner's statistics after a bulk load */
  gboolean      (*analyze)      (LdDatabase   *self,
                                 GError      **error);
  /* makes sure no deleted byte lingers in a log beside the database (SQLite's WAL) */
  gboolean      (*checkpoint)   (LdDatabase   *self,
                                 GError      **error);
  /* the schema version recorded by the migrations; 0 for a new database */
  gint64        (*schema_version) (LdDatabase *self,
                                   GError    **error);
  void          (*watch_table)  (LdDatabase       *self,
                                 const char       *table,
                                 LdRowChangedFunc  func,
                                 gpointer          user_data);
  gboolean      (*data_version) (LdDatabase   *self,
                                 gint64       *version,
                                 GError      **error);
  /* see ld_database_scrub() */
  gboolean      (*scrub)        (LdDatabase   *self,
                                 GError      **error);
  /* NULL: LD_DIALECT_SQLITE */
  LdDialect     (*dialect)      (LdDatabase   *self);
  /* see ld_statement_queue(); NULL runs the statement at once */
  gboolean      (*queue)        (LdDatabase   *self,
                                 LdStatement  *statement,
                                 GError      **error);
};

gboolean      ld_database_exec           (LdDatabase   *self,
                                          const char   *sql,
                                          GError      **error);
/* (transfer none): give it back with ld_statement_release() */
LdStatement  *ld_database_prepare        (LdDatabase   *self,
                                          const char   *sql,
                                          GError      **error);
/* transactions do not nest: LdStorage opens one per public call */
gboolean      ld_database_begin          (LdDatabase   *self,
                                          GError      **error);
gboolean      ld_database_begin_read     (LdDatabase   *self,
                                          GError      **error);
gboolean      ld_database_commit         (LdDatabase   *self,
                                          GError      **error);
void          ld_database_rollback       (LdDatabase   *self);
/* rows changed by the last INSERT, UPDATE or DELETE */
guint64       ld_database_changes        (LdDatabase   *self);
gboolean      ld_database_analyze        (LdDatabase   *self,
                                          GError      **error);
gboolean      ld_database_checkpoint     (LdDatabase   *self,
                                          GError      **error);
gint64        ld_database_schema_version (LdDatabase   *self,
                                          GError      **error);
/* calls @func with the id of every row of @table that this connection updates or deletes,
 * the schema's triggers' changes included, as the change is made (before its commit); one
 * watch per connection, a later one replaces it */
void          ld_database_watch_table    (LdDatabase       *self,
                                          const char       *table,
                                          LdRowChangedFunc  func,
                                          gpointer          user_data);
/* *@version changes whenever another connection (or process) has committed a change
 * since it was last read; this connection's own commits leave it as it is */
gboolean      ld_database_data_version   (LdDatabase   *self,
                                          gint64       *version,
                                          GError      **error);
/* after a commit that deleted what must be gone from the storage's files (a member's
 * removal): drops every copy of deleted bytes the engine keeps beside the live data, so
 * the files hold only what a query can read (SQLite: freed space is zeroed as it is freed,
 * secure_delete; here the write-ahead log is folded into the file and truncated to
 * nothing, and planner samples of index keys are taken again). Outside a transaction.
 * FALSE when another connection's reader still holds the old data: try again later. */
gboolean      ld_database_scrub          (LdDatabase   *self,
                                          GError      **error);
LdDialect     ld_database_get_dialect    (LdDatabase   *self);

/* @index counts from 1 as $1, $2… in the SQL */
void          ld_statement_bind_int      (LdStatement  *self,
                                          guint         index,
                                          gint64        value);
/* NULL binds SQL NULL */
void          ld_statement_bind_text     (LdStatement  *self,
                                          guint         index,
                                          const char   *value);
void          ld_statement_bind_null     (LdStatement  *self,
                                          guint         index);
LdStep        ld_statement_step          (LdStatement  *self,
                                          GError      **error);
/* runs a statement that answers no rows (or ignores them) and releases nothing */
gboolean      ld_statement_run           (LdStatement  *self,
                                          GError      **error);
/* Runs a statement that answers no rows, inside a write transaction, perhaps later: a
 * backend may send it with the statements queued after it and read their answers
 * together (PostgreSQL's pipeline: one round trip for hundreds of statements instead of
 * one each, for a bulk load such as the demo seed). Queued statements run in their order,
 * and all of them before anything else the connection is asked to do (a step, an exec, a
 * commit). An error of a queued statement may be answered by a later call instead (a
 * later queue, step or the commit): the transaction is then to be rolled back.
 * ld_database_changes() does not count queued statements. Release the statement as
 * after ld_statement_run(). */
gboolean      ld_statement_queue         (LdStatement  *self,
                                          GError      **error);
/* @column counts from 0 */
LdColumnType  ld_statement_get_type      (LdStatement  *self,
                                          guint         column);
gint64        ld_statement_get_int       (LdStatement  *self,
                                          guint         column);
gboolean      ld_statement_get_bool      (LdStatement  *self,
                                          guint         column);
/* (nullable) valid until the next step or release */
const char   *ld_statement_get_text      (LdStatement  *self,
                                          guint         column);
void          ld_statement_release       (LdStatement  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStatement, ld_statement_release)

/* ---- what the backends share */

/* the integer in the first column of the first row of @sql (no parameters); no row is an
 * LD_ERROR_STORAGE */
gboolean      ld_database_query_int      (LdDatabase   *self,
                                          const char   *sql,
                                          gint64       *value,
                                          GError      **error);
/* a GHashFunc for the statement caches keyed by SQL text */
guint         ld_database_sql_hash       (gconstpointer sql);

/* what ld_database_watch_table() asked a backend to report */
typedef struct
{
  char             *table;
  LdRowChangedFunc  func;
  gpointer          user_data;
} LdTableWatch;

void          ld_table_watch_set         (LdTableWatch     *watch,
                                          const char       *table,
                                          LdRowChangedFunc  func,
                                          gpointer          user_data);
/* reports @row_id when @table is the watched one */
void          ld_table_watch_notify      (const LdTableWatch *watch,
                                          const char         *table,
                                          gint64              row_id);
void          ld_table_watch_clear       (LdTableWatch     *watch);

G_END_DECLS

/* ld-database.c — the LdDatabase interface and the statement helpers over it */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-database.h"
#include "ld-error.h"

G_DEFINE_INTERFACE (LdDatabase, ld_database, G_TYPE_OBJECT)

static void
ld_database_default_init (LdDatabaseInterface *iface)
{
}

#define IFACE(db) (LD_DATABASE_GET_IFACE (db))

gboolean
ld_database_exec (LdDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  return IFACE (self)->exec (self, sql, error);
}

LdStatement *
ld_database_prepare (LdDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  return IFACE (self)->prepare (self, sql, error);
}

gboolean
ld_database_begin (LdDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->begin (self, error);
}

gboolean
ld_database_begin_read (LdDatabase  *self,
                        GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->begin_read (self, error);
}

gboolean
ld_database_commit (LdDatabase  *self,
                    GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->commit (self, error);
}

void
ld_database_rollback (LdDatabase *self)
{
  g_return_if_fail (LD_IS_DATABASE (self));

  IFACE (self)->rollback (self);
}

guint64
ld_database_changes (LdDatabase *self)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), 0);

  return IFACE (self)->changes (self);
}

gboolean
ld_database_analyze (LdDatabase  *self,
                     GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->analyze (self, error);
}

gboolean
ld_database_checkpoint (LdDatabase  *self,
                        GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->checkpoint (self, error);
}

gint64
ld_database_schema_version (LdDatabase  *self,
                            GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), -1);

  return IFACE (self)->schema_version (self, error);
}

void
ld_database_watch_table (LdDatabase       *self,
                         const char       *table,
                         LdRowChangedFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (LD_IS_DATABASE (self));
  g_return_if_fail (table != NULL);

  IFACE (self)->watch_table (self, table, func, user_data);
}

gboolean
ld_database_data_version (LdDatabase  *self,
                          gint64      *version,
                          GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  return IFACE (self)->data_version (self, version, error);
}

gboolean
ld_database_scrub (LdDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);

  return IFACE (self)->scrub (self, error);
}

LdDialect
ld_database_get_dialect (LdDatabase *self)
{
  g_return_val_if_fail (LD_IS_DATABASE (self), LD_DIALECT_SQLITE);

  if (IFACE (self)->dialect == NULL)
    return LD_DIALECT_SQLITE;
  return IFACE (self)->dialect (self);
}

void
ld_statement_bind_int (LdStatement *self,
                       guint        index,
                       gint64       value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index > 0);

  self->iface->bind_int (self->database, self, index, value);
}

void
ld_statement_bind_text (LdStatement *self,
                        guint        index,
                        const char  *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index > 0);

  if (value == NULL)
    self->iface->bind_null (self->database, self, index);
  else
    self->iface->bind_text (self->database, self, index, value);
}

void
ld_statement_bind_null (LdStatement *self,
                        guint        index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index > 0);

  self->iface->bind_null (self->database, self, index);
}

LdStep
ld_statement_step (LdStatement  *self,
                   GError      **error)
{
  g_return_val_if_fail (self != NULL, LD_STEP_ERROR);

  return self->iface->step (self->database, self, error);
}

gboolean
ld_statement_run (LdStatement  *self,
                  GError      **error)
{
  LdStep step;

  g_return_val_if_fail (self != NULL, FALSE);

  while ((step = ld_statement_step (self, error)) == LD_STEP_ROW)
    ;
  return step == LD_STEP_DONE;
}

gboolean
ld_statement_queue (LdStatement  *self,
                    GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->iface->queue == NULL)
    return ld_statement_run (self, error);
  return self->iface->queue (self->database, self, error);
}

LdColumnType
ld_statement_get_type (LdStatement *self,
                       guint        column)
{
  g_return_val_if_fail (self != NULL, LD_COLUMN_NULL);

  return self->iface->column_type (self->database, self, column);
}

gint64
ld_statement_get_int (LdStatement *self,
                      guint        column)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->iface->column_int (self->database, self, column);
}

gboolean
ld_statement_get_bool (LdStatement *self,
                       guint        column)
{
  return ld_statement_get_int (self, column) != 0;
}

const char *
ld_statement_get_text (LdStatement *self,
                       guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->iface->column_text (self->database, self, column);
}

void
ld_statement_release (LdStatement *self)
{
  if (self == NULL)
    return;

  self->iface->reset (self->database, self);
}

/* ---- what the backends share */

gboolean
ld_database_query_int (LdDatabase  *self,
                       const char  *sql,
                       gint64      *value,
                       GError     **error)
{
  LdStatement *statement;
  LdStep step;

  g_return_val_if_fail (LD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  statement = ld_database_prepare (self, sql, error);
  if (statement == NULL)
    return FALSE;
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ROW)
    *value = ld_statement_get_int (statement, 0);
  else if (step == LD_STEP_DONE)
    g_set_error (error, LD_ERROR, LD_ERROR_STORAGE, "No row answered: %s", sql);
  ld_statement_release (statement);
  return step == LD_STEP_ROW;
}

/* SQL texts are long: hash a sample of them (equality still compares all) */
guint
ld_database_sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  guint hash = 5381 + length;
  gsize step = length / 64 + 1;

  for (gsize i = 0; i < length; i += step)
    hash = hash * 33 + (guchar) sql[i];
  return hash;
}

void
ld_table_watch_set (LdTableWatch     *watch,
                    const char       *table,
                    LdRowChangedFunc  func,
                    gpointer          user_data)
{
  g_free (watch->table);
  watch->table = g_strdup (table);
  watch->func = func;
  watch->user_data = user_data;
}

void
ld_table_watch_notify (const LdTableWatch *watch,
                       const char         *table,
                       gint64              row_id)
{
  if (watch->func != NULL && g_strcmp0 (table, watch->table) == 0)
    watch->func (row_id, watch->user_data);
}

void
ld_table_watch_clear (LdTableWatch *watch)
{
  g_clear_pointer (&watch->table, g_free);
  watch->func = NULL;
  watch->user_data = NULL;
}

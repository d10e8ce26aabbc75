/* ld-storage.c — the LdStorage object: opening and migrating the database, the one
 * connection's lock and read snapshots, transactions, and the small helpers every topic's
 * file shares (stored times, folded names, items made of columns, the action history)
 *
 * The domain's SQL lives in one file per topic: ld-storage-operators.c (operators,
 * sessions, sign-in lock-outs), -config.c, -members.c (search, search summaries, the
 * profile), -cards.c, -calls.c, -registrations.c, -histories.c (purchases, operations,
 * messages, actions), -favorites.c, -subscriptions.c, -products.c, -outbox.c,
 * -idempotency.c; the schema in -schema.c, demo data in -seed.c, and every list's keyset
 * paging in -paging.c. What they share is declared in ld-storage-private.h.
 *
 * Each public call holds the connection's lock; each write is one transaction together
 * with its action-history entry.
 *
 * The SQL is written in the dialect SQLite (3.40 here) and PostgreSQL share, so that a
 * PostgreSQL LdDatabase runs it as it is: $1-style parameters; INSERT … ON CONFLICT … DO
 * NOTHING / DO UPDATE and RETURNING (never INSERT OR IGNORE / OR REPLACE or
 * last_insert_rowid()); COALESCE (never IFNULL); times computed in C and stored as RFC 3339
 * text (never datetime('now')); flags as INTEGER 0/1 compared with = 1; LIKE only on
 * case-folded columns (SQLite's LIKE ignores ASCII case, PostgreSQL's does not); NULLS
 * FIRST/LAST said wherever a sort key may be NULL; row values for keyset paging. What
 * differs is the backends' business: the column types (INTEGER PRIMARY KEY ids, 64-bit
 * INTEGER, text in bytewise order: COLLATE "C" on PostgreSQL) and the triggers, rewritten
 * per dialect by ld-storage-schema.c; change detection behind ld_database_data_version()
 * (SQLite's PRAGMA data_version, a change counter in ld-postgres-database.c); boolean
 * results read as 1 or 0 by ld_statement_get_bool() on both.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-postgres-database.h"
#include "ld-sqlite-database.h"
#include "ld-storage-private.h"

G_DEFINE_FINAL_TYPE (LdStorage, ld_storage, G_TYPE_OBJECT)

LdStorageLock *
ld_storage_lock (LdStorage *self,
                 gboolean   read)
{
  if (!LD_IS_STORAGE (self))
    return NULL;
  g_rec_mutex_lock (&self->lock);
  if (read && self->read_depth++ == 0)
    self->in_read = ld_database_begin_read (self->db, NULL);
  return self;
}

void
ld_storage_unlock (LdStorageLock *self)
{
  if (self->read_depth > 0 && --self->read_depth == 0 && self->in_read)
    {
      self->in_read = FALSE;
      if (!ld_database_commit (self->db, NULL))
        ld_database_rollback (self->db);
    }
  g_rec_mutex_unlock (&self->lock);
}

/* ---- small helpers */

char *
ld_storage_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, LD_STORAGE_TIME_FORMAT);
}

char *
ld_storage_now (void)
{
  return ld_storage_format_time (ld_clock_get_unix_seconds ());
}

char *
ld_storage_fold (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (normalized, -1);

  /* 'ё' (U+0451) is written as 'е' (U+0435) as often as not: search treats them as one */
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c == 0x0451 ? 0x0435 : c);
    }
  return g_string_free (out, FALSE);
}

void
ld_storage_set_text (JsonObject  *object,
                     const char  *member,
                     const char  *value,
                     gboolean     empty_is_null)
{
  json_object_set_string_member (object, member, empty_is_null && value != NULL && *value == '\0' ? NULL : value);
}

static void
set_column_int_or_null (JsonObject  *object,
                        const char  *member,
                        LdStatement *statement,
                        guint        column)
{
  if (ld_statement_get_type (statement, column) == LD_COLUMN_NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_int_member (object, member, ld_statement_get_int (statement, column));
}

void
ld_statement_bind_id (LdStatement *statement,
                      guint        index,
                      gint64       value)
{
  if (value > 0)
    ld_statement_bind_int (statement, index, value);
  else
    ld_statement_bind_null (statement, index);
}

gboolean
ld_storage_commit (LdStorage  *self,
                   GError    **error)
{
  g_assert (LD_IS_STORAGE (self));

  if (!ld_database_commit (self->db, error))
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_storage_run (LdStorage   *self,
                GError     **error,
                const char  *sql,
                const char  *types,
                ...)
{
  g_autoptr(LdStatement) statement = NULL;
  va_list args;

  g_assert (LD_IS_STORAGE (self));
  g_assert (sql != NULL && types != NULL);

  statement = ld_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return FALSE;
  va_start (args, types);
  for (guint i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        ld_statement_bind_int (statement, i + 1, va_arg (args, gint64));
      else if (types[i] == 'd')
        ld_statement_bind_id (statement, i + 1, va_arg (args, gint64));
      else
        ld_statement_bind_text (statement, i + 1, va_arg (args, const char *));
    }
  va_end (args);
  return ld_statement_run (statement, error);
}

LdStep
ld_storage_query_row (LdStorage    *self,
                      const char   *sql,
                      const char   *text,
                      gint64        id,
                      LdStatement **out,
                      GError      **error)
{
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  g_assert (LD_IS_STORAGE (self));
  g_assert (out != NULL && *out == NULL);

  statement = ld_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return LD_STEP_ERROR;
  if (text != NULL)
    ld_statement_bind_text (statement, 1, text);
  else
    ld_statement_bind_int (statement, 1, id);
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ROW)
    *out = g_steal_pointer (&statement);
  return step;
}

gboolean
ld_storage_query_int (LdStorage   *self,
                      const char  *sql,
                      const char  *text,
                      gint64       id,
                      gboolean    *found,
                      gint64      *value,
                      GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  step = ld_storage_query_row (self, sql, text, id, &statement, error);
  if (step == LD_STEP_ERROR)
    return FALSE;
  if (found != NULL)
    *found = step == LD_STEP_ROW;
  if (step == LD_STEP_ROW && value != NULL)
    *value = ld_statement_get_int (statement, 0);
  return TRUE;
}

gboolean
ld_storage_add_action (LdStorage   *self,
                       const char  *created_at,
                       gint64       operator_id,
                       const char  *action,
                       const char  *target,
                       const char  *reason,
                       gint64       member_id,
                       GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *now = NULL;

  statement = ld_database_prepare (self->db, LD_STORAGE_ADD_ACTION_SQL, error);
  if (statement == NULL)
    return FALSE;
  if (created_at == NULL)
    created_at = now = ld_storage_now ();
  ld_storage_bind_action (statement, created_at, operator_id, action, target, reason, member_id);
  return ld_statement_run (statement, error);
}

void
ld_storage_bind_action (LdStatement  *statement,
                        const char   *created_at,
                        gint64        operator_id,
                        const char   *action,
                        const char   *target,
                        const char   *reason,
                        gint64        member_id)
{
  ld_statement_bind_text (statement, 1, created_at);
  ld_statement_bind_id (statement, 2, operator_id);
  ld_statement_bind_text (statement, 3, action);
  ld_statement_bind_text (statement, 4, target);
  ld_statement_bind_text (statement, 5, reason);
  ld_statement_bind_id (statement, 6, member_id);
}

/* ---- items made of columns */

void
ld_storage_append_columns (GString           *sql,
                           const LdItemField *fields)
{
  for (guint i = 0; fields[i].member != NULL; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", fields[i].column);
}

void
ld_storage_set_fields (JsonObject        *item,
                       LdStatement       *statement,
                       guint              first,
                       const LdItemField *fields)
{
  for (guint i = 0; fields[i].member != NULL; i++)
    {
      const char *member = fields[i].member;
      guint column = first + i;

      switch (fields[i].kind)
        {
        case LD_FIELD_TEXT:
        case LD_FIELD_NAME:
          ld_storage_set_text (item, member, ld_statement_get_text (statement, column), fields[i].kind == LD_FIELD_NAME);
          break;
        case LD_FIELD_INT:
          json_object_set_int_member (item, member, ld_statement_get_int (statement, column));
          break;
        case LD_FIELD_INT_OR_NULL:
          set_column_int_or_null (item, member, statement, column);
          break;
        case LD_FIELD_BOOL:
          json_object_set_boolean_member (item, member, ld_statement_get_bool (statement, column));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

JsonObject *
ld_storage_item_from_row (LdStatement       *statement,
                          guint              first,
                          const LdItemField *fields)
{
  JsonObject *item = json_object_new ();

  ld_storage_set_fields (item, statement, first, fields);
  return item;
}

JsonArray *
ld_storage_query_items (LdStorage          *self,
                        const LdItemField  *fields,
                        const char         *rest,
                        gint64              id1,
                        gint64              id2,
                        GError            **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(JsonArray) items = json_array_new ();
  LdStep step;

  ld_storage_append_columns (sql, fields);
  g_string_append (sql, rest);
  statement = ld_database_prepare (self->db, sql->str, error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, id1);
  if (id2 != 0)
    ld_statement_bind_int (statement, 2, id2);
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    json_array_add_object_element (items, ld_storage_item_from_row (statement, 0, fields));
  if (step == LD_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&items);
}

/* ---- the object */

static void
ld_storage_finalize (GObject *object)
{
  LdStorage *self = LD_STORAGE (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->config_json, g_free);
  g_clear_pointer (&self->summaries, ld_summary_cache_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ld_storage_parent_class)->finalize (object);
}

static void
ld_storage_class_init (LdStorageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_storage_finalize;
}

static void
ld_storage_init (LdStorage *self)
{
  g_rec_mutex_init (&self->lock);
  self->summaries = ld_summary_cache_new (LD_STORAGE_SEARCH_CACHE_DEFAULT);
}

/* The summaries in memory stay those of the database: this connection's changes reach
 * them through the watch on member_summaries (every change a search shows deletes the
 * member's stored summary, by the schema's triggers, and a member is only kept in memory
 * while its summary is stored), and any other connection's through data_version, read
 * before the first answer from memory after each ld_storage_expect_changes(): when it
 * moved, the change log (schema 12, whose triggers name each deleted summary's member)
 * says which members to forget. */
static void
summary_changed_cb (gint64   member_id,
                    gpointer user_data)
{
  LdStorage *self = user_data;

  ld_summary_cache_forget (self->summaries, member_id);
}

/* the newest row of the change log, from which ld_storage_check_changes_locked() reads */
static gboolean
read_last_change (LdStorage  *self,
                  GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db, "SELECT COALESCE (MAX (seq), 0) FROM ld_change_log", error);
  if (statement == NULL || ld_statement_step (statement, error) != LD_STEP_ROW)
    return FALSE;
  self->change_seq = ld_statement_get_int (statement, 0);
  return TRUE;
}

/**
 * ld_storage_open:
 * @uri: a file path of an SQLite database (created when missing), or a PostgreSQL
 *   connection URI (postgresql://user@host:port/dbname)
 * @error: return location for a #GError
 *
 * Opens the database and brings its schema up to date.
 *
 * Returns: (transfer full): the storage, or %NULL with LD_ERROR_STORAGE
 */
static LdDatabase *
open_database (const char  *uri,
               GError     **error)
{
  if (g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://"))
    return ld_postgres_database_open (uri, error);
  return ld_sqlite_database_open (uri, error);
}

LdStorage *
ld_storage_open (const char  *uri,
                 GError     **error)
{
  g_autoptr(LdStorage) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (LD_TYPE_STORAGE, NULL);
  self->db = open_database (uri, error);
  if (self->db == NULL)
    return NULL;
  if (!ld_storage_migrate (self, error))
    return NULL;
  ld_database_watch_table (self->db, "member_summaries", summary_changed_cb, self);
  /* in this order: a change made between the two is read from the log again, harmlessly */
  if (!ld_database_data_version (self->db, &self->data_version, error) ||
      !read_last_change (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * ld_storage_open_reader:
 * @uri: as for ld_storage_open()
 * @error: return location for a #GError
 *
 * Another connection to a database that ld_storage_open() has brought up to date, for
 * an #LdStoragePool's reads: it migrates nothing and keeps no search summaries in memory
 * (the storage that writes keeps those, and knows first when they change).
 *
 * Returns: (transfer full): the storage, or %NULL with LD_ERROR_STORAGE
 */
LdStorage *
ld_storage_open_reader (const char  *uri,
                        GError     **error)
{
  g_autoptr(LdStorage) self = NULL;
  gint64 version;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (LD_TYPE_STORAGE, NULL);
  self->db = open_database (uri, error);
  if (self->db == NULL)
    return NULL;
  version = ld_database_schema_version (self->db, error);
  if (version < 0)
    return NULL;
  if (version != ld_storage_get_latest_schema_version ())
    {
      g_set_error (error, LD_ERROR, LD_ERROR_STORAGE,
                   "The database has schema version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT
                   ": a reader opens it after the server has migrated it",
                   version, ld_storage_get_latest_schema_version ());
      return NULL;
    }
  g_clear_pointer (&self->summaries, ld_summary_cache_free);
  self->summaries = ld_summary_cache_new (0);
  self->reader = TRUE;
  return g_steal_pointer (&self);
}

/**
 * ld_storage_set_search_cache_size:
 * @members: how many members' search summaries to keep in memory; 0 keeps none
 *
 * The default is %LD_STORAGE_SEARCH_CACHE_DEFAULT. The cache starts again empty when full.
 */
void
ld_storage_set_search_cache_size (LdStorage *self,
                                  guint      members)
{
  LD_STORAGE_LOCK (self);

  g_return_if_fail (LD_IS_STORAGE (self));

  g_clear_pointer (&self->summaries, ld_summary_cache_free);
  self->summaries = ld_summary_cache_new (members);
}

/**
 * ld_storage_expect_changes:
 *
 * Says that another process may have written to the database since the last call, so
 * the search summaries in memory are checked against the database (its data_version,
 * about 5 µs here) before they next answer. The server calls it each time its main loop
 * is about to wait: a request read after that wait was sent after any change another
 * process had made before it, and one check serves every request read with it. Changes
 * made through this storage reach the summaries in memory at once, without it.
 */
void
ld_storage_expect_changes (LdStorage *self)
{
  LD_STORAGE_LOCK (self);

  g_return_if_fail (LD_IS_STORAGE (self));

  self->summaries_checked = FALSE;
}

/* the change log's rows after the last one read: the members named are forgotten, and a
 * session, operator or configuration row says so in *@access. FALSE when the log could
 * not be read, or when rows this instance had not read were pruned (it then knows nothing
 * of what changed); this connection's own rows come back too, and do no harm */
static gboolean
read_change_log (LdStorage *self,
                 gboolean  *access)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 last = self->change_seq;
  LdStep step;

  statement = ld_database_prepare (self->db, "SELECT seq, kind, id FROM ld_change_log WHERE seq > $1 ORDER BY seq",
                                   &error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, self->change_seq);
  while ((step = ld_statement_step (statement, &error)) == LD_STEP_ROW)
    {
      gint64 id = ld_statement_get_int (statement, 2);

      last = ld_statement_get_int (statement, 0);
      if (g_strcmp0 (ld_statement_get_text (statement, 1), "member") == 0)
        g_array_append_val (members, id);
      else
        *access = TRUE;
    }
  if (step != LD_STEP_DONE)
    goto failed;
  /* the rows kept are the newest LD_CHANGE_LOG_KEEP seqs up to the last */
  if (last - self->change_seq > LD_CHANGE_LOG_KEEP)
    {
      g_debug ("The change log was pruned past what this instance read");
      self->change_seq = last;
      return FALSE;
    }
  for (guint i = 0; i < members->len; i++)
    ld_summary_cache_forget (self->summaries, g_array_index (members, gint64, i));
  self->change_seq = last;
  return TRUE;

failed:
  g_debug ("The change log cannot be read: %s", error != NULL ? error->message : "no answer");
  return FALSE;
}

gboolean
ld_storage_check_changes_locked (LdStorage *self)
{
  gboolean access = FALSE;
  gint64 version;

  /* a reader keeps nothing that another connection's change could make stale */
  if (self->summaries_checked || self->reader)
    return TRUE;
  if (!ld_database_data_version (self->db, &version, NULL))
    return FALSE;
  self->summaries_checked = TRUE;
  if (version == self->data_version)
    return TRUE;
  /* read after data_version: a change committed in between is read now and again later */
  self->data_version = version;
  if (!read_change_log (self, &access))
    {
      g_debug ("The database was changed by another connection: %u search summaries forgotten",
               ld_summary_cache_get_size (self->summaries));
      ld_summary_cache_clear (self->summaries);
      access = TRUE;
    }
  if (access)
    {
      g_clear_pointer (&self->config_json, g_free);
      self->generation++;
    }
  return TRUE;
}

guint64
ld_storage_get_generation (LdStorage *self)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), 0);

  /* unreadable: a generation no caller has seen, so nothing kept is trusted */
  if (!ld_storage_check_changes_locked (self))
    return ++self->generation;
  return self->generation;
}

void
ld_storage_get_search_cache_stats (LdStorage *self,
                                   guint     *members,
                                   guint64   *answered)
{
  LD_STORAGE_LOCK (self);

  g_return_if_fail (LD_IS_STORAGE (self));

  *members = ld_summary_cache_get_size (self->summaries);
  *answered = self->summaries_answered;
}

gboolean
ld_storage_ping (LdStorage  *self,
                 GError    **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  statement = ld_database_prepare (self->db, "SELECT 1", error);
  if (statement == NULL)
    return FALSE;
  return ld_statement_step (statement, error) == LD_STEP_ROW;
}

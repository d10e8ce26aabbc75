/* ld-storage.c — the domain's SQL: operators, sessions, configuration, members, cards,
 * histories, lists
 *
 * All SQL of the server lives here (and in ld-storage-schema.c, ld-storage-seed.c), in
 * the portable form LdDatabase backends run. Each public call holds the connection's
 * lock; each write is one transaction together with its action-history entry.
 *
 * Every list is one table (ListSpec: what it reads, how it may be sorted, which column
 * makes which member of an item) run by run_list(), and paged by keyset in
 * ld-storage-paging.c.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-json.h"
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
  return ld_storage_format_time (g_get_real_time () / G_USEC_PER_SEC);
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

/* the smallest string greater than every string starting with @prefix, or NULL */
static char *
prefix_upper_bound (const char *prefix)
{
  glong n_chars = g_utf8_strlen (prefix, -1);
  g_autofree gunichar *chars = NULL;
  gunichar last;

  if (n_chars == 0)
    return NULL;
  chars = g_utf8_to_ucs4_fast (prefix, -1, NULL);
  last = chars[n_chars - 1];
  if (last >= 0x10FFFF)
    return NULL;
  last++;
  if (last >= 0xD800 && last <= 0xDFFF)
    last = 0xE000;
  chars[n_chars - 1] = last;
  return g_ucs4_to_utf8 (chars, n_chars, NULL, NULL, NULL);
}

static void
set_storage_error (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, message);
}

/* a JSON string member, or null for NULL (and, when @empty_is_null, for "") */
static void
set_text (JsonObject  *object,
          const char  *member,
          const char  *value,
          gboolean     empty_is_null)
{
  if (value == NULL || (empty_is_null && *value == '\0'))
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

static void
set_column_text (JsonObject  *object,
                 const char  *member,
                 LdStatement *statement,
                 guint        column)
{
  set_text (object, member, ld_statement_get_text (statement, column), FALSE);
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

/* ---- items made of columns */

void
ld_storage_append_columns (GString           *sql,
                           const LdItemField *fields)
{
  for (guint i = 0; fields[i].member != NULL; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", fields[i].column);
}

static guint
n_fields (const LdItemField *fields)
{
  guint n = 0;

  while (fields[n].member != NULL)
    n++;
  return n;
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
          set_text (item, member, ld_statement_get_text (statement, column), fields[i].kind == LD_FIELD_NAME);
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

/* {items, next_cursor, total}: the answer of every list */
static JsonObject *
page_answer (JsonArray   *items,
             const char  *next_cursor,
             gint64       total)
{
  JsonObject *answer = json_object_new ();

  json_object_set_array_member (answer, "items", items);
  set_text (answer, "next_cursor", next_cursor, FALSE);
  json_object_set_int_member (answer, "total", total);
  return answer;
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

static gboolean
begin (LdStorage  *self,
       GError    **error)
{
  return ld_database_begin (self->db, error);
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
ld_storage_run_with (LdStorage   *self,
                     const char  *sql,
                     gint64       i1,
                     gint64       i2,
                     const char  *t3,
                     GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  g_assert (LD_IS_STORAGE (self));
  g_assert (sql != NULL);

  statement = ld_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, i1);
  ld_statement_bind_int (statement, 2, i2);
  if (t3 != NULL)
    ld_statement_bind_text (statement, 3, t3);
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

static void
rollback (LdStorage *self)
{
  ld_database_rollback (self->db);
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

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO actions (created_at, operator_id, action, target, reason, member_id) "
                                   "VALUES ($1, $2, $3, $4, $5, $6)",
                                   error);
  if (statement == NULL)
    return FALSE;
  if (created_at == NULL)
    created_at = now = ld_storage_now ();
  ld_statement_bind_text (statement, 1, created_at);
  ld_statement_bind_id (statement, 2, operator_id);
  ld_statement_bind_text (statement, 3, action);
  ld_statement_bind_text (statement, 4, target);
  ld_statement_bind_text (statement, 5, reason);
  ld_statement_bind_id (statement, 6, member_id);
  return ld_statement_run (statement, error);
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

void
ld_operator_record_free (LdOperatorRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->login);
  g_free (record->name);
  g_free (record->role);
  g_free (record->password_hash);
  g_strfreev (record->granted);
  g_strfreev (record->denied);
  g_free (record);
}

void
ld_stored_response_free (LdStoredResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_free (response);
}

/* The summaries in memory stay those of the database: this connection's changes reach
 * them through the watch on member_summaries (every change a search shows deletes the
 * member's stored summary, by the schema's triggers, and a member is only kept in memory
 * while its summary is stored), and any other connection's through data_version, read
 * before the first answer from memory after each ld_storage_expect_changes(): when it
 * moved, everything is forgotten. */
static void
summary_changed_cb (gint64   member_id,
                    gpointer user_data)
{
  LdStorage *self = user_data;

  ld_summary_cache_forget (self->summaries, member_id);
}

/**
 * ld_storage_open:
 * @uri: a file path of an SQLite database (created when missing)
 * @error: return location for a #GError
 *
 * Opens the database and brings its schema up to date.
 *
 * Returns: (transfer full): the storage, or %NULL with LD_ERROR_STORAGE
 */
LdStorage *
ld_storage_open (const char  *uri,
                 GError     **error)
{
  g_autoptr(LdStorage) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://"))
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED,
                           "PostgreSQL storage is not available yet");
      return NULL;
    }

  self = g_object_new (LD_TYPE_STORAGE, NULL);
  self->db = ld_sqlite_database_open (uri, error);
  if (self->db == NULL)
    return NULL;
  if (!ld_storage_migrate (self, error))
    return NULL;
  ld_database_watch_table (self->db, "member_summaries", summary_changed_cb, self);
  if (!ld_database_data_version (self->db, &self->data_version, error))
    return NULL;
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

/* ---- operators and sessions */

#define OPERATOR_COLUMNS \
  "o.id, o.login, o.name, o.role, o.password_hash, o.granted, o.denied, o.failed_logins, o.locked_until"

static char **
split_rights (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, " ", -1);
}

static LdOperatorRecord *
operator_from_row (LdStatement *statement,
                   guint        first)
{
  LdOperatorRecord *record = g_new0 (LdOperatorRecord, 1);

  record->id = ld_statement_get_int (statement, first);
  record->login = g_strdup (ld_statement_get_text (statement, first + 1));
  record->name = g_strdup (ld_statement_get_text (statement, first + 2));
  record->role = g_strdup (ld_statement_get_text (statement, first + 3));
  record->password_hash = g_strdup (ld_statement_get_text (statement, first + 4));
  record->granted = split_rights (ld_statement_get_text (statement, first + 5));
  record->denied = split_rights (ld_statement_get_text (statement, first + 6));
  record->failed_logins = ld_statement_get_int (statement, first + 7);
  record->locked_until = ld_statement_get_int (statement, first + 8);
  return record;
}

gint64
ld_storage_insert_operator_locked (LdStorage   *self,
                                   const char  *login,
                                   const char  *name,
                                   const char  *role,
                                   const char  *password_hash,
                                   const char  *denied,
                                   const char  *created_at,
                                   GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO operators (login, name, role, password_hash, denied, created_at) "
                                   "VALUES ($1, $2, $3, $4, $5, $6) "
                                   "ON CONFLICT (login) DO NOTHING RETURNING id",
                                   error);
  if (statement == NULL)
    return 0;
  ld_statement_bind_text (statement, 1, login);
  ld_statement_bind_text (statement, 2, name);
  ld_statement_bind_text (statement, 3, role);
  ld_statement_bind_text (statement, 4, password_hash);
  ld_statement_bind_text (statement, 5, denied ? denied : "");
  ld_statement_bind_text (statement, 6, created_at);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      return ld_statement_get_int (statement, 0);
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_CONFLICT,
                   "An operator with the login “%s” exists already", login);
      return 0;
    default:
      return 0;
    }
}

static gint64
create_operator_locked (LdStorage   *self,
                        const char  *login,
                        const char  *name,
                        const char  *role,
                        const char  *password_hash,
                        gint64       by_operator,
                        GError     **error)
{
  g_autofree char *now = ld_storage_now ();
  gint64 id;

  id = ld_storage_insert_operator_locked (self, login, name, role, password_hash, NULL, now, error);
  if (id == 0 ||
      !ld_storage_add_action (self, now, by_operator, "operator.create", login, NULL, 0, error))
    return 0;
  return id;
}

/**
 * ld_storage_create_operator:
 *
 * Returns: the new operator's id, or 0 with LD_ERROR_CONFLICT when the login is taken
 */
gint64
ld_storage_create_operator (LdStorage   *self,
                            const char  *login,
                            const char  *name,
                            const char  *role,
                            const char  *password_hash,
                            GError     **error)
{
  LD_STORAGE_LOCK (self);
  gint64 id;

  g_return_val_if_fail (LD_IS_STORAGE (self), 0);
  g_return_val_if_fail (login != NULL && *login != '\0', 0);
  g_return_val_if_fail (role != NULL, 0);
  g_return_val_if_fail (password_hash != NULL, 0);

  if (!begin (self, error))
    return 0;
  id = create_operator_locked (self, login, name ? name : login, role, password_hash, 0, error);
  if (id == 0)
    {
      rollback (self);
      return 0;
    }
  if (!ld_storage_commit (self, error))
    return 0;
  return id;
}

static LdOperatorRecord *
get_operator_where (LdStorage   *self,
                    const char  *sql,
                    const char  *text,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  switch (ld_storage_query_row (self, sql, text, id, &statement, error))
    {
    case LD_STEP_ROW:
      return operator_from_row (statement, 0);
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_FOUND, "No such operator");
      return NULL;
    default:
      return NULL;
    }
}

/**
 * ld_storage_get_operator_by_login:
 *
 * Returns: (transfer full): the operator, or %NULL with LD_ERROR_NOT_FOUND
 */
LdOperatorRecord *
ld_storage_get_operator_by_login (LdStorage   *self,
                                  const char  *login,
                                  GError     **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  return get_operator_where (self, "SELECT " OPERATOR_COLUMNS " FROM operators o WHERE o.login = $1",
                             login, 0, error);
}

/**
 * ld_storage_get_operator:
 *
 * Returns: (transfer full): the operator, or %NULL with LD_ERROR_NOT_FOUND
 */
LdOperatorRecord *
ld_storage_get_operator (LdStorage  *self,
                         gint64      operator_id,
                         GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return get_operator_where (self, "SELECT " OPERATOR_COLUMNS " FROM operators o WHERE o.id = $1",
                             NULL, operator_id, error);
}

gboolean
ld_storage_record_login_failure (LdStorage  *self,
                                 gint64      operator_id,
                                 guint       lock_after,
                                 gint64      lock_until,
                                 GError    **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  gint64 failures;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (lock_after > 0, FALSE);

  if (!begin (self, error))
    return FALSE;

  statement = ld_database_prepare (self->db,
                                   "UPDATE operators SET failed_logins = failed_logins + 1 "
                                   "WHERE id = $1 RETURNING failed_logins",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, operator_id);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      failures = ld_statement_get_int (statement, 0);
      break;
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_FOUND, "No such operator");
      goto failed;
    default:
      goto failed;
    }
  g_clear_pointer (&statement, ld_statement_release);

  if (failures >= lock_after)
    {
      statement = ld_database_prepare (self->db,
                                       "UPDATE operators SET failed_logins = 0, locked_until = $2 WHERE id = $1",
                                       error);
      if (statement == NULL)
        goto failed;
      ld_statement_bind_int (statement, 1, operator_id);
      ld_statement_bind_int (statement, 2, lock_until);
      if (!ld_statement_run (statement, error))
        goto failed;
      g_clear_pointer (&statement, ld_statement_release);
    }
  return ld_storage_commit (self, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return FALSE;
}

static gboolean
run_update_one (LdStorage   *self,
                const char  *sql,
                gint64       id,
                const char  *text1,
                const char  *text2,
                const char  *not_found,
                GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, id);
  if (text1 != NULL)
    ld_statement_bind_text (statement, 2, text1);
  if (text2 != NULL)
    ld_statement_bind_text (statement, 3, text2);
  if (!ld_statement_run (statement, error))
    return FALSE;
  if (not_found != NULL && ld_database_changes (self->db) == 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_storage_reset_login_failures (LdStorage  *self,
                                 gint64      operator_id,
                                 GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  return run_update_one (self,
                         "UPDATE operators SET failed_logins = 0, locked_until = 0 WHERE id = $1",
                         operator_id, NULL, NULL, "No such operator", error);
}

/**
 * ld_storage_get_login_lock:
 * @login: a login no operator has
 * @locked_until: (out): unix seconds, 0 when it was never locked
 */
gboolean
ld_storage_get_login_lock (LdStorage   *self,
                           const char  *login,
                           gint64      *locked_until,
                           GError     **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (locked_until != NULL, FALSE);

  *locked_until = 0;
  return ld_storage_query_int (self, "SELECT locked_until FROM login_failures WHERE login = $1",
                               login, 0, NULL, locked_until, error);
}

/* the counts of unknown logins are forgotten a day after their last failure, so that
 * made-up logins do not pile up for ever */
#define LOGIN_FAILURES_KEPT (24 * 60 * 60)

gboolean
ld_storage_record_unknown_login_failure (LdStorage  *self,
                                         const char *login,
                                         guint       lock_after,
                                         gint64      now,
                                         gint64      lock_until,
                                         GError    **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  gint64 failures;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (lock_after > 0, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!ld_storage_run_with (self, "DELETE FROM login_failures WHERE failed_at < $1 AND locked_until < $2",
                            now - LOGIN_FAILURES_KEPT, now, NULL, error))
    goto failed;

  /* one statement: two instances counting the same login at once both count */
  statement = ld_database_prepare (self->db,
                                   "INSERT INTO login_failures (login, failures, failed_at) VALUES ($1, 1, $2) "
                                   "ON CONFLICT (login) DO UPDATE SET failures = login_failures.failures + 1, "
                                   "failed_at = $2 RETURNING failures",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, login);
  ld_statement_bind_int (statement, 2, now);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      failures = ld_statement_get_int (statement, 0);
      break;
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "The failure was not counted");
      goto failed;
    default:
      goto failed;
    }
  g_clear_pointer (&statement, ld_statement_release);

  if (failures >= lock_after)
    {
      statement = ld_database_prepare (self->db,
                                       "UPDATE login_failures SET failures = 0, locked_until = $2 WHERE login = $1",
                                       error);
      if (statement == NULL)
        goto failed;
      ld_statement_bind_text (statement, 1, login);
      ld_statement_bind_int (statement, 2, lock_until);
      if (!ld_statement_run (statement, error))
        goto failed;
      g_clear_pointer (&statement, ld_statement_release);
    }
  return ld_storage_commit (self, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return FALSE;
}

gboolean
ld_storage_set_operator_rights (LdStorage          *self,
                                gint64              operator_id,
                                const char * const *granted,
                                const char * const *denied,
                                GError            **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *granted_text = NULL;
  g_autofree char *denied_text = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  granted_text = granted ? g_strjoinv (" ", (char **) granted) : g_strdup ("");
  denied_text = denied ? g_strjoinv (" ", (char **) denied) : g_strdup ("");
  target = g_strdup_printf ("operator:%" G_GINT64_FORMAT, operator_id);

  if (!begin (self, error))
    return FALSE;
  if (!run_update_one (self, "UPDATE operators SET granted = $2, denied = $3 WHERE id = $1",
                       operator_id, granted_text, denied_text, "No such operator", error) ||
      !ld_storage_add_action (self, NULL, 0, "operator.rights", target, NULL, 0, error))
    {
      rollback (self);
      return FALSE;
    }
  return ld_storage_commit (self, error);
}

gboolean
ld_storage_create_session (LdStorage   *self,
                           const char  *token_hash,
                           gint64       operator_id,
                           gint64       expires_at,
                           GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *now = ld_storage_now ();

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  /* sessions that ended long ago only take room */
  statement = ld_database_prepare (self->db, "DELETE FROM sessions WHERE expires_at < $1", error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, g_get_real_time () / G_USEC_PER_SEC - 86400);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO sessions (token_hash, operator_id, created_at, expires_at) "
                                   "VALUES ($1, $2, $3, $4)",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, token_hash);
  ld_statement_bind_int (statement, 2, operator_id);
  ld_statement_bind_text (statement, 3, now);
  ld_statement_bind_int (statement, 4, expires_at);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);
  return ld_storage_commit (self, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return FALSE;
}

/**
 * ld_storage_lookup_session:
 *
 * Returns: (transfer full): the operator of a live session, or %NULL with LD_ERROR_UNAUTHORIZED
 */
LdOperatorRecord *
ld_storage_lookup_session (LdStorage   *self,
                           const char  *token_hash,
                           gint64       now,
                           gint64      *expires_at,
                           GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  statement = ld_database_prepare (self->db,
                                   "SELECT " OPERATOR_COLUMNS ", s.expires_at FROM sessions s "
                                   "JOIN operators o ON o.id = s.operator_id "
                                   "WHERE s.token_hash = $1 AND s.expires_at > $2",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_text (statement, 1, token_hash);
  ld_statement_bind_int (statement, 2, now);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      if (expires_at != NULL)
        *expires_at = ld_statement_get_int (statement, 9);
      return operator_from_row (statement, 0);
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, LD_ERROR_UNAUTHORIZED, "The session has ended; log in again");
      return NULL;
    default:
      return NULL;
    }
}

gboolean
ld_storage_delete_session (LdStorage   *self,
                           const char  *token_hash,
                           GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  statement = ld_database_prepare (self->db, "DELETE FROM sessions WHERE token_hash = $1", error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, token_hash);
  return ld_statement_run (statement, error);
}

/* ---- configuration */

static const char *
config_text_locked (LdStorage  *self,
                    GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  if (self->config_json != NULL)
    return self->config_json;

  statement = ld_database_prepare (self->db, "SELECT document FROM config WHERE id = 1", error);
  if (statement == NULL)
    return NULL;
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      self->config_json = g_strdup (ld_statement_get_text (statement, 0));
      return self->config_json;
    case LD_STEP_DONE:
      set_storage_error (error, "The configuration is missing");
      return NULL;
    default:
      return NULL;
    }
}

static JsonObject *
config_locked (LdStorage  *self,
               GError    **error)
{
  const char *text = config_text_locked (self, error);

  if (text == NULL)
    return NULL;
  return ld_json_parse_object (text, -1, error);
}

/**
 * ld_storage_get_config:
 *
 * Returns: (transfer full): the configuration document
 */
JsonObject *
ld_storage_get_config (LdStorage  *self,
                       GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return config_locked (self, error);
}

gboolean
ld_storage_put_config (LdStorage   *self,
                       JsonObject  *config,
                       gint64       operator_id,
                       GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = ld_storage_now ();

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  text = ld_json_object_to_string (config);

  if (!begin (self, error))
    return FALSE;
  statement = ld_database_prepare (self->db,
                                   "UPDATE config SET document = $1, updated_at = $2 WHERE id = 1",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, text);
  ld_statement_bind_text (statement, 2, now);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);
  if (!ld_storage_add_action (self, now, operator_id, "config.update", "config", NULL, 0, error))
    goto failed;
  if (!ld_storage_commit (self, error))
    return FALSE;

  g_clear_pointer (&self->config_json, g_free);
  self->config_json = g_steal_pointer (&text);
  return TRUE;

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return FALSE;
}

/* ---- members: the search-result shape */

#define MEMBER_COLUMNS \
  "m.id, m.first_name, m.last_name, m.middle_name, m.phone, m.email, m.birth_date, " \
  "a.balance, a.blocked, c.number, c.category, c.state"
#define N_MEMBER_COLUMNS 12
#define MEMBER_FROM \
  " FROM members m JOIN accounts a ON a.id = m.account_id " \
  "LEFT JOIN cards c ON c.owner_id = m.id AND c.main = 1 "

/* ---- JSON text for the hot answers (member search): written straight into a GString,
 * without a JsonNode tree or a JsonGenerator. Strings are escaped as RFC 8259 asks and as
 * json-glib's generator does: quote, backslash, control characters and DEL. */

/* appends a string literal (JSON punctuation and keys) */
#define json_append_literal(out, literal) \
  g_string_append_len ((out), "" literal, sizeof (literal) - 1)

static void
json_append_string (GString    *out,
                    const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = value;
  const char *p;

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          json_append_literal (out, "\\\"");
          break;
        case '\\':
          json_append_literal (out, "\\\\");
          break;
        case '\b':
          json_append_literal (out, "\\b");
          break;
        case '\f':
          json_append_literal (out, "\\f");
          break;
        case '\n':
          json_append_literal (out, "\\n");
          break;
        case '\r':
          json_append_literal (out, "\\r");
          break;
        case '\t':
          json_append_literal (out, "\\t");
          break;
        default:
          {
            const char escaped[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            g_string_append_len (out, escaped, sizeof escaped);
          }
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
json_append_int (GString *out,
                 gint64   value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *p = end;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

/* a JSON string, or null for NULL (and, when @empty_is_null, for ""): as set_text() */
static void
json_append_text (GString    *out,
                  const char *value,
                  gboolean    empty_is_null)
{
  if (value == NULL || (empty_is_null && *value == '\0'))
    json_append_literal (out, "null");
  else
    json_append_string (out, value);
}

static void
json_append_column_text (GString     *out,
                         LdStatement *statement,
                         guint        column)
{
  json_append_text (out, ld_statement_get_text (statement, column), FALSE);
}

/* [{system, level, assigned_at}…] of one member, sorted by system */
static gboolean
member_statuses_append_json (LdStorage  *self,
                             gint64      member_id,
                             GString    *out,
                             GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  gboolean first = TRUE;
  LdStep step;

  statement = ld_database_prepare (self->db,
                                   "SELECT system, level, assigned_at FROM member_statuses "
                                   "WHERE member_id = $1 ORDER BY system",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, member_id);
  g_string_append_c (out, '[');
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      if (first)
        json_append_literal (out, "{");
      else
        json_append_literal (out, ",{");
      first = FALSE;
      json_append_literal (out, "\"system\":");
      json_append_column_text (out, statement, 0);
      json_append_literal (out, ",\"level\":");
      json_append_column_text (out, statement, 1);
      json_append_literal (out, ",\"assigned_at\":");
      json_append_column_text (out, statement, 2);
      g_string_append_c (out, '}');
    }
  if (step == LD_STEP_ERROR)
    return FALSE;
  g_string_append_c (out, ']');
  return TRUE;
}

/* the search-result member (DESIGN.md) of the MEMBER_COLUMNS starting at @first, as JSON
 * text: the one definition of that shape, which member_from_row() parses */
static gboolean
member_append_json (LdStorage    *self,
                    LdStatement  *statement,
                    guint         first,
                    GString      *out,
                    GError      **error)
{
  gint64 id = ld_statement_get_int (statement, first);

  json_append_literal (out, "{\"id\":");
  json_append_int (out, id);
  json_append_literal (out, ",\"first_name\":");
  json_append_column_text (out, statement, first + 1);
  json_append_literal (out, ",\"last_name\":");
  json_append_column_text (out, statement, first + 2);
  json_append_literal (out, ",\"middle_name\":");
  json_append_text (out, ld_statement_get_text (statement, first + 3), TRUE);
  json_append_literal (out, ",\"phone\":");
  json_append_column_text (out, statement, first + 4);
  json_append_literal (out, ",\"email\":");
  json_append_column_text (out, statement, first + 5);
  json_append_literal (out, ",\"birth_date\":");
  json_append_column_text (out, statement, first + 6);
  json_append_literal (out, ",\"main_card\":");
  if (ld_statement_get_type (statement, first + 9) == LD_COLUMN_NULL)
    json_append_literal (out, "null");
  else
    {
      json_append_literal (out, "{\"number\":");
      json_append_column_text (out, statement, first + 9);
      json_append_literal (out, ",\"category\":");
      json_append_column_text (out, statement, first + 10);
      json_append_literal (out, ",\"state\":");
      json_append_column_text (out, statement, first + 11);
      g_string_append_c (out, '}');
    }
  json_append_literal (out, ",\"balance\":");
  json_append_int (out, ld_statement_get_int (statement, first + 7));
  json_append_literal (out, ",\"blocked\":");
  if (ld_statement_get_bool (statement, first + 8))
    json_append_literal (out, "true");
  else
    json_append_literal (out, "false");
  json_append_literal (out, ",\"statuses\":");
  if (!member_statuses_append_json (self, id, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}

static JsonObject *
member_from_row (LdStorage    *self,
                 LdStatement  *statement,
                 guint         first,
                 GError      **error)
{
  g_autoptr(GString) text = g_string_sized_new (512);

  if (!member_append_json (self, statement, first, text, error))
    return NULL;
  return ld_json_parse_object (text->str, text->len, error);
}

/* ---- the search summary (schema migration 3): member_append_json() stored per member,
 * deleted by the schema's triggers whenever anything it shows changes */

static gboolean
store_summary (LdStorage   *self,
               gint64       member_id,
               const char  *json,
               GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO member_summaries (member_id, json) VALUES ($1, $2) "
                                   "ON CONFLICT (member_id) DO UPDATE SET json = excluded.json",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, member_id);
  ld_statement_bind_text (statement, 2, json);
  return ld_statement_run (statement, error);
}

gboolean
ld_storage_fill_summaries_locked (LdStorage  *self,
                                  GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) json = g_string_sized_new (1024);
  LdStep step;

  /* NOT IN reads the summaries once, before the first insert into them */
  statement = ld_database_prepare (self->db,
                                   "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM
                                   "WHERE m.id NOT IN (SELECT member_id FROM member_summaries) "
                                   "ORDER BY m.id",
                                   error);
  if (statement == NULL)
    return FALSE;
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      g_string_truncate (json, 0);
      if (!member_append_json (self, statement, 1, json, error) ||
          !store_summary (self, ld_statement_get_int (statement, 0), json->str, error))
        return FALSE;
    }
  return step == LD_STEP_DONE;
}

/* the search-result member with the phone @value, or owning the card @value (@by_card),
 * appended to @out from its summary (one walk of the phone or card index and one of the
 * summaries), *@member_id 0 and nothing appended when there is none. A member without a
 * summary is rendered as before and its summary stored in this same snapshot, so it can
 * only be written if nothing changed since (else SQLite refuses the write and the answer
 * stands). *@stored says whether the summary appended was stored before this snapshot
 * (one rendered now may yet be rolled back). The search's hot path and a call's screen pop
 * both read the member here. */
static gboolean
summary_append_json (LdStorage   *self,
                     gboolean     by_card,
                     const char  *value,
                     GString     *out,
                     gint64      *member_id,
                     gboolean    *stored,
                     GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize start = out->len;
  LdStep step;

  *member_id = 0;
  *stored = FALSE;
  statement = ld_database_prepare (self->db,
                                   by_card
                                   ? "SELECT s.member_id, s.json FROM cards k JOIN member_summaries s "
                                     "ON s.member_id = k.owner_id WHERE k.number = $1"
                                   : "SELECT s.member_id, s.json FROM members m JOIN member_summaries s "
                                     "ON s.member_id = m.id WHERE m.phone = $1",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, value);
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ERROR)
    return FALSE;
  if (step == LD_STEP_ROW)
    {
      *member_id = ld_statement_get_int (statement, 0);
      *stored = TRUE;
      g_string_append (out, ld_statement_get_text (statement, 1));
      return TRUE;
    }

  g_clear_pointer (&statement, ld_statement_release);
  statement = ld_database_prepare (self->db,
                                   by_card
                                   ? "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM
                                     "WHERE m.id = (SELECT owner_id FROM cards WHERE number = $1)"
                                   : "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM "WHERE m.phone = $1",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, value);
  step = ld_statement_step (statement, error);
  if (step != LD_STEP_ROW)
    return step == LD_STEP_DONE;

  *member_id = ld_statement_get_int (statement, 0);
  if (!member_append_json (self, statement, 1, out, error))
    return FALSE;
  g_clear_pointer (&statement, ld_statement_release);
  if (!store_summary (self, *member_id, out->str + start, &local_error))
    g_debug ("Search summary of member %" G_GINT64_FORMAT " not stored: %s",
             *member_id, local_error->message);
  return TRUE;
}

static void
search_one_answer_start (GString *out)
{
  json_append_literal (out, "{\"items\":[");
}

static void
search_one_answer_end (GString *out,
                       gboolean found)
{
  json_append_literal (out, "],\"next_cursor\":null,\"total\":");
  json_append_int (out, found ? 1 : 0);
  g_string_append_c (out, '}');
}

/* the first page of a search by phone or by card alone: at most one member, its summary,
 * remembered in memory when it was stored before: a member is only kept in memory while
 * its stored summary exists, whose deletion then forgets it */
static gboolean
search_one_json (LdStorage   *self,
                 gboolean     by_card,
                 const char  *value,
                 GString     *out,
                 GError     **error)
{
  gint64 member_id;
  gboolean stored;
  gsize start;

  search_one_answer_start (out);
  start = out->len;
  if (!summary_append_json (self, by_card, value, out, &member_id, &stored, error))
    return FALSE;
  if (stored)
    ld_summary_cache_insert (self->summaries, by_card ? LD_SUMMARY_KEY_CARD : LD_SUMMARY_KEY_PHONE,
                             value, member_id, out->str + start, out->len - start);
  search_one_answer_end (out, member_id != 0);
  return TRUE;
}

/* a search by phone or by card alone, first page: at most one member, its summary (the
 * call center's hot path) */
static gboolean
search_is_by_one_key (const LdMemberQuery *query,
                      const LdPageRequest *page)
{
  return (query->phone != NULL) != (query->card != NULL) &&
         query->email == NULL && query->name == NULL && query->birth_date == NULL &&
         (page == NULL || page->cursor == NULL);
}

/* the answer of a search by one key (search_is_by_one_key()) from memory; NULL when the
 * member is not there (or the database changed under it) */
static char *
search_one_cached (LdStorage            *self,
                   const LdMemberQuery  *query,
                   gsize                *length)
{
  LD_STORAGE_LOCK (self);
  gboolean by_card = query->card != NULL;
  const char *json;
  gsize json_length;
  gint64 version;
  GString *out;

  json = ld_summary_cache_lookup (self->summaries, by_card ? LD_SUMMARY_KEY_CARD : LD_SUMMARY_KEY_PHONE,
                                  by_card ? query->card : query->phone, &json_length);
  if (json == NULL)
    return NULL;
  if (self->summaries_checked)
    version = self->data_version;
  else if (ld_database_data_version (self->db, &version, NULL))
    self->summaries_checked = TRUE;
  else
    return NULL;
  if (version != self->data_version)
    {
      g_debug ("The database was changed by another connection: %u search summaries forgotten",
               ld_summary_cache_get_size (self->summaries));
      ld_summary_cache_clear (self->summaries);
      self->data_version = version;
      return NULL;
    }

  self->summaries_answered++;
  out = g_string_sized_new (json_length + 64);
  search_one_answer_start (out);
  g_string_append_len (out, json, json_length);
  search_one_answer_end (out, TRUE);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- lists: a table each, run by run_list() */

typedef struct
{
  const char *name;      /* the sort's name in the API, and the cursor's tag */
  const char *keys[5];   /* the sort key's expressions, the unique id last; NULL-ended */
} ListSort;

typedef struct
{
  const char      *what;      /* "Purchases": the start of the refusal of an unknown sort */
  const char      *from;      /* what the count reads: "purchases p" */
  const char      *joins;     /* what the items read besides */
  const LdItemField *fields;
  ListSort         sorts[3];  /* the first is the default */
} ListSpec;

static const ListSort *
list_sort (const ListSpec  *spec,
           const char      *name,
           GError         **error)
{
  if (name == NULL)
    return &spec->sorts[0];
  for (guint i = 0; i < G_N_ELEMENTS (spec->sorts) && spec->sorts[i].name != NULL; i++)
    if (g_str_equal (spec->sorts[i].name, name))
      return &spec->sorts[i];
  g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "%s cannot be sorted by “%s”", spec->what, name);
  return NULL;
}

typedef struct
{
  const LdItemField *fields;
  JsonArray       *items;
} ItemSink;

static gboolean
add_item_cb (LdStorage    *self,
             LdStatement  *statement,
             guint         first,
             gpointer      user_data,
             GError      **error)
{
  ItemSink *sink = user_data;

  json_array_add_object_element (sink->items, ld_storage_item_from_row (statement, first, sink->fields));
  return TRUE;
}

/* one page of the list of @spec sorted by @sort: the rows @where (" WHERE …", its values
 * in @params), inside the caller's lock */
static JsonObject *
run_list (LdStorage            *self,
          const ListSpec       *spec,
          const ListSort       *sort,
          gboolean              ascending,
          const char           *where,
          LdQueryParams        *params,
          const LdPageRequest  *page,
          GError              **error)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *count = g_strconcat ("SELECT count(*) FROM ", spec->from, where, NULL);
  g_autofree char *next_cursor = NULL;
  ItemSink sink = { spec->fields, items };
  LdPageQuery query = { 0 };
  gint64 total;

  for (guint i = 0; sort->keys[i] != NULL; i++)
    g_string_append_printf (select, "%s, ", sort->keys[i]);
  ld_storage_append_columns (select, spec->fields);
  g_string_append_printf (select, " FROM %s %s%s", spec->from, spec->joins, where);

  query.tag = sort->name;
  query.select = select->str;
  query.count = count;
  query.keys = sort->keys;
  query.ascending = ascending;
  if (!ld_storage_run_page (self, &query, params, page, add_item_cb, &sink, &next_cursor, &total, error))
    return NULL;
  return page_answer (g_steal_pointer (&items), next_cursor, total);
}

/* ---- member search */

/* a page's member as JSON text, after a comma unless it is the first */
static gboolean
append_member_cb (LdStorage    *self,
                  LdStatement  *statement,
                  guint         first,
                  gpointer      user_data,
                  GError      **error)
{
  GString *out = user_data;

  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  return member_append_json (self, statement, first, out, error);
}

static gboolean
add_prefix_range (GString     *where,
                  LdQueryParams *params,
                  const char    *column,
                  const char  *word)
{
  g_autofree char *folded = ld_storage_fold (word);
  g_autofree char *upper = prefix_upper_bound (folded);

  g_string_append_printf (where, " AND %s >= $%u", column, ld_query_params_add_text (params, folded));
  if (upper != NULL)
    g_string_append_printf (where, " AND %s < $%u", column, ld_query_params_add_text (params, upper));
  return TRUE;
}

/* every search but the one answered from memory */
static char *
search_members_json (LdStorage            *self,
                     const LdMemberQuery  *query,
                     const LdPageRequest  *page,
                     gsize                *length,
                     GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  static const char * const id_keys[] = { "m.id", NULL };
  static const char * const name_keys[] = { "m.last_name_fold", "m.first_name_fold", "m.middle_name_fold", "m.id", NULL };
  static const char * const name_columns[] = { "m.last_name_fold", "m.first_name_fold", "m.middle_name_fold" };
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (" WHERE 1 = 1");
  g_autofree char *select = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *next_cursor = NULL;
  gboolean by_name = FALSE;
  LdPageQuery page_query = { 0 };
  gint64 total;

  if (query->phone != NULL)
    g_string_append_printf (where, " AND m.phone = $%u", ld_query_params_add_text (&params, query->phone));
  if (query->card != NULL)
    g_string_append_printf (where, " AND m.id = (SELECT owner_id FROM cards WHERE number = $%u)",
                            ld_query_params_add_text (&params, query->card));
  if (query->email != NULL)
    {
      g_autofree char *folded = ld_storage_fold (query->email);

      g_string_append_printf (where, " AND m.email_fold = $%u", ld_query_params_add_text (&params, folded));
    }
  if (query->birth_date != NULL)
    g_string_append_printf (where, " AND m.birth_date = $%u", ld_query_params_add_text (&params, query->birth_date));
  if (query->name != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (query->name, " \t\n", -1);
      guint n_words = 0;

      for (guint i = 0; words[i] != NULL; i++)
        {
          if (*words[i] == '\0')
            continue;
          if (n_words == G_N_ELEMENTS (name_columns))
            {
              g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                                   "A name is at most three words: last, first and middle name");
              return NULL;
            }
          add_prefix_range (where, &params, name_columns[n_words++], words[i]);
        }
      if (n_words == 0)
        {
          g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "The name to search for is empty");
          return NULL;
        }
      by_name = TRUE;
    }
  if (params.n == 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_MALFORMED, "Say what to search for");
      return NULL;
    }

  if (search_is_by_one_key (query, page))
    {
      out = g_string_sized_new (1024);
      if (!search_one_json (self, query->card != NULL, query->card ? query->card : query->phone, out, error))
        return NULL;
      if (length != NULL)
        *length = out->len;
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (by_name)
    select = g_strconcat ("SELECT m.last_name_fold, m.first_name_fold, m.middle_name_fold, m.id, "
                          MEMBER_COLUMNS MEMBER_FROM, where->str, NULL);
  else
    select = g_strconcat ("SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM, where->str, NULL);
  count = g_strconcat ("SELECT count(*) FROM members m", where->str, NULL);

  page_query.tag = by_name ? "name" : "id";
  page_query.select = select;
  page_query.count = count;
  page_query.keys = by_name ? name_keys : id_keys;
  page_query.ascending = TRUE;
  page_query.unique = query->phone != NULL || query->card != NULL;

  out = g_string_sized_new (1024);
  json_append_literal (out, "{\"items\":[");
  if (!ld_storage_run_page (self, &page_query, &params, page, append_member_cb, out,
                            &next_cursor, &total, error))
    return NULL;
  json_append_literal (out, "],\"next_cursor\":");
  json_append_text (out, next_cursor, FALSE);
  json_append_literal (out, ",\"total\":");
  json_append_int (out, total);
  g_string_append_c (out, '}');
  if (length != NULL)
    *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ld_storage_search_members_json:
 * @length: (out) (optional): the length of the answer
 *
 * A name search is sorted by last, first, middle name; every other search by id.
 * A name is one to three words: prefixes of the last, first and middle name in that order.
 * A search by phone or by card alone is answered from memory when its member was found
 * lately (see ld_storage_set_search_cache_size()), as the database would answer it.
 *
 * Returns: (transfer full): a page of search-result members as JSON text
 */
char *
ld_storage_search_members_json (LdStorage            *self,
                                const LdMemberQuery  *query,
                                const LdPageRequest  *page,
                                gsize                *length,
                                GError              **error)
{
  char *answer;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (search_is_by_one_key (query, page) && (answer = search_one_cached (self, query, length)) != NULL)
    return answer;
  return search_members_json (self, query, page, length, error);
}

/**
 * ld_storage_search_members:
 *
 * ld_storage_search_members_json() as a #JsonObject.
 *
 * Returns: (transfer full): a page of search-result members
 */
JsonObject *
ld_storage_search_members (LdStorage            *self,
                           const LdMemberQuery  *query,
                           const LdPageRequest  *page,
                           GError              **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  text = ld_storage_search_members_json (self, query, page, &length, error);
  if (text == NULL)
    return NULL;
  return ld_json_parse_object (text, length, error);
}

/* ---- cards */

static const LdItemField card_fields[] = {
  { "number", "k.number", LD_FIELD_TEXT },
  { "type", "k.type", LD_FIELD_TEXT },
  { "category", "k.category", LD_FIELD_TEXT },
  { "state", "k.state", LD_FIELD_TEXT },
  { "balance", "k.balance", LD_FIELD_INT },
  { "main", "k.main", LD_FIELD_BOOL },
  { "owner_id", "k.owner_id", LD_FIELD_INT_OR_NULL },
  { "blocked_reason", "k.blocked_reason", LD_FIELD_TEXT },
  { "issued_at", "k.issued_at", LD_FIELD_TEXT },
  { "activated_at", "k.activated_at", LD_FIELD_TEXT },
  { "replaced_by", "k.replaced_by", LD_FIELD_TEXT },
  { "first_purchase_pos", "k.first_purchase_pos", LD_FIELD_TEXT },
  { "version", "k.version", LD_FIELD_INT },
  { NULL }
};
#define CARD_OWNER_ID_COLUMN 6

/* a card's owner, in the card of GET /cards/{number} */
static const LdItemField owner_fields[] = {
  { "first_name", "o.first_name", LD_FIELD_TEXT },
  { "last_name", "o.last_name", LD_FIELD_TEXT },
  { "middle_name", "o.middle_name", LD_FIELD_NAME },
  { NULL }
};

static const ListSpec cards_list = {
  "Cards", "cards k", "", card_fields,
  { { "number", { "k.number", NULL } } },
};

/**
 * ld_storage_get_card:
 *
 * Returns: (transfer full): the card with its owner's name when linked, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_get_card (LdStorage   *self,
                     const char  *number,
                     GError     **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  JsonObject *card;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  ld_storage_append_columns (sql, card_fields);
  g_string_append (sql, ", ");
  ld_storage_append_columns (sql, owner_fields);
  g_string_append (sql, " FROM cards k LEFT JOIN members o ON o.id = k.owner_id WHERE k.number = $1");
  statement = ld_database_prepare (self->db, sql->str, error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_text (statement, 1, number);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no card %s", number);
      return NULL;
    default:
      return NULL;
    }

  card = ld_storage_item_from_row (statement, 0, card_fields);
  if (ld_statement_get_type (statement, CARD_OWNER_ID_COLUMN) == LD_COLUMN_NULL)
    json_object_set_null_member (card, "owner");
  else
    {
      JsonObject *owner = json_object_new ();

      json_object_set_int_member (owner, "id", ld_statement_get_int (statement, CARD_OWNER_ID_COLUMN));
      ld_storage_set_fields (owner, statement, n_fields (card_fields), owner_fields);
      json_object_set_object_member (card, "owner", owner);
    }
  return card;
}

/**
 * ld_storage_list_cards:
 * @state: (nullable): only cards in this state; %NULL for every card
 *
 * Returns: (transfer full): a page of cards sorted by number
 */
JsonObject *
ld_storage_list_cards (LdStorage            *self,
                       const char           *state,
                       const LdPageRequest  *page,
                       GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (state != NULL)
    where = g_strdup_printf (" WHERE k.state = $%u", ld_query_params_add_text (&params, state));
  return run_list (self, &cards_list, &cards_list.sorts[0], TRUE, where ? where : " WHERE 1 = 1",
                   &params, page, error);
}

/* ---- the profile */

static gboolean
member_account (LdStorage  *self,
                gint64      member_id,
                gint64     *account_id,
                GError    **error)
{
  gboolean found = FALSE;

  if (!ld_storage_query_int (self, "SELECT account_id FROM members WHERE id = $1", NULL, member_id,
                             &found, account_id, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no member %" G_GINT64_FORMAT, member_id);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
parse_object_or_empty (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = NULL;

  if (text != NULL)
    object = ld_json_parse_object (text, -1, &error);
  if (object == NULL)
    {
      if (error != NULL)
        g_debug ("A stored JSON document is broken: %s", error->message);
      object = json_object_new ();
    }
  return object;
}

static const LdItemField merged_member_fields[] = {
  { "id", "m.id", LD_FIELD_INT },
  { "first_name", "m.first_name", LD_FIELD_TEXT },
  { "last_name", "m.last_name", LD_FIELD_TEXT },
  { "middle_name", "m.middle_name", LD_FIELD_NAME },
  { "phone", "m.phone", LD_FIELD_TEXT },
  { NULL }
};

/* every row of "SELECT <@fields>@rest" (its $1 @id1 and, when not 0, $2 @id2) as an item */
static JsonArray *
query_items (LdStorage        *self,
             const LdItemField  *fields,
             const char       *rest,
             gint64            id1,
             gint64            id2,
             GError          **error)
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

/**
 * ld_storage_get_member:
 *
 * Returns: (transfer full): the profile of GET /members/{id}, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_get_member (LdStorage  *self,
                       gint64      member_id,
                       GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonArray) cards = NULL;
  g_autoptr(JsonArray) merged = NULL;
  JsonObject *answers;
  JsonObject *account;
  gint64 account_id;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  switch (ld_storage_query_row (self,
                                "SELECT " MEMBER_COLUMNS ", m.answers, m.consents, m.version, "
                                "m.created_at, m.updated_at, m.account_id, a.blocked_reason, "
                                "m.password_hash IS NOT NULL"
                                MEMBER_FROM "WHERE m.id = $1",
                                NULL, member_id, &statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no member %" G_GINT64_FORMAT, member_id);
      return NULL;
    default:
      return NULL;
    }

  member = member_from_row (self, statement, 0, error);
  if (member == NULL)
    return NULL;

  /* the form's answers: the stored ones, and those that live in their own columns */
  answers = parse_object_or_empty (ld_statement_get_text (statement, N_MEMBER_COLUMNS));
  set_column_text (answers, "last_name", statement, 2);
  set_column_text (answers, "first_name", statement, 1);
  set_text (answers, "middle_name", ld_statement_get_text (statement, 3), TRUE);
  set_column_text (answers, "birth_date", statement, 6);
  set_column_text (answers, "email", statement, 5);
  json_object_set_object_member (member, "answers", answers);
  json_object_set_object_member (member, "consents",
                                 parse_object_or_empty (ld_statement_get_text (statement, N_MEMBER_COLUMNS + 1)));
  json_object_set_int_member (member, "version", ld_statement_get_int (statement, N_MEMBER_COLUMNS + 2));
  set_column_text (member, "created_at", statement, N_MEMBER_COLUMNS + 3);
  set_column_text (member, "updated_at", statement, N_MEMBER_COLUMNS + 4);
  account_id = ld_statement_get_int (statement, N_MEMBER_COLUMNS + 5);
  json_object_set_boolean_member (member, "has_password",
                                  ld_statement_get_bool (statement, N_MEMBER_COLUMNS + 7));

  account = json_object_new ();
  json_object_set_int_member (account, "id", account_id);
  json_object_set_int_member (account, "balance", ld_statement_get_int (statement, 7));
  json_object_set_boolean_member (account, "blocked", ld_statement_get_bool (statement, 8));
  set_column_text (account, "blocked_reason", statement, N_MEMBER_COLUMNS + 6);
  json_object_set_object_member (member, "account", account);
  g_clear_pointer (&statement, ld_statement_release);

  /* cards: the main one first, then by activation */
  cards = query_items (self, card_fields,
                       " FROM cards k WHERE k.owner_id = $1 ORDER BY k.main DESC, k.activated_at, k.number",
                       member_id, 0, error);
  if (cards == NULL)
    return NULL;
  json_object_set_array_member (member, "cards", g_steal_pointer (&cards));

  /* the other members of a merged (family) account */
  merged = query_items (self, merged_member_fields,
                        " FROM members m WHERE m.account_id = $1 AND m.id <> $2 ORDER BY m.id",
                        account_id, member_id, error);
  if (merged == NULL)
    return NULL;
  json_object_set_array_member (member, "merged_members", g_steal_pointer (&merged));

  return g_steal_pointer (&member);
}

/* ---- calls */

/**
 * ld_storage_create_call:
 *
 * Returns: (transfer full): {call:{id, phone, started_at, …}, member: search-result member | null}
 */
JsonObject *
ld_storage_create_call (LdStorage   *self,
                        const char  *phone,
                        gint64       operator_id,
                        GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autoptr(GString) summary = g_string_sized_new (1024);
  g_autofree char *target = NULL;
  JsonObject *call;
  gboolean stored;
  gint64 member_id = 0;
  gint64 call_id;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);

  if (!begin (self, error))
    return NULL;

  /* the screen pop shows what a search by the phone shows: the member's summary */
  if (!summary_append_json (self, FALSE, phone, summary, &member_id, &stored, error))
    goto failed;
  if (member_id != 0)
    {
      member = ld_json_parse_object (summary->str, summary->len, error);
      if (member == NULL)
        goto failed;
    }

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO calls (phone, operator_id, member_id, started_at) "
                                   "VALUES ($1, $2, $3, $4) RETURNING id",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, phone);
  ld_statement_bind_id (statement, 2, operator_id);
  ld_statement_bind_id (statement, 3, member_id);
  ld_statement_bind_text (statement, 4, now);
  if (ld_statement_step (statement, error) != LD_STEP_ROW)
    goto failed;
  call_id = ld_statement_get_int (statement, 0);
  g_clear_pointer (&statement, ld_statement_release);

  /* the history names the call, not the phone: it outlives a member's removal */
  target = g_strdup_printf ("call:%" G_GINT64_FORMAT, call_id);
  if (!ld_storage_add_action (self, now, operator_id, "call.start", target, NULL, member_id, error) ||
      !ld_storage_commit (self, error))
    goto failed;

  call = json_object_new ();
  json_object_set_int_member (call, "id", call_id);
  json_object_set_string_member (call, "phone", phone);
  json_object_set_string_member (call, "started_at", now);
  json_object_set_null_member (call, "ended_at");
  json_object_set_null_member (call, "end_reason");
  if (operator_id > 0)
    json_object_set_int_member (call, "operator_id", operator_id);
  else
    json_object_set_null_member (call, "operator_id");
  if (member_id > 0)
    json_object_set_int_member (call, "member_id", member_id);
  else
    json_object_set_null_member (call, "member_id");
  json_object_set_null_member (call, "ticket_id");
  json_object_set_null_member (call, "ticket_number");
  json_object_set_null_member (call, "ticket_state");

  answer = json_object_new ();
  json_object_set_object_member (answer, "call", call);
  if (member != NULL)
    json_object_set_object_member (answer, "member", g_steal_pointer (&member));
  else
    json_object_set_null_member (answer, "member");
  return g_steal_pointer (&answer);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return NULL;
}

/* ---- histories */

static const LdItemField purchase_fields[] = {
  { "id", "p.id", LD_FIELD_INT },
  { "card", "p.card", LD_FIELD_TEXT },
  { "receipt", "p.receipt", LD_FIELD_TEXT },
  { "purchased_at", "p.purchased_at", LD_FIELD_TEXT },
  { "pos", "p.pos", LD_FIELD_TEXT },
  { "program", "p.program", LD_FIELD_TEXT },
  { "amount", "p.amount", LD_FIELD_INT },
  { "bonus_accrued", "p.bonus_accrued", LD_FIELD_INT },
  { "bonus_deducted", "p.bonus_deducted", LD_FIELD_INT },
  { "status", "p.status", LD_FIELD_TEXT },
  { "member_id", "p.member_id", LD_FIELD_INT_OR_NULL },
  { NULL }
};

static const ListSpec purchases_list = {
  "Purchases", "purchases p", "", purchase_fields,
  {
    { "date", { "p.purchased_at", "p.id", NULL } },
    { "pos", { "p.pos", "p.purchased_at", "p.id", NULL } },
    { "program", { "p.program", "p.purchased_at", "p.id", NULL } },
  },
};

static const LdItemField operation_fields[] = {
  { "id", "o.id", LD_FIELD_INT },
  { "card", "o.card", LD_FIELD_TEXT },
  { "kind", "o.kind", LD_FIELD_TEXT },
  { "amount", "o.amount", LD_FIELD_INT },
  { "description", "o.description", LD_FIELD_TEXT },
  { "pos", "o.pos", LD_FIELD_TEXT },
  { "performed_at", "o.performed_at", LD_FIELD_TEXT },
  { NULL }
};

static const ListSpec operations_list = {
  "Operations", "operations o", "", operation_fields,
  {
    { "date", { "o.performed_at", "o.id", NULL } },
    { "card", { "o.card", "o.performed_at", "o.id", NULL } },
  },
};

static const LdItemField message_fields[] = {
  { "id", "g.id", LD_FIELD_INT },
  { "channel", "g.channel", LD_FIELD_TEXT },
  { "status", "g.status", LD_FIELD_TEXT },
  { "address", "g.address", LD_FIELD_TEXT },
  { "subject", "g.subject", LD_FIELD_TEXT },
  { "text", "g.text", LD_FIELD_TEXT },
  { "sent_at", "g.sent_at", LD_FIELD_TEXT },
  { NULL }
};

static const ListSpec messages_list = {
  "Messages", "messages g", "", message_fields,
  { { "date", { "g.sent_at", "g.id", NULL } } },
};

static const LdItemField action_fields[] = {
  { "id", "x.id", LD_FIELD_INT },
  { "created_at", "x.created_at", LD_FIELD_TEXT },
  { "operator_id", "x.operator_id", LD_FIELD_INT_OR_NULL },
  { "operator_login", "o.login", LD_FIELD_TEXT },
  { "operator_name", "o.name", LD_FIELD_TEXT },
  { "action", "x.action", LD_FIELD_TEXT },
  { "target", "x.target", LD_FIELD_TEXT },
  { "reason", "x.reason", LD_FIELD_TEXT },
  { "member_id", "x.member_id", LD_FIELD_INT_OR_NULL },
  { NULL }
};

static const ListSpec actions_list = {
  "Actions", "actions x", "LEFT JOIN operators o ON o.id = x.operator_id", action_fields,
  { { "date", { "x.created_at", "x.id", NULL } } },
};

static const LdItemField favorite_change_fields[] = {
  { "id", "h.id", LD_FIELD_INT },
  { "product_id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "change", "h.change", LD_FIELD_TEXT },
  { "changed_at", "h.changed_at", LD_FIELD_TEXT },
  { "operator_id", "h.operator_id", LD_FIELD_INT_OR_NULL },
  { "operator_login", "o.login", LD_FIELD_TEXT },
  { NULL }
};

static const ListSpec favorites_history_list = {
  "Favorite changes", "favorites_history h",
  "JOIN products p ON p.id = h.product_id LEFT JOIN operators o ON o.id = h.operator_id",
  favorite_change_fields,
  { { "date", { "h.changed_at", "h.id", NULL } } },
};

/* a member's list, the member's rows (@column = $1) whatever the filter after; refuses an
 * unknown member the same way for every list */
static gboolean
member_where (LdStorage      *self,
              gint64          member_id,
              gboolean        by_account,
              const char     *column,
              GString        *where,
              LdQueryParams  *params,
              GError        **error)
{
  gint64 account_id = 0;

  if (!member_account (self, member_id, &account_id, error))
    return FALSE;
  g_string_append_printf (where, " WHERE %s = $%u", column,
                          ld_query_params_add_int (params, by_account ? account_id : member_id));
  return TRUE;
}

/**
 * ld_storage_list_purchases:
 *
 * The purchases of the member's account: a merged (family) account shares them.
 *
 * Returns: (transfer full): a page of purchases, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_list_purchases (LdStorage              *self,
                           gint64                  member_id,
                           const LdPurchaseQuery  *query,
                           const LdPageRequest    *page,
                           GError                **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);
  const ListSort *sort;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  sort = list_sort (&purchases_list, query ? query->sort : NULL, error);
  if (sort == NULL || !member_where (self, member_id, TRUE, "p.account_id", where, &params, error))
    return NULL;
  if (query && query->status)
    g_string_append_printf (where, " AND p.status = $%u", ld_query_params_add_text (&params, query->status));
  if (query && query->receipt)
    g_string_append_printf (where, " AND p.receipt = $%u", ld_query_params_add_text (&params, query->receipt));
  return run_list (self, &purchases_list, sort, query ? query->ascending : FALSE, where->str, &params,
                   page, error);
}

/**
 * ld_storage_list_operations:
 *
 * Returns: (transfer full): a page of the confirmed operations on the member's cards
 */
JsonObject *
ld_storage_list_operations (LdStorage               *self,
                            gint64                   member_id,
                            const LdOperationQuery  *query,
                            const LdPageRequest     *page,
                            GError                 **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);
  const ListSort *sort;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  sort = list_sort (&operations_list, query ? query->sort : NULL, error);
  if (sort == NULL || !member_where (self, member_id, FALSE, "o.member_id", where, &params, error))
    return NULL;
  if (query && query->card)
    g_string_append_printf (where, " AND o.card = $%u", ld_query_params_add_text (&params, query->card));
  return run_list (self, &operations_list, sort, query ? query->ascending : FALSE, where->str, &params,
                   page, error);
}

/* an inclusive bound of a time filter as a stored time; a date alone means its whole day */
static char *
time_bound (const char  *text,
            gboolean     upper,
            GError     **error)
{
  g_autoptr(GDateTime) time = NULL;

  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strdup_printf ("%sT%s", text, upper ? "23:59:59Z" : "00:00:00Z");

      time = g_date_time_new_from_iso8601 (full, NULL);
    }
  else
    time = g_date_time_new_from_iso8601 (text, NULL);

  if (time == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   "“%s” is neither a date (YYYY-MM-DD) nor an RFC 3339 time", text);
      return NULL;
    }
  return ld_storage_format_time (g_date_time_to_unix (time));
}

/**
 * ld_storage_list_messages:
 *
 * Returns: (transfer full): a page of messages, newest first
 */
JsonObject *
ld_storage_list_messages (LdStorage             *self,
                          gint64                 member_id,
                          const LdMessageQuery  *query,
                          const LdPageRequest   *page,
                          GError               **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!member_where (self, member_id, FALSE, "g.member_id", where, &params, error))
    return NULL;
  if (query && query->from)
    {
      g_autofree char *from = time_bound (query->from, FALSE, error);

      if (from == NULL)
        return NULL;
      g_string_append_printf (where, " AND g.sent_at >= $%u", ld_query_params_add_text (&params, from));
    }
  if (query && query->to)
    {
      g_autofree char *to = time_bound (query->to, TRUE, error);

      if (to == NULL)
        return NULL;
      g_string_append_printf (where, " AND g.sent_at <= $%u", ld_query_params_add_text (&params, to));
    }
  if (query && query->status)
    g_string_append_printf (where, " AND g.status = $%u", ld_query_params_add_text (&params, query->status));
  if (query && query->channel)
    g_string_append_printf (where, " AND g.channel = $%u", ld_query_params_add_text (&params, query->channel));
  return run_list (self, &messages_list, &messages_list.sorts[0], FALSE, where->str, &params, page, error);
}

/* the whole of a member's list, newest first */
static JsonObject *
list_of_member (LdStorage            *self,
                gint64                member_id,
                const ListSpec       *spec,
                const char           *column,
                const LdPageRequest  *page,
                GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);

  if (!member_where (self, member_id, FALSE, column, where, &params, error))
    return NULL;
  return run_list (self, spec, &spec->sorts[0], FALSE, where->str, &params, page, error);
}

/**
 * ld_storage_list_actions:
 *
 * Returns: (transfer full): a page of the member's action history, newest first
 */
JsonObject *
ld_storage_list_actions (LdStorage            *self,
                         gint64                member_id,
                         const LdPageRequest  *page,
                         GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return list_of_member (self, member_id, &actions_list, "x.member_id", page, error);
}

/* ---- favorites and subscriptions */

static const LdItemField favorite_fields[] = {
  { "product_id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "added_at", "f.added_at", LD_FIELD_TEXT },
  { NULL }
};

/**
 * ld_storage_get_favorites:
 *
 * Returns: (transfer full): {enabled, max, items:[{product_id, sku, name, added_at}], count}
 */
JsonObject *
ld_storage_get_favorites (LdStorage  *self,
                          gint64      member_id,
                          GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonArray) items = NULL;
  JsonObject *favorites_config = NULL;
  JsonObject *answer;
  gboolean enabled = FALSE;
  gint64 max = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!member_account (self, member_id, NULL, error))
    return NULL;
  config = config_locked (self, error);
  if (config == NULL)
    return NULL;
  if (ld_json_get_object (config, "favorites", NULL, &favorites_config) && favorites_config != NULL)
    {
      ld_json_get_bool (favorites_config, "enabled", FALSE, &enabled);
      ld_json_get_int (favorites_config, "max", 0, &max);
    }

  items = query_items (self, favorite_fields,
                       " FROM favorites f JOIN products p ON p.id = f.product_id "
                       "WHERE f.member_id = $1 ORDER BY f.added_at, p.id",
                       member_id, 0, error);
  if (items == NULL)
    return NULL;

  answer = json_object_new ();
  json_object_set_boolean_member (answer, "enabled", enabled);
  json_object_set_int_member (answer, "max", max);
  json_object_set_int_member (answer, "count", json_array_get_length (items));
  json_object_set_array_member (answer, "items", g_steal_pointer (&items));
  return answer;
}

/**
 * ld_storage_list_favorites_history:
 *
 * Returns: (transfer full): a page of favorite changes, newest first
 */
JsonObject *
ld_storage_list_favorites_history (LdStorage            *self,
                                   gint64                member_id,
                                   const LdPageRequest  *page,
                                   GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return list_of_member (self, member_id, &favorites_history_list, "h.member_id", page, error);
}

const char *
ld_storage_option_key (JsonNode *option)
{
  const char *key = NULL;

  g_return_val_if_fail (option != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (option))
    ld_json_get_string (json_node_get_object (option), "key", NULL, &key);
  else if (JSON_NODE_HOLDS_VALUE (option) && json_node_get_value_type (option) == G_TYPE_STRING)
    key = json_node_get_string (option);
  return key;
}

/**
 * ld_storage_get_subscriptions:
 *
 * Returns: (transfer full): {mailing_types, channels, items:[{mailing_type, channel, enabled}]}
 *   with every pair of the configuration; a pair never changed is subscribed
 */
JsonObject *
ld_storage_get_subscriptions (LdStorage  *self,
                              gint64      member_id,
                              GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GHashTable) stored = NULL;
  JsonArray *types = NULL;
  JsonArray *channels = NULL;
  JsonArray *items;
  JsonObject *answer;
  LdStep step;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!member_account (self, member_id, NULL, error))
    return NULL;
  config = config_locked (self, error);
  if (config == NULL)
    return NULL;
  if (!ld_json_get_array (config, "mailing_types", NULL, &types) ||
      !ld_json_get_array (config, "channels", NULL, &channels))
    {
      set_storage_error (error, "The configuration's mailing types or channels are broken");
      return NULL;
    }

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  statement = ld_database_prepare (self->db,
                                   "SELECT mailing_type, channel, enabled FROM subscriptions WHERE member_id = $1",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, member_id);
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    g_hash_table_insert (stored,
                         g_strdup_printf ("%s\n%s", ld_statement_get_text (statement, 0),
                                          ld_statement_get_text (statement, 1)),
                         GINT_TO_POINTER (ld_statement_get_bool (statement, 2) ? 1 : 2));
  if (step == LD_STEP_ERROR)
    return NULL;

  answer = json_object_new ();
  items = json_array_new ();
  for (guint t = 0; types && t < json_array_get_length (types); t++)
    {
      const char *type = ld_storage_option_key (json_array_get_element (types, t));

      for (guint c = 0; type && channels && c < json_array_get_length (channels); c++)
        {
          const char *channel = ld_storage_option_key (json_array_get_element (channels, c));
          g_autofree char *pair = NULL;
          JsonObject *item;

          if (channel == NULL)
            continue;
          pair = g_strdup_printf ("%s\n%s", type, channel);
          item = json_object_new ();
          json_object_set_string_member (item, "mailing_type", type);
          json_object_set_string_member (item, "channel", channel);
          json_object_set_boolean_member (item, "enabled",
                                          GPOINTER_TO_INT (g_hash_table_lookup (stored, pair)) != 2);
          json_array_add_object_element (items, item);
        }
    }
  json_object_set_array_member (answer, "mailing_types", types ? json_array_ref (types) : json_array_new ());
  json_object_set_array_member (answer, "channels", channels ? json_array_ref (channels) : json_array_new ());
  json_object_set_array_member (answer, "items", items);
  return answer;
}

/* ---- catalogue and outbox */

static const LdItemField product_fields[] = {
  { "id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "price", "p.price", LD_FIELD_INT },
  { "active", "p.active", LD_FIELD_BOOL },
  { NULL }
};

static const ListSpec products_list = {
  "Products", "products p", "", product_fields,
  { { "name", { "p.name_fold", "p.id", NULL } } },
};

static const LdItemField outbox_fields[] = {
  { "id", "b.id", LD_FIELD_INT },
  { "channel", "b.channel", LD_FIELD_TEXT },
  { "to", "b.recipient", LD_FIELD_TEXT },
  { "text", "b.text", LD_FIELD_TEXT },
  { "status", "b.status", LD_FIELD_TEXT },
  { "created_at", "b.created_at", LD_FIELD_TEXT },
  { NULL }
};

static const ListSpec outbox_list = {
  "The outbox", "outbox b", "", outbox_fields,
  { { "id", { "b.id", NULL } } },
};

/**
 * ld_storage_list_products:
 * @q: (nullable): a part of the name (any case) or the exact SKU
 *
 * Returns: (transfer full): a page of products sorted by name
 */
JsonObject *
ld_storage_list_products (LdStorage            *self,
                          const char           *q,
                          const LdPageRequest  *page,
                          GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (q != NULL && *q != '\0')
    {
      g_autofree char *folded = ld_storage_fold (q);
      g_autoptr(GString) pattern = g_string_new ("%");

      for (const char *p = folded; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      ld_query_params_add_text (&params, pattern->str);
      ld_query_params_add_text (&params, q);
      where = g_strdup (" WHERE (p.name_fold LIKE $1 ESCAPE '\\' OR p.sku = $2)");
    }
  return run_list (self, &products_list, &products_list.sorts[0], TRUE, where ? where : " WHERE 1 = 1",
                   &params, page, error);
}

/**
 * ld_storage_list_outbox:
 *
 * Returns: (transfer full): a page of sent SMS and e-mail, newest first
 */
JsonObject *
ld_storage_list_outbox (LdStorage            *self,
                        const char           *phone,
                        const LdPageRequest  *page,
                        GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (phone != NULL)
    where = g_strdup_printf (" WHERE b.recipient = $%u", ld_query_params_add_text (&params, phone));
  return run_list (self, &outbox_list, &outbox_list.sorts[0], FALSE, where ? where : " WHERE 1 = 1",
                   &params, page, error);
}

/* ---- idempotency */

/**
 * ld_storage_idempotency_lookup:
 *
 * Returns: (transfer full) (nullable): the first answer to this key, or %NULL (and no
 *   error) when the key is new
 */
LdStoredResponse *
ld_storage_idempotency_lookup (LdStorage   *self,
                               gint64       operator_id,
                               const char  *key,
                               const char  *method,
                               const char  *path,
                               GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  LdStoredResponse *response;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, NULL);

  statement = ld_database_prepare (self->db,
                                   "SELECT status, body FROM idempotency "
                                   "WHERE operator_id = $1 AND key = $2 AND method = $3 AND path = $4",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, operator_id);
  ld_statement_bind_text (statement, 2, key);
  ld_statement_bind_text (statement, 3, method);
  ld_statement_bind_text (statement, 4, path);
  if (ld_statement_step (statement, error) != LD_STEP_ROW)
    return NULL;

  response = g_new0 (LdStoredResponse, 1);
  response->status = ld_statement_get_int (statement, 0);
  response->body = g_strdup (ld_statement_get_text (statement, 1));
  return response;
}

gboolean
ld_storage_idempotency_store (LdStorage   *self,
                              gint64       operator_id,
                              const char  *key,
                              const char  *method,
                              const char  *path,
                              guint        status,
                              const char  *body,
                              GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autofree char *day_ago = ld_storage_format_time (g_get_real_time () / G_USEC_PER_SEC - 86400);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  /* a key answers for a day; older ones only take room */
  statement = ld_database_prepare (self->db, "DELETE FROM idempotency WHERE created_at < $1", error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, day_ago);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO idempotency (operator_id, key, method, path, status, body, created_at) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                   "ON CONFLICT (operator_id, key, method, path) DO NOTHING",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, operator_id);
  ld_statement_bind_text (statement, 2, key);
  ld_statement_bind_text (statement, 3, method);
  ld_statement_bind_text (statement, 4, path);
  ld_statement_bind_int (statement, 5, status);
  ld_statement_bind_text (statement, 6, body ? body : "");
  ld_statement_bind_text (statement, 7, now);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);
  return ld_storage_commit (self, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  rollback (self);
  return FALSE;
}

/* ---- demo data */

gboolean
ld_storage_seed_demo (LdStorage  *self,
                      guint       n_members,
                      GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  return ld_storage_seed_demo_locked (self, n_members, error);
}

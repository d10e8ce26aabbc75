/* ld-storage-operators.c — operators, their sessions and sign-in lock-outs
 *
 * A known login's failed sign-ins are counted on its operator row; an unknown login's in
 * login_failures (migration 4), so that both lock the same way and the answers cannot
 * tell them apart. Failed sign-ins per source address are counted in login_throttle
 * (migration 10), so that every instance counts the same window. Sessions are stored by
 * the hash of their token only.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-storage-private.h"

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
  return ld_storage_create_operator_full (self, login, name, role, password_hash, NULL, NULL, error);
}

/**
 * ld_storage_create_operator_full:
 * @granted: (nullable): single rights on top of the role
 * @denied: (nullable): single rights taken away
 *
 * ld_storage_create_operator() with single rights, in the same transaction: the operator
 * never exists, not even for a moment, with more rights than it was given.
 */
gint64
ld_storage_create_operator_full (LdStorage          *self,
                                 const char         *login,
                                 const char         *name,
                                 const char         *role,
                                 const char         *password_hash,
                                 const char * const *granted,
                                 const char * const *denied,
                                 GError            **error)
{
  LD_STORAGE_LOCK (self);
  gint64 id;

  g_return_val_if_fail (LD_IS_STORAGE (self), 0);
  g_return_val_if_fail (login != NULL && *login != '\0', 0);
  g_return_val_if_fail (role != NULL, 0);
  g_return_val_if_fail (password_hash != NULL, 0);

  if (!ld_database_begin (self->db, error))
    return 0;
  id = create_operator_locked (self, login, name ? name : login, role, password_hash, 0, error);
  if (id != 0 && ((granted != NULL && granted[0] != NULL) || (denied != NULL && denied[0] != NULL)))
    {
      g_autofree char *granted_text = granted ? g_strjoinv (" ", (char **) granted) : g_strdup ("");
      g_autofree char *denied_text = denied ? g_strjoinv (" ", (char **) denied) : g_strdup ("");

      if (!run_update_one (self, "UPDATE operators SET granted = $2, denied = $3 WHERE id = $1",
                           id, granted_text, denied_text, "No such operator", error))
        id = 0;
    }
  if (id == 0)
    {
      ld_database_rollback (self->db);
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

/* the counts of unknown logins are forgotten a day after their last failure, so that
 * made-up logins do not pile up for ever */
#define LOGIN_FAILURES_KEPT (24 * 60 * 60)

/* steps @statement, a count (an upsert with RETURNING) prepared and bound, for the one row
 * it answers: its first @n_values integers go to @values; no row is @not_counted with
 * @message. The statement is given back here, whatever the outcome, so that the caller's
 * commit or rollback finds none open. */
static gboolean
step_count (LdStatement  *statement,
            gint64       *values,
            guint         n_values,
            LdError       not_counted,
            const char   *message,
            GError      **error)
{
  g_autoptr(LdStatement) owned = statement;

  switch (ld_statement_step (owned, error))
    {
    case LD_STEP_ROW:
      for (guint i = 0; i < n_values; i++)
        values[i] = ld_statement_get_int (owned, i);
      return TRUE;
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, not_counted, message);
      return FALSE;
    default:
      return FALSE;
    }
}

/* one more failed sign-in, in a transaction of its own: @count_sql adds it to the row of
 * @login (an unknown login, whose stale counts are forgotten first) or, when @login is
 * NULL, of @id (an operator, a member's Personal Account), and answers the new count; once
 * that reaches @lock_after, @lock_sql zeroes the count and locks until @lock_until, and
 * *@locked (when given) says so. Known and unknown logins lock the same way through this
 * one piece, so the answers cannot tell them apart. */
gboolean
ld_storage_record_failure (LdStorage   *self,
                           const char  *count_sql,
                           const char  *lock_sql,
                           const char  *login,
                           gint64       id,
                           gint64       now,
                           guint        lock_after,
                           gint64       lock_until,
                           LdError      not_counted,
                           const char  *not_counted_message,
                           gboolean    *locked,
                           GError     **error)
{
  LdStatement *statement;
  gint64 failures;

  if (locked != NULL)
    *locked = FALSE;
  if (!ld_database_begin (self->db, error))
    return FALSE;

  if (login != NULL &&
      !ld_storage_run (self, error, "DELETE FROM login_failures WHERE failed_at < $1 AND locked_until < $2",
                       "ii", now - LOGIN_FAILURES_KEPT, now))
    goto failed;

  statement = ld_database_prepare (self->db, count_sql, error);
  if (statement == NULL)
    goto failed;
  if (login != NULL)
    {
      ld_statement_bind_text (statement, 1, login);
      ld_statement_bind_int (statement, 2, now);
    }
  else
    ld_statement_bind_int (statement, 1, id);
  if (!step_count (statement, &failures, 1, not_counted, not_counted_message, error))
    goto failed;

  if (failures >= lock_after)
    {
      gboolean done = login != NULL
        ? ld_storage_run (self, error, lock_sql, "ti", login, lock_until)
        : ld_storage_run (self, error, lock_sql, "ii", id, lock_until);

      if (!done)
        goto failed;
      if (locked != NULL)
        *locked = TRUE;
    }
  return ld_storage_commit (self, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

gboolean
ld_storage_record_login_failure (LdStorage  *self,
                                 gint64      operator_id,
                                 guint       lock_after,
                                 gint64      lock_until,
                                 GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (lock_after > 0, FALSE);

  return ld_storage_record_failure (self,
                                    "UPDATE operators SET failed_logins = failed_logins + 1 "
                                    "WHERE id = $1 RETURNING failed_logins",
                                    "UPDATE operators SET failed_logins = 0, locked_until = $2 WHERE id = $1",
                                    NULL, operator_id, 0, lock_after, lock_until,
                                    LD_ERROR_NOT_FOUND, "No such operator", NULL, error);
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

gboolean
ld_storage_record_unknown_login_failure (LdStorage  *self,
                                         const char *login,
                                         guint       lock_after,
                                         gint64      now,
                                         gint64      lock_until,
                                         GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (lock_after > 0, FALSE);

  /* one counting statement: two instances counting the same login at once both count */
  return ld_storage_record_failure (self,
                                    "INSERT INTO login_failures (login, failures, failed_at) VALUES ($1, 1, $2) "
                                    "ON CONFLICT (login) DO UPDATE SET failures = login_failures.failures + 1, "
                                    "failed_at = $2 RETURNING failures",
                                    "UPDATE login_failures SET failures = 0, locked_until = $2 WHERE login = $1",
                                    login, 0, now, lock_after, lock_until,
                                    LD_ERROR_STORAGE, "The failure was not counted", NULL, error);
}

/**
 * ld_storage_get_address_window:
 * @address: an ld_login_throttle_key()
 * @window_start: (out): µs since the epoch, 0 when the address has no window
 * @failures: (out): the window's count
 */
gboolean
ld_storage_get_address_window (LdStorage   *self,
                               const char  *address,
                               gint64      *window_start,
                               gint64      *failures,
                               GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (window_start != NULL && failures != NULL, FALSE);

  *window_start = 0;
  *failures = 0;
  switch (ld_storage_query_row (self, "SELECT window_start, failures FROM login_throttle WHERE address = $1",
                                address, 0, &statement, error))
    {
    case LD_STEP_ROW:
      *window_start = ld_statement_get_int (statement, 0);
      *failures = ld_statement_get_int (statement, 1);
      return TRUE;
    case LD_STEP_DONE:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * ld_storage_count_address_attempt:
 * @sweep: whether to remove every address's ended windows first
 * @now: µs since the epoch, as every time of login_throttle
 * @window_start: (out): the start of the window the attempt was counted in
 * @failures: (out): the window's count with this attempt
 *
 * One more attempt of @address in its window of @window_us, a new window from @now
 * when the last one has ended. One statement counts, so that attempts on several
 * instances at once are all counted and each sees the count its own made.
 */
gboolean
ld_storage_count_address_attempt (LdStorage   *self,
                                  const char  *address,
                                  gint64       now,
                                  gint64       window_us,
                                  gboolean     sweep,
                                  gint64      *window_start,
                                  gint64      *failures,
                                  GError     **error)
{
  LD_STORAGE_LOCK (self);
  LdStatement *statement;
  gint64 ended_before = now - window_us;
  gint64 counted[2];

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (window_us > 0, FALSE);
  g_return_val_if_fail (window_start != NULL && failures != NULL, FALSE);

  if (!ld_database_begin (self->db, error))
    return FALSE;

  if (sweep &&
      !ld_storage_run (self, error, "DELETE FROM login_throttle WHERE window_start <= $1", "i", ended_before))
    goto failed;

  /* SET reads the row as it was before the update, in both dialects */
  statement = ld_database_prepare (self->db,
                                   "INSERT INTO login_throttle (address, window_start, failures) VALUES ($1, $2, 1) "
                                   "ON CONFLICT (address) DO UPDATE SET "
                                   "window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 "
                                   "ELSE login_throttle.window_start END, "
                                   "failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 "
                                   "ELSE login_throttle.failures + 1 END "
                                   "RETURNING window_start, failures",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, address);
  ld_statement_bind_int (statement, 2, now);
  ld_statement_bind_int (statement, 3, ended_before);
  if (!step_count (statement, counted, G_N_ELEMENTS (counted),
                   LD_ERROR_STORAGE, "The attempt was not counted", error))
    goto failed;
  *window_start = counted[0];
  *failures = counted[1];
  return ld_storage_commit (self, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

/**
 * ld_storage_forgive_address_attempt:
 * @window_start: the window the attempt was counted in: a later one keeps its count
 *
 * Takes back an attempt of @address that turned out to be the right password.
 */
gboolean
ld_storage_forgive_address_attempt (LdStorage   *self,
                                    const char  *address,
                                    gint64       window_start,
                                    GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  statement = ld_database_prepare (self->db,
                                   "UPDATE login_throttle SET failures = failures - 1 "
                                   "WHERE address = $1 AND window_start = $2 AND failures > 0",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, address);
  ld_statement_bind_int (statement, 2, window_start);
  return ld_statement_run (statement, error);
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

  if (!ld_database_begin (self->db, error))
    return FALSE;
  if (!run_update_one (self, "UPDATE operators SET granted = $2, denied = $3 WHERE id = $1",
                       operator_id, granted_text, denied_text, "No such operator", error) ||
      !ld_storage_add_action (self, NULL, 0, "operator.rights", target, NULL, 0, error))
    {
      ld_database_rollback (self->db);
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
  g_autofree char *now = ld_storage_now ();
  g_auto(LdQueryParams) ended = { 0 };
  g_auto(LdQueryParams) session = { 0 };
  const LdStorageStep steps[] = {
    /* sessions that ended long ago only take room */
    { "DELETE FROM sessions WHERE expires_at < $1", &ended },
    { "INSERT INTO sessions (token_hash, operator_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
      &session },
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  ld_query_params_add_int (&ended, ld_clock_get_unix_seconds () - 86400);
  ld_query_params_add_text (&session, token_hash);
  ld_query_params_add_int (&session, operator_id);
  ld_query_params_add_text (&session, now);
  ld_query_params_add_int (&session, expires_at);
  return ld_storage_run_steps (self, steps, G_N_ELEMENTS (steps), error);
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
  g_auto(LdQueryParams) session = { 0 };
  /* in a write transaction, so that on PostgreSQL the writers' lock is taken before the
   * row's (the change log's trigger takes it too): a lone DELETE would take them the
   * other way round and could deadlock with a writer going for the same session */
  const LdStorageStep steps[] = {
    { "DELETE FROM sessions WHERE token_hash = $1", &session },
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  ld_query_params_add_text (&session, token_hash);
  return ld_storage_run_steps (self, steps, G_N_ELEMENTS (steps), error);
}

/* ld-storage-idempotency.c — the first answer to each Idempotency-Key, kept for a day
 *
 * A request claims its key before its handler runs: a row with status 0 and the hash of
 * its body, inserted only if none is there (ON CONFLICT DO NOTHING, atomic across every
 * instance on the database). Its answer then fills the row, or a refusal releases it.
 * A claim older than a minute belongs to an instance that died with it: taken over.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-storage-private.h"

void
ld_stored_response_free (LdStoredResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_free (response);
}

/* a key is its operator's, for one method and path: $1 to $4 of every statement here */
#define KEY_IS "operator_id = $1 AND key = $2 AND method = $3 AND path = $4"

static LdStatement *
prepare_for_key (LdStorage   *self,
                 const char  *sql,
                 gint64       operator_id,
                 const char  *key,
                 const char  *method,
                 const char  *path,
                 GError     **error)
{
  LdStatement *statement = ld_database_prepare (self->db, sql, error);

  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, operator_id);
  ld_statement_bind_text (statement, 2, key);
  ld_statement_bind_text (statement, 3, method);
  ld_statement_bind_text (statement, 4, path);
  return statement;
}

/**
 * ld_storage_idempotency_lookup:
 *
 * Returns: (transfer full) (nullable): the first answer to this key, or %NULL (and no
 *   error) when the key is new or its first request is still in flight
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

  statement = prepare_for_key (self, "SELECT status, body FROM idempotency WHERE " KEY_IS " AND status <> 0",
                               operator_id, key, method, path, error);
  if (statement == NULL || ld_statement_step (statement, error) != LD_STEP_ROW)
    return NULL;

  response = g_new0 (LdStoredResponse, 1);
  response->status = ld_statement_get_int (statement, 0);
  response->body = g_strdup (ld_statement_get_text (statement, 1));
  return response;
}

/* how long a claim stays its request's: longer than any request takes to answer */
#define CLAIM_LIFETIME 60

/**
 * ld_storage_idempotency_claim:
 * @request_hash: what was asked (the body's SHA-256 in hex)
 * @stored: (out) (transfer full): the first answer, with %LD_IDEMPOTENCY_ANSWERED
 *
 * Returns: whether the key is this request's now, answered already, in flight with
 *   another request, or used with another body; %LD_IDEMPOTENCY_FAILED with @error
 */
LdIdempotencyClaim
ld_storage_idempotency_claim (LdStorage         *self,
                              gint64             operator_id,
                              const char        *key,
                              const char        *method,
                              const char        *path,
                              const char        *request_hash,
                              LdStoredResponse **stored,
                              GError           **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now = ld_storage_now ();
  g_autofree char *stale = ld_storage_format_time (ld_clock_get_unix_seconds () - CLAIM_LIFETIME);
  g_autoptr(LdStatement) statement = NULL;
  LdIdempotencyClaim claim;

  g_return_val_if_fail (LD_IS_STORAGE (self), LD_IDEMPOTENCY_FAILED);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, LD_IDEMPOTENCY_FAILED);
  g_return_val_if_fail (request_hash != NULL, LD_IDEMPOTENCY_FAILED);
  g_return_val_if_fail (stored != NULL && *stored == NULL, LD_IDEMPOTENCY_FAILED);

  if (!ld_database_begin (self->db, error))
    return LD_IDEMPOTENCY_FAILED;

  statement = prepare_for_key (self, "DELETE FROM idempotency WHERE " KEY_IS " AND status = 0 AND created_at < $5",
                               operator_id, key, method, path, error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 5, stale);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  statement = prepare_for_key (self,
                               "INSERT INTO idempotency "
                               "(operator_id, key, method, path, status, body, request_hash, created_at) "
                               "VALUES ($1, $2, $3, $4, 0, '', $5, $6) "
                               "ON CONFLICT (operator_id, key, method, path) DO NOTHING",
                               operator_id, key, method, path, error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 5, request_hash);
  ld_statement_bind_text (statement, 6, now);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  if (ld_database_changes (self->db) == 1)
    claim = LD_IDEMPOTENCY_CLAIMED;
  else
    {
      /* the row another request made: committed by now (PostgreSQL's insert waited for it) */
      statement = prepare_for_key (self, "SELECT status, body, request_hash FROM idempotency WHERE " KEY_IS,
                                   operator_id, key, method, path, error);
      if (statement == NULL)
        goto failed;
      switch (ld_statement_step (statement, error))
        {
        case LD_STEP_ROW:
          break;
        case LD_STEP_DONE:
          /* released between the two statements: the next try claims it */
          g_set_error_literal (error, LD_ERROR, LD_ERROR_IDEMPOTENCY_KEY_IN_USE,
                               "The request with this Idempotency-Key was released meanwhile");
          goto failed;
        default:
          goto failed;
        }

      /* a row kept before version 11 has no hash: it answers whatever is asked */
      if (*ld_statement_get_text (statement, 2) != '\0' &&
          !g_str_equal (ld_statement_get_text (statement, 2), request_hash))
        claim = LD_IDEMPOTENCY_REUSED;
      else if (ld_statement_get_int (statement, 0) == 0)
        claim = LD_IDEMPOTENCY_IN_FLIGHT;
      else
        {
          claim = LD_IDEMPOTENCY_ANSWERED;
          *stored = g_new0 (LdStoredResponse, 1);
          (*stored)->status = ld_statement_get_int (statement, 0);
          (*stored)->body = g_strdup (ld_statement_get_text (statement, 1));
        }
      g_clear_pointer (&statement, ld_statement_release);
    }

  if (!ld_storage_commit (self, error))
    {
      g_clear_pointer (stored, ld_stored_response_free);
      return LD_IDEMPOTENCY_FAILED;
    }
  return claim;

failed:
  ld_database_rollback (self->db);
  return LD_IDEMPOTENCY_FAILED;
}

/* the answer to a claimed key: kept for a day, for the same request again */
gboolean
ld_storage_idempotency_fill (LdStorage   *self,
                             gint64       operator_id,
                             const char  *key,
                             const char  *method,
                             const char  *path,
                             guint        status,
                             const char  *body,
                             GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now = ld_storage_now ();
  g_autofree char *day_ago = ld_storage_format_time (ld_clock_get_unix_seconds () - 86400);
  g_auto(LdQueryParams) old = { 0 };
  g_auto(LdQueryParams) answer = { 0 };
  const LdStorageStep steps[] = {
    /* a key answers for a day; older ones only take room */
    { "DELETE FROM idempotency WHERE created_at < $1", &old },
    /* the claim fills; it comes back, without its hash, if the request erased it (a
     * member's removal erases the kept answers that name the member) */
    { "INSERT INTO idempotency (operator_id, key, method, path, status, body, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (operator_id, key, method, path) "
      "DO UPDATE SET status = excluded.status, body = excluded.body WHERE idempotency.status = 0", &answer },
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, FALSE);
  g_return_val_if_fail (status != 0, FALSE);

  ld_query_params_add_text (&old, day_ago);
  ld_query_params_add_int (&answer, operator_id);
  ld_query_params_add_text (&answer, key);
  ld_query_params_add_text (&answer, method);
  ld_query_params_add_text (&answer, path);
  ld_query_params_add_int (&answer, status);
  ld_query_params_add_text (&answer, body ? body : "");
  ld_query_params_add_text (&answer, now);
  return ld_storage_run_steps (self, steps, G_N_ELEMENTS (steps), error);
}

/* a claim whose request changed nothing (refused, or failed): the key is free again */
gboolean
ld_storage_idempotency_release (LdStorage   *self,
                                gint64       operator_id,
                                const char  *key,
                                const char  *method,
                                const char  *path,
                                GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_auto(LdQueryParams) claim = { 0 };
  const LdStorageStep steps[] = {
    { "DELETE FROM idempotency "
      "WHERE " KEY_IS " AND status = 0", &claim },
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, FALSE);

  ld_query_params_add_int (&claim, operator_id);
  ld_query_params_add_text (&claim, key);
  ld_query_params_add_text (&claim, method);
  ld_query_params_add_text (&claim, path);
  return ld_storage_run_steps (self, steps, G_N_ELEMENTS (steps), error);
}

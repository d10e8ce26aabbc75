/* ld-storage-idempotency.c — the first answer to each Idempotency-Key, kept for a day
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-clock.h"
#include "ld-storage-private.h"

void
ld_stored_response_free (LdStoredResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_free (response);
}

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
  g_autofree char *now = ld_storage_now ();
  g_autofree char *day_ago = ld_storage_format_time (ld_clock_get_unix_seconds () - 86400);
  g_auto(LdQueryParams) old = { 0 };
  g_auto(LdQueryParams) answer = { 0 };
  const LdStorageStep steps[] = {
    /* a key answers for a day; older ones only take room */
    { "DELETE FROM idempotency WHERE created_at < $1", &old },
    { "INSERT INTO idempotency (operator_id, key, method, path, status, body, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (operator_id, key, method, path) DO NOTHING", &answer },
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (key != NULL && method != NULL && path != NULL, FALSE);

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

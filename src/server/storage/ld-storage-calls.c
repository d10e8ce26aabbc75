/* ld-storage-calls.c — calls: the start (with the screen pop: the caller's summary),
 * reading one, listing the shift's, and the end
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

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

  if (!ld_database_begin (self->db, error))
    return NULL;

  /* the screen pop shows what a search by the phone shows: the member's summary */
  if (!ld_storage_summary_append_json (self, FALSE, phone, summary, &member_id, &stored, error))
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
  json_object_set_object_member (answer, "member", g_steal_pointer (&member));
  return g_steal_pointer (&answer);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return NULL;
}

/* a call as GET /calls/{id} answers it, read from CALL_TABLE CALL_JOIN (one read and the
 * list both); ended_at is the fourth; the operator's name is for a supervisor's list of
 * the shift's calls */
#define CALL_TABLE "calls c"
#define CALL_JOIN "LEFT JOIN operators o ON o.id = c.operator_id"
static const LdItemField call_fields[] = {
  { "id", "c.id", LD_FIELD_INT },
  { "phone", "c.phone", LD_FIELD_TEXT },
  { "started_at", "c.started_at", LD_FIELD_TEXT },
  { "ended_at", "c.ended_at", LD_FIELD_TEXT },
  { "end_reason", "c.end_reason", LD_FIELD_TEXT },
  { "member_id", "c.member_id", LD_FIELD_INT_OR_NULL },
  { "operator_id", "c.operator_id", LD_FIELD_INT_OR_NULL },
  { "operator_name", "o.name", LD_FIELD_TEXT },
  { "ticket_id", "c.ticket_id", LD_FIELD_TEXT },
  { "ticket_number", "c.ticket_number", LD_FIELD_TEXT },
  { "ticket_state", "COALESCE(c.ticket_state, 'none')", LD_FIELD_TEXT },
  { NULL }
};

static JsonObject *
read_call_locked (LdStorage  *self,
                  gint64      call_id,
                  gboolean   *ended,
                  GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  JsonObject *call;

  ld_storage_append_columns (sql, call_fields);
  g_string_append (sql, " FROM " CALL_TABLE " " CALL_JOIN " WHERE c.id = $1");
  switch (ld_storage_query_row (self, sql->str, NULL, call_id, &statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no call %" G_GINT64_FORMAT, call_id);
      return NULL;
    default:
      return NULL;
    }

  call = ld_storage_item_from_row (statement, 0, call_fields);
  if (ended != NULL)
    *ended = ld_statement_get_type (statement, 3) != LD_COLUMN_NULL;
  return call;
}

static const LdListSpec calls_list = {
  "Calls", CALL_TABLE, CALL_JOIN, call_fields,
  { { "id", { "c.id", NULL } } },
};

/**
 * ld_storage_list_calls:
 *
 * Returns: (transfer full): a page of calls, newest first
 */
JsonObject *
ld_storage_list_calls (LdStorage            *self,
                       LdCallsState          state,
                       gint64                operator_id,
                       const LdPageRequest  *page,
                       GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  /* "WHERE 1 = 1" gives the conditions, and the page's cursor, a WHERE to join with AND */
  g_autoptr(GString) where = g_string_new (" WHERE 1 = 1");

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (state == LD_CALLS_OPEN)
    g_string_append (where, " AND c.ended_at IS NULL");
  else if (state == LD_CALLS_ENDED)
    g_string_append (where, " AND c.ended_at IS NOT NULL");
  if (operator_id > 0)
    g_string_append_printf (where, " AND c.operator_id = $%u", ld_query_params_add_int (&params, operator_id));

  return ld_storage_run_list (self, &calls_list, &calls_list.sorts[0], FALSE, where->str, &params, page, error);
}

/**
 * ld_storage_get_call:
 *
 * Returns: (transfer full): the call, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_get_call (LdStorage  *self,
                     gint64      call_id,
                     GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return read_call_locked (self, call_id, NULL, error);
}

/**
 * ld_storage_end_call:
 *
 * Returns: (transfer full): the ended call, or %NULL (NOT_FOUND, CONFLICT when ended already)
 */
JsonObject *
ld_storage_end_call (LdStorage   *self,
                     gint64       call_id,
                     const char  *reason,
                     const char  *ticket_state,
                     const char  *ticket_id,
                     gint64       operator_id,
                     GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) call = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autofree char *target = NULL;
  gboolean ended = FALSE;
  gint64 member_id = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  if (!ld_database_begin (self->db, error))
    return NULL;
  call = read_call_locked (self, call_id, &ended, error);
  if (call == NULL)
    goto failed;
  if (ended)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_CONFLICT, "This call has ended already");
      goto failed;
    }
  if (!JSON_NODE_HOLDS_NULL (json_object_get_member (call, "member_id")))
    member_id = json_object_get_int_member (call, "member_id");
  g_clear_pointer (&call, json_object_unref);

  if (!ld_storage_run (self, error,
                       "UPDATE calls SET ended_at = $2, end_reason = $3, ticket_state = COALESCE($4, ticket_state), "
                       "ticket_id = COALESCE(ticket_id, $5) WHERE id = $1 AND ended_at IS NULL",
                       "itttt", call_id, now, reason, ticket_state, ticket_id))
    goto failed;

  target = g_strdup_printf ("call:%" G_GINT64_FORMAT, call_id);
  if (!ld_storage_add_action (self, now, operator_id, "call.end", target, reason, member_id, error))
    goto failed;
  call = read_call_locked (self, call_id, NULL, error);
  if (call == NULL)
    goto failed;
  if (!ld_storage_commit (self, error))
    return NULL;
  return g_steal_pointer (&call);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return NULL;
}

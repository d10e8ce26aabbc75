/* ld-server-calls.c — calls: start one (POST /calls), list the shift's, read one, end it
 *
 * An operator reads, lists and ends only the calls it started, unless it holds
 * call.end_any (a supervisor finds and ends what an agent left open). Ending names a
 * reason from the configuration's reasons.call_end; with the ticket system on, closing
 * the call's ticket is queued for the plugin ("pending") rather than done here.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-rights.h"
#include "ld-server-private.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define MAX_TICKET_ID_LENGTH 64

/* ---- POST /calls {phone} */

void
ld_server_handle_start_call (LdServer  *self,
                             LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;

  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                          N_("Give the caller's phone number."));
  if (phone == NULL)
    return;

  answer = ld_storage_create_call (ld_server_get_storage (self), phone, request->op->id, &error);
  ld_request_respond_answer (request, 201, answer, error);
}

/* ---- GET /calls?state=open|ended&operator_id= */

void
ld_server_handle_list_calls (LdServer  *self,
                             LdRequest *request)
{
  static const char * const states[] = { "open", "ended", NULL };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  const char *operator = NULL;
  gint64 operator_id = 0;
  LdPageRequest page;

  if (!ld_request_get_page (request, &page) ||
      !ld_request_get_choice (request, "state", states, NULL, &state))
    return;

  operator = ld_request_get_query (request, "operator_id");
  if (operator != NULL && !g_ascii_string_to_signed (operator, 10, 1, G_MAXINT64, &operator_id, NULL))
    {
      ld_request_respond_error (request, 400, "malformed", "operator_id",
                                N_("“operator_id” must be an operator's id."));
      return;
    }

  /* without call.end_any, an operator's own calls only: asking for another's is refused
   * rather than answered with one's own */
  if (!ld_request_has_right (request, LD_RIGHT_CALL_END_ANY))
    {
      if (operator_id != 0 && operator_id != request->op->id)
        {
          ld_request_respond_forbidden (request, LD_RIGHT_CALL_END_ANY);
          return;
        }
      operator_id = request->op->id;
    }

  answer = ld_storage_list_calls (ld_server_get_storage (self),
                                  g_strcmp0 (state, "open") == 0 ? LD_CALLS_OPEN
                                  : g_strcmp0 (state, "ended") == 0 ? LD_CALLS_ENDED
                                  : LD_CALLS_ANY,
                                  operator_id, &page, &error);
  ld_request_respond_answer (request, 200, answer, error);
}

/* ---- GET /calls/{id}, POST /calls/{id}/end */

/* the call {id} when the operator may read and end it: their own, or anyone's with
 * call.end_any (a supervisor ends what an agent left open); else answers 404 or 403 */
static JsonObject *
load_call (LdServer  *self,
           LdRequest *request)
{
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *owner;

  call = ld_storage_get_call (ld_server_get_storage (self), request->id, &error);
  if (call == NULL)
    {
      ld_request_respond_gerror (request, error, "id");
      return NULL;
    }

  owner = json_object_get_member (call, "operator_id");
  if (ld_json_node_holds (owner, G_TYPE_INT64) &&
      json_node_get_int (owner) == request->op->id)
    return g_steal_pointer (&call);
  if (ld_request_has_right (request, LD_RIGHT_CALL_END_ANY))
    return g_steal_pointer (&call);

  ld_request_respond_forbidden (request, LD_RIGHT_CALL_END_ANY);
  return NULL;
}

void
ld_server_handle_get_call (LdServer  *self,
                           LdRequest *request)
{
  g_autoptr(JsonObject) call = NULL;

  call = load_call (self, request);
  if (call == NULL)
    return;
  ld_request_respond_object (request, 200, call);
}

void
ld_server_handle_end_call (LdServer  *self,
                           LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket_id = NULL;
  JsonObject *tickets = NULL;
  const char *reason = NULL;
  const char *ticket_state = "none";
  gboolean close_ticket = FALSE;
  gboolean plugin = FALSE;
  JsonNode *node;

  /* whose the call is does not change: checked before, ended below */
  call = load_call (self, request);
  if (call == NULL)
    return;
  g_clear_pointer (&call, json_object_unref);

  if (!ld_request_get_body_string (request, "reason", &reason) ||
      !ld_request_require_body_bool (request, "close_ticket", &close_ticket))
    return;
  node = json_object_get_member (request->body, "ticket_id");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (ld_json_node_holds (node, G_TYPE_STRING) &&
          strlen (json_node_get_string (node)) <= MAX_TICKET_ID_LENGTH)
        ticket_id = g_strdup (json_node_get_string (node));
      else if (ld_json_node_holds (node, G_TYPE_INT64))
        ticket_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          ld_request_respond_error (request, 400, "malformed", "ticket_id",
                                    N_("“ticket_id” must be a ticket's id or null."));
          return;
        }
      if (ticket_id[0] == '\0')
        g_clear_pointer (&ticket_id, g_free);
    }

  config = ld_server_load_config (self, request);
  if (config == NULL)
    return;
  if (!ld_config_has_option (config, "reasons", "call_end", reason))
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("Choose the reason the call ended from the configured list."));
      return;
    }

  if (ld_json_get_object (config, "tickets", NULL, &tickets) && tickets != NULL)
    ld_json_get_bool (tickets, "enabled", FALSE, &plugin);
  /* with the ticket system on, closing its ticket is queued; the plugin does the rest */
  if (plugin)
    ticket_state = close_ticket ? "pending" : NULL;

  call = ld_storage_end_call (storage, request->id, reason, ticket_state, ticket_id,
                              request->op->id, &error);
  if (call == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_CONFLICT))
        ld_request_respond_problem (request, 409, "call_already_ended", NULL, N_("This call has ended already."));
      else
        ld_request_respond_gerror (request, error, "id");
      return;
    }
  ld_request_respond_object (request, 200, call);
}

/* ld-client-calls.c — calls on the line */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-client-private.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-model-json.h"

/* {"call":{…}, "member":{…}|null} or the call itself */
static gpointer
ld_client_parse_call (LdClient  *self,
                      JsonNode  *answer,
                      GType      item_type,
                      GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);
  JsonObject *call_json;
  JsonObject *member_json = NULL;
  g_autoptr(LdCall) call = NULL;

  if (object == NULL)
    return NULL;

  call_json = ld_client_unwrap (object, "call");
  call = ld_model_new_from_json (LD_TYPE_CALL, call_json, call_json == object ? NULL : "call", error);
  if (call == NULL)
    return NULL;

  if (call_json != object && !json_object_has_member (call_json, "member"))
    {
      if (!ld_json_get_object (object, "member", NULL, &member_json))
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                       _("The server's answer could not be read: “%s” should be %s"),
                       "member", _("an object"));
          return NULL;
        }
      if (member_json != NULL)
        {
          g_autoptr(LdMember) member = ld_member_new_from_json (member_json, error);

          if (member == NULL)
            return NULL;
          g_object_set (call, "member", member, NULL);
        }
    }

  return g_steal_pointer (&call);
}


void
ld_client_start_call_async (LdClient            *self,
                            const char          *phone,
                            const char          *idempotency_key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (phone != NULL);

  json_object_set_string_member (body, "phone", phone);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/calls", .object = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_call },
                  ld_client_start_call_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdCall, ld_client_start_call)

void
ld_client_end_call_async (LdClient            *self,
                          gint64               call_id,
                          const char          *reason,
                          gboolean             close_ticket,
                          const char          *idempotency_key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (call_id > 0);

  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  json_object_set_boolean_member (body, "close_ticket", close_ticket);
  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/end", call_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .object = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_call },
                  ld_client_end_call_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdCall, ld_client_end_call)

void
ld_client_list_calls_async (LdClient            *self,
                            const char          *state,
                            gint64               operator_id,
                            const char          *cursor,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (operator_id >= 0);

  path = operator_id > 0 ? g_strdup_printf ("/calls?operator_id=%" G_GINT64_FORMAT, operator_id)
                         : g_strdup ("/calls");
  ld_client_send (self, &(LdClientCall) { .path = path, .filter = { "state", state },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_CALL },
                  ld_client_list_calls_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_calls)

void
ld_client_get_call_async (LdClient            *self,
                          gint64               call_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (call_id > 0);

  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT, call_id);
  ld_client_send (self, &(LdClientCall) { .path = path, .parse = ld_client_parse_call },
                  ld_client_get_call_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdCall, ld_client_get_call)

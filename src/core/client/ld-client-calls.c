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
  JsonObject *object;
  JsonObject *call_json;
  JsonObject *member_json = NULL;
  g_autoptr(LdCall) call = NULL;

  if (!ld_client_answer_object (answer, &object, error))
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
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  object = json_object_new ();
  json_object_set_string_member (object, "phone", phone);
  body = ld_client_body_take (object);

  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/calls", .body = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_call,
                                          .item_type = LD_TYPE_CALL, .result_free = g_object_unref },
                  ld_client_start_call_async, cancellable, callback, user_data);
}

/**
 * ld_client_start_call_finish:
 *
 * Returns: (transfer full): the call, with the member found by the phone or none
 */
LdCall *
ld_client_start_call_finish (LdClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_client_finish (self, result, ld_client_start_call_async, error);
}

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
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (call_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  object = json_object_new ();
  if (reason != NULL)
    json_object_set_string_member (object, "reason", reason);
  json_object_set_boolean_member (object, "close_ticket", close_ticket);
  body = ld_client_body_take (object);

  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT "/end", call_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .body = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_call,
                                          .item_type = LD_TYPE_CALL, .result_free = g_object_unref },
                  ld_client_end_call_async, cancellable, callback, user_data);
}

/**
 * ld_client_end_call_finish:
 *
 * Returns: (transfer full): the ended call
 */
LdCall *
ld_client_end_call_finish (LdClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return ld_client_finish (self, result, ld_client_end_call_async, error);
}


void
ld_client_get_call_async (LdClient            *self,
                          gint64               call_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (call_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/calls/%" G_GINT64_FORMAT, call_id);
  ld_client_send (self, &(LdClientCall) { .method = "GET", .path = path,
                                          .parse = ld_client_parse_call,
                                          .item_type = LD_TYPE_CALL, .result_free = g_object_unref },
                  ld_client_get_call_async, cancellable, callback, user_data);
}

/**
 * ld_client_get_call_finish:
 *
 * Returns: (transfer full): the call, with its ticket
 */
LdCall *
ld_client_get_call_finish (LdClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_call_async, error);
}

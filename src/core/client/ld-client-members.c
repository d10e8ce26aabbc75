/* ld-client-members.c — members: search, profile, histories, favorites, subscriptions,
 * linking a card */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-client-private.h"
#include "ld-action.h"
#include "ld-error.h"
#include "ld-favorite-change.h"
#include "ld-json.h"
#include "ld-message.h"
#include "ld-model-json.h"
#include "ld-operation.h"
#include "ld-purchase.h"
#include "ld-subscription.h"

/* an array, or an object with "items" or "subscriptions" */
static gpointer
ld_client_parse_subscriptions (LdClient  *self,
                               JsonNode  *answer,
                               GType      item_type,
                               GError   **error)
{
  JsonArray *array = NULL;

  if (JSON_NODE_HOLDS_ARRAY (answer))
    array = json_node_get_array (answer);
  else if (JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonObject *object = json_node_get_object (answer);

      if (!ld_json_get_array (object, "items", NULL, &array) || array == NULL)
        if (!ld_json_get_array (object, "subscriptions", NULL, &array))
          array = NULL;
    }

  if (array == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                   _("The server's answer could not be read: “%s” should be %s"),
                   "subscriptions", _("a list"));
      return NULL;
    }

  return ld_model_list_from_json (LD_TYPE_SUBSCRIPTION, array, "subscriptions", error);
}

static const struct {
  const char *path;               /* under /members/{id}/ */
  GType     (*item_type) (void);
} histories[] = {
  [LD_MEMBER_HISTORY_PURCHASES]         = { "purchases",         ld_purchase_get_type },
  [LD_MEMBER_HISTORY_OPERATIONS]        = { "operations",        ld_operation_get_type },
  [LD_MEMBER_HISTORY_MESSAGES]          = { "messages",          ld_message_get_type },
  [LD_MEMBER_HISTORY_ACTIONS]           = { "actions",           ld_action_get_type },
  [LD_MEMBER_HISTORY_FAVORITES_HISTORY] = { "favorites/history", ld_favorite_change_get_type },
};

GType
ld_member_history_get_item_type (LdMemberHistory history)
{
  g_return_val_if_fail (history < G_N_ELEMENTS (histories), G_TYPE_INVALID);

  return histories[history].item_type ();
}

void
ld_client_list_member_history_async (LdClient            *self,
                                     gint64               member_id,
                                     LdMemberHistory      history,
                                     GHashTable          *query,
                                     const char          *cursor,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (member_id > 0);
  g_return_if_fail (history < G_N_ELEMENTS (histories));

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/%s", member_id, histories[history].path);
  ld_client_send (self, &(LdClientCall) { .path = path, .query = query, .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page,
                                          .item_type = histories[history].item_type () },
                  ld_client_list_member_history_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_member_history)

void
ld_client_search_members_async (LdClient            *self,
                                const char          *kind,
                                const char          *text,
                                const char          *cursor,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (kind != NULL);
  g_return_if_fail (text != NULL);

  ld_client_send (self, &(LdClientCall) { .path = "/members", .filter = { kind, text },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_MEMBER },
                  ld_client_search_members_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_search_members)

void
ld_client_get_member_async (LdClient            *self,
                            gint64               member_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/members/%" G_GINT64_FORMAT, member_id);

  ld_client_send (self, &(LdClientCall) { .path = path, .item_type = LD_TYPE_MEMBER },
                  ld_client_get_member_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_get_member)

void
ld_client_get_favorites_async (LdClient            *self,
                               gint64               member_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/favorites", member_id);

  ld_client_send (self, &(LdClientCall) { .path = path, .item_type = JSON_TYPE_OBJECT,
                                          .result_free = (GDestroyNotify) json_object_unref },
                  ld_client_get_favorites_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonObject, ld_client_get_favorites)

void
ld_client_get_subscriptions_async (LdClient            *self,
                                   gint64               member_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/subscriptions", member_id);

  ld_client_send (self, &(LdClientCall) { .path = path, .parse = ld_client_parse_subscriptions },
                  ld_client_get_subscriptions_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (GListModel, ld_client_get_subscriptions)

void
ld_client_link_card_async (LdClient            *self,
                           gint64               member_id,
                           const char          *number,
                           gint64               version,
                           const char          *idempotency_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;

  g_return_if_fail (member_id > 0);
  g_return_if_fail (number != NULL);

  json_object_set_string_member (body, "number", number);
  if (version > 0)
    if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/cards", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .object = body,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .item_type = LD_TYPE_MEMBER },
                  ld_client_link_card_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_link_card)

/* every operation on a member: takes @body (nullable, transfer full) */
static void
send_member_operation (LdClient            *self,
                       const char          *method,
                       gint64               member_id,
                       const char          *operation,
                       JsonObject          *body,
                       gint64               version,
                       const char          *idempotency_key,
                       LdClientParse        parse,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonObject) owned_body = body;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;

  g_return_if_fail (member_id > 0);

  if (version > 0)
    if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  path = operation != NULL
    ? g_strdup_printf ("/members/%" G_GINT64_FORMAT "/%s", member_id, operation)
    : g_strdup_printf ("/members/%" G_GINT64_FORMAT, member_id);
  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .object = owned_body,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .parse = parse, .item_type = LD_TYPE_MEMBER },
                  source_tag, cancellable, callback, user_data);
}

static JsonObject *
reason_body (const char *reason)
{
  JsonObject *body = json_object_new ();

  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  return body;
}

void
ld_client_block_member_async (LdClient            *self,
                              gint64               member_id,
                              const char          *reason,
                              gint64               version,
                              const char          *idempotency_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  send_member_operation (self, "POST", member_id, "block", reason_body (reason), version,
                         idempotency_key, NULL, ld_client_block_member_async,
                         cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_block_member)

void
ld_client_unblock_member_async (LdClient            *self,
                                gint64               member_id,
                                const char          *reason,
                                gint64               version,
                                const char          *idempotency_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  send_member_operation (self, "POST", member_id, "unblock", reason_body (reason), version,
                         idempotency_key, NULL, ld_client_unblock_member_async,
                         cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_unblock_member)

void
ld_client_change_member_status_async (LdClient            *self,
                                      gint64               member_id,
                                      const char          *system,
                                      const char          *level,
                                      const char          *reason,
                                      gint64               version,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JsonObject *body = reason_body (reason);

  g_return_if_fail (system != NULL);
  g_return_if_fail (level != NULL);

  json_object_set_string_member (body, "system", system);
  json_object_set_string_member (body, "level", level);
  send_member_operation (self, "POST", member_id, "status", body, version,
                         idempotency_key, NULL, ld_client_change_member_status_async,
                         cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_change_member_status)

void
ld_client_merge_members_async (LdClient            *self,
                               gint64               member_id,
                               gint64               other_member_id,
                               gint64               version,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "member_id", other_member_id);
  send_member_operation (self, "POST", member_id, "merge", body, version,
                         idempotency_key, NULL, ld_client_merge_members_async,
                         cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_merge_members)

void
ld_client_remove_member_async (LdClient            *self,
                               gint64               member_id,
                               const char          *reason,
                               gint64               version,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  send_member_operation (self, "DELETE", member_id, NULL, reason_body (reason), version,
                         idempotency_key, ld_client_parse_node, ld_client_remove_member_async,
                         cancellable, callback, user_data);
}

gboolean
ld_client_remove_member_finish (LdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(JsonNode) answer = ld_client_finish (self, result, ld_client_remove_member_async, error);

  return answer != NULL;
}

void
ld_client_search_members_full_async (LdClient            *self,
                                     GHashTable          *parameters,
                                     const char          *cursor,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (parameters != NULL);

  ld_client_send (self, &(LdClientCall) { .path = "/members", .query = parameters,
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_MEMBER },
                  ld_client_search_members_full_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_search_members_full)

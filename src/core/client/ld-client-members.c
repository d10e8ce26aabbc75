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

static void
ld_client_list_history (LdClient            *self,
                        gint64               member_id,
                        LdMemberHistory      history,
                        GHashTable          *query,
                        const char          *cursor,
                        guint                limit,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (member_id > 0);
  g_return_if_fail (history < G_N_ELEMENTS (histories));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/%s", member_id, histories[history].path);
  ld_client_get_page (self, path, query, histories[history].item_type (), cursor, limit,
                      source_tag, cancellable, callback, user_data);
}

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
  g_autoptr(GHashTable) query = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (gpointer) kind, (gpointer) text);

  ld_client_get_page (self, "/members", query, LD_TYPE_MEMBER, cursor, limit,
                      ld_client_search_members_async, cancellable, callback, user_data);
}

/**
 * ld_client_search_members_finish:
 *
 * Returns: (transfer full): a page of #LdMember
 */
LdPage *
ld_client_search_members_finish (LdClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ld_client_finish (self, result, ld_client_search_members_async, error);
}

void
ld_client_get_member_async (LdClient            *self,
                            gint64               member_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT, member_id);
  ld_client_get_model (self, path, LD_TYPE_MEMBER, ld_client_get_member_async,
                       cancellable, callback, user_data);
}

/**
 * ld_client_get_member_finish:
 *
 * Returns: (transfer full): the member's profile
 */
LdMember *
ld_client_get_member_finish (LdClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_member_async, error);
}


void
ld_client_list_purchases_async (LdClient            *self,
                                gint64               member_id,
                                GHashTable          *query,
                                const char          *cursor,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ld_client_list_history (self, member_id, LD_MEMBER_HISTORY_PURCHASES, query, cursor, limit,
                          ld_client_list_purchases_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_purchases_finish:
 *
 * Returns: (transfer full): a page of #LdPurchase
 */
LdPage *
ld_client_list_purchases_finish (LdClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_purchases_async, error);
}

void
ld_client_list_operations_async (LdClient            *self,
                                 gint64               member_id,
                                 GHashTable          *query,
                                 const char          *cursor,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ld_client_list_history (self, member_id, LD_MEMBER_HISTORY_OPERATIONS, query, cursor, limit,
                          ld_client_list_operations_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_operations_finish:
 *
 * Returns: (transfer full): a page of #LdOperation
 */
LdPage *
ld_client_list_operations_finish (LdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_operations_async, error);
}

void
ld_client_list_messages_async (LdClient            *self,
                               gint64               member_id,
                               GHashTable          *query,
                               const char          *cursor,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ld_client_list_history (self, member_id, LD_MEMBER_HISTORY_MESSAGES, query, cursor, limit,
                          ld_client_list_messages_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_messages_finish:
 *
 * Returns: (transfer full): a page of #LdMessage
 */
LdPage *
ld_client_list_messages_finish (LdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_messages_async, error);
}

void
ld_client_list_actions_async (LdClient            *self,
                              gint64               member_id,
                              const char          *cursor,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ld_client_list_history (self, member_id, LD_MEMBER_HISTORY_ACTIONS, NULL, cursor, limit,
                          ld_client_list_actions_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_actions_finish:
 *
 * Returns: (transfer full): a page of #LdAction
 */
LdPage *
ld_client_list_actions_finish (LdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_actions_async, error);
}

void
ld_client_list_favorites_history_async (LdClient            *self,
                                        gint64               member_id,
                                        const char          *cursor,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ld_client_list_history (self, member_id, LD_MEMBER_HISTORY_FAVORITES_HISTORY, NULL, cursor, limit,
                          ld_client_list_favorites_history_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_favorites_history_finish:
 *
 * Returns: (transfer full): a page of #LdFavoriteChange
 */
LdPage *
ld_client_list_favorites_history_finish (LdClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_favorites_history_async, error);
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
  ld_client_list_history (self, member_id, history, query, cursor, limit,
                          ld_client_list_member_history_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_member_history_finish:
 *
 * Returns: (transfer full): a page of the history's item type
 */
LdPage *
ld_client_list_member_history_finish (LdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_member_history_async, error);
}

void
ld_client_get_favorites_async (LdClient            *self,
                               gint64               member_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/favorites", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "GET", .path = path,
                                          .parse = ld_client_parse_json_object,
                                          .result_free = (GDestroyNotify) json_object_unref },
                  ld_client_get_favorites_async, cancellable, callback, user_data);
}

/**
 * ld_client_get_favorites_finish:
 *
 * Returns: (transfer full): the answer of GET /members/{id}/favorites
 */
JsonObject *
ld_client_get_favorites_finish (LdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_favorites_async, error);
}

void
ld_client_get_subscriptions_async (LdClient            *self,
                                   gint64               member_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/subscriptions", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "GET", .path = path,
                                          .parse = ld_client_parse_subscriptions,
                                          .item_type = LD_TYPE_SUBSCRIPTION,
                                          .result_free = g_object_unref },
                  ld_client_get_subscriptions_async, cancellable, callback, user_data);
}

/**
 * ld_client_get_subscriptions_finish:
 *
 * Returns: (transfer full): a #GListModel of #LdSubscription
 */
GListModel *
ld_client_get_subscriptions_finish (LdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_subscriptions_async, error);
}


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
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  JsonObject *object;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (member_id > 0);
  g_return_if_fail (number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  object = json_object_new ();
  json_object_set_string_member (object, "number", number);
  body = ld_client_body_take (object);
  if (version > 0)
    if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/cards", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .body = body,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .parse = ld_client_parse_model,
                                          .item_type = LD_TYPE_MEMBER, .result_free = g_object_unref },
                  ld_client_link_card_async, cancellable, callback, user_data);
}

/**
 * ld_client_link_card_finish:
 *
 * Returns: (transfer full): the member's profile with the card linked
 */
LdMember *
ld_client_link_card_finish (LdClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ld_client_finish (self, result, ld_client_link_card_async, error);
}

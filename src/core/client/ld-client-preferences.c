/* ld-client-preferences.c — the subscriptions grid and the favorite products */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-client-private.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-model-json.h"
#include "ld-subscription.h"

/* the grid's "items", as GET /members/{id}/subscriptions answers them */
static gpointer
parse_subscription_items (LdClient  *self,
                          JsonNode  *answer,
                          GType      item_type,
                          GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);
  JsonArray *items = NULL;

  if (object == NULL)
    return NULL;
  if (!ld_json_get_array (object, "items", NULL, &items) || items == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                   _("The server's answer could not be read: “%s” should be %s"),
                   "items", _("a list"));
      return NULL;
    }
  return ld_model_list_from_json (LD_TYPE_SUBSCRIPTION, items, "items", error);
}

void
ld_client_update_subscriptions_async (LdClient            *self,
                                      gint64               member_id,
                                      GListModel          *subscriptions,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  JsonArray *items = json_array_new ();

  g_return_if_fail (member_id > 0);
  g_return_if_fail (G_IS_LIST_MODEL (subscriptions));

  /* only the three members the server reads, whatever else the items carry */
  for (guint i = 0; i < g_list_model_get_n_items (subscriptions); i++)
    {
      g_autoptr(LdSubscription) subscription = g_list_model_get_item (subscriptions, i);
      JsonObject *item = json_object_new ();

      g_return_if_fail (LD_IS_SUBSCRIPTION (subscription));
      json_object_set_string_member (item, "mailing_type", ld_subscription_get_mailing_type (subscription));
      json_object_set_string_member (item, "channel", ld_subscription_get_channel (subscription));
      json_object_set_boolean_member (item, "enabled", ld_subscription_get_enabled (subscription));
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (body, "items", items);

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/subscriptions", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "PUT", .path = path, .object = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = parse_subscription_items },
                  ld_client_update_subscriptions_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (GListModel, ld_client_update_subscriptions)

void
ld_client_update_favorites_async (LdClient            *self,
                                  gint64               member_id,
                                  const gint64        *product_ids,
                                  gsize                n_products,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  JsonArray *ids = json_array_sized_new (n_products);

  g_return_if_fail (member_id > 0);
  g_return_if_fail (product_ids != NULL || n_products == 0);

  for (gsize i = 0; i < n_products; i++)
    json_array_add_int_element (ids, product_ids[i]);
  json_object_set_array_member (body, "product_ids", ids);

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/favorites", member_id);
  ld_client_send (self, &(LdClientCall) { .method = "PUT", .path = path, .object = body,
                                          .idempotency_key = idempotency_key,
                                          .item_type = JSON_TYPE_OBJECT,
                                          .result_free = (GDestroyNotify) json_object_unref },
                  ld_client_update_favorites_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonObject, ld_client_update_favorites)

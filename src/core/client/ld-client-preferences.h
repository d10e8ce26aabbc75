/* ld-client-preferences.h — what a member receives and likes: the subscriptions grid and
 * the favorite products (PUT /members/{id}/subscriptions, PUT /members/{id}/favorites) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* PUT /members/{id}/subscriptions (member.subscriptions): @subscriptions the pairs to set,
 * a GListModel of LdSubscription (the whole grid as ld_client_get_subscriptions_finish()
 * gave it, or only the pairs that change; pairs not given keep their state);
 * @idempotency_key: see ld-client.h → GListModel of LdSubscription (transfer full), every
 * pair after the change. LD_ERROR_INVALID_FIELD names "mailing_type" or "channel" in
 * ld_client_result_get_error_field() when the configuration lacks one. */
void        ld_client_update_subscriptions_async  (LdClient            *self,
                                                   gint64               member_id,
                                                   GListModel          *subscriptions,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GListModel *ld_client_update_subscriptions_finish (LdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* PUT /members/{id}/favorites {product_ids} (member.favorites): the member's favorites
 * become the @n_products ids of @product_ids → JsonObject (transfer full) as
 * ld_client_get_favorites_finish() gives it: {enabled, max, count, items}.
 * LD_ERROR_FAVORITES_DISABLED while the offer is off; LD_ERROR_FAVORITES_LIMIT_REACHED
 * past favorites.max (ld_client_result_get_error_details() has "max");
 * LD_ERROR_INVALID_FIELD ("product_ids", details "product_id") for a product unknown or
 * no longer offered. */
void        ld_client_update_favorites_async  (LdClient            *self,
                                               gint64               member_id,
                                               const gint64        *product_ids,
                                               gsize                n_products,
                                               const char          *idempotency_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonObject *ld_client_update_favorites_finish (LdClient            *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS

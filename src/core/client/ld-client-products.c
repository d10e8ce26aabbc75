/* ld-client-products.c — the product catalog */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"
#include "ld-product.h"

void
ld_client_list_products_async (LdClient            *self,
                               const char          *q,
                               const char          *cursor,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/products", .filter = { "q", q },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_PRODUCT },
                  ld_client_list_products_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_products)

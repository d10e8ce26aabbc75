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
  g_autoptr(GHashTable) query = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query = g_hash_table_new (g_str_hash, g_str_equal);
  if (q != NULL)
    g_hash_table_insert (query, (gpointer) "q", (gpointer) q);
  ld_client_get_page (self, "/products", query, LD_TYPE_PRODUCT, cursor, limit,
                      ld_client_list_products_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_products_finish:
 *
 * Returns: (transfer full): a page of #LdProduct
 */
LdPage *
ld_client_list_products_finish (LdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_products_async, error);
}

/* ld-client-products.h — the product catalog for favorites (GET /products) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* GET /products?q=: @q (nullable) words of the name to look for → LdPage (transfer full)
 * of LdProduct */
void        ld_client_list_products_async  (LdClient            *self,
                                            const char          *q,
                                            const char          *cursor,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
LdPage     *ld_client_list_products_finish (LdClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS

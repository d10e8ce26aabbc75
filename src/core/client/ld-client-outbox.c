/* ld-client-outbox.c — the sent SMS and e-mail */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"
#include "ld-outbox-item.h"

void
ld_client_list_outbox_async (LdClient            *self,
                             const char          *phone,
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
  if (phone != NULL)
    g_hash_table_insert (query, (gpointer) "phone", (gpointer) phone);
  ld_client_get_page (self, "/outbox", query, LD_TYPE_OUTBOX_ITEM, cursor, limit,
                      ld_client_list_outbox_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_outbox_finish:
 *
 * Returns: (transfer full): a page of #LdOutboxItem
 */
LdPage *
ld_client_list_outbox_finish (LdClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_outbox_async, error);
}

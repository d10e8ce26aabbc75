/* ld-client-cards.c — cards */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

void
ld_client_get_card_async (LdClient            *self,
                          const char          *number,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (number != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  escaped = ld_client_escape_segment (number);
  path = g_strdup_printf ("/cards/%s", escaped);
  ld_client_get_model (self, path, LD_TYPE_CARD, ld_client_get_card_async,
                       cancellable, callback, user_data);
}

/**
 * ld_client_get_card_finish:
 *
 * Returns: (transfer full): the card
 */
LdCard *
ld_client_get_card_finish (LdClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_card_async, error);
}

void
ld_client_list_free_cards_async (LdClient            *self,
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
  g_hash_table_insert (query, (gpointer) "state", (gpointer) "issued");
  ld_client_get_page (self, "/cards", query, LD_TYPE_CARD, cursor, limit,
                      ld_client_list_free_cards_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_free_cards_finish:
 *
 * Returns: (transfer full): a page of #LdCard
 */
LdPage *
ld_client_list_free_cards_finish (LdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_free_cards_async, error);
}

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

  g_return_if_fail (number != NULL);

  escaped = ld_client_escape_segment (number);
  path = g_strdup_printf ("/cards/%s", escaped);
  ld_client_send (self, &(LdClientCall) { .path = path, .item_type = LD_TYPE_CARD },
                  ld_client_get_card_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdCard, ld_client_get_card)

void
ld_client_list_free_cards_async (LdClient            *self,
                                 const char          *cursor,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/cards", .filter = { "state", "issued" },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_CARD },
                  ld_client_list_free_cards_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_free_cards)

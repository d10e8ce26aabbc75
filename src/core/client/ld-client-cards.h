/* ld-client-cards.h — cards (GET /cards/{number}, GET /cards?state=issued) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* GET /cards/{number} → LdCard (transfer full); LD_ERROR_CARD_NOT_FOUND when there is none */
void        ld_client_get_card_async      (LdClient            *self,
                                           const char          *number,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_get_card_finish     (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /cards?state=issued: the free pool of physical cards (needs card.link); @cursor
 * (nullable), @limit 0 for the server's default → LdPage (transfer full) of LdCard */
void        ld_client_list_free_cards_async  (LdClient            *self,
                                              const char          *cursor,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LdPage     *ld_client_list_free_cards_finish (LdClient            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS

/* ld-client-cards.h — cards: one card, the free pool, and the operations on a card */
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

/* The operations on one card, POST /cards/{number}/<op> (DELETE /cards/{number} for
 * removal). Each: @version (0: none) is the card's, sent as If-Match (a card someone
 * changed meanwhile is LD_ERROR_VERSION_CONFLICT); @idempotency_key: see ld-client.h;
 * → LdCard (transfer full), the card after the change (for a replacement: the new card).
 * Refusals common to all: LD_ERROR_CARD_NOT_FOUND, LD_ERROR_CARD_NOT_ACTIVATED,
 * LD_ERROR_CARD_REPLACED, LD_ERROR_ACCOUNT_BLOCKED, LD_ERROR_FORBIDDEN. */

/* /block {reason}: a key of the configuration's reasons.card_block (card.block);
 * LD_ERROR_CARD_BLOCKED, LD_ERROR_CARD_DELETED */
void        ld_client_block_card_async    (LdClient            *self,
                                           const char          *number,
                                           const char          *reason,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_block_card_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* /unblock {reason}: a key of reasons.card_unblock (card.block); LD_ERROR_CARD_NOT_BLOCKED */
void        ld_client_unblock_card_async  (LdClient            *self,
                                           const char          *number,
                                           const char          *reason,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_unblock_card_finish (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* /replace {new_number}: a blocked card by one from the free pool (card.replace); the
 * balance and histories move to the new card; LD_ERROR_CARD_NOT_BLOCKED,
 * LD_ERROR_CARD_NOT_FREE, LD_ERROR_INVALID_FIELD (new_number) */
void        ld_client_replace_card_async  (LdClient            *self,
                                           const char          *number,
                                           const char          *new_number,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_replace_card_finish (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* /category {category}: a key of the configuration's card_categories
 * (card.change_category); the balance stays */
void        ld_client_change_card_category_async  (LdClient            *self,
                                                   const char          *number,
                                                   const char          *category,
                                                   gint64               version,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LdCard     *ld_client_change_card_category_finish (LdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* DELETE /cards/{number} {reason} (@reason nullable, free text; card.delete);
 * LD_ERROR_ONLY_MAIN_CARD, LD_ERROR_CARD_DELETED */
void        ld_client_delete_card_async   (LdClient            *self,
                                           const char          *number,
                                           const char          *reason,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_delete_card_finish  (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* /restore {reason} (@reason nullable, free text; card.delete); LD_ERROR_CARD_NOT_DELETED */
void        ld_client_restore_card_async  (LdClient            *self,
                                           const char          *number,
                                           const char          *reason,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_restore_card_finish (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS

/* ld-client-members.h — members: search, profile, histories, favorites, subscriptions,
 * linking a card, and the operations on a member's account: block, status, merge, removal */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* the paged histories of a member, GET /members/{id}/<history>, all through
 * ld_client_list_member_history_async() */
typedef enum
{
  LD_MEMBER_HISTORY_PURCHASES,          /* LdPurchase; query: sort, order, status, receipt */
  LD_MEMBER_HISTORY_OPERATIONS,         /* LdOperation; query: sort, order, card */
  LD_MEMBER_HISTORY_MESSAGES,           /* LdMessage; query: from, to, status, channel */
  LD_MEMBER_HISTORY_ACTIONS,            /* LdAction */
  LD_MEMBER_HISTORY_FAVORITES_HISTORY,  /* LdFavoriteChange */
} LdMemberHistory;

/* the type of the items of @history */
GType       ld_member_history_get_item_type (LdMemberHistory history);

/* GET /members?<kind>=<text>: @kind is "q", "phone", "card", "email", "name" or
 * "birth_date"; @cursor (nullable) from the previous page; @limit 0 for the server's
 * default → LdPage (transfer full) of LdMember */
void        ld_client_search_members_async  (LdClient            *self,
                                             const char          *kind,
                                             const char          *text,
                                             const char          *cursor,
                                             guint                limit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LdPage     *ld_client_search_members_finish (LdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* GET /members with several criteria at once, all of which must hold: @parameters
 * (string → string) e.g. {"name": "Иванова", "answers.city": "Москва", "birth_date":
 * "24.02.1971"}; an application-form answer is "answers.<key>" → LdPage (transfer full)
 * of LdMember. LD_ERROR_INVALID_FIELD names the parameter (ld_client_result_get_error_field())
 * for a form key the configuration lacks or a value its type refuses. */
void        ld_client_search_members_full_async  (LdClient            *self,
                                                  GHashTable          *parameters,
                                                  const char          *cursor,
                                                  guint                limit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LdPage     *ld_client_search_members_full_finish (LdClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* GET /members/{id} → LdMember (transfer full), the full profile */
void        ld_client_get_member_async    (LdClient            *self,
                                           gint64               member_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdMember   *ld_client_get_member_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /members/{id}/<@history>?@query: @query (nullable) string → string, the filters
 * the history takes (see LdMemberHistory); @cursor (nullable); @limit 0 for the server's
 * default → LdPage (transfer full) of ld_member_history_get_item_type (@history) */
void        ld_client_list_member_history_async  (LdClient            *self,
                                                  gint64               member_id,
                                                  LdMemberHistory      history,
                                                  GHashTable          *query,
                                                  const char          *cursor,
                                                  guint                limit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LdPage     *ld_client_list_member_history_finish (LdClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* GET /members/{id}/favorites → the answer as it is (transfer full) */
void        ld_client_get_favorites_async  (LdClient            *self,
                                            gint64               member_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonObject *ld_client_get_favorites_finish (LdClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* GET /members/{id}/subscriptions (an array, or an object with "items" or
 * "subscriptions") → GListModel of LdSubscription (transfer full) */
void        ld_client_get_subscriptions_async  (LdClient            *self,
                                                gint64               member_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel *ld_client_get_subscriptions_finish (LdClient            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* POST /members/{id}/cards {number}: links a free physical card; @version (0: none) is
 * sent as If-Match, so a profile someone changed meanwhile answers
 * LD_ERROR_VERSION_CONFLICT; @idempotency_key: see ld-client.h → LdMember (transfer full),
 * the profile after the link. Refusals: LD_ERROR_CARD_NOT_FOUND,
 * LD_ERROR_CARD_ALREADY_LINKED, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER,
 * LD_ERROR_CARD_NOT_AVAILABLE, LD_ERROR_MAX_CARDS_REACHED, LD_ERROR_ACCOUNT_BLOCKED */
void        ld_client_link_card_async     (LdClient            *self,
                                           gint64               member_id,
                                           const char          *number,
                                           gint64               version,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdMember   *ld_client_link_card_finish    (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The operations on a member and their bonus account. Each: @version (0: none) is the
 * member's, sent as If-Match (LD_ERROR_VERSION_CONFLICT when someone changed the profile
 * meanwhile); @idempotency_key: see ld-client.h; → LdMember (transfer full), the profile
 * after the change. */

/* POST /members/{id}/block {reason}: a key of reasons.member_block (member.block); while
 * blocked no card of the account accrues, deducts or identifies; LD_ERROR_ACCOUNT_BLOCKED
 * when it is already */
void        ld_client_block_member_async    (LdClient            *self,
                                             gint64               member_id,
                                             const char          *reason,
                                             gint64               version,
                                             const char          *idempotency_key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LdMember   *ld_client_block_member_finish   (LdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* POST /members/{id}/unblock {reason}: free text (member.block);
 * LD_ERROR_ACCOUNT_NOT_BLOCKED */
void        ld_client_unblock_member_async  (LdClient            *self,
                                             gint64               member_id,
                                             const char          *reason,
                                             gint64               version,
                                             const char          *idempotency_key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LdMember   *ld_client_unblock_member_finish (LdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* POST /members/{id}/status {system, level, reason}: a level of one of the configuration's
 * status_systems, @reason a key of reasons.status_change (member.change_status);
 * LD_ERROR_INVALID_FIELD (system, level, reason), LD_ERROR_STATUS_UNCHANGED */
void        ld_client_change_member_status_async  (LdClient            *self,
                                                   gint64               member_id,
                                                   const char          *system,
                                                   const char          *level,
                                                   const char          *reason,
                                                   gint64               version,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LdMember   *ld_client_change_member_status_finish (LdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /members/{id}/merge {member_id}: @other_member_id's account joins @member_id's for
 * good (member.merge); LD_ERROR_ALREADY_MERGED, LD_ERROR_MERGE_LIMIT_REACHED,
 * LD_ERROR_ACCOUNT_BLOCKED, LD_ERROR_INVALID_FIELD (member_id) */
void        ld_client_merge_members_async   (LdClient            *self,
                                             gint64               member_id,
                                             gint64               other_member_id,
                                             gint64               version,
                                             const char          *idempotency_key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LdMember   *ld_client_merge_members_finish  (LdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* DELETE /members/{id} {reason}: a key of reasons.member_removal (member.remove); every
 * personal datum and identifier of the member is erased → TRUE once it is */
void        ld_client_remove_member_async   (LdClient            *self,
                                             gint64               member_id,
                                             const char          *reason,
                                             gint64               version,
                                             const char          *idempotency_key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    ld_client_remove_member_finish  (LdClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS

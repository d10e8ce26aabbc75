/* ld-client-calls.h — calls on the line (POST /calls, GET /calls, GET /calls/{id},
 * POST /calls/{id}/end) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* POST /calls {phone} → LdCall (transfer full) whose "member" is the member found or NULL;
 * @idempotency_key: see ld-client.h */
void        ld_client_start_call_async    (LdClient            *self,
                                           const char          *phone,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCall     *ld_client_start_call_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /calls?state=&operator_id= → LdPage of LdCall (transfer full), newest first: @state
 * "open", "ended" or NULL for both; @operator_id 0 for every operator's (with
 * call.end_any; without it the server answers the operator's own), else one operator's */
void        ld_client_list_calls_async    (LdClient            *self,
                                           const char          *state,
                                           gint64               operator_id,
                                           const char          *cursor,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdPage     *ld_client_list_calls_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /calls/{id} → LdCall (transfer full) with its ticket */
void        ld_client_get_call_async      (LdClient            *self,
                                           gint64               call_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCall     *ld_client_get_call_finish     (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* POST /calls/{id}/end {reason, close_ticket}: @reason (nullable) a key of the
 * configuration's call_end reasons → LdCall (transfer full) */
void        ld_client_end_call_async      (LdClient            *self,
                                           gint64               call_id,
                                           const char          *reason,
                                           gboolean             close_ticket,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCall     *ld_client_end_call_finish     (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS

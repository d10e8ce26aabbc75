/* ld-client-auth.h — signing in and out (POST /auth/login, /auth/logout, GET /me)
 *
 * Login and logout take no idempotency key: repeating either changes nothing the
 * agent did not mean.
 */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* POST /auth/login: stores the token and the operator → LdOperator (transfer full) */
void        ld_client_login_async         (LdClient            *self,
                                           const char          *login,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdOperator *ld_client_login_finish        (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* POST /auth/logout: the token and operator are cleared whatever the server says */
void        ld_client_logout_async        (LdClient            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    ld_client_logout_finish       (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /me: also updates "operator" → LdOperator (transfer full) */
void        ld_client_get_me_async        (LdClient            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdOperator *ld_client_get_me_finish       (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS

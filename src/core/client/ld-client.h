/* ld-client.h — LdClient, the asynchronous client of the server API (libsoup 3)
 *
 * Every call is _async + _finish on the thread-default main context of the caller; each
 * takes a GCancellable (a cancelled call finishes with G_IO_ERROR_CANCELLED). Errors are
 * in the LD_ERROR domain with the server's message (written for a person, in the language
 * of Accept-Language): the server's {"error":{"code","message"}} via ld_error_from_code();
 * LD_ERROR_NETWORK when the server cannot be reached or does not answer in time;
 * LD_ERROR_TLS when its certificate is refused; LD_ERROR_INVALID_RESPONSE for an answer
 * that cannot be read (or is over 1 MiB).
 *
 * A 401 to a request made with a token means the session expired: the client clears
 * "token" and "operator" (both notify) and emits "session-expired".
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-call.h"
#include "ld-card.h"
#include "ld-config.h"
#include "ld-member.h"
#include "ld-operator.h"
#include "ld-page.h"

G_BEGIN_DECLS

#define LD_TYPE_CLIENT (ld_client_get_type ())

G_DECLARE_FINAL_TYPE (LdClient, ld_client, LD, CLIENT, GObject)

/* the time-out of a request, in seconds, unless "timeout" is set */
#define LD_CLIENT_DEFAULT_TIMEOUT 15
/* answers bigger than this are refused (LD_ERROR_INVALID_RESPONSE) */
#define LD_CLIENT_MAX_ANSWER_SIZE (1024 * 1024)

/* @base_url: the server, e.g. "http://127.0.0.1:8080"; "/api/v1" is appended */
LdClient   *ld_client_new                 (const char *base_url);

const char *ld_client_get_base_url        (LdClient   *self);
/* (nullable) the session token, set by login */
const char *ld_client_get_token           (LdClient   *self);
void        ld_client_set_token           (LdClient   *self,
                                           const char *token);
/* (nullable) (transfer none) who is logged in */
LdOperator *ld_client_get_operator        (LdClient   *self);
void        ld_client_set_operator        (LdClient   *self,
                                           LdOperator *operator);
/* FALSE when nobody is logged in */
gboolean    ld_client_has_right           (LdClient   *self,
                                           const char *right);
/* the Accept-Language header; by default from g_get_language_names() */
const char *ld_client_get_accept_language (LdClient   *self);
void        ld_client_set_accept_language (LdClient   *self,
                                           const char *accept_language);
/* seconds; 0 means LD_CLIENT_DEFAULT_TIMEOUT */
guint       ld_client_get_timeout         (LdClient   *self);
void        ld_client_set_timeout         (LdClient   *self,
                                           guint       timeout);

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

/* GET /config → LdConfig (transfer full) */
void        ld_client_get_config_async    (LdClient            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdConfig   *ld_client_get_config_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* POST /calls {phone} → LdCall (transfer full) whose "member" is the member found or NULL */
void        ld_client_start_call_async    (LdClient            *self,
                                           const char          *phone,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCall     *ld_client_start_call_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* POST /calls/{id}/end {reason, close_ticket} → LdCall (transfer full) */
void        ld_client_end_call_async      (LdClient            *self,
                                           gint64               call_id,
                                           const char          *reason,
                                           gboolean             close_ticket,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCall     *ld_client_end_call_finish     (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

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

/* GET /members/{id} → LdMember (transfer full), the full profile */
void        ld_client_get_member_async    (LdClient            *self,
                                           gint64               member_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdMember   *ld_client_get_member_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* GET /cards/{number} → LdCard (transfer full) */
void        ld_client_get_card_async      (LdClient            *self,
                                           const char          *number,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdCard     *ld_client_get_card_finish     (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* any paged list: @path like "/members/1/purchases", @query (nullable) string → string
 * (e.g. sort, order, status), @item_type the domain type of the items (LD_TYPE_PURCHASE…),
 * @cursor (nullable), @limit 0 for the server's default → LdPage (transfer full) */
void        ld_client_list_async          (LdClient            *self,
                                           const char          *path,
                                           GHashTable          *query,
                                           GType                item_type,
                                           const char          *cursor,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdPage     *ld_client_list_finish         (LdClient            *self,
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

/* any other endpoint: @method "GET", "POST", "PUT", "PATCH", "DELETE"; @path under /api/v1,
 * may carry a query string; @body (nullable) sent as JSON; @idempotency_key and @if_match
 * (nullable) as the headers of those names → the answer (transfer full), a JSON null node
 * for an empty answer */
void        ld_client_request_async       (LdClient            *self,
                                           const char          *method,
                                           const char          *path,
                                           JsonNode            *body,
                                           const char          *idempotency_key,
                                           const char          *if_match,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonNode   *ld_client_request_finish      (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* after a call failed with an error answer, from the GAsyncResult its callback got:
 * the server's code as written ("version_conflict", also codes this core does not know)
 * and details.field of a 422 (e.g. "email"); (transfer none) (nullable) */
const char *ld_client_result_get_error_code  (GAsyncResult *result);
const char *ld_client_result_get_error_field (GAsyncResult *result);

/* TRUE when a failed mutating call may have been done by the server without it keeping
 * an answer under the Idempotency-Key: no answer came (network, cancelled), or not the
 * server's own (a proxy's 502/504 page), or a 5xx. Such a request is sent again with the
 * same key; after any other answer (a 4xx is kept under its key) the next gets a new key. */
gboolean    ld_client_result_outcome_unknown (GAsyncResult *result,
                                              const GError *error);

G_END_DECLS

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
 *
 * Idempotency: every call that changes something takes an @idempotency_key, sent as the
 * Idempotency-Key header. The caller makes it once per user submit (g_uuid_string_random())
 * and sends the same key again when it retries that submit; the server then answers its
 * first answer instead of doing the change twice. ld_client_result_outcome_unknown() says
 * whether a failed call is to be retried with the same key (no answer came, or a 5xx) or
 * was answered (the next submit gets a new key). NULL sends no key: only for a request
 * nobody retries.
 *
 * This header has the client itself (the session); the calls are in one header per
 * topic (ld-client-members.h, ld-client-registrations.h, …), all included here.
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
/* requests sent whose callback has not run yet ("pending-requests" notifies) */
guint       ld_client_get_pending_requests (LdClient   *self);

/* any paged list: @path like "/members/1/purchases", @query (nullable) string → string
 * (e.g. sort, order, status), @item_type the domain type of the items (LD_TYPE_PURCHASE…),
 * @cursor (nullable), @limit 0 for the server's default → LdPage (transfer full).
 * For tests that walk every list alike; the app uses the typed calls. */
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

/* GOING AWAY: the last callers that write a path themselves (the End Call dialog and
 * the Link Card action) move to the typed calls, then this goes.
 * Any endpoint: @method "GET", "POST", "PUT", "PATCH", "DELETE"; @path under /api/v1, may carry a query string; @body (nullable) sent as JSON; @idempotency_key and @if_match
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
 * and details.field of a 422 (e.g. "email"); (transfer none) (nullable). Switch on the
 * GError's LdError value, never on the code: the code is for logs and for a code this
 * core does not know yet. */
const char *ld_client_result_get_error_code  (GAsyncResult *result);
const char *ld_client_result_get_error_field (GAsyncResult *result);
/* the same: the error answer's whole `details` object (e.g. version_conflict's
 * {"current":{"answers","version"}}); (transfer none) (nullable) */
JsonObject *ld_client_result_get_error_details (GAsyncResult *result);

/* TRUE when a failed mutating call may have been done by the server without it keeping
 * an answer under the Idempotency-Key: no answer came (network, cancelled), or not the
 * server's own (a proxy's 502/504 page), or a 5xx. Such a request is sent again with the
 * same key; after any other answer (a 4xx is kept under its key) the next gets a new key. */
gboolean    ld_client_result_outcome_unknown (GAsyncResult *result,
                                              const GError *error);

/* TRUE when the server answered with the answer kept under the Idempotency-Key
 * (`Idempotent-Replayed: true`): the request was done once, before */
gboolean    ld_client_result_was_replayed    (GAsyncResult *result);

G_END_DECLS

/* one header per topic, one typed call per endpoint */
#include "ld-client-auth.h"
#include "ld-client-calls.h"
#include "ld-client-cards.h"
#include "ld-client-config.h"
#include "ld-client-member-data.h"
#include "ld-client-members.h"
#include "ld-client-outbox.h"
#include "ld-client-preferences.h"
#include "ld-client-products.h"
#include "ld-client-registrations.h"

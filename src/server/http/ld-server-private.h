/* ld-server-private.h — what LdServer's handler files share: the routes and the handlers
 *
 * A route is declared once (method, pattern, right, handler) in the table of
 * ld-routes.c; by the time a handler runs, the path parameters are parsed, the query
 * names checked (ld-router.h), the operator authenticated, the right checked and the
 * body parsed. A handler validates its input, calls LdStorage and answers exactly once
 * with one of the ld_request_respond_*() functions of ld-request.h (possibly later,
 * after ld_request_pause()).
 */
#pragma once

#include <libsoup/soup.h>

#include "ld-login-throttle.h"
#include "ld-request.h"
#include "ld-router.h"
#include "ld-server.h"
#include "ld-storage.h"
#include "ld-translations.h"
#include "ld-validate.h"

G_BEGIN_DECLS

/* ---- the route table (ld-routes.c), also for the test that checks it against openapi.json */
const LdRoute *ld_server_get_routes     (guint       *n_routes);

/* ---- helpers for handlers */
/* the catalogs requests are answered from */
LdTranslations *ld_server_get_translations (LdServer *self);
/* failed sign-ins per source address (ld-server-auth.c) */
LdLoginThrottle *ld_server_get_login_throttle (LdServer *self);
/* makes the stand-in password hash of unknown logins, once per process (needs sodium_init) */
void         ld_server_prepare_login    (void);
/* the answer of a request that claimed its Idempotency-Key: kept (2xx), or the claim
 * released (refused, failed, or the key dropped); then the requests that waited for it */
void         ld_server_end_idempotency  (LdServer    *self,
                                         LdRequest   *request,
                                         guint        status,
                                         const char  *body,
                                         gsize        length);
/* drops a session from the server's cache (logout) */
void         ld_server_forget_session   (LdServer    *self,
                                         const char  *token_hash);
JsonObject  *ld_operator_record_to_json (LdOperatorRecord   *record,
                                         const char * const *rights);
char        *ld_format_time             (gint64       unix_seconds);

/* ld-server-config.c: the configuration for other handlers */
JsonObject  *ld_server_load_config      (LdServer    *self,
                                         LdRequest   *request);
GPtrArray   *ld_config_option_keys      (JsonArray   *options);
JsonObject  *ld_config_find_option      (JsonArray   *options,
                                         const char  *key);
gboolean     ld_config_has_option       (JsonObject  *object,
                                         const char  *section,
                                         const char  *list,
                                         const char  *key);
JsonArray   *ld_config_get_array        (JsonObject  *object,
                                         const char  *member);

/* ld-server-registrations.c, for every handler: {"field": @field} (nullable: {}) for an
 * error's details → (transfer full) */
JsonObject  *ld_server_field_details    (const char  *field);

/* ld-server-registrations-complete.c, for the member's own data too: the body's "answers"
 * object (transfer none; NULL after answering 400 or 422), one application-form
 * answer checked by its field's type (NULL with a message: a msgid, or made in the
 * request's language), a new Personal Account password, and the GTaskThreadFunc that
 * hashes an LdPasswordWork's password (Argon2id) */
JsonObject  *ld_server_get_body_answers (LdRequest   *request);
/* whether an answer says something: not missing, null or blank text */
gboolean     ld_server_answer_present   (JsonNode    *value);
JsonNode    *ld_server_check_answer     (LdRequest   *request,
                                         JsonObject  *field,
                                         JsonNode    *value,
                                         char       **message);
char        *ld_server_new_password     (void);
void         ld_server_hash_password_thread (GTask        *task,
                                             gpointer      source_object,
                                             gpointer      task_data,
                                             GCancellable *cancellable);
/* one password made at a time per id (a member, a draft; the in-flight table kept on the
 * server under @key): TRUE when one is being made already, and then @request waits,
 * paused, for its answer; else FALSE and @id is marked in flight until
 * ld_server_end_password_work() in the callback of the work's @task: it answers the hash
 * (transfer full; NULL with @error) and, in *@answered (transfer full), every request to
 * answer, the one that started the work first, then those that waited meanwhile */
gboolean     ld_server_join_password_work (LdServer    *self,
                                           const char  *key,
                                           gint64       id,
                                           LdRequest   *request);
char        *ld_server_end_password_work  (LdServer    *self,
                                           const char  *key,
                                           gint64       id,
                                           GTask       *task,
                                           GPtrArray  **answered,
                                           GError     **error);

/* ---- the handlers, by file */
/* ld-server-auth.c */
void ld_server_handle_login          (LdServer *server, LdRequest *request);
void ld_server_handle_logout         (LdServer *server, LdRequest *request);
void ld_server_handle_me             (LdServer *server, LdRequest *request);

/* ld-server-system.c */
void ld_server_handle_healthz        (LdServer *server, LdRequest *request);
void ld_server_handle_metrics        (LdServer *server, LdRequest *request);
void ld_server_handle_openapi        (LdServer *server, LdRequest *request);
void ld_server_handle_products       (LdServer *server, LdRequest *request);
void ld_server_handle_outbox         (LdServer *server, LdRequest *request);

/* ld-server-config.c */
void ld_server_handle_get_config     (LdServer *server, LdRequest *request);
void ld_server_handle_put_config     (LdServer *server, LdRequest *request);

/* ld-server-calls.c */
void ld_server_handle_start_call     (LdServer *server, LdRequest *request);
void ld_server_handle_get_call       (LdServer *server, LdRequest *request);
void ld_server_handle_list_calls     (LdServer *server, LdRequest *request);
void ld_server_handle_end_call       (LdServer *server, LdRequest *request);

/* ld-server-members.c */
void ld_server_handle_search_members (LdServer *server, LdRequest *request);
void ld_server_handle_get_member     (LdServer *server, LdRequest *request);
void ld_server_handle_purchases      (LdServer *server, LdRequest *request);
void ld_server_handle_operations     (LdServer *server, LdRequest *request);
void ld_server_handle_messages       (LdServer *server, LdRequest *request);
void ld_server_handle_actions        (LdServer *server, LdRequest *request);
void ld_server_handle_favorites      (LdServer *server, LdRequest *request);
void ld_server_handle_favorites_history (LdServer *server, LdRequest *request);
void ld_server_handle_subscriptions  (LdServer *server, LdRequest *request);

/* ld-server-removal.c */
void ld_server_handle_remove_member  (LdServer *server, LdRequest *request);

/* ld-server-preferences.c */
void ld_server_handle_update_subscriptions (LdServer *server, LdRequest *request);
void ld_server_handle_update_favorites     (LdServer *server, LdRequest *request);

/* ld-server-accounts.c */
void ld_server_handle_block_member   (LdServer *server, LdRequest *request);
void ld_server_handle_unblock_member (LdServer *server, LdRequest *request);
void ld_server_handle_member_status  (LdServer *server, LdRequest *request);
void ld_server_handle_merge_members  (LdServer *server, LdRequest *request);

/* ld-server-cards.c */
void ld_server_handle_get_card       (LdServer *server, LdRequest *request);
void ld_server_handle_list_cards     (LdServer *server, LdRequest *request);
void ld_server_handle_link_card      (LdServer *server, LdRequest *request);
void ld_server_handle_block_card     (LdServer *server, LdRequest *request);
void ld_server_handle_unblock_card   (LdServer *server, LdRequest *request);
void ld_server_handle_replace_card   (LdServer *server, LdRequest *request);
void ld_server_handle_change_card_category (LdServer *server, LdRequest *request);
void ld_server_handle_delete_card    (LdServer *server, LdRequest *request);
void ld_server_handle_restore_card   (LdServer *server, LdRequest *request);

/* ld-server-member-data.c */
void ld_server_handle_update_member        (LdServer *server, LdRequest *request);
void ld_server_handle_identify_member      (LdServer *server, LdRequest *request);
void ld_server_handle_change_member_email  (LdServer *server, LdRequest *request);
void ld_server_handle_member_phone_code    (LdServer *server, LdRequest *request);
void ld_server_handle_change_member_phone  (LdServer *server, LdRequest *request);
void ld_server_handle_send_member_password (LdServer *server, LdRequest *request);

/* ld-server-registrations.c; the password and completion in ld-server-registrations-complete.c */
void ld_server_handle_start_registration        (LdServer *server, LdRequest *request);
void ld_server_handle_list_registrations        (LdServer *server, LdRequest *request);
void ld_server_handle_get_registration          (LdServer *server, LdRequest *request);
void ld_server_handle_cancel_registration       (LdServer *server, LdRequest *request);
void ld_server_handle_registration_card         (LdServer *server, LdRequest *request);
void ld_server_handle_registration_send_code    (LdServer *server, LdRequest *request);
void ld_server_handle_registration_confirm      (LdServer *server, LdRequest *request);
void ld_server_handle_registration_skip_phone   (LdServer *server, LdRequest *request);
void ld_server_handle_registration_virtual_card (LdServer *server, LdRequest *request);
void ld_server_handle_registration_email        (LdServer *server, LdRequest *request);
void ld_server_handle_registration_consent      (LdServer *server, LdRequest *request);
void ld_server_handle_registration_password     (LdServer *server, LdRequest *request);
void ld_server_handle_registration_complete     (LdServer *server, LdRequest *request);

G_END_DECLS

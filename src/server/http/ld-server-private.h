/* ld-server-private.h — what LdServer's handler files share: the request and the routes
 *
 * A route is declared once (method, pattern, right, handler) in the table of
 * ld-server.c; by the time a handler runs, the path parameters are parsed, the query
 * names checked, the operator authenticated, the right checked and the body parsed.
 * A handler validates its input, calls LdStorage and answers exactly once with one of
 * the ld_request_respond_*() functions (possibly later, after ld_request_pause()).
 */
#pragma once

#include <libsoup/soup.h>

#include "ld-login-throttle.h"
#include "ld-server.h"
#include "ld-storage.h"
#include "ld-validate.h"

G_BEGIN_DECLS

typedef struct _LdRequest LdRequest;
typedef struct _LdRoute   LdRoute;
typedef struct _LdSession LdSession;

typedef void (*LdRouteHandler) (LdServer  *server,
                                LdRequest *request);

typedef enum
{
  LD_ROUTE_FLAGS_NONE   = 0,
  LD_ROUTE_FLAGS_PUBLIC = 1 << 0,  /* no session needed (login, healthz, metrics) */
  LD_ROUTE_FLAGS_QUIET  = 1 << 1,  /* not in the request log (healthz: the benchmark's baseline) */
} LdRouteFlags;

struct _LdRoute
{
  const char          *method;
  const char          *pattern;   /* the whole path, e.g. "/api/v1/members/{id}": {id} is a positive int64, {number} a card number */
  const char          *right;     /* (nullable) the right the operator needs */
  const char * const  *query;     /* (nullable) the query parameters it understands */
  LdRouteFlags         flags;
  LdRouteHandler       handler;
};

struct _LdRequest
{
  LdServer          *server;
  SoupServerMessage *msg;
  const LdRoute     *route;
  const char        *route_label;   /* what logs and metrics show: the full pattern */
  GHashTable        *query;         /* (nullable) name → value */
  gint64             id;            /* {id}, 0 when the route has none */
  char              *number;        /* {number}, normalised; NULL when the route has none */
  JsonObject        *body;          /* the request's JSON object; NULL without a body */
  LdSession         *session;       /* NULL on public routes; holds op and rights */
  LdOperatorRecord  *op;            /* (transfer none) NULL on public routes */
  char             **rights;        /* (transfer none) the operator's effective rights */
  char              *token_hash;    /* SHA-256 of the bearer token */
  char              *idempotency_key;
  gint64             started;       /* monotonic µs */
  guint              answered : 1;
  guint              paused : 1;
};

/* wipes @secret (nullable) with sodium_memzero, then frees it */
void         ld_server_free_secret      (char        *secret);

/* ---- answering (each frees or finishes the request as needed; call exactly one, once);
 * ld_request_respond_error() translates its format itself: pass it N_("…") */
void         ld_request_respond_json    (LdRequest   *request,
                                         guint        status,
                                         JsonNode    *node);
void         ld_request_respond_object  (LdRequest   *request,
                                         guint        status,
                                         JsonObject  *object);
void         ld_request_respond_text    (LdRequest   *request,
                                         guint        status,
                                         const char  *content_type,
                                         char        *text);
void         ld_request_respond_static  (LdRequest   *request,
                                         guint        status,
                                         const char  *content_type,
                                         const char  *text);
void         ld_request_respond_error   (LdRequest   *request,
                                         guint        status,
                                         const char  *code,
                                         const char  *field,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* {"error":{code, message, details}}: @message a msgid (translated) or a made message;
 * takes @details (nullable) */
void         ld_request_respond_problem (LdRequest   *request,
                                         guint        status,
                                         const char  *code,
                                         JsonObject  *details,
                                         const char  *message);
/* @msgid in the request's language (Accept-Language), else the server's */
const char  *ld_request_translate       (LdRequest   *request,
                                         const char  *msgid);
/* the same for a printf format; a translation with other conversions is not used */
const char  *ld_request_translate_format (LdRequest  *request,
                                          const char *format) G_GNUC_FORMAT (2);
/* an LdTranslateFunc (ld-validate.h) that does ld_request_translate_format() for the
 * LdRequest in @user_data: the core's validation messages in the request's language */
const char  *ld_request_translate_cb    (const char  *msgid,
                                         gpointer     user_data);
/* an LD_ERROR (or any other, as 500); @field (nullable) goes into details.field */
void         ld_request_respond_gerror  (LdRequest    *request,
                                         const GError *error,
                                         const char   *field);
/* a storage call's result: @answer with @status, or @error when @answer is %NULL */
void         ld_request_respond_answer  (LdRequest    *request,
                                         guint         status,
                                         JsonObject   *answer,
                                         const GError *error);
/* the handler answers later, from a callback on the main loop */
void         ld_request_pause           (LdRequest   *request);

/* ---- a password's slow work (argon2) in a thread while its request waits */
typedef struct
{
  LdRequest      *request;      /* paused; the callback sets it to NULL and answers it */
  gpointer        record;       /* the operator or draft the password is for */
  GDestroyNotify  record_free;
  char           *password;     /* wiped when the work is freed */
} LdPasswordWork;

/* pauses @request and runs @thread_func in a thread with an LdPasswordWork as the task
 * data (the server is the source object); takes @record and @password */
void         ld_request_run_password_work (LdRequest           *request,
                                           gpointer             source_tag,
                                           gpointer             record,
                                           GDestroyNotify       record_free,
                                           char                *password,
                                           GTaskThreadFunc      thread_func,
                                           GAsyncReadyCallback  callback);

/* ---- query parameters; each answers FALSE after answering 400 itself */
const char  *ld_request_get_query       (LdRequest   *request,
                                         const char  *name);
gboolean     ld_request_get_page        (LdRequest     *request,
                                         LdPageRequest *page);
gboolean     ld_request_get_choice      (LdRequest          *request,
                                         const char         *name,
                                         const char * const *choices,
                                         const char         *defval,
                                         const char        **out);

/* ---- members of the JSON body; each answers FALSE (NULL) after answering itself */
/* a string member (missing or null: NULL); 400 when it is something else */
gboolean     ld_request_get_body_string (LdRequest    *request,
                                         const char   *member,
                                         const char  **out);
/* a boolean member (missing or null: @defval); 400 when it is something else */
gboolean     ld_request_get_body_bool   (LdRequest    *request,
                                         const char   *member,
                                         gboolean      defval,
                                         gboolean     *out);
/* a member the request's shape makes required (DESIGN.md's Shapes): missing or null is
 * 422 invalid_field with details.field naming it; a boolean of the wrong type stays 400 */
gboolean     ld_request_require_body_member (LdRequest  *request,
                                             const char *member);
gboolean     ld_request_require_body_bool (LdRequest  *request,
                                           const char *member,
                                           gboolean   *out);
/* the string member @member that must be given, as @normalize (a _full function of
 * ld-validate.h, its message in the request's language) makes it; 422 @missing (a
 * msgid) when it is empty or missing → (transfer full) */
typedef char * (*LdNormalizeFunc) (const char       *input,
                                   LdTranslateFunc   translate,
                                   gpointer          user_data,
                                   GError          **error);
char        *ld_request_get_body_normalized (LdRequest       *request,
                                             const char      *member,
                                             LdNormalizeFunc  normalize,
                                             const char      *missing);
/* the query parameter @name as @normalize makes it into *@out (transfer full), NULL when
 * it is missing or empty; FALSE after answering 422 with the core's message */
gboolean     ld_request_get_query_normalized (LdRequest       *request,
                                              const char      *name,
                                              LdNormalizeFunc  normalize,
                                              char           **out);

/* ---- the route table, for the test that checks it against openapi.json */
const LdRoute *ld_server_get_routes     (guint       *n_routes);

/* ---- helpers for handlers */
/* failed sign-ins per source address (ld-server-auth.c) */
LdLoginThrottle *ld_server_get_login_throttle (LdServer *self);
/* makes the stand-in password hash of unknown logins, once per process (needs sodium_init) */
void         ld_server_prepare_login    (void);
/* drops a session from the server's cache (logout) */
void         ld_server_forget_session   (LdServer    *self,
                                         const char  *token_hash);
JsonObject  *ld_operator_record_to_json (LdOperatorRecord   *record,
                                         const char * const *rights);
char        *ld_format_time             (gint64       unix_seconds);

/* ---- the handlers, by file */
/* ld-server-auth.c */
void ld_server_handle_login          (LdServer *server, LdRequest *request);
void ld_server_handle_logout         (LdServer *server, LdRequest *request);
void ld_server_handle_me             (LdServer *server, LdRequest *request);

/* ld-server-system.c */
void ld_server_handle_healthz        (LdServer *server, LdRequest *request);
void ld_server_handle_metrics        (LdServer *server, LdRequest *request);
void ld_server_handle_openapi        (LdServer *server, LdRequest *request);
void ld_server_handle_get_config     (LdServer *server, LdRequest *request);
void ld_server_handle_put_config     (LdServer *server, LdRequest *request);
void ld_server_handle_start_call     (LdServer *server, LdRequest *request);
void ld_server_handle_products       (LdServer *server, LdRequest *request);
void ld_server_handle_outbox         (LdServer *server, LdRequest *request);

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
void ld_server_handle_get_card       (LdServer *server, LdRequest *request);
void ld_server_handle_list_cards     (LdServer *server, LdRequest *request);

/* ld-server-cards.c */
void ld_server_handle_link_card      (LdServer *server, LdRequest *request);

/* ld-server-registrations.c */
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
void ld_server_handle_get_call                  (LdServer *server, LdRequest *request);
void ld_server_handle_end_call                  (LdServer *server, LdRequest *request);

G_END_DECLS

/* ld-request.h — one request as a handler sees it, and the only ways to answer it
 *
 * By the time a handler runs, the dispatcher (ld-server.c) has filled the request: the
 * route, its path parameters, the query, the session and the JSON body. The handler
 * answers exactly once with one of the ld_request_respond_*() functions (possibly later,
 * after ld_request_pause()); a getter that finds the input wrong answers 400 or 422
 * itself and returns FALSE (or NULL), so the handler just returns. Every message is
 * translated by the request's Accept-Language.
 *
 * A detached request (ld_request_new_detached()) has no connection: it keeps its answer
 * for ld_request_get_answer(), which lets a unit test drive the getters and the router.
 */
#pragma once

#include <libsoup/soup.h>

#include "ld-server.h"
#include "ld-session-cache.h"
#include "ld-storage.h"
#include "ld-translations.h"
#include "ld-validate.h"

G_BEGIN_DECLS

typedef struct _LdRequest LdRequest;
typedef struct _LdRoute   LdRoute;   /* ld-router.h */

struct _LdRequest
{
  LdServer           *server;        /* NULL when detached */
  SoupServerMessage  *msg;           /* NULL when detached */
  const char         *method;
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *response_headers;
  LdTranslations     *translations;  /* (nullable) the catalogs Accept-Language picks from */
  const LdRoute      *route;
  const char         *route_label;   /* what logs and metrics show: the full pattern */
  GHashTable         *query;         /* (nullable) name → value */
  gint64              id;            /* {id}, 0 when the route has none */
  char               *number;        /* {number}, normalised; NULL when the route has none */
  JsonObject         *body;          /* the request's JSON object; NULL without a body */
  LdSession          *session;       /* NULL on public routes; holds op and rights */
  LdOperatorRecord   *op;            /* (transfer none) NULL on public routes */
  char              **rights;        /* (transfer none) the operator's effective rights */
  char               *token_hash;    /* SHA-256 of the bearer token */
  char               *idempotency_key; /* kept with the answer; a handler may drop it */
  char               *idempotency_claim; /* the key claimed in storage until answered */
  gint64              started;       /* monotonic µs */
  guint               status;        /* the answer's, once answered */
  char               *answer;        /* a detached request's answer */
  guint               answered : 1;
  guint               paused : 1;
};

/* ---- the request's life (the dispatcher's part) */
/* notes on @msg when its headers arrived: the request's duration counts from then */
void         ld_request_mark_started    (SoupServerMessage  *msg);
LdRequest   *ld_request_new             (LdServer           *server,
                                         SoupServerMessage  *msg);
/* a request without a connection, for tests: @translations and @request_headers
 * (both nullable) are referenced; its answer is kept for ld_request_get_answer() */
LdRequest   *ld_request_new_detached    (LdTranslations     *translations,
                                         const char         *method,
                                         SoupMessageHeaders *request_headers);
void         ld_request_free            (LdRequest          *request);
/* a detached request's answer body (NULL before it is answered) and *@status */
const char  *ld_request_get_answer      (LdRequest          *request,
                                         guint              *status);
/* @bytes (the whole body, nullable) as request->body: no body is an empty object; a body
 * must be "Content-Type: application/json" (415) and one JSON object (400); FALSE after
 * answering */
gboolean     ld_request_parse_body      (LdRequest          *request,
                                         GBytes             *bytes);

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
/* the same with @message as it is (translated already); @field (nullable) */
void         ld_request_respond_error_literal (LdRequest  *request,
                                               guint       status,
                                               const char *code,
                                               const char *field,
                                               const char *message);
/* @name (a client's parameter or field name) fit to be quoted in an error message: valid
 * UTF-8 and at most 64 bytes, so a bad name cannot swell or break the answer */
char        *ld_request_shown_name      (const char  *name);
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
/* the same with @answer JSON text (taken): 200 with it, or @error when it is %NULL */
void         ld_request_respond_answer_text (LdRequest    *request,
                                             char         *answer,
                                             const GError *error);
/* whether the operator holds @right (FALSE on a public route) */
gboolean     ld_request_has_right       (LdRequest   *request,
                                         const char  *right);
/* 403 forbidden, naming the @right the operator lacks */
void         ld_request_respond_forbidden (LdRequest  *request,
                                           const char *right);
/* the handler answers later, from a callback on the main loop (not when detached) */
void         ld_request_pause           (LdRequest   *request);

/* answers 200 with the JSON text @read gives (its error otherwise): on the server's read
 * pool while the request waits, paused, when the server has one, else at once on its
 * storage; @data_free (nullable) frees @data after */
void         ld_request_respond_read    (LdRequest          *request,
                                         LdStorageReadKind   kind,
                                         LdStorageReadFunc   read,
                                         gpointer            data,
                                         GDestroyNotify      data_free);

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

/* the If-Match header: the version (bare, quoted or W/) the client saw, 0 when there is
 * none; FALSE after answering 400 with @malformed (a msgid: whose version it is) */
gboolean     ld_request_get_if_match    (LdRequest   *request,
                                         const char  *malformed,
                                         gint64      *version);

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRequest, ld_request_free)

G_END_DECLS

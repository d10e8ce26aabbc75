/* ld-server.c — LdServer: a SoupServer with one route table, sessions, rights and errors
 *
 * Every request goes through ld_server_dispatch_cb(): the route is found in the table
 * (404 or 405 in the contract's JSON shape otherwise), its path parameters are parsed
 * strictly, its query names checked, the bearer token turned into an operator, the
 * route's right checked, the JSON body parsed and a repeated Idempotency-Key answered
 * from storage, all before the route's handler runs. Whatever the outcome, the answer
 * is JSON, counted in the metrics and logged with the route's pattern (never the raw
 * path or query, which may hold a phone number or a card number).
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-connection-guard.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-login-throttle.h"
#include "ld-metrics.h"
#include "ld-rights.h"
#include "ld-server-private.h"
#include "ld-server.h"
#include "ld-storage.h"
#include "ld-translations.h"
#include "ld-validate.h"

#define API "/api/v1"
#define MAX_IDEMPOTENCY_KEY 255
#define MAX_TOKEN 256
/* a session read from storage is trusted for this long before it is read again, so a
 * logout or a change of rights made through another server instance takes effect
 * within it (one made through this instance takes effect at once) */
#define SESSION_CACHE_USEC (5 * G_USEC_PER_SEC)
#define SESSION_CACHE_MAX 10000
/* connections the kernel may complete before the server accepts them (capped by the
 * system's net.core.somaxconn) */
#define LISTEN_BACKLOG 1024

struct _LdSession
{
  LdOperatorRecord *op;
  char            **rights;
  gint64            expires_at;   /* unix seconds */
  gint64            checked_at;   /* monotonic µs */
};

struct _LdServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  LdStorage       *storage;
  GTlsCertificate *certificate;
  LdMetrics       *metrics;
  LdTranslations  *translations;

  GPtrArray       *patterns;      /* one GStrv of segments per route */
  GHashTable      *sessions;      /* token hash → LdSession, a short-lived cache */
  gint64           session_ttl;
  gboolean         log_requests;
  LdLoginThrottle *login_throttle; /* failed sign-ins per source address */

  GSource         *flush_source;  /* uncorks answered connections before the loop sleeps */

  LdConnectionGuard *guard;       /* closes stalled, idle and client-closed connections */
  GBytes          *malformed_answer; /* the body of an answer libsoup makes itself */
};

enum {
  PROP_0,
  PROP_STORAGE,
  PROP_TLS_CERTIFICATE,
  PROP_SESSION_TTL,
  PROP_LOG_REQUESTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdServer, ld_server, G_TYPE_OBJECT)

static GQuark started_quark;
static GQuark refused_quark;

/* ---- the route table: each route's right is declared here and only here */

static const char * const no_query[] = { NULL };
static const char * const page_query[] = { "limit", "cursor", NULL };
static const char * const search_query[] = {
  "phone", "card", "email", "name", "birth_date", "q", "limit", "cursor", NULL
};
static const char * const cards_query[] = { "state", "limit", "cursor", NULL };
static const char * const purchases_query[] = {
  "sort", "order", "status", "receipt", "limit", "cursor", NULL
};
static const char * const operations_query[] = { "sort", "order", "card", "limit", "cursor", NULL };
static const char * const messages_query[] = {
  "from", "to", "status", "channel", "limit", "cursor", NULL
};
static const char * const products_query[] = { "q", "limit", "cursor", NULL };
static const char * const outbox_query[] = { "phone", "limit", "cursor", NULL };

static const LdRoute routes[] = {
  { "GET",  "/healthz",       NULL, no_query, LD_ROUTE_FLAGS_PUBLIC | LD_ROUTE_FLAGS_QUIET, ld_server_handle_healthz },
  { "GET",  API "/healthz",   NULL, no_query, LD_ROUTE_FLAGS_PUBLIC | LD_ROUTE_FLAGS_QUIET, ld_server_handle_healthz },
  { "GET",  "/metrics",       NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_metrics },
  { "GET",  API "/metrics",   NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_metrics },

  { "GET",  API "/openapi.json", NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_openapi },

  { "POST", API "/auth/login",  NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_login },
  { "POST", API "/auth/logout", NULL, no_query, 0, ld_server_handle_logout },
  { "GET",  API "/me",          NULL, no_query, 0, ld_server_handle_me },

  { "GET",  API "/config", NULL,                  no_query, 0, ld_server_handle_get_config },
  { "PUT",  API "/config", LD_RIGHT_CONFIG_EDIT,  no_query, 0, ld_server_handle_put_config },

  { "POST", API "/calls",  NULL, no_query, 0, ld_server_handle_start_call },
  { "GET",  API "/calls/{id}",     NULL,               no_query, 0, ld_server_handle_get_call },
  { "POST", API "/calls/{id}/end", LD_RIGHT_CALL_END,  no_query, 0, ld_server_handle_end_call },

  { "POST",   API "/registrations",                       LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_start_registration },
  { "GET",    API "/registrations",                       LD_RIGHT_MEMBER_REGISTER, outbox_query, 0, ld_server_handle_list_registrations },
  { "GET",    API "/registrations/{id}",                  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_get_registration },
  { "DELETE", API "/registrations/{id}",                  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_cancel_registration },
  { "POST",   API "/registrations/{id}/card",             LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_card },
  { "POST",   API "/registrations/{id}/phone/send-code",  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_send_code },
  { "POST",   API "/registrations/{id}/phone/confirm",    LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_confirm },
  { "POST",   API "/registrations/{id}/phone/skip",       LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_skip_phone },
  { "POST",   API "/registrations/{id}/virtual-card",     LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_virtual_card },
  { "POST",   API "/registrations/{id}/email",            LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_email },
  { "POST",   API "/registrations/{id}/consent",          LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_consent },
  { "POST",   API "/registrations/{id}/password",         LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_password },
  { "POST",   API "/registrations/{id}/complete",         LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_complete },

  { "GET",  API "/members",                             LD_RIGHT_MEMBER_SEARCH, search_query,     0, ld_server_handle_search_members },
  { "GET",  API "/members/{id}",                        LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_get_member },
  { "GET",  API "/members/{id}/purchases",              LD_RIGHT_MEMBER_VIEW,   purchases_query,  0, ld_server_handle_purchases },
  { "GET",  API "/members/{id}/operations",             LD_RIGHT_MEMBER_VIEW,   operations_query, 0, ld_server_handle_operations },
  { "GET",  API "/members/{id}/messages",               LD_RIGHT_MEMBER_VIEW,   messages_query,   0, ld_server_handle_messages },
  { "GET",  API "/members/{id}/actions",                LD_RIGHT_MEMBER_VIEW,   page_query,       0, ld_server_handle_actions },
  { "GET",  API "/members/{id}/favorites",              LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_favorites },
  { "GET",  API "/members/{id}/favorites/history",      LD_RIGHT_MEMBER_VIEW,   page_query,       0, ld_server_handle_favorites_history },
  { "GET",  API "/members/{id}/subscriptions",          LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_subscriptions },
  { "POST", API "/members/{id}/cards",                  LD_RIGHT_CARD_LINK,     no_query,         0, ld_server_handle_link_card },

  { "GET",  API "/cards",          LD_RIGHT_CARD_LINK,   cards_query, 0, ld_server_handle_list_cards },
  { "GET",  API "/cards/{number}", LD_RIGHT_MEMBER_VIEW, no_query,    0, ld_server_handle_get_card },

  { "GET",  API "/products", LD_RIGHT_MEMBER_VIEW, products_query, 0, ld_server_handle_products },
  { "GET",  API "/outbox",   LD_RIGHT_OUTBOX_VIEW, outbox_query,   0, ld_server_handle_outbox },
};

/**
 * ld_server_get_routes:
 * @n_routes: (out): the number of routes
 *
 * Returns: (transfer none): every route the server answers
 */
const LdRoute *
ld_server_get_routes (guint *n_routes)
{
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* ---- sessions */

static void
ld_session_clear (gpointer data)
{
  LdSession *session = data;

  g_clear_pointer (&session->op, ld_operator_record_free);
  g_clear_pointer (&session->rights, g_strfreev);
}

static void
ld_session_unref (gpointer data)
{
  g_rc_box_release_full (data, ld_session_clear);
}

void
ld_server_forget_session (LdServer   *self,
                          const char *token_hash)
{
  g_return_if_fail (LD_IS_SERVER (self));

  if (token_hash != NULL)
    g_hash_table_remove (self->sessions, token_hash);
}

/* ---- the request */

static void
ld_request_free (LdRequest *request)
{
  g_clear_object (&request->msg);
  g_clear_pointer (&request->number, g_free);
  g_clear_pointer (&request->body, json_object_unref);
  g_clear_pointer (&request->session, ld_session_unref);
  g_clear_pointer (&request->token_hash, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->server);
  g_free (request);
}

static gboolean
method_is_mutating (const char *method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") ||
         g_str_equal (method, "PATCH") || g_str_equal (method, "DELETE");
}

static void
ld_server_log_request (LdServer   *self,
                       const char *method,
                       const char *route,
                       guint       status,
                       gint64      duration_usec)
{
  /* one line per request: built with one printf, without GLib parsing a format */
  gint64 tenths = (MAX (duration_usec, 0) + 50) / 100;
  char status_text[16];
  char duration[32];
  char message[512];
  const GLogField fields[] = {
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "PRIORITY", "6", -1 },   /* LOG_INFO */
    { "METHOD", method, -1 },
    { "PATH", route, -1 },
    { "STATUS", status_text, -1 },
    { "DURATION_MS", duration, -1 },
    { "MESSAGE", message, -1 },
  };

  g_snprintf (status_text, sizeof status_text, "%u", status);
  g_snprintf (duration, sizeof duration, "%" G_GINT64_FORMAT ".%d", tenths / 10, (int) (tenths % 10));
  g_snprintf (message, sizeof message, "%s %s %s %sms", method, route, status_text, duration);

  g_log_structured_array (G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields));
}

/* a method as logs and metrics name it: clients may send any token, and each would make
 * a new series */
static const char *
method_label (const char *method)
{
  static const char * const known[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", NULL };

  for (guint i = 0; known[i] != NULL; i++)
    if (g_strcmp0 (method, known[i]) == 0)
      return known[i];
  return "OTHER";
}

/* counts, logs, stores the answer of an idempotent request, resumes a paused one */
static void
ld_request_finish (LdRequest  *request,
                   guint       status,
                   const char *body,
                   gsize       length)
{
  LdServer *self = request->server;
  const char *method = soup_server_message_get_method (request->msg);
  gint64 duration = g_get_monotonic_time () - request->started;

  g_assert (!request->answered);
  request->answered = TRUE;

  if (request->idempotency_key != NULL && request->op != NULL && status < 500 && body != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strndup (body, length);
      const char *path = g_uri_get_path (soup_server_message_get_uri (request->msg));

      if (!ld_storage_idempotency_store (self->storage, request->op->id,
                                         request->idempotency_key, method, path,
                                         status, text, &error))
        g_message ("Could not keep the answer of an idempotent request: %s", error->message);
    }

  ld_metrics_record (self->metrics, method_label (method), request->route_label, status, duration);
  if (self->log_requests && (request->route == NULL || !(request->route->flags & LD_ROUTE_FLAGS_QUIET)))
    ld_server_log_request (self, method_label (method), request->route_label, status, duration);

  if (request->paused)
    {
      soup_server_message_unpause (request->msg);
      ld_request_free (request);
    }
}

static void
set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

/* sends @text (owned as @use says) with the headers every answer carries */
static void
respond_body (LdRequest     *request,
              guint          status,
              const char    *content_type,
              SoupMemoryUse  use,
              const char    *text)
{
  gsize length;

  g_assert (request != NULL);
  g_assert (text != NULL);

  length = strlen (text);
  set_common_headers (request->msg);
  soup_server_message_set_status (request->msg, status, NULL);
  /* set_response() appends: the body holds the fallback error of request-started */
  soup_message_body_truncate (soup_server_message_get_response_body (request->msg));
  soup_server_message_set_response (request->msg, content_type, use, text, length);
  ld_request_finish (request, status, text, length);
}

void
ld_request_respond_text (LdRequest  *request,
                         guint       status,
                         const char *content_type,
                         char       *text)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (text != NULL);

  /* the body now belongs to the message, which outlives this call */
  respond_body (request, status, content_type, SOUP_MEMORY_TAKE, text);
}

void
ld_request_respond_static (LdRequest  *request,
                           guint       status,
                           const char *content_type,
                           const char *text)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (text != NULL);

  respond_body (request, status, content_type, SOUP_MEMORY_STATIC, text);
}

void
ld_request_respond_json (LdRequest *request,
                         guint      status,
                         JsonNode  *node)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (node != NULL);

  ld_request_respond_text (request, status, "application/json", ld_json_to_string (node, FALSE));
}

void
ld_request_respond_object (LdRequest  *request,
                           guint       status,
                           JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (object != NULL);

  node = json_node_init_object (json_node_alloc (), object);
  ld_request_respond_json (request, status, node);
}

/* {"error":{code, message, details}} with @message as it is; takes @details (nullable) */
static void
ld_request_respond_error_object (LdRequest  *request,
                                 guint       status,
                                 const char *code,
                                 JsonObject *details,
                                 const char *message)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (details != NULL)
    json_object_set_object_member (error, "details", details);
  json_object_set_object_member (root, "error", error);
  ld_request_respond_object (request, status, root);
}

static void
ld_request_respond_error_literal (LdRequest  *request,
                                  guint       status,
                                  const char *code,
                                  const char *field,
                                  const char *message)
{
  JsonObject *details = NULL;

  if (field != NULL)
    {
      details = json_object_new ();
      json_object_set_string_member (details, "field", field);
    }
  ld_request_respond_error_object (request, status, code, details, message);
}

/* wipes a password (or any secret string) before its memory goes back */
void
ld_server_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* @answer with @status, or, when it is %NULL, @error as ld_request_respond_gerror() does */
void
ld_request_respond_answer (LdRequest    *request,
                           guint         status,
                           JsonObject   *answer,
                           const GError *error)
{
  g_return_if_fail (request != NULL);

  if (answer == NULL)
    ld_request_respond_gerror (request, error, NULL);
  else
    ld_request_respond_object (request, status, answer);
}

/* {"error":{code, message, details}}; @message is a msgid, translated, or a
 * message made already, which passes unchanged; takes @details (nullable) */
void
ld_request_respond_problem (LdRequest  *request,
                            guint       status,
                            const char *code,
                            JsonObject *details,
                            const char *message)
{
  g_return_if_fail (request != NULL);

  ld_request_respond_error_object (request, status, code, details, ld_request_translate (request, message));
}

/* the request's Accept-Language picks the catalog; without one, the server's locale.
 * A @format's translation is used only with the same conversions. */
static const char *
ld_request_lookup (LdRequest  *request,
                   const char *msgid,
                   gboolean    format)
{
  const char *accept_language;

  g_return_val_if_fail (request != NULL, msgid);
  g_return_val_if_fail (msgid != NULL, msgid);

  accept_language = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                                  "Accept-Language");
  if (accept_language == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  if (format)
    return ld_translations_lookup_format (request->server->translations, accept_language, msgid);
  return ld_translations_lookup (request->server->translations, accept_language, msgid);
}

const char *
ld_request_translate_format (LdRequest  *request,
                             const char *format)
{
  return ld_request_lookup (request, format, TRUE);
}

const char *
ld_request_translate (LdRequest  *request,
                      const char *msgid)
{
  return ld_request_lookup (request, msgid, FALSE);
}

const char *
ld_request_translate_cb (const char *msgid,
                         gpointer    user_data)
{
  g_assert (user_data != NULL);

  return ld_request_translate_format (user_data, msgid);
}

void
ld_request_respond_error (LdRequest  *request,
                          guint       status,
                          const char *code,
                          const char *field,
                          const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (request != NULL);
  g_return_if_fail (code != NULL);
  g_return_if_fail (format != NULL);

  format = ld_request_translate_format (request, format);
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ld_request_respond_error_literal (request, status, code, field, message);
}

void
ld_request_respond_gerror (LdRequest    *request,
                           const GError *error,
                           const char   *field)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (error != NULL);

  if (error->domain != LD_ERROR || error->code == LD_ERROR_FAILED || error->code == LD_ERROR_STORAGE)
    {
      /* the details stay in the server's log; the caller learns only that it failed */
      g_message ("%s %s: %s", soup_server_message_get_method (request->msg),
                 request->route_label, error->message);
      ld_request_respond_error_literal (request, 500, "internal", NULL,
                                        ld_request_translate (request, N_("The server could not do this. Try again later.")));
      return;
    }

  if (field == NULL && error->code == LD_ERROR_MALFORMED && request->route != NULL &&
      g_strv_contains (request->route->query, "cursor"))
    field = "cursor";

  ld_request_respond_error_literal (request,
                                    ld_error_to_http_status (error->code),
                                    ld_error_to_code (error->code),
                                    (error->code == LD_ERROR_INVALID_FIELD || error->code == LD_ERROR_MALFORMED) ? field : NULL,
                                    error->message);
}

void
ld_request_pause (LdRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (!request->paused);

  request->paused = TRUE;
  soup_server_message_pause (request->msg);
}

static void
ld_password_work_free (gpointer data)
{
  LdPasswordWork *work = data;

  /* a request still paused here means the task never completed: nothing to answer */
  if (work->record != NULL)
    work->record_free (work->record);
  ld_server_free_secret (work->password);
  g_free (work);
}

void
ld_request_run_password_work (LdRequest           *request,
                              gpointer             source_tag,
                              gpointer             record,
                              GDestroyNotify       record_free,
                              char                *password,
                              GTaskThreadFunc      thread_func,
                              GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = NULL;
  LdPasswordWork *work;

  g_return_if_fail (request != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (password != NULL);

  work = g_new0 (LdPasswordWork, 1);
  work->request = request;
  work->record = record;
  work->record_free = record_free;
  work->password = password;

  task = g_task_new (request->server, NULL, callback, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, work, ld_password_work_free);

  ld_request_pause (request);
  g_task_run_in_thread (task, thread_func);
}

const char *
ld_request_get_query (LdRequest  *request,
                      const char *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (request->query == NULL)
    return NULL;
  return g_hash_table_lookup (request->query, name);
}

gboolean
ld_request_get_body_string (LdRequest   *request,
                            const char  *member,
                            const char **out)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (!ld_json_get_string (request->body, member, NULL, out))
    {
      ld_request_respond_error (request, 400, "malformed", member, N_("“%s” must be a string."), member);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_request_get_body_bool (LdRequest  *request,
                          const char *member,
                          gboolean    defval,
                          gboolean   *out)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (!ld_json_get_bool (request->body, member, defval, out))
    {
      ld_request_respond_error (request, 400, "malformed", member, N_("“%s” must be true or false."), member);
      return FALSE;
    }
  return TRUE;
}

/* a member the shape makes required: missing and null both answer 422 naming it */
gboolean
ld_request_require_body_member (LdRequest  *request,
                                const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = request->body != NULL ? json_object_get_member (request->body, member) : NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      ld_request_respond_error (request, 422, "invalid_field", member,
                                N_("“%s” is required and cannot be null."), member);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_request_require_body_bool (LdRequest  *request,
                              const char *member,
                              gboolean   *out)
{
  return ld_request_require_body_member (request, member) &&
         ld_request_get_body_bool (request, member, FALSE, out);
}

char *
ld_request_get_body_normalized (LdRequest       *request,
                                const char      *member,
                                LdNormalizeFunc  normalize,
                                const char      *missing)
{
  g_autoptr(GError) error = NULL;
  const char *input = NULL;
  char *normal;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (normalize != NULL, NULL);
  g_return_val_if_fail (missing != NULL, NULL);

  if (!ld_request_get_body_string (request, member, &input))
    return NULL;
  if (input == NULL || input[0] == '\0')
    {
      ld_request_respond_error (request, 422, "invalid_field", member, "%s", ld_request_translate (request, missing));
      return NULL;
    }
  normal = normalize (input, ld_request_translate_cb, request, &error);
  if (normal == NULL)
    ld_request_respond_gerror (request, error, member);
  return normal;
}

gboolean
ld_request_get_query_normalized (LdRequest        *request,
                                 const char       *name,
                                 LdNormalizeFunc   normalize,
                                 char            **out)
{
  g_autoptr(GError) error = NULL;
  const char *input;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (normalize != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  input = ld_request_get_query (request, name);
  if (input == NULL || input[0] == '\0')
    return TRUE;
  *out = normalize (input, ld_request_translate_cb, request, &error);
  if (*out == NULL)
    {
      ld_request_respond_gerror (request, error, name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_request_get_page (LdRequest     *request,
                     LdPageRequest *page)
{
  const char *limit;
  const char *cursor;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  page->limit = 50;
  page->cursor = NULL;

  limit = ld_request_get_query (request, "limit");
  if (limit != NULL)
    {
      guint64 value = 0;
      gboolean digits = limit[0] != '\0' && strlen (limit) <= 3;

      for (const char *p = limit; digits && *p; p++)
        digits = g_ascii_isdigit (*p);
      if (digits)
        value = g_ascii_strtoull (limit, NULL, 10);
      if (!digits || value < 1 || value > 500)
        {
          ld_request_respond_error (request, 400, "malformed", "limit",
                                    N_("The limit must be a whole number from 1 to 500."));
          return FALSE;
        }
      page->limit = value;
    }

  cursor = ld_request_get_query (request, "cursor");
  if (cursor != NULL)
    {
      if (cursor[0] == '\0' || strlen (cursor) > 512)
        {
          ld_request_respond_error (request, 400, "malformed", "cursor",
                                    N_("The cursor is not one this server gave out."));
          return FALSE;
        }
      page->cursor = cursor;
    }

  return TRUE;
}

gboolean
ld_request_get_choice (LdRequest          *request,
                       const char         *name,
                       const char * const *choices,
                       const char         *defval,
                       const char        **out)
{
  const char *value;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (choices != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  value = ld_request_get_query (request, name);
  if (value == NULL)
    {
      *out = defval;
      return TRUE;
    }

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], value))
      {
        *out = choices[i];
        return TRUE;
      }

  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);

    ld_request_respond_error (request, 400, "malformed", name,
                              N_("“%s” must be one of: %s."), name, list);
  }
  return FALSE;
}

/* ---- helpers for handlers */

/**
 * ld_operator_record_to_json:
 *
 * Returns: (transfer full): {id, login, name, role, rights}
 */
JsonObject *
ld_operator_record_to_json (LdOperatorRecord   *record,
                            const char * const *rights)
{
  JsonObject *object;
  JsonArray *array;

  g_return_val_if_fail (record != NULL, NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "id", record->id);
  json_object_set_string_member (object, "login", record->login);
  json_object_set_string_member (object, "name", record->name ? record->name : record->login);
  json_object_set_string_member (object, "role", record->role);

  array = json_array_new ();
  for (guint i = 0; rights != NULL && rights[i] != NULL; i++)
    json_array_add_string_element (array, rights[i]);
  json_object_set_array_member (object, "rights", array);

  return object;
}

/**
 * ld_format_time:
 *
 * Returns: (transfer full): @unix_seconds as RFC 3339 UTC, e.g. 2026-11-23T18:00:00Z
 */
char *
ld_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- routing */

static gboolean
parse_id (const char *segment,
          gint64     *out)
{
  gint64 value = 0;
  gsize length = strlen (segment);

  if (length == 0 || length > 19 || segment[0] == '0')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (segment[i]))
      return FALSE;
  if (!g_ascii_string_to_signed (segment, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

/* the index of the route for @segments and @method, or -1; @allowed collects the methods
 * of the routes with that path (405 rather than 404), @path_index the first of them */
static int
ld_server_find_route (LdServer    *self,
                      const char  *method,
                      char       **segments,
                      GString     *allowed,
                      int         *path_index)
{
  guint n_segments = g_strv_length (segments);
  int found = -1;

  if (path_index != NULL)
    *path_index = -1;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      char **pattern = g_ptr_array_index (self->patterns, i);
      gboolean match = g_strv_length (pattern) == n_segments;

      for (guint s = 0; match && s < n_segments; s++)
        {
          if (pattern[s][0] == '{')
            match = segments[s][0] != '\0';
          else
            match = g_str_equal (pattern[s], segments[s]);
        }
      if (!match)
        continue;

      if (path_index != NULL && *path_index < 0)
        *path_index = i;

      if (g_str_equal (routes[i].method, method))
        {
          if (found < 0)
            found = i;
        }
      else if (allowed != NULL && strstr (allowed->str, routes[i].method) == NULL)
        {
          if (allowed->len > 0)
            g_string_append (allowed, ", ");
          g_string_append (allowed, routes[i].method);
        }
    }

  return found;
}

/* the decoded segments of @path, or NULL when a segment does not decode */
static char **
split_path (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *decoded = NULL;

      if (strchr (raw[i], '%') == NULL)
        {
          g_strv_builder_add (builder, raw[i]);
          continue;
        }
      decoded = g_uri_unescape_segment (raw[i], NULL, "/");
      if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
        return NULL;
      g_strv_builder_add (builder, decoded);
    }

  return g_strv_builder_end (builder);
}

static gboolean
ld_server_parse_path_parameters (LdServer   *self,
                                 LdRequest  *request,
                                 char      **segments,
                                 int         route_index)
{
  char **pattern = g_ptr_array_index (self->patterns, route_index);

  for (guint s = 0; pattern[s] != NULL; s++)
    {
      if (g_str_equal (pattern[s], "{id}"))
        {
          if (!parse_id (segments[s], &request->id))
            {
              ld_request_respond_error (request, 404, "not_found", "id",
                                        N_("Nothing has this id: ids are positive whole numbers."));
              return FALSE;
            }
        }
      else if (g_str_equal (pattern[s], "{number}"))
        {
          request->number = ld_card_number_normalize (segments[s], NULL);
          if (request->number == NULL)
            {
              ld_request_respond_error (request, 404, "not_found", "number",
                                        N_("There is no card with this number: card numbers have 6 to 19 digits."));
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
ld_server_check_query (LdRequest *request)
{
  GHashTableIter iter;
  const char *name;
  const char *value;

  if (request->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (!g_utf8_validate (name, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
        {
          g_autofree char *shown = g_utf8_make_valid (name, MIN (strlen (name), 64));

          ld_request_respond_error (request, 400, "malformed", shown,
                                    N_("The parameter “%s” is not valid UTF-8 text."), shown);
          return FALSE;
        }
      if (!g_strv_contains (request->route->query, name))
        {
          g_autofree char *shown = g_utf8_make_valid (name, MIN (strlen (name), 64));

          ld_request_respond_error (request, 400, "malformed", shown,
                                    N_("This endpoint has no parameter “%s”."), shown);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
token_is_well_formed (const char *token)
{
  gsize length = strlen (token);

  if (length == 0 || length > MAX_TOKEN)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_isalnum (token[i]) || token[i] == '-' || token[i] == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
ld_server_authenticate (LdServer  *self,
                        LdRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  const char *token;
  gint64 expires_at = 0;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "WWW-Authenticate", "Bearer");
      ld_request_respond_error (request, 401, "unauthorized", NULL,
                                N_("Sign in first: this request needs a session."));
      return FALSE;
    }

  token = authorization + 7;
  while (*token == ' ')
    token++;

  if (token_is_well_formed (token))
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      gint64 checked_at = g_get_monotonic_time ();
      LdSession *session;

      request->token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

      session = g_hash_table_lookup (self->sessions, request->token_hash);
      if (session != NULL &&
          (session->expires_at <= now || checked_at - session->checked_at > SESSION_CACHE_USEC))
        {
          g_hash_table_remove (self->sessions, request->token_hash);
          session = NULL;
        }

      if (session == NULL)
        {
          g_autoptr(LdOperatorRecord) op = NULL;

          op = ld_storage_lookup_session (self->storage, request->token_hash, now, &expires_at, &error);
          if (op != NULL)
            {
              session = g_rc_box_new0 (LdSession);
              session->rights = ld_rights_resolve (op->role,
                                                   (const char * const *) op->granted,
                                                   (const char * const *) op->denied);
              session->op = g_steal_pointer (&op);
              session->expires_at = expires_at;
              session->checked_at = checked_at;
              if (g_hash_table_size (self->sessions) >= SESSION_CACHE_MAX)
                g_hash_table_remove_all (self->sessions);
              g_hash_table_insert (self->sessions, g_strdup (request->token_hash), session);
            }
        }

      if (session != NULL)
        {
          request->session = g_rc_box_acquire (session);
          request->op = session->op;
          request->rights = session->rights;
        }
    }

  if (request->op == NULL)
    {
      if (error != NULL && !g_error_matches (error, LD_ERROR, LD_ERROR_UNAUTHORIZED) &&
          !g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
        {
          ld_request_respond_gerror (request, error, NULL);
          return FALSE;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ld_request_respond_error (request, 401, "unauthorized", NULL,
                                N_("The session has ended or expired. Sign in again."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
ld_server_read_body (LdServer  *self,
                     LdRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *data;
  gsize length = 0;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);

  /* no body at all, whatever its Content-Type says: an empty object, so a route whose
   * body is optional works and one with required members names the first missing */
  if (length == 0)
    {
      request->body = json_object_new ();
      return TRUE;
    }

  /* a body is JSON only when it says so (parameters such as charset aside): a form or
   * text posted here by a browser or a script is refused before it is read */
  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (request->msg), NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      ld_request_respond_error (request, 415, "unsupported_media_type", "Content-Type",
                                N_("The body must be JSON, sent with “Content-Type: application/json”."));
      return FALSE;
    }

  /* the whole message in the request's language, json-glib's own text left out */
  request->body = ld_json_parse_object_full (data, length, ld_request_translate_cb, request, &error);
  if (request->body == NULL)
    {
      ld_request_respond_error_literal (request, 400, "malformed", NULL, error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ld_server_check_idempotency (LdServer  *self,
                             LdRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(LdStoredResponse) stored = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (key == NULL || request->op == NULL)
    return TRUE;

  length = strlen (key);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isgraph (key[i]))
      length = 0;
  if (length == 0 || length > MAX_IDEMPOTENCY_KEY)
    {
      ld_request_respond_error (request, 400, "malformed", "Idempotency-Key",
                                N_("An Idempotency-Key is 1 to 255 visible ASCII characters."));
      return FALSE;
    }

  stored = ld_storage_idempotency_lookup (self->storage, request->op->id, key,
                                          soup_server_message_get_method (request->msg),
                                          g_uri_get_path (soup_server_message_get_uri (request->msg)),
                                          &error);
  if (error != NULL)
    {
      ld_request_respond_gerror (request, error, "Idempotency-Key");
      return FALSE;
    }

  if (stored != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Idempotent-Replayed", "true");
      ld_request_respond_text (request, stored->status, "application/json",
                               g_steal_pointer (&stored->body));
      return FALSE;
    }

  request->idempotency_key = g_strdup (key);
  return TRUE;
}

static gint64
message_started (SoupServerMessage *msg)
{
  gint64 *started = g_object_get_qdata (G_OBJECT (msg), started_quark);

  return started ? *started : g_get_monotonic_time ();
}

static LdRequest *
ld_request_new (LdServer          *self,
                SoupServerMessage *msg)
{
  LdRequest *request = g_new0 (LdRequest, 1);

  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->started = message_started (msg);
  request->route_label = "unmatched";
  return request;
}

static void
ld_server_refused_written_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* answers @status with the error @code and @msgid and closes the connection without
 * reading (the rest of) the body: libsoup would read a body to its end before answering,
 * however large, and could not tell where a body of an unreadable length ends */
static void
ld_server_refuse_request (LdServer          *self,
                          SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *msgid)
{
  LdRequest *request;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  GIOStream *stream;
  gsize length;

  if (g_object_get_qdata (G_OBJECT (msg), refused_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (msg), refused_quark, GINT_TO_POINTER (TRUE));

  request = ld_request_new (self, msg);
  {
    GUri *uri = soup_server_message_get_uri (msg);
    g_auto(GStrv) segments = split_path (uri ? g_uri_get_path (uri) : "");
    int path_index = -1;

    if (segments != NULL)
      ld_server_find_route (self, soup_server_message_get_method (msg), segments, NULL, &path_index);
    if (path_index >= 0)
      request->route_label = routes[path_index].pattern;
  }
  ld_request_respond_error_literal (request, status, code, NULL, ld_request_translate (request, msgid));
  ld_request_free (request);

  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  length = g_bytes_get_size (body);
  g_string_append_printf (answer,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n"
                          "\r\n", status, soup_status_get_phrase (status), length);
  g_string_append_len (answer, g_bytes_get_data (body, NULL), length);
  length = answer->len;
  bytes = g_string_free_to_bytes (g_steal_pointer (&answer));

  ld_connection_guard_forget (self->guard, msg);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (bytes, NULL), length,
                                   G_PRIORITY_DEFAULT, NULL,
                                   ld_server_refused_written_cb, stream);
  /* the data must live until written: the callback's stream holds no reference to it */
  g_object_set_data_full (G_OBJECT (stream), "ld-refused-answer",
                          g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
ld_server_refuse_body (LdServer          *self,
                       SoupServerMessage *msg)
{
  ld_server_refuse_request (self, msg, 413, "payload_too_large",
                            N_("The request body is larger than 1 MiB."));
}

/* the request's Content-Length, strictly: digits only, the same in every copy of the
 * header (libsoup 3.2 reads "-5" as a huge number, "99999999999999999999999" as -1 and
 * "2, 3" as 2, then reads that much body) → TRUE and *@length (G_MAXINT64 when it does not
 * fit), FALSE when it cannot be read */
static gboolean
parse_content_length (const char *list,
                      gint64     *length)
{
  g_auto(GStrv) values = g_strsplit (list, ",", -1);

  *length = -1;
  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *value = g_strstrip (values[i]);
      guint64 parsed = 0;
      gsize digits = strspn (value, "0123456789");

      if (digits == 0 || value[digits] != '\0')
        return FALSE;
      if (digits > 18 || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &parsed, NULL))
        parsed = G_MAXINT64;
      if (*length >= 0 && (guint64) *length != parsed)
        return FALSE;
      *length = parsed;
    }
  return *length >= 0;
}

static void
ld_server_got_chunk_cb (SoupServerMessage *msg,
                        GBytes            *chunk,
                        gpointer           user_data)
{
  LdServer *self = user_data;

  g_assert (SOUP_IS_SERVER_MESSAGE (msg));
  g_assert (LD_IS_SERVER (self));

  if (soup_server_message_get_request_body (msg)->length > LD_SERVER_MAX_BODY_SIZE)
    ld_server_refuse_body (self, msg);
}

/* runs once the headers are in, before the body is read: a declared body over the limit
 * is refused at once, a chunked one as soon as it grows over it */
static void
ld_server_early_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  LdServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gint64 *started = g_new (gint64, 1);

  g_assert (LD_IS_SERVER (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  *started = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark, started, g_free);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      const char *declared = soup_message_headers_get_list (headers, "Content-Length");
      gint64 length;

      if (declared == NULL || !parse_content_length (declared, &length))
        {
          ld_server_refuse_request (self, msg, 400, "malformed",
                                    N_("The Content-Length header must be one whole number of bytes."));
          return;
        }
      if (length > LD_SERVER_MAX_BODY_SIZE)
        {
          ld_server_refuse_body (self, msg);
          return;
        }
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_EOF)
    g_signal_connect_object (msg, "got-chunk", G_CALLBACK (ld_server_got_chunk_cb), self, 0);
}

/* ---- batched sends
 *
 * libsoup writes an answer's headers and its body with two send() calls. Each connection
 * is corked (TCP_CORK) while its request is handled, so the answer leaves as one segment,
 * and it is uncorked only when the main loop has handled every request that was ready
 * and is about to wait again, as Redis writes its replies before it sleeps: a peer
 * waiting for several answers is woken once for them, not once per send. No answer
 * waits longer than the rest of the current loop iteration. */

static GSocket *
tcp_socket (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL || g_socket_is_closed (socket) ||
      g_socket_get_family (socket) == G_SOCKET_FAMILY_UNIX)
    return NULL;
  return socket;
}

static void
set_cork (GSocket  *socket,
          gboolean  on)
{
  int value = on ? 1 : 0;

  /* a socket that cannot be corked just sends as it would have */
  if (!g_socket_is_closed (socket))
    (void) setsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

typedef struct
{
  GSource    source;
  GPtrArray *corked;   /* GSocket */
  LdServer  *server;   /* (unowned) it owns the source */
} FlushSource;

static void
flush_corked (FlushSource *flush)
{
  for (guint i = 0; i < flush->corked->len; i++)
    set_cork (g_ptr_array_index (flush->corked, i), FALSE);
  g_ptr_array_set_size (flush->corked, 0);
}

/* runs before the main loop polls, that is once every ready request has been handled;
 * the requests ready at the next poll were sent after any change another process made
 * before it, and the storage's search summaries in memory check for those once then */
static gboolean
flush_source_prepare (GSource *source,
                      gint    *timeout)
{
  FlushSource *flush = (FlushSource *) source;

  flush_corked (flush);
  if (flush->server->storage != NULL)
    ld_storage_expect_changes (flush->server->storage);
  *timeout = -1;
  return FALSE;
}

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
flush_source_finalize (GSource *source)
{
  FlushSource *flush = (FlushSource *) source;

  flush_corked (flush);
  g_clear_pointer (&flush->corked, g_ptr_array_unref);
}

static GSourceFuncs flush_source_funcs = {
  .prepare = flush_source_prepare,
  .dispatch = flush_source_dispatch,
  .finalize = flush_source_finalize,
};

/* SoupServer::request-finished and ::request-aborted: the answer is written (or never
 * will be); it leaves when the loop is about to sleep */
static void
ld_server_request_done_cb (SoupServer        *soup,
                           SoupServerMessage *msg,
                           gpointer           user_data)
{
  LdServer *self = user_data;
  GSocket *socket;

  if (self->flush_source == NULL)
    return;
  socket = tcp_socket (msg);
  if (socket != NULL)
    g_ptr_array_add (((FlushSource *) self->flush_source)->corked, g_object_ref (socket));
}

/* SoupServer::request-started, before anything of the request is parsed: libsoup answers
 * a request it cannot parse itself (a bare "%" in the path, "HTTP/2.0", an unknown
 * Transfer-Encoding…) without calling any handler, with whatever body the message holds;
 * so every message starts with the contract's error, which each of our answers replaces */
static void
ld_server_request_started_cb (SoupServer        *soup,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  LdServer *self = user_data;

  g_assert (LD_IS_SERVER (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  if (self->malformed_answer == NULL)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonObject *error = json_object_new ();
      char *text;

      /* in the server's language: the request's headers are not known yet */
      json_object_set_string_member (error, "code", "malformed");
      json_object_set_string_member (error, "message",
                                     g_dgettext (GETTEXT_PACKAGE, N_("The server could not read this request: it is not valid HTTP/1.1.")));
      json_object_set_object_member (root, "error", error);
      text = ld_json_object_to_string (root);
      self->malformed_answer = g_bytes_new_take (text, strlen (text));
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", "application/json");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                  self->malformed_answer);
}

/* SoupServer::request-read: "OPTIONS *" never reaches a handler, libsoup answers it 404
 * itself, which would carry the fallback error of request-started */
static void
ld_server_request_read_cb (SoupServer        *soup,
                           SoupServerMessage *msg,
                           gpointer           user_data)
{
  LdServer *self = user_data;
  LdRequest *request;

  g_assert (LD_IS_SERVER (self));

  if (!soup_server_message_is_options_ping (msg) || soup_server_message_get_status (msg) != 0)
    return;
  request = ld_request_new (self, msg);
  ld_request_respond_error (request, 404, "not_found", NULL, N_("There is no such endpoint."));
  ld_request_free (request);
}

static void
ld_server_dispatch_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  LdServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_auto(GStrv) segments = NULL;
  LdRequest *request;
  const LdRoute *route;
  int index = -1;
  int path_index = -1;

  g_assert (LD_IS_SERVER (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  if (soup_server_message_get_status (msg) != 0)
    return;

  if (self->flush_source != NULL)
    {
      GSocket *socket = tcp_socket (msg);

      if (socket != NULL)
        set_cork (socket, TRUE);
    }
  request = ld_request_new (self, msg);
  if (query != NULL)
    request->query = g_hash_table_ref (query);

  segments = split_path (path ? path : "");
  /* HEAD is GET without the body, which libsoup leaves out */
  if (segments != NULL)
    index = ld_server_find_route (self, g_str_equal (method, "HEAD") ? "GET" : method,
                                  segments, allowed, &path_index);

  if (index >= 0)
    {
      request->route = &routes[index];
      request->route_label = routes[index].pattern;
    }
  else if (path_index >= 0)
    request->route_label = routes[path_index].pattern;

  if (body->length > LD_SERVER_MAX_BODY_SIZE)
    {
      ld_request_respond_error (request, 413, "payload_too_large", NULL,
                                N_("The request body is larger than 1 MiB."));
      goto out;
    }

  if (index < 0 && allowed->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed->str);
      ld_request_respond_error (request, 405, "method_not_allowed", NULL,
                                N_("This endpoint does not answer %s; it answers %s."),
                                method, allowed->str);
      goto out;
    }
  if (index < 0)
    {
      ld_request_respond_error (request, 404, "not_found", NULL,
                                N_("There is no such endpoint."));
      goto out;
    }

  route = request->route;

  if (!ld_server_parse_path_parameters (self, request, segments, index))
    goto out;
  if (!ld_server_check_query (request))
    goto out;

  if (!(route->flags & LD_ROUTE_FLAGS_PUBLIC))
    {
      if (!ld_server_authenticate (self, request))
        goto out;
      if (route->right != NULL &&
          !ld_rights_contains ((const char * const *) request->rights, route->right))
        {
          ld_request_respond_error (request, 403, "forbidden", NULL,
                                    N_("This needs the right “%s”, which your account does not have."),
                                    route->right);
          goto out;
        }
    }

  if (method_is_mutating (method))
    {
      if (!ld_server_read_body (self, request))
        goto out;
      if (!ld_server_check_idempotency (self, request))
        goto out;
    }

  route->handler (self, request);

  if (request->paused)
    return;   /* the handler answers later and frees the request then */

  if (!request->answered)
    {
      g_message ("%s %s left the request unanswered", method, request->route_label);
      ld_request_respond_error (request, 500, "internal", NULL,
                                N_("The server could not do this. Try again later."));
    }

out:
  ld_request_free (request);
}

/* ---- GObject */

static void
ld_server_constructed (GObject *object)
{
  LdServer *self = (LdServer *) object;

  G_OBJECT_CLASS (ld_server_parent_class)->constructed (object);

  self->soup = soup_server_new ("server-header", "loyalty-desk-server/" PACKAGE_VERSION " ",
                                "tls-certificate", self->certificate,
                                NULL);
  soup_server_add_early_handler (self->soup, NULL, ld_server_early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, ld_server_dispatch_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (ld_server_request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-read", G_CALLBACK (ld_server_request_read_cb), self, 0);
  self->guard = ld_connection_guard_new (self->soup);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (ld_server_request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (ld_server_request_done_cb), self, 0);

  self->flush_source = g_source_new (&flush_source_funcs, sizeof (FlushSource));
  ((FlushSource *) self->flush_source)->corked = g_ptr_array_new_with_free_func (g_object_unref);
  ((FlushSource *) self->flush_source)->server = self;
  g_source_set_name (self->flush_source, "[ld-server] send answers");
  g_source_attach (self->flush_source, g_main_context_get_thread_default ());
}

static void
ld_server_dispose (GObject *object)
{
  LdServer *self = (LdServer *) object;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_object (&self->guard);
  g_clear_pointer (&self->malformed_answer, g_bytes_unref);
  g_clear_object (&self->storage);
  g_clear_object (&self->certificate);
  g_clear_object (&self->metrics);
  g_clear_object (&self->translations);

  G_OBJECT_CLASS (ld_server_parent_class)->dispose (object);
}

static void
ld_server_finalize (GObject *object)
{
  LdServer *self = (LdServer *) object;

  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->login_throttle, ld_login_throttle_free);

  G_OBJECT_CLASS (ld_server_parent_class)->finalize (object);
}

static void
ld_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdServer *self = LD_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
      g_value_set_object (value, self->storage);
      break;

    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;

    case PROP_SESSION_TTL:
      g_value_set_int64 (value, self->session_ttl);
      break;

    case PROP_LOG_REQUESTS:
      g_value_set_boolean (value, self->log_requests);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdServer *self = LD_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORAGE:
      self->storage = g_value_dup_object (value);
      break;

    case PROP_TLS_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;

    case PROP_SESSION_TTL:
      ld_server_set_session_ttl (self, g_value_get_int64 (value));
      break;

    case PROP_LOG_REQUESTS:
      ld_server_set_log_requests (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_server_class_init (LdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ld_server_constructed;
  object_class->dispose = ld_server_dispose;
  object_class->finalize = ld_server_finalize;
  object_class->get_property = ld_server_get_property;
  object_class->set_property = ld_server_set_property;

  properties[PROP_STORAGE] =
    g_param_spec_object ("storage", NULL, NULL,
                         LD_TYPE_STORAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SESSION_TTL] =
    g_param_spec_int64 ("session-ttl", NULL, NULL,
                        1, G_MAXINT32, LD_SERVER_DEFAULT_SESSION_TTL,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOG_REQUESTS] =
    g_param_spec_boolean ("log-requests", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  started_quark = g_quark_from_static_string ("ld-server-started");
  refused_quark = g_quark_from_static_string ("ld-server-refused");
}

static void
ld_server_init (LdServer *self)
{
  self->metrics = ld_metrics_new ();
  self->translations = ld_translations_new (g_getenv ("LD_SERVER_LOCALEDIR") ? g_getenv ("LD_SERVER_LOCALEDIR") : LOCALEDIR,
                                            GETTEXT_PACKAGE);
  self->session_ttl = LD_SERVER_DEFAULT_SESSION_TTL;
  self->log_requests = TRUE;
  self->login_throttle = ld_login_throttle_new (LD_SERVER_LOGIN_THROTTLE_FAILURES,
                                                LD_SERVER_LOGIN_THROTTLE_WINDOW);
  /* the stand-in hash an unknown login's password is checked against, made now rather
   * than on the first sign-in */
  ld_server_prepare_login ();

  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ld_session_unref);
  self->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    g_ptr_array_add (self->patterns, g_strsplit (routes[i].pattern, "/", -1));
}

/* ---- public API */

/**
 * ld_server_new:
 * @storage: the database the handlers use
 * @certificate: (nullable): serve HTTPS with this certificate and key
 *
 * Returns: (transfer full): a server that does not listen yet
 */
LdServer *
ld_server_new (LdStorage       *storage,
               GTlsCertificate *certificate)
{
  g_return_val_if_fail (LD_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (LD_TYPE_SERVER,
                       "storage", storage,
                       "tls-certificate", certificate,
                       NULL);
}

/**
 * ld_server_get_storage:
 *
 * Returns: (transfer none): the storage
 */
LdStorage *
ld_server_get_storage (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->storage;
}

/**
 * ld_server_get_metrics:
 *
 * Returns: (transfer none): the request metrics
 */
LdMetrics *
ld_server_get_metrics (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->metrics;
}

void
ld_server_set_login_throttle (LdServer *self,
                              guint     failures,
                              guint     window_seconds)
{
  g_return_if_fail (LD_IS_SERVER (self));
  g_return_if_fail (failures > 0 && window_seconds > 0);

  ld_login_throttle_set_limits (self->login_throttle, failures, window_seconds);
}

LdLoginThrottle *
ld_server_get_login_throttle (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->login_throttle;
}

gint64
ld_server_get_session_ttl (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), 0);

  return self->session_ttl;
}

void
ld_server_set_session_ttl (LdServer *self,
                           gint64    seconds)
{
  g_return_if_fail (LD_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  if (self->session_ttl == seconds)
    return;
  self->session_ttl = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TTL]);
}

void
ld_server_set_connection_timeouts (LdServer *self,
                                   guint     header_seconds,
                                   guint     idle_seconds)
{
  g_return_if_fail (LD_IS_SERVER (self));
  g_return_if_fail (header_seconds > 0 && idle_seconds > 0);

  ld_connection_guard_set_timeouts (self->guard, header_seconds, idle_seconds);
}

gboolean
ld_server_get_log_requests (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);

  return self->log_requests;
}

void
ld_server_set_log_requests (LdServer *self,
                            gboolean  log_requests)
{
  g_return_if_fail (LD_IS_SERVER (self));

  log_requests = !!log_requests;
  if (self->log_requests == log_requests)
    return;
  self->log_requests = log_requests;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_REQUESTS]);
}

gboolean
ld_server_listen (LdServer        *self,
                  GSocketAddress  *address,
                  GError         **error)
{
  SoupServerListenOptions options = 0;
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family;

  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  /* soup_server_listen() would listen with GSocket's backlog of 10 connections not yet
   * accepted: a burst of agents connecting at once (a shift starting, every app
   * reconnecting after a network cut) overflowed it, and each dropped handshake waited
   * for the client's retransmission (measured: 55 overflows for wrk's 32 connections) */
  family = g_socket_address_get_family (address);
  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  if (family == G_SOCKET_FAMILY_IPV6 &&
      !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  if (!soup_server_listen_socket (self->soup, socket, options, error))
    return FALSE;
  ld_connection_guard_add_listener (self->guard, self->soup, socket, options);
  return TRUE;
}

/**
 * ld_server_dup_url:
 *
 * Returns: (transfer full) (nullable): the URL of the first listening socket
 */
char *
ld_server_dup_url (LdServer *self)
{
  GSList *uris;
  GUri *uri;
  const char *host;
  char *url;

  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    return NULL;

  uri = uris->data;
  host = g_uri_get_host (uri);
  if (strchr (host, ':') != NULL)
    url = g_strdup_printf ("%s://[%s]:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));
  else
    url = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

void
ld_server_disconnect (LdServer *self)
{
  g_return_if_fail (LD_IS_SERVER (self));

  soup_server_disconnect (self->soup);
}

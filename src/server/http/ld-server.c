/* ld-server.c — LdServer: a SoupServer with one route table, sessions, rights and errors
 *
 * Every request goes through ld_server_dispatch_cb(): the route is found in the table
 * of ld-routes.c by ld-router.c (404 or 405 in the contract's JSON shape otherwise), its
 * path parameters are parsed strictly, its query names checked, the bearer token turned
 * into an operator (ld-session-cache.c keeps them for a few seconds), the route's right
 * checked, the JSON body parsed and a repeated Idempotency-Key answered from storage,
 * all before the route's handler runs. Whatever the outcome, the answer is JSON, counted
 * in the metrics and logged with the route's pattern (ld-request.c), and it leaves when
 * the loop is about to sleep (ld-cork-source.c). This file also listens, and refuses
 * what must not be read at all (an unreadable Content-Length, a body over 1 MiB).
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <netinet/in.h>

#include <glib/gi18n-lib.h>

#include "ld-clock.h"
#include "ld-connection-guard.h"
#include "ld-cork-source.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-login-throttle.h"
#include "ld-metrics.h"
#include "ld-router.h"
#include "ld-server-private.h"
#include "ld-server.h"
#include "ld-session-cache.h"
#include "ld-storage.h"
#include "ld-translations.h"
#include "ld-validate.h"

#define MAX_IDEMPOTENCY_KEY 255
#define MAX_TOKEN 256
/* connections the kernel may complete before the server accepts them (capped by the
 * system's net.core.somaxconn) */
#define LISTEN_BACKLOG 1024

struct _LdServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  LdStorage       *storage;
  LdStoragePool   *read_pool;     /* (nullable) ld_server_set_read_pool() */
  GTlsCertificate *certificate;
  LdMetrics       *metrics;
  LdTranslations  *translations;

  LdRouter        *router;        /* the route table of ld-routes.c */
  LdSessionCache  *sessions;      /* token hash → LdSession, read again after a few seconds */
  gint64           session_ttl;
  gboolean         log_requests;
  LdLoginThrottle *login_throttle; /* failed sign-ins per source address */
  /* this instance's Idempotency-Key claims: "operator method path key" → the requests
   * (paused) that came with the same key while its first request was in flight */
  GHashTable      *idempotency_claims;

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

static GQuark refused_quark;

/* ---- sessions */

void
ld_server_forget_session (LdServer   *self,
                          const char *token_hash)
{
  g_return_if_fail (LD_IS_SERVER (self));

  ld_session_cache_forget (self->sessions, token_hash);
}

/* ---- dispatch */

static gboolean
method_is_mutating (const char *method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") ||
         g_str_equal (method, "PATCH") || g_str_equal (method, "DELETE");
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
      gint64 now = ld_clock_get_unix_seconds ();
      gint64 checked_at = ld_clock_get_monotonic_time ();
      guint64 generation;
      LdSession *session;

      request->token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

      session = ld_session_cache_lookup (self->sessions, request->token_hash, now, checked_at);
      /* another instance ended a session or changed an operator since: a logout, another right… */
      generation = ld_storage_get_generation (self->storage);
      if (session != NULL && session->generation != generation)
        {
          ld_session_cache_forget (self->sessions, request->token_hash);
          g_clear_pointer (&session, ld_session_unref);
        }
      if (session == NULL)
        {
          g_autoptr(LdOperatorRecord) op = NULL;

          op = ld_storage_lookup_session (self->storage, request->token_hash, now, &expires_at, &error);
          if (op != NULL)
            {
              session = ld_session_new (g_steal_pointer (&op), expires_at, checked_at);
              session->generation = generation;
              ld_session_cache_insert (self->sessions, request->token_hash, session);
            }
        }

      if (session != NULL)
        {
          request->session = session;
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

/* ---- Idempotency-Key: claimed before the handler runs, filled or released by its answer */

static char *
claim_name (LdRequest  *request,
            const char *key)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s %s %s", request->op->id, request->method,
                          g_uri_get_path (soup_server_message_get_uri (request->msg)), key);
}

static gboolean
ld_server_check_idempotency (LdServer  *self,
                             LdRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(LdStoredResponse) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  GPtrArray *waiting;
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

  /* what was asked is the body as sent: a retry sends the same bytes */
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  name = claim_name (request, key);

  switch (ld_storage_idempotency_claim (self->storage, request->op->id, key, request->method,
                                        g_uri_get_path (soup_server_message_get_uri (request->msg)),
                                        hash, &stored, &error))
    {
    case LD_IDEMPOTENCY_CLAIMED:
      request->idempotency_key = g_strdup (key);
      request->idempotency_claim = g_strdup (key);
      g_hash_table_replace (self->idempotency_claims, g_steal_pointer (&name), g_ptr_array_new ());
      return TRUE;

    case LD_IDEMPOTENCY_ANSWERED:
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Idempotent-Replayed", "true");
      ld_request_respond_text (request, stored->status, "application/json",
                               g_steal_pointer (&stored->body));
      return FALSE;

    case LD_IDEMPOTENCY_REUSED:
      ld_request_respond_error (request, 422, "idempotency_key_reused", "Idempotency-Key",
                                N_("This Idempotency-Key was sent with another request. A changed request needs a new Idempotency-Key."));
      return FALSE;

    case LD_IDEMPOTENCY_IN_FLIGHT:
      /* the first request is this instance's (paused for password work): wait for its answer */
      waiting = g_hash_table_lookup (self->idempotency_claims, name);
      if (waiting != NULL)
        {
          ld_request_pause (request);
          g_ptr_array_add (waiting, request);
          return FALSE;
        }
      ld_request_respond_error (request, 409, "idempotency_key_in_use", "Idempotency-Key",
                                N_("A request with this Idempotency-Key is still being answered. Try again in a moment."));
      return FALSE;

    case LD_IDEMPOTENCY_FAILED:
    default:
      ld_request_respond_gerror (request, error, "Idempotency-Key");
      return FALSE;
    }
}

/* the route's handler; a 500 for a handler that forgot to answer; frees the request
 * unless it waits, paused */
static void
ld_server_run_handler (LdServer  *self,
                       LdRequest *request)
{
  request->route->handler (self, request);

  if (request->paused)
    return;   /* the handler answers later and frees the request then */

  if (!request->answered)
    {
      g_message ("%s %s left the request unanswered", request->method, request->route_label);
      ld_request_respond_error (request, 500, "internal", NULL,
                                N_("The server could not do this. Try again later."));
    }
  ld_request_free (request);
}

typedef struct
{
  LdServer  *server;
  GPtrArray *waiting;
} WaitingRequests;

static gboolean
ld_server_run_waiting_cb (gpointer user_data)
{
  WaitingRequests *data = user_data;

  /* each as if it came now: the first's answer replayed, or its key claimed anew */
  for (guint i = 0; i < data->waiting->len; i++)
    {
      LdRequest *request = g_ptr_array_index (data->waiting, i);

      request->paused = FALSE;
      soup_server_message_unpause (request->msg);
      if (ld_server_check_idempotency (data->server, request))
        ld_server_run_handler (data->server, request);
      else if (!request->paused)
        ld_request_free (request);
    }
  g_ptr_array_unref (data->waiting);
  g_object_unref (data->server);
  g_free (data);
  return G_SOURCE_REMOVE;
}

/* whether an answer is kept for its key: one that did something (2xx), or a refusal
 * that counted an attempt (a retry must get it back rather than count again); any other
 * refusal (4xx) and any failure (5xx) changed nothing, so the key is free again for a
 * retry, or for the request corrected */
static gboolean
answer_is_kept (guint       status,
                const char *body,
                gsize       length)
{
  static const char * const counted[] = { "invalid_code", "wrong_password", "too_many_attempts", NULL };
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *problem;

  if (body == NULL || status >= 500)
    return FALSE;
  if (status < 400)
    return TRUE;
  answer = ld_json_parse_object (body, length, NULL);
  problem = answer != NULL && json_object_has_member (answer, "error")
            ? json_object_get_object_member (answer, "error") : NULL;
  return problem != NULL && json_object_has_member (problem, "code") &&
         g_strv_contains (counted, json_object_get_string_member_with_default (problem, "code", ""));
}

void
ld_server_end_idempotency (LdServer   *self,
                           LdRequest  *request,
                           guint       status,
                           const char *body,
                           gsize       length)
{
  LdStorage *storage = self->storage;
  const char *path = g_uri_get_path (soup_server_message_get_uri (request->msg));
  g_autofree char *name = claim_name (request, request->idempotency_claim);
  g_autoptr(GError) error = NULL;
  GPtrArray *waiting = NULL;

  /* a handler that dropped the key (an answer not to keep) frees it too */
  if (request->idempotency_key != NULL && answer_is_kept (status, body, length))
    {
      g_autofree char *text = g_strndup (body, length);

      if (!ld_storage_idempotency_fill (storage, request->op->id, request->idempotency_claim,
                                        request->method, path, status, text, &error))
        g_message ("Could not keep the answer of an idempotent request: %s", error->message);
    }
  else if (!ld_storage_idempotency_release (storage, request->op->id, request->idempotency_claim,
                                            request->method, path, &error))
    g_message ("Could not release an Idempotency-Key: %s", error->message);
  g_clear_pointer (&request->idempotency_claim, g_free);

  g_hash_table_steal_extended (self->idempotency_claims, name, NULL, (gpointer *) &waiting);
  g_free (g_steal_pointer (&name));
  if (waiting != NULL && waiting->len > 0)
    {
      WaitingRequests *data = g_new (WaitingRequests, 1);

      /* later, not inside this answer: its handler may still be answering others */
      data->server = g_object_ref (self);
      data->waiting = waiting;
      g_idle_add (ld_server_run_waiting_cb, data);
    }
  else if (waiting != NULL)
    g_ptr_array_unref (waiting);
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
    g_auto(LdRouteMatch) match = { NULL };

    ld_router_match (self->router, request->method, uri ? g_uri_get_path (uri) : "", &match);
    if (match.path_route != NULL)
      request->route_label = match.path_route->pattern;
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

  g_assert (LD_IS_SERVER (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  ld_request_mark_started (msg);

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

/* ---- batched sends (ld-cork-source.c) */

/* runs before the main loop polls, that is once every ready request has been handled;
 * the requests ready at the next poll were sent after any change another process made
 * before it, and the storage's search summaries in memory check for those once then */
static void
ld_server_before_poll_cb (gpointer user_data)
{
  LdServer *self = user_data;

  if (self->storage != NULL)
    ld_storage_expect_changes (self->storage);
}

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
  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    ld_cork_source_uncork_later (self->flush_source, socket);
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
  g_auto(LdRouteMatch) match = { NULL };
  LdRequest *request;
  const LdRoute *route;

  g_assert (LD_IS_SERVER (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  if (soup_server_message_get_status (msg) != 0)
    return;

  if (self->flush_source != NULL)
    {
      GSocket *socket = soup_server_message_get_socket (msg);

      if (socket != NULL)
        ld_cork_source_cork (self->flush_source, socket);
    }
  request = ld_request_new (self, msg);
  if (query != NULL)
    request->query = g_hash_table_ref (query);

  /* HEAD is GET without the body, which libsoup leaves out */
  ld_router_match (self->router, g_str_equal (method, "HEAD") ? "GET" : method, path, &match);
  if (match.route != NULL)
    {
      request->route = match.route;
      request->route_label = match.route->pattern;
    }
  else if (match.path_route != NULL)
    request->route_label = match.path_route->pattern;

  if (body->length > LD_SERVER_MAX_BODY_SIZE)
    {
      ld_request_respond_error (request, 413, "payload_too_large", NULL,
                                N_("The request body is larger than 1 MiB."));
      goto out;
    }

  /* 404 or 405, then the path parameters and the query's names */
  if (!ld_router_apply (self->router, &match, request))
    goto out;
  route = request->route;

  if (!(route->flags & LD_ROUTE_FLAGS_PUBLIC))
    {
      if (!ld_server_authenticate (self, request))
        goto out;
      if (route->right != NULL && !ld_request_has_right (request, route->right))
        {
          ld_request_respond_forbidden (request, route->right);
          goto out;
        }
    }

  if (method_is_mutating (method))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      if (!ld_request_parse_body (request, bytes))
        goto out;
      if (!ld_server_check_idempotency (self, request))
        {
          if (request->paused)
            return;   /* waits for the first request with its Idempotency-Key */
          goto out;
        }
    }

  ld_server_run_handler (self, request);
  return;

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

  self->flush_source = ld_cork_source_new (ld_server_before_poll_cb, self);
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
  g_clear_object (&self->read_pool);
  g_clear_object (&self->certificate);
  g_clear_object (&self->metrics);
  g_clear_object (&self->translations);

  G_OBJECT_CLASS (ld_server_parent_class)->dispose (object);
}

static void
ld_server_finalize (GObject *object)
{
  LdServer *self = (LdServer *) object;

  g_clear_pointer (&self->router, ld_router_free);
  g_clear_pointer (&self->sessions, ld_session_cache_free);
  g_clear_pointer (&self->login_throttle, ld_login_throttle_free);
  g_clear_pointer (&self->idempotency_claims, g_hash_table_unref);

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
  self->idempotency_claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_ptr_array_unref);
  self->login_throttle = ld_login_throttle_new (LD_SERVER_LOGIN_THROTTLE_FAILURES,
                                                LD_SERVER_LOGIN_THROTTLE_WINDOW);
  /* the stand-in hash an unknown login's password is checked against, made now rather
   * than on the first sign-in */
  ld_server_prepare_login ();

  self->sessions = ld_session_cache_new (LD_SESSION_CACHE_MAX_AGE, LD_SESSION_CACHE_MAX_SIZE);
  {
    guint n_routes = 0;
    const LdRoute *routes = ld_server_get_routes (&n_routes);

    self->router = ld_router_new (routes, n_routes);
  }
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

LdStoragePool *
ld_server_get_read_pool (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->read_pool;
}

void
ld_server_set_read_pool (LdServer      *self,
                         LdStoragePool *pool)
{
  g_return_if_fail (LD_IS_SERVER (self));
  g_return_if_fail (pool == NULL || LD_IS_STORAGE_POOL (pool));

  g_set_object (&self->read_pool, pool);
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

gboolean
ld_server_set_trusted_proxies (LdServer            *self,
                               const char * const  *addresses,
                               GError             **error)
{
  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);

  return ld_login_throttle_set_trusted_proxies (self->login_throttle, addresses, error);
}

LdTranslations *
ld_server_get_translations (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->translations;
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

/* ld-request.c — LdRequest: answering, translation, typed getters, password work
 *
 * Whatever the outcome, an answer goes through ld_request_finish(): counted in the
 * metrics, logged with the route's pattern (never the raw path or query, which may hold
 * a phone number or a card number), kept for a repeated Idempotency-Key, and a paused
 * request resumed and freed.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-metrics.h"
#include "ld-request.h"
#include "ld-rights.h"
#include "ld-server-private.h"
#include "ld-translations.h"

static GQuark started_quark;

/* ---- the request's life */

void
ld_request_mark_started (SoupServerMessage *msg)
{
  gint64 *started = g_new (gint64, 1);

  if (started_quark == 0)
    started_quark = g_quark_from_static_string ("ld-server-started");
  *started = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark, started, g_free);
}

static gint64
message_started (SoupServerMessage *msg)
{
  gint64 *started = started_quark ? g_object_get_qdata (G_OBJECT (msg), started_quark) : NULL;

  return started ? *started : g_get_monotonic_time ();
}

/**
 * ld_request_new:
 *
 * Returns: (transfer full): the request of @msg, for @server to route and answer
 */
LdRequest *
ld_request_new (LdServer          *server,
                SoupServerMessage *msg)
{
  LdRequest *request;

  g_return_val_if_fail (LD_IS_SERVER (server), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  request = g_new0 (LdRequest, 1);
  request->server = g_object_ref (server);
  request->msg = g_object_ref (msg);
  request->method = soup_server_message_get_method (msg);
  request->request_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  request->response_headers = soup_message_headers_ref (soup_server_message_get_response_headers (msg));
  request->translations = g_object_ref (ld_server_get_translations (server));
  request->started = message_started (msg);
  request->route_label = "unmatched";
  return request;
}

/**
 * ld_request_new_detached:
 *
 * Returns: (transfer full): a request with no connection, that keeps its answer
 */
LdRequest *
ld_request_new_detached (LdTranslations     *translations,
                         const char         *method,
                         SoupMessageHeaders *request_headers)
{
  LdRequest *request;

  g_return_val_if_fail (translations == NULL || LD_IS_TRANSLATIONS (translations), NULL);
  g_return_val_if_fail (method != NULL, NULL);

  request = g_new0 (LdRequest, 1);
  request->method = g_intern_string (method);
  request->request_headers = request_headers != NULL
                             ? soup_message_headers_ref (request_headers)
                             : soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  request->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  request->translations = translations != NULL ? g_object_ref (translations) : NULL;
  request->started = g_get_monotonic_time ();
  request->route_label = "unmatched";
  return request;
}

const char *
ld_request_get_answer (LdRequest *request,
                       guint     *status)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (status != NULL)
    *status = request->status;
  return request->answer;
}

void
ld_request_free (LdRequest *request)
{
  g_return_if_fail (request != NULL);

  g_clear_object (&request->msg);
  g_clear_pointer (&request->request_headers, soup_message_headers_unref);
  g_clear_pointer (&request->response_headers, soup_message_headers_unref);
  g_clear_object (&request->translations);
  g_clear_pointer (&request->answer, g_free);
  g_clear_pointer (&request->number, g_free);
  g_clear_pointer (&request->body, json_object_unref);
  g_clear_pointer (&request->session, ld_session_unref);
  g_clear_pointer (&request->token_hash, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->idempotency_claim, g_free);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->server);
  g_free (request);
}

static void
ld_request_log (const char *method,
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
  const char *method = request->method;
  gint64 duration = g_get_monotonic_time () - request->started;

  g_assert (!request->answered);
  request->answered = TRUE;
  request->status = status;

  /* a detached request is nobody's traffic: nothing to count, log or keep */
  if (self == NULL)
    return;

  if (request->idempotency_claim != NULL)
    ld_server_end_idempotency (self, request, status, body, length);

  ld_metrics_record (ld_server_get_metrics (self), method_label (method), request->route_label, status, duration);
  if (ld_server_get_log_requests (self) && (request->route == NULL || !(request->route->flags & LD_ROUTE_FLAGS_QUIET)))
    ld_request_log (method_label (method), request->route_label, status, duration);

  if (request->paused)
    {
      soup_server_message_unpause (request->msg);
      ld_request_free (request);
    }
}

static void
set_common_headers (SoupMessageHeaders *headers)
{
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
  set_common_headers (request->response_headers);
  if (request->msg == NULL)
    {
      soup_message_headers_replace (request->response_headers, "Content-Type", content_type);
      request->answer = use == SOUP_MEMORY_TAKE ? (char *) text : g_strdup (text);
      ld_request_finish (request, status, request->answer, length);
      return;
    }
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

void
ld_request_respond_error_literal (LdRequest  *request,
                                  guint       status,
                                  const char *code,
                                  const char *field,
                                  const char *message)
{
  JsonObject *details = NULL;

  g_return_if_fail (request != NULL);
  g_return_if_fail (code != NULL);
  g_return_if_fail (message != NULL);

  if (field != NULL)
    {
      details = json_object_new ();
      json_object_set_string_member (details, "field", field);
    }
  ld_request_respond_error_object (request, status, code, details, message);
}

char *
ld_request_shown_name (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_utf8_make_valid (name, MIN (strlen (name), 64));
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

  accept_language = soup_message_headers_get_one (request->request_headers, "Accept-Language");
  if (accept_language == NULL || request->translations == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  if (format)
    return ld_translations_lookup_format (request->translations, accept_language, msgid);
  return ld_translations_lookup (request->translations, accept_language, msgid);
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
      g_message ("%s %s: %s", request->method, request->route_label, error->message);
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

gboolean
ld_request_has_right (LdRequest  *request,
                      const char *right)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (right != NULL, FALSE);

  return ld_rights_contains ((const char * const *) request->rights, right);
}

void
ld_request_respond_forbidden (LdRequest  *request,
                              const char *right)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (right != NULL);

  ld_request_respond_error (request, 403, "forbidden", NULL,
                            N_("This needs the right “%s”, which your account does not have."),
                            right);
}

void
ld_request_pause (LdRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->msg != NULL);
  g_return_if_fail (!request->paused);

  request->paused = TRUE;
  soup_server_message_pause (request->msg);
}

void
ld_request_respond_answer_text (LdRequest    *request,
                                char         *answer,
                                const GError *error)
{
  g_return_if_fail (request != NULL);

  if (answer == NULL)
    ld_request_respond_gerror (request, error, NULL);
  else
    ld_request_respond_text (request, 200, "application/json", answer);
}

static void
read_answered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LdRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  char *answer;

  answer = ld_storage_pool_read_finish (ld_server_get_read_pool (request->server), result, &error);
  ld_request_respond_answer_text (request, answer, error);
}

void
ld_request_respond_read (LdRequest         *request,
                         LdStorageReadKind  kind,
                         LdStorageReadFunc  read,
                         gpointer           data,
                         GDestroyNotify     data_free)
{
  g_autoptr(GError) error = NULL;
  LdStoragePool *pool;
  char *answer;

  g_return_if_fail (request != NULL);
  g_return_if_fail (LD_IS_SERVER (request->server));
  g_return_if_fail (read != NULL);

  pool = ld_server_get_read_pool (request->server);
  if (pool != NULL)
    {
      /* no cancellable: a client's end is no reason to drop its read (one may half-close
       * after sending and still read the answer, ld-connection-guard.c), and a read that
       * waits, waits for another read, not for a client */
      ld_request_pause (request);
      ld_storage_pool_read_async (pool, kind, read, data, data_free, NULL, read_answered_cb, request);
      return;
    }

  answer = read (ld_server_get_storage (request->server), data, &error);
  if (data_free != NULL)
    data_free (data);
  ld_request_respond_answer_text (request, answer, error);
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

/* If-Match: a version, bare or quoted (W/ accepted); 0 when absent */
gboolean
ld_request_get_if_match (LdRequest  *request,
                         const char *malformed,
                         gint64     *version)
{
  const char *value;
  g_autofree char *text = NULL;
  guint64 parsed = 0;
  gsize length;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  *version = 0;
  value = request->request_headers != NULL
          ? soup_message_headers_get_one (request->request_headers, "If-Match") : NULL;
  if (value == NULL)
    return TRUE;

  text = g_strstrip (g_strdup (value));
  if (g_str_has_prefix (text, "W/"))
    memmove (text, text + 2, strlen (text + 2) + 1);
  length = strlen (text);
  if (length >= 2 && text[0] == '"' && text[length - 1] == '"')
    {
      text[length - 1] = '\0';
      memmove (text, text + 1, length - 1);
    }

  if (strlen (text) > 24 ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &parsed, NULL))
    {
      ld_request_respond_error (request, 400, "malformed", "If-Match", "%s",
                                ld_request_translate (request, malformed));
      return FALSE;
    }
  *version = (gint64) parsed;
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


/* ---- the body */

gboolean
ld_request_parse_body (LdRequest *request,
                       GBytes    *bytes)
{
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (request != NULL, FALSE);

  if (bytes != NULL)
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
  content_type = soup_message_headers_get_content_type (request->request_headers, NULL);
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


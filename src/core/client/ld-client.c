/* ld-client.c — LdClient's transport: the session, the token, sending and reading
 *
 * The calls themselves, one per endpoint, are in the topic files (ld-client-auth.c,
 * ld-client-members.c, …); they describe a call as an LdClientCall (ld-client-private.h)
 * and hand it to ld_client_send().
 */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ld-client-private.h"
#include "ld-error.h"
#include "ld-glib-compat.h"
#include "ld-json.h"
#include "ld-model-json.h"

struct _LdClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *api_url;        /* base_url without trailing '/', then "/api/v1" */
  char        *token;
  LdOperator  *operator;
  char        *accept_language;
  guint        timeout;
  guint        n_pending;      /* requests sent whose callback has not run yet */
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_OPERATOR,
  PROP_ACCEPT_LANGUAGE,
  PROP_TIMEOUT,
  PROP_PENDING_REQUESTS,
  N_PROPS
};

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LdClient, ld_client, G_TYPE_OBJECT)
typedef struct
{
  SoupMessage    *message;
  GInputStream   *stream;
  GByteArray     *body;
  char           *token;        /* the token the request was sent with */
  LdClientSendFlags flags;
  LdClientParse   parse;
  GType           item_type;
  GDestroyNotify  result_free;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->token, g_free);
  g_free (request);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "ru_RU.UTF-8", "ru_RU", "ru", "C" → "ru-RU, ru;q=0.9" */
static char *
ld_client_default_accept_language (void)
{
  const char * const *names = g_get_language_names ();
  g_autoptr(GString) header = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; names[i] != NULL && n < 10; i++)
    {
      g_autofree char *tag = NULL;

      if (strchr (names[i], '.') != NULL || strchr (names[i], '@') != NULL ||
          g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;

      tag = g_strdelimit (g_strdup (names[i]), "_", '-');
      if (n > 0)
        g_string_append_printf (header, ", %s;q=%.1f", tag, MAX (0.1, 1.0 - 0.1 * n));
      else
        g_string_append (header, tag);
      n++;
    }

  if (n == 0)
    g_string_append (header, "en");

  return g_string_free (g_steal_pointer (&header), FALSE);
}

static void
ld_client_finalize (GObject *object)
{
  LdClient *self = (LdClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->operator);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->accept_language, g_free);

  G_OBJECT_CLASS (ld_client_parent_class)->finalize (object);
}

static void
ld_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdClient *self = LD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;

    case PROP_ACCEPT_LANGUAGE:
      g_value_set_string (value, self->accept_language);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_PENDING_REQUESTS:
      g_value_set_uint (value, self->n_pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdClient *self = LD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *base_url = g_value_get_string (value);
        gsize len;

        g_free (self->base_url);
        g_free (self->api_url);
        self->base_url = g_strdup (base_url ? base_url : "");
        len = strlen (self->base_url);
        while (len > 0 && self->base_url[len - 1] == '/')
          len--;
        self->api_url = g_strdup_printf ("%.*s/api/v1", (int) len, self->base_url);
      }
      break;

    case PROP_TOKEN:
      ld_client_set_token (self, g_value_get_string (value));
      break;

    case PROP_OPERATOR:
      ld_client_set_operator (self, g_value_get_object (value));
      break;

    case PROP_ACCEPT_LANGUAGE:
      ld_client_set_accept_language (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      ld_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_client_class_init (LdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_client_finalize;
  object_class->get_property = ld_client_get_property;
  object_class->set_property = ld_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, "the server, e.g. http://127.0.0.1:8080", NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, "the session token", NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, "who is logged in", LD_TYPE_OPERATOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCEPT_LANGUAGE] =
    g_param_spec_string ("accept-language", NULL, "the Accept-Language header", NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, "seconds before a request fails, 0 for the default",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdClient:pending-requests:
   *
   * How many requests were sent whose callback has not run yet (answered, failed or
   * cancelled): 0 means everything asked of the server has come back to its caller.
   */
  properties[PROP_PENDING_REQUESTS] =
    g_param_spec_uint ("pending-requests", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdClient::session-expired:
   *
   * The server refused the token (401): "token" and "operator" are cleared.
   */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ld_client_init (LdClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("loyalty-desk/%s", PACKAGE_VERSION);

  self->session = soup_session_new_with_options ("timeout", LD_CLIENT_DEFAULT_TIMEOUT,
                                                 "user-agent", user_agent,
                                                 NULL);
  self->accept_language = ld_client_default_accept_language ();
}

/**
 * ld_client_new:
 * @base_url: the server, e.g. "http://127.0.0.1:8080"
 *
 * Returns: (transfer full): a new client, nobody logged in
 */
LdClient *
ld_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (LD_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
ld_client_get_base_url (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
ld_client_get_token (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), NULL);

  return self->token;
}

void
ld_client_set_token (LdClient   *self,
                     const char *token)
{
  g_return_if_fail (LD_IS_CLIENT (self));

  if (ld_set_str (&self->token, token))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/**
 * ld_client_get_operator:
 * @self: a #LdClient
 *
 * Returns: (transfer none) (nullable): who is logged in
 */
LdOperator *
ld_client_get_operator (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), NULL);

  return self->operator;
}

void
ld_client_set_operator (LdClient   *self,
                        LdOperator *operator)
{
  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (operator == NULL || LD_IS_OPERATOR (operator));

  if (g_set_object (&self->operator, operator))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
}

gboolean
ld_client_has_right (LdClient   *self,
                     const char *right)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (right != NULL, FALSE);

  return self->operator != NULL && ld_operator_has_right (self->operator, right);
}

const char *
ld_client_get_accept_language (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), NULL);

  return self->accept_language;
}

/* @accept_language NULL goes back to the languages of the session */
void
ld_client_set_accept_language (LdClient   *self,
                               const char *accept_language)
{
  g_autofree char *value = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));

  value = accept_language ? g_strdup (accept_language) : ld_client_default_accept_language ();
  if (ld_set_str (&self->accept_language, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPT_LANGUAGE]);
}

guint
ld_client_get_timeout (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), 0);

  return self->timeout;
}

void
ld_client_set_timeout (LdClient *self,
                       guint     timeout)
{
  g_return_if_fail (LD_IS_CLIENT (self));

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  soup_session_set_timeout (self->session, timeout ? timeout : LD_CLIENT_DEFAULT_TIMEOUT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * ld_client_get_pending_requests:
 *
 * Returns: how many requests are in flight, their callbacks not run yet
 */
guint
ld_client_get_pending_requests (LdClient *self)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), 0);

  return self->n_pending;
}

/* the session ended on the server: forget it, unless a newer login replaced it meanwhile */
static void
ld_client_expire_session (LdClient   *self,
                          const char *token)
{
  g_assert (LD_IS_CLIENT (self));

  if (token == NULL || g_strcmp0 (self->token, token) != 0)
    return;

  ld_client_clear_session (self);

  g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

static GError *
ld_client_transport_error (LdClient *self,
                           GError   *error)
{
  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (LD_ERROR, LD_ERROR_TLS,
                        _("The connection to the server %s is not secure: %s"),
                        self->base_url, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (LD_ERROR, LD_ERROR_NETWORK,
                        _("The server %s did not answer in time. Check the network and try again."),
                        self->base_url);

  return g_error_new (LD_ERROR, LD_ERROR_NETWORK,
                      _("The server %s can’t be reached: %s"),
                      self->base_url, error->message);
}

/* an answer with an error status: the server's {"error":{"code","message"}} */
static GError *
ld_client_status_error (LdClient    *self,
                        GTask       *task,
                        Request     *request,
                        guint        status,
                        JsonObject  *answer)
{
  JsonObject *error_object = NULL;
  JsonObject *details = NULL;
  const char *code = NULL;
  const char *message = NULL;
  const char *field = NULL;
  LdError error_code;

  if (answer != NULL && ld_json_get_object (answer, "error", NULL, &error_object) && error_object)
    {
      if (!ld_json_get_string (error_object, "code", NULL, &code))
        code = NULL;
      if (!ld_json_get_string (error_object, "message", NULL, &message))
        message = NULL;
      if (ld_json_get_object (error_object, "details", NULL, &details) && details != NULL)
        if (!ld_json_get_string (details, "field", NULL, &field))
          field = NULL;
    }

  /* for ld_client_result_get_error_code() and _field() */
  g_object_set_data_full (G_OBJECT (task), "ld-error-code", g_strdup (code), g_free);
  g_object_set_data_full (G_OBJECT (task), "ld-error-field", g_strdup (field), g_free);
  g_object_set_data_full (G_OBJECT (task), "ld-error-details",
                          details != NULL ? json_object_ref (details) : NULL,
                          (GDestroyNotify) json_object_unref);

  error_code = ld_error_from_code (code, status);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    ld_client_expire_session (self, request->token);

  if (message != NULL && message[0] != '\0')
    return g_error_new_literal (LD_ERROR, error_code, message);

  return g_error_new (LD_ERROR, error_code,
                      _("The server answered “%u %s”"),
                      status, soup_message_get_reason_phrase (request->message)
                              ? soup_message_get_reason_phrase (request->message) : "");
}

/* the stream holds the connection: let it go back to the session's pool now, not when
 * the caller drops the GAsyncResult */
static void
request_release (Request *request)
{
  g_clear_object (&request->stream);
}

static void
ld_client_request_done (GTask *task)
{
  LdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->message);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;

  g_assert (LD_IS_CLIENT (self));

  /* for ld_client_result_was_replayed() */
  if (g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                               "Idempotent-Replayed"), "true") == 0)
    g_object_set_data (G_OBJECT (task), "ld-replayed", GINT_TO_POINTER (TRUE));

  if (request->body->len == 0)
    answer = json_node_new (JSON_NODE_NULL);
  else if (!g_utf8_validate ((const char *) request->body->data, request->body->len, NULL))
    g_set_error (&error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                 _("The server's answer could not be read: it is not text"));
  else
    answer = ld_json_parse ((const char *) request->body->data, request->body->len, &error);

  if (status == SOUP_STATUS_UNAUTHORIZED && (request->flags & LD_CLIENT_SEND_UNAUTHORIZED_OK) != 0)
    status = SOUP_STATUS_OK;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      JsonObject *object = NULL;

      if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
        object = json_node_get_object (answer);
      g_task_return_error (task, ld_client_status_error (self, task, request, status, object));
      return;
    }

  if (answer == NULL)
    {
      g_task_return_new_error (task, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                               _("The server's answer could not be read: %s"), error->message);
      return;
    }

  result = request->parse (self, answer, request->item_type, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, request->result_free);
}

static void
ld_client_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GInputStream *stream = (GInputStream *)object;
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  LdClient *self = g_task_get_source_object (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  g_assert (G_IS_INPUT_STREAM (stream));
  g_assert (G_IS_TASK (task));

  bytes = g_input_stream_read_bytes_finish (stream, result, &error);
  if (bytes == NULL)
    {
      request_release (request);
      g_task_return_error (task, ld_client_transport_error (self, error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      request_release (request);
      ld_client_request_done (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (bytes) > LD_CLIENT_MAX_ANSWER_SIZE)
    {
      request_release (request);
      g_task_return_new_error (task, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                               _("The server's answer is too large"));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT, cancellable,
                                   ld_client_read_cb, g_steal_pointer (&task));
}

static void
ld_client_send_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  LdClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  goffset length;

  g_assert (SOUP_IS_SESSION (session));
  g_assert (G_IS_TASK (task));

  request->stream = soup_session_send_finish (session, result, &error);
  if (request->stream == NULL)
    {
      g_task_return_error (task, ld_client_transport_error (self, error));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > LD_CLIENT_MAX_ANSWER_SIZE)
    {
      request_release (request);
      g_task_return_new_error (task, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                               _("The server's answer is too large"));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT, cancellable,
                                   ld_client_read_cb, g_steal_pointer (&task));
}

/* GTask notifies "completed" once the caller's callback has returned */
static void
ld_client_request_completed_cb (GTask      *task,
                                GParamSpec *pspec,
                                LdClient   *self)
{
  g_assert (G_IS_TASK (task));
  g_assert (LD_IS_CLIENT (self));
  g_assert (self->n_pending > 0);

  self->n_pending--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_REQUESTS]);
}

/* "?name=value", then "&name=value" */
static void
append_param (GString    *url,
              const char *name,
              const char *value)
{
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append_uri_escaped (url, name, NULL, FALSE);
  g_string_append_c (url, '=');
  g_string_append_uri_escaped (url, value, NULL, FALSE);
}

/* the one function every call goes through; the call's query, filter, cursor and limit
 * make the URL's query */
void
ld_client_send (LdClient            *self,
                const LdClientCall  *call,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  Request *request;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_assert (call->path != NULL && call->path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* the task holds the client until then */
  self->n_pending++;
  g_signal_connect (task, "notify::completed", G_CALLBACK (ld_client_request_completed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_REQUESTS]);

  request = g_new0 (Request, 1);
  request->body = g_byte_array_new ();
  request->parse = call->parse != NULL ? call->parse : ld_client_parse_model;
  request->item_type = call->item_type;
  request->result_free = call->result_free != NULL ? call->result_free : g_object_unref;
  request->flags = call->flags;
  g_task_set_task_data (task, request, request_free);

  /* a path from ld_client_request_async() may carry a query with spaces or Cyrillic:
   * escape what a URI cannot hold, keep what is already escaped */
  url = g_string_new (self->api_url);
  g_string_append_uri_escaped (url, call->path, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH "?%", FALSE);

  if (call->query != NULL)
    {
      g_autofree gpointer *keys = (gpointer *) g_hash_table_get_keys_as_array (call->query, NULL);

      g_qsort_with_data (keys, g_hash_table_size (call->query), sizeof (gpointer), compare_keys, NULL);
      for (guint i = 0; keys[i] != NULL; i++)
        if (g_hash_table_lookup (call->query, keys[i]) != NULL)
          append_param (url, keys[i], g_hash_table_lookup (call->query, keys[i]));
    }
  if (call->filter[1] != NULL)
    append_param (url, call->filter[0], call->filter[1]);
  if (call->cursor != NULL)
    append_param (url, "cursor", call->cursor);
  if (call->limit > 0)
    {
      g_autofree char *limit = g_strdup_printf ("%u", call->limit);

      append_param (url, "limit", limit);
    }

  uri = g_uri_parse (url->str, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_task_return_new_error (task, LD_ERROR, LD_ERROR_NETWORK,
                               _("The server address “%s” is not valid"), self->base_url);
      return;
    }

  request->message = soup_message_new_from_uri (call->method != NULL ? call->method : "GET", uri);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->accept_language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", self->accept_language);
  if ((call->flags & LD_CLIENT_SEND_WITHOUT_TOKEN) == 0 && self->token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (headers, "Authorization", authorization);
      request->token = g_strdup (self->token);
    }
  if (call->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", call->idempotency_key);
  if (call->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", call->if_match);

  if (call->body != NULL || call->object != NULL)
    {
      g_autofree char *text = call->object != NULL ? ld_json_object_to_string (call->object)
                                                   : ld_json_to_string (call->body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, cancellable,
                           ld_client_send_cb, g_steal_pointer (&task));
}

gpointer
ld_client_finish (LdClient      *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (LD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* the parsers of the typed calls */

JsonObject *
ld_client_answer_object (JsonNode  *answer,
                         GError   **error)
{
  if (JSON_NODE_HOLDS_OBJECT (answer))
    return json_node_get_object (answer);

  g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
               _("The server's answer could not be read: an object was expected"));
  return NULL;
}

/* the object itself, or its member @wrapper when it has one (e.g. {"call":{…}}) */
JsonObject *
ld_client_unwrap (JsonObject *object,
                  const char *wrapper)
{
  JsonObject *inner = NULL;

  if (ld_json_get_object (object, wrapper, NULL, &inner) && inner != NULL)
    return inner;
  return object;
}

gpointer
ld_client_parse_node (LdClient  *self,
                      JsonNode  *answer,
                      GType      item_type,
                      GError   **error)
{
  return json_node_ref (answer);
}

/* one object of @item_type: a domain type, LdConfig, or the JsonObject as it came */
gpointer
ld_client_parse_model (LdClient  *self,
                       JsonNode  *answer,
                       GType      item_type,
                       GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);

  if (object == NULL)
    return NULL;
  if (item_type == JSON_TYPE_OBJECT)
    return ld_model_json_object_copy (object);
  if (item_type == LD_TYPE_CONFIG)
    return ld_config_new_from_json (object, error);
  return ld_model_new_from_json (item_type, object, NULL, error);
}

gpointer
ld_client_parse_page (LdClient  *self,
                      JsonNode  *answer,
                      GType      item_type,
                      GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);

  return object != NULL ? ld_page_new_from_json (object, item_type, error) : NULL;
}

void
ld_client_clear_session (LdClient *self)
{
  g_assert (LD_IS_CLIENT (self));

  g_object_freeze_notify (G_OBJECT (self));
  ld_client_set_token (self, NULL);
  ld_client_set_operator (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

char *
ld_client_escape_segment (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* the generic calls: for tests that walk any list, and for the last callers that still
 * write a path (going away) */

void
ld_client_list_async (LdClient            *self,
                      const char          *path,
                      GHashTable          *query,
                      GType                item_type,
                      const char          *cursor,
                      guint                limit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT));

  ld_client_send (self, &(LdClientCall) { .path = path, .query = query, .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = item_type },
                  ld_client_list_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list)

void
ld_client_request_async (LdClient            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         const char          *idempotency_key,
                         const char          *if_match,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .body = body,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .parse = ld_client_parse_node,
                                          .result_free = (GDestroyNotify) json_node_unref },
                  ld_client_request_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonNode, ld_client_request)

/**
 * ld_client_result_get_error_code:
 * @result: the result of a call that failed
 *
 * Returns: (transfer none) (nullable): the server's error code as it wrote it (e.g.
 *   "version_conflict"), %NULL when the call did not fail with an error answer
 */
const char *
ld_client_result_get_error_code (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_object_get_data (G_OBJECT (result), "ld-error-code");
}

/**
 * ld_client_result_get_error_field:
 * @result: the result of a call that failed
 *
 * Returns: (transfer none) (nullable): the field the server named in `details.field`
 *   (with 422 invalid_field), so a form can point at it
 */
const char *
ld_client_result_get_error_field (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_object_get_data (G_OBJECT (result), "ld-error-field");
}

/**
 * ld_client_result_get_error_details:
 * @result: the result of a call that failed
 *
 * Returns: (transfer none) (nullable): the `details` object of the server's error answer
 *   as it came: with version_conflict of PATCH /members/{id}, `current` holds the answers
 *   and the version saved meanwhile
 */
JsonObject *
ld_client_result_get_error_details (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_object_get_data (G_OBJECT (result), "ld-error-details");
}

/**
 * ld_client_result_was_replayed:
 * @result: the result a call's callback got
 *
 * Returns: whether the server answered with the answer it kept under the request's
 *   Idempotency-Key (the header `Idempotent-Replayed: true`): the request had been done
 *   before and was not done again
 */
gboolean
ld_client_result_was_replayed (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_object_get_data (G_OBJECT (result), "ld-replayed") != NULL;
}

/**
 * ld_client_result_outcome_unknown:
 * @result: the result a call's callback got
 * @error: (nullable): the error its _finish gave
 *
 * Returns: whether the server may have done the request although the caller saw a failure
 */
gboolean
ld_client_result_outcome_unknown (GAsyncResult *result,
                                  const GError *error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (error == NULL)
    return FALSE;

  if (g_error_matches (error, LD_ERROR, LD_ERROR_NETWORK) ||
      g_error_matches (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;

  return error->domain == LD_ERROR &&
         (ld_client_result_get_error_code (result) == NULL ||
          ld_error_to_http_status (error->code) >= 500);
}

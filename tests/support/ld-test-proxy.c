/* ld-test-proxy.c — an HTTP proxy in front of the test server, for a network that misbehaves */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ld-test-proxy.h"

struct _LdTestProxy
{
  GObject      parent_instance;

  SoupServer  *soup_server;
  SoupSession *session;
  char        *upstream_url;
  char        *url;
  char        *fail_path;
  guint        fail_status;
  char        *fail_body;
  char        *hold_path;
  GPtrArray   *held;         /* (element-type SoupServerMessage) */
  char        *lose_suffix;
  guint        lose_status;
  guint        n_spoil_cursors;
  GPtrArray   *exchanges;    /* (element-type LdTestProxyExchange) */
};

G_DEFINE_FINAL_TYPE (LdTestProxy, ld_test_proxy, G_TYPE_OBJECT)

static void
exchange_free (LdTestProxyExchange *exchange)
{
  g_free (exchange->path);
  g_free (exchange->key);
  g_free (exchange);
}

/* the answer to @msg never reaches the client */
static void
ld_test_proxy_lose (LdTestProxy       *self,
                    SoupServerMessage *msg)
{
  if (self->lose_status == 0)
    {
      /* the connection breaks before the answer */
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      /* a reverse proxy whose upstream went away: its own page, not the server's JSON */
      static const char page[] = "<html><body><h1>Gateway Timeout</h1></body></html>";

      soup_server_message_set_status (msg, self->lose_status, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
}

/* asks the real server what @msg asks and answers with what it said */
static void
ld_test_proxy_forward (LdTestProxy       *self,
                       SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char * const copied[] = { "Authorization", "Accept", "Accept-Language", "Idempotency-Key", "If-Match" };
  g_autoptr(SoupMessage) forward = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *content_type;
  LdTestProxyExchange *exchange = NULL;

  target = g_strdup_printf ("%s%s%s%s", self->upstream_url, path,
                            g_uri_get_query (uri) ? "?" : "",
                            g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  if (self->n_spoil_cursors > 0 && strstr (target, "cursor=") != NULL)
    {
      /* a cursor this server never gave: it refuses it as it refuses one from before an upgrade */
      g_autofree char *spoiled = NULL;
      char *at = strstr (target, "cursor=") + strlen ("cursor=");

      self->n_spoil_cursors--;
      spoiled = g_strdup_printf ("%.*sstale%s", (int) (at - target), target, at);
      g_free (target);
      target = g_steal_pointer (&spoiled);
    }
  forward = soup_message_new (method, target);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      const char *value = soup_message_headers_get_one (request_headers, copied[i]);

      if (value != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (forward), copied[i], value);
    }
  if (request_body != NULL && request_body->length > 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (request_body->data, request_body->length);

      soup_message_set_request_body_from_bytes (forward, "application/json", bytes);
    }

  /* the real server does it, whatever becomes of its answer */
  answer = soup_session_send_and_read (self->session, forward, NULL, &error);
  g_assert_no_error (error);

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH") ||
      g_str_equal (method, "DELETE"))
    {
      exchange = g_new0 (LdTestProxyExchange, 1);
      exchange->path = g_strdup (path);
      exchange->key = g_strdup (soup_message_headers_get_one (request_headers, "Idempotency-Key"));
      exchange->status = soup_message_get_status (forward);
      exchange->replayed = g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (forward),
                                                                    "Idempotent-Replayed"), "true") == 0;
      g_ptr_array_add (self->exchanges, exchange);
    }

  if (exchange != NULL && self->lose_suffix != NULL && g_str_has_suffix (path, self->lose_suffix))
    {
      g_clear_pointer (&self->lose_suffix, g_free);
      exchange->lost = TRUE;
      ld_test_proxy_lose (self, msg);
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward), NULL);
  soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
  soup_server_message_set_response (msg, content_type ? content_type : "application/json",
                                    SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
ld_test_proxy_handler_cb (SoupServer        *soup_server,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  LdTestProxy *self = user_data;

  g_assert (LD_IS_TEST_PROXY (self));
  g_assert (SOUP_IS_SERVER_MESSAGE (msg));

  if (self->fail_path != NULL && strstr (path, self->fail_path) != NULL)
    {
      soup_server_message_set_status (msg, self->fail_status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        self->fail_body, strlen (self->fail_body));
      return;
    }

  if (self->hold_path != NULL && strstr (path, self->hold_path) != NULL)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (self->held, g_object_ref (msg));
      return;
    }

  ld_test_proxy_forward (self, msg);
}

static void
ld_test_proxy_finalize (GObject *object)
{
  LdTestProxy *self = LD_TEST_PROXY (object);

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);
  g_clear_object (&self->session);
  g_clear_pointer (&self->upstream_url, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->fail_path, g_free);
  g_clear_pointer (&self->fail_body, g_free);
  g_clear_pointer (&self->hold_path, g_free);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->lose_suffix, g_free);
  g_clear_pointer (&self->exchanges, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_test_proxy_parent_class)->finalize (object);
}

static void
ld_test_proxy_class_init (LdTestProxyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_test_proxy_finalize;
}

static void
ld_test_proxy_init (LdTestProxy *self)
{
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_free);
}

LdTestProxy *
ld_test_proxy_new (const char *upstream_url)
{
  g_autoptr(LdTestProxy) self = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  self = g_object_new (LD_TYPE_TEST_PROXY, NULL);
  self->upstream_url = g_strdup (upstream_url);
  self->session = soup_session_new ();
  self->soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->soup_server, NULL, ld_test_proxy_handler_cb, self, NULL);
  soup_server_listen_local (self->soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->soup_server);
  g_assert_nonnull (uris);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&self);
}

const char *
ld_test_proxy_get_url (LdTestProxy *self)
{
  g_return_val_if_fail (LD_IS_TEST_PROXY (self), NULL);

  return self->url;
}

void
ld_test_proxy_fail (LdTestProxy *self,
                    const char  *path_part,
                    guint        status,
                    const char  *code,
                    const char  *message)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_if_fail (LD_IS_TEST_PROXY (self));
  g_return_if_fail (path_part == NULL || (code != NULL && message != NULL));

  g_clear_pointer (&self->fail_path, g_free);
  g_clear_pointer (&self->fail_body, g_free);
  if (path_part == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  self->fail_path = g_strdup (path_part);
  self->fail_status = status;
  self->fail_body = json_to_string (root, FALSE);
}

void
ld_test_proxy_spoil_cursors (LdTestProxy *self,
                             guint        n_requests)
{
  g_return_if_fail (LD_IS_TEST_PROXY (self));

  self->n_spoil_cursors = n_requests;
}

void
ld_test_proxy_hold (LdTestProxy *self,
                    const char  *path_part)
{
  g_return_if_fail (LD_IS_TEST_PROXY (self));

  g_free (self->hold_path);
  self->hold_path = g_strdup (path_part);
}

guint
ld_test_proxy_get_n_held (LdTestProxy *self)
{
  g_return_val_if_fail (LD_IS_TEST_PROXY (self), 0);

  return self->held->len;
}

void
ld_test_proxy_release (LdTestProxy *self)
{
  g_return_if_fail (LD_IS_TEST_PROXY (self));

  g_clear_pointer (&self->hold_path, g_free);

  for (guint i = 0; i < self->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->held, i);

      ld_test_proxy_forward (self, msg);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (self->held, 0);
}

void
ld_test_proxy_lose_next_answer (LdTestProxy *self,
                                const char  *suffix,
                                guint        status)
{
  g_return_if_fail (LD_IS_TEST_PROXY (self));
  g_return_if_fail (suffix != NULL);

  g_free (self->lose_suffix);
  self->lose_suffix = g_strdup (suffix);
  self->lose_status = status;
}

GPtrArray *
ld_test_proxy_get_exchanges (LdTestProxy *self)
{
  g_return_val_if_fail (LD_IS_TEST_PROXY (self), NULL);

  return self->exchanges;
}

void
ld_test_proxy_assert_retried_with_same_key (LdTestProxy *proxy,
                                            const char  *suffix)
{
  GPtrArray *exchanges = ld_test_proxy_get_exchanges (proxy);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  LdTestProxyExchange *first;
  LdTestProxyExchange *retry;

  for (guint i = 0; i < exchanges->len; i++)
    {
      LdTestProxyExchange *exchange = g_ptr_array_index (exchanges, i);

      if (g_str_has_suffix (exchange->path, suffix))
        g_ptr_array_add (found, exchange);
    }

  g_assert_cmpuint (found->len, ==, 2);
  first = g_ptr_array_index (found, 0);
  retry = g_ptr_array_index (found, 1);
  g_test_message ("%s: %u then %u%s, keys %s and %s", suffix, first->status, retry->status,
                  retry->replayed ? " (replayed)" : "", first->key, retry->key);

  g_assert_true (first->lost);
  g_assert_false (first->replayed);
  g_assert_cmpuint (first->status, <, 300);
  g_assert_nonnull (first->key);
  g_assert_false (retry->lost);
  g_assert_cmpstr (retry->key, ==, first->key);
  g_assert_true (retry->replayed);
  g_assert_cmpuint (retry->status, ==, first->status);
}

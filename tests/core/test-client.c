/* test-client.c — LdClient against a mock server (SoupServer) in the same process */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <libsoup/soup.h>

#include "ld-core.h"
#include "ld-test-server.h"

/* a self-signed certificate for 127.0.0.1 (valid for a century): no client trusts it */
static const char self_signed_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBmzCCAUGgAwIBAgIUEjmU/rSCf9eUBLoj04Zr2/pQjNwwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzE4MjI0OVoYDzIxMjYxMDMw\n"
  "MTgyMjQ5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAARv1Nbd/4ET3a73MSk5VAtEC4O0Q7z1RaPJdCW7gRR8fqUG0VYfYepP\n"
  "j0+d5HIFaAfZum4VztV8rp0j5+q3SXkro28wbTAdBgNVHQ4EFgQU1fW2vAcMDT9X\n"
  "Ewt2G1qg3i5YJbkwHwYDVR0jBBgwFoAU1fW2vAcMDT9XEwt2G1qg3i5YJbkwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI\n"
  "zj0EAwIDSAAwRQIhALxtPuD6NG4ZY8WWl6z1h+X9bx3Um/iSnOFP2e9GTn6/AiAe\n"
  "AT2/7jmlfpo1jPpLz85bm6NLS0vgDPBN3CDpO0FiOQ==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtRBOUkdvf9toFpCW\n"
  "AjJEMHIG/TUo2k8mKZozMnp0+zihRANCAARv1Nbd/4ET3a73MSk5VAtEC4O0Q7z1\n"
  "RaPJdCW7gRR8fqUG0VYfYepPj0+d5HIFaAfZum4VztV8rp0j5+q3SXkr\n"
  "-----END PRIVATE KEY-----\n";

typedef struct
{
  SoupServer *server;
  char       *base_url;
  LdClient   *client;
  GPtrArray  *paused;     /* messages the mock never answers */
  guint       requests;
} Fixture;

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_error_field (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message,
                     const char        *field);

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  respond_error_field (msg, status, code, message, NULL);
}

static void
respond_error_field (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message,
                     const char        *field)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = ld_json_to_string (root, FALSE);
  respond_json (msg, status, text);
}

static const char *
header (SoupServerMessage *msg,
        const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

/* {"method", "path", "query", "body", "headers": {…}} of the request */
static void
respond_echo (SoupServerMessage *msg,
              const char        *path)
{
  static const char * const names[] = {
    "Authorization", "Idempotency-Key", "If-Match", "Accept-Language", "Content-Type", "Accept",
  };
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body_text = g_strndup (body->data, body->length);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body_text);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (header (msg, names[i]) != NULL)
      {
        json_builder_set_member_name (builder, names[i]);
        json_builder_add_string_value (builder, header (msg, names[i]));
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = ld_json_to_string (root, FALSE);
  respond_json (msg, SOUP_STATUS_OK, text);
}

#define OPERATOR_JSON "{\"id\": 3, \"login\": \"agent\", \"name\": \"Анна\", \"role\": \"agent\", " \
                      "\"rights\": [\"member.search\", \"card.link\"]}"

static void
mock_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *authorization = header (msg, "Authorization");
  gboolean authorized = g_strcmp0 (authorization, "Bearer tok-1") == 0;

  fixture->requests++;

  if (g_str_equal (path, "/api/v1/auth/login") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(JsonObject) request = ld_json_parse_object (body->data, body->length, NULL);
      const char *password = NULL;

      if (request != NULL)
        ld_json_get_string (request, "password", NULL, &password);
      if (g_strcmp0 (password, "demo") == 0)
        respond_json (msg, SOUP_STATUS_OK,
                      "{\"token\": \"tok-1\", \"expires_at\": \"2030-01-01T00:00:00Z\", \"operator\": " OPERATOR_JSON "}");
      else
        respond_error (msg, 401, "invalid_credentials", "Неверный логин или пароль");
    }
  else if (!authorized && (g_str_equal (path, "/api/v1/me") || g_str_equal (path, "/api/v1/auth/logout")))
    respond_error (msg, 401, "unauthorized", "The session has expired");
  else if (g_str_equal (path, "/api/v1/me"))
    respond_json (msg, SOUP_STATUS_OK, "{\"operator\": " OPERATOR_JSON "}");
  else if (g_str_equal (path, "/api/v1/auth/logout"))
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  else if (g_str_equal (path, "/api/v1/error"))
    {
      guint status = atoi (g_hash_table_lookup (query, "status"));
      const char *code = g_hash_table_lookup (query, "code");

      if (code != NULL)
        {
          g_autofree char *message = g_strdup_printf ("Сервер: %s", code);
          respond_error_field (msg, status, code, message, g_hash_table_lookup (query, "field"));
        }
      else
        {
          soup_server_message_set_status (msg, status, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>oops</html>", 17);
        }
    }
  else if (g_str_equal (path, "/api/v1/slow"))
    {
      /* never answers: for time-outs and cancellation */
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/api/v1/garbage"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"items\": [", 11);
    }
  else if (g_str_equal (path, "/api/v1/huge"))
    {
      gsize size = 2 * 1024 * 1024;
      char *data = g_malloc (size);

      memset (data, ' ', size);
      data[0] = '[';
      data[size - 1] = ']';
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      if (query != NULL && g_hash_table_contains (query, "chunked"))
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, size);
    }
  else if (g_str_equal (path, "/api/v1/members") && authorized)
    {
      g_autofree char *json = g_strdup_printf ("{\"items\": [{\"id\": 1, \"first_name\": \"Иван\", \"phone\": \"%s\"}],"
                                               " \"next_cursor\": \"c2\", \"total\": 3}",
                                               g_uri_get_query (soup_server_message_get_uri (msg)));
      respond_json (msg, SOUP_STATUS_OK, json);
    }
  else if (g_str_equal (path, "/api/v1/members/1") && authorized)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"id\": 1, \"first_name\": \"Иван\", \"version\": 3, \"cards\": [{\"number\": \"2000000000017\"}]}");
  else if (g_str_equal (path, "/api/v1/members/2") && authorized)
    respond_json (msg, SOUP_STATUS_OK, "{\"id\": \"two\"}");
  else if (g_str_equal (path, "/api/v1/members/1/purchases") && authorized)
    {
      g_autofree char *json = g_strdup_printf ("{\"items\": [{\"id\": 10, \"receipt\": \"%s\"}], \"next_cursor\": null, \"total\": 1}",
                                               g_uri_get_query (soup_server_message_get_uri (msg)));
      respond_json (msg, SOUP_STATUS_OK, json);
    }
  else if (g_str_equal (path, "/api/v1/members/1/subscriptions") && authorized)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"items\": [{\"mailing_type\": \"news\", \"channel\": \"sms\", \"enabled\": true},"
                  " {\"mailing_type\": \"news\", \"channel\": \"email\", \"enabled\": false}]}");
  else if (g_str_equal (path, "/api/v1/members/1/favorites") && authorized)
    respond_json (msg, SOUP_STATUS_OK, "{\"enabled\": true, \"items\": [{\"product_id\": 5}]}");
  else if (g_str_has_prefix (path, "/api/v1/cards/") && authorized)
    {
      g_autofree char *json = g_strdup_printf ("{\"number\": \"%s\", \"state\": \"issued\", \"owner_id\": null}",
                                               path + strlen ("/api/v1/cards/"));
      respond_json (msg, SOUP_STATUS_OK, json);
    }
  else if (g_str_equal (path, "/api/v1/calls") && authorized)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"call\": {\"id\": 8, \"phone\": \"+79991234567\", \"started_at\": \"2026-01-02T10:00:00Z\"},"
                  " \"member\": {\"id\": 1, \"first_name\": \"Иван\"}}");
  else if (g_str_equal (path, "/api/v1/calls/8/end") && authorized)
    respond_json (msg, SOUP_STATUS_OK,
                  "{\"call\": {\"id\": 8, \"phone\": \"+79991234567\", \"ended_at\": \"2026-01-02T10:05:00Z\","
                  " \"ticket_state\": \"closed\"}}");
  else if (g_str_equal (path, "/api/v1/config") && authorized)
    respond_json (msg, SOUP_STATUS_OK, "{\"registration\": {\"mode\": \"phone\"}, \"max_cards\": 5}");
  else if (g_str_equal (path, "/api/v1/echo"))
    respond_echo (msg, path);
  else if (!authorized)
    respond_error (msg, 401, "unauthorized", "The session has expired");
  else
    respond_error (msg, 404, "not_found", "No such thing");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *uris;
  gboolean tls = GPOINTER_TO_INT (data);

  if (tls)
    {
      certificate = g_tls_certificate_new_from_pem (self_signed_pem, -1, &error);
      g_assert_no_error (error);
    }

  fixture->server = soup_server_new ("tls-certificate", certificate, NULL);
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (fixture->server, NULL, mock_handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (tls ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base_url = g_strdup_printf ("%s://127.0.0.1:%d",
                                       tls ? "https" : "http", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->client = ld_client_new (fixture->base_url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  for (guint i = 0; i < fixture->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->paused, i));
  g_clear_pointer (&fixture->paused, g_ptr_array_unref);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base_url, g_free);

  /* let the sockets close */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ld_client_request_async() and its answer; @out_result (optional) keeps the result for
 * the ld_client_result_*() getters */
static JsonNode *
request_node (Fixture       *fixture,
              const char    *method,
              const char    *path,
              JsonNode      *body,
              const char    *idempotency_key,
              const char    *if_match,
              GAsyncResult **out_result,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  JsonNode *answer;

  ld_client_request_async (fixture->client, method, path, body, idempotency_key, if_match,
                           NULL, ld_test_store_result_cb, &result);
  answer = ld_client_request_finish (fixture->client, ld_test_await (&result), error);
  if (out_result != NULL)
    *out_result = g_steal_pointer (&result);
  return answer;
}

static JsonObject *
request (Fixture     *fixture,
         const char  *method,
         const char  *path,
         const char  *body,
         const char  *idempotency_key,
         const char  *if_match,
         GError     **error)
{
  g_autoptr(JsonNode) body_node = body ? ld_json_parse (body, -1, NULL) : NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = request_node (fixture, method, path, body_node, idempotency_key, if_match, NULL, error);
  if (answer == NULL)
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  return json_object_ref (json_node_get_object (answer));
}

static LdOperator *
login (LdClient   *client,
       const char *password,
       GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ld_client_login_async (client, "agent", password, NULL, ld_test_store_result_cb, &result);
  return ld_client_login_finish (client, ld_test_await (&result), error);
}

static void
test_error_mapping (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    guint       status;
    const char *code;   /* NULL: an HTML page instead of the error object */
    LdError     expected;
  } cases[] = {
    { 400, "malformed", LD_ERROR_MALFORMED },
    { 400, "invalid_json", LD_ERROR_MALFORMED },
    { 401, "invalid_credentials", LD_ERROR_INVALID_CREDENTIALS },
    { 403, "forbidden", LD_ERROR_FORBIDDEN },
    { 404, "not_found", LD_ERROR_NOT_FOUND },
    { 409, "version_conflict", LD_ERROR_VERSION_CONFLICT },
    { 409, "card_linked_to_other_member", LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER },
    { 409, "phone_already_registered", LD_ERROR_PHONE_ALREADY_REGISTERED },
    { 409, "wrong_step", LD_ERROR_WRONG_STEP },
    { 409, "draft_closed", LD_ERROR_DRAFT_CLOSED },
    { 409, "call_already_ended", LD_ERROR_CALL_ALREADY_ENDED },
    { 404, "card_not_found", LD_ERROR_CARD_NOT_FOUND },
    { 422, "invalid_code", LD_ERROR_INVALID_CODE },
    { 422, "code_expired", LD_ERROR_CODE_EXPIRED },
    { 415, "unsupported_media_type", LD_ERROR_UNSUPPORTED_MEDIA_TYPE },
    { 405, "method_not_allowed", LD_ERROR_METHOD_NOT_ALLOWED },
    { 409, "a_conflict_from_a_newer_server", LD_ERROR_CONFLICT },
    { 413, "payload_too_large", LD_ERROR_PAYLOAD_TOO_LARGE },
    { 422, "invalid_field", LD_ERROR_INVALID_FIELD },
    { 429, "too_many_attempts", LD_ERROR_TOO_MANY_ATTEMPTS },
    { 500, "internal", LD_ERROR_FAILED },
    { 501, "not_implemented", LD_ERROR_NOT_IMPLEMENTED },
    { 404, NULL, LD_ERROR_NOT_FOUND },
    { 403, NULL, LD_ERROR_FORBIDDEN },
    { 502, NULL, LD_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) answer = NULL;
      g_autofree char *path = NULL;

      if (cases[i].code != NULL)
        path = g_strdup_printf ("/error?status=%u&code=%s", cases[i].status, cases[i].code);
      else
        path = g_strdup_printf ("/error?status=%u", cases[i].status);

      g_test_message ("%s", path);
      answer = request (fixture, "GET", path, NULL, NULL, NULL, &error);
      g_assert_null (answer);
      g_assert_error (error, LD_ERROR, (gint) cases[i].expected);

      if (cases[i].code != NULL)
        {
          /* the server's own message, as it wrote it */
          g_autofree char *expected = g_strdup_printf ("Сервер: %s", cases[i].code);
          g_assert_cmpstr (error->message, ==, expected);
        }
      else
        {
          g_autofree char *status = g_strdup_printf ("%u", cases[i].status);
          g_assert_nonnull (strstr (error->message, status));
        }
    }
}

static void
test_error_field (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) plain_result = NULL;
  g_autoptr(GAsyncResult) ok_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) ok = NULL;

  answer = request_node (fixture, "PUT", "/error?status=422&code=invalid_field&field=email",
                         NULL, NULL, NULL, &result, &error);
  g_assert_null (answer);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ld_client_result_get_error_code (result), ==, "invalid_field");
  g_assert_cmpstr (ld_client_result_get_error_field (result), ==, "email");

  /* a code this core does not know is still there as written */
  plain = request_node (fixture, "GET", "/error?status=409&code=family_too_big",
                        NULL, NULL, NULL, &plain_result, &plain_error);
  g_assert_error (plain_error, LD_ERROR, LD_ERROR_CONFLICT);
  g_assert_cmpstr (ld_client_result_get_error_code (plain_result), ==, "family_too_big");
  g_assert_null (ld_client_result_get_error_field (plain_result));

  ok = request_node (fixture, "GET", "/echo", NULL, NULL, NULL, &ok_result, NULL);
  g_assert_nonnull (ok);
  g_assert_null (ld_client_result_get_error_code (ok_result));
}

static void
test_network_error (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdClient) client = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autofree char *base_url = NULL;
  guint16 port;

  /* a port nobody listens on: bind one, note it, close it */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_socket_bind (socket, G_SOCKET_ADDRESS (address), FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = ld_client_new (base_url);
  operator = login (client, "demo", &error);
  g_assert_null (operator);
  g_assert_error (error, LD_ERROR, LD_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "can’t be reached"));
  g_assert_nonnull (strstr (error->message, base_url));
  g_assert_null (ld_client_get_token (client));
}

static void
test_bad_base_url (void)
{
  g_autoptr(LdClient) client = ld_client_new ("not a url");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperator) operator = NULL;

  operator = login (client, "demo", &error);
  g_assert_null (operator);
  g_assert_error (error, LD_ERROR, LD_ERROR_NETWORK);
}

static void
test_tls_error (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperator) operator = login (fixture->client, "demo", &error);

  g_assert_null (operator);
  g_test_message ("%s", error->message);
  g_assert_error (error, LD_ERROR, LD_ERROR_TLS);
  /* the handshake failed before any request reached the handler */
  g_assert_cmpuint (fixture->requests, ==, 0);
}

static void
test_invalid_response (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) huge_error = NULL;
  g_autoptr(GError) chunked_error = NULL;
  g_autoptr(GError) shape_error = NULL;
  g_autoptr(JsonObject) garbage = request (fixture, "GET", "/garbage", NULL, NULL, NULL, &error);
  g_autoptr(JsonObject) huge = request (fixture, "GET", "/huge", NULL, NULL, NULL, &huge_error);
  g_autoptr(JsonObject) chunked = request (fixture, "GET", "/huge?chunked=1", NULL, NULL, NULL, &chunked_error);
  g_autoptr(LdOperator) operator = login (fixture->client, "demo", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdMember) member = NULL;

  g_assert_null (garbage);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);
  g_assert_null (huge);
  g_assert_error (huge_error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);
  g_assert_null (chunked);
  g_assert_error (chunked_error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);

  /* a member whose id is a string */
  g_assert_nonnull (operator);
  ld_client_get_member_async (fixture->client, 2, NULL, ld_test_store_result_cb, &result);
  member = ld_client_get_member_finish (fixture->client, ld_test_await (&result), &shape_error);
  g_assert_null (member);
  g_assert_error (shape_error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (shape_error->message, "“id”"));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_login_and_bearer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(JsonObject) echo = NULL;
  g_autoptr(JsonObject) anonymous = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *headers;
  guint operator_notifies = 0;

  g_signal_connect (fixture->client, "notify::operator", G_CALLBACK (notify_count_cb), &operator_notifies);

  /* before login: no Authorization header at all */
  anonymous = request (fixture, "GET", "/echo", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  headers = json_object_get_object_member (anonymous, "headers");
  g_assert_false (json_object_has_member (headers, "Authorization"));
  g_assert_cmpstr (json_object_get_string_member (headers, "Accept"), ==, "application/json");

  operator = login (fixture->client, "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_operator_get_login (operator), ==, "agent");
  g_assert_cmpstr (ld_client_get_token (fixture->client), ==, "tok-1");
  g_assert_true (ld_client_get_operator (fixture->client) == operator);
  g_assert_cmpuint (operator_notifies, ==, 1);
  g_assert_true (ld_client_has_right (fixture->client, LD_RIGHT_CARD_LINK));
  g_assert_false (ld_client_has_right (fixture->client, LD_RIGHT_MEMBER_MERGE));

  echo = request (fixture, "GET", "/echo", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  headers = json_object_get_object_member (echo, "headers");
  g_assert_cmpstr (json_object_get_string_member (headers, "Authorization"), ==, "Bearer tok-1");

  /* logout forgets the session */
  ld_client_logout_async (fixture->client, NULL, ld_test_store_result_cb, &result);
  g_assert_true (ld_client_logout_finish (fixture->client, ld_test_await (&result), &error));
  g_assert_no_error (error);
  g_assert_null (ld_client_get_token (fixture->client));
  g_assert_null (ld_client_get_operator (fixture->client));
  g_assert_cmpuint (operator_notifies, ==, 2);
  g_assert_false (ld_client_has_right (fixture->client, LD_RIGHT_CARD_LINK));

  /* logging out of a session the server no longer knows (401) is still a logout */
  g_clear_object (&result);
  ld_client_set_token (fixture->client, "tok-stale");
  ld_client_logout_async (fixture->client, NULL, ld_test_store_result_cb, &result);
  g_assert_null (ld_client_get_token (fixture->client));
  g_assert_true (ld_client_logout_finish (fixture->client, ld_test_await (&result), &error));
  g_assert_no_error (error);
}

static void
test_login_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperator) operator = NULL;
  guint expired = 0;

  g_signal_connect_swapped (fixture->client, "session-expired", G_CALLBACK (notify_count_cb), &expired);

  operator = login (fixture->client, "wrong", &error);
  g_assert_null (operator);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Неверный логин или пароль");
  g_assert_null (ld_client_get_token (fixture->client));
  /* a refused login is not an expired session */
  g_assert_cmpuint (expired, ==, 0);
}

static void
session_expired_cb (LdClient *client,
                    gpointer  user_data)
{
  /* both are cleared before the signal */
  g_assert_null (ld_client_get_token (client));
  g_assert_null (ld_client_get_operator (client));
  (*(guint *) user_data)++;
}

static void
test_unauthorized_clears_token (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) me = NULL;
  g_autoptr(LdOperator) operator = login (fixture->client, "demo", &error);
  guint expired = 0;
  guint token_notifies = 0;
  guint operator_notifies = 0;

  g_assert_no_error (error);
  g_assert_nonnull (operator);

  /* the server forgot the session: a token it does not know */
  ld_client_set_token (fixture->client, "tok-stale");
  g_signal_connect (fixture->client, "session-expired", G_CALLBACK (session_expired_cb), &expired);
  g_signal_connect (fixture->client, "notify::token", G_CALLBACK (notify_count_cb), &token_notifies);
  g_signal_connect (fixture->client, "notify::operator", G_CALLBACK (notify_count_cb), &operator_notifies);

  ld_client_get_me_async (fixture->client, NULL, ld_test_store_result_cb, &result);
  me = ld_client_get_me_finish (fixture->client, ld_test_await (&result), &error);
  g_assert_null (me);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "The session has expired");
  g_assert_null (ld_client_get_token (fixture->client));
  g_assert_null (ld_client_get_operator (fixture->client));
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpuint (token_notifies, ==, 1);
  g_assert_cmpuint (operator_notifies, ==, 1);
}

static void
test_unauthorized_keeps_newer_token (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) me = NULL;
  g_autoptr(LdOperator) operator = NULL;

  /* a request sent with an old token fails after a new login: the new session stays */
  ld_client_set_token (fixture->client, "tok-stale");
  ld_client_get_me_async (fixture->client, NULL, ld_test_store_result_cb, &result);
  operator = login (fixture->client, "demo", &error);
  g_assert_no_error (error);

  me = ld_client_get_me_finish (fixture->client, ld_test_await (&result), &error);
  g_assert_null (me);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (ld_client_get_token (fixture->client), ==, "tok-1");
  g_assert_nonnull (ld_client_get_operator (fixture->client));
}

static void
test_headers_and_body (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) echo = NULL;
  g_autoptr(JsonObject) plain = NULL;
  g_autoptr(JsonObject) sent = NULL;
  JsonObject *headers;

  ld_client_set_accept_language (fixture->client, "ru-RU, ru;q=0.9");
  echo = request (fixture, "PATCH", "/echo", "{\"answers\": {\"city\": \"Казань\"}}",
                  "0b6f6f6e-1c1a-4a4e-9a53-7c1d0f5b8e11", "7", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (json_object_get_string_member (echo, "method"), ==, "PATCH");
  headers = json_object_get_object_member (echo, "headers");
  g_assert_cmpstr (json_object_get_string_member (headers, "Idempotency-Key"), ==, "0b6f6f6e-1c1a-4a4e-9a53-7c1d0f5b8e11");
  g_assert_cmpstr (json_object_get_string_member (headers, "If-Match"), ==, "7");
  g_assert_cmpstr (json_object_get_string_member (headers, "Accept-Language"), ==, "ru-RU, ru;q=0.9");
  g_assert_cmpstr (json_object_get_string_member (headers, "Content-Type"), ==, "application/json");

  sent = ld_json_parse_object (json_object_get_string_member (echo, "body"), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sent, "answers"), "city"), ==, "Казань");

  /* a query written by hand is escaped where it must be, and only there */
  {
    g_autoptr(JsonObject) escaped = request (fixture, "GET", "/echo?q=чай с лимоном&card=2000%2000", NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (escaped, "query"), ==,
                     "q=%D1%87%D0%B0%D0%B9%20%D1%81%20%D0%BB%D0%B8%D0%BC%D0%BE%D0%BD%D0%BE%D0%BC&card=2000%2000");
  }

  /* without them, neither header is sent; the default language list is not empty */
  ld_client_set_accept_language (fixture->client, NULL);
  plain = request (fixture, "GET", "/echo", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  headers = json_object_get_object_member (plain, "headers");
  g_assert_false (json_object_has_member (headers, "Idempotency-Key"));
  g_assert_false (json_object_has_member (headers, "If-Match"));
  g_assert_false (json_object_has_member (headers, "Content-Type"));
  g_assert_cmpstr (json_object_get_string_member (headers, "Accept-Language"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (plain, "body"), ==, "");
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) early_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) early_error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) early_answer = NULL;

  /* cancelled while the server thinks */
  ld_client_request_async (fixture->client, "GET", "/slow", NULL, NULL, NULL,
                           cancellable, ld_test_store_result_cb, &result);
  while (fixture->paused->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  answer = ld_client_request_finish (fixture->client, ld_test_await (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* cancelled before it started */
  g_cancellable_cancel (cancelled);
  ld_client_request_async (fixture->client, "GET", "/echo", NULL, NULL, NULL,
                           cancelled, ld_test_store_result_cb, &early_result);
  early_answer = ld_client_request_finish (fixture->client, ld_test_await (&early_result), &early_error);
  g_assert_null (early_answer);
  g_assert_error (early_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* what a request's callback saw of the client's count */
typedef struct
{
  GAsyncResult *result;
  guint         pending_in_callback;
} PendingSeen;

static void
pending_seen_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PendingSeen *seen = user_data;

  seen->pending_in_callback = ld_client_get_pending_requests (LD_CLIENT (object));
  seen->result = g_object_ref (result);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *n_notified = user_data;

  (*n_notified)++;
}

/* "pending-requests" counts a request from its send until its callback has returned,
 * answered or cancelled, so a test can wait for the count to come back to 0 */
static void
test_pending_requests (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) cancelled_answer = NULL;
  g_autoptr(GError) error = NULL;
  PendingSeen slow = { NULL, 0 };
  PendingSeen echo = { NULL, 0 };
  guint n_notified = 0;

  g_signal_connect (fixture->client, "notify::pending-requests", G_CALLBACK (count_notify_cb), &n_notified);
  g_assert_cmpuint (ld_client_get_pending_requests (fixture->client), ==, 0);

  ld_client_request_async (fixture->client, "GET", "/slow", NULL, NULL, NULL,
                           cancellable, pending_seen_cb, &slow);
  ld_client_request_async (fixture->client, "GET", "/echo", NULL, NULL, NULL,
                           NULL, pending_seen_cb, &echo);
  g_assert_cmpuint (ld_client_get_pending_requests (fixture->client), ==, 2);
  g_assert_cmpuint (n_notified, ==, 2);

  /* the answered one: its callback still counts itself, the count drops after it */
  while (echo.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (echo.pending_in_callback, ==, 2);
  g_assert_cmpuint (ld_client_get_pending_requests (fixture->client), ==, 1);
  answer = ld_client_request_finish (fixture->client, echo.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);

  /* the held one, cancelled: it too comes back to its caller, and the count to 0 */
  while (fixture->paused->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (slow.result);
  g_cancellable_cancel (cancellable);
  while (ld_client_get_pending_requests (fixture->client) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (slow.result);
  g_assert_cmpuint (slow.pending_in_callback, ==, 1);
  g_assert_cmpuint (n_notified, ==, 4);
  cancelled_answer = ld_client_request_finish (fixture->client, slow.result, &error);
  g_assert_null (cancelled_answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_signal_handlers_disconnect_by_func (fixture->client, count_notify_cb, &n_notified);
  g_clear_object (&slow.result);
  g_clear_object (&echo.result);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_assert_cmpuint (ld_client_get_timeout (fixture->client), ==, 0);
  ld_client_set_timeout (fixture->client, 1);
  ld_client_request_async (fixture->client, "GET", "/slow", NULL, NULL, NULL,
                           NULL, ld_test_store_result_cb, &result);
  answer = ld_client_request_finish (fixture->client, ld_test_await (&result), &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (answer);
  g_assert_error (error, LD_ERROR, LD_ERROR_NETWORK);
  g_test_message ("%s after %" G_GINT64_FORMAT " ms", error->message, elapsed / 1000);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC * 5);
}

static void
test_typed_calls (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOperator) operator = login (fixture->client, "demo", &error);
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;
  g_autoptr(GAsyncResult) r6 = NULL, r7 = NULL, r8 = NULL, r9 = NULL, r10 = NULL;
  g_autoptr(LdOperator) me = NULL;
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdCall) ended = NULL;
  g_autoptr(LdPage) found = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(LdMember) first = NULL;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(LdPage) purchases = NULL;
  g_autoptr(LdPurchase) purchase = NULL;
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(GListModel) subscriptions = NULL;
  g_autoptr(LdSubscription) subscription = NULL;
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_nonnull (operator);

  ld_client_get_me_async (fixture->client, NULL, ld_test_store_result_cb, &r1);
  ld_client_get_config_async (fixture->client, NULL, ld_test_store_result_cb, &r2);
  ld_client_start_call_async (fixture->client, "+79991234567", "key-start", NULL, ld_test_store_result_cb, &r3);
  ld_client_end_call_async (fixture->client, 8, "done", TRUE, "key-end", NULL, ld_test_store_result_cb, &r4);
  ld_client_search_members_async (fixture->client, "name", "Иван Петров", "c1", 20, NULL, ld_test_store_result_cb, &r5);
  ld_client_get_member_async (fixture->client, 1, NULL, ld_test_store_result_cb, &r6);
  ld_client_get_card_async (fixture->client, "2000 0000", NULL, ld_test_store_result_cb, &r7);
  g_hash_table_insert (query, (gpointer) "sort", (gpointer) "date");
  g_hash_table_insert (query, (gpointer) "order", (gpointer) "desc");
  ld_client_list_async (fixture->client, "/members/1/purchases", query, LD_TYPE_PURCHASE, "abc/=", 50,
                        NULL, ld_test_store_result_cb, &r8);
  ld_client_get_favorites_async (fixture->client, 1, NULL, ld_test_store_result_cb, &r9);
  ld_client_get_subscriptions_async (fixture->client, 1, NULL, ld_test_store_result_cb, &r10);

  me = ld_client_get_me_finish (fixture->client, ld_test_await (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_operator_get_id (me), ==, 3);
  g_assert_true (ld_client_get_operator (fixture->client) == me);

  config = ld_client_get_config_finish (fixture->client, ld_test_await (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_config_get_registration_mode (config), ==, "phone");
  g_assert_cmpint (ld_config_get_max_cards (config), ==, 5);

  call = ld_client_start_call_finish (fixture->client, ld_test_await (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_call_get_id (call), ==, 8);
  g_assert_cmpstr (ld_call_get_phone (call), ==, "+79991234567");
  g_assert_nonnull (ld_call_get_member (call));
  g_assert_cmpstr (ld_member_get_first_name (ld_call_get_member (call)), ==, "Иван");

  ended = ld_client_end_call_finish (fixture->client, ld_test_await (&r4), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_call_get_ticket_state (ended), ==, "closed");
  g_assert_null (ld_call_get_member (ended));

  found = ld_client_search_members_finish (fixture->client, ld_test_await (&r5), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_page_get_n_items (found), ==, 1);
  g_assert_cmpstr (ld_page_get_next_cursor (found), ==, "c2");
  g_assert_cmpint (ld_page_get_total (found), ==, 3);
  first = g_list_model_get_item (ld_page_get_items (found), 0);
  /* the mock put the query string it got in "phone" */
  g_assert_cmpstr (ld_member_get_phone (first), ==,
                   "name=%D0%98%D0%B2%D0%B0%D0%BD%20%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2&cursor=c1&limit=20");

  member = ld_client_get_member_finish (fixture->client, ld_test_await (&r6), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_member_get_version (member), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (ld_member_get_cards (member)), ==, 1);

  card = ld_client_get_card_finish (fixture->client, ld_test_await (&r7), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_card_get_number (card), ==, "2000 0000");
  g_assert_cmpint (ld_card_get_owner_id (card), ==, 0);

  purchases = ld_client_list_finish (fixture->client, ld_test_await (&r8), &error);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (purchases) == LD_TYPE_PURCHASE);
  g_assert_null (ld_page_get_next_cursor (purchases));
  purchase = g_list_model_get_item (ld_page_get_items (purchases), 0);
  g_assert_cmpstr (ld_purchase_get_receipt (purchase), ==, "order=desc&sort=date&cursor=abc%2F%3D&limit=50");

  favorites = ld_client_get_favorites_finish (fixture->client, ld_test_await (&r9), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (favorites, "enabled"));

  subscriptions = ld_client_get_subscriptions_finish (fixture->client, ld_test_await (&r10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (subscriptions), ==, 2);
  subscription = g_list_model_get_item (subscriptions, 1);
  g_assert_cmpstr (ld_subscription_get_channel (subscription), ==, "email");
  g_assert_false (ld_subscription_get_enabled (subscription));
}

static void
test_base_url (void)
{
  g_autoptr(LdClient) client = ld_client_new ("http://127.0.0.1:8080/");

  g_assert_cmpstr (ld_client_get_base_url (client), ==, "http://127.0.0.1:8080/");
  g_assert_null (ld_client_get_token (client));
  g_assert_null (ld_client_get_operator (client));
  g_assert_nonnull (ld_client_get_accept_language (client));
}

/* the rule of retrying with the same Idempotency-Key, against real answers */
static gboolean
outcome_unknown_of (Fixture    *fixture,
                    const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = request_node (fixture, "POST", path, NULL, "key-1", NULL, &result, &error);
  return ld_client_result_outcome_unknown (result, error);
}

static void
test_outcome_unknown (Fixture       *fixture,
                      gconstpointer  data)
{
  /* the server answered and kept its answer under the key: a new request, a new key */
  g_assert_false (outcome_unknown_of (fixture, "/echo"));
  g_assert_false (outcome_unknown_of (fixture, "/error?status=409&code=call_already_ended"));
  g_assert_false (outcome_unknown_of (fixture, "/error?status=422&code=invalid_field&field=reason"));
  /* a failure of the server itself, or a proxy's page that is not ours: it may have done it */
  g_assert_true (outcome_unknown_of (fixture, "/error?status=500&code=internal"));
  g_assert_true (outcome_unknown_of (fixture, "/error?status=504"));
  g_assert_true (outcome_unknown_of (fixture, "/error?status=502"));
}


/* ---- every LdError value has one code and one status, both ways */

static void
test_error_values_map_both_ways (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (LdError value = LD_ERROR_FAILED; value <= LD_ERROR_IDEMPOTENCY_KEY_IN_USE; value++)
    {
      const char *code = ld_error_to_code (value);
      guint status = ld_error_to_http_status (value);

      g_test_message ("%d %s %u", value, code, status);
      g_assert_true (g_hash_table_add (codes, (gpointer) code));
      g_assert_cmpint (ld_error_from_code (code, status), ==, value);
      /* the code decides, whatever status came with it */
      g_assert_cmpint (ld_error_from_code (code, 0), ==, value);
    }

  /* what a server answers without a code it knows falls back on the status */
  g_assert_cmpint (ld_error_from_code (NULL, 405), ==, LD_ERROR_METHOD_NOT_ALLOWED);
  g_assert_cmpint (ld_error_from_code ("from_a_newer_server", 415), ==, LD_ERROR_UNSUPPORTED_MEDIA_TYPE);
  g_assert_cmpint (ld_error_from_code ("from_a_newer_server", 409), ==, LD_ERROR_CONFLICT);
}

/* ---- the typed calls against the real server (LdTestServer) */

static LdTestServer *real_server;

static LdTestServer *
real_server_get (void)
{
  if (real_server == NULL)
    real_server = ld_test_server_new (5, NULL);
  return real_server;
}

/* a number no member has: the test's own range, one new each time */
static char *
new_phone (void)
{
  static guint n;

  return g_strdup_printf ("+7901555%04u", ++n);
}

/* calls @call_async with its arguments and waits for its @finish */
#define AWAIT(call_async, finish, client, error, ...) \
  ({ g_autoptr(GAsyncResult) _r = NULL; \
     call_async (client, __VA_ARGS__, NULL, ld_test_store_result_cb, &_r); \
     finish (client, ld_test_await (&_r), error); })

static LdCall *
start_call (LdClient     *client,
            const char   *phone,
            const char   *key,
            gboolean     *out_replayed,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  LdCall *call;

  ld_client_start_call_async (client, phone, key, NULL, ld_test_store_result_cb, &result);
  call = ld_client_start_call_finish (client, ld_test_await (&result), error);
  if (out_replayed != NULL)
    *out_replayed = ld_client_result_was_replayed (result);
  return call;
}

static void
test_server_typed_calls (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdClient) supervisor = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(LdMember) linked = NULL;
  g_autoptr(LdPage) found = NULL;
  g_autoptr(LdPage) purchases = NULL;
  g_autoptr(LdPage) operations = NULL;
  g_autoptr(LdPage) messages = NULL;
  g_autoptr(LdPage) actions = NULL;
  g_autoptr(LdPage) history = NULL;
  g_autoptr(LdPage) products = NULL;
  g_autoptr(LdPage) free_cards = NULL;
  g_autoptr(LdPage) outbox = NULL;
  g_autoptr(LdPage) no_outbox = NULL;
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(GListModel) subscriptions = NULL;
  g_autoptr(LdCard) free_card = NULL;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdCall) read = NULL;
  g_autoptr(LdCall) ended = NULL;
  g_autoptr(GError) forbidden = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *end_key = g_uuid_string_random ();

  {
    g_autoptr(GAsyncResult) result = NULL;

    ld_client_get_config_async (agent, NULL, ld_test_store_result_cb, &result);
    config = ld_client_get_config_finish (agent, ld_test_await (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_nonnull (ld_config_get_reasons (config, "call_end"));

  member = AWAIT (ld_client_get_member_async, ld_client_get_member_finish, agent, &error, 1);
  g_assert_no_error (error);
  g_assert_cmpint (ld_member_get_id (member), ==, 1);

  found = AWAIT (ld_client_search_members_async, ld_client_search_members_finish, agent, &error,
                 "phone", ld_member_get_phone (member), NULL, 5);
  g_assert_no_error (error);
  g_assert_cmpint (ld_page_get_total (found), ==, 1);

  g_hash_table_insert (query, (gpointer) "sort", (gpointer) "date");
  purchases = AWAIT (ld_client_list_member_history_async, ld_client_list_member_history_finish, agent, &error,
                     1, LD_MEMBER_HISTORY_PURCHASES, query, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (purchases) == LD_TYPE_PURCHASE);
  g_assert_cmpuint (ld_page_get_n_items (purchases), <=, 5);
  operations = AWAIT (ld_client_list_member_history_async, ld_client_list_member_history_finish, agent, &error,
                      1, LD_MEMBER_HISTORY_OPERATIONS, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (operations) == LD_TYPE_OPERATION);
  messages = AWAIT (ld_client_list_member_history_async, ld_client_list_member_history_finish, agent, &error,
                    1, LD_MEMBER_HISTORY_MESSAGES, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (messages) == LD_TYPE_MESSAGE);
  actions = AWAIT (ld_client_list_member_history_async, ld_client_list_member_history_finish, agent, &error,
                   1, LD_MEMBER_HISTORY_ACTIONS, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (actions) == LD_TYPE_ACTION);
  history = AWAIT (ld_client_list_member_history_async, ld_client_list_member_history_finish, agent, &error,
                   1, LD_MEMBER_HISTORY_FAVORITES_HISTORY, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (history) == LD_TYPE_FAVORITE_CHANGE);

  favorites = AWAIT (ld_client_get_favorites_async, ld_client_get_favorites_finish, agent, &error, 1);
  g_assert_no_error (error);
  subscriptions = AWAIT (ld_client_get_subscriptions_async, ld_client_get_subscriptions_finish, agent, &error, 1);
  g_assert_no_error (error);
  products = AWAIT (ld_client_list_products_async, ld_client_list_products_finish, agent, &error, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (products) == LD_TYPE_PRODUCT);

  /* the free pool, one of its cards, linked to member 1 */
  free_cards = AWAIT (ld_client_list_free_cards_async, ld_client_list_free_cards_finish, agent, &error, NULL, 5);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_page_get_n_items (free_cards), >, 0);
  free_card = g_list_model_get_item (ld_page_get_items (free_cards), 0);
  card = AWAIT (ld_client_get_card_async, ld_client_get_card_finish, agent, &error, ld_card_get_number (free_card));
  g_assert_no_error (error);
  g_assert_cmpstr (ld_card_get_state (card), ==, "issued");
  linked = AWAIT (ld_client_link_card_async, ld_client_link_card_finish, agent, &error,
                  1, ld_card_get_number (free_card), ld_member_get_version (member), key);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ld_member_get_cards (linked)), ==,
                    g_list_model_get_n_items (ld_member_get_cards (member)) + 1);

  /* a call: started, read, ended */
  call = start_call (agent, ld_member_get_phone (member), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_member_get_id (ld_call_get_member (call)), ==, 1);
  read = AWAIT (ld_client_get_call_async, ld_client_get_call_finish, agent, &error, ld_call_get_id (call));
  g_assert_no_error (error);
  g_assert_cmpint (ld_call_get_id (read), ==, ld_call_get_id (call));
  ended = AWAIT (ld_client_end_call_async, ld_client_end_call_finish, agent, &error,
                 ld_call_get_id (call), "resolved", FALSE, end_key);
  g_assert_no_error (error);
  g_assert_cmpint (ld_call_get_id (ended), ==, ld_call_get_id (call));

  /* the outbox needs outbox.view: the supervisor's */
  outbox = AWAIT (ld_client_list_outbox_async, ld_client_list_outbox_finish, supervisor, &error, NULL, NULL, 5);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (outbox) == LD_TYPE_OUTBOX_ITEM);
  no_outbox = AWAIT (ld_client_list_outbox_async, ld_client_list_outbox_finish, agent, &forbidden, NULL, NULL, 5);
  g_assert_null (no_outbox);
  g_assert_error (forbidden, LD_ERROR, LD_ERROR_FORBIDDEN);
}

/* the registration's calls, a step at a time, and the server's refusals as LdError values */
static void
test_server_registration_calls (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *phone = new_phone ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(LdRegistrationDraft) again = NULL;
  g_autoptr(LdRegistrationDraft) first = NULL;
  g_autoptr(LdPage) listed = NULL;
  g_autoptr(LdRegistrationDraft) cancelled = NULL;
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(GArray) steps = NULL;
  g_autofree char *key = g_uuid_string_random ();
  GListModel *items = NULL;
  gint64 id;

  call = start_call (agent, phone, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ld_call_get_member (call));

  draft = AWAIT (ld_client_start_registration_async, ld_client_start_registration_finish, agent, &error,
                 phone, ld_call_get_id (call), key);
  g_assert_no_error (error);
  id = ld_registration_draft_get_id (draft);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (ld_registration_draft_get_phone (draft), ==, phone);
  g_assert_cmpint (ld_registration_draft_get_call_id (draft), ==, ld_call_get_id (call));
  g_assert_cmpint (ld_registration_draft_get_step (draft), ==, LD_REGISTRATION_STEP_CARD);
  g_assert_cmpint (ld_registration_draft_get_resume_step (draft), ==, LD_REGISTRATION_STEP_CARD);
  g_assert_true (ld_registration_draft_is_open (draft));

  /* the server's steps are the ones the model orders for its configuration */
  {
    g_autoptr(GAsyncResult) result = NULL;

    ld_client_get_config_async (agent, NULL, ld_test_store_result_cb, &result);
    config = ld_client_get_config_finish (agent, ld_test_await (&result), &error);
    g_assert_no_error (error);
  }
  steps = ld_registration_steps_for_config (config, FALSE);
  g_assert_cmpuint (steps->len, ==, ld_registration_draft_get_n_steps (draft));
  for (guint i = 0; i < steps->len; i++)
    g_assert_cmpuint (ld_registration_draft_get_step_index (draft, g_array_index (steps, LdRegistrationStep, i)), ==, i);

  again = AWAIT (ld_client_get_registration_async, ld_client_get_registration_finish, agent, &error, id);
  g_assert_no_error (error);
  g_assert_cmpint (ld_registration_draft_get_id (again), ==, id);

  listed = AWAIT (ld_client_list_registrations_async, ld_client_list_registrations_finish, agent, &error,
                  phone, NULL, 1);
  g_assert_no_error (error);
  items = ld_page_get_items (listed);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  first = g_list_model_get_item (items, 0);
  g_assert_true (LD_IS_REGISTRATION_DRAFT (first));
  g_assert_cmpint (ld_registration_draft_get_id (first), ==, id);

  /* each refusal is its own value, and a 422 names its field */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(LdRegistrationDraft) none = NULL;

    ld_client_registration_card_async (agent, id, "1111 2222 3333 4", FALSE, "k-unknown", NULL,
                                       ld_test_store_result_cb, &result);
    none = ld_client_registration_card_finish (agent, ld_test_await (&result), &error);
    g_assert_null (none);
    g_assert_error (error, LD_ERROR, LD_ERROR_CARD_NOT_FOUND);
    g_assert_cmpstr (ld_client_result_get_error_field (result), ==, "number");
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(LdRegistrationDraft) none = NULL;

    ld_client_registration_card_async (agent, id, "12ab", FALSE, "k-invalid", NULL,
                                       ld_test_store_result_cb, &result);
    none = ld_client_registration_card_finish (agent, ld_test_await (&result), &error);
    g_assert_null (none);
    g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
    g_assert_cmpstr (ld_client_result_get_error_field (result), ==, "number");
    g_clear_error (&error);
  }
  {
    g_autoptr(LdRegistrationDraft) none = AWAIT (ld_client_registration_email_async, ld_client_registration_email_finish,
                                        agent, &error, id, "a@example.com", "k-email");
    g_assert_null (none);
    g_assert_error (error, LD_ERROR, LD_ERROR_WRONG_STEP);
    g_clear_error (&error);
  }

  cancelled = AWAIT (ld_client_cancel_registration_async, ld_client_cancel_registration_finish, agent, &error,
                     id, NULL, "k-cancel");
  g_assert_no_error (error);
  g_assert_cmpstr (ld_registration_draft_get_state (cancelled), ==, "cancelled");
  g_assert_cmpint (ld_registration_draft_get_resume_step (cancelled), ==, LD_REGISTRATION_STEP_ENDED);
  {
    g_autoptr(LdRegistrationDraft) none = AWAIT (ld_client_registration_card_async, ld_client_registration_card_finish,
                                        agent, &error, id, NULL, FALSE, "k-closed");
    g_assert_null (none);
    g_assert_error (error, LD_ERROR, LD_ERROR_DRAFT_CLOSED);
    g_clear_error (&error);
  }
}

static void
test_server_conflicts_are_values (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(LdMember) other = NULL;
  g_autoptr(LdMember) none = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdCall) ended = NULL;
  g_autoptr(LdCall) twice = NULL;
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  member = AWAIT (ld_client_get_member_async, ld_client_get_member_finish, agent, &error, 1);
  g_assert_no_error (error);
  other = AWAIT (ld_client_get_member_async, ld_client_get_member_finish, agent, &error, 2);
  g_assert_no_error (error);
  g_assert_nonnull (ld_member_get_main_card (other));

  /* a member's phone cannot start a registration */
  call = start_call (agent, ld_member_get_phone (member), NULL, NULL, &error);
  g_assert_no_error (error);
  draft = AWAIT (ld_client_start_registration_async, ld_client_start_registration_finish, agent, &error,
                 ld_member_get_phone (member), ld_call_get_id (call), "k-registered");
  g_assert_null (draft);
  g_assert_error (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED);
  g_clear_error (&error);

  /* another member's card cannot be linked */
  ld_client_link_card_async (agent, 1, ld_card_get_number (ld_member_get_main_card (other)), 0, "k-other",
                             NULL, ld_test_store_result_cb, &result);
  none = ld_client_link_card_finish (agent, ld_test_await (&result), &error);
  g_assert_null (none);
  g_assert_error (error, LD_ERROR, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER);
  /* the code as written stays for logs */
  g_assert_cmpstr (ld_client_result_get_error_code (result), ==, "card_linked_to_other_member");
  g_clear_error (&error);

  /* a call ends once; another submit (a new key) is refused */
  ended = AWAIT (ld_client_end_call_async, ld_client_end_call_finish, agent, &error,
                 ld_call_get_id (call), "resolved", FALSE, "k-end-1");
  g_assert_no_error (error);
  twice = AWAIT (ld_client_end_call_async, ld_client_end_call_finish, agent, &error,
                 ld_call_get_id (call), "resolved", FALSE, "k-end-2");
  g_assert_null (twice);
  g_assert_error (error, LD_ERROR, LD_ERROR_CALL_ALREADY_ENDED);
  g_clear_error (&error);

  /* a reason not in the configuration: a 422 naming its field */
  {
    g_autoptr(LdCall) open_call = start_call (agent, ld_member_get_phone (member), NULL, NULL, &error);
    g_autoptr(GAsyncResult) bad_result = NULL;
    g_autoptr(LdCall) bad = NULL;

    g_assert_no_error (error);
    ld_client_end_call_async (agent, ld_call_get_id (open_call), "no-such-reason", FALSE, "k-bad", NULL,
                              ld_test_store_result_cb, &bad_result);
    bad = ld_client_end_call_finish (agent, ld_test_await (&bad_result), &error);
    g_assert_null (bad);
    g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
    g_assert_cmpstr (ld_client_result_get_error_field (bad_result), ==, "reason");
  }
}

/* the page of @page holds the call @call_id, as @call_id's operator's */
static gboolean
page_holds_call (LdPage *page,
                 gint64  call_id,
                 gint64  operator_id)
{
  GListModel *items = ld_page_get_items (page);

  g_assert_true (ld_page_get_item_type (page) == LD_TYPE_CALL);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(LdCall) call = g_list_model_get_item (items, i);

      if (ld_call_get_id (call) == call_id)
        return ld_call_get_operator_id (call) == operator_id;
    }
  return FALSE;
}

/* GET /calls: an agent's open and ended calls; a supervisor's view of one agent's shift;
 * an agent asking for another operator's is refused with a value */
static void
test_server_list_calls (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdClient) supervisor = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autofree char *phone = new_phone ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCall) open_call = NULL;
  g_autoptr(LdCall) ended_call = NULL;
  g_autoptr(LdCall) ended = NULL;
  g_autoptr(LdPage) open = NULL;
  g_autoptr(LdPage) closed = NULL;
  g_autoptr(LdPage) of_agent = NULL;
  g_autoptr(LdPage) refused = NULL;
  gint64 agent_id = ld_operator_get_id (ld_client_get_operator (agent));
  gint64 supervisor_id = ld_operator_get_id (ld_client_get_operator (supervisor));

  open_call = start_call (agent, phone, NULL, NULL, &error);
  g_assert_no_error (error);
  ended_call = start_call (agent, phone, NULL, NULL, &error);
  g_assert_no_error (error);
  ended = AWAIT (ld_client_end_call_async, ld_client_end_call_finish, agent, &error,
                 ld_call_get_id (ended_call), "resolved", FALSE, NULL);
  g_assert_no_error (error);

  open = AWAIT (ld_client_list_calls_async, ld_client_list_calls_finish, agent, &error, "open", 0, NULL, 500);
  g_assert_no_error (error);
  g_assert_true (page_holds_call (open, ld_call_get_id (open_call), agent_id));
  g_assert_false (page_holds_call (open, ld_call_get_id (ended_call), agent_id));

  closed = AWAIT (ld_client_list_calls_async, ld_client_list_calls_finish, agent, &error, "ended", 0, NULL, 500);
  g_assert_no_error (error);
  g_assert_true (page_holds_call (closed, ld_call_get_id (ended_call), agent_id));
  g_assert_false (page_holds_call (closed, ld_call_get_id (open_call), agent_id));

  of_agent = AWAIT (ld_client_list_calls_async, ld_client_list_calls_finish, supervisor, &error,
                    "open", agent_id, NULL, 500);
  g_assert_no_error (error);
  g_assert_true (page_holds_call (of_agent, ld_call_get_id (open_call), agent_id));
  {
    g_autoptr(LdCall) newest = g_list_model_get_item (ld_page_get_items (of_agent), 0);

    g_assert_cmpstr (ld_call_get_operator_name (newest), ==, ld_operator_get_name (ld_client_get_operator (agent)));
  }

  refused = AWAIT (ld_client_list_calls_async, ld_client_list_calls_finish, agent, &error,
                   NULL, supervisor_id, NULL, 0);
  g_assert_null (refused);
  g_assert_error (error, LD_ERROR, LD_ERROR_FORBIDDEN);
}

/* the key is sent: the same key again answers the first answer, a new key does it anew */
static void
test_server_idempotency_key (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *phone = new_phone ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *other_key = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCall) first = NULL;
  g_autoptr(LdCall) retried = NULL;
  g_autoptr(LdCall) another = NULL;
  gboolean replayed = TRUE;

  first = start_call (agent, phone, key, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);

  retried = start_call (agent, phone, key, &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_cmpint (ld_call_get_id (retried), ==, ld_call_get_id (first));

  another = start_call (agent, phone, other_key, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpint (ld_call_get_id (another), !=, ld_call_get_id (first));
}

/* the last word of the newest outbox text to @phone (a code, a password), read by @reader */
static char *
last_word_sent_to (LdClient   *reader,
                   const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPage) page = NULL;
  g_autoptr(LdOutboxItem) item = NULL;
  const char *text;

  page = AWAIT (ld_client_list_outbox_async, ld_client_list_outbox_finish, reader, &error, phone, NULL, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_page_get_n_items (page), ==, 1);
  item = g_list_model_get_item (ld_page_get_items (page), 0);
  text = ld_outbox_item_get_text (item);
  return g_strdup (strrchr (text, ' ') + 1);
}

/* the member's own data: answers with a conflict the caller can read, identification,
 * contacts, a new password */
static void
test_server_member_data_calls (void)
{
  LdTestServer *server = real_server_get ();
  g_autoptr(LdClient) agent = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(LdClient) supervisor = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(LdMember) changed = NULL;
  g_autoptr(LdMember) refused = NULL;
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autoptr(JsonObject) stale = json_object_new ();
  g_autoptr(JsonObject) identification = NULL;
  g_autoptr(JsonObject) not_identified = NULL;
  g_autoptr(JsonObject) code_sent = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *phone = new_phone ();
  g_autofree char *code = NULL;
  const char *token;
  JsonObject *details;
  gint64 version;

  member = AWAIT (ld_client_get_member_async, ld_client_get_member_finish, agent, &error, 3);
  g_assert_no_error (error);
  version = ld_member_get_version (member);

  json_object_set_string_member (answers, "city", "Самара");
  changed = AWAIT (ld_client_update_member_answers_async, ld_client_update_member_answers_finish, agent, &error,
                   3, version, answers, "k-answers-1");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (ld_member_get_answers (changed), "city"), ==, "Самара");
  g_assert_cmpint (ld_member_get_version (changed), ==, version + 1);

  /* a save from the version read before: the conflict says what is saved now */
  json_object_set_string_member (stale, "city", "Тула");
  ld_client_update_member_answers_async (supervisor, 3, version, stale, "k-answers-2", NULL,
                                         ld_test_store_result_cb, &result);
  refused = ld_client_update_member_answers_finish (supervisor, ld_test_await (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);
  details = ld_client_result_get_error_details (result);
  g_assert_nonnull (details);
  details = json_object_get_object_member (details, "current");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (details, "answers"), "city"), ==, "Самара");
  g_assert_cmpint (json_object_get_int_member (details, "version"), ==, version + 1);

  /* identification: by personal data is not the agent's right; a wrong password is a value */
  not_identified = AWAIT (ld_client_identify_member_async, ld_client_identify_member_finish, agent, &error,
                          4, NULL, NULL);
  g_assert_null (not_identified);
  g_assert_error (error, LD_ERROR, LD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  not_identified = AWAIT (ld_client_identify_member_async, ld_client_identify_member_finish, agent, &error,
                          4, "not-it", NULL);
  g_assert_null (not_identified);
  g_assert_error (error, LD_ERROR, LD_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  identification = AWAIT (ld_client_identify_member_async, ld_client_identify_member_finish, agent, &error,
                          4, "demo1234", NULL);
  g_assert_no_error (error);
  token = json_object_get_string_member (identification, "identification_token");

  /* contacts: without the token refused, with it changed */
  g_clear_object (&refused);
  refused = AWAIT (ld_client_change_member_email_async, ld_client_change_member_email_finish, agent, &error,
                   4, "member.four@example.com", NULL, "k-email-0");
  g_assert_null (refused);
  g_assert_error (error, LD_ERROR, LD_ERROR_IDENTIFICATION_REQUIRED);
  g_clear_error (&error);
  g_clear_object (&changed);
  changed = AWAIT (ld_client_change_member_email_async, ld_client_change_member_email_finish, agent, &error,
                   4, "member.four@example.com", token, "k-email-1");
  g_assert_no_error (error);
  g_assert_cmpstr (ld_member_get_email (changed), ==, "member.four@example.com");

  code_sent = AWAIT (ld_client_send_phone_code_async, ld_client_send_phone_code_finish, agent, &error,
                     4, phone, "k-code-1");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (code_sent, "phone"), ==, phone);
  code = last_word_sent_to (supervisor, phone);
  g_clear_object (&changed);
  changed = AWAIT (ld_client_change_member_phone_async, ld_client_change_member_phone_finish, agent, &error,
                   4, phone, code, token, "k-phone-1");
  g_assert_no_error (error);
  g_assert_cmpstr (ld_member_get_phone (changed), ==, phone);

  /* a new password: a retry with the key is the first answer, replayed */
  sent = AWAIT (ld_client_send_member_password_async, ld_client_send_member_password_finish, agent, &error,
                4, "sms", "k-password-1");
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (sent, "to"), ==, phone);
  g_clear_object (&result);
  ld_client_send_member_password_async (agent, 4, "sms", "k-password-1", NULL, ld_test_store_result_cb, &result);
  g_clear_pointer (&sent, json_object_unref);
  sent = ld_client_send_member_password_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ld_client_result_was_replayed (result));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, tls) \
  g_test_add ("/core/client/" path, Fixture, GINT_TO_POINTER (tls), fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/core/client/base-url", test_base_url);
  ADD ("errors/server-codes-map-to-ld-error", test_error_mapping, FALSE);
  ADD ("errors/code-and-field-of-the-answer", test_error_field, FALSE);
  g_test_add_func ("/core/client/errors/network", test_network_error);
  g_test_add_func ("/core/client/errors/bad-base-url", test_bad_base_url);
  ADD ("errors/tls-untrusted-certificate", test_tls_error, TRUE);
  ADD ("errors/invalid-response", test_invalid_response, FALSE);
  ADD ("errors/outcome-unknown-only-without-our-answer", test_outcome_unknown, FALSE);
  ADD ("login/stores-token-and-sends-bearer", test_login_and_bearer, FALSE);
  ADD ("login/wrong-password", test_login_wrong_password, FALSE);
  ADD ("session/401-clears-token", test_unauthorized_clears_token, FALSE);
  ADD ("session/401-keeps-a-newer-token", test_unauthorized_keeps_newer_token, FALSE);
  ADD ("request/idempotency-if-match-language-body", test_headers_and_body, FALSE);
  ADD ("request/cancel", test_cancel, FALSE);
  ADD ("request/time-out", test_timeout, FALSE);
  ADD ("request/pending-count-until-the-callback-returns", test_pending_requests, FALSE);
  ADD ("typed-calls", test_typed_calls, FALSE);

#undef ADD

  g_test_add_func ("/core/client/errors/every-value-maps-both-ways", test_error_values_map_both_ways);
  g_test_add_func ("/core/client/server/typed-calls", test_server_typed_calls);
  g_test_add_func ("/core/client/server/registration-calls-and-refusals", test_server_registration_calls);
  g_test_add_func ("/core/client/server/conflicts-are-ld-error-values", test_server_conflicts_are_values);
  g_test_add_func ("/core/client/server/idempotency-key-replays-the-first-answer", test_server_idempotency_key);
  g_test_add_func ("/core/client/server/list-calls", test_server_list_calls);
  g_test_add_func ("/core/client/server/member-data-calls", test_server_member_data_calls);

  ret = g_test_run ();
  g_clear_object (&real_server);
  return ret;
}

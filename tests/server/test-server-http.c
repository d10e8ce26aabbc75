/* test-server-http.c — the wire format: errors, limits, routes, health, metrics, idempotency
 *
 * Raw HTTP against the real server: the point here is what goes over the wire, whatever
 * a client library would make of it.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ld-test-server.h"

static LdTestServer *server;
static char *agent_token;
static char *admin_token;

/* A burst of connections while the server does not accept (it is stopped): the kernel
 * completes every handshake into the listen backlog by itself, and the server answers
 * each once it runs again. With GSocket's default backlog of 10 the handshakes beyond it
 * were dropped and waited for the client's retransmission. */
static void
test_burst_of_connections_is_queued (void)
{
  enum { N_CONNECTIONS = 64 };
  static const char request[] = "GET /api/v1/healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  struct sockaddr_in address = { .sin_family = AF_INET };
  struct pollfd polls[N_CONNECTIONS];
  GPid pid = ld_test_server_get_pid (server);
  gint64 deadline;
  guint connected = 0;

  g_assert_nonnull (uri);
  address.sin_port = htons (g_uri_get_port (uri));
  g_assert_cmpint (inet_pton (AF_INET, g_uri_get_host (uri), &address.sin_addr), ==, 1);

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      polls[i].fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      g_assert_cmpint (polls[i].fd, >=, 0);
      polls[i].events = POLLOUT;
      if (connect (polls[i].fd, (struct sockaddr *) &address, sizeof address) != 0)
        g_assert_cmpint (errno, ==, EINPROGRESS);
    }
  /* a handshake with room in the backlog completes at once; 3 s covers a busy machine,
   * not a retransmission (1 s, then 2 s more) */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (connected < N_CONNECTIONS && g_get_monotonic_time () < deadline)
    {
      connected = 0;
      g_assert_cmpint (poll (polls, N_CONNECTIONS, 50), >=, 0);
      for (guint i = 0; i < N_CONNECTIONS; i++)
        {
          int failure = 0;
          socklen_t length = sizeof failure;

          if ((polls[i].revents & POLLOUT) != 0 &&
              getsockopt (polls[i].fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 && failure == 0)
            connected++;
        }
    }
  /* the server runs again before anything can fail, so that it can be stopped after */
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  g_assert_cmpuint (connected, ==, N_CONNECTIONS);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      char answer[64] = "";
      gsize have = 0;
      gssize n;

      polls[i].events = POLLIN;
      g_assert_cmpint (send (polls[i].fd, request, strlen (request), MSG_NOSIGNAL), ==, (gssize) strlen (request));
      while (have < sizeof answer - 1 && poll (&polls[i], 1, 30000) > 0 &&
             (n = recv (polls[i].fd, answer + have, sizeof answer - 1 - have, 0)) > 0)
        have += n;
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
      close (polls[i].fd);
    }
}

static void
test_healthz_answers_without_session (void)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", "/healthz", NULL, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "status"), ==, "ok");

  g_clear_pointer (&answer, json_node_unref);
  status = ld_test_server_request (server, "GET", "/api/v1/healthz", NULL, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "status"), ==, "ok");
}

static guint64
metric_value (const char *text,
              const char *series)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], series) && lines[i][strlen (series)] == ' ')
      return g_ascii_strtoull (lines[i] + strlen (series) + 1, NULL, 10);
  return 0;
}

static void
test_metrics_count_requests_by_route (void)
{
  const char *series = "ld_http_requests_total{method=\"GET\",route=\"/api/v1/members/{id}\",status=\"200\"}";
  const char *histogram = "ld_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/members/{id}\"}";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  guint status;

  status = ld_test_server_request_full (server, "GET", "/metrics", NULL, NULL, NULL, &before, NULL);
  g_assert_cmpuint (status, ==, 200);

  status = ld_test_server_request (server, "GET", "/api/v1/members/1", agent_token, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  status = ld_test_server_request_full (server, "GET", "/metrics", NULL, NULL, NULL, &after, &headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (headers, NULL), "text/plain"));

  g_assert_cmpuint (metric_value (after, series), ==, metric_value (before, series) + 1);
  g_assert_cmpuint (metric_value (after, histogram), ==, metric_value (before, histogram) + 1);
  g_assert_nonnull (strstr (after, "# TYPE ld_http_request_duration_seconds histogram"));
  /* the route's pattern, never the raw path */
  g_assert_null (strstr (after, "/api/v1/members/1\""));
}

static void
test_unknown_route_is_json_404 (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *text = NULL;
  guint status;

  ld_test_server_assert_error (server, "GET", "/api/v1/no-such-thing", agent_token, NULL, NULL,
                               404, "not_found", NULL);

  ld_test_server_assert_error (server, "GET", "/", NULL, NULL, NULL,
                               404, "not_found", NULL);

  ld_test_server_assert_error (server, "GET", "/api/v1/members/1/", agent_token, NULL, NULL,
                               404, "not_found", NULL);

  status = ld_test_server_request_full (server, "GET", "/index.html", NULL, NULL, NULL, &text, &headers);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  g_assert_null (strstr (text, "<html"));
}

static void
test_wrong_method_is_json_405 (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *text = NULL;
  guint status;

  ld_test_server_assert_error (server, "DELETE", "/api/v1/me", agent_token, NULL, NULL,
                               405, "method_not_allowed", NULL);

  status = ld_test_server_request_full (server, "GET", "/api/v1/auth/login", NULL, NULL, NULL, &text, &headers);
  g_assert_cmpuint (status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Allow"), ==, "POST");
}

static void
test_bad_member_id_is_404 (void)
{
  const char *ids[] = { "abc", "0", "-1", "01", "1.5", "%31", "99999999999999999999", "1e3", "+1" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/members/%s", ids[i]);
      guint status;

      g_test_message ("GET %s", path);
  status = ld_test_server_request (server, "GET", path, agent_token, NULL, NULL, &answer);
      if (g_str_equal (ids[i], "%31"))
        {
          /* an escaped digit is still the id 1 */
          g_assert_cmpuint (status, ==, 200);
          continue;
        }
      g_test_message ("id %s", ids[i]);
      g_assert_cmpuint (status, ==, 404);
      ld_test_assert_error (answer, "not_found", NULL);
    }
}

static void
test_missing_member_is_404 (void)
{
  ld_test_server_assert_error (server, "GET", "/api/v1/members/9223372036854775807", agent_token, NULL, NULL,
                               404, "not_found", NULL);

  ld_test_server_assert_error (server, "GET", "/api/v1/members/9223372036854775807/purchases", agent_token, NULL, NULL,
                               404, "not_found", NULL);

  ld_test_server_assert_error (server, "GET", "/api/v1/cards/0000000000000", agent_token, NULL, NULL,
                               404, "not_found", NULL);

  ld_test_server_assert_error (server, "GET", "/api/v1/cards/not-a-card", agent_token, NULL, NULL,
                               404, "not_found", NULL);
}

static void
test_malformed_json_is_400 (void)
{
  const char *bodies[] = { "{", "{\"phone\":", "[1,2]", "\"text\"", "nul", "{\"a\":1}}", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, bodies[i], NULL, &answer);
      {
        g_autofree char *shown = g_strescape (bodies[i], NULL);

        g_test_message ("body %s", shown);
      }
      g_assert_cmpuint (status, ==, 400);
      ld_test_assert_error (answer, "malformed", NULL);
    }
}

/* a body that is not a JSON object is answered wholly in the request's language, naming
 * where it breaks (line and column, the column in characters), none of json-glib's own text */
static void
test_malformed_json_in_the_request_language (void)
{
  static const struct {
    const char *body;
    const char *english;
    const char *russian;
  } cases[] = {
    { "{\"phone\":",
      "The body is not valid JSON at line 1, column 9",
      "Тело запроса не является корректным JSON: строка 1, столбец 9" },
    { "{\n  \"phone\": \"+79991234567\",\n  x\n}",
      "The body is not valid JSON at line 2, column 26",
      "Тело запроса не является корректным JSON: строка 2, столбец 26" },
    { "{\"имя\": x}",
      "The body is not valid JSON at line 1, column 9",
      "Тело запроса не является корректным JSON: строка 1, столбец 9" },
    { "{\"a\":1}}",
      "The body is not valid JSON at line 1, column 8",
      "Тело запроса не является корректным JSON: строка 1, столбец 8" },
    { "{\"имя\":\n\"\xff\"}",
      "The body is not valid JSON at line 2, column 2",
      "Тело запроса не является корректным JSON: строка 2, столбец 2" },
    { "[1,2]",
      "The JSON document must be an object",
      "Документ JSON должен быть объектом" },
    { " \n ",
      "The body is empty; a JSON document was expected",
      "Тело запроса пустое; ожидался документ JSON" },
  };
  g_autoptr(LdTestServer) russian_server = ld_test_server_new_full (1, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN_PROCESS);
  g_autofree char *token = ld_test_server_login (russian_server, "agent", LD_TEST_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].body, NULL);
      g_autoptr(JsonNode) english = NULL;
      g_autoptr(JsonNode) russian = NULL;
      g_autoptr(JsonNode) unasked = NULL;

      g_test_message ("body %s", shown);
      g_assert_cmpuint (ld_test_server_request (russian_server, "POST", "/api/v1/calls", token, cases[i].body,
                                                LD_TEST_HEADERS_ENGLISH, &english), ==, 400);
      ld_test_assert_error (english, "malformed", NULL);
      g_assert_cmpstr (ld_test_json_string (english, "error.message"), ==, cases[i].english);

      g_assert_cmpuint (ld_test_server_request (russian_server, "POST", "/api/v1/calls", token, cases[i].body,
                                                LD_TEST_HEADERS_RUSSIAN, &russian), ==, 400);
      ld_test_assert_error (russian, "malformed", NULL);
      g_assert_cmpstr (ld_test_json_string (russian, "error.message"), ==, cases[i].russian);

      /* without Accept-Language: the server's own language */
      g_assert_cmpuint (ld_test_server_request (russian_server, "POST", "/api/v1/calls", token, cases[i].body,
                                                NULL, &unasked), ==, 400);
      g_assert_cmpstr (ld_test_json_string (unasked, "error.message"), ==, cases[i].russian);
    }

  g_assert_true (ld_test_server_stop (russian_server));
}

static void
test_wrong_types_are_400 (void)
{
  ld_test_server_assert_error (server, "POST", "/api/v1/auth/login", NULL, "{\"login\":42,\"password\":\"demo\"}", NULL,
                               400, "malformed", "login");

  ld_test_server_assert_error (server, "POST", "/api/v1/auth/login", NULL, "{\"login\":\"agent\",\"password\":[\"demo\"]}", NULL,
                               400, "malformed", "password");

  ld_test_server_assert_error (server, "POST", "/api/v1/calls", agent_token, "{\"phone\":79991234567}", NULL,
                               400, "malformed", "phone");

  ld_test_server_assert_error (server, "POST", "/api/v1/calls", agent_token, "{\"phone\":\"12\"}", NULL,
                               422, "invalid_field", "phone");
}

/* one request over a plain socket, with "Connection: close" so the server ends the answer */
static char *
raw_request (const char *request,
             GBytes     *extra)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autofree char *host_port = NULL;
  GOutputStream *output;
  GInputStream *input;
  guint8 buffer[4096];
  gssize n;

  host_port = g_strdup (ld_test_server_get_url (server) + strlen ("http://"));
  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, host_port, 80, NULL, &error);
  g_assert_no_error (error);

  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (output, request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  if (extra != NULL)
    {
      /* the server may answer and close before it has everything: that is fine */
      g_output_stream_write_all (output, g_bytes_get_data (extra, NULL), g_bytes_get_size (extra),
                                 NULL, NULL, NULL);
    }

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_clear_error (&error);

  g_byte_array_append (answer, (const guint8 *) "", 1);
  return g_strdup ((const char *) answer->data);
}

static void
test_declared_body_over_1mib_is_413 (void)
{
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;

  /* refused from the headers alone: the body is never sent */
  request = g_strdup_printf ("POST /api/v1/calls HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: %d\r\n"
                             "Connection: close\r\n"
                             "\r\n", agent_token, 1024 * 1024 + 1);
  answer = raw_request (request, NULL);

  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (answer, "\"payload_too_large\""));
}

static void
test_chunked_body_over_1mib_is_413 (void)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) chunks = g_string_new (NULL);
  g_autofree char *answer = NULL;
  g_autofree char *filler = g_strnfill (64 * 1024, ' ');

  /* no Content-Length: the size is only known once it has been read */
  g_string_append_printf (request,
                          "POST /api/v1/calls HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "Connection: close\r\n"
                          "\r\n", agent_token);
  for (guint i = 0; i < 17; i++)
    g_string_append_printf (chunks, "%x\r\n%s\r\n", 64 * 1024, filler);
  g_string_append (chunks, "0\r\n\r\n");
  body = g_bytes_new (chunks->str, chunks->len);

  answer = raw_request (request->str, body);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (answer, "\"payload_too_large\""));
}

static void
test_body_just_under_1mib_is_read (void)
{
  g_autoptr(GString) body = g_string_new ("{\"phone\":\"+79990000000\",\"padding\":\"");
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  while (body->len < 1024 * 1024 - 16)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}");

  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, body->str, NULL, &answer);
  g_assert_cmpuint (status, ==, 201);
}

static void
test_bad_limit_is_400 (void)
{
  const char *limits[] = { "0", "501", "-1", "abc", "", "10.5", "1000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/members/1/purchases?limit=%s", limits[i]);
      guint status;

      status = ld_test_server_request (server, "GET", path, agent_token, NULL, NULL, &answer);
      g_test_message ("limit=%s", limits[i]);
      g_assert_cmpuint (status, ==, 400);
      ld_test_assert_error (answer, "malformed", "limit");
    }
}

/* an agent's GET of @path is refused with 400 "malformed", naming @field */
static void
assert_get_malformed (const char *path,
                      const char *field)
{
  ld_test_server_assert_error (server, "GET", path, agent_token, NULL, NULL,
                               400, "malformed", field);
}

static void
test_unknown_sort_is_400 (void)
{
  assert_get_malformed ("/api/v1/members/1/purchases?sort=foo", "sort");
  assert_get_malformed ("/api/v1/members/1/purchases?order=sideways", "order");
  assert_get_malformed ("/api/v1/members/1/operations?sort=pos", "sort");
  assert_get_malformed ("/api/v1/members/1/purchases?status=lost", "status");
}

static void
test_unknown_parameter_is_400 (void)
{
  assert_get_malformed ("/api/v1/members/1/purchases?sorting=date", "sorting");
}

static void
test_non_utf8_parameter_is_400 (void)
{
  assert_get_malformed ("/api/v1/members?name=%FF%FE", "name");
}

static void
test_head_answers_like_get (void)
{
  g_autofree char *text = NULL;
  guint status;

  status = ld_test_server_request_full (server, "HEAD", "/healthz", NULL, NULL, NULL, &text, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (text, ==, "");
}

static void
test_answers_are_json_and_not_cached (void)
{
  const struct {
    const char *method;
    const char *path;
    gboolean    signed_in;
  } cases[] = {
    { "GET", "/api/v1/members/1", TRUE },   /* 200 */
    { "GET", "/api/v1/me", FALSE },         /* 401 */
    { "GET", "/api/v1/nowhere", TRUE },     /* 404 */
    { "PATCH", "/api/v1/me", TRUE },        /* 405 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessageHeaders) headers = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) node = NULL;
      const char *token = cases[i].signed_in ? agent_token : NULL;

      ld_test_server_request_full (server, cases[i].method, cases[i].path, token, NULL, NULL, &text, &headers);
      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
      node = json_from_string (text, NULL);
      g_assert_nonnull (node);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    }
}

static void
test_bad_cursor_is_400 (void)
{
  assert_get_malformed ("/api/v1/members/1/purchases?cursor=%21%21not-ours", "cursor");
}

static void
test_no_session_is_401 (void)
{
  const char *authorizations[] = { NULL, "Basic YWdlbnQ6ZGVtbw==", "Bearer", "Bearer not-a-token", "Bearer a b" };

  for (guint i = 0; i < G_N_ELEMENTS (authorizations); i++)
    {
      const char *headers[] = { "Authorization", authorizations[i], NULL };

      ld_test_server_assert_error (server, "GET", "/api/v1/me", NULL, NULL, authorizations[i] ? headers : NULL,
                                   401, "unauthorized", NULL);
    }
}

static void
test_calls_idempotent_repeat_answers_the_first (void)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *idempotency[] = { "Idempotency-Key", key, NULL };
  const char *call = "{\"phone\":\"+7 999 000-00-01\"}";
  guint status;

  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, call, idempotency, &first);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (ld_test_json_int (first, "call.id"), >, 0);
  g_assert_cmpstr (ld_test_json_string (first, "call.phone"), ==, "+79990000001");

  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, call, idempotency, &second);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (ld_test_json_int (second, "call.id"), ==, ld_test_json_int (first, "call.id"));
  g_assert_true (json_node_equal (first, second));

  body = g_bytes_new_static (call, strlen (call));
  status = ld_test_server_request_full (server, "POST", "/api/v1/calls", agent_token, body,
                                        idempotency, &text, &headers);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Idempotent-Replayed"), ==, "true");

  /* without the key, a second call is a new call */
  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, call, NULL, &third);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (ld_test_json_int (third, "call.id"), !=, ld_test_json_int (first, "call.id"));
}

static void
test_bad_idempotency_key_is_400 (void)
{
  g_autofree char *long_key = g_strnfill (300, 'k');
  const char *headers[] = { "Idempotency-Key", long_key, NULL };

  ld_test_server_assert_error (server, "POST", "/api/v1/calls", agent_token, "{\"phone\":\"+79990000002\"}", headers,
                               400, "malformed", "Idempotency-Key");
}

static void
test_calls_find_the_member_by_phone (void)
{
  g_autoptr(JsonNode) member = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) nobody = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *body = NULL;
  const char *phone;
  guint status;

  status = ld_test_server_request (server, "GET", "/api/v1/members/2", agent_token, NULL, NULL, &member);
  g_assert_cmpuint (status, ==, 200);
  phone = ld_test_json_string (member, "phone");
  g_assert_nonnull (phone);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, phone);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);

  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token, body, NULL, &answer);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (ld_test_json_string (answer, "call.phone"), ==, phone);
  g_assert_nonnull (ld_test_json_string (answer, "call.started_at"));
  g_assert_cmpint (ld_test_json_int (answer, "member.id"), ==, 2);

  /* a number nobody has */
  status = ld_test_server_request (server, "POST", "/api/v1/calls", agent_token,
                                   "{\"phone\":\"+79000000009\"}", NULL, &nobody);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (nobody, "member")));
}

static void
test_config_anyone_signed_in_reads_it (void)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", "/api/v1/config", agent_token, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (ld_test_json_string (answer, "registration.mode"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (ld_test_json_path (answer, "application_form")));
  g_assert_cmpint (ld_test_json_int (answer, "max_cards"), >, 0);
  g_assert_null (ld_test_json_path (answer, "tickets.password"));
}

static void
test_config_put_needs_config_edit (void)
{
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", "/api/v1/config", agent_token, NULL, NULL, &config);
  g_assert_cmpuint (status, ==, 200);
  body = json_to_string (config, FALSE);

  status = ld_test_server_request (server, "PUT", "/api/v1/config", agent_token, body, NULL, &answer);
  g_assert_cmpuint (status, ==, 403);
  ld_test_assert_error (answer, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "config.edit"));
}

static void
test_config_put_keeps_the_document (void)
{
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *body = NULL;
  JsonObject *favorites;
  guint status;

  status = ld_test_server_request (server, "GET", "/api/v1/config", admin_token, NULL, NULL, &config);
  g_assert_cmpuint (status, ==, 200);

  favorites = json_node_get_object (ld_test_json_path (config, "favorites"));
  json_object_set_int_member (favorites, "max", 7);
  body = json_to_string (config, FALSE);

  status = ld_test_server_request (server, "PUT", "/api/v1/config", admin_token, body, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (ld_test_json_int (answer, "favorites.max"), ==, 7);

  status = ld_test_server_request (server, "GET", "/api/v1/config", agent_token, NULL, NULL, &again);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (ld_test_json_int (again, "favorites.max"), ==, 7);
  g_assert_cmpstr (ld_test_json_string (again, "registration.mode"),
                   ==, ld_test_json_string (config, "registration.mode"));
}

static void
test_config_put_names_the_bad_field (void)
{
  static const struct {
    const char *path;     /* object.member to spoil */
    const char *json;     /* its new value */
    const char *field;
  } cases[] = {
    { "registration.mode", "\"fax\"", "registration.mode" },
    { "registration.virtual_card", "\"yes\"", "registration.virtual_card" },
    { "max_cards", "0", "max_cards" },
    { "max_cards", "\"5\"", "max_cards" },
    { "favorites.max", "-1", "favorites.max" },
    { "registration.code_lifetime_minutes", "0", "registration.code_lifetime_minutes" },
    { "application_form", "{}", "application_form" },
    { "reasons.call_end", "null", "reasons.call_end" },
    { "tickets.enabled", "1", "tickets.enabled" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) config = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(JsonNode) value = json_from_string (cases[i].json, NULL);
      g_auto(GStrv) parts = g_strsplit (cases[i].path, ".", 2);
      g_autofree char *body = NULL;
      JsonObject *object;
      guint status;

      status = ld_test_server_request (server, "GET", "/api/v1/config", admin_token, NULL, NULL, &config);
      g_assert_cmpuint (status, ==, 200);

      object = json_node_get_object (config);
      if (parts[1] != NULL)
        {
          object = json_node_get_object (json_object_get_member (object, parts[0]));
          json_object_set_member (object, parts[1], json_node_copy (value));
        }
      else
        json_object_set_member (object, parts[0], json_node_copy (value));
      body = json_to_string (config, FALSE);

      status = ld_test_server_request (server, "PUT", "/api/v1/config", admin_token, body, NULL, &answer);
      g_test_message ("%s = %s", cases[i].path, cases[i].json);
      g_assert_cmpuint (status, ==, 422);
      ld_test_assert_error (answer, "invalid_field", cases[i].field);
    }

  {
    ld_test_server_assert_error (server, "PUT", "/api/v1/config", admin_token, "{\"registration\":{\"mode\":\"card\"}}", NULL,
                                 422, "invalid_field", "registration.continue_without_card");
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (20, NULL);
  agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  admin_token = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/healthz/answers-without-session", test_healthz_answers_without_session);
  g_test_add_func ("/server/http/burst-of-connections-is-queued", test_burst_of_connections_is_queued);
  g_test_add_func ("/server/metrics/count-requests-by-route", test_metrics_count_requests_by_route);
  g_test_add_func ("/server/http/unknown-route-is-json-404", test_unknown_route_is_json_404);
  g_test_add_func ("/server/http/wrong-method-is-json-405", test_wrong_method_is_json_405);
  g_test_add_func ("/server/http/bad-member-id-is-404", test_bad_member_id_is_404);
  g_test_add_func ("/server/http/missing-member-or-card-is-404", test_missing_member_is_404);
  g_test_add_func ("/server/http/malformed-json-is-400", test_malformed_json_is_400);
  g_test_add_func ("/server/http/malformed-json-in-the-request-language", test_malformed_json_in_the_request_language);
  g_test_add_func ("/server/http/wrong-types-are-400", test_wrong_types_are_400);
  g_test_add_func ("/server/http/declared-body-over-1mib-is-413", test_declared_body_over_1mib_is_413);
  g_test_add_func ("/server/http/chunked-body-over-1mib-is-413", test_chunked_body_over_1mib_is_413);
  g_test_add_func ("/server/http/body-just-under-1mib-is-read", test_body_just_under_1mib_is_read);
  g_test_add_func ("/server/http/bad-limit-is-400", test_bad_limit_is_400);
  g_test_add_func ("/server/http/unknown-sort-is-400", test_unknown_sort_is_400);
  g_test_add_func ("/server/http/unknown-parameter-is-400", test_unknown_parameter_is_400);
  g_test_add_func ("/server/http/bad-cursor-is-400", test_bad_cursor_is_400);
  g_test_add_func ("/server/http/non-utf8-parameter-is-400", test_non_utf8_parameter_is_400);
  g_test_add_func ("/server/http/head-answers-like-get", test_head_answers_like_get);
  g_test_add_func ("/server/http/answers-are-json-and-not-cached", test_answers_are_json_and_not_cached);
  g_test_add_func ("/server/http/no-session-is-401", test_no_session_is_401);
  g_test_add_func ("/server/http/bad-idempotency-key-is-400", test_bad_idempotency_key_is_400);
  g_test_add_func ("/server/calls/idempotent-repeat-answers-the-first", test_calls_idempotent_repeat_answers_the_first);
  g_test_add_func ("/server/calls/find-the-member-by-phone", test_calls_find_the_member_by_phone);
  g_test_add_func ("/server/config/anyone-signed-in-reads-it", test_config_anyone_signed_in_reads_it);
  g_test_add_func ("/server/config/put-needs-config-edit", test_config_put_needs_config_edit);
  g_test_add_func ("/server/config/put-keeps-the-document", test_config_put_keeps_the_document);
  g_test_add_func ("/server/config/put-names-the-bad-field", test_config_put_names_the_bad_field);

  result = g_test_run ();

  g_clear_pointer (&agent_token, g_free);
  g_clear_pointer (&admin_token, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);

  return result;
}

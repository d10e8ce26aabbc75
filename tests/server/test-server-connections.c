/* test-server-connections.c — hostile connections: closed, stalled, idle, oversized, malformed
 *
 * Each test is the attack over a raw socket against the real server: keep-alive
 * connections closed by the client under a low descriptor limit (libsoup 3.2 kept each
 * one's descriptor), headers that never end, an idle connection, a Content-Length libsoup
 * misreads, a chunked body without end, and requests libsoup answers by itself. Every
 * read has a bound, so a server that never answers fails the test instead of hanging it.
 * Each test has a server of its own (two of them lower its descriptor limit), so none
 * depends on the order they run in.
 */
#define G_LOG_DOMAIN "ld-test"
#define _GNU_SOURCE

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "ld-test-server.h"

/* the server's time-outs in these tests (--header-timeout, --idle-timeout) */
#define HEADER_TIMEOUT 1
#define IDLE_TIMEOUT   2
/* how long a read waits for what must come well within it */
#define READ_BOUND     10

/* the running test's server, which the helpers below talk to: the fixture's */
static LdTestServer *server;

typedef struct
{
  LdTestServer *server;
} ConnectionsFixture;

static void
server_setup (ConnectionsFixture *fixture,
              gconstpointer       data)
{
  g_autofree char *header_timeout = g_strdup_printf ("%d", HEADER_TIMEOUT);
  g_autofree char *idle_timeout = g_strdup_printf ("%d", IDLE_TIMEOUT);
  const char *args[] = {
    "--quiet", "--header-timeout", header_timeout, "--idle-timeout", idle_timeout, NULL
  };

  server = fixture->server = ld_test_server_new (0, args);
}

static void
server_teardown (ConnectionsFixture *fixture,
                 gconstpointer       data)
{
  server = NULL;
  g_assert_true (ld_test_server_stop (fixture->server));
  g_assert_finalize_object (g_steal_pointer (&fixture->server));
}

static GSocket *
connect_raw (void)
{
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) host = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  g_assert_nonnull (uri);
  host = g_inet_address_new_from_string (g_uri_get_host (uri));
  address = g_inet_socket_address_new (host, g_uri_get_port (uri));
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, READ_BOUND);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  return socket;
}

static void
send_text (GSocket    *socket,
           const char *text)
{
  gsize length = strlen (text);
  gsize sent = 0;

  while (sent < length)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, text + sent, length - sent, NULL, &error);

      g_assert_no_error (error);
      sent += n;
    }
}

/* reads until the server closes (TRUE) or READ_BOUND seconds pass without a byte (FALSE);
 * a reset after the answer counts as closed */
static gboolean
read_to_end (GSocket  *socket,
             GString  *answer)
{
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          g_string_append_len (answer, buffer, n);
          continue;
        }
      if (n == 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        return TRUE;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      return FALSE;
    }
}

/* reads one answer with a Content-Length (the connection stays open) → its status */
static guint
read_one_answer (GSocket *socket,
                 GString *answer)
{
  char buffer[4096];
  const char *end;
  const char *length;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      end = strstr (answer->str, "\r\n\r\n");
      length = end != NULL ? strstr (answer->str, "Content-Length: ") : NULL;
      if (end != NULL && length != NULL && length < end &&
          answer->len >= (gsize) (end + 4 - answer->str) + g_ascii_strtoull (length + 16, NULL, 10))
        break;

      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, buffer, n);
    }

  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 "));
  return g_ascii_strtoull (answer->str + 9, NULL, 10);
}

/* sends @request on a new connection, reads until the server closes it → the answer */
static char *
exchange (const char *request)
{
  g_autoptr(GSocket) socket = connect_raw ();
  GString *answer = g_string_new (NULL);

  send_text (socket, request);
  if (!read_to_end (socket, answer))
    g_error ("no end of the answer to %s within %d s; got: %s", request, READ_BOUND, answer->str);
  return g_string_free (answer, FALSE);
}

/* @answer is @status with the contract's error @code in a JSON body */
static void
assert_error_answer (const char *answer,
                     guint       status,
                     const char *code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status_line = g_strdup_printf (" %u ", status);
  const char *body = strstr (answer, "\r\n\r\n");
  g_autofree char *headers = NULL;

  g_test_message ("answer: %s", answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1."));
  g_assert_true (strncmp (answer + 8, status_line, strlen (status_line)) == 0);
  g_assert_nonnull (body);
  headers = g_ascii_strdown (answer, body - answer);
  g_assert_nonnull (strstr (headers, "\r\ncontent-type: application/json\r\n"));

  json_parser_load_from_data (parser, body + 4, -1, &error);
  g_assert_no_error (error);
  ld_test_assert_error (json_parser_get_root (parser), code, NULL);
}

static guint
count_descriptors (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static gsize
resident_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* libsoup 3.2 kept the descriptor of every kept-alive connection the client closed: under
 * a limit of 128 the server stopped answering after about 115 such connections */
static void
test_closed_keepalive_connections_free_their_descriptor (ConnectionsFixture *fixture,
                                                         gconstpointer       data)
{
  enum { N_CONNECTIONS = 300, LIMIT = 128 };
  GPid pid = ld_test_server_get_pid (server);
  struct rlimit limit = { LIMIT, LIMIT };
  guint before;
  gint64 deadline;

  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, &limit, NULL), ==, 0);
  before = count_descriptors (pid);
  g_assert_cmpuint (before, <, LIMIT / 2);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      g_autoptr(GSocket) socket = connect_raw ();
      g_autoptr(GString) answer = g_string_new (NULL);

      send_text (socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      g_assert_cmpuint (read_one_answer (socket, answer), ==, 200);
      g_assert_true (g_socket_close (socket, NULL));
    }

  /* the last ones are closed as soon as the server has read their end */
  deadline = g_get_monotonic_time () + READ_BOUND * G_USEC_PER_SEC;
  while (count_descriptors (pid) > before + 2 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (count_descriptors (pid), <=, before + 2);

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/healthz", NULL, NULL, NULL, NULL), ==, 200);
}

/* libsoup 3.2 stops accepting for good the first time accept() fails: once descriptors
 * ran out, the server never answered again, even after every connection had gone */
static void
test_accepts_again_after_descriptors_ran_out (ConnectionsFixture *fixture,
                                              gconstpointer       data)
{
  enum { LIMIT = 48, N_CONNECTIONS = 64 };
  GPid pid = ld_test_server_get_pid (server);
  struct rlimit limit = { LIMIT, LIMIT };
  GSocket *sockets[N_CONNECTIONS];
  gint64 deadline;

  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, &limit, NULL), ==, 0);
  g_assert_cmpuint (count_descriptors (pid), <, LIMIT / 2);

  /* silent connections: the kernel completes them all, the server accepts until it has
   * no descriptor left */
  for (guint i = 0; i < N_CONNECTIONS; i++)
    sockets[i] = connect_raw ();
  deadline = g_get_monotonic_time () + READ_BOUND * G_USEC_PER_SEC;
  while (count_descriptors (pid) < LIMIT && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (count_descriptors (pid), ==, LIMIT);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    g_clear_object (&sockets[i]);

  /* answered within the bound, by the listener taken up again */
  {
    g_autoptr(GSocket) socket = connect_raw ();
    g_autoptr(GString) answer = g_string_new (NULL);

    send_text (socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    g_assert_cmpuint (read_one_answer (socket, answer), ==, 200);
  }
}

/* a request whose headers never end, and a connection that never sends one, are closed
 * after the header time-out */
static void
test_stalled_headers_are_closed (ConnectionsFixture *fixture,
                                 gconstpointer       data)
{
  const char *sends[] = { "GET /healthz HTTP/1.1\r\n", "" };

  for (guint i = 0; i < G_N_ELEMENTS (sends); i++)
    {
      g_autoptr(GSocket) socket = connect_raw ();
      g_autoptr(GString) answer = g_string_new (NULL);
      gint64 started = g_get_monotonic_time ();

      send_text (socket, sends[i]);
      g_assert_true (read_to_end (socket, answer));
      g_assert_cmpint (g_get_monotonic_time () - started, >=, HEADER_TIMEOUT * G_USEC_PER_SEC / 2);
      g_assert_cmpstr (answer->str, ==, "");
    }
}

/* a kept-alive connection without a next request is closed after the idle time-out */
static void
test_idle_keepalive_is_closed (ConnectionsFixture *fixture,
                               gconstpointer       data)
{
  g_autoptr(GSocket) socket = connect_raw ();
  g_autoptr(GString) answer = g_string_new (NULL);
  gint64 answered;

  send_text (socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  g_assert_cmpuint (read_one_answer (socket, answer), ==, 200);
  answered = g_get_monotonic_time ();

  g_string_truncate (answer, 0);
  g_assert_true (read_to_end (socket, answer));
  g_assert_cmpint (g_get_monotonic_time () - answered, >=, IDLE_TIMEOUT * G_USEC_PER_SEC / 2);
  g_assert_cmpstr (answer->str, ==, "");
}

/* libsoup reads "99999999999999999999999" as -1 (no limit) and buffered whatever came:
 * refused from the headers alone, the body never sent */
static void
test_huge_content_length_is_413 (ConnectionsFixture *fixture,
                                 gconstpointer       data)
{
  g_autofree char *answer = exchange ("POST /api/v1/auth/login HTTP/1.1\r\n"
                                      "Host: 127.0.0.1\r\n"
                                      "Content-Type: application/json\r\n"
                                      "Content-Length: 99999999999999999999999\r\n"
                                      "\r\n");

  assert_error_answer (answer, 413, "payload_too_large");
}

/* a length that is not one whole number: libsoup took "-5" for a huge one and "2" and
 * "3" for 2; "12abc" it refuses itself */
static void
test_unreadable_content_length_is_400 (ConnectionsFixture *fixture,
                                       gconstpointer       data)
{
  const char *lengths[] = {
    "Content-Length: -5\r\n",
    "Content-Length: 2\r\nContent-Length: 3\r\n",
    "Content-Length: 12abc\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *request = g_strdup_printf ("POST /api/v1/auth/login HTTP/1.1\r\n"
                                                  "Host: 127.0.0.1\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "%s"
                                                  "\r\n"
                                                  "{}", lengths[i]);
      g_autofree char *answer = exchange (request);

      assert_error_answer (answer, 400, "malformed");
    }
}

/* a chunked body is cut at 1 MiB as it arrives: the server neither reads on nor keeps it */
static void
test_endless_chunked_body_is_413_and_not_kept (ConnectionsFixture *fixture,
                                               gconstpointer       data)
{
  enum { CHUNK = 64 * 1024, MOST = 64 * 1024 * 1024 };
  g_autoptr(GSocket) socket = connect_raw ();
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autofree char *filler = g_strnfill (CHUNK, ' ');
  g_autofree char *chunk = g_strdup_printf ("%x\r\n%s\r\n", CHUNK, filler);
  GPid pid = ld_test_server_get_pid (server);
  gsize resident_before = resident_kib (pid);
  gsize sent = 0;

  send_text (socket, "POST /api/v1/auth/login HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n"
                     "\r\n");
  /* until the server answers (or stops reading), 64 MiB at most */
  while (sent < MOST && !g_socket_condition_check (socket, G_IO_IN))
    {
      g_autoptr(GError) error = NULL;
      gsize length = strlen (chunk);
      gsize done = 0;

      while (done < length && error == NULL)
        {
          gssize n = g_socket_send (socket, chunk + done, length - done, NULL, &error);

          if (n > 0)
            done += n;
        }
      if (error != NULL)
        break;
      sent += CHUNK;
    }
  g_test_message ("sent %" G_GSIZE_FORMAT " KiB of body", sent / 1024);

  read_to_end (socket, answer);
  assert_error_answer (answer->str, 413, "payload_too_large");
  g_assert_cmpuint (sent, <, MOST);
  /* the 1 MiB read, and less than the rest */
  g_assert_cmpuint (resident_kib (pid), <, resident_before + 8 * 1024);
}

/* what libsoup answers without calling the server's handlers still carries the error shape */
static void
test_requests_libsoup_refuses_are_in_the_error_shape (ConnectionsFixture *fixture,
                                                      gconstpointer       data)
{
  const struct { const char *request; guint status; } cases[] = {
    { "GET /% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400 },
    { "GET /%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 400 },
    { "GET /healthz HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 505 },
    { "GET /healthz HTTP/1.1\r\n\r\n", 400 },
    { "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501 },
    { "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: something\r\n\r\n", 417 },
  };

  g_autofree char *options = exchange ("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *answer = exchange (cases[i].request);

      assert_error_answer (answer, cases[i].status, "malformed");
    }

  /* no handler sees it either: libsoup answered it 404 itself */
  assert_error_answer (options, 404, "not_found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), ConnectionsFixture, NULL, server_setup, (func), server_teardown)
  ADD ("/server/connections/closed-keepalive-frees-its-descriptor",
       test_closed_keepalive_connections_free_their_descriptor);
  ADD ("/server/connections/stalled-headers-are-closed", test_stalled_headers_are_closed);
  ADD ("/server/connections/idle-keepalive-is-closed", test_idle_keepalive_is_closed);
  ADD ("/server/connections/huge-content-length-is-413", test_huge_content_length_is_413);
  ADD ("/server/connections/unreadable-content-length-is-400", test_unreadable_content_length_is_400);
  ADD ("/server/connections/endless-chunked-body-is-413-and-not-kept",
       test_endless_chunked_body_is_413_and_not_kept);
  ADD ("/server/connections/libsoup-refusals-are-in-the-error-shape",
       test_requests_libsoup_refuses_are_in_the_error_shape);
  ADD ("/server/connections/accepts-again-after-descriptors-ran-out",
       test_accepts_again_after_descriptors_ran_out);
#undef ADD

  return g_test_run ();
}

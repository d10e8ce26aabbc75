/* test-server-auth.c — sign-in, lockout, sessions, rights by role
 *
 * Through LdClient where the point is the contract, raw HTTP where it is the wire.
 * The lockout and expiry tests start servers of their own, so that a locked login or
 * a clock moved on (ld_test_server_advance_clock: nothing here sleeps) does not disturb
 * the others. The enumeration tests are written as
 * the attack: timing unknown against known logins, locking an unknown login, and
 * flooding sign-ins from one address.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-core.h"
#include "ld-test-server.h"

static LdTestServer *server;

static LdClient *
new_client (LdTestServer *test_server)
{
  return ld_client_new (ld_test_server_get_url (test_server));
}

static LdOperator *
client_login (LdClient    *client,
              const char  *login,
              const char  *password,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ld_client_login_async (client, login, password, NULL, ld_test_store_result_cb, &result);
  return ld_client_login_finish (client, ld_test_await (&result), error);
}

static LdOperator *
client_get_me (LdClient  *client,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ld_client_get_me_async (client, NULL, ld_test_store_result_cb, &result);
  return ld_client_get_me_finish (client, ld_test_await (&result), error);
}

static guint
raw_login (LdTestServer  *test_server,
           const char    *login,
           const char    *password,
           JsonNode     **answer)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);

  return ld_test_server_request (test_server, "POST", "/api/v1/auth/login", NULL, body, NULL, answer);
}

static void
test_login_answers_token_and_operator (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) expires = NULL;
  const char *token;
  guint status;

  status = raw_login (server, "agent", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 200);

  token = ld_test_json_string (answer, "token");
  g_assert_nonnull (token);
  /* 32 random bytes in base64url without padding */
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

  expires = g_date_time_new_from_iso8601 (ld_test_json_string (answer, "expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_to_unix (expires), >, g_get_real_time () / G_USEC_PER_SEC + 3600);

  g_assert_cmpint (ld_test_json_int (answer, "operator.id"), >, 0);
  g_assert_cmpstr (ld_test_json_string (answer, "operator.login"), ==, "agent");
  g_assert_cmpstr (ld_test_json_string (answer, "operator.role"), ==, "agent");
  g_assert_nonnull (ld_test_json_string (answer, "operator.name"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (ld_test_json_path (answer, "operator.rights")));
}

static void
test_login_through_the_client (void)
{
  g_autoptr(LdClient) client = new_client (server);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(LdOperator) me = NULL;
  g_autoptr(GError) error = NULL;

  op = client_login (client, "supervisor", LD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_operator_get_login (op), ==, "supervisor");
  g_assert_nonnull (ld_client_get_token (client));
  g_assert_true (ld_client_has_right (client, LD_RIGHT_MEMBER_MERGE));

  me = client_get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_operator_get_id (me), ==, ld_operator_get_id (op));
}

static void
test_wrong_password_is_401 (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(LdClient) client = new_client (server);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = raw_login (server, "supervisor", "not-the-password", &answer);
  g_assert_cmpuint (status, ==, 401);
  ld_test_assert_error (answer, "invalid_credentials", NULL);

  op = client_login (client, "supervisor", "still-wrong", &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_CREDENTIALS);
  g_assert_null (op);
  g_assert_null (ld_client_get_token (client));

  /* and the right one still works: two failures do not lock */
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (server, "supervisor", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_unknown_login_is_401 (void)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  status = raw_login (server, "nobody-by-this-name", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 401);
  ld_test_assert_error (answer, "invalid_credentials", NULL);

  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (server, "", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 422);
  ld_test_assert_error (answer, "invalid_field", "login");
}

static void
test_lockout_after_five_failures (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (1, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(LdClient) client = new_client (own);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  for (guint i = 0; i < 5; i++)
    {
      g_clear_pointer (&answer, json_node_unref);
      status = raw_login (own, "agent", "wrong", &answer);
      g_assert_cmpuint (status, ==, 401);
      ld_test_assert_error (answer, "invalid_credentials", NULL);
    }

  /* locked: even the right password is refused */
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "agent", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 429);
  ld_test_assert_error (answer, "too_many_attempts", NULL);

  op = client_login (client, "agent", LD_TEST_PASSWORD, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_null (op);

  /* another login is not affected */
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "supervisor", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 200);

  /* locked for 15 minutes (a minute before, still), then the right password signs in again */
  ld_test_server_advance_clock (own, 14 * 60);
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "agent", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 429);
  ld_test_server_advance_clock (own, 60 + 1);
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "agent", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (ld_test_server_stop (own));
}

static void
test_parallel_failures_still_lock (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (1, NULL);
  g_autoptr(JsonNode) answer = NULL;
  LdClient *clients[8];
  GAsyncResult *results[8] = { NULL, };
  guint status;

  /* all at once: each passes the lock check before any has failed */
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      clients[i] = new_client (own);
      ld_client_login_async (clients[i], "supervisor", "wrong", NULL, ld_test_store_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(LdOperator) op = NULL;
      g_autoptr(GError) error = NULL;

      op = ld_client_login_finish (clients[i], ld_test_await (&results[i]), &error);
      g_assert_null (op);
      g_assert_true (g_error_matches (error, LD_ERROR, LD_ERROR_INVALID_CREDENTIALS) ||
                     g_error_matches (error, LD_ERROR, LD_ERROR_TOO_MANY_ATTEMPTS));
      g_clear_object (&results[i]);
      g_clear_object (&clients[i]);
    }

  status = raw_login (own, "supervisor", LD_TEST_PASSWORD, &answer);
  g_assert_cmpuint (status, ==, 429);
  ld_test_assert_error (answer, "too_many_attempts", NULL);

  g_assert_true (ld_test_server_stop (own));
}

static void
test_success_resets_the_failure_count (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (1, NULL);
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  /* 4 failures, a success, 4 failures: never five in a row */
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < 4; i++)
        {
          g_clear_pointer (&answer, json_node_unref);
          status = raw_login (own, "admin", "wrong", &answer);
          g_assert_cmpuint (status, ==, 401);
        }
      g_clear_pointer (&answer, json_node_unref);
      status = raw_login (own, "admin", LD_TEST_PASSWORD, &answer);
      g_assert_cmpuint (status, ==, 200);
    }

  g_assert_true (ld_test_server_stop (own));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median (GArray *times)
{
  g_array_sort (times, compare_gint64);
  return g_array_index (times, gint64, times->len / 2);
}

/* µs a wrong password for @login takes to answer 401 */
static gint64
time_failed_login (LdTestServer *test_server,
                   const char   *login)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 started = g_get_monotonic_time ();
  guint status;

  status = raw_login (test_server, login, "not-the-password", &answer);
  g_assert_cmpuint (status, ==, 401);
  ld_test_assert_error (answer, "invalid_credentials", NULL);
  return g_get_monotonic_time () - started;
}

/* a wrong password for a login that exists must cost what one for a made-up login does:
 * else the answer time tells which logins exist (argon2 ran only for the known ones) */
static void
test_unknown_login_takes_as_long (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (1, NULL);
  g_autoptr(GArray) known = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) unknown = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 known_median, unknown_median;

  /* interleaved, so that the machine's load falls on both alike */
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *made_up = g_strdup_printf ("nobody-%u", i);
      g_autofree char *token = NULL;
      gint64 us;

      us = time_failed_login (own, "agent");
      g_array_append_val (known, us);
      us = time_failed_login (own, made_up);
      g_array_append_val (unknown, us);

      /* a success between failures: "agent" never locks here */
      token = ld_test_server_login (own, "agent", LD_TEST_PASSWORD);
    }

  known_median = median (known);
  unknown_median = median (unknown);
  g_test_message ("median wrong-password answer: known login %" G_GINT64_FORMAT " µs, "
                  "unknown login %" G_GINT64_FORMAT " µs", known_median, unknown_median);
  g_assert_cmpint (unknown_median * 2, >=, known_median);
  g_assert_cmpint (known_median * 2, >=, unknown_median);

  g_assert_true (ld_test_server_stop (own));
}

/* five failures lock a made-up login as they lock a real one, with the same answer */
static void
test_unknown_login_locks (void)
{
  g_autoptr(LdTestServer) own = ld_test_server_new (1, NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) known = NULL;
  guint status;

  for (guint i = 0; i < 5; i++)
    {
      g_clear_pointer (&answer, json_node_unref);
      status = raw_login (own, "nobody-here", "wrong", &answer);
      g_assert_cmpuint (status, ==, 401);
      ld_test_assert_error (answer, "invalid_credentials", NULL);
      g_clear_pointer (&known, json_node_unref);
      status = raw_login (own, "supervisor", "wrong", &known);
      g_assert_cmpuint (status, ==, 401);
    }

  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "nobody-here", "wrong", &answer);
  g_assert_cmpuint (status, ==, 429);
  ld_test_assert_error (answer, "too_many_attempts", NULL);

  g_clear_pointer (&known, json_node_unref);
  status = raw_login (own, "supervisor", LD_TEST_PASSWORD, &known);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (ld_test_json_string (answer, "error.message"), ==,
                   ld_test_json_string (known, "error.message"));

  /* the lock is the database's: a second instance on the same database refuses too */
  {
    g_autoptr(LdTestServer) beside = ld_test_server_new_beside (own, NULL);

    g_clear_pointer (&answer, json_node_unref);
    status = raw_login (beside, "nobody-here", "wrong", &answer);
    g_assert_cmpuint (status, ==, 429);
    ld_test_assert_error (answer, "too_many_attempts", NULL);

    /* 15 minutes later it is over for both */
    ld_test_server_advance_clock (own, 15 * 60 + 1);
    g_clear_pointer (&answer, json_node_unref);
    status = raw_login (beside, "nobody-here", "wrong", &answer);
    g_assert_cmpuint (status, ==, 401);
    g_assert_true (ld_test_server_stop (beside));
  }
  g_clear_pointer (&answer, json_node_unref);
  status = raw_login (own, "nobody-here", "wrong", &answer);
  g_assert_cmpuint (status, ==, 401);

  g_assert_true (ld_test_server_stop (own));
}

/* status of a sign-in, with its Retry-After header (0 without one) */
static guint
login_with_retry_after (LdTestServer *test_server,
                        const char   *login,
                        const char   *password,
                        guint        *retry_after,
                        char        **code)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  const char *value;
  guint status;

  status = ld_test_server_request_full (test_server, "POST", "/api/v1/auth/login", NULL, bytes, NULL,
                                        &text, &headers);
  value = soup_message_headers_get_one (headers, "Retry-After");
  *retry_after = value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
  answer = json_from_string (text, NULL);
  g_assert_nonnull (answer);
  *code = g_strdup (ld_test_json_string (answer, "error.code"));
  return status;
}

/* failed sign-ins from one address past the limit: every sign-in from there is refused,
 * the right password too, until the window is over (here 3 failures in the default
 * minute; 100 by default) */
static void
test_address_is_throttled (void)
{
  const char *args[] = { "--login-throttle", "3", NULL };
  g_autoptr(LdTestServer) own = ld_test_server_new (1, args);
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  guint retry_after = 0;
  guint status;
  gint64 started = g_get_monotonic_time ();
  gint64 took;

  /* three logins, one failure each: no login locks, the address does */
  g_assert_cmpuint (login_with_retry_after (own, "agent", "wrong", &retry_after, &code), ==, 401);
  g_clear_pointer (&code, g_free);
  g_assert_cmpuint (login_with_retry_after (own, "supervisor", "wrong", &retry_after, &code), ==, 401);
  g_clear_pointer (&code, g_free);
  g_assert_cmpuint (login_with_retry_after (own, "nobody-at-all", "wrong", &retry_after, &code), ==, 401);
  g_clear_pointer (&code, g_free);

  /* the minute from the first failure, less what the password checks took on a busy machine */
  status = login_with_retry_after (own, "admin", LD_TEST_PASSWORD, &retry_after, &code);
  took = (g_get_monotonic_time () - started + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (code, ==, "too_many_attempts");
  g_assert_cmpint (retry_after, >=, 60 - took);
  g_assert_cmpuint (retry_after, <=, 60);

  /* a second or two before the window is over, still refused */
  ld_test_server_advance_clock (own, retry_after - 2);
  g_clear_pointer (&code, g_free);
  g_assert_cmpuint (login_with_retry_after (own, "admin", LD_TEST_PASSWORD, &retry_after, &code), ==, 429);
  g_assert_cmpuint (retry_after, >=, 1);
  g_assert_cmpuint (retry_after, <=, 2);

  /* once the window is over, the right password signs in */
  ld_test_server_advance_clock (own, retry_after);
  token = ld_test_server_login (own, "admin", LD_TEST_PASSWORD);
  g_assert_nonnull (token);

  g_assert_true (ld_test_server_stop (own));
}

/* a sign-in through a balancer at @client (X-Forwarded-For) → its status */
static guint
login_forwarded (LdTestServer *test_server,
                 const char   *password,
                 const char   *forwarded_for)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"agent\",\"password\":\"%s\"}", password);
  const char *headers[] = { "X-Forwarded-For", forwarded_for, NULL };

  return ld_test_server_request (test_server, "POST", "/api/v1/auth/login", NULL, body, headers, NULL);
}

/* Behind a balancer named by --trusted-proxy, the address counted is the client's from
 * X-Forwarded-For, so one office's mistypes do not lock out the whole site; from a peer
 * that is not a trusted proxy the header is ignored, so a client cannot dodge the limit
 * by writing another address into it each time. */
static void
test_address_behind_a_trusted_proxy (void)
{
  const char *trusting[] = { "--login-throttle", "2", "--trusted-proxy", "192.0.2.1",
                             "--trusted-proxy", "127.0.0.1", NULL };
  const char *not_trusting[] = { "--login-throttle", "2", "--trusted-proxy", "192.0.2.1", NULL };
  g_autoptr(LdTestServer) behind = ld_test_server_new (1, trusting);
  g_autoptr(LdTestServer) direct = ld_test_server_new (1, not_trusting);

  /* two failures of one office (a client-written hop left of it is not believed) */
  g_assert_cmpuint (login_forwarded (behind, "wrong", "203.0.113.7"), ==, 401);
  g_assert_cmpuint (login_forwarded (behind, "wrong", "10.9.9.9, 203.0.113.7"), ==, 401);
  g_assert_cmpuint (login_forwarded (behind, LD_TEST_PASSWORD, "203.0.113.7"), ==, 429);
  /* … and past a second trusted balancer it is the same office */
  g_assert_cmpuint (login_forwarded (behind, LD_TEST_PASSWORD, "203.0.113.7, 192.0.2.1"), ==, 429);
  /* another office signs in */
  g_assert_cmpuint (login_forwarded (behind, LD_TEST_PASSWORD, "198.51.100.4"), ==, 200);

  /* the header from a peer that is no trusted proxy: one address whatever it says */
  g_assert_cmpuint (login_forwarded (direct, "wrong", "203.0.113.7"), ==, 401);
  g_assert_cmpuint (login_forwarded (direct, "wrong", "203.0.113.8"), ==, 401);
  g_assert_cmpuint (login_forwarded (direct, LD_TEST_PASSWORD, "198.51.100.4"), ==, 429);

  g_assert_true (ld_test_server_stop (behind));
  g_assert_true (ld_test_server_stop (direct));
}

static void
test_session_expires (void)
{
  const char *args[] = { "--session-ttl", "60", NULL };
  g_autoptr(LdTestServer) own = ld_test_server_new (1, args);
  g_autoptr(LdClient) client = new_client (own);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(LdOperator) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  op = client_login (client, "agent", LD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  token = g_strdup (ld_client_get_token (client));

  /* still good half-way */
  ld_test_server_advance_clock (own, 30);
  me = client_get_me (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
  g_clear_object (&me);

  /* the session is over once a whole second has passed after its expiry second */
  ld_test_server_advance_clock (own, 30 + 2);

  ld_test_server_assert_error (own, "GET", "/api/v1/me", token, NULL, NULL,
                               401, "unauthorized", NULL);

  me = client_get_me (client, &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_UNAUTHORIZED);
  g_assert_null (me);
  /* the client forgets an expired session */
  g_assert_null (ld_client_get_token (client));

  g_assert_true (ld_test_server_stop (own));
}

static void
test_logout_ends_the_session (void)
{
  g_autofree char *token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autofree char *other = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  guint status;

  status = ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  status = ld_test_server_request (server, "POST", "/api/v1/auth/logout", token, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  ld_test_server_assert_error (server, "GET", "/api/v1/me", token, NULL, NULL,
                               401, "unauthorized", NULL);

  /* only that session ended */
  status = ld_test_server_request (server, "GET", "/api/v1/me", other, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_logout_through_the_client (void)
{
  g_autoptr(LdClient) client = new_client (server);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  op = client_login (client, "admin", LD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  token = g_strdup (ld_client_get_token (client));

  ld_client_logout_async (client, NULL, ld_test_store_result_cb, &result);
  g_assert_true (ld_client_logout_finish (client, ld_test_await (&result), &error));
  g_assert_no_error (error);
  g_assert_null (ld_client_get_token (client));

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, NULL), ==, 401);
}

static char **
rights_of (JsonNode *me)
{
  JsonNode *rights = ld_test_json_path (me, "rights");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_assert_nonnull (rights);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (rights));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rights)); i++)
    g_strv_builder_add (builder, json_array_get_string_element (json_node_get_array (rights), i));
  return g_strv_builder_end (builder);
}

static void
test_me_lists_the_rights_of_each_role (void)
{
  static const struct {
    const char *login;
    const char *role;
  } operators[] = {
    { "agent", "agent" },
    { "supervisor", "supervisor" },
    { "admin", "admin" },
    { "agent-limited", "agent" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    {
      g_autofree char *token = ld_test_server_login (server, operators[i].login, LD_TEST_PASSWORD);
      g_autoptr(JsonNode) me = NULL;
      g_auto(GStrv) rights = NULL;
      g_auto(GStrv) expected = NULL;
      const char *denied[] = { LD_RIGHT_CARD_LINK, LD_RIGHT_MEMBER_FAVORITES, NULL };
      guint status;

      status = ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, &me);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (ld_test_json_string (me, "login"), ==, operators[i].login);
      g_assert_cmpstr (ld_test_json_string (me, "role"), ==, operators[i].role);
      g_assert_cmpint (ld_test_json_int (me, "id"), >, 0);
      g_assert_nonnull (ld_test_json_string (me, "name"));

      rights = rights_of (me);
      expected = ld_rights_resolve (operators[i].role, NULL,
                                    g_str_equal (operators[i].login, "agent-limited") ? denied : NULL);
      g_assert_cmpstrv (rights, expected);
    }
}

static void
test_agent_is_refused_what_its_role_lacks (void)
{
  g_autofree char *agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autofree char *limited = ld_test_server_login (server, "agent-limited", LD_TEST_PASSWORD);
  g_autofree char *supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  /* outbox.view: supervisors have it, agents do not */
  status = ld_test_server_request (server, "GET", "/api/v1/outbox", agent, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 403);
  ld_test_assert_error (answer, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "outbox.view"));

  status = ld_test_server_request (server, "GET", "/api/v1/outbox", supervisor, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  /* card.link: agents have it, agent-limited was denied it */
  status = ld_test_server_request (server, "GET", "/api/v1/cards?state=issued", agent, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  g_clear_pointer (&answer, json_node_unref);
  status = ld_test_server_request (server, "GET", "/api/v1/cards?state=issued", limited, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 403);
  ld_test_assert_error (answer, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "card.link"));

  /* config.edit: only admins */
  g_clear_pointer (&answer, json_node_unref);
  status = ld_test_server_request (server, "PUT", "/api/v1/config", supervisor, "{}", NULL, &answer);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "config.edit"));

  /* reading is every role's */
  status = ld_test_server_request (server, "GET", "/api/v1/members/1", limited, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_forbidden_through_the_client (void)
{
  g_autoptr(LdClient) client = new_client (server);
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  op = client_login (client, "agent-limited", LD_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (ld_client_has_right (client, LD_RIGHT_CARD_LINK));

  ld_client_list_async (client, "/cards", NULL, LD_TYPE_CARD, NULL, 0, NULL, ld_test_store_result_cb, &result);
  page = ld_client_list_finish (client, ld_test_await (&result), &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "card.link"));
  g_assert_null (page);
}

static void
test_tokens_are_stored_only_hashed (void)
{
  g_autofree char *token = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  /* the session works, and its token is nowhere in the database's files (and the check
   * sees a login that is) */
  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, NULL), ==, 200);
  if (!ld_test_server_database_contains (server, "supervisor"))
    return;   /* skipped: the files cannot be read */
  g_assert_false (ld_test_server_database_contains (server, token));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (5, NULL);

  g_test_add_func ("/server/auth/login-answers-token-and-operator", test_login_answers_token_and_operator);
  g_test_add_func ("/server/auth/login-through-the-client", test_login_through_the_client);
  g_test_add_func ("/server/auth/wrong-password-is-401", test_wrong_password_is_401);
  g_test_add_func ("/server/auth/unknown-login-is-401", test_unknown_login_is_401);
  g_test_add_func ("/server/auth/lockout-after-five-failures", test_lockout_after_five_failures);
  g_test_add_func ("/server/auth/parallel-failures-still-lock", test_parallel_failures_still_lock);
  g_test_add_func ("/server/auth/success-resets-the-failure-count", test_success_resets_the_failure_count);
  g_test_add_func ("/server/auth/unknown-login-takes-as-long", test_unknown_login_takes_as_long);
  g_test_add_func ("/server/auth/unknown-login-locks", test_unknown_login_locks);
  g_test_add_func ("/server/auth/address-is-throttled", test_address_is_throttled);
  g_test_add_func ("/server/auth/address-behind-a-trusted-proxy", test_address_behind_a_trusted_proxy);
  g_test_add_func ("/server/auth/session-expires", test_session_expires);
  g_test_add_func ("/server/auth/logout-ends-the-session", test_logout_ends_the_session);
  g_test_add_func ("/server/auth/logout-through-the-client", test_logout_through_the_client);
  g_test_add_func ("/server/auth/tokens-are-stored-only-hashed", test_tokens_are_stored_only_hashed);
  g_test_add_func ("/server/rights/me-lists-the-rights-of-each-role", test_me_lists_the_rights_of_each_role);
  g_test_add_func ("/server/rights/agent-is-refused-what-its-role-lacks", test_agent_is_refused_what_its_role_lacks);
  g_test_add_func ("/server/rights/forbidden-through-the-client", test_forbidden_through_the_client);

  result = g_test_run ();

  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);

  return result;
}

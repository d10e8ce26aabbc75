/* test-server-cli.c — the server binary itself: options, operators, TLS, signals, its log */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ld-test-server.h"

/* runs the server binary to its end with @input on stdin → its exit status */
static int
run_server_binary (const char * const  *args,
                   const char          *input,
                   char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LD_SERVER_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_create_operator_then_sign_in (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new (1, NULL);
  const char *database = ld_test_server_get_database (server);
  const char *create[] = { "--database", database, "--create-operator", "ivan",
                           "--role", "supervisor", "--name", "Иван Петров", NULL };
  const char *bad_role[] = { "--database", database, "--create-operator", "olga",
                             "--role", "boss", NULL };
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *message = NULL;
  guint status;

  g_assert_cmpint (run_server_binary (create, "a long secret\n", NULL), ==, 0);

  token = ld_test_server_login (server, "ivan", "a long secret");
  status = ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "role"), ==, "supervisor");
  g_assert_cmpstr (ld_test_json_string (answer, "name"), ==, "Иван Петров");

  /* an unknown role, or no password, creates nothing */
  g_assert_cmpint (run_server_binary (bad_role, "x\n", &message), !=, 0);
  g_assert_nonnull (strstr (message, "--role"));
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (run_server_binary (create, "", &message), !=, 0);

  g_assert_true (ld_test_server_stop (server));
}

/* `--grant` and `--deny` give single rights on top of the role and take them away */
static void
test_create_operator_with_single_rights (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new (1, NULL);
  const char *database = ld_test_server_get_database (server);
  const char *create[] = { "--database", database, "--create-operator", "anna", "--role", "agent",
                           "--grant", "member.merge, card.replace", "--deny", "call.end", NULL };
  const char *unknown[] = { "--database", database, "--create-operator", "boris", "--role", "agent",
                            "--grant", "member.fly", NULL };
  const char *alone[] = { "--database", database, "--deny", "call.end", NULL };
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *token = NULL;
  g_autofree char *message = NULL;
  g_autofree char *rights = NULL;
  JsonArray *array;

  g_assert_cmpint (run_server_binary (create, "secret\n", NULL), ==, 0);
  token = ld_test_server_login (server, "anna", "secret");
  me = ld_test_server_expect (server, "GET", "/api/v1/me", token, NULL, NULL, 200);
  array = json_node_get_array (ld_test_json_path (me, "rights"));
  {
    g_autoptr(GString) text = g_string_new (" ");

    for (guint i = 0; i < json_array_get_length (array); i++)
      g_string_append_printf (text, "%s ", json_array_get_string_element (array, i));
    rights = g_string_free (g_steal_pointer (&text), FALSE);
  }
  g_assert_nonnull (strstr (rights, " member.merge "));
  g_assert_nonnull (strstr (rights, " card.replace "));
  g_assert_nonnull (strstr (rights, " member.search "));   /* the role's */
  g_assert_null (strstr (rights, " call.end "));
  g_assert_null (strstr (rights, " member.remove "));

  /* a right that does not exist creates nothing; --deny alone is a mistake */
  g_assert_cmpint (run_server_binary (unknown, "secret\n", &message), ==, 1);
  g_assert_nonnull (strstr (message, "member.fly"));
  ld_test_server_assert_error (server, "POST", "/api/v1/auth/login", NULL,
                               "{\"login\":\"boris\",\"password\":\"secret\"}", NULL,
                               401, "invalid_credentials", NULL);
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (run_server_binary (alone, "", &message), ==, 2);
  g_assert_nonnull (strstr (message, "--create-operator"));

  g_assert_true (ld_test_server_stop (server));
}

static void
test_bad_options_exit_with_a_message (void)
{
  g_autofree char *directory = g_dir_make_tmp ("ld-test-cli-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (directory, "x.db", NULL);
  const char *listen[] = { "--database", database, "--listen", "nowhere", NULL };
  const char *port[] = { "--database", database, "--listen", "127.0.0.1:99999", NULL };
  const char *tls[] = { "--database", database, "--tls-cert", "cert.pem", NULL };
  const char *ttl[] = { "--database", database, "--session-ttl", "0", NULL };
  const char *cache[] = { "--database", database, "--search-cache", "-1", NULL };
  const char *extra[] = { "--database", database, "serve", NULL };
  const char *clock[] = { "--database", database, "--test-clock", directory, NULL };
  const char *proxy[] = { "--database", database, "--trusted-proxy", "balancer.example", NULL };
  const char *no_readers[] = { "--database", database, "--read-connections", "-1", NULL };
  const char *many_readers[] = { "--database", database, "--read-connections", "65", NULL };
  const char * const *cases[] = { listen, port, tls, ttl, cache, extra, clock, proxy, no_readers, many_readers };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = NULL;

      g_assert_cmpint (run_server_binary (cases[i], "", &message), ==, 2);
      g_assert_true (g_str_has_prefix (message, "loyalty-desk-server: "));
    }

  ld_test_remove_directory (directory);
}

static void
test_tls_serves_https (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "server", "data", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "server", "data", "test-key.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(LdTestServer) server = ld_test_server_new (1, args);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  guint status;

  g_assert_true (g_str_has_prefix (ld_test_server_get_url (server), "https://127.0.0.1:"));

  status = ld_test_server_request (server, "GET", "/healthz", NULL, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);

  token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", token, NULL, NULL, NULL), ==, 200);

  g_assert_true (ld_test_server_stop (server));
}

static void
test_sigint_stops_cleanly (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new (1, NULL);

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/healthz", NULL, NULL, NULL, NULL), ==, 200);
  g_assert_cmpint (kill (ld_test_server_get_pid (server), SIGINT), ==, 0);
  g_assert_true (ld_test_server_wait (server));
}

static void
test_log_names_routes_never_personal_data (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new_full (5, NULL, LD_TEST_SERVER_FLAGS_CAPTURE_LOG);
  g_autoptr(JsonNode) member = NULL;
  g_autofree char *token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  g_autofree char *by_phone = NULL;
  g_autofree char *by_card = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *log = NULL;
  const char *phone;
  const char *card;

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/members/1", token, NULL, NULL, &member), ==, 200);
  phone = ld_test_json_string (member, "phone");
  card = ld_test_json_string (member, "main_card.number");
  g_assert_nonnull (phone);
  g_assert_nonnull (card);

  escaped = g_uri_escape_string (phone, NULL, FALSE);
  by_phone = g_strdup_printf ("/api/v1/members?phone=%s", escaped);
  by_card = g_strdup_printf ("/api/v1/cards/%s", card);
  g_assert_cmpuint (ld_test_server_request (server, "GET", by_phone, token, NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (ld_test_server_request (server, "GET", by_card, token, NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/nowhere", token, NULL, NULL, NULL), ==, 404);

  g_assert_true (ld_test_server_stop (server));
  log = ld_test_server_dup_log (server);

  g_assert_nonnull (strstr (log, "POST /api/v1/auth/login 200 "));
  g_assert_nonnull (strstr (log, "GET /api/v1/members 200 "));
  g_assert_nonnull (strstr (log, "GET /api/v1/members/{id} 200 "));
  g_assert_nonnull (strstr (log, "GET /api/v1/cards/{number} 200 "));
  g_assert_nonnull (strstr (log, "GET unmatched 404 "));
  g_assert_nonnull (strstr (log, "ms\n"));

  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, phone + 1));
  g_assert_null (strstr (log, card));
  g_assert_null (strstr (log, "password"));
  g_assert_null (strstr (log, "nowhere"));
}

static void
test_errors_follow_accept_language (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new_full (1, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  const char * const *russian = LD_TEST_HEADERS_RUSSIAN;
  const char * const *english = LD_TEST_HEADERS_ENGLISH;

  {
    g_autoptr(JsonNode) answer = NULL;

    g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", NULL, NULL, russian, &answer), ==, 401);
    ld_test_assert_error (answer, "unauthorized", NULL);
    g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
  }
  {
    g_autoptr(JsonNode) answer = NULL;

    g_assert_cmpuint (ld_test_server_request (server, "POST", "/api/v1/auth/login", NULL,
                                              "{\"login\":\"agent\",\"password\":\"no\"}", russian, &answer), ==, 401);
    g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
  }
  {
    g_autoptr(JsonNode) answer = NULL;

    g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/me", NULL, NULL, english, &answer), ==, 401);
    g_assert_false (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
  }
  {
    /* a message with numbers in it: its catalogue entry must match the runtime format */
    g_autofree char *admin = ld_test_server_login (server, "admin", "demo");
    g_autoptr(JsonNode) config = NULL;
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *body = NULL;
    const char *message;

    g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/config", admin, NULL, NULL, &config), ==, 200);
    json_object_set_int_member (json_node_get_object (config), "max_cards", 101);
    body = json_to_string (config, FALSE);
    g_assert_cmpuint (ld_test_server_request (server, "PUT", "/api/v1/config", admin, body, russian, &answer), ==, 422);
    ld_test_assert_error (answer, "invalid_field", "max_cards");
    message = ld_test_json_string (answer, "error.message");
    g_test_message ("max_cards = 101: %s", message);
    g_assert_nonnull (strstr (message, "Должно быть от 1 до 100"));
  }

  g_assert_true (ld_test_server_stop (server));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/cli/create-operator-then-sign-in", test_create_operator_then_sign_in);
  g_test_add_func ("/server/cli/create-operator-with-single-rights", test_create_operator_with_single_rights);
  g_test_add_func ("/server/cli/bad-options-exit-with-a-message", test_bad_options_exit_with_a_message);
  g_test_add_func ("/server/tls/serves-https", test_tls_serves_https);
  g_test_add_func ("/server/signals/sigint-stops-cleanly", test_sigint_stops_cleanly);
  g_test_add_func ("/server/log/names-routes-never-personal-data", test_log_names_routes_never_personal_data);
  g_test_add_func ("/server/i18n/errors-follow-accept-language", test_errors_follow_accept_language);

  return g_test_run ();
}

/* test-server-config.c — the configuration a fresh server starts with
 *
 * The default document is src/server/storage/default-config.json, compiled into the server
 * as a GResource and stored by the first schema migration: a fresh server answers exactly
 * that file's document.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-test-server.h"

static void
test_config_fresh_server_answers_the_default_file (void)
{
  g_autoptr(LdTestServer) server = ld_test_server_new (1, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *expected = NULL;
  JsonNode *file;
  guint status;

  json_parser_load_from_file (parser, LD_DEFAULT_CONFIG_FILE, &error);
  g_assert_no_error (error);
  file = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (file));

  token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  status = ld_test_server_request (server, "GET", "/api/v1/config", token, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);

  /* the texts first, so that a difference shows in the log */
  answered = json_to_string (answer, TRUE);
  expected = json_to_string (file, TRUE);
  g_assert_cmpstr (answered, ==, expected);
  g_assert_true (json_node_equal (answer, file));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/config/fresh-server-answers-the-default-file",
                   test_config_fresh_server_answers_the_default_file);

  return g_test_run ();
}

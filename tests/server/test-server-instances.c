/* test-server-instances.c — two server instances on one database, as behind a balancer
 *
 * A request may land on either instance: what one writes, the other's next answer shows,
 * whatever either keeps in memory. Each test warms the second instance's memory (a
 * session read, the configuration read) before the first instance changes it, so a cache
 * that did not learn of the other's write would answer the old state. Run against SQLite
 * (two processes on one file) and, with LD_TEST_DATABASE=postgresql, against PostgreSQL.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

static LdTestServer *one;
static LdTestServer *other;

/* a token from one instance is good on the other: the session is the database's */
static void
test_token_works_on_the_other (void)
{
  g_autofree char *token = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) me = NULL;

  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (me, "login"), ==, "agent");
}

/* a logout on one instance ends the session on the other at once, though the other read
 * the session a moment before */
static void
test_logout_ends_the_session_on_the_other (void)
{
  g_autofree char *token = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) me = NULL;

  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);
  g_clear_pointer (&me, json_node_unref);
  me = ld_test_server_expect (other, "GET", "/api/v1/me", token, NULL, NULL, 200);

  g_assert_cmpuint (ld_test_server_request (one, "POST", "/api/v1/auth/logout", token, NULL, NULL, NULL),
                    ==, 200);
  ld_test_server_assert_error (other, "GET", "/api/v1/me", token, NULL, NULL, 401, "unauthorized", NULL);
}

/* a configuration saved through one instance is the other's next answer */
static void
test_config_saved_on_one_is_the_others (void)
{
  g_autofree char *admin = ld_test_server_login (one, "admin", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;
  gint64 max;

  before = ld_test_server_expect (other, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  max = ld_test_json_int (before, "favorites.max");

  config = ld_test_server_expect (one, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  json_object_set_int_member (json_node_get_object (ld_test_json_path (config, "favorites")), "max", max + 3);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (one, "PUT", "/api/v1/config", admin, body, NULL, 200);
  g_assert_cmpint (ld_test_json_int (saved, "favorites.max"), ==, max + 3);

  after = ld_test_server_expect (other, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (after, "favorites.max"), ==, max + 3);
}

/* a request repeated with its Idempotency-Key on the other instance (the balancer sent
 * the retry elsewhere) is the first one's answer, applied once */
static void
test_idempotency_key_replayed_on_the_other (void)
{
  g_autofree char *supervisor = ld_test_server_login (one, "supervisor", LD_TEST_PASSWORD);
  g_autofree char *number = NULL;
  g_autofree char *path = NULL;
  g_autofree char *card_path = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"reason\":\"lost\"}", strlen ("{\"reason\":\"lost\"}"));
  const char *headers[] = { "Idempotency-Key", "block-on-one-repeat-on-other", NULL };
  g_autoptr(SoupMessageHeaders) replay_headers = NULL;
  g_autoptr(JsonNode) card = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* the first demo member whose main card is active */
  for (guint id = 1; id <= 10 && number == NULL; id++)
    {
      g_autofree char *member_path = g_strdup_printf ("/api/v1/members/%u", id);
      g_autoptr(JsonNode) member = ld_test_server_expect (one, "GET", member_path, supervisor, NULL, NULL, 200);

      if (g_strcmp0 (ld_test_json_string (member, "main_card.state"), "activated") == 0 &&
          ld_test_json_path (member, "account.blocked") != NULL &&
          !json_node_get_boolean (ld_test_json_path (member, "account.blocked")))
        number = g_strdup (ld_test_json_string (member, "main_card.number"));
    }
  g_assert_nonnull (number);
  path = g_strdup_printf ("/api/v1/cards/%s/block", number);
  card_path = g_strdup_printf ("/api/v1/cards/%s", number);
  card = ld_test_server_expect (one, "GET", card_path, supervisor, NULL, NULL, 200);

  g_assert_cmpuint (ld_test_server_request_full (one, "POST", path, supervisor, body, headers, &first, NULL),
                    ==, 200);
  g_assert_cmpuint (ld_test_server_request_full (other, "POST", path, supervisor, body, headers, &second,
                                                 &replay_headers),
                    ==, 200);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (soup_message_headers_get_one (replay_headers, "Idempotent-Replayed"), ==, "true");

  stored = ld_test_server_expect (other, "GET", card_path, supervisor, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (stored, "version"), ==, ld_test_json_int (card, "version") + 1);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "blocked");
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  one = ld_test_server_new (10, NULL);
  other = ld_test_server_new_beside (one, NULL);

  g_test_add_func ("/server/instances/token-works-on-the-other", test_token_works_on_the_other);
  g_test_add_func ("/server/instances/logout-ends-the-session-on-the-other",
                   test_logout_ends_the_session_on_the_other);
  g_test_add_func ("/server/instances/config-saved-on-one-is-the-others", test_config_saved_on_one_is_the_others);
  g_test_add_func ("/server/instances/idempotency-key-replayed-on-the-other",
                   test_idempotency_key_replayed_on_the_other);

  result = g_test_run ();
  g_clear_object (&other);
  g_clear_object (&one);
  return result;
}

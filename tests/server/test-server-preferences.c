/* test-server-preferences.c — PUT /members/{id}/subscriptions and PUT /members/{id}/favorites
 *
 * Raw HTTP against the real server with demo data. Each test takes its own member (the
 * demo members 1–30), so the tests hold whatever order they run in; a test that changes
 * the configuration (the favorites offer, its maximum) puts it back before it ends. Each
 * is written as the attack the rule stops: before these routes existed every PUT answered
 * 405, and every assertion below fails on that code.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-core.h"
#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 30

static LdTestServer *server;
static char *agent;
static char *admin;

static char *
member_path (gint64      member_id,
             const char *part)
{
  return g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/%s", member_id, part);
}

static JsonNode *
put (gint64      member_id,
     const char *part,
     const char *token,
     const char *body,
     guint       expected)
{
  g_autofree char *path = member_path (member_id, part);

  return ld_test_server_expect (server, "PUT", path, token, body, NULL, expected);
}

static JsonNode *
get (gint64      member_id,
     const char *part)
{
  g_autofree char *path = member_path (member_id, part);

  return ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
}

/* whether the pair is on in a subscriptions answer; fails when the pair is not in it */
static gboolean
pair_enabled (JsonNode   *answer,
              const char *mailing_type,
              const char *channel)
{
  JsonArray *items = json_node_get_array (ld_test_json_path (answer, "items"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "mailing_type"), mailing_type) &&
          g_str_equal (json_object_get_string_member (item, "channel"), channel))
        return json_object_get_boolean_member (item, "enabled");
    }
  g_error ("no pair %s × %s in the answer", mailing_type, channel);
}

/* the action-history entries of @action on the member (newest first) */
static guint
count_actions (gint64      member_id,
               const char *action,
               char      **last_target)
{
  g_autofree char *path = member_path (member_id, "actions?limit=500");
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (!g_str_equal (json_object_get_string_member (entry, "action"), action))
        continue;
      if (n++ == 0 && last_target != NULL)
        *last_target = g_strdup (json_object_get_string_member (entry, "target"));
    }
  return n;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* the product ids of a favorites answer, sorted, as "1,8,15" */
static char *
favorite_ids (JsonNode *answer)
{
  JsonArray *items = json_node_get_array (ld_test_json_path (answer, "items"));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "product_id");

      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* the favorites history entries of the member: "added 3", "removed 5"… newest first */
static GPtrArray *
favorites_history (gint64 member_id)
{
  g_autofree char *path = member_path (member_id, "favorites/history?limit=500");
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GINT64_FORMAT " %s",
                                               json_object_get_string_member (entry, "change"),
                                               json_object_get_int_member (entry, "product_id"),
                                               json_object_get_string_member (entry, "operator_login")));
    }
  return lines;
}

static void
set_favorites_config (gboolean enabled,
                      gint64   max)
{
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  JsonObject *favorites = json_node_get_object (ld_test_json_path (config, "favorites"));
  g_autofree char *body = NULL;

  json_object_set_boolean_member (favorites, "enabled", enabled);
  json_object_set_int_member (favorites, "max", max);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (server, "PUT", API "/config", admin, body, NULL, 200);
}

/* ---- subscriptions */

static void
test_subscriptions_change (void)
{
  const gint64 member = 1;
  /* the demo data leaves some pairs off: both start on */
  g_autoptr(JsonNode) before = put (member, "subscriptions", agent,
                                    "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"email\",\"enabled\":true},"
                                    "{\"mailing_type\":\"promotions\",\"channel\":\"sms\",\"enabled\":true}]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *target = NULL;
  guint n_actions = count_actions (member, "member.subscriptions", NULL);

  g_assert_true (pair_enabled (before, "news", "email"));
  g_assert_true (pair_enabled (before, "promotions", "sms"));

  answer = put (member, "subscriptions", agent,
                "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"email\",\"enabled\":false},"
                "{\"mailing_type\":\"promotions\",\"channel\":\"sms\",\"enabled\":false}]}", 200);
  /* the answer is the whole grid, as GET answers it */
  g_assert_false (pair_enabled (answer, "news", "email"));
  g_assert_false (pair_enabled (answer, "promotions", "sms"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (answer, "items"))), ==,
                    json_array_get_length (json_node_get_array (ld_test_json_path (before, "items"))));
  g_assert_nonnull (ld_test_json_path (answer, "mailing_types"));
  g_assert_nonnull (ld_test_json_path (answer, "channels"));

  after = get (member, "subscriptions");
  g_assert_false (pair_enabled (after, "news", "email"));
  g_assert_false (pair_enabled (after, "promotions", "sms"));

  g_assert_cmpuint (count_actions (member, "member.subscriptions", &target), ==, n_actions + 1);
  g_assert_nonnull (strstr (target, "news/email off"));
  g_assert_nonnull (strstr (target, "promotions/sms off"));

  /* on again, and the whole grid as GET answered it sent back changes only that pair */
  {
    g_autoptr(JsonNode) on = put (member, "subscriptions", agent,
                                  "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"email\",\"enabled\":true}]}", 200);
    g_autofree char *grid = json_to_string (on, FALSE);
    g_autoptr(JsonNode) same = put (member, "subscriptions", agent, grid, 200);

    g_assert_true (pair_enabled (same, "news", "email"));
    g_assert_false (pair_enabled (same, "promotions", "sms"));
    /* the grid sent back changed nothing: no entry for it */
    g_assert_cmpuint (count_actions (member, "member.subscriptions", NULL), ==, n_actions + 2);
  }
}

static void
test_subscriptions_refusals (void)
{
  const gint64 member = 2;
  g_autofree char *path = member_path (member, "subscriptions");
  g_autoptr(JsonNode) before = get (member, "subscriptions");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;

  /* a mailing type or a channel the configuration lacks: 422 naming it, nothing stored,
   * not even the valid pair given before it */
  answer = put (member, "subscriptions", agent,
                "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"sms\",\"enabled\":false},"
                "{\"mailing_type\":\"lottery\",\"channel\":\"sms\",\"enabled\":false}]}", 422);
  ld_test_assert_error (answer, "invalid_field", "mailing_type");
  g_assert_cmpstr (ld_test_json_string (answer, "error.details.value"), ==, "lottery");
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "lottery"));
  g_clear_pointer (&answer, json_node_unref);

  answer = put (member, "subscriptions", agent,
                "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"pigeon\",\"enabled\":false}]}", 422);
  ld_test_assert_error (answer, "invalid_field", "channel");
  g_assert_cmpstr (ld_test_json_string (answer, "error.details.value"), ==, "pigeon");

  after = get (member, "subscriptions");
  g_assert_true (json_node_equal (after, before));
  g_assert_cmpuint (count_actions (member, "member.subscriptions", NULL), ==, 0);

  /* the shape */
  ld_test_server_assert_error (server, "PUT", path, agent, "{}", NULL, 422, "invalid_field", "items");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"items\":{}}", NULL, 422, "invalid_field", "items");
  ld_test_server_assert_error (server, "PUT", path, agent,
                               "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"sms\"}]}", NULL,
                               422, "invalid_field", "items");
  ld_test_server_assert_error (server, "PUT", path, agent,
                               "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"sms\",\"enabled\":\"no\"}]}", NULL,
                               422, "invalid_field", "items");
  ld_test_server_assert_error (server, "PUT", path, agent,
                               "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"sms\",\"enabled\":false},"
                               "{\"mailing_type\":\"news\",\"channel\":\"sms\",\"enabled\":true}]}", NULL,
                               422, "invalid_field", "items");

  /* an unknown member */
  ld_test_server_assert_error (server, "PUT", API "/members/999999/subscriptions", agent,
                               "{\"items\":[]}", NULL, 404, "not_found", NULL);
}

/* the message of a refusal in Russian, as the agent's app asks for it */
static void
test_subscriptions_russian (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *path = member_path (3, "subscriptions");
  guint status;

  status = ld_test_server_request (server, "PUT", path, agent,
                                   "{\"items\":[{\"mailing_type\":\"lottery\",\"channel\":\"sms\",\"enabled\":false}]}",
                                   LD_TEST_HEADERS_RUSSIAN, &answer);
  g_assert_cmpuint (status, ==, 422);
  g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "lottery"));
}

/* ---- favorites */

static void
test_favorites_change (void)
{
  const gint64 member = 4;
  g_autoptr(JsonNode) cleared = put (member, "favorites", agent, "{\"product_ids\":[]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *target = NULL;
  guint n_history;
  guint n_actions;

  g_assert_cmpint (ld_test_json_int (cleared, "count"), ==, 0);
  history = favorites_history (member);
  n_history = history->len;
  g_clear_pointer (&history, g_ptr_array_unref);
  n_actions = count_actions (member, "member.favorites", NULL);

  /* a repeated id counts once */
  answer = put (member, "favorites", agent, "{\"product_ids\":[3,5,3]}", 200);
  ids = favorite_ids (answer);
  g_assert_cmpstr (ids, ==, "3,5");
  g_assert_cmpint (ld_test_json_int (answer, "count"), ==, 2);
  g_assert_true (json_node_get_boolean (ld_test_json_path (answer, "enabled")));
  g_assert_cmpint (ld_test_json_int (answer, "max"), ==, 5);

  /* the answer is what GET answers */
  got = get (member, "favorites");
  g_assert_true (json_node_equal (got, answer));

  /* 5 kept, 3 removed, 7 added */
  again = put (member, "favorites", agent, "{\"product_ids\":[5,7]}", 200);
  g_clear_pointer (&ids, g_free);
  ids = favorite_ids (again);
  g_assert_cmpstr (ids, ==, "5,7");

  history = favorites_history (member);
  g_assert_cmpuint (history->len, ==, n_history + 4);
  /* newest first: the second PUT's removal and addition, then the first PUT's additions */
  g_assert_true (g_ptr_array_find_with_equal_func (history, "removed 3 agent", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (history, "added 7 agent", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (history, "added 3 agent", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (history, "added 5 agent", g_str_equal, NULL));

  g_assert_cmpuint (count_actions (member, "member.favorites", &target), ==, n_actions + 2);
  g_assert_cmpstr (target, ==, "-3 +7");

  /* the same set again changes nothing and writes nothing */
  g_clear_pointer (&again, json_node_unref);
  again = put (member, "favorites", agent, "{\"product_ids\":[7,5]}", 200);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = favorites_history (member);
  g_assert_cmpuint (history->len, ==, n_history + 4);
  g_assert_cmpuint (count_actions (member, "member.favorites", NULL), ==, n_actions + 2);
}

static void
test_favorites_refusals (void)
{
  const gint64 member = 5;
  g_autofree char *path = member_path (member, "favorites");
  G_GNUC_UNUSED g_autoptr(JsonNode) start = put (member, "favorites", agent, "{\"product_ids\":[1]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *ids = NULL;

  /* an unknown product: 422 naming it; nothing changed */
  answer = put (member, "favorites", agent, "{\"product_ids\":[2,987654]}", 422);
  ld_test_assert_error (answer, "invalid_field", "product_ids");
  g_assert_cmpint (ld_test_json_int (answer, "error.details.product_id"), ==, 987654);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "987654"));
  g_clear_pointer (&answer, json_node_unref);

  /* the shape: a list of positive whole numbers */
  ld_test_server_assert_error (server, "PUT", path, agent, "{}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"product_ids\":2}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"product_ids\":[\"2\"]}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"product_ids\":[2.5]}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"product_ids\":[0]}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", path, agent, "{\"product_ids\":[-4]}", NULL, 422, "invalid_field", "product_ids");
  ld_test_server_assert_error (server, "PUT", API "/members/999999/favorites", agent,
                               "{\"product_ids\":[]}", NULL, 404, "not_found", NULL);

  after = get (member, "favorites");
  ids = favorite_ids (after);
  g_assert_cmpstr (ids, ==, "1");
}

/* a product withdrawn from the catalogue cannot be added; one that was a favorite before
 * it was withdrawn may stay while others change */
static void
test_favorites_inactive_product (void)
{
  const gint64 member = 6;
  G_GNUC_UNUSED g_autoptr(JsonNode) start = put (member, "favorites", agent, "{\"product_ids\":[10]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *ids = NULL;

  ld_test_server_run_sql (server, "UPDATE products SET active = 0 WHERE id IN (10, 11)");

  answer = put (member, "favorites", agent, "{\"product_ids\":[10,11]}", 422);
  ld_test_assert_error (answer, "invalid_field", "product_ids");
  g_assert_cmpint (ld_test_json_int (answer, "error.details.product_id"), ==, 11);
  g_clear_pointer (&answer, json_node_unref);

  answer = put (member, "favorites", agent, "{\"product_ids\":[10,12]}", 200);
  ids = favorite_ids (answer);
  g_assert_cmpstr (ids, ==, "10,12");

  ld_test_server_run_sql (server, "UPDATE products SET active = 1 WHERE id IN (10, 11)");
}

static void
test_favorites_limit (void)
{
  const gint64 member = 7;
  G_GNUC_UNUSED g_autoptr(JsonNode) start = put (member, "favorites", agent, "{\"product_ids\":[1,2]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *ids = NULL;

  set_favorites_config (TRUE, 3);

  answer = put (member, "favorites", agent, "{\"product_ids\":[1,2,3,4]}", 409);
  ld_test_assert_error (answer, "favorites_limit_reached", NULL);
  g_assert_cmpint (ld_test_json_int (answer, "error.details.max"), ==, 3);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "3"));
  g_clear_pointer (&answer, json_node_unref);

  /* a repeated id does not count twice: three distinct are allowed */
  answer = put (member, "favorites", agent, "{\"product_ids\":[1,2,3,3]}", 200);
  g_assert_cmpint (ld_test_json_int (answer, "count"), ==, 3);
  g_assert_cmpint (ld_test_json_int (answer, "max"), ==, 3);
  g_clear_pointer (&answer, json_node_unref);

  /* the maximum lowered below what the member has: fewer may still be set, not as many */
  set_favorites_config (TRUE, 1);
  answer = put (member, "favorites", agent, "{\"product_ids\":[1,2,3]}", 409);
  ld_test_assert_error (answer, "favorites_limit_reached", NULL);
  g_clear_pointer (&answer, json_node_unref);
  answer = put (member, "favorites", agent, "{\"product_ids\":[2]}", 200);
  g_clear_pointer (&answer, json_node_unref);

  set_favorites_config (TRUE, 5);
  after = get (member, "favorites");
  ids = favorite_ids (after);
  g_assert_cmpstr (ids, ==, "2");
}

static void
test_favorites_disabled (void)
{
  const gint64 member = 8;
  G_GNUC_UNUSED g_autoptr(JsonNode) start = put (member, "favorites", agent, "{\"product_ids\":[4]}", 200);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) history = favorites_history (member);
  g_autofree char *ids = NULL;
  guint n_history = history->len;
  guint status;

  set_favorites_config (FALSE, 5);

  answer = put (member, "favorites", agent, "{\"product_ids\":[4,6]}", 409);
  ld_test_assert_error (answer, "favorites_disabled", NULL);
  g_clear_pointer (&answer, json_node_unref);
  /* removing is a change too */
  answer = put (member, "favorites", agent, "{\"product_ids\":[]}", 409);
  ld_test_assert_error (answer, "favorites_disabled", NULL);
  g_clear_pointer (&answer, json_node_unref);

  status = ld_test_server_request (server, "PUT", API "/members/8/favorites", agent, "{\"product_ids\":[]}",
                                   LD_TEST_HEADERS_RUSSIAN, &answer);
  g_assert_cmpuint (status, ==, 409);
  g_assert_true (ld_test_has_cyrillic (ld_test_json_string (answer, "error.message")));

  set_favorites_config (TRUE, 5);

  after = get (member, "favorites");
  ids = favorite_ids (after);
  g_assert_cmpstr (ids, ==, "4");
  g_clear_pointer (&history, g_ptr_array_unref);
  history = favorites_history (member);
  g_assert_cmpuint (history->len, ==, n_history);
}

/* ---- rights */

static void
test_rights (void)
{
  g_autofree char *no_favorites = NULL;
  g_autofree char *no_subscriptions = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *ids = NULL;
  gboolean push_before;

  /* the agent role holds both (test_*_change above); one right denied takes only it */
  ld_test_server_create_operator_full (server, "agent_nofav", NULL, "agent", NULL, "member.favorites");
  ld_test_server_create_operator_full (server, "agent_nosub", NULL, "agent", NULL, "member.subscriptions");
  no_favorites = ld_test_server_login (server, "agent_nofav", LD_TEST_PASSWORD);
  no_subscriptions = ld_test_server_login (server, "agent_nosub", LD_TEST_PASSWORD);
  after = get (9, "subscriptions");
  push_before = pair_enabled (after, "news", "push");
  g_clear_pointer (&after, json_node_unref);

  answer = put (9, "favorites", no_favorites, "{\"product_ids\":[1]}", 403);
  ld_test_assert_error (answer, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "member.favorites"));
  g_clear_pointer (&answer, json_node_unref);
  answer = put (9, "subscriptions", no_favorites,
                "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"sms\",\"enabled\":false}]}", 200);
  g_clear_pointer (&answer, json_node_unref);

  answer = put (9, "subscriptions", no_subscriptions,
                push_before ? "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"push\",\"enabled\":false}]}"
                            : "{\"items\":[{\"mailing_type\":\"news\",\"channel\":\"push\",\"enabled\":true}]}", 403);
  ld_test_assert_error (answer, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (answer, "error.message"), "member.subscriptions"));
  g_clear_pointer (&answer, json_node_unref);
  answer = put (9, "favorites", no_subscriptions, "{\"product_ids\":[2]}", 200);

  after = get (9, "subscriptions");
  g_assert_true (pair_enabled (after, "news", "push") == push_before);
  g_assert_false (pair_enabled (after, "news", "sms"));
  g_clear_pointer (&after, json_node_unref);
  after = get (9, "favorites");
  ids = favorite_ids (after);
  g_assert_cmpstr (ids, ==, "2");

  /* without a session */
  ld_test_server_assert_error (server, "PUT", API "/members/9/favorites", NULL, "{\"product_ids\":[]}", NULL,
                               401, "unauthorized", NULL);
}

/* ---- Idempotency-Key */

static void
test_idempotent_retries (void)
{
  const gint64 member = 10;
  g_autofree char *fav_path = member_path (member, "favorites");
  g_autofree char *sub_path = member_path (member, "subscriptions");
  G_GNUC_UNUSED g_autoptr(JsonNode) start = put (member, "favorites", agent, "{\"product_ids\":[]}", 200);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GPtrArray) history = favorites_history (member);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  guint n_history = history->len;
  guint n_actions = count_actions (member, "member.favorites", NULL);
  const char *body = "{\"product_ids\":[14,15]}";

  first = ld_test_server_expect_full (server, "PUT", fav_path, agent, body, "fav-retry-1", 200, &first_text);
  /* meanwhile another agent removes one: the retry must not put it back */
  json_node_unref (put (member, "favorites", admin, "{\"product_ids\":[15]}", 200));
  second = ld_test_server_expect_full (server, "PUT", fav_path, agent, body, "fav-retry-1", 200, &second_text);
  g_assert_cmpstr (second_text, ==, first_text);

  g_clear_pointer (&history, g_ptr_array_unref);
  history = favorites_history (member);
  /* two added by the first, one removed by the admin; nothing by the retry */
  g_assert_cmpuint (history->len, ==, n_history + 3);
  g_assert_cmpuint (count_actions (member, "member.favorites", NULL), ==, n_actions + 2);
  {
    g_autoptr(JsonNode) now = get (member, "favorites");
    g_autofree char *ids = favorite_ids (now);

    g_assert_cmpstr (ids, ==, "15");
  }

  /* subscriptions alike */
  {
    const char *sub_body = "{\"items\":[{\"mailing_type\":\"balance\",\"channel\":\"sms\",\"enabled\":false}]}";
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;
    guint n_sub = count_actions (member, "member.subscriptions", NULL);

    a = ld_test_server_expect_full (server, "PUT", sub_path, agent, sub_body, "sub-retry-1", 200, NULL);
    json_node_unref (put (member, "subscriptions", admin,
                          "{\"items\":[{\"mailing_type\":\"balance\",\"channel\":\"sms\",\"enabled\":true}]}", 200));
    b = ld_test_server_expect_full (server, "PUT", sub_path, agent, sub_body, "sub-retry-1", 200, NULL);
    g_assert_true (json_node_equal (a, b));
    g_assert_cmpuint (count_actions (member, "member.subscriptions", NULL), ==, n_sub + 2);
    g_clear_pointer (&a, json_node_unref);
    a = get (member, "subscriptions");
    g_assert_true (pair_enabled (a, "balance", "sms"));
  }
}

/* ---- messages: the channel filter with the period and the status (the app's filter row) */

static void
test_messages_filters (void)
{
  g_autoptr(JsonNode) all = ld_test_server_expect (server, "GET", API "/members/1/messages?limit=500",
                                                   agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (all, "items"));
  const char *channels[] = { "sms", "email" };
  const char *status = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_assert_cmpuint (json_array_get_length (items), >, 20);
  g_assert_cmpint (ld_test_json_int (all, "total"), ==, json_array_get_length (items));

  /* a status and a period from the member's own messages: the period around the middle */
  {
    JsonObject *middle = json_array_get_object_element (items, json_array_get_length (items) / 2);
    JsonObject *later = json_array_get_object_element (items, json_array_get_length (items) / 4);

    status = json_object_get_string_member (middle, "status");
    from = g_strndup (json_object_get_string_member (middle, "sent_at"), 10);
    to = g_strndup (json_object_get_string_member (later, "sent_at"), 10);
  }

  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      g_autofree char *path = g_strdup_printf (API "/members/1/messages?channel=%s&status=%s&from=%s&to=%s&limit=500",
                                               channels[c], status, from, to);
      g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
      JsonArray *found = json_node_get_array (ld_test_json_path (page, "items"));
      guint expected = 0;

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *message = json_array_get_object_element (items, i);
          g_autofree char *day = g_strndup (json_object_get_string_member (message, "sent_at"), 10);

          if (g_str_equal (json_object_get_string_member (message, "channel"), channels[c]) &&
              g_str_equal (json_object_get_string_member (message, "status"), status) &&
              strcmp (day, from) >= 0 && strcmp (day, to) <= 0)
            expected++;
        }

      g_test_message ("%s: %u", path, expected);
      g_assert_cmpuint (json_array_get_length (found), ==, expected);
      g_assert_cmpint (ld_test_json_int (page, "total"), ==, expected);
      for (guint i = 0; i < json_array_get_length (found); i++)
        {
          JsonObject *message = json_array_get_object_element (found, i);

          g_assert_cmpstr (json_object_get_string_member (message, "channel"), ==, channels[c]);
          g_assert_cmpstr (json_object_get_string_member (message, "status"), ==, status);
        }
    }

  /* a channel that is no keyword */
  ld_test_server_assert_error (server, "GET", API "/members/1/messages?channel=SMS%20or%201", agent, NULL, NULL,
                               400, "malformed", "channel");
}

/* ---- the typed client calls */

static void
test_client_calls (void)
{
  const gint64 member = 11;
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) grid = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GListStore) change = g_list_store_new (LD_TYPE_SUBSCRIPTION);
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdSubscription) off = NULL;
  const gint64 ids[] = { 20, 21 };
  const gint64 too_many[] = { 1, 2, 3, 4, 5, 6 };
  gboolean found = FALSE;

  /* the grid as GET gave it, one pair turned, sent back whole */
  ld_client_get_subscriptions_async (client, member, NULL, ld_test_store_result_cb, &result);
  grid = ld_client_get_subscriptions_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  json_parser_load_from_data (parser, "{\"mailing_type\":\"receipts\",\"channel\":\"push\",\"enabled\":false}", -1, &error);
  g_assert_no_error (error);
  off = ld_subscription_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (grid); i++)
    {
      g_autoptr(LdSubscription) item = g_list_model_get_item (grid, i);

      if (g_str_equal (ld_subscription_get_mailing_type (item), "receipts") &&
          g_str_equal (ld_subscription_get_channel (item), "push"))
        g_list_store_append (change, off);
      else
        g_list_store_append (change, item);
    }

  ld_client_update_subscriptions_async (client, member, G_LIST_MODEL (change), "client-sub-1", NULL,
                                        ld_test_store_result_cb, &result);
  after = ld_client_update_subscriptions_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (grid));
  for (guint i = 0; i < g_list_model_get_n_items (after); i++)
    {
      g_autoptr(LdSubscription) item = g_list_model_get_item (after, i);

      if (g_str_equal (ld_subscription_get_mailing_type (item), "receipts") &&
          g_str_equal (ld_subscription_get_channel (item), "push"))
        {
          g_assert_false (ld_subscription_get_enabled (item));
          found = TRUE;
        }
    }
  g_assert_true (found);
  stored = get (member, "subscriptions");
  g_assert_false (pair_enabled (stored, "receipts", "push"));

  /* favorites: what GET answers, and the limit's error with its details */
  ld_client_update_favorites_async (client, member, ids, G_N_ELEMENTS (ids), NULL, NULL,
                                    ld_test_store_result_cb, &result);
  favorites = ld_client_update_favorites_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (json_object_get_int_member (favorites, "count"), ==, 2);

  ld_client_update_favorites_async (client, member, too_many, G_N_ELEMENTS (too_many), NULL, NULL,
                                    ld_test_store_result_cb, &result);
  g_assert_null (ld_client_update_favorites_finish (client, ld_test_await (&result), &error));
  g_assert_error (error, LD_ERROR, LD_ERROR_FAVORITES_LIMIT_REACHED);
  g_assert_cmpint (json_object_get_int_member (ld_client_result_get_error_details (result), "max"), ==, 5);
  g_clear_error (&error);
  g_clear_object (&result);

  /* the search with several criteria, an answer among them */
  {
    g_autoptr(GHashTable) parameters = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(LdPage) page = NULL;
    g_autoptr(JsonNode) profile = ld_test_server_expect (server, "GET", API "/members/11", agent, NULL, NULL, 200);
    const char *city = ld_test_json_string (profile, "answers.city");
    const char *last_name = ld_test_json_string (profile, "last_name");
    gboolean has_member = FALSE;

    g_hash_table_insert (parameters, (gpointer) "answers.city", (gpointer) city);
    g_hash_table_insert (parameters, (gpointer) "name", (gpointer) last_name);
    ld_client_search_members_full_async (client, parameters, NULL, 0, NULL, ld_test_store_result_cb, &result);
    page = ld_client_search_members_full_finish (client, ld_test_await (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    for (guint i = 0; i < g_list_model_get_n_items (ld_page_get_items (page)); i++)
      {
        g_autoptr(LdMember) found_member = g_list_model_get_item (ld_page_get_items (page), i);

        has_member |= ld_member_get_id (found_member) == member;
      }
    g_assert_true (has_member);

    g_hash_table_insert (parameters, (gpointer) "answers.shoe_size", (gpointer) "42");
    ld_client_search_members_full_async (client, parameters, NULL, 0, NULL, ld_test_store_result_cb, &result);
    g_assert_null (ld_client_search_members_full_finish (client, ld_test_await (&result), &error));
    g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
    g_assert_cmpstr (ld_client_result_get_error_field (result), ==, "answers.shoe_size");
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new_full (N_MEMBERS, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/preferences/subscriptions/change", test_subscriptions_change);
  g_test_add_func ("/server/preferences/subscriptions/refusals", test_subscriptions_refusals);
  g_test_add_func ("/server/preferences/subscriptions/russian", test_subscriptions_russian);
  g_test_add_func ("/server/preferences/favorites/change", test_favorites_change);
  g_test_add_func ("/server/preferences/favorites/refusals", test_favorites_refusals);
  g_test_add_func ("/server/preferences/favorites/inactive-product", test_favorites_inactive_product);
  g_test_add_func ("/server/preferences/favorites/limit", test_favorites_limit);
  g_test_add_func ("/server/preferences/favorites/disabled", test_favorites_disabled);
  g_test_add_func ("/server/preferences/rights", test_rights);
  g_test_add_func ("/server/preferences/idempotent-retries", test_idempotent_retries);
  g_test_add_func ("/server/preferences/client-calls", test_client_calls);
  g_test_add_func ("/server/preferences/messages-filters", test_messages_filters);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

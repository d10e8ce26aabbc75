/* test-server-cards.c — linking a physical card to a member (POST /members/{id}/cards)
 *
 * Raw HTTP against the real server with demo data (60 members: member 50's account is
 * blocked, as every 50th is). Each test takes its own members and its own cards from the
 * free pool (GET /cards?state=issued), so the tests hold whatever order they run in. One
 * test needs a member whose main card is virtual: it registers one by phone, through the
 * API, as an agent would.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 60
#define BLOCKED_MEMBER 50

static LdTestServer *server;
static char *agent;
static char *admin;

static JsonNode *
link_card (gint64      member_id,
           const char *number,
           const char *token,
           guint       expected)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/cards", member_id);
  g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\"}", number);

  return ld_test_server_expect (server, "POST", path, token, body, NULL, expected);
}

/* the card @number of a profile, or NULL */
static JsonObject *
profile_card (JsonNode   *profile,
              const char *number)
{
  JsonArray *cards = json_node_get_array (ld_test_json_path (profile, "cards"));

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      if (g_strcmp0 (json_object_get_string_member (card, "number"), number) == 0)
        return card;
    }
  return NULL;
}

/* the cards that count against the maximum: not replaced, not deleted */
static guint
live_cards (JsonNode *profile)
{
  JsonArray *cards = json_node_get_array (ld_test_json_path (profile, "cards"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      const char *state = json_object_get_string_member (json_array_get_object_element (cards, i), "state");

      if (!g_str_equal (state, "replaced") && !g_str_equal (state, "deleted"))
        n++;
    }
  return n;
}

/* a free card's number (transfer full); @with_purchases prefers one that was bought with */
static char *
free_card (gboolean with_purchases)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=500",
                                                    agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; with_purchases && i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);

      if (!json_object_get_null_member (card, "first_purchase_pos") &&
          json_object_get_int_member (card, "balance") > 0)
        return g_strdup (json_object_get_string_member (card, "number"));
    }
  for (guint i = 0; with_purchases && i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);

      if (!json_object_get_null_member (card, "first_purchase_pos"))
        return g_strdup (json_object_get_string_member (card, "number"));
    }
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "number"));
}

static gint64
free_pool_total (void)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=1",
                                                    agent, NULL, NULL, 200);

  return ld_test_json_int (page, "total");
}

static gboolean
free_pool_has (const char *number)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=500",
                                                    agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  /* the demo data's pool fits in one page */
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (page, "next_cursor")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "number"), number))
      return TRUE;
  return FALSE;
}

/* the purchases of the member's account made with @number */
static guint
purchases_with_card (gint64      member_id,
                     const char *number)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/purchases?limit=500", member_id);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "card"), number) == 0)
      n++;
  return n;
}

/* the member's action entries of @action on @target */
static guint
actions_on (gint64      member_id,
            const char *action,
            const char *target,
            const char *operator_login)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions?limit=500", member_id);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "target", NULL), target) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "operator_login"), ==, operator_login);
          n++;
        }
    }
  return n;
}

static void
set_max_cards (gint64 max_cards)
{
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *body = NULL;

  json_object_set_int_member (json_node_get_object (config), "max_cards", max_cards);
  body = json_to_string (config, FALSE);
  saved = ld_test_server_expect (server, "PUT", API "/config", admin, body, NULL, 200);
}

/* ---- the tests */

static void
test_link_free_card (void)
{
  const gint64 member_id = 2;
  g_autofree char *number = free_card (TRUE);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, member_id);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) card_before = ld_test_server_get_card (server, agent, number);
  g_autoptr(JsonNode) card_after = NULL;
  gint64 pool_before = free_pool_total ();
  gint64 card_balance = ld_test_json_int (card_before, "balance");
  gboolean had_main_physical = FALSE;
  JsonArray *cards;
  JsonObject *card;

  g_test_message ("linking %s (balance %" G_GINT64_FORMAT ") to member %" G_GINT64_FORMAT,
                  number, card_balance, member_id);
  g_assert_cmpstr (ld_test_json_string (card_before, "state"), ==, "issued");
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (card_before, "owner_id")));
  g_assert_true (free_pool_has (number));
  g_assert_cmpuint (purchases_with_card (member_id, number), ==, 0);
  cards = json_node_get_array (ld_test_json_path (before, "cards"));
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *other = json_array_get_object_element (cards, i);

      if (json_object_get_boolean_member (other, "main") &&
          g_str_equal (json_object_get_string_member (other, "type"), "physical"))
        had_main_physical = TRUE;
    }

  /* the answer is the profile, with the card in it */
  answer = link_card (member_id, number, agent, 201);
  g_assert_cmpint (ld_test_json_int (answer, "id"), ==, member_id);
  card = profile_card (answer, number);
  g_assert_nonnull (card);
  g_assert_cmpstr (json_object_get_string_member (card, "state"), ==, "activated");
  g_assert_cmpstr (json_object_get_string_member (card, "type"), ==, "physical");
  g_assert_cmpint (json_object_get_int_member (card, "owner_id"), ==, member_id);
  g_assert_false (json_object_get_null_member (card, "activated_at"));
  /* main only when the member had no main physical card */
  g_assert_cmpint (json_object_get_boolean_member (card, "main"), ==, !had_main_physical);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (answer, "cards"))),
                    ==, json_array_get_length (cards) + 1);
  g_assert_cmpint (ld_test_json_int (answer, "version"), ==, ld_test_json_int (before, "version") + 1);

  /* the pre-registration balance is the account's now */
  g_assert_cmpint (ld_test_json_int (answer, "account.balance"), ==,
                   ld_test_json_int (before, "account.balance") + card_balance);

  /* GET /members/{id} says the same */
  after = ld_test_server_get_member (server, agent, member_id);
  g_assert_true (json_node_equal (after, answer));

  /* the card itself: activated, owned, out of the free pool */
  card_after = ld_test_server_get_card (server, agent, number);
  g_assert_cmpstr (ld_test_json_string (card_after, "state"), ==, "activated");
  g_assert_cmpint (ld_test_json_int (card_after, "owner_id"), ==, member_id);
  g_assert_cmpint (ld_test_json_int (card_after, "balance"), ==, card_balance);
  g_assert_false (free_pool_has (number));
  g_assert_cmpint (free_pool_total (), ==, pool_before - 1);

  /* its earlier purchases are in the member's history */
  if (!JSON_NODE_HOLDS_NULL (ld_test_json_path (card_before, "first_purchase_pos")))
    g_assert_cmpuint (purchases_with_card (member_id, number), >, 0);

  /* who did it */
  g_assert_cmpuint (actions_on (member_id, "card.link", number, "agent"), ==, 1);
}

/* POST @path as admin with @body, which must answer @expected */
static JsonNode *
admin_post (const char *path,
            const char *body,
            guint       expected)
{
  return ld_test_server_expect (server, "POST", path, admin, body, NULL, expected);
}

/* a new member registered by phone (mode "phone", a virtual card, no physical one), as an
 * agent's wizard would through the API; the configuration is put back after → its id */
static gint64
register_with_a_virtual_card (const char *phone)
{
  g_autoptr(JsonNode) config = ld_test_server_expect (server, "GET", API "/config", admin, NULL, NULL, 200);
  g_autofree char *original = json_to_string (config, FALSE);
  g_autofree char *changed = NULL;
  g_autofree char *start = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":null}", phone);
  g_autofree char *prefix = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) member = NULL;
  JsonObject *registration = json_node_get_object (ld_test_json_path (config, "registration"));
  const char *steps[][2] = {
    { "/phone/skip", "{}" },
    { "/virtual-card", "{\"issue_virtual\":true}" },
    { "/consent", "{\"offer\":true,\"personal_data\":true}" },
    { "/password", "{}" },
  };

  json_object_set_string_member (registration, "mode", "phone");
  json_object_set_boolean_member (registration, "virtual_card", TRUE);
  json_object_set_boolean_member (registration, "email_required", FALSE);
  changed = json_to_string (config, FALSE);
  json_node_unref (ld_test_server_expect (server, "PUT", API "/config", admin, changed, NULL, 200));

  draft = admin_post (API "/registrations", start, 201);
  prefix = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT, ld_test_json_int (draft, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *path = g_strconcat (prefix, steps[i][0], NULL);

      json_node_unref (admin_post (path, steps[i][1], 200));
    }
  {
    g_autofree char *path = g_strconcat (prefix, "/complete", NULL);

    member = admin_post (path, "{\"answers\":{\"last_name\":\"Петров\",\"first_name\":\"Иван\","
                               "\"birth_date\":\"1985-04-12\"}}", 201);
  }

  json_node_unref (ld_test_server_expect (server, "PUT", API "/config", admin, original, NULL, 200));
  return ld_test_json_int (member, "id");
}

static void
test_becomes_main_without_main_physical (void)
{
  /* a member registered by phone: its virtual card is the main one */
  const gint64 member_id = register_with_a_virtual_card ("+79007001001");
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *virtual_number = NULL;
  JsonArray *cards;

  before = ld_test_server_get_member (server, agent, member_id);
  g_assert_cmpstr (ld_test_json_string (before, "main_card.number"), !=, NULL);
  virtual_number = ld_test_json_string (before, "main_card.number");
  g_assert_true (profile_card (before, virtual_number) != NULL &&
                 g_str_equal (json_object_get_string_member (profile_card (before, virtual_number), "type"), "virtual"));

  /* the physical card is the main one now, the virtual one steps down */
  answer = link_card (member_id, number, agent, 201);
  g_assert_true (json_object_get_boolean_member (profile_card (answer, number), "main"));
  g_assert_false (json_object_get_boolean_member (profile_card (answer, virtual_number), "main"));
  g_assert_cmpstr (ld_test_json_string (answer, "main_card.number"), ==, number);
  cards = json_node_get_array (ld_test_json_path (answer, "cards"));
  {
    guint n_main = 0;

    for (guint i = 0; i < json_array_get_length (cards); i++)
      if (json_object_get_boolean_member (json_array_get_object_element (cards, i), "main"))
        n_main++;
    g_assert_cmpuint (n_main, ==, 1);
  }
}

static void
test_linked_elsewhere (void)
{
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) linked = link_card (3, number, agent, 201);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) refused_main = NULL;
  g_autoptr(JsonNode) other = ld_test_server_get_member (server, agent, 5);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, 4);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) card = NULL;

  g_assert_nonnull (linked);
  refused = link_card (4, number, agent, 409);
  ld_test_assert_error (refused, "card_linked_to_other_member", "number");
  g_assert_cmpint (ld_test_json_int (refused, "error.details.member_id"), ==, 3);

  /* a card of the demo data's own, too */
  refused_main = link_card (4, ld_test_json_string (other, "main_card.number"), agent, 409);
  ld_test_assert_error (refused_main, "card_linked_to_other_member", "number");
  g_assert_cmpint (ld_test_json_int (refused_main, "error.details.member_id"), ==, 5);

  /* nothing changed for either */
  after = ld_test_server_get_member (server, agent, 4);
  g_assert_true (json_node_equal (before, after));
  card = ld_test_server_get_card (server, agent, number);
  g_assert_cmpint (ld_test_json_int (card, "owner_id"), ==, 3);
}

static void
test_already_linked (void)
{
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, 6);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) after = NULL;

  refused = link_card (6, ld_test_json_string (member, "main_card.number"), agent, 409);
  ld_test_assert_error (refused, "card_already_linked", "number");
  after = ld_test_server_get_member (server, agent, 6);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (member, "version"));
}

static void
test_not_available (void)
{
  /* member 1's fourth card is replaced: dead, it cannot be linked again */
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, 1);
  JsonArray *cards = json_node_get_array (ld_test_json_path (member, "cards"));
  const char *replaced = NULL;
  g_autoptr(JsonNode) refused = NULL;

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      if (g_str_equal (json_object_get_string_member (card, "state"), "replaced"))
        replaced = json_object_get_string_member (card, "number");
    }
  g_assert_nonnull (replaced);

  refused = link_card (1, replaced, agent, 409);
  ld_test_assert_error (refused, "card_not_available", "number");
  g_assert_cmpstr (ld_test_json_string (refused, "error.details.state"), ==, "replaced");
}

static void
test_unknown (void)
{
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) unknown_card = NULL;
  g_autoptr(JsonNode) unknown_member = NULL;
  g_autoptr(JsonNode) not_digits = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) not_text = NULL;

  unknown_card = link_card (7, "1234567", agent, 404);
  ld_test_assert_error (unknown_card, "card_not_found", "number");

  unknown_member = link_card (999999, number, agent, 404);
  ld_test_assert_error (unknown_member, "not_found", NULL);

  not_digits = link_card (7, "12ab34cd", agent, 422);
  ld_test_assert_error (not_digits, "invalid_field", "number");

  missing = ld_test_server_expect (server, "POST", API "/members/7/cards", agent, "{}", NULL, 422);
  ld_test_assert_error (missing, "invalid_field", "number");

  not_text = ld_test_server_expect (server, "POST", API "/members/7/cards", agent, "{\"number\":[1]}", NULL, 400);
  ld_test_assert_error (not_text, "malformed", "number");

  /* the refusals left the card free */
  g_assert_true (free_pool_has (number));
}

static void
test_spaces_and_dashes (void)
{
  g_autofree char *number = free_card (FALSE);
  g_autoptr(GString) typed = g_string_new (NULL);
  g_autoptr(JsonNode) answer = NULL;

  /* as an agent types it from the card: groups of four */
  for (const char *p = number; *p != '\0'; p++)
    {
      if (p != number && (p - number) % 4 == 0)
        g_string_append (typed, (p - number) % 8 == 0 ? " " : "-");
      g_string_append_c (typed, *p);
    }
  answer = link_card (8, typed->str, agent, 201);
  g_assert_nonnull (profile_card (answer, number));
}

static void
test_maximum (void)
{
  const gint64 member_id = 9;
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, member_id);
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autofree char *max_text = NULL;
  guint n_live = live_cards (before);

  /* the member has as many cards as the maximum allows */
  set_max_cards (n_live);
  refused = link_card (member_id, number, agent, 409);
  ld_test_assert_error (refused, "max_cards_reached", NULL);
  max_text = g_strdup_printf ("%u", n_live);
  g_assert_nonnull (strstr (ld_test_json_string (refused, "error.message"), max_text));
  g_assert_cmpint (ld_test_json_int (refused, "error.details.max_cards"), ==, n_live);
  g_assert_true (free_pool_has (number));

  /* one more allowed: the card links */
  set_max_cards (n_live + 1);
  linked = link_card (member_id, number, agent, 201);
  g_assert_cmpuint (live_cards (linked), ==, n_live + 1);

  set_max_cards (5);
}

static void
test_account_blocked (void)
{
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, BLOCKED_MEMBER);
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) refused = NULL;

  g_assert_true (ld_test_json_path (member, "account.blocked") != NULL &&
                 json_node_get_boolean (ld_test_json_path (member, "account.blocked")));
  refused = link_card (BLOCKED_MEMBER, number, agent, 409);
  ld_test_assert_error (refused, "account_blocked", NULL);
  g_assert_true (free_pool_has (number));
}

static void
test_needs_the_right (void)
{
  g_autofree char *limited = ld_test_server_login (server, "agent-limited", LD_TEST_PASSWORD);
  g_autofree char *number = free_card (FALSE);
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) no_session = NULL;

  refused = link_card (10, number, limited, 403);
  ld_test_assert_error (refused, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (refused, "error.message"), "card.link"));

  no_session = link_card (10, number, NULL, 401);
  g_assert_true (free_pool_has (number));
}

static void
test_idempotent_repeat (void)
{
  const gint64 member_id = 11;
  g_autofree char *number = free_card (TRUE);
  g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\"}", number);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(SoupMessageHeaders) second_headers = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, member_id);
  g_autoptr(JsonNode) after = NULL;
  const char *headers[] = { "Idempotency-Key", "link-card-once", NULL };
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, agent, number);
  gint64 card_balance = ld_test_json_int (card, "balance");
  guint status;

  status = ld_test_server_request_full (server, "POST", API "/members/11/cards", agent, bytes,
                                        headers, &first_text, NULL);
  g_assert_cmpuint (status, ==, 201);
  /* the answer was lost; the app sends the same request again */
  status = ld_test_server_request_full (server, "POST", API "/members/11/cards", agent, bytes,
                                        headers, &second_text, &second_headers);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (second_text, ==, first_text);
  g_assert_cmpstr (soup_message_headers_get_one (second_headers, "Idempotent-Replayed"), ==, "true");

  /* linked once: one card more, the balance added once, one action entry */
  after = ld_test_server_get_member (server, agent, member_id);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (after, "cards"))), ==,
                    json_array_get_length (json_node_get_array (ld_test_json_path (before, "cards"))) + 1);
  g_assert_cmpint (ld_test_json_int (after, "account.balance"), ==,
                   ld_test_json_int (before, "account.balance") + card_balance);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version") + 1);
  g_assert_cmpuint (actions_on (member_id, "card.link", number, "agent"), ==, 1);

  /* without the key, a repeat is refused: the card is the member's already */
  {
    g_autoptr(JsonNode) refused = link_card (member_id, number, agent, 409);

    ld_test_assert_error (refused, "card_already_linked", "number");
  }
}

static void
test_stale_version (void)
{
  const gint64 member_id = 12;
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, agent, member_id);
  g_autofree char *number = free_card (FALSE);
  g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\"}", number);
  g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (member, "version") + 7);
  g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", ld_test_json_int (member, "version"));
  const char *stale_headers[] = { "If-Match", stale, NULL };
  const char *current_headers[] = { "If-Match", current, NULL };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) linked = NULL;

  refused = ld_test_server_expect (server, "POST", API "/members/12/cards", agent, body, stale_headers, 409);
  ld_test_assert_error (refused, "version_conflict", NULL);
  g_assert_true (free_pool_has (number));

  linked = ld_test_server_expect (server, "POST", API "/members/12/cards", agent, body, current_headers, 201);
  g_assert_nonnull (profile_card (linked, number));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (N_MEMBERS, NULL);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/cards/link/free-card", test_link_free_card);
  g_test_add_func ("/server/cards/link/main-without-main-physical", test_becomes_main_without_main_physical);
  g_test_add_func ("/server/cards/link/linked-elsewhere", test_linked_elsewhere);
  g_test_add_func ("/server/cards/link/already-linked", test_already_linked);
  g_test_add_func ("/server/cards/link/not-available", test_not_available);
  g_test_add_func ("/server/cards/link/unknown", test_unknown);
  g_test_add_func ("/server/cards/link/spaces-and-dashes", test_spaces_and_dashes);
  g_test_add_func ("/server/cards/link/maximum", test_maximum);
  g_test_add_func ("/server/cards/link/account-blocked", test_account_blocked);
  g_test_add_func ("/server/cards/link/needs-the-right", test_needs_the_right);
  g_test_add_func ("/server/cards/link/idempotent-repeat", test_idempotent_repeat);
  g_test_add_func ("/server/cards/link/stale-version", test_stale_version);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

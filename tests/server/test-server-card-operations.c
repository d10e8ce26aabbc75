/* test-server-card-operations.c — the operations on one card: POST /cards/{n}/block,
 * /unblock, /replace, /category, DELETE /cards/{n} and POST /cards/{n}/restore
 *
 * Raw HTTP against the real server with demo data (60 members: member 50's account is
 * blocked, as every 50th is). Each test picks its own member from the profiles (by what
 * its cards are, not by fixed numbers) and its own free cards from the pool, so the tests
 * hold whatever order they run in. Every change is checked in what the server stored
 * afterwards: the card, the profile, the histories and the action history.
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
static char *supervisor;
static gboolean taken[N_MEMBERS + 1];

/* ---- reading what the server stored */

static JsonArray *
profile_cards (JsonNode *profile)
{
  return json_node_get_array (ld_test_json_path (profile, "cards"));
}

static JsonObject *
profile_card (JsonNode   *profile,
              const char *number)
{
  JsonArray *cards = profile_cards (profile);

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      if (g_str_equal (json_object_get_string_member (card, "number"), number))
        return card;
    }
  return NULL;
}

static gboolean
card_is (JsonObject *card,
         const char *type,
         const char *state)
{
  return (type == NULL || g_str_equal (json_object_get_string_member (card, "type"), type)) &&
         (state == NULL || g_str_equal (json_object_get_string_member (card, "state"), state));
}

/* the member's main card (transfer none), or NULL */
static JsonObject *
main_card (JsonNode *profile)
{
  JsonArray *cards = profile_cards (profile);

  for (guint i = 0; i < json_array_get_length (cards); i++)
    if (json_object_get_boolean_member (json_array_get_object_element (cards, i), "main"))
      return json_array_get_object_element (cards, i);
  return NULL;
}

/* the number of cards of @type in @state besides the main one */
static guint
other_cards (JsonNode   *profile,
             const char *type,
             const char *state)
{
  JsonArray *cards = profile_cards (profile);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      if (!json_object_get_boolean_member (card, "main") && card_is (card, type, state))
        n++;
    }
  return n;
}

typedef gboolean (*MemberTest) (JsonNode *profile);

/* a member of the demo data (not the blocked one, nor one another test took) that
 * @test accepts; it is this test's from now on */
static gint64
take_member (MemberTest test)
{
  for (gint64 id = 2; id <= N_MEMBERS; id++)
    {
      g_autoptr(JsonNode) profile = NULL;

      if (taken[id] || id == BLOCKED_MEMBER)
        continue;
      profile = ld_test_server_get_member (server, supervisor, id);
      if (json_node_get_boolean (ld_test_json_path (profile, "account.blocked")))
        continue;
      if (test (profile))
        {
          taken[id] = TRUE;
          return id;
        }
    }
  g_error ("No member of the demo data fits this test");
}

/* the main card is an activated physical one */
static gboolean
main_activated (JsonNode *profile)
{
  JsonObject *card = main_card (profile);

  return card != NULL && card_is (card, "physical", "activated");
}

/* … and no other activated physical card could take its place */
static gboolean
main_alone (JsonNode *profile)
{
  return main_activated (profile) && other_cards (profile, "physical", "activated") == 0;
}

/* … and another could */
static gboolean
main_with_heir (JsonNode *profile)
{
  return main_activated (profile) && other_cards (profile, "physical", "activated") > 0;
}

static gboolean
has_deleted_card (JsonNode *profile)
{
  return main_activated (profile) && other_cards (profile, NULL, "deleted") > 0;
}

static gboolean
has_replaced_card (JsonNode *profile)
{
  return main_activated (profile) && other_cards (profile, NULL, "replaced") > 0;
}

/* the number of a card of the member in @state (not the main one), transfer full */
static char *
other_card_number (JsonNode   *profile,
                   const char *state)
{
  JsonArray *cards = profile_cards (profile);

  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      if (!json_object_get_boolean_member (card, "main") && card_is (card, NULL, state))
        return g_strdup (json_object_get_string_member (card, "number"));
    }
  return NULL;
}

static char *
main_number (JsonNode *profile)
{
  return g_strdup (json_object_get_string_member (main_card (profile), "number"));
}

/* a free card's number (transfer full); @with_purchases: one that was bought with and
 * carries a balance. Each call gives another card. */
static char *
free_card (gboolean with_purchases)
{
  static GHashTable *given;
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=500",
                                                    supervisor, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  if (given == NULL)
    given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *card = json_array_get_object_element (items, i);
      const char *number = json_object_get_string_member (card, "number");

      if (g_hash_table_contains (given, number))
        continue;
      if (with_purchases &&
          (json_object_get_null_member (card, "first_purchase_pos") ||
           json_object_get_int_member (card, "balance") == 0))
        continue;
      g_hash_table_add (given, g_strdup (number));
      return g_strdup (number);
    }
  g_error ("The free pool ran out");
}

/* every item of a member's list (purchases, operations, actions) at @query */
static JsonArray *
list_items (gint64      member_id,
            const char *list,
            const char *query,
            JsonNode  **page)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/%s?limit=500%s%s", member_id,
                                           list, query ? "&" : "", query ? query : "");

  *page = ld_test_server_expect (server, "GET", path, supervisor, NULL, NULL, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (*page, "next_cursor")));
  return json_node_get_array (ld_test_json_path (*page, "items"));
}

/* the items of @list whose "card" is @card (and, unless NULL, "replaced_card" @replaced) */
static guint
count_with_card (gint64      member_id,
                 const char *list,
                 const char *query,
                 const char *card,
                 const char *replaced)
{
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items = list_items (member_id, list, query, &page);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "card"), card) == 0 &&
          (replaced == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (item, "replaced_card", NULL), replaced) == 0))
        n++;
    }
  return n;
}

static guint
list_total (gint64      member_id,
            const char *list,
            const char *query)
{
  g_autoptr(JsonNode) page = NULL;

  list_items (member_id, list, query, &page);
  return ld_test_json_int (page, "total");
}

/* the member's action entries of @action on @target, each by @operator_login with @reason */
static guint
actions_on (gint64      member_id,
            const char *action,
            const char *target,
            const char *operator_login,
            const char *reason)
{
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items = list_items (member_id, "actions", NULL, &page);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "target", NULL), target) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "operator_login"), ==, operator_login);
          g_assert_nonnull (json_object_get_string_member (entry, "operator_name"));
          g_assert_nonnull (json_object_get_string_member (entry, "created_at"));
          g_assert_cmpstr (json_object_get_string_member_with_default (entry, "reason", NULL), ==, reason);
          n++;
        }
    }
  return n;
}

/* ---- the requests */

static JsonNode *
operate (const char *method,
         const char *number,
         const char *operation,
         const char *body,
         const char *token,
         guint       expected)
{
  g_autofree char *path = g_strdup_printf (API "/cards/%s%s%s", number, operation ? "/" : "",
                                           operation ? operation : "");

  return ld_test_server_expect (server, method, path, token, body, NULL, expected);
}

static JsonNode *
block (const char *number,
       const char *reason,
       guint       expected)
{
  g_autofree char *body = g_strdup_printf ("{\"reason\":\"%s\"}", reason);

  return operate ("POST", number, "block", body, supervisor, expected);
}

static JsonNode *
replace (const char *number,
         const char *new_number,
         guint       expected)
{
  g_autofree char *body = g_strdup_printf ("{\"new_number\":\"%s\"}", new_number);

  return operate ("POST", number, "replace", body, supervisor, expected);
}

static void
assert_refused (const char *method,
                const char *number,
                const char *operation,
                const char *body,
                const char *code,
                const char *field)
{
  g_autoptr(JsonNode) before = ld_test_server_get_card (server, supervisor, number);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) refused = operate (method, number, operation, body, supervisor,
                                         g_str_equal (code, "invalid_field") ? 422 :
                                         g_str_equal (code, "card_not_found") ? 404 : 409);

  ld_test_assert_error (refused, code, field);
  /* a refusal changes nothing */
  after = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_cmpstr (ld_test_json_string (after, "state"), ==, ld_test_json_string (before, "state"));
}

/* ---- the tests */

static void
test_block_and_unblock (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, number);
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) unblocked = NULL;
  g_autoptr(JsonNode) again = NULL;

  /* the agent's role has card.block */
  blocked = operate ("POST", number, "block", "{\"reason\":\"lost\"}", agent, 200);
  g_assert_cmpstr (ld_test_json_string (blocked, "number"), ==, number);
  g_assert_cmpstr (ld_test_json_string (blocked, "state"), ==, "blocked");
  g_assert_cmpstr (ld_test_json_string (blocked, "blocked_reason"), ==, "lost");
  g_assert_cmpint (ld_test_json_int (blocked, "version"), ==, ld_test_json_int (card, "version") + 1);
  g_assert_cmpint (ld_test_json_int (blocked, "balance"), ==, ld_test_json_int (card, "balance"));

  stored = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "blocked");
  g_assert_cmpstr (ld_test_json_string (stored, "blocked_reason"), ==, "lost");
  profile = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpstr (json_object_get_string_member (profile_card (profile, number), "state"), ==, "blocked");
  g_assert_cmpint (ld_test_json_int (profile, "version"), ==, ld_test_json_int (before, "version") + 1);
  /* a blocked card's points are still the account's */
  g_assert_cmpint (ld_test_json_int (profile, "account.balance"), ==, ld_test_json_int (before, "account.balance"));
  g_assert_cmpuint (actions_on (member_id, "card.block", number, "agent", "lost"), ==, 1);

  /* blocked already; an unblocking reason is not a blocking one */
  assert_refused ("POST", number, "block", "{\"reason\":\"damaged\"}", "card_blocked", NULL);

  unblocked = operate ("POST", number, "unblock", "{\"reason\":\"found\"}", agent, 200);
  g_assert_cmpstr (ld_test_json_string (unblocked, "state"), ==, "activated");
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (unblocked, "blocked_reason")));
  g_assert_cmpint (ld_test_json_int (unblocked, "version"), ==, ld_test_json_int (card, "version") + 2);
  g_assert_cmpuint (actions_on (member_id, "card.unblock", number, "agent", "found"), ==, 1);
  g_clear_pointer (&stored, json_node_unref);
  stored = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "activated");

  assert_refused ("POST", number, "unblock", "{\"reason\":\"found\"}", "card_not_blocked", NULL);

  /* a blocking reason must be a key of reasons.card_block, an unblocking one of card_unblock */
  assert_refused ("POST", number, "block", "{\"reason\":\"found\"}", "invalid_field", "reason");
  assert_refused ("POST", number, "block", "{}", "invalid_field", "reason");
  again = block (number, "damaged", 200);
  assert_refused ("POST", number, "unblock", "{\"reason\":\"lost\"}", "invalid_field", "reason");
  assert_refused ("POST", number, "unblock", "{}", "invalid_field", "reason");
}

static void
test_refusals_by_state (void)
{
  gint64 with_deleted = take_member (has_deleted_card);
  gint64 with_replaced = take_member (has_replaced_card);
  g_autoptr(JsonNode) deleted_profile = ld_test_server_get_member (server, supervisor, with_deleted);
  g_autoptr(JsonNode) replaced_profile = ld_test_server_get_member (server, supervisor, with_replaced);
  g_autofree char *deleted = other_card_number (deleted_profile, "deleted");
  g_autofree char *replaced = other_card_number (replaced_profile, "replaced");
  g_autofree char *active = main_number (deleted_profile);
  g_autofree char *pool = free_card (FALSE);
  g_autofree char *new_card = free_card (FALSE);
  g_autofree char *replace_body = g_strdup_printf ("{\"new_number\":\"%s\"}", new_card);
  g_autoptr(JsonNode) unknown = NULL;

  /* a free-pool card was never activated: nothing to block, replace, recategorise or delete */
  assert_refused ("POST", pool, "block", "{\"reason\":\"lost\"}", "card_not_activated", NULL);
  assert_refused ("POST", pool, "unblock", "{\"reason\":\"found\"}", "card_not_activated", NULL);
  assert_refused ("POST", pool, "replace", replace_body, "card_not_activated", NULL);
  assert_refused ("POST", pool, "category", "{\"category\":\"vip\"}", "card_not_activated", NULL);
  assert_refused ("DELETE", pool, NULL, NULL, "card_not_activated", NULL);
  assert_refused ("POST", pool, "restore", NULL, "card_not_deleted", NULL);

  /* a replaced card is dead for good */
  assert_refused ("POST", replaced, "block", "{\"reason\":\"lost\"}", "card_replaced", NULL);
  assert_refused ("POST", replaced, "unblock", "{\"reason\":\"found\"}", "card_replaced", NULL);
  assert_refused ("POST", replaced, "category", "{\"category\":\"vip\"}", "card_replaced", NULL);
  assert_refused ("DELETE", replaced, NULL, NULL, "card_replaced", NULL);
  assert_refused ("POST", replaced, "restore", NULL, "card_not_deleted", NULL);

  /* a deleted card can only be restored */
  assert_refused ("POST", deleted, "block", "{\"reason\":\"lost\"}", "card_deleted", NULL);
  assert_refused ("POST", deleted, "unblock", "{\"reason\":\"found\"}", "card_deleted", NULL);
  assert_refused ("POST", deleted, "category", "{\"category\":\"vip\"}", "card_deleted", NULL);
  assert_refused ("DELETE", deleted, NULL, NULL, "card_deleted", NULL);

  /* a live card is not deleted, and only a blocked one is replaced */
  assert_refused ("POST", active, "restore", NULL, "card_not_deleted", NULL);
  assert_refused ("POST", active, "replace", replace_body, "card_not_blocked", NULL);

  /* an unknown card */
  unknown = ld_test_server_expect (server, "POST", API "/cards/1234567/block", supervisor,
                                   "{\"reason\":\"lost\"}", NULL, 404);
  ld_test_assert_error (unknown, "card_not_found", NULL);
}

static void
test_category (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, number);
  const char *old_category = ld_test_json_string (card, "category");
  const char *new_category = g_str_equal (old_category, "vip") ? "employee" : "vip";
  g_autofree char *body = g_strdup_printf ("{\"category\":\"%s\"}", new_category);
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) same = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) forbidden = NULL;

  /* the agent's role has no card.change_category */
  forbidden = operate ("POST", number, "category", body, agent, 403);
  ld_test_assert_error (forbidden, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (forbidden, "error.message"), "card.change_category"));

  changed = operate ("POST", number, "category", body, supervisor, 200);
  g_assert_cmpstr (ld_test_json_string (changed, "category"), ==, new_category);
  g_assert_cmpint (ld_test_json_int (changed, "balance"), ==, ld_test_json_int (card, "balance"));
  g_assert_cmpint (ld_test_json_int (changed, "version"), ==, ld_test_json_int (card, "version") + 1);
  stored = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpstr (ld_test_json_string (stored, "category"), ==, new_category);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "activated");
  g_assert_cmpuint (actions_on (member_id, "card.category", number, "supervisor", new_category), ==, 1);

  /* the same category again: 200, nothing changes, nothing is written */
  same = operate ("POST", number, "category", body, supervisor, 200);
  g_assert_cmpint (ld_test_json_int (same, "version"), ==, ld_test_json_int (changed, "version"));
  g_assert_cmpuint (actions_on (member_id, "card.category", number, "supervisor", new_category), ==, 1);

  after = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpint (ld_test_json_int (after, "account.balance"), ==, ld_test_json_int (before, "account.balance"));
  g_assert_cmpstr (ld_test_json_string (after, "main_card.category"), ==, new_category);

  assert_refused ("POST", number, "category", "{\"category\":\"platinum-plus\"}", "invalid_field", "category");
  assert_refused ("POST", number, "category", "{}", "invalid_field", "category");
}

static void
test_replace (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *old_number = main_number (before);
  g_autofree char *new_number = free_card (TRUE);
  g_autofree char *target = g_strdup_printf ("%s→%s", old_number, new_number);
  g_autofree char *old_filter = g_strdup_printf ("card=%s", old_number);
  g_autofree char *new_filter = g_strdup_printf ("card=%s", new_number);
  g_autoptr(JsonNode) pool_card = ld_test_server_get_card (server, supervisor, new_number);
  g_autoptr(JsonNode) old_card = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) old_after = NULL;
  g_autoptr(JsonNode) new_after = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) forbidden = NULL;
  guint purchases = count_with_card (member_id, "purchases", NULL, old_number, NULL);
  guint purchases_total = list_total (member_id, "purchases", NULL);
  guint operations = list_total (member_id, "operations", old_filter);

  g_assert_cmpuint (operations, >, 0);
  g_assert_cmpint (ld_test_json_int (pool_card, "balance"), >, 0);

  blocked = block (old_number, "lost", 200);
  old_card = ld_test_server_get_card (server, supervisor, old_number);

  /* the agent's role has no card.replace */
  {
    g_autofree char *body = g_strdup_printf ("{\"new_number\":\"%s\"}", new_number);

    forbidden = operate ("POST", old_number, "replace", body, agent, 403);
    ld_test_assert_error (forbidden, "forbidden", NULL);
    g_assert_nonnull (strstr (ld_test_json_string (forbidden, "error.message"), "card.replace"));
  }

  /* the answer is the new card: the old one's owner, category, main flag and balance, and
   * what it carried from the pool */
  replaced = replace (old_number, new_number, 200);
  g_assert_cmpstr (ld_test_json_string (replaced, "number"), ==, new_number);
  g_assert_cmpstr (ld_test_json_string (replaced, "state"), ==, "activated");
  g_assert_cmpint (ld_test_json_int (replaced, "owner_id"), ==, member_id);
  g_assert_cmpstr (ld_test_json_string (replaced, "category"), ==, ld_test_json_string (old_card, "category"));
  g_assert_true (json_node_get_boolean (ld_test_json_path (replaced, "main")));
  g_assert_cmpint (ld_test_json_int (replaced, "balance"), ==,
                   ld_test_json_int (old_card, "balance") + ld_test_json_int (pool_card, "balance"));

  old_after = ld_test_server_get_card (server, supervisor, old_number);
  g_assert_cmpstr (ld_test_json_string (old_after, "state"), ==, "replaced");
  g_assert_cmpstr (ld_test_json_string (old_after, "replaced_by"), ==, new_number);
  g_assert_cmpint (ld_test_json_int (old_after, "balance"), ==, 0);
  g_assert_false (json_node_get_boolean (ld_test_json_path (old_after, "main")));
  g_assert_cmpint (ld_test_json_int (old_after, "version"), ==, ld_test_json_int (old_card, "version") + 1);
  new_after = ld_test_server_get_card (server, supervisor, new_number);
  g_assert_cmpstr (ld_test_json_string (new_after, "state"), ==, "activated");
  g_assert_cmpint (ld_test_json_int (new_after, "owner.id"), ==, member_id);

  /* the account gained only what the new card carried */
  after = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpint (ld_test_json_int (after, "account.balance"), ==,
                   ld_test_json_int (before, "account.balance") + ld_test_json_int (pool_card, "balance"));
  g_assert_cmpstr (ld_test_json_string (after, "main_card.number"), ==, new_number);

  /* the histories show the old card's purchases and operations under the new card, and
   * the old number still finds the operations */
  g_assert_cmpuint (count_with_card (member_id, "purchases", NULL, old_number, NULL), ==, 0);
  g_assert_cmpuint (count_with_card (member_id, "purchases", NULL, new_number, old_number), ==, purchases);
  g_assert_cmpuint (list_total (member_id, "purchases", NULL), >, purchases_total);
  g_assert_cmpuint (list_total (member_id, "operations", old_filter), ==, operations);
  g_assert_cmpuint (count_with_card (member_id, "operations", old_filter, new_number, old_number), ==, operations);
  g_assert_cmpuint (list_total (member_id, "operations", new_filter), >=, operations);

  g_assert_cmpuint (actions_on (member_id, "card.replace", target, "supervisor", "lost"), ==, 1);

  /* a search by the old number still finds the member */
  {
    g_autofree char *path = g_strdup_printf (API "/members?card=%s", old_number);
    g_autoptr(JsonNode) found = ld_test_server_expect (server, "GET", path, supervisor, NULL, NULL, 200);
    JsonArray *items = json_node_get_array (ld_test_json_path (found, "items"));

    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, member_id);
  }

  /* the old card is dead: replacing it again is refused, and so is a used new card */
  assert_refused ("POST", old_number, "replace", "{\"new_number\":\"1234567\"}", "card_replaced", NULL);
  {
    g_autofree char *body = g_strdup_printf ("{\"new_number\":\"%s\"}", new_number);

    json_node_unref (block (new_number, "damaged", 200));
    assert_refused ("POST", new_number, "replace", body, "card_not_free", "new_number");
  }
}

static void
test_replace_refusals (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) profile = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (profile);
  g_autoptr(JsonNode) other = ld_test_server_get_member (server, supervisor, 1);
  g_autofree char *others_card = main_number (other);
  g_autofree char *body = g_strdup_printf ("{\"new_number\":\"%s\"}", others_card);
  g_autofree char *own_body = g_strdup_printf ("{\"new_number\":\"%s\"}", number);

  json_node_unref (block (number, "damaged", 200));

  /* the new card must be a free physical one, and exist */
  assert_refused ("POST", number, "replace", body, "card_not_free", "new_number");
  assert_refused ("POST", number, "replace", own_body, "card_not_free", "new_number");
  assert_refused ("POST", number, "replace", "{\"new_number\":\"1234567\"}", "invalid_field", "new_number");
  assert_refused ("POST", number, "replace", "{\"new_number\":\"12ab\"}", "invalid_field", "new_number");
  assert_refused ("POST", number, "replace", "{}", "invalid_field", "new_number");
  /* the refused other member's card is untouched */
  {
    g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, others_card);

    g_assert_cmpint (ld_test_json_int (card, "owner_id"), ==, 1);
    g_assert_cmpstr (ld_test_json_string (card, "state"), !=, "replaced");
  }
}

static void
test_delete_and_restore (void)
{
  gint64 member_id = take_member (main_with_heir);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, number);
  gint64 card_balance = ld_test_json_int (card, "balance");
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) after_delete = NULL;
  g_autoptr(JsonNode) restored = NULL;
  g_autoptr(JsonNode) after_restore = NULL;
  g_autoptr(JsonNode) forbidden = NULL;
  JsonObject *heir;

  g_assert_cmpint (card_balance, >, 0);

  /* the agent's role has no card.delete */
  forbidden = operate ("DELETE", number, NULL, "{\"reason\":\"asked\"}", agent, 403);
  ld_test_assert_error (forbidden, "forbidden", NULL);

  deleted = operate ("DELETE", number, NULL, "{\"reason\":\"The customer asked to\"}", supervisor, 200);
  g_assert_cmpstr (ld_test_json_string (deleted, "state"), ==, "deleted");
  g_assert_false (json_node_get_boolean (ld_test_json_path (deleted, "main")));
  g_assert_cmpint (ld_test_json_int (deleted, "version"), ==, ld_test_json_int (card, "version") + 1);

  /* another activated physical card is main now, and the deleted card's points do not count */
  after_delete = ld_test_server_get_member (server, supervisor, member_id);
  heir = main_card (after_delete);
  g_assert_nonnull (heir);
  g_assert_cmpstr (json_object_get_string_member (heir, "number"), !=, number);
  g_assert_true (card_is (heir, "physical", "activated"));
  g_assert_cmpstr (ld_test_json_string (after_delete, "main_card.number"), ==,
                   json_object_get_string_member (heir, "number"));
  g_assert_cmpint (ld_test_json_int (after_delete, "account.balance"), ==,
                   ld_test_json_int (before, "account.balance") - card_balance);
  g_assert_cmpuint (actions_on (member_id, "card.delete", number, "supervisor", "The customer asked to"), ==, 1);

  /* restored: activated, its points count again, not main (the member has one) */
  restored = operate ("POST", number, "restore", NULL, supervisor, 200);
  g_assert_cmpstr (ld_test_json_string (restored, "state"), ==, "activated");
  g_assert_false (json_node_get_boolean (ld_test_json_path (restored, "main")));
  g_assert_cmpint (ld_test_json_int (restored, "balance"), ==, card_balance);
  after_restore = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpint (ld_test_json_int (after_restore, "account.balance"), ==, ld_test_json_int (before, "account.balance"));
  g_assert_cmpstr (ld_test_json_string (after_restore, "main_card.number"), ==,
                   json_object_get_string_member (heir, "number"));
  g_assert_cmpuint (actions_on (member_id, "card.restore", number, "supervisor", NULL), ==, 1);

  assert_refused ("POST", number, "restore", NULL, "card_not_deleted", NULL);
  {
    g_autoptr(GString) long_reason = g_string_new ("{\"reason\":\"");

    for (guint i = 0; i < 501; i++)
      g_string_append_c (long_reason, 'x');
    g_string_append (long_reason, "\"}");
    assert_refused ("DELETE", number, NULL, long_reason->str, "invalid_field", "reason");
  }
}

static void
test_only_main_card (void)
{
  gint64 member_id = take_member (main_alone);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autoptr(JsonNode) after = NULL;

  assert_refused ("DELETE", number, NULL, NULL, "only_main_card", NULL);
  /* blocked, it is still the only main card */
  json_node_unref (block (number, "lost", 200));
  assert_refused ("DELETE", number, NULL, NULL, "only_main_card", NULL);
  after = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpint (ld_test_json_int (after, "account.balance"), ==, ld_test_json_int (before, "account.balance"));
  g_assert_cmpuint (actions_on (member_id, "card.delete", number, "supervisor", NULL), ==, 0);
}

static void
test_account_blocked (void)
{
  g_autoptr(JsonNode) member = ld_test_server_get_member (server, supervisor, BLOCKED_MEMBER);
  g_autofree char *number = main_number (member);
  g_autofree char *new_card = free_card (FALSE);
  g_autofree char *body = g_strdup_printf ("{\"new_number\":\"%s\"}", new_card);

  /* the demo data blocks every 50th member's account */
  g_assert_true (json_node_get_boolean (ld_test_json_path (member, "account.blocked")));
  assert_refused ("POST", number, "block", "{\"reason\":\"lost\"}", "account_blocked", NULL);
  assert_refused ("POST", number, "unblock", "{\"reason\":\"found\"}", "account_blocked", NULL);
  assert_refused ("POST", number, "replace", body, "account_blocked", NULL);
  assert_refused ("POST", number, "category", "{\"category\":\"vip\"}", "account_blocked", NULL);
  assert_refused ("DELETE", number, NULL, NULL, "account_blocked", NULL);
  {
    g_autofree char *deleted = other_card_number (member, "deleted");

    if (deleted != NULL)
      assert_refused ("POST", deleted, "restore", NULL, "account_blocked", NULL);
  }
}

/* blocking the account through its endpoint (POST /members/{id}/block) stops every card
 * operation; unblocking it lets them through again */
static void
test_account_blocked_by_operator (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autofree char *block_path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/block", member_id);
  g_autofree char *unblock_path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/unblock", member_id);
  g_autoptr(JsonNode) account_blocked = NULL;
  g_autoptr(JsonNode) account_unblocked = NULL;
  g_autoptr(JsonNode) blocked = NULL;

  account_blocked = ld_test_server_expect (server, "POST", block_path, supervisor,
                                           "{\"reason\":\"fraud\"}", NULL, 200);
  g_assert_true (json_node_get_boolean (ld_test_json_path (account_blocked, "account.blocked")));

  assert_refused ("POST", number, "block", "{\"reason\":\"lost\"}", "account_blocked", NULL);
  assert_refused ("POST", number, "category", "{\"category\":\"vip\"}", "account_blocked", NULL);
  assert_refused ("DELETE", number, NULL, NULL, "account_blocked", NULL);
  g_assert_cmpuint (actions_on (member_id, "card.block", number, "supervisor", "lost"), ==, 0);

  account_unblocked = ld_test_server_expect (server, "POST", unblock_path, supervisor,
                                             "{\"reason\":\"Checked with the security team\"}", NULL, 200);
  blocked = block (number, "lost", 200);
  g_assert_cmpstr (ld_test_json_string (blocked, "state"), ==, "blocked");
}

static void
test_idempotent_repeat (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (before);
  g_autofree char *path = g_strdup_printf (API "/cards/%s/block", number);
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, number);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"reason\":\"lost\"}", strlen ("{\"reason\":\"lost\"}"));
  const char *headers[] = { "Idempotency-Key", "block-card-once", NULL };
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(SoupMessageHeaders) second_headers = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) after = NULL;
  guint status;

  status = ld_test_server_request_full (server, "POST", path, supervisor, body, headers, &first_text, NULL);
  g_assert_cmpuint (status, ==, 200);
  /* the answer was lost; the app sends the same request again */
  status = ld_test_server_request_full (server, "POST", path, supervisor, body, headers, &second_text,
                                        &second_headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (second_text, ==, first_text);
  g_assert_cmpstr (soup_message_headers_get_one (second_headers, "Idempotent-Replayed"), ==, "true");

  /* applied once: one version more, one action entry */
  stored = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpint (ld_test_json_int (stored, "version"), ==, ld_test_json_int (card, "version") + 1);
  after = ld_test_server_get_member (server, supervisor, member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version") + 1);
  g_assert_cmpuint (actions_on (member_id, "card.block", number, "supervisor", "lost"), ==, 1);

  /* without the key, a repeat is refused: the card is blocked already */
  assert_refused ("POST", number, "block", "{\"reason\":\"lost\"}", "card_blocked", NULL);
}

static void
test_stale_version (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) profile = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (profile);
  g_autofree char *path = g_strdup_printf (API "/cards/%s/block", number);
  g_autoptr(JsonNode) card = ld_test_server_get_card (server, supervisor, number);
  g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (card, "version") + 3);
  g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", ld_test_json_int (card, "version"));
  const char *stale_headers[] = { "If-Match", stale, NULL };
  const char *current_headers[] = { "If-Match", current, NULL };
  const char *malformed_headers[] = { "If-Match", "soon", NULL };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) malformed = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) stored = NULL;

  refused = ld_test_server_expect (server, "POST", path, supervisor, "{\"reason\":\"lost\"}", stale_headers, 409);
  ld_test_assert_error (refused, "version_conflict", NULL);
  malformed = ld_test_server_expect (server, "POST", path, supervisor, "{\"reason\":\"lost\"}", malformed_headers, 400);
  ld_test_assert_error (malformed, "malformed", "If-Match");
  stored = ld_test_server_get_card (server, supervisor, number);
  g_assert_cmpstr (ld_test_json_string (stored, "state"), ==, "activated");
  g_assert_cmpuint (actions_on (member_id, "card.block", number, "supervisor", "lost"), ==, 0);

  blocked = ld_test_server_expect (server, "POST", path, supervisor, "{\"reason\":\"lost\"}", current_headers, 200);
  g_assert_cmpstr (ld_test_json_string (blocked, "state"), ==, "blocked");
}

static void
test_rights (void)
{
  gint64 member_id = take_member (main_activated);
  g_autoptr(JsonNode) profile = ld_test_server_get_member (server, supervisor, member_id);
  g_autofree char *number = main_number (profile);
  g_autofree char *granted = NULL;
  g_autofree char *denied = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) changed = NULL;

  /* a single right granted on top of the agent's role works; one denied from the
   * supervisor's is refused */
  ld_test_server_create_operator (server, "agent-category", "agent", "card.change_category", NULL);
  ld_test_server_create_operator (server, "supervisor-no-block", "supervisor", NULL, "card.block");
  granted = ld_test_server_login (server, "agent-category", LD_TEST_PASSWORD);
  denied = ld_test_server_login (server, "supervisor-no-block", LD_TEST_PASSWORD);

  refused = operate ("POST", number, "block", "{\"reason\":\"lost\"}", denied, 403);
  ld_test_assert_error (refused, "forbidden", NULL);
  g_assert_nonnull (strstr (ld_test_json_string (refused, "error.message"), "card.block"));
  changed = operate ("POST", number, "category", "{\"category\":\"employee\"}", granted, 200);
  g_assert_cmpstr (ld_test_json_string (changed, "category"), ==, "employee");
  g_assert_cmpuint (actions_on (member_id, "card.category", number, "agent-category", "employee"), ==, 1);

  g_clear_pointer (&refused, json_node_unref);
  refused = operate ("POST", number, "restore", NULL, granted, 403);
  g_assert_nonnull (strstr (ld_test_json_string (refused, "error.message"), "card.delete"));
  g_clear_pointer (&refused, json_node_unref);
  refused = operate ("POST", number, "block", "{\"reason\":\"lost\"}", NULL, 401);
}

static void
test_russian (void)
{
  g_autofree char *pool = free_card (FALSE);
  g_autofree char *path = g_strdup_printf (API "/cards/%s/block", pool);
  g_autoptr(JsonNode) refused = NULL;

  refused = ld_test_server_expect (server, "POST", path, supervisor, "{\"reason\":\"lost\"}",
                                   LD_TEST_HEADERS_RUSSIAN, 409);
  ld_test_assert_error (refused, "card_not_activated", NULL);
  g_assert_true (ld_test_has_cyrillic (ld_test_json_string (refused, "error.message")));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new_full (N_MEMBERS, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  taken[1] = TRUE;   /* member 1's main card is the other member's card of a refusal */

  g_test_add_func ("/server/cards/operations/block-and-unblock", test_block_and_unblock);
  g_test_add_func ("/server/cards/operations/refusals-by-state", test_refusals_by_state);
  g_test_add_func ("/server/cards/operations/category", test_category);
  g_test_add_func ("/server/cards/operations/replace", test_replace);
  g_test_add_func ("/server/cards/operations/replace-refusals", test_replace_refusals);
  g_test_add_func ("/server/cards/operations/delete-and-restore", test_delete_and_restore);
  g_test_add_func ("/server/cards/operations/only-main-card", test_only_main_card);
  g_test_add_func ("/server/cards/operations/account-blocked", test_account_blocked);
  g_test_add_func ("/server/cards/operations/account-blocked-by-operator", test_account_blocked_by_operator);
  g_test_add_func ("/server/cards/operations/idempotent-repeat", test_idempotent_repeat);
  g_test_add_func ("/server/cards/operations/stale-version", test_stale_version);
  g_test_add_func ("/server/cards/operations/rights", test_rights);
  g_test_add_func ("/server/cards/operations/russian", test_russian);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&supervisor, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

/* test-server-operation-rights.c — every card and account operation against its right, its
 * Idempotency-Key, its If-Match and its action entry
 *
 * One row per operation: method, path, body, right, action, and how to make a target the
 * operation applies to (a fresh member's main card, a card linked then deleted, a blocked
 * account…). Every row runs the same cases: the demo agent (whose role has, of these rights,
 * only card.block), the supervisor, the admin, an agent granted the row's right alone, a
 * supervisor denied it alone; a repeated Idempotency-Key; a stale If-Match. A refusal is 403
 * `forbidden` naming the right and changes nothing; an allowed request writes exactly one
 * action entry with its operator, time, action, target and reason, read through
 * GET /members/{id}/actions as the admin (a removed member's entries are no longer served:
 * those are read from the database, SQLite's or PostgreSQL's, through the harness).
 *
 * One server for the whole matrix, on either backend (LD_TEST_DATABASE): its operators are
 * made up front with the server's own --create-operator --grant/--deny, and each row takes
 * demo members of its own (ROW_MEMBERS of them), so that no row sees another's writes.
 * Each row runs in a subprocess that talks to that server, so that a row whose endpoint is
 * missing or broken fails on its own and every other row still reports.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-server-private.h"
#include "ld-test-server.h"

#define API "/api/v1"
/* the demo members a row may take, from 2 + its index × ROW_MEMBERS on: seven cases, two
 * members each for a merge, and those fresh_member() passes over (every 20th shares an
 * account with the one before, every 50th's is blocked, some main cards are blocked) */
#define ROW_MEMBERS 24
/* where a row's subprocess finds the server its parent started */
#define URL_VARIABLE "LD_TEST_RIGHTS_SERVER_URL"
#define DATABASE_VARIABLE "LD_TEST_RIGHTS_SERVER_DATABASE"
/* and the operators' sessions, signed in once there ("login token" lines): a sign-in is a
 * password hash's worth of work, the most of a row's */
#define TOKENS_VARIABLE "LD_TEST_RIGHTS_SERVER_TOKENS"

/* what one case works on, made by the row's prepare function */
typedef struct
{
  gint64 member;   /* whose entry the operation writes */
  char  *card;     /* the card, for a card operation */
  char  *arg;      /* what the body needs besides: the new card, the other member, the level */
} Target;

typedef void (*PrepareFunc) (Target *target);

typedef struct
{
  const char  *method;
  const char  *path;       /* below API; {card}, {member} and {arg} are the target's */
  const char  *body;       /* the same tokens */
  const char  *right;
  const char  *action;
  PrepareFunc  prepare;
  const char  *target;     /* the entry's target, the same tokens; NULL: the contract fixes none */
  gboolean     mentions;   /* the target need only mention {card} and {arg} ("OLD→NEW or similar") */
  const char  *reason;     /* the entry's reason; NULL: the body has none */
  gboolean     both;       /* the entry is written for {arg}'s member too (merge) */
} Operation;

static LdTestServer *server;
static char *admin;
static GHashTable *tokens;   /* login → its session token */
static gint64 next_member;
static gint64 last_member;   /* the row's last demo member */

/* ---- requests */

static char *
expand (const char   *template,
        const Target *target)
{
  GString *text = g_string_new (template);
  g_autofree char *member = g_strdup_printf ("%" G_GINT64_FORMAT, target->member);

  g_string_replace (text, "{member}", member, 0);
  if (target->card != NULL)
    g_string_replace (text, "{card}", target->card, 0);
  if (target->arg != NULL)
    g_string_replace (text, "{arg}", target->arg, 0);
  /* a token the target lacks is the row's mistake */
  g_assert_null (strstr (text->str, "{card}"));
  g_assert_null (strstr (text->str, "{arg}"));
  return g_string_free (text, FALSE);
}

/* the route table's pattern of a row's path: {card} is {number}, {member} is {id} */
static void
need_route (const char *method,
            const char *path)
{
  g_autoptr(GString) pattern = g_string_new (API);
  guint n_routes = 0;
  const LdRoute *routes = ld_server_get_routes (&n_routes);

  g_string_append (pattern, path);
  g_string_replace (pattern, "{card}", "{number}", 0);
  g_string_replace (pattern, "{member}", "{id}", 0);
  for (guint i = 0; i < n_routes; i++)
    if (g_str_equal (routes[i].method, method) && g_str_equal (routes[i].pattern, pattern->str))
      return;
  g_error ("%s %s is not a route of the server yet", method, pattern->str);
}

/* @method @template as the admin, which must answer @expected: what a case starts from */
static JsonNode *
admin_does (const char   *method,
            const char   *template,
            const char   *body_template,
            const Target *target,
            guint         expected)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *full = NULL;

  need_route (method, template);
  path = expand (template, target);
  full = g_strconcat (API, path, NULL);
  body = body_template != NULL ? expand (body_template, target) : NULL;
  return ld_test_server_expect (server, method, full, admin, body, NULL, expected);
}

/* @method @path with @body as @token's operator → the status; the answer's text in @out_text */
static guint
send (const char         *method,
      const char         *path,
      const char         *token,
      const char         *body,
      const char * const *headers,
      char              **out_text,
      SoupMessageHeaders **out_headers)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return ld_test_server_request_full (server, method, path, token, bytes, headers, out_text, out_headers);
}

/* what a GET of the target answers, status and text: equal before and after means unchanged */
static char *
snapshot (const Operation *op,
          const Target    *target)
{
  g_autofree char *path = target->card != NULL && g_str_has_prefix (op->path, "/cards/")
                          ? g_strconcat (API "/cards/", target->card, NULL)
                          : g_strdup_printf (API "/members/%" G_GINT64_FORMAT, target->member);
  g_autofree char *text = NULL;
  guint status = ld_test_server_request_full (server, "GET", path, admin, NULL, NULL, &text, NULL);

  return g_strdup_printf ("%u %s", status, text);
}

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->card, g_free);
  g_clear_pointer (&target->arg, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* the row's request path for @target, below the server's URL */
static char *
request_path (const Operation *op,
              const Target    *target)
{
  g_autofree char *bare = expand (op->path, target);

  return g_strconcat (API, bare, NULL);
}

/* ---- the action history, through the API */

/* @login's token, signed in once */
static const char *
token_of (const char *login)
{
  char *token = g_hash_table_lookup (tokens, login);

  if (token == NULL)
    {
      token = ld_test_server_login (server, login, LD_TEST_PASSWORD);
      g_hash_table_insert (tokens, g_strdup (login), token);
    }
  return token;
}

/* @member's action entries as the admin reads them (transfer full), or NULL when the member
 * is gone (removed: its entries are no longer served) */
static JsonArray *
member_actions (gint64 member)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions?limit=500", member);
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items;

  if (ld_test_server_request (server, "GET", path, admin, NULL, NULL, &page) == 404)
    return NULL;
  g_assert_nonnull (page);
  items = json_node_get_array (ld_test_json_path (page, "items"));
  /* one page holds them all: a demo member has far fewer */
  g_assert_cmpint (ld_test_json_int (page, "total"), ==, json_array_get_length (items));
  return json_array_ref (items);
}

/* the newest entry's id of @member (0: none), as the history answers it */
static gint64
newest_entry_of (gint64 member)
{
  g_autoptr(JsonArray) items = member_actions (member);
  gint64 newest = 0;

  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    newest = MAX (newest, json_object_get_int_member (json_array_get_object_element (items, i), "id"));
  return newest;
}

/* the newest entry of the members @op writes for: an entry written later has a higher id
 * (ids only grow), so this is what "nothing written" compares with */
static gint64
newest_entry (const Operation *op,
              const Target    *target)
{
  gint64 newest = newest_entry_of (target->member);

  if (op->both)
    newest = MAX (newest, newest_entry_of (g_ascii_strtoll (target->arg, NULL, 10)));
  return newest;
}

/* the one column @sql answers, with @since, @action and @member in its "%s" places */
static char *
removed_entry_column (const char *column,
                      gint64      since,
                      const char *action,
                      gint64      member)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM actions a LEFT JOIN operators o ON o.id = a.operator_id"
                                          " WHERE a.id > %" G_GINT64_FORMAT " AND a.action = '%s'"
                                          " AND a.member_id = %" G_GINT64_FORMAT,
                                          column, since, action, member);

  return ld_test_server_query_text (server, sql);
}

/* a removed member's entries of @action after @since, read from the database (either
 * backend) as the history would answer them (transfer full) */
static JsonArray *
removed_member_entries (const char *action,
                        gint64      member,
                        gint64      since)
{
  g_autofree char *count = removed_entry_column ("count(*)", since, action, member);
  JsonArray *entries = json_array_new ();

  if (g_ascii_strtoll (count, NULL, 10) > 1)
    g_error ("%s wrote %s “%s” entries for member %" G_GINT64_FORMAT, action, count, action, member);
  if (g_str_equal (count, "1"))
    {
      static const char * const columns[] = { "operator_login", "o.login", "created_at", "a.created_at",
                                              "target", "a.target", "reason", "a.reason" };
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "action", action);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i += 2)
        {
          g_autofree char *value = removed_entry_column (columns[i + 1], since, action, member);

          if (value != NULL)
            json_object_set_string_member (entry, columns[i], value);
          else
            json_object_set_null_member (entry, columns[i]);
        }
      json_array_add_object_element (entries, entry);
    }
  return entries;
}

/* @entry's @name: NULL when it is null or missing */
static const char *
entry_string (JsonObject *entry,
              const char *name)
{
  JsonNode *node = json_object_get_member (entry, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* the one entry of @op for @member written after @since; checks its operator, time, target
 * and reason */
static void
assert_one_entry (const Operation *op,
                  const Target    *target,
                  gint64           member,
                  gint64           since,
                  const char      *login)
{
  g_autoptr(JsonArray) items = member_actions (member);
  g_autofree char *expected = op->target != NULL ? expand (op->target, target) : NULL;
  g_autoptr(GDateTime) created = NULL;
  JsonObject *entry = NULL;
  const char *entry_target;
  const char *reason;

  if (items == NULL)
    {
      if (!g_str_equal (op->action, "member.remove"))
        g_error ("member %" G_GINT64_FORMAT " is gone after %s", member, op->action);
      items = removed_member_entries (op->action, member, since);
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_has_member (item, "id") && json_object_get_int_member (item, "id") <= since)
        continue;
      if (g_strcmp0 (json_object_get_string_member (item, "action"), op->action) != 0)
        continue;
      /* once */
      if (entry != NULL)
        g_error ("%s wrote two “%s” entries for member %" G_GINT64_FORMAT, op->action, op->action, member);
      entry = item;
    }
  if (entry == NULL)
    g_error ("%s wrote no “%s” entry for member %" G_GINT64_FORMAT, op->action, op->action, member);

  g_assert_cmpstr (entry_string (entry, "operator_login"), ==, login);
  g_assert_nonnull (entry_string (entry, "created_at"));
  created = g_date_time_new_from_iso8601 (entry_string (entry, "created_at"), NULL);
  if (created == NULL)
    g_error ("the “%s” entry's time is “%s”, not an RFC 3339 time", op->action,
             entry_string (entry, "created_at"));
  entry_target = entry_string (entry, "target");
  reason = entry_string (entry, "reason");
  if (op->mentions)
    {
      g_assert_nonnull (entry_target);
      g_assert_nonnull (strstr (entry_target, target->card));
      g_assert_nonnull (strstr (entry_target, target->arg));
    }
  else if (expected != NULL)
    g_assert_cmpstr (entry_target, ==, expected);
  if (op->reason != NULL)
    g_assert_cmpstr (reason, ==, op->reason);
}

static void
assert_entries (const Operation *op,
                const Target    *target,
                gint64           since,
                const char      *login)
{
  assert_one_entry (op, target, target->member, since, login);
  if (op->both)
    assert_one_entry (op, target, g_ascii_strtoll (target->arg, NULL, 10), since, login);
}

/* ---- targets */

/* the next demo member with an account of its own, not blocked, and an activated main
 * physical card (@out_card, optional); @out_profile (optional) gets its profile */
static gint64
fresh_member (char     **out_card,
              JsonNode **out_profile)
{
  for (; next_member <= last_member; next_member++)
    {
      g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, next_member);
      g_autoptr(JsonNode) profile = ld_test_server_expect (server, "GET", path, admin, NULL, NULL, 200);
      JsonArray *cards = json_node_get_array (ld_test_json_path (profile, "cards"));
      JsonArray *merged = json_node_get_array (ld_test_json_path (profile, "merged_members"));
      const char *main_card = NULL;

      for (guint i = 0; i < json_array_get_length (cards); i++)
        {
          JsonObject *card = json_array_get_object_element (cards, i);

          if (json_object_get_boolean_member_with_default (card, "main", FALSE) &&
              g_strcmp0 (json_object_get_string_member (card, "type"), "physical") == 0 &&
              g_strcmp0 (json_object_get_string_member (card, "state"), "activated") == 0)
            main_card = json_object_get_string_member (card, "number");
        }
      if (main_card == NULL || json_array_get_length (merged) > 0 ||
          json_node_get_boolean (ld_test_json_path (profile, "account.blocked")))
        continue;

      if (out_card != NULL)
        *out_card = g_strdup (main_card);
      if (out_profile != NULL)
        *out_profile = g_steal_pointer (&profile);
      return next_member++;
    }
  g_error ("the row's demo members have no fresh one left (raise ROW_MEMBERS)");
}

/* a card of the free pool */
static char *
free_card (void)
{
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", API "/cards?state=issued&limit=1",
                                                    admin, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "number"));
}

static void
prepare_active_card (Target *target)
{
  target->member = fresh_member (&target->card, NULL);
}

static void
prepare_blocked_card (Target *target)
{
  g_autoptr(JsonNode) blocked = NULL;

  prepare_active_card (target);
  blocked = admin_does ("POST", "/cards/{card}/block", "{\"reason\":\"lost\"}", target, 200);
}

static void
prepare_blocked_card_and_free_card (Target *target)
{
  prepare_blocked_card (target);
  target->arg = free_card ();
}

/* a second physical card, linked from the free pool: not the member's only main card */
static void
prepare_linked_card (Target *target)
{
  g_autoptr(JsonNode) linked = NULL;

  target->member = fresh_member (NULL, NULL);
  target->card = free_card ();
  linked = admin_does ("POST", "/members/{member}/cards", "{\"number\":\"{card}\"}", target, 201);
}

static void
prepare_deleted_card (Target *target)
{
  g_autoptr(JsonNode) deleted = NULL;

  prepare_linked_card (target);
  deleted = admin_does ("DELETE", "/cards/{card}", "{\"reason\":\"Taken out to test restoring\"}", target, 200);
}

static void
prepare_member (Target *target)
{
  target->member = fresh_member (NULL, NULL);
}

static void
prepare_blocked_member (Target *target)
{
  g_autoptr(JsonNode) blocked = NULL;

  prepare_member (target);
  blocked = admin_does ("POST", "/members/{member}/block", "{\"reason\":\"fraud\"}", target, 200);
}

/* a level of the "main" status system the member does not have */
static void
prepare_other_level (Target *target)
{
  g_autoptr(JsonNode) profile = NULL;
  JsonArray *statuses;
  const char *level = NULL;

  target->member = fresh_member (NULL, &profile);
  statuses = json_node_get_array (ld_test_json_path (profile, "statuses"));
  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = json_array_get_object_element (statuses, i);

      if (g_strcmp0 (json_object_get_string_member (status, "system"), "main") == 0)
        level = json_object_get_string_member (status, "level");
    }
  target->arg = g_strdup (g_strcmp0 (level, "platinum") == 0 ? "basic" : "platinum");
}

static void
prepare_two_members (Target *target)
{
  target->member = fresh_member (NULL, NULL);
  target->arg = g_strdup_printf ("%" G_GINT64_FORMAT, fresh_member (NULL, NULL));
}

/* ---- the table */

static const Operation operations[] = {
  { "POST", "/cards/{card}/block", "{\"reason\":\"lost\"}",
    "card.block", "card.block", prepare_active_card, "{card}", FALSE, "lost", FALSE },
  { "POST", "/cards/{card}/unblock", "{\"reason\":\"found\"}",
    "card.block", "card.unblock", prepare_blocked_card, "{card}", FALSE, "found", FALSE },
  { "POST", "/cards/{card}/replace", "{\"new_number\":\"{arg}\"}",
    "card.replace", "card.replace", prepare_blocked_card_and_free_card, NULL, TRUE, NULL, FALSE },
  { "POST", "/cards/{card}/category", "{\"category\":\"vip\"}",
    "card.change_category", "card.category", prepare_active_card, "{card}", FALSE, NULL, FALSE },
  { "DELETE", "/cards/{card}", "{\"reason\":\"Asked by the member\"}",
    "card.delete", "card.delete", prepare_linked_card, "{card}", FALSE, "Asked by the member", FALSE },
  { "POST", "/cards/{card}/restore", "{\"reason\":\"Deleted by mistake\"}",
    "card.delete", "card.restore", prepare_deleted_card, "{card}", FALSE, "Deleted by mistake", FALSE },
  { "POST", "/members/{member}/block", "{\"reason\":\"fraud\"}",
    "member.block", "member.block", prepare_member, NULL, FALSE, "fraud", FALSE },
  { "POST", "/members/{member}/unblock", "{\"reason\":\"Checked with the bank\"}",
    "member.block", "member.unblock", prepare_blocked_member, NULL, FALSE, "Checked with the bank", FALSE },
  { "POST", "/members/{member}/status", "{\"system\":\"main\",\"level\":\"{arg}\",\"reason\":\"goodwill\"}",
    "member.change_status", "member.status", prepare_other_level, "main:{arg}", FALSE, "goodwill", FALSE },
  { "POST", "/members/{member}/merge", "{\"member_id\":{arg}}",
    "member.merge", "member.merge", prepare_two_members, NULL, FALSE, NULL, TRUE },
  { "DELETE", "/members/{member}", "{\"reason\":\"privacy\"}",
    "member.remove", "member.remove", prepare_member, NULL, FALSE, "privacy", FALSE },
};

/* ---- the cases */

/* @op as @login: allowed (200, one entry) or refused (403 forbidden naming the right,
 * nothing changed, no entry) */
static void
check_operator (const Operation *op,
                const char      *login,
                gboolean         allowed)
{
  g_auto(Target) target = { 0 };
  const char *token = token_of (login);
  g_autofree char *full = NULL;
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  gint64 since;
  guint status;

  g_printerr ("# %s as %s\n", op->action, login);
  op->prepare (&target);
  full = request_path (op, &target);
  body = expand (op->body, &target);
  before = snapshot (op, &target);
  since = newest_entry (op, &target);

  status = send (op->method, full, token, body, NULL, &text, NULL);
  if (allowed)
    {
      if (status != 200)
        g_error ("%s %s %s as %s answered %u: %s", op->method, full, body, login, status, text);
      assert_entries (op, &target, since, login);
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (status != 403)
        g_error ("%s %s %s as %s answered %u, not 403: %s", op->method, full, body, login, status, text);
      g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
      ld_test_assert_error (json_parser_get_root (parser), "forbidden", NULL);
      g_assert_nonnull (strstr (ld_test_json_string (json_parser_get_root (parser), "error.message"), op->right));
      after = snapshot (op, &target);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (newest_entry (op, &target), ==, since);
    }
}

/* the answer was lost and the app sends the same request again: the same answer, once applied */
static void
check_idempotent (const Operation *op)
{
  g_auto(Target) target = { 0 };
  g_autofree char *key = g_strconcat ("operation-rights-", op->action, NULL);
  const char *headers[] = { "Idempotency-Key", key, NULL };
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after_first = NULL;
  g_autofree char *after_second = NULL;
  g_autoptr(SoupMessageHeaders) second_headers = NULL;
  gint64 since;
  guint status;

  g_printerr ("# %s twice with one Idempotency-Key\n", op->action);
  op->prepare (&target);
  path = request_path (op, &target);
  body = expand (op->body, &target);
  since = newest_entry (op, &target);

  status = send (op->method, path, admin, body, headers, &first, NULL);
  if (status != 200)
    g_error ("%s %s %s answered %u: %s", op->method, path, body, status, first);
  after_first = snapshot (op, &target);

  status = send (op->method, path, admin, body, headers, &second, &second_headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (soup_message_headers_get_one (second_headers, "Idempotent-Replayed"), ==, "true");
  after_second = snapshot (op, &target);
  g_assert_cmpstr (after_second, ==, after_first);
  assert_entries (op, &target, since, "admin");
}

/* a write with a stale If-Match changes nothing; with the current one (quoted, as a client
 * may send it) it goes through */
static void
check_stale_version (const Operation *op)
{
  g_auto(Target) target = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *current = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) done = NULL;
  gint64 version;
  gint64 since;

  g_printerr ("# %s with a stale If-Match\n", op->action);
  op->prepare (&target);
  path = request_path (op, &target);
  body = expand (op->body, &target);
  before = snapshot (op, &target);
  g_assert_true (json_parser_load_from_data (parser, strchr (before, ' ') + 1, -1, NULL));
  version = ld_test_json_int (json_parser_get_root (parser), "version");
  stale = g_strdup_printf ("%" G_GINT64_FORMAT, version + 7);
  current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  since = newest_entry (op, &target);

  {
    const char *headers[] = { "If-Match", stale, NULL };

    refused = ld_test_server_expect (server, op->method, path, admin, body, headers, 409);
    ld_test_assert_error (refused, "version_conflict", NULL);
  }
  after = snapshot (op, &target);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (newest_entry (op, &target), ==, since);

  {
    const char *headers[] = { "If-Match", current, NULL };

    done = ld_test_server_expect (server, op->method, path, admin, body, headers, 200);
  }
  assert_entries (op, &target, since, "admin");
}

/* in a row's subprocess: the row's own demo members, on its parent's server */
static void
run_operation (const Operation *op)
{
  g_autofree char *granted = g_strconcat ("granted-", op->right, NULL);
  g_autofree char *denied = g_strconcat ("denied-", op->right, NULL);
  gint64 row = op - operations;

  need_route (op->method, op->path);

  server = ld_test_server_attach (g_getenv (URL_VARIABLE), g_getenv (DATABASE_VARIABLE));
  tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    g_auto(GStrv) lines = g_strsplit (g_getenv (TOKENS_VARIABLE), "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *space = strchr (lines[i], ' ');

        if (space != NULL)
          g_hash_table_insert (tokens, g_strndup (lines[i], space - lines[i]), g_strdup (space + 1));
      }
  }
  admin = g_strdup (token_of ("admin"));
  next_member = 2 + row * ROW_MEMBERS;
  last_member = next_member + ROW_MEMBERS - 1;

  /* the demo agent's role has card.block, and no other right of these operations */
  check_operator (op, "agent", g_str_equal (op->right, "card.block"));
  check_operator (op, "supervisor", TRUE);
  check_operator (op, "admin", TRUE);
  check_operator (op, granted, TRUE);
  check_operator (op, denied, FALSE);
  check_idempotent (op);
  check_stale_version (op);

  g_clear_pointer (&admin, g_free);
  g_clear_pointer (&tokens, g_hash_table_unref);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* the one server of every row, started by the first row: the demo data every row's
 * members come from, and the granted and denied operators of each right of the table,
 * made up front with the server's own --create-operator. They are made on the empty
 * database, before the demo data: each such run is a start of the server, which on
 * PostgreSQL scrubs (VACUUM FULL) the tables a removal leaves rows in, quick while empty. */
static void
start_server (void)
{
  g_autoptr(GHashTable) rights = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) logins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sessions = g_string_new (NULL);
  g_autoptr(LdTestServer) empty = NULL;
  g_autofree char *n_members = g_strdup_printf ("%u", (guint) (1 + G_N_ELEMENTS (operations) * ROW_MEMBERS));

  if (server != NULL)
    return;

  empty = ld_test_server_new_full (0, (const char * const[]) { "--quiet", NULL }, LD_TEST_SERVER_FLAGS_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (g_hash_table_add (rights, (gpointer) operations[i].right))
      {
        g_autofree char *granted = g_strconcat ("granted-", operations[i].right, NULL);
        g_autofree char *denied = g_strconcat ("denied-", operations[i].right, NULL);

        ld_test_server_create_operator (empty, granted, "agent", operations[i].right, NULL);
        ld_test_server_create_operator (empty, denied, "supervisor", NULL, operations[i].right);
        g_ptr_array_add (logins, g_steal_pointer (&granted));
        g_ptr_array_add (logins, g_steal_pointer (&denied));
      }
  g_assert_true (ld_test_server_stop (empty));
  /* the demo data on the same database (the demo operators are the mark of a seeded one,
   * not these); the request log stays out of the test's output */
  server = ld_test_server_new_beside (empty, (const char * const[]) { "--seed-demo", n_members, "--quiet", NULL });
  g_ptr_array_add (logins, g_strdup ("admin"));
  g_ptr_array_add (logins, g_strdup ("supervisor"));
  g_ptr_array_add (logins, g_strdup ("agent"));
  for (guint i = 0; i < logins->len; i++)
    {
      g_autofree char *token = ld_test_server_login (server, logins->pdata[i], LD_TEST_PASSWORD);

      g_string_append_printf (sessions, "%s %s\n", (const char *) logins->pdata[i], token);
    }

  /* each row's subprocess inherits the environment */
  g_setenv (URL_VARIABLE, ld_test_server_get_url (server), TRUE);
  g_setenv (DATABASE_VARIABLE, ld_test_server_get_database (server), TRUE);
  g_setenv (TOKENS_VARIABLE, sessions->str, TRUE);
}

static void
test_operation (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_operation (data);
      return;
    }
  start_server ();
  /* a row in a subprocess: its failure does not stop the next row */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* after every row: the server they shared is still up, and stops cleanly */
static void
test_server_stops (void)
{
  if (server == NULL)
    {
      g_test_skip ("no row ran");
      return;
    }
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (g_steal_pointer (&server));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      g_autofree char *name = g_strdup_printf ("/server/operation-rights/%s", operations[i].action);

      g_test_add_data_func (name, &operations[i], test_operation);
    }
  g_test_add_func ("/server/operation-rights/server-stops", test_server_stops);

  status = g_test_run ();
  /* a run of some rows only (-p): the server still goes, with its files */
  g_clear_object (&server);
  return status;
}

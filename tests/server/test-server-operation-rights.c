/* test-server-operation-rights.c — every card and account operation against its right, its
 * Idempotency-Key, its If-Match and its action entry
 *
 * One row per operation: method, path, body, right, action, and how to make a target the
 * operation applies to (a fresh member's main card, a card linked then deleted, a blocked
 * account…). Every row runs the same cases: the demo agent (whose role has, of these rights,
 * only card.block), the supervisor, the admin, an agent granted the row's right alone, a
 * supervisor denied it alone; a repeated Idempotency-Key; a stale If-Match. A refusal is 403
 * `forbidden` naming the right and changes nothing; an allowed request writes exactly one
 * action entry with its operator, time, action, target and reason (read from the database:
 * a removed member's entries are no longer served).
 *
 * Each row runs in a subprocess with its own server, so that a row whose endpoint is missing
 * or broken fails on its own and every other row still reports.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "ld-server-private.h"
#include "ld-test-server.h"

#define API "/api/v1"
/* demo members: 50 has a blocked account, 19+20, 39+40, 59+60 share one */
#define N_MEMBERS 60

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
static gint64 next_member = 2;

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

/* ---- the action history, from the database */

static sqlite3_stmt *
query (sqlite3    **db,
       const char  *sql)
{
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open (ld_test_server_get_database (server), db), ==, SQLITE_OK);
  sqlite3_busy_timeout (*db, 5000);
  if (sqlite3_prepare_v2 (*db, sql, -1, &statement, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (*db));
  return statement;
}

static void
query_done (sqlite3      *db,
            sqlite3_stmt *statement)
{
  sqlite3_finalize (statement);
  sqlite3_close (db);
}

static gint64
last_action (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = query (&db, "SELECT coalesce(max(id), 0) FROM actions");
  gint64 id;

  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (statement, 0);
  query_done (db, statement);
  return id;
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
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = query (&db,
                                   "SELECT o.login, a.created_at, a.target, a.reason FROM actions a"
                                   " LEFT JOIN operators o ON o.id = a.operator_id"
                                   " WHERE a.id > ?1 AND a.action = ?2 AND a.member_id = ?3");
  g_autofree char *expected = op->target != NULL ? expand (op->target, target) : NULL;
  g_autoptr(GDateTime) created = NULL;
  const char *entry_target;
  const char *reason;

  sqlite3_bind_int64 (statement, 1, since);
  sqlite3_bind_text (statement, 2, op->action, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 3, member);
  if (sqlite3_step (statement) != SQLITE_ROW)
    g_error ("%s wrote no “%s” entry for member %" G_GINT64_FORMAT, op->action, op->action, member);

  g_assert_cmpstr ((const char *) sqlite3_column_text (statement, 0), ==, login);
  created = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (statement, 1), NULL);
  if (created == NULL)
    g_error ("the “%s” entry's time is “%s”, not an RFC 3339 time", op->action,
             (const char *) sqlite3_column_text (statement, 1));
  entry_target = (const char *) sqlite3_column_text (statement, 2);
  reason = (const char *) sqlite3_column_text (statement, 3);
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

  /* once */
  if (sqlite3_step (statement) == SQLITE_ROW)
    g_error ("%s wrote two “%s” entries for member %" G_GINT64_FORMAT, op->action, op->action, member);
  query_done (db, statement);
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
  for (; next_member <= N_MEMBERS; next_member++)
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
  g_error ("the demo data has no fresh member left (raise N_MEMBERS)");
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
  g_autofree char *token = ld_test_server_login (server, login, LD_TEST_PASSWORD);
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
  since = last_action ();

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
      g_assert_cmpint (last_action (), ==, since);
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
  since = last_action ();

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
  since = last_action ();

  {
    const char *headers[] = { "If-Match", stale, NULL };

    refused = ld_test_server_expect (server, op->method, path, admin, body, headers, 409);
    ld_test_assert_error (refused, "version_conflict", NULL);
  }
  after = snapshot (op, &target);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (last_action (), ==, since);

  {
    const char *headers[] = { "If-Match", current, NULL };

    done = ld_test_server_expect (server, op->method, path, admin, body, headers, 200);
  }
  assert_entries (op, &target, since, "admin");
}

static void
run_operation (const Operation *op)
{
  g_autofree char *granted = g_strconcat ("granted-", op->right, NULL);
  g_autofree char *denied = g_strconcat ("denied-", op->right, NULL);

  need_route (op->method, op->path);

  /* the server's request log stays in its file: the case headers on stderr say where a row failed */
  server = ld_test_server_new_full (N_MEMBERS, NULL, LD_TEST_SERVER_FLAGS_CAPTURE_LOG);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
  ld_test_server_create_operator (server, granted, "agent", op->right, NULL);
  ld_test_server_create_operator (server, denied, "supervisor", NULL, op->right);

  /* the demo agent's role has card.block, and no other right of these operations */
  check_operator (op, "agent", g_str_equal (op->right, "card.block"));
  check_operator (op, "supervisor", TRUE);
  check_operator (op, "admin", TRUE);
  check_operator (op, granted, TRUE);
  check_operator (op, denied, FALSE);
  check_idempotent (op);
  check_stale_version (op);

  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
}

static void
test_operation (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_operation (data);
      return;
    }
  /* a row's own server in a subprocess: its failure does not stop the next row */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      g_autofree char *name = g_strdup_printf ("/server/operation-rights/%s", operations[i].action);

      g_test_add_data_func (name, &operations[i], test_operation);
    }

  return g_test_run ();
}

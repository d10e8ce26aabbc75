/* test-server-idempotency.c — one Idempotency-Key, one request, applied once
 *
 * Each test is an attack on the key: another body under a used key (422
 * idempotency_key_reused, nothing applied, never the first answer), a refusal or a
 * failure (500) that must not burn the key, a key claimed by a request still in flight (409
 * idempotency_key_in_use, until the claim is a minute old and its instance presumed dead),
 * and one key fired at two instances at once (applied once). What was applied is counted
 * through the API: the member's action history. Run against SQLite (two processes on one
 * file) and, with LD_TEST_DATABASE=postgresql, against PostgreSQL.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"

static LdTestServer *one;
static LdTestServer *other;
static char *agent;
static gint64 clock_offset;   /* how far the tests moved the servers' clock */

/* the entries @action of member @member_id's history */
static guint
count_actions (gint64      member_id,
               const char *action)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/actions?limit=500", member_id);
  g_autoptr(JsonNode) page = ld_test_server_expect (one, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "action"),
                     action))
      n++;
  return n;
}

static char *
member_phone (gint64 member_id)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, member_id);
  g_autoptr(JsonNode) member = ld_test_server_expect (one, "GET", path, agent, NULL, NULL, 200);

  return g_strdup (ld_test_json_string (member, "phone"));
}

static char *
call_body (gint64 member_id)
{
  g_autofree char *phone = member_phone (member_id);

  return g_strdup_printf ("{\"phone\":\"%s\"}", phone);
}

/* POST @path with @body under @key on @instance → the status; the text and whether it
 * was replayed in the out arguments (optional) */
static guint
post (LdTestServer  *instance,
      const char    *path,
      const char    *body,
      const char    *key,
      const char    *language,
      char         **out_text,
      gboolean      *out_replayed)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessageHeaders) answer_headers = NULL;
  const char *headers[] = { "Idempotency-Key", key, "Accept-Language", language ? language : "en", NULL };
  guint status;

  status = ld_test_server_request_full (instance, "POST", path, agent, bytes, headers, out_text, &answer_headers);
  if (out_replayed != NULL)
    *out_replayed = g_strcmp0 (soup_message_headers_get_one (answer_headers, "Idempotent-Replayed"), "true") == 0;
  return status;
}

static void
assert_error_text (const char *text,
                   const char *code)
{
  g_autoptr(JsonNode) error = json_from_string (text, NULL);

  g_assert_nonnull (error);
  ld_test_assert_error (error, code, "Idempotency-Key");
  /* the message names the header, so whoever reads it knows what to change */
  g_assert_nonnull (strstr (ld_test_json_string (error, "error.message"), "Idempotency-Key"));
}

/* the key of a call started for member 1, sent again with member 2's phone: refused,
 * on either instance, and nothing is applied; the first body still gets its answer */
static void
test_another_body_is_422 (void)
{
  g_autofree char *first_body = call_body (1);
  g_autofree char *second_body = call_body (2);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *reused = NULL;
  g_autofree char *reused_ru = NULL;
  guint calls_1 = count_actions (1, "call.start");
  guint calls_2 = count_actions (2, "call.start");
  gboolean replayed = FALSE;

  g_assert_cmpuint (post (one, API "/calls", first_body, "call-once", NULL, &first, &replayed), ==, 201);
  g_assert_false (replayed);

  /* another body under the key: not the first answer, and no call for member 2 */
  g_assert_cmpuint (post (one, API "/calls", second_body, "call-once", NULL, &reused, &replayed), ==, 422);
  g_assert_false (replayed);
  g_assert_cmpstr (reused, !=, first);
  assert_error_text (reused, "idempotency_key_reused");
  g_clear_pointer (&reused, g_free);
  g_assert_cmpuint (post (other, API "/calls", second_body, "call-once", NULL, &reused, NULL), ==, 422);
  assert_error_text (reused, "idempotency_key_reused");

  /* in the agent's language */
  g_assert_cmpuint (post (one, API "/calls", second_body, "call-once", "ru", &reused_ru, NULL), ==, 422);
  assert_error_text (reused_ru, "idempotency_key_reused");
  g_assert_true (ld_test_has_cyrillic (reused_ru));

  /* a body that differs only in its spaces is another body too: the key is for one request */
  {
    g_autofree char *spaced = g_strdup_printf ("%s ", first_body);
    g_autofree char *text = NULL;

    g_assert_cmpuint (post (one, API "/calls", spaced, "call-once", NULL, &text, NULL), ==, 422);
  }

  g_assert_cmpuint (count_actions (2, "call.start"), ==, calls_2);

  /* the first body again: the first answer, on either instance, applied once */
  g_assert_cmpuint (post (other, API "/calls", first_body, "call-once", NULL, &again, &replayed), ==, 201);
  g_assert_true (replayed);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpuint (count_actions (1, "call.start"), ==, calls_1 + 1);
}

/* a refused request (a phone that is no phone: 422 invalid_field) changed nothing: its
 * key is free for the corrected request, which is applied, once */
static void
test_refusal_does_not_burn_the_key (void)
{
  g_autofree char *body = call_body (3);
  g_autofree char *refused = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *again = NULL;
  guint calls = count_actions (3, "call.start");
  gboolean replayed = FALSE;

  g_assert_cmpuint (post (one, API "/calls", "{\"phone\":\"not a phone\"}", "call-after-refusal", NULL,
                          &refused, NULL), ==, 422);
  {
    g_autoptr(JsonNode) error = json_from_string (refused, NULL);

    ld_test_assert_error (error, "invalid_field", "phone");
  }

  g_assert_cmpuint (post (other, API "/calls", body, "call-after-refusal", NULL, &applied, &replayed), ==, 201);
  g_assert_false (replayed);
  g_assert_cmpuint (count_actions (3, "call.start"), ==, calls + 1);

  g_assert_cmpuint (post (one, API "/calls", body, "call-after-refusal", NULL, &again, &replayed), ==, 201);
  g_assert_true (replayed);
  g_assert_cmpstr (again, ==, applied);
  g_assert_cmpuint (count_actions (3, "call.start"), ==, calls + 1);
}

/* a write the database refuses (a trigger that fails every new call, put there for
 * this test: no request can make the database fail) is answered 500 and changed
 * nothing, so its key is free again: the retry under the same key, once the database
 * takes writes again, is applied (not answered 409 in use, nor the failure replayed) */
static void
test_failure_frees_the_key (void)
{
  const gboolean postgresql = g_strcmp0 (g_getenv ("LD_TEST_DATABASE"), "postgresql") == 0;
  g_autofree char *body = call_body (4);
  g_autofree char *failed = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *again = NULL;
  guint calls = count_actions (4, "call.start");
  gboolean replayed = FALSE;

  if (postgresql)
    ld_test_server_run_sql (one,
                            "CREATE FUNCTION test_fail () RETURNS trigger LANGUAGE plpgsql AS "
                            "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; "
                            "CREATE TRIGGER test_fail_calls BEFORE INSERT ON calls "
                            "FOR EACH ROW EXECUTE FUNCTION test_fail ()");
  else
    /* not RAISE(), which SQLite reports as a constraint (a 409 conflict): a table that
     * is not there fails the insert as a broken database would */
    ld_test_server_run_sql (one,
                            "CREATE TRIGGER test_fail_calls BEFORE INSERT ON calls "
                            "BEGIN SELECT 1 FROM test_no_such_table; END");

  g_assert_cmpuint (post (one, API "/calls", body, "call-after-failure", NULL, &failed, &replayed), ==, 500);
  g_assert_false (replayed);
  {
    g_autoptr(JsonNode) error = json_from_string (failed, NULL);

    g_assert_nonnull (error);
    g_assert_cmpstr (ld_test_json_string (error, "error.code"), ==, "internal");
  }
  g_assert_cmpuint (count_actions (4, "call.start"), ==, calls);

  ld_test_server_run_sql (one, postgresql ? "DROP TRIGGER test_fail_calls ON calls; DROP FUNCTION test_fail ()"
                                          : "DROP TRIGGER test_fail_calls");

  g_assert_cmpuint (post (other, API "/calls", body, "call-after-failure", NULL, &applied, &replayed), ==, 201);
  g_assert_false (replayed);
  g_assert_cmpuint (count_actions (4, "call.start"), ==, calls + 1);

  g_assert_cmpuint (post (one, API "/calls", body, "call-after-failure", NULL, &again, &replayed), ==, 201);
  g_assert_true (replayed);
  g_assert_cmpstr (again, ==, applied);
  g_assert_cmpuint (count_actions (4, "call.start"), ==, calls + 1);
}

/* the claim of a request in flight on an instance this test does not see (made in the
 * database as that instance makes it): the same request waits its turn with 409
 * idempotency_key_in_use, on both instances; a claim over a minute old belongs to an
 * instance that died with it, and is taken over */
static void
test_claim_in_flight_is_409 (void)
{
  g_autoptr(JsonNode) me = ld_test_server_expect (one, "GET", API "/me", agent, NULL, NULL, 200);
  g_autofree char *body = call_body (4);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) server_now = g_date_time_add_seconds (now, (gdouble) clock_offset);
  g_autofree char *created_at = g_date_time_format (server_now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *sql = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *busy_ru = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *again = NULL;
  guint calls = count_actions (4, "call.start");
  gboolean replayed = FALSE;

  sql = g_strdup_printf ("INSERT INTO idempotency (operator_id, key, method, path, status, body, request_hash, created_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 'call-in-flight', 'POST', '" API "/calls', 0, '', '%s', '%s')",
                         ld_test_json_int (me, "id"), hash, created_at);
  ld_test_server_run_sql (one, sql);

  g_assert_cmpuint (post (other, API "/calls", body, "call-in-flight", NULL, &busy, NULL), ==, 409);
  assert_error_text (busy, "idempotency_key_in_use");
  g_clear_pointer (&busy, g_free);
  g_assert_cmpuint (post (one, API "/calls", body, "call-in-flight", "ru", &busy_ru, NULL), ==, 409);
  assert_error_text (busy_ru, "idempotency_key_in_use");
  g_assert_true (ld_test_has_cyrillic (busy_ru));
  /* another body under a key in flight is refused as reused, not told to wait */
  {
    g_autofree char *other_body = call_body (5);

    g_assert_cmpuint (post (one, API "/calls", other_body, "call-in-flight", NULL, &busy, NULL), ==, 422);
    assert_error_text (busy, "idempotency_key_reused");
  }
  g_assert_cmpuint (count_actions (4, "call.start"), ==, calls);

  /* half a minute on, still in flight */
  ld_test_server_advance_clock (one, 30);
  clock_offset += 30;
  g_clear_pointer (&busy, g_free);
  g_assert_cmpuint (post (one, API "/calls", body, "call-in-flight", NULL, &busy, NULL), ==, 409);

  /* over a minute: the claim's instance is gone; this request takes it over */
  ld_test_server_advance_clock (one, 31);
  clock_offset += 31;
  g_assert_cmpuint (post (other, API "/calls", body, "call-in-flight", NULL, &applied, &replayed), ==, 201);
  g_assert_false (replayed);
  g_assert_cmpuint (post (one, API "/calls", body, "call-in-flight", NULL, &again, &replayed), ==, 201);
  g_assert_true (replayed);
  g_assert_cmpstr (again, ==, applied);
  g_assert_cmpuint (count_actions (4, "call.start"), ==, calls + 1);
}

/* ---- one key at two instances at once */

/* a new password for member @member_id (made in a thread, which keeps the request in
 * flight a while) asked of both instances at once under one key, each on its own
 * connection: one password goes out; each answer is the first one or 409 in_use */
static void
send_password_at_once (gint64      member_id,
                       const char *key)
{
  LdTestServer *instances[] = { one, other, one, other };
  LdTestAnswer answers[G_N_ELEMENTS (instances)] = { { 0 } };
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT "/send-password", member_id);
  const char *first = NULL;
  guint sent = count_actions (member_id, "member.send_password");
  guint applied = 0;

  ld_test_post_at_once (instances, G_N_ELEMENTS (instances), path, agent, "{\"channel\":\"sms\"}", key, answers);

  for (guint i = 0; i < G_N_ELEMENTS (instances); i++)
    {
      g_test_message ("%s → %u%s %s", key, answers[i].status, answers[i].replayed ? " (replayed)" : "",
                      answers[i].text);
      if (answers[i].status == 409)
        assert_error_text (answers[i].text, "idempotency_key_in_use");
      else
        {
          g_assert_cmpuint (answers[i].status, ==, 200);
          if (first == NULL)
            first = answers[i].text;
          g_assert_cmpstr (answers[i].text, ==, first);
          if (!answers[i].replayed)
            applied++;
        }
    }
  /* exactly one was answered first-hand; one message went out */
  g_assert_cmpuint (applied, ==, 1);
  g_assert_cmpuint (count_actions (member_id, "member.send_password"), ==, sent + 1);

  for (guint i = 0; i < G_N_ELEMENTS (instances); i++)
    ld_test_answer_clear (&answers[i]);
}

static void
test_at_once_on_two_instances_applies_once (void)
{
  send_password_at_once (6, "password-at-once-1");
  send_password_at_once (7, "password-at-once-2");
  send_password_at_once (8, "password-at-once-3");
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  one = ld_test_server_new_full (10, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN);
  other = ld_test_server_new_beside (one, NULL);
  agent = ld_test_server_login (one, "agent", LD_TEST_PASSWORD);

  g_test_add_func ("/server/idempotency/another-body-is-422", test_another_body_is_422);
  g_test_add_func ("/server/idempotency/refusal-does-not-burn-the-key", test_refusal_does_not_burn_the_key);
  g_test_add_func ("/server/idempotency/failure-frees-the-key", test_failure_frees_the_key);
  g_test_add_func ("/server/idempotency/claim-in-flight-is-409", test_claim_in_flight_is_409);
  g_test_add_func ("/server/idempotency/at-once-on-two-instances-applies-once",
                   test_at_once_on_two_instances_applies_once);

  result = g_test_run ();
  g_free (agent);
  g_clear_object (&other);
  g_clear_object (&one);
  return result;
}

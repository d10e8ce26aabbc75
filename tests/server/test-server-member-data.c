/* test-server-member-data.c — the member's own data: PATCH /members/{id}, identification,
 * the contacts and a new Personal Account password
 *
 * Raw HTTP against the real server with demo data (60 members, each with the Personal
 * Account password "demo1234"). Each test takes its own members, so the tests hold
 * whatever order they run in; the tests that move the server's clock move it less than
 * a session lives. Each refusal is the attack: it must change nothing.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 60
#define MEMBER_PASSWORD "demo1234"
#define IDENTIFICATION_SECONDS (5 * 60)
#define CODE_LIFETIME_SECONDS (10 * 60)

static LdTestServer *server;
static char *agent;
static char *supervisor;
static char *admin;

static char *
member_path (gint64      member_id,
             const char *suffix)
{
  return g_strdup_printf (API "/members/%" G_GINT64_FORMAT "%s", member_id, suffix ? suffix : "");
}

static JsonNode *
get_member (gint64 member_id)
{
  g_autofree char *path = member_path (member_id, NULL);

  return ld_test_server_expect (server, "GET", path, admin, NULL, NULL, 200);
}

static gint64
member_version (gint64 member_id)
{
  g_autoptr(JsonNode) profile = get_member (member_id);

  return ld_test_json_int (profile, "version");
}

/* a copy of the profile's string member @name (NULL for null) */
static char *
member_text (gint64      member_id,
             const char *name)
{
  g_autoptr(JsonNode) profile = get_member (member_id);

  return g_strdup (ld_test_json_string (profile, name));
}

/* the first member from @first on with (or without) an e-mail */
static gint64
member_with_email (gint64   first,
                   gboolean with)
{
  for (gint64 id = first; id <= N_MEMBERS; id++)
    {
      g_autofree char *email = member_text (id, "email");

      if ((email != NULL) == with)
        return id;
    }
  g_assert_not_reached ();
}

/* the members a search finds: GET /members?@name=@value → total */
static gint64
search_total (const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/members?%s=%s", name, escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);

  return ld_test_json_int (page, "total");
}

/* the id of the one member a search finds, 0 when none */
static gint64
search_one (const char *name,
            const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/members?%s=%s", name, escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));

  if (json_array_get_length (items) == 0)
    return 0;
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_get_int_member (json_array_get_object_element (items, 0), "id");
}

/* the texts the outbox holds for @to, newest first (read as a supervisor, who has outbox.view) */
static GPtrArray *
outbox_texts (const char *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  /* the outbox filters by phone; an e-mail's are picked from the newest page */
  g_autofree char *path = strchr (to, '@') != NULL ? g_strdup (API "/outbox?limit=500")
                          : g_strdup_printf (API "/outbox?phone=%s&limit=500", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, supervisor, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "to"), to))
        g_ptr_array_add (texts, g_strdup (json_object_get_string_member (item, "text")));
    }
  return texts;
}

/* the last word of the newest outbox text to @to (a code, a password) */
static char *
last_word_sent_to (const char *to)
{
  g_autoptr(GPtrArray) texts = outbox_texts (to);
  const char *text;
  const char *space;

  g_assert_cmpuint (texts->len, >, 0);
  text = g_ptr_array_index (texts, 0);
  space = strrchr (text, ' ');
  g_assert_nonnull (space);
  return g_strdup (space + 1);
}

static guint
count_containing (GPtrArray  *texts,
                  const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      n++;
  return n;
}

/* the member's action entries @action by @operator_login */
static guint
actions_of (gint64      member_id,
            const char *action,
            const char *operator_login)
{
  g_autofree char *path = member_path (member_id, "/actions?limit=500");
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, admin, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (entry, "operator_login"), operator_login) == 0)
        n++;
    }
  return n;
}

static JsonNode *
patch_member (gint64      member_id,
              const char *token,
              gint64      version,
              const char *body,
              guint       expected)
{
  g_autofree char *path = member_path (member_id, NULL);
  g_autofree char *if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  const char *headers[] = { "If-Match", if_match, NULL };

  return ld_test_server_expect (server, "PATCH", path, token, body, version > 0 ? headers : NULL, expected);
}

static void
assert_patch_refused (gint64      member_id,
                      const char *body,
                      guint       status,
                      const char *code,
                      const char *field)
{
  g_autofree char *path = member_path (member_id, NULL);

  ld_test_server_assert_error (server, "PATCH", path, agent, body, NULL, status, code, field);
}

/* POST /members/{id}/identify by the password → the token (transfer full) */
static char *
identify (gint64      member_id,
          const char *token,
          const char *body)
{
  g_autofree char *path = member_path (member_id, "/identify");
  g_autoptr(JsonNode) answer = ld_test_server_expect (server, "POST", path, token, body, NULL, 200);

  g_assert_cmpint (ld_test_json_int (answer, "member_id"), ==, member_id);
  g_assert_nonnull (ld_test_json_string (answer, "expires_at"));
  return g_strdup (ld_test_json_string (answer, "identification_token"));
}

static char *
identify_by_password (gint64      member_id,
                      const char *token)
{
  return identify (member_id, token, "{\"method\":\"password\",\"password\":\"" MEMBER_PASSWORD "\"}");
}

static JsonNode *
change_email (gint64      member_id,
              const char *token,
              const char *email,
              const char *identification,
              guint       expected)
{
  g_autofree char *path = member_path (member_id, "/email");
  g_autofree char *body = identification != NULL
                          ? g_strdup_printf ("{\"email\":\"%s\",\"identification_token\":\"%s\"}", email, identification)
                          : g_strdup_printf ("{\"email\":\"%s\"}", email);

  return ld_test_server_expect (server, "PUT", path, token, body, NULL, expected);
}

static JsonNode *
send_code (gint64      member_id,
           const char *phone,
           const char *key,
           guint       expected)
{
  g_autofree char *path = member_path (member_id, "/phone/send-code");
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);

  return ld_test_server_expect_full (server, "POST", path, agent, body, key, expected, NULL);
}

static JsonNode *
change_phone (gint64      member_id,
              const char *phone,
              const char *code,
              const char *identification,
              guint       expected)
{
  g_autofree char *path = member_path (member_id, "/phone");
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\",\"code\":\"%s\",\"identification_token\":\"%s\"}",
                                           phone, code, identification ? identification : "");

  return ld_test_server_expect (server, "PUT", path, agent, body, NULL, expected);
}

/* an operator of role @role with @grant and @deny (nullable), logged in → the token */
static char *
operator_with (const char *login,
               const char *role,
               const char *grant,
               const char *deny)
{
  ld_test_server_create_operator_full (server, login, NULL, role, grant, deny);
  return ld_test_server_login (server, login, LD_TEST_PASSWORD);
}

/* ---- PATCH /members/{id} */

static void
test_edit_answers (void)
{
  const gint64 member_id = 3;
  g_autoptr(JsonNode) before = get_member (member_id);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *phone = g_strdup (ld_test_json_string (before, "phone"));
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *summary_path = NULL;
  g_autofree char *escaped = NULL;
  gint64 version = ld_test_json_int (before, "version");

  /* the summary of a search by phone is in the server's memory now */
  g_assert_cmpint (search_one ("phone", phone), ==, member_id);

  after = patch_member (member_id, agent, version,
                        "{\"answers\":{\"last_name\":\"Щедрина\",\"city\":\"Казань\",\"children\":\"2\","
                        "\"has_car\":true,\"gender\":\"male\"}}", 200);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, version + 1);
  g_assert_cmpstr (ld_test_json_string (after, "last_name"), ==, "Щедрина");
  g_assert_cmpstr (ld_test_json_string (after, "answers.last_name"), ==, "Щедрина");
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Казань");
  g_assert_cmpint (ld_test_json_int (after, "answers.children"), ==, 2);
  g_assert_true (json_node_get_boolean (ld_test_json_path (after, "answers.has_car")));
  g_assert_cmpstr (ld_test_json_string (after, "answers.gender"), ==, "male");
  g_assert_cmpuint (actions_of (member_id, "member.edit", "agent"), ==, 1);

  /* what the server stored, and the search at once: by the new name, and the summary by phone */
  g_clear_pointer (&after, json_node_unref);
  after = get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Казань");
  g_assert_cmpint (search_one ("name", "Щедрина"), ==, member_id);
  escaped = g_uri_escape_string (phone, NULL, FALSE);
  summary_path = g_strdup_printf (API "/members?phone=%s", escaped);
  summary = ld_test_server_expect (server, "GET", summary_path, agent, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (json_array_get_element (json_node_get_array (ld_test_json_path (summary, "items")), 0),
                                        "last_name"), ==, "Щедрина");

  /* the same values again change nothing: no new version, no entry */
  g_clear_pointer (&after, json_node_unref);
  after = patch_member (member_id, agent, version + 1, "{\"answers\":{\"city\":\"Казань\"}}", 200);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, version + 1);
  g_assert_cmpuint (actions_of (member_id, "member.edit", "agent"), ==, 1);

  /* clearing an answer that is not required */
  g_clear_pointer (&after, json_node_unref);
  after = patch_member (member_id, agent, version + 1, "{\"answers\":{\"city\":null}}", 200);
  g_assert_true (ld_test_json_path (after, "answers.city") == NULL ||
                 JSON_NODE_HOLDS_NULL (ld_test_json_path (after, "answers.city")));
}

static void
test_edit_refusals (void)
{
  const gint64 member_id = 4;
  g_autoptr(JsonNode) before = get_member (member_id);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  assert_patch_refused (member_id, "{\"answers\":{\"birth_date\":\"1980-01-01\"}}", 422, "invalid_field", "answers.birth_date");
  assert_patch_refused (member_id, "{\"answers\":{\"email\":\"new@example.com\"}}", 422, "invalid_field", "answers.email");
  assert_patch_refused (member_id, "{\"answers\":{\"shoe_size\":\"42\"}}", 422, "invalid_field", "answers.shoe_size");
  assert_patch_refused (member_id, "{\"answers\":{\"gender\":\"other\"}}", 422, "invalid_field", "answers.gender");
  assert_patch_refused (member_id, "{\"answers\":{\"children\":\"many\"}}", 422, "invalid_field", "answers.children");
  assert_patch_refused (member_id, "{\"answers\":{\"has_car\":\"yes\"}}", 422, "invalid_field", "answers.has_car");
  assert_patch_refused (member_id, "{\"answers\":{\"last_name\":\"  \"}}", 422, "invalid_field", "answers.last_name");
  assert_patch_refused (member_id, "{\"answers\":{\"city\":5}}", 422, "invalid_field", "answers.city");
  /* one bad answer refuses the good ones with it */
  assert_patch_refused (member_id, "{\"answers\":{\"city\":\"Омск\",\"gender\":\"other\"}}", 422, "invalid_field", "answers.gender");
  assert_patch_refused (member_id, "{\"answers\":{}}", 422, "invalid_field", "answers");
  assert_patch_refused (member_id, "{}", 422, "invalid_field", "answers");
  assert_patch_refused (member_id, "{\"answers\":[1]}", 400, "malformed", "answers");
  {
    g_autofree char *path = member_path (member_id, NULL);
    const char *headers[] = { "If-Match", "not-a-version", NULL };

    ld_test_server_assert_error (server, "PATCH", path, agent, "{\"answers\":{\"city\":\"Омск\"}}", headers,
                                 400, "malformed", "If-Match");
    ld_test_server_assert_error (server, "PATCH", API "/members/999999", agent, "{\"answers\":{\"city\":\"Омск\"}}",
                                 NULL, 404, "not_found", NULL);
  }

  after = get_member (member_id);
  before_text = json_to_string (before, FALSE);
  after_text = json_to_string (after, FALSE);
  g_assert_cmpstr (after_text, ==, before_text);
}

static void
test_edit_version_conflict (void)
{
  const gint64 member_id = 5;
  gint64 version = member_version (member_id);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) conflict = NULL;
  g_autoptr(JsonNode) after = NULL;

  /* a second client saves first … */
  first = patch_member (member_id, supervisor, version, "{\"answers\":{\"city\":\"Тверь\"}}", 200);
  /* … and the agent's save, made from the version it read, is refused with what is saved now */
  conflict = patch_member (member_id, agent, version, "{\"answers\":{\"city\":\"Псков\",\"gender\":\"female\"}}", 409);
  ld_test_assert_error (conflict, "version_conflict", NULL);
  g_assert_cmpstr (ld_test_json_string (conflict, "error.details.current.answers.city"), ==, "Тверь");
  g_assert_cmpint (ld_test_json_int (conflict, "error.details.current.version"), ==, version + 1);
  g_assert_nonnull (ld_test_json_path (conflict, "error.details.current.answers.last_name"));

  after = get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Тверь");
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, version + 1);

  /* the agent picks and saves against the version the conflict named */
  g_clear_pointer (&after, json_node_unref);
  after = patch_member (member_id, agent, version + 1, "{\"answers\":{\"city\":\"Псков\"}}", 200);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Псков");
}

static void
test_edit_right (void)
{
  const gint64 member_id = 6;
  g_autofree char *denied = operator_with ("agent-no-edit", "agent", NULL, "member.edit");
  g_autofree char *granted = operator_with ("limited-edit", "agent", NULL,
                                            "member.change_contacts,member.send_password");
  g_autofree char *path = member_path (member_id, NULL);
  g_autoptr(JsonNode) answer = NULL;
  gint64 version = member_version (member_id);

  ld_test_server_assert_error (server, "PATCH", path, denied, "{\"answers\":{\"city\":\"Омск\"}}", NULL,
                               403, "forbidden", NULL);
  g_assert_cmpint (member_version (member_id), ==, version);
  /* the one right is enough */
  answer = patch_member (member_id, granted, 0, "{\"answers\":{\"city\":\"Омск\"}}", 200);
  g_assert_cmpstr (ld_test_json_string (answer, "answers.city"), ==, "Омск");
}

/* ---- identification */

static void
test_identify_lock_out (void)
{
  const gint64 member_id = 7;
  g_autofree char *path = member_path (member_id, "/identify");
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) locked = NULL;

  for (guint i = 0; i < 5; i++)
    ld_test_server_assert_error (server, "POST", path, agent, "{\"method\":\"password\",\"password\":\"wrong-one\"}",
                                 NULL, 422, "wrong_password", "password");
  /* locked: the right password too, by any operator */
  locked = ld_test_server_expect (server, "POST", path, supervisor,
                                  "{\"password\":\"" MEMBER_PASSWORD "\"}", NULL, 429);
  ld_test_assert_error (locked, "too_many_attempts", NULL);
  g_assert_cmpint (ld_test_json_int (locked, "error.details.retry_after"), >, 0);
  g_assert_cmpuint (actions_of (member_id, "member.identify", "supervisor"), ==, 0);

  ld_test_server_advance_clock (server, 15 * 60 + 1);
  token = identify_by_password (member_id, agent);
  g_assert_nonnull (token);
  g_assert_cmpuint (actions_of (member_id, "member.identify", "agent"), ==, 1);

  /* a success starts the count again: four wrong ones do not lock */
  for (guint i = 0; i < 4; i++)
    ld_test_server_assert_error (server, "POST", path, agent, "{\"password\":\"wrong-one\"}",
                                 NULL, 422, "wrong_password", "password");
  g_free (identify_by_password (member_id, agent));
}

static void
test_identify_personal_data_right (void)
{
  const gint64 member_id = 8;
  g_autofree char *path = member_path (member_id, "/identify");
  g_autofree char *granted = operator_with ("agent-identify", "agent", "member.identify_without_password", NULL);
  g_autofree char *no_contacts = operator_with ("agent-no-contacts", "agent", NULL, "member.change_contacts");
  g_autofree char *token = NULL;

  /* the agent role has not the right; a single grant gives it, a supervisor has it */
  ld_test_server_assert_error (server, "POST", path, agent, "{\"method\":\"personal_data\"}", NULL,
                               403, "forbidden", NULL);
  ld_test_server_assert_error (server, "POST", path, agent, "{\"by\":\"personal_data\"}", NULL,
                               403, "forbidden", NULL);
  g_assert_cmpuint (actions_of (member_id, "member.identify", "agent"), ==, 0);
  token = identify (member_id, granted, "{\"method\":\"personal_data\"}");
  g_assert_nonnull (token);
  /* the token is not kept under an Idempotency-Key: a retry identifies anew */
  {
    g_autoptr(JsonNode) first = ld_test_server_expect_full (server, "POST", path, granted, "{\"method\":\"personal_data\"}",
                                                            "identify-8", 200, NULL);
    g_autoptr(JsonNode) again = ld_test_server_expect_full (server, "POST", path, granted, "{\"method\":\"personal_data\"}",
                                                            "identify-8", 200, NULL);

    g_assert_cmpstr (ld_test_json_string (first, "identification_token"), !=,
                     ld_test_json_string (again, "identification_token"));
  }
  g_free (identify (member_id, supervisor, "{\"by\":\"personal_data\"}"));

  /* member.change_contacts is the right of every identification */
  ld_test_server_assert_error (server, "POST", path, no_contacts, "{\"password\":\"" MEMBER_PASSWORD "\"}", NULL,
                               403, "forbidden", NULL);
  ld_test_server_assert_error (server, "POST", path, agent, "{\"method\":\"fingerprint\"}", NULL,
                               422, "invalid_field", "method");
  ld_test_server_assert_error (server, "POST", path, agent, "{\"method\":\"password\"}", NULL,
                               422, "invalid_field", "password");
}

/* ---- contacts */

static void
test_change_email (void)
{
  const gint64 member_id = member_with_email (9, TRUE);
  const gint64 other_id = member_id + 1;
  g_autofree char *old_email = member_text (member_id, "email");
  g_autofree char *own = identify_by_password (member_id, agent);
  g_autofree char *others = identify_by_password (other_id, agent);
  g_autofree char *supervisors = identify_by_password (member_id, supervisor);
  g_autoptr(JsonNode) answer = NULL;
  gint64 version = member_version (member_id);

  g_assert_cmpint (search_total ("email", old_email), >=, 1);

  /* not identified, identified as another member, or by another operator */
  answer = change_email (member_id, agent, "new.address@example.com", NULL, 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_email (member_id, agent, "new.address@example.com", "0123abcd", 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_email (member_id, agent, "new.address@example.com", others, 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_email (member_id, agent, "new.address@example.com", supervisors, 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_email (member_id, agent, "not an address", own, 422);
  ld_test_assert_error (answer, "invalid_field", "email");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpint (member_version (member_id), ==, version);

  answer = change_email (member_id, agent, "New.Address@Example.com", own, 200);
  g_assert_cmpint (ld_test_json_int (answer, "version"), ==, version + 1);
  g_clear_pointer (&answer, json_node_unref);
  answer = get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (answer, "email"), ==, "New.Address@example.com");
  g_assert_cmpint (search_one ("email", "new.address@example.com"), ==, member_id);
  if (g_ascii_strcasecmp (old_email, "new.address@example.com") != 0)
    g_assert_cmpint (search_total ("email", old_email), ==, 0);
  g_assert_cmpuint (actions_of (member_id, "member.change_email", "agent"), ==, 1);

  /* the token lives a few minutes */
  ld_test_server_advance_clock (server, IDENTIFICATION_SECONDS + 1);
  g_clear_pointer (&answer, json_node_unref);
  answer = change_email (member_id, agent, "later@example.com", own, 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
}

static void
test_change_phone (void)
{
  const gint64 member_id = 20;
  const char *new_phone = "+79990000020";
  g_autofree char *old_phone = member_text (member_id, "phone");
  g_autofree char *token = identify_by_password (member_id, agent);
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) call = NULL;
  gint64 version = member_version (member_id);

  /* the old phone's search summary is in the server's memory now */
  g_assert_cmpint (search_one ("phone", old_phone), ==, member_id);

  answer = send_code (member_id, new_phone, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "phone"), ==, new_phone);
  code = last_word_sent_to (new_phone);
  g_assert_cmpuint (strlen (code), ==, 6);
  wrong = g_strdup (g_str_equal (code, "000000") ? "111111" : "000000");

  /* without identification, then a wrong code: refused, nothing changes */
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, new_phone, code, NULL, 403);
  ld_test_assert_error (answer, "identification_required", "identification_token");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, new_phone, wrong, token, 422);
  ld_test_assert_error (answer, "invalid_code", "code");
  g_assert_cmpint (ld_test_json_int (answer, "error.details.attempts_left"), ==, 4);
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000021", code, token, 422);
  ld_test_assert_error (answer, "invalid_code", "code");
  g_assert_cmpint (member_version (member_id), ==, version);
  g_assert_cmpint (search_one ("phone", old_phone), ==, member_id);

  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, new_phone, code, token, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "phone"), ==, new_phone);
  g_assert_cmpint (ld_test_json_int (answer, "version"), ==, version + 1);
  g_assert_cmpuint (actions_of (member_id, "member.change_phone", "agent"), ==, 1);

  /* the search and an incoming call know the member by the new phone at once, not by the old */
  g_assert_cmpint (search_one ("phone", new_phone), ==, member_id);
  g_assert_cmpint (search_one ("phone", old_phone), ==, 0);
  g_assert_cmpint (search_one ("q", new_phone), ==, member_id);
  {
    g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", old_phone);

    call = ld_test_server_expect (server, "POST", API "/calls", agent, body, NULL, 201);
    g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (call, "member")));
  }

  /* the code is spent */
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, new_phone, code, token, 422);
  ld_test_assert_error (answer, "invalid_field", "phone");
}

static void
test_phone_refusals (void)
{
  const gint64 member_id = 21;
  g_autofree char *own_phone = member_text (member_id, "phone");
  g_autofree char *others_phone = member_text (22, "phone");
  g_autofree char *token = identify_by_password (member_id, agent);
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  /* another member's phone: no code goes out */
  answer = send_code (member_id, others_phone, NULL, 409);
  ld_test_assert_error (answer, "phone_already_registered", "phone");
  texts = outbox_texts (others_phone);
  g_assert_cmpuint (count_containing (texts, "Код подтверждения"), ==, 0);
  g_clear_pointer (&answer, json_node_unref);
  answer = send_code (member_id, own_phone, NULL, 422);
  ld_test_assert_error (answer, "invalid_field", "phone");
  g_clear_pointer (&answer, json_node_unref);
  answer = send_code (member_id, "12", NULL, 422);
  ld_test_assert_error (answer, "invalid_field", "phone");

  /* no code sent yet */
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000121", "123456", token, 422);
  ld_test_assert_error (answer, "invalid_code", "code");

  /* a code expires; an expired one costs no attempt */
  g_clear_pointer (&answer, json_node_unref);
  answer = send_code (member_id, "+79990000121", NULL, 200);
  code = last_word_sent_to ("+79990000121");
  ld_test_server_advance_clock (server, CODE_LIFETIME_SECONDS + 1);
  g_clear_pointer (&token, g_free);
  token = identify_by_password (member_id, agent);
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000121", code, token, 422);
  ld_test_assert_error (answer, "code_expired", "code");

  /* the phone became another member's meanwhile: 409 at the change too */
  g_clear_pointer (&answer, json_node_unref);
  answer = send_code (member_id, "+79990000121", NULL, 200);
  g_clear_pointer (&code, g_free);
  code = last_word_sent_to ("+79990000121");
  {
    g_autofree char *sql = g_strdup ("UPDATE members SET phone = '+79990000121' WHERE id = 23");

    ld_test_server_run_sql (server, sql);
  }
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000121", code, token, 409);
  ld_test_assert_error (answer, "phone_already_registered", "phone");
  g_assert_cmpint (search_one ("phone", own_phone), ==, member_id);

  /* five wrong codes use the code up */
  g_clear_pointer (&answer, json_node_unref);
  ld_test_server_advance_clock (server, 31);
  answer = send_code (member_id, "+79990000122", NULL, 200);
  for (guint i = 0; i < 4; i++)
    {
      g_clear_pointer (&answer, json_node_unref);
      answer = change_phone (member_id, "+79990000122", "99999x", token, 422);
    }
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000122", "99999x", token, 429);
  ld_test_assert_error (answer, "too_many_attempts", "code");
  g_clear_pointer (&code, g_free);
  code = last_word_sent_to ("+79990000122");
  g_clear_pointer (&answer, json_node_unref);
  answer = change_phone (member_id, "+79990000122", code, token, 429);
  ld_test_assert_error (answer, "too_many_attempts", "code");
  g_assert_cmpint (search_one ("phone", own_phone), ==, member_id);
}

static void
test_send_code_idempotent (void)
{
  const gint64 member_id = 24;
  const char *new_phone = "+79990000024";
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) soon = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;

  first = send_code (member_id, new_phone, "code-24-once", 200);
  again = send_code (member_id, new_phone, "code-24-once", 200);
  first_text = json_to_string (first, FALSE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (again_text, ==, first_text);
  texts = outbox_texts (new_phone);
  g_assert_cmpuint (texts->len, ==, 1);

  /* a new key within 30 seconds: too soon, no SMS */
  soon = send_code (member_id, new_phone, "code-24-twice", 429);
  ld_test_assert_error (soon, "too_many_attempts", NULL);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = outbox_texts (new_phone);
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpuint (actions_of (member_id, "member.phone_code", "agent"), ==, 1);
}

static void
test_contacts_right (void)
{
  const gint64 member_id = 25;
  g_autofree char *denied = operator_with ("agent-contacts-denied", "agent", NULL, "member.change_contacts");
  g_autofree char *token = identify_by_password (member_id, agent);
  g_autofree char *email_path = member_path (member_id, "/email");
  g_autofree char *phone_path = member_path (member_id, "/phone");
  g_autofree char *code_path = member_path (member_id, "/phone/send-code");
  g_autofree char *email_body = g_strdup_printf ("{\"email\":\"x@example.com\",\"identification_token\":\"%s\"}", token);
  g_autofree char *phone_body = g_strdup_printf ("{\"phone\":\"+79990000025\",\"code\":\"123456\",\"identification_token\":\"%s\"}", token);
  gint64 version = member_version (member_id);

  ld_test_server_assert_error (server, "PUT", email_path, denied, email_body, NULL, 403, "forbidden", NULL);
  ld_test_server_assert_error (server, "POST", code_path, denied, "{\"phone\":\"+79990000025\"}", NULL, 403, "forbidden", NULL);
  ld_test_server_assert_error (server, "PUT", phone_path, denied, phone_body, NULL, 403, "forbidden", NULL);
  g_assert_cmpint (member_version (member_id), ==, version);
}

/* a second instance on the same database: what one identifies the other accepts, what
 * one changes the other's search finds at once (its summaries in memory too) */
static void
test_contacts_across_instances (void)
{
  const gint64 member_id = 30;
  g_autoptr(LdTestServer) beside = ld_test_server_new_beside (server, NULL);
  g_autofree char *agent_beside = ld_test_server_login (beside, "agent", LD_TEST_PASSWORD);
  g_autofree char *old_phone = member_text (member_id, "phone");
  g_autofree char *token = identify_by_password (member_id, agent);
  g_autofree char *code_path = member_path (member_id, "/phone/send-code");
  g_autofree char *phone_path = member_path (member_id, "/phone");
  g_autofree char *body = NULL;
  g_autofree char *code = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) changed = NULL;

  /* the first instance keeps the old phone's summary in memory */
  g_assert_cmpint (search_one ("phone", old_phone), ==, member_id);

  sent = ld_test_server_expect (beside, "POST", code_path, agent_beside, "{\"phone\":\"+79990000030\"}", NULL, 200);
  code = last_word_sent_to ("+79990000030");
  body = g_strdup_printf ("{\"phone\":\"+79990000030\",\"code\":\"%s\",\"identification_token\":\"%s\"}", code, token);
  changed = ld_test_server_expect (beside, "PUT", phone_path, agent_beside, body, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (changed, "phone"), ==, "+79990000030");

  g_assert_cmpint (search_one ("phone", "+79990000030"), ==, member_id);
  g_assert_cmpint (search_one ("phone", old_phone), ==, 0);
  g_assert_true (ld_test_server_stop (beside));
}

/* ---- a new Personal Account password */

static void
test_send_password (void)
{
  const gint64 member_id = 26;
  g_autofree char *phone = member_text (member_id, "phone");
  g_autofree char *path = member_path (member_id, "/send-password");
  g_autofree char *messages_path = member_path (member_id, "/messages?channel=sms&limit=500");
  g_autofree char *password = NULL;
  g_autofree char *body = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) messages = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  JsonArray *items;
  gboolean masked = FALSE;

  first = ld_test_server_expect_full (server, "POST", path, agent, "{\"channel\":\"sms\"}", "password-26", 200, &first_text);
  g_assert_cmpstr (ld_test_json_string (first, "channel"), ==, "sms");
  g_assert_cmpstr (ld_test_json_string (first, "to"), ==, phone);
  /* a retry with the key sends nothing more */
  again = ld_test_server_expect_full (server, "POST", path, agent, "{\"channel\":\"sms\"}", "password-26", 200, &again_text);
  g_assert_cmpstr (again_text, ==, first_text);
  texts = outbox_texts (phone);
  g_assert_cmpuint (count_containing (texts, "Новый пароль"), ==, 1);
  g_assert_cmpuint (actions_of (member_id, "member.send_password", "agent"), ==, 1);

  /* the outbox (outbox.view) has the password; the member's messages only say it went */
  password = last_word_sent_to (phone);
  g_assert_cmpuint (strlen (password), ==, 8);
  ld_test_server_assert_error (server, "GET", API "/outbox", agent, NULL, NULL, 403, "forbidden", NULL);
  messages = ld_test_server_expect (server, "GET", messages_path, agent, NULL, NULL, 200);
  items = json_node_get_array (ld_test_json_path (messages, "items"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *text = json_object_get_string_member (json_array_get_object_element (items, i), "text");

      g_assert_null (strstr (text, password));
      if (strstr (text, "Новый пароль") != NULL)
        masked = TRUE;
    }
  g_assert_true (masked);

  /* the new password identifies the member; the old one no more */
  body = g_strdup_printf ("{\"password\":\"%s\"}", password);
  g_free (identify (member_id, agent, body));
  {
    g_autofree char *identify_path = member_path (member_id, "/identify");

    ld_test_server_assert_error (server, "POST", identify_path, agent, "{\"password\":\"" MEMBER_PASSWORD "\"}",
                                 NULL, 422, "wrong_password", "password");
  }
}

static void
test_send_password_refusals (void)
{
  const gint64 without_email = member_with_email (27, FALSE);
  const gint64 with_email = member_with_email (27, TRUE);
  g_autofree char *denied = operator_with ("agent-no-password", "agent", NULL, "member.send_password");
  g_autofree char *path = member_path (without_email, "/send-password");
  g_autofree char *email_path = member_path (with_email, "/send-password");
  g_autofree char *email = member_text (with_email, "email");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  ld_test_server_assert_error (server, "POST", path, agent, "{\"channel\":\"email\"}", NULL, 422, "invalid_field", "channel");
  ld_test_server_assert_error (server, "POST", path, agent, "{\"channel\":\"pigeon\"}", NULL, 422, "invalid_field", "channel");
  ld_test_server_assert_error (server, "POST", path, agent, "{}", NULL, 422, "invalid_field", "channel");
  ld_test_server_assert_error (server, "POST", path, denied, "{\"channel\":\"sms\"}", NULL, 403, "forbidden", NULL);
  g_assert_cmpuint (actions_of (without_email, "member.send_password", "agent-no-password"), ==, 0);
  g_assert_cmpuint (actions_of (without_email, "member.send_password", "agent"), ==, 0);

  answer = ld_test_server_expect (server, "POST", email_path, agent, "{\"channel\":\"email\"}", NULL, 200);
  g_assert_cmpstr (ld_test_json_string (answer, "to"), ==, email);
  texts = outbox_texts (email);
  g_assert_cmpuint (count_containing (texts, "Новый пароль"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (N_MEMBERS, NULL);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/member-data/edit/answers", test_edit_answers);
  g_test_add_func ("/server/member-data/edit/refusals", test_edit_refusals);
  g_test_add_func ("/server/member-data/edit/version-conflict", test_edit_version_conflict);
  g_test_add_func ("/server/member-data/edit/right", test_edit_right);
  g_test_add_func ("/server/member-data/identify/lock-out", test_identify_lock_out);
  g_test_add_func ("/server/member-data/identify/personal-data-right", test_identify_personal_data_right);
  g_test_add_func ("/server/member-data/contacts/email", test_change_email);
  g_test_add_func ("/server/member-data/contacts/phone", test_change_phone);
  g_test_add_func ("/server/member-data/contacts/phone-refusals", test_phone_refusals);
  g_test_add_func ("/server/member-data/contacts/send-code-idempotent", test_send_code_idempotent);
  g_test_add_func ("/server/member-data/contacts/right", test_contacts_right);
  g_test_add_func ("/server/member-data/contacts/across-instances", test_contacts_across_instances);
  g_test_add_func ("/server/member-data/password/send", test_send_password);
  g_test_add_func ("/server/member-data/password/refusals", test_send_password_refusals);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&supervisor, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  return result;
}

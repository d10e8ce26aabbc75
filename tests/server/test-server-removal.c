/* test-server-removal.c — removing a member from the program (DELETE /members/{id})
 *
 * Raw HTTP against the real server with demo data, and the database file itself read byte
 * by byte: after a removal no byte of the member's phone (as stored, and its digits), e-mail
 * or names (as given, and folded as search keeps them) may be left in the SQLite file nor
 * in its write-ahead log, while the server runs and after it stops. Each test gives its
 * member data no other member has (names set through SQL for a demo member, or a member
 * registered through the API), lets that data spread as it does (a call from the phone,
 * SMS in the outbox, searches that keep summaries, kept answers of idempotent requests,
 * linked cards with purchases), removes the member, and looks for every copy.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ld-test-server.h"

#define API "/api/v1"
#define N_MEMBERS 60
#define CODE_PREFIX "Код подтверждения Loyalty Desk: "

static LdTestServer *server;
static char *agent;
static char *supervisor;
static char *admin;
/* what must never be found again in the files, even after the server stopped */
static GPtrArray *gone;

/* ---- the database's files */

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      /* no write-ahead log at all is an empty one */
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      return g_bytes_new (NULL, 0);
    }
  return g_bytes_new_take (contents, length);
}

/* the offset of @needle in @haystack, or -1 */
static gssize
find_bytes (GBytes     *haystack,
            const char *needle)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (haystack, &length);
  gsize needle_length = strlen (needle);

  if (needle_length == 0 || needle_length > length)
    return -1;
  for (const guint8 *at = data; at + needle_length <= data + length; at++)
    {
      at = memchr (at, needle[0], (data + length) - at);
      if (at == NULL || at + needle_length > data + length)
        return -1;
      if (memcmp (at, needle, needle_length) == 0)
        return at - data;
    }
  return -1;
}

static gboolean
on_postgresql (void)
{
  return g_str_has_prefix (ld_test_server_get_database (server), "postgresql://");
}

/* the file (main or -wal) that holds @needle, or NULL */
static const char *
where_is (const char *needle)
{
  const char *database = ld_test_server_get_database (server);
  g_autofree char *wal_path = g_strconcat (database, "-wal", NULL);
  g_autoptr(GBytes) main_file = NULL;
  g_autoptr(GBytes) wal = NULL;

  if (on_postgresql ())
    return ld_test_server_database_contains (server, needle) ? "the database's files or WAL" : NULL;
  main_file = read_file (database);
  wal = read_file (wal_path);
  if (find_bytes (main_file, needle) >= 0)
    return "the database file";
  if (find_bytes (wal, needle) >= 0)
    return "the write-ahead log";
  return NULL;
}

static void
assert_nowhere (GPtrArray *needles)
{
  for (guint i = 0; i < needles->len; i++)
    {
      const char *needle = g_ptr_array_index (needles, i);
      const char *file = where_is (needle);

      if (file != NULL)
        g_error ("“%s” of a removed member is still in %s", needle, file);
    }
}

static gboolean
anywhere (GPtrArray *needles)
{
  for (guint i = 0; i < needles->len; i++)
    if (where_is (g_ptr_array_index (needles, i)) != NULL)
      return TRUE;
  return FALSE;
}

/* every form of the member's phone, e-mail and names the storage may hold: as given, the
 * phone's digits, and the lower-case forms search keeps */
static GPtrArray *
needles_of (JsonNode *profile,
            gboolean  with_names)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func (g_free);
  const char *phone = ld_test_json_string (profile, "phone");
  const char *email = ld_test_json_string (profile, "email");

  g_assert_nonnull (phone);
  g_assert_true (g_str_has_prefix (phone, "+7") && strlen (phone) == 12);
  g_ptr_array_add (needles, g_strdup (phone));
  g_ptr_array_add (needles, g_strdup (phone + 1));    /* 7XXXXXXXXXX */
  g_ptr_array_add (needles, g_strdup (phone + 2));    /* the national number */
  g_assert_nonnull (email);
  g_ptr_array_add (needles, g_strdup (email));
  g_ptr_array_add (needles, g_ascii_strdown (email, -1));
  if (with_names)
    {
      static const char * const names[] = { "last_name", "first_name", "middle_name" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          const char *name = ld_test_json_string (profile, names[i]);

          g_assert_nonnull (name);
          g_ptr_array_add (needles, g_strdup (name));
          g_ptr_array_add (needles, g_utf8_strdown (name, -1));
        }
    }
  return needles;
}

static void
remember_gone (GPtrArray *needles)
{
  for (guint i = 0; i < needles->len; i++)
    g_ptr_array_add (gone, g_strdup (g_ptr_array_index (needles, i)));
}

/* ---- SQL on the server's file, for what no request shows any more */

static gint64
count_sql (const char *sql)
{
  return ld_test_server_query_int (server, sql);
}

/* ---- requests */

static JsonNode *
remove_member (gint64      member_id,
               const char *reason,
               const char *token,
               const char *key,
               guint       expected,
               char      **out_text)
{
  g_autofree char *path = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, member_id);
  g_autofree char *body = reason ? g_strdup_printf ("{\"reason\":\"%s\"}", reason) : g_strdup ("{}");

  return ld_test_server_expect_full (server, "DELETE", path, token, body, key, expected, out_text);
}

/* GET /members?@criterion=@value → its total */
static gint64
search_total (const char *criterion,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/members?%s=%s", criterion, escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, agent, NULL, NULL, 200);

  return json_array_get_length (json_node_get_array (ld_test_json_path (page, "items")));
}

static gint64
outbox_total (const char *recipient)
{
  g_autofree char *escaped = g_uri_escape_string (recipient, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/outbox?phone=%s", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, supervisor, NULL, NULL, 200);

  return ld_test_json_int (page, "total");
}

/* a free card of the pool, one bought with when @with_purchases (transfer full) */
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

      if (!json_object_get_null_member (card, "first_purchase_pos"))
        return g_strdup (json_object_get_string_member (card, "number"));
    }
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "number"));
}

/* the numbers of the profile's cards */
static GPtrArray *
card_numbers (JsonNode *profile)
{
  JsonArray *cards = json_node_get_array (ld_test_json_path (profile, "cards"));
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (cards); i++)
    g_ptr_array_add (numbers, g_strdup (json_object_get_string_member (json_array_get_object_element (cards, i),
                                                                       "number")));
  return numbers;
}

static JsonNode *
post (const char *path,
      const char *token,
      const char *body,
      guint       expected)
{
  return ld_test_server_expect (server, "POST", path, token, body, NULL, expected);
}

/* a call from @phone, kept as an idempotent answer (which carries the caller's summary)
 * → the call's id */
static gint64
call_from (const char *phone,
           const char *key)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\"}", phone);
  g_autoptr(JsonNode) answer = ld_test_server_expect_full (server, "POST", API "/calls", agent, body, key,
                                                           201, NULL);

  return ld_test_json_int (answer, "call.id");
}

/* a new member through the API, as the agent's wizard makes one: a call from @phone, a
 * card of the pool with purchases, the phone confirmed by the SMS code, consent, the
 * password by SMS, the form with @last, @first, @middle and @email → the profile */
static JsonNode *
register_member (const char *phone,
                 const char *last,
                 const char *first,
                 const char *middle,
                 const char *email)
{
  g_autofree char *number = free_card (TRUE);
  g_autofree char *start = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":%" G_GINT64_FORMAT "}",
                                            phone, call_from (phone, NULL));
  g_autofree char *card = g_strdup_printf ("{\"number\":\"%s\",\"issue_virtual\":true}", number);
  g_autofree char *answers = g_strdup_printf ("{\"answers\":{\"last_name\":\"%s\",\"first_name\":\"%s\","
                                              "\"middle_name\":\"%s\",\"birth_date\":\"1979-02-03\","
                                              "\"email\":\"%s\",\"city\":\"%s\"}}",
                                              last, first, middle, email, last);
  g_autoptr(JsonNode) draft = post (API "/registrations", agent, start, 201);
  g_autofree char *prefix = g_strdup_printf (API "/registrations/%" G_GINT64_FORMAT, ld_test_json_int (draft, "id"));
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *outbox_path = g_strdup_printf (API "/outbox?phone=%s&limit=1", escaped);
  g_autoptr(JsonNode) sms = NULL;
  g_autofree char *confirm = NULL;
  const char *text;

#define STEP(step, body) \
  G_STMT_START { \
    g_autofree char *step_path = g_strconcat (prefix, step, NULL); \
    json_node_unref (post (step_path, agent, body, 200)); \
  } G_STMT_END

  STEP ("/card", card);
  STEP ("/phone/send-code", "{}");
  sms = ld_test_server_expect (server, "GET", outbox_path, supervisor, NULL, NULL, 200);
  text = json_object_get_string_member (json_array_get_object_element (
    json_node_get_array (ld_test_json_path (sms, "items")), 0), "text");
  g_assert_true (g_str_has_prefix (text, CODE_PREFIX));
  confirm = g_strdup_printf ("{\"code\":\"%s\"}", text + strlen (CODE_PREFIX));
  STEP ("/phone/confirm", confirm);
  STEP ("/consent", "{\"offer\":true,\"personal_data\":true}");
  STEP ("/password", "{}");
#undef STEP

  {
    g_autofree char *path = g_strconcat (prefix, "/complete", NULL);

    return post (path, agent, answers, 201);
  }
}

/* the member's action entries after a removal: operator, time, action and member id,
 * nothing else; one "member.remove" with the reason's key, by @login */
static void
assert_history_kept_bare (gint64      member_id,
                          const char *reason,
                          const char *login)
{
  g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM actions WHERE member_id = %" G_GINT64_FORMAT,
                                          member_id);
  g_autofree char *bare = g_strdup_printf ("SELECT count(*) FROM actions WHERE member_id = %" G_GINT64_FORMAT
                                           " AND target IS NULL AND reason IS NULL AND operator_id IS NOT NULL "
                                           "AND created_at <> '' AND action <> ''", member_id);
  g_autofree char *removal = g_strdup_printf ("SELECT count(*) FROM actions a JOIN operators o ON o.id = a.operator_id "
                                              "WHERE a.member_id = %" G_GINT64_FORMAT " AND a.action = 'member.remove' "
                                              "AND a.target IS NULL AND a.reason = '%s' AND o.login = '%s'",
                                              member_id, reason, login);
  gint64 n_all = count_sql (all);

  /* the entries are there, stripped: all but the removal's own */
  g_assert_cmpint (n_all, >=, 2);
  g_assert_cmpint (count_sql (bare), ==, n_all - 1);
  g_assert_cmpint (count_sql (removal), ==, 1);
}

/* ---- the tests */

static void
test_erases_every_byte (void)
{
  /* member 1: the long history (four cards, one of them replaced, purchases, operations,
   * messages to the phone and the e-mail, favorites, an SMS in the outbox, 120 entries
   * with targets and reasons), alone on its account */
  const gint64 member_id = 1;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *number = free_card (TRUE);
  g_autofree char *link_body = g_strdup_printf ("{\"number\":\"%s\"}", number);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *call_path = NULL;
  const char *phone;
  const char *email;
  gint64 call_id;
  gint64 account_id;

  /* names nobody else has, so that finding one means finding this member's */
  ld_test_server_run_sql (server,
                          "UPDATE members SET last_name = 'Зюзюкина', first_name = 'Евлампия', "
                          "middle_name = 'Феофилактовна', last_name_fold = 'зюзюкина', "
                          "first_name_fold = 'евлампия', middle_name_fold = 'феофилактовна' WHERE id = 1");
  before = ld_test_server_get_member (server, agent, member_id);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (before, "merged_members"))), ==, 0);
  phone = ld_test_json_string (before, "phone");
  email = ld_test_json_string (before, "email");
  account_id = ld_test_json_int (before, "account.id");
  needles = needles_of (before, TRUE);

  /* the data spreads: summaries by every search, a call's screen pop and a linked card's
   * profile kept as idempotent answers, the SMS of the demo */
  g_assert_cmpint (search_total ("phone", phone), ==, 1);
  g_assert_cmpint (search_total ("phone", phone), ==, 1);   /* now from memory */
  g_assert_cmpint (search_total ("email", email), ==, 1);
  g_assert_cmpint (search_total ("name", "Зюзюкина Евлампия"), ==, 1);
  g_assert_cmpint (search_total ("card", ld_test_json_string (before, "main_card.number")), ==, 1);
  call_id = call_from (phone, "call-from-member-1");
  linked = ld_test_server_expect_full (server, "POST", API "/members/1/cards", agent, link_body,
                                       "link-for-member-1", 201, NULL);
  numbers = card_numbers (linked);
  g_assert_cmpuint (numbers->len, >=, 5);
  g_assert_cmpint (outbox_total (phone), >, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM messages WHERE member_id = 1"), >, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM purchases WHERE account_id = 1"), >, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM actions WHERE member_id = 1 AND reason IS NOT NULL"), >, 0);
  /* the attack: before the removal, the files do hold them */
  g_assert_nonnull (where_is (phone));
  g_assert_nonnull (where_is ("Зюзюкина"));

  answer = remove_member (member_id, "privacy", supervisor, "remove-member-1", 200, &first_text);
  g_assert_cmpint (ld_test_json_int (answer, "id"), ==, member_id);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "removed"));

  /* not a byte left, with the server still running */
  assert_nowhere (needles);
  remember_gone (needles);

  /* gone for every request */
  ld_test_server_assert_error (server, "GET", API "/members/1", agent, NULL, NULL, 404, "not_found", NULL);
  ld_test_server_assert_error (server, "GET", API "/members/1/purchases", agent, NULL, NULL, 404, "not_found", NULL);
  g_assert_cmpint (search_total ("phone", phone), ==, 0);
  g_assert_cmpint (search_total ("email", email), ==, 0);
  g_assert_cmpint (search_total ("name", "Зюзюкина"), ==, 0);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *path = g_strdup_printf (API "/cards/%s", (const char *) g_ptr_array_index (numbers, i));

      g_assert_cmpint (search_total ("card", g_ptr_array_index (numbers, i)), ==, 0);
      g_assert_cmpuint (ld_test_server_request (server, "GET", path, agent, NULL, NULL, NULL), ==, 404);
    }
  g_assert_cmpint (outbox_total (phone), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE lower(recipient) = lower('%s')", email);

    g_assert_cmpint (count_sql (sql), ==, 0);
  }
  g_assert_cmpint (count_sql ("SELECT count(*) FROM messages WHERE member_id = 1"), ==, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM purchases WHERE member_id = 1 OR account_id = 1"), ==, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM operations WHERE member_id = 1"), ==, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM favorites_history WHERE member_id = 1"), ==, 0);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM member_summaries WHERE member_id = 1"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM accounts WHERE id = %" G_GINT64_FORMAT, account_id);

    g_assert_cmpint (count_sql (sql), ==, 0);
  }

  /* the call stays, without the phone or the member */
  call_path = g_strdup_printf (API "/calls/%" G_GINT64_FORMAT, call_id);
  call = ld_test_server_expect (server, "GET", call_path, agent, NULL, NULL, 200);
  g_assert_cmpstr (ld_test_json_string (call, "phone"), ==, "");
  g_assert_true (JSON_NODE_HOLDS_NULL (ld_test_json_path (call, "member_id")));

  assert_history_kept_bare (member_id, "privacy", "supervisor");

  /* the same request again answers the same and removes nothing more */
  {
    g_autofree char *body = g_strdup ("{\"reason\":\"privacy\"}");
    g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
    const char *key_headers[] = { "Idempotency-Key", "remove-member-1", NULL };
    guint status = ld_test_server_request_full (server, "DELETE", API "/members/1", supervisor, bytes,
                                                key_headers, &second_text, &headers);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (second_text, ==, first_text);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "Idempotent-Replayed"), ==, "true");
  }
  assert_history_kept_bare (member_id, "privacy", "supervisor");
  /* without the key, a removed member is not there to remove */
  again = remove_member (member_id, "privacy", supervisor, NULL, 404, NULL);
  ld_test_assert_error (again, "not_found", NULL);
  assert_nowhere (needles);
}

static void
test_registers_again (void)
{
  const char *phone = "+79005553311";
  g_autoptr(JsonNode) profile = register_member (phone, "Кукушкинская", "Аграфена", "Поликарповна",
                                                 "agrafena.kukushkinskaya@example.net");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GPtrArray) needles = needles_of (profile, TRUE);
  g_autoptr(GPtrArray) numbers = card_numbers (profile);
  gint64 member_id = ld_test_json_int (profile, "id");
  g_autofree char *drafts = g_strdup_printf ("SELECT count(*) FROM registrations WHERE phone = '%s'", phone);

  g_assert_cmpstr (ld_test_json_string (profile, "email"), ==, "agrafena.kukushkinskaya@example.net");
  g_assert_cmpint (outbox_total (phone), >=, 2);   /* the code and the password */
  g_assert_cmpint (count_sql (drafts), ==, 1);
  g_assert_nonnull (where_is ("Кукушкинская"));

  answer = remove_member (member_id, "not_interested", supervisor, NULL, 200, NULL);
  assert_nowhere (needles);
  g_assert_cmpint (count_sql (drafts), ==, 0);
  g_assert_cmpint (outbox_total (phone), ==, 0);
  assert_history_kept_bare (member_id, "not_interested", "supervisor");

  /* the cards are gone with their member, not back in the pool */
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *path = g_strdup_printf (API "/cards/%s", (const char *) g_ptr_array_index (numbers, i));

      g_assert_cmpuint (ld_test_server_request (server, "GET", path, agent, NULL, NULL, NULL), ==, 404);
    }

  /* the same phone is a new customer: it registers again, as someone else */
  second = register_member (phone, "Новикова", "Анна", "Ильинична", "anna.novikova.2@example.net");
  g_assert_cmpint (ld_test_json_int (second, "id"), !=, member_id);
  g_assert_cmpstr (ld_test_json_string (second, "phone"), ==, phone);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "removed"));

  /* its phone is in use again; the rest of the first member is not */
  g_ptr_array_remove_range (needles, 0, 3);
  remember_gone (needles);
}

static void
test_merged_account_keeps_the_others (void)
{
  /* the demo's family: member 20 joined member 19's account */
  g_autoptr(JsonNode) stays = ld_test_server_get_member (server, agent, 19);
  g_autoptr(JsonNode) leaves = ld_test_server_get_member (server, agent, 20);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) purchases_before = NULL;
  g_autoptr(JsonNode) purchases_after = NULL;
  g_autoptr(GPtrArray) needles = needles_of (leaves, FALSE);
  g_autoptr(GPtrArray) numbers = card_numbers (leaves);
  JsonArray *cards = json_node_get_array (ld_test_json_path (leaves, "cards"));
  gint64 leaving_points = 0;

  g_assert_cmpint (ld_test_json_int (leaves, "account.id"), ==, ld_test_json_int (stays, "account.id"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (stays, "merged_members"))), ==, 1);
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);
      const char *state = json_object_get_string_member (card, "state");

      if (g_str_equal (state, "activated") || g_str_equal (state, "blocked"))
        leaving_points += json_object_get_int_member (card, "balance");
    }
  purchases_before = ld_test_server_expect (server, "GET", API "/members/19/purchases?limit=500", agent, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (purchases_before, "total"), >, 0);

  json_node_unref (remove_member (20, "moved", supervisor, NULL, 200, NULL));
  assert_nowhere (needles);
  remember_gone (needles);
  ld_test_server_assert_error (server, "GET", API "/members/20", agent, NULL, NULL, 404, "not_found", NULL);

  /* the other member keeps the account, its own cards and the account's purchases; the
   * removed member's cards and their points are gone from it */
  after = ld_test_server_get_member (server, agent, 19);
  g_assert_cmpint (ld_test_json_int (after, "account.id"), ==, ld_test_json_int (stays, "account.id"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (after, "merged_members"))), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (after, "cards"))), ==,
                    json_array_get_length (json_node_get_array (ld_test_json_path (stays, "cards"))));
  g_assert_cmpint (ld_test_json_int (after, "account.balance"), ==,
                   MAX (0, ld_test_json_int (stays, "account.balance") - leaving_points));
  purchases_after = ld_test_server_expect (server, "GET", API "/members/19/purchases?limit=500", agent, NULL, NULL, 200);
  g_assert_cmpint (ld_test_json_int (purchases_after, "total"), ==, ld_test_json_int (purchases_before, "total"));
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM purchases WHERE card = '%s' OR replaced_card = '%s'",
                                              (const char *) g_ptr_array_index (numbers, i),
                                              (const char *) g_ptr_array_index (numbers, i));

      g_assert_cmpint (count_sql (sql), ==, 0);
    }
  assert_history_kept_bare (20, "moved", "supervisor");
}

/* the same with an account merged through the API (POST /members/{id}/merge): the member
 * that joined leaves, the one that stays keeps the account and what it bought */
static void
test_merged_by_the_api (void)
{
  g_autoptr(JsonNode) merged = post (API "/members/29/merge", supervisor, "{\"member_id\":31}", 200);
  g_autoptr(JsonNode) leaves = ld_test_server_get_member (server, agent, 31);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) needles = needles_of (leaves, FALSE);
  g_autoptr(GPtrArray) numbers = card_numbers (leaves);
  gint64 account_id = ld_test_json_int (merged, "account.id");
  g_autofree char *all_sql = g_strdup_printf ("SELECT count(*) FROM purchases WHERE account_id = %" G_GINT64_FORMAT,
                                              account_id);
  gint64 all = count_sql (all_sql);

  g_assert_cmpint (ld_test_json_int (leaves, "account.id"), ==, account_id);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM purchases WHERE member_id = 31"), >, 0);

  json_node_unref (remove_member (31, "other", supervisor, NULL, 200, NULL));
  assert_nowhere (needles);
  remember_gone (needles);

  /* the account and its purchase history stay the other member's; nothing in it names
   * the member who left, nor one of its cards */
  after = ld_test_server_get_member (server, agent, 29);
  g_assert_cmpint (ld_test_json_int (after, "account.id"), ==, account_id);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ld_test_json_path (after, "merged_members"))), ==, 0);
  g_assert_cmpint (count_sql (all_sql), ==, all);
  g_assert_cmpint (count_sql ("SELECT count(*) FROM purchases WHERE member_id = 31"), ==, 0);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM purchases WHERE card = '%s' OR replaced_card = '%s'",
                                              (const char *) g_ptr_array_index (numbers, i),
                                              (const char *) g_ptr_array_index (numbers, i));

      g_assert_cmpint (count_sql (sql), ==, 0);
    }
  assert_history_kept_bare (31, "other", "supervisor");
}

/* POST (or PUT) @prefix@step as the agent */
static JsonNode *
post_to (const char *prefix,
         const char *step,
         const char *body,
         guint       expected)
{
  g_autofree char *path = g_strconcat (prefix, step, NULL);

  return post (path, agent, body, expected);
}

static JsonNode *
put_to (const char *prefix,
        const char *step,
        const char *body)
{
  g_autofree char *path = g_strconcat (prefix, step, NULL);

  return ld_test_server_expect (server, "PUT", path, agent, body, NULL, 200);
}

/* the newest SMS to @phone's last word: the code it carries (transfer full) */
static char *
code_sent_to (const char *phone)
{
  g_autofree char *escaped = g_uri_escape_string (phone, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (API "/outbox?phone=%s&limit=1", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, supervisor, NULL, NULL, 200);
  const char *text = json_object_get_string_member (json_array_get_object_element (
    json_node_get_array (ld_test_json_path (page, "items")), 0), "text");

  return g_strdup (strrchr (text, ' ') + 1);
}

/* a member who changed its e-mail and phone, and asked for a code to yet another phone:
 * the old contacts go too, wherever the old messages and SMS went */
static void
test_old_contacts (void)
{
  const char *new_phone = "+79005553377";
  const char *pending_phone = "+79005553388";
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) identified = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GPtrArray) new_needles = NULL;
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autofree char *prefix = NULL;
  gint64 member_id;

  /* a demo member with an e-mail, alone on its account, no other test's */
  for (member_id = 8; member_id < 18; member_id++)
    {
      g_clear_pointer (&before, json_node_unref);
      before = ld_test_server_get_member (server, agent, member_id);
      if (ld_test_json_string (before, "email") != NULL)
        break;
    }
  g_assert_cmpint (member_id, <, 18);
  needles = needles_of (before, FALSE);
  prefix = g_strdup_printf (API "/members/%" G_GINT64_FORMAT, member_id);

  identified = post_to (prefix, "/identify", "{\"method\":\"password\",\"password\":\"demo1234\"}", 200);
  token = g_strdup (ld_test_json_string (identified, "identification_token"));
  body = g_strdup_printf ("{\"email\":\"nine.renamed@example.org\",\"identification_token\":\"%s\"}", token);
  json_node_unref (put_to (prefix, "/email", body));
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"phone\":\"%s\"}", new_phone);
  json_node_unref (post_to (prefix, "/phone/send-code", body, 200));
  code = code_sent_to (new_phone);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"phone\":\"%s\",\"code\":\"%s\",\"identification_token\":\"%s\"}",
                          new_phone, code, token);
  changed = put_to (prefix, "/phone", body);
  g_assert_cmpstr (ld_test_json_string (changed, "phone"), ==, new_phone);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"phone\":\"%s\"}", pending_phone);
  json_node_unref (post_to (prefix, "/phone/send-code", body, 200));
  g_assert_cmpint (outbox_total (pending_phone), ==, 1);
  /* the old phone's SMS from before the change is still in the outbox */
  g_assert_cmpint (outbox_total (ld_test_json_string (before, "phone")), >, 0);

  new_needles = needles_of (changed, FALSE);
  for (guint i = 0; i < new_needles->len; i++)
    g_ptr_array_add (needles, g_strdup (g_ptr_array_index (new_needles, i)));
  g_ptr_array_add (needles, g_strdup (pending_phone));
  g_ptr_array_add (needles, g_strdup (pending_phone + 2));

  json_node_unref (remove_member (member_id, "privacy", supervisor, NULL, 200, NULL));
  assert_nowhere (needles);
  remember_gone (needles);
  g_assert_cmpint (outbox_total (ld_test_json_string (before, "phone")), ==, 0);
  g_assert_cmpint (outbox_total (pending_phone), ==, 0);
  assert_history_kept_bare (member_id, "privacy", "supervisor");
}

static void
test_refusals (void)
{
  const gint64 member_id = 5;
  g_autoptr(JsonNode) before = ld_test_server_get_member (server, agent, member_id);
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *stale = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (before, "version") + 1);
  g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", ld_test_json_int (before, "version"));
  const char *stale_headers[] = { "If-Match", stale, NULL };
  const char *current_headers[] = { "If-Match", current, NULL };

  /* a reason from the configured list, and nothing else */
  error = remove_member (member_id, NULL, supervisor, NULL, 422, NULL);
  ld_test_assert_error (error, "invalid_field", "reason");
  g_clear_pointer (&error, json_node_unref);
  error = remove_member (member_id, "bored", supervisor, NULL, 422, NULL);
  ld_test_assert_error (error, "invalid_field", "reason");
  g_clear_pointer (&error, json_node_unref);

  /* an agent has no member.remove */
  error = remove_member (member_id, "privacy", agent, NULL, 403, NULL);
  ld_test_assert_error (error, "forbidden", NULL);
  g_clear_pointer (&error, json_node_unref);

  error = remove_member (999999, "privacy", supervisor, NULL, 404, NULL);
  ld_test_assert_error (error, "not_found", NULL);

  /* a version the member no longer has */
  ld_test_server_assert_error (server, "DELETE", API "/members/5", supervisor, "{\"reason\":\"privacy\"}",
                               stale_headers, 409, "version_conflict", NULL);

  /* none of it removed anything */
  after = ld_test_server_get_member (server, agent, member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  g_assert_cmpint (count_sql ("SELECT count(*) FROM actions WHERE member_id = 5 AND action = 'member.remove'"), ==, 0);

  /* with the version it has, the removal goes through */
  g_assert_cmpuint (ld_test_server_request (server, "DELETE", API "/members/5", supervisor,
                                            "{\"reason\":\"privacy\"}", current_headers, &answer), ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "removed"));
}

/* another connection's read keeps the log's old pages: the removal answers all the same,
 * and the storage empties the log once that reader is done */
static void
test_scrub_waits_for_a_reader (void)
{
  g_autoptr(JsonNode) profile = ld_test_server_get_member (server, agent, 7);
  g_autoptr(GPtrArray) needles = needles_of (profile, FALSE);
  sqlite3 *reader = NULL;
  gint64 deadline;

  if (on_postgresql ())
    {
      g_test_skip ("A reader of an SQLite file");
      return;
    }
  g_assert_cmpint (sqlite3_open (ld_test_server_get_database (server), &reader), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (reader, "BEGIN; SELECT count(*) FROM members", NULL, NULL, NULL), ==, SQLITE_OK);

  json_node_unref (remove_member (7, "privacy", supervisor, NULL, 200, NULL));
  /* the reader's snapshot still holds the member: so do the files */
  g_assert_true (anywhere (needles));

  g_assert_cmpint (sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (reader);

  /* the server tries again every second */
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (anywhere (needles) && g_get_monotonic_time () < deadline)
    g_usleep (G_USEC_PER_SEC / 20);
  assert_nowhere (needles);
  remember_gone (needles);
}

/* waits until no removal waits for its scrub (the server's retry runs every second) */
static void
wait_for_no_pending_scrub (void)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (count_sql ("SELECT count(*) FROM pending_scrub") > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

/* the members table's file: a scrub on PostgreSQL (VACUUM FULL) writes a new one; NULL on
 * SQLite, whose scrub leaves nothing to see once the log is empty */
static char *
members_file (void)
{
  return on_postgresql () ? ld_test_server_query_text (server, "SELECT pg_relation_filenode ('members')") : NULL;
}

/* A server start scrubs only when a removal's scrub is left to do: on PostgreSQL a scrub
 * rewrites every personal table under an exclusive lock, which no instance's restart (nor
 * a --create-operator) should cost when nothing was removed. */
static void
test_start_scrubs_only_what_waits (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after_start = NULL;
  g_autofree char *after_leftover = NULL;
  LdTestServer *beside;

  json_node_unref (remove_member (12, "privacy", supervisor, NULL, 200, NULL));
  wait_for_no_pending_scrub ();

  before = members_file ();
  beside = ld_test_server_new_beside (server, NULL);
  after_start = members_file ();
  g_assert_cmpstr (after_start, ==, before);
  g_assert_true (ld_test_server_stop (beside));
  g_clear_object (&beside);

  /* what a process killed between a removal's commit and its scrub leaves: no request
   * makes that state, so it is written here */
  ld_test_server_run_sql (server, "INSERT INTO pending_scrub (id, removals) VALUES (1, 1)");
  beside = ld_test_server_new_beside (server, NULL);
  wait_for_no_pending_scrub ();
  after_leftover = members_file ();
  if (on_postgresql ())
    g_assert_cmpstr (after_leftover, !=, before);
  g_assert_true (ld_test_server_stop (beside));
  g_clear_object (&beside);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  gone = g_ptr_array_new_with_free_func (g_free);
  server = ld_test_server_new (N_MEMBERS, NULL);
  agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  supervisor = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/removal/erases-every-byte", test_erases_every_byte);
  g_test_add_func ("/server/removal/registers-again", test_registers_again);
  g_test_add_func ("/server/removal/merged-account-keeps-the-others", test_merged_account_keeps_the_others);
  g_test_add_func ("/server/removal/merged-by-the-api", test_merged_by_the_api);
  g_test_add_func ("/server/removal/old-contacts", test_old_contacts);
  g_test_add_func ("/server/removal/refusals", test_refusals);
  g_test_add_func ("/server/removal/scrub-waits-for-a-reader", test_scrub_waits_for_a_reader);
  g_test_add_func ("/server/removal/start-scrubs-only-what-waits", test_start_scrubs_only_what_waits);

  result = g_test_run ();

  g_clear_pointer (&agent, g_free);
  g_clear_pointer (&supervisor, g_free);
  g_clear_pointer (&admin, g_free);
  g_assert_true (ld_test_server_stop (server));
  /* and after the server stopped, nothing came back */
  if (result == 0)
    assert_nowhere (gone);
  g_assert_finalize_object (server);
  g_clear_pointer (&gone, g_ptr_array_unref);
  return result;
}

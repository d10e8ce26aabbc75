/* test-server-members.c — search, the profile and its lists, cards, catalogue, outbox, calls
 *
 * Through LdClient against the real server with demo data; the data is read from the
 * server first (a member's phone, card, e-mail) so the tests hold whatever the seed is.
 * Member 1 has the long history: 1,200 purchases, 600 operations, 300 messages.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-core.h"
#include "ld-test-server.h"

static LdTestServer *server;
static LdClient *agent;
static LdClient *supervisor;
static char *agent_token;

/* ---- synchronous wrappers for the tests */

static LdClient *
client_for (const char *login)
{
  g_autoptr(LdClient) client = ld_client_new (ld_test_server_get_url (server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) op = NULL;
  g_autoptr(GError) error = NULL;

  ld_client_login_async (client, login, LD_TEST_PASSWORD, NULL, ld_test_store_result_cb, &result);
  op = ld_client_login_finish (client, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  return g_steal_pointer (&client);
}

static LdMember *
get_member (gint64 id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LdMember *member;

  ld_client_get_member_async (agent, id, NULL, ld_test_store_result_cb, &result);
  member = ld_client_get_member_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

static LdPage *
search (const char  *kind,
        const char  *text,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ld_client_search_members_async (agent, kind, text, NULL, 0, NULL, ld_test_store_result_cb, &result);
  return ld_client_search_members_finish (agent, ld_test_await (&result), error);
}

static gboolean
page_has_member (LdPage *page,
                 gint64  id)
{
  GListModel *items = ld_page_get_items (page);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(LdMember) member = g_list_model_get_item (items, i);

      if (ld_member_get_id (member) == id)
        return TRUE;
    }
  return FALSE;
}

/* searches by @kind for @text, which must succeed and find the member @id → the total */
static gint64
search_finds (const char *kind,
              const char *text,
              gint64      id)
{
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = search (kind, text, &error);
  g_assert_no_error (error);
  g_assert_true (page_has_member (page, id));

  return ld_page_get_total (page);
}

static LdPage *
list_page (LdClient    *client,
           const char  *path,
           GHashTable  *query,
           GType        type,
           const char  *cursor,
           guint        limit,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ld_client_list_async (client, path, query, type, cursor, limit, NULL, ld_test_store_result_cb, &result);
  return ld_client_list_finish (client, ld_test_await (&result), error);
}

static GHashTable *
query_new (const char *first_name,
           ...)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (query, g_strdup (name), g_strdup (value));
      name = va_arg (args, const char *);
    }
  va_end (args);
  return query;
}

typedef gint64 (*IdFunc) (gpointer item);

/* every item of a list, page after page: asserts no item comes twice and the total holds */
static GPtrArray *
walk (LdClient   *client,
      const char *path,
      GHashTable *query,
      GType       type,
      guint       limit,
      IdFunc      id_func,
      guint      *out_pages)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *cursor = NULL;
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 total = -1;
  guint pages = 0;

  do
    {
      g_autoptr(LdPage) page = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *items;

      page = list_page (client, path, query, type, cursor, limit, &error);
      g_assert_no_error (error);
      g_assert_nonnull (page);
      pages++;
      g_assert_cmpuint (pages, <, 10000);

      if (total < 0)
        total = ld_page_get_total (page);
      else
        g_assert_cmpint (ld_page_get_total (page), ==, total);

      items = ld_page_get_items (page);
      g_assert_cmpuint (g_list_model_get_n_items (items), <=, limit);
      if (ld_page_get_next_cursor (page) != NULL)
        g_assert_cmpuint (g_list_model_get_n_items (items), ==, limit);

      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          gpointer item = g_list_model_get_item (items, i);
          gint64 *id = g_new (gint64, 1);

          *id = id_func (item);
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          g_ptr_array_add (all, item);
        }

      g_free (cursor);
      cursor = g_strdup (ld_page_get_next_cursor (page));
    }
  while (cursor != NULL);

  g_assert_cmpint (all->len, ==, total);
  if (out_pages)
    *out_pages = pages;

  {
    /* the ids were only borrowed for the check */
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_free (key);
  }

  return all;
}

static gint64 purchase_id (gpointer item) { return ld_purchase_get_id (item); }
static gint64 operation_id (gpointer item) { return ld_operation_get_id (item); }
static gint64 message_id (gpointer item) { return ld_message_get_id (item); }
static gint64 action_id (gpointer item) { return ld_action_get_id (item); }
static gint64 product_id (gpointer item) { return ld_product_get_id (item); }
static gint64 outbox_id (gpointer item) { return ld_outbox_item_get_id (item); }

static gint64
card_id (gpointer item)
{
  return g_ascii_strtoll (ld_card_get_number (item), NULL, 10);
}

/* ---- search */

static void
test_search_by_phone (void)
{
  g_autoptr(LdMember) member = get_member (1);
  g_autofree char *as_typed = NULL;
  const char *phone = ld_member_get_phone (member);
  gint64 total;

  g_assert_true (g_str_has_prefix (phone, "+7"));

  total = search_finds ("phone", phone, 1);

  /* the way an agent types it: 8 (9xx) xxx-xx-xx */
  as_typed = g_strdup_printf ("8 (%.3s) %.3s-%.2s-%.2s", phone + 2, phone + 5, phone + 8, phone + 10);
  g_assert_cmpint (search_finds ("phone", as_typed, 1), ==, total);
}

static void
test_search_by_card (void)
{
  g_autoptr(LdMember) member = get_member (1);
  LdCard *card = ld_member_get_main_card (member);

  g_assert_nonnull (card);
  g_assert_cmpint (search_finds ("card", ld_card_get_number (card), 1), ==, 1);
}

static void
test_search_by_email (void)
{
  g_autoptr(LdMember) member = get_member (1);
  g_autofree char *upper = NULL;

  g_assert_nonnull (ld_member_get_email (member));
  upper = g_ascii_strup (ld_member_get_email (member), -1);
  search_finds ("email", upper, 1);
}

static void
test_search_by_name_prefix_in_any_case (void)
{
  g_autoptr(LdMember) member = get_member (1);
  g_autofree char *last = g_utf8_strdown (ld_member_get_last_name (member), -1);
  g_autofree char *first = g_utf8_strup (ld_member_get_first_name (member), -1);
  g_autofree char *last_prefix = NULL;
  g_autofree char *text = NULL;

  /* the first three letters (Cyrillic: two bytes each) of the last name, the whole first name */
  last_prefix = g_utf8_substring (last, 0, MIN (3, g_utf8_strlen (last, -1)));
  text = g_strdup_printf ("  %s   %s ", last_prefix, first);

  search_finds ("name", text, 1);
}

static void
test_search_by_birth_date (void)
{
  g_autoptr(LdMember) member = get_member (1);

  search_finds ("birth_date", ld_member_get_birth_date (member), 1);
}

static void
test_search_q_says_which_kind_it_guessed (void)
{
  g_autoptr(LdMember) member = get_member (1);
  LdCard *card = ld_member_get_main_card (member);
  const struct {
    const char *text;
    const char *kind;
  } cases[] = {
    { ld_member_get_phone (member), "phone" },
    { ld_card_get_number (card), "card" },
    { ld_member_get_email (member), "email" },
    { ld_member_get_last_name (member), "name" },
    { ld_member_get_birth_date (member), "birth_date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *escaped = g_uri_escape_string (cases[i].text, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/members?q=%s", escaped);
      JsonArray *items;
      gboolean found = FALSE;
      guint status;

      status = ld_test_server_request (server, "GET", path, agent_token, NULL, NULL, &answer);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (ld_test_json_string (answer, "kind"), ==, cases[i].kind);

      items = json_node_get_array (ld_test_json_path (answer, "items"));
      for (guint j = 0; j < json_array_get_length (items); j++)
        if (json_object_get_int_member (json_array_get_object_element (items, j), "id") == 1)
          found = TRUE;
      g_assert_true (found);
    }
}

static void
test_search_through_the_client_with_q (void)
{
  g_autoptr(LdMember) member = get_member (1);

  search_finds ("q", ld_member_get_phone (member), 1);
}

static void
test_search_needs_a_valid_criterion (void)
{
  static const struct {
    const char *query;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "", 400, "malformed", NULL },
    { "?phone=", 400, "malformed", NULL },
    { "?limit=10", 400, "malformed", NULL },
    { "?phone=12", 422, "invalid_field", "phone" },
    { "?card=12ab", 422, "invalid_field", "card" },
    { "?email=not-an-email", 422, "invalid_field", "email" },
    { "?birth_date=1990-02-30", 422, "invalid_field", "birth_date" },
    { "?name=a%20b%20c%20d", 422, "invalid_field", "name" },
    { "?q=12", 422, "invalid_field", "q" },
    { "?city=Moscow", 400, "malformed", "city" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/members", cases[i].query, NULL);

      g_test_message ("GET %s", path);
      ld_test_server_assert_error (server, "GET", path, agent_token, NULL, NULL,
                                   cases[i].status, cases[i].code, cases[i].field);
    }
}

/* the core's validation messages follow Accept-Language, on a server whose own language
 * is Russian, so that English must come from the request too */
static void
test_search_invalid_criteria_follow_accept_language (void)
{
  static const struct {
    const char *query;
    const char *field;
    const char *english;
    const char *russian;
  } cases[] = {
    { "phone=12ab", "phone",
      "The phone number “12ab” may contain only digits, spaces, brackets, dashes and a leading +",
      "Номер телефона «12ab» может содержать только цифры, пробелы, скобки, дефисы и + в начале" },
    { "phone=123", "phone",
      "The phone number “123” has no country code; start it with + and the country code",
      "В номере телефона «123» нет кода страны; начните номер с + и кода страны" },
    { "q=%2B7%20999%20123", "q",
      "The phone number “+7 999 123” is not a valid international number (8 to 15 digits after the country code’s +)",
      "Номер телефона «+7 999 123» не является корректным международным номером (от 8 до 15 цифр после + кода страны)" },
    { "card=12ab", "card",
      "The card number “12ab” may contain only digits",
      "Номер карты «12ab» может содержать только цифры" },
    { "card=123", "card",
      "The card number “123” must have 6 to 19 digits",
      "Номер карты «123» должен содержать от 6 до 19 цифр" },
    { "email=not-an-email", "email",
      "“not-an-email” is not a valid e-mail address",
      "«not-an-email» не является корректным адресом электронной почты" },
    { "birth_date=1990-02-30", "birth_date",
      "“1990-02-30” is not a date in the form YYYY-MM-DD",
      "«1990-02-30» не является датой в формате ГГГГ-ММ-ДД" },
    { "birth_date=2999-01-01", "birth_date",
      "The date 2999-01-01 is in the future",
      "Дата 2999-01-01 ещё не наступила" },
  };
  g_autoptr(LdTestServer) russian_server = ld_test_server_new_full (1, NULL, LD_TEST_SERVER_FLAGS_RUSSIAN_PROCESS);
  g_autofree char *token = ld_test_server_login (russian_server, "agent", LD_TEST_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/members?", cases[i].query, NULL);
      g_autoptr(JsonNode) english = NULL;
      g_autoptr(JsonNode) russian = NULL;
      g_autoptr(JsonNode) unasked = NULL;

      g_test_message ("GET %s", path);
      g_assert_cmpuint (ld_test_server_request (russian_server, "GET", path, token, NULL,
                                                LD_TEST_HEADERS_ENGLISH, &english), ==, 422);
      ld_test_assert_error (english, "invalid_field", cases[i].field);
      g_assert_cmpstr (ld_test_json_string (english, "error.message"), ==, cases[i].english);

      g_assert_cmpuint (ld_test_server_request (russian_server, "GET", path, token, NULL,
                                                LD_TEST_HEADERS_RUSSIAN, &russian), ==, 422);
      ld_test_assert_error (russian, "invalid_field", cases[i].field);
      g_assert_cmpstr (ld_test_json_string (russian, "error.message"), ==, cases[i].russian);

      /* without Accept-Language: the server's own language */
      g_assert_cmpuint (ld_test_server_request (russian_server, "GET", path, token, NULL, NULL, &unasked), ==, 422);
      g_assert_cmpstr (ld_test_json_string (unasked, "error.message"), ==, cases[i].russian);
    }

  {
    /* a registration's first step too, as the supervisor (no call needed) */
    g_autofree char *supervisor_token = ld_test_server_login (russian_server, "supervisor", LD_TEST_PASSWORD);
    const char *body = "{\"phone\":\"8 (999) 12-34\",\"call_id\":null}";
    g_autoptr(JsonNode) english = NULL;
    g_autoptr(JsonNode) russian = NULL;

    g_assert_cmpuint (ld_test_server_request (russian_server, "POST", "/api/v1/registrations", supervisor_token,
                                              body, LD_TEST_HEADERS_ENGLISH, &english), ==, 422);
    ld_test_assert_error (english, "invalid_field", "phone");
    g_assert_cmpstr (ld_test_json_string (english, "error.message"), ==,
                     "The phone number “8 (999) 12-34” has no country code; start it with + and the country code");
    g_assert_cmpuint (ld_test_server_request (russian_server, "POST", "/api/v1/registrations", supervisor_token,
                                              body, LD_TEST_HEADERS_RUSSIAN, &russian), ==, 422);
    ld_test_assert_error (russian, "invalid_field", "phone");
    g_assert_cmpstr (ld_test_json_string (russian, "error.message"), ==,
                     "В номере телефона «8 (999) 12-34» нет кода страны; начните номер с + и кода страны");
  }

  g_assert_true (ld_test_server_stop (russian_server));
}

static void
test_search_invalid_phone_through_the_client (void)
{
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = search ("phone", "12", &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_assert_null (page);
}

/* ---- the profile */

static void
test_profile_has_every_part (void)
{
  g_autoptr(LdMember) member = get_member (1);
  g_autoptr(JsonNode) answer = NULL;
  const char *parts[] = { "answers", "account", "cards", "consents", "merged_members", "version",
                          "statuses", "main_card", "balance", "blocked" };
  guint status;

  g_assert_cmpint (ld_member_get_id (member), ==, 1);
  g_assert_nonnull (ld_member_get_account (member));
  g_assert_cmpuint (g_list_model_get_n_items (ld_member_get_cards (member)), >, 0);
  g_assert_cmpint (ld_member_get_version (member), >, 0);
  g_assert_nonnull (ld_member_get_answers (member));

  status = ld_test_server_request (server, "GET", "/api/v1/members/1", agent_token, NULL, NULL, &answer);
  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_test_message ("%s", parts[i]);
      g_assert_nonnull (ld_test_json_path (answer, parts[i]));
    }
  g_assert_nonnull (ld_test_json_path (answer, "account.balance"));
  g_assert_nonnull (ld_test_json_path (answer, "account.blocked"));
}

static void
test_missing_member_through_the_client (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  ld_client_get_member_async (agent, 987654321, NULL, ld_test_store_result_cb, &result);
  member = ld_client_get_member_finish (agent, ld_test_await (&result), &error);
  g_assert_error (error, LD_ERROR, LD_ERROR_NOT_FOUND);
  g_assert_null (member);
}

/* ---- cards */

static void
test_card_of_a_member (void)
{
  g_autoptr(LdMember) member = get_member (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = ld_card_get_number (ld_member_get_main_card (member));

  ld_client_get_card_async (agent, number, NULL, ld_test_store_result_cb, &result);
  card = ld_client_get_card_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_card_get_number (card), ==, number);
  g_assert_cmpint (ld_card_get_owner_id (card), ==, 1);
  g_assert_nonnull (ld_card_get_state (card));
  g_assert_nonnull (ld_card_get_category (card));
}

static void
test_card_pool_lists_only_free_cards (void)
{
  g_autoptr(GHashTable) query = query_new ("state", "issued", NULL);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(JsonNode) free_card = NULL;
  g_autofree char *path = NULL;
  guint pages = 0;
  guint status;

  cards = walk (agent, "/cards", query, LD_TYPE_CARD, 7, card_id, &pages);
  g_assert_cmpuint (cards->len, >, 0);
  g_assert_cmpuint (pages, ==, (cards->len + 6) / 7);
  for (guint i = 0; i < cards->len; i++)
    {
      g_assert_cmpstr (ld_card_get_state (cards->pdata[i]), ==, "issued");
      g_assert_cmpint (ld_card_get_owner_id (cards->pdata[i]), <=, 0);
    }

  /* a free card answers without an owner */
  path = g_strdup_printf ("/api/v1/cards/%s", ld_card_get_number (cards->pdata[0]));
  status = ld_test_server_request (server, "GET", path, agent_token, NULL, NULL, &free_card);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ld_test_json_string (free_card, "state"), ==, "issued");
  g_assert_true (ld_test_json_path (free_card, "owner_id") == NULL ||
                 JSON_NODE_HOLDS_NULL (ld_test_json_path (free_card, "owner_id")));

  /* only the free pool is listed this way */
  ld_test_server_assert_error (server, "GET", "/api/v1/cards?state=activated", agent_token, NULL, NULL,
                               400, "malformed", "state");
}

/* ---- purchases */

static void
test_purchases_paging_walks_every_row (void)
{
  const guint limits[] = { 500, 137, 50 };

  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      g_autoptr(GPtrArray) purchases = NULL;
      guint pages = 0;

      purchases = walk (agent, "/members/1/purchases", NULL, LD_TYPE_PURCHASE, limits[l], purchase_id, &pages);
      g_assert_cmpuint (purchases->len, ==, 1200);
      g_assert_cmpuint (pages, ==, (1200 + limits[l] - 1) / limits[l]);

      /* newest first by default, across page boundaries too */
      for (guint i = 1; i < purchases->len; i++)
        g_assert_cmpstr (ld_purchase_get_purchased_at (purchases->pdata[i - 1]), >=,
                         ld_purchase_get_purchased_at (purchases->pdata[i]));
    }
}

static void
test_purchases_default_page_is_fifty (void)
{
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = list_page (agent, "/members/1/purchases", NULL, LD_TYPE_PURCHASE, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_page_get_n_items (page), ==, 50);
  g_assert_cmpint (ld_page_get_total (page), ==, 1200);
  g_assert_nonnull (ld_page_get_next_cursor (page));
}

static void
assert_sorted (GPtrArray   *items,
               const char *(*get) (LdPurchase *),
               gboolean     ascending)
{
  for (guint i = 1; i < items->len; i++)
    {
      const char *a = get (items->pdata[i - 1]);
      const char *b = get (items->pdata[i]);

      if (ascending)
        g_assert_cmpstr (a, <=, b);
      else
        g_assert_cmpstr (a, >=, b);
    }
}

static void
test_purchases_sort_by_date_pos_and_program (void)
{
  static const struct {
    const char *sort;
    const char *order;
  } cases[] = {
    { "date", "asc" }, { "date", "desc" }, { "pos", "asc" }, { "pos", "desc" },
    { "program", "asc" }, { "program", "desc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) query = query_new ("sort", cases[i].sort, "order", cases[i].order, NULL);
      g_autoptr(GPtrArray) purchases = NULL;
      gboolean ascending = g_str_equal (cases[i].order, "asc");

      g_test_message ("sort=%s order=%s", cases[i].sort, cases[i].order);
      purchases = walk (agent, "/members/1/purchases", query, LD_TYPE_PURCHASE, 250, purchase_id, NULL);
      g_assert_cmpuint (purchases->len, ==, 1200);

      if (g_str_equal (cases[i].sort, "date"))
        assert_sorted (purchases, ld_purchase_get_purchased_at, ascending);
      else if (g_str_equal (cases[i].sort, "pos"))
        assert_sorted (purchases, ld_purchase_get_pos, ascending);
      else
        assert_sorted (purchases, ld_purchase_get_program, ascending);
    }
}

static void
test_purchases_filter_by_status (void)
{
  const char *statuses[] = { "confirmed", "incomplete", "canceled" };
  gint64 sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GHashTable) query = query_new ("status", statuses[i], NULL);
      g_autoptr(GPtrArray) purchases = NULL;

      purchases = walk (agent, "/members/1/purchases", query, LD_TYPE_PURCHASE, 500, purchase_id, NULL);
      g_assert_cmpuint (purchases->len, >, 0);
      for (guint j = 0; j < purchases->len; j++)
        g_assert_cmpstr (ld_purchase_get_status (purchases->pdata[j]), ==, statuses[i]);
      sum += purchases->len;
    }

  /* all three states, nothing else */
  g_assert_cmpint (sum, ==, 1200);
}

static void
test_purchases_find_by_receipt (void)
{
  g_autoptr(LdPage) first = NULL;
  g_autoptr(LdPage) found = NULL;
  g_autoptr(LdPurchase) purchase = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;
  gboolean has = FALSE;

  first = list_page (agent, "/members/1/purchases", NULL, LD_TYPE_PURCHASE, NULL, 10, &error);
  g_assert_no_error (error);
  purchase = g_list_model_get_item (ld_page_get_items (first), 3);
  g_assert_nonnull (ld_purchase_get_receipt (purchase));

  query = query_new ("receipt", ld_purchase_get_receipt (purchase), NULL);
  found = list_page (agent, "/members/1/purchases", query, LD_TYPE_PURCHASE, NULL, 0, &error);
  g_assert_no_error (error);
  items = ld_page_get_items (found);
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(LdPurchase) item = g_list_model_get_item (items, i);

      g_assert_cmpstr (ld_purchase_get_receipt (item), ==, ld_purchase_get_receipt (purchase));
      if (ld_purchase_get_id (item) == ld_purchase_get_id (purchase))
        has = TRUE;
    }
  g_assert_true (has);
}

/* ---- operations */

static void
test_operations_paging_walks_every_row (void)
{
  g_autoptr(GPtrArray) operations = NULL;
  guint pages = 0;

  operations = walk (agent, "/members/1/operations", NULL, LD_TYPE_OPERATION, 77, operation_id, &pages);
  g_assert_cmpuint (operations->len, ==, 600);
  g_assert_cmpuint (pages, ==, (600 + 76) / 77);
  for (guint i = 1; i < operations->len; i++)
    g_assert_cmpstr (ld_operation_get_performed_at (operations->pdata[i - 1]), >=,
                     ld_operation_get_performed_at (operations->pdata[i]));
}

static void
test_operations_sort_and_filter_by_card (void)
{
  g_autoptr(GHashTable) by_card = query_new ("sort", "card", "order", "asc", NULL);
  g_autoptr(GPtrArray) operations = NULL;
  g_autoptr(GHashTable) one_card = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  const char *number;
  guint expected = 0;

  operations = walk (agent, "/members/1/operations", by_card, LD_TYPE_OPERATION, 200, operation_id, NULL);
  g_assert_cmpuint (operations->len, ==, 600);
  for (guint i = 1; i < operations->len; i++)
    g_assert_cmpstr (ld_operation_get_card (operations->pdata[i - 1]), <=,
                     ld_operation_get_card (operations->pdata[i]));

  number = ld_operation_get_card (operations->pdata[0]);
  for (guint i = 0; i < operations->len; i++)
    if (g_str_equal (ld_operation_get_card (operations->pdata[i]), number))
      expected++;

  one_card = query_new ("card", number, NULL);
  filtered = walk (agent, "/members/1/operations", one_card, LD_TYPE_OPERATION, 500, operation_id, NULL);
  g_assert_cmpuint (filtered->len, ==, expected);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpstr (ld_operation_get_card (filtered->pdata[i]), ==, number);

  ld_test_server_assert_error (server, "GET", "/api/v1/members/1/operations?card=x1", agent_token, NULL, NULL,
                               422, "invalid_field", "card");
}

/* ---- messages */

static void
test_messages_paging_walks_every_row (void)
{
  g_autoptr(GPtrArray) messages = NULL;
  guint pages = 0;

  messages = walk (agent, "/members/1/messages", NULL, LD_TYPE_MESSAGE, 64, message_id, &pages);
  g_assert_cmpuint (messages->len, ==, 300);
  g_assert_cmpuint (pages, ==, (300 + 63) / 64);
}

static void
test_messages_filter_by_channel_status_and_dates (void)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GHashTable) by_channel = NULL;
  g_autoptr(GHashTable) by_status = NULL;
  g_autoptr(GHashTable) one_day = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  g_autofree char *day = NULL;
  LdMessage *sample;
  guint expected = 0;
  gboolean has = FALSE;

  messages = walk (agent, "/members/1/messages", NULL, LD_TYPE_MESSAGE, 300, message_id, NULL);
  sample = messages->pdata[messages->len / 2];

  by_channel = query_new ("channel", ld_message_get_channel (sample), NULL);
  filtered = walk (agent, "/members/1/messages", by_channel, LD_TYPE_MESSAGE, 100, message_id, NULL);
  for (guint i = 0; i < messages->len; i++)
    if (g_str_equal (ld_message_get_channel (messages->pdata[i]), ld_message_get_channel (sample)))
      expected++;
  g_assert_cmpuint (filtered->len, ==, expected);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpstr (ld_message_get_channel (filtered->pdata[i]), ==, ld_message_get_channel (sample));
  g_clear_pointer (&filtered, g_ptr_array_unref);

  by_status = query_new ("status", ld_message_get_status (sample), NULL);
  filtered = walk (agent, "/members/1/messages", by_status, LD_TYPE_MESSAGE, 100, message_id, NULL);
  g_assert_cmpuint (filtered->len, >, 0);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpstr (ld_message_get_status (filtered->pdata[i]), ==, ld_message_get_status (sample));
  g_clear_pointer (&filtered, g_ptr_array_unref);

  /* one whole day, given as a date in both bounds */
  day = g_strndup (ld_message_get_sent_at (sample), 10);
  one_day = query_new ("from", day, "to", day, NULL);
  filtered = walk (agent, "/members/1/messages", one_day, LD_TYPE_MESSAGE, 100, message_id, NULL);
  expected = 0;
  for (guint i = 0; i < messages->len; i++)
    if (g_str_has_prefix (ld_message_get_sent_at (messages->pdata[i]), day))
      expected++;
  g_assert_cmpuint (filtered->len, ==, expected);
  for (guint i = 0; i < filtered->len; i++)
    {
      g_assert_true (g_str_has_prefix (ld_message_get_sent_at (filtered->pdata[i]), day));
      if (ld_message_get_id (filtered->pdata[i]) == ld_message_get_id (sample))
        has = TRUE;
    }
  g_assert_true (has);
}

static void
test_messages_bad_period_is_422 (void)
{
  static const struct {
    const char *query;
    guint       status;
    const char *field;
  } cases[] = {
    { "from=2026-13-01", 422, "from" },
    { "to=yesterday", 422, "to" },
    { "from=2026-02-01&to=2026-01-01", 422, "from" },
    { "from=2026-01-01T10:00:00", 422, "from" },
    { "channel=SMS%3B", 400, "channel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/members/1/messages?%s", cases[i].query);
      guint status;

      g_test_message ("%s", cases[i].query);
      status = ld_test_server_request (server, "GET", path, agent_token, NULL, NULL, &answer);
      g_assert_cmpuint (status, ==, cases[i].status);
      ld_test_assert_error (answer, cases[i].status == 400 ? "malformed" : "invalid_field", cases[i].field);
    }

  {
    g_autoptr(JsonNode) answer = NULL;

    /* an RFC 3339 time is fine */
    g_assert_cmpuint (ld_test_server_request (server, "GET",
                                              "/api/v1/members/1/messages?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00%2B03:00",
                                              agent_token, NULL, NULL, &answer), ==, 200);
  }
}

/* ---- actions, favorites, subscriptions */

static void
test_actions_are_paged (void)
{
  g_autoptr(GPtrArray) actions = NULL;

  actions = walk (agent, "/members/1/actions", NULL, LD_TYPE_ACTION, 5, action_id, NULL);
  for (guint i = 0; i < actions->len; i++)
    {
      g_assert_nonnull (ld_action_get_action (actions->pdata[i]));
      g_assert_nonnull (ld_action_get_created_at (actions->pdata[i]));
    }
  /* newest first */
  for (guint i = 1; i < actions->len; i++)
    g_assert_cmpstr (ld_action_get_created_at (actions->pdata[i - 1]), >=,
                     ld_action_get_created_at (actions->pdata[i]));
}

static void
test_favorites_and_their_history (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(LdPage) history = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items = NULL;
  g_autoptr(LdClient) limited = client_for ("agent-limited");

  ld_client_get_favorites_async (agent, 1, NULL, ld_test_store_result_cb, &result);
  favorites = ld_client_get_favorites_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (favorites, "enabled"));
  g_assert_true (ld_json_get_array (favorites, "items", NULL, &items));
  g_assert_nonnull (items);

  history = list_page (agent, "/members/1/favorites/history", NULL, LD_TYPE_FAVORITE_CHANGE, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_page_get_total (history), >=, 0);

  /* seeing them is member.view, which agent-limited keeps (it lost member.favorites) */
  g_clear_object (&result);
  g_clear_pointer (&favorites, json_object_unref);
  ld_client_get_favorites_async (limited, 1, NULL, ld_test_store_result_cb, &result);
  favorites = ld_client_get_favorites_finish (limited, ld_test_await (&result), &error);
  g_assert_no_error (error);
}

static void
test_subscriptions_cover_every_type_and_channel (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) subscriptions = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GError) error = NULL;
  guint n_types, n_channels;

  g_assert_cmpuint (ld_test_server_request (server, "GET", "/api/v1/config", agent_token, NULL, NULL, &config), ==, 200);
  n_types = json_array_get_length (json_node_get_array (ld_test_json_path (config, "mailing_types")));
  n_channels = json_array_get_length (json_node_get_array (ld_test_json_path (config, "channels")));

  ld_client_get_subscriptions_async (agent, 1, NULL, ld_test_store_result_cb, &result);
  subscriptions = ld_client_get_subscriptions_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (subscriptions), ==, n_types * n_channels);
}

/* ---- products, outbox, calls */

static void
test_products_search_by_name (void)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(LdPage) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;

  products = walk (agent, "/products", NULL, LD_TYPE_PRODUCT, 100, product_id, NULL);
  g_assert_cmpuint (products->len, >, 0);

  prefix = g_utf8_substring (ld_product_get_name (products->pdata[0]), 0, 4);
  query = query_new ("q", prefix, NULL);
  found = list_page (agent, "/products", query, LD_TYPE_PRODUCT, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_page_get_total (found), >=, 1);
}

static void
test_outbox_for_supervisors (void)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *supervisor_token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);
  guint status;

  items = walk (supervisor, "/outbox", NULL, LD_TYPE_OUTBOX_ITEM, 20, outbox_id, NULL);
  for (guint i = 0; i < items->len; i++)
    g_assert_nonnull (ld_outbox_item_get_channel (items->pdata[i]));

  status = ld_test_server_request (server, "GET", "/api/v1/outbox?phone=%2B7%20999%20123-45-67",
                                   supervisor_token, NULL, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);

  ld_test_server_assert_error (server, "GET", "/api/v1/outbox?phone=abc", supervisor_token, NULL, NULL,
                               422, "invalid_field", "phone");
}

static void
test_call_through_the_client_finds_the_member (void)
{
  g_autoptr(LdMember) member = get_member (3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdCall) call = NULL;
  g_autoptr(LdCall) unknown = NULL;
  g_autoptr(GError) error = NULL;

  ld_client_start_call_async (agent, ld_member_get_phone (member), NULL, NULL, ld_test_store_result_cb, &result);
  call = ld_client_start_call_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_call_get_id (call), >, 0);
  g_assert_cmpstr (ld_call_get_phone (call), ==, ld_member_get_phone (member));
  g_assert_nonnull (ld_call_get_member (call));
  g_assert_cmpint (ld_member_get_id (ld_call_get_member (call)), ==, 3);

  g_clear_object (&result);
  ld_client_start_call_async (agent, "+7 900 000-00-08", NULL, NULL, ld_test_store_result_cb, &result);
  unknown = ld_client_start_call_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_null (ld_call_get_member (unknown));
}

static void
test_config_through_the_client (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  ld_client_get_config_async (agent, NULL, ld_test_store_result_cb, &result);
  config = ld_client_get_config_finish (agent, ld_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_strcmp0 (ld_config_get_registration_mode (config), "card") == 0 ||
                 g_strcmp0 (ld_config_get_registration_mode (config), "phone") == 0);
  g_assert_cmpint (ld_config_get_max_cards (config), >, 0);
  g_assert_cmpuint (json_array_get_length (ld_config_get_application_form (config)), >, 0);
  g_assert_cmpuint (json_array_get_length (ld_config_get_channels (config)), >, 0);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (20, NULL);
  agent_token = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);
  agent = client_for ("agent");
  supervisor = client_for ("supervisor");

  g_test_add_func ("/server/members/search/by-phone", test_search_by_phone);
  g_test_add_func ("/server/members/search/by-card", test_search_by_card);
  g_test_add_func ("/server/members/search/by-email", test_search_by_email);
  g_test_add_func ("/server/members/search/by-name-prefix-in-any-case", test_search_by_name_prefix_in_any_case);
  g_test_add_func ("/server/members/search/by-birth-date", test_search_by_birth_date);
  g_test_add_func ("/server/members/search/q-says-which-kind-it-guessed", test_search_q_says_which_kind_it_guessed);
  g_test_add_func ("/server/members/search/q-through-the-client", test_search_through_the_client_with_q);
  g_test_add_func ("/server/members/search/needs-a-valid-criterion", test_search_needs_a_valid_criterion);
  g_test_add_func ("/server/members/search/invalid-criteria-follow-accept-language", test_search_invalid_criteria_follow_accept_language);
  g_test_add_func ("/server/members/search/invalid-phone-through-the-client", test_search_invalid_phone_through_the_client);
  g_test_add_func ("/server/members/profile/has-every-part", test_profile_has_every_part);
  g_test_add_func ("/server/members/profile/missing-is-not-found", test_missing_member_through_the_client);
  g_test_add_func ("/server/cards/of-a-member", test_card_of_a_member);
  g_test_add_func ("/server/cards/pool-lists-only-free-cards", test_card_pool_lists_only_free_cards);
  g_test_add_func ("/server/purchases/paging-walks-every-row", test_purchases_paging_walks_every_row);
  g_test_add_func ("/server/purchases/default-page-is-fifty", test_purchases_default_page_is_fifty);
  g_test_add_func ("/server/purchases/sort-by-date-pos-and-program", test_purchases_sort_by_date_pos_and_program);
  g_test_add_func ("/server/purchases/filter-by-status", test_purchases_filter_by_status);
  g_test_add_func ("/server/purchases/find-by-receipt", test_purchases_find_by_receipt);
  g_test_add_func ("/server/operations/paging-walks-every-row", test_operations_paging_walks_every_row);
  g_test_add_func ("/server/operations/sort-and-filter-by-card", test_operations_sort_and_filter_by_card);
  g_test_add_func ("/server/messages/paging-walks-every-row", test_messages_paging_walks_every_row);
  g_test_add_func ("/server/messages/filter-by-channel-status-and-dates", test_messages_filter_by_channel_status_and_dates);
  g_test_add_func ("/server/messages/bad-period-is-422", test_messages_bad_period_is_422);
  g_test_add_func ("/server/actions/are-paged-newest-first", test_actions_are_paged);
  g_test_add_func ("/server/favorites/and-their-history", test_favorites_and_their_history);
  g_test_add_func ("/server/subscriptions/cover-every-type-and-channel", test_subscriptions_cover_every_type_and_channel);
  g_test_add_func ("/server/products/search-by-name", test_products_search_by_name);
  g_test_add_func ("/server/outbox/for-supervisors", test_outbox_for_supervisors);
  g_test_add_func ("/server/calls/through-the-client-find-the-member", test_call_through_the_client_finds_the_member);
  g_test_add_func ("/server/config/through-the-client", test_config_through_the_client);

  result = g_test_run ();

  g_clear_object (&agent);
  g_clear_object (&supervisor);
  g_clear_pointer (&agent_token, g_free);
  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);

  return result;
}

/* test-server-paging.c — paged lists through the real server: the total of a walk
 *
 * A list's total is counted on its first page and carried by the cursor, so every later
 * page of one walk answers the same total, even when rows come meanwhile, while a new walk
 * counts them. A row comes through the API where a request makes one (an action, a
 * registration draft); purchases, card operations and free cards come from outside the
 * server (the points of sale, the card printer), through no request, so those rows are
 * written from a second connection to the server's file, as that other system would. A
 * cursor that is not one the server gave out for that list is refused with 400 malformed
 * (field "cursor").
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

static LdTestServer *server;
static char *admin_token;

/* GET @path (with @limit and @cursor added) → its answer, which must be @expected */
static JsonNode *
get (const char *path,
     guint       limit,
     const char *cursor,
     guint       expected)
{
  g_autofree char *full = g_strdup_printf ("%s%slimit=%u%s%s", path, strchr (path, '?') ? "&" : "?",
                                           limit, cursor ? "&cursor=" : "", cursor ? cursor : "");
  JsonNode *answer = NULL;
  guint status;

  status = ld_test_server_request (server, "GET", full, admin_token, NULL, NULL, &answer);
  if (status != expected)
    g_test_message ("GET %s → %u", full, status);
  g_assert_cmpuint (status, ==, expected);
  g_assert_nonnull (answer);
  return answer;
}

/* one page of @path: the items' @id_member values join @ids (each must be new), the
 * total goes to *@total; answers the next cursor */
static char *
next_page (const char  *path,
           guint        limit,
           const char  *cursor,
           const char  *id_member,
           GHashTable  *ids,
           gint64      *total)
{
  g_autoptr(JsonNode) answer = get (path, limit, cursor, 200);
  JsonNode *next = ld_test_json_path (answer, "next_cursor");
  JsonArray *items = json_node_get_array (ld_test_json_path (answer, "items"));

  g_assert_cmpuint (json_array_get_length (items), <=, limit);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *id = json_object_get_member (json_array_get_object_element (items, i), id_member);
      char *key = json_node_get_value_type (id) == G_TYPE_STRING
                  ? g_strdup (json_node_get_string (id))
                  : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));

      g_assert_false (g_hash_table_contains (ids, key));
      g_hash_table_add (ids, key);
    }
  *total = ld_test_json_int (answer, "total");
  g_assert_nonnull (next);
  if (JSON_NODE_HOLDS_NULL (next))
    return NULL;
  g_assert_cmpuint (json_array_get_length (items), ==, limit);
  return g_strdup (json_node_get_string (next));
}

/* every page of @path after @cursor (NULL: from the first), each answering @total
 * (when it is not negative); answers the rows seen in all and the last total */
static guint
walk_from (const char  *path,
           guint        limit,
           char        *cursor,
           const char  *id_member,
           GHashTable  *ids,
           gint64      *total)
{
  gint64 expected = *total;
  guint pages = 0;

  do
    {
      char *next = next_page (path, limit, cursor, id_member, ids, total);

      if (expected >= 0)
        g_assert_cmpint (*total, ==, expected);
      expected = *total;
      g_free (cursor);
      cursor = next;
      g_assert_cmpuint (++pages, <, 10000);
    }
  while (cursor != NULL);
  return g_hash_table_size (ids);
}

/* a new registration draft for @phone, through the API */
static void
start_draft (const char *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\":\"%s\",\"call_id\":null}", phone);

  json_node_unref (ld_test_server_expect (server, "POST", "/api/v1/registrations", admin_token, body, NULL, 201));
}

static void
add_purchase (void)
{
  ld_test_server_run_sql (server,
                          "INSERT INTO purchases (account_id, member_id, receipt, purchased_at, pos, program, amount, status) "
                          "SELECT account_id, id, 'NEW', '2099-01-01T00:00:00Z', 'POS', 'P', 100, 'confirmed' "
                          "FROM members WHERE id = 1");
}

static void
add_operation (void)
{
  ld_test_server_run_sql (server,
                          "INSERT INTO operations (member_id, card, kind, amount, description, pos, performed_at) "
                          "VALUES (1, '2999999999999', 'accrual', 10, 'new', 'POS', '2000-01-01T00:00:00Z')");
}

/* an action on member 1: a free card linked to it */
static void
add_action (void)
{
  g_autoptr(JsonNode) pool = ld_test_server_expect (server, "GET", "/api/v1/cards?state=issued&limit=1",
                                                    admin_token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (pool, "items"));
  g_autofree char *body = NULL;

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  body = g_strdup_printf ("{\"number\":\"%s\"}",
                          json_object_get_string_member (json_array_get_object_element (items, 0), "number"));
  json_node_unref (ld_test_server_expect (server, "POST", "/api/v1/members/1/cards", admin_token, body, NULL, 201));
}

static void
add_free_card (void)
{
  ld_test_server_run_sql (server,
                          "INSERT INTO cards (number, type, category, state, issued_at) "
                          "VALUES ('2799999999999', 'physical', 'regular', 'issued', '2020-01-01T00:00:00Z')");
}

static void
add_draft (void)
{
  start_draft ("+79990000100");
}

typedef struct
{
  const char  *path;
  guint        limit;
  const char  *id_member;
  void       (*add) (void);   /* one row more for the list */
  gboolean     added_later;   /* the walk meets that row on a later page */
} GrowingList;

static void
test_total_stays_for_the_walk (void)
{
  static const GrowingList lists[] = {
    { "/api/v1/members/1/purchases?sort=date&order=asc", 100, "id", add_purchase, TRUE },
    { "/api/v1/members/1/operations?sort=card&order=asc", 50, "id", add_operation, TRUE },
    /* newest first: the new one is before the walk's cursor */
    { "/api/v1/members/1/actions", 30, "id", add_action, FALSE },
    { "/api/v1/cards?state=issued", 3, "number", add_free_card, TRUE },
    { "/api/v1/registrations", 2, "id", add_draft, FALSE },
  };

  /* five open drafts to page through */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *phone = g_strdup_printf ("+7999000000%u", i);

      start_draft (phone);
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      const GrowingList *list = &lists[l];
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      char *cursor;
      gint64 first_total;
      gint64 total;
      guint n_rows;

      g_test_message ("%s", list->path);
      cursor = next_page (list->path, list->limit, NULL, list->id_member, ids, &first_total);
      g_assert_nonnull (cursor);
      g_assert_cmpint (first_total, >, 2 * list->limit);

      list->add ();
      total = first_total;
      n_rows = walk_from (list->path, list->limit, cursor, list->id_member, ids, &total);
      g_assert_cmpint (total, ==, first_total);
      g_assert_cmpuint (n_rows, ==, first_total + (list->added_later ? 1 : 0));

      /* a new walk counts the row */
      total = -1;
      n_rows = walk_from (list->path, list->limit, NULL, list->id_member, again, &total);
      g_assert_cmpint (total, ==, first_total + 1);
      g_assert_cmpuint (n_rows, ==, total);
    }
}

static void
test_forged_cursor_refused (void)
{
  const char *purchases = "/api/v1/members/1/purchases";
  g_autoptr(JsonNode) first = get (purchases, 10, NULL, 200);
  g_autoptr(JsonNode) messages = get ("/api/v1/members/1/messages", 1, NULL, 200);
  const char *cursor = ld_test_json_string (first, "next_cursor");
  g_autofree char *edited = g_strdup (cursor);
  g_autofree char *unchecked = g_strndup (cursor, strchr (cursor, '.') - cursor);
  struct
  {
    const char *path;
    const char *cursor;
  } refused[] = {
    { purchases, edited },                                /* one character changed */
    { purchases, unchecked },                             /* without its check */
    { "/api/v1/members/2/purchases", cursor },            /* another member's */
    { "/api/v1/members/1/purchases?status=confirmed", cursor },   /* another filter's */
    { purchases, ld_test_json_string (messages, "next_cursor") },   /* another list's, sorted alike */
    { purchases, "garbage" },
  };

  /* the cursor itself is good */
  json_node_unref (get (purchases, 10, cursor, 200));
  edited[8] = edited[8] == 'A' ? 'B' : 'A';

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) answer = NULL;

      g_assert_nonnull (refused[i].cursor);
      answer = get (refused[i].path, 10, refused[i].cursor, 400);
      ld_test_assert_error (answer, "malformed", "cursor");
    }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  server = ld_test_server_new (20, NULL);
  admin_token = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);

  g_test_add_func ("/server/paging/total-stays-for-the-walk", test_total_stays_for_the_walk);
  g_test_add_func ("/server/paging/forged-cursor-refused", test_forged_cursor_refused);

  result = g_test_run ();
  g_free (admin_token);
  g_clear_object (&server);
  return result;
}

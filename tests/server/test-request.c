/* test-request.c — LdRequest on its own, without a connection: the body is parsed into one
 * JSON object or refused, each typed getter answers 400 or 422 naming the member when the
 * input is wrong, and every message is in the language the request asks for */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ld-error.h"
#include "ld-request.h"
#include "ld-test-server.h"
#include "ld-translations.h"
#include "ld-validate.h"

static char *localedir;
static gboolean have_msgfmt;

/* two of the server's own messages; the second translated with a conversion it lacks */
static const char po[] =
  "msgid \"\"\n"
  "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\n"
  "#, c-format\n"
  "msgid \"“%s” must be a string.\"\n"
  "msgstr \"«%s» должно быть строкой.\"\n"
  "\n"
  "#, c-format\n"
  "msgid \"“%s” must be true or false.\"\n"
  "msgstr \"Значение %d неверно.\"\n"
  "\n"
  "msgid \"Give the caller's phone number.\"\n"
  "msgstr \"Укажите номер телефона звонящего.\"\n";

/* a detached request with @body (nullable: none) as a client would send it */
static LdRequest *
request_new (const char *accept_language,
             const char *content_type,
             const char *body)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(LdTranslations) translations = NULL;
  g_autoptr(GBytes) bytes = NULL;
  LdRequest *request;

  if (accept_language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", accept_language);
  if (content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", content_type);
  translations = ld_translations_new (localedir, "ld-test");
  request = ld_request_new_detached (translations, "POST", headers);
  if (body != NULL)
    {
      bytes = g_bytes_new (body, strlen (body));
      g_assert_true (ld_request_parse_body (request, bytes));
      g_assert_false (request->answered);
    }
  return request;
}

static LdRequest *
query_request_new (const char *name,
                   ...)
{
  LdRequest *request = ld_request_new_detached (NULL, "GET", NULL);
  va_list args;

  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_start (args, name);
  for (; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (request->query, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return request;
}

/* the answer's {"error":{…}} after checking its status, code and details.field */
static JsonObject *
assert_error (LdRequest  *request,
              guint       status,
              const char *code,
              const char *field)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *text;
  guint answered = 0;
  JsonObject *problem;

  g_assert_true (request->answered);
  text = ld_request_get_answer (request, &answered);
  g_assert_cmpuint (answered, ==, status);
  g_assert_nonnull (text);
  g_assert_cmpstr (soup_message_headers_get_one (request->response_headers, "Content-Type"), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (request->response_headers, "Cache-Control"), ==, "no-store");

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  problem = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, code);
  if (field == NULL)
    g_assert_false (json_object_has_member (problem, "details") &&
                    json_object_has_member (json_object_get_object_member (problem, "details"), "field"));
  else
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (problem, "details"), "field"), ==, field);
  return json_object_ref (problem);
}

static void
test_request_body_parsing (void)
{
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* no body at all is an empty object, whatever the Content-Type */
  request = request_new (NULL, "text/plain", NULL);
  g_assert_true (ld_request_parse_body (request, NULL));
  g_assert_nonnull (request->body);
  g_assert_cmpuint (json_object_get_size (request->body), ==, 0);
  g_clear_pointer (&request, ld_request_free);

  /* JSON with a charset is JSON */
  request = request_new (NULL, "application/json; charset=utf-8", "{\"a\":1}");
  g_assert_true (json_object_has_member (request->body, "a"));
  g_clear_pointer (&request, ld_request_free);

  /* a form or text is refused before it is read */
  request = request_new (NULL, "application/x-www-form-urlencoded", NULL);
  bytes = g_bytes_new_static ("a=1", 3);
  g_assert_false (ld_request_parse_body (request, bytes));
  problem = assert_error (request, 415, "unsupported_media_type", "Content-Type");
  g_clear_pointer (&problem, json_object_unref);
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* JSON that is not one object */
  request = request_new (NULL, "application/json", NULL);
  bytes = g_bytes_new_static ("[1, 2]", 6);
  g_assert_false (ld_request_parse_body (request, bytes));
  problem = assert_error (request, 400, "malformed", NULL);
  g_clear_pointer (&problem, json_object_unref);
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  request = request_new (NULL, "application/json", NULL);
  bytes = g_bytes_new_static ("{\"a\":", 5);
  g_assert_false (ld_request_parse_body (request, bytes));
  problem = assert_error (request, 400, "malformed", NULL);
}

static void
test_request_body_getters (void)
{
  const char *body = "{\"name\":\"Anna\",\"count\":3,\"flag\":true,\"nothing\":null,\"text_flag\":\"yes\"}";
  g_autoptr(LdRequest) request = request_new (NULL, "application/json", body);
  g_autoptr(JsonObject) problem = NULL;
  const char *text = "unset";
  gboolean flag = FALSE;

  g_assert_true (ld_request_get_body_string (request, "name", &text));
  g_assert_cmpstr (text, ==, "Anna");
  g_assert_true (ld_request_get_body_string (request, "missing", &text));
  g_assert_null (text);
  g_assert_true (ld_request_get_body_string (request, "nothing", &text));
  g_assert_null (text);
  g_assert_true (ld_request_get_body_bool (request, "flag", FALSE, &flag));
  g_assert_true (flag);
  g_assert_true (ld_request_get_body_bool (request, "missing", TRUE, &flag));
  g_assert_true (flag);
  g_assert_true (ld_request_get_body_bool (request, "nothing", FALSE, &flag));
  g_assert_false (flag);
  g_assert_true (ld_request_require_body_member (request, "count"));
  g_assert_false (request->answered);

  /* a number where a string belongs: 400 naming the member */
  g_assert_false (ld_request_get_body_string (request, "count", &text));
  problem = assert_error (request, 400, "malformed", "count");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "“count” must be a string.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  request = request_new (NULL, "application/json", body);
  g_assert_false (ld_request_get_body_bool (request, "text_flag", FALSE, &flag));
  problem = assert_error (request, 400, "malformed", "text_flag");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);
}

static void
test_request_required_members (void)
{
  const char *body = "{\"nothing\":null,\"text_flag\":\"yes\",\"flag\":false}";
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  gboolean flag = TRUE;

  /* missing and null are both 422, naming the member */
  request = request_new (NULL, "application/json", body);
  g_assert_false (ld_request_require_body_member (request, "absent"));
  problem = assert_error (request, 422, "invalid_field", "absent");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  request = request_new (NULL, "application/json", body);
  g_assert_false (ld_request_require_body_bool (request, "nothing", &flag));
  problem = assert_error (request, 422, "invalid_field", "nothing");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  /* present with the wrong type stays 400 */
  request = request_new (NULL, "application/json", body);
  g_assert_false (ld_request_require_body_bool (request, "text_flag", &flag));
  problem = assert_error (request, 400, "malformed", "text_flag");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  request = request_new (NULL, "application/json", body);
  g_assert_true (ld_request_require_body_bool (request, "flag", &flag));
  g_assert_false (flag);
  g_assert_false (request->answered);
}

static void
test_request_normalized_members (void)
{
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  g_autofree char *phone = NULL;

  request = request_new (NULL, "application/json", "{\"phone\":\"+7 (916) 123-45-67\"}");
  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full, "Give the caller's phone number.");
  g_assert_cmpstr (phone, ==, "+79161234567");
  g_assert_false (request->answered);
  g_clear_pointer (&request, ld_request_free);

  /* empty: 422 with the handler's own message */
  request = request_new (NULL, "application/json", "{\"phone\":\"\"}");
  g_assert_null (ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                                 "Give the caller's phone number."));
  problem = assert_error (request, 422, "invalid_field", "phone");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "Give the caller's phone number.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  /* not a phone number: 422 with the core's message, naming the member */
  request = request_new (NULL, "application/json", "{\"phone\":\"call me\"}");
  g_assert_null (ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                                 "Give the caller's phone number."));
  problem = assert_error (request, 422, "invalid_field", "phone");
}

static void
test_request_query_getters (void)
{
  static const char * const orders[] = { "asc", "desc", NULL };
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  LdPageRequest page;
  const char *order = NULL;
  const char *bad_limits[] = { "0", "501", "abc", "", "1000", "-1", "+5" };

  request = query_request_new (NULL);
  g_assert_true (ld_request_get_page (request, &page));
  g_assert_cmpuint (page.limit, ==, 50);
  g_assert_null (page.cursor);
  g_assert_true (ld_request_get_choice (request, "order", orders, "desc", &order));
  g_assert_cmpstr (order, ==, "desc");
  g_clear_pointer (&request, ld_request_free);

  request = query_request_new ("limit", "500", "cursor", "abc", "order", "asc", NULL);
  g_assert_true (ld_request_get_page (request, &page));
  g_assert_cmpuint (page.limit, ==, 500);
  g_assert_cmpstr (page.cursor, ==, "abc");
  g_assert_true (ld_request_get_choice (request, "order", orders, "desc", &order));
  g_assert_cmpstr (order, ==, "asc");
  g_clear_pointer (&request, ld_request_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      request = query_request_new ("limit", bad_limits[i], NULL);
      g_assert_false (ld_request_get_page (request, &page));
      problem = assert_error (request, 400, "malformed", "limit");
      g_clear_pointer (&request, ld_request_free);
      g_clear_pointer (&problem, json_object_unref);
    }

  request = query_request_new ("cursor", "", NULL);
  g_assert_false (ld_request_get_page (request, &page));
  problem = assert_error (request, 400, "malformed", "cursor");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  request = query_request_new ("order", "sideways", NULL);
  g_assert_false (ld_request_get_choice (request, "order", orders, "desc", &order));
  problem = assert_error (request, 400, "malformed", "order");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "“order” must be one of: asc, desc.");
}

static void
test_request_errors (void)
{
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *details;

  /* an error the agent can act on keeps its code and message */
  request = ld_request_new_detached (NULL, "GET", NULL);
  error = g_error_new_literal (LD_ERROR, LD_ERROR_NOT_FOUND, "There is no such member.");
  ld_request_respond_gerror (request, error, "id");
  problem = assert_error (request, 404, "not_found", NULL);
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "There is no such member.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);
  g_clear_error (&error);

  /* a storage failure tells the client only that it failed; the log has the rest */
  request = ld_request_new_detached (NULL, "GET", NULL);
  error = g_error_new_literal (LD_ERROR, LD_ERROR_STORAGE, "disk I/O error in members.db");
  g_test_expect_message ("ld-server", G_LOG_LEVEL_MESSAGE, "*disk I/O error in members.db*");
  ld_request_respond_gerror (request, error, NULL);
  g_test_assert_expected_messages ();
  problem = assert_error (request, 500, "internal", NULL);
  g_assert_null (strstr (json_object_get_string_member (problem, "message"), "disk"));
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);
  g_clear_error (&error);

  /* details go out as given */
  request = ld_request_new_detached (NULL, "POST", NULL);
  details = json_object_new ();
  json_object_set_int_member (details, "member_id", 42);
  ld_request_respond_problem (request, 409, "card_linked_to_other_member", details, "Someone else's card.");
  problem = assert_error (request, 409, "card_linked_to_other_member", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (problem, "details"), "member_id"), ==, 42);
}

/* a name a client sent is quoted back whole when it is short and valid, and never as more
 * than 64 bytes of valid UTF-8 */
static void
test_request_shown_name (void)
{
  g_autofree char *short_name = ld_request_shown_name ("fisrt_name");
  g_autofree char *long_name = g_strnfill (1000, 'x');
  g_autofree char *long_shown = ld_request_shown_name (long_name);
  /* "ё" is two bytes: the 64-byte cut falls inside the 32nd, which must not be left broken */
  g_autoptr(GString) cyrillic = g_string_new ("a");
  g_autofree char *cyrillic_shown = NULL;
  g_autofree char *broken_shown = ld_request_shown_name ("ok\xff\xfe");

  for (guint i = 0; i < 40; i++)
    g_string_append (cyrillic, "ё");
  cyrillic_shown = ld_request_shown_name (cyrillic->str);

  g_assert_cmpstr (short_name, ==, "fisrt_name");
  g_assert_cmpuint (strlen (long_shown), ==, 64);
  g_assert_true (g_str_has_prefix (long_name, long_shown));
  g_assert_true (g_utf8_validate (cyrillic_shown, -1, NULL));
  g_assert_true (g_str_has_prefix (cyrillic_shown, "aёё"));
  g_assert_true (g_utf8_validate (broken_shown, -1, NULL));
  g_assert_true (g_str_has_prefix (broken_shown, "ok"));
}

static void
test_request_translation (void)
{
  g_autoptr(LdRequest) request = NULL;
  g_autoptr(JsonObject) problem = NULL;
  const char *text = NULL;
  gboolean flag = FALSE;

  if (!have_msgfmt)
    {
      g_test_skip ("msgfmt (gettext) is not installed");
      return;
    }

  /* the language the request asks for */
  request = request_new ("ru-RU, en;q=0.5", "application/json", "{\"n\":1}");
  g_assert_false (ld_request_get_body_string (request, "n", &text));
  problem = assert_error (request, 400, "malformed", "n");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "«n» должно быть строкой.");
  g_assert_cmpstr (ld_request_translate (request, "Give the caller's phone number."), ==,
                   "Укажите номер телефона звонящего.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  /* a language without a catalog, and no Accept-Language at all: the original text
   * (the tests run in the C locale) */
  request = request_new ("de", "application/json", "{\"n\":1}");
  g_assert_false (ld_request_get_body_string (request, "n", &text));
  problem = assert_error (request, 400, "malformed", "n");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "“n” must be a string.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  request = request_new (NULL, "application/json", "{\"n\":1}");
  g_assert_false (ld_request_get_body_string (request, "n", &text));
  problem = assert_error (request, 400, "malformed", "n");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "“n” must be a string.");
  g_clear_pointer (&request, ld_request_free);
  g_clear_pointer (&problem, json_object_unref);

  /* a translation whose conversions differ from the format's is not used */
  request = request_new ("ru", "application/json", "{\"n\":1}");
  g_assert_false (ld_request_get_body_bool (request, "n", FALSE, &flag));
  problem = assert_error (request, 400, "malformed", "n");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), ==, "“n” must be true or false.");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  int result;

  g_test_init (&argc, &argv, NULL);

  localedir = g_dir_make_tmp ("ld-test-request-XXXXXX", NULL);
  g_assert_nonnull (localedir);
  have_msgfmt = msgfmt != NULL;
  if (have_msgfmt)
    {
      g_autofree char *dir = g_build_filename (localedir, "ru", "LC_MESSAGES", NULL);
      g_autofree char *po_path = g_build_filename (localedir, "test.po", NULL);
      g_autofree char *mo_path = g_build_filename (dir, "ld-test.mo", NULL);
      g_autoptr(GError) error = NULL;
      const char *argv_msgfmt[] = { "msgfmt", "-o", mo_path, po_path, NULL };
      int status = 0;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_file_set_contents (po_path, po, -1, &error);
      g_assert_no_error (error);
      g_spawn_sync (NULL, (char **) argv_msgfmt, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  g_test_add_func ("/server/request/body/parsing", test_request_body_parsing);
  g_test_add_func ("/server/request/body/getters", test_request_body_getters);
  g_test_add_func ("/server/request/body/required-members", test_request_required_members);
  g_test_add_func ("/server/request/body/normalized-members", test_request_normalized_members);
  g_test_add_func ("/server/request/query/getters", test_request_query_getters);
  g_test_add_func ("/server/request/errors", test_request_errors);
  g_test_add_func ("/server/request/shown-name", test_request_shown_name);
  g_test_add_func ("/server/request/translation", test_request_translation);

  result = g_test_run ();

  ld_test_remove_directory (localedir);
  g_clear_pointer (&localedir, g_free);
  return result;
}

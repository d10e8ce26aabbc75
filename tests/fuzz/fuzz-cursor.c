/* fuzz-cursor.c — libFuzzer target: a list's query string and its cursor
 *
 * decode_cursor() is static in ld-storage-paging.c, so that file is compiled into this
 * target (its globals then come from here, not from libld-server.a). The first byte picks
 * what the rest is:
 *  - even: a query string as a client sends it ("limit=20&cursor=…"), decoded with
 *    soup_form_decode() as libsoup hands it to the server, its limit and cursor checked as
 *    ld_request_get_page() does (which cannot run without a request: its refusals answer
 *    one), then the cursor decoded for a list and the page's SQL built;
 *  - odd: the JSON text inside a cursor, wrapped as the server wraps it (base64url and the
 *    check bound to the list), so the bytes reach the JSON reading behind the check. What
 *    it accepts must come back the same through encode_cursor().
 * Bit 1 of the first byte makes the list's filter value an integer instead of text.
 */
#include "ld-storage-paging.c"

#include <stdint.h>

#include <libsoup/soup.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char * const fuzz_keys[] = { "name", "id", NULL };

static const LdPageQuery fuzz_query = {
  .tag = "fuzz",
  .select = "SELECT name, id, x FROM t WHERE owner = $1",
  .count = "SELECT count(*) FROM t WHERE owner = $1",
  .keys = fuzz_keys,
  .ascending = TRUE,
  .unique = FALSE,
};

#define N_KEYS 2

static void
add_filter (LdQueryParams *params,
            gboolean       integer)
{
  if (integer)
    ld_query_params_add_int (params, 42);
  else
    ld_query_params_add_text (params, "+79991234567");
}

/* decodes @cursor for the list and builds the page's SQL as ld_storage_run_page() does;
 * a cursor that does not decode leaves the filter alone */
static gboolean
decode_and_build (const char    *cursor,
                  guint          limit,
                  LdQueryParams *params,
                  gint64        *total)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint n_filter_params = params->n;

  if (!decode_cursor (&fuzz_query, cursor, N_KEYS, params, total, &error))
    {
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert_cmpuint (params->n, ==, n_filter_params);
      return FALSE;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (params->n, ==, n_filter_params + N_KEYS);
  g_assert_cmpint (*total, >=, 0);
  sql = page_sql (&fuzz_query, params, TRUE, limit);
  g_assert (sql != NULL);
  /* page_sql() added the limit: take it away again for the caller */
  params->n--;
  return TRUE;
}

static void
fuzz_query_string (const char *input,
                   gboolean    integer)
{
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GHashTable) form = soup_form_decode (input);
  const char *limit;
  const char *cursor;
  guint64 value = 50;
  gint64 total = 0;

  g_assert (form != NULL);
  limit = g_hash_table_lookup (form, "limit");
  if (limit != NULL)
    {
      /* ld_request_get_page(): 1 to 3 digits, 1..500 */
      gboolean digits = limit[0] != '\0' && strlen (limit) <= 3;

      for (const char *p = limit; digits && *p; p++)
        digits = g_ascii_isdigit (*p);
      if (digits)
        value = g_ascii_strtoull (limit, NULL, 10);
      if (!digits || value < 1 || value > 500)
        return;
    }
  cursor = g_hash_table_lookup (form, "cursor");
  if (cursor == NULL || cursor[0] == '\0' || strlen (cursor) > 512)
    return;

  add_filter (&params, integer);
  decode_and_build (cursor, value, &params, &total);
}

static void
fuzz_cursor_json (const char *json,
                  gsize       length,
                  gboolean    integer)
{
  g_auto(LdQueryParams) params = { 0 };
  g_auto(LdQueryParams) again_params = { 0 };
  g_autofree char *base64 = NULL;
  g_autofree char *check = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonArray) key = NULL;
  gint64 total = -1;
  gint64 again_total = -1;
  gsize base64_length;

  add_filter (&params, integer);
  add_filter (&again_params, integer);

  /* what encode_cursor() makes of the text */
  check = cursor_check (&fuzz_query, &params, params.n, json, length);
  base64 = g_base64_encode ((const guchar *) json, length);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  base64_length = strlen (base64);
  while (base64_length > 0 && base64[base64_length - 1] == '=')
    base64[--base64_length] = '\0';
  cursor = g_strconcat (base64, ".", check, NULL);

  if (!decode_and_build (cursor, 50, &params, &total))
    return;

  /* accepted: the same key and total make a cursor that reads back the same. json-glib
   * reads octal escapes ("\207") into text that is not UTF-8, which no row's key is and
   * encode_cursor() cannot carry: the server never makes such a cursor, the check keeps
   * clients from making one */
  for (guint i = 1; i < params.n; i++)
    if (params.v[i].is_text && !g_utf8_validate (params.v[i].s, -1, NULL))
      return;
  key = json_array_new ();
  for (guint i = 1; i < params.n; i++)
    {
      if (params.v[i].is_text)
        json_array_add_string_element (key, params.v[i].s);
      else
        json_array_add_int_element (key, params.v[i].i);
    }
  again = encode_cursor (&fuzz_query, &again_params, again_params.n, total, key);
  g_assert_true (decode_and_build (again, 50, &again_params, &again_total));
  g_assert_cmpint (again_total, ==, total);
  g_assert_cmpuint (again_params.n, ==, params.n);
  for (guint i = 1; i < params.n; i++)
    {
      g_assert_cmpint (again_params.v[i].is_text, ==, params.v[i].is_text);
      g_assert_cmpint (again_params.v[i].i, ==, params.v[i].i);
      g_assert_cmpstr (again_params.v[i].s, ==, params.v[i].s);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  gboolean integer;

  if (size == 0)
    return 0;
  integer = (data[0] & 2) != 0;
  if (data[0] & 1)
    {
      fuzz_cursor_json ((const char *) data + 1, size - 1, integer);
      return 0;
    }
  text = g_strndup ((const char *) data + 1, size - 1);
  fuzz_query_string (text, integer);
  return 0;
}

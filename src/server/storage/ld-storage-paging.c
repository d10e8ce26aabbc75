/* ld-storage-paging.c — keyset paging of every list, its cursors, and the lists built on
 * it (an LdListSpec each: what it reads, how it may be sorted, which column makes which
 * member of an item)
 *
 * The next page starts after the last row's key with a row-value comparison, so paging
 * never loses or repeats a row and costs one index range scan. The cursor is that key
 * and the list's total as of the first page, as base64url JSON [tag, total, key…],
 * followed by a check of that text and of the list it belongs to (the count's SQL and
 * the filter's values): opaque to clients, and a cursor edited, cut short or taken to
 * another list (another member, filter or sort) is refused rather than answering a
 * page of the wrong list or a total that is not this list's.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

#define MAX_PAGE 500
#define DEFAULT_PAGE 50
/* hex digits of the SHA-256 a cursor carries: enough against a mistake, short in a URL */
#define CHECK_LENGTH 16

/* ---- parameters */

void
ld_query_params_clear (LdQueryParams *params)
{
  for (guint i = 0; i < params->n; i++)
    g_free (params->v[i].s);
  params->n = 0;
}

guint
ld_query_params_add_int (LdQueryParams *params,
                         gint64         value)
{
  g_assert (params->n < LD_QUERY_MAX_PARAMS);
  params->v[params->n].is_text = FALSE;
  params->v[params->n].i = value;
  params->v[params->n].s = NULL;
  return ++params->n;
}

guint
ld_query_params_add_text (LdQueryParams *params,
                          const char    *value)
{
  g_assert (params->n < LD_QUERY_MAX_PARAMS);
  params->v[params->n].is_text = TRUE;
  params->v[params->n].s = g_strdup (value);
  return ++params->n;
}

/* binds the first @n of @params */
static void
params_bind (const LdQueryParams *params,
             guint                n,
             LdStatement         *statement)
{
  for (guint i = 0; i < n; i++)
    {
      if (params->v[i].is_text)
        ld_statement_bind_text (statement, i + 1, params->v[i].s);
      else
        ld_statement_bind_int (statement, i + 1, params->v[i].i);
    }
}

gboolean
ld_storage_run_params (LdStorage            *self,
                       const char           *sql,
                       const LdQueryParams  *params,
                       GError              **error)
{
  g_autoptr(LdStatement) statement = ld_database_prepare (self->db, sql, error);

  if (statement == NULL)
    return FALSE;
  params_bind (params, params->n, statement);
  return ld_statement_run (statement, error);
}

gboolean
ld_storage_run_steps (LdStorage            *self,
                      const LdStorageStep  *steps,
                      guint                 n_steps,
                      GError              **error)
{
  if (!ld_database_begin (self->db, error))
    return FALSE;
  for (guint i = 0; i < n_steps; i++)
    if (!ld_storage_run_params (self, steps[i].sql, steps[i].params, error))
      goto failed;
  return ld_storage_commit (self, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

/* ---- cursors */

/* the check of a cursor's JSON text @json, bound to the list: its count and the values
 * of its filter (the first @n_filter_params) */
static char *
cursor_check (const LdPageQuery    *query,
              const LdQueryParams  *params,
              guint                 n_filter_params,
              const char           *json,
              gsize                 length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) query->count, strlen (query->count) + 1);
  for (guint i = 0; i < n_filter_params; i++)
    {
      g_autofree char *value = params->v[i].is_text
                               ? g_strconcat ("t", params->v[i].s ?: "", NULL)
                               : g_strdup_printf ("i%" G_GINT64_FORMAT, params->v[i].i);

      g_checksum_update (checksum, (const guchar *) value, strlen (value) + 1);
    }
  g_checksum_update (checksum, (const guchar *) json, length);
  return g_strndup (g_checksum_get_string (checksum), CHECK_LENGTH);
}

/* the sort key of the statement's row: its first @n_keys columns */
static JsonArray *
row_key (LdStatement *statement,
         guint        n_keys)
{
  JsonArray *key = json_array_sized_new (n_keys);

  for (guint i = 0; i < n_keys; i++)
    {
      if (ld_statement_get_type (statement, i) == LD_COLUMN_INT)
        json_array_add_int_element (key, ld_statement_get_int (statement, i));
      else
        json_array_add_string_element (key, ld_statement_get_text (statement, i) ?: "");
    }
  return key;
}

static char *
encode_cursor (const LdPageQuery    *query,
               const LdQueryParams  *params,
               guint                 n_filter_params,
               gint64                total,
               JsonArray            *key)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *json = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *check = NULL;
  gsize length;

  json_array_add_string_element (array, query->tag);
  json_array_add_int_element (array, total);
  for (guint i = 0; i < json_array_get_length (key); i++)
    json_array_add_element (array, json_node_copy (json_array_get_element (key, i)));
  json_node_set_array (root, array);
  json = json_to_string (root, FALSE);
  check = cursor_check (query, params, n_filter_params, json, strlen (json));
  base64 = g_base64_encode ((const guchar *) json, strlen (json));

  /* base64url without padding: safe in a query string as it is */
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  length = strlen (base64);
  while (length > 0 && base64[length - 1] == '=')
    base64[--length] = '\0';
  return g_strconcat (base64, ".", check, NULL);
}

/* appends the cursor's key values to @params and answers its total; FALSE with
 * LD_ERROR_MALFORMED */
static gboolean
decode_cursor (const LdPageQuery  *query,
               const char         *cursor,
               guint               n_keys,
               LdQueryParams      *params,
               gint64             *total,
               GError            **error)
{
  g_autoptr(GString) padded = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *check = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *dot = strrchr (cursor, '.');
  guint n_filter_params = params->n;
  JsonArray *array;
  gsize length;

  if (dot == NULL || strlen (dot + 1) != CHECK_LENGTH)
    goto malformed;
  length = dot - cursor;
  if (length == 0 || length > 4096 || length % 4 == 1)
    goto malformed;
  padded = g_string_new (NULL);
  for (const char *p = cursor; p < dot; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (padded, *p);
      else if (*p == '-')
        g_string_append_c (padded, '+');
      else if (*p == '_')
        g_string_append_c (padded, '/');
      else
        goto malformed;
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  raw = g_base64_decode (padded->str, &length);
  if (raw == NULL || length == 0 || !g_utf8_validate ((const char *) raw, length, NULL))
    goto malformed;
  check = cursor_check (query, params, n_filter_params, (const char *) raw, length);
  if (strcmp (check, dot + 1) != 0)
    goto malformed;

  root = ld_json_parse ((const char *) raw, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    goto malformed;
  array = json_node_get_array (root);
  if (json_array_get_length (array) != n_keys + 2)
    goto malformed;

  for (guint i = 0; i < n_keys + 2; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GType type;

      if (!JSON_NODE_HOLDS_VALUE (node))
        goto malformed;
      type = json_node_get_value_type (node);
      if (i == 0)
        {
          if (type != G_TYPE_STRING || g_strcmp0 (json_node_get_string (node), query->tag) != 0)
            goto malformed;
        }
      else if (i == 1)
        {
          if (type != G_TYPE_INT64 || json_node_get_int (node) < 0)
            goto malformed;
          *total = json_node_get_int (node);
        }
      else if (type == G_TYPE_STRING)
        ld_query_params_add_text (params, json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        ld_query_params_add_int (params, json_node_get_int (node));
      else
        goto malformed;
    }
  return TRUE;

malformed:
  /* the key values read so far are not the caller's */
  while (params->n > n_filter_params)
    g_clear_pointer (&params->v[--params->n].s, g_free);
  g_set_error_literal (error, LD_ERROR, LD_ERROR_MALFORMED,
                       "The cursor is not one this server gave out");
  return FALSE;
}

/* ---- pages */

/* the page's select: the query's, after the key in the last @n_keys of @params when
 * @after_key, in order, one row more than @limit (which says whether a next page exists) */
static char *
page_sql (const LdPageQuery  *query,
          LdQueryParams      *params,
          gboolean            after_key,
          guint               limit)
{
  g_autoptr(GString) sql = g_string_new (query->select);
  guint n_keys = g_strv_length ((char **) query->keys);

  if (after_key)
    {
      guint first = params->n - n_keys + 1;

      g_string_append (sql, " AND (");
      for (guint i = 0; i < n_keys; i++)
        g_string_append_printf (sql, "%s%s", i ? ", " : "", query->keys[i]);
      g_string_append (sql, query->ascending ? ") > (" : ") < (");
      for (guint i = 0; i < n_keys; i++)
        g_string_append_printf (sql, "%s$%u", i ? ", " : "", first + i);
      g_string_append (sql, ")");
    }
  if (!query->unique)
    {
      g_string_append (sql, " ORDER BY ");
      for (guint i = 0; i < n_keys; i++)
        g_string_append_printf (sql, "%s%s %s", i ? ", " : "", query->keys[i],
                                query->ascending ? "ASC" : "DESC");
    }
  g_string_append_printf (sql, " LIMIT $%u", ld_query_params_add_int (params, limit + 1));
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* the number of rows of the whole list: the count query with the first @n_filter_params */
static gboolean
page_count (LdStorage            *self,
            const LdPageQuery    *query,
            const LdQueryParams  *params,
            guint                 n_filter_params,
            gint64               *total,
            GError              **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db, query->count, error);
  if (statement == NULL)
    return FALSE;
  params_bind (params, n_filter_params, statement);
  if (ld_statement_step (statement, error) != LD_STEP_ROW)
    return FALSE;
  *total = ld_statement_get_int (statement, 0);
  return TRUE;
}

gboolean
ld_storage_run_page (LdStorage            *self,
                     const LdPageQuery    *query,
                     LdQueryParams        *params,
                     const LdPageRequest  *page,
                     LdPageSink            sink,
                     gpointer              user_data,
                     char                **next_cursor,
                     gint64               *total,
                     GError              **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonArray) last_key = NULL;
  g_autofree char *sql = NULL;
  guint n_filter_params = params->n;
  guint n_keys = g_strv_length ((char **) query->keys);
  guint limit = page && page->limit > 0 ? MIN (page->limit, MAX_PAGE) : DEFAULT_PAGE;
  const char *cursor = page ? page->cursor : NULL;
  gboolean more = FALSE;
  guint n_rows = 0;
  LdStep step;

  g_assert (LD_IS_STORAGE (self));
  g_assert (next_cursor != NULL && total != NULL);

  *next_cursor = NULL;
  *total = 0;
  if (cursor != NULL && !decode_cursor (query, cursor, n_keys, params, total, error))
    return FALSE;
  sql = page_sql (query, params, cursor != NULL, limit);
  statement = ld_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return FALSE;
  params_bind (params, params->n, statement);

  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      if (n_rows == limit)
        {
          more = TRUE;   /* the one row more says that a next page exists */
          break;
        }
      if (!sink (self, statement, n_keys, user_data, error))
        return FALSE;
      if (++n_rows == limit)
        last_key = row_key (statement, n_keys);
    }
  if (step == LD_STEP_ERROR)
    return FALSE;
  g_clear_pointer (&statement, ld_statement_release);

  /* later pages answer the total of the first, which they carry in their cursor */
  if (cursor == NULL)
    {
      if (!more)
        *total = n_rows;
      else if (!page_count (self, query, params, n_filter_params, total, error))
        return FALSE;
    }
  if (more)
    *next_cursor = encode_cursor (query, params, n_filter_params, *total, last_key);
  return TRUE;
}

/* ---- lists: a table each (LdListSpec), run by ld_storage_run_list() */

const LdListSort *
ld_storage_list_sort (const LdListSpec  *spec,
                      const char        *name,
                      GError           **error)
{
  if (name == NULL)
    return &spec->sorts[0];
  for (guint i = 0; i < G_N_ELEMENTS (spec->sorts) && spec->sorts[i].name != NULL; i++)
    if (g_str_equal (spec->sorts[i].name, name))
      return &spec->sorts[i];
  g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "%s cannot be sorted by “%s”", spec->what, name);
  return NULL;
}

typedef struct
{
  const LdItemField *fields;
  JsonArray         *items;
} ItemSink;

static gboolean
add_item_cb (LdStorage    *self,
             LdStatement  *statement,
             guint         first,
             gpointer      user_data,
             GError      **error)
{
  ItemSink *sink = user_data;

  json_array_add_object_element (sink->items, ld_storage_item_from_row (statement, first, sink->fields));
  return TRUE;
}

/* {items, next_cursor, total}: the answer of every list */
static JsonObject *
page_answer (JsonArray   *items,
             const char  *next_cursor,
             gint64       total)
{
  JsonObject *answer = json_object_new ();

  json_object_set_array_member (answer, "items", items);
  ld_storage_set_text (answer, "next_cursor", next_cursor, FALSE);
  json_object_set_int_member (answer, "total", total);
  return answer;
}

JsonObject *
ld_storage_run_list (LdStorage            *self,
                     const LdListSpec     *spec,
                     const LdListSort     *sort,
                     gboolean              ascending,
                     const char           *where,
                     LdQueryParams        *params,
                     const LdPageRequest  *page,
                     GError              **error)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *count = g_strconcat ("SELECT count(*) FROM ", spec->from, where, NULL);
  g_autofree char *next_cursor = NULL;
  ItemSink sink = { spec->fields, items };
  LdPageQuery query = { 0 };
  gint64 total;

  for (guint i = 0; sort->keys[i] != NULL; i++)
    g_string_append_printf (select, "%s, ", sort->keys[i]);
  ld_storage_append_columns (select, spec->fields);
  g_string_append_printf (select, " FROM %s %s%s", spec->from, spec->joins, where);

  query.tag = sort->name;
  query.select = select->str;
  query.count = count;
  query.keys = sort->keys;
  query.ascending = ascending;
  if (!ld_storage_run_page (self, &query, params, page, add_item_cb, &sink, &next_cursor, &total, error))
    return NULL;
  return page_answer (g_steal_pointer (&items), next_cursor, total);
}

gboolean
ld_storage_member_where (LdStorage      *self,
                         gint64          member_id,
                         gboolean        by_account,
                         const char     *column,
                         GString        *where,
                         LdQueryParams  *params,
                         GError        **error)
{
  gint64 account_id = 0;

  if (!ld_storage_member_account (self, member_id, &account_id, error))
    return FALSE;
  g_string_append_printf (where, " WHERE %s = $%u", column,
                          ld_query_params_add_int (params, by_account ? account_id : member_id));
  return TRUE;
}

JsonObject *
ld_storage_list_of_member (LdStorage            *self,
                           gint64                member_id,
                           const LdListSpec     *spec,
                           const char           *column,
                           const LdPageRequest  *page,
                           GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);

  if (!ld_storage_member_where (self, member_id, FALSE, column, where, &params, error))
    return NULL;
  return ld_storage_run_list (self, spec, &spec->sorts[0], FALSE, where->str, &params, page, error);
}

JsonObject *
ld_storage_list_matching (LdStorage            *self,
                          const LdListSpec     *spec,
                          gboolean              ascending,
                          const char           *column,
                          const char           *value,
                          const LdPageRequest  *page,
                          GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  /* "WHERE 1 = 1" gives the page's cursor condition a WHERE to join with AND */
  if (value != NULL)
    where = g_strdup_printf (" WHERE %s = $%u", column, ld_query_params_add_text (&params, value));
  return ld_storage_run_list (self, spec, &spec->sorts[0], ascending,
                              where ? where : " WHERE 1 = 1", &params, page, error);
}

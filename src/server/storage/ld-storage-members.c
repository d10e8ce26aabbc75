/* ld-storage-members.c — members: the search-result shape, its stored summary, search,
 * and the profile
 *
 * The search-result member is written as JSON text straight into a GString
 * (member_append_json(), the one definition of that shape, with ld-json-writer.h); the schema stores it per member
 * (member_summaries, migration 3) and the storage keeps the members found lately in memory
 * (LdSummaryCache), so a search by phone or card, the call center's hot path, reads one row
 * or none.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-json-writer.h"
#include "ld-storage-private.h"

/* ---- members: the search-result shape */

#define MEMBER_COLUMNS \
  "m.id, m.first_name, m.last_name, m.middle_name, m.phone, m.email, m.birth_date, " \
  "a.balance, a.blocked, c.number, c.category, c.state"
#define N_MEMBER_COLUMNS 12
#define MEMBER_FROM \
  " FROM members m JOIN accounts a ON a.id = m.account_id " \
  "LEFT JOIN cards c ON c.owner_id = m.id AND c.main = 1 "

/* the text of a column as a JSON string, or null */
static void
write_column_text (GString     *out,
                   LdStatement *statement,
                   guint        column)
{
  ld_json_write_text (out, ld_statement_get_text (statement, column), FALSE);
}

/* [{system, level, assigned_at}…] of one member, sorted by system */
static gboolean
member_statuses_append_json (LdStorage  *self,
                             gint64      member_id,
                             GString    *out,
                             GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  gboolean first = TRUE;
  LdStep step;

  statement = ld_database_prepare (self->db,
                                   "SELECT system, level, assigned_at FROM member_statuses "
                                   "WHERE member_id = $1 ORDER BY system",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, member_id);
  g_string_append_c (out, '[');
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      if (first)
        LD_JSON_WRITE_LITERAL (out, "{");
      else
        LD_JSON_WRITE_LITERAL (out, ",{");
      first = FALSE;
      LD_JSON_WRITE_LITERAL (out, "\"system\":");
      write_column_text (out, statement, 0);
      LD_JSON_WRITE_LITERAL (out, ",\"level\":");
      write_column_text (out, statement, 1);
      LD_JSON_WRITE_LITERAL (out, ",\"assigned_at\":");
      write_column_text (out, statement, 2);
      g_string_append_c (out, '}');
    }
  if (step == LD_STEP_ERROR)
    return FALSE;
  g_string_append_c (out, ']');
  return TRUE;
}

/* the search-result member (DESIGN.md) of the MEMBER_COLUMNS starting at @first, as JSON
 * text: the one definition of that shape, which member_from_row() parses */
static gboolean
member_append_json (LdStorage    *self,
                    LdStatement  *statement,
                    guint         first,
                    GString      *out,
                    GError      **error)
{
  gint64 id = ld_statement_get_int (statement, first);

  LD_JSON_WRITE_LITERAL (out, "{\"id\":");
  ld_json_write_int (out, id);
  LD_JSON_WRITE_LITERAL (out, ",\"first_name\":");
  write_column_text (out, statement, first + 1);
  LD_JSON_WRITE_LITERAL (out, ",\"last_name\":");
  write_column_text (out, statement, first + 2);
  LD_JSON_WRITE_LITERAL (out, ",\"middle_name\":");
  ld_json_write_text (out, ld_statement_get_text (statement, first + 3), TRUE);
  LD_JSON_WRITE_LITERAL (out, ",\"phone\":");
  write_column_text (out, statement, first + 4);
  LD_JSON_WRITE_LITERAL (out, ",\"email\":");
  write_column_text (out, statement, first + 5);
  LD_JSON_WRITE_LITERAL (out, ",\"birth_date\":");
  write_column_text (out, statement, first + 6);
  LD_JSON_WRITE_LITERAL (out, ",\"main_card\":");
  if (ld_statement_get_type (statement, first + 9) == LD_COLUMN_NULL)
    LD_JSON_WRITE_LITERAL (out, "null");
  else
    {
      LD_JSON_WRITE_LITERAL (out, "{\"number\":");
      write_column_text (out, statement, first + 9);
      LD_JSON_WRITE_LITERAL (out, ",\"category\":");
      write_column_text (out, statement, first + 10);
      LD_JSON_WRITE_LITERAL (out, ",\"state\":");
      write_column_text (out, statement, first + 11);
      g_string_append_c (out, '}');
    }
  LD_JSON_WRITE_LITERAL (out, ",\"balance\":");
  ld_json_write_int (out, ld_statement_get_int (statement, first + 7));
  LD_JSON_WRITE_LITERAL (out, ",\"blocked\":");
  ld_json_write_bool (out, ld_statement_get_bool (statement, first + 8));
  LD_JSON_WRITE_LITERAL (out, ",\"statuses\":");
  if (!member_statuses_append_json (self, id, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}

static JsonObject *
member_from_row (LdStorage    *self,
                 LdStatement  *statement,
                 guint         first,
                 GError      **error)
{
  g_autoptr(GString) text = g_string_sized_new (512);

  if (!member_append_json (self, statement, first, text, error))
    return NULL;
  return ld_json_parse_object (text->str, text->len, error);
}

/* ---- the search summary (schema migration 3): member_append_json() stored per member,
 * deleted by the schema's triggers whenever anything it shows changes */

static gboolean
store_summary (LdStorage   *self,
               gint64       member_id,
               const char  *json,
               GError     **error)
{
  return ld_storage_run (self, error,
                         "INSERT INTO member_summaries (member_id, json) VALUES ($1, $2) "
                         "ON CONFLICT (member_id) DO UPDATE SET json = excluded.json",
                         "it", member_id, json);
}

gboolean
ld_storage_fill_summaries_locked (LdStorage  *self,
                                  GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) json = g_string_sized_new (1024);
  LdStep step;

  /* NOT IN reads the summaries once, before the first insert into them */
  statement = ld_database_prepare (self->db,
                                   "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM
                                   "WHERE m.id NOT IN (SELECT member_id FROM member_summaries) "
                                   "ORDER BY m.id",
                                   error);
  if (statement == NULL)
    return FALSE;
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      g_string_truncate (json, 0);
      if (!member_append_json (self, statement, 1, json, error) ||
          !store_summary (self, ld_statement_get_int (statement, 0), json->str, error))
        return FALSE;
    }
  return step == LD_STEP_DONE;
}

/* the search-result member with the phone @value, or owning the card @value (@by_card),
 * appended to @out from its summary (one walk of the phone or card index and one of the
 * summaries), *@member_id 0 and nothing appended when there is none. A member without a
 * summary is rendered as before and its summary stored in this same snapshot, so it can
 * only be written if nothing changed since (else SQLite refuses the write and the answer
 * stands). *@stored says whether the summary appended was stored before this snapshot
 * (one rendered now may yet be rolled back). The search's hot path and a call's screen pop
 * both read the member here. */
gboolean
ld_storage_summary_append_json (LdStorage   *self,
                                gboolean     by_card,
                                const char  *value,
                                GString     *out,
                                gint64      *member_id,
                                gboolean    *stored,
                                GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize start = out->len;
  LdStep step;

  *member_id = 0;
  *stored = FALSE;
  statement = ld_database_prepare (self->db,
                                              by_card
                                              ? "SELECT s.member_id, s.json FROM cards k JOIN member_summaries s "
                                                "ON s.member_id = k.owner_id WHERE k.number = $1"
                                              : "SELECT s.member_id, s.json FROM members m JOIN member_summaries s "
                                                "ON s.member_id = m.id WHERE m.phone = $1",
                                              error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, value);
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ERROR)
    return FALSE;
  if (step == LD_STEP_ROW)
    {
      *member_id = ld_statement_get_int (statement, 0);
      *stored = TRUE;
      g_string_append (out, ld_statement_get_text (statement, 1));
      return TRUE;
    }

  g_clear_pointer (&statement, ld_statement_release);
  statement = ld_database_prepare (self->db,
                                              by_card
                                              ? "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM
                                                "WHERE m.id = (SELECT owner_id FROM cards WHERE number = $1)"
                                              : "SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM "WHERE m.phone = $1",
                                              error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, value);
  step = ld_statement_step (statement, error);
  if (step != LD_STEP_ROW)
    return step == LD_STEP_DONE;

  *member_id = ld_statement_get_int (statement, 0);
  if (!member_append_json (self, statement, 1, out, error))
    return FALSE;
  g_clear_pointer (&statement, ld_statement_release);
  if (!store_summary (self, *member_id, out->str + start, &local_error))
    g_debug ("Search summary of member %" G_GINT64_FORMAT " not stored: %s",
             *member_id, local_error->message);
  return TRUE;
}

static void
search_one_answer_start (GString *out)
{
  LD_JSON_WRITE_LITERAL (out, "{\"items\":[");
}

static void
search_one_answer_end (GString *out,
                       gboolean found)
{
  LD_JSON_WRITE_LITERAL (out, "],\"next_cursor\":null,\"total\":");
  ld_json_write_int (out, found ? 1 : 0);
  g_string_append_c (out, '}');
}

/* the first page of a search by phone or by card alone: at most one member, its summary,
 * remembered in memory when it was stored before: a member is only kept in memory while
 * its stored summary exists, whose deletion then forgets it */
static gboolean
search_one_json (LdStorage   *self,
                 gboolean     by_card,
                 const char  *value,
                 GString     *out,
                 GError     **error)
{
  gint64 member_id;
  gboolean stored;
  gsize start;

  search_one_answer_start (out);
  start = out->len;
  if (!ld_storage_summary_append_json (self, by_card, value, out, &member_id, &stored, error))
    return FALSE;
  if (stored)
    ld_summary_cache_insert (self->summaries, by_card ? LD_SUMMARY_KEY_CARD : LD_SUMMARY_KEY_PHONE,
                             value, member_id, out->str + start, out->len - start);
  search_one_answer_end (out, member_id != 0);
  return TRUE;
}

/* a search by phone or by card alone, first page: at most one member, its summary (the
 * call center's hot path) */
gboolean
ld_storage_search_is_by_one_key (const LdMemberQuery *query,
                                 const LdPageRequest *page)
{
  return (query->phone != NULL) != (query->card != NULL) &&
         query->email == NULL && query->name == NULL && query->birth_date == NULL &&
         query->n_answers == 0 && (page == NULL || page->cursor == NULL);
}

/* the answer of a search by one key (ld_storage_search_is_by_one_key()) from memory; NULL when the
 * member is not there (or another connection changed it: the check forgets it first) */
static char *
search_one_cached (LdStorage            *self,
                   const LdMemberQuery  *query,
                   gsize                *length)
{
  LD_STORAGE_LOCK (self);
  gboolean by_card = query->card != NULL;
  const char *json;
  gsize json_length;
  GString *out;

  if (!ld_storage_check_changes_locked (self))
    return NULL;
  json = ld_summary_cache_lookup (self->summaries, by_card ? LD_SUMMARY_KEY_CARD : LD_SUMMARY_KEY_PHONE,
                                  by_card ? query->card : query->phone, &json_length);
  if (json == NULL)
    return NULL;

  self->summaries_answered++;
  out = g_string_sized_new (json_length + 64);
  search_one_answer_start (out);
  g_string_append_len (out, json, json_length);
  search_one_answer_end (out, TRUE);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- member search */

/* the smallest string greater than every string starting with @prefix, or NULL */
static char *
prefix_upper_bound (const char *prefix)
{
  glong n_chars = g_utf8_strlen (prefix, -1);
  g_autofree gunichar *chars = NULL;
  gunichar last;

  if (n_chars == 0)
    return NULL;
  chars = g_utf8_to_ucs4_fast (prefix, -1, NULL);
  last = chars[n_chars - 1];
  if (last >= 0x10FFFF)
    return NULL;
  last++;
  if (last >= 0xD800 && last <= 0xDFFF)
    last = 0xE000;
  chars[n_chars - 1] = last;
  return g_ucs4_to_utf8 (chars, n_chars, NULL, NULL, NULL);
}

/* a page's member as JSON text, after a comma unless it is the first */
static gboolean
append_member_cb (LdStorage    *self,
                  LdStatement  *statement,
                  guint         first,
                  gpointer      user_data,
                  GError      **error)
{
  GString *out = user_data;

  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  return member_append_json (self, statement, first, out, error);
}

static gboolean
add_prefix_range (GString     *where,
                  LdQueryParams *params,
                  const char    *column,
                  const char  *word)
{
  g_autofree char *folded = ld_storage_fold (word);
  g_autofree char *upper = prefix_upper_bound (folded);

  g_string_append_printf (where, " AND %s >= $%u", column, ld_query_params_add_text (params, folded));
  if (upper != NULL)
    g_string_append_printf (where, " AND %s < $%u", column, ld_query_params_add_text (params, upper));
  return TRUE;
}

/* the answers with columns of their own: compared there, names and e-mail in any case as
 * the other criteria compare them; @indexed says whether an index leads a search there */
static const struct {
  const char *key;
  const char *column;
  gboolean    fold;
  gboolean    indexed;
} answer_columns[] = {
  { "last_name", "m.last_name_fold", TRUE, TRUE },
  { "first_name", "m.first_name_fold", TRUE, TRUE },
  { "middle_name", "m.middle_name_fold", TRUE, FALSE },
  { "email", "m.email_fold", TRUE, TRUE },
  { "birth_date", "m.birth_date", FALSE, TRUE },
};

static int
answer_column_of (const LdAnswerCriterion *answer)
{
  for (guint i = 0; i < G_N_ELEMENTS (answer_columns); i++)
    if (g_str_equal (answer->key, answer_columns[i].key))
      return i;
  return -1;
}

/* at most @cap: how many members have @answer, to pick the answer that leads a search */
#define ANSWER_ESTIMATE_CAP 10000
static gboolean
estimate_answer (LdStorage               *self,
                 const LdAnswerCriterion *answer,
                 gint64                  *estimate,
                 GError                 **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db,
                                   "SELECT count(*) FROM (SELECT 1 FROM member_answers "
                                   "WHERE key = $1 AND value = $2 LIMIT $3) s",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, answer->key);
  ld_statement_bind_text (statement, 2, answer->value);
  ld_statement_bind_int (statement, 3, ANSWER_ESTIMATE_CAP);
  if (ld_statement_step (statement, error) != LD_STEP_ROW)
    return FALSE;
  *estimate = ld_statement_get_int (statement, 0);
  return TRUE;
}

/* the query's answers into @where. The answers stored in member_answers (schema migration
 * 9) are each one probe of its (key, value, member_id) key for a member found otherwise;
 * when nothing else leads the search (no phone, card, e-mail, name or birth date, no
 * answer in an indexed column), the rarest of them leads instead: its stretch of that
 * key, already in member id order, is the search's (alias q), so a page reads as many
 * entries as it shows and the total counts one stretch of one index. *@led_by_answer
 * says so; *@reads_member whether @where then still reads the member's row. */
static gboolean
add_answer_criteria (LdStorage            *self,
                     const LdMemberQuery  *query,
                     gboolean              led,
                     GString              *where,
                     LdQueryParams        *params,
                     gboolean             *led_by_answer,
                     gboolean             *reads_member,
                     GError              **error)
{
  gint64 best = G_MAXINT64;
  int leader = -1;
  guint n_stored = 0;

  *led_by_answer = FALSE;
  *reads_member = FALSE;

  for (guint i = 0; i < query->n_answers; i++)
    {
      int column = answer_column_of (&query->answers[i]);
      g_autofree char *folded = NULL;

      if (column < 0)
        continue;
      folded = answer_columns[column].fold ? ld_storage_fold (query->answers[i].value) : NULL;
      g_string_append_printf (where, " AND %s = $%u", answer_columns[column].column,
                              ld_query_params_add_text (params, folded ? folded : query->answers[i].value));
      led |= answer_columns[column].indexed;
      *reads_member = TRUE;
    }

  for (guint i = 0; !led && i < query->n_answers; i++)
    if (answer_column_of (&query->answers[i]) < 0)
      n_stored++;
  for (guint i = 0; !led && i < query->n_answers; i++)
    {
      gint64 estimate = 0;

      if (answer_column_of (&query->answers[i]) >= 0)
        continue;
      /* one answer leads alone: nothing to weigh it against */
      if (n_stored > 1 && !estimate_answer (self, &query->answers[i], &estimate, error))
        return FALSE;
      if (estimate < best)
        {
          best = estimate;
          leader = i;
        }
    }

  for (guint i = 0; i < query->n_answers; i++)
    {
      guint key;

      if (answer_column_of (&query->answers[i]) >= 0)
        continue;
      key = ld_query_params_add_text (params, query->answers[i].key);
      if ((int) i == leader)
        g_string_append_printf (where, " AND q.key = $%u AND q.value = $%u",
                                key, ld_query_params_add_text (params, query->answers[i].value));
      else
        g_string_append_printf (where,
                                " AND EXISTS (SELECT 1 FROM member_answers x "
                                "WHERE x.key = $%u AND x.value = $%u AND x.member_id = %s)",
                                key, ld_query_params_add_text (params, query->answers[i].value),
                                leader >= 0 ? "q.member_id" : "m.id");
    }

  *led_by_answer = leader >= 0;
  return TRUE;
}

/* every search but the one answered from memory */
static char *
search_members_json (LdStorage            *self,
                     const LdMemberQuery  *query,
                     const LdPageRequest  *page,
                     gsize                *length,
                     GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  static const char * const id_keys[] = { "m.id", NULL };
  static const char * const answer_keys[] = { "q.member_id", NULL };
  static const char * const name_keys[] = { "m.last_name_fold", "m.first_name_fold", "m.middle_name_fold", "m.id", NULL };
  static const char * const name_columns[] = { "m.last_name_fold", "m.first_name_fold", "m.middle_name_fold" };
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (" WHERE 1 = 1");
  g_autofree char *select = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *next_cursor = NULL;
  gboolean by_name = FALSE;
  gboolean led_by_answer = FALSE;
  gboolean reads_member = FALSE;
  LdPageQuery page_query = { 0 };
  gint64 total;

  if (query->phone != NULL)
    g_string_append_printf (where, " AND m.phone = $%u", ld_query_params_add_text (&params, query->phone));
  if (query->card != NULL)
    g_string_append_printf (where, " AND m.id = (SELECT owner_id FROM cards WHERE number = $%u)",
                            ld_query_params_add_text (&params, query->card));
  if (query->email != NULL)
    {
      g_autofree char *folded = ld_storage_fold (query->email);

      g_string_append_printf (where, " AND m.email_fold = $%u", ld_query_params_add_text (&params, folded));
    }
  if (query->birth_date != NULL)
    g_string_append_printf (where, " AND m.birth_date = $%u", ld_query_params_add_text (&params, query->birth_date));
  if (query->name != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (query->name, " \t\n", -1);
      guint n_words = 0;

      for (guint i = 0; words[i] != NULL; i++)
        {
          if (*words[i] == '\0')
            continue;
          if (n_words == G_N_ELEMENTS (name_columns))
            {
              g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                                   "A name is at most three words: last, first and middle name");
              return NULL;
            }
          add_prefix_range (where, &params, name_columns[n_words++], words[i]);
        }
      if (n_words == 0)
        {
          g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "The name to search for is empty");
          return NULL;
        }
      by_name = TRUE;
    }
  if (query->n_answers > 0 &&
      !add_answer_criteria (self, query, params.n > 0, where, &params, &led_by_answer, &reads_member, error))
    return NULL;
  if (params.n == 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_MALFORMED, "Say what to search for");
      return NULL;
    }

  if (ld_storage_search_is_by_one_key (query, page))
    {
      out = g_string_sized_new (1024);
      if (!search_one_json (self, query->card != NULL, query->card ? query->card : query->phone, out, error))
        return NULL;
      if (length != NULL)
        *length = out->len;
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (by_name)
    select = g_strconcat ("SELECT m.last_name_fold, m.first_name_fold, m.middle_name_fold, m.id, "
                          MEMBER_COLUMNS MEMBER_FROM, where->str, NULL);
  else if (led_by_answer)
    select = g_strconcat ("SELECT q.member_id, " MEMBER_COLUMNS
                          " FROM member_answers q JOIN members m ON m.id = q.member_id"
                          " JOIN accounts a ON a.id = m.account_id"
                          " LEFT JOIN cards c ON c.owner_id = m.id AND c.main = 1 ",
                          where->str, NULL);
  else
    select = g_strconcat ("SELECT m.id, " MEMBER_COLUMNS MEMBER_FROM, where->str, NULL);
  if (led_by_answer)
    count = g_strconcat ("SELECT count(*) FROM member_answers q",
                         reads_member ? " JOIN members m ON m.id = q.member_id" : "", where->str, NULL);
  else
    count = g_strconcat ("SELECT count(*) FROM members m", where->str, NULL);

  page_query.tag = by_name ? "name" : "id";
  page_query.select = select;
  page_query.count = count;
  page_query.keys = by_name ? name_keys : led_by_answer ? answer_keys : id_keys;
  page_query.ascending = TRUE;
  page_query.unique = query->phone != NULL || query->card != NULL;

  out = g_string_sized_new (1024);
  LD_JSON_WRITE_LITERAL (out, "{\"items\":[");
  if (!ld_storage_run_page (self, &page_query, &params, page, append_member_cb, out,
                            &next_cursor, &total, error))
    return NULL;
  LD_JSON_WRITE_LITERAL (out, "],\"next_cursor\":");
  ld_json_write_text (out, next_cursor, FALSE);
  LD_JSON_WRITE_LITERAL (out, ",\"total\":");
  ld_json_write_int (out, total);
  g_string_append_c (out, '}');
  if (length != NULL)
    *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ld_storage_search_members_json:
 * @length: (out) (optional): the length of the answer
 *
 * A name search is sorted by last, first, middle name; every other search by id.
 * A name is one to three words: prefixes of the last, first and middle name in that order.
 * A search by phone or by card alone is answered from memory when its member was found
 * lately (see ld_storage_set_search_cache_size()), as the database would answer it.
 *
 * Returns: (transfer full): a page of search-result members as JSON text
 */
char *
ld_storage_search_members_json (LdStorage            *self,
                                const LdMemberQuery  *query,
                                const LdPageRequest  *page,
                                gsize                *length,
                                GError              **error)
{
  char *answer;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (ld_storage_search_is_by_one_key (query, page) && (answer = search_one_cached (self, query, length)) != NULL)
    return answer;
  return search_members_json (self, query, page, length, error);
}

/**
 * ld_storage_search_members:
 *
 * ld_storage_search_members_json() as a #JsonObject.
 *
 * Returns: (transfer full): a page of search-result members
 */
JsonObject *
ld_storage_search_members (LdStorage            *self,
                           const LdMemberQuery  *query,
                           const LdPageRequest  *page,
                           GError              **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  text = ld_storage_search_members_json (self, query, page, &length, error);
  if (text == NULL)
    return NULL;
  return ld_json_parse_object (text, length, error);
}

/* ---- the profile */

gboolean
ld_storage_member_account (LdStorage  *self,
                           gint64      member_id,
                           gint64     *account_id,
                           GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  if (!ld_storage_query_member_row (self, "SELECT account_id FROM members WHERE id = $1", member_id,
                                    &statement, error))
    return FALSE;
  if (account_id != NULL)
    *account_id = ld_statement_get_int (statement, 0);
  return TRUE;
}

static void
set_column_text (JsonObject  *object,
                 const char  *member,
                 LdStatement *statement,
                 guint        column)
{
  ld_storage_set_text (object, member, ld_statement_get_text (statement, column), FALSE);
}

static JsonObject *
parse_object_or_empty (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = NULL;

  if (text != NULL)
    object = ld_json_parse_object (text, -1, &error);
  if (object == NULL)
    {
      if (error != NULL)
        g_debug ("A stored JSON document is broken: %s", error->message);
      object = json_object_new ();
    }
  return object;
}

/* the other members of a merged (family) account, each in the search-result shape (its
 * names, phone and main card), by id */
static JsonArray *
merged_members_locked (LdStorage  *self,
                       gint64      account_id,
                       gint64      member_id,
                       GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonArray) merged = json_array_new ();
  LdStep step;

  statement = ld_database_prepare (self->db,
                                   "SELECT " MEMBER_COLUMNS MEMBER_FROM
                                   "WHERE m.account_id = $1 AND m.id <> $2 ORDER BY m.id",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, account_id);
  ld_statement_bind_int (statement, 2, member_id);
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      JsonObject *other = member_from_row (self, statement, 0, error);

      if (other == NULL)
        return NULL;
      json_array_add_object_element (merged, other);
    }
  if (step == LD_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&merged);
}

/**
 * ld_storage_get_member:
 *
 * Returns: (transfer full): the profile of GET /members/{id}, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_get_member (LdStorage  *self,
                       gint64      member_id,
                       GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonArray) cards = NULL;
  g_autoptr(JsonArray) merged = NULL;
  JsonObject *answers;
  JsonObject *account;
  gint64 account_id;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!ld_storage_query_member_row (self,
                                    "SELECT " MEMBER_COLUMNS ", m.answers, m.consents, m.version, "
                                    "m.created_at, m.updated_at, m.account_id, a.blocked_reason, "
                                    "m.password_hash IS NOT NULL"
                                    MEMBER_FROM "WHERE m.id = $1",
                                    member_id, &statement, error))
    return NULL;

  member = member_from_row (self, statement, 0, error);
  if (member == NULL)
    return NULL;

  /* the form's answers: the stored ones, and those that live in their own columns */
  answers = parse_object_or_empty (ld_statement_get_text (statement, N_MEMBER_COLUMNS));
  set_column_text (answers, "last_name", statement, 2);
  set_column_text (answers, "first_name", statement, 1);
  ld_storage_set_text (answers, "middle_name", ld_statement_get_text (statement, 3), TRUE);
  set_column_text (answers, "birth_date", statement, 6);
  set_column_text (answers, "email", statement, 5);
  json_object_set_object_member (member, "answers", answers);
  json_object_set_object_member (member, "consents",
                                 parse_object_or_empty (ld_statement_get_text (statement, N_MEMBER_COLUMNS + 1)));
  json_object_set_int_member (member, "version", ld_statement_get_int (statement, N_MEMBER_COLUMNS + 2));
  set_column_text (member, "created_at", statement, N_MEMBER_COLUMNS + 3);
  set_column_text (member, "updated_at", statement, N_MEMBER_COLUMNS + 4);
  account_id = ld_statement_get_int (statement, N_MEMBER_COLUMNS + 5);
  json_object_set_boolean_member (member, "has_password",
                                  ld_statement_get_bool (statement, N_MEMBER_COLUMNS + 7));

  account = json_object_new ();
  json_object_set_int_member (account, "id", account_id);
  json_object_set_int_member (account, "balance", ld_statement_get_int (statement, 7));
  json_object_set_boolean_member (account, "blocked", ld_statement_get_bool (statement, 8));
  set_column_text (account, "blocked_reason", statement, N_MEMBER_COLUMNS + 6);
  json_object_set_object_member (member, "account", account);
  g_clear_pointer (&statement, ld_statement_release);

  /* cards: the main one first, then by activation */
  cards = ld_storage_list_member_cards_locked (self, member_id, error);
  if (cards == NULL)
    return NULL;
  json_object_set_array_member (member, "cards", g_steal_pointer (&cards));

  /* the other members of a merged (family) account */
  merged = merged_members_locked (self, account_id, member_id, error);
  if (merged == NULL)
    return NULL;
  json_object_set_array_member (member, "merged_members", g_steal_pointer (&merged));

  return g_steal_pointer (&member);
}

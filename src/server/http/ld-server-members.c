/* ld-server-members.c — member search, the profile and its lists
 *
 * Input is checked and normalised here (phones to E.164, card numbers, e-mails, dates)
 * so storage sees only clean values; a value that cannot be one of those is a 422 that
 * names the parameter, an unknown choice (sort=foo) a 400 that names it.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define MAX_NAME_WORDS 3
#define MAX_NAME_LENGTH 100
#define MAX_RECEIPT_LENGTH 64
#define MAX_KEYWORD_LENGTH 32
#define MAX_ANSWER_LENGTH 200
#define MAX_ANSWER_CRITERIA 10

static const char * const order_choices[] = { "asc", "desc", NULL };

/* ---- search */

static char *
normalize_name (LdRequest   *request,
                const char  *input,
                GError     **error)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  guint n_words = 0;

  if (g_utf8_strlen (input, -1) > MAX_NAME_LENGTH)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   ld_request_translate_format (request, N_("A name to search for has at most %d characters.")),
                   MAX_NAME_LENGTH);
      return NULL;
    }

  words = g_strsplit_set (input, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (++n_words > MAX_NAME_WORDS)
        {
          g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                               ld_request_translate (request, N_("Search by at most three words of the name: last, first and middle.")));
          return NULL;
        }
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, words[i]);
    }

  if (n_words == 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                           ld_request_translate (request, N_("Enter a name to search for.")));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static char *
normalize_criterion (LdRequest   *request,
                     const char  *kind,
                     const char  *input,
                     GError     **error)
{
  if (g_str_equal (kind, "phone"))
    return ld_phone_normalize_full (input, ld_request_translate_cb, request, error);
  if (g_str_equal (kind, "card"))
    return ld_card_number_normalize_full (input, ld_request_translate_cb, request, error);
  if (g_str_equal (kind, "email"))
    return ld_email_normalize_full (input, ld_request_translate_cb, request, error);
  if (g_str_equal (kind, "birth_date"))
    return ld_date_normalize_full (input, ld_request_translate_cb, request, error);
  return normalize_name (request, input, error);
}

/* ---- answers.<key>=: the application form's answers */

/* the key of a parameter answers.<key> or answers[<key>] (the router let only these
 * through), or NULL for any other parameter */
static char *
answer_key_of (const char *name)
{
  gsize length = strlen (name);

  if (g_str_has_prefix (name, "answers."))
    return g_strdup (name + strlen ("answers."));
  if (g_str_has_prefix (name, "answers[") && length > strlen ("answers[]") && name[length - 1] == ']')
    return g_strndup (name + strlen ("answers["), length - strlen ("answers[]"));
  return NULL;
}

/* @input as the answers of @field's type are stored (see LdAnswerCriterion) */
static char *
normalize_answer (LdRequest   *request,
                  JsonObject  *field,
                  const char  *input,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (input));
  const char *type = NULL;
  gint64 number;

  if (!ld_json_get_string (field, "type", "text", &type) || type == NULL)
    type = "text";

  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > MAX_ANSWER_LENGTH)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   ld_request_translate_format (request, N_("An answer to search for is 1 to %d characters.")),
                   MAX_ANSWER_LENGTH);
      return NULL;
    }

  if (g_str_equal (type, "date"))
    return ld_date_normalize_full (trimmed, ld_request_translate_cb, request, error);
  if (g_str_equal (type, "phone"))
    return ld_phone_normalize_full (trimmed, ld_request_translate_cb, request, error);
  if (g_str_equal (type, "email"))
    return ld_email_normalize_full (trimmed, ld_request_translate_cb, request, error);
  if (g_str_equal (type, "number"))
    {
      if (!g_ascii_string_to_signed (trimmed, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                               ld_request_translate (request, N_("This answer is a number: search by a whole number, such as 2.")));
          return NULL;
        }
      return g_strdup_printf ("%" G_GINT64_FORMAT, number);
    }
  if (g_str_equal (type, "bool"))
    {
      static const char * const yes[] = { "true", "yes", "1", NULL };
      static const char * const no[] = { "false", "no", "0", NULL };
      g_autofree char *lower = g_ascii_strdown (trimmed, -1);

      if (g_strv_contains (yes, lower))
        return g_strdup ("true");
      if (g_strv_contains (no, lower))
        return g_strdup ("false");
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                           ld_request_translate (request, N_("This answer is yes or no: search by true or false.")));
      return NULL;
    }
  if (g_str_equal (type, "choice"))
    {
      if (!ld_config_has_option (field, NULL, "options", trimmed))
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       ld_request_translate_format (request, N_("“%s” is not one of this field's choices: search by a choice's key.")),
                       trimmed);
          return NULL;
        }
    }
  return g_steal_pointer (&trimmed);
}

/* every answers.<key>= of the request, checked against the application form, into
 * @criteria (their strings owned by @strings); FALSE after answering */
static gboolean
get_answer_criteria (LdServer   *self,
                     LdRequest  *request,
                     GArray     *criteria,
                     GPtrArray  *strings)
{
  g_autoptr(JsonObject) config = NULL;
  GHashTableIter iter;
  const char *name;
  const char *value;

  if (request->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      g_autofree char *key = answer_key_of (name);
      g_autoptr(GError) error = NULL;
      LdAnswerCriterion criterion;
      JsonObject *field;
      char *normalized;

      if (key == NULL)
        continue;
      if (criteria->len == MAX_ANSWER_CRITERIA)
        {
          ld_request_respond_error (request, 400, "malformed", name,
                                    N_("Search by at most %d answers at once."), MAX_ANSWER_CRITERIA);
          return FALSE;
        }
      if (config == NULL && (config = ld_server_load_config (self, request)) == NULL)
        return FALSE;
      field = ld_config_find_option (ld_config_get_array (config, "application_form"), key);
      if (field == NULL)
        {
          g_autofree char *shown = ld_request_shown_name (key);

          ld_request_respond_error (request, 422, "invalid_field", name,
                                    N_("The application form has no field “%s”."), shown);
          return FALSE;
        }
      normalized = normalize_answer (request, field, value ? value : "", &error);
      if (normalized == NULL)
        {
          ld_request_respond_gerror (request, error, name);
          return FALSE;
        }

      g_ptr_array_add (strings, normalized);
      criterion.value = normalized;
      criterion.key = g_steal_pointer (&key);
      g_ptr_array_add (strings, (char *) criterion.key);
      g_array_append_val (criteria, criterion);
    }

  return TRUE;
}

/* a search as the storage takes it, with what its query points to */
typedef struct
{
  char           *values[5];      /* kinds[]' normalised values, NULL where not given */
  GArray         *answers;        /* LdAnswerCriterion */
  GPtrArray      *answer_strings; /* what answers point to */
  LdMemberQuery   query;
  LdPageRequest   page;
  const char     *guessed;        /* (nullable) what "q" read as: one of kinds[] */
} SearchRead;

static void
search_read_free (gpointer data)
{
  SearchRead *search = data;

  for (guint i = 0; i < G_N_ELEMENTS (search->values); i++)
    g_free (search->values[i]);
  g_array_unref (search->answers);
  g_ptr_array_unref (search->answer_strings);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchRead, search_read_free)

/* an LdStorageReadFunc: the page as JSON text */
static char *
read_search (LdStorage  *storage,
             gpointer    data,
             GError    **error)
{
  SearchRead *search = data;
  char *answer;
  char *with_kind;
  gsize length = 0;

  /* the hot path: the page comes as JSON text, built without a JsonNode tree */
  answer = ld_storage_search_members_json (storage, &search->query, &search->page, &length, error);
  if (answer == NULL || search->guessed == NULL)
    return answer;

  /* {"items":…,"total":N} gets "kind" last: one of kinds[], nothing to escape */
  g_assert (length > 0 && answer[length - 1] == '}');
  answer[length - 1] = '\0';
  with_kind = g_strconcat (answer, ",\"kind\":\"", search->guessed, "\"}", NULL);
  g_free (answer);
  return with_kind;
}

void
ld_server_handle_search_members (LdServer  *self,
                                 LdRequest *request)
{
  static const char * const kinds[] = { "phone", "card", "email", "name", "birth_date", NULL };
  g_autoptr(SearchRead) search = g_new0 (SearchRead, 1);
  g_autoptr(GError) error = NULL;
  char **values = search->values;
  const char *q;
  gboolean any = FALSE;

  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == G_N_ELEMENTS (search->values) + 1);

  search->answers = g_array_new (FALSE, FALSE, sizeof (LdAnswerCriterion));
  search->answer_strings = g_ptr_array_new_with_free_func (g_free);

  if (!ld_request_get_page (request, &search->page))
    return;

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      const char *input = ld_request_get_query (request, kinds[i]);

      if (input == NULL || input[0] == '\0')
        continue;
      values[i] = normalize_criterion (request, kinds[i], input, &error);
      if (values[i] == NULL)
        {
          ld_request_respond_gerror (request, error, kinds[i]);
          return;
        }
      any = TRUE;
    }

  q = ld_request_get_query (request, "q");
  if (q != NULL && q[0] != '\0')
    {
      guint i;

      search->guessed = ld_guess_query_kind (q);
      for (i = 0; kinds[i] != NULL; i++)
        if (g_str_equal (kinds[i], search->guessed))
          break;
      g_assert (kinds[i] != NULL);

      if (values[i] != NULL)
        {
          ld_request_respond_error (request, 400, "malformed", "q",
                                    N_("“q” reads as a %s, which the request already gives."), search->guessed);
          return;
        }
      values[i] = normalize_criterion (request, kinds[i], q, &error);
      if (values[i] == NULL)
        {
          ld_request_respond_gerror (request, error, "q");
          return;
        }
      any = TRUE;
    }

  if (!get_answer_criteria (self, request, search->answers, search->answer_strings))
    return;
  any |= search->answers->len > 0;

  if (!any)
    {
      ld_request_respond_error (request, 400, "malformed", NULL,
                                N_("Search by at least one of phone, card, email, name, birth_date or q."));
      return;
    }

  search->query.phone = values[0];
  search->query.card = values[1];
  search->query.email = values[2];
  search->query.name = values[3];
  search->query.birth_date = values[4];
  search->query.answers = (const LdAnswerCriterion *) (gpointer) search->answers->data;
  search->query.n_answers = search->answers->len;

  /* a search by one phone or card is an index probe, often answered from the search
   * summaries in memory, which only the main storage keeps: it stays on the main loop */
  if (ld_storage_search_is_by_one_key (&search->query, &search->page))
    {
      char *answer = read_search (ld_server_get_storage (self), search, &error);

      ld_request_respond_answer_text (request, answer, error);
      return;
    }
  ld_request_respond_read (request, LD_STORAGE_READ_SCAN, read_search, g_steal_pointer (&search), search_read_free);
}

/* ---- the profile and its lists */

/* a part of member {id} as the storage gives it */
typedef JsonObject * (*MemberPartFunc) (LdStorage  *storage,
                                        gint64      member_id,
                                        GError    **error);
/* a page of one of member {id}'s histories */
typedef JsonObject * (*MemberPageFunc) (LdStorage           *storage,
                                        gint64               member_id,
                                        const LdPageRequest *page,
                                        GError             **error);

/* a read of member {id}: one of its parts, or a page of one of its histories; the
 * queries point into the request, which waits for the answer */
typedef enum
{
  MEMBER_PART,
  MEMBER_PAGE,
  MEMBER_PURCHASES,
  MEMBER_OPERATIONS,
  MEMBER_MESSAGES,
} MemberReadKind;

typedef struct
{
  MemberReadKind    kind;
  gint64            member_id;
  LdPageRequest     page;
  MemberPartFunc    get_part;
  MemberPageFunc    list_page;
  LdPurchaseQuery   purchases;
  LdOperationQuery  operations;
  LdMessageQuery    messages;
  char             *card;      /* operations.card, normalised */
} MemberRead;

static void
member_read_free (gpointer data)
{
  MemberRead *read = data;

  g_free (read->card);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemberRead, member_read_free)

static MemberRead *
member_read_new (LdRequest      *request,
                 MemberReadKind  kind)
{
  MemberRead *read = g_new0 (MemberRead, 1);

  read->kind = kind;
  read->member_id = request->id;
  return read;
}

/* an LdStorageReadFunc */
static char *
read_member (LdStorage  *storage,
             gpointer    data,
             GError    **error)
{
  MemberRead *read = data;
  g_autoptr(JsonObject) answer = NULL;

  switch (read->kind)
    {
    case MEMBER_PART:
      answer = read->get_part (storage, read->member_id, error);
      break;
    case MEMBER_PAGE:
      answer = read->list_page (storage, read->member_id, &read->page, error);
      break;
    case MEMBER_PURCHASES:
      answer = ld_storage_list_purchases (storage, read->member_id, &read->purchases, &read->page, error);
      break;
    case MEMBER_OPERATIONS:
      answer = ld_storage_list_operations (storage, read->member_id, &read->operations, &read->page, error);
      break;
    case MEMBER_MESSAGES:
      answer = ld_storage_list_messages (storage, read->member_id, &read->messages, &read->page, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return answer != NULL ? ld_json_object_to_string (answer) : NULL;
}

static void
respond_member_read (LdRequest  *request,
                     MemberRead *read)
{
  ld_request_respond_read (request, LD_STORAGE_READ_SHORT, read_member, read, member_read_free);
}

static void
respond_member_part (LdRequest      *request,
                     MemberPartFunc  get_part)
{
  MemberRead *read = member_read_new (request, MEMBER_PART);

  read->get_part = get_part;
  respond_member_read (request, read);
}

static void
respond_member_page (LdRequest      *request,
                     MemberPageFunc  list_page)
{
  g_autoptr(MemberRead) read = member_read_new (request, MEMBER_PAGE);

  if (!ld_request_get_page (request, &read->page))
    return;
  read->list_page = list_page;
  respond_member_read (request, g_steal_pointer (&read));
}

void
ld_server_handle_get_member (LdServer  *self,
                             LdRequest *request)
{
  respond_member_part (request, ld_storage_get_member);
}

static gboolean
get_keyword (LdRequest   *request,
             const char  *name,
             const char **out)
{
  const char *value = ld_request_get_query (request, name);
  gsize length;

  *out = NULL;
  if (value == NULL || value[0] == '\0')
    return TRUE;

  length = strlen (value);
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_islower (value[i]) || g_ascii_isdigit (value[i]) || value[i] == '_'))
      length = 0;
  if (length == 0 || length > MAX_KEYWORD_LENGTH)
    {
      ld_request_respond_error (request, 400, "malformed", name,
                                N_("“%s” is a lower-case keyword such as “sms”."), name);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

void
ld_server_handle_purchases (LdServer  *self,
                            LdRequest *request)
{
  static const char * const sorts[] = { "date", "pos", "program", NULL };
  static const char * const statuses[] = { "confirmed", "incomplete", "canceled", NULL };
  g_autoptr(MemberRead) read = member_read_new (request, MEMBER_PURCHASES);
  LdPurchaseQuery *query = &read->purchases;
  const char *order;
  const char *receipt;

  if (!ld_request_get_page (request, &read->page) ||
      !ld_request_get_choice (request, "sort", sorts, "date", &query->sort) ||
      !ld_request_get_choice (request, "order", order_choices, "desc", &order) ||
      !ld_request_get_choice (request, "status", statuses, NULL, &query->status))
    return;
  query->ascending = g_str_equal (order, "asc");

  receipt = ld_request_get_query (request, "receipt");
  if (receipt != NULL && receipt[0] != '\0')
    {
      if (strlen (receipt) > MAX_RECEIPT_LENGTH)
        {
          ld_request_respond_error (request, 400, "malformed", "receipt",
                                    N_("A receipt number has at most %d characters."), MAX_RECEIPT_LENGTH);
          return;
        }
      query->receipt = receipt;
    }

  respond_member_read (request, g_steal_pointer (&read));
}

void
ld_server_handle_operations (LdServer  *self,
                             LdRequest *request)
{
  static const char * const sorts[] = { "date", "card", NULL };
  g_autoptr(MemberRead) read = member_read_new (request, MEMBER_OPERATIONS);
  LdOperationQuery *query = &read->operations;
  const char *order;

  if (!ld_request_get_page (request, &read->page) ||
      !ld_request_get_choice (request, "sort", sorts, "date", &query->sort) ||
      !ld_request_get_choice (request, "order", order_choices, "desc", &order))
    return;
  query->ascending = g_str_equal (order, "asc");

  if (!ld_request_get_query_normalized (request, "card", ld_card_number_normalize_full, &read->card))
    return;
  query->card = read->card;

  respond_member_read (request, g_steal_pointer (&read));
}

/* a date (YYYY-MM-DD, the whole day) or an RFC 3339 time; *start / *end are unix seconds */
static gboolean
parse_time_bound (const char *value,
                  gint64     *start,
                  gint64     *end)
{
  g_autoptr(GDateTime) time = NULL;

  if (strlen (value) == 10 && value[4] == '-' && value[7] == '-')
    {
      g_autofree char *midnight = g_strdup_printf ("%sT00:00:00Z", value);

      time = g_date_time_new_from_iso8601 (midnight, NULL);
      if (time == NULL)
        return FALSE;
      *start = g_date_time_to_unix (time);
      *end = *start + 24 * 60 * 60 - 1;
      return TRUE;
    }

  if (strlen (value) > 40 || strchr (value, 'T') == NULL)
    return FALSE;
  time = g_date_time_new_from_iso8601 (value, NULL);
  if (time == NULL)
    return FALSE;
  *start = *end = g_date_time_to_unix (time);
  return TRUE;
}

void
ld_server_handle_messages (LdServer  *self,
                           LdRequest *request)
{
  g_autoptr(MemberRead) read = member_read_new (request, MEMBER_MESSAGES);
  LdMessageQuery *query = &read->messages;
  gint64 from_start = G_MININT64, from_end = G_MININT64;
  gint64 to_start = G_MAXINT64, to_end = G_MAXINT64;
  const char *from;
  const char *to;

  if (!ld_request_get_page (request, &read->page) ||
      !get_keyword (request, "status", &query->status) ||
      !get_keyword (request, "channel", &query->channel))
    return;

  from = ld_request_get_query (request, "from");
  if (from != NULL && from[0] != '\0')
    {
      if (!parse_time_bound (from, &from_start, &from_end))
        {
          ld_request_respond_error (request, 422, "invalid_field", "from",
                                    N_("“from” must be a date (2026-01-31) or a time (2026-01-31T09:00:00Z)."));
          return;
        }
      query->from = from;
    }

  to = ld_request_get_query (request, "to");
  if (to != NULL && to[0] != '\0')
    {
      if (!parse_time_bound (to, &to_start, &to_end))
        {
          ld_request_respond_error (request, 422, "invalid_field", "to",
                                    N_("“to” must be a date (2026-01-31) or a time (2026-01-31T09:00:00Z)."));
          return;
        }
      query->to = to;
    }

  if (query->from != NULL && query->to != NULL && from_start > to_end)
    {
      ld_request_respond_error (request, 422, "invalid_field", "from",
                                N_("The period starts after it ends."));
      return;
    }

  respond_member_read (request, g_steal_pointer (&read));
}

void
ld_server_handle_actions (LdServer  *self,
                          LdRequest *request)
{
  respond_member_page (request, ld_storage_list_actions);
}

void
ld_server_handle_favorites (LdServer  *self,
                            LdRequest *request)
{
  respond_member_part (request, ld_storage_get_favorites);
}

void
ld_server_handle_favorites_history (LdServer  *self,
                                    LdRequest *request)
{
  respond_member_page (request, ld_storage_list_favorites_history);
}

void
ld_server_handle_subscriptions (LdServer  *self,
                                LdRequest *request)
{
  respond_member_part (request, ld_storage_get_subscriptions);
}

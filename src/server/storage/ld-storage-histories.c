/* ld-storage-histories.c — a member's histories: purchases (shared by a merged account),
 * confirmed operations, messages sent, and the action history
 *
 * Each is one LdListSpec run by ld_storage_run_list() and paged by keyset.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-storage-private.h"

static const LdItemField purchase_fields[] = {
  { "id", "p.id", LD_FIELD_INT },
  { "card", "p.card", LD_FIELD_TEXT },
  { "receipt", "p.receipt", LD_FIELD_TEXT },
  { "purchased_at", "p.purchased_at", LD_FIELD_TEXT },
  { "pos", "p.pos", LD_FIELD_TEXT },
  { "program", "p.program", LD_FIELD_TEXT },
  { "amount", "p.amount", LD_FIELD_INT },
  { "bonus_accrued", "p.bonus_accrued", LD_FIELD_INT },
  { "bonus_deducted", "p.bonus_deducted", LD_FIELD_INT },
  { "status", "p.status", LD_FIELD_TEXT },
  { "member_id", "p.member_id", LD_FIELD_INT_OR_NULL },
  { "replaced_card", "p.replaced_card", LD_FIELD_TEXT },   /* the number it was made with, since replaced */
  { NULL }
};

static const LdListSpec purchases_list = {
  "Purchases", "purchases p", "", purchase_fields,
  {
    { "date", { "p.purchased_at", "p.id", NULL } },
    { "pos", { "p.pos", "p.purchased_at", "p.id", NULL } },
    { "program", { "p.program", "p.purchased_at", "p.id", NULL } },
  },
};

static const LdItemField operation_fields[] = {
  { "id", "o.id", LD_FIELD_INT },
  { "card", "o.card", LD_FIELD_TEXT },
  { "kind", "o.kind", LD_FIELD_TEXT },
  { "amount", "o.amount", LD_FIELD_INT },
  { "description", "o.description", LD_FIELD_TEXT },
  { "pos", "o.pos", LD_FIELD_TEXT },
  { "performed_at", "o.performed_at", LD_FIELD_TEXT },
  { "replaced_card", "o.replaced_card", LD_FIELD_TEXT },   /* the number it was made with, since replaced */
  { NULL }
};

static const LdListSpec operations_list = {
  "Operations", "operations o", "", operation_fields,
  {
    { "date", { "o.performed_at", "o.id", NULL } },
    { "card", { "o.card", "o.performed_at", "o.id", NULL } },
  },
};

static const LdItemField message_fields[] = {
  { "id", "g.id", LD_FIELD_INT },
  { "channel", "g.channel", LD_FIELD_TEXT },
  { "status", "g.status", LD_FIELD_TEXT },
  { "address", "g.address", LD_FIELD_TEXT },
  { "subject", "g.subject", LD_FIELD_TEXT },
  { "text", "g.text", LD_FIELD_TEXT },
  { "sent_at", "g.sent_at", LD_FIELD_TEXT },
  { NULL }
};

static const LdListSpec messages_list = {
  "Messages", "messages g", "", message_fields,
  { { "date", { "g.sent_at", "g.id", NULL } } },
};

static const LdItemField action_fields[] = {
  { "id", "x.id", LD_FIELD_INT },
  { "created_at", "x.created_at", LD_FIELD_TEXT },
  { "operator_id", "x.operator_id", LD_FIELD_INT_OR_NULL },
  { "operator_login", "o.login", LD_FIELD_TEXT },
  { "operator_name", "o.name", LD_FIELD_TEXT },
  { "action", "x.action", LD_FIELD_TEXT },
  { "target", "x.target", LD_FIELD_TEXT },
  { "reason", "x.reason", LD_FIELD_TEXT },
  { "member_id", "x.member_id", LD_FIELD_INT_OR_NULL },
  { NULL }
};

static const LdListSpec actions_list = {
  "Actions", "actions x", "LEFT JOIN operators o ON o.id = x.operator_id", action_fields,
  { { "date", { "x.created_at", "x.id", NULL } } },
};

/* " AND <condition> $N" for each pair of @filters, a condition ("p.status =") and its
 * text value, whose value is not NULL; a condition that names its value itself, as often
 * as it needs, says "$?" for it ("(o.card = $? OR o.replaced_card = $?)") */
static void
add_filters (GString            *where,
             LdQueryParams      *params,
             const char * const *filters,
             guint               n_filters)
{
  for (guint i = 0; i + 1 < n_filters; i += 2)
    if (filters[i + 1] != NULL)
      {
        g_autofree char *value = g_strdup_printf ("$%u", ld_query_params_add_text (params, filters[i + 1]));
        g_autoptr(GString) condition = g_string_new (filters[i]);

        if (g_string_replace (condition, "$?", value, 0) == 0)
          g_string_append_printf (condition, " %s", value);
        g_string_append_printf (where, " AND %s", condition->str);
      }
}

/* whose rows a member's list shows */
typedef enum
{
  ROWS_OF_MEMBER,            /* @column is the member's id */
  ROWS_OF_ACCOUNT,           /* @column is the id of the member's account */
  ROWS_OF_ACCOUNT_MEMBERS,   /* @column is the id of any member of the member's account */
} RowsOf;

/* a page of the list of @spec sorted by @sort_name (NULL: the default): the rows of the
 * member (@rows_of says whose) that meet every one of @filters (see add_filters()) */
static JsonObject *
list_of_member_filtered (LdStorage            *self,
                         gint64                member_id,
                         const LdListSpec     *spec,
                         const char           *sort_name,
                         gboolean              ascending,
                         RowsOf                rows_of,
                         const char           *column,
                         const char * const   *filters,
                         guint                 n_filters,
                         const LdPageRequest  *page,
                         GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);
  const LdListSort *sort;

  sort = ld_storage_list_sort (spec, sort_name, error);
  if (sort == NULL)
    return NULL;
  if (rows_of == ROWS_OF_ACCOUNT_MEMBERS)
    {
      /* a merged account's members see one another's rows: the account has few members,
       * each of whose rows the index on @column finds */
      gint64 account_id = 0;

      if (!ld_storage_member_account (self, member_id, &account_id, error))
        return NULL;
      g_string_append_printf (where, " WHERE %s IN (SELECT id FROM members WHERE account_id = $%u)", column,
                              ld_query_params_add_int (&params, account_id));
    }
  else if (!ld_storage_member_where (self, member_id, rows_of == ROWS_OF_ACCOUNT, column, where, &params, error))
    return NULL;
  add_filters (where, &params, filters, n_filters);
  return ld_storage_run_list (self, spec, sort, ascending, where->str, &params, page, error);
}

/**
 * ld_storage_list_purchases:
 *
 * The purchases of the member's account: a merged (family) account shares them.
 *
 * Returns: (transfer full): a page of purchases, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_list_purchases (LdStorage              *self,
                           gint64                  member_id,
                           const LdPurchaseQuery  *query,
                           const LdPageRequest    *page,
                           GError                **error)
{
  const char *filters[] = {
    "p.status =", query ? query->status : NULL,
    "p.receipt =", query ? query->receipt : NULL,
  };

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return list_of_member_filtered (self, member_id, &purchases_list, query ? query->sort : NULL,
                                  query ? query->ascending : FALSE, ROWS_OF_ACCOUNT, "p.account_id",
                                  filters, G_N_ELEMENTS (filters), page, error);
}

/**
 * ld_storage_list_operations:
 *
 * The operations on the cards of every member of the member's account: a merged (family)
 * account shows them from each member's profile.
 *
 * Returns: (transfer full): a page of the confirmed operations, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_list_operations (LdStorage               *self,
                            gint64                   member_id,
                            const LdOperationQuery  *query,
                            const LdPageRequest     *page,
                            GError                 **error)
{
  /* a replaced card's number still finds the operations made with it */
  const char *filters[] = { "(o.card = $? OR o.replaced_card = $?)", query ? query->card : NULL };

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return list_of_member_filtered (self, member_id, &operations_list, query ? query->sort : NULL,
                                  query ? query->ascending : FALSE, ROWS_OF_ACCOUNT_MEMBERS, "o.member_id",
                                  filters, G_N_ELEMENTS (filters), page, error);
}

/* an inclusive bound of a time filter as a stored time; a date alone means its whole day */
static char *
time_bound (const char  *text,
            gboolean     upper,
            GError     **error)
{
  g_autoptr(GDateTime) time = NULL;

  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strdup_printf ("%sT%s", text, upper ? "23:59:59Z" : "00:00:00Z");

      time = g_date_time_new_from_iso8601 (full, NULL);
    }
  else
    time = g_date_time_new_from_iso8601 (text, NULL);

  if (time == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   "“%s” is neither a date (YYYY-MM-DD) nor an RFC 3339 time", text);
      return NULL;
    }
  return ld_storage_format_time (g_date_time_to_unix (time));
}

/**
 * ld_storage_list_messages:
 *
 * Returns: (transfer full): a page of messages, newest first
 */
JsonObject *
ld_storage_list_messages (LdStorage             *self,
                          gint64                 member_id,
                          const LdMessageQuery  *query,
                          const LdPageRequest   *page,
                          GError               **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!ld_storage_member_where (self, member_id, FALSE, "g.member_id", where, &params, error))
    return NULL;
  if (query && query->from && (from = time_bound (query->from, FALSE, error)) == NULL)
    return NULL;
  if (query && query->to && (to = time_bound (query->to, TRUE, error)) == NULL)
    return NULL;
  {
    const char *filters[] = {
      "g.sent_at >=", from,
      "g.sent_at <=", to,
      "g.status =", query ? query->status : NULL,
      "g.channel =", query ? query->channel : NULL,
    };

    add_filters (where, &params, filters, G_N_ELEMENTS (filters));
  }
  return ld_storage_run_list (self, &messages_list, &messages_list.sorts[0], FALSE, where->str, &params,
                              page, error);
}

/**
 * ld_storage_list_actions:
 *
 * Returns: (transfer full): a page of the member's action history, newest first
 */
JsonObject *
ld_storage_list_actions (LdStorage            *self,
                         gint64                member_id,
                         const LdPageRequest  *page,
                         GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return ld_storage_list_of_member (self, member_id, &actions_list, "x.member_id", page, error);
}

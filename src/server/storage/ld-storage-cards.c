/* ld-storage-cards.c — cards: reading one, the list of every card, a member's cards, and
 * linking a physical card from the free pool to a member; the operations on one card (block,
 * unblock, replace, category, delete, restore)
 *
 * Linking is one transaction that checks everything that could have changed since the
 * agent typed the number (the member, the card, the member's cards against the configured
 * maximum, the account) and then activates the card for the member: the balance it
 * gathered before anyone owned it joins the member's account, its purchases (and
 * operations) join the member's history, the member's version goes up and the action
 * history says who did it.
 *
 * An operation on one card is one transaction too: the card is read with its owner's
 * account, the rules checked in one place (check_card()), the card changed, the account's
 * balance follows what stops or starts counting (a deleted card's points do not), the
 * owner's version goes up and the action history says who did it and why.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

/* ---- the checks, inside the transaction */

static void G_GNUC_PRINTF (5, 6)
refuse (LdCardLinkOutcome *outcome,
        LdCardLinkRefusal  refusal,
        GError           **error,
        LdError            code,
        const char        *format,
        ...)
{
  va_list args;

  outcome->refusal = refusal;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LD_ERROR, code, format, args));
  va_end (args);
}

/* the member's account and whether it is blocked, and the member's version */
static gboolean
read_member_locked (LdStorage          *self,
                    gint64              member_id,
                    gint64             *account_id,
                    gboolean           *blocked,
                    gint64             *version,
                    LdCardLinkOutcome  *outcome,
                    GError            **error)
{
  g_autoptr(LdStatement) statement = NULL;

  switch (ld_storage_query_row (self,
                                "SELECT m.account_id, a.blocked, m.version "
                                "FROM members m JOIN accounts a ON a.id = m.account_id WHERE m.id = $1",
                                NULL, member_id, &statement, error))
    {
    case LD_STEP_ROW:
      *account_id = ld_statement_get_int (statement, 0);
      *blocked = ld_statement_get_bool (statement, 1);
      *version = ld_statement_get_int (statement, 2);
      return TRUE;
    case LD_STEP_DONE:
      refuse (outcome, LD_CARD_LINK_MEMBER_NOT_FOUND, error, LD_ERROR_NOT_FOUND,
              "There is no member %" G_GINT64_FORMAT, member_id);
      return FALSE;
    default:
      return FALSE;
    }
}

/* the card must be a free physical one: issued, nobody's */
gboolean
ld_storage_check_free_card_locked (LdStorage          *self,
                                   const char         *number,
                                   gint64              member_id,
                                   gint64             *balance,
                                   LdCardLinkOutcome  *outcome,
                                   GError            **error)
{
  g_autoptr(LdStatement) statement = NULL;
  const char *state;
  const char *type;

  switch (ld_storage_query_row (self, "SELECT state, type, owner_id, balance FROM cards WHERE number = $1",
                                number, 0, &statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      refuse (outcome, LD_CARD_LINK_CARD_NOT_FOUND, error, LD_ERROR_NOT_FOUND,
              "There is no card %s", number);
      return FALSE;
    default:
      return FALSE;
    }

  state = ld_statement_get_text (statement, 0);
  type = ld_statement_get_text (statement, 1);
  outcome->card_state = g_intern_string (state);

  if (ld_statement_get_type (statement, 2) != LD_COLUMN_NULL)
    {
      gint64 owner_id = ld_statement_get_int (statement, 2);

      if (owner_id != member_id)
        {
          outcome->owner_id = owner_id;
          refuse (outcome, LD_CARD_LINK_LINKED_TO_OTHER, error, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER,
                  "The card %s belongs to another member", number);
          return FALSE;
        }
      /* the member's own card: a live one is linked already; a replaced or deleted one
       * is not to be linked again (a deleted card is restored instead) */
      if (g_strcmp0 (state, "activated") == 0 || g_strcmp0 (state, "blocked") == 0)
        {
          refuse (outcome, LD_CARD_LINK_ALREADY_LINKED, error, LD_ERROR_CONFLICT,
                  "The card %s is linked to this member already", number);
          return FALSE;
        }
    }

  if (g_strcmp0 (state, "issued") != 0 || g_strcmp0 (type, "physical") != 0 ||
      ld_statement_get_type (statement, 2) != LD_COLUMN_NULL)
    {
      refuse (outcome, LD_CARD_LINK_NOT_AVAILABLE, error, LD_ERROR_CONFLICT,
              "The card %s is %s %s card, not a free physical one", number,
              state ? state : "an unknown", type ? type : "unknown");
      return FALSE;
    }

  *balance = ld_statement_get_int (statement, 3);
  return TRUE;
}

gboolean
ld_storage_activate_card_locked (LdStorage   *self,
                                 const char  *number,
                                 gint64       member_id,
                                 gboolean     main,
                                 const char  *now,
                                 GError     **error)
{
  if (!ld_storage_run (self, error,
                       "UPDATE cards SET state = 'activated', owner_id = $2, main = $3, "
                       "activated_at = $4, version = version + 1 "
                       "WHERE number = $1 AND state = 'issued' AND owner_id IS NULL",
                       "tiit", number, member_id, (gint64) main, now))
    return FALSE;
  if (ld_database_changes (self->db) != 1)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CONFLICT, "The card %s is no longer free", number);
      return FALSE;
    }

  /* what was bought with the card before anyone owned it is the member's history now */
  return ld_storage_run (self, error,
                         "UPDATE purchases SET account_id = (SELECT account_id FROM members WHERE id = $2), "
                         "member_id = $2 WHERE card = $1 AND account_id IS NULL",
                         "ti", number, member_id) &&
         ld_storage_run (self, error,
                         "UPDATE operations SET member_id = $2 WHERE card = $1 AND member_id IS NULL",
                         "ti", number, member_id);
}

/**
 * ld_storage_link_card:
 * @member_id: the member
 * @number: a normalised card number
 * @expected_version: the member's version the caller saw (If-Match), or 0 for any
 * @operator_id: who links it, for the action history
 * @outcome: (out caller-allocates): why it was refused, with the details
 *
 * Links a free physical card to the member in one transaction (see ld-storage.h).
 *
 * Returns: (transfer full): the member's profile as ld_storage_get_member() answers it,
 *   or %NULL with @outcome->refusal set (or LD_CARD_LINK_OK for a failure of the storage)
 */
JsonObject *
ld_storage_link_card (LdStorage          *self,
                      gint64              member_id,
                      const char         *number,
                      gint64              expected_version,
                      gint64              operator_id,
                      LdCardLinkOutcome  *outcome,
                      GError            **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *now = ld_storage_now ();
  gint64 max_cards = 0;
  gint64 account_id = 0;
  gint64 version = 0;
  gint64 balance = 0;
  gint64 n_cards = 0;
  gint64 has_main_physical = 0;
  gboolean blocked = FALSE;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (outcome != NULL, NULL);

  memset (outcome, 0, sizeof *outcome);

  /* read under the lock: a PUT /config cannot come between the check and the link */
  config = ld_storage_get_config (self, error);
  if (config == NULL)
    return NULL;
  if (!ld_json_get_int (config, "max_cards", 0, &max_cards) || max_cards < 0)
    max_cards = 0;
  outcome->max_cards = max_cards;

  if (!ld_database_begin (self->db, error))
    return NULL;

  if (!read_member_locked (self, member_id, &account_id, &blocked, &version, outcome, error))
    goto failed;
  if (expected_version > 0 && expected_version != version)
    {
      refuse (outcome, LD_CARD_LINK_VERSION_CONFLICT, error, LD_ERROR_VERSION_CONFLICT,
              "The member was changed meanwhile (version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT ")",
              version, expected_version);
      goto failed;
    }
  if (!ld_storage_check_free_card_locked (self, number, member_id, &balance, outcome, error))
    goto failed;

  if (!ld_storage_query_int (self,
                             "SELECT count(*) FROM cards WHERE owner_id = $1 "
                             "AND state NOT IN ('replaced', 'deleted')",
                             NULL, member_id, NULL, &n_cards, error))
    goto failed;
  outcome->n_cards = n_cards;
  if (max_cards > 0 && n_cards >= max_cards)
    {
      refuse (outcome, LD_CARD_LINK_MAX_CARDS, error, LD_ERROR_CONFLICT,
              "The member has %" G_GINT64_FORMAT " cards, the most the program allows (%" G_GINT64_FORMAT ")",
              n_cards, max_cards);
      goto failed;
    }
  if (blocked)
    {
      refuse (outcome, LD_CARD_LINK_ACCOUNT_BLOCKED, error, LD_ERROR_CONFLICT,
              "The account of member %" G_GINT64_FORMAT " is blocked", member_id);
      goto failed;
    }

  /* the main card is a physical one: a member with none (only a virtual card, say) gets
   * this one as the main card, and the virtual card steps down */
  if (!ld_storage_query_int (self,
                             "SELECT count(*) FROM cards WHERE owner_id = $1 AND main = 1 "
                             "AND type = 'physical' AND state NOT IN ('replaced', 'deleted')",
                             NULL, member_id, NULL, &has_main_physical, error))
    goto failed;
  if (has_main_physical == 0 &&
      !ld_storage_run (self, error, "UPDATE cards SET main = 0, version = version + 1 WHERE owner_id = $1 AND main = $2",
                       "ii", member_id, (gint64) 1))
    goto failed;
  if (!ld_storage_activate_card_locked (self, number, member_id, has_main_physical == 0, now, error))
    goto failed;

  if (!ld_storage_run (self, error, "UPDATE accounts SET balance = balance + $2 WHERE id = $1",
                       "ii", account_id, balance))
    goto failed;
  statement = ld_database_prepare (self->db,
                                   "UPDATE members SET version = version + 1, updated_at = $2 WHERE id = $1",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, member_id);
  ld_statement_bind_text (statement, 2, now);
  if (!ld_statement_run (statement, error))
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  if (!ld_storage_add_action (self, now, operator_id, "card.link", number, NULL, member_id, error))
    goto failed;

  if (!ld_database_commit (self->db, error))
    goto failed;

  /* the profile as GET /members/{id} shows it, still under the lock: nobody else's
   * write comes between the link and this answer */
  return ld_storage_get_member (self, member_id, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return NULL;
}

/* ---- reading cards */

static const LdItemField card_fields[] = {
  { "number", "k.number", LD_FIELD_TEXT },
  { "type", "k.type", LD_FIELD_TEXT },
  { "category", "k.category", LD_FIELD_TEXT },
  { "state", "k.state", LD_FIELD_TEXT },
  { "balance", "k.balance", LD_FIELD_INT },
  { "main", "k.main", LD_FIELD_BOOL },
  { "owner_id", "k.owner_id", LD_FIELD_INT_OR_NULL },
  { "blocked_reason", "k.blocked_reason", LD_FIELD_TEXT },
  { "issued_at", "k.issued_at", LD_FIELD_TEXT },
  { "activated_at", "k.activated_at", LD_FIELD_TEXT },
  { "replaced_by", "k.replaced_by", LD_FIELD_TEXT },
  { "first_purchase_pos", "k.first_purchase_pos", LD_FIELD_TEXT },
  { "version", "k.version", LD_FIELD_INT },
  { NULL }
};
#define CARD_OWNER_ID_COLUMN 6

/* a card's owner, in the card of GET /cards/{number} */
static const LdItemField owner_fields[] = {
  { "first_name", "o.first_name", LD_FIELD_TEXT },
  { "last_name", "o.last_name", LD_FIELD_TEXT },
  { "middle_name", "o.middle_name", LD_FIELD_NAME },
  { NULL }
};

static const LdListSpec cards_list = {
  "Cards", "cards k", "", card_fields,
  { { "number", { "k.number", NULL } } },
};

static guint
n_fields (const LdItemField *fields)
{
  guint n = 0;

  while (fields[n].member != NULL)
    n++;
  return n;
}

/**
 * ld_storage_get_card:
 *
 * Returns: (transfer full): the card with its owner's name when linked, or %NULL with NOT_FOUND
 */
JsonObject *
ld_storage_get_card (LdStorage   *self,
                     const char  *number,
                     GError     **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  JsonObject *card;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  ld_storage_append_columns (sql, card_fields);
  g_string_append (sql, ", ");
  ld_storage_append_columns (sql, owner_fields);
  g_string_append (sql, " FROM cards k LEFT JOIN members o ON o.id = k.owner_id WHERE k.number = $1");
  statement = ld_database_prepare (self->db, sql->str, error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_text (statement, 1, number);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no card %s", number);
      return NULL;
    default:
      return NULL;
    }

  card = ld_storage_item_from_row (statement, 0, card_fields);
  if (ld_statement_get_type (statement, CARD_OWNER_ID_COLUMN) == LD_COLUMN_NULL)
    json_object_set_null_member (card, "owner");
  else
    {
      JsonObject *owner = json_object_new ();

      json_object_set_int_member (owner, "id", ld_statement_get_int (statement, CARD_OWNER_ID_COLUMN));
      ld_storage_set_fields (owner, statement, n_fields (card_fields), owner_fields);
      json_object_set_object_member (card, "owner", owner);
    }
  return card;
}

/**
 * ld_storage_list_cards:
 * @state: (nullable): only cards in this state; %NULL for every card
 *
 * Returns: (transfer full): a page of cards sorted by number
 */
JsonObject *
ld_storage_list_cards (LdStorage            *self,
                       const char           *state,
                       const LdPageRequest  *page,
                       GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return ld_storage_list_matching (self, &cards_list, TRUE, "k.state", state, page, error);
}

JsonArray *
ld_storage_list_member_cards_locked (LdStorage  *self,
                                     gint64      member_id,
                                     GError    **error)
{
  /* NULLS FIRST is SQLite's default and must be said for PostgreSQL, whose is LAST */
  return ld_storage_query_items (self, card_fields,
                                 " FROM cards k WHERE k.owner_id = $1 "
                                 "ORDER BY k.main DESC, k.activated_at NULLS FIRST, k.number",
                                 member_id, 0, error);
}

/* ---- the operations on one card: block, unblock, replace, category, delete, restore */

/* the card as the rules read it, with its owner's account */
typedef struct
{
  char     *state;
  char     *type;
  char     *category;
  char     *blocked_reason;
  gint64    balance;
  gboolean  main;
  gint64    owner_id;          /* 0: nobody's */
  gint64    version;
  gint64    account_id;        /* 0: nobody's */
  gboolean  account_blocked;
} CardRow;

static void
card_row_clear (CardRow *card)
{
  g_clear_pointer (&card->state, g_free);
  g_clear_pointer (&card->type, g_free);
  g_clear_pointer (&card->category, g_free);
  g_clear_pointer (&card->blocked_reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CardRow, card_row_clear)

static gboolean
read_card_locked (LdStorage   *self,
                  const char  *number,
                  CardRow     *card,
                  GError     **error)
{
  g_autoptr(LdStatement) statement = NULL;

  switch (ld_storage_query_row (self,
                                "SELECT k.state, k.type, k.category, k.blocked_reason, k.balance, k.main, "
                                "k.owner_id, k.version, m.account_id, a.blocked "
                                "FROM cards k LEFT JOIN members m ON m.id = k.owner_id "
                                "LEFT JOIN accounts a ON a.id = m.account_id WHERE k.number = $1",
                                number, 0, &statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_NOT_FOUND, "There is no card %s", number);
      return FALSE;
    default:
      return FALSE;
    }

  card->state = g_strdup (ld_statement_get_text (statement, 0));
  card->type = g_strdup (ld_statement_get_text (statement, 1));
  card->category = g_strdup (ld_statement_get_text (statement, 2));
  card->blocked_reason = g_strdup (ld_statement_get_text (statement, 3));
  card->balance = ld_statement_get_int (statement, 4);
  card->main = ld_statement_get_bool (statement, 5);
  card->owner_id = ld_statement_get_type (statement, 6) == LD_COLUMN_NULL ? 0 : ld_statement_get_int (statement, 6);
  card->version = ld_statement_get_int (statement, 7);
  card->account_id = ld_statement_get_type (statement, 8) == LD_COLUMN_NULL ? 0 : ld_statement_get_int (statement, 8);
  card->account_blocked = ld_statement_get_type (statement, 9) != LD_COLUMN_NULL && ld_statement_get_bool (statement, 9);
  return TRUE;
}

/* the rules every operation shares: the version, the card's life, the owner's account; then
 * the state the operation itself needs */
static gboolean
check_card (const LdCardChange  *change,
            const CardRow       *card,
            GError             **error)
{
  const char *number = change->number;
  const char *state = card->state;

  if (change->expected_version > 0 && change->expected_version != card->version)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT,
                   "The card %s was changed meanwhile (version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT ")",
                   number, card->version, change->expected_version);
      return FALSE;
    }

  if (change->operation == LD_CARD_RESTORE && !g_str_equal (state, "deleted"))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_NOT_DELETED, "The card %s is %s, not deleted", number, state);
      return FALSE;
    }
  /* a free-pool card has nothing to act on (nor has a dead card whose member was removed) */
  if (g_str_equal (state, "issued") || card->owner_id == 0)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_NOT_ACTIVATED, "The card %s was never activated", number);
      return FALSE;
    }
  if (g_str_equal (state, "replaced"))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_REPLACED, "The card %s was replaced", number);
      return FALSE;
    }
  if (g_str_equal (state, "deleted") && change->operation != LD_CARD_RESTORE)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_DELETED, "The card %s is deleted", number);
      return FALSE;
    }
  if (card->account_blocked)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_ACCOUNT_BLOCKED,
                   "The account of the card %s is blocked", number);
      return FALSE;
    }

  if (change->operation == LD_CARD_BLOCK && g_str_equal (state, "blocked"))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_BLOCKED, "The card %s is blocked already", number);
      return FALSE;
    }
  if ((change->operation == LD_CARD_UNBLOCK || change->operation == LD_CARD_REPLACE) &&
      !g_str_equal (state, "blocked"))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_NOT_BLOCKED, "The card %s is not blocked", number);
      return FALSE;
    }
  return TRUE;
}

/* deleting the main card hands "main" to another activated physical card of the member
 * (the earliest activated); without one the card is the only main card and stays.
 * *@heir is that card's number (transfer full), NULL when the card is not main */
static gboolean
find_heir_locked (LdStorage    *self,
                  const char   *number,
                  const CardRow *card,
                  char        **heir,
                  GError      **error)
{
  g_autoptr(LdStatement) statement = NULL;

  *heir = NULL;
  if (!card->main)
    return TRUE;

  statement = ld_database_prepare (self->db,
                                   "SELECT number FROM cards WHERE owner_id = $1 AND number <> $2 "
                                   "AND state = 'activated' AND type = 'physical' "
                                   "ORDER BY activated_at NULLS FIRST, number LIMIT 1",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, card->owner_id);
  ld_statement_bind_text (statement, 2, number);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      *heir = g_strdup (ld_statement_get_text (statement, 0));
      return TRUE;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_ONLY_MAIN_CARD,
                   "The card %s is the member's only main card", number);
      return FALSE;
    default:
      return FALSE;
    }
}

/* the new card of a replacement is a free physical one (the link's own check); its
 * refusals say so in the replacement's terms. *@balance: what it carried from the pool */
static gboolean
check_new_card_locked (LdStorage      *self,
                       const char     *new_number,
                       const CardRow  *card,
                       gint64         *balance,
                       GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  LdCardLinkOutcome outcome = { 0 };

  if (ld_storage_check_free_card_locked (self, new_number, card->owner_id, balance, &outcome, &local_error))
    return TRUE;

  switch (outcome.refusal)
    {
    case LD_CARD_LINK_OK:
      g_propagate_error (error, g_steal_pointer (&local_error));
      break;
    case LD_CARD_LINK_CARD_NOT_FOUND:
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "There is no card %s", new_number);
      break;
    default:
      g_set_error (error, LD_ERROR, LD_ERROR_CARD_NOT_FREE, "The card %s is not a free physical card: %s",
                   new_number, local_error->message);
      break;
    }
  return FALSE;
}

/* the old card dies, the new one takes its owner, category, main flag and balance, and
 * the old card's purchases and operations, which remember the number they were made with */
static gboolean
replace_card_locked (LdStorage      *self,
                     const char     *number,
                     const char     *new_number,
                     const CardRow  *card,
                     const char     *now,
                     GError        **error)
{
  /* SET reads the row as it was: replaced_card gets the old card column */
  static const char * const move[] = {
    "UPDATE purchases SET card = $2, replaced_card = COALESCE(replaced_card, card) WHERE card = $1",
    "UPDATE operations SET card = $2, replaced_card = COALESCE(replaced_card, card) WHERE card = $1",
  };

  if (!ld_storage_run (self, error,
                       "UPDATE cards SET state = 'replaced', replaced_by = $2, balance = 0, main = 0, "
                       "version = version + 1 WHERE number = $1",
                       "tt", number, new_number) ||
      !ld_storage_activate_card_locked (self, new_number, card->owner_id, card->main, now, error) ||
      !ld_storage_run (self, error, "UPDATE cards SET category = $2, balance = balance + $3 WHERE number = $1",
                       "tti", new_number, card->category, card->balance))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (move); i++)
    if (!ld_storage_run (self, error, move[i], "tt", number, new_number))
      return FALSE;
  return TRUE;
}

/**
 * ld_storage_change_card:
 * @change: the operation, its card and what it needs
 *
 * One operation on one card in one transaction (see ld-storage.h).
 *
 * Returns: (transfer full): the card after the change as ld_storage_get_card() answers it
 *   (a replacement: the new card), or %NULL with @error
 */
JsonObject *
ld_storage_change_card (LdStorage           *self,
                        const LdCardChange  *change,
                        GError             **error)
{
  LD_STORAGE_LOCK (self);
  g_auto(CardRow) card = { 0 };
  g_autofree char *now = ld_storage_now ();
  g_autofree char *heir = NULL;
  g_autofree char *target = NULL;
  const char *number;
  const char *answer_number;
  const char *action = NULL;
  const char *reason = change->reason;
  gint64 balance_change = 0;
  gint64 has_main = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (change != NULL && change->number != NULL, NULL);
  g_return_val_if_fail (change->operation != LD_CARD_REPLACE || change->new_number != NULL, NULL);
  g_return_val_if_fail (change->operation != LD_CARD_CHANGE_CATEGORY || change->category != NULL, NULL);

  number = answer_number = change->number;

  if (!ld_database_begin (self->db, error))
    return NULL;
  if (!read_card_locked (self, number, &card, error) || !check_card (change, &card, error))
    goto failed;

  switch (change->operation)
    {
    case LD_CARD_BLOCK:
      action = "card.block";
      ok = ld_storage_run (self, error,
                           "UPDATE cards SET state = 'blocked', blocked_reason = $2, version = version + 1 WHERE number = $1",
                           "tt", number, reason);
      break;

    case LD_CARD_UNBLOCK:
      action = "card.unblock";
      ok = ld_storage_run (self, error,
                           "UPDATE cards SET state = 'activated', blocked_reason = NULL, version = version + 1 WHERE number = $1",
                           "t", number);
      break;

    case LD_CARD_CHANGE_CATEGORY:
      if (g_strcmp0 (card.category, change->category) == 0)
        {
          /* nothing to change, nothing to write */
          ld_database_rollback (self->db);
          return ld_storage_get_card (self, number, error);
        }
      action = "card.category";
      reason = change->category;
      ok = ld_storage_run (self, error, "UPDATE cards SET category = $2, version = version + 1 WHERE number = $1",
                           "tt", number, change->category);
      break;

    case LD_CARD_DELETE:
      action = "card.delete";
      balance_change = -card.balance;
      ok = find_heir_locked (self, number, &card, &heir, error) &&
           ld_storage_run (self, error, "UPDATE cards SET state = 'deleted', main = 0, version = version + 1 WHERE number = $1",
                           "t", number) &&
           (heir == NULL ||
            ld_storage_run (self, error, "UPDATE cards SET main = 1, version = version + 1 WHERE number = $1", "t", heir));
      break;

    case LD_CARD_RESTORE:
      action = "card.restore";
      balance_change = card.balance;
      ok = ld_storage_query_int (self, "SELECT count(*) FROM cards WHERE owner_id = $1 AND main = 1",
                                 NULL, card.owner_id, NULL, &has_main, error) &&
           ld_storage_run (self, error,
                           "UPDATE cards SET state = 'activated', blocked_reason = NULL, main = $2, "
                           "version = version + 1 WHERE number = $1",
                           "ti", number, (gint64) (has_main == 0));
      break;

    case LD_CARD_REPLACE:
      action = "card.replace";
      answer_number = change->new_number;
      target = g_strdup_printf ("%s→%s", number, change->new_number);
      /* the reason the old card was blocked (lost, damaged…) is the replacement's */
      reason = card.blocked_reason;
      ok = check_new_card_locked (self, change->new_number, &card, &balance_change, error) &&
           replace_card_locked (self, number, change->new_number, &card, now, error);
      break;

    default:
      g_assert_not_reached ();
    }
  if (!ok)
    goto failed;

  if (balance_change != 0 &&
      !ld_storage_run (self, error, "UPDATE accounts SET balance = balance + $2 WHERE id = $1",
                       "ii", card.account_id, balance_change))
    goto failed;
  if (!ld_storage_run (self, error, "UPDATE members SET version = version + 1, updated_at = $2 WHERE id = $1",
                       "it", card.owner_id, now) ||
      !ld_storage_add_action (self, now, change->operator_id, action, target ? target : number, reason,
                              card.owner_id, error) ||
      !ld_database_commit (self->db, error))
    goto failed;

  /* still under the lock: nobody else's write comes between the change and the answer */
  return ld_storage_get_card (self, answer_number, error);

failed:
  ld_database_rollback (self->db);
  return NULL;
}

/* ld-storage-removal.c — removing a member from the program: every personal datum and
 * identifier erased, from the tables and from the database's files
 *
 * One transaction finds everything that names the member or carries its phone, e-mail or
 * names, and deletes it (or, where a row is someone else's too, blanks the member's part):
 *
 * - the member's row (names, phone, e-mail, birth date, answers, consents, password hash),
 *   and by the schema's cascades its statuses, subscriptions, favorites and their history,
 *   messages and operations; its search summary (the trigger, and said again here);
 * - its cards, of every state: deleted from `cards`, not put back in the free pool, since a
 *   number is an identifier (the seed: "all data … as well as identifiers will be
 *   deleted") and a printed card the member still holds must not find anyone again;
 * - the purchases and the account when the member is the account's last; in a merged
 *   account the other members keep the account and its purchases, whose card number is
 *   blanked where it was one of the removed cards, and the removed cards' points leave the
 *   balance (as a deleted card's do);
 * - calls from the phone or of the member keep their operator, times and ticket, not the
 *   phone nor the member; SMS and e-mail in the outbox to the phone or the e-mail (or to
 *   a new phone the member was sent a code for);
 *   registration drafts of the phone or of the member (the completed one holds the whole
 *   application); answers kept for idempotent requests that carry the phone, the e-mail
 *   or the name, or were given about the member;
 * - the action history keeps the member's entries with operator, time, action and member
 *   id only (target and reason cleared), and gets "member.remove" with the reason's key
 *   (entries of a draft that never became a member name only the draft's id).
 *
 * After the commit ld_database_scrub() makes the files hold only that: secure_delete has
 * zeroed the freed bytes of every table and index page (and of pages put on the freelist),
 * and the scrub drops the old page images of the write-ahead log. A reader of another
 * connection can hold that up: the scrub is tried again every second until it is done.
 * The removal's transaction also counts it in pending_scrub, and a finished scrub takes
 * back what it saw counted: a process stopped before its scrub leaves the count for the
 * next start (ld_storage_scrub_leftovers), and a start with nothing left scrubs nothing.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
#include "ld-storage-private.h"

#define SCRUB_RETRY_SECONDS 1

typedef struct
{
  gint64  account_id;
  gint64  version;
  char   *phone;         /* (nullable) E.164 */
  char   *email;         /* (nullable) */
  char   *last_name;
  char   *first_name;
} Member;

static void
member_clear (Member *member)
{
  g_clear_pointer (&member->phone, g_free);
  g_clear_pointer (&member->email, g_free);
  g_clear_pointer (&member->last_name, g_free);
  g_clear_pointer (&member->first_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Member, member_clear)

static gboolean
read_member (LdStorage  *self,
             gint64      member_id,
             Member     *member,
             GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  if (!ld_storage_query_member_row (self,
                                    "SELECT account_id, version, phone, email, last_name, first_name "
                                    "FROM members WHERE id = $1",
                                    member_id, &statement, error))
    return FALSE;
  member->account_id = ld_statement_get_int (statement, 0);
  member->version = ld_statement_get_int (statement, 1);
  member->phone = g_strdup (ld_statement_get_text (statement, 2));
  member->email = g_strdup (ld_statement_get_text (statement, 3));
  member->last_name = g_strdup (ld_statement_get_text (statement, 4));
  member->first_name = g_strdup (ld_statement_get_text (statement, 5));
  return TRUE;
}

/* whether a kept answer (its request's @path and its @body) is about the member: given
 * about /members/{id}, or carrying the phone (in any of its forms: a national number is
 * inside the E.164 one), the e-mail, or the last and the first name together (a first
 * name alone is many people's) */
static gboolean
answer_names_member (const Member *member,
                     gint64        member_id,
                     const char   *path,
                     const char   *body)
{
  g_autofree char *segment = g_strdup_printf ("/members/%" G_GINT64_FORMAT, member_id);
  const char *at;

  for (at = strstr (path, segment); at != NULL; at = strstr (at + 1, segment))
    {
      char next = at[strlen (segment)];

      if (next == '\0' || next == '/' || next == '?')
        return TRUE;
    }
  if (member->phone != NULL && strlen (member->phone) > 4)
    {
      /* the digits without the "+" and the country code: any way the number was written */
      const char *digits = member->phone + (member->phone[0] == '+' ? 2 : 0);

      if (strstr (body, digits) != NULL)
        return TRUE;
    }
  if (member->email != NULL && *member->email != '\0' && strstr (body, member->email) != NULL)
    return TRUE;
  return member->last_name != NULL && *member->last_name != '\0' &&
         member->first_name != NULL && *member->first_name != '\0' &&
         strstr (body, member->last_name) != NULL && strstr (body, member->first_name) != NULL;
}

/* the kept answers of idempotent requests about the member: a day's worth at most, read
 * and matched here rather than by a pattern each backend spells its own way */
static gboolean
forget_answers (LdStorage     *self,
                gint64         member_id,
                const Member  *member,
                GError       **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) operators = g_array_new (FALSE, FALSE, sizeof (gint64));
  LdStep step;

  statement = ld_database_prepare (self->db, "SELECT operator_id, key, method, path, body FROM idempotency", error);
  if (statement == NULL)
    return FALSE;
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    {
      const char *path = ld_statement_get_text (statement, 3);
      const char *body = ld_statement_get_text (statement, 4);
      gint64 operator_id = ld_statement_get_int (statement, 0);
      char *key[4] = { NULL };

      if (!answer_names_member (member, member_id, path ? path : "", body ? body : ""))
        continue;
      key[0] = g_strdup (ld_statement_get_text (statement, 1));
      key[1] = g_strdup (ld_statement_get_text (statement, 2));
      key[2] = g_strdup (path);
      g_ptr_array_add (keys, g_memdup2 (key, sizeof key));
      g_array_append_val (operators, operator_id);
    }
  if (step == LD_STEP_ERROR)
    return FALSE;
  g_clear_pointer (&statement, ld_statement_release);

  for (guint i = 0; i < keys->len; i++)
    {
      char **key = g_ptr_array_index (keys, i);
      g_auto(LdQueryParams) params = { 0 };

      ld_query_params_add_int (&params, g_array_index (operators, gint64, i));
      ld_query_params_add_text (&params, key[0]);
      ld_query_params_add_text (&params, key[1]);
      ld_query_params_add_text (&params, key[2]);
      if (!ld_storage_run_params (self,
                                  "DELETE FROM idempotency "
                                  "WHERE operator_id = $1 AND key = $2 AND method = $3 AND path = $4",
                                  &params, error))
        return FALSE;
    }
  return TRUE;
}

/* everything but the idempotent answers and the action entry, inside the transaction */
static gboolean
erase_member (LdStorage     *self,
              gint64         member_id,
              const Member  *member,
              GError       **error)
{
  g_auto(LdQueryParams) by_id = { 0 };
  g_auto(LdQueryParams) by_phone = { 0 };
  g_auto(LdQueryParams) by_contacts = { 0 };
  g_auto(LdQueryParams) by_account = { 0 };
  /* the outbox's e-mail as the member's, or as typed in lower case: both on the index */
  g_autofree char *email_lower = member->email ? g_ascii_strdown (member->email, -1) : NULL;
  gint64 others = 0;
  gint64 points = 0;

  ld_query_params_add_int (&by_id, member_id);
  ld_query_params_add_int (&by_phone, member_id);
  ld_query_params_add_text (&by_phone, member->phone);
  ld_query_params_add_text (&by_contacts, member->phone);
  ld_query_params_add_text (&by_contacts, member->email);
  ld_query_params_add_text (&by_contacts, email_lower);
  ld_query_params_add_int (&by_account, member->account_id);
  ld_query_params_add_int (&by_account, member_id);

  /* the history keeps that something was done to member N, by whom and when: not what
   * to, nor why (a free-text reason may name anyone) */
  if (!ld_storage_run_params (self, "UPDATE actions SET target = NULL, reason = NULL WHERE member_id = $1",
                              &by_id, error) ||
      /* the phones and e-mails the member had before a change: those its registration and
       * its messages went to */
      !ld_storage_run_params (self, "DELETE FROM outbox WHERE recipient IN "
                                    "(SELECT phone FROM registrations WHERE member_id = $1 "
                                    "UNION SELECT address FROM messages WHERE member_id = $1 AND address IS NOT NULL)",
                              &by_id, error) ||
      !ld_storage_run_params (self, "DELETE FROM registrations WHERE member_id = $1 OR phone = $2", &by_phone, error) ||
      !ld_storage_run_params (self, "UPDATE calls SET phone = '', member_id = NULL WHERE member_id = $1 OR phone = $2",
                              &by_phone, error) ||
      !ld_storage_run_params (self, "DELETE FROM outbox WHERE recipient IN ($1, $2, $3)", &by_contacts, error) ||
      /* the code to a new phone the member had asked for (cascades with the member) */
      !ld_storage_run_params (self, "DELETE FROM outbox WHERE recipient IN "
                                    "(SELECT phone FROM member_phone_codes WHERE member_id = $1)", &by_id, error))
    return FALSE;

  if (!ld_storage_query_int (self, "SELECT count(*) - 1 FROM members WHERE account_id = "
                             "(SELECT account_id FROM members WHERE id = $1)",
                             NULL, member_id, NULL, &others, error))
    return FALSE;

  if (others > 0)
    {
      /* the account stays the other members': the removed cards' points leave it, and
       * their numbers leave its purchases */
      if (!ld_storage_query_int (self,
                                 "SELECT COALESCE(sum(balance), 0) FROM cards "
                                 "WHERE owner_id = $1 AND state IN ('activated', 'blocked')",
                                 NULL, member_id, NULL, &points, error))
        return FALSE;
      if (!ld_storage_run (self, error,
                           "UPDATE accounts SET balance = CASE WHEN balance > $2 THEN balance - $2 ELSE 0 END "
                           "WHERE id = $1",
                           "ii", member->account_id, points) ||
          !ld_storage_run_params (self,
                                  "UPDATE purchases SET card = NULL WHERE account_id = $1 "
                                  "AND card IN (SELECT number FROM cards WHERE owner_id = $2)",
                                  &by_account, error) ||
          !ld_storage_run_params (self,
                                  "UPDATE purchases SET replaced_card = NULL WHERE account_id = $1 "
                                  "AND replaced_card IN (SELECT number FROM cards WHERE owner_id = $2)",
                                  &by_account, error))
        return FALSE;
    }
  else
    {
      g_auto(LdQueryParams) account = { 0 };

      ld_query_params_add_int (&account, member->account_id);
      if (!ld_storage_run_params (self, "DELETE FROM purchases WHERE account_id = $1", &account, error))
        return FALSE;
    }

  /* a purchase made with one of the cards before it was linked anywhere */
  if (!ld_storage_run_params (self, "DELETE FROM purchases WHERE account_id IS NULL AND card IN "
                                    "(SELECT number FROM cards WHERE owner_id = $1)", &by_id, error) ||
      !ld_storage_run_params (self, "DELETE FROM cards WHERE owner_id = $1", &by_id, error) ||
      !ld_storage_run_params (self, "DELETE FROM member_summaries WHERE member_id = $1", &by_id, error) ||
      !ld_storage_run_params (self, "DELETE FROM members WHERE id = $1", &by_id, error))
    return FALSE;
  if (ld_database_changes (self->db) != 1)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no member %" G_GINT64_FORMAT, member_id);
      return FALSE;
    }

  if (others == 0)
    {
      g_auto(LdQueryParams) account = { 0 };

      ld_query_params_add_int (&account, member->account_id);
      if (!ld_storage_run_params (self, "DELETE FROM accounts WHERE id = $1", &account, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- the scrub after the commit */

/* the removals still waiting for a scrub (0: none); -1 when unreadable */
static gint64
pending_removals (LdStorage  *self,
                  GError    **error)
{
  g_autoptr(LdStatement) statement = ld_database_prepare (self->db, "SELECT removals FROM pending_scrub", error);
  LdStep step;

  if (statement == NULL)
    return -1;
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ERROR)
    return -1;
  return step == LD_STEP_ROW ? ld_statement_get_int (statement, 0) : 0;
}

/* scrubs when a removal waits for it, then takes back the removals it covered (one that
 * committed meanwhile stays counted: its own scrub follows) */
static gboolean
scrub_pending (LdStorage  *self,
               GError    **error)
{
  g_auto(LdQueryParams) covered = { 0 };
  gint64 removals = pending_removals (self, error);

  if (removals <= 0)
    return removals == 0;
  if (!ld_database_scrub (self->db, error))
    return FALSE;
  ld_query_params_add_int (&covered, removals);
  return ld_storage_run_params (self, "DELETE FROM pending_scrub WHERE removals = $1", &covered, error);
}

static gboolean
scrub_retry_cb (gpointer user_data)
{
  g_autoptr(LdStorage) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_rec_mutex_lock (&self->lock);
  if (self->read_depth > 0 || !scrub_pending (self, &error))
    {
      g_rec_mutex_unlock (&self->lock);
      return G_SOURCE_CONTINUE;
    }
  self->scrub_source = 0;
  g_rec_mutex_unlock (&self->lock);
  g_message ("The database's files no longer hold what the last removal deleted");
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* inside the caller's lock, after the commit */
static void
scrub_locked (LdStorage *self)
{
  g_autoptr(GError) error = NULL;
  GWeakRef *ref;

  if (self->scrub_source != 0)
    return;   /* the retry already waiting covers this removal too */
  if (scrub_pending (self, &error))
    return;

  g_message ("A removed member's data is still in the database's log (%s): trying again every %d s",
             error->message, SCRUB_RETRY_SECONDS);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->scrub_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, SCRUB_RETRY_SECONDS,
                                                   scrub_retry_cb, ref, weak_ref_free);
}

/**
 * ld_storage_scrub_leftovers:
 *
 * Scrubs what a process stopped before its scrub (after a removal) left behind, when
 * pending_scrub says a removal waits for it; nothing otherwise. The server calls it once
 * when it starts, not every opening of the storage.
 */
void
ld_storage_scrub_leftovers (LdStorage *self)
{
  g_return_if_fail (LD_IS_STORAGE (self));

  scrub_locked (self);
}

/**
 * ld_storage_remove_member:
 * @expected_version: the member's version the caller saw (If-Match), or 0 for any
 * @reason: the key of the configured reason (checked by the caller)
 *
 * Removes the member from the program (see ld-storage.h and this file's head).
 *
 * Returns: %TRUE when the member is gone; %FALSE with NOT_FOUND, VERSION_CONFLICT or STORAGE
 */
gboolean
ld_storage_remove_member (LdStorage   *self,
                          gint64       member_id,
                          gint64       expected_version,
                          const char  *reason,
                          gint64       operator_id,
                          GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_auto(Member) member = { 0 };
  g_autofree char *now = ld_storage_now ();

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (!ld_database_begin (self->db, error))
    return FALSE;
  if (!read_member (self, member_id, &member, error))
    goto failed;
  if (expected_version > 0 && expected_version != member.version)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT,
                   "The member was changed meanwhile (version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT ")",
                   member.version, expected_version);
      goto failed;
    }
  if (!erase_member (self, member_id, &member, error) ||
      !forget_answers (self, member_id, &member, error) ||
      !ld_storage_run_params (self,
                              "INSERT INTO pending_scrub (id, removals) VALUES (1, 1) "
                              "ON CONFLICT (id) DO UPDATE SET removals = pending_scrub.removals + 1",
                              &(LdQueryParams) { 0 }, error) ||
      !ld_storage_add_action (self, now, operator_id, "member.remove", NULL, reason, member_id, error))
    goto failed;
  if (!ld_storage_commit (self, error))
    return FALSE;

  /* the summary's deletion reached the memory through the table's watch: said again */
  ld_summary_cache_forget (self->summaries, member_id);
  scrub_locked (self);
  return TRUE;

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

/* ld-storage-accounts.c — the operations on a member's bonus account: block, unblock,
 * status change and merge
 *
 * Each is one transaction that reads the member (and its account) again, checks what the
 * caller's If-Match and the rules ask, changes the rows, raises the version of every
 * member whose profile shows the change and writes the action history. The search
 * summaries follow by themselves: the schema's triggers delete the summary of every member
 * whose account, status or account membership changes (migration 3), and the storage's
 * watch on member_summaries forgets them in memory.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

typedef struct
{
  gint64   account_id;
  gboolean blocked;
  gint64   version;
} MemberRow;

static gboolean
read_member (LdStorage  *self,
             gint64      member_id,
             MemberRow  *row,
             GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  if (!ld_storage_query_member_row (self,
                                    "SELECT m.account_id, a.blocked, m.version "
                                    "FROM members m JOIN accounts a ON a.id = m.account_id WHERE m.id = $1",
                                    member_id, &statement, error))
    return FALSE;

  row->account_id = ld_statement_get_int (statement, 0);
  row->blocked = ld_statement_get_bool (statement, 1);
  row->version = ld_statement_get_int (statement, 2);
  return TRUE;
}

/* every member of @account_id shows the change in its profile: each one's version goes up */
static gboolean
touch_account_members (LdStorage   *self,
                       gint64       account_id,
                       const char  *now,
                       GError     **error)
{
  return ld_storage_run (self, error,
                         "UPDATE members SET version = version + 1, updated_at = $2 WHERE account_id = $1",
                         "it", account_id, now);
}

static gboolean
block_locked (LdStorage              *self,
              const LdAccountChange  *change,
              const MemberRow        *member,
              const char             *now,
              GError                **error)
{
  gboolean block = change->operation == LD_ACCOUNT_BLOCK;
  g_autofree char *target = g_strdup_printf ("account:%" G_GINT64_FORMAT, member->account_id);
  g_autoptr(LdStatement) statement = NULL;

  if (block && member->blocked)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_ACCOUNT_BLOCKED,
                   "The account %" G_GINT64_FORMAT " is blocked already", member->account_id);
      return FALSE;
    }
  if (!block && !member->blocked)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_ACCOUNT_NOT_BLOCKED,
                   "The account %" G_GINT64_FORMAT " is not blocked", member->account_id);
      return FALSE;
    }

  /* the reason of a block stays on the account (the profile shows it); unblocking clears it */
  statement = ld_database_prepare (self->db,
                                   "UPDATE accounts SET blocked = $2, blocked_reason = $3 WHERE id = $1",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, member->account_id);
  ld_statement_bind_int (statement, 2, block);
  if (block)
    ld_statement_bind_text (statement, 3, change->reason);
  else
    ld_statement_bind_null (statement, 3);
  if (!ld_statement_run (statement, error))
    return FALSE;

  return touch_account_members (self, member->account_id, now, error) &&
         ld_storage_add_action (self, now, change->operator_id, block ? "member.block" : "member.unblock",
                                target, change->reason, change->member_id, error);
}

static gboolean
change_status_locked (LdStorage              *self,
                      const LdAccountChange  *change,
                      const char             *now,
                      GError                **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *target = g_strdup_printf ("%s:%s", change->system, change->level);

  statement = ld_database_prepare (self->db,
                                   "SELECT level FROM member_statuses WHERE member_id = $1 AND system = $2",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, change->member_id);
  ld_statement_bind_text (statement, 2, change->system);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      if (g_strcmp0 (ld_statement_get_text (statement, 0), change->level) == 0)
        {
          g_set_error (error, LD_ERROR, LD_ERROR_STATUS_UNCHANGED,
                       "The member has the level %s in %s already", change->level, change->system);
          return FALSE;
        }
      break;
    case LD_STEP_DONE:
      break;
    default:
      return FALSE;
    }
  g_clear_pointer (&statement, ld_statement_release);

  /* one level per status system: up, down, or a first one in another system */
  if (!ld_storage_run (self, error,
                       "INSERT INTO member_statuses (member_id, system, level, assigned_at) "
                       "VALUES ($1, $2, $3, $4) "
                       "ON CONFLICT (member_id, system) DO UPDATE "
                       "SET level = excluded.level, assigned_at = excluded.assigned_at",
                       "ittt", change->member_id, change->system, change->level, now))
    return FALSE;

  return ld_storage_run (self, error, "UPDATE members SET version = version + 1, updated_at = $2 WHERE id = $1",
                         "it", change->member_id, now) &&
         ld_storage_add_action (self, now, change->operator_id, "member.status", target, change->reason,
                                change->member_id, error);
}

static gboolean
count_account_members (LdStorage   *self,
                       gint64       account_id,
                       gint64      *n_members,
                       GError     **error)
{
  return ld_storage_query_int (self, "SELECT count(*) FROM members WHERE account_id = $1",
                               NULL, account_id, NULL, n_members, error);
}

static gboolean
merge_locked (LdStorage              *self,
              const LdAccountChange  *change,
              const MemberRow        *member,
              gint64                 *max_merge_members,
              const char             *now,
              GError                **error)
{
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *target = NULL;
  g_autofree char *other_target = NULL;
  g_autoptr(GError) local_error = NULL;
  MemberRow other;
  gint64 max_members = 0;
  gint64 n_members = 0;
  gint64 n_other = 0;

  if (change->other_member_id == change->member_id)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD, "A member cannot be merged with itself");
      return FALSE;
    }
  if (!read_member (self, change->other_member_id, &other, &local_error))
    {
      /* an unknown member to merge is a wrong field of the request, not a missing resource */
      if (g_error_matches (local_error, LD_ERROR, LD_ERROR_NOT_FOUND))
        local_error->code = LD_ERROR_INVALID_FIELD;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (other.account_id == member->account_id)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_ALREADY_MERGED,
                   "The members %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " share one account already",
                   change->member_id, change->other_member_id);
      return FALSE;
    }

  /* read under the lock: a PUT /config cannot come between the check and the merge */
  config = ld_storage_config_locked (self, error);
  if (config == NULL)
    return FALSE;
  if (!ld_json_get_int (config, "max_merge_members", 0, &max_members) || max_members < 0)
    max_members = 0;
  if (max_merge_members != NULL)
    *max_merge_members = max_members;
  if (!count_account_members (self, member->account_id, &n_members, error) ||
      !count_account_members (self, other.account_id, &n_other, error))
    return FALSE;
  if (max_members > 0 && n_members + n_other > max_members)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_MERGE_LIMIT_REACHED,
                   "The merged account would have %" G_GINT64_FORMAT " members, more than %" G_GINT64_FORMAT,
                   n_members + n_other, max_members);
      return FALSE;
    }
  if (member->blocked || other.blocked)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_ACCOUNT_BLOCKED, "The account %" G_GINT64_FORMAT " is blocked",
                   member->blocked ? member->account_id : other.account_id);
      return FALSE;
    }

  /* the other account joins this one: its balance, its purchases, its members (whose
   * operations follow them); then it is gone, and nothing splits the account again */
  if (!ld_storage_run (self, error,
                       "UPDATE accounts SET balance = balance + "
                       "(SELECT balance FROM accounts WHERE id = $2) WHERE id = $1",
                       "ii", member->account_id, other.account_id) ||
      !ld_storage_run (self, error, "UPDATE purchases SET account_id = $1 WHERE account_id = $2",
                       "ii", member->account_id, other.account_id) ||
      !touch_account_members (self, member->account_id, now, error) ||
      !ld_storage_run (self, error,
                       "UPDATE members SET account_id = $1, version = version + 1, updated_at = $3 "
                       "WHERE account_id = $2",
                       "iit", member->account_id, other.account_id, now) ||
      !ld_storage_run (self, error, "DELETE FROM accounts WHERE id = $1", "i", other.account_id))
    return FALSE;

  target = g_strdup_printf ("member:%" G_GINT64_FORMAT, change->other_member_id);
  other_target = g_strdup_printf ("member:%" G_GINT64_FORMAT, change->member_id);
  return ld_storage_add_action (self, now, change->operator_id, "member.merge", target, NULL,
                                change->member_id, error) &&
         ld_storage_add_action (self, now, change->operator_id, "member.merge", other_target, NULL,
                                change->other_member_id, error);
}

/**
 * ld_storage_change_account:
 * @change: what to do, to whom, and who does it
 * @max_merge_members: (out) (optional): LD_ACCOUNT_MERGE: the configured maximum the
 *   merge was checked against (0: none)
 *
 * One account operation in one transaction (see ld-storage.h).
 *
 * Returns: (transfer full): the member's profile after the change, as
 *   ld_storage_get_member() answers it, or %NULL with the refusal's LdError
 */
JsonObject *
ld_storage_change_account (LdStorage              *self,
                           const LdAccountChange  *change,
                           gint64                 *max_merge_members,
                           GError                **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now = ld_storage_now ();
  MemberRow member;
  gboolean done = FALSE;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (change != NULL, NULL);
  g_return_val_if_fail (change->operation != LD_ACCOUNT_CHANGE_STATUS ||
                        (change->system != NULL && change->level != NULL), NULL);

  if (max_merge_members != NULL)
    *max_merge_members = 0;

  if (!ld_database_begin (self->db, error))
    return NULL;

  if (!read_member (self, change->member_id, &member, error))
    goto failed;
  if (change->expected_version > 0 && change->expected_version != member.version)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT,
                   "The member was changed meanwhile (version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT ")",
                   member.version, change->expected_version);
      goto failed;
    }

  switch (change->operation)
    {
    case LD_ACCOUNT_BLOCK:
    case LD_ACCOUNT_UNBLOCK:
      done = block_locked (self, change, &member, now, error);
      break;
    case LD_ACCOUNT_CHANGE_STATUS:
      done = change_status_locked (self, change, now, error);
      break;
    case LD_ACCOUNT_MERGE:
      done = merge_locked (self, change, &member, max_merge_members, now, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!done || !ld_database_commit (self->db, error))
    goto failed;

  /* the profile as GET /members/{id} shows it, still under the lock */
  return ld_storage_get_member (self, change->member_id, error);

failed:
  ld_database_rollback (self->db);
  return NULL;
}

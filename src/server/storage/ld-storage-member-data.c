/* ld-storage-member-data.c — the member's own data: answers, identification, contacts,
 * the Personal Account password
 *
 * The names, birth date and e-mail live in their own columns (the search reads them, and
 * the schema's triggers drop the member's search summary when they change, so the search
 * and its memory see a change at once); every other answer in members.answers. The
 * tables of migration 8 (member_identifications, member_phone_codes,
 * member_password_failures) go with the member (ON DELETE CASCADE).
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-member-data.h"
#include "ld-storage-private.h"

/* the answers that have a column of their own: key, column, its folded column */
static const struct
{
  const char *key;
  const char *column;
  const char *fold;
} own_columns[] = {
  { "last_name", "last_name", "last_name_fold" },
  { "first_name", "first_name", "first_name_fold" },
  { "middle_name", "middle_name", "middle_name_fold" },
  { "birth_date", "birth_date", NULL },
  { "email", "email", "email_fold" },
};

static gint
own_column (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (own_columns); i++)
    if (g_str_equal (own_columns[i].key, key))
      return (gint) i;
  return -1;
}

/* whether two answers are the same (a missing one is null) */
static gboolean
same_answer (JsonNode *a,
             JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null && b_null;
  return json_node_equal (a, b);
}

static gboolean
refuse (LdContactOutcome  *outcome,
        LdContactRefusal   refusal,
        GError           **error,
        LdError            code,
        const char        *message)
{
  outcome->refusal = refusal;
  g_set_error_literal (error, LD_ERROR, code, message);
  return FALSE;
}

gboolean
ld_storage_query_member_row (LdStorage    *self,
                             const char   *sql,
                             gint64        member_id,
                             LdStatement **out,
                             GError      **error)
{
  switch (ld_storage_query_row (self, sql, NULL, member_id, out, error))
    {
    case LD_STEP_ROW:
      return TRUE;
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND, "There is no member %" G_GINT64_FORMAT, member_id);
      return FALSE;
    default:
      return FALSE;
    }
}

/* the member's version, or NOT_FOUND; VERSION_CONFLICT when @expected (not 0) is not it */
static gboolean
check_version_locked (LdStorage  *self,
                      gint64      member_id,
                      gint64      expected,
                      GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  gint64 version;

  if (!ld_storage_query_member_row (self, "SELECT version FROM members WHERE id = $1", member_id, &statement, error))
    return FALSE;
  version = ld_statement_get_int (statement, 0);
  if (expected > 0 && expected != version)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT,
                   "The member was changed meanwhile (version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT ")",
                   version, expected);
      return FALSE;
    }
  return TRUE;
}

/* opens the write transaction of a change to the member @member_id, which must be there
 * (and at version @expected, when not 0); rolled back when it is not */
static gboolean
begin_member_write (LdStorage  *self,
                    gint64      member_id,
                    gint64      expected,
                    GError    **error)
{
  if (!ld_database_begin (self->db, error))
    return FALSE;
  if (!check_version_locked (self, member_id, expected, error))
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

/* one message for the outbox (the stub that stands for the SMS and e-mail gateways) */
static gboolean
add_outbox_locked (LdStorage   *self,
                   const char  *channel,
                   const char  *recipient,
                   const char  *text,
                   const char  *now,
                   GError     **error)
{
  return ld_storage_run (self, error,
                         "INSERT INTO outbox (channel, recipient, text, created_at) VALUES ($1, $2, $3, $4)",
                         "tttt", channel, recipient, text, now);
}

/* commits, then the profile under the same lock: no other write comes between */
static JsonObject *
commit_and_get_member (LdStorage  *self,
                       gint64      member_id,
                       GError    **error)
{
  if (!ld_storage_commit (self, error))
    return NULL;
  return ld_storage_get_member (self, member_id, error);
}

/* the failure of a change begun by begin_member_write(): the statement still open, if
 * any, is given back before the rollback; answers NULL, for the caller to return */
static JsonObject *
rollback_member_write (LdStorage    *self,
                       LdStatement **statement)
{
  g_clear_pointer (statement, ld_statement_release);
  ld_database_rollback (self->db);
  return NULL;
}

/* the end of a change of the member's contact: version + 1, the action @action by
 * @operator_id, the commit → the profile; rolled back on failure */
static JsonObject *
end_contact_change (LdStorage   *self,
                    gint64       member_id,
                    const char  *now,
                    gint64       operator_id,
                    const char  *action,
                    GError     **error)
{
  if (!ld_storage_run (self, error, "UPDATE members SET version = version + 1, updated_at = $2 WHERE id = $1",
                       "it", member_id, now) ||
      !ld_storage_add_action (self, now, operator_id, action, NULL, NULL, member_id, error))
    {
      ld_database_rollback (self->db);
      return NULL;
    }
  return commit_and_get_member (self, member_id, error);
}

/* ---- PATCH /members/{id} */

JsonObject *
ld_storage_update_member_answers (LdStorage   *self,
                                  gint64       member_id,
                                  gint64       expected_version,
                                  JsonObject  *answers,
                                  gint64       operator_id,
                                  GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *now = ld_storage_now ();
  g_autofree char *document = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  if (!begin_member_write (self, member_id, expected_version, error))
    return NULL;

  /* the answers as the profile shows them: the stored ones and those of their own columns */
  if (!ld_storage_query_member_row (self,
                                    "SELECT answers, last_name, first_name, middle_name, birth_date, email "
                                    "FROM members WHERE id = $1",
                                    member_id, &statement, error))
    goto failed;
  stored = ld_json_parse_object (ld_statement_get_text (statement, 0), -1, NULL);
  if (stored == NULL)
    stored = json_object_new ();
  current = json_object_new ();
  json_object_iter_init (&iter, stored);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (current, key, json_node_copy (value));
  for (guint i = 0; i < G_N_ELEMENTS (own_columns); i++)
    ld_storage_set_text (current, own_columns[i].key, ld_statement_get_text (statement, 1 + i),
                         g_str_equal (own_columns[i].key, "middle_name"));
  g_clear_pointer (&statement, ld_statement_release);

  json_object_iter_init (&iter, answers);
  while (json_object_iter_next (&iter, &key, &value))
    {
      gint column = own_column (key);

      if (same_answer (json_object_get_member (current, key), value))
        continue;
      g_string_append_printf (changed, "%s%s", changed->len ? "," : "", key);

      if (column < 0)
        {
          if (JSON_NODE_HOLDS_NULL (value))
            json_object_remove_member (stored, key);
          else
            json_object_set_member (stored, key, json_node_copy (value));
          continue;
        }

      {
        const char *text = JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_get_string (value);
        gboolean name = column <= 2;   /* the names are NOT NULL: '' for none */
        g_autofree char *folded = NULL;
        g_autofree char *sql = NULL;
        gboolean ok;

        if (own_columns[column].fold != NULL)
          {
            folded = text != NULL ? ld_storage_fold (text) : NULL;
            sql = g_strdup_printf ("UPDATE members SET %s = $2, %s = $3 WHERE id = $1",
                                   own_columns[column].column, own_columns[column].fold);
            ok = ld_storage_run (self, error, sql, "itt", member_id, text != NULL ? text : name ? "" : NULL,
                                 folded != NULL ? folded : name ? "" : NULL);
          }
        else
          {
            sql = g_strdup_printf ("UPDATE members SET %s = $2 WHERE id = $1", own_columns[column].column);
            ok = ld_storage_run (self, error, sql, "it", member_id, text != NULL ? text : name ? "" : NULL);
          }
        if (!ok)
          goto failed;
      }
    }

  if (changed->len == 0)
    {
      /* nothing differs: nothing is written, no version, no entry */
      ld_database_rollback (self->db);
      return ld_storage_get_member (self, member_id, error);
    }

  document = ld_json_object_to_string (stored);
  /* the keys only, never the values: the history outlives a removal */
  if (!ld_storage_run (self, error,
                       "UPDATE members SET answers = $2, version = version + 1, updated_at = $3 WHERE id = $1",
                       "itt", member_id, document, now) ||
      !ld_storage_add_action (self, now, operator_id, "member.edit", changed->str, NULL, member_id, error))
    goto failed;
  return commit_and_get_member (self, member_id, error);

failed:
  return rollback_member_write (self, &statement);
}

/* ---- the Personal Account password and its lock-out */

gboolean
ld_storage_get_member_password (LdStorage   *self,
                                gint64       member_id,
                                char       **password_hash,
                                gint64      *locked_until,
                                GError     **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  if (!ld_storage_query_member_row (self,
                                    "SELECT m.password_hash, COALESCE (f.locked_until, 0) FROM members m "
                                    "LEFT JOIN member_password_failures f ON f.member_id = m.id WHERE m.id = $1",
                                    member_id, &statement, error))
    return FALSE;
  *password_hash = g_strdup (ld_statement_get_text (statement, 0));
  *locked_until = ld_statement_get_int (statement, 1);
  return TRUE;
}

gboolean
ld_storage_record_member_password_failure (LdStorage  *self,
                                           gint64      member_id,
                                           guint       lock_after,
                                           gint64      lock_until,
                                           gboolean   *locked,
                                           GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  return ld_storage_record_failure (self,
                                    "INSERT INTO member_password_failures (member_id, failures, locked_until) "
                                    "VALUES ($1, 1, 0) ON CONFLICT (member_id) DO UPDATE "
                                    "SET failures = member_password_failures.failures + 1 RETURNING failures",
                                    "UPDATE member_password_failures SET failures = 0, locked_until = $2 "
                                    "WHERE member_id = $1",
                                    NULL, member_id, 0, lock_after, lock_until,
                                    LD_ERROR_STORAGE, "The failure was not counted", locked, error);
}

/* ---- identification */

gboolean
ld_storage_add_identification (LdStorage   *self,
                               gint64       member_id,
                               gint64       operator_id,
                               const char  *method,
                               const char  *token_hash,
                               gint64       expires_at,
                               GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now = ld_storage_now ();

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  if (!begin_member_write (self, member_id, 0, error))
    return FALSE;
  if (!ld_storage_run (self, error, "DELETE FROM member_identifications WHERE expires_at <= $1",
                       "i", ld_clock_get_unix_seconds ()) ||
      !ld_storage_run (self, error, "DELETE FROM member_password_failures WHERE member_id = $1",
                       "i", member_id))
    goto failed;

  if (!ld_storage_run (self, error,
                       "INSERT INTO member_identifications "
                       "(token_hash, member_id, operator_id, method, expires_at, created_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6)",
                       "tiitit", token_hash, member_id, operator_id, method, expires_at, now) ||
      !ld_storage_add_action (self, now, operator_id, "member.identify", method, NULL, member_id, error))
    goto failed;
  return ld_storage_commit (self, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

/* a live token of this member and operator, inside the caller's transaction */
static gboolean
check_identified_locked (LdStorage         *self,
                         gint64             member_id,
                         const char        *token_hash,
                         gint64             operator_id,
                         gint64             now,
                         LdContactOutcome  *outcome,
                         GError           **error)
{
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  if (token_hash == NULL)
    return refuse (outcome, LD_CONTACT_NOT_IDENTIFIED, error, LD_ERROR_IDENTIFICATION_REQUIRED,
                   "The member is not identified");
  statement = ld_database_prepare (self->db,
                                   "SELECT 1 FROM member_identifications WHERE token_hash = $1 "
                                   "AND member_id = $2 AND operator_id = $3 AND expires_at > $4",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_text (statement, 1, token_hash);
  ld_statement_bind_int (statement, 2, member_id);
  ld_statement_bind_int (statement, 3, operator_id);
  ld_statement_bind_int (statement, 4, now);
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ERROR)
    return FALSE;
  if (step != LD_STEP_ROW)
    return refuse (outcome, LD_CONTACT_NOT_IDENTIFIED, error, LD_ERROR_IDENTIFICATION_REQUIRED,
                   "The identification token is unknown, expired, or another member's or operator's");
  return TRUE;
}

/* nobody but @member_id has @phone */
static gboolean
check_phone_free_locked (LdStorage         *self,
                         gint64             member_id,
                         const char        *phone,
                         LdContactOutcome  *outcome,
                         GError           **error)
{
  gboolean found = FALSE;
  gint64 owner = 0;

  if (!ld_storage_query_int (self, "SELECT id FROM members WHERE phone = $1", phone, 0, &found, &owner, error))
    return FALSE;
  if (found && owner == member_id)
    return refuse (outcome, LD_CONTACT_UNCHANGED, error, LD_ERROR_INVALID_FIELD,
                   "This is the member's phone already");
  if (found)
    return refuse (outcome, LD_CONTACT_PHONE_TAKEN, error, LD_ERROR_PHONE_ALREADY_REGISTERED,
                   "This phone number belongs to another member");
  return TRUE;
}

/* ---- PUT /members/{id}/email */

JsonObject *
ld_storage_change_member_email (LdStorage         *self,
                                gint64             member_id,
                                const char        *email,
                                const char        *token_hash,
                                gint64             operator_id,
                                gint64             now,
                                LdContactOutcome  *outcome,
                                GError           **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *now_text = ld_storage_format_time (now);
  gboolean same = FALSE;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  *outcome = (LdContactOutcome) { 0 };
  if (!begin_member_write (self, member_id, 0, error))
    return NULL;
  if (!check_identified_locked (self, member_id, token_hash, operator_id, now, outcome, error))
    goto failed;

  folded = ld_storage_fold (email);
  if (!ld_storage_query_member_row (self, "SELECT email FROM members WHERE id = $1", member_id, &statement, error))
    goto failed;
  same = g_strcmp0 (ld_statement_get_text (statement, 0), email) == 0;
  g_clear_pointer (&statement, ld_statement_release);
  if (same)
    {
      refuse (outcome, LD_CONTACT_UNCHANGED, error, LD_ERROR_INVALID_FIELD, "This is the member's e-mail already");
      goto failed;
    }

  if (!ld_storage_run (self, error, "UPDATE members SET email = $2, email_fold = $3 WHERE id = $1",
                       "itt", member_id, email, folded))
    goto failed;
  return end_contact_change (self, member_id, now_text, operator_id, "member.change_email", error);

failed:
  return rollback_member_write (self, &statement);
}

/* ---- POST /members/{id}/phone/send-code, PUT /members/{id}/phone */

gboolean
ld_storage_add_phone_code (LdStorage         *self,
                           gint64             member_id,
                           const char        *phone,
                           const char        *code_hash,
                           const char        *sms_text,
                           gint64             attempts,
                           gint64             resend_seconds,
                           gint64             operator_id,
                           gint64             now,
                           LdContactOutcome  *outcome,
                           GError           **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now_text = ld_storage_format_time (now);
  gboolean found = FALSE;
  gint64 sent_at = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  *outcome = (LdContactOutcome) { 0 };
  if (!begin_member_write (self, member_id, 0, error))
    return FALSE;
  if (!check_phone_free_locked (self, member_id, phone, outcome, error))
    goto failed;

  if (!ld_storage_query_int (self, "SELECT sent_at FROM member_phone_codes WHERE member_id = $1",
                             NULL, member_id, &found, &sent_at, error))
    goto failed;
  if (found && now < sent_at + resend_seconds)
    {
      outcome->retry_after = sent_at + resend_seconds - now;
      refuse (outcome, LD_CONTACT_RESEND_TOO_SOON, error, LD_ERROR_TOO_MANY_ATTEMPTS, "A code was sent a moment ago");
      goto failed;
    }

  if (!ld_storage_run (self, error,
                       "INSERT INTO member_phone_codes (member_id, phone, code_hash, sent_at, attempts_left) "
                       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id) DO UPDATE "
                       "SET phone = $2, code_hash = $3, sent_at = $4, attempts_left = $5",
                       "ittii", member_id, phone, code_hash, now, attempts) ||
      !add_outbox_locked (self, "sms", phone, sms_text, now_text, error) ||
      !ld_storage_add_action (self, now_text, operator_id, "member.phone_code", NULL, NULL, member_id, error))
    goto failed;
  return ld_storage_commit (self, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

JsonObject *
ld_storage_change_member_phone (LdStorage         *self,
                                gint64             member_id,
                                const char        *phone,
                                const char        *code_hash,
                                const char        *token_hash,
                                gint64             lifetime,
                                gint64             operator_id,
                                gint64             now,
                                LdContactOutcome  *outcome,
                                GError           **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *now_text = ld_storage_format_time (now);
  g_autofree char *stored_hash = NULL;
  gint64 sent_at;
  gint64 attempts_left;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (phone != NULL && code_hash != NULL, NULL);

  *outcome = (LdContactOutcome) { 0 };
  if (!begin_member_write (self, member_id, 0, error))
    return NULL;
  if (!check_identified_locked (self, member_id, token_hash, operator_id, now, outcome, error) ||
      !check_phone_free_locked (self, member_id, phone, outcome, error))
    goto failed;

  statement = ld_database_prepare (self->db,
                                   "SELECT code_hash, sent_at, attempts_left FROM member_phone_codes "
                                   "WHERE member_id = $1 AND phone = $2",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, member_id);
  ld_statement_bind_text (statement, 2, phone);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      break;
    case LD_STEP_DONE:
      refuse (outcome, LD_CONTACT_NO_CODE, error, LD_ERROR_INVALID_CODE, "No code was sent to this phone");
      goto failed;
    default:
      goto failed;
    }
  stored_hash = g_strdup (ld_statement_get_text (statement, 0));
  sent_at = ld_statement_get_int (statement, 1);
  attempts_left = ld_statement_get_int (statement, 2);
  g_clear_pointer (&statement, ld_statement_release);

  if (now >= sent_at + lifetime)
    {
      /* an old code proves nothing: it costs no attempt, a new one is needed */
      outcome->expired_at = sent_at + lifetime;
      refuse (outcome, LD_CONTACT_CODE_EXPIRED, error, LD_ERROR_CODE_EXPIRED, "The code has expired");
      goto failed;
    }
  if (attempts_left <= 0)
    {
      refuse (outcome, LD_CONTACT_NO_ATTEMPTS, error, LD_ERROR_TOO_MANY_ATTEMPTS, "Too many wrong codes");
      goto failed;
    }
  if (g_strcmp0 (stored_hash, code_hash) != 0)
    {
      /* the attempt counts although the change is refused */
      if (!ld_storage_run (self, error, "UPDATE member_phone_codes SET attempts_left = attempts_left - 1 WHERE member_id = $1",
                           "i", member_id))
        goto failed;
      if (!ld_storage_commit (self, error))
        return NULL;
      outcome->attempts_left = attempts_left - 1;
      if (outcome->attempts_left <= 0)
        refuse (outcome, LD_CONTACT_NO_ATTEMPTS, error, LD_ERROR_TOO_MANY_ATTEMPTS, "Too many wrong codes");
      else
        refuse (outcome, LD_CONTACT_CODE_WRONG, error, LD_ERROR_INVALID_CODE, "The code is wrong");
      return NULL;
    }

  if (!ld_storage_run (self, error, "UPDATE members SET phone = $2 WHERE id = $1", "it", member_id, phone) ||
      !ld_storage_run (self, error, "DELETE FROM member_phone_codes WHERE member_id = $1", "i", member_id))
    goto failed;
  return end_contact_change (self, member_id, now_text, operator_id, "member.change_phone", error);

failed:
  return rollback_member_write (self, &statement);
}

/* ---- POST /members/{id}/send-password */

JsonObject *
ld_storage_send_member_password (LdStorage         *self,
                                 gint64             member_id,
                                 const char        *channel,
                                 const char        *password_hash,
                                 const char        *text,
                                 const char        *masked_text,
                                 gint64             operator_id,
                                 LdContactOutcome  *outcome,
                                 GError           **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autofree char *to = NULL;
  gboolean by_sms;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (channel != NULL && password_hash != NULL && text != NULL, NULL);

  *outcome = (LdContactOutcome) { 0 };
  by_sms = g_str_equal (channel, "sms");
  if (!begin_member_write (self, member_id, 0, error))
    return NULL;

  if (!ld_storage_query_member_row (self, by_sms ? "SELECT phone FROM members WHERE id = $1"
                                                 : "SELECT email FROM members WHERE id = $1",
                                    member_id, &statement, error))
    goto failed;
  to = g_strdup (ld_statement_get_text (statement, 0));
  g_clear_pointer (&statement, ld_statement_release);
  if (to == NULL || to[0] == '\0')
    {
      refuse (outcome, LD_CONTACT_NO_ADDRESS, error, LD_ERROR_INVALID_FIELD, "The member has no such contact");
      goto failed;
    }

  if (!ld_storage_run (self, error, "UPDATE members SET password_hash = $2 WHERE id = $1",
                       "it", member_id, password_hash) ||
      !add_outbox_locked (self, by_sms ? "sms" : "email", to, text, now, error) ||
      /* the member's messages show that it went, never the password */
      !ld_storage_run (self, error,
                       "INSERT INTO messages (member_id, channel, status, address, subject, text, sent_at) "
                       "VALUES ($1, $2, 'sent', $3, NULL, $4, $5)",
                       "itttt", member_id, by_sms ? "sms" : "email", to, masked_text, now) ||
      !ld_storage_run (self, error, "DELETE FROM member_password_failures WHERE member_id = $1", "i", member_id) ||
      !ld_storage_add_action (self, now, operator_id, "member.send_password", by_sms ? "sms" : "email", NULL,
                              member_id, error))
    goto failed;
  if (!ld_storage_commit (self, error))
    return NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "channel", by_sms ? "sms" : "email");
  json_object_set_string_member (answer, "to", to);
  json_object_set_string_member (answer, "sent_at", now);
  return g_steal_pointer (&answer);

failed:
  return rollback_member_write (self, &statement);
}

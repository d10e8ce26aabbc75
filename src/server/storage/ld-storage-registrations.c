/* ld-storage-registrations.c — registration drafts and their completion
 *
 * A draft is one row of `registrations`; the handlers apply the rules of the wizard's
 * steps to an LdRegistrationRecord and write it back here, guarded by its version, so
 * two requests on one draft never both win. Completion creates the account, the member,
 * the cards, the statuses, the subscriptions and the action-history entry in one
 * transaction, after checking once more (inside it) that the phone is still nobody's and
 * the card still free. Open drafts older than 7 days are cancelled whenever drafts are read.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

#define DRAFT_LIFETIME_SECONDS (7 * 86400)
#define VIRTUAL_CARD_BASE G_GINT64_CONSTANT (2900000000000)

/* ---- records */

void
ld_registration_record_free (LdRegistrationRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->phone);
  g_free (record->mode);
  g_free (record->state);
  g_free (record->step);
  g_strfreev (record->steps);
  g_free (record->card_number);
  g_free (record->code_hash);
  g_free (record->email);
  g_clear_pointer (&record->consent, json_object_unref);
  g_free (record->password_hash);
  g_clear_pointer (&record->answers, json_object_unref);
  g_free (record->created_at);
  g_free (record->updated_at);
  g_free (record);
}

#define REGISTRATION_COLUMNS \
  "id, phone, call_id, operator_id, mode, state, step, steps, card_number, without_card, " \
  "issue_virtual, phone_confirmed, phone_confirmation_skipped, code_sent_at, code_hash, " \
  "code_attempts_left, email, consent, password_sent, password_hash, answers, member_id, " \
  "created_at, updated_at, version"

static gint64
column_int_or_zero (LdStatement *statement,
                    guint        column)
{
  if (ld_statement_get_type (statement, column) == LD_COLUMN_NULL)
    return 0;
  return ld_statement_get_int (statement, column);
}

static char **
steps_from_json (const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (text != NULL)
    root = ld_json_parse (text, -1, NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (ld_json_node_holds (node, G_TYPE_STRING))
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }
  return g_strv_builder_end (builder);
}

static char *
steps_to_json (char **steps)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    json_array_add_string_element (array, steps[i]);
  json_node_set_array (root, array);
  return ld_json_to_string (root, FALSE);
}

static JsonObject *
object_or_null (const char *text)
{
  if (text == NULL)
    return NULL;
  return ld_json_parse_object (text, -1, NULL);
}

static LdRegistrationRecord *
record_from_row (LdStatement *statement,
                 guint        first)
{
  LdRegistrationRecord *record = g_new0 (LdRegistrationRecord, 1);

  record->id = ld_statement_get_int (statement, first);
  record->phone = g_strdup (ld_statement_get_text (statement, first + 1));
  record->call_id = column_int_or_zero (statement, first + 2);
  record->operator_id = column_int_or_zero (statement, first + 3);
  record->mode = g_strdup (ld_statement_get_text (statement, first + 4));
  record->state = g_strdup (ld_statement_get_text (statement, first + 5));
  record->step = g_strdup (ld_statement_get_text (statement, first + 6));
  record->steps = steps_from_json (ld_statement_get_text (statement, first + 7));
  record->card_number = g_strdup (ld_statement_get_text (statement, first + 8));
  record->without_card = ld_statement_get_bool (statement, first + 9);
  record->issue_virtual = ld_statement_get_bool (statement, first + 10);
  record->phone_confirmed = ld_statement_get_bool (statement, first + 11);
  record->phone_confirmation_skipped = ld_statement_get_bool (statement, first + 12);
  record->code_sent_at = ld_statement_get_int (statement, first + 13);
  record->code_hash = g_strdup (ld_statement_get_text (statement, first + 14));
  record->code_attempts_left = ld_statement_get_int (statement, first + 15);
  record->email = g_strdup (ld_statement_get_text (statement, first + 16));
  record->consent = object_or_null (ld_statement_get_text (statement, first + 17));
  record->password_sent = ld_statement_get_bool (statement, first + 18);
  record->password_hash = g_strdup (ld_statement_get_text (statement, first + 19));
  record->answers = object_or_null (ld_statement_get_text (statement, first + 20));
  if (record->answers == NULL)
    record->answers = json_object_new ();
  record->member_id = column_int_or_zero (statement, first + 21);
  record->created_at = g_strdup (ld_statement_get_text (statement, first + 22));
  record->updated_at = g_strdup (ld_statement_get_text (statement, first + 23));
  record->version = ld_statement_get_int (statement, first + 24);
  return record;
}

static LdRegistrationRecord *
read_record_locked (LdStorage  *self,
                    gint64      id,
                    GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db,
                                   "SELECT " REGISTRATION_COLUMNS " FROM registrations WHERE id = $1",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, id);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      return record_from_row (statement, 0);
    case LD_STEP_DONE:
      g_set_error (error, LD_ERROR, LD_ERROR_NOT_FOUND,
                   "There is no registration %" G_GINT64_FORMAT, id);
      return NULL;
    default:
      return NULL;
    }
}

/* hands the fields of @fresh to @record (and @record's old ones to @fresh, freed after) */
static void
record_replace (LdRegistrationRecord *record,
                LdRegistrationRecord *fresh)
{
  LdRegistrationRecord old = *record;

  *record = *fresh;
  *fresh = old;
  ld_registration_record_free (fresh);
}

/* the end of a draft's write: @record read back (its new version and times) and the
 * transaction committed; rolled back on failure */
static gboolean
reread_and_commit_locked (LdStorage             *self,
                          LdRegistrationRecord  *record,
                          GError               **error)
{
  LdRegistrationRecord *fresh = read_record_locked (self, record->id, error);

  if (fresh == NULL)
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  if (!ld_storage_commit (self, error))
    {
      ld_registration_record_free (fresh);
      return FALSE;
    }
  record_replace (record, fresh);
  return TRUE;
}

/* cancels, with their action-history entries, the open drafts started over 7 days ago */
static gboolean
expire_locked (LdStorage  *self,
               GError    **error)
{
  g_autofree char *now = ld_storage_now ();
  g_autofree char *limit = ld_storage_format_time (ld_clock_get_unix_seconds () - DRAFT_LIFETIME_SECONDS);

  if (!ld_storage_run (self, error,
                       "INSERT INTO actions (created_at, operator_id, action, target, reason, member_id) "
                       "SELECT $1, NULL, 'registration.cancel', 'registration:' || id, 'expired', NULL "
                       "FROM registrations WHERE state = 'open' AND created_at < $2",
                       "tt", now, limit))
    return FALSE;

  return ld_storage_run (self, error,
                         "UPDATE registrations SET state = 'cancelled', updated_at = $1, "
                         "version = version + 1 WHERE state = 'open' AND created_at < $2",
                         "tt", now, limit);
}

/**
 * ld_storage_start_registration:
 *
 * Returns: (transfer full): the open draft of @phone or a new one
 */
LdRegistrationRecord *
ld_storage_start_registration (LdStorage          *self,
                               const char         *phone,
                               gint64              call_id,
                               gint64              operator_id,
                               const char         *mode,
                               const char * const *steps,
                               gboolean           *created,
                               GError            **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autofree char *steps_json = NULL;
  gboolean exists = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);
  g_return_val_if_fail (mode != NULL, NULL);
  g_return_val_if_fail (steps != NULL && steps[0] != NULL, NULL);

  if (created != NULL)
    *created = FALSE;

  if (!ld_database_begin (self->db, error))
    return NULL;
  if (!expire_locked (self, error))
    goto failed;

  if (!ld_storage_query_int (self, "SELECT 1 FROM members WHERE phone = $1", phone, 0, &exists, NULL, error))
    goto failed;
  if (exists)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED,
                           "This phone number belongs to a member of the program already");
      goto failed;
    }
  if (call_id > 0)
    {
      if (!ld_storage_query_int (self, "SELECT 1 FROM calls WHERE id = $1", NULL, call_id, &exists, NULL, error))
        goto failed;
      if (!exists)
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       "There is no call %" G_GINT64_FORMAT, call_id);
          goto failed;
        }
    }

  statement = ld_database_prepare (self->db,
                                   "SELECT id, call_id FROM registrations WHERE phone = $1 AND state = 'open'",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_text (statement, 1, phone);
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      id = ld_statement_get_int (statement, 0);
      exists = call_id > 0 && column_int_or_zero (statement, 1) != call_id;
      break;
    case LD_STEP_DONE:
      exists = FALSE;
      break;
    default:
      goto failed;
    }
  g_clear_pointer (&statement, ld_statement_release);

  if (id > 0 && exists)
    {
      /* resumed during another call: the registration belongs to this one now */
      if (!ld_storage_run (self, error,
                           "UPDATE registrations SET call_id = $2, updated_at = $3, "
                           "version = version + 1 WHERE id = $1",
                           "iit", id, call_id, now))
        goto failed;
    }
  else if (id == 0)
    {
      steps_json = steps_to_json ((char **) steps);
      statement = ld_database_prepare (self->db,
                                       "INSERT INTO registrations (phone, call_id, operator_id, mode, state, "
                                       "step, steps, created_at, updated_at) "
                                       "VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7) RETURNING id",
                                       error);
      if (statement == NULL)
        goto failed;
      ld_statement_bind_text (statement, 1, phone);
      ld_statement_bind_id (statement, 2, call_id);
      ld_statement_bind_id (statement, 3, operator_id);
      ld_statement_bind_text (statement, 4, mode);
      ld_statement_bind_text (statement, 5, steps[0]);
      ld_statement_bind_text (statement, 6, steps_json);
      ld_statement_bind_text (statement, 7, now);
      if (ld_statement_step (statement, error) != LD_STEP_ROW)
        goto failed;
      id = ld_statement_get_int (statement, 0);
      g_clear_pointer (&statement, ld_statement_release);
      if (created != NULL)
        *created = TRUE;
    }

  record = read_record_locked (self, id, error);
  if (record == NULL)
    goto failed;
  if (!ld_storage_commit (self, error))
    return NULL;
  return g_steal_pointer (&record);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  if (created != NULL)
    *created = FALSE;
  return NULL;
}

/**
 * ld_storage_get_registration:
 *
 * Returns: (transfer full): the draft, or %NULL with NOT_FOUND
 */
LdRegistrationRecord *
ld_storage_get_registration (LdStorage  *self,
                             gint64      registration_id,
                             GError    **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdRegistrationRecord) record = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (!ld_database_begin (self->db, error))
    return NULL;
  if (!expire_locked (self, error) ||
      (record = read_record_locked (self, registration_id, error)) == NULL)
    {
      ld_database_rollback (self->db);
      return NULL;
    }
  if (!ld_storage_commit (self, error))
    return NULL;
  return g_steal_pointer (&record);
}

static gboolean
add_record_cb (LdStorage    *self,
               LdStatement  *statement,
               guint         first,
               gpointer      user_data,
               GError      **error)
{
  g_ptr_array_add (user_data, record_from_row (statement, first));
  return TRUE;
}

/**
 * ld_storage_page_open_registrations:
 * @next_cursor: (out) (transfer full) (nullable): the cursor of the next page, %NULL on the last
 * @total: (out): the open drafts in all, as of the first page
 *
 * Returns: (transfer full) (element-type LdRegistrationRecord): a page of open drafts,
 *   newest first, or %NULL (LD_ERROR_MALFORMED for a cursor this list did not give out)
 */
GPtrArray *
ld_storage_page_open_registrations (LdStorage            *self,
                                    const char           *phone,
                                    const LdPageRequest  *page,
                                    char                **next_cursor,
                                    gint64               *total,
                                    GError              **error)
{
  LD_STORAGE_LOCK (self);
  static const char * const keys[] = { "id", NULL };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_registration_record_free);
  g_auto(LdQueryParams) params = { 0 };
  LdPageQuery query = { 0 };

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (next_cursor != NULL && total != NULL, NULL);

  query.tag = "open";
  query.keys = keys;
  query.ascending = FALSE;
  if (phone != NULL)
    {
      ld_query_params_add_text (&params, phone);
      query.select = "SELECT id, " REGISTRATION_COLUMNS " FROM registrations WHERE state = 'open' AND phone = $1";
      query.count = "SELECT count(*) FROM registrations WHERE state = 'open' AND phone = $1";
    }
  else
    {
      query.select = "SELECT id, " REGISTRATION_COLUMNS " FROM registrations WHERE state = 'open'";
      query.count = "SELECT count(*) FROM registrations WHERE state = 'open'";
    }

  if (!ld_database_begin (self->db, error))
    return NULL;
  if (!expire_locked (self, error) ||
      !ld_storage_run_page (self, &query, &params, page, add_record_cb, records, next_cursor, total, error))
    {
      ld_database_rollback (self->db);
      return NULL;
    }
  if (!ld_storage_commit (self, error))
    {
      g_clear_pointer (next_cursor, g_free);
      return NULL;
    }
  return g_steal_pointer (&records);
}

static gboolean
write_record_locked (LdStorage             *self,
                     LdRegistrationRecord  *record,
                     const char            *now,
                     GError               **error)
{
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *steps = steps_to_json (record->steps);
  g_autofree char *consent = record->consent ? ld_json_object_to_string (record->consent) : NULL;
  g_autofree char *answers = ld_json_object_to_string (record->answers);

  statement = ld_database_prepare (self->db,
                                   "UPDATE registrations SET state = $2, step = $3, steps = $4, "
                                   "card_number = $5, without_card = $6, issue_virtual = $7, "
                                   "phone_confirmed = $8, phone_confirmation_skipped = $9, "
                                   "code_sent_at = $10, code_hash = $11, code_attempts_left = $12, "
                                   "email = $13, consent = $14, password_sent = $15, password_hash = $16, "
                                   "answers = $17, member_id = $18, call_id = $19, updated_at = $20, "
                                   "version = version + 1 WHERE id = $1 AND version = $21",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, record->id);
  ld_statement_bind_text (statement, 2, record->state);
  ld_statement_bind_text (statement, 3, record->step);
  ld_statement_bind_text (statement, 4, steps);
  ld_statement_bind_text (statement, 5, record->card_number);
  ld_statement_bind_int (statement, 6, record->without_card);
  ld_statement_bind_int (statement, 7, record->issue_virtual);
  ld_statement_bind_int (statement, 8, record->phone_confirmed);
  ld_statement_bind_int (statement, 9, record->phone_confirmation_skipped);
  ld_statement_bind_int (statement, 10, record->code_sent_at);
  ld_statement_bind_text (statement, 11, record->code_hash);
  ld_statement_bind_int (statement, 12, record->code_attempts_left);
  ld_statement_bind_text (statement, 13, record->email);
  ld_statement_bind_text (statement, 14, consent);
  ld_statement_bind_int (statement, 15, record->password_sent);
  ld_statement_bind_text (statement, 16, record->password_hash);
  ld_statement_bind_text (statement, 17, answers);
  ld_statement_bind_id (statement, 18, record->member_id);
  ld_statement_bind_id (statement, 19, record->call_id);
  ld_statement_bind_text (statement, 20, now);
  ld_statement_bind_int (statement, 21, record->version);
  if (!ld_statement_run (statement, error))
    return FALSE;
  if (ld_database_changes (self->db) == 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT,
                           "Someone else changed this registration meanwhile; read it again");
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_sms_locked (LdStorage   *self,
                const char  *to,
                const char  *text,
                const char  *now,
                GError     **error)
{
  return ld_storage_run (self, error,
                         "INSERT INTO outbox (channel, recipient, text, created_at) "
                         "VALUES ('sms', $1, $2, $3)",
                         "ttt", to, text, now);
}

gboolean
ld_storage_update_registration (LdStorage             *self,
                                LdRegistrationRecord  *record,
                                const char            *sms_text,
                                gint64                 operator_id,
                                const char            *action,
                                const char            *reason,
                                GError               **error)
{
  LD_STORAGE_LOCK (self);
  g_autofree char *now = ld_storage_now ();
  g_autofree char *target = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!ld_database_begin (self->db, error))
    return FALSE;
  if (!write_record_locked (self, record, now, error))
    goto failed;
  if (sms_text != NULL && !add_sms_locked (self, record->phone, sms_text, now, error))
    goto failed;
  target = g_strdup_printf ("registration:%" G_GINT64_FORMAT, record->id);
  if (action != NULL &&
      !ld_storage_add_action (self, now, operator_id, action, target, reason, record->member_id, error))
    goto failed;
  return reread_and_commit_locked (self, record, error);

failed:
  ld_database_rollback (self->db);
  return FALSE;
}

/* ---- completion */

static gint64
insert_returning_id (LdStatement  *statement,
                     GError      **error)
{
  if (ld_statement_step (statement, error) != LD_STEP_ROW)
    return 0;
  return ld_statement_get_int (statement, 0);
}

static gboolean
create_member_locked (LdStorage                   *self,
                      LdRegistrationRecord        *record,
                      const LdRegistrationMember  *member,
                      gint64                       account_id,
                      const char                  *now,
                      gint64                      *member_id,
                      GError                     **error)
{
  static const char * const own_columns[] = {
    "last_name", "first_name", "middle_name", "birth_date", "email", NULL
  };
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autoptr(JsonObject) consents = json_object_new ();
  g_autofree char *answers_text = NULL;
  g_autofree char *consents_text = NULL;
  g_autofree char *last_fold = ld_storage_fold (member->last_name);
  g_autofree char *first_fold = ld_storage_fold (member->first_name);
  g_autofree char *middle_fold = ld_storage_fold (member->middle_name);
  g_autofree char *email_fold = member->email ? ld_storage_fold (member->email) : NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  /* the answers that have their own columns are kept only there */
  if (member->answers != NULL)
    {
      json_object_iter_init (&iter, member->answers);
      while (json_object_iter_next (&iter, &key, &value))
        if (!g_strv_contains (own_columns, key) && !JSON_NODE_HOLDS_NULL (value))
          json_object_set_member (answers, key, json_node_copy (value));
    }
  answers_text = ld_json_object_to_string (answers);
  json_object_set_boolean_member (consents, "offer", TRUE);
  json_object_set_boolean_member (consents, "personal_data", TRUE);
  json_object_set_string_member (consents, "given_at", now);
  consents_text = ld_json_object_to_string (consents);

  /* an id no member ever had: a removed member's lives on in the action history (and
   * SQLite would give the highest id again once its row is gone) */
  statement = ld_database_prepare (self->db,
                                   "INSERT INTO members (id, account_id, last_name, first_name, middle_name, "
                                   "last_name_fold, first_name_fold, middle_name_fold, phone, email, email_fold, "
                                   "birth_date, answers, consents, password_hash, created_at, updated_at) "
                                   "VALUES ((SELECT COALESCE(max(used.id), 0) + 1 FROM "
                                   "(SELECT max(id) AS id FROM members UNION ALL "
                                   "SELECT max(member_id) AS id FROM actions) AS used), "
                                   "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) "
                                   "RETURNING id",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, account_id);
  ld_statement_bind_text (statement, 2, member->last_name ? member->last_name : "");
  ld_statement_bind_text (statement, 3, member->first_name ? member->first_name : "");
  ld_statement_bind_text (statement, 4, member->middle_name ? member->middle_name : "");
  ld_statement_bind_text (statement, 5, last_fold);
  ld_statement_bind_text (statement, 6, first_fold);
  ld_statement_bind_text (statement, 7, middle_fold);
  ld_statement_bind_text (statement, 8, record->phone);
  ld_statement_bind_text (statement, 9, member->email);
  ld_statement_bind_text (statement, 10, email_fold);
  ld_statement_bind_text (statement, 11, member->birth_date);
  ld_statement_bind_text (statement, 12, answers_text);
  ld_statement_bind_text (statement, 13, consents_text);
  ld_statement_bind_text (statement, 14, record->password_hash);
  ld_statement_bind_text (statement, 15, now);
  *member_id = insert_returning_id (statement, error);
  return *member_id > 0;
}

static gboolean
issue_virtual_card_locked (LdStorage   *self,
                           gint64       member_id,
                           const char  *category,
                           gboolean     main,
                           const char  *now,
                           GError     **error)
{
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *number = NULL;

      number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                VIRTUAL_CARD_BASE + member_id + attempt * G_GINT64_CONSTANT (10000000000));
      if (!ld_storage_run (self, error,
                           "INSERT INTO cards (number, type, category, state, balance, main, "
                           "owner_id, issued_at, activated_at) "
                           "VALUES ($1, 'virtual', $2, 'activated', 0, $3, $4, $5, $5) "
                           "ON CONFLICT (number) DO NOTHING",
                           "ttiit", number, category ? category : "regular", (gint64) main, member_id, now))
        return FALSE;
      if (ld_database_changes (self->db) == 1)
        return TRUE;
    }
  g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "No free number for a virtual card");
  return FALSE;
}

static gboolean
subscribe_locked (LdStorage                   *self,
                  const LdRegistrationMember  *member,
                  gint64                       member_id,
                  GError                     **error)
{
  for (guint t = 0; member->mailing_types && member->mailing_types[t]; t++)
    for (guint c = 0; member->channels && member->channels[c]; c++)
      {
        if (!ld_storage_run (self, error,
                             "INSERT INTO subscriptions (member_id, mailing_type, channel, enabled) "
                             "VALUES ($1, $2, $3, 1) ON CONFLICT (member_id, mailing_type, channel) DO NOTHING",
                             "itt", member_id, member->mailing_types[t], member->channels[c]))
          return FALSE;
      }
  return TRUE;
}

gint64
ld_storage_complete_registration (LdStorage                   *self,
                                  LdRegistrationRecord        *record,
                                  const LdRegistrationMember  *member,
                                  gint64                       operator_id,
                                  GError                     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *now = ld_storage_now ();
  g_autofree char *target = NULL;
  LdCardLinkOutcome refusal = { 0 };
  gboolean exists = FALSE;
  gint64 balance = 0;
  gint64 account_id;
  gint64 member_id = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (member != NULL, 0);

  if (!ld_database_begin (self->db, error))
    return 0;

  /* what the handler checked may have changed since: check again, inside the transaction */
  if (!ld_storage_query_int (self, "SELECT 1 FROM members WHERE phone = $1", record->phone, 0,
                             &exists, NULL, error))
    goto failed;
  if (exists)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED,
                           "This phone number belongs to a member of the program already");
      goto failed;
    }
  if (record->card_number != NULL &&
      !ld_storage_check_free_card_locked (self, record->card_number, 0, &balance, &refusal, error))
    goto failed;

  statement = ld_database_prepare (self->db,
                                   "INSERT INTO accounts (balance, created_at) VALUES ($1, $2) RETURNING id",
                                   error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, balance);
  ld_statement_bind_text (statement, 2, now);
  account_id = insert_returning_id (statement, error);
  if (account_id == 0)
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  if (!create_member_locked (self, record, member, account_id, now, &member_id, error))
    goto failed;
  if (record->card_number != NULL &&
      !ld_storage_activate_card_locked (self, record->card_number, member_id, TRUE, now, error))
    goto failed;
  if (record->issue_virtual &&
      !issue_virtual_card_locked (self, member_id, member->card_category,
                                  record->card_number == NULL, now, error))
    goto failed;

  if (member->status_system != NULL && member->status_level != NULL)
    {
      if (!ld_storage_run (self, error,
                           "INSERT INTO member_statuses (member_id, system, level, assigned_at) "
                           "VALUES ($1, $2, $3, $4)",
                           "ittt", member_id, member->status_system, member->status_level, now))
        goto failed;
    }

  if (!subscribe_locked (self, member, member_id, error))
    goto failed;

  if (record->call_id > 0 &&
      !ld_storage_run (self, error, "UPDATE calls SET member_id = $2 WHERE id = $1 AND member_id IS NULL",
                       "ii", record->call_id, member_id))
    goto failed;

  /* the history names the call or the draft, never the phone: it outlives a removal */
  if (record->call_id > 0)
    target = g_strdup_printf ("call:%" G_GINT64_FORMAT, record->call_id);
  else
    target = g_strdup_printf ("registration:%" G_GINT64_FORMAT, record->id);
  if (!ld_storage_add_action (self, now, operator_id, "registration", target, NULL, member_id, error))
    goto failed;

  g_free (record->state);
  record->state = g_strdup ("completed");
  g_free (record->step);
  record->step = g_strdup ("done");
  record->member_id = member_id;
  if (!write_record_locked (self, record, now, error))
    goto failed;

  if (!reread_and_commit_locked (self, record, error))
    return 0;
  return member_id;

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return 0;
}

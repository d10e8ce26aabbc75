/* ld-server-accounts.c — the operations on a member's bonus account: block, unblock,
 * status change and merge (POST /members/{id}/block, /unblock, /status, /merge)
 *
 * Each handler checks its body against the configuration (reasons, status systems and
 * their levels by key), reads an optional If-Match (the member's version) and leaves the
 * account's rules to one storage transaction (ld_storage_change_account()), whose refusal
 * codes this file turns into messages for the agent. The answer is the member's profile
 * after the change. A repeated Idempotency-Key is answered by the dispatcher before the
 * handler runs, as for every write.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"

#define MAX_FREE_REASON_LENGTH 500

/* each refusal of the storage as the agent reads it; @field goes into details.field */
static const struct
{
  LdError     code;
  const char *field;
  const char *message;
} account_refusals[] = {
  { LD_ERROR_NOT_FOUND, NULL,
    N_("There is no such member in the program.") },
  { LD_ERROR_VERSION_CONFLICT, NULL,
    N_("Someone changed this member meanwhile. Look at the profile again and repeat the operation.") },
  { LD_ERROR_ACCOUNT_NOT_BLOCKED, NULL,
    N_("The member's bonus account is not blocked.") },
  { LD_ERROR_STATUS_UNCHANGED, NULL,
    N_("The member has this status level already.") },
  { LD_ERROR_INVALID_FIELD, "member_id",
    N_("Choose another member of the program: not this one, and one that exists.") },
  { LD_ERROR_ALREADY_MERGED, NULL,
    N_("These members share one bonus account already.") },
};

static void
respond_refusal (LdRequest    *request,
                 LdAccountOperation operation,
                 const GError *error,
                 gint64        max_merge_members)
{
  g_assert (request != NULL);
  g_assert (error != NULL);

  if (g_error_matches (error, LD_ERROR, LD_ERROR_MERGE_LIMIT_REACHED))
    {
      JsonObject *details = json_object_new ();
      g_autofree char *message = NULL;

      json_object_set_int_member (details, "max_merge_members", max_merge_members);
      /* Translators: %d is the configured maximum number of members of one merged account */
      message = g_strdup_printf (ld_request_translate_format (request, N_("A merged account has at most %d members: these two accounts together would have more.")),
                                 (int) max_merge_members);
      ld_request_respond_problem (request, 409, "merge_limit_reached", details, message);
      return;
    }

  if (g_error_matches (error, LD_ERROR, LD_ERROR_ACCOUNT_BLOCKED))
    {
      ld_request_respond_problem (request, 409, "account_blocked", NULL,
                                  operation == LD_ACCOUNT_BLOCK
                                  ? N_("The member's bonus account is blocked already.")
                                  : N_("A blocked bonus account cannot be merged: unblock it first."));
      return;
    }

  for (guint i = 0; error->domain == LD_ERROR && i < G_N_ELEMENTS (account_refusals); i++)
    if (error->code == (int) account_refusals[i].code)
      {
        JsonObject *details = NULL;

        if (account_refusals[i].field != NULL)
          {
            details = json_object_new ();
            json_object_set_string_member (details, "field", account_refusals[i].field);
          }
        ld_request_respond_problem (request, ld_error_to_http_status (error->code),
                                    ld_error_to_code (error->code), details, account_refusals[i].message);
        return;
      }

  /* the storage's failure (500) */
  ld_request_respond_gerror (request, error, NULL);
}

/* the If-Match, then the change in storage, then the answer */
static void
change_account (LdServer         *self,
                LdRequest        *request,
                LdAccountChange  *change)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 max_merge_members = 0;

  if (!ld_request_get_if_match (request, N_("If-Match is the member's version: a whole number."),
                               &change->expected_version))
    return;

  change->member_id = request->id;
  change->operator_id = request->op->id;
  profile = ld_storage_change_account (ld_server_get_storage (self), change, &max_merge_members, &error);
  if (profile == NULL)
    {
      respond_refusal (request, change->operation, error, max_merge_members);
      return;
    }
  ld_request_respond_object (request, 200, profile);
}

/* the body's reason, one of the keys of reasons.@list: 422 (@message) otherwise */
static gboolean
get_configured_reason (LdRequest   *request,
                       JsonObject  *config,
                       const char  *list,
                       const char  *message,
                       const char **reason)
{
  if (!ld_request_get_body_string (request, "reason", reason))
    return FALSE;
  if (!ld_config_has_option (config, "reasons", list, *reason))
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason", "%s",
                                ld_request_translate (request, message));
      return FALSE;
    }
  return TRUE;
}

/* ---- POST /members/{id}/block {reason ∈ reasons.member_block} */

void
ld_server_handle_block_member (LdServer  *self,
                               LdRequest *request)
{
  g_autoptr(JsonObject) config = NULL;
  LdAccountChange change = { .operation = LD_ACCOUNT_BLOCK };

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  config = ld_server_load_config (self, request);
  if (config == NULL ||
      !get_configured_reason (request, config, "member_block",
                              N_("Choose the reason for blocking the account from the configured list."),
                              &change.reason))
    return;
  change_account (self, request, &change);
}

/* ---- POST /members/{id}/unblock {reason: free text} */

void
ld_server_handle_unblock_member (LdServer  *self,
                                 LdRequest *request)
{
  g_autofree char *reason = NULL;
  const char *text = NULL;
  LdAccountChange change = { .operation = LD_ACCOUNT_UNBLOCK };

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!ld_request_get_body_string (request, "reason", &text))
    return;
  reason = g_strstrip (g_strdup (text ? text : ""));
  if (*reason == '\0')
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("Say why the account is unblocked."));
      return;
    }
  if (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > MAX_FREE_REASON_LENGTH)
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("The reason is too long: %d characters at most."), MAX_FREE_REASON_LENGTH);
      return;
    }

  change.reason = reason;
  change_account (self, request, &change);
}

/* ---- POST /members/{id}/status {system, level, reason ∈ reasons.status_change} */

void
ld_server_handle_member_status (LdServer  *self,
                                LdRequest *request)
{
  g_autoptr(JsonObject) config = NULL;
  JsonObject *system;
  LdAccountChange change = { .operation = LD_ACCOUNT_CHANGE_STATUS };

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!ld_request_get_body_string (request, "system", &change.system) ||
      !ld_request_get_body_string (request, "level", &change.level))
    return;

  config = ld_server_load_config (self, request);
  if (config == NULL)
    return;

  system = ld_config_find_option (ld_config_get_array (config, "status_systems"), change.system);
  if (system == NULL)
    {
      ld_request_respond_error (request, 422, "invalid_field", "system",
                                N_("Choose a status system of the program's configuration."));
      return;
    }
  if (!ld_config_has_option (system, NULL, "levels", change.level))
    {
      ld_request_respond_error (request, 422, "invalid_field", "level",
                                N_("Choose a level of this status system."));
      return;
    }
  if (!get_configured_reason (request, config, "status_change",
                              N_("Choose the reason for the status change from the configured list."),
                              &change.reason))
    return;

  change_account (self, request, &change);
}

/* ---- POST /members/{id}/merge {member_id} */

void
ld_server_handle_merge_members (LdServer  *self,
                                LdRequest *request)
{
  LdAccountChange change = { .operation = LD_ACCOUNT_MERGE };
  JsonNode *node;

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!ld_request_require_body_member (request, "member_id"))
    return;
  node = json_object_get_member (request->body, "member_id");
  if (!ld_json_node_holds (node, G_TYPE_INT64))
    {
      ld_request_respond_error (request, 400, "malformed", "member_id",
                                N_("“member_id” must be a member's id: a whole number."));
      return;
    }
  change.other_member_id = json_node_get_int (node);
  if (change.other_member_id <= 0)
    {
      ld_request_respond_error (request, 422, "invalid_field", "member_id",
                                N_("Choose another member of the program: not this one, and one that exists."));
      return;
    }

  change_account (self, request, &change);
}

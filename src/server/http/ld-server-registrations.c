/* ld-server-registrations.c — the registration wizard's drafts
 *
 * The registration rules (DESIGN.md's registration endpoints, the seeds' wizard) live
 * here: which steps a draft has (from the configuration when it starts), which step may
 * be posted (the current one, or one already passed: the
 * wizard's Back), what each step checks, and what completion needs. A step posted ahead
 * of the draft is 409 wrong_step; a closed draft 409 draft_closed. Every write goes back
 * through ld_storage_update_registration(), which refuses a draft someone changed
 * meanwhile; completion is one storage transaction.
 *
 * Verification codes are 6 random digits; only a hash of the draft id and the code is
 * kept. A code is good for config.registration.code_lifetime_minutes (1 to 1440; 10 when
 * the configuration does not say): after that, confirming answers 422 code_expired and
 * the agent sends a new one. The password and completion are in
 * ld-server-registrations-complete.c.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-rights.h"
#include "ld-server-registrations-private.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define CODE_RESEND_SECONDS 30
#define CODE_ATTEMPTS 5
#define CODE_LIFETIME_MINUTES 10
#define CODE_LIFETIME_MAX_MINUTES 1440
#define MAX_REASON_LENGTH 64

/* ---- answers */

JsonObject *
ld_server_field_details (const char *field)
{
  JsonObject *details = json_object_new ();

  if (field != NULL)
    json_object_set_string_member (details, "field", field);
  return details;
}

/* ---- confirmation codes (a member's phone change sends them too) */

char *
ld_server_new_code (char code[LD_CODE_SIZE])
{
  g_snprintf (code, LD_CODE_SIZE, "%06u", (unsigned) randombytes_uniform (1000000));
  return g_strdup_printf ("Код подтверждения Loyalty Desk: %s", code);
}

char *
ld_server_get_body_code (LdRequest *request)
{
  const char *code = NULL;

  if (!ld_request_get_body_string (request, "code", &code))
    return NULL;
  if (code == NULL || code[0] == '\0')
    {
      ld_request_respond_error (request, 422, "invalid_code", "code", N_("Enter the code the customer received."));
      return NULL;
    }
  return g_strstrip (g_strdup (code));
}

void
ld_server_respond_retry_after (LdRequest  *request,
                               gint64      retry_after,
                               const char *field,
                               const char *message)
{
  g_autofree char *header = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (retry_after, 1));
  JsonObject *details = ld_server_field_details (field);

  json_object_set_int_member (details, "retry_after", MAX (retry_after, 0));
  soup_message_headers_replace (request->response_headers, "Retry-After", header);
  ld_request_respond_problem (request, 429, "too_many_attempts", details, message);
}

void
ld_server_respond_code_too_soon (LdRequest *request,
                                 gint64     retry_after)
{
  g_autofree char *message = g_strdup_printf (ld_request_translate_format (request,
                                                                           N_("A new code can be sent in %d seconds.")),
                                              (int) retry_after);

  ld_server_respond_retry_after (request, retry_after, NULL, message);
}

void
ld_server_respond_code_expired (LdRequest *request,
                                gint64     expired_at)
{
  g_autofree char *text = ld_format_time (expired_at);
  JsonObject *details = ld_server_field_details ("code");

  json_object_set_string_member (details, "expired_at", text);
  ld_request_respond_problem (request, 422, "code_expired", details,
                              N_("The code has expired. Send a new code to the customer."));
}

void
ld_server_respond_code_wrong (LdRequest *request,
                              gint64     attempts_left)
{
  JsonObject *details = ld_server_field_details ("code");

  json_object_set_int_member (details, "attempts_left", attempts_left);
  ld_request_respond_problem (request, 422, "invalid_code", details,
                              N_("The code is wrong. Ask the customer to read it again."));
}

/* ---- the configuration */

static gboolean
registration_flag (JsonObject *config,
                   const char *member)
{
  JsonObject *registration = NULL;
  gboolean value = FALSE;

  if (!ld_json_get_object (config, "registration", NULL, &registration) || registration == NULL)
    return FALSE;
  if (!ld_json_get_bool (registration, member, FALSE, &value))
    return FALSE;
  return value;
}

/* how long a verification code is good for, in seconds */
static gint64
code_lifetime (JsonObject *config)
{
  JsonObject *registration = NULL;
  gint64 minutes = CODE_LIFETIME_MINUTES;

  if (config != NULL &&
      ld_json_get_object (config, "registration", NULL, &registration) && registration != NULL &&
      (!ld_json_get_int (registration, "code_lifetime_minutes", CODE_LIFETIME_MINUTES, &minutes) ||
       minutes < 1 || minutes > CODE_LIFETIME_MAX_MINUTES))
    minutes = CODE_LIFETIME_MINUTES;
  return minutes * 60;
}

gint64
ld_registration_code_lifetime (LdServer *self)
{
  g_autoptr(JsonObject) config = ld_storage_get_config (ld_server_get_storage (self), NULL);

  return code_lifetime (config);
}

/* FALSE after answering when @issue_virtual asks what the configuration does not offer */
static gboolean
virtual_card_allowed (LdRequest  *request,
                      JsonObject *config,
                      gboolean    issue_virtual)
{
  if (issue_virtual && !registration_flag (config, "virtual_card"))
    {
      ld_request_respond_error (request, 422, "invalid_field", "issue_virtual",
                                N_("The program's configuration does not issue virtual cards."));
      return FALSE;
    }
  return TRUE;
}

static const char *
registration_mode (JsonObject *config)
{
  JsonObject *registration = NULL;
  const char *mode = NULL;

  if (ld_json_get_object (config, "registration", NULL, &registration) && registration != NULL)
    ld_json_get_string (registration, "mode", NULL, &mode);
  return g_strcmp0 (mode, "phone") == 0 ? "phone" : "card";
}

/* the whole path of a draft; a card-mode draft continued without a card keeps its card
 * step first (the wizard may go back to it) and follows the phone path after it */
static char **
compute_steps (const char *mode,
               gboolean    without_card,
               gboolean    virtual_card,
               gboolean    email_required)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean card_mode = g_str_equal (mode, "card");

  if (card_mode)
    g_strv_builder_add (builder, "card");
  g_strv_builder_add (builder, "phone");
  if ((!card_mode || without_card) && virtual_card)
    g_strv_builder_add (builder, "virtual_card");
  if (email_required)
    g_strv_builder_add (builder, "email");
  g_strv_builder_add_many (builder, "consent", "password", "form", NULL);
  return g_strv_builder_end (builder);
}

/* ---- drafts */

static int
step_index (LdRegistrationRecord *record,
            const char           *step)
{
  for (guint i = 0; record->steps != NULL && record->steps[i] != NULL; i++)
    if (g_str_equal (record->steps[i], step))
      return i;
  return -1;
}

static gboolean
phone_done (LdRegistrationRecord *record)
{
  return record->phone_confirmed || record->phone_confirmation_skipped;
}

/* the step after @done (a phone already confirmed is not asked again) */
void
ld_registration_advance (LdRegistrationRecord *record,
                         const char           *done)
{
  int index = step_index (record, done);
  const char *next = "form";

  for (guint i = index + 1; index >= 0 && record->steps[i] != NULL; i++)
    {
      if (g_str_equal (record->steps[i], "phone") && phone_done (record))
        continue;
      next = record->steps[i];
      break;
    }
  g_free (record->step);
  record->step = g_strdup (next);
}

static char *
time_or_null (gint64 unix_seconds)
{
  return unix_seconds > 0 ? ld_format_time (unix_seconds) : NULL;
}

static void
set_id_or_null (JsonObject *object,
                const char *member,
                gint64      value)
{
  if (value > 0)
    json_object_set_int_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static JsonObject *
card_block (LdServer   *self,
            const char *number)
{
  g_autoptr(JsonObject) card = NULL;
  JsonObject *block = json_object_new ();
  static const char * const members[] = { "category", "state", "type", "balance", "first_purchase_pos" };

  json_object_set_string_member (block, "number", number);
  card = ld_storage_get_card (ld_server_get_storage (self), number, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = card ? json_object_get_member (card, members[i]) : NULL;

      if (node != NULL)
        json_object_set_member (block, members[i], json_node_copy (node));
      else
        json_object_set_null_member (block, members[i]);
    }
  return block;
}

/* the draft as the contract shows it */
JsonObject *
ld_registration_draft_to_json (LdServer             *self,
                               LdRegistrationRecord *record,
                               gint64                lifetime)
{
  JsonObject *draft = json_object_new ();
  JsonArray *steps = json_array_new ();
  g_autoptr(LdOperatorRecord) op = NULL;
  g_autofree char *sent_at = time_or_null (record->code_sent_at);
  g_autofree char *resend_at = time_or_null (record->code_sent_at > 0 ? record->code_sent_at + CODE_RESEND_SECONDS : 0);
  g_autofree char *expires_at = time_or_null (record->code_hash != NULL && record->code_sent_at > 0
                                              ? record->code_sent_at + lifetime : 0);

  /* json-glib sets a NULL string as null: the times, the e-mail and the operator */
  json_object_set_int_member (draft, "id", record->id);
  json_object_set_string_member (draft, "phone", record->phone);
  set_id_or_null (draft, "call_id", record->call_id);
  json_object_set_string_member (draft, "mode", record->mode);
  json_object_set_string_member (draft, "state", record->state);
  json_object_set_string_member (draft, "step", record->step);
  for (guint i = 0; record->steps != NULL && record->steps[i] != NULL; i++)
    json_array_add_string_element (steps, record->steps[i]);
  json_object_set_array_member (draft, "steps", steps);
  if (record->card_number != NULL)
    json_object_set_object_member (draft, "card", card_block (self, record->card_number));
  else
    json_object_set_null_member (draft, "card");
  json_object_set_boolean_member (draft, "without_card", record->without_card);
  json_object_set_boolean_member (draft, "issue_virtual", record->issue_virtual);
  json_object_set_boolean_member (draft, "phone_confirmed", record->phone_confirmed);
  json_object_set_boolean_member (draft, "phone_confirmation_skipped", record->phone_confirmation_skipped);
  json_object_set_string_member (draft, "code_sent_at", sent_at);
  json_object_set_string_member (draft, "resend_available_at", resend_at);
  json_object_set_string_member (draft, "code_expires_at", expires_at);
  json_object_set_int_member (draft, "code_attempts_left", record->code_attempts_left);
  json_object_set_string_member (draft, "email", record->email);
  if (record->consent != NULL)
    json_object_set_object_member (draft, "consent", json_object_ref (record->consent));
  else
    json_object_set_null_member (draft, "consent");
  json_object_set_boolean_member (draft, "password_sent", record->password_sent);
  json_object_set_object_member (draft, "answers", json_object_ref (record->answers));
  set_id_or_null (draft, "member_id", record->member_id);
  json_object_set_string_member (draft, "created_at", record->created_at);
  json_object_set_string_member (draft, "updated_at", record->updated_at);
  set_id_or_null (draft, "operator_id", record->operator_id);
  /* who started it, for the screen pop of a caller whose registration was left half-way */
  if (record->operator_id > 0)
    op = ld_storage_get_operator (ld_server_get_storage (self), record->operator_id, NULL);
  json_object_set_string_member (draft, "operator_login", op ? op->login : NULL);
  json_object_set_string_member (draft, "operator_name", op ? op->name : NULL);
  return draft;
}

static void
respond_draft (LdServer             *self,
               LdRequest            *request,
               guint                 status,
               LdRegistrationRecord *record)
{
  g_autoptr(JsonObject) draft = ld_registration_draft_to_json (self, record, ld_registration_code_lifetime (self));

  ld_request_respond_object (request, status, draft);
}

void
ld_registration_respond_write_error (LdRequest    *request,
                                     const GError *error)
{
  if (g_error_matches (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT))
    ld_request_respond_problem (request, 409, "version_conflict", NULL, error->message);
  else
    ld_request_respond_gerror (request, error, NULL);
}

/* the draft {id}, in whatever state, or NULL when the request is answered (404) */
static LdRegistrationRecord *
get_draft (LdServer  *self,
           LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = ld_storage_get_registration (ld_server_get_storage (self), request->id, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
        ld_request_respond_error (request, 404, "not_found", "id",
                                  N_("There is no registration with this id."));
      else
        ld_request_respond_gerror (request, error, NULL);
    }
  return g_steal_pointer (&record);
}

/* the draft of the request's {id}, open and (when @step is not NULL) at @step or past it;
 * otherwise answers the request itself and returns NULL */
LdRegistrationRecord *
ld_registration_load_draft (LdServer   *self,
                            LdRequest  *request,
                            const char *step)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  int index;

  record = get_draft (self, request);
  if (record == NULL)
    return NULL;

  if (!g_str_equal (record->state, "open"))
    {
      JsonObject *details = ld_server_field_details (NULL);

      json_object_set_string_member (details, "state", record->state);
      ld_request_respond_problem (request, 409, "draft_closed", details,
                                  g_str_equal (record->state, "completed")
                                  ? N_("This registration is completed already.")
                                  : N_("This registration was cancelled; start a new one."));
      return NULL;
    }

  if (step == NULL)
    return g_steal_pointer (&record);

  index = step_index (record, step);
  if (index < 0 || index > step_index (record, record->step))
    {
      g_autofree char *message = NULL;
      JsonObject *details = ld_server_field_details (NULL);

      json_object_set_string_member (details, "step", record->step);
      if (index < 0)
        message = g_strdup_printf (ld_request_translate_format (request,
                                                                N_("This registration has no step “%s”; it is at the step “%s”.")),
                                   step, record->step);
      else
        message = g_strdup_printf (ld_request_translate_format (request,
                                                                N_("This registration is at the step “%s”; finish it first.")),
                                   record->step);
      ld_request_respond_problem (request, 409, "wrong_step", details, message);
      return NULL;
    }

  return g_steal_pointer (&record);
}

/* load_draft() at @step and the configuration in *@config, which must offer @issue_virtual
 * when it is asked for; NULL when the request is answered */
static LdRegistrationRecord *
load_card_step (LdServer    *self,
                LdRequest   *request,
                const char  *step,
                gboolean     issue_virtual,
                JsonObject **config)
{
  g_autoptr(LdRegistrationRecord) record = NULL;

  record = ld_registration_load_draft (self, request, step);
  if (record == NULL)
    return NULL;
  *config = ld_server_load_config (self, request);
  if (*config == NULL || !virtual_card_allowed (request, *config, issue_virtual))
    return NULL;
  return g_steal_pointer (&record);
}

/* writes @record back and answers it (or the error) */
static void
save_and_respond (LdServer             *self,
                  LdRequest            *request,
                  LdRegistrationRecord *record,
                  const char           *sms_text,
                  const char           *action,
                  const char           *reason)
{
  g_autoptr(GError) error = NULL;

  if (!ld_storage_update_registration (ld_server_get_storage (self), record, sms_text,
                                       request->op->id, action, reason, &error))
    {
      ld_registration_respond_write_error (request, error);
      return;
    }
  respond_draft (self, request, 200, record);
}

/* @done is done: the draft moves on to its next step and is saved → the draft */
void
ld_registration_advance_and_respond (LdServer             *self,
                                     LdRequest            *request,
                                     LdRegistrationRecord *record,
                                     const char           *done)
{
  ld_registration_advance (record, done);
  save_and_respond (self, request, record, NULL, NULL, NULL);
}

/* the phone step is done, confirmed or skipped: its code is spent */
static void
settle_phone (LdServer             *self,
              LdRequest            *request,
              LdRegistrationRecord *record)
{
  g_clear_pointer (&record->code_hash, g_free);
  ld_registration_advance_and_respond (self, request, record, "phone");
}

/* ---- POST /registrations */

void
ld_server_handle_start_registration (LdServer  *self,
                                     LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_auto(GStrv) steps = NULL;
  const char *mode;
  JsonNode *call_node;
  gint64 call_id = 0;
  gboolean created = FALSE;

  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                          N_("Give the customer's phone number."));
  if (phone == NULL)
    return;

  call_node = json_object_get_member (request->body, "call_id");
  if (call_node != NULL && !JSON_NODE_HOLDS_NULL (call_node))
    {
      if (!ld_json_node_holds (call_node, G_TYPE_INT64))
        {
          ld_request_respond_error (request, 400, "malformed", "call_id", N_("“call_id” must be a whole number or null."));
          return;
        }
      call_id = json_node_get_int (call_node);
      if (call_id <= 0)
        {
          ld_request_respond_error (request, 422, "invalid_field", "call_id", N_("There is no such call."));
          return;
        }
    }
  else if (!ld_request_has_right (request, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL))
    {
      ld_request_respond_forbidden (request, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL);
      return;
    }

  config = ld_server_load_config (self, request);
  if (config == NULL)
    return;
  mode = registration_mode (config);
  steps = compute_steps (mode, FALSE,
                         registration_flag (config, "virtual_card"),
                         registration_flag (config, "email_required"));

  record = ld_storage_start_registration (storage, phone, call_id, request->op->id, mode,
                                          (const char * const *) steps, &created, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_INVALID_FIELD))
        ld_request_respond_error (request, 422, "invalid_field", "call_id", N_("There is no such call."));
      else if (g_error_matches (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED))
        ld_request_respond_problem (request, 409, "phone_already_registered", ld_server_field_details ("phone"),
                                    N_("This phone number belongs to a member of the program already."));
      else
        ld_request_respond_gerror (request, error, NULL);
      return;
    }
  respond_draft (self, request, created ? 201 : 200, record);
}

/* ---- GET /registrations, GET and DELETE /registrations/{id} */

void
ld_server_handle_list_registrations (LdServer  *self,
                                     LdRequest *request)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  JsonArray *items;
  g_autofree char *next_cursor = NULL;
  LdPageRequest page;
  gint64 lifetime;
  gint64 total = 0;

  if (!ld_request_get_page (request, &page))
    return;

  if (!ld_request_get_query_normalized (request, "phone", ld_phone_normalize_full, &phone))
    return;

  records = ld_storage_page_open_registrations (ld_server_get_storage (self), phone, &page,
                                                &next_cursor, &total, &error);
  if (records == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_MALFORMED))
        ld_request_respond_error (request, 400, "malformed", "cursor",
                                  N_("The cursor is not one this server gave out."));
      else
        ld_request_respond_gerror (request, error, NULL);
      return;
    }

  answer = json_object_new ();
  items = json_array_new ();
  lifetime = ld_registration_code_lifetime (self);
  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (items, ld_registration_draft_to_json (self, g_ptr_array_index (records, i), lifetime));
  json_object_set_array_member (answer, "items", items);
  json_object_set_string_member (answer, "next_cursor", next_cursor);
  json_object_set_int_member (answer, "total", total);
  ld_request_respond_object (request, 200, answer);
}

void
ld_server_handle_get_registration (LdServer  *self,
                                   LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = get_draft (self, request);

  if (record != NULL)
    respond_draft (self, request, 200, record);
}

static void
cancel (LdServer             *self,
        LdRequest            *request,
        LdRegistrationRecord *record,
        const char           *reason)
{
  g_free (record->state);
  record->state = g_strdup ("cancelled");
  save_and_respond (self, request, record, NULL, "registration.cancel", reason);
}

void
ld_server_handle_cancel_registration (LdServer  *self,
                                      LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  const char *reason = NULL;

  if (!ld_request_get_body_string (request, "reason", &reason))
    return;
  if (reason != NULL && (reason[0] == '\0' || strlen (reason) > MAX_REASON_LENGTH))
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("A reason is a short key of at most %d characters."), MAX_REASON_LENGTH);
      return;
    }

  record = ld_registration_load_draft (self, request, NULL);
  if (record == NULL)
    return;
  cancel (self, request, record, reason ? reason : "operator");
}

/* ---- POST /registrations/{id}/card */

void
ld_server_handle_registration_card (LdServer  *self,
                                    LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_auto(GStrv) steps = NULL;
  const char *input = NULL;
  gboolean issue_virtual = FALSE;
  gboolean without_card;
  JsonNode *number_node;

  number_node = json_object_get_member (request->body, "number");
  if (number_node == NULL)
    {
      ld_request_respond_error (request, 422, "invalid_field", "number",
                                N_("Give the card's number, or null to continue without a card."));
      return;
    }
  if (!ld_request_get_body_string (request, "number", &input) ||
      !ld_request_require_body_bool (request, "issue_virtual", &issue_virtual))
    return;
  without_card = input == NULL;

  record = load_card_step (self, request, "card", issue_virtual, &config);
  if (record == NULL)
    return;

  if (without_card)
    {
      if (g_str_equal (record->mode, "card") && !registration_flag (config, "continue_without_card"))
        {
          ld_request_respond_problem (request, 409, "continue_without_card_disabled", ld_server_field_details ("number"),
                                      N_("The program's configuration does not offer registration without a card."));
          return;
        }
    }
  else
    {
      number = ld_card_number_normalize_full (input, ld_request_translate_cb, request, &error);
      if (number == NULL)
        {
          ld_request_respond_gerror (request, error, "number");
          return;
        }
      card = ld_storage_get_card (ld_server_get_storage (self), number, &error);
      if (card == NULL)
        {
          if (g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
            ld_request_respond_problem (request, 404, "card_not_found", ld_server_field_details ("number"),
                                        N_("There is no card with this number. Check the number with the customer."));
          else
            ld_request_respond_gerror (request, error, NULL);
          return;
        }
      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (card, "owner_id")))
        {
          JsonObject *details = ld_server_field_details ("number");

          json_object_set_int_member (details, "member_id", json_object_get_int_member (card, "owner_id"));
          ld_request_respond_problem (request, 409, "card_linked_to_other_member", details,
                                      N_("This card belongs to another member of the program."));
          return;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (card, "state", NULL), "issued") != 0 ||
          g_strcmp0 (json_object_get_string_member_with_default (card, "type", NULL), "physical") != 0)
        {
          JsonObject *details = ld_server_field_details ("number");

          json_object_set_string_member (details, "state",
                                         json_object_get_string_member_with_default (card, "state", ""));
          ld_request_respond_problem (request, 409, "card_not_available", details,
                                      N_("This card cannot be used for a registration: it is not a free physical card."));
          return;
        }
    }

  g_free (record->card_number);
  record->card_number = g_steal_pointer (&number);
  record->without_card = without_card;
  record->issue_virtual = issue_virtual;
  steps = compute_steps (record->mode, without_card,
                         registration_flag (config, "virtual_card"),
                         step_index (record, "email") >= 0);
  g_strfreev (record->steps);
  record->steps = g_steal_pointer (&steps);
  ld_registration_advance_and_respond (self, request, record, "card");
}

/* ---- POST /registrations/{id}/phone/… */

static LdRegistrationRecord *
load_phone_step (LdServer  *self,
                 LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = ld_registration_load_draft (self, request, "phone");

  if (record != NULL && phone_done (record))
    {
      JsonObject *details = ld_server_field_details (NULL);

      json_object_set_string_member (details, "step", record->step);
      ld_request_respond_problem (request, 409, "wrong_step", details,
                                  N_("The phone number of this registration is settled already."));
      return NULL;
    }
  return g_steal_pointer (&record);
}

static char *
code_hash (gint64      registration_id,
           const char *code)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", registration_id, code);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

void
ld_server_handle_registration_send_code (LdServer  *self,
                                         LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autofree char *sms = NULL;
  char code[LD_CODE_SIZE];
  gint64 now = ld_clock_get_unix_seconds ();

  record = load_phone_step (self, request);
  if (record == NULL)
    return;

  if (record->code_sent_at > 0 && now < record->code_sent_at + CODE_RESEND_SECONDS)
    {
      ld_server_respond_code_too_soon (request, record->code_sent_at + CODE_RESEND_SECONDS - now);
      return;
    }

  sms = ld_server_new_code (code);
  g_free (record->code_hash);
  record->code_hash = code_hash (record->id, code);
  record->code_sent_at = now;
  record->code_attempts_left = CODE_ATTEMPTS;
  sodium_memzero (code, sizeof code);
  save_and_respond (self, request, record, sms, NULL, NULL);
}

static void
respond_no_attempts (LdRequest            *request,
                     LdRegistrationRecord *record)
{
  gint64 now = ld_clock_get_unix_seconds ();
  JsonObject *details = ld_server_field_details ("code");

  json_object_set_int_member (details, "attempts_left", 0);
  json_object_set_int_member (details, "retry_after",
                              MAX (0, record->code_sent_at + CODE_RESEND_SECONDS - now));
  ld_request_respond_problem (request, 429, "too_many_attempts", details,
                              N_("Too many wrong codes: send a new code to the customer."));
}

void
ld_server_handle_registration_confirm (LdServer  *self,
                                       LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *hash = NULL;
  gint64 now = ld_clock_get_unix_seconds ();

  typed = ld_server_get_body_code (request);
  if (typed == NULL)
    return;

  record = load_phone_step (self, request);
  if (record == NULL)
    return;
  if (record->code_hash == NULL)
    {
      ld_request_respond_error (request, 422, "invalid_code", "code", N_("Send a code to the customer first."));
      return;
    }
  if (now >= record->code_sent_at + ld_registration_code_lifetime (self))
    {
      /* an old code proves nothing: it costs no attempt, a new one is needed */
      ld_server_respond_code_expired (request, record->code_sent_at + ld_registration_code_lifetime (self));
      return;
    }
  if (record->code_attempts_left <= 0)
    {
      respond_no_attempts (request, record);
      return;
    }

  hash = code_hash (record->id, typed);
  if (strlen (hash) != strlen (record->code_hash) ||
      sodium_memcmp (hash, record->code_hash, strlen (hash)) != 0)
    {
      record->code_attempts_left--;
      if (!ld_storage_update_registration (ld_server_get_storage (self), record, NULL,
                                           request->op->id, NULL, NULL, &error))
        {
          ld_registration_respond_write_error (request, error);
          return;
        }
      if (record->code_attempts_left <= 0)
        {
          respond_no_attempts (request, record);
          return;
        }
      ld_server_respond_code_wrong (request, record->code_attempts_left);
      return;
    }

  record->phone_confirmed = TRUE;
  settle_phone (self, request, record);
}

void
ld_server_handle_registration_skip_phone (LdServer  *self,
                                          LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;

  if (!ld_request_has_right (request, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM))
    {
      ld_request_respond_forbidden (request, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);
      return;
    }
  record = load_phone_step (self, request);
  if (record == NULL)
    return;
  record->phone_confirmation_skipped = TRUE;
  settle_phone (self, request, record);
}

/* ---- POST /registrations/{id}/virtual-card, /email, /consent */

void
ld_server_handle_registration_virtual_card (LdServer  *self,
                                            LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(JsonObject) config = NULL;
  gboolean issue_virtual = FALSE;

  if (!ld_request_require_body_bool (request, "issue_virtual", &issue_virtual))
    return;
  record = load_card_step (self, request, "virtual_card", issue_virtual, &config);
  if (record == NULL)
    return;
  record->issue_virtual = issue_virtual;
  ld_registration_advance_and_respond (self, request, record, "virtual_card");
}

void
ld_server_handle_registration_email (LdServer  *self,
                                     LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autofree char *email = NULL;

  email = ld_request_get_body_normalized (request, "email", ld_email_normalize_full,
                                          N_("Enter the customer's e-mail address."));
  if (email == NULL)
    return;

  record = ld_registration_load_draft (self, request, "email");
  if (record == NULL)
    return;
  g_free (record->email);
  record->email = g_steal_pointer (&email);
  ld_registration_advance_and_respond (self, request, record, "email");
}

void
ld_server_handle_registration_consent (LdServer  *self,
                                       LdRequest *request)
{
  static const char * const members[] = { "offer", "personal_data" };
  g_autoptr(LdRegistrationRecord) record = NULL;
  gboolean given[G_N_ELEMENTS (members)];
  JsonObject *consent;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (request->body, members[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          ld_request_respond_error (request, 422, "invalid_field", members[i],
                                    N_("Say whether the customer consents (true or false)."));
          return;
        }
      if (!ld_request_get_body_bool (request, members[i], FALSE, &given[i]))
        return;
    }

  record = ld_registration_load_draft (self, request, "consent");
  if (record == NULL)
    return;

  consent = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_boolean_member (consent, members[i], given[i]);
  g_clear_pointer (&record->consent, json_object_unref);
  record->consent = consent;

  /* no member without both consents: the registration ends here, nothing is created */
  if (!given[0] || !given[1])
    {
      cancel (self, request, record, "consent_refused");
      return;
    }
  ld_registration_advance_and_respond (self, request, record, "consent");
}

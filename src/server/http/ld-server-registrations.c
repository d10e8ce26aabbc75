/* ld-server-registrations.c — the registration wizard's drafts, and the end of a call
 *
 * The rules of REGISTRATION.md live here: which steps a draft has (from the configuration
 * when it starts), which step may be posted (the current one, or one already passed: the
 * wizard's Back), what each step checks, and what completion needs. A step posted ahead
 * of the draft is 409 wrong_step; a closed draft 409 draft_closed. Every write goes back
 * through ld_storage_update_registration(), which refuses a draft someone changed
 * meanwhile; completion is one storage transaction.
 *
 * Verification codes are 6 random digits; only a hash of the draft id and the code is
 * kept. A code is good for config.registration.code_lifetime_minutes (1 to 1440; 10 when
 * the configuration does not say): after that, confirming answers 422 code_expired and
 * the agent sends a new one. The Personal Account password is made here, sent in the welcome SMS and kept
 * only as its Argon2id hash, computed in a worker thread while the request waits.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-rights.h"
#include "ld-server-private.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define CODE_RESEND_SECONDS 30
#define CODE_ATTEMPTS 5
#define CODE_LIFETIME_MINUTES 10
#define CODE_LIFETIME_MAX_MINUTES 1440
#define PASSWORDS_IN_FLIGHT "ld-registration-passwords-in-flight"
#define PASSWORD_LENGTH 8
#define MAX_TEXT_ANSWER 500
#define MAX_REASON_LENGTH 64
#define MAX_TICKET_ID_LENGTH 64

/* ---- answers */

static JsonObject *
details_new (const char *field)
{
  JsonObject *details = json_object_new ();

  if (field != NULL)
    json_object_set_string_member (details, "field", field);
  return details;
}

static void
respond_forbidden (LdRequest  *request,
                   const char *right)
{
  ld_request_respond_error (request, 403, "forbidden", NULL,
                            N_("This needs the right “%s”, which your account does not have."),
                            right);
}

static gboolean
has_right (LdRequest  *request,
           const char *right)
{
  return ld_rights_contains ((const char * const *) request->rights, right);
}

/* ---- the configuration */


/* the keys of a list of options ({key, label} or plain strings); (transfer container) */
static GPtrArray *
option_keys (JsonArray *options)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      const char *key = ld_storage_option_key (json_array_get_element (options, i));

      if (key != NULL)
        g_ptr_array_add (keys, (gpointer) key);
    }
  g_ptr_array_add (keys, NULL);
  return keys;
}

static JsonArray *
config_array (JsonObject *object,
              const char *member)
{
  JsonArray *array = NULL;

  if (object == NULL || !ld_json_get_array (object, member, NULL, &array))
    return NULL;
  return array;
}

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

static gint64
server_code_lifetime (LdServer *self)
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

/* the program's configuration, or NULL after answering the storage's error */
static JsonObject *
load_config (LdServer  *self,
             LdRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *config = ld_storage_get_config (ld_server_get_storage (self), &error);

  if (config == NULL)
    ld_request_respond_gerror (request, error, NULL);
  return config;
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
static void
advance (LdRegistrationRecord *record,
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
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
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
static JsonObject *
draft_to_json (LdServer             *self,
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
  set_string_or_null (draft, "code_sent_at", sent_at);
  set_string_or_null (draft, "resend_available_at", resend_at);
  set_string_or_null (draft, "code_expires_at", expires_at);
  json_object_set_int_member (draft, "code_attempts_left", record->code_attempts_left);
  set_string_or_null (draft, "email", record->email);
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
  set_string_or_null (draft, "operator_login", op ? op->login : NULL);
  set_string_or_null (draft, "operator_name", op ? op->name : NULL);
  return draft;
}

static void
respond_draft (LdServer             *self,
               LdRequest            *request,
               guint                 status,
               LdRegistrationRecord *record)
{
  g_autoptr(JsonObject) draft = draft_to_json (self, record, server_code_lifetime (self));

  ld_request_respond_object (request, status, draft);
}

static void
respond_write_error (LdRequest    *request,
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
static LdRegistrationRecord *
load_draft (LdServer   *self,
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
      JsonObject *details = details_new (NULL);

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
      JsonObject *details = details_new (NULL);

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

  record = load_draft (self, request, step);
  if (record == NULL)
    return NULL;
  *config = load_config (self, request);
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
      respond_write_error (request, error);
      return;
    }
  respond_draft (self, request, 200, record);
}

/* @done is done: the draft moves on to its next step and is saved → the draft */
static void
advance_and_respond (LdServer             *self,
                     LdRequest            *request,
                     LdRegistrationRecord *record,
                     const char           *done)
{
  advance (record, done);
  save_and_respond (self, request, record, NULL, NULL, NULL);
}

/* the phone step is done, confirmed or skipped: its code is spent */
static void
settle_phone (LdServer             *self,
              LdRequest            *request,
              LdRegistrationRecord *record)
{
  g_clear_pointer (&record->code_hash, g_free);
  advance_and_respond (self, request, record, "phone");
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
      if (!JSON_NODE_HOLDS_VALUE (call_node) || json_node_get_value_type (call_node) != G_TYPE_INT64)
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
  else if (!has_right (request, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL))
    {
      respond_forbidden (request, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL);
      return;
    }

  config = load_config (self, request);
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
        ld_request_respond_problem (request, 409, "phone_already_registered", details_new ("phone"),
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
  lifetime = server_code_lifetime (self);
  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (items, draft_to_json (self, g_ptr_array_index (records, i), lifetime));
  json_object_set_array_member (answer, "items", items);
  if (next_cursor != NULL)
    json_object_set_string_member (answer, "next_cursor", next_cursor);
  else
    json_object_set_null_member (answer, "next_cursor");
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

  record = load_draft (self, request, NULL);
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
          ld_request_respond_problem (request, 409, "continue_without_card_disabled", details_new ("number"),
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
            ld_request_respond_problem (request, 404, "card_not_found", details_new ("number"),
                                        N_("There is no card with this number. Check the number with the customer."));
          else
            ld_request_respond_gerror (request, error, NULL);
          return;
        }
      if (!JSON_NODE_HOLDS_NULL (json_object_get_member (card, "owner_id")))
        {
          JsonObject *details = details_new ("number");

          json_object_set_int_member (details, "member_id", json_object_get_int_member (card, "owner_id"));
          ld_request_respond_problem (request, 409, "card_linked_to_other_member", details,
                                      N_("This card belongs to another member of the program."));
          return;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (card, "state", NULL), "issued") != 0 ||
          g_strcmp0 (json_object_get_string_member_with_default (card, "type", NULL), "physical") != 0)
        {
          JsonObject *details = details_new ("number");

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
  advance_and_respond (self, request, record, "card");
}

/* ---- POST /registrations/{id}/phone/… */

static LdRegistrationRecord *
load_phone_step (LdServer  *self,
                 LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = load_draft (self, request, "phone");

  if (record != NULL && phone_done (record))
    {
      JsonObject *details = details_new (NULL);

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
  char code[8];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  record = load_phone_step (self, request);
  if (record == NULL)
    return;

  if (record->code_sent_at > 0 && now < record->code_sent_at + CODE_RESEND_SECONDS)
    {
      gint64 retry_after = record->code_sent_at + CODE_RESEND_SECONDS - now;
      g_autofree char *header = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);
      g_autofree char *message = NULL;
      JsonObject *details = details_new (NULL);

      json_object_set_int_member (details, "retry_after", retry_after);
      message = g_strdup_printf (ld_request_translate_format (request,
                                                              N_("A new code can be sent in %d seconds.")),
                                 (int) retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", header);
      ld_request_respond_problem (request, 429, "too_many_attempts", details, message);
      return;
    }

  g_snprintf (code, sizeof code, "%06u", (unsigned) randombytes_uniform (1000000));
  g_free (record->code_hash);
  record->code_hash = code_hash (record->id, code);
  record->code_sent_at = now;
  record->code_attempts_left = CODE_ATTEMPTS;
  sms = g_strdup_printf ("Код подтверждения Loyalty Desk: %s", code);
  sodium_memzero (code, sizeof code);
  save_and_respond (self, request, record, sms, NULL, NULL);
}

static void
respond_no_attempts (LdRequest            *request,
                     LdRegistrationRecord *record)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  JsonObject *details = details_new ("code");

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
  const char *input = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!ld_request_get_body_string (request, "code", &input))
    return;
  if (input == NULL || input[0] == '\0')
    {
      ld_request_respond_error (request, 422, "invalid_code", "code", N_("Enter the code the customer received."));
      return;
    }

  record = load_phone_step (self, request);
  if (record == NULL)
    return;
  if (record->code_hash == NULL)
    {
      ld_request_respond_error (request, 422, "invalid_code", "code", N_("Send a code to the customer first."));
      return;
    }
  if (now >= record->code_sent_at + server_code_lifetime (self))
    {
      /* an old code proves nothing: it costs no attempt, a new one is needed */
      g_autofree char *expired_at = ld_format_time (record->code_sent_at + server_code_lifetime (self));
      JsonObject *details = details_new ("code");

      json_object_set_string_member (details, "expired_at", expired_at);
      ld_request_respond_problem (request, 422, "code_expired", details,
                                  N_("The code has expired. Send a new code to the customer."));
      return;
    }
  if (record->code_attempts_left <= 0)
    {
      respond_no_attempts (request, record);
      return;
    }

  typed = g_strstrip (g_strdup (input));
  hash = code_hash (record->id, typed);
  if (strlen (hash) != strlen (record->code_hash) ||
      sodium_memcmp (hash, record->code_hash, strlen (hash)) != 0)
    {
      JsonObject *details;

      record->code_attempts_left--;
      if (!ld_storage_update_registration (ld_server_get_storage (self), record, NULL,
                                           request->op->id, NULL, NULL, &error))
        {
          respond_write_error (request, error);
          return;
        }
      if (record->code_attempts_left <= 0)
        {
          respond_no_attempts (request, record);
          return;
        }
      details = details_new ("code");
      json_object_set_int_member (details, "attempts_left", record->code_attempts_left);
      ld_request_respond_problem (request, 422, "invalid_code", details,
                                  N_("The code is wrong. Ask the customer to read it again."));
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

  if (!has_right (request, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM))
    {
      respond_forbidden (request, LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM);
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
  advance_and_respond (self, request, record, "virtual_card");
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

  record = load_draft (self, request, "email");
  if (record == NULL)
    return;
  g_free (record->email);
  record->email = g_steal_pointer (&email);
  advance_and_respond (self, request, record, "email");
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

  record = load_draft (self, request, "consent");
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
  advance_and_respond (self, request, record, "consent");
}

/* ---- POST /registrations/{id}/password */

/* the drafts whose password is being made → the requests for it that came meanwhile
 * (GPtrArray of LdRequest, paused); (transfer none) */
static GHashTable *
passwords_in_flight (LdServer *self)
{
  GHashTable *table = g_object_get_data (G_OBJECT (self), PASSWORDS_IN_FLIGHT);

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (self), PASSWORDS_IN_FLIGHT, table,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return table;
}

/* a request that waited for another one on its draft: the first one's answer when it
 * carries the same Idempotency-Key (kept by then), as a repeated key answers */
static gboolean
replay_kept_answer (LdServer  *self,
                    LdRequest *request)
{
  g_autoptr(LdStoredResponse) stored = NULL;

  if (request->idempotency_key == NULL)
    return FALSE;
  stored = ld_storage_idempotency_lookup (ld_server_get_storage (self), request->op->id,
                                          request->idempotency_key,
                                          soup_server_message_get_method (request->msg),
                                          g_uri_get_path (soup_server_message_get_uri (request->msg)),
                                          NULL);
  if (stored == NULL)
    return FALSE;
  g_clear_pointer (&request->idempotency_key, g_free);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Idempotent-Replayed", "true");
  ld_request_respond_text (request, stored->status, "application/json", g_steal_pointer (&stored->body));
  return TRUE;
}

static char *
new_password (void)
{
  /* no 0/O, 1/l/I: it is read from an SMS and typed */
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char *password = g_malloc0 (PASSWORD_LENGTH + 1);

  for (guint i = 0; i < PASSWORD_LENGTH; i++)
    password[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  return password;
}

static void
ld_server_hash_password_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  LdPasswordWork *data = task_data;
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (hash, data->password, strlen (data->password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_task_return_new_error (task, LD_ERROR, LD_ERROR_FAILED, "Could not hash a password: out of memory");
      return;
    }
  g_task_return_pointer (task, g_strdup (hash), g_free);
}

static void
ld_server_hash_password_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  LdServer *self = LD_SERVER (object);
  GTask *task = G_TASK (result);
  LdPasswordWork *data = g_task_get_task_data (task);
  LdRequest *request = data->request;
  LdRegistrationRecord *record = data->record;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sms = NULL;
  gint64 lifetime = 0;
  gboolean saved = FALSE;

  g_assert (LD_IS_SERVER (self));
  g_assert (G_IS_TASK (task));

  data->request = NULL;
  g_hash_table_steal_extended (passwords_in_flight (self), &record->id, NULL, (gpointer *) &waiting);
  hash = g_task_propagate_pointer (task, &error);
  if (hash != NULL)
    {
      g_free (record->password_hash);
      record->password_hash = g_steal_pointer (&hash);
      record->password_sent = TRUE;
      advance (record, "password");
      sms = g_strdup_printf ("Добро пожаловать в программу лояльности Loyalty Desk! "
                             "Пароль от личного кабинета: %s",
                             data->password);
      saved = ld_storage_update_registration (ld_server_get_storage (self), record, sms,
                                              request->op->id, NULL, NULL, &error);
      sodium_memzero (sms, strlen (sms));
      lifetime = server_code_lifetime (self);
    }

  /* the first request, then those that came for the same draft meanwhile: the same
   * answer (a repeated Idempotency-Key gets the kept one, byte for byte), one SMS */
  for (guint i = 0; i < 1 + (waiting ? waiting->len : 0); i++)
    {
      LdRequest *answered = i == 0 ? request : g_ptr_array_index (waiting, i - 1);

      if (i > 0 && replay_kept_answer (self, answered))
        continue;
      if (saved)
        {
          g_autoptr(JsonObject) draft = draft_to_json (self, record, lifetime);

          ld_request_respond_object (answered, 200, draft);
        }
      else
        respond_write_error (answered, error);
    }
}

void
ld_server_handle_registration_password (LdServer  *self,
                                        LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;
  GPtrArray *waiting = NULL;

  record = load_draft (self, request, "password");
  if (record == NULL)
    return;

  /* one welcome SMS per registration: going back and forth does not send another */
  if (record->password_sent)
    {
      advance_and_respond (self, request, record, "password");
      return;
    }

  /* the same step asked again while its password is being made (a retry, a second
   * click): it waits for the first and answers what the first answers */
  if (g_hash_table_lookup_extended (passwords_in_flight (self), &record->id, NULL, (gpointer *) &waiting))
    {
      g_ptr_array_add (waiting, request);
      ld_request_pause (request);
      return;
    }
  g_hash_table_insert (passwords_in_flight (self), g_memdup2 (&record->id, sizeof record->id),
                       g_ptr_array_new ());

  ld_request_run_password_work (request, ld_server_handle_registration_password,
                                g_steal_pointer (&record), (GDestroyNotify) ld_registration_record_free,
                                new_password (),
                                ld_server_hash_password_thread, ld_server_hash_password_cb);
}

/* ---- POST /registrations/{id}/complete */

static gboolean
answer_present (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      while (*text && g_ascii_isspace (*text))
        text++;
      return *text != '\0';
    }
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* the clean form of one answer, or NULL with a message for the person: a msgid, or the
 * core's message made in @request's language already */
static JsonNode *
check_answer (LdRequest   *request,
              JsonObject  *field,
              JsonNode    *value,
              char       **message)
{
  g_autoptr(GError) error = NULL;
  const char *type = NULL;

  ld_json_get_string (field, "type", "text", &type);
  if (type == NULL)
    type = "text";

  if (g_str_equal (type, "bool"))
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        return json_node_copy (value);
      *message = g_strdup (N_("Must be yes or no (true or false)."));
      return NULL;
    }

  if (g_str_equal (type, "number"))
    {
      if (JSON_NODE_HOLDS_VALUE (value) &&
          (json_node_get_value_type (value) == G_TYPE_INT64 || json_node_get_value_type (value) == G_TYPE_DOUBLE))
        return json_node_copy (value);
      if (node_is_string (value))
        {
          g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (value)));
          gint64 integer;
          char *end = NULL;
          double number;

          if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
            return json_node_init_int (json_node_alloc (), integer);
          number = g_ascii_strtod (text, &end);
          if (end != text && *end == '\0' && isfinite (number))
            return json_node_init_double (json_node_alloc (), number);
        }
      *message = g_strdup (N_("Must be a number."));
      return NULL;
    }

  if (!node_is_string (value))
    {
      *message = g_strdup (N_("Must be text."));
      return NULL;
    }

  {
    g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (value)));
    g_autofree char *clean = NULL;

    if (g_str_equal (type, "date"))
      {
        if (!ld_date_validate_full (text, ld_request_translate_cb, request, &error))
          {
            *message = g_strdup (error->message);
            return NULL;
          }
        clean = g_steal_pointer (&text);
      }
    else if (g_str_equal (type, "email"))
      clean = ld_email_normalize_full (text, ld_request_translate_cb, request, &error);
    else if (g_str_equal (type, "phone"))
      clean = ld_phone_normalize_full (text, ld_request_translate_cb, request, &error);
    else if (g_str_equal (type, "choice"))
      {
        JsonArray *options = NULL;
        g_autoptr(GPtrArray) keys = NULL;

        ld_json_get_array (field, "options", NULL, &options);
        keys = option_keys (options);
        if (!g_strv_contains ((const char * const *) keys->pdata, text))
          {
            *message = g_strdup (N_("Must be one of the listed options."));
            return NULL;
          }
        clean = g_steal_pointer (&text);
      }
    else
      {
        if (g_utf8_strlen (text, -1) > MAX_TEXT_ANSWER)
          {
            *message = g_strdup (N_("At most 500 characters."));
            return NULL;
          }
        clean = g_steal_pointer (&text);
      }

    if (clean == NULL)
      {
        *message = g_strdup (error ? error->message : N_("Not a valid value."));
        return NULL;
      }
    return json_node_init_string (json_node_alloc (), clean);
  }
}

/* checks @answers against the application form into @clean; FALSE with the bad key */
static gboolean
validate_answers (LdRequest   *request,
                  JsonArray   *form,
                  JsonObject  *answers,
                  JsonObject  *clean,
                  char       **bad_key,
                  char       **message)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      JsonObject *field;
      gboolean required = FALSE;
      JsonNode *checked;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      field = json_node_get_object (node);
      key = NULL;
      if (!ld_json_get_string (field, "key", NULL, &key) || key == NULL)
        continue;
      g_hash_table_add (known, (gpointer) key);
      ld_json_get_bool (field, "required", FALSE, &required);

      value = json_object_get_member (answers, key);
      if (!answer_present (value))
        {
          if (required)
            {
              *bad_key = g_strdup (key);
              *message = g_strdup (N_("This field of the application form is required."));
              return FALSE;
            }
          continue;
        }
      checked = check_answer (request, field, value, message);
      if (checked == NULL)
        {
          *bad_key = g_strdup (key);
          return FALSE;
        }
      json_object_set_member (clean, key, checked);
    }

  json_object_iter_init (&iter, answers);
  while (json_object_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (known, key))
      {
        *bad_key = g_strdup (key);
        *message = g_strdup (N_("The application form has no such field."));
        return FALSE;
      }
  return TRUE;
}

static const char *
clean_text (JsonObject *clean,
            const char *key)
{
  JsonNode *node = json_object_get_member (clean, key);

  return node != NULL && node_is_string (node) ? json_node_get_string (node) : NULL;
}

static void
respond_completion_error (LdServer     *self,
                          LdRequest    *request,
                          const char   *number,
                          const GError *error)
{
  if (g_error_matches (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED))
    ld_request_respond_problem (request, 409, "phone_already_registered", details_new ("phone"),
                                N_("This phone number belongs to a member of the program already."));
  else if (g_error_matches (error, LD_ERROR, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER))
    {
      g_autoptr(JsonObject) card = ld_storage_get_card (ld_server_get_storage (self), number, NULL);
      JsonObject *details = details_new ("number");

      if (card != NULL && !JSON_NODE_HOLDS_NULL (json_object_get_member (card, "owner_id")))
        json_object_set_int_member (details, "member_id", json_object_get_int_member (card, "owner_id"));
      ld_request_respond_problem (request, 409, "card_linked_to_other_member", details,
                                  N_("This card belongs to another member of the program now."));
    }
  else if (g_error_matches (error, LD_ERROR, LD_ERROR_CONFLICT) ||
           g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
    ld_request_respond_problem (request, 409, "card_not_available", details_new ("number"),
                                N_("The card cannot be used any more: go back to the card step."));
  else
    respond_write_error (request, error);
}

void
ld_server_handle_registration_complete (LdServer  *self,
                                        LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(LdRegistrationRecord) record = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) effective = NULL;
  g_autoptr(JsonObject) clean = json_object_new ();
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GPtrArray) mailing_types = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_key = NULL;
  g_autofree char *message = NULL;
  g_autofree char *card_number = NULL;
  LdRegistrationMember member = { NULL, };
  JsonObject *answers = NULL;
  JsonArray *systems;
  JsonNode *node;
  gint64 member_id;

  if (!ld_request_require_body_member (request, "answers"))
    return;
  node = json_object_get_member (request->body, "answers");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ld_request_respond_error (request, 400, "malformed", "answers",
                                N_("“answers” must be an object of the application form's answers."));
      return;
    }
  answers = json_node_get_object (node);

  record = load_draft (self, request, "form");
  if (record == NULL)
    return;
  if (!g_str_equal (record->step, "form"))
    {
      JsonObject *details = details_new (NULL);

      json_object_set_string_member (details, "step", record->step);
      ld_request_respond_problem (request, 409, "wrong_step", details, N_("This registration is not at its last step."));
      return;
    }
  if (record->consent == NULL)
    {
      JsonObject *details = details_new (NULL);

      json_object_set_string_member (details, "step", "consent");
      ld_request_respond_problem (request, 409, "wrong_step", details,
                                  N_("The customer has not consented to the offer and to personal-data processing."));
      return;
    }

  config = load_config (self, request);
  if (config == NULL)
    return;

  /* nothing typed is lost: the answers are the draft's, valid or not */
  g_clear_pointer (&record->answers, json_object_unref);
  record->answers = json_object_ref (answers);

  /* the e-mail of the e-mail step answers the form's e-mail field when it is left empty */
  effective = json_object_new ();
  {
    JsonObjectIter iter;
    const char *key;
    JsonNode *value;

    json_object_iter_init (&iter, answers);
    while (json_object_iter_next (&iter, &key, &value))
      json_object_set_member (effective, key, json_node_copy (value));
  }
  if (record->email != NULL && !answer_present (json_object_get_member (effective, "email")))
    {
      gboolean in_form = FALSE;
      JsonArray *form = config_array (config, "application_form");

      for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
        {
          JsonNode *field = json_array_get_element (form, i);

          if (JSON_NODE_HOLDS_OBJECT (field) &&
              g_strcmp0 (ld_storage_option_key (field), "email") == 0)
            in_form = TRUE;
        }
      if (in_form)
        json_object_set_string_member (effective, "email", record->email);
    }

  if (!validate_answers (request, config_array (config, "application_form"), effective, clean, &bad_key, &message))
    {
      g_autofree char *field = g_strdup_printf ("answers.%s", bad_key);

      if (!ld_storage_update_registration (storage, record, NULL, request->op->id, NULL, NULL, &error))
        {
          respond_write_error (request, error);
          return;
        }
      ld_request_respond_error (request, 422, "invalid_field", field, "%s",
                                ld_request_translate (request, message));
      return;
    }

  member.last_name = clean_text (clean, "last_name");
  member.first_name = clean_text (clean, "first_name");
  member.middle_name = clean_text (clean, "middle_name");
  member.birth_date = clean_text (clean, "birth_date");
  member.email = record->email ? record->email : clean_text (clean, "email");
  member.answers = clean;

  categories = option_keys (config_array (config, "card_categories"));
  member.card_category = g_strv_contains ((const char * const *) categories->pdata, "regular") || categories->len < 2
                         ? "regular" : g_ptr_array_index (categories, 0);
  systems = config_array (config, "status_systems");
  if (systems != NULL && json_array_get_length (systems) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (systems, 0)))
    {
      JsonObject *system = json_array_get_object_element (systems, 0);
      JsonArray *levels = config_array (system, "levels");

      member.status_system = ld_storage_option_key (json_array_get_element (systems, 0));
      if (levels != NULL && json_array_get_length (levels) > 0)
        member.status_level = ld_storage_option_key (json_array_get_element (levels, 0));
    }
  mailing_types = option_keys (config_array (config, "mailing_types"));
  channels = option_keys (config_array (config, "channels"));
  member.mailing_types = (const char * const *) mailing_types->pdata;
  member.channels = (const char * const *) channels->pdata;

  card_number = g_strdup (record->card_number);
  member_id = ld_storage_complete_registration (storage, record, &member, request->op->id, &error);
  if (member_id == 0)
    {
      respond_completion_error (self, request, card_number, error);
      return;
    }

  profile = ld_storage_get_member (storage, member_id, &error);
  if (profile == NULL)
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  json_object_set_int_member (profile, "registration_id", record->id);
  ld_request_respond_object (request, 201, profile);
}

/* ---- calls */

/* the call {id} when the operator may read and end it: their own, or anyone's with
 * call.end_any (a supervisor ends what an agent left open); else answers 404 or 403 */
static JsonObject *
load_call (LdServer  *self,
           LdRequest *request)
{
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *owner;

  call = ld_storage_get_call (ld_server_get_storage (self), request->id, &error);
  if (call == NULL)
    {
      ld_request_respond_gerror (request, error, "id");
      return NULL;
    }

  owner = json_object_get_member (call, "operator_id");
  if (owner != NULL && JSON_NODE_HOLDS_VALUE (owner) &&
      json_node_get_value_type (owner) == G_TYPE_INT64 &&
      json_node_get_int (owner) == request->op->id)
    return g_steal_pointer (&call);
  if (has_right (request, LD_RIGHT_CALL_END_ANY))
    return g_steal_pointer (&call);

  respond_forbidden (request, LD_RIGHT_CALL_END_ANY);
  return NULL;
}

void
ld_server_handle_get_call (LdServer  *self,
                           LdRequest *request)
{
  g_autoptr(JsonObject) call = NULL;

  call = load_call (self, request);
  if (call == NULL)
    return;
  ld_request_respond_object (request, 200, call);
}

void
ld_server_handle_end_call (LdServer  *self,
                           LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) call = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket_id = NULL;
  JsonObject *tickets = NULL;
  JsonObject *config_reasons = NULL;
  const char *reason = NULL;
  const char *ticket_state = "none";
  gboolean close_ticket = FALSE;
  gboolean plugin = FALSE;
  JsonNode *node;

  /* whose the call is does not change: checked before, ended below */
  call = load_call (self, request);
  if (call == NULL)
    return;
  g_clear_pointer (&call, json_object_unref);

  if (!ld_request_get_body_string (request, "reason", &reason) ||
      !ld_request_require_body_bool (request, "close_ticket", &close_ticket))
    return;
  node = json_object_get_member (request->body, "ticket_id");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (node_is_string (node) && strlen (json_node_get_string (node)) <= MAX_TICKET_ID_LENGTH)
        ticket_id = g_strdup (json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        ticket_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          ld_request_respond_error (request, 400, "malformed", "ticket_id",
                                    N_("“ticket_id” must be a ticket's id or null."));
          return;
        }
      if (ticket_id[0] == '\0')
        g_clear_pointer (&ticket_id, g_free);
    }

  config = load_config (self, request);
  if (config == NULL)
    return;
  ld_json_get_object (config, "reasons", NULL, &config_reasons);
  reasons = option_keys (config_array (config_reasons, "call_end"));
  if (reason == NULL || !g_strv_contains ((const char * const *) reasons->pdata, reason))
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("Choose the reason the call ended from the configured list."));
      return;
    }

  if (ld_json_get_object (config, "tickets", NULL, &tickets) && tickets != NULL)
    ld_json_get_bool (tickets, "enabled", FALSE, &plugin);
  /* with the ticket system on, closing its ticket is queued; the plugin does the rest */
  if (plugin)
    ticket_state = close_ticket ? "pending" : NULL;

  call = ld_storage_end_call (storage, request->id, reason, ticket_state, ticket_id,
                              request->op->id, &error);
  if (call == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_CONFLICT))
        ld_request_respond_problem (request, 409, "call_already_ended", NULL, N_("This call has ended already."));
      else
        ld_request_respond_gerror (request, error, "id");
      return;
    }
  ld_request_respond_object (request, 200, call);
}

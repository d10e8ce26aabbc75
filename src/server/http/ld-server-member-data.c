/* ld-server-member-data.c — the member's own data: the application form's answers, the
 * identification of a caller, the contacts and a new Personal Account password
 *
 * PATCH /members/{id} changes only the answers the configuration marks editable, each
 * checked by its type as registration checks it; a stale If-Match is 409 version_conflict
 * whose details carry the member's current answers and version, so a client can show
 * both. A contact change needs the caller identified first (POST …/identify): by the
 * Personal Account password (its Argon2id hash checked in a thread; the fifth wrong one in
 * a row locks the member's password for 15 minutes, in the database) or, with
 * member.identify_without_password, by personal data. That answers a token good for that
 * member and that operator for a few minutes; only its SHA-256 is kept. A new phone is
 * confirmed by a code sent to it, as registration's phone step does.
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
#include "ld-storage-member-data.h"
#include "ld-validate.h"

#define IDENTIFICATION_SECONDS (5 * 60)
#define PASSWORD_LOCK_AFTER 5
#define PASSWORD_LOCK_SECONDS (15 * 60)
#define MAX_PASSWORD_LENGTH 1024
#define MAX_TOKEN_LENGTH 256
#define CODE_RESEND_SECONDS 30
#define CODE_ATTEMPTS 5
#define PASSWORDS_IN_FLIGHT "ld-member-passwords-in-flight"

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* ---- PATCH /members/{id} {answers} */

static void
respond_answer_refused (LdRequest  *request,
                        const char *key,
                        const char *message)
{
  g_autofree char *field = g_strdup_printf ("answers.%s", key);

  ld_request_respond_error (request, 422, "invalid_field", field, "%s", ld_request_translate (request, message));
}

/* @answers checked against the form into @clean (null clears an answer); FALSE after answering */
static gboolean
check_answers (LdRequest  *request,
               JsonArray  *form,
               JsonObject *answers,
               JsonObject *clean)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, answers);
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonObject *field = ld_config_find_option (form, key);
      g_autofree char *message = NULL;
      gboolean editable = FALSE;
      gboolean required = FALSE;
      JsonNode *checked;

      if (field == NULL)
        {
          respond_answer_refused (request, key, N_("The application form has no such field."));
          return FALSE;
        }
      /* a contact is changed only with the member identified, never through the form */
      if (g_str_equal (key, "email") || g_str_equal (key, "phone"))
        {
          respond_answer_refused (request, key,
                                  N_("A contact is changed with Change E-mail or Change Phone, after identifying the caller."));
          return FALSE;
        }
      ld_json_get_bool (field, "editable", FALSE, &editable);
      if (!editable)
        {
          respond_answer_refused (request, key, N_("This field of the application form cannot be changed."));
          return FALSE;
        }
      ld_json_get_bool (field, "required", FALSE, &required);
      if (!ld_server_answer_present (value))
        {
          if (required)
            {
              respond_answer_refused (request, key, N_("This field of the application form is required."));
              return FALSE;
            }
          json_object_set_null_member (clean, key);
          continue;
        }
      checked = ld_server_check_answer (request, field, value, &message);
      if (checked == NULL)
        {
          respond_answer_refused (request, key, message);
          return FALSE;
        }
      json_object_set_member (clean, key, checked);
    }
  return TRUE;
}

/* 409 version_conflict with details.current: the member's answers and version now */
static void
respond_version_conflict (LdServer  *self,
                          LdRequest *request)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *details = json_object_new ();
  JsonObject *current = json_object_new ();

  profile = ld_storage_get_member (ld_server_get_storage (self), request->id, &error);
  if (profile != NULL)
    {
      json_object_set_member (current, "answers", json_node_copy (json_object_get_member (profile, "answers")));
      json_object_set_int_member (current, "version", json_object_get_int_member (profile, "version"));
    }
  json_object_set_object_member (details, "current", current);
  ld_request_respond_problem (request, 409, "version_conflict", details,
                              N_("Someone else changed this member's data meanwhile: compare the values saved meanwhile with yours."));
}

void
ld_server_handle_update_member (LdServer  *self,
                                LdRequest *request)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) clean = json_object_new ();
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answers;
  gint64 version = 0;

  answers = ld_server_get_body_answers (request);
  if (answers == NULL)
    return;
  if (json_object_get_size (answers) == 0)
    {
      ld_request_respond_error (request, 422, "invalid_field", "answers", N_("Give at least one answer to change."));
      return;
    }
  if (!ld_request_get_if_match (request, N_("If-Match is the member's version: a whole number."), &version))
    return;

  config = ld_server_load_config (self, request);
  if (config == NULL)
    return;
  if (!check_answers (request, ld_config_get_array (config, "application_form"), answers, clean))
    return;

  profile = ld_storage_update_member_answers (ld_server_get_storage (self), request->id, version, clean,
                                              request->op->id, &error);
  if (profile != NULL)
    ld_request_respond_object (request, 200, profile);
  else if (g_error_matches (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT))
    respond_version_conflict (self, request);
  else
    ld_request_respond_gerror (request, error, NULL);
}

/* ---- POST /members/{id}/identify {method, password} */

/* what a password's work in a thread is for: the member, and the stored hash to check
 * (identify) or the channel to send a new one by (send-password) */
typedef struct
{
  gint64  member_id;
  char   *text;
} PasswordJob;

static PasswordJob *
password_job_new (gint64  member_id,
                  char   *text)
{
  PasswordJob *job = g_new0 (PasswordJob, 1);

  job->member_id = member_id;
  job->text = text;
  return job;
}

static void
password_job_free (gpointer data)
{
  PasswordJob *job = data;

  g_free (job->text);
  g_free (job);
}

static void
respond_password_locked (LdRequest *request,
                         gint64     locked_until)
{
  ld_server_respond_retry_after (request, locked_until - ld_clock_get_unix_seconds (), "password",
                                 N_("Too many wrong passwords: the member's Personal Account password is locked for 15 minutes."));
}

/* a token for the member and the operator, kept as its hash; answers the request */
static void
identify (LdServer   *self,
          LdRequest  *request,
          const char *method)
{
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires_text = NULL;
  guchar bytes[32];
  gint64 expires_at = ld_clock_get_unix_seconds () + IDENTIFICATION_SECONDS;

  randombytes_buf (bytes, sizeof bytes);
  token = g_malloc0 (sizeof bytes * 2 + 1);
  sodium_bin2hex (token, sizeof bytes * 2 + 1, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  token_hash = sha256_hex (token);

  if (!ld_storage_add_identification (ld_server_get_storage (self), request->id, request->op->id,
                                      method, token_hash, expires_at, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  expires_text = ld_format_time (expires_at);
  json_object_set_string_member (answer, "identification_token", token);
  json_object_set_string_member (answer, "expires_at", expires_text);
  json_object_set_int_member (answer, "member_id", request->id);
  json_object_set_string_member (answer, "method", method);
  ld_request_respond_object (request, 200, answer);
}

static void
verify_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LdPasswordWork *work = task_data;
  PasswordJob *check = work->record;

  g_task_return_boolean (task, crypto_pwhash_str_verify (check->text, work->password,
                                                         strlen (work->password)) == 0);
}

static void
verify_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LdServer *self = LD_SERVER (object);
  GTask *task = G_TASK (result);
  LdPasswordWork *work = g_task_get_task_data (task);
  PasswordJob *check = work->record;
  LdRequest *request = work->request;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gint64 now = ld_clock_get_unix_seconds ();
  gint64 locked_until = 0;
  gboolean locked = FALSE;

  work->request = NULL;

  /* other attempts ran while this one was checked: one of them may have locked it */
  if (!ld_storage_get_member_password (ld_server_get_storage (self), check->member_id, &hash, &locked_until, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  if (locked_until > now)
    {
      respond_password_locked (request, locked_until);
      return;
    }

  if (g_task_propagate_boolean (task, NULL))
    {
      identify (self, request, "password");
      return;
    }

  if (!ld_storage_record_member_password_failure (ld_server_get_storage (self), check->member_id,
                                                  PASSWORD_LOCK_AFTER, now + PASSWORD_LOCK_SECONDS,
                                                  &locked, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  ld_request_respond_problem (request, 422, "wrong_password", ld_server_field_details ("password"),
                              N_("The Personal Account password is wrong. Ask the customer to say it again."));
}

void
ld_server_handle_identify_member (LdServer  *self,
                                  LdRequest *request)
{
  static const char * const methods[] = { "password", "personal_data", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *method = NULL;
  const char *password = NULL;
  gint64 locked_until = 0;

  /* the answer carries the token, which the database keeps only hashed: it is not kept
   * under an Idempotency-Key either (a retry identifies again, with a new token) */
  g_clear_pointer (&request->idempotency_key, g_free);

  /* "by" is the same as "method" */
  if (!ld_request_get_body_string (request, "method", &method) ||
      (method == NULL && !ld_request_get_body_string (request, "by", &method)) ||
      !ld_request_get_body_string (request, "password", &password))
    return;
  if (method == NULL)
    method = password != NULL ? "password" : NULL;
  if (method == NULL || !g_strv_contains (methods, method))
    {
      ld_request_respond_error (request, 422, "invalid_field", "method",
                                N_("Identify by the Personal Account password (“password”) or by personal data (“personal_data”)."));
      return;
    }

  if (g_str_equal (method, "personal_data"))
    {
      if (!ld_request_has_right (request, LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD))
        {
          ld_request_respond_forbidden (request, LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD);
          return;
        }
      identify (self, request, method);
      return;
    }

  if (password == NULL || password[0] == '\0')
    {
      ld_request_respond_error (request, 422, "invalid_field", "password",
                                N_("Type the Personal Account password the customer says."));
      return;
    }
  if (strlen (password) > MAX_PASSWORD_LENGTH)
    {
      ld_request_respond_problem (request, 422, "wrong_password", ld_server_field_details ("password"),
                                  N_("The Personal Account password is wrong. Ask the customer to say it again."));
      return;
    }

  if (!ld_storage_get_member_password (ld_server_get_storage (self), request->id, &hash, &locked_until, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  if (locked_until > ld_clock_get_unix_seconds ())
    {
      respond_password_locked (request, locked_until);
      return;
    }
  if (hash == NULL)
    {
      ld_request_respond_problem (request, 422, "wrong_password", ld_server_field_details ("password"),
                                  N_("The member has no Personal Account password yet: send a new password, or identify by personal data."));
      return;
    }

  ld_request_run_password_work (request, ld_server_handle_identify_member,
                                password_job_new (request->id, g_steal_pointer (&hash)), password_job_free,
                                g_strdup (password), verify_password_thread, verify_password_cb);
}

/* ---- contact changes: PUT /members/{id}/email, POST …/phone/send-code, PUT …/phone */

/* the body's identification_token as its hash (NULL when there is none); FALSE after answering */
static gboolean
get_token_hash (LdRequest  *request,
                char      **token_hash)
{
  const char *token = NULL;

  *token_hash = NULL;
  if (!ld_request_get_body_string (request, "identification_token", &token))
    return FALSE;
  if (token != NULL && token[0] != '\0' && strlen (token) <= MAX_TOKEN_LENGTH)
    *token_hash = sha256_hex (token);
  return TRUE;
}

/* a contact storage call's @answer (200), or its refusal, or its failure */
static void
respond_contact_change (LdServer               *self,
                        LdRequest              *request,
                        JsonObject             *answer,
                        const LdContactOutcome *outcome,
                        const char             *field,
                        const GError           *error)
{
  if (answer != NULL)
    {
      ld_request_respond_object (request, 200, answer);
      return;
    }
  switch (outcome->refusal)
    {
    case LD_CONTACT_NOT_IDENTIFIED:
      ld_request_respond_problem (request, 403, "identification_required", ld_server_field_details ("identification_token"),
                                  N_("Identify the caller first: by the Personal Account password, or by personal data."));
      break;

    case LD_CONTACT_PHONE_TAKEN:
      ld_request_respond_problem (request, 409, "phone_already_registered", ld_server_field_details ("phone"),
                                  N_("This phone number belongs to another member of the program."));
      break;

    case LD_CONTACT_UNCHANGED:
      ld_request_respond_error (request, 422, "invalid_field", field, "%s",
                                g_str_equal (field, "email")
                                ? ld_request_translate (request, N_("This is the member's e-mail already."))
                                : ld_request_translate (request, N_("This is the member's phone number already.")));
      break;

    case LD_CONTACT_RESEND_TOO_SOON:
      ld_server_respond_code_too_soon (request, outcome->retry_after);
      break;

    case LD_CONTACT_NO_CODE:
      ld_request_respond_problem (request, 422, "invalid_code", ld_server_field_details ("code"),
                                  N_("Send a code to the new phone number first."));
      break;

    case LD_CONTACT_CODE_EXPIRED:
      ld_server_respond_code_expired (request, outcome->expired_at);
      break;

    case LD_CONTACT_CODE_WRONG:
      ld_server_respond_code_wrong (request, outcome->attempts_left);
      break;

    case LD_CONTACT_NO_ATTEMPTS:
      ld_server_respond_retry_after (request, 0, "code", N_("Too many wrong codes: send a new code to the customer."));
      break;

    case LD_CONTACT_NO_ADDRESS:
      ld_request_respond_error (request, 422, "invalid_field", field, "%s",
                                ld_request_translate (request, N_("The member has no contact for this channel.")));
      break;

    case LD_CONTACT_OK:
    default:
      ld_request_respond_gerror (request, error, NULL);
      break;
    }
}

void
ld_server_handle_change_member_email (LdServer  *self,
                                      LdRequest *request)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token_hash = NULL;
  LdContactOutcome outcome = { 0 };

  email = ld_request_get_body_normalized (request, "email", ld_email_normalize_full,
                                          N_("Give the member's new e-mail."));
  if (email == NULL || !get_token_hash (request, &token_hash))
    return;

  profile = ld_storage_change_member_email (ld_server_get_storage (self), request->id, email, token_hash,
                                            request->op->id, ld_clock_get_unix_seconds (), &outcome, &error);
  respond_contact_change (self, request, profile, &outcome, "email", error);
}

static char *
phone_code_hash (gint64      member_id,
                 const char *phone,
                 const char *code)
{
  g_autofree char *text = g_strdup_printf ("member:%" G_GINT64_FORMAT ":%s:%s", member_id, phone, code);

  return sha256_hex (text);
}

void
ld_server_handle_member_phone_code (LdServer  *self,
                                    LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sms = NULL;
  g_autofree char *sent_at = NULL;
  g_autofree char *expires_at = NULL;
  g_autofree char *resend_at = NULL;
  LdContactOutcome outcome = { 0 };
  gint64 now = ld_clock_get_unix_seconds ();
  char code[LD_CODE_SIZE];

  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                          N_("Give the member's new phone number."));
  if (phone == NULL)
    return;

  sms = ld_server_new_code (code);
  hash = phone_code_hash (request->id, phone, code);
  sodium_memzero (code, sizeof code);

  if (!ld_storage_add_phone_code (ld_server_get_storage (self), request->id, phone, hash, sms,
                                  CODE_ATTEMPTS, CODE_RESEND_SECONDS, request->op->id, now, &outcome, &error))
    {
      respond_contact_change (self, request, NULL, &outcome, "phone", error);
      return;
    }

  sent_at = ld_format_time (now);
  expires_at = ld_format_time (now + ld_registration_code_lifetime (self));
  resend_at = ld_format_time (now + CODE_RESEND_SECONDS);
  answer = json_object_new ();
  json_object_set_string_member (answer, "phone", phone);
  json_object_set_string_member (answer, "code_sent_at", sent_at);
  json_object_set_string_member (answer, "code_expires_at", expires_at);
  json_object_set_string_member (answer, "resend_at", resend_at);
  json_object_set_int_member (answer, "code_attempts_left", CODE_ATTEMPTS);
  ld_request_respond_object (request, 200, answer);
}

void
ld_server_handle_change_member_phone (LdServer  *self,
                                      LdRequest *request)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *hash = NULL;
  LdContactOutcome outcome = { 0 };

  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                          N_("Give the member's new phone number."));
  if (phone == NULL || !get_token_hash (request, &token_hash) ||
      (typed = ld_server_get_body_code (request)) == NULL)
    return;

  hash = phone_code_hash (request->id, phone, typed);
  profile = ld_storage_change_member_phone (ld_server_get_storage (self), request->id, phone, hash, token_hash,
                                            ld_registration_code_lifetime (self), request->op->id,
                                            ld_clock_get_unix_seconds (), &outcome, &error);
  respond_contact_change (self, request, profile, &outcome, "phone", error);
}

/* ---- POST /members/{id}/send-password {channel} */

static void
send_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LdServer *self = LD_SERVER (object);
  GTask *task = G_TASK (result);
  LdPasswordWork *work = g_task_get_task_data (task);
  PasswordJob *send = work->record;
  g_autoptr(GPtrArray) answered = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  LdContactOutcome outcome = { 0 };
  LdRequest *first;

  hash = ld_server_end_password_work (self, PASSWORDS_IN_FLIGHT, send->member_id, task, &answered, &error);
  first = g_ptr_array_index (answered, 0);
  if (hash != NULL)
    {
      text = g_strdup_printf ("Новый пароль от личного кабинета Loyalty Desk: %s", work->password);
      answer = ld_storage_send_member_password (ld_server_get_storage (self), send->member_id, send->text,
                                                hash, text,
                                                "Новый пароль от личного кабинета Loyalty Desk: ••••••••",
                                                first->op->id, &outcome, &error);
      sodium_memzero (text, strlen (text));
    }

  /* the first request, then those that came for the same member meanwhile: one message,
   * one answer */
  for (guint i = 0; i < answered->len; i++)
    respond_contact_change (self, g_ptr_array_index (answered, i), answer, &outcome, "channel", error);
}

void
ld_server_handle_send_member_password (LdServer  *self,
                                       LdRequest *request)
{
  static const char * const channels[] = { "sms", "email", NULL };
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *channel = NULL;
  JsonNode *address;

  if (!ld_request_get_body_string (request, "channel", &channel))
    return;
  if (channel == NULL || !g_strv_contains (channels, channel))
    {
      ld_request_respond_error (request, 422, "invalid_field", "channel",
                                N_("Send the password by SMS (“sms”) or by e-mail (“email”)."));
      return;
    }

  /* a member without the contact is told before any password is made */
  profile = ld_storage_get_member (ld_server_get_storage (self), request->id, &error);
  if (profile == NULL)
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  address = json_object_get_member (profile, g_str_equal (channel, "sms") ? "phone" : "email");
  if (address == NULL || JSON_NODE_HOLDS_NULL (address))
    {
      ld_request_respond_error (request, 422, "invalid_field", "channel", "%s",
                                g_str_equal (channel, "sms")
                                ? ld_request_translate (request, N_("The member has no phone number: send the password by e-mail."))
                                : ld_request_translate (request, N_("The member has no e-mail: send the password by SMS.")));
      return;
    }

  /* asked again while the password is being made (a retry, a second click): it waits for
   * the first and answers what the first answers, and one message goes out */
  if (ld_server_join_password_work (self, PASSWORDS_IN_FLIGHT, request->id, request))
    return;

  ld_request_run_password_work (request, ld_server_handle_send_member_password,
                                password_job_new (request->id, g_strdup (channel)), password_job_free,
                                ld_server_new_password (), ld_server_hash_password_thread, send_password_cb);
}

/* ld-server-registrations-complete.c — the registration's last steps: the Personal
 * Account password and completion
 *
 * The password is made here, sent in the welcome SMS and kept only as its Argon2id hash,
 * computed in a worker thread while the request waits; a repeated request while the hash
 * is being made is answered with the first one's answer. Completion checks the
 * application form's answers against the configuration (types, required fields, options)
 * and creates the member in one storage transaction.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-registrations-private.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define PASSWORDS_IN_FLIGHT "ld-registration-passwords-in-flight"
#define PASSWORD_LENGTH 8
#define MAX_TEXT_ANSWER 500

/* ---- POST /registrations/{id}/password */

/* the ids (a member, a draft) whose password is being made → the requests for it that
 * came meanwhile (GPtrArray of LdRequest, paused), kept on the server under @key;
 * (transfer none) */
static GHashTable *
passwords_in_flight (LdServer   *self,
                     const char *key)
{
  GHashTable *table = g_object_get_data (G_OBJECT (self), key);

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (self), key, table,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return table;
}

gboolean
ld_server_join_password_work (LdServer   *self,
                              const char *key,
                              gint64      id,
                              LdRequest  *request)
{
  GHashTable *table = passwords_in_flight (self, key);
  GPtrArray *waiting = NULL;

  if (g_hash_table_lookup_extended (table, &id, NULL, (gpointer *) &waiting))
    {
      g_ptr_array_add (waiting, request);
      ld_request_pause (request);
      return TRUE;
    }
  g_hash_table_insert (table, g_memdup2 (&id, sizeof id), g_ptr_array_new ());
  return FALSE;
}

char *
ld_server_end_password_work (LdServer    *self,
                             const char  *key,
                             gint64       id,
                             GTask       *task,
                             GPtrArray  **answered,
                             GError     **error)
{
  LdPasswordWork *work = g_task_get_task_data (task);
  GPtrArray *waiting = NULL;

  g_assert (LD_IS_SERVER (self));
  g_assert (G_IS_TASK (task));
  g_assert (answered != NULL);

  *answered = g_ptr_array_new ();
  g_ptr_array_add (*answered, g_steal_pointer (&work->request));
  if (g_hash_table_steal_extended (passwords_in_flight (self, key), &id, NULL, (gpointer *) &waiting))
    g_ptr_array_extend_and_steal (*answered, waiting);
  return g_task_propagate_pointer (task, error);
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

char *
ld_server_new_password (void)
{
  /* no 0/O, 1/l/I: it is read from an SMS and typed */
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char *password = g_malloc0 (PASSWORD_LENGTH + 1);

  for (guint i = 0; i < PASSWORD_LENGTH; i++)
    password[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  return password;
}

void
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
  LdRegistrationRecord *record = data->record;
  g_autoptr(GPtrArray) answered = NULL;
  LdRequest *first;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sms = NULL;
  gint64 lifetime = 0;
  gboolean saved = FALSE;

  hash = ld_server_end_password_work (self, PASSWORDS_IN_FLIGHT, record->id, task, &answered, &error);
  first = g_ptr_array_index (answered, 0);
  if (hash != NULL)
    {
      g_free (record->password_hash);
      record->password_hash = g_steal_pointer (&hash);
      record->password_sent = TRUE;
      ld_registration_advance (record, "password");
      sms = g_strdup_printf ("Добро пожаловать в программу лояльности Loyalty Desk! "
                             "Пароль от личного кабинета: %s",
                             data->password);
      saved = ld_storage_update_registration (ld_server_get_storage (self), record, sms,
                                              first->op->id, NULL, NULL, &error);
      sodium_memzero (sms, strlen (sms));
      lifetime = ld_registration_code_lifetime (self);
    }

  /* the first request, then those that came for the same draft meanwhile: the same
   * answer (a repeated Idempotency-Key gets the kept one, byte for byte), one SMS */
  for (guint i = 0; i < answered->len; i++)
    {
      LdRequest *request = g_ptr_array_index (answered, i);

      if (i > 0 && replay_kept_answer (self, request))
        continue;
      if (saved)
        {
          g_autoptr(JsonObject) draft = ld_registration_draft_to_json (self, record, lifetime);

          ld_request_respond_object (request, 200, draft);
        }
      else
        ld_registration_respond_write_error (request, error);
    }
}

void
ld_server_handle_registration_password (LdServer  *self,
                                        LdRequest *request)
{
  g_autoptr(LdRegistrationRecord) record = NULL;

  record = ld_registration_load_draft (self, request, "password");
  if (record == NULL)
    return;

  /* one welcome SMS per registration: going back and forth does not send another */
  if (record->password_sent)
    {
      ld_registration_advance_and_respond (self, request, record, "password");
      return;
    }

  /* the same step asked again while its password is being made (a retry, a second
   * click): it waits for the first and answers what the first answers */
  if (ld_server_join_password_work (self, PASSWORDS_IN_FLIGHT, record->id, request))
    return;

  ld_request_run_password_work (request, ld_server_handle_registration_password,
                                g_steal_pointer (&record), (GDestroyNotify) ld_registration_record_free,
                                ld_server_new_password (),
                                ld_server_hash_password_thread, ld_server_hash_password_cb);
}

/* ---- POST /registrations/{id}/complete */

gboolean
ld_server_answer_present (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return FALSE;
  if (ld_json_node_holds (value, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (value);

      while (*text && g_ascii_isspace (*text))
        text++;
      return *text != '\0';
    }
  return TRUE;
}

JsonObject *
ld_server_get_body_answers (LdRequest *request)
{
  JsonNode *node;

  if (!ld_request_require_body_member (request, "answers"))
    return NULL;
  node = json_object_get_member (request->body, "answers");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ld_request_respond_error (request, 400, "malformed", "answers",
                                N_("“answers” must be an object of the application form's answers."));
      return NULL;
    }
  return json_node_get_object (node);
}

/* the clean form of one answer, or NULL with a message for the person: a msgid, or the
 * core's message made in @request's language already */
JsonNode *
ld_server_check_answer (LdRequest   *request,
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
      if (ld_json_node_holds (value, G_TYPE_BOOLEAN))
        return json_node_copy (value);
      *message = g_strdup (N_("Must be yes or no (true or false)."));
      return NULL;
    }

  if (g_str_equal (type, "number"))
    {
      if (JSON_NODE_HOLDS_VALUE (value) &&
          (json_node_get_value_type (value) == G_TYPE_INT64 || json_node_get_value_type (value) == G_TYPE_DOUBLE))
        return json_node_copy (value);
      if (ld_json_node_holds (value, G_TYPE_STRING))
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

  if (!ld_json_node_holds (value, G_TYPE_STRING))
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
        if (!ld_config_has_option (field, NULL, "options", text))
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
      if (!ld_server_answer_present (value))
        {
          if (required)
            {
              *bad_key = g_strdup (key);
              *message = g_strdup (N_("This field of the application form is required."));
              return FALSE;
            }
          continue;
        }
      checked = ld_server_check_answer (request, field, value, message);
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

  return ld_json_node_holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static void
respond_completion_error (LdServer     *self,
                          LdRequest    *request,
                          const char   *number,
                          const GError *error)
{
  if (g_error_matches (error, LD_ERROR, LD_ERROR_PHONE_ALREADY_REGISTERED))
    ld_request_respond_problem (request, 409, "phone_already_registered", ld_server_field_details ("phone"),
                                N_("This phone number belongs to a member of the program already."));
  else if (g_error_matches (error, LD_ERROR, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER))
    {
      g_autoptr(JsonObject) card = ld_storage_get_card (ld_server_get_storage (self), number, NULL);
      JsonObject *details = ld_server_field_details ("number");

      if (card != NULL && !JSON_NODE_HOLDS_NULL (json_object_get_member (card, "owner_id")))
        json_object_set_int_member (details, "member_id", json_object_get_int_member (card, "owner_id"));
      ld_request_respond_problem (request, 409, "card_linked_to_other_member", details,
                                  N_("This card belongs to another member of the program now."));
    }
  else if (g_error_matches (error, LD_ERROR, LD_ERROR_CONFLICT) ||
           g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
    ld_request_respond_problem (request, 409, "card_not_available", ld_server_field_details ("number"),
                                N_("The card cannot be used any more: go back to the card step."));
  else
    ld_registration_respond_write_error (request, error);
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
  gint64 member_id;

  answers = ld_server_get_body_answers (request);
  if (answers == NULL)
    return;

  record = ld_registration_load_draft (self, request, "form");
  if (record == NULL)
    return;
  if (!g_str_equal (record->step, "form"))
    {
      JsonObject *details = ld_server_field_details (NULL);

      json_object_set_string_member (details, "step", record->step);
      ld_request_respond_problem (request, 409, "wrong_step", details, N_("This registration is not at its last step."));
      return;
    }
  if (record->consent == NULL)
    {
      JsonObject *details = ld_server_field_details (NULL);

      json_object_set_string_member (details, "step", "consent");
      ld_request_respond_problem (request, 409, "wrong_step", details,
                                  N_("The customer has not consented to the offer and to personal-data processing."));
      return;
    }

  config = ld_server_load_config (self, request);
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
  if (record->email != NULL && !ld_server_answer_present (json_object_get_member (effective, "email")) &&
      ld_config_find_option (ld_config_get_array (config, "application_form"), "email") != NULL)
    json_object_set_string_member (effective, "email", record->email);

  if (!validate_answers (request, ld_config_get_array (config, "application_form"), effective, clean, &bad_key, &message))
    {
      g_autofree char *field = g_strdup_printf ("answers.%s", bad_key);

      if (!ld_storage_update_registration (storage, record, NULL, request->op->id, NULL, NULL, &error))
        {
          ld_registration_respond_write_error (request, error);
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

  categories = ld_config_option_keys (ld_config_get_array (config, "card_categories"));
  member.card_category = g_strv_contains ((const char * const *) categories->pdata, "regular") || categories->len < 2
                         ? "regular" : g_ptr_array_index (categories, 0);
  systems = ld_config_get_array (config, "status_systems");
  if (systems != NULL && json_array_get_length (systems) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (systems, 0)))
    {
      JsonObject *system = json_array_get_object_element (systems, 0);
      JsonArray *levels = ld_config_get_array (system, "levels");

      member.status_system = ld_storage_option_key (json_array_get_element (systems, 0));
      if (levels != NULL && json_array_get_length (levels) > 0)
        member.status_level = ld_storage_option_key (json_array_get_element (levels, 0));
    }
  mailing_types = ld_config_option_keys (ld_config_get_array (config, "mailing_types"));
  channels = ld_config_option_keys (ld_config_get_array (config, "channels"));
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

/* ld-server-auth.c — sign-in, sign-out and "who am I"
 *
 * Passwords are Argon2id hashes (libsodium); checking one takes a noticeable fraction
 * of a second by design, so it runs in a worker thread while the request is paused and
 * the main loop goes on answering others. Tokens are 32 random bytes in base64url; only
 * their SHA-256 is stored. The fifth failure in a row locks the login for 15 minutes,
 * and a locked login is refused even with the right password.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-rights.h"
#include "ld-server-private.h"
#include "ld-storage.h"

#define LOCK_AFTER_FAILURES 5
#define LOCK_SECONDS (15 * 60)
#define MAX_LOGIN_LENGTH 128
#define MAX_PASSWORD_LENGTH 1024

static char *
new_token (void)
{
  guchar bytes[32];
  g_autofree char *base64 = NULL;
  char *token;
  gsize length;

  randombytes_buf (bytes, sizeof bytes);
  base64 = g_base64_encode (bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);

  /* base64url without padding */
  token = g_strdup (base64);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  length = strlen (token);
  while (length > 0 && token[length - 1] == '=')
    token[--length] = '\0';
  sodium_memzero (base64, strlen (base64));

  return token;
}

static void
ld_server_verify_password_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  LdPasswordWork *login = task_data;
  LdOperatorRecord *record = login->record;
  gboolean ok;

  ok = crypto_pwhash_str_verify (record->password_hash,
                                 login->password, strlen (login->password)) == 0;
  g_task_return_boolean (task, ok);
}

static void
ld_server_respond_login_success (LdServer         *self,
                                 LdRequest        *request,
                                 LdOperatorRecord *record)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires_text = NULL;
  g_auto(GStrv) rights = NULL;
  gint64 expires_at;

  if (!ld_storage_reset_login_failures (storage, record->id, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  token = new_token ();
  token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  expires_at = g_get_real_time () / G_USEC_PER_SEC + ld_server_get_session_ttl (self);

  if (!ld_storage_create_session (storage, token_hash, record->id, expires_at, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  rights = ld_rights_resolve (record->role,
                              (const char * const *) record->granted,
                              (const char * const *) record->denied);
  expires_text = ld_format_time (expires_at);

  answer = json_object_new ();
  json_object_set_string_member (answer, "token", token);
  json_object_set_string_member (answer, "expires_at", expires_text);
  json_object_set_object_member (answer, "operator",
                                 ld_operator_record_to_json (record, (const char * const *) rights));
  ld_request_respond_object (request, 200, answer);
}

static void
ld_server_respond_login_failure (LdServer         *self,
                                 LdRequest        *request,
                                 LdOperatorRecord *record)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (record != NULL &&
      !ld_storage_record_login_failure (ld_server_get_storage (self), record->id,
                                        LOCK_AFTER_FAILURES, now + LOCK_SECONDS, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  ld_request_respond_error (request, 401, "invalid_credentials", NULL,
                            N_("Wrong login or password."));
}

static void
ld_server_verify_password_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  LdServer *self = LD_SERVER (object);
  GTask *task = G_TASK (result);
  LdPasswordWork *login = g_task_get_task_data (task);
  LdOperatorRecord *record = login->record;
  LdRequest *request = login->request;

  g_assert (LD_IS_SERVER (self));
  g_assert (G_IS_TASK (task));

  login->request = NULL;
  if (g_task_propagate_boolean (task, NULL))
    {
      g_autoptr(LdOperatorRecord) now = NULL;
      g_autoptr(GError) error = NULL;

      /* other attempts ran while this one was checked: one of them may have locked the login */
      now = ld_storage_get_operator (ld_server_get_storage (self), record->id, &error);
      if (now == NULL)
        ld_request_respond_gerror (request, error, NULL);
      else if (now->locked_until > g_get_real_time () / G_USEC_PER_SEC)
        ld_request_respond_error (request, 429, "too_many_attempts", NULL,
                                  N_("Too many failed sign-ins: this login is locked for 15 minutes."));
      else
        ld_server_respond_login_success (self, request, now);
    }
  else
    ld_server_respond_login_failure (self, request, record);
}

void
ld_server_handle_login (LdServer  *self,
                        LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(LdOperatorRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *login = NULL;
  const char *password = NULL;

  if (!ld_request_get_body_string (request, "login", &login) ||
      !ld_request_get_body_string (request, "password", &password))
    return;
  if (login == NULL || login[0] == '\0' || strlen (login) > MAX_LOGIN_LENGTH)
    {
      ld_request_respond_error (request, 422, "invalid_field", "login", N_("Enter your login."));
      return;
    }
  if (password == NULL || password[0] == '\0' || strlen (password) > MAX_PASSWORD_LENGTH)
    {
      ld_request_respond_error (request, 422, "invalid_field", "password", N_("Enter your password."));
      return;
    }

  record = ld_storage_get_operator_by_login (storage, login, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
        ld_server_respond_login_failure (self, request, NULL);
      else
        ld_request_respond_gerror (request, error, NULL);
      return;
    }

  if (record->locked_until > g_get_real_time () / G_USEC_PER_SEC)
    {
      ld_request_respond_error (request, 429, "too_many_attempts", NULL,
                                N_("Too many failed sign-ins: this login is locked for 15 minutes."));
      return;
    }

  if (record->password_hash == NULL || record->password_hash[0] == '\0')
    {
      ld_server_respond_login_failure (self, request, record);
      return;
    }

  ld_request_run_password_work (request, ld_server_handle_login,
                                g_steal_pointer (&record), (GDestroyNotify) ld_operator_record_free,
                                g_strdup (password),
                                ld_server_verify_password_thread, ld_server_verify_password_cb);
}

void
ld_server_handle_logout (LdServer  *self,
                         LdRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();

  ld_server_forget_session (self, request->token_hash);
  if (!ld_storage_delete_session (ld_server_get_storage (self), request->token_hash, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  json_object_set_boolean_member (answer, "logged_out", TRUE);
  ld_request_respond_object (request, 200, answer);
}

void
ld_server_handle_me (LdServer  *self,
                     LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;

  answer = ld_operator_record_to_json (request->op, (const char * const *) request->rights);
  ld_request_respond_object (request, 200, answer);
}

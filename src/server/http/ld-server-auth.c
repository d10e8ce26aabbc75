/* ld-server-auth.c — sign-in, sign-out and "who am I"
 *
 * Passwords are Argon2id hashes (libsodium); checking one takes a noticeable fraction
 * of a second by design, so it runs in a worker thread while the request is paused and
 * the main loop goes on answering others. Tokens are 32 random bytes in base64url; only
 * their SHA-256 is stored. The fifth failure in a row locks the login for 15 minutes,
 * and a locked login is refused even with the right password.
 *
 * A login no operator has is answered as a known one with a wrong password: its password
 * is checked against a stand-in hash of the same cost in the same worker threads, and
 * its failures lock it the same way (counted in the database's login_failures), so
 * neither the time nor the answers tell which logins exist. Failed sign-ins are also
 * counted per source address (LdLoginThrottle), in the database as the lock-outs are, so
 * that every instance refuses what one would.
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

/* one sign-in while its password is checked */
typedef struct
{
  LdOperatorRecord *record;         /* NULL: no operator has the login */
  char             *login;
  char             *throttle_key;   /* the source address's */
  gint64            throttle_window; /* the window the attempt was counted in */
  const char       *hash;           /* the operator's, or the stand-in */
} LoginAttempt;

static void
login_attempt_free (LoginAttempt *attempt)
{
  g_clear_pointer (&attempt->record, ld_operator_record_free);
  g_free (attempt->login);
  g_free (attempt->throttle_key);
  g_free (attempt);
}

static gpointer
make_stand_in_hash (gpointer data)
{
  guchar secret[32];
  char *hash = g_malloc (crypto_pwhash_STRBYTES);

  /* the demo's and --create-operator's parameters: checking it costs what theirs do */
  if (sodium_init () < 0)
    g_error ("libsodium could not start");
  randombytes_buf (secret, sizeof secret);
  if (crypto_pwhash_str_alg (hash, (const char *) secret, sizeof secret,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    g_error ("Not enough memory to hash a password");
  sodium_memzero (secret, sizeof secret);
  return hash;
}

static const char *
stand_in_hash (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, make_stand_in_hash, NULL);
  return once.retval;
}

void
ld_server_prepare_login (void)
{
  stand_in_hash ();
}

static void
ld_server_verify_password_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
  LdPasswordWork *work = task_data;
  LoginAttempt *attempt = work->record;
  gboolean ok;

  /* the stand-in is checked in full too, and never lets anyone in */
  ok = crypto_pwhash_str_verify (attempt->hash, work->password, strlen (work->password)) == 0;
  g_task_return_boolean (task, ok && attempt->hash != stand_in_hash ());
}

static void
respond_login_locked (LdRequest *request)
{
  ld_request_respond_error (request, 429, "too_many_attempts", NULL,
                            N_("Too many failed sign-ins: this login is locked for 15 minutes."));
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
  expires_at = ld_clock_get_unix_seconds () + ld_server_get_session_ttl (self);

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
ld_server_respond_login_failure (LdServer     *self,
                                 LdRequest    *request,
                                 LoginAttempt *attempt)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(GError) error = NULL;
  gint64 now = ld_clock_get_unix_seconds ();
  gboolean counted;

  if (attempt->record != NULL)
    counted = ld_storage_record_login_failure (storage, attempt->record->id,
                                               LOCK_AFTER_FAILURES, now + LOCK_SECONDS, &error);
  else
    counted = ld_storage_record_unknown_login_failure (storage, attempt->login, LOCK_AFTER_FAILURES,
                                                       now, now + LOCK_SECONDS, &error);
  if (!counted)
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
  LdPasswordWork *work = g_task_get_task_data (task);
  LoginAttempt *attempt = work->record;
  LdRequest *request = work->request;

  g_assert (LD_IS_SERVER (self));
  g_assert (G_IS_TASK (task));

  work->request = NULL;
  if (g_task_propagate_boolean (task, NULL))
    {
      g_autoptr(LdOperatorRecord) now = NULL;
      g_autoptr(GError) error = NULL;

      g_assert (attempt->record != NULL);

      /* the right password is no failure of the address (a count left behind only errs
       * on the safe side, so a failure here does not refuse the operator) */
      if (!ld_login_throttle_succeeded (ld_server_get_login_throttle (self), ld_server_get_storage (self),
                                        attempt->throttle_key, attempt->throttle_window, &error))
        {
          g_warning ("A sign-in from %s was not taken back from its count: %s",
                     attempt->throttle_key, error->message);
          g_clear_error (&error);
        }

      /* other attempts ran while this one was checked: one of them may have locked the login */
      now = ld_storage_get_operator (ld_server_get_storage (self), attempt->record->id, &error);
      if (now == NULL)
        ld_request_respond_gerror (request, error, NULL);
      else if (now->locked_until > ld_clock_get_unix_seconds ())
        respond_login_locked (request);
      else
        ld_server_respond_login_success (self, request, now);
    }
  else
    ld_server_respond_login_failure (self, request, attempt);
}

static void
respond_address_throttled (LdRequest *request,
                           guint      retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Retry-After", seconds);
  ld_request_respond_error (request, 429, "too_many_attempts", NULL,
                            N_("Too many failed sign-ins from your network: try again in a minute."));
}

/* 429 with Retry-After when the request's address has failed too often; FALSE then */
static gboolean
check_address (LdServer   *self,
               LdRequest  *request,
               char      **throttle_key)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  g_autofree char *key = ld_login_throttle_client_key (ld_server_get_login_throttle (self),
                                                       soup_server_message_get_remote_address (request->msg),
                                                       soup_message_headers_get_list (headers, "X-Forwarded-For"));
  g_autoptr(GError) error = NULL;
  guint retry_after = 0;

  if (!ld_login_throttle_check (ld_server_get_login_throttle (self), ld_server_get_storage (self), key,
                                ld_clock_get_real_time (), &retry_after, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return FALSE;
    }
  if (retry_after != 0)
    {
      respond_address_throttled (request, retry_after);
      return FALSE;
    }
  *throttle_key = g_steal_pointer (&key);
  return TRUE;
}

void
ld_server_handle_login (LdServer  *self,
                        LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(LdOperatorRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *throttle_key = NULL;
  LoginAttempt *attempt;
  guint retry_after = 0;
  const char *login = NULL;
  const char *password = NULL;
  gint64 now = ld_clock_get_unix_seconds ();

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

  if (!check_address (self, request, &throttle_key))
    return;

  record = ld_storage_get_operator_by_login (storage, login, &error);
  if (record == NULL)
    {
      gint64 locked_until = 0;

      if (!g_error_matches (error, LD_ERROR, LD_ERROR_NOT_FOUND))
        {
          ld_request_respond_gerror (request, error, NULL);
          return;
        }
      g_clear_error (&error);
      if (!ld_storage_get_login_lock (storage, login, &locked_until, &error))
        {
          ld_request_respond_gerror (request, error, NULL);
          return;
        }
      if (locked_until > now)
        {
          respond_login_locked (request);
          return;
        }
    }
  else if (record->locked_until > now)
    {
      respond_login_locked (request);
      return;
    }

  attempt = g_new0 (LoginAttempt, 1);
  attempt->login = g_strdup (login);
  attempt->throttle_key = g_steal_pointer (&throttle_key);
  if (record != NULL && record->password_hash != NULL && record->password_hash[0] != '\0')
    attempt->hash = record->password_hash;
  else
    attempt->hash = stand_in_hash ();
  attempt->record = g_steal_pointer (&record);

  /* counted before the check, so that many checks at once cannot all pass the limit */
  if (!ld_login_throttle_attempt (ld_server_get_login_throttle (self), storage, attempt->throttle_key,
                                  ld_clock_get_real_time (), &attempt->throttle_window, &retry_after,
                                  &error))
    {
      login_attempt_free (attempt);
      ld_request_respond_gerror (request, error, NULL);
      return;
    }
  if (retry_after != 0)
    {
      login_attempt_free (attempt);
      respond_address_throttled (request, retry_after);
      return;
    }
  ld_request_run_password_work (request, ld_server_handle_login,
                                attempt, (GDestroyNotify) login_attempt_free,
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

/* test-credential-store.c — LdCredentialStore against a real gnome-keyring-daemon
 *
 * Runs under tests/support/with-keyring.sh: a private D-Bus session, a throw-away HOME
 * and an unlocked keyring.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <libsecret/secret.h>

#include "ld-core.h"
#include "ld-test-server.h"

#define SERVER "http://127.0.0.1:8080"
#define OTHER_SERVER "https://loyalty.example"

/* the contract other programs may rely on, written out again on purpose */
static const SecretSchema expected_schema = {
  "org.loyaltydesk.Agent.Credentials",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
store (LdCredentialStore *self,
       const char        *server,
       const char        *login,
       const char        *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ld_credential_store_store_async (self, server, login, password, NULL, ld_test_store_result_cb, &result);
  g_assert_true (ld_credential_store_store_finish (self, ld_test_await (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup (LdCredentialStore  *self,
        const char         *server,
        const char         *login,
        char              **out_login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  ld_credential_store_lookup_async (self, server, login, NULL, ld_test_store_result_cb, &result);
  password = ld_credential_store_lookup_finish (self, ld_test_await (&result), out_login, &error);
  g_assert_no_error (error);
  return password;
}

static void
clear (LdCredentialStore *self,
       const char        *server,
       const char        *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ld_credential_store_clear_async (self, server, login, NULL, ld_test_store_result_cb, &result);
  g_assert_true (ld_credential_store_clear_finish (self, ld_test_await (&result), &error));
  g_assert_no_error (error);
}

static void
test_store_and_lookup (void)
{
  g_autoptr(LdCredentialStore) store_ = ld_credential_store_new ();
  g_autofree char *password = NULL;
  g_autofree char *any = NULL;
  g_autofree char *any_login = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_login = g_strdup ("stale");
  g_autofree char *direct = NULL;
  g_autoptr(GError) error = NULL;

  store (store_, SERVER, "agent", "пароль-1");

  password = lookup (store_, SERVER, "agent", NULL);
  g_assert_cmpstr (password, ==, "пароль-1");

  /* the app's auto-login: any login stored for the server */
  any = lookup (store_, SERVER, NULL, &any_login);
  g_assert_cmpstr (any, ==, "пароль-1");
  g_assert_cmpstr (any_login, ==, "agent");

  /* nothing for another server: NULL and no error, the login cleared */
  other = lookup (store_, OTHER_SERVER, NULL, &other_login);
  g_assert_null (other);
  g_assert_null (other_login);

  /* the item is in the keyring under the contract's schema */
  direct = secret_password_lookup_sync (&expected_schema, NULL, &error,
                                        "server", SERVER, "login", "agent", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (direct, ==, "пароль-1");

  clear (store_, SERVER, NULL);
}

static void
test_replace (void)
{
  g_autoptr(LdCredentialStore) store_ = ld_credential_store_new ();
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  store (store_, SERVER, "agent", "old");
  store (store_, SERVER, "agent", "new");

  password = lookup (store_, SERVER, "agent", NULL);
  g_assert_cmpstr (password, ==, "new");

  /* one item, not two */
  items = secret_password_search_sync (&expected_schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "server", SERVER, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  clear (store_, SERVER, NULL);
}

static void
test_logins_and_servers_apart (void)
{
  g_autoptr(LdCredentialStore) store_ = ld_credential_store_new ();
  g_autofree char *agent = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *agent_after = NULL;
  g_autofree char *supervisor_after = NULL;
  g_autofree char *elsewhere_after = NULL;
  g_autofree char *none = NULL;

  store (store_, SERVER, "agent", "a");
  store (store_, SERVER, "supervisor", "s");
  store (store_, OTHER_SERVER, "agent", "o");

  agent = lookup (store_, SERVER, "agent", NULL);
  supervisor = lookup (store_, SERVER, "supervisor", NULL);
  elsewhere = lookup (store_, OTHER_SERVER, "agent", NULL);
  g_assert_cmpstr (agent, ==, "a");
  g_assert_cmpstr (supervisor, ==, "s");
  g_assert_cmpstr (elsewhere, ==, "o");

  /* clearing one login leaves the others */
  clear (store_, SERVER, "agent");
  agent_after = lookup (store_, SERVER, "agent", NULL);
  supervisor_after = lookup (store_, SERVER, "supervisor", NULL);
  elsewhere_after = lookup (store_, OTHER_SERVER, "agent", NULL);
  g_assert_null (agent_after);
  g_assert_cmpstr (supervisor_after, ==, "s");
  g_assert_cmpstr (elsewhere_after, ==, "o");

  /* clearing a server clears every login on it, and only there */
  clear (store_, SERVER, NULL);
  none = lookup (store_, SERVER, NULL, NULL);
  g_assert_null (none);
  g_clear_pointer (&elsewhere_after, g_free);
  elsewhere_after = lookup (store_, OTHER_SERVER, NULL, NULL);
  g_assert_cmpstr (elsewhere_after, ==, "o");

  /* clearing what is not there is fine */
  clear (store_, SERVER, "nobody");
  clear (store_, OTHER_SERVER, NULL);
}

static void
test_cancelled (void)
{
  g_autoptr(LdCredentialStore) store_ = ld_credential_store_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_cancellable_cancel (cancellable);
  ld_credential_store_lookup_async (store_, SERVER, NULL, cancellable, ld_test_store_result_cb, &result);
  password = ld_credential_store_lookup_finish (store_, ld_test_await (&result), NULL, &error);
  g_assert_null (password);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/credential-store/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/core/credential-store/store-replaces", test_replace);
  g_test_add_func ("/core/credential-store/logins-and-servers-apart", test_logins_and_servers_apart);
  g_test_add_func ("/core/credential-store/cancelled", test_cancelled);

  return g_test_run ();
}

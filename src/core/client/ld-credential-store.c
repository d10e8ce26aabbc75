/* ld-credential-store.c — LdCredentialStore, operators' passwords in the keyring */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ld-credential-store.h"

struct _LdCredentialStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (LdCredentialStore, ld_credential_store, G_TYPE_OBJECT)

static const SecretSchema credentials_schema = {
  "org.loyaltydesk.Agent.Credentials",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct
{
  char *password;
  char *login;
} Credentials;

static void
credentials_free (gpointer data)
{
  Credentials *credentials = data;

  if (credentials->password != NULL)
    secret_password_free (credentials->password);
  g_free (credentials->login);
  g_free (credentials);
}

/* the values are copied: libsecret keeps a reference to the table, not a copy of it,
 * while it waits for the service, so the caller's strings may be gone by then */
static GHashTable *
attributes_new (const char *server_url,
                const char *login)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "server", g_strdup (server_url));
  if (login != NULL)
    g_hash_table_insert (attributes, (gpointer) "login", g_strdup (login));

  return attributes;
}

static void
ld_credential_store_class_init (LdCredentialStoreClass *klass)
{
}

static void
ld_credential_store_init (LdCredentialStore *self)
{
}

/**
 * ld_credential_store_new:
 *
 * Returns: (transfer full): a new #LdCredentialStore
 */
LdCredentialStore *
ld_credential_store_new (void)
{
  return g_object_new (LD_TYPE_CREDENTIAL_STORE, NULL);
}

typedef gboolean (*BooleanFinish) (GAsyncResult  *result,
                                   GError       **error);

/* secret_password_store_finish() or _clear_finish(), the task's data: only an error
 * fails (clear answers FALSE without one when there was nothing to remove, which is fine) */
static void
ld_credential_store_boolean_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  BooleanFinish finish;

  g_assert (G_IS_TASK (task));

  finish = (BooleanFinish) g_task_get_task_data (task);
  finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
ld_credential_store_boolean_finish (LdCredentialStore  *self,
                                    GAsyncResult       *result,
                                    gpointer            source_tag,
                                    GError            **error)
{
  g_return_val_if_fail (LD_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ld_credential_store_search_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretItem *latest = NULL;
  Credentials *credentials;

  g_assert (G_IS_TASK (task));

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* several logins on one server: the one stored last */
  for (GList *l = items; l != NULL; l = l->next)
    if (latest == NULL || secret_item_get_modified (l->data) > secret_item_get_modified (latest))
      latest = l->data;

  credentials = g_new0 (Credentials, 1);
  if (latest != NULL)
    {
      g_autoptr(SecretValue) value = secret_item_get_secret (latest);
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (latest);

      if (value != NULL)
        {
          credentials->password = g_strdup (secret_value_get_text (value));
          credentials->login = g_strdup (g_hash_table_lookup (attributes, "login"));
        }
    }

  g_list_free_full (items, g_object_unref);
  g_task_return_pointer (task, credentials, credentials_free);
}

/* the keyring request of the public call @source_tag about @login (nullable: any) on
 * @server_url; the checks every call shares */
static void
ld_credential_store_start (LdCredentialStore   *self,
                           const char          *server_url,
                           const char          *login,
                           const char          *password,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  attributes = attributes_new (server_url, login);

  if (source_tag == ld_credential_store_store_async)
    {
      /* Translators: the label of the keyring item; %s are the login and the server */
      g_autofree char *label = g_strdup_printf (_("Loyalty Desk password of %s on %s"), login, server_url);

      g_task_set_task_data (task, secret_password_store_finish, NULL);
      secret_password_storev (&credentials_schema, attributes, SECRET_COLLECTION_DEFAULT,
                              label, password, cancellable, ld_credential_store_boolean_cb, task);
    }
  else if (source_tag == ld_credential_store_clear_async)
    {
      g_task_set_task_data (task, secret_password_clear_finish, NULL);
      secret_password_clearv (&credentials_schema, attributes, cancellable,
                              ld_credential_store_boolean_cb, task);
    }
  else
    secret_service_search (NULL, &credentials_schema, attributes,
                           (SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS),
                           cancellable, ld_credential_store_search_cb, task);
}

void
ld_credential_store_store_async (LdCredentialStore   *self,
                                 const char          *server_url,
                                 const char          *login,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);

  ld_credential_store_start (self, server_url, login, password, ld_credential_store_store_async,
                             cancellable, callback, user_data);
}

gboolean
ld_credential_store_store_finish (LdCredentialStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  return ld_credential_store_boolean_finish (self, result, ld_credential_store_store_async, error);
}

void
ld_credential_store_lookup_async (LdCredentialStore   *self,
                                  const char          *server_url,
                                  const char          *login,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ld_credential_store_start (self, server_url, login, NULL, ld_credential_store_lookup_async,
                             cancellable, callback, user_data);
}

/**
 * ld_credential_store_lookup_finish:
 * @self: a #LdCredentialStore
 * @result: the result
 * @out_login: (out) (optional) (transfer full): the login of the password found
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the password (free it with secret_password_free()
 *   or g_free()), or %NULL when nothing is stored or on error
 */
char *
ld_credential_store_lookup_finish (LdCredentialStore  *self,
                                   GAsyncResult       *result,
                                   char              **out_login,
                                   GError            **error)
{
  Credentials *credentials;
  char *password;

  g_return_val_if_fail (LD_IS_CREDENTIAL_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_credential_store_lookup_async, NULL);

  if (out_login != NULL)
    *out_login = NULL;

  credentials = g_task_propagate_pointer (G_TASK (result), error);
  if (credentials == NULL)
    return NULL;

  password = g_steal_pointer (&credentials->password);
  if (out_login != NULL)
    *out_login = g_steal_pointer (&credentials->login);
  credentials_free (credentials);

  return password;
}

void
ld_credential_store_clear_async (LdCredentialStore   *self,
                                 const char          *server_url,
                                 const char          *login,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ld_credential_store_start (self, server_url, login, NULL, ld_credential_store_clear_async,
                             cancellable, callback, user_data);
}

gboolean
ld_credential_store_clear_finish (LdCredentialStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  return ld_credential_store_boolean_finish (self, result, ld_credential_store_clear_async, error);
}

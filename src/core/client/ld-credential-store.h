/* ld-credential-store.h — LdCredentialStore, operators' passwords in the keyring (libsecret)
 *
 * Items use the schema "org.loyaltydesk.Agent.Credentials" with the attributes "server"
 * (the server's base URL) and "login". Everything is async; nothing blocks the caller.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LD_TYPE_CREDENTIAL_STORE (ld_credential_store_get_type ())

G_DECLARE_FINAL_TYPE (LdCredentialStore, ld_credential_store, LD, CREDENTIAL_STORE, GObject)

LdCredentialStore *ld_credential_store_new (void);

/* stores (or replaces) the password of @login on @server_url */
void      ld_credential_store_store_async   (LdCredentialStore   *self,
                                             const char          *server_url,
                                             const char          *login,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  ld_credential_store_store_finish  (LdCredentialStore   *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* @login (nullable): NULL finds any login stored for @server_url (the latest stored) */
void      ld_credential_store_lookup_async  (LdCredentialStore   *self,
                                             const char          *server_url,
                                             const char          *login,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns: (transfer full) (nullable): the password, NULL when nothing is stored (then
 * @error is not set); @out_login (optional, transfer full) the login it belongs to */
char     *ld_credential_store_lookup_finish (LdCredentialStore   *self,
                                             GAsyncResult        *result,
                                             char               **out_login,
                                             GError             **error);

/* removes the password of @login (nullable: of every login) on @server_url; TRUE also
 * when nothing was stored */
void      ld_credential_store_clear_async   (LdCredentialStore   *self,
                                             const char          *server_url,
                                             const char          *login,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  ld_credential_store_clear_finish  (LdCredentialStore   *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS

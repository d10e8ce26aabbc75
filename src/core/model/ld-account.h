/* ld-account.h — LdAccount, a member's bonus account */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_ACCOUNT (ld_account_get_type ())

G_DECLARE_FINAL_TYPE (LdAccount, ld_account, LD, ACCOUNT, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_account_to_json() */
LdAccount *ld_account_new_from_json (JsonObject  *json,
                                     GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_account_to_json (LdAccount *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_account_get_balance         (LdAccount *self);
gboolean   ld_account_get_blocked         (LdAccount *self);
const char *ld_account_get_blocked_reason (LdAccount *self);
gint64     ld_account_get_id              (LdAccount *self);

G_END_DECLS

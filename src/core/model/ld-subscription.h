/* ld-subscription.h — LdSubscription, one cell of the mailing type × channel matrix */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_SUBSCRIPTION (ld_subscription_get_type ())

G_DECLARE_FINAL_TYPE (LdSubscription, ld_subscription, LD, SUBSCRIPTION, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_subscription_to_json() */
LdSubscription *ld_subscription_new_from_json (JsonObject  *json,
                                               GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_subscription_to_json (LdSubscription *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
const char *ld_subscription_get_mailing_type (LdSubscription *self);
const char *ld_subscription_get_channel      (LdSubscription *self);
gboolean   ld_subscription_get_enabled       (LdSubscription *self);

G_END_DECLS

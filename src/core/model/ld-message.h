/* ld-message.h — LdMessage, a message sent to a member */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_MESSAGE (ld_message_get_type ())

G_DECLARE_FINAL_TYPE (LdMessage, ld_message, LD, MESSAGE, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_message_to_json() */
LdMessage *ld_message_new_from_json (JsonObject  *json,
                                     GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_message_to_json (LdMessage *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_message_get_id            (LdMessage *self);
const char *ld_message_get_sent_at      (LdMessage *self);
const char *ld_message_get_channel      (LdMessage *self);
const char *ld_message_get_status       (LdMessage *self);
const char *ld_message_get_address      (LdMessage *self);
const char *ld_message_get_subject      (LdMessage *self);
const char *ld_message_get_text         (LdMessage *self);
const char *ld_message_get_mailing_type (LdMessage *self);

/* the first names of some getters, kept for code written against them */
const char *ld_message_get_to (LdMessage *self);

G_END_DECLS

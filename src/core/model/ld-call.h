/* ld-call.h — LdCall, an incoming call */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-member.h"

G_BEGIN_DECLS

#define LD_TYPE_CALL (ld_call_get_type ())

G_DECLARE_FINAL_TYPE (LdCall, ld_call, LD, CALL, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_call_to_json() */
LdCall *ld_call_new_from_json (JsonObject  *json,
                               GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_call_to_json (LdCall *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_call_get_id             (LdCall *self);
const char *ld_call_get_phone         (LdCall *self);
const char *ld_call_get_started_at    (LdCall *self);
const char *ld_call_get_ended_at      (LdCall *self);
LdMember   *ld_call_get_member        (LdCall *self);
const char *ld_call_get_ticket_id     (LdCall *self);
const char *ld_call_get_ticket_number (LdCall *self);
const char *ld_call_get_ticket_state  (LdCall *self);
const char *ld_call_get_end_reason    (LdCall *self);
gint64     ld_call_get_operator_id    (LdCall *self);
const char *ld_call_get_operator_name (LdCall *self);
gint64     ld_call_get_member_id      (LdCall *self);

G_END_DECLS

/* ld-action.h — LdAction, an entry of the action history */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_ACTION (ld_action_get_type ())

G_DECLARE_FINAL_TYPE (LdAction, ld_action, LD, ACTION, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_action_to_json() */
LdAction *ld_action_new_from_json (JsonObject  *json,
                                   GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_action_to_json (LdAction *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_action_get_id              (LdAction *self);
const char *ld_action_get_created_at     (LdAction *self);
gint64     ld_action_get_operator_id     (LdAction *self);
const char *ld_action_get_operator_login (LdAction *self);
const char *ld_action_get_operator_name  (LdAction *self);
const char *ld_action_get_action         (LdAction *self);
const char *ld_action_get_target         (LdAction *self);
const char *ld_action_get_reason         (LdAction *self);

G_END_DECLS

/* ld-status.h — LdStatus, a member's level in one status system */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_STATUS (ld_status_get_type ())

G_DECLARE_FINAL_TYPE (LdStatus, ld_status, LD, STATUS, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_status_to_json() */
LdStatus *ld_status_new_from_json (JsonObject  *json,
                                   GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_status_to_json (LdStatus *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
const char *ld_status_get_system      (LdStatus *self);
const char *ld_status_get_level       (LdStatus *self);
const char *ld_status_get_assigned_at (LdStatus *self);

G_END_DECLS

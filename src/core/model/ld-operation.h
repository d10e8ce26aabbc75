/* ld-operation.h — LdOperation, a confirmed operation on a member's card */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_OPERATION (ld_operation_get_type ())

G_DECLARE_FINAL_TYPE (LdOperation, ld_operation, LD, OPERATION, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_operation_to_json() */
LdOperation *ld_operation_new_from_json (JsonObject  *json,
                                         GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_operation_to_json (LdOperation *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_operation_get_id            (LdOperation *self);
const char *ld_operation_get_performed_at (LdOperation *self);
const char *ld_operation_get_card         (LdOperation *self);
const char *ld_operation_get_kind         (LdOperation *self);
gint64     ld_operation_get_amount        (LdOperation *self);
const char *ld_operation_get_pos          (LdOperation *self);
const char *ld_operation_get_description  (LdOperation *self);
gint64     ld_operation_get_purchase_id   (LdOperation *self);

/* the first names of some getters, kept for code written against them */
const char *ld_operation_get_date           (LdOperation *self);
const char *ld_operation_get_card_number    (LdOperation *self);
const char *ld_operation_get_operation_type (LdOperation *self);
gint64     ld_operation_get_points          (LdOperation *self);

G_END_DECLS

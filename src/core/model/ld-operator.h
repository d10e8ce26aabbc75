/* ld-operator.h — LdOperator, an operator of the call center (who is logged in) */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_OPERATOR (ld_operator_get_type ())

G_DECLARE_FINAL_TYPE (LdOperator, ld_operator, LD, OPERATOR, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_operator_to_json() */
LdOperator *ld_operator_new_from_json (JsonObject  *json,
                                       GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_operator_to_json (LdOperator *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64             ld_operator_get_id      (LdOperator *self);
const char         *ld_operator_get_login  (LdOperator *self);
const char         *ld_operator_get_name   (LdOperator *self);
const char         *ld_operator_get_role   (LdOperator *self);
const char * const *ld_operator_get_rights (LdOperator *self);

/* whether the operator's effective rights contain @right */
gboolean ld_operator_has_right (LdOperator *self,
                                const char *right);

G_END_DECLS

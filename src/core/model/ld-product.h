/* ld-product.h — LdProduct, a product of the catalog */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_PRODUCT (ld_product_get_type ())

G_DECLARE_FINAL_TYPE (LdProduct, ld_product, LD, PRODUCT, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_product_to_json() */
LdProduct *ld_product_new_from_json (JsonObject  *json,
                                     GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_product_to_json (LdProduct *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_product_get_id        (LdProduct *self);
const char *ld_product_get_sku      (LdProduct *self);
const char *ld_product_get_name     (LdProduct *self);
const char *ld_product_get_category (LdProduct *self);
gint64     ld_product_get_price     (LdProduct *self);
gboolean   ld_product_get_active    (LdProduct *self);

G_END_DECLS

/* ld-favorite.h — LdFavorite, a favorite product of a member */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_FAVORITE (ld_favorite_get_type ())

G_DECLARE_FINAL_TYPE (LdFavorite, ld_favorite, LD, FAVORITE, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_favorite_to_json() */
LdFavorite *ld_favorite_new_from_json (JsonObject  *json,
                                       GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_favorite_to_json (LdFavorite *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_favorite_get_product_id (LdFavorite *self);
const char *ld_favorite_get_sku       (LdFavorite *self);
const char *ld_favorite_get_name      (LdFavorite *self);
const char *ld_favorite_get_added_at  (LdFavorite *self);

G_END_DECLS

/* ld-favorite-change.h — LdFavoriteChange, a row of the favorites history */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_FAVORITE_CHANGE (ld_favorite_change_get_type ())

G_DECLARE_FINAL_TYPE (LdFavoriteChange, ld_favorite_change, LD, FAVORITE_CHANGE, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_favorite_change_to_json() */
LdFavoriteChange *ld_favorite_change_new_from_json (JsonObject  *json,
                                                    GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_favorite_change_to_json (LdFavoriteChange *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_favorite_change_get_id              (LdFavoriteChange *self);
gint64     ld_favorite_change_get_product_id      (LdFavoriteChange *self);
const char *ld_favorite_change_get_sku            (LdFavoriteChange *self);
const char *ld_favorite_change_get_name           (LdFavoriteChange *self);
const char *ld_favorite_change_get_change         (LdFavoriteChange *self);
const char *ld_favorite_change_get_changed_at     (LdFavoriteChange *self);
gint64     ld_favorite_change_get_operator_id     (LdFavoriteChange *self);
const char *ld_favorite_change_get_operator_login (LdFavoriteChange *self);

/* the first names of some getters, kept for code written against them */
const char *ld_favorite_change_get_created_at (LdFavoriteChange *self);

G_END_DECLS

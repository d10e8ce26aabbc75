/* ld-storage-favorites.c — a member's favorite products and the history of their changes
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-json.h"
#include "ld-storage-private.h"

static const LdItemField favorite_fields[] = {
  { "product_id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "added_at", "f.added_at", LD_FIELD_TEXT },
  { NULL }
};

static const LdItemField favorite_change_fields[] = {
  { "id", "h.id", LD_FIELD_INT },
  { "product_id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "change", "h.change", LD_FIELD_TEXT },
  { "changed_at", "h.changed_at", LD_FIELD_TEXT },
  { "operator_id", "h.operator_id", LD_FIELD_INT_OR_NULL },
  { "operator_login", "o.login", LD_FIELD_TEXT },
  { NULL }
};

static const LdListSpec favorites_history_list = {
  "Favorite changes", "favorites_history h",
  "JOIN products p ON p.id = h.product_id LEFT JOIN operators o ON o.id = h.operator_id",
  favorite_change_fields,
  { { "date", { "h.changed_at", "h.id", NULL } } },
};

/**
 * ld_storage_get_favorites:
 *
 * Returns: (transfer full): {enabled, max, items:[{product_id, sku, name, added_at}], count}
 */
JsonObject *
ld_storage_get_favorites (LdStorage  *self,
                          gint64      member_id,
                          GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonArray) items = NULL;
  JsonObject *favorites_config = NULL;
  JsonObject *answer;
  gboolean enabled = FALSE;
  gint64 max = 0;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  config = ld_storage_member_config_locked (self, member_id, error);
  if (config == NULL)
    return NULL;
  if (ld_json_get_object (config, "favorites", NULL, &favorites_config) && favorites_config != NULL)
    {
      ld_json_get_bool (favorites_config, "enabled", FALSE, &enabled);
      ld_json_get_int (favorites_config, "max", 0, &max);
    }

  items = ld_storage_query_items (self, favorite_fields,
                                  " FROM favorites f JOIN products p ON p.id = f.product_id "
                                  "WHERE f.member_id = $1 ORDER BY f.added_at, p.id",
                                  member_id, 0, error);
  if (items == NULL)
    return NULL;

  answer = json_object_new ();
  json_object_set_boolean_member (answer, "enabled", enabled);
  json_object_set_int_member (answer, "max", max);
  json_object_set_int_member (answer, "count", json_array_get_length (items));
  json_object_set_array_member (answer, "items", g_steal_pointer (&items));
  return answer;
}

/**
 * ld_storage_list_favorites_history:
 *
 * Returns: (transfer full): a page of favorite changes, newest first
 */
JsonObject *
ld_storage_list_favorites_history (LdStorage            *self,
                                   gint64                member_id,
                                   const LdPageRequest  *page,
                                   GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return ld_storage_list_of_member (self, member_id, &favorites_history_list, "h.member_id",
                                    page, error);
}

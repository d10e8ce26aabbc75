/* ld-storage-favorites.c — a member's favorite products and the history of their changes
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

#include "ld-error.h"
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

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* one favorite added or removed, with its line in the favorites history */
static gboolean
change_favorite_locked (LdStorage   *self,
                        gint64       member_id,
                        gint64       product_id,
                        gboolean     add,
                        gint64       operator_id,
                        const char  *now,
                        GError     **error)
{
  if (add)
    {
      if (!ld_storage_run (self, error, "INSERT INTO favorites (member_id, product_id, added_at) VALUES ($1, $2, $3)",
                           "iit", member_id, product_id, now))
        return FALSE;
    }
  else if (!ld_storage_run (self, error, "DELETE FROM favorites WHERE member_id = $1 AND product_id = $2",
                            "ii", member_id, product_id))
    return FALSE;

  return ld_storage_run (self, error,
                         "INSERT INTO favorites_history (member_id, product_id, change, operator_id, changed_at) "
                         "VALUES ($1, $2, $3, $4, $5)",
                         "iitdt", member_id, product_id, add ? "added" : "removed", operator_id, now);
}

/**
 * ld_storage_update_favorites:
 *
 * Returns: (transfer full): the favorites after the change, as ld_storage_get_favorites()
 *   answers them
 */
JsonObject *
ld_storage_update_favorites (LdStorage            *self,
                             gint64                member_id,
                             const gint64         *product_ids,
                             guint                 n_products,
                             gint64                operator_id,
                             LdPreferenceOutcome  *outcome,
                             GError              **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *now = ld_storage_now ();
  JsonObject *favorites_config = NULL;
  gboolean enabled = FALSE;
  gint64 max = 0;
  LdStep step;
  GHashTableIter iter;
  gint64 *key;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (product_ids != NULL || n_products == 0, NULL);
  g_return_val_if_fail (outcome != NULL, NULL);

  memset (outcome, 0, sizeof *outcome);

  /* the offer and its maximum read in the transaction: a PUT /config cannot come between */
  config = ld_storage_begin_member_settings (self, member_id, error);
  if (config == NULL)
    return NULL;
  if (ld_json_get_object (config, "favorites", NULL, &favorites_config) && favorites_config != NULL)
    {
      ld_json_get_bool (favorites_config, "enabled", FALSE, &enabled);
      ld_json_get_int (favorites_config, "max", 0, &max);
    }
  outcome->max = max;
  if (!enabled)
    {
      outcome->refusal = LD_PREFERENCE_FAVORITES_DISABLED;
      g_set_error_literal (error, LD_ERROR, LD_ERROR_FAVORITES_DISABLED,
                           "The favorite products offer is off");
      goto failed;
    }

  statement = ld_database_prepare (self->db, "SELECT product_id FROM favorites WHERE member_id = $1", error);
  if (statement == NULL)
    goto failed;
  ld_statement_bind_int (statement, 1, member_id);
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    g_hash_table_add (current, g_memdup2 (&(gint64) { ld_statement_get_int (statement, 0) }, sizeof (gint64)));
  if (step == LD_STEP_ERROR)
    goto failed;
  g_clear_pointer (&statement, ld_statement_release);

  /* a product added must be in the catalogue and active; one kept may have been
   * withdrawn since it was added */
  for (guint i = 0; i < n_products; i++)
    {
      gboolean found = FALSE;
      gint64 active = 0;

      if (g_hash_table_contains (wanted, &product_ids[i]))
        continue;
      g_hash_table_add (wanted, g_memdup2 (&product_ids[i], sizeof (gint64)));
      if (g_hash_table_contains (current, &product_ids[i]))
        continue;

      if (!ld_storage_query_int (self, "SELECT active FROM products WHERE id = $1", NULL, product_ids[i],
                                 &found, &active, error))
        goto failed;
      if (!found || !active)
        {
          outcome->refusal = found ? LD_PREFERENCE_PRODUCT_INACTIVE : LD_PREFERENCE_PRODUCT_NOT_FOUND;
          outcome->product_id = product_ids[i];
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       found ? "The product %" G_GINT64_FORMAT " is not offered any more"
                             : "There is no product %" G_GINT64_FORMAT,
                       product_ids[i]);
          goto failed;
        }
    }

  if (g_hash_table_size (wanted) > (guint64) MAX (max, 0))
    {
      outcome->refusal = LD_PREFERENCE_FAVORITES_LIMIT;
      g_set_error (error, LD_ERROR, LD_ERROR_FAVORITES_LIMIT_REACHED,
                   "At most %" G_GINT64_FORMAT " favorite products", max);
      goto failed;
    }

  /* removed first, in the order of their ids, then added in the order given */
  g_hash_table_iter_init (&iter, current);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_array_append_val (removed, *key);
  g_array_sort (removed, compare_ids);
  for (guint i = 0; i < removed->len; i++)
    {
      gint64 product_id = g_array_index (removed, gint64, i);

      if (!change_favorite_locked (self, member_id, product_id, FALSE, operator_id, now, error))
        goto failed;
      g_string_append_printf (changed, "%s-%" G_GINT64_FORMAT, changed->len > 0 ? " " : "", product_id);
    }
  g_hash_table_remove_all (wanted);
  for (guint i = 0; i < n_products; i++)
    {
      if (g_hash_table_contains (current, &product_ids[i]) || g_hash_table_contains (wanted, &product_ids[i]))
        continue;
      g_hash_table_add (wanted, g_memdup2 (&product_ids[i], sizeof (gint64)));
      if (!change_favorite_locked (self, member_id, product_ids[i], TRUE, operator_id, now, error))
        goto failed;
      g_string_append_printf (changed, "%s+%" G_GINT64_FORMAT, changed->len > 0 ? " " : "", product_ids[i]);
    }

  if (!ld_storage_commit_member_settings (self, member_id, operator_id, "member.favorites", changed->str,
                                          now, error))
    return NULL;
  return ld_storage_get_favorites (self, member_id, error);

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return NULL;
}

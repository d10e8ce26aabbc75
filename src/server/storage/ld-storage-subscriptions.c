/* ld-storage-subscriptions.c — a member's subscriptions: one per mailing type and channel
 * of the configuration; a pair never changed is subscribed
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

/**
 * ld_storage_get_subscriptions:
 *
 * Returns: (transfer full): {mailing_types, channels, items:[{mailing_type, channel, enabled}]}
 *   with every pair of the configuration; a pair never changed is subscribed
 */
JsonObject *
ld_storage_get_subscriptions (LdStorage  *self,
                              gint64      member_id,
                              GError    **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GHashTable) stored = NULL;
  JsonArray *types = NULL;
  JsonArray *channels = NULL;
  JsonArray *items;
  JsonObject *answer;
  LdStep step;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  config = ld_storage_member_config_locked (self, member_id, error);
  if (config == NULL)
    return NULL;
  if (!ld_json_get_array (config, "mailing_types", NULL, &types) ||
      !ld_json_get_array (config, "channels", NULL, &channels))
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE,
                           "The configuration's mailing types or channels are broken");
      return NULL;
    }

  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  statement = ld_database_prepare (self->db,
                                   "SELECT mailing_type, channel, enabled FROM subscriptions WHERE member_id = $1",
                                   error);
  if (statement == NULL)
    return NULL;
  ld_statement_bind_int (statement, 1, member_id);
  while ((step = ld_statement_step (statement, error)) == LD_STEP_ROW)
    g_hash_table_insert (stored,
                         g_strdup_printf ("%s\n%s", ld_statement_get_text (statement, 0),
                                          ld_statement_get_text (statement, 1)),
                         GINT_TO_POINTER (ld_statement_get_bool (statement, 2) ? 1 : 2));
  if (step == LD_STEP_ERROR)
    return NULL;

  answer = json_object_new ();
  items = json_array_new ();
  for (guint t = 0; types && t < json_array_get_length (types); t++)
    {
      const char *type = ld_storage_option_key (json_array_get_element (types, t));

      for (guint c = 0; type && channels && c < json_array_get_length (channels); c++)
        {
          const char *channel = ld_storage_option_key (json_array_get_element (channels, c));
          g_autofree char *pair = NULL;
          JsonObject *item;

          if (channel == NULL)
            continue;
          pair = g_strdup_printf ("%s\n%s", type, channel);
          item = json_object_new ();
          json_object_set_string_member (item, "mailing_type", type);
          json_object_set_string_member (item, "channel", channel);
          json_object_set_boolean_member (item, "enabled",
                                          GPOINTER_TO_INT (g_hash_table_lookup (stored, pair)) != 2);
          json_array_add_object_element (items, item);
        }
    }
  json_object_set_array_member (answer, "mailing_types", types ? json_array_ref (types) : json_array_new ());
  json_object_set_array_member (answer, "channels", channels ? json_array_ref (channels) : json_array_new ());
  json_object_set_array_member (answer, "items", items);
  return answer;
}

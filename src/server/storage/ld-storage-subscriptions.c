/* ld-storage-subscriptions.c — a member's subscriptions: one per mailing type and channel
 * of the configuration; a pair never changed is subscribed
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <string.h>

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

static gboolean
options_contain (JsonArray  *options,
                 const char *key)
{
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    if (g_strcmp0 (ld_storage_option_key (json_array_get_element (options, i)), key) == 0)
      return TRUE;
  return FALSE;
}

/* whether the pair is subscribed now: a pair never changed is */
static gboolean
subscription_enabled_locked (LdStorage                  *self,
                             gint64                      member_id,
                             const LdSubscriptionChange *change,
                             gboolean                   *enabled,
                             GError                    **error)
{
  g_autoptr(LdStatement) statement = NULL;
  LdStep step;

  statement = ld_database_prepare (self->db,
                                   "SELECT enabled FROM subscriptions "
                                   "WHERE member_id = $1 AND mailing_type = $2 AND channel = $3",
                                   error);
  if (statement == NULL)
    return FALSE;
  ld_statement_bind_int (statement, 1, member_id);
  ld_statement_bind_text (statement, 2, change->mailing_type);
  ld_statement_bind_text (statement, 3, change->channel);
  step = ld_statement_step (statement, error);
  if (step == LD_STEP_ERROR)
    return FALSE;
  *enabled = step == LD_STEP_DONE || ld_statement_get_bool (statement, 0);
  return TRUE;
}

/**
 * ld_storage_update_subscriptions:
 *
 * Returns: (transfer full): the subscriptions after the change, as
 *   ld_storage_get_subscriptions() answers them
 */
JsonObject *
ld_storage_update_subscriptions (LdStorage                  *self,
                                 gint64                      member_id,
                                 const LdSubscriptionChange *changes,
                                 guint                       n_changes,
                                 gint64                      operator_id,
                                 LdPreferenceOutcome        *outcome,
                                 GError                    **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *now = ld_storage_now ();
  JsonArray *types = NULL;
  JsonArray *channels = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);
  g_return_val_if_fail (changes != NULL || n_changes == 0, NULL);
  g_return_val_if_fail (outcome != NULL, NULL);

  memset (outcome, 0, sizeof *outcome);

  /* the configuration read in the transaction: a PUT /config cannot come in between */
  config = ld_storage_begin_member_settings (self, member_id, error);
  if (config == NULL)
    return NULL;
  ld_json_get_array (config, "mailing_types", NULL, &types);
  ld_json_get_array (config, "channels", NULL, &channels);

  for (guint i = 0; i < n_changes; i++)
    {
      gboolean enabled = TRUE;

      if (!options_contain (types, changes[i].mailing_type))
        {
          outcome->refusal = LD_PREFERENCE_UNKNOWN_MAILING_TYPE;
          outcome->value = changes[i].mailing_type;
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       "The configuration has no mailing type “%s”", changes[i].mailing_type);
          goto failed;
        }
      if (!options_contain (channels, changes[i].channel))
        {
          outcome->refusal = LD_PREFERENCE_UNKNOWN_CHANNEL;
          outcome->value = changes[i].channel;
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       "The configuration has no channel “%s”", changes[i].channel);
          goto failed;
        }

      if (!subscription_enabled_locked (self, member_id, &changes[i], &enabled, error))
        goto failed;
      if (enabled == changes[i].enabled)
        continue;

      if (!ld_storage_run (self, error,
                           "INSERT INTO subscriptions (member_id, mailing_type, channel, enabled) "
                           "VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (member_id, mailing_type, channel) "
                           "DO UPDATE SET enabled = excluded.enabled",
                           "itti", member_id, changes[i].mailing_type, changes[i].channel,
                           (gint64) (changes[i].enabled ? 1 : 0)))
        goto failed;

      g_string_append_printf (changed, "%s%s/%s %s", changed->len > 0 ? ", " : "",
                              changes[i].mailing_type, changes[i].channel,
                              changes[i].enabled ? "on" : "off");
    }

  if (!ld_storage_commit_member_settings (self, member_id, operator_id, "member.subscriptions", changed->str,
                                          now, error))
    return NULL;
  return ld_storage_get_subscriptions (self, member_id, error);

failed:
  ld_database_rollback (self->db);
  return NULL;
}

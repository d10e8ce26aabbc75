/* ld-storage-config.c — the configuration document (one row of `config`), kept as text
 * in memory once read, and the key of one of its options
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-storage-private.h"

static const char *
config_text_locked (LdStorage  *self,
                    GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  /* another instance may have saved another configuration; a reader (whose checks find
   * nothing) reads it each time */
  if (!ld_storage_check_changes_locked (self) || self->reader)
    g_clear_pointer (&self->config_json, g_free);
  if (self->config_json != NULL)
    return self->config_json;

  statement = ld_database_prepare (self->db, "SELECT document FROM config WHERE id = 1", error);
  if (statement == NULL)
    return NULL;
  switch (ld_statement_step (statement, error))
    {
    case LD_STEP_ROW:
      self->config_json = g_strdup (ld_statement_get_text (statement, 0));
      return self->config_json;
    case LD_STEP_DONE:
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "The configuration is missing");
      return NULL;
    default:
      return NULL;
    }
}

JsonObject *
ld_storage_config_locked (LdStorage  *self,
                          GError    **error)
{
  const char *text = config_text_locked (self, error);

  if (text == NULL)
    return NULL;
  return ld_json_parse_object (text, -1, error);
}

JsonObject *
ld_storage_member_config_locked (LdStorage  *self,
                                 gint64      member_id,
                                 GError    **error)
{
  if (!ld_storage_member_account (self, member_id, NULL, error))
    return NULL;
  return ld_storage_config_locked (self, error);
}

JsonObject *
ld_storage_begin_member_settings (LdStorage  *self,
                                  gint64      member_id,
                                  GError    **error)
{
  JsonObject *config;

  if (!ld_database_begin (self->db, error))
    return NULL;
  config = ld_storage_member_config_locked (self, member_id, error);
  if (config == NULL)
    ld_database_rollback (self->db);
  return config;
}

gboolean
ld_storage_commit_member_settings (LdStorage   *self,
                                   gint64       member_id,
                                   gint64       operator_id,
                                   const char  *action,
                                   const char  *changed,
                                   const char  *now,
                                   GError     **error)
{
  /* the history says what changed; a PUT that changes nothing leaves no entry */
  if (changed[0] != '\0' &&
      !ld_storage_add_action (self, now, operator_id, action, changed, NULL, member_id, error))
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  return ld_storage_commit (self, error);
}

/**
 * ld_storage_get_config:
 *
 * Returns: (transfer full): the configuration document
 */
JsonObject *
ld_storage_get_config (LdStorage  *self,
                       GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return ld_storage_config_locked (self, error);
}

gboolean
ld_storage_put_config (LdStorage   *self,
                       JsonObject  *config,
                       gint64       operator_id,
                       GError     **error)
{
  LD_STORAGE_LOCK (self);
  g_autoptr(LdStatement) statement = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = ld_storage_now ();

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  text = ld_json_object_to_string (config);

  if (!ld_database_begin (self->db, error))
    return FALSE;
  if (!ld_storage_run (self, error,
                       "UPDATE config SET document = $1, updated_at = $2 WHERE id = 1",
                       "tt", text, now))
    goto failed;
  if (!ld_storage_add_action (self, now, operator_id, "config.update", "config", NULL, 0, error))
    goto failed;
  if (!ld_storage_commit (self, error))
    return FALSE;

  g_clear_pointer (&self->config_json, g_free);
  self->config_json = g_steal_pointer (&text);
  return TRUE;

failed:
  g_clear_pointer (&statement, ld_statement_release);
  ld_database_rollback (self->db);
  return FALSE;
}

const char *
ld_storage_option_key (JsonNode *option)
{
  const char *key = NULL;

  g_return_val_if_fail (option != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (option))
    ld_json_get_string (json_node_get_object (option), "key", NULL, &key);
  else if (ld_json_node_holds (option, G_TYPE_STRING))
    key = json_node_get_string (option);
  return key;
}

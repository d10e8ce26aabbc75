/* ld-action.c — LdAction, an entry of the action history */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-action.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED_AT,
  PROP_OPERATOR_ID,
  PROP_OPERATOR_LOGIN,
  PROP_OPERATOR_NAME,
  PROP_ACTION,
  PROP_TARGET,
  PROP_REASON,
  N_PROPS
};

struct _LdAction
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdAction, ld_action, G_TYPE_OBJECT)

static void
ld_action_finalize (GObject *object)
{
  LdAction *self = (LdAction *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_action_parent_class)->finalize (object);
}

static void
ld_action_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdAction *self = LD_ACTION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_action_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdAction *self = LD_ACTION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_action_class_init (LdActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_action_finalize;
  object_class->get_property = ld_action_get_property;
  object_class->set_property = ld_action_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the entry id");
  properties[PROP_CREATED_AT] = ld_model_param_spec ("created-at", G_TYPE_STRING, "when (RFC 3339)");
  properties[PROP_OPERATOR_ID] = ld_model_param_spec ("operator-id", G_TYPE_INT64, "the operator id");
  properties[PROP_OPERATOR_LOGIN] = ld_model_param_spec ("operator-login", G_TYPE_STRING, "the operator login");
  properties[PROP_OPERATOR_NAME] = ld_model_param_spec ("operator-name", G_TYPE_STRING, "the operator name");
  properties[PROP_ACTION] = ld_model_param_spec ("action", G_TYPE_STRING, "what was done");
  properties[PROP_TARGET] = ld_model_param_spec ("target", G_TYPE_STRING, "what it was done to");
  properties[PROP_REASON] = ld_model_param_spec ("reason", G_TYPE_STRING, "why");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_action_init (LdAction *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_action_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdAction *
ld_action_new_from_json (JsonObject  *json,
                         GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_ACTION, json, NULL, error);
}

/**
 * ld_action_to_json:
 * @self: a #LdAction
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_action_to_json (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_action_get_id (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_action_get_created_at (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_CREATED_AT]);
}

gint64
ld_action_get_operator_id (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), 0);

  return g_value_get_int64 (&self->values[PROP_OPERATOR_ID]);
}

const char *
ld_action_get_operator_login (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_LOGIN]);
}

const char *
ld_action_get_operator_name (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_NAME]);
}

const char *
ld_action_get_action (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_ACTION]);
}

const char *
ld_action_get_target (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_TARGET]);
}

const char *
ld_action_get_reason (LdAction *self)
{
  g_return_val_if_fail (LD_IS_ACTION (self), NULL);

  return g_value_get_string (&self->values[PROP_REASON]);
}

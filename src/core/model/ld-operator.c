/* ld-operator.c — LdOperator, an operator of the call center (who is logged in) */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-operator.h"
#include "ld-model-json.h"
#include "ld-rights.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_LOGIN,
  PROP_NAME,
  PROP_ROLE,
  PROP_RIGHTS,
  N_PROPS
};

struct _LdOperator
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdOperator, ld_operator, G_TYPE_OBJECT)

static void
ld_operator_finalize (GObject *object)
{
  LdOperator *self = (LdOperator *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_operator_parent_class)->finalize (object);
}

static void
ld_operator_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LdOperator *self = LD_OPERATOR (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_operator_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LdOperator *self = LD_OPERATOR (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_operator_class_init (LdOperatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_operator_finalize;
  object_class->get_property = ld_operator_get_property;
  object_class->set_property = ld_operator_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the operator id");
  properties[PROP_LOGIN] = ld_model_param_spec ("login", G_TYPE_STRING, "the login");
  properties[PROP_NAME] = ld_model_param_spec ("name", G_TYPE_STRING, "the name shown to people");
  properties[PROP_ROLE] = ld_model_param_spec ("role", G_TYPE_STRING, "\"agent\", \"supervisor\" or \"admin\"");
  properties[PROP_RIGHTS] = ld_model_param_spec ("rights", G_TYPE_STRV, "the effective rights");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_operator_init (LdOperator *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_operator_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdOperator *
ld_operator_new_from_json (JsonObject  *json,
                           GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_OPERATOR, json, NULL, error);
}

/**
 * ld_operator_to_json:
 * @self: a #LdOperator
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_operator_to_json (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_operator_get_id (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_operator_get_login (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), NULL);

  return g_value_get_string (&self->values[PROP_LOGIN]);
}

const char *
ld_operator_get_name (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), NULL);

  return g_value_get_string (&self->values[PROP_NAME]);
}

const char *
ld_operator_get_role (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), NULL);

  return g_value_get_string (&self->values[PROP_ROLE]);
}

const char * const *
ld_operator_get_rights (LdOperator *self)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), NULL);

  return g_value_get_boxed (&self->values[PROP_RIGHTS]);
}

/**
 * ld_operator_has_right:
 * @self: a #LdOperator
 * @right: a right such as %LD_RIGHT_CARD_LINK
 *
 * Returns: whether the operator's effective rights contain @right
 */
gboolean
ld_operator_has_right (LdOperator *self,
                       const char *right)
{
  g_return_val_if_fail (LD_IS_OPERATOR (self), FALSE);
  g_return_val_if_fail (right != NULL, FALSE);

  return ld_rights_contains (ld_operator_get_rights (self), right);
}

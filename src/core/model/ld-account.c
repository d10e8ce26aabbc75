/* ld-account.c — LdAccount, a member's bonus account */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-account.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_BALANCE,
  PROP_BLOCKED,
  PROP_BLOCKED_REASON,
  PROP_ID,
  N_PROPS
};

struct _LdAccount
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdAccount, ld_account, G_TYPE_OBJECT)

static void
ld_account_finalize (GObject *object)
{
  LdAccount *self = (LdAccount *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_account_parent_class)->finalize (object);
}

static void
ld_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdAccount *self = LD_ACCOUNT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LdAccount *self = LD_ACCOUNT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_account_class_init (LdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_account_finalize;
  object_class->get_property = ld_account_get_property;
  object_class->set_property = ld_account_set_property;

  properties[PROP_BALANCE] = ld_model_param_spec ("balance", G_TYPE_INT64, "balance in points");
  properties[PROP_BLOCKED] = ld_model_param_spec ("blocked", G_TYPE_BOOLEAN, "whether the account is blocked");
  properties[PROP_BLOCKED_REASON] = ld_model_param_spec ("blocked-reason", G_TYPE_STRING, "why it is blocked");
  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the account id");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_account_init (LdAccount *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_account_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdAccount *
ld_account_new_from_json (JsonObject  *json,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_ACCOUNT, json, NULL, error);
}

/**
 * ld_account_to_json:
 * @self: a #LdAccount
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_account_to_json (LdAccount *self)
{
  g_return_val_if_fail (LD_IS_ACCOUNT (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_account_get_balance (LdAccount *self)
{
  g_return_val_if_fail (LD_IS_ACCOUNT (self), 0);

  return g_value_get_int64 (&self->values[PROP_BALANCE]);
}

gboolean
ld_account_get_blocked (LdAccount *self)
{
  g_return_val_if_fail (LD_IS_ACCOUNT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_BLOCKED]);
}

const char *
ld_account_get_blocked_reason (LdAccount *self)
{
  g_return_val_if_fail (LD_IS_ACCOUNT (self), NULL);

  return g_value_get_string (&self->values[PROP_BLOCKED_REASON]);
}

gint64
ld_account_get_id (LdAccount *self)
{
  g_return_val_if_fail (LD_IS_ACCOUNT (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

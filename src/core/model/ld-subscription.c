/* ld-subscription.c — LdSubscription, one cell of the mailing type × channel matrix */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-subscription.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_MAILING_TYPE,
  PROP_CHANNEL,
  PROP_ENABLED,
  N_PROPS
};

struct _LdSubscription
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdSubscription, ld_subscription, G_TYPE_OBJECT)

static void
ld_subscription_finalize (GObject *object)
{
  LdSubscription *self = (LdSubscription *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_subscription_parent_class)->finalize (object);
}

static void
ld_subscription_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdSubscription *self = LD_SUBSCRIPTION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_subscription_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdSubscription *self = LD_SUBSCRIPTION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_subscription_class_init (LdSubscriptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_subscription_finalize;
  object_class->get_property = ld_subscription_get_property;
  object_class->set_property = ld_subscription_set_property;

  properties[PROP_MAILING_TYPE] = ld_model_param_spec ("mailing-type", G_TYPE_STRING, "the mailing type");
  properties[PROP_CHANNEL] = ld_model_param_spec ("channel", G_TYPE_STRING, "the channel");
  properties[PROP_ENABLED] = ld_model_param_spec ("enabled", G_TYPE_BOOLEAN, "whether subscribed");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_subscription_init (LdSubscription *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_subscription_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdSubscription *
ld_subscription_new_from_json (JsonObject  *json,
                               GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_SUBSCRIPTION, json, NULL, error);
}

/**
 * ld_subscription_to_json:
 * @self: a #LdSubscription
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_subscription_to_json (LdSubscription *self)
{
  g_return_val_if_fail (LD_IS_SUBSCRIPTION (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

const char *
ld_subscription_get_mailing_type (LdSubscription *self)
{
  g_return_val_if_fail (LD_IS_SUBSCRIPTION (self), NULL);

  return g_value_get_string (&self->values[PROP_MAILING_TYPE]);
}

const char *
ld_subscription_get_channel (LdSubscription *self)
{
  g_return_val_if_fail (LD_IS_SUBSCRIPTION (self), NULL);

  return g_value_get_string (&self->values[PROP_CHANNEL]);
}

gboolean
ld_subscription_get_enabled (LdSubscription *self)
{
  g_return_val_if_fail (LD_IS_SUBSCRIPTION (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_ENABLED]);
}

/* ld-status.c — LdStatus, a member's level in one status system */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-status.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_SYSTEM,
  PROP_LEVEL,
  PROP_ASSIGNED_AT,
  N_PROPS
};

struct _LdStatus
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdStatus, ld_status, G_TYPE_OBJECT)

static void
ld_status_finalize (GObject *object)
{
  LdStatus *self = (LdStatus *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_status_parent_class)->finalize (object);
}

static void
ld_status_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdStatus *self = LD_STATUS (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_status_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdStatus *self = LD_STATUS (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_status_class_init (LdStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_status_finalize;
  object_class->get_property = ld_status_get_property;
  object_class->set_property = ld_status_set_property;

  properties[PROP_SYSTEM] = ld_model_param_spec ("system", G_TYPE_STRING, "the status system");
  properties[PROP_LEVEL] = ld_model_param_spec ("level", G_TYPE_STRING, "the level in that system");
  properties[PROP_ASSIGNED_AT] = ld_model_param_spec ("assigned-at", G_TYPE_STRING, "since when (RFC 3339)");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_status_init (LdStatus *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_status_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdStatus *
ld_status_new_from_json (JsonObject  *json,
                         GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_STATUS, json, NULL, error);
}

/**
 * ld_status_to_json:
 * @self: a #LdStatus
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_status_to_json (LdStatus *self)
{
  g_return_val_if_fail (LD_IS_STATUS (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

const char *
ld_status_get_system (LdStatus *self)
{
  g_return_val_if_fail (LD_IS_STATUS (self), NULL);

  return g_value_get_string (&self->values[PROP_SYSTEM]);
}

const char *
ld_status_get_level (LdStatus *self)
{
  g_return_val_if_fail (LD_IS_STATUS (self), NULL);

  return g_value_get_string (&self->values[PROP_LEVEL]);
}

const char *
ld_status_get_assigned_at (LdStatus *self)
{
  g_return_val_if_fail (LD_IS_STATUS (self), NULL);

  return g_value_get_string (&self->values[PROP_ASSIGNED_AT]);
}

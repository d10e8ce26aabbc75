/* ld-favorite-change.c — LdFavoriteChange, a row of the favorites history */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-favorite-change.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_PRODUCT_ID,
  PROP_SKU,
  PROP_NAME,
  PROP_CHANGE,
  PROP_CHANGED_AT,
  PROP_OPERATOR_ID,
  PROP_OPERATOR_LOGIN,
  N_PROPS
};

struct _LdFavoriteChange
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdFavoriteChange, ld_favorite_change, G_TYPE_OBJECT)

static void
ld_favorite_change_finalize (GObject *object)
{
  LdFavoriteChange *self = (LdFavoriteChange *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_favorite_change_parent_class)->finalize (object);
}

static void
ld_favorite_change_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdFavoriteChange *self = LD_FAVORITE_CHANGE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_favorite_change_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdFavoriteChange *self = LD_FAVORITE_CHANGE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_favorite_change_class_init (LdFavoriteChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_favorite_change_finalize;
  object_class->get_property = ld_favorite_change_get_property;
  object_class->set_property = ld_favorite_change_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the row id");
  properties[PROP_PRODUCT_ID] = ld_model_param_spec ("product-id", G_TYPE_INT64, "the product id");
  properties[PROP_SKU] = ld_model_param_spec ("sku", G_TYPE_STRING, "the SKU");
  properties[PROP_NAME] = ld_model_param_spec ("name", G_TYPE_STRING, "the product name");
  properties[PROP_CHANGE] = ld_model_param_spec ("change", G_TYPE_STRING, "\"added\" or \"removed\"");
  properties[PROP_CHANGED_AT] = ld_model_param_spec ("changed-at", G_TYPE_STRING, "when (RFC 3339)");
  properties[PROP_OPERATOR_ID] = ld_model_param_spec ("operator-id", G_TYPE_INT64, "who changed it, 0 for the member");
  properties[PROP_OPERATOR_LOGIN] = ld_model_param_spec ("operator-login", G_TYPE_STRING, "who changed it, NULL for the member");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_favorite_change_init (LdFavoriteChange *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_favorite_change_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdFavoriteChange *
ld_favorite_change_new_from_json (JsonObject  *json,
                                  GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_FAVORITE_CHANGE, json, NULL, error);
}

/**
 * ld_favorite_change_to_json:
 * @self: a #LdFavoriteChange
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_favorite_change_to_json (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_favorite_change_get_id (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

gint64
ld_favorite_change_get_product_id (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), 0);

  return g_value_get_int64 (&self->values[PROP_PRODUCT_ID]);
}

const char *
ld_favorite_change_get_sku (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return g_value_get_string (&self->values[PROP_SKU]);
}

const char *
ld_favorite_change_get_name (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return g_value_get_string (&self->values[PROP_NAME]);
}

const char *
ld_favorite_change_get_change (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return g_value_get_string (&self->values[PROP_CHANGE]);
}

const char *
ld_favorite_change_get_changed_at (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return g_value_get_string (&self->values[PROP_CHANGED_AT]);
}

gint64
ld_favorite_change_get_operator_id (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), 0);

  return g_value_get_int64 (&self->values[PROP_OPERATOR_ID]);
}

const char *
ld_favorite_change_get_operator_login (LdFavoriteChange *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE_CHANGE (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_LOGIN]);
}

/* the first name of ld_favorite_change_get_changed_at() */
const char *
ld_favorite_change_get_created_at (LdFavoriteChange *self)
{
  return ld_favorite_change_get_changed_at (self);
}

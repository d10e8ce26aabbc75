/* ld-product.c — LdProduct, a product of the catalog */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-product.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_SKU,
  PROP_NAME,
  PROP_CATEGORY,
  PROP_PRICE,
  PROP_ACTIVE,
  N_PROPS
};

struct _LdProduct
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdProduct, ld_product, G_TYPE_OBJECT)

static void
ld_product_finalize (GObject *object)
{
  LdProduct *self = (LdProduct *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_product_parent_class)->finalize (object);
}

static void
ld_product_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdProduct *self = LD_PRODUCT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_product_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LdProduct *self = LD_PRODUCT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_product_class_init (LdProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_product_finalize;
  object_class->get_property = ld_product_get_property;
  object_class->set_property = ld_product_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the product id");
  properties[PROP_SKU] = ld_model_param_spec ("sku", G_TYPE_STRING, "the SKU");
  properties[PROP_NAME] = ld_model_param_spec ("name", G_TYPE_STRING, "the name");
  properties[PROP_CATEGORY] = ld_model_param_spec ("category", G_TYPE_STRING, "the category");
  properties[PROP_PRICE] = ld_model_param_spec ("price", G_TYPE_INT64, "the price in the smallest unit");
  properties[PROP_ACTIVE] = ld_model_param_spec ("active", G_TYPE_BOOLEAN, "whether it can be a favorite now");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_product_init (LdProduct *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_product_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdProduct *
ld_product_new_from_json (JsonObject  *json,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_PRODUCT, json, NULL, error);
}

/**
 * ld_product_to_json:
 * @self: a #LdProduct
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_product_to_json (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_product_get_id (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_product_get_sku (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), NULL);

  return g_value_get_string (&self->values[PROP_SKU]);
}

const char *
ld_product_get_name (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), NULL);

  return g_value_get_string (&self->values[PROP_NAME]);
}

const char *
ld_product_get_category (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), NULL);

  return g_value_get_string (&self->values[PROP_CATEGORY]);
}

gint64
ld_product_get_price (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), 0);

  return g_value_get_int64 (&self->values[PROP_PRICE]);
}

gboolean
ld_product_get_active (LdProduct *self)
{
  g_return_val_if_fail (LD_IS_PRODUCT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_ACTIVE]);
}

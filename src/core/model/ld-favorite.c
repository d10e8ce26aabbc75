/* ld-favorite.c — LdFavorite, a favorite product of a member */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-favorite.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_PRODUCT_ID,
  PROP_SKU,
  PROP_NAME,
  PROP_ADDED_AT,
  N_PROPS
};

struct _LdFavorite
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdFavorite, ld_favorite, G_TYPE_OBJECT)

static void
ld_favorite_finalize (GObject *object)
{
  LdFavorite *self = (LdFavorite *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_favorite_parent_class)->finalize (object);
}

static void
ld_favorite_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LdFavorite *self = LD_FAVORITE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_favorite_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LdFavorite *self = LD_FAVORITE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_favorite_class_init (LdFavoriteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_favorite_finalize;
  object_class->get_property = ld_favorite_get_property;
  object_class->set_property = ld_favorite_set_property;

  properties[PROP_PRODUCT_ID] = ld_model_param_spec ("product-id", G_TYPE_INT64, "the product id");
  properties[PROP_SKU] = ld_model_param_spec ("sku", G_TYPE_STRING, "the SKU");
  properties[PROP_NAME] = ld_model_param_spec ("name", G_TYPE_STRING, "the product name");
  properties[PROP_ADDED_AT] = ld_model_param_spec ("added-at", G_TYPE_STRING, "when it was added (RFC 3339)");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_favorite_init (LdFavorite *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_favorite_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdFavorite *
ld_favorite_new_from_json (JsonObject  *json,
                           GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_FAVORITE, json, NULL, error);
}

/**
 * ld_favorite_to_json:
 * @self: a #LdFavorite
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_favorite_to_json (LdFavorite *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_favorite_get_product_id (LdFavorite *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE (self), 0);

  return g_value_get_int64 (&self->values[PROP_PRODUCT_ID]);
}

const char *
ld_favorite_get_sku (LdFavorite *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE (self), NULL);

  return g_value_get_string (&self->values[PROP_SKU]);
}

const char *
ld_favorite_get_name (LdFavorite *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE (self), NULL);

  return g_value_get_string (&self->values[PROP_NAME]);
}

const char *
ld_favorite_get_added_at (LdFavorite *self)
{
  g_return_val_if_fail (LD_IS_FAVORITE (self), NULL);

  return g_value_get_string (&self->values[PROP_ADDED_AT]);
}

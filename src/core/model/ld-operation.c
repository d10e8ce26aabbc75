/* ld-operation.c — LdOperation, a confirmed operation on a member's card */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-operation.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_PERFORMED_AT,
  PROP_CARD,
  PROP_KIND,
  PROP_AMOUNT,
  PROP_POS,
  PROP_DESCRIPTION,
  PROP_PURCHASE_ID,
  N_PROPS
};

struct _LdOperation
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdOperation, ld_operation, G_TYPE_OBJECT)

static void
ld_operation_finalize (GObject *object)
{
  LdOperation *self = (LdOperation *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_operation_parent_class)->finalize (object);
}

static void
ld_operation_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LdOperation *self = LD_OPERATION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_operation_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LdOperation *self = LD_OPERATION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_operation_class_init (LdOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_operation_finalize;
  object_class->get_property = ld_operation_get_property;
  object_class->set_property = ld_operation_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the operation id");
  properties[PROP_PERFORMED_AT] = ld_model_param_spec ("performed-at", G_TYPE_STRING, "when (RFC 3339)");
  properties[PROP_CARD] = ld_model_param_spec ("card", G_TYPE_STRING, "the card number");
  properties[PROP_KIND] = ld_model_param_spec ("kind", G_TYPE_STRING, "what kind of operation (\"accrual\", \"deduction\", …)");
  properties[PROP_AMOUNT] = ld_model_param_spec ("amount", G_TYPE_INT64, "points (negative for a deduction)");
  properties[PROP_POS] = ld_model_param_spec ("pos", G_TYPE_STRING, "the point of sale");
  properties[PROP_DESCRIPTION] = ld_model_param_spec ("description", G_TYPE_STRING, "a text for people");
  properties[PROP_PURCHASE_ID] = ld_model_param_spec ("purchase-id", G_TYPE_INT64, "the purchase, 0 if none");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_operation_init (LdOperation *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_operation_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdOperation *
ld_operation_new_from_json (JsonObject  *json,
                            GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_OPERATION, json, NULL, error);
}

/**
 * ld_operation_to_json:
 * @self: a #LdOperation
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_operation_to_json (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_operation_get_id (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_operation_get_performed_at (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return g_value_get_string (&self->values[PROP_PERFORMED_AT]);
}

const char *
ld_operation_get_card (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return g_value_get_string (&self->values[PROP_CARD]);
}

const char *
ld_operation_get_kind (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return g_value_get_string (&self->values[PROP_KIND]);
}

gint64
ld_operation_get_amount (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), 0);

  return g_value_get_int64 (&self->values[PROP_AMOUNT]);
}

const char *
ld_operation_get_pos (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return g_value_get_string (&self->values[PROP_POS]);
}

const char *
ld_operation_get_description (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), NULL);

  return g_value_get_string (&self->values[PROP_DESCRIPTION]);
}

gint64
ld_operation_get_purchase_id (LdOperation *self)
{
  g_return_val_if_fail (LD_IS_OPERATION (self), 0);

  return g_value_get_int64 (&self->values[PROP_PURCHASE_ID]);
}

/* the first name of ld_operation_get_performed_at() */
const char *
ld_operation_get_date (LdOperation *self)
{
  return ld_operation_get_performed_at (self);
}

/* the first name of ld_operation_get_card() */
const char *
ld_operation_get_card_number (LdOperation *self)
{
  return ld_operation_get_card (self);
}

/* the first name of ld_operation_get_kind() */
const char *
ld_operation_get_operation_type (LdOperation *self)
{
  return ld_operation_get_kind (self);
}

/* the first name of ld_operation_get_amount() */
gint64
ld_operation_get_points (LdOperation *self)
{
  return ld_operation_get_amount (self);
}

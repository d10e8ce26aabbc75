/* ld-purchase.c — LdPurchase, a purchase (receipt) of a member */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-purchase.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_RECEIPT,
  PROP_PURCHASED_AT,
  PROP_POS,
  PROP_PROGRAM,
  PROP_STATUS,
  PROP_CARD,
  PROP_AMOUNT,
  PROP_BONUS_ACCRUED,
  PROP_BONUS_DEDUCTED,
  PROP_MEMBER_ID,
  N_PROPS
};

struct _LdPurchase
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdPurchase, ld_purchase, G_TYPE_OBJECT)

static void
ld_purchase_finalize (GObject *object)
{
  LdPurchase *self = (LdPurchase *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_purchase_parent_class)->finalize (object);
}

static void
ld_purchase_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LdPurchase *self = LD_PURCHASE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_purchase_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LdPurchase *self = LD_PURCHASE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_purchase_class_init (LdPurchaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_purchase_finalize;
  object_class->get_property = ld_purchase_get_property;
  object_class->set_property = ld_purchase_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the purchase id");
  properties[PROP_RECEIPT] = ld_model_param_spec ("receipt", G_TYPE_STRING, "the receipt number");
  properties[PROP_PURCHASED_AT] = ld_model_param_spec ("purchased-at", G_TYPE_STRING, "when (RFC 3339)");
  properties[PROP_POS] = ld_model_param_spec ("pos", G_TYPE_STRING, "the point of sale");
  properties[PROP_PROGRAM] = ld_model_param_spec ("program", G_TYPE_STRING, "the loyalty program");
  properties[PROP_STATUS] = ld_model_param_spec ("status", G_TYPE_STRING, "\"confirmed\", \"incomplete\" or \"canceled\"");
  properties[PROP_CARD] = ld_model_param_spec ("card", G_TYPE_STRING, "the number of the card used");
  properties[PROP_AMOUNT] = ld_model_param_spec ("amount", G_TYPE_INT64, "the sum in the smallest unit");
  properties[PROP_BONUS_ACCRUED] = ld_model_param_spec ("bonus-accrued", G_TYPE_INT64, "points accrued");
  properties[PROP_BONUS_DEDUCTED] = ld_model_param_spec ("bonus-deducted", G_TYPE_INT64, "points deducted");
  properties[PROP_MEMBER_ID] = ld_model_param_spec ("member-id", G_TYPE_INT64, "the member");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_purchase_init (LdPurchase *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_purchase_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdPurchase *
ld_purchase_new_from_json (JsonObject  *json,
                           GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_PURCHASE, json, NULL, error);
}

/**
 * ld_purchase_to_json:
 * @self: a #LdPurchase
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_purchase_to_json (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_purchase_get_id (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_purchase_get_receipt (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_RECEIPT]);
}

const char *
ld_purchase_get_purchased_at (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_PURCHASED_AT]);
}

const char *
ld_purchase_get_pos (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_POS]);
}

const char *
ld_purchase_get_program (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_PROGRAM]);
}

const char *
ld_purchase_get_status (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_STATUS]);
}

const char *
ld_purchase_get_card (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), NULL);

  return g_value_get_string (&self->values[PROP_CARD]);
}

gint64
ld_purchase_get_amount (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), 0);

  return g_value_get_int64 (&self->values[PROP_AMOUNT]);
}

gint64
ld_purchase_get_bonus_accrued (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), 0);

  return g_value_get_int64 (&self->values[PROP_BONUS_ACCRUED]);
}

gint64
ld_purchase_get_bonus_deducted (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), 0);

  return g_value_get_int64 (&self->values[PROP_BONUS_DEDUCTED]);
}

gint64
ld_purchase_get_member_id (LdPurchase *self)
{
  g_return_val_if_fail (LD_IS_PURCHASE (self), 0);

  return g_value_get_int64 (&self->values[PROP_MEMBER_ID]);
}

/* the first name of ld_purchase_get_purchased_at() */
const char *
ld_purchase_get_date (LdPurchase *self)
{
  return ld_purchase_get_purchased_at (self);
}

/* the first name of ld_purchase_get_card() */
const char *
ld_purchase_get_card_number (LdPurchase *self)
{
  return ld_purchase_get_card (self);
}

/* the first name of ld_purchase_get_bonus_accrued() */
gint64
ld_purchase_get_points_accrued (LdPurchase *self)
{
  return ld_purchase_get_bonus_accrued (self);
}

/* the first name of ld_purchase_get_bonus_deducted() */
gint64
ld_purchase_get_points_deducted (LdPurchase *self)
{
  return ld_purchase_get_bonus_deducted (self);
}

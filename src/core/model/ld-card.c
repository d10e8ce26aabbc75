/* ld-card.c — LdCard, a loyalty card, physical or virtual */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-card.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_TYPE,
  PROP_CATEGORY,
  PROP_STATE,
  PROP_BALANCE,
  PROP_MAIN,
  PROP_OWNER_ID,
  PROP_BLOCKED_REASON,
  PROP_VERSION,
  PROP_ISSUED_AT,
  PROP_ACTIVATED_AT,
  PROP_REPLACED_BY,
  PROP_FIRST_PURCHASE_POS,
  PROP_OWNER,
  N_PROPS
};

struct _LdCard
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdCard, ld_card, G_TYPE_OBJECT)

static void
ld_card_finalize (GObject *object)
{
  LdCard *self = (LdCard *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_card_parent_class)->finalize (object);
}

static void
ld_card_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LdCard *self = LD_CARD (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_card_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LdCard *self = LD_CARD (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_card_class_init (LdCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_card_finalize;
  object_class->get_property = ld_card_get_property;
  object_class->set_property = ld_card_set_property;

  properties[PROP_NUMBER] = ld_model_param_spec ("number", G_TYPE_STRING, "the card number");
  properties[PROP_TYPE] = ld_model_param_spec ("type", G_TYPE_STRING, "\"physical\" or \"virtual\"");
  properties[PROP_CATEGORY] = ld_model_param_spec ("category", G_TYPE_STRING, "the card category");
  properties[PROP_STATE] = ld_model_param_spec ("state", G_TYPE_STRING, "\"issued\", \"activated\", \"blocked\", \"replaced\" or \"deleted\"");
  properties[PROP_BALANCE] = ld_model_param_spec ("balance", G_TYPE_INT64, "balance in points");
  properties[PROP_MAIN] = ld_model_param_spec ("main", G_TYPE_BOOLEAN, "whether it is the member's main card");
  properties[PROP_OWNER_ID] = ld_model_param_spec ("owner-id", G_TYPE_INT64, "the owning member id, 0 for a free card");
  properties[PROP_BLOCKED_REASON] = ld_model_param_spec ("blocked-reason", G_TYPE_STRING, "why it is blocked");
  properties[PROP_VERSION] = ld_model_param_spec ("version", G_TYPE_INT64, "the record version for If-Match");
  properties[PROP_ISSUED_AT] = ld_model_param_spec ("issued-at", G_TYPE_STRING, "when it was printed (RFC 3339)");
  properties[PROP_ACTIVATED_AT] = ld_model_param_spec ("activated-at", G_TYPE_STRING, "when it was linked to its member");
  properties[PROP_REPLACED_BY] = ld_model_param_spec ("replaced-by", G_TYPE_STRING, "the number of the card that replaced it");
  properties[PROP_FIRST_PURCHASE_POS] = ld_model_param_spec ("first-purchase-pos", G_TYPE_STRING, "where a free card was first used");
  properties[PROP_OWNER] = ld_model_param_spec ("owner", JSON_TYPE_OBJECT, "the owner {id, first_name, last_name, middle_name} (GET /cards/{number})");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_card_init (LdCard *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_card_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdCard *
ld_card_new_from_json (JsonObject  *json,
                       GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_CARD, json, NULL, error);
}

/**
 * ld_card_to_json:
 * @self: a #LdCard
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_card_to_json (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

const char *
ld_card_get_number (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_NUMBER]);
}

const char *
ld_card_get_card_type (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_TYPE]);
}

const char *
ld_card_get_category (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_CATEGORY]);
}

const char *
ld_card_get_state (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_STATE]);
}

gint64
ld_card_get_balance (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), 0);

  return g_value_get_int64 (&self->values[PROP_BALANCE]);
}

gboolean
ld_card_get_main (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_MAIN]);
}

gint64
ld_card_get_owner_id (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), 0);

  return g_value_get_int64 (&self->values[PROP_OWNER_ID]);
}

const char *
ld_card_get_blocked_reason (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_BLOCKED_REASON]);
}

gint64
ld_card_get_version (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), 0);

  return g_value_get_int64 (&self->values[PROP_VERSION]);
}

const char *
ld_card_get_issued_at (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_ISSUED_AT]);
}

const char *
ld_card_get_activated_at (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_ACTIVATED_AT]);
}

const char *
ld_card_get_replaced_by (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_REPLACED_BY]);
}

const char *
ld_card_get_first_purchase_pos (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_string (&self->values[PROP_FIRST_PURCHASE_POS]);
}

JsonObject *
ld_card_get_owner (LdCard *self)
{
  g_return_val_if_fail (LD_IS_CARD (self), NULL);

  return g_value_get_boxed (&self->values[PROP_OWNER]);
}

/* ld-outbox-item.c — LdOutboxItem, an SMS or e-mail the server sent */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-outbox-item.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_CHANNEL,
  PROP_TO,
  PROP_TEXT,
  PROP_STATUS,
  PROP_CREATED_AT,
  N_PROPS
};

struct _LdOutboxItem
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdOutboxItem, ld_outbox_item, G_TYPE_OBJECT)

static void
ld_outbox_item_finalize (GObject *object)
{
  LdOutboxItem *self = (LdOutboxItem *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_outbox_item_parent_class)->finalize (object);
}

static void
ld_outbox_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdOutboxItem *self = LD_OUTBOX_ITEM (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_outbox_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdOutboxItem *self = LD_OUTBOX_ITEM (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_outbox_item_class_init (LdOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_outbox_item_finalize;
  object_class->get_property = ld_outbox_item_get_property;
  object_class->set_property = ld_outbox_item_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the item id");
  properties[PROP_CHANNEL] = ld_model_param_spec ("channel", G_TYPE_STRING, "\"sms\" or \"email\"");
  properties[PROP_TO] = ld_model_param_spec ("to", G_TYPE_STRING, "the address");
  properties[PROP_TEXT] = ld_model_param_spec ("text", G_TYPE_STRING, "the text");
  properties[PROP_STATUS] = ld_model_param_spec ("status", G_TYPE_STRING, "delivery status");
  properties[PROP_CREATED_AT] = ld_model_param_spec ("created-at", G_TYPE_STRING, "when (RFC 3339)");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_outbox_item_init (LdOutboxItem *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_outbox_item_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdOutboxItem *
ld_outbox_item_new_from_json (JsonObject  *json,
                              GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_OUTBOX_ITEM, json, NULL, error);
}

/**
 * ld_outbox_item_to_json:
 * @self: a #LdOutboxItem
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_outbox_item_to_json (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_outbox_item_get_id (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_outbox_item_get_channel (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return g_value_get_string (&self->values[PROP_CHANNEL]);
}

const char *
ld_outbox_item_get_to (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return g_value_get_string (&self->values[PROP_TO]);
}

const char *
ld_outbox_item_get_text (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return g_value_get_string (&self->values[PROP_TEXT]);
}

const char *
ld_outbox_item_get_status (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return g_value_get_string (&self->values[PROP_STATUS]);
}

const char *
ld_outbox_item_get_created_at (LdOutboxItem *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_ITEM (self), NULL);

  return g_value_get_string (&self->values[PROP_CREATED_AT]);
}

/* ld-message.c — LdMessage, a message sent to a member */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-message.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_SENT_AT,
  PROP_CHANNEL,
  PROP_STATUS,
  PROP_ADDRESS,
  PROP_SUBJECT,
  PROP_TEXT,
  PROP_MAILING_TYPE,
  N_PROPS
};

struct _LdMessage
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdMessage, ld_message, G_TYPE_OBJECT)

static void
ld_message_finalize (GObject *object)
{
  LdMessage *self = (LdMessage *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_message_parent_class)->finalize (object);
}

static void
ld_message_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdMessage *self = LD_MESSAGE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_message_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LdMessage *self = LD_MESSAGE (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_message_class_init (LdMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_message_finalize;
  object_class->get_property = ld_message_get_property;
  object_class->set_property = ld_message_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the message id");
  properties[PROP_SENT_AT] = ld_model_param_spec ("sent-at", G_TYPE_STRING, "when (RFC 3339)");
  properties[PROP_CHANNEL] = ld_model_param_spec ("channel", G_TYPE_STRING, "\"sms\", \"email\", …");
  properties[PROP_STATUS] = ld_model_param_spec ("status", G_TYPE_STRING, "delivery status");
  properties[PROP_ADDRESS] = ld_model_param_spec ("address", G_TYPE_STRING, "where it went (phone, e-mail)");
  properties[PROP_SUBJECT] = ld_model_param_spec ("subject", G_TYPE_STRING, "the subject");
  properties[PROP_TEXT] = ld_model_param_spec ("text", G_TYPE_STRING, "the text");
  properties[PROP_MAILING_TYPE] = ld_model_param_spec ("mailing-type", G_TYPE_STRING, "the mailing type");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_message_init (LdMessage *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_message_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdMessage *
ld_message_new_from_json (JsonObject  *json,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_MESSAGE, json, NULL, error);
}

/**
 * ld_message_to_json:
 * @self: a #LdMessage
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_message_to_json (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_message_get_id (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_message_get_sent_at (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_SENT_AT]);
}

const char *
ld_message_get_channel (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_CHANNEL]);
}

const char *
ld_message_get_status (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_STATUS]);
}

const char *
ld_message_get_address (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_ADDRESS]);
}

const char *
ld_message_get_subject (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_SUBJECT]);
}

const char *
ld_message_get_text (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_TEXT]);
}

const char *
ld_message_get_mailing_type (LdMessage *self)
{
  g_return_val_if_fail (LD_IS_MESSAGE (self), NULL);

  return g_value_get_string (&self->values[PROP_MAILING_TYPE]);
}

/* the first name of ld_message_get_address() */
const char *
ld_message_get_to (LdMessage *self)
{
  return ld_message_get_address (self);
}

/* ld-call.c — LdCall, an incoming call */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-call.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_PHONE,
  PROP_STARTED_AT,
  PROP_ENDED_AT,
  PROP_MEMBER,
  PROP_TICKET_ID,
  PROP_TICKET_NUMBER,
  PROP_TICKET_STATE,
  PROP_END_REASON,
  PROP_OPERATOR_ID,
  PROP_OPERATOR_NAME,
  PROP_MEMBER_ID,
  N_PROPS
};

struct _LdCall
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdCall, ld_call, G_TYPE_OBJECT)

static void
ld_call_finalize (GObject *object)
{
  LdCall *self = (LdCall *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_call_parent_class)->finalize (object);
}

static void
ld_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LdCall *self = LD_CALL (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_call_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LdCall *self = LD_CALL (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_call_class_init (LdCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_call_finalize;
  object_class->get_property = ld_call_get_property;
  object_class->set_property = ld_call_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the call id");
  properties[PROP_PHONE] = ld_model_param_spec ("phone", G_TYPE_STRING, "the caller's phone");
  properties[PROP_STARTED_AT] = ld_model_param_spec ("started-at", G_TYPE_STRING, "when it started (RFC 3339)");
  properties[PROP_ENDED_AT] = ld_model_param_spec ("ended-at", G_TYPE_STRING, "when it ended");
  properties[PROP_MEMBER] = ld_model_param_spec ("member", LD_TYPE_MEMBER, "the member found by the phone");
  properties[PROP_TICKET_ID] = ld_model_param_spec ("ticket-id", G_TYPE_STRING, "the ticket id in the ticket system");
  properties[PROP_TICKET_NUMBER] = ld_model_param_spec ("ticket-number", G_TYPE_STRING, "the ticket number");
  properties[PROP_TICKET_STATE] = ld_model_param_spec ("ticket-state", G_TYPE_STRING, "\"pending\", \"closed\", \"failed: …\"");
  properties[PROP_END_REASON] = ld_model_param_spec ("end-reason", G_TYPE_STRING, "why the call ended");
  properties[PROP_OPERATOR_ID] = ld_model_param_spec ("operator-id", G_TYPE_INT64, "the operator who took it");
  properties[PROP_OPERATOR_NAME] = ld_model_param_spec ("operator-name", G_TYPE_STRING, "the name of the operator who took it");
  properties[PROP_MEMBER_ID] = ld_model_param_spec ("member-id", G_TYPE_INT64, "the member, 0 if none");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_call_init (LdCall *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_call_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdCall *
ld_call_new_from_json (JsonObject  *json,
                       GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_CALL, json, NULL, error);
}

/**
 * ld_call_to_json:
 * @self: a #LdCall
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_call_to_json (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_call_get_id (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_call_get_phone (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_PHONE]);
}

const char *
ld_call_get_started_at (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_STARTED_AT]);
}

const char *
ld_call_get_ended_at (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_ENDED_AT]);
}

LdMember *
ld_call_get_member (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_object (&self->values[PROP_MEMBER]);
}

const char *
ld_call_get_ticket_id (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_TICKET_ID]);
}

const char *
ld_call_get_ticket_number (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_TICKET_NUMBER]);
}

const char *
ld_call_get_ticket_state (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_TICKET_STATE]);
}

const char *
ld_call_get_end_reason (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_END_REASON]);
}

gint64
ld_call_get_operator_id (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), 0);

  return g_value_get_int64 (&self->values[PROP_OPERATOR_ID]);
}

gint64
ld_call_get_member_id (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), 0);

  return g_value_get_int64 (&self->values[PROP_MEMBER_ID]);
}

const char *
ld_call_get_operator_name (LdCall *self)
{
  g_return_val_if_fail (LD_IS_CALL (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_NAME]);
}

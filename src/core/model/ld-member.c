/* ld-member.c — LdMember, a member of the loyalty program (a search result or a full profile) */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-member.h"
#include "ld-model-json.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_MIDDLE_NAME,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_BIRTH_DATE,
  PROP_MAIN_CARD,
  PROP_STATUSES,
  PROP_BALANCE,
  PROP_BLOCKED,
  PROP_ANSWERS,
  PROP_ACCOUNT,
  PROP_CARDS,
  PROP_CONSENTS,
  PROP_MERGED_MEMBERS,
  PROP_VERSION,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_HAS_PASSWORD,
  N_PROPS
};

struct _LdMember
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdMember, ld_member, G_TYPE_OBJECT)

static void
ld_member_finalize (GObject *object)
{
  LdMember *self = (LdMember *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_member_parent_class)->finalize (object);
}

static void
ld_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdMember *self = LD_MEMBER (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_member_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdMember *self = LD_MEMBER (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_member_class_init (LdMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_member_finalize;
  object_class->get_property = ld_member_get_property;
  object_class->set_property = ld_member_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the member id");
  properties[PROP_FIRST_NAME] = ld_model_param_spec ("first-name", G_TYPE_STRING, "first name");
  properties[PROP_LAST_NAME] = ld_model_param_spec ("last-name", G_TYPE_STRING, "last name");
  properties[PROP_MIDDLE_NAME] = ld_model_param_spec ("middle-name", G_TYPE_STRING, "middle name");
  properties[PROP_PHONE] = ld_model_param_spec ("phone", G_TYPE_STRING, "phone (E.164)");
  properties[PROP_EMAIL] = ld_model_param_spec ("email", G_TYPE_STRING, "e-mail");
  properties[PROP_BIRTH_DATE] = ld_model_param_spec ("birth-date", G_TYPE_STRING, "birth date (YYYY-MM-DD)");
  properties[PROP_MAIN_CARD] = ld_model_param_spec ("main-card", LD_TYPE_CARD, "the main card");
  properties[PROP_STATUSES] =
    ld_model_param_spec_list ("statuses", "the statuses (LdStatus)", LD_TYPE_STATUS);
  properties[PROP_BALANCE] = ld_model_param_spec ("balance", G_TYPE_INT64, "balance in points");
  properties[PROP_BLOCKED] = ld_model_param_spec ("blocked", G_TYPE_BOOLEAN, "whether the account is blocked");
  properties[PROP_ANSWERS] = ld_model_param_spec ("answers", JSON_TYPE_OBJECT, "application-form answers by key");
  properties[PROP_ACCOUNT] = ld_model_param_spec ("account", LD_TYPE_ACCOUNT, "the bonus account (profile only)");
  properties[PROP_CARDS] =
    ld_model_param_spec_list ("cards", "the cards (LdCard, profile only)", LD_TYPE_CARD);
  properties[PROP_CONSENTS] = ld_model_param_spec ("consents", JSON_TYPE_OBJECT, "consents (profile only)");
  properties[PROP_MERGED_MEMBERS] =
    ld_model_param_spec_list ("merged-members", "merged members (LdMember, profile only)", LD_TYPE_MEMBER);
  properties[PROP_VERSION] = ld_model_param_spec ("version", G_TYPE_INT64, "the record version for If-Match");
  properties[PROP_CREATED_AT] = ld_model_param_spec ("created-at", G_TYPE_STRING, "when the member joined (RFC 3339)");
  properties[PROP_UPDATED_AT] = ld_model_param_spec ("updated-at", G_TYPE_STRING, "when the profile last changed");
  properties[PROP_HAS_PASSWORD] = ld_model_param_spec ("has-password", G_TYPE_BOOLEAN, "whether a Personal Account password is set");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_member_init (LdMember *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_member_new_from_json:
 * @json: a JSON object from the server
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new object, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdMember *
ld_member_new_from_json (JsonObject  *json,
                         GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_MEMBER, json, NULL, error);
}

/**
 * ld_member_to_json:
 * @self: a #LdMember
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_member_to_json (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_member_get_id (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_member_get_first_name (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_FIRST_NAME]);
}

const char *
ld_member_get_last_name (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_LAST_NAME]);
}

const char *
ld_member_get_middle_name (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_MIDDLE_NAME]);
}

const char *
ld_member_get_phone (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_PHONE]);
}

const char *
ld_member_get_email (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_EMAIL]);
}

const char *
ld_member_get_birth_date (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_BIRTH_DATE]);
}

LdCard *
ld_member_get_main_card (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_object (&self->values[PROP_MAIN_CARD]);
}

GListModel *
ld_member_get_statuses (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_object (&self->values[PROP_STATUSES]);
}

gint64
ld_member_get_balance (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), 0);

  return g_value_get_int64 (&self->values[PROP_BALANCE]);
}

gboolean
ld_member_get_blocked (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_BLOCKED]);
}

JsonObject *
ld_member_get_answers (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_boxed (&self->values[PROP_ANSWERS]);
}

LdAccount *
ld_member_get_account (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_object (&self->values[PROP_ACCOUNT]);
}

GListModel *
ld_member_get_cards (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_object (&self->values[PROP_CARDS]);
}

JsonObject *
ld_member_get_consents (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_boxed (&self->values[PROP_CONSENTS]);
}

GListModel *
ld_member_get_merged_members (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_object (&self->values[PROP_MERGED_MEMBERS]);
}

gint64
ld_member_get_version (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), 0);

  return g_value_get_int64 (&self->values[PROP_VERSION]);
}

const char *
ld_member_get_created_at (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_CREATED_AT]);
}

const char *
ld_member_get_updated_at (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), NULL);

  return g_value_get_string (&self->values[PROP_UPDATED_AT]);
}

gboolean
ld_member_get_has_password (LdMember *self)
{
  g_return_val_if_fail (LD_IS_MEMBER (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_HAS_PASSWORD]);
}

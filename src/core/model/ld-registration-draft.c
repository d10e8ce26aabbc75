/* ld-registration-draft.c — LdRegistrationDraft, a registration as the server keeps it, and
 * the order of its steps
 *
 * The draft is a domain object like the others (ld-model-json.h); the step logic reads its
 * "steps" and "step" as LdRegistrationStep values, so nothing above the core compares step
 * names. The order of the steps is the server's (ld-server-registrations.c, compute_steps):
 * the card first in card mode, the phone, the virtual card on the phone path, the e-mail
 * when required, then consent, password and the form.
 */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-json.h"
#include "ld-model-json.h"
#include "ld-registration-draft.h"

/* ---- the steps */

/* the server's names, by step; the phone link is a part of the phone step */
static const struct {
  LdRegistrationStep  step;
  const char         *name;
} step_names[] = {
  { LD_REGISTRATION_STEP_NONE, NULL },
  { LD_REGISTRATION_STEP_CARD, "card" },
  { LD_REGISTRATION_STEP_PHONE_LINK, "phone" },
  { LD_REGISTRATION_STEP_PHONE, "phone" },
  { LD_REGISTRATION_STEP_VIRTUAL_CARD, "virtual_card" },
  { LD_REGISTRATION_STEP_EMAIL, "email" },
  { LD_REGISTRATION_STEP_CONSENT, "consent" },
  { LD_REGISTRATION_STEP_PASSWORD, "password" },
  { LD_REGISTRATION_STEP_FORM, "form" },
  { LD_REGISTRATION_STEP_DONE, "done" },
  { LD_REGISTRATION_STEP_ENDED, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (step_names) == LD_REGISTRATION_N_STEPS);

G_DEFINE_ENUM_TYPE (LdRegistrationStep, ld_registration_step,
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_CARD, "card"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_PHONE_LINK, "phone-link"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_PHONE, "phone"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_VIRTUAL_CARD, "virtual-card"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_EMAIL, "email"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_CONSENT, "consent"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_PASSWORD, "password"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (LD_REGISTRATION_STEP_ENDED, "ended"))

const char *
ld_registration_step_to_string (LdRegistrationStep step)
{
  g_return_val_if_fail (step < LD_REGISTRATION_N_STEPS, NULL);

  return step_names[step].name;
}

LdRegistrationStep
ld_registration_step_from_string (const char *name)
{
  if (name == NULL)
    return LD_REGISTRATION_STEP_NONE;

  /* the phone link has the phone's name; the phone is the server's step */
  for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
    if (step_names[i].step != LD_REGISTRATION_STEP_PHONE_LINK && g_strcmp0 (step_names[i].name, name) == 0)
      return step_names[i].step;

  return LD_REGISTRATION_STEP_NONE;
}

LdRegistrationStep
ld_registration_step_server_step (LdRegistrationStep step)
{
  return step == LD_REGISTRATION_STEP_PHONE_LINK ? LD_REGISTRATION_STEP_PHONE : step;
}

gboolean
ld_registration_step_is_step (LdRegistrationStep step)
{
  return step >= LD_REGISTRATION_STEP_CARD && step <= LD_REGISTRATION_STEP_FORM;
}

static void
add_step (GArray             *steps,
          LdRegistrationStep  step)
{
  g_array_append_val (steps, step);
}

/**
 * ld_registration_steps_for_config:
 * @config: the server's configuration
 * @without_card: whether the card step of a card-mode draft went on without a card
 *
 * Returns: (transfer full) (element-type LdRegistrationStep): the steps in the server's
 *   order, the phone link not included
 */
GArray *
ld_registration_steps_for_config (LdConfig *config,
                                  gboolean  without_card)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (LdRegistrationStep));
  gboolean card_mode;

  g_return_val_if_fail (LD_IS_CONFIG (config), steps);

  card_mode = g_strcmp0 (ld_config_get_registration_mode (config), "phone") != 0;
  if (card_mode)
    add_step (steps, LD_REGISTRATION_STEP_CARD);
  add_step (steps, LD_REGISTRATION_STEP_PHONE);
  if ((!card_mode || without_card) && ld_config_get_virtual_card (config))
    add_step (steps, LD_REGISTRATION_STEP_VIRTUAL_CARD);
  if (ld_config_get_email_required (config))
    add_step (steps, LD_REGISTRATION_STEP_EMAIL);
  add_step (steps, LD_REGISTRATION_STEP_CONSENT);
  add_step (steps, LD_REGISTRATION_STEP_PASSWORD);
  add_step (steps, LD_REGISTRATION_STEP_FORM);

  return steps;
}

/* ---- the object */

enum {
  PROP_0,
  PROP_ID,
  PROP_PHONE,
  PROP_CALL_ID,
  PROP_MODE,
  PROP_STATE,
  PROP_STEP,
  PROP_STEPS,
  PROP_CARD,
  PROP_WITHOUT_CARD,
  PROP_ISSUE_VIRTUAL,
  PROP_PHONE_CONFIRMED,
  PROP_PHONE_CONFIRMATION_SKIPPED,
  PROP_CODE_SENT_AT,
  PROP_RESEND_AVAILABLE_AT,
  PROP_CODE_EXPIRES_AT,
  PROP_CODE_ATTEMPTS_LEFT,
  PROP_EMAIL,
  PROP_CONSENT,
  PROP_PASSWORD_SENT,
  PROP_ANSWERS,
  PROP_MEMBER_ID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_OPERATOR_ID,
  PROP_OPERATOR_LOGIN,
  PROP_OPERATOR_NAME,
  N_PROPS
};

struct _LdRegistrationDraft
{
  GObject parent_instance;

  /* one value per property, by PROP_ id; see ld-model-json.h */
  GValue values[N_PROPS];
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdRegistrationDraft, ld_registration_draft, G_TYPE_OBJECT)

static void
ld_registration_draft_finalize (GObject *object)
{
  LdRegistrationDraft *self = (LdRegistrationDraft *)object;

  ld_model_values_clear (self->values, N_PROPS);

  G_OBJECT_CLASS (ld_registration_draft_parent_class)->finalize (object);
}

static void
ld_registration_draft_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LdRegistrationDraft *self = LD_REGISTRATION_DRAFT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_registration_draft_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LdRegistrationDraft *self = LD_REGISTRATION_DRAFT (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    ld_model_values_set (self->values, prop_id, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ld_registration_draft_class_init (LdRegistrationDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_registration_draft_finalize;
  object_class->get_property = ld_registration_draft_get_property;
  object_class->set_property = ld_registration_draft_set_property;

  properties[PROP_ID] = ld_model_param_spec ("id", G_TYPE_INT64, "the draft id");
  properties[PROP_PHONE] = ld_model_param_spec ("phone", G_TYPE_STRING, "the phone to register (E.164)");
  properties[PROP_CALL_ID] = ld_model_param_spec ("call-id", G_TYPE_INT64, "the call it was started on, 0 for none");
  properties[PROP_MODE] = ld_model_param_spec ("mode", G_TYPE_STRING, "\"card\" or \"phone\", from the configuration when it started");
  properties[PROP_STATE] = ld_model_param_spec ("state", G_TYPE_STRING, "\"open\", \"completed\" or \"cancelled\"");
  properties[PROP_STEP] = ld_model_param_spec ("step", G_TYPE_STRING, "where it stands: a step's name, \"done\" once completed");
  properties[PROP_STEPS] = ld_model_param_spec ("steps", G_TYPE_STRV, "the steps' names in order");
  properties[PROP_CARD] = ld_model_param_spec ("card", LD_TYPE_CARD, "the physical card taken at the card step");
  properties[PROP_WITHOUT_CARD] = ld_model_param_spec ("without-card", G_TYPE_BOOLEAN, "whether the card step went on without a card");
  properties[PROP_ISSUE_VIRTUAL] = ld_model_param_spec ("issue-virtual", G_TYPE_BOOLEAN, "whether a virtual card is issued too");
  properties[PROP_PHONE_CONFIRMED] = ld_model_param_spec ("phone-confirmed", G_TYPE_BOOLEAN, "whether the code was confirmed");
  properties[PROP_PHONE_CONFIRMATION_SKIPPED] = ld_model_param_spec ("phone-confirmation-skipped", G_TYPE_BOOLEAN, "whether the confirmation was skipped");
  properties[PROP_CODE_SENT_AT] = ld_model_param_spec ("code-sent-at", G_TYPE_STRING, "when the last code went out (RFC 3339)");
  properties[PROP_RESEND_AVAILABLE_AT] = ld_model_param_spec ("resend-available-at", G_TYPE_STRING, "when another code may go");
  properties[PROP_CODE_EXPIRES_AT] = ld_model_param_spec ("code-expires-at", G_TYPE_STRING, "when the code sent stops being good");
  properties[PROP_CODE_ATTEMPTS_LEFT] =
    g_param_spec_int64 ("code-attempts-left", NULL, "wrong codes still allowed, -1 when not said", G_MININT64, G_MAXINT64, -1, (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  properties[PROP_EMAIL] = ld_model_param_spec ("email", G_TYPE_STRING, "the e-mail of the e-mail step");
  properties[PROP_CONSENT] = ld_model_param_spec ("consent", JSON_TYPE_OBJECT, "{offer, personal_data} once given");
  properties[PROP_PASSWORD_SENT] = ld_model_param_spec ("password-sent", G_TYPE_BOOLEAN, "whether the welcome SMS went out");
  properties[PROP_ANSWERS] = ld_model_param_spec ("answers", JSON_TYPE_OBJECT, "the application form's answers typed so far, by key");
  properties[PROP_MEMBER_ID] = ld_model_param_spec ("member-id", G_TYPE_INT64, "the member it made, 0 before");
  properties[PROP_CREATED_AT] = ld_model_param_spec ("created-at", G_TYPE_STRING, "when it started (RFC 3339)");
  properties[PROP_UPDATED_AT] = ld_model_param_spec ("updated-at", G_TYPE_STRING, "when it last changed");
  properties[PROP_OPERATOR_ID] = ld_model_param_spec ("operator-id", G_TYPE_INT64, "the operator who started it");
  properties[PROP_OPERATOR_LOGIN] = ld_model_param_spec ("operator-login", G_TYPE_STRING, "that operator's login");
  properties[PROP_OPERATOR_NAME] = ld_model_param_spec ("operator-name", G_TYPE_STRING, "that operator's name");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_registration_draft_init (LdRegistrationDraft *self)
{
  ld_model_values_init (self->values, properties, N_PROPS);
}

/**
 * ld_registration_draft_new_from_json:
 * @json: a draft as the server answers it
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the new draft, or %NULL with
 *   %LD_ERROR_INVALID_RESPONSE naming the member that has the wrong type
 */
LdRegistrationDraft *
ld_registration_draft_new_from_json (JsonObject  *json,
                                     GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ld_model_new_from_json (LD_TYPE_REGISTRATION_DRAFT, json, NULL, error);
}

/**
 * ld_registration_draft_to_json:
 *
 * Returns: (transfer full): every field, the unknown ones read from the server too
 */
JsonObject *
ld_registration_draft_to_json (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return ld_model_to_json (G_OBJECT (self));
}

gint64
ld_registration_draft_get_id (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  return g_value_get_int64 (&self->values[PROP_ID]);
}

const char *
ld_registration_draft_get_phone (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_PHONE]);
}

gint64
ld_registration_draft_get_call_id (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  return g_value_get_int64 (&self->values[PROP_CALL_ID]);
}

const char *
ld_registration_draft_get_mode (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_MODE]);
}

const char *
ld_registration_draft_get_state (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_STATE]);
}

LdCard *
ld_registration_draft_get_card (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_object (&self->values[PROP_CARD]);
}

gboolean
ld_registration_draft_get_without_card (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_WITHOUT_CARD]);
}

gboolean
ld_registration_draft_get_issue_virtual (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_ISSUE_VIRTUAL]);
}

gboolean
ld_registration_draft_get_phone_confirmed (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_PHONE_CONFIRMED]);
}

gboolean
ld_registration_draft_get_phone_confirmation_skipped (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_PHONE_CONFIRMATION_SKIPPED]);
}

const char *
ld_registration_draft_get_code_sent_at (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_CODE_SENT_AT]);
}

const char *
ld_registration_draft_get_resend_available_at (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_RESEND_AVAILABLE_AT]);
}

const char *
ld_registration_draft_get_code_expires_at (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_CODE_EXPIRES_AT]);
}

gint64
ld_registration_draft_get_code_attempts_left (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), -1);

  return g_value_get_int64 (&self->values[PROP_CODE_ATTEMPTS_LEFT]);
}

const char *
ld_registration_draft_get_email (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_EMAIL]);
}

JsonObject *
ld_registration_draft_get_consent (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_boxed (&self->values[PROP_CONSENT]);
}

gboolean
ld_registration_draft_get_password_sent (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_value_get_boolean (&self->values[PROP_PASSWORD_SENT]);
}

JsonObject *
ld_registration_draft_get_answers (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_boxed (&self->values[PROP_ANSWERS]);
}

gint64
ld_registration_draft_get_member_id (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  return g_value_get_int64 (&self->values[PROP_MEMBER_ID]);
}

const char *
ld_registration_draft_get_created_at (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_CREATED_AT]);
}

const char *
ld_registration_draft_get_updated_at (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_UPDATED_AT]);
}

gint64
ld_registration_draft_get_operator_id (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  return g_value_get_int64 (&self->values[PROP_OPERATOR_ID]);
}

const char *
ld_registration_draft_get_operator_login (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_LOGIN]);
}

const char *
ld_registration_draft_get_operator_name (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_string (&self->values[PROP_OPERATOR_NAME]);
}

LdRegistrationStep
ld_registration_draft_get_step (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), LD_REGISTRATION_STEP_NONE);

  return ld_registration_step_from_string (g_value_get_string (&self->values[PROP_STEP]));
}

/**
 * ld_registration_draft_get_steps:
 *
 * Returns: (transfer none) (nullable): the names of the draft's steps, as the server sent them
 */
const char * const *
ld_registration_draft_get_steps (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), NULL);

  return g_value_get_boxed (&self->values[PROP_STEPS]);
}

static gboolean
consent_given (LdRegistrationDraft *self,
               const char          *member)
{
  JsonObject *consent = ld_registration_draft_get_consent (self);
  JsonNode *node = consent ? json_object_get_member (consent, member) : NULL;

  return ld_json_node_holds (node, G_TYPE_BOOLEAN) && json_node_get_boolean (node);
}

gboolean
ld_registration_draft_get_consent_offer (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return consent_given (self, "offer");
}

gboolean
ld_registration_draft_get_consent_personal_data (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return consent_given (self, "personal_data");
}

void
ld_registration_draft_set_completed (LdRegistrationDraft *self,
                                     gint64               member_id)
{
  g_return_if_fail (LD_IS_REGISTRATION_DRAFT (self));

  g_object_set (self,
                "state", "completed",
                "step", ld_registration_step_to_string (LD_REGISTRATION_STEP_DONE),
                "member-id", member_id,
                NULL);
}

/* ---- the draft's path */

gboolean
ld_registration_draft_is_open (LdRegistrationDraft *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  return g_strcmp0 (ld_registration_draft_get_state (self), "open") == 0;
}

gboolean
ld_registration_draft_is_phone_path (LdRegistrationDraft *self)
{
  const char * const *steps;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  steps = ld_registration_draft_get_steps (self);
  return (steps != NULL && steps[0] != NULL &&
          ld_registration_step_from_string (steps[0]) == LD_REGISTRATION_STEP_PHONE) ||
         ld_registration_draft_get_without_card (self);
}

guint
ld_registration_draft_get_n_steps (LdRegistrationDraft *self)
{
  const char * const *steps;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  steps = ld_registration_draft_get_steps (self);
  return steps != NULL ? g_strv_length ((char **) steps) : 0;
}

guint
ld_registration_draft_get_step_index (LdRegistrationDraft *self,
                                      LdRegistrationStep   step)
{
  const char * const *steps;
  LdRegistrationStep server_step = ld_registration_step_server_step (step);
  guint i;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), 0);

  steps = ld_registration_draft_get_steps (self);
  for (i = 0; steps != NULL && steps[i] != NULL; i++)
    if (ld_registration_step_is_step (server_step) &&
        ld_registration_step_from_string (steps[i]) == server_step)
      return i;

  return ld_registration_draft_get_n_steps (self);
}

/* the path: the server's steps that this version knows, the phone link before the phone
 * on the phone path (transfer full) */
static GArray *
ld_registration_draft_path (LdRegistrationDraft *self)
{
  const char * const *steps = ld_registration_draft_get_steps (self);
  GArray *path = g_array_new (FALSE, FALSE, sizeof (LdRegistrationStep));
  gboolean phone_path = ld_registration_draft_is_phone_path (self);

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      LdRegistrationStep step = ld_registration_step_from_string (steps[i]);

      if (!ld_registration_step_is_step (step))
        continue;
      if (step == LD_REGISTRATION_STEP_PHONE && phone_path)
        add_step (path, LD_REGISTRATION_STEP_PHONE_LINK);
      add_step (path, step);
    }

  return path;
}

gboolean
ld_registration_draft_has_step (LdRegistrationDraft *self,
                                LdRegistrationStep   step)
{
  g_autoptr(GArray) path = NULL;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  path = ld_registration_draft_path (self);
  for (guint i = 0; i < path->len; i++)
    if (g_array_index (path, LdRegistrationStep, i) == step)
      return TRUE;

  return FALSE;
}

LdRegistrationStep
ld_registration_draft_get_neighbour (LdRegistrationDraft *self,
                                     LdRegistrationStep   step,
                                     int                  direction)
{
  g_autoptr(GArray) path = NULL;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), LD_REGISTRATION_STEP_NONE);

  path = ld_registration_draft_path (self);
  for (guint i = 0; i < path->len; i++)
    {
      if (g_array_index (path, LdRegistrationStep, i) != step)
        continue;
      if (direction < 0)
        return i > 0 ? g_array_index (path, LdRegistrationStep, i - 1) : LD_REGISTRATION_STEP_NONE;
      return i + 1 < path->len ? g_array_index (path, LdRegistrationStep, i + 1) : LD_REGISTRATION_STEP_NONE;
    }

  return LD_REGISTRATION_STEP_NONE;
}

gboolean
ld_registration_draft_is_saved (LdRegistrationDraft *self,
                                LdRegistrationStep   step)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), FALSE);

  if (!ld_registration_step_is_step (step))
    return FALSE;

  if (!ld_registration_draft_is_open (self))
    return TRUE;

  return ld_registration_draft_get_step_index (self, step) <
         ld_registration_draft_get_step_index (self, ld_registration_draft_get_step (self));
}

LdRegistrationStep
ld_registration_draft_get_resume_step (LdRegistrationDraft *self)
{
  const char *state;
  LdRegistrationStep step;

  g_return_val_if_fail (LD_IS_REGISTRATION_DRAFT (self), LD_REGISTRATION_STEP_NONE);

  state = ld_registration_draft_get_state (self);
  step = ld_registration_draft_get_step (self);

  if (g_strcmp0 (state, "cancelled") == 0)
    return LD_REGISTRATION_STEP_ENDED;
  if (g_strcmp0 (state, "completed") == 0 || step == LD_REGISTRATION_STEP_DONE)
    return LD_REGISTRATION_STEP_DONE;

  /* nothing of the phone step happened yet: the phone path opens with the link */
  if (step == LD_REGISTRATION_STEP_PHONE && ld_registration_draft_is_phone_path (self) &&
      ld_registration_draft_get_code_sent_at (self) == NULL &&
      !ld_registration_draft_get_phone_confirmed (self) &&
      !ld_registration_draft_get_phone_confirmation_skipped (self))
    return LD_REGISTRATION_STEP_PHONE_LINK;

  return step;
}

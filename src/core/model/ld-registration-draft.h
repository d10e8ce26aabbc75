/* ld-registration-draft.h — LdRegistrationDraft, a registration as the server keeps it, and
 * the order of its steps
 *
 * The draft is what POST /registrations and each of its steps answer: {id, phone, state,
 * step, steps, card, …what was entered}. Its "steps" were taken from the configuration
 * when it started (and again when the card step was passed without a card); the step
 * logic below reads them as LdRegistrationStep values: the path a wizard walks, each
 * step's neighbours, which steps the server has already taken (shown read-only), and the
 * step a draft opened again resumes at.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-card.h"
#include "ld-config.h"

G_BEGIN_DECLS

/**
 * LdRegistrationStep:
 * @LD_REGISTRATION_STEP_NONE: no step (an unknown name, or a page that is not a step)
 * @LD_REGISTRATION_STEP_CARD: the physical card
 * @LD_REGISTRATION_STEP_PHONE_LINK: the phone path's "the number will be linked" screen;
 *   a part of the phone step that sends nothing
 * @LD_REGISTRATION_STEP_PHONE: the phone's confirmation by a code (or its skip)
 * @LD_REGISTRATION_STEP_VIRTUAL_CARD: whether a virtual card is issued (phone path)
 * @LD_REGISTRATION_STEP_EMAIL: the e-mail address
 * @LD_REGISTRATION_STEP_CONSENT: the formal offer and personal-data processing
 * @LD_REGISTRATION_STEP_PASSWORD: the Personal Account password (the welcome SMS)
 * @LD_REGISTRATION_STEP_FORM: the application form; completes the registration
 * @LD_REGISTRATION_STEP_DONE: completed, the member exists
 * @LD_REGISTRATION_STEP_ENDED: cancelled, nothing was created
 */
typedef enum
{
  LD_REGISTRATION_STEP_NONE,
  LD_REGISTRATION_STEP_CARD,
  LD_REGISTRATION_STEP_PHONE_LINK,
  LD_REGISTRATION_STEP_PHONE,
  LD_REGISTRATION_STEP_VIRTUAL_CARD,
  LD_REGISTRATION_STEP_EMAIL,
  LD_REGISTRATION_STEP_CONSENT,
  LD_REGISTRATION_STEP_PASSWORD,
  LD_REGISTRATION_STEP_FORM,
  LD_REGISTRATION_STEP_DONE,
  LD_REGISTRATION_STEP_ENDED,
} LdRegistrationStep;

#define LD_REGISTRATION_N_STEPS (LD_REGISTRATION_STEP_ENDED + 1)

#define LD_TYPE_REGISTRATION_STEP (ld_registration_step_get_type ())
GType               ld_registration_step_get_type    (void) G_GNUC_CONST;

/* the server's name of @step ("card", "phone", "virtual_card", …, "done"); the phone
 * link's is "phone"; NONE and ENDED have none (NULL) */
const char         *ld_registration_step_to_string   (LdRegistrationStep  step);
/* a server's step name → the step; NONE for an unknown name */
LdRegistrationStep  ld_registration_step_from_string (const char         *name);
/* the step of the server @step belongs to: PHONE for PHONE_LINK, else @step */
LdRegistrationStep  ld_registration_step_server_step (LdRegistrationStep  step);
/* whether @step is one a draft walks through (CARD … FORM, the phone link too) */
gboolean            ld_registration_step_is_step     (LdRegistrationStep  step);

/* the steps the server gives a draft started under @config (mode, virtual_card,
 * email_required), or one whose card step went on without a card: a GArray of
 * LdRegistrationStep, the phone link not included (transfer full) */
GArray             *ld_registration_steps_for_config (LdConfig           *config,
                                                      gboolean            without_card);

#define LD_TYPE_REGISTRATION_DRAFT (ld_registration_draft_get_type ())

G_DECLARE_FINAL_TYPE (LdRegistrationDraft, ld_registration_draft, LD, REGISTRATION_DRAFT, GObject)

/* a new draft from the server's JSON (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE
 * naming the member of the wrong type; unknown members are kept for _to_json() */
LdRegistrationDraft *ld_registration_draft_new_from_json (JsonObject  *json,
                                                          GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject          *ld_registration_draft_to_json       (LdRegistrationDraft *self);

/* getters; strings, objects are (transfer none), owned by @self */
gint64              ld_registration_draft_get_id                   (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_phone                (LdRegistrationDraft *self);
gint64              ld_registration_draft_get_call_id              (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_mode                 (LdRegistrationDraft *self);
/* "open", "completed" or "cancelled" */
const char         *ld_registration_draft_get_state                (LdRegistrationDraft *self);
/* where the server stands: a step, DONE once completed, NONE for a name this version
 * does not know */
LdRegistrationStep  ld_registration_draft_get_step                 (LdRegistrationDraft *self);
const char * const *ld_registration_draft_get_steps                (LdRegistrationDraft *self);
LdCard             *ld_registration_draft_get_card                 (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_without_card         (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_issue_virtual        (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_phone_confirmed      (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_phone_confirmation_skipped (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_code_sent_at         (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_resend_available_at  (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_code_expires_at      (LdRegistrationDraft *self);
/* the wrong codes still allowed; -1 when the draft does not say */
gint64              ld_registration_draft_get_code_attempts_left   (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_email                (LdRegistrationDraft *self);
JsonObject         *ld_registration_draft_get_consent              (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_consent_offer        (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_consent_personal_data (LdRegistrationDraft *self);
gboolean            ld_registration_draft_get_password_sent        (LdRegistrationDraft *self);
JsonObject         *ld_registration_draft_get_answers              (LdRegistrationDraft *self);
gint64              ld_registration_draft_get_member_id            (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_created_at           (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_updated_at           (LdRegistrationDraft *self);
gint64              ld_registration_draft_get_operator_id          (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_operator_login       (LdRegistrationDraft *self);
const char         *ld_registration_draft_get_operator_name        (LdRegistrationDraft *self);

/* the member exists: the draft is completed with @member_id (the answer of complete is
 * the member, not the draft) */
void                ld_registration_draft_set_completed            (LdRegistrationDraft *self,
                                                                    gint64               member_id);

/* ---- the steps */

gboolean            ld_registration_draft_is_open          (LdRegistrationDraft *self);
/* the phone path: mode phone, or a card step passed without a card; it opens with the
 * phone link */
gboolean            ld_registration_draft_is_phone_path    (LdRegistrationDraft *self);
/* the number of the draft's server steps (the phone link not counted) */
guint               ld_registration_draft_get_n_steps      (LdRegistrationDraft *self);
/* @step's position among the server steps (the phone link's is the phone's); n_steps
 * for DONE and the steps the draft does not have */
guint               ld_registration_draft_get_step_index   (LdRegistrationDraft *self,
                                                            LdRegistrationStep   step);
/* whether @step is on the draft's path (the phone link on the phone path only) */
gboolean            ld_registration_draft_has_step         (LdRegistrationDraft *self,
                                                            LdRegistrationStep   step);
/* the step before (@direction < 0) or after @step on the path; NONE at either end or
 * when @step is not on it */
LdRegistrationStep  ld_registration_draft_get_neighbour    (LdRegistrationDraft *self,
                                                            LdRegistrationStep   step,
                                                            int                  direction);
/* whether the server has taken @step: every step of a closed draft, the steps before
 * the current one of an open draft */
gboolean            ld_registration_draft_is_saved         (LdRegistrationDraft *self,
                                                            LdRegistrationStep   step);
/* the step a wizard opened on this draft shows: ENDED for a cancelled draft, DONE for a
 * completed one, the phone link while nothing of the phone step happened on the phone
 * path, else the server's step */
LdRegistrationStep  ld_registration_draft_get_resume_step  (LdRegistrationDraft *self);

G_END_DECLS

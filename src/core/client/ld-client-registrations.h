/* ld-client-registrations.h — registration drafts (POST /registrations and its steps)
 *
 * A draft lives on the server, so a wizard can resume it; every call but complete answers
 * the draft, {id, phone, state, step, steps, …what was entered}, as an LdRegistrationDraft
 * (transfer full). The steps' refusals are LdError values:
 * LD_ERROR_WRONG_STEP, LD_ERROR_DRAFT_CLOSED, LD_ERROR_CARD_NOT_FOUND,
 * LD_ERROR_CARD_NOT_AVAILABLE, LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER,
 * LD_ERROR_CONTINUE_WITHOUT_CARD_DISABLED, LD_ERROR_INVALID_CODE, LD_ERROR_CODE_EXPIRED,
 * LD_ERROR_TOO_MANY_ATTEMPTS, LD_ERROR_PHONE_ALREADY_REGISTERED, LD_ERROR_INVALID_FIELD
 * (ld_client_result_get_error_field() names the field).
 *
 * @idempotency_key of every write: see ld-client.h.
 */
#pragma once

#include "ld-client.h"
#include "ld-registration-draft.h"

G_BEGIN_DECLS

/* POST /registrations/{id}/card: the physical-card step {number, issue_virtual}: @number
 * (nullable) the card, NULL to go on without one; @issue_virtual whether a virtual card
 * is issued too → the draft */
void        ld_client_registration_card_async (LdClient            *self,
                                               gint64               draft_id,
                                               const char          *number,
                                               gboolean             issue_virtual,
                                               const char          *idempotency_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
LdRegistrationDraft *ld_client_registration_card_finish (LdClient            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* POST /registrations/{id}/virtual-card: the virtual-card step {issue_virtual} → the
 * draft */
void        ld_client_registration_virtual_card_async (LdClient            *self,
                                                       gint64               draft_id,
                                                       gboolean             issue_virtual,
                                                       const char          *idempotency_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
LdRegistrationDraft *ld_client_registration_virtual_card_finish (LdClient            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* POST /registrations/{id}/phone/send-code: sends the verification code to the draft's
 * phone → the draft */
void        ld_client_registration_send_code_async (LdClient            *self,
                                                    gint64               draft_id,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
LdRegistrationDraft *ld_client_registration_send_code_finish (LdClient            *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* POST /registrations/{id}/phone/confirm: the code the caller read out {code};
 * LD_ERROR_INVALID_CODE, LD_ERROR_CODE_EXPIRED, LD_ERROR_TOO_MANY_ATTEMPTS → the draft */
void        ld_client_registration_confirm_phone_async (LdClient            *self,
                                                        gint64               draft_id,
                                                        const char          *code,
                                                        const char          *idempotency_key,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
LdRegistrationDraft *ld_client_registration_confirm_phone_finish (LdClient            *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* POST /registrations/{id}/phone/skip: goes on without confirming the phone (needs
 * member.register_skip_phone_confirmation) → the draft */
void        ld_client_registration_skip_phone_async (LdClient            *self,
                                                     gint64               draft_id,
                                                     const char          *idempotency_key,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LdRegistrationDraft *ld_client_registration_skip_phone_finish (LdClient            *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* POST /registrations/{id}/email: the e-mail step {email} → the draft */
void        ld_client_registration_email_async (LdClient            *self,
                                                gint64               draft_id,
                                                const char          *email,
                                                const char          *idempotency_key,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
LdRegistrationDraft *ld_client_registration_email_finish (LdClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* POST /registrations/{id}/consent: the consent step {offer, personal_data}; a refusal
 * (either FALSE) ends the registration → the draft */
void        ld_client_registration_consent_async (LdClient            *self,
                                                  gint64               draft_id,
                                                  gboolean             offer,
                                                  gboolean             personal_data,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LdRegistrationDraft *ld_client_registration_consent_finish (LdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /registrations/{id}/password: the password step: the server makes the Personal
 * Account password and sends it → the draft */
void        ld_client_registration_password_async (LdClient            *self,
                                                   gint64               draft_id,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LdRegistrationDraft *ld_client_registration_password_finish (LdClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* POST /registrations {phone, call_id}: @call_id 0 for none (needs
 * member.register_without_call); for a phone with an open draft the server answers that
 * draft → the draft; LD_ERROR_PHONE_ALREADY_REGISTERED when the phone is a member's */
void        ld_client_start_registration_async (LdClient            *self,
                                                const char          *phone,
                                                gint64               call_id,
                                                const char          *idempotency_key,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
LdRegistrationDraft *ld_client_start_registration_finish (LdClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* GET /registrations/{id} → the draft */
void        ld_client_get_registration_async (LdClient            *self,
                                              gint64               draft_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LdRegistrationDraft *ld_client_get_registration_finish (LdClient            *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* GET /registrations?phone=: the open drafts, newest first; @phone (nullable) only this
 * number's → LdPage of LdRegistrationDraft */
void        ld_client_list_registrations_async (LdClient            *self,
                                                const char          *phone,
                                                const char          *cursor,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
LdPage     *ld_client_list_registrations_finish (LdClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* DELETE /registrations/{id} {reason}: @reason (nullable) a short key, the server says
 * "operator" without one → the cancelled draft */
void        ld_client_cancel_registration_async (LdClient            *self,
                                                 gint64               draft_id,
                                                 const char          *reason,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
LdRegistrationDraft *ld_client_cancel_registration_finish (LdClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* POST /registrations/{id}/complete {answers}: @answers the application form, key →
 * value → LdMember (transfer full), the new member */
void        ld_client_complete_registration_async (LdClient            *self,
                                                   gint64               draft_id,
                                                   JsonObject          *answers,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LdMember   *ld_client_complete_registration_finish (LdClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS

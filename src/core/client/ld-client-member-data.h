/* ld-client-member-data.h — the member's own data: answers of the application form, the
 * identification of a caller, the contacts and a new Personal Account password */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* PATCH /members/{id} {answers} (member.edit): @answers the changed answers by the form's
 * key (a null member clears one); @version (0: none) the member's version the caller
 * read, sent as If-Match; @idempotency_key: see ld-client.h → LdMember (transfer full),
 * the profile after the change. LD_ERROR_VERSION_CONFLICT when someone changed the member
 * meanwhile: ld_client_result_get_error_details() of the result then has
 * {"current":{"answers":{…},"version":N}}, what is saved now. LD_ERROR_INVALID_FIELD
 * names "answers.<key>" in ld_client_result_get_error_field(). */
void        ld_client_update_member_answers_async  (LdClient            *self,
                                                    gint64               member_id,
                                                    gint64               version,
                                                    JsonObject          *answers,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
LdMember   *ld_client_update_member_answers_finish (LdClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* POST /members/{id}/identify (member.change_contacts): by the Personal Account @password
 * the caller says, or by personal data when @password is NULL (needs
 * member.identify_without_password) → JsonObject (transfer full)
 * {identification_token, expires_at, member_id, method}: the token is good for this
 * member and this operator for a few minutes. LD_ERROR_WRONG_PASSWORD;
 * LD_ERROR_TOO_MANY_ATTEMPTS after five wrong ones in a row (15 minutes). */
void        ld_client_identify_member_async  (LdClient            *self,
                                              gint64               member_id,
                                              const char          *password,
                                              const char          *idempotency_key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonObject *ld_client_identify_member_finish (LdClient            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* PUT /members/{id}/email {email, identification_token} (member.change_contacts) →
 * LdMember (transfer full); LD_ERROR_IDENTIFICATION_REQUIRED without a live token */
void        ld_client_change_member_email_async  (LdClient            *self,
                                                  gint64               member_id,
                                                  const char          *email,
                                                  const char          *identification_token,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LdMember   *ld_client_change_member_email_finish (LdClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* POST /members/{id}/phone/send-code {phone} (member.change_contacts): a code by SMS to
 * the new @phone → JsonObject (transfer full) {phone, code_sent_at, code_expires_at,
 * resend_at, code_attempts_left}; LD_ERROR_PHONE_ALREADY_REGISTERED,
 * LD_ERROR_TOO_MANY_ATTEMPTS (too soon: a new code every 30 seconds) */
void        ld_client_send_phone_code_async  (LdClient            *self,
                                              gint64               member_id,
                                              const char          *phone,
                                              const char          *idempotency_key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonObject *ld_client_send_phone_code_finish (LdClient            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* PUT /members/{id}/phone {phone, code, identification_token} (member.change_contacts)
 * → LdMember (transfer full); LD_ERROR_IDENTIFICATION_REQUIRED, LD_ERROR_INVALID_CODE,
 * LD_ERROR_CODE_EXPIRED, LD_ERROR_PHONE_ALREADY_REGISTERED, LD_ERROR_TOO_MANY_ATTEMPTS */
void        ld_client_change_member_phone_async  (LdClient            *self,
                                                  gint64               member_id,
                                                  const char          *phone,
                                                  const char          *code,
                                                  const char          *identification_token,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LdMember   *ld_client_change_member_phone_finish (LdClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* POST /members/{id}/send-password {channel} (member.send_password): @channel "sms" or
 * "email" → JsonObject (transfer full) {channel, to, sent_at}. A retry with the same
 * @idempotency_key sends no second message. */
void        ld_client_send_member_password_async  (LdClient            *self,
                                                   gint64               member_id,
                                                   const char          *channel,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject *ld_client_send_member_password_finish (LdClient            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS

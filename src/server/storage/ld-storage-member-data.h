/* ld-storage-member-data.h — the member's own data: the application form's answers, the
 * identification of a caller, the contacts and the Personal Account password
 * (ld-storage-member-data.c, schema migration 8)
 *
 * Each write is one transaction with its action-history entry. Identification tokens,
 * the phone-change codes and the password lock-out live in the database (several server
 * instances share one); a token and a code are kept only as hashes.
 */
#pragma once

#include "ld-storage.h"

G_BEGIN_DECLS

/* PATCH /members/{id}: @answers (clean, checked against the form; a null value clears
 * one) replace those stored; the names, birth date and e-mail in their own columns (the
 * search's), the rest in the answers document. @expected_version 0: any. Values equal to
 * the stored ones change nothing (no new version, no entry); otherwise version + 1 and
 * the action "member.edit" (target: the keys changed). → the profile of
 * ld_storage_get_member(); NOT_FOUND, VERSION_CONFLICT. */
JsonObject *ld_storage_update_member_answers (LdStorage   *self,
                                              gint64       member_id,
                                              gint64       expected_version,
                                              JsonObject  *answers,
                                              gint64       operator_id,
                                              GError     **error);

/* the member's Personal Account password hash (NULL when none was made) and the end of
 * its lock-out (unix seconds, 0: not locked); NOT_FOUND */
gboolean    ld_storage_get_member_password   (LdStorage   *self,
                                              gint64       member_id,
                                              char       **password_hash,
                                              gint64      *locked_until,
                                              GError     **error);
/* a wrong password: failures += 1; at @lock_after the member is locked until @lock_until
 * and the count restarts; *@locked says whether this failure locked it */
gboolean    ld_storage_record_member_password_failure (LdStorage  *self,
                                                       gint64      member_id,
                                                       guint       lock_after,
                                                       gint64      lock_until,
                                                       gboolean   *locked,
                                                       GError    **error);

/* an identification of the member @member_id by @operator_id (@method "password" or
 * "personal_data"), good until @expires_at (unix seconds) for that member and operator:
 * only @token_hash is kept; the password failures are forgotten, expired tokens removed,
 * the action "member.identify" (target: the method) written */
gboolean    ld_storage_add_identification    (LdStorage   *self,
                                              gint64       member_id,
                                              gint64       operator_id,
                                              const char  *method,
                                              const char  *token_hash,
                                              gint64       expires_at,
                                              GError     **error);

/* why a contact change was refused (the GError says it too) */
typedef enum
{
  LD_CONTACT_OK,
  LD_CONTACT_NOT_IDENTIFIED,   /* IDENTIFICATION_REQUIRED: no live token of this member and operator */
  LD_CONTACT_PHONE_TAKEN,      /* PHONE_ALREADY_REGISTERED: another member has the phone */
  LD_CONTACT_UNCHANGED,        /* INVALID_FIELD: the member has this contact already */
  LD_CONTACT_RESEND_TOO_SOON,  /* TOO_MANY_ATTEMPTS: see retry_after */
  LD_CONTACT_NO_CODE,          /* INVALID_CODE: no code was sent to this phone */
  LD_CONTACT_CODE_EXPIRED,     /* CODE_EXPIRED: see expired_at */
  LD_CONTACT_CODE_WRONG,       /* INVALID_CODE: see attempts_left */
  LD_CONTACT_NO_ATTEMPTS,      /* TOO_MANY_ATTEMPTS: a new code is needed */
  LD_CONTACT_NO_ADDRESS,       /* INVALID_FIELD: the member has no phone (or e-mail) to send to */
} LdContactRefusal;

typedef struct
{
  LdContactRefusal refusal;
  gint64           attempts_left;  /* CODE_WRONG */
  gint64           retry_after;    /* RESEND_TOO_SOON, NO_ATTEMPTS: seconds */
  gint64           expired_at;     /* CODE_EXPIRED: unix seconds */
} LdContactOutcome;

/* PUT /members/{id}/email: @email (normalised) becomes the member's, when @token_hash is a
 * live identification of the member by @operator_id at @now; version + 1, the action
 * "member.change_email" → the profile */
JsonObject *ld_storage_change_member_email   (LdStorage         *self,
                                              gint64             member_id,
                                              const char        *email,
                                              const char        *token_hash,
                                              gint64             operator_id,
                                              gint64             now,
                                              LdContactOutcome  *outcome,
                                              GError           **error);

/* POST /members/{id}/phone/send-code: keeps @code_hash for @phone (normalised, nobody's,
 * not the member's own) with @attempts tries, and @sms_text to @phone in the outbox, unless
 * a code went out less than @resend_seconds before @now; the action "member.phone_code" */
gboolean    ld_storage_add_phone_code        (LdStorage         *self,
                                              gint64             member_id,
                                              const char        *phone,
                                              const char        *code_hash,
                                              const char        *sms_text,
                                              gint64             attempts,
                                              gint64             resend_seconds,
                                              gint64             operator_id,
                                              gint64             now,
                                              LdContactOutcome  *outcome,
                                              GError           **error);

/* PUT /members/{id}/phone: with a live identification (@token_hash) and the code sent to
 * @phone (its hash @code_hash, sent less than @lifetime seconds before @now), the phone
 * becomes the member's; a wrong code costs an attempt (kept even though the change is
 * refused); version + 1, the action "member.change_phone" → the profile */
JsonObject *ld_storage_change_member_phone   (LdStorage         *self,
                                              gint64             member_id,
                                              const char        *phone,
                                              const char        *code_hash,
                                              const char        *token_hash,
                                              gint64             lifetime,
                                              gint64             operator_id,
                                              gint64             now,
                                              LdContactOutcome  *outcome,
                                              GError           **error);

/* POST /members/{id}/send-password: @password_hash becomes the member's password (its
 * failures forgotten), @text goes to the member's phone (@channel "sms") or e-mail
 * ("email") through the outbox, @masked_text into the member's messages, the action
 * "member.send_password" (target: the channel) → {channel, to, sent_at}; NO_ADDRESS when
 * the member has no such contact */
JsonObject *ld_storage_send_member_password  (LdStorage         *self,
                                              gint64             member_id,
                                              const char        *channel,
                                              const char        *password_hash,
                                              const char        *text,
                                              const char        *masked_text,
                                              gint64             operator_id,
                                              LdContactOutcome  *outcome,
                                              GError           **error);

G_END_DECLS

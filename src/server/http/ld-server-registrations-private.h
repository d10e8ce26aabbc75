/* ld-server-registrations-private.h — what the registration handlers share: the draft
 *
 * ld-server-registrations.c holds the drafts and their early steps,
 * ld-server-registrations-complete.c the password and completion; both load, advance and
 * answer a draft the same way.
 */
#pragma once

#include "ld-server-private.h"

G_BEGIN_DECLS

/* ---- confirmation codes, for a member's phone change too */

#define LD_CODE_SIZE 8

/* a new code of six digits in @code (the caller wipes it) and the SMS that carries it
 * → (transfer full; wiped by the caller too) */
char                 *ld_server_new_code                  (char                  code[LD_CODE_SIZE]);
/* the code the customer read out (the body's "code", trimmed) → (transfer full), or NULL
 * after answering 400 or 422 */
char                 *ld_server_get_body_code             (LdRequest            *request);
/* 429 too_many_attempts, details.retry_after and the Retry-After header (at least 1) */
void                  ld_server_respond_retry_after       (LdRequest            *request,
                                                           gint64                retry_after,
                                                           const char           *field,
                                                           const char           *message);
/* a code asked for again before @retry_after seconds passed (429), one expired at
 * @expired_at (unix seconds; 422 code_expired), a wrong one (422 invalid_code) */
void                  ld_server_respond_code_too_soon     (LdRequest            *request,
                                                           gint64                retry_after);
void                  ld_server_respond_code_expired      (LdRequest            *request,
                                                           gint64                expired_at);
void                  ld_server_respond_code_wrong        (LdRequest            *request,
                                                           gint64                attempts_left);

/* how long a verification code is good for, in seconds, by the configuration */
gint64                ld_registration_code_lifetime       (LdServer             *self);
/* the draft as the contract shows it → (transfer full) */
JsonObject           *ld_registration_draft_to_json       (LdServer             *self,
                                                           LdRegistrationRecord *record,
                                                           gint64                lifetime);
/* the draft of the request's {id}, open and (when @step is not NULL) at @step or past it;
 * otherwise answers the request itself and returns NULL → (transfer full) */
LdRegistrationRecord *ld_registration_load_draft          (LdServer             *self,
                                                           LdRequest            *request,
                                                           const char           *step);
/* moves @record to the step after @done (a phone already confirmed is not asked again) */
void                  ld_registration_advance             (LdRegistrationRecord *record,
                                                           const char           *done);
/* @done is done: the draft moves on, is saved and answered */
void                  ld_registration_advance_and_respond (LdServer             *self,
                                                           LdRequest            *request,
                                                           LdRegistrationRecord *record,
                                                           const char           *done);
/* a failed write: 409 version_conflict when someone changed the draft meanwhile */
void                  ld_registration_respond_write_error (LdRequest            *request,
                                                           const GError         *error);

G_END_DECLS

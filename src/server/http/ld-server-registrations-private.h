/* ld-server-registrations-private.h — what the registration handlers share: the draft
 *
 * ld-server-registrations.c holds the drafts and their early steps,
 * ld-server-registrations-complete.c the password and completion; both load, advance and
 * answer a draft the same way.
 */
#pragma once

#include "ld-server-private.h"

G_BEGIN_DECLS

/* {"field": @field} (nullable: {}) for an error's details → (transfer full) */
JsonObject           *ld_registration_details_new         (const char           *field);
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

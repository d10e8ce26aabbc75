/* ld-registration-pages.h — one widget per page of a registration step
 *
 * Each implements LdRegistrationStepPage; what the wizard tells a page beyond the
 * interface (the configuration, a card found, a code sent) is declared here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-registration-step-page.h"

G_BEGIN_DECLS

/* the physical card: search, the card's block, a card linked elsewhere, the virtual card
 * beside it, "continue by phone without a card" */
#define LD_TYPE_REGISTRATION_CARD_PAGE (ld_registration_card_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationCardPage, ld_registration_card_page, LD, REGISTRATION_CARD_PAGE, AdwBin)

void        ld_registration_card_page_set_config      (LdRegistrationCardPage *self,
                                                       LdConfig               *config);
/* whether "continue by phone without a card" is offered (by the configuration) */
gboolean    ld_registration_card_page_get_without_card_offered (LdRegistrationCardPage *self);
/* the free card the search found */
void        ld_registration_card_page_show_found      (LdRegistrationCardPage *self,
                                                       LdCard                 *card);
/* @number belongs to another member (@owner_id, 0 while not known): the stop, and why */
void        ld_registration_card_page_show_linked     (LdRegistrationCardPage *self,
                                                       const char             *number,
                                                       const char             *message,
                                                       gint64                  owner_id);
void        ld_registration_card_page_set_owner       (LdRegistrationCardPage *self,
                                                       const char             *number,
                                                       gint64                  owner_id);
void        ld_registration_card_page_hide_card       (LdRegistrationCardPage *self);
/* the owner of the card linked elsewhere, for "Open Owner's Profile"; 0 for none */
gint64      ld_registration_card_page_get_owner_id    (LdRegistrationCardPage *self);
/* the number typed, normalised; NULL with @error when it is not a card number */
char       *ld_registration_card_page_dup_number      (LdRegistrationCardPage *self,
                                                       GError                **error);

/* the phone path's first screen, and the password step: a status page */
#define LD_TYPE_REGISTRATION_NOTICE_PAGE (ld_registration_notice_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationNoticePage, ld_registration_notice_page, LD, REGISTRATION_NOTICE_PAGE, AdwBin)

void        ld_registration_notice_page_set_description (LdRegistrationNoticePage *self,
                                                         const char               *description);

/* the phone's confirmation: send the code (and again after the cool-down), type it, or
 * skip with the right */
#define LD_TYPE_REGISTRATION_PHONE_PAGE (ld_registration_phone_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationPhonePage, ld_registration_phone_page, LD, REGISTRATION_PHONE_PAGE, AdwBin)

void        ld_registration_phone_page_set_phone      (LdRegistrationPhonePage *self,
                                                       const char              *phone);
void        ld_registration_phone_page_set_may_skip   (LdRegistrationPhonePage *self,
                                                       gboolean                 may_skip);
/* whether a code may go now (none went, or the cool-down is over) */
gboolean    ld_registration_phone_page_get_may_resend (LdRegistrationPhonePage *self);
gboolean    ld_registration_phone_page_get_code_sent  (LdRegistrationPhonePage *self);
/* a new code went out: the field is emptied for it and focused */
void        ld_registration_phone_page_code_sent      (LdRegistrationPhonePage *self);
/* the code typed expired: Send Again takes the focus when it can */
void        ld_registration_phone_page_focus_resend   (LdRegistrationPhonePage *self);

#define LD_TYPE_REGISTRATION_VIRTUAL_CARD_PAGE (ld_registration_virtual_card_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationVirtualCardPage, ld_registration_virtual_card_page, LD, REGISTRATION_VIRTUAL_CARD_PAGE, AdwBin)

#define LD_TYPE_REGISTRATION_EMAIL_PAGE (ld_registration_email_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationEmailPage, ld_registration_email_page, LD, REGISTRATION_EMAIL_PAGE, AdwBin)

#define LD_TYPE_REGISTRATION_CONSENT_PAGE (ld_registration_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationConsentPage, ld_registration_consent_page, LD, REGISTRATION_CONSENT_PAGE, AdwBin)

/* what the checks say, for a refusal */
void        ld_registration_consent_page_get_consent  (LdRegistrationConsentPage *self,
                                                       gboolean                  *offer,
                                                       gboolean                  *personal_data);

#define LD_TYPE_REGISTRATION_FORM_PAGE (ld_registration_form_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRegistrationFormPage, ld_registration_form_page, LD, REGISTRATION_FORM_PAGE, AdwBin)

void        ld_registration_form_page_set_fields      (LdRegistrationFormPage *self,
                                                       JsonArray              *fields);

G_END_DECLS
